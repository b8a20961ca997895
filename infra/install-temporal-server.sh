#!/usr/bin/env bash
# Yields the full Temporal server (not the CLI's dev server) and its SQL schema tool, built with
# `go install` through the Go module proxy, for scripts/cluster-on-postgres.ts (opt-in, not CI).
# Prints three lines: the server binary, the temporal-sql-tool binary, the PostgreSQL schema folder.
#   bash infra/install-temporal-server.sh
# go.temporal.io/server v1.31.0 (the version infra/cluster pins) has no replace directive in its
# go.mod, so `go install <module>/cmd/...@v1.31.0` works; it needs Go >= 1.26.2 and compiles for
# a long time, once (about 75 minutes on this project's shared 2-core machine). The schema files
# come with the module's source in Go's module cache.
set -euo pipefail

VERSION="${TEMPORAL_SERVER_VERSION:-1.31.0}"
CACHE_DIR="${HELM_TS_CACHE:-$HOME/.cache/helm-ts}/temporal-server/v${VERSION}"
say() { echo "[install-temporal-server] $*" >&2; }

command -v go >/dev/null 2>&1 || { say "Go is needed (go install through the module proxy)"; exit 1; }
if [ ! -x "$CACHE_DIR/server" ] || [ ! -x "$CACHE_DIR/sql" ]; then
  mkdir -p "$CACHE_DIR"
  say "building go.temporal.io/server v${VERSION} (server and sql tool) into $CACHE_DIR"
  GOBIN="$CACHE_DIR" go install "go.temporal.io/server/cmd/server@v${VERSION}" "go.temporal.io/server/cmd/tools/sql@v${VERSION}" >&2
fi
module_dir="$(go mod download -json "go.temporal.io/server@v${VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
schema="$module_dir/schema/postgresql/v12"
[ -d "$schema/temporal/versioned" ] || { say "no PostgreSQL schema in $module_dir"; exit 1; }
echo "$CACHE_DIR/server"
echo "$CACHE_DIR/sql"
echo "$schema"
