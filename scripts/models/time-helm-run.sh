#!/usr/bin/env bash
# helm-ts alone on a local model folder: the wall time of one `helm-run` of MMLU philosophy, joint,
# `-m N` (fresh --local-path and embedded dev server, as a new user's first run), for A/B runs of
# two folders or settings. Opt-in benchmark, not a test.
#
# Usage: scripts/models/time-helm-run.sh <model dir> [N=100] [temporal port=7964]
#   DATA (default ../shared/data): the scenario data mirror.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
dir="${1:?model dir}"; m="${2:-100}"; port="${3:-7964}"
DATA="${DATA:-$REPO_ROOT/../shared/data}"
work="$(mktemp -d /tmp/time-helm-run.XXXXXX)"
trap 'node "$REPO_ROOT/bin/helm-temporal.js" stop --local-path "$work/prod" --temporal-port "$port" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
name="huggingface/$(basename "$dir")"
t0=$(date +%s.%N)
node "$REPO_ROOT/bin/helm-run.js" --run-entries "mmlu:subject=philosophy,method=multiple_choice_joint,model=$name" --suite timed -m "$m" \
  --enable-local-huggingface-models "$dir" --output-path "$work/out" --local-path "$work/prod" --data-mirror "$DATA" \
  --temporal-port "$port" >"$work/log" 2>&1 || { tail -20 "$work/log" >&2; exit 1; }
t1=$(date +%s.%N)
echo "$(basename "$dir") joint -m $m: $(awk "BEGIN{printf \"%.1f\", $t1 - $t0}") s (load $(cut -d' ' -f1-3 /proc/loadavg))"
