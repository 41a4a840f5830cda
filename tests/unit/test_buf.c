/*
 * test_buf.c - gd_buf: caps, growth, NUL termination, addf.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

/* The contents are always followed by a NUL that len does not count. */
static int
terminated(const struct gd_buf *b)
{
	return b->data != NULL && b->cap > b->len && b->data[b->len] == '\0' &&
	    strlen(b->data) == b->len;
}

TEST(buf_init_is_empty_without_allocation)
{
	struct gd_buf b;

	gd_buf_init(&b, 0);
	T_OK(b.data == NULL);
	T_EQ_INT(b.len, 0);
	T_EQ_INT(b.cap, 0);
	T_OK(b.max > 0);	/* 0: no cap (SIZE_MAX/2) */
	gd_buf_init(&b, 7);
	T_EQ_INT(b.max, 7);
	T_OK(b.data == NULL);
	gd_buf_release(&b);	/* releasing an empty buffer is fine */
	T_OK(b.data == NULL);
}

TEST(buf_add_and_nul_termination)
{
	struct gd_buf b;

	gd_buf_init(&b, 0);
	T_EQ_INT(gd_buf_add(&b, "abc", 3), 0);
	T_OK(terminated(&b));
	T_EQ_MEM(b.data, b.len, "abc");
	T_EQ_INT(gd_buf_addc(&b, 'd'), 0);
	T_OK(terminated(&b));
	T_EQ_INT(gd_buf_adds(&b, "efg"), 0);
	T_OK(terminated(&b));
	T_EQ_STR(b.data, "abcdefg");
	T_EQ_INT(b.len, 7);
	/* Adding nothing keeps it as it is (and allocated, terminated). */
	T_EQ_INT(gd_buf_add(&b, "", 0), 0);
	T_EQ_INT(gd_buf_adds(&b, ""), 0);
	T_EQ_STR(b.data, "abcdefg");
	gd_buf_release(&b);
	T_OK(b.data == NULL);
	T_EQ_INT(b.len, 0);
	T_EQ_INT(b.cap, 0);
}

TEST(buf_add_nothing_on_fresh_buffer_terminates)
{
	struct gd_buf b;

	gd_buf_init(&b, 0);
	T_EQ_INT(gd_buf_add(&b, NULL, 0), 0);
	T_OK(terminated(&b));
	T_EQ_INT(b.len, 0);
	gd_buf_release(&b);
}

TEST(buf_embedded_nul_bytes_are_kept)
{
	struct gd_buf b;

	gd_buf_init(&b, 0);
	T_EQ_INT(gd_buf_add(&b, "a\0b", 3), 0);
	T_EQ_INT(gd_buf_addc(&b, '\0'), 0);
	T_EQ_INT(b.len, 4);
	T_OK(memcmp(b.data, "a\0b\0", 5) == 0);
	gd_buf_release(&b);
}

TEST(buf_reset_keeps_storage)
{
	struct gd_buf b;
	char *before;
	size_t cap;

	gd_buf_init(&b, 0);
	gd_buf_reset(&b);	/* on an empty buffer: no crash */
	T_OK(b.data == NULL);
	T_EQ_INT(gd_buf_adds(&b, "hello world"), 0);
	before = b.data;
	cap = b.cap;
	gd_buf_reset(&b);
	T_EQ_INT(b.len, 0);
	T_OK(b.data == before);
	T_EQ_INT(b.cap, cap);
	T_EQ_STR(b.data, "");
	T_EQ_INT(gd_buf_adds(&b, "x"), 0);
	T_EQ_STR(b.data, "x");
	gd_buf_release(&b);
}

TEST(buf_growth_keeps_contents)
{
	struct gd_buf b;
	char want[100000];
	size_t i, prev_cap = 0;
	int grew = 0, bad = 0;

	gd_buf_init(&b, 0);
	for (i = 0; i < sizeof(want); i++) {
		want[i] = (char)('a' + (i * 7) % 26);
		if (gd_buf_addc(&b, want[i]) != 0 || b.cap <= b.len ||
		    b.data[b.len] != '\0')
			bad++;
		if (b.cap != prev_cap) {
			grew++;
			prev_cap = b.cap;
		}
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(b.len, sizeof(want));
	T_OK(memcmp(b.data, want, sizeof(want)) == 0);
	/* Amortised: far fewer reallocations than bytes. */
	T_OK(grew > 1 && grew < 40);
	gd_buf_release(&b);

	/* One big add at once. */
	gd_buf_init(&b, 0);
	T_EQ_INT(gd_buf_add(&b, "x", 1), 0);
	T_EQ_INT(gd_buf_add(&b, want, sizeof(want)), 0);
	T_EQ_INT(b.len, sizeof(want) + 1);
	T_OK(b.data[0] == 'x' && memcmp(b.data + 1, want, sizeof(want)) == 0);
	T_OK(terminated(&b));
	gd_buf_release(&b);
}

TEST(buf_grow_reserves_room)
{
	struct gd_buf b;

	gd_buf_init(&b, 0);
	T_EQ_INT(gd_buf_grow(&b, 5000), 0);
	T_EQ_INT(b.len, 0);
	T_OK(b.cap >= 5001);	/* room for 5000 bytes and the NUL */
	T_EQ_INT(gd_buf_adds(&b, "abc"), 0);
	T_EQ_INT(gd_buf_grow(&b, 10), 0);
	T_EQ_INT(b.len, 3);
	T_OK(b.cap >= 14);
	T_EQ_STR(b.data, "abc");
	gd_buf_release(&b);
}

TEST(buf_cap_exact_fit_then_fail)
{
	struct gd_buf b;

	gd_buf_init(&b, 10);
	T_EQ_INT(gd_buf_add(&b, "0123456789", 10), 0);
	T_EQ_INT(b.len, 10);
	T_OK(terminated(&b));
	T_OK(b.cap >= 11);

	errno = 0;
	T_EQ_INT(gd_buf_add(&b, "x", 1), -1);
	T_EQ_INT(errno, ENOBUFS);
	errno = 0;
	T_EQ_INT(gd_buf_addc(&b, 'x'), -1);
	T_EQ_INT(errno, ENOBUFS);
	errno = 0;
	T_EQ_INT(gd_buf_adds(&b, "x"), -1);
	T_EQ_INT(errno, ENOBUFS);
	errno = 0;
	T_EQ_INT(gd_buf_addf(&b, "%d", 1), -1);
	T_EQ_INT(errno, ENOBUFS);
	errno = 0;
	T_EQ_INT(gd_buf_grow(&b, 1), -1);
	T_EQ_INT(errno, ENOBUFS);
	/* Unchanged by the failures. */
	T_EQ_INT(b.len, 10);
	T_EQ_STR(b.data, "0123456789");
	/* Adding nothing still fits. */
	T_EQ_INT(gd_buf_add(&b, "", 0), 0);
	T_EQ_INT(gd_buf_addf(&b, "%s", ""), 0);
	T_EQ_STR(b.data, "0123456789");
	gd_buf_release(&b);
}

TEST(buf_cap_failure_leaves_buffer_unchanged)
{
	struct gd_buf b;

	gd_buf_init(&b, 8);
	T_EQ_INT(gd_buf_adds(&b, "abcde"), 0);
	T_EQ_INT(gd_buf_add(&b, "fghi", 4), -1);	/* 9 > 8 */
	T_EQ_INT(b.len, 5);
	T_EQ_STR(b.data, "abcde");
	T_EQ_INT(gd_buf_addf(&b, "%s", "fghi"), -1);
	T_EQ_INT(b.len, 5);
	T_EQ_STR(b.data, "abcde");
	T_EQ_INT(gd_buf_add(&b, "fgh", 3), 0);	/* exactly 8 */
	T_EQ_STR(b.data, "abcdefgh");
	gd_buf_release(&b);
}

TEST(buf_cap_of_one_byte_by_addc)
{
	struct gd_buf b;

	gd_buf_init(&b, 1);
	T_EQ_INT(gd_buf_addc(&b, 'a'), 0);
	T_EQ_INT(gd_buf_addc(&b, 'b'), -1);
	T_EQ_STR(b.data, "a");
	gd_buf_reset(&b);
	T_EQ_INT(gd_buf_addc(&b, 'c'), 0);
	T_EQ_STR(b.data, "c");
	gd_buf_release(&b);
}

TEST(buf_cap_addc_many)
{
	struct gd_buf b;
	int i, ok = 0;

	gd_buf_init(&b, 1000);
	for (i = 0; i < 1500; i++)
		if (gd_buf_addc(&b, 'z') == 0)
			ok++;
	T_EQ_INT(ok, 1000);
	T_EQ_INT(b.len, 1000);
	T_OK(terminated(&b));
	gd_buf_release(&b);
}

TEST(buf_grow_huge_requests_fail_cleanly)
{
	struct gd_buf b;

	gd_buf_init(&b, 100);
	T_EQ_INT(gd_buf_adds(&b, "abc"), 0);
	errno = 0;
	T_EQ_INT(gd_buf_grow(&b, SIZE_MAX), -1);
	T_EQ_INT(errno, ENOBUFS);
	T_EQ_INT(gd_buf_grow(&b, SIZE_MAX - 1), -1);
	T_EQ_INT(gd_buf_grow(&b, 98), -1);	/* 3 + 98 > 100 */
	T_EQ_INT(gd_buf_grow(&b, 97), 0);	/* 3 + 97 == 100 */
	T_EQ_STR(b.data, "abc");
	gd_buf_release(&b);

	/* Without a cap: more than SIZE_MAX/2 is over the implicit cap. */
	gd_buf_init(&b, 0);
	errno = 0;
	T_EQ_INT(gd_buf_grow(&b, SIZE_MAX), -1);
	T_EQ_INT(errno, ENOBUFS);
	T_EQ_INT(gd_buf_grow(&b, SIZE_MAX / 2 + 1), -1);
	T_OK(b.data == NULL);
	gd_buf_release(&b);
}

TEST(buf_release_then_reuse)
{
	struct gd_buf b;

	gd_buf_init(&b, 5);
	T_EQ_INT(gd_buf_adds(&b, "12345"), 0);
	gd_buf_release(&b);
	T_EQ_INT(b.max, 5);	/* the cap stays */
	T_EQ_INT(gd_buf_adds(&b, "123456"), -1);
	T_EQ_INT(gd_buf_adds(&b, "abcde"), 0);
	T_EQ_STR(b.data, "abcde");
	gd_buf_release(&b);
}

TEST(buf_addf_formats)
{
	struct gd_buf b;

	gd_buf_init(&b, 0);
	T_EQ_INT(gd_buf_addf(&b, "%s", ""), 0);
	T_OK(terminated(&b));
	T_EQ_INT(b.len, 0);
	T_EQ_INT(gd_buf_addf(&b, "%d-%s-%c", 42, "x", 'y'), 0);
	T_EQ_STR(b.data, "42-x-y");
	T_EQ_INT(gd_buf_addf(&b, "|%05.1f|%lu|%zu", 3.14159, 123UL,
	    (size_t)7), 0);
	T_EQ_STR(b.data, "42-x-y|003.1|123|7");
	T_EQ_INT(b.len, strlen("42-x-y|003.1|123|7"));
	T_OK(terminated(&b));
	gd_buf_release(&b);
}

TEST(buf_addf_grows_mid_format)
{
	struct gd_buf b;
	char big[3000];
	size_t i;

	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)('A' + i % 26);
	big[sizeof(big) - 1] = '\0';
	gd_buf_init(&b, 0);
	T_EQ_INT(gd_buf_adds(&b, "<"), 0);
	T_EQ_INT(gd_buf_addf(&b, "%s>%d", big, -5), 0);
	T_EQ_INT(b.len, 1 + strlen(big) + 3);
	T_OK(b.data[0] == '<');
	T_OK(memcmp(b.data + 1, big, strlen(big)) == 0);
	T_EQ_STR(b.data + 1 + strlen(big), ">-5");
	T_OK(terminated(&b));
	gd_buf_release(&b);
}

TEST(buf_addf_exact_cap)
{
	struct gd_buf b;

	gd_buf_init(&b, 6);
	T_EQ_INT(gd_buf_addf(&b, "%d", 123), 0);
	T_EQ_INT(gd_buf_addf(&b, "%d", 456), 0);	/* exactly 6 */
	T_EQ_STR(b.data, "123456");
	T_EQ_INT(gd_buf_addf(&b, "%d", 7), -1);
	T_EQ_STR(b.data, "123456");
	gd_buf_release(&b);
}
