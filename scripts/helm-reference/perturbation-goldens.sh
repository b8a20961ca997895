#!/usr/bin/env bash
# Unit goldens for the perturbations: HELM's perturbation classes run directly (no helm-run) on the
# fixed instances of perturbation_goldens.py, with the hand-made data files of
# test/fixtures/perturbations/ (see its README). Writes test/fixtures/perturbations/perturbation-goldens.json.
# Environment: HELM_VENV (default /root/.cache/helm-ts/helm-venv, crfm-helm 0.5.16).
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
VENV="${HELM_VENV:-/root/.cache/helm-ts/helm-venv}"
VERSION="$("$VENV/bin/pip" show crfm-helm 2>/dev/null | sed -n 's/^Version: //p')"
# HELM's dialect and person-name classes make benchmark_output/perturbations/ in the working
# directory; run where that does no harm, with the fixtures at the same relative path.
TMP="$(mktemp -d /tmp/helm-perturb.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/test/fixtures"
ln -s "$REPO_ROOT/test/fixtures/perturbations" "$TMP/test/fixtures/perturbations"
OUT="$REPO_ROOT/test/fixtures/perturbations/perturbation-goldens.json"
(cd "$TMP" && "$VENV/bin/python" "$SCRIPT_DIR/perturbation_goldens.py" "crfm-helm $VERSION") >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "wrote ${OUT#"$REPO_ROOT/"}"
