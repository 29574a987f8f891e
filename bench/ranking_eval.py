#!/usr/bin/env python3
"""Ranked-retrieval check for tuning zhsearch on the dev questions only.

  bench/ranking_eval.py [--bin ZHSEARCH] [--work DIR] [--split dev|heldout|all]
                        [-n N] [--corpus NAME] [-- ZHSEARCH_SEARCH_ARGS...]

Runs `zhsearch search --batch -n 10` (the user's query path) over the
questions of one retrieval corpus made by ../shared/bench/make_corpora.py
(default ret-union-large, in WORK/corpora) and prints MRR@10, Recall@1/5/10
and the in-process latency p50/p95. On the union corpora, --split dev keeps
the cmrc2018-dev and drcd-dev questions (what parameters may be chosen on),
--split heldout the cmrc2018-trial and drcd-test ones. N questions are
sampled with a fixed seed. The index is built into WORK/ranking-eval/CORPUS
the first time. Extra arguments go to `zhsearch search`, for example
`-- --rank-param phrase=0`.
"""
import argparse
import json
import os
import random
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DEV = ["ret-cmrc2018-dev", "ret-drcd-dev"]
HELDOUT = ["ret-cmrc2018-trial", "ret-drcd-test"]


def qids_of(work, corpora):
    out = set()
    for c in corpora:
        with open(os.path.join(work, "queries", c, "queries.jsonl"), encoding="utf-8") as fh:
            out |= {json.loads(line)["qid"] for line in fh}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.environ.get("ZHSEARCH_BIN", os.path.join(REPO, "build", "zhsearch")))
    ap.add_argument("--work", default=os.environ.get("BENCH_WORK", "/tmp/zh-bench"))
    ap.add_argument("--corpus", default="ret-union-large")
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    ap.add_argument("-n", type=int, default=2000, help="questions sampled (0 = all)")
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    extra = a.rest[1:] if a.rest[:1] == ["--"] else a.rest

    qdir = os.path.join(a.work, "queries", a.corpus)
    with open(os.path.join(qdir, "qrels.tsv"), encoding="utf-8") as fh:
        qrels = {}
        for line in fh:
            qid, doc = line.split()[:2]
            qrels.setdefault(qid, set()).add(doc)
    with open(os.path.join(qdir, "queries.jsonl"), encoding="utf-8") as fh:
        qs = [json.loads(line) for line in fh]
    if a.split != "all" and a.corpus.startswith("ret-union"):
        keep = qids_of(a.work, DEV if a.split == "dev" else HELDOUT)
        qs = [q for q in qs if q["qid"] in keep]
    if a.n and a.n < len(qs):
        qs = random.Random(1).sample(qs, a.n)

    db = os.path.join(a.work, "ranking-eval", a.corpus)
    if not os.path.isdir(db):
        subprocess.run([a.bin, "index", "--db", db, "--quiet", os.path.join(a.work, "corpora", a.corpus)], check=True)
    text = "".join(q["query"].replace("\n", " ") + "\n" for q in qs)
    out = subprocess.run([a.bin, "search", "--db", db, "--batch", "-n", "10"] + extra,
                         input=text.encode(), capture_output=True, check=True).stdout.decode()
    lines = [l.split("\t") for l in out.splitlines() if not l.startswith("#")]
    if len(lines) != len(qs):
        sys.exit("ranking_eval: %d answers for %d questions" % (len(lines), len(qs)))
    rr, hits, micros = [], {1: 0, 5: 0, 10: 0}, []
    for q, f in zip(qs, lines):
        ids = [os.path.splitext(os.path.basename(k))[0] for k in f[1:-2]]
        micros.append(int(f[-1]))
        first = next((i for i, d in enumerate(ids, 1) if d in qrels[q["qid"]]), None)
        rr.append(1.0 / first if first else 0.0)
        for k in hits:
            hits[k] += bool(first and first <= k)
    n = len(rr)
    micros.sort()
    print("%s %s n=%d  MRR@10 %.4f  R@1 %.3f  R@5 %.3f  R@10 %.3f  p50 %.1f ms  p95 %.1f ms  %s" % (
        a.corpus, a.split, n, sum(rr) / n, hits[1] / n, hits[5] / n, hits[10] / n,
        micros[n // 2] / 1000, micros[int(n * 0.95)] / 1000, " ".join(extra)))


if __name__ == "__main__":
    main()
