/*
 * tally_int.h - what the parts of gd-tally's engine share: the cells, the
 * options, the record being counted, the state of the campaign pass.  Not
 * a public interface: include/gd/tally.h is.
 *
 * The family, by stage:
 *
 *   tally.c           the public API: new, free, add, write; a tally
 *                     configured (again, for --merge) from its options
 *   tally_spec.c      --by parsed into field paths; the options' fingerprint
 *   tally_cells.c     the cell hash and its keys; cells taken apart, sorted
 *                     and compared for writing; the null cells of --missing
 *   tally_count.c     a record scanned and counted into cells
 *   tally_stubs.c     stub responses: found, kept, written
 *   tally_themes.c    the codebook, themes of the free text, examples
 *   tally_likert.c    the scale, and Likert summaries ("scale" records)
 *   tally_campaign.c  the campaign pass: responses kept aside, campaigns
 *                     found (campaign.c) and counted, marked, written
 *   tally_compare.c   comparisons of two groups ("compare" records)
 *   tally_suppress.c  small-cell suppression, within and across tables
 *   tally_write.c     the output records: summary, tallies, JSON helpers
 *   tally_partial.c   --partial written, and --merge read back
 *
 * Failure: a function here that takes a struct gd_error fills it; one
 * that does not (counting, cells, keys, examples, stubs) fails only when
 * memory runs out, with -1 or NULL, and its caller says so with
 * gd_error_nomem().
 */
#ifndef GD_TALLY_INT_H
#define GD_TALLY_INT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gd/gd.h"

/* Cells that are not a user's tabulation. */
#define SPEC_CONSENT	0xFFF0
#define SPEC_TYPE	0xFFF1
#define SPEC_STUB	0xFFF2
#define SPEC_THEME	0xFFF3	/* key: theme id, respondent type */
#define SPEC_RESPONSES	0xFFF4
#define SPEC_CAMP_TYPE	0xFFF5	/* key: campaign number, respondent type */
#define SPEC_MODERATION	0xFFF6	/* responses with a "moderation" only */
#define SPEC_SEEN	0xFFF7	/* key: a --by field some response has a
				 * value at (n: not a count, only > 0) */
#define SPEC_PRIVACY	0xFFF8	/* key: what each record counted was
				 * redacted for, or "none" */
#define SPEC_NOAUTHOR	0xFFFA	/* records with no author identity */
#define SPEC_UNPUB	0xFFF9	/* count-only records, key: their reason
				 * and respondent type */
/*
 * --missing with a "x.*" field: a response that lacks a member has no
 * value to count, so two hidden counts per tabulation give the null
 * cells when writing: responses per value of the other fields (BASE),
 * and those that have the member (HAS).
 */
#define HIDDEN_BASE	0x8000
#define HIDDEN_HAS	0x4000

#define MAX_DIMS 9	/* 8 asked for, and "voice" */
#define MAX_EXAMPLES 3

/* ---- the cell table (tally_cells.c) ---- */

struct cell {
	uint64_t hash;
	size_t off, len;	/* the key, in keys */
	unsigned long long n;
};

struct cells {
	struct gd_buf keys;
	struct cell *v;		/* open addressing; len 0: empty */
	size_t cap, used;
};

/* A key taken apart. */
struct dkey {
	unsigned spec, nd;
	struct { const char *f; size_t fl; const char *v; size_t vl; }
	    d[MAX_DIMS];
};

/* A cell, taken apart for output. */
struct oc {
	struct dkey k;
	unsigned long long n;
	int supp;		/* suppressed */
	int force;		/* to be withheld whatever its count */
	int hide_of;		/* its row has a suppressed cell */
	unsigned long long of;	/* its row's total */
	int collapsed;		/* a Likert answer counted in its group
				 * (sdc_collapse.c) */
};

/* Values of one dimension for this record (member: for a star path). */
struct dvals {
	const char **v;
	size_t *vl;
	size_t n, cap;
};

/* ---- options (tally_spec.c, tally_themes.c, tally_likert.c) ---- */

struct dim {
	char *path;		/* "respondent.type", "answers.*" */
	int pid;		/* its jscan path */
	int star;
	size_t prefix_len;	/* "answers." for a star */
	int seen;		/* a response had a value there: 1, 2 once
				 * its SPEC_SEEN cell is added */
};

struct spec {
	struct dim d[MAX_DIMS];
	size_t nd;
	int star_dim;		/* the dimension that is "x.*", or -1 */
	int cmp;		/* 0: a tabulation; else the counts of
				 * comparisons (tally_compare.c), not written */
};

/* The counts of comparisons: a group field and answers.*, after the
 * tabulations in specs. */
#define CMP_MAIN 1	/* as the tabulations count (but no "voice") */
#define CMP_ONE 2	/* a campaign as one voice (with campaigns, when
			 * the tabulations do not collapse them) */

struct theme {
	char *id, *label;
	char *patterns;		/* all its patterns, for the fingerprint */
	pcre2_code **re;
	size_t nre;
};

/* Example ids of a theme and group: the smallest, for merging. */
struct examples {
	char *key;		/* theme \0 type */
	size_t klen;
	char *id[MAX_EXAMPLES];
	size_t n;
};

struct stub {
	char *id;
	const char *reason;
};

struct scale_label {
	char *label;
	int score;		/* 1..5, or 0: not on the scale (e.g. "Don't know") */
};

/* Values of one record, for the paths asked for. */
struct rval {
	int path;
	size_t moff, mlen;	/* member, in vtext (star paths) */
	size_t voff, vlen;
	int isnull;
	int text;		/* a string (comments count as text) */
};

/* A response kept for the campaign pass (tally_campaign.c). */
#define NOVAL UINT32_MAX
struct spooled {
	uint64_t off;		/* the record in the spool */
	uint64_t id;		/* in ids: the id */
	uint64_t hash;		/* of the whole record: responses that share
				 * an id are ranked by it */
	uint32_t len;
	uint32_t ty, sub;	/* in ids after the id: type and
				 * submitted; or NOVAL */
	uint32_t tylen:31;
	uint32_t quote:1;	/* it may be quoted (tally_quotable) */
	uint64_t author;	/* its author's hash (tally_author), or 0 */
};

/*
 * --merge: what outlives the tally being made again from the options
 * the partials were made with (tally_partial.c).
 */
struct tally_merge {
	int waiting;		/* from_partials, and no options record yet */
	int ended;		/* gd_tally_merge_end: nothing more kept */
	json_t *args;		/* the options record's "args" that made the
				 * tally; NULL: the tally's own options */
	const char **by;	/* its --by, for opts.by */
	FILE *spool;		/* partial records kept aside */
	uint64_t spooled;
	struct kept { uint64_t off; size_t len; } *kept;
	size_t nkept, keptcap;
	struct gd_buf line;	/* a kept record read back */
};

/*
 * --previous: the earlier publication's pattern (sdc_previous.c): its
 * withheld cells by name, its grouped types and collapsed questions.
 * Outlives a merge's tally made again, as struct tally_merge does.
 */
struct tally_prev {
	char **cell;
	size_t ncell;
	int sorted;
	char **gtypes, **cq;
	size_t ngtypes, ncq;
};

/* A campaign found. */
struct campstat {
	size_t rep;		/* representative response */
	unsigned long long size, variants;
	unsigned long long authors;	/* distinct, as the summary counts */
	char *first, *last;
	char *text;
	int burst;
};

struct gd_tally {
	struct gd_tally_opts o;
	struct spec *specs;
	size_t nspecs;
	size_t ntabs;		/* the specs that are tabulations: the
				 * first ntabs; comparisons' after them */
	size_t ncompared;	/* questions both groups answered
				 * (tally_write_compare) */
	int one_voice;		/* the response counted is a voice of its
				 * own: in no campaign, or its representative */
	struct gd_jpaths *ps;
	int p_kind, p_consent, p_moderation, p_type, p_id, p_comments,
	    p_answers, p_privacy, p_reason;
	int unpub;		/* the scanned record is count-only
				 * ("unpublished") */
	int quote;		/* the scanned response may be quoted: its
				 * id or text may go into an aggregate */
	int p_pseudonym, p_rid;
	uint64_t author;	/* the scanned record's author, or 0 */
	unsigned long long privn[3];	/* records redacted for publication,
				 * analysis, neither: not yet cells */
	unsigned long long noauthor;	/* records with no author: not yet a
				 * cell */
	uint64_t *authors;	/* authors seen (sorted and made unique
				 * when the array fills) */
	size_t nauthors, authcap;
	const char *privacy;	/* while writing: the aggregates' "privacy",
				 * or NULL */
	struct cells c;
	struct gd_buf key, scratch, vtext;
	struct rval *rv;
	size_t nrv, rvcap;
	struct theme *themes;
	size_t nthemes;
	struct examples *ex;
	size_t nex, excap;
	struct stub *stubs;
	size_t nstubs, stubcap;
	struct scale_label *scale;
	size_t nscale;
	pcre2_match_data *md;
	struct gd_folded fold;
	struct gd_buf folded;
	char config[17];	/* fingerprint of the options, hex */
	int scale_given;	/* a scale file, or one from the partials */
	struct tally_merge m;
	char **unseen;		/* --by fields no response has a value at */
	size_t nunseen;
	struct gd_buf line;
	const char *voice;	/* --campaign-mode separate */
	struct dvals dvs[MAX_DIMS + 1];	/* values per dimension */
	struct dvals mem;	/* members of a "*" field */
	size_t *mfrom, *mto;	/* where each member's values are in rv */
	size_t mcap;
	struct gd_buf fbuf;	/* a built field name */

	/* Campaigns: what each response needs once they are known.  The
	 * responses themselves are kept aside (spool) only when they are
	 * to be counted, marked or written again at the end. */
	struct gd_campaigns *cf;
	int p_submitted;
	int p_campaign;		/* with mark_campaigns; else -1 */
	int marked;		/* the line has a "campaign" member */
	int stub_known;		/* tally_record_stub of the scanned line: */
	const char *stub_why;
	FILE *spool;		/* NULL: counted as they come */
	unsigned long long spooled;	/* bytes written */
	struct spooled *sp;
	size_t nsp, spcap;
	struct gd_buf ids;		/* ids, types and times, NUL-terminated */
	struct gd_buf text;		/* a response's free text */
	struct gd_buf rec;		/* a line read back */
	int finished;
	size_t ncamp;
	struct campstat *cs;

	struct gd_tally_sdc sdc;	/* the last audit of --min-cell */
	char **wtypes;		/* respondent types the summary withholds */
	size_t nwtypes;
	char **gtypes;		/* respondent types grouped as "other" */
	size_t ngtypes;
	char **cq;		/* Likert questions collapsed to 3 groups */
	size_t ncq;
	unsigned char *theme_hide;	/* per theme, then "none": its count
				 * over all responses withheld (sdc_audit.c);
				 * NULL without --min-cell */
	struct tally_prev pv;	/* --previous; kept as m is */
};

/* A value and a member of the scanned record. */
static inline const char *
rv_val(const struct gd_tally *t, const struct rval *r)
{
	return t->vtext.data + r->voff;
}

static inline const char *
rv_mem(const struct gd_tally *t, const struct rval *r)
{
	return t->vtext.data + r->moff;
}

/* tally.c */
int tally_configure(struct gd_tally *t, const struct gd_tally_opts *o,
    json_t *args, struct gd_error *err);
void tally_release(struct gd_tally *t);

/* tally_spec.c */
int tally_parse_spec(struct gd_tally *t, const char *text, struct spec *sp,
    struct gd_error *err);
void tally_fingerprint(struct gd_tally *t);
int tally_find_unseen(struct gd_tally *t, const struct oc *v, size_t nv);

/* tally_cells.c */
uint64_t tally_hash(const char *s, size_t n);
int tally_cells_add(struct cells *c, const char *k, size_t klen,
    unsigned long long n);
int tally_cells_find(const struct cells *c, const char *k, size_t klen,
    unsigned long long *n);
void tally_cells_release(struct cells *c);
int tally_key_start(struct gd_buf *k, unsigned spec, unsigned nd);
int tally_key_dim(struct gd_buf *k, const char *f, size_t fl, const char *v,
    size_t vl);
void tally_key_parse(const char *k, struct dkey *dk);
int tally_add1(struct gd_tally *t, unsigned spec, const char *const *f,
    const size_t *fl, const char *const *v, const size_t *vl, unsigned nd,
    unsigned long long n);
struct oc *tally_sorted_cells(struct gd_tally *t, size_t *nv);
struct oc *tally_missing_cells(struct gd_tally *t, struct oc *v, size_t *nv);
size_t tally_sort_merge(struct oc *v, size_t n);
int tally_strcmp_n(const char *a, size_t al, const char *b, size_t bl);
int tally_same_fields(const struct oc *a, const struct oc *b);
int tally_same_group(const struct oc *a, const struct oc *b, unsigned skip);
size_t tally_spec_range(const struct oc *v, size_t nv, size_t from,
    unsigned spec);

/* tally_count.c */
int tally_collect(void *ctx, const struct gd_jval *v, struct gd_error *err);
const struct rval *tally_first_val(const struct gd_tally *t, int path);
int tally_flush_counts(struct gd_tally *t);
int tally_author_add(struct gd_tally *t, uint64_t h);
size_t tally_authors_unique(uint64_t *a, size_t n);
int tally_scan(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err);
int tally_count(struct gd_tally *t, int tabs, const char *voice);

/* tally_stubs.c */
const char *tally_record_stub(struct gd_tally *t);
int tally_stub_add(struct gd_tally *t, const char *id, size_t idlen,
    const char *reason);
const char *tally_stub_reason_named(const char *r);
void tally_stubs_sort(struct gd_tally *t);
int tally_write_stubs(struct gd_tally *t, gd_tally_out_fn out, void *ctx,
    struct gd_error *err);

/* tally_themes.c */
int tally_load_codebook(struct gd_tally *t, json_t *themes,
    struct gd_error *err);
int tally_count_themes(struct gd_tally *t, const char *type, size_t tl,
    const char *id, size_t idlen);
int tally_example_add(struct gd_tally *t, const char *key, size_t klen,
    const char *id, size_t idlen);
int tally_write_themes(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx, struct gd_error *err);

/* tally_likert.c */
int tally_load_scale(struct gd_tally *t, json_t *labels,
    struct gd_error *err);
int tally_score_of(const struct gd_tally *t, const char *s, size_t n);
int tally_write_scales(struct gd_tally *t, struct oc *v, size_t from,
    size_t to, gd_tally_out_fn out, void *ctx, struct gd_error *err);

/* tally_campaign.c */
int tally_defer(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err);
int tally_reread(struct gd_tally *t, size_t i, struct gd_error *err);
int tally_finish(struct gd_tally *t, gd_tally_out_fn out, void *ctx,
    struct gd_error *err);
int tally_write_campaigns(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx, struct gd_error *err);

/* tally_compare.c */
int tally_compare_specs(struct gd_tally *t, struct gd_error *err);
int tally_write_compare(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx, struct gd_error *err);

/* tally_suppress.c */
void tally_suppress(struct oc *v, size_t from, size_t to,
    unsigned long long min);
void tally_suppress_tables(struct gd_tally *t, struct oc *v, size_t nv);

/* sdc_collapse.c */
int tally_collapse_likert(struct gd_tally *t, struct oc *v, size_t *nv);
int tally_cell_score(const struct gd_tally *t, const struct oc *c,
    unsigned d);

/* sdc_previous.c */
int tally_previous_force(struct gd_tally *t, struct oc *v, size_t nv);
int tally_previous_theme(struct gd_tally *t, const char *id);
void tally_previous_release(struct tally_prev *pv);

/* sdc_group.c */
int tally_group_types(struct gd_tally *t, struct oc *v, size_t *nv);

/* sdc_records.c */
int tally_note_withheld_types(struct gd_tally *t, const struct oc *v,
    size_t from, size_t to);

/* sdc_audit.c */
int tally_sdc_complete(struct gd_tally *t, struct oc *v, size_t nv,
    struct gd_error *err);

/* tally_write.c */
void tally_record_start(struct gd_tally *t, struct gd_jw *jw,
    const char *kind);
int tally_emit_line(struct gd_tally *t, struct gd_jw *jw, gd_tally_out_fn out,
    void *ctx, struct gd_error *err);
void tally_count_json(struct gd_jw *jw, const struct oc *c);
void tally_share_json(struct gd_jw *jw, unsigned long long n,
    unsigned long long of);
int tally_write_summary(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx, struct gd_error *err);
int tally_write_tallies(struct gd_tally *t, struct oc *v, size_t from,
    size_t to, gd_tally_out_fn out, void *ctx, struct gd_error *err);

#endif
