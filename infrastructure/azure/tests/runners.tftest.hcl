# Plan-only tests with mocked azurerm and tls providers: no subscription, no network beyond downloading the providers.
# Needs Terraform >= 1.7:  terraform -chdir=infrastructure/azure init -backend=false && terraform -chdir=infrastructure/azure test
mock_provider "azurerm" {}

mock_provider "tls" {}

variables {
  subscription_id = "00000000-0000-0000-0000-000000000001"
  region          = "eastus"
  run_id          = "173400000012345678"
  ruby_version    = "3.4.7"
  instances = {
    d2ps = { instance_type = "Standard_D2ps_v5", arch = "arm64", runners = 2, instance_count = 2 }
    f4   = { instance_type = "Standard_F4s_v2", arch = "x86_64", runners = 4, instance_count = 1, spot = true }
  }
  orchestrator_url       = "http://203.0.113.10:8080"
  runner_token           = "test-runner-token-0123456789"
  task_runner_sha256     = "0000000000000000000000000000000000000000000000000000000000000000"
  task_runner_dockerfile = "FROM ruby:3.4.7\n"
}

run "one_vm_per_alias_and_index_in_the_runs_group" {
  command = plan

  assert {
    condition     = length(azurerm_linux_virtual_machine.runner) == 3
    error_message = "expected 2 d2ps + 1 f4 VMs"
  }
  assert {
    condition     = azurerm_resource_group.run.name == "benchfleet-173400000012345678"
    error_message = "one resource group per run, named after it"
  }
  assert {
    condition     = azurerm_linux_virtual_machine.runner["d2ps-2"].size == "Standard_D2ps_v5" && azurerm_linux_virtual_machine.runner["f4-1"].size == "Standard_F4s_v2"
    error_message = "VM sizes per alias"
  }
  assert {
    condition     = azurerm_linux_virtual_machine.runner["d2ps-1"].source_image_reference[0].sku == "server-arm64" && azurerm_linux_virtual_machine.runner["f4-1"].source_image_reference[0].sku == "server"
    error_message = "Ubuntu 24.04 Gen2: the arm64 image for arm64 sizes"
  }
  assert {
    condition     = azurerm_linux_virtual_machine.runner["f4-1"].priority == "Spot" && azurerm_linux_virtual_machine.runner["d2ps-1"].priority == "Regular"
    error_message = "Spot only where the entry asks for it"
  }
  assert {
    condition     = strcontains(base64decode(azurerm_linux_virtual_machine.runner["d2ps-1"].custom_data), "PROVIDER='azure'") && strcontains(base64decode(azurerm_linux_virtual_machine.runner["d2ps-1"].custom_data), "docker.io")
    error_message = "custom_data is the shared boot script with Azure's functions"
  }
  assert {
    condition     = alltrue([for ip in azurerm_public_ip.runner : ip.sku == "Standard" && ip.allocation_method == "Static"])
    error_message = "Standard static public IPs"
  }
  assert {
    condition     = length(azurerm_network_security_rule.ssh_in) == 0
    error_message = "no inbound rule without ssh_cidr"
  }
  assert {
    condition     = length(azurerm_network_security_rule.orchestrator_out) == 1 && azurerm_network_security_rule.orchestrator_out[0].destination_port_range == "8080"
    error_message = "egress to the orchestrator's port"
  }
  assert {
    condition     = alltrue([for vm in azurerm_linux_virtual_machine.runner : vm.tags["benchfleet-run-id"] == "173400000012345678" && vm.tags["benchfleet-managed"] == "true"])
    error_message = "run tags on every VM"
  }
}

run "ssh_cidr_opens_port_22_only_from_there" {
  command = plan

  variables {
    ssh_cidr = "203.0.113.7/32"
  }

  assert {
    condition     = azurerm_network_security_rule.ssh_in[0].source_address_prefix == "203.0.113.7/32" && azurerm_network_security_rule.ssh_in[0].destination_port_range == "22"
    error_message = "SSH only from ssh_cidr"
  }
}
