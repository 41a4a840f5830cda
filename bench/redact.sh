#!/bin/sh
# bench/redact.sh - gd-redact: how much planted personal data it leaves,
# how many look-alikes it destroys, and how fast it is against the same
# job in Python's re.  POSIX sh.  Run from anywhere; bench/run.sh runs it
# at the end of make bench.  See bench/README.md, "gd-redact".
#
#   1. corpus   bench/redact-corpus.mjs (@faker-js/faker, installed into
#               bench/node_modules by npm ci) writes labelled records, a
#               gold file and a copy of the records of at least
#               REDACT_SPEED_MB MB for the speed test
#   2. quality  bench/redact-eval.py runs gd-redact --for publication on
#               the records and scores it against the gold file
#   3. leaks    bench/redact-leaks.py: a second labelled corpus, made in
#               Python for the gaps of ordinary text (typographic
#               separators, "Tel.-Nr.", obfuscated and disguised e-mail,
#               every IBAN country, any NINO prefix, a "Name" column),
#               scored against its own targets; needs no Node
#   4. speed    gd-redact and bench/redact_re.py on the big file, both on
#               one core (taskset -c 0), wall time by /usr/bin/time, and
#               gd-redact on every core (--threads, one per CPU); the same
#               on short records (bench/redact-short.py: many fields,
#               little text)
#
# Environment:
#   GD_REDACT       the command to measure (default bin/gd-redact); may
#                   carry arguments, split on blanks
#   REDACT_RECORDS  records in the labelled corpus (default 20000)
#   REDACT_SPEED_MB size of the speed input in MB (default 200)
#   REDACT_SHORT_RECORDS  records of the short-record input (default 100000)
#   REDACT_LEAKS_SEED  the seed of bench/redact-leaks.py (default 2, the
#                   seed it is reported on; it was developed on seed 1)
#   BENCH_RUNS      runs of gd-redact, best wall time kept (default 3);
#                   Python stops after one run that takes more than 20 s
#   PYTHON, NODE, NPM   the interpreters and npm (python3, node, npm)
#
# Always exits 0: a missed target, or a part that cannot run, is reported
# (as MISS), not a build failure.

# GD_REDACT is expanded unquoted on purpose: split on blanks, never globbed.
# shellcheck disable=SC2086
set -u
set -f

cd "$(dirname "$0")/.." || exit 0

GD_REDACT=${GD_REDACT:-bin/gd-redact}
RECORDS=${REDACT_RECORDS:-20000}
SPEED_MB=${REDACT_SPEED_MB:-200}
RUNS=${BENCH_RUNS:-3}
PYTHON=${PYTHON:-python3}
NODE=${NODE:-node}
NPM=${NPM:-npm}
D=bench/data
TIME=/usr/bin/time
SLOW=20			# seconds: a peer this slow is run once
SEED=20240601		# the corpus seed: change it for another sample
T_SPEED=4		# gd-redact at least 4x as fast as Python re (wall)
T_SHORT=6		# and 6x on short records, both on one core
T_THREADS=1.8		# on 2 cores, 1.8x its speed on one thread
T_CORE=40		# MB/s of free text on one core
SHORT_RECORDS=${REDACT_SHORT_RECORDS:-100000}

. "$(dirname "$0")/lib.sh"	# say, note, measure
miss() { figure "$1" "$2" "-" MISS; }

say
say "gd-redact benchmark"
case $RECORDS in '' | *[!0-9]* | 0) note "REDACT_RECORDS must be a number, not '$RECORDS'"; RECORDS=20000 ;; esac
case $SPEED_MB in '' | *[!0-9]* | 0) note "REDACT_SPEED_MB must be a number, not '$SPEED_MB'"; SPEED_MB=200 ;; esac
case $RUNS in '' | *[!0-9]* | 0) RUNS=3 ;; esac
case $SHORT_RECORDS in '' | *[!0-9]* | 0) SHORT_RECORDS=100000 ;; esac

mkdir -p "$D" || exit 0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gd-redact-bench.XXXXXX") || exit 0
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# ---- what is there ------------------------------------------------------

set -- $GD_REDACT
HAVE_GD=1
case ${1:-} in
'') HAVE_GD=0 ;;
*/*) [ -x "$1" ] || HAVE_GD=0 ;;
*) command -v "$1" > /dev/null 2>&1 || HAVE_GD=0 ;;
esac

HAVE_PY=1
PY=$("$PYTHON" -c 'import sys; print(sys.executable)' 2> /dev/null) &&
    [ -n "$PY" ] || HAVE_PY=0
PYVER=
[ "$HAVE_PY" = 1 ] &&
    PYVER=$("$PY" -c 'import platform; print(platform.python_version())')

PIN=
command -v taskset > /dev/null 2>&1 && taskset -c 0 true 2> /dev/null &&
    PIN="taskset -c 0"
[ -x "$TIME" ] || TIME=

# ---- 1. the corpus ------------------------------------------------------

CORPUS=$D/redact-corpus.ndjson
GOLD=$D/redact-gold.jsonl
SPEED=$D/redact-speed.ndjson
STAMP=$D/redact-corpus.stamp
SPEED_BYTES=$((SPEED_MB * 1000000))
want="records=$RECORDS seed=$SEED speed=$SPEED_BYTES gen=$(cksum < bench/redact-corpus.mjs | awk '{ print $1 }') lock=$(cksum < bench/package-lock.json | awk '{ print $1 }')"
have_corpus() {
	[ -f "$CORPUS" ] && [ -f "$GOLD" ] && [ -f "$SPEED" ] && [ -f "$STAMP" ] &&
	    [ "$(cat "$STAMP")" = "$want bytes=$(wc -c < "$CORPUS") $(wc -c < "$SPEED")" ]
}

# faker_ok: bench/node_modules has the version package-lock.json pins.
faker_ok() {
	"$NODE" -e '
		const lock = require("./bench/package-lock.json");
		const want = lock.packages["node_modules/@faker-js/faker"].version;
		const have = require("./bench/node_modules/@faker-js/faker/package.json").version;
		process.exit(want === have ? 0 : 1);' 2> /dev/null
}

CORPUS_OK=1
CORPUS_WHY=
if have_corpus; then
	note "corpus: $CORPUS is up to date"
elif ! command -v "$NODE" > /dev/null 2>&1; then
	CORPUS_OK=0
	CORPUS_WHY="node not found (Debian packages nodejs and npm)"
else
	if ! faker_ok; then
		note "corpus: npm ci in bench/ (@faker-js/faker)"
		if ! (cd bench && "$NPM" ci --no-audit --no-fund \
		    --loglevel=error) > "$TMP/npm.log" 2>&1 || ! faker_ok; then
			sed 's/^/    /' "$TMP/npm.log" | tail -n 5 >&2
			CORPUS_OK=0
			CORPUS_WHY="npm ci failed in bench/ (offline? see above)"
		fi
	fi
	if [ "$CORPUS_OK" = 1 ]; then
		note "corpus: generating $RECORDS records and a ${SPEED_MB} MB copy"
		rm -f "$STAMP"
		if "$NODE" bench/redact-corpus.mjs --records "$RECORDS" \
		    --seed "$SEED" --out "$D" --speed-bytes "$SPEED_BYTES" \
		    2> "$TMP/gen.err"; then
			sed 's/^/  /' "$TMP/gen.err" >&2
			say "$want bytes=$(wc -c < "$CORPUS") $(wc -c < "$SPEED")" > "$STAMP"
		else
			sed 's/^/    /' "$TMP/gen.err" | tail -n 5 >&2
			CORPUS_OK=0
			CORPUS_WHY="bench/redact-corpus.mjs failed (see above)"
		fi
	fi
fi

# ---- 2. quality -----------------------------------------------------------

QUALITY=0
if [ "$CORPUS_OK" = 1 ] && [ "$HAVE_GD" = 1 ] && [ "$HAVE_PY" = 1 ]; then
	note "quality: gd-redact on $CORPUS (and the Python peer, for information)"
	rm -f "$D/redact-summary.tsv"
	"$PY" bench/redact-eval.py --gd-redact "$GD_REDACT" --data "$D" \
	    --peer "$PY bench/redact_re.py" && QUALITY=1
fi

# ---- 3. the gaps of ordinary text -------------------------------------------

LEAKS_RC=
LEAKS_SEED=${REDACT_LEAKS_SEED:-2}
case $LEAKS_SEED in '' | *[!0-9]*) LEAKS_SEED=2 ;; esac
if [ "$HAVE_GD" = 1 ] && [ "$HAVE_PY" = 1 ]; then
	note "leaks: bench/redact-leaks.py, seed $LEAKS_SEED"
	"$PY" bench/redact-leaks.py --gd-redact "$GD_REDACT" \
	    --seed "$LEAKS_SEED" --check > "$D/redact-leaks.txt" 2>&1
	LEAKS_RC=$?
	say
	cat "$D/redact-leaks.txt"
fi

# ---- 4. speed ---------------------------------------------------------------

# free_text FILE: the bytes of the strings under answers, comments and
# extra of FILE's records, worked out once per version of FILE.
free_text() {
	ft_want="$(wc -c < "$1") $(cksum < "$1" | awk '{ print $1 }')"
	if [ "$(sed -n 1p "$1.text" 2> /dev/null)" != "$ft_want" ]; then
		"$PY" -c '
import json, sys
def size(v):
    if isinstance(v, str):
        return len(v.encode("utf-8", "surrogatepass"))
    if isinstance(v, dict):
        return sum(size(x) for x in v.values())
    if isinstance(v, list):
        return sum(size(x) for x in v)
    return 0
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    n += sum(size(r.get(k)) for k in ("answers", "comments", "extra"))
print(n)' "$1" > "$TMP/text" && printf '%s\n%s\n' "$ft_want" \
		    "$(cat "$TMP/text")" > "$1.text"
	fi
	sed -n 2p "$1.text"
}

row() {
	awk -v n="$1" -v w="$R_WALL" -v bytes="$BYTES" -v m="$R_RSS" \
	    -v c="$R_CPU" -v r="$R_N" -v rc="$R_RC" 'BEGIN {
		if (w < 0.01) w = 0.01
		printf "  %-22s %8.2f %8.1f %13.1f %8.2f %5d%s\n", n, w,
		    bytes / w / 1e6, m / 1024, c, r,
		    rc != 0 ? "   (exit " rc ")" : ""
	}'
}

SPEED_DONE=0
NCPU=$(nproc 2> /dev/null || echo 1)
case $NCPU in '' | *[!0-9]* | 0) NCPU=1 ;; esac
if [ "$CORPUS_OK" = 1 ] && [ "$HAVE_GD" = 1 ] && [ "$HAVE_PY" = 1 ] &&
    [ -n "$TIME" ]; then
	BYTES=$(wc -c < "$SPEED")
	LINES=$(wc -l < "$SPEED")
	# The free text gd-redact scans: the bytes of the strings of
	# answers, comments and extra (kept beside the corpus).
	TEXT=$(free_text "$SPEED")
	cat "$SPEED" > /dev/null	# the same warm page cache for both
	measure gd-redact 0 /dev/null $PIN $GD_REDACT --threads 1 \
	    --for publication "$SPEED"
	GD_W=$R_WALL GD_C=$R_CPU
	GD_ROW=$(row "gd-redact -j1")
	measure "gd-redact -j$NCPU" 0 /dev/null $GD_REDACT --threads "$NCPU" \
	    --for publication "$SPEED"
	GDN_W=$R_WALL
	GDN_ROW=$(row "gd-redact -j$NCPU")
	RUNS_SAVED=$RUNS
	measure "python re" "$SLOW" /dev/null $PIN "$PY" bench/redact_re.py "$SPEED"
	RUNS=$RUNS_SAVED
	PY_W=$R_WALL PY_C=$R_CPU
	PY_ROW=$(row "python $PYVER re")
	SPEED_DONE=1
	say
	say "gd-redact speed: $SPEED"
	say "  $LINES records, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB" \
	    "($(awk -v b="$TEXT" 'BEGIN { printf "%.1f", b / 1e6 }') MB of free text);" \
	    "-j1 and python: ${PIN:-no taskset: not pinned}${PIN:+ (one core)};" \
	    "-j$NCPU: all $NCPU CPUs; best wall time of up to $RUNS runs"
	say
	printf '  %-22s %8s %8s %13s %8s %5s\n' tool "wall s" "MB/s" \
	    "peak RSS MiB" "cpu s" runs
	say "$GD_ROW"
	say "$GDN_ROW"
	say "$PY_ROW"
fi

# Short records: many fields, little text (bench/redact-short.py), where
# the cost per record and per field shows.
SHORT=$D/redact-short.ndjson
SHORT_DONE=0
swant="records=$SHORT_RECORDS gen=$(cksum < bench/redact-short.py | awk '{ print $1 }')"
if [ "$HAVE_GD" = 1 ] && [ "$HAVE_PY" = 1 ] && [ -n "$TIME" ]; then
	if [ ! -f "$SHORT" ] || [ "$(cat "$SHORT.stamp" 2> /dev/null)" != \
	    "$swant bytes=$(wc -c < "$SHORT")" ]; then
		note "short records: generating $SHORT_RECORDS"
		rm -f "$SHORT.stamp"
		"$PY" bench/redact-short.py --records "$SHORT_RECORDS" \
		    > "$SHORT" && say "$swant bytes=$(wc -c < "$SHORT")" > "$SHORT.stamp"
	fi
fi
if [ -f "$SHORT.stamp" ]; then
	BYTES=$(wc -c < "$SHORT")
	cat "$SHORT" > /dev/null
	measure "gd-redact short" 0 /dev/null $PIN $GD_REDACT --threads 1 \
	    --for publication "$SHORT"
	GDS_W=$R_WALL
	GDS_ROW=$(row "gd-redact -j1")
	measure "gd-redact -j$NCPU short" 0 /dev/null $GD_REDACT \
	    --threads "$NCPU" --for publication "$SHORT"
	GDSN_W=$R_WALL
	GDSN_ROW=$(row "gd-redact -j$NCPU")
	RUNS_SAVED=$RUNS
	measure "python re short" "$SLOW" /dev/null $PIN "$PY" \
	    bench/redact_re.py "$SHORT"
	RUNS=$RUNS_SAVED
	PYS_W=$R_WALL
	PYS_ROW=$(row "python $PYVER re")
	SHORT_DONE=1
	say
	say "gd-redact speed, short records: $SHORT"
	say "  $SHORT_RECORDS records of 10 to 16 fields and 100 to 300 bytes of text;" \
	    "-j1 and python: ${PIN:-not pinned}${PIN:+ (one core)}"
	say
	printf '  %-22s %8s %8s %13s %8s %5s\n' tool "wall s" "MB/s" \
	    "peak RSS MiB" "cpu s" runs
	say "$GDS_ROW"
	say "$GDSN_ROW"
	say "$PYS_ROW"
fi

# ---- targets ----------------------------------------------------------------

say
say "gd-redact targets:"
if [ "$CORPUS_OK" = 0 ]; then
	miss corpus "$CORPUS_WHY; quality and speed skipped"
elif [ "$HAVE_GD" = 0 ]; then
	miss gd-redact "not found: $GD_REDACT (run make, or set GD_REDACT)"
elif [ "$HAVE_PY" = 0 ]; then
	miss python "not found: $PYTHON; quality and speed skipped"
else
	if [ "$QUALITY" = 1 ] && [ -f "$D/redact-summary.tsv" ]; then
		while IFS='	' read -r s_what s_text s_target s_verdict; do
			if [ "$s_what" = - ]; then
				figure "" "$s_text" "" ""
			else
				figure "$s_what" "$s_text" "$s_target" "$s_verdict"
			fi
		done < "$D/redact-summary.tsv"
	else
		miss quality "bench/redact-eval.py failed (see above)"
	fi
	if [ "$SPEED_DONE" = 1 ]; then
		v=$(awk -v a="$PY_W" -v b="$GD_W" 'BEGIN {
			if (b < 0.01) b = 0.01; printf "%.2f", a / b }')
		ok=$(awk -v v="$v" -v t="$T_SPEED" 'BEGIN { print (v >= t ? "PASS" : "MISS") }')
		figure "vs Python re" \
		    "gd-redact ${v}x as fast as redact_re.py (wall)" ">= ${T_SPEED}x" "$ok"
		v=$(awk -v a="$PY_C" -v b="$GD_C" 'BEGIN {
			if (b < 0.01) b = 0.01; printf "%.2f", a / b }')
		info "gd-redact used ${v}x less cpu time than redact_re.py"
		v=$(awk -v t="$TEXT" -v w="$GD_W" 'BEGIN {
			if (w < 0.01) w = 0.01; printf "%.1f", t / w / 1e6 }')
		figure "per core" "gd-redact -j1: $v MB/s of free text (one core)" \
		    ">= ${T_CORE} MB/s" "$(verdict "$v" ">=" "$T_CORE")"
		if [ "$NCPU" -ge 2 ]; then
			v=$(awk -v a="$GD_W" -v b="$GDN_W" 'BEGIN {
				if (b < 0.01) b = 0.01; printf "%.2f", a / b }')
			figure "threads" "gd-redact -j$NCPU ${v}x its one-thread speed (wall)" \
			    ">= ${T_THREADS}x" "$(verdict "$v" ">=" "$T_THREADS")"
		else
			figure "threads" "one CPU: gd-redact on every core not measured" \
			    ">= ${T_THREADS}x" n/a
		fi
	else
		miss speed "not measured (needs /usr/bin/time: Debian package time)"
	fi
fi
if [ "$SHORT_DONE" = 1 ]; then
	v=$(awk -v a="$PYS_W" -v b="$GDS_W" 'BEGIN {
		if (b < 0.01) b = 0.01; printf "%.2f", a / b }')
	figure "short records" "gd-redact -j1 ${v}x as fast as redact_re.py (wall)" \
	    ">= ${T_SHORT}x" "$(verdict "$v" ">=" "$T_SHORT")"
	v=$(awk -v a="$PYS_W" -v b="$GDSN_W" 'BEGIN {
		if (b < 0.01) b = 0.01; printf "%.2f", a / b }')
	info "short records: gd-redact -j$NCPU ${v}x as fast as redact_re.py (wall)"
elif [ "$HAVE_GD" = 1 ] && [ "$HAVE_PY" = 1 ]; then
	miss "short records" "not measured (bench/redact-short.py or /usr/bin/time)"
fi
case $LEAKS_RC in
'') ;;
0) figure "leaks, 2nd" \
    "redact-leaks.py seed $LEAKS_SEED: all categories, decoys" "each" PASS ;;
1) figure "leaks, 2nd" \
    "redact-leaks.py seed $LEAKS_SEED (see above)" "each" MISS ;;
*) miss "leaks, 2nd" "bench/redact-leaks.py could not run (see $D/redact-leaks.txt)" ;;
esac
exit 0
