/*
 * hash.h - FNV-1a, 64 bits: the hash of gd's own tables (header names,
 * join keys, tally cells, JSON member keys) and of the tally options'
 * fingerprint.
 *
 * Partial counts written by one gd-tally are merged by another and
 * compared by fingerprint, so the function is fixed: the standard offset
 * basis and prime, bytes taken one at a time.  The campaign family keeps
 * its own constants (lib/campaign_int.h), since its seeds are part of its
 * results.
 */
#ifndef GD_HASH_H
#define GD_HASH_H

#include <stddef.h>
#include <stdint.h>

#define GD_FNV1A64_OFFSET	UINT64_C(14695981039346656037)
#define GD_FNV1A64_PRIME	UINT64_C(1099511628211)

/* The FNV-1a hash of the n bytes at p (p may be NULL when n is 0). */
uint64_t gd_fnv1a64(const void *p, size_t n);

#endif
