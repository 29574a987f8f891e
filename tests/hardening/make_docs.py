#!/usr/bin/env python3
"""Writes N Markdown documents derived from a corpus folder, for tests and
the soak that need more data than corpus/ holds: each is the corpus's
paragraphs in a seeded shuffled order under a unique title and marker
word (变体NNNNN), so every file has different content and its own hits.
Usage: make_docs.py CORPUS_DIR OUT_DIR N [START] [SEED]"""

import os
import random
import sys


def paragraphs(corpus_dir):
    out = []
    for root, _, files in os.walk(corpus_dir):
        for name in sorted(files):
            if name.endswith((".md", ".txt")):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    text = f.read()
                if text.startswith("---"):  # drop front matter
                    end = text.find("\n---", 3)
                    text = text[end + 4:] if end > 0 else text
                out += [p.strip() for p in text.split("\n\n") if p.strip() and not p.startswith("#")]
    return out


def main():
    corpus_dir, out_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    start = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 7)
    paras = paragraphs(corpus_dir)
    if not paras:
        sys.exit(f"make_docs.py: no paragraphs in {corpus_dir}")
    os.makedirs(out_dir, exist_ok=True)
    for i in range(start, start + n):
        body = rng.sample(paras, min(len(paras), 12))
        with open(os.path.join(out_dir, f"variant-{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: 变体文档 {i}\n---\n# 变体{i:05d}\n\n")
            f.write(f"变体{i:05d} 是这篇文档独有的标记。\n\n" + "\n\n".join(body) + "\n")


if __name__ == "__main__":
    main()
