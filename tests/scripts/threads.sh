#!/bin/sh
# threads.sh - gd-redact --threads N writes what --threads 1 writes, byte
# for byte: standard output, standard error, the exit status and every
# file it makes (audit, rejects, -o), for N = 2, 3 and 4, on
#   - every case of tests/cli/redact (its cmd run with gd-redact always
#     given --threads N),
#   - the real exports (${GD_REAL_DATA:-$TOP/../shared/data/real}), read
#     by gd-ingest and redacted for publication and for analysis,
#   - generated streams: thousands of records with personal data, every
#     consent and moderation state, rejects of every kind (bad JSON,
#     not an object, not a gd record, an unvouched tally record, a line
#     over the cap), records of other kinds, blank lines, over several
#     files; and runs that stop: an output or audit file that cannot be
#     written (/dev/full), an input that cannot be opened after one that
#     can.
# Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
LC_ALL=C.UTF-8
export TOP LC_ALL
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}
. "$TOP/tests/common.sh"
W=$OUT/threads
rm -rf "$W"
mkdir -p "$W"
KEY=$TOP/tests/data/redact/test.key

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

# bin/N/gd-redact: gd-redact --threads N.
for n in 1 2 3 4; do
	mkdir -p "$W/bin/$n"
	printf '#!/bin/sh\nexec "%s/bin/gd-redact" --threads %s "$@"\n' \
	    "$TOP" "$n" > "$W/bin/$n/gd-redact"
	chmod +x "$W/bin/$n/gd-redact"
done

# same NAME: the runs of NAME under $W/N/NAME (N = 2, 3, 4) against
# $W/1/NAME, every file compared.
same() {
	s_why=
	for n in 2 3 4; do
		if ! s_d=$(diff -r "$W/1/$1" "$W/$n/$1" 2>&1); then
			s_why="--threads $n differs from --threads 1: $(echo "$s_d" | head -n 3 | tr '\n' ' ')"
			break
		fi
	done
	if [ -n "$s_why" ]; then notok "threads:$1" "$s_why"; else ok "threads:$1"; fi
}

# ---- the command-line cases of gd-redact -------------------------------

for dir in "$TOP"/tests/cli/redact/*/; do
	[ -f "$dir/cmd" ] || continue
	c=$(basename "$dir")
	# A fresh random key each run: nothing to compare.
	[ "$c" = new-key ] && continue
	for n in 1 2 3 4; do
		cli_case_as "$dir" "$n"
	done
	same "cli-$c"
done

# ---- runs of gd-redact on files ----------------------------------------

# run NAME ARGS...: gd-redact ARGS in $W/N/NAME for each N (files it
# makes: name them out/...), standard output, error and status kept;
# standard input from $STDIN (default /dev/null).
run() {
	r_name=$1
	shift
	for n in 1 2 3 4; do
		mkdir -p "$W/$n/$r_name/out"
		(cd "$W/$n/$r_name" && "$W/bin/$n/gd-redact" "$@" > stdout \
		    2> stderr < "${STDIN:-/dev/null}"; echo $? > status)
	done
	same "$r_name"
}

# ---- the real exports ----------------------------------------------------

if [ ! -d "$REAL" ]; then
	skip threads:real "no $REAL"
else
	mkdir -p "$W/real"
	nreal=0
	for f in eu-have-your-say-ai-act/feedbacks.csv \
	    decide-madrid/comments.csv decide-madrid/proposals.csv \
	    decide-madrid-2024/proposals_latest.csv \
	    regulations-gov-usda-2017-0002/text-comments.csv \
	    regulations-gov-usda-2017-0002/docket-export.csv; do
		[ -f "$REAL/$f" ] || continue
		t=$(echo "$f" | tr '/.' '--')
		"$TOP/bin/gd-ingest" -q "$REAL/$f" > "$W/real/$t.ndjson" \
		    2> /dev/null
		[ -s "$W/real/$t.ndjson" ] || continue
		nreal=$((nreal + 1))
		run "real-$t-pub" --stats --unknown-consent anonymous \
		    --audit out/audit --rejects out/rejects "$W/real/$t.ndjson"
		run "real-$t-analysis" --stats --for analysis -k "$KEY" \
		    --audit out/audit --rejects out/rejects -o out/o \
		    "$W/real/$t.ndjson"
	done
	for d in "$REAL"/polis-opendata/*/; do
		[ -f "$d/comments.csv" ] || continue
		t=polis-$(basename "$d")
		"$TOP/bin/gd-ingest" -q -p polis "$d/comments.csv" \
		    > "$W/real/$t.ndjson" 2> /dev/null
		[ -s "$W/real/$t.ndjson" ] || continue
		nreal=$((nreal + 1))
		run "real-$t" --stats --audit out/audit --rejects out/rejects \
		    "$W/real/$t.ndjson"
	done
	if [ "$nreal" -lt 5 ]; then
		notok threads:real "only $nreal real exports read"
	else
		ok "threads:real ($nreal exports)"
	fi
fi

# ---- generated streams -----------------------------------------------------

python3 - "$W" <<'EOF'
import json, random, sys

w = sys.argv[1]
rnd = random.Random(17)
first = ["Jane", "Pieter", "José María", "Zoë", "Łukasz", "Amina", "Olu"]
last = ["Doe", "van Loon", "Fernández", "Kowalski", "Okafor", "Smith"]
bits = ["I support this.", "Call me on 020 7946 0958 please.",
        "Mail jane.doe@example.org or j.doe@gmail.com.",
        "My IBAN is GB82 WEST 1234 5698 7654 32.",
        "Card 4111 1111 1111 1111 was charged.",
        "From 192.168.10.44 at 10:00.", "NI number QQ 12 34 56 C.",
        "NHS 943 476 5919.", "SSN 123-45-6789.", "Post code SW1A 1AA.",
        "Order 12345678 arrived.", "Version 1.2.3.4 is out.",
        "Tel.-Nr. 030 1234567", "Ring +44 20 7946 0958.",
        "Prices rose 8.5% since 2019.", "vecin@s.la propuesta",
        "jane dot doe at gmail dot com", "See https://example.org/a?b=1.",
        "Zażółć gęślą jaźń.", "Très bien, merci.", "\u00a0\u202f x \u2013 y"]

def text():
    return " ".join(rnd.choice(bits) for _ in range(rnd.randint(0, 6)))

def response(i):
    name = rnd.choice(first) + " " + rnd.choice(last)
    r = {"gd": 1, "kind": "response", "id": "R%d" % i,
         "consultation": "gen",
         "respondent": {"type": rnd.choice(["citizen", "business", "ngo",
                                            "other"]),
                        "name": name,
                        "email": name.split()[0].lower() + "@example.org",
                        "country": "GB"},
         "consent": rnd.choice(["named", "anonymous", "withheld",
                                "unknown"]),
         "answers": {"q%d" % k: rnd.choice(["Yes", "No", text()])
                     for k in range(rnd.randint(0, 4))},
         "comments": {"c%d" % k: text() + " " + name
                      for k in range(rnd.randint(0, 3))},
         "extra": {"phone": "020 7946 0958", "Name": name,
                   "company_size": "small", "ref": i}}
    if rnd.random() < 0.3:
        r["moderation"] = rnd.choice(["accepted", "rejected", "pending",
                                      "retired"])
    if rnd.random() < 0.05:
        r["respondent"]["id"] = "u%d" % rnd.randint(1, 50)
    return json.dumps(r, ensure_ascii=rnd.random() < 0.5)

def odd(i):
    return rnd.choice([
        '{"gd":1,"kind":"response","id":"x%d","comments":{"c":"a" "b"}}' % i,
        '[1,2,3]',
        '{"kind":"response","id":"y%d"}' % i,
        '{"gd":1,"kind":"tally","by":["q1"]}',
        '{"gd":1,"kind":"tally","privacy":"publication","by":["q1"]}',
        '{"gd":1,"kind":"reject","tool":"gd-ingest","source":{"file":"f",'
        '"line":3},"error":"not valid JSON: x near \'jane\'","raw":"jane"}',
        '{"gd":1,"kind":"response","id":"m%d","moderation":"maybe"}' % i,
        '{"gd":1,"kind":"response","id":"c%d","consent":"perhaps"}' % i,
        '{"gd":1,"kind":"response","id":"a%d","answers":[1]}' % i,
        '{"gd":1,"kind":"unpublished","reason":"withheld",'
        '"privacy":"publication","consent":"withheld"}',
        '', '   ', 'not json at all \xe9',
        '{"gd":1,"kind":"response","id":"d%d","id":"e"}' % i])

def stream(path, n, seed_odd):
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
        for i in range(n):
            f.write((odd(i) if rnd.random() < seed_odd else response(i))
                    + "\n")

stream(w + "/gen1.ndjson", 6000, 0.05)
stream(w + "/gen2.ndjson", 1500, 0.3)
# A line over the reader's cap (16 MiB), between two ordinary ones.
with open(w + "/gen3.ndjson", "w") as f:
    f.write(response(1) + "\n")
    f.write('{"gd":1,"kind":"response","id":"big","comments":{"c":"'
            + "x" * (17 << 20) + '"}}\n')
    f.write(response(2) + "\n")
EOF
G="$W/gen1.ndjson $W/gen2.ndjson $W/gen3.ndjson"
# shellcheck disable=SC2086
{
run gen-pub --stats --audit out/audit --rejects out/rejects -o out/o $G
run gen-pub-stdout --stats --audit out/audit --rejects out/rejects $G
run gen-strict --stats --strict-moderation --unknown-consent anonymous \
    --audit out/audit $G
run gen-analysis --stats --for analysis -k "$KEY" --audit out/audit \
    --rejects out/rejects $G
run gen-quiet -q --max-rejects 100000 $G
STDIN=$W/gen1.ndjson run gen-stdin --stats -
# Runs that stop: where, and what they said, as in one thread.
run gen-full-out --stats -o /dev/full $G
run gen-full-audit --stats --audit /dev/full $G
run gen-full-rejects --stats --rejects /dev/full $G
run gen-missing --stats "$W/gen2.ndjson" "$W/no-such-file" "$W/gen1.ndjson"
}

# The runs above must have done something: a check that cannot fail
# is no check.
if [ "$(wc -l < "$W/1/gen-pub/out/audit")" -lt 1000 ] ||
    [ "$(wc -l < "$W/1/gen-pub/out/rejects")" -lt 100 ] ||
    ! grep -q 'gen3.ndjson:2: line longer than' "$W/1/gen-pub/stderr" ||
    [ "$(wc -l < "$W/1/gen-stdin/stdout")" -lt 5000 ] ||
    [ "$(cat "$W/1/gen-full-audit/status")" != 4 ] ||
    [ "$(cat "$W/1/gen-missing/status")" = 0 ]; then
	notok threads:generated "the generated runs did not do what they test"
else
	ok threads:generated
fi
