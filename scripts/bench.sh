#!/usr/bin/env bash
# The performance suite of issue 7: micro benchmarks (BenchmarkDotNet, benchmarks/PgRest.Benchmarks) and the load
# harness (benchmarks/PgRest.Load) against a live PostgREST on loopback, then the report.
#   scripts/bench.sh           full run (under 10 minutes on 2 cores): rewrites the generated section of
#                              docs/performance.md and docs/performance.png
#   scripts/bench.sh --smoke   tiny counts (well under 2 minutes), to keep the harness working in CI: writes its
#                              report to artifacts/bench-smoke/ only and leaves docs/ alone
# Raw results and logs go to artifacts/bench-<mode>/. Not run by scripts/test.sh.
# The benchmarks get a PostgREST instance of their own, serving the schema `bench` (benchmarks/bench-schema.sql,
# loaded into the test database), so the shared test instance is neither loaded nor changed; it is stopped on exit.
set -euo pipefail
for v in $(compgen -e | grep '^PGRST_' || true); do unset "$v"; done   # PostgREST reads PGRST_* over its config

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

MODE=full
SMOKE=()
case "${1:-}" in
  "") ;;
  --smoke) MODE=smoke; SMOKE=(--smoke) ;;
  *) echo "usage: scripts/bench.sh [--smoke]" >&2; exit 2 ;;
esac

OUT="$ROOT/artifacts/bench-$MODE"
if [[ $MODE == smoke ]]; then
  DOC="$OUT/performance.md"; PNG="$OUT/performance.png"; TABLE_ROWS=2000
  CONFIG=Debug   # what the test command builds: the smoke run only checks that the harness works
else
  DOC="$ROOT/docs/performance.md"; PNG="$ROOT/docs/performance.png"; TABLE_ROWS=1000000
  CONFIG=Release
fi
rm -rf "$OUT"
mkdir -p "$OUT"
: >"$OUT/build.log"
START=$SECONDS
log() { echo "bench [$((SECONDS - START)) s]: $*"; }
die() { echo "bench: $*" >&2; exit 1; }

# ---- servers, schema, our own PostgREST instance
log "starting the local servers"
scripts/server-start.sh >/dev/null
# shellcheck disable=SC1091
source .run/env
command -v psql >/dev/null || die "psql is needed (it loads the bench schema)"

log "loading the bench schema ($TABLE_ROWS rows in bench.rows; reused when already there)"
psql -X -q -d "$PGREST_PG_URI_TEST" -v rows="$TABLE_ROWS" -f benchmarks/bench-schema.sql

WORK="$(mktemp -d)"
PGRST_PID=""
cleanup() {
  [[ -n $PGRST_PID ]] && kill "$PGRST_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {   # a random port below the ephemeral range that nothing listens on
  local p
  for _ in $(seq 200); do
    p=$((15000 + RANDOM % 17000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port found"
}
DB_URI="$(sed -n 's/^db-uri = //p' "$PGREST_TEST_CONFIG")"
[[ -n $DB_URI ]] || die "no db-uri in $PGREST_TEST_CONFIG"
cat >"$WORK/bench.conf" <<CONF
db-uri = $DB_URI
db-schemas = "bench"
db-anon-role = "anon"
server-host = "127.0.0.1"
log-level = "error"
CONF
PORT="$(free_port)"
PGRST_SERVER_PORT="$PORT" "$PGREST_BIN" "$WORK/bench.conf" </dev/null >"$OUT/postgrest.log" 2>&1 &
PGRST_PID=$!
BENCH_URL="http://127.0.0.1:$PORT"
for _ in $(seq 300); do
  curl -fsS -o /dev/null --max-time 2 "$BENCH_URL/rows?limit=1" 2>/dev/null && break
  kill -0 "$PGRST_PID" 2>/dev/null || { cat "$OUT/postgrest.log" >&2; die "the bench PostgREST exited"; }
  sleep 0.1
done
curl -fsS -o /dev/null --max-time 2 "$BENCH_URL/rows?limit=1" || die "the bench PostgREST did not answer within 30 s"
log "bench PostgREST at $BENCH_URL (pid $PGRST_PID)"

# ---- build (Release for the figures: BenchmarkDotNet refuses unoptimized code unless told otherwise)
log "building the benchmark projects ($CONFIG)"
for project in benchmarks/PgRest.Benchmarks/PgRest.Benchmarks.csproj benchmarks/PgRest.Load/PgRest.Load.csproj \
  benchmarks/PgRest.BenchReport/PgRest.BenchReport.fsproj; do
  dotnet build "$project" -c "$CONFIG" -v quiet -nologo >>"$OUT/build.log" 2>&1 \
    || { tail -n 30 "$OUT/build.log" >&2; die "build of $project failed"; }
done
BIN="$CONFIG/net10.0"

# ---- the machine, as the report states it
{
  echo "mode=$MODE"
  echo "configuration=$CONFIG"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "dotnet_sdk=$(dotnet --version)"
  echo "postgrest=$("$PGREST_BIN" --version 2>&1 | head -n 1)"
  echo "postgresql=$(psql -X -tA -d "$PGREST_PG_URI_TEST" -c 'show server_version')"
  dirty="$(git status --porcelain -- src 2>/dev/null)"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)${dirty:+ + uncommitted changes in src/}"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

# ---- run (every step bounded)
log "micro benchmarks"
timeout 300 dotnet "benchmarks/PgRest.Benchmarks/bin/$BIN/PgRest.Benchmarks.dll" "${SMOKE[@]}" \
  --json "$OUT/micro.json" --artifacts "$OUT/bdn" >"$OUT/micro.log" 2>&1 \
  || { tail -n 40 "$OUT/micro.log" >&2; die "micro benchmarks failed (log: $OUT/micro.log)"; }
grep -A 14 '^| Method' "$OUT/micro.log" || true
# The goal pairs again in two fresh processes: how the JIT lays out and optimizes the code varies from process to
# process (the F# CE's build + render measured 1.01–1.15× the chain's in different processes of one afternoon), so
# the paired rounds of three processes are pooled by the report.
if [[ $MODE == full ]]; then
  for n in 2 3; do
    log "micro: paired rounds, process $n of 3"
    timeout 120 dotnet "benchmarks/PgRest.Benchmarks/bin/$BIN/PgRest.Benchmarks.dll" --paired-only \
      --json "$OUT/micro-paired-$n.json" >>"$OUT/micro.log" 2>&1 \
      || { tail -n 40 "$OUT/micro.log" >&2; die "paired micro rounds failed (log: $OUT/micro.log)"; }
  done
fi

LOAD=(dotnet "benchmarks/PgRest.Load/bin/$BIN/PgRest.Load.dll" --url "$BENCH_URL" --pg-uri "$PGREST_PG_URI_TEST")
log "load: small selects, large results, bulk insert"
timeout 360 "${LOAD[@]}" --phases small,large,bulk "${SMOKE[@]}" --out "$OUT/load.json" 2>&1 | tee "$OUT/load.log" \
  || die "load harness failed (log: $OUT/load.log)"
log "load: peak memory while streaming (own process)"
timeout 240 "${LOAD[@]}" --phases memory "${SMOKE[@]}" --out "$OUT/memory.json" 2>&1 | tee "$OUT/memory.log" \
  || die "memory phase failed (log: $OUT/memory.log)"
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
echo "suite_seconds=$((SECONDS - START))" >>"$OUT/machine.txt"

# ---- report: the generated section of the doc and the chart (benchmarks/PgRest.BenchReport: Perfolizer, ScottPlot)
log "report"
dotnet "benchmarks/PgRest.BenchReport/bin/$BIN/PgRest.BenchReport.dll" --results "$OUT" --doc "$DOC" --png "$PNG"
log "done in $((SECONDS - START)) s: $DOC"
