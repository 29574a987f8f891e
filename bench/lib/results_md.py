#!/usr/bin/env python3
"""Helpers for bench/*.sh: write blocks into bench/RESULTS.md, summarize runs.

  results_md.py block FILE NAME          replace the block NAME in FILE with stdin
  results_md.py machine                  one line: cpu, nproc, memory, kernel
  results_md.py commit REPO              HEAD hash (+ "dirty: N files outside bench/")
  results_md.py compare-summary DIR      summary tables over run.py's DIR/*.json

A block is the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->`.
If FILE has no such block, it is appended at the end of FILE. Everything
outside the block (other sections, others' notes) is left untouched.
"""
import json
import os
import platform
import subprocess
import sys


def block(path, name):
    body = sys.stdin.read().rstrip("\n") + "\n"
    begin, end = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    new = begin + "\n" + body + end
    i, j = text.find(begin), text.find(end)
    if i >= 0 and j > i:
        text = text[:i] + new + text[j + len(end):]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + new + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def machine():
    cpu = platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.1f GB" % (int(line.split()[1]) / 1024 / 1024)
                break
    except OSError:
        pass
    return "%s, nproc %d, %s RAM, Linux %s" % (cpu, os.cpu_count(), mem, platform.release())


def commit(repo):
    def git(*a):
        return subprocess.run(["git", "-C", repo] + list(a), capture_output=True, text=True).stdout.strip()
    head = git("rev-parse", "--short=12", "HEAD")
    dirty = [l for l in git("status", "--porcelain", "--untracked-files=no").splitlines()
             if not l[3:].startswith("bench/")]
    return head + (" (working tree: %d modified tracked files outside bench/, built as is)" % len(dirty)
                   if dirty else "")


def pct(v, p):
    if not v:
        return None
    v = sorted(v)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def f(v, nd=3):
    return "–" if v is None else ("%." + str(nd) + "f") % v


def compare_summary(d):
    rs = {}
    for name in sorted(os.listdir(d)):
        if name.endswith(".json"):
            with open(os.path.join(d, name), encoding="utf-8") as fh:
                r = json.load(fh)
            rs[r["corpus"]] = r
    out = ["Where each corpus's results come from (run.py's own record in its JSON):", ""]
    for c, r in sorted(rs.items()):
        env = r.get("environment", {})
        out.append("* %s: run.py started %s (load %s), %s s for this corpus: `%s`" % (
            c, env.get("date", "?"), "/".join("%.1f" % x for x in env.get("loadavg_at_start", [])) or "?",
            r.get("bench_wall_s", "?"), r.get("command", "?")))
    out.append("")
    ranked = {c: r for c, r in rs.items() if r.get("kind") != "substring"}
    if ranked:
        engines = []
        for r in ranked.values():
            for e in r["engines"]:
                if e not in engines:
                    engines.append(e)
        out.append("MRR@10 per retrieval set (best per row in bold):")
        out.append("")
        out.append("| set | queries | " + " | ".join(engines) + " |")
        out.append("|---|---:|" + "---:|" * len(engines))
        order = sorted(ranked, key=lambda c: (c.startswith("ret-union"), c))
        for c in order:
            r = ranked[c]
            vals = {e: r["engines"].get(e, {}).get("ranked", {}).get("mrr@10") for e in engines}
            best = max([v for v in vals.values() if v is not None], default=None)
            cells = []
            for e in engines:
                v = vals[e]
                s = f(v)
                if r["engines"].get(e, {}).get("error"):
                    s = "ERROR"
                elif v is not None and v == best:
                    s = "**%s**" % s
                cells.append(s)
            out.append("| %s | %d | %s |" % (c, r.get("n_queries", 0), " | ".join(cells)))
        out.append("")
    sub = {c: r for c, r in rs.items() if r.get("kind") == "substring"}
    for c, r in sub.items():
        out.append("Substring headline, %s (n=%d): recall / precision / exact sets / false nothing found; "
                   "latency p50 / p95 ms:" % (c, r.get("n_queries", 0)))
        out.append("")
        out.append("| engine | recall | precision | exact sets | false ∅ | p50 ms | p95 ms | index s | peak RSS MB | index/corpus |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for spec, e in r["engines"].items():
            q, lat, ix = e.get("quality", {}), e.get("latency", {}), e.get("index", {})
            out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                spec + (" ERROR" if e.get("error") else ""), f(q.get("recall_macro")), f(q.get("precision_macro")),
                f(q.get("exact_set_rate")), q.get("false_nothing_found", "–"),
                f(lat.get("p50_ms")), f(lat.get("p95_ms")), f(ix.get("wall_s"), 1),
                f(ix["peak_rss_kb"] / 1024, 0) if ix.get("peak_rss_kb") else "–", f(ix.get("size_ratio"), 2)))
        out.append("")
        loads = ["%s %s" % (spec, e.get("index", {}).get("loadavg1_before")) for spec, e in r["engines"].items()
                 if e.get("index", {}).get("loadavg1_before") is not None]
        if loads:
            out.append("1-minute load average when each engine's indexing started: " + ", ".join(loads) + ".")
            out.append("")
    print("\n".join(out))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "block" and len(sys.argv) == 4:
        block(sys.argv[2], sys.argv[3])
    elif cmd == "machine":
        print(machine())
    elif cmd == "commit" and len(sys.argv) == 3:
        print(commit(sys.argv[2]))
    elif cmd == "compare-summary" and len(sys.argv) == 3:
        compare_summary(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
