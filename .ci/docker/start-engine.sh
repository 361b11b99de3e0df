#!/usr/bin/env bash
# Starts a private Docker engine for Benchfleet tests and CI, rooted at DIR.
#
# Usage: start-engine.sh [DIR]            (DIR defaults to /tmp/benchfleet-docker)
#        eval "$(start-engine.sh DIR | tail -1)"
#
# Idempotent: installs docker.io / busybox-static with apt-get only when missing, reuses a dockerd that
# already answers on DIR/docker.sock, and builds the offline base image benchfleet/jre-base:17 only once.
# Progress goes to stderr; the LAST stdout line is `export DOCKER_HOST=unix://DIR/docker.sock`.
# On any failure the reason is printed to stderr and the exit code is non-zero (callers then skip Docker).
set -euo pipefail

DIR="${1:-/tmp/benchfleet-docker}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
READY_TIMEOUT_S="${BENCHFLEET_DOCKER_READY_TIMEOUT:-30}"
BASE_TAG="benchfleet/jre-base:17"

log() { echo "start-engine: $*" >&2; }
fail() { echo "start-engine: FAILED: $*" >&2; exit 1; }

case "$DIR" in
  /*) ;;
  *) DIR="$(pwd)/$DIR" ;;
esac
# unix socket paths are limited to ~108 bytes
[ "${#DIR}" -le 80 ] || fail "DIR '$DIR' is too long for a unix socket path (max 80 characters)"

SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
export DOCKER_HOST="unix://$SOCK"

apt_install() {
  # Installs the given Debian packages; only root can, and only where apt-get exists.
  command -v apt-get >/dev/null 2>&1 || fail "'$*' missing and apt-get is not available"
  [ "$(id -u)" -eq 0 ] || fail "'$*' missing and not running as root (cannot apt-get install)"
  local started=$SECONDS
  log "installing $* with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$DIR/apt.log" 2>&1; then
    # The package lists may be missing or stale; refresh once and retry.
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$DIR/apt.log" 2>&1 \
      || fail "apt-get update failed, see $DIR/apt.log"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$DIR/apt.log" 2>&1 \
      || fail "apt-get install $* failed, see $DIR/apt.log"
  fi
  log "installed $* in $((SECONDS - started)) s"
}

engine_answers() {
  timeout 5 docker info --format '{{.ServerVersion}}' >/dev/null 2>&1
}

mkdir -p "$DIR" || fail "cannot create $DIR"

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
# The base image needs a statically linked busybox; Debian's plain `busybox` package is dynamic.
bb="$(command -v busybox 2>/dev/null || echo /bin/busybox)"
if [ ! -x "$bb" ] || ldd "$bb" >/dev/null 2>&1; then missing+=(busybox-static); fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi
command -v dockerd >/dev/null 2>&1 || fail "dockerd still not on PATH after installing docker.io"
command -v docker >/dev/null 2>&1 || fail "docker CLI not on PATH"
grep -qw overlay /proc/filesystems || modprobe overlay >/dev/null 2>&1 || true
grep -qw overlay /proc/filesystems || fail "kernel has no overlay filesystem support (overlay2 storage driver needs it)"
[ "$(id -u)" -eq 0 ] || fail "dockerd needs root (rootless mode is not set up by this script)"

if engine_answers; then
  log "dockerd already answers on $SOCK"
else
  if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    fail "dockerd pid $(cat "$PIDFILE") is alive but does not answer on $SOCK; run stop-engine.sh $DIR first"
  fi
  rm -f "$PIDFILE" "$SOCK"
  mkdir -p "$DIR/exec" "$DIR/data"
  started=$(date +%s%N)
  # Why these flags: a private socket/exec-root/data-root/pidfile so this engine never collides with a system
  # one; overlay2 because vfs copies every layer (~8x slower); no iptables/bridge/forwarding because CI sandboxes
  # forbid touching the host network and containers use --network=host or need no network at all;
  # host-gateway-ip=127.0.0.1 so `--add-host host.docker.internal:host-gateway` reaches a server on loopback.
  # setsid: dockerd must survive this script and not get the caller's terminal signals.
  setsid dockerd \
    -H "unix://$SOCK" \
    --exec-root="$DIR/exec" \
    --data-root="$DIR/data" \
    --pidfile="$PIDFILE" \
    --storage-driver=overlay2 \
    --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
    --bridge=none \
    --host-gateway-ip=127.0.0.1 \
    </dev/null >>"$DIR/dockerd.log" 2>&1 &
  DPID=$!
  deadline=$((SECONDS + READY_TIMEOUT_S))
  until engine_answers; do
    if ! kill -0 "$DPID" 2>/dev/null; then
      echo "--- last lines of $DIR/dockerd.log ---" >&2
      tail -n 15 "$DIR/dockerd.log" >&2 || true
      fail "dockerd exited before answering"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 15 "$DIR/dockerd.log" >&2 || true
      fail "dockerd did not answer on $SOCK within ${READY_TIMEOUT_S} s (still running as pid $DPID; run stop-engine.sh $DIR)"
    fi
    sleep 0.2
  done
  log "dockerd pid $DPID ready in $(( ($(date +%s%N) - started) / 1000000 )) ms (log: $DIR/dockerd.log)"
fi

driver="$(timeout 5 docker info --format '{{.Driver}}' 2>/dev/null || true)"
[ "$driver" = "overlay2" ] || log "warning: storage driver is '$driver', not overlay2"

if timeout 10 docker image inspect --format '{{.Id}}' "$BASE_TAG" >/dev/null 2>&1; then
  log "base image $BASE_TAG present"
else
  started=$(date +%s%N)
  bash "$HERE/make-base-image.sh" "$BASE_TAG" >&2 || fail "building $BASE_TAG failed"
  log "base image $BASE_TAG built in $(( ($(date +%s%N) - started) / 1000000 )) ms"
fi

echo "export DOCKER_HOST=unix://$SOCK"
