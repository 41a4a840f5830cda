#!/bin/sh
# run.sh - runs every test of gd and ends with "N passed, N failed, N skipped".
#
#   tests/unit/unit        the library's unit tests (C)
#   tests/cli/TOOL/CASE/   one folder per command-line case, grouped by
#                          the tool it is about (ingest, redact, tally,
#                          publish):
#       cmd                shell commands, run in the case folder with the
#                          tools on PATH ($TOP is the source tree, $OUT a
#                          scratch folder for the case)
#       stdin              standard input (else /dev/null)
#       stdout, stderr     expected output, compared exactly (if present)
#       status             expected exit status (default 0)
#   tests/scripts/*.sh     tests too big for a folder (real data, man page
#                          examples, failure injection); each prints
#                          "ok NAME" or "not ok NAME: why" lines, and
#                          "skip NAME: why" for a test that needs
#                          ../shared when this checkout has none beside it
#                          (tests/common.sh).
#
# Usage: tests/run.sh [CASE...]   (CASE: a cli case as TOOL/CASE, a TOOL
# for all of its cases, a script name, or unit)
#
# GD_VALGRIND=1: the command-line cases run each tool under valgrind's
# memcheck (make valgrind); a memory error or a definite leak is a
# failure of the case, with valgrind's report in tests/out/valgrind/.

TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
PATH="$TOP/bin:$PATH"
export PATH
LC_ALL=C.UTF-8
export LC_ALL
OUTROOT="$TOP/tests/out"
rm -rf "$OUTROOT"
mkdir -p "$OUTROOT"

VG=
if [ -n "${GD_VALGRIND:-}" ]; then
	VG="$OUTROOT/valgrind"
	mkdir -p "$VG/bin"
	for t in "$TOP"/bin/gd-*; do
		n=$(basename "$t")
		printf '#!/bin/sh\nGD_NO_JIT=1 PATH="%s:$PATH" exec valgrind -q --error-exitcode=88 --leak-check=full --errors-for-leak-kinds=definite --log-file="%s/%s.%%p.log" %s "$@"\n' \
		    "$TOP/bin" "$VG" "$n" "$n" > "$VG/bin/$n"
		chmod +x "$VG/bin/$n"
	done
	PATH="$VG/bin:$PATH"
fi

pass=0
fail=0
skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

selected() {
	[ -z "$SELECT" ] && return 0
	for s in $SELECT; do
		[ "$s" = "$1" ] && return 0
		# A tool's name selects its command-line cases.
		[ "$s" = "${1%%/*}" ] && [ "$s" != "$1" ] && return 0
	done
	return 1
}
SELECT="$*"

# Unit tests.
if selected unit; then
	if [ -x "$TOP/tests/unit/unit" ]; then
		"$TOP/tests/unit/unit" > "$OUTROOT/unit.log" 2>&1
		last=$(tail -n 1 "$OUTROOT/unit.log")
		up=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
		uf=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
		if [ -z "$up" ]; then
			bad "unit: no summary line"
		else
			pass=$((pass + up))
			fail=$((fail + uf))
			[ "$uf" -eq 0 ] || grep '^FAIL' "$OUTROOT/unit.log"
		fi
	else
		bad "unit: tests/unit/unit not built"
	fi
fi

# Command-line cases.
for dir in "$TOP"/tests/cli/*/*/; do
	[ -f "$dir/cmd" ] || continue
	name=$(basename "$(dirname "$dir")")/$(basename "$dir")
	selected "$name" || continue
	OUT="$OUTROOT/cli/$name"
	mkdir -p "$OUT"
	export OUT
	input=/dev/null
	[ -f "$dir/stdin" ] && input="$dir/stdin"
	(cd "$dir" && sh ./cmd < "$input" > "$OUT/stdout" 2> "$OUT/stderr")
	status=$?
	expect=0
	[ -f "$dir/status" ] && expect=$(cat "$dir/status")
	why=
	[ "$status" -eq "$expect" ] || why="exit $status, expected $expect"
	if [ -z "$why" ] && [ -f "$dir/stdout" ] &&
	    ! cmp -s "$dir/stdout" "$OUT/stdout"; then
		why="stdout differs: diff $dir/stdout $OUT/stdout"
	fi
	if [ -z "$why" ] && [ -f "$dir/stderr" ] &&
	    ! cmp -s "$dir/stderr" "$OUT/stderr"; then
		why="stderr differs: diff $dir/stderr $OUT/stderr"
	fi
	if [ -z "$why" ]; then ok; else bad "cli/$name: $why"; fi
done

# Script tests.
for t in "$TOP"/tests/scripts/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	selected "$name" || continue
	OUT="$OUTROOT/scripts/$name"
	mkdir -p "$OUT"
	export OUT
	sh "$t" > "$OUT/log" 2>&1
	rc=$?
	n_ok=$(grep -c '^ok ' "$OUT/log")
	n_bad=$(grep -c '^not ok ' "$OUT/log")
	n_skip=$(grep -c '^skip ' "$OUT/log")
	pass=$((pass + n_ok))
	fail=$((fail + n_bad))
	skipped=$((skipped + n_skip))
	grep '^not ok ' "$OUT/log" | sed "s|^|FAIL $name: |"
	grep '^skip ' "$OUT/log" | sed "s|^skip |SKIP $name: |"
	if [ "$rc" -ne 0 ] && [ "$n_bad" -eq 0 ]; then
		bad "$name: exited $rc (see $OUT/log)"
	fi
	if [ "$n_ok" -eq 0 ] && [ "$n_bad" -eq 0 ] && [ "$n_skip" -eq 0 ]; then
		bad "$name: ran no test"
	fi
done

if [ -n "$VG" ]; then
	for l in "$VG"/*.log; do
		[ -s "$l" ] || continue
		bad "valgrind: $(basename "$l"): $(grep -m 1 '==[0-9]*== [A-Z]' "$l")"
	done
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
