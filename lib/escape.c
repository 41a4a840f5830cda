/*
 * escape.c - HTML, Markdown and CSV escaping of text from responses.
 */
#include <string.h>

#include "gd/escape.h"
#include "gd/utf8.h"
#include "gd/banned.h"

static const char replacement[] = "\xEF\xBF\xBD";	/* U+FFFD */

/*
 * Appends the valid UTF-8 of s, calling one() for every ASCII byte and
 * putting U+FFFD for each invalid sequence.
 */
typedef int (*ascii_fn)(struct gd_buf *, unsigned char, const void *);

static int
walk(struct gd_buf *b, const char *s, size_t n, ascii_fn one, const void *arg)
{
	size_t i = 0, run, k;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (one(b, c, arg) == -1)
				return -1;
			i++;
			continue;
		}
		/* A run of non-ASCII text: copy what is valid UTF-8. */
		for (run = i; run < n && (unsigned char)s[run] >= 0x80; run++)
			;
		while (i < run) {
			if ((k = gd_utf8_seq(s + i, run - i)) == 0) {
				if (gd_buf_add(b, replacement, 3) == -1)
					return -1;
				i++;
				continue;
			}
			if (gd_buf_add(b, s + i, k) == -1)
				return -1;
			i += k;
		}
	}
	return 0;
}

static int
html_one(struct gd_buf *b, unsigned char c, const void *arg)
{
	switch (c) {
	case '&':
		return gd_buf_add(b, "&amp;", 5);
	case '<':
		return gd_buf_add(b, "&lt;", 4);
	case '>':
		return gd_buf_add(b, "&gt;", 4);
	case '"':
		return gd_buf_add(b, "&quot;", 6);
	case '\'':
		return gd_buf_add(b, "&#39;", 5);
	case '\t':
	case '\n':
		return gd_buf_addc(b, (char)c);
	default:
		if (c < 0x20 || c == 0x7f)
			return gd_buf_add(b, replacement, 3);
		return gd_buf_addc(b, (char)c);
	}
}

int
gd_esc_html(struct gd_buf *b, const char *s, size_t n)
{
	return walk(b, s, n, html_one, NULL);
}

/*
 * What Markdown and GFM give a meaning to anywhere in a line: code,
 * emphasis, links and images, raw HTML and autolinks, entities, table
 * cells, strikethrough.
 */
static const char md_special[] = "\\`*_[]<>&|~";
/* What they give a meaning to at the start of a line: headings, lists,
 * block quotes, setext underlines, thematic breaks. */
static const char md_line_start[] = "#-+=>";

struct md_state {
	const char *nl_as;
	int at_start;		/* in the leading spaces of a line */
	int in_digits;		/* in the digits that begin a line */
};

static int
md_one(struct gd_buf *b, unsigned char c, const void *arg)
{
	struct md_state *st = (struct md_state *)arg;
	int esc = 0;

	if (c == '\n') {
		st->at_start = 1;
		st->in_digits = 0;
		return gd_buf_adds(b, st->nl_as ? st->nl_as : "\n");
	}
	if (c == '\r')
		return 0;	/* CR LF is a line feed; a lone CR is dropped */
	if (c == '\t')
		c = ' ';
	if (c < 0x20 || c == 0x7f) {
		st->at_start = st->in_digits = 0;
		return gd_buf_add(b, replacement, 3);
	}
	if (strchr(md_special, c) != NULL)
		esc = 1;
	else if (st->at_start && strchr(md_line_start, c) != NULL)
		esc = 1;
	else if (st->in_digits && (c == '.' || c == ')'))
		esc = 1;	/* "1." or "1)" would begin a list */
	if (c >= '0' && c <= '9')
		st->in_digits = st->at_start || st->in_digits;
	else
		st->in_digits = 0;
	if (c != ' ')
		st->at_start = 0;
	if (esc && gd_buf_addc(b, '\\') == -1)
		return -1;
	return gd_buf_addc(b, (char)c);
}

int
gd_esc_md(struct gd_buf *b, const char *s, size_t n, const char *nl_as,
    int line_start)
{
	struct md_state st = { nl_as, line_start != 0, 0 };

	return walk(b, s, n, md_one, &st);
}

/* A plain JSON-style number: -?digits(.digits)?([eE][+-]?digits)? */
static int
plain_number(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i == d)
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}

int
gd_csv_is_formula(const char *s, size_t n)
{
	if (n == 0 || strchr("=+-@\t\r", s[0]) == NULL)
		return 0;
	return !plain_number(s, n);
}

int
gd_esc_csv(struct gd_buf *b, const char *s, size_t n, int neutralise)
{
	int formula = neutralise && gd_csv_is_formula(s, n);
	size_t i;

	if (n > 0 && !formula && memchr(s, ',', n) == NULL &&
	    memchr(s, '"', n) == NULL && memchr(s, '\n', n) == NULL &&
	    memchr(s, '\r', n) == NULL)
		return gd_buf_add(b, s, n);
	if (gd_buf_addc(b, '"') == -1 || (formula && gd_buf_addc(b, '\'') == -1))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '"' && gd_buf_addc(b, '"') == -1)
			return -1;
		if (gd_buf_addc(b, s[i]) == -1)
			return -1;
	}
	return gd_buf_addc(b, '"');
}
