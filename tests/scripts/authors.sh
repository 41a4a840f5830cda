#!/bin/sh
# authors.sh - unique voices know their authors, on real exports
# (${GD_REAL_DATA:-$TOP/../shared/data/real}): Decide Madrid's comments
# through the documented pipeline (a key made first) count as many
# distinct respondents as Python's csv module finds distinct userId
# values, and its 62-copy and 39-copy "campaigns", each one user posting
# many times, say 1 author, in the records and in the report; Polis
# statements count their distinct author-id values.  Prints "ok NAME" /
# "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"
W=$OUT/authors
rm -rf "$W"
mkdir -p "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

M=$REAL/decide-madrid/comments.csv
if [ ! -f "$M" ]; then
	skip authors "no Decide Madrid export at $M"
	exit 0
fi
cd "$W" || exit 1
distinct() {
	python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
print(len(set(r[sys.argv[2]] for r in rows)))' "$1" "$2"
}

gd-redact --new-key k
if gd-ingest -q -p consul "$M" | gd-redact -q --for publication --key-file k |
    gd-tally --with-records --campaigns > madrid.ndjson &&
    gd-publish -f md -o madrid.md madrid.ndjson; then
	want=$(distinct "$M" userId)
	got=$(grep '"kind":"summary"' madrid.ndjson | jq .respondents)
	big=$(grep '"kind":"campaign"' madrid.ndjson |
	    jq -c 'select(.size == 62 or .size == 39) | [.size, .authors]' |
	    sort | tr -d '\n')
	if [ "$got" = "$want" ] && [ "$big" = "[39,1][62,1]" ] &&
	    grep -q '^#### Group c[0-9]*: 62 responses from 1 author' madrid.md &&
	    grep -q "^5,633 responses were received from $(python3 -c \
	    'import sys; print(f"{int(sys.argv[1]):,}")' "$want") distinct respondents\." \
	    madrid.md; then
		ok "authors-madrid ($got distinct respondents of 5633 responses; the 62- and 39-copy groups from 1 author each)"
	else
		notok authors-madrid "respondents $got, want $want; big groups $big"
	fi
else
	notok authors-madrid "the pipeline failed"
fi

for d in "$REAL"/polis-opendata/*/; do
	f=$d/comments.csv
	[ -f "$f" ] || continue
	p=$(basename "$d")
	want=$(distinct "$f" author-id)
	got=$(gd-ingest -q -p polis "$f" | gd-tally --by respondent.type |
	    grep '"kind":"summary"' | jq .respondents)
	if [ "$got" = "$want" ]; then
		ok "authors-polis-$p ($got authors)"
	else
		notok "authors-polis-$p" "$got respondents, want $want"
	fi
done
