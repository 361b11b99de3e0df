# Task runners of one run on Azure. Each run applies this module in its own folder with its own state
# (.benchfleet/runs/<run_id>/azure/terraform/), and everything it makes lives in the run's own resource group.
terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.55"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.1"
    }
  }
}

# azurerm 4.x needs the subscription set explicitly; credentials come from ARM_* or the az login session.
# Providers are registered by the subscription's owner, not by every run (the service principal of a run
# usually may not register them).
provider "azurerm" {
  features {
    resource_group {
      # The group is deleted with whatever is in it: a VM Azure added behind Terraform's back must not keep it alive.
      prevent_deletion_if_contains_resources = false
    }
  }
  subscription_id                 = var.subscription_id
  resource_provider_registrations = "none"
}
