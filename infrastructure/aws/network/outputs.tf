output "vpc_id" {
  description = "Id of the shared VPC (runs find it by its tags, this output is for people)."
  value       = aws_vpc.shared.id
}

output "subnets" {
  description = "Public subnet id per availability zone."
  value       = { for zone, subnet in aws_subnet.public : zone => subnet.id }
}

output "region" {
  description = "Region of this network."
  value       = var.region
}
