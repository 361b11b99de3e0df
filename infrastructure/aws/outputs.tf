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
  description = "Per alias, its machines in order: key, instance id, public IP and availability zone."
  value = {
    for alias, entry in var.instances : alias => [
      for i in range(1, entry.instance_count + 1) : {
        key       = "${alias}-${i}"
        id        = aws_instance.runner["${alias}-${i}"].id
        public_ip = aws_instance.runner["${alias}-${i}"].public_ip
        zone      = aws_instance.runner["${alias}-${i}"].availability_zone
      }
    ]
  }
}
