# The long-lived orchestrator host of one AWS region (cloud.md A4). Benchfleet applies this module in
# .benchfleet/orchestrators/aws-<region>/ (its own state, outside every run) and reuses it for later runs.
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
  }
}

provider "aws" {
  region = var.region
}
