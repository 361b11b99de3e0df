# Plan-only tests with a mocked AWS provider: no account, no network beyond downloading the provider.
# Needs Terraform >= 1.7:  terraform -chdir=infrastructure/aws init -backend=false && terraform -chdir=infrastructure/aws test
mock_provider "aws" {
  mock_data "aws_vpcs" {
    defaults = {
      ids = ["vpc-0b3c4f1e2d"]
    }
  }
  mock_data "aws_subnets" {
    defaults = {
      ids = ["subnet-0a1"]
    }
  }
  mock_data "aws_subnet" {
    defaults = {
      availability_zone = "us-east-1a"
    }
  }
  mock_data "aws_ec2_instance_type_offerings" {
    defaults = {
      locations = ["us-east-1a", "us-east-1b"]
    }
  }
  mock_data "aws_ssm_parameter" {
    defaults = {
      insecure_value = "ami-0123456789abcdef0"
    }
  }
}

variables {
  region       = "us-east-1"
  run_id       = "173400000012345678"
  ruby_version = "3.4.7"
  instances = {
    c7g = { instance_type = "c7g.medium", arch = "arm64", runners = 1, instance_count = 4 }
    c7i = { instance_type = "c7i.xlarge", arch = "x86_64", runners = 2, instance_count = 2, spot = true }
  }
  orchestrator_url       = "http://203.0.113.10:8080"
  runner_token           = "test-runner-token-0123456789"
  task_runner_sha256     = "0000000000000000000000000000000000000000000000000000000000000000"
  task_runner_dockerfile = "FROM ruby:3.4.7\n"
}

run "one_machine_per_alias_and_index" {
  command = plan

  assert {
    condition     = length(aws_instance.runner) == 6
    error_message = "expected 4 c7g + 2 c7i machines"
  }
  assert {
    condition     = aws_instance.runner["c7g-4"].instance_type == "c7g.medium" && aws_instance.runner["c7i-2"].instance_type == "c7i.xlarge"
    error_message = "instance types per alias"
  }
  assert {
    condition     = alltrue([for m in aws_instance.runner : m.instance_initiated_shutdown_behavior == "terminate"])
    error_message = "an OS shutdown must terminate the instance"
  }
  assert {
    condition     = alltrue([for m in aws_instance.runner : m.metadata_options[0].http_tokens == "required" && m.metadata_options[0].http_put_response_hop_limit == 1])
    error_message = "IMDSv2 with hop limit 1"
  }
  assert {
    condition     = alltrue([for m in aws_instance.runner : m.root_block_device[0].volume_type == "gp3"])
    error_message = "gp3 root volumes"
  }
  assert {
    condition     = alltrue([for m in aws_instance.runner : m.tags["benchfleet-run-id"] == "173400000012345678" && m.tags["benchfleet-managed"] == "true" && m.tags["benchfleet-component"] == "runner"])
    error_message = "runner tags"
  }
  assert {
    condition     = length(aws_instance.runner["c7i-1"].instance_market_options) == 1 && length(aws_instance.runner["c7g-1"].instance_market_options) == 0
    error_message = "spot only where the entry asks for it"
  }
  assert {
    condition     = strcontains(aws_instance.runner["c7i-1"].user_data, "INSTANCE_TYPE='c7i.xlarge'") && strcontains(aws_instance.runner["c7i-1"].user_data, "RUNNERS='2'")
    error_message = "the boot script carries the alias's type and runner count"
  }
  assert {
    condition     = aws_instance.runner["c7g-1"].ami == "ami-0123456789abcdef0"
    error_message = "AMI from the SSM parameter"
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.ssh) == 0
    error_message = "no inbound rule without ssh_cidr"
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.web["http"].from_port == 80 && aws_vpc_security_group_egress_rule.web["https"].to_port == 443
    error_message = "egress to 80 and 443"
  }
  assert {
    condition     = length(aws_vpc_security_group_egress_rule.orchestrator) == 1 && aws_vpc_security_group_egress_rule.orchestrator[0].from_port == 8080
    error_message = "egress to the orchestrator's port"
  }
}

run "ssh_only_when_asked" {
  command = plan

  variables {
    ssh_cidr = "198.51.100.7/32"
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.ssh) == 1 && aws_vpc_security_group_ingress_rule.ssh[0].cidr_ipv4 == "198.51.100.7/32"
    error_message = "SSH from ssh_cidr only"
  }
}

run "https_orchestrator_needs_no_extra_port" {
  command = plan

  variables {
    orchestrator_url = "https://203.0.113.10"
  }

  assert {
    condition     = length(aws_vpc_security_group_egress_rule.orchestrator) == 0
    error_message = "443 is already open"
  }
}

run "type_not_offered_in_any_zone" {
  command = plan

  override_data {
    target = data.aws_ec2_instance_type_offerings.zones
    values = {
      locations = ["us-east-1f"]
    }
  }

  expect_failures = [aws_instance.runner]
}

run "bad_architecture" {
  command = plan

  variables {
    instances = {
      x = { instance_type = "c7g.medium", arch = "aarch64", runners = 1, instance_count = 1 }
    }
  }

  expect_failures = [var.instances]
}
