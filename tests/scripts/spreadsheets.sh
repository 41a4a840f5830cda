#!/bin/sh
# spreadsheets.sh - gd-ingest reads XLSX, ODS and XLS as the CSV export of
# the same sheet: an EUSurvey-like workbook written by openpyxl
# (tests/data/sheets/gen.py), converted by LibreOffice (headless) to XLSX
# (LibreOffice's own writer: shared strings, its styles), ODS and XLS, and
# each exported by LibreOffice to CSV; the records of every format must
# be those of the CSV, value for value (a date and time LibreOffice
# writes "2024-03-01 08:00:00" is 2024-03-01T08:00:00, and one it shows
# as "03/01/1950" (its en-US reading of dd/mm/yyyy) 1950-03-01; numbers
# compare as numbers).  Also: merged header cells, --sheet, the 1904 date system.
# Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
W=$OUT/sheets
rm -rf "$W"
mkdir -p "$W/lo"

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

if ! /usr/bin/python3 -c 'import openpyxl' 2> /dev/null ||
    ! command -v soffice > /dev/null; then
	notok spreadsheets "needs python3-openpyxl and LibreOffice (make deps-check)"
	exit 0
fi
/usr/bin/python3 "$TOP/tests/data/sheets/gen.py" "$W" || {
	notok spreadsheets-gen "gen.py failed"
	exit 0
}
# LibreOffice with a profile of its own (another may be running).
lo() {
	soffice -env:UserInstallation="file://$W/lo" --headless \
	    --convert-to "$1" --outdir "$2" "$3" > "$W/lo.log" 2>&1
}
mkdir -p "$W/lox" "$W/csv"
lo xlsx "$W/lox" "$W/eusurvey.xlsx"
lo ods "$W" "$W/eusurvey.xlsx"
lo xls "$W" "$W/eusurvey.xlsx"
# UTF-8, every sheet (eusurvey-Responses.csv...), values not as shown.
lo 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    "$W/csv" "$W/eusurvey.xlsx"
csv=$W/csv/eusurvey-Responses.csv
if [ ! -s "$csv" ] || [ ! -s "$W/eusurvey.ods" ] || [ ! -s "$W/eusurvey.xls" ]; then
	notok spreadsheets-convert "LibreOffice did not convert: $(tail -n 2 "$W/lo.log")"
	exit 0
fi

# same NAME A B: the records of A and B agree value for value.
same() {
	/usr/bin/python3 - "$2" "$3" <<'PY'
import json, re, sys
def norm(v):
    if isinstance(v, str):
        if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", v):
            return v.replace(" ", "T")
        m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", v)   # LibreOffice shows mm/dd/yyyy
        if m:
            return "%s-%s-%s" % (m[3], m[1], m[2])
        try:
            return float(v)
        except ValueError:
            return v
    return v
def load(p):
    out = []
    for line in open(p, encoding="utf-8"):
        r = json.loads(line)
        out.append((r["source"]["row"], {k: norm(v) for k, v in r["answers"].items()}))
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
if len(a) != len(b):
    sys.exit("%d records, %d in the CSV" % (len(a), len(b)))
for (ra, x), (rb, y) in zip(a, b):
    if list(x) != list(y):
        sys.exit("row %d: columns %s / %s" % (ra, list(x), list(y)))
    for k in x:
        if x[k] != y[k]:
            sys.exit("row %d, %s: %r, the CSV %r" % (ra, k, x[k], y[k]))
PY
}

gd-ingest --header-row 5 "$csv" > "$W/csv.ndjson" 2> "$W/csv.err" ||
    notok spreadsheets-csv "$(head -n 1 "$W/csv.err")"
n=$(wc -l < "$W/csv.ndjson")
[ "$n" -eq 60 ] || notok spreadsheets-csv "$n records, not 60"
for f in eusurvey.xlsx lox/eusurvey.xlsx eusurvey.ods eusurvey.xls; do
	name=spreadsheets-$(echo "$f" | tr / -)
	if ! gd-ingest --header-row 5 --stats "$W/$f" > "$W/out.ndjson" 2> "$W/out.err"; then
		notok "$name" "exit: $(head -n 1 "$W/out.err")"
	elif ! grep -q '^gd-ingest: 65 rows read: 60 records, 0 rejected, 5 header, 0 empty$' "$W/out.err"; then
		notok "$name" "stats: $(cat "$W/out.err")"
	elif ! why=$(same "$name" "$W/out.ndjson" "$W/csv.ndjson" 2>&1); then
		notok "$name" "$why"
	else
		ok "$name"
	fi
done

# Multi-line text and non-ASCII survive every format.
for f in eusurvey.xlsx eusurvey.ods eusurvey.xls; do
	k=$(gd-ingest --header-row 5 "$W/$f" | jq -r '.answers["Q2 Please explain"]' |
	    grep -c 'przejrzystość\|δημόσια\|«quoted»')
	[ "$k" -gt 10 ] && ok "spreadsheets-text-${f##*.}" ||
	    notok "spreadsheets-text-${f##*.}" "$k lines with non-ASCII words"
done

# --sheet by name and by number, --list-sheets, in every format.
for f in eusurvey.xlsx eusurvey.ods eusurvey.xls; do
	a=$(gd-ingest --sheet Metadata "$W/$f" | jq -r .answers.Value)
	b=$(gd-ingest --sheet 2 "$W/$f" | jq -r .answers.Value)
	l=$(gd-ingest --list-sheets "$W/$f" | tr '\n' ,)
	[ "$a" = DPP-2024 ] && [ "$b" = DPP-2024 ] && [ "$l" = Responses,Metadata, ] &&
	    ok "spreadsheets-sheet-${f##*.}" ||
	    notok "spreadsheets-sheet-${f##*.}" "got '$a' '$b' '$l'"
done

# Merged header cells: the heading over B1:C1 names both columns, in the
# XLSX and in LibreOffice's ODS of it; 1900 and 1904 date systems agree.
lo ods "$W" "$W/cells.xlsx"
for f in cells.xlsx cells.ods cells-1904.xlsx; do
	h=$(gd-ingest --header-rows 2 "$W/$f" | head -n 1 |
	    jq -r '[.answers["Rating - Price"], .answers["Rating - Quality"], .answers["When - Date"]] | join(",")')
	[ "$h" = "0.1,3,2024-02-29" ] && ok "spreadsheets-merged-$f" ||
	    notok "spreadsheets-merged-$f" "got '$h'"
done
exit 0
