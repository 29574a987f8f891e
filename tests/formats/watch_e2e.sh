#!/usr/bin/env bash
# `zhsearch index --watch` end to end (issue 4): create, edit, rename,
# delete files (and a folder, an editor's save-by-rename, a subtitle and its
# sidecar) and see each change in searches within 2 seconds; SIGTERM stops
# the watcher cleanly. Prints the latency of each change.
# Env: ZHSEARCH (the binary).
set -uo pipefail

: "${ZHSEARCH:?path to the zhsearch binary}"
work=$(mktemp -d /tmp/zhsearch-watch-e2e.XXXXXX)
watcher=""
cleanup() {
  [[ -n $watcher ]] && kill "$watcher" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

docs="$work/docs"
db="$work/db"
mkdir -p "$docs"
printf '# 起点\n\n监视开始之前就有的文档：初始青蛙。\n' >"$docs/a.md"

"$ZHSEARCH" index --watch --db "$db" "$docs" >"$work/watch.log" 2>"$work/watch.err" &
watcher=$!
for _ in $(seq 1 100); do
  grep -q "watching for changes" "$work/watch.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "watching for changes" "$work/watch.log" || { fail "watcher did not start"; cat "$work/watch.err"; exit 1; }

# docs_for QUERY: the matching documents, sorted, comma-separated ("" when
# none, or when only a relaxed query matched). grep, not python: polling
# must be cheap, or it is the poll that is measured.
docs_for() {
  local out
  out=$("$ZHSEARCH" search --db "$db" --json --limit 50 "$1" 2>/dev/null)
  grep -q '"relaxed":false' <<<"$out" || { echo ""; return; }
  grep -o '"doc":"[^"]*"' <<<"$out" | sed 's/"doc":"//; s/"$//' | sort -u | paste -sd, -
}

latencies=()
# expect WHAT QUERY EXPECTED-DOCS: polls until the search gives EXPECTED
# (within 2 s of the change made just before).
expect() {
  local what=$1 q=$2 want=$3 got="" start=$change_started
  while :; do
    got=$(docs_for "$q")
    [[ $got == "$want" ]] && break
    (( $(date +%s%N) - start > 2000000000 )) && break
    sleep 0.05
  done
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [[ $got == "$want" ]] && ((ms <= 2000)); then
    pass "$what: '$q' -> '$want' after $ms ms"
    latencies+=("$ms")
  else
    fail "$what: '$q' gave '$got', expected '$want' within 2000 ms (waited $ms ms)"
  fi
}
changed() { change_started=$(date +%s%N); }

change_started=$(date +%s%N)
expect "first pass" 初始青蛙 a.md

changed; printf '# 新建\n\n新建的文件里有一只蓝色狐狸。\n' >"$docs/b.md"
expect "create" 蓝色狐狸 b.md

changed; printf '# 新建\n\n编辑以后变成了红色松鼠。\n' >"$docs/b.md"
expect "edit (new text)" 红色松鼠 b.md
expect "edit (old text gone)" 蓝色狐狸 ""

changed; mv "$docs/b.md" "$docs/c.md"
expect "rename (new name)" 红色松鼠 c.md

changed; rm "$docs/c.md"
expect "delete" 红色松鼠 ""

changed; mkdir -p "$docs/sub/deeper" && printf '子目录里的紫色海豚。\n' >"$docs/sub/deeper/d.txt"
expect "new folder" 紫色海豚 sub/deeper/d.txt

# An editor's save: write a hidden temp file, then rename it over the file.
changed; printf '# 起点\n\n保存方式是先写临时文件再改名：金色仓鼠。\n' >"$docs/.a.md.swp" && mv "$docs/.a.md.swp" "$docs/a.md"
expect "save by rename" 金色仓鼠 a.md
expect "save by rename (old text gone)" 初始青蛙 ""

# Several writes in quick succession (debounced into one batch).
changed; for i in 1 2 3 4 5; do printf "第${i}次写入的草稿。\n" >"$docs/draft.md"; sleep 0.05; done
printf '草稿最终版本：银色刺猬。\n' >>"$docs/draft.md"
expect "several quick writes" 银色刺猬 draft.md

changed; printf '1\n00:01:40,000 --> 00:01:45,000\n字幕里的橙色企鹅。\n' >"$docs/talk.srt"
expect "subtitle" 橙色企鹅 talk.srt

changed; printf 'title: 企鹅讲座\n' >"$docs/talk.yaml"
expect "sidecar edit" 企鹅讲座 talk.srt

changed; mv "$docs/sub" "$work/outside"
expect "folder moved out" 紫色海豚 ""

# Changes in the folder's new place, outside the watched tree, are not indexed.
changed; printf '搬走以后新写的灰色河马。\n' >"$work/outside/deeper/e.md"; sleep 0.6
expect "a folder moved out is no longer watched" 灰色河马 ""

# SIGTERM stops it cleanly.
kill -TERM "$watcher"
stopped=""
for _ in $(seq 1 40); do
  kill -0 "$watcher" 2>/dev/null || { stopped=1; break; }
  sleep 0.05
done
if [[ -n $stopped ]]; then
  wait "$watcher"
  rc=$?
  watcher=""
  [[ $rc == 0 ]] && grep -q "stopped watching" "$work/watch.log" && pass "SIGTERM stops the watcher (exit 0)" ||
    fail "watcher exit code $rc; log: $(tail -3 "$work/watch.log")"
else
  fail "watcher still running 2 s after SIGTERM"
fi
xapian-check "$db" >/dev/null 2>&1 && pass "database passes xapian-check" || fail "xapian-check failed"

if ((${#latencies[@]})); then
  sorted=$(printf '%s\n' "${latencies[@]}" | sort -n | tr '\n' ' ')
  echo "watch latency (ms, each change until visible in search): $sorted"
fi
echo "watch e2e: $failures failure(s)"
[[ $failures == 0 ]]
