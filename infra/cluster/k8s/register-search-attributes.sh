#!/bin/sh
# Registers helm-ts's search attributes (infra/search-attributes.ts: SEARCH_ATTRIBUTES) on a
# namespace, creating the namespace first when CREATE_NAMESPACE=true. Idempotent. Used by
# docker-compose.yml (temporal-search-attributes) and k8s/search-attributes-job.yaml; runs in
# temporalio/admin-tools. Reads helm-worker's variables: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
# TEMPORAL_API_KEY, TEMPORAL_TLS_CERT/KEY/CA.
set -eu
: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS (host:port)}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
ATTRIBUTES="HelmSuite=Keyword HelmModel=Keyword HelmScenario=Keyword HelmStatus=Keyword HelmRunsTotal=Int HelmRunsDone=Int HelmRunsFailed=Int"

# The CLI's own TLS variables have other names, so pass ours as flags.
set -- --address "$TEMPORAL_ADDRESS"
[ -n "${TEMPORAL_API_KEY:-}" ] && set -- "$@" --api-key "$TEMPORAL_API_KEY"
[ -n "${TEMPORAL_TLS_CERT:-}" ] && set -- "$@" --tls-cert-path "$TEMPORAL_TLS_CERT"
[ -n "${TEMPORAL_TLS_KEY:-}" ] && set -- "$@" --tls-key-path "$TEMPORAL_TLS_KEY"
[ -n "${TEMPORAL_TLS_CA:-}" ] && set -- "$@" --tls-ca-path "$TEMPORAL_TLS_CA"
[ "${TEMPORAL_TLS:-}" = "true" ] && set -- "$@" --tls

tries=0
until temporal operator cluster health "$@" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then echo "Temporal at $TEMPORAL_ADDRESS is not healthy" >&2; exit 1; fi
  sleep 2
done

if [ "${CREATE_NAMESPACE:-false}" = "true" ] && ! temporal operator namespace describe --namespace "$NAMESPACE" "$@" >/dev/null 2>&1; then
  temporal operator namespace create --namespace "$NAMESPACE" --retention 30d "$@"
fi

# A namespace just created takes a few seconds to reach the frontend's namespace cache.
tries=0
until existing="$(temporal operator search-attribute list --namespace "$NAMESPACE" "$@" 2>&1)"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 30 ]; then echo "$existing" >&2; exit 1; fi
  sleep 2
done
for pair in $ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  if printf '%s\n' "$existing" | grep -Eq "^[[:space:]]*$name[[:space:]]"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" "$@"
    echo "search attribute $name ($type) created"
  fi
done
