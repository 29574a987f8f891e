#!/usr/bin/env bash
# Crash-safety test (issue 4): indexes a corpus, SIGKILLs the indexer at
# random moments, and checks each time that the database opens and passes
# xapian-check; then lets a run finish and compares documents, passages,
# terms and a few searches with a clean, uninterrupted build.
#
#   scripts/kill_test.sh [--small] [--kills N] [--jobs N] [--commit-every N]
#                        [--corpus DIR] [--clean-db DIR] [--max-delay-pct P]
#                        [--keep] [--seed N]
#
# The corpus is ../shared/data/corpus-large converted to Markdown, one
# "# title\n\ntext" file per document (--small: 200 documents of each
# source, committing every 500 passages, as CI runs it; without the shared
# data, --small generates a synthetic corpus). --corpus DIR uses a folder
# of files as it is; --clean-db DIR an existing clean build of it (timed
# again only if its time is unknown). Each kill comes at a random moment
# between 3% and P% (default 97) of a clean build's duration.
# Env: ZHSEARCH (default: build/zhsearch), CLEAN_MS (the clean build's time
# with --clean-db).
# Exit code: 0 all checks passed, 1 a check failed, 2 a setup error.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
zhsearch=${ZHSEARCH:-$root/build/zhsearch}
data=${ZHSEARCH_DATA:-$root/../shared/data}
small=0 kills=10 jobs=2 commit_every="" corpus="" clean_db="" max_pct=97 keep=0 seed=$$
while (($#)); do
  case $1 in
    --small) small=1 ;;
    --kills) kills=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --commit-every) commit_every=$2; shift ;;
    --corpus) corpus=$2; shift ;;
    --clean-db) clean_db=$2; shift ;;
    --max-delay-pct) max_pct=$2; shift ;;
    --keep) keep=1 ;;
    --seed) seed=$2; shift ;;
    *) echo "kill_test: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -x $zhsearch ]] || { echo "kill_test: no zhsearch binary at $zhsearch (set ZHSEARCH)" >&2; exit 2; }
command -v xapian-check >/dev/null || { echo "kill_test: xapian-check not found (apt install xapian-tools)" >&2; exit 2; }
[[ -z $commit_every ]] && commit_every=$((small ? 500 : 2000))
RANDOM=$seed

work=$(mktemp -d /tmp/zhsearch-kill.XXXXXX)
((keep)) || trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- the corpus ---
if [[ -z $corpus ]]; then
  corpus="$work/corpus"
  mkdir -p "$corpus"
  per_source=$((small ? 200 : 0))
  if compgen -G "$data/corpus-large/*.jsonl.xz" >/dev/null; then
    python3 - "$data/corpus-large" "$corpus" "$per_source" <<'EOF' || exit 2
import json, lzma, os, sys, glob
src, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
for path in sorted(glob.glob(os.path.join(src, "*.jsonl.xz"))):
    name = os.path.basename(path).split(".")[0]
    os.makedirs(os.path.join(out, name), exist_ok=True)
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit and i >= limit:
                break
            d = json.loads(line)
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(d["id"]))
            with open(os.path.join(out, name, safe + ".md"), "w", encoding="utf-8") as g:
                g.write(f"# {d.get('title') or d['id']}\n\n{d['text']}\n")
            n += 1
print(f"kill_test: corpus: {n} documents from {src}")
EOF
  elif ((small)); then
    python3 - "$corpus" <<'EOF' || exit 2
import random, sys, os
random.seed(7)
han = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
for d in range(600):
    os.makedirs(os.path.join(sys.argv[1], f"g{d % 6}"), exist_ok=True)
    paras = ["".join(random.choice(han) + ("。" if random.random() < 0.04 else "") for _ in range(random.randint(20, 700)))
             for _ in range(random.randint(1, 8))]
    open(os.path.join(sys.argv[1], f"g{d % 6}", f"doc{d}.md"), "w").write(f"# 文档{d}\n\n" + "\n\n".join(paras) + "\n")
print("kill_test: corpus: 600 synthetic documents (no shared data found)")
EOF
  else
    echo "kill_test: no corpus: $data/corpus-large not found; pass --corpus DIR or --small" >&2
    exit 2
  fi
fi
corpus_mb=$(du -sm "$corpus" | cut -f1)
echo "kill_test: $(find "$corpus" -type f | wc -l) files, ${corpus_mb} MB; jobs $jobs, commit every $commit_every passages, $kills kills, seed $seed"

index() {  # DB [extra flags]: one indexing run in the foreground
  local db=$1
  shift
  "$zhsearch" index --db "$db" --jobs "$jobs" --commit-every "$commit_every" --quiet "$@" "$corpus" 2>>"$work/index.err"
}
stats() { "$zhsearch" stats --db "$1" --json 2>/dev/null | python3 -c '
import json, sys; d = json.load(sys.stdin); print(d["documents"], d["passages"], d["terms"])'; }

# --- a clean build, timed ---
if [[ -n $clean_db ]]; then
  ln -s "$(cd "$clean_db" && pwd)" "$work/clean"
  clean_ms=${CLEAN_MS:?set CLEAN_MS to the clean build time in ms with --clean-db}
else
  start=$(now_ms)
  index "$work/clean"
  rc=$?
  clean_ms=$(($(now_ms) - start))
  ((rc <= 1)) || { echo "kill_test: the clean build failed (exit $rc)" >&2; exit 2; }
fi
clean_stats=$(stats "$work/clean")
echo "kill_test: clean build: ${clean_ms} ms; documents passages terms: $clean_stats"

# --- kill at random moments ---
db="$work/killed"
prev_passages=0
k=0 attempts=0
# A first build (empty database) is built in shards and merged at the end:
# a kill leaves the empty database. Later runs write to the database in
# batches, committing every --commit-every passages: a kill leaves the last
# commit. Kill 1 hits a first build; then the database is seeded with one
# file so that the other kills hit the batch path.
# The seed: one corpus file, indexed through the corpus folder with every
# other file excluded (so under its own document key and content: the full
# runs find it unchanged).
seed_file=$(cd "$corpus" && find . -type f -name '*.md' | sort | head -1)
seed_file=${seed_file#./}
seed_dir=$(dirname "$seed_file")
seed_only=(--exclude '/*')
if [[ $seed_dir != . ]]; then
  seed_only+=(--exclude "!/$seed_dir/" --exclude "/$seed_dir/*")
fi
seed_only+=(--exclude "!/$seed_file")
reseed() {
  rm -rf "$db"
  "$zhsearch" index --db "$db" --quiet "${seed_only[@]}" "$corpus" >/dev/null 2>>"$work/index.err"
  prev_passages=0
}
# Until N runs were killed mid-way. A run that finishes before its kill is
# checked too, and the next run starts over from the seed, so that every
# kill lands while there is work to do.
while ((k < kills && attempts < 3 * kills)); do
  ((k >= 1)) && [[ ! -f $work/seeded ]] && { reseed; touch "$work/seeded"; echo "   (seeded with $(basename "$seed_file"))"; }
  attempts=$((attempts + 1))
  # A moment between 3% and max_pct% of a clean build's duration.
  delay_ms=$((clean_ms * (3 + RANDOM % (max_pct - 2)) / 100))
  "$zhsearch" index --db "$db" --jobs "$jobs" --commit-every "$commit_every" --quiet "$corpus" \
    >/dev/null 2>>"$work/index.err" &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  finished=0
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null
    k=$((k + 1))
    what="kill $k: killed at ${delay_ms} ms"
  else
    wait "$pid"
    finished=1
    what="run $attempts: finished before the kill at ${delay_ms} ms"
  fi
  if [[ ! -d $db ]] || ! ls "$db"/*.glass >/dev/null 2>&1; then
    echo "$what; no database yet (killed before it was created)"
    continue
  fi
  check_out=$(xapian-check "$db" 2>&1)
  check_rc=$?
  s=$(stats "$db")
  read -r docs passages terms <<<"${s:-x x x}"
  if ((check_rc != 0)); then
    fail "$what: xapian-check failed: $(tail -3 <<<"$check_out")"
  elif [[ -z $s ]]; then
    fail "$what: the database does not open"
  elif ((passages < prev_passages)); then
    fail "$what: passages went down from $prev_passages to $passages (a commit was lost)"
  elif ((finished)) && [[ $s != "$clean_stats" ]]; then
    fail "$what: a finished run gives '$s'; the clean build has '$clean_stats'"
  else
    echo "$what; xapian-check ok; documents passages terms: $s"
    prev_passages=$passages
  fi
  if ((finished && k < kills)); then
    if ((k >= 1)); then reseed; else rm -rf "$db"; prev_passages=0; fi
    echo "   (starting over)"
  fi
done
((k == kills)) || fail "only $k of $kills runs could be killed mid-way in $attempts attempts"

# --- converge: one run to the end, then compare with the clean build ---
index "$db"
final_stats=$(stats "$db")
xapian-check "$db" >/dev/null 2>&1 || fail "final database fails xapian-check"
if [[ $final_stats == "$clean_stats" ]]; then
  echo "kill_test: converged: documents passages terms: $final_stats (same as the clean build)"
else
  fail "after the kills, documents passages terms are '$final_stats'; the clean build has '$clean_stats'"
fi
# A second run finds nothing to do.
again=$("$zhsearch" index --db "$db" --jobs "$jobs" --json "$corpus" 2>/dev/null)
python3 -c 'import json,sys; s=json.loads(sys.argv[1]); sys.exit(0 if s["added"]+s["updated"]+s["removed"]==0 else 1)' "$again" ||
  fail "a run after convergence still wrote: $again"

results() {  # DB QUERY: the result set, order-independent
  # When the total is over the 1000-result page, hits tied at the page's
  # lowest score may differ (ties go by document id, and a sharded first
  # build numbers documents differently from batches): those are left out.
  "$zhsearch" search --db "$1" --json --limit 1000 "$2" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["total"], d["relaxed"])
hits = [(r["doc"], r["passage"], r["heading"], round(r["score"], 2)) for r in d["results"]]
if hits and d["total"] > len(hits):
    lowest = min(h[3] for h in hits)
    hits = [h for h in hits if h[3] > lowest + 0.011]
for h in sorted(hits): print(h)'
}
for q in 长江 人工智能 合同 "中华人民共和国" 湿地保护 GPT 文档1 "2020年" 鄱阳湖 量子; do
  a=$(results "$work/clean" "$q")
  if [[ -z $a ]]; then
    fail "search '$q' failed on the clean database"
  elif [[ $a == "$(results "$db" "$q")" ]]; then
    echo "search '$q': same results ($(head -1 <<<"$a" | cut -d' ' -f1) passages)"
  else
    fail "search '$q' differs between the clean and the killed-and-resumed database"
  fi
done

((keep)) && echo "kill_test: kept $work"
echo "kill_test: $failures failure(s)"
((failures == 0))
