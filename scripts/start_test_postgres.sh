#!/usr/bin/env bash
# Start a private PostgreSQL cluster on 127.0.0.1 for the warehouse tests and print the URL to use.
# Installs Debian's postgresql when it is missing. Fails loudly: CI must never skip the PG tests.
set -euo pipefail
PORT="${SPBE_PG_PORT:-55432}"
DIR="${SPBE_PG_DIR:-/tmp/spbe-pg}"

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "installing postgresql from Debian packages..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

run_as_postgres() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

if [ -f "$DIR/postmaster.pid" ] && run_as_postgres "$bindir/pg_ctl -D $DIR status" >/dev/null 2>&1; then
  echo "postgresql already running in $DIR" >&2
else
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$DIR"
  run_as_postgres "$bindir/initdb -D $DIR -U postgres --auth=trust -E UTF8 >/dev/null"
  run_as_postgres "$bindir/pg_ctl -D $DIR -l $DIR/server.log -o '-c listen_addresses=127.0.0.1 -p $PORT -k $DIR' -w start >/dev/null" \
    || { cat "$DIR/server.log" >&2; echo "FATAL: postgresql did not start" >&2; exit 1; }
fi
# Prove it answers before anyone relies on it.
"$bindir/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAtc "select 1" >/dev/null \
  || { echo "FATAL: postgresql is not answering on 127.0.0.1:$PORT" >&2; exit 1; }
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
