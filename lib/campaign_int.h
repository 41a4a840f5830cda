/*
 * campaign_int.h - what the files of the campaign finder share: its
 * state, the hash helpers and the functions one file gives another.  Not
 * a public interface: include/gd/campaign.h is.
 *
 * The family:
 *   campaign.c          the public API and the run: copies known in the
 *                       caller's thread, each new text taken, and
 *                       gd_campaigns_find (groups of the same words, LSH,
 *                       centres, numbering)
 *   campaign_queue.c    the batches of new texts and the worker thread
 *                       that takes them, in order
 *   campaign_text.c     words and sentences (tokenising, folding), the
 *                       sentence counts and the boilerplate
 *   campaign_minhash.c  the MinHash signature of a text and its exact hash
 *   campaign_lsh.c      LSH banding: buckets, leaders, union-find
 *   campaign_centre.c   each large set checked against its centre, with
 *                       the texts' shingles read back
 *   campaign_spool.c    the temporary file: its records, written and read
 *                       back (gd_campaigns_text)
 *
 * Failures inside the family are -1 (or NULL) with errno: ENOMEM for
 * memory, else the temporary file's error; the worker keeps its own in
 * q.failed.  Only the public functions fill a struct gd_error, once
 * (campaign.c's kept_error): the parts run in two threads and in the
 * hot loops, where an errno costs nothing.
 */
#ifndef GD_CAMPAIGN_INT_H
#define GD_CAMPAIGN_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gd/buf.h"
#include "gd/campaign.h"

#define CAMPAIGN_BANDS 16	/* LSH bands of a signature */
#define CAMPAIGN_ROWS (GD_MINHASH_K / CAMPAIGN_BANDS)	/* hashes a band */
#define CAMPAIGN_LEADERS 4	/* leaders a bucket compares with */

#define CAMPAIGN_NONE UINT32_MAX	/* no text, no group ("NONE") */

#if defined(__GNUC__)
#define CAMPAIGN_PREFETCH(p) __builtin_prefetch(p)
#else
#define CAMPAIGN_PREFETCH(p) ((void)0)
#endif

#define CAMPAIGN_NBATCH 4		/* batches in flight */
#define CAMPAIGN_BATCH_N 4096		/* texts per batch, at most */
#define CAMPAIGN_BATCH_BYTES (1 << 20)	/* text bytes per batch, about */

/* ---- hash helpers ---- */

/*
 * The 64-bit FNV-1a offset basis and prime.  Words are hashed FNV-1a
 * over their folded code points (each code point XORed in whole, not
 * its bytes), then mixed (campaign_mix64).  The offset basis also seeds
 * a text's exact hash (campaign_sign), which is a chain of
 * campaign_mix64, not FNV.
 */
#define CAMPAIGN_FNV64_OFFSET UINT64_C(14695981039346656037)
#define CAMPAIGN_FNV64_PRIME UINT64_C(1099511628211)

/* One FNV-1a step: code point (or folded byte) ch into h. */
static inline uint64_t
campaign_fnv1a_step(uint64_t h, uint64_t ch)
{
	return (h ^ ch) * CAMPAIGN_FNV64_PRIME;
}

/* A 64-bit finaliser (MurmurHash3's fmix64): every bit of h in every
 * bit of the result.  Word, sentence, shingle and band hashes. */
static inline uint64_t
campaign_mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xFF51AFD7ED558CCD);
	h ^= h >> 33;
	h *= UINT64_C(0xC4CEB9FE1A85EC53);
	return h ^ (h >> 33);
}

/* The hash of the shingle of three words at w. */
static inline uint64_t
campaign_shingle(const uint64_t *w)
{
	return campaign_mix64(w[0] ^ campaign_mix64(w[1] ^
	    campaign_mix64(w[2])));
}

/* How many of two signatures' hashes are the same: over GD_MINHASH_K,
 * the estimate of their texts' Jaccard similarity. */
static inline int
campaign_same_hashes(const uint32_t *a, const uint32_t *b)
{
	int j, same = 0;

	for (j = 0; j < GD_MINHASH_K; j++)
		same += a[j] == b[j];
	return same;
}

/* ---- state ---- */

/* A distinct text (the same bytes: one), as the worker knows it. */
struct dtext {
	uint64_t off;			/* its record in the spool */
	uint64_t exact;			/* hash of the compared words */
	uint32_t compared;		/* 1: it takes part */
};

/* The same, as the caller's thread knows it, to find copies. */
struct dkey {
	uint64_t h2;			/* the hash's second half */
	uint64_t len;			/* bytes */
};

/* Its signature, when compared: apart, as the bands read a little of
 * every one. */
struct sig {
	uint32_t mh[GD_MINHASH_K];
};

/* A sentence and the distinct texts it is in. */
struct dfent {
	uint64_t h;			/* 0: empty */
	uint32_t n;
};

/* Words and sentences of one text. */
struct toks {
	uint64_t *words;		/* a hash per word */
	size_t nwords, wcap;
	uint64_t *sent;			/* a hash per sentence */
	uint32_t *sent_end;		/* its words end here */
	unsigned char *bp;		/* 1: boilerplate (assumed or known) */
	uint32_t *dfn;			/* texts it is in, when dfok */
	int dfok;
	size_t nsent, scap;
};

/* New texts, back to back, as the caller hands them over. */
struct campaign_batch {
	struct gd_buf text;
	size_t len[CAMPAIGN_BATCH_N];
	size_t n;
};

/* Takes one text (s, n bytes); -1 with errno on failure. */
typedef int campaign_take_fn(void *arg, const char *s, size_t n);

/*
 * The queue of new texts (campaign_queue.c).  The caller fills
 * bt[prod % NBATCH]; a full batch is handed over under mu, and the
 * worker takes the batches in order, calling take for each text, until
 * one fails: failed is then its errno and the rest are skipped.
 * Without a thread (threaded 0) a batch is taken when handed over, in
 * the caller's thread.  take and arg are set once, by init; failed is
 * written where the texts are taken (the worker), and read by the
 * caller once campaign_queue_stop has returned.
 */
struct campaign_queue {
	struct campaign_batch bt[CAMPAIGN_NBATCH];
	size_t prod, cons, nfull;
	int threaded, done;
	int failed;			/* errno of a failed take, or 0 */
	campaign_take_fn *take;
	void *arg;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t more, room;
};

struct gd_campaigns {
	struct gd_campaign_opts o;
	/* MinHash constants (campaign_minhash_init): read only after new. */
	uint64_t a[GD_MINHASH_K], b[GD_MINHASH_K];

	/*
	 * Where the texts are taken (the queue's take: the worker thread,
	 * or the caller's when there is none) until gd_campaigns_find has
	 * stopped the worker; the caller's after, when find signs texts
	 * again and reads them back: the sentence counts, the distinct
	 * texts and their signatures, the text being worked on, the spool.
	 */
	struct dfent *df;		/* sentence -> texts it is in */
	size_t dfcap, dfused;
	size_t ntexts;
	uint64_t *seen;			/* hashes of the distinct word lists */
	size_t nseen, seencap;
	struct dtext *d;		/* the distinct texts */
	struct sig *sig;		/* and their signatures, in sigmem */
	char *sigmem;
	size_t sigpad;
	size_t nd, dcap;
	struct toks tk;			/* the text being tokenised */
	FILE *spool;			/* the distinct texts' records */
	uint64_t spooled;		/* bytes written to it */

	/* The caller's thread only (gd_campaigns_put): which texts are
	 * copies.  dk and dtab are let go in find. */
	struct dkey *dk;		/* per distinct text */
	size_t nk, kcap;
	struct dslot { uint64_t h1; uint32_t t; } *dtab;
	size_t dtabcap;			/* hash -> d index; t NONE: empty */
	uint32_t *tid;			/* per response: its d, or NONE */
	size_t ntid;

	/* The batches between the two, and the worker. */
	struct campaign_queue q;

	/* Found (the caller's, in gd_campaigns_find). */
	uint64_t bp_min;		/* in this many texts: boilerplate */
	size_t nbp;
	uint64_t *bp;			/* those sentences, a set */
	size_t bpcap;
	uint64_t *sh;			/* a text's shingles, read back */
	size_t nsh, shcap;
	int32_t *camp;			/* per response: campaign or -1 */
	uint64_t *exact_of;		/* per response */
	size_t nresp;
	size_t ncamp;
	int found;
};

/* A response compared, in gd_campaigns_find. */
struct campaign_item {
	uint64_t exact;
	uint32_t rank, idx;
};

/* ---- campaign.c ---- */

/* Asks for huge pages under a large block (Linux). */
void campaign_huge(void *p, size_t n);

/* ---- campaign_queue.c ---- */

/* Batches empty, no thread; take(arg, ...) will take the texts. */
void campaign_queue_init(struct campaign_queue *q, campaign_take_fn *take,
    void *arg);
/* Starts the worker thread; 0, or -1 (the texts are then taken in the
 * caller's thread). */
int campaign_queue_start(struct campaign_queue *q);
/* Adds a text to the batch being filled, handing it over when full.  0,
 * or -1 (memory: the text is not added). */
int campaign_queue_add(struct campaign_queue *q, const char *s, size_t n);
/* Hands over the batch being filled (or takes it now, without a thread). */
void campaign_queue_flush(struct campaign_queue *q);
/* Waits for the worker to take every batch handed over, and ends it. */
void campaign_queue_stop(struct campaign_queue *q);
/* Stops the worker and lets the batches go. */
void campaign_queue_free(struct campaign_queue *q);

/* ---- campaign_text.c ---- */

/* Splits text s (n bytes) into t's folded words and sentences. */
int campaign_tokenize(struct toks *t, const char *s, size_t n);
void campaign_toks_free(struct toks *t);
/* Counts the sentences of c->tk, once per distinct word list. */
int campaign_count_sentences(struct gd_campaigns *c);
/* In how many distinct texts, of n, a sentence is boilerplate. */
uint64_t campaign_bp_min(const struct gd_campaigns *c, size_t n);
/* Marks c->tk's sentences in bp_min texts or more as boilerplate. */
void campaign_mark_bp(struct gd_campaigns *c, uint64_t bp_min);
/* The boilerplate once every text is counted (c->bp); the counts go. */
int campaign_settle_boilerplate(struct gd_campaigns *c);
/* Whether sentence h is boilerplate, once settled. */
int campaign_is_bp(const struct gd_campaigns *c, uint64_t h);
/* Marks c->tk's sentences as settled. */
void campaign_mark_known_bp(struct gd_campaigns *c);
/* Moves the words compared (not boilerplate) to the front; how many. */
size_t campaign_compared_words(struct toks *t);

/* ---- campaign_minhash.c ---- */

/* The fixed hash constants in c->a, c->b. */
void campaign_minhash_init(struct gd_campaigns *c);
/* The signature of the 3-word shingles of w (nw words, 3 or more). */
void campaign_minhash(const struct gd_campaigns *c, const uint64_t *w,
    size_t nw, uint32_t *out);
/* Signs c->tk (its bp marked) as distinct text ti: exact hash, signature. */
void campaign_sign(struct gd_campaigns *c, size_t ti);

/* ---- campaign_lsh.c ---- */

uint32_t campaign_root(uint32_t *parent, uint32_t x);
void campaign_unite(uint32_t *parent, uint32_t a, uint32_t b);
/* The bucket of signature mh in band band. */
uint64_t campaign_band_hash(const uint32_t *mh, int band);
/*
 * Unites in parent (ng groups, parent[g] == g or already united) the
 * groups whose signatures LSH finds similar.  gof[t]: distinct text t's
 * group, or CAMPAIGN_NONE (the group's other texts are not banded);
 * trank[t]: its group's first rank.  0, or -1 (memory).
 */
int campaign_lsh(const struct gd_campaigns *c, size_t ng,
    const uint32_t *gof, const uint32_t *trank, uint32_t *parent);

/* ---- campaign_centre.c ---- */

/*
 * Checks each set of c->o.min_size responses or more (in parent: ng
 * groups, byrank in rank order, group g's members it[gstart[g] ..
 * gstart[g + 1])) against its centre; groups not close enough are set
 * apart.  0, or -1 with errno.
 */
int campaign_centres(struct gd_campaigns *c, uint32_t *parent,
    const uint32_t *byrank, const uint32_t *gstart,
    const struct campaign_item *it, size_t ng);

/* ---- campaign_spool.c ---- */

#define CAMPAIGN_WINDOW (4 << 20)	/* bytes read back at a time */

/* Reads the spool sequentially through a window. */
struct campaign_reader {
	struct gd_campaigns *c;
	char *buf;
	uint64_t from;			/* spool offset of buf[0] */
	size_t n, cap;
	size_t win;			/* bytes to read at a time, at least */
};

void campaign_reader_init(struct campaign_reader *r, struct gd_campaigns *c,
    size_t win);
void campaign_reader_free(struct campaign_reader *r);
/*
 * Distinct text t as spooled: its record (*ns sentence hashes from +8,
 * then a boilerplate flag each, from +campaign_spooled_flags(*ns)), its
 * text from +*at, *len bytes; or NULL.
 */
const char *campaign_spooled(struct campaign_reader *r, uint32_t t,
    size_t *ns, size_t *at, size_t *len);
size_t campaign_spooled_flags(size_t ns);
/* Writes the record of text s (n bytes), c->tk its tokens, at
 * c->spooled.  0, or -1 with errno. */
int campaign_spool_text(struct gd_campaigns *c, const char *s, size_t n);

#endif
