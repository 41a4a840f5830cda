/*
 * csvin.h - CSV and TSV records from a source, with libcsv.
 *
 * RFC 4180 quoting: quoted fields may hold delimiters, quotes ("") and
 * line breaks, which are kept exactly (CRLF stays CRLF).  Spaces around
 * fields are kept.  Empty lines between records are skipped.  Each record
 * carries the physical line it starts on and its raw text, so a rejected
 * row can be reported and kept whole.
 */
#ifndef GD_CSVIN_H
#define GD_CSVIN_H

#include <stddef.h>

#include "error.h"
#include "source.h"

#define GD_CSV_MAX_FIELD_DEFAULT (1UL << 20)	/* 1 MiB */
#define GD_CSV_MAX_ROW_DEFAULT   (8UL << 20)	/* 8 MiB */
#define GD_CSV_RAW_KEEP          (64UL << 10)	/* raw bytes kept of a huge row */

struct gd_csv_opts {
	unsigned char delim;	/* any byte but a quote, CR or LF (0: ',') */
	size_t max_field;	/* bytes; 0: default */
	size_t max_row;		/* bytes of raw text; 0: default */
	int threaded;		/* parse in a second thread, ahead of use */
};

/* One record.  Pointers are owned by the reader, valid until its next call. */
struct gd_csvrec {
	size_t n;			/* number of fields */
	const char *const *f;		/* field texts, NUL-terminated */
	const size_t *len;		/* field lengths */
	unsigned long line;		/* first physical line */
	unsigned long recno;		/* 1-based record number */
	const char *raw;		/* raw text (possibly cut, see raw_cut);
					 * threaded, only for rejected records */
	size_t rawlen;
	int raw_cut;			/* 1: raw holds only the first bytes */
};

struct gd_csv;

/*
 * Starts reading CSV from src (borrowed; it must outlive the reader).
 * With o->threaded, a second thread reads and parses ahead in batches
 * (the caller sees the same records in the same order); src must then not
 * be read by anyone else until gd_csv_free().
 */
struct gd_csv *gd_csv_new(struct gd_source *src, const struct gd_csv_opts *o,
    struct gd_error *err);

/*
 * Reads the next record into *rec.  Returns 1 with a record; 0 at the end
 * of input; -2 when the record is rejected (rec still describes its
 * position and raw text, err says why with file, line and column, code
 * GD_EXIT_REJECTS): a field or the row is over its cap, the text is not
 * valid in the source encoding, or a quoted field is never closed; -1 on a
 * read error (err filled, GD_EXIT_IO).  After -2 the caller may go on.
 */
int gd_csv_next(struct gd_csv *r, struct gd_csvrec *rec, struct gd_error *err);

/*
 * From now on, rows with more than max fields (0: any number) are
 * rejected by the reader, with their raw text.  Call before gd_csv_ahead.
 */
void gd_csv_limit_fields(struct gd_csv *r, size_t max);

/*
 * From now on, read and parse ahead in a second thread (as o->threaded
 * does from the start): the records, their order and their rejects stay
 * the same.  Returns 0 (also when no thread could be started: reading
 * then goes on in this one), or -1 with err when memory runs out.
 */
int gd_csv_ahead(struct gd_csv *r, struct gd_error *err);

/* Frees r.  r may be NULL. */
void gd_csv_free(struct gd_csv *r);

/* The delimiters gd_csv_sniff() chooses among, in order of preference. */
#define GD_CSV_DELIMS ",;\t|"

/*
 * The delimiter of CSV text, judged from its first records (p, n: the
 * start of the input, decoded): the candidate of GD_CSV_DELIMS that splits
 * the header line into two or more fields and the most records into as
 * many, quotes respected (csvsniff.c has the rule).  Returns 0 when no
 * candidate splits any record: a one-column file, or no input.
 */
unsigned char gd_csv_sniff(const char *p, size_t n);

/*
 * The field counts of the first records of p[0..n) split at delim, quotes
 * respected, blank lines skipped, up to max of them stored in counts.  A
 * record that the text ends inside is counted only when it is the first.
 * Returns the number of counts stored.
 */
size_t gd_csv_shape(const char *p, size_t n, unsigned char delim,
    size_t *counts, size_t max);

#endif
