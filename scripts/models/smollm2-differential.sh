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
#   SMOLLM2_CLIENT=pipeline runs HELM's HuggingFacePipelineClient (the class of HELM's own SmolLM2
#     deployments) instead of HuggingFaceClient: a deployment local/<folder>-pipeline is written to
#     both sides' prod_env (model_deployments, tokenizer_configs, model_metadata), pointing at the folder,
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
CLIENT="${SMOLLM2_CLIENT:-huggingface}"
case "$CLIENT" in
  huggingface) NAME="huggingface/$(basename "$MODEL")"; MODEL_ARGS=(--enable-local-huggingface-models "$MODEL") ;;
  pipeline) NAME="local/$(basename "$MODEL")-pipeline"; MODEL_ARGS=() ;;
  *) echo "SMOLLM2_CLIENT must be huggingface or pipeline, not $CLIENT" >&2; exit 2 ;;
esac
# The pipeline deployment, as HELM's own huggingface/smollm2-* entries but on the local folder.
write_prod_env() {
  [[ "$CLIENT" == pipeline ]] || return 0
  mkdir -p "$1"
  cat >"$1/model_deployments.yaml" <<YAML
model_deployments:
  - name: $NAME
    model_name: $NAME
    tokenizer_name: $NAME
    max_sequence_length: 8192
    client_spec:
      class_name: helm.clients.huggingface_pipeline_client.HuggingFacePipelineClient
      args:
        pretrained_model_name_or_path: $MODEL
YAML
  cat >"$1/tokenizer_configs.yaml" <<YAML
tokenizer_configs:
  - name: $NAME
    tokenizer_spec:
      class_name: helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer
      args:
        pretrained_model_name_or_path: $MODEL
    end_of_text_token: "<|endoftext|>"
    prefix_token: "<|im_end|>"
YAML
  cat >"$1/model_metadata.yaml" <<YAML
models:
  - name: $NAME
    display_name: SmolLM2 (local, pipeline)
    description: The local SmolLM2 folder through HELM's HuggingFacePipelineClient.
    creator_organization_name: HuggingFace
    access: open
    release_date: 2024-10-31
    tags: [TEXT_MODEL_TAG, PARTIAL_FUNCTIONALITY_TEXT_MODEL_TAG, INSTRUCTION_FOLLOWING_MODEL_TAG]
YAML
}
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
  write_prod_env "$WORK/helm-prod-$case"; write_prod_env "$WORK/ts-prod-$case"
  t0=$(date +%s.%N)
  (cd "$WORK" && "$HELM_VENV/bin/helm-run" --run-entries "$entry" --suite "$case" -m "$m" \
     ${MODEL_ARGS[@]+"${MODEL_ARGS[@]}"} --output-path "$helm_out" --local-path "$WORK/helm-prod-$case" \
     >"$WORK/helm-$case.log" 2>&1) || { echo "HELM failed on $case (log: $WORK/helm-$case.log)" >&2; tail -20 "$WORK/helm-$case.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  (cd "$WORK" && node "$REPO_ROOT/bin/helm-run.js" --run-entries "$entry" --suite "$case" -m "$m" \
     ${MODEL_ARGS[@]+"${MODEL_ARGS[@]}"} --output-path "$ts_out" --local-path "$WORK/ts-prod-$case" \
     --data-mirror "$DATA" --temporal-port "$PORT" >"$WORK/ts-$case.log" 2>&1) || { echo "helm-ts failed on $case (log: $WORK/ts-$case.log)" >&2; tail -20 "$WORK/ts-$case.log" >&2; exit 1; }
  t2=$(date +%s.%N)
  # Each case has its own --local-path, so its own dev server: stop it before the next case.
  (cd "$WORK" && node "$REPO_ROOT/bin/helm-temporal.js" stop --local-path "$WORK/ts-prod-$case" --temporal-port "$PORT" >/dev/null 2>&1) || true
  node "$REPO_ROOT/dist/scripts/models/compare-runs.js" "$case" --wall "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $t2 - $t1}")" \
    "$(run_dir "$helm_out" "$case")/scenario_state.json" "$(run_dir "$ts_out" "$case")/scenario_state.json"
done <<<"$CASES"
