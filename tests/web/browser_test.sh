#!/usr/bin/env bash
# Browser test of `zhsearch serve`: installs playwright-core (npm, pinned by
# tests/web/package-lock.json) into the build folder once, then drives
# Debian's /usr/bin/chromium headless with browser_test.mjs.
# Usage: browser_test.sh ZHSEARCH CORPUS_DIR BUILD_DIR
set -euo pipefail
zhsearch=$1 corpus=$2 build=$3
here=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}

if [[ ! -x $chromium ]]; then
  echo "browser_test: $chromium not found; install Debian's chromium package" >&2
  exit 1
fi
node_dir=$build/node
mkdir -p "$node_dir"
if ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json" || [[ ! -d $node_dir/node_modules/playwright-core ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$here/.npmrc" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$build/screenshots"
NODE_PATH=$node_dir/node_modules exec node "$here/browser_test.cjs" "$zhsearch" "$corpus" "$build" "$chromium"
