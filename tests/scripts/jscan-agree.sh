#!/bin/sh
# jscan-agree.sh - gd-tally's JSON scanner (lib/jscan.c) against jansson,
# which the other tools read records with, over every text of
# JSONTestSuite's test_parsing (${GD_JSON_TEST_SUITE:-$TOP/../shared/data/jsontestsuite}):
# y_ (valid JSON), n_ (invalid) and i_ (left to the parser).  The scanner
# exists for speed (gd-tally reads millions of lines); it must not count a
# line gd-redact refuses, nor refuse one it reads.
#
# tests/jscan/agree (built by make check) reads each text as the value of
# a member, {"v":TEXT}, since the scanner reads only objects, and prints
# jansson's verdict on the text, jansson's on the record (JSON_REJECT_
# DUPLICATES, as gd-redact and gd-ingest read one) and the scanner's:
#
#   y_  accepted by the scanner, except where gd's rules refuse valid
#       JSON, with jansson: a key given twice (JSON_REJECT_DUPLICATES) and
#       \u0000 in a string (jansson's default, without JSON_ALLOW_NUL);
#   n_  refused by the scanner, every one;
#   i_  the scanner's verdict is jansson's on the record;
#
# and, for every file, the scanner's verdict is jansson's on the record,
# except n_multidigit_number_then_00.json: "123" and a NUL byte, which
# jansson accepts (it skips a NUL byte that ends a number: {"n":1<NUL>}
# reads as {"n":1}) and the scanner, like the suite, refuses.
# Prints "ok NAME" / "not ok NAME: why", with the counts.

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
LC_ALL=C.UTF-8
export TOP OUT LC_ALL
JTS=${GD_JSON_TEST_SUITE:-$TOP/../shared/data/jsontestsuite}
. "$TOP/tests/common.sh"
W=$OUT/jscan-agree
rm -rf "$W"
mkdir -p "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

if [ ! -d "$JTS/test_parsing" ]; then
	skip jscan-agree "no JSONTestSuite at $JTS"
	exit 0
fi
AGREE=$TOP/tests/jscan/agree
if [ ! -x "$AGREE" ]; then
	notok jscan-agree "tests/jscan/agree not built (make check builds it)"
	exit 0
fi

# Valid JSON that gd refuses, jansson and the scanner alike.
POLICY="y_object_duplicated_key.json y_object_duplicated_key_and_value.json
y_object_escaped_null_in_key.json y_string_null_escape.json"
# Where jansson is wrong and the scanner is not.
JANSSON="n_multidigit_number_then_00.json"

(cd "$JTS/test_parsing" && "$AGREE" [yni]_*.json) > "$W/verdicts" ||
    notok jscan-agree "tests/jscan/agree failed"
# NAME TEXT RECORD SCAN: the verdicts without the scanner's reason.
sed 's/: .*//' "$W/verdicts" > "$W/v"

inlist() {
	for x in $2; do
		[ "$x" = "$1" ] && return 0
	done
	return 1
}

for kind in y n i; do
	total=0 both=0 bad=
	while read -r name text record scanv; do
		total=$((total + 1))
		if [ "$scanv" = inconsistent ]; then
			bad="$bad $name(inconsistent)"
			continue
		fi
		case $kind in
		y) want=accept
		   inlist "$name" "$POLICY" && want=reject ;;
		n) want=reject ;;
		i) want=$record ;;
		esac
		if [ "$scanv" != "$want" ]; then
			bad="$bad $name(scanner:$scanv)"
		elif [ "$scanv" != "$record" ] &&
		    ! inlist "$name" "$JANSSON"; then
			bad="$bad $name(scanner:$scanv,jansson:$record)"
		elif [ "$scanv" = "$record" ]; then
			both=$((both + 1))
		fi
	done <<-EOF
	$(grep "^${kind}_" "$W/v")
	EOF
	acc=$(grep "^${kind}_" "$W/v" | awk '$4 == "accept"' | wc -l)
	what="$total ${kind}_ texts, $acc accepted; the same verdict as jansson on $both"
	if [ "$total" -eq 0 ]; then
		notok "jscan-agree-$kind" "no ${kind}_ texts in $JTS/test_parsing"
	elif [ -n "$bad" ]; then
		notok "jscan-agree-$kind" "$what; wrong:$bad"
	else
		ok "jscan-agree-$kind ($what)"
	fi
done
