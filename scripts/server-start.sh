#!/usr/bin/env bash
# Starts (or reuses) the local test servers, loopback only: a throwaway PostgreSQL 15 cluster in .run/
# with databases pgrest_test (db/test-fixture.sql) and pgrest_demo (db/demo.sql), plus two PostgREST
# instances (test, demo) on free 127.0.0.1 ports. Writes .run/env (KEY=VALUE, sourceable).
# Re-running while everything answers is quick and keeps the ports; stale or outdated state is replaced.
set -euo pipefail
# libpq/PostgREST read PG*/PGRST_* from the environment (PGRST_* even overrides the config file):
# start from a clean slate so the caller's environment cannot change the servers.
for v in $(compgen -e | grep '^PG' || true); do unset "$v"; done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"
PG_BIN=/usr/lib/postgresql/15/bin
# Commands of the server's user start in / (it may not enter the caller's directory: no "could not change directory").
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
JWT_SECRET=pgrest-local-test-secret-0123456789abcdef   # HS256, >= 32 chars, local use only
INPUTS=("$ROOT/db/test-fixture.sql" "$ROOT/db/gen-fixture.sql" "$ROOT/db/demo.sql" "$ROOT/scripts/server-start.sh")   # a change forces a fresh start

die() { echo "server-start: $*" >&2; exit 1; }
[[ $ROOT =~ ^[A-Za-z0-9_./-]+$ ]] || die "repo path '$ROOT' must not contain spaces or shell metacharacters (.run/env is unquoted)"

# One start/stop at a time (e.g. several test projects starting in parallel).
# Long-lived children must not inherit fd 9 (they would hold the lock): start them with 9>&-.
mkdir -p "$ROOT/.tools"
exec 9>"$ROOT/.tools/server.lock"
flock -w 300 9 || die "timed out waiting for $ROOT/.tools/server.lock"
export PGREST_SERVER_LOCK_HELD=1   # tells server-stop.sh (called below) not to lock again

PGRST_BIN="$("$ROOT/scripts/install-tools.sh")"   # prints the PostgREST binary path

print_info() {
  echo "test:  $PGREST_TEST_URL"
  echo "demo:  $PGREST_DEMO_URL"
  echo "pg:    $PGREST_PG_URI_TEST"
  echo "env:   $RUN/env"
}
alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
answers() { curl -fsS -o /dev/null --max-time 2 "$1/"; }
inputs_sum() { cat "${INPUTS[@]}" | sha256sum | cut -d" " -f1; }

# ---- warm path: everything recorded is alive, answering and built from the current fixtures + this script
if [[ -f $RUN/env ]]; then
  # shellcheck disable=SC1091
  source "$RUN/env"
  if [[ "$(cat "$RUN/inputs.sha256" 2>/dev/null)" == "$(inputs_sum)" ]] \
     && alive "$(head -n1 "$RUN/pgdata/postmaster.pid" 2>/dev/null)" \
     && alive "$(cat "$RUN/test.pid" 2>/dev/null)" && alive "$(cat "$RUN/demo.pid" 2>/dev/null)" \
     && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PGREST_PG_PORT" -t 2 \
     && answers "$PGREST_TEST_URL" 2>/dev/null && answers "$PGREST_DEMO_URL" 2>/dev/null; then
    print_info
    exit 0
  fi
  echo "server-start: stale or outdated state in .run/, starting fresh" >&2
fi
"$ROOT/scripts/server-stop.sh" >/dev/null   # kills whatever is recorded, removes .run/

# ---- cold path
USED_PORTS=" "
free_port() {   # VAR: random port below the ephemeral range that nothing listens on and we have not used
  local p
  for _ in $(seq 200); do
    p=$((15000 + RANDOM % 17000))
    [[ $USED_PORTS == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then USED_PORTS+="$p "; printf -v "$1" %s "$p"; return; fi
  done
  die "no free port found"
}
fail() {
  echo "server-start: $*" >&2
  for f in "$RUN/pgdata/postgres.log" "$RUN/test.log" "$RUN/demo.log"; do
    [[ -f $f ]] && { echo "--- tail $f" >&2; tail -n 30 "$f" >&2; }
  done
  echo "server-start: state left in .run/ for inspection; scripts/server-stop.sh (or the next start) cleans it" >&2
  exit 1
}

mkdir -p "$RUN"
chmod 755 "$RUN"
# The cluster's files live outside the clone, in a fresh folder of /tmp owned by postgres: the server runs as
# postgres, which cannot enter a clone under a 0700 folder (root's home on Debian, any `mktemp -d`). .run/pgdata is a
# symlink to it for root's own reads (logs, postmaster.pid); commands run as postgres get the real path.
PGDATA="$(mktemp -d /tmp/pgrest-pgdata.XXXXXXXX)"
chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"
ln -sfn "$PGDATA" "$RUN/pgdata"
as_postgres test -w "$PGDATA" || die "user postgres cannot write $PGDATA"

free_port PG_PORT
as_postgres "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$RUN/initdb.log" 2>&1 || { cat "$RUN/initdb.log" >&2; die "initdb failed"; }
cat >>"$PGDATA/postgresql.conf" <<CONF

# --- PgRest throwaway test cluster (scripts/server-start.sh)
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/postgres.log" -w -t 30 start >/dev/null 9>&- \
  || fail "PostgreSQL did not start"

psql_su() { PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
  -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
psql_su -d postgres -c 'create database pgrest_test' -c 'create database pgrest_demo'
psql_su -d pgrest_test -f "$ROOT/db/test-fixture.sql" >/dev/null || fail "loading db/test-fixture.sql failed"
psql_su -d pgrest_test -f "$ROOT/db/gen-fixture.sql" >/dev/null || fail "loading db/gen-fixture.sql failed"
psql_su -d pgrest_demo -f "$ROOT/db/demo.sql" >/dev/null || fail "loading db/demo.sql failed"

# PostgREST config files. server-port is deliberately absent: pass PGRST_SERVER_PORT (env wins over the file).
cat >"$RUN/test.conf" <<CONF
# PostgREST config of the TEST instance. Start another instance with:
#   PGRST_SERVER_PORT=<free port> \$PGREST_BIN \$PGREST_TEST_CONFIG
db-uri = "postgres://authenticator:authpass@127.0.0.1:$PG_PORT/pgrest_test"
db-schemas = "api,v2,gen,gen_b"
db-anon-role = "anon"
jwt-secret = "$JWT_SECRET"
db-tx-end = "commit-allow-override"
db-plan-enabled = true
db-aggregates-enabled = true
server-host = "127.0.0.1"
log-level = "info"
CONF
cat >"$RUN/demo.conf" <<CONF
# PostgREST config of the DEMO instance (read-only film database). Needs PGRST_SERVER_PORT.
# Prefer: tx=rollback is allowed so the examples can show writes without changing the data.
db-uri = "postgres://authenticator:authpass@127.0.0.1:$PG_PORT/pgrest_demo"
db-schemas = "demo"
db-anon-role = "demo_anon"
db-tx-end = "commit-allow-override"
db-aggregates-enabled = true
server-host = "127.0.0.1"
log-level = "warn"
CONF

start_pgrst() {   # name port
  PGRST_SERVER_PORT="$2" setsid "$PGRST_BIN" "$RUN/$1.conf" </dev/null >"$RUN/$1.log" 2>&1 9>&- &
  echo $! >"$RUN/$1.pid"
}
free_port TEST_PORT
free_port DEMO_PORT
start_pgrst test "$TEST_PORT"
start_pgrst demo "$DEMO_PORT"

cat >"$RUN/env" <<ENV
PGREST_TEST_URL=http://127.0.0.1:$TEST_PORT
PGREST_DEMO_URL=http://127.0.0.1:$DEMO_PORT
PGREST_JWT_SECRET=$JWT_SECRET
PGREST_PG_PORT=$PG_PORT
PGREST_PG_URI_TEST=postgres://postgres@127.0.0.1:$PG_PORT/pgrest_test
PGREST_BIN=$PGRST_BIN
PGREST_TEST_CONFIG=$RUN/test.conf
ENV
source "$RUN/env"

deadline=$((SECONDS + 30))
while ((SECONDS < deadline)); do
  alive "$(cat "$RUN/test.pid")" || fail "PostgREST (test) exited"
  alive "$(cat "$RUN/demo.pid")" || fail "PostgREST (demo) exited"
  if answers "$PGREST_TEST_URL" 2>/dev/null && answers "$PGREST_DEMO_URL" 2>/dev/null; then
    inputs_sum >"$RUN/inputs.sha256"
    print_info
    exit 0
  fi
  sleep 0.1
done
fail "PostgREST did not answer within 30 s"
