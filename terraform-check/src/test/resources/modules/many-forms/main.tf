terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.1"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.7, < 4.0"
    }
  }
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

variable "region" {
  type = string
}

variable "names" {
  type    = list(string)
  default = ["a", "b"]
}

variable "rules" {
  type = map(object({
    port = number
    cidr = optional(string, "0.0.0.0/0")
  }))
  default = {}
}

locals {
  upper_names = [for n in var.names : upper(n)]
  by_name     = { for i, n in var.names : n => i }
  tpl_vars    = { name = "x" }
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "tls_private_key" "key" {
  algorithm = "ED25519"
}

resource "aws_key_pair" "k" {
  provider   = aws.west
  key_name   = "k-${random_id.suffix.hex}"
  public_key = tls_private_key.key.public_key_openssh
}

resource "aws_security_group" "sg" {
  name   = "sg"
  vpc_id = null

  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = [rule.value.cidr]
    }
  }

  dynamic "egress" {
    for_each = var.rules
    content {
      from_port   = egress.value.port
      to_port     = egress.value.port
      protocol    = "tcp"
      cidr_blocks = [egress.value.cidr]
    }
  }

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags]
  }
}

resource "aws_instance" "web" {
  count         = length(var.names)
  ami           = "ami-123"
  instance_type = "t3.micro"
  key_name      = aws_key_pair.k.key_name
  user_data     = templatefile("${path.module}/user.tftpl", local.tpl_vars)

  tags = {
    Name  = var.names[count.index]
    Index = count.index
  }

  depends_on = [aws_security_group.sg]

  provisioner "local-exec" {
    command = "echo ${self.public_ip}"
  }
}

output "ips" {
  value = aws_instance.web[*].public_ip
}

output "first" {
  value = try(aws_instance.web[0].private_ip, null)
}

output "names" {
  value = local.upper_names
}

output "by" {
  value = local.by_name
}

output "child" {
  value = module.child.answer
}

output "heredoc" {
  value = <<-EOT
    region ${var.region}
    %{for n in var.names~}
    ${n}
    %{endfor~}
  EOT
}

module "child" {
  source = "./child"
  input  = var.region
}

data "aws_caller_identity" "me" {}

output "account" {
  value = data.aws_caller_identity.me.account_id
}
