#!/usr/bin/env bash
# Stops the local test servers recorded in .run/ (PostgREST by PID, PostgreSQL via pg_ctl) and
# removes .run/ so the next start is fresh. Idempotent: does nothing when nothing runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"
PG_BIN=/usr/lib/postgresql/15/bin
# Commands of the server's user start in / (it may not enter the caller's directory: no "could not change directory").
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

[[ -d $RUN ]] || exit 0

if [[ -z ${PGREST_SERVER_LOCK_HELD:-} ]]; then   # server-start.sh holds the lock when it calls us
  mkdir -p "$ROOT/.tools"
  exec 9>"$ROOT/.tools/server.lock"
  flock -w 180 9 || { echo "server-stop: timed out waiting for the lock" >&2; exit 1; }
fi

pids=()
for name in test demo; do
  pid="$(cat "$RUN/$name.pid" 2>/dev/null || true)"
  # only a live process that really is postgrest (guards against PID reuse)
  if [[ -n $pid && "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgrest ]]; then
    kill "$pid" 2>/dev/null && pids+=("$pid") && echo "server-stop: stopping PostgREST ($name, pid $pid)"
  fi
done
for pid in "${pids[@]}"; do   # PostgREST needs ~2 s to shut down gracefully; give it 10 s
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
done

# .run/pgdata is a symlink to the cluster's folder under /tmp (see server-start.sh); postgres gets the real path.
pgdata="$(readlink -f "$RUN/pgdata" 2>/dev/null || true)"
if [[ -n $pgdata && -f $pgdata/postmaster.pid ]] \
   && as_postgres "$PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
  as_postgres "$PG_BIN/pg_ctl" -D "$pgdata" stop -m fast -w -t 30 >/dev/null \
    || as_postgres "$PG_BIN/pg_ctl" -D "$pgdata" stop -m immediate -w -t 10 >/dev/null
  echo "server-stop: stopped PostgreSQL"
fi

# Only a folder server-start.sh made (never whatever else a hand-edited link might point at).
[[ $pgdata == /tmp/pgrest-pgdata.* ]] && rm -rf "$pgdata"
rm -rf "$RUN"
