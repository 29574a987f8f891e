#!/usr/bin/env python3
"""Writes documents N..N+COUNT-1 of a source into OUT_DIR as Markdown, for
scripts/soak.sh to index while the server is under load. The source is a
corpus-large .jsonl.xz file ({"id", "title", "text"} per line) or, when it
is a folder, the variants of tests/hardening/make_docs.py.
Usage: add_docs.py SOURCE OUT_DIR START COUNT   (prints how many it wrote)"""

import itertools
import json
import lzma
import os
import subprocess
import sys


def main():
    source, out_dir, start, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(out_dir, exist_ok=True)
    if os.path.isdir(source):
        make_docs = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "hardening", "make_docs.py")
        subprocess.run([sys.executable, make_docs, source, out_dir, str(count), str(start), str(start)], check=True)
        print(count)
        return
    written = 0
    with lzma.open(source, "rt", encoding="utf-8") as f:
        for line in itertools.islice(f, start, start + count):
            doc = json.loads(line)
            title = doc.get("title", "").replace("\\", "/").replace('"', "'")
            with open(os.path.join(out_dir, f"soak-{start + written:06d}.md"), "w", encoding="utf-8") as out:
                out.write(f'---\ntitle: "{title}"\n---\n\n{doc["text"]}\n')
            written += 1
    print(written)


if __name__ == "__main__":
    main()
