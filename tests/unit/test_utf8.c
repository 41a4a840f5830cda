/*
 * test_utf8.c - UTF-8 validation (RFC 3629): valid and invalid sequences,
 * the 8-byte fast path at every boundary, gd_utf8_chars and
 * gd_utf8_boundary.
 */
#include <stddef.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

#define S(x)	(x), (sizeof(x) - 1)

struct icase {
	const char *s;
	size_t n;
	size_t bad;	/* expected gd_utf8_invalid; n: valid */
};

#define V(x)		{ (x), sizeof(x) - 1, sizeof(x) - 1 }
#define BAD(x, at)	{ (x), sizeof(x) - 1, (at) }

static void
check_cases(const struct icase *c, size_t n, const char *file, int line)
{
	size_t i, r;

	for (i = 0; i < n; i++) {
		r = gd_utf8_invalid(c[i].s, c[i].n);
		if (r != c[i].bad)
			t_fail(file, line, "case %zu: gd_utf8_invalid == %zu, "
			    "expected %zu", i, r, c[i].bad);
		if (gd_utf8_valid(c[i].s, c[i].n) != (c[i].bad == c[i].n))
			t_fail(file, line, "case %zu: gd_utf8_valid wrong", i);
	}
}

#define CHECK(c) check_cases((c), sizeof(c) / sizeof((c)[0]), __FILE__, \
	__LINE__)

TEST(utf8_valid_sequences)
{
	static const struct icase c[] = {
		V(""),
		V("plain ascii"),
		V("\x7f"),
		{ "\0", 1, 1 },			/* NUL is valid UTF-8 */
		V("\xc2\x80"),			/* U+0080, smallest 2-byte */
		V("\xdf\xbf"),			/* U+07FF */
		V("\xe0\xa0\x80"),		/* U+0800, smallest 3-byte */
		V("\xed\x9f\xbf"),		/* U+D7FF, before surrogates */
		V("\xee\x80\x80"),		/* U+E000, after surrogates */
		V("\xef\xbf\xbd"),		/* U+FFFD */
		V("\xef\xbf\xbf"),		/* U+FFFF */
		V("\xf0\x90\x80\x80"),		/* U+10000 */
		V("\xf4\x8f\xbf\xbf"),		/* U+10FFFF, the last */
		V("h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac\xf0\x9f\x98\x80"),
		V("\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8"
		    "\xad\xe6\x96\x87"),
	};

	CHECK(c);
}

TEST(utf8_overlongs_are_invalid)
{
	static const struct icase c[] = {
		BAD("\xc0\x80", 0),		/* overlong NUL */
		BAD("\xc0\xaf", 0),		/* overlong '/' */
		BAD("\xc1\xbf", 0),
		BAD("\xe0\x80\x80", 0),
		BAD("\xe0\x80\xaf", 0),
		BAD("\xe0\x9f\xbf", 0),		/* overlong U+07FF */
		BAD("\xf0\x80\x80\x80", 0),
		BAD("\xf0\x80\x80\xaf", 0),
		BAD("\xf0\x8f\xbf\xbf", 0),	/* overlong U+FFFF */
		BAD("ab\xc0\x80", 2),
		BAD("abcdefghij\xe0\x80\x80", 10),
	};

	CHECK(c);
}

TEST(utf8_surrogates_are_invalid)
{
	static const struct icase c[] = {
		BAD("\xed\xa0\x80", 0),		/* U+D800 */
		BAD("\xed\xad\xbf", 0),		/* U+DB7F */
		BAD("\xed\xb0\x80", 0),		/* U+DC00 */
		BAD("\xed\xbf\xbf", 0),		/* U+DFFF */
		BAD("\xed\xa0\xbd\xed\xb8\x80", 0),	/* CESU-8 pair */
		BAD("ok \xed\xb2\x80", 3),
	};

	CHECK(c);
}

TEST(utf8_above_10ffff_is_invalid)
{
	static const struct icase c[] = {
		BAD("\xf4\x90\x80\x80", 0),	/* U+110000 */
		BAD("\xf4\xbf\xbf\xbf", 0),
		BAD("\xf5\x80\x80\x80", 0),
		BAD("\xf7\xbf\xbf\xbf", 0),	/* U+1FFFFF */
		BAD("\xf8\x88\x80\x80\x80", 0),	/* old 5-byte form */
		BAD("\xfc\x84\x80\x80\x80\x80", 0),	/* old 6-byte form */
		BAD("\xfe", 0),
		BAD("\xff", 0),
		BAD("a\xf4\x90\x80\x80", 1),
	};

	CHECK(c);
}

TEST(utf8_lone_continuation_bytes_are_invalid)
{
	static const struct icase c[] = {
		BAD("\x80", 0),
		BAD("\xbf", 0),
		BAD("a\x80", 1),
		BAD("\xc3\xa9\xa9", 2),		/* one continuation too many */
		BAD("\xe2\x82\xac\x80", 3),
		BAD("\xf0\x9f\x98\x80\xbf", 4),
		BAD("abc\x80\x80\x80", 3),
	};

	CHECK(c);
}

TEST(utf8_truncated_and_broken_sequences)
{
	static const struct icase c[] = {
		BAD("\xc3", 0),			/* cut by the end */
		BAD("abc\xc3", 3),
		BAD("\xe2\x82", 0),
		BAD("x\xe2", 1),
		BAD("\xf0\x9f\x98", 0),
		BAD("xy\xf0\x9f", 2),
		BAD("xyz\xf0", 3),
		BAD("\xc3" "a", 0),		/* continuation missing */
		BAD("\xe2\x82" "a", 0),
		BAD("\xe2" "a\xac", 0),
		BAD("\xf0\x9f\x98" "a", 0),
		BAD("\xf0\x9f" "a\x80", 0),
		BAD("\xc3\xc3\xa9", 0),
		BAD("\xe2\xe2\x82\xac", 0),
	};

	CHECK(c);
}

TEST(utf8_length_limits_what_is_checked)
{
	/* Only n bytes are looked at: a sequence cut by n is invalid. */
	T_EQ_INT(gd_utf8_invalid("\xc3\xa9", 1), 0);
	T_EQ_INT(gd_utf8_invalid("ab\xe2\x82\xac", 4), 2);
	T_EQ_INT(gd_utf8_invalid("ab\xe2\x82\xac", 5), 5);
	T_EQ_INT(gd_utf8_invalid("ab\xff", 2), 2);
	T_EQ_INT(gd_utf8_invalid("\xff", 0), 0);
}

/* Strings of 0..40 bytes with one bad (or multi-byte) sequence at every
 * position: the 8-byte fast path must not skip over it. */
TEST(utf8_fast_path_boundaries)
{
	static const struct { const char *s; size_t n; int ok; } ins[] = {
		{ "\x80", 1, 0 }, { "\xff", 1, 0 }, { "\xc0\x80", 2, 0 },
		{ "\xed\xa0\x80", 3, 0 }, { "\xf4\x90\x80\x80", 4, 0 },
		{ "\xc3\xa9", 2, 1 }, { "\xe2\x82\xac", 3, 1 },
		{ "\xf0\x9f\x98\x80", 4, 1 }, { "\x7f", 1, 1 },
	};
	char s[64];
	size_t len, pos, k, r, want, fails = 0;

	for (len = 0; len <= 40; len++) {
		memset(s, 'a', sizeof(s));
		if (gd_utf8_invalid(s, len) != len)
			fails++;
		for (k = 0; k < sizeof(ins) / sizeof(ins[0]); k++) {
			for (pos = 0; pos + ins[k].n <= len; pos++) {
				memset(s, 'a', sizeof(s));
				memcpy(s + pos, ins[k].s, ins[k].n);
				r = gd_utf8_invalid(s, len);
				want = ins[k].ok ? len : pos;
				if (r != want && fails++ < 5)
					t_fail(__FILE__, __LINE__, "len %zu, "
					    "case %zu at %zu: %zu, expected "
					    "%zu",
					    len, k, pos, r, want);
				/* Cut by the end of the text. */
				if (ins[k].n > 1 && pos + ins[k].n == len) {
					r = gd_utf8_invalid(s, len - 1);
					if (r != pos && fails++ < 5)
						t_fail(__FILE__, __LINE__,
						    "len %zu, case %zu cut at "
						    "%zu: %zu", len - 1, k, pos,
						    r);
				}
			}
		}
	}
	T_EQ_INT(fails, 0);
}

/* A bad byte after runs of multi-byte characters of every alignment. */
TEST(utf8_fast_path_after_multibyte)
{
	char s[80];
	size_t lead, i, n, fails = 0;

	for (lead = 0; lead < 16; lead++) {
		n = 0;
		for (i = 0; i < lead; i++)
			s[n++] = 'x';
		for (i = 0; i < 5; i++) {
			memcpy(s + n, "\xe2\x82\xac", 3);
			n += 3;
		}
		for (i = 0; i < 9; i++)
			s[n++] = 'y';
		s[n++] = '\xa0';	/* continuation byte alone */
		s[n++] = 'z';
		if (gd_utf8_invalid(s, n) != n - 2)
			fails++;
		if (!gd_utf8_valid(s, n - 2))
			fails++;
	}
	T_EQ_INT(fails, 0);
}

TEST(utf8_chars)
{
	T_EQ_INT(gd_utf8_chars("", 0), 0);
	T_EQ_INT(gd_utf8_chars(S("abc")), 3);
	T_EQ_INT(gd_utf8_chars(S("\xc3\xa9")), 1);
	T_EQ_INT(gd_utf8_chars(S("a\xc3\xa9" "b\xe2\x82\xac" "c\xf0\x9f\x98\x80"
	    "d")), 7);
	/* Invalid bytes count one each. */
	T_EQ_INT(gd_utf8_chars(S("\xff")), 1);
	T_EQ_INT(gd_utf8_chars(S("\xff\xfe")), 2);
	T_EQ_INT(gd_utf8_chars(S("a\x80\x80" "b")), 4);
	T_EQ_INT(gd_utf8_chars(S("\xe2\x82")), 2);	/* truncated */
	T_EQ_INT(gd_utf8_chars(S("\xc0\x80")), 2);	/* overlong */
	T_EQ_INT(gd_utf8_chars(S("\xed\xa0\x80")), 3);	/* surrogate */
	T_EQ_INT(gd_utf8_chars(S("\xe2\x82" "a")), 3);
	/* Only n bytes. */
	T_EQ_INT(gd_utf8_chars("\xe2\x82\xac", 2), 2);
	T_EQ_INT(gd_utf8_chars("abc\xe2\x82\xac", 3), 3);
	T_EQ_INT(gd_utf8_chars(S("\0\0")), 2);
}

TEST(utf8_chars_for_columns)
{
	/* The column of the first bad byte is chars(before) + 1. */
	static const char s[] = "\xc3\xa9t\xc3\xa9 \xe2\x82\xac\xff";
	size_t bad = gd_utf8_invalid(S(s));

	T_EQ_INT(bad, sizeof(s) - 2);
	T_EQ_INT(gd_utf8_chars(s, bad) + 1, 6);
}

TEST(utf8_boundary)
{
	/* Complete text: unchanged. */
	T_EQ_INT(gd_utf8_boundary("", 0), 0);
	T_EQ_INT(gd_utf8_boundary(S("abc")), 3);
	T_EQ_INT(gd_utf8_boundary(S("a\xc3\xa9")), 3);
	T_EQ_INT(gd_utf8_boundary(S("a\xe2\x82\xac")), 4);
	T_EQ_INT(gd_utf8_boundary(S("a\xf0\x9f\x98\x80")), 5);
	T_EQ_INT(gd_utf8_boundary(S("\xf0\x9f\x98\x80")), 4);
	/* Cut inside a sequence: back to its start. */
	T_EQ_INT(gd_utf8_boundary(S("a\xc3")), 1);
	T_EQ_INT(gd_utf8_boundary(S("a\xe2")), 1);
	T_EQ_INT(gd_utf8_boundary(S("a\xe2\x82")), 1);
	T_EQ_INT(gd_utf8_boundary(S("a\xf0")), 1);
	T_EQ_INT(gd_utf8_boundary(S("a\xf0\x9f")), 1);
	T_EQ_INT(gd_utf8_boundary(S("a\xf0\x9f\x98")), 1);
	T_EQ_INT(gd_utf8_boundary(S("\xf0\x9f\x98")), 0);
	T_EQ_INT(gd_utf8_boundary(S("\xc3")), 0);
	T_EQ_INT(gd_utf8_boundary(S("\xe2\x82\xac\xe2\x82")), 3);
	/* A lone continuation byte after ASCII is not a cut sequence. */
	T_EQ_INT(gd_utf8_boundary(S("a\x80")), 2);
	T_EQ_INT(gd_utf8_boundary(S("abc\x80\x80\x80\x80\x80")), 8);
	/* Every prefix of a text of mixed widths stops on a boundary. */
	{
		static const char t[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
		    "b\xf0\x9f\x98\x80\xc3\xa9";
		static const size_t starts[] = { 0, 1, 3, 6, 10, 11, 15, 17 };
		size_t n, want, k;

		for (n = 0; n <= sizeof(t) - 1; n++) {
			want = 0;
			for (k = 0; k < sizeof(starts) / sizeof(starts[0]); k++)
				if (starts[k] <= n)
					want = starts[k];
			T_EQ_INT(gd_utf8_boundary(t, n), want);
			T_OK(gd_utf8_valid(t, gd_utf8_boundary(t, n)));
		}
	}
}

TEST(utf8_seq)
{
	T_EQ_INT(gd_utf8_seq("", 0), 0);
	T_EQ_INT(gd_utf8_seq("a", 0), 0);
	T_EQ_INT(gd_utf8_seq(S("a")), 1);
	T_EQ_INT(gd_utf8_seq(S("abc")), 1);
	T_EQ_INT(gd_utf8_seq("\0", 1), 1);
	T_EQ_INT(gd_utf8_seq(S("\xc3\xa9x")), 2);
	T_EQ_INT(gd_utf8_seq(S("\xe2\x82\xac")), 3);
	T_EQ_INT(gd_utf8_seq(S("\xf0\x9f\x98\x80")), 4);
	T_EQ_INT(gd_utf8_seq(S("\xf4\x8f\xbf\xbf")), 4);
	/* Invalid, or cut by n. */
	T_EQ_INT(gd_utf8_seq(S("\x80")), 0);
	T_EQ_INT(gd_utf8_seq(S("\xff")), 0);
	T_EQ_INT(gd_utf8_seq(S("\xc0\x80")), 0);
	T_EQ_INT(gd_utf8_seq(S("\xed\xa0\x80")), 0);
	T_EQ_INT(gd_utf8_seq(S("\xf4\x90\x80\x80")), 0);
	T_EQ_INT(gd_utf8_seq("\xe2\x82\xac", 2), 0);
	T_EQ_INT(gd_utf8_seq("\xf0\x9f\x98\x80", 3), 0);
	T_EQ_INT(gd_utf8_seq(S("\xc3" "a")), 0);
}

TEST(utf8_put_encodes_each_length)
{
	static const struct { unsigned long c; const char *u; } c[] = {
		{ 0x41, "A" }, { 0x7F, "\x7F" }, { 0x80, "\xC2\x80" },
		{ 0xE9, "\xC3\xA9" }, { 0x7FF, "\xDF\xBF" },
		{ 0x800, "\xE0\xA0\x80" }, { 0x20AC, "\xE2\x82\xAC" },
		{ 0xFFFF, "\xEF\xBF\xBF" }, { 0x10000, "\xF0\x90\x80\x80" },
		{ 0x1F1E8, "\xF0\x9F\x87\xA8" }, { 0x10FFFF, "\xF4\x8F\xBF\xBF" },
	};
	size_t i, k;
	char u[4];

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		k = gd_utf8_put(c[i].c, u);
		T_EQ_INT(k, strlen(c[i].u));
		T_EQ_MEM(u, k, c[i].u);
		T_OK(gd_utf8_valid(u, k));
	}
}
