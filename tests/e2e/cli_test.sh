#!/usr/bin/env bash
# End-to-end tests of the zhsearch binary in a fresh temp folder: output,
# exit codes and error messages, as a user sees them.
# Usage: cli_test.sh ZHSEARCH HOLD_WRITE_LOCK CORPUS_DIR
set -uo pipefail
zh=$(realpath "$1") hold=$(realpath "$2") corpus=$(realpath "$3")
work=$(mktemp -d /tmp/zhsearch-e2e.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# run NAME EXPECTED_EXIT CMD...: runs, keeps stdout/stderr in $out/$err.
run() {
  local name=$1 want=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
  if [[ $rc == "$want" ]]; then pass "$name (exit $rc)"; else fail "$name: exit $rc, wanted $want; stderr: $err"; fi
}
expect() { # expect NAME TEXT HAYSTACK
  if [[ $3 == *"$2"* ]]; then pass "$1"; else fail "$1: missing [$2] in: ${3:0:400}"; fi
}
json() { python3 -c "import json,sys; d=json.load(open('$work/out')); $1"; }

db=$work/db
export ZHSEARCH_DB=$db
mkdir -p "$work/docs"
cp "$corpus"/* "$work/docs/"

# --- the binary -------------------------------------------------------------
run "--version" 0 "$zh" --version
expect "--version names zhsearch" "zhsearch 0." "$out"
# A binary linked with mimalloc (CMakeLists.txt) must really allocate with it.
if ldd "$zh" | grep -q libmimalloc; then
  expect "--version names the allocator" "(mimalloc 2." "$out"
  MIMALLOC_VERBOSE=1 "$zh" --version >/dev/null 2>"$work/err"
  expect "mimalloc is initialized in the process" "mimalloc: process init" "$(cat "$work/err")"
fi

# --- indexing and the demo queries -----------------------------------------
run "index corpus" 0 "$zh" index "$work/docs"
expect "index summary" "1 added" "$out"

run "search 小团队 --json" 0 "$zh" search --json --per-doc 0 -n 100 小团队
json '
rs = d["results"]
assert d["total"] == len(rs) == 2, d["total"]
for r in rs:
    p = r["passage"]
    assert "小团队" in p
    spans = [p[a:b] for a, b in r["highlights"]]
    assert spans == ["小团队"] * p.count("小团队"), spans
assert set(d) == {"query", "total", "total_passages", "total_documents", "total_is_estimate", "relaxed", "took_ms", "results"}
assert set(rs[0]) == {"rank","score","doc","title","title_highlights","source","heading","heading_highlights","passage","highlights"}, set(rs[0])
' && pass "小团队: every passage with it, each occurrence highlighted" || fail "小团队 JSON"
small=$(python3 -c "import json; print(sorted(r['passage'] for r in json.load(open('$work/out'))['results']))")

# Issue 22: honest totals. 说 is in 7 passages of one transcript; 2 are
# shown per document by default, and the summary says how to see them all.
run "search 说 counts every passage" 0 "$zh" search --no-color 说
expect "说: 7 passages in 1 document" "1–2 of 7 passages in 1 document (2 shown per document; --per-doc 0 shows all)" "$out"
run "search 说 --json" 0 "$zh" search --json 说
json '
assert d["total"] == 2 and d["total_passages"] == 7 and d["total_documents"] == 1, d
assert d["total_is_estimate"] is False and len(d["results"]) == 2
for k in ("total", "total_passages", "total_documents"): assert type(d[k]) is int, k
for r in d["results"]:
    for f, text in (("highlights", "passage"), ("title_highlights", "title"), ("heading_highlights", "heading")):
        assert isinstance(r[f], list) and all(isinstance(s, list) and len(s) == 2 and all(type(x) is int for x in s) for s in r[f]), f
        assert all(r[text][a:b] == "说" for a, b in r[f]), (f, r[f])
assert any(r["title_highlights"] for r in d["results"]), "the title holds 说"
' && pass "说 --json: total_passages 7, total_documents 1, highlight fields" || fail "说 --json totals"
run "search 说 --per-doc 0" 0 "$zh" search --no-color --per-doc 0 -n 100 说
expect "说 --per-doc 0: all 7" "1–7 of 7 passages in 1 document (" "$out"
# The title is marked too (brackets when piped).
run "search 说 marks the title" 0 "$zh" search 说
expect "title marked" "会议上【说】了什么" "$out"
# A relaxed result's counts are Xapian's estimates, and say so.
run "relaxed counts are estimates" 0 "$zh" search --json 怎么样才能让小团队成功呢
json 'assert d["relaxed"] and d["total_is_estimate"] is True and d["total_passages"] >= d["total"] >= 1' &&
  pass "relaxed: total_is_estimate" || fail "relaxed estimate flag"
run "relaxed text says about" 0 "$zh" search --no-color 怎么样才能让小团队成功呢
expect "relaxed summary: about" "of about " "$out"
# --batch (the benchmark protocol) is unchanged: the count is still of documents.
printf '说\n团队\n' | "$zh" search --batch >"$work/out" 2>"$work/err"
python3 -c "
rows = [l.split('\t') for l in open('$work/out').read().splitlines()]
assert [r[0] for r in rows] == ['1', '2'] and [r[-2] for r in rows] == ['1', '1'], rows
" && pass "--batch count unchanged" || fail "--batch count: $(cat "$work/out")"

run "search 小團隊" 0 "$zh" search --json --per-doc 0 -n 100 小團隊
trad=$(python3 -c "import json; print(sorted(r['passage'] for r in json.load(open('$work/out'))['results']))")
[[ $small == "$trad" ]] && pass "小團隊 finds the same passages" || fail "小團隊 differs from 小团队"

run "search 团队" 0 "$zh" search --json --per-doc 0 -n 100 团队
json 'assert d["total"] == 3 and all("团队" in r["passage"] for r in d["results"])' && pass "团队 finds 3 passages" || fail "团队 count"
run "search 團隊" 0 "$zh" search --json --per-doc 0 -n 100 團隊
json 'assert d["total"] == 3' && pass "團隊 = 团队" || fail "團隊 count"

for q in chatgpt ChatGPT ＧＰＴ GPT-3 DALL-E AGI 2020年6月; do
  run "mixed-script $q" 0 "$zh" search --json --per-doc 0 -n 100 "$q"
  Q="$q" json '
import os, unicodedata
q = unicodedata.normalize("NFKC", os.environ["Q"]).lower()
assert d["total"] >= 1
for r in d["results"]:
    assert q in unicodedata.normalize("NFKC", r["passage"]).lower() or q in r["heading"].lower(), r["passage"]
' && pass "$q: every result contains it" || fail "$q results"
done

run "piped output marks matches with 【】" 0 "$zh" search 小团队
expect "brackets" "【小团队】" "$out"
run "--no-color marks nothing" 0 "$zh" search --no-color 小团队
[[ $out != *"【"* && $out != *$'\e['* ]] && pass "no marks" || fail "--no-color still marks"
run "--explain" 0 "$zh" search --explain 小团队
expect "explain shows candidates" "candidates B小团 B团队" "$out"

# --- the passage a reader would pick comes first ----------------------------------
first_passage() { "$zh" search --json -n 1 "$1" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(r[0]["heading"] + "|" + r[0]["passage"] if r else "")'; }
expect "小团队 ranks the small-teams passage first" "团队哲学：小团队，大责任|OpenAI现在很大" "$(first_passage 小团队)"
expect "红杉资本 ranks the opening passage first" "|昨天，红杉资本公开了" "$(first_passage 红杉资本)"
expect "GPT-3 API ranks the June 2020 passage first" "2020年6月，OpenAI 正式开放了GPT-3的API接口" "$(first_passage 'GPT-3 API')"
expect "a question relaxes to the right passage" "第一款消费级产品其实并不是 ChatGPT" "$(first_passage 'OpenAI的第一款消费级产品是什么')"

# --- queries that are wrong ---------------------------------------------------
run "empty query" 2 "$zh" search ""
expect "empty query message" "query is empty" "$err"
run "all punctuation" 2 "$zh" search "，。！？"
expect "punctuation message" "nothing to search for" "$err"
run "10,000 characters" 2 "$zh" search "$(python3 -c 'print("团"*10000)')"
expect "long query message" "limit is" "$err"
run "unbalanced quote" 2 "$zh" search '"小团队'
expect "quote message" "unbalanced quote" "$err"
run "unbalanced parenthesis is literal" 1 "$zh" search --no-relax "(小团队"
run "no results" 1 "$zh" search --no-relax 不存在的字符串组合
run "a question without an exact match relaxes" 0 "$zh" search 小团队大责任
run "regression: --literal never relaxes" 1 "$zh" search --literal 小团队大责任
printf '小团队大责任\n小团队\n' | "$zh" search --batch --literal >"$work/out"
expect "regression: --batch --literal counts exact matches only" $'1\t0\t' "$(head -1 "$work/out")"
run "bad year" 2 "$zh" search 'year:abc 团队'

# --- bad input files ------------------------------------------------------------
bad=$work/bad
mkdir -p "$bad"
printf '有效的文本。\xff\xfe坏字节之后还有文字。\n' >"$bad/invalid.md"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$bad/picture.md"
: >"$bad/empty.md"
python3 -c "
import sys
line = '这是一个很大的文件，用来测试五十兆字节的输入不会让索引器崩溃。'
with open('$bad/huge.md', 'w') as f:
    while f.tell() < 50 * 1024 * 1024: f.write(line * 20 + '\n\n')
"
echo '好的文件在这里。' >"$bad/good.md"
run "index bad inputs" 1 "$zh" index "$bad"
expect "invalid UTF-8 warning names file and offset" "invalid.md: invalid UTF-8 at byte 18" "$err"
expect "binary file skipped" "picture.md: binary file (PNG image)" "$err"
run "the rest was indexed" 0 "$zh" search 好的文件
run "invalid UTF-8 file indexed with replacement" 0 "$zh" search 坏字节之后
run "50 MB file indexed" 0 "$zh" search --json 五十兆字节
run "demo corpus still there" 0 "$zh" search 小团队

if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
  # root reads any file; drop to nobody so permissions apply.
  udb=$work/udb udocs=$work/udocs
  mkdir -p "$udocs" && echo '能读的文件。' >"$udocs/ok.md" && echo '秘密。' >"$udocs/secret.md"
  chmod 000 "$udocs/secret.md" && chmod 777 "$work" "$udocs"
  run "unreadable file" 1 setpriv --reuid=nobody --regid=nogroup --clear-groups "$zh" index --db "$udb" "$udocs"
  expect "unreadable message" "secret.md: cannot open for reading" "$err"
else
  udocs=$work/udocs && mkdir -p "$udocs" && echo '秘密。' >"$udocs/secret.md" && chmod 000 "$udocs/secret.md"
  run "unreadable file" 1 "$zh" index --db "$work/udb" "$udocs"
  expect "unreadable message" "secret.md: cannot open for reading" "$err"
fi

# --- a second writer while the lock is held -----------------------------------
coproc HOLD { "$hold" "$db"; }
# bash unsets HOLD and HOLD_PID as soon as the helper exits: keep copies.
hold_pid=$HOLD_PID hold_in=${HOLD[1]}
read -r line <&"${HOLD[0]}"
[[ $line == locked ]] && pass "lock held by helper" || fail "lock helper did not start"
run "second index while locked" 2 "$zh" index "$work/docs"
expect "lock message" "locked by another zhsearch index" "$err"
eval "exec ${hold_in}>&-"
wait "$hold_pid" 2>/dev/null || true
run "index intact after lock conflict" 0 "$zh" search 小团队

# --- incremental updates --------------------------------------------------------
inc=$work/inc
mkdir -p "$inc"
echo '第一版的内容，讲的是旧故事。' >"$inc/a.md"
echo '另一个文件，会被删除。' >"$inc/b.md"
run "index inc" 0 "$zh" index --db "$work/idb" "$inc"
run "unchanged re-run" 0 "$zh" index --db "$work/idb" "$inc"
expect "says nothing changed" "nothing changed: 2 files unchanged" "$out"
echo '第二版的内容，讲的是新故事。' >"$inc/a.md"
run "edited file re-indexed" 0 "$zh" index --db "$work/idb" "$inc"
expect "updated" "1 updated" "$out"
run "old passage gone" 1 "$zh" search --db "$work/idb" --no-relax 旧故事
run "new passage found" 0 "$zh" search --db "$work/idb" 新故事
rm "$inc/b.md"
run "--prune drops deleted file" 0 "$zh" index --db "$work/idb" --prune "$inc"
expect "removed" "1 removed" "$out"
run "deleted file not found" 1 "$zh" search --db "$work/idb" --no-relax 会被删除
run "remove by path" 0 "$zh" remove --db "$work/idb" "$inc/a.md"
run "removed file not found" 1 "$zh" search --db "$work/idb" --no-relax 新故事
run "remove of nothing" 1 "$zh" remove --db "$work/idb" "$inc/a.md"

printf '人工智能 AI\n孤单\n' >"$work/bad-synonyms.txt"
run "--rank-param with an unknown name" 2 "$zh" search --rank-param nope=1 小团队
expect "--rank-param message lists the names" "names: k1, b" "$err"
run "--rank-param with a bad value" 2 "$zh" search --rank-param "k1=abc" 小团队
expect "--rank-param message names the value" "'abc' is not a number" "$err"
run "--rank-param in --batch" 2 "$zh" search --batch --rank-param phrase </dev/null
run "--rank-param switches a signal off" 0 "$zh" search --rank-param "phrase=0;coverage=0" 小团队
run "synonyms file with a one-entry group" 2 "$zh" index --db "$work/sdb" --synonyms "$work/bad-synonyms.txt" "$inc"
expect "synonyms message names the line" "line 2" "$err"
run "missing synonyms file" 2 "$zh" index --db "$work/sdb" --synonyms "$work/no-such-synonyms.txt" "$inc"
expect "missing synonyms message" "cannot read synonyms file" "$err"
[[ ! -e $work/sdb ]] && pass "a bad synonyms file writes nothing" || fail "a bad synonyms file created $work/sdb"

# --- issue 20: CLI conventions ----------------------------------------------------
# tty_run OUT CMD...: runs CMD with stdin, stdout and stderr on a pseudo-terminal;
# OUT gets what the terminal showed, $work/tty-seconds the run's wall time.
tty_run() {
  python3 - "$work" "$@" <<'PY'
import os, pty, subprocess, sys, time
work, out_file, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
master, slave = pty.openpty()
started = time.monotonic()
p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the child closed the terminal
        break
    if not chunk:
        break
    out += chunk
rc = p.wait()
open(os.path.join(work, "tty-seconds"), "w").write("%.3f" % (time.monotonic() - started))
open(out_file, "wb").write(out)
sys.exit(rc)
PY
}

run "regression 20: unknown command" 2 "$zh" serch 小团队
expect "regression 20: unknown command is named" "zhsearch: unknown command 'serch'" "$err"
expect "regression 20: unknown command prints the commands" "Commands:" "$err"
expect "regression 20: unknown command lists stats" "stats" "$err"
[[ $err != *"A subcommand is required"* ]] && pass "regression 20: no CLI11 jargon" || fail "still says: $err"
run "regression 20: help" 0 "$zh" help
expect "regression 20: help lists the commands" "Commands:" "$out"
expect "regression 20: help lists stats" "stats" "$out"
run "regression 20: help search" 0 "$zh" help search
help_search=$out
run "regression 20: search --help" 0 "$zh" search --help
[[ $help_search == "$out" ]] && pass "regression 20: help search = search --help" || fail "help search differs"
run "regression 20: help of an unknown command" 2 "$zh" help serch
expect "regression 20: help serch names it" "unknown command 'serch'" "$err"
run "regression 20: no command" 2 "$zh"
expect "regression 20: no command prints the usage on stderr" "Commands:" "$err"
[[ -z $out ]] && pass "regression 20: no command prints nothing on stdout" || fail "stdout: $out"

run "regression 20: unquoted -exclusion" 0 "$zh" search --json --per-doc 0 -n 100 团队 -OpenAI
json '
assert d["total"] >= 1 and d["query"] == "团队 -OpenAI", d["query"]
assert all("openai" not in r["passage"].lower() for r in d["results"])
' && pass "regression 20: -OpenAI leaves out OpenAI" || fail "-OpenAI not excluded"
run "regression 20: unquoted -小团队" 0 "$zh" search --json --per-doc 0 -n 100 团队 -小团队
json 'assert d["total"] >= 1 and all("小团队" not in r["passage"] for r in d["results"])' &&
  pass "regression 20: -小团队 leaves out 小团队" || fail "-小团队 not excluded"
run "regression 20: a -word that is not an option" 0 "$zh" search --json 团队 -nothing -limit
json 'assert d["query"] == "团队 -nothing -limit", d["query"]' && pass "regression 20: -nothing -limit are query words" ||
  fail "-nothing -limit"
run "regression 20: flags after the query still work" 0 "$zh" search --json 团队 -小团队 -n 1 --per-doc=1
json 'assert len(d["results"]) == 1 and d["query"] == "团队 -小团队", d' && pass "regression 20: -n 1 after the query" ||
  fail "-n after the query"
run "regression 20: -n1" 0 "$zh" search --json -n1 团队
json 'assert len(d["results"]) == 1' && pass "regression 20: -n1 is -n 1" || fail "-n1"
run "regression 20: -- still works" 0 "$zh" search --json -n 1 -- 团队 -小团队
json 'assert d["query"] == "团队 -小团队" and len(d["results"]) == 1, d["query"]' && pass "regression 20: --" || fail "--"
run "regression 20: a misspelt option is still an error" 2 "$zh" search 团队 --limt 5
expect "regression 20: misspelt option named" "--limt" "$err"

run "regression 20: --offset past the end" 1 "$zh" search --per-doc 0 --offset 1000 团队
expect "regression 20: --offset past the end says so" "--offset is past the last of 3 passages" "$out"
run "regression 20: --offset past the end, --json" 1 "$zh" search --json --per-doc 0 --offset 1000 团队
json 'assert d["results"] == [] and d["total"] == 3' && pass "regression 20: --json total kept" || fail "--json offset"

run "regression 20: one result" 0 "$zh" search 团队 -小团队
expect "regression 20: singular summary" "passage 1 of 1 (" "$out"
[[ $out != *"1 passages"* && $out != *"1–1"* ]] && pass "regression 20: no '1 passages'" || fail "plural: $out"
run "regression 20: two results" 0 "$zh" search -n 2 --per-doc 0 团队
expect "regression 20: plural summary" "1–2 of 3 passages" "$out"
mkdir -p "$work/one"
echo '只有一段的文件。' >"$work/one/one.md"
run "regression 20: index one passage" 0 "$zh" index --db "$work/one-db" "$work/one"
expect "regression 20: 1 passage written" "1 passage written" "$out"
run "regression 20: unchanged one file" 0 "$zh" index --db "$work/one-db" "$work/one"
expect "regression 20: 1 file unchanged" "nothing changed: 1 file unchanged" "$out"

for cmd in index remove search serve stats; do
  help=$("$zh" "$cmd" --help)
  if grep -En 'DESIGN|§|[a-z_]+\.(h|cc|cpp)\b|searcher/|indexer/|bench' <<<"$help"; then
    fail "regression 20: $cmd --help refers to files a user does not have"
  else
    pass "regression 20: $cmd --help stands alone"
  fi
done

# NO_COLOR (no-color.org) turns colour off on a terminal unless --color says otherwise.
tty_run "$work/tty" env -u NO_COLOR "$zh" search 小团队
out=$(cat "$work/tty")
expect "regression 20: a terminal gets colour" $'\e[1;31m小团队' "$out"
tty_run "$work/tty" env NO_COLOR=1 "$zh" search 小团队
out=$(cat "$work/tty")
[[ $out != *$'\e['* && $out == *"【小团队】"* ]] && pass "regression 20: NO_COLOR on a terminal: brackets, no colour" ||
  fail "regression 20: NO_COLOR ignored: ${out:0:300}"
tty_run "$work/tty" env NO_COLOR=1 "$zh" search --color always 小团队
out=$(cat "$work/tty")
expect "regression 20: --color always wins over NO_COLOR" $'\e[1;31m小团队' "$out"
tty_run "$work/tty" env NO_COLOR= "$zh" search 小团队
out=$(cat "$work/tty")
expect "regression 20: an empty NO_COLOR is unset" $'\e[1;31m小团队' "$out"

# The progress line is redrawn at most ~5 times a second, not once per file.
many=$work/many
mkdir -p "$many"
python3 -c "
for i in range(2000):
    open('$many/f%04d.md' % i, 'w').write('第%d个文件。\n' % i)
"
tty_run "$work/tty" "$zh" index --db "$work/many-db" "$many"
python3 - "$work/tty" "$work/tty-seconds" <<'PY' && pass "regression 20: progress redraws throttled" || fail "regression 20: progress redraws"
import sys
out = open(sys.argv[1], "rb").read()
seconds = float(open(sys.argv[2]).read())
draws = out.count(b"\r\x1b[K")
assert b"2000 added" in out, out[-300:]
limit = 5 * seconds + 3
print("  %d redraws in %.2f s (at most %.0f)" % (draws, seconds, limit))
assert draws <= limit, draws
PY

# A path that does not exist is a usage error, found before anything is written.
cd "$work" || exit 1
run "regression 20: index a path that does not exist" 2 "$zh" index --db D does-not-exist/
expect "regression 20: missing path message" "no such file or folder: does-not-exist/" "$err"
[[ ! -e D ]] && pass "regression 20: nothing written for a missing path" || fail "regression 20: D was created"
cd - >/dev/null || exit 1

# --exclude and .zhsearchignore; --prune drops what is now excluded.
ex=$work/ex
mkdir -p "$ex/drafts" "$ex/notes"
echo '正式发布的文章。' >"$ex/post.md"
echo '还没写完的草稿。' >"$ex/drafts/draft.md"
echo '私人笔记的内容。' >"$ex/notes/private.md"
echo '公开笔记的内容。' >"$ex/notes/public.md"
echo 'private.md' >"$ex/notes/.zhsearchignore"
run "regression 20: --exclude" 0 "$zh" index --db "$work/ex-db" --exclude drafts/ "$ex"
expect "regression 20: --exclude and .zhsearchignore leave files out" "2 added" "$out"
run "regression 20: excluded folder not indexed" 1 "$zh" search --db "$work/ex-db" --no-relax 草稿
run "regression 20: .zhsearchignore honoured" 1 "$zh" search --db "$work/ex-db" --no-relax 私人笔记
run "regression 20: the rest indexed" 0 "$zh" search --db "$work/ex-db" 公开笔记
run "regression 20: --prune drops a newly excluded file" 0 "$zh" index --db "$work/ex-db" --prune --exclude drafts/ \
  --exclude 'post.*' "$ex"
expect "regression 20: pruned" "1 removed" "$out"
run "regression 20: pruned file gone" 1 "$zh" search --db "$work/ex-db" --no-relax 正式发布

# A file skipped by an earlier run and unchanged since is not a new failure.
sk=$work/sk
mkdir -p "$sk"
echo '好的文件。' >"$sk/good.md"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$sk/picture.md"
run "regression 20: a new skip exits 1" 1 "$zh" index --db "$work/sk-db" "$sk"
run "regression 20: the same skip again exits 0" 0 "$zh" index --db "$work/sk-db" "$sk"
expect "regression 20: still skipped counted" "1 still skipped (unchanged since they were reported; --exclude them)" "$out"
[[ $err != *picture.md* ]] && pass "regression 20: still skipped not listed without -v" || fail "listed: $err"
run "regression 20: -v lists still skipped files" 0 "$zh" index -v --json --db "$work/sk-db" "$sk"
expect "regression 20: -v names the file" "picture.md" "$err"
json 'assert d["still_skipped"] == 1 and d["failed"] == 0, d' && pass "regression 20: --json still_skipped" ||
  fail "--json still_skipped"

# Two files that would share a key get the shortest unique tails of their paths.
mkdir -p "$work/keys/a" "$work/keys/b"
echo '甲的说明文件。' >"$work/keys/a/readme.md"
echo '乙的说明文件。' >"$work/keys/b/readme.md"
run "regression 20: same name in two folders" 0 "$zh" index --db "$work/keys-db" "$work/keys/a" "$work/keys/b"
run "regression 20: keys" 0 "$zh" search --db "$work/keys-db" --json 说明文件
json 'assert sorted(r["doc"] for r in d["results"]) == ["a/readme.md", "b/readme.md"], d' &&
  pass "regression 20: a/readme.md and b/readme.md" || fail "keys"
run "regression 20: remove by key" 0 "$zh" remove --db "$work/keys-db" a/readme.md
expect "regression 20: removed by key" "removed a/readme.md" "$out"

run "stats" 0 "$zh" stats
expect "stats documents" "documents" "$out"
run "search without an index" 2 "$zh" search --db "$work/nothing-here" 团队
expect "no index message" "no index at" "$err"

echo
if ((failures)); then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
