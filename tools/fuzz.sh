#!/bin/sh
# fuzz.sh NAME... - runs each libFuzzer target build/fuzz/bin/NAME for
# FUZZ_SECONDS (default 60) and prints one line per target: its name, the
# runs made, runs per second, and ok or the crash.  Fails if any crashed.
#
# Each target works on its own copy of the corpus, build/fuzz/corpus/NAME
# (so what libFuzzer adds never lands in fuzz/corpus/), seeded from
# fuzz/corpus/NAME and fuzz/regress/NAME; larger real inputs are read from
# the directories in FUZZ_EXTRA_CORPUS (default: ../shared/data/real's
# folders, when there), cut to the target's -max_len.  A crashing input
# is saved as build/fuzz/crash/NAME-crash-*; libFuzzer's log is
# build/fuzz/log/NAME.log.
#
# fuzz/NAME.options, if present, holds more libFuzzer options for the
# target (-max_len=N...); fuzz/NAME.dict a dictionary.
cd "$(dirname "$0")/.." || exit 1
S=${FUZZ_SECONDS:-60}
B=build/fuzz
mkdir -p "$B/corpus" "$B/crash" "$B/log"

if [ -z "${FUZZ_EXTRA_CORPUS+set}" ]; then
	FUZZ_EXTRA_CORPUS=
	for d in ../shared/data/real/*/ ../shared/data/real/*/*/; do
		[ -d "$d" ] && FUZZ_EXTRA_CORPUS="$FUZZ_EXTRA_CORPUS $d"
	done
fi

# LeakSanitizer needs ptrace; where it cannot run (some containers),
# leaks are not looked for rather than every run failing.
leaks=1
printf 'int main(void) { return 0; }\n' > "$B/lsan-probe.c"
if ! ${FUZZ_CC:-clang-14} -fsanitize=address -o "$B/lsan-probe" "$B/lsan-probe.c" 2> /dev/null ||
    ! ASAN_OPTIONS=detect_leaks=1 "$B/lsan-probe" > /dev/null 2>&1; then
	leaks=0
	echo "fuzz: LeakSanitizer cannot run on this machine: leaks are not checked"
fi

failed=0
for t in "$@"; do
	bin=$B/bin/$t
	work=$B/corpus/$t
	log=$B/log/$t.log
	mkdir -p "$work"
	opts="-max_len=65536"
	[ -f "fuzz/$t.options" ] && opts="$opts $(cat "fuzz/$t.options")"
	[ -f "fuzz/$t.dict" ] && opts="$opts -dict=fuzz/$t.dict"
	seeds=
	for d in "fuzz/corpus/$t" "fuzz/regress/$t"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	extra=
	case $t in
	csv|ndjson|mapping) extra=$FUZZ_EXTRA_CORPUS ;;
	esac
	start=$(date +%s)
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=$leaks:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$bin" $opts -max_total_time="$S" -timeout=20 -rss_limit_mb=2048 \
	    -detect_leaks=$leaks -print_final_stats=1 \
	    -artifact_prefix="$B/crash/$t-" "$work" $seeds $extra \
	    > "$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		failed=1
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		why=$(grep -m 1 -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error|SUMMARY' "$log")
		result="CRASH (exit $rc): ${why:-see $log}${art:+; input: $art}"
	fi
	printf '%-10s %10s runs  %6s exec/s  %4ss  %s\n' "$t" "${runs:-?}" \
	    "${eps:-?}" "$secs" "$result"
done
exit $failed
