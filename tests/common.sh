# tests/common.sh - sourced by the scripts in tests/scripts.
#
# skip NAME WHY: a test that needs what this checkout does not have beside
# it (../shared: the real exports, JSONTestSuite).  run.sh counts it as
# skipped; with GD_REQUIRE_SHARED set (CI, which always has ../shared) it
# is a failure instead.
skip() {
	if [ -n "${GD_REQUIRE_SHARED:-}" ]; then
		echo "not ok $1: $2 (GD_REQUIRE_SHARED is set)"
	else
		echo "skip $1: $2"
	fi
}

# cli_case_as DIR N: the command-line case in folder DIR run with the
# tools of $W/bin/N first on PATH (wrappers that add options), its
# standard output, error, exit status and OUT folder kept under
# $W/N/cli-CASE; the same OUT path every time, since messages may name
# it.  For the scripts that compare runs of one case (threads.sh,
# ingest-threads.sh).
cli_case_as() {
	cc_name=cli-$(basename "$1")
	cc_in=/dev/null
	[ -f "$1/stdin" ] && cc_in="$1/stdin"
	rm -rf "$W/run"
	mkdir -p "$W/run" "$W/$2/$cc_name"
	(cd "$1" && OUT="$W/run" PATH="$W/bin/$2:$TOP/bin:$PATH" \
	    sh ./cmd < "$cc_in" > "$W/$2/$cc_name/stdout" \
	    2> "$W/$2/$cc_name/stderr"
	echo $? > "$W/$2/$cc_name/status")
	mv "$W/run" "$W/$2/$cc_name/out"
}
