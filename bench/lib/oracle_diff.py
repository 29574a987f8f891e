#!/usr/bin/env python3
"""List the substring queries where an engine's --all set differs from grep-oracle's.

usage: oracle_diff.py RESULTS_JSON [ENGINE] [--max N]

RESULTS_JSON is run.py's WORK/results/CORPUS.json (substring corpus); the
raw --all outputs are read from WORK/runs/CORPUS/{grep-oracle,ENGINE}.all.tsv.
Prints, per differing query: number, type, the query, the ids the engine
missed and the ids it returned that the oracle does not have.
"""
import json
import os
import sys


def read_all(path):
    rows = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\n").split("\t")
            rows[int(f[0])] = set(f[1:-2])
    return rows


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--max")]
    mx = 50
    for a in sys.argv[1:]:
        if a.startswith("--max="):
            mx = int(a.split("=", 1)[1])
    if not args:
        sys.exit(__doc__)
    engine = args[1] if len(args) > 1 else "zh"
    r = json.load(open(args[0], encoding="utf-8"))
    work = r["environment"].get("work") or os.path.dirname(os.path.dirname(os.path.abspath(args[0])))
    runs = os.path.join(work, "runs", r["corpus"])
    truth = read_all(os.path.join(runs, "grep-oracle.all.tsv"))
    got = read_all(os.path.join(runs, engine.replace(":", "_").replace(",", "_").replace("=", "-") + ".all.tsv"))
    texts = {q["q"]: (q["type"], q["text"]) for q in r["per_query"]["grep-oracle"]}
    bad = 0
    for qn in sorted(texts):
        o, e = truth.get(qn, set()), got.get(qn, set())
        if o != e:
            bad += 1
            if bad <= mx:
                t, q = texts[qn]
                print("q%d\t%s\t%r\toracle=%d engine=%d\tmissed=%s\textra=%s" % (
                    qn, t, q, len(o), len(e), ",".join(sorted(o - e)[:8]) or "-", ",".join(sorted(e - o)[:8]) or "-"))
    print("%d of %d queries differ (%s vs grep-oracle, %s)" % (bad, len(texts), engine, r["corpus"]))


if __name__ == "__main__":
    main()
