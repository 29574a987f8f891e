#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through CTest.
#   scripts/test.sh [ctest args]              Release build in build/
#   scripts/test.sh --sanitize [ctest args]   ASan+UBSan build in build-sanitize/
#   scripts/test.sh --fuzz-smoke [SECONDS]    each libFuzzer target for SECONDS
#                                             (default 20) when clang is present
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=plain
case ${1:-} in
  --sanitize) mode=sanitize; shift ;;
  --fuzz-smoke) mode=fuzz; shift ;;
esac
"$root/scripts/bootstrap"

if [[ $mode == fuzz ]]; then
  if ! command -v clang++ >/dev/null; then
    echo "test.sh: clang++ not found; skipping the fuzz smoke run" >&2
    exit 0
  fi
  seconds=${1:-20}
  for target in $("$root/scripts/fuzz.sh" --list); do
    echo "== fuzz $target for ${seconds}s"
    "$root/scripts/fuzz.sh" "$target" "$seconds" 2>&1 | grep -aE '^(stat::|==[0-9]+==ERROR|SUMMARY|Done|INFO: Running with|fuzz invariant violated)' || true
    # fuzz.sh's status is lost in the pipe: a crash leaves a file behind.
    crashes=${ZHSEARCH_FUZZ_BUILD_DIR:-$root/build-fuzz}/crashes/$target
    if compgen -G "$crashes/*" >/dev/null; then
      echo "test.sh: fuzz target $target found a problem; see $crashes/" >&2
      # CI keeps only this log: the inputs, so the failure can be replayed elsewhere.
      for crash in "$crashes"/*; do
        echo "test.sh: $(basename "$crash") as base64 (first 8 KiB):" >&2
        head -c 8192 "$crash" | base64 -w 0 >&2
        echo >&2
      done
      exit 1
    fi
  done
  exit 0
fi

if [[ $mode == sanitize ]]; then
  build=${ZHSEARCH_SANITIZE_BUILD_DIR:-$root/build-sanitize}
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZHSEARCH_SANITIZE=ON >/dev/null
  cmake --build "$build" -j"${ZHSEARCH_BUILD_JOBS:-$(nproc)}"
  # Our binaries (also when tests spawn zhsearch from Python or node) stop
  # at the first error with a stack; see cmake/lsan.supp for the leak rules.
  # Not strict_string_checks: it makes ASan measure the whole text on each
  # of md4c's strcspn calls, so the 50 MB file of cli_e2e never finished.
  export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:check_initialization_order=1"
  export LSAN_OPTIONS="suppressions=$root/cmake/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  cd "$build"
  ctest --output-on-failure "$@"
  exit
fi

"$root/scripts/build.sh"
cd "${ZHSEARCH_BUILD_DIR:-$root/build}"
ctest --output-on-failure "$@"
