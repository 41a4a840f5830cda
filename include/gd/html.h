/*
 * html.h - the text of an HTML fragment, as a comment body written in a
 * rich-text editor is (CONSUL's proposal descriptions), with libxml2's
 * HTML parser.
 */
#ifndef GD_HTML_H
#define GD_HTML_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends the plain text of the HTML fragment s (n bytes of UTF-8) to
 * out: entities decoded; runs of white space one space, except inside
 * <pre>; paragraphs, headings, lists, tables, block quotes and the like
 * apart by a blank line, list items, table rows and <br> on lines of
 * their own; scripts, styles, comments and the document's head left out;
 * white space at both ends dropped.  Text without a '<' or a '&' is not
 * HTML and is appended as it is.  Returns 0, or -1 when memory runs out
 * (errno ENOMEM) or out's cap is reached (ENOBUFS), as gd_buf reports
 * it (buf.h): the caller converts.  The parser prints nothing.
 */
int gd_html_text(const char *s, size_t n, struct gd_buf *out);

#endif
