locals {
  tags = {
    "benchfleet-managed"   = "true"
    "benchfleet-component" = "orchestrator"
  }

  # The orchestrator's port: HTTPS only, the one inbound rule (besides SSH when asked for).
  port    = 443
  jar_key = "orchestrator.jar"

  # Parameters live under the bucket's unique name, so two hosts in one account never share one.
  parameter_prefix = "/benchfleet/${aws_s3_bucket.artifacts.id}"

  subnet_id = var.subnet_id != null ? var.subnet_id : sort(data.aws_subnets.default[0].ids)[0]
  vpc_id    = var.subnet_id != null ? data.aws_subnet.given[0].vpc_id : data.aws_vpc.default[0].id
}

data "aws_vpc" "default" {
  count = var.subnet_id == null ? 1 : 0

  default = true
}

data "aws_subnets" "default" {
  count = var.subnet_id == null ? 1 : 0

  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default[0].id]
  }

  filter {
    name   = "default-for-az"
    values = ["true"]
  }
}

data "aws_subnet" "given" {
  count = var.subnet_id == null ? 0 : 1

  id = var.subnet_id
}

# Latest Amazon Linux 2023 from AWS's public SSM parameter. A newer image later never replaces the host
# (ignore_changes below): the host and its data live until the user removes them.
data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${var.architecture}"
}

# --- the address and the certificate pinned to it ------------------------------------------------------

resource "aws_eip" "orchestrator" {
  domain = "vpc"

  tags = merge(local.tags, { Name = "benchfleet-orchestrator" })
}

resource "tls_private_key" "orchestrator" {
  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

# Self-signed for the Elastic IP. Long-lived and never renewed early: masters and task runners pin its
# SHA-256, and a new certificate would break every pin. Terraform cannot hash it; the master does.
resource "tls_self_signed_cert" "orchestrator" {
  private_key_pem       = tls_private_key.orchestrator.private_key_pem
  validity_period_hours = var.cert_validity_hours
  early_renewal_hours   = 0
  ip_addresses          = [aws_eip.orchestrator.public_ip]
  allowed_uses          = ["digital_signature", "key_encipherment", "server_auth"]

  subject {
    common_name  = aws_eip.orchestrator.public_ip
    organization = "Benchfleet orchestrator"
  }
}

# --- the jar and the secrets ---------------------------------------------------------------------------

resource "aws_s3_bucket" "artifacts" {
  bucket_prefix = "benchfleet-orchestrator-"
  force_destroy = true

  tags = merge(local.tags, { Name = "benchfleet-orchestrator" })
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# etag = MD5 of the file (true of single-part SSE-S3 objects): a new jar is a new upload.
resource "aws_s3_object" "orchestrator_jar" {
  bucket       = aws_s3_bucket.artifacts.id
  key          = local.jar_key
  source       = var.orchestrator_jar
  etag         = filemd5(var.orchestrator_jar)
  content_type = "application/java-archive"

  tags = local.tags

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.artifacts]
}

resource "aws_ssm_parameter" "api_key" {
  name        = "${local.parameter_prefix}/api-key"
  description = "Benchfleet orchestrator admin API key"
  type        = "SecureString"
  value       = var.admin_api_key

  tags = local.tags
}

resource "aws_ssm_parameter" "tls_key" {
  name        = "${local.parameter_prefix}/tls-key"
  description = "Benchfleet orchestrator TLS private key (PKCS#8 PEM)"
  type        = "SecureString"
  tier        = "Standard"
  value       = tls_private_key.orchestrator.private_key_pem_pkcs8

  tags = local.tags
}

# --- who the host is and what it may read --------------------------------------------------------------

resource "aws_iam_role" "orchestrator" {
  name_prefix = "benchfleet-orchestrator-"
  description = "Benchfleet orchestrator host: reads its jar and its two parameters, nothing else"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })

  tags = local.tags
}

# Exactly the jar object and the two parameters. SecureStrings use the account's aws/ssm key, whose key
# policy already lets SSM decrypt for principals of the account, so no kms statement is needed.
resource "aws_iam_role_policy" "orchestrator" {
  name = "read-orchestrator-artifacts"
  role = aws_iam_role.orchestrator.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Jar"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${aws_s3_bucket.artifacts.arn}/${local.jar_key}"]
      },
      {
        Sid      = "Secrets"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter"]
        Resource = [aws_ssm_parameter.api_key.arn, aws_ssm_parameter.tls_key.arn]
      }
    ]
  })
}

resource "aws_iam_instance_profile" "orchestrator" {
  name_prefix = "benchfleet-orchestrator-"
  role        = aws_iam_role.orchestrator.name

  tags = local.tags
}

# --- network -------------------------------------------------------------------------------------------

resource "aws_security_group" "orchestrator" {
  name_prefix = "benchfleet-orchestrator-"
  description = "Benchfleet orchestrator: HTTPS in from anywhere (TLS pinning and tokens protect it)"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "benchfleet-orchestrator" })
}

# Task runners' addresses are not known in advance: 443 is open to all.
resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.orchestrator.id
  description       = "HTTPS to the orchestrator"
  ip_protocol       = "tcp"
  from_port         = local.port
  to_port           = local.port
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(local.tags, { Name = "benchfleet-orchestrator-https" })
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  count = var.ssh_cidr == null ? 0 : 1

  security_group_id = aws_security_group.orchestrator.id
  description       = "SSH from ssh_cidr"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.ssh_cidr

  tags = merge(local.tags, { Name = "benchfleet-orchestrator-ssh" })
}

# Out: package mirrors (dnf), S3 and SSM endpoints.
resource "aws_vpc_security_group_egress_rule" "web" {
  for_each = { http = 80, https = 443 }

  security_group_id = aws_security_group.orchestrator.id
  description       = "${each.key} to anywhere (dnf mirrors, S3, SSM)"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(local.tags, { Name = "benchfleet-orchestrator-egress-${each.key}" })
}

# --- the host ------------------------------------------------------------------------------------------

resource "aws_instance" "orchestrator" {
  ami                    = data.aws_ssm_parameter.al2023.insecure_value
  instance_type          = var.instance_type
  subnet_id              = local.subnet_id
  vpc_security_group_ids = [aws_security_group.orchestrator.id]
  iam_instance_profile   = aws_iam_instance_profile.orchestrator.name
  key_name               = var.ssh_key_name

  # No secret in here: the jar, the key and the TLS key are fetched with the instance role.
  user_data = templatefile("${path.module}/user-data.sh.tftpl", {
    region            = var.region
    bucket            = aws_s3_bucket.artifacts.id
    jar_key           = local.jar_key
    jar_sha256        = filesha256(var.orchestrator_jar)
    api_key_parameter = aws_ssm_parameter.api_key.name
    tls_key_parameter = aws_ssm_parameter.tls_key.name
    cert_pem          = tls_self_signed_cert.orchestrator.cert_pem
    port              = local.port
    public_url        = "https://${aws_eip.orchestrator.public_ip}"
  })

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_volume_gb
    encrypted             = true
    delete_on_termination = true
    tags                  = merge(local.tags, { Name = "benchfleet-orchestrator" })
  }

  tags = merge(local.tags, { Name = "benchfleet-orchestrator" })

  lifecycle {
    # A newer AMI or boot script never replaces the host and its data behind the user's back. A new jar
    # does replace it, but only the master applies a new jar, and only with --upgrade-orchestrator.
    ignore_changes       = [ami, user_data]
    replace_triggered_by = [aws_s3_object.orchestrator_jar]
  }

  depends_on = [aws_iam_role_policy.orchestrator, aws_s3_object.orchestrator_jar]
}

# Separate from the instance so the certificate (which needs the address) can go into the user-data.
resource "aws_eip_association" "orchestrator" {
  allocation_id = aws_eip.orchestrator.id
  instance_id   = aws_instance.orchestrator.id
}
