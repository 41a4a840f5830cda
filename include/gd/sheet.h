/*
 * sheet.h - spreadsheet rows (XLSX, ODS, XLS) as CSV records.
 *
 * A sheet is read as gd_csv reads CSV: one row at a time, each a list of
 * cell texts (UTF-8), so header detection, mappings and rejects work on
 * it unchanged.  XLSX and ODS are zip packages (libzip) whose XML parts
 * are parsed with expat as they are decompressed, row by row; XLS (BIFF8)
 * is read with libfreexl.  Cells become the text the spreadsheet means:
 * shared and inline strings (rich-text runs joined), numbers as stored,
 * serial dates with a date style as ISO 8601, booleans as TRUE or FALSE.
 * A row with no value is skipped, as a blank line of CSV is.
 *
 * Nothing in the file makes the reader open another file or the network:
 * a document type declaration is refused (no entity is ever expanded or
 * resolved), and only the package's own members are read.  The caps on
 * expanded size, compression ratio, rows, columns and shared strings are
 * below; over one, the file is refused (or the row rejected) with the
 * sheet and the cell named: "export.xlsx:Sheet1!C1042: ...".
 */
#ifndef GD_SHEET_H
#define GD_SHEET_H

#include <stddef.h>

#include "csvin.h"
#include "error.h"

enum gd_sheet_kind {
	GD_SHEET_NONE = 0,
	GD_SHEET_XLSX,
	GD_SHEET_ODS,
	GD_SHEET_XLS
};

/* The caps (gd-ingest(1), SPREADSHEETS). */
#define GD_SHEET_MAX_MEMBER	(4ULL << 30)	/* bytes of one XML part */
#define GD_SHEET_MAX_RATIO	500		/* expanded / compressed */
#define GD_SHEET_RATIO_FLOOR	(1UL << 20)	/* parts smaller: no ratio */
#define GD_SHEET_MAX_STRINGS	(512UL << 20)	/* bytes of shared strings */
#define GD_SHEET_MAX_ROWS	1048576UL	/* rows of a sheet */
#define GD_SHEET_MAX_COLS	16384UL		/* columns (A..XFD) */
#define GD_SHEET_MAX_REPEAT	10000UL		/* ODS: a row with values */
#define GD_SHEET_MAX_META	(64UL << 20)	/* workbook, styles, rels */
#define GD_SHEET_MAX_XLS	(512UL << 20)	/* bytes of an XLS file */

struct gd_sheet_opts {
	const char *sheet;	/* name or 1-based number; NULL: the first */
	size_t max_field;	/* bytes of a cell; 0: GD_CSV_MAX_FIELD_DEFAULT */
	size_t max_row;		/* bytes of a row; 0: GD_CSV_MAX_ROW_DEFAULT */
};

struct gd_sheet;

/*
 * What the file at path is, from its content: a zip package whose content
 * types name a SpreadsheetML workbook (XLSX), a zip package whose
 * mimetype member is an OpenDocument spreadsheet (ODS), an OLE compound
 * file (XLS); GD_SHEET_NONE for anything else (a file that cannot be
 * opened included: its reader says why).
 */
enum gd_sheet_kind gd_sheet_sniff(const char *path);

/* The kind a file name's extension says (.xlsx .xlsm .ods .xls), or
 * GD_SHEET_NONE. */
enum gd_sheet_kind gd_sheet_kind_of_name(const char *path);

/*
 * Opens the sheet o->sheet of the file at path (which must be a file, not
 * standard input: a package is read by its directory) as kind.  Returns
 * the reader, or NULL with err: GD_EXIT_IO when the file cannot be
 * opened or memory runs out, GD_EXIT_UNUSABLE when it is not of its kind,
 * damaged, over a cap, has a document type declaration, or has no such
 * sheet, GD_EXIT_USAGE for a --sheet it does not have.
 */
struct gd_sheet *gd_sheet_open(const char *path, enum gd_sheet_kind kind,
    const struct gd_sheet_opts *o, struct gd_error *err);

/*
 * The next row with a value into *rec (texts owned by the reader, valid
 * until the next call; rec->line is the sheet's row number, raw is
 * NULL).  Returns 1 with a row, 0 at the end of the sheet, -2 when the
 * row is rejected (err names the sheet and the cell, GD_EXIT_REJECTS; the
 * caller may go on), -1 when the file cannot be read on (err filled).
 */
int gd_sheet_next(struct gd_sheet *s, struct gd_csvrec *rec,
    struct gd_error *err);

/*
 * Header mode: while on, a merged cell's value is repeated in every cell
 * of the merge (a group heading over its columns); off, only its first
 * cell has it, as a CSV export writes it.  Off at first.
 */
void gd_sheet_header_mode(struct gd_sheet *s, int on);

/*
 * From now on, rows are max cells wide (0: as wide as their last value):
 * shorter rows are padded with empty values, and a row with a value past
 * max is rejected.
 */
void gd_sheet_limit_fields(struct gd_sheet *s, size_t max);

/*
 * From now on, read and parse ahead in a second thread (the rows, their
 * order and their rejects stay the same).  Header mode must be off, and
 * stay off.  Returns 0 (also when no thread could be started: reading
 * then goes on in this one), or -1 with err when memory runs out.
 */
int gd_sheet_ahead(struct gd_sheet *s, struct gd_error *err);

/* The name of the sheet being read. */
const char *gd_sheet_name(const struct gd_sheet *s);

/* Bytes of the sheet read so far (decompressed), for --progress. */
unsigned long long gd_sheet_offset(const struct gd_sheet *s);

/* Frees s.  s may be NULL. */
void gd_sheet_free(struct gd_sheet *s);

/*
 * Calls fn with the name of each sheet of the file, in order.  Returns 0,
 * or -1 with err as gd_sheet_open, or when fn returns -1 (fn fills err).
 */
int gd_sheet_list(const char *path, enum gd_sheet_kind kind,
    int (*fn)(void *ctx, const char *name, struct gd_error *err), void *ctx,
    struct gd_error *err);

/*
 * A cell reference: column col (1-based) and row as "C1042" into buf.
 * Returns buf.
 */
char *gd_sheet_ref(unsigned long col, unsigned long row, char *buf,
    size_t size);

/*
 * The ISO 8601 text of a spreadsheet serial date v in the 1900 (Excel's,
 * with its 29 February 1900) or 1904 date system: what = 1 a date, 2 a
 * time, 3 both.  Returns the length written to buf (at least 20 bytes),
 * or 0 when v is no date (negative, past 9999, or the 29 February 1900
 * that never was): the caller keeps the number as written.
 */
size_t gd_sheet_date(double v, int date1904, int what, char *buf,
    size_t size);

/*
 * Whether a number format code (Excel's, "dd/mm/yyyy", "[h]:mm") shows a
 * date (1), a time (2), both (3), or neither (0).  Built-in formats are
 * gd_sheet_builtin_date().
 */
int gd_sheet_format_date(const char *code);
int gd_sheet_builtin_date(unsigned id);

#endif
