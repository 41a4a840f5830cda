/*
 * test_mapping.c - mapping files and plans: parse errors, the lossless
 * plan, a full mapping (ids, dates, joins, labels, countries, consent,
 * answers split into lists, comments, missing sentinels, unmapped
 * columns, drop and extra lists, contains, alternatives), derived ids,
 * warnings, empty rows, presets.  Records are inspected by writing them
 * with gd_resp_write and reading the text back with jansson.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "gd/gd.h"
#include "t.h"

/* ---- helpers ---- */

/* JSON written with ' for ", to keep the tests readable. */
static char *
dq(const char *s)
{
	char *d = strdup(s), *p;

	for (p = d; p && *p; p++)
		if (*p == '\'')
			*p = '"';
	return d;
}

static struct gd_map *
map_parse(const char *sq, struct gd_error *err)
{
	char *t = dq(sq);
	struct gd_map *m;

	gd_error_clear(err);
	m = gd_map_parse(t, strlen(t), "test-map.json", err);
	free(t);
	return m;
}

/* Expects sq not to parse, with a message holding each of the parts. */
static void
parse_fails(const char *sq, const char *part1, const char *part2,
    const char *file, int line)
{
	struct gd_error err;
	struct gd_map *m = map_parse(sq, &err);

	if (m != NULL) {
		t_fail(file, line, "parsed: %s", sq);
		gd_map_free(m);
		return;
	}
	if (err.code != GD_EXIT_UNUSABLE)
		t_fail(file, line, "code %d for %s", err.code, sq);
	if (strcmp(err.file, "test-map.json") != 0)
		t_fail(file, line, "file \"%s\"", err.file);
	if (part1 && strstr(err.msg, part1) == NULL)
		t_fail(file, line, "message \"%s\" lacks \"%s\"", err.msg,
		    part1);
	if (part2 && strstr(err.msg, part2) == NULL)
		t_fail(file, line, "message \"%s\" lacks \"%s\"", err.msg,
		    part2);
}

#define PARSE_FAILS(sq, a, b) parse_fails((sq), (a), (b), __FILE__, __LINE__)

#define MAXCOL 32

struct fx {
	struct gd_map *m;
	struct gd_plan *p;
	struct gd_str names[MAXCOL];
	size_t n;
	struct gd_resp r;
	struct gd_error err;
	json_t *rec;		/* the last record, parsed */
	char *text;		/* and its text */
};

static void
set_names(struct fx *x, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < MAXCOL; i++) {
		x->names[i].s = names[i];
		x->names[i].len = strlen(names[i]);
	}
	x->n = n;
}

/* Parses the mapping (NULL: lossless) and compiles it for the header. */
static int
fx_open(struct fx *x, const char *sq, const char *const *names, size_t n,
    const char *file)
{
	memset(x, 0, sizeof(*x));
	set_names(x, names, n);
	if (sq && (x->m = map_parse(sq, &x->err)) == NULL) {
		t_fail(__FILE__, __LINE__, "mapping: %s", x->err.msg);
		return -1;
	}
	if ((x->p = gd_plan_new(x->m, x->names, x->n, file, &x->err)) ==
	    NULL) {
		t_fail(__FILE__, __LINE__, "plan: %s", x->err.msg);
		gd_map_free(x->m);
		x->m = NULL;
		return -1;
	}
	return 0;
}

static void
fx_close(struct fx *x)
{
	gd_plan_free(x->p);
	gd_map_free(x->m);
	gd_resp_release(&x->r);
	json_decref(x->rec);
	free(x->text);
	memset(x, 0, sizeof(*x));
}

/*
 * Applies a row of n values (NULL: a missing value) and parses the
 * record written.  Returns gd_plan_apply's result.
 */
static int
fx_apply(struct fx *x, const char *const *vals, size_t n, unsigned long row)
{
	struct gd_field f[MAXCOL];
	struct gd_row rw;
	struct gd_buf b;
	struct gd_jw jw;
	json_error_t je;
	size_t i;
	int rc;

	json_decref(x->rec);
	x->rec = NULL;
	free(x->text);
	x->text = NULL;
	memset(f, 0, sizeof(f));
	for (i = 0; i < n && i < MAXCOL; i++) {
		if (i < x->n)
			f[i].name = x->names[i];
		else
			f[i].name.s = "", f[i].name.len = 0;
		f[i].val.s = vals[i];
		f[i].val.len = vals[i] ? strlen(vals[i]) : 0;
	}
	memset(&rw, 0, sizeof(rw));
	rw.n = n;
	rw.f = f;
	rw.file = "/data/in/export.csv";
	rw.line = row + 1;
	rw.row = row;
	rc = gd_plan_apply(x->p, &rw, &x->r, &x->err);
	if (rc != 0)
		return rc;
	gd_buf_init(&b, 0);
	gd_jw_init(&jw, &b);
	gd_resp_write(&jw, &x->r);
	if (jw.err)
		t_fail(__FILE__, __LINE__, "gd_resp_write failed");
	x->rec = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &je);
	if (x->rec == NULL)
		t_fail(__FILE__, __LINE__, "record is not JSON (%s): %s",
		    je.text, b.data);
	x->text = b.data;	/* keep the text */
	return rc;
}

/* A member by dotted path ("respondent.type"), or NULL. */
static json_t *
jget(json_t *o, const char *path)
{
	char key[128];
	const char *dot;
	size_t n;

	while (o && (dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		path = dot + 1;
	}
	return o ? json_object_get(o, path) : NULL;
}

static void
expect_str(struct fx *x, const char *path, const char *want,
    const char *file, int line)
{
	json_t *v = jget(x->rec, path);

	if (want == NULL) {
		if (v != NULL)
			t_fail(file, line, "%s is present: %s", path, x->text);
		return;
	}
	if (!json_is_string(v) || strcmp(json_string_value(v), want) != 0)
		t_fail(file, line, "%s = %s, expected \"%s\" in %s", path,
		    json_is_string(v) ? json_string_value(v) : "(not a string)",
		    want, x->text ? x->text : "(no record)");
}

/* Expects path to be an array of the '|'-separated texts. */
static void
expect_list(struct fx *x, const char *path, const char *want,
    const char *file, int line)
{
	json_t *v = jget(x->rec, path), *it;
	size_t i, k;
	const char *w = want;

	if (!json_is_array(v)) {
		t_fail(file, line, "%s is not a list in %s", path,
		    x->text ? x->text : "(no record)");
		return;
	}
	for (i = 0; ; i++) {
		k = strcspn(w, "|");
		it = json_array_get(v, i);
		if (!json_is_string(it) || strlen(json_string_value(it)) != k ||
		    memcmp(json_string_value(it), w, k) != 0) {
			t_fail(file, line, "%s[%zu] wrong in %s (want %s)",
			    path, i, x->text, want);
			return;
		}
		if (w[k] == '\0')
			break;
		w += k + 1;
	}
	if (json_array_size(v) != i + 1)
		t_fail(file, line, "%s has %zu items, expected %zu", path,
		    json_array_size(v), i + 1);
}

/* Number of members of an object at path (-1: not an object). */
static long
nmembers(struct fx *x, const char *path)
{
	json_t *v = path ? jget(x->rec, path) : x->rec;

	return json_is_object(v) ? (long)json_object_size(v) : -1;
}

/* Counts queued warnings that hold part (and drains the queue). */
static int
warnings(struct fx *x, const char *part)
{
	const char *w;
	int n = 0;

	while ((w = gd_plan_warning(x->p)) != NULL)
		if (part == NULL || strstr(w, part) != NULL)
			n++;
	return n;
}

/* Drains the queued warnings into buf (one a line); returns how many. */
static int
drain(struct fx *x, char *buf, size_t size)
{
	const char *w;
	size_t off = 0;
	int n = 0;

	buf[0] = '\0';
	while ((w = gd_plan_warning(x->p)) != NULL) {
		n++;
		if (off < size)
			off += (size_t)snprintf(buf + off, size - off, "%s\n",
			    w);
	}
	return n;
}

#define STR(x, path, want) expect_str((x), (path), (want), __FILE__, __LINE__)
#define LIST(x, path, want) expect_list((x), (path), (want), __FILE__, \
	__LINE__)
#define NVAL(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- parsing ---- */

TEST(map_parse_not_json)
{
	struct gd_error err;
	struct gd_map *m;

	PARSE_FAILS("{'id': ", "not valid JSON", NULL);
	PARSE_FAILS("", "not valid JSON", NULL);
	gd_error_clear(&err);
	m = gd_map_parse("{\n\"id\": \"x\",\n}", 14, "m.json", &err);
	T_OK(m == NULL);
	T_EQ_INT(err.line, 3);
	T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
	gd_map_free(m);
	/* Duplicate keys are an error, not a silent choice. */
	PARSE_FAILS("{'id': 'a', 'id': 'b'}", NULL, NULL);
}

TEST(map_parse_not_an_object)
{
	PARSE_FAILS("[]", "JSON object", NULL);
	PARSE_FAILS("'id'", NULL, NULL);
}

TEST(map_parse_unknown_keys)
{
	PARSE_FAILS("{'idd': 'x'}", "unknown key \"idd\"", NULL);
	PARSE_FAILS("{'respondent': {'nmae': 'x'}}", "respondent",
	    "unknown key \"nmae\"");
	PARSE_FAILS("{'id': {'column': 'x', 'colour': 1}}", "id",
	    "unknown key \"colour\"");
	PARSE_FAILS("{'submitted': {'column': 'x', 'format': 'dmy'}}",
	    "submitted", "unknown key \"format\"");
	PARSE_FAILS("{'respondent': {'type': {'column': 'T', 'valeus': {}}}}",
	    "respondent.type", "unknown key \"valeus\"");
	/* "split" is for answers only. */
	PARSE_FAILS("{'comments': {'c': {'column': 'C', 'split': ';'}}}",
	    "comments", "unknown key \"split\"");
}

TEST(map_parse_bad_canonical_values)
{
	PARSE_FAILS("{'respondent': {'type': {'column': 'T', 'values': "
	    "{'Citizen': 'citizens'}}}}", "respondent.type", "\"Citizen\"");
	PARSE_FAILS("{'respondent': {'type': {'column': 'T', 'values': "
	    "{'Citizen': 'citizens'}}}}", "not a canonical value", NULL);
	PARSE_FAILS("{'respondent': {'type': {'column': 'T', 'values': "
	    "{'A': 7}}}}", "not a canonical value", NULL);
	PARSE_FAILS("{'respondent': {'type': {'column': 'T', 'values': "
	    "['citizen']}}}", "values", NULL);
	PARSE_FAILS("{'respondent': {'type': {'column': 'T', 'absent': "
	    "'nobody'}}}", "absent", NULL);
	PARSE_FAILS("{'respondent': {'type': {'column': 'T', 'present': "
	    "'Organisation'}}}", "present", NULL);
	PARSE_FAILS("{'respondent': {'type': {'value': 'martian'}}}",
	    "martian", "not a canonical value");
	PARSE_FAILS("{'consent': {'value': 'maybe'}}", "consent", "maybe");
	/* A consent value is not a type and the other way round. */
	PARSE_FAILS("{'consent': {'column': 'C', 'values': {'Yes': "
	    "'citizen'}}}", "consent", "\"Yes\"");
	PARSE_FAILS("{'respondent': {'type': {'column': 'T', 'values': "
	    "{'X': 'named'}}}}", "respondent.type", "\"X\"");
}

TEST(map_parse_bad_header_row)
{
	PARSE_FAILS("{'header_row': 0}", "header_row", NULL);
	PARSE_FAILS("{'header_row': -1}", "header_row", NULL);
	PARSE_FAILS("{'header_row': 'first'}", "header_row", NULL);
	PARSE_FAILS("{'header_row': 1.5}", "header_row", NULL);
	PARSE_FAILS("{'header_row': '2'}", "header_row", NULL);
	PARSE_FAILS("{'header_rows': 0}", "header_rows", NULL);
	PARSE_FAILS("{'header_rows': 11}", "header_rows", NULL);
}

TEST(map_parse_other_errors)
{
	PARSE_FAILS("{'unmapped': 'keep'}", "unmapped", NULL);
	PARSE_FAILS("{'unmapped': 1}", "unmapped", NULL);
	PARSE_FAILS("{'submitted': {'column': 'D', 'order': 'ymd'}}",
	    "submitted", "order");
	PARSE_FAILS("{'submitted': {'column': 'D', 'timezone': 'CET'}}",
	    "submitted", "timezone");
	PARSE_FAILS("{'id': {'join': []}}", "id", "join");
	PARSE_FAILS("{'id': {'join': ['a','b','c','d','e','f','g','h','i',"
	    "'j','k','l','m','n','o','p','q']}}", "id", "join");
	PARSE_FAILS("{'id': {'join': ['a'], 'sep': 1}}", "sep", NULL);
	PARSE_FAILS("{'id': {'value': 5}}", "value", NULL);
	PARSE_FAILS("{'id': {'sep': '-'}}", "id", NULL);
	PARSE_FAILS("{'id': []}", "id", NULL);
	PARSE_FAILS("{'id': 5}", "id", NULL);
	PARSE_FAILS("{'id': [{'contains': 5}]}", "id", NULL);
	PARSE_FAILS("{'answers': {'q': {'column': 'Q', 'split': ''}}}",
	    "split", NULL);
	PARSE_FAILS("{'answers': ['Q1']}", "answers", NULL);
	PARSE_FAILS("{'missing': 'N/A'}", "missing", NULL);
	PARSE_FAILS("{'missing': ['N/A', 3]}", "missing", NULL);
	PARSE_FAILS("{'drop': 'x'}", "drop", NULL);
	PARSE_FAILS("{'extra': [5]}", "extra", NULL);
	PARSE_FAILS("{'respondent': 'x'}", "respondent", NULL);
}

TEST(map_parse_valid_and_accessors)
{
	struct gd_error err;
	struct gd_map *m;

	m = map_parse("{'name': 'n', 'description': 'd', 'id': 'ID'}", &err);
	T_OK(m != NULL);
	T_EQ_INT(gd_map_header_row(m), 1);
	T_EQ_INT(gd_map_header_rows(m), 1);
	gd_map_free(m);
	m = map_parse("{'header_row': 'auto', 'header_rows': 3}", &err);
	T_OK(m != NULL);
	T_EQ_INT(gd_map_header_row(m), 0);
	T_EQ_INT(gd_map_header_rows(m), 3);
	gd_map_free(m);
	m = map_parse("{'header_row': 4}", &err);
	T_OK(m != NULL);
	T_EQ_INT(gd_map_header_row(m), 4);
	gd_map_free(m);
	/* The lossless mapping. */
	T_EQ_INT(gd_map_header_row(NULL), 1);
	T_EQ_INT(gd_map_header_rows(NULL), 1);
	gd_map_free(NULL);
	/* An empty mapping is fine. */
	m = map_parse("{}", &err);
	T_OK(m != NULL);
	gd_map_free(m);
}

TEST(map_id_column_and_header_match)
{
	static const struct gd_str h[] = { { "Name", 4 }, { "Response Id", 11 },
	    { "Date", 4 } };
	struct gd_error err;
	struct gd_map *m;

	m = map_parse("{'id': ['Unique ID', 'response id']}", &err);
	T_OK(m != NULL);
	if (m) {
		/* Other case and punctuation still match. */
		T_EQ_INT(gd_map_id_column(m, h, 3), 1);
		T_EQ_INT(gd_map_header_matches(m, h, 3), 1);
		T_EQ_INT(gd_map_id_column(m, h, 1), -1);
		T_EQ_INT(gd_map_header_matches(m, h, 1), 0);
	}
	gd_map_free(m);
	m = map_parse("{'id': {'contains': 'SPONSE'}}", &err);
	T_OK(m != NULL);
	if (m)
		T_EQ_INT(gd_map_id_column(m, h, 3), 1);
	gd_map_free(m);
	T_EQ_INT(gd_map_id_column(NULL, h, 3), -1);
	T_EQ_INT(gd_map_header_matches(NULL, h, 3), 1);
}

TEST(map_load_file)
{
	struct gd_error err;
	struct gd_map *m;
	char path[64];
	int fd;
	static const char text[] = "{\"id\": \"ID\", \"unmapped\": \"drop\"}";

	snprintf(path, sizeof(path), "/tmp/gd-test-map-XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		return;
	T_OK(write(fd, text, sizeof(text) - 1) == (ssize_t)sizeof(text) - 1);
	close(fd);
	m = gd_map_load(path, &err);
	T_OK(m != NULL);
	gd_map_free(m);
	unlink(path);

	gd_error_clear(&err);
	m = gd_map_load("/tmp/gd-test-no-such-dir/map.json", &err);
	T_OK(m == NULL);
	T_EQ_INT(err.code, GD_EXIT_IO);
}

TEST(map_presets_all_parse)
{
	const char *const *names = gd_map_preset_names();
	struct gd_error err;
	struct gd_map *m;
	int n = 0;

	T_OK(names != NULL);
	for (; names && *names; names++, n++) {
		const char *text = gd_map_preset_text(*names);

		T_OK(text != NULL);
		gd_error_clear(&err);
		m = gd_map_preset(*names, &err);
		if (m == NULL)
			t_fail(__FILE__, __LINE__, "preset %s: %s", *names,
			    err.msg);
		gd_map_free(m);
		/* The text is an ordinary mapping too. */
		if (text) {
			m = gd_map_parse(text, strlen(text), *names, &err);
			T_OK(m != NULL);
			gd_map_free(m);
		}
	}
	T_OK(n >= 1);
	gd_error_clear(&err);
	T_OK(gd_map_preset("no-such-preset", &err) == NULL);
	T_EQ_INT(err.code, GD_EXIT_USAGE);
	T_OK(gd_map_preset_text("no-such-preset") == NULL);
}

/* ---- the lossless plan ---- */

TEST(plan_lossless_keeps_everything_in_order)
{
	static const char *const h[] = { "b", "a", "Q \"3\"", "empty" };
	static const char *const v[] = { "2", " one ", "x\ny", "" };
	struct fx x;
	json_t *ans;
	const char *k;
	json_t *val;
	int i = 0;

	if (fx_open(&x, NULL, h, NVAL(h), "/data/in/export.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 5), 0);
	STR(&x, "answers.b", "2");
	STR(&x, "answers.a", " one ");	/* not trimmed */
	STR(&x, "answers.Q \"3\"", "x\ny");
	STR(&x, "answers.empty", "");	/* empty values kept */
	/* Header order. */
	ans = jget(x.rec, "answers");
	json_object_foreach(ans, k, val) {
		if (strcmp(k, h[i]) != 0)
			t_fail(__FILE__, __LINE__, "key %d is %s", i, k);
		i++;
	}
	T_EQ_INT(i, 4);
	/* Derived id, unknown type and consent, the source. */
	STR(&x, "id", "export.csv#5");
	STR(&x, "respondent.type", "unknown");
	STR(&x, "consent", "unknown");
	STR(&x, "source.file", "/data/in/export.csv");
	T_EQ_INT(json_integer_value(jget(x.rec, "source.line")), 6);
	T_EQ_INT(json_integer_value(jget(x.rec, "source.row")), 5);
	T_OK(jget(x.rec, "comments") == NULL);
	T_OK(jget(x.rec, "extra") == NULL);
	T_EQ_INT(warnings(&x, NULL), 0);
	fx_close(&x);
}

TEST(plan_lossless_short_and_empty_rows)
{
	static const char *const h[] = { "a", "b", "c" };
	static const char *const shortrow[] = { "1", NULL };
	static const char *const empty[] = { "", "", "" };
	struct fx x;

	if (fx_open(&x, NULL, h, NVAL(h), "-") == -1)
		return;
	/* A missing value is left out; an empty one is kept. */
	T_EQ_INT(fx_apply(&x, shortrow, 1, 2), 0);
	STR(&x, "answers.a", "1");
	T_OK(jget(x.rec, "answers.b") == NULL);
	T_OK(jget(x.rec, "answers.c") == NULL);
	T_EQ_INT(fx_apply(&x, shortrow, 2, 2), 0);
	T_OK(jget(x.rec, "answers.b") == NULL);
	/* Standard input: the derived id says so. */
	STR(&x, "id", "stdin#2");
	/* An empty row is still a record without a mapping. */
	T_EQ_INT(fx_apply(&x, empty, 3, 3), 0);
	STR(&x, "answers.c", "");
	STR(&x, "id", "stdin#3");
	fx_close(&x);
}

TEST(plan_lossless_list_values)
{
	static const char *const h[] = { "multi" };
	static const struct gd_str items[] = { { "x", 1 }, { "", 0 },
	    { "y", 1 } };
	struct gd_field f;
	struct gd_row rw;
	struct gd_buf b;
	struct gd_jw jw;
	struct fx x;
	json_t *o;

	if (fx_open(&x, NULL, h, 1, "f.json") == -1)
		return;
	memset(&f, 0, sizeof(f));
	f.name = x.names[0];
	f.nitems = 3;
	f.items = items;
	memset(&rw, 0, sizeof(rw));
	rw.n = 1;
	rw.f = &f;
	rw.file = "f.json";
	rw.row = 1;
	T_EQ_INT(gd_plan_apply(x.p, &rw, &x.r, &x.err), 0);
	gd_buf_init(&b, 0);
	gd_jw_init(&jw, &b);
	gd_resp_write(&jw, &x.r);
	o = json_loadb(b.data, b.len, 0, NULL);
	x.rec = o;
	x.text = b.data;
	LIST(&x, "answers.multi", "x||y");	/* empty items kept */
	fx_close(&x);
}

/* ---- a full mapping ---- */

static const char full_map[] =
"{"
"  'consultation': 'cons-1',"
"  'id': ['Respondent ID', 'Response ID'],"
"  'submitted': {'column': 'Submitted', 'order': 'dmy', 'timezone': '+01:00'},"
"  'respondent': {"
"    'name': {'join': ['First name', 'Last name'], 'sep': ' '},"
"    'email': 'E-mail',"
"    'organisation': {'contains': 'organis'},"
"    'country': 'Country',"
"    'type': {'column': 'Type', 'values': {'Private person': 'citizen',"
"      'Firm': 'business'}, 'absent': 'unknown'}"
"  },"
"  'consent': {'column': 'Consent', 'values': {'Yes, publish': 'named',"
"    'Anonymous please': 'anonymous', 'No': 'withheld'}, 'absent': 'unknown'},"
"  'answers': {'q1': {'column': 'Q1 colours', 'split': ';'}, 'q2': 'Q2 free',"
"    'q3': {'join': ['Q3a', 'Q3b'], 'sep': '/'}},"
"  'comments': {'c': 'Comments'},"
"  'missing': ['N/A', '-'],"
"  'unmapped': 'extra',"
"  'drop': ['Secret token'],"
"  'extra': ['Notes']"
"}";

static const char *const full_hdr[] = {
	"Response ID", "Submitted", "First name", "Last name", "E-mail",
	"Your organisation", "Country", "Type", "Consent", "Q1 colours",
	"Q2 free", "Comments", "Internal", "Notes", "Secret token", "Q3a",
	"Q3b",
};

TEST(plan_full_mapping)
{
	static const char *const v[] = {
		"R-1", "02/11/2009 10:01", "Ann", "Lee", "ann@example.org",
		" ACME Ltd ", "Germany", "Firm", "Yes, publish",
		"red; green ;;blue; ", "N/A", "Nice \"work\"", "int-1", "note",
		"tok-secret", "a", "b",
	};
	struct fx x;
	json_t *extra;

	if (fx_open(&x, full_map, full_hdr, NVAL(full_hdr), "export.csv") ==
	    -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 1), 0);
	STR(&x, "id", "R-1");
	STR(&x, "consultation", "cons-1");
	STR(&x, "submitted", "2009-11-02T10:01:00+01:00");
	STR(&x, "respondent.name", "Ann Lee");
	STR(&x, "respondent.email", "ann@example.org");
	STR(&x, "respondent.organisation", "ACME Ltd");	/* trimmed */
	STR(&x, "respondent.country", "DE");
	STR(&x, "respondent.type", "business");
	STR(&x, "respondent.type_label", "Firm");
	STR(&x, "consent", "named");
	LIST(&x, "answers.q1", "red|green|blue");
	T_OK(jget(x.rec, "answers.q2") == NULL);	/* "N/A": missing */
	STR(&x, "answers.q3", "a/b");
	T_EQ_INT(nmembers(&x, "answers"), 2);
	STR(&x, "comments.c", "Nice \"work\"");
	T_EQ_INT(nmembers(&x, "comments"), 1);
	/* Unmapped columns and the "extra" list, in header order; the
	 * "drop" list nowhere. */
	extra = jget(x.rec, "extra");
	T_EQ_INT(nmembers(&x, "extra"), 2);
	STR(&x, "extra.Internal", "int-1");
	STR(&x, "extra.Notes", "note");
	T_OK(json_object_get(extra, "Secret token") == NULL);
	T_OK(x.text && strstr(x.text, "tok-secret") == NULL);
	T_OK(x.text && strstr(x.text, "\"extra\":{\"Internal\":\"int-1\","
	    "\"Notes\":\"note\"}") != NULL);
	T_EQ_INT(warnings(&x, NULL), 0);
	fx_close(&x);
}

TEST(plan_full_mapping_labels_and_absent_values)
{
	static const char *const v1[] = {
		"R-2", "31/12/2020", "Bo", "", "", "", "fr",
		"Member of the public",
		"Publish response in full", "-", "free text", "", "", "", "",
		"", "b only",
	};
	static const char *const v2[] = {
		"R-3", "", "", "Solo", "n/a", "", "Atlantis", "private PERSON",
		"anonymous  please", "", "", "", "", "", "", "", "",
	};
	static const char *const v3[] = {	/* a short row */
		"R-4", "01/02/2003 04:05:06", "X",
	};
	struct fx x;

	if (fx_open(&x, full_map, full_hdr, NVAL(full_hdr), "export.csv") ==
	    -1)
		return;
	T_EQ_INT(fx_apply(&x, v1, NVAL(v1), 2), 0);
	STR(&x, "submitted", "2020-12-31");
	STR(&x, "respondent.name", "Bo");	/* no separator left over */
	STR(&x, "respondent.email", NULL);
	STR(&x, "respondent.organisation", NULL);
	STR(&x, "respondent.country", "FR");
	/* Built-in tables when the mapping's own has no entry. */
	STR(&x, "respondent.type", "citizen");
	STR(&x, "respondent.type_label", "Member of the public");
	STR(&x, "consent", "named");
	T_OK(jget(x.rec, "answers.q1") == NULL);	/* "-": missing */
	STR(&x, "answers.q2", "free text");
	STR(&x, "answers.q3", "b only");
	T_OK(jget(x.rec, "comments") == NULL);
	T_OK(jget(x.rec, "extra") == NULL);	/* empty values left out */

	T_EQ_INT(fx_apply(&x, v2, NVAL(v2), 3), 0);
	STR(&x, "submitted", NULL);
	STR(&x, "respondent.name", "Solo");
	STR(&x, "respondent.email", NULL);	/* "n/a": missing, any case */
	STR(&x, "respondent.country", "Atlantis");	/* kept as it is */
	/* Labels compare without case and extra spaces. */
	STR(&x, "respondent.type", "citizen");
	STR(&x, "respondent.type_label", "private PERSON");
	STR(&x, "consent", "anonymous");
	T_EQ_INT(nmembers(&x, "answers"), 0);

	T_EQ_INT(fx_apply(&x, v3, NVAL(v3), 4), 0);
	STR(&x, "id", "R-4");
	STR(&x, "submitted", "2003-02-01T04:05:06+01:00");
	STR(&x, "respondent.name", "X");
	/* Absent type and consent: the mapping's "absent". */
	STR(&x, "respondent.type", "unknown");
	STR(&x, "respondent.type_label", NULL);
	STR(&x, "consent", "unknown");
	T_EQ_INT(warnings(&x, NULL), 0);
	fx_close(&x);
}

TEST(plan_unreadable_date_kept_in_extra_with_warning)
{
	static const char *const v[] = { "R-9", "sometime last week", "A" };
	static const char *const v2[] = { "R-10", "sometime last week", "B" };
	struct fx x;

	if (fx_open(&x, full_map, full_hdr, NVAL(full_hdr), "export.csv") ==
	    -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 9), 0);
	STR(&x, "submitted", NULL);
	STR(&x, "extra.Submitted", "sometime last week");
	T_EQ_INT(warnings(&x, "sometime last week"), 1);
	/* The same text again: no second warning, still kept. */
	T_EQ_INT(fx_apply(&x, v2, NVAL(v2), 10), 0);
	STR(&x, "extra.Submitted", "sometime last week");
	T_EQ_INT(warnings(&x, NULL), 0);
	fx_close(&x);
}

TEST(plan_unknown_type_label_other_and_one_warning)
{
	static const char *const h[] = { "ID", "Type", "Consent" };
	static const char *const v1[] = { "1", "Martian", "Yes" };
	static const char *const v2[] = { "2", "Martian", "Yes" };
	static const char *const v3[] = { "3", "Venusian", "Perhaps" };
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'respondent': {'type': 'Type'}, "
	    "'consent': 'Consent'}", h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v1, 3, 1), 0);
	STR(&x, "respondent.type", "other");
	STR(&x, "respondent.type_label", "Martian");
	T_EQ_INT(warnings(&x, "Martian"), 1);
	T_EQ_INT(fx_apply(&x, v2, 3, 2), 0);
	STR(&x, "respondent.type", "other");
	T_EQ_INT(warnings(&x, NULL), 0);	/* once only */
	T_EQ_INT(fx_apply(&x, v3, 3, 3), 0);
	STR(&x, "respondent.type", "other");
	/* An unknown consent label is "unknown", and handed to the caller
	 * to count, not queued as a warning. */
	STR(&x, "consent", "unknown");
	{
		char buf[2000];
		const char *l;
		size_t len = 0;

		T_EQ_INT(drain(&x, buf, sizeof(buf)), 1);
		T_OK(strstr(buf, "\"Venusian\"") != NULL);
		l = gd_plan_consent_label(x.p, &len);
		T_OK(l != NULL && len == 7 && memcmp(l, "Perhaps", 7) == 0);
	}
	fx_close(&x);
}

/*
 * Consent labels: the built-in table's, whole; one not known is handed
 * to the caller, and is "withheld" when it reads as a refusal; a label
 * the table knows, or one absent, is not handed out.
 */
TEST(plan_consent_label_unknown_or_refusal)
{
	static const char *const h[] = { "ID", "Consent" };
	static const struct {
		const char *label, *consent;
		int unknown;
	} c[] = {
		{ "Nicht veröffentlichen", "withheld", 0 },
		{ "Keep my response confidential", "withheld", 0 },
		{ "Publish response only (without name)", "anonymous", 0 },
		{ "Publicar con mi nombre", "named", 0 },
		{ "Please do not put my response online or publish it",
		    "withheld", 1 },
		{ "Strictly confidential, thanks", "withheld", 1 },
		{ "Publish it", "unknown", 1 },
		{ "Yes", "unknown", 1 },
		{ "", "unknown", 0 },
	};
	const char *v[2], *l;
	size_t i, len;
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'consent': 'Consent'}", h, NVAL(h),
	    "f.csv") == -1)
		return;
	for (i = 0; i < NVAL(c); i++) {
		v[0] = "1";
		v[1] = c[i].label;
		T_EQ_INT(fx_apply(&x, v, 2, (unsigned long)i + 1), 0);
		STR(&x, "consent", c[i].consent);
		l = gd_plan_consent_label(x.p, &len);
		if (c[i].unknown ? l == NULL || len != strlen(c[i].label) ||
		    memcmp(l, c[i].label, len) != 0 : l != NULL)
			t_fail(__FILE__, __LINE__, "%s: label %s", c[i].label,
			    l ? "handed out" : "not handed out");
		T_EQ_INT(warnings(&x, NULL), 0);
	}
	fx_close(&x);
}

/* The mapping's consent column missing: a warning about consent. */
TEST(plan_consent_column_missing_is_a_consent_warning)
{
	static const char *const h[] = { "ID", "Text" };
	static const char *const v[] = { "1", "x" };
	const char *w;
	int n = 0, consent = 0;
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'submitted': 'Date', 'consent': "
	    "'Publishing consent', 'comments': {'t': 'Text'}}", h, NVAL(h),
	    "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, 2, 1), 0);
	while ((w = gd_plan_warning(x.p)) != NULL) {
		n++;
		if (strstr(w, "(consent)") != NULL)
			consent += gd_plan_warning_consent(x.p);
		else
			T_EQ_INT(gd_plan_warning_consent(x.p), 0);
	}
	T_EQ_INT(n, 2);
	T_EQ_INT(consent, 1);
	fx_close(&x);
}

TEST(plan_present_and_absent_rule)
{
	static const char *const h[] = { "ID", "Organisation name",
	    "Publish" };
	static const char *const org[] = { "1", "ACME", "" };
	static const char *const person[] = { "2", " ", "x" };
	static const char *const listed[] = { "3", "Government", "x" };
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'respondent': {'organisation': "
	    "'Organisation name', 'type': {'column': 'Organisation name', "
	    "'values': {'Government': 'public_authority'}, "
	    "'present': 'organisation', 'absent': 'citizen'}}, "
	    "'consent': {'column': 'Publish', 'present': 'named', "
	    "'absent': 'anonymous'}}", h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, org, 3, 1), 0);
	STR(&x, "respondent.type", "organisation");
	STR(&x, "respondent.type_label", NULL);	/* a name, not a label */
	STR(&x, "respondent.organisation", "ACME");
	STR(&x, "consent", "anonymous");
	T_EQ_INT(fx_apply(&x, person, 3, 2), 0);
	STR(&x, "respondent.type", "citizen");
	STR(&x, "consent", "named");
	/* The mapping's own table still applies first. */
	T_EQ_INT(fx_apply(&x, listed, 3, 3), 0);
	STR(&x, "respondent.type", "public_authority");
	T_EQ_INT(warnings(&x, "label"), 0);	/* no label warnings */
	fx_close(&x);
}

TEST(plan_constant_values)
{
	static const char *const h[] = { "ID" };
	static const char *const v[] = { "7" };
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'consultation': {'value': 'c-9'}, "
	    "'respondent': {'type': {'value': 'citizen'}, 'country': "
	    "{'value': 'Netherlands'}}, 'consent': {'value': 'withheld'}, "
	    "'answers': {'fixed': {'value': 'yes'}}}", h, 1, "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, 1, 1), 0);
	STR(&x, "consultation", "c-9");
	STR(&x, "respondent.type", "citizen");
	STR(&x, "respondent.type_label", NULL);
	STR(&x, "respondent.country", "NL");
	STR(&x, "consent", "withheld");
	STR(&x, "answers.fixed", "yes");
	fx_close(&x);
}

TEST(plan_unmapped_answers_and_drop)
{
	static const char *const h[] = { "ID", "Q one", "Q two", "Gone" };
	static const char *const v[] = { "1", "yes", "", "bye" };
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'unmapped': 'answers', 'drop': "
	    "['Gone']}", h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 1), 0);
	STR(&x, "answers.Q one", "yes");
	T_OK(jget(x.rec, "answers.Q two") == NULL);	/* empty: left out */
	T_OK(jget(x.rec, "answers.Gone") == NULL);
	T_OK(jget(x.rec, "answers.ID") == NULL);	/* used as the id */
	T_OK(jget(x.rec, "extra") == NULL);
	fx_close(&x);

	if (fx_open(&x, "{'id': 'ID', 'unmapped': 'drop', 'extra': "
	    "['Gone']}", h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 1), 0);
	T_EQ_INT(nmembers(&x, "answers"), 0);
	STR(&x, "extra.Gone", "bye");
	T_EQ_INT(nmembers(&x, "extra"), 1);
	fx_close(&x);

	if (fx_open(&x, "{'id': 'ID', 'unmapped': 'comments'}", h, NVAL(h),
	    "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 1), 0);
	STR(&x, "comments.Q one", "yes");
	STR(&x, "comments.Gone", "bye");
	fx_close(&x);
}

TEST(plan_drop_unmapped_and_set_consultation)
{
	static const char *const h[] = { "ID", "Other" };
	static const char *const v[] = { "1", "x" };
	struct fx x;

	memset(&x, 0, sizeof(x));
	set_names(&x, h, NVAL(h));
	x.m = map_parse("{'id': 'ID', 'consultation': 'old'}", &x.err);
	T_OK(x.m != NULL);
	if (x.m == NULL)
		return;
	gd_map_drop_unmapped(x.m);
	T_EQ_INT(gd_map_set_consultation(x.m, "new-id"), 0);
	x.p = gd_plan_new(x.m, x.names, x.n, "f.csv", &x.err);
	T_OK(x.p != NULL);
	if (x.p) {
		T_EQ_INT(fx_apply(&x, v, 2, 1), 0);
		STR(&x, "consultation", "new-id");
		T_OK(jget(x.rec, "extra") == NULL);
	}
	fx_close(&x);
}

TEST(plan_derived_id)
{
	static const char *const h[] = { "A", "ID" };
	static const char *const v[] = { "x", "" };
	static const char *const v2[] = { "x", "id-2" };
	struct fx x;

	/* No id in the mapping. */
	if (fx_open(&x, "{'answers': {'a': 'A'}}", h, 1,
	    "/some/dir/My Export.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, 1, 42), 0);
	STR(&x, "id", "My Export.csv#42");
	fx_close(&x);

	/* An id column with an empty value. */
	if (fx_open(&x, "{'id': 'ID', 'answers': {'a': 'A'}}", h, 2,
	    "dir/b.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, 2, 7), 0);
	STR(&x, "id", "b.csv#7");
	T_EQ_INT(fx_apply(&x, v2, 2, 8), 0);
	STR(&x, "id", "id-2");
	fx_close(&x);
}

TEST(plan_empty_row_is_dropped)
{
	static const char *const v[] = { "", " ", "N/A", "\t", "-", "", "",
	    "", "", "", "", "", "", "", "", "", "" };
	static const char *const v2[] = { NULL };
	struct fx x;

	if (fx_open(&x, full_map, full_hdr, NVAL(full_hdr), "export.csv") ==
	    -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 1), 1);
	T_EQ_INT(fx_apply(&x, v, 0, 2), 1);	/* no fields at all */
	T_EQ_INT(fx_apply(&x, v2, 1, 3), 1);	/* a missing value */
	fx_close(&x);
}

/* A missing id column: the plan is made, gd_plan_check_id says why it
 * is most likely the wrong mapping. */
TEST(plan_check_id)
{
	struct gd_str names[2] = { { "Name", 4 }, { "Date", 4 } };
	struct gd_error err;
	struct gd_map *m, *m2;
	struct gd_plan *p;

	m = map_parse("{'id': 'Response ID'}", &err);
	T_OK(m != NULL);
	if (m == NULL)
		return;
	p = gd_plan_new(m, names, 2, "x.csv", &err);
	T_OK(p != NULL);
	if (p) {
		gd_error_clear(&err);
		T_EQ_INT(gd_plan_check_id(p, &err), -1);
		T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
		T_OK(strstr(err.msg, "Response ID") != NULL);
		gd_plan_free(p);
	}
	/* Found (in other case): fine. */
	names[0].s = "response id";
	names[0].len = 11;
	p = gd_plan_new(m, names, 2, "x.csv", &err);
	T_OK(p != NULL);
	if (p)
		T_EQ_INT(gd_plan_check_id(p, &err), 0);
	gd_plan_free(p);
	gd_map_free(m);
	/* The lossless mapping and a mapping without an id column. */
	p = gd_plan_new(NULL, names, 2, "x.csv", &err);
	T_OK(p != NULL);
	if (p)
		T_EQ_INT(gd_plan_check_id(p, &err), 0);
	gd_plan_free(p);
	m2 = map_parse("{'answers': {'a': 'Date'}}", &err);
	p = m2 ? gd_plan_new(m2, names, 2, "x.csv", &err) : NULL;
	T_OK(p != NULL);
	if (p)
		T_EQ_INT(gd_plan_check_id(p, &err), 0);
	gd_plan_free(p);
	gd_map_free(m2);
	gd_plan_free(NULL);
}

/* In "drop" and "extra", a column spec takes every column it matches. */
TEST(plan_drop_and_extra_take_every_match)
{
	static const char *const h[] = { "ID", "__userinfo_ip", "Q",
	    "__userinfo_agent", "Internal A", "internal b" };
	static const char *const v[] = { "1", "10.0.0.1", "q", "Mozilla",
	    "ia", "ib" };
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'unmapped': 'answers', 'drop': "
	    "[{'contains': '__userinfo_'}], 'extra': [{'contains': "
	    "'internal'}]}", h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 1), 0);
	STR(&x, "answers.Q", "q");
	T_EQ_INT(nmembers(&x, "answers"), 1);
	STR(&x, "extra.Internal A", "ia");
	STR(&x, "extra.internal b", "ib");
	T_EQ_INT(nmembers(&x, "extra"), 2);
	T_OK(x.text && strstr(x.text, "10.0.0.1") == NULL);
	T_OK(x.text && strstr(x.text, "Mozilla") == NULL);
	fx_close(&x);
}

TEST(plan_warns_about_mapped_columns_not_in_header)
{
	static const char *const h[] = { "ID", "Q1" };
	static const char *const v[] = { "1", "a" };
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'respondent': {'email': 'Mail', "
	    "'name': 'Full name'}, 'answers': {'q1': 'Q1', 'q2': 'Q2 typo'}}",
	    h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, 2, 1), 0);
	STR(&x, "answers.q1", "a");
	{
		int mail = 0, q2 = 0, name = 0;
		const char *w;

		while ((w = gd_plan_warning(x.p)) != NULL) {
			mail += strstr(w, "\"Mail\"") != NULL;
			q2 += strstr(w, "\"Q2 typo\"") != NULL;
			name += strstr(w, "\"Full name\"") != NULL;
		}
		T_EQ_INT(mail, 1);
		T_EQ_INT(q2, 1);
		T_EQ_INT(name, 1);
	}
	/* Only on the first row. */
	T_EQ_INT(fx_apply(&x, v, 2, 2), 0);
	T_EQ_INT(warnings(&x, NULL), 0);
	fx_close(&x);
}

TEST(plan_contains_and_alternatives)
{
	static const char *const h[] = { "Timestamp",
	    "What is your EMAIL address?", "respondent_id", "Land" };
	static const char *const v[] = { "2021-03-04 05:06", "e@x.org", "77",
	    "NLD" };
	struct fx x;

	if (fx_open(&x, "{'id': ['Response ID', 'Respondent-ID'], "
	    "'submitted': ['Date', 'timestamp'], 'respondent': {'email': "
	    "[{'contains': 'phone'}, {'contains': 'e-mail'}, "
	    "{'contains': 'email'}], 'country': ['Country', 'Land']}}",
	    h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, NVAL(v), 1), 0);
	STR(&x, "id", "77");
	STR(&x, "submitted", "2021-03-04T05:06:00");
	STR(&x, "respondent.email", "e@x.org");
	STR(&x, "respondent.country", "NL");
	T_OK(jget(x.rec, "extra") == NULL);	/* every column used */
	fx_close(&x);
}

TEST(plan_list_cells_in_mapped_fields)
{
	static const char *const h[] = { "ID", "Topics", "Name" };
	static const struct gd_str topics[] = { { "a", 1 }, { "N/A", 3 },
	    { "b", 1 } };
	static const struct gd_str names[] = { { "Ann", 3 }, { "Lee", 3 } };
	struct gd_field f[3];
	struct gd_row rw;
	struct gd_buf b;
	struct gd_jw jw;
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'missing': ['N/A'], 'answers': "
	    "{'t': 'Topics'}, 'respondent': {'name': 'Name'}}", h, NVAL(h),
	    "f.json") == -1)
		return;
	memset(f, 0, sizeof(f));
	f[0].name = x.names[0];
	f[0].val.s = "id1";
	f[0].val.len = 3;
	f[1].name = x.names[1];
	f[1].nitems = 3;
	f[1].items = topics;
	f[2].name = x.names[2];
	f[2].nitems = 2;
	f[2].items = names;
	memset(&rw, 0, sizeof(rw));
	rw.n = 3;
	rw.f = f;
	rw.file = "f.json";
	rw.row = 1;
	T_EQ_INT(gd_plan_apply(x.p, &rw, &x.r, &x.err), 0);
	gd_buf_init(&b, 0);
	gd_jw_init(&jw, &b);
	gd_resp_write(&jw, &x.r);
	x.rec = json_loadb(b.data, b.len, 0, NULL);
	x.text = b.data;
	LIST(&x, "answers.t", "a|b");		/* missing items left out */
	STR(&x, "respondent.name", "Ann; Lee");	/* a list as one text */
	fx_close(&x);
}

/* Many values built in the plan's scratch storage (joins, dates, ids,
 * list texts) stay right while it grows. */
TEST(plan_scratch_values_survive_growth)
{
	static const char *const h[] = { "F", "L", "D", "T" };
	char first[3000], last[3000], want[6002];
	const char *v[4];
	struct fx x;
	int i;

	memset(first, 'f', sizeof(first) - 1);
	first[sizeof(first) - 1] = '\0';
	memset(last, 'l', sizeof(last) - 1);
	last[sizeof(last) - 1] = '\0';
	snprintf(want, sizeof(want), "%s %s", first, last);
	v[0] = first;
	v[1] = last;
	v[2] = "2020-01-02";
	v[3] = "Firm";
	if (fx_open(&x, "{'respondent': {'name': {'join': ['F', 'L']}, "
	    "'organisation': {'join': ['L', 'F'], 'sep': '+'}, "
	    "'type': {'join': ['T'], 'sep': ''}}, 'submitted': {'join': "
	    "['D']}, 'answers': {'both': {'join': ['F', 'D', 'L'], "
	    "'sep': '|'}}}", h, NVAL(h), "big.csv") == -1)
		return;
	for (i = 0; i < 3; i++) {
		T_EQ_INT(fx_apply(&x, v, 4, (unsigned long)i + 1), 0);
		STR(&x, "respondent.name", want);
		STR(&x, "submitted", "2020-01-02");
		STR(&x, "respondent.type", "business");	/* built-in */
		STR(&x, "respondent.type_label", "Firm");
		STR(&x, "id", i == 0 ? "big.csv#1" : i == 1 ? "big.csv#2" :
		    "big.csv#3");
		{
			json_t *o = jget(x.rec, "respondent.organisation");
			json_t *a = jget(x.rec, "answers.both");

			T_OK(json_is_string(o) && strlen(json_string_value(o))
			    == 5999 && json_string_value(o)[2999] == '+');
			T_OK(json_is_string(a) && strlen(json_string_value(a))
			    == 2999 + 1 + 10 + 1 + 2999);
		}
	}
	fx_close(&x);
}

TEST(plan_ragged_row_past_header)
{
	static const char *const h[] = { "ID", "A" };
	static const char *const v[] = { "1", "a", "beyond" };
	struct fx x;

	/* Lossless: a value past the header is kept under its field
	 * name (here empty). */
	if (fx_open(&x, NULL, h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, 3, 1), 0);
	STR(&x, "answers.A", "a");
	T_EQ_INT(nmembers(&x, "answers"), 3);
	fx_close(&x);
}

/* The same text as an unknown type and an unknown consent label: two
 * different labels, each reported. */
TEST(plan_same_text_unknown_as_type_and_consent)
{
	static const char *const h[] = { "ID", "Type", "Consent" };
	static const char *const v[] = { "1", "Maybe", "Maybe" };
	char buf[2000];
	const char *l;
	size_t len = 0;
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'respondent': {'type': 'Type'}, "
	    "'consent': 'Consent'}", h, NVAL(h), "f.csv") == -1)
		return;
	T_OK(gd_plan_warning(x.p) == NULL);
	T_EQ_INT(fx_apply(&x, v, 3, 1), 0);
	STR(&x, "respondent.type", "other");
	STR(&x, "consent", "unknown");
	/* The type warned about, the consent label handed out to count. */
	T_EQ_INT(drain(&x, buf, sizeof(buf)), 1);
	T_OK(strstr(buf, "type label \"Maybe\"") != NULL);
	l = gd_plan_consent_label(x.p, &len);
	T_OK(l != NULL && len == 5 && memcmp(l, "Maybe", 5) == 0);
	fx_close(&x);
}

/* A label warning is not lost when other warnings fill the queue. */
TEST(plan_label_warning_not_lost_behind_other_warnings)
{
	static const char *const h[] = { "ID", "Type" };
	static const char *const v[] = { "1", "Martian" };
	static const char *const v2[] = { "2", "Martian" };
	char buf[8000];
	struct fx x;

	if (fx_open(&x, "{'id': 'ID', 'respondent': {'type': 'Type'}, "
	    "'answers': {'a1': 'X1', 'a2': 'X2', 'a3': 'X3', 'a4': 'X4', "
	    "'a5': 'X5', 'a6': 'X6', 'a7': 'X7', 'a8': 'X8', 'a9': 'X9'}}",
	    h, NVAL(h), "f.csv") == -1)
		return;
	T_EQ_INT(fx_apply(&x, v, 2, 1), 0);
	STR(&x, "respondent.type", "other");
	drain(&x, buf, sizeof(buf));
	T_OK(strstr(buf, "\"X9\"") != NULL);	/* every missing column */
	T_EQ_INT(fx_apply(&x, v2, 2, 2), 0);
	drain(&x, buf + strlen(buf), sizeof(buf) - strlen(buf));
	T_OK(strstr(buf, "\"Martian\"") != NULL);
	fx_close(&x);
}

/* Columns the header lacks, taken from a preamble of names over values. */
TEST(plan_context_from_preamble)
{
	static const char *const h[] = { "Document ID", "Comment" };
	static const char *const v1[] = { "D-1", "first" };
	static const char *const v2[] = { "D-2", "second" };
	static const struct gd_str pn[] = { { "Docket ID", 9 },
	    { "Agency", 6 }, { "Posted", 6 } };
	static const struct gd_str pv[] = { { "EPA-HQ-1", 8 },
	    { "EPA", 3 }, { "2020-05-06", 10 } };
	char buf[2000];
	struct fx x;

	if (fx_open(&x, "{'id': 'Document ID', 'consultation': {'column': "
	    "'Docket ID'}, 'submitted': 'Posted', 'respondent': "
	    "{'organisation': 'Agency'}, 'comments': {'c': 'Comment'}}", h,
	    NVAL(h), "comments.csv") == -1)
		return;
	T_EQ_INT(gd_plan_context(x.p, pn, pv, 3), 0);
	T_EQ_INT(fx_apply(&x, v1, 2, 1), 0);
	STR(&x, "consultation", "EPA-HQ-1");
	STR(&x, "submitted", "2020-05-06");
	STR(&x, "respondent.organisation", "EPA");
	STR(&x, "comments.c", "first");
	T_EQ_INT(fx_apply(&x, v2, 2, 2), 0);
	STR(&x, "id", "D-2");
	STR(&x, "consultation", "EPA-HQ-1");
	/* Given by the preamble: no "not in the header" warnings. */
	T_EQ_INT(drain(&x, buf, sizeof(buf)), 0);
	fx_close(&x);

	/* The lossless plan takes nothing from it. */
	if (fx_open(&x, NULL, h, NVAL(h), "comments.csv") == -1)
		return;
	T_EQ_INT(gd_plan_context(x.p, pn, pv, 3), 0);
	T_EQ_INT(fx_apply(&x, v1, 2, 1), 0);
	STR(&x, "consultation", NULL);
	T_EQ_INT(nmembers(&x, "answers"), 2);
	fx_close(&x);
}
