#!/usr/bin/env bash
# zhsearch next to the engines people use, on the shared harness
# (../shared/bench/run.py), in one run; the tables go into bench/RESULTS.md.
#
#   bench/compare.sh                 full run: corpus-large (1000 substring queries),
#                                    the four retrieval sets, ret-union, ret-union-large
#   bench/compare.sh --quick         smoke test: seed + ret-cmrc2018-trial, -n 300
#   bench/compare.sh --corpora large,ret-union-large -n 300 --max-ranked-queries 1000
#
# Options (everything else is passed on to run.py):
#   --corpora LIST            default: large + every retrieval set
#   --engines LIST            default: zh,omega-ngram,sqlite-trigram,jieba-xapian,pagefind,flexsearch
#                             (run.py always adds grep-oracle first)
#   -n N                      substring queries per corpus (default 1000)
#   --max-ranked-queries N    seeded sample of questions per retrieval set (default 3000; 0 = all)
#   --work DIR                harness work folder (default $BENCH_WORK, else /tmp/zh-bench)
#   --out DIR                 results folder (default WORK/results)
#   --no-results              do not touch bench/RESULTS.md
#   --section NAME            RESULTS.md block name (default: compare, or compare-quick with --quick)
#   --results-only            do not run anything: rebuild report.md from WORK/results/*.json and
#                             write RESULTS.md (e.g. the corpora finished so far by a run still going)
#
# Environment: ZHSEARCH_BIN (default build-bench/zhsearch, then build/zhsearch),
# ZHSEARCH_JOBS (passed to `zhsearch index --jobs`; default: the engine's default),
# BENCH_SHARED (default ../shared/bench next to the repository).
#
# Needs: ../shared/bench/install-deps.sh run once (Debian packages + the npm
# packages into WORK/node) and the corpora (this script runs make_corpora.py
# when they are missing). Run nothing else heavy next to it: the machine has 2
# cores, and the harness records the 1-minute load average before each step.
set -euo pipefail

orig_args="$*"
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${BENCH_SHARED:-$(cd "$repo/../shared/bench" 2>/dev/null && pwd || true)}
[ -n "$shared" ] && [ -x "$shared/run.py" ] || { echo "compare.sh: ../shared/bench/run.py not found (set BENCH_SHARED)" >&2; exit 2; }

work=${BENCH_WORK:-/tmp/zh-bench}
corpora="large,ret-union-large,ret-cmrc2018-dev,ret-cmrc2018-trial,ret-drcd-dev,ret-drcd-test,ret-union"
engines="zh,omega-ngram,sqlite-trigram,jieba-xapian,pagefind,flexsearch"
n=1000
maxr=3000
out=""
write_results=1
section=""
quick=0
results_only=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; corpora="seed,ret-cmrc2018-trial"; n=300; maxr=300 ;;
    --corpora) corpora=$2; shift ;;
    --engines) engines=$2; shift ;;
    -n|--queries) n=$2; shift ;;
    --max-ranked-queries) maxr=$2; shift ;;
    --work) work=$2; shift ;;
    --out) out=$2; shift ;;
    --no-results) write_results=0 ;;
    --section) section=$2; shift ;;
    --results-only) results_only=1 ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) extra+=("$1") ;;
  esac
  shift
done
[ $quick = 1 ] && out=${out:-$work/results-quick}
out=${out:-$work/results}
[ -n "$section" ] || { [ $quick = 1 ] && section=compare-quick || section=compare; }

if [ -z "${ZHSEARCH_BIN:-}" ]; then
  for b in "$repo/build-bench/zhsearch" "$repo/build/zhsearch"; do
    [ -x "$b" ] && { ZHSEARCH_BIN=$b; break; }
  done
fi
[ -n "${ZHSEARCH_BIN:-}" ] && [ -x "$ZHSEARCH_BIN" ] || {
  echo "compare.sh: no zhsearch binary; build it: cmake -S $repo -B $repo/build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build $repo/build-bench -j2 --target zhsearch" >&2
  exit 2; }
export ZHSEARCH_BIN BENCH_WORK=$work BENCH_ENGINE_DIRS="$repo/bench/engines"

# Corpora: build what is missing (make_corpora.py skips the ones that exist).
need_make=0 need_hard=0
IFS=, read -ra clist <<<"$corpora"
for c in "${clist[@]}"; do
  [ -d "$work/corpora/$c" ] && continue
  if [ "$c" = ret-union-large ]; then need_hard=1; else need_make=1; fi
done
[ $need_make = 1 ] && "$shared/make_corpora.py" --work "$work"
[ $need_hard = 1 ] && "$shared/make_corpora.py" --work "$work" retrieval-hard
case ",$engines," in *,pagefind,*|*,flexsearch,*)
  [ -d "${BENCH_NODE_DIR:-$work/node}/node_modules" ] ||
    echo "compare.sh: warning: no npm packages in ${BENCH_NODE_DIR:-$work/node}; run BENCH_WORK=$work $shared/install-deps.sh (pagefind/flexsearch will fail)" >&2 ;;
esac

started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(python3 "$repo/bench/lib/results_md.py" commit "$repo")
machine=$(python3 "$repo/bench/lib/results_md.py" machine)
zhver=$("$ZHSEARCH_BIN" --version 2>/dev/null || echo "?")
cmd=("$shared/run.py" --work "$work" --out "$out" --corpora "$corpora" --engines "$engines"
     -n "$n" --max-ranked-queries "$maxr" "${extra[@]}")
echo "compare.sh: $started, load $load_start, commit $commit"
echo "compare.sh: ZHSEARCH_BIN=$ZHSEARCH_BIN ($zhver)"
echo "compare.sh: ${cmd[*]}"
mkdir -p "$out"
rc=0
partial=""
if [ $results_only = 1 ]; then
  started="(earlier; see the run's log)"
  partial="; **partial: written with --results-only from the corpora finished so far**"
  "$shared/run.py" --work "$work" --out "$out" --report-only
else
  "${cmd[@]}" || rc=$?
fi
finished=$(date -u '+%Y-%m-%d %H:%M UTC')
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "compare.sh: run.py exited $rc at $finished, load $load_end"
[ -f "$out/report.md" ] || "$shared/run.py" --work "$work" --out "$out" --report-only || true

if [ $write_results = 1 ] && [ -f "$out/report.md" ]; then
  results="$repo/bench/RESULTS.md"
  [ -f "$results" ] || printf '# zhsearch benchmark results\n\nSee bench/README.md for how each table is made.\n' >"$results"
  title="Side by side with the peers (bench/compare.sh)"
  [ $quick = 1 ] && title="Side by side, smoke test (bench/compare.sh --quick)"
  {
    echo "## $title"
    echo
    echo "* date: started $started (load $load_start), finished $finished (load $load_end)$partial$([ "$rc" = 0 ] || echo "; **run.py exited $rc: results are partial**")"
    echo "* machine: $machine"
    echo "* commit: $commit; binary \`$ZHSEARCH_BIN\` ($zhver), ZHSEARCH_JOBS=${ZHSEARCH_JOBS:-default}"
    if [ $results_only = 1 ]; then
      echo "* command: \`bench/compare.sh $orig_args\` (assembles the JSON files in $out; the run.py command of each corpus is listed below)"
    else
      echo "* command: \`bench/compare.sh $orig_args\` ="
      echo "  \`BENCH_ENGINE_DIRS=bench/engines ${cmd[*]/#$shared/../shared/bench}\`"
    fi
    echo "* corpora with results: $(cd "$out" && ls *.json 2>/dev/null | sed 's/\.json$//' | paste -sd, -)"
    echo "* peers' versions, load averages per step and per-query rows: \`$out/*.json\`"
    echo
    echo "### Summary"
    echo
    python3 "$repo/bench/lib/results_md.py" compare-summary "$out"
    echo "### Full tables (run.py's report.md)"
    echo
    sed 's/^### /#### /' "$out/report.md"
  } | python3 "$repo/bench/lib/results_md.py" block "$results" "$section"
  echo "compare.sh: wrote section '$section' of $results"
fi
exit $rc
