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
  # The SDK pins of crfm-helm 0.5.16's extras (openai, anthropic, google: genai and aiplatform, mistral, together,
  # amazon, writer, reka; tiktoken from openai for Reka's tokenizer).
  "$CLIENTS_VENV/bin/pip" install -q "openai~=2.8" "anthropic~=0.41" "websocket-client~=1.3" \
    "google-genai~=1.48" "google-cloud-aiplatform~=1.48" "mistralai~=1.1" "together~=1.1" \
    "boto3~=1.34" "botocore~=1.34" "writerai~=4.0" "reka-api~=2.0" "tiktoken~=0.7"
fi
# A venv made before the Vertex AI cases lacks the vertexai SDK; one made before the Bedrock cases lacks boto3.
"$CLIENTS_VENV/bin/python" -c 'import vertexai' 2>/dev/null || "$CLIENTS_VENV/bin/pip" install -q "google-cloud-aiplatform~=1.48"
"$CLIENTS_VENV/bin/python" -c 'import boto3' 2>/dev/null || "$CLIENTS_VENV/bin/pip" install -q "boto3~=1.34" "botocore~=1.34"
# AI21, Cohere and Aleph Alpha (extras cohere and aleph-alpha; 0.5.16's `ai21` extra pins nothing, so
# the newest ai21, without its deps: it pins tenacity<9, which would downgrade the venv's tenacity 9).
if ! "$CLIENTS_VENV/bin/python" -c 'import cohere, aleph_alpha_client, ai21' 2>/dev/null; then
  "$CLIENTS_VENV/bin/pip" freeze | grep -v -i -E '^(ai21|ai21-tokenizer|cohere|aleph-alpha-client)==' > "${TMPDIR:-/tmp}/clients-venv-constraints.txt"
  "$CLIENTS_VENV/bin/pip" install -q -c "${TMPDIR:-/tmp}/clients-venv-constraints.txt" "cohere~=5.3" "aleph-alpha-client~=2.14" "ai21-tokenizer"
  "$CLIENTS_VENV/bin/pip" install -q --no-deps "ai21==4.3.0"
fi
# A venv made before the Writer and Reka cases lacks their SDKs (installed without changing what is there).
if ! "$CLIENTS_VENV/bin/python" -c 'import writerai, reka, tiktoken' 2>/dev/null; then
  "$CLIENTS_VENV/bin/pip" freeze | grep -viE '^(writerai|writer-sdk|reka-api|tiktoken)==' > "${TMPDIR:-/tmp}/clients-venv-constraints.txt"
  "$CLIENTS_VENV/bin/pip" install -q -c "${TMPDIR:-/tmp}/clients-venv-constraints.txt" "writerai~=4.0" "reka-api~=2.0" "tiktoken~=0.7"
fi
# tiktoken's rank files (Reka's cl100k_base tokenizer) from the js-tiktoken package: no download.
HELM_TIKTOKEN_RANKS="$(mktemp -d)"
trap 'rm -rf "$HELM_TIKTOKEN_RANKS"' EXIT
node "$SCRIPT_DIR/tiktoken-ranks.js" "$HELM_TIKTOKEN_RANKS" 2>/dev/null
export HELM_TIKTOKEN_RANKS
# ibm-watsonx-ai (crfm-helm[ibm]: ~=1.2) pins httpx<0.29 and pandas<2.4 against the other SDKs, so it is
# not installed: its wheel is only downloaded, for the parameter classes HELM's ibm_client uses.
WATSONX_DIR="$(mktemp -d)"
trap 'rm -rf "$HELM_TIKTOKEN_RANKS" "$WATSONX_DIR"' EXIT
"$CLIENTS_VENV/bin/pip" download -q --no-deps -d "$WATSONX_DIR" "ibm-watsonx-ai~=1.2"
HELM_WATSONX_WHEEL="$(ls "$WATSONX_DIR"/ibm_watsonx_ai-*.whl)"
export HELM_WATSONX_WHEEL
"$CLIENTS_VENV/bin/python" "$SCRIPT_DIR/client-requests-golden.py" "$REPO_ROOT/test/fixtures/models/client-requests-golden.json"
