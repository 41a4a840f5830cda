/*
 * hash.c - FNV-1a, 64 bits (see gd/hash.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "gd/gd.h"

uint64_t
gd_fnv1a64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = GD_FNV1A64_OFFSET;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= GD_FNV1A64_PRIME;
	}
	return h;
}
