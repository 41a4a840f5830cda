#!/bin/sh
# encodings.sh - gd-ingest reads any encoding: the same text in UTF-8,
# UTF-8 with a BOM, UTF-16 and UTF-32 (with and without a BOM) and
# Windows-1252 gives the same records; a guessed encoding is said on
# stderr; a forced encoding is obeyed; a byte invalid in the encoding is
# a reject with its line and column.  Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
DATA=$TOP/tests/data
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"
W=$OUT/enc
rm -rf "$W"
mkdir -p "$W"

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

# The records without what depends on the file name (source.file and the
# ids derived from it).
strip() { jq -c 'del(.id, .source.file)' "$1"; }

# twin NAME FILE [OPTION...]: gd-ingest FILE must exit 0, say nothing on
# stderr, and give the records of the UTF-8 original ($W/ref.ndjson).
twin() {
	name=$1 f=$2
	shift 2
	gd-ingest "$@" "$f" > "$W/$name.ndjson" 2> "$W/$name.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		notok "$name" "exit $rc: $(head -n 1 "$W/$name.err")"
	elif [ -s "$W/$name.err" ]; then
		notok "$name" "stderr: $(head -n 1 "$W/$name.err")"
	elif ! strip "$W/$name.ndjson" | cmp -s - "$W/ref.stripped"; then
		notok "$name" "records differ from the UTF-8 ones (diff $W/$name.ndjson $W/ref.ndjson)"
	else
		ok "$name"
	fi
}

# ---- the same text in every encoding ----

for base in enc-latin.csv enc-wide.csv enc-wide.ndjson; do
	ext=${base##*.}
	stem=${base%.*}-$ext
	gd-ingest "$DATA/$base" > "$W/ref.ndjson" 2> "$W/ref.err"
	rc=$?
	n=$(wc -l < "$W/ref.ndjson")
	if [ "$rc" -ne 0 ] || [ -s "$W/ref.err" ] || [ "$n" -ne 3 -a "$base" != enc-wide.csv ] ||
	    [ "$n" -ne 2 -a "$base" = enc-wide.csv ]; then
		notok "$stem-utf8" "exit $rc, $n records, stderr: $(head -n 1 "$W/ref.err")"
		continue
	fi
	ok "$stem-utf8"
	strip "$W/ref.ndjson" > "$W/ref.stripped"

	{ printf '\357\273\277'; cat "$DATA/$base"; } > "$W/$stem-bom8.$ext"
	twin "$stem-utf8-bom" "$W/$stem-bom8.$ext"
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$DATA/$base"; } > "$W/$stem-u16le.$ext"
	twin "$stem-utf16le-bom" "$W/$stem-u16le.$ext"
	{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$DATA/$base"; } > "$W/$stem-u16be.$ext"
	twin "$stem-utf16be-bom" "$W/$stem-u16be.$ext"
	{ printf '\377\376\000\000'; iconv -f UTF-8 -t UTF-32LE "$DATA/$base"; } > "$W/$stem-u32le.$ext"
	twin "$stem-utf32le-bom" "$W/$stem-u32le.$ext"
	{ printf '\000\000\376\377'; iconv -f UTF-8 -t UTF-32BE "$DATA/$base"; } > "$W/$stem-u32be.$ext"
	twin "$stem-utf32be-bom" "$W/$stem-u32be.$ext"
	# Without a BOM, UTF-16 is told by its NUL bytes (mostly ASCII text:
	# the Latin fixture) or named with -e.
	iconv -f UTF-8 -t UTF-16LE "$DATA/$base" > "$W/$stem-u16le-nobom.$ext"
	iconv -f UTF-8 -t UTF-16BE "$DATA/$base" > "$W/$stem-u16be-nobom.$ext"
	if [ "$base" = enc-latin.csv ]; then
		twin "$stem-utf16le-nobom" "$W/$stem-u16le-nobom.$ext"
		twin "$stem-utf16be-nobom" "$W/$stem-u16be-nobom.$ext"
	fi
	twin "$stem-utf16le-nobom-forced" "$W/$stem-u16le-nobom.$ext" -e UTF-16LE
	# A BOM of the encoding named with -e is not text.
	twin "$stem-utf8-bom-forced" "$W/$stem-bom8.$ext" -e utf-8
done

# Windows-1252: only the Latin fixture fits in it.  Without -e it is
# guessed, and stderr says so (once); -q silences the note; -e names it.
gd-ingest "$DATA/enc-latin.csv" > "$W/ref.ndjson"
strip "$W/ref.ndjson" > "$W/ref.stripped"
iconv -f UTF-8 -t WINDOWS-1252 "$DATA/enc-latin.csv" > "$W/latin-1252.csv"
gd-ingest "$W/latin-1252.csv" > "$W/w1252.ndjson" 2> "$W/w1252.err"
rc=$?
if [ "$rc" -ne 0 ]; then
	notok enc-latin-windows-1252 "exit $rc"
elif ! strip "$W/w1252.ndjson" | cmp -s - "$W/ref.stripped"; then
	notok enc-latin-windows-1252 "records differ from the UTF-8 ones (diff $W/w1252.ndjson $W/ref.ndjson)"
elif [ "$(wc -l < "$W/w1252.err")" -ne 1 ] ||
    ! grep -q "^gd-ingest: $W/latin-1252.csv: .*WINDOWS-1252" "$W/w1252.err"; then
	notok enc-latin-windows-1252 "no single note that WINDOWS-1252 was guessed: $(cat "$W/w1252.err")"
else
	ok enc-latin-windows-1252
fi
twin enc-latin-windows-1252-quiet "$W/latin-1252.csv" -q
twin enc-latin-windows-1252-forced "$W/latin-1252.csv" -e WINDOWS-1252
twin enc-latin-cp1252-forced "$W/latin-1252.csv" --encoding=cp1252

# -e ISO-8859-1 is obeyed: bytes 0x80-0x9F are the C1 controls there, not
# Windows-1252's € and ‰; no guess is reported.
printf 'id,text\n1,caf\351 \200 \211\n' > "$W/latin1.csv"
gd-ingest -e ISO-8859-1 "$W/latin1.csv" > "$W/latin1.ndjson" 2> "$W/latin1.err"
rc=$?
got=$(jq -c .answers "$W/latin1.ndjson")
want=$(printf '{"id":"1","text":"caf\303\251 \302\200 \302\211"}')
if [ "$rc" -ne 0 ] || [ -s "$W/latin1.err" ] || [ "$got" != "$want" ]; then
	notok iso-8859-1-forced "exit $rc, got $got, stderr $(cat "$W/latin1.err")"
else
	ok iso-8859-1-forced
fi

# ---- the real Windows-1252 twin (Decide Madrid proposals) ----

if [ ! -d "$REAL/decide-madrid" ]; then
	skip real-cp1252 "no real exports at $REAL"
else
	R=$REAL/decide-madrid
	gd-ingest "$R/proposals.csv" > "$W/p-utf8.ndjson" 2> "$W/p-utf8.err"
	gd-ingest "$R/proposals.cp1252.csv" > "$W/p-1252.ndjson" 2> "$W/p-1252.err"
	rc=$?
	jq -c .answers "$W/p-utf8.ndjson" > "$W/p-utf8.answers"
	jq -c .answers "$W/p-1252.ndjson" > "$W/p-1252.answers"
	strip "$W/p-utf8.ndjson" > "$W/p-utf8.stripped"
	n=$(wc -l < "$W/p-1252.answers")
	if [ "$rc" -ne 0 ] || [ "$n" -ne 80 ]; then
		notok real-cp1252-answers "exit $rc, $n records"
	elif ! cmp -s "$W/p-utf8.answers" "$W/p-1252.answers"; then
		notok real-cp1252-answers "answers differ (diff $W/p-utf8.answers $W/p-1252.answers)"
	elif ! strip "$W/p-1252.ndjson" | cmp -s - "$W/p-utf8.stripped"; then
		notok real-cp1252-answers "records differ beyond source.file and ids"
	else
		ok real-cp1252-answers
	fi
	if [ -s "$W/p-utf8.err" ]; then
		notok real-utf8-quiet "stderr for a UTF-8 file: $(cat "$W/p-utf8.err")"
	else
		ok real-utf8-quiet
	fi
	if [ "$(wc -l < "$W/p-1252.err")" -eq 1 ] &&
	    grep -q "^gd-ingest: $R/proposals.cp1252.csv: .*UTF-8.*WINDOWS-1252" "$W/p-1252.err"; then
		ok real-cp1252-guess-note
	else
		notok real-cp1252-guess-note "stderr: $(cat "$W/p-1252.err")"
	fi
	gd-ingest -q "$R/proposals.cp1252.csv" 2> "$W/p-q.err" | jq -c .answers > "$W/p-q.answers"
	if [ -s "$W/p-q.err" ]; then
		notok real-cp1252-quiet "-q still prints: $(cat "$W/p-q.err")"
	elif ! cmp -s "$W/p-q.answers" "$W/p-utf8.answers"; then
		notok real-cp1252-quiet "answers differ with -q"
	else
		ok real-cp1252-quiet
	fi
	# Forced ISO-8859-1 on the same bytes: what Python's latin-1 decoder
	# and csv module make of them (0x80 stays U+0080, not €).
	gd-ingest -e ISO-8859-1 "$R/proposals.cp1252.csv" > "$W/p-l1.ndjson" 2> "$W/p-l1.err"
	rc=$?
	jq -cS .answers "$W/p-l1.ndjson" > "$W/p-l1.answers"
	python3 - "$R/proposals.cp1252.csv" > "$W/p-l1.py" <<'EOF'
import csv, io, json, sys
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
text = open(sys.argv[1], "rb").read().decode("latin-1")
rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
hdr = names(rows[0])
for r in rows[1:]:
    print(json.dumps(dict(zip(hdr, r)), ensure_ascii=False, sort_keys=True,
        separators=(",", ":")))
EOF
	if [ "$rc" -ne 0 ] || [ -s "$W/p-l1.err" ]; then
		notok real-iso-8859-1-forced "exit $rc, stderr: $(head -n 1 "$W/p-l1.err")"
	elif ! jq -c . "$W/p-l1.py" | cmp -s - "$W/p-l1.answers"; then
		notok real-iso-8859-1-forced "differs from Python's latin-1 reading (diff $W/p-l1.py $W/p-l1.answers)"
	elif cmp -s "$W/p-l1.answers" "$W/p-utf8.answers"; then
		notok real-iso-8859-1-forced "same as Windows-1252: -e was not obeyed"
	else
		ok real-iso-8859-1-forced
	fi
fi

# ---- text across the 256 KiB read blocks ----

# A UTF-8 "é" cut by the end of the first block must not make the file
# look like Windows-1252.
python3 - "$W/straddle.csv" <<'EOF'
import sys
head = b"id,text\n" + b"".join(b"%d,abc\n" % i for i in range(1, 27305))
n = 27305
pad = 262143 - len(head) - len(b"%d," % n)
data = head + b"%d," % n + b"x" * pad + "é".encode() + b"\n%d,end\n" % (n + 1)
assert data.index("é".encode()) == 262143
open(sys.argv[1], "wb").write(data)
EOF
gd-ingest "$W/straddle.csv" > "$W/straddle.ndjson" 2> "$W/straddle.err"
rc=$?
last=$(tail -n 2 "$W/straddle.ndjson" | head -n 1 | jq -r '.answers.text[-2:]')
if [ "$rc" -ne 0 ] || [ -s "$W/straddle.err" ] || [ "$last" != "xé" ]; then
	notok utf8-block-boundary "exit $rc, text ends \"$last\", stderr: $(head -n 1 "$W/straddle.err")"
else
	ok utf8-block-boundary
fi
# UTF-16 and UTF-32 text longer than a block, with characters outside
# the BMP (surrogate pairs) and CJK: the same records as the UTF-8 text.
awk 'BEGIN { print "id,text"; for (i = 1; i <= 6000; i++) printf "%d,\"第%d行 😀 𝄞 é\nline two\"\n", i, i }' > "$W/long.csv"
gd-ingest "$W/long.csv" > "$W/ref.ndjson"
strip "$W/ref.ndjson" > "$W/ref.stripped"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$W/long.csv"; } > "$W/long16.csv"
twin long-utf16le-bom "$W/long16.csv"
{ printf '\000\000\376\377'; iconv -f UTF-8 -t UTF-32BE "$W/long.csv"; } > "$W/long32.csv"
twin long-utf32be-bom "$W/long32.csv"

# ---- bytes that are not valid in the encoding ----

# Forced UTF-16LE with a lone high surrogate (D800) on line 3, column 5:
# that row is rejected with file:line:column, the others are records.
printf 'a\000,\000b\000\n\0001\000,\0002\000\n\000x\000y\000,\000z\000\000\330\n\0003\000,\0004\000\n\000' > "$W/bad16.csv"
gd-ingest -e UTF-16LE --rejects "$W/bad16.rej" "$W/bad16.csv" > "$W/bad16.ndjson" 2> "$W/bad16.err"
rc=$?
if [ "$rc" -ne 1 ]; then
	notok utf16-invalid-reject "exit $rc, expected 1"
elif [ "$(cat "$W/bad16.err")" != "gd-ingest: $W/bad16.csv:3:5: byte sequence not valid in UTF-16LE" ]; then
	notok utf16-invalid-reject "stderr: $(cat "$W/bad16.err")"
elif [ "$(jq -c '[.answers.a, .source.line]' "$W/bad16.ndjson" | tr '\n' ' ')" != '["1",2] ["3",4] ' ]; then
	notok utf16-invalid-reject "records: $(cat "$W/bad16.ndjson")"
elif [ "$(jq -c '[.kind, .source.line, .source.column, has("raw_base64")]' "$W/bad16.rej")" != '["reject",3,5,true]' ]; then
	notok utf16-invalid-reject "reject record: $(cat "$W/bad16.rej")"
else
	ok utf16-invalid-reject
fi

# UTF-8 whose first 256 KiB are valid (so the file is read as UTF-8) and
# a bad byte further on: that row is rejected with its line and column,
# not silently decoded as something else.
awk 'BEGIN { print "id,text"; for (i = 1; i <= 10000; i++) printf "%d,línea número %d con texto\n", i, i }' > "$W/late.csv"
printf '10001,ok \351 bad\n10002,fine\n' >> "$W/late.csv"
gd-ingest --rejects "$W/late.rej" "$W/late.csv" > "$W/late.ndjson" 2> "$W/late.err"
rc=$?
n=$(wc -l < "$W/late.ndjson")
if [ "$rc" -ne 1 ] || [ "$n" -ne 10001 ]; then
	notok utf8-late-invalid-reject "exit $rc, $n records (expected 1 and 10001)"
elif [ "$(cat "$W/late.err")" != "gd-ingest: $W/late.csv:10002:10: invalid UTF-8 byte sequence (byte 0xE9)" ]; then
	notok utf8-late-invalid-reject "stderr: $(cat "$W/late.err")"
elif [ "$(jq -r .raw_base64 "$W/late.rej" | base64 -d | od -An -tx1 | tr -d ' \n')" != "31303030312c6f6b20e9206261640a" ]; then
	notok utf8-late-invalid-reject "reject raw: $(cat "$W/late.rej")"
else
	ok utf8-late-invalid-reject
fi
exit 0
