#!/usr/bin/env bash
# README drift: every flag that `zhsearch help` and `zhsearch COMMAND --help`
# list must appear in README.md's Usage section, every command must have a
# usage line there, and every flag on a README usage line must exist for
# its command; and the README names no internal design notes. Fails naming
# each flag that is missing or unknown.
# Usage: readme_flags_test.sh ZHSEARCH README_MD
set -uo pipefail
exec python3 - "$1" "$2" <<'PY'
import re, subprocess, sys

zh, readme = sys.argv[1], sys.argv[2]
failures = []

def help_of(*args):
    p = subprocess.run([zh, *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("FAIL zhsearch %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout

def flags_in_help(text):
    """'  -n,--limit UINT=10  Passages...' -> ['-n', '--limit']"""
    flags = []
    in_options = False
    for line in text.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            in_options = line == "Options:"
            continue
        m = re.match(r"^  (-[^\s]+)", line)
        if in_options and m:
            flags += [f for f in m.group(1).split(",") if f.startswith("-")]
    return flags

FLAG = r"(?<![\w-])(--?[A-Za-z][\w-]*)"

def mentions(text, flag):
    return re.search(r"(?<![\w-])" + re.escape(flag) + r"(?![\w-])", text) is not None

top = help_of("help")
commands = re.findall(r"^  ([a-z]+)\s{2,}\S", top.split("Commands:", 1)[1], re.M)
if len(commands) < 5:
    sys.exit("FAIL cannot find the commands in `zhsearch help`:\n" + top)
flags = {"": flags_in_help(top)}
for c in commands:
    flags[c] = flags_in_help(help_of(c, "--help"))
    if not flags[c]:
        failures.append("zhsearch %s --help lists no flags" % c)

text = open(readme, encoding="utf-8").read()
m = re.search(r"^## Usage\n(.*?)(?=^## )", text, re.S | re.M)
if not m:
    sys.exit("FAIL README.md has no '## Usage' section")
usage = m.group(1)

# 1. Every flag of every command is in the Usage section.
checked = 0
for c, fs in flags.items():
    for f in fs:
        checked += 1
        if not mentions(usage, f):
            failures.append("%s is not in README.md's Usage section" % ("zhsearch %s %s" % (c, f)).replace("  ", " "))

# 2. Every command has a usage line, and every flag on a usage line exists.
block = re.search(r"```\n(.*?)```", usage, re.S)
lines = block.group(1).splitlines() if block else []
current = None
seen = set()
for line in lines:
    code = line.split("#", 1)[0]
    m = re.match(r"^zhsearch\s+([a-z]+)?", code)
    if m:
        current = m.group(1) or ""
        seen.add(current)
    if current is None:
        continue
    known = flags.get(current, []) + flags[""]
    if current not in flags and current != "help":
        failures.append("README usage line for unknown command '%s'" % current)
        continue
    if current == "help":
        known = flags[""]
    for f in re.findall(FLAG, code):
        if f not in known:
            failures.append("README usage line for '%s' shows %s, which it does not take" % (current, f))
for c in commands:
    if c not in seen:
        failures.append("README.md's usage block has no line for zhsearch %s" % c)

# 3. The README stands alone: no pointers to design notes a reader does not have.
for m in re.finditer(r"DESIGN|§", text):
    line = text.count("\n", 0, m.start()) + 1
    failures.append("README.md:%d refers to internal design notes (%s)" % (line, m.group(0)))

for f in failures:
    print("FAIL " + f)
if failures:
    sys.exit("%d problem(s)" % len(failures))
print("ok   %d flags of %d commands are in README.md's Usage section" % (checked, len(commands)))
PY
