#!/usr/bin/env bash
# Yields a `temporal` CLI binary (it embeds the dev server) and prints its path on the last line.
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, our cache, `go install` of a pinned version,
# then the official release download where the network allows.
set -euo pipefail

VERSION="${TEMPORAL_CLI_VERSION:-1.5.1}"
CACHE_DIR="${HELM_TS_CACHE:-$HOME/.cache/helm-ts}/temporal/bin-v${VERSION}"
CACHED="$CACHE_DIR/temporal"

say() { echo "[install-temporal] $*" >&2; }

if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -x "$TEMPORAL_CLI_PATH" ]; then
  say "using TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH"; echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  say "using temporal on PATH"; command -v temporal; exit 0
fi
if [ -x "$CACHED" ]; then
  say "using cached build $CACHED"; echo "$CACHED"; exit 0
fi

mkdir -p "$CACHE_DIR"
if command -v go >/dev/null 2>&1; then
  # v1.5.1's go.mod has no replace directive, so `go install` through the module proxy works.
  say "building temporal v${VERSION} with go install (takes a few minutes, once)"
  if GOBIN="$CACHE_DIR" GOFLAGS="${GOFLAGS:-} -mod=mod" go install "github.com/temporalio/cli/cmd/temporal@v${VERSION}" >&2; then
    echo "$CACHED"; exit 0
  fi
  say "go install failed; trying the official release download"
fi

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) say "unsupported OS $(uname -s)"; exit 1 ;; esac
case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; arm64|aarch64) arch=arm64 ;; *) say "unsupported arch $(uname -m)"; exit 1 ;; esac
url="https://temporal.download/cli/archive/v${VERSION}?platform=${os}&arch=${arch}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
say "downloading $url"
if curl -fsSL --retry 3 -o "$tmp/temporal.tar.gz" "$url" && tar -xzf "$tmp/temporal.tar.gz" -C "$tmp" temporal; then
  mv "$tmp/temporal" "$CACHED"; chmod +x "$CACHED"; echo "$CACHED"; exit 0
fi
say "could not obtain the temporal CLI: install Go (for go install) or put 'temporal' on PATH, or set TEMPORAL_CLI_PATH"
exit 1
