/*
 * utf8.h - UTF-8 validation.
 */
#ifndef GD_UTF8_H
#define GD_UTF8_H

#include <stddef.h>

/*
 * Returns the offset of the first byte of s (n bytes) that does not begin
 * a valid UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing
 * above U+10FFFF), or n when all of s is valid.  A sequence cut short by
 * the end of s is invalid.
 */
size_t gd_utf8_invalid(const char *s, size_t n);

/*
 * Length of the valid UTF-8 sequence at the start of s (at most n bytes):
 * 1 to 4, or 0 when it is not one.
 */
size_t gd_utf8_seq(const char *s, size_t n);

/* Returns 1 when all n bytes of s are valid UTF-8, else 0. */
static inline int gd_utf8_valid(const char *s, size_t n)
{
	return gd_utf8_invalid(s, n) == n;
}

/*
 * Counts the characters (code points) in the first n bytes of s; invalid
 * bytes count one each.  Used for 1-based column numbers in messages.
 */
size_t gd_utf8_chars(const char *s, size_t n);

/*
 * Length of the longest prefix of s (n bytes) that does not end inside a
 * multi-byte sequence: a reader that must split text keeps sequences
 * whole.
 */
size_t gd_utf8_boundary(const char *s, size_t n);

/*
 * Writes code point c (below 0x110000) as UTF-8 into u; returns the
 * bytes written, 1 to 4.
 */
size_t gd_utf8_put(unsigned long c, char u[4]);

#endif
