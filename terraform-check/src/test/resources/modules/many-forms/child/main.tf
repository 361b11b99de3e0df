variable "input" {
  type = string
}

output "answer" {
  value = var.input
}
