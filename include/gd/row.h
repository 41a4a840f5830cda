/*
 * row.h - one input row, whatever the format it came from.
 *
 * A CSV row and a JSON object both become a list of named fields, so a
 * mapping applies to both the same way.  Every text is UTF-8 and is owned
 * by the reader that produced the row (valid until its next call).
 */
#ifndef GD_ROW_H
#define GD_ROW_H

#include <stddef.h>

struct gd_str {
	const char *s;		/* not necessarily NUL-terminated */
	size_t len;
};

struct gd_field {
	struct gd_str name;
	struct gd_str val;	/* the value when nitems == 0 */
	size_t nitems;		/* > 0: a list of values (multi-select) */
	const struct gd_str *items;
};

struct gd_row {
	size_t n;			/* fields present */
	const struct gd_field *f;
	const char *file;		/* source name */
	unsigned long line;		/* first physical line, 1-based */
	unsigned long row;		/* data row number, 1-based */
};

#endif
