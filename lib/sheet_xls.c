/*
 * sheet_xls.c - legacy XLS (BIFF8 and earlier) sheets with libfreexl.
 *
 * libfreexl reads the whole workbook into memory when it opens it (BIFF
 * has no streaming form: the strings table and the cells are records of
 * one OLE stream), so the file is capped (GD_SHEET_MAX_XLS); an XLS sheet
 * has at most 65536 rows anyway.  Rows are then handed out one at a time
 * by asking for each cell.  libfreexl gives text in UTF-8, and dates and
 * times already as text (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, HH:MM:SS),
 * which become ISO 8601; numbers are doubles in BIFF, written in the
 * shortest form that reads back as the same double.
 */
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sheet_int.h"

struct xls {
	const void *h;
	unsigned int rows;		/* last row, 0-based */
	unsigned short cols;		/* last column, 0-based */
	unsigned int next;		/* the next row to read, 0-based */
	int empty;
};

static void
xls_free(struct gd_sheet *s)
{
	struct xls *x = s->impl;

	if (x == NULL)
		return;
	if (x->h)
		freexl_close(x->h);
	free(x);
	s->impl = NULL;
}

static int
xls_fail(struct gd_sheet *s, int rc, struct gd_error *err)
{
	switch (rc) {
	case FREEXL_INSUFFICIENT_MEMORY:
		return gd_error_nomem(err, s->path, 0);
	case FREEXL_FILE_NOT_FOUND:
		return gd_error_set(err, GD_EXIT_IO, s->path, 0, 0,
		    "cannot be opened");
	case FREEXL_BIFF_OBFUSCATED:
		return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "the workbook is protected by a password");
	default:
		return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "not a readable XLS file (damaged, or not BIFF; libfreexl "
		    "error %d)", rc);
	}
}

/* Opens the file; the number of sheets in *n. */
static int
xls_start(struct gd_sheet *s, struct xls *x, unsigned *n,
    struct gd_error *err)
{
	struct stat sb;
	int rc;

	if (stat(s->path, &sb) == -1)
		return gd_error_from_errno(err, GD_EXIT_IO, s->path, 0,
		    "cannot be opened");
	if ((unsigned long long)sb.st_size > GD_SHEET_MAX_XLS)
		return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "%llu bytes, over the cap of %lu for an XLS file (read "
		    "whole)", (unsigned long long)sb.st_size,
		    GD_SHEET_MAX_XLS);
	if ((rc = freexl_open(s->path, &x->h)) != FREEXL_OK)
		return xls_fail(s, rc, err);
	if ((rc = freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, n)) !=
	    FREEXL_OK)
		return xls_fail(s, rc, err);
	return 0;
}

int
sh_xls_list(struct gd_sheet *s, int (*fn)(void *, const char *,
    struct gd_error *), void *ctx, struct gd_error *err)
{
	struct xls *x = calloc(1, sizeof(*x));
	const char *name;
	unsigned n, i;

	if (x == NULL)
		return gd_error_nomem(err, s->path, 0);
	s->impl = x;
	s->free_impl = xls_free;
	if (xls_start(s, x, &n, err) == -1)
		return -1;
	for (i = 0; i < n && i < 65535; i++) {
		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &name)
		    != FREEXL_OK || name == NULL)
			name = "";
		if (fn(ctx, name, err) == -1)
			return -1;
	}
	return 0;
}

/* A double in the shortest form that reads back the same. */
static size_t
num_text(double d, char *buf, size_t size)
{
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return strlen(buf);
}

static int
xls_next(struct gd_sheet *s, struct gd_error *err)
{
	struct xls *x = s->impl;
	FreeXL_CellValue v;
	unsigned short c;
	char buf[64];
	const char *t;
	size_t n;
	int rc;

	if (x->empty || x->next > x->rows)
		return 0;
	sh_row_begin(s, x->next + 1);
	for (c = 0; c <= x->cols; c++) {
		if ((rc = freexl_get_cell_value(x->h, x->next, c, &v)) !=
		    FREEXL_OK)
			return xls_fail(s, rc, err);
		t = NULL;
		switch (v.type) {
		case FREEXL_CELL_INT:
			snprintf(buf, sizeof(buf), "%d", v.value.int_value);
			t = buf;
			break;
		case FREEXL_CELL_DOUBLE:
			num_text(v.value.double_value, buf, sizeof(buf));
			t = buf;
			break;
		case FREEXL_CELL_TEXT:
		case FREEXL_CELL_SST_TEXT:
		case FREEXL_CELL_DATE:
		case FREEXL_CELL_TIME:
			t = v.value.text_value;
			break;
		case FREEXL_CELL_DATETIME:
			if ((t = v.value.text_value) != NULL &&
			    strlen(t) < sizeof(buf)) {
				snprintf(buf, sizeof(buf), "%s", t);
				if (buf[10] == ' ')
					buf[10] = 'T';
				t = buf;
			}
			break;
		default:
			break;
		}
		if (t == NULL)
			continue;
		n = strlen(t);
		if (sh_cell(s, c, t, n, err) == -1)
			return -1;
	}
	s->offset = x->next;
	x->next++;
	return 1;
}

int
sh_xls_open(struct gd_sheet *s, const char *want, struct gd_error *err)
{
	struct xls *x = calloc(1, sizeof(*x));
	const char *name;
	unsigned n, i, pick = 0;
	int rc, found = 0;

	if (x == NULL)
		return gd_error_nomem(err, s->path, 0);
	s->impl = x;
	s->free_impl = xls_free;
	s->next_row = xls_next;
	if (xls_start(s, x, &n, err) == -1)
		return -1;
	if (n == 0)
		return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "the workbook has no sheet");
	for (i = 0; want && i < n && i < 65535 && !found; i++)
		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &name)
		    == FREEXL_OK && name && strcmp(name, want) == 0) {
			pick = i;
			found = 1;
		}
	for (i = 0; i < n && i < 65535 && !found; i++)
		if (sh_sheet_is(want, "", i + 1)) {
			pick = i;
			found = 1;
		}
	if (!found)
		return gd_error_set(err, GD_EXIT_USAGE, s->path, 0, 0,
		    "--sheet %s: no such sheet (%u sheets; see --list-sheets)",
		    want, n);
	if (freexl_get_worksheet_name(x->h, (unsigned short)pick, &name) !=
	    FREEXL_OK || name == NULL)
		name = "";
	if ((s->name = strdup(name)) == NULL)
		return gd_error_nomem(err, s->path, 0);
	if ((rc = freexl_select_active_worksheet(x->h, (unsigned short)pick))
	    != FREEXL_OK)
		return xls_fail(s, rc, err);
	if ((rc = freexl_worksheet_dimensions(x->h, &x->rows, &x->cols)) !=
	    FREEXL_OK)
		return xls_fail(s, rc, err);
	/* libfreexl gives the count, not the last index, whatever its
	 * header says; an empty sheet has none. */
	if (x->rows == 0 || x->cols == 0)
		x->empty = 1;
	else {
		x->rows--;
		x->cols--;
	}
	return 0;
}
