/*
 * campaign.c - near-duplicate and copy-paste campaigns (see
 * gd/campaign.h): the public API and the run, from the texts given to
 * the campaigns numbered.  The parts are in the campaign_*.c files
 * beside it (campaign_int.h has the map).
 *
 * Texts are taken in batches by a thread of their own while the caller
 * goes on reading (campaign_queue.c): each distinct text (a 128-bit hash
 * of its bytes, known here in the caller's thread) is folded and split
 * once, its sentences counted (campaign_text.c), and it is signed
 * against the boilerplate known so far (campaign_minhash.c); the text,
 * its sentences and what was assumed of them go to a temporary file
 * (campaign_spool.c).  At the end, when the boilerplate is known, only
 * texts with a sentence whose standing changed are signed again (from
 * the file).  The results are those of signing every text once the
 * boilerplate is known, whatever the timing of the threads: one thread
 * takes the texts, in the order given.  Then texts with the same
 * compared words are grouped, the groups united by LSH
 * (campaign_lsh.c), the large sets checked against their centres
 * (campaign_centre.c), and the campaigns numbered by rank.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gd/gd.h"
#include "campaign_int.h"

/*
 * Asks for huge pages under a large block (Linux): the tables here are
 * read at random, and with small pages most reads would miss the TLB.
 */
void
campaign_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t m = pg > 0 ? (uintptr_t)pg - 1 : 4095,
	    a = ((uintptr_t)p + m) & ~m, e = ((uintptr_t)p + n) & ~m;

	if (p != NULL && n >= ((size_t)4 << 20) && e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

static int take(void *arg, const char *s, size_t n);

/*
 * The parts report a failure as -1 with errno (ENOMEM: memory; else the
 * temporary file's error, or the worker's, kept in q.failed); the public
 * functions turn it into an error once, here.
 */
static int
kept_error(struct gd_error *err)
{
	return gd_error_from_errno(err, GD_EXIT_IO, NULL, 0,
	    "cannot keep responses aside in %s", gd_spool_dir());
}

struct gd_campaigns *
gd_campaigns_new(const struct gd_campaign_opts *o, struct gd_error *err)
{
	struct gd_campaigns *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	c->o.threshold = o && o->threshold > 0 ? o->threshold :
	    GD_CAMPAIGN_THRESHOLD;
	c->o.boilerplate = o && o->boilerplate > 0 ? o->boilerplate :
	    GD_CAMPAIGN_BOILERPLATE;
	c->o.min_size = o && o->min_size > 0 ? o->min_size :
	    GD_CAMPAIGN_MIN_SIZE;
	campaign_minhash_init(c);
	campaign_queue_init(&c->q, take, c);
	if ((c->spool = gd_spool_open("gd-tally", "responses", err)) ==
	    NULL) {
		gd_campaigns_free(c);
		return NULL;
	}
	(void)setvbuf(c->spool, NULL, _IOFBF, 1 << 20);
	/* Without a thread, the texts are taken as they come. */
	(void)campaign_queue_start(&c->q);
	return c;
}

void
gd_campaigns_free(struct gd_campaigns *c)
{
	if (c == NULL)
		return;
	campaign_queue_free(&c->q);
	free(c->df);
	free(c->seen);
	free(c->d);
	free(c->sigmem);
	free(c->dtab);
	free(c->dk);
	free(c->tid);
	campaign_toks_free(&c->tk);
	if (c->spool)
		fclose(c->spool);
	free(c->bp);
	free(c->camp);
	free(c->sh);
	free(c->exact_of);
	free(c);
}

/* ---- pass 1: the texts as they come ---- */

/*
 * A new distinct text (the next), in the worker's thread (the queue's
 * take): signed against the boilerplate known so far and kept aside:
 * its length and sentences, what was assumed of each, the text.
 */
static int
take(void *arg, const char *s, size_t n)
{
	struct gd_campaigns *c = arg;
	struct dtext *d;

	if (c->nd == c->dcap) {
		size_t ncap = c->dcap ? c->dcap * 2 : 1024;
		struct dtext *nd = realloc(c->d, ncap * sizeof(*nd));
		size_t pad;
		char *ns;

		if (nd == NULL)
			return -1;
		c->d = nd;
		campaign_huge(nd, ncap * sizeof(*nd));
		/* Signatures on cache lines of their own (64 bytes). */
		if ((ns = realloc(c->sigmem, (ncap + 1) * sizeof(*c->sig))) ==
		    NULL)
			return -1;
		pad = (64 - (uintptr_t)ns % 64) % 64;
		if (c->nd && pad != c->sigpad)
			memmove(ns + pad, ns + c->sigpad, c->nd *
			    sizeof(*c->sig));
		c->sigmem = ns;
		c->sigpad = pad;
		c->sig = (struct sig *)(void *)(ns + pad);
		campaign_huge(ns, (ncap + 1) * sizeof(*c->sig));
		c->dcap = ncap;
	}
	d = &c->d[c->nd];
	d->off = c->spooled;
	if (campaign_tokenize(&c->tk, s, n) == -1 ||
	    campaign_count_sentences(c) == -1)
		return -1;
	campaign_mark_bp(c, campaign_bp_min(c, c->ntexts));
	if (campaign_spool_text(c, s, n) == -1)
		return -1;
	campaign_sign(c, c->nd);
	c->nd++;
	return 0;
}

/*
 * A 128-bit hash of a text's bytes, to know its copies: two multiply-
 * rotate lanes over 8-byte words, each finished with campaign_mix64.
 */
void
gd_campaign_bytes_hash(const char *s, size_t n, uint64_t *h1, uint64_t *h2)
{
	uint64_t x = UINT64_C(0x243F6A8885A308D3) ^ n,
	    y = UINT64_C(0x13198A2E03707344) + n, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		x = (x ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
		x = (x << 31) | (x >> 33);
		y = (y ^ w) * UINT64_C(0x9FB21C651E98DF25);
		y ^= y >> 29;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	x = campaign_mix64(x ^ w ^ ((uint64_t)n << 56));
	y = campaign_mix64((y ^ w) * UINT64_C(0x9FB21C651E98DF25) + n);
	*h1 = x;
	*h2 = campaign_mix64(y ^ x);
}

static int
dtab_grow(struct gd_campaigns *c)
{
	size_t ncap = c->dtabcap ? c->dtabcap * 2 : 4096, i, j;
	struct dslot *nt = malloc(ncap * sizeof(*nt));

	if (nt == NULL)
		return -1;
	campaign_huge(nt, ncap * sizeof(*nt));
	for (i = 0; i < ncap; i++)
		nt[i].t = CAMPAIGN_NONE;
	for (i = 0; i < c->dtabcap; i++) {
		if (c->dtab[i].t == CAMPAIGN_NONE)
			continue;
		for (j = c->dtab[i].h1 & (ncap - 1); nt[j].t != CAMPAIGN_NONE;
		    j = (j + 1) & (ncap - 1))
			;
		nt[j] = c->dtab[i];
	}
	free(c->dtab);
	c->dtab = nt;
	c->dtabcap = ncap;
	return 0;
}

/*
 * Copies are known here, in the caller's thread: only new texts go to
 * the worker, which numbers them in the same order.
 */
static int
put(struct gd_campaigns *c, size_t idx, const char *text, size_t n)
{
	uint64_t h1, h2;
	size_t j;

	if (idx >= c->ntid) {
		size_t ncap = c->ntid ? c->ntid : 1024;
		uint32_t *nt;

		while (ncap <= idx)
			ncap *= 2;
		if ((nt = realloc(c->tid, ncap * sizeof(*nt))) == NULL)
			return -1;
		campaign_huge(nt, ncap * sizeof(*nt));
		for (j = c->ntid; j < ncap; j++)
			nt[j] = CAMPAIGN_NONE;
		c->tid = nt;
		c->ntid = ncap;
	}
	gd_campaign_bytes_hash(text, n, &h1, &h2);
	for (j = h1 & (c->dtabcap - 1); c->dtabcap &&
	    c->dtab[j].t != CAMPAIGN_NONE; j = (j + 1) & (c->dtabcap - 1)) {
		const struct dkey *k = &c->dk[c->dtab[j].t];

		if (c->dtab[j].h1 == h1 && k->h2 == h2 && k->len == n) {
			c->tid[idx] = c->dtab[j].t;
			return 0;
		}
	}
	if (n > UINT32_MAX || c->nk >= CAMPAIGN_NONE - 1) {
		errno = EOVERFLOW;
		return -1;
	}
	if ((c->nk + 1) * 2 > c->dtabcap && dtab_grow(c) == -1)
		return -1;
	if (c->nk == c->kcap) {
		size_t ncap = c->kcap ? c->kcap * 2 : 1024;
		struct dkey *nk = realloc(c->dk, ncap * sizeof(*nk));

		if (nk == NULL)
			return -1;
		c->dk = nk;
		c->kcap = ncap;
	}
	/* The worker numbers it c->nk, the next. */
	if (campaign_queue_add(&c->q, text, n) == -1)
		return -1;
	for (j = h1 & (c->dtabcap - 1); c->dtab[j].t != CAMPAIGN_NONE;
	    j = (j + 1) & (c->dtabcap - 1))
		;
	c->dtab[j].h1 = h1;
	c->dtab[j].t = (uint32_t)c->nk;
	c->dk[c->nk].h2 = h2;
	c->dk[c->nk].len = n;
	c->tid[idx] = (uint32_t)c->nk++;
	return 0;
}

int
gd_campaigns_put(struct gd_campaigns *c, size_t idx, const char *text,
    size_t n, struct gd_error *err)
{
	if (c->found)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "campaigns: a text given after they were found");
	if (idx >= CAMPAIGN_NONE)
		errno = EOVERFLOW;
	else if (put(c, idx, text, n) == 0)
		return 0;
	if (errno == EOVERFLOW)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "campaigns: too many responses, or a text over 4 GiB");
	return kept_error(err);
}

/* ---- the end: boilerplate known ---- */

/*
 * Each distinct text signed against the boilerplate known so far is
 * signed again if one of its sentences is boilerplate now and was not
 * then, or the other way round.
 */
static int
resign(struct gd_campaigns *c)
{
	struct campaign_reader r;
	size_t i, k;
	int rc = -1;

	campaign_reader_init(&r, c, CAMPAIGN_WINDOW);
	for (i = 0; i < c->nd; i++) {
		const char *p;
		uint64_t h;
		size_t ns, at, len, flags;
		int same = 1;

		if ((p = campaign_spooled(&r, (uint32_t)i, &ns, &at, &len)) ==
		    NULL)
			goto done;
		flags = campaign_spooled_flags(ns);
		for (k = 0; k < ns && same; k++) {
			memcpy(&h, p + 8 + k * 8, 8);
			same = campaign_is_bp(c, h) == (p[flags + k] != 0);
		}
		if (same)
			continue;
		if (campaign_tokenize(&c->tk, p + at, len) == -1)
			goto done;
		campaign_mark_known_bp(c);
		campaign_sign(c, i);
	}
	rc = 0;
done:
	campaign_reader_free(&r);
	return rc;
}

static int
by_exact(const void *x, const void *y)
{
	const struct campaign_item *a = x, *b = y;

	if (a->exact != b->exact)
		return a->exact < b->exact ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static int
find(struct gd_campaigns *c, const size_t *rank, size_t nresp)
{
	struct campaign_item *it = NULL;
	uint32_t *gstart = NULL, *parent = NULL, *size = NULL,
	    *num = NULL, *byrank = NULL, *gof = NULL, *trank = NULL;
	size_t i, j, k, nit = 0, ng = 0, nc = 0;
	int rc = -1;

	c->found = 1;
	campaign_queue_flush(&c->q);
	campaign_queue_stop(&c->q);
	if (c->q.failed) {
		errno = c->q.failed;
		return -1;
	}
	if (fflush(c->spool) == EOF)
		return -1;
	if (campaign_settle_boilerplate(c) == -1)
		return -1;
	/* No more copies to find. */
	free(c->dtab);
	c->dtab = NULL;
	free(c->dk);
	c->dk = NULL;
	if (resign(c) == -1)
		return -1;

	c->nresp = nresp;
	c->camp = malloc((nresp + 1) * sizeof(*c->camp));
	c->exact_of = calloc(nresp + 1, sizeof(*c->exact_of));
	it = malloc((nresp + 1) * sizeof(*it));
	campaign_huge(it, (nresp + 1) * sizeof(*it));
	if (!c->camp || !c->exact_of || !it)
		goto done;
	for (i = 0; i < nresp; i++) {
		uint32_t t = i < c->ntid ? c->tid[i] : CAMPAIGN_NONE;

		c->camp[i] = -1;
		if (t == CAMPAIGN_NONE || !c->d[t].compared)
			continue;
		it[nit].exact = c->d[t].exact;
		it[nit].rank = (uint32_t)rank[i];
		it[nit].idx = (uint32_t)i;
		c->exact_of[i] = c->d[t].exact;
		nit++;
	}
	/* The same words: one group, its first member (by rank)
	 * representing it.  Every member has its signature. */
	if (nit > 1)
		qsort(it, nit, sizeof(*it), by_exact);
	if ((gstart = malloc((nit + 1) * sizeof(*gstart))) == NULL)
		goto done;
	for (i = 0; i < nit; i = j) {
		for (j = i + 1; j < nit && it[j].exact == it[i].exact; j++)
			;
		gstart[ng++] = (uint32_t)i;
	}
	gstart[ng] = (uint32_t)nit;
	parent = malloc((ng + 1) * sizeof(*parent));
	byrank = malloc((nresp + 1) * sizeof(*byrank));
	gof = malloc((c->nd + 1) * sizeof(*gof));
	trank = malloc((c->nd + 1) * sizeof(*trank));
	if (!parent || !byrank || !gof || !trank)
		goto done;
	/* The groups in the order of their first member's rank. */
	for (i = 0; i < nresp; i++)
		byrank[i] = CAMPAIGN_NONE;
	for (i = 0; i < c->nd; i++)
		gof[i] = CAMPAIGN_NONE;
	for (k = 0; k < ng; k++) {
		/* The group's distinct text (its members have the same
		 * words): its first member's. */
		uint32_t t = c->tid[it[gstart[k]].idx];

		parent[k] = (uint32_t)k;
		byrank[it[gstart[k]].rank] = (uint32_t)k;
		gof[t] = (uint32_t)k;
		trank[t] = it[gstart[k]].rank;
	}
	for (i = 0, k = 0; i < nresp; i++)
		if (byrank[i] != CAMPAIGN_NONE)
			byrank[k++] = byrank[i];
	/* Similar groups united, then the large sets checked. */
	if (campaign_lsh(c, ng, gof, trank, parent) == -1)
		goto done;
	if (ng > 1 && campaign_centres(c, parent, byrank, gstart, it, ng) ==
	    -1)
		goto done;
	/* Sets of min_size or more responses are campaigns, numbered in
	 * the order of their first member's rank. */
	size = calloc(ng + 1, sizeof(*size));
	num = malloc((ng + 1) * sizeof(*num));
	if (!size || !num)
		goto done;
	for (k = 0; k < ng; k++)
		num[k] = UINT32_MAX;
	for (k = 0; k < ng; k++) {
		uint32_t rt = campaign_root(parent, (uint32_t)k);

		size[rt] += gstart[k + 1] - gstart[k];
	}
	/* In rank order, a set is met first at its first member. */
	for (k = 0; k < ng; k++) {
		uint32_t rt = campaign_root(parent, byrank[k]);

		if (num[rt] == UINT32_MAX && size[rt] >= c->o.min_size)
			num[rt] = (uint32_t)nc++;
	}
	c->ncamp = nc;
	for (k = 0; k < ng; k++) {
		uint32_t rt = campaign_root(parent, (uint32_t)k);

		if (num[rt] == UINT32_MAX)
			continue;
		for (i = gstart[k]; i < gstart[k + 1]; i++)
			c->camp[it[i].idx] = (int32_t)num[rt];
	}
	rc = 0;
done:
	free(it);
	free(gstart);
	free(parent);
	free(byrank);
	free(gof);
	free(trank);
	free(size);
	free(num);
	return rc;
}

int
gd_campaigns_find(struct gd_campaigns *c, const size_t *rank, size_t nresp,
    struct gd_error *err)
{
	if (c->found)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "campaigns: found twice");
	return find(c, rank, nresp) == -1 ? kept_error(err) : 0;
}

long
gd_campaign_of(const struct gd_campaigns *c, size_t idx)
{
	return idx < c->nresp && c->camp ? c->camp[idx] : -1;
}

size_t
gd_campaigns_count_found(const struct gd_campaigns *c)
{
	return c->ncamp;
}

uint64_t
gd_campaign_text_hash(const struct gd_campaigns *c, size_t idx)
{
	return idx < c->nresp && c->exact_of ? c->exact_of[idx] : 0;
}

size_t
gd_campaigns_boilerplate(const struct gd_campaigns *c)
{
	return c->nbp;
}
