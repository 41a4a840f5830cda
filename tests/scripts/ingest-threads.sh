#!/bin/sh
# ingest-threads.sh - gd-ingest --threads N writes what --threads 1 writes,
# byte for byte: standard output, standard error, the exit status and the
# files it makes (-o, --rejects), with the CSV read in parts.  Parts are
# made small (GD_INGEST_PARTS, a knob for the tests) and cut at any line
# end or at any byte, so that parts begin inside quoted fields, between
# the CR and the LF of a line end and inside UTF-8 sequences, and the
# guess that a part begins between records is often wrong.  On
#   - every case of tests/cli/ingest (its cmd run with gd-ingest always
#     given the threads and parts),
#   - every CSV and TSV file under tests/, read as it is (--stats),
#   - the real exports (${GD_REAL_DATA:-$TOP/../shared/data/real}), as
#     they are and with their presets,
#   - generated inputs: quotes at part starts, a quoted field over
#     several parts (under and over --max-field), no newline at the end,
#     an empty file, a header alone, CRLF and CR line ends, a BOM,
#     invalid UTF-8, Windows-1252, stray quotes, unclosed quotes, wide
#     rows, blank lines; a mapped export whose date order is decided late
#     (records held), unknown labels past the once-a-label list, unknown
#     consent labels past the named ones, --strict stopping mid-file;
#     standard input; a large file in default parts.
# Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
LC_ALL=C.UTF-8
export TOP LC_ALL
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"
W=$OUT/ingest-threads
rm -rf "$W"
mkdir -p "$W"

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

# The modes: NAME THREADS PARTS (GD_INGEST_PARTS; - for the default).
MODES="t1:1:- t2:2:- p1:2:1 lf:2:3:lf any:3:5:any any64:2:64:any"
for m in $MODES; do
	name=${m%%:*} rest=${m#*:}
	n=${rest%%:*} parts=${rest#*:}
	mkdir -p "$W/bin/$name"
	if [ "$parts" = - ]; then
		printf '#!/bin/sh\nunset GD_INGEST_PARTS\nexec "%s/bin/gd-ingest" --threads %s "$@"\n' \
		    "$TOP" "$n" > "$W/bin/$name/gd-ingest"
	else
		printf '#!/bin/sh\nGD_INGEST_PARTS=%s exec "%s/bin/gd-ingest" --threads %s "$@"\n' \
		    "$parts" "$TOP" "$n" > "$W/bin/$name/gd-ingest"
	fi
	chmod +x "$W/bin/$name/gd-ingest"
done
NAMES=$(for m in $MODES; do echo "${m%%:*}"; done)

# same NAME: the runs of NAME under $W/MODE/NAME against $W/t1/NAME.
FAILED=0
same() {
	s_why=
	for n in $NAMES; do
		[ "$n" = t1 ] && continue
		find "$W/t1/$1" "$W/$n/$1" -type p -exec rm -f {} +
		if ! s_d=$(diff -r "$W/t1/$1" "$W/$n/$1" 2>&1); then
			s_why="$n differs from --threads 1: $(echo "$s_d" | head -n 4 | cut -c1-200 | tr '\n' ' ')"
			break
		fi
	done
	if [ -n "$s_why" ]; then
		notok "ingest-threads:$1" "$s_why"
		FAILED=$((FAILED + 1))
	fi
	return 0
}

# run NAME ARGS...: gd-ingest ARGS in $W/MODE/NAME for each mode (files
# it makes: out/...), standard input from $STDIN (default /dev/null).
run() {
	r_name=$1
	shift
	for n in $NAMES; do
		mkdir -p "$W/$n/$r_name/out"
		(cd "$W/$n/$r_name" && "$W/bin/$n/gd-ingest" "$@" > stdout \
		    2> stderr < "${STDIN:-/dev/null}"; echo $? > status)
	done
	same "$r_name"
}

# ---- the command-line cases of gd-ingest -------------------------------

ncli=0
for dir in "$TOP"/tests/cli/ingest/*/; do
	[ -f "$dir/cmd" ] || continue
	c=$(basename "$dir")
	for n in $NAMES; do
		cli_case_as "$dir" "$n"
	done
	same "cli-$c"
	ncli=$((ncli + 1))
done
[ "$ncli" -ge 50 ] && ok "ingest-threads:cli ($ncli cases)" ||
    notok ingest-threads:cli "only $ncli cases"

# ---- every CSV and TSV file of the tests ------------------------------

nfiles=0
for f in $(find "$TOP/tests" -path "$TOP/tests/out" -prune -o \
    \( -name '*.csv' -o -name '*.tsv' \) -type f -print | sort); do
	t=$(echo "${f#"$TOP"/tests/}" | tr '/.' '--')
	run "file-$t" --stats --rejects out/rejects "$f"
	nfiles=$((nfiles + 1))
done
[ "$nfiles" -ge 30 ] && ok "ingest-threads:files ($nfiles files)" ||
    notok ingest-threads:files "only $nfiles files"

# ---- the real exports ----------------------------------------------------

if [ ! -d "$REAL" ]; then
	skip ingest-threads:real "no $REAL"
else
	nreal=0
	for f in $(cd "$REAL" && find . -name '*.csv' -type f | sort); do
		t=real-$(echo "${f#./}" | tr '/.' '--')
		run "$t" --stats --rejects out/rejects "$REAL/$f"
		nreal=$((nreal + 1))
	done
	for p in consul:decide-madrid/comments.csv \
	    consul:decide-madrid/proposals.csv \
	    consul:decide-madrid-2024/proposals_latest.csv \
	    eu-have-your-say:eu-have-your-say-ai-act/feedbacks.csv \
	    regulations-gov:regulations-gov-usda-2017-0002/docket-export.csv \
	    polis:polis-opendata/vtaiwan-uberx/comments.csv; do
		f=$REAL/${p#*:}
		[ -f "$f" ] || continue
		run "real-${p%%:*}-$(echo "${p#*:}" | tr '/.' '--')" --stats \
		    --rejects out/rejects -p "${p%%:*}" "$f"
		nreal=$((nreal + 1))
	done
	if [ -f "$REAL/decide-madrid/proposals.cp1252.csv" ]; then
		run real-cp1252 --stats -e windows-1252 -p consul \
		    "$REAL/decide-madrid/proposals.cp1252.csv"
	fi
	if [ "$nreal" -lt 10 ]; then
		notok ingest-threads:real "only $nreal real runs"
	else
		ok "ingest-threads:real ($nreal runs)"
	fi
fi

# ---- generated inputs ------------------------------------------------------

G=$W/gen
mkdir -p "$G"
/usr/bin/python3 - "$G" <<'EOF'
import random, sys

g = sys.argv[1]
rnd = random.Random(17)

def w(name, data, enc="utf-8"):
    with open(g + "/" + name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode(enc))

words = ["consultation", "road", "bus", "Łódź", "zoë", "naïve", "日本",
         "a,b", "say \"no\"", "line\nbreak", "crlf\r\nbreak", "", " ",
         "x" * 300]

def field():
    v = rnd.choice(words) + " " + rnd.choice(words)
    if rnd.random() < 0.5 or any(c in v for c in ",\"\r\n"):
        return '"' + v.replace('"', '""') + '"'
    return v

def rows(n, cols=5, eol="\n"):
    out = [",".join(["id", "when", "type", "consent", "text"] +
                    ["more%d" % k for k in range(cols - 5)]) + eol]
    for i in range(n):
        r = [str(i), "0%d/0%d/2024" % (rnd.randint(1, 9), rnd.randint(1, 9)),
             rnd.choice(["citizen", "business", "odd%d" % rnd.randint(1, 90)]),
             rnd.choice(["yes", "no", "maybe%d" % rnd.randint(1, 40)]),
             field()]
        r += [field() for _ in range(cols - 5)]
        out.append(",".join(r) + eol)
    return "".join(out)

w("mixed.csv", rows(3000))
w("crlf.csv", rows(1500, eol="\r\n"))
w("cr.csv", rows(300, eol="\r"))
w("bom.csv", "\ufeff" + rows(500))
w("no-final-newline.csv", rows(200).rstrip("\n"))
w("empty.csv", "")
w("header-only.csv", "id,text\n")
w("header-only-no-newline.csv", "id,text")
w("blank-lines.csv", "id,text\n\n1,a\n\n\n2,\"b\n\nc\"\n\n")
# Quotes at the start of every line and of every part of any size.
w("quotes-first.csv", "id,text\n" + "".join('"%d","""q""\n"\n' % i
                                            for i in range(800)))
# A quoted field over several parts: under the field cap, and over it.
w("big-field.csv", "id,text\n1,a\n2,\"" + ("long line\n" * 30000) +
  "end\"\n3,b\n")
w("huge-field.csv", "id,text\n1,a\n2,\"" + ("y" * 70 + "\n") * 20000 +
  "end\"\n3,b\n4,\"c\n")
w("unclosed.csv", "id,text\n1,a\n2,\"never closed\n3,b\n4,c\n")
w("stray-quotes.csv", "id,text\n" + "".join(
    '%d,5" screen\n%d,"ok"\n%d,a"b"c\n' % (i, i, i) for i in range(600)))
w("wide.csv", "a,b,c\n" + "".join(
    "1,2,3\n" if i % 3 else "1,2,3,4,\"5\n6\"\n" for i in range(900)))
bad = rows(400).encode()
bad = bad.replace(b"road", b"r\xffad", 30).replace(b"bus", b"b\xc3", 10)
w("invalid-utf8.csv", bad)
w("cp1252.csv", rows(400).replace("Łódź", "Lodz").replace("日本", "Japan"),
  "cp1252")
w("tab.tsv", "id\ttext\n" + "".join('%d\t"a\tb\n c"\n' % i
                                     for i in range(500)))
# Dates: every one reads both ways until row 2500 (held), then decides.
d = ["id,date,type,consent,comment"]
for i in range(3000):
    day = rnd.randint(13, 28) if i == 2500 else rnd.randint(1, 12)
    d.append('%d,%02d/%02d/2024,%s,%s,"text %d\nmore"' % (
        i, day, rnd.randint(1, 12), rnd.choice(["Citizen", "Kind%d" % (i % 97)]),
        rnd.choice(["yes", "no", "Label %d" % (i % 45)]), i))
w("dates.csv", "\n".join(d) + "\n")
w("map.json", '{"name": "t", "id": "id", "submitted": {"column": "date"},'
  ' "respondent": {"type": {"column": "type", "values": {"Citizen":'
  ' "citizen"}}}, "consent": {"column": "consent", "values": {"yes":'
  ' "named", "no": "withheld"}}, "comments": {"c": "comment"}}')
w("big.csv", rows(40000, cols=7))
EOF
for f in "$G"/*.csv "$G"/*.tsv; do
	t=gen-$(basename "$f" | tr '.' '-')
	run "$t" --stats --rejects out/rejects "$f"
done
run gen-utf8 --stats -e utf-8 --rejects out/rejects "$G/invalid-utf8.csv"
run gen-max-field --stats --max-field 1000 --rejects out/rejects \
    "$G/big-field.csv" "$G/huge-field.csv"
run gen-cp1252 --stats -e windows-1252 "$G/cp1252.csv"
run gen-several --stats -o out/o "$G/mixed.csv" "$G/crlf.csv" \
    "$G/no-final-newline.csv" "$G/quotes-first.csv"
run gen-dates --stats -m "$G/map.json" "$G/dates.csv"
run gen-dates-dmy --stats -m "$G/map.json" --date-order dmy "$G/dates.csv"
run gen-dates-strict --stats --strict -m "$G/map.json" "$G/dates.csv"
run gen-mapped-mixed --stats -m "$G/map.json" --rejects out/rejects \
    "$G/mixed.csv"
run gen-quiet -q -m "$G/map.json" "$G/dates.csv"
STDIN=$G/mixed.csv run gen-stdin --stats -
STDIN=$G/big.csv run gen-big-stdin --stats -f csv -
run gen-full --stats -o /dev/full "$G/big.csv"

# The runs above must have done something: a check that cannot fail is
# no check.
T1=$W/t1
if ! grep -q '12001 rows read\|40001 rows read' "$T1/gen-big-csv/stderr" ||
    ! grep -q 'gd-ingest.*dates.csv' "$T1/gen-dates/stderr" ||
    ! grep -q 'invalid UTF-8' "$T1/gen-utf8/stderr" ||
    ! grep -q 'quoted field not closed' "$T1/gen-unclosed-csv/stderr" ||
    ! grep -q 'field longer than' "$T1/gen-max-field/stderr" ||
    [ "$(cat "$T1/gen-dates-strict/status")" = 0 ] ||
    [ "$(cat "$T1/gen-full/status")" = 0 ] ||
    [ "$(wc -l < "$T1/gen-big-stdin/stdout")" -lt 40000 ]; then
	notok ingest-threads:generated "the generated runs did not do what they test"
elif [ "$FAILED" = 0 ]; then
	ok ingest-threads:generated
fi
[ "$FAILED" = 0 ] && ok "ingest-threads:all the same"
exit 0
