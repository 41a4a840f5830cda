/*
 * ingest_int.h - what the gd-ingest engine's files share inside the
 * library: the run (ingest.c) and the CSV file read in parts on several
 * threads (ingest_pool.c).  Not a public contract: gd/ingest.h is.
 */
#ifndef GD_INGEST_INT_H
#define GD_INGEST_INT_H

#include <stddef.h>
#include <time.h>

#include "gd/gd.h"

#define CONSENT_LABELS 20	/* unknown consent labels named, a file */

/* A consent label that no table knew, and the responses that had it. */
struct ulabel {
	char *text;		/* as first written, NUL-terminated */
	size_t len;		/* its bytes, at most CONSENT_LABEL_KEEP */
	int whole;		/* not cut: len is all of it */
	uint64_t h;		/* hash of its whole normal form */
	unsigned long n;
	int withheld;		/* read as a refusal */
};

struct run {
	const struct gd_ingest_opts *o;
	struct gd_out *out;
	struct gd_rejects *rj;
	const struct gd_report *rep;
	struct gd_ingest_stats *st;
	struct gd_error *err;
	struct gd_source *src;
	struct gd_sheet *sh;		/* a spreadsheet's sheet, or NULL */
	const char *file;

	struct gd_resp resp;
	struct gd_buf line;		/* the record being written */
	/* Records held until the submitted column's day-month order is
	 * known (gd_plan_date_pending): each a tag (1: one rendering; 3:
	 * month first, day first, undecided) and that many lengths and
	 * texts. */
	struct gd_buf held;
	int date_known;			/* this file's order, once decided */
	enum gd_date_order date_order;
	int date_undecided;
	int strict_failed;		/* --strict: a warning was given */
	unsigned promised;		/* JSON: the preset's fields placed */
	char strict_msg[GD_ERR_MSG];
	struct gd_field *fields;	/* a CSV row as fields */
	size_t fcap;
	unsigned long kept;		/* dates kept as text by the workers'
					 * plans (ingest_pool.c) */
	time_t last_progress;

	/* The header: names owned (each malloc'd, NUL-terminated), and a
	 * hash set of them (idx: name number + 1; 0: empty). */
	struct gd_str *names;
	size_t nnames, ncap;
	struct nslot { size_t idx, next; } *slot;
	size_t nslot;
	struct gd_plan *plan;
	unsigned long warned[256];	/* hashes of the warnings given */
	size_t nwarned;
	/* This file's consent labels that no table knew, in order of first
	 * sight; responses with others past CONSENT_LABELS. */
	struct ulabel ulabels[CONSENT_LABELS];
	size_t nulabels;
	unsigned long ulabels_more;

	/* Names over values before the header (see preamble_row). */
	struct gd_str *ctx_names, *ctx_vals;
	size_t nctx, ctxcap;
	char **prev;
	size_t nprev;

	/* --join: the table, and where its columns are in the header. */
	struct gd_join *join;
	int loading_join;
	long join_key;
	size_t join_base;
};

/*
 * What one thread does with a row, in ingest.c; ingest_pool.c does the
 * same with the workers' results, in the same order.  Each returns 0, or
 * -1 with r->err filled (the run stops).
 */
void ingest_warn_as(struct run *r, const char *msg, int loud);
int ingest_strict_check(struct run *r);
void ingest_plan_warnings(struct run *r);
int ingest_reject(struct run *r, const struct gd_error *why,
    const char *raw, size_t rawlen, int cut);
void ingest_progress(struct run *r);
int ingest_flush_held(struct run *r, int k);
int ingest_undecided(struct run *r);
int ingest_fields_room(struct run *r, size_t n);

/* Counts a consent label no table knew (s, len), of a response that is
 * withheld or not, on line. */
int ingest_consent_label(struct run *r, const char *s, size_t len,
    int withheld, unsigned long line);

/* Holds a record back, in tag (1 or 3) renderings t[i] of len[i] bytes
 * (ingest_undecided when too much is held). */
int ingest_hold(struct run *r, int tag, const char *const *t,
    const size_t *len);

/* The date order just decided (by the last row): held records go out. */
int ingest_decided(struct run *r, enum gd_date_order ord);

/*
 * One CSV row as gd_csv_next() gave it (rc 1, or -2 with why), the
 * data_rows'th of the file: rejected, or mapped and written (or held).
 */
int ingest_row(struct run *r, int rc, const struct gd_csvrec *rec,
    const struct gd_error *why, unsigned long data_rows);

/*
 * Reads the rest of a CSV file in parts on r->o->threads workers
 * (ingest_pool.c), csv having read the header; *data_rows counts the
 * rows.  Returns 0 at the end of the file, -1 with r->err, or 1 when it
 * cannot (csv is inside a record, no thread can start): then nothing
 * was read and csv reads on.
 */
int ingest_pool_run(struct run *r, struct gd_csv *csv,
    unsigned long *data_rows);

#endif
