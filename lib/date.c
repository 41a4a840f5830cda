/*
 * date.c - dates and times found in exports, to ISO 8601 (see date.h).
 *
 * One pass with a cursor that never moves past the end of the input,
 * which is not NUL-terminated.  The calendar arithmetic (proleptic
 * Gregorian, days counted from 1970-01-01) is done here, so nothing
 * depends on the locale or on the process's time zone.
 *
 * Choices the header leaves open: years run from 1000 to 9999; a
 * two-digit year (numeric day-month-year forms only) is 19xx from 70 up
 * and 20xx below; 24:00 and leap seconds (:60) are refused; fractions of
 * seconds are dropped, not rounded; dates with dots ("6.7.2018") are
 * always day first; an 8-digit number is refused (more often an id than
 * a YYYYMMDD date), as are Unix times and Excel serials with a leading
 * zero; a zone label that is not in the table (but looks like one: three
 * to five capital letters) leaves the time without an offset, and tz is not
 * used then since the source did name a zone.
 */
#include <stddef.h>
#include <string.h>

#include "gd/gd.h"

#define YEAR_MIN	1000
#define YEAR_MAX	9999
#define EXCEL_MAX	2958465L	/* 9999-12-31 */
#define EXCEL_EPOCH	(-25569L)	/* 1899-12-30, in days from 1970 */
#define OFF_HOUR_MAX	18		/* largest zone offset, in hours */

/* Flags to parse_rest: what may follow a date. */
#define R_T	0x1	/* "T" and a time */
#define R_DAYS	0x2	/* a pandas duration, "N days HH:MM:SS" */

enum zone {
	Z_NONE,		/* none given: tz applies */
	Z_OFFSET,	/* off is known */
	Z_UNKNOWN	/* a label not in the table: no offset is written */
};

struct dt {
	int		 y, mo, d;
	int		 has_time;
	int		 h, mi, s;
	enum zone	 zone;
	int		 off;		/* minutes east of UTC, with Z_OFFSET */
	int		 add;		/* days to add (pandas duration) */
};

struct cur {
	const char	*p;
	const char	*e;
};

struct zone_name {
	const char	*name;
	int		 off;		/* minutes east of UTC */
};

/* Labels with one meaning (so not "CST"); lower case, matched in any. */
static const struct zone_name zone_names[] = {
	{ "wib", 7 * 60 }, { "wita", 8 * 60 }, { "wit", 9 * 60 },
	{ "cet", 60 }, { "cest", 2 * 60 },
	{ "eet", 2 * 60 }, { "eest", 3 * 60 },
	{ "wet", 0 }, { "west", 60 }, { "bst", 60 },
	{ "ist", 5 * 60 + 30 }, { "jst", 9 * 60 }, { "kst", 9 * 60 },
	{ "est", -5 * 60 }, { "edt", -4 * 60 }, { "cdt", -5 * 60 },
	{ "mst", -7 * 60 }, { "mdt", -6 * 60 },
	{ "pst", -8 * 60 }, { "pdt", -7 * 60 },
	{ "aest", 10 * 60 }, { "aedt", 11 * 60 },
	{ "nzst", 12 * 60 }, { "nzdt", 13 * 60 },
	{ "hkt", 8 * 60 }, { "sgt", 8 * 60 }
};

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const weekday_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int
is_space(int ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

static int
lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* The next byte, or -1 at the end. */
static int
peek(const struct cur *c)
{
	return c->p < c->e ? (unsigned char)*c->p : -1;
}

static int
eat(struct cur *c, int ch)
{
	if (peek(c) != ch)
		return 0;
	c->p++;
	return 1;
}

/* Skips white space; returns how much. */
static int
spaces(struct cur *c)
{
	int k = 0;

	while (c->p < c->e && is_space((unsigned char)*c->p)) {
		c->p++;
		k++;
	}
	return k;
}

/*
 * Reads minn to maxn digits that are not followed by another digit.
 * Returns how many, or 0 (cursor unchanged).
 */
static int
num(struct cur *c, int minn, int maxn, int *v)
{
	const char *p = c->p;
	int k = 0, x = 0;

	while (p < c->e && is_digit((unsigned char)*p)) {
		if (++k > maxn)
			return 0;
		x = x * 10 + (*p - '0');
		p++;
	}
	if (k < minn)
		return 0;
	c->p = p;
	*v = x;
	return k;
}

/* Reads exactly n digits, whatever follows.  Returns 1, or 0. */
static int
fixed(struct cur *c, int n, int *v)
{
	int i, x = 0;

	if (c->e - c->p < n)
		return 0;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)c->p[i]))
			return 0;
		x = x * 10 + (c->p[i] - '0');
	}
	c->p += n;
	*v = x;
	return 1;
}

/* Reads a run of letters; returns its length (0: none). */
static size_t
word(struct cur *c, const char **w)
{
	const char *p = c->p;

	while (p < c->e && is_alpha((unsigned char)*p))
		p++;
	*w = c->p;
	c->p = p;
	return (size_t)(p - *w);
}

/* 1 when w (n bytes) is lit (lower case), ignoring case. */
static int
word_is(const char *w, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lit[i] == '\0' || lower((unsigned char)w[i]) != lit[i])
			return 0;
	return lit[n] == '\0';
}

/* 1 when w is the first three letters of full, or all of it. */
static int
name_is(const char *w, size_t n, const char *full)
{
	size_t i;

	if (n < 3)
		return 0;
	for (i = 0; i < n; i++)
		if (full[i] == '\0' || lower((unsigned char)w[i]) != full[i])
			return 0;
	return n == 3 || full[n] == '\0';
}

/* The month (1-12) named by w, or 0. */
static int
month_of(const char *w, size_t n)
{
	int i;

	for (i = 0; i < 12; i++)
		if (name_is(w, n, month_names[i]))
			return i + 1;
	if (word_is(w, n, "sept"))
		return 9;
	return 0;
}

static int
is_weekday(const char *w, size_t n)
{
	int i;

	for (i = 0; i < 7; i++)
		if (name_is(w, n, weekday_names[i]))
			return 1;
	return 0;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int mo)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return mo == 2 && is_leap(y) ? 29 : mdays[mo - 1];
}

/* Days from 1970-01-01 to y-mo-d (H. Hinnant's days_from_civil). */
static long
days_from_civil(int y, int mo, int d)
{
	long era, yoe, doy, doe, yy;

	yy = mo <= 2 ? y - 1 : y;
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153L * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(long z, int *y, int *mo, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*mo <= 2));
}

/* Checks and stores a date.  Returns 1, or 0 when it does not exist. */
static int
set_date(struct dt *t, int y, int mo, int d)
{
	if (y < YEAR_MIN || y > YEAR_MAX || mo < 1 || mo > 12 || d < 1 ||
	    d > month_days(y, mo))
		return 0;
	t->y = y;
	t->mo = mo;
	t->d = d;
	return 1;
}

/* Stores the date that is days after 1970-01-01.  Returns 1, or 0. */
static int
set_days(struct dt *t, long days)
{
	int y, mo, d;

	civil_from_days(days, &y, &mo, &d);
	return set_date(t, y, mo, d);
}

/*
 * "H[H]:MM[:SS[.fff]]", then (when ampm) an optional "AM" or "PM" in either
 * case.  Returns 1, or 0 (cursor and t unchanged).
 */
static int
parse_time(struct cur *c, struct dt *t, int ampm)
{
	struct cur k = *c, a;
	const char *w;
	size_t wl;
	int h, mi, s = 0, ch;

	if (!num(&k, 1, 2, &h) || !eat(&k, ':') || !num(&k, 2, 2, &mi))
		return 0;
	if (eat(&k, ':')) {
		if (!num(&k, 2, 2, &s))
			return 0;
		ch = peek(&k);
		if ((ch == '.' || ch == ',') && k.e - k.p > 1 &&
		    is_digit((unsigned char)k.p[1])) {
			k.p++;
			while (is_digit(peek(&k)))
				k.p++;
		}
	}
	if (ampm) {
		a = k;
		spaces(&a);
		wl = word(&a, &w);
		if (wl == 2 && (word_is(w, wl, "am") || word_is(w, wl, "pm"))) {
			if (h < 1 || h > 12)
				return 0;
			h = h % 12 + (lower((unsigned char)w[0]) == 'p' ? 12 : 0);
			k = a;
		}
	}
	if (h > 23 || mi > 59 || s > 59)
		return 0;
	t->has_time = 1;
	t->h = h;
	t->mi = mi;
	t->s = s;
	*c = k;
	return 1;
}

/*
 * A zone offset: "+HH", "+HHMM", "+HH:MM" or the same with "-"; "+H" too
 * when short.  Returns 1 and the minutes east of UTC, or 0.
 */
static int
parse_offset(struct cur *c, int shortok, int *off)
{
	struct cur k = *c;
	int sign, h, m = 0;

	if (eat(&k, '+'))
		sign = 1;
	else if (eat(&k, '-'))
		sign = -1;
	else
		return 0;
	if (fixed(&k, 2, &h)) {
		if (eat(&k, ':')) {
			if (!fixed(&k, 2, &m))
				return 0;
		} else
			(void)fixed(&k, 2, &m);
	} else if (!shortok || !num(&k, 1, 1, &h))
		return 0;
	if (is_digit(peek(&k)) || h > OFF_HOUR_MAX || m > 59)
		return 0;
	*off = sign * (h * 60 + m);
	*c = k;
	return 1;
}

/*
 * An optional zone after a time, after optional white space: an offset,
 * "Z", "UTC" or "GMT" (optionally followed by an offset), a label from the
 * table, or three to five capital letters (a label not in the table).
 * Returns 1, or 0 when there is none (cursor and t unchanged).
 */
static int
parse_zone(struct cur *c, struct dt *t)
{
	struct cur k = *c;
	const char *w;
	size_t wl, i;
	int off, known = 0;

	spaces(&k);
	if (parse_offset(&k, 0, &off)) {
		known = 1;
	} else if ((wl = word(&k, &w)) == 0) {
		return 0;
	} else if (word_is(w, wl, "utc") || word_is(w, wl, "gmt") ||
	    word_is(w, wl, "ut") || word_is(w, wl, "z")) {
		known = 1;
		off = 0;
		if ((peek(&k) == '+' || peek(&k) == '-') &&
		    !parse_offset(&k, 1, &off))
			return 0;
	} else {
		for (i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++)
			if (word_is(w, wl, zone_names[i].name)) {
				known = 1;
				off = zone_names[i].off;
				break;
			}
		if (!known) {
			if (wl < 3 || wl > 5)
				return 0;
			for (i = 0; i < wl; i++)
				if (w[i] < 'A' || w[i] > 'Z')
					return 0;
		}
	}
	if (known) {
		t->zone = Z_OFFSET;
		t->off = off;
	} else
		t->zone = Z_UNKNOWN;
	*c = k;
	return 1;
}

/* "day" or "days". */
static int
days_word(struct cur *c)
{
	struct cur k = *c;
	const char *w;
	size_t wl;

	wl = word(&k, &w);
	if (!word_is(w, wl, "days") && !word_is(w, wl, "day"))
		return 0;
	*c = k;
	return 1;
}

/*
 * What may follow a date: nothing; with R_T, "T" and a time and zone;
 * with R_DAYS, a pandas duration; else white space (or a comma) and a time
 * with optional AM/PM and zone.  Returns 1, or 0.
 */
static int
parse_rest(struct cur *c, struct dt *t, int flags)
{
	struct cur k;
	int nd;

	if (c->p == c->e)
		return 1;
	if ((flags & R_T) && (peek(c) == 'T' || peek(c) == 't')) {
		c->p++;
		if (!parse_time(c, t, 1))
			return 0;
		(void)parse_zone(c, t);
		return 1;
	}
	if (flags & R_DAYS) {
		k = *c;
		/* Up to 99999 days; set_days refuses years past 9999. */
		if (spaces(&k) && num(&k, 1, 5, &nd) && spaces(&k) &&
		    days_word(&k) && spaces(&k) && parse_time(&k, t, 0)) {
			t->add = nd;
			*c = k;
			return 1;
		}
	}
	(void)eat(c, ',');
	if (!spaces(c) || !parse_time(c, t, 1))
		return 0;
	(void)parse_zone(c, t);
	return 1;
}

/* "YYYY-MM-DD..." and "YYYY/MM/DD...". */
static int
parse_ymd(struct cur *c, struct dt *t)
{
	int y, mo, d, sep;

	if (!num(c, 4, 4, &y))
		return 0;
	sep = peek(c);
	c->p++;
	if (!num(c, 1, 2, &mo) || !eat(c, sep) || !num(c, 1, 2, &d) ||
	    !set_date(t, y, mo, d))
		return 0;
	if (!parse_rest(c, t, sep == '-' ? R_T | R_DAYS : 0))
		return 0;
	if (t->add != 0)
		return set_days(t, days_from_civil(t->y, t->mo, t->d) + t->add);
	return 1;
}

/* "6/7/2018", "06-07-18", "6.7.2018" and a time. */
static int
parse_numeric(struct cur *c, struct dt *t, enum gd_date_order order)
{
	int a, b, y, yk, sep, dmy;

	if (!num(c, 1, 2, &a))
		return 0;
	sep = peek(c);
	c->p++;
	if (!num(c, 1, 2, &b) || !eat(c, sep))
		return 0;
	yk = num(c, 2, 4, &y);
	if (yk != 2 && yk != 4)
		return 0;
	if (yk == 2)
		y += y >= 70 ? 1900 : 2000;
	if (sep == '.' || a > 12) {
		if (order == GD_DATE_MDY_ONLY || (a > 12 && b > 12))
			return 0;
		dmy = 1;
	} else if (b > 12) {
		if (order == GD_DATE_DMY_ONLY)
			return 0;
		dmy = 0;
	} else
		dmy = order == GD_DATE_DMY || order == GD_DATE_DMY_ONLY;
	if (!set_date(t, y, dmy ? b : a, dmy ? a : b))
		return 0;
	return parse_rest(c, t, 0);
}

/* A month name, with an optional dot after an abbreviation. */
static int
parse_month(struct cur *c, int *mo)
{
	const char *w;
	size_t wl;

	wl = word(c, &w);
	if ((*mo = month_of(w, wl)) == 0)
		return 0;
	if (wl <= 4)
		(void)eat(c, '.');
	return 1;
}

/*
 * Forms with a month name, after an optional weekday name:
 * "Aug 30 17:21:58 WIB 2016", "Aug 30 2016 17:21:58 GMT+0700",
 * "August 30, 2016[ time]", "30 Aug 2016[ time]".
 */
static int
parse_text(struct cur *c, struct dt *t)
{
	struct cur k = *c;
	const char *w;
	size_t wl;
	int y, mo, d, comma;

	wl = word(&k, &w);
	if (wl > 0 && is_weekday(w, wl)) {
		comma = eat(&k, ',');
		if (!spaces(&k) && !comma)
			return 0;
		*c = k;
	}
	if (is_alpha(peek(c))) {
		if (!parse_month(c, &mo) || !spaces(c) || !num(c, 1, 2, &d))
			return 0;
		comma = eat(c, ',');
		if (!spaces(c))
			return 0;
		if (num(c, 4, 4, &y))
			return set_date(t, y, mo, d) && parse_rest(c, t, 0);
		if (comma || !parse_time(c, t, 1))
			return 0;
		(void)parse_zone(c, t);
		if (!spaces(c) || !num(c, 4, 4, &y))
			return 0;
		return set_date(t, y, mo, d);
	}
	if (!num(c, 1, 2, &d) || !spaces(c) || !parse_month(c, &mo) ||
	    !spaces(c) || !num(c, 4, 4, &y))
		return 0;
	return set_date(t, y, mo, d) && parse_rest(c, t, 0);
}

/*
 * The whole of [p, e) is a number: 10 digits (Unix seconds), 13 digits
 * (Unix milliseconds), or 5 digits with an optional fraction (an Excel
 * serial day).  No leading zero.  Returns 1, or 0.
 */
static int
parse_number(const char *p, const char *e, struct dt *t)
{
	const char *q, *f;
	long long v = 0, fnum, den;
	long days;
	int ni, nf;

	for (q = p; q < e && is_digit((unsigned char)*q); q++)
		continue;
	ni = (int)(q - p);
	if (*p == '0' || ni > 13)
		return 0;
	for (q = p; q < e && is_digit((unsigned char)*q); q++)
		v = v * 10 + (*q - '0');
	if (q == e && (ni == 10 || ni == 13)) {
		if (ni == 13)
			v /= 1000;
		t->has_time = 1;
		t->h = (int)(v % 86400 / 3600);
		t->mi = (int)(v % 3600 / 60);
		t->s = (int)(v % 60);
		t->zone = Z_OFFSET;
		t->off = 0;
		return set_days(t, (long)(v / 86400));
	}
	/* Five digits only (1927 to 2173): a shorter number is more
	 * likely a year or a count than a date. */
	if (ni != 5 || v > EXCEL_MAX)
		return 0;
	days = (long)v + EXCEL_EPOCH;
	if (q < e) {
		/* The fraction, to the nearest second: 12 digits suffice. */
		fnum = 0;
		den = 1;
		nf = 0;
		for (f = q + 1; f < e; f++, nf++)
			if (nf < 12) {
				fnum = fnum * 10 + (*f - '0');
				den *= 10;
			}
		v = (fnum * 86400 * 2 + den) / (den * 2);
		if (v == 86400) {
			v = 0;
			days++;
		}
		t->has_time = 1;
		t->h = (int)(v / 3600);
		t->mi = (int)(v % 3600 / 60);
		t->s = (int)(v % 60);
	}
	return set_days(t, days);
}

/* 1 when [p, e) is digits with an optional "." and more digits. */
static int
is_number(const char *p, const char *e)
{
	const char *q = p;

	while (q < e && is_digit((unsigned char)*q))
		q++;
	if (q == e)
		return 1;
	if (*q != '.' || ++q == e)
		return 0;
	while (q < e && is_digit((unsigned char)*q))
		q++;
	return q == e;
}

static char *
put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
	return o + 2;
}

/* Writes t as ISO 8601; returns the length, or -1 when tz is too long. */
static int
format(const struct dt *t, const char *tz, char *out)
{
	char *o = out;
	size_t room, len;
	int off;

	o = put2(o, t->y / 100);
	o = put2(o, t->y % 100);
	*o++ = '-';
	o = put2(o, t->mo);
	*o++ = '-';
	o = put2(o, t->d);
	if (t->has_time) {
		*o++ = 'T';
		o = put2(o, t->h);
		*o++ = ':';
		o = put2(o, t->mi);
		*o++ = ':';
		o = put2(o, t->s);
		if (t->zone == Z_OFFSET && t->off == 0)
			*o++ = 'Z';
		else if (t->zone == Z_OFFSET) {
			off = t->off;
			*o++ = off < 0 ? '-' : '+';
			if (off < 0)
				off = -off;
			o = put2(o, off / 60);
			*o++ = ':';
			o = put2(o, off % 60);
		} else if (t->zone == Z_NONE && tz != NULL) {
			room = GD_DATE_MAX - 1 - (size_t)(o - out);
			for (len = 0; len < room && tz[len] != '\0'; len++)
				continue;
			if (tz[len] != '\0')
				return -1;
			memcpy(o, tz, len);
			o += len;
		}
	}
	*o = '\0';
	return (int)(o - out);
}

int
gd_date_iso(const char *s, size_t n, enum gd_date_order order,
    const char *tz, char out[GD_DATE_MAX])
{
	struct cur c;
	struct dt t;
	const char *p = s, *e = s + n, *q;
	int ok;

	if (s == NULL)
		return -1;
	while (p < e && is_space((unsigned char)*p))
		p++;
	while (e > p && is_space((unsigned char)e[-1]))
		e--;
	if (p == e)
		return -1;
	memset(&t, 0, sizeof(t));
	c.p = p;
	c.e = e;
	if (is_digit((unsigned char)*p)) {
		for (q = p; q < e && is_digit((unsigned char)*q); q++)
			continue;
		if (is_number(p, e)) {
			ok = parse_number(p, e, &t);
			c.p = e;
		} else if (q - p == 4 && (*q == '-' || *q == '/'))
			ok = parse_ymd(&c, &t);
		else if (q - p <= 2 && (*q == '/' || *q == '-' || *q == '.'))
			ok = parse_numeric(&c, &t, order);
		else if (q - p <= 2 && is_space((unsigned char)*q))
			ok = parse_text(&c, &t);
		else
			ok = 0;
	} else if (is_alpha((unsigned char)*p))
		ok = parse_text(&c, &t);
	else
		ok = 0;
	if (!ok || c.p != c.e)
		return -1;
	return format(&t, tz, out);
}

enum gd_date_reading
gd_date_reading(const char *s, size_t n)
{
	char m[GD_DATE_MAX], d[GD_DATE_MAX];
	int rm, rd;

	rm = gd_date_iso(s, n, GD_DATE_MDY_ONLY, NULL, m);
	rd = gd_date_iso(s, n, GD_DATE_DMY_ONLY, NULL, d);
	if (rm < 0 && rd < 0)
		return GD_READ_NONE;
	if (rm < 0)
		return GD_READ_DMY;
	if (rd < 0)
		return GD_READ_MDY;
	return rm == rd && memcmp(m, d, (size_t)rm) == 0 ? GD_READ_SAME :
	    GD_READ_BOTH;
}
