#!/usr/bin/env bash
# Runs one libFuzzer target (tests/fuzz/) for SECONDS on its seed corpus.
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#   scripts/fuzz.sh --list
# Builds build-fuzz/ with clang (-DZHSEARCH_FUZZ=ON) if needed. The fuzzer
# works on a scratch copy of the seeds (build-fuzz/work/TARGET), so the
# committed corpus stays small; crashes land in build-fuzz/crashes/TARGET/.
# Prints libFuzzer's final stats; exits non-zero when it found a crash.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
targets=(text query front_matter markdown subtitle html request_params)
if [[ ${1:-} == --list ]]; then printf '%s\n' "${targets[@]}"; exit 0; fi
if (($# < 2)); then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags]; targets: ${targets[*]}" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
[[ " ${targets[*]} " == *" $target "* ]] || { echo "fuzz.sh: unknown target $target; one of: ${targets[*]}" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is missing; run scripts/bootstrap" >&2; exit 2; }

build=${ZHSEARCH_FUZZ_BUILD_DIR:-$root/build-fuzz}
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DZHSEARCH_FUZZ=ON >/dev/null
fi
cmake --build "$build" -j"${ZHSEARCH_BUILD_JOBS:-2}" --target "${target}_fuzz" >/dev/null

work=$build/work/$target crashes=$build/crashes/$target
mkdir -p "$work" "$crashes"
cp -n "$root/tests/fuzz/corpus/$target"/* "$work"/ 2>/dev/null || true
# The sanitizers stop at the first error; leaks in one input are reported too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$crashes"
exec "$build/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -rss_limit_mb=2048 \
  -timeout=25 -print_final_stats=1 -artifact_prefix="$crashes/" "$@" "$work"
