/*
 * test_pub_model.c - what every writer of a publication shares
 * (lib/pub_model.c): natural order, respondent types in their order,
 * dot paths and leaves, numbers as text; and what reading the stream
 * (lib/pub_read.c) refuses.
 */
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "../../lib/pub_int.h"
#include "t.h"

TEST(pub_natural_order)
{
	T_OK(pub_natural_cmp("q2", "q10") < 0);
	T_OK(pub_natural_cmp("q10", "q2") > 0);
	T_OK(pub_natural_cmp("q02", "q2") == 0);
	T_OK(pub_natural_cmp("q2a", "q2b") < 0);
	T_OK(pub_natural_cmp("a", "ab") < 0);
	T_OK(pub_natural_cmp("answers.q9", "answers.q10") < 0);
	T_OK(pub_natural_cmp("x", "X") > 0);
	T_OK(pub_natural_cmp("", "") == 0);
}

TEST(pub_types_in_order)
{
	const char *t[] = { "zzz", "unknown", "ngo", "citizen", "aaa" };

	T_EQ_STR(pub_type_label("public_employee"), "Public employees");
	T_EQ_STR(pub_type_one("public_employee"), "Public employee");
	T_EQ_STR(pub_type_label("<b>new</b>"), "<b>new</b>");
	qsort(t, 5, sizeof(t[0]), pub_type_cmp);
	/* gd's types in gd's order, then others in byte order. */
	T_EQ_STR(t[0], "citizen");
	T_EQ_STR(t[1], "ngo");
	T_EQ_STR(t[2], "unknown");
	T_EQ_STR(t[3], "aaa");
	T_EQ_STR(t[4], "zzz");
}

static int
collect(void *ctx, const char *path, json_t *v)
{
	struct gd_buf *b = ctx;

	return gd_buf_adds(b, path) == -1 || gd_buf_addc(b, ' ') == -1 ?
	    -1 : 0;
}

TEST(pub_paths_and_leaves)
{
	json_t *rec = json_loads("{\"gd\":1,\"kind\":\"response\",\"id\":\"x\","
	    "\"respondent\":{\"type\":\"ngo\",\"a\":{\"b\":[1]}},"
	    "\"extra\":{},\"answers\":{\"q1\":null}}", 0, NULL);
	struct gd_buf b, path;

	T_OK(rec != NULL);
	if (rec == NULL)
		return;
	T_EQ_STR(json_string_value(pub_path(rec, "respondent.type")), "ngo");
	T_OK(json_is_array(pub_path(rec, "respondent.a.b")));
	T_OK(pub_path(rec, "respondent.type.x") == NULL);
	T_OK(pub_path(rec, "nosuch.x") == NULL);
	/* Every leaf but gd, kind and empty objects. */
	gd_buf_init(&b, 0);
	gd_buf_init(&path, 0);
	T_OK(pub_leaves(rec, &path, collect, &b) == 0);
	T_EQ_MEM(b.data, b.len, "id respondent.type respondent.a.b "
	    "answers.q1 ");
	gd_buf_release(&b);
	gd_buf_release(&path);
	json_decref(rec);
}

TEST(pub_numbers_as_text)
{
	struct gd_buf b;
	json_t *v;

	gd_buf_init(&b, 0);
	v = json_integer(-42);
	T_OK(pub_num(&b, v) == 0);
	json_decref(v);
	T_OK(gd_buf_addc(&b, ' ') == 0);
	v = json_real(1.0 / 3);
	T_OK(pub_num(&b, v) == 0);
	json_decref(v);
	T_EQ_MEM(b.data, b.len, "-42 0.33333333333333331");
	gd_buf_release(&b);
}

TEST(pub_read_refusals)
{
	struct gd_pub_opts o;
	struct gd_error err;
	struct gd_pub *p;
	static const char unredacted[] = "{\"gd\":1,\"kind\":\"response\","
	    "\"id\":\"r1\",\"privacy\":\"analysis\"}";
	/* Not JSON, not a gd record, a key given twice. */
	static const char *const bad[] = { "{\"gd\":1", "[1]",
	    "{\"kind\":\"response\"}", "{\"gd\":2,\"kind\":\"response\"}",
	    "{\"gd\":1,\"kind\":\"summary\",\"a\":1,\"a\":2}" };
	size_t i;

	memset(&o, 0, sizeof(o));
	gd_error_clear(&err);
	if ((p = gd_pub_new(&o, &err)) == NULL) {
		T_OK(p != NULL);
		return;
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gd_error_clear(&err);
		T_EQ_INT(gd_pub_add(p, bad[i], strlen(bad[i]), &err), -1);
		T_EQ_INT(err.code, GD_EXIT_REJECTS);
	}
	gd_error_clear(&err);
	T_EQ_INT(gd_pub_add(p, unredacted, strlen(unredacted), &err), -1);
	T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
	T_OK(strstr(err.msg, "r1 is not redacted for publication") != NULL);
	gd_pub_free(p);

	/* --allow-unredacted takes it. */
	o.allow_unredacted = 1;
	gd_error_clear(&err);
	if ((p = gd_pub_new(&o, &err)) == NULL) {
		T_OK(p != NULL);
		return;
	}
	T_EQ_INT(gd_pub_add(p, unredacted, strlen(unredacted), &err), 0);
	gd_pub_free(p);
}
