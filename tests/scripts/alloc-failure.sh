#!/bin/sh
# alloc-failure.sh - every tool when memory runs out.  The shim
# tests/alloc/failalloc.so (LD_PRELOAD; see HACKING.md) makes the Nth
# allocation of a run, and every later one, fail; each case below is run
# for N = 1, 2, ... up to the number of allocations it makes.  Every run
# must either end as the run without the shim does (same status, same
# output: nothing needed memory after N), or exit 4 with a message; never
# die of a signal, and never leave the -o file or a temporary file
# behind.  Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
W=$OUT/alloc
rm -rf "$W"
mkdir -p "$W/o" || exit 1
cd "$W" || exit 1
SHIM=$TOP/tests/alloc/failalloc.so

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

iconv -f UTF-8 -t WINDOWS-1252 "$TOP/tests/data/enc-latin.csv" > latin.csv
if [ -n "${GD_SANITIZE:-}" ]; then
	# The sanitizers bring their own allocator, which the shim cannot
	# replace; ASan can still refuse large allocations.  The source's
	# 1 MiB decoding buffer (Windows-1252 input) then fails: exit 4, a
	# message, the -o file untouched.  (ASan's warning about the refusal
	# goes to standard error, not to make sanitize's report folder.)
	printf 'old\n' > o/out
	ASAN_OPTIONS="$ASAN_OPTIONS:allocator_may_return_null=1:max_allocation_size_mb=1:log_path=stderr" \
	    gd-ingest -e WINDOWS-1252 -o o/out latin.csv 2> err
	rc=$?
	if [ "$rc" -ne 4 ] || ! grep -q '^gd-ingest: .*memory' err ||
	    [ "$(cat o/out)" != old ] || [ "$(ls o | wc -l)" -ne 1 ]; then
		notok alloc-sanitized "exit $rc: $(head -c 200 err)"
	else
		ok alloc-sanitized
	fi
	exit 0
fi
if [ ! -f "$SHIM" ]; then
	notok alloc-failure "no $SHIM (make check builds it)"
	exit 0
fi

EX=$TOP/examples/open-declaration
KEY=$TOP/tests/data/redact/test.key
RESP=$TOP/tests/data/redact/responses.ndjson
gd-ingest -m "$EX/mapping.json" "$EX/responses.csv" > responses.ndjson
gd-tally --partial --by respondent.type responses.ndjson > partial.ndjson
# The same, the lines in reverse, so that the counts wait for the record
# of their options; and campaign partials with a codebook.
tac partial.ndjson > partial-rev.ndjson
printf '%s\n' '{"themes":[{"id":"t","patterns":["the"]}]}' > codebook.json
# A campaign found (a third of the responses say the same), so that its
# records are made, counted again and marked.
jq -c --arg t "We the undersigned residents ask the council to keep the
library open on Sundays." 'if ((.id // "") | test("[0369]$")) then .comments =
    {"comment": $t} else . end' responses.ndjson > campaign.ndjson

# case NAME TOOL ARGS...: TOOL -o o/out ARGS... under the shim.
case_() {
	name=$1
	shift
	rm -rf o && mkdir o
	"$@" -o o/out > /dev/null 2> /dev/null
	want=$?
	if [ ! -e o/out ]; then
		notok "alloc-$name" "the run without the shim wrote nothing (exit $want)"
		return
	fi
	rm -rf expect
	mv o/out expect
	GD_FAIL_ALLOC_LOG=$W/count LD_PRELOAD=$SHIM "$@" -o o/out > /dev/null 2>&1
	k=$(cat count 2> /dev/null)
	if [ -z "$k" ] || [ "$k" -lt 10 ]; then
		notok "alloc-$name" "the shim counted ${k:-no} allocations"
		return
	fi
	n=1
	why=
	while [ "$n" -le "$k" ]; do
		rm -rf o && mkdir o
		GD_FAIL_ALLOC=$n LD_PRELOAD=$SHIM "$@" -o o/out > /dev/null 2> err
		rc=$?
		left=$(ls -a o | grep "out")
		if [ "$rc" -ge 128 ]; then
			why="N=$n: killed by signal $((rc - 128)): $(head -c 200 err)"
		elif [ "$rc" -eq 4 ]; then
			if ! grep -q "^$1: .*" err; then
				why="N=$n: exit 4 without a message: $(head -c 200 err)"
			elif [ -n "$left" ]; then
				why="N=$n: exit 4 left $left behind"
			fi
		elif [ "$rc" -ne "$want" ]; then
			why="N=$n: exit $rc, expected 4 or $want: $(head -c 200 err)"
		elif ! { [ -d expect ] && diff -r o/out expect > /dev/null; } &&
		    ! cmp -s o/out expect 2> /dev/null; then
			why="N=$n: exit $rc with other output"
		fi
		[ -n "$why" ] && break
		n=$((n + 1))
	done
	if [ -n "$why" ]; then
		notok "alloc-$name" "$why"
	else
		ok "alloc-$name ($k allocations)"
	fi
}

case_ ingest-mapped gd-ingest -m "$EX/mapping.json" --rejects o/rejects "$EX/responses.csv"
case_ ingest-rejects gd-ingest --rejects o/rejects "$TOP/tests/cli/ingest/reject-invalid-utf8/in.csv"
case_ ingest-latin gd-ingest -e WINDOWS-1252 latin.csv
case_ ingest-json gd-ingest -f json "$TOP/tests/cli/ingest/json-array/in.json"
case_ ingest-xlsx gd-ingest --header-rows 2 "$TOP/tests/data/sheets/cells.xlsx"
case_ ingest-ods gd-ingest --header-rows 2 "$TOP/tests/data/sheets/cells.ods"
case_ ingest-xls gd-ingest --header-rows 2 "$TOP/tests/data/sheets/cells.xls"
case_ ingest-preset-json gd-ingest -p eu-have-your-say "$TOP/tests/cli/ingest/preset-eu-have-your-say/page.json"
case_ redact-publication gd-redact --for publication --key-file "$KEY" "$RESP"
case_ redact-analysis gd-redact --for analysis --key-file "$KEY" --audit o/audit "$RESP"
# Workers: an allocation of any thread may fail, whichever comes first.
{ cat "$RESP"; printf '%s\n' '[1]' '{"gd":1,"kind":"response","id":"a","id":"b"}' \
    '{"gd":1,"kind":"response","id":"c","consent":"maybe"}'; cat "$RESP"; } > bad.ndjson
case_ redact-threads gd-redact --threads 3 --for analysis --key-file "$KEY" --audit o/audit --rejects o/rejects bad.ndjson "$RESP"
case_ tally gd-tally --by respondent.type --by 'answers.*' --min-cell 2 responses.ndjson
case_ tally-campaigns gd-tally --campaigns --stubs responses.ndjson
case_ tally-campaigns-found gd-tally --mark-campaigns --campaign-mode collapse campaign.ndjson
case_ tally-merge gd-tally --merge --by respondent.type partial.ndjson
case_ tally-merge-options gd-tally --merge partial-rev.ndjson
gd-tally --partial --campaign-mode collapse --codebook codebook.json \
    campaign.ndjson > partial-campaigns.ndjson
case_ tally-merge-campaigns gd-tally --merge partial-campaigns.ndjson
case_ tally-compare gd-tally --compare --campaigns --min-cell 2 campaign.ndjson
# Themes in the audit of --min-cell, a campaign counted once (a few
# responses: a run with a codebook makes thousands of allocations).
head -n 8 campaign.ndjson > campaign-8.ndjson
case_ tally-themes-audit gd-tally --by respondent.type --campaign-mode \
    collapse --campaign-min 2 --min-cell 3 --codebook codebook.json \
    campaign-8.ndjson
gd-tally --with-records --compare responses.ndjson > compared.ndjson
case_ publish-compare gd-publish -f html --allow-unredacted compared.ndjson
H=$TOP/tests/data
case_ publish-html gd-publish -f html --replies "$H/hostile-replies.md" "$H/hostile-tallied.ndjson"
case_ publish-csv gd-publish -f csv "$H/hostile-tallied.ndjson"
printf '%s\n' '{"title":"T","reply":"R","questions":{"q1":{"text":"Q","reply":"A"}}}' > replies.json
case_ publish-json gd-publish -f json --replies replies.json "$H/hostile-tallied.ndjson"
# A data package (a directory: nothing left beside it): names renamed,
# NULLs listed for SQLite, a licence.
{ cat "$H/null-empty.ndjson"; printf '%s\n' '{"gd":1,"kind":"response","id":"X","respondent":{"type":"citizen"},"answers":{"Q1":"a","q1":"b"},"-f":"c","privacy":"publication"}'; } > package.ndjson
case_ publish-datapackage gd-publish -f datapackage --sql sqlite --license CC0-1.0 package.ndjson
exit 0
