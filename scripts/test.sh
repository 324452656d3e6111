#!/usr/bin/env bash
# The whole test suite: starts the local PostgreSQL + PostgREST (scripts/server-start.sh), builds, runs the
# unit/property tests, the integration tests against the live servers, the C# smoke test, every example (also one
# consuming freshly packed NuGet packages), the compile check of the documentation's code snippets, a smoke run of
# the benchmark harness and the format checks, then stops the servers it started. Ends with "N passed, N failed"
# summed over all runners and exits non-zero on any failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0
failed=0
log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT

pid_before="$(cat .run/test.pid 2>/dev/null || true)"
if ! scripts/server-start.sh; then
  echo "test: the servers did not start" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [[ "$(cat .run/test.pid 2>/dev/null || true)" != "$pid_before" ]]; then
  # This run started the servers: stop them at the end, whatever happens.
  trap 'rm -rf "$log_dir"; scripts/server-stop.sh >/dev/null 2>&1 || true' EXIT
fi

step() { echo; echo "==> $*"; }

# Records one check that is not a test runner (build, example, format check) as passed or failed.
check() {
  local name="$1"; shift
  step "$name"
  if "$@"; then passed=$((passed + 1)); else echo "FAILED: $name" >&2; failed=$((failed + 1)); fi
}

# Runs an Expecto project and adds its counts (from its summary line) to the totals.
expecto() {
  local project="$1"; shift
  local out="$log_dir/$(basename "$project").log"
  step "$project"
  dotnet run --project "$project" --no-build -- --colours 0 --no-spinner "$@" 2>&1 | tee "$out"
  local code=${PIPESTATUS[0]}
  local summary
  summary="$(grep -aE 'tests? run in' "$out" | tail -n 1)"
  if [[ -z $summary ]]; then
    echo "FAILED: $project printed no Expecto summary (exit $code)" >&2
    failed=$((failed + 1))
    return
  fi
  local p f e
  p="$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$summary")"
  f="$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$summary")"
  e="$(sed -E 's/.* ([0-9]+) errored.*/\1/' <<<"$summary")"
  passed=$((passed + p))
  failed=$((failed + f + e))
  if [[ $code -ne 0 && $((f + e)) -eq 0 ]]; then
    echo "FAILED: $project exited $code" >&2
    failed=$((failed + 1))
  fi
}

# Runs a program that ends with its own "N passed, N failed" line and adds the counts to the totals.
counted() {
  local project="$1"
  local out="$log_dir/$(basename "$project").log"
  step "$project"
  dotnet run --project "$project" --no-build 2>&1 | tee "$out"
  local code=${PIPESTATUS[0]}
  local summary
  summary="$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)"
  if [[ -z $summary ]]; then
    echo "FAILED: $project printed no summary (exit $code)" >&2
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$summary")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$summary")))
  if [[ $code -ne 0 && $summary == *", 0 failed"* ]]; then
    echo "FAILED: $project exited $code" >&2
    failed=$((failed + 1))
  fi
}

step "restore tools and build"
dotnet tool restore >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
if ! dotnet build PgRest.sln -v quiet -nologo; then
  echo "0 passed, 1 failed"
  exit 1
fi

expecto tests/PgRest.Tests
expecto tests/PgRest.IntegrationTests
expecto tests/PgRest.GeneratorTests
counted tests/PgRest.CSharpSmoke
counted tests/PgRest.CSharpGenerated

check "example examples/CSharpQuickstart" dotnet run --project examples/CSharpQuickstart --no-build
check "example examples/CSharpGenerated" dotnet run --project examples/CSharpGenerated --no-build

# The packages as users get them: scripts/pack.sh builds them with a fresh version (so the NuGet cache can never
# serve stale bits) into a clean folder, and the consumers use exactly the lines it prints: the package example
# script with its `#i "nuget: …"` line, and an F# application pinned to the lowest FSharp.Core PgRest.FSharp supports
# (examples/package/MinimumFSharpCore, built outside the repository) with its `dotnet nuget add source` line.
package_version="0.1.0-local.$(date +%s)"
package_feed="$log_dir/feed"
pack_packages() {
  local out
  out="$(scripts/pack.sh "$package_feed" --version "$package_version")" || return 1
  echo "$out"
  package_include="$(grep -m 1 '^#i "nuget: ' <<<"$out")"
  package_source="$(grep -m 1 '^dotnet nuget add source ' <<<"$out")"
  [[ -n $package_include && -n $package_source ]] || { echo "pack.sh printed no #i or add source line" >&2; return 1; }
}
package_example() {
  local script="$log_dir/nuget-quickstart.fsx"
  sed -e "s|^#i \"nuget: .*\"|$package_include|" \
      -e "s|^#r \"nuget: PgRest.FSharp, .*\"|#r \"nuget: PgRest.FSharp, $package_version\"|" \
      examples/package/nuget-quickstart.fsx >"$script" \
    && PGREST_DEMO_URL="$(grep '^PGREST_DEMO_URL=' .run/env | cut -d= -f2-)" dotnet fsi --quiet --exec "$script"
}
minimum_fsharp_core() {
  local app="$log_dir/minimum-fsharp-core" minimum
  minimum="$(sed -n 's:.*<PgRestMinimumFSharpCore>\(.*\)</PgRestMinimumFSharpCore>.*:\1:p' Directory.Packages.props)"
  mkdir -p "$app"
  cp examples/package/MinimumFSharpCore/MinimumFSharpCore.fsproj examples/package/MinimumFSharpCore/Program.fs "$app/"
  sed -i -e "s|Include=\"FSharp.Core\" Version=\"[^\"]*\"|Include=\"FSharp.Core\" Version=\"$minimum\"|" \
         -e "s|Include=\"PgRest.FSharp\" Version=\"[^\"]*\"|Include=\"PgRest.FSharp\" Version=\"$package_version\"|" \
         "$app/MinimumFSharpCore.fsproj"
  (
    cd "$app" \
      && dotnet new nugetconfig >/dev/null \
      && $package_source --configfile nuget.config >/dev/null \
      && dotnet build -v quiet -nologo \
      && PGREST_DEMO_URL="$(grep '^PGREST_DEMO_URL=' "$ROOT/.run/env" | cut -d= -f2-)" dotnet run --no-build
  )
}
check "pack the NuGet packages (scripts/pack.sh)" pack_packages
check "example examples/package/nuget-quickstart.fsx (from the packed packages)" package_example
check "F# application pinned to the lowest FSharp.Core, on the packed packages" minimum_fsharp_core

for example in examples/*.fsx; do
  [[ $(basename "$example") == _* ]] && continue   # shared loaders, not examples
  check "example $example" dotnet fsi --quiet --exec "$example"
done

# The documentation's code: every F# and C# block of README.md and docs/guide/*.md, compiled against the built
# libraries (one fsi type-check and one csc, side by side; nothing is run or sent). Errors name file:line:column.
check "documentation snippets compile (scripts/check-docs.fsx)" dotnet fsi --quiet --exec scripts/check-docs.fsx

# The benchmark harness with tiny counts, so it keeps compiling and working (the real run: scripts/bench.sh).
check "benchmark harness smoke run (scripts/bench.sh --smoke)" bash scripts/bench.sh --smoke

# Formatting is part of the contract: Fantomas (pinned in .config/dotnet-tools.json) for F#, dotnet format for C#.
fantomas_check() {
  local dir
  for dir in src/PgRest.FSharp src/PgRest.Generator tests/PgRest.GeneratorTests tests/PgRest.Tests tests/PgRest.IntegrationTests examples benchmarks/PgRest.Benchmarks.FSharpQueries \
    benchmarks/PgRest.BenchReport scripts; do
    dotnet fantomas --check "$dir" || return 1
  done
}
check "F# formatting (fantomas --check)" fantomas_check
check "C# formatting (dotnet format --verify-no-changes)" dotnet format PgRest.sln --verify-no-changes -v quiet

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
