#!/usr/bin/python3
"""sdc_audit.py PUBLISHED TRUE K [PUBLISHED TRUE K]... - audits the small-cell suppression of a
data package (gd-publish -f datapackage) by linear programming, from its
CSV files read back.

PUBLISHED is the package made with --min-cell K, TRUE the package of the
same records without it: from TRUE the audit takes only what a careful
reader is assumed to know anyway, which sums are exact (every response
has the field, one value each) and, where not, which way they err; every
number it bounds with comes from PUBLISHED.

The reader's equations: each row of a table sums to its total ("of",
when shown); a table summed over some of its fields gives the table of
the others (another table, or the summary's counts by respondent type,
consent and moderation; the summary's "unknown" is a table's null);
every table sums to the number of responses.  Themes (themes.csv): a
response counts once for each of its themes or as "none", so per
respondent type, with B its theme records' "of" (the responses whose
text was read), a theme's count plus none's is at most B, all of the
type's counts together at least B, and B at most the summary's count of
the type; a theme's count over all responses is the sum of its counts
by type (a type's row not listed is 0), and the B sum to the "of" of the
records over all responses.  A withheld cell is
bounded by minimising and maximising it under those equations, every
count real and non-negative, a listed cell at least 1 (scipy's linprog,
HiGHS).  The rule: the
interval is at least K wide.  Also checked: the true count lies in it
(else the equations are wrong), and a scale record is shown only for a
row whose cells are all shown.

Prints a line of JSON per package: cells withheld, failing, recovered
exactly, the narrowest interval, the counts withheld; then one of the
totals; exits 1 when a cell fails.
"""
import csv
import json
import os
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

SUMMARY_FIELDS = {"respondent_type": "respondent.type", "consent": "consent",
                  "moderation": "moderation"}


def num(x):
    return int(x) if x != "" else None


def read_themes(d):
    """Theme records: (theme, type or None) -> [n or None, of or None],
    in the order of the file."""
    th = {}
    p = os.path.join(d, "themes.csv")
    if os.path.exists(p):
        with open(p, newline="") as f:
            for row in csv.DictReader(f):
                th[(row["theme"], row["respondent_type"] or None)] = [
                    num(row["n"]), num(row["of"])]
    return th


def read_package(d):
    """Tables: (tabulation, fields) -> {values: [n or None, of or None]}."""
    tabs = defaultdict(dict)
    responses = None
    with open(os.path.join(d, "tallies.csv"), newline="") as f:
        for row in csv.DictReader(f):
            fields, values = [], []
            i = 1
            while "field%d" % i in row and row["field%d" % i]:
                fields.append(row["field%d" % i])
                v = row["value%d" % i]
                values.append(v if v != "" else None)
                i += 1
            n = int(row["n"]) if row["n"] != "" else None
            of = int(row["of"]) if row["of"] != "" else None
            tabs[(row["table"], tuple(fields))][tuple(values)] = [n, of]
    with open(os.path.join(d, "summary.csv"), newline="") as f:
        for row in csv.DictReader(f):
            m = row["measure"]
            if m == "responses":
                responses = int(row["n"])
            elif m in SUMMARY_FIELDS:
                fld = SUMMARY_FIELDS[m]
                n = int(row["n"]) if row["n"] != "" else None
                tabs[("summary", (fld,))][(row["category"],)] = [n, None]
    scales = []
    p = os.path.join(d, "scales.csv")
    if os.path.exists(p):
        with open(p, newline="") as f:
            scales = list(csv.DictReader(f))
    return tabs, responses, scales


class Model:
    def __init__(self):
        self.names, self.val, self.known, self.lo, self.hi = [], [], [], [], []
        self.eqs = []           # ([(var, coef)], rhs)

    def var(self, name, val, known, lo=0.0, hi=None):
        self.names.append(name)
        self.val.append(val)
        self.known.append(known)
        self.lo.append(lo)
        self.hi.append(hi)
        return len(self.names) - 1

    def eq(self, terms, rhs, true_sum):
        """terms sum to rhs as published; true_sum: their true sum."""
        d = true_sum - rhs
        if d != 0:
            s = self.var(("slack", len(self.eqs)), d, False,
                         0.0 if d > 0 else None, None if d > 0 else 0.0)
            terms = terms + [(s, -1)]
        self.eqs.append((terms, rhs))


# The labels of the generated Likert question (sdc_gen.py), by group.
LIKERT = {"Strongly agree": "agree", "Agree": "agree",
          "Neither agree nor disagree": "neutral", "Disagree": "disagree",
          "Strongly disagree": "disagree"}


def regroup(pub, tru):
    """The respondent types the published summary no longer lists were
    counted as "other" (gd-tally's grouping of rare types), and a Likert
    question published as agree / neutral / disagree was collapsed: the
    true counts grouped the same way."""
    tt = tru.get(("summary", ("respondent.type",)), {})
    pt = pub.get(("summary", ("respondent.type",)), {})
    gone = {v[0] for v in tt} - {v[0] for v in pt}
    if gone and ("other",) not in pt:
        raise SystemExit("types %s gone from the summary, and no other" %
                         sorted(gone))
    collapsed = set()
    for t, cells in pub.items():
        for vals in cells:
            for f, x in zip(t[1], vals):
                if x in ("agree", "neutral", "disagree"):
                    collapsed.add(f)

    def group(f, x):
        if f == "respondent.type" and x in gone:
            return "other"
        if f in collapsed and x in LIKERT:
            return LIKERT[x]
        return x

    if not gone and not collapsed:
        return tru
    out = {}
    for t, cells in tru.items():
        nc = {}
        for vals, (n, of) in cells.items():
            vals = tuple(group(f, x) for f, x in zip(t[1], vals))
            if vals in nc:
                nc[vals][0] += n
            else:
                nc[vals] = [n, None]
        # Row totals again: the rows changed.
        if t[0] != "summary":
            rows = defaultdict(int)
            for vals, c in nc.items():
                rows[vals[:-1]] += c[0]
            for vals, c in nc.items():
                c[1] = rows[vals[:-1]]
        out[t] = nc
    return out


def regroup_themes(pub, tru, truth):
    """The true theme records with the respondent types that the published
    summary no longer lists counted as "other", as gd-tally groups them."""
    tt = tru.get(("summary", ("respondent.type",)), {})
    pt = pub.get(("summary", ("respondent.type",)), {})
    gone = {v[0] for v in tt} - {v[0] for v in pt}
    out = {}
    for (th, y), (n, of) in truth.items():
        key = (th, "other" if y in gone else y)
        if key in out:
            out[key][0] += n
            out[key][1] += of
        else:
            out[key] = [n, of]
    # The base of a type is the same in all its rows: the sum of its
    # types' bases, whichever theme the rows are of.
    base = defaultdict(int)
    for y in {y for _, y in truth if y is not None}:
        of = next(o for (th, z), (n, o) in truth.items() if z == y)
        base["other" if y in gone else y] += of
    for (th, y), c in out.items():
        if y is not None:
            c[1] = base[y]
    return out


def build_themes(m, cellvar, pubth, truth, pub, tru):
    """The theme records' variables and equations (see the top)."""
    if not truth:
        return
    styp = ("summary", ("respondent.type",))
    themes = [th for th, y in truth if y is None]
    types = sorted(y for (y,) in tru.get(styp, {}))
    cell, total, base = {}, {}, {}
    for (th, y), (n, of) in truth.items():
        p = pubth.get((th, y))
        if p is None:
            raise SystemExit("theme %s %s missing from the published "
                             "package" % (th, y))
        if p[0] is not None and p[0] != n:
            raise SystemExit("theme %s %s published as %d, is %d" %
                             (th, y, p[0], n))
        name = (("themes", ("theme",) if y is None else
                 ("theme", "respondent.type")), (th,) if y is None else
                (th, y))
        # Listed by type: not 0; over all, withheld only when not 0.
        v = m.var(name, n, p[0] is not None, lo=1.0)
        if y is None:
            total[th] = v
        else:
            cell[(th, y)] = v
    of_all = next(pubth[(th, None)][1] for th in themes)
    for y in types:
        rows = [k for k in truth if k[1] == y]
        b_true = truth[rows[0]][1] if rows else 0
        b_pub = pubth[rows[0]][1] if rows else None
        base[y] = m.var((("themes", ("respondent.type",)), (y,), "of"),
                        b_true, b_pub is not None)
        if b_pub is not None and b_pub != b_true:
            raise SystemExit("theme base %s published as %d, is %d" %
                             (y, b_pub, b_true))
        ny = cellvar[(styp, (y,))]
        m.eq([(ny, 1), (base[y], -1)], 0, tru[styp][(y,)][0] - b_true)
        none = cell.get(("none", y))
        for th in themes:
            c = cell.get((th, y))
            if c is None or (th != "none" and none is None):
                continue
            terms = [(c, 1), (base[y], -1)]
            if th != "none":
                terms.append((none, 1))
            m.eq(terms, 0, sum(m.val[v] for v, _ in terms[:1] + terms[2:])
                 - b_true)
        if none is None:
            for th in themes:
                c = cell.get((th, y))
                if c is not None:
                    m.eq([(c, 1), (base[y], -1)], 0, m.val[c] - b_true)
        mine = [cell[(th, y)] for th in themes if (th, y) in cell]
        m.eq([(c, 1) for c in mine] + [(base[y], -1)], 0,
             sum(m.val[c] for c in mine) - b_true)
    for th in themes:
        parts = [cell[(th, y)] for y in types if (th, y) in cell]
        m.eq([(total[th], 1)] + [(c, -1) for c in parts], 0,
             m.val[total[th]] - sum(m.val[c] for c in parts))
    m.eq([(base[y], 1) for y in types], of_all,
         sum(m.val[base[y]] for y in types))


def build(pub, tru, responses):
    m = Model()
    cellvar = {}
    for t, cells in tru.items():
        for vals, (n, of) in cells.items():
            p = pub.get(t, {}).get(vals)
            if p is None:
                raise SystemExit("cell %s %s missing from the published "
                                 "package" % (t, vals))
            # Listed: not empty, 1 or more.
            cellvar[(t, vals)] = m.var((t, vals), n, p[0] is not None,
                                       lo=1.0)
            if p[0] is not None and p[0] != n:
                raise SystemExit("cell %s %s published as %d, is %d" %
                                 (t, vals, p[0], n))
    tkeys = sorted(tru)
    for t in tkeys:
        cells = tru[t]
        summary = t[0] == "summary"
        nd = len(t[1])
        # Rows and their totals.
        if not summary:
            rows = defaultdict(list)
            for vals in cells:
                rows[vals[:-1]].append(vals)
            for r, members in rows.items():
                of_true = cells[members[0]][1]
                of_pub = pub[t][members[0]][1]
                rv = m.var((t, r, "of"), of_true, of_pub is not None)
                terms = [(cellvar[(t, v)], 1) for v in members] + [(rv, -1)]
                m.eq(terms, 0, sum(cells[v][0] for v in members) - of_true)
        # The table's sum.
        terms = [(cellvar[(t, v)], 1) for v in cells]
        m.eq(terms, responses, sum(c[0] for c in cells.values()))
        if summary:
            continue
        # Sums over fields: tables whose fields are among these.
        for u in tkeys:
            if u == t or len(u[1]) > nd:
                continue
            if len(u[1]) == nd and u[0] != "summary" and u > t:
                continue
            if not set(u[1]) <= set(t[1]) or len(set(u[1])) != len(u[1]):
                continue
            idx = [t[1].index(f) for f in u[1]]
            groups = defaultdict(list)
            for vals in cells:
                key = tuple(vals[i] for i in idx)
                if u[0] == "summary":
                    key = tuple("unknown" if x is None else x for x in key)
                groups[key].append(vals)
            for key, members in groups.items():
                if key not in tru[u]:
                    continue
                terms = [(cellvar[(t, v)], 1) for v in members]
                terms.append((cellvar[(u, key)], -1))
                m.eq(terms, 0, sum(cells[v][0] for v in members) -
                     tru[u][key][0])
    return m, cellvar


def solve(m):
    """Interval of each unknown cell: {var: (lo, hi)}."""
    nv = len(m.names)
    parent = list(range(nv))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    live = []
    for terms, rhs in m.eqs:
        unk = [v for v, c in terms if not m.known[v]]
        if not unk:
            continue
        live.append((terms, rhs))
        for v in unk[1:]:
            parent[find(v)] = find(unk[0])
    comps = defaultdict(list)
    for v in range(nv):
        if not m.known[v]:
            comps[find(v)].append(v)
    ceqs = defaultdict(list)
    for terms, rhs in live:
        v0 = next(v for v, c in terms if not m.known[v])
        ceqs[find(v0)].append((terms, rhs))
    out = {}
    for root, vs in comps.items():
        cells = [v for v in vs if isinstance(m.names[v][1], tuple) and
                 len(m.names[v]) == 2 and m.names[v][0] != "slack"]
        if not cells:
            continue
        col = {v: i for i, v in enumerate(vs)}
        rows, cols, data, b = [], [], [], []
        for i, (terms, rhs) in enumerate(ceqs[root]):
            r = rhs
            for v, c in terms:
                if m.known[v]:
                    r -= c * m.val[v]
                else:
                    rows.append(i)
                    cols.append(col[v])
                    data.append(c)
            b.append(r)
        if b:
            A = coo_matrix((data, (rows, cols)),
                           shape=(len(b), len(vs))).tocsr()
        else:
            A, b = None, None
        bounds = [(m.lo[v], m.hi[v]) for v in vs]
        for v in cells:
            lohi = []
            for sign in (1, -1):
                c = np.zeros(len(vs))
                c[col[v]] = sign
                r = linprog(c, A_eq=A, b_eq=b, bounds=bounds,
                            method="highs")
                if r.status == 3:           # unbounded: no largest
                    lohi.append(float("inf"))
                elif r.status != 0:
                    raise SystemExit("linprog: %s" % r.message)
                else:
                    lohi.append(sign * r.fun)
            out[v] = (lohi[0], lohi[1])
    return out


def audit(pubdir, trudir, k):
    pub, presp, pscales = read_package(pubdir)
    tru, tresp, _ = read_package(trudir)
    pubth, truth = read_themes(pubdir), read_themes(trudir)
    if presp != tresp:
        raise SystemExit("responses: published %s, true %s" % (presp, tresp))
    truth = regroup_themes(pub, tru, truth)
    tru = regroup(pub, tru)
    m, cellvar = build(pub, tru, presp)
    build_themes(m, cellvar, pubth, truth, pub, tru)
    iv = solve(m)
    fails, exact, narrowest, counts = [], 0, float("inf"), 0
    for v, (lo, hi) in iv.items():
        w = hi - lo
        counts += m.val[v]
        narrowest = min(narrowest, w)
        if not (lo - 1e-6 <= m.val[v] <= hi + 1e-6):
            raise SystemExit("%s: true %d outside [%g, %g]: the equations "
                             "are wrong" % (m.names[v], m.val[v], lo, hi))
        if w < 0.5:
            exact += 1
        if w < k - 1e-6:
            fails.append("%s %s=%d in [%g, %g]" % (m.names[v][0][1],
                                                   list(m.names[v][1]),
                                                   m.val[v], lo, hi))
    # A scale row shown: its cells are all shown.
    bad_scales = 0
    for s in pscales:
        if s.get("suppressed") == "true" or s.get("n", "") == "":
            continue
        fields, values = [], []
        i = 1
        while s.get("field%d" % i):
            fields.append(s["field%d" % i])
            values.append(s["value%d" % i] or None)
            i += 1
        fields.append(s["question"])
        for (t, vals), var in cellvar.items():
            if t[1] == tuple(fields) and list(vals[:-1]) == values and \
                    not m.known[var]:
                bad_scales += 1
    # Theme counts withheld, and those of them at K or more, not of a
    # type the summary withholds: withheld to protect others.
    styp = pub.get(("summary", ("respondent.type",)), {})
    themes = [v for v in iv if m.names[v][0][0] == "themes"]
    comp = [v for v in themes if m.val[v] >= k and (
        len(m.names[v][1]) == 1 or
        styp.get((m.names[v][1][1],), [None])[0] is not None)]
    return {"withheld": len(iv), "failing": len(fails), "exact": exact,
            "themes_withheld": len(themes), "themes_secondary": len(comp),
            "narrowest": None if not iv else round(narrowest, 4),
            "counts_withheld": counts, "scales_leaking": bad_scales,
            "examples": fails[:3]}


def main():
    """Arguments: PUBLISHED TRUE K, as many times as there are packages:
    a line of JSON each, then one of the totals."""
    args = sys.argv[1:]
    tot = {"sets": 0, "withheld": 0, "failing": 0, "exact": 0,
           "counts_withheld": 0, "themes_withheld": 0, "themes_secondary": 0,
           "narrowest": None, "failing_sets": 0}
    for i in range(0, len(args) - 2, 3):
        r = audit(args[i], args[i + 1], int(args[i + 2]))
        r["package"] = args[i]
        print(json.dumps(r))
        tot["sets"] += 1
        for key in ("withheld", "failing", "exact", "counts_withheld",
                    "themes_withheld", "themes_secondary"):
            tot[key] += r[key]
        tot["failing_sets"] += bool(r["failing"] or r["scales_leaking"])
        if r["narrowest"] is not None and (tot["narrowest"] is None or
                                           r["narrowest"] < tot["narrowest"]):
            tot["narrowest"] = r["narrowest"]
    print(json.dumps(tot))
    sys.exit(1 if tot["failing_sets"] else 0)


if __name__ == "__main__":
    main()
