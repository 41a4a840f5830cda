/*
 * campaign_centre.c - the sets that LSH made, checked against their
 * centre with the texts themselves.
 *
 * Single linkage chains: A is like B (by the signatures' estimate of
 * their Jaccard similarity, which with GD_MINHASH_K hashes is off by
 * 0.08 either way, often enough) and B like C, and so on, until a set
 * holds short texts that share no more than a stock phrase.  So each set
 * of min_size responses or more is checked with the texts themselves,
 * read back from the spool: a group stays in it when the Jaccard
 * similarity of its 3-word shingles with the set's centre is at least
 * CENTRE times the threshold.  The centre is the set's largest group (a
 * template sent verbatim); where every text differs, the one among the
 * first SAMPLE (by rank) whose signature is most like the others'.  A
 * group that does not stay is on its own.  A group whose signature is
 * SURE more like the centre's than that is close without a look (the
 * chance that it is not is below 1 in 10,000); the others are read back.
 * Reads the spool twice, in order: the centres, then the groups to look
 * at.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "campaign_int.h"

#define CENTRE 0.8
#define SAMPLE 64
#define SURE 0.3		/* above CENTRE x threshold, estimated: close */
#define SPARSE_WINDOW 4096

static int
u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* The sorted, distinct shingles of distinct text t, in c->sh. */
static int
shingles(struct gd_campaigns *c, struct campaign_reader *r, uint32_t t)
{
	struct toks *tk = &c->tk;
	const char *p;
	size_t i, ns, nw, at, len, n = 0;

	if ((p = campaign_spooled(r, t, &ns, &at, &len)) == NULL ||
	    campaign_tokenize(tk, p + at, len) == -1)
		return -1;
	campaign_mark_known_bp(c);
	nw = campaign_compared_words(tk);	/* the words signed */
	if (nw > c->shcap) {
		uint64_t *nsh = realloc(c->sh, nw * sizeof(*nsh));

		if (nsh == NULL)
			return -1;
		c->sh = nsh;
		c->shcap = nw;
	}
	for (i = 0; i + 2 < nw; i++)
		c->sh[i] = campaign_shingle(tk->words + i);
	if (nw > 3)
		qsort(c->sh, nw - 2, sizeof(*c->sh), u64_cmp);
	for (i = 0; i + 2 < nw; i++)
		if (n == 0 || c->sh[i] != c->sh[n - 1])
			c->sh[n++] = c->sh[i];
	c->nsh = n;
	return 0;
}

/* Jaccard similarity of two sorted sets, as ab/(a+b-ab) >= need. */
static int
close_enough(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
    double need)
{
	size_t i = 0, j = 0, both = 0;

	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			both++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return na + nb == 0 || (double)both >= need * (double)(na + nb - both);
}

/* A group to read back: its text's place in the spool. */
struct vent {
	uint64_t off;
	uint32_t g, set;
};

static int
by_off(const void *x, const void *y)
{
	const struct vent *a = x, *b = y;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return a->g < b->g ? -1 : a->g > b->g;
}

/* The distinct text of group g (its members all have the same words). */
static uint32_t
group_text(const struct gd_campaigns *c, const struct campaign_item *it,
    const uint32_t *gstart, uint32_t g)
{
	return c->tid[it[gstart[g]].idx];
}

int
campaign_centres(struct gd_campaigns *c, uint32_t *parent,
    const uint32_t *byrank, const uint32_t *gstart,
    const struct campaign_item *it, size_t ng)
{
	struct campaign_reader r;
	uint32_t *rt = NULL, *start = NULL, *total = NULL, *mem = NULL,
	    *centre = NULL, *setof = NULL;
	uint64_t *pool = NULL;
	size_t *pstart = NULL, *plen = NULL;
	struct vent *v = NULL;
	size_t i, k, nset = 0, nv = 0, npool = 0, poolcap = 0;
	double need = c->o.threshold * CENTRE;
	int rc = -1, sure = (int)((need + SURE) * GD_MINHASH_K + 0.999);

	campaign_reader_init(&r, c, SPARSE_WINDOW);
	rt = malloc((ng + 1) * sizeof(*rt));
	start = calloc(ng + 2, sizeof(*start));
	total = calloc(ng + 1, sizeof(*total));
	mem = malloc((ng + 1) * sizeof(*mem));
	setof = malloc((ng + 1) * sizeof(*setof));
	if (!rt || !start || !total || !mem || !setof)
		goto done;
	/* The groups of each set, in rank order: start[s] .. start[s + 1]
	 * of mem for the set whose root is s. */
	for (k = 0; k < ng; k++) {
		rt[k] = campaign_root(parent, (uint32_t)k);
		start[rt[k] + 2]++;
		total[rt[k]] += gstart[k + 1] - gstart[k];
	}
	for (k = 0; k < ng; k++)
		start[k + 2] += start[k + 1];
	for (i = 0; i < ng; i++)
		mem[start[rt[byrank[i]] + 1]++] = byrank[i];
	/* Each set to check: its centre. */
	for (k = 0; k < ng; k++) {
		setof[k] = CAMPAIGN_NONE;
		if (start[k + 1] - start[k] > 1 && total[k] >= c->o.min_size)
			nset++;
	}
	centre = malloc((nset + 1) * sizeof(*centre));
	pstart = malloc((nset + 1) * sizeof(*pstart));
	plen = malloc((nset + 1) * sizeof(*plen));
	v = malloc((ng + 1) * sizeof(*v));
	if (!centre || !pstart || !plen || !v)
		goto done;
	for (k = 0, nset = 0; k < ng; k++) {
		const uint32_t *m = mem + start[k];
		size_t n = start[k + 1] - start[k], j, best = 0;
		uint64_t top = 0, score;

		if (n < 2 || total[k] < c->o.min_size)
			continue;
		for (i = 1; i < n; i++)
			if (gstart[m[i] + 1] - gstart[m[i]] > gstart[m[best] +
			    1] - gstart[m[best]])
				best = i;
		if (gstart[m[best] + 1] - gstart[m[best]] == 1) {
			size_t ns = n < SAMPLE ? n : SAMPLE;

			for (i = 0; i < ns; i++) {
				const uint32_t *a = c->sig[group_text(c, it,
				    gstart, m[i])].mh;

				for (j = 0, score = 0; j < ns; j++)
					score += (uint64_t)
					    campaign_same_hashes(a,
					    c->sig[group_text(c, it, gstart,
					    m[j])].mh);
				if (score > top) {
					top = score;
					best = i;
				}
			}
		}
		centre[nset] = m[best];
		for (i = 0; i < n; i++)
			setof[m[i]] = (uint32_t)nset;
		nset++;
	}
	/* The centres' shingles, read in spool order, kept in pool. */
	for (k = 0; k < nset; k++) {
		v[k].off = c->d[group_text(c, it, gstart, centre[k])].off;
		v[k].g = centre[k];
		v[k].set = (uint32_t)k;
	}
	qsort(v, nset, sizeof(*v), by_off);
	for (k = 0; k < nset; k++) {
		if (shingles(c, &r, group_text(c, it, gstart, v[k].g)) == -1)
			goto done;
		if (npool + c->nsh > poolcap) {
			size_t ncap = poolcap ? poolcap * 2 : 4096;
			uint64_t *np;

			while (ncap < npool + c->nsh)
				ncap *= 2;
			if ((np = realloc(pool, ncap * sizeof(*np))) == NULL)
				goto done;
			pool = np;
			poolcap = ncap;
		}
		memcpy(pool + npool, c->sh, c->nsh * sizeof(*pool));
		pstart[v[k].set] = npool;
		plen[v[k].set] = c->nsh;
		npool += c->nsh;
	}
	/* The other groups, in spool order: close to the centre, or out;
	 * rt is now each group's new parent. */
	for (k = 0; k < ng; k++)
		if (setof[k] != CAMPAIGN_NONE && centre[setof[k]] != k) {
			uint32_t cg = centre[setof[k]],
			    t = group_text(c, it, gstart, (uint32_t)k);

			if (campaign_same_hashes(c->sig[t].mh,
			    c->sig[group_text(c, it, gstart, cg)].mh) >= sure) {
				rt[k] = cg;
				continue;
			}
			v[nv].off = c->d[t].off;
			v[nv].g = (uint32_t)k;
			v[nv].set = setof[k];
			nv++;
		}
	qsort(v, nv, sizeof(*v), by_off);
	for (k = 0; k < nv; k++) {
		uint32_t s = v[k].set, cg = centre[s];

		if (shingles(c, &r, group_text(c, it, gstart, v[k].g)) == -1)
			goto done;
		rt[v[k].g] = close_enough(pool + pstart[s], plen[s], c->sh,
		    c->nsh, need) ? cg : v[k].g;
	}
	for (k = 0; k < nset; k++)
		rt[centre[k]] = centre[k];
	for (k = 0; k < ng; k++)
		if (setof[k] != CAMPAIGN_NONE)
			parent[k] = rt[k];
	rc = 0;
done:
	campaign_reader_free(&r);
	free(rt);
	free(start);
	free(total);
	free(mem);
	free(setof);
	free(centre);
	free(pstart);
	free(plen);
	free(pool);
	free(v);
	return rc;
}
