# Plan-only tests with mocked AWS and TLS providers: no account, no network beyond downloading the providers.
# Needs Terraform >= 1.7:  terraform -chdir=infrastructure/meta init -backend=false && terraform -chdir=infrastructure/meta test
mock_provider "aws" {
  mock_data "aws_vpc" {
    defaults = {
      id = "vpc-0d3fa1c2b4"
    }
  }
  mock_data "aws_subnets" {
    defaults = {
      ids = ["subnet-0b2", "subnet-0a1"]
    }
  }
  mock_data "aws_ssm_parameter" {
    defaults = {
      insecure_value = "ami-0123456789abcdef0"
    }
  }
  mock_resource "aws_eip" {
    defaults = {
      public_ip = "203.0.113.10"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      id  = "benchfleet-orchestrator-20260101000000000000000001"
      arn = "arn:aws:s3:::benchfleet-orchestrator-20260101000000000000000001"
    }
  }
}

mock_provider "tls" {}

variables {
  region           = "eu-west-1"
  orchestrator_jar = "tests/orchestrator.jar"
  admin_api_key    = "test-admin-key-0123456789abcdef0123456789"
}

run "one_small_host_https_only" {
  command = apply

  assert {
    condition     = aws_instance.orchestrator.instance_type == "t3.small"
    error_message = "the default host is a t3.small"
  }
  assert {
    condition     = aws_instance.orchestrator.metadata_options[0].http_tokens == "required"
    error_message = "IMDSv2 must be required"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.https.from_port == 443 && aws_vpc_security_group_ingress_rule.https.to_port == 443
    error_message = "the only inbound rule is 443"
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.ssh) == 0
    error_message = "no SSH unless ssh_cidr is set"
  }
  assert {
    condition     = output.url == "https://203.0.113.10"
    error_message = "the URL is HTTPS on the Elastic IP"
  }
  assert {
    condition     = tls_self_signed_cert.orchestrator.early_renewal_hours == 0 && contains(tls_self_signed_cert.orchestrator.ip_addresses, "203.0.113.10")
    error_message = "the certificate is for the Elastic IP and never renewed early"
  }
  assert {
    condition     = aws_ssm_parameter.api_key.type == "SecureString" && aws_ssm_parameter.tls_key.type == "SecureString"
    error_message = "both secrets are SecureStrings"
  }
  assert {
    condition     = !strcontains(aws_instance.orchestrator.user_data, var.admin_api_key)
    error_message = "the admin key must not be in the user-data"
  }
  assert {
    condition     = aws_instance.orchestrator.tags["benchfleet-component"] == "orchestrator" && aws_instance.orchestrator.tags["benchfleet-managed"] == "true"
    error_message = "tags"
  }
}

run "ssh_only_when_asked" {
  command = plan

  variables {
    ssh_cidr = "203.0.113.7/32"
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.ssh[0].cidr_ipv4 == "203.0.113.7/32"
    error_message = "SSH from ssh_cidr only"
  }
}
