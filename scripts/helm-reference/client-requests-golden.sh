#!/usr/bin/env bash
# Regenerate test/fixtures/models/client-requests-golden.json: what Python HELM's own API clients
# send, key and return for canned provider replies (scripts/helm-reference/client-requests-golden.py).
#
# Usage: scripts/helm-reference/client-requests-golden.sh [HELM_VENV] [CLIENTS_VENV]
#   HELM_VENV     virtualenv with crfm-helm==0.5.16 (default $HELM_VENV or /root/.cache/helm-ts/helm-venv)
#   CLIENTS_VENV  a venv layered on HELM_VENV (a .pth file puts HELM_VENV's site-packages on its
#                 path) holding the provider SDKs of HELM's extras, so HELM_VENV itself is left as it
#                 is; made here on first use (PyPI only). Default /root/.cache/helm-ts/helm-clients-venv.
#
# The fake provider runs on 127.0.0.1; nothing reaches a real provider. The output is the same
# file on every run (for the same SDK versions, which it records under "versions").
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
HELM_VENV="${1:-${HELM_VENV:-/root/.cache/helm-ts/helm-venv}}"
CLIENTS_VENV="${2:-/root/.cache/helm-ts/helm-clients-venv}"

[[ -x "$HELM_VENV/bin/python" ]] || { echo "no python in $HELM_VENV/bin" >&2; exit 1; }
if [[ ! -x "$CLIENTS_VENV/bin/python" ]]; then
  "$HELM_VENV/bin/python" -m venv "$CLIENTS_VENV"
  site="$("$HELM_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  own="$("$CLIENTS_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$site" > "$own/helm-venv.pth"
  # The SDK pins of crfm-helm 0.5.16's extras (openai, anthropic, google: genai and aiplatform, mistral, together, amazon).
  "$CLIENTS_VENV/bin/pip" install -q "openai~=2.8" "anthropic~=0.41" "websocket-client~=1.3" \
    "google-genai~=1.48" "google-cloud-aiplatform~=1.48" "mistralai~=1.1" "together~=1.1" "boto3~=1.34" "botocore~=1.34"
fi
# A venv made before the Vertex AI cases lacks the vertexai SDK; one made before the Bedrock cases lacks boto3.
"$CLIENTS_VENV/bin/python" -c 'import vertexai' 2>/dev/null || "$CLIENTS_VENV/bin/pip" install -q "google-cloud-aiplatform~=1.48"
"$CLIENTS_VENV/bin/python" -c 'import boto3' 2>/dev/null || "$CLIENTS_VENV/bin/pip" install -q "boto3~=1.34" "botocore~=1.34"
"$CLIENTS_VENV/bin/python" "$SCRIPT_DIR/client-requests-golden.py" "$REPO_ROOT/test/fixtures/models/client-requests-golden.json"
