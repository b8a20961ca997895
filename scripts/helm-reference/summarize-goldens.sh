#!/usr/bin/env bash
# Regenerate test/golden/helm-summarize/: the Python HELM's helm-summarize outputs for small suites
# assembled from run folders HELM's own helm-run wrote (test/golden/helm/ and test/golden/helm-diff/).
#
# Usage: scripts/helm-reference/summarize-goldens.sh [VENV]
#   VENV  virtualenv with crfm-helm installed (default /root/.cache/helm-ts/helm-venv, or $HELM_VENV)
#
# Each case copies its run folders into <tmp>/benchmark_output/runs/<suite>/, runs
# `helm-summarize --suite <suite> --schema-path <schema>` there (cwd = <tmp>, default -o, so link
# hrefs and run paths are `benchmark_output/runs/<suite>/...`), and keeps every file helm-summarize
# wrote: suite-level files, groups/, and each run's display JSON files (input files are dropped).
# Schemas: HELM's packaged schema_classic.yaml, helm-ts's own schema (HELM reads it too), and HELM's
# schema_classic.yaml restricted to what helm-ts has, in HELM's own words (written to the temp folder
# by import-schema-classic.py --helm-text): what `helm-summarize --schema classic` must reproduce.
# Each case's CASE.txt names the suite and schema, and for the restricted schema the helm-ts flags
# that select helm-ts's copy of it (`helm_ts_flags=--schema classic`, or empty: chosen by itself).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
VENV="${1:-${HELM_VENV:-/root/.cache/helm-ts/helm-venv}}"
GOLDEN_ROOT="$REPO_ROOT/test/golden"
OUT="$REPO_ROOT/test/golden/helm-summarize"
[[ -x "$VENV/bin/helm-summarize" ]] || { echo "no helm-summarize in $VENV/bin" >&2; exit 1; }
CLASSIC="$("$VENV/bin/python" -c 'from helm.benchmark.presentation.schema import get_default_schema_path as p; print(p())')"
OURS="$REPO_ROOT/core/summarize/schema/schema_helm_ts.yaml"
TMP="$(mktemp -d /tmp/helm-summarize-reference.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
CLASSIC_TS="$TMP/schema_classic_restricted.yaml"
"$VENV/bin/python" "$SCRIPT_DIR/import-schema-classic.py" --helm-text "$CLASSIC_TS"
MMLU4="helm/philosophy_m10 helm/anatomy_m25_t2 helm/abstract_algebra_train3_m5 helm/college_physics_testsplit_m7"
# Other scenarios and adapter methods (HELM's outputs recorded by scripts/helm-reference/differential.sh).
MIXED="helm-diff/gsm_m8_t2 helm-diff/lsat_qa_all_m5 helm-diff/lsat_qa_ordering_separate_original_m4 helm-diff/mmlu_separate_calibrated_anatomy_m3_t2 helm-diff/mmlu_joint_cot_anatomy_m3_t2 helm-diff/synthetic_reasoning_natural_easy_m5 helm-diff/synthetic_reasoning_pattern_match_m5"

# Perturbed runs (data_augmentation presets): robustness/fairness columns and perturbed instances.
PERTURBED="helm-diff/mmlu_robustness_philosophy_m10 helm-diff/mmlu_lower_anatomy_m4_t3 helm-diff/mmlu_gender_terms_hard_philosophy_m20 helm-diff/mmlu_typo_easy_philosophy_m30 helm-diff/gsm_robustness_m12_t2 helm-diff/gsm_gender_pronouns_hard_m10"

# Runs of HELM Classic's scenarios (HELM's outputs recorded by differential.sh): a suite for which
# helm-summarize chooses HELM Classic's schema by itself. Bias and BBQ metrics, robustness and
# fairness worst cases, language modeling, and the Lite scenarios Classic also lists.
CLASSIC_RUNS="helm/philosophy_m10 helm-diff/mmlu_robustness_philosophy_m10 helm-diff/gsm_fairness_m20 helm-diff/babi_qa_task3_m5 helm-diff/bbq_all_m10 helm-diff/blimp_binding_m6 helm-diff/civil_comments_all_m10 helm-diff/dyck_language_np2_m25_t2 helm-diff/twitter_aae_aa_m3 helm-diff/twitter_aae_white_m10 helm-diff/wikifact_place_of_birth_m5 helm-diff/lsat_qa_all_m5 helm-diff/synthetic_reasoning_natural_easy_m5 helm-diff/legalbench_abercrombie_m5 helm-diff/math_number_theory_l5_m6 helm-diff/math_algebra_l1_cot_m5 helm-diff/med_qa_m5 helm-diff/wmt_14_de_en_m5"

# case name | suite | schema | run folders' cases (under test/golden/) | helm-ts flags (restricted schema only)
CASES=(
  "mmlu4_classic|mmlu4|$CLASSIC|$MMLU4"
  "mmlu4_helm_ts|mmlu4|$OURS|$MMLU4"
  "philosophy_helm_ts|v1|$OURS|helm/philosophy_m10"
  "mixed_classic|mixed|$CLASSIC|$MIXED"
  "mixed_helm_ts|mixed|$OURS|$MIXED"
  "perturbed_classic|perturbed|$CLASSIC|$PERTURBED"
  "perturbed_helm_ts|perturbed|$OURS|$PERTURBED"
  "classic_classic_ts|classic|$CLASSIC_TS|$CLASSIC_RUNS|"
  "perturbed_classic_ts|perturbed|$CLASSIC_TS|$PERTURBED|--schema classic"
)

VERSION="$("$VENV/bin/pip" show crfm-helm 2>/dev/null | sed -n 's/^Version: //p')"
echo "crfm-helm $VERSION"

for spec in "${CASES[@]}"; do
  IFS='|' read -r name suite schema runs flags <<<"$spec"
  work="$TMP/$name"
  suite_dir="$work/benchmark_output/runs/$suite"
  mkdir -p "$suite_dir"
  for run_case in $runs; do
    for run_dir in "$GOLDEN_ROOT/$run_case"/*/; do cp -r "$run_dir" "$suite_dir/"; done
  done
  # Inputs: every file present before summarizing (not kept in the golden).
  (cd "$suite_dir" && find . -type f | sort) >"$work/inputs.txt"
  echo "== $name: helm-summarize --suite $suite --schema-path $(basename "$schema")"
  # -n 1: HELM's display-JSON threads can trip over mako's template compilation.
  (cd "$work" && "$VENV/bin/helm-summarize" --suite "$suite" -n 1 --schema-path "$schema" >"$work/log.txt" 2>&1) || {
    tail -20 "$work/log.txt" >&2
    exit 1
  }
  rm -rf "${OUT:?}/$name"
  mkdir -p "$OUT/$name"
  (cd "$suite_dir" && find . -type f | sort) | comm -23 - "$work/inputs.txt" | while read -r f; do
    mkdir -p "$OUT/$name/$(dirname "$f")"
    cp "$suite_dir/$f" "$OUT/$name/$f"
  done
  printf '%s\n' "$runs" >"$OUT/$name/RUNS.txt"
  printf 'suite=%s\nschema=%s\n' "$suite" "$(basename "$schema")" >"$OUT/$name/CASE.txt"
  [[ "$schema" != "$CLASSIC_TS" ]] || printf 'helm_ts_flags=%s\n' "$flags" >>"$OUT/$name/CASE.txt"
  echo "   $(find "$OUT/$name" -type f | wc -l) files"
done
echo "crfm-helm $VERSION" >"$OUT/VERSION.txt"
