#!/usr/bin/env bash
# Baseline timing of the real Python HELM (crfm-helm) on MMLU with simple/model1.
#
# Usage: scripts/helm-reference/bench-python-helm.sh [VENV] [N_SUBJECTS]
#   VENV        virtualenv with crfm-helm (default /root/.cache/helm-ts/helm-venv or $HELM_VENV)
#   N_SUBJECTS  only the first N subjects in alphabetical order (default: all 57)
# Environment: MAX_EVAL (--max-eval-instances, default 100000), MMLU_DATA (default <repo>/../shared/data/mmlu, else /work/shared/data/mmlu),
#              NUM_THREADS (default 4 = HELM's default), KEEP_TMP=1 to keep the output.
#
# One helm-run invocation, one suite, all run entries `mmlu:subject=<s>,model=simple/model1`,
# --max-eval-instances 100000 (i.e. the full test sets), fresh --output-path and --local-path
# (empty request cache) in a temp dir; MMLU dev/ and test/ pre-filled so nothing is downloaded.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
VENV="${1:-${HELM_VENV:-/root/.cache/helm-ts/helm-venv}}"
N_SUBJECTS="${2:-0}"
NUM_THREADS="${NUM_THREADS:-4}"
MAX_EVAL="${MAX_EVAL:-100000}"
if [[ -z "${MMLU_DATA:-}" ]]; then
  if [[ -d "$REPO_ROOT/../shared/data/mmlu" ]]; then MMLU_DATA="$REPO_ROOT/../shared/data/mmlu";
  else MMLU_DATA=/work/shared/data/mmlu; fi
fi
[[ -x "$VENV/bin/helm-run" ]] || { echo "no helm-run in $VENV/bin" >&2; exit 1; }

mapfile -t SUBJECTS < <(cd "$MMLU_DATA/test" && ls *_test.csv | sed 's/_test\.csv$//' | LC_ALL=C sort)
if [[ "$N_SUBJECTS" -gt 0 ]]; then SUBJECTS=("${SUBJECTS[@]:0:$N_SUBJECTS}"); fi
ENTRIES=()
for s in "${SUBJECTS[@]}"; do ENTRIES+=("mmlu:subject=$s,model=simple/model1"); done

TMP="$(mktemp -d /tmp/helm-bench.XXXXXX)"
if [[ "${KEEP_TMP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; fi
OUT="$TMP/benchmark_output"
mkdir -p "$OUT/scenarios/mmlu/data"
cp -r "$MMLU_DATA/dev" "$MMLU_DATA/test" "$OUT/scenarios/mmlu/data/"
chmod -R u+w "$OUT/scenarios/mmlu/data"

VERSION="$("$VENV/bin/pip" show crfm-helm 2>/dev/null | sed -n 's/^Version: //p')"
echo "crfm-helm $VERSION; python $("$VENV/bin/python" -c 'import platform;print(platform.python_version())')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "subjects: ${#SUBJECTS[@]}, --num-threads $NUM_THREADS, --max-eval-instances $MAX_EVAL"

CMD=("$VENV/bin/helm-run" --run-entries "${ENTRIES[@]}" --suite bench --max-eval-instances "$MAX_EVAL"
     --num-threads "$NUM_THREADS" --local-path "$TMP/prod_env" --output-path "$OUT")
start=$(date +%s.%N)
if [[ -x /usr/bin/time ]]; then
  (cd "$TMP" && /usr/bin/time -v -o "$TMP/time.txt" "${CMD[@]}" >"$TMP/helm-run.log" 2>&1)
  rss_kb=$(awk -F: '/Maximum resident set size/{gsub(/ /,"",$2);print $2}' "$TMP/time.txt")
  rss_src="/usr/bin/time -v (max RSS of helm-run process)"
else
  (cd "$TMP" && "$VENV/bin/python" - "${CMD[@]}" >"$TMP/helm-run.log" 2>&1 <<'PY'
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:])
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(rc)
PY
  )
  rss_kb=$(awk '/^MAXRSS_KB/{print $2}' "$TMP/helm-run.log")
  rss_src="python resource.getrusage(RUSAGE_CHILDREN)"
fi
end=$(date +%s.%N)

"$VENV/bin/python" - "$OUT/runs/bench" "$start" "$end" "$rss_kb" "$rss_src" <<'PY'
import json, os, sys
suite, start, end, rss_kb, rss_src = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
runs = instances = requests = 0
for d in sorted(os.listdir(suite)):
    p = os.path.join(suite, d, "stats.json")
    if not os.path.exists(p):
        continue
    runs += 1
    for s in json.load(open(p)):
        n = s["name"]
        if n["name"] == "num_instances" and "perturbation" not in n:
            instances += int(s["sum"])
    requests += len(json.load(open(os.path.join(suite, d, "scenario_state.json")))["request_states"])
wall = end - start
print(f"runs: {runs}")
print(f"instances: {instances}")
print(f"requests: {requests}")
print(f"wall time: {wall:.1f} s")
print(f"instances/s: {instances / wall:.1f}")
print(f"peak RSS: {rss_kb / 1024:.0f} MiB ({rss_src})")
PY
if [[ -f "$TMP/time.txt" ]]; then
  grep -E "User time|System time|Percent of CPU|Elapsed" "$TMP/time.txt" | sed 's/^\t/  /'
fi
