#!/bin/sh
# compare.sh - gd-tally --compare checked against an independent
# implementation (tests/data/compare/check.py: counts with Python's json,
# Newcombe intervals, chi-square, Holm and Welch with statsmodels and
# SciPy, the t quantile with mpmath, Fisher's exact test by enumeration in
# exact fractions), to 1e-9 relative: on made-up records of many sizes
# (tests/data/compare/gen.py: small groups, zero cells, a Likert question,
# a question one group answers, one answer only, rare answers), on the
# example consultation, with --min-cell, by another field, with campaigns
# collapsed (checked against --campaign-mode collapse's own counts); the
# checker shown to catch a wrong figure; partials merged to the bytes of
# one run.  Needs Debian's python3 with python3-scipy,
# python3-statsmodels and python3-mpmath (make deps-check installs them).
# Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
D=$TOP/tests/data/compare
EX=$TOP/examples/open-declaration
PY=/usr/bin/python3
W=$OUT/compare
rm -rf "$W"
mkdir -p "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

if ! "$PY" -c 'import scipy, statsmodels, mpmath' 2> "$W/py.err"; then
	notok compare "Debian's python3 lacks scipy, statsmodels or mpmath: $(tail -n 1 "$W/py.err")"
	exit 0
fi

# check NAME CHECK-OPTIONS -- RECORDS TALLY-OPTIONS: gd-tally, then the
# checker; NAME's result.
check() {
	name=$1
	shift
	copts=
	while [ "$1" != -- ]; do copts="$copts $1"; shift; done
	shift
	rec=$1
	shift
	if ! gd-tally "$@" "$rec" > "$W/$name.out" 2> "$W/$name.err"; then
		notok "$name" "gd-tally failed: $(head -n 1 "$W/$name.err")"
		return
	fi
	nq=$(grep -c '"kind":"compare"' "$W/$name.out")
	if [ "$nq" -eq 0 ]; then
		notok "$name" "no compare records"
		return
	fi
	# shellcheck disable=SC2086
	if "$PY" "$D/check.py" $copts "$rec" "$W/$name.out" > "$W/$name.check" 2>&1; then
		ok "$name ($nq questions)"
	else
		notok "$name" "$(head -n 3 "$W/$name.check" | tr '\n' ';')"
	fi
}

# ---- made-up records: sizes from a handful to thousands ----
for seed in 1 2 3; do
	for n in 6 15 40 150 1200; do
		"$PY" "$D/gen.py" "$seed" "$n" > "$W/gen-$seed-$n.ndjson"
		check "generated-$seed-$n" -- "$W/gen-$seed-$n.ndjson" --compare
		check "min-cell-$seed-$n" --min-cell 4 -- \
		    "$W/gen-$seed-$n.ndjson" --compare --min-cell 4
	done
done
"$PY" "$D/gen.py" 9 400 > "$W/countries.ndjson"
check by-country --by respondent.country --groups FR,ES -- \
    "$W/countries.ndjson" --compare=FR,ES --compare-by respondent.country
check groups-reversed --groups citizen,public_employee -- \
    "$W/countries.ndjson" --compare=citizen,public_employee

# Which tests ran, over all of them: both kinds, and Likert intervals.
cat "$W"/generated-*.out > "$W/all.out"
for what in '"test":"fisher"' '"test":"chi-square"' '"test":null' \
    '"mean_ci":\[' '"mean_ci":null' '"withheld":"group_absent"'; do
	if grep -q "$what" "$W/all.out"; then
		ok "covered: $what"
	else
		notok "covered: $what" "no record has it"
	fi
done
# With --min-cell the publication's pattern decides: compared, or
# withheld as its tables withhold (both seen).
if grep -q '"withheld":"withheld_in_publication"' "$W"/min-cell-*.out &&
    grep -q '"withheld":null\|"p":' "$W"/min-cell-*.out; then
	ok "covered: compared and withheld under --min-cell"
else
	notok "covered: compared and withheld under --min-cell" "missing"
fi

# ---- the example consultation ----
gd-ingest -q -m "$EX/mapping.json" "$EX/responses.csv" |
    gd-redact -q --for publication > "$W/example.ndjson"
check example -- "$W/example.ndjson" --compare
check example-academics --groups academic,citizen -- "$W/example.ndjson" \
    --compare=academic,citizen

# ---- campaigns: the figures with each campaign as one voice ----
"$PY" "$D/gen.py" 7 300 campaign > "$W/campaign.ndjson"
check campaigns -- "$W/campaign.ndjson" --compare --campaigns
gd-tally --campaigns --campaign-mode collapse "$W/campaign.ndjson" \
    > "$W/collapse.out"
if "$PY" "$D/check.py" --collapsed --counts "$W/collapse.out" \
    "$W/campaign.ndjson" "$W/campaigns.out" > "$W/collapsed.check" 2>&1; then
	ok "campaigns collapsed = --campaign-mode collapse's counts"
else
	notok "campaigns collapsed" "$(head -n 3 "$W/collapsed.check" | tr '\n' ';')"
fi
# The organised "No" makes q1's difference; without it, none.
if grep '"question":"answers.q1"' "$W/campaigns.out" | grep -q '"holds":false'; then
	ok "campaigns: q1's difference does not hold without the campaign"
else
	notok "campaigns: holds" "$(grep '"question":"answers.q1"' "$W/campaigns.out" | grep -o '"holds":[a-z]*')"
fi
# With the tabulations collapsed, so are the comparisons themselves.
check campaigns-collapse-mode --counts "$W/collapse.out" -- \
    "$W/campaign.ndjson" --compare --campaigns --campaign-mode collapse

# ---- the checker catches a wrong figure ----
sed 's/\("p":0\.[0-9]\{6\}\)[0-9]/\19/' "$W/generated-1-150.out" > "$W/wrong.out"
if cmp -s "$W/wrong.out" "$W/generated-1-150.out"; then
	notok "checker catches a wrong p" "nothing was changed"
elif "$PY" "$D/check.py" "$W/gen-1-150.ndjson" "$W/wrong.out" > /dev/null 2>&1; then
	notok "checker catches a wrong p" "it passed"
else
	ok "checker catches a wrong p"
fi

# ---- partials merged: the bytes of one run, given the options or
# taking the partials' (--min-cell is the merge's own) ----
for opts in "--compare" "--compare --min-cell 3" \
    "--compare=FR,DE --compare-by respondent.country" \
    "--compare --campaigns"; do
	# shellcheck disable=SC2086
	gd-tally $opts "$W/campaign.ndjson" > "$W/one.out"
	rm -f "$W"/part.*
	split -l 70 "$W/campaign.ndjson" "$W/part."
	for f in "$W"/part.*; do
		# shellcheck disable=SC2086
		gd-tally --partial $opts "$f"
	done > "$W/partials.ndjson"
	# shellcheck disable=SC2086
	if gd-tally --merge $opts "$W/partials.ndjson" | cmp -s - "$W/one.out" &&
	    gd-tally --merge $(echo "$opts" | grep -o -e '--min-cell [0-9]*') \
	    "$W/partials.ndjson" | cmp -s - "$W/one.out"; then
		ok "merge = one run: $opts"
	else
		notok "merge = one run: $opts" "the bytes differ"
	fi
done
