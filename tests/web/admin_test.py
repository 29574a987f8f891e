#!/usr/bin/env python3
"""HTTP tests of the document write API (issue 4, "Add over HTTP"): a real
`zhsearch serve --admin-token-file FILE` on a loopback port.

Usage: admin_test.py ZHSEARCH CORPUS_DIR WORK_DIR HOLD_WRITE_LOCK

Checks: a wrong or missing token gets 401 with WWW-Authenticate and writes
nothing; a Markdown PUT while other threads search is found afterwards with
no failed search; PUT replaces (200) and creates (201); an SRT and a VTT
upload bring start_time back in /api/search; DELETE removes, an unknown id
gets 404; an oversized body 413 (before it is sent), a bad id 400, a binary
body 400, an unknown Content-Type 415; without the flag the routes answer
404; while another process holds the write lock a PUT gets 503 with
Retry-After at once; bad token files stop the server from starting;
`zhsearch index` does not prune uploaded documents.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_fixture import Fixture, FAILURES, Server, check, request  # noqa: E402

TOKEN = "s3cret-token-0123456789abcdef"
HOLD_WRITE_LOCK = None  # path of tests/e2e/hold_write_lock, from argv


def call(server, method, path, body=None, token=TOKEN, content_type=None, headers=None):
    """A request to the write API; returns (status, headers, JSON body or None)."""
    h = dict(headers or {})
    if token is not None:
        h["Authorization"] = "Bearer " + token
    if content_type is not None:
        h["Content-Type"] = content_type
    if isinstance(body, str):
        body = body.encode("utf-8")
    status, headers, data = request(server, path, method=method, headers=h, body=body)
    try:
        obj = json.loads(data.decode("utf-8")) if data else None
    except ValueError:
        obj = {"unparsed": data[:200]}
    return status, headers, obj


def doc_path(doc_id):
    return "/api/documents/" + urllib.parse.quote(doc_id, safe="/")


def q(text):
    return urllib.parse.quote(text, safe="")


def search(server, text, meta=False):
    path = "/api/search?q=" + q(text) + ("&meta=1" if meta else "")
    status, _, data = request(server, path)
    obj = json.loads(data.decode("utf-8"))
    assert status == 200, (status, obj)
    return obj


def docs_found(server, text):
    """The documents with a passage that holds `text` itself (a relaxed
    query also finds passages with only some of its words)."""
    return {r["doc"] for r in search(server, text)["results"] if text in r["passage"]}


def error_code(obj):
    return (obj or {}).get("error", {}).get("code")


def raw_exchange(server, head, body=None, wait_continue=False):
    """Sends request headers (and `body` after a 100 Continue when
    `wait_continue`); returns (first status, all bytes received)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as s:
        s.sendall(head)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.") else 0
            if wait_continue and status == 100 and body is not None:
                s.sendall(body)
                rest = data.split(b"\r\n\r\n", 1)[1]
                while b"\r\n\r\n" not in rest:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    rest += chunk
                return status, data + rest
            # The body, as long as Content-Length says.
            head_end = data.index(b"\r\n\r\n") + 4
            length = 0
            for line in data[:head_end].split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            while len(data) < head_end + length:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout, ValueError):
            pass
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.") else 0
    return status, data


MD_DOC = """---
title: "上传的访谈笔记"
author: 测试作者
tags:
  - 上传
---
# 上传测试

这篇笔记通过接口上传，里面提到了{word}，别的地方都没有。
"""

SRT_DOC = """1
00:02:03,000 --> 00:02:06,000
字幕上传测试提到了{word}。

2
00:02:06,500 --> 00:02:09,000
这是第二句字幕。
"""

VTT_DOC = """WEBVTT

00:00:41.500 --> 00:00:44.000
网页字幕里提到了{word}。
"""


def test_auth(fx, server):
    word = "未经授权的秘密词语"
    body = MD_DOC.format(word=word)
    before = request(server, "/api/stats")[2]
    for token, what in [(None, "missing"), ("wrong-token", "wrong"), (TOKEN[:-1], "a prefix"),
                        (TOKEN + "x", "too long"), ("", "empty")]:
        status, headers, obj = call(server, "PUT", doc_path("auth/secret.md"), body, token=token,
                                    content_type="text/markdown")
        check(status == 401 and error_code(obj) == "unauthorized", f"{what} token: 401, got {status} {obj}")
        check(headers.get("www-authenticate", "").startswith("Bearer"), f"{what} token: WWW-Authenticate")
    status, _, obj = call(server, "PUT", doc_path("auth/secret.md"), body, token=None, content_type="text/markdown",
                          headers={"Authorization": "Basic " + TOKEN})
    check(status == 401, f"Basic scheme: 401, got {status}")
    # An Expect: 100-continue upload with a wrong token is refused before the body is sent.
    status, data = raw_exchange(server, b"PUT /api/documents/auth/x.md HTTP/1.1\r\nHost: x\r\n"
                                        b"Authorization: Bearer nope\r\nContent-Type: text/markdown\r\n"
                                        b"Content-Length: 100\r\nExpect: 100-continue\r\n\r\n")
    check(status == 401 and b"unauthorized" in data, f"Expect: 100-continue, wrong token: {status} {data[:80]!r}")
    check(not docs_found(server, word), "nothing written for a refused PUT")
    check(request(server, "/api/stats")[2] == before, "stats unchanged by refused requests")
    # A refused DELETE removes nothing.
    existing = "sam-altman-sequoia-ai-ascent-2025.md"
    status, headers, obj = call(server, "DELETE", doc_path(existing), token="wrong")
    check(status == 401 and headers.get("www-authenticate", "").startswith("Bearer"), f"DELETE wrong token: {status}")
    check(existing in docs_found(server, "小团队"), "document still there after a refused DELETE")
    # The scheme is case-insensitive.
    status, _, obj = call(server, "PUT", doc_path("auth/case.md"), "# 大小写\n\n方案名大小写测试。\n", token=None,
                          content_type="text/markdown", headers={"Authorization": "bearer  " + TOKEN})
    check(status == 201, f"'bearer' in lower case is accepted: {status} {obj}")
    call(server, "DELETE", doc_path("auth/case.md"))


def test_put_while_searching(fx, server):
    word = "天外飞来的上传文档"
    check(not docs_found(server, word), f"{word} absent at first")
    stop = threading.Event()
    failures, count = [], [0]

    def hammer():
        while not stop.is_set():
            try:
                obj = search(server, "小团队")
                count[0] += 1
                if not obj["results"]:
                    failures.append(obj)
            except Exception as e:  # noqa: BLE001 - any failure counts
                failures.append(repr(e))

    threads = [threading.Thread(target=hammer) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.2)
        status, headers, obj = call(server, "PUT", doc_path("talks/2025-upload.md"), MD_DOC.format(word=word),
                                    content_type="text/markdown; charset=utf-8")
        check(status == 201 and obj == {"doc": "talks/2025-upload.md", "passages": obj.get("passages")}
              and obj.get("passages", 0) >= 1, f"PUT new: 201 with doc and passages, got {status} {obj}")
        check(headers.get("content-type", "").startswith("application/json"), "PUT answers JSON")
        time.sleep(0.2)
    finally:
        stop.set()
        for t in threads:
            t.join()
    check(not failures, f"searches failed during the upload: {failures[:3]}")
    check(count[0] > 0, "searches ran during the upload")
    res = search(server, word, meta=True)["results"]
    check(res and res[0]["doc"] == "talks/2025-upload.md", f"uploaded document found at once: {res[:1]}")
    if res:
        check(res[0]["title"] == "上传的访谈笔记" and "上传" in res[0].get("tags", []),
              f"front matter kept: {res[0].get('title')} {res[0].get('tags')}")
    cli = fx.cli_search_json(word)
    check(any(r["doc"] == "talks/2025-upload.md" for r in cli["results"]), "the CLI finds the uploaded document")


def test_replace(fx, server):
    old, new = "天外飞来的上传文档", "替换之后的新内容"
    status, _, obj = call(server, "PUT", doc_path("talks/2025-upload.md"), MD_DOC.format(word=new),
                          content_type="text/plain")
    check(status == 200 and obj.get("doc") == "talks/2025-upload.md", f"PUT replace: 200, got {status} {obj}")
    check("talks/2025-upload.md" in docs_found(server, new), "replacement found")
    check("talks/2025-upload.md" not in docs_found(server, old), "old text gone after the replacement")
    hits = [r for r in search(server, new)["results"] if r["doc"] == "talks/2025-upload.md"]
    check(len(hits) == 1, f"no duplicate passages after replacing: {len(hits)}")


def test_concurrent_puts(fx, server):
    """Uploads from several clients at once are serialized inside the server; none is lost."""
    words = ["并发上传甲号文档", "并发上传乙号文档", "并发上传丙号文档", "并发上传丁号文档"]
    results = [None] * len(words)

    def put(i):
        results[i] = call(server, "PUT", doc_path(f"concurrent/{i}.md"),
                          "\ufeff---\r\ntitle: 并发\r\n---\r\n" + "正文里写着" + words[i] + "。\r\n",
                          content_type="text/markdown")[:3:2]

    threads = [threading.Thread(target=put, args=(i,)) for i in range(len(words))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(all(r and r[0] == 201 for r in results), f"concurrent PUTs all 201: {results}")
    for i, w in enumerate(words):
        check(f"concurrent/{i}.md" in docs_found(server, w), f"concurrent upload {i} found")
    res = search(server, words[0])["results"]
    check(res and res[0]["title"] == "并发", f"BOM and CRLF front matter read: {res[:1]}")
    for i in range(len(words)):
        call(server, "DELETE", doc_path(f"concurrent/{i}.md"))


def test_subtitles(fx, server):
    word = "字幕接口上传的时间点"
    status, _, obj = call(server, "PUT", doc_path("talks/upload-talk"), SRT_DOC.format(word=word),
                          content_type="application/x-subrip")
    check(status == 201 and obj.get("passages", 0) >= 1, f"PUT SRT: {status} {obj}")
    res = [r for r in search(server, word)["results"] if r["doc"] == "talks/upload-talk"]
    check(res and res[0].get("start_time") == 123, f"SRT start_time 123 in results: {res[:1]}")
    word2 = "网页字幕格式的上传"
    status, _, obj = call(server, "PUT", doc_path("talks/upload-talk.vtt"), VTT_DOC.format(word=word2),
                          content_type="text/vtt")
    check(status == 201, f"PUT VTT: {status} {obj}")
    res = [r for r in search(server, word2)["results"] if r["doc"] == "talks/upload-talk.vtt"]
    check(res and res[0].get("start_time") == 41.5, f"VTT start_time 41.5 in results: {res[:1]}")
    # No Content-Type: the id's extension decides (.srt).
    word3 = "按扩展名识别字幕"
    status, _, obj = call(server, "PUT", doc_path("talks/by-name.srt"), SRT_DOC.format(word=word3))
    res = [r for r in search(server, word3)["results"] if r["doc"] == "talks/by-name.srt"]
    check(status == 201 and res and res[0].get("start_time") == 123, f"SRT by extension: {status} {res[:1]}")
    # A subtitle file with no text is refused.
    status, _, obj = call(server, "PUT", doc_path("talks/empty.srt"), "1\n00:00:01,000 --> 00:00:02,000\n\n",
                          content_type="application/x-subrip")
    check(status == 400 and error_code(obj) == "bad_document", f"subtitle without text: 400, got {status} {obj}")


def test_delete(fx, server):
    word = "字幕接口上传的时间点"
    status, _, obj = call(server, "DELETE", doc_path("talks/upload-talk"))
    check(status == 200 and obj == {"doc": "talks/upload-talk", "removed": True}, f"DELETE: {status} {obj}")
    check("talks/upload-talk" not in docs_found(server, word), "deleted document no longer found")
    status, _, obj = call(server, "DELETE", doc_path("talks/upload-talk"))
    check(status == 404 and error_code(obj) == "no_such_document", f"DELETE again: 404, got {status} {obj}")
    status, _, obj = call(server, "DELETE", doc_path("never/was.md"))
    check(status == 404 and error_code(obj) == "no_such_document", f"DELETE unknown: 404, got {status} {obj}")


def test_bad_requests(fx, server):
    # Oversized: refused from the headers, before the body is sent.
    big = 8 * 1024 * 1024 + 1
    head = (b"PUT /api/documents/big.md HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode() +
            b"\r\nContent-Type: text/markdown\r\nContent-Length: %d\r\n" % big)
    status, data = raw_exchange(server, head + b"\r\n")
    check(status == 413 and b"body_too_large" in data, f"oversized body: 413, got {status} {data[:120]!r}")
    status, data = raw_exchange(server, head + b"Expect: 100-continue\r\n\r\n")
    check(status == 413 and b"body_too_large" in data, f"oversized with Expect: 413, got {status} {data[:120]!r}")
    status, data = raw_exchange(server, b"PUT /api/documents/chunked.md HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                + TOKEN.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
    check(status == 411, f"chunked upload: 411, got {status}")
    # Expect: 100-continue with the right token gets 100, then the result.
    body = "# 继续\n\n先问后传的上传测试。\n".encode("utf-8")
    status, data = raw_exchange(server, b"PUT /api/documents/expect/ok.md HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                + TOKEN.encode() + b"\r\nContent-Type: text/markdown\r\nContent-Length: %d\r\n"
                                b"Expect: 100-continue\r\nConnection: close\r\n\r\n" % len(body), body, wait_continue=True)
    check(status == 100 and b"HTTP/1.1 201" in data, f"Expect: 100-continue upload: {status} {data[:200]!r}")
    call(server, "DELETE", doc_path("expect/ok.md"))
    # Bad ids.
    md = "# 标题\n\n正文。\n"
    bad_ids = ["/api/documents/..%2Fescape.md", "/api/documents/a/../b.md", "/api/documents/%2E%2E/x.md",
               "/api/documents//abs.md", "/api/documents/a//b.md", "/api/documents/", "/api/documents/dir/",
               "/api/documents/a%01b.md", "/api/documents/a%0Ab.md", "/api/documents/a%7Fb.md",
               "/api/documents/%FF%FE.md", "/api/documents/a%5Cb.md", "/api/documents/" + "x" * 198 + ".md",
               "/api/documents/./a.md"]
    for path in bad_ids:
        status, _, obj = call(server, "PUT", path, md, content_type="text/markdown")
        check(status == 400 and error_code(obj) == "bad_document_id", f"PUT {path[:60]}: 400, got {status} {obj}")
    status, _, obj = call(server, "DELETE", "/api/documents/a/../b.md")
    check(status == 400 and error_code(obj) == "bad_document_id", f"DELETE bad id: 400, got {status} {obj}")
    # 200 bytes is the limit; UTF-8 ids work.
    long_id = "x" * 197 + ".md"
    status, _, obj = call(server, "PUT", doc_path(long_id), md, content_type="text/markdown")
    check(status == 201, f"200-byte id accepted: {status} {obj}")
    call(server, "DELETE", doc_path(long_id))
    status, _, obj = call(server, "PUT", doc_path("讲座/二〇二五.md"), md, content_type="text/markdown")
    check(status == 201 and obj.get("doc") == "讲座/二〇二五.md", f"UTF-8 id: {status} {obj}")
    call(server, "DELETE", doc_path("讲座/二〇二五.md"))
    # Bodies.
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    status, _, obj = call(server, "PUT", doc_path("fake.md"), png, content_type="text/markdown")
    check(status == 400 and error_code(obj) in ("bad_utf8", "bad_document"), f"PNG body: 400, got {status} {obj}")
    nul = b"\x00\x01\x02binary\x00" * 200
    status, _, obj = call(server, "PUT", doc_path("nul.md"), nul, content_type="text/markdown")
    check(status == 400 and error_code(obj) == "bad_document", f"binary (valid UTF-8) body: 400, got {status} {obj}")
    status, _, obj = call(server, "PUT", doc_path("gbk.md"), "中文".encode("gbk") * 10, content_type="text/markdown")
    check(status == 400 and error_code(obj) == "bad_utf8", f"GBK body: 400, got {status} {obj}")
    status, _, obj = call(server, "PUT", doc_path("empty.md"), b"", content_type="text/markdown")
    check(status == 400 and error_code(obj) == "empty_body", f"empty body: 400, got {status} {obj}")
    status, _, obj = call(server, "PUT", doc_path("x.md"), md, content_type="image/png")
    check(status == 415 and error_code(obj) == "unsupported_media_type", f"image/png: 415, got {status} {obj}")
    # curl --data-binary without -H sends a form type; refused (415), also when large.
    for size in [10, 20000]:
        status, _, obj = call(server, "PUT", doc_path("form.md"), "字" * size,
                              content_type="application/x-www-form-urlencoded")
        check(status == 415 and "Content-Type: text/markdown" in obj["error"]["message"],
              f"form-encoded {size * 3} bytes: 415 with a hint, got {status} {obj}")
    status, data = raw_exchange(server, b"PUT /api/documents/form.md HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                + TOKEN.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                b"Content-Length: 2000000\r\nExpect: 100-continue\r\n\r\n")
    check(status == 415, f"form-encoded with Expect: 415 before the body, got {status}")
    status, _, obj = call(server, "PUT", doc_path("x.md"), md, content_type="text/markdown; charset=gbk")
    check(status == 415, f"charset=gbk: 415, got {status} {obj}")
    check(not docs_found(server, "正文"), "nothing written by the refused uploads")
    # Other routes keep their behaviour.
    status, headers, obj = call(server, "PUT", "/api/search?q=a", md, content_type="text/markdown")
    check(status == 405 and error_code(obj) == "method_not_allowed", f"PUT /api/search: 405, got {status}")
    status, _, obj = call(server, "GET", doc_path("talks/2025-upload.md"))
    check(status == 404 and error_code(obj) == "not_found", f"GET a document: 404, got {status} {obj}")
    status, _, obj = call(server, "POST", doc_path("talks/2025-upload.md"), md, content_type="text/markdown")
    check(status == 405, f"POST a document: 405, got {status}")
    check(search(server, "小团队")["results"], "server still serves after the error cases")


def test_locked(fx, server):
    word = "锁住期间的上传"
    holder = subprocess.Popen([HOLD_WRITE_LOCK, fx.db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = holder.stdout.readline()
        check(line.strip() == "locked", f"hold_write_lock took the lock: {line!r}")
        started = time.monotonic()
        status, headers, obj = call(server, "PUT", doc_path("locked.md"), MD_DOC.format(word=word),
                                    content_type="text/markdown")
        took = time.monotonic() - started
        check(status == 503 and error_code(obj) == "index_unavailable", f"PUT while locked: 503, got {status} {obj}")
        check(headers.get("retry-after", "").isdigit(), f"503 has Retry-After: {headers.get('retry-after')}")
        check(took < 3, f"503 answered at once, not after a wait ({took:.1f} s)")
        status, headers, obj = call(server, "DELETE", doc_path("talks/2025-upload.md"))
        check(status == 503 and "retry-after" in headers, f"DELETE while locked: 503, got {status}")
        check(search(server, "小团队")["results"], "searches work while the lock is held")
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    status, _, obj = call(server, "PUT", doc_path("locked.md"), MD_DOC.format(word=word), content_type="text/markdown")
    check(status == 201, f"PUT after the lock is released: 201, got {status} {obj}")
    check("locked.md" in docs_found(server, word), "document written after the lock was released")
    # The server holds no lock between requests: the CLI indexer runs.
    out = fx.run("index", "--db", fx.db, fx.corpus, check=False)
    check(out.returncode == 0, f"zhsearch index runs while the server is up: {out.returncode} {out.stderr[-300:]}")
    check("locked.md" in docs_found(server, word), "zhsearch index does not prune uploaded documents")
    check("talks/2025-upload.md" in docs_found(server, "替换之后的新内容"), "the other upload survives re-indexing")


def test_without_flag(fx, server):
    plain = fx.serve("--quiet")
    try:
        for method in ["PUT", "DELETE"]:
            status, _, obj = call(plain, method, doc_path("talks/2025-upload.md"),
                                  MD_DOC.format(word="x") if method == "PUT" else None, content_type="text/markdown")
            check(status == 404 and error_code(obj) == "not_found", f"{method} without the flag: 404, got {status} {obj}")
        status, _, obj = call(plain, "DELETE", doc_path("talks/2025-upload.md"))
        check(status == 404, f"DELETE with a token, without the flag: 404, got {status}")
        check("talks/2025-upload.md" in docs_found(plain, "替换之后的新内容"), "nothing removed without the flag")
    finally:
        plain.stop()


def test_token_files(fx, server):
    def start_fails(path, what, want):
        out = subprocess.run([fx.zhsearch, "serve", "--db", fx.db, "--port", "0", "--admin-token-file", path],
                             capture_output=True, text=True, timeout=30)
        check(out.returncode == 2 and want in out.stderr and "--admin-token-file" in out.stderr,
              f"{what}: exit 2 with a message, got {out.returncode} {out.stderr.strip()[:200]}")

    start_fails(os.path.join(fx.dir, "no-such-token"), "missing token file", "no such file")
    empty = os.path.join(fx.dir, "empty-token")
    with open(empty, "w") as f:
        f.write("  \n")
    os.chmod(empty, 0o600)
    start_fails(empty, "empty token file", "empty")
    spaced = os.path.join(fx.dir, "spaced-token")
    with open(spaced, "w") as f:
        f.write("two words\n")
    os.chmod(spaced, 0o600)
    start_fails(spaced, "token with a space", "whitespace")
    start_fails(fx.dir, "a folder as token file", "not a regular file")
    # Readable by others: a warning, and the server runs.
    shared = os.path.join(fx.dir, "shared-token")
    with open(shared, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(shared, 0o644)
    s = Server(fx.zhsearch, fx.db, ["--admin-token-file", shared])
    fx.servers.append(s)
    deadline = time.monotonic() + 5
    while not any("readable by other users" in l for l in s.stderr_lines) and time.monotonic() < deadline:
        time.sleep(0.05)
    check(any("warning" in l and "readable by other users" in l for l in s.stderr_lines),
          f"group/other-readable token file: a warning: {s.stderr_lines[:3]}")
    status, _, obj = call(s, "DELETE", doc_path("never/was.md"))
    check(status == 404, f"server with a shared token file serves the routes: {status}")
    check(s.stop() == 0, "server stops cleanly")


def main():
    global HOLD_WRITE_LOCK
    zhsearch, corpus, work, HOLD_WRITE_LOCK = sys.argv[1:5]
    fx = Fixture(zhsearch, corpus, work, "admin")
    try:
        token_file = os.path.join(fx.dir, "admin-token")
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        os.chmod(token_file, 0o600)
        server = fx.serve("--admin-token-file", token_file)
        for test in [test_auth, test_put_while_searching, test_replace, test_concurrent_puts, test_subtitles, test_delete,
                     test_bad_requests, test_locked, test_without_flag, test_token_files]:
            name = test.__name__
            print("--", name)
            try:
                test(fx, server)
            except Exception:  # noqa: BLE001 - report and go on with the next test
                FAILURES.append(name + " raised")
                traceback.print_exc()
        log = "\n".join(server.stderr_lines)
        check("PUT /api/documents/talks/2025-upload.md 201" in log, "access log line for an upload")
        check(not any("readable by other users" in l for l in server.stderr_lines), "no warning for a 0600 token file")
        check(server.stop() == 0, "server stops cleanly")
    finally:
        fx.close()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        return 1
    print("all admin HTTP checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
