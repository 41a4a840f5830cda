/*
 * sheet_ods.c - OpenDocument spreadsheet (ODS) sheets, row by row.
 *
 * Every sheet is a table:table of content.xml, which expat parses as
 * libzip decompresses it, suspended at the end of each row of the sheet
 * asked for (the others are parsed past).  A cell's value is its
 * office:value (numbers as stored), office:date-value (already ISO 8601),
 * office:time-value (PT10H30M00S: 10:30:00) or office:boolean-value
 * (TRUE, FALSE) when its type says so, else its text: paragraphs joined
 * with line breaks, text:s as its spaces, text:tab and text:line-break as
 * theirs, annotations left out.  Repeated cells and rows
 * (number-columns-repeated, number-rows-repeated) are repeated only when
 * they hold a value: the empty rows and columns that fill a sheet to its
 * last row and column (a million of them) cost nothing.  A spanned cell
 * is a merge (gd_sheet_header_mode()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_int.h"

#define CHUNK (64 * 1024)
#define MAX_NAMES 4096

struct ods {
	zip_t *z;
	struct sh_member m;
	XML_Parser p;
	int suspended, done, ready;
	unsigned long repeat;		/* times the row is handed out */
	const char *want;
	int (*list)(void *, const char *, struct gd_error *);
	void *list_ctx;
	struct gd_buf names;		/* the sheets seen, for messages */
};

struct ox {
	struct sh_xml x;
	struct gd_sheet *s;
	struct ods *o;
	struct gd_error *err;
	unsigned long k;		/* tables met */
	int active, found, depth;
	unsigned long row, rrepeat;
	size_t col;
	/* The cell. */
	int in_cell, fixed, in_p, paras, annot, over;
	unsigned long crepeat;
	struct gd_buf cell;
};

static unsigned long
num_attr(const char **atts, const char *name, unsigned long dflt,
    unsigned long max)
{
	const char *v = sh_attr(atts, name);
	unsigned long n = 0;

	if (v == NULL || *v < '0' || *v > '9')
		return dflt;
	for (; *v >= '0' && *v <= '9'; v++)
		if ((n = n * 10 + (unsigned long)(*v - '0')) > max)
			return max;
	return n > 0 ? n : dflt;
}

static void
ox_fatal(struct ox *c)
{
	c->x.stop = 1;
	XML_StopParser(c->x.p, XML_FALSE);
}

static void
add(struct ox *c, const char *p, size_t n)
{
	if (sh_buf_add(&c->cell, c->s->max_field + 1, p, n, &c->over) == -1) {
		gd_error_nomem(c->err, c->s->path, 0);
		ox_fatal(c);
	}
}

/* PT10H30M00.5S as 10:30:01; anything else as written. */
static void
time_value(struct ox *c, const char *v)
{
	double h = 0, m = 0, sec = 0, x;
	char *end, buf[40];
	const char *p = v;
	long t;

	if (strncmp(p, "PT", 2) != 0)
		goto raw;
	for (p += 2; *p;) {
		x = strtod(p, &end);
		if (end == p)
			goto raw;
		if (*end == 'H')
			h = x;
		else if (*end == 'M')
			m = x;
		else if (*end == 'S')
			sec = x;
		else
			goto raw;
		p = end + 1;
	}
	t = (long)(h * 3600 + m * 60 + sec + 0.5);
	if (t < 0 || t > 9999L * 3600)
		goto raw;
	snprintf(buf, sizeof(buf), "%02ld:%02ld:%02ld", t / 3600, t / 60 % 60,
	    t % 60);
	add(c, buf, strlen(buf));
	return;
raw:
	add(c, v, strlen(v));
}

static void
cell_start(struct ox *c, const char **atts, int covered)
{
	const char *t, *v = NULL;
	unsigned long cs, rs;

	c->in_cell = 1;
	c->fixed = covered;
	c->paras = 0;
	c->over = 0;
	gd_buf_reset(&c->cell);
	c->crepeat = num_attr(atts, "number-columns-repeated", 1,
	    GD_SHEET_MAX_COLS + 1);
	if (!covered && (cs = num_attr(atts, "number-columns-spanned", 1,
	    GD_SHEET_MAX_COLS)) + (rs = num_attr(atts,
	    "number-rows-spanned", 1, GD_SHEET_MAX_ROWS)) > 2 &&
	    sh_merge_add(c->s, c->row, c->col + 1, c->row + rs - 1, c->col + cs,
	    c->err) == -1) {
		ox_fatal(c);
		return;
	}
	if (covered || (t = sh_attr(atts, "value-type")) == NULL)
		return;
	if (strcmp(t, "float") == 0 || strcmp(t, "percentage") == 0 ||
	    strcmp(t, "currency") == 0)
		v = sh_attr(atts, "value");
	else if (strcmp(t, "date") == 0)
		v = sh_attr(atts, "date-value");
	else if (strcmp(t, "boolean") == 0) {
		v = sh_attr(atts, "boolean-value");
		if (v)
			v = strcmp(v, "true") == 0 ? "TRUE" : "FALSE";
	} else if (strcmp(t, "time") == 0 && (v = sh_attr(atts,
	    "time-value")) != NULL) {
		c->fixed = 1;
		time_value(c, v);
		return;
	}
	if (v) {
		c->fixed = 1;
		add(c, v, strlen(v));
	}
}

static void
cell_end(struct ox *c)
{
	unsigned long i;

	c->in_cell = 0;
	if (c->over) {
		sh_row_reject(c->s, c->col, "a value over %zu bytes "
		    "(--max-field)", c->s->max_field);
	} else if (c->cell.len > 0) {
		for (i = 0; i < c->crepeat; i++) {
			if (c->col + i >= GD_SHEET_MAX_COLS) {
				sh_row_reject(c->s, (size_t)-1, "a value past "
				    "column %lu (XFD)", GD_SHEET_MAX_COLS);
				break;
			}
			if (sh_cell(c->s, c->col + i, c->cell.data,
			    c->cell.len, c->err) == -1) {
				ox_fatal(c);
				return;
			}
		}
	}
	c->col += c->crepeat;
	if (c->col > GD_SHEET_MAX_COLS)
		c->col = GD_SHEET_MAX_COLS;
}

static void XMLCALL
ox_start(void *ud, const char *el, const char **atts)
{
	struct ox *c = ud;
	struct ods *o = c->o;
	const char *l = sh_local(el), *v;
	unsigned long n;

	if (strcmp(l, "table") == 0) {
		if (c->active) {
			c->depth++;
			return;
		}
		c->k++;
		v = sh_attr(atts, "name");
		if (v == NULL)
			v = "";
		if (o->list) {
			if (o->list(o->list_ctx, v, c->err) == -1)
				ox_fatal(c);
			return;
		}
		if (o->names.len < 300 && ((o->names.len > 0 &&
		    gd_buf_adds(&o->names, ", ") == -1) ||
		    gd_buf_adds(&o->names, v) == -1)) {
			gd_error_nomem(c->err, c->s->path, 0);
			ox_fatal(c);
			return;
		}
		if (!c->found && sh_sheet_is(o->want, v, c->k)) {
			c->found = c->active = 1;
			if ((c->s->name = strdup(v)) == NULL) {
				gd_error_nomem(c->err, c->s->path, 0);
				ox_fatal(c);
			}
		}
		return;
	}
	if (!c->active || c->depth > 0)
		return;
	if (strcmp(l, "table-row") == 0) {
		c->rrepeat = num_attr(atts, "number-rows-repeated", 1,
		    GD_SHEET_MAX_ROWS + 1);
		c->row++;
		if (c->row > GD_SHEET_MAX_ROWS)
			c->row = GD_SHEET_MAX_ROWS + 1;
		sh_row_begin(c->s, c->row);
		c->col = 0;
	} else if (strcmp(l, "table-cell") == 0) {
		cell_start(c, atts, 0);
	} else if (strcmp(l, "covered-table-cell") == 0) {
		cell_start(c, atts, 1);
	} else if (!c->in_cell || c->fixed) {
		return;
	} else if (strcmp(l, "annotation") == 0) {
		c->annot++;
	} else if (c->annot > 0) {
		return;
	} else if (strcmp(l, "p") == 0 || strcmp(l, "h") == 0) {
		if (c->paras++ > 0)
			add(c, "\n", 1);
		c->in_p = 1;
	} else if (strcmp(l, "s") == 0) {
		for (n = num_attr(atts, "c", 1, c->s->max_field + 1); n > 0 &&
		    !c->over && !c->x.stop; n--)
			add(c, " ", 1);
	} else if (strcmp(l, "tab") == 0) {
		add(c, "\t", 1);
	} else if (strcmp(l, "line-break") == 0) {
		add(c, "\n", 1);
	}
}

static void XMLCALL
ox_text(void *ud, const char *p, int n)
{
	struct ox *c = ud;

	if (c->in_cell && !c->fixed && c->in_p && c->annot == 0)
		add(c, p, (size_t)n);
}

static void XMLCALL
ox_end(void *ud, const char *el)
{
	struct ox *c = ud;
	struct ods *o = c->o;
	const char *l = sh_local(el);

	if (!c->active)
		return;
	if (strcmp(l, "table") == 0) {
		if (c->depth > 0) {
			c->depth--;
			return;
		}
		o->done = 1;
		XML_StopParser(c->x.p, XML_FALSE);
		return;
	}
	if (c->depth > 0)
		return;
	if (strcmp(l, "table-cell") == 0 || strcmp(l, "covered-table-cell") ==
	    0) {
		if (c->in_cell)
			cell_end(c);
	} else if (strcmp(l, "annotation") == 0) {
		if (c->annot > 0)
			c->annot--;
	} else if (strcmp(l, "p") == 0 || strcmp(l, "h") == 0) {
		c->in_p = 0;
	} else if (strcmp(l, "table-row") == 0) {
		if (c->s->b.last > 0 || c->s->b.bad) {
			if (c->row > GD_SHEET_MAX_ROWS) {
				sh_error(c->s, c->err, GD_EXIT_UNUSABLE,
				    (size_t)-1, 0, "more than %lu rows",
				    GD_SHEET_MAX_ROWS);
				ox_fatal(c);
				return;
			}
			if (c->rrepeat > GD_SHEET_MAX_REPEAT) {
				sh_error(c->s, c->err, GD_EXIT_UNUSABLE,
				    (size_t)-1, c->row, "a row with values "
				    "repeated %lu times, over the cap of %lu",
				    c->rrepeat, GD_SHEET_MAX_REPEAT);
				ox_fatal(c);
				return;
			}
			o->repeat = c->rrepeat;
			o->ready = 1;
			XML_StopParser(c->x.p, XML_TRUE);
		}
		/* The row's other repeats: handed out, or skipped. */
		c->row += c->rrepeat - 1;
		if (c->row > GD_SHEET_MAX_ROWS)
			c->row = GD_SHEET_MAX_ROWS + 1;
	}
}

static void
ods_free(struct gd_sheet *s)
{
	struct ods *o = s->impl;
	struct ox *c;

	if (o == NULL)
		return;
	if (o->p) {
		c = XML_GetUserData(o->p);
		gd_buf_release(&c->cell);
		free(c);
		XML_ParserFree(o->p);
	}
	sh_member_close(&o->m);
	if (o->z)
		zip_discard(o->z);
	gd_buf_release(&o->names);
	free(o);
	s->impl = NULL;
}

/* Parses on to the next row of the sheet (1), its end (0), or -1. */
static int
ods_parse(struct gd_sheet *s, struct gd_error *err)
{
	struct ods *o = s->impl;
	struct ox *c = XML_GetUserData(o->p);
	enum XML_Status st;
	void *buf;
	long n = 1;

	c->err = err;
	if (o->ready) {
		/* A row parsed while the sheet was looked for. */
		o->ready = 0;
		return 1;
	}
	for (;;) {
		if (o->done)
			return 0;
		if (o->suspended) {
			o->suspended = 0;
			st = XML_ResumeParser(o->p);
		} else {
			if ((buf = XML_GetBuffer(o->p, CHUNK)) == NULL)
				return gd_error_nomem(err, s->path, 0);
			if ((n = sh_member_read(s, &o->m, buf, CHUNK, err)) < 0)
				return -1;
			__atomic_add_fetch(&s->offset, (unsigned long long)n,
			    __ATOMIC_RELAXED);
			st = XML_ParseBuffer(o->p, (int)n, n == 0);
		}
		if (st == XML_STATUS_SUSPENDED)
			o->suspended = 1;
		if (st == XML_STATUS_ERROR) {
			if (o->done)
				return 0;
			if (c->x.stop)
				return -1;
			return sh_xml_error(s, &c->x, "content.xml", err);
		}
		if (o->ready) {
			o->ready = 0;
			return 1;
		}
		if (st == XML_STATUS_OK && n == 0 && !o->suspended) {
			o->done = 1;
			return 0;
		}
	}
}

static int
ods_next(struct gd_sheet *s, struct gd_error *err)
{
	struct ods *o = s->impl;

	if (o->repeat > 1) {
		/* The same row again (number-rows-repeated). */
		o->repeat--;
		s->b.rownum++;
		return 1;
	}
	o->repeat = 0;
	return ods_parse(s, err);
}

/* Opens the package and content.xml; the parser ready. */
static int
ods_start(struct gd_sheet *s, struct ods *o, struct gd_error *err)
{
	struct ox *c;
	int rc;

	gd_buf_init(&o->names, 0);
	if ((o->z = sh_zip_open(s, s->path, err)) == NULL)
		return -1;
	if ((rc = sh_member_open(s, o->z, "content.xml", GD_SHEET_MAX_MEMBER,
	    &o->m, err)) != 1)
		return rc == 0 ? gd_error_set(err, GD_EXIT_UNUSABLE, s->path,
		    0, 0, "not an ODS file: no content.xml") : -1;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return gd_error_nomem(err, s->path, 0);
	c->s = s;
	c->o = o;
	c->err = err;
	gd_buf_init(&c->cell, 0);
	if (sh_xml_new(&c->x) == NULL) {
		free(c);
		return gd_error_nomem(err, s->path, 0);
	}
	o->p = c->x.p;
	XML_SetElementHandler(o->p, ox_start, ox_end);
	XML_SetCharacterDataHandler(o->p, ox_text);
	return 0;
}

int
sh_ods_list(struct gd_sheet *s, int (*fn)(void *, const char *,
    struct gd_error *), void *ctx, struct gd_error *err)
{
	struct ods *o = calloc(1, sizeof(*o));
	int rc;

	if (o == NULL)
		return gd_error_nomem(err, s->path, 0);
	s->impl = o;
	s->free_impl = ods_free;
	o->list = fn;
	o->list_ctx = ctx;
	if (ods_start(s, o, err) == -1)
		return -1;
	while ((rc = ods_parse(s, err)) == 1)
		;
	return rc;
}

int
sh_ods_open(struct gd_sheet *s, const char *want, struct gd_error *err)
{
	struct ods *o = calloc(1, sizeof(*o));
	struct ox *c;

	if (o == NULL)
		return gd_error_nomem(err, s->path, 0);
	s->impl = o;
	s->free_impl = ods_free;
	s->next_row = ods_next;
	o->want = want;
	if (ods_start(s, o, err) == -1)
		return -1;
	c = XML_GetUserData(o->p);
	/* Parse up to the sheet's start, to know it is there. */
	while (!c->found && !o->done) {
		void *buf;
		long n;
		enum XML_Status st;

		if ((buf = XML_GetBuffer(o->p, CHUNK)) == NULL)
			return gd_error_nomem(err, s->path, 0);
		if ((n = sh_member_read(s, &o->m, buf, CHUNK, err)) < 0)
			return -1;
		__atomic_add_fetch(&s->offset, (unsigned long long)n,
			    __ATOMIC_RELAXED);
		st = XML_ParseBuffer(o->p, (int)n, n == 0);
		if (st == XML_STATUS_SUSPENDED)
			o->suspended = 1;
		else if (st == XML_STATUS_ERROR && !o->done)
			return c->x.stop ? -1 : sh_xml_error(s, &c->x,
			    "content.xml", err);
		if (n == 0)
			break;
	}
	if (!c->found) {
		if (want == NULL)
			return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0,
			    0, "the spreadsheet has no sheet");
		return gd_error_set(err, GD_EXIT_USAGE, s->path, 0, 0,
		    "--sheet %s: no such sheet (the sheets: %s)", want,
		    o->names.data ? o->names.data : "");
	}
	return 0;
}
