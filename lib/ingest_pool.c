/*
 * ingest_pool.c - a CSV file read in parts on every core (gd-ingest
 * --threads; see gd/ingest.h and ingest_int.h).
 *
 * Once the header is read, the caller's thread reads the rest of the
 * text and cuts it into parts of about part_bytes, each ending at a line
 * end after an even number of quote characters: most likely between
 * records, as a quoted field holds its quotes in pairs.  Workers parse
 * each part as if it began between records (gd_csv_part_parse), which
 * is a guess; the caller's thread checks it, in order: a part follows
 * one that ended between records (gd_csv_part_clean), or it does not.
 * When it does, where it starts is known (its first line: the lines of
 * the parts before; its first row: their rows), and a worker applies the
 * plan to its rows and renders their records.  When it does not (a stray
 * quote, or a part cut inside a quoted field), the guess was wrong: the
 * caller's thread reads the text again from where the last whole record
 * of the part before ended, as one thread reads it (ingest_row), until a
 * part ends between records; the parts after it were guessed right.
 *
 * The caller's thread takes the workers' results in order and does with
 * each row what one thread does (ingest_row, apply and emit in
 * ingest.c): the counts, each warning once, the consent labels, the
 * records held while the date order is open, --strict, the rejects; so
 * the records, the messages and their order are those of one thread.  A
 * worker's plan (gd_plan_defer) leaves the warnings' "once" to the file's
 * plan, and is given the file's date state as the caller's thread last
 * knew it; a row mapped in another state than the file's when its turn
 * comes (the order decided in a part before, or too much held) is mapped
 * again in this thread.
 *
 * As in gd-redact's pool (redact_pool.c), parts sit in a ring of
 * 2 * workers + 2 slots, numbered in input order, so memory is bounded:
 * a slot holds its text (at most PART_MAX), its records and their
 * renderings.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "ingest_int.h"

#define PART_BYTES	(128 * 1024)
#define PART_MAX	(4 * PART_BYTES)	/* cut anywhere past this */

enum {
	S_FREE,		/* nothing */
	S_PARSE,	/* text read: to parse */
	S_PARSING,
	S_PARSED,	/* records: to check */
	S_MAP,		/* checked: to map */
	S_MAPPING,
	S_MAPPED,	/* records rendered: to write */
	S_OWNED		/* read again by the caller's thread */
};

enum { P_REJECT, P_EMPTY, P_RECORD, P_FAIL };

/* What became of a row. */
struct prec {
	int kind;
	int state;		/* the date state it was mapped in */
	int ntext;		/* renderings: 1, or 3 for a held date */
	size_t out;		/* they start here in out */
	size_t len[3];
	size_t ev0, ev1;	/* its warnings in ev */
	size_t lab, lablen;	/* a consent label no table knew, in ev */
	int withheld;
	int decided;		/* it decided the date order: order */
	enum gd_date_order order;
	unsigned long kept;	/* its date kept as text */
};

struct slot {
	size_t seq;
	int state;
	struct gd_buf in;	/* the text */
	int last;		/* it ends the input */
	int rderr;		/* reading stopped after it: rerr */
	struct gd_error rerr;
	unsigned long line0;	/* the line its parse counts from */
	int cr0;
	struct gd_csv_part *pt;
	unsigned long base_line, base_row;
	int dstate;		/* the date state to map it in */
	struct prec *pr;
	size_t npr, prcap;
	struct gd_buf out;	/* renderings */
	struct gd_buf ev;	/* warnings: flag, text, NUL, key, NUL */
	struct gd_error fail;	/* a P_FAIL row's error, or stop's */
	int stop;		/* after its npr rows: fail (memory) */
};

struct mapper {
	struct ingest_pool *p;
	struct gd_plan *plan;
	struct gd_resp resp;
	struct gd_field *fields;
	size_t fcap;
	pthread_t tid;
};

struct ingest_pool {
	struct run *r;
	struct gd_csv *csv;	/* the header's reader */
	struct slot *ring;
	size_t nring;
	struct mapper *wk;
	unsigned nw, started;
	struct mapper own;	/* the caller's thread's, to map again */
	pthread_mutex_t mu;
	pthread_cond_t work;	/* a slot to parse or map, or quit */
	pthread_cond_t done;	/* a slot parsed or mapped */
	int quit;

	/* Reading. */
	const char *blk;	/* source text not yet cut */
	size_t blen;
	int eof;		/* nothing more to read */
	size_t part, part_max;
	int cut;		/* gd_ingest_opts.part_cut */
	size_t nread;		/* slots read */
	unsigned long line0;	/* where the header's reader stopped */
	int cr0;

	/* What the caller's thread knows: slots [0, w) are written,
	 * [w, v) checked (their start known), [v, nread) guessed. */
	size_t v, w;
	unsigned long line, row;	/* where slot v starts */
	/* Slot v follows one that did not end between records: its text
	 * is read again from the last whole record of that one. */
	int carry;
	struct gd_buf ctext;
	unsigned long cline;
	int ccr;
};

#define SLOT(p, k) (&(p)->ring[(k) % (p)->nring])

/* ---- mapping (workers, and the caller's thread again) ---- */

static int
ev_add(struct gd_buf *b, char flag, const char *text, const char *key)
{
	if (gd_buf_addc(b, flag) == -1 ||
	    gd_buf_add(b, text, strlen(text) + 1) == -1 ||
	    gd_buf_add(b, key ? key : "", (key ? strlen(key) : 0) + 1) == -1)
		return -1;
	return 0;
}

static int
render(struct gd_buf *b, const struct gd_resp *resp)
{
	struct gd_jw jw;

	gd_jw_init(&jw, b);
	gd_resp_write(&jw, resp);
	return jw.err || gd_buf_addc(b, '\n') == -1 ? -1 : 0;
}

/*
 * Maps rows from..end of slot s with m's plan, from the date state
 * state on: their results replace those from `from' on.
 */
static void
map_part(struct mapper *m, struct slot *s, size_t from, int state)
{
	static const int order[3] = { GD_DATE_MDY, GD_DATE_DMY, -1 };
	const struct run *r = m->p->r;
	struct gd_csvrec rec;
	struct gd_error err;
	struct gd_row row;
	struct prec *pr;
	const char *lab;
	size_t i, j, n = gd_csv_part_count(s->pt), ll;
	unsigned long kept;
	const char *w;
	int rc, k;

	gd_plan_set_date_state(m->plan, state);
	if (from < s->npr) {
		s->out.len = s->pr[from].out;
		s->ev.len = s->pr[from].ev0;
	} else {
		gd_buf_reset(&s->out);
		gd_buf_reset(&s->ev);
	}
	s->npr = from;
	s->stop = 0;
	if (n > s->prcap) {
		struct prec *np = realloc(s->pr, n * sizeof(*np));

		if (np == NULL) {
			/* The rows before, then the run stops. */
			s->stop = 1;
			gd_error_nomem(&s->fail, r->file, s->base_line);
			return;
		}
		s->pr = np;
		s->prcap = n;
	}
	for (i = from; i < n; i++) {
		pr = &s->pr[i];
		memset(pr, 0, sizeof(*pr));
		pr->out = s->out.len;
		pr->ev0 = pr->ev1 = s->ev.len;
		pr->state = gd_plan_date_state(m->plan);
		pr->ntext = 1;
		s->npr = i + 1;
		rc = gd_csv_part_rec(s->pt, i, &rec, &err);
		if (rc == -1)
			goto fail;
		if (rc == -2) {
			pr->kind = P_REJECT;
			continue;
		}
		if (rec.n > m->fcap) {
			struct gd_field *nf = realloc(m->fields, rec.n *
			    sizeof(*nf));

			if (nf == NULL)
				goto nomem;
			m->fields = nf;
			m->fcap = rec.n;
		}
		for (j = 0; j < rec.n; j++) {
			m->fields[j].name = r->names[j];
			m->fields[j].val.s = rec.f[j];
			m->fields[j].val.len = rec.len[j];
			m->fields[j].nitems = 0;
		}
		row.n = rec.n;
		row.f = m->fields;
		row.file = r->file;
		row.line = s->base_line + rec.line;
		row.row = s->base_row + i + 1;
		kept = gd_plan_date_kept(m->plan);
		rc = gd_plan_apply(m->plan, &row, &m->resp, &err);
		while ((w = gd_plan_warning(m->plan)) != NULL)
			if (ev_add(&s->ev, gd_plan_warning_consent(m->plan) ?
			    'c' : '-', w, gd_plan_warning_key(m->plan)) == -1)
				goto nomem;
		pr->ev1 = s->ev.len;
		if (rc == -1)
			goto fail;
		if (rc == 0 && (lab = gd_plan_consent_label(m->plan, &ll)) !=
		    NULL) {
			pr->lab = s->ev.len;
			pr->lablen = ll;
			pr->withheld = m->resp.consent.s != NULL &&
			    m->resp.consent.len == 8 &&
			    memcmp(m->resp.consent.s, "withheld", 8) == 0;
			if (gd_buf_add(&s->ev, lab, ll) == -1)
				goto nomem;
		}
		pr->decided = gd_plan_date_decided(m->plan, &pr->order);
		pr->kept = gd_plan_date_kept(m->plan) - kept;
		if (rc == 1) {
			pr->kind = P_EMPTY;
			continue;
		}
		pr->kind = P_RECORD;
		if (!gd_plan_date_pending(m->plan)) {
			if (render(&s->out, &m->resp) == -1)
				goto nomem;
			pr->len[0] = s->out.len - pr->out;
			continue;
		}
		pr->ntext = 3;
		for (k = 0; k < 3; k++) {
			size_t at = s->out.len;

			if (gd_plan_date_variant(m->plan, &m->resp,
			    order[k]) == -1 || render(&s->out, &m->resp) == -1)
				goto nomem;
			pr->len[k] = s->out.len - at;
		}
	}
	return;
nomem:
	gd_error_nomem(&err, r->file, s->base_line + rec.line);
fail:
	/* This row stops the run: what comes after it is not needed. */
	s->pr[s->npr - 1].kind = P_FAIL;
	s->fail = err;
}

static void *
worker_main(void *arg)
{
	struct mapper *m = arg;
	struct ingest_pool *p = m->p;
	struct slot *s, *best;
	size_t k;
	int map;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		/* The oldest part to map, else the oldest to parse: the
		 * ring is written in order. */
		best = NULL;
		for (k = 0; k < p->nring; k++) {
			s = &p->ring[k];
			if ((s->state == S_MAP && (best == NULL ||
			    best->state != S_MAP || s->seq < best->seq)) ||
			    (s->state == S_PARSE && (best == NULL ||
			    (best->state == S_PARSE && s->seq < best->seq))))
				best = s;
		}
		if (best == NULL) {
			if (p->quit)
				break;
			pthread_cond_wait(&p->work, &p->mu);
			continue;
		}
		map = best->state == S_MAP;
		best->state = map ? S_MAPPING : S_PARSING;
		pthread_mutex_unlock(&p->mu);
		if (map)
			map_part(m, best, 0, best->dstate);
		else
			gd_csv_part_parse(best->pt, best->in.data,
			    best->in.len, best->last, best->line0, best->cr0);
		pthread_mutex_lock(&p->mu);
		best->state = map ? S_MAPPED : S_PARSED;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* ---- reading ---- */

/*
 * Quote characters in s[0..n), as a parity: eight bytes at a time, the
 * high bit of each byte that is a quote found without carries between
 * bytes.  Only the parity counts, and the parity of a sum of bit counts
 * is that of the bits of their exclusive or: one count at the end.
 */
static unsigned
quotes(const char *s, size_t n)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7fULL;
	const uint64_t q8 = 0x2222222222222222ULL;
	uint64_t w, v, acc = 0;
	unsigned c = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		v = w ^ q8;
		acc ^= ~(((v & lo7) + lo7) | v | lo7);
	}
	for (; i < n; i++)
		c += s[i] == '"';
	return ((unsigned)__builtin_parityll(acc) + c) & 1;
}

/*
 * Where to cut s[0..n): after the first LF that follows an even number
 * of quotes since the part began (*q: their parity so far); 0 when there
 * is none (*q then counts all of s).
 */
static size_t
find_cut(const char *s, size_t n, unsigned *q, int any_lf)
{
	const char *at = s, *end = s + n, *lf;

	while ((lf = memchr(at, '\n', (size_t)(end - at))) != NULL) {
		*q ^= quotes(at, (size_t)(lf - at));
		if (any_lf || *q == 0)
			return (size_t)(lf + 1 - s);
		at = lf + 1;
	}
	*q ^= quotes(at, (size_t)(end - at));
	return 0;
}

static int
take(struct ingest_pool *p, struct slot *s, size_t n)
{
	if (gd_buf_add(&s->in, p->blk, n) == -1)
		return -1;
	p->blk += n;
	p->blen -= n;
	return 0;
}

/*
 * Reads the next part into s.  Returns 0, or -1 when memory runs out
 * (r->err).  A read error is kept with the slot (rderr): the rows before
 * it are written first, as in one thread.
 */
static int
read_slot(struct ingest_pool *p, struct slot *s)
{
	struct run *r = p->r;
	unsigned q = 0;
	size_t n, cut;
	int rc;

	gd_buf_reset(&s->in);
	s->last = s->rderr = 0;
	for (;;) {
		if (p->blen == 0) {
			rc = gd_source_read(r->src, &p->blk, &p->blen,
			    &s->rerr);
			if (rc == -1) {
				s->rderr = 1;
				p->eof = 1;
				p->blen = 0;
				return 0;
			}
			if (rc == 0) {
				s->last = 1;
				p->eof = 1;
				p->blen = 0;
				return 0;
			}
			continue;
		}
		if (s->in.len < p->part) {
			n = p->part - s->in.len;
			if (n > p->blen)
				n = p->blen;
			q ^= quotes(p->blk, n);
			if (take(p, s, n) == -1)
				goto nomem;
			continue;
		}
		if (p->cut == 2)
			return 0;
		cut = find_cut(p->blk, p->blen, &q, p->cut == 1);
		if (cut > 0)
			return take(p, s, cut) == -1 ? gd_error_nomem(r->err,
			    r->file, 0) : 0;
		/* No line end to cut at in this block: all of it, or as
		 * much as a part holds (the cut is then a guess that the
		 * check will find wrong). */
		n = p->blen;
		if (s->in.len + n > p->part_max)
			n = p->part_max > s->in.len ? p->part_max -
			    s->in.len : 0;
		if (n == 0 || take(p, s, n) == -1) {
			if (n == 0)
				return 0;
			goto nomem;
		}
		if (s->in.len >= p->part_max)
			return 0;
	}
nomem:
	return gd_error_nomem(r->err, r->file, 0);
}

/* Reads the next slot, for the workers to parse (parse) or for the
 * caller's thread (S_OWNED). */
static int
read_next(struct ingest_pool *p, int parse)
{
	struct slot *s = SLOT(p, p->nread);

	if (read_slot(p, s) == -1)
		return -1;
	s->seq = p->nread;
	/* Lines count from 1 (0 is no line): a part's from its first. */
	s->line0 = p->nread == 0 ? p->line0 : 1;
	s->cr0 = p->nread == 0 ? p->cr0 : 0;
	p->nread++;
	pthread_mutex_lock(&p->mu);
	s->state = parse ? S_PARSE : S_OWNED;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

/* ---- the caller's thread ---- */

static int
state_of(struct ingest_pool *p, struct slot *s)
{
	int st;

	pthread_mutex_lock(&p->mu);
	st = s->state;
	pthread_mutex_unlock(&p->mu);
	return st;
}

static void
set_state(struct ingest_pool *p, struct slot *s, int st)
{
	pthread_mutex_lock(&p->mu);
	s->state = st;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
}

/* Takes slot s from the workers: parsed or not, it is read here. */
static void
own(struct ingest_pool *p, struct slot *s)
{
	pthread_mutex_lock(&p->mu);
	while (s->state == S_PARSING)
		pthread_cond_wait(&p->done, &p->mu);
	s->state = S_OWNED;
	pthread_mutex_unlock(&p->mu);
}

/*
 * Slot v, parsed, started where it was guessed to: its rows go to a
 * worker.  When it did not end between records, the next is read again
 * (carry), from the end of its last whole record.
 */
static int
check(struct ingest_pool *p)
{
	struct slot *s = SLOT(p, p->v);
	struct gd_error e;
	size_t off;
	unsigned long tl;
	int tcr;

	s->base_line = p->v == 0 ? 0 : p->line - 1;
	s->base_row = p->row;
	p->line = s->base_line + gd_csv_part_lines(s->pt);
	p->row += gd_csv_part_count(s->pt);
	s->dstate = gd_plan_date_state(p->r->plan);
	if (!s->last && !s->rderr && gd_csv_part_end(s->pt, &e) == 0 &&
	    !gd_csv_part_clean(s->pt)) {
		gd_csv_part_tail(s->pt, &off, &tl, &tcr);
		gd_buf_reset(&p->ctext);
		if (s->in.len > off && gd_buf_add(&p->ctext, s->in.data + off,
		    s->in.len - off) == -1)
			return gd_error_nomem(p->r->err, p->r->file, 0);
		p->cline = s->base_line + tl;
		p->ccr = tcr;
		p->carry = 1;
	}
	p->v++;
	set_state(p, s, S_MAP);
	return 0;
}

/*
 * Reads slot v again in this thread, and those after it, from the end of
 * the last whole record before it, until one ends between records.
 */
static int
read_again(struct ingest_pool *p)
{
	struct run *r = p->r;
	struct gd_csvrec rec;
	struct gd_error why;
	struct gd_csv *c;
	struct slot *s = NULL;
	int rc, ret = -1;

	if ((c = gd_csv_part_reader(p->csv, p->cline, p->ccr, r->err)) ==
	    NULL)
		return -1;
	gd_csv_feed(c, p->ctext.data, p->ctext.len, 0);
	for (;;) {
		rc = gd_csv_next(c, &rec, &why);
		if (rc == 1 || rc == -2) {
			if (ingest_row(r, rc, &rec, &why, ++p->row) == -1)
				goto out;
			continue;
		}
		if (rc == -1) {
			*r->err = why;
			goto out;
		}
		if (s != NULL) {
			/* The end of slot s's text (or of the input). */
			p->v = p->w = s->seq + 1;
			set_state(p, s, S_FREE);
			if (s->rderr) {
				*r->err = s->rerr;
				goto out;
			}
			if (rc == 0 || gd_csv_clean(c))
				break;
		}
		if (p->v == p->nread && read_next(p, 0) == -1)
			goto out;
		s = SLOT(p, p->v);
		own(p, s);
		gd_csv_feed(c, s->in.data, s->in.len, s->last);
	}
	p->line = gd_csv_line(c);
	p->carry = 0;
	ret = 0;
out:
	gd_csv_free(c);
	return ret;
}

/* Writes slot w: each row as ingest_row would have. */
static int
write_slot(struct ingest_pool *p, struct slot *s)
{
	struct run *r = p->r;
	struct gd_csvrec rec;
	struct gd_error why;
	const struct prec *pr;
	const char *e, *key, *t[3];
	size_t i, k;
	int rc;

	for (i = 0; i < s->npr; i++) {
		if (s->pr[i].state != gd_plan_date_state(r->plan))
			map_part(&p->own, s, i, gd_plan_date_state(r->plan));
		pr = &s->pr[i];
		r->st->rows++;
		ingest_progress(r);
		if (pr->kind == P_REJECT) {
			rc = gd_csv_part_rec(s->pt, i, &rec, &why);
			if (rc == -1) {
				*r->err = why;
				return -1;
			}
			why.line += s->base_line;
			if (ingest_reject(r, &why, rec.raw, rec.rawlen,
			    rec.raw_cut) == -1)
				return -1;
			continue;
		}
		/* As apply(): the warnings, the consent label, --strict,
		 * the date order, then the record. */
		gd_plan_first_row(r->plan);
		ingest_plan_warnings(r);
		/* (ev.data is NULL until a warning is kept: no arithmetic
		 * on it then.) */
		for (e = pr->ev1 > pr->ev0 ? s->ev.data + pr->ev0 : NULL;
		    e != NULL && e < s->ev.data + pr->ev1;) {
			key = e + 1 + strlen(e + 1) + 1;
			if (*key == '\0')
				ingest_warn_as(r, e + 1, e[0] == 'c');
			else if (gd_plan_label_once(r->plan, key))
				ingest_warn_as(r, e + 1, 0);
			e = key + strlen(key) + 1;
		}
		if (pr->kind != P_FAIL && pr->kind != P_EMPTY &&
		    pr->lablen > 0 && ingest_consent_label(r, s->ev.data +
		    pr->lab, pr->lablen, pr->withheld, s->base_line) == -1)
			return -1;
		if (pr->kind == P_FAIL) {
			*r->err = s->fail;
			return -1;
		}
		if (ingest_strict_check(r) == -1)
			return -1;
		if (pr->decided) {
			gd_plan_date_known(r->plan, pr->order);
			if (ingest_decided(r, pr->order) == -1)
				return -1;
		}
		r->kept += pr->kept;
		if (pr->kind == P_EMPTY) {
			r->st->empty++;
			continue;
		}
		if (pr->ntext == 3 || r->held.len > 0) {
			for (k = 0; k < (size_t)pr->ntext; k++)
				t[k] = s->out.data + pr->out + (k > 0 ?
				    pr->len[0] : 0) + (k > 1 ? pr->len[1] : 0);
			if (ingest_hold(r, pr->ntext, t, pr->len) == -1)
				return -1;
			continue;
		}
		r->st->records++;
		if (gd_out_write(r->out, s->out.data + pr->out, pr->len[0],
		    r->err) == -1)
			return -1;
	}
	if (s->stop) {
		*r->err = s->fail;
		return -1;
	}
	if (gd_csv_part_end(s->pt, &why) == -1) {
		why.line += s->base_line;
		*r->err = why;
		return -1;
	}
	if (s->rderr) {
		*r->err = s->rerr;
		return -1;
	}
	return 0;
}

/* Is there something for the caller's thread?  (Under mu.) */
static int
ready(struct ingest_pool *p)
{
	return (p->v < p->nread && !p->carry &&
	    SLOT(p, p->v)->state == S_PARSED) ||
	    (p->w < p->v && SLOT(p, p->w)->state == S_MAPPED) ||
	    (p->carry && p->w == p->v);
}

static int
run_pool(struct ingest_pool *p)
{
	struct slot *s;

	for (;;) {
		while (!p->eof && p->nread - p->w < p->nring)
			if (read_next(p, 1) == -1)
				return -1;
		if (p->w == p->nread && p->eof)
			return 0;
		if (p->carry && p->w == p->v) {
			if (read_again(p) == -1)
				return -1;
			continue;
		}
		if (!p->carry && p->v < p->nread &&
		    state_of(p, SLOT(p, p->v)) == S_PARSED) {
			if (check(p) == -1)
				return -1;
			continue;
		}
		if (p->w < p->v && state_of(p, s = SLOT(p, p->w)) ==
		    S_MAPPED) {
			if (write_slot(p, s) == -1)
				return -1;
			p->w++;
			set_state(p, s, S_FREE);
			continue;
		}
		pthread_mutex_lock(&p->mu);
		while (!ready(p))
			pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
}

/* ---- setting up ---- */

static int
mapper_init(struct ingest_pool *p, struct mapper *m)
{
	struct run *r = p->r;

	m->p = p;
	if ((m->plan = gd_plan_new(r->o->map, r->names, r->nnames, r->file,
	    r->err)) == NULL)
		return -1;
	if (r->nctx > 0 && gd_plan_context(m->plan, r->ctx_names,
	    r->ctx_vals, r->nctx) == -1)
		return gd_error_nomem(r->err, r->file, 0);
	gd_plan_defer(m->plan);
	/* Its warnings about the header are the file's plan's. */
	while (gd_plan_warning(m->plan) != NULL)
		;
	return 0;
}

static void
mapper_release(struct mapper *m)
{
	gd_plan_free(m->plan);
	gd_resp_release(&m->resp);
	free(m->fields);
}

static void
pool_free(struct ingest_pool *p)
{
	unsigned i;
	size_t k;

	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->started; i++)
		pthread_join(p->wk[i].tid, NULL);
	for (i = 0; p->wk && i < p->nw; i++)
		mapper_release(&p->wk[i]);
	free(p->wk);
	mapper_release(&p->own);
	for (k = 0; p->ring && k < p->nring; k++) {
		struct slot *s = &p->ring[k];

		gd_buf_release(&s->in);
		gd_buf_release(&s->out);
		gd_buf_release(&s->ev);
		gd_csv_part_free(s->pt);
		free(s->pr);
	}
	free(p->ring);
	gd_buf_release(&p->ctext);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
}

int
ingest_pool_run(struct run *r, struct gd_csv *csv, unsigned long *data_rows)
{
	struct ingest_pool p;
	unsigned i;
	size_t k;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.csv = csv;
	p.nw = r->o->threads;
	p.nring = 2 * (size_t)p.nw + 2;
	p.part = r->o->part_bytes ? r->o->part_bytes : PART_BYTES;
	p.part_max = p.part < PART_MAX / 4 ? 4 * p.part : PART_MAX;
	if (p.part_max < p.part)
		p.part_max = p.part;
	p.cut = r->o->part_cut;
	gd_buf_init(&p.ctext, 0);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);
	if ((p.ring = calloc(p.nring, sizeof(*p.ring))) == NULL ||
	    (p.wk = calloc(p.nw, sizeof(*p.wk))) == NULL) {
		gd_error_nomem(r->err, r->file, 0);
		goto out;
	}
	for (k = 0; k < p.nring; k++) {
		gd_buf_init(&p.ring[k].in, 0);
		gd_buf_init(&p.ring[k].out, 0);
		gd_buf_init(&p.ring[k].ev, 0);
		if ((p.ring[k].pt = gd_csv_part_new(csv, r->err)) == NULL)
			goto out;
	}
	if (mapper_init(&p, &p.own) == -1)
		goto out;
	for (i = 0; i < p.nw; i++)
		if (mapper_init(&p, &p.wk[i]) == -1)
			goto out;
	for (i = 0; i < p.nw; i++) {
		if (pthread_create(&p.wk[i].tid, NULL, worker_main, &p.wk[i])
		    != 0)
			break;
		p.started++;
	}
	/* No thread, or the header's reader cannot hand over: it reads
	 * on, in this thread. */
	if (p.started == 0 || gd_csv_rest(csv, &p.blk, &p.blen, &p.line0,
	    &p.cr0) == -1) {
		rc = 1;
		goto out;
	}
	p.row = *data_rows;
	rc = run_pool(&p);
	*data_rows = p.row;
	r->st->dates_undecided += r->kept;
	r->kept = 0;
out:
	pool_free(&p);
	return rc;
}
