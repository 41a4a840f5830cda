#!/usr/bin/env python3
"""bench/redact_re.py - gd-redact's job done with Python's re module: the
peer for the gd-redact speed comparison (bench/redact.sh).

Reads gd response records (NDJSON) from the files named, or standard
input, and writes them redacted for publication: withheld responses
dropped; the respondent's e-mail (and name and organisation, unless the
consent is "named") removed; every string in answers, comments and extra
scanned for the same categories as gd-redact, with equivalent validators:

  email     local@domain, the top-level domain in a list of common ones;
            "name at domain dot org", "name(at)domain(dot)org" and the like
  phone     9-15 digits with an international prefix, a national trunk 0,
            US or Spanish grouping, or a word such as "phone" just before
  iban      ISO 7064 mod 97 and the country's length
  card      Luhn, 13-19 digits, first digit 2-6
  ip        IPv4 and IPv6 (ipaddress module)
  nino      UK National Insurance number format
  nhs       mod 11, grouped 3-3-4 or with "NHS" just before
  postcode  UK postcode format
  ssn       US SSN, 3-2-4 with one delimiter, never-issued ranges out
  name      the respondent's own name and each word of it, any case

Found spans become category tokens ([EMAIL] ...).  Spans inside a URL are
left alone, except e-mail addresses and names.  The record gets
"redacted" (category -> count) and "privacy": "publication".
"""

import ipaddress
import json
import re
import sys

TOKEN = {
    "email": "[EMAIL]", "phone": "[PHONE]", "iban": "[IBAN]", "card": "[CARD]",
    "ip": "[IP]", "nino": "[NINO]", "nhs": "[NHS]", "postcode": "[POSTCODE]",
    "ssn": "[SSN]", "name": "[NAME]", "organisation": "[ORGANISATION]",
}
STRENGTH = {"email": 3, "iban": 3, "card": 3, "nino": 3, "ssn": 3,
            "name": 1, "organisation": 1}

TLDS = frozenset("""
com org net edu gov mil int info biz name pro eu uk us ca au nz ie de fr nl
be lu at ch it es pt pl cz sk hu ro bg gr se no dk fi is ee lv lt si hr rs
ba me mk al ua by ru tr cy mt jp cn kr in br mx ar cl co za io ai app dev
scot wales cymru london berlin amsterdam paris cat gal eus bzh ac email
online site xyz me tv cc ly fm
""".split())

RE = {
    "email": re.compile(
        r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@"
        r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
        r"[A-Za-z]{2,24}(?![A-Za-z0-9-])"),
    "email_obf": re.compile(
        r"(?i)(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}"
        r"\s*(?:[(\[{<]\s*at\s*[)\]}>]|\s+at\s+)\s*"
        r"[A-Za-z0-9-]{1,63}(?:\s*(?:[(\[{<]\s*dot\s*[)\]}>]|\s+dot\s+"
        r"|\.)\s*[A-Za-z0-9-]{1,63}){1,4}"),
    "phone": re.compile(
        r"(?<![A-Za-z0-9/.,+-])(?:\+|\(\+?)?\d"
        r"(?:[ .\-/()\xa0]{0,2}\d){7,16}\)?(?![A-Za-z0-9]|[.,/-]\d)"),
    "iban": re.compile(
        r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}"
        r"(?![A-Za-z0-9])"),
    "card": re.compile(r"(?<![\d.,-])\d(?:[ -]?\d){12,18}(?![\d]|[.,-]\d)"),
    "ipv4": re.compile(
        r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)"),
    "ipv6": re.compile(
        r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}"
        r"(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?"
        r"(?:/\d{1,3})?(?![\w:])"),
    "nino": re.compile(
        r"(?i)(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)"
        r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?"
        r"[A-D](?![A-Za-z0-9])"),
    "nhs": re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d]|-\d)"),
    "postcode": re.compile(
        r"(?i)(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ]"
        r"(?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?)"
        r" ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"),
    "ssn": re.compile(r"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d]|-\d)"),
}
URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"]+")
DIGITS = re.compile(r"\d")
DIGIT_RUNS = re.compile(r"\d+")

PHONE_WORDS = re.compile(
    r"(?i)(?<![a-z])(?:phone|tel|telephone|mobile|mob|cell|call|ring|fax|"
    r"whatsapp|sms|text me|contact|reach me|number is|teléfono|telefono|"
    r"tlf|tfno|móvil|movil|llamar|llame|llámame|téléphone|portable|"
    r"appelez|telefon|handy|anrufen|telefoon|bellen|telefonu|telefonare|"
    r"cellulare|chiamare)")
NOT_PHONE_WORDS = re.compile(
    r"(?i)(?<![a-z])(?:order|invoice|ref|reference|case|ticket|isbn|issn|"
    r"doi|account no|policy|serial|id|no\.|nr\.|number:|docket|page|pages|"
    r"version)")
VERSION_WORDS = re.compile(
    r"(?i)(?<![a-z])(?:version|ver|v|release|build|firmware|section|§)")
NHS_WORDS = re.compile(r"(?i)(?<![a-z])(?:nhs|health|chi)")

IBAN_LEN = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16,
    "BG": 22, "BH": 22, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28,
    "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
    "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18,
    "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23,
    "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}


# ---- validators ----------------------------------------------------------

def luhn(s):
    d = [int(c) for c in s if c.isdigit()]
    if not 13 <= len(d) <= 19:
        return False
    total = 0
    for i, x in enumerate(reversed(d)):
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return total % 10 == 0


def iban_ok(s):
    b = s.replace(" ", "").replace("-", "").upper()
    if IBAN_LEN.get(b[:2]) != len(b) or not b[2:4].isdigit():
        return False
    return int("".join(str(int(c, 36)) for c in b[4:] + b[:4])) % 97 == 1


def nhs_ok(s):
    d = [int(c) for c in s if c.isdigit()]
    if len(d) != 10 or len(set(d)) == 1:
        return False
    c = 11 - sum(x * (10 - i) for i, x in enumerate(d[:9])) % 11
    c = 0 if c == 11 else c
    return c != 10 and c == d[9]


def ssn_ok(s):
    d = "".join(c for c in s if c.isdigit())
    area, group, serial = int(d[:3]), int(d[3:5]), int(d[5:])
    if area == 0 or area == 666 or area >= 900 or group == 0 or serial == 0:
        return False
    return len(set(d)) > 1 and d not in ("078051120", "123456789")


def ip_ok(s):
    try:
        ipaddress.ip_address(s.split("/")[0])
        return True
    except ValueError:
        return False


def email_ok(s):
    dom = s.rsplit("@", 1)[-1].lower()
    return "." in dom and dom.rsplit(".", 1)[1] in TLDS


def email_obf_ok(s):
    if "@" in s:
        return False
    t = re.sub(r"(?i)\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+", "@", s, count=1)
    t2 = re.sub(r"(?i)\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+", ".", t)
    # "look at example.org" is a web address: a plain " at " counts only
    # with a worded or bracketed dot.
    if t2 == t and not re.search(r"(?i)[(\[{<]\s*at", s):
        return False
    t2 = re.sub(r"\s+", "", t2)
    return "@" in t2 and email_ok(t2)


def before(s, a, window, words):
    return words.search(s, max(0, a - window), a) is not None


def shape(t):
    runs = DIGIT_RUNS.findall(t)
    seps = re.findall(r"\d(\D)", t)
    return runs, seps


def phone_ok(s, a, b):
    t = s[a:b]
    runs, seps = shape(t)
    nd = sum(len(r) for r in runs)
    if not 9 <= nd <= 15:
        return False
    g = [len(r) for r in runs]
    if len(g) == 3 and seps and len(set(seps[:2])) == 1 and \
            seps[0] in "-/." and ((g[0] == 4 and g[1] <= 2 and g[2] <= 2) or
                                  (g[0] <= 2 and g[1] <= 2 and g[2] in (2, 4))):
        return False			# a date
    if len(g) >= 2 and seps and seps[0] in ",." and g[0] <= 3 and \
            all(x == 3 for x in g[1:]):
        return False			# an amount
    if a > 0 and s[a - 1] in "$€£¥":
        return False
    if s[max(0, a - 2):a] in ("€ ", "£ ", "$ "):
        return False
    if s[b:b + 1] == "%" or s[b:b + 2] == " %":
        return False
    p = t.lstrip("(+")
    ctx = before(s, a, 40, PHONE_WORDS)
    if not ctx and before(s, a, 24, NOT_PHONE_WORDS):
        return False
    if "+" in t or p.startswith("00"):
        return True
    if ctx:
        return True
    if p[0] == "0" and 10 <= nd <= 12:
        return True
    if p[0] == "0" and nd == 9 and len(g) >= 3 and g[0] <= 3 and g[-1] <= 3:
        return True
    if nd == 10 and g == [3, 3, 4] and p[0] >= "2" and \
            ("(" in t or (len(seps) >= 2 and seps[0] == seps[1])):
        return True
    if nd == 9 and p[0] >= "6" and (g[:2] == [3, 3] and len(g) == 3 or
                                   len(g) == 4 and g[:2] == [3, 2]):
        return True
    return False


def nhs_check(s, a, b):
    if not nhs_ok(s[a:b]):
        return False
    g = [len(r) for r in DIGIT_RUNS.findall(s[a:b])]
    return g == [3, 3, 4] or before(s, a, 30, NHS_WORDS)


def ip_check(s, a, b):
    if before(s, a, 12, VERSION_WORDS):
        return False
    return ip_ok(s[a:b])


# (pattern name, category, validator(s, a, b) or None)
DETECTORS = [
    ("email", "email", lambda s, a, b: email_ok(s[a:b])),
    ("email_obf", "email", lambda s, a, b: email_obf_ok(s[a:b])),
    ("phone", "phone", phone_ok),
    ("iban", "iban", lambda s, a, b: iban_ok(s[a:b])),
    ("card", "card", lambda s, a, b: s[a] in "23456" and luhn(s[a:b])),
    ("ipv4", "ip", ip_check),
    ("ipv6", "ip", lambda s, a, b: ":" in s[a:b] and ip_check(s, a, b)),
    ("nino", "nino", None),
    ("nhs", "nhs", nhs_check),
    ("postcode", "postcode", None),
    ("ssn", "ssn", lambda s, a, b: ssn_ok(s[a:b])),
]
NEEDS_DIGITS = {"phone", "iban", "card", "ipv4", "nino", "nhs", "ssn"}


def iban_shorter(s, a, b):
    """Trailing words must not spoil an IBAN: try shorter candidates."""
    for e in range(b, a + 14, -1):
        if s[e - 1] in " -":
            continue
        if iban_ok(s[a:e]):
            return e
    return None


def find_words(s, low, words, out):
    for w in words:
        n = len(w)
        i = low.find(w)
        while i != -1:
            if (i == 0 or not low[i - 1].isalnum()) and \
                    (i + n == len(low) or not low[i + n].isalnum()):
                out.append((i, i + n, "name"))
            i = low.find(w, i + 1)


def detect(s, names):
    cand = []
    nd = len(DIGITS.findall(s))
    low = s.lower()
    for pname, cat, check in DETECTORS:
        if pname in NEEDS_DIGITS and nd < 6:
            continue
        if pname == "email" and "@" not in s:
            continue
        if pname == "email_obf" and "at" not in low:
            continue
        if pname == "ipv6" and "::" not in s and s.count(":") < 2:
            continue
        pat = RE[pname]
        pos = 0
        while True:
            m = pat.search(s, pos)
            if m is None:
                break
            a, b = m.span()
            if a == b:
                pos = a + 1
                continue
            if pname == "iban":
                e = iban_shorter(s, a, b)
                if e is None:
                    pos = a + 1
                    continue
                b = e
            elif check is not None and not check(s, a, b):
                pos = a + 1
                continue
            cand.append((a, b, cat))
            pos = b
    if names and len(low) == len(s):
        find_words(s, low, names, cand)
    if not cand:
        return []
    urls = [m.span() for m in URL.finditer(s)] if "www." in low or \
        "http" in low else []
    cand.sort(key=lambda c: (c[0], -c[1]))
    out = []
    for a, b, cat in cand:
        if urls and cat not in ("email", "name") and \
                any(a >= ua and b <= ub for ua, ub in urls):
            continue
        if out and a < out[-1][1]:
            pa, pb, pc = out[-1]
            sc, sp = STRENGTH.get(cat, 2), STRENGTH.get(pc, 2)
            if sc > sp or (sc == sp and b - a > pb - pa):
                out[-1] = (min(a, pa), max(b, pb), cat)
            elif b > pb:
                out[-1] = (pa, b, pc)
            continue
        out.append((a, b, cat))
    return out


def scrub(s, names, counts):
    spans = detect(s, names)
    if not spans:
        return s
    parts, at = [], 0
    for a, b, cat in spans:
        parts.append(s[at:a])
        parts.append(TOKEN[cat])
        counts[cat] = counts.get(cat, 0) + 1
        at = b
    parts.append(s[at:])
    return "".join(parts)


FIELD_DROP = re.compile(
    r"(?i)(?:^|[^a-z])(?:e-?mail|phone|telephone|tel|mobile|fax|address|"
    r"street|postcode|zip|postal|ip|user.?agent|cookie|session)(?:$|[^a-z])")


def scrub_value(v, names, counts):
    if isinstance(v, str):
        return scrub(v, names, counts)
    if isinstance(v, list):
        return [scrub_value(x, names, counts) for x in v]
    if isinstance(v, dict):
        return {k: scrub_value(x, names, counts) for k, x in v.items()}
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        t = scrub(str(v), names, counts)
        return v if t == str(v) else t
    return v


def redact(rec):
    counts = {}
    consent = rec.get("consent", "unknown")
    if consent == "withheld":
        return None
    named = consent == "named"
    resp = rec.get("respondent")
    names = []
    if isinstance(resp, dict):
        name = resp.get("name")
        if isinstance(name, str) and not named:
            full = name.strip().lower()
            names = [full] + [w for w in re.findall(r"\w+", full)
                              if len(w) >= 2 and w != full]
        for k in list(resp):
            if k in ("type", "type_label", "country", "pseudonym") or \
                    (named and k in ("name", "organisation")):
                continue
            cat = "email" if k == "email" else "organisation" \
                if k == "organisation" else "name"
            counts[cat] = counts.get(cat, 0) + 1
            del resp[k]
    for m in ("answers", "comments", "extra"):
        obj = rec.get(m)
        if not isinstance(obj, dict):
            continue
        for k in list(obj):
            if FIELD_DROP.search(k):
                del obj[k]
                continue
            obj[k] = scrub_value(obj[k], names, counts)
    rec["redacted"] = counts
    rec["privacy"] = "publication"
    return rec


def run(f, out):
    for line in f:
        rec = json.loads(line)
        if rec.get("kind") != "response":
            out.write(line)
            continue
        rec = redact(rec)
        if rec is not None:
            out.write(json.dumps(rec, ensure_ascii=False,
                                 separators=(",", ":")))
            out.write("\n")


def main():
    out = sys.stdout
    files = sys.argv[1:] or ["-"]
    for path in files:
        if path == "-":
            run(sys.stdin, out)
        else:
            with open(path, encoding="utf-8") as f:
                run(f, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
