/*
 * test_lines.c - newline-delimited input: line ends, the last line, the
 * cap, lines longer than the source's 256 KiB blocks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gd/gd.h"
#include "t.h"

#define S(x)	(x), (sizeof(x) - 1)

struct lr {
	char path[64];
	struct gd_source *src;
	struct gd_lines *l;
};

/* Writes the text to a temporary file and opens a line reader on it. */
static int
lr_open(struct lr *r, const char *text, size_t n, size_t max)
{
	struct gd_error err;
	int fd;

	memset(r, 0, sizeof(*r));
	snprintf(r->path, sizeof(r->path), "/tmp/gd-test-lines-XXXXXX");
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
	if ((r->src = gd_source_open(r->path, "UTF-8", &err)) == NULL ||
	    (r->l = gd_lines_new(r->src, max)) == NULL) {
		gd_source_close(r->src);
		unlink(r->path);
		t_fail(__FILE__, __LINE__, "open failed");
		return -1;
	}
	return 0;
}

static void
lr_close(struct lr *r)
{
	gd_lines_free(r->l);
	gd_source_close(r->src);
	unlink(r->path);
}

/* Expects the next line to be want (rc 1). */
static void
expect_line(struct lr *r, const char *want, unsigned long lineno,
    const char *file, int line)
{
	struct gd_error err;
	const char *p;
	size_t n;
	int rc;

	rc = gd_lines_next(r->l, &p, &n, &err);
	if (rc != 1) {
		t_fail(file, line, "rc %d, expected a line \"%s\"", rc, want);
		return;
	}
	if (n != strlen(want) || memcmp(p, want, n) != 0)
		t_fail(file, line, "line \"%.*s\", expected \"%s\"", (int)n, p,
		    want);
	if (gd_lines_lineno(r->l) != lineno)
		t_fail(file, line, "lineno %lu, expected %lu",
		    gd_lines_lineno(r->l), lineno);
}

static void
expect_end(struct lr *r, const char *file, int line)
{
	struct gd_error err;
	const char *p;
	size_t n;
	int rc;

	if ((rc = gd_lines_next(r->l, &p, &n, &err)) != 0)
		t_fail(file, line, "rc %d, expected the end", rc);
	/* And it stays at the end. */
	if ((rc = gd_lines_next(r->l, &p, &n, &err)) != 0)
		t_fail(file, line, "rc %d after the end", rc);
}

#define LINE(r, want, no) expect_line((r), (want), (no), __FILE__, __LINE__)
#define END(r) expect_end((r), __FILE__, __LINE__)

TEST(lines_lf_and_crlf)
{
	struct lr r;

	if (lr_open(&r, S("one\ntwo\r\nthree\n"), 0) == -1)
		return;
	T_EQ_INT(gd_lines_lineno(r.l), 0);
	LINE(&r, "one", 1);
	LINE(&r, "two", 2);
	LINE(&r, "three", 3);
	END(&r);
	lr_close(&r);
}

TEST(lines_last_line_without_newline)
{
	struct lr r;

	if (lr_open(&r, S("a\nlast"), 0) == -1)
		return;
	LINE(&r, "a", 1);
	LINE(&r, "last", 2);
	END(&r);
	lr_close(&r);

	if (lr_open(&r, S("a\r\nlast"), 0) == -1)
		return;
	LINE(&r, "a", 1);
	LINE(&r, "last", 2);
	END(&r);
	lr_close(&r);

	if (lr_open(&r, S("only"), 0) == -1)
		return;
	LINE(&r, "only", 1);
	END(&r);
	lr_close(&r);
}

TEST(lines_empty_input_and_empty_lines)
{
	struct lr r;

	if (lr_open(&r, "", 0, 0) == -1)
		return;
	END(&r);
	lr_close(&r);

	if (lr_open(&r, S("\n\r\n\nx\n\n"), 0) == -1)
		return;
	LINE(&r, "", 1);
	LINE(&r, "", 2);
	LINE(&r, "", 3);
	LINE(&r, "x", 4);
	LINE(&r, "", 5);
	END(&r);
	lr_close(&r);
}

TEST(lines_inner_cr_is_kept)
{
	struct lr r;

	if (lr_open(&r, S("a\rb\nc\r\r\n"), 0) == -1)
		return;
	LINE(&r, "a\rb", 1);
	LINE(&r, "c\r", 2);	/* only the CR before LF is dropped */
	END(&r);
	lr_close(&r);
}

TEST(lines_cap_exceeded_then_next_line)
{
	struct gd_error err;
	const char *p;
	size_t n;
	struct lr r;

	if (lr_open(&r, S("short\n0123456789abcdef\nafter\nok12345\n"), 8)
	    == -1)
		return;
	LINE(&r, "short", 1);
	gd_error_clear(&err);
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), -2);
	T_EQ_INT(err.code, GD_EXIT_REJECTS);
	T_EQ_INT(err.line, 2);
	T_EQ_STR(err.file, r.path);
	T_OK(strstr(err.msg, "8") != NULL);
	T_EQ_MEM(p, n, "01234567");	/* its first bytes */
	T_EQ_INT(gd_lines_lineno(r.l), 2);
	LINE(&r, "after", 3);
	LINE(&r, "ok12345", 4);
	END(&r);
	lr_close(&r);
}

TEST(lines_cap_exact_fit)
{
	struct gd_error err;
	const char *p;
	size_t n;
	struct lr r;

	if (lr_open(&r, S("12345678\n123456789\nxy"), 8) == -1)
		return;
	LINE(&r, "12345678", 1);
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), -2);
	T_EQ_INT(err.line, 2);
	LINE(&r, "xy", 3);
	END(&r);
	lr_close(&r);

	/* The last line, over the cap and without a newline. */
	if (lr_open(&r, S("ab\n123456789"), 8) == -1)
		return;
	LINE(&r, "ab", 1);
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), -2);
	T_EQ_INT(err.line, 2);
	T_EQ_MEM(p, n, "12345678");
	END(&r);
	lr_close(&r);
}

/* The cap is on the line, not on its line end: a CRLF line of exactly
 * max bytes is a line. */
TEST(lines_cap_does_not_count_the_cr)
{
	struct gd_error err;
	const char *p;
	size_t n;
	struct lr r;

	if (lr_open(&r, S("12345678\r\nabc\r\n"), 8) == -1)
		return;
	gd_error_clear(&err);
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), 1);
	T_EQ_MEM(p, n, "12345678");
	LINE(&r, "abc", 2);
	END(&r);
	lr_close(&r);
}

/* A text of lines of the given lengths (each filled with a letter). */
static char *
make_lines(const size_t *len, size_t nlines, const char *eol, size_t *total)
{
	size_t i, k = 0, el = strlen(eol), sum = 0;
	char *t;

	for (i = 0; i < nlines; i++)
		sum += len[i] + el;
	if ((t = malloc(sum + 1)) == NULL)
		return NULL;
	for (i = 0; i < nlines; i++) {
		memset(t + k, 'a' + (int)(i % 26), len[i]);
		if (len[i] > 2)		/* mark both ends */
			t[k] = '<', t[k + len[i] - 1] = '>';
		k += len[i];
		memcpy(t + k, eol, el);
		k += el;
	}
	*total = k;
	return t;
}

/* Lines longer than a 256 KiB block, and lines cut by block ends. */
TEST(lines_long_lines_across_blocks)
{
	static const size_t len[] = { 10, 600000, 3, 262144, 262143, 0,
	    300000, 1, 1000000, 7 };
	size_t n = sizeof(len) / sizeof(len[0]), total, i, off = 0, got;
	struct gd_error err;
	const char *p;
	struct lr r;
	char *t;
	int rc;

	if ((t = make_lines(len, n, "\r\n", &total)) == NULL)
		return;
	if (lr_open(&r, t, total, 0) == -1) {
		free(t);
		return;
	}
	for (i = 0; i < n; i++) {
		rc = gd_lines_next(r.l, &p, &got, &err);
		T_EQ_INT(rc, 1);
		if (rc != 1)
			break;
		T_EQ_INT(got, len[i]);
		if (got == len[i] && memcmp(p, t + off, got) != 0)
			t_fail(__FILE__, __LINE__, "line %zu differs", i + 1);
		T_EQ_INT(gd_lines_lineno(r.l), i + 1);
		off += len[i] + 2;
	}
	END(&r);
	lr_close(&r);
	free(t);
}

/* Over the cap across blocks: rejected, and the reader recovers. */
TEST(lines_long_line_over_cap_across_blocks)
{
	static const size_t len[] = { 5, 700000, 4, 300001, 300000, 2 };
	size_t n = sizeof(len) / sizeof(len[0]), total, got;
	struct gd_error err;
	const char *p;
	struct lr r;
	char *t;

	if ((t = make_lines(len, n, "\n", &total)) == NULL)
		return;
	/* The last line has no newline. */
	total--;
	if (lr_open(&r, t, total, 300000) == -1) {
		free(t);
		return;
	}
	LINE(&r, "<aaa>", 1);
	T_EQ_INT(gd_lines_next(r.l, &p, &got, &err), -2);
	T_EQ_INT(err.line, 2);
	T_EQ_INT(got, 300000);
	T_OK(got > 0 && p[0] == '<');
	T_EQ_INT(gd_lines_next(r.l, &p, &got, &err), 1);
	T_EQ_MEM(p, got, "<cc>");
	T_EQ_INT(gd_lines_lineno(r.l), 3);
	T_EQ_INT(gd_lines_next(r.l, &p, &got, &err), -2);
	T_EQ_INT(err.line, 4);
	T_EQ_INT(gd_lines_next(r.l, &p, &got, &err), 1);
	T_EQ_INT(got, 300000);
	T_OK(got == 300000 && p[0] == '<' && p[got - 1] == '>');
	LINE(&r, "ff", 6);
	END(&r);
	lr_close(&r);
	free(t);
}

TEST(lines_many_short_lines)
{
	size_t n = 30000, i, k = 0, bad = 0, got;
	struct gd_error err;
	const char *p;
	char *t, want[32];
	struct lr r;
	int w;

	if ((t = malloc(n * 16)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		w = snprintf(t + k, 16, "%zu%s", i, i % 3 ? "\n" : "\r\n");
		k += (size_t)w;
	}
	if (lr_open(&r, t, k, 0) == -1) {
		free(t);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "%zu", i);
		if (gd_lines_next(r.l, &p, &got, &err) != 1 ||
		    got != strlen(want) || memcmp(p, want, got) != 0 ||
		    gd_lines_lineno(r.l) != i + 1)
			bad++;
	}
	T_EQ_INT(bad, 0);
	END(&r);
	lr_close(&r);
	free(t);
}

TEST(lines_free_null)
{
	gd_lines_free(NULL);
	T_OK(1);
}

/* gd_lines_cut: 1 when a rejected line holds only its first bytes. */
TEST(lines_cut_flag)
{
	struct gd_error err;
	const char *p;
	size_t n;
	struct lr r;

	if (lr_open(&r, S("12345678\n123456789\nab\n1234567890123\r\n"
	    "12345678\r\n"), 8) == -1)
		return;
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), 1);
	T_EQ_INT(gd_lines_cut(r.l), 0);
	/* One byte over the cap. */
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), -2);
	T_EQ_MEM(p, n, "12345678");
	T_EQ_INT(gd_lines_cut(r.l), 1);
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), 1);
	T_EQ_MEM(p, n, "ab");
	T_EQ_INT(gd_lines_cut(r.l), 0);
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), -2);
	T_EQ_MEM(p, n, "12345678");
	T_EQ_INT(gd_lines_cut(r.l), 1);
	T_EQ_INT(gd_lines_next(r.l, &p, &n, &err), 1);
	T_EQ_MEM(p, n, "12345678");
	T_EQ_INT(gd_lines_cut(r.l), 0);
	END(&r);
	lr_close(&r);
}
