#!/usr/bin/env python3
"""HTTP tests of `zhsearch serve` against a real server on a loopback port.

Usage: http_test.py ZHSEARCH CORPUS_DIR WORK_DIR

Checks (issue 3): the API returns what `zhsearch search --json` returns, in
the same order; the page highlights with <mark>; no q and an empty q render
the empty state; hostile text is escaped; every error case answers its 4xx
JSON and the server keeps serving; CORS only for --cors-origin; an index
commit made while serving is seen by the next search, with no failed
request; SIGTERM stops the server cleanly.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_fixture import Fixture, FAILURES, check  # noqa: E402
from web_fixture import request as fixture_request  # noqa: E402

ALLOWED_ORIGIN = "http://allowed.example:8000"


def request(server, path, **kw):
    return fixture_request(server, path, timeout=10, **kw)


def get_json(server, path, **kw):
    status, headers, data = request(server, path, **kw)
    return status, headers, json.loads(data.decode("utf-8")) if data else None


def q(text):
    return urllib.parse.quote(text, safe="")


def raw_request(server, raw):
    """Sends raw bytes; returns the status line's code (or 0 if closed)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(raw)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except ConnectionResetError:
            pass
    if not data.startswith(b"HTTP/1."):
        return 0, data
    return int(data.split(b" ", 2)[1]), data


def passages(obj):
    return [(r["doc"], r["passage"], r["highlights"], r["rank"]) for r in obj["results"]]


def test_api_matches_cli(fx, server):
    for query, extra in [("小团队", {}), ("AI", {"limit": "20"}), ("分页测试", {"limit": "5", "offset": "5"}),
                         ("红杉资本 OpenAI", {}), ("为什么小团队更有效率", {})]:
        path = "/api/search?q=" + q(query) + "".join(f"&{k}={v}" for k, v in extra.items())
        status, headers, api = get_json(server, path)
        cli_args = []
        if "limit" in extra:
            cli_args += ["--limit", extra["limit"]]
        if "offset" in extra:
            cli_args += ["--offset", extra["offset"]]
        cli = fx.cli_search_json(query, *cli_args)
        check(status == 200, f"{query}: status {status}")
        check(headers.get("content-type", "").startswith("application/json"), f"{query}: JSON content type")
        check(api is not None and passages(api) == passages(cli), f"{query}: API passages differ from the CLI's")
        check(api is not None and api["total"] == cli["total"] and api["relaxed"] == cli["relaxed"],
              f"{query}: total/relaxed differ from the CLI's")
        check(api is not None and set(api) == set(cli), f"{query}: the API object has other keys than the CLI's")
    status, _, api = get_json(server, "/api/search?q=" + q("小团队"))
    check(len(api["results"]) > 0 and all(r["highlights"] for r in api["results"]), "小团队: results highlighted")
    # Issue 22: honest totals and title/heading marks, as the CLI gives them.
    _, _, api = get_json(server, "/api/search?q=" + q("说"))
    check(api["total"] == 2 and api["total_passages"] == 7 and api["total_documents"] == 1
          and api["total_is_estimate"] is False, f"说: 7 passages in 1 document: {api.get('total_passages')}")
    check(any(r["title_highlights"] for r in api["results"]), "说: the title's match is marked")
    _, _, api = get_json(server, "/api/search?q=" + q("團隊"))
    check(any(r["heading_highlights"] for r in api["results"]), "團隊: the heading's 团队 is marked")
    _, _, api = get_json(server, "/api/search?q=" + q("怎么样才能让小团队成功呢"))
    check(api["relaxed"] and api["total_is_estimate"] is True, "relaxed: counts flagged as estimates")
    status, _, body = request(server, "/?q=" + q("说"))
    check("共 <strong>7</strong> 条结果，来自 1 篇文档" in body.decode("utf-8"), "page: 共 7 条结果，来自 1 篇文档")
    # meta=1 adds date, author and tags; without it the object is the CLI's.
    _, _, meta = get_json(server, "/api/search?meta=1&q=" + q("分页测试"))
    check(all("tags" in r and "date" in r for r in meta["results"]), "meta=1 adds tags and date")


def test_page(fx, server):
    status, headers, body = request(server, "/?q=" + q("小团队"))
    html = body.decode("utf-8")
    check(status == 200, "page status")
    check(headers.get("content-type", "").startswith("text/html"), "page content type")
    check("<mark>小团队</mark>" in html, "page has <mark>小团队</mark>")
    check('class="result"' in html, "page lists results")
    csp = headers.get("content-security-policy", "")
    check("script-src 'self'" in csp and "unsafe-inline" not in csp, "page CSP forbids inline scripts")
    check(headers.get("x-content-type-options") == "nosniff", "nosniff header")
    check("<script>" not in html.replace('<script src="/app.js', ""), "no inline script on the page")
    check('<script src="/app.js' in html, "page loads /app.js")
    for path in ["/", "/?q=", "/?q=%20%20"]:
        status, _, body = request(server, path)
        page = body.decode("utf-8")
        check(status == 200 and 'class="empty"' in page.split("<template")[0], f"{path}: empty state")
    status, _, body = request(server, "/?q=" + q("zzqxjwv"))
    check(status == 200 and 'class="none"' in body.decode("utf-8"), "no-results state")
    # Pagination: page 2 continues where page 1 ended.
    _, _, p1 = request(server, "/?q=" + q("分页测试"))
    _, _, p2 = request(server, "/?q=" + q("分页测试") + "&page=2")
    p1, p2 = p1.decode("utf-8"), p2.decode("utf-8")
    check('class="pager"' in p1 and "page=2" in p1, "page 1 links to page 2")
    check('start="11"' in p2 and 'aria-current="page">2<' in p2, "page 2 starts at result 11")
    status, _, body = request(server, "/?q=a&page=0")
    check(status == 400 and "notice error" in body.decode("utf-8"), "page=0 renders a 400 page")
    status, _, body = request(server, "/?q=%22abc")
    check(status == 400 and "unbalanced quote" in body.decode("utf-8"), "bad query renders its message")


def test_subtitle_link(fx, server):
    """A subtitle passage links to its moment in the video."""
    status, _, obj = get_json(server, "/api/search?meta=1&q=" + q("时间戳链接测试"))
    check(status == 200 and obj["results"], "subtitle passage found")
    if obj and obj.get("results"):
        r = obj["results"][0]
        check(r.get("start_time") is not None and r["start_time"] >= 60, f"start_time {r.get('start_time')}")
        check("t=65" in r.get("link", ""), f"meta link opens the moment: {r.get('link')}")
    status, _, body = request(server, "/?q=" + q("时间戳链接测试"))
    html = body.decode("utf-8")
    check('class="time"' in html and "t=65" in html and "▶ 1:0" in html, "page links the subtitle moment")


def test_hostile(fx, server):
    status, _, body = request(server, "/?q=" + q("危险"))
    html = body.decode("utf-8")
    check(status == 200, "hostile search status")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in html, "hostile <script> is escaped")
    check("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html, "hostile <img> is escaped")
    check("<img" not in html and "<script>alert" not in html, "no raw markup from the documents")
    check("javascript:" not in html, "javascript: source is not linked")
    check("&lt;b&gt;标签&lt;/b&gt;" in html, "hostile tag is escaped")
    # The query echo is escaped too.
    status, _, body = request(server, "/?q=" + q('"><img src=x onerror=alert(1)>'))
    check("<img" not in body.decode("utf-8"), "query echo is escaped")


def doc_page(server, path):
    status, headers, body = request(server, path)
    return status, headers, body.decode("utf-8")


def test_document_view(fx, server):
    """Issue 22: /doc/{key} shows the whole document, each passage anchored
    p-N, the query's matches marked; results and the API link to it."""
    key = "sam-altman-sequoia-ai-ascent-2025.md"
    status, headers, html = doc_page(server, "/doc/" + q(key))
    check(status == 200, f"/doc/{key}: status {status}")
    check(headers.get("content-type", "").startswith("text/html"), "doc view is HTML")
    csp = headers.get("content-security-policy", "")
    check("script-src 'self'" in csp and "frame-ancestors 'none'" in csp, "doc view keeps the CSP")
    check("Sam Altman 在红杉资本闭门会议上说了什么" in html, "doc view shows the title")
    check('href="https://x.com/AppSaildotDEV/status/1922702188431933492"' in html, "doc view links the source")
    import re
    ids = [int(n) for n in re.findall(r'id="p-(\d+)"', html)]
    check(len(ids) > 10 and ids == list(range(len(ids))), f"every passage anchored in order: {ids[:5]}...")
    check("<mark>" not in html, "no marks without q")
    check('class="doc-heading"' in html, "headings shown")

    # Every API result links to its passage in the doc view; the view marks the query there.
    _, _, api = get_json(server, "/api/search?q=" + q("小团队"))
    urls = [r.get("doc_url", "") for r in api["results"]]
    check(urls and all(re.fullmatch(r"/doc/[^?#]+\?q=[^#]+#p-\d+", u) for u in urls), f"doc_url of each result: {urls[:2]}")
    if urls:
        path, anchor = urls[0].split("#")
        status, _, html = doc_page(server, path)
        check(status == 200 and f'id="{anchor}"' in html, f"{urls[0]}: the anchor exists")
        passage = html.split(f'id="{anchor}"', 1)[-1].split("</section>", 1)[0]
        check("<mark>小团队</mark>" in passage, f"{urls[0]}: the passage has the query marked")
    # The page: title links to the doc view, an http(s) source to the passage's text.
    _, _, page = doc_page(server, "/?q=" + q("分页测试"))
    check(re.search(r'<h2 class="title"><a href="/doc/paging/p\d\d\.md\?q=[^"#]+#p-0">', page) is not None,
          "result titles link to the doc view at the passage")
    check(re.search(r'class="source" href="https://example\.com/paging/\d\d#:~:text=%E8%BF%99', page) is not None,
          "an http(s) source links the passage with a text fragment")
    _, _, meta = get_json(server, "/api/search?meta=1&q=" + q("分页测试"))
    check(all("#:~:text=" in r["link"] for r in meta["results"]), "meta link has the text fragment")
    # A key with a folder, its slash plain or encoded.
    for path in ["/doc/paging/p03.md", "/doc/paging%2Fp03.md", "/doc/paging/p03.md?q=" + q("小团队")]:
        status, _, html = doc_page(server, path)
        check(status == 200 and "分页测试文档 03" in html and 'id="p-0"' in html, f"{path}: status {status}")
    check("<mark>小团队</mark>" in html, "q= marks the matches")
    # A query the parser refuses marks nothing but still shows the document.
    status, _, html = doc_page(server, "/doc/paging/p03.md?q=%22abc")
    check(status == 200 and "<mark>" not in html and "分页测试文档 03" in html, "bad q: document without marks")

    # Subtitles: each cue with its time, linked to the moment in the video.
    status, _, html = doc_page(server, "/doc/talk.srt?q=" + q("时间戳"))
    check(status == 200 and "访谈节目" in html, f"/doc/talk.srt: status {status}")
    check("▶ 1:05" in html and "t=65" in html, "subtitle cue shows and links its time")
    check("<mark>时间戳</mark>" in html, "subtitle cue marked")

    # Hostile document: everything escaped, javascript: never linked.
    status, _, html = doc_page(server, "/doc/hostile.md?q=" + q("危险"))
    check(status == 200, f"/doc/hostile.md: status {status}")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in html, "doc view escapes <script>")
    check("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html, "doc view escapes <img>")
    check("<img" not in html and "<script>alert" not in html and "<b>" not in html, "doc view: no raw markup")
    check("javascript:" not in html, "doc view does not link javascript:")
    check("<mark>危险</mark>" in html, "hostile doc marked")
    status, _, html = doc_page(server, "/doc/hostile.md?q=" + q('"><img src=x onerror=alert(1)>'))
    check(status == 200 and "<img" not in html, "doc view escapes the query echo")

    # Bad keys: 400 pages; unknown keys: 404 pages.
    for path in ["/doc/", "/doc/..%2Fetc%2Fpasswd", "/doc/a//b.md", "/doc/%2Fetc/passwd", "/doc/a/", "/doc/a%5Cb",
                 "/doc/a%01b", "/doc/%FF.md", "/doc/" + "x" * 201]:
        status, headers, html = doc_page(server, path)
        check(status == 400 and headers.get("content-type", "").startswith("text/html") and "notice error" in html,
              f"{path}: 400 page (got {status})")
    status, headers, html = doc_page(server, "/doc/no-such-doc.md")
    check(status == 404 and headers.get("content-type", "").startswith("text/html") and "notice error" in html,
          f"unknown key: 404 page (got {status})")
    status, _, html = doc_page(server, "/doc/" + q("<img src=x>.md"))
    check(status == 404 and "<img" not in html, "unknown hostile key: escaped 404")
    status, _, _ = doc_page(server, "/doc/%zz")
    check(status == 400, "bad percent-encoding: 400")


def test_errors(fx, server):
    cases = [
        ("/api/search?q=%zz", 400, "bad_encoding"),
        ("/api/search?q=%E5%B0", 400, "bad_utf8"),
        ("/api/search?q=%FF%FE", 400, "bad_utf8"),
        ("/api/search?q=%u5C0F", 400, "bad_encoding"),
        ("/api/search?q=a%00b", 400, "bad_utf8"),
        ("/api/search?q=%", 400, "bad_encoding"),
        ("/api/search?q=" + q("字" * 257), 400, "query_too_long"),
        ("/api/search?q=" + "a" * 257, 400, "query_too_long"),
        ("/api/search?q=a&limit=0", 400, "bad_parameter"),
        ("/api/search?q=a&limit=51", 400, "bad_parameter"),
        ("/api/search?q=a&limit=abc", 400, "bad_parameter"),
        ("/api/search?q=a&limit=-1", 400, "bad_parameter"),
        ("/api/search?q=a&offset=1001", 400, "bad_parameter"),
        ("/api/search?q=a&offset=1e3", 400, "bad_parameter"),
        ("/api/search?q=a&meta=yes", 400, "bad_parameter"),
        ("/api/search", 400, "missing_query"),
        ("/api/search?q=", 400, "bad_query"),
        ("/api/search?q=%22unbalanced", 400, "bad_query"),
        ("/api/search?q=" + q("，。！"), 400, "bad_query"),
        ("/no/such/page", 404, "not_found"),
    ]
    for path, want_status, want_code in cases:
        status, headers, obj = get_json(server, path)
        ok = (status == want_status and isinstance(obj, dict) and obj.get("error", {}).get("code") == want_code
              and isinstance(obj["error"].get("message"), str) and obj["error"]["message"])
        check(ok, f"{path[:60]}: want {want_status} {want_code}, got {status} {obj}")
        check(headers.get("content-type", "").startswith("application/json"), f"{path[:60]}: JSON error")
    # Accepted edge values and unknown parameters.
    for path in ["/api/search?q=" + q("字" * 256), "/api/search?q=a&limit=50&offset=1000",
                 "/api/search?q=AI&unknown=1&foo=%E5%B0%8F", "/api/search?q=AI+OR+GPT"]:
        status, _, obj = get_json(server, path)
        check(status == 200 and "results" in obj, f"{path[:60]}: accepted")
    # Methods and bodies.
    status, headers, obj = get_json(server, "/api/search?q=a", method="POST", body=b"x=1",
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(status == 405 and obj["error"]["code"] == "method_not_allowed", f"POST: {status} {obj}")
    status, _, obj = get_json(server, "/api/search?q=a", method="GET", body=b"hello")
    check(status == 413 and obj["error"]["code"] == "body_not_allowed", f"GET with a body: {status} {obj}")
    status, _, obj = get_json(server, "/api/search?q=a", method="DELETE")
    check(status == 405, f"DELETE: {status}")
    status, _ = raw_request(server, b"GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                    b"\r\n5\r\nhello\r\n0\r\n\r\n")
    check(status == 413, f"chunked body: {status}")
    # URL and header size limits.
    status, _ = raw_request(server, b"GET /api/search?q=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    check(status == 414, f"5000-byte URL: {status}")
    status, _ = raw_request(server, b"GET /api/search?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    check(status in (400, 414), f"9000-byte URL: {status}")
    many = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 100) for i in range(100))
    status, _ = raw_request(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    check(status == 431, f"100 headers: {status}")
    status, _ = raw_request(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"v" * 20000 + b"\r\n\r\n")
    check(status in (400, 431), f"20 kB header line: {status}")
    # A client that never finishes its request is cut off by the read timeout (5 s).
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        try:
            data = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            data = b"timeout"
        check(data != b"timeout" and time.monotonic() - started < 12,
              f"an unfinished request is closed by the read timeout ({time.monotonic() - started:.1f} s, {data[:40]!r})")
    status, _ = raw_request(server, b"NONSENSE\r\n\r\n")
    check(status == 400, f"garbage request line: {status}")
    # Still serving.
    status, _, obj = get_json(server, "/api/search?q=" + q("小团队"))
    check(status == 200 and obj["results"], "server still serves after the error cases")


def test_misc(fx, server):
    status, headers, obj = get_json(server, "/healthz")
    check(status == 200 and obj == {"status": "ok"}, "healthz")
    status, _, obj = get_json(server, "/api/stats")
    check(status == 200 and obj["documents"] >= 3 and obj["passages"] > 0, f"stats {obj}")
    status, headers, body = request(server, "/opensearch.xml", headers={"Host": f"127.0.0.1:{server.port}"})
    check(status == 200 and "opensearchdescription+xml" in headers.get("content-type", ""), "opensearch type")
    check(f"http://127.0.0.1:{server.port}/?q={{searchTerms}}" in body.decode("utf-8"), "opensearch template")
    status, headers, body = request(server, "/opensearch.xml", headers={"Host": '"><x'})
    check(status == 200 and '"><x' not in body.decode("utf-8"), "opensearch ignores a hostile Host")
    for path, kind in [("/app.js", "javascript"), ("/style.css", "text/css"), ("/widget.js", "javascript"),
                       ("/favicon.svg", "svg")]:
        status, headers, body = request(server, path)
        check(status == 200 and kind in headers.get("content-type", "") and body, f"{path} served")
        etag = headers.get("etag")
        status, _, _ = request(server, path, headers={"If-None-Match": etag or ""})
        check(etag and status == 304, f"{path} revalidates with its ETag")
    status, headers, body = request(server, "/?q=" + q("小团队"), method="HEAD")
    check(status == 200 and body == b"", "HEAD /")


def test_cors(fx, server):
    path = "/api/search?q=" + q("小团队")
    _, headers, _ = request(server, path, headers={"Origin": ALLOWED_ORIGIN})
    check(headers.get("access-control-allow-origin") == ALLOWED_ORIGIN, "allowed origin gets ACAO")
    status, headers, _ = request(server, "/api/search?q=%22x", headers={"Origin": ALLOWED_ORIGIN})
    check(status == 400 and headers.get("access-control-allow-origin") == ALLOWED_ORIGIN,
          "allowed origin can read error answers")
    status, headers, _ = request(server, "/api/search?q=%zz", headers={"Origin": ALLOWED_ORIGIN})
    check(status == 400 and headers.get("access-control-allow-origin") == ALLOWED_ORIGIN,
          "allowed origin can read encoding errors")
    _, headers, _ = request(server, path, headers={"Origin": "http://evil.example"})
    check("access-control-allow-origin" not in headers, "other origins get no ACAO")
    _, headers, _ = request(server, path)
    check("access-control-allow-origin" not in headers, "no Origin, no ACAO")
    status, headers, _ = request(server, path, method="OPTIONS",
                                 headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "GET"})
    check(status == 204 and headers.get("access-control-allow-origin") == ALLOWED_ORIGIN, "preflight allowed")
    # A server started without --cors-origin allows nobody; '*' allows all.
    plain = fx.serve("--quiet")
    _, headers, _ = request(plain, path, headers={"Origin": ALLOWED_ORIGIN})
    check("access-control-allow-origin" not in headers, "no --cors-origin: no ACAO")
    check(plain.stop() == 0, "quiet server stops with 0")
    check(not plain.stderr_lines or all("GET" not in l for l in plain.stderr_lines), "--quiet: no access log")
    star = fx.serve("--quiet", "--cors-origin", "*")
    _, headers, _ = request(star, path, headers={"Origin": "http://anything.example"})
    check(headers.get("access-control-allow-origin") == "*", "'*' allows any origin")
    star.stop()


def test_live_index(fx, server):
    """A commit while serving is seen by the next search; no request fails meanwhile."""
    word = "闪电般新增的转录稿"
    status, _, obj = get_json(server, "/api/search?q=" + q(word))
    check(status == 200 and obj["total"] == 0, f"{word} absent at first")
    stop = threading.Event()
    failures = []
    count = [0]

    def hammer():
        while not stop.is_set():
            try:
                s, _, o = get_json(server, "/api/search?q=" + q("小团队"))
                count[0] += 1
                if s != 200 or not o["results"]:
                    failures.append((s, o))
            except Exception as e:  # noqa: BLE001 - any failure counts
                failures.append(repr(e))

    threads = [threading.Thread(target=hammer) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        with open(os.path.join(fx.corpus, "new-transcript.md"), "w", encoding="utf-8") as f:
            f.write("---\ntitle: 新转录稿\n---\n今天的节目里出现了" + word + "，服务器无需重启就能搜到。\n")
        fx.index()
        status, _, obj = get_json(server, "/api/search?q=" + q(word))
        check(status == 200 and obj["total"] >= 1 and any(word in r["passage"] for r in obj["results"]),
              f"new document found without a restart: {obj}")
    finally:
        stop.set()
        for t in threads:
            t.join()
    check(not failures, f"requests failed while indexing: {failures[:3]}")
    check(count[0] > 0, "searches ran while indexing")


def test_missing_index(fx, server):
    """No index yet: 503 JSON, and the server picks the index up once it exists."""
    from web_fixture import Server
    db = os.path.join(fx.dir, "later-db")
    late = Server(fx.zhsearch, db, ["--quiet"], wait=False)
    fx.servers.append(late)
    status, _, obj = get_json(late, "/api/search?q=" + q("小团队"))
    check(status == 503 and obj["error"]["code"] == "index_unavailable", f"no index: {status} {obj}")
    status, _, obj = get_json(late, "/healthz")
    check(status == 503, f"no index: healthz {status}")
    status, _, body = request(late, "/?q=" + q("小团队"))
    check(status == 503 and "notice error" in body.decode("utf-8"), f"no index: page {status}")
    fx.run("index", "--db", db, fx.corpus)
    status, _, obj = get_json(late, "/api/search?q=" + q("小团队"))
    check(status == 200 and obj["results"], f"index built later is served without a restart: {status}")
    check(late.stop() == 0, "server without an index stops cleanly")


def test_listen_backlog(fx, server):
    """The kernel queues many connections for accept(): cpp-httplib's own
    backlog of 5 dropped SYNs under load (wrk -c32), each costing its client
    a second (TcpExtListenDrops); the server raises it."""
    out = subprocess.run(["ss", "-ltnH", f"sport = :{server.port}"], capture_output=True, text=True, check=True).stdout
    fields = out.split()
    check(len(fields) >= 3 and fields[0] == "LISTEN", f"ss shows the listening socket: {out!r}")
    backlog = int(fields[2]) if len(fields) >= 3 and fields[2].isdigit() else 0
    check(backlog >= 128, f"listen backlog {backlog}, want at least 128")


def main():
    zhsearch, corpus, work = sys.argv[1], sys.argv[2], sys.argv[3]
    fx = Fixture(zhsearch, corpus, work, "http")
    try:
        server = fx.serve("--cors-origin", ALLOWED_ORIGIN)
        for test in [test_api_matches_cli, test_page, test_subtitle_link, test_hostile, test_document_view, test_errors, test_misc,
                     test_cors, test_missing_index, test_live_index, test_listen_backlog]:
            print("--", test.__name__)
            try:
                test(fx, server)
            except Exception:  # noqa: BLE001 - report and go on with the next test
                FAILURES.append(test.__name__ + " raised")
                traceback.print_exc()
        log = "\n".join(server.stderr_lines)
        check("GET /api/search?q=%E5%B0%8F%E5%9B%A2%E9%98%9F 200" in log, "access log line for a search")
        code = server.stop(signal.SIGINT)
        check(code == 0, f"SIGINT stops the server with exit code 0 (got {code})")
        check(any("stopped" in l for l in server.stderr_lines), "serve says it stopped")
    finally:
        fx.close()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        return 1
    print("all web HTTP checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
