locals {
  tags = {
    "benchfleet-managed"   = "true"
    "benchfleet-component" = "network"
  }
  # Sorted so that a zone keeps its subnet (and its CIDR) when AWS lists zones in another order.
  zones = sort(data.aws_availability_zones.usable.names)
}

# Regular zones only: Local Zones and Wavelength Zones need an opt-in and offer few instance types.
data "aws_availability_zones" "usable" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

resource "aws_vpc" "shared" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = "benchfleet-${var.region}" })
}

resource "aws_internet_gateway" "shared" {
  vpc_id = aws_vpc.shared.id

  tags = merge(local.tags, { Name = "benchfleet-${var.region}" })
}

# One public subnet per zone: a run places each instance in a zone that offers its type.
resource "aws_subnet" "public" {
  for_each = { for index, zone in local.zones : zone => index }

  vpc_id                  = aws_vpc.shared.id
  availability_zone       = each.key
  cidr_block              = cidrsubnet(var.vpc_cidr, 24 - tonumber(split("/", var.vpc_cidr)[1]), each.value)
  map_public_ip_on_launch = true

  tags = merge(local.tags, { Name = "benchfleet-${each.key}-public" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.shared.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.shared.id
  }

  tags = merge(local.tags, { Name = "benchfleet-${var.region}-public" })
}

resource "aws_route_table_association" "public" {
  for_each = aws_subnet.public

  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}
