/*
 * test_campaign_lsh.c - LSH banding (lib/campaign_lsh.c): identical
 * signatures share every bucket, a band's bucket depends on its own
 * rows only, groups in a bucket are united when their signatures are
 * similar enough and not otherwise, and the union-find's root is the
 * smaller index.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "../../lib/campaign_int.h"
#include "t.h"

/* A signature of made-up hashes, from seed. */
static void
fill(uint32_t *mh, uint64_t seed)
{
	int j;

	for (j = 0; j < GD_MINHASH_K; j++)
		mh[j] = (uint32_t)campaign_mix64(seed * 64 + (uint64_t)j);
}

TEST(campaign_lsh_identical_signatures_one_bucket)
{
	uint32_t a[GD_MINHASH_K], b[GD_MINHASH_K];
	int band;

	fill(a, 1);
	memcpy(b, a, sizeof(a));
	for (band = 0; band < CAMPAIGN_BANDS; band++)
		T_OK(campaign_band_hash(a, band) ==
		    campaign_band_hash(b, band));
	/* The same rows in two bands: two buckets. */
	T_OK(campaign_band_hash(a, 0) != campaign_band_hash(a, 1));
	/* A hash of band 3 changed: band 3's bucket only. */
	b[3 * CAMPAIGN_ROWS] ^= 1;
	for (band = 0; band < CAMPAIGN_BANDS; band++)
		T_EQ_INT(campaign_band_hash(a, band) == campaign_band_hash(b,
		    band), band != 3);
}

TEST(campaign_lsh_unites_similar_groups)
{
	enum { ND = 7 };
	struct gd_campaigns *c = calloc(1, sizeof(*c));
	struct sig s[ND];
	uint32_t gof[ND], trank[ND], parent[ND];
	uint32_t g;
	int j;

	T_OK(c != NULL);
	if (c == NULL)
		return;
	c->o.threshold = 0.35;
	c->sig = s;
	c->nd = ND;
	/* 0, 1, 2: the same signature.  3: 10 of 32 hashes changed, in
	 * bands 0 to 4 (estimate 0.69).  4: 25 changed (0.22), bands 13 to
	 * 15 still shared with 0.  5, 6: unrelated. */
	fill(s[0].mh, 1);
	s[1] = s[0];
	s[2] = s[0];
	s[3] = s[0];
	for (j = 0; j < 10; j++)
		s[3].mh[j] ^= 0x5a5a;
	s[4] = s[0];
	for (j = 0; j < 25; j++)
		s[4].mh[j] ^= 0x3c3c;
	fill(s[5].mh, 5);
	fill(s[6].mh, 6);
	T_EQ_INT(campaign_same_hashes(s[0].mh, s[3].mh), 22);
	T_EQ_INT(campaign_same_hashes(s[0].mh, s[4].mh), 7);
	/* Each text a group of its own, ranked backwards: the bucket's
	 * first leader is the highest group. */
	for (g = 0; g < ND; g++) {
		gof[g] = g;
		trank[g] = ND - 1 - g;
		parent[g] = g;
	}
	T_EQ_INT(campaign_lsh(c, ND, gof, trank, parent), 0);
	for (g = 0; g < 4; g++)
		T_EQ_INT(campaign_root(parent, g), 0);
	T_EQ_INT(campaign_root(parent, 4), 4);
	T_EQ_INT(campaign_root(parent, 5), 5);
	T_EQ_INT(campaign_root(parent, 6), 6);

	/* Texts in no group (gof CAMPAIGN_NONE) are not banded: three
	 * groups, of texts 0, 2 and 3. */
	for (g = 0; g < ND; g++) {
		parent[g] = g;
		gof[g] = CAMPAIGN_NONE;
	}
	gof[0] = 0;
	gof[2] = 1;
	gof[3] = 2;
	T_EQ_INT(campaign_lsh(c, 3, gof, trank, parent), 0);
	T_EQ_INT(campaign_root(parent, 1), 0);
	T_EQ_INT(campaign_root(parent, 2), 0);
	free(c);
}

TEST(campaign_union_find_smaller_root)
{
	uint32_t p[6];
	uint32_t i;

	for (i = 0; i < 6; i++)
		p[i] = i;
	campaign_unite(p, 5, 3);
	T_EQ_INT(campaign_root(p, 5), 3);
	campaign_unite(p, 4, 5);
	T_EQ_INT(campaign_root(p, 4), 3);
	campaign_unite(p, 3, 1);
	for (i = 3; i < 6; i++)
		T_EQ_INT(campaign_root(p, i), 1);
	T_EQ_INT(campaign_root(p, 0), 0);
	T_EQ_INT(campaign_root(p, 2), 2);
	campaign_unite(p, 1, 1);
	T_EQ_INT(campaign_root(p, 1), 1);
}
