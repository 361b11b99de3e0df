#!/usr/bin/env bash
# Stops the dockerd started by start-engine.sh DIR and cleans up what the kernel keeps behind.
#
# Usage: stop-engine.sh [DIR]   (DIR defaults to /tmp/benchfleet-docker)
# Idempotent: no pidfile / dead pid / nothing mounted are all fine. DIR itself (images, logs) is kept so the
# next start is fast; delete it with `rm -rf DIR` after this script if you want a clean slate.
set -uo pipefail

DIR="${1:-/tmp/benchfleet-docker}"
GRACE_S="${BENCHFLEET_DOCKER_STOP_TIMEOUT:-20}"
PIDFILE="$DIR/dockerd.pid"

log() { echo "stop-engine: $*" >&2; }

if [ -s "$PIDFILE" ]; then
  pid="$(cat "$PIDFILE")"
  # Only signal the pid if it really is a dockerd (pidfiles can be stale and pids reused).
  if kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "dockerd" ]; then
    log "stopping dockerd pid $pid (TERM, KILL after ${GRACE_S} s)"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + GRACE_S))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd pid $pid ignored TERM; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
  else
    log "no running dockerd for pidfile $PIDFILE"
  fi
  rm -f "$PIDFILE"
else
  log "no pidfile at $PIDFILE; nothing to stop"
fi

# containerd shims normally exit with the daemon; a KILLed daemon can leave them behind. Only shims whose
# command line names this DIR are touched.
for p in $(pgrep -f "containerd-shim.*$DIR/" 2>/dev/null || true); do
  log "killing leftover containerd-shim pid $p"
  kill -KILL "$p" 2>/dev/null || true
done

# Unmount deepest first: network namespaces (nsfs) under exec-root, overlay layers and shm under data-root.
if [ -d "$DIR" ]; then
  mounts="$(awk -v d="$DIR/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r)"
  for m in $mounts; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
  done
fi
rm -f "$DIR/docker.sock"
log "stopped (state kept in $DIR)"
exit 0
