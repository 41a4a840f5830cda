#!/bin/sh
# bench/run.sh - gd-ingest against its peers on a generated consultation
# export: wall time, throughput and peak memory, then the issue's targets.
# POSIX sh.  Run from anywhere (make bench runs it from the repository root).
#
# Environment:
#   GD_INGEST   the command to measure (default bin/gd-ingest); may carry
#               arguments, split on blanks; relative to the repository root
#   BENCH_ROWS  data rows in the main input (default 1000000)
#   BENCH_RUNS  runs per tool, best wall time kept (default 3); Python and
#               Miller stop after one run that takes more than 20 s
#   BENCH_BIG   1: also measure gd-ingest's memory at 4 x BENCH_ROWS rows
#   BENCH_ONLY  ingest: gd-ingest's benchmark only (not tally, redact,
#               campaigns, sheets)
#   PYTHON      the Python interpreter (default python3)
#   CC          the C compiler for the helpers (default cc)
#
# Always exits 0 once the measurements ran: a missed target is reported,
# not a build failure.  Exits 1 only when the benchmark cannot run at all.

# GD_INGEST is expanded unquoted on purpose: split on blanks, never globbed.
# shellcheck disable=SC2086
set -u
set -f

cd "$(dirname "$0")/.." || exit 1

ROWS=${BENCH_ROWS:-1000000}
RUNS=${BENCH_RUNS:-3}
BIG=${BENCH_BIG:-0}
GD_INGEST=${GD_INGEST:-bin/gd-ingest}
PYTHON=${PYTHON:-python3}
CC=${CC:-cc}
SLOW=20			# seconds: a peer this slow is run once
B=bench/build
D=bench/data
TIME=/usr/bin/time

# Targets from the issue.
T_MILLER=6		# gd-ingest at least 6x faster than Miller (wall)
T_THREADS=1.6		# on 2 cores, 1.6x its speed on one thread (wall)
T_BARE=60		# at least 60% of the bare libcsv throughput
T_RSS=16		# peak RSS at most 16 MiB, whatever the input size
T_GROW=1		# MiB: more than this from 1/10 to full size is growth

. "$(dirname "$0")/lib.sh"	# say, note, die, build, label, data, measure, verdict

case $ROWS in '' | *[!0-9]*) die "BENCH_ROWS must be a number, not '$ROWS'" ;; esac
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be 1 or more, not '$RUNS'" ;; esac
[ "$ROWS" -ge 10 ] || die "BENCH_ROWS must be at least 10"
[ -x "$TIME" ] || die "$TIME not found: install the Debian package 'time'"

mkdir -p "$B" "$D" || exit 1
# Every figure of this run, for tools/readme.py --bench.
BENCH_FIGURES=${BENCH_FIGURES:-$D/figures.tsv}
export BENCH_FIGURES
: > "$BENCH_FIGURES" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gd-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# ---- helpers ---------------------------------------------------------

# row NAME: prints the table row for the last measure.
row() {
	awk -v n="$1" -v w="$R_WALL" -v bytes="$BYTES" -v m="$R_RSS" \
	    -v c="$R_CPU" -v r="$R_N" -v rc="$R_RC" 'BEGIN {
		if (w < 0.01) w = 0.01
		printf "%-22s %8.2f %8.1f %13.1f %8.2f %5d%s\n", n, w,
		    bytes / w / 1e6, m / 1024, c, r,
		    rc != 0 ? "   (exit " rc ")" : ""
	}'
}

skip() { printf '%-22s %s\n' "$1" "$2"; }

# ---- tools -----------------------------------------------------------

build "$B/gen" bench/gen.c || die "cannot compile bench/gen.c"
GENSUM=$(cksum < bench/gen.c | awk '{ print $1 }')
HAVE_BARE=1
build "$B/csvbare" bench/csvbare.c -lcsv || {
	HAVE_BARE=0
	note "cannot compile bench/csvbare.c (libcsv-dev missing?)"
}

set -- $GD_INGEST
HAVE_GD=1
case ${1:-} in
'') HAVE_GD=0 ;;
*/*) [ -x "$1" ] || HAVE_GD=0 ;;
*) command -v "$1" > /dev/null 2>&1 || HAVE_GD=0 ;;
esac

HAVE_PY=1
PY=$("$PYTHON" -c 'import sys; print(sys.executable)' 2> /dev/null) &&
    [ -n "$PY" ] || HAVE_PY=0	# the interpreter itself, not a shim
PYVER=
[ "$HAVE_PY" = 1 ] &&
    PYVER=$("$PY" -c 'import platform; print(platform.python_version())')

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
FILE=$(data "$ROWS") || die "cannot generate the input"
SMALL=$(data "$SMALL_ROWS") || die "cannot generate the input"
BYTES=$(wc -c < "$FILE")
cat "$FILE" > /dev/null		# same warm page cache for everyone

# ---- measurements ----------------------------------------------------

# Each result is kept as "WALL CPU RSS RUNS RC".
NCPU=$(nproc 2> /dev/null || echo 1)
case $NCPU in '' | *[!0-9]* | 0) NCPU=1 ;; esac
if [ "$HAVE_GD" = 1 ]; then
	# The default: --threads, one per CPU.
	measure gd-ingest 0 /dev/null $GD_INGEST "$FILE"
	GD="$R_WALL $R_CPU $R_RSS $R_N $R_RC"
	measure "gd-ingest --threads 1" 0 /dev/null $GD_INGEST --threads 1 \
	    "$FILE"
	GD1="$R_WALL $R_CPU $R_RSS $R_N $R_RC"
fi
if [ "$HAVE_BARE" = 1 ]; then
	measure csvbare 0 "$TMP/bare.out" "$B/csvbare" "$FILE"
	BARE="$R_WALL $R_CPU $R_RSS $R_N $R_RC"
	BARE_ROWS=$(awk '{ print $1 - 1; exit }' "$TMP/bare.out")
fi
if [ "$HAVE_MLR" = 1 ]; then
	measure mlr "$SLOW" /dev/null mlr --icsv --ojsonl cat "$FILE"
	MLR="$R_WALL $R_CPU $R_RSS $R_N $R_RC"
fi
if [ "$HAVE_PY" = 1 ]; then
	measure python3 "$SLOW" /dev/null "$PY" bench/csv2json.py "$FILE"
	PYR="$R_WALL $R_CPU $R_RSS $R_N $R_RC"
fi

# Checks: row counts on the main input; on the small one, gd-ingest's
# records against Python's, and the memory of a run 1/10 the size.
GD_LINES='' GD_SMALL_LINES='' PY_SMALL_LINES='' SAME='' RSS_SMALL='' RSS_BIG=''
if [ "$HAVE_GD" = 1 ]; then
	note "checking gd-ingest's output"
	GD_LINES=$($GD_INGEST "$FILE" 2> /dev/null | wc -l)
	RUNS_SAVED=$RUNS RUNS=1
	measure "gd-ingest (small input)" 0 "$TMP/gd.jsonl" $GD_INGEST "$SMALL"
	RSS_SMALL=$R_RSS
	GD_SMALL_LINES=$(wc -l < "$TMP/gd.jsonl")
	if [ "$BIG" = 1 ]; then
		BIGFILE=$(data $((ROWS * 4))) || die "cannot generate the input"
		measure "gd-ingest (4x input)" 0 /dev/null $GD_INGEST "$BIGFILE"
		RSS_BIG=$R_RSS
	fi
	RUNS=$RUNS_SAVED
	if [ "$HAVE_PY" = 1 ]; then
		"$PY" bench/csv2json.py "$SMALL" > "$TMP/py.jsonl"
		PY_SMALL_LINES=$(wc -l < "$TMP/py.jsonl")
		SAME=$("$PY" bench/compare.py "$TMP/gd.jsonl" "$TMP/py.jsonl")
	fi
fi

# ---- report ----------------------------------------------------------

# load RESULT: sets R_* from a kept result.
load() {
	read -r R_WALL R_CPU R_RSS R_N R_RC <<-EOF
	$1
	EOF
}

say
say "gd benchmark: $FILE"
s_runs="$RUNS runs"
[ "$RUNS" = 1 ] && s_runs="1 run"
say "  $ROWS rows, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB," \
    "$(nproc 2> /dev/null || echo ?) CPUs; best wall time of up to $s_runs," \
    "peak RSS the largest of them"
say
printf '%-22s %8s %8s %13s %8s %5s\n' tool "wall s" "MB/s" "peak RSS MiB" \
    "cpu s" runs
if [ "$HAVE_GD" = 1 ]; then
	load "$GD"; row "gd-ingest -j$NCPU"
	load "$GD1"; row "gd-ingest -j1"
else skip gd-ingest "not found: $GD_INGEST (run make, or set GD_INGEST)"; fi
if [ "$HAVE_BARE" = 1 ]; then load "$BARE"; row "csvbare (libcsv)"
else skip csvbare "not built (needs libcsv-dev)"; fi
if [ "$HAVE_MLR" = 1 ]; then load "$MLR"; row "mlr $MLRVER"
else skip mlr "not installed (Debian package miller, version 6)"; fi
if [ "$HAVE_PY" = 1 ]; then load "$PYR"; row "python $PYVER csv+json"
else skip python "not installed ($PYTHON)"; fi

say
if [ "$HAVE_GD" = 1 ]; then
	c_ok=OK
	[ "$GD_LINES" -eq "$ROWS" ] || c_ok=MISMATCH
	c_msg="gd-ingest $GD_LINES lines, generator $ROWS rows"
	if [ "$HAVE_BARE" = 1 ]; then
		c_msg="$c_msg, csvbare $BARE_ROWS rows"
		[ "$BARE_ROWS" -eq "$GD_LINES" ] || c_ok=MISMATCH
	fi
	say "check ($(label "$ROWS")): $c_msg: $c_ok"
	c_ok=OK
	[ "$GD_SMALL_LINES" -eq "$SMALL_ROWS" ] || c_ok=MISMATCH
	c_msg="gd-ingest $GD_SMALL_LINES lines"
	if [ -n "$PY_SMALL_LINES" ]; then
		c_msg="$c_msg, python $PY_SMALL_LINES lines"
		[ "$PY_SMALL_LINES" -eq "$GD_SMALL_LINES" ] || c_ok=MISMATCH
		case $SAME in "records differ"*) c_ok=MISMATCH ;; esac
		c_msg="$c_msg; $SAME"
	fi
	say "check ($(label "$SMALL_ROWS")): $c_msg: $c_ok"
	say
fi

# target LABEL TEXT VALUE OP TARGET TARGET_TEXT
target() {
	figure "$1" "$2" "$6" "$(verdict "$3" "$4" "$5")"
}

say "targets:"
if [ "$HAVE_GD" = 1 ]; then
	load "$GD"
	GD_WALL=$(awk -v w="$R_WALL" 'BEGIN { print w < 0.01 ? 0.01 : w }')
	GD_RSS=$R_RSS
	info "gd-ingest, $(label "$ROWS") rows, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB: $GD_WALL s wall, $(awk -v b="$BYTES" -v w="$GD_WALL" 'BEGIN { printf "%.0f", b / w / 1e6 }') MB/s"
	if [ "$HAVE_MLR" = 1 ]; then
		load "$MLR"
		v=$(awk -v a="$R_WALL" -v b="$GD_WALL" 'BEGIN { printf "%.2f", a / b }')
		target "vs Miller" "gd-ingest ${v}x as fast as mlr (wall)" \
		    "$v" ">=" "$T_MILLER" ">= ${T_MILLER}x"
	else
		say "  vs Miller        n/a: mlr not measured"
	fi
	if [ "$NCPU" -ge 2 ]; then
		load "$GD1"
		v=$(awk -v a="$R_WALL" -v b="$GD_WALL" 'BEGIN { printf "%.2f", a / b }')
		target "threads" "gd-ingest -j$NCPU ${v}x its one-thread speed (wall)" \
		    "$v" ">=" "$T_THREADS" ">= ${T_THREADS}x"
	else
		figure "threads" "one CPU: gd-ingest on every core not measured" \
		    ">= ${T_THREADS}x" n/a
	fi
	if [ "$HAVE_BARE" = 1 ]; then
		load "$BARE"
		v=$(awk -v a="$R_WALL" -v b="$GD_WALL" \
		    'BEGIN { if (a < 0.01) a = 0.01; printf "%.0f", 100 * a / b }')
		target "vs bare libcsv" "gd-ingest at $v% of csvbare's throughput" \
		    "$v" ">=" "$T_BARE" ">= $T_BARE%"
	else
		say "  vs bare libcsv   n/a: csvbare not measured"
	fi
	RSS_MAX=$GD_RSS
	r_text="$(label "$ROWS")"
	if [ -n "$RSS_SMALL" ]; then
		[ "$RSS_SMALL" -gt "$RSS_MAX" ] && RSS_MAX=$RSS_SMALL
		r_text="$(label "$SMALL_ROWS"), $r_text"
	fi
	if [ -n "$RSS_BIG" ]; then
		[ "$RSS_BIG" -gt "$RSS_MAX" ] && RSS_MAX=$RSS_BIG
		r_text="$r_text, $(label $((ROWS * 4)))"
	fi
	v=$(awk -v m="$RSS_MAX" 'BEGIN { printf "%.1f", m / 1024 }')
	target "peak RSS" "gd-ingest $v MiB at most ($r_text rows)" \
	    "$v" "<=" "$T_RSS" "<= $T_RSS MiB"
	if [ -n "$RSS_SMALL" ]; then
		# Growth from the smallest input to the largest measured.
		r_top=$GD_RSS r_lab=$(label "$ROWS")
		if [ -n "$RSS_BIG" ]; then
			r_top=$RSS_BIG r_lab=$(label $((ROWS * 4)))
		fi
		v=$(awk -v a="$r_top" -v b="$RSS_SMALL" \
		    'BEGIN { printf "%+.1f", (a - b) / 1024 }')
		g=$(awk -v a="$r_top" -v b="$RSS_SMALL" \
		    'BEGIN { printf "%.1f to %.1f", b / 1024, a / 1024 }')
		target "RSS growth" "$g MiB ($(label "$SMALL_ROWS") to $r_lab rows)" \
		    "$v" "<=" "$T_GROW" "<= +$T_GROW MiB"
	fi
	if [ "$HAVE_PY" = 1 ]; then
		load "$PYR"
		v=$(awk -v a="$R_WALL" -v b="$GD_WALL" 'BEGIN { printf "%.1f", a / b }')
		info "gd-ingest ${v}x as fast as python csv+json"
	fi
else
	say "  n/a: gd-ingest not measured"
fi
[ "${BENCH_ONLY:-}" = ingest ] && exit 0
sh bench/tally.sh	# gd-tally against jq and Miller (bench/README.md)
sh bench/compare.sh	# gd-tally --compare against a plain count
sh bench/redact.sh	# gd-redact: leaks, decoys, speed against Python re
sh bench/campaigns.sh	# gd-tally --campaigns: quality, real data, scale
sh bench/sheets.sh	# gd-ingest on XLSX against xlsx2csv and openpyxl
exit 0
