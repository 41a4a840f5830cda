#!/usr/bin/env python3
# sheet-gen.py ROWS OUT.xlsx - a consultation export as an XLSX workbook,
# written directly (zipfile and XML text, deflated as Excel does), for
# bench/sheets.sh: a header row, then ROWS rows of an id, a submission
# date and time (a serial number with a date style), an organisation type
# and a country (shared strings used again and again), a free-text
# comment of one to six lines in several languages (a shared string of
# its own, as every answer is different), and a score.  Deterministic:
# the same ROWS give the same bytes.  Needs only the standard library.
import random
import sys
import zipfile
from xml.sax.saxutils import escape

rows = int(sys.argv[1])
out = sys.argv[2]
rnd = random.Random(16)

TYPES = ["NGO (Non-governmental organisation)", "Company/business",
         "Public authority", "EU citizen", "Academic/research institution",
         "Trade union", "Business association", "Consumer organisation"]
COUNTRIES = ["Belgique", "Deutschland", "España", "Polska", "Ελλάδα",
             "France", "Sverige", "Česko", "Magyarország", "Ireland"]
WORDS = ("the proposal regulation should protect données Verbraucher "
         "przejrzystość δημόσια energía small businesses ought to be exempt "
         "from reporting obligations however we believe że należy "
         "consommateurs Schutz transparencia κανονισμός «quoted» – ✓ "
         "and & <tags> in text").split()

strings, index = [], {}


def sst(s):
    if s not in index:
        index[s] = len(strings)
        strings.append(s)
    return index[s]


for s in ["Id", "Submitted on", "Organisation type", "Country", "Comment",
          "Score"] + TYPES + COUNTRIES:
    sst(s)

z = zipfile.ZipFile(out + ".tmp", "w", zipfile.ZIP_DEFLATED, compresslevel=6)
z.writestr("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""")
z.writestr("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""")
z.writestr("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>""")
z.writestr("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""")
z.writestr("xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""")

with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
    w = f.write
    w(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    w(('<row r="1">' + "".join('<c r="%s1" t="s"><v>%d</v></c>' % (c, i)
                               for i, c in enumerate("ABCDEF")) + '</row>').encode())
    buf = []
    for r in range(2, rows + 2):
        text = "\n".join(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 18)))
                         for _ in range(rnd.randint(1, 6)))
        buf.append('<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" s="1"><v>%.6f</v></c>'
                   '<c r="C%d" t="s"><v>%d</v></c><c r="D%d" t="s"><v>%d</v></c>'
                   '<c r="E%d" t="s"><v>%d</v></c><c r="F%d"><v>%s</v></c></row>' % (
                       r, r, 100000 + r, r, 45292 + r / 1000.0, r, sst(rnd.choice(TYPES)),
                       r, sst(rnd.choice(COUNTRIES)), r, sst(text + " #%d" % r),
                       r, repr(round(rnd.random() * 10, 2))))
        if len(buf) == 2000:
            w("".join(buf).encode())
            buf = []
    w("".join(buf).encode())
    w(b"</sheetData></worksheet>")

with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
    f.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'count="%d" uniqueCount="%d">' % (len(strings), len(strings))).encode())
    for i in range(0, len(strings), 2000):
        f.write("".join('<si><t xml:space="preserve">%s</t></si>' % escape(s)
                        for s in strings[i:i + 2000]).encode())
    f.write(b"</sst>")
z.close()
import os
os.replace(out + ".tmp", out)
