/*
 * publish.h - a publication of a gd stream: the responses and what was
 * counted, as CSV, NDJSON, JSON, a Markdown or HTML report, or a
 * Frictionless data package; with the government's replies.
 *
 * A publication is all or nothing.  gd_pub_add() takes the stream one
 * record at a time: response records are checked (redacted for
 * publication), stripped of their source, and kept aside in a temporary
 * file; what gd-tally counted is kept in memory (it is small).  Nothing
 * is written until the whole stream has been read, so an unreadable line
 * stops the run before any output exists.
 */
#ifndef GD_PUBLISH_H
#define GD_PUBLISH_H

#include <stddef.h>

#include "error.h"
#include "output.h"

enum gd_pub_format {
	GD_PUB_CSV,
	GD_PUB_NDJSON,
	GD_PUB_JSON,
	GD_PUB_MD,
	GD_PUB_HTML,
	GD_PUB_DATAPACKAGE
};

/* Responses quoted in a report: by default, and at most. */
#define GD_PUB_QUOTES_DEFAULT 6
#define GD_PUB_QUOTES_MAX 50

struct gd_pub_opts {
	int allow_unredacted;	/* take responses and aggregates not redacted
				 * for publication */
	int allow_empty;	/* publish a stream with no response counted */
	int bom;		/* CSV: begin with a UTF-8 byte-order mark */
	const char *what;	/* CSV: the table ("responses", "tallies"...) */
	const char *replies;	/* the government's replies (Markdown or JSON) */
	const char *title;	/* the report's title, over the replies' */
	unsigned long quotes;	/* reports: responses quoted */
	const char *timestamp;	/* generation time to record, or NULL */
	const char *sql;	/* data package: "postgres", "sqlite" or NULL */
	const char *license;	/* data package: a licence's id (gd_pub_license) */
	const char *package_id;	/* data package: its id, over the one made */
};

/* An open licence a data package may be published under (--license). */
struct gd_pub_license {
	const char *id;		/* the Open Definition id ("CC-BY-4.0") */
	const char *alias;	/* another id it goes by (SPDX's), or NULL */
	const char *title;
	const char *path;	/* the licence's own address */
};

/*
 * The licence named id (its id or alias, in any case), or NULL when it
 * is not one gd knows.  gd_pub_licenses() lists them all: n entries.
 */
const struct gd_pub_license *gd_pub_license(const char *id);
const struct gd_pub_license *gd_pub_licenses(size_t *n);

struct gd_pub;

/* Returns a new publication, or NULL with err filled. */
struct gd_pub *gd_pub_new(const struct gd_pub_opts *o, struct gd_error *err);

/*
 * Takes one line of the stream (without its line feed).  Returns 0, or -1
 * with err filled: GD_EXIT_REJECTS for a line that is not a gd record,
 * GD_EXIT_UNUSABLE for a response, or a record of gd-tally, not redacted
 * (computed from records redacted) for publication (unless
 * allow_unredacted), GD_EXIT_IO when the temporary file fails.  The
 * caller adds the file and line to err.
 *
 * Whatever the markers say, a response whose consent is withheld is
 * never kept (gd_pub_guarded counts them), and no respondent's e-mail or
 * platform id,
 * nor the name of one who did not consent to it ("named"), is kept.
 * Count-only records ("unpublished") are counted, never written.
 */
int gd_pub_add(struct gd_pub *p, const char *line, size_t n,
    struct gd_error *err);

/*
 * Ends the input: reads the replies file, orders the columns.  Returns 0,
 * or -1 with err filled: GD_EXIT_UNUSABLE when no response was counted
 * (no summary and no response, or a summary of none: a step before may
 * have failed) unless allow_empty.
 */
int gd_pub_finish(struct gd_pub *p, struct gd_error *err);

/*
 * The language the replies say they are in ("language", or "lang:" in
 * a Markdown file's front matter), a checked language tag, or NULL.  The
 * report's own words are in the language gd_i18n_set() chose
 * (include/gd/i18n.h); the replies, when in another, are marked so.
 */
const char *gd_pub_language(const struct gd_pub *p);

/* Writes a single-file format to out.  Returns 0, or -1 with err. */
int gd_pub_write(struct gd_pub *p, enum gd_pub_format f, struct gd_out *out,
    struct gd_error *err);

/*
 * Writes a data package into the directory dir, atomically: it is built
 * beside dir and put in its place (the previous one, which must be a data
 * package or empty, is replaced whole) only when complete.
 */
int gd_pub_write_package(struct gd_pub *p, const char *dir,
    struct gd_error *err);

/* Counts for --stats: responses, other records used, records left out. */
void gd_pub_counts(const struct gd_pub *p, unsigned long *responses,
    unsigned long *aggregates, unsigned long *skipped);

/*
 * Responses whose consent is "withheld" that the stream carried as
 * responses (a step before did not keep the publication rule): left out,
 * never written, whatever their "privacy" said.
 */
unsigned long gd_pub_guarded(const struct gd_pub *p);

/* The count-only records read ("unpublished", plus gd_pub_guarded):
 * responses counted by gd-tally, never written. */
unsigned long gd_pub_unpublished(const struct gd_pub *p);

/* The kinds of records left out and how many, as "audit 3, reject 1". */
const char *gd_pub_skipped(const struct gd_pub *p);

/* Frees p.  p may be NULL. */
void gd_pub_free(struct gd_pub *p);

/* Parses a format name; returns 0, or -1 when unknown. */
int gd_pub_format(const char *name, enum gd_pub_format *f);

#endif
