#!/usr/bin/env bash
# Soak test (issue 7): `zhsearch serve` under wrk load for SECONDS while a
# loop keeps adding documents with `zhsearch index`. Samples the server's
# RSS every 5 s and prints requests, errors (non-2xx answers and socket
# errors), RSS at start, after warm-up and at the end, and the documents
# added. Timing is a benchmark, so this is a script, not a CTest test.
#
#   scripts/soak.sh [SECONDS]        (default 300)
#
# Documents come from ../shared/data/corpus-large/news-xwlb.jsonl.xz when it
# is there (500 to start, 50 more each round), else from variants of corpus/
# (tests/hardening/make_docs.py). The query mix is bench/soak/queries.lua.
# Env: ZHSEARCH (default: $ZHSEARCH_BUILD_DIR/zhsearch, then build/zhsearch),
# SOAK_KEEP=1 keeps the work folder.
# Exit code: 0 no errors, the server alive and every index run succeeded;
# 1 otherwise; 2 a setup error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-300}
zh=${ZHSEARCH:-${ZHSEARCH_BUILD_DIR:-$root/build}/zhsearch}
[[ -x $zh ]] || { echo "soak: no zhsearch at $zh; run scripts/build.sh or set ZHSEARCH" >&2; exit 2; }
command -v wrk >/dev/null || { echo "soak: wrk is missing (scripts/bootstrap installs it)" >&2; exit 2; }

source=$root/../shared/data/corpus-large/news-xwlb.jsonl.xz
[[ -f $source ]] || source=$root/corpus
work=$(mktemp -d /tmp/zhsearch-soak.XXXXXX)
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  jobs -p | xargs -r kill 2>/dev/null || true
  [[ ${SOAK_KEEP:-0} == 1 ]] && echo "soak: kept $work" || rm -rf "$work"
}
trap cleanup EXIT
add_docs() { python3 "$root/bench/soak/add_docs.py" "$source" "$work/docs" "$1" "$2"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

echo "soak: $seconds s, documents from $source, work in $work"
added=$(add_docs 0 500)
"$zh" index --db "$work/db" --quiet "$work/docs"
docs_start=$("$zh" stats --db "$work/db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')

"$zh" serve --db "$work/db" --port 0 --quiet >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do grep -q http "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*/' "$work/serve.out") || { echo "soak: serve did not start: $(cat "$work/serve.err")" >&2; exit 2; }
rss_start=$(rss_kb "$server")

# RSS every 5 s: "SECONDS_SINCE_START RSS_KB".
t0=$(date +%s)
(while kill -0 "$server" 2>/dev/null; do echo "$(($(date +%s) - t0)) $(rss_kb "$server")"; sleep 5; done) >"$work/rss" &

# The writer: 50 more documents every round while wrk runs.
(
  next=$added rounds=0 failed=0
  while [[ ! -e $work/stop ]]; do
    n=$(add_docs "$next" 50)
    next=$((next + n))
    rounds=$((rounds + 1))
    "$zh" index --db "$work/db" --quiet "$work/docs" 2>>"$work/index.err" || failed=$((failed + 1))
    echo "$rounds $failed $((next - added))" >"$work/writer"
    sleep 2
  done
) &
writer=$!

wrk -t2 -c32 -d"${seconds}s" --latency -s "$root/bench/soak/queries.lua" "$url" >"$work/wrk.out" 2>&1 || true
touch "$work/stop"
wait "$writer" || true
sleep 1
alive=yes
kill -0 "$server" 2>/dev/null || alive=no
rss_end=$(rss_kb "$server")
health=$(curl -s -o /dev/null -w '%{http_code}' "${url}healthz" || echo none)
docs_end=$("$zh" stats --db "$work/db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
read -r rounds index_failed files_added <"$work/writer"

requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$work/wrk.out")
socket_errors=$(awk -F'Socket errors: ' '/Socket errors:/ {print $2}' "$work/wrk.out")
socket_total=$(echo "${socket_errors:-}" | awk -F'[^0-9]+' '{for (i = 1; i <= NF; i++) s += $i} END {print s + 0}')
warm=$((seconds / 10 < 30 ? seconds / 10 : 30))
rss_warm=$(awk -v w="$warm" '$1 >= w {print $2; exit}' "$work/rss")
rss_half=$(awk -v h="$((seconds / 2))" '$1 >= h {print $2; exit}' "$work/rss")
rss_max=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$work/rss")

echo
sed -n '/Latency Distribution/,/Requests\/sec/p' "$work/wrk.out"
echo "RSS samples (s kB): $(awk '{printf "%s:%s ", $1, $2}' "$work/rss")"
[[ -s $work/index.err ]] && { echo "index errors:"; tail -5 "$work/index.err"; }
echo
echo "soak: ${seconds} s; requests ${requests:-0}; non-2xx ${non2xx:-0}; socket errors ${socket_total:-0}" \
  "(${socket_errors:-none}); RSS start $((rss_start / 1024)) MB, after ${warm} s warm-up $((${rss_warm:-0} / 1024)) MB," \
  "at half time $((${rss_half:-0} / 1024)) MB, end $((rss_end / 1024)) MB, max $((rss_max / 1024)) MB; documents $docs_start -> $docs_end" \
  "($files_added files added in $rounds index runs, $index_failed failed); server alive: $alive; /healthz: $health"
[[ $alive == yes && $health == 200 && ${non2xx:-0} == 0 && ${socket_total:-0} == 0 && $index_failed == 0 &&
  $docs_end == $((docs_start + files_added)) ]]
