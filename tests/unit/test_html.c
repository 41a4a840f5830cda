/*
 * test_html.c - the text of HTML fragments: paragraphs, lists and line
 * breaks, entities, scripts and styles, white space, text that is not
 * HTML, and depth.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

static char *
text(const char *html)
{
	static char out[4096];
	struct gd_buf b;

	gd_buf_init(&b, 0);
	if (gd_html_text(html, strlen(html), &b) == -1) {
		gd_buf_release(&b);
		return NULL;
	}
	snprintf(out, sizeof(out), "%.*s", (int)b.len, b.data ? b.data : "");
	gd_buf_release(&b);
	return out;
}

TEST(html_blocks_and_lines)
{
	T_EQ_STR(text("<p>One.</p><p>Two.</p>"), "One.\n\nTwo.");
	T_EQ_STR(text("<p>a<br>b<br/>c</p>"), "a\nb\nc");
	T_EQ_STR(text("<p>Intro:</p><ol><li>uno</li><li>dos</li></ol>fin"),
	    "Intro:\n\nuno\ndos\n\nfin");
	/* Unclosed elements, as editors and people write them. */
	T_EQ_STR(text("<p>uno<p>dos<ul><li>a<li>b</ul>"),
	    "uno\n\ndos\n\na\nb");
	T_EQ_STR(text("<h2>T\xc3\xadtulo</h2><div>cuerpo</div>"),
	    "T\xc3\xadtulo\n\ncuerpo");
	T_EQ_STR(text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td>"
	    "</tr></table>"), "a b\nc");
}

TEST(html_entities_and_inline)
{
	T_EQ_STR(text("<p>Hola &amp; ad&iacute;os &lt;3 &#8364;5 &nbsp;x</p>"),
	    "Hola & ad\xc3\xad" "os <3 \xe2\x82\xac" "5 \xc2\xa0x");
	T_EQ_STR(text("<p><strong>muy</strong> <em>importante</em>.</p>"),
	    "muy importante.");
	T_EQ_STR(text("a < b"), "a < b");
}

TEST(html_dropped)
{
	T_EQ_STR(text("<script>alert(1)</script><style>p{}</style><p>ok</p>"
	    "<!-- note -->"), "ok");
	T_EQ_STR(text("<p> </p><br>"), "");
	T_EQ_STR(text("<head><title>t</title></head><body>b</body>"), "b");
}

TEST(html_white_space)
{
	T_EQ_STR(text("<p>  many\n\n   spaces\there  </p>"),
	    "many spaces here");
	T_EQ_STR(text("<pre>a\n  b</pre>"), "a\n  b");
	T_EQ_STR(text("\n<p>x</p>\n"), "x");
}

TEST(html_not_html)
{
	/* No '<' and no '&': kept exactly, white space and all. */
	T_EQ_STR(text("  plain\n\ntext  "), "  plain\n\ntext  ");
	T_EQ_STR(text(""), "");
}

TEST(html_deep)
{
	size_t depth = 20000, i;
	char *s = malloc(depth * 5 + 16), *p = s;

	T_OK(s != NULL);
	if (s == NULL)
		return;
	for (i = 0; i < depth; i++, p += 5)
		memcpy(p, "<div>", 5);
	memcpy(p, "deep", 5);
	/* No crash, whatever the parser keeps of such nesting. */
	T_OK(text(s) != NULL);
	free(s);
}
