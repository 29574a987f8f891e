#!/usr/bin/env bash
# HTTP throughput of `zhsearch serve` on loopback (DESIGN §4: wrk -t2 -c32).
#
#   bench/http_bench.sh [--db DIR] [--seconds N] [--queries FILE]
#
# Starts `zhsearch serve` on a free loopback port over DIR (default: the
# shared harness's zh index of corpus-large, /tmp/zh-bench/indexes/large/zh),
# warms up for 5 s, then runs wrk -t2 -c32 for N seconds (default 20) twice:
#   mix:   /api/search?q=... cycling through FILE (default: the harness's
#          1,000 corpus-large substring queries), every request a different
#          search, so nothing is answered from a cache;
#   团队:  one fixed query, the figure docs/web.md reported before.
# Prints wrk's summary lines and the load average. Needs wrk (scripts/bootstrap).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
db=/tmp/zh-bench/indexes/large/zh
seconds=20
queries=/tmp/zh-bench/queries/large.substr.n1000.s42.txt
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --queries) queries=$2; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "http_bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
bin=${ZHSEARCH_BIN:-$repo/build/zhsearch}
[ -x "$bin" ] || { echo "http_bench.sh: no zhsearch at $bin; run scripts/build.sh" >&2; exit 2; }
[ -d "$db" ] || { echo "http_bench.sh: no index at $db; pass --db" >&2; exit 2; }
[ -f "$queries" ] || { echo "http_bench.sh: no query file $queries; pass --queries" >&2; exit 2; }
command -v wrk >/dev/null || { echo "http_bench.sh: wrk is missing; run scripts/bootstrap" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
python3 -c '
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    q = line.strip()
    if q:
        print("/api/search?q=" + urllib.parse.quote(q))
' "$queries" >"$tmp/paths"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "$db" --port "$port" --quiet >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$tmp/server.log" >&2; exit 2; }

echo "http_bench: $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), $("$bin" --version), db $db"
export ZH_PATHS=$tmp/paths
wrk -t2 -c32 -d5s -s "$repo/bench/lib/query_mix.lua" "http://127.0.0.1:$port" >/dev/null
echo "mix ($(wc -l <"$tmp/paths") queries): wrk -t2 -c32 -d${seconds}s -s bench/lib/query_mix.lua"
wrk -t2 -c32 -d"${seconds}s" -s "$repo/bench/lib/query_mix.lua" "http://127.0.0.1:$port" | grep '^wrk:'
echo "团队: wrk -t2 -c32 -d${seconds}s /api/search?q=团队"
printf '/api/search?q=%%E5%%9B%%A2%%E9%%98%%9F\n' >"$tmp/one"
ZH_PATHS=$tmp/one wrk -t2 -c32 -d"${seconds}s" -s "$repo/bench/lib/query_mix.lua" "http://127.0.0.1:$port" | grep '^wrk:'
echo "http_bench: done, load $(cut -d' ' -f1-3 /proc/loadavg); server still up: $(kill -0 "$server" && echo yes || echo NO)"
