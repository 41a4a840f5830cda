/*
 * test_escape.c - HTML, Markdown and CSV escaping of hostile text, and
 * the SVG charts' escaping of their labels.
 */
#include <string.h>

#include "gd/gd.h"
#include "gd/escape.h"
#include "gd/svg.h"
#include "t.h"

static const char *
html(const char *s, size_t n)
{
	static struct gd_buf b;

	gd_buf_release(&b);
	gd_buf_init(&b, 0);
	T_OK(gd_esc_html(&b, s, n) == 0);
	return b.data ? b.data : "";
}

static const char *
md(const char *s, const char *nl, int start)
{
	static struct gd_buf b;

	gd_buf_release(&b);
	gd_buf_init(&b, 0);
	T_OK(gd_esc_md(&b, s, strlen(s), nl, start) == 0);
	return b.data ? b.data : "";
}

static const char *
csv(const char *s, size_t n, int neutralise)
{
	static struct gd_buf b;

	gd_buf_release(&b);
	gd_buf_init(&b, 0);
	T_OK(gd_esc_csv(&b, s, n, neutralise) == 0);
	return b.data ? b.data : "";
}

TEST(esc_html_hostile)
{
	T_EQ_STR(html("<script>alert('x')</script>", 27),
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	T_EQ_STR(html("<img src=x onerror=\"a&b\">", 25),
	    "&lt;img src=x onerror=&quot;a&amp;b&quot;&gt;");
	/* Controls, DEL and bytes that are not UTF-8 become U+FFFD. */
	T_EQ_STR(html("a\x01" "b\x7f\tc\n", 7), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\tc\n");
	T_EQ_STR(html("\xC3\xA9\xFF\xC3", 4), "\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD");
	T_EQ_STR(html("a\0b", 3), "a\xEF\xBF\xBD" "b");
}

TEST(esc_md_hostile)
{
	T_EQ_STR(md("[click](javascript:alert(1))", NULL, 0),
	    "\\[click\\](javascript:alert(1))");
	T_EQ_STR(md("![i](x) <b>&amp; *e* _u_ `c` ~s~ | t", NULL, 0),
	    "!\\[i\\](x) \\<b\\>\\&amp; \\*e\\* \\_u\\_ \\`c\\` \\~s\\~ \\| t");
	/* At the start of a line only: headings, lists, quotes. */
	T_EQ_STR(md("# h", NULL, 1), "\\# h");
	T_EQ_STR(md("# h", NULL, 0), "# h");
	T_EQ_STR(md("  - a\n1. b\n12) c\n> q\n= u", "\n> ", 1),
	    "  \\- a\n> 1\\. b\n> 12\\) c\n> \\> q\n> \\= u");
	T_EQ_STR(md("version 1.2, -3", NULL, 0), "version 1.2, -3");
	T_EQ_STR(md("a\r\nb\tc", " ", 1), "a b c");
	T_EQ_STR(md("back\\slash", NULL, 0), "back\\\\slash");
}

TEST(esc_csv_cells)
{
	T_EQ_STR(csv("plain", 5, 1), "plain");
	T_EQ_STR(csv("", 0, 1), "\"\"");
	T_EQ_STR(csv("a,b", 3, 1), "\"a,b\"");
	T_EQ_STR(csv("say \"hi\"", 8, 1), "\"say \"\"hi\"\"\"");
	T_EQ_STR(csv("two\nlines", 9, 1), "\"two\nlines\"");
	T_EQ_STR(csv("=1+2", 4, 1), "\"'=1+2\"");
	T_EQ_STR(csv("=1+2", 4, 0), "=1+2");
	T_EQ_STR(csv("+SUM(A1)", 8, 1), "\"'+SUM(A1)\"");
	T_EQ_STR(csv("@cmd", 4, 1), "\"'@cmd\"");
	T_EQ_STR(csv("\tx", 2, 1), "\"'\tx\"");
	T_EQ_STR(csv("\rx", 2, 1), "\"'\rx\"");
	T_EQ_STR(csv("=HYPERLINK(\"u\")", 15, 1), "\"'=HYPERLINK(\"\"u\"\")\"");
	/* A number stays a number. */
	T_EQ_STR(csv("-0.25", 5, 1), "-0.25");
	T_EQ_STR(csv("+3e-2", 5, 1), "+3e-2");
	T_EQ_STR(csv("-2+3", 4, 1), "\"'-2+3\"");
	T_EQ_STR(csv("-", 1, 1), "\"'-\"");
	T_OK(gd_csv_is_formula("=x", 2));
	T_OK(!gd_csv_is_formula("x=", 2));
	T_OK(!gd_csv_is_formula("", 0));
}

TEST(svg_labels_escaped)
{
	struct gd_buf b;
	const char *labels[] = { "<script>x</script>", "a & b" };
	const double vals[] = { 3, GD_SVG_WITHHELD };
	const char *texts[] = { "3\"", "" };

	gd_buf_init(&b, 0);
	T_OK(gd_svg_bars(&b, "c1", "T<i>", 2, labels, vals, texts) == 0);
	T_OK(strstr(b.data, "<script") == NULL);
	T_OK(strstr(b.data, "<i>") == NULL);
	T_OK(strstr(b.data, "&lt;script&gt;") != NULL);
	T_OK(strstr(b.data, "a &amp; b") != NULL);
	T_OK(strstr(b.data, "3&quot;") != NULL);
	T_OK(strstr(b.data, ">withheld</text>") != NULL);
	gd_buf_reset(&b);
	{
		const char *rows[] = { "All", "x" };
		const char *segs[] = { "Yes", "No\"><script>" };
		const double shares[] = { 0.5, 0.5, GD_SVG_WITHHELD, 0 };

		T_OK(gd_svg_stacked(&b, "c2", "t", 2, rows, NULL, 2, segs,
		    gd_svg_palette, shares) == 0);
		T_OK(strstr(b.data, "<script") == NULL);
		/* Two segments of half the bar's width each. */
		T_OK(strstr(b.data, "width=\"180\"") != NULL);
	}
	gd_buf_release(&b);
}

/* Nothing cut, nothing overlapping: titles drawn, labels wrapped, the
 * legend on as many lines as it needs, each row's count shown. */
TEST(svg_layout)
{
	struct gd_buf b;
	const char *rows[] = { "Participation and collaboration in the "
	    "design of public services", "x" };
	const char *texts[] = { "n = 12", "n = 1" };
	const char *segs[] = { "Strongly disagree", "Disagree",
	    "Neither agree nor disagree", "Agree", "Strongly agree",
	    "Don't know" };
	const double shares[] = { .1, .1, .2, .2, .3, .1, 0, 0, 0, 0, 1, 0 };
	const char *p, *q;
	int ys[6], xs[6], i;

	gd_buf_init(&b, 0);
	T_OK(gd_svg_stacked(&b, "c3", "Q1: answers by respondent type", 2,
	    rows, texts, 6, segs, gd_svg_scale, shares) == 0);
	T_OK(strstr(b.data, ">Q1: answers by respondent type</text>") !=
	    NULL);
	/* The long label whole, over two lines. */
	T_OK(strstr(b.data, "\xE2\x80\xA6") == NULL);
	T_OK(strstr(b.data, ">Participation and</tspan>") != NULL);
	T_OK(strstr(b.data, ">collaboration in the</tspan>") != NULL);
	T_OK(strstr(b.data, ">design of public</tspan>") != NULL);
	T_OK(strstr(b.data, ">services</tspan>") != NULL);
	T_OK(strstr(b.data, ">n = 12</text>") != NULL);
	T_OK(strstr(b.data, ">n = 1</text>") != NULL);
	/* Legend entries: each starts right of the previous one's
	 * estimated end on its line, or on a line below. */
	p = b.data;
	for (i = 0; i < 6; i++) {
		T_OK((q = strstr(p, "<rect x=\"")) != NULL);
		T_OK(sscanf(q, "<rect x=\"%d\" y=\"%d\"", &xs[i], &ys[i]) ==
		    2);
		p = q + 1;
	}
	for (i = 1; i < 6; i++)
		T_OK(ys[i] > ys[i - 1] || (ys[i] == ys[i - 1] && xs[i] >=
		    xs[i - 1] + 16 + (int)(7.5 * strlen(segs[i - 1]))));
	T_OK(ys[5] > ys[0]);	/* six do not fit on one line */
	gd_buf_release(&b);
}
