#!/bin/sh
# i18n.sh - the report in the consultation's language: the catalogues
# (po/) complete, checked by msgfmt and current with the sources; the
# example's report in each language, its words taken from the catalogue,
# its numbers and dates as the language writes them, lang on the page
# and on replies in another language; the replies' own language (front
# matter, JSON) chosen without --lang; a language without a catalogue; the
# user's locale changing nothing.  Prints "ok NAME" / "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
unset LANGUAGE LANG GD_LOCALEDIR
W=$OUT/i18n
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

EX=$TOP/examples/open-declaration
LANGS=$(cd "$TOP/po" && ls ./*.po | sed 's|^\./||; s|\.po$||')
NB=$(printf '\302\240')		# no-break space
NN=$(printf '\342\200\257')	# narrow no-break space

# tr LANG MSGID: the catalogue's translation of MSGID (no context).
tr_of() {
	msggrep --msgid -e "^$2\$" "$TOP/po/$1.po" |
	    msgattrib --no-obsolete | msgcat --no-wrap - 2>/dev/null |
	    sed -n 's/^msgstr "\(.*\)"$/\1/p' | tail -n 1
}

# ---- the catalogues ----

for l in $LANGS; do
	if ! msgfmt --check --statistics -o /dev/null "$TOP/po/$l.po" \
	    > "msgfmt-$l.txt" 2>&1; then
		notok "catalogue-$l" "msgfmt --check: $(head -n 3 "msgfmt-$l.txt")"
	elif grep -q 'fuzzy\|untranslated' "msgfmt-$l.txt"; then
		notok "catalogue-$l" "$(tail -n 1 "msgfmt-$l.txt")"
	elif ! msgcmp "$TOP/po/$l.po" "$TOP/po/gd.pot" > "msgcmp-$l.txt" 2>&1; then
		notok "catalogue-$l" "not every message of po/gd.pot: $(head -n 2 "msgcmp-$l.txt")"
	elif ! grep -q "^\"Language: $l\\\\n\"" "$TOP/po/$l.po"; then
		notok "catalogue-$l" "its header names no Language: $l"
	else
		ok "catalogue-$l ($(tail -n 1 "msgfmt-$l.txt"))"
	fi
done
for l in es fr de; do
	echo "$LANGS" | grep -qx "$l" || notok "catalogue-$l" "po/$l.po is missing"
done

# The template holds the messages the sources mark, no more, no less
# (make pot brings it up to date).
KEYS=$(sed -n 's/^POT_KEYWORDS = //p' "$TOP/Makefile")
SRC=$(sed -n 's/^POT_SRC = lib\/i18n.c \$(sort \$(wildcard lib\/pub_\*.c))$/yes/p' \
    "$TOP/Makefile")
# shellcheck disable=SC2086
if [ "$SRC" != yes ] || [ -z "$KEYS" ]; then
	notok pot-current "the Makefile's POT_SRC or POT_KEYWORDS changed: update this test"
elif ! (cd "$TOP" && xgettext --language=C --from-code=UTF-8 $KEYS \
    --add-comments=TRANSLATORS: -o "$W/fresh.pot" lib/i18n.c lib/pub_*.c); then
	notok pot-current "xgettext failed"
elif ! msgcmp --use-untranslated fresh.pot "$TOP/po/gd.pot" > cmp1.txt 2>&1 ||
    ! msgcmp --use-untranslated "$TOP/po/gd.pot" fresh.pot > cmp2.txt 2>&1; then
	notok pot-current "po/gd.pot differs from the sources (make pot): $(cat cmp1.txt cmp2.txt | head -n 2)"
else
	ok "pot-current ($(grep -c '^msgid ' fresh.pot) messages)"
fi

# ---- the example in each language ----

gd-ingest -q -m "$EX/mapping.json" "$EX/responses.csv" |
    gd-redact -q --for publication |
    gd-tally --with-records --campaigns --stubs --compare \
        --codebook "$EX/codebook.json" > ex.ndjson ||
    notok i18n-pipeline "the example's pipeline failed"
SOURCE_DATE_EPOCH=1705141320	# 2024-01-13T10:22:00Z
export SOURCE_DATE_EPOCH
for l in en $LANGS; do
	gd-publish -f html --lang "$l" --timestamp --replies "$EX/replies.md" \
	    -o "ex.$l.html" ex.ndjson 2> "err.$l" &&
	    gd-publish -f md --lang "$l" --timestamp --replies "$EX/replies.md" \
	    -o "ex.$l.md" ex.ndjson 2>> "err.$l" ||
	    notok "report-$l" "gd-publish failed: $(head -n 2 "err.$l")"
done

# Each language's headings are its catalogue's, none left in English.
for l in $LANGS; do
	bad=
	for h in "We asked" "You said" "Who responded" "We did" \
	    "About this publication" "In their own words" \
	    "Themes in what people wrote" "Campaigns and individual voices"; do
		t=$(tr_of "$l" "$h")
		if [ -z "$t" ] || [ "$t" = "$h" ]; then
			bad="$bad no translation of '$h';"
		elif ! grep -q "^##* $t\$" "ex.$l.md"; then
			bad="$bad no heading '$t';"
		elif grep -q "^##* $h\$" "ex.$l.md"; then
			bad="$bad '$h' left in English;"
		fi
	done
	if ! grep -q "<html lang=\"$l\">" "ex.$l.html"; then
		bad="$bad the page is not lang=$l;"
	fi
	if [ -n "$bad" ]; then notok "report-$l" "$bad"; else ok "report-$l"; fi
done
grep -q '<html lang="en">' ex.en.html && grep -q '^## We asked$' ex.en.md &&
    ok report-en || notok report-en "the English report is not lang=en"

# Numbers, shares and dates as each language writes them: the example's
# type table (Citizens 6, 27.3%), the comparison's mean (4.29) and the
# date of --timestamp.
check() {	# NAME FILE PATTERN...
	n=$1 f=$2
	shift 2
	for p in "$@"; do
		grep -qF -- "$p" "$f" || { notok "$n" "no '$p' in $f"; return; }
	done
	ok "$n"
}
check formats-en ex.en.md "| 27.3% |" "mean is 4.29" \
    "on 13 January 2024, 10:22 UTC."
check formats-es ex.es.md "| 27,3${NB}% |" "la media es 4,29" \
    "el 13 de enero de 2024, 10:22 UTC."
check formats-fr ex.fr.md "| 27,3${NN}% |" "moyenne est de 4,29" \
    "le 13 janvier 2024 à 10:22 UTC."
check formats-de ex.de.md "| 27,3${NB}% |" "Mittelwert der" \
    "am 13. Januar 2024, 10:22 UTC."

# Thousands: 1,234 responses, and Spanish groups only from five digits.
{
	echo 'id,type,consent,q1'
	i=0
	while [ $i -lt 12345 ]; do
		i=$((i + 1))
		echo "r$i,citizen,anon,yes"
	done
} > big.csv
printf '{"consultation":"c","id":"id","respondent":{"type":{"column":"type","values":{"citizen":"citizen"}}},"consent":{"column":"consent","values":{"anon":"anonymous"}},"answers":{"q1":"q1"}}\n' > big.json
if gd-ingest -q -m big.json big.csv | gd-redact -q --for publication |
    gd-tally --with-records > big.ndjson 2> big.err; then
	head -n 1235 big.csv > big1.csv
	gd-ingest -q -m big.json big1.csv | gd-redact -q --for publication |
	    gd-tally --with-records > big1.ndjson
	for l in en es fr de; do
		gd-publish -f html --lang "$l" big.ndjson > "big.$l.html" &&
		    gd-publish -f html --lang "$l" big1.ndjson > "big1.$l.html" ||
		    notok "thousands-$l" "gd-publish failed"
	done
	check thousands-en big.en.html "<p>12,345 responses were received"
	grep -qF "<p>1,234 responses were received" big1.en.html ||
	    notok thousands-en "no 1,234"
	check thousands-es big.es.html "<p>Se recibieron 12.345 respuestas"
	grep -qF "<p>Se recibieron 1234 respuestas" big1.es.html ||
	    notok thousands-es "1234 grouped in Spanish"
	check thousands-fr big.fr.html "<p>12${NN}345 réponses ont été reçues"
	check thousands-de big.de.html "<p>12.345 Antworten gingen ein"
else
	notok thousands "the pipeline failed: $(head -n 2 big.err)"
fi

# Plural forms: one response is one.
printf 'id,type,consent,q1\nr1,citizen,anon,yes\n' > one.csv
gd-ingest -q -m big.json one.csv | gd-redact -q --for publication |
    gd-tally --with-records > one.ndjson
gd-publish -f md one.ndjson | grep -q '^1 response was received\. ' &&
    gd-publish -f md --lang es one.ndjson | grep -q '^Se recibió 1 respuesta\. ' &&
    gd-publish -f md --lang de one.ndjson | grep -q '^1 Antwort ging ein\. ' &&
    gd-publish -f md --lang fr one.ndjson | grep -q '^1 réponse a été reçue\. ' &&
    ok plurals || notok plurals "one response is not said as one"

# ---- the language chosen ----

# The replies' own language, without --lang: Markdown front matter, JSON.
{ printf -- '---\nlang: es\n---\n'; cat "$EX/replies.md"; } > replies-es.md
gd-publish -f html --replies replies-es.md ex.ndjson > fm.html 2> fm.err
if grep -q '<html lang="es">' fm.html && grep -q 'Lo que preguntamos' fm.html &&
    ! grep -q 'class="reply" lang=' fm.html && [ ! -s fm.err ]; then
	ok replies-language-md
else
	notok replies-language-md "front matter lang: es did not make a Spanish page ($(head -n 1 fm.err))"
fi
printf '{"title":"Konsultation","language":"de","reply":"Danke."}\n' > replies-de.json
gd-publish -f html --replies replies-de.json ex.ndjson > js.html &&
    grep -q '<html lang="de">' js.html && grep -q 'Was wir gefragt haben' js.html &&
    ok replies-language-json || notok replies-language-json "\"language\":\"de\" did not make a German page"
# --lang over the replies' language, whose blocks then say theirs.
gd-publish -f html --lang fr --replies replies-es.md ex.ndjson > over.html &&
    grep -q '<html lang="fr">' over.html &&
    grep -q '<div class="reply" lang="es">' over.html &&
    ok lang-over-replies || notok lang-over-replies "the replies in es are not marked in a fr page"
# A language without a catalogue: --lang refuses, replies warn.
gd-publish -f md --lang it ex.ndjson > /dev/null 2> it.err
rc=$?
[ $rc -eq 2 ] && grep -q 'no catalogue for it' it.err &&
    ok lang-unknown || notok lang-unknown "exit $rc: $(head -n 1 it.err)"
{ printf -- '---\nlang: it\n---\n'; cat "$EX/replies.md"; } > replies-it.md
gd-publish -f html --replies replies-it.md ex.ndjson > it.html 2> it.err
rc=$?
[ $rc -eq 0 ] && grep -q 'the replies are in it, for which gd has no catalogue' it.err &&
    grep -q '<html lang="en">' it.html && grep -q '<div class="reply" lang="it">' it.html &&
    ok replies-language-unknown ||
    notok replies-language-unknown "exit $rc: $(head -n 1 it.err)"
gd-publish -q -f html --replies replies-it.md ex.ndjson > /dev/null 2> it.err
[ ! -s it.err ] && ok replies-language-quiet || notok replies-language-quiet "-q still warned"
# Front matter not understood, a bad tag, --lang with a table: refused.
printf -- '---\nlang: es\nauthor: x\n---\n# T\n' > fm-bad.md
gd-publish -f md --replies fm-bad.md ex.ndjson > /dev/null 2> e1
r1=$?
printf -- '---\nlang: "><script>\n---\n# T\n' > fm-tag.md
gd-publish -f md --replies fm-tag.md ex.ndjson > /dev/null 2> e2
r2=$?
printf -- '---\nlang: es\n# T\n' > fm-open.md	# never closed
gd-publish -f md --replies fm-open.md ex.ndjson > /dev/null 2> e3
r3=$?
printf '{"language":"e s"}\n' > bad.json
gd-publish -f md --replies bad.json ex.ndjson > /dev/null 2> e4
r4=$?
gd-publish -f csv --lang es ex.ndjson > /dev/null 2> e5
r5=$?
gd-publish -f md --lang 'es"x' ex.ndjson > /dev/null 2> e6
r6=$?
if [ $r1 -eq 3 ] && grep -q 'fm-bad.md:3: front matter: "author: x" is not understood' e1 &&
    [ $r2 -eq 3 ] && grep -q 'fm-tag.md:2: the language' e2 &&
    [ $r3 -eq 3 ] && grep -q 'fm-open.md:3: front matter: "# T" is not understood' e3 &&
    [ $r4 -eq 3 ] && grep -q 'bad.json: the language "e s" is not a language tag' e4 &&
    [ $r5 -eq 2 ] && [ $r6 -eq 2 ]; then
	ok refusals
else
	notok refusals "exits $r1 $r2 $r3 $r4 $r5 $r6: $(cat e1 e2 e3 e4 e5 e6 | head -n 6 | tr '\n' '|')"
fi

# ---- the user's locale changes nothing ----

same=1
for l in en es; do
	LANG=de_DE.UTF-8 LC_ALL=fr_FR.UTF-8 LANGUAGE=de:fr LC_MESSAGES=de_DE.UTF-8 \
	    gd-publish -f html --lang "$l" --timestamp --replies "$EX/replies.md" \
	    ex.ndjson > "env.$l.html" 2> /dev/null
	cmp -s "env.$l.html" "ex.$l.html" || same=0
done
GD_LOCALEDIR=$TOP/build/locale gd-publish -f html --lang de --timestamp \
    --replies "$EX/replies.md" ex.ndjson > dir.de.html
cmp -s dir.de.html ex.de.html || same=0
[ $same -eq 1 ] && ok locale-independent ||
    notok locale-independent "LANG, LC_ALL or LANGUAGE changed the report"
# A catalogue dir without the language: --lang refuses.
mkdir -p empty
GD_LOCALEDIR=$W/empty gd-publish -f md --lang es ex.ndjson > /dev/null 2> e7
[ $? -eq 2 ] && grep -q "no catalogue for es in $W/empty" e7 &&
    ok localedir || notok localedir "GD_LOCALEDIR was not used: $(head -n 1 e7)"

# An installed gd-publish finds its catalogues under PREFIX/share/locale.
if make -s -C "$TOP" install DESTDIR="$W/inst" PREFIX=/usr/local > inst.log 2>&1 &&
    [ -f "$W/inst/usr/local/share/locale/es/LC_MESSAGES/gd.mo" ]; then
	ok install-catalogues
else
	notok install-catalogues "make install did not install them: $(tail -n 2 inst.log)"
fi
