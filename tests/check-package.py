#!/usr/bin/env python3
"""check-package.py - a gd data package checked against its own
datapackage.json, with nothing but Python's standard library.

Usage: check-package.py DIR [RESPONSES.ndjson]

Checks the descriptor (the properties the Data Package, Tabular Data
Resource and Table Schema specifications require, and the licenses and
id gd writes), then every CSV resource: its size and SHA-256, its
dialect, a header equal to the schema's field names, which differ in
more than case and none of which a spreadsheet would run as a formula,
every cell of the field's type (or a missing value), the primary key
unique.  With the responses as NDJSON (from gd-publish -f ndjson),
re-reads responses.csv with the csv module and checks every cell against
the record it came from (a field renamed names its member in gd.path).
Prints "ok" lines, "not ok NAME: why" lines for failures, and exits 1 on
any failure.
"""
import csv
import hashlib
import json
import os
import re
import sys

failures = 0


def bad(name, why):
    global failures
    failures += 1
    print("not ok %s: %s" % (name, why))


NAME_RE = re.compile(r"^[a-z0-9._-]+$")
INT_RE = re.compile(r"^[+-]?[0-9]+$")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def is_number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def check_cell(ftype, field, cell):
    if ftype == "integer":
        return INT_RE.match(cell) is not None
    if ftype == "number":
        return is_number(cell)
    if ftype == "boolean":
        return cell in field.get("trueValues", ["true"]) + \
            field.get("falseValues", ["false"])
    return ftype == "string"


def flatten(obj, prefix="", out=None):
    out = {} if out is None else out
    for k, v in obj.items():
        if prefix == "" and k in ("gd", "kind"):
            continue
        path = prefix + "." + k if prefix else k
        if isinstance(v, dict) and v:
            flatten(v, path, out)
        elif not isinstance(v, dict):
            out[path] = v
    return out


def expected_cell(v):
    """The CSV text gd-publish writes for a JSON value (None: missing)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return None  # numbers: compared as numbers below
    if isinstance(v, str):
        if v and v[0] in FORMULA and not is_number(v):
            return "'" + v
        return v
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "datapackage.json"), encoding="utf-8") as f:
        pkg = json.load(f)
    for prop in ("name", "resources"):
        if prop not in pkg:
            bad("descriptor", "no %s" % prop)
    if not NAME_RE.match(pkg.get("name", "")):
        bad("descriptor", "name %r is not lower-case a-z0-9._-" %
            pkg.get("name"))
    if pkg.get("profile") not in ("tabular-data-package", "data-package"):
        bad("descriptor", "profile %r" % pkg.get("profile"))
    for key in ("input_sha256", "generator", "responses"):
        if key not in pkg.get("gd", {}):
            bad("provenance", "no gd.%s" % key)
    if not isinstance(pkg.get("id"), str) or not pkg["id"]:
        bad("descriptor", "no id")
    for lic in pkg.get("licenses", []):
        if not lic.get("name") and not lic.get("path"):
            bad("descriptor", "a licence with neither name nor path")
        if lic.get("path") and not lic["path"].startswith("https://"):
            bad("descriptor", "licence path %r" % lic["path"])
    names = set()
    for res in pkg["resources"]:
        name = res.get("name", "?")
        if name in names:
            bad("resource-" + name, "name used twice")
        names.add(name)
        path = os.path.join(d, res.get("path", ""))
        if not os.path.isfile(path):
            bad("resource-" + name, "no file %s" % res.get("path"))
            continue
        if res.get("format") != "csv":
            continue
        data = open(path, "rb").read()
        if res.get("bytes") != len(data):
            bad("resource-" + name, "bytes %s, file has %d" %
                (res.get("bytes"), len(data)))
        if res.get("hash") != "sha256:" + hashlib.sha256(data).hexdigest():
            bad("resource-" + name, "hash differs")
        dialect = res.get("dialect", {})
        if dialect.get("lineTerminator") != "\r\n" or not data.endswith(
                b"\r\n"):
            bad("resource-" + name, "line terminator")
        fields = res["schema"]["fields"]
        missing = res["schema"].get("missingValues", [""])
        folded = [x["name"].casefold() for x in fields]
        if len(folded) != len(set(folded)):
            bad("resource-" + name, "field names equal but for case: %r" %
                sorted(x for x in set(folded) if folded.count(x) > 1)[:5])
        for x in fields:
            if x["name"][:1] in FORMULA and not is_number(x["name"]):
                bad("resource-" + name, "field name %r is a formula" %
                    x["name"])
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        if rows[0] != [x["name"] for x in fields]:
            bad("resource-" + name, "header %r differs from the schema" %
                rows[0][:5])
            continue
        typed = 0
        for r, row in enumerate(rows[1:], 2):
            if len(row) != len(fields):
                bad("resource-" + name, "line %d: %d cells" % (r, len(row)))
                continue
            for field, cell in zip(fields, row):
                if cell in missing:
                    continue
                if not check_cell(field["type"], field, cell):
                    bad("resource-" + name, "line %d: %s=%r is not %s" %
                        (r, field["name"], cell, field["type"]))
                typed += 1
        pk = res["schema"].get("primaryKey")
        if pk:
            idx = [x["name"] for x in fields].index(pk[0])
            keys = [row[idx] for row in rows[1:]]
            if len(keys) != len(set(keys)):
                bad("resource-" + name, "primary key %s not unique" % pk[0])
        print("ok resource-%s (%d rows, %d cells typed)" %
              (name, len(rows) - 1, typed))

    if len(sys.argv) > 2:
        recs = [json.loads(line) for line in open(sys.argv[2],
                                                   encoding="utf-8")]
        recs = [x for x in recs if x.get("kind") == "response"]
        with open(os.path.join(d, "responses.csv"), newline="",
                  encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        res = [x for x in pkg["resources"] if x.get("name") == "responses"]
        member = {x["name"]: x.get("gd", {}).get("path", x["name"])
                  for x in (res[0]["schema"]["fields"] if res else [])}
        if len(rows) != len(recs):
            bad("reread", "%d rows, %d records" % (len(rows), len(recs)))
        cells = 0
        for rec, row in zip(recs, rows):
            flat = flatten(rec)
            for col, cell in row.items():
                v = flat.get(member.get(col, col))
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    ok = cell != "" and float(cell) == v
                else:
                    want = expected_cell(v)
                    ok = cell == ("" if want is None else want)
                if not ok:
                    bad("reread", "%s %s: %r, record has %r" %
                        (rec.get("id"), col, cell, v))
                cells += 1
            extra = set(flat) - set(member.get(x, x) for x in row)
            if extra:
                bad("reread", "%s: no column for %s" % (rec.get("id"),
                                                        sorted(extra)))
        print("ok reread (%d rows, %d cells equal to the records)" %
              (len(rows), cells))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
