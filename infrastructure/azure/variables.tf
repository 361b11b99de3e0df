variable "subscription_id" {
  description = "Azure subscription of the run (azurerm 4.x needs it set explicitly)."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", var.subscription_id))
    error_message = "subscription_id must be a subscription id (a GUID)."
  }
}

variable "region" {
  description = "Azure region (location) of the run, e.g. eastus."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,39}$", var.region))
    error_message = "region must be an Azure region name such as eastus or westeurope."
  }
}

variable "run_id" {
  description = "The run's id; every resource is tagged with it (benchfleet-run-id) and the resource group is named after it."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z][0-9A-Za-z-]{0,39}$", var.run_id))
    error_message = "run_id must be 1-40 letters, digits or '-' (it becomes part of names and tags)."
  }
}

variable "ruby_version" {
  description = "Ruby version of the runner image: the image is built FROM ruby:<ruby_version>."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+(\\.[0-9]+)?(-[0-9A-Za-z.-]+)?$", var.ruby_version))
    error_message = "ruby_version must look like 3.4 or 3.4.7 (optionally with a -suffix), the tag of a ruby image."
  }
}

variable "instances" {
  description = <<-EOT
    Per alias: VM size, architecture (x86_64 or arm64), runners (containers) per VM, VM count, and whether
    the VMs run with Spot priority.
  EOT
  type = map(object({
    instance_type  = string
    arch           = string
    runners        = number
    instance_count = number
    spot           = optional(bool, false)
  }))

  validation {
    condition     = length(var.instances) > 0
    error_message = "instances must name at least one alias."
  }
  validation {
    condition     = alltrue([for alias, _ in var.instances : can(regex("^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$", alias))])
    error_message = "every alias in instances must be 1-40 letters, digits, '.', '_' or '-'."
  }
  validation {
    condition     = alltrue([for e in values(var.instances) : can(regex("^Standard_[A-Za-z]+[0-9]+(-[0-9]+)?[a-z]*(_v[0-9]+)?$", e.instance_type))])
    error_message = "every instances[*].instance_type must be an Azure VM size such as Standard_D2ps_v5."
  }
  validation {
    condition     = alltrue([for e in values(var.instances) : contains(["x86_64", "arm64"], e.arch)])
    error_message = "every instances[*].arch must be x86_64 or arm64."
  }
  validation {
    condition     = alltrue([for e in values(var.instances) : e.runners >= 1 && e.runners == floor(e.runners) && e.instance_count >= 1 && e.instance_count == floor(e.instance_count)])
    error_message = "every instances[*].runners and instances[*].instance_count must be a whole number >= 1."
  }
}

variable "orchestrator_url" {
  description = "Base URL the runners reach the orchestrator at (http:// or https://, no path)."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/?#@\\s']+/?$", var.orchestrator_url))
    error_message = "orchestrator_url must be http(s)://host[:port] with no path, query or user info."
  }
}

variable "orchestrator_cert_pem" {
  description = "PEM certificate pinned for an https:// orchestrator (curl --cacert); empty for http://."
  type        = string
  default     = ""

  validation {
    condition     = var.orchestrator_cert_pem == "" || startswith(trimspace(var.orchestrator_cert_pem), "-----BEGIN CERTIFICATE-----")
    error_message = "orchestrator_cert_pem must be empty or one PEM certificate (-----BEGIN CERTIFICATE-----)."
  }
}

variable "runner_token" {
  description = "Credential the runners present to the orchestrator (the run-scoped token). Pass it as TF_VAR_runner_token, never in a file. One line of printable characters; the provider checks it before Terraform runs."
  type        = string
  sensitive   = true
  # No validation block on purpose: Terraform 1.11 prints the value of a variable that fails validation,
  # sensitive or not, into its output (and so into the run's log).
}

variable "task_runner_sha256" {
  description = "SHA-256 (hex) of the task-runner.jar the orchestrator serves; the boot script refuses any other jar."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.task_runner_sha256))
    error_message = "task_runner_sha256 must be 64 lower-case hex digits."
  }
}

variable "task_runner_dockerfile" {
  description = "Content of task-runner/Dockerfile: the boot script builds the runner image from it on the VM."
  type        = string

  validation {
    condition     = can(regex("(?m)^FROM ", var.task_runner_dockerfile)) && length(var.task_runner_dockerfile) <= 8192
    error_message = "task_runner_dockerfile must be a Dockerfile (with a FROM line) of at most 8 KiB."
  }
}

variable "mock" {
  description = "Runners run the short mock benchmark instead of ruby-bench."
  type        = bool
  default     = false
}

variable "debug" {
  description = "Debug runners (--debug --no-exit); VMs then never deallocate themselves."
  type        = bool
  default     = false
}

variable "max_hours" {
  description = "Longest life of a runner VM: it deallocates itself after this, whatever happens, unless debug."
  type        = number
  default     = 24

  validation {
    condition     = var.max_hours >= 1 && var.max_hours <= 168 && var.max_hours == floor(var.max_hours)
    error_message = "max_hours must be a whole number of hours from 1 to 168."
  }
}

variable "ssh_cidr" {
  description = "When set, SSH (22/tcp) is allowed from this IPv4 CIDR; otherwise there is no inbound rule at all."
  type        = string
  default     = null

  validation {
    condition     = var.ssh_cidr == null || can(cidrnetmask(var.ssh_cidr))
    error_message = "ssh_cidr must be null or an IPv4 CIDR block such as 203.0.113.7/32."
  }
}

variable "os_disk_gb" {
  description = "Size of each VM's OS disk (Docker images and benchmark work folders live there)."
  type        = number
  default     = 64

  validation {
    condition     = var.os_disk_gb >= 30 && var.os_disk_gb <= 1024
    error_message = "os_disk_gb must be between 30 and 1024."
  }
}
