#!/usr/bin/env python3
"""csv2json.py [FILE] - CSV to newline-delimited JSON with the standard library.

The plain-Python peer of gd-ingest: csv.DictReader, then one
json.dumps(row, ensure_ascii=False) line per row.  Reads FILE (or standard
input) as UTF-8 and writes UTF-8 to standard output.
"""
import csv
import io
import json
import sys


def main(argv):
    if len(argv) > 2:
        sys.stderr.write("usage: csv2json.py [FILE]\n")
        return 2
    csv.field_size_limit(1 << 30)
    if len(argv) == 2 and argv[1] != "-":
        src = open(argv[1], newline="", encoding="utf-8")
    else:
        src = io.TextIOWrapper(sys.stdin.buffer, newline="", encoding="utf-8")
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    dumps = json.dumps
    write = out.write
    with src:
        for row in csv.DictReader(src):
            write(dumps(row, ensure_ascii=False))
            write("\n")
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BrokenPipeError:
        sys.exit(1)
