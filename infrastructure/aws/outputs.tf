output "run_id" {
  description = "The run these resources belong to."
  value       = var.run_id
}

output "region" {
  description = "Region of the run's resources (nuke sweeps there)."
  value       = var.region
}

output "security_group_id" {
  description = "The run's security group."
  value       = aws_security_group.runner.id
}

output "instances" {
  description = "Per alias, its machines in order: key (<alias>-<i>), instance id, public IP and availability zone."
  value = {
    for alias, entry in var.instances : alias => [for m in local.machine_list : local.machine_summary[format("%s-%d", m.alias, m.index)] if m.alias == alias]
  }
}
