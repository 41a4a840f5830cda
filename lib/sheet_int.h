/*
 * sheet_int.h - what the spreadsheet readers share (sheet.c): the row
 * being built, merged ranges, zip members read under the caps, and expat
 * parsers that refuse a document type declaration.
 */
#ifndef GD_SHEET_INT_H
#define GD_SHEET_INT_H

#include <expat.h>
#include <zip.h>

#include "gd/gd.h"
#include "gd/sheet.h"

/* A merged range, 1-based and inclusive; val: its first cell's value,
 * once its row is read in header mode. */
struct sh_merge {
	unsigned long r1, c1, r2, c2;
	char *val;
	size_t vlen;
};

#define SH_MAX_MERGES 65536

/* A row: cell texts in text, each NUL-terminated, at off (0: empty). */
struct sh_row {
	struct gd_buf text;
	size_t *off, *len;
	size_t n, cap;			/* cells 0..n-1 */
	size_t last;			/* 1 + the last column with a value */
	unsigned long rownum;
	int bad;			/* the row is rejected: why in err */
	struct gd_error err;
};

struct sh_ahead;

struct gd_sheet {
	enum gd_sheet_kind kind;
	char *path;
	char *name;			/* the sheet's */
	size_t max_field, max_row, limit;
	int header;

	/* The row the reader builds (b); the row handed out, which is b
	 * itself, or with a reading thread (gd_sheet_ahead) o, a copy. */
	struct sh_row b, o;
	const char **ptr;
	size_t *plen;
	size_t pcap;
	unsigned long recno, rows;
	struct sh_ahead *th;

	struct sh_merge *merges;
	size_t nmerges;

	unsigned long long offset;	/* bytes decompressed (parsed); set
					 * with __atomic (--progress) */

	/* The format's reader. */
	void *impl;
	int (*next_row)(struct gd_sheet *, struct gd_error *);
	void (*free_impl)(struct gd_sheet *);
};

/* Starts row rownum (1-based). */
void sh_row_begin(struct gd_sheet *s, unsigned long rownum);

/*
 * Puts a cell's text at column col (0-based; at or after the columns put
 * so far).  Returns 0, or -1 when memory runs out (err).  A cell over the
 * caps marks the row rejected and returns 0.
 */
int sh_cell(struct gd_sheet *s, size_t col, const char *p, size_t n,
    struct gd_error *err);

/* Marks the row rejected (the first reason is kept) at column col
 * (0-based; (size_t)-1: the row). */
void sh_row_reject(struct gd_sheet *s, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Fills err with code and message, placed at the sheet and cell:
 * "FILE:SHEET!C5" (col 0-based; (size_t)-1 and row 0: the sheet alone).
 * Returns -1.
 */
int sh_error(const struct gd_sheet *s, struct gd_error *err, int code,
    size_t col, unsigned long row, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Adds a merged range.  Returns 0 or -1 (memory, err). */
int sh_merge_add(struct gd_sheet *s, unsigned long r1, unsigned long c1,
    unsigned long r2, unsigned long c2, struct gd_error *err);

/* Parses a cell reference "AB12" (row may be absent: *row 0).  Returns 0
 * or -1. */
int sh_parse_ref(const char *ref, unsigned long *col, unsigned long *row);

/* ---- zip members ---- */

struct sh_member {
	zip_file_t *f;
	zip_uint64_t size, done;
	const char *name;
};

/*
 * Opens the member named name of z, checked against the caps (max bytes
 * expanded, GD_SHEET_MAX_RATIO).  Returns 1, 0 when there is no such
 * member, -1 with err.
 */
int sh_member_open(struct gd_sheet *s, zip_t *z, const char *name,
    zip_uint64_t max, struct sh_member *m, struct gd_error *err);

/* Reads up to n bytes.  Returns the count (0 at the end), or -1 with
 * err (damaged, truncated, longer than it said). */
long sh_member_read(struct gd_sheet *s, struct sh_member *m, char *buf,
    size_t n, struct gd_error *err);

void sh_member_close(struct sh_member *m);

/*
 * Opens the zip file at path.  Returns it, or NULL with err (GD_EXIT_IO:
 * cannot be opened; GD_EXIT_UNUSABLE: not a zip, truncated, damaged).
 */
zip_t *sh_zip_open(struct gd_sheet *s, const char *path,
    struct gd_error *err);

/* ---- XML ---- */

/* The first member of every parser's user data. */
struct sh_xml {
	XML_Parser p;
	int doctype;		/* a DOCTYPE was met: refused */
	int stop;		/* a handler stopped the parse (err set) */
	int nomem;
};

/* A parser with ud (starting with struct sh_xml) as its user data, that
 * refuses a document type declaration.  NULL: memory. */
XML_Parser sh_xml_new(struct sh_xml *x);

/* The name without its namespace prefix. */
const char *sh_local(const char *name);

/* The value of attribute local name want, or NULL. */
const char *sh_attr(const char **atts, const char *want);

/*
 * Parses the whole member name of z with x's parser, at most max bytes.
 * Returns 1, 0 when there is no such member, -1 with err.
 */
int sh_parse_member(struct gd_sheet *s, zip_t *z, const char *name,
    zip_uint64_t max, struct sh_xml *x, struct gd_error *err);

/* The error after a failed XML_Parse of member name. */
int sh_xml_error(struct gd_sheet *s, struct sh_xml *x, const char *name,
    struct gd_error *err);

/* Appends text to b, dropping it past the cap: returns -1 only for memory
 * (errno ENOMEM); *over is set when text was dropped. */
int sh_buf_add(struct gd_buf *b, size_t cap, const char *p, size_t n,
    int *over);

/* The readers. */
int sh_xlsx_open(struct gd_sheet *s, const char *want, struct gd_error *err);
int sh_ods_open(struct gd_sheet *s, const char *want, struct gd_error *err);
int sh_xls_open(struct gd_sheet *s, const char *want, struct gd_error *err);
int sh_xlsx_list(struct gd_sheet *s, int (*fn)(void *, const char *,
    struct gd_error *), void *ctx, struct gd_error *err);
int sh_ods_list(struct gd_sheet *s, int (*fn)(void *, const char *,
    struct gd_error *), void *ctx, struct gd_error *err);
int sh_xls_list(struct gd_sheet *s, int (*fn)(void *, const char *,
    struct gd_error *), void *ctx, struct gd_error *err);

/* Whether want (a --sheet) names the sheet called name, number k
 * (1-based). */
int sh_sheet_is(const char *want, const char *name, unsigned long k);

#endif
