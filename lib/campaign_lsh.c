/*
 * campaign_lsh.c - LSH banding: candidate pairs of similar texts from
 * their signatures, and the union-find that joins them.  Each of
 * CAMPAIGN_BANDS bands hashes CAMPAIGN_ROWS of a signature's hashes into
 * a bucket; within a bucket, in rank order, each group is compared with
 * up to CAMPAIGN_LEADERS leaders (the first groups that joined no
 * earlier leader) and united with the first whose estimated Jaccard
 * similarity is at least the threshold.  Half the bands run in a second
 * thread with a union-find of its own.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "campaign_int.h"

/*
 * The seed of the band hashes: the 64-bit FNV-1a offset basis
 * (CAMPAIGN_FNV64_OFFSET, 14695981039346656037) mistyped, its last digit
 * dropped.  Any constant would serve, but this one decides the buckets,
 * hence which pairs are compared and the campaigns found: it is kept as
 * it is so that the output stays the same.  Correcting it would call for
 * measuring precision and recall again (bench/campaigns.sh).
 */
#define BAND_SEED UINT64_C(1469598103934665603)

uint32_t
campaign_root(uint32_t *p, uint32_t x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

/* Unites two sets; the root is the smaller index (a fixed choice). */
void
campaign_unite(uint32_t *p, uint32_t a, uint32_t b)
{
	a = campaign_root(p, a);
	b = campaign_root(p, b);
	if (a < b)
		p[b] = a;
	else if (b < a)
		p[a] = b;
}

uint64_t
campaign_band_hash(const uint32_t *mh, int band)
{
	uint64_t h = BAND_SEED + (uint64_t)band;
	int r;

	for (r = 0; r < CAMPAIGN_ROWS; r++)
		h = campaign_mix64(h ^ mh[band * CAMPAIGN_ROWS + r]);
	return h;
}

/* A text in a band's bucket. */
struct bent {
	uint64_t h;
	uint32_t rank, g;		/* the group's first rank, the group */
	uint32_t t;			/* its text */
};

static int
by_band(const void *x, const void *y)
{
	const struct bent *a = x, *b = y;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static int
similar(const uint32_t *a, const uint32_t *b, double threshold)
{
	return (double)campaign_same_hashes(a, b) / GD_MINHASH_K >= threshold;
}

/*
 * Sorts a band's entries by bucket, then rank: spread by the top bits of
 * the bucket into tmp, each part sorted.
 */
static void
band_sort(struct bent *e, struct bent *tmp, size_t n, uint32_t *cnt,
    int bits)
{
	size_t i, nparts = (size_t)1 << bits, at = 0;
	int shift = 64 - bits;

	memset(cnt, 0, (nparts + 1) * sizeof(*cnt));
	for (i = 0; i < n; i++)
		cnt[(e[i].h >> shift) + 1]++;
	for (i = 0; i < nparts; i++)
		cnt[i + 1] += cnt[i];
	for (i = 0; i < n; i++)
		tmp[cnt[e[i].h >> shift]++] = e[i];
	/* cnt[p] is now the end of part p. */
	for (i = 0; i < nparts; i++) {
		size_t end = cnt[i], m = end - at, k, l;

		if (m > 16) {
			qsort(tmp + at, m, sizeof(*tmp), by_band);
		} else {
			for (k = at + 1; k < end; k++) {
				struct bent x = tmp[k];

				for (l = k; l > at && by_band(&tmp[l - 1], &x) >
				    0; l--)
					tmp[l] = tmp[l - 1];
				tmp[l] = x;
			}
		}
		at = end;
	}
	memcpy(e, tmp, n * sizeof(*e));
}

/* Bands from .. to of the groups' signatures, uniting in parent. */
struct bandwork {
	const struct gd_campaigns *c;
	size_t ng;
	const uint32_t *gof, *trank;
	int bits, from, to;
	uint32_t *parent, *cnt;
	struct bent *be, *tmp;
};

static void
bands(struct bandwork *w)
{
	const struct gd_campaigns *c = w->c;
	struct bent *be = w->be;
	size_t i, j, k, ng = w->ng;
	int band;

	for (band = w->from; band < w->to; band++) {
		for (i = 0, k = 0; i < c->nd; i++) {
			uint32_t g = w->gof[i];

			if (g == CAMPAIGN_NONE)
				continue;
			be[k].h = campaign_band_hash(c->sig[i].mh, band);
			be[k].rank = w->trank[i];
			be[k].g = g;
			be[k].t = (uint32_t)i;
			k++;
		}
		band_sort(be, w->tmp, ng, w->cnt, w->bits);
		for (i = 0; i < ng; i = j) {
			const uint32_t *lead[CAMPAIGN_LEADERS];
			uint32_t lg[CAMPAIGN_LEADERS];
			int nl = 0, l;

			if (i + 1 == ng || be[i + 1].h != be[i].h) {
				j = i + 1;	/* alone in its bucket */
				continue;
			}
			for (j = i; j < ng && be[j].h == be[i].h; j++) {
				uint32_t g = be[j].g;
				const uint32_t *mh = c->sig[be[j].t].mh;

				/* Signatures are far apart in memory. */
				if (j + 8 < ng) {
					CAMPAIGN_PREFETCH(c->sig[be[j +
					    8].t].mh);
					CAMPAIGN_PREFETCH(c->sig[be[j +
					    8].t].mh + 16);
				}
				for (l = 0; l < nl; l++)
					if (similar(mh, lead[l],
					    c->o.threshold)) {
						campaign_unite(w->parent, g,
						    lg[l]);
						break;
					}
				if (l == nl && nl < CAMPAIGN_LEADERS) {
					lead[nl] = mh;
					lg[nl++] = g;
				}
			}
		}
	}
}

static void *
bands_run(void *arg)
{
	bands(arg);
	return NULL;
}

/* The arrays of w (parent, its own) for a second thread. */
static int
bands_alloc(struct bandwork *w)
{
	size_t k;

	w->parent = malloc((w->ng + 1) * sizeof(*w->parent));
	w->be = malloc((w->ng + 1) * sizeof(*w->be));
	w->tmp = malloc((w->ng + 1) * sizeof(*w->tmp));
	w->cnt = malloc((((size_t)1 << w->bits) + 1) * sizeof(*w->cnt));
	if (!w->parent || !w->be || !w->tmp || !w->cnt)
		return -1;
	campaign_huge(w->be, (w->ng + 1) * sizeof(*w->be));
	campaign_huge(w->tmp, (w->ng + 1) * sizeof(*w->tmp));
	for (k = 0; k < w->ng; k++)
		w->parent[k] = (uint32_t)k;
	return 0;
}

static void
bands_free(struct bandwork *w)
{
	free(w->parent);
	free(w->be);
	free(w->tmp);
	free(w->cnt);
}

/*
 * Similar texts: candidates from each band, confirmed against up to
 * CAMPAIGN_LEADERS leaders of their bucket, in rank order.  Half the
 * bands in a second thread, with a union-find of its own: the sets are
 * the same whatever order pairs are united in.  Without a second thread
 * (or its memory), every band in this one.
 */
int
campaign_lsh(const struct gd_campaigns *c, size_t ng, const uint32_t *gof,
    const uint32_t *trank, uint32_t *parent)
{
	struct bent *be, *tmp;
	uint32_t *cnt;
	struct bandwork bw[2];
	pthread_t th;
	size_t k;
	int bits, rc = -1;

	memset(bw, 0, sizeof(bw));
	be = malloc((ng + 1) * sizeof(*be));
	tmp = malloc((ng + 1) * sizeof(*tmp));
	campaign_huge(be, (ng + 1) * sizeof(*be));
	campaign_huge(tmp, (ng + 1) * sizeof(*tmp));
	/* The buckets' top bits, for band_sort: about 8 entries a part. */
	for (bits = 1; ((size_t)1 << bits) < ng / 8; bits++)
		;
	cnt = malloc((((size_t)1 << bits) + 1) * sizeof(*cnt));
	if (!be || !tmp || !cnt)
		goto done;
	for (k = 0; k < 2; k++) {
		bw[k].c = c;
		bw[k].ng = ng;
		bw[k].gof = gof;
		bw[k].trank = trank;
		bw[k].bits = bits;
		bw[k].from = k == 0 ? 0 : CAMPAIGN_BANDS / 2;
		bw[k].to = k == 0 ? CAMPAIGN_BANDS / 2 : CAMPAIGN_BANDS;
	}
	bw[0].parent = parent;
	bw[0].be = be;
	bw[0].tmp = tmp;
	bw[0].cnt = cnt;
	if (ng > 1 && bands_alloc(&bw[1]) == 0 &&
	    pthread_create(&th, NULL, bands_run, &bw[1]) == 0) {
		bands(&bw[0]);
		pthread_join(th, NULL);
		for (k = 0; k < ng; k++)
			campaign_unite(parent, (uint32_t)k,
			    campaign_root(bw[1].parent, (uint32_t)k));
	} else if (ng > 1) {
		bw[0].to = CAMPAIGN_BANDS;
		bands(&bw[0]);
	}
	rc = 0;
done:
	bands_free(&bw[1]);
	free(be);
	free(tmp);
	free(cnt);
	return rc;
}
