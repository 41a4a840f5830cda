#!/usr/bin/env python3
"""compare.py GD_JSONL PY_JSONL - do gd-ingest's records hold the same data?

Compares gd-ingest's output record by record with csv2json.py's output on
the same input: each gd-ingest record's "answers" object must map every
header to the same text as the Python row.  An empty cell may be written
as "" or left out (gd leaves absent values out).  Prints one line:

    records equal: N/N
or  records differ: M of N (first at line L: ...)
or  not compared: REASON

and exits 0 when equal, 1 when they differ, 3 when not compared.
"""
import itertools
import json
import sys


def norm(d):
    return {k: v for k, v in d.items() if v not in ("", None)}


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: compare.py GD_JSONL PY_JSONL\n")
        return 2
    n = bad = 0
    first = None
    with open(argv[1], encoding="utf-8") as g, \
            open(argv[2], encoding="utf-8") as p:
        for n, (gl, pl) in enumerate(itertools.zip_longest(g, p), 1):
            if gl is None or pl is None:
                print("records differ: %s output has %d lines, the other more"
                      % ("gd-ingest" if gl is None else "Python", n - 1))
                return 1
            try:
                rec = json.loads(gl)
            except ValueError as e:
                print("records differ: line %d of gd-ingest output is not "
                      "JSON (%s)" % (n, e))
                return 1
            ans = rec.get("answers") if isinstance(rec, dict) else None
            if not isinstance(ans, dict):
                print("not compared: gd-ingest records have no \"answers\" "
                      "object")
                return 3
            want = norm(json.loads(pl))
            got = norm(ans)
            if got != want:
                bad += 1
                if first is None:
                    keys = sorted(k for k in set(want) | set(got)
                                  if want.get(k) != got.get(k))
                    first = "first at line %d: %s" % (n, ", ".join(keys))
    if bad:
        print("records differ: %d of %d (%s)" % (bad, n, first))
        return 1
    print("records equal: %d/%d" % (n, n))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
