#!/bin/sh
# a11y.sh - the HTML report read by axe-core (the accessibility rules of
# WCAG 2.x, from npm, pinned in tests/a11y/package-lock.json and installed
# there by npm ci when missing) in headless Chromium: the example
# consultation (in English and in French), the real Regulations.gov
# docket and a Decide Madrid report (in Spanish) must have no serious or
# critical violation.  Prints "ok NAME" /
# "not ok NAME: why" (with the rules broken).

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
W=$OUT/a11y
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

EX=$TOP/examples/open-declaration
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"

A=$TOP/tests/a11y
AXE=$A/node_modules/axe-core/axe.min.js
# axe_ok: node_modules has the version package-lock.json pins.
axe_ok() {
	[ -f "$AXE" ] && node -e '
		const lock = require(process.argv[1] + "/package-lock.json");
		const want = lock.packages["node_modules/axe-core"].version;
		const have = require(process.argv[1] +
		    "/node_modules/axe-core/package.json").version;
		process.exit(want === have ? 0 : 1);' "$A" 2> /dev/null
}
if ! command -v chromium > /dev/null; then
	notok a11y "chromium is not installed (apt-get install chromium)"
	exit 0
fi
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
	notok a11y "node and npm are not installed (apt-get install nodejs npm)"
	exit 0
fi
if ! axe_ok && { ! (cd "$A" && npm ci --no-audit --no-fund \
    --loglevel=error) > npm.log 2>&1 || ! axe_ok; }; then
	notok a11y "npm ci in tests/a11y failed: $(tail -n 3 npm.log)"
	exit 0
fi

# axe NAME REPORT: no serious or critical violation.
axe() {
	if ! python3 "$TOP/tests/browser.py" --axe "$AXE" "$2" > "$1.json" \
	    2> "$1.err"; then
		notok "$1" "browser: $(head -n 2 "$1.err")"
	elif jq -e '.axe | type == "array"' "$1.json" > /dev/null &&
	    jq -e '[.axe[] | select(.impact == "serious" or
	    .impact == "critical")] == []' "$1.json" > /dev/null; then
		ok "$1 (axe-core: $(jq '.axe | length' "$1.json") minor or moderate, 0 serious or critical)"
	else
		notok "$1" "$(jq -c '[.axe[] | select(.impact == "serious" or
		    .impact == "critical") | {id, impact, nodes, targets}]' \
		    "$1.json")"
	fi
}

gd-ingest -q -m "$EX/mapping.json" "$EX/responses.csv" |
    gd-redact -q --for publication |
    gd-tally --with-records --campaigns --stubs --compare \
        --codebook "$EX/codebook.json" |
    gd-publish -f html --replies "$EX/replies.md" -o ex.html &&
    axe a11y-example ex.html || notok a11y-example "the pipeline failed"
# The same report in French: lang="fr", the replies (English, said so
# in their front matter) marked lang="en".
{ printf -- '---\nlang: en\n---\n'; cat "$EX/replies.md"; } > replies-en.md
gd-ingest -q -m "$EX/mapping.json" "$EX/responses.csv" |
    gd-redact -q --for publication |
    gd-tally --with-records --campaigns --stubs --compare \
        --codebook "$EX/codebook.json" |
    gd-publish -f html --lang fr --replies replies-en.md -o ex-fr.html &&
    grep -q '<html lang="fr">' ex-fr.html &&
    grep -q '<div class="reply" lang="en">' ex-fr.html &&
    axe a11y-example-fr ex-fr.html ||
    notok a11y-example-fr "the pipeline failed, or the page is not marked fr"

R=$REAL/regulations-gov-usda-2017-0002
if [ ! -f "$R/docket-export.csv" ]; then
	skip a11y-regulations-gov "no $R/docket-export.csv"
else
	gd-ingest -q -p regulations-gov -j "$R/text-comments.csv" \
	    "$R/docket-export.csv" |
	    gd-redact -q --for publication |
	    gd-tally --with-records --campaigns --stubs \
	        --by respondent.type |
	    gd-publish -f html -o rg.html &&
	    axe a11y-regulations-gov rg.html ||
	    notok a11y-regulations-gov "the pipeline failed"
fi

M=$REAL/decide-madrid-2024/proposals_latest.csv
if [ ! -f "$M" ]; then
	skip a11y-decide-madrid "no $M"
else
	gd-redact --new-key key
	gd-ingest -q -p consul "$M" |
	    gd-redact -q --for publication --key-file key |
	    gd-tally --with-records --campaigns --stubs |
	    gd-publish -f html --lang es -o madrid.html &&
	    axe a11y-decide-madrid madrid.html ||
	    notok a11y-decide-madrid "the pipeline failed"
fi
