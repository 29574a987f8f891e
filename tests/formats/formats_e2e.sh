#!/usr/bin/env bash
# End-to-end format tests (issue 4): the built binary indexes real files of
# every format in a fresh temp folder, next to bad inputs; each bad input
# gets a clear message and everything else is indexed and found.
# Env: ZHSEARCH (the binary), FIXTURES (tests/formats/fixtures).
set -uo pipefail

: "${ZHSEARCH:?path to the zhsearch binary}" "${FIXTURES:?path to tests/formats/fixtures}"
work=$(mktemp -d /tmp/zhsearch-formats-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

corpus="$work/corpus"
db="$work/db"
cp -r "$FIXTURES" "$corpus"

# --- bad inputs, made here (the 20 MB page is not committed) ---
mkdir -p "$corpus/bad"
python3 - "$corpus/bad" <<'EOF'
import sys, os
d = sys.argv[1]
srt = "".join(f"{i}\n00:00:{i:02},000 --> 00:00:{i:02},900\n截断文件里的第{i}条字幕，内容完整。\n\n" for i in range(1, 6))
open(f"{d}/truncated.srt", "w").write(srt + "6\n00:00:0")                  # cut inside a timing line
open(f"{d}/disorder.srt", "w").write(
    "1\n00:10:00,000 --> 00:10:01,000\n乱序字幕第一条。\n\n"
    "2\n00:00:05,000 --> 00:00:06,000\n乱序字幕第二条独有词语。\n\n")
open(f"{d}/notext.srt", "w").write("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\n<i></i>\n")
open(f"{d}/notext.vtt", "w").write("WEBVTT\n\nNOTE nothing but a note\n")
with open(f"{d}/huge.html", "w") as f:
    f.write("<html><body>")
    line = "<p>超大页面里的段落内容，用来测试体积限制。</p>\n"
    f.write(line * (20 * 1024 * 1024 // len(line.encode()) + 1))
    f.write("</body></html>")
open(f"{d}/nested.html", "w").write("<html><body>" + "<div>" * 10000 + "万层嵌套最深处的文字" + "</div>" * 10000 + "</body></html>")
open(f"{d}/image.md", "wb").write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
open(f"{d}/zz-after-the-bad-ones.md", "w").write("# 最后一个文件\n\n坏文件之后的正常文档也必须被索引。\n")
EOF
ls -la "$corpus/bad/huge.html" | awk '{print "huge.html bytes:", $5}'

"$ZHSEARCH" index --db "$db" --json --verbose "$corpus" >"$work/out.json" 2>"$work/err.txt"
rc=$?
[[ $rc == 1 ]] && pass "index exits 1 when files were skipped" || fail "index exit code $rc, expected 1"
cat "$work/err.txt" | cut -c1-200

expect_err() {  # pattern, what
  if grep -Eq "$1" "$work/err.txt"; then pass "$2"; else fail "$2: no line matching /$1/ in stderr"; fi
}
expect_err 'indexed .*gb18030-archive.txt \(GB18030' "--verbose reports GB18030"
expect_err 'indexed .*big5-archive.txt \(Big5' "--verbose reports Big5"
expect_err 'indexed .*utf16-notes.txt \(UTF-16LE' "--verbose reports UTF-16LE"
expect_err 'warning: .*truncated.srt: .*truncated' "truncated SRT warns"
expect_err 'warning: .*disorder.srt: timestamps out of order' "out-of-order timestamps warn"
expect_err 'skipped .*notext.srt: no subtitle text' "SRT without text is skipped with a reason"
expect_err 'skipped .*notext.vtt: no subtitle cues' "VTT without cues is skipped with a reason"
expect_err 'skipped .*huge.html: HTML page is 20.0 MB, more than the 8 MB limit' "20 MB HTML is refused"
expect_err 'skipped .*image.md: binary file \(PNG image\)' "PNG renamed .md is refused"
if grep -q 'nested.html' "$work/err.txt" && ! grep -q 'indexed .*nested.html' "$work/err.txt"; then
  fail "nested.html reported: $(grep nested.html "$work/err.txt")"
fi

python3 - "$work/out.json" <<'EOF' || fail "summary JSON"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["failed"] == 4, s
assert s["added"] >= 11, s
print("ok: summary", {k: s[k] for k in ("added", "failed", "passages_written")})
EOF

# Exit codes are checked apart: search exits 1 on no results, index on skipped files.
search_json() { "$ZHSEARCH" search --db "$db" --json "$@" || true; }

# check QUERY PYTHON-EXPRESSION-over-r(results)/d(response) DESCRIPTION
check() {
  local q=$1 expr=$2 what=$3
  if search_json "$q" | python3 -c "
import json, sys
d = json.load(sys.stdin); r = d['results']
ok = $expr
if not ok: print(json.dumps(d, ensure_ascii=False)[:600], file=sys.stderr)
sys.exit(0 if ok else 1)"; then pass "$what"; else fail "$what"; fi
}

check 白鹤越冬 "len(r) == 1 and r[0]['doc'] == 'encodings/gb18030-archive.txt'" "GB18030 text is found"
check 阿里山森林鐵路 "len(r) == 1 and r[0]['doc'] == 'encodings/big5-archive.txt'" "Big5 text is found (traditional query)"
check 阿里山森林铁路 "len(r) == 1 and r[0]['doc'] == 'encodings/big5-archive.txt'" "Big5 text is found (simplified query)"
check 莫高窟壁画 "len(r) == 1 and r[0]['doc'] == 'encodings/utf16-notes.txt'" "UTF-16 text is found"
check 潮汐车道 "len(r) == 1 and r[0]['doc'] == 'subtitles/talk.srt' and r[0]['start_time'] == 754" "SRT hit has start_time 754"
check 潮汐车道 "r[0]['title'] == '城市交通分享会' and r[0]['source'].startswith('https://www.youtube.com/')" "SRT sidecar YAML gives title and source"
check 水运仪象台 "len(r) == 1 and r[0]['doc'] == 'subtitles/lecture.vtt' and r[0]['start_time'] == 3723.5" "VTT hit has start_time 3723.5"
check 水运仪象台 "r[0]['title'] == '古代天文仪器讲座'" "VTT sidecar .md gives the title"
check 古代天文仪器讲座 "all(x['doc'] == 'subtitles/lecture.vtt' for x in r)" "a front-matter-only sidecar .md is not a document of its own"
check 注释专用词语 "not any('注释' in x['passage'] for x in r)" "VTT NOTE text is not indexed"
check 乱序字幕第二条独有词语 "len(r) == 1 and r[0]['start_time'] == 600" "out-of-order SRT is indexed, in file order"
check 截断文件里的第5条字幕 "len(r) == 1" "the complete cues of a truncated SRT are indexed"
check 万层嵌套最深处的文字 "len(r) == 1 and r[0]['doc'] == 'bad/nested.html'" "HTML with 10,000 nested elements is indexed"
check 坏文件之后的正常文档 "len(r) == 1" "files after the bad ones are indexed"
check 泥炭藓 "sorted(x['doc'] for x in r) == ['site/index.html', 'site/posts/moss.html']" "static site pages are found"
check 观察方法 "r[0]['doc'] == 'site/posts/moss.html' and r[0]['heading'] == '观察方法'" "HTML headings become passage headings"
check 泥炭藓 "any(x['source'] == 'https://notes.example.com/posts/moss.html' for x in r)" "link rel=canonical is the source"
check 发布于三月 "len(r) == 1" "an article's own header is kept"
for menu in 导航首页菜单 关于本站菜单 标签云菜单 归档入口菜单 面包屑路径菜单 山间笔记站点标志 侧栏热门文章 侧栏推荐内容 相关文章侧栏 \
            版权所有页脚声明 文章页脚标签云 样式表里的文字 脚本里的广告词 请启用脚本提示 模板里的隐藏文字 搜索表单标签 \
            隐藏元素里的文字 屏幕阅读器隐藏文字 矢量图里的文字; do
  check "$menu" "not any('$menu' in x['passage'] or '$menu' in x['heading'] for x in r)" "boilerplate '$menu' is not indexed"
done

# The text output shows the moment and links to it.
text=$("$ZHSEARCH" search --db "$db" 潮汐车道)
grep -q '\[12:34\] · https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=754' <<<"$text" && pass "text output links YouTube ?t=754" ||
  fail "text output: $text"
text=$("$ZHSEARCH" search --db "$db" 水运仪象台)
grep -q '\[1:02:03\] · https://media.example.org/lectures/astronomy.mp4#t=3723' <<<"$text" && pass "text output links #t=3723" ||
  fail "text output: $text"

# A second run changes nothing; editing the sidecar re-indexes the subtitles.
{ "$ZHSEARCH" index --db "$db" --json "$corpus" 2>/dev/null || true; } | python3 -c '
import json, sys; s = json.load(sys.stdin); sys.exit(0 if s["added"] == 0 and s["updated"] == 0 else 1)' &&
  pass "a second run writes nothing" || fail "a second run wrote something"
sed -i 's/城市交通分享会/城市交通分享会（修订）/' "$corpus/subtitles/talk.yaml"
{ "$ZHSEARCH" index --db "$db" --json "$corpus" 2>/dev/null || true; } | python3 -c '
import json, sys; s = json.load(sys.stdin); sys.exit(0 if s["updated"] == 1 else 1)' &&
  pass "editing the sidecar re-indexes its subtitles" || fail "sidecar edit not picked up"
check 潮汐车道 "r[0]['title'] == '城市交通分享会（修订）'" "the new sidecar title is found"

# --jobs 1 and --jobs 2 give the same passages and terms (xapian-delve),
# on a first build (sharded) and on an update of an existing database.
if command -v xapian-delve >/dev/null; then
  for mode in first-build update; do
    for j in 1 2; do
      jdb="$work/db-$mode-j$j"
      [[ $mode == update ]] && "$ZHSEARCH" index --db "$jdb" --jobs $j --quiet "$corpus/encodings" 2>/dev/null
      "$ZHSEARCH" index --db "$jdb" --jobs $j --quiet "$corpus" 2>/dev/null
      "$ZHSEARCH" stats --db "$jdb" --json 2>/dev/null |
        python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["documents"], d["passages"], d["terms"])' >"$jdb.stats"
      # One line per passage (its data and terms), sorted: a first build with
      # --jobs 2 merges per-thread shards, so document ids may interleave.
      for id in $(seq 1 40); do
        xapian-delve -r "$id" -d "$jdb" 2>/dev/null | sed 's/record #[0-9]*//' | tr '\n' ' '
        echo
      done | sort >"$jdb.delve"
    done
    a="$work/db-$mode-j1" b="$work/db-$mode-j2"
    cmp -s "$a.stats" "$b.stats" && cmp -s "$a.delve" "$b.delve" &&
      pass "$mode: --jobs 1 and --jobs 2 databases match ($(cat "$a.stats"))" || fail "$mode: --jobs 1 and --jobs 2 differ"
  done
fi

echo "formats e2e: $failures failure(s)"
[[ $failures == 0 ]]
