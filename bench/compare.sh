#!/bin/sh
# bench/compare.sh - the cost of gd-tally --compare: a run with
# comparisons (public employees against citizens, on every closed
# question) against a plain --by respondent.type count of the same
# stream, best wall time of BENCH_RUNS each; the issue's target is at
# most 1.5 times.  The stream is made as bench/tally.sh makes it
# (bench/gen, gd-ingest with bench/bench-mapping.json).  POSIX sh; run
# by bench/run.sh, or on its own (sh bench/compare.sh) from anywhere.
#
# Environment: GD_TALLY, BENCH_ROWS, BENCH_RUNS, CC, TMPDIR as in
# bench/tally.sh.
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
B=bench/build
D=bench/data
TIME=/usr/bin/time

T_COMPARE=1.5		# --compare at most this times a --by respondent.type

. "$(dirname "$0")/lib.sh"	# say, note, die, build, label, data, measure, verdict

case $ROWS in '' | *[!0-9]*) die "BENCH_ROWS must be a number, not '$ROWS'" ;; esac
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be 1 or more, not '$RUNS'" ;; esac
[ "$ROWS" -ge 10 ] || die "BENCH_ROWS must be at least 10"
[ -x "$TIME" ] || die "$TIME not found: install the Debian package 'time'"
[ -x "$GD_INGEST" ] || die "$GD_INGEST not found: run make"

mkdir -p "$B" "$D" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gd-bench-compare.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

build "$B/gen" bench/gen.c || die "cannot compile bench/gen.c"
GENSUM=$(cksum < bench/gen.c | awk '{ print $1 }')
CSV=$(data "$ROWS") || die "cannot generate the input"
FILE=$TMP/responses-$(label "$ROWS").ndjson
note "ingesting $CSV with $MAP"
"$GD_INGEST" -q -m "$MAP" -o "$FILE" "$CSV" ||
    die "gd-ingest failed on $CSV"
cat "$FILE" > /dev/null		# same warm page cache for both

measure "gd-tally --by respondent.type" 0 "$TMP/plain" \
    $GD_TALLY --by respondent.type "$FILE"
P_WALL=$R_WALL P_RC=$R_RC
measure "gd-tally --by respondent.type --compare" 0 "$TMP/compare" \
    $GD_TALLY --by respondent.type --compare "$FILE"
C_WALL=$R_WALL C_RC=$R_RC C_RSS=$R_RSS
[ "$P_RC" = 0 ] && [ "$C_RC" = 0 ] || die "gd-tally failed (exit $P_RC, $C_RC)"
NQ=$(grep -c '"kind":"compare"' "$TMP/compare")
[ "$NQ" -gt 0 ] || die "no compare records: the stream has no public employees and citizens answering the same question"

say ""
say "gd-tally --compare, $(label "$ROWS") records ($NQ questions compared, best of $RUNS):"
R=$(awk -v a="$C_WALL" -v b="$P_WALL" 'BEGIN { if (b < 0.01) b = 0.01
	printf "%.2f", a / b }')
figure "compare cost" "--compare ${C_WALL}s vs --by respondent.type ${P_WALL}s: ${R}x" \
    "<= ${T_COMPARE}x" "$(verdict "$R" "<=" "$T_COMPARE")"
info "gd-tally --compare peak RSS $(awk -v m="$C_RSS" 'BEGIN { printf "%.1f", m / 1024 }') MiB"
exit 0
