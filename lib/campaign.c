/*
 * campaign.c - near-duplicate and copy-paste campaigns (see
 * gd/campaign.h).
 *
 * Texts are taken in batches by a thread of their own while the caller
 * goes on reading: each distinct text (a 128-bit hash of its bytes) is
 * folded and split once, its sentences counted, and it is signed
 * against the boilerplate known so far; the text, its sentences and what
 * was assumed of them go to a temporary file.  At the end, when the
 * boilerplate is known, only texts with a sentence whose standing
 * changed are signed again (from the file).  The results are those of
 * signing every text once the boilerplate is known, whatever the timing
 * of the threads: one thread takes the texts, in the order given.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <utf8proc.h>

#include "gd/gd.h"

#define BANDS 16
#define ROWS (GD_MINHASH_K / BANDS)
#define LEADERS 4

#define NONE UINT32_MAX

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif
#define NBATCH 4		/* batches in flight */
#define BATCH_N 4096		/* texts per batch, at most */
#define BATCH_BYTES (1 << 20)	/* text bytes per batch, about */
#define WINDOW (4 << 20)	/* bytes read back at a time */

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

struct dfent {
	uint64_t h;			/* 0: empty */
	uint32_t n;
};

struct batch {
	struct gd_buf text;		/* new texts, back to back */
	size_t len[BATCH_N];
	size_t n;
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

struct gd_campaigns {
	struct gd_campaign_opts o;
	uint64_t a[GD_MINHASH_K], b[GD_MINHASH_K];

	/* Pass 1 (the worker's, until find). */
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

	/* The caller's thread: which texts are copies. */
	struct dkey *dk;		/* per distinct text */
	size_t nk, kcap;
	struct dslot { uint64_t h1; uint32_t t; } *dtab;
	size_t dtabcap;			/* hash -> d index; NONE: empty */
	uint32_t *tid;			/* per response: its d, or NONE */
	size_t ntid;
	struct toks tk;
	FILE *spool;
	uint64_t spooled;
	int failed;			/* errno of a failure in pass 1 */

	/* The thread and its batches. */
	struct batch bt[NBATCH];
	size_t prod, cons, nfull;
	int threaded, done;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t more, room;

	/* Found. */
	uint64_t bp_min;		/* a sentence in this many is boilerplate */
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

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
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

static void *worker(void *arg);

/*
 * Asks for huge pages under a large block (Linux): the tables here are
 * read at random, and with small pages most reads would miss the TLB.
 */
static void
huge(void *p, size_t n)
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

struct gd_campaigns *
gd_campaigns_new(const struct gd_campaign_opts *o, const char **dir)
{
	struct gd_campaigns *c = calloc(1, sizeof(*c));
	uint64_t seed = UINT64_C(0x6764206361);	/* "gd ca" */
	int i, e;

	*dir = "";
	if (c == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	c->o.threshold = o && o->threshold > 0 ? o->threshold : 0.35;
	c->o.boilerplate = o && o->boilerplate > 0 ? o->boilerplate : 0.5;
	c->o.min_size = o && o->min_size > 0 ? o->min_size : 3;
	/* Fixed constants: the same signatures on every run and machine. */
	for (i = 0; i < GD_MINHASH_K; i++) {
		c->a[i] = splitmix(&seed) | 1;
		c->b[i] = splitmix(&seed);
	}
	for (i = 0; i < NBATCH; i++)
		gd_buf_init(&c->bt[i].text, 0);
	if ((c->spool = gd_spool_open("gd-tally", dir)) == NULL) {
		e = errno;
		gd_campaigns_free(c);
		errno = e;
		return NULL;
	}
	(void)setvbuf(c->spool, NULL, _IOFBF, 1 << 20);
	if (pthread_mutex_init(&c->mu, NULL) == 0) {
		if (pthread_cond_init(&c->more, NULL) == 0) {
			if (pthread_cond_init(&c->room, NULL) == 0) {
				if (pthread_create(&c->th, NULL, worker, c) ==
				    0) {
					c->threaded = 1;
					return c;
				}
				pthread_cond_destroy(&c->room);
			}
			pthread_cond_destroy(&c->more);
		}
		pthread_mutex_destroy(&c->mu);
	}
	/* No thread: the texts are taken as they come. */
	return c;
}

/* Waits for the worker to take every batch handed over, and ends it. */
static void
stop(struct gd_campaigns *c)
{
	if (!c->threaded)
		return;
	pthread_mutex_lock(&c->mu);
	c->done = 1;
	pthread_cond_signal(&c->more);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->th, NULL);
	pthread_cond_destroy(&c->room);
	pthread_cond_destroy(&c->more);
	pthread_mutex_destroy(&c->mu);
	c->threaded = 0;
}

void
gd_campaigns_free(struct gd_campaigns *c)
{
	int i;

	if (c == NULL)
		return;
	stop(c);
	for (i = 0; i < NBATCH; i++)
		gd_buf_release(&c->bt[i].text);
	free(c->df);
	free(c->seen);
	free(c->d);
	free(c->sigmem);
	free(c->dtab);
	free(c->dk);
	free(c->tid);
	free(c->tk.words);
	free(c->tk.sent);
	free(c->tk.sent_end);
	free(c->tk.bp);
	free(c->tk.dfn);
	if (c->spool)
		fclose(c->spool);
	free(c->bp);
	free(c->camp);
	free(c->sh);
	free(c->exact_of);
	free(c);
}

/* ---- words and sentences ---- */

static int
tk_grow(struct toks *t)
{
	size_t ncap = t->wcap ? t->wcap * 2 : 256;
	uint64_t *nw = realloc(t->words, ncap * sizeof(*nw));

	if (nw == NULL)
		return -1;
	t->words = nw;
	t->wcap = ncap;
	return 0;
}

static inline int
tk_word(struct toks *t, uint64_t w)
{
	if (t->nwords == t->wcap && tk_grow(t) == -1)
		return -1;
	t->words[t->nwords++] = w;
	return 0;
}

static int
tk_sent(struct toks *t, uint64_t h)
{
	if (t->nsent == t->scap) {
		size_t ncap = t->scap ? t->scap * 2 : 32;
		uint64_t *ns;
		uint32_t *ne;
		unsigned char *nb;

		if ((ns = realloc(t->sent, ncap * sizeof(*ns))) == NULL)
			return -1;
		t->sent = ns;
		if ((ne = realloc(t->sent_end, ncap * sizeof(*ne))) == NULL)
			return -1;
		t->sent_end = ne;
		if ((nb = realloc(t->bp, ncap)) == NULL)
			return -1;
		t->bp = nb;
		if ((ne = realloc(t->dfn, ncap * sizeof(*ne))) == NULL)
			return -1;
		t->dfn = ne;
		t->scap = ncap;
	}
	t->sent[t->nsent] = h | 1;	/* never 0 */
	t->sent_end[t->nsent] = (uint32_t)t->nwords;
	t->nsent++;
	return 0;
}

#define FNV_OFF UINT64_C(14695981039346656037)
#define FNV_PRIME UINT64_C(1099511628211)

/* ASCII: 0 other, 1 word character (its folded value in fold[]), 2 the
 * end of a sentence. */
static unsigned char ascii_kind[128];
static unsigned char ascii_fold[128];
static pthread_once_t ascii_once = PTHREAD_ONCE_INIT;

static void
ascii_init(void)
{
	int ch;

	for (ch = 0; ch < 128; ch++) {
		int f = ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;

		ascii_fold[ch] = (unsigned char)f;
		if (gd_is_word_cp(f))
			ascii_kind[ch] = 1;
		else if (f == '.' || f == '!' || f == '?' || f == ';' ||
		    f == '\n' || f == '\r')
			ascii_kind[ch] = 2;
	}
}

struct tokst {
	uint64_t wh, sh;		/* the word, the sentence so far */
	size_t sw;			/* words in the sentence */
	int inword;
};

static inline int
end_word(struct toks *t, struct tokst *st)
{
	uint64_t w = mix(st->wh);

	st->inword = 0;
	st->sh = mix(st->sh ^ w);
	st->sw++;
	return tk_word(t, w);
}

static int
end_sent(struct toks *t, struct tokst *st)
{
	int rc = 0;

	if (st->sw > 0)
		rc = tk_sent(t, st->sh);
	st->sh = 0;
	st->sw = 0;
	return rc;
}

/* One folded code point. */
static int
tok_cp(struct toks *t, struct tokst *st, int32_t ch)
{
	if (gd_is_word_cp(ch)) {
		if (!st->inword) {
			st->inword = 1;
			st->wh = FNV_OFF;
		}
		st->wh = (st->wh ^ (uint64_t)ch) * FNV_PRIME;
		return 0;
	}
	if (st->inword && end_word(t, st) == -1)
		return -1;
	if (ch == '.' || ch == '!' || ch == '?' || ch == ';' || ch == '\n' ||
	    ch == '\r')
		return end_sent(t, st);
	return 0;
}

/*
 * Splits a text into folded words (gd_fold: letters and digits) and
 * sentences (ending at . ! ? ; or a line end): a hash per word, a hash
 * per sentence (its words) and where each ends.  ASCII is folded here,
 * byte by byte; the rest as gd_fold does.
 */
static int
tokenize(struct toks *t, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	struct tokst st = { 0, 0, 0, 0 };
	int32_t out[GD_FOLD_MAX];
	int last_class = 0;
	size_t i = 0;

	(void)pthread_once(&ascii_once, ascii_init);
	t->nwords = 0;
	t->nsent = 0;
	t->dfok = 0;
	while (i < n) {
		utf8proc_int32_t ch;
		utf8proc_ssize_t k;
		int m, j;

		if (p[i] < 0x80) {
			unsigned char kind = ascii_kind[p[i]];

			if (kind == 1) {
				/* A run of ASCII word characters. */
				uint64_t wh = st.inword ? st.wh : FNV_OFF;

				do {
					wh = (wh ^ ascii_fold[p[i]]) * FNV_PRIME;
					i++;
				} while (i < n && p[i] < 0x80 &&
				    ascii_kind[p[i]] == 1);
				st.wh = wh;
				st.inword = 1;
				continue;
			} else {
				if (st.inword && end_word(t, &st) == -1)
					return -1;
				if (kind == 2 && end_sent(t, &st) == -1)
					return -1;
			}
			i++;
			continue;
		}
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &ch);
		if (k < 1) {
			ch = 0xFFFD;
			k = 1;
		}
		m = gd_fold_char(ch, out, &last_class);
		for (j = 0; j < m; j++)
			if (tok_cp(t, &st, out[j]) == -1)
				return -1;
		i += (size_t)k;
	}
	/* The end of the text ends a sentence. */
	return tok_cp(t, &st, '.');
}

/* ---- sentences and boilerplate ---- */

static int
df_grow(struct gd_campaigns *c)
{
	size_t ncap = c->dfcap ? c->dfcap * 2 : 4096, i, j;
	struct dfent *nd = calloc(ncap, sizeof(*nd));

	if (nd == NULL)
		return -1;
	huge(nd, ncap * sizeof(*nd));
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

static const struct dfent *
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
 * Returns 1 when the text's words are new, 0 when seen, -1 (memory).
 */
static int
new_text(struct gd_campaigns *c)
{
	uint64_t h = UINT64_C(0x9E3779B97F4A7C15);
	size_t i, j;

	for (i = 0; i < c->tk.nwords; i++)
		h = mix(h ^ c->tk.words[i]);
	h |= 1;
	/* The slots wanted next are fetched while the table grows or is
	 * probed: this one, and the sentences' counts. */
	if (c->seencap)
		PREFETCH(&c->seen[h & (c->seencap - 1)]);
	for (i = 0; c->dfcap && i < c->tk.nsent; i++)
		PREFETCH(&c->df[c->tk.sent[i] & (c->dfcap - 1)]);
	if ((c->nseen + 1) * 2 > c->seencap) {
		size_t ncap = c->seencap ? c->seencap * 2 : 4096;
		uint64_t *ns = calloc(ncap, sizeof(*ns));

		if (ns == NULL)
			return -1;
		huge(ns, ncap * sizeof(*ns));
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

/* Counts the sentences of the text in c->tk, once each. */
static int
count_sentences(struct gd_campaigns *c)
{
	struct toks *t = &c->tk;
	size_t i, k, j;
	int fresh;

	t->dfok = 0;
	if (t->nwords == 0)
		return 0;
	if ((fresh = new_text(c)) <= 0)
		return fresh;
	c->ntexts++;
	for (i = 0; i < t->nsent; i++) {
		struct dfent *e;

		for (k = 0; k < i && t->sent[k] != t->sent[i]; k++)
			;
		if (k < i) {
			t->dfn[i] = t->dfn[k];
			continue;
		}
		if ((e = (struct dfent *)df_find(c, t->sent[i])) != NULL) {
			t->dfn[i] = ++e->n;
			continue;
		}
		/* Most sentences are in one text: a fuller table. */
		if ((c->dfused + 1) * 10 > c->dfcap * 7 && df_grow(c) == -1)
			return -1;
		for (j = t->sent[i] & (c->dfcap - 1); c->df[j].h; j = (j + 1) &
		    (c->dfcap - 1))
			;
		c->df[j].h = t->sent[i];
		c->df[j].n = 1;
		t->dfn[i] = 1;
		c->dfused++;
	}
	/* Counted: the counts are at hand for mark_bp. */
	t->dfok = 1;
	return 0;
}

/* In how many distinct texts a sentence makes it boilerplate, of n. */
static uint64_t
bp_min_of(const struct gd_campaigns *c, size_t n)
{
	double need = c->o.boilerplate * (double)n;
	uint64_t m = need < 3 ? 3 : (uint64_t)need;

	if ((double)m < need)
		m++;
	return m;
}

/* Marks the boilerplate sentences of c->tk, with a sentence in bp_min
 * texts boilerplate. */
static void
mark_bp(struct gd_campaigns *c, uint64_t bp_min)
{
	struct toks *t = &c->tk;
	size_t i;

	for (i = 0; i < t->nsent; i++) {
		const struct dfent *e;

		if (t->dfok)
			t->bp[i] = t->dfn[i] >= bp_min;
		else
			t->bp[i] = (e = df_find(c, t->sent[i])) != NULL &&
			    e->n >= bp_min;
	}
}

/* The hash of the shingle of three words at w. */
static inline uint64_t
shingle(const uint64_t *w)
{
	return mix(w[0] ^ mix(w[1] ^ mix(w[2])));
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
static void
minhash(const struct gd_campaigns *c, const uint64_t *w, size_t nw,
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
		uint64_t sh = shingle(w + i);
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
 * Signs the text in c->tk into d: the words of the sentences that are
 * not boilerplate (t->bp), or all when all are, then an exact hash of
 * them and the MinHash of their 3-word shingles.  Too few words: not
 * compared.  Leaves c->tk's words changed.
 */
/*
 * Moves the words of the sentences of t that are not boilerplate (t->bp)
 * to the front of t->words and returns how many; all of them when every
 * sentence is boilerplate.
 */
static size_t
compared_words(struct toks *t)
{
	uint64_t *w = t->words;
	size_t i, k, nw = 0, from = 0;

	for (i = 0; i < t->nsent; i++) {
		size_t to = t->sent_end[i];

		if (!t->bp[i])
			for (k = from; k < to; k++)
				w[nw++] = w[k];
		from = to;
	}
	return nw ? nw : t->nwords;
}

static void
sign(struct gd_campaigns *c, size_t ti)
{
	struct dtext *d = &c->d[ti];
	struct toks *t = &c->tk;
	uint64_t *w = t->words, ex = FNV_OFF;
	size_t i, nw = compared_words(t);

	d->compared = nw >= GD_CAMPAIGN_MIN_WORDS;
	d->exact = 0;
	if (!d->compared)
		return;
	for (i = 0; i < nw; i++)
		ex = mix(ex ^ w[i]);
	d->exact = ex;
	minhash(c, w, nw, c->sig[ti].mh);
}

/* ---- pass 1 ---- */

/* A 128-bit hash of a text's bytes, to know its copies. */
static void
text_hash(const char *s, size_t n, uint64_t *h1, uint64_t *h2)
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
	x = mix(x ^ w ^ ((uint64_t)n << 56));
	y = mix((y ^ w) * UINT64_C(0x9FB21C651E98DF25) + n);
	*h1 = x;
	*h2 = mix(y ^ x);
}

static int
dtab_grow(struct gd_campaigns *c)
{
	size_t ncap = c->dtabcap ? c->dtabcap * 2 : 4096, i, j;
	struct dslot *nt = malloc(ncap * sizeof(*nt));

	if (nt == NULL)
		return -1;
	huge(nt, ncap * sizeof(*nt));
	for (i = 0; i < ncap; i++)
		nt[i].t = NONE;
	for (i = 0; i < c->dtabcap; i++) {
		if (c->dtab[i].t == NONE)
			continue;
		for (j = c->dtab[i].h1 & (ncap - 1); nt[j].t != NONE; j = (j +
		    1) & (ncap - 1))
			;
		nt[j] = c->dtab[i];
	}
	free(c->dtab);
	c->dtab = nt;
	c->dtabcap = ncap;
	return 0;
}

static int
spool_put(struct gd_campaigns *c, const void *p, size_t n)
{
	static const char zero[8];

	if (n && fwrite(p, 1, n, c->spool) != n)
		return -1;
	c->spooled += n;
	/* Records stay 8-byte aligned. */
	if (n % 8) {
		if (fwrite(zero, 1, 8 - n % 8, c->spool) != 8 - n % 8)
			return -1;
		c->spooled += 8 - n % 8;
	}
	return 0;
}

/*
 * A new distinct text (the next): signed against the boilerplate known
 * so far and kept aside: its length and sentences, what was assumed of
 * each, the text.
 */
static int
take(struct gd_campaigns *c, const char *s, size_t n)
{
	uint32_t hdr[2];
	struct dtext *d;

	if (c->nd == c->dcap) {
		size_t ncap = c->dcap ? c->dcap * 2 : 1024;
		struct dtext *nd = realloc(c->d, ncap * sizeof(*nd));
		size_t pad;
		char *ns;

		if (nd == NULL)
			return -1;
		c->d = nd;
		huge(nd, ncap * sizeof(*nd));
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
		huge(ns, (ncap + 1) * sizeof(*c->sig));
		c->dcap = ncap;
	}
	d = &c->d[c->nd];
	d->off = c->spooled;
	if (tokenize(&c->tk, s, n) == -1 || count_sentences(c) == -1)
		return -1;
	mark_bp(c, bp_min_of(c, c->ntexts));
	hdr[0] = (uint32_t)n;
	hdr[1] = (uint32_t)c->tk.nsent;
	if (spool_put(c, hdr, sizeof(hdr)) == -1 ||
	    spool_put(c, c->tk.sent, c->tk.nsent * sizeof(*c->tk.sent)) ==
	    -1 || spool_put(c, c->tk.bp, c->tk.nsent) == -1 ||
	    spool_put(c, s, n) == -1)
		return -1;
	sign(c, c->nd);
	c->nd++;
	return 0;
}

static void
take_batch(struct gd_campaigns *c, struct batch *b)
{
	size_t i, off = 0;

	for (i = 0; i < b->n; i++) {
		errno = 0;
		if (!c->failed && take(c, b->text.data ? b->text.data + off :
		    "", b->len[i]) == -1)
			c->failed = errno ? errno : ENOMEM;
		off += b->len[i];
	}
	b->n = 0;
	gd_buf_reset(&b->text);
}

static void *
worker(void *arg)
{
	struct gd_campaigns *c = arg;

	for (;;) {
		struct batch *b;

		pthread_mutex_lock(&c->mu);
		while (c->nfull == 0 && !c->done)
			pthread_cond_wait(&c->more, &c->mu);
		if (c->nfull == 0) {
			pthread_mutex_unlock(&c->mu);
			return NULL;
		}
		b = &c->bt[c->cons % NBATCH];
		pthread_mutex_unlock(&c->mu);
		take_batch(c, b);
		pthread_mutex_lock(&c->mu);
		c->cons++;
		c->nfull--;
		pthread_cond_signal(&c->room);
		pthread_mutex_unlock(&c->mu);
	}
}

/* Hands the batch being filled to the worker (or takes it now). */
static void
hand_over(struct gd_campaigns *c)
{
	struct batch *b = &c->bt[c->prod % NBATCH];

	if (b->n == 0)
		return;
	if (!c->threaded) {
		take_batch(c, b);
		return;
	}
	pthread_mutex_lock(&c->mu);
	c->prod++;
	c->nfull++;
	pthread_cond_signal(&c->more);
	while (c->nfull == NBATCH)
		pthread_cond_wait(&c->room, &c->mu);
	pthread_mutex_unlock(&c->mu);
}

/*
 * Copies are known here, in the caller's thread: only new texts go to
 * the worker, which numbers them in the same order.
 */
int
gd_campaigns_put(struct gd_campaigns *c, size_t idx, const char *text,
    size_t n)
{
	struct batch *b = &c->bt[c->prod % NBATCH];
	uint64_t h1, h2;
	size_t j;

	if (c->found || idx >= NONE) {
		errno = c->found ? EINVAL : EOVERFLOW;
		return -1;
	}
	if (idx >= c->ntid) {
		size_t ncap = c->ntid ? c->ntid : 1024;
		uint32_t *nt;

		while (ncap <= idx)
			ncap *= 2;
		if ((nt = realloc(c->tid, ncap * sizeof(*nt))) == NULL)
			return -1;
		huge(nt, ncap * sizeof(*nt));
		for (j = c->ntid; j < ncap; j++)
			nt[j] = NONE;
		c->tid = nt;
		c->ntid = ncap;
	}
	text_hash(text, n, &h1, &h2);
	for (j = h1 & (c->dtabcap - 1); c->dtabcap && c->dtab[j].t != NONE;
	    j = (j + 1) & (c->dtabcap - 1)) {
		const struct dkey *k = &c->dk[c->dtab[j].t];

		if (c->dtab[j].h1 == h1 && k->h2 == h2 && k->len == n) {
			c->tid[idx] = c->dtab[j].t;
			return 0;
		}
	}
	if (n > UINT32_MAX || c->nk >= NONE - 1) {
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
	if (gd_buf_add(&b->text, text, n) == -1)
		return -1;
	for (j = h1 & (c->dtabcap - 1); c->dtab[j].t != NONE; j = (j + 1) &
	    (c->dtabcap - 1))
		;
	c->dtab[j].h1 = h1;
	c->dtab[j].t = (uint32_t)c->nk;
	c->dk[c->nk].h2 = h2;
	c->dk[c->nk].len = n;
	c->tid[idx] = (uint32_t)c->nk++;
	b->len[b->n] = n;
	b->n++;
	if (b->n == BATCH_N || b->text.len >= BATCH_BYTES)
		hand_over(c);
	return 0;
}

/* ---- the end: boilerplate known ---- */

/* Reads the spool sequentially through a window. */
struct reader {
	struct gd_campaigns *c;
	char *buf;
	uint64_t from;			/* spool offset of buf[0] */
	size_t n, cap;
	size_t win;			/* bytes to read at a time, at least */
};

/* The bytes [off, off + n) of the spool, or NULL. */
static const char *
window(struct reader *r, uint64_t off, size_t n)
{
	size_t want;
	ssize_t got;

	if (off >= r->from && off + n <= r->from + r->n)
		return r->buf + (off - r->from);
	want = n > r->win ? n : r->win;
	if (want > r->cap) {
		char *nb = realloc(r->buf, want);

		if (nb == NULL)
			return NULL;
		r->buf = nb;
		r->cap = want;
	}
	r->from = off;
	r->n = 0;
	while (r->n < n) {
		got = pread(fileno(r->c->spool), r->buf + r->n, want - r->n,
		    (off_t)(off + r->n));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;
			return NULL;
		}
		r->n += (size_t)got;
	}
	return r->buf;
}

#define PAD8(n) (((n) + 7) & ~(size_t)7)

/*
 * Distinct text t as spooled: its record (*ns sentence hashes from +8,
 * then a boilerplate flag each), its text from +*at, *len bytes; or NULL.
 */
static const char *
spooled(struct reader *r, uint32_t t, size_t *ns, size_t *at, size_t *len)
{
	uint64_t off = r->c->d[t].off;
	const char *p;
	uint32_t hdr[2];

	if ((p = window(r, off, 8)) == NULL)
		return NULL;
	memcpy(hdr, p, 8);
	*len = hdr[0];
	*ns = hdr[1];
	*at = 8 + PAD8(*ns * 8) + PAD8(*ns);
	return window(r, off, *at + *len);
}

/*
 * Each distinct text signed against the boilerplate known so far is
 * signed again if one of its sentences is boilerplate now and was not
 * then, or the other way round.
 */
/* Whether sentence h is boilerplate, once known. */
static int
is_bp(const struct gd_campaigns *c, uint64_t h)
{
	size_t j;

	for (j = h & (c->bpcap - 1); c->bp[j]; j = (j + 1) & (c->bpcap - 1))
		if (c->bp[j] == h)
			return 1;
	return 0;
}

/* Marks the sentences of c->tk that are boilerplate, as now known. */
static void
mark_known_bp(struct gd_campaigns *c)
{
	size_t k;

	for (k = 0; k < c->tk.nsent; k++)
		c->tk.bp[k] = (unsigned char)is_bp(c, c->tk.sent[k]);
}

/*
 * The boilerplate, now that every text is counted: a set of the
 * sentences (they are few), and the counts are let go.
 */
static int
boilerplate(struct gd_campaigns *c)
{
	size_t i, j, cap = 16;

	c->bp_min = bp_min_of(c, c->ntexts);
	for (i = 0; i < c->dfcap; i++)
		if (c->df[i].h && c->df[i].n >= c->bp_min)
			c->nbp++;
	while (cap < c->nbp * 2)
		cap *= 2;
	if ((c->bp = calloc(cap, sizeof(*c->bp))) == NULL)
		return -1;
	c->bpcap = cap;
	for (i = 0; i < c->dfcap; i++) {
		if (c->df[i].h == 0 || c->df[i].n < c->bp_min)
			continue;
		for (j = c->df[i].h & (cap - 1); c->bp[j]; j = (j + 1) &
		    (cap - 1))
			;
		c->bp[j] = c->df[i].h;
	}
	free(c->df);
	c->df = NULL;
	c->dfcap = 0;
	free(c->seen);
	c->seen = NULL;
	free(c->dtab);
	c->dtab = NULL;
	free(c->dk);
	c->dk = NULL;
	return 0;
}

static int
resign(struct gd_campaigns *c)
{
	struct reader r = { c, NULL, 0, 0, 0, WINDOW };
	size_t i, k;
	int rc = -1;

	for (i = 0; i < c->nd; i++) {
		const char *p;
		uint64_t h;
		size_t ns, at, len;
		int same = 1;

		if ((p = spooled(&r, (uint32_t)i, &ns, &at, &len)) == NULL)
			goto done;
		for (k = 0; k < ns && same; k++) {
			memcpy(&h, p + 8 + k * 8, 8);
			same = is_bp(c, h) == (p[8 + PAD8(ns * 8) + k] != 0);
		}
		if (same)
			continue;
		if (tokenize(&c->tk, p + at, len) == -1)
			goto done;
		mark_known_bp(c);
		sign(c, i);
	}
	rc = 0;
done:
	free(r.buf);
	return rc;
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

/* A response compared. */
struct item {
	uint64_t exact;
	uint32_t rank, idx;
};

static int
by_exact(const void *x, const void *y)
{
	const struct item *a = x, *b = y;

	if (a->exact != b->exact)
		return a->exact < b->exact ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
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

/* How many of two signatures' hashes are the same. */
static int
same_hashes(const uint32_t *a, const uint32_t *b)
{
	int j, same = 0;

	for (j = 0; j < GD_MINHASH_K; j++)
		same += a[j] == b[j];
	return same;
}

static int
similar(const uint32_t *a, const uint32_t *b, double threshold)
{
	return (double)same_hashes(a, b) / GD_MINHASH_K >= threshold;
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
			const uint32_t *mh = c->sig[i].mh;
			uint64_t h = UINT64_C(1469598103934665603) + (uint64_t)
			    band;
			int r;

			if (g == NONE)
				continue;
			for (r = 0; r < ROWS; r++)
				h = mix(h ^ mh[band * ROWS + r]);
			be[k].h = h;
			be[k].rank = w->trank[i];
			be[k].g = g;
			be[k].t = (uint32_t)i;
			k++;
		}
		band_sort(be, w->tmp, ng, w->cnt, w->bits);
		for (i = 0; i < ng; i = j) {
			const uint32_t *lead[LEADERS];
			uint32_t lg[LEADERS];
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
					PREFETCH(c->sig[be[j + 8].t].mh);
					PREFETCH(c->sig[be[j + 8].t].mh + 16);
				}
				for (l = 0; l < nl; l++)
					if (similar(mh, lead[l],
					    c->o.threshold)) {
						unite(w->parent, g, lg[l]);
						break;
					}
				if (l == nl && nl < LEADERS) {
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
	huge(w->be, (w->ng + 1) * sizeof(*w->be));
	huge(w->tmp, (w->ng + 1) * sizeof(*w->tmp));
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
 * ---- the sets checked against their centre ----
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
shingles(struct gd_campaigns *c, struct reader *r, uint32_t t)
{
	struct toks *tk = &c->tk;
	const char *p;
	size_t i, ns, nw, at, len, n = 0;

	if ((p = spooled(r, t, &ns, &at, &len)) == NULL ||
	    tokenize(tk, p + at, len) == -1)
		return -1;
	mark_known_bp(c);
	nw = compared_words(tk);	/* the words sign() takes */
	if (nw > c->shcap) {
		uint64_t *nsh = realloc(c->sh, nw * sizeof(*nsh));

		if (nsh == NULL)
			return -1;
		c->sh = nsh;
		c->shcap = nw;
	}
	for (i = 0; i + 2 < nw; i++)
		c->sh[i] = shingle(tk->words + i);
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
group_text(const struct gd_campaigns *c, const struct item *it,
    const uint32_t *gstart, uint32_t g)
{
	return c->tid[it[gstart[g]].idx];
}

static int
centres(struct gd_campaigns *c, uint32_t *parent, const uint32_t *byrank,
    const uint32_t *gstart, const struct item *it, size_t ng)
{
	struct reader r = { c, NULL, 0, 0, 0, SPARSE_WINDOW };
	uint32_t *rt = NULL, *start = NULL, *total = NULL, *mem = NULL,
	    *centre = NULL, *setof = NULL;
	uint64_t *pool = NULL;
	size_t *pstart = NULL, *plen = NULL;
	struct vent *v = NULL;
	size_t i, k, nset = 0, nv = 0, npool = 0, poolcap = 0;
	double need = c->o.threshold * CENTRE;
	int rc = -1, sure = (int)((need + SURE) * GD_MINHASH_K + 0.999);

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
		rt[k] = root(parent, (uint32_t)k);
		start[rt[k] + 2]++;
		total[rt[k]] += gstart[k + 1] - gstart[k];
	}
	for (k = 0; k < ng; k++)
		start[k + 2] += start[k + 1];
	for (i = 0; i < ng; i++)
		mem[start[rt[byrank[i]] + 1]++] = byrank[i];
	/* Each set to check: its centre. */
	for (k = 0; k < ng; k++) {
		setof[k] = NONE;
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
					score += (uint64_t)same_hashes(a,
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
		if (setof[k] != NONE && centre[setof[k]] != k) {
			uint32_t cg = centre[setof[k]];

			if (same_hashes(c->sig[group_text(c, it, gstart,
			    (uint32_t)k)].mh, c->sig[group_text(c, it, gstart,
			    cg)].mh) >= sure) {
				rt[k] = cg;
				continue;
			}
			v[nv].off = c->d[group_text(c, it, gstart, (uint32_t)k)].off;
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
		if (setof[k] != NONE)
			parent[k] = rt[k];
	rc = 0;
done:
	free(r.buf);
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

int
gd_campaigns_find(struct gd_campaigns *c, const size_t *rank, size_t nresp)
{
	struct item *it = NULL;
	struct bent *be = NULL, *tmp = NULL;
	uint32_t *gstart = NULL, *parent = NULL, *size = NULL,
	    *num = NULL, *byrank = NULL, *cnt = NULL, *gof = NULL,
	    *trank = NULL;
	size_t i, j, k, nit = 0, ng = 0, nc = 0;
	struct bandwork bw[2];
	pthread_t th;
	int bits, rc = -1;

	memset(bw, 0, sizeof(bw));
	if (c->found) {
		errno = EINVAL;
		return -1;
	}
	c->found = 1;
	hand_over(c);
	stop(c);
	if (c->failed) {
		errno = c->failed;
		return -1;
	}
	if (fflush(c->spool) == EOF)
		return -1;
	if (boilerplate(c) == -1 || resign(c) == -1)
		return -1;

	c->nresp = nresp;
	c->camp = malloc((nresp + 1) * sizeof(*c->camp));
	c->exact_of = calloc(nresp + 1, sizeof(*c->exact_of));
	it = malloc((nresp + 1) * sizeof(*it));
	huge(it, (nresp + 1) * sizeof(*it));
	if (!c->camp || !c->exact_of || !it)
		goto done;
	for (i = 0; i < nresp; i++) {
		uint32_t t = i < c->ntid ? c->tid[i] : NONE;

		c->camp[i] = -1;
		if (t == NONE || !c->d[t].compared)
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
	be = malloc((ng + 1) * sizeof(*be));
	gof = malloc((c->nd + 1) * sizeof(*gof));
	trank = malloc((c->nd + 1) * sizeof(*trank));
	tmp = malloc((ng + 1) * sizeof(*tmp));
	huge(be, (ng + 1) * sizeof(*be));
	huge(tmp, (ng + 1) * sizeof(*tmp));
	for (bits = 1; ((size_t)1 << bits) < ng / 8; bits++)
		;
	cnt = malloc((((size_t)1 << bits) + 1) * sizeof(*cnt));
	if (!parent || !byrank || !be || !tmp || !cnt || !gof || !trank)
		goto done;
	/* The groups in the order of their first member's rank. */
	for (i = 0; i < nresp; i++)
		byrank[i] = NONE;
	for (i = 0; i < c->nd; i++)
		gof[i] = NONE;
	for (k = 0; k < ng; k++) {
		uint32_t t = group_text(c, it, gstart, (uint32_t)k);

		parent[k] = (uint32_t)k;
		byrank[it[gstart[k]].rank] = (uint32_t)k;
		gof[t] = (uint32_t)k;
		trank[t] = it[gstart[k]].rank;
	}
	for (i = 0, k = 0; i < nresp; i++)
		if (byrank[i] != NONE)
			byrank[k++] = byrank[i];
	/* Similar texts: candidates from each band, confirmed against up
	 * to LEADERS leaders of their bucket, in rank order.  Half the
	 * bands in a second thread, with a union-find of its own: the sets
	 * are the same whatever order pairs are united in. */
	for (k = 0; k < 2; k++) {
		bw[k].c = c;
		bw[k].ng = ng;
		bw[k].gof = gof;
		bw[k].trank = trank;
		bw[k].bits = bits;
		bw[k].from = k == 0 ? 0 : BANDS / 2;
		bw[k].to = k == 0 ? BANDS / 2 : BANDS;
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
			unite(parent, (uint32_t)k, root(bw[1].parent,
			    (uint32_t)k));
	} else if (ng > 1) {
		bw[0].to = BANDS;
		bands(&bw[0]);
	}
	bands_free(&bw[1]);
	if (ng > 1 && centres(c, parent, byrank, gstart, it, ng) == -1)
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
		uint32_t rt = root(parent, (uint32_t)k);

		size[rt] += gstart[k + 1] - gstart[k];
	}
	/* In rank order, a set is met first at its first member. */
	for (k = 0; k < ng; k++) {
		uint32_t rt = root(parent, byrank[k]);

		if (num[rt] == UINT32_MAX && size[rt] >= c->o.min_size)
			num[rt] = (uint32_t)nc++;
	}
	c->ncamp = nc;
	for (k = 0; k < ng; k++) {
		uint32_t rt = root(parent, (uint32_t)k);

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
	free(be);
	free(tmp);
	free(cnt);
	free(gof);
	free(trank);
	free(size);
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

size_t
gd_campaigns_boilerplate(const struct gd_campaigns *c)
{
	return c->nbp;
}

int
gd_campaigns_text(struct gd_campaigns *c, size_t idx, struct gd_buf *out)
{
	uint32_t t = idx < c->ntid ? c->tid[idx] : NONE, hdr[2];
	uint64_t off;
	size_t n = 0;
	ssize_t got;

	gd_buf_reset(out);
	if (t == NONE || !c->found) {
		errno = EINVAL;
		return -1;
	}
	while (n < sizeof(hdr)) {
		got = pread(fileno(c->spool), (char *)hdr + n, sizeof(hdr) - n,
		    (off_t)(c->d[t].off + n));
		if (got <= 0 && !(got < 0 && errno == EINTR))
			goto bad;
		n += got > 0 ? (size_t)got : 0;
	}
	off = c->d[t].off + 8 + PAD8((size_t)hdr[1] * 8) + PAD8(hdr[1]);
	if (gd_buf_grow(out, hdr[0]) == -1)
		return -1;
	n = 0;
	while (n < hdr[0]) {
		got = pread(fileno(c->spool), out->data + n, hdr[0] - n,
		    (off_t)(off + n));
		if (got <= 0 && !(got < 0 && errno == EINTR))
			goto bad;
		n += got > 0 ? (size_t)got : 0;
	}
	out->len = n;
	out->data[n] = '\0';
	return 0;
bad:
	if (got == 0)
		errno = EIO;
	return -1;
}
