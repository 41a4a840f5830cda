#!/usr/bin/env python3
"""bench/redact-eval.py - how well gd-redact removes the personal data
planted by bench/redact-corpus.mjs, and how much else it destroys.

Runs gd-redact --for publication on the corpus twice: as is (category
tokens), for the measures below, and with a policy that masks (one * per
character, so output and input line up character by character), to see
what covered each item: all of it, part of it, and which category.

  leak rate      planted items whose exact text is still in the output
                 field; for the respondent's own name, items whose field
                 still has any word of the name (two letters or more),
                 compared without case and accents
  decoy survival decoys whose exact text is still in the output field

Prints a table with the targets and PASS/MISS, then the most common
failures; writes examples of every kind of failure to --failures.
Exits 0 once it has measured (a missed target is a result, not an
error), 1 when it cannot run.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import unicodedata

TOKENS = {
    "email": "[EMAIL]", "phone": "[PHONE]", "iban": "[IBAN]", "card": "[CARD]",
    "ip": "[IP]", "nino": "[NINO]", "nhs": "[NHS]", "postcode": "[POSTCODE]",
    "ssn": "[SSN]", "name": "[NAME]", "organisation": "[ORGANISATION]",
}
# Leak targets (fraction of planted items).
LEAK_TARGET = {
    "email": 0.001, "iban": 0.001, "card": 0.001, "ip": 0.001, "nino": 0.001,
    "nhs": 0.001, "postcode": 0.001, "ssn": 0.001, "phone": 0.02, "name": 0.0,
}
PII_ORDER = ["email", "phone", "iban", "card", "ip", "nino", "nhs",
             "postcode", "ssn", "name"]
DECOY_TARGET = 0.995
TOKEN_RE = re.compile(r"\[[A-Z_]+\]")	# a replacement, not a word
EXAMPLES = 10

FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o",
                            "Ø": "O", "æ": "ae", "Æ": "AE", "đ": "d",
                            "Đ": "D", "œ": "oe", "Œ": "OE"})


def fold(s):
    """Case and accents away: what a reader would still recognise."""
    s = unicodedata.normalize("NFKD", s.translate(FOLD_EXTRA))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


# Name particles ("van", "de", "von"...) alone identify nobody and are
# ordinary words in many languages: gd-redact looks for them only next to
# the rest of the name ("van Loon"), and a particle left on its own is
# not counted as a leak.  The same list as lib/detect.c.
PARTICLES = {"de", "da", "di", "do", "du", "del", "della", "dei", "der",
             "den", "des", "van", "von", "vom", "zu", "la", "le", "el", "al",
             "lo", "dos", "das", "ter", "ten", "op", "bin", "ibn", "bint",
             "ben", "y", "e", "of", "st", "mc", "mac", "jr", "sr", "ii",
             "iii", "mr", "mrs", "ms", "dr", "prof", "and"}


def name_words(name):
    return sorted({w for w in re.findall(r"\w+", fold(name))
                   if len(w) >= 2 and w not in PARTICLES})


def word_in(word, text):
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text) is not None


def load_records(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind") == "response":
                out[r.get("id")] = r
    return out


def field(rec, path):
    v = rec
    for k in path.split("."):
        if not isinstance(v, dict) or k not in v:
            return None
        v = v[k]
    return v if isinstance(v, str) else None


def load_audit(path):
    """(id, path) -> [(byte offset, byte length, category, detector)]."""
    out = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a.get("action") == "replaced":
                out[(a["id"], a["path"])].append(
                    (a["offset"], a["length"], a["category"], a["detector"]))
    return out


def run(cmd, stdout_path, what):
    with open(stdout_path, "wb") as out:
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        print(f"redact-eval: {what} exited with status {p.returncode}"
              + (f": {err[-1]}" if err else ""), file=sys.stderr)
    return p.returncode


def pct(n, d):
    return 100.0 * n / d if d else 0.0


def fmt_pct(x):
    if x == 0:
        return "0"
    return f"{x:.3f}%" if x < 1 else f"{x:.2f}%"


def squash(s, width=220):
    s = s.replace("\n", "\\n")
    return s if len(s) <= width else s[:width - 3] + "..."


class Field:
    """One comments field: input, token output, masked output, spans."""

    def __init__(self, inp, tok, msk, spans):
        self.inp, self.tok, self.msk = inp, tok, msk
        self.aligned = msk is not None and len(msk) == len(inp)
        self.spans = []		# (start, end, category, detector), chars
        if self.aligned and spans:
            b = msk.encode("utf-8")
            for off, ln, cat, det in spans:
                s = len(b[:off].decode("utf-8", "replace"))
                e = s + len(b[off:off + ln].decode("utf-8", "replace"))
                self.spans.append((s, e, cat, det))

    def overlapping(self, a, b):
        return [sp for sp in self.spans if sp[0] < b and sp[1] > a]

    def render(self, a, b):
        """The input text [a, b) with the redacted spans as tokens."""
        if not self.aligned:
            return self.tok if self.tok is not None else ""
        out, at = [], a
        for s, e, cat, _ in sorted(self.overlapping(a, b)):
            s, e = max(s, a), min(e, b)
            if s < at:
                continue
            out.append(self.inp[at:s])
            out.append(TOKENS.get(cat, f"[{cat.upper()}]"))
            at = e
        out.append(self.inp[at:b])
        return "".join(out)


EXT = re.compile(r"\s*(?:x|ext\.?)\s*\d+$")


def coverage(fl, g):
    """'full', 'partial' or 'none': how much of the item was masked.  A
    phone extension (" x123") does not count: without the number it is
    nothing."""
    if not fl.aligned:
        return "unknown"
    a, b = g["start"], g["end"]
    if g["category"] == "phone":
        m = EXT.search(g["text"])
        if m:
            b = a + m.start()
    chars = [i for i in range(a, b) if fl.inp[i].isalnum()]
    hit = sum(1 for i in chars if fl.msk[i] == "*")
    if hit == len(chars):
        return "full"
    return "none" if hit == 0 else "partial"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gd-redact", default="bin/gd-redact",
                    help="the command to measure (split on blanks)")
    ap.add_argument("--data", default="bench/data",
                    help="where the corpus is and the outputs go")
    ap.add_argument("--failures", default=None,
                    help="examples file (default DATA/redact-failures.txt)")
    ap.add_argument("--peer", default=None,
                    help="also score this command (e.g. 'python3 "
                         "bench/redact_re.py'), for information")
    o = ap.parse_args()

    d = o.data
    corpus = os.path.join(d, "redact-corpus.ndjson")
    goldp = os.path.join(d, "redact-gold.jsonl")
    failp = o.failures or os.path.join(d, "redact-failures.txt")
    for p in (corpus, goldp):
        if not os.path.exists(p):
            print(f"redact-eval: {p} missing: run bench/redact-corpus.mjs",
                  file=sys.stderr)
            return 1
    gd = o.gd_redact.split()
    outp = os.path.join(d, "redact-out.ndjson")
    auditp = os.path.join(d, "redact-audit.ndjson")
    maskp = os.path.join(d, "redact-mask.ndjson")
    maudp = os.path.join(d, "redact-mask-audit.ndjson")
    policy = os.path.join(d, "redact-mask-policy.json")
    with open(policy, "w") as f:
        f.write('{"style": "mask"}\n')

    try:
        rc = run(gd + ["--for", "publication", "--audit", auditp, corpus],
                 outp, "gd-redact")
        rc2 = run(gd + ["--for", "publication", "--policy", policy,
                        "--audit", maudp, corpus], maskp,
                  "gd-redact (mask policy)")
    except OSError as e:
        print(f"redact-eval: cannot run {o.gd_redact}: {e}", file=sys.stderr)
        return 1

    inp = load_records(corpus)
    tok = load_records(outp)
    msk = load_records(maskp)
    maud = load_audit(maudp)
    taud = load_audit(auditp)

    peer = None
    if o.peer:
        peerp = os.path.join(d, "redact-peer.ndjson")
        try:
            if run(o.peer.split() + [corpus], peerp, "peer") == 0:
                peer = load_records(peerp)
        except OSError as e:
            print(f"redact-eval: cannot run the peer: {e}", file=sys.stderr)

    # ---- checks on the records and the audit trail ----
    checks = []
    missing = [i for i in inp if i not in tok]
    kept = sum(1 for r in tok.values()
               if "name" in r.get("respondent", {}) or
               "email" in r.get("respondent", {}))
    unmarked = sum(1 for r in tok.values()
                   if r.get("privacy") != "publication" or
                   not isinstance(r.get("redacted"), dict))
    checks.append(("records", f"{len(tok)} of {len(inp)} written "
                   f"(gd-redact exit {rc}, {rc2} with the mask policy)",
                   not missing and rc == 0 and rc2 == 0))
    checks.append(("respondent", f"name or e-mail kept in {kept} records",
                   kept == 0))
    checks.append(("marks", f"{unmarked} records without privacy="
                   "publication and redacted", unmarked == 0))
    bad_tok = bad_msk = n_tok = 0
    for (rid, path), spans in taud.items():
        r = tok.get(rid)
        s = field(r, path) if r else None
        if s is None:
            continue
        b = s.encode("utf-8")
        for off, ln, cat, _ in spans:
            n_tok += 1
            if b[off:off + ln].decode("utf-8", "replace") != TOKENS.get(cat):
                bad_tok += 1
    for (rid, path), spans in maud.items():
        r = msk.get(rid)
        s = field(r, path) if r else None
        if s is None:
            continue
        b = s.encode("utf-8")
        for off, ln, _, _ in spans:
            if ln == 0 or b[off:off + ln].strip(b"*"):
                bad_msk += 1
    checks.append(("audit offsets", f"{n_tok} replacements; {bad_tok} do "
                   f"not point at their token, {bad_msk} (mask run) not at "
                   "the masked text", bad_tok == 0 and bad_msk == 0))

    # ---- score every planted item and decoy ----
    fields = {}

    def get_field(rid, path):
        k = (rid, path)
        if k not in fields:
            ri, rt, rm = inp.get(rid), tok.get(rid), msk.get(rid)
            fields[k] = Field(field(ri, path) if ri else "",
                              field(rt, path) if rt else None,
                              field(rm, path) if rm else None,
                              maud.get(k, []))
        return fields[k]

    pii = collections.defaultdict(lambda: collections.Counter())
    dec = collections.defaultdict(lambda: collections.Counter())
    by_form = collections.defaultdict(collections.Counter)	# (cat, form) -> n, leak
    by_ctx = collections.defaultdict(collections.Counter)
    by_hit = collections.defaultdict(collections.Counter)	# decoy type -> det
    fails = collections.defaultdict(list)	# (section, cat) -> [(form, text)]
    marks = collections.defaultdict(list)
    peer_pii = collections.defaultdict(collections.Counter)
    peer_dec = collections.Counter()

    with open(goldp, encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            rid, path, cat = g["id"], g["field"], g["category"]
            fl = get_field(rid, path)
            marks[(rid, path)].append((g["start"], g["end"]))
            a, b = g["sent"]
            sent_in = fl.inp[a:b]
            sent_out = fl.render(a, b)
            if g["kind"] == "pii":
                c = pii[cat]
                c["n"] += 1
                if fl.tok is None:
                    c["missing"] += 1
                    continue
                if cat == "name":
                    name = inp[rid]["respondent"].get("name", "")
                    ft = fold(TOKEN_RE.sub(" ", fl.tok))
                    left = [w for w in name_words(name) if word_in(w, ft)]
                    leaked = bool(left)
                else:
                    leaked = g["text"] in fl.tok
                cov = coverage(fl, g)
                hits = sorted({f"{s[2]}/{s[3]}" for s in
                               fl.overlapping(g["start"], g["end"])})
                key = (cat, g["form"])
                by_form[key]["n"] += 1
                by_ctx[(cat, g["ctx"])]["n"] += 1
                if leaked:
                    c["leak"] += 1
                    by_form[key]["leak"] += 1
                    by_ctx[(cat, g["ctx"])]["leak"] += 1
                    extra = f" (still there: {', '.join(left)})" \
                        if cat == "name" else ""
                    fails[("leak", cat)].append((g["form"],
                        f"[{g['form']}, {g['locale']}, "
                        f"{'context' if g['ctx'] else 'no context'}] "
                        f"{g['text']!r}{extra}\n      in:  {squash(sent_in)}"
                        f"\n      out: {squash(sent_out)}"))
                elif cov == "partial" and cat != "name":
                    c["partial"] += 1
                    fails[("partial", cat)].append((g["form"],
                        f"[{g['form']}, {g['locale']}] {g['text']!r} "
                        f"covered by {', '.join(hits) or '-'}"
                        f"\n      in:  {squash(sent_in)}"
                        f"\n      out: {squash(sent_out)}"))
                if not leaked and hits:
                    cats = {h.split("/")[0] for h in hits}
                    if cat not in cats:
                        c["other_cat"] += 1
                        by_hit[("as", cat)][",".join(sorted(cats))] += 1
                if peer is not None:
                    pr = peer.get(rid)
                    ps = field(pr, path) if pr else None
                    peer_pii[cat]["n"] += 1
                    if ps is None:
                        continue
                    if cat == "name":
                        fp = fold(TOKEN_RE.sub(" ", ps))
                        pl = any(word_in(w, fp) for w in name_words(
                            inp[rid]["respondent"].get("name", "")))
                    else:
                        pl = g["text"] in ps
                    peer_pii[cat]["leak"] += pl
            else:
                c = dec[cat]
                c["n"] += 1
                if fl.tok is None:
                    c["missing"] += 1
                    continue
                if g["text"] in fl.tok:
                    c["ok"] += 1
                else:
                    hits = fl.overlapping(g["start"], g["end"])
                    how = sorted({f"{s[2]} ({s[3]})" for s in hits}) or \
                        ["unknown"]
                    for h in how:
                        by_hit[("decoy", cat)][h] += 1
                    fails[("decoy", cat)].append((", ".join(how),
                        f"{g['text']!r} destroyed by {', '.join(how)}"
                        f"\n      in:  {squash(sent_in)}"
                        f"\n      out: {squash(sent_out)}"))
                if peer is not None:
                    pr = peer.get(rid)
                    ps = field(pr, path) if pr else None
                    peer_dec["n"] += 1
                    peer_dec["ok"] += ps is not None and g["text"] in ps

    # Redactions that touch no planted item or decoy: ordinary words.
    collateral = collections.Counter()
    coll_ex = collections.defaultdict(list)
    for (rid, path), fl in fields.items():
        ms = marks[(rid, path)]
        for s, e, cat, det in fl.spans:
            if any(s < b and e > a for a, b in ms):
                continue
            collateral[f"{cat} ({det})"] += 1
            ex = coll_ex[f"{cat} ({det})"]
            if len(ex) < EXAMPLES:
                ex.append(f"{fl.inp[s:e]!r} in: {squash(fl.inp[max(0, s - 60):e + 60])}")

    # ---- report ----
    w = sys.stdout.write
    w("\ngd-redact quality: %d records, %d planted items, %d decoys\n" % (
        len(inp), sum(c["n"] for c in pii.values()),
        sum(c["n"] for c in dec.values())))
    w("  (leaked: the item's exact text is still in its field; for names, "
      "any word of the\n   respondent's name, without case and accents. "
      "partly: not leaked, but some of it\n   left unredacted. other: "
      "redacted, but as another category)\n\n")
    hdr = f"  {'category':<15} {'planted':>8} {'leaked':>7} {'leak':>8} " \
          f"{'target':>9} {'partly':>7} {'other':>6}"
    if peer is not None:
        hdr += f" {'re peer':>8}"
    w(hdr + "  verdict\n")
    for cat in PII_ORDER:
        c = pii.get(cat)
        if not c:
            continue
        lr = pct(c["leak"], c["n"])
        t = LEAK_TARGET[cat]
        ok = c["leak"] == 0 if t == 0 else c["leak"] <= t * c["n"]
        line = f"  {cat + (' (own)' if cat == 'name' else ''):<15} " \
               f"{c['n']:>8} {c['leak']:>7} {fmt_pct(lr):>8} " \
               f"{('= 0' if t == 0 else '<= ' + fmt_pct(100 * t)):>9} " \
               f"{c['partial']:>7} {c['other_cat']:>6}"
        if peer is not None:
            line += f" {fmt_pct(pct(peer_pii[cat]['leak'], peer_pii[cat]['n'])):>8}"
        w(line + f"  {'PASS' if ok else 'MISS'}\n")

    w(f"\n  {'decoy type':<17} {'planted':>8} {'destroyed':>9} "
      f"{'survival':>9} {'target':>9}  verdict\n")
    tot_n = tot_ok = 0
    for cat in sorted(dec):
        c = dec[cat]
        tot_n += c["n"]
        tot_ok += c["ok"]
        sr = pct(c["ok"], c["n"])
        ok = c["ok"] >= DECOY_TARGET * c["n"]
        w(f"  {cat:<17} {c['n']:>8} {c['n'] - c['ok']:>9} {sr:>8.2f}% "
          f"{'>= 99.5%':>9}  {'PASS' if ok else 'MISS'}\n")
    ok = tot_ok >= DECOY_TARGET * tot_n
    line = f"  {'all decoys':<17} {tot_n:>8} {tot_n - tot_ok:>9} " \
           f"{pct(tot_ok, tot_n):>8.2f}% {'>= 99.5%':>9}  " \
           f"{'PASS' if ok else 'MISS'}"
    if peer is not None:
        line += f"   (re peer {pct(peer_dec['ok'], peer_dec['n']):.2f}%)"
    w(line + "\n")

    w("\n  checks:\n")
    for name, text, good in checks:
        w(f"    {name:<14} {text:<60} {'OK' if good else 'MISMATCH'}\n")

    # The verdicts, for bench/redact.sh's list of targets.
    summ = []
    for cat in PII_ORDER:
        c = pii.get(cat)
        if not c:
            continue
        t = LEAK_TARGET[cat]
        ok = c["leak"] == 0 if t == 0 else c["leak"] <= t * c["n"]
        summ.append((f"leak {cat}", f"{c['leak']} of {c['n']} items left "
                     f"({fmt_pct(pct(c['leak'], c['n']))})",
                     "= 0" if t == 0 else "<= " + fmt_pct(100 * t), ok))
    summ.append(("decoys", f"{tot_ok} of {tot_n} survive "
                 f"({pct(tot_ok, tot_n):.2f}%)", ">= 99.5%",
                 tot_ok >= DECOY_TARGET * tot_n))
    low = [k for k in sorted(dec) if dec[k]["ok"] < DECOY_TARGET * dec[k]["n"]]
    summ.append(("decoy types", f"{len(dec) - len(low)} of {len(dec)} types "
                 "at 99.5% or more", "all", not low))
    if low:
        summ.append(("-", "below: " + ", ".join(low), "-", None))
    with open(os.path.join(d, "redact-summary.tsv"), "w") as f:
        for what, text, target, ok in summ:
            f.write(f"{what}\t{text}\t{target}\t"
                    f"{'-' if ok is None else 'PASS' if ok else 'MISS'}\n")

    # The most common failures, for tuning the detectors.
    w("\n  most common failures (all examples in %s):\n" % failp)
    for cat in PII_ORDER:
        forms = [(k[1], v) for k, v in by_form.items()
                 if k[0] == cat and v["leak"]]
        if not forms:
            continue
        forms.sort(key=lambda x: -x[1]["leak"])
        w(f"    {cat} leaks by form: " + ", ".join(
            f"{fm} {v['leak']}/{v['n']}" for fm, v in forms[:6]) + "\n")
        cx = [(k[1], v) for k, v in by_ctx.items() if k[0] == cat]
        if len(cx) == 2:
            w(f"    {cat} leaks with / without a context word: " + ", ".join(
                f"{fmt_pct(pct(v['leak'], v['n']))} of {v['n']}"
                for _, v in sorted(cx, key=lambda x: not x[0])) + "\n")
    for cat in PII_ORDER:
        if pii.get(cat, {}).get("partial"):
            fm = collections.Counter(x[0] for x in fails[("partial", cat)])
            w(f"    {cat} partly redacted: " + ", ".join(
                f"{k} {v}" for k, v in fm.most_common(5)) + "\n")
    for k, v in sorted(by_hit.items()):
        if k[0] == "as":
            w(f"    {k[1]} redacted as another category: " + ", ".join(
                f"{h} {n}" for h, n in v.most_common(4)) + "\n")
    for k, v in sorted(by_hit.items()):
        if k[0] == "decoy":
            w(f"    decoy {k[1]} destroyed by: " + ", ".join(
                f"{h} {n}" for h, n in v.most_common(4)) + "\n")
    if collateral:
        w("    redactions outside any planted item or decoy: " + ", ".join(
            f"{k} {v}" for k, v in collateral.most_common(6)) + "\n")

    # ---- examples file ----
    def diverse(lst):
        """Up to EXAMPLES examples, taking the commonest forms in turn."""
        groups = collections.OrderedDict()
        for form, text in lst:
            groups.setdefault(form, []).append(text)
        order = sorted(groups, key=lambda k: -len(groups[k]))
        out, i = [], 0
        while len(out) < EXAMPLES and any(i < len(groups[k]) for k in order):
            for k in order:
                if i < len(groups[k]) and len(out) < EXAMPLES:
                    out.append(groups[k][i])
            i += 1
        return out

    with open(failp, "w", encoding="utf-8") as f:
        f.write("gd-redact benchmark: examples of each kind of failure "
                "(bench/redact-eval.py)\n")
        f.write("Each: the planted text, the sentence as written, and the "
                "sentence as gd-redact\nleft it (redacted spans shown as "
                "tokens).\n")
        titles = {"leak": "leaked", "partial": "partly redacted",
                  "decoy": "destroyed decoy"}
        for kind in ("leak", "partial", "decoy"):
            cats = PII_ORDER if kind != "decoy" else sorted(dec)
            for cat in cats:
                lst = fails.get((kind, cat))
                if not lst:
                    continue
                fm = collections.Counter(x[0] for x in lst)
                f.write(f"\n== {titles[kind]}: {cat} ({len(lst)}; by "
                        f"{'cause' if kind == 'decoy' else 'form'}: "
                        + ", ".join(f"{k} {v}" for k, v in fm.most_common(8))
                        + ")\n")
                for t in diverse(lst):
                    f.write(f"  - {t}\n")
        if collateral:
            f.write("\n== redactions outside any planted item or decoy "
                    "(ordinary words of the text)\n")
            for k, v in collateral.most_common():
                f.write(f"  {k}: {v}\n")
                for t in coll_ex[k]:
                    f.write(f"  - {t}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
