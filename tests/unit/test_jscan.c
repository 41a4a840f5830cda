/*
 * test_jscan.c - the scanner's verdicts against jansson's, as the other
 * tools read a record (json_loadb() with JSON_REJECT_DUPLICATES): keys
 * given twice anywhere, numbers jansson cannot hold, and random texts;
 * and the values still handed out with their members.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

static int
count(void *ctx, const struct gd_jval *v, struct gd_error *err)
{
	(*(size_t *)ctx)++;
	return 0;
}

/* The scanner's verdict on s (n bytes) with the paths of ps: 1 valid. */
static int
scan_ok(const struct gd_jpaths *ps, const char *s, size_t n,
    const char **why)
{
	static struct gd_error e;	/* *why points into it */
	struct gd_buf b;
	size_t nv = 0;
	int rc;

	gd_buf_init(&b, 0);
	gd_error_clear(&e);
	rc = gd_jscan(ps, s, n, count, &nv, &b, &e);
	*why = rc != 0 ? e.msg : NULL;
	gd_buf_release(&b);
	return rc == 0;
}

static int
jansson_ok(const char *s, size_t n)
{
	json_error_t je;
	json_t *o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);

	json_decref(o);
	return o != NULL;
}

static struct gd_jpaths *
paths(const char *const *p)
{
	struct gd_jpaths *ps = gd_jpaths_new();

	if (ps == NULL)
		abort();
	for (; *p; p++)
		if (gd_jpaths_add(ps, *p) < 0)
			abort();
	return ps;
}

/* The asked-for paths of gd-tally's usual runs, and none. */
static const char *const p_tally[] = {
	"kind", "id", "consent", "respondent.type", "answers.*",
	"extra.ref", NULL
};
static const char *const p_none[] = { NULL };

/* The scanner, with either set of paths, says of s what jansson says. */
static void
agree(const char *s, size_t n, int want, const char *file, int line)
{
	struct gd_jpaths *a = paths(p_tally), *b = paths(p_none);
	const char *why;
	int ja = jansson_ok(s, n), sa = scan_ok(a, s, n, &why),
	    sb = scan_ok(b, s, n, &why);

	if (ja != want)
		t_fail(file, line, "jansson: %d, expected %d: %.*s", ja, want,
		    (int)n, s);
	if (sa != ja || sb != ja)
		t_fail(file, line, "scanner %d/%d, jansson %d (%s): %.*s", sa,
		    sb, ja, why ? why : "-", (int)n, s);
	gd_jpaths_free(a);
	gd_jpaths_free(b);
}

#define OK(s)	agree((s), strlen(s), 1, __FILE__, __LINE__)
#define BAD(s)	agree((s), strlen(s), 0, __FILE__, __LINE__)

TEST(jscan_duplicate_keys_anywhere)
{
	OK("{\"a\":1,\"b\":2}");
	OK("{\"a\":{\"a\":1},\"b\":{\"a\":2}}");	/* other objects */
	OK("{\"a\":[{\"k\":1},{\"k\":2}]}");	/* other objects */
	/* A key asked for, or under a "*" asked for. */
	BAD("{\"kind\":\"response\",\"kind\":\"response\"}");
	BAD("{\"answers\":{\"q\":1,\"q\":2}}");
	/* Keys nobody asked for, at any depth. */
	BAD("{\"kind\":\"response\",\"extra\":{\"ref\":\"a\",\"x\":1,"
	    "\"x\":2}}");
	BAD("{\"zz\":1,\"zz\":1}");
	BAD("{\"a\":{\"b\":{\"c\":[{\"d\":1,\"d\":1}]}}}");
	BAD("{\"source\":{\"file\":\"f\",\"line\":1,\"file\":\"g\"}}");
	/* Compared unescaped. */
	BAD("{\"a\":1,\"\\u0061\":2}");
	BAD("{\"x\":{\"\\u00e9\":1,\"\\u00E9\":2}}");
	BAD("{\"x\":{\"\\u00e9\":1,\"\xc3\xa9\":2}}");
	BAD("{\"answers\":{\"q\\/1\":1,\"q/1\":2}}");
	OK("{\"x\":{\"\\u00e9\":1,\"e\\u0301\":2}}");	/* not normalised */
	/* The empty key, and keys that differ only in their middle. */
	BAD("{\"\":1,\"\":2}");
	OK("{\"abcdefgh1ijklmnop\":1,\"abcdefgh2ijklmnop\":2}");
	BAD("{\"abcdefgh1ijklmnop\":1,\"abcdefgh1ijklmnop\":2}");
	OK("{\"a\":1,\"a \":2,\"A\":3}");
	/* A key given twice in an object, the same in its parent. */
	OK("{\"a\":{\"b\":1},\"b\":{\"a\":1}}");
	BAD("{\"a\":{\"b\":1,\"c\":{\"b\":1},\"b\":2}}");
}

/* Objects of many members: the fingerprints, then the hash table, and
 * the scanner's own stack of keys, then one allocated. */
TEST(jscan_duplicate_keys_many)
{
	static const size_t sizes[] = { 15, 16, 17, 63, 64, 65, 200, 5000 };
	struct gd_buf b;
	size_t i, k, n, dup;
	char key[32];

	gd_buf_init(&b, 0);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		n = sizes[i];
		/* No duplicate, then one at the start, middle and end. */
		for (dup = 0; dup < 4; dup++) {
			gd_buf_reset(&b);
			gd_buf_adds(&b, "{\"kind\":\"response\",\"extra\":{");
			for (k = 0; k < n; k++) {
				size_t kk = k;

				if (dup && k == n - 1)
					kk = dup == 1 ? 0 : dup == 2 ? n / 2 :
					    n - 2;
				snprintf(key, sizeof(key), "%s\"key-%zu\":%zu",
				    k ? "," : "", kk, k);
				gd_buf_adds(&b, key);
			}
			gd_buf_adds(&b, "},\"answers\":{\"q\":1}}");
			agree(b.data, b.len, dup == 0, __FILE__, __LINE__);
		}
	}
	/* Nested objects each with many keys: a child's keys do not
	 * count in its parent. */
	gd_buf_reset(&b);
	gd_buf_adds(&b, "{");
	for (k = 0; k < 100; k++) {
		snprintf(key, sizeof(key), "%s\"o%zu\":{", k ? "," : "", k);
		gd_buf_adds(&b, key);
		for (i = 0; i < 40; i++) {
			snprintf(key, sizeof(key), "%s\"k%zu\":1", i ? "," : "",
			    i);
			gd_buf_adds(&b, key);
		}
		gd_buf_adds(&b, "}");
	}
	gd_buf_adds(&b, "}");
	agree(b.data, b.len, 1, __FILE__, __LINE__);
	gd_buf_release(&b);
}

TEST(jscan_number_range)
{
	OK("{\"n\":9223372036854775807}");
	OK("{\"n\":-9223372036854775808}");
	BAD("{\"n\":9223372036854775808}");
	BAD("{\"n\":-9223372036854775809}");
	BAD("{\"n\":10000000000000000000}");
	OK("{\"n\":1000000000000000000}");
	OK("{\"n\":1.7976931348623157e308}");
	BAD("{\"n\":1.8e308}");
	BAD("{\"n\":-1e309}");
	BAD("{\"n\":[1,2,1e400]}");
	BAD("{\"extra\":{\"n\":123123e100000}}");
	OK("{\"n\":1e-400}");			/* underflow: 0 */
	OK("{\"n\":123e-10000000}");
	OK("{\"n\":0.0000000000000000000000000000001}");
	OK("{\"n\":12345678901234567890.5}");
	OK("{\"answers\":{\"q\":-0.0e0}}");
}

/* A member handed out under "*" keeps its name when its value holds
 * objects with keys of their own (escaped ones, too). */
struct seen {
	char text[512];
	size_t len;
};

static int
note(void *ctx, const struct gd_jval *v, struct gd_error *err)
{
	struct seen *s = ctx;

	s->len += (size_t)snprintf(s->text + s->len, sizeof(s->text) - s->len,
	    "%d:%.*s=%.*s;", v->path, (int)v->member_len,
	    v->member ? v->member : "", (int)v->len, v->s ? v->s : "");
	return 0;
}

TEST(jscan_members_kept)
{
	static const char *const p[] = { "answers.*", NULL };
	static const char line[] = "{\"answers\":{\"q\\u0031\":[{\"a\\u0062\":"
	    "1,\"c\\u0064\":{\"e\\u0066\":2}},\"x\",{\"\\u0067\":3},\"y\"],"
	    "\"q2\":\"z\"}}";
	struct gd_jpaths *ps = paths(p);
	struct seen s;
	struct gd_buf b;
	struct gd_error err;

	memset(&s, 0, sizeof(s));
	gd_buf_init(&b, 0);
	gd_error_clear(&err);
	T_EQ_INT(gd_jscan(ps, line, sizeof(line) - 1, note, &s, &b, &err), 0);
	T_EQ_STR(s.text, "0:q1=;0:q1=x;0:q1=;0:q1=y;0:q2=z;");
	gd_buf_release(&b);
	gd_jpaths_free(ps);
}

/* Random texts, most valid, some not, with keys from a small set so that
 * duplicates are common: the scanner says what jansson says. */
static uint64_t rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void gen_value(struct gd_buf *b, int depth);

static void
gen_key(struct gd_buf *b)
{
	static const char *const keys[] = {
		"\"a\"", "\"b\"", "\"\\u0061\"", "\"kind\"", "\"answers\"",
		"\"q\"", "\"\"", "\"\xc3\xa9\"", "\"\\u00e9\"", "\"ref\"",
		"\"a/b\"", "\"a\\/b\"", "\"abcdefghij\"", "\"abcdefghik\"",
	};

	gd_buf_adds(b, keys[rnd(sizeof(keys) / sizeof(keys[0]))]);
}

static void
gen_value(struct gd_buf *b, int depth)
{
	static const char *const scalars[] = {
		"1", "-0", "1.5e3", "true", "false", "null", "\"s\"",
		"\"\\u00e9\"", "\"\\n\"", "9223372036854775807",
		"9223372036854775808", "1e309", "1e-309", "-1.0E+2", "\"\"",
		"\"\\ud83d\\ude00\"",
	};
	unsigned i, n;

	switch (depth < 4 ? rnd(4) : 3) {
	case 0:
		gd_buf_addc(b, '{');
		n = rnd(6);
		for (i = 0; i < n; i++) {
			if (i)
				gd_buf_addc(b, ',');
			gen_key(b);
			gd_buf_addc(b, ':');
			gen_value(b, depth + 1);
		}
		gd_buf_addc(b, '}');
		break;
	case 1:
		gd_buf_addc(b, '[');
		n = rnd(4);
		for (i = 0; i < n; i++) {
			if (i)
				gd_buf_addc(b, ',');
			gen_value(b, depth + 1);
		}
		gd_buf_addc(b, ']');
		break;
	default:
		gd_buf_adds(b, scalars[rnd(sizeof(scalars) /
		    sizeof(scalars[0]))]);
		break;
	}
}

TEST(jscan_random_agree)
{
	static const char junk[] = "{}[],:\"\\ 0e-.tu\x01\xc3\xff";
	struct gd_jpaths *a = paths(p_tally), *b = paths(p_none);
	struct gd_buf t;
	const char *why;
	int i, ja, sa, sb, bad = 0, valid = 0;
	unsigned j, n;

	gd_buf_init(&t, 0);
	for (i = 0; i < 20000; i++) {
		gd_buf_reset(&t);
		gd_buf_addc(&t, '{');
		n = rnd(5);
		for (j = 0; j < n; j++) {
			if (j)
				gd_buf_addc(&t, ',');
			gen_key(&t);
			gd_buf_addc(&t, ':');
			gen_value(&t, 1);
		}
		gd_buf_addc(&t, '}');
		/* One text in eight gets a byte changed. */
		if (rnd(8) == 0)
			t.data[rnd((unsigned)t.len)] =
			    junk[rnd(sizeof(junk) - 1)];
		ja = jansson_ok(t.data, t.len);
		sa = scan_ok(a, t.data, t.len, &why);
		sb = scan_ok(b, t.data, t.len, &why);
		valid += ja;
		if ((sa != ja || sb != ja) && bad++ < 5)
			t_fail(__FILE__, __LINE__, "scanner %d/%d, jansson "
			    "%d: %.*s", sa, sb, ja, (int)t.len, t.data);
	}
	/* Both kinds were tried. */
	T_OK(valid > 2000 && valid < 18000);
	gd_buf_release(&t);
	gd_jpaths_free(a);
	gd_jpaths_free(b);
}

/* A text as gd_jload() and json_loadb() read it: the same tree (members
 * in the same order), or the same error. */
static int
jload_same(struct gd_jload *l, const char *s, size_t n)
{
	json_error_t e1, e2;
	json_t *a = gd_jload(l, s, n, &e1);
	json_t *b = json_loadb(s, n, JSON_REJECT_DUPLICATES, &e2);
	char *da, *db;
	int same;

	if (a == NULL || b == NULL) {
		same = a == b && strcmp(e1.text, e2.text) == 0 &&
		    e1.line == e2.line && e1.column == e2.column &&
		    e1.position == e2.position;
		json_decref(a);
		json_decref(b);
		return same;
	}
	da = json_dumps(a, JSON_ENCODE_ANY);
	db = json_dumps(b, JSON_ENCODE_ANY);
	same = da && db && strcmp(da, db) == 0 && json_equal(a, b);
	free(da);
	free(db);
	json_decref(a);
	json_decref(b);
	return same;
}

TEST(jload_random_same)
{
	static const char junk[] = "{}[],:\"\\ 0e-.tu\x01\xc3\xff";
	static const char *const fixed[] = {
		"{}", " {\"a\" : [ 1 , 2.50 , -0 , -0.0 , 1E2 ] }\r\n",
		"{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20ac"
		    "\\ud83d\\ude00\xc3\xa9\"}",
		"[1,2]", "\"x\"", "", "  ", "{\"a\":1}x", "{\"a\":1,\"a\":2}",
		"{\"k\":\"\\u0000\"}", "{\"n\":123456789012345678901}",
		"{\"r\":1e400}", "{\"r\":1e-400}", "{\"t\":true,\"f\":false,"
		    "\"z\":null,\"o\":{\"p\":{}},\"e\":[]}",
		"{\"a very long key, longer than one hundred and twenty-"
		    "eight bytes, to go past the buffer on the stack of the "
		    "parser that builds the tree\":[{\"a\":\"b\"}]}",
	};
	struct gd_jload *l = gd_jload_new();
	struct gd_buf t, w;
	size_t k;
	int i, bad = 0;
	unsigned j, n;

	T_OK(l != NULL);
	if (l == NULL)
		return;
	for (k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
		if (!jload_same(l, fixed[k], strlen(fixed[k])))
			t_fail(__FILE__, __LINE__, "gd_jload and json_loadb "
			    "differ: %s", fixed[k]);
	gd_buf_init(&t, 0);
	gd_buf_init(&w, 0);
	for (i = 0; i < 20000; i++) {
		gd_buf_reset(&t);
		gd_buf_addc(&t, '{');
		n = rnd(5);
		for (j = 0; j < n; j++) {
			if (j)
				gd_buf_addc(&t, ',');
			gen_key(&t);
			gd_buf_addc(&t, ':');
			gen_value(&t, 1);
		}
		gd_buf_addc(&t, '}');
		if (rnd(8) == 0)
			t.data[rnd((unsigned)t.len)] =
			    junk[rnd(sizeof(junk) - 1)];
		/* White space between the tokens, now and then. */
		gd_buf_reset(&w);
		for (k = 0; k < t.len; k++) {
			gd_buf_addc(&w, t.data[k]);
			if (strchr("{[,:", t.data[k]) && rnd(4) == 0)
				gd_buf_adds(&w, rnd(2) ? " " : "\t\r\n ");
		}
		if (!jload_same(l, t.data, t.len) && bad++ < 5)
			t_fail(__FILE__, __LINE__, "gd_jload and json_loadb "
			    "differ: %.*s", (int)t.len, t.data);
		if (!jload_same(l, w.data, w.len) && bad++ < 5)
			t_fail(__FILE__, __LINE__, "gd_jload and json_loadb "
			    "differ: %.*s", (int)w.len, w.data);
	}
	gd_buf_release(&t);
	gd_buf_release(&w);
	gd_jload_free(l);
}
