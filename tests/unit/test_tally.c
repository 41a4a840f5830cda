/*
 * test_tally.c - gd-tally's engine from the inside (lib/tally_int.h): the
 * cell hash (insert, look up, grow) and its keys, cells sorted for
 * writing, --by parsed and refused, the Likert scale and which questions
 * are Likert, stub detection, theme examples, small-cell suppression on
 * small tables (within one, and across to the summary), and partial
 * results merged back to the bytes of one run, campaigns included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/tally_int.h"
#include "t.h"

#define S(x)	(x), (sizeof(x) - 1)

/* Output of gd_tally_write and gd_tally_write_partial, kept in a buffer;
 * werr is their error. */
static struct gd_error werr;

static int
to_buf(void *ctx, const char *line, size_t n, struct gd_error *err)
{
	return gd_buf_add(ctx, line, n) == -1 ? gd_error_nomem(err, NULL, 0) :
	    0;
}

static struct gd_tally *
tally(const struct gd_tally_opts *o)
{
	struct gd_error err;
	struct gd_tally *t;

	gd_error_clear(&err);
	if ((t = gd_tally_new(o, &err)) == NULL)
		t_fail(__FILE__, __LINE__, "gd_tally_new: %s", err.msg);
	return t;
}

/* Adds each line of text (records, or partials with merge); other
 * kinds of record are passed over. */
static void
feed(struct gd_tally *t, const char *text, int merge)
{
	struct gd_error err;
	const char *p = text, *nl;
	int rc;

	while (*p) {
		nl = strchr(p, '\n');
		rc = merge ? gd_tally_merge(t, p, (size_t)(nl - p), &err) :
		    gd_tally_add(t, p, (size_t)(nl - p), &err);
		if (rc == -1)
			t_fail(__FILE__, __LINE__, "%.*s: %s", (int)(nl - p),
			    p, err.msg);
		p = nl + 1;
	}
}

/* A file in /tmp holding text; path has room for 64 bytes. */
static int
write_file(char *path, const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, 64, "/tmp/gd-test-tally-XXXXXX");
	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return -1;
	fputs(text, f);
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- the cell table ---- */

TEST(tally_cells_insert_find_grow)
{
	struct cells c;
	unsigned long long n;
	char k[32];
	size_t i, len;

	memset(&c, 0, sizeof(c));
	gd_buf_init(&c.keys, 0);
	T_EQ_INT(tally_cells_find(&c, S("key1"), &n), 0);
	for (i = 0; i < 5000; i++) {
		len = (size_t)snprintf(k, sizeof(k), "key%zu", i);
		T_EQ_INT(tally_cells_add(&c, k, len, i + 1), 0);
	}
	/* Doubled from 1024 whenever half full: 4097 keys need 16384. */
	T_EQ_INT(c.used, 5000);
	T_EQ_INT(c.cap, 16384);
	/* Adding to a key there is adds to its count, no new cell. */
	for (i = 0; i < 5000; i += 7) {
		len = (size_t)snprintf(k, sizeof(k), "key%zu", i);
		T_EQ_INT(tally_cells_add(&c, k, len, 10), 0);
	}
	T_EQ_INT(c.used, 5000);
	for (i = 0; i < 5000; i++) {
		len = (size_t)snprintf(k, sizeof(k), "key%zu", i);
		n = 0;
		T_EQ_INT(tally_cells_find(&c, k, len, &n), 1);
		T_EQ_INT(n, i + 1 + (i % 7 == 0 ? 10 : 0));
	}
	T_EQ_INT(tally_cells_find(&c, S("key"), &n), 0);
	T_EQ_INT(tally_cells_find(&c, S("key5000"), &n), 0);
	T_EQ_INT(tally_cells_find(&c, S("key12 "), &n), 0);
	/* Keys are bytes: NULs inside, and prefixes, are other keys. */
	T_EQ_INT(tally_cells_add(&c, S("a\0b"), 1), 0);
	T_EQ_INT(tally_cells_add(&c, S("a\0c"), 2), 0);
	T_EQ_INT(tally_cells_add(&c, S("a"), 3), 0);
	T_EQ_INT(tally_cells_find(&c, S("a\0b"), &n), 1);
	T_EQ_INT(n, 1);
	T_EQ_INT(tally_cells_find(&c, S("a\0c"), &n), 1);
	T_EQ_INT(n, 2);
	T_EQ_INT(tally_cells_find(&c, S("a"), &n), 1);
	T_EQ_INT(n, 3);
	T_EQ_INT(c.used, 5003);
	tally_cells_release(&c);
	T_EQ_INT(c.cap, 0);
	T_EQ_INT(c.used, 0);
}

TEST(tally_key_round_trip)
{
	struct gd_buf b;
	struct dkey dk;

	gd_buf_init(&b, 0);
	T_EQ_INT(tally_key_start(&b, SPEC_THEME, 3), 0);
	T_EQ_INT(tally_key_dim(&b, S("answers.q1"), S("Yes")), 0);
	T_EQ_INT(tally_key_dim(&b, S("respondent.type"), NULL, 0), 0);
	T_EQ_INT(tally_key_dim(&b, S("x"), "", 0), 0);
	tally_key_parse(b.data, &dk);
	T_EQ_INT(dk.spec, SPEC_THEME);
	T_EQ_INT(dk.nd, 3);
	T_EQ_MEM(dk.d[0].f, dk.d[0].fl, "answers.q1");
	T_EQ_MEM(dk.d[0].v, dk.d[0].vl, "Yes");
	T_EQ_MEM(dk.d[1].f, dk.d[1].fl, "respondent.type");
	T_OK(dk.d[1].v == NULL);	/* null */
	T_OK(dk.d[2].v != NULL);	/* empty, not null */
	T_EQ_INT(dk.d[2].vl, 0);
	/* A key taken apart is a cell: the same key, the same cell. */
	T_EQ_INT(tally_key_start(&b, 0, 0), 0);
	T_EQ_INT(b.len, 3);
	gd_buf_release(&b);
}

/* Sorted for writing: tabulation, then fields, then values, null first. */
TEST(tally_cells_sorted)
{
	static const char *const by[] = { "answers.q1" };
	struct gd_tally_opts o;
	struct gd_tally *t;
	const char *f[2] = { "answers.q1", "answers.q2" };
	size_t fl[2] = { 10, 10 }, vl[2], nv = 0;
	const char *v[2];
	struct oc *c;

	memset(&o, 0, sizeof(o));
	o.by = by;
	o.nby = 1;
	if ((t = tally(&o)) == NULL)
		return;
	v[0] = "yes";
	vl[0] = 3;
	T_EQ_INT(tally_add1(t, 0, f, fl, v, vl, 1, 2), 0);
	v[0] = "no";
	vl[0] = 2;
	T_EQ_INT(tally_add1(t, 0, f, fl, v, vl, 1, 1), 0);
	v[0] = NULL;
	vl[0] = 0;
	T_EQ_INT(tally_add1(t, 0, f, fl, v, vl, 1, 4), 0);
	T_EQ_INT(tally_add1(t, SPEC_RESPONSES, NULL, NULL, NULL, NULL, 0, 7),
	    0);
	T_EQ_INT(tally_add1(t, 0, f + 1, fl + 1, (const char *const[]){ "a" },
	    (const size_t[]){ 1 }, 1, 5), 0);
	T_EQ_INT(tally_add1(t, 0, f, fl, (const char *const[]){ "no" },
	    (const size_t[]){ 2 }, 1, 10), 0);
	if ((c = tally_sorted_cells(t, &nv)) == NULL) {
		T_OK(0);
		gd_tally_free(t);
		return;
	}
	T_EQ_INT(nv, 5);
	T_OK(c[0].k.d[0].v == NULL);
	T_EQ_INT(c[0].n, 4);
	T_EQ_MEM(c[1].k.d[0].v, c[1].k.d[0].vl, "no");
	T_EQ_INT(c[1].n, 11);
	T_EQ_MEM(c[2].k.d[0].v, c[2].k.d[0].vl, "yes");
	T_EQ_MEM(c[3].k.d[0].f, c[3].k.d[0].fl, "answers.q2");
	T_EQ_INT(c[4].k.spec, SPEC_RESPONSES);
	T_EQ_INT(c[4].n, 7);
	T_OK(tally_same_fields(&c[1], &c[2]));
	T_OK(!tally_same_fields(&c[2], &c[3]));
	T_EQ_INT(tally_spec_range(c, nv, 0, 0), 4);
	T_EQ_INT(tally_spec_range(c, nv, 4, SPEC_RESPONSES), 5);
	free(c);
	gd_tally_free(t);
}

/* ---- --by ---- */

TEST(tally_by_parsed)
{
	static const char *const by[] = { "respondent.type,answers.*",
	    "consent" };
	struct gd_tally_opts o;
	struct gd_tally *t;

	memset(&o, 0, sizeof(o));
	o.by = by;
	o.nby = 2;
	if ((t = tally(&o)) == NULL)
		return;
	T_EQ_INT(t->nspecs, 2);
	T_EQ_INT(t->specs[0].nd, 2);
	T_EQ_STR(t->specs[0].d[0].path, "respondent.type");
	T_EQ_INT(t->specs[0].d[0].star, 0);
	T_EQ_STR(t->specs[0].d[1].path, "answers.*");
	T_EQ_INT(t->specs[0].d[1].star, 1);
	T_EQ_INT(t->specs[0].d[1].prefix_len, 8);	/* "answers." */
	T_EQ_INT(t->specs[0].star_dim, 1);
	T_EQ_INT(t->specs[1].nd, 1);
	T_EQ_INT(t->specs[1].star_dim, -1);
	/* The same path asked for twice is one scanner path. */
	T_EQ_INT(t->specs[0].d[0].pid, t->p_type);
	T_EQ_INT(t->specs[1].d[0].pid, t->p_consent);
	T_EQ_INT(strlen(t->config), 16);
	gd_tally_free(t);
}

TEST(tally_by_refused)
{
	static const struct { const char *by, *msg; } bad[] = {
		{ "", "--by: no field: " },
		{ ",a", "--by: an empty field, or more than 8: ,a" },
		{ "a,,b", "--by: an empty field, or more than 8: a,,b" },
		{ "a,b,c,d,e,f,g,h,i",
		    "--by: an empty field, or more than 8: a,b,c,d,e,f,g,h,i" },
		{ "answers.*.x",
		    "--by: '*' only as the last key of a field: answers.*.x" },
		{ "a*", "--by: '*' only as the last key of a field: a*" },
		{ "*", "--by: '*' only as the last key of a field: *" },
		{ "answers.*,comments.*", "--by: one field with '*' per "
		    "tabulation: answers.*,comments.*" },
		{ "a..b", "--by: not a field path: a..b" },
		{ "consent,answers.", "--by: not a field path: answers." },
	};
	struct gd_tally_opts o;
	struct gd_error err;
	struct gd_tally *t;
	const char *by[2];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&o, 0, sizeof(o));
		/* After a good one: what was parsed is freed too. */
		by[0] = "respondent.type";
		by[1] = bad[i].by;
		o.by = by;
		o.nby = 2;
		gd_error_clear(&err);
		t = gd_tally_new(&o, &err);
		T_OK(t == NULL);
		gd_tally_free(t);
		T_EQ_INT(err.code, GD_EXIT_USAGE);
		T_EQ_STR(err.msg, bad[i].msg);
	}
	/* Eight fields are allowed. */
	memset(&o, 0, sizeof(o));
	by[0] = "a,b,c,d,e,f,g,h";
	o.by = by;
	o.nby = 1;
	t = tally(&o);
	T_OK(t != NULL && t->specs[0].nd == 8);
	gd_tally_free(t);
}

/* ---- Likert ---- */

TEST(tally_likert_default_scale)
{
	struct gd_tally_opts o;
	struct gd_tally *t;

	memset(&o, 0, sizeof(o));
	if ((t = tally(&o)) == NULL)
		return;
	T_EQ_INT(tally_score_of(t, S("strongly disagree")), 1);
	T_EQ_INT(tally_score_of(t, S("Tend to disagree")), 2);
	T_EQ_INT(tally_score_of(t, S("NEITHER")), 3);
	T_EQ_INT(tally_score_of(t, S("agree")), 4);
	T_EQ_INT(tally_score_of(t, S("Strongly Agree!")), 5);
	T_EQ_INT(tally_score_of(t, S("Don\xe2\x80\x99t know")), 0);
	T_EQ_INT(tally_score_of(t, S("Prefer not to say")), 0);
	T_EQ_INT(tally_score_of(t, S("maybe")), -1);
	T_EQ_INT(tally_score_of(t, S("de acuerdo")), -1);
	gd_tally_free(t);
}

TEST(tally_likert_scale_file)
{
	struct gd_tally_opts o;
	struct gd_error err;
	struct gd_tally *t;
	char path[64];

	memset(&o, 0, sizeof(o));
	if (write_file(path, "{\"labels\": {\"Muy de acuerdo\": 5, "
	    "\"De acuerdo\": 4, \"En desacuerdo\": 2, \"NS/NC\": 0}}") == -1) {
		T_OK(0);
		return;
	}
	o.scale_file = path;
	if ((t = tally(&o)) != NULL) {
		T_EQ_INT(t->nscale, 4);
		T_EQ_INT(tally_score_of(t, S("de acuerdo")), 4);
		T_EQ_INT(tally_score_of(t, S("MUY DE ACUERDO")), 5);
		T_EQ_INT(tally_score_of(t, S("ns/nc")), 0);
		T_EQ_INT(tally_score_of(t, S("agree")), -1);
		gd_tally_free(t);
	}
	unlink(path);
	/* Refused: a score off 0-5, no labels, no file. */
	if (write_file(path, "{\"labels\": {\"Good\": 6}}") == 0) {
		T_OK(gd_tally_new(&o, &err) == NULL);
		T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
		T_EQ_STR(err.msg, "scale: \"Good\": a score from 1 to 5, or 0");
		unlink(path);
	}
	if (write_file(path, "{\"labels\": {}}") == 0) {
		T_OK(gd_tally_new(&o, &err) == NULL);
		T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
		unlink(path);
	}
	T_OK(gd_tally_new(&o, &err) == NULL);
	T_EQ_INT(err.code, GD_EXIT_IO);
}

/*
 * Which questions get a scale record: every answer on the scale, and
 * two scores at least; "Don't know" is off the scale, not a score.
 */
TEST(tally_likert_questions)
{
	static const char recs[] =
	    "{\"kind\":\"response\",\"id\":\"1\",\"answers\":{\"q\":\"Agree\","
	    "\"one\":\"agree\",\"not\":\"agree\",\"dk\":\"Don't know\"}}\n"
	    "{\"kind\":\"response\",\"id\":\"2\",\"answers\":{\"q\":"
	    "\"Strongly disagree\",\"one\":\"Agree\",\"not\":\"maybe\","
	    "\"dk\":\"not sure\"}}\n"
	    "{\"kind\":\"response\",\"id\":\"3\",\"answers\":{\"q\":"
	    "\"don't know\",\"one\":\"AGREE\",\"not\":\"disagree\"}}\n";
	struct gd_tally_opts o;
	struct gd_tally *t;
	struct gd_buf out;

	memset(&o, 0, sizeof(o));
	gd_buf_init(&out, 0);
	if ((t = tally(&o)) == NULL)
		return;
	feed(t, recs, 0);
	T_EQ_INT(gd_tally_write(t, to_buf, &out, &werr), 0);
	T_OK(gd_buf_addc(&out, '\0') == 0);
	T_OK(strstr(out.data, "{\"gd\":1,\"kind\":\"scale\",\"question\":"
	    "\"answers.q\",\"by\":[],\"key\":[],\"n\":2,\"agree\":1,"
	    "\"neutral\":0,\"disagree\":1,\"off_scale\":1,\"agree_share\":"
	    "0.5000,\"disagree_share\":0.5000,\"net\":0.0000,\"mean\":"
	    "2.5000}\n") != NULL);
	T_OK(strstr(out.data, "\"question\":\"answers.one\"") == NULL);
	T_OK(strstr(out.data, "\"question\":\"answers.not\"") == NULL);
	T_OK(strstr(out.data, "\"question\":\"answers.dk\"") == NULL);
	gd_buf_release(&out);
	gd_tally_free(t);
}

/* ---- stubs ---- */

TEST(tally_stub_detection)
{
	static const struct { const char *rec, *why; } cases[] = {
		{ "{\"kind\":\"response\",\"id\":\"1\"}", "empty" },
		{ "{\"kind\":\"response\",\"comments\":{\"c\":\"\"}}", "empty" },
		{ "{\"kind\":\"response\",\"comments\":{\"c\":\" \\n\\t\"}}",
		    "empty" },
		{ "{\"kind\":\"response\",\"comments\":{\"c\":null}}", "empty" },
		{ "{\"kind\":\"response\",\"answers\":{\"q\":\"  \"}}", "empty" },
		{ "{\"kind\":\"response\",\"answers\":{\"q\":null}}", "empty" },
		{ "{\"kind\":\"response\",\"comments\":{\"c\":\"See attached."
		    "\"}}", "attachment" },
		{ "{\"kind\":\"response\",\"comments\":{\"c\":\"Please find our "
		    "ATTACHMENT enclosed\"}}", "attachment" },
		{ "{\"kind\":\"response\",\"comments\":{\"c\":\"Too short\"}}",
		    "short" },
		/* Characters, not bytes: 15 of two bytes each. */
		{ "{\"kind\":\"response\",\"comments\":{\"c\":\"\xc3\xb1\xc3\xb1"
		    "\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1"
		    "\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1\"}}",
		    "short" },
		/* Short texts add up over comments. */
		{ "{\"kind\":\"response\",\"comments\":{\"a\":\"eight ch\","
		    "\"b\":\"eight ch\"}}", NULL },
		{ "{\"kind\":\"response\",\"comments\":{\"c\":\"sixteen chars..."
		    "\"}}", NULL },
		{ "{\"kind\":\"response\",\"answers\":{\"q\":\"yes\"}}", NULL },
		{ "{\"kind\":\"response\",\"answers\":{\"q\":3}}", NULL },
		/* Over 60 bytes, an attachment is mentioned, not the text. */
		{ "{\"kind\":\"response\",\"comments\":{\"c\":\"The plan attached "
		    "to the notice leaves out the eastern bus routes.\"}}",
		    NULL },
	};
	struct gd_tally_opts o;
	struct gd_error err;
	struct gd_tally *t;
	const char *why;
	size_t i;

	memset(&o, 0, sizeof(o));
	if ((t = tally(&o)) == NULL)
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		T_EQ_INT(tally_scan(t, cases[i].rec, strlen(cases[i].rec),
		    &err), 1);
		why = tally_record_stub(t);
		if (cases[i].why == NULL && why != NULL)
			t_fail(__FILE__, __LINE__, "%s: %s, expected none",
			    cases[i].rec, why);
		else if (cases[i].why != NULL)
			T_EQ_STR(why, cases[i].why);
		/* Worked out once per record. */
		T_OK(tally_record_stub(t) == why);
	}
	/* Other kinds are not responses. */
	T_EQ_INT(tally_scan(t, S("{\"kind\":\"reject\"}"), &err), 0);
	T_EQ_INT(tally_scan(t, S("{\"kind\":\"response\""), &err), -1);
	T_EQ_INT(err.code, GD_EXIT_REJECTS);
	/* The names a partial may give, as the static strings. */
	T_EQ_STR(tally_stub_reason_named("short"), "short");
	T_OK(tally_stub_reason_named("Short") == NULL);
	gd_tally_free(t);
}

/* ---- themes ---- */

TEST(tally_theme_examples_smallest)
{
	static const char *const ids[] = { "R9", "R1", "R5", "R3", "R1",
	    "R10", "R2" };
	struct gd_tally_opts o;
	struct gd_tally *t;
	size_t i;

	memset(&o, 0, sizeof(o));
	if ((t = tally(&o)) == NULL)
		return;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		T_EQ_INT(tally_example_add(t, S("pe\0citizen"), ids[i],
		    strlen(ids[i])), 0);
	T_EQ_INT(tally_example_add(t, S("pe\0business"), S("R7")), 0);
	T_EQ_INT(t->nex, 2);
	T_EQ_INT(t->ex[0].n, MAX_EXAMPLES);
	T_EQ_STR(t->ex[0].id[0], "R1");
	T_EQ_STR(t->ex[0].id[1], "R10");
	T_EQ_STR(t->ex[0].id[2], "R2");
	T_EQ_INT(t->ex[1].n, 1);
	T_EQ_STR(t->ex[1].id[0], "R7");
	gd_tally_free(t);
}

/* ---- suppression ---- */

/* Cell i of a two-way table by hand: type and answer. */
static void
cell2(struct oc *c, const char *type, const char *ans, unsigned long long n)
{
	memset(c, 0, sizeof(*c));
	c->k.nd = 2;
	c->k.d[0].f = "respondent.type";
	c->k.d[0].fl = 15;
	c->k.d[0].v = type;
	c->k.d[0].vl = strlen(type);
	c->k.d[1].f = "answers.q1";
	c->k.d[1].fl = 10;
	c->k.d[1].v = ans;
	c->k.d[1].vl = strlen(ans);
	c->n = n;
}

TEST(tally_suppress_small_table)
{
	/*
	 *            maybe  no  yes
	 *   business     7   9   12
	 *   citizen      8   2   10    2 < 3; then 8, the row's next
	 *   ngo          1   5    6    1 < 3; then 5
	 */
	static const struct { const char *ty, *a; unsigned n; int supp; }
	    tab[] = {
		{ "business", "maybe", 7, 0 }, { "business", "no", 9, 0 },
		{ "business", "yes", 12, 0 }, { "citizen", "maybe", 8, 1 },
		{ "citizen", "no", 2, 1 }, { "citizen", "yes", 10, 0 },
		{ "ngo", "maybe", 1, 1 }, { "ngo", "no", 5, 1 },
		{ "ngo", "yes", 6, 0 },
	};
	struct oc v[9];
	size_t i;

	for (i = 0; i < 9; i++)
		cell2(&v[i], tab[i].ty, tab[i].a, tab[i].n);
	tally_suppress(v, 0, 9, 0);	/* no --min-cell: nothing */
	for (i = 0; i < 9; i++)
		T_EQ_INT(v[i].supp, 0);
	tally_suppress(v, 0, 9, 3);
	for (i = 0; i < 9; i++)
		if (v[i].supp != tab[i].supp)
			t_fail(__FILE__, __LINE__, "%s/%s: supp %d", tab[i].ty,
			    tab[i].a, v[i].supp);
	/* A cell to be withheld whatever its count. */
	for (i = 0; i < 9; i++)
		cell2(&v[i], tab[i].ty, tab[i].a, tab[i].n + 100);
	v[4].force = 1;
	tally_suppress(v, 0, 9, 3);
	T_EQ_INT(v[4].supp, 1);
	T_EQ_INT(v[3].supp + v[5].supp, 1);	/* the row gives one up */
}

/* Withheld cells that can only all be 1 are known: one more goes. */
TEST(tally_suppress_ones)
{
	static const char *const ans[] = { "a", "b", "c", "d" };
	static const unsigned n[] = { 1, 1, 20, 30 };
	struct oc v[4];
	size_t i;

	for (i = 0; i < 4; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].k.nd = 1;
		v[i].k.d[0].f = "answers.q1";
		v[i].k.d[0].fl = 10;
		v[i].k.d[0].v = ans[i];
		v[i].k.d[0].vl = 1;
		v[i].n = n[i];
	}
	tally_suppress(v, 0, 4, 3);
	T_EQ_INT(v[0].supp, 1);
	T_EQ_INT(v[1].supp, 1);
	T_EQ_INT(v[2].supp, 1);
	T_EQ_INT(v[3].supp, 0);
	/* Two withheld of 1 and 2: their sum says nothing of each. */
	v[1].n = 2;
	tally_suppress(v, 0, 4, 3);
	T_EQ_INT(v[2].supp, 0);
}

/*
 * Across tables, the audit (sdc_audit.c): ngo's one cell (2) is withheld,
 * and so is the summary's count of ngo (2); the summary's counts sum to
 * the responses (92), so business's 90 would give it back, and is
 * withheld too.  In the table, column "yes" gives up business's 50 and
 * then row business its 40.  Every withheld count is then at least 3
 * wide to a reader of all of it.
 */
TEST(tally_suppress_audit_summary)
{
	static const char *const by[] = { "respondent.type,answers.q1" };
	struct gd_tally_opts o;
	struct gd_tally *t;
	struct gd_error err;
	struct oc v[6];
	size_t i;

	memset(&o, 0, sizeof(o));
	o.by = by;
	o.nby = 1;
	o.min_cell = 3;
	o.no_collapse = 1;
	if ((t = tally(&o)) == NULL)
		return;
	cell2(&v[0], "business", "no", 40);
	cell2(&v[1], "business", "yes", 50);
	cell2(&v[2], "ngo", "yes", 2);
	for (i = 3; i < 5; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].k.spec = SPEC_TYPE;
		v[i].k.nd = 1;
		v[i].k.d[0].f = "respondent.type";
		v[i].k.d[0].fl = 15;
	}
	v[3].k.d[0].v = "business";
	v[3].k.d[0].vl = 8;
	v[3].n = 90;
	v[4].k.d[0].v = "ngo";
	v[4].k.d[0].vl = 3;
	v[4].n = 2;
	memset(&v[5], 0, sizeof(v[5]));
	v[5].k.spec = SPEC_RESPONSES;
	v[5].n = 92;
	tally_suppress_tables(t, v, 6);
	T_EQ_INT(tally_sdc_complete(t, v, 6, &err), 0);
	T_EQ_INT(v[2].supp, 1);
	T_EQ_INT(v[2].hide_of, 1);
	T_EQ_INT(v[1].supp, 1);
	T_EQ_INT(v[0].supp, 1);
	T_EQ_INT(v[0].of, 90);
	T_EQ_INT(v[0].hide_of, 1);
	T_EQ_INT(v[4].supp, 1);	/* the summary's ngo */
	T_EQ_INT(v[3].supp, 1);	/* and business, which would give it */
	T_EQ_INT((int)t->sdc.failing, 0);
	T_EQ_INT(t->sdc.narrowest >= 3.0, 1);
	gd_tally_free(t);
}

/* ---- partial results ---- */

static const char part1[] =
    "{\"kind\":\"response\",\"id\":\"R04\",\"consent\":\"named\","
    "\"respondent\":{\"type\":\"citizen\"},\"answers\":{\"q1\":\"Agree\","
    "\"q2\":[\"bus\",\"tram\"]},\"comments\":{\"c\":\"More buses on the "
    "eastern routes please, and later trams.\"}}\n"
    "{\"kind\":\"audit\",\"id\":\"A1\"}\n"
    "{\"kind\":\"response\",\"id\":\"R01\",\"consent\":\"anonymous\","
    "\"respondent\":{\"type\":\"business\"},\"answers\":{\"q1\":"
    "\"Disagree\"},\"comments\":{\"c\":\"See attached\"}}\n"
    "{\"kind\":\"response\",\"id\":\"R07\",\"respondent\":{\"type\":"
    "\"citizen\"},\"answers\":{\"q1\":\"agree\",\"q2\":[\"bus\"]},"
    "\"comments\":{\"c\":\"Keep the library open on Sundays and during "
    "the school holidays.\"}}\n";
static const char part2[] =
    "{\"kind\":\"response\",\"id\":\"R02\",\"consent\":\"named\","
    "\"respondent\":{\"type\":\"citizen\"},\"answers\":{\"q1\":"
    "\"Neutral\"},\"comments\":{\"c\":\"Keep the library open on Sundays "
    "and during the school holidays.\"}}\n"
    "{\"kind\":\"response\",\"id\":\"R05\",\"consent\":\"named\","
    "\"respondent\":{\"type\":\"ngo\"}}\n"
    "{\"kind\":\"response\",\"id\":\"R03\",\"consent\":\"withheld\","
    "\"respondent\":{\"type\":\"citizen\"},\"answers\":{\"q2\":"
    "[\"tram\"]},\"comments\":{\"c\":\"Keep the library open on Sundays "
    "and during the school holidays!\"}}\n";

/*
 * The records of part1 and part2 counted in one run, and as partials of
 * each (in either order) merged: the same bytes.
 */
static void
round_trip(struct gd_tally_opts *o)
{
	struct gd_tally *t;
	struct gd_buf one, p1, p2, m;
	int i;

	gd_buf_init(&one, 0);
	gd_buf_init(&p1, 0);
	gd_buf_init(&p2, 0);
	o->partial = 0;
	if ((t = tally(o)) == NULL)
		return;
	feed(t, part1, 0);
	feed(t, part2, 0);
	T_EQ_INT(gd_tally_write(t, to_buf, &one, &werr), 0);
	gd_tally_free(t);
	o->partial = 1;
	if ((t = tally(o)) == NULL)
		return;
	feed(t, part1, 0);
	T_EQ_INT(gd_tally_write_partial(t, to_buf, &p1, &werr), 0);
	gd_tally_free(t);
	if ((t = tally(o)) == NULL)
		return;
	feed(t, part2, 0);
	T_EQ_INT(gd_tally_write_partial(t, to_buf, &p2, &werr), 0);
	gd_tally_free(t);
	T_OK(gd_buf_addc(&p1, '\0') == 0 && gd_buf_addc(&p2, '\0') == 0);
	o->partial = 0;
	for (i = 0; i < 2; i++) {
		gd_buf_init(&m, 0);
		if ((t = tally(o)) == NULL)
			break;
		feed(t, i ? p2.data : p1.data, 1);
		feed(t, i ? p1.data : p2.data, 1);
		T_EQ_INT(gd_tally_write(t, to_buf, &m, &werr), 0);
		gd_tally_free(t);
		if (m.len != one.len || memcmp(m.data, one.data, m.len) != 0)
			t_fail(__FILE__, __LINE__, "merged:\n%.*s\none run:\n"
			    "%.*s", (int)m.len, m.data, (int)one.len, one.data);
		gd_buf_release(&m);
	}
	gd_buf_release(&one);
	gd_buf_release(&p1);
	gd_buf_release(&p2);
}

TEST(tally_partial_merge_round_trip)
{
	static const char *const by[] = { "respondent.type,answers.*",
	    "consent" };
	struct gd_tally_opts o;
	char cb[64];

	memset(&o, 0, sizeof(o));
	round_trip(&o);
	o.by = by;
	o.nby = 2;
	o.missing = 1;
	o.stubs = 1;
	o.min_cell = 2;
	if (write_file(cb, "{\"themes\":[{\"id\":\"lib\",\"patterns\":"
	    "[\"librar\"]},{\"id\":\"bus\",\"patterns\":[\"bus\"]}]}") == -1) {
		T_OK(0);
		return;
	}
	o.codebook = cb;
	round_trip(&o);
	unlink(cb);
}

TEST(tally_partial_merge_campaigns)
{
	struct gd_tally_opts o;
	struct gd_tally *t;
	struct gd_buf out;

	memset(&o, 0, sizeof(o));
	o.campaigns = 1;
	round_trip(&o);
	o.campaign_mode = GD_CAMPAIGN_SEPARATE;
	round_trip(&o);
	/* The three library texts are one campaign, its first member
	 * (by id) R02; the records marked come first, in input order. */
	o.campaign_mode = GD_CAMPAIGN_INCLUDE;
	o.mark_campaigns = 1;
	gd_buf_init(&out, 0);
	if ((t = tally(&o)) == NULL)
		return;
	feed(t, part1, 0);
	feed(t, part2, 0);
	T_EQ_INT(gd_tally_write(t, to_buf, &out, &werr), 0);
	gd_tally_free(t);
	T_OK(gd_buf_addc(&out, '\0') == 0);
	T_OK(strncmp(out.data, S("{\"kind\":\"response\",\"id\":\"R04\",")) ==
	    0);
	T_OK(strstr(out.data, "holidays.\"},\"campaign\":\"c0001\"}\n"
	    "{\"kind\":\"response\",\"id\":\"R02\"") != NULL);
	T_OK(strstr(out.data, "\"campaigns\":1,\"campaign_responses\":3,"
	    "\"unique_voices\":4") != NULL);
	T_OK(strstr(out.data, "{\"gd\":1,\"kind\":\"campaign\",\"id\":"
	    "\"c0001\",\"size\":3,\"variants\":1,") != NULL);
	gd_buf_release(&out);
}

/*
 * A merge that takes its options from the partials (from_partials): the
 * partials' lines in reverse, so that every count comes before the
 * record of its options and waits for it, give the bytes of one run;
 * options given that contradict the partials' are refused once.
 */
TEST(tally_merge_options_from_partials)
{
	static const char *const by[] = { "consent", "answers.*" };
	struct gd_tally_opts o, m;
	struct gd_error err;
	struct gd_tally *t;
	struct gd_buf one, p, out;
	const char *lines[256], *kp;
	size_t n = 0, i, kn;
	char *q;
	int rc;

	memset(&o, 0, sizeof(o));
	o.by = by;
	o.nby = 2;
	o.stubs = 1;
	gd_buf_init(&one, 0);
	gd_buf_init(&p, 0);
	gd_buf_init(&out, 0);
	if ((t = tally(&o)) == NULL)
		return;
	feed(t, part1, 0);
	feed(t, part2, 0);
	T_EQ_INT(gd_tally_write(t, to_buf, &one, &werr), 0);
	gd_tally_free(t);
	if ((t = tally(&o)) == NULL)
		return;
	feed(t, part1, 0);
	feed(t, part2, 0);
	T_EQ_INT(gd_tally_write_partial(t, to_buf, &p, &werr), 0);
	gd_tally_free(t);
	T_OK(gd_buf_addc(&p, '\0') == 0);
	T_OK(strncmp(p.data, S("{\"gd\":1,\"kind\":\"partial\",\"args\":"
	    "{\"by\":[\"consent\",\"answers.*\"],\"missing\":false,"
	    "\"stubs\":true},\"config\":\"")) == 0);
	for (q = p.data; *q && n < 256; q = strchr(q, '\n') + 1)
		lines[n++] = q;
	memset(&m, 0, sizeof(m));
	m.from_partials = 1;
	if ((t = tally(&m)) == NULL)
		return;
	for (i = n; i-- > 0; ) {
		rc = gd_tally_merge(t, lines[i], (size_t)(strchr(lines[i],
		    '\n') - lines[i]), &err);
		T_EQ_INT(rc, i == 0 ? 1 : GD_TALLY_KEPT);
	}
	T_EQ_INT(gd_tally_merge_end(t, &err), 0);
	T_EQ_INT(gd_tally_kept(t), n - 1);
	for (i = 0; i < gd_tally_kept(t); i++) {
		T_EQ_INT(gd_tally_kept_line(t, i, &kp, &kn, &err), 0);
		T_EQ_INT(gd_tally_merge(t, kp, kn, &err), 1);
	}
	T_EQ_INT(gd_tally_write(t, to_buf, &out, &werr), 0);
	gd_tally_free(t);
	T_OK(out.len == one.len && memcmp(out.data, one.data, one.len) == 0);
	/* Its own options, other than the partials': refused at the
	 * record of the partials' options. */
	m.from_partials = 0;
	m.stubs = 1;
	if ((t = tally(&m)) == NULL)
		return;
	T_EQ_INT(gd_tally_merge(t, lines[0], (size_t)(strchr(lines[0], '\n') -
	    lines[0]), &err), -1);
	T_EQ_INT(err.code, GD_EXIT_USAGE);
	T_EQ_STR(err.msg, "the partials were made with other options (--by "
	    "consent --by answers.* --stubs) than --merge was given (--stubs): "
	    "give it the same, or none");
	gd_tally_free(t);
	gd_buf_release(&one);
	gd_buf_release(&p);
	gd_buf_release(&out);
}

TEST(tally_merge_refused)
{
	struct gd_tally_opts o;
	struct gd_error err;
	struct gd_tally *t;
	const char *kp;
	char line[256];
	size_t kn;
	int n;

	memset(&o, 0, sizeof(o));
	if ((t = tally(&o)) == NULL)
		return;
	/* Another kind of record is passed on. */
	T_EQ_INT(gd_tally_merge(t, S("{\"kind\":\"response\",\"id\":\"1\"}"),
	    &err), 0);
	T_EQ_INT(gd_tally_merge(t, S("{\"kind\":\"partial\""), &err), -1);
	T_EQ_INT(err.code, GD_EXIT_REJECTS);
	/* Made with other options: kept aside until the end, when the
	 * record of those options may have come; refused after. */
	T_EQ_INT(gd_tally_merge(t, S("{\"gd\":1,\"kind\":\"partial\","
	    "\"config\":\"0123456789abcdef\",\"cell\":65524,\"dims\":[],"
	    "\"n\":1}"), &err), GD_TALLY_KEPT);
	T_EQ_INT(gd_tally_kept(t), 1);
	T_EQ_INT(gd_tally_merge_end(t, &err), 0);
	T_EQ_INT(gd_tally_kept_line(t, 0, &kp, &kn, &err), 0);
	T_OK(kn > 20 && strncmp(kp, "{\"gd\":1,\"kind\":\"partial\",", 25) ==
	    0);
	T_EQ_INT(gd_tally_merge(t, kp, kn, &err), -1);
	T_EQ_STR(err.msg, "partial made with other options (--by, --missing, "
	    "--scale, --codebook, --stubs and the campaign options must be the "
	    "same)");
	/* This tally's: a count of responses, and with the TAB Hadoop
	 * Streaming leaves. */
	n = snprintf(line, sizeof(line), "{\"gd\":1,\"kind\":\"partial\","
	    "\"config\":\"%s\",\"cell\":%d,\"dims\":[],\"n\":5}\t", t->config,
	    SPEC_RESPONSES);
	T_EQ_INT(gd_tally_merge(t, line, (size_t)n, &err), 1);
	/* A cell of no table of this tally's, or of another shape. */
	n = snprintf(line, sizeof(line), "{\"gd\":1,\"kind\":\"partial\","
	    "\"config\":\"%s\",\"cell\":%d,\"dims\":[[\"x\",\"y\"]],\"n\":1}",
	    t->config, SPEC_RESPONSES);
	T_EQ_INT(gd_tally_merge(t, line, (size_t)n, &err), -1);
	T_EQ_STR(err.msg, "partial cell not of this tally's tables (its table "
	    "or fields differ)");
	n = snprintf(line, sizeof(line), "{\"gd\":1,\"kind\":\"partial\","
	    "\"config\":\"%s\",\"cell\":7,\"dims\":[],\"n\":1}", t->config);
	T_EQ_INT(gd_tally_merge(t, line, (size_t)n, &err), -1);
	n = snprintf(line, sizeof(line), "{\"gd\":1,\"kind\":\"partial\","
	    "\"config\":\"%s\",\"stub\":\"R1\",\"reason\":\"long\"}",
	    t->config);
	T_EQ_INT(gd_tally_merge(t, line, (size_t)n, &err), -1);
	T_EQ_STR(err.msg, "not a partial tally record");
	gd_tally_free(t);
}
