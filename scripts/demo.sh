#!/usr/bin/env bash
# The main job, end to end: install, build, index corpus/, run example
# searches, then serve the search page (Ctrl-C stops it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/bootstrap"
"$root/scripts/build.sh"
zhsearch="${ZHSEARCH_BUILD_DIR:-$root/build}/zhsearch"
db="${ZHSEARCH_DB:-$root/zhsearch-db}"

echo "== zhsearch index $root/corpus"
"$zhsearch" index --db "$db" --synonyms "$root/synonyms.txt" "$root/corpus"
"$zhsearch" stats --db "$db"
for q in 小团队 團隊 红杉资本 GPT-3 chatgpt "2020年6月" "OpenAI的第一款消费级产品是什么"; do
  echo
  echo "== zhsearch search $q"
  "$zhsearch" search --db "$db" --color=always -n 3 "$q" || true
done

if [[ "${ZHSEARCH_DEMO_NO_SERVE:-}" != "1" ]] && "$zhsearch" serve --help >/dev/null 2>&1; then
  echo
  echo "== zhsearch serve (Ctrl-C to stop)"
  exec "$zhsearch" serve --db "$db" --host 127.0.0.1 --port "${ZHSEARCH_PORT:-8080}"
fi
