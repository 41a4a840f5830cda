#!/bin/sh
# bench/national.sh - the README's nightly job, end to end, on a docket of
# national size: 22,000,000 comments shaped like a Regulations.gov bulk
# download (bench/national-gen.c: names, e-mail, city and ZIP code, 60%
# of the comments in a few dozen form letters, personal data planted in
# the text).  Run by make bench-national; it needs some 40 GB of disk.
#
#   gd-ingest -p regulations-gov docket.csv |
#       gd-redact --for publication --key-file key |
#       gd-tally --with-records --campaigns --min-cell 5 > tallied.ndjson
#   gd-publish -f html -o report.html tallied.ndjson
#   gd-publish -f datapackage --sql postgres -o data tallied.ndjson
#
# Prints, per stage, wall time (from the start of its pipeline to its
# end), CPU time, peak RSS, and the temporary disk the run used at its
# most (the tools' spool files under TMPDIR, and tallied.ndjson), then
# the targets: the whole job within 15 minutes, no tool above 8 GiB, the
# temporary disk within the input's size.
#
# Environment:
#   BENCH_NATIONAL_ROWS   comments (default 22000000)
#   CC                    the C compiler for the generator (default cc)
#
# Exits 0 once the job ran (a missed target is reported, not a failure),
# 1 when it could not run.

set -u
cd "$(dirname "$0")/.." || exit 1

ROWS=${BENCH_NATIONAL_ROWS:-22000000}
CC=${CC:-cc}
B=bench/build
D=bench/data
TIME=/usr/bin/time
RUNS=1
T_WALL=900		# seconds, the whole job
T_RSS=8388608		# KiB, any one tool

. "$(dirname "$0")/lib.sh"

case $ROWS in '' | *[!0-9]*) die "BENCH_NATIONAL_ROWS must be a number" ;; esac
[ -x "$TIME" ] || die "$TIME not found: install the Debian package 'time'"
for t in gd-ingest gd-redact gd-tally gd-publish; do
	[ -x "bin/$t" ] || die "bin/$t missing: run make first"
done
mkdir -p "$B" "$D"
TMP=$(mktemp -d "$D/national-tmp.XXXXXX") || die "cannot make a scratch folder"
W=$D/national-run
rm -rf "$W"
mkdir -p "$W/tmp"
WATCH=
cleanup() {
	[ -n "$WATCH" ] && kill "$WATCH" 2> /dev/null
	rm -rf "$TMP" "$W/tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

build "$B/national-gen" bench/national-gen.c -lm ||
    die "cannot build bench/national-gen.c"
GENSUM=$(cksum < bench/national-gen.c | cut -d' ' -f1)
IN=$D/national-$(label "$ROWS").csv
want="rows=$ROWS gen=$GENSUM"
if [ -f "$IN" ] && [ -f "$IN.stamp" ] &&
    [ "$(cat "$IN.stamp")" = "$want bytes=$(wc -c < "$IN")" ]; then
	note "docket: $IN is up to date"
else
	note "docket: generating $IN ($ROWS comments)"
	rm -f "$IN.stamp"
	gen_s=$(date +%s)
	"$B/national-gen" "$ROWS" > "$IN.tmp" && mv "$IN.tmp" "$IN" ||
	    { rm -f "$IN.tmp"; die "the generator failed"; }
	note "docket: $(($(date +%s) - gen_s)) s"
	say "$want bytes=$(wc -c < "$IN")" > "$IN.stamp"
fi
in_kb=$(($(wc -c < "$IN") / 1024))

PATH="$(pwd)/bin:$PATH"
export PATH
TMPDIR=$(pwd)/$W/tmp
export TMPDIR
gd-redact --new-key "$W/key" 2> /dev/null || die "cannot make a key"

# The temporary disk, every second: the spools and tallied.ndjson.
disk_watch() {
	max=0
	while :; do
		k=$(du -sk "$W/tmp" 2> /dev/null | cut -f1)
		t=0
		[ -f "$W/tallied.ndjson" ] && t=$(($(wc -c < "$W/tallied.ndjson") / 1024))
		[ $((k + t)) -gt "$max" ] && max=$((k + t)) &&
		    echo "$max" > "$TMP/disk"
		sleep 1
	done
}
echo 0 > "$TMP/disk"
disk_watch &
WATCH=$!

# stage NAME CMD...: CMD under GNU time into $TMP/NAME.time.
stage() {
	s_name=$1
	shift
	"$TIME" -f '%e %U %S %M %x' -o "$TMP/$s_name.time" "$@"
}

note "running the nightly job on $IN ($((in_kb / 1024)) MiB)"
start=$(date +%s)
{
	stage ingest gd-ingest -q -p regulations-gov "$IN" ||
	    echo ingest > "$TMP/failed"
} | {
	stage redact gd-redact -q --for publication --key-file "$W/key" ||
	    echo redact > "$TMP/failed"
} | {
	stage tally gd-tally -q --with-records --campaigns --min-cell 5 ||
	    echo tally > "$TMP/failed"
} > "$W/tallied.ndjson"
stage html gd-publish -f html -o "$W/report.html" "$W/tallied.ndjson" ||
    echo html > "$TMP/failed"
stage package gd-publish -f datapackage --sql postgres -o "$W/data" \
    "$W/tallied.ndjson" || echo package > "$TMP/failed"
total=$(($(date +%s) - start))
sleep 1
kill "$WATCH" 2> /dev/null
WATCH=
disk_kb=$(cat "$TMP/disk")
[ -f "$TMP/failed" ] && note "failed: $(cat "$TMP/failed")"

say "gd national benchmark: $ROWS comments, $((in_kb / 1024)) MiB of CSV"
say ""
max_rss=0
cpu_all=0
for s in ingest redact tally html package; do
	read -r w u sy m x < "$TMP/$s.time"
	cpu=$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.1f", u + s }')
	cpu_all=$(awk -v a="$cpu_all" -v c="$cpu" 'BEGIN { printf "%.1f", a + c }')
	[ "$m" -gt "$max_rss" ] && max_rss=$m
	info "national $s: ${w} s wall, ${cpu} s CPU, $((m / 1024)) MiB"
done
say ""
figure "national job" "${total} s for ${ROWS} comments, ${cpu_all} s CPU" \
    "<= ${T_WALL} s" "$(verdict "$total" '<=' "$T_WALL")"
figure "national RSS" "largest tool $((max_rss / 1024)) MiB" "<= 8 GiB" \
    "$(verdict "$max_rss" '<=' "$T_RSS")"
figure "national disk" "temporary $((disk_kb / 1024)) MiB, input $((in_kb / 1024)) MiB" \
    "<= input" "$(verdict "$disk_kb" '<=' "$in_kb")"
[ -f "$TMP/failed" ] && exit 1
exit 0
