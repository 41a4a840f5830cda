#!/bin/sh
# bench/campaigns.sh - gd-tally --campaigns: how well it finds seeded
# campaigns in generated responses (pairwise precision and recall, by
# similarity threshold), checks on real exports, and its wall time, peak
# memory and temporary disk at scale against a plain one-field count.
# POSIX sh.  bench/run.sh runs it; it also runs on its own (sh
# bench/campaigns.sh), from anywhere.
#
# Data: bench/campaign-gen (bench/campaign-gen.c) writes response records
# with seeded campaigns and their ground truth; bench/campaign-eval.py
# compares gd-tally's marks with it.  Everything generated goes to a
# temporary directory under $TMPDIR and is deleted at the end (about
# 120 MB for the quality set; about 620 MB at 1M responses and 3.1 GB at
# 5M, one size at a time).
#
# Environment:
#   GD_TALLY         the command to measure (default bin/gd-tally); may
#                    carry arguments, split on blanks; relative to the
#                    repository root
#   GD_INGEST        for the real exports (default bin/gd-ingest)
#   GD_REAL_DATA     the real exports (default ../shared/data/real beside
#                    the checkout); the checks are skipped without them
#   BENCH_CAMP_ROWS  responses in the quality set (default 200000)
#   BENCH_ROWS       responses at scale (default 1000000)
#   BENCH_BIG        1: also measure at 5 x BENCH_ROWS (5M)
#   BENCH_RUNS       runs per scale measurement, best wall time kept
#                    (default 3); a run over 20 s is not repeated
#   BENCH_SEED       the generator's seed (default 1)
#   PYTHON           the Python interpreter (default python3)
#   CC               the C compiler for bench/campaign-gen (default cc)
#   TMPDIR           where the data is written (default /tmp)
#
# Always exits 0 once the measurements ran: a missed target is reported,
# not a build failure.  Exits 1 only when the benchmark cannot run at all.

# GD_TALLY is expanded unquoted on purpose: split on blanks, never globbed.
# shellcheck disable=SC2086
set -u
set -f

cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)

QROWS=${BENCH_CAMP_ROWS:-200000}
ROWS=${BENCH_ROWS:-1000000}
BIG=${BENCH_BIG:-0}
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-1}
GD_TALLY=${GD_TALLY:-bin/gd-tally}
GD_INGEST=${GD_INGEST:-bin/gd-ingest}
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
PYTHON=${PYTHON:-python3}
CC=${CC:-cc}
SLOW=20			# seconds: a run this slow is not repeated
B=bench/build
TIME=/usr/bin/time
EVAL=bench/campaign-eval.py

# Targets from the issue.
T_PREC=99		# % pairwise precision at the default threshold
T_REC=99		# % pairwise recall at the default threshold
T_GLUE=0.1		# % of individual responses put into campaigns, at most
T_RSS=2048		# MiB: peak RSS of the campaign run at 5M responses
T_SLOW=4		# campaign run at most 4x the plain count's wall time
THRESHOLDS="0.3 0.35 0.4 0.5 0.6 0.7"	# 0.35 is the default: run without
					# the option

. "$(dirname "$0")/lib.sh"	# say, note, die, build, label, verdict, measure

for v in "$QROWS" "$ROWS" "$SEED"; do
	case $v in '' | *[!0-9]*) die "BENCH_CAMP_ROWS, BENCH_ROWS and BENCH_SEED must be numbers" ;; esac
done
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be 1 or more, not '$RUNS'" ;; esac
if [ "$QROWS" -lt 1000 ] || [ "$ROWS" -lt 1000 ]; then
	die "BENCH_CAMP_ROWS and BENCH_ROWS must be at least 1000"
fi
[ -x "$TIME" ] || die "$TIME not found: install the Debian package 'time'"
set -- $GD_TALLY
case ${1:-} in
'') die "GD_TALLY is empty" ;;
*/*) [ -x "$1" ] || die "$1 not found: run make (or set GD_TALLY)" ;;
*) command -v "$1" > /dev/null 2>&1 || die "$1 not found (set GD_TALLY)" ;;
esac
PY=$("$PYTHON" -c 'import sys; print(sys.executable)' 2> /dev/null) || PY=
[ -n "$PY" ] || die "$PYTHON not found: campaign-eval.py needs Python 3"

mkdir -p "$B" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gd-bench-camp.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# ---- helpers (as in tally.sh) ----------------------------------------

# spool_watch PID OUT: while PID (/usr/bin/time) runs, samples the size
# of the deleted files its child holds open (gd-tally's spool, unlinked
# once made) and writes the largest seen, in bytes, and their directory.
# Needs pgrep (procps) and /proc; without them the size reads 0.
spool_watch() {
	set +f		# a background subshell: globbing for it alone
	sw_pid=$1 sw_out=$2 sw_max=0 sw_dir=
	while kill -0 "$sw_pid" 2> /dev/null; do
		for sw_c in $(pgrep -P "$sw_pid" 2> /dev/null); do
			for sw_f in /proc/"$sw_c"/fd/*; do
				sw_l=$(readlink "$sw_f" 2> /dev/null) || continue
				case $sw_l in
				*' (deleted)') ;;
				*) continue ;;
				esac
				sw_s=$(stat -L -c %s "$sw_f" 2> /dev/null) ||
				    continue
				[ "$sw_s" -gt "$sw_max" ] && sw_max=$sw_s &&
				    sw_dir=${sw_l%/*}
			done
		done
		sleep 0.5
	done
	say "$sw_max ${sw_dir:-?}" > "$sw_out"
}

# The spool's size beside each run of measure (bench/lib.sh): R_WATCH,
# in bytes, and R_WATCHNOTE, its directory.
MEASURE_WATCH=spool_watch

# target LABEL TEXT VALUE OP TARGET TARGET_TEXT
target() {
	figure "$1" "$2" "$6" "$(verdict "$3" "$4" "$5")"
}

# var FILE KEY: a value from campaign-eval.py --vars.
var() { awk -F= -v k="$2" '$1 == k { print $2; exit }' "$1"; }

# gen N OUT [ARGS...]: generate N responses to OUT, the truth to OUT.truth.
gen() {
	g_n=$1 g_out=$2
	shift 2
	note "generating $(label "$g_n") responses ($g_out)"
	"$B/campaign-gen" -s "$SEED" -t "$g_out.truth" "$@" "$g_n" \
	    > "$g_out" 2> "$TMP/gen.err" || {
		sed 's/^/    /' "$TMP/gen.err" >&2
		return 1
	}
}

# ---- tools -----------------------------------------------------------

build "$B/campaign-gen" bench/campaign-gen.c ||
    die "cannot compile bench/campaign-gen.c"

say
say "gd-tally --campaigns benchmark"

# ---- quality: precision and recall by threshold ----------------------

Q=$TMP/quality.ndjson
gen "$QROWS" "$Q" || die "cannot generate the quality set"
say
say "quality: $(label "$QROWS") generated responses (seed $SEED), 30% of them" \
    "in seeded campaigns of 3 to thousands; pairs in the same found vs" \
    "the same seeded campaign"
say
printf '%-16s %10s %9s %7s %7s %7s %7s %6s %6s %6s %7s\n' threshold \
    precision recall F1 found seeded exact split missed merged indiv
for th in $THRESHOLDS; do
	if [ "$th" = 0.35 ]; then
		lab="0.35 (default)" opt=
	else
		lab=$th opt="--campaign-threshold $th"
	fi
	note "quality: threshold $lab"
	$GD_TALLY --campaigns --mark-campaigns $opt "$Q" > "$TMP/mark" \
	    2> "$TMP/err" || {
		note "gd-tally failed (threshold $th):"
		head -n 5 "$TMP/err" | sed 's/^/    /' >&2
	}
	if [ "$th" = 0.35 ]; then
		"$PY" "$EVAL" synth "$Q.truth" "$TMP/mark" --row "$lab" \
		    --vars "$TMP/q.vars"
		mv "$TMP/mark" "$TMP/mark.default"
	else
		"$PY" "$EVAL" synth "$Q.truth" "$TMP/mark" --row "$lab"
	fi
done
rm -f "$TMP/mark"
"$PY" "$EVAL" synth "$Q.truth" "$TMP/mark.default" --examples 4 --oracle \
    > "$TMP/q.report"
rm -f "$TMP/mark.default"

# Without the boilerplate rule (a sentence must be in 99% of texts to be
# left out): what the subject line does to individual responses.
note "quality: --boilerplate 0.99"
$GD_TALLY --campaigns --mark-campaigns --boilerplate 0.99 "$Q" \
    > "$TMP/mark" 2> /dev/null
"$PY" "$EVAL" synth "$Q.truth" "$TMP/mark" --row x --vars "$TMP/nobp.vars" \
    > /dev/null
rm -f "$TMP/mark"

say
say "at the default threshold:"
cat "$TMP/q.report"

# A dominant campaign: 60% of the responses, its sentences in most texts.
note "quality: a dominant campaign"
gen 20000 "$TMP/dom.ndjson" -d 60 -c 10 || die "cannot generate"
$GD_TALLY --campaigns --mark-campaigns "$TMP/dom.ndjson" > "$TMP/mark" \
    2> /dev/null
"$PY" "$EVAL" synth "$TMP/dom.ndjson.truth" "$TMP/mark" --row x \
    --vars "$TMP/dom.vars" > /dev/null
rm -f "$TMP/mark" "$TMP/dom.ndjson" "$TMP/dom.ndjson.truth"

# ---- real exports ----------------------------------------------------

say
REAL_OK=
if [ -d "$REAL/decide-madrid" ] &&
    [ -d "$REAL/regulations-gov-usda-2017-0002" ]; then
	REAL_OK=1
	say "real exports:"
	say "  Decide Madrid comments (gd-ingest -p consul):"
	$GD_INGEST -q -p consul "$REAL/decide-madrid/comments.csv" \
	    > "$TMP/dm.ndjson" &&
	    $GD_TALLY --campaigns --mark-campaigns "$TMP/dm.ndjson" \
	    > "$TMP/dm.out" &&
	    "$PY" "$EVAL" real "$TMP/dm.out" --whole 62 --whole 39 |
	    sed 's/^/  /' > "$TMP/real.dm"
	cat "$TMP/real.dm"
	[ -s "$TMP/real.dm" ] || say "    gd-ingest or gd-tally failed  MISS"
	say "  Regulations.gov USDA-2017-0002 (gd-ingest -p regulations-gov -j):"
	RG=$REAL/regulations-gov-usda-2017-0002
	$GD_INGEST -q -p regulations-gov -j "$RG/text-comments.csv" \
	    "$RG/docket-export.csv" > "$TMP/rg.ndjson" &&
	    $GD_TALLY --campaigns --mark-campaigns "$TMP/rg.ndjson" \
	    > "$TMP/rg.out" &&
	    "$PY" "$EVAL" real "$TMP/rg.out" --whole 5 --shared-line |
	    sed 's/^/  /' > "$TMP/real.rg"
	cat "$TMP/real.rg"
	[ -s "$TMP/real.rg" ] || say "    gd-ingest or gd-tally failed  MISS"
else
	say "real exports: n/a (none at $REAL; set GD_REAL_DATA)"
fi

# ---- scale: time, memory and disk against a plain count --------------

# scale N: measures at N responses; sets S_<label>_* results.
SIZES=$ROWS
[ "$BIG" = 1 ] && SIZES="$ROWS $((ROWS * 5))"
SCALE_ROWS=
for n in $SIZES; do
	f=$TMP/scale-$(label "$n").ndjson
	gen "$n" "$f" || die "cannot generate $f"
	bytes=$(wc -c < "$f")
	cat "$f" > /dev/null		# a warm page cache for both
	measure "gd-tally --by respondent.type ($(label "$n"))" 0 \
	    "$TMP/plain.out" $GD_TALLY --by respondent.type "$f"
	p="$R_WALL $R_CPU $R_RSS $R_N $R_RC"
	measure "gd-tally --campaigns --by respondent.type ($(label "$n"))" \
	    "$SLOW" "$TMP/camp.out" $GD_TALLY --campaigns --by respondent.type "$f"
	c="$R_WALL $R_CPU $R_RSS $R_N $R_RC $R_WATCH $R_WATCHNOTE"
	camps=$(sed -n 's/.*"kind":"summary".*"campaigns":\([0-9]*\).*/\1/p' \
	    "$TMP/camp.out")
	# Quality at this size, at the default threshold (BENCH_ROWS only).
	qrow=
	if [ "$n" = "$ROWS" ]; then
		note "quality at $(label "$n"): --mark-campaigns"
		$GD_TALLY --campaigns --mark-campaigns "$f" > "$TMP/mark" \
		    2> /dev/null
		qrow=$("$PY" "$EVAL" synth "$f.truth" "$TMP/mark" \
		    --row "0.35 ($(label "$n"))" --vars "$TMP/scale.vars")
		rm -f "$TMP/mark"
	fi
	rm -f "$f" "$f.truth" "$TMP/camp.out" "$TMP/plain.out"
	SCALE_ROWS="$SCALE_ROWS$n|$bytes|$p|$c|${camps:-?}|$qrow
"
done

say
say "scale: wall s best of up to $RUNS runs (a campaign run over ${SLOW} s" \
    "once), peak RSS the largest; $(nproc 2> /dev/null || echo ?) CPUs"
say
printf '%-8s %-34s %8s %8s %13s %8s %5s %11s\n' size command "wall s" \
    "cpu s" "peak RSS MiB" ratio runs "spool MB"
say "$SCALE_ROWS" | awk -F'|' 'NF >= 5 {
	split($3, p, " "); split($4, c, " ")
	pw = p[1] < 0.01 ? 0.01 : p[1]
	n = $1
	lab = n % 1000000 == 0 ? n / 1000000 "m" : n % 1000 == 0 ? n / 1000 "k" : n
	printf "%-8s %-34s %8.2f %8.2f %13.1f %8s %5d %11s%s\n", lab,
	    "gd-tally --by respondent.type", p[1], p[2], p[3] / 1024, "1.00",
	    p[4], "-", p[5] != 0 ? "   (exit " p[5] ")" : ""
	printf "%-8s %-34s %8.2f %8.2f %13.1f %7.2fx %5d %11.1f%s\n", "",
	    "gd-tally --campaigns --by ...", c[1], c[2], c[3] / 1024,
	    c[1] / pw, c[4], c[6] / 1e6, c[5] != 0 ? "   (exit " c[5] ")" : ""
	printf "%-8s   input %.1f MB of NDJSON; %s campaigns found; spool in %s\n",
	    "", $2 / 1e6, $5, c[7]
}'
qline=$(say "$SCALE_ROWS" | awk -F'|' '$6 != "" { print $6 }')
if [ -n "$qline" ]; then
	say
	printf '%-16s %10s %9s %7s %7s %7s %7s %6s %6s %6s %7s\n' threshold \
	    precision recall F1 found seeded exact split missed merged indiv
	say "$qline"
fi

# ---- targets ---------------------------------------------------------

say
say "targets:"
v=$(var "$TMP/q.vars" precision)
target precision "pairwise $(printf '%.3f' "$v")% at the default threshold ($(label "$QROWS"))" \
    "$v" ">=" "$T_PREC" ">= $T_PREC%"
v=$(var "$TMP/q.vars" recall)
target recall "pairwise $(printf '%.3f' "$v")% at the default threshold ($(label "$QROWS"))" \
    "$v" ">=" "$T_REC" ">= $T_REC%"
if [ -f "$TMP/scale.vars" ]; then
	v=$(var "$TMP/scale.vars" precision)
	target "precision ($(label "$ROWS"))" "pairwise $(printf '%.3f' "$v")% at the default threshold" \
	    "$v" ">=" "$T_PREC" ">= $T_PREC%"
	v=$(var "$TMP/scale.vars" recall)
	target "recall ($(label "$ROWS"))" "pairwise $(printf '%.3f' "$v")% at the default threshold" \
	    "$v" ">=" "$T_REC" ">= $T_REC%"
fi
v=$(var "$TMP/q.vars" ind_pct)
target boilerplate "$(var "$TMP/q.vars" ind_in) of $(var "$TMP/q.vars" ind_all) individual responses in campaigns" \
    "$v" "<=" "$T_GLUE" "<= $T_GLUE%"
if [ -n "$REAL_OK" ]; then
	cat "$TMP/real.dm" "$TMP/real.rg" | awk '
		/PASS$/ { p++ } /MISS$/ { m++ }
		END { printf "%s\t%s\t%s\t%s\n", "real exports",
		    (p + 0) " of " (p + m) " checks pass (above)", "all",
		    (m == 0 && p > 0) ? "PASS" : "MISS" }' | figures
else
	info "real exports: n/a, no real data"
fi
say "$SCALE_ROWS" | awk -F'|' -v t="$T_SLOW" 'NF >= 5 {
	split($3, p, " "); split($4, c, " ")
	pw = p[1] < 0.01 ? 0.01 : p[1]
	n = $1
	lab = n % 1000000 == 0 ? n / 1000000 "m" : n % 1000 == 0 ? n / 1000 "k" : n
	printf "%s\t%s\t%s\t%s\n", "speed (" lab ")",
	    sprintf("--campaigns %.2fx the wall time of the plain count", c[1] / pw),
	    "<= " t "x", c[1] / pw <= t ? "PASS" : "MISS"
}' | figures
if [ "$BIG" = 1 ]; then
	say "$SCALE_ROWS" | awk -F'|' -v t="$T_RSS" -v big=$((ROWS * 5)) \
	    -v lab="$(label $((ROWS * 5)))" '
	$1 == big { split($4, c, " ")
		printf "%s\t%s\t%s\t%s\n", "peak RSS (" lab ")",
		    sprintf("--campaigns %.1f MiB", c[3] / 1024),
		    "<= " t " MiB", c[3] / 1024 <= t ? "PASS" : "MISS" }' | figures
else
	say "$SCALE_ROWS" | awk -F'|' -v n="$ROWS" -v l="$(label "$ROWS")" \
	    -v l5="$(label $((ROWS * 5)))" -v t="$T_RSS" '$1 == n {
		split($4, c, " ")
		printf "%s\t%s\t%s\t%s\n", "peak RSS (" l5 ")",
		    sprintf("not measured (BENCH_BIG=1); %.1f MiB at %s",
		    c[3] / 1024, l), "<= " t " MiB", "n/a" }' | figures
fi
info "without the boilerplate rule (--boilerplate 0.99):" \
    "$(var "$TMP/nobp.vars" ind_in) individual responses in campaigns," \
    "precision $(printf '%.2f' "$(var "$TMP/nobp.vars" precision)")%"
info "a dominant campaign (60% of 20k responses):" \
    "recall $(printf '%.2f' "$(var "$TMP/dom.vars" recall)")%," \
    "precision $(printf '%.2f' "$(var "$TMP/dom.vars" precision)")%"
exit 0
