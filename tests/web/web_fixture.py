"""Shared set-up for the web tests: a temporary index built from corpus/
plus a hostile document and a few pagination documents, and a real
`zhsearch serve` process on a free loopback port (--port 0, the URL is read
from its first line of output)."""

import http.client
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

HOSTILE_MD = """---
title: "恶意标题 \\"><img src=x onerror=alert(1)>"
source: "javascript:alert(1)"
tags:
  - "<b>标签</b>"
---
# 标题 <script>alert(1)</script>

危险文本测试：<script>alert(1)</script> 以及 "><img src=x onerror=alert(1)> 都应该原样显示。
"""

HOSTILE_TXT = '危险纯文本：<script>alert(1)</script> 和 "><img src=x onerror=alert(1)> 原样显示。\n'

SUBTITLE_SRT = """1
00:01:05,500 --> 00:01:08,000
这一段字幕里提到了时间戳链接测试。
"""

SUBTITLE_YAML = 'title: "访谈节目"\nsource: "https://www.youtube.com/watch?v=abc123"\n'

# Enough distinct documents for more than one page of results (10 a page,
# at most 2 passages a document).
PAGING_DOCS = 14



# Checks record their failures here; each test script reports them at the end.
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)


def request(server, path, method="GET", headers=None, body=None, timeout=30):
    """One HTTP request on a fresh connection: (status, lowercase headers, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


def paging_doc(i):
    return f"""---
title: "分页测试文档 {i:02d}"
source: "https://example.com/paging/{i:02d}"
date: 2025-01-{i + 1:02d}
tags:
  - 测试
---
# 第 {i} 节

这是第 {i} 篇分页测试文档，讲的是小团队如何协作。每篇都提到分页测试这个词。
"""


class Fixture:
    def __init__(self, zhsearch, corpus, work_root, name):
        self.zhsearch = zhsearch
        os.makedirs(work_root, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=work_root)
        self.corpus = os.path.join(self.dir, "corpus")
        self.db = os.path.join(self.dir, "db")
        shutil.copytree(corpus, self.corpus)
        with open(os.path.join(self.corpus, "hostile.md"), "w", encoding="utf-8") as f:
            f.write(HOSTILE_MD)
        with open(os.path.join(self.corpus, "hostile.txt"), "w", encoding="utf-8") as f:
            f.write(HOSTILE_TXT)
        with open(os.path.join(self.corpus, "talk.srt"), "w", encoding="utf-8") as f:
            f.write(SUBTITLE_SRT)
        with open(os.path.join(self.corpus, "talk.yaml"), "w", encoding="utf-8") as f:
            f.write(SUBTITLE_YAML)
        os.makedirs(os.path.join(self.corpus, "paging"))
        for i in range(PAGING_DOCS):
            with open(os.path.join(self.corpus, "paging", f"p{i:02d}.md"), "w", encoding="utf-8") as f:
                f.write(paging_doc(i))
        self.index()
        self.servers = []

    def run(self, *args, check=True):
        return subprocess.run([self.zhsearch, *args], capture_output=True, text=True, check=check, timeout=120)

    def index(self):
        self.run("index", "--db", self.db, self.corpus)

    def cli_search_json(self, query, *extra):
        import json
        out = self.run("search", "--db", self.db, "--json", *extra, query, check=False)
        assert out.returncode in (0, 1), out.stderr
        return json.loads(out.stdout)

    def serve(self, *extra):
        server = Server(self.zhsearch, self.db, list(extra))
        self.servers.append(server)
        return server

    def close(self):
        for s in self.servers:
            s.stop()
        if os.environ.get("ZH_KEEP_TMP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    def __init__(self, zhsearch, db, extra, wait=True):
        self.proc = subprocess.Popen([zhsearch, "serve", "--db", db, "--port", "0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stderr_lines = []
        line = self.proc.stdout.readline()
        match = re.search(r"(http://[^ ]+/)", line)
        if not match:
            self.proc.kill()
            raise AssertionError("serve printed no URL: %r %r" % (line, self.proc.stderr.read()))
        self.url = match.group(1)
        self.port = int(re.search(r":(\d+)/$", self.url).group(1))
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()
        if wait:
            self.wait_healthy()

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def wait_healthy(self, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "healthz", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError("server never became healthy")
            time.sleep(0.05)

    def stop(self, sig=signal.SIGTERM):
        """Sends `sig`; returns the exit code (the process must end within 10 s)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("serve did not stop within 10 s of %s" % sig)
        self._reader.join(timeout=5)
        return self.proc.returncode
