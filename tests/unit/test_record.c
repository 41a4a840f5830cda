/*
 * test_record.c - response records: gd_resp_write's fixed key order,
 * absent fields left out, lists, reset and release.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "gd/gd.h"
#include "t.h"

#define STRV(x)	((struct gd_str){ (x), sizeof(x) - 1 })

/* Writes r into a fresh buffer; the caller releases it. */
static void
write_resp(const struct gd_resp *r, struct gd_buf *b)
{
	struct gd_jw jw;

	gd_buf_init(b, 0);
	gd_jw_init(&jw, b);
	gd_resp_write(&jw, r);
	if (jw.err)
		t_fail(__FILE__, __LINE__, "gd_resp_write failed");
}

static void
kv(struct gd_kvlist *l, const char *k, const char *v)
{
	struct gd_kv e;

	memset(&e, 0, sizeof(e));
	e.key.s = k;
	e.key.len = strlen(k);
	e.val.s = v;
	e.val.len = strlen(v);
	if (gd_kvlist_add(l, &e) != 0)
		t_fail(__FILE__, __LINE__, "gd_kvlist_add failed");
}

TEST(rec_minimal_record)
{
	struct gd_resp r;
	struct gd_buf b;

	memset(&r, 0, sizeof(r));
	write_resp(&r, &b);
	/* Absent fields left out; type and consent "unknown"; answers
	 * always there; comments and extra only when not empty. */
	T_EQ_STR(b.data, "{\"gd\":1,\"kind\":\"response\",\"respondent\":"
	    "{\"type\":\"unknown\"},\"consent\":\"unknown\",\"answers\":{},"
	    "\"source\":{\"file\":\"-\",\"line\":0,\"row\":0}}");
	gd_buf_release(&b);
	gd_resp_release(&r);
}

TEST(rec_full_record_key_order)
{
	static const struct gd_str items[] = { { "a", 1 }, { "b\"", 2 } };
	struct gd_resp r;
	struct gd_kv e;
	struct gd_buf b;

	memset(&r, 0, sizeof(r));
	/* Filled in an order unlike the output's. */
	r.country = STRV("DE");
	r.consent = STRV("named");
	r.email = STRV("e@x.org");
	r.id = STRV("ID-1");
	r.submitted = STRV("2020-01-02");
	r.consultation = STRV("c1");
	r.type = STRV("business");
	r.type_label = STRV("Firm");
	r.name = STRV("Ann \"A\" Lee");
	r.organisation = STRV("ACME");
	r.file = "in/x.csv";
	r.line = 12;
	r.row = 10;
	kv(&r.extra, "z", "last");
	kv(&r.comments, "c", "line1\nline2");
	kv(&r.answers, "q2", "two");
	memset(&e, 0, sizeof(e));
	e.key = STRV("q1");
	e.nitems = 2;
	e.items = items;
	T_EQ_INT(gd_kvlist_add(&r.answers, &e), 0);
	/* A key already encoded. */
	memset(&e, 0, sizeof(e));
	e.key = STRV("K \"3\"");
	e.kenc = STRV("\"K \\\"3\\\"\":");
	e.val = STRV("");
	T_EQ_INT(gd_kvlist_add(&r.answers, &e), 0);
	write_resp(&r, &b);
	T_EQ_STR(b.data, "{\"gd\":1,\"kind\":\"response\",\"id\":\"ID-1\","
	    "\"consultation\":\"c1\",\"submitted\":\"2020-01-02\","
	    "\"respondent\":{\"type\":\"business\",\"type_label\":\"Firm\","
	    "\"name\":\"Ann \\\"A\\\" Lee\",\"email\":\"e@x.org\","
	    "\"organisation\":\"ACME\",\"country\":\"DE\"},"
	    "\"consent\":\"named\",\"answers\":{\"q2\":\"two\",\"q1\":[\"a\","
	    "\"b\\\"\"],\"K \\\"3\\\"\":\"\"},\"comments\":{\"c\":"
	    "\"line1\\nline2\"},\"extra\":{\"z\":\"last\"},\"source\":"
	    "{\"file\":\"in/x.csv\",\"line\":12,\"row\":10}}");
	/* And it is JSON. */
	{
		json_t *o = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES,
		    NULL);

		T_OK(o != NULL);
		json_decref(o);
	}
	gd_buf_release(&b);
	gd_resp_release(&r);
}

TEST(rec_empty_strings_are_present_not_absent)
{
	struct gd_resp r;
	struct gd_buf b;

	memset(&r, 0, sizeof(r));
	r.email = STRV("");
	r.id = STRV("");
	write_resp(&r, &b);
	T_OK(strstr(b.data, "\"id\":\"\"") != NULL);
	T_OK(strstr(b.data, "\"email\":\"\"") != NULL);
	T_OK(strstr(b.data, "\"name\"") == NULL);
	T_OK(strstr(b.data, "\"consultation\"") == NULL);
	T_OK(strstr(b.data, "\"submitted\"") == NULL);
	T_OK(strstr(b.data, "\"type_label\"") == NULL);
	gd_buf_release(&b);
	gd_resp_release(&r);
}

TEST(rec_only_comments_or_extra)
{
	struct gd_resp r;
	struct gd_buf b;

	memset(&r, 0, sizeof(r));
	kv(&r.extra, "e", "1");
	write_resp(&r, &b);
	T_OK(strstr(b.data, "\"answers\":{},\"extra\":{\"e\":\"1\"},"
	    "\"source\"") != NULL);
	T_OK(strstr(b.data, "\"comments\"") == NULL);
	gd_buf_release(&b);
	gd_resp_release(&r);
}

TEST(rec_reset_keeps_storage_and_empties)
{
	struct gd_resp r;
	struct gd_kv *a;
	struct gd_buf b;
	int i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < 40; i++)	/* past the first growth */
		kv(&r.answers, "k", "v");
	T_EQ_INT(r.answers.n, 40);
	T_OK(r.answers.cap >= 40);
	r.id = STRV("x");
	r.line = 5;
	a = r.answers.v;
	gd_resp_reset(&r);
	T_EQ_INT(r.answers.n, 0);
	T_EQ_INT(r.comments.n, 0);
	T_EQ_INT(r.extra.n, 0);
	T_OK(r.answers.v == a);
	T_OK(r.id.s == NULL);
	T_EQ_INT(r.line, 0);
	kv(&r.answers, "only", "one");
	write_resp(&r, &b);
	T_OK(strstr(b.data, "\"answers\":{\"only\":\"one\"}") != NULL);
	gd_buf_release(&b);
	gd_resp_release(&r);
	T_OK(r.answers.v == NULL);
	T_EQ_INT(r.answers.cap, 0);
}

TEST(rec_write_into_capped_buffer_fails_cleanly)
{
	struct gd_resp r;
	struct gd_buf b;
	struct gd_jw jw;

	memset(&r, 0, sizeof(r));
	r.name = STRV("a name that is long enough to pass the cap");
	gd_buf_init(&b, 64);
	gd_jw_init(&jw, &b);
	gd_resp_write(&jw, &r);
	T_EQ_INT(jw.err, 1);
	T_OK(b.len <= 64);
	gd_buf_release(&b);
	gd_resp_release(&r);
}

TEST(rec_many_records_in_one_buffer)
{
	struct gd_resp r;
	struct gd_buf b;
	struct gd_jw jw;
	char id[16];
	int i;
	size_t lines = 0, k;

	memset(&r, 0, sizeof(r));
	gd_buf_init(&b, 0);
	for (i = 0; i < 100; i++) {
		gd_resp_reset(&r);
		snprintf(id, sizeof(id), "r%d", i);
		r.id.s = id;
		r.id.len = strlen(id);
		r.row = (unsigned long)i;
		kv(&r.answers, "q", id);
		gd_jw_init(&jw, &b);
		gd_resp_write(&jw, &r);
		gd_buf_addc(&b, '\n');
		T_EQ_INT(jw.err, 0);
	}
	for (k = 0; k < b.len; k++)
		lines += b.data[k] == '\n';
	T_EQ_INT(lines, 100);
	T_OK(strstr(b.data, "{\"gd\":1,\"kind\":\"response\",\"id\":\"r99\","
	    "\"respondent\":{\"type\":\"unknown\"},\"consent\":\"unknown\","
	    "\"answers\":{\"q\":\"r99\"},\"source\":{\"file\":\"-\",\"line\":0,"
	    "\"row\":99}}\n") != NULL);
	gd_buf_release(&b);
	gd_resp_release(&r);
}
