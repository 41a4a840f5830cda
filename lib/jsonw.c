/*
 * jsonw.c - the JSON text writer (see gd/jsonw.h).
 *
 * Strings are copied in runs: a table marks the bytes JSON requires to be
 * escaped (control characters, quote, backslash), and everything between
 * two such bytes is appended with one memcpy.  Valid UTF-8 passes through
 * as it is.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

/* 1: the byte must be escaped. */
static const unsigned char needs_esc[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

int
gd_json_escape(struct gd_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run;
	char esc[6];
	size_t elen;

	/* Worst case: every byte becomes \u00XX. */
	if (gd_buf_grow(b, n + 8) == -1)
		return -1;
	while (i < n) {
		run = i;
		while (run < n && !needs_esc[p[run]])
			run++;
		if (run > i) {
			if (gd_buf_grow(b, run - i) == -1)
				return -1;
			memcpy(b->data + b->len, p + i, run - i);
			b->len += run - i;
			i = run;
			if (i == n)
				break;
		}
		esc[0] = '\\';
		elen = 2;
		switch (p[i]) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[p[i] >> 4];
			esc[5] = hex[p[i] & 15];
			elen = 6;
		}
		if (gd_buf_grow(b, elen) == -1)
			return -1;
		memcpy(b->data + b->len, esc, elen);
		b->len += elen;
		i++;
	}
	b->data[b->len] = '\0';
	return 0;
}

void
gd_jw_init(struct gd_jw *jw, struct gd_buf *b)
{
	jw->b = b;
	jw->depth = 0;
	jw->err = 0;
	jw->need_comma[0] = 0;
}

static void
put(struct gd_jw *jw, const char *s, size_t n)
{
	if (!jw->err && gd_buf_add(jw->b, s, n) == -1)
		jw->err = 1;
}

/* Before a value (or a key): the comma, if one is due. */
static void
sep(struct gd_jw *jw)
{
	if (jw->need_comma[jw->depth])
		put(jw, ",", 1);
	jw->need_comma[jw->depth] = 1;
}

static void
open(struct gd_jw *jw, const char *c)
{
	sep(jw);
	put(jw, c, 1);
	if (jw->depth + 1 >= GD_JW_DEPTH) {
		jw->err = 1;
		return;
	}
	jw->need_comma[++jw->depth] = 0;
}

static void
close(struct gd_jw *jw, const char *c)
{
	if (jw->depth > 0)
		jw->depth--;
	put(jw, c, 1);
}

void gd_jw_obj_open(struct gd_jw *jw) { open(jw, "{"); }
void gd_jw_obj_close(struct gd_jw *jw) { close(jw, "}"); }
void gd_jw_arr_open(struct gd_jw *jw) { open(jw, "["); }
void gd_jw_arr_close(struct gd_jw *jw) { close(jw, "]"); }

static void
quoted(struct gd_jw *jw, const char *s, size_t n)
{
	put(jw, "\"", 1);
	if (!jw->err && gd_json_escape(jw->b, s, n) == -1)
		jw->err = 1;
	put(jw, "\"", 1);
}

void
gd_jw_key(struct gd_jw *jw, const char *k, size_t n)
{
	sep(jw);
	quoted(jw, k, n);
	put(jw, ":", 1);
	/* The value that follows takes no comma. */
	jw->need_comma[jw->depth] = 0;
}

void
gd_jw_keyz(struct gd_jw *jw, const char *k)
{
	size_t n = strlen(k);

	sep(jw);
	if (!jw->err && gd_buf_grow(jw->b, n + 3) == -1)
		jw->err = 1;
	put(jw, "\"", 1);
	put(jw, k, n);
	put(jw, "\":", 2);
	jw->need_comma[jw->depth] = 0;
}

/* A value after a key leaves the comma due for the next key. */
static void
value_done(struct gd_jw *jw)
{
	jw->need_comma[jw->depth] = 1;
}

void
gd_jw_str(struct gd_jw *jw, const char *s, size_t n)
{
	sep(jw);
	quoted(jw, s, n);
	value_done(jw);
}

void
gd_jw_strz(struct gd_jw *jw, const char *s)
{
	gd_jw_str(jw, s, strlen(s));
}

void
gd_jw_int(struct gd_jw *jw, long long v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%lld", v);

	sep(jw);
	put(jw, tmp, (size_t)n);
	value_done(jw);
}

void
gd_jw_raw(struct gd_jw *jw, const char *s, size_t n)
{
	sep(jw);
	put(jw, s, n);
	value_done(jw);
}

void
gd_jw_bool(struct gd_jw *jw, int v)
{
	gd_jw_raw(jw, v ? "true" : "false", v ? 4 : 5);
}

void
gd_jw_null(struct gd_jw *jw)
{
	gd_jw_raw(jw, "null", 4);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as d. */
static int
real_text(double d, char *tmp, size_t size)
{
	int prec, n = 0;

	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(tmp, size, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	return n;
}

void
gd_jw_json(struct gd_jw *jw, const json_t *v)
{
	char tmp[40];
	const char *k;
	json_t *m;
	size_t i;
	int n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		gd_jw_obj_open(jw);
		json_object_foreach((json_t *)v, k, m) {
			gd_jw_key(jw, k, strlen(k));
			gd_jw_json(jw, m);
		}
		gd_jw_obj_close(jw);
		break;
	case JSON_ARRAY:
		gd_jw_arr_open(jw);
		for (i = 0; i < json_array_size(v); i++)
			gd_jw_json(jw, json_array_get(v, i));
		gd_jw_arr_close(jw);
		break;
	case JSON_STRING:
		gd_jw_str(jw, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		gd_jw_int(jw, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		n = real_text(json_real_value(v), tmp, sizeof(tmp));
		/* Keep it a JSON real: 1e+20 is fine, but 3 must read 3.0. */
		if (strspn(tmp, "-0123456789") == (size_t)n && n + 2 <
		    (int)sizeof(tmp)) {
			tmp[n++] = '.';
			tmp[n++] = '0';
		}
		gd_jw_raw(jw, tmp, (size_t)n);
		break;
	case JSON_TRUE:
		gd_jw_bool(jw, 1);
		break;
	case JSON_FALSE:
		gd_jw_bool(jw, 0);
		break;
	case JSON_NULL:
		gd_jw_null(jw);
		break;
	}
}
