/*
 * test_reject.c - reject records: base64 of raw input (libsodium's, the
 * RFC 4648 vectors and every byte value against a reference written
 * out here).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

/* RFC 4648 base64, padded, one group at a time: the reference. */
static void
ref_base64(char *out, const unsigned char *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;
	unsigned v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		*out++ = tab[v >> 18 & 63];
		*out++ = tab[v >> 12 & 63];
		*out++ = i + 1 < n ? tab[v >> 6 & 63] : '=';
		*out++ = i + 2 < n ? tab[v & 63] : '=';
	}
	*out = '\0';
}

TEST(base64_rfc4648_vectors)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	struct gd_buf b;
	size_t i;

	gd_buf_init(&b, 0);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		gd_buf_reset(&b);
		T_EQ_INT(gd_base64(&b, v[i][0], strlen(v[i][0])), 0);
		T_EQ_MEM(b.data, b.len, v[i][1]);
	}
	gd_buf_release(&b);
}

TEST(base64_every_byte_appended)
{
	unsigned char in[300];
	char want[410];
	struct gd_buf b;
	size_t n, i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7 + 3);
	gd_buf_init(&b, 0);
	for (n = 0; n <= 260; n++) {
		gd_buf_reset(&b);
		gd_buf_adds(&b, "x\"");
		T_EQ_INT(gd_base64(&b, in + n % 40, n), 0);
		ref_base64(want, in + n % 40, n);
		T_EQ_INT(b.len, 2 + strlen(want));
		T_OK(memcmp(b.data, "x\"", 2) == 0);
		T_EQ_MEM(b.data + 2, b.len - 2, want);
		T_EQ_INT(b.data[b.len], '\0');
	}
	gd_buf_release(&b);
}

TEST(base64_over_the_cap)
{
	struct gd_buf b;

	gd_buf_init(&b, 8);
	T_EQ_INT(gd_base64(&b, "foobar", 6), 0);	/* 8 characters */
	T_EQ_MEM(b.data, b.len, "Zm9vYmFy");
	T_EQ_INT(gd_base64(&b, "f", 1), -1);	/* 4 more: over */
	T_EQ_MEM(b.data, b.len, "Zm9vYmFy");
	gd_buf_release(&b);
}
