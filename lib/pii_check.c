/*
 * pii_check.c - validators for candidate personal data (see gd/detect.h):
 * what a pattern found is kept only when the category's own rules hold.
 */
#include <arpa/inet.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gd/gd.h"

/*
 * The separators people put between groups of digits: a space, a dash, a
 * no-break, narrow no-break, thin or figure space, an en dash, figure
 * dash or non-breaking hyphen, a line break.  Word processors and web
 * forms put the typographic ones in (French and Swiss text has a narrow
 * no-break space in every number), and a number copied out of a PDF or
 * an e-mail signature may break across lines.
 */
size_t
gd_digit_sep(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '-' || u[0] == '\n')
		return 1;
	if (u[0] == '\r')
		return n > 1 && u[1] == '\n' ? 2 : 0;
	if (u[0] == 0xC2)
		return n > 1 && u[1] == 0xA0 ? 2 : 0;	/* U+00A0 */
	if (u[0] == 0xE2 && n > 2 && u[1] == 0x80 && (u[2] == 0x87 ||
	    u[2] == 0x89 || u[2] == 0xAF || (u[2] >= 0x91 && u[2] <= 0x93)))
		return 3;	/* U+2007 U+2009 U+202F U+2011 U+2012 U+2013 */
	return 0;
}

/*
 * The digits of s (separators of digit groups skipped) into d, at most
 * max; -1 when s holds anything else or more digits.
 */
static int
digits_of(const char *s, size_t n, char *d, int max)
{
	size_t i = 0, l;
	int k = 0;

	while (i < n) {
		if ((l = gd_digit_sep(s + i, n - i)) > 0) {
			i += l;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || k == max)
			return -1;
		d[k++] = s[i++];
	}
	return k;
}

int
gd_check_luhn(const char *s, size_t n)
{
	char b[20];
	int sum = 0, dbl = 0, d, k = digits_of(s, n, b, sizeof(b));

	if (k < 13 || k > 19)
		return 0;
	while (k-- > 0) {
		d = b[k] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

/*
 * IBAN lengths by country: every country of the IBAN registry that
 * SWIFT keeps as the registration authority of ISO 13616 (release 100,
 * 89 countries; Honduras, HN, is the latest).  Territories that use
 * their country's code (the Åland Islands FI, the French overseas
 * departments FR, Jersey and Guernsey GB...) need no line of their own.
 * An IBAN of a country not listed is not taken for one.
 */
static const struct { char cc[3]; unsigned char len; } iban_len[] = {
	{"AD",24},{"AE",23},{"AL",28},{"AT",20},{"AZ",28},{"BA",20},
	{"BE",16},{"BG",22},{"BH",22},{"BI",27},{"BR",29},{"BY",28},
	{"CH",21},{"CR",22},{"CY",28},{"CZ",24},{"DE",22},{"DJ",27},
	{"DK",18},{"DO",28},{"EE",20},{"EG",29},{"ES",24},{"FI",18},
	{"FK",18},{"FO",18},{"FR",27},{"GB",22},{"GE",22},{"GI",23},
	{"GL",18},{"GR",27},{"GT",28},{"HN",28},{"HR",21},{"HU",28},
	{"IE",22},{"IL",23},{"IQ",23},{"IS",26},{"IT",27},{"JO",30},
	{"KW",30},{"KZ",20},{"LB",28},{"LC",32},{"LI",21},{"LT",20},
	{"LU",20},{"LV",21},{"LY",25},{"MC",27},{"MD",24},{"ME",22},
	{"MK",19},{"MN",20},{"MR",27},{"MT",31},{"MU",30},{"NI",28},
	{"NL",18},{"NO",15},{"OM",23},{"PK",24},{"PL",28},{"PS",29},
	{"PT",25},{"QA",29},{"RO",24},{"RS",22},{"RU",33},{"SA",24},
	{"SC",31},{"SD",18},{"SE",24},{"SI",19},{"SK",24},{"SM",27},
	{"SO",23},{"ST",25},{"SV",28},{"TL",23},{"TN",24},{"TR",26},
	{"UA",29},{"VA",22},{"VG",24},{"XK",20},{"YE",30},
};

/* The length of a country's IBANs, 0 when it has none. */
int
gd_iban_length(const char *cc)
{
	size_t i;

	for (i = 0; i < sizeof(iban_len) / sizeof(iban_len[0]); i++)
		if (cc[0] == iban_len[i].cc[0] && cc[1] == iban_len[i].cc[1])
			return iban_len[i].len;
	return 0;
}

int
gd_check_iban(const char *s, size_t n)
{
	char b[40];
	size_t i = 0, k = 0, want, l;
	unsigned rem = 0;

	while (i < n) {
		char c = s[i];

		if ((l = gd_digit_sep(s + i, n - i)) > 0) {
			i += l;
			continue;
		}
		if (k == sizeof(b))
			return 0;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
		b[k++] = c;
		i++;
	}
	if (k < 15)
		return 0;
	want = (size_t)gd_iban_length(b);
	if (want == 0 || k != want || b[2] < '0' || b[2] > '9' ||
	    b[3] < '0' || b[3] > '9')
		return 0;
	/* ISO 7064 mod 97-10, the first four characters moved to the end,
	 * letters as 10..35. */
	for (i = 0; i < k; i++) {
		char c = b[(i + 4) % k];

		if (c >= 'A')
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
	}
	return rem == 1;
}

int
gd_check_nhs(const char *s, size_t n)
{
	char b[10];
	int d[10], k, sum = 0, i, check;

	if ((k = digits_of(s, n, b, sizeof(b))) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		d[i] = b[i] - '0';
	for (i = 0; i < 9; i++)
		sum += d[i] * (10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10 || check != d[9])
		return 0;
	/* All the same digit passes the check but is never issued. */
	for (i = 1; i < 10 && d[i] == d[0]; i++)
		;
	return i < 10;
}

int
gd_check_ssn(const char *s, size_t n)
{
	char b[9];
	int d[9], area, group, serial, i;

	if (digits_of(s, n, b, sizeof(b)) != 9)
		return 0;
	for (i = 0; i < 9; i++)
		d[i] = b[i] - '0';
	area = d[0] * 100 + d[1] * 10 + d[2];
	group = d[3] * 10 + d[4];
	serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
	if (area == 0 || area == 666 || area >= 900 || group == 0 ||
	    serial == 0)
		return 0;
	for (i = 1; i < 9 && d[i] == d[0]; i++)
		;
	if (i == 9)
		return 0;
	/* Numbers published in advertising, never anyone's. */
	if ((area == 78 && group == 5 && serial == 1120) ||
	    (area == 123 && group == 45 && serial == 6789))
		return 0;
	return 1;
}

int
gd_check_ip(const char *s, size_t n)
{
	char b[64];
	unsigned char out[16];

	if (n == 0 || n >= sizeof(b))
		return 0;
	memcpy(b, s, n);
	b[n] = '\0';
	if (memchr(b, ':', n))
		return inet_pton(AF_INET6, b, out) == 1;
	return inet_pton(AF_INET, b, out) == 1;
}

/* The public suffix list: loaded once for the process. */
static const psl_ctx_t *psl;
static pthread_once_t psl_once = PTHREAD_ONCE_INIT;

static void
psl_init(void)
{
	psl = psl_latest(NULL);
	if (psl == NULL)
		psl = psl_builtin();
}

int
gd_check_email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n), *dot;
	char dom[256];
	size_t dl;

	if (at == NULL || at == s)
		return 0;
	dl = n - (size_t)(at + 1 - s);
	if (dl < 3 || dl >= sizeof(dom))
		return 0;
	memcpy(dom, at + 1, dl);
	dom[dl] = '\0';
	for (size_t i = 0; i < dl; i++)
		if (dom[i] >= 'A' && dom[i] <= 'Z')
			dom[i] += 'a' - 'A';
	if ((dot = strrchr(dom, '.')) == NULL || dot == dom)
		return 0;
	pthread_once(&psl_once, psl_init);
	if (psl == NULL)
		return 1;	/* no list: when in doubt, redact */
	/* The top-level domain must be a known suffix (no "*" rule).  An
	 * address at a host that is itself a public suffix (x.sch.uk under
	 * the "*.sch.uk" rule) is still somebody's address. */
	return psl_is_public_suffix2(psl, dot + 1, PSL_TYPE_ANY |
	    PSL_TYPE_NO_STAR_RULE);
}
