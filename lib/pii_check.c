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

int
gd_check_luhn(const char *s, size_t n)
{
	int sum = 0, dbl = 0, d, digits = 0;
	size_t i;

	for (i = n; i > 0; i--) {
		char c = s[i - 1];

		if (c == ' ' || c == '-')
			continue;
		if (c < '0' || c > '9')
			return 0;
		d = c - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
		digits++;
	}
	return digits >= 13 && digits <= 19 && sum % 10 == 0;
}

/* IBAN lengths by country (the SWIFT IBAN registry). */
static const struct { char cc[3]; unsigned char len; } iban_len[] = {
	{"AD",24},{"AE",23},{"AL",28},{"AT",20},{"AZ",28},{"BA",20},
	{"BE",16},{"BG",22},{"BH",22},{"BI",27},{"BR",29},{"BY",28},
	{"CH",21},{"CR",22},{"CY",28},{"CZ",24},{"DE",22},{"DJ",27},
	{"DK",18},{"DO",28},{"EE",20},{"EG",29},{"ES",24},{"FI",18},
	{"FK",18},{"FO",18},{"FR",27},{"GB",22},{"GE",22},{"GI",23},
	{"GL",18},{"GR",27},{"GT",28},{"HR",21},{"HU",28},{"IE",22},
	{"IL",23},{"IQ",23},{"IS",26},{"IT",27},{"JO",30},{"KW",30},
	{"KZ",20},{"LB",28},{"LC",32},{"LI",21},{"LT",20},{"LU",20},
	{"LV",21},{"LY",25},{"MC",27},{"MD",24},{"ME",22},{"MK",19},
	{"MN",20},{"MR",27},{"MT",31},{"MU",30},{"NI",28},{"NL",18},
	{"NO",15},{"OM",23},{"PK",24},{"PL",28},{"PS",29},{"PT",25},
	{"QA",29},{"RO",24},{"RS",22},{"RU",33},{"SA",24},{"SC",31},
	{"SD",18},{"SE",24},{"SI",19},{"SK",24},{"SM",27},{"SO",23},
	{"ST",25},{"SV",28},{"TL",23},{"TN",24},{"TR",26},{"UA",29},
	{"VA",22},{"VG",24},{"XK",20},{"YE",30},
};

int
gd_check_iban(const char *s, size_t n)
{
	char b[40];
	size_t i, k = 0, want = 0;
	unsigned rem = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' || c == '-')
			continue;
		if (k == sizeof(b))
			return 0;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
		b[k++] = c;
	}
	if (k < 15)
		return 0;
	for (i = 0; i < sizeof(iban_len) / sizeof(iban_len[0]); i++)
		if (b[0] == iban_len[i].cc[0] && b[1] == iban_len[i].cc[1])
			want = iban_len[i].len;
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
	int d[10], k = 0, sum = 0, i, check;
	size_t j;

	for (j = 0; j < n; j++) {
		if (s[j] == ' ' || s[j] == '-')
			continue;
		if (s[j] < '0' || s[j] > '9' || k == 10)
			return 0;
		d[k++] = s[j] - '0';
	}
	if (k != 10)
		return 0;
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
	int d[9], k = 0, area, group, serial, i;
	size_t j;

	for (j = 0; j < n; j++) {
		if (s[j] == ' ' || s[j] == '-')
			continue;
		if (s[j] < '0' || s[j] > '9' || k == 9)
			return 0;
		d[k++] = s[j] - '0';
	}
	if (k != 9)
		return 0;
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
