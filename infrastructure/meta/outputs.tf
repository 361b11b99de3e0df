output "url" {
  description = "The orchestrator's base URL (HTTPS on the Elastic IP)."
  value       = "https://${aws_eip.orchestrator.public_ip}"
}

output "cert_pem" {
  description = "The orchestrator's self-signed certificate; the master pins its SHA-256 (of the DER bytes)."
  value       = tls_self_signed_cert.orchestrator.cert_pem
}

output "instance_id" {
  description = "The EC2 instance of the host."
  value       = aws_instance.orchestrator.id
}

output "region" {
  description = "Region of the host."
  value       = var.region
}
