/*
 * test_hash.c - gd_fnv1a64(): the published FNV-1a test vectors, since
 * partial tallies and their fingerprints depend on the exact values.
 */
#include <stdint.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

TEST(hash_fnv1a64_vectors)
{
	T_OK(gd_fnv1a64(NULL, 0) == UINT64_C(0xcbf29ce484222325));
	T_OK(gd_fnv1a64("", 0) == GD_FNV1A64_OFFSET);
	T_OK(gd_fnv1a64("a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
	T_OK(gd_fnv1a64("foobar", 6) == UINT64_C(0x85944171f73967e8));
	/* Bytes above 0x7f are taken unsigned. */
	T_OK(gd_fnv1a64("\xff", 1) == ((GD_FNV1A64_OFFSET ^ 0xff) *
	    GD_FNV1A64_PRIME));
	/* Every byte counts, NULs included. */
	T_OK(gd_fnv1a64("a\0b", 3) != gd_fnv1a64("a\0c", 3));
}
