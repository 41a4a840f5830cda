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
 * Memory per response is a few bytes, and per distinct text a
 * signature, never the text: about 200 bytes.  Each distinct text is
 * kept aside in a temporary file, read back at the end only when the
 * boilerplate it was signed against has changed, and for the
 * representative texts.
 */
#ifndef GD_CAMPAIGN_H
#define GD_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

#define GD_MINHASH_K 32		/* hash functions per signature */
#define GD_CAMPAIGN_MIN_WORDS 6	/* shorter texts are not compared */

struct gd_campaigns;

/* The defaults of struct gd_campaign_opts. */
#define GD_CAMPAIGN_THRESHOLD	0.35
#define GD_CAMPAIGN_BOILERPLATE	0.5
#define GD_CAMPAIGN_MIN_SIZE	3

struct gd_campaign_opts {
	double threshold;	/* Jaccard similarity to join (0.35) */
	double boilerplate;	/* share of texts a shared sentence needs (0.5) */
	size_t min_size;	/* responses to make a campaign (3) */
};

/*
 * A new finder (opts NULL: the defaults), with its temporary file
 * (gd_spool_open) and a thread of its own when one can be started.
 * NULL with err: memory, or the file (GD_EXIT_IO).
 */
struct gd_campaigns *gd_campaigns_new(const struct gd_campaign_opts *o,
    struct gd_error *err);

/* Stops the thread, frees c and closes its file.  c may be NULL. */
void gd_campaigns_free(struct gd_campaigns *c);

/*
 * Response number idx (0, 1, ... in any order, each once, at most
 * UINT32_MAX) has this text (UTF-8, n bytes); responses without one
 * (stubs) are simply not given.  The text is copied and taken in the
 * background: counted for the boilerplate and, when distinct, kept
 * aside in the temporary file with its signature.  Returns 0, or -1
 * with err (GD_EXIT_IO): memory, the file, more than UINT32_MAX
 * responses or a text over 4 GiB, a call after gd_campaigns_find.
 * Errors of the background work are reported by gd_campaigns_find.
 */
int gd_campaigns_put(struct gd_campaigns *c, size_t idx, const char *text,
    size_t n, struct gd_error *err);

/*
 * Finds the campaigns among the responses given, once: no more can be
 * given after.  rank[i] gives the
 * rank of response i in a stable order that does not depend on input
 * order (e.g. by id), so that results are the same however the input was
 * split.  Returns 0, or -1 with err (GD_EXIT_IO): memory, the temporary
 * file, a second call.
 */
int gd_campaigns_find(struct gd_campaigns *c, const size_t *rank,
    size_t nresp, struct gd_error *err);

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

/*
 * The finder's 128-bit hash of n bytes (two 64-bit halves), with which
 * it knows a text's copies; fast, 8 bytes a step.  Not a fingerprint to
 * keep: it may change from one version to the next.
 */
void gd_campaign_bytes_hash(const char *s, size_t n, uint64_t *h1,
    uint64_t *h2);

/* Boilerplate sentences found, for reports.  Valid after find. */
size_t gd_campaigns_boilerplate(const struct gd_campaigns *c);

/*
 * Replaces out with the text given for response idx, read back from the
 * temporary file.  Valid after find.  Returns 0, or -1 with err
 * (GD_EXIT_IO): no text was given for idx, memory, the file.
 */
int gd_campaigns_text(struct gd_campaigns *c, size_t idx,
    struct gd_buf *out, struct gd_error *err);

#endif
