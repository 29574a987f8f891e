#!/usr/bin/env bash
# Fault tests (issue 7): the built zhsearch binary against a full disk, a
# read-only index, truncated and corrupted index files, a missing index and
# a port in use. Each case runs in its own folder under one temp dir; each
# command runs under a time limit, so a hang fails instead of blocking, and
# every exit code is checked for signals and sanitizer reports.
# Usage: fault_test.sh ZHSEARCH CORPUS_DIR
#        fault_test.sh --full-disk-only ZHSEARCH CORPUS_DIR WORK  (internal:
#        re-run inside `unshare --user --map-root-user --mount` when this
#        user may not mount a tmpfs)
set -euo pipefail

only_full_disk=0
if [[ ${1:-} == --full-disk-only ]]; then
  only_full_disk=1
  shift
fi
zh=$1 corpus=$2
here=$(cd "$(dirname "$0")" && pwd)
if ((only_full_disk)); then
  work=$3
else
  work=$(mktemp -d /tmp/zhsearch-fault.XXXXXX)
  chmod 755 "$work"
  trap 'umount "$work/full" 2>/dev/null || true; rm -rf "$work"' EXIT
fi
failures=0
pass() { echo "ok   $*"; }
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# run NAME WANT CMD...: runs CMD (at most $limit seconds, default 60), keeps
# $rc, $out, $err; the exit code must be WANT, and a hang, a crash or a
# sanitizer report always fails.
run() {
  local name=$1 want=$2 seconds=${limit:-60}
  shift 2
  rc=0
  timeout -k 5 "$seconds" "$@" >"$work/out" 2>"$work/err" || rc=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
  if ((rc == 124 || rc == 137)); then
    fail "$name: still running after $seconds s (hang); stderr: ${err:0:400}"
  elif ((rc > 128)); then
    fail "$name: killed by signal $((rc - 128)); stderr: ${err:0:400}"
  elif [[ $err == *Sanitizer* || $err == *"runtime error:"* ]]; then
    fail "$name: sanitizer report: ${err:0:400}"
  elif [[ $rc == "$want" ]]; then
    pass "$name (exit $rc)"
  else
    fail "$name: exit $rc, wanted $want; stderr: ${err:0:400}"
  fi
}
expect() { # expect NAME TEXT HAYSTACK
  if [[ $3 == *"$2"* ]]; then pass "$1"; else fail "$1: missing [$2] in: ${3:0:400}"; fi
}
# The one-line error format: `zhsearch: what: why; what to do`.
expect_error() { # expect_error NAME TEXT
  expect "$1: message" "$2" "$err"
  [[ $err == zhsearch:* ]] && pass "$1: starts with zhsearch:" || fail "$1: stderr does not start with zhsearch: ${err:0:200}"
}
# What a user sees of an index: its document count and the passages for 小团队.
snapshot() { # snapshot DB -> prints "documents passages|sorted passages"
  local db=$1
  "$zh" stats --db "$db" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["documents"], d["passages"])'
  "$zh" search --db "$db" --json --per-doc 0 -n 100 小团队 |
    python3 -c 'import json,sys; print(sorted(r["passage"] for r in json.load(sys.stdin)["results"]))'
}

mkdir -p "$work/docs"
cp -r "$corpus"/. "$work/docs/"
# 200 documents are more than the small tmpfs below holds; 5 fit.
python3 "$here/make_docs.py" "$corpus" "$work/more" 200
python3 "$here/make_docs.py" "$corpus" "$work/few" 5 1000

# --- a full disk: the indexer stops with a clear message, the last commit stays --
full_disk() {
  local mnt=$1 db=$1/db
  run "full disk: first index" 0 "$zh" index --db "$db" "$work/docs"
  local before
  before=$(snapshot "$db")
  # Fill the filesystem to the last block.
  dd if=/dev/zero of="$mnt/filler" bs=4k status=none 2>/dev/null || true
  run "full disk: index more" 2 "$zh" index --db "$db" "$work/more"
  expect_error "full disk: index more" "No space left on device); the disk is full: free some space and run again"
  expect "full disk: names the index" "$db" "$err"
  run "full disk: --jobs 1" 2 "$zh" index --jobs 1 --db "$db" "$work/more"
  run "full disk: --rebuild" 2 "$zh" index --rebuild --db "$db" "$work/docs" "$work/more"
  expect_error "full disk: --rebuild" "the disk is full"
  # Room for a part of the batch only: the failure comes in the middle of
  # writing, after some blocks went to disk.
  rm -f "$mnt/filler"
  local free_kb
  free_kb=$(df -k --output=avail "$mnt" | tail -1)
  dd if=/dev/zero of="$mnt/filler" bs=1k count=$((free_kb - 256)) status=none
  run "full disk: index more with 256 kB free" 2 "$zh" index --db "$db" "$work/more"
  expect_error "full disk: 256 kB free" "the disk is full"
  rm -f "$mnt/filler"
  run "full disk: xapian-check after the failures" 0 xapian-check "$db"
  [[ $(snapshot "$db") == "$before" ]] && pass "full disk: documents and 小团队 results unchanged" ||
    fail "full disk: index changed: before [$before] after [$(snapshot "$db")]"
  run "full disk: no rebuild leftovers" 0 test ! -e "$db/.build"
  # With room again the same index takes the batch.
  run "full disk: index a few once there is room" 0 "$zh" index --db "$db" "$work/few"
  run "full disk: a new document is found" 0 "$zh" search --literal --db "$db" 变体01003
  run "full disk: xapian-check at the end" 0 xapian-check "$db"
}

mnt=$work/full
if ((only_full_disk)); then
  mount -t tmpfs -o size=3m zhsearch-fault "$mnt"
  full_disk "$mnt"
  umount "$mnt"
  exit $((failures > 0))
fi
mkdir -p "$mnt"
# A small tmpfs; where this user may not mount (CI without root), the same
# case runs in a private mount namespace of a user namespace.
if mount -t tmpfs -o size=3m zhsearch-fault "$mnt" 2>/dev/null; then
  full_disk "$mnt"
  umount "$mnt"
elif unshare --user --map-root-user --mount true 2>/dev/null; then
  echo "note: not allowed to mount; running the full-disk case under unshare --user --mount"
  unshare --user --map-root-user --mount bash "$0" --full-disk-only "$zh" "$corpus" "$work" ||
    fail "full disk (in a user namespace): see above"
else
  fail "full disk: cannot mount a tmpfs (mount -t tmpfs needs root or user namespaces; unshare -rm failed);" \
    "run this test as root or enable unprivileged user namespaces"
fi

# --- a read-only index folder ------------------------------------------------------
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
  # root writes anywhere: drop to nobody so permissions apply.
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
  as_user=()
fi
rodb=$work/ro/db
run "read-only: index" 0 "$zh" index --db "$rodb" "$work/docs"
chmod -R a-w,a+rX "$work/ro"
run "read-only: index more" 2 "${as_user[@]}" "$zh" index --db "$rodb" "$work/more"
expect_error "read-only: index more" "cannot open $rodb for writing"
expect "read-only: says why" "Permission denied; the indexer needs write access to the folder" "$err"
run "read-only: remove" 2 "${as_user[@]}" "$zh" remove --db "$rodb" sam-altman-sequoia-ai-ascent-2025.md
expect_error "read-only: remove" "$rodb"
run "read-only: new index in a read-only folder" 2 "${as_user[@]}" "$zh" index --db "$work/ro/new" "$work/docs"
expect_error "read-only: new index" "cannot create $work/ro/new"
run "read-only: search still works" 0 "${as_user[@]}" "$zh" search --db "$rodb" 小团队
run "read-only: stats still works" 0 "${as_user[@]}" "$zh" stats --db "$rodb"
chmod -R u+w "$work/ro"

# --- truncated and corrupted index files ---------------------------------------------
clean=$work/clean
run "corrupt: clean index" 0 "$zh" index --db "$clean" "$work/docs"
# corrupt_copy NAME: a copy of the clean index at $work/NAME.
corrupt_copy() {
  rm -rf "$work/$1"
  cp -r "$clean" "$work/$1"
  echo "$work/$1"
}
# Every block header overwritten: whatever block Xapian reads first is bad.
smash_blocks() {
  python3 -c '
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read())
for off in range(0, len(b), 8192): b[off:off + 16] = b"\xff" * 16
open(p, "wb").write(b)' "$1"
}
# each_command NAME DB: search, stats, index and serve all refuse the index.
each_command() {
  local name=$1 db=$2
  run "$name: search" 2 "$zh" search --db "$db" 小团队
  expect_error "$name: search" "cannot open the index at $db"
  expect "$name: search: what to do" "check it with xapian-check $db" "$err"
  run "$name: stats" 2 "$zh" stats --db "$db"
  expect_error "$name: stats" "$db"
  run "$name: index" 2 "$zh" index --db "$db" "$work/more"
  expect_error "$name: index" "rebuild it with: zhsearch index --rebuild --db $db"
  limit=10 run "$name: serve" 2 "$zh" serve --db "$db" --port 0
  expect_error "$name: serve" "$db"
}
db=$(corrupt_copy truncated)
truncate -s 20000 "$db/postlist.glass"
each_command "truncated postlist.glass" "$db"
db=$(corrupt_copy smashed-termlist)
smash_blocks "$db/termlist.glass"
each_command "overwritten termlist.glass" "$db"
db=$(corrupt_copy smashed-docdata)
smash_blocks "$db/docdata.glass"
each_command "overwritten docdata.glass" "$db"
db=$(corrupt_copy bad-version)
printf 'not a version file' >"$db/iamglass"
each_command "overwritten iamglass" "$db"
db=$(corrupt_copy empty-postlist)
: >"$db/postlist.glass"
each_command "empty postlist.glass" "$db"
db=$(corrupt_copy rebuilt)
truncate -s 20000 "$db/postlist.glass"
run "corrupt: index --rebuild replaces a damaged index" 0 "$zh" index --rebuild --db "$db" "$work/docs"
run "corrupt: the rebuilt index answers" 0 "$zh" search --db "$db" 小团队

# The text store (normal-text.*) holds the passages' texts (schema 7):
# damaged or missing, searches and updates stop with a message that says to
# rebuild, an update changes nothing, and a rebuild brings every passage back.
want=$(snapshot "$clean")
store_lost() { # store_lost NAME DB
  local name=$1 db=$2
  run "$name: search" 2 "$zh" search --db "$db" 小团队
  expect_error "$name: search" "text store"
  expect "$name: search: what to do" "zhsearch index --rebuild" "$err"
  run "$name: stats still answers" 0 "$zh" stats --db "$db"
  local before
  before=$(cksum "$db"/* 2>/dev/null)
  run "$name: index" 2 "$zh" index --db "$db" "$work/few"
  expect_error "$name: index" "nothing was changed"
  expect "$name: index: what to do" "zhsearch index --rebuild --db $db" "$err"
  [[ $(cksum "$db"/* 2>/dev/null) == "$before" ]] && pass "$name: index changed no file" ||
    fail "$name: index changed files of the index"
  run "$name: index --rebuild" 0 "$zh" index --rebuild --db "$db" "$work/docs"
  expect "$name: the rebuilt index finds every passage again" "$want" "$(snapshot "$db")"
}
db=$(corrupt_copy store-truncated)
truncate -s 100 "$db/normal-text.dat"
store_lost "truncated normal-text.dat" "$db"
db=$(corrupt_copy store-missing)
rm "$db/normal-text.idx"
store_lost "missing normal-text.idx" "$db"

# Random bytes at random places (seeded): any exit 0, 1 or 2 is fine (a
# flipped byte inside a passage's text is no error), a signal never is.
python3 - "$zh" "$clean" "$work/random" <<'EOF' || fail "corrupt: random byte flips (see above)"
import random, shutil, subprocess, sys
zh, clean, work = sys.argv[1:]
# The Xapian tables and zhsearch's text store, each with its own seeded
# sequence. Glass trusts its blocks: a flipped postlist.glass can crash
# inside libxapian itself (seen under ASan: Document::get_value of the
# document key, frame #0 in libxapian, since the text store took the
# normal text out of the values that used to be read, and fail, first).
# Such a crash is reported, not failed, when the sanitizer's top frame is
# in libxapian; any other crash fails. xapian-check finds that damage.
import re
codes, bad, xapian_crashes = {}, 0, 0
xapian_rng, store_rng = random.Random(7), random.Random(11)
plan = [(xapian_rng, ["postlist.glass", "termlist.glass", "docdata.glass"])] * 40 + \
       [(store_rng, ["normal-text.dat", "normal-text.idx"])] * 20
for i, (rng, tables) in enumerate(plan):
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(clean, work)
    table = rng.choice(tables)
    path = f"{work}/{table}"
    data = bytearray(open(path, "rb").read())
    for _ in range(rng.randint(1, 32)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    open(path, "wb").write(data)
    for args in (["search", "小团队"], ["search", "--json", "GPT"], ["stats", "--json"]):
        r = subprocess.run([zh, args[0], "--db", work, *args[1:]], capture_output=True, timeout=60)
        codes[r.returncode] = codes.get(r.returncode, 0) + 1
        stderr = r.stderr.decode("utf-8", "replace")
        if re.search(r"AddressSanitizer: SEGV.*\n(?:.*\n)*?\s*#0 0x[0-9a-f]+ +\(/[^ ]*libxapian\.so", stderr) and \
                "runtime error:" not in stderr:
            xapian_crashes += 1
            print(f"known: random flips #{i} in {table}: {args}: a crash inside libxapian (a damaged glass table)")
        elif r.returncode not in (0, 1, 2) or "Sanitizer" in stderr or "runtime error:" in stderr:
            bad += 1
            print(f"FAIL random flips #{i} in {table}: {args}: exit {r.returncode}: {stderr[-3000:]}")
print(f"ok   random byte flips: {len(plan)} damaged copies (20 of the text store), {3 * len(plan)} commands, "
      f"exit codes {dict(sorted(codes.items()))}, crashes inside libxapian {xapian_crashes}")
sys.exit(1 if bad else 0)
EOF

# --- serve: a missing index, a port in use --------------------------------------------
# A missing index is not fatal for serve (docs/web.md: it warns, answers 503
# and serves once `zhsearch index` has built it), but the warning must say
# what to do.
python3 - "$zh" "$work/no-such-db" <<'EOF' || fail "serve on a missing index (see above)"
import json, re, signal, subprocess, sys, time, urllib.error, urllib.request
zh, db = sys.argv[1:]
p = subprocess.Popen([zh, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = p.stdout.readline()
url = re.search(r"(http://\S+/)", line).group(1)
body = None
try:
    urllib.request.urlopen(url + "healthz", timeout=10)
    status = 200
except urllib.error.HTTPError as e:
    status, body = e.code, json.loads(e.read())
p.send_signal(signal.SIGTERM)
_, err = p.communicate(timeout=10)
ok = (status == 503 and body and body["error"]["code"] == "index_unavailable" and p.returncode == 0
      and f"no index at {db}; build one with: zhsearch index --db {db}" in err and err.startswith("zhsearch: warning:"))
print(("ok  " if ok else "FAIL") + f" serve on a missing index: warning {err.splitlines()[0]!r}, /healthz {status}, exit {p.returncode}")
sys.exit(0 if ok else 1)
EOF

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Hold the port with a listening socket for as long as the check runs.
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); print("held", flush=True); time.sleep(60)' "$port" \
  >"$work/holder.out" &
holder=$!
for _ in $(seq 100); do [[ -s $work/holder.out ]] && break; sleep 0.1; done
run "port in use" 2 "$zh" serve --db "$clean" --port "$port"
expect_error "port in use" "cannot listen on 127.0.0.1:$port: port $port is in use"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
run "address not on this machine" 2 "$zh" serve --db "$clean" --host 192.0.2.1 --port "$port"
expect_error "address not on this machine" "cannot listen on 192.0.2.1:$port"
run "port out of range" 2 "$zh" serve --db "$clean" --port 70000
expect_error "port out of range" "--port 70000 is not a port number"

echo
if ((failures)); then
  echo "fault tests: $failures FAILED"
  exit 1
fi
echo "fault tests: all passed"
