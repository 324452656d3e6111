#!/usr/bin/env bash
# The main job: starts the local PostgreSQL + PostgREST with the demo film database (scripts/server-start.sh)
# and runs the quickstart example against it, printing what it reads. The servers keep running afterwards
# (stop them with scripts/server-stop.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
scripts/server-start.sh
dotnet build src/PgRest.FSharp -v quiet -nologo
dotnet fsi --quiet --exec examples/quickstart.fsx
