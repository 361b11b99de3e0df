variable "region" {
  description = "AWS region of the orchestrator host."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the host (2 vCPUs and 2 GiB are plenty for the orchestrator)."
  type        = string
  default     = "t3.small"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must be an EC2 instance type such as t3.small."
  }
}

variable "architecture" {
  description = "CPU architecture of instance_type: x86_64 or arm64 (chooses the Amazon Linux 2023 image)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "orchestrator_jar" {
  description = "Path of orchestrator.jar on the machine that applies this module; uploaded to the private bucket."
  type        = string
}

variable "admin_api_key" {
  description = "The orchestrator's admin API key. Secret: give it as TF_VAR_admin_api_key, never in a file."
  type        = string
  # No validation block: Terraform prints the value of a variable that fails one, sensitive or not.
  sensitive = true
}

variable "ssh_cidr" {
  description = "Allow SSH (22) from this IPv4 CIDR; null (the default) opens no SSH at all."
  type        = string
  default     = null

  validation {
    condition     = var.ssh_cidr == null || can(cidrhost(var.ssh_cidr, 0))
    error_message = "ssh_cidr must be a CIDR block such as 203.0.113.7/32."
  }
}

variable "ssh_key_name" {
  description = "An existing EC2 key pair for SSH (only useful with ssh_cidr)."
  type        = string
  default     = null
}

variable "subnet_id" {
  description = "Subnet of the host; null (the default) takes a default subnet of the region's default VPC."
  type        = string
  default     = null
}

variable "root_volume_gb" {
  description = "Root volume size in GB; the orchestrator's database and uploads live on it."
  type        = number
  default     = 20

  validation {
    condition     = var.root_volume_gb >= 8 && var.root_volume_gb <= 1024
    error_message = "root_volume_gb must be between 8 and 1024."
  }
}

variable "cert_validity_hours" {
  description = "Validity of the self-signed certificate; long, because masters and runners pin it (default 10 years)."
  type        = number
  default     = 87600
}
