locals {
  tags = {
    "benchfleet-managed"   = "true"
    "benchfleet-run-id"    = var.run_id
    "benchfleet-component" = "runner"
  }

  # One entry per VM, keyed "<alias>-<i>", i counting from 1. (flatten() and format() rather than the ...
  # expansion and string templates inside for: the structure tests' HCL parser reads this form.)
  machine_list = flatten([
    for alias, entry in var.instances : [
      for i in range(1, entry.instance_count + 1) : merge(entry, { alias = alias, index = i })
    ]
  ])
  machines = { for m in local.machine_list : format("%s-%d", m.alias, m.index) => m }

  # The orchestrator's port (explicit, else the scheme's): the one egress rule beyond 80 and 443.
  orchestrator_port = try(
    tonumber(regex("^https?://[^/]+:([0-9]+)/?$", var.orchestrator_url)[0]),
    startswith(var.orchestrator_url, "https://") ? 443 : 80
  )

  # Ubuntu 24.04 LTS, Hyper-V generation 2 (v6 sizes boot nothing else), the arm64 build for arm64 sizes.
  image_sku = {
    x86_64 = "server"
    arm64  = "server-arm64"
  }

  # The boot script: one template shared with AWS plus this cloud's shell functions (apt, deallocation).
  # In the repository the template is in ../shared; the copy a run applies (from the provider jar) carries
  # it inside the module, in shared/, because a run's folder holds this module only.
  shared_dir      = fileexists("${path.module}/shared/boot.sh.tftpl") ? "${path.module}/shared" : "${path.module}/../shared"
  boot_template   = "${local.shared_dir}/boot.sh.tftpl"
  cloud_functions = file("${path.module}/boot-cloud.sh")
}

# The run's resource group: the unit of cleanup (nuke deletes it by its benchfleet-run-id tag and waits).
resource "azurerm_resource_group" "run" {
  name     = "benchfleet-${var.run_id}"
  location = var.region

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}" })
}

resource "azurerm_virtual_network" "run" {
  name                = "benchfleet-${var.run_id}"
  location            = azurerm_resource_group.run.location
  resource_group_name = azurerm_resource_group.run.name
  address_space       = ["10.42.0.0/16"]

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}" })
}

resource "azurerm_subnet" "runners" {
  name                 = "runners"
  resource_group_name  = azurerm_resource_group.run.name
  virtual_network_name = azurerm_virtual_network.run.name
  address_prefixes     = ["10.42.1.0/24"]
}

# Azure's default rules allow all outbound traffic and inbound only from the virtual network and the load
# balancer probe. The rules below narrow outbound to 80, 443 and the orchestrator's port; inbound gets
# nothing unless ssh_cidr is set.
resource "azurerm_network_security_group" "runners" {
  name                = "benchfleet-${var.run_id}-runners"
  location            = azurerm_resource_group.run.location
  resource_group_name = azurerm_resource_group.run.name

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}-runners" })
}

# Package mirrors (apt) use plain HTTP; the orchestrator, Docker Hub and ARM (deallocation) HTTPS.
resource "azurerm_network_security_rule" "web_out" {
  for_each = { http = 80, https = 443 }

  name                        = "allow-${each.key}-out"
  description                 = "${each.key} to anywhere (package mirrors, registries, ARM, an orchestrator on 443)"
  priority                    = each.value == 80 ? 100 : 110
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = tostring(each.value)
  source_address_prefix       = "*"
  destination_address_prefix  = "Internet"
  resource_group_name         = azurerm_resource_group.run.name
  network_security_group_name = azurerm_network_security_group.runners.name
}

resource "azurerm_network_security_rule" "orchestrator_out" {
  count = contains([80, 443], local.orchestrator_port) ? 0 : 1

  name                        = "allow-orchestrator-out"
  description                 = "the orchestrator's port"
  priority                    = 120
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = tostring(local.orchestrator_port)
  source_address_prefix       = "*"
  destination_address_prefix  = "Internet"
  resource_group_name         = azurerm_resource_group.run.name
  network_security_group_name = azurerm_network_security_group.runners.name
}

# Everything else outbound to the internet is refused (Azure DNS and the instance metadata endpoint are not
# subject to security rules, so name resolution and managed-identity tokens keep working).
resource "azurerm_network_security_rule" "deny_internet_out" {
  name                        = "deny-internet-out"
  description                 = "no other outbound traffic to the internet"
  priority                    = 4000
  direction                   = "Outbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "Internet"
  resource_group_name         = azurerm_resource_group.run.name
  network_security_group_name = azurerm_network_security_group.runners.name
}

# The only inbound rule there can be, and only when the user asks for SSH.
resource "azurerm_network_security_rule" "ssh_in" {
  count = var.ssh_cidr == null ? 0 : 1

  name                        = "allow-ssh-in"
  description                 = "SSH from ssh_cidr"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = var.ssh_cidr
  destination_address_prefix  = "*"
  resource_group_name         = azurerm_resource_group.run.name
  network_security_group_name = azurerm_network_security_group.runners.name
}

resource "azurerm_subnet_network_security_group_association" "runners" {
  subnet_id                 = azurerm_subnet.runners.id
  network_security_group_id = azurerm_network_security_group.runners.id
}

# The VMs' SSH key, made per run. Its private half is an output (sensitive); the provider writes it 0600
# into the run's folder (terraform/ssh-key.pem), and the state (also 0600) holds it.
resource "tls_private_key" "ssh" {
  algorithm = "RSA"
  rsa_bits  = 4096
}

# Standard SKU, static: Basic public IPs are retired, and a static address is known when the apply ends.
resource "azurerm_public_ip" "runner" {
  for_each = local.machines

  name                = "benchfleet-${var.run_id}-${each.key}"
  location            = azurerm_resource_group.run.location
  resource_group_name = azurerm_resource_group.run.name
  sku                 = "Standard"
  allocation_method   = "Static"

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}-${each.key}" })
}

resource "azurerm_network_interface" "runner" {
  for_each = local.machines

  name                = "benchfleet-${var.run_id}-${each.key}"
  location            = azurerm_resource_group.run.location
  resource_group_name = azurerm_resource_group.run.name

  ip_configuration {
    name                          = "primary"
    subnet_id                     = azurerm_subnet.runners.id
    private_ip_address_allocation = "Dynamic"
    public_ip_address_id          = azurerm_public_ip.runner[each.key].id
  }

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}-${each.key}" })
}

resource "azurerm_linux_virtual_machine" "runner" {
  for_each = local.machines

  name                            = replace(each.key, "/[^0-9A-Za-z-]/", "-")
  computer_name                   = replace(each.key, "/[^0-9A-Za-z-]/", "-")
  location                        = azurerm_resource_group.run.location
  resource_group_name             = azurerm_resource_group.run.name
  size                            = each.value.instance_type
  admin_username                  = "benchfleet"
  disable_password_authentication = true
  network_interface_ids           = [azurerm_network_interface.runner[each.key].id]
  priority                        = each.value.spot ? "Spot" : "Regular"
  eviction_policy                 = each.value.spot ? "Delete" : null
  # Rendered per VM (the same text for every VM of an alias). Kept as one templatefile() call outside any
  # for expression so the structure tests can compare its variables with the template's.
  custom_data = base64encode(templatefile(local.boot_template, {
    cloud_functions        = local.cloud_functions
    provider_name          = "azure"
    run_id                 = var.run_id
    alias                  = each.value.alias
    instance_type          = each.value.instance_type
    runners                = each.value.runners
    ruby_version           = var.ruby_version
    orchestrator_url       = trimsuffix(var.orchestrator_url, "/")
    orchestrator_cert_pem  = var.orchestrator_cert_pem
    runner_token           = var.runner_token
    task_runner_sha256     = var.task_runner_sha256
    task_runner_dockerfile = var.task_runner_dockerfile
    mock                   = var.mock
    debug                  = var.debug
    max_hours              = var.max_hours
  }))

  admin_ssh_key {
    username   = "benchfleet"
    public_key = tls_private_key.ssh.public_key_openssh
  }

  os_disk {
    name                 = "benchfleet-${var.run_id}-${replace(each.key, "/[^0-9A-Za-z-]/", "-")}"
    caching              = "ReadWrite"
    storage_account_type = "StandardSSD_LRS"
    disk_size_gb         = var.os_disk_gb
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = local.image_sku[each.value.arch]
    version   = "latest"
  }

  # The VM deallocates itself when its runners are done (an OS shutdown alone leaves it stopped and billed):
  # its system-assigned identity gets a role on the run's resource group (below).
  identity {
    type = "SystemAssigned"
  }

  # Managed boot diagnostics (no storage account): the serial log Benchfleet saves for a VM that never claims.
  boot_diagnostics {
  }

  tags = merge(local.tags, {
    Name               = "benchfleet-${var.run_id}-${each.key}"
    "benchfleet-alias" = each.value.alias
  })

  timeouts {
    create = "20m"
    delete = "20m"
  }
}

# What the VM's identity may do: manage the VMs of this run's resource group (it only ever deallocates itself).
resource "azurerm_role_assignment" "self_deallocate" {
  for_each = local.machines

  scope                = azurerm_resource_group.run.id
  role_definition_name = "Virtual Machine Contributor"
  principal_id         = azurerm_linux_virtual_machine.runner[each.key].identity[0].principal_id
  principal_type       = "ServicePrincipal"
  description          = "Benchfleet run ${var.run_id}: ${each.key} deallocates itself when its runners are done"
}

locals {
  # What the instances output shows of each VM.
  machine_summary = {
    for key, vm in azurerm_linux_virtual_machine.runner : key => {
      key       = key
      id        = vm.id
      name      = vm.name
      public_ip = vm.public_ip_address
    }
  }
}
