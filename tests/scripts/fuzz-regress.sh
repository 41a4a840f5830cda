#!/bin/sh
# fuzz-regress.sh - every fuzz target (fuzz/NAME.c), linked with a plain
# main() (fuzz/replay.c, built by make check as tests/fuzz/NAME), replays
# its committed seeds (fuzz/corpus/NAME) and the crashers fuzzing found,
# fixed since (fuzz/regress/NAME).  A crash, an abort (a target's own
# check) or, under make sanitize, a sanitizer's finding fails the case.
# Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
LC_ALL=C.UTF-8
export TOP OUT LC_ALL
W=$OUT/fuzz-regress
rm -rf "$W"
mkdir -p "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

n=0
for src in "$TOP"/fuzz/*.c; do
	t=$(basename "$src" .c)
	[ "$t" = replay ] && continue
	n=$((n + 1))
	bin=$TOP/tests/fuzz/$t
	if [ ! -x "$bin" ]; then
		notok "fuzz-$t" "tests/fuzz/$t not built (make check builds it)"
		continue
	fi
	for kind in corpus regress; do
		d=$TOP/fuzz/$kind/$t
		if [ ! -d "$d" ]; then
			[ "$kind" = corpus ] && notok "fuzz-$t-corpus" "no fuzz/corpus/$t"
			continue
		fi
		want=$(ls "$d" | wc -l)
		"$bin" "$d" > "$W/$t-$kind.out" 2> "$W/$t-$kind.err"
		rc=$?
		got=$(sed -n 's/^\([0-9]*\) inputs$/\1/p' "$W/$t-$kind.out")
		if [ "$rc" -ne 0 ]; then
			notok "fuzz-$t-$kind" "exit $rc: $(grep -m 3 -E 'ERROR|runtime error|Assertion|abort' "$W/$t-$kind.err")"
		elif [ "$got" != "$want" ] || [ "$want" -eq 0 ]; then
			notok "fuzz-$t-$kind" "$got of $want inputs replayed"
		else
			ok "fuzz-$t-$kind ($want inputs)"
		fi
	done
done
[ "$n" -gt 0 ] || notok fuzz-regress "no fuzz target in fuzz/"
exit 0
