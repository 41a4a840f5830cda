/*
 * campaign.h - organised and copy-paste responses: finding the same text,
 * or the same template with edits, across many responses.
 *
 * Text is compared in a folded form only (Unicode compatibility forms,
 * case, accents, punctuation and runs of white space folded; never
 * written out).  Sentences that most distinct texts share (a quoted subject line,
 * a form's own wording, a signature block) are boilerplate: they are
 * left out of the comparison, so they cannot glue unrelated responses
 * together, unless they are all a text says.  What remains is compared
 * exactly (a hash) and by MinHash signatures over word shingles, with
 * LSH banding to find candidates and the estimated Jaccard similarity to
 * confirm them.  Texts too short to tell are left out.
 *
 * Memory per response is a signature, never the text: about 160 bytes.
 */
#ifndef GD_CAMPAIGN_H
#define GD_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define GD_MINHASH_K 32		/* hash functions per signature */
#define GD_CAMPAIGN_MIN_WORDS 6	/* shorter texts are not compared */

struct gd_campaigns;

struct gd_campaign_opts {
	double threshold;	/* Jaccard similarity to join (0.35) */
	double boilerplate;	/* share of texts a shared sentence needs (0.5) */
	size_t min_size;	/* responses to make a campaign (3) */
};

/* A new finder (opts NULL: the defaults).  NULL when memory runs out. */
struct gd_campaigns *gd_campaigns_new(const struct gd_campaign_opts *o);
void gd_campaigns_free(struct gd_campaigns *c);

/*
 * Pass 1: counts the sentences of one response's text (UTF-8, n bytes),
 * to find the boilerplate.  Returns 0, or -1 when memory runs out.
 */
int gd_campaigns_count(struct gd_campaigns *c, const char *text, size_t n);

/*
 * Pass 2: adds response number idx (0, 1, ... in any order, each once)
 * with its text.  Returns 1 when it takes part in the comparison, 0 when
 * it is too short to tell, -1 when memory runs out.
 */
int gd_campaigns_add(struct gd_campaigns *c, size_t idx, const char *text,
    size_t n);

/*
 * Finds the campaigns among the responses added.  order[i] gives the
 * rank of response i in a stable order that does not depend on input
 * order (e.g. by id), so that results are the same however the input was
 * split.  Returns 0 or -1.
 */
int gd_campaigns_find(struct gd_campaigns *c, const size_t *rank,
    size_t nresp);

/*
 * The campaign of response idx: its number (0, 1, ...; campaigns are
 * numbered by their smallest-ranked member) or -1.  Valid after find.
 */
long gd_campaign_of(const struct gd_campaigns *c, size_t idx);

/* How many campaigns were found. */
size_t gd_campaigns_count_found(const struct gd_campaigns *c);

/* The exact-text group of response idx (responses with the same
 * compared text share it), for counting variants. */
uint64_t gd_campaign_text_hash(const struct gd_campaigns *c, size_t idx);

/* Boilerplate sentences found (after pass 1), for reports. */
size_t gd_campaigns_boilerplate(const struct gd_campaigns *c);

#endif
