/*
 * jsonw.c - the JSON text writer (see gd/jsonw.h).
 *
 * Strings are copied in runs: a table marks the bytes JSON requires to be
 * escaped (control characters, quote, backslash), and everything between
 * two such bytes is appended with one memcpy.  Valid UTF-8 passes through
 * as it is.
 */
#include <inttypes.h>
#include <stdint.h>
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

/* Nonzero when a byte of w is zero (the classic bit trick). */
#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)
#define HASZERO(w) (((w) - ONES) & ~(w) & HIGHS)

/* Nonzero when one of the 8 bytes of w needs an escape. */
static inline uint64_t
special8(uint64_t w)
{
	return (((w - ONES * 0x20) & ~w) & HIGHS) |
	    HASZERO(w ^ (ONES * '"')) | HASZERO(w ^ (ONES * '\\'));
}

int
gd_json_escape(struct gd_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *d;
	size_t i = 0;
	uint64_t w;

	/* Room for the worst case (every byte \u00XX) once, so the loop
	 * below writes without checks; near the buffer's cap, the escape
	 * is measured first and only that is asked for. */
	if (n > (b->max - b->len) / 6 || gd_buf_grow(b, n * 6) == -1) {
		size_t need = 0;

		for (i = 0; i < n; i++)
			need += !needs_esc[p[i]] ? 1 : (p[i] == '"' ||
			    p[i] == '\\' || p[i] == '\b' || p[i] == '\f' ||
			    p[i] == '\n' || p[i] == '\r' || p[i] == '\t') ?
			    2 : 6;
		if (gd_buf_grow(b, need) == -1)
			return -1;
		i = 0;
	}
	d = (unsigned char *)b->data + b->len;
	while (i < n) {
		while (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			if (special8(w))
				break;
			memcpy(d, p + i, 8);
			d += 8;
			i += 8;
		}
		while (i < n && !needs_esc[p[i]])
			*d++ = p[i++];
		if (i == n)
			break;
		*d++ = '\\';
		switch (p[i]) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\b': *d++ = 'b'; break;
		case '\f': *d++ = 'f'; break;
		case '\n': *d++ = 'n'; break;
		case '\r': *d++ = 'r'; break;
		case '\t': *d++ = 't'; break;
		default:
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = (unsigned char)hex[p[i] >> 4];
			*d++ = (unsigned char)hex[p[i] & 15];
		}
		i++;
	}
	b->len = (size_t)((char *)d - b->data);
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

static inline void
put(struct gd_jw *jw, const char *s, size_t n)
{
	struct gd_buf *b = jw->b;

	if (jw->err)
		return;
	if (b->len + n + 1 > b->cap && gd_buf_grow(b, n) == -1) {
		jw->err = 1;
		return;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
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
gd_jw_keylit(struct gd_jw *jw, const char *k, size_t n)
{
	struct gd_buf *b = jw->b;
	char *d;

	sep(jw);
	if (jw->err || (b->len + n + 4 > b->cap && gd_buf_grow(b, n + 3) ==
	    -1)) {
		jw->err = 1;
		return;
	}
	d = b->data + b->len;
	*d++ = '"';
	memcpy(d, k, n);
	d += n;
	*d++ = '"';
	*d++ = ':';
	*d = '\0';
	b->len += n + 3;
	jw->need_comma[jw->depth] = 0;
}

void
gd_jw_keyenc(struct gd_jw *jw, const char *k, size_t n)
{
	sep(jw);
	put(jw, k, n);
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
	char tmp[24], *e = tmp + sizeof(tmp), *q = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--q = '-';
	sep(jw);
	put(jw, q, (size_t)(e - q));
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
