#!/usr/bin/env python3
"""sdc_gen.py SEED N - N made-up responses (NDJSON) of the shape that
small-cell suppression is hardest on: one large respondent type and
several rare ones, a Likert question some leave unanswered, consent.
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


def pick(choices):
    x = rnd.random()
    for v, p in choices:
        x -= p
        if x < 0:
            return v
    return choices[-1][0]


for i in range(count):
    r = {"gd": 1, "kind": "response", "id": "S%05d" % i}
    t = pick(TYPES)
    if t is not None:
        r["respondent"] = {"type": t}
    r["consent"] = pick(CONSENT)
    a = pick(ANSWERS)
    if a is not None:
        r["answers"] = {"q": a}
    print(json.dumps(r, separators=(",", ":")))
