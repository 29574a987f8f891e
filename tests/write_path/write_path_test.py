#!/usr/bin/env python3
"""The write path keeps every document (issue 20): real `zhsearch` runs on
real folders and databases, no mocks.

- Two folders holding files with the same relative path (a/readme.md,
  b/readme.md) give two documents; `index` of one folder, `remove`,
  `--prune`, `--watch` and PUT/DELETE /api/documents/{id} each act on the
  right one.
- Ignore rules: --exclude and .zhsearchignore in `index`, `--prune` and
  `--watch`; a file skipped before and unchanged since does not fail later
  runs (exit 0), a new problem does (exit 1); a path that does not exist is
  an error (exit 2) and writes nothing.
- Two first builds started at once into one empty database, many times:
  never interleaved (xapian-check, counts, a search).

Usage: write_path_test.py ZHSEARCH CORPUS_DIR WORK_DIR
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

ZH, CORPUS, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
FAILURES = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)


def run(*args, timeout=120):
    return subprocess.run([ZH, *args], capture_output=True, text=True, timeout=timeout)


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def fresh(name):
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def docs_for(db, query):
    """{doc key: passage} of the exact matches of `query` ({} when none)."""
    out = run("search", "--db", db, "--json", "-n", "50", query)
    if out.returncode not in (0, 1):
        return {"error": out.stderr}
    obj = json.loads(out.stdout)
    if obj.get("relaxed"):
        return {}
    return {r["doc"]: r["passage"] for r in obj["results"]}


def total_for(db, query):
    out = run("search", "--db", db, "--json", query)
    return json.loads(out.stdout)["total"] if out.returncode in (0, 1) else None


def stats(db):
    return json.loads(run("stats", "--db", db, "--json").stdout)


def two_roots():
    work = fresh("two-roots")
    db = os.path.join(work, "db")
    a, b = os.path.join(work, "a"), os.path.join(work, "b")
    write(f"{a}/readme.md", "# 甲\n\n甲方的说明文件，提到青蛙。\n")
    write(f"{b}/readme.md", "# 乙\n\n乙方的说明文件，提到蟾蜍。\n")
    write(f"{a}/notes/_index.md", "# 甲索引\n\n甲方索引页面的内容。\n")
    write(f"{b}/notes/_index.md", "# 乙索引\n\n乙方索引页面的内容。\n")
    out = run("index", "--db", db, a, b)
    check(out.returncode == 0, f"index a/ b/: exit 0 ({out.returncode} {out.stderr.strip()})")
    check(stats(db)["documents"] == 4, f"two roots with colliding paths keep 4 documents: {stats(db)}")
    check(docs_for(db, "说明文件").keys() == {"a/readme.md", "b/readme.md"},
          f"both readme.md are found under distinct keys: {docs_for(db, '说明文件')}")
    check(docs_for(db, "索引页面").keys() == {"a/notes/_index.md", "b/notes/_index.md"},
          "both _index.md are found under distinct keys")

    # Re-indexing one root changes only its own document.
    write(f"{b}/readme.md", "# 乙\n\n乙方的说明文件，改成了蜥蜴。\n")
    out = run("index", "--db", db, b)
    check(out.returncode == 0, "index b/ alone: exit 0")
    check(docs_for(db, "青蛙").keys() == {"a/readme.md"}, "a's document survives indexing b/ alone")
    check(docs_for(db, "蜥蜴").keys() == {"b/readme.md"} and not docs_for(db, "蟾蜍"),
          "b's document is updated in place (its old text is gone)")
    # Found again through a parent folder: the same documents, not copies.
    out = run("index", "--db", db, work)
    check(stats(db)["documents"] == 4, f"indexing the parent folder adds no copies: {stats(db)}")

    # remove by file acts on that file's document only.
    out = run("remove", "--db", db, f"{a}/readme.md")
    check(out.returncode == 0 and "a/readme.md" in out.stdout, f"remove a/readme.md: {out.stdout.strip()}")
    check(docs_for(db, "说明文件").keys() == {"b/readme.md"}, "remove took a's readme only")
    run("index", "--db", db, a)
    # A new document again: the shortest key no other document has.
    check(docs_for(db, "说明文件").keys() == {"readme.md", "b/readme.md"},
          f"a's readme is back, under a key of its own: {docs_for(db, '说明文件')}")
    run("index", "--db", db, a, b, work)
    check(docs_for(db, "说明文件").keys() == {"readme.md", "b/readme.md"}, "and keeps it, whatever folder is indexed")

    # --prune removes the gone file's document only.
    os.remove(f"{b}/readme.md")
    out = run("index", "--prune", "--db", db, a, b)
    check(out.returncode == 0, "index --prune: exit 0")
    check(docs_for(db, "说明文件").keys() == {"readme.md"}, "--prune removed b's readme only")
    write(f"{b}/readme.md", "# 乙\n\n乙方的说明文件，又回来了。\n")
    run("index", "--db", db, a, b)
    return work, db, a, b


def watch(work, db, a, b):
    log = open(os.path.join(work, "watch.log"), "w")
    watcher = subprocess.Popen([ZH, "index", "--watch", "--db", db, a, b], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 20
        while time.time() < deadline and "watching" not in open(os.path.join(work, "watch.log")).read():
            time.sleep(0.1)

        def wait_for(query, want):
            got = None
            deadline = time.time() + 10
            while time.time() < deadline:
                got = set(docs_for(db, query).keys())
                if got == want:
                    return True, got
                time.sleep(0.1)
            return False, got

        write(f"{a}/readme.md", "# 甲\n\n甲方的说明文件，监视时改成了黄鹂。\n")
        ok, got = wait_for("黄鹂", {"readme.md"})
        check(ok, f"--watch: a change of a/readme.md updates a's document ({got})")
        check(docs_for(db, "又回来了").keys() == {"b/readme.md"}, "--watch: b's document untouched")
        os.remove(f"{b}/readme.md")
        ok, got = wait_for("说明文件", {"readme.md"})
        check(ok, f"--watch: deleting b/readme.md removes b's document only ({got})")
        write(f"{b}/.zhsearchignore", "skip-me.md\n")
        time.sleep(0.5)
        write(f"{b}/skip-me.md", "# 忽略\n\n不该被索引的白鹭。\n")
        time.sleep(2)
        check(not docs_for(db, "白鹭"), "--watch honours a .zhsearchignore written while watching")
        write(f"{b}/readme.md", "# 乙\n\n乙方的说明文件，第三次。\n")
        ok, got = wait_for("第三次", {"b/readme.md"})
        check(ok, f"--watch: b/readme.md created again under its key ({got})")
    finally:
        watcher.send_signal(signal.SIGTERM)
        watcher.wait(timeout=20)
        os.remove(f"{b}/.zhsearchignore")
        os.remove(f"{b}/skip-me.md")


def http_api(work, db):
    token = os.path.join(work, "token")
    write(token, "write-path-test-token-0123456789")
    os.chmod(token, 0o600)
    server = subprocess.Popen([ZH, "serve", "--db", db, "--port", "0", "--admin-token-file", token],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        base = line[line.index("http://"):].split()[0].rstrip("/")

        def call(method, doc_id, body=None):
            req = urllib.request.Request(f"{base}/api/documents/{doc_id}", method=method,
                                         data=body.encode() if body else None,
                                         headers={"Authorization": "Bearer write-path-test-token-0123456789",
                                                  "Content-Type": "text/markdown"})
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        status = call("PUT", "readme.md", "# 甲\n\n甲方的说明文件，经接口改为鸬鹚。\n")
        check(status in (200, 201), f"PUT /api/documents/readme.md: {status}")
        check(docs_for(db, "鸬鹚").keys() == {"readme.md"} and not docs_for(db, "黄鹂"), "PUT replaced a's document")
        check(docs_for(db, "第三次").keys() == {"b/readme.md"}, "PUT left b's document alone")
        status = call("DELETE", "b/readme.md")
        check(status == 200, f"DELETE /api/documents/b/readme.md: {status}")
        check(docs_for(db, "说明文件").keys() == {"readme.md"}, "DELETE removed b's document only")
    finally:
        server.terminate()
        server.wait(timeout=20)


def ignore_and_exit_status():
    work = fresh("ignore")
    db = os.path.join(work, "db")
    d = os.path.join(work, "docs")
    write(f"{d}/good.md", "# 好\n\n正常文件里的燕子。\n")
    write(f"{d}/tool.txt", "\x7fELF\x02\x01\x01\x00binary", "w")
    write(f"{d}/drafts/wip.md", "# 草稿\n\n草稿里的麻雀。\n")
    write(f"{d}/logs/run.md", "# 日志\n\n日志里的喜鹊。\n")
    out = run("index", "--db", db, d)
    check(out.returncode == 1 and "tool.txt" in out.stderr, f"a binary .txt is skipped: exit 1 ({out.returncode})")
    out = run("index", "--db", db, d)
    check(out.returncode == 0, f"the same skip, file unchanged: exit 0 ({out.returncode}: {out.stdout.strip()})")
    check("still skipped" in out.stdout, f"the summary says a file is still skipped: {out.stdout.strip()}")
    out = run("index", "--db", db, "-v", d)
    check("tool.txt" in out.stderr, "-v lists the file still skipped")
    write(f"{d}/tool.txt", "\x7fELF\x02\x01\x01\x00other binary", "w")
    out = run("index", "--db", db, d)
    check(out.returncode == 1, f"a skipped file whose bytes changed fails again: exit 1 ({out.returncode})")
    out = run("index", "--db", db, d, "--exclude", "*.txt")
    check(out.returncode == 0 and "tool.txt" not in out.stderr, "--exclude '*.txt' leaves it out: exit 0")

    # --exclude and .zhsearchignore, then --prune removes what is now excluded.
    check(set(docs_for(db, "草稿里的麻雀")) == {"drafts/wip.md"}, "drafts/wip.md indexed before it is excluded")
    write(f"{d}/.zhsearchignore", "# notes\ndrafts/\n*.txt\n")
    out = run("index", "--db", db, "--prune", "--exclude", "logs", d)
    check(out.returncode == 0, f"index --prune with ignore rules: exit 0 ({out.stderr.strip()})")
    check(not docs_for(db, "草稿里的麻雀"), "--prune removes a document whose file .zhsearchignore now leaves out")
    check(not docs_for(db, "日志里的喜鹊"), "--prune removes a document whose folder --exclude leaves out")
    check(set(docs_for(db, "燕子")) == {"good.md"}, "the other document stays")
    check(stats(db)["documents"] == 1, f"one document left: {stats(db)}")
    out = run("index", "--db", db, "--exclude", "logs", d)
    check(out.returncode == 0 and "nothing changed" in out.stdout, f"a later run: nothing changed, exit 0 ({out.stdout.strip()})")

    # A path that does not exist: exit 2, nothing written.
    before = stats(db)
    out = run("index", "--db", db, d, os.path.join(work, "no-such-folder"))
    check(out.returncode == 2 and "no-such-folder" in out.stderr, f"a missing path: exit 2 ({out.returncode})")
    check(stats(db) == before, "a missing path writes nothing")


def concurrent_first_builds(rounds):
    """Two first builds into one empty database, started together with a
    varying delay: one may lose the lock (exit 2), neither may damage the
    other's work."""
    work = fresh("race")
    src = os.path.join(work, "docs")
    for i in range(60):
        write(f"{src}/doc-{i:02d}.md", f"# 第{i}篇\n\n" + f"并发首建测试文档{i:02d}，内容是白鹤与红隼。\n\n" * 30)
    for name in os.listdir(CORPUS):
        if name.endswith(".md"):
            shutil.copy(os.path.join(CORPUS, name), src)
    files = len(os.listdir(src))
    solo = os.path.join(work, "solo")
    t0 = time.time()
    run("index", "--db", solo, "--jobs", "2", src)
    solo_seconds = time.time() - t0
    want = stats(solo)
    want_total = total_for(solo, "白鹤与红隼")
    bad = 0
    for k in range(rounds):
        db = os.path.join(work, "db")
        shutil.rmtree(db, ignore_errors=True)
        first = subprocess.Popen([ZH, "index", "--db", db, "--jobs", "2", src], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
        time.sleep(solo_seconds * (k % 10) / 9)  # from at once to the end of the first build
        second = subprocess.Popen([ZH, "index", "--db", db, "--jobs", "2", src], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        codes = (first.wait(timeout=120), second.wait(timeout=120))
        errs = first.stderr.read() + second.stderr.read()
        check_out = subprocess.run(["xapian-check", db], capture_output=True, text=True)
        got = stats(db)
        found = total_for(db, "白鹤与红隼")
        ok = (sorted(codes) in ([0, 0], [0, 2]) and check_out.returncode == 0 and
              got["documents"] == want["documents"] == files and got["passages"] == want["passages"] and
              found == want_total and want_total > 0 and not os.path.exists(os.path.join(db, ".build")))
        if not ok:
            bad += 1
            print(f"round {k}: exits {codes}, xapian-check {check_out.returncode}, {got} vs {want}, "
                  f"{found} found; {errs.strip()[:300]}")
    check(bad == 0, f"{rounds} pairs of concurrent first builds: {bad} damaged (first build {solo_seconds:.2f} s)")


def install_window():
    """Confirms the first-build lock window is closed: strace delays the
    first rename of the merged build into the database by 1.5 s, a second
    `zhsearch index` starts inside that delay. Before the fix it took the
    released lock, saw an empty database, deleted the first run's merged
    build and the first run failed ("cannot install the new index")."""
    if not shutil.which("strace"):
        check(False, "strace is installed (scripts/bootstrap)")
        return
    work = fresh("window")
    src, db = os.path.join(work, "docs"), os.path.join(work, "db")
    for i in range(30):
        write(f"{src}/d{i:02d}.md", f"# 第{i}篇\n\n白鹤与红隼的文档{i}。\n")
    first = subprocess.Popen(["strace", "-f", "-qq", "-o", "/dev/null", "-P", f"{db}/.build/merged/postlist.glass",
                              "-e", "trace=rename", "-e", "inject=rename:delay_enter=1500000",
                              ZH, "index", "--db", db, src],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             # LeakSanitizer cannot run under ptrace (a sanitizer build).
                             env={**os.environ, "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0"})
    deadline = time.time() + 30
    while time.time() < deadline and not os.path.exists(f"{db}/.build/merged/iamglass"):
        time.sleep(0.01)
    time.sleep(0.3)  # inside the delayed rename
    second = run("index", "--db", db, src)
    out, err = first.communicate(timeout=60)
    check(first.returncode == 0, f"the first build installs its index ({first.returncode}: {err.strip()[:200]})")
    check(second.returncode == 2 and "locked" in second.stderr,
          f"a second index run inside the install waits its turn: exit 2, locked ({second.returncode})")
    check(subprocess.run(["xapian-check", db], capture_output=True).returncode == 0, "xapian-check passes")
    check(stats(db)["documents"] == 30 and total_for(db, "白鹤与红隼") == 30, f"30 documents found: {stats(db)}")


def main():
    work, db, a, b = two_roots()
    watch(work, db, a, b)
    http_api(work, db)
    ignore_and_exit_status()
    install_window()
    concurrent_first_builds(int(os.environ.get("ZHSEARCH_RACE_ROUNDS", "40")))
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        sys.exit(1)
    print("all write-path checks passed")


if __name__ == "__main__":
    main()
