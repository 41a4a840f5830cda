#!/bin/sh
# redact-leaks.sh - bench/redact-leaks.py on a small corpus of a fixed
# seed (the one the detectors were developed on; make bench reports
# another): every category within its leak target and every decoy type
# kept, as the benchmark asks.  A regression guard, not a measurement:
# no timing.  Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
LC_ALL=C.UTF-8
export LC_ALL

if ! command -v python3 > /dev/null 2>&1; then
	echo "not ok redact-leaks: python3 is not installed"
	exit 0
fi
if python3 "$TOP/bench/redact-leaks.py" --gd-redact "$TOP/bin/gd-redact" \
    --seed 1 --records 2000 --examples 3 --keep "$OUT/redact-leaks" \
    --check > "$OUT/redact-leaks.txt" 2>&1; then
	echo "ok redact-leaks: seed 1, 2000 records, all targets"
else
	sed 's/^/# /' "$OUT/redact-leaks.txt"
	echo "not ok redact-leaks: a target missed (see above)"
fi
