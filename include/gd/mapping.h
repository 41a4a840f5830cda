/*
 * mapping.h - mapping files and presets: export columns to the canonical
 * record.
 *
 * A mapping is a JSON object (gd-ingest(1), MAPPING FILES) that says which
 * columns hold the id, date, respondent fields, respondent type and
 * consent (with label tables), which are closed answers and which free
 * text, and what to do with the rest.  Presets are mappings built into
 * the library.  A mapping is compiled into a plan against the header
 * names it meets; the plan turns each row into a gd_resp.
 */
#ifndef GD_MAPPING_H
#define GD_MAPPING_H

#include <stddef.h>

#include "error.h"
#include "record.h"
#include "row.h"

struct gd_map;
struct gd_plan;

/*
 * Parses a mapping from JSON text (n bytes); name is used in messages.
 * Returns a new mapping, or NULL with err filled (GD_EXIT_UNUSABLE, with
 * the line and the key at fault).
 */
struct gd_map *gd_map_parse(const char *text, size_t n, const char *name,
    struct gd_error *err);

/* Reads and parses a mapping file.  NULL with err (GD_EXIT_IO/UNUSABLE). */
struct gd_map *gd_map_load(const char *path, struct gd_error *err);

/* A built-in preset by name.  NULL with err (GD_EXIT_USAGE) if unknown. */
struct gd_map *gd_map_preset(const char *name, struct gd_error *err);

/* The JSON text of a preset (static), or NULL. */
const char *gd_map_preset_text(const char *name);

/* The preset names, NULL-terminated (static). */
const char *const *gd_map_preset_names(void);

/* Frees m.  m may be NULL. */
void gd_map_free(struct gd_map *m);

/*
 * Header placement: the 1-based record number of the (first) header row,
 * 0 when the mapping asks to find it ("auto": the first record, among the
 * first 100, that has every column the mapping's "id" names).
 */
int gd_map_header_row(const struct gd_map *m);
/* 1 when m is a preset (gd_map_preset). */
int gd_map_is_preset(const struct gd_map *m);
/* How many rows the header spans (1 or more). */
int gd_map_header_rows(const struct gd_map *m);
/* 1 when the names look like the header the mapping expects. */
int gd_map_header_matches(const struct gd_map *m, const struct gd_str *names,
    size_t n);

/*
 * The column of the header that holds the mapping's id, or -1 (also when
 * the mapping has no id column).
 */
long gd_map_id_column(const struct gd_map *m, const struct gd_str *names,
    size_t n);

/*
 * Overrides: send unmapped columns nowhere; keep a column read as HTML
 * ("html": true) under extra as written, too; set the consultation id.
 */
void gd_map_drop_unmapped(struct gd_map *m);
void gd_map_keep_html(struct gd_map *m);
int gd_map_set_consultation(struct gd_map *m, const char *id);

/*
 * Overrides the day-month order of the submitted column (--date-order):
 * GD_DATE_MDY or GD_DATE_DMY, or with known 0 none (found from the
 * values: see gd_plan_date_pending).
 */
void gd_map_set_date_order(struct gd_map *m, enum gd_date_order order,
    int known);

/*
 * Compiles m (borrowed; NULL: the lossless mapping, every column an
 * answer) against the header names (borrowed for the plan's life).  file
 * is the source name used for derived ids.  Returns a new plan, or NULL
 * with err filled when memory runs out.  A column the mapping names and
 * the header lacks gives no value (see gd_plan_check_id, and the warnings).
 */
struct gd_plan *gd_plan_new(const struct gd_map *m, const struct gd_str *names,
    size_t n, const char *file, struct gd_error *err);

/*
 * Gives the plan what came before the header (a preamble such as
 * regulations.gov's docket line: a row of names and a row of values):
 * a column the mapping names that the header lacks is taken from there,
 * the same for every row.  names and values are borrowed only for the
 * call.  Returns 0, or -1 when memory runs out.
 */
int gd_plan_context(struct gd_plan *p, const struct gd_str *names,
    const struct gd_str *values, size_t n);

/*
 * Fills out from row (borrowed; its fields are in header order, and row->n
 * may be smaller than the header: missing values).  out points into row
 * and the plan's scratch storage until the next call.  Returns 0; 1 when
 * the row is to be dropped (every value empty or missing, with a mapping);
 * -1 with err filled when the row cannot be a record.
 */
int gd_plan_apply(struct gd_plan *p, const struct gd_row *row,
    struct gd_resp *out, struct gd_error *err);

/*
 * Returns 0 when the mapping's id column is in the header (or the mapping
 * names none), else -1 with err (GD_EXIT_UNUSABLE): for a CSV export this
 * most likely means the wrong mapping or preset.
 */
int gd_plan_check_id(const struct gd_plan *p, struct gd_error *err);

/*
 * The questions record of gd-record(5) for this header, with a newline,
 * appended to b: for each answer and comment the mapping names by an id
 * and finds in one column, the column's header as the question's text
 * ("answers.q1": "Q1 Do the three principles cover what matters?"),
 * unless the header is the id again or a name of three words or fewer
 * ("Text Comment").  Appends nothing when no question
 * has such a text.  Returns 0, or -1 when b cannot grow.
 */
int gd_plan_questions(const struct gd_plan *p, struct gd_buf *b);

/*
 * Returns the next warning the plan has collected (each unrecognised
 * label is reported once), or NULL.  Static until the next call.
 * gd_plan_warning_consent() returns 1 when the warning last returned is
 * about consent (a consent column the header lacks): such a warning
 * changes what may be published, and is shown even where others are not.
 */
const char *gd_plan_warning(struct gd_plan *p);
int gd_plan_warning_consent(const struct gd_plan *p);

/*
 * After gd_plan_apply(): the row's consent label, as the export wrote it
 * (n bytes in *len, not NUL-terminated), when neither the mapping's
 * values nor the built-in table knew it; else NULL.  The record's consent
 * is then "unknown", or "withheld" when gd_consent_refusal() reads the
 * label as a refusal.  Such labels are not among the plan's warnings:
 * the caller counts them and says how many responses had each.  Valid
 * until the next gd_plan_apply().
 */
const char *gd_plan_consent_label(const struct gd_plan *p, size_t *len);

/*
 * The day-month order of the submitted column, when neither the mapping
 * nor gd_map_set_date_order() states it, is decided once for the column:
 * by the first value that only one order reads ("13/02/2024").  Until
 * then a value that reads as two dates ("02/01/2024") cannot be written:
 *
 * gd_plan_date_pending() says, after gd_plan_apply(), that the row's date
 * was such a value; the caller holds the record back, rendered in each
 * way that gd_plan_date_variant() sets: GD_DATE_MDY, GD_DATE_DMY, or -1
 * for undecided (no submitted, the text under extra, keyed by its
 * column).  gd_plan_date_decided() returns 1, once, when the last row
 * decided the order, with it in *order: the held records then go out in
 * that order.  At the end, or when too much is held, the caller declares
 * the column undecided with gd_plan_date_undecided(): from then on such
 * values are kept as text at once.  gd_plan_date_kept() counts those, and
 * gd_plan_date_column() names the column for the warning.
 */
int gd_plan_date_pending(const struct gd_plan *p);
int gd_plan_date_decided(struct gd_plan *p, enum gd_date_order *order);
int gd_plan_date_variant(struct gd_plan *p, struct gd_resp *out, int order);
void gd_plan_date_undecided(struct gd_plan *p);
void gd_plan_date_known(struct gd_plan *p, enum gd_date_order order);
unsigned long gd_plan_date_kept(const struct gd_plan *p);
const char *gd_plan_date_column(const struct gd_plan *p);

/*
 * The plan's names are no export header (the members of JSON objects,
 * which leave out null ones; --no-header's column_N): neither a preset's
 * fields nor a mapping file's columns that they lack are warned about.
 */
void gd_plan_quiet(struct gd_plan *p);

/*
 * The fields a preset promises (submitted, respondent.type, consent, the
 * free text) that this plan's header has a column for, as bits; and the
 * warnings, one a field, for those not in have, naming the columns
 * looked for.  A CSV plan warns by itself when its first row is applied;
 * for JSON (gd_plan_quiet) the caller gathers the bits over the file's
 * plans and warns at its end.
 */
unsigned gd_plan_promised(const struct gd_plan *p);
void gd_plan_warn_promised(struct gd_plan *p, unsigned have);

/*
 * Plans on several threads (a CSV file parsed in parts, gd/ingest.h):
 * a worker's plan applies rows as the file's own plan would, given the
 * state that one would have at that row; the file's plan keeps that
 * state, as the workers' results are taken in order.
 *
 * gd_plan_defer() makes p a worker's: it does not warn about the
 * header's columns (the file's plan does, gd_plan_first_row), and it
 * queues every label warning, not once per label, with a key that
 * gd_plan_warning_key() gives after gd_plan_warning() handed it out (NULL
 * for other warnings).  gd_plan_label_once() decides, on the file's
 * plan, whether that warning is given: 1 the first time (as p would
 * have warned by itself), else 0.  gd_plan_first_row() queues on the
 * file's plan what its first row would (the columns the header lacks).
 * gd_plan_date_state() is the day-month order's state as a small number,
 * which gd_plan_set_date_state() sets on another plan.
 */
void gd_plan_defer(struct gd_plan *p);
const char *gd_plan_warning_key(const struct gd_plan *p);
int gd_plan_label_once(struct gd_plan *p, const char *key);
void gd_plan_first_row(struct gd_plan *p);
int gd_plan_date_state(const struct gd_plan *p);
void gd_plan_set_date_state(struct gd_plan *p, int state);

/* Frees p.  p may be NULL. */
void gd_plan_free(struct gd_plan *p);

#endif
