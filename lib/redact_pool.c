/*
 * redact_pool.c - gd-redact on every core (see gd/redact.h).
 *
 * The caller's thread is the reader and the writer: it copies lines into
 * a batch, queues the batch when it is full, and writes the batches the
 * workers have finished, oldest first.  A worker takes the oldest queued
 * batch and redacts its lines with its own run, whose audit records and
 * rejects go to the batch's buffers (redact_run_capture,
 * gd_rejects_capture) instead of the files; the writer then writes them,
 * line by line, as a run in one thread writes them.  Workers share
 * nothing but the queue: the policy, names and key they read were made
 * before they started.
 *
 * Batches sit in a ring, numbered in input order: the writer waits for
 * the oldest when the ring is full, so memory stays bounded (a ring of
 * 2 * workers + 2 batches of at most BATCH_BYTES of text, or one line).
 * The first batches are small, so that a short input is spread over the
 * workers too (and its lines cross batches, which the tests rely on).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "redact_int.h"

#define BATCH_LINES	512
#define BATCH_FIRST	8		/* lines of the first batch, doubled
					 * per batch up to BATCH_LINES */
#define BATCH_BYTES	(512 * 1024)
#define ERR_NOMEM	(-2)		/* an item's error: memory ran out
					 * where no gd_error could be kept */

/* One line and what became of it. */
struct item {
	size_t off, n;		/* the line, in text */
	unsigned long lineno;
	int over, cut;
	int overi;		/* over: its reject, in errs */
	/* Filled by the worker. */
	int rc;
	enum gd_redact_fate fate;
	int whyi;		/* REJECTED: res.why, in errs; else -1 */
	int erri;		/* rc -1: the error, in errs, or ERR_NOMEM */
	size_t out_off, out_n;	/* the line to write, in out */
	size_t aud_off, aud_n;	/* its audit records, in audit */
	size_t rej_off, rej_n;	/* its reject, in rej */
};

struct batch {
	char *file;		/* the input's name: one input a batch */
	struct gd_buf text;
	struct item *it;
	size_t n, cap;
	struct gd_error *errs;
	size_t nerr, caperr;
	struct gd_buf out, audit, rej;
	int done;		/* the worker is through (under mu) */
};

struct worker {
	struct gd_redact_pool *p;
	struct gd_redact_run *run;
	struct gd_rejects *rj;	/* a capture of p->rj, or NULL */
	pthread_t tid;
};

struct gd_redact_pool {
	unsigned nw;
	struct worker *w;
	unsigned started;	/* threads running */
	struct gd_out *audit;
	struct gd_rejects *rj;
	gd_redact_pool_fn fn;
	void *ctx;

	struct batch *ring;
	size_t nring;
	/* Batch numbers: [written, taken) are with the workers or done,
	 * [taken, queued) wait for one, queued is being filled. */
	size_t written, taken, queued;
	size_t first;		/* lines of the next batch, at most */
	pthread_mutex_t mu;
	pthread_cond_t work;	/* a batch queued, or quit */
	pthread_cond_t done;	/* a batch done */
	int quit;

	int stopped;		/* the run stopped: stop says why */
	struct gd_error stop;
};

/* ---- batches ---- */

static void
batch_init(struct batch *b)
{
	memset(b, 0, sizeof(*b));
	gd_buf_init(&b->text, 0);
	gd_buf_init(&b->out, 0);
	gd_buf_init(&b->audit, 0);
	gd_buf_init(&b->rej, 0);
}

static void
batch_release(struct batch *b)
{
	free(b->file);
	gd_buf_release(&b->text);
	free(b->it);
	free(b->errs);
	gd_buf_release(&b->out);
	gd_buf_release(&b->audit);
	gd_buf_release(&b->rej);
}

/* Empties b for new lines. */
static void
batch_reset(struct batch *b)
{
	gd_buf_reset(&b->text);
	gd_buf_reset(&b->out);
	gd_buf_reset(&b->audit);
	gd_buf_reset(&b->rej);
	b->n = 0;
	b->nerr = 0;
	b->done = 0;
}

/* Keeps a copy of e in b; its index, or -1 (memory). */
static int
batch_err(struct batch *b, const struct gd_error *e)
{
	struct gd_error *nv;

	if (b->nerr == b->caperr) {
		size_t ncap = b->caperr ? b->caperr * 2 : 4;

		if ((nv = realloc(b->errs, ncap * sizeof(*nv))) == NULL)
			return -1;
		b->errs = nv;
		b->caperr = ncap;
	}
	b->errs[b->nerr] = *e;
	return (int)b->nerr++;
}

/* ---- the workers ---- */

/* Redacts every line of b with w's run. */
static void
redact_batch(struct worker *w, struct batch *b)
{
	struct gd_redact_input in;
	struct gd_redact_result res;
	struct gd_error err;
	struct item *it;
	size_t i, a0, r0;

	redact_run_capture(w->run, w->p->audit ? &b->audit : NULL);
	gd_rejects_capture_to(w->rj, &b->rej);
	for (i = 0; i < b->n; i++) {
		it = &b->it[i];
		in.p = b->text.data + it->off;
		in.n = it->n;
		in.file = b->file;
		in.lineno = it->lineno;
		in.over = it->over ? &b->errs[it->overi] : NULL;
		in.cut = it->cut;
		a0 = b->audit.len;
		r0 = b->rej.len;
		it->rc = gd_redact_line(w->run, &in, &res, &err);
		it->fate = res.fate;
		it->whyi = it->erri = -1;
		it->out_off = b->out.len;
		it->out_n = 0;
		if (res.fate == GD_REDACT_REJECTED &&
		    (it->whyi = batch_err(b, &res.why)) == -1) {
			it->rc = -1;
			it->erri = ERR_NOMEM;
		}
		if (it->rc == -1 && it->erri != ERR_NOMEM &&
		    (it->erri = batch_err(b, &err)) == -1)
			it->erri = ERR_NOMEM;
		if (it->rc == 0 && res.outlen > 0) {
			if (gd_buf_add(&b->out, res.out, res.outlen) == -1) {
				it->rc = -1;
				it->erri = ERR_NOMEM;
			} else
				it->out_n = res.outlen;
		}
		it->aud_off = a0;
		it->aud_n = b->audit.len - a0;
		it->rej_off = r0;
		it->rej_n = b->rej.len - r0;
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct gd_redact_pool *p = w->p;
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->taken == p->queued)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->quit)
			break;
		b = &p->ring[p->taken++ % p->nring];
		pthread_mutex_unlock(&p->mu);
		redact_batch(w, b);
		pthread_mutex_lock(&p->mu);
		b->done = 1;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* ---- the writer ---- */

/* Stops the run with err. */
static int
stop(struct gd_redact_pool *p, const struct gd_error *err)
{
	if (!p->stopped) {
		p->stopped = 1;
		p->stop = *err;
	}
	return -1;
}

/*
 * Writes what became of line it of b, as gd_redact_line() would have
 * written it in one run: its audit records one by one (the run stops
 * writing them at the first that fails), then its reject; then fn.
 */
static int
write_item(struct gd_redact_pool *p, struct batch *b, const struct item *it)
{
	struct gd_redact_result res;
	struct gd_error err, aerr;
	const char *a, *end, *nl;
	int rc = it->rc, afail = 0;

	memset(&res, 0, sizeof(res));
	res.fate = it->fate;
	if (it->whyi >= 0)
		res.why = b->errs[it->whyi];
	if (rc == -1) {
		if (it->erri == ERR_NOMEM)
			gd_error_nomem(&err, b->file, it->lineno);
		else
			err = b->errs[it->erri];
	} else {
		res.out = it->out_n ? b->out.data + it->out_off : NULL;
		res.outlen = it->out_n;
	}
	a = b->audit.data + it->aud_off;
	end = a + it->aud_n;
	for (; a < end; a = nl + 1) {
		nl = memchr(a, '\n', (size_t)(end - a));
		if (gd_out_write(p->audit, a, (size_t)(nl - a) + 1,
		    &aerr) == -1) {
			afail = 1;
			break;
		}
	}
	if (it->rej_n > 0 && gd_rejects_write(p->rj, b->rej.data +
	    it->rej_off, it->rej_n, &err) == -1)
		rc = -1;
	else if (afail && rc == 0) {
		err = aerr;
		rc = -1;
	}
	if (rc == -1) {
		res.out = NULL;
		res.outlen = 0;
	}
	if (p->fn(p->ctx, rc, &res, &err) == -1 || rc == -1)
		return stop(p, &err);
	return 0;
}

/* Writes batch number s, done. */
static int
write_batch(struct gd_redact_pool *p, size_t s)
{
	struct batch *b = &p->ring[s % p->nring];
	size_t i;

	for (i = 0; i < b->n && !p->stopped; i++)
		if (write_item(p, b, &b->it[i]) == -1)
			break;
	batch_reset(b);
	return p->stopped ? -1 : 0;
}

/*
 * Writes the done batches from the oldest on; with wait, waits for those
 * up to (not including) batch number upto.
 */
static int
write_done(struct gd_redact_pool *p, size_t upto, int wait)
{
	int done;

	while (p->written < p->queued && !p->stopped) {
		pthread_mutex_lock(&p->mu);
		while (wait && p->written < upto &&
		    !p->ring[p->written % p->nring].done)
			pthread_cond_wait(&p->done, &p->mu);
		done = p->ring[p->written % p->nring].done;
		pthread_mutex_unlock(&p->mu);
		if (!done)
			break;
		if (write_batch(p, p->written) == -1)
			return -1;
		p->written++;
	}
	return p->stopped ? -1 : 0;
}

/*
 * Queues the batch being filled, when it has lines; when the ring is then
 * full, the oldest batch is written, so that the next one is free.
 */
static int
submit(struct gd_redact_pool *p)
{
	if (p->ring[p->queued % p->nring].n == 0)
		return 0;
	pthread_mutex_lock(&p->mu);
	p->queued++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
	if (p->first < BATCH_LINES)
		p->first *= 2;
	if (p->queued - p->written == p->nring)
		return write_done(p, p->written + 1, 1);
	return 0;
}

/* ---- the interface ---- */

struct gd_redact_pool *
gd_redact_pool_new(const struct gd_redact_opts *o, unsigned nworkers,
    gd_redact_pool_fn fn, void *ctx, struct gd_error *err)
{
	struct gd_redact_pool *p;
	unsigned i;
	size_t k;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	p->nw = nworkers ? nworkers : 1;
	p->fn = fn;
	p->ctx = ctx;
	p->first = BATCH_FIRST;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	if ((p->w = calloc(p->nw, sizeof(*p->w))) == NULL)
		goto nomem;
	for (i = 0; i < p->nw; i++) {
		p->w[i].p = p;
		if ((p->w[i].run = gd_redact_run_new(o, err)) == NULL)
			goto fail;
	}
	if (p->nw == 1)
		return p;	/* one run, in the caller's thread */
	p->nring = 2 * (size_t)p->nw + 2;
	if ((p->ring = calloc(p->nring, sizeof(*p->ring))) == NULL)
		goto nomem;
	for (k = 0; k < p->nring; k++)
		batch_init(&p->ring[k]);
	/* jansson picks its hash seed on first use; pick it before the
	 * threads race for it. */
	json_object_seed(0);
	for (i = 0; i < p->nw; i++) {
		if (pthread_create(&p->w[i].tid, NULL, worker_main,
		    &p->w[i]) != 0) {
			gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "cannot start a thread");
			goto fail;
		}
		p->started++;
	}
	return p;
nomem:
	gd_error_nomem(err, NULL, 0);
fail:
	gd_redact_pool_free(p);
	return NULL;
}

int
gd_redact_pool_sinks(struct gd_redact_pool *p, struct gd_out *audit,
    struct gd_rejects *rejects, struct gd_error *err)
{
	unsigned i;

	p->audit = audit;
	p->rj = rejects;
	if (p->nw == 1) {
		/* The run writes to the sinks itself. */
		gd_redact_run_sinks(p->w[0].run, audit, rejects);
		return 0;
	}
	/* The workers do not run before the first batch is queued. */
	for (i = 0; i < p->nw; i++) {
		(void)gd_rejects_close(p->w[i].rj, 0, NULL);
		p->w[i].rj = NULL;
		if (rejects && (p->w[i].rj = gd_rejects_capture(rejects)) ==
		    NULL)
			return gd_error_nomem(err, NULL, 0);
		gd_redact_run_sinks(p->w[i].run, NULL, p->w[i].rj);
	}
	return 0;
}

int
gd_redact_pool_line(struct gd_redact_pool *p,
    const struct gd_redact_input *in, struct gd_error *err)
{
	struct gd_redact_result res;
	struct gd_error e;
	struct batch *b;
	struct item *it;
	int rc;

	if (p->stopped)
		goto stopped;
	if (p->nw == 1) {
		rc = gd_redact_line(p->w[0].run, in, &res, &e);
		if (p->fn(p->ctx, rc, &res, &e) == -1 || rc == -1)
			stop(p, &e);
		goto out;
	}
	b = &p->ring[p->queued % p->nring];
	/* A batch holds one input's lines. */
	if (b->n > 0 && strcmp(b->file, in->file) != 0) {
		if (submit(p) == -1)
			goto stopped;
		b = &p->ring[p->queued % p->nring];
	}
	if (b->n == 0 && (b->file == NULL || strcmp(b->file, in->file) !=
	    0)) {
		free(b->file);
		if ((b->file = strdup(in->file)) == NULL)
			goto nomem;
	}
	if (b->n == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;

		if ((it = realloc(b->it, ncap * sizeof(*it))) == NULL)
			goto nomem;
		b->it = it;
		b->cap = ncap;
	}
	it = &b->it[b->n];
	memset(it, 0, sizeof(*it));
	it->off = b->text.len;
	it->n = in->n;
	it->lineno = in->lineno;
	it->over = in->over != NULL;
	it->cut = in->cut;
	if (gd_buf_add(&b->text, in->p, in->n) == -1 || (it->over &&
	    (it->overi = batch_err(b, in->over)) == -1))
		goto nomem;
	b->n++;
	/* A batch full: queued, and what is done written meanwhile. */
	if ((b->n >= p->first || b->text.len >= BATCH_BYTES) &&
	    (submit(p) == -1 || write_done(p, 0, 0) == -1))
		goto stopped;
	goto out;
nomem:
	/* What was handed in before is written first. */
	gd_error_nomem(&e, in->file, in->lineno);
	if (gd_redact_pool_finish(p, err) == -1)
		return -1;
	stop(p, &e);
stopped:
	*err = p->stop;
	return -1;
out:
	if (p->stopped)
		goto stopped;
	return 0;
}

int
gd_redact_pool_finish(struct gd_redact_pool *p, struct gd_error *err)
{
	if (p->stopped) {
		*err = p->stop;
		return -1;
	}
	if (p->nw == 1)
		return 0;
	if (submit(p) == -1 || write_done(p, p->queued, 1) == -1) {
		*err = p->stop;
		return -1;
	}
	return 0;
}

void
gd_redact_pool_free(struct gd_redact_pool *p)
{
	unsigned i;
	size_t k;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->started; i++)
		pthread_join(p->w[i].tid, NULL);
	for (i = 0; p->w && i < p->nw; i++) {
		gd_redact_run_free(p->w[i].run);
		(void)gd_rejects_close(p->w[i].rj, 0, NULL);
	}
	free(p->w);
	for (k = 0; p->ring && k < p->nring; k++)
		batch_release(&p->ring[k]);
	free(p->ring);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
