#!/usr/bin/env bash
# Debian's Chromium for helm-server's browser tests (test/browser drives it with playwright-core).
# Used by infra/setup.sh and .ci/run. Installs with apt-get as root or with password-less sudo;
# otherwise says what to do and exits 0 (only the browser tests need it). CHROMIUM_PATH overrides
# /usr/bin/chromium, as in test/browser/browser.ts.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$chromium_path" ]]; then
  echo "    Chromium: $chromium_path"
  exit 0
fi
as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    echo "    No Chromium at $chromium_path, and installing it needs root or password-less sudo: run" >&2
    echo "    \`sudo apt-get install -y chromium\` yourself (or set CHROMIUM_PATH); until then \`npm test\` fails its browser tests." >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "    No Chromium at $chromium_path and no apt-get on this machine: install Chromium with your package manager" >&2
  echo "    and set CHROMIUM_PATH to it; until then \`npm test\` fails its browser tests." >&2
  exit 0
fi
echo "    installing Debian's chromium with apt-get"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
if [[ ! -x "$chromium_path" ]]; then
  echo "    apt-get installed chromium, but not at $chromium_path: set CHROMIUM_PATH to it." >&2
fi
