/*
 * lines.h - newline-delimited input with a hard line-size cap.
 *
 * The reader of gd record streams (and of NDJSON exports).  Lines end in
 * "\n"; a "\r" before it is dropped.  A line longer than the cap is not
 * kept in memory: the reader skips to its end and reports it, so one
 * oversized line costs a reject, not the run.
 */
#ifndef GD_LINES_H
#define GD_LINES_H

#include <stddef.h>

#include "error.h"
#include "source.h"

#define GD_LINE_MAX_DEFAULT (16UL << 20)	/* 16 MiB */

struct gd_lines;

/* Reads lines from src (borrowed), each at most max bytes (0: default). */
struct gd_lines *gd_lines_new(struct gd_source *src, size_t max);

/*
 * Reads the next line (without its line end) into *p, *n; the text is
 * not NUL-terminated and is valid until the next call.  Returns 1 with a line,
 * 0 at the end of input, -2 when the line was over the cap (err filled
 * with file and line, GD_EXIT_REJECTS; *p, *n hold its first bytes), -1 on
 * a read error (GD_EXIT_IO).
 */
int gd_lines_next(struct gd_lines *r, const char **p, size_t *n,
    struct gd_error *err);

/* 1 when the line last returned (-2) holds only the first bytes. */
int gd_lines_cut(const struct gd_lines *r);

/* The 1-based number of the line last returned. */
unsigned long gd_lines_lineno(const struct gd_lines *r);

/* Frees r (not its source).  r may be NULL. */
void gd_lines_free(struct gd_lines *r);

#endif
