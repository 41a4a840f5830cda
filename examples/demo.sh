#!/bin/sh
# demo.sh - the gd pipeline on the example consultation in
# examples/open-declaration/: ingest, redact, tally, publish.  Run by
# make demo.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
EX="$TOP/examples/open-declaration"
OUT="$TOP/examples/out"
PATH="$TOP/bin:$PATH"
mkdir -p "$OUT"

echo "gd demo: the Open Declaration consultation (examples/open-declaration)"
echo
echo "1. gd-ingest: the export (CSV) to response records"
gd-ingest --stats -m "$EX/mapping.json" --rejects "$OUT/rejects.ndjson" \
    -o "$OUT/responses.ndjson" "$EX/responses.csv"
echo
echo "   Respondents by type, as the export's own labels were mapped:"
grep -o '"respondent":{"type":"[a-z_]*"' "$OUT/responses.ndjson" |
    sed 's/.*"type":"//; s/"$//' | sort | uniq -c | sort -rn |
    sed 's/^/   /'
echo
echo "   Consent to publication:"
grep -o '"consent":"[a-z]*"' "$OUT/responses.ndjson" |
    sed 's/.*:"//; s/"$//' | sort | uniq -c | sort -rn | sed 's/^/   /'
echo
echo "2. gd-redact: what consent allows, personal data scrubbed"
gd-redact --stats --for publication --audit "$OUT/audit.ndjson" \
    -o "$OUT/public.ndjson" "$OUT/responses.ndjson"
echo "   Redactions by category (from the audit trail):"
grep -o '"category":"[a-z]*"' "$OUT/audit.ndjson" |
    sed 's/.*:"//; s/"$//' | sort | uniq -c | sort -rn | sed 's/^/   /'
echo "   For example, response ANON-OD09-0019 (published anonymously) ends:"
grep '"id":"ANON-OD09-0019"' "$OUT/public.ndjson" |
    sed 's/.*\\n//; s/".*//; s/^/     /'
echo
echo "3. gd-tally: who said what, in what may be published"
echo "   (a real publication adds --min-cell K to hide counts under K)"
gd-tally -o "$OUT/tally.ndjson" "$OUT/public.ndjson"
echo "   The summary:"
grep '"kind":"summary"' "$OUT/tally.ndjson" | sed 's/^/     /'
echo "   Q2, should public employees have a principle of their own? By type:"
grep '"by":\["respondent.type","answers.q2"\]' "$OUT/tally.ndjson" |
    sed 's/.*"key":\[\([^]]*\)\],"n":\([a-z0-9]*\).*/\1: \2/; s/"//g; s/^/     /'
echo "   Q3 (agree scale), net agreement by type:"
grep '"kind":"scale"' "$OUT/tally.ndjson" |
    sed 's/.*"key":\[\([^]]*\)\].*"net":\([-0-9.]*\).*/\1: \2/; s/"//g; s/^: /all: /; s/^/     /'
echo
echo "4. Campaigns, in a real docket (examples/regulations-gov: 200 comments)"
RG="$TOP/examples/regulations-gov"
gd-ingest -q -p regulations-gov -j "$RG/comments.csv" "$RG/docket.csv" |
    gd-redact -q --for publication |
    gd-tally --campaigns --by respondent.type -o "$OUT/docket-tally.ndjson"
grep '"kind":"summary"' "$OUT/docket-tally.ndjson" |
    sed 's/.*"responses":\([0-9]*\),"campaigns":\([0-9]*\),"campaign_responses":\([0-9]*\),"unique_voices":\([0-9]*\).*/   \1 responses: \3 in \2 campaign(s), \4 unique voices/'
grep '"kind":"campaign"' "$OUT/docket-tally.ndjson" |
    sed 's/.*"size":\([0-9]*\),"variants":\([0-9]*\),"text":"\([^"\\]*\).*/   a campaign of \1 responses in \2 wordings: "\3"/'
echo "   (the docket line that 162 of the comments end with is shared"
echo "   boilerplate: it is left out of the comparison, not taken for a campaign)"
echo
echo
echo "5. gd-publish: the report, and the data package, with the government's reply"
gd-tally --with-records --campaigns --compare \
    --codebook "$EX/codebook.json" "$OUT/public.ndjson" |
    tee "$OUT/tallied.ndjson" |
    gd-publish -f html --replies "$EX/replies.md" -o "$OUT/report.html"
gd-publish -f datapackage --sql sqlite --replies "$EX/replies.md" \
    -o "$OUT/package" "$OUT/tallied.ndjson"
gd-publish -f md --replies "$EX/replies.md" -o "$OUT/report.md" \
    "$OUT/tallied.ndjson"
grep '"kind":"summary"' "$OUT/tallied.ndjson" |
    sed 's/.*"responses":\([0-9]*\),"campaigns":\([0-9]*\),"campaign_responses":\([0-9]*\),"unique_voices":\([0-9]*\).*/   \1 published responses: \4 unique voices, \3 in \2 campaign(s)/'
echo "   The report has $(grep -c '<svg' "$OUT/report.html") charts, each with its data table;"
echo "   its headline, where public employees and citizens differ (the largest"
echo "   difference first; gd-tally --compare, 95% intervals, Holm-adjusted tests):"
sed -n '/^### Where public employees and citizens differ/,/^### /p' \
    "$OUT/report.md" | grep -E '^#### |^[0-9]+% of ' | sed 's/^#### //; s/^/     /'

echo "   the data package: $(cd "$OUT/package" && ls | tr '\n' ' ')"
echo
echo "Output: $OUT/report.html      the report: open it in a browser"
echo "        $OUT/package/         the data package (datapackage.json, CSV, SQL)"
echo "        $OUT/report.md        the report in Markdown"
echo "        $OUT/responses.ndjson   all responses, as records"
echo "        $OUT/public.ndjson      what may be published"
echo "        $OUT/audit.ndjson       one line per redaction (no personal data)"
echo "        $OUT/tally.ndjson       counts, cross-tabs and Likert summaries"
echo "        $OUT/docket-tally.ndjson  the docket's counts and campaigns"
echo "        $OUT/rejects.ndjson     rows that could not be read (empty here)"
