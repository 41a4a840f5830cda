#!/usr/bin/env python3
#
# gen-country-table.py - writes lib/country_table.h, the ISO 3166-1 table
# of lib/country.c, from Debian's iso-codes.  Run it by hand when iso-codes
# changes and commit the result; builds do not need iso-codes:
#
#   python3 tools/gen-country-table.py > lib/country_table.h
#   python3 tools/gen-country-table.py FILE.json VERSION > lib/country_table.h
#
# The keys are normalised as gd_lfold_next() in lib/textnorm.c does it
# (labels, country names and header names share it): each character
# folded as gd_fold_char() folds it with utf8proc (case folded,
# compatibility decomposition, marks dropped, default-ignorable characters
# dropped, and the letters with a stroke textnorm.c names written without
# it), the letters and digits of the result kept, every run of anything
# else one space between words and none at either end; then a leading
# "the " is dropped.  test_country.c looks every key up through the C
# code, so a key this script folds otherwise than the library is caught
# there.  Hand-made aliases ("UK", "Holland") live in lib/country.c, not
# here.

import json
import subprocess
import sys
import unicodedata

JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
KEY_MAX = 63		# country.c's key buffer holds KEY_MAX bytes and a NUL

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt):
# utf8proc's UTF8PROC_IGNORE drops these.
IGNORABLE = [(0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C),
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F),
    (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]

# What textnorm.c writes for letters that have no decomposition.
STROKES = {"\u0142": "l", "\u00f8": "o", "\u0111": "d", "\u0127": "h",
    "\u0131": "i", "\u00f0": "d", "\u0167": "t", "\u00e6": "ae",
    "\u0153": "oe", "\u00fe": "th"}


def ignorable(ch):
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in IGNORABLE)


def fold_char(ch):
    """One character folded: case folded and decomposed until neither
    changes it, marks dropped."""
    if ignorable(ch):
        return ""
    s = ch
    while True:
        t = unicodedata.normalize("NFKD", s.casefold())
        if t == s:
            break
        s = t
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    return STROKES.get(s, s)


def word_char(c):
    """A letter, digit, mark, or what is unassigned or private."""
    if ord(c) < 0x80:
        return c.isalnum()
    return unicodedata.category(c)[0] not in "ZPS" and \
        unicodedata.category(c) not in ("Cc", "Cf")


def normalise(s):
    out = bytearray()
    sep = False
    for ch in s:
        for c in fold_char(ch):
            if not word_char(c):
                sep = True
                continue
            if sep and out:
                out += b" "
            sep = False
            out += c.encode("utf-8")
    if out.startswith(b"the "):
        del out[:4]
    return bytes(out)


def cstring(b):
    out = '"'
    for c in b:
        if c in (0x22, 0x5C):
            out += "\\" + chr(c)
        elif 0x20 <= c < 0x7F:
            out += chr(c)
        else:
            out += "\\%03o" % c
    return out + '"'


def isocodes_version():
    try:
        r = subprocess.run(["pkg-config", "--modversion", "iso-codes"],
            capture_output=True, text=True, check=True)
        return r.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        sys.exit("gen-country-table.py: cannot tell the iso-codes "
            "version: give it as the second argument")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else JSON
    version = sys.argv[2] if len(sys.argv) > 2 else isocodes_version()
    with open(path, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]

    a2 = sorted(c["alpha_2"] for c in countries)
    if len(a2) != len(set(a2)) or len(a2) >= 255:
        sys.exit("gen-country-table.py: bad alpha-2 list")
    idx = {code: i for i, code in enumerate(a2)}

    keys = {}
    for c in countries:
        code = c["alpha_2"]
        if len(code) != 2 or len(c["alpha_3"]) != 3 or \
            not (code + c["alpha_3"]).isalpha() or \
            not (code + c["alpha_3"]).isupper():
            sys.exit("gen-country-table.py: bad codes for " + code)
        for field in ("alpha_3", "name", "common_name", "official_name"):
            if field not in c:
                continue
            k = normalise(c[field])
            if not k or len(k) > KEY_MAX:
                sys.exit("gen-country-table.py: bad key %r" % k)
            if keys.get(k, code) != code:
                sys.exit("gen-country-table.py: %r is both %s and %s" %
                    (k, keys[k], code))
            keys[k] = code
    if any(len(k) == 2 for k in keys):
        sys.exit("gen-country-table.py: a name looks like an alpha-2 code")

    by_a2 = [0] * (26 * 26)
    for code, i in idx.items():
        by_a2[(ord(code[0]) - 65) * 26 + ord(code[1]) - 65] = i + 1

    w = sys.stdout.write
    w("/*\n")
    w(" * country_table.h - the ISO 3166-1 countries of country.c.\n")
    w(" * generated by tools/gen-country-table.py from iso-codes %s; "
        "do not edit\n" % version)
    w(" */\n")
    w("#ifndef GD_COUNTRY_TABLE_H\n#define GD_COUNTRY_TABLE_H\n\n")
    w("#define COUNTRY_N\t%d\n" % len(a2))
    w("#define COUNTRY_KEY_MAX\t%d\t/* longest key in country_keys[] */\n\n"
        % max(len(k) for k in keys))

    w("/* The alpha-2 codes, sorted: gd_country_alpha2() returns these. */\n")
    w("static const char country_a2[COUNTRY_N][3] = {\n")
    for i in range(0, len(a2), 10):
        w("\t" + ", ".join('"%s"' % c for c in a2[i:i + 10]) + ",\n")
    w("};\n\n")

    w("/*\n * 1 + the index in country_a2[] of the code whose letters are\n"
        " * (first - 'A') * 26 + (second - 'A'); 0 for no country.\n */\n")
    w("static const unsigned char country_by_a2[26 * 26] = {\n")
    for i in range(0, 26 * 26, 26):
        w("\t/* %s */\n" % chr(65 + i // 26))
        row = by_a2[i:i + 26]
        w("\t" + ", ".join("%d" % v for v in row[:13]) + ",\n")
        w("\t" + ", ".join("%d" % v for v in row[13:]) + ",\n")
    w("};\n\n")

    w("/*\n * Lower-case alpha-3 codes and the English short, common and\n"
        " * official names, normalised, sorted bytewise, with the index of\n"
        " * their country in country_a2[].\n */\n")
    w("static const struct country_key {\n\tconst char\t*key;\n"
        "\tunsigned char\t idx;\n} country_keys[] = {\n")
    for k in sorted(keys):
        w("\t{ %s, %d },\t/* %s */\n" % (cstring(k), idx[keys[k]], keys[k]))
    w("};\n\n#endif\n")


main()
