/*
 * pub_int.h - what the parts of gd-publish's library share: the
 * publication read from the stream, its tables, its report helpers.  Not
 * a public interface: include/gd/publish.h is.
 */
#ifndef GD_PUB_INT_H
#define GD_PUB_INT_H

#include <stdio.h>

#include <jansson.h>
#include <sodium.h>

#include "gd/buf.h"
#include "gd/error.h"
#include "gd/output.h"
#include "gd/publish.h"

/* Column types, as a Table Schema names them. */
enum pub_type { PT_STRING, PT_INTEGER, PT_NUMBER, PT_BOOLEAN };

/* Kinds of value seen in a response column (a bit mask). */
enum { SEEN_INT = 1, SEEN_REAL = 2, SEEN_BOOL = 4, SEEN_STR = 8,
    SEEN_JSON = 16 };

struct pub_col {
	char *name;		/* the dot path, or the column's name */
	int type;		/* enum pub_type */
	const char *desc;	/* Table Schema description, or NULL */
};

/* The tables of a publication, as CSV files and SQL tables. */
enum pub_table { TB_RESPONSES, TB_SUMMARY, TB_TALLIES, TB_SCALES,
    TB_THEMES, TB_CAMPAIGNS, TB_STUBS, TB_COUNT };

struct pub_tab {
	const char *name;	/* "responses": the resource and table name */
	const char *title;
	const char *key;	/* primary key column, or NULL */
	struct pub_col *cols;
	size_t ncols;
	unsigned long rows;
};

struct gd_pub {
	struct gd_pub_opts o;
	json_t *summary;	/* the last summary record, or NULL */
	json_t *agg[TB_COUNT];	/* aggregate records by table (arrays) */
	json_t *colidx;		/* response column path -> seen mask */
	json_t *consultations;	/* distinct consultation ids, as read */
	json_t *privacy;	/* distinct privacy values, as read */
	json_t *skipped;	/* kind -> records left out */
	json_t *quotable;	/* respondent type -> candidate records */
	json_t *replies;	/* the replies, or NULL */
	FILE *spool;		/* the response records, one per line */
	const char *spool_dir;
	unsigned long responses, aggregates, nskipped;
	crypto_hash_sha256_state sha;
	char sha_hex[65];
	char skipped_text[256];
	struct pub_tab tab[TB_COUNT];
	int finished;
};

/* pub_read.c */
int pub_each_response(struct gd_pub *p,
    int (*fn)(void *ctx, json_t *rec, struct gd_error *err), void *ctx,
    struct gd_error *err);
json_t *pub_path(json_t *rec, const char *path);
int pub_leaves(json_t *obj, struct gd_buf *path,
    int (*fn)(void *ctx, const char *path, json_t *v), void *ctx);
const char *pub_type_label(const char *type);
const char *pub_type_one(const char *type);
int pub_type_rank(const char *type);
int pub_type_cmp(const void *a, const void *b);
int pub_natural_cmp(const char *a, const char *b);
int pub_num(struct gd_buf *b, json_t *v);
const char *pub_title(const struct gd_pub *p);
const char *pub_consultation(const struct gd_pub *p);
int pub_oom(struct gd_error *err);
int pub_io(struct gd_error *err, const char *what);

/* pub_table.c */
int pub_tables_build(struct gd_pub *p, struct gd_error *err);
int pub_table_csv(struct gd_pub *p, enum pub_table t, struct gd_out *out,
    struct gd_error *err);
int pub_table_by_name(const char *name, enum pub_table *t);

/* pub_replies.c */
json_t *pub_replies_load(const char *path, struct gd_error *err);
json_t *pub_reply_for(json_t *replies, const char *section, const char *id);

/* pub_report.c */
int pub_report(struct gd_pub *p, int html, struct gd_out *out,
    struct gd_error *err);

/* pub_json.c */
int pub_ndjson(struct gd_pub *p, struct gd_out *out, struct gd_error *err);
int pub_json(struct gd_pub *p, struct gd_out *out, struct gd_error *err);
json_t *pub_provenance(struct gd_pub *p);
int pub_write_json(struct gd_out *out, json_t *v, size_t flags,
    struct gd_error *err);

#endif
