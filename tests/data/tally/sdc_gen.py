#!/usr/bin/env python3
"""sdc_gen.py SEED N - N made-up responses (NDJSON) of the shape that
small-cell suppression is hardest on: one large respondent type and
several rare ones, a Likert question some leave unanswered, consent,
and a comment with some of the themes of sdc-codebook.json (none, one or
several; one theme rare, one that a rare type mentions more often).
The comments come from a random stream of their own: the other fields
are those of the sets made before there were comments.
"""
import json
import random
import sys

seed, count = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
TYPES = [("citizen", 0.72), ("business", 0.08), ("ngo", 0.07),
         ("public_employee", 0.05), ("trade_union", 0.03), ("other", 0.03),
         (None, 0.02)]
ANSWERS = [("Strongly agree", 0.2), ("Agree", 0.25),
           ("Neither agree nor disagree", 0.15), ("Disagree", 0.18),
           ("Strongly disagree", 0.12), (None, 0.1)]
CONSENT = [("named", 0.4), ("anonymous", 0.55), ("withheld", 0.05)]
# Theme: its phrase, and how often a response of each type mentions it.
THEMES = [("the buses are late", {None: 0.3}),
          ("plant more trees", {None: 0.15}),
          ("the rent is too high", {None: 0.08, "ngo": 0.4}),
          ("noise at night", {None: 0.02})]


def pick(choices):
    x = rnd.random()
    for v, p in choices:
        x -= p
        if x < 0:
            return v
    return choices[-1][0]


crnd = random.Random(seed * 1000003 + 7)


def comment(t):
    said = [p for p, prob in THEMES if crnd.random() < prob.get(t, prob[None])]
    return "; ".join(said) if said else "no opinion on %d" % crnd.randrange(9)


for i in range(count):
    r = {"gd": 1, "kind": "response", "id": "S%05d" % i}
    t = pick(TYPES)
    if t is not None:
        r["respondent"] = {"type": t}
    r["consent"] = pick(CONSENT)
    a = pick(ANSWERS)
    if a is not None:
        r["answers"] = {"q": a}
    r["comments"] = {"c": comment(t)}
    print(json.dumps(r, separators=(",", ":")))
