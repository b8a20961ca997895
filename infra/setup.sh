#!/usr/bin/env bash
# One command from a fresh clone: install everything `npm test` needs (npm packages, the build, the
# Temporal CLI, Debian's Chromium for the browser tests and PostgreSQL server for the shared-cache
# tests), then run HELM's tutorial suite (MMLU
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

echo "==> PostgreSQL server (for the shared request cache tests and --cache-url on one machine)"
# Debian's package; the tests start their own throwaway server from its binaries. Without root (or
# sudo) this step is skipped and those tests say they were skipped.
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  echo "    installed: $(ls -d /usr/lib/postgresql/*/bin | tail -n 1)"
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "    skipped: no apt-get here; install PostgreSQL's server (initdb, pg_ctl) and set HELM_POSTGRES_BIN to its bin folder"
else
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo_cmd=(sudo); }
  if [ "$(id -u)" -eq 0 ] || [ ${#sudo_cmd[@]} -gt 0 ]; then
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  else
    echo "    skipped: not root and no sudo; run 'apt-get install postgresql' as root"
  fi
fi

echo "==> Getting the Temporal CLI (dev server)"
TEMPORAL_CLI_PATH="$(bash infra/install-temporal.sh | tail -n 1)"
export TEMPORAL_CLI_PATH
echo "    $TEMPORAL_CLI_PATH"

echo "==> Chromium (helm-server's browser tests)"
bash infra/install-chromium.sh

echo "==> numpy for python3 (the APPS code metric runs generated programs that import it)"
bash infra/install-python-numpy.sh

echo "==> Running the tutorial suite"
if [ ! -f run_entries.conf ]; then
  echo 'entries: [{description: "mmlu:subject=philosophy,model=simple/model1", priority: 1}]' > run_entries.conf
fi
npx helm-run --conf-paths run_entries.conf --suite v1 --max-eval-instances 10 "$@"
echo "==> Done: outputs in benchmark_output/runs/v1; Temporal UI at http://localhost:8233 (stop the server with: npx helm-temporal stop)"
