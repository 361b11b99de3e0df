#!/usr/bin/env bash
# Stops the PostgreSQL that start.sh started in DIR; idempotent.
DIR="${1:-/tmp/benchfleet-postgres}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$bin" ] && [ -s "$DIR/data/postmaster.pid" ] || exit 0
runuser -u postgres -- "$bin/pg_ctl" -D "$DIR/data" -m fast -w -t 30 stop >&2 || true
