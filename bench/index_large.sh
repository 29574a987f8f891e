#!/usr/bin/env bash
# Baseline: index ../shared/data/corpus-large with zhsearch and time keyword queries.
#
#   bench/index_large.sh                     --jobs 2, 400 queries, seed 42
#   bench/index_large.sh --jobs 1,2          one indexing run per setting
#   bench/index_large.sh --reuse-index       skip indexing, only the queries (on WORK/index-large-jN)
#
# Options:
#   --jobs LIST        comma list of `zhsearch index --jobs` values (default 2)
#   -n N               keyword queries (default 400: 50 each of CJK 1-6 chars, ASCII words, mixed)
#   --seed S           query sampling seed (default 42)
#   --work DIR         work folder outside the repo (default $BENCH_WORK, else /tmp/zh-bench)
#   --corpus DIR       a folder of .md files instead of corpus-large (then nothing goes into RESULTS.md
#                      unless --section is given)
#   --reuse-index      do not re-index when WORK/index-large-jN exists
#   --no-results       do not touch bench/RESULTS.md
#   --section NAME     RESULTS.md block name (default index-large)
#
# The corpus: WORK/corpora/large, one .md per JSON line of
# ../shared/data/corpus-large/*.jsonl.xz (`# title`, blank line, text), as
# written by ../shared/bench/make_corpora.py, which this script runs when the
# folder is missing. So the same bytes are indexed here and by compare.sh.
#
# Reports per --jobs value: wall time, MB/s (corpus bytes / wall), peak RSS
# (GNU time -v), CPU time, index size (bytes of the files in the index folder)
# and its ratio to the corpus bytes; then zhsearch's in-process latency
# (MICROS of `search --batch`) p50/p95/p99 per query type, in Ctrl-F mode
# (--literal) and in the default user-query mode. The 1-minute load average
# is recorded before and after each step: the machine has 2 cores and is
# shared, so compare timings only at similar load.
set -euo pipefail

orig_args="$*"
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-/tmp/zh-bench}
jobs_list=2
nq=400
seed=42
corpus=""
reuse=0
write_results=1
section=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs_list=$2; shift ;;
    -n|--queries) nq=$2; shift ;;
    --seed) seed=$2; shift ;;
    --work) work=$2; shift ;;
    --corpus) corpus=$2; shift ;;
    --reuse-index) reuse=1 ;;
    --no-results) write_results=0 ;;
    --section) section=$2; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "index_large.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$corpus" ]; then
  corpus=$work/corpora/large
  name=large
  [ -n "$section" ] || section=index-large
  if [ ! -d "$corpus" ]; then
    shared=${BENCH_SHARED:-$repo/../shared/bench}
    "$shared/make_corpora.py" --work "$work" large
  fi
else
  name=$(basename "$corpus")
  [ -n "$section" ] || write_results=0
fi
[ -d "$corpus" ] || { echo "index_large.sh: no corpus folder $corpus" >&2; exit 2; }

if [ -z "${ZHSEARCH_BIN:-}" ]; then
  for b in "$repo/build-bench/zhsearch" "$repo/build/zhsearch"; do
    [ -x "$b" ] && { ZHSEARCH_BIN=$b; break; }
  done
fi
[ -n "${ZHSEARCH_BIN:-}" ] && [ -x "$ZHSEARCH_BIN" ] || {
  echo "index_large.sh: no zhsearch binary; build it: cmake -S $repo -B $repo/build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build $repo/build-bench -j2 --target zhsearch" >&2
  exit 2; }
[ -x /usr/bin/time ] || { echo "index_large.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

load() { cut -d' ' -f1 /proc/loadavg; }
bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
tv() { sed -n "s/^[[:space:]]*$1: //p" "$2" | head -1; }

out=$work/index-large-out
mkdir -p "$out"
corpus_bytes=$(bytes_of "$corpus")
corpus_docs=$(find "$corpus" -type f \( -name '*.md' -o -name '*.txt' \) | wc -l)
qfile=$out/$name.queries.n$nq.s$seed.tsv
python3 "$repo/bench/lib/sample_queries.py" "$corpus" "$nq" "$seed" >"$qfile"
cut -f2- "$qfile" >"$qfile.txt"
echo "index_large.sh: $corpus_docs docs, $corpus_bytes bytes; $(wc -l <"$qfile") queries in $qfile"

started=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(python3 "$repo/bench/lib/results_md.py" commit "$repo")
machine=$(python3 "$repo/bench/lib/results_md.py" machine)
built=$(date -u -r "$ZHSEARCH_BIN" '+%Y-%m-%d %H:%M UTC')

index_rows=""
latency_args=()
IFS=, read -ra jl <<<"$jobs_list"
for j in "${jl[@]}"; do
  db=$work/index-$name-j$j
  tfile=$out/$name-j$j.time
  if [ $reuse = 1 ] && [ -d "$db" ] && [ -f "$tfile" ]; then
    echo "index_large.sh: --jobs $j: reusing $db"
    l0=$(cat "$tfile.load0" 2>/dev/null || echo "?"); l1=$(cat "$tfile.load1" 2>/dev/null || echo "?")
  else
    rm -rf "$db"
    l0=$(load)
    echo "index_large.sh: --jobs $j: indexing (load $l0) ..."
    /usr/bin/time -v -o "$tfile" "$ZHSEARCH_BIN" index --db "$db" --rebuild --quiet --jobs "$j" "$corpus"
    l1=$(load)
    echo "$l0" >"$tfile.load0"; echo "$l1" >"$tfile.load1"
  fi
  wall=$(tv 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$tfile")
  wall_s=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss_kb=$(tv 'Maximum resident set size (kbytes)' "$tfile")
  user_s=$(tv 'User time (seconds)' "$tfile")
  sys_s=$(tv 'System time (seconds)' "$tfile")
  idx_bytes=$(bytes_of "$db")
  passages=$("$ZHSEARCH_BIN" stats --db "$db" --json 2>/dev/null |
             python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("passages", d.get("documents","?")))' 2>/dev/null || echo "?")
  row=$(awk -v j="$j" -v w="$wall_s" -v cb="$corpus_bytes" -v r="$rss_kb" -v u="$user_s" -v s="$sys_s" \
            -v ib="$idx_bytes" -v p="$passages" -v l0="$l0" -v l1="$l1" 'BEGIN {
    printf "| %s | %.1f | %.2f | %.0f | %.1f | %s | %.1f | %.2f× | %s / %s |", j, w, cb/1e6/w, r/1024, u+s, p, ib/1e6, ib/cb, l0, l1 }')
  index_rows+="$row"$'\n'
  echo "index_large.sh: $row"

  for mode in literal user; do
    flag=(); [ $mode = literal ] && flag=(--literal)
    qo=$out/$name-j$j.$mode.tsv
    lq=$(load)
    "$ZHSEARCH_BIN" search --db "$db" --batch -n 10 "${flag[@]}" <"$qfile.txt" >"$qo"
    latency_args+=("--jobs $j, $mode (load $lq)=$qo")
  done
done
lat_table=$(python3 "$repo/bench/lib/latency.py" "$qfile" "${latency_args[@]}")
finished=$(date -u '+%Y-%m-%d %H:%M UTC')

report=$(cat <<EOF
## Baseline: indexing corpus-large (bench/index_large.sh)

* date: $started – $finished
* machine: $machine
* commit: $commit; binary \`$ZHSEARCH_BIN\` built $built
* command: \`bench/index_large.sh $orig_args\` (per --jobs value: \`/usr/bin/time -v zhsearch index --db DB --rebuild --quiet --jobs N $corpus\`, then \`zhsearch search --db DB --batch -n 10 [--literal] < queries\`)
* corpus: \`$corpus\` ($name): $corpus_docs documents, $(awk -v b="$corpus_bytes" 'BEGIN{printf "%.1f", b/1e6}') MB of UTF-8 (file bytes)

| --jobs | wall s | MB/s | peak RSS MB | CPU s (user+sys) | passages | index MB | index / corpus | load before / after |
|---:|---:|---:|---:|---:|---:|---:|---:|---|
$index_rows
Keyword query latency, zhsearch's in-process time per query (MICROS of \`search --batch\`, top 10 plus the exact count),
$(wc -l <"$qfile") queries sampled with seed $seed from the corpus (\`bench/lib/sample_queries.py\`: CJK runs of 1–6 characters cut at random
offsets, whole ASCII tokens, 1–3 CJK characters next to an ASCII token). "literal" is Ctrl-F mode (\`--literal\`), "user" the default query
parser (AND of the parts, relaxation to ranked OR when nothing matches). Queries ran once, right after indexing (warm page cache).

$lat_table
EOF
)
echo "$report"
if [ $write_results = 1 ]; then
  results="$repo/bench/RESULTS.md"
  [ -f "$results" ] || printf '# zhsearch benchmark results\n\nSee bench/README.md for how each table is made.\n' >"$results"
  printf '%s\n' "$report" | python3 "$repo/bench/lib/results_md.py" block "$results" "$section"
  echo "index_large.sh: wrote section '$section' of $results"
fi
