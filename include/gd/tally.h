/*
 * tally.h - the gd-tally engine: counts and cross-tabulations of
 * response records, Likert summaries, themes, stubs, small-cell
 * suppression, and mergeable partial results.
 *
 * Counting reads only the fields it needs (jscan.h) and keeps one counter
 * per group, never the records: memory grows with the number of groups.
 * Everything that is published is derived from the counters at the end,
 * so a run over the whole input and the merge of partial runs over any
 * split of it give the same bytes.
 */
#ifndef GD_TALLY_H
#define GD_TALLY_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

struct gd_tally;

struct gd_tally_opts {
	/* Cross-tabulations: each a comma-separated list of dot paths
	 * ("respondent.type,answers.*"); none: the default set. */
	const char *const *by;
	size_t nby;
	int missing;		/* count absent values as a null cell */
	unsigned long min_cell;	/* suppress counts below this (0: none) */
	int no_collapse;	/* min_cell: rare types and Likert answers
				 * kept apart, not grouped */
	const char *scale_file;	/* Likert labels (NULL: English default) */
	const char *codebook;	/* themes (NULL: none) */
	int stubs;		/* list stub responses one by one */

	/* Campaigns (campaign.h): find them, report them; mark the
	 * responses; how tabulations count them. */
	int campaigns;
	int mark_campaigns;
	enum { GD_CAMPAIGN_INCLUDE, GD_CAMPAIGN_COLLAPSE,
	    GD_CAMPAIGN_SEPARATE } campaign_mode;
	double campaign_threshold;	/* 0: default */
	double boilerplate;		/* 0: default */
	unsigned long campaign_min;	/* 0: default */
	int partial;		/* gd_tally_write_partial will be called */

	/*
	 * Comparisons ("compare" records): group compare_a against
	 * compare_b, two values of the field compare_by, on every closed
	 * question.  compare_by NULL: respondent.type; compare_a and
	 * compare_b NULL: public_employee against citizen.
	 */
	int compare;
	const char *compare_by;
	const char *compare_a, *compare_b;

	/*
	 * For gd_tally_merge: the options above that shape the counts
	 * (by to boilerplate) are the partials', read from the first
	 * partial record that holds them (--partial writes one first);
	 * these are used only when no such record comes.  Without it they
	 * are the tally's own, and partials made with others are refused.
	 */
	int from_partials;
};

/*
 * What --min-cell withheld in the last gd_tally_write(), as the audit
 * of the whole publication left it (sdc_audit.c): withheld cells of the
 * tables and the summary, those of them at or above the minimum
 * (secondary), the responses they hold together, the linear programs
 * solved and the rounds of the audit, the narrowest interval a reader
 * can bound a withheld cell to, and the cells still narrower than the
 * minimum that nothing more could protect (unprotected).
 */
struct gd_tally_sdc {
	unsigned long long cells, secondary, counts;
	unsigned long long lps, rounds, failing, unprotected;
	double narrowest;
};

/*
 * A new tally.  NULL with err: GD_EXIT_USAGE for a bad --by, a bad scale
 * or codebook file (GD_EXIT_UNUSABLE, GD_EXIT_IO), memory, the temporary
 * file campaigns need (GD_EXIT_IO).
 */
struct gd_tally *gd_tally_new(const struct gd_tally_opts *o,
    struct gd_error *err);

/* Frees t and its temporary files.  t may be NULL. */
void gd_tally_free(struct gd_tally *t);

/*
 * Counts one record (a line of n bytes).  With campaigns, each distinct
 * text is kept aside in a temporary file (campaign.h), and so are the
 * responses when they are to be counted (collapse, separate), marked or
 * written as partials once the campaigns are known; memory per
 * response: its id, type and time, and a signature per distinct text.
 * Returns 1 when it was a
 * response and was counted; 0 when it is another kind of record (the
 * caller passes it on); -1 with err when it is not valid JSON or not a
 * valid response (err->code GD_EXIT_REJECTS), or memory ran out
 * (GD_EXIT_IO).
 */
int gd_tally_add(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err);

/*
 * Merges one partial record (from gd_tally_write_partial).  Returns 1
 * when it was one; 0 when the line is another kind of record (the caller
 * passes it on); GD_TALLY_KEPT when it is a partial record whose options
 * are not known yet (before the record that holds them, or made with
 * other options), kept aside until gd_tally_merge_end; -1 with err: not
 * valid, or made with other options after gd_tally_merge_end
 * (GD_EXIT_REJECTS); a record of options that contradict the tally's
 * own (GD_EXIT_USAGE) or those of earlier partials (GD_EXIT_UNUSABLE);
 * memory or the temporary file of the kept records (GD_EXIT_IO).
 */
#define GD_TALLY_KEPT 2
int gd_tally_merge(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err);

/*
 * The end of the partial records: a tally still waiting for the
 * partials' options keeps its own, and nothing more is kept aside.  The
 * caller then merges again each record that was kept, in order
 * (gd_tally_kept, gd_tally_kept_line); gd_tally_merge now refuses those
 * made with other options.  Returns 0, or -1 with err (the temporary
 * file: GD_EXIT_IO).
 */
int gd_tally_merge_end(struct gd_tally *t, struct gd_error *err);

/* How many records gd_tally_merge kept aside. */
size_t gd_tally_kept(const struct gd_tally *t);

/*
 * The ith record kept aside (0, 1, ... in the order they came), read
 * back into a buffer of t's that the next call reuses.  Returns 0 with
 * *line and *n set, or -1 with err (memory, the file: GD_EXIT_IO).
 */
int gd_tally_kept_line(struct gd_tally *t, size_t i, const char **line,
    size_t *n, struct gd_error *err);

/* Writes a line (with its "\n") somewhere: returns 0, or -1 with err
 * filled. */
typedef int (*gd_tally_out_fn)(void *ctx, const char *line, size_t n,
    struct gd_error *err);

/*
 * Writes the published records: summary, tallies, scales, themes, stubs,
 * campaigns; with mark_campaigns the response records come first, in
 * input order, each in a campaign with "campaign": its id.  Returns 0,
 * or -1 with err: as out left it, memory, or the temporary file
 * (GD_EXIT_IO).
 */
int gd_tally_write(struct gd_tally *t, gd_tally_out_fn out, void *ctx,
    struct gd_error *err);

/*
 * After gd_tally_write: the ith field given in opts.by (the partials'
 * with from_partials) at which no response counted has a value, such as
 * a misspelt one; NULL past the last.  None when no response was
 * counted.
 */
const char *gd_tally_unseen(const struct gd_tally *t, size_t i);

/*
 * The coarser group that response records of a withheld respondent type
 * are published as (gd_tally_record_for_pattern).
 */
#define GD_TALLY_OTHER_TYPE "other"

/*
 * After gd_tally_write: a record of n bytes made to agree with the
 * suppression pattern.  A response whose respondent type (none: the
 * summary's "unknown") the summary withholds gets GD_TALLY_OTHER_TYPE
 * as its type.  Returns 1 with the record rewritten in out (no newline),
 * 0 when it stays as it is (another kind, a type shown, no --min-cell,
 * not JSON), -1 with err (memory).
 */
struct gd_buf;
int gd_tally_record_for_pattern(const struct gd_tally *t, const char *line,
    size_t n, struct gd_buf *out, struct gd_error *err);

/*
 * After gd_tally_write: 1 when the summary withholds the count of
 * respondent type `type` (NULL: the summary's "unknown"), else 0.  What
 * compares or lists groups of respondents must leave such a group out:
 * the suppression pattern is one for the whole publication.
 */
int gd_tally_type_withheld(const struct gd_tally *t, const char *type);

/*
 * --previous: one record (a line of n bytes) of an earlier publication's
 * gd-tally output, before gd_tally_write.  Its withheld tally cells and
 * summary counts will be withheld again, its grouped types grouped and
 * its collapsed questions collapsed (sdc_previous.c); records of other
 * kinds are ignored.  Returns 0, or -1 with err (GD_EXIT_UNUSABLE: not
 * JSON; memory).
 */
int gd_tally_previous_add(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err);

/* What --min-cell withheld (see struct gd_tally_sdc); owned by t. */
const struct gd_tally_sdc *gd_tally_sdc_stats(const struct gd_tally *t);

/*
 * After gd_tally_write with opts.compare: how many questions both groups
 * answered (compared, or withheld by --min-cell); 0 tells a group that
 * no response has, such as a misspelt one.
 */
size_t gd_tally_compared(const struct gd_tally *t);

/*
 * Writes the sufficient statistics as "partial" records: first one
 * that holds the options they were made with, then the counts (with
 * campaigns, the responses: opts.partial must have been set).  Returns 0, or -1
 * with err as gd_tally_write.
 */
int gd_tally_write_partial(struct gd_tally *t, gd_tally_out_fn out,
    void *ctx, struct gd_error *err);

#endif
