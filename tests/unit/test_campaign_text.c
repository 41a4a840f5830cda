/*
 * test_campaign_text.c - how the campaign finder reads a text
 * (lib/campaign_text.c): folded words and sentences with their hashes,
 * 3-word shingles, sentences counted once per distinct text, and the
 * boilerplate marked and left out of the words compared.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "../../lib/campaign_int.h"
#include "t.h"

/* The hash of an ASCII word as the tokeniser makes it: FNV-1a of its
 * lower-case letters, mixed. */
static uint64_t
word_hash(const char *w)
{
	uint64_t h = CAMPAIGN_FNV64_OFFSET;

	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * CAMPAIGN_FNV64_PRIME;
	return campaign_mix64(h);
}

TEST(campaign_tokenize_words_and_sentences)
{
	struct toks t;

	memset(&t, 0, sizeof(t));
	T_EQ_INT(campaign_tokenize(&t, "Hello, World. hello world again!",
	    32), 0);
	T_EQ_INT(t.nwords, 5);
	T_EQ_INT(t.nsent, 2);
	if (t.nwords == 5 && t.nsent == 2) {
		T_EQ_INT(t.sent_end[0], 2);
		T_EQ_INT(t.sent_end[1], 5);
		T_OK(t.words[0] == word_hash("hello"));
		T_OK(t.words[1] == word_hash("world"));
		T_OK(t.words[4] == word_hash("again"));
		/* Case folded: the same words. */
		T_OK(t.words[0] == t.words[2]);
		T_OK(t.words[1] == t.words[3]);
		T_OK(t.sent[0] != t.sent[1]);
		T_OK((t.sent[0] & 1) && (t.sent[1] & 1));
	}
	/* ; and line ends end sentences too; no empty ones. */
	T_EQ_INT(campaign_tokenize(&t, "One two\nthree; four.\n\n", 22), 0);
	T_EQ_INT(t.nwords, 4);
	T_EQ_INT(t.nsent, 3);
	/* No words: no sentences. */
	T_EQ_INT(campaign_tokenize(&t, " -- ... ", 8), 0);
	T_EQ_INT(t.nwords, 0);
	T_EQ_INT(t.nsent, 0);
	campaign_toks_free(&t);
}

TEST(campaign_tokenize_folds_as_gd_fold)
{
	/* Accents, case and a fullwidth word fold to the ASCII words. */
	static const char plain[] = "Orsted library on sundays";
	static const char fancy[] = "\xc3\x98RSTED \xef\xbd\x8c\xef\xbd\x89"
	    "\xef\xbd\x82\xef\xbd\x92\xef\xbd\x81\xef\xbd\x92\xef\xbd\x99 "
	    "\xc3\xb3n S\xc3\xbcndays";
	struct toks a, b;
	size_t i;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	T_EQ_INT(campaign_tokenize(&a, plain, strlen(plain)), 0);
	T_EQ_INT(campaign_tokenize(&b, fancy, strlen(fancy)), 0);
	T_EQ_INT(a.nwords, 4);
	T_EQ_INT(b.nwords, 4);
	for (i = 0; i < 4 && i < a.nwords && i < b.nwords; i++)
		T_OK(a.words[i] == b.words[i]);
	T_OK(a.nsent == 1 && b.nsent == 1 && a.sent[0] == b.sent[0]);
	campaign_toks_free(&a);
	campaign_toks_free(&b);
}

TEST(campaign_shingles_of_three_words)
{
	struct toks t;
	uint64_t sh[4];
	size_t i;

	memset(&t, 0, sizeof(t));
	T_EQ_INT(campaign_tokenize(&t, "alpha beta gamma alpha beta gamma",
	    33), 0);
	T_EQ_INT(t.nwords, 6);
	if (t.nwords != 6) {
		campaign_toks_free(&t);
		return;
	}
	for (i = 0; i < 4; i++)
		sh[i] = campaign_shingle(t.words + i);
	/* 4 shingles, 3 distinct: the first comes back. */
	T_OK(sh[0] == sh[3]);
	T_OK(sh[0] != sh[1] && sh[1] != sh[2] && sh[0] != sh[2]);
	/* Order matters within a shingle. */
	{
		uint64_t rev[3] = { t.words[2], t.words[1], t.words[0] };

		T_OK(campaign_shingle(rev) != sh[0]);
	}
	campaign_toks_free(&t);
}

static void
count(struct gd_campaigns *c, const char *s)
{
	T_EQ_INT(campaign_tokenize(&c->tk, s, strlen(s)), 0);
	T_EQ_INT(campaign_count_sentences(c), 0);
}

TEST(campaign_boilerplate_marked_and_left_out)
{
	static const char *const texts[] = {
		"The park needs more benches. Sent from my phone.",
		"Please fix the lights on Elm Street. Sent from my phone.",
		"Bins are emptied too rarely here. Sent from my phone.",
		/* The first again, folded: the same words, not counted. */
		"THE PARK NEEDS MORE BENCHES!  Sent from my phone",
		"Sent from my phone.",
	};
	struct gd_campaigns *c;
	uint64_t phone;
	struct gd_error err;
	size_t i, nw;

	T_OK((c = gd_campaigns_new(NULL, &err)) != NULL);
	if (c == NULL)
		return;
	for (i = 0; i < 4; i++)
		count(c, texts[i]);
	/* Three distinct texts: the copy's sentences count once. */
	T_EQ_INT(c->ntexts, 3);
	T_EQ_INT(campaign_bp_min(c, 3), 3);
	T_EQ_INT(campaign_bp_min(c, 10), 5);
	T_EQ_INT(campaign_bp_min(c, 11), 6);
	/* The copy's own sentence is in one text, the last in three. */
	campaign_mark_bp(c, campaign_bp_min(c, c->ntexts));
	T_EQ_INT(c->tk.nsent, 2);
	T_EQ_INT(c->tk.bp[0], 0);
	T_EQ_INT(c->tk.bp[1], 1);
	phone = c->tk.sent[1];
	/* The words compared: the first sentence's only. */
	nw = campaign_compared_words(&c->tk);
	T_EQ_INT(nw, 5);
	T_OK(c->tk.words[0] == word_hash("the"));
	T_OK(c->tk.words[4] == word_hash("benches"));

	/* Settled: one boilerplate sentence. */
	T_EQ_INT(campaign_settle_boilerplate(c), 0);
	T_EQ_INT(gd_campaigns_boilerplate(c), 1);
	T_OK(campaign_is_bp(c, phone));
	T_EQ_INT(campaign_tokenize(&c->tk, texts[1], strlen(texts[1])), 0);
	campaign_mark_known_bp(c);
	T_EQ_INT(c->tk.bp[0], 0);
	T_EQ_INT(c->tk.bp[1], 1);
	T_EQ_INT(campaign_compared_words(&c->tk), 7);
	/* A text that is all boilerplate is compared by all its words. */
	T_EQ_INT(campaign_tokenize(&c->tk, texts[4], strlen(texts[4])), 0);
	campaign_mark_known_bp(c);
	T_EQ_INT(c->tk.bp[0], 1);
	T_EQ_INT(campaign_compared_words(&c->tk), 4);
	gd_campaigns_free(c);
}
