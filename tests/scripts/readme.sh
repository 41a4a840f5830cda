#!/bin/sh
# readme.sh - every shell transcript of README.md, run as pasted
# (tools/readme.py): the commands succeed under pipefail and print what
# the file shows.  Prints "ok readme" or "not ok readme: why".
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
for t in python3 bash jq; do
	if ! command -v "$t" > /dev/null 2>&1; then
		echo "not ok readme: $t is not installed"
		exit 0
	fi
done
python3 "$TOP/tools/readme.py" 2>&1 | head -n 20
