/*
 * escape.c - the escapers of gd-publish (escape.c) and its SVG charts
 * (pub_svg.c) on any bytes.  The first byte chooses the escaper and its
 * options; the rest is the text.  Each output is checked: valid UTF-8,
 * and nothing a reader would run: no raw < > " ' & in HTML, no special
 * Markdown character without its backslash, a CSV cell that reads back
 * as one cell and never starts a formula.
 */
#include "fuzz.h"

#include "gd/escape.h"
#include "gd/svg.h"

static void
check_html(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '<' || s[i] == '>' || s[i] == '"' || s[i] == '\'')
			abort();
		if (s[i] == '&' && !(strncmp(s + i, "&amp;", 5) == 0 ||
		    strncmp(s + i, "&lt;", 4) == 0 ||
		    strncmp(s + i, "&gt;", 4) == 0 ||
		    strncmp(s + i, "&quot;", 6) == 0 ||
		    strncmp(s + i, "&#39;", 5) == 0))
			abort();
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n')
			abort();
	}
}

/*
 * Every one of ` * _ [ ] < > & | ~ follows an odd run of backslashes,
 * but the "> " that begins a quoted line (the line feed's replacement).
 */
static void
check_md(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (strchr("`*_[]<>&|~", s[i]) == NULL || s[i] == '\0')
			continue;
		if (s[i] == '>' && i > 0 && s[i - 1] == '\n')
			continue;
		for (k = 0; k < i && s[i - 1 - k] == '\\'; k++)
			;
		if (k % 2 == 0)
			abort();
	}
}

static void
check_csv(const char *s, size_t n, int neutralise)
{
	size_t i;

	if (n > 0 && s[0] == '"') {
		if (n < 2 || s[n - 1] != '"')
			abort();
		for (i = 1; i < n - 1; i++)
			if (s[i] == '"' && s[++i] != '"')
				abort();	/* a lone quote ends the cell early */
		if (neutralise && n > 2 && strchr("=+-@\t\r", s[1]) &&
		    gd_csv_is_formula(s + 1, n - 2))
			abort();
		return;
	}
	if (memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
	    memchr(s, '\r', n))
		abort();
	if (neutralise && gd_csv_is_formula(s, n))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gd_buf b;
	const char *s;
	size_t n;
	unsigned mode;

	if (size == 0)
		return 0;
	mode = data[0];
	s = (const char *)data + 1;
	n = size - 1;
	gd_buf_init(&b, 0);
	switch (mode % 5) {
	case 0:
		if (gd_esc_html(&b, s, n) == -1)
			abort();
		check_html(b.data ? b.data : "", b.len);
		break;
	case 1:
		if (gd_esc_md(&b, s, n, mode & 8 ? "\n> " : " ", mode & 16) ==
		    -1)
			abort();
		check_md(b.data ? b.data : "", b.len);
		break;
	case 2:
		if (gd_esc_csv(&b, s, n, mode & 8) == -1)
			abort();
		check_csv(b.data ? b.data : "", b.len, mode & 8);
		break;
	case 3: {
		/* Bar charts: the text cut into labels at NUL bytes. */
		const char *labels[4], *texts[4];
		double vals[4] = { 1, 0, GD_SVG_WITHHELD, 1e9 };
		char *copy = malloc(n + 1);
		size_t k = 0, i, start = 0;

		if (copy == NULL)
			break;
		memcpy(copy, s, n);
		copy[n] = '\0';
		for (i = 0; i <= n && k < 4; i++)
			if (i == n || copy[i] == '\0') {
				labels[k] = texts[k] = copy + start;
				k++;
				start = i + 1;
			}
		if (gd_svg_bars(&b, "f", copy, k, labels, vals, texts) == -1 ||
		    gd_svg_stacked(&b, "g", copy, k / 2, labels, texts,
		    k - k / 2, labels + k / 2, gd_svg_palette, vals) == -1)
			abort();
		if (strstr(b.data, "<script") || strstr(b.data, "<img"))
			abort();
		free(copy);
		break;
	}
	default:
		(void)gd_csv_is_formula(s, n);
		break;
	}
	if (b.len && !gd_utf8_valid(b.data, b.len) && mode % 5 != 2)
		abort();
	gd_buf_release(&b);
	return 0;
}
