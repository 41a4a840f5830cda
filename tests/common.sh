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
