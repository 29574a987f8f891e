#!/usr/bin/env python3
"""Latency table from `zhsearch search --batch` output.

usage: latency.py QUERIES.tsv LABEL=BATCH_OUTPUT [LABEL=BATCH_OUTPUT ...]

QUERIES.tsv has TYPE<TAB>QUERY lines (sample_queries.py). Each batch output
has QNUM<TAB>KEY...<TAB>COUNT<TAB>MICROS lines (and `# QNUM note` lines).
Prints a Markdown table: per label, all queries and each type: n, p50/p95/
p99/max ms (zhsearch's in-process MICROS), mean match count, queries with no
match. Percentiles are nearest-rank.
"""
import math
import sys


def pct(v, p):
    if not v:
        return None
    v = sorted(v)
    return v[max(0, math.ceil(p / 100.0 * len(v)) - 1)]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    types = [l.rstrip("\n").split("\t", 1)[0] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    order = sorted(set(types), key=lambda t: (not t.startswith("cjk"), t))
    print("| mode | query type | n | p50 ms | p95 ms | p99 ms | max ms | mean matches | no match | notes |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for arg in sys.argv[2:]:
        label, path = arg.split("=", 1)
        rows, notes = {}, {}
        for line in open(path, encoding="utf-8", errors="replace"):
            if line.startswith("#"):
                parts = line[1:].split()
                if len(parts) >= 2:
                    notes[parts[1].split("=")[0]] = notes.get(parts[1].split("=")[0], 0) + 1
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) >= 3:
                rows[int(f[0])] = (int(f[-2]), int(f[-1]))
        missing = len(types) - len(rows)
        groups = [("all", list(range(1, len(types) + 1)))] + \
                 [(t, [i + 1 for i, x in enumerate(types) if x == t]) for t in order]
        for gi, (g, qs) in enumerate(groups):
            us = [rows[q][1] / 1000.0 for q in qs if q in rows]
            counts = [rows[q][0] for q in qs if q in rows]
            note = ""
            if gi == 0:
                note = ", ".join("%s×%d" % kv for kv in sorted(notes.items()))
                if missing:
                    note += (", " if note else "") + "%d queries unanswered" % missing
            print("| %s | %s | %d | %s | %s | %s | %s | %s | %d | %s |" % (
                label if gi == 0 else "", g, len(us),
                *("%.3f" % x if x is not None else "–" for x in (pct(us, 50), pct(us, 95), pct(us, 99),
                                                              max(us) if us else None)),
                "%.0f" % (sum(counts) / len(counts)) if counts else "–",
                sum(1 for c in counts if c == 0), note))


if __name__ == "__main__":
    main()
