#!/usr/bin/env bash
# numpy for python3: the code metrics run generated programs with python3 (HumanEval's checks,
# APPS's tests), and HELM puts `import numpy as np` before every APPS program, so APPSMetric and its
# tests need it. Used by infra/setup.sh and .ci/run. Tries pip (user site when not in a venv), then
# Debian's python3-numpy; if neither works, says what to do and exits 0 (only the APPS tests need it).
set -euo pipefail
if ! command -v python3 >/dev/null 2>&1; then
  echo "    No python3: the code metrics (HumanEval, APPS) and their tests need it; install Python 3." >&2
  exit 0
fi
if python3 -c 'import numpy' 2>/dev/null; then
  echo "    numpy: $(python3 -c 'import numpy; print(numpy.__version__)') ($(command -v python3))"
  exit 0
fi
if python3 -m pip install --quiet numpy 2>/dev/null || python3 -m pip install --quiet --user numpy 2>/dev/null ||
  python3 -m pip install --quiet --user --break-system-packages numpy 2>/dev/null; then
  echo "    numpy: installed with pip for $(command -v python3)"
  exit 0
fi
if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-numpy && exit 0
fi
echo "    Could not install numpy for $(command -v python3): run \`python3 -m pip install numpy\` yourself;" >&2
echo "    until then APPSMetric is reported unavailable and its tests fail." >&2
exit 0
