/*
 * pub_doc.c - the document writer of the reports: one small interface
 * (headings, paragraphs, tables, lists, quotes, replies, charts, the
 * page around them) that writes Markdown or one self-contained HTML
 * page, so that both formats have the same structure.  Every text given
 * is escaped for the format here (escape.c); markup is only ever written
 * here.  pub_report.c says what the report says; this file, how.
 *
 * Output is kept in a buffer until pub_doc_flush(); a write that runs
 * out of memory marks the document (oom) and the flush fails.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "gd/escape.h"
#include "gd/i18n.h"
#include "pub_int.h"
#include "gd/banned.h"

#define QUOTE_MAX_CHARS 1200	/* a longer quote is cut, with an ellipsis */

void
pub_doc_init(struct pub_doc *d, int html, struct gd_out *out,
    struct gd_error *err)
{
	memset(d, 0, sizeof(*d));
	d->html = html;
	d->out = out;
	d->err = err;
	gd_buf_init(&d->b, 0);
	gd_buf_init(&d->tmp, 0);
}

void
pub_doc_release(struct pub_doc *d)
{
	gd_buf_release(&d->b);
	gd_buf_release(&d->tmp);
}

/* Whether the format shows charts: HTML does, Markdown does not. */
int
pub_doc_charts(const struct pub_doc *d)
{
	return d->html;
}

static void
put(struct pub_doc *d, const char *s)
{
	if (gd_buf_adds(&d->b, s) == -1)
		d->oom = 1;
}

static void
putf(struct pub_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct pub_doc *d, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		d->oom = 1;
	else
		put(d, tmp);
}

/*
 * Text: escaped for the format, line feeds as spaces.  pub_doc_inline is
 * for text that follows other text on its line (a table cell, a heading,
 * the rest of a paragraph).
 */
static void
esc(struct pub_doc *d, const char *s, int line_start)
{
	size_t n = s ? strlen(s) : 0;

	if ((d->html ? gd_esc_html(&d->b, s, n) :
	    gd_esc_md(&d->b, s, n, " ", line_start)) == -1)
		d->oom = 1;
}

void
pub_doc_text(struct pub_doc *d, const char *s)
{
	esc(d, s, 1);
}

void
pub_doc_inline(struct pub_doc *d, const char *s)
{
	esc(d, s, 0);
}

int
pub_doc_flush(struct pub_doc *d)
{
	if (d->oom)
		return pub_oom(d->err);
	if (d->b.len && gd_out_write(d->out, d->b.data, d->b.len, d->err) == -1)
		return -1;
	gd_buf_reset(&d->b);
	return 0;
}

/* An HTML id made of a field or theme name: letters, digits, - and _. */
void
pub_doc_anchor(char *dst, size_t n, const char *prefix, const char *s)
{
	size_t i = 0;

	i = (size_t)snprintf(dst, n, "%s", prefix);
	for (; *s && i + 1 < n; s++)
		dst[i++] = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' ? *s : '_';
	dst[i < n ? i : n - 1] = '\0';
}

/* A heading of level 1 to 6; id: the HTML id to link to, or NULL. */
void
pub_doc_heading(struct pub_doc *d, int level, const char *id,
    const char *s)
{
	if (d->html) {
		putf(d, "<h%d", level);
		if (id)
			putf(d, " id=\"%s\"", id);
		put(d, ">");
		pub_doc_text(d, s);
		putf(d, "</h%d>\n", level);
	} else {
		putf(d, "%.*s ", level, "######");
		pub_doc_inline(d, s);
		put(d, "\n\n");
	}
}

void
pub_doc_para(struct pub_doc *d, const char *s)
{
	put(d, d->html ? "<p>" : "");
	pub_doc_text(d, s);
	put(d, d->html ? "</p>\n" : "\n\n");
}

/* A paragraph written in parts, each through pub_doc_inline. */
void
pub_doc_para_open(struct pub_doc *d)
{
	put(d, d->html ? "<p>" : "");
}

void
pub_doc_para_close(struct pub_doc *d)
{
	put(d, d->html ? "</p>\n" : "\n\n");
}

/*
 * A table of n columns: its caption (or NULL), the column heads, and
 * which columns are numbers (aligned right).  In HTML the first cell of
 * each row heads the row.
 */
void
pub_doc_table_open(struct pub_doc *d, const char *caption, size_t n,
    const char *const *heads, const int *numeric)
{
	size_t i;

	if (d->html) {
		put(d, "<table>");
		if (caption) {
			put(d, "<caption>");
			pub_doc_text(d, caption);
			put(d, "</caption>");
		}
		put(d, "<thead><tr>");
		for (i = 0; i < n; i++) {
			put(d, numeric[i] ? "<th scope=\"col\" class=\"n\">" :
			    "<th scope=\"col\">");
			pub_doc_text(d, heads[i]);
			put(d, "</th>");
		}
		put(d, "</tr></thead>\n<tbody>\n");
		return;
	}
	if (caption) {
		put(d, "**");
		pub_doc_inline(d, caption);
		put(d, "**\n\n");
	}
	put(d, "|");
	for (i = 0; i < n; i++) {
		put(d, " ");
		pub_doc_inline(d, heads[i]);
		put(d, " |");
	}
	put(d, "\n|");
	for (i = 0; i < n; i++)
		put(d, numeric[i] ? " ---: |" : " --- |");
	put(d, "\n");
}

void
pub_doc_table_row(struct pub_doc *d, size_t n, const char *const *cells,
    const int *numeric)
{
	size_t i;

	if (d->html) {
		put(d, "<tr>");
		for (i = 0; i < n; i++) {
			put(d, i == 0 ? "<th scope=\"row\">" : numeric[i] ?
			    "<td class=\"n\">" : "<td>");
			pub_doc_text(d, cells[i]);
			put(d, i == 0 ? "</th>" : "</td>");
		}
		put(d, "</tr>\n");
		return;
	}
	put(d, "|");
	for (i = 0; i < n; i++) {
		put(d, " ");
		pub_doc_inline(d, cells[i]);
		put(d, " |");
	}
	put(d, "\n");
}

void
pub_doc_table_close(struct pub_doc *d)
{
	put(d, d->html ? "</tbody></table>\n" : "\n");
}

/* A quote from a response, cut at QUOTE_MAX_CHARS, with who said it. */
void
pub_doc_quote(struct pub_doc *d, const char *s, const char *who)
{
	size_t n = strlen(s), i = 0, chars = 0, k;
	int cut;

	while (i < n && chars < QUOTE_MAX_CHARS) {
		k = gd_utf8_seq(s + i, n - i);
		i += k ? k : 1;
		chars++;
	}
	cut = i < n;
	if (d->html) {
		put(d, "<blockquote>");
		if (gd_esc_html(&d->b, s, i) == -1)
			d->oom = 1;
		put(d, cut ? "\xE2\x80\xA6</blockquote>\n" : "</blockquote>\n");
		if (who) {
			put(d, "<p class=\"who\">\xE2\x80\x94 ");
			pub_doc_text(d, who);
			put(d, "</p>\n");
		}
		return;
	}
	put(d, "> ");
	if (gd_esc_md(&d->b, s, i, "\n> ", 1) == -1)
		d->oom = 1;
	put(d, cut ? "\xE2\x80\xA6\n" : "\n");
	if (who) {
		put(d, ">\n> \xE2\x80\x94 ");
		pub_doc_inline(d, who);
		put(d, "\n");
	}
	put(d, "\n");
}

/*
 * A reply of the government: Markdown as written for a Markdown report;
 * for HTML, its paragraphs, "- " lists and "### " headings, as text.
 */
void
pub_doc_reply(struct pub_doc *d, const char *md)
{
	const char *p = md, *nl;
	size_t n;
	int in_p = 0, in_ul = 0, in_li = 0, item, indented;

	if (!d->html) {
		put(d, md);
		put(d, "\n\n");
		return;
	}
	if (d->reply_lang)
		putf(d, "<div class=\"reply\" lang=\"%s\">\n", d->reply_lang);
	else
		put(d, "<div class=\"reply\">\n");
	while (*p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		item = n >= 2 && (p[0] == '-' || p[0] == '*') && p[1] == ' ';
		indented = n > 0 && (p[0] == ' ' || p[0] == '\t');
		/* An indented line goes on with the list item above it. */
		if (in_li && indented) {
			while (n && (*p == ' ' || *p == '\t')) {
				p++;
				n--;
			}
			put(d, " ");
			if (gd_esc_html(&d->b, p, n) == -1)
				d->oom = 1;
			p = nl ? nl + 1 : p + strlen(p);
			continue;
		}
		if (in_li) {
			put(d, "</li>\n");
			in_li = 0;
		}
		if (n == 0 || item || (n >= 4 && memcmp(p, "### ", 4) == 0)) {
			if (in_p)
				put(d, "</p>\n");
			in_p = 0;
		}
		if (!item && in_ul) {
			put(d, "</ul>\n");
			in_ul = 0;
		}
		if (n == 0)
			;
		else if (n >= 4 && memcmp(p, "### ", 4) == 0) {
			put(d, "<h4>");
			if (gd_esc_html(&d->b, p + 4, n - 4) == -1)
				d->oom = 1;
			put(d, "</h4>\n");
		} else if (item) {
			put(d, in_ul ? "<li>" : "<ul>\n<li>");
			in_ul = in_li = 1;
			if (gd_esc_html(&d->b, p + 2, n - 2) == -1)
				d->oom = 1;
		} else {
			put(d, in_p ? " " : "<p>");
			in_p = 1;
			if (gd_esc_html(&d->b, p, n) == -1)
				d->oom = 1;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (in_li)
		put(d, "</li>\n");
	if (in_p)
		put(d, "</p>\n");
	if (in_ul)
		put(d, "</ul>\n");
	put(d, "</div>\n");
}

/* A chart (inline SVG, pub_svg.c) drawn into svg: HTML only. */
void
pub_doc_chart(struct pub_doc *d, struct gd_buf *svg)
{
	if (!d->html || svg->len == 0)
		return;
	put(d, "<figure>");
	put(d, svg->data);
	put(d, "</figure>\n");
}

/* The id of the next chart: chart1, chart2... */
const char *
pub_doc_chart_id(struct pub_doc *d, char *dst, size_t n)
{
	snprintf(dst, n, "chart%d", ++d->charts);
	return dst;
}

static const char css[] =
":root{--fg:#1b1b1b;--muted:#555;--rule:#ccc;--accent:#0072B2}\n"
"body{font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
"\"Helvetica Neue\",Arial,sans-serif;color:var(--fg);background:#fff;"
"margin:0}\n"
"header,main,footer{max-width:60rem;margin:0 auto;padding:0 1.25rem}\n"
"header{border-bottom:4px solid var(--accent);padding-top:2rem;"
"padding-bottom:1rem}\n"
"h1{font-size:2rem;line-height:1.2;margin:0 0 .5rem}\n"
"h2{font-size:1.5rem;margin-top:2.5rem;border-bottom:1px solid var(--rule);"
"padding-bottom:.25rem}\n"
"h3{font-size:1.2rem;margin-top:2rem}\n"
"table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}\n"
"caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
"th,td{border-bottom:1px solid var(--rule);padding:.3rem .6rem;"
"text-align:left;vertical-align:top}\n"
"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
"figure{margin:1rem 0}\n"
"figure svg{width:100%;max-width:640px;height:auto}\n"
"blockquote{margin:1rem 0 .25rem;padding:.5rem 1rem;border-left:4px solid "
"var(--rule);background:#f6f6f6;white-space:pre-line}\n"
".who{margin-top:0;color:var(--muted);font-size:.9rem}\n"
".reply{border-left:4px solid #009E73;padding:.25rem 1rem;"
"background:#f0f8f5;margin:1rem 0}\n"
".lede{font-size:1.1rem;color:var(--muted)}\n"
"footer{margin-top:3rem;padding-top:1rem;padding-bottom:2rem;"
"border-top:1px solid var(--rule);color:var(--muted);font-size:.85rem}\n"
"@media print{body{font-size:11pt}header{border-bottom-width:2px}"
"figure,table,blockquote,.reply{break-inside:avoid}h2,h3,h4{break-after:"
"avoid}.reply,blockquote{background:none}}\n";

/*
 * The page: for HTML, the head (the title, a Content-Security-Policy
 * that lets nothing run or be fetched, the style) and the header the
 * title and lede go in; nothing for Markdown.
 */
void
pub_doc_begin(struct pub_doc *d, const char *title)
{
	if (!d->html)
		return;
	/* The language of the report's own words: a checked tag. */
	putf(d, "<!DOCTYPE html>\n<html lang=\"%s\">\n", gd_i18n_lang());
	put(d, "<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"generator\" content=\"gd-publish " GD_VERSION
	    "\">\n<title>");
	pub_doc_text(d, title);
	put(d, "</title>\n<style>\n");
	put(d, css);
	put(d, "</style>\n</head>\n<body>\n<header>\n");
}

/* The paragraph under the title. */
void
pub_doc_lede(struct pub_doc *d, const char *s)
{
	if (!d->html) {
		pub_doc_para(d, s);
		return;
	}
	put(d, "<p class=\"lede\">");
	pub_doc_text(d, s);
	put(d, "</p>\n");
}

/* The end of the header: the body of the page follows. */
void
pub_doc_main(struct pub_doc *d)
{
	if (d->html)
		put(d, "</header>\n<main>\n");
}

/* The footer begins: in Markdown, after a rule. */
void
pub_doc_footer(struct pub_doc *d)
{
	put(d, d->html ? "</main>\n<footer>\n" : "---\n\n");
}

void
pub_doc_end(struct pub_doc *d)
{
	if (d->html)
		put(d, "</footer>\n</body>\n</html>\n");
}

/*
 * A numbered list; in HTML each item links to the heading whose id is
 * target (pub_doc_anchor).
 */
void
pub_doc_list_open(struct pub_doc *d)
{
	put(d, d->html ? "<ol>\n" : "");
	d->items = 0;
}

void
pub_doc_list_item(struct pub_doc *d, const char *target, const char *s)
{
	d->items++;
	if (d->html) {
		putf(d, "<li><a href=\"#%s\">", target);
		pub_doc_text(d, s);
		put(d, "</a></li>\n");
	} else {
		putf(d, "%zu. ", d->items);
		pub_doc_inline(d, s);
		put(d, "\n");
	}
}

void
pub_doc_list_close(struct pub_doc *d)
{
	put(d, d->html ? "</ol>\n" : "\n");
}
