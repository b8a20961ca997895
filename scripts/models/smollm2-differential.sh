#!/usr/bin/env bash
# Differential test on a real pretrained model (opt-in: `npm run test:real-model`, not in CI):
# Python HELM's HuggingFaceClient (transformers, PyTorch) and helm-ts's (transformers.js, ONNX)
# run the same run entries on the same SmolLM2-135M-Instruct folder (build-smollm2.py), each with
# --enable-local-huggingface-models, and the request states are compared request by request.
#
# Usage: scripts/models/smollm2-differential.sh [MODEL_DIR]
#   MODEL_DIR   default /tmp/smollm2-135m-instruct (built when missing, with MODELS_VENV)
# Environment: HELM_VENV (Python HELM, default /root/.cache/helm-ts/helm-venv), MODELS_VENV (for
#   the build, default /root/.cache/helm-ts/venv-models), DATA (default ../shared/data),
#   SMOLLM2_CASES ("name|run entry|max eval instances" lines, to override the cases below),
#   HELM_TEMPORAL_PORT (default 7833: helm-ts's embedded dev server for this script),
#   KEEP_TMP=1 keeps the work folders.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
MODEL="${1:-/tmp/smollm2-135m-instruct}"
HELM_VENV="${HELM_VENV:-/root/.cache/helm-ts/helm-venv}"
MODELS_VENV="${MODELS_VENV:-/root/.cache/helm-ts/venv-models}"
PORT="${HELM_TEMPORAL_PORT:-7833}"
if [[ -z "${DATA:-}" ]]; then
  if [[ -d "$REPO_ROOT/../shared/data/mmlu" ]]; then DATA="$REPO_ROOT/../shared/data"; else DATA=/work/shared/data; fi
fi

if [[ ! -f "$MODEL/onnx/model.onnx" ]]; then
  echo "== building $MODEL (scripts/models/build-smollm2.py)"
  "$MODELS_VENV/bin/python" "$SCRIPT_DIR/build-smollm2.py" --out "$MODEL"
fi
NAME="huggingface/$(basename "$MODEL")"
[[ -f "$REPO_ROOT/dist/scripts/models/compare-runs.js" ]] || (cd "$REPO_ROOT" && npm run build >/dev/null)

DEFAULT_CASES="mmlu_joint|mmlu:subject=philosophy,method=multiple_choice_joint,model=$NAME|20
mmlu_separate_original|mmlu:subject=philosophy,method=multiple_choice_separate_original,model=$NAME|5
gsm|gsm:model=$NAME|5"
CASES="${SMOLLM2_CASES:-$DEFAULT_CASES}"

WORK="$(mktemp -d /tmp/smollm2-diff.XXXXXX)"
[[ "${KEEP_TMP:-}" == 1 ]] || trap 'rm -rf "$WORK"' EXIT

prefill() {  # HELM finds its download targets present and skips the downloads
  mkdir -p "$1/scenarios/mmlu/data" "$1/scenarios/gsm"
  cp -r "$DATA/mmlu/dev" "$DATA/mmlu/test" "$1/scenarios/mmlu/data/"
  cp "$DATA/gsm/train.jsonl" "$1/scenarios/gsm/gsm_data_train"
  cp "$DATA/gsm/test.jsonl" "$1/scenarios/gsm/gsm_data_test"
}

run_dir() { find "$1/runs/$2" -mindepth 1 -maxdepth 1 -type d ! -name eval_cache | head -1; }

# s/request: the mean request_time (concurrent requests overlap); wall: each side's whole helm-run,
# start-up and model load included; speed-up: the ratio of requests per second (wall-clock).
echo "| run | requests | identical prompts | identical predictions | identical tokens | max logprob difference | HELM s/request | helm-ts s/request | HELM wall s | helm-ts wall s | speed-up |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
while IFS='|' read -r case entry m; do
  [[ -n "$case" ]] || continue
  helm_out="$WORK/helm-$case"; ts_out="$WORK/ts-$case"
  prefill "$helm_out"
  t0=$(date +%s.%N)
  (cd "$WORK" && "$HELM_VENV/bin/helm-run" --run-entries "$entry" --suite "$case" -m "$m" \
     --enable-local-huggingface-models "$MODEL" --output-path "$helm_out" --local-path "$WORK/helm-prod-$case" \
     >"$WORK/helm-$case.log" 2>&1) || { echo "HELM failed on $case (log: $WORK/helm-$case.log)" >&2; tail -20 "$WORK/helm-$case.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  (cd "$WORK" && node "$REPO_ROOT/bin/helm-run.js" --run-entries "$entry" --suite "$case" -m "$m" \
     --enable-local-huggingface-models "$MODEL" --output-path "$ts_out" --local-path "$WORK/ts-prod-$case" \
     --data-mirror "$DATA" --temporal-port "$PORT" >"$WORK/ts-$case.log" 2>&1) || { echo "helm-ts failed on $case (log: $WORK/ts-$case.log)" >&2; tail -20 "$WORK/ts-$case.log" >&2; exit 1; }
  t2=$(date +%s.%N)
  # Each case has its own --local-path, so its own dev server: stop it before the next case.
  (cd "$WORK" && node "$REPO_ROOT/bin/helm-temporal.js" stop --local-path "$WORK/ts-prod-$case" --temporal-port "$PORT" >/dev/null 2>&1) || true
  node "$REPO_ROOT/dist/scripts/models/compare-runs.js" "$case" --wall "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $t2 - $t1}")" \
    "$(run_dir "$helm_out" "$case")/scenario_state.json" "$(run_dir "$ts_out" "$case")/scenario_state.json"
done <<<"$CASES"
