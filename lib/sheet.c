/*
 * sheet.c - spreadsheet rows as CSV records (see gd/sheet.h): what the
 * XLSX, ODS and XLS readers share.  Each reader builds one row at a time
 * with sh_row_begin() and sh_cell(); gd_sheet_next() then fills merged
 * header cells, applies the width the caller set and hands the row out.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sheet_int.h"

#define XML_CHUNK (64 * 1024)

/* ---- names and references ---- */

enum gd_sheet_kind
gd_sheet_kind_of_name(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot == NULL || (slash && slash > dot))
		return GD_SHEET_NONE;
	dot++;
	if (strcasecmp(dot, "xlsx") == 0 || strcasecmp(dot, "xlsm") == 0)
		return GD_SHEET_XLSX;
	if (strcasecmp(dot, "ods") == 0)
		return GD_SHEET_ODS;
	if (strcasecmp(dot, "xls") == 0)
		return GD_SHEET_XLS;
	return GD_SHEET_NONE;
}

char *
gd_sheet_ref(unsigned long col, unsigned long row, char *buf, size_t size)
{
	char l[8];
	size_t k = 0;

	while (col > 0 && k < sizeof(l)) {
		l[k++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	if (size == 0)
		return buf;
	buf[0] = '\0';
	{
		size_t i = 0;

		while (k > 0 && i + 1 < size)
			buf[i++] = l[--k];
		buf[i] = '\0';
		if (row > 0)
			snprintf(buf + i, size - i, "%lu", row);
	}
	return buf;
}

int
sh_parse_ref(const char *ref, unsigned long *col, unsigned long *row)
{
	unsigned long c = 0, r = 0;
	const char *p = ref;

	while (*p >= 'A' && *p <= 'Z') {
		c = c * 26 + (unsigned long)(*p - 'A' + 1);
		if (c > GD_SHEET_MAX_COLS)
			return -1;
		p++;
	}
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (unsigned long)(*p - '0');
		if (r > GD_SHEET_MAX_ROWS)
			return -1;
		p++;
	}
	if (*p != '\0' || c == 0)
		return -1;
	*col = c;
	*row = r;
	return 0;
}

int
sh_sheet_is(const char *want, const char *name, unsigned long k)
{
	char num[32];

	if (want == NULL)
		return k == 1;
	if (strcmp(want, name) == 0)
		return 1;
	snprintf(num, sizeof(num), "%lu", k);
	return strcmp(want, num) == 0;
}

/* "'My sheet'" or "Sheet1", as a formula would name it. */
static void
sheet_label(const char *name, char *buf, size_t size)
{
	const char *p;
	int plain = name[0] != '\0';

	for (p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		    (unsigned char)*p >= 0x80))
			plain = 0;
	snprintf(buf, size, plain ? "%.100s" : "'%.100s'", name);
}

int
sh_error(const struct gd_sheet *s, struct gd_error *err, int code,
    size_t col, unsigned long row, const char *fmt, ...)
{
	char where[GD_ERR_FILE], lab[120], ref[32];
	va_list ap;

	if (err == NULL)
		return -1;
	if (s->name == NULL)
		snprintf(where, sizeof(where), "%s", s->path);
	else {
		sheet_label(s->name, lab, sizeof(lab));
		if (row == 0)
			snprintf(where, sizeof(where), "%s:%s", s->path, lab);
		else if (col == (size_t)-1)	/* the whole row: 5:5 */
			snprintf(where, sizeof(where), "%s:%s!%lu:%lu",
			    s->path, lab, row, row);
		else
			snprintf(where, sizeof(where), "%s:%s!%s", s->path,
			    lab, gd_sheet_ref(col + 1, row, ref, sizeof(ref)));
	}
	gd_error_set(err, code, where, 0, 0, "%s", "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- the row ---- */

void
sh_row_begin(struct gd_sheet *s, unsigned long rownum)
{
	gd_buf_reset(&s->b.text);
	s->b.n = 0;
	s->b.last = 0;
	s->b.bad = 0;
	s->b.rownum = rownum;
}

void
sh_row_reject(struct gd_sheet *s, size_t col, const char *fmt, ...)
{
	char msg[GD_ERR_MSG];
	va_list ap;

	if (s->b.bad)
		return;
	s->b.bad = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sh_error(s, &s->b.err, GD_EXIT_REJECTS, col, s->b.rownum, "%s", msg);
}

static int
cells_room(struct gd_sheet *s, struct sh_row *r, size_t n,
    struct gd_error *err)
{
	size_t ncap, *no, *nl;

	if (n <= r->cap)
		return 0;
	ncap = r->cap ? r->cap : 16;
	while (ncap < n)
		ncap *= 2;
	if ((no = realloc(r->off, ncap * sizeof(*no))) == NULL)
		return gd_error_nomem(err, s->path, 0);
	r->off = no;
	if ((nl = realloc(r->len, ncap * sizeof(*nl))) == NULL)
		return gd_error_nomem(err, s->path, 0);
	r->len = nl;
	r->cap = ncap;
	return 0;
}

/* Sets cell col (0-based) of r to n bytes at p, empty cells before it. */
static int
put_cell(struct gd_sheet *s, struct sh_row *r, size_t col, const char *p,
    size_t n, struct gd_error *err)
{
	size_t at;

	if (cells_room(s, r, col + 1, err) == -1)
		return -1;
	while (r->n <= col) {
		r->off[r->n] = 0;
		r->len[r->n] = 0;
		r->n++;
	}
	/* Offset 0 of text is never a value's: empty cells point at a NUL
	 * kept there. */
	if (r->text.len == 0 && gd_buf_addc(&r->text, '\0') == -1)
		return gd_error_nomem(err, s->path, 0);
	at = r->text.len;
	if (gd_buf_add(&r->text, p, n) == -1 || gd_buf_addc(&r->text, '\0')
	    == -1)
		return gd_error_nomem(err, s->path, 0);
	r->off[col] = at;
	r->len[col] = n;
	return 0;
}

int
sh_cell(struct gd_sheet *s, size_t col, const char *p, size_t n,
    struct gd_error *err)
{
	struct sh_row *r = &s->b;

	if (n == 0 || r->bad)
		return 0;
	if (col >= GD_SHEET_MAX_COLS) {
		sh_row_reject(s, (size_t)-1, "a value past column %lu (XFD)",
		    GD_SHEET_MAX_COLS);
		return 0;
	}
	if (col < r->n && r->len[col] > 0) {
		sh_row_reject(s, col, "a second value for this cell");
		return 0;
	}
	if (col < r->last) {
		sh_row_reject(s, col, "cells out of order");
		return 0;
	}
	if (n > s->max_field) {
		sh_row_reject(s, col, "a value of %zu bytes, over the cap of "
		    "%zu (--max-field)", n, s->max_field);
		return 0;
	}
	if (r->text.len + n > s->max_row) {
		sh_row_reject(s, col, "the row is over %zu bytes "
		    "(--max-record)", s->max_row);
		return 0;
	}
	if (put_cell(s, r, col, p, n, err) == -1)
		return -1;
	r->last = col + 1;
	return 0;
}

int
sh_merge_add(struct gd_sheet *s, unsigned long r1, unsigned long c1,
    unsigned long r2, unsigned long c2, struct gd_error *err)
{
	struct sh_merge *nm;

	if (r2 < r1 || c2 < c1 || (r1 == r2 && c1 == c2) ||
	    s->nmerges >= SH_MAX_MERGES)
		return 0;
	if ((s->nmerges & (s->nmerges - 1)) == 0) {
		size_t ncap = s->nmerges ? s->nmerges * 2 : 8;

		if ((nm = realloc(s->merges, ncap * sizeof(*nm))) == NULL)
			return gd_error_nomem(err, s->path, 0);
		s->merges = nm;
	}
	nm = &s->merges[s->nmerges++];
	nm->r1 = r1;
	nm->c1 = c1;
	nm->r2 = r2;
	nm->c2 = c2;
	nm->val = NULL;
	nm->vlen = 0;
	return 0;
}

/* Header mode: the merges' first cells are kept, and their value goes to
 * the other cells of the merge that are empty. */
static int
fill_merges(struct gd_sheet *s, struct sh_row *w, struct gd_error *err)
{
	size_t i;
	unsigned long r = w->rownum, c;

	for (i = 0; i < s->nmerges; i++) {
		struct sh_merge *m = &s->merges[i];

		if (m->r1 == r && m->val == NULL && m->c1 - 1 < w->n &&
		    w->len[m->c1 - 1] > 0) {
			m->vlen = w->len[m->c1 - 1];
			if ((m->val = malloc(m->vlen + 1)) == NULL)
				return gd_error_nomem(err, s->path, 0);
			memcpy(m->val, w->text.data + w->off[m->c1 - 1],
			    m->vlen + 1);
		}
	}
	for (i = 0; i < s->nmerges; i++) {
		struct sh_merge *m = &s->merges[i];

		if (m->val == NULL || r < m->r1 || r > m->r2)
			continue;
		for (c = m->c1; c <= m->c2 && c <= GD_SHEET_MAX_COLS; c++) {
			if ((r == m->r1 && c == m->c1) || (c - 1 < w->n &&
			    w->len[c - 1] > 0))
				continue;
			if (w->text.len + m->vlen > s->max_row)
				break;
			if (put_cell(s, w, c - 1, m->val, m->vlen, err) == -1)
				return -1;
			if (c > w->last)
				w->last = c;
		}
	}
	return 0;
}

/* ---- reading ahead: the reader in a second thread ---- */

#define NBATCH 4
#define BATCH_ROWS 1024
#define BATCH_TEXT (1UL << 20)

/* Rows in a batch: their cells' texts one after the other in text. */
struct brow {
	unsigned long rownum;
	size_t c0, n, last;		/* cells c0 .. c0+n-1 of the batch */
	int bad;
	struct gd_error err;
};

struct batch {
	struct gd_buf text;
	size_t *off, *len;
	size_t ncell, ccap;
	struct brow *rows;
	size_t nrow, rcap;
	int end, end_rc;		/* the last batch: what next_row said */
	struct gd_error end_err;
};

struct sh_ahead {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[NBATCH];
	unsigned head, count;		/* full batches: b[head], ... */
	int stop;
	struct batch *cur;		/* the consumer's */
	size_t next;
};

/* Copies the reader's row into the batch.  0, or -1 (memory). */
static int
batch_add(struct batch *b, const struct sh_row *r)
{
	struct brow *br;
	size_t i, base = b->text.len;

	if (b->nrow == b->rcap) {
		size_t ncap = b->rcap ? b->rcap * 2 : 64;

		if ((br = realloc(b->rows, ncap * sizeof(*br))) == NULL)
			return -1;
		b->rows = br;
		b->rcap = ncap;
	}
	if (b->ncell + r->n > b->ccap) {
		size_t ncap = b->ccap ? b->ccap : 1024, *no, *nl;

		while (ncap < b->ncell + r->n)
			ncap *= 2;
		if ((no = realloc(b->off, ncap * sizeof(*no))) == NULL)
			return -1;
		b->off = no;
		if ((nl = realloc(b->len, ncap * sizeof(*nl))) == NULL)
			return -1;
		b->len = nl;
		b->ccap = ncap;
	}
	if (r->text.len > 0 && gd_buf_add(&b->text, r->text.data,
	    r->text.len) == -1)
		return -1;
	br = &b->rows[b->nrow++];
	br->rownum = r->rownum;
	br->c0 = b->ncell;
	br->n = r->bad ? 0 : r->n;
	br->last = r->last;
	br->bad = r->bad;
	if (r->bad)
		br->err = r->err;
	for (i = 0; i < br->n; i++) {
		b->off[b->ncell + i] = base + r->off[i];
		b->len[b->ncell + i] = r->len[i];
	}
	b->ncell += br->n;
	return 0;
}

static void *
producer(void *arg)
{
	struct gd_sheet *s = arg;
	struct sh_ahead *th = s->th;
	struct batch *b;
	struct gd_error e;
	int rc;

	for (;;) {
		pthread_mutex_lock(&th->mu);
		while (th->count == NBATCH && !th->stop)
			pthread_cond_wait(&th->cv, &th->mu);
		if (th->stop) {
			pthread_mutex_unlock(&th->mu);
			return NULL;
		}
		b = &th->b[(th->head + th->count) % NBATCH];
		pthread_mutex_unlock(&th->mu);
		gd_buf_reset(&b->text);
		b->ncell = b->nrow = 0;
		for (;;) {
			gd_error_clear(&e);
			if ((rc = s->next_row(s, &e)) != 1) {
				b->end = 1;
				b->end_rc = rc;
				b->end_err = e;
				break;
			}
			if (s->b.last == 0 && !s->b.bad)
				continue;
			if (batch_add(b, &s->b) == -1) {
				b->end = 1;
				b->end_rc = -1;
				gd_error_nomem(&b->end_err, s->path, 0);
				break;
			}
			if (b->nrow == BATCH_ROWS || b->text.len >= BATCH_TEXT)
				break;
		}
		pthread_mutex_lock(&th->mu);
		th->count++;
		pthread_cond_broadcast(&th->cv);
		pthread_mutex_unlock(&th->mu);
		if (b->end)
			return NULL;
	}
}

/* The next row from the thread into s->o: 1, 0 at the end, -1. */
static int
ahead_next(struct gd_sheet *s, struct gd_error *err)
{
	struct sh_ahead *th = s->th;
	struct sh_row *o = &s->o;
	struct brow *br;
	size_t i;

	for (;;) {
		if (th->cur && th->next < th->cur->nrow)
			break;
		if (th->cur && th->cur->end) {
			if (th->cur->end_rc == -1)
				*err = th->cur->end_err;
			return th->cur->end_rc;
		}
		pthread_mutex_lock(&th->mu);
		if (th->cur) {
			th->head = (th->head + 1) % NBATCH;
			th->count--;
			th->cur = NULL;
			pthread_cond_broadcast(&th->cv);
		}
		while (th->count == 0)
			pthread_cond_wait(&th->cv, &th->mu);
		th->cur = &th->b[th->head];
		th->next = 0;
		pthread_mutex_unlock(&th->mu);
	}
	br = &th->cur->rows[th->next++];
	gd_buf_reset(&o->text);
	o->n = 0;
	o->rownum = br->rownum;
	o->last = br->last;
	o->bad = br->bad;
	if (br->bad) {
		o->err = br->err;
		return 1;
	}
	if (cells_room(s, o, br->n, err) == -1)
		return -1;
	for (i = 0; i < br->n; i++) {
		size_t l = th->cur->len[br->c0 + i];

		o->off[i] = 0;
		o->len[i] = l;
		if (l > 0) {
			if (o->text.len == 0 && gd_buf_addc(&o->text, '\0') ==
			    -1)
				return gd_error_nomem(err, s->path, 0);
			o->off[i] = o->text.len;
			if (gd_buf_add(&o->text, th->cur->text.data +
			    th->cur->off[br->c0 + i], l + 1) == -1)
				return gd_error_nomem(err, s->path, 0);
		}
	}
	o->n = br->n;
	return 1;
}

int
gd_sheet_ahead(struct gd_sheet *s, struct gd_error *err)
{
	struct sh_ahead *th;
	int i;

	if (s->th)
		return 0;
	if ((th = calloc(1, sizeof(*th))) == NULL)
		return gd_error_nomem(err, s->path, 0);
	for (i = 0; i < NBATCH; i++)
		gd_buf_init(&th->b[i].text, 0);
	pthread_mutex_init(&th->mu, NULL);
	pthread_cond_init(&th->cv, NULL);
	s->th = th;
	if (pthread_create(&th->tid, NULL, producer, s) != 0) {
		/* Read in this thread, then. */
		s->th = NULL;
		pthread_mutex_destroy(&th->mu);
		pthread_cond_destroy(&th->cv);
		free(th);
	}
	return 0;
}

static void
ahead_stop(struct gd_sheet *s)
{
	struct sh_ahead *th = s->th;
	int i;

	pthread_mutex_lock(&th->mu);
	th->stop = 1;
	pthread_cond_broadcast(&th->cv);
	pthread_mutex_unlock(&th->mu);
	pthread_join(th->tid, NULL);
	pthread_mutex_destroy(&th->mu);
	pthread_cond_destroy(&th->cv);
	for (i = 0; i < NBATCH; i++) {
		gd_buf_release(&th->b[i].text);
		free(th->b[i].off);
		free(th->b[i].len);
		free(th->b[i].rows);
	}
	free(th);
	s->th = NULL;
}

int
gd_sheet_next(struct gd_sheet *s, struct gd_csvrec *rec,
    struct gd_error *err)
{
	struct sh_row *r;
	size_t i, n;
	int rc;

	if (s->th) {
		if ((rc = ahead_next(s, err)) != 1)
			return rc;
		r = &s->o;
	} else {
		r = &s->b;
		for (;;) {
			if ((rc = s->next_row(s, err)) != 1)
				return rc;
			if (r->last > 0 || r->bad)
				break;
		}
	}
	if (++s->rows > GD_SHEET_MAX_ROWS)
		return sh_error(s, err, GD_EXIT_UNUSABLE, (size_t)-1, 0,
		    "more than %lu rows", GD_SHEET_MAX_ROWS);
	memset(rec, 0, sizeof(*rec));
	rec->line = r->rownum;
	rec->recno = ++s->recno;
	if (!r->bad && s->header && s->nmerges > 0 &&
	    fill_merges(s, r, err) == -1)
		return -1;
	if (!r->bad && s->limit > 0 && r->last > s->limit) {
		char where[GD_ERR_FILE], lab[120], ref[32];

		/* As sh_row_reject() would, on this row. */
		sheet_label(s->name ? s->name : "", lab, sizeof(lab));
		snprintf(where, sizeof(where), "%s:%s!%s", s->path, lab,
		    gd_sheet_ref(r->last, r->rownum, ref, sizeof(ref)));
		r->bad = 1;
		gd_error_set(&r->err, GD_EXIT_REJECTS, where, 0, 0, "a value "
		    "past the header's %zu columns (--ragged keeps it)",
		    s->limit);
	}
	if (r->bad) {
		*err = r->err;
		return -2;
	}
	n = s->limit > 0 ? s->limit : r->last;
	if (n > s->pcap) {
		const char **np;
		size_t *nl;

		if ((np = realloc(s->ptr, n * sizeof(*np))) == NULL)
			return gd_error_nomem(err, s->path, 0);
		s->ptr = np;
		if ((nl = realloc(s->plen, n * sizeof(*nl))) == NULL)
			return gd_error_nomem(err, s->path, 0);
		s->plen = nl;
		s->pcap = n;
	}
	for (i = 0; i < n; i++) {
		if (i < r->n && r->len[i] > 0) {
			s->ptr[i] = r->text.data + r->off[i];
			s->plen[i] = r->len[i];
		} else {
			s->ptr[i] = "";
			s->plen[i] = 0;
		}
	}
	rec->n = n;
	rec->f = s->ptr;
	rec->len = s->plen;
	return 1;
}

void
gd_sheet_header_mode(struct gd_sheet *s, int on)
{
	s->header = on;
}

void
gd_sheet_limit_fields(struct gd_sheet *s, size_t max)
{
	s->limit = max;
}

const char *
gd_sheet_name(const struct gd_sheet *s)
{
	return s->name ? s->name : "";
}

unsigned long long
gd_sheet_offset(const struct gd_sheet *s)
{
	return __atomic_load_n(&s->offset, __ATOMIC_RELAXED);
}

void
gd_sheet_free(struct gd_sheet *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->th)
		ahead_stop(s);
	if (s->free_impl)
		s->free_impl(s);
	for (i = 0; i < s->nmerges; i++)
		free(s->merges[i].val);
	free(s->merges);
	gd_buf_release(&s->b.text);
	free(s->b.off);
	free(s->b.len);
	gd_buf_release(&s->o.text);
	free(s->o.off);
	free(s->o.len);
	free(s->ptr);
	free(s->plen);
	free(s->name);
	free(s->path);
	free(s);
}

static struct gd_sheet *
sheet_new(const char *path, enum gd_sheet_kind kind,
    const struct gd_sheet_opts *o, struct gd_error *err)
{
	struct gd_sheet *s = calloc(1, sizeof(*s));

	if (s == NULL || (s->path = strdup(path)) == NULL) {
		free(s);
		gd_error_nomem(err, path, 0);
		return NULL;
	}
	s->kind = kind;
	s->max_field = o && o->max_field ? o->max_field :
	    GD_CSV_MAX_FIELD_DEFAULT;
	s->max_row = o && o->max_row ? o->max_row : GD_CSV_MAX_ROW_DEFAULT;
	gd_buf_init(&s->b.text, 0);
	gd_buf_init(&s->o.text, 0);
	return s;
}

struct gd_sheet *
gd_sheet_open(const char *path, enum gd_sheet_kind kind,
    const struct gd_sheet_opts *o, struct gd_error *err)
{
	struct gd_sheet *s;
	int rc;

	if ((s = sheet_new(path, kind, o, err)) == NULL)
		return NULL;
	switch (kind) {
	case GD_SHEET_XLSX:
		rc = sh_xlsx_open(s, o ? o->sheet : NULL, err);
		break;
	case GD_SHEET_ODS:
		rc = sh_ods_open(s, o ? o->sheet : NULL, err);
		break;
	case GD_SHEET_XLS:
		rc = sh_xls_open(s, o ? o->sheet : NULL, err);
		break;
	default:
		rc = gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
		    "not a spreadsheet");
	}
	if (rc == -1) {
		gd_sheet_free(s);
		return NULL;
	}
	return s;
}

int
gd_sheet_list(const char *path, enum gd_sheet_kind kind,
    int (*fn)(void *, const char *, struct gd_error *), void *ctx,
    struct gd_error *err)
{
	struct gd_sheet *s;
	int rc;

	if ((s = sheet_new(path, kind, NULL, err)) == NULL)
		return -1;
	switch (kind) {
	case GD_SHEET_XLSX:
		rc = sh_xlsx_list(s, fn, ctx, err);
		break;
	case GD_SHEET_ODS:
		rc = sh_ods_list(s, fn, ctx, err);
		break;
	case GD_SHEET_XLS:
		rc = sh_xls_list(s, fn, ctx, err);
		break;
	default:
		rc = gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
		    "not a spreadsheet");
	}
	gd_sheet_free(s);
	return rc;
}

/* ---- sniffing ---- */

enum gd_sheet_kind
gd_sheet_sniff(const char *path)
{
	static const unsigned char ole[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1,
	    0xB1, 0x1A, 0xE1 };
	unsigned char b[8];
	enum gd_sheet_kind k = GD_SHEET_NONE;
	zip_t *z;
	zip_int64_t i;
	struct stat sb;
	int fd, ze;
	ssize_t r;

	/* Only a regular file, and looked at before it is opened: opening
	 * a named pipe would let its writer go on (and end, if it is
	 * closed again), and the bytes read would be lost to the reader of
	 * its real format. */
	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
		return GD_SHEET_NONE;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return GD_SHEET_NONE;
	r = read(fd, b, sizeof(b));
	close(fd);
	if (r == 8 && memcmp(b, ole, 8) == 0)
		return GD_SHEET_XLS;
	if (r < 4 || memcmp(b, "PK\3\4", 4) != 0)
		return GD_SHEET_NONE;
	if ((z = zip_open(path, ZIP_RDONLY, &ze)) == NULL)
		/* A zip that cannot be read: the readers say why, as
		 * the kind its name says, else as XLSX. */
		return gd_sheet_kind_of_name(path) != GD_SHEET_NONE ?
		    gd_sheet_kind_of_name(path) : GD_SHEET_XLSX;
	if ((i = zip_name_locate(z, "mimetype", 0)) >= 0) {
		zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
		char m[64];
		zip_int64_t n = f ? zip_fread(f, m, sizeof(m) - 1) : -1;

		if (n > 0) {
			m[n] = '\0';
			if (strncmp(m, "application/vnd.oasis.opendocument."
			    "spreadsheet", 46) == 0)
				k = GD_SHEET_ODS;
		}
		if (f)
			zip_fclose(f);
	}
	if (k == GD_SHEET_NONE && zip_name_locate(z, "[Content_Types].xml", 0)
	    >= 0)
		k = GD_SHEET_XLSX;	/* its reader checks the workbook */
	zip_discard(z);
	return k;
}

/* ---- zip members ---- */

/*
 * libzip reports some allocation failures as damage ("Not a zip
 * archive", a read error): after one of its errors, memory that cannot
 * be had says which it was.
 */
static int
out_of_memory(void)
{
	void *p = malloc(4096);

	free(p);
	return p == NULL;
}

/* The file, and the sheet once it is known: "export.xlsx:Sheet1". */
static const char *
where(const struct gd_sheet *s, char *buf, size_t size)
{
	char lab[120];

	if (s->name == NULL)
		return s->path;
	sheet_label(s->name, lab, sizeof(lab));
	snprintf(buf, size, "%s:%s", s->path, lab);
	return buf;
}

zip_t *
sh_zip_open(struct gd_sheet *s, const char *path, struct gd_error *err)
{
	zip_error_t ze;
	zip_t *z;
	int e;

	if ((z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &e)) != NULL)
		return z;
	if (e == ZIP_ER_OPEN || e == ZIP_ER_READ || e == ZIP_ER_NOENT) {
		gd_error_set(err, GD_EXIT_IO, path, 0, 0, "%s",
		    strerror(errno));
		return NULL;
	}
	if (e == ZIP_ER_MEMORY || out_of_memory()) {
		gd_error_nomem(err, path, 0);
		return NULL;
	}
	zip_error_init_with_code(&ze, e);
	gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0, "not a readable zip "
	    "package (truncated or damaged?): %s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return NULL;
}

int
sh_member_open(struct gd_sheet *s, zip_t *z, const char *name,
    zip_uint64_t max, struct sh_member *m, struct gd_error *err)
{
	zip_stat_t st;
	zip_int64_t i;
	char w[GD_ERR_FILE];

	memset(m, 0, sizeof(*m));
	m->name = name;
	if ((i = zip_name_locate(z, name, 0)) < 0)
		return 0;
	zip_stat_init(&st);
	if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) == -1 ||
	    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
		return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
		    "%s: damaged zip entry", name);
	if (st.size > max)
		return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
		    "%s: %llu bytes expanded, over the cap of %llu",
		    name, (unsigned long long)st.size,
		    (unsigned long long)max);
	if (st.size > GD_SHEET_RATIO_FLOOR &&
	    st.size / GD_SHEET_MAX_RATIO > st.comp_size)
		return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
		    "%s: compressed %llu:1, over the cap of %d:1 (a zip "
		    "bomb?)", name, (unsigned long long)(st.size /
		    (st.comp_size ? st.comp_size : 1)), GD_SHEET_MAX_RATIO);
	if ((m->f = zip_fopen_index(z, (zip_uint64_t)i, 0)) == NULL &&
	    out_of_memory())
		return gd_error_nomem(err, s->path, 0);
	if (m->f == NULL)
		return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
		    "%s: cannot be read: %s", name, zip_strerror(z));
	m->size = st.size;
	return 1;
}

long
sh_member_read(struct gd_sheet *s, struct sh_member *m, char *buf,
    size_t n, struct gd_error *err)
{
	zip_int64_t r;
	char w[GD_ERR_FILE];

	/* Never more than it said it holds: a zip bomb's real size is
	 * not its word. */
	if (n > m->size - m->done + 1)
		n = (size_t)(m->size - m->done + 1);
	r = zip_fread(m->f, buf, n);
	if (r < 0 && out_of_memory())
		return gd_error_nomem(err, s->path, 0);
	if (r < 0)
		return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
		    "%s: damaged (%s)", m->name, zip_file_strerror(m->f));
	m->done += (zip_uint64_t)r;
	if (m->done > m->size)
		return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
		    "%s: longer than its zip entry says", m->name);
	if (r == 0 && m->done != m->size)
		return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
		    "%s: truncated", m->name);
	return (long)r;
}

void
sh_member_close(struct sh_member *m)
{
	if (m->f)
		zip_fclose(m->f);
	m->f = NULL;
}

/* ---- XML ---- */

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	struct sh_xml *x = ud;

	x->doctype = 1;
	XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL
on_entity(void *ud, const XML_Char *name, int pe, const XML_Char *v,
    int vlen, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	struct sh_xml *x = ud;

	x->doctype = 1;
	XML_StopParser(x->p, XML_FALSE);
}

XML_Parser
sh_xml_new(struct sh_xml *x)
{
	x->doctype = x->stop = x->nomem = 0;
	if ((x->p = XML_ParserCreate("UTF-8")) == NULL)
		return NULL;
	XML_SetUserData(x->p, x);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	XML_SetEntityDeclHandler(x->p, on_entity);
	/* Never an external entity, a parameter entity or a DTD read. */
	XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
	return x->p;
}

const char *
sh_local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

const char *
sh_attr(const char **atts, const char *want)
{
	size_t i;

	for (i = 0; atts[i]; i += 2)
		if (strcmp(sh_local(atts[i]), want) == 0)
			return atts[i + 1];
	return NULL;
}

int
sh_xml_error(struct gd_sheet *s, struct sh_xml *x, const char *name,
    struct gd_error *err)
{
	char w[GD_ERR_FILE];

	if (x->nomem || XML_GetErrorCode(x->p) == XML_ERROR_NO_MEMORY)
		return gd_error_nomem(err, s->path, 0);
	if (x->doctype)
		return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
		    "%s: a document type declaration (DOCTYPE), refused: "
		    "entities are never expanded", name);
	return gd_error_set(err, GD_EXIT_UNUSABLE, where(s, w, sizeof(w)), 0, 0,
	    "%s:%lu:%lu: not well-formed XML: %s", name,
	    (unsigned long)XML_GetCurrentLineNumber(x->p),
	    (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1,
	    XML_ErrorString(XML_GetErrorCode(x->p)));
}

int
sh_parse_member(struct gd_sheet *s, zip_t *z, const char *name,
    zip_uint64_t max, struct sh_xml *x, struct gd_error *err)
{
	struct sh_member m;
	void *buf;
	long n;
	int rc;

	if ((rc = sh_member_open(s, z, name, max, &m, err)) != 1)
		return rc;
	for (;;) {
		if ((buf = XML_GetBuffer(x->p, XML_CHUNK)) == NULL) {
			sh_member_close(&m);
			return gd_error_nomem(err, s->path, 0);
		}
		if ((n = sh_member_read(s, &m, buf, XML_CHUNK, err)) < 0) {
			sh_member_close(&m);
			return -1;
		}
		if (XML_ParseBuffer(x->p, (int)n, n == 0) != XML_STATUS_OK) {
			sh_member_close(&m);
			if (x->stop)
				return -1;
			return sh_xml_error(s, x, name, err);
		}
		if (n == 0)
			break;
	}
	sh_member_close(&m);
	return 1;
}

int
sh_buf_add(struct gd_buf *b, size_t cap, const char *p, size_t n,
    int *over)
{
	if (b->len + n > cap) {
		*over = 1;
		n = b->len < cap ? cap - b->len : 0;
	}
	if (n > 0 && gd_buf_add(b, p, n) == -1) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* ---- dates ---- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), and back. */
static void
civil(long z, int *y, unsigned *m, unsigned *d)
{
	long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void
put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

size_t
gd_sheet_date(double v, int date1904, int what, char *buf, size_t size)
{
	size_t k;
	long days, secs;
	double whole, t;
	int y;
	unsigned mo, d;

	if (!(v >= 0) || v > 2958466 || size < 20)
		return 0;
	/* To the nearest second, which may carry into the next day. */
	t = floor(v * 86400.0 + 0.5);
	whole = floor(t / 86400.0);
	secs = (long)(t - whole * 86400.0);
	days = (long)whole;
	if (date1904)
		days -= 24107;		/* 1970-01-01 - 1904-01-01 */
	else if (days == 60)
		return 0;		/* 1900-02-29, which never was */
	else if (days > 60)
		days -= 25569;		/* 1899-12-30 */
	else
		days -= 25568;		/* 1899-12-31: before the bug */
	if (what == 1 && secs != 0)
		what = 3;		/* a time the style hides: kept */
	civil(days, &y, &mo, &d);
	if (y < 0 || y > 9999)
		return 0;
	/* By hand: this runs for every date cell of a sheet. */
	k = 0;
	if (what & 1) {
		put2(buf, (unsigned)y / 100);
		put2(buf + 2, (unsigned)y % 100);
		buf[4] = '-';
		put2(buf + 5, mo);
		buf[7] = '-';
		put2(buf + 8, d);
		k = 10;
		if (what == 3)
			buf[k++] = 'T';
	}
	if (what & 2) {
		put2(buf + k, (unsigned)(secs / 3600));
		buf[k + 2] = ':';
		put2(buf + k + 3, (unsigned)(secs / 60 % 60));
		buf[k + 5] = ':';
		put2(buf + k + 6, (unsigned)(secs % 60));
		k += 8;
	}
	buf[k] = '\0';
	return k;
}

int
gd_sheet_builtin_date(unsigned id)
{
	if (id >= 14 && id <= 17)
		return 1;
	if (id >= 18 && id <= 21)
		return 2;
	if (id == 22)
		return 3;
	if (id >= 45 && id <= 47)
		return 2;
	return 0;
}

int
gd_sheet_format_date(const char *code)
{
	const char *p;
	int date = 0, time = 0, quoted = 0;

	/* Only the first section (positive numbers) counts. */
	for (p = code; *p && !(*p == ';' && !quoted); p++) {
		if (quoted) {
			quoted = *p != '"';
			continue;
		}
		switch (*p) {
		case '"':
			quoted = 1;
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1])
				p++;
			break;
		case '[':
			/* [h] [mm] [ss]: elapsed time; [Red], [$-409]: no */
			if ((p[1] == 'h' || p[1] == 'H' || p[1] == 'm' ||
			    p[1] == 'M' || p[1] == 's' || p[1] == 'S') &&
			    strchr(p, ']') && strspn(p + 1, "hHmMsS") ==
			    (size_t)(strchr(p, ']') - p - 1))
				time = 1;
			while (*p && *p != ']')
				p++;
			if (*p == '\0')
				return 0;
			break;
		case 'd': case 'D': case 'y': case 'Y':
			date = 1;
			break;
		case 'h': case 'H': case 's': case 'S':
			time = 1;
			break;
		case 'm': case 'M':
			/* months or minutes: a date without hours is a
			 * date */
			date = date || !time;
			break;
		default:
			break;
		}
	}
	/* "mm:ss" alone is minutes. */
	if (time && !strpbrk(code, "dDyY"))
		date = 0;
	return date | (time << 1);
}
