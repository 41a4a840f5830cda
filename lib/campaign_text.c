/*
 * campaign_text.c - a text as the campaign finder reads it: folded words
 * (gd_fold: letters and digits) and sentences (ending at . ! ? ; or a
 * line end), a hash each; how many distinct texts each sentence is in;
 * and the boilerplate, the sentences in so many of them that they are
 * left out of the comparison.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "gd/gd.h"
#include "campaign_int.h"

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

void
campaign_toks_free(struct toks *t)
{
	free(t->words);
	free(t->sent);
	free(t->sent_end);
	free(t->bp);
	free(t->dfn);
}

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

/* A word's hash is the FNV-1a of its code points, mixed; a sentence's,
 * its words' mixed in turn. */
static inline int
end_word(struct toks *t, struct tokst *st)
{
	uint64_t w = campaign_mix64(st->wh);

	st->inword = 0;
	st->sh = campaign_mix64(st->sh ^ w);
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
			st->wh = CAMPAIGN_FNV64_OFFSET;
		}
		st->wh = campaign_fnv1a_step(st->wh, (uint64_t)ch);
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
int
campaign_tokenize(struct toks *t, const char *s, size_t n)
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
				uint64_t wh = st.inword ? st.wh :
				    CAMPAIGN_FNV64_OFFSET;

				do {
					wh = campaign_fnv1a_step(wh,
					    ascii_fold[p[i]]);
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

/*
 * Moves the words of the sentences of t that are not boilerplate (t->bp)
 * to the front of t->words and returns how many; all of them when every
 * sentence is boilerplate.
 */
size_t
campaign_compared_words(struct toks *t)
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

/* ---- sentences counted, while the texts arrive ---- */

static int
df_grow(struct gd_campaigns *c)
{
	size_t ncap = c->dfcap ? c->dfcap * 2 : 4096, i, j;
	struct dfent *nd = calloc(ncap, sizeof(*nd));

	if (nd == NULL)
		return -1;
	campaign_huge(nd, ncap * sizeof(*nd));
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
	uint64_t h = UINT64_C(0x9E3779B97F4A7C15);	/* 2^64 / phi */
	size_t i, j;

	for (i = 0; i < c->tk.nwords; i++)
		h = campaign_mix64(h ^ c->tk.words[i]);
	h |= 1;
	/* The slots wanted next are fetched while the table grows or is
	 * probed: this one, and the sentences' counts. */
	if (c->seencap)
		CAMPAIGN_PREFETCH(&c->seen[h & (c->seencap - 1)]);
	for (i = 0; c->dfcap && i < c->tk.nsent; i++)
		CAMPAIGN_PREFETCH(&c->df[c->tk.sent[i] & (c->dfcap - 1)]);
	if ((c->nseen + 1) * 2 > c->seencap) {
		size_t ncap = c->seencap ? c->seencap * 2 : 4096;
		uint64_t *ns = calloc(ncap, sizeof(*ns));

		if (ns == NULL)
			return -1;
		campaign_huge(ns, ncap * sizeof(*ns));
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
int
campaign_count_sentences(struct gd_campaigns *c)
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
	/* Counted: the counts are at hand for campaign_mark_bp. */
	t->dfok = 1;
	return 0;
}

/* In how many distinct texts a sentence makes it boilerplate, of n. */
uint64_t
campaign_bp_min(const struct gd_campaigns *c, size_t n)
{
	double need = c->o.boilerplate * (double)n;
	uint64_t m = need < 3 ? 3 : (uint64_t)need;

	if ((double)m < need)
		m++;
	return m;
}

/* Marks the boilerplate sentences of c->tk, with a sentence in bp_min
 * texts boilerplate. */
void
campaign_mark_bp(struct gd_campaigns *c, uint64_t bp_min)
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

/* ---- the boilerplate, once every text is counted ---- */

/* Whether sentence h is boilerplate, once known. */
int
campaign_is_bp(const struct gd_campaigns *c, uint64_t h)
{
	size_t j;

	for (j = h & (c->bpcap - 1); c->bp[j]; j = (j + 1) & (c->bpcap - 1))
		if (c->bp[j] == h)
			return 1;
	return 0;
}

/* Marks the sentences of c->tk that are boilerplate, as now known. */
void
campaign_mark_known_bp(struct gd_campaigns *c)
{
	size_t k;

	for (k = 0; k < c->tk.nsent; k++)
		c->tk.bp[k] = (unsigned char)campaign_is_bp(c, c->tk.sent[k]);
}

/*
 * The boilerplate, now that every text is counted: a set of the
 * sentences (they are few), and the counts are let go.
 */
int
campaign_settle_boilerplate(struct gd_campaigns *c)
{
	size_t i, j, cap = 16;

	c->bp_min = campaign_bp_min(c, c->ntexts);
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
	return 0;
}
