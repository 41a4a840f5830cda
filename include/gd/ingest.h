/*
 * ingest.h - the gd-ingest engine: export files to response records.
 *
 * It reads each file (any encoding, CSV/TSV/JSON/NDJSON, or a sheet of an
 * XLSX, ODS or XLS spreadsheet: gd/sheet.h), finds the
 * header, applies the mapping, and writes one record per data row to out.
 * Rows that cannot become records go to the rejects file and are reported
 * through the callbacks; nothing is dropped without being counted.  The
 * engine prints nothing itself: messages go through struct gd_report.
 */
#ifndef GD_INGEST_H
#define GD_INGEST_H

#include <stddef.h>

#include "error.h"
#include "mapping.h"
#include "output.h"
#include "reject.h"
#include "sheet.h"

enum gd_format {
	GD_FMT_AUTO = 0,
	GD_FMT_CSV,
	GD_FMT_TSV,
	GD_FMT_JSON,
	GD_FMT_NDJSON,
	GD_FMT_XLSX,
	GD_FMT_ODS,
	GD_FMT_XLS
};

struct gd_ingest_opts {
	enum gd_format format;
	unsigned char delim;		/* CSV delimiter; 0: TAB for TSV, else
					 * found from the first lines */
	const char *encoding;		/* NULL or "auto": detect */
	const struct gd_map *map;	/* NULL: lossless */
	int header_row;			/* -1: the mapping's; 0: find it */
	int header_rows;		/* 0: the mapping's */
	int ragged;			/* keep fields past the header */
	int no_header;			/* no header: column_1, column_2... */
	const char *join;		/* a second export to join by id */
	size_t max_field, max_record;	/* 0: defaults */
	int strict;			/* a warning ends the run (status 3) */
	const char *sheet;		/* a spreadsheet's sheet, by name or
					 * 1-based number; NULL: the first */
	unsigned threads;		/* 0: a CSV file or sheet is read
					 * ahead in a second thread; 1: no
					 * thread is started; N: a CSV file
					 * is read in parts on N threads
					 * (the same records and messages) */
	size_t part_bytes;		/* with threads > 1, the bytes of a
					 * part (0: 128 KiB), for tests */
	int part_cut;			/* 0: parts end at a line end that
					 * follows an even number of quotes;
					 * 1: at any line end; 2: at any
					 * byte (tests of the fallback) */
};

/*
 * What happened, for --stats.  rows = records + rejects + header + empty:
 * every row read is accounted for.  Rows of a --join file are counted
 * apart: each joins a record, is rejected, or is counted as unmatched.
 */
struct gd_ingest_stats {
	unsigned long rows;		/* rows (or objects) read */
	unsigned long records;		/* records written */
	unsigned long rejects;
	unsigned long header;		/* header and preamble rows */
	unsigned long empty;		/* rows with no value (mapped only) */
	unsigned long join_rows;	/* data rows of the --join file */
	unsigned long join_rejects;	/* of those, rejected */
	unsigned long join_unmatched;	/* of those, joined to no record */
	unsigned long warnings;		/* warnings given (each once a file),
					 * alerts included */
	unsigned long dates_undecided;	/* dates kept as text: the column's
					 * day-month order was not found */
};

/* Where messages go; any callback may be NULL. */
struct gd_report {
	void *ctx;
	/* A rejected row: where and why. */
	void (*reject)(void *ctx, const struct gd_error *why);
	/* Something the user should know (an encoding guess, a label). */
	void (*warn)(void *ctx, const char *file, const char *msg);
	/* A warning about consent (a consent label not known, a consent
	 * column missing): it changes what may be published, so show it
	 * even where warnings are not shown.  NULL: given to warn. */
	void (*alert)(void *ctx, const char *file, const char *msg);
	/* Something worth saying that is no problem (the delimiter found). */
	void (*note)(void *ctx, const char *file, const char *msg);
	/* Progress: bytes read of the current file, rows so far. */
	void (*progress)(void *ctx, const char *file, unsigned long long bytes,
	    unsigned long rows);
};

/* Sets the defaults. */
void gd_ingest_opts_init(struct gd_ingest_opts *o);

/* Parses a format name.  Returns 0, or -1 when unknown. */
int gd_ingest_format(const char *name, enum gd_format *fmt);

/*
 * The kind of spreadsheet path is read as: the format given (-f xlsx, ods
 * or xls), else what its content says (gd_sheet_sniff), else what its
 * extension says; GD_SHEET_NONE for standard input ("-" or NULL), for
 * another format given, and for a file that is none of them.
 */
enum gd_sheet_kind gd_ingest_sheet_kind(const struct gd_ingest_opts *o,
    const char *path);

/*
 * Reads the files (NULL or "-": standard input; nfiles 0: standard input)
 * and writes records to out, rejects to rj (may be NULL).  Adds to *st.
 * Returns 0 when every file was read to its end (rejects or not), or -1
 * with err filled when the run cannot go on: a file cannot be opened or
 * read (GD_EXIT_IO), is not of its format or has no header the mapping
 * can use (GD_EXIT_UNUSABLE), or output fails (GD_EXIT_IO).
 */
int gd_ingest_run(const struct gd_ingest_opts *o, const char *const *files,
    int nfiles, struct gd_out *out, struct gd_rejects *rj,
    const struct gd_report *rep, struct gd_ingest_stats *st,
    struct gd_error *err);

#endif
