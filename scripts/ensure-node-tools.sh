#!/usr/bin/env bash
# Installs the pinned npm tools of the API contract tests (Spectral CLI, openapi-typescript, openapi-fetch,
# TypeScript; versions in tools/node/package.json, exact tree in tools/node/package-lock.json) into
# tools/node/node_modules (gitignored), and restores the pinned dotnet tools (Kiota, dotnet-tools.json).
# Source it and call ensure_node_tools, or run it. Idempotent: a second call with an unchanged lock file does
# nothing. Returns non-zero when a tool cannot be installed; the contract tests then fail (they never skip).

ensure_node_tools() {
  local root dir stamp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  dir="$root/tools/node"
  stamp="$dir/node_modules/.installed-lock.sha256"
  if ! command -v npm >/dev/null 2>&1; then
    echo "[ensure-node-tools] npm is missing (Debian: apt-get install -y nodejs npm)" >&2
    return 1
  fi
  local want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" || ! -x "$dir/node_modules/.bin/spectral" ]]; then
    echo "[ensure-node-tools] npm ci in tools/node" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || { echo "[ensure-node-tools] npm ci failed" >&2; return 1; }
    echo "$want" > "$stamp"
  fi
  (cd "$root" && dotnet tool restore >/dev/null) || { echo "[ensure-node-tools] dotnet tool restore (kiota) failed" >&2; return 1; }
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  ensure_node_tools
fi
