#!/bin/sh
# publish.sh - gd-publish end to end: the example consultation and the
# real regulations.gov docket through the whole pipeline; the HTML report
# in a real browser (headless Chromium: no console error, no request,
# nothing that could run, the charts there); the data package checked
# against its own schema and its CSV re-read by Python's csv module;
# its SQL loaded into SQLite and into a PostgreSQL server started here;
# the same bytes twice; atomic output, a killed run, a full disk, a
# reader that goes away.  Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
W=$OUT/publish
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

EX=$TOP/examples/open-declaration
REAL=${GD_REAL_DATA:-$TOP/../shared/data/real}/regulations-gov-usda-2017-0002
. "$TOP/tests/common.sh"

# ---- the example, through the whole pipeline ----

if gd-ingest -q -m "$EX/mapping.json" "$EX/responses.csv" |
    gd-redact -q --for publication |
    gd-tally --with-records --campaigns --stubs \
        --codebook "$EX/codebook.json" > ex.ndjson &&
    gd-publish -f html --replies "$EX/replies.md" -o ex.html ex.ndjson &&
    gd-publish -f md --replies "$EX/replies.md" -o ex.md ex.ndjson &&
    gd-publish -f ndjson -o ex.pub.ndjson ex.ndjson &&
    gd-publish -f datapackage --sql sqlite --replies "$EX/replies.md" \
        -o ex.pkg ex.ndjson &&
    gd-publish -f datapackage --sql postgres -o ex.pg ex.ndjson; then
	ok pipeline-example
else
	notok pipeline-example "a step failed"
fi

# Accounting: every record read is published, counted (the count-only
# records of the 2 withheld responses) or named as left out.
in=$(grep -c . ex.ndjson)
unpub=$(grep -c '"kind":"unpublished"' ex.ndjson)
outn=$(grep -c . ex.pub.ndjson)
[ "$unpub" -eq 2 ] && [ "$in" -eq "$((outn + unpub))" ] &&
    ! grep -q '"kind":"unpublished"' ex.pub.ndjson && ok accounting-example ||
	notok accounting-example "$in records in, $outn out, $unpub count-only"
printf '%s\n' '{"gd":1,"kind":"audit","id":"x","category":"email"}' > audit.ndjson
gd-publish --stats -f ndjson ex.ndjson audit.ndjson > acc.ndjson 2> acc.err
if grep -q "not published: audit 1" acc.err &&
    grep -q "^gd-publish: $((in + 1)) records read: 20 responses and $((in - 22)) counts published, 2 responses counted but not published, 1 other records not published" acc.err &&
    [ "$(grep -c . acc.ndjson)" -eq "$((in - 2))" ]; then
	ok accounting-left-out
else
	notok accounting-left-out "$(cat acc.err)"
fi

# The report says what the stream says.
if grep -q '<h2 id="we-asked">We asked</h2>' ex.html &&
    grep -q '<h2 id="you-said">You said</h2>' ex.html &&
    grep -q '<h2 id="we-did">We did</h2>' ex.html &&
    grep -q 'Q2: Should public employees have a principle of their own?' ex.html &&
    grep -q 'A majority said yes' ex.html &&
    grep -q '<h4>Our response on Public employees</h4>' ex.html &&
    grep -q '<h3 id="themes">Themes in what people wrote</h3>' ex.html &&
    grep -q '<th scope="row">Public employees</th><td class="n">7</td>' ex.html &&
    ! grep -q '"source"' ex.pub.ndjson; then
	ok report-content
else
	notok report-content "a section, a question, a reply or a count is missing"
fi
if grep -q '^## We asked$' ex.md && grep -q '^| Public employees | 7 | 31.8% |$' ex.md &&
    grep -q '^22 responses were received\. 20 are published here\. The other 2 are not published, but they are counted in every figure: 2 withheld at the respondent.s request\.$' ex.md &&
    grep -q '^## We did$' ex.md; then
	ok report-md
else
	notok report-md "sections or the type table missing"
fi

# ---- the same bytes twice ----

gd-publish -f html --replies "$EX/replies.md" -o ex2.html ex.ndjson
gd-publish -f datapackage --sql sqlite --replies "$EX/replies.md" \
    -o ex2.pkg ex.ndjson
if cmp -s ex.html ex2.html && diff -r ex.pkg ex2.pkg > /dev/null; then
	ok deterministic
else
	notok deterministic "two runs differ"
fi
SOURCE_DATE_EPOCH=86400 gd-publish -f json --timestamp ex.ndjson > ts.json
if jq -e '.provenance.generated == "1970-01-02T00:00:00Z"' ts.json > /dev/null &&
    ! gd-publish -f json ex.ndjson | jq -e '.provenance | has("generated")' > /dev/null; then
	ok timestamp
else
	notok timestamp "$(jq -c .provenance ts.json)"
fi

# ---- the data package: its own schema, re-read, loaded ----

if python3 "$TOP/tests/check-package.py" ex.pkg ex.pub.ndjson > check.log; then
	ok "datapackage-schema ($(grep -c '^ok' check.log) checks)"
else
	notok datapackage-schema "$(grep 'not ok' check.log | head -n 3)"
fi

sqlite_load() {
	rm -f "$2"
	(cd "$1" && sqlite3 "$2" < sqlite.sql) 2> sqlite.err || return 1
	[ "$(sqlite3 "$2" 'SELECT count(*) FROM responses')" -eq "$3" ] || return 1
	[ "$(sqlite3 "$2" "SELECT sum(n) FROM summary WHERE measure = 'respondent_type'")" -eq "$4" ] || return 1
	[ "$(sqlite3 "$2" "SELECT count(*) FROM tallies WHERE typeof(n) != 'integer' AND n IS NOT NULL")" -eq 0 ]
}
if ! command -v sqlite3 > /dev/null; then
	notok sqlite "sqlite3 is not installed"
elif sqlite_load ex.pkg "$W/ex.db" 20 22; then
	ok sqlite
else
	notok sqlite "$(head -n 2 sqlite.err)"
fi

# Many missing values and empty texts in one column, and more of one
# than of the other in others: every cell back as NULL or '' in SQLite.
awk 'BEGIN { for (i = 1; i <= 1500; i++) {
	a = i % 3 == 0 ? "" : ",\"q1\":\"\"";
	b = i % 7 == 0 ? ",\"q2\":\"\"" : i % 2 ? ",\"q2\":\"t\"" : "";
	c = i % 5 == 0 ? "" : ",\"q3\":\"\"";
	printf "{\"gd\":1,\"kind\":\"response\",\"id\":\"R%04d\",\"respondent\":{\"type\":\"citizen\"},\"answers\":{\"x\":\"y\"%s%s%s},\"privacy\":\"publication\"}\n", i, a, b, c } }' > ne-many.ndjson
if ! command -v sqlite3 > /dev/null; then
	notok sqlite-null-empty "sqlite3 is not installed"
elif gd-publish -f datapackage --sql sqlite -o ne-many.pkg ne-many.ndjson &&
    rm -f ne-many.db && (cd ne-many.pkg && sqlite3 "$W/ne-many.db" < sqlite.sql) 2> sqlite.err &&
    got=$(sqlite3 "$W/ne-many.db" "SELECT
	sum(CASE WHEN CAST(substr(id, 2) AS INTEGER) % 3 = 0 THEN \"answers.q1\" IS NULL ELSE \"answers.q1\" = '' END) || ' ' ||
	sum(CASE WHEN CAST(substr(id, 2) AS INTEGER) % 7 = 0 THEN \"answers.q2\" = '' WHEN CAST(substr(id, 2) AS INTEGER) % 2 THEN \"answers.q2\" = 't' ELSE \"answers.q2\" IS NULL END) || ' ' ||
	sum(CASE WHEN CAST(substr(id, 2) AS INTEGER) % 5 = 0 THEN \"answers.q3\" IS NULL ELSE \"answers.q3\" = '' END)
	FROM responses") && [ "$got" = "1500 1500 1500" ]; then
	ok "sqlite-null-empty ($(grep -c '^INSERT INTO temp' ne-many.pkg/sqlite.sql) INSERT statements)"
else
	notok sqlite-null-empty "got ${got:-nothing}: $(head -n 2 sqlite.err)"
fi

# PostgreSQL: a server of our own, on a socket in the scratch folder.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)
pg_test() {
	pkg=$1
	n=$2
	all=$3
	PGD=$(mktemp -d /tmp/gd-pg.XXXXXX)
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$PGD" && chmod 755 "$W"
		AS="runuser -u postgres --"
	else
		AS=
	fi
	$AS "$PGBIN/initdb" -A trust -U gd -D "$PGD/data" > "$W/pg.log" 2>&1 &&
	$AS "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/server.log" -w \
	    -o "-k $PGD -c listen_addresses=''" start >> "$W/pg.log" 2>&1 ||
		{ cat "$PGD/server.log" >> "$W/pg.log" 2>/dev/null; rm -rf "$PGD"; return 1; }
	cp -r "$pkg" "$PGD/pkg" && chmod -R a+rX "$PGD/pkg"
	rc=0
	(cd "$PGD/pkg" && $AS psql -X -q -v ON_ERROR_STOP=1 -h "$PGD" -U gd \
	    -d postgres -f postgres.sql) >> "$W/pg.log" 2>&1 || rc=1
	got=$($AS psql -X -At -h "$PGD" -U gd -d postgres -c \
	    "SELECT (SELECT count(*) FROM responses) || ' ' || (SELECT sum(n) FROM summary WHERE measure = 'respondent_type') || ' ' || (SELECT count(*) FROM tallies WHERE suppressed IS NOT NULL)" 2>> "$W/pg.log")
	# A missing value is NULL, an empty text '' (as sqlite.sql makes them).
	cp -r ne.pg "$PGD/ne" && chmod -R a+rX "$PGD/ne"
	$AS psql -X -q -h "$PGD" -U gd -d postgres -c 'CREATE DATABASE ne' >> "$W/pg.log" 2>&1 || rc=1
	(cd "$PGD/ne" && $AS psql -X -q -v ON_ERROR_STOP=1 -h "$PGD" -U gd \
	    -d ne -f postgres.sql) >> "$W/pg.log" 2>&1 || rc=1
	ne=$($AS psql -X -At -h "$PGD" -U gd -d ne -c \
	    "SELECT string_agg(id || ' ' || quote_nullable(\"answers.q1\") || ' ' || quote_nullable(\"answers.q2\") || ' ' || quote_nullable(\"answers.q3\") || ' ' || quote_nullable(\"answers.q4\"), ', ' ORDER BY id) FROM responses" 2>> "$W/pg.log")
	[ "$ne" = "R1 '' '' 'x' '', R2 NULL '' '' '', R3 'y' NULL NULL '', R4 NULL 'z' NULL 'w'" ] ||
		{ echo "null and empty: $ne" >> "$W/pg.log"; rc=1; }
	$AS "$PGBIN/pg_ctl" -D "$PGD/data" -m fast -w stop >> "$W/pg.log" 2>&1
	rm -rf "$PGD"
	[ "$rc" -eq 0 ] && [ "$got" = "$n $all $(grep -c '^{"gd":1,"kind":"tally"' ex.ndjson)" ] ||
		{ echo "got: $got" >> "$W/pg.log"; return 1; }
}
gd-publish -f datapackage --sql postgres -o ne.pg "$TOP/tests/data/null-empty.ndjson"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
	notok postgres "no PostgreSQL server programs (apt-get install postgresql)"
elif pg_test ex.pg 20 22; then
	ok postgres
else
	notok postgres "$(tail -n 3 pg.log)"
fi

# ---- the report in a browser ----

browse() {
	name=$1
	page=$2
	min_svg=$3
	if ! python3 "$TOP/tests/browser.py" "$page" "$W/$name.png" 3000 > "$name.json" 2> "$name.err"; then
		notok "$name" "browser: $(head -n 2 "$name.err")"
	elif jq -e --argjson m "$min_svg" '.console == [] and .requests == [] and
	    .active == 0 and .svg >= $m and .figures == .svg and .tables > .svg' \
	    "$name.json" > /dev/null; then
		ok "$name ($(jq -c '{svg, tables}' "$name.json"))"
	else
		notok "$name" "$(cat "$name.json")"
	fi
}
if ! command -v chromium > /dev/null; then
	notok browser "chromium is not installed (apt-get install chromium)"
else
	browse browser-example ex.html 6
	gd-publish -f html --replies "$TOP/tests/data/hostile-replies.md" \
	    -o hostile.html "$TOP/tests/data/hostile-tallied.ndjson"
	browse browser-hostile hostile.html 2
	# The README's picture is made from the current code (make docs).
	if sh "$TOP/tools/docs.sh" "$W/docs" > docs.log 2>&1 &&
	    python3 -c 'import struct, sys
h = open(sys.argv[1], "rb").read(24)
sys.exit(h[:8] != b"\x89PNG\r\n\x1a\n" or
    struct.unpack(">II", h[16:24]) != (1000, 2600))' "$W/docs/report.png"; then
		ok docs-picture
	else
		notok docs-picture "$(tail -n 3 docs.log)"
	fi
fi

# ---- real data: the regulations.gov docket, campaigns and all ----

if [ ! -f "$REAL/docket-export.csv" ]; then
	skip realdata-docket "no $REAL/docket-export.csv"
else
	if gd-ingest -q -p regulations-gov -j "$REAL/text-comments.csv" \
	    "$REAL/docket-export.csv" |
	    gd-redact -q --for publication |
	    gd-tally --with-records --campaigns --stubs --by respondent.type > rg.ndjson &&
	    gd-publish -f html -o rg.html rg.ndjson &&
	    gd-publish -f ndjson -o rg.pub.ndjson rg.ndjson &&
	    gd-publish -f datapackage --sql sqlite -o rg.pkg rg.ndjson; then
		n=$(grep -c '"kind":"response"' rg.pub.ndjson)
		c=$(grep -c '"kind":"campaign"' rg.ndjson)
		if [ "$n" -eq 200 ] && [ "$c" -ge 1 ] &&
		    grep -q 'Campaign c0001' rg.html &&
		    [ "$(grep -c . rg.ndjson)" -eq "$(grep -c . rg.pub.ndjson)" ] &&
		    python3 "$TOP/tests/check-package.py" rg.pkg rg.pub.ndjson > rg.check &&
		    sqlite_load rg.pkg "$W/rg.db" 200 200 &&
		    [ "$(sqlite3 "$W/rg.db" 'SELECT count(*) FROM campaigns')" -eq "$c" ]; then
			ok "realdata-docket (200 responses, $c campaign(s))"
		else
			notok realdata-docket "$n responses, $c campaigns; $(grep 'not ok' rg.check | head -n 2)"
		fi
		command -v chromium > /dev/null && browse browser-docket rg.html 2
	else
		notok realdata-docket "the pipeline failed"
	fi
fi

# ---- atomic output: failed and killed runs ----

echo OLD > keep.html
head -n 5 ex.ndjson > bad.ndjson
echo 'not json' >> bad.ndjson
gd-publish -f html -o keep.html bad.ndjson 2> bad.err
rc=$?
if [ "$rc" -eq 1 ] && [ "$(cat keep.html)" = OLD ] &&
    grep -q '^gd-publish: bad.ndjson:6: not a JSON record' bad.err &&
    [ "$(ls -a | grep -c '\.tmp')" -eq 0 ]; then
	ok failed-run-keeps-old
else
	notok failed-run-keeps-old "exit $rc: $(head -n 1 bad.err)"
fi

# A big stream (60,000 responses), and runs killed at random moments:
# the report is always the old one or a whole new one.
awk 'BEGIN { for (i = 1; i <= 60000; i++)
	printf "{\"gd\":1,\"kind\":\"response\",\"id\":\"R%06d\",\"consent\":\"named\",\"respondent\":{\"type\":\"citizen\"},\"answers\":{\"q1\":\"%s\"},\"comments\":{\"c\":\"response %d, with some words to make it longer than a line of a terminal\"},\"privacy\":\"publication\"}\n", i, (i % 3 ? "Yes" : "No"), i }' |
    gd-tally --with-records > big.ndjson
gd-publish -f csv -o whole.csv big.ndjson
echo OLD > kill.csv
broken=0
for delay in 0.05 0.2 0.4 0.6 0.8 1.0; do
	gd-publish -f csv -o kill.csv big.ndjson &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	if [ "$(head -c 4 kill.csv)" != OLD ] && ! cmp -s kill.csv whole.csv; then
		broken=$((broken + 1))
	fi
	echo OLD > kill.csv
done
[ "$broken" -eq 0 ] && ok killed-run-keeps-old ||
	notok killed-run-keeps-old "$broken half-written file(s)"
rm -f kill.csv.tmp* 2> /dev/null

# A data package replaced whole, and a directory that is not one kept.
gd-publish -f datapackage -o pk.dir big.ndjson &&
    gd-publish -f datapackage -o pk.dir ex.ndjson
if [ "$(jq .gd.responses pk.dir/datapackage.json)" -eq 20 ] &&
    [ "$(ls pk.dir | grep -c tmp)" -eq 0 ] &&
    [ "$(ls -a | grep -c '^\.pk\.dir\.')" -eq 0 ]; then
	ok datapackage-replaced
else
	notok datapackage-replaced "$(ls -a)"
fi
mkdir -p notpkg && echo precious > notpkg/file
gd-publish -f datapackage -o notpkg ex.ndjson 2> np.err
rc=$?
if [ "$rc" -eq 4 ] && [ "$(cat notpkg/file)" = precious ] &&
    grep -q 'not a data package' np.err; then
	ok datapackage-keeps-other-directory
else
	notok datapackage-keeps-other-directory "exit $rc: $(cat np.err)"
fi
gd-publish -f datapackage -o pkk big.ndjson
for delay in 0.1 0.3 0.6; do
	gd-publish -f datapackage -o pkk ex.ndjson > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	if ! python3 "$TOP/tests/check-package.py" pkk > /dev/null 2>&1; then
		broken=$((broken + 1))
	fi
done
[ "$broken" -eq 0 ] && ok killed-package-whole ||
	notok killed-package-whole "a package was left broken"

# Stopped by SIGTERM at moments through the build: a whole package, and
# nothing left beside it (the package being built, its files, a file
# half written), and the status of a run the signal ended.
left=0
for delay in 0.2 0.4 0.5 0.6 0.7 0.8 1.0 1.3; do
	gd-publish -f datapackage -o pkk big.ndjson > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -TERM "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 143 ]; then
		broken=$((broken + 1))
	fi
	if ! python3 "$TOP/tests/check-package.py" pkk > /dev/null 2>&1; then
		broken=$((broken + 1))
	fi
	left=$((left + $(ls -a | grep -c '^\.pkk\.')))
done
[ "$broken" -eq 0 ] && [ "$left" -eq 0 ] && ok stopped-package-tidy ||
	notok stopped-package-tidy "$broken broken, $left left beside it"

# ---- a full disk, a closed output, a reader that goes away ----

if [ -w /dev/full ]; then
	gd-publish -f csv big.ndjson > /dev/full 2> full.err
	rc=$?
	[ "$rc" -eq 4 ] && [ "$(wc -l < full.err)" -eq 1 ] && ok dev-full ||
		notok dev-full "exit $rc: $(cat full.err)"
fi
gd-publish -f md ex.ndjson >&- 2> closed.err
rc=$?
[ "$rc" -eq 4 ] && [ -s closed.err ] && ok closed-stdout ||
	notok closed-stdout "exit $rc: $(cat closed.err)"
{ gd-publish -f ndjson big.ndjson 2> head.err; } | head -n 1 > head.out
if [ "$(wc -l < head.out)" -eq 1 ] && [ ! -s head.err ]; then
	ok head-quiet
else
	notok head-quiet "stderr: $(head -n 2 head.err)"
fi
