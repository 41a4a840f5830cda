#!/bin/sh
# bench/sheets.sh - gd-ingest reading an XLSX workbook against xlsx2csv
# (Debian's xlsx2csv) and Python's openpyxl in read-only mode, on a
# generated export (bench/sheet-gen.py: BENCH_SHEET_ROWS rows with
# multi-line non-ASCII comments, each a shared string of its own); wall
# time and peak memory, then the issue's targets.  POSIX sh.
# bench/run.sh runs it; it also runs on its own (sh bench/sheets.sh).
#
# Each tool writes every row: gd-ingest its records (no mapping),
# xlsx2csv its CSV, openpyxl's rows as CSV through Python's csv module.
#
# Environment:
#   BENCH_SHEET_ROWS  data rows (default 200000)
#   BENCH_RUNS        runs of gd-ingest, best wall time kept (default 3);
#                     the peers run once
#
# Always exits 0 once the measurements ran: a missed target is reported,
# not a build failure.  Exits 1 only when the benchmark cannot run at all.
set -u
set -f

cd "$(dirname "$0")/.." || exit 1

ROWS=${BENCH_SHEET_ROWS:-200000}
RUNS=${BENCH_RUNS:-3}
GD_INGEST=bin/gd-ingest
PY=/usr/bin/python3		# Debian's, with python3-openpyxl
D=bench/data
TIME=/usr/bin/time

# Targets from the issue.
T_XLSX2CSV=5		# gd-ingest at least 5x faster than xlsx2csv (wall)
T_OPENPYXL=5		# ... and than openpyxl read-only
T_RSS=64		# MiB of peak RSS, plus the shared strings' text

. "$(dirname "$0")/lib.sh"	# say, note, die, measure, verdict, figure

[ -x "$TIME" ] || die "$TIME not found: install the Debian package 'time'"
[ -x "$GD_INGEST" ] || die "$GD_INGEST not found: run make"
command -v xlsx2csv > /dev/null || die "xlsx2csv not found (make deps-bench)"
$PY -c 'import openpyxl' 2> /dev/null || die "python3-openpyxl not found (make deps-bench)"
mkdir -p "$D"
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT

f=$D/sheet-$(label "$ROWS").xlsx
sum=$(cksum < bench/sheet-gen.py)
if [ ! -f "$f" ] || [ "$(cat "$f.stamp" 2> /dev/null)" != "rows=$ROWS gen=$sum" ]; then
	note "generating $f ($ROWS rows)"
	python3 bench/sheet-gen.py "$ROWS" "$f" || die "sheet-gen.py failed"
	say "rows=$ROWS gen=$sum" > "$f.stamp"
fi
# The shared strings' text, which gd-ingest keeps in memory.
sst=$(python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(z.getinfo("xl/sharedStrings.xml").file_size)' "$f")
sst_mib=$(awk -v b="$sst" 'BEGIN { printf "%.1f", b / 1048576 }')
mb=$(awk -v b="$(wc -c < "$f")" 'BEGIN { printf "%.1f", b / 1e6 }')

say "XLSX, $(label "$ROWS") rows, $mb MB ($sst_mib MiB of shared strings XML):"
measure gd-ingest 0 "$TMP/gd.out" "$GD_INGEST" "$f"
[ "$R_RC" = 0 ] || die "gd-ingest failed"
GD_WALL=$R_WALL GD_RSS=$R_RSS GD_CPU=$R_CPU
n=$(wc -l < "$TMP/gd.out")
[ "$n" -eq "$ROWS" ] || die "gd-ingest wrote $n records, not $ROWS"
RUNS=1
measure xlsx2csv 0 /dev/null xlsx2csv "$f"
X_WALL=$R_WALL X_RC=$R_RC
measure openpyxl 0 /dev/null $PY -c 'import csv, sys, openpyxl, warnings
warnings.simplefilter("ignore")
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
w = csv.writer(sys.stdout)
for row in wb.active.iter_rows(values_only=True):
    w.writerow(row)' "$f"
O_WALL=$R_WALL O_RC=$R_RC

rss_mib=$(awk -v k="$GD_RSS" 'BEGIN { printf "%.1f", k / 1024 }')
info "gd-ingest, XLSX $(label "$ROWS") rows, $mb MB: $GD_WALL s wall, $GD_CPU cpu s"
if [ "$X_RC" = 0 ]; then
	v=$(awk -v a="$X_WALL" -v b="$GD_WALL" 'BEGIN { printf "%.2f", a / b }')
	figure "vs xlsx2csv" "gd-ingest ${v}x as fast as xlsx2csv (wall)" \
	    ">= ${T_XLSX2CSV}x" "$(verdict "$v" ">=" "$T_XLSX2CSV")"
else
	figure "vs xlsx2csv" "xlsx2csv failed (status $X_RC)" ">= ${T_XLSX2CSV}x" MISS
fi
if [ "$O_RC" = 0 ]; then
	v=$(awk -v a="$O_WALL" -v b="$GD_WALL" 'BEGIN { printf "%.2f", a / b }')
	figure "vs openpyxl" "gd-ingest ${v}x as fast as openpyxl read-only (wall)" \
	    ">= ${T_OPENPYXL}x" "$(verdict "$v" ">=" "$T_OPENPYXL")"
else
	figure "vs openpyxl" "openpyxl failed (status $O_RC)" ">= ${T_OPENPYXL}x" MISS
fi
lim=$(awk -v a="$T_RSS" -v b="$sst_mib" 'BEGIN { printf "%.1f", a + b }')
figure "peak RSS" "gd-ingest $rss_mib MiB reading the XLSX ($sst_mib MiB shared strings)" \
    "<= $T_RSS MiB + sst" "$(verdict "$rss_mib" "<=" "$lim")"
exit 0
