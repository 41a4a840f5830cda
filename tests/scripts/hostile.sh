#!/bin/sh
# hostile.sh - every invalid JSON text of JSONTestSuite's test_parsing/n_*
# (${GD_JSON_TEST_SUITE:-$TOP/../shared/data/jsontestsuite}) fed to
# gd-ingest (as NDJSON lines and as one JSON document) and to gd-redact.
# Each must be refused: exit 1 (a reject) or, for a whole document that
# is not JSON, 3 (input unusable); never a crash; no record written for
# the bad text; every message names the file, a refusal its line too.  A file with no
# text at all (white space, a byte order mark) is zero NDJSON records
# (exit 0, nothing written) and no JSON document (exit 3).  (gd-tally's own run over these is in tally.sh.)
# Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
JTS=${GD_JSON_TEST_SUITE:-$TOP/../shared/data/jsontestsuite}
. "$TOP/tests/common.sh"
W=$OUT/hostile
rm -rf "$W"
mkdir -p "$W" || exit 1
cd "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

if [ ! -d "$JTS/test_parsing" ]; then
	skip hostile-json "no JSONTestSuite at $JTS"
	exit 0
fi
gd-redact --new-key key 2> /dev/null || notok hostile-json "no key made"

# run NAME OKCODES FILE CMD...: the command's status is one of OKCODES
# (or 0 for a file without text), its output is empty, and each line of
# its standard error names the file and a line.
bad=
checked=0
run() {
	name=$1 codes=$2 f=$3
	shift 3
	"$@" "$f" > out 2> err
	rc=$?
	checked=$((checked + 1))
	# White space (JSON's, or any) and a UTF-8 byte order mark only.
	# Zero NDJSON records; not a JSON document at all.
	if [ -z "$(sed '1s/^\xEF\xBB\xBF//' "$f" | tr -d ' \t\r\n\f\v')" ]; then
		if [ "$name" = ingest-document ]; then codes=3; else codes=0; fi
	fi
	case " $codes " in
	*" $rc "*) ;;
	*) bad="$bad $name:$(basename "$f"):exit-$rc"; return ;;
	esac
	if [ -s out ] && [ "$name" != ingest-document ]; then
		bad="$bad $name:$(basename "$f"):output"
		return
	fi
	b=$(basename "$f")
	# Every message names the file (an encoding note need not name a
	# line); a refusal names the line too.
	if grep -v "^gd-[a-z]*: .*$b:" err > /dev/null ||
	    { [ "$rc" -ne 0 ] && ! grep -q "^gd-[a-z]*: .*$b:[0-9][0-9]*\(:[0-9][0-9]*\)\{0,1\}: " err; }; then
		bad="$bad $name:$b:message($(head -c 120 err))"
	fi
}

for f in "$JTS"/test_parsing/n_*.json; do
	run ingest-ndjson "1" "$f" gd-ingest -f ndjson
	run ingest-document "1 3" "$f" gd-ingest -f json
	run redact "1" "$f" gd-redact --for publication --key-file key
done
if [ -z "$bad" ] && [ "$checked" -ge 500 ]; then
	ok "hostile-json ($checked runs)"
else
	notok hostile-json "$checked runs; failures:$(echo "$bad" | cut -c1-600)"
fi

# A document that is an array of objects may still end badly: the
# objects before the fault are records, the fault is one reject, and the
# rest is not read.  Elements must be separated by exactly one comma.
printf '[{"a":"1"},,{"a":"2"}]\n' > comma2.json
printf '[{"a":"1"} {"a":"2"}]\n' > nocomma.json
printf '[{"a":"1"},]\n' > trailing.json
printf '[,{"a":"1"}]\n' > leading.json
printf '[{"a":"1"},\f{"a":"2"}]\n' > formfeed.json
for f in comma2 nocomma trailing leading formfeed; do
	gd-ingest -f json "$f.json" > "$f.out" 2> "$f.err"
	rc=$?
	n=$(wc -l < "$f.out")
	if [ "$rc" -ne 1 ] || ! grep -q "^gd-ingest: $f.json:1: " "$f.err"; then
		notok "array-framing-$f" "exit $rc: $(cat "$f.err")"
	elif [ "$f" = leading ] && [ "$n" -ne 0 ]; then
		notok "array-framing-$f" "$n records"
	elif [ "$f" != leading ] && [ "$n" -ne 1 ]; then
		notok "array-framing-$f" "$n records, expected the first only"
	else
		ok "array-framing-$f"
	fi
done
