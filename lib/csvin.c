/*
 * csvin.c - CSV records with libcsv (see gd/csvin.h).
 *
 * libcsv does the quoting; this file adds what it lacks for gd: physical
 * line numbers, the raw text of each record, caps on field and record
 * size, and encoding checks.  Input is fed to libcsv one segment at a
 * time, a segment ending at the first CR or LF, so a record ends (libcsv
 * calls the row callback) at most once per call and always at the end of
 * a segment: the reader then knows exactly which line it is on.
 */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

struct gd_csv {
	struct gd_source *src;
	struct csv_parser p;
	size_t max_field, max_row;
	const char *chunk;
	size_t clen, cpos;
	int eof, done;

	struct gd_buf fields;	/* field texts, each followed by NUL */
	size_t *off, *len;
	const char **ptr;
	size_t nf, fcap, pcap;
	int nomem;

	struct gd_buf raw;	/* raw text of the record so far */
	int raw_cut;
	size_t rawbytes;	/* raw bytes of the record, also past the cut */

	unsigned long line;	/* physical line being fed */
	unsigned long row_line;	/* line the record began on (0: not yet) */
	unsigned long recno;
	int row_ready;
	int field_over, row_over;
};

static int
keep_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

static void
on_field(void *s, size_t n, void *data)
{
	struct gd_csv *r = data;
	size_t *noff, *nlen;

	if (n > r->max_field) {
		r->field_over = 1;
		n = 0;
	}
	if (r->nf == r->fcap) {
		size_t ncap = r->fcap ? r->fcap * 2 : 64;

		noff = realloc(r->off, ncap * sizeof(*noff));
		if (noff)
			r->off = noff;
		nlen = noff ? realloc(r->len, ncap * sizeof(*nlen)) : NULL;
		if (nlen)
			r->len = nlen;
		if (!noff || !nlen) {
			r->nomem = 1;
			return;
		}
		r->fcap = ncap;
	}
	r->off[r->nf] = r->fields.len;
	r->len[r->nf] = n;
	if (gd_buf_add(&r->fields, s, n) == -1 ||
	    gd_buf_addc(&r->fields, '\0') == -1) {
		if (errno == ENOBUFS)
			r->row_over = 1;
		else
			r->nomem = 1;
		r->len[r->nf] = 0;
	}
	r->nf++;
}

static void
on_row(int c, void *data)
{
	struct gd_csv *r = data;

	(void)c;
	r->row_ready = 1;
}

struct gd_csv *
gd_csv_new(struct gd_source *src, const struct gd_csv_opts *o,
    struct gd_error *err)
{
	struct gd_csv *r;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    csv_init(&r->p, CSV_STRICT_FINI) != 0) {
		free(r);
		gd_error_set(err, GD_EXIT_IO, gd_source_name(src), 0, 0,
		    "out of memory");
		return NULL;
	}
	csv_set_delim(&r->p, o && o->delim ? o->delim : ',');
	csv_set_space_func(&r->p, keep_spaces);
	r->src = src;
	r->max_field = o && o->max_field ? o->max_field :
	    GD_CSV_MAX_FIELD_DEFAULT;
	r->max_row = o && o->max_row ? o->max_row : GD_CSV_MAX_ROW_DEFAULT;
	/* The fields of a record are no bigger than its raw text. */
	gd_buf_init(&r->fields, r->max_row + r->max_row / 8 + 64);
	gd_buf_init(&r->raw, 0);
	r->line = 1;
	return r;
}

static void
start_record(struct gd_csv *r)
{
	r->nf = 0;
	gd_buf_reset(&r->fields);
	gd_buf_reset(&r->raw);
	r->raw_cut = 0;
	r->rawbytes = 0;
	r->row_line = 0;
	r->row_ready = 0;
	r->field_over = 0;
	r->row_over = 0;
}

static void
keep_raw(struct gd_csv *r, const char *s, size_t n)
{
	r->rawbytes += n;
	if (r->rawbytes > r->max_row)
		r->row_over = 1;
	if (r->raw_cut)
		return;
	if (r->raw.len + n > GD_CSV_RAW_KEEP &&
	    (r->row_over || r->field_over)) {
		size_t room = r->raw.len < GD_CSV_RAW_KEEP ?
		    GD_CSV_RAW_KEEP - r->raw.len : 0;

		(void)gd_buf_add(&r->raw, s, room);
		r->raw_cut = 1;
		return;
	}
	if (gd_buf_add(&r->raw, s, n) == -1)
		r->nomem = 1;
}

/* Fills in *rec from the reader's state. */
static void
describe(struct gd_csv *r, struct gd_csvrec *rec)
{
	size_t i;

	if (r->nf > r->pcap) {
		const char **np = realloc(r->ptr, r->fcap * sizeof(*np));

		if (np == NULL) {
			r->nomem = 1;
			r->nf = 0;
		} else {
			r->ptr = np;
			r->pcap = r->fcap;
		}
	}
	/* fields.data may have moved while it grew: pointers come last. */
	for (i = 0; i < r->nf; i++)
		r->ptr[i] = r->fields.data + r->off[i];
	rec->n = r->nf;
	rec->f = r->ptr;
	rec->len = r->len;
	rec->line = r->row_line ? r->row_line : r->line;
	rec->recno = r->recno;
	rec->raw = r->raw.data ? r->raw.data : "";
	rec->rawlen = r->raw.len;
	rec->raw_cut = r->raw_cut;
	rec->lines = 1;
	for (i = 0; i < r->raw.len; i++)
		rec->lines += r->raw.data[i] == '\n';
	if (rec->rawlen > 0 && r->raw.data[rec->rawlen - 1] == '\n')
		rec->lines--;
}

/* Checks a complete record; fills err and returns -2 for a reject. */
static int
check(struct gd_csv *r, struct gd_csvrec *rec, struct gd_error *err)
{
	const char *name = gd_source_name(r->src);
	size_t bad, i, ls, nl;

	if (r->field_over)
		return gd_error_set(err, GD_EXIT_REJECTS, name, rec->line, 0,
		    "field longer than %zu bytes", r->max_field), -2;
	if (r->row_over)
		return gd_error_set(err, GD_EXIT_REJECTS, name, rec->line, 0,
		    "record longer than %zu bytes", r->max_row), -2;
	bad = gd_utf8_invalid(rec->raw, rec->rawlen);
	if (bad < rec->rawlen) {
		nl = 0;
		ls = 0;
		for (i = 0; i < bad; i++)
			if (rec->raw[i] == '\n') {
				nl++;
				ls = i + 1;
			}
		if (gd_source_converted(r->src))
			return gd_error_set(err, GD_EXIT_REJECTS, name,
			    rec->line + nl, gd_utf8_chars(rec->raw + ls,
			    bad - ls) + 1, "byte sequence not valid in %s",
			    gd_source_encoding(r->src)), -2;
		return gd_error_set(err, GD_EXIT_REJECTS, name, rec->line + nl,
		    gd_utf8_chars(rec->raw + ls, bad - ls) + 1,
		    "invalid UTF-8 byte sequence (byte 0x%02X)",
		    (unsigned char)rec->raw[bad]), -2;
	}
	return 1;
}

/* Length of the next segment: up to and including the first CR or LF. */
static size_t
segment(const char *s, size_t n, int *has_lf)
{
	const char *lf = memchr(s, '\n', n);
	size_t end = lf ? (size_t)(lf - s) : n;
	const char *cr = memchr(s, '\r', end);

	*has_lf = 0;
	if (cr)
		return (size_t)(cr - s) + 1;
	if (lf) {
		*has_lf = 1;
		return end + 1;
	}
	return n;
}

int
gd_csv_next(struct gd_csv *r, struct gd_csvrec *rec, struct gd_error *err)
{
	const char *seg;
	size_t n, k, feed;
	int has_lf, rc;

	if (r->done)
		return 0;
	start_record(r);
	for (;;) {
		if (r->cpos >= r->clen) {
			rc = gd_source_read(r->src, &r->chunk, &r->clen, err);
			if (rc < 0)
				return -1;
			r->cpos = 0;
			if (rc == 0) {
				r->clen = 0;
				break;
			}
			continue;
		}
		seg = r->chunk + r->cpos;
		n = segment(seg, r->clen - r->cpos, &has_lf);
		if (r->row_line == 0) {
			/* A record begins at its first byte that is not a
			 * line end: libcsv skips empty lines. */
			for (k = 0; k < n && (seg[k] == '\r' || seg[k] == '\n');
			    k++)
				;
			if (k < n)
				r->row_line = r->line;
		}
		if (r->row_line)
			keep_raw(r, seg, n);
		feed = csv_parse(&r->p, seg, n, on_field, on_row, r);
		r->cpos += n;
		if (has_lf)
			r->line++;
		if (r->p.entry_pos > r->max_field) {
			/* Keep memory bounded: the record is rejected
			 * anyway, so its text need not be kept. */
			r->field_over = 1;
			r->p.entry_pos = 0;
		}
		if (feed != n || r->nomem)
			return gd_error_set(err, GD_EXIT_IO,
			    gd_source_name(r->src), r->line, 0,
			    "cannot parse: %s", r->nomem ? "out of memory" :
			    csv_strerror(csv_error(&r->p)));
		if (r->row_ready) {
			r->recno++;
			describe(r, rec);
			return check(r, rec, err);
		}
	}

	/* End of input. */
	r->done = 1;
	rc = csv_fini(&r->p, on_field, on_row, r);
	if (rc != 0 && r->row_line) {
		r->recno++;
		describe(r, rec);
		gd_error_set(err, GD_EXIT_REJECTS, gd_source_name(r->src),
		    rec->line, 0, "quoted field not closed at end of input");
		return -2;
	}
	if (r->row_ready) {
		r->recno++;
		describe(r, rec);
		return check(r, rec, err);
	}
	return 0;
}

void
gd_csv_free(struct gd_csv *r)
{
	if (r == NULL)
		return;
	csv_free(&r->p);
	gd_buf_release(&r->fields);
	gd_buf_release(&r->raw);
	free(r->off);
	free(r->len);
	free(r->ptr);
	free(r);
}
