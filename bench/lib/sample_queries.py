#!/usr/bin/env python3
"""Sample keyword queries from a corpus folder with a fixed seed.

usage: sample_queries.py CORPUS_DIR N SEED > queries.tsv   (TYPE<TAB>QUERY per line)

Types, in equal shares (N/8 each, rounded up, then cut to N):
  cjk1 .. cjk6   a random run of 1-6 Han characters taken from a random spot
                 in a random document (not word-aligned)
  ascii          a whole ASCII token [A-Za-z][A-Za-z0-9]*([-.+][A-Za-z0-9]+)*,
                 2-30 characters (GPT-3, OpenAI, pg_dump's "pg")
  mixed          1-3 Han characters directly before or after an ASCII token
                 (的API, 5G基站)
No duplicates. Files are read in sorted order, so the same corpus, N and
seed always give the same queries.
"""
import os
import random
import re
import sys

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile("[%s]+" % HAN)
ASCII_TOK = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*(?![A-Za-z0-9])")
MIXED = re.compile(r"[%s]{1,3}[A-Za-z][A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*(?![A-Za-z0-9])|"
                   r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*[%s]{1,3}" % (HAN, HAN))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    root, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.join(d, f) for f in names if f.endswith((".md", ".txt"))]
    files.sort()
    if not files:
        sys.exit("sample_queries.py: no .md/.txt files under %s" % root)
    rng = random.Random(seed)
    types = ["cjk1", "cjk2", "cjk3", "cjk4", "cjk5", "cjk6", "ascii", "mixed"]
    per = -(-n // len(types))
    seen, out = set(), []
    cache = {}

    def text_of(path):
        if path not in cache:
            with open(path, encoding="utf-8", errors="replace") as fh:
                cache[path] = fh.read()
        return cache[path]

    for t in types:
        got, tries = 0, 0
        while got < per and tries < per * 200:
            tries += 1
            text = text_of(rng.choice(files))
            q = None
            if t.startswith("cjk"):
                L = int(t[3:])
                runs = [m for m in HAN_RUN.finditer(text) if m.end() - m.start() >= L]
                if runs:
                    m = rng.choice(runs)
                    s = rng.randrange(m.start(), m.end() - L + 1)
                    q = text[s:s + L]
            else:
                rx = ASCII_TOK if t == "ascii" else MIXED
                toks = [m.group(0) for m in rx.finditer(text)]
                if t == "ascii":
                    toks = [x for x in toks if 2 <= len(x) <= 30]
                if toks:
                    q = rng.choice(toks)
            if q and q not in seen:
                seen.add(q)
                out.append((t, q))
                got += 1
    for t, q in out[:n] if len(out) <= n else interleave(out, n):
        print("%s\t%s" % (t, q))


def interleave(out, n):
    """Cut to n keeping the type shares even: round-robin over the types."""
    by = {}
    for t, q in out:
        by.setdefault(t, []).append((t, q))
    res, i = [], 0
    while len(res) < n:
        for t in by:
            if i < len(by[t]) and len(res) < n:
                res.append(by[t][i])
        i += 1
    return res


if __name__ == "__main__":
    main()
