# AWS (Amazon Linux 2023) part of the Benchfleet boot script: how Docker is installed and how the machine
# goes away. Plain shell, no template placeholders; the shared template calls these functions.

# Docker from the distribution's own repository, and no OS upgrade (it costs a minute and changes nothing
# the benchmark needs).
install_docker() {
  dnf install -y docker
}

start_docker() {
  systemctl enable --now docker
}

# The instance is launched with instance_initiated_shutdown_behavior = "terminate": powering off the OS
# terminates it, so nothing keeps billing.
power_off_now() {
  shutdown -h now
}

# Scheduled by systemd, so it happens even if this script and every runner are long gone.
power_off_in_minutes() {
  shutdown -h "+$1"
}
