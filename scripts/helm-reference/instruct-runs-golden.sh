#!/usr/bin/env bash
# HELM Instruct runs by the Python HELM on the canonical-format fixtures, for
# test/unit/scenarios/harms-instruct-runs.test.ts: run_spec.json, scenario.json and
# scenario_state.json of each run, kept under test/golden/helm-instruct/<run dir>/.
#
# Usage: scripts/helm-reference/instruct-runs-golden.sh      (HELM_VENV as in differential.sh)
#
# HELM's only metric for these runs, InstructionFollowingCritiqueMetric, needs a critique service;
# without one HELM fails the run. Here credentials.conf says `critiqueType: random` (HELM's
# RandomCritiqueClient: random answers), so HELM gets as far as writing its files; its stats
# (random ratings) are not kept, since helm-ts, with no critique service, writes none.
# Data: the scenario folders are pre-filled from test/fixtures/scenarios/classic/ under HELM's
# download names; oasst1 and hh-rlhf are served by instruct_helm_run.py.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
VENV="${HELM_VENV:-/root/.cache/helm-ts/helm-venv}"
FX="$REPO_ROOT/test/fixtures/scenarios/classic"
GOLDEN="$REPO_ROOT/test/golden/helm-instruct"
MAX_EVAL=6
# The grammar path as the test passes it too (relative to the working directory: the fixtures).
ENTRIES=(
  "koala:model=simple/model1,num_respondents=1"
  "self_instruct:model=simple/model1,num_respondents=1"
  "vicuna:category=all,model=simple/model1,num_respondents=1"
  "grammar:path=grammar/instructions.yaml,tags=summarize,model=simple/model1,num_respondents=1"
  "open_assistant:language=en,model=simple/model1,num_respondents=1"
  "anthropic_hh_rlhf:subset=hh,model=simple/model1,num_respondents=1"
  "anthropic_hh_rlhf:subset=red_team,model=simple/model1,num_respondents=1"
)

TMP="$(mktemp -d /tmp/helm-instruct.XXXXXX)"
if [[ "${KEEP_TMP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "temp dir: $TMP"; fi
out="$TMP/benchmark_output"
mkdir -p "$TMP/prod_env" "$out/scenarios/koala" "$out/scenarios/self-instruct" "$out/scenarios/vicuna"
echo 'critiqueType: random' >"$TMP/prod_env/credentials.conf"
cp "$FX/koala/koala_test_set.jsonl" "$out/scenarios/koala/Koala_prompts.jsonl"
cp "$FX/self_instruct/user_oriented_instructions.jsonl" "$out/scenarios/self-instruct/"
cp "$FX/vicuna/question.jsonl" "$out/scenarios/vicuna/vicuna_questions.jsonl"

# From the fixtures folder, so that the grammar path is relative as in the conf; outputs in $TMP.
(cd "$FX" && HF_DATASETS_OFFLINE=1 HF_HOME="$TMP/hf" "$VENV/bin/python" "$SCRIPT_DIR/instruct_helm_run.py" "$FX" \
  --run-entries "${ENTRIES[@]}" --suite instruct --max-eval-instances "$MAX_EVAL" \
  --local-path "$TMP/prod_env" --output-path "$out" >"$TMP/helm-run.log" 2>&1) || { tail -30 "$TMP/helm-run.log"; exit 1; }

rm -rf "$GOLDEN"
for d in "$out/runs/instruct"/*/; do
  d="${d%/}"; [[ -f "$d/scenario_state.json" ]] || continue
  dest="$GOLDEN/$(basename "$d")"; mkdir -p "$dest"
  for f in run_spec.json scenario.json scenario_state.json; do cp "$d/$f" "$dest/$f"; done
  echo "-> ${dest#"$REPO_ROOT/"}"
done
