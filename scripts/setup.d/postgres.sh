#!/usr/bin/env bash
# packages: postgresql
# PostgreSQL for tests/sinks/test_db.py: a server on 127.0.0.1:5432 (loopback only), role giamsat
# (password giamsat) owning the databases giamsat and giamsat_test. Idempotent; the tests
# skip with a message when no server answers. Another server: set GIAMSAT_TEST_POSTGRES_URL.
# The server it starts keeps running after setup (data in $DATA); `bash scripts/setup.d/postgres.sh stop`
# (as root) stops it. A server of the system's that was running already is used and left alone.
set -euo pipefail

PORT=5432
DATA=${GIAMSAT_PG_DATA:-/tmp/giamsat-postgres}
if [ "${1:-}" = stop ]; then
  BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$BIN" ] && [ -s "$DATA/postmaster.pid" ]; then
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null && echo "postgres: stopped ($DATA)" >&2
  else
    echo "postgres: no server of giamsat's running (nothing in $DATA)" >&2
  fi
  exit 0
fi
if [ -n "${GIAMSAT_TEST_POSTGRES_URL:-}" ]; then
  echo "postgres: GIAMSAT_TEST_POSTGRES_URL is set; using that server" >&2
  exit 0
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ] || ! id postgres >/dev/null 2>&1; then
  echo "postgres: PostgreSQL is not installed; the PostgreSQL tests will skip" >&2
  exit 1
fi
as_postgres() { runuser -u postgres -- "$@"; }

if PGPASSWORD=giamsat psql -h 127.0.0.1 -p "$PORT" -U giamsat -d giamsat_test -tAc 'select 1' >/dev/null 2>&1; then
  echo "postgres: already running on 127.0.0.1:$PORT" >&2
  exit 0
fi

if ! as_postgres "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -s "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    chown postgres:postgres "$DATA"
    chmod 700 "$DATA"
    as_postgres "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  fi
  # loopback only; the socket in the data folder, so no system folder is needed
  as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA" start >/dev/null
  SOCKET=$DATA
else
  # a server we did not start (Debian's own cluster): its socket is in the usual place
  SOCKET=/var/run/postgresql
fi

sql() { as_postgres psql -h "$SOCKET" -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -tAc "$1"; }
if [ "$(sql "select 1 from pg_roles where rolname = 'giamsat'")" != 1 ]; then
  sql "create role giamsat login password 'giamsat' createdb" >/dev/null
fi
for db in giamsat giamsat_test; do
  if [ "$(sql "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    sql "create database $db owner giamsat" >/dev/null
  fi
done
echo "postgres: ready on 127.0.0.1:$PORT (role giamsat, databases giamsat, giamsat_test)" >&2
