#!/usr/bin/env bash
# Builds the NuGet packages into a local folder and prints the lines that use it, until the packages are on nuget.org.
#   scripts/pack.sh [DIR] [--version VERSION]
# DIR: where the .nupkg files go (default: artifacts/feed, git-ignored); created when missing. VERSION: the package
# version (default: the one in Directory.Build.props). Copies of the same version in the NuGet global packages folder
# are removed first, so scripts and projects restore the bits just packed, not a stale cached copy.
# The last lines printed are the ones to use:   #i "nuget: DIR"   and   dotnet nuget add source DIR --name pgrest-local
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

DIR=""
VERSION=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) VERSION="${2:?--version needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "usage: scripts/pack.sh [DIR] [--version VERSION]" >&2; exit 2 ;;
    *) [[ -z $DIR ]] || { echo "usage: scripts/pack.sh [DIR] [--version VERSION]" >&2; exit 2; }; DIR="$1"; shift ;;
  esac
done
DIR="${DIR:-$ROOT/artifacts/feed}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"   # #i "nuget: …" takes an absolute path only

# The packages, in dependency order.
# TODO(issue 14): add src/PgRest.Generator (the `pgrest` dotnet tool) once it packs: on this branch its pack fails
# (NU5019: it has no README.md yet).
PROJECTS=(src/PgRest.Core src/PgRest.FSharp src/PgRest.DependencyInjection)

VERSION_ARG=()
[[ -n $VERSION ]] && VERSION_ARG=(-p:Version="$VERSION")
GLOBAL="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"

packed=()
for project in "${PROJECTS[@]}"; do
  id="$(basename "$project")"
  log="$(mktemp)"
  if ! dotnet pack "$ROOT/$project" -c Release -v quiet -nologo "${VERSION_ARG[@]}" -o "$DIR" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "pack: dotnet pack $project failed" >&2
    exit 1
  fi
  rm -f "$log"
  # The version just packed: the newest file of this id in DIR.
  nupkg="$(ls -t "$DIR/$id".[0-9]*.nupkg | head -n 1)"
  version="$(basename "$nupkg" .nupkg)"
  version="${version#"$id".}"
  lower="$(tr '[:upper:]' '[:lower:]' <<<"$id")"
  [[ -n $GLOBAL && -d "$GLOBAL/$lower/$version" ]] && rm -rf "${GLOBAL:?}/$lower/$version"
  packed+=("$id $version")
done

echo "pack: $(IFS=,; echo "${packed[*]}" | sed 's/,/, /g') in $DIR"
echo "In an F# script (before its #r \"nuget: PgRest.FSharp, $version\"):"
echo "#i \"nuget: $DIR\""
echo "In a project folder (once per machine; then dotnet add package PgRest.Core --version $version):"
echo "dotnet nuget add source $DIR --name pgrest-local"
