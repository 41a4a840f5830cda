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

/*
 * Reading apart, for parsing parts of the input on several threads.
 * The text is cut into parts; each is parsed on its own as if it began
 * between records, and a part that follows one which did not end between
 * records is read again, in order, from where the last whole record
 * ended (gd_csv_part_tail).  Line numbers are counted from the line
 * given; the records, rejects and messages are those of one reader.
 */

/* gd_csv_next() at the end of a part's text that does not end the input. */
#define GD_CSV_MORE 2

/*
 * Hands the input not yet parsed over to the caller: *p, *n (valid until
 * the source is next read), the line it starts on and whether a CR ended
 * the text before it (*cr).  Returns 0, or -1 when r is inside a record
 * or cannot hand over (threaded); r then reads nothing more.
 */
int gd_csv_rest(struct gd_csv *r, const char **p, size_t *n,
    unsigned long *line, int *cr);

/*
 * A reader like `like' (delimiter, caps, field limit, source name and
 * encoding) that reads text fed to it with gd_csv_feed() rather than
 * from the source, starting between records on line `line' (cr: a CR
 * ended the text before).  NULL with err when memory runs out.
 */
struct gd_csv *gd_csv_part_reader(const struct gd_csv *like,
    unsigned long line, int cr, struct gd_error *err);

/*
 * Gives a part reader its next text (p, n: borrowed until gd_csv_next
 * returns GD_CSV_MORE or 0); last: it ends the input.  gd_csv_next()
 * returns GD_CSV_MORE at its end unless last, keeping a record that goes
 * on into the next text.
 */
void gd_csv_feed(struct gd_csv *r, const char *p, size_t n, int last);

/* 1 when r is between records (no CR waiting for its LF), else 0. */
int gd_csv_clean(const struct gd_csv *r);

/* The line r is on. */
unsigned long gd_csv_line(const struct gd_csv *r);

/* A part: its records, parsed apart from the rest. */
struct gd_csv_part;

/* A part parsed with readers like `like'.  NULL with err (memory). */
struct gd_csv_part *gd_csv_part_new(const struct gd_csv *like,
    struct gd_error *err);

/*
 * Parses p[0..n) as starting between records on line `line' (cr: a CR
 * ended the text before), keeping every record (last: the text ends the
 * input).  Safe on its own thread, one part per thread.
 */
void gd_csv_part_parse(struct gd_csv_part *pt, const char *p, size_t n,
    int last, unsigned long line, int cr);

/* The records of the part. */
size_t gd_csv_part_count(const struct gd_csv_part *pt);

/*
 * Record i, as gd_csv_next() would give it (valid until the next call or
 * parse): 1, or -2 with err for a reject; -1 when memory runs out.
 */
int gd_csv_part_rec(struct gd_csv_part *pt, size_t i, struct gd_csvrec *rec,
    struct gd_error *err);

/* 0, or -1 with err when the parse stopped at an error (after the
 * records it kept). */
int gd_csv_part_end(const struct gd_csv_part *pt, struct gd_error *err);

/* 1 when the text (not last) ended between records, else 0. */
int gd_csv_part_clean(const struct gd_csv_part *pt);

/* The line counter at the end of the text. */
unsigned long gd_csv_part_lines(const struct gd_csv_part *pt);

/* Where the last whole record ended: offset in the text, line, and
 * whether a CR ended it at the end of the text. */
void gd_csv_part_tail(const struct gd_csv_part *pt, size_t *off,
    unsigned long *line, int *cr);

/* Frees pt.  pt may be NULL. */
void gd_csv_part_free(struct gd_csv_part *pt);

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
