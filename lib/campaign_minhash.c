/*
 * campaign_minhash.c - a text's signature: the exact hash of the words
 * it is compared by, and the MinHash of their 3-word shingles
 * (GD_MINHASH_K hash functions with fixed constants, so that every run
 * and machine agrees).  Two signatures' same hashes, over GD_MINHASH_K,
 * estimate the Jaccard similarity of the two texts' shingles
 * (campaign_same_hashes in campaign_int.h).
 */
#include <stdint.h>
#include <string.h>

#include "gd/gd.h"
#include "campaign_int.h"

/* SplitMix64: the generator of the hash functions' constants. */
static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void
campaign_minhash_init(struct gd_campaigns *c)
{
	uint64_t seed = UINT64_C(0x6764206361);	/* "gd ca" */
	int i;

	/* Fixed constants: the same signatures on every run and machine. */
	for (i = 0; i < GD_MINHASH_K; i++) {
		c->a[i] = splitmix64(&seed) | 1;
		c->b[i] = splitmix64(&seed);
	}
}

/*
 * The MinHash signature of the 3-word shingles of w (nw words, 3 or
 * more).  The hash function j of a shingle x is the high half of
 * a[j] x + b[j] (mod 2^64), worked out in 32-bit halves, so that several
 * j are done at once:  (al xl + bl) / 2^32 + al xh + ah xl + bh
 * (mod 2^32).  The same numbers on every machine; a build for x86-64
 * picks AVX2 at run time where the processor has it.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    defined(__linux__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void
campaign_minhash(const struct gd_campaigns *c, const uint64_t *w, size_t nw,
    uint32_t *out)
{
	uint32_t al[GD_MINHASH_K], ah[GD_MINHASH_K], bl[GD_MINHASH_K],
	    bh[GD_MINHASH_K], mh[GD_MINHASH_K];
	size_t i;
	int j;

	for (j = 0; j < GD_MINHASH_K; j++) {
		al[j] = (uint32_t)c->a[j];
		ah[j] = (uint32_t)(c->a[j] >> 32);
		bl[j] = (uint32_t)c->b[j];
		bh[j] = (uint32_t)(c->b[j] >> 32);
		mh[j] = UINT32_MAX;
	}
	for (i = 0; i + 2 < nw; i++) {
		uint64_t sh = campaign_shingle(w + i);
		uint32_t xl = (uint32_t)sh, xh = (uint32_t)(sh >> 32);

		for (j = 0; j < GD_MINHASH_K; j++) {
			uint32_t v = (uint32_t)(((uint64_t)al[j] * xl +
			    bl[j]) >> 32) + al[j] * xh + ah[j] * xl + bh[j];

			mh[j] = v < mh[j] ? v : mh[j];
		}
	}
	memcpy(out, mh, sizeof(mh));
}

/*
 * Signs the text in c->tk as distinct text ti: the words of the
 * sentences that are not boilerplate (tk.bp), or all when all are, then
 * an exact hash of them (a chain of campaign_mix64 from the FNV offset
 * basis) and the MinHash of their 3-word shingles.  Too few words: not
 * compared.  Leaves c->tk's words changed.
 */
void
campaign_sign(struct gd_campaigns *c, size_t ti)
{
	struct dtext *d = &c->d[ti];
	struct toks *t = &c->tk;
	uint64_t *w = t->words, ex = CAMPAIGN_FNV64_OFFSET;
	size_t i, nw = campaign_compared_words(t);

	d->compared = nw >= GD_CAMPAIGN_MIN_WORDS;
	d->exact = 0;
	if (!d->compared)
		return;
	for (i = 0; i < nw; i++)
		ex = campaign_mix64(ex ^ w[i]);
	d->exact = ex;
	campaign_minhash(c, w, nw, c->sig[ti].mh);
}
