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
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

/* Field texts (each followed by NUL) with their offsets and lengths. */
struct fstore {
	struct gd_buf text;
	size_t *off, *len;
	size_t nf, fcap;
};

/* libcsv's parser states (libcsv.c): between records, inside a field. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN 2

#define NBATCH 4
#define BATCH_RECS 2048
#define BATCH_TEXT (1UL << 20)

/* A record in a batch: fields and text are in the batch's arrays. */
struct brec {
	size_t f0, n;		/* fields f0 .. f0+n-1 */
	unsigned long line, recno;
	int rc;			/* 1, or -2 (reject: err, raw) */
	size_t err;		/* index in errs, for rc -2 */
	size_t raw_off, rawlen;
	int raw_cut;
};

struct batch {
	struct fstore fs;
	struct brec *recs;
	size_t nrec, rcap;
	struct gd_error *errs;
	size_t nerr, ecap;
	int end;		/* last batch: then end_rc */
	int end_rc;		/* 0 at the end of input, -1 on error */
	struct gd_error end_err;
};

struct gd_csv_thread {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[NBATCH];
	unsigned head, count;	/* full batches: b[head], ... */
	int stop;
	/* The consumer's place. */
	struct batch *cur;
	size_t next;
	int done;
	const char **ptr;
	size_t pcap;
};

struct gd_csv {
	struct gd_csv_thread *th;
	struct gd_source *src;
	struct csv_parser p;
	size_t max_field, max_row;
	unsigned char delim;
	const char *chunk;
	size_t clen, cpos;
	int eof, done;

	struct fstore own;	/* fields, when not threaded */
	struct fstore *fs;	/* where fields go: own, or a batch's */
	size_t f0, t0;		/* the record's first field and text offset */
	const char **ptr;
	size_t pcap;
	int nomem;

	/*
	 * The raw text of the record: while it lies in the current block
	 * it is only pointed at (raw_at); when the block must be refilled
	 * under it, it is copied into raw and grows there.
	 */
	const char *raw_at;	/* start in the block, or NULL */
	struct gd_buf raw;
	int raw_cut;
	size_t rawbytes;	/* raw bytes of the record, also past the cut */

	unsigned long line;	/* physical line being fed */
	unsigned long row_line;	/* line the record began on (0: not yet) */
	unsigned long recno;
	int row_ready;
	int field_over, row_over;
	int cr_pending;		/* the block ended in a CR */
	size_t lf_at, cr_at;	/* next LF, CR in the block (clen: none;
				 * SIZE_MAX: not looked for yet) */
	size_t max_fields;	/* 0: any number */

	/*
	 * A part reader (gd_csv_part_new, gd_csv_part): text is fed from
	 * memory, not read from src, and its end is the input's only when
	 * last is set; otherwise gd_csv_next() returns GD_CSV_MORE there,
	 * with what it has of a record kept (resume) for the next text.
	 */
	int part, last, resume;
};

static int thread_start(struct gd_csv *, struct gd_error *);

static int
keep_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

static int
fstore_add(struct fstore *fs, const char *s, size_t n)
{
	if (fs->nf == fs->fcap) {
		size_t ncap = fs->fcap ? fs->fcap * 2 : 64;
		size_t *no, *nl;

		if ((no = realloc(fs->off, ncap * sizeof(*no))) == NULL)
			return -1;
		fs->off = no;
		if ((nl = realloc(fs->len, ncap * sizeof(*nl))) == NULL)
			return -1;
		fs->len = nl;
		fs->fcap = ncap;
	}
	fs->off[fs->nf] = fs->text.len;
	fs->len[fs->nf] = n;
	if (gd_buf_grow(&fs->text, n + 1) == -1)
		return -1;
	memcpy(fs->text.data + fs->text.len, s, n);
	fs->text.len += n;
	fs->text.data[fs->text.len++] = '\0';
	fs->nf++;
	return 0;
}

static void
fstore_reset(struct fstore *fs)
{
	gd_buf_reset(&fs->text);
	fs->nf = 0;
}

static void
fstore_release(struct fstore *fs)
{
	gd_buf_release(&fs->text);
	free(fs->off);
	free(fs->len);
}

static void
on_field(void *s, size_t n, void *data)
{
	struct gd_csv *r = data;

	if (n > r->max_field) {
		r->field_over = 1;
		n = 0;
	} else if (r->fs->text.len - r->t0 + n > r->max_row) {
		r->row_over = 1;
		n = 0;
	}
	if (fstore_add(r->fs, s, n) == -1)
		r->nomem = 1;
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
		gd_error_nomem(err, gd_source_name(src), 0);
		return NULL;
	}
	r->delim = o && o->delim ? (unsigned char)o->delim : ',';
	csv_set_delim(&r->p, r->delim);
	csv_set_space_func(&r->p, keep_spaces);
	r->src = src;
	r->max_field = o && o->max_field ? o->max_field :
	    GD_CSV_MAX_FIELD_DEFAULT;
	r->max_row = o && o->max_row ? o->max_row : GD_CSV_MAX_ROW_DEFAULT;
	gd_buf_init(&r->own.text, 0);
	r->fs = &r->own;
	gd_buf_init(&r->raw, 0);
	r->line = 1;
	if (o && o->threaded && thread_start(r, err) == -1) {
		gd_csv_free(r);
		return NULL;
	}
	return r;
}

static void
start_record(struct gd_csv *r)
{
	if (r->fs == &r->own)
		fstore_reset(&r->own);
	r->f0 = r->fs->nf;
	r->t0 = r->fs->text.len;
	gd_buf_reset(&r->raw);
	r->raw_at = NULL;
	r->raw_cut = 0;
	r->rawbytes = 0;
	r->row_line = 0;
	r->row_ready = 0;
	r->field_over = 0;
	r->row_over = 0;
}

/* Copies raw text into the raw buffer, keeping only the start of a
 * record that is over its cap. */
static void
copy_raw(struct gd_csv *r, const char *s, size_t n)
{
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

/* A segment of n bytes at s (in the block) belongs to the record. */
static void
keep_raw(struct gd_csv *r, const char *s, size_t n)
{
	if (r->rawbytes == 0)
		r->raw_at = s;
	r->rawbytes += n;
	if (r->rawbytes > r->max_row)
		r->row_over = 1;
	if (r->raw_at == NULL)
		copy_raw(r, s, n);
}

/* The block is about to be refilled: keep the record's text so far. */
static void
save_raw(struct gd_csv *r)
{
	if (r->raw_at == NULL)
		return;
	copy_raw(r, r->raw_at, (size_t)(r->chunk + r->cpos - r->raw_at));
	r->raw_at = NULL;
}

/* Fills in *rec from the reader's state (field pointers: only when
 * not threaded; the producer keeps offsets). */
static void
describe(struct gd_csv *r, struct gd_csvrec *rec)
{
	struct fstore *fs = r->fs;
	size_t i, n = fs->nf - r->f0;

	rec->n = n;
	rec->f = NULL;
	rec->len = fs->len ? fs->len + r->f0 : NULL;
	if (fs == &r->own && n > 0) {
		if (n > r->pcap) {
			const char **np = realloc(r->ptr, fs->fcap *
			    sizeof(*np));

			if (np == NULL) {
				r->nomem = 1;
				rec->n = 0;
				n = 0;
			} else {
				r->ptr = np;
				r->pcap = fs->fcap;
			}
		}
		/* The text may have moved while it grew: pointers last. */
		for (i = 0; i < n; i++)
			r->ptr[i] = fs->text.data + fs->off[r->f0 + i];
		rec->f = r->ptr;
	}
	rec->line = r->row_line ? r->row_line : r->line;
	rec->recno = r->recno;
	if (r->raw_at) {
		rec->raw = r->raw_at;
		rec->rawlen = (size_t)(r->chunk + r->cpos - r->raw_at);
	} else {
		rec->raw = r->raw.data ? r->raw.data : "";
		rec->rawlen = r->raw.len;
	}
	rec->raw_cut = r->raw_cut;
	/* A record over a cap keeps its first GD_CSV_RAW_KEEP bytes,
	 * wherever the read blocks (or parts) fell in it. */
	if ((r->field_over || r->row_over) && rec->rawlen > GD_CSV_RAW_KEEP) {
		rec->rawlen = GD_CSV_RAW_KEEP;
		rec->raw_cut = 1;
	}
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
	if (r->max_fields && rec->n > r->max_fields)
		return gd_error_set(err, GD_EXIT_REJECTS, name, rec->line, 0,
		    "%zu fields, more than the header's %zu", rec->n,
		    r->max_fields), -2;
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

/*
 * Length of the next segment, from cpos: up to and including the first
 * CR or LF.  Where the next LF and the next CR are is remembered for the
 * block, so a block with one kind of line end only (CR-only files) is not
 * searched again for the other at every line.
 */
static size_t
segment(struct gd_csv *r, int *has_lf)
{
	const char *s = r->chunk;
	size_t pos = r->cpos, end, lf, cr;
	const char *p;

	if (r->lf_at == SIZE_MAX || r->lf_at < pos) {
		p = memchr(s + pos, '\n', r->clen - pos);
		r->lf_at = p ? (size_t)(p - s) : r->clen;
	}
	if (r->cr_at == SIZE_MAX || r->cr_at < pos) {
		p = memchr(s + pos, '\r', r->clen - pos);
		r->cr_at = p ? (size_t)(p - s) : r->clen;
	}
	lf = r->lf_at;
	cr = r->cr_at;
	*has_lf = 0;
	if (cr < lf)
		end = cr;
	else if (lf < r->clen) {
		end = lf;
		*has_lf = 1;
	} else
		return r->clen - pos;
	return end - pos + 1;
}

/*
 * The start of a line that begins a record (n bytes ending in LF, no
 * CR): the fields before the first one with a quote character are the
 * text between delimiters, as libcsv would give them (spaces kept), so
 * they are split here, without libcsv's byte-by-byte state machine; the
 * rest of the line, from the start of that field, is left to libcsv.
 * Returns the bytes taken: all n when the line has no quote at all.
 */
static size_t
plain_prefix(struct gd_csv *r, const char *seg, size_t n)
{
	const char *p = seg, *end = seg + n - 1, *q, *d;

	if (n < 2 || r->p.pstate != LIBCSV_ROW_NOT_BEGUN)
		return 0;
	q = memchr(seg, '"', n - 1);
	if (q != NULL)
		end = q;
	for (;;) {
		d = memchr(p, r->delim, (size_t)(end - p));
		if (d == NULL)
			break;
		on_field((void *)(uintptr_t)p, (size_t)(d - p), r);
		p = d + 1;
	}
	if (q != NULL)
		return (size_t)(p - seg);
	on_field((void *)(uintptr_t)p, (size_t)(end - p), r);
	r->row_ready = 1;
	return n;
}

static int
next_sync(struct gd_csv *r, struct gd_csvrec *rec, struct gd_error *err)
{
	const char *seg;
	size_t n, k, feed;
	int has_lf, rc;

	if (r->done)
		return 0;
	if (r->resume)
		r->resume = 0;
	else
		start_record(r);
	for (;;) {
		if (r->cpos >= r->clen && r->part) {
			save_raw(r);
			if (!r->last) {
				r->resume = 1;
				return GD_CSV_MORE;
			}
			r->clen = r->cpos = 0;
			break;
		}
		if (r->cpos >= r->clen) {
			save_raw(r);
			rc = gd_source_read(r->src, &r->chunk, &r->clen, err);
			if (rc < 0)
				return -1;
			r->cpos = 0;
			r->lf_at = r->cr_at = SIZE_MAX;
			if (rc == 0) {
				r->clen = 0;
				break;
			}
			continue;
		}
		seg = r->chunk + r->cpos;
		n = segment(r, &has_lf);
		if (r->cr_pending) {
			/* A lone CR (old Mac line ends) is a line end too. */
			if (seg[0] != '\n')
				r->line++;
			r->cr_pending = 0;
		}
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
		k = has_lf ? plain_prefix(r, seg, n) : 0;
		feed = k + (k < n ? csv_parse(&r->p, seg + k, n - k, on_field,
		    on_row, r) : 0);
		r->cpos += n;
		if (has_lf)
			r->line++;
		else if (n > 0 && seg[n - 1] == '\r' && (r->row_ready ||
		    r->p.pstate == 0)) {
			/* A CR that ends a record (not one inside quotes). */
			if (r->cpos >= r->clen)
				r->cr_pending = 1;
			else if (r->chunk[r->cpos] != '\n')
				r->line++;
		}
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

	/* End of input.  libcsv's own check (CSV_STRICT_FINI) needs strict
	 * mode, which would also refuse a stray quote inside a field: look
	 * at its state instead.  A field still open in quotes swallowed the
	 * rest of the input: that is a reject, not a record. */
	r->done = 1;
	if (r->p.quoted && r->p.pstate == LIBCSV_FIELD_BEGUN) {
		r->recno++;
		describe(r, rec);
		(void)csv_fini(&r->p, NULL, NULL, NULL);
		gd_error_set(err, GD_EXIT_REJECTS, gd_source_name(r->src),
		    rec->line, 0, "quoted field not closed at end of input");
		return -2;
	}
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

/* ---- the threaded reader ---- */

/* Records the record just read (its fields are in the batch already). */
static int
batch_add(struct batch *b, const struct gd_csvrec *rec, size_t f0, int rc,
    const struct gd_error *err)
{
	struct brec *br;

	if (b->nrec == b->rcap) {
		size_t ncap = b->rcap ? b->rcap * 2 : 256;
		struct brec *nr = realloc(b->recs, ncap * sizeof(*nr));

		if (nr == NULL)
			return -1;
		b->recs = nr;
		b->rcap = ncap;
	}
	br = &b->recs[b->nrec];
	br->f0 = f0;
	br->n = rec->n;
	br->line = rec->line;
	br->recno = rec->recno;
	br->rc = rc;
	br->raw_off = br->rawlen = 0;
	br->raw_cut = rec->raw_cut;
	if (rc == -2) {
		if (b->nerr == b->ecap) {
			size_t ncap = b->ecap ? b->ecap * 2 : 8;
			struct gd_error *ne = realloc(b->errs, ncap *
			    sizeof(*ne));

			if (ne == NULL)
				return -1;
			b->errs = ne;
			b->ecap = ncap;
		}
		br->err = b->nerr;
		b->errs[b->nerr++] = *err;
		br->raw_off = b->fs.text.len;
		br->rawlen = rec->rawlen;
		if (gd_buf_add(&b->fs.text, rec->raw, rec->rawlen) == -1)
			return -1;
	}
	b->nrec++;
	return 0;
}

static void
batch_reset(struct batch *b)
{
	fstore_reset(&b->fs);
	b->nrec = b->nerr = 0;
	b->end = 0;
}

static void *
producer(void *arg)
{
	struct gd_csv *r = arg;
	struct gd_csv_thread *th = r->th;
	struct gd_csvrec rec;
	struct gd_error err;
	struct batch *b;
	unsigned slot;
	int rc = 1;

	while (rc != 0 && rc != -1) {
		pthread_mutex_lock(&th->mu);
		while (th->count == NBATCH && !th->stop)
			pthread_cond_wait(&th->cv, &th->mu);
		if (th->stop) {
			pthread_mutex_unlock(&th->mu);
			return NULL;
		}
		slot = (th->head + th->count) % NBATCH;
		pthread_mutex_unlock(&th->mu);

		/* The slot is ours until it is published. */
		b = &th->b[slot];
		batch_reset(b);
		r->fs = &b->fs;
		while (b->nrec < BATCH_RECS && b->fs.text.len < BATCH_TEXT) {
			rc = next_sync(r, &rec, &err);
			if (rc == 0 || rc == -1) {
				b->end = 1;
				b->end_rc = rc;
				b->end_err = err;
				break;
			}
			if (batch_add(b, &rec, r->f0, rc, &err) == -1) {
				rc = -1;
				b->end = 1;
				b->end_rc = -1;
				gd_error_nomem(&b->end_err, gd_source_name(r->src), rec.line);
				break;
			}
		}
		pthread_mutex_lock(&th->mu);
		th->count++;
		pthread_cond_broadcast(&th->cv);
		pthread_mutex_unlock(&th->mu);
	}
	return NULL;
}

static int
thread_start(struct gd_csv *r, struct gd_error *err)
{
	struct gd_csv_thread *th;
	int i;

	if ((th = calloc(1, sizeof(*th))) == NULL)
		return gd_error_nomem(err, gd_source_name(r->src), 0);
	for (i = 0; i < NBATCH; i++)
		gd_buf_init(&th->b[i].fs.text, 0);
	/* Without a mutex, a condition variable or the thread, the reader
	 * reads in this thread (the caller sees the same records): the
	 * contract of gd_csv_ahead() and of o->threaded. */
	if (pthread_mutex_init(&th->mu, NULL) != 0) {
		free(th);
		return 0;
	}
	if (pthread_cond_init(&th->cv, NULL) != 0) {
		pthread_mutex_destroy(&th->mu);
		free(th);
		return 0;
	}
	r->th = th;
	if (pthread_create(&th->tid, NULL, producer, r) != 0) {
		r->th = NULL;
		pthread_mutex_destroy(&th->mu);
		pthread_cond_destroy(&th->cv);
		free(th);
	}
	return 0;
}

static void
thread_stop(struct gd_csv *r)
{
	struct gd_csv_thread *th = r->th;
	int i;

	pthread_mutex_lock(&th->mu);
	th->stop = 1;
	pthread_cond_broadcast(&th->cv);
	pthread_mutex_unlock(&th->mu);
	pthread_join(th->tid, NULL);
	pthread_mutex_destroy(&th->mu);
	pthread_cond_destroy(&th->cv);
	for (i = 0; i < NBATCH; i++) {
		fstore_release(&th->b[i].fs);
		free(th->b[i].recs);
		free(th->b[i].errs);
	}
	free(th->ptr);
	free(th);
	r->th = NULL;
}

/*
 * Record br of batch b as rec: its fields' pointers in *ptr (grown to
 * *pcap as needed; name and the record's line for a failure).  Returns
 * 1, -2 (the record's own error into err) or -1 (memory).
 */
static int
batch_rec(const struct batch *b, const struct brec *br, const char ***ptr,
    size_t *pcap, const char *name, struct gd_csvrec *rec,
    struct gd_error *err)
{
	size_t i;

	if (br->n > *pcap) {
		const char **np = realloc(*ptr, br->n * sizeof(*np));

		if (np == NULL)
			return gd_error_nomem(err, name, br->line);
		*ptr = np;
		*pcap = br->n;
	}
	for (i = 0; i < br->n; i++)
		(*ptr)[i] = b->fs.text.data + b->fs.off[br->f0 + i];
	rec->n = br->n;
	rec->f = *ptr;
	/* A batch that holds no field or text yet has NULL arrays: no
	 * arithmetic on those (undefined even with 0). */
	rec->len = b->fs.len ? b->fs.len + br->f0 : NULL;
	rec->line = br->line;
	rec->recno = br->recno;
	rec->raw = b->fs.text.data ? b->fs.text.data + br->raw_off : "";
	rec->rawlen = br->rawlen;
	rec->raw_cut = br->raw_cut;
	if (br->rc == -2) {
		*err = b->errs[br->err];
		return -2;
	}
	return 1;
}

static int
next_threaded(struct gd_csv *r, struct gd_csvrec *rec, struct gd_error *err)
{
	struct gd_csv_thread *th = r->th;
	struct batch *b;

	if (th->done)
		return 0;
	while (th->cur == NULL || th->next >= th->cur->nrec) {
		if (th->cur && th->cur->end) {
			th->done = 1;
			if (th->cur->end_rc == -1) {
				*err = th->cur->end_err;
				return -1;
			}
			return 0;
		}
		pthread_mutex_lock(&th->mu);
		if (th->cur) {
			/* Give the batch we are done with back. */
			th->head = (th->head + 1) % NBATCH;
			th->count--;
			pthread_cond_broadcast(&th->cv);
		}
		while (th->count == 0)
			pthread_cond_wait(&th->cv, &th->mu);
		th->cur = &th->b[th->head];
		pthread_mutex_unlock(&th->mu);
		th->next = 0;
	}
	b = th->cur;
	return batch_rec(b, &b->recs[th->next++], &th->ptr, &th->pcap,
	    gd_source_name(r->src), rec, err);
}

void
gd_csv_limit_fields(struct gd_csv *r, size_t max)
{
	r->max_fields = max;
}

int
gd_csv_ahead(struct gd_csv *r, struct gd_error *err)
{
	if (r->th || r->done)
		return 0;
	return thread_start(r, err);
}

int
gd_csv_next(struct gd_csv *r, struct gd_csvrec *rec, struct gd_error *err)
{
	return r->th ? next_threaded(r, rec, err) : next_sync(r, rec, err);
}

void
gd_csv_free(struct gd_csv *r)
{
	if (r == NULL)
		return;
	if (r->th)
		thread_stop(r);
	csv_free(&r->p);
	fstore_release(&r->own);
	gd_buf_release(&r->raw);
	free(r->ptr);
	free(r);
}

/* ---- parts: text parsed apart, from a record boundary ---- */

struct gd_csv_part {
	struct gd_csv *r;	/* the part reader */
	struct batch b;		/* its records */
	int clean;		/* the text ended at a record boundary */
	unsigned long lines;	/* the line counter at its end */
	size_t tail_off;	/* after the last whole record */
	unsigned long tail_line;
	int tail_cr;
	const char **ptr;
	size_t pcap;
};

/* Starts a part reader again, between records. */
static int
part_reset(struct gd_csv *r, unsigned long line, int cr)
{
	csv_free(&r->p);
	if (csv_init(&r->p, CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_delim(&r->p, r->delim);
	csv_set_space_func(&r->p, keep_spaces);
	r->chunk = NULL;
	r->clen = r->cpos = 0;
	r->done = r->eof = r->resume = r->last = 0;
	r->raw_at = NULL;
	gd_buf_reset(&r->raw);
	r->raw_cut = 0;
	r->rawbytes = 0;
	r->line = line;
	r->row_line = 0;
	r->recno = 0;
	r->row_ready = r->field_over = r->row_over = 0;
	r->cr_pending = cr;
	r->lf_at = r->cr_at = SIZE_MAX;
	r->nomem = 0;
	return 0;
}

struct gd_csv *
gd_csv_part_reader(const struct gd_csv *like, unsigned long line, int cr,
    struct gd_error *err)
{
	struct gd_csv_opts o;
	struct gd_csv *r;

	memset(&o, 0, sizeof(o));
	o.delim = like->delim;
	o.max_field = like->max_field;
	o.max_row = like->max_row;
	if ((r = gd_csv_new(like->src, &o, err)) == NULL)
		return NULL;
	r->max_fields = like->max_fields;
	r->part = 1;
	r->line = line;
	r->cr_pending = cr;
	return r;
}

void
gd_csv_feed(struct gd_csv *r, const char *p, size_t n, int last)
{
	r->chunk = p;
	r->clen = n;
	r->cpos = 0;
	r->last = last;
	r->lf_at = r->cr_at = SIZE_MAX;
}

int
gd_csv_clean(const struct gd_csv *r)
{
	return r->p.pstate == LIBCSV_ROW_NOT_BEGUN && r->row_line == 0 &&
	    !r->cr_pending && !r->nomem;
}

unsigned long
gd_csv_line(const struct gd_csv *r)
{
	return r->line;
}

int
gd_csv_rest(struct gd_csv *r, const char **p, size_t *n, unsigned long *line,
    int *cr)
{
	if (r->th || r->part || r->done || r->nomem ||
	    r->p.pstate != LIBCSV_ROW_NOT_BEGUN)
		return -1;
	*p = r->chunk ? r->chunk + r->cpos : "";
	*n = r->chunk ? r->clen - r->cpos : 0;
	*line = r->line;
	*cr = r->cr_pending;
	r->done = 1;
	return 0;
}

struct gd_csv_part *
gd_csv_part_new(const struct gd_csv *like, struct gd_error *err)
{
	struct gd_csv_part *pt;

	if ((pt = calloc(1, sizeof(*pt))) == NULL) {
		gd_error_nomem(err, gd_source_name(like->src), 0);
		return NULL;
	}
	gd_buf_init(&pt->b.fs.text, 0);
	if ((pt->r = gd_csv_part_reader(like, 0, 0, err)) == NULL) {
		free(pt);
		return NULL;
	}
	return pt;
}

void
gd_csv_part_parse(struct gd_csv_part *pt, const char *p, size_t n, int last,
    unsigned long line, int cr)
{
	struct gd_csv *r = pt->r;
	struct gd_csvrec rec;
	struct gd_error err;
	int rc;

	batch_reset(&pt->b);
	pt->b.end_rc = 0;
	pt->clean = 0;
	pt->tail_off = 0;
	pt->tail_line = line;
	pt->tail_cr = cr;
	if (part_reset(r, line, cr) == -1) {
		pt->b.end_rc = -1;
		gd_error_nomem(&pt->b.end_err, gd_source_name(r->src), line);
		return;
	}
	r->fs = &pt->b.fs;
	gd_csv_feed(r, p, n, last);
	for (;;) {
		rc = next_sync(r, &rec, &err);
		if (rc != 1 && rc != -2)
			break;
		if (batch_add(&pt->b, &rec, r->f0, rc, &err) == -1) {
			rc = -1;
			gd_error_nomem(&err, gd_source_name(r->src), rec.line);
			break;
		}
		pt->tail_off = r->cpos;
		pt->tail_line = r->line;
		pt->tail_cr = r->cr_pending;
	}
	pt->b.end = 1;
	if (rc == -1) {
		pt->b.end_rc = -1;
		pt->b.end_err = err;
	}
	pt->clean = rc == GD_CSV_MORE && gd_csv_clean(r);
	pt->lines = r->line;
}

size_t
gd_csv_part_count(const struct gd_csv_part *pt)
{
	return pt->b.nrec;
}

int
gd_csv_part_rec(struct gd_csv_part *pt, size_t i, struct gd_csvrec *rec,
    struct gd_error *err)
{
	return batch_rec(&pt->b, &pt->b.recs[i], &pt->ptr, &pt->pcap,
	    gd_source_name(pt->r->src), rec, err);
}

int
gd_csv_part_end(const struct gd_csv_part *pt, struct gd_error *err)
{
	if (pt->b.end_rc != -1)
		return 0;
	*err = pt->b.end_err;
	return -1;
}

int
gd_csv_part_clean(const struct gd_csv_part *pt)
{
	return pt->clean;
}

unsigned long
gd_csv_part_lines(const struct gd_csv_part *pt)
{
	return pt->lines;
}

void
gd_csv_part_tail(const struct gd_csv_part *pt, size_t *off,
    unsigned long *line, int *cr)
{
	*off = pt->tail_off;
	*line = pt->tail_line;
	*cr = pt->tail_cr;
}

void
gd_csv_part_free(struct gd_csv_part *pt)
{
	if (pt == NULL)
		return;
	gd_csv_free(pt->r);
	fstore_release(&pt->b.fs);
	free(pt->b.recs);
	free(pt->b.errs);
	free(pt->ptr);
	free(pt);
}
