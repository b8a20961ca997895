#!/bin/sh
# Creates the Temporal databases on first start and applies pending schema versions on every start
# (so bumping TEMPORAL_ADMINTOOLS_VERSION upgrades the schema), and the database of helm-ts's shared
# request cache (HELM_CACHE_DATABASE, default helm_cache; helm-ts makes its table). Runs in
# temporalio/admin-tools; scripts/cluster-on-postgres.ts runs it on a local build of the same tools.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
PORT="${DB_PORT:-5432}"
SCHEMA_DIR="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"
CACHE_DB="${HELM_CACHE_DATABASE:-helm_cache}"

sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$PORT" -u "$POSTGRES_USER" --pw "$SQL_PASSWORD" "$@"; }

for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}"
  dir="${db#*:}"
  # `create` fails when the database exists; that is the normal case after the first start.
  sql --db "$name" create 2>/dev/null || echo "database $name exists"
  # setup-schema -v 0.0 only creates the version table; a no-op error once it exists.
  sql --db "$name" setup-schema -v 0.0 2>/dev/null || echo "schema version table of $name exists"
  sql --db "$name" update-schema -d "$SCHEMA_DIR/$dir/versioned"
done
sql --db "$CACHE_DB" create 2>/dev/null || echo "database $CACHE_DB exists"
echo "Temporal schemas are up to date; request cache database $CACHE_DB is there"
