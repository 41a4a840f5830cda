#!/usr/bin/env python3
"""ref.py - an independent reading of gd-tally(1), for the tests.

It counts response records the way the manual page says, with Python's
json, re and unicodedata modules and exact fractions, and checks the
output of gd-tally against that:

  ref.py expect [OPTS] FILE...        print the expected records, as
                                      gd-tally writes them
  ref.py compare OUT [OPTS] FILE...   compare gd-tally's output OUT with
                                      the expected records (no --min-cell),
                                      then byte for byte
  ref.py audit OUT K [--listed] [--linked] [OPTS] FILE...
                                      check the small-cell suppression of
                                      OUT, made with --min-cell K: counts
                                      true, small ones withheld, and no
                                      withheld count recoverable from the
                                      totals of its row or column;
                                      --listed: by a reader who knows that
                                      a listed cell is not empty;
                                      --linked: or from other records
                                      (Likert figures, theme totals)

OPTS: --by FIELDS (repeatable), --missing, --scale FILE, --codebook FILE,
--stubs.  Prints "ok" or what differs (exit 1).
"""
import itertools
import json
import re
import sys
import unicodedata
from fractions import Fraction


class Num(str):
    """A JSON number, kept as the text it was written as."""


ABSENT = object()


class Raw(dict):
    """A record of another kind: passed on as it was read."""

    def __init__(self, text):
        dict.__init__(self, json.loads(text, parse_float=str))
        self.text = text


def load(path):
    """The records of an NDJSON file: (responses, other lines)."""
    resp, other = [], []
    with open(path, "rb") as f:
        for raw in f:
            line = raw.rstrip(b"\n")
            if line.strip(b" \t\r") == b"":
                continue
            o = json.loads(line.decode("utf-8"), parse_int=Num,
                           parse_float=Num)
            if isinstance(o, dict) and o.get("kind") in ("response",
                                                         "unpublished"):
                resp.append(o)
            else:
                other.append(Raw(line.decode("utf-8")))
    return resp, other


def scalars(v):
    """The values a field holds: its text, or the options of a list."""
    def one(x):
        if isinstance(x, bool):
            return "true" if x else "false"
        if isinstance(x, str):          # Num is a str too
            return str(x)
        return None
    if isinstance(v, list):
        out = []
        for x in v:
            t = one(x)
            if t is not None and t not in out:
                out.append(t)
        return out
    t = one(v)
    return [] if t is None else [t]


def walk(rec, keys):
    cur = rec
    for k in keys:
        if not isinstance(cur, dict) or k not in cur:
            return ABSENT
        cur = cur[k]
    return cur


def first(rec, path):
    v = walk(rec, path.split("."))
    if v is ABSENT:
        return None
    s = scalars(v)
    return s[0] if s else None


def bkey(s):
    return s.encode("utf-8")


def share(n, of):
    if of == 0:
        return None
    x = (Fraction(n, of) * 10000 + Fraction(1, 2)).__floor__()
    return "%d.%04d" % (x // 10000, x % 10000)


def fixed(fr):
    """A fraction rounded half up to 4 decimals, as text."""
    x = (fr * 10000 + Fraction(1, 2)).__floor__()
    sign = "-" if x < 0 else ""
    x = abs(x)
    return "%s%d.%04d" % (sign, x // 10000, x % 10000)


# ---- options ----

class Opts:
    def __init__(self, argv):
        self.by, self.missing, self.stubs = [], False, False
        self.scale = self.codebook = None
        self.files = []
        i = 0
        while i < len(argv):
            a = argv[i]
            if a in ("--by", "-b"):
                self.by.append(argv[i + 1])
                i += 2
                continue
            if a == "--missing":
                self.missing = True
            elif a == "--stubs":
                self.stubs = True
            elif a == "--scale":
                self.scale = argv[i + 1]
                i += 1
            elif a == "--codebook":
                self.codebook = argv[i + 1]
                i += 1
            else:
                self.files.append(a)
            i += 1
        if not self.by:
            self.by = ["answers.*", "respondent.type,answers.*"]
        self.specs = [s.split(",") for s in self.by]


# ---- labels ----

def fold_label(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = "".join(c if c.isalnum() else " " for c in s)
    return " ".join(s.split())


DEFAULT_SCALE = {
    "Strongly disagree": 1, "Disagree": 2, "Tend to disagree": 2,
    "Somewhat disagree": 2, "Neither agree nor disagree": 3, "Neither": 3,
    "Neutral": 3, "Agree": 4, "Tend to agree": 4, "Somewhat agree": 4,
    "Strongly agree": 5, "Don't know": 0, "Dont know": 0, "Not sure": 0,
    "No opinion": 0, "Prefer not to say": 0,
}


def scale_table(opts):
    if opts.scale:
        with open(opts.scale, encoding="utf-8") as f:
            labels = json.load(f)["labels"]
    else:
        labels = DEFAULT_SCALE
    return {fold_label(k): v for k, v in labels.items()}


# ---- themes ----

def fold_text(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def strip_accents(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def codebook(opts):
    if not opts.codebook:
        return []
    with open(opts.codebook, encoding="utf-8") as f:
        cb = json.load(f)
    out = []
    for t in cb["themes"]:
        pats = [re.compile(strip_accents(p), re.I) for p in t["patterns"]]
        out.append((t["id"], t.get("label", t["id"]), pats))
    return out


def texts(rec):
    """The free texts of a response: strings under comments."""
    c = rec.get("comments")
    out = []
    if isinstance(c, dict):
        for v in c.values():
            if isinstance(v, list):
                out += [x for x in v if isinstance(x, str)]
            elif isinstance(v, str):
                out.append(v)
    return out


# ---- stubs ----

def blank(s):
    return s.strip(" \t\r\n") == ""


def says_attached(s):
    if len(s.encode("utf-8")) > 60:
        return False
    low = "".join(c for c in s.lower().translate({9: 32, 10: 32, 13: 32})
                  if c in "abcdefghijklmnopqrstuvwxyz ")
    return any(w in low for w in ("attached", "attachment", "see file",
                                  "enclosed"))


def quotable(rec):
    """Whether a record's id or text may go into an aggregate."""
    if rec.get("kind") != "response":
        return False
    consent = first(rec, "consent") or "unknown"
    priv = first(rec, "privacy")
    if consent == "withheld":
        return False
    if priv == "publication":
        return True
    if priv != "analysis":
        return False
    return consent in ("named", "anonymous") and \
        first(rec, "moderation") not in ("rejected", "retired")


def privacy_of(recs):
    """The aggregates' "privacy": the weakest of the records counted."""
    ps = set(first(r, "privacy") for r in recs)
    if not recs or ps - {"publication", "analysis"}:
        return None
    return "analysis" if "analysis" in ps else "publication"


def stub_reason(rec):
    if rec.get("kind") != "response":
        return None
    ans = rec.get("answers")
    if isinstance(ans, dict):
        for v in ans.values():
            if any(not blank(x) for x in scalars(v)):
                return None
    ts = [t for t in texts(rec) if not blank(t)]
    if not ts:
        return "empty"
    # The free text as a whole: "See attached" beside a letter is none.
    if says_attached("\n".join(ts)):
        return "attachment"
    if sum(len(t) for t in ts) <= 15:
        return "short"
    return None


# ---- counting ----

def tabulate(opts, recs):
    """cells[spec index][(fields, values)] = n, values None for null."""
    tables = []
    for spec in opts.specs:
        cells = {}
        star = [i for i, f in enumerate(spec) if f.endswith(".*")]
        if star:
            si = star[0]
            parent = spec[si][:-2].split(".")
            universe = []
            for r in recs:
                p = walk(r, parent)
                if isinstance(p, dict):
                    for m in p:
                        if m not in universe:
                            universe.append(m)
        for r in recs:
            if star:
                p = walk(r, parent)
                mine = [m for m in p if scalars(p[m]) or p[m] is None] \
                    if isinstance(p, dict) else []
                members = universe if opts.missing else mine
            else:
                members = [None]
            for m in members:
                fields, vals = [], []
                for i, f in enumerate(spec):
                    if star and i == si:
                        name = spec[si][:-1] + m
                        p = walk(r, parent)
                        v = p.get(m, ABSENT) if isinstance(p, dict) \
                            else ABSENT
                    else:
                        name = f
                        v = walk(r, f.split("."))
                    fields.append(name)
                    vs = [] if v is ABSENT else scalars(v)
                    if not vs:
                        if not opts.missing:
                            break
                        vs = [None]
                    vals.append(vs)
                else:
                    for combo in itertools.product(*vals):
                        k = (tuple(fields), combo)
                        cells[k] = cells.get(k, 0) + 1
        tables.append(cells)
    return tables


def vkey(v):
    return (0, b"") if v is None else (1, bkey(v))


def cell_order(k):
    fields, vals = k
    return ([bkey(f) for f in fields], [vkey(v) for v in vals])


def expected(opts):
    recs, other = [], []
    for f in opts.files:
        r, o = load(f)
        recs += r
        other += o
    out = list(other)

    consent, moderation, types, stubs, unpub = {}, {}, {}, {}, {}
    pub = [r for r in recs if r.get("kind") == "response"]
    ptypes = {}
    for r in pub:
        t = first(r, "respondent.type") or "unknown"
        ptypes[t] = ptypes.get(t, 0) + 1
    for r in recs:
        if r.get("kind") == "unpublished":
            why = first(r, "reason") or "unknown"
            unpub[why] = unpub.get(why, 0) + 1
        c = first(r, "consent") or "unknown"
        t = first(r, "respondent.type") or "unknown"
        consent[c] = consent.get(c, 0) + 1
        # No moderation is no value: only those that have one count.
        m = first(r, "moderation")
        if m is not None:
            moderation[m] = moderation.get(m, 0) + 1
        types[t] = types.get(t, 0) + 1
        why = stub_reason(r)
        if why:
            stubs[why] = stubs.get(why, 0) + 1
    srt = lambda d: {k: d[k] for k in sorted(d, key=bkey)}
    privacy = privacy_of(recs)
    summary = {"gd": 1, "kind": "summary", "responses": len(recs)}
    if privacy == "publication":
        summary["published"] = len(pub)
        summary["unpublished"] = srt(unpub)
    # Distinct authors (pseudonym, else the platform's id), when any;
    # a record with neither is an author of its own.
    ids, own = set(), 0
    for r in recs:
        a = first(r, "respondent.pseudonym")
        k = ("p", a) if a else None
        if k is None and first(r, "respondent.id"):
            k = ("i", first(r, "respondent.id"))
        if k is None:
            own += 1
        else:
            ids.add(k)
    if ids:
        summary["respondents"] = len(ids) + own
    summary["by_consent"] = srt(consent)
    if moderation:
        summary["by_moderation"] = srt(moderation)
    summary["by_type"] = srt(types)
    summary["stubs"] = srt(stubs)
    out.append(summary)

    tables = tabulate(opts, recs)
    for cells in tables:
        rows = {}
        for (fields, vals), n in cells.items():
            rk = (fields, vals[:-1])
            rows[rk] = rows.get(rk, 0) + n
        for k in sorted(cells, key=cell_order):
            fields, vals = k
            n = cells[k]
            of = rows[(fields, vals[:-1])]
            out.append({"gd": 1, "kind": "tally", "by": list(fields),
                        "key": list(vals), "n": n, "of": of,
                        "share": share(n, of)})

    scale = scale_table(opts)
    for spec, cells in zip(opts.specs, tables):
        if not spec[-1].endswith(".*"):
            continue
        questions = {}
        for k in cells:
            questions.setdefault(k[0], []).append(k)
        for fields in sorted(questions, key=lambda f: [bkey(x) for x in f]):
            ks = questions[fields]
            vals = [k[1][-1] for k in ks if k[1][-1] is not None]
            sc = [scale.get(fold_label(v)) for v in vals]
            if any(s is None for s in sc) or \
                    len(set(s for s in sc if s > 0)) < 2:
                continue
            rows = {}
            for k in ks:
                rows.setdefault(k[1][:-1], []).append(k)
            for rk in sorted(rows, key=lambda vs: [vkey(v) for v in vs]):
                n = agree = neu = dis = off = total = 0
                for k in rows[rk]:
                    v = k[1][-1]
                    if v is None:
                        continue
                    s = scale[fold_label(v)]
                    c = cells[k]
                    if s == 0:
                        off += c
                        continue
                    n += c
                    total += c * s
                    if s >= 4:
                        agree += c
                    elif s <= 2:
                        dis += c
                    else:
                        neu += c
                rec = {"gd": 1, "kind": "scale", "question": fields[-1],
                       "by": list(fields[:-1]), "key": list(rk), "n": n,
                       "agree": agree, "neutral": neu, "disagree": dis,
                       "off_scale": off, "agree_share": share(agree, n),
                       "disagree_share": share(dis, n)}
                if n:
                    a, d = share(agree, n), share(dis, n)
                    rec["net"] = fixed(Fraction(a) - Fraction(d))
                    rec["mean"] = fixed(Fraction(total, n))
                else:
                    rec["net"] = rec["mean"] = None
                out.append(rec)

    themes = codebook(opts)
    if themes:
        hits = {}
        for r in pub:
            t = first(r, "respondent.type") or "unknown"
            rid = (first(r, "id") or "") if quotable(r) else None
            ts = [fold_text(x) for x in texts(r)]
            got = [tid for tid, _, pats in themes
                   if any(p.search(x) for p in pats for x in ts)]
            for tid in got or ["none"]:
                hits.setdefault(tid, []).append((t, rid))
        for tid, label in [(t[0], t[1]) for t in themes] + \
                [("none", "(no theme)")]:
            h = hits.get(tid, [])
            ids = sorted(set(i for _, i in h if i is not None),
                         key=bkey)[:3]
            out.append({"gd": 1, "kind": "theme", "theme": tid,
                        "label": label, "by": [], "key": [], "n": len(h),
                        "of": len(pub), "share": share(len(h), len(pub)),
                        "examples": ids})
            for t in sorted(ptypes, key=bkey):
                ht = [i for ty, i in h if ty == t]
                if not ht:
                    continue
                ex = set(i for i in ht if i is not None)
                out.append({"gd": 1, "kind": "theme", "theme": tid,
                            "label": label, "by": ["respondent.type"],
                            "key": [t], "n": len(ht), "of": ptypes[t],
                            "share": share(len(ht), ptypes[t]),
                            "examples": sorted(ex, key=bkey)[:3]})

    if opts.stubs:
        lst = []
        for r in recs:
            why = stub_reason(r)
            if why and quotable(r):
                lst.append((first(r, "id") or "", why))
        for rid, why in sorted(lst, key=lambda x: (bkey(x[0]), x[1])):
            out.append({"gd": 1, "kind": "stub", "id": rid, "reason": why})
    if privacy:
        for o in out:
            if not isinstance(o, Raw):
                o["privacy"] = privacy
    return out


def canon(o):
    return json.dumps(o, ensure_ascii=False)


# Figures written as numbers with four decimals.
FIXED = ("share", "agree_share", "disagree_share", "net", "mean")


def gdline(o):
    """A record as gd-tally writes it."""
    if isinstance(o, Raw):
        return o.text
    parts = []
    for k, v in o.items():
        if k in FIXED and isinstance(v, str):
            s = v
        else:
            s = json.dumps(v, ensure_ascii=False, separators=(",", ":"))
        parts.append(json.dumps(k, ensure_ascii=False) + ":" + s)
    return "{" + ",".join(parts) + "}"


def read_out(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line, parse_float=str))
    return out


def compare(gd, exp):
    got = [canon(o) for o in gd]
    want = [canon(o) for o in exp]
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return "record %d: got %s, expected %s" % (i + 1, g[:300],
                                                         w[:300])
    if len(got) != len(want):
        return "%d records, expected %d (first extra: %s)" % (
            len(got), len(want), (got + want)[min(len(got), len(want))][:300])
    return None


# ---- the suppression audit ----

def propagate(eqs, lo, hi):
    """Bounds of the unknowns from equations sum(c * x) = total, c an
    integer: each bound follows from the others' (interval propagation,
    rounded to integers), until nothing changes."""
    def div_up(a, c):
        return -((-a) // c)
    changed = True
    rounds = 0
    while changed and rounds < 500:
        changed = False
        rounds += 1
        for terms, total in eqs:
            mins = [min(c * lo[x], c * hi[x]) for c, x in terms]
            maxs = [max(c * lo[x], c * hi[x]) for c, x in terms]
            smin, smax = sum(mins), sum(maxs)
            for i, (c, x) in enumerate(terms):
                a = total - (smax - maxs[i])    # range of c * x
                b = total - (smin - mins[i])
                if c > 0:
                    nlo, nhi = div_up(a, c), b // c
                else:
                    nlo, nhi = div_up(b, c), a // c
                nlo, nhi = max(lo[x], nlo), min(hi[x], nhi)
                if (nlo, nhi) != (lo[x], hi[x]):
                    lo[x], hi[x] = nlo, nhi
                    changed = True
                    mins[i] = min(c * lo[x], c * hi[x])
                    maxs[i] = max(c * lo[x], c * hi[x])
                    smin, smax = sum(mins), sum(maxs)
    return lo, hi


def plus(xs):
    return [(1, x) for x in xs]


def audit(gd, exp, k, least=0, linked=False):
    """Problems of a --min-cell k output gd against the true records.

    Rows (with their total: "of", or the count of their value in the
    tabulation of the first field alone or in the summary) and columns
    (with the count of their value in the tabulation of the last field
    alone) of each table, and the summary's maps (with the number of
    responses, or of those with a moderation state).  least is what a
    reader takes a withheld cell to be at least: 0, or 1 when a cell that
    is listed is known not to be empty.  linked: also what other records
    tell: Likert figures, theme rows and their totals, and a theme row's
    "of" (the summary's count of that respondent type)."""
    bad = []
    true_tally = {}
    for o in exp:
        if o["kind"] == "tally":
            true_tally[(tuple(o["by"]), tuple(o["key"]))] = o
    pub = {}
    for o in gd:
        if o["kind"] == "tally":
            key = (tuple(o["by"]), tuple(o["key"]))
            t = true_tally.get(key)
            if t is None:
                bad.append("cell %s is not in the data" % (key,))
                continue
            pub[key] = o
            # A row's total and shares may be left out (null).
            if o["of"] != t["of"] and o["of"] is not None:
                bad.append("cell %s: of %s, expected %s" % (key, o["of"],
                                                           t["of"]))
            if o["n"] is None:
                if o.get("suppressed") is not True or o["share"] is not None:
                    bad.append("cell %s: withheld without "
                               "\"suppressed\":true and a null share" % (key,))
            elif o["n"] != t["n"] or o["share"] not in (t["share"], None):
                bad.append("cell %s: n %s share %s, expected %s %s" % (
                    key, o["n"], o["share"], t["n"], t["share"]))
            elif o["n"] < k:
                bad.append("cell %s: n %d published, below %d" % (
                    key, o["n"], k))
    for key in true_tally:
        if key not in pub:
            bad.append("cell %s missing" % (key,))

    # Tables: cells with the same fields.  Rows: the same values but the
    # last; columns (2-D): the same last value; totals: of, and the 1-D
    # table of the same last field when it is published.
    tables = {}
    for key, o in pub.items():
        tables.setdefault(key[0], []).append(key)
    eqs, lo, hi, truth = [], {}, {}, {}

    def unknown(key):
        lo[key], hi[key] = least, 10 ** 9
        truth[key] = true_tally[key]["n"]

    summary = ([o for o in gd if o["kind"] == "summary"] or [{}])[0]

    def published_count(field, value):
        """A published count of responses with this value of field."""
        m = pub.get(((field,), (value,)))
        if m is not None and m["n"] is not None:
            return m["n"]
        names = {"respondent.type": "by_type", "consent": "by_consent",
                 "moderation": "by_moderation"}
        if field in names and value is not None:
            return summary.get(names[field], {}).get(value)
        return None

    for fields, keys in tables.items():
        rows = {}
        for key in keys:
            rows.setdefault(key[1][:-1], []).append(key)
            if pub[key]["n"] is None:
                unknown(key)
        for rk, ks in rows.items():
            xs = [x for x in ks if pub[x]["n"] is None]
            of = pub[ks[0]]["of"]
            if of is None and len(fields) == 2:
                # The row's total published elsewhere: the count of its
                # value in the tabulation of the first field alone, or in
                # the summary, when every response of the row gave one
                # answer.
                of = published_count(fields[0], rk[0])
                if of != sum(true_tally[x]["n"] for x in ks):
                    of = None
            if xs and of is not None:
                eqs.append((plus(xs), of - sum(pub[x]["n"] for x in ks
                                         if pub[x]["n"] is not None)))
        if len(fields) == 2:
            margin = (fields[1],)
            cols = {}
            for key in keys:
                cols.setdefault(key[1][1], []).append(key)
            for v, ks in cols.items():
                m = pub.get((margin, (v,)))
                xs = [x for x in ks if pub[x]["n"] is None]
                if not xs or m is None or m["n"] is None:
                    continue
                if m["n"] != sum(true_tally[x]["n"] for x in ks):
                    continue    # not the sum of this column
                eqs.append((plus(xs), m["n"] - sum(pub[x]["n"] for x in ks
                                             if pub[x]["n"] is not None)))

    # Summary maps: the total of responses.
    gs = [o for o in gd if o["kind"] == "summary"]
    es = [o for o in exp if o["kind"] == "summary"]
    if gs and es:
        g, e = gs[0], es[0]
        for m in ("by_consent", "by_moderation", "by_type"):
            if m not in g and m not in e:
                continue
            if (m in g) != (m in e):
                bad.append("summary %s: %s, expected %s" % (
                    m, "present" if m in g else "absent",
                    "present" if m in e else "absent"))
                continue
            xs = []
            for name, n in g[m].items():
                tn = e[m].get(name)
                if n is None:
                    key = ("summary", m, name)
                    lo[key], hi[key] = least, 10 ** 9
                    truth[key] = tn
                    xs.append(key)
                elif n != tn:
                    bad.append("summary %s %s: %s, expected %s" % (
                        m, name, n, tn))
                elif n < k:
                    bad.append("summary %s %s: %d published, below %d" % (
                        m, name, n, k))
            if set(g[m]) != set(e[m]):
                bad.append("summary %s: keys %s, expected %s" % (
                    m, sorted(g[m]), sorted(e[m])))
            # The map's total: the number of responses; for moderation,
            # when some responses have none, taken as known all the same
            # (a --missing tabulation of it would tell).
            if xs:
                eqs.append((plus(xs), sum(e[m].values()) - sum(
                    n for n in g[m].values() if n is not None)))
            # A row total elsewhere that is the same count.
            if linked and m == "by_type":
                for x in xs:
                    name = x[2]
                    for o in gd:
                        if o["kind"] == "theme" and o["key"] == [name] and \
                                o["of"] is not None:
                            eqs.append((plus([x]), o["of"]))
                            break

    # Themes: published counts true, small ones withheld; linked: the
    # overall count is the sum of the counts by type.
    th_true = {}
    for o in exp:
        if o["kind"] == "theme":
            th_true[(o["theme"], tuple(o["key"]))] = o["n"]
    th = {}
    for o in gd:
        if o["kind"] != "theme":
            continue
        key = (o["theme"], tuple(o["key"]))
        th.setdefault(o["theme"], []).append(o)
        if o["n"] is None:
            tkey = ("theme",) + key
            if linked:
                lo[tkey], hi[tkey] = (least if key[1] else 0), 10 ** 9
                truth[tkey] = th_true.get(key)
        elif o["n"] != th_true.get(key):
            bad.append("theme %s: %s, expected %s" % (key, o["n"],
                                                      th_true.get(key)))
        elif 0 < o["n"] < k:
            # 0 is shown: no row by type is written, so a reader knows.
            bad.append("theme %s: %d published, below %d" % (key, o["n"], k))
    if linked:
        for tid, os_ in th.items():
            overall = [o for o in os_ if o["key"] == []]
            parts = [o for o in os_ if o["key"] != []]
            if not overall:
                continue
            terms = [("theme", tid, tuple(o["key"])) for o in parts
                     if o["n"] is None]
            known = sum(o["n"] for o in parts if o["n"] is not None)
            if overall[0]["n"] is None:
                # overall - (withheld parts) = published parts
                eqs.append(([(1, ("theme", tid, ()))] +
                            [(-1, t) for t in terms], known))
            elif terms:
                eqs.append((plus(terms), overall[0]["n"] - known))
        # Likert figures: the sums of a row's cells by score class, and the
        # sum of scores (the mean times n, exact for n below 10000).
        for o in gd:
            if o["kind"] != "scale" or o["n"] is None:
                continue
            fields = tuple(o["by"]) + (o["question"],)
            keys = [x for x in pub if x[0] == fields and
                    x[1][:-1] == tuple(o["key"]) and x[1][-1] is not None]
            score = dict((x, SCALE.get(fold_label(x[1][-1])))
                         for x in keys)
            if any(s is None for s in score.values()):
                continue
            classes = (("agree", lambda s: s >= 4),
                       ("neutral", lambda s: s == 3),
                       ("disagree", lambda s: 1 <= s <= 2),
                       ("off_scale", lambda s: s == 0))
            for fig, member in classes:
                ks = [x for x in keys if member(score[x])]
                eqs.append((plus([x for x in ks if pub[x]["n"] is None]),
                            o[fig] - sum(pub[x]["n"] for x in ks
                                         if pub[x]["n"] is not None)))
            if o["n"] and o["n"] < 10000 and o["mean"] is not None:
                total = int((Fraction(o["mean"]) * o["n"] +
                             Fraction(1, 2)).__floor__())
                terms = [(score[x], x) for x in keys
                         if pub[x]["n"] is None and score[x] > 0]
                eqs.append((terms, total - sum(
                    score[x] * pub[x]["n"] for x in keys
                    if pub[x]["n"] is not None)))
    lo, hi = propagate(eqs, lo, hi)
    for x in sorted(lo, key=repr):
        if lo[x] == hi[x] and truth.get(x) not in (None, lo[x]):
            bad.append("audit error: %s worked out as %s, is %s" % (
                x, lo[x], truth.get(x)))
        elif lo[x] == hi[x] and lo[x] > 0:
            bad.append("withheld %s = %s can be worked out from what is "
                       "published" % (x, lo[x]))

    return bad


SCALE = {}


def main():
    cmd = sys.argv[1]
    if cmd == "expect":
        for o in expected(Opts(sys.argv[2:])):
            print(gdline(o))
        return 0
    if cmd == "compare":
        exp = expected(Opts(sys.argv[3:]))
        why = compare(read_out(sys.argv[2]), exp)
        if why is None:
            with open(sys.argv[2], "rb") as f:
                got = f.read().decode("utf-8").split("\n")
            for i, o in enumerate(exp):
                if got[i] != gdline(o):
                    why = "line %d: the same record in other bytes: %s" % (
                        i + 1, got[i][:200])
                    break
        print("ok" if why is None else why)
        return 0 if why is None else 1
    if cmd == "audit":
        args = sys.argv[4:]
        least, linked = 0, False
        while args and args[0] in ("--listed", "--linked"):
            if args[0] == "--listed":
                least = 1
            else:
                linked = True
            args = args[1:]
        opts = Opts(args)
        SCALE.update(scale_table(opts))
        bad = audit(read_out(sys.argv[2]), expected(opts), int(sys.argv[3]),
                    least, linked)
        print("ok" if not bad else "; ".join(bad[:4]) +
              (" (and %d more)" % (len(bad) - 4) if len(bad) > 4 else ""))
        return 0 if not bad else 1
    sys.stderr.write("usage: ref.py expect|compare|audit ...\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
