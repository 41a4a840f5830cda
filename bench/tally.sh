#!/bin/sh
# bench/tally.sh - gd-tally against its peers on a stream of response
# records: wall time and peak memory of a one-field count, of the default
# tallies, and of two --partial runs in parallel merged with --merge; then
# the issue's targets.  POSIX sh.  bench/run.sh runs it last; it also runs
# on its own (sh bench/tally.sh), from anywhere.
#
# The stream is made in this run: bench/data/consultation-N.csv (written by
# bench/gen, as for run.sh) through gd-ingest with bench/bench-mapping.json,
# into a temporary directory (about 613 MB at 1M rows, twice that while the
# halves for --partial exist).
#
# Environment:
#   GD_TALLY    the command to measure (default bin/gd-tally); may carry
#               arguments, split on blanks; relative to the repository root
#   BENCH_ROWS  records in the main stream (default 1000000)
#   BENCH_RUNS  runs per gd-tally measurement, best wall time kept
#               (default 3); the jq pipeline runs once, Miller stops after
#               one run that takes more than 20 s
#   CC          the C compiler for bench/gen (default cc)
#   TMPDIR      where the stream is written (default /tmp)
#
# Always exits 0 once the measurements ran: a missed target is reported,
# not a build failure.  Exits 1 only when the benchmark cannot run at all.

# GD_TALLY is expanded unquoted on purpose: split on blanks, never globbed.
# shellcheck disable=SC2086
set -u
set -f

cd "$(dirname "$0")/.." || exit 1

ROWS=${BENCH_ROWS:-1000000}
RUNS=${BENCH_RUNS:-3}
GD_TALLY=${GD_TALLY:-bin/gd-tally}
GD_INGEST=bin/gd-ingest		# makes the stream; not measured here
MAP=bench/bench-mapping.json
CC=${CC:-cc}
SLOW=20			# seconds: Miller this slow is run once
B=bench/build
D=bench/data
TIME=/usr/bin/time

# Targets from the issue.
T_JQ=1.5		# gd-tally --by respondent.type vs jq | sort | uniq -c
T_MILLER=5		# ... vs mlr count-distinct (wall)
T_RSS=32		# MiB: gd-tally's peak RSS at BENCH_ROWS records
T_GROW=1		# MiB: more than this from 1/10 to full size is growth
T_MIN=2			# gd-tally --min-cell 10 vs the default run (wall)

. "$(dirname "$0")/lib.sh"	# say, note, die, build, label, data, measure, verdict

case $ROWS in '' | *[!0-9]*) die "BENCH_ROWS must be a number, not '$ROWS'" ;; esac
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be 1 or more, not '$RUNS'" ;; esac
[ "$ROWS" -ge 10 ] || die "BENCH_ROWS must be at least 10"
[ -x "$TIME" ] || die "$TIME not found: install the Debian package 'time'"
[ -x "$GD_INGEST" ] || die "$GD_INGEST not found: run make"
set -- $GD_TALLY
case ${1:-} in
'') die "GD_TALLY is empty" ;;
*/*) [ -x "$1" ] || die "$1 not found: run make (or set GD_TALLY)" ;;
*) command -v "$1" > /dev/null 2>&1 || die "$1 not found (set GD_TALLY)" ;;
esac

mkdir -p "$B" "$D" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gd-bench-tally.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# ---- helpers (as in run.sh) ------------------------------------------

# measure_once ...: measure with one run.
measure_once() {
	mo_runs=$RUNS RUNS=1
	measure "$@"
	RUNS=$mo_runs
}

# keep: the last measure as "WALL CPU RSS RUNS RC".
keep() { say "$R_WALL $R_CPU $R_RSS $R_N $R_RC"; }

# load RESULT: sets R_* from a kept result.
load() {
	read -r R_WALL R_CPU R_RSS R_N R_RC <<-EOF
	$1
	EOF
}

# row NAME BYTES RECORDS: the table row for the loaded result.
row() {
	awk -v n="$1" -v bytes="$2" -v recs="$3" -v w="$R_WALL" -v m="$R_RSS" \
	    -v c="$R_CPU" -v r="$R_N" -v rc="$R_RC" 'BEGIN {
		if (w < 0.01) w = 0.01
		printf "%-36s %7.2f %7.2f %7.1f %13.1f %7.2f %4d%s\n", n, w,
		    recs / w / 1e6, bytes / w / 1e6, m / 1024, c, r,
		    rc != 0 ? "   (exit " rc ")" : ""
	}'
}

skip() { printf '%-36s %s\n' "$1" "$2"; }

# target LABEL TEXT VALUE OP TARGET TARGET_TEXT
target() {
	figure "$1" "$2" "$6" "$(verdict "$3" "$4" "$5")"
}

# ratio A B: A / B, B at least 0.01, with 2 decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b < 0.01) b = 0.01
		printf "%.2f", a / b }'
}

# Counts normalised to "TYPE COUNT" lines, sorted, from each tool's output.
counts_gd() {
	sed -n 's/.*"kind":"tally","by":\["respondent\.type"\],"key":\["\([^"]*\)"\],"n":\([0-9]*\).*/\1 \2/p' "$1" |
	    LC_ALL=C sort
}
counts_jq() { awk '{ print $2, $1 }' "$1" | LC_ALL=C sort; }
counts_mlr() {
	sed -n 's/^respondent\.type=\(.*\),count=\([0-9]*\)$/\1 \2/p' "$1" |
	    LC_ALL=C sort
}
total() { awk '{ n += $2 } END { print n + 0 }' "$1"; }

# ---- tools -----------------------------------------------------------

build "$B/gen" bench/gen.c || die "cannot compile bench/gen.c"
GENSUM=$(cksum < bench/gen.c | awk '{ print $1 }')

HAVE_JQ=0
JQVER=
if command -v jq > /dev/null 2>&1; then
	HAVE_JQ=1
	JQVER=$(jq --version 2> /dev/null | sed 's/^jq-//')
fi

HAVE_MLR=0
MLRVER=
if command -v mlr > /dev/null 2>&1; then
	MLRVER=$(mlr --version 2> /dev/null | awk '{ print $2; exit }')
	case $MLRVER in
	[6-9].* | [1-9][0-9]*) HAVE_MLR=1 ;;
	*) note "mlr $MLRVER is older than Miller 6; skipped" ;;
	esac
fi

# ---- data ------------------------------------------------------------

SMALL_ROWS=$((ROWS / 10))
CSV=$(data "$ROWS") || die "cannot generate the input"
FILE=$TMP/responses-$(label "$ROWS").ndjson
SMALL=$TMP/responses-$(label "$SMALL_ROWS").ndjson

note "ingesting $CSV with $MAP"
measure_once gd-ingest 0 "$FILE" "$GD_INGEST" -q -m "$MAP" "$CSV"
INGEST_WALL=$R_WALL INGEST_RC=$R_RC
[ "$INGEST_RC" = 0 ] || die "gd-ingest failed on $CSV (exit $INGEST_RC)"
LINES=$(wc -l < "$FILE")
BYTES=$(wc -c < "$FILE")
# gen's output for fewer rows is a prefix of its output for more, so the
# first tenth of the stream is the stream of the 1/10 file.
head -n "$SMALL_ROWS" "$FILE" > "$SMALL" || die "cannot write $SMALL"
SMALL_BYTES=$(wc -c < "$SMALL")
note "splitting the stream in two (split -n l/2)"
split -n l/2 "$FILE" "$TMP/half." || die "split -n l/2 failed"
cat "$FILE" > /dev/null		# same warm page cache for everyone

# The parallel run: two --partial runs in the background, then a merge.
cat > "$TMP/par.sh" <<-'EOF'
	# par.sh OUTDIR GD_TALLY...: tally the halves in parallel, then merge.
	d=$1
	shift
	"$@" --partial "$d/half.aa" > "$d/part.a" & a=$!
	"$@" --partial "$d/half.ab" > "$d/part.b" & b=$!
	rc=0
	wait "$a" || rc=$?
	wait "$b" || rc=$?
	[ "$rc" = 0 ] || exit "$rc"
	exec "$@" --merge "$d/part.a" "$d/part.b"
EOF

# ---- measurements ----------------------------------------------------

measure "gd-tally --by respondent.type" 0 "$TMP/gd.by" \
    $GD_TALLY --by respondent.type "$FILE"
GD_BY=$(keep)
if [ "$HAVE_JQ" = 1 ]; then
	# shellcheck disable=SC2016
	measure_once "jq | sort | uniq -c" 0 "$TMP/jq.by" \
	    sh -c 'jq -r .respondent.type "$1" | sort | uniq -c' sh "$FILE"
	JQ=$(keep)
fi
if [ "$HAVE_MLR" = 1 ]; then
	# Miller 6 keeps a JSON record's nested maps as maps and flattens them
	# to "respondent.type" only on non-JSON output, after the verbs have
	# run: count-distinct -f respondent.type alone finds no such field and
	# prints nothing.  flatten first makes the field exist.
	# shellcheck disable=SC1010
	measure mlr "$SLOW" "$TMP/mlr.by" \
	    mlr --ijsonl flatten then count-distinct -f respondent.type "$FILE"
	MLR=$(keep)
fi
measure "gd-tally (default)" 0 "$TMP/gd.all" $GD_TALLY "$FILE"
GD_ALL=$(keep)
# --min-cell: the suppression and its audit (sdc_audit.c).
measure "gd-tally --min-cell 10" 0 "$TMP/gd.min" \
    $GD_TALLY --min-cell 10 "$FILE"
GD_MIN=$(keep)
measure "gd-tally --partial x2 + --merge" 0 "$TMP/gd.par" \
    sh "$TMP/par.sh" "$TMP" $GD_TALLY
GD_PAR=$(keep)

# Memory at a tenth of the size: one run of each.
measure_once "gd-tally --by respondent.type (small)" 0 /dev/null \
    $GD_TALLY --by respondent.type "$SMALL"
GD_BY_SMALL=$(keep)
measure_once "gd-tally (default, small)" 0 /dev/null $GD_TALLY "$SMALL"
GD_ALL_SMALL=$(keep)

# ---- checks ----------------------------------------------------------

counts_gd "$TMP/gd.by" > "$TMP/c.gd"
GD_TOTAL=$(total "$TMP/c.gd")
GD_TYPES=$(wc -l < "$TMP/c.gd")
C_MSG="gd-tally $GD_TOTAL in $GD_TYPES types"
C_OK=OK
[ "$GD_TOTAL" -eq "$ROWS" ] && [ "$GD_TYPES" -gt 0 ] || C_OK=MISMATCH
if [ "$HAVE_JQ" = 1 ]; then
	counts_jq "$TMP/jq.by" > "$TMP/c.jq"
	C_MSG="$C_MSG, jq $(total "$TMP/c.jq")"
	cmp -s "$TMP/c.gd" "$TMP/c.jq" || C_OK=MISMATCH
fi
if [ "$HAVE_MLR" = 1 ]; then
	counts_mlr "$TMP/mlr.by" > "$TMP/c.mlr"
	C_MSG="$C_MSG, mlr $(total "$TMP/c.mlr")"
	cmp -s "$TMP/c.gd" "$TMP/c.mlr" || C_OK=MISMATCH
fi
if [ "$C_OK" = OK ]; then
	C_MSG="$C_MSG; counts equal"
else
	C_MSG="$C_MSG; counts differ"
fi
PE=$(awk '$1 == "public_employee" { print $2 }' "$TMP/c.gd")

P_OK=OK
P_MSG="merge of 2 halves ($(wc -l < "$TMP/half.aa") + $(wc -l < "$TMP/half.ab") records)"
if cmp -s "$TMP/gd.par" "$TMP/gd.all" && [ -s "$TMP/gd.all" ]; then
	P_MSG="$P_MSG and single run: byte-identical ($(wc -l < "$TMP/gd.all") lines)"
else
	P_OK=MISMATCH
	P_MSG="$P_MSG and single run differ"
fi

# ---- report ----------------------------------------------------------

say
say "gd-tally benchmark: $CSV through gd-ingest -m $MAP"
s_runs="$RUNS runs"
[ "$RUNS" = 1 ] && s_runs="1 run"
say "  $LINES records, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB" \
    "of NDJSON (made in ${INGEST_WALL} s), $(nproc 2> /dev/null || echo ?) CPUs;" \
    "best wall time of up to $s_runs (jq: 1), peak RSS the largest of them"
say
printf '%-36s %7s %7s %7s %13s %7s %4s\n' tool "wall s" "Mrec/s" "MB/s" \
    "peak RSS MiB" "cpu s" runs
load "$GD_BY"
row "gd-tally --by respondent.type" "$BYTES" "$ROWS"
if [ "$HAVE_JQ" = 1 ]; then
	load "$JQ"
	row "jq $JQVER -r | sort | uniq -c" "$BYTES" "$ROWS"
else
	skip "jq | sort | uniq -c" "not installed (Debian package jq)"
fi
if [ "$HAVE_MLR" = 1 ]; then
	load "$MLR"
	row "mlr $MLRVER count-distinct" "$BYTES" "$ROWS"
else
	skip "mlr count-distinct" "not installed (Debian package miller, version 6)"
fi
load "$GD_ALL"
row "gd-tally (default)" "$BYTES" "$ROWS"
load "$GD_MIN"
row "gd-tally --min-cell 10" "$BYTES" "$ROWS"
load "$GD_PAR"
row "gd-tally --partial x2 + --merge" "$BYTES" "$ROWS"
load "$GD_BY_SMALL"
row "gd-tally --by ... ($(label "$SMALL_ROWS"))" "$SMALL_BYTES" "$SMALL_ROWS"
load "$GD_ALL_SMALL"
row "gd-tally (default, $(label "$SMALL_ROWS"))" "$SMALL_BYTES" "$SMALL_ROWS"

say
S_OK=OK
[ "$LINES" -eq "$ROWS" ] || S_OK=MISMATCH
say "check (stream): gd-ingest $LINES records, generator $ROWS rows: $S_OK"
say "check (counts): $C_MSG: $C_OK"
[ -n "$PE" ] && say "                public_employee: $PE"
say "check (partial): $P_MSG: $P_OK"
say

say "targets:"
load "$GD_BY"
GD_WALL=$R_WALL GD_CPU=$R_CPU
if [ "$HAVE_JQ" = 1 ]; then
	load "$JQ"
	v=$(ratio "$R_WALL" "$GD_WALL")
	target "vs jq" "gd-tally --by ${v}x as fast as jq|sort|uniq -c" \
	    "$v" ">=" "$T_JQ" ">= ${T_JQ}x"
	JQ_CPU=$(ratio "$R_CPU" "$GD_CPU")
else
	say "  vs jq            n/a: jq not measured"
fi
if [ "$HAVE_MLR" = 1 ]; then
	load "$MLR"
	v=$(ratio "$R_WALL" "$GD_WALL")
	target "vs Miller" "gd-tally --by ${v}x as fast as mlr count-distinct" \
	    "$v" ">=" "$T_MILLER" ">= ${T_MILLER}x"
	MLR_CPU=$(ratio "$R_CPU" "$GD_CPU")
else
	say "  vs Miller        n/a: mlr not measured"
fi
# Memory: the largest gd-tally run at each size (the parallel run's
# processes each see half the stream, so they are left out).
rss_max() {
	rm_max=0
	for rm_r in "$@"; do
		load "$rm_r"
		[ "$R_RSS" -gt "$rm_max" ] && rm_max=$R_RSS
	done
	say "$rm_max"
}
RSS_BIG=$(rss_max "$GD_BY" "$GD_ALL")
RSS_SMALL=$(rss_max "$GD_BY_SMALL" "$GD_ALL_SMALL")
v=$(awk -v m="$RSS_BIG" 'BEGIN { printf "%.1f", m / 1024 }')
target "peak RSS" "gd-tally $v MiB at most ($(label "$ROWS") records)" \
    "$v" "<=" "$T_RSS" "<= $T_RSS MiB"
v=$(awk -v a="$RSS_BIG" -v b="$RSS_SMALL" 'BEGIN { printf "%+.1f", (a - b) / 1024 }')
g=$(awk -v a="$RSS_BIG" -v b="$RSS_SMALL" \
    'BEGIN { printf "%.1f to %.1f", b / 1024, a / 1024 }')
target "RSS growth" "$g MiB ($(label "$SMALL_ROWS") to $(label "$ROWS") records)" \
    "$v" "<=" "$T_GROW" "<= +$T_GROW MiB"
load "$GD_ALL"
ALL_WALL=$R_WALL
load "$GD_MIN"
v=$(ratio "$R_WALL" "$ALL_WALL")
target "--min-cell" \
    "gd-tally --min-cell 10 takes ${v}x the wall time of the default run" \
    "$v" "<=" "$T_MIN" "<= ${T_MIN}x"
load "$GD_PAR"
info "--partial x2 + --merge $(ratio "$ALL_WALL" "$R_WALL")x" \
    "as fast as one default run (wall)"
[ -n "${JQ_CPU:-}" ] &&
    info "jq|sort|uniq -c takes ${JQ_CPU}x the cpu s of gd-tally --by"
[ -n "${MLR_CPU:-}" ] &&
    info "mlr count-distinct takes ${MLR_CPU}x the cpu s of gd-tally --by"
exit 0
