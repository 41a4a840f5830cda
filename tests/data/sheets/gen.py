#!/usr/bin/python3
# gen.py DIR - writes the spreadsheet fixtures of the tests with openpyxl
# (Debian's python3-openpyxl; run with /usr/bin/python3), and the damaged
# ones by rewriting its output with Python's zipfile:
#
#   eusurvey.xlsx   an EUSurvey-like export: a title and metadata rows
#                   above the header (row 5), long multi-line text in
#                   several languages, dates and times, an organisation
#                   type column, numbers; a second sheet "Metadata"
#   cells.xlsx      what cells can be: booleans, a long id stored as
#                   digits, an inline string, rich text runs, skipped
#                   columns, a merged heading over two columns (header
#                   rows 1-2), custom date formats, the 1904 date system
#   truncated.xlsx  eusurvey.xlsx cut in half
#   (cells.xlsx's F3 is then made an inline string of two rich-text runs
#   and a phonetic run, which is not text of the cell: openpyxl writes
#   neither)
#   bomb.xlsx       a sheet of 64 MiB of spaces, compressed about 1000:1
#   doctype.xlsx    a sheet with a DOCTYPE declaring nested entities
#   notsheet.zip    a zip archive of a CSV file
#
# cells.ods and cells.xls beside them are LibreOffice's conversions of
# cells.xlsx (soffice --headless --convert-to ods / xls), committed for
# tests that should not need LibreOffice (alloc-failure.sh).
# rowbomb.ods is cells.ods (when DIR has it) with its third row, which
# holds values, repeated a million times (number-rows-repeated).
import datetime
import io
import random
import sys
import zipfile

import openpyxl
import re

out = sys.argv[1] if len(sys.argv) > 1 else "."
rnd = random.Random(16)

TYPES = ["NGO (Non-governmental organisation)", "Company/business",
         "Public authority", "EU citizen", "Academic/research institution",
         "Trade union", "Business association"]
COUNTRIES = ["Belgium", "Deutschland", "España", "Polska", "Ελλάδα",
             "France", "Sverige"]
WORDS = ["the", "proposal", "regulation", "should", "protect", "données",
         "Verbraucher", "przejrzystość", "δημόσια", "energía", "small",
         "businesses", "ought", "to", "be", "exempt", "from", "reporting"]


def text(lines):
    return "\n".join(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 25)))
                     for _ in range(lines))


def eusurvey(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(["Public consultation on the digital product passport"])
    ws.append(["Export date", datetime.datetime(2024, 5, 2, 9, 15, 0)])
    ws.append(["Contributions", 60])
    ws.append(["Search criteria", "all contributions"])
    ws.append(["Contribution ID", "Submitted on", "User type",
               "Organisation type", "Country", "Q1 Do you agree?",
               "Q2 Please explain", "Employees", "Share", "Founded"])
    for i in range(60):
        ws.append([
            "c%04d-%06d" % (i, rnd.randint(0, 999999)),
            datetime.datetime(2024, 3, 1 + i % 28, 8 + i % 10, i % 60, i % 7),
            "Organisation" if i % 3 else "Citizen",
            rnd.choice(TYPES) if i % 3 else "",
            rnd.choice(COUNTRIES),
            rnd.choice(["Yes", "No", "Do not know"]),
            text(1 + i % 4) + (" – ✓ «quoted» \"x\", y; z" if i % 5 == 0 else ""),
            rnd.randint(1, 250000),
            round(rnd.random(), 3) if i % 4 else 0.1,
            datetime.date(1950 + i, 1 + i % 12, 1 + i % 28),
        ])
    for r in ws.iter_rows(min_row=6, min_col=2, max_col=2):
        r[0].number_format = "yyyy-mm-dd hh:mm:ss"
    for r in ws.iter_rows(min_row=6, min_col=10, max_col=10):
        r[0].number_format = "dd/mm/yyyy"
    meta = wb.create_sheet("Metadata")
    meta.append(["Key", "Value"])
    meta.append(["Survey", "DPP-2024"])
    wb.save(path)


def cells(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cells"
    ws["A1"] = "Id"
    ws["B1"] = "Rating"
    ws.merge_cells("B1:C1")
    ws["D1"] = "Flag"
    ws["E1"] = "When"
    ws["F1"] = "Note"
    ws["B2"] = "Price"
    ws["C2"] = "Quality"
    ws["E2"] = "Date"
    ws["F2"] = "Text"
    ws.append(["123456789012345678", 0.1, 3, True, datetime.date(2024, 2, 29),
               "RICH"])
    ws.append(["2", 1e-7, 1234567.5, False, datetime.datetime(1900, 1, 1, 12, 0, 0), "one\ntwo"])
    ws["A5"] = "3"
    ws["F5"] = "A5 then F5: B-E empty"
    ws["E4"].number_format = "d mmm yyyy h:mm"
    ws["E3"].number_format = "[$-409]mmmm d, yyyy"
    ws["B3"].number_format = "0.00%"
    wb.save(path)
    # A second copy in the 1904 date system: the same dates, other serials.
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(path.replace(".xlsx", "-1904.xlsx"))


def rewrite(src, dst, member, data):
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for it in zi.infolist():
            zo.writestr(it.filename, data if it.filename == member else zi.read(it.filename))


eusurvey(out + "/eusurvey.xlsx")
cells(out + "/cells.xlsx")
sheet = "xl/worksheets/sheet1.xml"
for name in ("cells.xlsx", "cells-1904.xlsx"):
    with zipfile.ZipFile(out + "/" + name) as z:
        xml = z.read(sheet).decode()
    xml = re.sub(r'<c r="F3"[^>]*><is><t>RICH</t></is></c>',
                 '<c r="F3" t="inlineStr"><is><r><rPr><b/></rPr><t>bold</t></r>'
                 '<r><t xml:space="preserve"> and plain_x000D_</t></r>'
                 '<rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c>', xml)
    rewrite(out + "/" + name, out + "/tmp.xlsx", sheet, xml.encode())
    import os
    os.replace(out + "/tmp.xlsx", out + "/" + name)
with open(out + "/eusurvey.xlsx", "rb") as f:
    b = f.read()
with open(out + "/truncated.xlsx", "wb") as f:
    f.write(b[:len(b) // 2])
with zipfile.ZipFile(out + "/cells.xlsx") as z:
    xml = z.read(sheet).decode()
bomb = xml.replace("<sheetData>", "<sheetData>" + " " * (64 << 20), 1)
rewrite(out + "/cells.xlsx", out + "/bomb.xlsx", sheet, bomb.encode())
lol = ('<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
       '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]>\n')
rewrite(out + "/cells.xlsx", out + "/doctype.xlsx", sheet,
        (lol + xml.split("?>", 1)[-1].replace("<v>0.1</v>", "<v>&b;&c;</v>")).encode())
with zipfile.ZipFile(out + "/notsheet.zip", "w") as z:
    z.writestr("data.csv", "id,text\n1,hello\n")

import os
if os.path.exists(out + "/cells.ods"):
    with zipfile.ZipFile(out + "/cells.ods") as z:
        xml = z.read("content.xml").decode()
    parts = xml.split("<table:table-row ")
    parts[3] = 'table:number-rows-repeated="1000000" ' + parts[3]
    rewrite(out + "/cells.ods", out + "/rowbomb.ods", "content.xml",
            "<table:table-row ".join(parts).encode())
