/*
 * mapping_int.h - what the mapping family shares inside the library:
 * the parsed mapping (mapping.c), the plan that resolves it against one
 * header (mapping_plan.c) and applies it to rows (mapping_apply.c).
 * Not a public contract: gd/mapping.h is.
 */
#ifndef GD_MAPPING_INT_H
#define GD_MAPPING_INT_H

#include <stddef.h>

#include "gd/gd.h"

/* ---- the parsed mapping ---- */

#define MAX_JOIN 16
#define MAX_MODERATION 4	/* columns that may say a moderation state */

/* A column: alternatives, the first found in the header wins. */
struct colspec {
	char **names;		/* header texts, or parts of them */
	unsigned char *contains;	/* 1: names[i] is a part */
	size_t nnames;
};

enum v_kind { V_NONE, V_COL, V_JOIN, V_CONST };

struct vspec {
	enum v_kind kind;
	struct colspec col;
	struct vspec *parts;
	size_t nparts;
	char *sep;
	char *value;
	char *split;		/* answers: split one cell into a list */
	char **missing;		/* texts that are no value in this column */
	size_t nmissing;
	int html;		/* the column holds HTML: its text is taken */
};

struct table {
	char **label;
	char **value;
	size_t n;
};

struct classify {
	struct vspec v;
	struct table values;
	char *absent;
	char *present;
};

struct qmap {
	char *qid;
	struct vspec v;
};

enum unmapped { U_EXTRA, U_ANSWERS, U_COMMENTS, U_DROP };

struct gd_map {
	char *name;
	int preset;
	int header_row;		/* 0: auto */
	int header_rows;
	struct vspec consultation, id, submitted;
	enum gd_date_order order;
	int order_known;		/* stated: mdy or dmy */
	char *tz;
	struct vspec rname, email, org, country, rid;
	struct classify type, consent;
	struct classify moderation[MAX_MODERATION];
	size_t nmoderation;
	struct qmap *answers, *comments;
	size_t nanswers, ncomments;
	char **missing;
	size_t nmissing;
	enum unmapped unmapped;
	int keep_html;			/* HTML columns also as written */
	struct colspec *drop, *extra;
	size_t ndrop, nextra;
};

/* ---- plans ---- */

struct rv {			/* a vspec resolved against a header */
	enum v_kind kind;
	long col;
	struct rv *parts;
	size_t nparts;
	const char *sep;
	const char *value;
	const char *split;
	char *const *missing;	/* the spec's own "missing" texts */
	size_t nmissing;
	int html;
	const char *what;	/* for messages */
};

enum role { R_UNMAPPED, R_USED, R_DROP, R_EXTRA };

#define MAX_WARN_LABELS 64

struct gd_plan {
	const struct gd_map *m;
	const struct gd_str *names;
	size_t n;
	const char *file;
	const char *base;	/* file name without directories */
	unsigned char *role;
	struct rv consultation, id, submitted, rname, email, org, country,
	    rid;
	struct rv type, consent;
	struct rv moderation[MAX_MODERATION];
	struct rv *answers, *comments;

	/* Keys encoded once: header names, then question ids. */
	struct gd_buf kbuf;
	size_t *koff, *klen;	/* per column */
	size_t *aoff, *alen, *coff, *clen;	/* per answer, comment */

	struct gd_buf scratch;
	struct gd_str *pool;	/* list items */
	size_t npool, poolcap;
	/* A scratch value: at a field of the response, or (list set) at
	 * the value of entry idx of a list, which may move as it grows. */
	struct fix {
		struct gd_str *at;
		struct gd_kvlist *list;
		size_t idx;
		size_t off;
	} *fix;
	size_t nfix, fixcap;

	int checked;		/* missing columns warned about */
	int quiet;		/* no header of its own (gd_plan_quiet) */

	/* The day-month order of the submitted column (gd/mapping.h). */
	enum gd_date_order dorder;
	int dorder_known;	/* stated, or decided by a value */
	int dundecided;		/* declared undecided */
	int decided_now;	/* the last row decided it */
	int amb;		/* the last row's date reads both ways */
	char amb_iso[2][GD_DATE_MAX];	/* it month first, day first */
	int amb_len[2];
	char *amb_text;		/* it as written */
	size_t amb_textlen, amb_textcap;
	unsigned long dates_kept;

	/* Values taken from the preamble (gd_plan_context). */
	char *ctx[16];
	size_t nctx;

	/* The last row's consent label when no table knew it (empty: none
	 * such); see gd_plan_consent_label(). */
	struct gd_buf consent_label;

	/* Warnings: each label once. */
	char *warned[MAX_WARN_LABELS];
	size_t nwarned;
	struct gd_buf warnq;	/* messages, each a flag byte ('c': about
				 * consent, else '-') and the text with a
				 * NUL */
	size_t wq_pos;		/* the next one to hand out */
	char warnbuf[400];
	int warn_consent;	/* the one handed out is about consent */
	int defer;		/* a worker's (gd_plan_defer) */
	char warnkey[300];	/* the key of the label warning handed out */
	int warn_keyed;
};

/* The column a spec names in this header, or -1 (mapping_plan.c). */
long map_find_col(const struct colspec *cs, const struct gd_str *names,
    size_t n);

/* Queues a warning for gd_plan_warning(); with consent set, one about
 * consent (gd_plan_warning_consent) (mapping_plan.c). */
void map_warn(struct gd_plan *p, int consent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Warns about the columns a mapping file names that the header lacks,
 * once, when the first row is applied (mapping_plan.c). */
void map_warn_missing(struct gd_plan *p);

/* Warns once per distinct label: WHAT "label" ADVICE (mapping_plan.c). */
void map_warn_label(struct gd_plan *p, const char *what,
    const struct gd_str *v, const char *advice);

/* The key of the submitted column's text under extra (mapping_plan.c). */
struct gd_str map_date_key(const struct gd_plan *p);

/* Keeps a date that reads both ways, for gd_plan_date_variant()
 * (mapping_plan.c). */
int map_hold_date(struct gd_plan *p, struct gd_str t);

#endif
