/*
 * pub_replies.c - the government's replies, from a Markdown or a JSON file,
 * as one JSON object:
 *
 *   {"title":..., "introduction":..., "reply":...,
 *    "questions":{"q1":{"text":..., "reply":...}, ...},
 *    "themes":{"staff":{"reply":...}, ...}}
 *
 * The Markdown form: the first "# " heading is the title and the text
 * under it the introduction; each "## " heading opens a section: "## q1:
 * question text" (a question, "answers.q1" also accepted), "## theme:ID"
 * (a theme of the codebook) or "## general" (the reply to the whole
 * consultation); the text under it, up to the next heading, is the reply.
 * It may begin with front matter, between two lines "---", whose one
 * line "lang: TAG" (or "language: TAG", as Pandoc and Jekyll read it)
 * says the replies' language, as "language" does in the JSON form.
 */
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gd/gd.h"
#include "gd/i18n.h"
#include "pub_int.h"
#include "gd/banned.h"

#define REPLIES_MAX (8UL << 20)

static int
fail(struct gd_error *err, const char *path, unsigned long line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
fail(struct gd_error *err, const char *path, unsigned long line,
    const char *fmt, ...)
{
	char msg[GD_ERR_MSG];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return gd_error_set(err, GD_EXIT_UNUSABLE, path, line, 0, "%s", msg);
}

/* Sets obj.key to the text of b, trimmed of blank lines at both ends. */
static int
set_text(json_t *obj, const char *key, struct gd_buf *b)
{
	size_t s = 0, e = b->len;

	while (s < e && (b->data[s] == '\n' || b->data[s] == ' '))
		s++;
	while (e > s && (b->data[e - 1] == '\n' || b->data[e - 1] == ' '))
		e--;
	if (e == s)
		return 0;
	return json_object_set_new(obj, key, json_stringn(b->data + s, e - s));
}

static json_t *
section(json_t *r, const char *group, const char *id)
{
	json_t *g = json_object_get(r, group), *s;

	if (g == NULL) {
		g = json_object();
		if (g == NULL || json_object_set_new(r, group, g) == -1)
			return NULL;
	}
	if ((s = json_object_get(g, id)) == NULL) {
		s = json_object();
		if (s == NULL || json_object_set_new(g, id, s) == -1)
			return NULL;
	}
	return s;
}

/* The replies' language, checked: a language tag. */
static int
set_language(json_t *r, const char *path, unsigned long line,
    const char *tag, size_t n, struct gd_error *err)
{
	char t[64];

	if (n >= sizeof(t) || (snprintf(t, sizeof(t), "%.*s", (int)n, tag),
	    !gd_i18n_valid(t)))
		return fail(err, path, line, "the language \"%.*s\" is not a "
		    "language tag (as \"es\" or \"fr-BE\")", (int)(n < 64 ? n :
		    64), tag);
	if (json_object_set_new(r, "language", json_string(t)) == -1)
		return pub_oom(err);
	return 0;
}

/*
 * Front matter at p, if the text begins with one: its "lang:" into r.
 * Returns where the Markdown begins, or NULL with err filled.
 */
static const char *
front_matter(json_t *r, const char *path, const char *p, const char *end,
    unsigned long *lineno, struct gd_error *err)
{
	const char *nl, *v, *start = p;
	size_t n, k;

	nl = memchr(p, '\n', (size_t)(end - p));
	n = nl ? (size_t)(nl - p) : (size_t)(end - p);
	if (n && p[n - 1] == '\r')
		n--;
	if (n != 3 || memcmp(p, "---", 3) != 0 || nl == NULL)
		return start;
	for (++*lineno, p = nl + 1; p < end; p = nl ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && p[n - 1] == '\r')
			n--;
		++*lineno;
		if (n == 3 && memcmp(p, "---", 3) == 0)
			return nl ? nl + 1 : end;
		if (n == 0)
			continue;
		for (k = 0; k < n && p[k] != ':'; k++)
			;
		for (v = p + k + 1; v < p + n && *v == ' '; v++)
			;
		if (k < n && ((k == 4 && memcmp(p, "lang", 4) == 0) ||
		    (k == 8 && memcmp(p, "language", 8) == 0))) {
			if (set_language(r, path, *lineno, v,
			    (size_t)(p + n - v), err) == -1)
				return NULL;
			continue;
		}
		fail(err, path, *lineno, "front matter: \"%.*s\" is not "
		    "understood (only lang: TAG)", (int)(n < 64 ? n : 64), p);
		return NULL;
	}
	fail(err, path, *lineno, "%s", "front matter without its closing "
	    "\"---\"");
	return NULL;
}

static json_t *
load_md(const char *path, const char *text, size_t len, struct gd_error *err)
{
	json_t *r = json_object(), *cur = NULL;
	const char *p = text, *end = text + len, *nl, *h, *colon;
	struct gd_buf body;
	unsigned long lineno = 0;
	int in_intro = 0, seen_title = 0;
	char id[128];
	size_t n, i;

	if (r == NULL) {
		pub_oom(err);
		return NULL;
	}
	gd_buf_init(&body, 0);
	if ((p = front_matter(r, path, p, end, &lineno, err)) == NULL)
		goto bad;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && p[n - 1] == '\r')
			n--;
		lineno++;
		if (n >= 2 && p[0] == '#' && (p[1] == ' ' || (p[1] == '#' &&
		    n >= 3 && p[2] == ' '))) {
			/* The text so far belongs to the section before. */
			if (in_intro && set_text(r, "introduction", &body) == -1)
				goto oom;
			if (cur && set_text(cur, "reply", &body) == -1)
				goto oom;
			gd_buf_reset(&body);
			in_intro = 0;
			cur = NULL;
			if (p[1] == ' ') {
				if (seen_title) {
					fail(err, path, lineno, "%s", "a second "
					    "title (\"# \"): sections are "
					    "\"## \" headings");
					goto bad;
				}
				seen_title = in_intro = 1;
				for (h = p + 2; h < p + n && *h == ' '; h++)
					;
				if (json_object_set_new(r, "title",
				    json_stringn(h, (size_t)(p + n - h))) == -1)
					goto oom;
			} else {
				for (h = p + 3; h < p + n && *h == ' '; h++)
					;
				for (i = 0; h + i < p + n && i < sizeof(id) - 1 &&
				    (isalnum((unsigned char)h[i]) ||
				    strchr("_.:-", h[i])); i++)
					id[i] = h[i];
				id[i] = '\0';
				while (i && id[i - 1] == ':')
					id[--i] = '\0';
				if (i == 0) {
					fail(err, path, lineno, "%s", "a section "
					    "heading begins with a question id, "
					    "theme:ID or general");
					goto bad;
				}
				colon = h + i;
				while (colon < p + n && (*colon == ':' ||
				    *colon == ' '))
					colon++;
				if (strcmp(id, "general") == 0) {
					cur = r;
				} else if (strncmp(id, "theme:", 6) == 0) {
					if (id[6] == '\0') {
						fail(err, path, lineno, "%s",
						    "theme: without a theme id");
						goto bad;
					}
					if ((cur = section(r, "themes", id + 6))
					    == NULL)
						goto oom;
				} else {
					const char *q = strncmp(id, "answers.",
					    8) == 0 ? id + 8 : id;

					if ((cur = section(r, "questions", q)) ==
					    NULL)
						goto oom;
					if (colon < p + n && json_object_set_new(
					    cur, "text", json_stringn(colon,
					    (size_t)(p + n - colon))) == -1)
						goto oom;
				}
			}
		} else if ((in_intro || cur) && (gd_buf_add(&body, p, n) == -1 ||
		    gd_buf_addc(&body, '\n') == -1)) {
			goto oom;
		}
		p = nl ? nl + 1 : end;
	}
	if (in_intro && set_text(r, "introduction", &body) == -1)
		goto oom;
	if (cur && set_text(cur, "reply", &body) == -1)
		goto oom;
	gd_buf_release(&body);
	return r;
oom:
	pub_oom(err);
bad:
	gd_buf_release(&body);
	json_decref(r);
	return NULL;
}

/* Checks that a JSON replies file has the layout above. */
static int
check_json(json_t *r, const char *path, struct gd_error *err)
{
	static const char *const groups[] = { "questions", "themes" };
	const char *k, *k2;
	json_t *v, *s, *v2;
	size_t i;

	if (!json_is_object(r))
		return fail(err, path, 0, "%s", "the replies are not a JSON "
		    "object");
	json_object_foreach(r, k, v) {
		if (strcmp(k, "title") == 0 || strcmp(k, "introduction") == 0 ||
		    strcmp(k, "reply") == 0 || strcmp(k, "language") == 0) {
			if (!json_is_string(v))
				return fail(err, path, 0, "\"%s\" is not a "
				    "string", k);
			if (strcmp(k, "language") == 0 && set_language(r, path,
			    0, json_string_value(v), strlen(json_string_value(v)),
			    err) == -1)
				return -1;
		} else if (strcmp(k, "questions") != 0 &&
		    strcmp(k, "themes") != 0) {
			return fail(err, path, 0, "unknown member \"%s\" (title, "
			    "introduction, reply, language, questions, themes)",
			    k);
		}
	}
	for (i = 0; i < 2; i++) {
		if ((v = json_object_get(r, groups[i])) == NULL)
			continue;
		if (!json_is_object(v))
			return fail(err, path, 0, "\"%s\" is not an object",
			    groups[i]);
		json_object_foreach(v, k, s) {
			if (json_is_string(s)) {
				/* "q1": "reply" is short for {"reply": ...}. */
				json_object_set_new(v, k, json_pack("{s:O}",
				    "reply", s));
				continue;
			}
			if (!json_is_object(s))
				return fail(err, path, 0, "section \"%s\" is not "
				    "a string or an object", k);
			json_object_foreach(s, k2, v2)
				if ((strcmp(k2, "text") != 0 &&
				    strcmp(k2, "reply") != 0) ||
				    !json_is_string(v2))
					return fail(err, path, 0, "section \"%s\": "
					    "only string members text and reply",
					    k);
		}
	}
	return 0;
}

json_t *
pub_replies_load(const char *path, struct gd_error *err)
{
	FILE *f;
	struct gd_buf b;
	char chunk[65536];
	size_t n, i;
	json_t *r;
	json_error_t je;

	if ((f = fopen(path, "rb")) == NULL) {
		gd_error_set(err, errno == ENOMEM ? GD_EXIT_IO :
		    GD_EXIT_UNUSABLE, path, 0, 0, "cannot open the replies: %s",
		    strerror(errno));
		return NULL;
	}
	gd_buf_init(&b, REPLIES_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (gd_buf_add(&b, chunk, n) == -1) {
			fclose(f);
			if (b.len + n > REPLIES_MAX)
				gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
				    "the replies are larger than 8 MiB");
			else
				pub_oom(err);
			gd_buf_release(&b);
			return NULL;
		}
	if (ferror(f)) {
		gd_error_set(err, GD_EXIT_IO, path, 0, 0,
		    "cannot read the replies: %s", strerror(errno));
		fclose(f);
		gd_buf_release(&b);
		return NULL;
	}
	fclose(f);
	if (b.len && !gd_utf8_valid(b.data, b.len)) {
		gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
		    "the replies are not UTF-8 text");
		gd_buf_release(&b);
		return NULL;
	}
	for (i = 0; i < b.len && isspace((unsigned char)b.data[i]); i++)
		;
	if (i < b.len && b.data[i] == '{') {
		r = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &je);
		if (r == NULL && gd_json_nomem(&je))
			pub_oom(err);
		else if (r == NULL)
			gd_error_set(err, GD_EXIT_UNUSABLE, path,
			    (unsigned long)je.line, (unsigned long)je.column,
			    "the replies: %s", je.text);
		else if (check_json(r, path, err) == -1) {
			json_decref(r);
			r = NULL;
		}
	} else {
		r = load_md(path, b.data ? b.data : "", b.len, err);
	}
	gd_buf_release(&b);
	return r;
}

json_t *
pub_reply_for(json_t *replies, const char *group, const char *id)
{
	return json_object_get(json_object_get(replies, group), id);
}
