/*
 * date.h - dates and times found in exports, to ISO 8601.
 *
 * Recognised (auto): ISO 8601 and its SQL form ("2018-06-07",
 * "2018-06-07 10:01", "2018-06-07T10:01:00Z", "...+02:00", fractions of
 * seconds); "YYYY/MM/DD[ HH:MM[:SS]]"; numeric day-month-year with "/",
 * "." or "-" (month first by default, as US exports write it; day first
 * with GD_DATE_DMY, and always when the first number is over 12); the same
 * followed by a time, with optional AM/PM; a time as a pandas duration
 * ("0 days 10:50:19"); Unix time in seconds (10 digits) or milliseconds
 * (13 digits); Excel serial day numbers of five digits (10000 to 99999,
 * that is 1927 to 2173, with an optional fraction); and
 * the C library's "Tue Aug 30 17:21:58 UTC 2016" with a time-zone label
 * (UTC/GMT/Z and a table of common abbreviations).
 *
 * Output: "YYYY-MM-DD" for a date alone, "YYYY-MM-DDTHH:MM:SS" plus "Z" or
 * "+HH:MM" when the offset is known (or given as tz), without one when it
 * is not.  Unix times are UTC.
 */
#ifndef GD_DATE_H
#define GD_DATE_H

#include <stddef.h>

enum gd_date_order {
	GD_DATE_MDY = 0,	/* 6/7/2018 is June 7 */
	GD_DATE_DMY,		/* 6/7/2018 is 6 July */
	/* Strict: a value only the other order can read ("13/6/2018"
	 * month first, "6.7.2018" month first) is not read. */
	GD_DATE_MDY_ONLY,
	GD_DATE_DMY_ONLY
};

/* How a text reads as a date, as far as the day-month order goes. */
enum gd_date_reading {
	GD_READ_NONE = 0,	/* not a date gd_date_iso() reads */
	GD_READ_SAME,		/* the same date in either order (ISO, 5/5/2024) */
	GD_READ_MDY,		/* only month first reads it (6/13/2018) */
	GD_READ_DMY,		/* only day first reads it (13/6/2018, 6.7.2018) */
	GD_READ_BOTH		/* two different dates (6/7/2018) */
};

#define GD_DATE_MAX 32	/* room for the longest output, with NUL */

/*
 * Parses s (n bytes).  tz, when not NULL, is the offset for times that
 * carry none ("Z", "+01:00").  Writes the ISO 8601 text into out and
 * returns its length, or returns -1 when s is not a date that can be read
 * without guessing (out is then unspecified).
 */
int gd_date_iso(const char *s, size_t n, enum gd_date_order order,
    const char *tz, char out[GD_DATE_MAX]);

/*
 * How s reads in each order (see enum gd_date_reading): what decides the
 * order of a column whose order is not stated.
 */
enum gd_date_reading gd_date_reading(const char *s, size_t n);

#endif
