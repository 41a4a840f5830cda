#!/bin/sh
# realdata.sh - gd-ingest on the real exports in shared/data/real
# (${GD_REAL_DATA:-$TOP/../shared/data/real}), checked against an
# independent reading with Python's csv and json modules, and the presets
# on their platforms' real files.  Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"
W=$OUT/real
rm -rf "$W"
mkdir -p "$W"

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

if [ ! -d "$REAL" ]; then
	skip realdata "no real exports at $REAL"
	exit 0
fi
REAL=$(cd "$REAL" && pwd)

# The independent reader.  Header names follow gd-record(5): an empty
# header is column_N (N its 1-based position), a repeated one name_2,
# name_3...  Blank lines are no rows; a row shorter than the header has
# only its own values.
cat > "$W/ref.py" <<'EOF'
import csv, datetime, io, json, sys

def names(header):
    out = []
    for i, h in enumerate(header):
        base = h if h != "" else "column_%d" % (i + 1)
        n, k = base, 2
        while n in out:
            n = "%s_%d" % (base, k)
            k += 1
        out.append(n)
    return out

def dump(o):
    return json.dumps(o, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))

def read_rows(path, header_row=1):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # What gd-ingest is documented to guess for non-UTF-8 input.
        text = data.decode("cp1252")
    rows = [r for r in csv.reader(io.StringIO(text, newline=""),
                                  delimiter=delimiter(text)) if r]
    return rows[:header_row], rows[header_row:]

def delimiter(text):
    # Python's own sniffer on the first line, among what gd-ingest(1)
    # says it detects; a comma when it cannot tell.
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0],
                                   delimiters=",;\t|").delimiter
    except csv.Error:
        return ","

def flatten(o, prefix, out):
    for k, v in o.items():
        name = prefix + k
        if v is None or v == []:
            continue
        if isinstance(v, dict):
            flatten(v, name + ".", out)
        elif isinstance(v, list) and all(
                not isinstance(x, (dict, list)) and x is not None for x in v):
            out[name] = [scalar(x) for x in v]
        else:
            out[name] = scalar(v)
    return out

def scalar(v):
    if isinstance(v, str):
        return v
    if v is True:
        return "true"
    if v is False:
        return "false"
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)

def trim(s):
    return s.strip(" \t\r\n")

cmd, path = sys.argv[1], sys.argv[2]
if cmd == "csv":
    # Lossless: one answers object per data row (rows longer than the
    # header would be rejects: counted on stderr).
    head, rows = read_rows(path)
    hdr = names(head[0])
    long_rows = 0
    for r in rows:
        if len(r) > len(hdr):
            long_rows += 1
            continue
        print(dump(dict(zip(hdr, r))))
    sys.stderr.write("%d\n" % long_rows)
elif cmd == "lines":
    # The first physical line of every data row (blank lines skipped).
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    rd = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    prev, first = 0, True
    for r in rd:
        start = prev + 1
        prev = rd.line_num
        if not r:
            continue
        if first:
            first = False
            continue
        print(start)
elif cmd == "ndjson":
    for line in open(path, encoding="utf-8"):
        if line.strip():
            print(dump(flatten(json.loads(line), "", {})))
elif cmd == "docket":
    # regulations.gov legacy export: header on line 5.
    head, rows = read_rows(path, 5)
    h = head[4]
    idx = {n: i for i, n in enumerate(h)}
    for r in rows:
        org = trim(r[idx["Organization"]])
        print(dump({"id": r[idx["Document ID"]],
                    "org": org not in ("", "N/A"),
                    "type": r[idx["Document Type"]]}))
elif cmd == "texts":
    head, rows = read_rows(path)
    for r in rows:
        t = trim(r[1])
        if t and t != "N/A":
            print(dump({"id": r[0], "comment": t}))
elif cmd == "consul-comments":
    head, rows = read_rows(path)
    idx = {n: i for i, n in enumerate(head[0])}
    for r in rows:
        t = r[idx["time"]].split(" days ")[-1]
        if len(t) == 7:
            t = "0" + t
        ut = r[idx["userType"]]
        canon = {"": "citizen", "Autor": "citizen", "Colectivo": "ngo",
                 "Empleados públicos": "public_employee"}[ut]
        print(dump({"id": r[idx["id"]],
                    "submitted": r[idx["date"]] + "T" + t,
                    "type": canon, "label": ut or None,
                    "text": trim(r[idx["text"]]) or None}))
elif cmd == "consul-proposals":
    head, rows = read_rows(path)
    idx = {n: i for i, n in enumerate(head[0])}
    for r in rows:
        print(dump({"id": r[idx["id"]], "submitted": r[idx["date"]],
                    "type": "ngo" if r[idx["isAssociation"]] == "1" else "citizen",
                    "title": trim(r[idx["title"]]) or None,
                    "text": trim(r[idx["text"]]) or None}))
elif cmd == "polis":
    head, rows = read_rows(path)
    idx = {n: i for i, n in enumerate(head[0])}
    for r in rows:
        ms = int(r[idx["timestamp"]])
        when = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
        print(dump({"id": r[idx["comment-id"]],
                    "submitted": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "comment": trim(r[idx["comment-body"]]) or None}))
elif cmd == "dmy":
    # [id, the date column read day first] for a ';'-separated export
    # whose dates are dd/mm/yyyy (sys.argv[3]: the date column).
    rows = list(csv.reader(open(path, encoding="utf-8", newline=""),
                           delimiter=";"))
    idx = {n: i for i, n in enumerate(rows[0])}
    for r in rows[1:]:
        d = datetime.datetime.strptime(r[idx[sys.argv[3]]], "%d/%m/%Y")
        print(dump([r[idx["id"]], d.date().isoformat()]))
elif cmd == "two-way":
    # How many dd/mm/yyyy values month first would read otherwise.
    rows = list(csv.reader(open(path, encoding="utf-8", newline=""),
                           delimiter=";"))
    col = rows[0].index(sys.argv[3])
    print(sum(1 for r in rows[1:]
              if int(r[col][:2]) <= 12 and r[col][:2] != r[col][3:5]))
elif cmd == "consul-moderation":
    # CONSUL's proposals API: retired where retired_at is filled, else
    # accepted (it has no hidden_at column).
    rows = list(csv.reader(open(path, encoding="utf-8", newline=""),
                           delimiter=";"))
    idx = {n: i for i, n in enumerate(rows[0])}
    for r in rows[1:]:
        print(dump([r[idx["id"]],
                    "retired" if trim(r[idx["retired_at"]]) else "accepted"]))
elif cmd == "polis-moderation":
    head, rows = read_rows(path)
    idx = {n: i for i, n in enumerate(head[0])}
    states = {"-1": "rejected", "0": "pending", "1": "accepted"}
    for r in rows:
        print(dump([r[idx["comment-id"]], states[trim(r[idx["moderated"]])]]))
elif cmd == "hys":
    # Have Your Say as the common scraper writes it (snake_case field
    # names, lower-case codes), placed as gd-ingest(1) documents the
    # eu-have-your-say preset.
    types = {"company": "business", "ngo": "ngo",
             "business_association": "business_association",
             "academic_research_instittution": "academic",
             "eu_citizen": "citizen", "non_eu_citizen": "citizen",
             "trade_union": "trade_union",
             "public_authority": "public_authority",
             "consumer_organisation": "consumer_organisation",
             "environmental_organisation": "ngo", "other": "other"}
    consents = {"withinfo": "named", "public": "named",
                "anonymous": "anonymous", "private": "withheld"}
    moderation = {"PUBLISHED": "accepted", "REJECTED": "rejected"}
    alpha2 = {"AUT": "AT", "BEL": "BE", "BGR": "BG", "CHE": "CH",
              "CHN": "CN", "CYP": "CY", "CZE": "CZ", "DEU": "DE",
              "DNK": "DK", "ESP": "ES", "FIN": "FI", "FRA": "FR",
              "GBR": "GB", "GRC": "GR", "HRV": "HR", "IRL": "IE",
              "ITA": "IT", "JPN": "JP", "LTU": "LT", "NLD": "NL",
              "NOR": "NO", "POL": "PL", "PRT": "PT", "SWE": "SE",
              "USA": "US"}
    head, rows = read_rows(path)
    idx = {n: i for i, n in enumerate(head[0])}
    for r in rows:
        v = lambda k: trim(r[idx[k]])
        name = " ".join(x for x in (v("first_name"), v("surname")) if x)
        when = datetime.datetime.strptime(v("date_feedback"),
                                          "%Y-%m-%d %H:%M:%S")
        print(dump({"id": v("id"), "consultation": v("reference_initiative"),
                    "submitted": when.isoformat(),
                    "type": types[v("user_type").lower()],
                    "label": v("user_type"),
                    "name": name or None,
                    "organisation": v("organization") or None,
                    "country": alpha2[v("country").upper()],
                    "consent": consents[v("publication").lower()],
                    "moderation": moderation[v("status")],
                    "feedback": v("feedback") or None}))
elif cmd == "docket-names":
    # The submitter's first and last names, where empty, N/A (the
    # mapping's missing) and the placeholder "anonymous" are no name.
    head, rows = read_rows(path, 5)
    idx = {n: i for i, n in enumerate(head[4])}
    def part(s):
        s = trim(s)
        return "" if s.lower() in ("", "n/a", "anonymous") else s
    for r in rows:
        name = " ".join(x for x in (part(r[idx["Submitter First Name"]]),
                                    part(r[idx["Submitter Last Name"]])) if x)
        print(dump([r[idx["Document ID"]], name or None]))
elif cmd == "docket-anonymous":
    # Rows whose first and last names are both the placeholder.
    head, rows = read_rows(path, 5)
    idx = {n: i for i, n in enumerate(head[4])}
    for r in rows:
        if all(trim(r[idx[k]]).lower() == "anonymous" for k in
               ("Submitter First Name", "Submitter Last Name")):
            print(r[idx["Document ID"]])
EOF

# stats_ok FILE.err: the --stats line accounts for every row read
# (rows = records + rejected + header + empty); prints why not.
stats_ok() {
	line=$(grep ' rows read: ' "$1" | tail -n 1)
	set -- $(echo "$line" | sed -n 's/^gd-ingest: \([0-9]*\) rows read: \([0-9]*\) records, \([0-9]*\) rejected, \([0-9]*\) header, \([0-9]*\) empty.*/\1 \2 \3 \4 \5/p')
	if [ $# -ne 5 ]; then
		echo "no --stats line: $line"
		return 1
	fi
	if [ "$1" -ne $(($2 + $3 + $4 + $5)) ]; then
		echo "rows $1 != $2 records + $3 rejected + $4 header + $5 empty"
		return 1
	fi
	# With --join, the joined file's rows too: joined + rejected +
	# unmatched.
	set -- $(echo "$line" | sed -n 's/.*: \([0-9]*\) rows, \([0-9]*\) joined, \([0-9]*\) rejected, \([0-9]*\) unmatched$/\1 \2 \3 \4/p')
	if [ $# -eq 4 ] && [ "$1" -ne $(($2 + $3 + $4)) ]; then
		echo "--join rows $1 != $2 joined + $3 rejected + $4 unmatched"
		return 1
	fi
	return 0
}

# ---- every CSV, lossless, against Python's csv module ----

n_csv=0
for f in $(cd "$REAL" && find . -name '*.csv' | sort); do
	f=${f#./}
	n_csv=$((n_csv + 1))
	t=$(echo "$f" | tr '/' '_')
	gd-ingest -q --stats "$REAL/$f" > "$W/$t.ndjson" 2> "$W/$t.err"
	rc=$?
	jq -cS .answers "$W/$t.ndjson" > "$W/$t.gd"
	python3 "$W/ref.py" csv "$REAL/$f" 2> "$W/$t.pyerr" | jq -c . > "$W/$t.py"
	long=$(cat "$W/$t.pyerr")
	if ! why=$(stats_ok "$W/$t.err"); then
		notok "lossless:$f" "$why"
	elif [ "$long" = 0 ] && [ "$rc" -ne 0 ]; then
		notok "lossless:$f" "exit $rc: $(head -n 1 "$W/$t.err")"
	elif ! cmp -s "$W/$t.gd" "$W/$t.py"; then
		notok "lossless:$f" "answers differ from Python's csv reading (diff $W/$t.gd $W/$t.py)"
	elif [ "$(jq -r .kind "$W/$t.ndjson" | sort -u)" != response ]; then
		notok "lossless:$f" "records that are not kind response"
	else
		ok "lossless:$f"
	fi
	# source.line: the first physical line of each row.
	python3 "$W/ref.py" lines "$REAL/$f" > "$W/$t.lines.py"
	jq .source.line "$W/$t.ndjson" > "$W/$t.lines.gd"
	if [ "$long" = 0 ] && cmp -s "$W/$t.lines.gd" "$W/$t.lines.py"; then
		ok "lines:$f"
	else
		notok "lines:$f" "source.line differs from the rows' first lines (diff $W/$t.lines.gd $W/$t.lines.py)"
	fi
done
[ "$n_csv" -gt 0 ] || notok lossless "no CSV file under $REAL"

# ---- every NDJSON file, against Python's json module ----

n_nd=0
for f in $(cd "$REAL" && find . -name '*.jsonl' -o -name '*.ndjson' | sort); do
	f=${f#./}
	n_nd=$((n_nd + 1))
	t=$(echo "$f" | tr '/' '_')
	gd-ingest -q --stats "$REAL/$f" > "$W/$t.ndjson" 2> "$W/$t.err"
	rc=$?
	jq -cS .answers "$W/$t.ndjson" > "$W/$t.gd"
	python3 "$W/ref.py" ndjson "$REAL/$f" | jq -c . > "$W/$t.py"
	if [ "$rc" -ne 0 ]; then
		notok "ndjson:$f" "exit $rc: $(head -n 1 "$W/$t.err")"
	elif ! why=$(stats_ok "$W/$t.err"); then
		notok "ndjson:$f" "$why"
	elif ! cmp -s "$W/$t.gd" "$W/$t.py"; then
		notok "ndjson:$f" "answers differ from Python's json reading (diff $W/$t.gd $W/$t.py)"
	else
		ok "ndjson:$f"
	fi
done
[ "$n_nd" -gt 0 ] || notok ndjson "no NDJSON file under $REAL"

# run NAME OUTFILE ARGS...: gd-ingest --stats ARGS > OUTFILE; notok and
# return 1 unless it exits 0 and its stats line accounts for every row.
run() {
	name=$1 out=$2
	shift 2
	gd-ingest --stats "$@" > "$out" 2> "$out.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		notok "$name" "exit $rc: $(head -n 1 "$out.err")"
		return 1
	fi
	if ! why=$(stats_ok "$out.err"); then
		notok "$name" "$why"
		return 1
	fi
	return 0
}

# ---- regulations-gov on the USDA docket ----

D=$REAL/regulations-gov-usda-2017-0002
if [ ! -f "$D/docket-export.csv" ]; then
	notok preset-regulations-gov "no $D/docket-export.csv"
elif run preset-regulations-gov "$W/rg.ndjson" -p regulations-gov "$D/docket-export.csv"; then
	python3 "$W/ref.py" docket "$D/docket-export.csv" > "$W/rg.py"
	n=$(wc -l < "$W/rg.ndjson")
	types=$(jq -r .respondent.type "$W/rg.ndjson" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
	badid=$(jq -r .id "$W/rg.ndjson" | grep -vc '^USDA-2017-0002-')
	baddate=$(jq -r '.submitted // "none"' "$W/rg.ndjson" | grep -Evc '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
	cons=$(jq -r '.consultation // "none"' "$W/rg.ndjson" | sort -u | tr '\n' ' ')
	py=$(jq -c '[.id, (if .org then "organisation" else "citizen" end)]' "$W/rg.py")
	gd=$(jq -c '[.id, .respondent.type]' "$W/rg.ndjson")
	if [ "$n" -ne 200 ]; then
		notok preset-regulations-gov "$n records, expected 200"
	elif [ "$types" != "citizen=191 organisation=9 " ]; then
		notok preset-regulations-gov "types: $types (expected 191 citizen, 9 organisation)"
	elif [ "$gd" != "$py" ]; then
		notok preset-regulations-gov "ids or types differ from the Organization column"
	elif [ "$badid" -ne 0 ]; then
		notok preset-regulations-gov "$badid ids do not start with USDA-2017-0002-"
	elif [ "$baddate" -ne 0 ]; then
		notok preset-regulations-gov "$baddate records without an ISO date"
	elif [ "$cons" != "USDA-2017-0002 " ]; then
		notok preset-regulations-gov "consultation: $cons"
	else
		ok preset-regulations-gov
	fi
fi
if [ -f "$D/text-comments.csv" ] &&
    run preset-regulations-gov-join "$W/rgj.ndjson" -p regulations-gov -j "$D/text-comments.csv" "$D/docket-export.csv"; then
	python3 "$W/ref.py" texts "$D/text-comments.csv" | jq -cS . | sort > "$W/rgj.py"
	jq -cS 'select(.comments.comment) | {id, comment: .comments.comment}' "$W/rgj.ndjson" | sort > "$W/rgj.gd"
	n=$(wc -l < "$W/rgj.ndjson")
	with=$(wc -l < "$W/rgj.gd")
	without=$(jq -r 'select(.comments.comment == null) | .extra["Document Type"]' "$W/rgj.ndjson" | tr '\n' ' ')
	# 199 comment rows, each joined to a docket row: none unmatched.
	joined=$(grep ' rows read: ' "$W/rgj.ndjson.err" | grep -Ec '(joined 199 rows|199 joined).* 0 unmatched$')
	if [ "$n" -ne 200 ] || [ "$with" -ne 199 ]; then
		notok preset-regulations-gov-join "$n records, $with with comments.comment (expected 200, 199)"
	elif [ "$without" != "PROPOSED RULES " ]; then
		notok preset-regulations-gov-join "records without a comment: $without"
	elif ! cmp -s "$W/rgj.gd" "$W/rgj.py"; then
		notok preset-regulations-gov-join "comment texts differ from text-comments.csv (diff $W/rgj.gd $W/rgj.py)"
	elif [ "$joined" != 1 ]; then
		notok preset-regulations-gov-join "stats line: $(cat "$W/rgj.ndjson.err")"
	else
		ok preset-regulations-gov-join
	fi
fi

# ---- consul on Decide Madrid ----

M=$REAL/decide-madrid
if [ -f "$M/comments.csv" ] &&
    run preset-consul-comments "$W/cc.ndjson" -p consul "$M/comments.csv"; then
	python3 "$W/ref.py" consul-comments "$M/comments.csv" > "$W/cc.py"
	jq -cS '{id, submitted, type: .respondent.type,
	    label: .respondent.type_label, text: .comments.text}' "$W/cc.ndjson" > "$W/cc.gd"
	n=$(wc -l < "$W/cc.ndjson")
	labels=$(jq -r 'select(.respondent.type_label) | "\(.respondent.type_label)->\(.respondent.type)"' "$W/cc.ndjson" |
	    sort | uniq -c | awk '{$1 = $1; print}' | tr '\n' ';')
	if [ "$n" -ne 5633 ]; then
		notok preset-consul-comments "$n records, expected 5633"
	elif [ "$labels" != "821 Autor->citizen;4 Colectivo->ngo;3 Empleados públicos->public_employee;" ]; then
		notok preset-consul-comments "userType: $labels"
	elif [ "$(jq -r .submitted "$W/cc.ndjson" | grep -Evc '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}')" -ne 0 ]; then
		notok preset-consul-comments "submitted is not an ISO date-time everywhere"
	elif ! cmp -s "$W/cc.gd" "$W/cc.py"; then
		notok preset-consul-comments "ids, dates, types or texts differ from the CSV (diff $W/cc.gd $W/cc.py)"
	else
		ok preset-consul-comments
	fi
fi
if [ -f "$M/proposals.csv" ] &&
    run preset-consul-proposals "$W/cp.ndjson" -p consul "$M/proposals.csv"; then
	python3 "$W/ref.py" consul-proposals "$M/proposals.csv" > "$W/cp.py"
	jq -cS '{id, submitted, type: .respondent.type, title: .comments.title,
	    text: .comments.text}' "$W/cp.ndjson" > "$W/cp.gd"
	n=$(wc -l < "$W/cp.ndjson")
	ngo=$(jq -r .respondent.type "$W/cp.ndjson" | grep -c '^ngo$')
	if [ "$n" -ne 80 ] || [ "$ngo" -ne 1 ]; then
		notok preset-consul-proposals "$n records, $ngo ngo (expected 80, 1)"
	elif ! cmp -s "$W/cp.gd" "$W/cp.py"; then
		notok preset-consul-proposals "ids, dates, types or texts differ from the CSV (diff $W/cp.gd $W/cp.py)"
	elif [ "$(jq -r '.extra | has("column_1")' "$W/cp.ndjson" | sort -u)" != false ]; then
		notok preset-consul-proposals "the pandas index column is not dropped"
	else
		ok preset-consul-proposals
	fi
fi

# ---- ';'-separated: Decide Madrid 2024 (CONSUL's proposals API) ----

# The delimiter found, and every value as Python's csv reads it with
# delimiter=';' said outright (not sniffed), from the file and from
# standard input, without a preset and with -p consul.
M24=$REAL/decide-madrid-2024/proposals_latest.csv
if [ -f "$M24" ]; then
	python3 - "$M24" <<'PY' | jq -cS . > "$W/m24.py"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline=""),
                       delimiter=";"))
for r in rows[1:]:
    print(json.dumps(dict(zip(rows[0], r)), ensure_ascii=False,
                     sort_keys=True, separators=(",", ":")))
PY
	gd-ingest --stats < "$M24" 2> "$W/m24.err" | jq -cS .answers > "$W/m24.gd"
	n=$(wc -l < "$W/m24.gd")
	if [ "$n" -ne 2738 ] || [ "$(wc -l < "$W/m24.py")" -ne 2738 ]; then
		notok "delimiter:decide-madrid-2024" "$n records, expected 2738"
	elif ! cmp -s "$W/m24.gd" "$W/m24.py"; then
		notok "delimiter:decide-madrid-2024" "values differ from Python's csv with delimiter=';' (diff $W/m24.gd $W/m24.py)"
	elif [ "$(grep -c "fields separated by ';'" "$W/m24.err")" -ne 1 ]; then
		notok "delimiter:decide-madrid-2024" "the delimiter found is not said once: $(cat "$W/m24.err")"
	elif ! why=$(stats_ok "$W/m24.err"); then
		notok "delimiter:decide-madrid-2024" "$why"
	else
		ok "delimiter:decide-madrid-2024"
	fi
	if run "delimiter:decide-madrid-2024:consul" "$W/m24c.ndjson" -p consul "$M24"; then
		ids=$(jq -r .id "$W/m24c.ndjson" | tr '\n' ' ')
		pyids=$(jq -r .id "$W/m24.py" | tr '\n' ' ')
		if [ "$ids" != "$pyids" ]; then
			notok "delimiter:decide-madrid-2024:consul" "ids differ from the id column"
		else
			ok "delimiter:decide-madrid-2024:consul"
		fi
	fi
else
	skip "delimiter:decide-madrid-2024" "no $M24"
fi

# ---- HTML bodies: CONSUL's proposal descriptions as comment text ----

# Every description with text becomes comments.description, without
# markup, and its words are those Python's html.parser finds (white space
# compared as single spaces: the line breaks are gd's own).
if [ -f "$M24" ] && gd-ingest -q -p consul "$M24" > "$W/m24h.ndjson"; then
	jq -c '[.id, (.comments.description // "")]' "$W/m24h.ndjson" > "$W/m24h.gd"
	python3 - "$M24" <<'PY' > "$W/m24h.py"
import csv, html.parser, json, re, sys
class T(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0
    # Elements that end a line or a paragraph, or part table cells: a
    # space here; inline ones (strong, em, a, span...) nothing.
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
             "h5", "h6", "tr", "td", "th", "table", "blockquote", "pre",
             "hr", "dl", "dt", "dd", "section", "article", "header",
             "footer", "figure", "figcaption"}
    def handle_starttag(self, tag, a):
        if tag in ("script", "style"): self.skip += 1
        if tag in self.BLOCK: self.out.append(" ")
    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip: self.skip -= 1
        if tag in self.BLOCK: self.out.append(" ")
    def handle_data(self, d):
        if not self.skip: self.out.append(d)
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""),
                        delimiter=";"):
    d = r["description"]
    if "<" in d or "&" in d:
        t = T(); t.feed(d); t.close(); d = "".join(t.out)
    print(json.dumps([r["id"], re.sub(r"\s+", " ", d).strip()],
                     ensure_ascii=False, separators=(",", ":")))
PY
	python3 -c '
import json, re, sys
for l in open(sys.argv[1]):
    i, d = json.loads(l)
    print(json.dumps([i, re.sub(r"\s+", " ", d).strip()], ensure_ascii=False, separators=(",", ":")))' "$W/m24h.gd" > "$W/m24h.gdn"
	n=$(jq -r 'select(.comments.description) | .id' "$W/m24h.ndjson" | wc -l)
	if [ "$n" -lt 2000 ]; then
		notok "html:decide-madrid-2024" "$n descriptions as comment text, expected over 2000"
	elif ! cmp -s "$W/m24h.gdn" "$W/m24h.py"; then
		notok "html:decide-madrid-2024" "description texts differ from Python's html.parser (diff $W/m24h.gdn $W/m24h.py)"
	else
		ok "html:decide-madrid-2024"
		echo "# html: $n descriptions as text"
	fi
else
	skip "html:decide-madrid-2024" "no $M24"
fi

# ---- polis on the three conversations ----

n_polis=0
for f in $(cd "$REAL" && find . -path '*polis*' -name comments.csv | sort); do
	f=${f#./}
	n_polis=$((n_polis + 1))
	t=$(echo "$f" | tr '/' '_')
	run "preset-polis:$f" "$W/$t.polis" -p polis "$REAL/$f" || continue
	python3 "$W/ref.py" polis "$REAL/$f" > "$W/$t.polis.py"
	jq -cS '{id, submitted, comment: .comments.comment}' "$W/$t.polis" > "$W/$t.polis.gd"
	rows=$(wc -l < "$W/$t.polis.py")
	n=$(wc -l < "$W/$t.polis")
	if [ "$n" -ne "$rows" ]; then
		notok "preset-polis:$f" "$n records for $rows data rows"
	elif [ "$(jq -r .submitted "$W/$t.polis" | grep -vc 'Z$')" -ne 0 ]; then
		notok "preset-polis:$f" "submitted does not end with Z everywhere"
	elif ! cmp -s "$W/$t.polis.gd" "$W/$t.polis.py"; then
		notok "preset-polis:$f" "ids, dates or texts differ from the CSV (diff $W/$t.polis.gd $W/$t.polis.py)"
	else
		ok "preset-polis:$f"
	fi
done
[ "$n_polis" -eq 3 ] || notok preset-polis "$n_polis Polis comments.csv files, expected 3"
# differ A B: how many lines of A differ from the same line of B (both
# one JSON text a line, so no tab in them), or the longer one's count.
differ() {
	if [ "$(wc -l < "$1")" -ne "$(wc -l < "$2")" ]; then
		wc -l < "$1"
		return
	fi
	paste "$1" "$2" | awk -F '\t' '$1 != $2' | wc -l
}

# ---- dates: one day-month order per column ----

# Decide Madrid 2024 writes created_at as dd/mm/yyyy.  -p consul states
# day first; a mapping of our own that states no order finds it from the
# values (13/01/2024, on row 176, is the first that only day first reads,
# and the 175 records before it are held).  Every submitted date against
# Python's day-first reading of created_at; the message says how many of
# them month first would have read as another date.
if [ -f "$M24" ]; then
	python3 "$W/ref.py" dmy "$M24" created_at > "$W/m24dates.py"
	twoway=$(python3 "$W/ref.py" two-way "$M24" created_at)
	echo '{"id": "id", "submitted": "created_at"}' > "$W/m24map.json"
	for how in preset auto; do
		name="dates:decide-madrid-2024:$how"
		if [ "$how" = preset ]; then
			run "$name" "$W/m24d-$how.ndjson" -p consul "$M24" || continue
		else
			run "$name" "$W/m24d-$how.ndjson" -m "$W/m24map.json" "$M24" || continue
		fi
		jq -c '[.id, .submitted]' "$W/m24d-$how.ndjson" > "$W/m24d-$how.gd"
		n=$(wc -l < "$W/m24d-$how.gd")
		bad=$(differ "$W/m24d-$how.gd" "$W/m24dates.py")
		if [ "$n" -ne 2738 ]; then
			notok "$name" "$n records, expected 2738"
		elif [ "$bad" -ne 0 ]; then
			notok "$name" "$bad of $n dates differ from Python's day-first reading of created_at ($twoway read otherwise month first; diff $W/m24d-$how.gd $W/m24dates.py)"
		elif grep -q 'order undecided\|read as two dates' "$W/m24d-$how.ndjson.err"; then
			notok "$name" "dates kept as written: $(cat "$W/m24d-$how.ndjson.err")"
		else
			ok "$name"
		fi
	done
else
	skip "dates:decide-madrid-2024" "no $M24"
fi

# ---- moderation at ingest ----

# CONSUL's proposals API: retired exactly where retired_at is filled (30
# proposals), accepted elsewhere.
if [ ! -f "$M24" ]; then
	skip "moderation:decide-madrid-2024" "no $M24"
elif [ ! -s "$W/m24d-preset.ndjson" ]; then
	notok "moderation:decide-madrid-2024" "no output from -p consul"
else
	python3 "$W/ref.py" consul-moderation "$M24" > "$W/m24mod.py"
	jq -c '[.id, .moderation]' "$W/m24d-preset.ndjson" > "$W/m24mod.gd"
	retired=$(grep -c '"retired"\]$' "$W/m24mod.gd")
	bad=$(differ "$W/m24mod.gd" "$W/m24mod.py")
	if [ "$bad" -ne 0 ]; then
		notok "moderation:decide-madrid-2024" "$bad records whose moderation is not retired_at's (diff $W/m24mod.gd $W/m24mod.py)"
	elif [ "$retired" -ne 30 ]; then
		notok "moderation:decide-madrid-2024" "$retired retired, expected 30"
	else
		ok "moderation:decide-madrid-2024"
	fi
fi

# The older Decide Madrid open data has neither retired_at nor hidden_at:
# no record has a moderation.
for t in cc cp; do
	[ -s "$W/$t.ndjson" ] || continue
	f=comments.csv
	[ "$t" = cp ] && f=proposals.csv
	with=$(jq -r 'has("moderation")' "$W/$t.ndjson" | grep -c true)
	if [ "$with" -ne 0 ]; then
		notok "moderation:decide-madrid/$f" "$with records with a moderation"
	else
		ok "moderation:decide-madrid/$f"
	fi
done

# Polis: the moderated column, -1 rejected, 0 pending, 1 accepted, on
# every comment of each conversation.
for f in $(cd "$REAL" && find . -path '*polis*' -name comments.csv | sort); do
	f=${f#./}
	t=$(echo "$f" | tr '/' '_')
	[ -s "$W/$t.polis" ] || continue
	python3 "$W/ref.py" polis-moderation "$REAL/$f" > "$W/$t.mod.py"
	jq -c '[.id, .moderation]' "$W/$t.polis" > "$W/$t.mod.gd"
	bad=$(differ "$W/$t.mod.gd" "$W/$t.mod.py")
	if [ "$bad" -ne 0 ]; then
		notok "moderation:$f" "$bad comments whose moderation is not the moderated column's (diff $W/$t.mod.gd $W/$t.mod.py)"
	else
		ok "moderation:$f"
	fi
done

# ---- eu-have-your-say on the AI Act feedback (snake_case CSV) ----

# The scraper's field names (user_type, date_feedback, first_name...)
# found by the preset's camelCase ones; every record's placed fields
# against Python's reading with the documented code tables.
H=$REAL/eu-have-your-say-ai-act/feedbacks.csv
if [ ! -f "$H" ]; then
	skip preset-eu-have-your-say "no $H"
elif run preset-eu-have-your-say "$W/hys.ndjson" -p eu-have-your-say "$H"; then
	python3 "$W/ref.py" hys "$H" | jq -cS . > "$W/hys.py"
	jq -cS '{id, consultation, submitted, type: .respondent.type,
	    label: .respondent.type_label, name: .respondent.name,
	    organisation: .respondent.organisation,
	    country: .respondent.country, consent, moderation,
	    feedback: .comments.feedback}' "$W/hys.ndjson" > "$W/hys.gd"
	n=$(wc -l < "$W/hys.ndjson")
	types=$(jq -r .respondent.type "$W/hys.ndjson" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
	mods=$(jq -r '.moderation // "none"' "$W/hys.ndjson" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
	cons=$(jq -r '.consultation // "none"' "$W/hys.ndjson" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
	bad=$(differ "$W/hys.gd" "$W/hys.py")
	if [ "$n" -ne 304 ]; then
		notok preset-eu-have-your-say "$n records, expected 304"
	elif [ "$types" != "academic=20 business=87 business_association=75 citizen=12 consumer_organisation=5 ngo=55 other=27 public_authority=8 trade_union=15 " ]; then
		notok preset-eu-have-your-say "types: $types"
	elif [ "$mods" != "accepted=303 rejected=1 " ]; then
		notok preset-eu-have-your-say "moderation: $mods (expected 303 accepted, 1 rejected)"
	elif [ "$cons" != "COM(2021)206=304 " ]; then
		notok preset-eu-have-your-say "consultation: $cons"
	elif [ "$bad" -ne 0 ]; then
		notok preset-eu-have-your-say "$bad records differ from Python's reading (diff $W/hys.gd $W/hys.py)"
	elif grep -q warning "$W/hys.ndjson.err"; then
		notok preset-eu-have-your-say "warnings: $(cat "$W/hys.ndjson.err")"
	else
		ok preset-eu-have-your-say
	fi
fi

# ---- regulations-gov: the "anonymous" placeholder is no name ----

if [ -f "$D/docket-export.csv" ] && [ -s "$W/rg.ndjson" ]; then
	python3 "$W/ref.py" docket-names "$D/docket-export.csv" > "$W/rgn.py"
	python3 "$W/ref.py" docket-anonymous "$D/docket-export.csv" > "$W/rgn.anon"
	jq -c '[.id, .respondent.name]' "$W/rg.ndjson" > "$W/rgn.gd"
	jq -r 'select(.respondent.name == null) | .id' "$W/rg.ndjson" > "$W/rgn.noname"
	nanon=$(wc -l < "$W/rgn.anon")
	named=$(grep -cvxF -f "$W/rgn.noname" "$W/rgn.anon")
	withword=$(jq -r '.respondent.name // empty' "$W/rg.ndjson" | grep -ic anonymous)
	bad=$(differ "$W/rgn.gd" "$W/rgn.py")
	if [ "$nanon" -eq 0 ]; then
		notok preset-regulations-gov-anonymous "no row named anonymous anonymous in the docket"
	elif [ "$named" -ne 0 ]; then
		notok preset-regulations-gov-anonymous "$named of the $nanon anonymous rows have a name"
	elif [ "$withword" -ne 0 ]; then
		notok preset-regulations-gov-anonymous "$withword names contain \"anonymous\""
	elif [ "$bad" -ne 0 ]; then
		notok preset-regulations-gov-anonymous "$bad names differ from the first and last names (diff $W/rgn.gd $W/rgn.py)"
	else
		ok preset-regulations-gov-anonymous
	fi
fi
exit 0
