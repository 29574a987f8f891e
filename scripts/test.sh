#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/bootstrap"
"$root/scripts/build.sh"
cd "${ZHSEARCH_BUILD_DIR:-$root/build}"
ctest --output-on-failure "$@"
