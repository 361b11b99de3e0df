# The shared network of one region. A long-lived root module of its own: its state lives under
# .benchfleet/networks/aws-<region>/ (not in a run's folder), so runs come and go while the network stays.
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
