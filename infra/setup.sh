#!/usr/bin/env bash
# One command from a fresh clone: install everything `npm test` needs (npm packages, the build, the
# Temporal CLI, Debian's Chromium for the browser tests), then run HELM's tutorial suite (MMLU
# philosophy, simple/model1, 10 instances) on the embedded Temporal dev server.
#   bash infra/setup.sh [--data-mirror DIR] [extra helm-run flags…]
# Scenario data: the canonical download when reachable; otherwise pass --data-mirror (or set
# HELM_DATA_MIRROR) to a folder laid out like shared/data (<dir>/mmlu/{dev,test}/…).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> Installing npm packages and building"
# onnxruntime-node (under @huggingface/transformers) would fetch CUDA files at install time; its CPU
# binaries ship in the npm package.
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund

echo "==> Getting the Temporal CLI (dev server)"
TEMPORAL_CLI_PATH="$(bash infra/install-temporal.sh | tail -n 1)"
export TEMPORAL_CLI_PATH
echo "    $TEMPORAL_CLI_PATH"

echo "==> Chromium (helm-server's browser tests)"
bash infra/install-chromium.sh

echo "==> Running the tutorial suite"
if [ ! -f run_entries.conf ]; then
  echo 'entries: [{description: "mmlu:subject=philosophy,model=simple/model1", priority: 1}]' > run_entries.conf
fi
npx helm-run --conf-paths run_entries.conf --suite v1 --max-eval-instances 10 "$@"
echo "==> Done: outputs in benchmark_output/runs/v1; Temporal UI at http://localhost:8233 (stop the server with: npx helm-temporal stop)"
