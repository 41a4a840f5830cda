/*
 * test_jsonin.c - JSON exports as a stream of objects (NDJSON, a streamed
 * array, a document that holds the array, a single object) and
 * gd_flat_json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "gd/gd.h"
#include "t.h"

#define S(x)	(x), (sizeof(x) - 1)

struct jr {
	char path[64];
	struct gd_source *src;
	struct gd_jsonin *in;
	struct gd_error err;	/* of gd_jsonin_new */
};

/* Writes text to a temporary file and starts a reader (in may be NULL:
 * then err says why). */
static int
jr_open(struct jr *r, const char *text, size_t n, enum gd_json_shape shape,
    size_t max)
{
	int fd;

	memset(r, 0, sizeof(*r));
	snprintf(r->path, sizeof(r->path), "/tmp/gd-test-json-XXXXXX");
	if ((fd = mkstemp(r->path)) == -1) {
		t_fail(__FILE__, __LINE__, "mkstemp failed");
		return -1;
	}
	if (n > 0 && write(fd, text, n) != (ssize_t)n) {
		close(fd);
		unlink(r->path);
		t_fail(__FILE__, __LINE__, "write failed");
		return -1;
	}
	close(fd);
	if ((r->src = gd_source_open(r->path, NULL, &r->err)) == NULL) {
		unlink(r->path);
		t_fail(__FILE__, __LINE__, "open: %s", r->err.msg);
		return -1;
	}
	gd_error_clear(&r->err);
	r->in = gd_jsonin_new(r->src, shape, max, &r->err);
	return 0;
}

static void
jr_close(struct jr *r)
{
	gd_jsonin_free(r->in);
	gd_source_close(r->src);
	unlink(r->path);
}

/* Expects an object with the given compact JSON text at line. */
static void
expect_obj(struct jr *r, const char *want, unsigned long line,
    const char *file, int fline)
{
	struct gd_error err;
	const char *raw;
	size_t rawlen;
	unsigned long l = 0;
	json_t *o = NULL;
	char *text;
	int rc;

	if (r->in == NULL) {
		t_fail(file, fline, "no reader: %s", r->err.msg);
		return;
	}
	rc = gd_jsonin_next(r->in, &o, &l, &raw, &rawlen, &err);
	if (rc != 1) {
		t_fail(file, fline, "rc %d (%s), expected %s", rc,
		    rc < 0 ? err.msg : "", want);
		json_decref(o);
		return;
	}
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL || strcmp(text, want) != 0)
		t_fail(file, fline, "object %s, expected %s",
		    text ? text : "?", want);
	if (line && l != line)
		t_fail(file, fline, "line %lu, expected %lu (%s)", l, line,
		    want);
	free(text);
	json_decref(o);
}

/* Expects a rejected element (-2) at line; raw checked when not NULL,
 * and the message must contain msgpart when not NULL. */
static void
expect_reject(struct jr *r, unsigned long line, const char *raw_want,
    const char *msgpart, const char *file, int fline)
{
	struct gd_error err;
	const char *raw;
	size_t rawlen;
	unsigned long l = 0;
	json_t *o = NULL;
	int rc;

	if (r->in == NULL) {
		t_fail(file, fline, "no reader: %s", r->err.msg);
		return;
	}
	gd_error_clear(&err);
	rc = gd_jsonin_next(r->in, &o, &l, &raw, &rawlen, &err);
	if (rc != -2) {
		t_fail(file, fline, "rc %d, expected -2", rc);
		json_decref(o);
		return;
	}
	if (o != NULL)
		t_fail(file, fline, "an object with -2");
	if (err.code != GD_EXIT_REJECTS)
		t_fail(file, fline, "code %d", err.code);
	if (strcmp(err.file, r->path) != 0)
		t_fail(file, fline, "file %s", err.file);
	if (err.line != line)
		t_fail(file, fline, "error line %lu, expected %lu (%s)",
		    err.line, line, err.msg);
	if (msgpart && strstr(err.msg, msgpart) == NULL)
		t_fail(file, fline, "message \"%s\" lacks \"%s\"", err.msg,
		    msgpart);
	if (raw_want && (raw == NULL || rawlen != strlen(raw_want) ||
	    memcmp(raw, raw_want, rawlen) != 0))
		t_fail(file, fline, "raw \"%.*s\", expected \"%s\"",
		    raw ? (int)rawlen : 0, raw ? raw : "", raw_want);
}

static void
expect_end(struct jr *r, const char *file, int fline)
{
	struct gd_error err;
	const char *raw;
	size_t rawlen;
	unsigned long l;
	json_t *o = NULL;
	int rc;

	if (r->in == NULL)
		return;
	if ((rc = gd_jsonin_next(r->in, &o, &l, &raw, &rawlen, &err)) != 0)
		t_fail(file, fline, "rc %d, expected the end (%s)", rc,
		    rc < 0 ? err.msg : "");
	json_decref(o);
	o = NULL;
	if ((rc = gd_jsonin_next(r->in, &o, &l, &raw, &rawlen, &err)) != 0)
		t_fail(file, fline, "rc %d after the end", rc);
	json_decref(o);
}

#define OBJ(r, want, line) expect_obj((r), (want), (line), __FILE__, __LINE__)
#define REJ(r, line, raw, msg) expect_reject((r), (line), (raw), (msg), \
	__FILE__, __LINE__)
#define END(r) expect_end((r), __FILE__, __LINE__)

/* ---- NDJSON ---- */

TEST(jin_ndjson_with_blank_lines)
{
	static const char t[] = "{\"a\":1}\n\n  \n{\"a\":2}\r\n\t\n"
	    "{\"b\":\"x\",\"c\":[1,{\"d\":null}]}";
	struct jr r;
	int shape;

	for (shape = 0; shape < 2; shape++) {
		if (jr_open(&r, S(t), shape ? GD_JSON_NDJSON : GD_JSON_AUTO,
		    0) == -1)
			return;
		OBJ(&r, "{\"a\":1}", 1);
		OBJ(&r, "{\"a\":2}", 4);
		OBJ(&r, "{\"b\":\"x\",\"c\":[1,{\"d\":null}]}", 6);
		END(&r);
		jr_close(&r);
	}
}

/* NDJSON that starts with a blank line is still NDJSON. */
TEST(jin_ndjson_leading_blank_line_auto)
{
	struct jr r;

	if (jr_open(&r, S("\n{\"a\":1}\n{\"a\":2}\n"), GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 2);
	OBJ(&r, "{\"a\":2}", 3);
	END(&r);
	jr_close(&r);

	if (jr_open(&r, S("  \r\n\n {\"a\":1}\n{\"a\":2}\n"), GD_JSON_AUTO,
	    0) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 3);
	OBJ(&r, "{\"a\":2}", 4);
	END(&r);
	jr_close(&r);
}

TEST(jin_ndjson_rejects_and_recovery)
{
	static const char t[] = "{\"a\":1}\n[1,2]\n\"str\"\n{\"a\":}\n"
	    "{\"a\":1,\"a\":2}\n{\"ok\":true}\n";
	struct jr r;

	if (jr_open(&r, S(t), GD_JSON_NDJSON, 0) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 1);
	REJ(&r, 2, "[1,2]", "not a JSON object");
	REJ(&r, 3, "\"str\"", NULL);
	REJ(&r, 4, "{\"a\":}", "not valid JSON");
	REJ(&r, 5, "{\"a\":1,\"a\":2}", NULL);	/* duplicate key */
	OBJ(&r, "{\"ok\":true}", 6);
	END(&r);
	jr_close(&r);
}

TEST(jin_ndjson_line_over_cap)
{
	static const char t[] = "{\"a\":1}\n{\"long\":\"0123456789012345678"
	    "9\"}\n{\"b\":2}\n";
	struct jr r;

	if (jr_open(&r, S(t), GD_JSON_NDJSON, 20) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 1);
	REJ(&r, 2, NULL, NULL);
	OBJ(&r, "{\"b\":2}", 3);
	END(&r);
	jr_close(&r);
}

/* ---- arrays ---- */

TEST(jin_array_streaming_with_lines)
{
	static const char t[] = "[\n {\"a\":1},\n {\"a\":2,\n  \"b\":[1,2]},"
	    "\n\n {\"c\":\"}\\\"]{[\"}\n  ,{\"d\":\"\\\\\"}\n]\n";
	struct jr r;
	int shape;

	for (shape = 0; shape < 2; shape++) {
		if (jr_open(&r, S(t), shape ? GD_JSON_ARRAY : GD_JSON_AUTO,
		    0) == -1)
			return;
		OBJ(&r, "{\"a\":1}", 2);
		OBJ(&r, "{\"a\":2,\"b\":[1,2]}", 3);
		OBJ(&r, "{\"c\":\"}\\\"]{[\"}", 6);
		OBJ(&r, "{\"d\":\"\\\\\"}", 7);
		END(&r);
		jr_close(&r);
	}
}

TEST(jin_array_elements_not_objects)
{
	static const char t[] = "[1,\n\"s\", [1,{}],\nnull ,true,{\"ok\":1},"
	    "-2.5e3]";
	struct jr r;

	if (jr_open(&r, S(t), GD_JSON_AUTO, 0) == -1)
		return;
	REJ(&r, 1, "1", "not a JSON object");
	REJ(&r, 2, "\"s\"", "not a JSON object");
	REJ(&r, 2, "[1,{}]", "not a JSON object");
	REJ(&r, 3, "null", NULL);
	REJ(&r, 3, "true", NULL);
	OBJ(&r, "{\"ok\":1}", 3);
	REJ(&r, 3, "-2.5e3", NULL);
	END(&r);
	jr_close(&r);
}

TEST(jin_array_invalid_element_then_next)
{
	static const char t[] = "[{\"a\":1},\n{\"a\":},\n{\"b\":tru},{\"c\":3},"
	    "\n{\"a\":1,\"a\":1}\n,{\"z\":0}]";
	struct jr r;

	if (jr_open(&r, S(t), GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 1);
	REJ(&r, 2, "{\"a\":}", "not valid JSON");
	REJ(&r, 3, "{\"b\":tru}", "not valid JSON");
	OBJ(&r, "{\"c\":3}", 3);
	REJ(&r, 4, NULL, NULL);
	OBJ(&r, "{\"z\":0}", 5);
	END(&r);
	jr_close(&r);
}

TEST(jin_array_invalid_element_over_lines)
{
	/* The error is on the 3rd line of the element. */
	static const char t[] = "[\n{\"a\":1,\n\"b\":2,\n\"c\":}\n,{\"d\":4}]";
	struct jr r;

	if (jr_open(&r, S(t), GD_JSON_AUTO, 0) == -1)
		return;
	REJ(&r, 4, "{\"a\":1,\n\"b\":2,\n\"c\":}", "not valid JSON");
	OBJ(&r, "{\"d\":4}", 5);
	END(&r);
	jr_close(&r);
}

TEST(jin_array_element_over_cap)
{
	static const char t[] = "[{\"a\":\"0123456789012345678901234567890\"},"
	    "{\"b\":1}]";
	struct jr r;

	if (jr_open(&r, S(t), GD_JSON_AUTO, 30) == -1)
		return;
	REJ(&r, 1, NULL, NULL);
	OBJ(&r, "{\"b\":1}", 1);
	END(&r);
	jr_close(&r);
}

TEST(jin_array_empty)
{
	struct jr r;

	if (jr_open(&r, S("[]"), GD_JSON_AUTO, 0) == -1)
		return;
	T_OK(r.in != NULL);
	END(&r);
	jr_close(&r);
	if (jr_open(&r, S("\n  [ \n ]\n\n"), GD_JSON_AUTO, 0) == -1)
		return;
	T_OK(r.in != NULL);
	END(&r);
	jr_close(&r);
}

TEST(jin_array_not_closed_and_text_after)
{
	struct jr r;

	if (jr_open(&r, S("[{\"a\":1},\n{\"b\":2}"), GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 1);
	OBJ(&r, "{\"b\":2}", 2);
	REJ(&r, 2, NULL, "not closed");
	END(&r);
	jr_close(&r);

	if (jr_open(&r, S("[{\"a\":1}]\n{\"b\":2}"), GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 1);
	REJ(&r, 2, NULL, "after");
	END(&r);
	jr_close(&r);
}

TEST(jin_array_big_crossing_blocks)
{
	struct gd_buf t;
	struct gd_error err;
	const char *raw;
	size_t rawlen, i, n = 15000, bad = 0;
	unsigned long line;
	json_t *o;
	struct jr r;

	gd_buf_init(&t, 0);
	gd_buf_adds(&t, "[\n");
	for (i = 0; i < n; i++)
		gd_buf_addf(&t, "%s{\"i\":%zu,\"s\":\"x\\\"y\\n%s\","
		    "\"pad\":\"%s\"}\n", i ? "," : "", i, i % 100 ? "" :
		    "\xc3\xa9 {[}]",
		    "0123456789012345678901234567890123456789");
	gd_buf_adds(&t, "]\n");
	T_OK(t.len > 2 * 256 * 1024);
	if (jr_open(&r, t.data, t.len, GD_JSON_AUTO, 0) == -1) {
		gd_buf_release(&t);
		return;
	}
	for (i = 0; r.in && i < n; i++) {
		o = NULL;
		if (gd_jsonin_next(r.in, &o, &line, &raw, &rawlen, &err) != 1 ||
		    json_integer_value(json_object_get(o, "i")) !=
		    (json_int_t)i || line != i + 2)
			bad++;
		json_decref(o);
	}
	T_EQ_INT(bad, 0);
	END(&r);
	jr_close(&r);
	gd_buf_release(&t);
}

/* ---- documents ---- */

TEST(jin_document_content)
{
	struct jr r;

	if (jr_open(&r, S("{\"page\":1,\"content\":[{\"a\":1},{\"a\":2}],"
	    "\"size\":2}"), GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 1);
	OBJ(&r, "{\"a\":2}", 1);
	END(&r);
	jr_close(&r);
}

TEST(jin_document_embedded_feedback)
{
	struct jr r;

	if (jr_open(&r, S("{\n  \"_links\": {\"self\": {\"href\": \"x\"}},\n"
	    "  \"_embedded\": {\n    \"feedback\": [\n      {\"id\": 1},\n"
	    "      {\"id\": 2}\n    ]\n  },\n  \"page\": {\"size\": 2}\n}\n"),
	    GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"id\":1}", 0);
	OBJ(&r, "{\"id\":2}", 0);
	END(&r);
	jr_close(&r);
}

TEST(jin_document_responses)
{
	struct jr r;

	if (jr_open(&r, S("{\n\"meta\":{\"n\":3},\n\"responses\":["
	    "{\"q\":\"a\"},{\"q\":\"b\"},7,{\"q\":\"c\"}]\n}"),
	    GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"q\":\"a\"}", 0);
	OBJ(&r, "{\"q\":\"b\"}", 0);
	/* An element that is not an object is rejected alone. */
	REJ(&r, 1, NULL, "not a JSON object");
	OBJ(&r, "{\"q\":\"c\"}", 0);
	END(&r);
	jr_close(&r);
}

TEST(jin_document_empty_content)
{
	struct jr r;

	if (jr_open(&r, S("{\"content\":[],\"total\":0}"), GD_JSON_DOCUMENT, 0)
	    == -1)
		return;
	T_OK(r.in != NULL);
	END(&r);
	jr_close(&r);
}

TEST(jin_single_object)
{
	struct jr r;

	/* On one line. */
	if (jr_open(&r, S("{\"id\":\"x\",\"n\":{\"k\":[1,2]}}\n"), GD_JSON_AUTO,
	    0) == -1)
		return;
	OBJ(&r, "{\"id\":\"x\",\"n\":{\"k\":[1,2]}}", 1);
	END(&r);
	jr_close(&r);

	/* Pretty-printed over lines. */
	if (jr_open(&r, S("{\n  \"id\": \"y\",\n  \"tags\": [\"a\", "
	    "\"b\"]\n}\n"),
	    GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"id\":\"y\",\"tags\":[\"a\",\"b\"]}", 1);
	END(&r);
	jr_close(&r);
}

TEST(jin_unusable_input)
{
	struct jr r;

	if (jr_open(&r, S("hello,world\n"), GD_JSON_AUTO, 0) == -1)
		return;
	T_OK(r.in == NULL);
	T_EQ_INT(r.err.code, GD_EXIT_UNUSABLE);
	jr_close(&r);

	if (jr_open(&r, "", 0, GD_JSON_AUTO, 0) == -1)
		return;
	T_OK(r.in == NULL);
	T_EQ_INT(r.err.code, GD_EXIT_UNUSABLE);
	jr_close(&r);

	if (jr_open(&r, S("{\n\"a\": 1,\n\"b\": }\n"), GD_JSON_AUTO, 0) == -1)
		return;
	T_OK(r.in == NULL);
	T_EQ_INT(r.err.code, GD_EXIT_UNUSABLE);
	T_EQ_INT(r.err.line, 3);
	jr_close(&r);

	/* A document that holds no objects. */
	if (jr_open(&r, S("[1,2,3]"), GD_JSON_DOCUMENT, 0) == -1)
		return;
	T_OK(r.in == NULL);
	T_EQ_INT(r.err.code, GD_EXIT_UNUSABLE);
	jr_close(&r);
}

TEST(jin_utf16_input)
{
	/* [{"a":"é"}] in UTF-16LE with a BOM. */
	static const char t[] = "\xff\xfe[\0{\0\"\0a\0\"\0:\0\"\0\xe9\0"
	    "\"\0}\0]\0";
	struct jr r;

	if (jr_open(&r, S(t), GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"a\":\"\xc3\xa9\"}", 1);
	END(&r);
	jr_close(&r);
}

TEST(jin_free_null)
{
	gd_jsonin_free(NULL);
	T_OK(1);
}

/* ---- gd_flat_json ---- */

static json_t *
load(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);

	if (v == NULL)
		t_fail(__FILE__, __LINE__, "bad test JSON: %s", je.text);
	return v;
}

/* Finds a field by name. */
static const struct gd_field *
ffind(const struct gd_flat *fl, const char *name)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->f[i].name.len == strlen(name) &&
		    memcmp(fl->f[i].name.s, name, fl->f[i].name.len) == 0)
			return &fl->f[i];
	return NULL;
}

static void
expect_val(const struct gd_flat *fl, const char *name, const char *want,
    const char *file, int line)
{
	const struct gd_field *f = ffind(fl, name);

	if (f == NULL) {
		t_fail(file, line, "no field %s", name);
		return;
	}
	if (f->nitems != 0 || f->val.len != strlen(want) ||
	    memcmp(f->val.s, want, f->val.len) != 0)
		t_fail(file, line, "%s = \"%.*s\" (%zu items), expected \"%s\"",
		    name, (int)f->val.len, f->val.s ? f->val.s : "", f->nitems,
		    want);
}

/* gd_flat_json; on failure the fields are not to be used: none are left
 * to look at. */
static int
flat(struct gd_flat *fl, const json_t *o)
{
	int rc = gd_flat_json(fl, o);

	if (rc != 0)
		fl->n = 0;
	return rc;
}

#define VAL(fl, name, want) expect_val((fl), (name), (want), __FILE__, \
	__LINE__)

TEST(flat_nested_objects_arrays_scalars)
{
	struct gd_flat fl;
	const struct gd_field *f;
	json_t *o;

	o = load("{\"id\":17,\"name\":\"Ann \\\"A\\\"\",\"r\":{\"a\":{\"b\":"
	    "\"deep\"},\"c\":true},\"tags\":[\"x\",\"y\",3,false,1.5],"
	    "\"objs\":[{\"k\":1},{\"k\":\"v\"}],\"n\":null,\"empty\":[],"
	    "\"real\":2.5,\"f\":false,\"s\":\"\",\"mixed\":[1,null],"
	    "\"neg\":-3,\"big\":1e300,\"eo\":{},\"nested\":[[1],[2]]}");
	if (o == NULL)
		return;
	gd_flat_init(&fl, 0);
	T_EQ_INT(flat(&fl, o), 0);
	VAL(&fl, "id", "17");
	VAL(&fl, "name", "Ann \"A\"");
	VAL(&fl, "r.a.b", "deep");
	VAL(&fl, "r.c", "true");
	VAL(&fl, "real", "2.5");
	VAL(&fl, "f", "false");
	VAL(&fl, "s", "");
	VAL(&fl, "neg", "-3");
	VAL(&fl, "big", "1e+300");
	/* Arrays of objects and other arrays: their JSON text. */
	VAL(&fl, "objs", "[{\"k\":1},{\"k\":\"v\"}]");
	VAL(&fl, "mixed", "[1,null]");
	VAL(&fl, "nested", "[[1],[2]]");
	/* Null members, empty arrays and empty objects are left out. */
	T_OK(ffind(&fl, "n") == NULL);
	T_OK(ffind(&fl, "empty") == NULL);
	T_OK(ffind(&fl, "eo") == NULL);
	T_OK(ffind(&fl, "r") == NULL);
	T_OK(ffind(&fl, "r.a") == NULL);
	/* Arrays of scalars: lists. */
	f = ffind(&fl, "tags");
	T_OK(f != NULL);
	if (f) {
		T_EQ_INT(f->nitems, 5);
		if (f->nitems == 5) {
			T_EQ_MEM(f->items[0].s, f->items[0].len, "x");
			T_EQ_MEM(f->items[1].s, f->items[1].len, "y");
			T_EQ_MEM(f->items[2].s, f->items[2].len, "3");
			T_EQ_MEM(f->items[3].s, f->items[3].len, "false");
			T_EQ_MEM(f->items[4].s, f->items[4].len, "1.5");
		}
	}
	/* In the object's order. */
	T_EQ_INT(fl.n, 13);
	if (fl.n >= 4) {
		T_EQ_MEM(fl.f[0].name.s, fl.f[0].name.len, "id");
		T_EQ_MEM(fl.f[1].name.s, fl.f[1].name.len, "name");
		T_EQ_MEM(fl.f[2].name.s, fl.f[2].name.len, "r.a.b");
		T_EQ_MEM(fl.f[3].name.s, fl.f[3].name.len, "r.c");
	}
	gd_flat_release(&fl);
	json_decref(o);
}

TEST(flat_reuse_and_empty_object)
{
	struct gd_flat fl;
	json_t *a = load("{\"a\":\"1\",\"b\":[\"x\",\"y\"]}");
	json_t *b = load("{\"c\":{\"d\":\"2\"}}");
	json_t *e = load("{}");

	gd_flat_init(&fl, 0);
	if (a && b && e) {
		T_EQ_INT(flat(&fl, a), 0);
		T_EQ_INT(fl.n, 2);
		T_EQ_INT(flat(&fl, b), 0);
		T_EQ_INT(fl.n, 1);
		VAL(&fl, "c.d", "2");
		T_OK(ffind(&fl, "a") == NULL);
		T_EQ_INT(flat(&fl, e), 0);
		T_EQ_INT(fl.n, 0);
		T_EQ_INT(flat(&fl, a), 0);
		VAL(&fl, "a", "1");
		T_OK(fl.n == 2 && fl.f[1].nitems == 2);
	}
	gd_flat_release(&fl);
	json_decref(a);
	json_decref(b);
	json_decref(e);
}

TEST(flat_many_fields_pointers_stay_valid)
{
	struct gd_flat fl;
	json_t *o = json_object(), *in, *arr;
	char k[32], v[64];
	size_t i, bad = 0;
	const struct gd_field *f;

	for (i = 0; i < 500; i++) {
		snprintf(k, sizeof(k), "k%zu", i);
		in = json_object();
		snprintf(v, sizeof(v), "value number %zu", i);
		json_object_set_new(in, "v", json_string(v));
		arr = json_array();
		json_array_append_new(arr, json_string(k));
		json_array_append_new(arr, json_integer((json_int_t)i));
		json_object_set_new(in, "list", arr);
		json_object_set_new(o, k, in);
	}
	gd_flat_init(&fl, 0);
	T_EQ_INT(flat(&fl, o), 0);
	T_EQ_INT(fl.n, 1000);
	for (i = 0; i < 500 && fl.n == 1000; i++) {
		char name[40];

		snprintf(name, sizeof(name), "k%zu.v", i);
		snprintf(v, sizeof(v), "value number %zu", i);
		f = ffind(&fl, name);
		if (f == NULL || f->val.len != strlen(v) || memcmp(f->val.s, v,
		    f->val.len) != 0)
			bad++;
		snprintf(name, sizeof(name), "k%zu.list", i);
		snprintf(k, sizeof(k), "k%zu", i);
		snprintf(v, sizeof(v), "%zu", i);
		f = ffind(&fl, name);
		if (f == NULL || f->nitems != 2 || f->items[0].len !=
		    strlen(k) || memcmp(f->items[0].s, k, strlen(k)) != 0 ||
		    f->items[1].len != strlen(v) || memcmp(f->items[1].s, v,
		    strlen(v)) != 0)
			bad++;
	}
	T_EQ_INT(bad, 0);
	gd_flat_release(&fl);
	json_decref(o);
}

TEST(flat_cap)
{
	struct gd_flat fl;
	json_t *o = load("{\"name\":\"a text longer than the cap\"}");

	gd_flat_init(&fl, 16);
	if (o)
		T_EQ_INT(flat(&fl, o), -1);
	json_decref(o);
	o = load("{\"a\":\"b\"}");
	if (o) {
		T_EQ_INT(flat(&fl, o), 0);	/* fits */
		VAL(&fl, "a", "b");
	}
	json_decref(o);
	gd_flat_release(&fl);
}

/* The cap is on the text kept: an object whose flattened text fits is
 * flattened, also when it holds strings inside nested arrays. */
TEST(flat_cap_counts_only_the_text_written)
{
	struct gd_flat fl;
	json_t *o = load("{\"objs\":[{\"k\":\"0123456789012345678\"}]}");

	gd_flat_init(&fl, 100);	/* "objs" + 29 bytes of JSON text */
	if (o) {
		int rc = flat(&fl, o);

		T_EQ_INT(rc, 0);
		if (rc == 0)
			VAL(&fl, "objs", "[{\"k\":\"0123456789012345678\"}]");
	}
	json_decref(o);
	gd_flat_release(&fl);
}

/* gd_jsonin_cut: the raw text of the last reject is only its start. */
TEST(jin_cut_flag)
{
	struct gd_error err;
	const char *raw;
	size_t rawlen;
	unsigned long line;
	json_t *o;
	struct jr r;

	if (jr_open(&r, S("[{\"a\":\"0123456789012345678901234567890\"},"
	    "{\"b\":},{\"c\":1}]"), GD_JSON_AUTO, 20) == -1)
		return;
	if (r.in) {
		T_EQ_INT(gd_jsonin_next(r.in, &o, &line, &raw, &rawlen, &err),
		    -2);
		T_EQ_INT(gd_jsonin_cut(r.in), 1);
		T_OK(rawlen <= 20 && rawlen > 0 && raw[0] == '{');
		T_EQ_INT(gd_jsonin_next(r.in, &o, &line, &raw, &rawlen, &err),
		    -2);
		T_EQ_INT(gd_jsonin_cut(r.in), 0);
		T_EQ_MEM(raw, rawlen, "{\"b\":}");
	}
	OBJ(&r, "{\"c\":1}", 1);
	END(&r);
	jr_close(&r);

	if (jr_open(&r, S("{\"a\":1}\n{\"long\":\"01234567890123456789\"}\n"
	    "{\"a\":}\n"), GD_JSON_NDJSON, 20) == -1)
		return;
	OBJ(&r, "{\"a\":1}", 1);
	if (r.in) {
		T_EQ_INT(gd_jsonin_next(r.in, &o, &line, &raw, &rawlen, &err),
		    -2);
		T_EQ_INT(gd_jsonin_cut(r.in), 1);
		T_EQ_INT(gd_jsonin_next(r.in, &o, &line, &raw, &rawlen, &err),
		    -2);
		T_EQ_INT(gd_jsonin_cut(r.in), 0);
	}
	END(&r);
	jr_close(&r);
}

/* Integers beyond 64 bits are read as their text. */
TEST(jin_big_integers_as_text)
{
	static const char nd[] = "{\"id\":123456789012345678901234,\"n\":"
	    "-99999999999999999999,\"ok\":5,\"s\":\"12345678901234567890123\"}"
	    "\n{\"id\":1}\n";
	struct jr r;
	int shape;

	/* NDJSON, named or found: a big integer on the first line does not
	 * hide the shape. */
	for (shape = 0; shape < 2; shape++) {
		if (jr_open(&r, S(nd), shape ? GD_JSON_AUTO : GD_JSON_NDJSON,
		    0) == -1)
			return;
		OBJ(&r, "{\"id\":\"123456789012345678901234\",\"n\":"
		    "\"-99999999999999999999\",\"ok\":5,\"s\":"
		    "\"12345678901234567890123\"}", 1);
		OBJ(&r, "{\"id\":1}", 2);
		END(&r);
		jr_close(&r);
	}

	if (jr_open(&r, S("[{\"id\":18446744073709551616}]"), GD_JSON_AUTO, 0)
	    == -1)
		return;
	OBJ(&r, "{\"id\":\"18446744073709551616\"}", 1);
	END(&r);
	jr_close(&r);

	if (jr_open(&r, S("{\"content\":[{\"id\":100000000000000000000}]}"),
	    GD_JSON_AUTO, 0) == -1)
		return;
	OBJ(&r, "{\"id\":\"100000000000000000000\"}", 1);
	END(&r);
	jr_close(&r);
}
