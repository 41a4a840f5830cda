/*
 * pub_int.h - what the files of gd-publish's library (lib/pub_*.c) share.
 * Not a public interface: include/gd/publish.h is, and no public header
 * includes this one.
 *
 * The files, from the bottom up; each calls only files above it (those
 * named on its right), so no two call each other, however indirectly:
 *
 *   pub_model.c    the publication, made and freed; the
 *                  responses read back; shared helpers
 *   pub_svg.c      SVG charts (include/gd/svg.h)
 *   pub_doc.c      the document writer: Markdown, HTML      model
 *   pub_replies.c  the replies file                         model
 *   pub_table.c    the tables: columns, CSV                 model
 *   pub_json.c     NDJSON, JSON, provenance                 model
 *   pub_compare.c  the report's comparisons                 model doc svg
 *   pub_read.c     the stream read in (gd_pub_add, _finish) model replies
 *                                                           table compare
 *   pub_report.c   the report's sections                    model replies
 *                                                           doc svg
 *                                                           compare
 *   pub_package.c  the data package                         model read
 *                                                           table json
 *   pub_write.c    gd_pub_write, gd_pub_format              read table
 *                                                           json report
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
	char *name;		/* the field's name: CSV header, schema, SQL */
	char *path;		/* the member's dot path in the records */
	int type;		/* enum pub_type */
	const char *desc;	/* Table Schema description, or NULL */
	unsigned long missing;	/* cells with no value, in the last walk */
	unsigned long empty;	/* cells with an empty text, in the last walk */
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
	int counted;		/* the cols' missing and empty are counted */
};

struct gd_pub {
	struct gd_pub_opts o;
	json_t *summary;	/* the last summary record, or NULL */
	json_t *agg[TB_COUNT];	/* aggregate records by table (arrays) */
	json_t *compare;	/* "compare" records (array): the report's
				 * differences, not a table */
	json_t *colidx;		/* response column path -> seen mask */
	json_t *consultations;	/* distinct consultation ids, as read */
	json_t *privacy;	/* distinct privacy values, as read */
	json_t *skipped;	/* kind -> records left out */
	json_t *questions;	/* field -> its text, from questions records */
	json_t *qrecs;		/* the questions records, as read */
	struct gd_jload *jl;	/* reads the records, as jansson would */
	json_t *quotable;	/* respondent type -> candidate records */
	json_t *rtypes;		/* respondent type -> response records */
	json_t *replies;	/* the replies, or NULL */
	FILE *spool;		/* the response records, one per line */
	const char *spool_dir;
	unsigned long responses, aggregates, nskipped;
	unsigned long unpublished;	/* count-only records read */
	unsigned long guarded;	/* responses withheld by consent, left out
				 * whatever their markers said */
	crypto_hash_sha256_state sha;
	char sha_hex[65];
	char skipped_text[256];
	struct pub_tab tab[TB_COUNT];
	int finished;
};

/* ---- pub_model.c: the publication and what every writer shares ---- */

int pub_oom(struct gd_error *err);
int pub_io(struct gd_error *err, const char *what);

/*
 * Calls fn with each response kept aside, in input order, as a new
 * record (freed after the call).  Returns 0, or -1 with err filled (by
 * fn, or for the file).
 */
int pub_each_response(struct gd_pub *p,
    int (*fn)(void *ctx, json_t *rec, struct gd_error *err), void *ctx,
    struct gd_error *err);
json_t *pub_path(json_t *rec, const char *path);
int pub_leaves(json_t *obj, struct gd_buf *path,
    int (*fn)(void *ctx, const char *path, json_t *v), void *ctx);
const char *pub_type_label(const char *type);
const char *pub_type_one(const char *type);
const char *pub_type_words(const char *type);
int pub_type_rank(const char *type);
int pub_type_cmp(const void *a, const void *b);
int pub_natural_cmp(const char *a, const char *b);
int pub_num(struct gd_buf *b, json_t *v);
const char *pub_title(const struct gd_pub *p);
const char *pub_consultation(const struct gd_pub *p);

/* ---- pub_doc.c: the document writer (Markdown or HTML) ---- */

struct pub_doc {
	int html;		/* HTML, else Markdown */
	struct gd_out *out;
	struct gd_error *err;
	struct gd_buf b;	/* output not yet written */
	struct gd_buf tmp;	/* the writer's scratch: a chart being drawn */
	int charts;		/* charts so far, for their ids */
	size_t items;		/* items of the list open */
	int oom;		/* a write failed for memory: flush fails */
	const char *reply_lang;	/* the replies' language, when not the
				 * report's (their blocks say so), or NULL */
};

void pub_doc_init(struct pub_doc *d, int html, struct gd_out *out,
    struct gd_error *err);
void pub_doc_release(struct pub_doc *d);
int pub_doc_flush(struct pub_doc *d);
int pub_doc_charts(const struct pub_doc *d);
void pub_doc_begin(struct pub_doc *d, const char *title);
void pub_doc_lede(struct pub_doc *d, const char *s);
void pub_doc_main(struct pub_doc *d);
void pub_doc_footer(struct pub_doc *d);
void pub_doc_end(struct pub_doc *d);
void pub_doc_text(struct pub_doc *d, const char *s);
void pub_doc_inline(struct pub_doc *d, const char *s);
void pub_doc_anchor(char *dst, size_t n, const char *prefix, const char *s);
void pub_doc_heading(struct pub_doc *d, int level, const char *id,
    const char *s);
void pub_doc_para(struct pub_doc *d, const char *s);
void pub_doc_para_open(struct pub_doc *d);
void pub_doc_para_close(struct pub_doc *d);
void pub_doc_list_open(struct pub_doc *d);
void pub_doc_list_item(struct pub_doc *d, const char *target, const char *s);
void pub_doc_list_close(struct pub_doc *d);
void pub_doc_table_open(struct pub_doc *d, const char *caption, size_t n,
    const char *const *heads, const int *numeric);
void pub_doc_table_row(struct pub_doc *d, size_t n, const char *const *cells,
    const int *numeric);
void pub_doc_table_close(struct pub_doc *d);
void pub_doc_quote(struct pub_doc *d, const char *s, const char *who);
void pub_doc_reply(struct pub_doc *d, const char *md);
void pub_doc_chart(struct pub_doc *d, struct gd_buf *svg);
const char *pub_doc_chart_id(struct pub_doc *d, char *dst, size_t n);

/* ---- pub_replies.c: the government's replies ---- */

json_t *pub_replies_load(const char *path, struct gd_error *err);
json_t *pub_reply_for(json_t *replies, const char *section, const char *id);

/* ---- pub_table.c: the tables ---- */

int pub_tables_build(struct gd_pub *p, struct gd_error *err);
int pub_table_by_name(const char *name, enum pub_table *t);
int pub_csv_line(struct gd_buf *b, json_t *row, size_t n);

/*
 * Calls fn with each row of table t, in the order of its CSV file: a
 * JSON array of the table's ncols cells (JSON null for no value), which
 * fn does not keep.  Counts each column's cells with no value and with an
 * empty text (missing, empty) as it goes.  Returns 0, or -1 with err
 * filled (by fn, or out of memory, or the responses kept aside).
 */
int pub_table_rows(struct gd_pub *p, enum pub_table t,
    int (*fn)(void *ctx, json_t *row, struct gd_error *err), void *ctx,
    struct gd_error *err);
int pub_table_csv(struct gd_pub *p, enum pub_table t, struct gd_out *out,
    struct gd_error *err);

/* ---- pub_json.c: NDJSON and JSON ---- */

int pub_write_json(struct gd_out *out, json_t *v, size_t flags,
    struct gd_error *err);
json_t *pub_provenance(struct gd_pub *p);
int pub_ndjson(struct gd_pub *p, struct gd_out *out, struct gd_error *err);
int pub_json(struct gd_pub *p, struct gd_out *out, struct gd_error *err);

/* ---- pub_compare.c: the report's comparisons ---- */

/*
 * The section "Where public employees and citizens differ" (one per pair
 * of groups compared), from p->compare; qtitle names a question.
 */
void pub_compare_section(struct pub_doc *d, struct gd_pub *p,
    void (*qtitle)(struct gd_pub *, const char *, char *, size_t));

/* Whether rec has the members of a "compare" record the report reads,
 * of their types: 1 or 0. */
int pub_compare_valid(json_t *rec);

/* The gap line of question field, under its table (nothing without a
 * comparison of it). */
void pub_compare_gap(struct pub_doc *d, struct gd_pub *p, const char *field);

/* ---- pub_report.c: the report ---- */

int pub_report(struct gd_pub *p, int html, struct gd_out *out,
    struct gd_error *err);

/*
 * pub_read.c, pub_package.c and pub_write.c have only public functions
 * (gd/publish.h).
 */

#endif
