# bench/lib.sh - helpers shared by the benchmark scripts (sourced; they
# run from the repository root).  The sourcing script sets TMP (a scratch folder),
# B (built helpers), D (data), TIME (GNU time), RUNS and, for data, GENSUM.

say() { printf '%s\n' "$*"; }

# figure LABEL TEXT TARGET VERDICT: one measured figure, as a line of the
# report and, when BENCH_FIGURES names a file, a tab-separated line there,
# from which tools/readme.py --bench writes the README's table.  An
# (info) figure has no target and no verdict.
figure() {
	if [ -z "$3" ]; then
		printf '  %-18s %s\n' "$1" "$2"
	else
		printf '  %-18s %-52s target %-10s %s\n' "$1" "$2" "$3" "$4"
	fi
	[ -n "${BENCH_FIGURES:-}" ] &&
	    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$BENCH_FIGURES"
	return 0
}
info() { figure "(info)" "$*" "" ""; }
# figures: figure for each tab-separated line of standard input.
figures() {
	while IFS='	' read -r f_l f_t f_g f_v; do
		figure "$f_l" "$f_t" "$f_g" "$f_v"
	done
}
note() { printf 'bench: %s\n' "$*" >&2; }
die() { note "$*"; exit 1; }

# build OUT SRC [LIBS...]: compile a helper when missing or out of date.
build() {
	b_out=$1 b_src=$2
	shift 2
	[ -x "$b_out" ] && [ -z "$(find "$b_src" -newer "$b_out")" ] && return 0
	$CC -O2 -o "$b_out.tmp" "$b_src" "$@" 2> "$TMP/cc.err" &&
		mv "$b_out.tmp" "$b_out" && return 0
	sed 's/^/    /' "$TMP/cc.err" >&2
	rm -f "$b_out.tmp"
	return 1
}

# label ROWS: 1000000 -> 1m, 100000 -> 100k, 1234 -> 1234.
label() {
	awk -v n="$1" 'BEGIN {
		if (n % 1000000 == 0) printf "%dm\n", n / 1000000
		else if (n % 1000 == 0) printf "%dk\n", n / 1000
		else print n }'
}

# data ROWS: prints the path of the input with ROWS rows, generating it
# unless a stamp beside it says it has those rows, that size, and comes
# from this version of gen.c.
data() {
	d_f=$D/consultation-$(label "$1").csv
	d_want="rows=$1 gen=$GENSUM"
	if [ -f "$d_f" ] && [ -f "$d_f.stamp" ] &&
	    [ "$(cat "$d_f.stamp")" = "$d_want bytes=$(wc -c < "$d_f")" ]; then
		say "$d_f"
		return 0
	fi
	note "generating $d_f ($1 rows)"
	rm -f "$d_f.stamp"
	if ! "$B/gen" "$1" > "$d_f.tmp" || ! mv "$d_f.tmp" "$d_f"; then
		rm -f "$d_f.tmp"
		return 1
	fi
	say "$d_want bytes=$(wc -c < "$d_f")" > "$d_f.stamp"
	say "$d_f"
}

# measure NAME LIMIT OUT CMD...: runs CMD up to RUNS times with stdout to
# OUT, stopping early once a run takes more than LIMIT seconds (0: never).
# Sets R_WALL (best wall s), R_CPU (user+sys s of that run, children
# included), R_RSS (max peak RSS over the runs, KiB; for a pipeline, that
# of its largest process), R_N (runs), R_RC (last non-zero exit).
# With MEASURE_WATCH set to a function WATCH PID FILE, that function runs
# beside each run and writes "NUMBER NOTE" to FILE when it ends; R_WATCH
# is the largest NUMBER over the runs and R_WATCHNOTE its NOTE.
measure() {
	m_name=$1 m_limit=$2 m_out=$3
	shift 3
	R_WALL='' R_CPU='' R_RSS=0 R_N=0 R_RC=0 R_WATCH=0 R_WATCHNOTE='?'
	while [ "$R_N" -lt "$RUNS" ]; do
		R_N=$((R_N + 1))
		note "$m_name: run $R_N/$RUNS"
		if [ -n "${MEASURE_WATCH:-}" ]; then
			"$TIME" -f '%e %M %x %U %S' -o "$TMP/time" "$@" \
			    > "$m_out" 2> "$TMP/err" &
			m_pid=$!
			"$MEASURE_WATCH" "$m_pid" "$TMP/watch" &
			m_wpid=$!
			wait "$m_pid"
			wait "$m_wpid"
			read -r m_v m_n < "$TMP/watch"
			[ "$m_v" -gt "$R_WATCH" ] && R_WATCH=$m_v R_WATCHNOTE=$m_n
		else
			"$TIME" -f '%e %M %x %U %S' -o "$TMP/time" "$@" \
			    > "$m_out" 2> "$TMP/err"
		fi
		read -r m_w m_m m_x m_u m_s <<-EOF
		$(tail -n 1 "$TMP/time")
		EOF
		if [ "$m_x" != 0 ]; then
			R_RC=$m_x
			note "$m_name exited with status $m_x:"
			head -n 5 "$TMP/err" | sed 's/^/    /' >&2
		fi
		if [ -z "$R_WALL" ] ||
		    awk -v a="$m_w" -v b="$R_WALL" 'BEGIN { exit !(a < b) }'; then
			R_WALL=$m_w
			R_CPU=$(awk -v u="$m_u" -v s="$m_s" \
			    'BEGIN { printf "%.2f", u + s }')
		fi
		[ "$m_m" -gt "$R_RSS" ] && R_RSS=$m_m
		[ "$m_limit" -gt 0 ] &&
		    awk -v a="$m_w" -v l="$m_limit" 'BEGIN { exit !(a > l) }' &&
		    break
	done
	return 0
}

# verdict VALUE OP TARGET: PASS or MISS.
verdict() {
	awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {
		ok = op == ">=" ? v >= t : v <= t
		print ok ? "PASS" : "MISS" }'
}
