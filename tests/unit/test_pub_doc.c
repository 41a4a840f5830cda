/*
 * test_pub_doc.c - the reports' document writer (lib/pub_doc.c): hostile
 * ids, headings, table cells, quotes and replies escaped for Markdown
 * and for HTML; the tables, lists and page it writes; a flush that
 * fails when memory ran out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gd/gd.h"
#include "../../lib/pub_int.h"
#include "t.h"

#define HOSTILE "<script>alert(1)</script> *x* [l](javascript:y) | a & b"

/* What the document holds so far, as a string; the buffer is emptied. */
static const char *
got(struct pub_doc *d)
{
	static char *s;

	free(s);
	s = strndup(d->b.data ? d->b.data : "", d->b.len);
	gd_buf_reset(&d->b);
	return s ? s : "";
}

TEST(pub_doc_heading_escaped)
{
	struct pub_doc d;

	pub_doc_init(&d, 0, NULL, NULL);
	pub_doc_heading(&d, 2, "we-asked", "# Not <b>a</b> heading");
	T_EQ_STR(got(&d), "## # Not \\<b\\>a\\</b\\> heading\n\n");
	pub_doc_heading(&d, 3, NULL, HOSTILE);
	T_EQ_STR(got(&d), "### \\<script\\>alert(1)\\</script\\> \\*x\\* "
	    "\\[l\\](javascript:y) \\| a \\& b\n\n");
	pub_doc_release(&d);

	pub_doc_init(&d, 1, NULL, NULL);
	pub_doc_heading(&d, 2, "we-asked", HOSTILE);
	T_EQ_STR(got(&d), "<h2 id=\"we-asked\">&lt;script&gt;alert(1)&lt;"
	    "/script&gt; *x* [l](javascript:y) | a &amp; b</h2>\n");
	pub_doc_heading(&d, 4, NULL, "\"quoted\" 'too'");
	T_EQ_STR(got(&d), "<h4>&quot;quoted&quot; &#39;too&#39;</h4>\n");
	pub_doc_release(&d);
}

TEST(pub_doc_anchor_hostile_ids)
{
	char id[64], small[8];

	/* An id made of a question's id: nothing but [A-Za-z0-9_-]. */
	pub_doc_anchor(id, sizeof(id), "q-", "q1\"><script>x</script>");
	T_EQ_STR(id, "q-q1___script_x__script_");
	pub_doc_anchor(id, sizeof(id), "q-", "a b.c/d\xC3\xA9-E_9");
	T_EQ_STR(id, "q-a_b_c_d__-E_9");
	/* Cut to the room given, always terminated. */
	pub_doc_anchor(small, sizeof(small), "q-", "abcdefghij");
	T_EQ_STR(small, "q-abcde");
	pub_doc_anchor(id, sizeof(id), "q-", "");
	T_EQ_STR(id, "q-");
}

TEST(pub_doc_para_line_start)
{
	struct pub_doc d;

	pub_doc_init(&d, 0, NULL, NULL);
	/* A paragraph begins a line: no list, quote or heading. */
	pub_doc_para(&d, "1. one\n- two\n> three");
	T_EQ_STR(got(&d), "1\\. one \\- two \\> three\n\n");
	pub_doc_para_open(&d);
	pub_doc_inline(&d, "12 responses: ");
	pub_doc_inline(&d, "a *b*");
	pub_doc_para_close(&d);
	T_EQ_STR(got(&d), "12 responses: a \\*b\\*\n\n");
	pub_doc_lede(&d, "# lede");
	T_EQ_STR(got(&d), "\\# lede\n\n");
	pub_doc_release(&d);

	pub_doc_init(&d, 1, NULL, NULL);
	pub_doc_para(&d, "a <i>b</i>\nc");
	T_EQ_STR(got(&d), "<p>a &lt;i&gt;b&lt;/i&gt;\nc</p>\n");
	pub_doc_lede(&d, "x & y");
	T_EQ_STR(got(&d), "<p class=\"lede\">x &amp; y</p>\n");
	pub_doc_release(&d);
}

TEST(pub_doc_table_markdown)
{
	struct pub_doc d;
	const char *heads[] = { "Answer | or not", "Responses" };
	const int num[] = { 0, 1 };
	const char *row1[] = { "Yes\nand no", "12" };
	const char *row2[] = { "# not a heading", "withheld" };

	pub_doc_init(&d, 0, NULL, NULL);
	pub_doc_table_open(&d, "Caption *bold*", 2, heads, num);
	pub_doc_table_row(&d, 2, row1, num);
	pub_doc_table_row(&d, 2, row2, num);
	pub_doc_table_close(&d);
	T_EQ_STR(got(&d),
	    "**Caption \\*bold\\***\n\n"
	    "| Answer \\| or not | Responses |\n"
	    "| --- | ---: |\n"
	    "| Yes and no | 12 |\n"
	    "| # not a heading | withheld |\n"
	    "\n");
	/* No caption. */
	pub_doc_table_open(&d, NULL, 1, heads + 1, num + 1);
	pub_doc_table_close(&d);
	T_EQ_STR(got(&d), "| Responses |\n| ---: |\n\n");
	pub_doc_release(&d);
}

TEST(pub_doc_table_html)
{
	struct pub_doc d;
	const char *heads[] = { "Type", "n<" };
	const int num[] = { 0, 1 };
	const char *row[] = { "<b>Citizens</b>", "7 & 8" };

	pub_doc_init(&d, 1, NULL, NULL);
	pub_doc_table_open(&d, "By \"type\"", 2, heads, num);
	pub_doc_table_row(&d, 2, row, num);
	pub_doc_table_close(&d);
	T_EQ_STR(got(&d),
	    "<table><caption>By &quot;type&quot;</caption><thead><tr>"
	    "<th scope=\"col\">Type</th>"
	    "<th scope=\"col\" class=\"n\">n&lt;</th></tr></thead>\n<tbody>\n"
	    "<tr><th scope=\"row\">&lt;b&gt;Citizens&lt;/b&gt;</th>"
	    "<td class=\"n\">7 &amp; 8</td></tr>\n"
	    "</tbody></table>\n");
	pub_doc_release(&d);
}

TEST(pub_doc_quote_cut_and_escaped)
{
	struct pub_doc d;
	char *long_text;

	pub_doc_init(&d, 0, NULL, NULL);
	pub_doc_quote(&d, "first <b>\n# second", "Name *x*, c1");
	T_EQ_STR(got(&d), "> first \\<b\\>\n> \\# second\n>\n"
	    "> \xE2\x80\x94 Name \\*x\\*, c1\n\n");
	pub_doc_release(&d);

	pub_doc_init(&d, 1, NULL, NULL);
	pub_doc_quote(&d, "a<b", NULL);
	T_EQ_STR(got(&d), "<blockquote>a&lt;b</blockquote>\n");
	/* 1200 characters at most (here two bytes each), then an ellipsis. */
	long_text = malloc(2 * 1300 + 1);
	T_OK(long_text != NULL);
	if (long_text) {
		const char *s;
		size_t i;

		for (i = 0; i < 1300; i++)
			memcpy(long_text + 2 * i, "\xC3\xA9", 2);
		long_text[2 * 1300] = '\0';
		pub_doc_quote(&d, long_text, "who");
		s = got(&d);
		T_EQ_INT(strlen(s), strlen("<blockquote>") + 2 * 1200 +
		    strlen("\xE2\x80\xA6</blockquote>\n") +
		    strlen("<p class=\"who\">\xE2\x80\x94 who</p>\n"));
		T_OK(strstr(s, "\xC3\xA9\xE2\x80\xA6</blockquote>") != NULL);
		free(long_text);
	}
	pub_doc_release(&d);
}

TEST(pub_doc_reply_rendered)
{
	struct pub_doc d;
	const char *md = "Thank you <all>.\r\nSecond line.\n\n"
	    "- one & two\n* three\n### Next <step>\nend";

	/* Markdown: the publisher's own text, as written. */
	pub_doc_init(&d, 0, NULL, NULL);
	pub_doc_reply(&d, "We *will* act.");
	T_EQ_STR(got(&d), "We *will* act.\n\n");
	pub_doc_release(&d);

	/* HTML: paragraphs, lists and headings, all as escaped text. */
	pub_doc_init(&d, 1, NULL, NULL);
	pub_doc_reply(&d, md);
	T_EQ_STR(got(&d), "<div class=\"reply\">\n"
	    "<p>Thank you &lt;all&gt;. Second line.</p>\n"
	    "<ul>\n<li>one &amp; two</li>\n<li>three</li>\n"
	    "</ul>\n<h4>Next &lt;step&gt;</h4>\n"
	    "<p>end</p>\n</div>\n");
	pub_doc_release(&d);
}

TEST(pub_doc_list_and_page)
{
	struct pub_doc d;
	const char *s;

	pub_doc_init(&d, 0, NULL, NULL);
	pub_doc_begin(&d, "T");
	pub_doc_main(&d);
	pub_doc_list_open(&d);
	pub_doc_list_item(&d, "q-q1", "Q1: *yes*?");
	pub_doc_list_item(&d, "q-q2", "Q2");
	pub_doc_list_close(&d);
	pub_doc_footer(&d);
	pub_doc_end(&d);
	T_EQ_STR(got(&d), "1. Q1: \\*yes\\*?\n2. Q2\n\n---\n\n");
	pub_doc_release(&d);

	pub_doc_init(&d, 1, NULL, NULL);
	pub_doc_list_open(&d);
	pub_doc_list_item(&d, "q-q1", "Q1 <b>");
	pub_doc_list_close(&d);
	T_EQ_STR(got(&d), "<ol>\n<li><a href=\"#q-q1\">Q1 &lt;b&gt;</a></li>\n"
	    "</ol>\n");
	pub_doc_begin(&d, "</title><script>x</script>");
	s = got(&d);
	T_OK(strncmp(s, "<!DOCTYPE html>\n", 16) == 0);
	T_OK(strstr(s, "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'unsafe-inline'\">") !=
	    NULL);
	T_OK(strstr(s, "<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"
	    "</title>") != NULL);
	T_OK(strstr(s, "<script") == NULL);
	T_OK(strlen(s) > 24 && strcmp(s + strlen(s) - 24,
	    "</head>\n<body>\n<header>\n") == 0);
	pub_doc_main(&d);
	pub_doc_footer(&d);
	pub_doc_end(&d);
	T_EQ_STR(got(&d), "</header>\n<main>\n</main>\n<footer>\n"
	    "</footer>\n</body>\n</html>\n");
	pub_doc_release(&d);
}

TEST(pub_doc_charts_html_only)
{
	struct pub_doc d;
	struct gd_buf svg;
	char id[16];

	gd_buf_init(&svg, 0);
	T_OK(gd_buf_adds(&svg, "<svg role=\"img\"></svg>") == 0);
	pub_doc_init(&d, 0, NULL, NULL);
	T_OK(!pub_doc_charts(&d));
	pub_doc_chart(&d, &svg);
	T_EQ_STR(got(&d), "");
	pub_doc_release(&d);

	pub_doc_init(&d, 1, NULL, NULL);
	T_OK(pub_doc_charts(&d));
	T_EQ_STR(pub_doc_chart_id(&d, id, sizeof(id)), "chart1");
	T_EQ_STR(pub_doc_chart_id(&d, id, sizeof(id)), "chart2");
	pub_doc_chart(&d, &svg);
	T_EQ_STR(got(&d), "<figure><svg role=\"img\"></svg></figure>\n");
	pub_doc_release(&d);
	gd_buf_release(&svg);
}

TEST(pub_doc_flush_writes_and_fails_closed)
{
	struct pub_doc d;
	struct gd_error err;
	struct gd_out *o;
	char path[64], buf[64];
	FILE *f;
	size_t n;
	int fd;

	snprintf(path, sizeof(path), "/tmp/gd-test-doc-XXXXXX");
	if ((fd = mkstemp(path)) == -1) {
		T_OK(fd != -1);
		return;
	}
	close(fd);
	gd_error_clear(&err);
	o = gd_out_open(path, &err);
	T_OK(o != NULL);
	if (o == NULL)
		return;
	pub_doc_init(&d, 0, o, &err);
	pub_doc_para(&d, "one");
	T_EQ_INT(pub_doc_flush(&d), 0);
	T_EQ_INT(d.b.len, 0);
	/* A write that ran out of memory: the flush fails, with an error. */
	d.oom = 1;
	pub_doc_para(&d, "two");
	T_EQ_INT(pub_doc_flush(&d), -1);
	T_EQ_INT(err.code, GD_EXIT_IO);
	pub_doc_release(&d);
	T_EQ_INT(gd_out_close(o, 1, &err), 0);
	f = fopen(path, "rb");
	T_OK(f != NULL);
	if (f) {
		n = fread(buf, 1, sizeof(buf), f);
		T_EQ_MEM(buf, n, "one\n\n");
		fclose(f);
	}
	unlink(path);
}
