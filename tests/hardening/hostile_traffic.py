#!/usr/bin/env python3
"""Hostile traffic against a real `zhsearch serve` (issue 7).

Usage: hostile_traffic.py ZHSEARCH CORPUS_DIR WORK_DIR [REQUESTS]

Builds the web tests' index (tests/web/web_fixture.py), starts the server on
a free loopback port and sends REQUESTS (default 10,000) seeded requests
over raw sockets: random bytes, malformed and overlong percent-encoding,
invalid UTF-8, huge headers and request lines, deeply nested queries,
10,000-character queries, bad methods, bad Content-Length and framing, with
a few normal searches mixed in. Meanwhile slow clients trickle requests
byte by byte, and others stall half-way. Then /healthz must answer, 小团队
must return what it returned before, the server must be the same process,
no answer may be a 5xx and nothing may be logged as an internal error or
sanitizer report. Prints a summary line with the counts.
"""

import collections
import concurrent.futures
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from web_fixture import FAILURES, Fixture, check, request  # noqa: E402

SEED = 2026
SEARCH = "/api/search?q=" + urllib.parse.quote("小团队") + "&limit=50"


def read_status_line(s):
    answer = b""
    while b"\r\n" not in answer:
        chunk = s.recv(65536)
        if not chunk:
            break
        answer += chunk
    return answer


def send_raw(port, data, timeout=10.0):
    """Sends `data` on a fresh connection and reads the answer. A request the
    server is still waiting to complete after half a second is ended by
    closing the writing side (the server then sees the client hang up; it
    does the same with any half-closed connection, so complete requests are
    not half-closed). Returns the status code, "closed" (no answer), "reset"
    or "timeout"."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            try:
                s.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server stopped reading (too large): its answer may still be there
            try:
                s.settimeout(0.5)
                answer = read_status_line(s)
            except socket.timeout:
                s.shutdown(socket.SHUT_WR)
                s.settimeout(timeout)
                answer = read_status_line(s)
            except ConnectionResetError:
                return "reset"
    except socket.timeout:
        return "timeout"
    except ConnectionResetError:
        return "reset"
    if not answer.startswith(b"HTTP/1."):
        return "closed"
    return int(answer.split(b" ", 2)[1])


def pct(raw: bytes) -> str:
    return "".join("%%%02X" % b for b in raw)


def get(target, headers=b"Host: x\r\n"):
    if isinstance(target, str):
        target = target.encode("utf-8", "surrogateescape")
    return b"GET " + target + b" HTTP/1.1\r\n" + headers + b"\r\n"


# --- request generators: each takes a Random and returns bytes -------------

def random_bytes(rng):
    return rng.randbytes(rng.randint(1, 3000))


def random_after_request_line(rng):
    junk = rng.randbytes(rng.randint(1, 500))
    return rng.choice([b"GET /api/search?q=", b"GET /", b"GET /?q=", b"HEAD /healthz?"]) + junk + b" HTTP/1.1\r\n\r\n"


def random_headers(rng):
    lines = b"".join(rng.randbytes(rng.randint(1, 80)).replace(b"\r\n", b"") + b"\r\n" for _ in range(rng.randint(1, 20)))
    return b"GET /healthz HTTP/1.1\r\n" + lines + b"\r\n"


BAD_ESCAPES = ["%", "%%", "%z", "%zz", "%u5C0F", "%E5%9B", "%C0%AF", "%E0%80%AF", "%F0%80%80%AF", "%ED%A0%80",
               "%FF", "%FE%FF", "%00", "%0", "%%41", "%G1", "%C3%28", "%F8%88%80%80%80", "%E5%9B%A2%E9%98"]


def bad_percent(rng):
    parts = [rng.choice(BAD_ESCAPES + ["小", "团队", "a", "%E5%9B%A2"]) for _ in range(rng.randint(1, 12))]
    key = rng.choice(["q", "limit", "offset", "page", "tag", "author", "meta", "%FF", "q%00"])
    path = rng.choice(["/api/search", "/", "/healthz", "/api/stats", "/%FF", "/%2e%2e/%2e%2e/etc/passwd"])
    return get(f"{path}?{key}={''.join(parts)}")


def invalid_utf8(rng):
    raw = bytes(rng.choice([0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF, 0xE5, 0xED, 0xF4]) for _ in range(rng.randint(1, 8)))
    if rng.random() < 0.5:
        return get(f"/api/search?q={pct('团'.encode() + raw)}")
    # Unencoded bytes straight in the request line.
    return b"GET /api/search?q=" + "团".encode() + raw + b" HTTP/1.1\r\nHost: x\r\n\r\n"


def huge_headers(rng):
    kind = rng.randrange(5)
    if kind == 0:  # one long header
        return get("/healthz", b"Host: x\r\nX-Big: " + b"a" * rng.choice([17000, 70000, 300000]) + b"\r\n")
    if kind == 1:  # many small ones
        return get("/healthz", b"".join(b"X-H%d: v\r\n" % i for i in range(rng.choice([65, 200, 5000]))))
    if kind == 2:  # a long header name
        return get("/healthz", b"X" * rng.choice([9000, 40000]) + b": v\r\n")
    if kind == 3:  # a cookie the size of a small file
        return get(SEARCH, b"Host: x\r\nCookie: " + b"k=v; " * 5000 + b"\r\n")
    return get("/healthz", b"Host: x\r\n" + b" folded\r\n" * 3000)  # obsolete line folding


def huge_request_line(rng):
    n = rng.choice([4097, 9000, 70000, 1 << 20])
    kind = rng.randrange(3)
    if kind == 0:
        return get("/api/search?q=" + "a" * n)
    if kind == 1:
        return get("/" + "x/" * (n // 2))
    return b"GET /?" + b"&q=" * (n // 3) + b" HTTP/1.1\r\n\r\n"


def deep_nesting(rng):
    n = rng.randint(1, 127)
    q = rng.choice([
        "(" * n + "小团队" + ")" * n,
        "(" * n + "小团队",
        "小团队" + ")" * n,
        '"' * n + "团队",
        "-" * n + "团队",
        " OR ".join(["团队"] * min(n, 40)),
        "团队 " + "-(" * min(n, 80),
        "tag:" * min(n, 60) + "AI",
        "((((((" * min(n, 40),
        "NOT " * min(n, 60) + "团队",
        "year:" + "9" * n,
        "*" * n,
    ])
    return get("/api/search?q=" + urllib.parse.quote(q, safe=""))


def ten_thousand_chars(rng):
    q = "".join(rng.choice("小团队红杉资本人工智能ab1 ") for _ in range(10000))
    target = "/api/search?q=" + urllib.parse.quote(q, safe="")
    if rng.random() < 0.5:
        return get(target)
    # As an HTTP/1.0 request with no Host header.
    return b"GET " + target.encode() + b" HTTP/1.0\r\n\r\n"


def bad_method(rng):
    method = rng.choice([b"POST", b"PUT", b"DELETE", b"PATCH", b"TRACE", b"CONNECT", b"get", b"G\x00T", b"GET\t",
                         b"\xff\xfe", b"PROPFIND", b"M" * 2000, b"", b"GET GET", b"BREW"])
    target = rng.choice([b"/", b"/api/search?q=a", b"/api/documents/x.md", b"*", b"http://evil/", b""])
    version = rng.choice([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/9.9", b"HTTP/1", b"", b"HTTP/1.1 extra"])
    return method + b" " + target + b" " + version + b"\r\nHost: x\r\n\r\n"


def bad_length(rng):
    value = rng.choice([b"-1", b"abc", b"99999999999999999999999", b"1,2", b"0x10", b" 5", b"10", b"18446744073709551616",
                        b"1e9", b""])
    kind = rng.randrange(4)
    if kind == 0:
        return b"GET /api/search?q=a HTTP/1.1\r\nContent-Length: " + value + b"\r\n\r\nabc"
    if kind == 1:
        return b"POST /api/search HTTP/1.1\r\nContent-Length: " + value + b"\r\n\r\nq=a"
    if kind == 2:
        return b"GET / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde"
    return (b"GET /healthz HTTP/1.1\r\nTransfer-Encoding: " + rng.choice([b"chunked", b"chunked, identity", b"gzip", b"\xff"])
            + b"\r\n\r\n" + rng.choice([b"zz\r\n", b"ffffffffffffffff\r\nabc", b"0\r\n\r\n", b"-5\r\nab\r\n"]))


def bad_framing(rng):
    return rng.choice([
        b"GET /healthz HTTP/1.1\n\n",                                   # bare LF
        b"GET /healthz HTTP/1.1\r\nNoColonHere\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\n: empty-name\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        b"\r\n\r\n\r\nGET /healthz HTTP/1.1\r\n\r\n",
        b"GET  /healthz  HTTP/1.1\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
        b"GET /healthz HTTP/1.1\r\n\r\nGET /api/search?q=%zz HTTP/1.1\r\n\r\n",  # pipelined
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n",                          # headers never end
        b"GET /healthz",                                                  # request line never ends
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 100,  # a TLS ClientHello
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",                              # HTTP/2 preface
        b"GET /api/search?q=a#frag HTTP/1.1\r\n\r\n",
        b"GET /api/search?q=a&q=b&q=c&limit=1&limit=99 HTTP/1.1\r\n\r\n",
        b"GET /api/search?limit=0&offset=-1&q=a HTTP/1.1\r\n\r\n",
        b"GET /api/search?" + b"tag=a&" * 300 + b"q=a HTTP/1.1\r\n\r\n",
        b"GET /api/search?q=a&meta=2 HTTP/1.1\r\n\r\n",
        b"GET /../../../../etc/passwd HTTP/1.1\r\n\r\n",
        b"GET /app.js HTTP/1.1\r\nIf-None-Match: " + b"\"x\"," * 1000 + b"\r\n\r\n",
        b"OPTIONS /api/search HTTP/1.1\r\nOrigin: null\r\nAccess-Control-Request-Method: PUT\r\n\r\n",
        b"GET /api/search?q=a HTTP/1.1\r\nRange: bytes=0-1,2-3,4-5\r\n\r\n",
    ])


def normal(rng):
    return get(rng.choice([SEARCH, "/healthz", "/api/stats", "/?q=" + urllib.parse.quote("红杉"), "/app.js"]))


GENERATORS = [
    (random_bytes, 20), (random_after_request_line, 10), (random_headers, 8), (bad_percent, 12),
    (invalid_utf8, 8), (huge_headers, 4), (huge_request_line, 4), (deep_nesting, 10),
    (ten_thousand_chars, 4), (bad_method, 6), (bad_length, 6), (bad_framing, 6), (normal, 2),
]


def build_requests(count):
    rng = random.Random(SEED)
    funcs = [f for f, w in GENERATORS for _ in range(w)]
    out = []
    for _ in range(count):
        f = rng.choice(funcs)
        out.append((f.__name__, f(rng)))
    return out


# --- slow clients -------------------------------------------------------------

def trickle(port, data, gap, results, name):
    """Sends `data` a byte at a time, `gap` seconds apart, then reads the answer."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            for i in range(len(data)):
                s.sendall(data[i:i + 1])
                time.sleep(gap)
            answer = s.recv(65536)
        status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else "closed"
    except (BrokenPipeError, ConnectionResetError):
        status = "reset"
    results.append((name, status, time.monotonic() - started))


def stall(port, data, results, name):
    """Sends the start of a request and then nothing; the server must hang up."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(data)
            answer = s.recv(65536)
        status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else "closed"
    except (socket.timeout, ConnectionResetError):
        status = "timeout"
    results.append((name, status, time.monotonic() - started))


def search_passages(server):
    status, _, data = request(server, SEARCH, timeout=30)
    return status, sorted(r["passage"] for r in json.loads(data)["results"]) if status == 200 else None


def main():
    zhsearch, corpus, work = sys.argv[1], sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    fx = Fixture(zhsearch, corpus, work, "hostile")
    try:
        run(fx, count)
    finally:
        fx.close()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    print("hostile traffic: all checks passed")


def run(fx, count):
    server = fx.serve()
    pid = server.proc.pid
    stats_before = json.loads(fx.run("stats", "--db", fx.db, "--json").stdout)
    cli = sorted(r["passage"] for r in fx.cli_search_json("小团队", "--per-doc", "2", "-n", "50")["results"])
    status, before = search_passages(server)
    check(status == 200 and before == cli and len(before) > 0, f"baseline search: {status}, {before} != {cli}")

    # Slow clients run while the hostile requests are sent.
    slow_results = []
    slow = [threading.Thread(target=trickle, args=(server.port, get("/healthz"), 0.25, slow_results, "trickle"))
            for _ in range(4)]
    slow += [threading.Thread(target=trickle, args=(server.port, get(SEARCH), 0.1, slow_results, "trickle search"))
             for _ in range(2)]
    slow += [threading.Thread(target=stall, args=(server.port, data, slow_results, "stall"))
             for data in (b"GET /healthz HTTP/1.1\r\nHost:", b"GET /api/sea", b"", b"GET / HTTP/1.1\r\n")]
    for t in slow:
        t.start()

    requests = build_requests(count)
    statuses = collections.Counter()
    by_kind = collections.defaultdict(collections.Counter)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for (kind, _), status in zip(requests, pool.map(lambda r: send_raw(server.port, r[1]), requests)):
            statuses[status] += 1
            by_kind[kind][status] += 1
    seconds = time.monotonic() - started
    for t in slow:
        t.join(timeout=60)
    check(not any(t.is_alive() for t in slow), "a slow client was still connected after 60 s")

    # Idle connections beyond the worker pool: new requests wait for a
    # worker, at most the read timeout (5 s) while idle ones are dropped.
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(100)]
    t0 = time.monotonic()
    status, _, _ = request(server, "/healthz", timeout=30)
    idle_wait = time.monotonic() - t0
    for s in idle:
        s.close()
    check(status == 200 and idle_wait < 12, f"/healthz with 100 idle connections: {status} after {idle_wait:.1f} s")

    # The server survived, unchanged.
    alive = server.proc.poll() is None and server.proc.pid == pid
    check(server.proc.poll() is None, f"server exited with {server.proc.returncode}")
    check(server.proc.pid == pid, "server pid changed")
    status, _, data = request(server, "/healthz")
    check(status == 200 and json.loads(data) == {"status": "ok"}, f"/healthz after the traffic: {status} {data[:200]}")
    status, after = search_passages(server)
    check(status == 200 and after == before, f"小团队 after the traffic: {status}, {len(after or [])} passages, "
                                             f"{len(before)} before")
    stats_after = json.loads(fx.run("stats", "--db", fx.db, "--json").stdout)
    lost = stats_before["documents"] - stats_after["documents"]
    check(lost == 0 and stats_before["passages"] == stats_after["passages"],
          f"documents/passages changed: {stats_before} -> {stats_after}")

    five_xx = {s: n for s, n in statuses.items() if isinstance(s, int) and s >= 500}
    check(not five_xx, f"5xx answers: {five_xx}; by kind: " +
          str({k: dict(c) for k, c in by_kind.items() if any(isinstance(s, int) and s >= 500 for s in c)}))
    check(statuses["timeout"] == 0, f"{statuses['timeout']} requests got no answer within 10 s")
    for name, status, secs in slow_results:
        if name.startswith("trickle"):
            check(status == 200, f"slow client ({name}) got {status} after {secs:.1f} s")
        else:
            check(status in ("closed", 408, 400) and secs < 15, f"stalled client: {status} after {secs:.1f} s")
    log = server.stderr_lines
    bad_log = [line for line in log if "Sanitizer" in line or "runtime error:" in line or "internal error" in line]
    check(not bad_log, f"server log: {bad_log[:5]}")
    server.stop()
    check(server.proc.returncode == 0, f"server exit code {server.proc.returncode} after SIGTERM")

    order = sorted(statuses.items(), key=lambda kv: (isinstance(kv[0], str), str(kv[0])))
    summary = ", ".join(f"{s}: {n}" for s, n in order)
    print(f"hostile traffic: {count} requests in {seconds:.1f} s; statuses {{{summary}}}; "
          f"5xx: {sum(five_xx.values())}; slow clients: {len(slow_results)} "
          f"({', '.join(sorted(set(f'{n} {s}' for n, s, _ in slow_results)))}); "
          f"healthz with 100 idle connections: {idle_wait:.2f} s; crashes: {0 if alive else 1}; "
          f"documents lost: {lost}")
    for kind, c in sorted(by_kind.items()):
        print(f"  {kind:28s} {dict(sorted(c.items(), key=lambda kv: str(kv[0])))}")


if __name__ == "__main__":
    main()
