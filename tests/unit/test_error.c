/*
 * test_error.c - the error convention: gd_error_set, gd_error_nomem,
 * gd_error_from_errno, gd_error_format; and gd_jscan, which reports
 * through it (a fault of the text, memory, a callback that stops).
 */
#include <errno.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

TEST(error_nomem_is_flagged)
{
	struct gd_error err;
	char buf[GD_ERR_MSG + GD_ERR_FILE + 64];

	T_EQ_INT(gd_error_nomem(&err, "in.csv", 7), -1);
	T_EQ_INT(err.code, GD_EXIT_IO);
	T_EQ_INT(err.nomem, 1);
	T_EQ_STR(err.msg, "out of memory");
	T_EQ_STR(gd_error_format(&err, buf, sizeof(buf)),
	    "in.csv:7: out of memory");
	/* Any other error clears the flag. */
	T_EQ_INT(gd_error_set(&err, GD_EXIT_REJECTS, NULL, 0, 3, "bad"), -1);
	T_EQ_INT(err.nomem, 0);
	T_EQ_STR(gd_error_format(&err, buf, sizeof(buf)), "bad");
	gd_error_nomem(&err, NULL, 0);
	T_EQ_STR(gd_error_format(&err, buf, sizeof(buf)), "out of memory");
	T_EQ_INT(gd_error_nomem(NULL, NULL, 0), -1);
}

TEST(error_from_errno)
{
	struct gd_error err;

	errno = ENOMEM;
	T_EQ_INT(gd_error_from_errno(&err, GD_EXIT_UNUSABLE, "f", 2,
	    "cannot read %s", "it"), -1);
	T_EQ_INT(err.nomem, 1);
	T_EQ_INT(err.code, GD_EXIT_IO);
	T_EQ_STR(err.msg, "out of memory");
	T_EQ_INT(err.line, 2);
	errno = ENOSPC;
	T_EQ_INT(gd_error_from_errno(&err, GD_EXIT_IO, NULL, 0,
	    "cannot keep %s aside", "responses"), -1);
	T_EQ_INT(err.nomem, 0);
	T_EQ_INT(err.code, GD_EXIT_IO);
	T_OK(strncmp(err.msg, "cannot keep responses aside: ", 29) == 0);
	T_EQ_STR(err.msg + 29, strerror(ENOSPC));
	T_EQ_INT(gd_error_from_errno(NULL, GD_EXIT_IO, NULL, 0, "x"), -1);
}

struct seen {
	int n, stop_at;
};

static int
count_or_stop(void *ctx, const struct gd_jval *v, struct gd_error *err)
{
	struct seen *s = ctx;

	if (++s->n == s->stop_at)
		return gd_error_set(err, GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "stopped at %.*s", (int)v->len, v->s);
	return 0;
}

static int
scan(const char *text, struct seen *s, struct gd_error *err)
{
	struct gd_jpaths *ps = gd_jpaths_new();
	struct gd_buf scratch;
	int rc;

	T_OK(ps != NULL);
	if (ps == NULL)
		return -2;
	T_EQ_INT(gd_jpaths_add(ps, "a"), 0);
	T_EQ_INT(gd_jpaths_add(ps, "b.*"), 1);
	gd_buf_init(&scratch, 0);
	gd_error_clear(err);
	rc = gd_jscan(ps, text, strlen(text), count_or_stop, s, &scratch,
	    err);
	gd_buf_release(&scratch);
	gd_jpaths_free(ps);
	return rc;
}

TEST(jscan_reports_through_the_error)
{
	struct seen s = { 0, 0 };
	struct gd_error err;

	T_EQ_INT(scan("{\"a\":1,\"b\":{\"x\":\"\\u00e9\",\"y\":null}}", &s,
	    &err), 0);
	T_EQ_INT(s.n, 3);
	T_EQ_INT(err.code, 0);
	/* A fault: a reject, at the character of the fault. */
	s.n = 0;
	T_EQ_INT(scan("{\"\xc3\xa9\":1,\"a\":tru}", &s, &err), -1);
	T_EQ_INT(err.code, GD_EXIT_REJECTS);
	T_EQ_INT(err.nomem, 0);
	T_EQ_INT(err.column, 12);	/* the "t" of "tru" */
	T_EQ_STR(err.msg, "not valid JSON: invalid value");
	T_EQ_INT(scan("{\"a\":1,\"a\":2}", &s, &err), -1);
	T_EQ_STR(err.msg, "not valid JSON: duplicate key");
	T_EQ_INT(scan("{\"b\":{\"x\":1,\"x\":2}}", &s, &err), -1);
	T_EQ_STR(err.msg, "not valid JSON: duplicate key");
	T_EQ_INT(scan("[]", &s, &err), -1);
	T_EQ_INT(err.column, 1);
	T_EQ_STR(err.msg, "not valid JSON: not a JSON object");
	/* The callback stops the scan: its error comes back as it was. */
	s.n = 0;
	s.stop_at = 2;
	T_EQ_INT(scan("{\"a\":1,\"b\":{\"x\":\"two\"},\"c\":[}", &s, &err),
	    -1);
	T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
	T_EQ_INT(err.column, 0);
	T_EQ_STR(err.msg, "stopped at two");
}
