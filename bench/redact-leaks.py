#!/usr/bin/env python3
"""bench/redact-leaks.py - how much of the personal data that ordinary
text hides gd-redact leaves, and how many look-alikes it destroys.

A second labelled corpus, independent of bench/redact-corpus.mjs and made
for the gaps that common text opens: telephone numbers after "Tel no.",
"Tel.-Nr.", "my details:" or "please note", in parentheses or in
two-digit groups, in many national formats; digit groups held together
by no-break, narrow no-break and thin spaces, en dashes or a line break;
e-mail addresses written out ("jane dot doe at gmail dot com"), with
zero-width characters or Cyrillic and Greek look-alike letters in them;
IBANs of every country of the SWIFT IBAN registry; National Insurance
numbers whatever their prefix, with or without the final letter; and a
name given in a plain "Name" column that a mapping did not place, then
written again in the text.  Look-alikes that must survive are planted
too: order, reference and invoice numbers, dates, amounts, article
numbers, years, percentages, counts, invalid IBANs.

Python's standard library only; seeded, so a seed always gives the same
corpus.  Develop on one seed and report on another: the detectors must
not be tuned on the sample that measures them.

Usage: python3 bench/redact-leaks.py [--seed S] [--records N]
           [--gd-redact CMD] [--keep DIR] [--examples N] [--check]

Runs gd-redact --for publication with a policy of {"style": "mask"} (one
* per character, so output and input line up) and scores:

  leak rate   planted items of which any letter or digit is still there
              (a partial leak, such as "jane dot" left of an address, is
              a leak)
  kept rate   decoys whose text is still all there

Prints a table per category and per decoy type with the targets (leaks
at most 0.1% per category, 2% for telephone numbers; decoys kept at
99.5% or more, overall and per type), the leaks by form, and a few
examples of each kind of failure.  With --check, exits 1 when a target
is missed; otherwise 0 once it has measured, 2 when it cannot run.
"""

import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile
import unicodedata

LEAK_TARGET = {"email": 0.001, "phone": 0.02, "iban": 0.001, "nino": 0.001,
               "card": 0.001, "nhs": 0.001, "name": 0.001}
DECOY_TARGET = 0.995

NBSP, NNBSP, THIN, ENDASH = "\u00a0", "\u202f", "\u2009", "\u2013"
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
# Letters that look like ASCII ones: Cyrillic and Greek.
HOMOGLYPHS = {
    "a": ["\u0430", "\u03b1"], "e": ["\u0435"], "o": ["\u043e", "\u03bf"],
    "p": ["\u0440", "\u03c1"], "c": ["\u0441"], "x": ["\u0445"],
    "y": ["\u0443"], "i": ["\u0456", "\u03b9"], "j": ["\u0458"],
    "s": ["\u0455"], "d": ["\u0501"], "h": ["\u04bb"], "k": ["\u03ba"],
    "v": ["\u03bd"], "u": ["\u03c5"],
}

# The SWIFT IBAN registry (ISO 13616), every country: the BBAN's
# structure, n digits, a upper-case letters, c either.
IBAN_REGISTRY = {
    "AD": (24, "4n4n12c"), "AE": (23, "3n16n"), "AL": (28, "8n16c"),
    "AT": (20, "5n11n"), "AZ": (28, "4a20c"), "BA": (20, "3n3n8n2n"),
    "BE": (16, "3n7n2n"), "BG": (22, "4a4n2n8c"), "BH": (22, "4a14c"),
    "BI": (27, "5n5n11n2n"), "BR": (29, "8n5n10n1a1c"), "BY": (28, "4c4n16c"),
    "CH": (21, "5n12c"), "CR": (22, "4n14n"), "CY": (28, "3n5n16c"),
    "CZ": (24, "4n6n10n"), "DE": (22, "8n10n"), "DJ": (27, "5n5n11n2n"),
    "DK": (18, "4n9n1n"), "DO": (28, "4c20n"), "EE": (20, "2n2n11n1n"),
    "EG": (29, "4n4n17n"), "ES": (24, "4n4n1n1n10n"), "FI": (18, "3n11n"),
    "FK": (18, "2a12n"), "FO": (18, "4n9n1n"), "FR": (27, "5n5n11c2n"),
    "GB": (22, "4a6n8n"), "GE": (22, "2a16n"), "GI": (23, "4a15c"),
    "GL": (18, "4n9n1n"), "GR": (27, "3n4n16c"), "GT": (28, "4c20c"),
    "HN": (28, "4a20n"), "HR": (21, "7n10n"), "HU": (28, "3n4n1n15n1n"),
    "IE": (22, "4a6n8n"), "IL": (23, "3n3n13n"), "IQ": (23, "4a3n12n"),
    "IS": (26, "4n2n6n10n"), "IT": (27, "1a5n5n12c"), "JO": (30, "4a4n18c"),
    "KW": (30, "4a22c"), "KZ": (20, "3n13c"), "LB": (28, "4n20c"),
    "LC": (32, "4a24c"), "LI": (21, "5n12c"), "LT": (20, "5n11n"),
    "LU": (20, "3n13c"), "LV": (21, "4a13c"), "LY": (25, "3n3n15n"),
    "MC": (27, "5n5n11c2n"), "MD": (24, "2c18c"), "ME": (22, "3n13n2n"),
    "MK": (19, "3n10c2n"), "MN": (20, "4n12n"), "MR": (27, "5n5n11n2n"),
    "MT": (31, "4a5n18c"), "MU": (30, "4a2n2n12n3n3a"), "NI": (28, "4a20n"),
    "NL": (18, "4a10n"), "NO": (15, "4n6n1n"), "OM": (23, "3n16c"),
    "PK": (24, "4a16c"), "PL": (28, "8n16n"), "PS": (29, "4a21c"),
    "PT": (25, "4n4n11n2n"), "QA": (29, "4a21c"), "RO": (24, "4a16c"),
    "RS": (22, "3n13n2n"), "RU": (33, "9n5n15c"), "SA": (24, "2n18c"),
    "SC": (31, "4a2n2n16n3a"), "SD": (18, "2n12n"), "SE": (24, "3n16n1n"),
    "SI": (19, "5n8n2n"), "SK": (24, "4n6n10n"), "SM": (27, "1a5n5n12c"),
    "SO": (23, "4n3n12n"), "ST": (25, "4n4n11n2n"), "SV": (28, "4a20n"),
    "TL": (23, "3n14n2n"), "TN": (24, "2n3n13n2n"), "TR": (26, "5n1n16c"),
    "UA": (29, "6n19c"), "VA": (22, "3n15n"), "VG": (24, "4a16n"),
    "XK": (20, "4n10n2n"), "YE": (30, "4a4n18c"),
}

FIRST = ["James", "Olivia", "Zoë", "Jürgen", "Amélie", "Søren", "Łucja",
         "Pieter", "Giulia", "Iñaki", "María", "Siobhán", "Chloé", "Mateusz",
         "Björn", "Noémie", "Dagmar", "Aoife", "Luca", "Fatima", "Kwame",
         "Priya", "Tomasz", "Hélène", "Anneke", "Sebastián", "Ines",
         "Grzegorz", "Ruairí", "Margarethe", "Yusuf", "Elif", "Oskar",
         "Camille", "Niamh", "Raúl", "Brigitte", "Sander", "Chiara", "Wojciech"]
LAST = ["Fischer", "Whitlock", "Dubois", "van der Berg", "Kowalski",
        "García Márquez", "O'Sullivan", "Rossi", "Nørgaard", "Schäfer",
        "Lefèvre", "Nowak", "Janssens", "Esposito", "MacLeod", "Ferreira",
        "Wiśniewska", "De Smet", "Okonkwo", "Pérez", "Haugland", "Brennan",
        "Moreau", "Bianchi", "Zieliński", "Vermeulen", "Kaya", "Lindqvist",
        "Gallagher", "Ó Briain", "Castellano", "Mertens", "Achterberg",
        "Sørensen", "Dąbrowski", "Fontaine", "Abernethy", "Pellegrino"]
PARTICLES = {"de", "da", "di", "do", "du", "del", "della", "dei", "der",
             "den", "des", "van", "von", "vom", "zu", "la", "le", "el", "al",
             "lo", "dos", "das", "ter", "ten", "op", "bin", "ibn", "bint",
             "ben", "y", "e", "of", "st", "mc", "mac", "jr", "sr", "ii",
             "iii", "mr", "mrs", "ms", "dr", "prof", "and"}
DOMAINS = ["gmail.com", "yahoo.co.uk", "outlook.com", "web.de", "orange.fr",
           "example.org", "hotmail.fr", "gmx.de", "libero.it", "wp.pl",
           "telefonica.net", "kpnmail.nl", "btinternet.com", "icloud.com",
           "proton.me", "posteo.de", "council.gov.uk", "uni-example.ac.uk",
           "free.fr", "mail.example.co.uk"]

FILLER = [
    "I support the aims of this proposal but not the way it is funded.",
    "The consultation period was far too short for residents.",
    "Nobody in our street was told about the changes.",
    "Public transport in the area is already overstretched.",
    "Please consider the impact on small businesses.",
    "The online form kept timing out, which was frustrating.",
    "I strongly disagree with the plan to close the library.",
    "More trees and cycle lanes would help everyone.",
    "Older people will struggle with the new online system.",
    "The council should publish the full costs before deciding.",
    "Noise from the site has been a problem for a long time.",
    "This will make housing even less affordable.",
    "Look at the traffic on the main road in the morning.",
    "Ich lehne den Vorschlag in dieser Form ab.",
    "Die Frist für die Beteiligung war viel zu kurz.",
    "La durée de la consultation était beaucoup trop courte.",
    "Les transports en commun sont déjà saturés.",
    "De termijn voor reacties was veel te kort.",
    "Il periodo di consultazione era troppo breve.",
    "El plazo de la consulta fue demasiado corto.",
    "Okres konsultacji był zdecydowanie za krótki.",
    "Η διαβούλευση ήταν πολύ σύντομη για τους κατοίκους.",
    "Срокът за консултация беше твърде кратък.",
]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, a):
        return a[self.r.randrange(len(a))]

    def chance(self, p):
        return self.r.random() < p

    def weighted(self, pairs):
        total = sum(w for w, _ in pairs)
        x = self.r.uniform(0, total)
        for w, v in pairs:
            x -= w
            if x <= 0:
                return v
        return pairs[-1][1]

    def digits(self, n, first="0123456789"):
        if n == 0:
            return ""
        return self.pick(first) + "".join(
            self.pick("0123456789") for _ in range(n - 1))

    def d(self, n):
        return self.digits(n)

    # ---- telephone numbers ----------------------------------------------

    def phone_number(self):
        """(text, form): a number as people in one country write it."""
        c = self.weighted([(8, "GB"), (7, "FR"), (7, "DE"), (5, "NL"),
                           (6, "ES"), (6, "IT"), (5, "PL"), (7, "US"),
                           (3, "BE"), (3, "DK"), (2, "NO"), (3, "SE"),
                           (3, "CH"), (3, "IE"), (3, "PT"), (2, "AT"),
                           (2, "GR"), (2, "FI")])
        d, pick = self.d, self.pick
        nz = lambda n: self.digits(n, "123456789")
        f = {
            "GB": lambda: pick([
                f"020 7{d(3)} {d(4)}", f"07{d(3)} {d(6)}", f"01{d(3)} {d(6)}",
                f"0113 {d(3)} {d(4)}", f"+44 20 7{d(3)} {d(4)}",
                f"+44 (0)20 7{d(3)} {d(4)}", f"+44 7{d(3)} {d(6)}",
                f"07{d(9)}", f"(01{d(3)}) {d(6)}"]),
            "FR": lambda: (lambda a: pick([
                f"0{a} {d(2)} {d(2)} {d(2)} {d(2)}",
                f"0{a}.{d(2)}.{d(2)}.{d(2)}.{d(2)}",
                f"0{a}-{d(2)}-{d(2)}-{d(2)}-{d(2)}", f"0{a}{d(8)}",
                f"+33 {a} {d(2)} {d(2)} {d(2)} {d(2)}",
                f"+33 (0){a} {d(2)} {d(2)} {d(2)} {d(2)}",
                f"{a} {d(2)} {d(2)} {d(2)} {d(2)}"]))(pick("1234567")),
            "DE": lambda: pick([
                f"030 {nz(8)}", f"089 {nz(7)}", f"0151 {nz(8)}",
                f"0171-{nz(7)}", f"030/{nz(7)}", f"(030) {nz(7)}",
                f"+49 30 {nz(8)}", f"+49 (0)171 {nz(7)}", f"0221 {nz(6)}",
                f"0{nz(3)} {nz(6)}"]),
            "NL": lambda: pick([
                f"06-{nz(8)}", f"06 {nz(8)}", f"020 {nz(3)} {d(4)}",
                f"+31 6 {nz(8)}", f"+31 (0)20 {nz(3)} {d(4)}",
                f"06 {nz(2)} {d(2)} {d(2)} {d(2)}", f"010-{nz(7)}"]),
            "ES": lambda: pick([
                f"6{d(2)} {d(3)} {d(3)}", f"6{d(8)}", f"7{d(8)}",
                f"91 {d(3)} {d(2)} {d(2)}", f"+34 6{d(2)} {d(3)} {d(3)}",
                f"+34 91 {d(3)} {d(2)} {d(2)}", f"6{d(2)} {d(2)} {d(2)} {d(2)}",
                f"9{d(8)}"]),
            "IT": lambda: pick([
                f"3{d(2)} {d(3)} {d(4)}", f"3{d(9)}", f"06 {d(4)} {d(4)}",
                f"+39 3{d(2)} {d(3)} {d(4)}", f"+39 06 {d(4)} {d(4)}",
                f"3{d(2)}/{d(7)}", f"02 {d(8)}"]),
            "PL": lambda: pick([
                f"5{d(2)} {d(3)} {d(3)}", f"+48 5{d(2)} {d(3)} {d(3)}",
                f"22 {d(3)} {d(2)} {d(2)}", f"5{d(2)}-{d(3)}-{d(3)}",
                f"5{d(8)}", f"6{d(2)} {d(3)} {d(3)}", f"(22) {d(3)} {d(2)} {d(2)}"]),
            "US": lambda: (lambda a, b: pick([
                f"({a}) {b}-{d(4)}", f"{a}-{b}-{d(4)}", f"{a}.{b}.{d(4)}",
                f"+1 {a} {b} {d(4)}", f"1-{a}-{b}-{d(4)}", f"{a}{b}{d(4)}",
                f"{a} {b} {d(4)}"]))(nz(1) + d(2), nz(1) + d(2)),
            "BE": lambda: pick([
                f"04{d(2)} {d(2)} {d(2)} {d(2)}", f"02 {d(3)} {d(2)} {d(2)}",
                f"+32 4{d(2)} {d(2)} {d(2)} {d(2)}", f"04{d(2)}/{d(2)}.{d(2)}.{d(2)}"]),
            "DK": lambda: (lambda n: pick([
                f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}", f"+45 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
                n, f"{n[:4]} {n[4:]}"]))(self.digits(8, "2345678")),
            "NO": lambda: (lambda n: pick([
                f"{n[:3]} {n[3:5]} {n[5:]}", f"+47 {n[:3]} {n[3:5]} {n[5:]}", n,
                f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}"]))(self.digits(8, "49")),
            "SE": lambda: pick([
                f"070-{d(3)} {d(2)} {d(2)}", f"08-{d(3)} {d(3)} {d(2)}",
                f"+46 70 {d(3)} {d(2)} {d(2)}", f"070 {d(3)} {d(2)} {d(2)}"]),
            "CH": lambda: pick([
                f"079 {d(3)} {d(2)} {d(2)}", f"+41 79 {d(3)} {d(2)} {d(2)}",
                f"044 {d(3)} {d(2)} {d(2)}", f"0{pick('7')}{pick('6789')}{d(7)}"]),
            "IE": lambda: pick([
                f"087 {d(3)} {d(4)}", f"+353 87 {d(3)} {d(4)}",
                f"01 {d(3)} {d(4)}", f"08{d(8)}"]),
            "PT": lambda: pick([
                f"9{d(2)} {d(3)} {d(3)}", f"+351 9{d(2)} {d(3)} {d(3)}",
                f"9{d(8)}", f"21 {d(3)} {d(4)}"]),
            "AT": lambda: pick([
                f"0664 {d(7)}", f"+43 664 {d(7)}", f"01 {nz(7)}",
                f"0664/{d(7)}"]),
            "GR": lambda: pick([
                f"69{d(1)} {d(3)} {d(4)}", f"+30 69{d(1)} {d(3)} {d(4)}",
                f"21 {d(4)} {d(4)}", f"69{d(8)}"]),
            "FI": lambda: pick([
                f"040 {d(3)} {d(4)}", f"+358 40 {d(3)} {d(4)}",
                f"050 {d(7)}", f"09 {d(3)} {d(4)}"]),
        }[c]()
        return f, c

    def separate(self, text):
        """Ordinary separators, or the ones that defeat patterns: no-break,
        narrow no-break and thin spaces, en dashes, a line break."""
        gaps = [i for i, ch in enumerate(text)
                if ch in " -" and 0 < i < len(text) - 1 and
                text[i - 1].isdigit() and text[i + 1].isdigit()]
        if not gaps or not self.chance(0.3):
            return text, "plain"
        kind = self.pick(["nbsp", "nnbsp", "thin", "endash", "linebreak"])
        chars = list(text)
        if kind == "linebreak":
            chars[self.pick(gaps)] = "\n"
        else:
            rep = {"nbsp": NBSP, "nnbsp": NNBSP, "thin": THIN,
                   "endash": ENDASH}[kind]
            for i in gaps:
                chars[i] = rep
        return "".join(chars), kind

    PHONE_STRONG = [
        "Please call me on {}.", "My phone number is {}.", "Tel: {}",
        "Tel no. {}", "Tel.-Nr. {}", "tel.nr. {}", "Mobile nr {}",
        "phone no. {}", "My number is {}.", "Tel. no. {} (evenings).",
        "Tel nr: {}", "Tel-Nr.: {}", "Phone nr. {}", "Mobile no. {}",
        "Mobile number: {}", "Telnr. {}", "my number: {}",
        "You can text me on {}.", "WhatsApp {}", "Fax: {}", "ring me on {}.",
        "Telefon: {}", "Handy: {}", "Mi teléfono es el {}.", "Móvil: {}",
        "Appelez-moi au {}.", "Bel mij op {}.", "Cellulare: {}",
        "Mój numer telefonu: {}.", "Telefonnummer {}", "Tel. {}",
        "Mob: {}", "Mobile: {} after six.", "My mobile is {} if needed.",
    ]
    PHONE_WEAK = [
        "My details: {}.", "My details: {}, any day.", "Please note {}.",
        "Please note: {}", "Please note my new number {}.",
        "You can reach me ({}) in the evenings.", "Jane at the office ({})",
        "I can be reached on {}.", "Available on {} until Friday.",
        "Details: {}", "Contact details: {}", "({})",
        "Reachable at {} most days.", "Please note, {} is best.",
    ]
    PHONE_NONE = [
        "{} during office hours.", "Evenings are best: {}.",
        "Or {} at the weekend.", "Ask for me on {} or in person.",
    ]

    def phone(self):
        num, country = self.phone_number()
        num, sep = self.separate(num)
        kind = self.weighted([(50, "strong"), (35, "weak"), (15, "none")])
        tpl = self.pick({"strong": self.PHONE_STRONG, "weak": self.PHONE_WEAK,
                         "none": self.PHONE_NONE}[kind])
        return tpl, num, f"{country}/{kind}/{sep}"

    # ---- e-mail addresses ---------------------------------------------------

    def ascii_name(self, s):
        return "".join(c for c in asciify(s) if c.isascii() and c.isalnum())

    def local_part(self, first, last):
        f, la = self.ascii_name(first).lower(), self.ascii_name(last).lower()
        return self.pick([f"{f}.{la}", f"{f}{la}", f"{f[0]}.{la}",
                          f"{f}_{la}", f"{f}.{la}+news", f"{f}{self.d(2)}",
                          f"{la}.{f}", f"{f}-{la}"])

    def email(self, first, last):
        local = self.local_part(first, last)
        dom = self.pick(DOMAINS)
        form = self.weighted([
            (20, "plain"), (3, "upper"), (15, "dot-at-words"),
            (5, "dots-at-words"), (8, "(at)(dot)"), (6, "[at][dot]"),
            (4, "AT-DOT"), (15, "zero-width"), (15, "homoglyph"),
            (3, "zero-width+homoglyph"), (4, "accented")])
        words = lambda s, w: s.replace(".", w)
        if form == "plain":
            t = f"{local}@{dom}"
        elif form == "upper":
            t = f"{local}@{dom}".upper()
        elif form == "dot-at-words":
            t = f"{words(local, ' dot ')} at {words(dom, ' dot ')}"
        elif form == "dots-at-words":
            t = f"{local} at {words(dom, ' dot ')}"
        elif form == "(at)(dot)":
            t = f"{words(local, ' (dot) ')} (at) {words(dom, ' (dot) ')}"
        elif form == "[at][dot]":
            t = f"{local}[at]{words(dom, '[dot]')}"
        elif form == "AT-DOT":
            t = f"{words(local, ' DOT ')} AT {words(dom, ' DOT ')}".upper()
        elif form == "accented":
            f = first.lower().replace(" ", "")
            la = last.lower().replace(" ", "").replace("'", "")
            t = f"{f}.{la}@{dom}"
        else:
            loc = list(local)
            if "homoglyph" in form:
                idx = [i for i, c in enumerate(loc) if c in HOMOGLYPHS]
                for i in self.r.sample(idx, min(len(idx), self.pick([1, 1, 2]))):
                    loc[i] = self.pick(HOMOGLYPHS[loc[i]])
            if "zero-width" in form:
                for _ in range(self.pick([1, 1, 2])):
                    loc.insert(self.r.randrange(1, len(loc) + 1),
                               self.pick(ZERO_WIDTH))
            t = "".join(loc) + "@" + dom
        tpl = self.pick(["My email is {}.", "Write to me at {}.",
                         "{} is the address I use.", "E-mail: {}",
                         "Contact me: {}", "Mail mij op {}.",
                         "Escríbanme a {}.", "Replies to {} please."])
        return tpl, t, form

    # ---- IBANs ----------------------------------------------------------------

    def iban(self, valid=True):
        cc = self.pick(sorted(IBAN_REGISTRY))
        length, spec = IBAN_REGISTRY[cc]
        bban, num = "", ""
        for ch in spec:
            if ch.isdigit():
                num += ch
                continue
            n, num = int(num), ""
            for _ in range(n):
                if ch == "n" or (ch == "c" and not self.chance(0.15)):
                    bban += self.pick("0123456789")
                else:
                    bban += self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        assert 4 + len(bban) == length, cc
        conv = "".join(str(int(c, 36)) for c in bban + cc + "00")
        check = 98 - int(conv) % 97
        if not valid:
            # Any other pair of check digits (x and x + 97 pass alike).
            check = self.pick([c for c in range(100)
                               if c % 97 != check % 97])
        s = f"{cc}{check:02d}{bban}"
        form = self.weighted([(45, "compact"), (45, "spaced"), (10, "odd-space")])
        if form != "compact":
            groups = [s[i:i + 4] for i in range(0, len(s), 4)]
            if form == "spaced":
                s = " ".join(groups)
            else:
                sep = self.pick([NBSP, NNBSP, THIN, "\n"])
                if sep == "\n":
                    k = self.r.randrange(1, len(groups))
                    s = " ".join(groups[:k]) + "\n" + " ".join(groups[k:])
                else:
                    s = sep.join(groups)
        return s, f"{cc}/{form}"

    # ---- National Insurance numbers --------------------------------------

    def nino(self):
        ab = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        p = self.pick(ab) + self.pick(ab)
        dd = self.d(6)
        suf = self.pick("ABCD") if self.chance(0.75) else ""
        form = self.weighted([(40, "compact"), (35, "spaced"),
                              (10, "spaced-6"), (8, "lower-compact"),
                              (7, "lower-spaced")])
        if "compact" in form:
            t = p + dd + suf
        elif form == "spaced-6":
            t = f"{p} {dd}" + (f" {suf}" if suf else "")
        else:
            t = f"{p} {dd[:2]} {dd[2:4]} {dd[4:]}" + (f" {suf}" if suf else "")
        if form.startswith("lower"):
            t = t.lower()
        tpl = self.pick(["My National Insurance number is {}.", "NI number: {}",
                         "NINO {}", "Quote {} when you write.",
                         "{} is on my payslip.",
                         "My reference with HMRC is {}."])
        return tpl, t, form + ("" if suf else "/no-suffix")

    # ---- cards and NHS numbers, for the separators -----------------------

    def luhn_complete(self, body):
        s = 0
        for i, ch in enumerate(reversed(body)):
            x = int(ch)
            if i % 2 == 0:
                x *= 2
                if x > 9:
                    x -= 9
            s += x
        return body + str((10 - s % 10) % 10)

    def card(self):
        n = self.luhn_complete(self.pick(["4", "5"]) + self.d(14))
        sep = self.pick([" ", "-", "", NBSP, NNBSP, THIN, ENDASH, "\n"])
        if sep == "\n":
            t = " ".join([n[:4], n[4:8]]) + "\n" + " ".join([n[8:12], n[12:]])
        else:
            t = sep.join(n[i:i + 4] for i in range(0, 16, 4))
        name = {" ": "spaces", "-": "dashes", "": "none", NBSP: "nbsp",
                NNBSP: "nnbsp", THIN: "thin", ENDASH: "endash",
                "\n": "linebreak"}[sep]
        tpl = self.pick(["They charged my card {} twice.", "Card number: {}",
                         "I paid with {} on the website."])
        return tpl, t, name

    def nhs(self):
        while True:
            d9 = self.d(9)
            s = sum(int(d9[i]) * (10 - i) for i in range(9))
            c = 11 - s % 11
            c = 0 if c == 11 else c
            if c != 10 and len(set(d9 + str(c))) > 1:
                break
        n = d9 + str(c)
        sep = self.pick([" ", "-", NBSP, NNBSP, THIN, ENDASH])
        t = f"{n[:3]}{sep}{n[3:6]}{sep}{n[6:]}"
        name = {" ": "spaces", "-": "dashes", NBSP: "nbsp", NNBSP: "nnbsp",
                THIN: "thin", ENDASH: "endash"}[sep]
        tpl = self.pick(["My NHS number is {}.", "NHS no. {}",
                         "The surgery has me as {}."])
        return tpl, t, name

    # ---- decoys ---------------------------------------------------------------

    def group3(self, n, sep):
        s = str(n)
        out = []
        while len(s) > 3:
            out.insert(0, s[-3:])
            s = s[:-3]
        out.insert(0, s)
        return sep.join(out)

    def decoy(self):
        t = self.weighted([(12, "order-ref"), (10, "date"), (10, "amount"),
                           (6, "article"), (6, "year"), (5, "percent"),
                           (5, "count"), (4, "iban-invalid")])
        d, pick = self.d, self.pick
        if t == "order-ref":
            num = pick([d(self.r.randint(8, 12)), f"0{d(9)}",
                        f"{d(3)} {d(3)} {d(3)}", f"{d(2)} {d(2)} {d(2)} {d(2)}",
                        pick("ABCDEFGHJKLMNPRSTWXYZ") + pick("ABCDEHKLMNPRSTWXYZ") + d(6),
                        f"{d(4)}{ENDASH}{d(6)}"])
            tpl = pick(["My order number is {}.", "Order no. {} never arrived.",
                        "Ref: {}", "Our ref. {} applies here.",
                        "Invoice {} is still unpaid.", "See invoice number {}.",
                        "Bestellnummer {}", "Référence de commande {}.",
                        "Customer number {} was closed.", "Order {} was late.",
                        "Please quote reference {} in any reply."])
        elif t == "date":
            y, m, dd = self.r.randint(1995, 2026), self.r.randint(1, 12), self.r.randint(1, 28)
            months = ["January", "February", "March", "April", "May", "June",
                      "July", "August", "September", "October", "November",
                      "December"]
            num = pick([f"{y}-{m:02d}-{dd:02d}", f"{dd:02d}/{m:02d}/{y}",
                        f"{dd:02d}.{m:02d}.{y}", f"{y}{m:02d}{dd:02d}",
                        f"{dd}{ENDASH}{dd + 2} {months[m - 1]} {y}",
                        f"{dd} {months[m - 1]} {y}", f"{months[m - 1]} {dd}, {y}",
                        f"{dd:02d}-{m:02d}-{y}", f"{dd}.{m}.{y}",
                        f"{y}-{m:02d}-{dd:02d} {self.r.randint(8, 18)}:30"])
            tpl = pick(["The notice was dated {}.", "Since {} nothing has changed.",
                        "Please note the deadline of {}.", "My details changed on {}.",
                        "On {} the scheme changed.", "Please note {} is the last day."])
        elif t == "amount":
            big = pick([self.r.randint(1000000, 9999999), self.r.randint(10000000, 999999999),
                        self.r.randint(1000000000, 99999999999)])
            sp = pick([" ", NBSP, NNBSP, THIN])
            num = pick([f"€{self.group3(big, ',')}", f"£{self.group3(big, ',')}",
                        f"{self.group3(big, sp)}{sp}€", f"{self.group3(big, sp)} zł",
                        f"EUR {self.group3(big, '.')},{d(2)}", f"${self.group3(big, ',')}",
                        f"CHF {self.group3(big, chr(39))}", f"{big} euros",
                        f"{self.group3(big, sp)} EUR", f"USD {big}"])
            tpl = pick(["The scheme costs {} a year.", "We paid {} in fees.",
                        "Please note the budget of {}.", "A budget of {} is not enough."])
        elif t == "article":
            num = pick([d(8), d(9), d(10), f"{d(4)} {d(4)}"])
            tpl = pick(["Article no. {} is out of stock.", "Art.-Nr. {}",
                        "Item {} arrived broken.", "SKU {} is missing.",
                        "Product code {} on the box.", "Article {} was recalled.",
                        "Artikelnummer {}", "Part number {} does not fit."])
        elif t == "year":
            a = self.r.randint(1990, 2020)
            b = a + self.r.randint(1, 6)
            num = pick([f"{a}{ENDASH}{b}", f"{a}-{b}", f"{a}/{b}",
                        f"{a} to {b}", f"{a}, {a + 1} and {b}", f"{a} {b}"])
            tpl = pick(["Figures for {} were worse.", "Please note {} was hard.",
                        "The plan covered {} only.", "Between {} little changed."])
        elif t == "percent":
            num = pick([f"{self.r.randint(1, 99)}.{self.r.randint(1, 9)}%",
                        f"{self.r.randint(1, 99)} %", f"{self.r.randint(1, 99)},{self.r.randint(1, 9)} %",
                        f"{self.r.randint(10, 99)}.{d(2)}%"])
            tpl = pick(["Prices rose by {} last year.", "Only {} of residents were asked."])
        elif t == "count":
            n = self.r.randint(1000000, 99999999)
            sp = pick([" ", NBSP, NNBSP, THIN, ","])
            num = self.group3(n, sp)
            tpl = pick(["{} people signed the petition.", "The region has {} inhabitants.",
                        "There were {} visitors last year."])
        else:
            num, _ = self.iban(valid=False)
            tpl = pick(["The example account {} in the guidance is invalid.",
                        "The form rejects an account like {} as it should."])
        return tpl, num, t


FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o",
                            "Ø": "O", "æ": "ae", "Æ": "AE", "đ": "d",
                            "Đ": "D", "œ": "oe", "Œ": "OE"})


def asciify(s):
    """A name as typed without accents: Łucja Søren -> Lucja Soren."""
    s = unicodedata.normalize("NFKD", s.translate(FOLD_EXTRA))
    return "".join(c for c in s if not unicodedata.combining(c))


def name_forms(g, first, last):
    full = f"{first} {last}"
    form = g.weighted([(25, "full"), (20, "first"), (20, "last"),
                       (8, "upper"), (8, "lower"), (10, "possessive"),
                       (9, "ascii")])
    text = {"full": full, "first": first, "last": last, "upper": full.upper(),
            "lower": full.lower(), "possessive": f"{last}'s",
            "ascii": asciify(full)}[form]
    tpl = g.pick(["My name is {}.", "Kind regards, {}", "Signed: {}",
                  "{} has lived here for years.", "I, {}, object to this.",
                  "Mit freundlichen Grüßen, {}", "Cordialement, {}"])
    return tpl, text, form


def make_record(g, n):
    first, last = g.pick(FIRST), g.pick(LAST)
    rid = f"L{n + 1:06d}"
    where = g.weighted([(55, "name-column"), (25, "respondent"), (20, "none")])
    sents = []

    def plant(kind, cat, form, tpl, text):
        # A sentence that ends with its item gets a full stop (a name
        # in a sign-off need not), so that two numbers never run into
        # one: no reader could tell them apart either.
        if tpl.endswith("{}") and cat != "name":
            tpl += "."
        at = tpl.index("{}")
        s = tpl[:at] + text + tpl[at + 2:]
        sents.append((s, (kind, cat, form, text, at, len(text))))

    for _ in range(g.r.randint(2, 5)):
        cat = g.weighted([(30, "phone"), (20, "email"), (16, "iban"),
                          (16, "nino"), (8, "card"), (6, "nhs")])
        if cat == "phone":
            tpl, t, form = g.phone()
        elif cat == "email":
            tpl, t, form = g.email(first, last)
        elif cat == "iban":
            t, form = g.iban()
            tpl = g.pick(["My IBAN is {}.", "Please refund to {}.",
                          "Bank details: {}", "Konto: {}", "IBAN {}"])
        elif cat == "nino":
            tpl, t, form = g.nino()
        elif cat == "card":
            tpl, t, form = g.card()
        else:
            tpl, t, form = g.nhs()
        plant("pii", cat, form, tpl, t)
    if where != "none":
        for _ in range(g.r.randint(1, 2)):
            tpl, t, form = name_forms(g, first, last)
            plant("pii", "name", f"{where}/{form}", tpl, t)
    for _ in range(g.r.randint(1, 4)):
        tpl, t, typ = g.decoy()
        plant("decoy", typ, typ, tpl, t)
    for _ in range(g.r.randint(0, 3)):
        sents.append((g.pick(FILLER), None))
    g.r.shuffle(sents)

    fields = [[], []]
    for i, s in enumerate(sents):
        fields[i % 2 if i < 2 else g.r.randrange(2)].append(s)
    comments, gold = {}, []
    for qi, lst in enumerate(fields):
        if not lst:
            continue
        q = f"q{qi + 1}"
        text = ""
        for si, (s, mark) in enumerate(lst):
            if si > 0:
                text += "\n" if g.chance(0.15) else " "
            if mark:
                kind, cat, form, t, at, ln = mark
                gold.append({"id": rid, "field": q, "kind": kind,
                             "category": cat, "form": form, "text": t,
                             "start": len(text) + at,
                             "end": len(text) + at + ln,
                             "sent": [len(text), len(text) + len(s)]})
            text += s
        comments[q] = text
    rec = {"gd": 1, "kind": "response", "id": rid,
           "consultation": "redact-leaks", "consent": "anonymous",
           "respondent": {"type": "citizen"},
           "answers": {"q0": g.pick(["Agree", "Disagree", "Neutral"])},
           "comments": comments}
    if where == "respondent":
        rec["respondent"]["name"] = f"{first} {last}"
    elif where == "name-column":
        rec["extra"] = {"Name": f"{first} {last}",
                        "Area": g.pick(["North", "South", "East", "West"])}
    return rec, gold


def pct(n, d):
    return 100.0 * n / d if d else 0.0


def fmt(x):
    return "0" if x == 0 else (f"{x:.3f}%" if x < 1 else f"{x:.2f}%")


def show(s):
    return (s.replace("\n", "\\n").replace(NBSP, "<nbsp>")
            .replace(NNBSP, "<nnbsp>").replace(THIN, "<thin>")
            .replace(ENDASH, "<ndash>")
            .replace("\u200b", "<zwsp>").replace("\u200c", "<zwnj>")
            .replace("\u200d", "<zwj>").replace("\u2060", "<wj>")
            .replace("\ufeff", "<bom>"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--records", type=int, default=5000)
    ap.add_argument("--gd-redact", default="bin/gd-redact",
                    help="the command to measure (split on blanks)")
    ap.add_argument("--keep", default=None,
                    help="write the corpus, gold file and output here")
    ap.add_argument("--examples", type=int, default=5,
                    help="failures to show per category (default 5)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a target is missed")
    o = ap.parse_args()

    g = Gen(o.seed)
    recs, gold = [], []
    for i in range(o.records):
        r, gl = make_record(g, i)
        recs.append(r)
        gold.extend(gl)

    tmp = tempfile.TemporaryDirectory(prefix="gd-redact-leaks.")
    d = o.keep or tmp.name
    os.makedirs(d, exist_ok=True)
    corpus = os.path.join(d, "leaks-corpus.ndjson")
    policy = os.path.join(d, "leaks-mask-policy.json")
    outp = os.path.join(d, "leaks-out.ndjson")
    with open(corpus, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(d, "leaks-gold.jsonl"), "w", encoding="utf-8") as f:
        for x in gold:
            f.write(json.dumps(x, ensure_ascii=False) + "\n")
    with open(policy, "w") as f:
        f.write('{"style": "mask"}\n')
    try:
        with open(outp, "wb") as out:
            p = subprocess.run(o.gd_redact.split() + ["-q", "--for", "publication",
                               "--policy", policy, corpus], stdout=out,
                               stderr=subprocess.PIPE)
    except OSError as e:
        print(f"redact-leaks: cannot run {o.gd_redact}: {e}", file=sys.stderr)
        return 2
    if p.returncode != 0:
        print(f"redact-leaks: {o.gd_redact} exited with status "
              f"{p.returncode}: {p.stderr.decode(errors='replace')[-300:]}",
              file=sys.stderr)
    outs = {}
    with open(outp, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind") == "response":
                outs[r["id"]] = r
    ins = {r["id"]: r for r in recs}

    pii = collections.defaultdict(collections.Counter)
    dec = collections.defaultdict(collections.Counter)
    forms = collections.defaultdict(collections.Counter)
    ex = collections.defaultdict(list)
    misaligned = 0
    for x in gold:
        src = ins[x["id"]]["comments"][x["field"]]
        dst = outs.get(x["id"], {}).get("comments", {}).get(x["field"])
        a, b = x["start"], x["end"]
        aligned = dst is not None and len(dst) == len(src)
        if not aligned:
            misaligned += 1
        if x["kind"] == "pii":
            left = (not aligned or
                    any(src[i].isalnum() and dst[i] != "*" for i in range(a, b)))
            if x["category"] == "name" and aligned:
                # A particle alone ("van", "de") is not the name.
                words, i = [], a
                while i < b:
                    if src[i].isalnum():
                        j = i
                        while j < b and src[j].isalnum():
                            j += 1
                        words.append((i, j))
                        i = j
                    else:
                        i += 1
                left = any(any(dst[k] != "*" for k in range(s, e)) and
                           src[s:e].lower() not in PARTICLES and e - s >= 2
                           for s, e in words)
            c = pii[x["category"]]
            c["n"] += 1
            forms[x["category"]][(x["form"], "n")] += 1
            if left:
                c["leak"] += 1
                forms[x["category"]][(x["form"], "leak")] += 1
                ex[("leak", x["category"])].append(x | {"out": dst})
        else:
            kept = aligned and dst[a:b] == src[a:b]
            c = dec[x["category"]]
            c["n"] += 1
            if not kept:
                c["lost"] += 1
                ex[("decoy", x["category"])].append(x | {"out": dst})

    # Redactions that touch no planted item: words or numbers destroyed
    # that were neither personal data nor a decoy (a decoy lost is
    # counted above).
    spans = collections.defaultdict(list)
    for x in gold:
        spans[(x["id"], x["field"])].append((x["start"], x["end"]))
    stray = []
    for rid, r in ins.items():
        for q, src in r["comments"].items():
            dst = outs.get(rid, {}).get("comments", {}).get(q)
            if dst is None or len(dst) != len(src):
                continue
            i = 0
            while i < len(dst):
                if dst[i] != "*" or src[i] == "*":
                    i += 1
                    continue
                j = i
                while j < len(dst) and dst[j] == "*":
                    j += 1
                if not any(a < j and b > i for a, b in spans[(rid, q)]):
                    stray.append((rid, src[i:j]))
                i = j

    missed = []
    print(f"gd-redact leaks: seed {o.seed}, {o.records} records, "
          f"{sum(c['n'] for c in pii.values())} planted items, "
          f"{sum(c['n'] for c in dec.values())} decoys "
          f"(gd-redact exit {p.returncode})")
    print()
    print(f"  {'category':<10} {'planted':>8} {'leaked':>7} {'leak':>8} "
          f"{'target':>9}  verdict")
    for cat in ["email", "phone", "iban", "nino", "card", "nhs", "name"]:
        c = pii[cat]
        rate = c["leak"] / c["n"] if c["n"] else 0
        ok = rate <= LEAK_TARGET[cat]
        if not ok:
            missed.append(cat)
        print(f"  {cat:<10} {c['n']:>8} {c['leak']:>7} {fmt(100 * rate):>8} "
              f"{'<= ' + fmt(100 * LEAK_TARGET[cat]):>9}  "
              f"{'PASS' if ok else 'MISS'}")
    print()
    print(f"  {'decoy':<14} {'planted':>8} {'lost':>6} {'kept':>8} "
          f"{'target':>9}  verdict")
    tn = tl = 0
    for typ in sorted(dec):
        c = dec[typ]
        tn += c["n"]
        tl += c["lost"]
        rate = 1 - c["lost"] / c["n"]
        ok = rate >= DECOY_TARGET
        if not ok:
            missed.append(f"decoy {typ}")
        print(f"  {typ:<14} {c['n']:>8} {c['lost']:>6} {pct(c['n'] - c['lost'], c['n']):>7.2f}% "
              f"{'>= 99.5%':>9}  {'PASS' if ok else 'MISS'}")
    rate = 1 - tl / tn if tn else 1
    ok = rate >= DECOY_TARGET
    if not ok:
        missed.append("decoys")
    print(f"  {'all decoys':<14} {tn:>8} {tl:>6} {100 * rate:>7.2f}% "
          f"{'>= 99.5%':>9}  {'PASS' if ok else 'MISS'}")
    print(f"\n  redactions outside any planted item or decoy: {len(stray)}"
          + (": " + ", ".join(repr(t) for _, t in stray[:8]) if stray else ""))
    if misaligned:
        print(f"\n  {misaligned} items in fields whose output does not line up "
              "with the input (counted as leaked or lost)")
        missed.append("alignment")
    if p.returncode != 0:
        missed.append("exit status")

    worst = []
    for cat, fc in forms.items():
        for (form, k), v in fc.items():
            if k == "leak":
                worst.append((v, cat, form, fc[(form, "n")]))
    if worst:
        print("\n  leaks by form (category form: leaked/planted):")
        for v, cat, form, n in sorted(worst, reverse=True)[:15]:
            print(f"    {cat} {form}: {v}/{n}")
    if o.examples and ex:
        print("\n  examples (sentence in, sentence out):")
        for (what, cat), lst in sorted(ex.items()):
            for x in lst[:o.examples]:
                a, b = x["sent"]
                src = ins[x["id"]]["comments"][x["field"]][a:b]
                dst = (x["out"] or "")[a:b]
                print(f"    {what} {cat} [{x['form']}] {x['id']}: "
                      f"{show(src)}  ->  {show(dst)}")
    if missed:
        print(f"\n  missed: {', '.join(missed)}")
    return 1 if (o.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
