#!/usr/bin/env python3
"""gen.py SEED N [redacted] - N made-up response records (NDJSON) for the
tally tests.

Every shape a tally meets: respondent types, consent and moderation
(some absent),
a Likert question in mixed case and punctuation with "Don't know", a
yes/no question with numbers and booleans, multi-select lists with
repeated, null and empty items, absent and null answers, free text with
accents, "see attached" notes, short and empty texts, and records of
other kinds in between.  With "redacted", the same records marked as a
mix of gd-redact's outputs: "privacy" publication, analysis or absent,
and some turned into count-only "unpublished" records.
"""
import json
import random
import sys

seed, count = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
# Moderation comes from a generator of its own, so that the other members
# are those of the same seed before moderation was added.
mod_rnd = random.Random(seed + 1000003)
redacted = len(sys.argv) > 3 and sys.argv[3] == "redacted"
priv_rnd = random.Random(seed + 2000003)

TYPES = ["citizen", "public_employee", "business", "ngo", "academic"]
CONSENT = ["named", "anonymous", "withheld", "unknown"]
MODERATION = ["accepted", "accepted", "accepted", "pending", "rejected",
              "retired"]
LIKERT = ["Strongly agree", "agree", "AGREE", "Tend to agree", "Neither",
          "Disagree", "strongly disagree", "Don't know", "don\u2019t know",
          "Neutral"]
OPTIONS = ["Buses", "Trams", "Cycling", "Walking", "Caf\u00e9s", "Parking"]
WORDS = ["more", "buses", "please", "the", "tram", "caf\u00e9", "CAF\u00c9",
         "cycle", "lanes", "parking", "is", "expensive", "\u00e1rbol",
         "stra\u00dfe", "street", "clean", "basura", "metro", "d\u00e9j\u00e0"]
NOTES = ["See attached.", "Please see file", "Response enclosed",
         "ATTACHMENT: our views", "ok", "No comment", "   ", ""]


def pick(p):
    return rnd.random() < p


out = []
for i in range(count):
    if pick(0.03):
        out.append({"gd": 1, "kind": "note", "text": "note %d" % i})
        continue
    r = {"gd": 1, "kind": "response", "id": "R%05d" % rnd.randrange(100000)}
    if pick(0.9):
        r["respondent"] = {"type": rnd.choice(TYPES)}
    if pick(0.85):
        r["consent"] = rnd.choice(CONSENT)
    if mod_rnd.random() < 0.7:
        r["moderation"] = mod_rnd.choice(MODERATION)
    ans = {}
    if pick(0.8):
        ans["q1"] = rnd.choice(LIKERT)
    elif pick(0.2):
        ans["q1"] = None
    if pick(0.7):
        ans["q2"] = rnd.choice(["Yes", "No", 1, 0, True, False, "yes"])
    if pick(0.6):
        k = rnd.randrange(0, 5)
        opts = [rnd.choice(OPTIONS) for _ in range(k)]
        if pick(0.1):
            opts.append(None)
        ans["topics"] = opts
    if pick(0.1):
        ans["q4"] = rnd.choice(["A", "B", ""])
    if ans or pick(0.5):
        r["answers"] = ans
    com = {}
    if pick(0.7):
        com["c1"] = " ".join(rnd.choice(WORDS)
                             for _ in range(rnd.randrange(1, 12)))
    if pick(0.15):
        com["c2"] = rnd.choice(NOTES)
    if com:
        r["comments"] = com
    if redacted:
        x = priv_rnd.random()
        if x < 0.08:
            why = priv_rnd.choice(["withheld", "consent_unknown",
                                   "moderated"])
            u = {"gd": 1, "kind": "unpublished", "reason": why}
            for k in ("respondent", "consent", "moderation", "answers"):
                if k in r:
                    u[k] = r[k]
            u["privacy"] = "publication"
            r = u
        elif x < 0.7:
            r["privacy"] = "publication"
            if priv_rnd.random() < 0.5:
                r.setdefault("respondent", {})["pseudonym"] = \
                    "p%03d" % priv_rnd.randrange(300)
        elif x < 0.95:
            r["privacy"] = "analysis"
            if priv_rnd.random() < 0.5:
                r.setdefault("respondent", {})["id"] = \
                    "%d" % priv_rnd.randrange(300)
    out.append(r)
for o in out:
    print(json.dumps(o, ensure_ascii=False, separators=(",", ":")))
