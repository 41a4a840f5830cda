#!/bin/sh
# moderation.sh - the platform's moderation state on real Polis
# conversations (${GD_REAL_DATA:-$TOP/../shared/data/real}/polis-opendata):
# each statement's "moderation" set from its "moderated" column (-1
# rejected, 0 pending, 1 accepted) with jq on gd-ingest's lossless output,
# as a preset would set it; then gd-redact --for publication must leave
# out exactly the statements a moderator rejected, as Python's csv module
# reads them, and count them; --include-moderated and analysis keep every
# one; gd-tally counts them by state.  Prints "ok NAME" / "not ok NAME:
# why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"
W=$OUT/moderation
rm -rf "$W"
mkdir -p "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

if [ ! -d "$REAL/polis-opendata" ]; then
	skip moderation "no Polis exports at $REAL/polis-opendata"
	exit 0
fi
for t in python3 jq; do
	if ! command -v "$t" > /dev/null 2>&1; then
		notok moderation "$t is not installed"
		exit 0
	fi
done

# "moderation" after "consent", where gd-record(5) puts it.
MOD='. as $r | to_entries | map(if .key == "consent" then
    {key: "consent", value: "anonymous"},
    {key: "moderation", value: $m[$r.answers.moderated]} else . end) |
    from_entries'

for d in "$REAL"/polis-opendata/*/; do
	p=$(basename "$d")
	f=$d/comments.csv
	[ -f "$f" ] || continue
	# The truth, read independently: comment ids by moderated value.
	python3 - "$f" "$W/$p" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
out = sys.argv[2]
with open(out + ".kept", "w") as k, open(out + ".rejected", "w") as r:
    for row in rows:
        (r if row["moderated"] == "-1" else k).write(row["comment-id"] + "\n")
with open(out + ".states", "w") as s:
    names = {"-1": "rejected", "0": "pending", "1": "accepted"}
    n = {}
    for row in rows:
        m = names[row["moderated"]]
        n[m] = n.get(m, 0) + 1
    s.write(",".join('"%s":%d' % (m, n[m]) for m in sorted(n)) + "\n")
PY
	gd-ingest -q "$f" | jq -c --argjson m \
	    '{"-1": "rejected", "0": "pending", "1": "accepted"}' "$MOD" \
	    > "$W/$p.ndjson"
	total=$(grep -c '' "$W/$p.ndjson")
	rej=$(grep -c '' "$W/$p.rejected")

	# Publication: the rejected ones left out, and counted.
	why=
	gd-redact --stats "$W/$p.ndjson" > "$W/$p.pub" 2> "$W/$p.err"
	rc=$?
	[ "$rc" -eq 0 ] || why="$why; exit $rc"
	jq -r 'select(.kind == "response") | .answers."comment-id"' \
	    "$W/$p.pub" | sort > "$W/$p.pub.ids"
	sort "$W/$p.kept" | cmp -s - "$W/$p.pub.ids" ||
	    why="$why; published ids are not those not rejected (diff $W/$p.kept $W/$p.pub.ids)"
	want="gd-redact: $total records read: $((total - rej)) responses written, $rej counted but not published (0 withheld, 0 of unknown consent, $rej moderated out), 0 other records passed on, 0 rejected"
	grep -qxF "$want" "$W/$p.err" ||
	    why="$why; stats: $(tail -n 1 "$W/$p.err")"
	if [ "$rej" -gt 0 ]; then
		grep -qxF "gd-redact: $rej responses moderated out (rejected or retired) not published (counted); --include-moderated publishes them" \
		    "$W/$p.err" || why="$why; no line that says $rej were moderated out"
	fi
	[ "$(jq -r 'select(.kind == "response") | .moderation' "$W/$p.pub" |
	    grep -c rejected)" -eq 0 ] ||
	    why="$why; a rejected statement was published"
	if [ -z "$why" ]; then
		ok "moderation-$p ($rej of $total statements rejected by a moderator: withheld and counted)"
	else
		notok "moderation-$p" "${why#; }"
	fi

	# --include-moderated and analysis: every statement, in order.
	why=
	gd-redact -q --include-moderated "$W/$p.ndjson" |
	    jq -r '.answers."comment-id"' > "$W/$p.all.ids"
	gd-redact -q --for analysis -k "$TOP/tests/data/redact/test.key" \
	    "$W/$p.ndjson" | jq -r '[.answers."comment-id", .moderation] | @tsv' \
	    > "$W/$p.analysis"
	jq -r '.answers."comment-id"' "$W/$p.ndjson" > "$W/$p.in.ids"
	cmp -s "$W/$p.in.ids" "$W/$p.all.ids" ||
	    why="$why; --include-moderated did not publish every statement"
	jq -r '[.answers."comment-id", .moderation] | @tsv' "$W/$p.ndjson" |
	    cmp -s - "$W/$p.analysis" ||
	    why="$why; analysis did not keep every statement with its state"
	if [ -z "$why" ]; then
		ok "moderation-$p-kept"
	else
		notok "moderation-$p-kept" "${why#; }"
	fi

	# gd-tally: the states counted apart, as Python counts them.
	got=$(gd-tally "$W/$p.ndjson" | jq -c .by_moderation | head -n 1)
	if [ "$got" = "{$(cat "$W/$p.states")}" ]; then
		ok "moderation-$p-tally ($got)"
	else
		notok "moderation-$p-tally" "by_moderation $got, expected {$(cat "$W/$p.states")}"
	fi
done
