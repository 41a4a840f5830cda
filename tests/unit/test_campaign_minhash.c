/*
 * test_campaign_minhash.c - signatures (lib/campaign_minhash.c): equal
 * for equal words, an estimate of the Jaccard similarity of two texts'
 * shingles near the true one, and the exact hash and the minimum of
 * words a text needs to be compared.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "../../lib/campaign_int.h"
#include "t.h"

#define NW 200

static struct gd_campaigns *
signer(void)
{
	struct gd_campaigns *c = calloc(1, sizeof(*c));

	if (c != NULL)
		campaign_minhash_init(c);
	return c;
}

static int
u64cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* The exact Jaccard similarity of the shingle sets of a and b. */
static double
jaccard(const uint64_t *a, const uint64_t *b, size_t nw)
{
	uint64_t sa[NW], sb[NW];
	size_t i, j, n = nw - 2, na = 0, nb = 0, both = 0;

	for (i = 0; i < n; i++) {
		sa[i] = campaign_shingle(a + i);
		sb[i] = campaign_shingle(b + i);
	}
	qsort(sa, n, sizeof(*sa), u64cmp);
	qsort(sb, n, sizeof(*sb), u64cmp);
	for (i = 0; i < n; i++)
		if (i == 0 || sa[i] != sa[i - 1])
			sa[na++] = sa[i];
	for (i = 0; i < n; i++)
		if (i == 0 || sb[i] != sb[i - 1])
			sb[nb++] = sb[i];
	for (i = 0, j = 0; i < na && j < nb;) {
		if (sa[i] == sb[j]) {
			both++;
			i++;
			j++;
		} else if (sa[i] < sb[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (double)both / (double)(na + nb - both);
}

TEST(campaign_minhash_equal_words_equal_signatures)
{
	static const char text[] = "We ask the council to plant more trees "
	    "along the river path this autumn.";
	struct gd_campaigns *c = signer();
	uint32_t a[GD_MINHASH_K], b[GD_MINHASH_K], o[GD_MINHASH_K];
	struct toks t;

	T_OK(c != NULL);
	if (c == NULL)
		return;
	memset(&t, 0, sizeof(t));
	T_EQ_INT(campaign_tokenize(&t, text, strlen(text)), 0);
	campaign_minhash(c, t.words, t.nwords, a);
	campaign_minhash(c, t.words, t.nwords, b);
	T_OK(memcmp(a, b, sizeof(a)) == 0);
	T_EQ_INT(campaign_same_hashes(a, b), GD_MINHASH_K);
	/* The same constants in another finder: the same signature. */
	{
		struct gd_campaigns *c2 = signer();

		T_OK(c2 != NULL);
		if (c2 != NULL) {
			campaign_minhash(c2, t.words, t.nwords, b);
			T_OK(memcmp(a, b, sizeof(a)) == 0);
			free(c2);
		}
	}
	/* One word changed: another signature. */
	t.words[5] ^= 1;
	campaign_minhash(c, t.words, t.nwords, o);
	T_OK(memcmp(a, o, sizeof(a)) != 0);
	campaign_toks_free(&t);
	free(c);
}

TEST(campaign_minhash_estimates_jaccard)
{
	/* b shares its first `keep` words with a, then differs: a known
	 * similarity of their shingles, estimated by the signatures. */
	static const size_t keeps[] = { 60, 100, 150, 180 };
	struct gd_campaigns *c = signer();
	uint64_t a[NW], b[NW];
	uint32_t sa[GD_MINHASH_K], sb[GD_MINHASH_K];
	double err = 0;
	size_t i, k;

	T_OK(c != NULL);
	if (c == NULL)
		return;
	for (i = 0; i < NW; i++)
		a[i] = campaign_mix64(i + 1);
	campaign_minhash(c, a, NW, sa);
	for (k = 0; k < sizeof(keeps) / sizeof(keeps[0]); k++) {
		double j, est;

		for (i = 0; i < NW; i++)
			b[i] = i < keeps[k] ? a[i] : campaign_mix64(i + 100001);
		j = jaccard(a, b, NW);
		campaign_minhash(c, b, NW, sb);
		est = (double)campaign_same_hashes(sa, sb) / GD_MINHASH_K;
		/* One estimate is off by 0.08 either way often enough. */
		T_OK(est > j - 0.2 && est < j + 0.2);
		err += est > j ? est - j : j - est;
	}
	T_OK(err / 4 < 0.1);
	/* Nothing shared: an estimate near 0. */
	for (i = 0; i < NW; i++)
		b[i] = campaign_mix64(i + 200001);
	campaign_minhash(c, b, NW, sb);
	T_OK(campaign_same_hashes(sa, sb) <= 2);
	free(c);
}

TEST(campaign_sign_exact_hash_and_minimum)
{
	static const char *const texts[] = {
		"Keep the library open on Sundays, please.",
		"KEEP the library open on sundays - please!",
		"Keep the library open on Mondays, please.",
		"Keep it open, please.",
	};
	struct gd_campaigns *c = signer();
	struct dtext d[4];
	struct sig s[4];
	size_t i;

	T_OK(c != NULL);
	if (c == NULL)
		return;
	c->d = d;
	c->sig = s;
	for (i = 0; i < 4; i++) {
		T_EQ_INT(campaign_tokenize(&c->tk, texts[i], strlen(texts[i])),
		    0);
		memset(c->tk.bp, 0, c->tk.nsent);
		campaign_sign(c, i);
	}
	T_EQ_INT(d[0].compared, 1);
	T_OK(d[0].exact == d[1].exact);
	T_OK(memcmp(s[0].mh, s[1].mh, sizeof(s[0].mh)) == 0);
	T_OK(d[0].exact != d[2].exact);
	/* Under GD_CAMPAIGN_MIN_WORDS words: not compared. */
	T_EQ_INT(d[3].compared, 0);
	T_EQ_INT(d[3].exact, 0);
	campaign_toks_free(&c->tk);
	free(c);
}
