#!/usr/bin/env python3
"""gen.py SEED N [campaign] - N made-up response records (NDJSON) for the tests of
gd-tally --compare: public employees, citizens and others answering
questions whose distributions differ by group, with small groups, zero
cells, a Likert question (with "Don't know"), a question only one group
answers, a question with one answer only, and a question with many rare
answers (a large exact test).  With "campaign", a third of the
citizens send one organised text and answer q1 "No", the others a text
of their own."""
import json
import random
import sys

seed, count = int(sys.argv[1]), int(sys.argv[2])
campaign = len(sys.argv) > 3 and sys.argv[3] == "campaign"
WORDS = ("park road school bus water tax rent clinic library bridge noise "
         "housing market river tram budget council police street garden "
         "energy waste cycling museum harbour").split()
TEMPLATE = ("We the undersigned residents oppose the proposal in full and "
            "ask the council to withdraw it before the next budget round, "
            "as set out in the joint letter of our association.")
rnd = random.Random(seed)
TYPES = ["public_employee"] * 3 + ["citizen"] * 4 + ["academic", "ngo"]
LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree",
          "Agree", "Strongly agree", "Don't know"]


def pick(weights):
    keys = list(weights)
    return rnd.choices(keys, [weights[k] for k in keys])[0]


for i in range(count):
    ty = rnd.choice(TYPES)
    pe = ty == "public_employee"
    ans = {}
    if rnd.random() < 0.9:
        ans["q1"] = pick({"Yes": 6 if pe else 3, "No": 3, "Not sure": 1})
    if rnd.random() < 0.8:
        w = [1, 2, 2, 4, 3, 0.3] if pe else [2, 3, 2, 3, 1, 0.3]
        ans["q2"] = rnd.choices(LIKERT, w)[0]
    if rnd.random() < 0.7:
        ans["q3"] = "Yes"
    if pe and rnd.random() < 0.5:
        ans["q4"] = pick({"A": 1, "B": 1})
    if rnd.random() < 0.6:
        ans["q5"] = pick({"Common": 20, "Rare one": 0.3, "Rare two": 0.3,
                          "Rare three": 0.2 if pe else 0.01})
    if rnd.random() < 0.03:
        ans["q6"] = pick({"Yes": 1, "No": 1})
    text = " ".join(rnd.choice(WORDS) for _ in range(12))
    if campaign and ty == "citizen" and rnd.random() < 0.35:
        ans["q1"] = "No"
        text = TEMPLATE
    rec = {"gd": 1, "kind": "response", "id": "R%06d" % i,
           "respondent": {"type": ty,
                          "country": rnd.choice(["FR", "DE", "ES"])},
           "consent": "anonymous", "answers": ans,
           "comments": {"text": text}}
    print(json.dumps(rec, ensure_ascii=False))
