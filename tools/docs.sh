#!/bin/sh
# docs.sh [DIR] - makes the README's picture of the example report from
# the current code: runs the demo pipeline (examples/demo.sh) and takes a
# screenshot of its HTML report in headless Chromium (tests/browser.py),
# the top of the page, into DIR/report.png (default docs/).  Run by make
# docs; the tests run it into a scratch folder.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-"$TOP/docs"}
mkdir -p "$DIR"
if ! log=$(sh "$TOP/examples/demo.sh" 2>&1); then
	printf '%s\n' "$log" | tail -n 5 >&2
	echo "docs: the demo pipeline failed" >&2
	exit 1
fi
python3 "$TOP/tests/browser.py" "$TOP/examples/out/report.html" \
    "$DIR/report.png" 2600 > /dev/null
echo "docs: $DIR/report.png"
