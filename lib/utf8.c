/*
 * utf8.c - UTF-8 validation (see gd/utf8.h).
 *
 * Text is mostly ASCII, so the validator skips eight ASCII bytes at a time
 * and decodes only around non-ASCII bytes, by the table of RFC 3629,
 * section 4.
 */
#include <stdint.h>
#include <string.h>

#include "gd/gd.h"

/* Length of the valid sequence at p (at most n bytes), or 0. */
static size_t
seqlen(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return 0;
		return 2;
	}
	if (c < 0xF0) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && p[1] > 0x9F)
			return 0;	/* surrogate */
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xF4 && p[1] > 0x8F)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

size_t
gd_utf8_seq(const char *s, size_t n)
{
	return n ? seqlen((const unsigned char *)s, n) : 0;
}

size_t
gd_utf8_invalid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint64_t w;

	while (i < n) {
		/* 32 ASCII bytes at a time (most text), then 8. */
		while (i + 32 <= n) {
			uint64_t a, b, c, d;

			memcpy(&a, p + i, 8);
			memcpy(&b, p + i + 8, 8);
			memcpy(&c, p + i + 16, 8);
			memcpy(&d, p + i + 24, 8);
			if ((a | b | c | d) & UINT64_C(0x8080808080808080))
				break;
			i += 32;
		}
		while (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = seqlen(p + i, n - i)) == 0)
			return i;
		i += k;
	}
	return n;
}

size_t
gd_utf8_chars(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, c = 0, k;

	while (i < n) {
		k = seqlen(p + i, n - i);
		i += k ? k : 1;
		c++;
	}
	return c;
}

size_t
gd_utf8_boundary(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, need;

	/* Look back at most 3 bytes for the start of a cut sequence. */
	for (i = n; i > 0 && n - i < 4; i--) {
		unsigned char c = p[i - 1];

		if ((c & 0xC0) == 0x80)
			continue;	/* continuation byte */
		if (c < 0x80)
			return n;
		need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		return n - (i - 1) >= need ? n : i - 1;
	}
	return n;
}

size_t
gd_utf8_put(unsigned long c, char u[4])
{
	if (c < 0x80) {
		u[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	u[0] = (char)(0xF0 | (c >> 18));
	u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	u[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}
