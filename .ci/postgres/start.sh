#!/usr/bin/env bash
# Starts a private PostgreSQL for the orchestrator's --jdbc-url test, rooted at DIR, on loopback only.
# Usage: eval "$(start.sh DIR | tail -1)"   -> exports BENCHFLEET_TEST_POSTGRES_URL
# Installs Debian's postgresql package when missing. Any failure: reason on stderr, exit non-zero
# (the test is then skipped with its reason printed).
set -euo pipefail
DIR="${1:-/tmp/benchfleet-postgres}"
PORT="${BENCHFLEET_POSTGRES_PORT:-55432}"
log() { echo "postgres: $*" >&2; }
fail() { echo "postgres: FAILED: $*" >&2; exit 1; }

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ]; then
  command -v apt-get >/dev/null 2>&1 || fail "postgresql is missing and apt-get is not available"
  log "installing postgresql with apt-get"
  mkdir -p "$DIR"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >"$DIR.apt.log" 2>&1 \
    || { apt-get update -q >>"$DIR.apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
         --no-install-recommends postgresql >>"$DIR.apt.log" 2>&1; } \
    || fail "apt-get install postgresql failed, see $DIR.apt.log"
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
id postgres >/dev/null 2>&1 || fail "no postgres user to run the server as"

if [ ! -s "$DIR/data/PG_VERSION" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chown postgres "$DIR"
  # trust on loopback only: a throw-away test cluster that listens nowhere else
  runuser -u postgres -- "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >"$DIR/initdb.log" 2>&1 \
    || fail "initdb failed, see $DIR/initdb.log"
fi
if ! runuser -u postgres -- "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR" start >&2 \
    || fail "the server did not start, see $DIR/server.log"
fi
log "ready on 127.0.0.1:$PORT"
echo "export BENCHFLEET_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$PORT/postgres?user=postgres'"
