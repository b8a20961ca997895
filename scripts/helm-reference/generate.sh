#!/usr/bin/env bash
# Regenerate the golden reference outputs of the real Python HELM (crfm-helm) in test/golden/helm/.
#
# Usage: scripts/helm-reference/generate.sh [VENV] [CASE...]
#   VENV   virtualenv with crfm-helm installed (default /root/.cache/helm-ts/helm-venv,
#          or $HELM_VENV). Create it with:
#            python3 -m venv /root/.cache/helm-ts/helm-venv
#            /root/.cache/helm-ts/helm-venv/bin/pip install crfm-helm==0.5.16
#   CASE   optional subset of case names (default: all cases below).
#
# Environment: MMLU_DATA (default <repo>/../shared/data/mmlu, falling back to /work/shared/data/mmlu),
#              KEEP_TMP=1 to keep the temp dir.
#
# Each case runs `helm-run` in its own fresh temp dir (own --output-path, own --local-path, so the
# request cache is empty and every result has "cached": false) and in its own suite named after the
# case. The MMLU download (data.tar) is avoided by pre-filling <output_path>/scenarios/mmlu/data/
# with dev/ and test/ from the shared data folder: HELM's ensure_file_downloaded() skips the download
# when that `data` directory exists. The val/ split is not created (not available), so HELM logs
# "... doesn't exist, skipping" for val (and auxiliary_train), exactly as helm-ts reads only dev+test.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
VENV="${1:-${HELM_VENV:-/root/.cache/helm-ts/helm-venv}}"
shift || true
GOLDEN="$REPO_ROOT/test/golden/helm"

if [[ -z "${MMLU_DATA:-}" ]]; then
  if [[ -d "$REPO_ROOT/../shared/data/mmlu" ]]; then MMLU_DATA="$REPO_ROOT/../shared/data/mmlu";
  else MMLU_DATA=/work/shared/data/mmlu; fi
fi
[[ -x "$VENV/bin/helm-run" ]] || { echo "no helm-run in $VENV/bin" >&2; exit 1; }
[[ -d "$MMLU_DATA/dev" && -d "$MMLU_DATA/test" ]] || { echo "no MMLU data in $MMLU_DATA" >&2; exit 1; }

# case name | run entry | extra helm-run args | optional (1 = may fail offline; recorded, not fatal)
CASES=(
  "philosophy_m10|mmlu:subject=philosophy,model=simple/model1|--max-eval-instances 10|0"
  "anatomy_m25_t2|mmlu:subject=anatomy,model=simple/model1|--max-eval-instances 25 --num-train-trials 2|0"
  "abstract_algebra_train3_m5|mmlu:subject=abstract_algebra,model=simple/model1,max_train_instances=3|-m 5|0"
  "us_foreign_policy_canonical_m5|mmlu:subject=us_foreign_policy,model=simple/model1,data_augmentation=canonical|-m 5|1"
  "college_physics_testsplit_m7|mmlu:subject=college_physics,model=simple/model1,eval_split=test|-m 7|0"
)

TMP="$(mktemp -d /tmp/helm-reference.XXXXXX)"
if [[ "${KEEP_TMP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "temp dir: $TMP"; fi

VERSION="$("$VENV/bin/pip" show crfm-helm 2>/dev/null | sed -n 's/^Version: //p')"
echo "crfm-helm $VERSION, data $MMLU_DATA"

failed=()
for spec in "${CASES[@]}"; do
  IFS='|' read -r name entry extra optional <<<"$spec"
  if [[ $# -gt 0 ]] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
  work="$TMP/$name"
  out="$work/benchmark_output"
  mkdir -p "$out/scenarios/mmlu/data"
  cp -r "$MMLU_DATA/dev" "$MMLU_DATA/test" "$out/scenarios/mmlu/data/"
  chmod -R u+w "$out/scenarios/mmlu/data"
  echo "== $name: helm-run --run-entries '$entry' --suite $name $extra"
  # shellcheck disable=SC2086
  if ! (cd "$work" && "$VENV/bin/helm-run" --run-entries "$entry" --suite "$name" $extra \
          --local-path "$work/prod_env" --output-path "$out" >"$work/helm-run.log" 2>&1); then
    echo "   FAILED (see log tail below)"; tail -20 "$work/helm-run.log"
    if [[ "$optional" == 1 ]]; then
      # Record why it could not run offline; keep no run files for it.
      rm -rf "$GOLDEN/$name"; mkdir -p "$GOLDEN/$name"
      { echo "helm-run --run-entries '$entry' --suite $name $extra  (crfm-helm $VERSION)"
        echo "FAILED offline; last lines of the log:"; echo
        grep -n "ensure_file_downloaded\|Downloading\|Error\|error" "$work/helm-run.log" | tail -15
        echo; tail -25 "$work/helm-run.log"; } >"$GOLDEN/$name/FAILED.txt"
      echo "   (optional case: recorded in ${GOLDEN#"$REPO_ROOT/"}/$name/FAILED.txt)"
    else
      failed+=("$name")
    fi
    continue
  fi
  suite="$out/runs/$name"
  rundirs=()
  for d in "$suite"/*/; do
    d="${d%/}"; [[ -f "$d/run_spec.json" ]] && rundirs+=("$d")
  done
  if [[ ${#rundirs[@]} -eq 0 ]]; then
    echo "   FAILED: no run directory written"; tail -20 "$work/helm-run.log"; failed+=("$name"); continue
  fi
  rm -rf "$GOLDEN/$name"; mkdir -p "$GOLDEN/$name"
  for d in "${rundirs[@]}"; do
    dest="$GOLDEN/$name/$(basename "$d")"
    mkdir -p "$dest"
    for f in run_spec.json scenario.json scenario_state.json stats.json per_instance_stats.json; do
      cp "$d/$f" "$dest/$f"     # bytes exactly as HELM wrote them
    done
    echo "   -> ${dest#"$REPO_ROOT/"}"
  done
  # Everything helm-run left at suite level (files and dirs, with sizes), for reference.
  (cd "$suite" && find . -mindepth 1 | LC_ALL=C sort | while read -r p; do
     if [[ -d "$p" ]]; then echo "$p/"; else echo "$p $(stat -c %s "$p")"; fi
   done) >"$GOLDEN/$name/suite-listing.txt"
  for f in "$suite"/*; do   # any suite-level files (e.g. run_specs.json) -- none expected in 0.5.16
    [[ -f "$f" ]] && cp "$f" "$GOLDEN/$name/suite-$(basename "$f")"
  done
  cp "$work/helm-run.log" "$GOLDEN/$name/helm-run-log.txt"   # .txt: *.log is git-ignored
done

if [[ ${#failed[@]} -gt 0 ]]; then echo "failed cases: ${failed[*]}"; exit 1; fi
echo "done"
