/*
 * jscan.c - selected values of a JSON object in one validating pass (see
 * gd/jscan.h).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

#define MAX_DEPTH 512

/* The paths as a tree of keys. */
struct jnode {
	char *key;		/* NULL at the root */
	size_t klen;
	int path;		/* a path ends here: its id, or -1 */
	int star;		/* "*" under this node ends path star, or -1 */
	size_t *kids;		/* indices of child nodes */
	size_t nkids;
};

struct gd_jpaths {
	struct jnode *n;
	size_t nn;
	int npaths;
};

struct gd_jpaths *
gd_jpaths_new(void)
{
	struct gd_jpaths *ps = calloc(1, sizeof(*ps));

	if (ps == NULL || (ps->n = calloc(1, sizeof(*ps->n))) == NULL) {
		free(ps);
		return NULL;
	}
	ps->n[0].path = ps->n[0].star = -1;
	ps->nn = 1;
	return ps;
}

void
gd_jpaths_free(struct gd_jpaths *ps)
{
	size_t i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->nn; i++) {
		free(ps->n[i].key);
		free(ps->n[i].kids);
	}
	free(ps->n);
	free(ps);
}

static long
child(const struct gd_jpaths *ps, size_t node, const char *k, size_t kl)
{
	const struct jnode *nd = &ps->n[node];
	size_t i;

	for (i = 0; i < nd->nkids; i++) {
		const struct jnode *c = &ps->n[nd->kids[i]];

		if (c->klen == kl && memcmp(c->key, k, kl) == 0)
			return (long)nd->kids[i];
	}
	return -1;
}

int
gd_jpaths_add(struct gd_jpaths *ps, const char *path)
{
	size_t node = 0, kl;
	const char *k = path, *dot;
	long c;

	for (;;) {
		dot = strchr(k, '.');
		kl = dot ? (size_t)(dot - k) : strlen(k);
		if (kl == 0)
			return -1;
		if (!dot && kl == 1 && *k == '*') {
			if (ps->n[node].star < 0)
				ps->n[node].star = ps->npaths++;
			return ps->n[node].star;
		}
		if ((c = child(ps, node, k, kl)) < 0) {
			struct jnode *nn = realloc(ps->n, (ps->nn + 1) *
			    sizeof(*nn));
			size_t *nk;

			if (nn == NULL)
				return -1;
			ps->n = nn;
			memset(&ps->n[ps->nn], 0, sizeof(ps->n[ps->nn]));
			ps->n[ps->nn].path = ps->n[ps->nn].star = -1;
			if ((ps->n[ps->nn].key = strndup(k, kl)) == NULL)
				return -1;
			ps->n[ps->nn].klen = kl;
			nk = realloc(ps->n[node].kids, (ps->n[node].nkids + 1) *
			    sizeof(*nk));
			if (nk == NULL)
				return -1;
			ps->n[node].kids = nk;
			nk[ps->n[node].nkids++] = ps->nn;
			c = (long)ps->nn++;
		}
		node = (size_t)c;
		if (!dot) {
			if (ps->n[node].path < 0)
				ps->n[node].path = ps->npaths++;
			return ps->n[node].path;
		}
		k = dot + 1;
	}
}

/* ---- the scanner ---- */

struct sc {
	const struct gd_jpaths *ps;
	const char *s, *p, *e;
	gd_jscan_fn fn;
	void *ctx;
	struct gd_buf *scratch;
	struct gd_buf key;	/* an escaped member key, unescaped */
	const char *why;	/* the first fault of the text */
	int nomem;		/* memory ran out first */
	int stopped;		/* the callback stopped the scan */
	struct gd_error *err;	/* the callback's */
	int depth;
	int path2;		/* a second path for this value, or -1 */
	const char *member2;	/* its member (the key just read) */
	size_t mlen2;
	struct gd_buf key2;
	/* The member keys of the objects open, innermost last, for the
	 * duplicate-key rule; keys that had escapes are kept unescaped in
	 * kesc. */
	struct mkey *keys;
	size_t nkeys, kcap;
	int keys_heap;		/* keys was allocated (else the caller's) */
	struct gd_buf kesc;
};

static int
fail(struct sc *c, const char *why)
{
	if (c->why == NULL && !c->nomem)
		c->why = why;
	return -1;
}

/* Memory ran out: no fault of the text. */
static int
nomem(struct sc *c)
{
	if (c->why == NULL)
		c->nomem = 1;
	return -1;
}

static void
ws(struct sc *c)
{
	while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n'
	    || *c->p == '\r'))
		c->p++;
}

static int
hex4(const char *p, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char h = p[i];

		*v <<= 4;
		if (h >= '0' && h <= '9')
			*v |= (unsigned)(h - '0');
		else if (h >= 'a' && h <= 'f')
			*v |= (unsigned)(h - 'a' + 10);
		else if (h >= 'A' && h <= 'F')
			*v |= (unsigned)(h - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static int
put_cp(struct gd_buf *b, unsigned c)
{
	char u[4];

	return gd_buf_add(b, u, gd_utf8_put(c, u));
}

/*
 * A string at c->p (on the quote).  With out, its unescaped text is
 * appended there (*esc says whether it had escapes); *start, *len give
 * the raw body.  Returns 0 or -1.
 */
static int
string(struct sc *c, struct gd_buf *out, const char **start, size_t *len,
    int *esc)
{
	const char *p = c->p + 1, *e = c->e, *run;
	uint64_t w;
	size_t k;
	unsigned u, lo;

	*esc = 0;
	*start = p;
	run = p;
	for (;;) {
		/* Eight plain ASCII bytes at a time. */
		while (p + 8 <= e) {
			memcpy(&w, p, 8);
			if ((((w - UINT64_C(0x2020202020202020)) | w) &
			    UINT64_C(0x8080808080808080)) ||
			    (((w ^ UINT64_C(0x2222222222222222)) -
			    UINT64_C(0x0101010101010101)) &
			    ~(w ^ UINT64_C(0x2222222222222222)) &
			    UINT64_C(0x8080808080808080)) ||
			    (((w ^ UINT64_C(0x5c5c5c5c5c5c5c5c)) -
			    UINT64_C(0x0101010101010101)) &
			    ~(w ^ UINT64_C(0x5c5c5c5c5c5c5c5c)) &
			    UINT64_C(0x8080808080808080)))
				break;
			p += 8;
		}
		if (p >= e)
			return fail(c, "string not closed");
		if (*p == '"')
			break;
		if ((unsigned char)*p < 0x20)
			return fail(c, "control character in a string");
		if ((unsigned char)*p >= 0x80) {
			if ((k = gd_utf8_seq(p, (size_t)(e - p))) == 0)
				return fail(c, "invalid UTF-8 in a string");
			p += k;
			continue;
		}
		if (*p != '\\') {
			p++;
			continue;
		}
		/* An escape. */
		if (out && (!*esc ? gd_buf_add(out, *start, (size_t)(p -
		    *start)) : gd_buf_add(out, run, (size_t)(p - run))) == -1)
			return nomem(c);
		*esc = 1;
		if (p + 1 >= e)
			return fail(c, "string not closed");
		switch (p[1]) {
		case '"': case '\\': case '/':
			if (out && gd_buf_addc(out, p[1]) == -1)
				return nomem(c);
			p += 2;
			break;
		case 'b': case 'f': case 'n': case 'r': case 't':
			if (out && gd_buf_addc(out, p[1] == 'b' ? '\b' :
			    p[1] == 'f' ? '\f' : p[1] == 'n' ? '\n' :
			    p[1] == 'r' ? '\r' : '\t') == -1)
				return nomem(c);
			p += 2;
			break;
		case 'u':
			if (p + 6 > e || hex4(p + 2, &u) == -1)
				return fail(c, "bad \\u escape");
			p += 6;
			if (u >= 0xD800 && u <= 0xDBFF) {
				if (p + 6 > e || p[0] != '\\' || p[1] != 'u' ||
				    hex4(p + 2, &lo) == -1 || lo < 0xDC00 ||
				    lo > 0xDFFF)
					return fail(c, "lone surrogate in \\u "
					    "escape");
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (lo - 0xDC00);
				p += 6;
			} else if (u >= 0xDC00 && u <= 0xDFFF) {
				return fail(c, "lone surrogate in \\u escape");
			}
			if (u == 0)
				return fail(c, "\\u0000 in a string");
			if (out && put_cp(out, u) == -1)
				return nomem(c);
			break;
		default:
			return fail(c, "bad escape in a string");
		}
		run = p;
	}
	if (out && *esc && gd_buf_add(out, run, (size_t)(p - run)) == -1)
		return nomem(c);
	*len = (size_t)(p - *start);
	c->p = p + 1;
	return 0;
}

/*
 * 1 when the number s (n bytes, valid JSON) is one jansson reads: an
 * integer that fits a json_int_t (long long), a real that does not
 * overflow a double (one that underflows reads as 0).  jansson refuses
 * the others ("too big integer", "real number overflow"), and the other
 * tools with it: gd-tally must not count the record either.
 */
static int
number_fits(const char *s, size_t n, int real)
{
	char buf[128], *t = buf, *end;
	size_t digits = n - (s[0] == '-');
	double d;
	int ok;

	if (!real) {
		/* No leading zeros in JSON: the digits say the size. */
		if (digits != 19)
			return digits < 19;
		return memcmp(s + (s[0] == '-'), s[0] == '-' ?
		    "9223372036854775808" : "9223372036854775807", 19) <= 0;
	}
	/* Below 1e100, without an exponent: fits. */
	if (n <= 100 && memchr(s, 'e', n) == NULL && memchr(s, 'E', n) == NULL)
		return 1;
	if (n >= sizeof(buf) && (t = malloc(n + 1)) == NULL)
		return -1;
	memcpy(t, s, n);
	t[n] = '\0';
	errno = 0;
	d = strtod(t, &end);
	ok = !((d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE);
	if (t != buf)
		free(t);
	return ok;
}

static int
number(struct sc *c)
{
	const char *p = c->p, *e = c->e;
	int real = 0, r;

	if (p < e && *p == '-')
		p++;
	if (p >= e)
		return fail(c, "bad number");
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	else
		return fail(c, "bad number");
	if (p < e && *p == '.') {
		p++;
		real = 1;
		if (p >= e || *p < '0' || *p > '9')
			return fail(c, "bad number");
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		real = 1;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || *p < '0' || *p > '9')
			return fail(c, "bad number");
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	/* Most numbers are short integers: nothing to look at. */
	if (p - c->p >= 19 || real) {
		if ((r = number_fits(c->p, (size_t)(p - c->p), real)) == -1)
			return nomem(c);
		if (r == 0)
			return fail(c, "number out of range");
	}
	c->p = p;
	return 0;
}

static int
literal(struct sc *c, const char *w, size_t n)
{
	if ((size_t)(c->e - c->p) < n || memcmp(c->p, w, n) != 0)
		return fail(c, "invalid value");
	c->p += n;
	return 0;
}

static int value(struct sc *, long, int, const char *, size_t, int, int);

/* Hands a scalar at a path to the callback. */
static int
emit(struct sc *c, int path, const char *member, size_t mlen,
    enum gd_jtype t, const char *s, size_t n, int in_array)
{
	struct gd_jval v;

	v.path = path;
	v.member = member;
	v.member_len = mlen;
	v.type = t;
	v.s = s;
	v.len = n;
	v.in_array = in_array;
	if (c->fn(c->ctx, &v, c->err) != 0) {
		c->stopped = 1;
		return -1;
	}
	/* A member asked for by name is a member of the "*" too. */
	if (c->path2 >= 0 && c->path2 != path) {
		v.path = c->path2;
		v.member = c->member2;
		v.member_len = c->mlen2;
		if (c->fn(c->ctx, &v, c->err) != 0) {
			c->stopped = 1;
			return -1;
		}
	}
	return 0;
}

/*
 * The duplicate-key rule: a key given twice in one object, at any depth
 * and whether asked for or not, makes the text invalid, as jansson's
 * JSON_REJECT_DUPLICATES makes it for the other tools (gd-tally must not
 * count a line gd-redact refuses).  Keys are compared unescaped and
 * exactly.  Every object is checked, so the check is made cheap for the
 * small objects records are made of: a key's fingerprint (its length and
 * first and last eight bytes, mixed) picks a bit of a 64-bit filter per
 * object, and only a key whose bit is set already is compared with the
 * object's keys before it (fingerprints first, then bytes).  Past
 * FEW_KEYS keys a hash table of the object's own (FNV-1a of the key,
 * index) keeps an object of 100,000 members from being compared
 * pairwise.
 */
#define FEW_KEYS 16

struct mkey {
	uint64_t fp;		/* key_fp() */
	size_t off, len;	/* in the text, or in kesc when esc */
	int esc;
};

struct kslot {
	uint64_t h;		/* gd_fnv1a64() of the key */
	size_t idx;		/* index in keys + 1; 0: empty */
};

struct kset {
	uint64_t filter;	/* a bit per fingerprint seen (fp >> 58) */
	struct kslot *v;
	size_t cap;		/* 0 until the object has FEW_KEYS keys */
};

/* k (n bytes) lies in a buffer that ends at end, or later. */
static uint64_t
key_fp(const char *k, size_t n, const char *end)
{
	uint64_t a = 0, b = 0;
	size_t i;

	if (n >= 8) {
		memcpy(&a, k, 8);
		memcpy(&b, k + n - 8, 8);
	} else if (end - k >= 8) {
		/* The eight bytes are there: load them, keep n. */
		memcpy(&a, k, 8);
		a &= n ? UINT64_MAX >> (64 - 8 * n) : 0;
	} else {
		for (i = 0; i < n; i++)
			a |= (uint64_t)(unsigned char)k[i] << (8 * i);
	}
	return ((a ^ (b * UINT64_C(0x9e3779b97f4a7c15))) + n) *
	    UINT64_C(0xff51afd7ed558ccd);
}

static const char *
key_text(const struct sc *c, const struct mkey *m)
{
	return m->esc ? c->kesc.data + m->off : c->s + m->off;
}

static int
key_same(const struct sc *c, const struct mkey *m, const char *k, size_t n)
{
	return m->len == n && memcmp(key_text(c, m), k, n) == 0;
}

/* Puts h, for keys[idx], in the table (which has room). */
static void
kset_put(struct kset *ks, uint64_t h, size_t idx)
{
	size_t i;

	for (i = h & (ks->cap - 1); ks->v[i].idx != 0;
	    i = (i + 1) & (ks->cap - 1))
		;
	ks->v[i].h = h;
	ks->v[i].idx = idx + 1;
}

/* Doubles the table (or makes it, from the object's keys so far). */
static int
kset_grow(struct sc *c, struct kset *ks, size_t base)
{
	struct kslot *old = ks->v;
	size_t oldcap = ks->cap, i;

	ks->cap = oldcap ? oldcap * 2 : 4 * FEW_KEYS;
	if ((ks->v = calloc(ks->cap, sizeof(*ks->v))) == NULL) {
		ks->v = old;
		ks->cap = oldcap;
		return -1;
	}
	if (old == NULL) {
		for (i = base; i < c->nkeys; i++)
			kset_put(ks, gd_fnv1a64(key_text(c, &c->keys[i]),
			    c->keys[i].len), i);
	} else {
		for (i = 0; i < oldcap; i++)
			if (old[i].idx != 0)
				kset_put(ks, old[i].h, old[i].idx - 1);
		free(old);
	}
	return 0;
}

#define IN_TEXT ((size_t)-1)

/*
 * Adds key k (n bytes, unescaped) to the keys of the object whose keys
 * begin at keys[base]; eoff is where k lies in kesc, or IN_TEXT when k
 * is in the text.  Returns 0; 1 when the object has the key already; -1
 * when memory runs out.
 */
static int
key_add(struct sc *c, struct kset *ks, size_t base, const char *k, size_t n,
    size_t eoff)
{
	uint64_t fp, h = 0, bit;
	size_t i, nobj = c->nkeys - base;
	struct mkey *m;

	fp = key_fp(k, n, eoff == IN_TEXT ? c->e : c->kesc.data +
	    c->kesc.len);
	if (ks->cap == 0 && nobj < FEW_KEYS) {
		bit = UINT64_C(1) << (fp >> 58);
		if (ks->filter & bit)
			for (i = base; i < c->nkeys; i++)
				if (c->keys[i].fp == fp && key_same(c,
				    &c->keys[i], k, n))
					return 1;
		ks->filter |= bit;
	} else {
		if ((nobj + 1) * 2 > ks->cap && kset_grow(c, ks, base) == -1)
			return -1;
		h = gd_fnv1a64(k, n);
		for (i = h & (ks->cap - 1); ks->v[i].idx != 0;
		    i = (i + 1) & (ks->cap - 1))
			if (ks->v[i].h == h && key_same(c,
			    &c->keys[ks->v[i].idx - 1], k, n))
				return 1;
	}
	if (c->nkeys == c->kcap) {
		size_t ncap = c->kcap * 2;

		if (c->keys_heap)
			m = realloc(c->keys, ncap * sizeof(*m));
		else if ((m = malloc(ncap * sizeof(*m))) != NULL)
			memcpy(m, c->keys, c->nkeys * sizeof(*m));
		if (m == NULL)
			return -1;
		c->keys = m;
		c->kcap = ncap;
		c->keys_heap = 1;
	}
	m = &c->keys[c->nkeys];
	m->fp = fp;
	m->len = n;
	m->esc = eoff != IN_TEXT;
	m->off = m->esc ? eoff : (size_t)(k - c->s);
	if (ks->cap)
		kset_put(ks, h, c->nkeys);
	c->nkeys++;
	return 0;
}

static int
object(struct sc *c, long node)
{
	const char *ks, *k;
	size_t kl, kn, eoff, base = c->nkeys, ebase = c->kesc.len;
	struct kset kset = { 0, NULL, 0 };
	int esc, first = 1, r, rc = -1;

	if (++c->depth > MAX_DEPTH)
		return fail(c, "nested too deeply");
	c->p++;			/* { */
	ws(c);
	if (c->p < c->e && *c->p == '}') {
		c->p++;
		c->depth--;
		return 0;
	}
	for (;;) {
		long kid = -1;
		int path = -1, path2 = -1;
		const char *member = NULL;

		if (!first) {
			ws(c);
		}
		first = 0;
		if (c->p >= c->e || *c->p != '"') {
			fail(c, "expected a key");
			goto out;
		}
		/* Under a node of the paths the key is read into c->key, as
		 * the member of the values that follow; elsewhere straight
		 * into kesc (an object at no path never touches c->key, which
		 * may hold the member of the value it is part of).  An
		 * escaped key is kept in kesc either way. */
		eoff = c->kesc.len;
		if (node >= 0) {
			gd_buf_reset(&c->key);
			if (string(c, &c->key, &ks, &kl, &esc) == -1)
				goto out;
			k = esc ? c->key.data : ks;
			kn = esc ? c->key.len : kl;
			if (esc && gd_buf_add(&c->kesc, k, kn) == -1) {
				nomem(c);
				goto out;
			}
		} else {
			if (string(c, &c->kesc, &ks, &kl, &esc) == -1)
				goto out;
			k = ks;
			kn = esc ? c->kesc.len - eoff : kl;
		}
		if ((r = key_add(c, &kset, base, esc ? c->kesc.data + eoff : ks,
		    kn, esc ? eoff : IN_TEXT)) != 0) {
			if (r == 1)
				fail(c, "duplicate key");
			else
				nomem(c);
			goto out;
		}
		if (node >= 0) {
			int star = c->ps->n[node].star;

			kid = child(c->ps, (size_t)node, k, kn);
			if (kid >= 0)
				path = c->ps->n[kid].path;
			if (star >= 0) {
				/* Every member, also one asked for by name. */
				if (path >= 0)
					path2 = star;
				else
					path = star;
				member = k;
				kl = kn;
			}
		}
		ws(c);
		if (c->p >= c->e || *c->p != ':') {
			fail(c, "expected ':'");
			goto out;
		}
		c->p++;
		ws(c);
		/* With two paths, the named one has no member; the "*" one
		 * does. */
		if (path2 >= 0) {
			/* The key may be in c->key: keep it for the value. */
			gd_buf_reset(&c->key2);
			if (gd_buf_add(&c->key2, member, kl) == -1) {
				nomem(c);
				goto out;
			}
			c->member2 = c->key2.data;
			c->mlen2 = kl;
			if (value(c, kid, path, NULL, 0, 0, path2) == -1)
				goto out;
		} else if (value(c, kid, path, member, member ? kl : 0, 0, -1)
		    == -1)
			goto out;
		ws(c);
		if (c->p >= c->e) {
			fail(c, "object not closed");
			goto out;
		}
		if (*c->p == ',') {
			c->p++;
			continue;
		}
		if (*c->p == '}') {
			c->p++;
			c->depth--;
			rc = 0;
			goto out;
		}
		fail(c, "expected ',' or '}'");
		goto out;
	}
out:
	free(kset.v);
	c->nkeys = base;
	c->kesc.len = ebase;
	if (c->kesc.data)
		c->kesc.data[ebase] = '\0';
	return rc;
}

static int
array(struct sc *c, int path, const char *member, size_t mlen, int path2)
{
	if (++c->depth > MAX_DEPTH)
		return fail(c, "nested too deeply");
	c->p++;			/* [ */
	ws(c);
	if (c->p < c->e && *c->p == ']') {
		c->p++;
		c->depth--;
		return 0;
	}
	for (;;) {
		ws(c);
		if (value(c, -1, path, member, mlen, 1, path2) == -1)
			return -1;
		ws(c);
		if (c->p >= c->e)
			return fail(c, "array not closed");
		if (*c->p == ',') {
			c->p++;
			continue;
		}
		if (*c->p == ']') {
			c->p++;
			c->depth--;
			return 0;
		}
		return fail(c, "expected ',' or ']'");
	}
}

/*
 * A value.  node: the tree node for it (-1: none); path: a path ending
 * here (-1: none); in_array: it is an element of an array at the path.
 */
static int
value(struct sc *c, long node, int path, const char *member, size_t mlen,
    int in_array, int path2)
{
	const char *vs, *start;
	size_t vl;
	int esc;

	c->path2 = path2;

	if (c->p >= c->e)
		return fail(c, "expected a value");
	switch (*c->p) {
	case '{':
		if (path >= 0 && emit(c, path, member, mlen, GD_J_OBJECT, NULL,
		    0, in_array) == -1)
			return -1;
		/* Inside an array at a path, or at a path, nothing deeper
		 * is asked for. */
		return object(c, in_array ? -1 : node);
	case '[':
		if (path >= 0 && in_array)
			return array(c, -1, NULL, 0, -1);
		if (path >= 0)
			return array(c, path, member, mlen, path2);
		return array(c, -1, NULL, 0, -1);
	case '"':
		if (path < 0)
			return string(c, NULL, &vs, &vl, &esc);
		gd_buf_reset(c->scratch);
		if (string(c, c->scratch, &vs, &vl, &esc) == -1)
			return -1;
		if (esc) {
			vs = c->scratch->data ? c->scratch->data : "";
			vl = c->scratch->len;
		}
		return emit(c, path, member, mlen, GD_J_STRING, vs, vl,
		    in_array);
	case 't':
		if (literal(c, "true", 4) == -1)
			return -1;
		return path < 0 ? 0 : emit(c, path, member, mlen, GD_J_TRUE,
		    "true", 4, in_array);
	case 'f':
		if (literal(c, "false", 5) == -1)
			return -1;
		return path < 0 ? 0 : emit(c, path, member, mlen, GD_J_FALSE,
		    "false", 5, in_array);
	case 'n':
		if (literal(c, "null", 4) == -1)
			return -1;
		return path < 0 ? 0 : emit(c, path, member, mlen, GD_J_NULL,
		    "null", 4, in_array);
	default:
		start = c->p;
		if (number(c) == -1)
			return -1;
		return path < 0 ? 0 : emit(c, path, member, mlen, GD_J_NUMBER,
		    start, (size_t)(c->p - start), in_array);
	}
}

int
gd_jscan(const struct gd_jpaths *ps, const char *s, size_t n,
    gd_jscan_fn fn, void *ctx, struct gd_buf *scratch, struct gd_error *err)
{
	struct mkey keys[64];
	struct sc c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.keys = keys;
	c.kcap = sizeof(keys) / sizeof(keys[0]);
	gd_buf_init(&c.kesc, 0);
	c.ps = ps;
	c.s = c.p = s;
	c.e = s + n;
	c.fn = fn;
	c.ctx = ctx;
	c.scratch = scratch;
	c.err = err;
	gd_buf_init(&c.key, 0);
	gd_buf_init(&c.key2, 0);
	ws(&c);
	if (c.p >= c.e || *c.p != '{')
		rc = fail(&c, "not a JSON object");
	else if ((c.path2 = -1, rc = object(&c, 0)) == 0) {
		ws(&c);
		if (c.p != c.e)
			rc = fail(&c, "text after the object");
	}
	gd_buf_release(&c.key);
	gd_buf_release(&c.key2);
	gd_buf_release(&c.kesc);
	if (c.keys_heap)
		free(c.keys);
	if (rc == 0 || c.stopped)
		return rc;
	if (c.nomem)
		return gd_error_nomem(err, NULL, 0);
	return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0,
	    gd_utf8_chars(s, (size_t)(c.p - s)) + 1, "not valid JSON: %s",
	    c.why ? c.why : "invalid JSON");
}
