/*
 * test_country.c - gd_country_alpha2(): codes, names, aliases, accents,
 * input that is not NUL-terminated, and junk.
 */
#include <stddef.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

/* The generated table itself, to check every entry of it. */
#include "../../lib/country_table.h"

#define S(x)	(x), (sizeof(x) - 1)

struct pair {
	const char	*in;
	const char	*a2;
};

/* Looks s (a C string) up and checks the answer is want, or NULL. */
static int
is(const char *s, const char *want)
{
	const char *r = gd_country_alpha2(s, strlen(s));

	if (want == NULL)
		return r == NULL;
	return r != NULL && strcmp(r, want) == 0;
}

static void
check_pairs(const struct pair *p, size_t n, const char *file, int line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is(p[i].in, p[i].a2))
			t_fail(file, line, "\"%s\" -> %s, expected %s", p[i].in,
			    gd_country_alpha2(p[i].in, strlen(p[i].in)) ?
			    gd_country_alpha2(p[i].in, strlen(p[i].in)) :
			    "NULL", p[i].a2 ? p[i].a2 : "NULL");
}

#define CHECK_PAIRS(p) \
	check_pairs((p), sizeof(p) / sizeof((p)[0]), __FILE__, __LINE__)

/* The 27 member states: alpha-2, alpha-3, English short name. */
static const struct eu {
	const char	*a2, *a3, *name;
} eu[] = {
	{ "AT", "AUT", "Austria" },
	{ "BE", "BEL", "Belgium" },
	{ "BG", "BGR", "Bulgaria" },
	{ "HR", "HRV", "Croatia" },
	{ "CY", "CYP", "Cyprus" },
	{ "CZ", "CZE", "Czechia" },
	{ "DK", "DNK", "Denmark" },
	{ "EE", "EST", "Estonia" },
	{ "FI", "FIN", "Finland" },
	{ "FR", "FRA", "France" },
	{ "DE", "DEU", "Germany" },
	{ "GR", "GRC", "Greece" },
	{ "HU", "HUN", "Hungary" },
	{ "IE", "IRL", "Ireland" },
	{ "IT", "ITA", "Italy" },
	{ "LV", "LVA", "Latvia" },
	{ "LT", "LTU", "Lithuania" },
	{ "LU", "LUX", "Luxembourg" },
	{ "MT", "MLT", "Malta" },
	{ "NL", "NLD", "Netherlands" },
	{ "PL", "POL", "Poland" },
	{ "PT", "PRT", "Portugal" },
	{ "RO", "ROU", "Romania" },
	{ "SK", "SVK", "Slovakia" },
	{ "SI", "SVN", "Slovenia" },
	{ "ES", "ESP", "Spain" },
	{ "SE", "SWE", "Sweden" },
};

/* Lower-cases s into buf (at least 64 bytes). */
static const char *
lower(const char *s, char *buf)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < 63; i++)
		buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i];
	buf[i] = '\0';
	return buf;
}

TEST(country_eu_members)
{
	char buf[64];
	size_t i;

	T_EQ_INT(sizeof(eu) / sizeof(eu[0]), 27);
	for (i = 0; i < sizeof(eu) / sizeof(eu[0]); i++) {
		if (!is(eu[i].a2, eu[i].a2))
			t_fail(__FILE__, __LINE__, "%s", eu[i].a2);
		if (!is(lower(eu[i].a2, buf), eu[i].a2))
			t_fail(__FILE__, __LINE__, "%s", buf);
		if (!is(eu[i].a3, eu[i].a2))
			t_fail(__FILE__, __LINE__, "%s", eu[i].a3);
		if (!is(lower(eu[i].a3, buf), eu[i].a2))
			t_fail(__FILE__, __LINE__, "%s", buf);
		if (!is(eu[i].name, eu[i].a2))
			t_fail(__FILE__, __LINE__, "%s", eu[i].name);
		if (!is(lower(eu[i].name, buf), eu[i].a2))
			t_fail(__FILE__, __LINE__, "%s", buf);
	}
	/* The EU's own codes. */
	T_EQ_STR(gd_country_alpha2(S("EL")), "GR");
	T_EQ_STR(gd_country_alpha2(S("el")), "GR");
	T_EQ_STR(gd_country_alpha2(S("UK")), "GB");
	T_EQ_STR(gd_country_alpha2(S("uk")), "GB");
}

TEST(country_codes)
{
	static const struct pair p[] = {
		{ "GB", "GB" }, { "gb", "GB" }, { "Gb", "GB" },
		{ "GBR", "GB" }, { "gbr", "GB" }, { "US", "US" },
		{ "USA", "US" }, { "usa", "US" }, { "CH", "CH" },
		{ "CHE", "CH" }, { "NO", "NO" }, { "NOR", "NO" },
		{ "ZW", "ZW" }, { "ZWE", "ZW" }, { "AD", "AD" },
		{ "AND", "AD" },
		{ "XK", NULL }, { "XX", NULL }, { "XXX", NULL }, { "EU", NULL },
		{ "ZZ", NULL }, { "AA", NULL }, { "D1", NULL }, { "1", NULL },
		{ "DEUT", NULL }, { "D", NULL },
	};

	CHECK_PAIRS(p);
}

/* Every entry of the generated table, and every alpha-2 code. */
TEST(country_table_entries)
{
	char up[4], lo[4];
	size_t i, nk = sizeof(country_keys) / sizeof(country_keys[0]);
	const char *r;

	T_EQ_INT(COUNTRY_N, 249);
	for (i = 0; i < COUNTRY_N; i++) {
		memcpy(up, country_a2[i], 3);
		lower(up, lo);
		r = gd_country_alpha2(up, 2);
		if (r == NULL || strcmp(r, up) != 0)
			t_fail(__FILE__, __LINE__, "%s -> %s", up,
			    r ? r : "NULL");
		r = gd_country_alpha2(lo, 2);
		if (r == NULL || strcmp(r, up) != 0)
			t_fail(__FILE__, __LINE__, "%s -> %s", lo,
			    r ? r : "NULL");
	}
	for (i = 0; i < nk; i++) {
		if (i > 0 && strcmp(country_keys[i - 1].key,
		    country_keys[i].key) >= 0)
			t_fail(__FILE__, __LINE__, "unsorted at %s",
			    country_keys[i].key);
		r = gd_country_alpha2(country_keys[i].key,
		    strlen(country_keys[i].key));
		if (r == NULL ||
		    strcmp(r, country_a2[country_keys[i].idx]) != 0)
			t_fail(__FILE__, __LINE__, "\"%s\" -> %s, expected %s",
			    country_keys[i].key, r ? r : "NULL",
			    country_a2[country_keys[i].idx]);
	}
}

TEST(country_names)
{
	static const struct pair p[] = {
		{ "Germany", "DE" }, { "GERMANY", "DE" }, { "germany", "DE" },
		{ "United Kingdom", "GB" },
		{ "United Kingdom of Great Britain and Northern Ireland",
		    "GB" },
		{ "Netherlands", "NL" }, { "The Netherlands", "NL" },
		{ "the netherlands", "NL" },
		{ "Kingdom of the Netherlands", "NL" },
		{ "United States", "US" }, { "United States of America", "US" },
		{ "the United States", "US" },
		{ "Czechia", "CZ" }, { "Czech Republic", "CZ" },
		{ "Russian Federation", "RU" },
		{ "Korea, Republic of", "KR" }, { "South Korea", "KR" },
		{ "Korea, Democratic People's Republic of", "KP" },
		{ "North Korea", "KP" },
		{ "Viet Nam", "VN" }, { "Vietnam", "VN" },
		{ "Bolivia", "BO" },
		{ "Bolivia, Plurinational State of", "BO" },
		{ "Plurinational State of Bolivia", "BO" },
		{ "Iran", "IR" }, { "Laos", "LA" }, { "Syria", "SY" },
		{ "Taiwan", "TW" }, { "Tanzania", "TZ" }, { "Moldova", "MD" },
		{ "Venezuela", "VE" }, { "Hellenic Republic", "GR" },
		{ "Swiss Confederation", "CH" }, { "Gambia", "GM" },
		{ "The Gambia", "GM" }, { "Guinea-Bissau", "GW" },
		{ "Guinea Bissau", "GW" }, { "Timor-Leste", "TL" },
		{ "Bosnia and Herzegovina", "BA" },
		{ "Holy See (Vatican City State)", "VA" },
		{ "Congo", "CG" }, { "Republic of the Congo", "CG" },
		{ "Congo, The Democratic Republic of the", "CD" },
		{ "Palestine, State of", "PS" }, { "State of Palestine", "PS" },
		{ "State of Eritrea", "ER" }, { "Eritrea", "ER" },
		{ "Virgin Islands, U.S.", "VI" },
		{ "Virgin Islands, British", "VG" },
		{ "British Virgin Islands", "VG" },
		{ "North Macedonia", "MK" }, { "Eswatini", "SZ" },
		{ "Cabo Verde", "CV" }, { "Niger", "NE" }, { "Nigeria", "NG" },
		{ "Dominica", "DM" }, { "Dominican Republic", "DO" },
		{ "Guinea", "GN" }, { "Equatorial Guinea", "GQ" },
		{ "Papua New Guinea", "PG" }, { "India", "IN" },
		{ "British Indian Ocean Territory", "IO" },
	};

	CHECK_PAIRS(p);
}

TEST(country_aliases)
{
	static const struct pair p[] = {
		{ "UK", "GB" }, { "U.K.", "GB" }, { "Britain", "GB" },
		{ "Great Britain", "GB" }, { "England", "GB" },
		{ "Scotland", "GB" }, { "Wales", "GB" },
		{ "Northern Ireland", "GB" }, { "the UK", "GB" },
		{ "U.S.", "US" }, { "U.S.A.", "US" }, { "USA", "US" },
		{ "Holland", "NL" }, { "Russia", "RU" },
		{ "Turkey", "TR" }, { "Ivory Coast", "CI" },
		{ "Republic of Korea", "KR" }, { "EL", "GR" },
		{ "Bosnia", "BA" }, { "Brunei", "BN" }, { "Burma", "MM" },
		{ "Cape Verde", "CV" },
		{ "Democratic Republic of Congo", "CD" },
		{ "Democratic Republic of the Congo", "CD" },
		{ "The Democratic Republic of the Congo", "CD" },
		{ "DR Congo", "CD" }, { "East Timor", "TL" },
		{ "Eire", "IE" }, { "\xc3\x89ire", "IE" },
		{ "Republic of Ireland", "IE" },
		{ "Falkland Islands", "FK" },
		{ "Falkland Islands (Malvinas)", "FK" },
		{ "Holy See", "VA" }, { "Vatican", "VA" },
		{ "Vatican City", "VA" }, { "Macedonia", "MK" },
		{ "Micronesia", "FM" }, { "Palestine", "PS" },
		{ "Sint Maarten", "SX" }, { "Swaziland", "SZ" },
	};

	CHECK_PAIRS(p);
	/* An alias gives the same static string as the code. */
	T_OK(gd_country_alpha2(S("uk")) == gd_country_alpha2(S("GB")));
	T_OK(gd_country_alpha2(S("Holland")) == gd_country_alpha2(S("NL")));
}

TEST(country_accents)
{
	static const struct pair p[] = {
		{ "C\xc3\xb4te d'Ivoire", "CI" },
		{ "Cote d'Ivoire", "CI" },
		{ "C\xc3\x94TE D'IVOIRE", "CI" },
		{ "C\xc3\xb4te d\xe2\x80\x99Ivoire", "CI" },	/* ’ */
		{ "Cote dIvoire", NULL },
		{ "Republic of C\xc3\xb4te d'Ivoire", "CI" },
		{ "T\xc3\xbcrkiye", "TR" }, { "Turkiye", "TR" },
		{ "T\xc3\x9cRKIYE", "TR" },
		{ "Cura\xc3\xa7" "ao", "CW" }, { "Curacao", "CW" },
		{ "R\xc3\xa9union", "RE" }, { "Reunion", "RE" },
		{ "\xc3\x85land Islands", "AX" }, { "Aland Islands", "AX" },
		{ "Saint Barth\xc3\xa9lemy", "BL" },
		{ "Saint Barthelemy", "BL" },
		/* Latin-1 bytes, not UTF-8: not folded. */
		{ "C\xf4te d'Ivoire", NULL },
		/* Letters beyond Latin-1 fold too, as labels and text do. */
		{ "T\xc5\xabrkiye", "TR" },			/* ū */
		{ "\xc5\x81" "atvia", "LV" },			/* Ł */
		/* Accents as combining marks (NFD). */
		{ "Tu\xcc\x88rkiye", "TR" },
		{ "Re\xcc\x81union", "RE" },
		{ "A\xcc\x8aland Islands", "AX" },
		{ "Co\xcc\x82te d\xe2\x80\x99Ivoire", "CI" },
		/* Compatibility forms: full width. */
		{ "\xef\xbc\xa6\xef\xbc\xb2\xef\xbc\xa1", "FR" },	/* ＦＲＡ */
		{ "\xef\xbc\xa4\xef\xbc\xa5", "DE" },		/* ＤＥ */
	};

	CHECK_PAIRS(p);
}

TEST(country_spaces_punctuation)
{
	static const struct pair p[] = {
		{ "  Germany  ", "DE" }, { "Germany.", "DE" },
		{ "\tDE\n", "DE" }, { "(DE)", "DE" }, { "\"FR\"", "FR" },
		{ "'fra'", "FR" }, { "-- Spain --", "ES" },
		{ "United   Kingdom", "GB" }, { "United-Kingdom", "GB" },
		{ "united_kingdom", "GB" }, { "Bosnia & Herzegovina", "BA" },
		{ "\xc2\xa0Spain\xc2\xa0", "ES" },	/* no-break spaces */
		{ "\xef\xbb\xbf" "Italy", "IT" },	/* byte order mark */
		{ "\xe2\x80\x9c" "Italy\xe2\x80\x9d", "IT" },	/* “ ” */
		{ "Timor\xe2\x80\x93Leste", "TL" },		/* en dash */
		{ "D E", NULL }, { "D.E.", NULL }, { "Ger many", NULL },
	};

	CHECK_PAIRS(p);
}

TEST(country_not_nul_terminated)
{
	static const char deu[3] = { 'D', 'E', 'U' };
	static const char fr[2] = { 'f', 'r' };
	char big[8];

	T_EQ_STR(gd_country_alpha2(deu, 3), "DE");
	T_EQ_STR(gd_country_alpha2(deu, 2), "DE");
	T_OK(gd_country_alpha2(deu, 1) == NULL);
	T_EQ_STR(gd_country_alpha2(fr, 2), "FR");
	T_EQ_STR(gd_country_alpha2("FRANCE", 3), "FR");
	T_EQ_STR(gd_country_alpha2("Germanyyy", 7), "DE");
	T_EQ_STR(gd_country_alpha2("Spain, Madrid", 5), "ES");
	T_EQ_STR(gd_country_alpha2("C\xc3\xb4te d'Ivoire!!", 14), "CI");
	/* A sequence cut short by the end is not folded. */
	T_OK(gd_country_alpha2("C\xc3\xb4", 2) == NULL);
	memcpy(big, "ITALYXXX", 8);
	T_EQ_STR(gd_country_alpha2(big, 5), "IT");
	/* A NUL byte is not the end; it is punctuation. */
	T_OK(gd_country_alpha2("DE\0U", 4) == NULL);
	T_EQ_STR(gd_country_alpha2("DE\0", 3), "DE");
}

TEST(country_junk)
{
	static const struct pair p[] = {
		{ "", NULL }, { " ", NULL }, { "-", NULL }, { "N/A", NULL },
		{ "n/a", NULL }, { "NA", "NA" },	/* Namibia */
		{ "None", NULL }, { "Europe", NULL },
		{ "European Union", NULL },
		{ "the", NULL }, { "The ", NULL }, { "Other", NULL },
		{ "Germany and France", NULL }, { "Deutschland", NULL },
		{ "Kosovo", NULL }, { "America", NULL }, { "Korea", NULL },
		{ "\xff\xfe", NULL }, { "\xc3", NULL },
		{ "the the Netherlands", NULL },
		{ "United Kingdom of Great Britain and Northern Ireland and "
		    "some more words", NULL },
	};
	char longs[300];

	CHECK_PAIRS(p);
	T_OK(gd_country_alpha2(NULL, 0) == NULL);
	T_OK(gd_country_alpha2("DE", 0) == NULL);
	memset(longs, 'a', sizeof(longs));
	T_OK(gd_country_alpha2(longs, sizeof(longs)) == NULL);
	memset(longs, ' ', sizeof(longs));
	memcpy(longs + 150, "DE", 2);
	T_EQ_STR(gd_country_alpha2(longs, sizeof(longs)), "DE");
}
