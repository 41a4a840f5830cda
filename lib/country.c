/*
 * country.c - ISO 3166-1 alpha-2 codes for country codes and names.
 *
 * The input is normalised as labels are (gd_lfold_key(): folded with
 * utf8proc as gd_fold() folds text, runs of spaces, punctuation and
 * symbols one space, none at either end) into a small stack buffer, and a
 * leading "the " dropped; then a two-letter key is looked up directly in
 * country_by_a2[], others by binary search in country_keys[] (alpha-3
 * codes and the English names of iso-codes, generated into
 * country_table.h), and failing that in the hand-made aliases below.
 */
#include <stddef.h>
#include <string.h>

#include "country_table.h"
#include "gd/gd.h"

/* Holds any key of country_table.h, and "the " before it, and a NUL. */
#define KEY_BUF	64
_Static_assert(COUNTRY_KEY_MAX + 5 <= KEY_BUF, "KEY_BUF too small");

/*
 * Names and codes people use that iso-codes does not have: normalised,
 * sorted bytewise, none already in country_keys[].  test_country.c
 * looks every one of them up.
 */
static const struct alias {
	const char	*key;
	char		 a2[3];
} aliases[] = {
	{ "bosnia", "BA" },
	{ "bosnia herzegovina", "BA" },
	{ "britain", "GB" },
	{ "brunei", "BN" },
	{ "burma", "MM" },
	{ "cape verde", "CV" },
	{ "democratic republic of congo", "CD" },
	{ "democratic republic of the congo", "CD" },
	{ "dr congo", "CD" },
	{ "east timor", "TL" },
	{ "eire", "IE" },
	{ "el", "GR" },			/* the EU's code for Greece */
	{ "england", "GB" },
	{ "falkland islands", "FK" },
	{ "great britain", "GB" },
	{ "holland", "NL" },
	{ "holy see", "VA" },
	{ "ivory coast", "CI" },
	{ "macedonia", "MK" },
	{ "micronesia", "FM" },
	{ "northern ireland", "GB" },
	{ "palestine", "PS" },
	{ "republic of ireland", "IE" },
	{ "republic of korea", "KR" },
	{ "russia", "RU" },
	{ "scotland", "GB" },
	{ "sint maarten", "SX" },
	{ "swaziland", "SZ" },
	{ "turkey", "TR" },
	{ "u k", "GB" },
	{ "u s", "US" },
	{ "u s a", "US" },
	{ "uk", "GB" },			/* the EU's code for the UK */
	{ "vatican", "VA" },
	{ "vatican city", "VA" },
	{ "wales", "GB" },
};

/* Returns the code for key, a key of country_keys[], or NULL. */
static const char *
by_name(const char *key)
{
	size_t lo = 0, hi = sizeof(country_keys) / sizeof(country_keys[0]);
	size_t mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(key, country_keys[mid].key);
		if (c == 0)
			return country_a2[country_keys[mid].idx];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Returns the code for a two-letter lower-case key, or NULL. */
static const char *
by_a2(const char *key)
{
	int i;

	if (key[0] < 'a' || key[0] > 'z' || key[1] < 'a' || key[1] > 'z')
		return NULL;
	i = country_by_a2[(key[0] - 'a') * 26 + (key[1] - 'a')];
	return i > 0 ? country_a2[i - 1] : NULL;
}

/* Returns the code for key, a key of aliases[], or NULL. */
static const char *
by_alias(const char *key)
{
	size_t lo = 0, hi = sizeof(aliases) / sizeof(aliases[0]), mid;
	char a2[2];
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(key, aliases[mid].key);
		if (c == 0) {
			/* Return the table's own string for the code. */
			a2[0] = (char)(aliases[mid].a2[0] - 'A' + 'a');
			a2[1] = (char)(aliases[mid].a2[1] - 'A' + 'a');
			return by_a2(a2);
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *
gd_country_alpha2(const char *s, size_t n)
{
	char buf[KEY_BUF];
	const char *key = buf, *r;
	int len;

	if (s == NULL)
		return NULL;
	if ((len = gd_lfold_key(s, n, buf, sizeof(buf))) <= 0)
		return NULL;
	if (len > 4 && memcmp(buf, "the ", 4) == 0) {
		key += 4;
		len -= 4;
	}
	if (len == 2)
		r = by_a2(key);
	else if (len <= COUNTRY_KEY_MAX)
		r = by_name(key);
	else
		r = NULL;
	return r != NULL ? r : by_alias(key);
}
