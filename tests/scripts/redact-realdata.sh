#!/bin/sh
# redact-realdata.sh - gd-redact --for publication on a real export
# (${GD_REAL_DATA:-$TOP/../shared/data/real}): the EU Have Your Say
# feedback on the AI Act, whose snake_case columns hold public
# identifiers (tr_number: EU Transparency Register ids) and categories
# (company_size) that must come out as they went in.  Prints "ok NAME" /
# "not ok NAME: why", and "# ..." lines with the figures.

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"
W=$OUT/redact-real
rm -rf "$W"
mkdir -p "$W"

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

F=$REAL/eu-have-your-say-ai-act/feedbacks.csv
if [ ! -f "$F" ]; then
	skip redact-realdata "no $F"
	exit 0
fi

# compare.py IN OUT MAP: what redaction did to the members of MAP
# ("answers" or "extra") that name public identifiers and categories.
cat > "$W/compare.py" <<'EOF'
import json, sys

def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]

ins, outs, where = load(sys.argv[1]), load(sys.argv[2]), sys.argv[3]
outs = {r["id"]: r for r in outs}
fails, values, changed = [], 0, 0
tr = size = 0
for r in ins:
    o = outs.get(r["id"])
    if o is None:
        fails.append("%s: not written" % r["id"])
        continue
    a, b = r.get(where) or {}, o.get(where) or {}
    for k, v in a.items():
        values += 1
        changed += b.get(k) != v
    for k in ("tr_number", "company_size"):
        if a.get(k, "") == "":
            continue
        if k == "tr_number":
            tr += 1
        else:
            size += 1
        if b.get(k) != a[k]:
            fails.append("%s: %s %r became %r" % (r["id"], k, a[k],
                                                  b.get(k)))
print(json.dumps({"tr_number": tr, "company_size": size, "values": values,
                  "changed": changed, "fails": fails[:5],
                  "nfails": len(fails)}))
EOF

result() {
	# result NAME JSON: ok when nothing failed and there was something
	# to look at.
	if [ -z "$2" ]; then
		notok "$1" "no comparison (see $W)"
	elif [ "$(echo "$2" | jq '.nfails')" -ne 0 ]; then
		notok "$1" "$(echo "$2" | jq -c '.fails')"
	elif [ "$(echo "$2" | jq '.tr_number > 150 and .company_size > 250')" \
	    != true ]; then
		notok "$1" "too few values looked at: $2"
	else
		ok "$1"
	fi
	echo "# $1: $(echo "$2" | jq -r '"\(.changed) of \(.values) values changed or removed; \(.tr_number) tr_number and \(.company_size) company_size values looked at"')"
}

# Lossless: every column in answers, as without a mapping.
gd-ingest -q "$F" > "$W/lossless.ndjson" 2> "$W/ingest.err"
gd-redact --for publication --unknown-consent anonymous \
    "$W/lossless.ndjson" > "$W/lossless.pub" \
    2> "$W/redact.err"
result redact-real:lossless "$(python3 "$W/compare.py" \
    "$W/lossless.ndjson" "$W/lossless.pub" answers)"

# Mapped: respondent types and consent, so that individuals ("other",
# "eu_citizen") lose their organisation's name while their company
# size, in extra, stays.
cat > "$W/map.json" <<'EOF'
{
  "id": "id",
  "respondent": {
    "name": {"join": ["first_name", "surname"], "sep": " "},
    "organisation": "organization",
    "country": "country",
    "type": {"column": "user_type",
             "values": {"academic_research_instittution": "academic",
                        "business_association": "business_association",
                        "company": "business",
                        "consumer_organisation": "consumer_organisation",
                        "eu_citizen": "citizen", "ngo": "ngo",
                        "other": "other",
                        "public_authority": "public_authority",
                        "trade_union": "trade_union"},
             "absent": "unknown"}
  },
  "consent": {"column": "publication",
              "values": {"withinfo": "named", "anonymous": "anonymous"}},
  "comments": {"feedback": "feedback"}
}
EOF
gd-ingest -q -m "$W/map.json" "$F" > "$W/mapped.ndjson" 2>> "$W/ingest.err"
gd-redact --for publication "$W/mapped.ndjson" > "$W/mapped.pub" \
    2>> "$W/redact.err"
result redact-real:mapped "$(python3 "$W/compare.py" \
    "$W/mapped.ndjson" "$W/mapped.pub" extra)"

# The organisation of an anonymous individual is still removed.
n=$(jq -s '[.[] | select(.consent == "anonymous" and
    (.respondent.type == "other" or .respondent.type == "citizen") and
    (.respondent.organisation // "") != "")] | length' "$W/mapped.ndjson")
left=$(jq -s '[.[] | select(.consent == "anonymous" and
    (.respondent.type == "other" or .respondent.type == "citizen") and
    .respondent.organisation != null)] | length' "$W/mapped.pub")
if [ "$n" -lt 1 ]; then
	notok redact-real:organisation "no anonymous individual with an organisation"
elif [ "$left" -ne 0 ]; then
	notok redact-real:organisation "$left of $n kept their organisation"
else
	ok redact-real:organisation
fi
