#!/bin/sh
# campaigns.sh - gd-tally --campaigns on real data and on splits.
# Prints "ok NAME" / "not ok NAME: why" lines (see tests/run.sh).

REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/gd-camp.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }

if [ ! -d "$REAL/decide-madrid" ]; then
	skip campaigns "no real exports at $REAL"
	exit 0
fi

# Decide Madrid: one text posted 62 times, another 39 times: each one
# campaign, whole.
gd-ingest -q -p consul "$REAL/decide-madrid/comments.csv" > "$T/dm.ndjson"
gd-tally --mark-campaigns --by respondent.type "$T/dm.ndjson" > "$T/dm.out"
python3 - "$T/dm.out" <<'PY' > "$T/dm.check" 2>&1
import collections, json, sys
recs, camps, summary = [], {}, None
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "response":
        recs.append(r)
    elif r["kind"] == "campaign":
        camps[r["id"]] = r
    elif r["kind"] == "summary":
        summary = r
by_text = collections.defaultdict(set)
for r in recs:
    t = r.get("comments", {}).get("text")
    if t:
        by_text[t].add(r.get("campaign"))
for n in (62, 39):
    texts = [t for t in by_text if sum(1 for r in recs
             if r.get("comments", {}).get("text") == t) == n]
    assert len(texts) == 1, (n, len(texts))
    ids = by_text[texts[0]]
    assert len(ids) == 1 and None not in ids, (n, ids)
    c = camps[ids.pop()]
    assert c["size"] >= n, (n, c["size"])
# Marks and campaign records agree; the summary adds up.
marks = collections.Counter(r["campaign"] for r in recs if "campaign" in r)
assert marks == {k: v["size"] for k, v in camps.items()}, "marks vs sizes"
assert summary["campaigns"] == len(camps)
assert summary["campaign_responses"] == sum(marks.values())
assert summary["unique_voices"] == len(recs) - sum(marks.values()) + len(camps)
print("checked", len(camps), "campaigns")
PY
if [ $? -eq 0 ]; then ok decide-madrid-62-39-whole
else nok decide-madrid-62-39-whole "$(tail -1 "$T/dm.check")"; fi

# Regulations.gov: 162 of 199 comments end with the same docket line;
# it must not glue them together; the 5x form letter is one campaign.
RG="$REAL/regulations-gov-usda-2017-0002"
gd-ingest -q -p regulations-gov -j "$RG/text-comments.csv" \
    "$RG/docket-export.csv" > "$T/rg.ndjson"
gd-tally --mark-campaigns --by respondent.type "$T/rg.ndjson" > "$T/rg.out"
python3 - "$T/rg.out" <<'PY' > "$T/rg.check" 2>&1
import collections, json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
resp = [r for r in recs if r["kind"] == "response"]
camps = [r for r in recs if r["kind"] == "campaign"]
docket = sum(1 for r in resp if "Docket ID FNS-2018-0004-0001"
             in r.get("comments", {}).get("comment", ""))
assert docket >= 160, docket
assert all(c["size"] < 50 for c in camps), [c["size"] for c in camps]
form = [r for r in resp if r.get("comments", {}).get("comment", "")
        .startswith("Please reinstate work requirements for food stamps "
                    "and support conservative waiver reform.\n")]
assert len(form) >= 5, len(form)
ids = {r.get("campaign") for r in form}
assert len(ids) == 1 and None not in ids, ids
print("docket line in", docket, "comments; form letter in", ids)
PY
if [ $? -eq 0 ]; then ok regulations-docket-line-not-a-campaign
else nok regulations-docket-line-not-a-campaign "$(tail -1 "$T/rg.check")"; fi

# Marking marked records again would give them a duplicate member: each
# such line is refused, with its line number.
grep '"campaign":"c' "$T/rg.out" > "$T/rg-marked.ndjson"
gd-tally --mark-campaigns "$T/rg-marked.ndjson" > /dev/null \
    2> "$T/rg-remark.err"
rc=$?
n=$(wc -l < "$T/rg-marked.ndjson")
e=$(grep -c ':[0-9]*: the response has a "campaign" member already' \
    "$T/rg-remark.err")
if [ "$rc" -ne 0 ] && [ "$n" -gt 0 ] && [ "$e" -eq "$n" ]; then
	ok campaigns-not-marked-twice
else
	nok campaigns-not-marked-twice "exit $rc, $e messages for $n lines"
fi

# The responses kept aside go to TMPDIR: a directory that does not exist
# is an I/O error naming it; an existing one is left empty.
TMPDIR=$T/no-such-dir gd-tally --campaigns "$T/rg.ndjson" > /dev/null \
    2> "$T/tmpdir.err"
rc=$?
mkdir -p "$T/spool"
TMPDIR=$T/spool gd-tally --campaigns "$T/rg.ndjson" > "$T/tmpdir.out" 2>&1
rc2=$?
if [ "$rc" -eq 4 ] && grep -q "aside in $T/no-such-dir: " "$T/tmpdir.err" &&
    [ "$rc2" -eq 0 ] && [ -s "$T/tmpdir.out" ] &&
    [ -z "$(ls -A "$T/spool")" ]; then
	ok campaigns-spool-in-tmpdir
else
	nok campaigns-spool-in-tmpdir "exit $rc ($(cat "$T/tmpdir.err")), then $rc2"
fi

# Any split, partials merged: the same bytes as one run, marks included.
for lines in 1 700 2000 6000; do
	rm -f "$T"/part.*
	split -l "$lines" "$T/dm.ndjson" "$T/part."
	for p in "$T"/part.*; do
		gd-tally --campaigns --by respondent.type --partial "$p" \
		    > "$p.partial"
	done
	cat "$T"/part.*.partial | gd-tally --mark-campaigns --merge \
	    > "$T/merged.out"
	if cmp -s "$T/merged.out" "$T/dm.out"; then
		ok "split-$lines-merge-same-bytes"
	else
		nok "split-$lines-merge-same-bytes" "merged output differs"
	fi
done

# Campaign modes: collapse counts each campaign once; separate puts the
# campaign voices apart.
gd-tally --campaigns --campaign-mode collapse --by respondent.type \
    "$T/dm.ndjson" > "$T/collapse.out"
gd-tally --campaigns --campaign-mode separate --by respondent.type \
    "$T/dm.ndjson" > "$T/separate.out"
python3 - "$T/collapse.out" "$T/separate.out" <<'PY' > "$T/modes.check" 2>&1
import json, sys
c = [json.loads(l) for l in open(sys.argv[1])]
s = [json.loads(l) for l in open(sys.argv[2])]
cs = next(r for r in c if r["kind"] == "summary")
tot = sum(r["n"] for r in c if r["kind"] == "tally")
assert tot == cs["unique_voices"], (tot, cs["unique_voices"])
ss = next(r for r in s if r["kind"] == "summary")
camp = sum(r["n"] for r in s if r["kind"] == "tally" and r["key"][0] == "campaign")
ind = sum(r["n"] for r in s if r["kind"] == "tally" and r["key"][0] == "individual")
assert camp == ss["campaign_responses"], (camp, ss["campaign_responses"])
assert camp + ind == ss["responses"]
print("ok")
PY
if [ $? -eq 0 ]; then ok campaign-modes
else nok campaign-modes "$(tail -1 "$T/modes.check")"; fi

# Deterministic, and the same whatever order the records come in.
gd-tally --campaigns --by respondent.type "$T/dm.ndjson" > "$T/a.out"
gd-tally --campaigns --by respondent.type "$T/dm.ndjson" > "$T/b.out"
tac "$T/dm.ndjson" | gd-tally --campaigns --by respondent.type > "$T/c.out"
if cmp -s "$T/a.out" "$T/b.out"; then ok campaigns-deterministic
else nok campaigns-deterministic "two runs differ"; fi
if cmp -s "$T/a.out" "$T/c.out"; then ok campaigns-input-order
else nok campaigns-input-order "reversed input gives other results"; fi

# Texts are signed while they are read, against the boilerplate known so
# far, and signed again at the end where that changed.  Late: a long
# sentence in 10 of the first 100 texts (not boilerplate then) and in all
# 400 after (boilerplate in the end): the first 10 are alike only by it,
# so no campaign; 5 copies of another text are one.  Early: a sentence in
# the first 20 texts (boilerplate then) and in none of the 500 after: in
# the end it is what the 20 share, one campaign of 20.  Either way, the
# reversed input gives the same bytes.
python3 - "$T/late.ndjson" "$T/early.ndjson" <<'PY'
import json, random, sys
rnd = random.Random(7)
words = ["w%d" % i for i in range(5000)]
def own():
    return " ".join(rnd.choice(words) for _ in range(8)) + "."
S = ("the council should publish every figure in this plan before the "
     "vote so that residents can check the sums for themselves.")
def rec(i, text):
    return json.dumps({"gd": 1, "kind": "response", "id": "r%05d" % i,
                       "consent": "named", "respondent": {"type": "citizen"},
                       "answers": {"q1": "yes"}, "comments": {"text": text}})
with open(sys.argv[1], "w") as f:
    for i in range(100):
        f.write(rec(i, (S + " " if i % 10 == 0 else "") + own()) + "\n")
    for i in range(100, 500):
        f.write(rec(i, S + " " + own()) + "\n")
    form = "keep the library open on sundays and in the school holidays please."
    for i in range(500, 505):
        f.write(rec(i, form) + "\n")
with open(sys.argv[2], "w") as f:
    for i in range(20):
        f.write(rec(i, S + " " + own()) + "\n")
    for i in range(20, 520):
        f.write(rec(i, own() + " " + own()) + "\n")
PY
for w in late early; do
	gd-tally --mark-campaigns --by respondent.type "$T/$w.ndjson" \
	    > "$T/$w.out"
	tac "$T/$w.ndjson" | gd-tally --mark-campaigns --by respondent.type |
	    sort > "$T/$w.rev"
	sort "$T/$w.out" | cmp -s - "$T/$w.rev" || echo "$w: reversed differs"
done > "$T/resign.check"
python3 - "$T/late.out" "$T/early.out" <<'PY' >> "$T/resign.check" 2>&1
import json, sys
def camps(p):
    recs = [json.loads(l) for l in open(p)]
    c = {}
    for r in recs:
        if r["kind"] == "response" and "campaign" in r:
            c.setdefault(r["campaign"], []).append(int(r["id"][1:]))
    return sorted(sorted(v) for v in c.values())
late, early = camps(sys.argv[1]), camps(sys.argv[2])
assert late == [list(range(500, 505))], late
assert early == [list(range(20))], early
PY
if [ ! -s "$T/resign.check" ]; then ok campaigns-boilerplate-changes-late
else nok campaigns-boilerplate-changes-late "$(tail -1 "$T/resign.check")"; fi

# Counted as they come, or kept aside and counted at the end (as when
# marking): the same campaigns and summary.
gd-tally --campaigns --by respondent.type "$T/dm.ndjson" |
    grep -v '"kind":"response"' > "$T/fast.out"
grep -v '"kind":"response"' "$T/dm.out" > "$T/kept.out"
if [ -s "$T/fast.out" ] && grep -q '"kind":"campaign"' "$T/fast.out" &&
    cmp -s "$T/fast.out" "$T/kept.out"; then
	ok campaigns-kept-aside-or-not-same
else
	nok campaigns-kept-aside-or-not-same "the outputs differ"
fi

# A chain: each text a window of 20 words moved on by 4 over a run of
# distinct words, so that neighbours are alike (16 words shared) and the
# ends share nothing.  Linked pair by pair they are one group; checked
# against the centre (the middle text), the texts 3 windows or more away
# from it (8 words shared or fewer) are on their own: one campaign of 5
# or 6 of the 9, never both ends.
python3 - > "$T/chain.ndjson" <<'PY'
import json
words = ["w%dx" % i for i in range(60)]
for i in range(9):
    text = " ".join(words[4 * i:4 * i + 20])
    print(json.dumps({"gd": 1, "kind": "response", "id": "t%d" % i,
                      "comments": {"text": text}}))
PY
gd-tally --mark-campaigns "$T/chain.ndjson" > "$T/chain.out"
python3 - "$T/chain.out" <<'PY' > "$T/chain.check" 2>&1
import json, sys
marks = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "response":
        marks[r["id"]] = r.get("campaign")
ids = {v for v in marks.values() if v}
assert len(ids) == 1, ("campaigns", ids)
members = sorted(int(k[1:]) for k, v in marks.items() if v)
assert 5 <= len(members) <= 6, members
assert members == list(range(members[0], members[-1] + 1)), members
assert not (0 in members and 8 in members), members
PY
if [ $? -eq 0 ]; then ok campaigns-chain-cut-at-centre
else nok campaigns-chain-cut-at-centre "$(tail -1 "$T/chain.check")"; fi
