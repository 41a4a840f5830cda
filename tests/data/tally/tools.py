#!/usr/bin/env python3
"""tools.py - helpers of the tally tests.

  tools.py split SEED K FILE PREFIX   cut FILE's lines into K parts at
                                      random places, one of them empty
                                      at least: PREFIX.00, PREFIX.01...
  tools.py shuffle SEED FILE          FILE's lines in a random order
  tools.py invalid SUITE OUT NAMES    the JSONTestSuite files SUITE/n_*.json
                                      each as one line (line ends made
                                      CRs), alone, as an answer and as an
                                      extra value of a response record:
                                      each line that Python's json also
                                      finds invalid goes to OUT, between
                                      two valid responses (lines 1 and
                                      last); NAMES gets their names.
  tools.py rejected REJECTS NAMES IN  check the reject records REJECTS
                                      against the lines invalid made
  tools.py tabs FILE...               count raw TAB bytes
"""
import base64
import glob
import json
import os
import random
import sys


def split(seed, k, path, prefix):
    with open(path, "rb") as f:
        lines = f.readlines()
    rnd = random.Random(seed)
    # k - 2 random cuts and one of them twice: one part at least is empty.
    cuts = [rnd.randint(0, len(lines)) for _ in range(k - 2)]
    cuts = sorted(cuts + [rnd.choice(cuts or [0])])
    bounds = [0] + cuts + [len(lines)]
    for i in range(k):
        with open("%s.%02d" % (prefix, i), "wb") as f:
            f.writelines(lines[bounds[i]:bounds[i + 1]])


def shuffle(seed, path):
    with open(path, "rb") as f:
        lines = f.readlines()
    random.Random(seed).shuffle(lines)
    sys.stdout.buffer.writelines(lines)


def valid_json(b):
    def no(x):
        raise ValueError(x)
    try:
        json.loads(b.decode("utf-8"), parse_constant=no)
        return True
    except (ValueError, RecursionError):
        return False


V1 = b'{"gd":1,"kind":"response","id":"v1","answers":{"q":"Yes"}}'
V2 = b'{"gd":1,"kind":"response","id":"v2","answers":{"q":"No"}}'


def invalid(suite, out, names_path):
    lines, names, blank = [V1], [], []
    for path in sorted(glob.glob(os.path.join(suite, "n_*.json"))):
        name = os.path.basename(path)
        with open(path, "rb") as f:
            text = f.read().rstrip(b"\n").replace(b"\n", b"\r")
        for how, line in (
                ("alone", text),
                ("answer", b'{"gd":1,"kind":"response","id":"x",'
                 b'"answers":{"q":' + text + b'}}'),
                ("extra", b'{"gd":1,"kind":"response","id":"x",'
                 b'"extra":{"q":' + text + b'}}')):
            if line.strip(b" \t") == b"":
                blank.append(name)      # a blank line is no record
                continue
            if valid_json(line):
                continue
            lines.append(line)
            names.append("%s (%s)" % (name, how))
    lines.append(V2)
    with open(out, "wb") as f:
        f.write(b"\n".join(lines) + b"\n")
    with open(names_path, "w") as f:
        json.dump(names, f)
    print(len(names))


def rejected(rejects, names_path, inp):
    with open(names_path) as f:
        names = json.load(f)
    with open(inp, "rb") as f:
        lines = f.read().split(b"\n")
    got = {}
    bad = []
    with open(rejects, "rb") as f:
        for i, line in enumerate(f):
            try:
                o = json.loads(line.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                bad.append("reject record %d is not valid JSON: %s: %r" % (
                    i + 1, e.__class__.__name__, line[:120]))
                continue
            got[o["source"]["line"]] = o
    for i, name in enumerate(names):
        lineno = i + 2
        o = got.pop(lineno, None)
        if o is None:
            bad.insert(0, "%s (line %d) not rejected" % (name, lineno))
            continue
        raw = o["raw"].encode("utf-8") if "raw" in o else \
            base64.b64decode(o.get("raw_base64", ""))
        if raw != lines[lineno - 1]:
            bad.append("%s: the reject record's raw text differs" % name)
        if o.get("kind") != "reject" or o.get("tool") != "gd-tally":
            bad.append("%s: not a gd-tally reject record" % name)
    for lineno in sorted(got):
        bad.append("valid line %d rejected" % lineno)
    print("ok" if not bad else "; ".join(bad[:5]) +
          (" (and %d more)" % (len(bad) - 5) if len(bad) > 5 else ""))
    return 0 if not bad else 1


def tabs(paths):
    n = 0
    for p in paths:
        with open(p, "rb") as f:
            n += f.read().count(b"\t")
    print(n)


def main():
    a = sys.argv
    if a[1] == "split":
        split(int(a[2]), int(a[3]), a[4], a[5])
    elif a[1] == "shuffle":
        shuffle(int(a[2]), a[3])
    elif a[1] == "invalid":
        invalid(a[2], a[3], a[4])
    elif a[1] == "rejected":
        return rejected(a[2], a[3], a[4])
    elif a[1] == "tabs":
        tabs(a[2:])
    else:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
