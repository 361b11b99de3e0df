# Azure (Ubuntu 24.04) part of the Benchfleet boot script: how Docker is installed and how the VM goes away.
# Plain shell, no template placeholders; the shared template calls these functions.
#
# An OS shutdown leaves an Azure VM stopped but still billed, so the VM deallocates itself through ARM with
# its system-assigned managed identity (a role on the run's resource group), the token from the instance
# metadata endpoint. Test hooks (unset on a real VM): BENCHFLEET_AZURE_IMDS and BENCHFLEET_AZURE_ARM replace
# http://169.254.169.254 and https://management.azure.com.
AZURE_IMDS="$(printenv BENCHFLEET_AZURE_IMDS || echo http://169.254.169.254)"
AZURE_ARM="$(printenv BENCHFLEET_AZURE_ARM || echo https://management.azure.com)"

# Docker from Ubuntu's own archive (docker.io), and no OS upgrade (it costs a minute and changes nothing the
# benchmark needs). The package lists of a fresh image are empty, hence the update.
install_docker() {
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3; do
    apt-get update -q && apt-get install -y -q --no-install-recommends docker.io && return 0
    log "apt-get attempt $attempt failed"
    sleep 10
  done
  return 1
}

start_docker() {
  systemctl enable --now docker
}

imds() {
  curl -fsS --retry 5 --retry-delay 2 --max-time 20 -H Metadata:true "$AZURE_IMDS$1"
}

# POST .../virtualMachines/<me>/deallocate as the VM's own identity. The bearer token goes to curl in a
# root-only header file, never on a command line.
deallocate_self() {
  compute="/metadata/instance/compute"
  subscription="$(imds "$compute/subscriptionId?api-version=2021-02-01&format=text")" || return 1
  group="$(imds "$compute/resourceGroupName?api-version=2021-02-01&format=text")" || return 1
  vm="$(imds "$compute/name?api-version=2021-02-01&format=text")" || return 1
  token="$(imds "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F" \
    | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')"
  [ -n "$token" ] || return 1
  headers="$STATE/arm-headers"
  (umask 077 && printf 'Authorization: Bearer %s\n' "$token" >"$headers")
  log "deallocating $vm (resource group $group)"
  curl -fsS --retry 5 --retry-delay 5 --retry-all-errors --max-time 60 -X POST -H "@$headers" -H 'Content-Length: 0' \
    "$AZURE_ARM/subscriptions/$subscription/resourceGroups/$group/providers/Microsoft.Compute/virtualMachines/$vm/deallocate?api-version=2024-07-01"
  result=$?
  rm -f "$headers"
  return "$result"
}

# Deallocation stops the billing; if it cannot be had, at least stop the OS (and say so in the log).
power_off_now() {
  deallocate_self && return 0
  log "WARNING: deallocation through ARM failed; shutting the OS down (the VM stays allocated and billed until nuke)"
  shutdown -h now
}

# Scheduled by systemd, so it happens even if this script and every runner are long gone: the timer runs this
# very script again with --power-off.
power_off_in_minutes() {
  systemd-run --unit="benchfleet-power-off-$1m" --on-active="$1m" /bin/bash "$0" --power-off
}
