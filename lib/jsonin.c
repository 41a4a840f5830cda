/*
 * jsonin.c - JSON exports as a stream of objects (see gd/jsonin.h).
 *
 * NDJSON is read line by line.  A top-level array is cut into its
 * elements by a small scanner that follows strings and nesting, so each
 * element is parsed alone (and a bad element is one reject, with its own
 * line).  A document that holds the array is read whole, then searched.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

#define JSON_MAX_DEFAULT (16UL << 20)
#define DOC_MAX (512UL << 20)
#define JFLAGS (JSON_REJECT_DUPLICATES)

enum scan_state { S_BEFORE, S_BETWEEN, S_ELEM, S_AFTER, S_DONE };

struct gd_jsonin {
	struct gd_source *src;
	enum gd_json_shape shape;
	size_t max;
	struct gd_lines *lines;		/* NDJSON */

	/* ARRAY: the scanner. */
	const char *chunk;
	size_t clen, cpos;
	int eof;
	enum scan_state st;
	unsigned long line;
	unsigned long col;		/* characters before this one on its line */
	unsigned long elem_line, elem_col;
	struct gd_buf elem;
	int elem_over;			/* 1: over the cap; 2: out of memory */
	int depth, in_str, esc, scalar;
	int comma;			/* 1: after an element (, or ] next);
					 * 2: after a comma (an element next) */

	struct gd_buf quoted;		/* text with big integers quoted */
	int cut;			/* raw holds only the first bytes */

	/* DOCUMENT: the array found in it. */
	json_t *doc;
	json_t *arr;
	size_t idx;
	int single;			/* the document is one record */
};

static int quote_big_ints(const char *, size_t, struct gd_buf *);

/* First non-space byte of the peeked text, or 0. */
static int
first_byte(struct gd_source *src, const char **p, size_t *n)
{
	size_t i;

	gd_source_peek(src, p, n);
	for (i = 0; i < *n; i++)
		if (!isspace((unsigned char)(*p)[i]))
			return (unsigned char)(*p)[i];
	return 0;
}

/* Decides between NDJSON and a document for text that starts with '{'. */
static enum gd_json_shape
guess_object_shape(const char *p, size_t n)
{
	const char *nl;
	json_error_t je;
	json_t *o;
	size_t i;

	/* Blank lines before the first object do not count. */
	while (n > 0 && isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	nl = memchr(p, '\n', n);
	if (nl == NULL)
		return GD_JSON_DOCUMENT;
	for (i = (size_t)(nl - p); i < n; i++)
		if (!isspace((unsigned char)p[i]))
			break;
	if (i == n)
		return GD_JSON_DOCUMENT;	/* a single line */
	o = json_loadb(p, (size_t)(nl - p), JFLAGS, &je);
	if (o == NULL && strstr(je.text, "too big")) {
		struct gd_buf q;

		gd_buf_init(&q, 0);
		if (quote_big_ints(p, (size_t)(nl - p), &q))
			o = json_loadb(q.data, q.len, JFLAGS, NULL);
		gd_buf_release(&q);
	}
	if (o && json_is_object(o)) {
		json_decref(o);
		return GD_JSON_NDJSON;
	}
	json_decref(o);
	return GD_JSON_DOCUMENT;
}

/* Is v an array whose first element is an object (or empty)? */
static int
records_array(json_t *v)
{
	return json_is_array(v) && (json_array_size(v) == 0 ||
	    json_is_object(json_array_get(v, 0)));
}

/* Finds the array of records in a document, or NULL. */
static json_t *
find_records(json_t *doc)
{
	static const char *const keys[] = { "content", "responses", "data",
	    "items", "results", "records", "feedback", "comments", NULL };
	const char *k;
	json_t *v, *w;
	int i;

	if (records_array(doc))
		return doc;
	if (!json_is_object(doc))
		return NULL;
	for (i = 0; keys[i]; i++)
		if (records_array(v = json_object_get(doc, keys[i])))
			return v;
	if ((v = json_object_get(doc, "_embedded")) != NULL &&
	    json_is_object(v)) {
		json_object_foreach(v, k, w)
			if (records_array(w) && json_array_size(w) > 0)
				return w;
	}
	json_object_foreach(doc, k, v)
		if (records_array(v) && json_array_size(v) > 0)
			return v;
	return NULL;
}

static int
load_document(struct gd_jsonin *r, struct gd_error *err)
{
	struct gd_buf all;
	json_error_t je;
	const char *p;
	size_t n;
	int rc;

	gd_buf_init(&all, DOC_MAX);
	while ((rc = gd_source_read(r->src, &p, &n, err)) > 0)
		if (gd_buf_add(&all, p, n) == -1) {
			gd_buf_release(&all);
			if (errno == ENOMEM)
				return gd_error_nomem(err,
				    gd_source_name(r->src), 0);
			return gd_error_set(err, GD_EXIT_UNUSABLE,
			    gd_source_name(r->src), 0, 0, "JSON document "
			    "larger than %lu MiB: use NDJSON or an array",
			    DOC_MAX >> 20);
		}
	if (rc < 0) {
		gd_buf_release(&all);
		return -1;
	}
	r->doc = json_loadb(all.data ? all.data : "", all.len, JFLAGS, &je);
	if (r->doc == NULL && strstr(je.text, "too big") &&
	    quote_big_ints(all.data, all.len, &r->quoted))
		r->doc = json_loadb(r->quoted.data, r->quoted.len, JFLAGS,
		    &je);
	gd_buf_release(&all);
	if (r->doc == NULL && gd_json_nomem(&je))
		return gd_error_nomem(err, gd_source_name(r->src), 0);
	if (r->doc == NULL)
		return gd_error_set(err, GD_EXIT_UNUSABLE,
		    gd_source_name(r->src), (unsigned long)je.line,
		    je.column > 0 ? (unsigned long)je.column : 0,
		    "not valid JSON: %s", je.text);
	if ((r->arr = find_records(r->doc)) == NULL) {
		if (!json_is_object(r->doc))
			return gd_error_set(err, GD_EXIT_UNUSABLE,
			    gd_source_name(r->src), 1, 0,
			    "JSON holds no objects to read");
		r->single = 1;
	}
	return 0;
}

/* Set when an allocation of jansson's failed (gd_json_track_memory). */
static _Thread_local int json_oom;

static void *
json_alloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL)
		json_oom = 1;
	return p;
}

void
gd_json_track_memory(void)
{
	json_set_alloc_funcs(json_alloc, free);
}

int
gd_json_nomem(const json_error_t *je)
{
	int oom = json_oom;

	json_oom = 0;
	return oom || json_error_code(je) == json_error_out_of_memory ||
	    je->text[0] == '\0';
}

struct gd_jsonin *
gd_jsonin_new(struct gd_source *src, enum gd_json_shape shape, size_t max,
    struct gd_error *err)
{
	struct gd_jsonin *r;
	const char *p;
	size_t n;
	int c;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		gd_error_nomem(err, gd_source_name(src), 0);
		return NULL;
	}
	r->src = src;
	r->max = max ? max : JSON_MAX_DEFAULT;
	r->line = 1;
	gd_buf_init(&r->elem, r->max);
	gd_buf_init(&r->quoted, 0);
	c = first_byte(src, &p, &n);
	if (shape == GD_JSON_AUTO) {
		if (c == '[')
			shape = GD_JSON_ARRAY;
		else if (c == '{')
			shape = guess_object_shape(p, n);
		else {
			gd_error_set(err, GD_EXIT_UNUSABLE, gd_source_name(src),
			    1, 0, c ? "not JSON: expected '[' or '{'" :
			    "empty input");
			goto fail;
		}
	}
	r->shape = shape;
	if (shape == GD_JSON_NDJSON) {
		if ((r->lines = gd_lines_new(src, r->max)) == NULL)
			goto fail;
	} else if (shape == GD_JSON_DOCUMENT) {
		if (load_document(r, err) == -1)
			goto fail;
	}
	return r;
fail:
	gd_jsonin_free(r);
	return NULL;
}

/*
 * jansson refuses integers outside 64 bits, which are valid JSON (long
 * numeric ids).  Such a number is put in quotes, so it is read as the
 * text it is.  Returns 1 with the new text in out, 0 when there was none
 * (or out cannot grow: jansson then says what it says).
 */
static int
quote_big_ints(const char *p, size_t n, struct gd_buf *out)
{
	size_t i = 0, at = 0, j, digits;
	int in_str = 0, any = 0;

	gd_buf_reset(out);
	while (i < n) {
		char c = p[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			i++;
			continue;
		}
		if (c == '"') {
			in_str = 1;
			i++;
			continue;
		}
		if (c != '-' && (c < '0' || c > '9')) {
			i++;
			continue;
		}
		j = i + (c == '-');
		for (digits = 0; j < n && p[j] >= '0' && p[j] <= '9'; j++)
			digits++;
		/* An integer (no fraction, no exponent) of 19 digits or
		 * more, not starting with 0. */
		if (digits >= 19 && p[i + (c == '-')] != '0' && (j == n ||
		    (p[j] != '.' && p[j] != 'e' && p[j] != 'E'))) {
			if (gd_buf_add(out, p + at, i - at) == -1 ||
			    gd_buf_addc(out, '"') == -1 ||
			    gd_buf_add(out, p + i, j - i) == -1 ||
			    gd_buf_addc(out, '"') == -1)
				return 0;
			at = j;
			any = 1;
		}
		/* The rest of the number. */
		while (j < n && ((p[j] >= '0' && p[j] <= '9') || p[j] == '.' ||
		    p[j] == 'e' || p[j] == 'E' || p[j] == '+' || p[j] == '-'))
			j++;
		i = j;
	}
	if (!any || gd_buf_add(out, p + at, n - at) == -1)
		return 0;
	return 1;
}

/*
 * Parses one element (n bytes at p) that starts on line `line`, col0
 * characters into it (columns of errors on its first line count them).
 */
static int
parse_element(struct gd_jsonin *r, const char *p, size_t n,
    unsigned long line, unsigned long col0, json_t **obj,
    struct gd_error *err)
{
	json_error_t je;
	json_t *v;

	/* Any value: a scalar is then "not a JSON object", clearer than
	 * jansson's "'[' or '{' expected". */
	v = json_loadb(p, n, JFLAGS | JSON_DECODE_ANY, &je);
	if (v == NULL && strstr(je.text, "too big") &&
	    quote_big_ints(p, n, &r->quoted))
		v = json_loadb(r->quoted.data, r->quoted.len, JFLAGS |
		    JSON_DECODE_ANY, &je);
	if (v == NULL && gd_json_nomem(&je))
		return gd_error_nomem(err, gd_source_name(r->src), line);
	if (v == NULL)
		return gd_error_set(err, GD_EXIT_REJECTS,
		    gd_source_name(r->src), line + (unsigned long)(je.line > 0 ?
		    je.line - 1 : 0), je.column > 0 ? (unsigned long)je.column +
		    (je.line <= 1 ? col0 : 0) : 0, "not valid JSON: %s",
		    je.text), -2;
	if (!json_is_object(v)) {
		json_decref(v);
		return gd_error_set(err, GD_EXIT_REJECTS,
		    gd_source_name(r->src), line, 0,
		    "not a JSON object"), -2;
	}
	*obj = v;
	return 1;
}

static int
next_ndjson(struct gd_jsonin *r, json_t **obj, unsigned long *line,
    const char **raw, size_t *rawlen, struct gd_error *err)
{
	const char *p;
	size_t n, i;
	int rc;

	for (;;) {
		rc = gd_lines_next(r->lines, &p, &n, err);
		*line = gd_lines_lineno(r->lines);
		*raw = p;
		*rawlen = n;
		r->cut = rc == -2;
		if (rc != 1)
			return rc;
		for (i = 0; i < n && isspace((unsigned char)p[i]); i++)
			;
		if (i < n)
			return parse_element(r, p, n, *line, 0, obj, err);
	}
}

/* A framing error: the rest of the array cannot be trusted. */
static int
frame_error(struct gd_jsonin *r, const char *what, struct gd_error *err)
{
	r->st = S_DONE;
	return gd_error_set(err, GD_EXIT_REJECTS, gd_source_name(r->src),
	    r->line, 0, "%s; the rest of the input is not read", what), -2;
}

static int
next_array(struct gd_jsonin *r, json_t **obj, unsigned long *line,
    const char **raw, size_t *rawlen, struct gd_error *err)
{
	unsigned char c;
	int rc;

	*raw = NULL;
	*rawlen = 0;
	for (;;) {
		if (r->cpos >= r->clen) {
			if (r->st == S_DONE)
				return 0;
			rc = gd_source_read(r->src, &r->chunk, &r->clen, err);
			if (rc < 0)
				return -1;
			r->cpos = 0;
			if (rc == 0) {
				r->clen = 0;
				if (r->st == S_AFTER) {
					r->st = S_DONE;
					return 0;
				}
				if (r->st == S_ELEM && r->scalar &&
				    r->depth == 0)
					goto scalar_end;
				return frame_error(r, r->st == S_BEFORE ?
				    "empty input" : "JSON array not closed",
				    err);
			}
			continue;
		}
		c = (unsigned char)r->chunk[r->cpos];
		if (r->st == S_ELEM) {
			/* Inside an element: follow strings and nesting. */
			if (r->scalar && r->depth == 0 && !r->in_str &&
			    (c == ',' || c == ']' || c == ' ' || c == '\t' ||
			    c == '\n' || c == '\r'))
				goto scalar_end;
			r->cpos++;
			if (!r->elem_over &&
			    gd_buf_addc(&r->elem, (char)c) == -1)
				r->elem_over = errno == ENOMEM ? 2 : 1;
			if (c == '\n') {
				r->line++;
				r->col = 0;
			} else if ((c & 0xC0) != 0x80) {
				r->col++;
			}
			if (r->in_str) {
				if (r->esc)
					r->esc = 0;
				else if (c == '\\')
					r->esc = 1;
				else if (c == '"')
					r->in_str = 0;
				continue;
			}
			if (c == '"')
				r->in_str = 1;
			else if (c == '{' || c == '[')
				r->depth++;
			else if ((c == '}' || c == ']') && --r->depth == 0 &&
			    !r->scalar)
				goto elem_end;
			continue;
		}
		r->cpos++;
		if (c == '\n') {
			r->line++;
			r->col = 0;
		} else if ((c & 0xC0) != 0x80) {
			r->col++;
		}
		/* JSON's white space only (not \f or \v). */
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		switch (r->st) {
		case S_BEFORE:
			if (c != '[')
				return frame_error(r, "expected '['", err);
			r->st = S_BETWEEN;
			r->comma = 0;
			break;
		case S_BETWEEN:
			if (c == ',') {
				if (r->comma != 1)
					return frame_error(r, "',' where an "
					    "element or ']' was expected", err);
				r->comma = 2;
				break;
			}
			if (c == ']') {
				if (r->comma == 2)
					return frame_error(r, "']' after ','",
					    err);
				r->st = S_AFTER;
				break;
			}
			if (r->comma == 1)
				return frame_error(r, "',' or ']' expected "
				    "after an element", err);
			r->st = S_ELEM;
			r->elem_line = r->line;
			r->elem_col = r->col - 1;
			gd_buf_reset(&r->elem);
			r->elem_over = 0;
			r->in_str = c == '"';
			r->esc = 0;
			r->depth = c == '{' || c == '[';
			r->scalar = !r->depth;
			if (gd_buf_addc(&r->elem, (char)c) == -1)
				r->elem_over = errno == ENOMEM ? 2 : 1;
			break;
		case S_AFTER:
			return frame_error(r, "text after the JSON array",
			    err);
		default:
			break;
		}
		continue;
scalar_end:
		r->st = S_BETWEEN;
		r->comma = 1;
		*line = r->elem_line;
		*raw = r->elem.data;
		*rawlen = r->elem.len;
		return gd_error_set(err, GD_EXIT_REJECTS,
		    gd_source_name(r->src), r->elem_line, 0,
		    "array element is not a JSON object"), -2;
elem_end:
		r->st = S_BETWEEN;
		r->comma = 1;
		*line = r->elem_line;
		*raw = r->elem.data;
		*rawlen = r->elem.len;
		r->cut = r->elem_over;
		/* 2: memory ran out, which is no fault of the element. */
		if (r->elem_over == 2)
			return gd_error_nomem(err, gd_source_name(r->src),
			    r->elem_line);
		if (r->elem_over)
			return gd_error_set(err, GD_EXIT_REJECTS,
			    gd_source_name(r->src), r->elem_line, 0,
			    "object longer than %zu bytes", r->max), -2;
		return parse_element(r, r->elem.data, r->elem.len,
		    r->elem_line, r->elem_col, obj, err);
	}
}

int
gd_jsonin_next(struct gd_jsonin *r, json_t **obj, unsigned long *line,
    const char **raw, size_t *rawlen, struct gd_error *err)
{
	json_t *v;

	*obj = NULL;
	*raw = NULL;
	*rawlen = 0;
	r->cut = 0;
	switch (r->shape) {
	case GD_JSON_NDJSON:
		return next_ndjson(r, obj, line, raw, rawlen, err);
	case GD_JSON_ARRAY:
		return next_array(r, obj, line, raw, rawlen, err);
	default:
		break;
	}
	/* A document: its records have no lines of their own. */
	*line = 1;
	if (r->single) {
		if (r->idx++ > 0)
			return 0;
		*obj = json_incref(r->doc);
		return 1;
	}
	while (r->idx < json_array_size(r->arr)) {
		v = json_array_get(r->arr, r->idx++);
		if (json_is_object(v)) {
			*obj = json_incref(v);
			return 1;
		}
		return gd_error_set(err, GD_EXIT_REJECTS,
		    gd_source_name(r->src), 1, 0, "element %zu of the array "
		    "is not a JSON object", r->idx), -2;
	}
	return 0;
}

int
gd_jsonin_cut(const struct gd_jsonin *r)
{
	return r->cut;
}

void
gd_jsonin_free(struct gd_jsonin *r)
{
	if (r == NULL)
		return;
	gd_lines_free(r->lines);
	gd_buf_release(&r->elem);
	gd_buf_release(&r->quoted);
	json_decref(r->doc);
	free(r);
}

/* ---- flattening ---- */

void
gd_flat_init(struct gd_flat *fl, size_t max)
{
	memset(fl, 0, sizeof(*fl));
	gd_buf_init(&fl->text, max);
}

void
gd_flat_release(struct gd_flat *fl)
{
	gd_buf_release(&fl->text);
	free(fl->f);
	free(fl->items);
	memset(fl, 0, sizeof(*fl));
}

/* Text offsets are kept in the pointers until the text stops moving. */
#define OFF(x) ((const char *)(uintptr_t)(x))
#define UNOFF(p) ((size_t)(uintptr_t)(p))

static int
scalar_text(struct gd_buf *b, const json_t *v)
{
	struct gd_jw jw;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return gd_buf_add(b, json_string_value(v),
		    json_string_length(v));
	case JSON_TRUE:
		return gd_buf_adds(b, "true");
	case JSON_FALSE:
		return gd_buf_adds(b, "false");
	default:
		/* Numbers, and nested values as JSON text. */
		gd_jw_init(&jw, b);
		gd_jw_json(&jw, v);
		return jw.err ? -1 : 0;
	}
}

static int
add_field(struct gd_flat *fl, size_t name_off, size_t name_len)
{
	struct gd_field *nf;

	if (fl->n == fl->cap) {
		size_t ncap = fl->cap ? fl->cap * 2 : 32;

		if ((nf = realloc(fl->f, ncap * sizeof(*nf))) == NULL)
			return -1;
		fl->f = nf;
		fl->cap = ncap;
	}
	memset(&fl->f[fl->n], 0, sizeof(fl->f[fl->n]));
	fl->f[fl->n].name.s = OFF(name_off);
	fl->f[fl->n].name.len = name_len;
	fl->n++;
	return 0;
}

static int
add_item(struct gd_flat *fl, size_t off, size_t len)
{
	struct gd_str *ni;

	if (fl->ni == fl->icap) {
		size_t ncap = fl->icap ? fl->icap * 2 : 32;

		if ((ni = realloc(fl->items, ncap * sizeof(*ni))) == NULL)
			return -1;
		fl->items = ni;
		fl->icap = ncap;
	}
	fl->items[fl->ni].s = OFF(off);
	fl->items[fl->ni].len = len;
	fl->ni++;
	return 0;
}

static int
all_scalars(const json_t *a)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (json_is_object(v) || json_is_array(v) || json_is_null(v))
			return 0;
	return 1;
}

static int
flatten(struct gd_flat *fl, const json_t *obj, size_t pfx_off,
    size_t pfx_len)
{
	const char *k;
	json_t *v, *it;
	size_t noff, nlen, voff, i;
	struct gd_field *f;

	json_object_foreach((json_t *)obj, k, v) {
		if (json_is_null(v) || (json_is_array(v) &&
		    json_array_size(v) == 0))
			continue;
		/* The name: prefix "." key. */
		noff = fl->text.len;
		if (pfx_len) {
			if (gd_buf_grow(&fl->text, pfx_len + 1) == -1)
				return -1;
			/* The prefix lies earlier in the same buffer. */
			memmove(fl->text.data + fl->text.len,
			    fl->text.data + pfx_off, pfx_len);
			fl->text.len += pfx_len;
			if (gd_buf_addc(&fl->text, '.') == -1)
				return -1;
		}
		if (gd_buf_adds(&fl->text, k) == -1)
			return -1;
		nlen = fl->text.len - noff;
		if (json_is_object(v)) {
			if (flatten(fl, v, noff, nlen) == -1)
				return -1;
			continue;
		}
		if (add_field(fl, noff, nlen) == -1)
			return -1;
		f = &fl->f[fl->n - 1];
		if (json_is_array(v) && all_scalars(v)) {
			f->items = (const struct gd_str *)(uintptr_t)fl->ni;
			json_array_foreach(v, i, it) {
				voff = fl->text.len;
				if (scalar_text(&fl->text, it) == -1 ||
				    add_item(fl, voff, fl->text.len - voff) ==
				    -1)
					return -1;
				f = &fl->f[fl->n - 1];
				f->nitems++;
			}
			continue;
		}
		voff = fl->text.len;
		if (scalar_text(&fl->text, v) == -1)
			return -1;
		f = &fl->f[fl->n - 1];
		f->val.s = OFF(voff);
		f->val.len = fl->text.len - voff;
	}
	return 0;
}

int
gd_flat_json(struct gd_flat *fl, const json_t *obj)
{
	size_t i;
	const char *base;

	fl->n = 0;
	fl->ni = 0;
	gd_buf_reset(&fl->text);
	if (gd_buf_grow(&fl->text, 1) == -1 || flatten(fl, obj, 0, 0) == -1)
		return -1;
	base = fl->text.data;
	for (i = 0; i < fl->ni; i++)
		fl->items[i].s = base + UNOFF(fl->items[i].s);
	for (i = 0; i < fl->n; i++) {
		fl->f[i].name.s = base + UNOFF(fl->f[i].name.s);
		if (fl->f[i].nitems)
			fl->f[i].items = fl->items +
			    (size_t)(uintptr_t)fl->f[i].items;
		else
			fl->f[i].val.s = base + UNOFF(fl->f[i].val.s);
	}
	return 0;
}
