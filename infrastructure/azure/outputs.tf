output "run_id" {
  description = "The run these resources belong to."
  value       = var.run_id
}

output "region" {
  description = "Region of the run's resources."
  value       = var.region
}

output "resource_group" {
  description = "The run's resource group (nuke deletes it and waits until it is gone)."
  value       = azurerm_resource_group.run.name
}

output "instances" {
  description = "Per alias, its VMs in order: key (<alias>-<i>), VM id, name and public IP."
  value = {
    for alias, entry in var.instances : alias => [for m in local.machine_list : local.machine_summary[format("%s-%d", m.alias, m.index)] if m.alias == alias]
  }
}

output "ssh_private_key" {
  description = "Private key of the VMs' admin user (benchfleet); the provider writes it 0600 to the run's folder."
  value       = tls_private_key.ssh.private_key_openssh
  sensitive   = true
}
