/*
 * jload.c - a record line read into a jansson tree without jansson's
 * parser (see gd/jload.h).
 *
 * jansson's json_loadb() was more than 40% of gd-redact's time on short
 * records: it reads through a stream abstraction a byte at a time and
 * checks each key against the object for duplicates.  gd_jscan() already
 * judges a line as json_loadb() with JSON_REJECT_DUPLICATES does (that
 * is its contract, checked on JSONTestSuite and by fuzzing), so a line it
 * accepts is valid JSON without duplicate keys, and the tree is built by
 * a parser that trusts it.  A line it refuses goes to json_loadb(), so
 * that the verdict and message are always jansson's own.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

struct gd_jload {
	struct gd_jpaths *none;	/* no paths: gd_jscan() only checks */
	struct gd_buf scratch;	/* gd_jscan()'s */
	struct gd_buf str;	/* a string or key, unescaped */
};

struct gd_jload *
gd_jload_new(void)
{
	struct gd_jload *l;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	if ((l->none = gd_jpaths_new()) == NULL) {
		free(l);
		return NULL;
	}
	gd_buf_init(&l->scratch, 0);
	gd_buf_init(&l->str, 0);
	return l;
}

void
gd_jload_free(struct gd_jload *l)
{
	if (l == NULL)
		return;
	gd_jpaths_free(l->none);
	gd_buf_release(&l->scratch);
	gd_buf_release(&l->str);
	free(l);
}

/* The parser: s is valid JSON (gd_jscan), so no check is made. */
struct rd {
	const char *p, *end;
	struct gd_buf *str;
};

static void
ws(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
	    *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static unsigned
hex4(const char *p)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 32) - 'a' +
		    10);
	}
	return v;
}

/* A string (r->p at its opening quote), unescaped into r->str. */
static int
string(struct rd *r)
{
	const char *p = r->p + 1, *q;
	unsigned cp, lo;
	char u[4];
	size_t k;

	gd_buf_reset(r->str);
	for (;;) {
		for (q = p; *q != '"' && *q != '\\'; q++)
			;
		if (gd_buf_add(r->str, p, (size_t)(q - p)) == -1)
			return -1;
		p = q;
		if (*p == '"')
			break;
		p++;
		switch (*p) {
		case 'b': u[0] = '\b'; k = 1; break;
		case 'f': u[0] = '\f'; k = 1; break;
		case 'n': u[0] = '\n'; k = 1; break;
		case 'r': u[0] = '\r'; k = 1; break;
		case 't': u[0] = '\t'; k = 1; break;
		case 'u':
			cp = hex4(p + 1);
			p += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				/* A pair: gd_jscan refused a lone half. */
				lo = hex4(p + 3);
				p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
			}
			if (cp < 0x80) {
				u[0] = (char)cp;
				k = 1;
			} else if (cp < 0x800) {
				u[0] = (char)(0xC0 | cp >> 6);
				u[1] = (char)(0x80 | (cp & 0x3F));
				k = 2;
			} else if (cp < 0x10000) {
				u[0] = (char)(0xE0 | cp >> 12);
				u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
				u[2] = (char)(0x80 | (cp & 0x3F));
				k = 3;
			} else {
				u[0] = (char)(0xF0 | cp >> 18);
				u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
				u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
				u[3] = (char)(0x80 | (cp & 0x3F));
				k = 4;
			}
			break;
		default:	/* " \ / */
			u[0] = *p;
			k = 1;
			break;
		}
		if (gd_buf_add(r->str, u, k) == -1)
			return -1;
		p++;
	}
	r->p = p + 1;
	return 0;
}

/* A number, as jansson reads it: an integer unless it has a fraction or
 * an exponent (gd_jscan refused what does not fit). */
static json_t *
number(struct rd *r)
{
	const char *p = r->p;
	char buf[64], *e, *tmp = NULL;
	int real = 0;
	size_t n;
	json_t *v;

	while (p < r->end && (*p == '-' || *p == '+' || *p == '.' ||
	    (*p >= '0' && *p <= '9') || *p == 'e' || *p == 'E')) {
		real |= *p == '.' || *p == 'e' || *p == 'E';
		p++;
	}
	n = (size_t)(p - r->p);
	/* strtod and strtoll need a NUL after the digits. */
	if (n < sizeof(buf))
		e = buf;
	else if ((e = tmp = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(e, r->p, n);
	e[n] = '\0';
	r->p = p;
	v = real ? json_real(strtod(e, NULL)) :
	    json_integer((json_int_t)strtoll(e, NULL, 10));
	free(tmp);
	return v;
}

static json_t *value(struct rd *r);

static json_t *
object(struct rd *r)
{
	json_t *o = json_object(), *v;
	char kbuf[128], *key;
	int rc;

	if (o == NULL)
		return NULL;
	r->p++;
	ws(r);
	if (*r->p == '}') {
		r->p++;
		return o;
	}
	for (;;) {
		ws(r);
		if (string(r) == -1)
			goto fail;
		/* The key outlives the value's strings in r->str. */
		key = kbuf;
		if (r->str->len < sizeof(kbuf))
			memcpy(kbuf, r->str->data ? r->str->data : "",
			    r->str->len + 1);
		else if ((key = strdup(r->str->data)) == NULL)
			goto fail;
		ws(r);
		r->p++;		/* : */
		ws(r);
		v = value(r);
		rc = v == NULL ? -1 : json_object_set_new_nocheck(o, key, v);
		if (key != kbuf)
			free(key);
		if (rc == -1)
			goto fail;
		ws(r);
		if (*r->p++ == '}')
			return o;
	}
fail:
	json_decref(o);
	return NULL;
}

static json_t *
array(struct rd *r)
{
	json_t *a = json_array(), *v;

	if (a == NULL)
		return NULL;
	r->p++;
	ws(r);
	if (*r->p == ']') {
		r->p++;
		return a;
	}
	for (;;) {
		ws(r);
		if ((v = value(r)) == NULL || json_array_append_new(a, v) == -1)
			goto fail;
		ws(r);
		if (*r->p++ == ']')
			return a;
	}
fail:
	json_decref(a);
	return NULL;
}

static json_t *
value(struct rd *r)
{
	switch (*r->p) {
	case '{':
		return object(r);
	case '[':
		return array(r);
	case '"':
		if (string(r) == -1)
			return NULL;
		return json_stringn_nocheck(r->str->data ? r->str->data : "",
		    r->str->len);
	case 't':
		r->p += 4;
		return json_true();
	case 'f':
		r->p += 5;
		return json_false();
	case 'n':
		r->p += 4;
		return json_null();
	default:
		return number(r);
	}
}

json_t *
gd_jload(struct gd_jload *l, const char *s, size_t n, json_error_t *je)
{
	struct gd_error err;
	struct rd r;
	json_t *v;

	if (gd_jscan(l->none, s, n, NULL, NULL, &l->scratch, &err) == -1) {
		if (err.nomem)
			goto nomem;
		/* jansson's own verdict and words. */
		return json_loadb(s, n, JSON_REJECT_DUPLICATES, je);
	}
	r.p = s;
	r.end = s + n;
	r.str = &l->str;
	ws(&r);
	if ((v = object(&r)) != NULL)
		return v;
nomem:
	/* As jansson says it (gd_json_nomem). */
	memset(je, 0, sizeof(*je));
	return NULL;
}
