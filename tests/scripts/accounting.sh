#!/bin/sh
# accounting.sh - nothing is lost on the way: every real export in
# shared/data/real through the whole pipeline, gd-ingest | gd-redact |
# gd-tally | gd-publish, and for every tool its --stats line balances
# (what it read = what it wrote + what it rejected + what it dropped on
# purpose, counted) and agrees with the lines actually written and with
# what the next tool read.  Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
W=$OUT/accounting
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }
lines() { if [ -f "$1" ]; then grep -c '' "$1"; else echo 0; fi; }

# field N of the numbers in a --stats line
num() { echo "$1" | tr -c '0-9\n' ' ' | awk -v n="$2" '{ print $n }'; }

# account NAME INGEST-ARGS...
account() {
	name=$1
	shift
	why=
	gd-ingest -q --stats --rejects "$name.rj" "$@" > "$name.in" 2> "$name.e1"
	s1=$(grep '^gd-ingest: [0-9]* rows read' "$name.e1")
	rows=$(num "$s1" 1); recs=$(num "$s1" 2); rej=$(num "$s1" 3)
	hdr=$(num "$s1" 4); empty=$(num "$s1" 5)
	[ -n "$rows" ] || { notok "$name" "no gd-ingest stats: $(head -n 1 "$name.e1")"; return; }
	[ "$rows" -eq $((recs + rej + hdr + empty)) ] ||
		why="$why; ingest: $rows rows != $recs + $rej + $hdr + $empty"
	# The records, and a questions record when the header names the
	# questions (not a record of the count).
	qs=$(grep -c '^{"gd":1,"kind":"questions"' "$name.in")
	[ "$(lines "$name.in")" -eq $((recs + qs)) ] || why="$why; ingest wrote $(lines "$name.in") lines, said $recs and $qs questions"
	[ "$(lines "$name.rj")" -eq "$rej" ] || why="$why; ingest: $(lines "$name.rj") rejects kept, said $rej"

	gd-redact -q --stats --for publication "$name.in" > "$name.red" 2> "$name.e2"
	s2=$(grep '^gd-redact: [0-9]* records read' "$name.e2")
	rd=$(num "$s2" 1); wr=$(num "$s2" 2); cn=$(num "$s2" 3); wh=$(num "$s2" 4)
	un=$(num "$s2" 5); mo=$(num "$s2" 6); pa=$(num "$s2" 7); rr=$(num "$s2" 8)
	[ "$rd" = $((recs + qs)) ] || why="$why; redact read $rd, ingest wrote $((recs + qs))"
	[ -n "$rd" ] && [ "$rd" -eq $((wr + cn + pa + rr)) ] ||
		why="$why; redact: $rd read != $wr + $cn + $pa + $rr"
	[ -n "$cn" ] && [ "$cn" -eq $((wh + un + mo)) ] ||
		why="$why; redact: $cn not published != $wh + $un + $mo"
	# A response not published goes on in its count-only form.
	[ "$(lines "$name.red")" -eq $((wr + cn + pa)) ] || why="$why; redact wrote $(lines "$name.red") lines, said $((wr + cn + pa))"
	[ "$(grep -c '^{"gd":1,"kind":"unpublished"' "$name.red")" -eq "$cn" ] ||
		why="$why; redact: count-only records not $cn"

	gd-tally -q --stats --with-records --campaigns --stubs "$name.red" > "$name.tal" 2> "$name.e3"
	s3=$(grep '^gd-tally: [0-9]* records read' "$name.e3")
	td=$(num "$s3" 1); tc=$(num "$s3" 2); tp=$(num "$s3" 3); tr=$(num "$s3" 4)
	[ "$td" = "$(lines "$name.red")" ] || why="$why; tally read $td of $(lines "$name.red")"
	[ -n "$td" ] && [ "$td" -eq $((tc + tp + tr)) ] || why="$why; tally: $td read != $tc + $tp + $tr"
	resp=$(grep -c '^{"gd":1,"kind":"response"' "$name.tal")
	[ "$resp" -eq "$((tc - cn))" ] || why="$why; tally passed $resp responses on, counted $tc, $cn of them count-only"
	summ=$(grep '^{"gd":1,"kind":"summary"' "$name.tal" | sed 's/.*"responses":\([0-9]*\).*/\1/')
	# Every response received is in the summary's total.
	[ "$summ" = "$recs" ] || why="$why; the summary says $summ responses, $recs were received"

	gd-publish -q --stats -f ndjson "$name.tal" > "$name.pub" 2> "$name.e4"
	s4=$(grep '^gd-publish: [0-9]* records read' "$name.e4")
	pd=$(num "$s4" 1); pr=$(num "$s4" 2); pc=$(num "$s4" 3); pu=$(num "$s4" 4); ps=$(num "$s4" 5)
	[ "$pd" = "$(lines "$name.tal")" ] || why="$why; publish read $pd of $(lines "$name.tal")"
	[ -n "$pd" ] && [ "$pd" -eq $((pr + pc + pu + ps)) ] || why="$why; publish: $pd read != $pr + $pc + $pu + $ps"
	[ "$pr" = "$((tc - cn))" ] || why="$why; published $pr responses of $((tc - cn))"
	[ "$pu" = "$cn" ] || why="$why; publish counted $pu not published, redact $cn"
	[ "$(lines "$name.pub")" -eq $((pr + pc)) ] || why="$why; publish wrote $(lines "$name.pub") lines, said $((pr + pc))"
	if [ -z "$why" ]; then
		ok "$name ($rows rows: $recs records, $rej rejected, $hdr header, $empty empty; $wr published, $wh withheld, $un of unknown consent, $mo moderated out, all counted; $pc counts)"
	else
		notok "$name" "${why#; }"
	fi
}

if [ ! -d "$REAL" ]; then
	skip accounting "no real exports at $REAL"
	exit 0
fi
D=$REAL/regulations-gov-usda-2017-0002
account regulations-gov -p regulations-gov -j "$D/text-comments.csv" "$D/docket-export.csv"
account regulations-gov-plain "$D/docket-export.csv"
M=$REAL/decide-madrid
account madrid-comments -p consul "$M/comments.csv"
account madrid-proposals -p consul "$M/proposals.csv"
account madrid-proposals-cp1252 "$M/proposals.cp1252.csv"
account madrid-proposal-jsonl "$M/proposal-7.jsonl"
for d in "$REAL"/polis-opendata/*/; do
	p=$(basename "$d")
	account "polis-$p-comments" -p polis "$d/comments.csv"
	for f in "$d"/*.csv; do
		b=$(basename "$f" .csv)
		[ "$b" = comments ] && continue
		account "polis-$p-$b" "$f"
	done
done
