/*
 * html.c - the text of an HTML fragment (see gd/html.h), with libxml2's
 * HTML parser: it reads HTML as browsers do (unclosed <p> and <li>,
 * entities, stray '<'), which no pattern can.  The tree is walked without
 * recursion, so depth costs no stack.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "gd/gd.h"

/* What an element does to the text around it. */
enum brk { B_NONE, B_LINE, B_PARA, B_SKIP };

static enum brk
element_break(const char *name)
{
	static const char *const skip[] = { "script", "style", "head",
	    "template", "noscript", "title", "iframe", "object", NULL };
	static const char *const line[] = { "br", "li", "tr", "dt", "dd",
	    "option", "hr", NULL };
	static const char *const para[] = { "p", "div", "h1", "h2", "h3",
	    "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre",
	    "section", "article", "header", "footer", "aside", "nav",
	    "figure", "figcaption", "address", "main", "form", "fieldset",
	    "details", "summary", NULL };
	int i;

	for (i = 0; skip[i]; i++)
		if (strcmp(name, skip[i]) == 0)
			return B_SKIP;
	for (i = 0; line[i]; i++)
		if (strcmp(name, line[i]) == 0)
			return B_LINE;
	for (i = 0; para[i]; i++)
		if (strcmp(name, para[i]) == 0)
			return B_PARA;
	return B_NONE;
}

/* The text being built: pending break and space, put out before text. */
struct tw {
	struct gd_buf *out;
	size_t start;		/* where this fragment's text begins */
	int brk;		/* 0, 1 line, 2 paragraph: before the next text */
	int space;		/* a space before the next text */
	int fail;
};

static void
tw_break(struct tw *w, int b)
{
	if (b > w->brk)
		w->brk = b;
	w->space = 0;
}

static void
tw_text(struct tw *w, const char *s, int pre)
{
	const unsigned char *p = (const unsigned char *)s;
	int any = w->out->len > w->start;

	for (; *p && !w->fail; p++) {
		int ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\f';

		if (ws && !pre) {
			w->space = 1;
			continue;
		}
		if (any && w->brk) {
			if (gd_buf_add(w->out, "\n\n", (size_t)w->brk) == -1)
				w->fail = 1;
		} else if (any && w->space && gd_buf_addc(w->out, ' ') == -1)
			w->fail = 1;
		w->brk = w->space = 0;
		if (gd_buf_addc(w->out, (char)*p) == -1)
			w->fail = 1;
		any = 1;
	}
}

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
init(void)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
}

int
gd_html_text(const char *s, size_t n, struct gd_buf *out)
{
	struct tw w = { out, out->len, 0, 0, 0 };
	htmlDocPtr doc;
	xmlNodePtr node, root;
	int pre = 0;

	if (memchr(s, '<', n) == NULL && memchr(s, '&', n) == NULL)
		return gd_buf_add(out, s, n);
	if (n > (size_t)INT32_MAX) {
		errno = ENOBUFS;
		return -1;
	}
	pthread_once(&once, init);
	doc = htmlReadMemory(s, (int)n, NULL, "UTF-8", HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
	if (doc == NULL) {
		/* Nothing it could read as a document: no text. */
		return 0;
	}
	root = xmlDocGetRootElement(doc);
	for (node = root; node != NULL && !w.fail;) {
		enum brk b = B_NONE;
		int descend = 0;

		if (node->type == XML_ELEMENT_NODE) {
			b = element_break((const char *)node->name);
			if (b == B_LINE || b == B_PARA)
				tw_break(&w, b == B_LINE ? 1 : 2);
			else if (strcmp((const char *)node->name, "td") == 0 ||
			    strcmp((const char *)node->name, "th") == 0)
				w.space = 1;	/* cells of a row apart */
			if (strcmp((const char *)node->name, "pre") == 0)
				pre++;
			descend = b != B_SKIP && node->children != NULL;
		} else if (node->type == XML_TEXT_NODE ||
		    node->type == XML_CDATA_SECTION_NODE) {
			if (node->content)
				tw_text(&w, (const char *)node->content, pre > 0);
		}
		if (descend) {
			node = node->children;
			continue;
		}
		/* Leave this node, and every parent whose last child it is. */
		for (;;) {
			if (node->type == XML_ELEMENT_NODE) {
				b = element_break((const char *)node->name);
				if (b == B_PARA)
					tw_break(&w, 2);
				else if (b == B_LINE)
					tw_break(&w, 1);
				if (strcmp((const char *)node->name, "pre") ==
				    0 && pre > 0)
					pre--;
			}
			if (node == root) {
				node = NULL;
				break;
			}
			if (node->next != NULL) {
				node = node->next;
				break;
			}
			node = node->parent;
		}
	}
	xmlFreeDoc(doc);
	if (w.fail) {
		if (errno != ENOBUFS)
			errno = ENOMEM;
		return -1;
	}
	return 0;
}
