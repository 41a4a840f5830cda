#!/bin/sh
# tally.sh - gd-tally checked against an independent count of the same
# records (tests/data/tally/ref.py: Python's json, re, unicodedata and
# exact fractions), on the example consultation, on real exports
# (${GD_REAL_DATA:-$TOP/../shared/data/real}) and on made-up records
# (tests/data/tally/gen.py); its small-cell suppression audited; invalid
# JSON from JSONTestSuite
# (${GD_JSON_TEST_SUITE:-$TOP/../shared/data/jsontestsuite}) rejected;
# partial counts merged over random splits, through GNU parallel and
# through a simulated Hadoop Streaming job, to the bytes of one run.
# Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
D=$TOP/tests/data/tally
EX=$TOP/examples/open-declaration
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
JTS=${GD_JSON_TEST_SUITE:-$TOP/../shared/data/jsontestsuite}
. "$TOP/tests/common.sh"
W=$OUT/tally
rm -rf "$W"
mkdir -p "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }
ref() { python3 "$D/ref.py" "$@"; }
tools() { python3 "$D/tools.py" "$@"; }

for t in python3 gd-tally gd-ingest; do
	if ! command -v "$t" > /dev/null 2>&1; then
		notok tally "$t is not installed"
		exit 0
	fi
done

# ---- inputs ----

gd-ingest -m "$EX/mapping.json" "$EX/responses.csv" > "$W/example.ndjson" ||
    notok inputs "gd-ingest failed on the example"
python3 "$D/gen.py" 1 3000 > "$W/madeup.ndjson"
# Marked as gd-redact's outputs are: what may be quoted, count-only
# records; and all of it for publication.
python3 "$D/gen.py" 1 3000 redacted > "$W/madeup-redacted.ndjson"
grep -v '"privacy":"analysis"' "$W/madeup-redacted.ndjson" |
    grep '"privacy"' > "$W/madeup-public.ndjson"
# The same without the records of other kinds, whose order a parallel
# run does not keep.
grep '"kind":"response"' "$W/madeup.ndjson" > "$W/madeup-only.ndjson"
SETS="example madeup madeup-only"
if [ -d "$REAL" ]; then
	REAL=$(cd "$REAL" && pwd)
	gd-ingest -p consul "$REAL/decide-madrid/comments.csv" \
	    > "$W/madrid.ndjson" ||
	    notok inputs "gd-ingest -p consul failed on Decide Madrid"
	(cd "$REAL/regulations-gov-usda-2017-0002" &&
	    gd-ingest -p regulations-gov -j text-comments.csv \
	    docket-export.csv) > "$W/regs.ndjson" ||
	    notok inputs "gd-ingest -p regulations-gov failed"
	SETS="$SETS madrid regs"
else
	skip realdata "no real exports at $REAL"
fi
has() { case " $SETS " in *" $1 "*) return 0 ;; esac; return 1; }

# ---- counts: the independent count, record for record, byte for byte ----

# refcheck NAME FILE [OPTION...]
refcheck() {
	name=$1 file=$W/$2.ndjson
	shift 2
	gd-tally "$@" "$file" > "$W/$name.out" 2> "$W/$name.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		notok "$name" "exit $rc: $(head -n 1 "$W/$name.err")"
		return
	fi
	why=$(ref compare "$W/$name.out" "$@" "$file" 2>&1)
	if [ "$why" = ok ]; then ok "$name"; else notok "$name" "$why"; fi
}

refcheck count-example example
refcheck count-example-by example --by consent,respondent.type \
    --by respondent.country,consent --by 'answers.*,consent'
refcheck count-example-missing example --missing
refcheck count-madeup madeup
refcheck count-madeup-by-fields madeup \
    --by respondent.type,consent,answers.topics --by answers.q2
refcheck count-madeup-missing madeup --missing
refcheck count-madeup-missing-fields madeup --missing \
    --by respondent.type,consent --by consent
refcheck count-madeup-moderation madeup --by moderation \
    --by moderation,respondent.type --by respondent.type,moderation
refcheck count-madeup-moderation-missing madeup --missing --by moderation
refcheck count-madeup-scale madeup --scale "$D/scale-reversed.json"
refcheck count-madeup-codebook madeup --codebook "$D/made-up-codebook.json"
refcheck count-madeup-stubs madeup --stubs
refcheck count-redacted madeup-redacted
refcheck count-redacted-codebook madeup-redacted \
    --codebook "$D/made-up-codebook.json"
refcheck count-redacted-stubs madeup-redacted --stubs
refcheck count-public madeup-public --by consent,respondent.type \
    --by 'answers.*'
refcheck count-public-codebook madeup-public \
    --codebook "$D/made-up-codebook.json" --stubs
if has madrid; then
	refcheck count-madrid madrid
	refcheck count-madrid-by madrid --by respondent.type,extra.proposalId \
	    --by extra.page,respondent.type
	refcheck count-madrid-by-star madrid --by 'extra.*'
	refcheck count-madrid-codebook madrid \
	    --codebook "$D/madrid-codebook.json"
	refcheck count-madrid-stubs madrid --stubs
	# A field named in one tabulation and under "*" in another.
	refcheck count-madrid-field-and-star madrid \
	    --by respondent.type,extra.proposalId --by 'extra.*'
fi
if has regs; then
	refcheck count-regs regs
	refcheck count-regs-by regs --by 'respondent.type,extra.Document Type' \
	    --by consent,extra.Status
	refcheck count-regs-codebook regs --codebook "$D/regs-codebook.json"
	refcheck count-regs-stubs regs --stubs
fi

# ---- small-cell suppression ----

# audit NAME K [--listed] FILE [OPTION...]: the published counts are true,
# every count below K is withheld, and none that is withheld can be
# worked out from the total of its row ("of", or the count of the row's
# value in the summary or in the tabulation of that field alone) or of
# its column (the count of its value in the tabulation of the last field
# alone), nor the summary's from the number of responses (--listed: by a
# reader who knows that a listed cell is not empty).
audit() {
	name=$1 k=$2
	shift 2
	listed=
	if [ "$1" = --listed ]; then listed=--listed; shift; fi
	file=$W/$1.ndjson
	shift
	# The audit's rules are those of tables left as they are: what
	# --min-cell groups and collapses is audited by sdc-audit.sh.
	gd-tally --min-cell "$k" --no-collapse "$@" "$file" \
	    > "$W/$name.out" 2> "$W/$name.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		notok "$name" "exit $rc: $(head -n 1 "$W/$name.err")"
		return
	fi
	why=$(ref audit "$W/$name.out" "$k" $listed "$@" "$file" 2>&1)
	if [ "$why" = ok ]; then ok "$name"; else notok "$name" "$why"; fi
}

# One small cell in a row of a 2-D table: its row and its column each
# need a second withheld cell, and so do the row and column of that one.
python3 - "$W/secondary.ndjson" <<'EOF'
import json, sys
cells = [("citizen", "Yes", 10), ("citizen", "No", 8),
         ("citizen", "Maybe", 2), ("business", "Yes", 6),
         ("business", "No", 7), ("business", "Maybe", 9),
         ("ngo", "Yes", 12), ("ngo", "No", 5), ("ngo", "Maybe", 6)]
with open(sys.argv[1], "w") as f:
    i = 0
    for t, a, n in cells:
        for _ in range(n):
            i += 1
            f.write(json.dumps({"gd": 1, "kind": "response",
                                "id": "r%03d" % i,
                                "respondent": {"type": t},
                                "answers": {"q": a}}) + "\n")
EOF
audit suppress-secondary 5 secondary
n=$(grep -c '"key":\["citizen","[A-Za-z]*"\],"n":null' \
    "$W/suppress-secondary.out")
m=$(grep -c '"key":\["[a-z]*","Maybe"\],"n":null' "$W/suppress-secondary.out")
if [ "$n" -ge 2 ] && [ "$m" -ge 2 ]; then
	ok suppress-secondary-row-and-column
else
	notok suppress-secondary-row-and-column "withheld in the row of the" \
	    "small cell: $n, in its column: $m (2 or more each)"
fi
audit suppress-secondary-listed 5 --listed secondary

# A staircase: each secondary cell makes the next row or column need one.
python3 - "$W/staircase.ndjson" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    i = 0
    for r in range(30):
        for c in (r, r + 1):
            for _ in range(1 if (r, c) == (0, 0) else 10):
                i += 1
                f.write(json.dumps({"gd": 1, "kind": "response",
                                    "id": "r%04d" % i,
                                    "respondent": {"type": "t%02d" % r},
                                    "answers": {"q": "a%02d" % c}}) + "\n")
EOF
audit suppress-staircase 5 staircase --by respondent.type,answers.q
audit suppress-example 3 example
audit suppress-example-listed 3 --listed example
audit suppress-madeup 10 madeup
audit suppress-madeup-many 40 madeup
audit suppress-madeup-moderation 60 madeup --by moderation,respondent.type \
    --by respondent.type,moderation --by moderation
# Few enough that the summary's counts by moderation are withheld too.
python3 "$D/gen.py" 3 250 > "$W/madeup-small.ndjson"
audit suppress-small-moderation 30 madeup-small \
    --by moderation,respondent.type --by moderation
audit suppress-small-moderation-listed 30 --listed madeup-small \
    --by moderation,respondent.type --by moderation
audit suppress-madeup-themes 60 madeup --codebook "$D/made-up-codebook.json"
# A theme record of a type whose count the summary withholds withholds
# its base and its count too (its "none" count would be the type's).
python3 - "$W/typehidden.ndjson" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    i = 0
    for t, n in (("citizen", 12), ("ngo", 2), ("business", 9)):
        for j in range(n):
            i += 1
            f.write(json.dumps({"gd": 1, "kind": "response",
                                "id": "r%03d" % i, "respondent": {"type": t},
                                "answers": {"q": "Yes"}}) + "\n")
EOF
gd-tally --min-cell 3 --codebook "$D/made-up-codebook.json" \
    "$W/typehidden.ndjson" > "$W/typehidden.out" 2> /dev/null
why=$(python3 - "$W/typehidden.out" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
hidden = [t for t, n in recs[0]["by_type"].items() if n is None]
bad, seen = [], 0
for o in recs:
    if o["kind"] == "theme" and o["key"] and o["key"][0] in hidden:
        seen += 1
        if (o["n"], o["of"], o["share"], o["examples"]) != \
                (None, None, None, []):
            bad.append(json.dumps(o))
print("ok" if seen and not bad else
      "withheld types %s, %d theme rows of them, leaking: %s" % (
          hidden, seen, bad[:2]))
EOF
)
if [ "$why" = ok ]; then ok suppress-theme-of-withheld-type
else notok suppress-theme-of-withheld-type "$why"; fi
audit suppress-theme-typehidden 3 typehidden \
    --codebook "$D/made-up-codebook.json"

if has madrid; then
	audit suppress-madrid 5 madrid --by respondent.type,extra.proposalId
	audit suppress-madrid-themes 5 madrid \
	    --codebook "$D/madrid-codebook.json"
fi
if has regs; then
	audit suppress-regs 3 regs --by 'respondent.type,extra.Document Type'
fi

# ---- records passed on ----

f=$W/madeup.ndjson
gd-tally --with-records "$f" > "$W/with.out" 2> /dev/null
gd-tally "$f" > "$W/plain.out" 2> /dev/null
lines=$(wc -l < "$f")
others=$(grep -c -v '"kind":"response"' "$f")
tail -n "+$((others + 1))" "$W/plain.out" > "$W/plain.counts"
if head -n "$lines" "$W/with.out" | cmp -s - "$f" &&
    tail -n "+$((lines + 1))" "$W/with.out" | cmp -s - "$W/plain.counts"; then
	ok with-records
else
	notok with-records "not the input byte for byte, then the counts"
fi
grep -v '"kind":"response"' "$f" > "$W/others"
n=$(wc -l < "$W/others")
if [ "$n" -gt 0 ] && head -n "$n" "$W/plain.out" | cmp -s - "$W/others" &&
    ! tail -n "+$((n + 1))" "$W/plain.out" |
    grep -q -v -e '"kind":"summary"' -e '"kind":"tally"' -e '"kind":"scale"'
then
	ok pass-through
else
	notok pass-through "the $n records of other kinds are not first, as read"
fi

# ---- invalid JSON ----

if [ -d "$JTS/test_parsing" ]; then
	nbad=$(tools invalid "$JTS/test_parsing" "$W/invalid.ndjson" \
	    "$W/invalid.names")
	printf '%s\n' '{"gd":1,"kind":"response","id":"v1","answers":{"q":"Yes"}}' \
	    '{"gd":1,"kind":"response","id":"v2","answers":{"q":"No"}}' \
	    > "$W/valid.ndjson"
	gd-tally "$W/valid.ndjson" > "$W/valid.out"
	for mode in count merge; do
		opt=
		[ "$mode" = merge ] && opt=--merge
		gd-tally $opt --rejects "$W/invalid-$mode.rej" \
		    "$W/invalid.ndjson" > "$W/invalid-$mode.out" \
		    2> "$W/invalid-$mode.err"
		rc=$?
		why=$(tools rejected "$W/invalid-$mode.rej" "$W/invalid.names" \
		    "$W/invalid.ndjson")
		if [ "$mode" = count ]; then
			want=$W/valid.out
		else
			# Merging: the two valid responses are records of
			# another kind, passed on.
			{ cat "$W/valid.ndjson"
			  printf '%s%s\n' '{"gd":1,"kind":"summary","responses":0,' \
			      '"by_consent":{},"by_type":{},"stubs":{}}'
			} > "$W/valid-merge.out"
			want=$W/valid-merge.out
		fi
		nerr=$(grep -c ': not valid JSON' "$W/invalid-$mode.err")
		if [ "$rc" -ne 1 ]; then
			notok "invalid-json-$mode" "exit $rc, expected 1"
		elif [ "$why" != ok ]; then
			notok "invalid-json-$mode" "$why"
		elif ! cmp -s "$W/invalid-$mode.out" "$want"; then
			notok "invalid-json-$mode" "an invalid line was counted" \
			    "or passed on: diff $want $W/invalid-$mode.out"
		elif [ "$nerr" -ne "$nbad" ]; then
			notok "invalid-json-$mode" "$nerr messages for $nbad" \
			    "invalid lines"
		else
			ok "invalid-json-$mode"
		fi
	done
	gd-tally -q --max-rejects "$nbad" "$W/invalid.ndjson" > /dev/null 2>&1
	a=$?
	gd-tally -q --max-rejects "$((nbad - 1))" "$W/invalid.ndjson" \
	    > /dev/null 2>&1
	b=$?
	if [ "$a" -eq 0 ] && [ "$b" -eq 1 ]; then
		ok max-rejects
	else
		notok max-rejects "$nbad rejects: --max-rejects $nbad exit $a" \
		    "(expected 0), --max-rejects $((nbad - 1)) exit $b (expected 1)"
	fi
else
	skip invalid-json "no JSONTestSuite at $JTS"
fi

# ---- partial counts: any split, merged, gives the bytes of one run ----

# merges NAME FILE [OPTION...]: three random splits by lines (with empty
# parts), each part through --partial, all through --merge, against one
# run.  $only: options for the merge and the one run only.
only=
merges() {
	name=$1 file=$W/$2.ndjson
	shift 2
	gd-tally "$@" $only "$file" > "$W/$name.one" 2> /dev/null
	why=
	for seed in 1 2 3; do
		k=$((seed * 3))
		rm -f "$W/$name.part".*
		tools split "$seed" "$k" "$file" "$W/$name.part"
		for p in "$W/$name.part".*; do
			gd-tally --partial "$@" "$p" || echo "exit $? on $p" >&2
		done > "$W/$name.partials" 2> "$W/$name.err"
		cat "$W/$name.partials" | gd-tally --merge "$@" $only \
		    > "$W/$name.two" 2>> "$W/$name.err"
		rc=$?
		if [ "$rc" -ne 0 ] || [ -s "$W/$name.err" ]; then
			why="split $seed: exit $rc: $(head -n 1 "$W/$name.err")"
			break
		fi
		if ! cmp -s "$W/$name.one" "$W/$name.two"; then
			why="split $seed into $k parts: other bytes than one run"
			break
		fi
	done
	if [ -z "$why" ]; then ok "$name"; else notok "$name" "$why"; fi
}

merges merge-madeup madeup
merges merge-madeup-min-cell madeup --min-cell 10
merges merge-madeup-codebook-stubs madeup --codebook \
    "$D/made-up-codebook.json" --stubs
merges merge-madeup-missing madeup --missing
merges merge-madeup-scale madeup --scale "$D/scale-reversed.json" \
    --by consent,answers.q1
if has madrid; then
	merges merge-madrid madrid
	merges merge-madrid-campaigns madrid --campaigns --campaign-mode collapse
	merges merge-madrid-min-cell madrid --min-cell 5 \
	    --by respondent.type,extra.proposalId
	merges merge-madrid-codebook madrid --codebook "$D/madrid-codebook.json"
	merges merge-madrid-stubs madrid --stubs
	merges merge-madrid-missing madrid --missing \
	    --by 'respondent.type,extra.*'
fi
if has regs; then
	merges merge-regs regs
	only="--mark-campaigns"
	merges merge-regs-campaigns regs --campaigns --campaign-mode separate
	only=
	merges merge-regs-codebook-min-cell regs --codebook \
	    "$D/regs-codebook.json" --min-cell 3
	merges merge-regs-stubs regs --stubs
	merges merge-regs-missing regs --missing --by 'consent,extra.*'
fi

# The order of the partial records does not matter.
f=$W/madeup-only.ndjson
opts="--codebook $D/made-up-codebook.json --stubs"
gd-tally $opts "$f" > "$W/order.one"
tools split 4 5 "$f" "$W/order.part"
for p in "$W/order.part".*; do gd-tally --partial $opts "$p"; done \
    > "$W/order.partials"
tools shuffle 5 "$W/order.partials" | gd-tally --merge $opts > "$W/order.two"
if cmp -s "$W/order.one" "$W/order.two"; then
	ok merge-any-order
else
	notok merge-any-order "shuffled partial records merge to other bytes"
fi

# The merge takes the partials' options from them; given other options,
# it stops at once with one message (status 2), merging nothing; the
# partials' own options, given again, change nothing.
bad=
i=0
for a in "" --missing --stubs "--by consent" \
    "--codebook $D/made-up-codebook.json" "--scale $D/scale-reversed.json"; do
	i=$((i + 1))
	gd-tally --partial $a "$W/example.ndjson" > "$W/opt$i.partial"
	gd-tally $a "$W/example.ndjson" > "$W/opt$i.one"
done
i=0
for a in "" --missing --stubs "--by consent" \
    "--codebook $D/made-up-codebook.json" "--scale $D/scale-reversed.json"; do
	i=$((i + 1))
	j=0
	for b in "" --missing --stubs "--by consent" \
	    "--codebook $D/made-up-codebook.json" \
	    "--scale $D/scale-reversed.json"; do
		j=$((j + 1))
		gd-tally --merge $b "$W/opt$i.partial" > "$W/optmerge.out" \
		    2> "$W/optmerge.err"
		rc=$?
		m=$(wc -l < "$W/optmerge.err")
		if [ "$i" -eq "$j" ] || [ -z "$b" ]; then
			if [ "$rc" -ne 0 ] || [ "$m" -ne 0 ] ||
			    ! cmp -s "$W/optmerge.out" "$W/opt$i.one"; then
				bad="$bad; made with '$a', merged with '$b': exit $rc, not one run's bytes"
			fi
		elif [ "$rc" -ne 2 ] || [ "$m" -ne 1 ] ||
		    grep -q '"kind":"summary"' "$W/optmerge.out"; then
			bad="$bad; made with '$a', merged with '$b': exit $rc, $m messages"
		fi
	done
done
if [ -z "$bad" ]; then
	ok merge-other-options-refused
else
	notok merge-other-options-refused "${bad#; }"
fi

# Without options, the merge takes them from the partials, whatever the
# order of the lines: a partial record before the record of its options
# waits for it.
f=$W/madeup-only.ndjson
opts="--codebook $D/made-up-codebook.json --stubs --missing --by respondent.type,answers.*"
gd-tally $opts "$f" > "$W/noopt.one"
tools split 6 4 "$f" "$W/noopt.part"
for p in "$W/noopt.part".*; do gd-tally --partial $opts "$p"; done \
    > "$W/noopt.partials"
tools shuffle 7 "$W/noopt.partials" | gd-tally --merge > "$W/noopt.two" \
    2> "$W/noopt.err"
rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$W/noopt.err" ] &&
    cmp -s "$W/noopt.one" "$W/noopt.two"; then
	ok merge-options-from-partials-any-order
else
	notok merge-options-from-partials-any-order "exit $rc:" \
	    "$(head -n 1 "$W/noopt.err")"
fi

# ---- scale-out recipes ----

# GNU parallel, as in the manual page (smaller blocks, for more jobs).
if ! command -v parallel > /dev/null 2>&1; then
	sh "$TOP/tools/deps.sh" parallel > "$W/parallel-install" 2>&1
fi
if ! command -v parallel > /dev/null 2>&1; then
	notok parallel "GNU parallel is not installed and could not be:" \
	    "$(tail -n 1 "$W/parallel-install")"
elif ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	notok parallel "the parallel on PATH is not GNU parallel"
else
	for set in madrid madeup-only; do
		has "$set" || continue
		f=$W/$set.ndjson
		opts="--codebook $D/made-up-codebook.json --stubs --min-cell 3"
		gd-tally $opts "$f" > "$W/par.one"
		{
			parallel --will-cite --pipe --block 400k \
			    gd-tally --partial $opts < "$f" 2> "$W/par.err"
			echo $? > "$W/par.rc"
		} | gd-tally --merge --min-cell 3 > "$W/par.two" 2>> "$W/par.err"
		if [ "$(cat "$W/par.rc")" -ne 0 ]; then
			notok "parallel-$set" "parallel exited $(cat "$W/par.rc"):" \
			    "$(head -n 1 "$W/par.err")"
		elif cmp -s "$W/par.one" "$W/par.two"; then
			ok "parallel-$set"
		else
			notok "parallel-$set" "other bytes than one run:" \
			    "$(head -n 1 "$W/par.err")"
		fi
	done
fi

# Hadoop Streaming, simulated: the input cut into splits at line ends,
# the mapper on each (it must exit 0: --max-rejects), the shuffle's sort
# of the mapper's lines (each line is its key: no TAB in it), one
# reducer, which reads each line with a TAB after it (key, TAB, empty
# value).
for run in madrid regs madeup-only madrid-campaigns; do
	set=${run%-campaigns}
	has "$set" || continue
	f=$W/$set.ndjson
	name=hadoop-$run
	{ head -n 5 "$f"; echo '{"gd":1,"kind":"response",'; tail -n +6 "$f"; } \
	    > "$W/$name.in"
	opts="--codebook $D/made-up-codebook.json --stubs"
	[ "$run" = "$set" ] || opts="$opts --campaigns"
	gd-tally $opts "$W/$name.in" > "$W/$name.one" 2> /dev/null
	rm -rf "$W/$name"
	mkdir "$W/$name"
	split -n l/4 "$W/$name.in" "$W/$name/split."
	why=
	for s in "$W/$name"/split.*; do
		gd-tally -q --partial --max-rejects 10 $opts < "$s" > "$s.map"
		rc=$?
		[ "$rc" -eq 0 ] || why="a mapper exited $rc"
	done
	tabs=$(tools tabs "$W/$name"/*.map)
	# The reducer without the options: the sort keeps the records of
	# options first.
	cat "$W/$name"/*.map | LC_ALL=C sort | sed 's/$/	/' |
	    gd-tally --merge > "$W/$name.two" 2> "$W/$name.err"
	rc=$?
	if [ -n "$why" ]; then
		notok "$name" "$why"
	elif [ "$tabs" -ne 0 ]; then
		notok "$name" "$tabs TAB bytes in the mappers' output"
	elif [ "$rc" -ne 0 ]; then
		notok "$name" "the reducer exited $rc: $(head -n 1 "$W/$name.err")"
	elif ! cmp -s "$W/$name.one" "$W/$name.two"; then
		notok "$name" "other bytes than one run"
	else
		ok "$name"
	fi
done

# No raw TAB in what gd-tally writes, whatever the values hold.
python3 - "$W/tabs.ndjson" <<'EOF'
import json, sys
recs = [{"gd": 1, "kind": "response", "id": "t\t1",
         "respondent": {"type": "a\tb"},
         "answers": {"q\t1": "x\ty", "q2": ["p\tq", "r"]},
         "comments": {"c": "see\tattached"}},
        {"gd": 1, "kind": "response", "id": "t2",
         "answers": {"q\t1": "x\ty"},
         "comments": {"c": "tab\there and there"}}]
with open(sys.argv[1], "w") as f:
    for r in recs:
        f.write(json.dumps(r) + "\n")
EOF
printf '{"themes":[{"id":"t\\tab","label":"l\\tab","patterns":["\\\\t"]}]}\n' \
    > "$W/tabs-codebook.json"
opts="--stubs --codebook $W/tabs-codebook.json"
gd-tally $opts "$W/tabs.ndjson" > "$W/tabs.one"
gd-tally --partial $opts "$W/tabs.ndjson" > "$W/tabs.partial"
gd-tally --merge $opts "$W/tabs.partial" > "$W/tabs.two"
n=$(tools tabs "$W/tabs.one" "$W/tabs.partial")
if [ "$n" -eq 0 ] && cmp -s "$W/tabs.one" "$W/tabs.two" &&
    grep -q 'x\\ty' "$W/tabs.one"; then
	ok no-raw-tab
else
	notok no-raw-tab "$n raw TAB bytes in the output, or the merge differs"
fi

# ---- determinism ----

for run in madrid madeup madrid-campaigns; do
	set=${run%-campaigns}
	has "$set" || continue
	f=$W/$set.ndjson
	opts="--codebook $D/made-up-codebook.json --stubs --min-cell 3"
	[ "$run" = "$set" ] || opts="$opts --campaigns"
	gd-tally $opts "$f" > "$W/det.1"
	gd-tally $opts "$f" > "$W/det.2"
	grep '"kind":"response"' "$f" > "$W/det.resp"
	tools shuffle 9 "$W/det.resp" > "$W/det.shuf"
	gd-tally $opts "$W/det.resp" > "$W/det.3"
	gd-tally $opts "$W/det.shuf" > "$W/det.4"
	if ! cmp -s "$W/det.1" "$W/det.2"; then
		notok "deterministic-$run" "two runs, other bytes"
	elif ! cmp -s "$W/det.3" "$W/det.4"; then
		notok "deterministic-$run" "the same responses in another order" \
		    "give other bytes"
	else
		ok "deterministic-$run"
	fi
done

# ---- --progress ----

awk 'BEGIN {
	for (i = 0; i < 140000; i++)
		printf "{\"gd\":1,\"kind\":\"response\",\"id\":\"r%d\"," \
		    "\"answers\":{\"q\":\"%s\"}}\n", i, i % 2 ? "A" : "B"
}' > "$W/many.ndjson"
gd-tally --progress "$W/many.ndjson" > /dev/null 2> "$W/progress.err"
if grep -q '^gd-tally: ' "$W/progress.err"; then
	ok progress
else
	notok progress "nothing on standard error for 140000 records"
fi
