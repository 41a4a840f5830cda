#!/usr/bin/env python3
"""check.py [options] RECORDS TALLY - gd-tally's "compare" records (in
TALLY) recomputed from the response records (RECORDS) by an independent
implementation: counts with Python's json, intervals and tests with
statsmodels and SciPy, Fisher's exact test by enumeration in exact
fractions.  Every figure must agree to 1e-9 relative (1e-12 absolute
near 0).  Prints one line per problem and "checked N records" on
standard error; exits 1 on a problem.

  --by FIELD      the groups' field (default respondent.type)
  --groups A,B    the groups (default public_employee,citizen)
  --min-cell K    what gd-tally was given
  --counts FILE   take the counts from the "tally" records of FILE (by
                  [FIELD, answers.Q]) instead of RECORDS: a run with
                  --campaign-mode collapse, for "collapsed"
  --collapsed     check the records' "collapsed" figures (with --counts)
"""
import argparse
import json
import math
import sys
from fractions import Fraction

import mpmath
import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

SCALE = {"strongly disagree": 1, "disagree": 2, "tend to disagree": 2,
         "somewhat disagree": 2, "neither agree nor disagree": 3,
         "neither": 3, "neutral": 3, "agree": 4, "tend to agree": 4,
         "somewhat agree": 4, "strongly agree": 5, "don't know": 0,
         "dont know": 0, "not sure": 0, "no opinion": 0,
         "prefer not to say": 0}

ap = argparse.ArgumentParser()
ap.add_argument("records")
ap.add_argument("tally")
ap.add_argument("--by", default="respondent.type")
ap.add_argument("--groups", default="public_employee,citizen")
ap.add_argument("--min-cell", type=int, default=0)
ap.add_argument("--counts")
ap.add_argument("--collapsed", action="store_true")
a = ap.parse_args()
GA, GB = a.groups.split(",")
problems = 0


def bad(what):
    global problems
    problems += 1
    print(what)


def close(x, y):
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def at(rec, path):
    for k in path.split("."):
        if not isinstance(rec, dict) or k not in rec:
            return None
        rec = rec[k]
    return rec


# The cells the run's tally records withhold: comparisons follow the
# table's suppression, secondary cells included.
withheld = set()
# The publication's one pattern: the cells of its own tables of the
# groups' field by each question (withheld, or Likert answers counted
# together), and the respondent types its summary withholds or groups.
shown = set()
types_hidden = set()
for line in open(a.tally, encoding="utf-8"):
    r = json.loads(line)
    if r.get("kind") == "tally" and r["by"][:1] == [a.by] and \
            len(r["by"]) == 2:
        if r.get("suppressed") or r.get("collapsed"):
            withheld.add((r["by"][1], r["key"][0]))
        else:
            shown.add((r["by"][1], r["key"][0]))
    if r.get("kind") == "summary" and a.by == "respondent.type":
        for g, n in (r.get("by_type") or {}).items():
            if n is None:
                types_hidden.add(g)
        types_hidden.update(r.get("grouped_types") or [])


def hidden(q, g):
    """Whether the publication hides anything of group g on q."""
    return g in types_hidden or (q, g) in withheld or (q, g) not in shown

# counts[question][group][answer]
counts = {}
allans = {}
if a.counts:
    for line in open(a.counts, encoding="utf-8"):
        r = json.loads(line)
        if r.get("kind") != "tally" or len(r["by"]) != 2 or \
                r["by"][0] != a.by or not r["by"][1].startswith("answers."):
            continue
        q = r["by"][1]
        g, ans = r["key"]
        if ans is None:
            continue
        allans.setdefault(q, set()).add(ans)
        counts.setdefault(q, {}).setdefault(g, {})
        counts[q][g][ans] = r["n"]
else:
    for line in open(a.records, encoding="utf-8"):
        r = json.loads(line)
        # Count-only records (withheld consent) count, as in tallies.
        if r.get("kind") not in ("response", "unpublished"):
            continue
        g = at(r, a.by)
        for q, ans in (r.get("answers") or {}).items():
            if not isinstance(ans, str):
                continue
            allans.setdefault("answers." + q, set()).add(ans)
            if g is None:
                continue
            c = counts.setdefault("answers." + q, {}).setdefault(g, {})
            c[ans] = c.get(ans, 0) + 1


def t_quantile(df):
    """Student's t 0.975 quantile, to 30 digits."""
    mpmath.mp.dps = 40
    df = mpmath.mpf(df)

    def upper(t):
        return mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t),
                              regularized=True) / 2 - mpmath.mpf("0.025")
    return mpmath.findroot(upper, 2.0)


def fisher_exact_rx2(xa, xb):
    """The Freeman-Halton p-value, in exact fractions."""
    rows = [x + y for x, y in zip(xa, xb)]
    n, ca = sum(rows), sum(xa)
    total = math.comb(n, ca)

    def prob(col):
        p = 1
        for r, x in zip(rows, col):
            p *= math.comb(r, x)
        return Fraction(p, total)

    pobs = prob(xa)
    acc = Fraction(0)

    def walk(i, left, col):
        nonlocal acc
        if i == len(rows) - 1:
            if left <= rows[i]:
                p = prob(col + [left])
                if p <= pobs:
                    acc += p
            return
        rest = sum(rows[i + 1:])
        for x in range(max(0, left - rest), min(rows[i], left) + 1):
            walk(i + 1, left - x, col + [x])

    walk(0, ca, [])
    return float(acc)


def tables(xa, xb):
    rows = [x + y for x, y in zip(xa, xb)]
    ca, cb = sum(xa), sum(xb)
    big = max(range(len(rows)), key=lambda i: rows[i])
    t = 1.0
    for i, r in enumerate(rows):
        if i != big:
            t *= min(r, ca, cb) + 1
    return t


def figures(q, f, where):
    """Checks the figures f (a record or its "collapsed") of question
    q; returns the p-value to adjust, or None."""
    ca = counts.get(q, {}).get(GA, {})
    cb = counts.get(q, {}).get(GB, {})
    na, nb = sum(ca.values()), sum(cb.values())
    k = a.min_cell
    if na == 0 or nb == 0:
        want = "withheld_in_publication" if k and \
            (GA in types_hidden or GB in types_hidden) else "group_absent"
    elif k and (hidden(q, GA) or hidden(q, GB)):
        want = "withheld_in_publication"
    elif k and (na < k or nb < k):
        want = "group_below_min_cell"
    else:
        want = None
    if f.get("withheld") != want:
        bad("%s: withheld %r, expected %r" % (where, f.get("withheld"),
                                             want))
        return None
    if k and any(x < k for x in list(ca.values()) + list(cb.values())) \
            and want is None:
        bad("%s: a count below %d compared" % (where, k))
    if want:
        if "n" in f or "answers" in f:
            bad("%s: withheld, yet has figures" % where)
        return None
    if f["n"] != [na, nb]:
        bad("%s: n %r, expected %r" % (where, f["n"], [na, nb]))
        return None
    answers = sorted(set(ca) | set(cb), key=lambda s: s.encode())
    got = [x["answer"] for x in f["answers"]]
    if got != answers:
        bad("%s: answers %r, expected %r" % (where, got, answers))
        return None
    xa = [ca.get(s, 0) for s in answers]
    xb = [cb.get(s, 0) for s in answers]
    for x, y, rec in zip(xa, xb, f["answers"]):
        w = "%s %r" % (where, rec["answer"])
        if rec["count"] != [x, y]:
            bad("%s: count %r, expected %r" % (w, rec["count"], [x, y]))
        if not (close(rec["share"][0], x / na) and
                close(rec["share"][1], y / nb)):
            bad("%s: shares %r" % (w, rec["share"]))
        lo, hi = confint_proportions_2indep(x, na, y, nb, method="newcomb",
                                            compare="diff")
        if not close(rec["diff"], x / na - y / nb):
            bad("%s: diff %r, expected %r" % (w, rec["diff"], x / na - y / nb))
        if not (close(rec["ci"][0], float(lo)) and
                close(rec["ci"][1], float(hi))):
            bad("%s: ci %r, expected %r" % (w, rec["ci"], [lo, hi]))
    # The test, by the rule: an expected count below 5, exact.
    if len(answers) < 2:
        if f["test"] is not None or f["p"] is not None:
            bad("%s: a test of one answer" % where)
        p = None
    else:
        table = np.array([xa, xb], dtype=float)
        chi2, pchi, dof, exp = stats.chi2_contingency(table,
                                                      correction=False)
        if exp.min() < 5 and tables(xa, xb) <= 1e6:
            if f["test"] != "fisher":
                bad("%s: test %r, expected fisher" % (where, f["test"]))
            if tables(xa, xb) <= 2e4:
                p = fisher_exact_rx2(xa, xb)
                if len(xa) == 2:
                    p2 = stats.fisher_exact([xa, xb])[1]
                    if not math.isclose(p, min(p2, 1.0), rel_tol=1e-9):
                        bad("%s: fisher: enumeration %r, scipy %r" %
                            (where, p, p2))
                if not close(f["p"], p):
                    bad("%s: p %r, expected %r" % (where, f["p"], p))
            else:
                p = f["p"]	# too many tables for the fractions
        else:
            if f["test"] != "chi-square":
                bad("%s: test %r, expected chi-square" % (where, f["test"]))
            if f.get("exact_too_large") != (exp.min() < 5 or None):
                bad("%s: exact_too_large %r" % (where,
                                                f.get("exact_too_large")))
            if not close(f["chi2"], chi2) or f["df"] != dof:
                bad("%s: chi2 %r df %r, expected %r %r" %
                    (where, f["chi2"], f["df"], chi2, dof))
            p = pchi
            if not close(f["p"], p):
                bad("%s: p %r, expected %r" % (where, f["p"], p))
    # Likert: every answer of the question (all groups) on the scale,
    # two scores or more.
    sc = [SCALE.get(s.lower()) for s in allans.get(q, ())]
    likert = None not in sc and len({s for s in sc if s}) >= 2
    if likert != ("likert" in f):
        bad("%s: likert %r, expected %r" % (where, "likert" in f, likert))
    elif likert:
        L = f["likert"]
        sa = [SCALE[s.lower()] for s in answers]
        va = np.repeat([s for s in sa if s], [x for s, x in zip(sa, xa) if s])
        vb = np.repeat([s for s in sa if s], [y for s, y in zip(sa, xb) if s])
        if L["n"] != [len(va), len(vb)]:
            bad("%s: likert n %r" % (where, L["n"]))
        # Net agreement: the mean of +1 (agree), 0, -1 (disagree).
        for name, fa in (("net", lambda v: np.where(
                v >= 4, 1.0, np.where(v <= 2, -1.0, 0.0))),
                ("mean", lambda v: v.astype(float))):
            ya, yb = fa(va), fa(vb)
            if len(ya) == 0 or len(yb) == 0:
                continue
            if not (close(L[name][0], ya.mean()) and
                    close(L[name][1], yb.mean())):
                bad("%s: %s %r" % (where, name, L[name]))
            if not close(L[name + "_diff"], ya.mean() - yb.mean()):
                bad("%s: %s_diff %r" % (where, name, L[name + "_diff"]))
            if len(ya) < 2 or len(yb) < 2 or (ya.var() == 0 and
                                              yb.var() == 0):
                if L[name + "_ci"] is not None:
                    bad("%s: %s_ci %r, expected none" %
                        (where, name, L[name + "_ci"]))
                if L.get(name + "_df", 0) is not None:
                    bad("%s: %s_df %r, expected null" %
                        (where, name, L.get(name + "_df", "absent")))
                continue
            # Welch's interval: statsmodels' difference, standard error
            # and degrees of freedom; the t quantile from mpmath, since
            # SciPy's t.ppf is good to some 1e-9 only at fractional df.
            cm = CompareMeans(DescrStatsW(ya), DescrStatsW(yb))
            df = cm.ttest_ind(usevar="unequal")[2]
            se = cm.std_meandiff_separatevar
            d = ya.mean() - yb.mean()
            q = float(t_quantile(df))
            lo, hi = d - q * se, d + q * se
            if not (close(L[name + "_ci"][0], lo) and
                    close(L[name + "_ci"][1], hi)):
                bad("%s: %s_ci %r, expected %r" %
                    (where, name, L[name + "_ci"], [lo, hi]))
            if not close(L[name + "_df"], df):
                bad("%s: %s_df %r, expected %r" %
                    (where, name, L[name + "_df"], df))
    return p


recs = [json.loads(l) for l in open(a.tally, encoding="utf-8")]
recs = [r for r in recs if r.get("kind") == "compare"]
ps, refs = [], []
for r in recs:
    if r["groups"] != [GA, GB] or r["by"] != a.by:
        bad("%s: groups %r by %r" % (r["question"], r["groups"], r["by"]))
    f = r.get("collapsed") if a.collapsed else r
    if f is None:
        bad("%s: no collapsed figures" % r["question"])
        continue
    p = figures(r["question"], f, r["question"])
    if p is not None:
        ps.append(p)
        refs.append(f)
    elif f.get("p_adjusted") is not None:
        bad("%s: p_adjusted without a test" % r["question"])
# Every question some group of the two answered has a record.
want = sorted(q for q in counts if counts[q].get(GA) or counts[q].get(GB))
if sorted(r["question"] for r in recs) != want:
    bad("questions %r, expected %r" % ([r["question"] for r in recs], want))
if ps:
    adj = multipletests(ps, method="holm")[1]
    for f, x in zip(refs, adj):
        if not close(f["p_adjusted"], float(x)):
            bad("p_adjusted %r, expected %r" % (f["p_adjusted"], x))
print("checked %d records" % len(recs), file=sys.stderr)
sys.exit(1 if problems else 0)
