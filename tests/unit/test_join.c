/*
 * test_join.c - the join table: rows of a second export found by id.
 */
#include <stdio.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

#define S(x)	(x), (sizeof(x) - 1)

static const struct gd_str hdr[] = {
	{ "Comment", 7 }, { "Document ID", 11 }, { "Attachment", 10 },
};

/* Adds a row of NUL-terminated values. */
static int
add(struct gd_join *j, const char *const *v, size_t n, unsigned long line,
    unsigned long *first)
{
	size_t len[8], i;

	for (i = 0; i < n; i++)
		len[i] = strlen(v[i]);
	return gd_join_add(j, v, len, n, line, first);
}

static void
expect_vals(const struct gd_str *vals, size_t n, const char *const *want,
    const char *file, int line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (vals[i].len != strlen(want[i]) || memcmp(vals[i].s, want[i],
		    vals[i].len) != 0)
			t_fail(file, line, "value %zu \"%.*s\", expected "
			    "\"%s\"", i, (int)vals[i].len, vals[i].s, want[i]);
}

TEST(join_names_leave_out_the_key)
{
	struct gd_join *j = gd_join_new(hdr, 3, 1);
	const struct gd_str *names;
	size_t n = 99;

	T_OK(j != NULL);
	if (j == NULL)
		return;
	names = gd_join_names(j, &n);
	T_EQ_INT(n, 2);
	T_EQ_MEM(names[0].s, names[0].len, "Comment");
	T_EQ_MEM(names[1].s, names[1].len, "Attachment");
	T_EQ_INT(gd_join_rows(j), 0);
	T_EQ_INT(gd_join_unused(j), 0);
	gd_join_free(j);
	gd_join_free(NULL);
}

TEST(join_names_are_copied)
{
	char a[] = "First", b[] = "Key", c[] = "Third";
	struct gd_str h[3] = { { a, 5 }, { b, 3 }, { c, 5 } };
	struct gd_join *j = gd_join_new(h, 3, 0);
	const struct gd_str *names;
	size_t n;

	if (j == NULL)
		return;
	memset(a, 'x', 5);
	memset(c, 'y', 5);
	names = gd_join_names(j, &n);
	T_EQ_INT(n, 2);
	T_EQ_MEM(names[0].s, names[0].len, "Key");
	T_EQ_MEM(names[1].s, names[1].len, "Third");
	gd_join_free(j);
}

TEST(join_add_and_find)
{
	static const char *const r1[] = { "first comment", "DOC-1", "a.pdf" };
	static const char *const r2[] = { "second", "DOC-2", "" };
	static const char *const w1[] = { "first comment", "a.pdf" };
	static const char *const w2[] = { "second", "" };
	struct gd_join *j = gd_join_new(hdr, 3, 1);
	const struct gd_str *vals = NULL;
	unsigned long first = 0;

	if (j == NULL)
		return;
	T_EQ_INT(add(j, r1, 3, 2, &first), 0);
	T_EQ_INT(add(j, r2, 3, 3, &first), 0);
	T_EQ_INT(gd_join_rows(j), 2);
	T_EQ_INT(gd_join_unused(j), 2);

	T_EQ_INT(gd_join_find(j, S("DOC-2"), &vals), 1);
	if (vals)
		expect_vals(vals, 2, w2, __FILE__, __LINE__);
	T_EQ_INT(gd_join_unused(j), 1);
	T_EQ_INT(gd_join_find(j, S("DOC-1"), &vals), 1);
	expect_vals(vals, 2, w1, __FILE__, __LINE__);
	T_EQ_INT(gd_join_unused(j), 0);
	/* Finding again is fine. */
	T_EQ_INT(gd_join_find(j, S("DOC-1"), &vals), 1);
	T_EQ_INT(gd_join_unused(j), 0);

	/* Keys compare exactly: length, case, prefixes. */
	vals = NULL;
	T_EQ_INT(gd_join_find(j, S("DOC-3"), &vals), 0);
	T_EQ_INT(gd_join_find(j, S("doc-1"), &vals), 0);
	T_EQ_INT(gd_join_find(j, S("DOC-"), &vals), 0);
	T_EQ_INT(gd_join_find(j, S("DOC-11"), &vals), 0);
	T_EQ_INT(gd_join_find(j, "DOC-1x", 5, &vals), 1);	/* 5 bytes */
	T_EQ_INT(gd_join_find(j, "", 0, &vals), 0);
	gd_join_free(j);
}

TEST(join_duplicates_report_the_first_line)
{
	static const char *const r1[] = { "one", "K", "x" };
	static const char *const r2[] = { "two", "K", "y" };
	static const char *const r3[] = { "three", "K", "z" };
	static const char *const w1[] = { "one", "x" };
	struct gd_join *j = gd_join_new(hdr, 3, 1);
	const struct gd_str *vals;
	unsigned long first = 0;

	if (j == NULL)
		return;
	T_EQ_INT(add(j, r1, 3, 7, &first), 0);
	T_EQ_INT(add(j, r2, 3, 9, &first), 1);
	T_EQ_INT(first, 7);
	first = 0;
	T_EQ_INT(add(j, r3, 3, 12, &first), 1);
	T_EQ_INT(first, 7);
	T_EQ_INT(gd_join_rows(j), 1);	/* not added */
	T_EQ_INT(gd_join_unused(j), 1);
	T_EQ_INT(gd_join_find(j, S("K"), &vals), 1);
	expect_vals(vals, 2, w1, __FILE__, __LINE__);
	gd_join_free(j);
}

TEST(join_short_and_long_rows)
{
	static const char *const shortrow[] = { "only comment", "S" };
	static const char *const longrow[] = { "c", "L", "att", "extra1",
	    "extra2" };
	static const char *const keyless[] = { "no key" };
	static const char *const ws[] = { "only comment", "" };
	static const char *const wl[] = { "c", "att" };
	static const char *const wk[] = { "no key", "" };
	struct gd_join *j = gd_join_new(hdr, 3, 1);
	const struct gd_str *vals;
	unsigned long first;

	if (j == NULL)
		return;
	/* Missing values are empty; values past the header are ignored. */
	T_EQ_INT(add(j, shortrow, 2, 2, &first), 0);
	T_EQ_INT(add(j, longrow, 5, 3, &first), 0);
	/* A row without the key column has the empty key. */
	T_EQ_INT(add(j, keyless, 1, 4, &first), 0);
	T_EQ_INT(gd_join_find(j, S("S"), &vals), 1);
	expect_vals(vals, 2, ws, __FILE__, __LINE__);
	T_EQ_INT(gd_join_find(j, S("L"), &vals), 1);
	expect_vals(vals, 2, wl, __FILE__, __LINE__);
	T_EQ_INT(gd_join_find(j, "", 0, &vals), 1);
	expect_vals(vals, 2, wk, __FILE__, __LINE__);
	/* A second keyless row is a duplicate of the first. */
	T_EQ_INT(add(j, keyless, 1, 5, &first), 1);
	T_EQ_INT(first, 4);
	gd_join_free(j);
}

TEST(join_key_in_first_and_last_column)
{
	static const char *const r[] = { "k1", "v1", "v2" };
	static const char *const w0[] = { "v1", "v2" };
	static const char *const w2[] = { "k1", "v1" };
	struct gd_join *j;
	const struct gd_str *vals;
	unsigned long first;

	if ((j = gd_join_new(hdr, 3, 0)) == NULL)
		return;
	T_EQ_INT(add(j, r, 3, 1, &first), 0);
	T_EQ_INT(gd_join_find(j, S("k1"), &vals), 1);
	expect_vals(vals, 2, w0, __FILE__, __LINE__);
	gd_join_free(j);

	if ((j = gd_join_new(hdr, 3, 2)) == NULL)
		return;
	T_EQ_INT(add(j, r, 3, 1, &first), 0);
	T_EQ_INT(gd_join_find(j, S("v2"), &vals), 1);
	expect_vals(vals, 2, w2, __FILE__, __LINE__);
	gd_join_free(j);
}

TEST(join_keys_with_binary_bytes)
{
	static const struct gd_str h[] = { { "id", 2 }, { "v", 1 } };
	const char *v1[] = { "a\0b", "x" }, *v2[] = { "a\0c", "y" };
	size_t l[] = { 3, 1 };
	struct gd_join *j = gd_join_new(h, 2, 0);
	const struct gd_str *vals;
	unsigned long first;

	if (j == NULL)
		return;
	T_EQ_INT(gd_join_add(j, v1, l, 2, 1, &first), 0);
	T_EQ_INT(gd_join_add(j, v2, l, 2, 2, &first), 0);
	T_EQ_INT(gd_join_find(j, "a\0c", 3, &vals), 1);
	T_EQ_MEM(vals[0].s, vals[0].len, "y");
	T_EQ_INT(gd_join_find(j, "a", 1, &vals), 0);
	gd_join_free(j);
}

/* Many rows: the table grows (rehashes) and keeps every row findable,
 * with values that stay right while the text buffer moves. */
TEST(join_many_rows_rehash)
{
	size_t n = 20000, i, bad = 0;
	struct gd_join *j = gd_join_new(hdr, 3, 1);
	const struct gd_str *vals;
	unsigned long first;
	char c[32], k[32], a[32];
	const char *v[3] = { c, k, a };
	size_t len[3];

	if (j == NULL)
		return;
	for (i = 0; i < n; i++) {
		len[0] = (size_t)snprintf(c, sizeof(c), "comment %zu", i);
		len[1] = (size_t)snprintf(k, sizeof(k), "ID-%zu", i * 7919);
		len[2] = (size_t)snprintf(a, sizeof(a), "%zu.pdf", i);
		if (gd_join_add(j, v, len, 3, i + 2, &first) != 0)
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(gd_join_rows(j), n);
	T_EQ_INT(gd_join_unused(j), n);
	/* Every other row found. */
	for (i = 0; i < n; i += 2) {
		len[1] = (size_t)snprintf(k, sizeof(k), "ID-%zu", i * 7919);
		snprintf(c, sizeof(c), "comment %zu", i);
		snprintf(a, sizeof(a), "%zu.pdf", i);
		if (gd_join_find(j, k, len[1], &vals) != 1 ||
		    vals[0].len != strlen(c) || memcmp(vals[0].s, c,
		    vals[0].len) != 0 || vals[1].len != strlen(a) ||
		    memcmp(vals[1].s, a, vals[1].len) != 0)
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(gd_join_unused(j), n / 2);
	/* Duplicates still found after growing, with the first line. */
	len[0] = 1;
	len[1] = (size_t)snprintf(k, sizeof(k), "ID-%zu", (n - 1) * 7919);
	len[2] = 1;
	T_EQ_INT(gd_join_add(j, v, len, 3, 999999, &first), 1);
	T_EQ_INT(first, n + 1);
	/* Keys not in the table. */
	for (i = 0; i < 1000; i++) {
		len[1] = (size_t)snprintf(k, sizeof(k), "ID-%zu", i * 7919 + 1);
		if (gd_join_find(j, k, len[1], &vals) != 0)
			bad++;
	}
	T_EQ_INT(bad, 0);
	gd_join_free(j);
}
