/*
 * escape.h - text taken from responses, made safe for the format it is
 * written in.
 *
 * Every string that comes from a record goes through one of these before
 * it reaches an HTML page, a Markdown report or a CSV cell: a response
 * that says <script> or =HYPERLINK(...) is shown as text, never run.
 * Each appends to a gd_buf and returns 0, or -1 when the buffer cannot
 * grow (out of memory, or its cap).
 */
#ifndef GD_ESCAPE_H
#define GD_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/*
 * HTML text or attribute value: & < > " ' as character references; C0
 * controls other than tab and line feed, DEL, and bytes that are not
 * UTF-8, as U+FFFD.
 */
int gd_esc_html(struct gd_buf *b, const char *s, size_t n);

/*
 * Markdown inline text (a paragraph, a table cell, a quoted line): the
 * characters Markdown and GFM give a meaning to anywhere (` * _ [ ] < > &
 * | ~ and the backslash) behind a backslash, and at the start of a line
 * (# - + = > and the . or ) after leading digits) too, so no text can
 * make a link, an image, HTML, emphasis, a table cell, a heading or a
 * list; with nl_as, each line feed (and CR LF) becomes that string (" "
 * in a table cell, "\n> " in a block quote), and a line begins after it;
 * tabs as spaces; other controls and invalid UTF-8 as U+FFFD.  With
 * line_start, s itself begins a line (a paragraph, a quote); else it
 * follows other text on its line (a table cell, a heading).
 */
int gd_esc_md(struct gd_buf *b, const char *s, size_t n, const char *nl_as,
    int line_start);

/* Whether a CSV cell would be taken by a spreadsheet as a formula. */
int gd_csv_is_formula(const char *s, size_t n);

/*
 * One RFC 4180 CSV cell: quoted when it holds a comma, a quote, CR or
 * LF, or is empty (an empty string is "" so that it differs from a
 * missing value, which is written as nothing); quotes doubled.  With
 * neutralise, a cell that a spreadsheet would run as a formula (its first
 * character =, +, -, @, tab or CR, and it is not a plain number) gets a
 * leading apostrophe, as the OWASP guidance on CSV injection says.
 */
int gd_esc_csv(struct gd_buf *b, const char *s, size_t n, int neutralise);

#endif
