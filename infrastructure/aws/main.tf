locals {
  tags = {
    "benchfleet-managed"   = "true"
    "benchfleet-run-id"    = var.run_id
    "benchfleet-component" = "runner"
  }

  # One entry per machine, keyed "<alias>-<i>", i counting from 1. (flatten() and format() rather than
  # the ... expansion and string templates inside for: the structure tests' HCL parser reads this form.)
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

  # Zones of the shared network, each with its subnet.
  subnet_by_zone = { for id, subnet in data.aws_subnet.shared : subnet.availability_zone => id }

  # Per instance type: the shared network's zones that offer it, sorted so plans are stable.
  zones_by_type = {
    for type, offerings in data.aws_ec2_instance_type_offerings.zones :
    type => sort([for zone in offerings.locations : zone if contains(keys(local.subnet_by_zone), zone)])
  }

  # Machines of one alias are spread over the zones that offer their type.
  zone_by_machine = {
    for key, m in local.machines : key => (
      length(local.zones_by_type[m.instance_type]) == 0 ? null :
      local.zones_by_type[m.instance_type][(m.index - 1) % length(local.zones_by_type[m.instance_type])]
    )
  }

  # The boot script: one template shared with Azure plus this cloud's small snippet of shell functions.
  # In the repository the template is in ../shared; the copy a run applies (from the provider jar) carries
  # it inside the module, in shared/, because a run's folder holds this module only.
  shared_dir      = fileexists("${path.module}/shared/boot.sh.tftpl") ? "${path.module}/shared" : "${path.module}/../shared"
  boot_template   = "${local.shared_dir}/boot.sh.tftpl"
  cloud_functions = file("${path.module}/boot-cloud.sh")
}

# The shared network of the region (infrastructure/aws/network), found by its tags.
data "aws_vpcs" "shared" {
  tags = {
    "benchfleet-managed"   = "true"
    "benchfleet-component" = "network"
  }

  lifecycle {
    postcondition {
      condition     = length(self.ids) == 1
      error_message = "Expected exactly one Benchfleet network (a VPC tagged benchfleet-component=network) in ${var.region}, found ${length(self.ids)}: [${join(", ", self.ids)}]. Apply infrastructure/aws/network for this region first, or remove the extra networks."
    }
  }
}

data "aws_subnets" "shared" {
  filter {
    name   = "vpc-id"
    values = data.aws_vpcs.shared.ids
  }

  tags = {
    "benchfleet-component" = "network"
  }
}

data "aws_subnet" "shared" {
  for_each = toset(data.aws_subnets.shared.ids)

  id = each.value
}

data "aws_ec2_instance_type_offerings" "zones" {
  for_each = toset([for entry in values(var.instances) : entry.instance_type])

  location_type = "availability-zone"

  filter {
    name   = "instance-type"
    values = [each.value]
  }
}

# Latest Amazon Linux 2023 per architecture, from AWS's public SSM parameters (no AMI name matching).
data "aws_ssm_parameter" "al2023" {
  for_each = toset([for entry in values(var.instances) : entry.arch])

  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${each.value}"
}

resource "aws_security_group" "runner" {
  name        = "benchfleet-${var.run_id}-runner"
  description = "Benchfleet task runners of run ${var.run_id}: no inbound, egress 80/443/orchestrator"
  vpc_id      = data.aws_vpcs.shared.ids[0]

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}-runner" })
}

# Package mirrors (dnf) use plain HTTP or HTTPS; the orchestrator and registries HTTPS.
resource "aws_vpc_security_group_egress_rule" "web" {
  for_each = { http = 80, https = 443 }

  security_group_id = aws_security_group.runner.id
  description       = "${each.key} to anywhere (package mirrors, registries, an orchestrator on 443)"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}-egress-${each.key}" })
}

resource "aws_vpc_security_group_egress_rule" "orchestrator" {
  count = contains([80, 443], local.orchestrator_port) ? 0 : 1

  security_group_id = aws_security_group.runner.id
  description       = "the orchestrator's port"
  ip_protocol       = "tcp"
  from_port         = local.orchestrator_port
  to_port           = local.orchestrator_port
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}-egress-orchestrator" })
}

# The only inbound rule there can be, and only when the user asks for SSH.
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  count = var.ssh_cidr == null ? 0 : 1

  security_group_id = aws_security_group.runner.id
  description       = "SSH from ssh_cidr"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.ssh_cidr

  tags = merge(local.tags, { Name = "benchfleet-${var.run_id}-ssh" })
}

resource "aws_instance" "runner" {
  for_each = local.machines

  ami                                  = data.aws_ssm_parameter.al2023[each.value.arch].insecure_value
  instance_type                        = each.value.instance_type
  subnet_id                            = local.zone_by_machine[each.key] == null ? null : local.subnet_by_zone[local.zone_by_machine[each.key]]
  vpc_security_group_ids               = [aws_security_group.runner.id]
  associate_public_ip_address          = true
  key_name                             = var.ssh_key_name
  instance_initiated_shutdown_behavior = "terminate"
  # Rendered per machine (the same text for every machine of an alias). Kept as one templatefile() call
  # outside any for expression so the structure tests can compare its variables with the template's.
  user_data = templatefile(local.boot_template, {
    cloud_functions        = local.cloud_functions
    provider_name          = "aws"
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
  })
  user_data_replace_on_change = true

  # IMDSv2 only, one hop: processes on the host can read it, containers (one hop further) cannot,
  # so the runner token in user-data stays out of the benchmarks' reach.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_volume_gb
    encrypted             = true
    delete_on_termination = true
    tags                  = merge(local.tags, { Name = "benchfleet-${var.run_id}-${each.key}" })
  }

  dynamic "instance_market_options" {
    for_each = each.value.spot ? [1] : []

    content {
      market_type = "spot"

      spot_options {
        spot_instance_type             = "one-time"
        instance_interruption_behavior = "terminate"
      }
    }
  }

  tags = merge(local.tags, {
    Name               = "benchfleet-${var.run_id}-${each.key}"
    "benchfleet-alias" = each.value.alias
  })

  timeouts {
    create = "15m"
    delete = "15m"
  }

  lifecycle {
    precondition {
      condition     = local.zone_by_machine[each.key] != null
      error_message = "No availability zone of the Benchfleet network in ${var.region} offers ${each.value.instance_type} (alias ${each.value.alias}); pick another type or region."
    }
    postcondition {
      condition     = length(self.user_data) < 16384
      error_message = "The boot script of alias ${each.value.alias} is longer than EC2's 16 KB user-data limit."
    }
  }
}

locals {
  # What the instances output shows of each machine.
  machine_summary = {
    for key, machine in aws_instance.runner : key => {
      key       = key
      id        = machine.id
      public_ip = machine.public_ip
      zone      = machine.availability_zone
    }
  }
}
