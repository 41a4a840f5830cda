#!/usr/bin/env python3
"""readme.py [--update] [--bench FIGURES] - runs the shell transcripts of
README.md, and writes its table of speed and memory figures.

A fenced block whose first line begins with "$ " is a transcript: each
command ("$ " and the lines it continues with a trailing backslash) is
run by bash with pipefail, in a scratch copy of examples/ (each
transcript starts from the top of the checkout), with the tools of bin/ first
on PATH; the lines after it, up to the next command, are its standard
output and standard error, merged.  Without --update, prints "ok" or the
first difference (exit 1); with --update, writes the outputs into
README.md, so that every figure there comes from the tools.

With --bench FIGURES (the file make bench writes, bench/data/figures.tsv:
label, text, target, verdict, tab-separated), the table between the
README's "figures" markers is written anew from it, and nothing is run.
"""
import os
import shutil
import subprocess
import sys
import tempfile

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
readme = os.path.join(top, "README.md")
update = "--update" in sys.argv[1:]
BEGIN = "<!-- figures: written by tools/readme.py --bench from make bench -->"
END = "<!-- end of figures -->"


def md(s):
    return s.replace("|", "\\|")


if "--bench" in sys.argv[1:]:
    src = sys.argv[sys.argv.index("--bench") + 1]
    text = open(readme, encoding="utf-8").read()
    if BEGIN not in text or END not in text:
        sys.exit("readme.py: README.md has no figures markers")
    rows = ["| measure | figure | target | verdict |", "|---|---|---|---|"]
    for line in open(src, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) != 4:
            continue
        rows.append("| %s | %s | %s | %s |" % tuple(md(x) for x in f))
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    open(readme, "w", encoding="utf-8").write(
        head + BEGIN + "\n" + "\n".join(rows) + "\n" + END + tail)
    print("README.md: %d figures" % (len(rows) - 2))
    sys.exit(0)

lines = open(readme, encoding="utf-8").read().split("\n")
out, i, bad, runs = [], 0, None, 0
work = tempfile.mkdtemp(prefix="gd-readme.")
shutil.copytree(os.path.join(top, "examples"), os.path.join(work, "examples"))
cwd = work
env = dict(os.environ, PATH=os.path.join(top, "bin") + os.pathsep +
           os.environ.get("PATH", ""), LC_ALL="C.UTF-8")
try:
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if not (line.startswith("```") and i < len(lines) and
                lines[i].startswith("$ ")):
            continue
        cwd = work      # each transcript starts at the top
        while i < len(lines) and not lines[i].startswith("```"):
            cmd = [lines[i][2:]]
            out.append(lines[i])
            i += 1
            while cmd[-1].endswith("\\") and i < len(lines):
                cmd.append(lines[i])
                out.append(lines[i])
                i += 1
            want = []
            while i < len(lines) and not lines[i].startswith("$ ") and \
                    not lines[i].startswith("```"):
                want.append(lines[i])
                i += 1
            text = "\n".join(cmd)
            runs += 1
            if text.startswith("cd "):
                cwd = os.path.normpath(os.path.join(cwd, text[3:].strip()))
                got = []
            else:
                p = subprocess.run(["bash", "-o", "pipefail", "-c", text],
                                   cwd=cwd, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
                got = p.stdout.decode("utf-8").split("\n")
                if got and got[-1] == "":
                    got.pop()
                if p.returncode != 0 and bad is None:
                    bad = "%s: exit %d" % (text, p.returncode)
            if got != want and bad is None:
                bad = "%s:\n  got:  %s\n  want: %s" % (
                    text, "\n        ".join(got), "\n        ".join(want))
            out.extend(got if update else want)
finally:
    shutil.rmtree(work)
if update:
    open(readme, "w", encoding="utf-8").write("\n".join(out))
    print("README.md: %d commands run" % runs)
elif bad:
    print("not ok readme: " + bad)
    sys.exit(1)
else:
    print("ok readme (%d commands)" % runs)
