/*
 * record.h - a response record (gd-record(5), kind "response") and its
 * writer.
 *
 * A gd_resp is a view: every text points into storage owned by whoever
 * filled it (the input row, or the mapping's scratch buffer).  Absent
 * values are NULL strings and are left out of the output, never written as
 * empty strings.  The writer puts keys in one fixed order, so the same
 * input always gives the same bytes.
 */
#ifndef GD_RECORD_H
#define GD_RECORD_H

#include <stddef.h>

#include "jsonw.h"
#include "row.h"

#define GD_FORMAT_VERSION 1

/* One named value: a text, or (nitems > 0) a list of texts. */
struct gd_kv {
	struct gd_str key;
	struct gd_str kenc;	/* the key already JSON-encoded ("k":), or NULL */
	struct gd_str val;
	size_t nitems;
	const struct gd_str *items;
};

struct gd_kvlist {
	struct gd_kv *v;	/* owned by the list */
	size_t n, cap;
};

struct gd_resp {
	struct gd_str id;
	struct gd_str consultation;
	struct gd_str submitted;	/* ISO 8601 */
	struct gd_str type;		/* canonical respondent type */
	struct gd_str type_label;
	struct gd_str name;
	struct gd_str email;
	struct gd_str organisation;
	struct gd_str country;
	struct gd_str respondent_id;	/* the platform's id of the respondent */
	struct gd_str consent;		/* named/anonymous/withheld/unknown */
	struct gd_str moderation;	/* accepted/rejected/pending/retired,
					 * or NULL: the export has none */
	struct gd_kvlist answers;
	struct gd_kvlist comments;
	struct gd_kvlist extra;
	const char *file;
	unsigned long line;
	unsigned long row;
};

/* Empties r for the next record, keeping the lists' storage. */
void gd_resp_reset(struct gd_resp *r);

/* Frees the lists' storage. */
void gd_resp_release(struct gd_resp *r);

/* Appends to a list.  Returns 0, or -1 when memory runs out. */
int gd_kvlist_add(struct gd_kvlist *l, const struct gd_kv *kv);

/*
 * Writes r as one JSON object (no line end) with jw.  Errors are left in
 * jw->err.
 */
void gd_resp_write(struct gd_jw *jw, const struct gd_resp *r);

/*
 * Whether kind names a record computed from responses (gd-record(5)):
 * the kinds gd-tally(1) writes (summary, tally, scale, theme, stub,
 * campaign, partial).  Such a record carries "privacy" when every record
 * it was computed from was redacted, and may be published only when that
 * says "publication".
 */
int gd_kind_is_aggregate(const char *kind);

#endif
