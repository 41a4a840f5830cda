/*
 * i18n.c - the language of the report's own words (include/gd/i18n.h):
 * GNU gettext's catalogues, and numbers and dates by the catalogue's own
 * conventions.
 *
 * gettext picks a catalogue from the LANGUAGE variable, which it reads
 * only when the messages' locale is not "C".  gd sets that locale to
 * C.UTF-8 (in the C library since glibc 2.35: no locale needs to be
 * installed) and LANGUAGE to the language asked for, and nothing else:
 * the user's own locale never changes a byte of the output.
 */
#include <ctype.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/i18n.h"
#include "gd/banned.h"

#ifndef GD_LOCALEDIR
#define GD_LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "gd"

static char lang_tag[36] = "en";
static int translating;

int
gd_i18n_valid(const char *tag)
{
	size_t i = 0, run;

	if (strlen(tag) > 35)
		return 0;
	while (isalpha((unsigned char)tag[i]))
		i++;
	if (i < 2 || i > 3)
		return 0;
	/* Each '-' opens a subtag of 1 to 8 letters or digits. */
	while (tag[i] == '-') {
		for (run = 0, i++; isalnum((unsigned char)tag[i]); i++)
			run++;
		if (run < 1 || run > 8)
			return 0;
	}
	return tag[i] == '\0';
}

int
gd_i18n_set(const char *lang, const char *localedir, struct gd_error *err)
{
	char name[36];
	const char *head, *region;
	size_t i, plen;

	if (!gd_i18n_valid(lang))
		return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
		    "'%s' is not a language tag (as \"es\" or \"fr-BE\")",
		    lang);
	/* The tag as BCP 47 writes it: language lower case, region upper. */
	plen = strcspn(lang, "-");
	for (i = 0; lang[i]; i++)
		lang_tag[i] = (char)(i < plen ? tolower((unsigned char)lang[i]) :
		    lang[i]);
	lang_tag[i] = '\0';
	region = lang[plen] ? lang + plen + 1 : "";
	if (strlen(region) == 2 || (strlen(region) >= 2 &&
	    region[2] == '-')) {
		lang_tag[plen + 1] = (char)toupper((unsigned char)region[0]);
		lang_tag[plen + 2] = (char)toupper((unsigned char)region[1]);
	}
	translating = 0;
	if (plen == 2 && strncmp(lang_tag, "en", 2) == 0)
		return 0;
	/* gettext's name: "pt_BR", or the language alone. */
	if (lang_tag[plen] == '-' && (lang_tag[plen + 3] == '\0' ||
	    lang_tag[plen + 3] == '-') && isalpha((unsigned char)
	    lang_tag[plen + 1]))
		snprintf(name, sizeof(name), "%.*s_%.2s", (int)plen, lang_tag,
		    lang_tag + plen + 1);
	else
		snprintf(name, sizeof(name), "%.*s", (int)plen, lang_tag);
	if ((setlocale(LC_MESSAGES, "C.UTF-8") == NULL &&
	    setlocale(LC_MESSAGES, "C.utf8") == NULL) ||
	    setenv("LANGUAGE", name, 1) == -1 ||
	    bindtextdomain(DOMAIN, localedir ? localedir : GD_LOCALEDIR) ==
	    NULL || bind_textdomain_codeset(DOMAIN, "UTF-8") == NULL)
		goto none;
	/* The C library's own messages (strerror) stay in English, as
	 * every diagnostic of gd does: its catalogue is looked for where
	 * there is none. */
	(void)bindtextdomain("libc", "/nonexistent");
	/* A new LANGUAGE is read again once the domain is set again. */
	(void)textdomain(textdomain(NULL));
	/* A catalogue's header is the translation of "". */
	head = dgettext(DOMAIN, "");
	if (head == NULL || *head == '\0')
		goto none;
	translating = 1;
	return 0;
none:
	snprintf(lang_tag, sizeof(lang_tag), "en");
	return 1;
}

const char *
gd_i18n_lang(void)
{
	return lang_tag;
}

const char *
gd_tr(const char *msgid)
{
	return translating ? dgettext(DOMAIN, msgid) : msgid;
}

const char *
gd_ntr(const char *one, const char *many, unsigned long n)
{
	if (translating)
		return dngettext(DOMAIN, one, many, n);
	return n == 1 ? one : many;
}

const char *
gd_ptr(const char *ctx, const char *msgid)
{
	char key[512];
	const char *t;

	if (!translating || (size_t)snprintf(key, sizeof(key), "%s%c%s", ctx,
	    4, msgid) >= sizeof(key))
		return msgid;
	/* gettext gives back its argument when there is no translation. */
	t = dgettext(DOMAIN, key);
	return t == key ? msgid : t;
}

/*
 * src, a number as printf writes it in the C locale, into dst with the
 * language's separators: the whole part grouped by three when it has at
 * least as many digits as the catalogue says.
 */
static char *
localise(char *dst, size_t n, const char *src)
{
	const char *dec = C_("decimal separator", ".");
	const char *grp = C_("thousands separator", ",");
	/* TRANSLATORS: the fewest digits a whole number must have for its
	 * thousands to be separated: "4" writes 1,234; "5" writes 1234 but
	 * 12,345. */
	const char *min = C_("digits before grouping", "4");
	const char *s = src;
	size_t len = 0, digits, i;
	int need = min[0] >= '1' && min[0] <= '9' ? min[0] - '0' : 4;

#define PUT(str, k) do { size_t k_ = (k); \
	if (len + k_ < n) { memcpy(dst + len, (str), k_); len += k_; } \
	} while (0)
	if (n == 0)
		return dst;
	if (*s == '-' || *s == '+') {
		PUT(s, 1);
		s++;
	}
	for (digits = 0; isdigit((unsigned char)s[digits]); digits++)
		;
	for (i = 0; i < digits; i++) {
		if (i > 0 && (digits - i) % 3 == 0 && digits >= (size_t)need)
			PUT(grp, strlen(grp));
		PUT(s + i, 1);
	}
	for (s += digits; *s; s++)
		if (*s == '.')
			PUT(dec, strlen(dec));
		else
			PUT(s, 1);
#undef PUT
	dst[len] = '\0';
	return dst;
}

char *
gd_i18n_num(char *dst, size_t n, double v, int places, int flags)
{
	char tmp[64];

	if (places < 0)
		places = 0;
	if (places > 17)
		places = 17;
	if (flags & GD_NUM_SIG)
		snprintf(tmp, sizeof(tmp), flags & GD_NUM_SIGN ? "%+.*g" :
		    "%.*g", places ? places : 1, v);
	else
		snprintf(tmp, sizeof(tmp), flags & GD_NUM_SIGN ? "%+.*f" :
		    "%.*f", places, v);
	/* Zero has no sign ("-0" or "+0.0" round to nothing). */
	if ((tmp[0] == '-' || tmp[0] == '+') && strspn(tmp + 1, "0.") ==
	    strlen(tmp + 1))
		memmove(tmp, tmp + 1, strlen(tmp));
	return localise(dst, n, tmp);
}

char *
gd_i18n_int(char *dst, size_t n, long long v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", v);
	return localise(dst, n, tmp);
}

char *
gd_i18n_pct(char *dst, size_t n, double pct, int places)
{
	char num[64];

	gd_i18n_num(num, sizeof(num), pct, places, 0);
	/* TRANSLATORS: a percentage; %s is the number ("57.1"). */
	snprintf(dst, n, C_("percent", "%s%%"), num);
	return dst;
}

static const char *const months[12] = {
	NC_("month", "January"), NC_("month", "February"),
	NC_("month", "March"), NC_("month", "April"), NC_("month", "May"),
	NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
	NC_("month", "September"), NC_("month", "October"),
	NC_("month", "November"), NC_("month", "December")
};

/* n digits of s as a number, or -1. */
static int
digits_at(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

char *
gd_i18n_date(char *dst, size_t n, const char *iso)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	char date[96], zone[16] = "";
	const char *s = iso;
	int y, m, d, hh = -1, mm = 0;

	/* Each test reads a byte only after those before it were digits
	 * or separators, never past the end of iso. */
	y = digits_at(s, 4);
	m = y >= 0 && s[4] == '-' ? digits_at(s + 5, 2) : -1;
	d = m > 0 && s[7] == '-' ? digits_at(s + 8, 2) : -1;
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		goto copy;
	s += 10;
	if (*s == 'T' || *s == ' ') {
		hh = digits_at(s + 1, 2);
		mm = hh >= 0 && s[3] == ':' ? digits_at(s + 4, 2) : -1;
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
			goto copy;
		s += 6;
		if (*s == ':') {	/* seconds, and a fraction: not shown */
			if (digits_at(s + 1, 2) < 0)
				goto copy;
			s += 3;
			if (*s == '.' || *s == ',')
				for (s++; isdigit((unsigned char)*s); s++)
					;
		}
		if (*s == 'Z' && s[1] == '\0')
			snprintf(zone, sizeof(zone), " UTC");
		else if ((*s == '+' || *s == '-') && digits_at(s + 1, 2) >= 0 &&
		    ((s[3] == ':' && digits_at(s + 4, 2) >= 0 && s[6] == '\0') ||
		    (digits_at(s + 3, 2) >= 0 && s[5] == '\0'))) {
			if (strcmp(s + 1, "00:00") == 0 || strcmp(s + 1, "0000") ==
			    0)
				snprintf(zone, sizeof(zone), " UTC");
			else
				snprintf(zone, sizeof(zone), " UTC%c%.2s:%.2s", *s,
				    s + 1, s + (s[3] == ':' ? 4 : 3));
		} else if (*s != '\0')
			goto copy;
	} else if (*s != '\0')
		goto copy;
	/* TRANSLATORS: a date: %1$d the day, %2$s the month's name (as
	 * translated in the context "month"), %3$d the year. */
	snprintf(date, sizeof(date), C_("date", "%1$d %2$s %3$d"), d,
	    C_("month", months[m - 1]), y);
	if (hh < 0) {
		snprintf(dst, n, "%s", date);
		return dst;
	}
	{
		char t[32];

		snprintf(t, sizeof(t), "%02d:%02d%s", hh, mm, zone);
		/* TRANSLATORS: a date (%1$s) and a time of day (%2$s,
		 * "10:22 UTC"). */
		snprintf(dst, n, C_("date and time", "%1$s, %2$s"), date, t);
	}
	return dst;
copy:
	snprintf(dst, n, "%s", iso);
	return dst;
}
