# Task runners of one run. Each run applies this module in its own folder with its own state
# (.benchfleet/runs/<run_id>/aws/terraform/), so a new run never replaces an older run's machines.
terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
}

provider "aws" {
  region = var.region
}
