#!/usr/bin/env python3
"""bench/redact-short.py - short gd response records for the gd-redact
speed test on short records (bench/redact.sh): many fields, little text,
as a survey export has them, where the cost per record and per field
counts more than the cost per byte.

Each record has 10 to 16 string fields (closed answers such as "Agree",
short free-text answers and comments, a few extra columns) holding 100
to 300 bytes of text in all, with personal data (e-mail addresses, phone
numbers, IBANs, the respondent's name...) planted in about one text in
five.  Deterministic for a seed.

Usage: redact-short.py [--records N] [--seed S] > short.ndjson
"""

import argparse
import json
import random
import sys

FIRST = ["Jane", "Pieter", "José", "Zoë", "Łukasz", "Amina", "Olu", "Marie",
         "Tomás", "Anna", "Ben", "Sofia"]
LAST = ["Doe", "van Loon", "Fernández", "Kowalski", "Okafor", "Smith",
        "Müller", "Rossi", "Dubois", "Nowak"]
CHOICES = ["Agree", "Disagree", "Strongly agree", "Strongly disagree",
           "Neither agree nor disagree", "Yes", "No", "Don't know"]
WORDS = ("the a more less bus lane park school tax plan road fund local "
         "people city council traffic noise green safe cost time year "
         "support oppose need want better worse should could housing "
         "rent cycle water energy street children older young").split()
PII = ["jane.doe@example.org", "j.smith@gmail.com", "020 7946 0958",
       "+44 7700 900123", "06 12 34 56 78", "GB82 WEST 1234 5698 7654 32",
       "4111 1111 1111 1111", "SW1A 1AA", "QQ 12 34 56 C", "192.168.1.20"]


def sentence(rnd, lo, hi):
    n = rnd.randint(lo, hi)
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def short_text(rnd, name):
    t = sentence(rnd, 3, 9)
    r = rnd.random()
    if r < 0.15:
        t += " Contact " + rnd.choice(PII) + "."
    elif r < 0.2:
        t += " " + name.split()[0] + " here."
    return t


def record(rnd, i):
    name = rnd.choice(FIRST) + " " + rnd.choice(LAST)
    while True:
        answers = {"q%d" % k: rnd.choice(CHOICES)
                   for k in range(1, rnd.randint(5, 8))}
        answers["q_other"] = short_text(rnd, name)
        comments = {"c%d" % k: short_text(rnd, name)
                    for k in range(1, rnd.randint(2, 3))}
        extra = {"ward": rnd.choice(["North", "South", "East", "West"]),
                 "age_band": rnd.choice(["18-24", "25-44", "45-64", "65+"]),
                 "heard_via": rnd.choice(["Leaflet", "Website", "Friend"])}
        strings = list(answers.values()) + list(comments.values()) + \
            list(extra.values())
        size = sum(len(s.encode()) for s in strings)
        if len(strings) >= 10 and 100 <= size <= 300:
            break
    return {"gd": 1, "kind": "response", "id": "S%07d" % i,
            "consultation": "bench-short",
            "respondent": {"type": "citizen", "name": name,
                           "email": name.split()[0].lower() + "@example.org",
                           "country": "GB"},
            "consent": rnd.choice(["anonymous", "anonymous", "named"]),
            "answers": answers, "comments": comments, "extra": extra}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = sys.stdout
    for i in range(1, a.records + 1):
        out.write(json.dumps(record(rnd, i), ensure_ascii=False,
                             separators=(",", ":")))
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
