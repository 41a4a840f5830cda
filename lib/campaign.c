/*
 * campaign.c - near-duplicate and copy-paste campaigns (see
 * gd/campaign.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

#define BANDS 16
#define ROWS (GD_MINHASH_K / BANDS)
#define LEADERS 4

struct sig {
	uint32_t idx;			/* the response */
	uint32_t rank;
	uint64_t exact;			/* hash of the compared words */
	uint32_t mh[GD_MINHASH_K];
};

struct dfent {
	uint64_t h;			/* 0: empty */
	uint32_t n;
};

struct gd_campaigns {
	struct gd_campaign_opts o;
	struct dfent *df;		/* sentence -> texts it is in */
	size_t dfcap, dfused;
	size_t ntexts;
	uint64_t bp_min;		/* a sentence in this many is boilerplate */
	int bp_ready;
	size_t nbp;
	struct sig *s;
	size_t ns, scap;
	uint32_t *parent;		/* union-find over sigs */
	int32_t *camp;			/* per response: campaign or -1 */
	size_t nresp;
	size_t ncamp;
	uint64_t *exact_of;		/* per response */
	struct gd_folded f;
	uint64_t *words;		/* word hashes of one text */
	size_t nwords, wcap;
	uint64_t *sent;			/* sentence hashes of one text */
	size_t *sent_end;		/* words up to here are that sentence */
	size_t nsent, scap2;
	uint64_t a[GD_MINHASH_K], b[GD_MINHASH_K];
	uint64_t *seen;			/* hashes of the distinct texts */
	size_t nseen, seencap;
};

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

struct gd_campaigns *
gd_campaigns_new(const struct gd_campaign_opts *o)
{
	struct gd_campaigns *c = calloc(1, sizeof(*c));
	uint64_t seed = UINT64_C(0x6764206361);	/* "gd ca" */
	int i;

	if (c == NULL)
		return NULL;
	c->o.threshold = o && o->threshold > 0 ? o->threshold : 0.35;
	c->o.boilerplate = o && o->boilerplate > 0 ? o->boilerplate : 0.5;
	c->o.min_size = o && o->min_size > 0 ? o->min_size : 3;
	/* Fixed constants: the same signatures on every run and machine. */
	for (i = 0; i < GD_MINHASH_K; i++) {
		c->a[i] = splitmix(&seed) | 1;
		c->b[i] = splitmix(&seed);
	}
	return c;
}

void
gd_campaigns_free(struct gd_campaigns *c)
{
	if (c == NULL)
		return;
	free(c->df);
	free(c->seen);
	free(c->s);
	free(c->parent);
	free(c->camp);
	free(c->exact_of);
	gd_folded_release(&c->f);
	free(c->words);
	free(c->sent);
	free(c->sent_end);
	free(c);
}

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xFF51AFD7ED558CCD);
	h ^= h >> 33;
	h *= UINT64_C(0xC4CEB9FE1A85EC53);
	return h ^ (h >> 33);
}

/*
 * Splits a text into folded words and sentences: c->words gets a hash
 * per word, c->sent a hash per sentence (its words), sent_end where each
 * ends.  A sentence ends at . ! ? ; or a line end.
 */
static int
tokenize(struct gd_campaigns *c, const char *s, size_t n)
{
	size_t i = 0, j;
	uint64_t wh, sh = 0;
	size_t sw = 0;

	c->nwords = 0;
	c->nsent = 0;
	if (gd_fold(&c->f, s, n) == -1)
		return -1;
	while (i <= c->f.n) {
		int32_t ch = i < c->f.n ? c->f.cp[i] : '.';

		if (gd_is_word_cp(ch)) {
			/* A word: FNV over its code points. */
			wh = UINT64_C(14695981039346656037);
			for (j = i; j < c->f.n && gd_is_word_cp(c->f.cp[j]);
			    j++) {
				wh ^= (uint64_t)c->f.cp[j];
				wh *= UINT64_C(1099511628211);
			}
			if (c->nwords == c->wcap) {
				size_t ncap = c->wcap ? c->wcap * 2 : 256;
				uint64_t *nw = realloc(c->words, ncap *
				    sizeof(*nw));

				if (nw == NULL)
					return -1;
				c->words = nw;
				c->wcap = ncap;
			}
			c->words[c->nwords++] = mix(wh);
			sh = mix(sh ^ mix(wh));
			sw++;
			i = j;
			continue;
		}
		if (ch == '.' || ch == '!' || ch == '?' || ch == ';' ||
		    ch == '\n' || ch == '\r') {
			if (sw > 0) {
				if (c->nsent == c->scap2) {
					size_t ncap = c->scap2 ? c->scap2 * 2 :
					    32;
					uint64_t *ns = realloc(c->sent, ncap *
					    sizeof(*ns));
					size_t *ne;

					if (ns == NULL)
						return -1;
					c->sent = ns;
					if ((ne = realloc(c->sent_end, ncap *
					    sizeof(*ne))) == NULL)
						return -1;
					c->sent_end = ne;
					c->scap2 = ncap;
				}
				c->sent[c->nsent] = sh | 1;	/* never 0 */
				c->sent_end[c->nsent] = c->nwords;
				c->nsent++;
			}
			sh = 0;
			sw = 0;
		}
		i++;
	}
	return 0;
}

static int
df_grow(struct gd_campaigns *c)
{
	size_t ncap = c->dfcap ? c->dfcap * 2 : 4096, i, j;
	struct dfent *nd = calloc(ncap, sizeof(*nd));

	if (nd == NULL)
		return -1;
	for (i = 0; i < c->dfcap; i++) {
		if (c->df[i].h == 0)
			continue;
		for (j = c->df[i].h & (ncap - 1); nd[j].h; j = (j + 1) &
		    (ncap - 1))
			;
		nd[j] = c->df[i];
	}
	free(c->df);
	c->df = nd;
	c->dfcap = ncap;
	return 0;
}

static struct dfent *
df_find(const struct gd_campaigns *c, uint64_t h)
{
	size_t j;

	if (c->dfcap == 0)
		return NULL;
	for (j = h & (c->dfcap - 1); c->df[j].h; j = (j + 1) &
	    (c->dfcap - 1))
		if (c->df[j].h == h)
			return &c->df[j];
	return NULL;
}

/*
 * Sentences are counted once per distinct text: a mass campaign of
 * copies is one text, so its own wording is not taken for boilerplate.
 * Returns 1 when the text is new, 0 when seen, -1 (memory).
 */
static int
new_text(struct gd_campaigns *c)
{
	uint64_t h = UINT64_C(0x9E3779B97F4A7C15);
	size_t i, j;

	for (i = 0; i < c->nwords; i++)
		h = mix(h ^ c->words[i]);
	h |= 1;
	if ((c->nseen + 1) * 2 > c->seencap) {
		size_t ncap = c->seencap ? c->seencap * 2 : 4096;
		uint64_t *ns = calloc(ncap, sizeof(*ns));

		if (ns == NULL)
			return -1;
		for (i = 0; i < c->seencap; i++) {
			if (c->seen[i] == 0)
				continue;
			for (j = c->seen[i] & (ncap - 1); ns[j]; j = (j + 1) &
			    (ncap - 1))
				;
			ns[j] = c->seen[i];
		}
		free(c->seen);
		c->seen = ns;
		c->seencap = ncap;
	}
	for (j = h & (c->seencap - 1); c->seen[j]; j = (j + 1) &
	    (c->seencap - 1))
		if (c->seen[j] == h)
			return 0;
	c->seen[j] = h;
	c->nseen++;
	return 1;
}

int
gd_campaigns_count(struct gd_campaigns *c, const char *text, size_t n)
{
	size_t i, k, j;
	int fresh;

	if (tokenize(c, text, n) == -1)
		return -1;
	if (c->nwords == 0)
		return 0;
	if ((fresh = new_text(c)) <= 0)
		return fresh;
	c->ntexts++;
	for (i = 0; i < c->nsent; i++) {
		struct dfent *e;

		/* Each sentence once per text. */
		for (k = 0; k < i && c->sent[k] != c->sent[i]; k++)
			;
		if (k < i)
			continue;
		if ((e = df_find(c, c->sent[i])) != NULL) {
			e->n++;
			continue;
		}
		if ((c->dfused + 1) * 2 > c->dfcap && df_grow(c) == -1)
			return -1;
		for (j = c->sent[i] & (c->dfcap - 1); c->df[j].h; j = (j + 1) &
		    (c->dfcap - 1))
			;
		c->df[j].h = c->sent[i];
		c->df[j].n = 1;
		c->dfused++;
	}
	return 0;
}

static void
boilerplate_ready(struct gd_campaigns *c)
{
	size_t i;
	double need = c->o.boilerplate * (double)c->ntexts;

	c->bp_min = need < 3 ? 3 : (uint64_t)need;
	if ((double)c->bp_min < need)
		c->bp_min++;
	for (i = 0; i < c->dfcap; i++)
		if (c->df[i].h && c->df[i].n >= c->bp_min)
			c->nbp++;
	c->bp_ready = 1;
}

size_t
gd_campaigns_boilerplate(const struct gd_campaigns *c)
{
	return c->nbp;
}

int
gd_campaigns_add(struct gd_campaigns *c, size_t idx, const char *text,
    size_t n)
{
	uint64_t *w, ex = UINT64_C(14695981039346656037), sh;
	size_t i, k, nw = 0, from = 0;
	struct sig *sg;
	int j;

	if (!c->bp_ready)
		boilerplate_ready(c);
	if (tokenize(c, text, n) == -1)
		return -1;
	/* Keep the words of sentences that are not boilerplate, in place;
	 * if all are boilerplate, all is what the text says. */
	w = c->words;
	for (i = 0; i < c->nsent; i++) {
		const struct dfent *e = df_find(c, c->sent[i]);
		size_t to = c->sent_end[i];

		if (e == NULL || e->n < c->bp_min)
			for (k = from; k < to; k++)
				w[nw++] = w[k];
		from = to;
	}
	if (nw == 0)
		nw = c->nwords;
	if (nw < GD_CAMPAIGN_MIN_WORDS)
		return 0;
	if (c->ns == c->scap) {
		size_t ncap = c->scap ? c->scap * 2 : 1024;
		struct sig *nsg = realloc(c->s, ncap * sizeof(*nsg));

		if (nsg == NULL)
			return -1;
		c->s = nsg;
		c->scap = ncap;
	}
	sg = &c->s[c->ns++];
	sg->idx = (uint32_t)idx;
	for (j = 0; j < GD_MINHASH_K; j++)
		sg->mh[j] = UINT32_MAX;
	for (i = 0; i < nw; i++) {
		ex = mix(ex ^ w[i]);
		if (i + 2 >= nw)
			continue;
		/* A shingle of three words. */
		sh = mix(w[i] ^ mix(w[i + 1] ^ mix(w[i + 2])));
		for (j = 0; j < GD_MINHASH_K; j++) {
			uint32_t v = (uint32_t)((c->a[j] * sh + c->b[j]) >> 32);

			if (v < sg->mh[j])
				sg->mh[j] = v;
		}
	}
	sg->exact = ex;
	return 1;
}

static uint32_t
root(uint32_t *p, uint32_t x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

/* Unites two sets; the root is the smaller index (a fixed choice). */
static void
unite(uint32_t *p, uint32_t a, uint32_t b)
{
	a = root(p, a);
	b = root(p, b);
	if (a < b)
		p[b] = a;
	else if (b < a)
		p[a] = b;
}

static int
by_exact(const void *x, const void *y)
{
	const struct sig *a = x, *b = y;

	if (a->exact != b->exact)
		return a->exact < b->exact ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

struct bent {
	uint64_t h;
	uint32_t rank, s;
};

static int
by_band(const void *x, const void *y)
{
	const struct bent *a = x, *b = y;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static double
similarity(const struct sig *a, const struct sig *b)
{
	int j, same = 0;

	for (j = 0; j < GD_MINHASH_K; j++)
		same += a->mh[j] == b->mh[j];
	return (double)same / GD_MINHASH_K;
}

int
gd_campaigns_find(struct gd_campaigns *c, const size_t *rank, size_t nresp)
{
	struct bent *be = NULL;
	uint32_t *size = NULL, *first = NULL, *num = NULL;
	size_t i, j, k, nrep = 0;
	int band, rc = -1;

	c->nresp = nresp;
	free(c->camp);
	free(c->exact_of);
	free(c->parent);
	c->camp = malloc((nresp + 1) * sizeof(*c->camp));
	c->exact_of = calloc(nresp + 1, sizeof(*c->exact_of));
	c->parent = malloc((c->ns + 1) * sizeof(*c->parent));
	if (!c->camp || !c->exact_of || !c->parent)
		return -1;
	for (i = 0; i < nresp; i++)
		c->camp[i] = -1;
	for (i = 0; i < c->ns; i++)
		c->s[i].rank = (uint32_t)rank[c->s[i].idx];
	/* Work in rank order, whatever the input order was. */
	if (c->ns > 1)
		qsort(c->s, c->ns, sizeof(*c->s), by_exact);
	for (i = 0; i < c->ns; i++) {
		c->parent[i] = (uint32_t)i;
		c->exact_of[c->s[i].idx] = c->s[i].exact;
	}
	/* The same text: one set, its first member representing it. */
	if ((be = malloc((c->ns + 1) * sizeof(*be))) == NULL)
		goto done;
	for (i = 0; i < c->ns; i = j) {
		for (j = i + 1; j < c->ns && c->s[j].exact == c->s[i].exact;
		    j++)
			unite(c->parent, (uint32_t)i, (uint32_t)j);
		be[nrep].s = (uint32_t)i;
		nrep++;
	}
	/* Similar texts: candidates from each band, confirmed against up
	 * to LEADERS leaders of their bucket. */
	for (band = 0; band < BANDS; band++) {
		for (k = 0; k < nrep; k++) {
			const struct sig *sg = &c->s[be[k].s];
			uint64_t h = UINT64_C(1469598103934665603) + (uint64_t)
			    band;
			int r;

			for (r = 0; r < ROWS; r++)
				h = mix(h ^ sg->mh[band * ROWS + r]);
			be[k].h = h;
			be[k].rank = sg->rank;
		}
		if (nrep > 1)
			qsort(be, nrep, sizeof(*be), by_band);
		for (i = 0; i < nrep; i = j) {
			uint32_t lead[LEADERS];
			int nl = 0, l;

			for (j = i; j < nrep && be[j].h == be[i].h; j++) {
				const struct sig *sg = &c->s[be[j].s];

				for (l = 0; l < nl; l++)
					if (similarity(sg, &c->s[lead[l]]) >=
					    c->o.threshold) {
						unite(c->parent, be[j].s,
						    lead[l]);
						break;
					}
				if (l == nl && nl < LEADERS)
					lead[nl++] = be[j].s;
			}
		}
		/* Back to representative order for the next band. */
		for (k = 0; k < nrep; k++)
			be[k].rank = c->s[be[k].s].rank;
	}
	/* Sets of min_size or more are campaigns, numbered by their
	 * first (smallest-ranked) member: sigs are in rank order within an
	 * exact group, and roots are the smallest index. */
	size = calloc(c->ns + 1, sizeof(*size));
	first = malloc((c->ns + 1) * sizeof(*first));
	num = malloc((c->ns + 1) * sizeof(*num));
	if (!size || !first || !num)
		goto done;
	for (i = 0; i < c->ns; i++) {
		first[i] = UINT32_MAX;
		num[i] = UINT32_MAX;
	}
	for (i = 0; i < c->ns; i++) {
		uint32_t rt = root(c->parent, (uint32_t)i);

		size[rt]++;
		if (c->s[i].rank < first[rt])
			first[rt] = c->s[i].rank;
	}
	{
		/* Order the campaigns by their first member's rank. */
		struct bent *order = be;
		size_t nc = 0;

		for (i = 0; i < c->ns; i++)
			if (root(c->parent, (uint32_t)i) == i && size[i] >=
			    c->o.min_size) {
				order[nc].h = first[i];
				order[nc].s = (uint32_t)i;
				order[nc].rank = first[i];
				nc++;
			}
		if (nc > 1)
			qsort(order, nc, sizeof(*order), by_band);
		for (k = 0; k < nc; k++)
			num[order[k].s] = (uint32_t)k;
		c->ncamp = nc;
	}
	for (i = 0; i < c->ns; i++) {
		uint32_t rt = root(c->parent, (uint32_t)i);

		if (num[rt] != UINT32_MAX)
			c->camp[c->s[i].idx] = (int32_t)num[rt];
	}
	rc = 0;
done:
	free(be);
	free(size);
	free(first);
	free(num);
	return rc;
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
