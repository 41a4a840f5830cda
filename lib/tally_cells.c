/*
 * tally_cells.c - the cells: one open-addressing hash table (FNV-1a,
 * linear probing, doubled at half full) of keys and counts, the keys'
 * layout, and the cells taken apart for writing: sorted (tabulation,
 * fields, values, null first), compared by fields and by row or column,
 * and the null cells of --missing worked out from the hidden counts.
 */
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

/* FNV-1a, 64 bits: cell keys, and the options' fingerprint. */
uint64_t
tally_hash(const char *s, size_t n)
{
	return gd_fnv1a64(s, n);
}

static int
cells_grow(struct cells *c)
{
	struct cell *old = c->v, *nv;
	size_t oldcap = c->cap, i, j, ncap = c->cap ? c->cap * 2 : 1024;

	if ((nv = calloc(ncap, sizeof(*nv))) == NULL)
		return -1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].len == 0)
			continue;
		for (j = old[i].hash & (ncap - 1); nv[j].len;
		    j = (j + 1) & (ncap - 1))
			;
		nv[j] = old[i];
	}
	free(old);
	c->v = nv;
	c->cap = ncap;
	return 0;
}

/* Adds n to the cell with key k (klen bytes).  Returns 0 or -1. */
int
tally_cells_add(struct cells *c, const char *k, size_t klen,
    unsigned long long n)
{
	uint64_t h = tally_hash(k, klen);
	size_t j;

	if ((c->used + 1) * 2 > c->cap && cells_grow(c) == -1)
		return -1;
	for (j = h & (c->cap - 1); c->v[j].len; j = (j + 1) & (c->cap - 1))
		if (c->v[j].hash == h && c->v[j].len == klen &&
		    memcmp(c->keys.data + c->v[j].off, k, klen) == 0) {
			c->v[j].n += n;
			return 0;
		}
	c->v[j].hash = h;
	c->v[j].off = c->keys.len;
	c->v[j].len = klen;
	c->v[j].n = n;
	c->used++;
	return gd_buf_add(&c->keys, k, klen);
}

/*
 * The count of the cell with key k in *n: 1, or 0 when there is no such
 * cell (what the unit tests read the table with).
 */
int
tally_cells_find(const struct cells *c, const char *k, size_t klen,
    unsigned long long *n)
{
	uint64_t h = tally_hash(k, klen);
	size_t j;

	if (c->cap == 0)
		return 0;
	for (j = h & (c->cap - 1); c->v[j].len; j = (j + 1) & (c->cap - 1))
		if (c->v[j].hash == h && c->v[j].len == klen &&
		    memcmp(c->keys.data + c->v[j].off, k, klen) == 0) {
			*n = c->v[j].n;
			return 1;
		}
	return 0;
}

void
tally_cells_release(struct cells *c)
{
	gd_buf_release(&c->keys);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/*
 * Keys: [spec u16][ndims u8] then per dimension [null u8][field len u32]
 * [field][value len u32][value].  Built in a gd_buf.
 */
int
tally_key_start(struct gd_buf *k, unsigned spec, unsigned nd)
{
	unsigned char h[3] = { (unsigned char)(spec >> 8),
	    (unsigned char)spec, (unsigned char)nd };

	gd_buf_reset(k);
	return gd_buf_add(k, h, 3);
}

/* A dimension of the key: field f, value v (NULL: the null value). */
int
tally_key_dim(struct gd_buf *k, const char *f, size_t fl, const char *v,
    size_t vl)
{
	unsigned char b[4];
	uint32_t x;

	if (gd_buf_addc(k, v == NULL) == -1)
		return -1;
	x = (uint32_t)fl;
	memcpy(b, &x, 4);
	if (gd_buf_add(k, b, 4) == -1 || gd_buf_add(k, f, fl) == -1)
		return -1;
	x = v ? (uint32_t)vl : 0;
	memcpy(b, &x, 4);
	if (gd_buf_add(k, b, 4) == -1 || (v && gd_buf_add(k, v, vl) == -1))
		return -1;
	return 0;
}

/* A key taken apart: dk points into k. */
void
tally_key_parse(const char *k, struct dkey *dk)
{
	const unsigned char *p = (const unsigned char *)k;
	uint32_t x;
	unsigned i;

	dk->spec = (unsigned)p[0] << 8 | p[1];
	dk->nd = p[2];
	p += 3;
	for (i = 0; i < dk->nd && i < MAX_DIMS; i++) {
		int isnull = *p++;

		memcpy(&x, p, 4);
		p += 4;
		dk->d[i].f = (const char *)p;
		dk->d[i].fl = x;
		p += x;
		memcpy(&x, p, 4);
		p += 4;
		dk->d[i].v = isnull ? NULL : (const char *)p;
		dk->d[i].vl = x;
		p += x;
	}
}

/*
 * Adds n to the cell of tabulation spec with these nd fields and values
 * (a value NULL: null).  Returns 0 or -1 (memory).
 */
int
tally_add1(struct gd_tally *t, unsigned spec, const char *const *f,
    const size_t *fl, const char *const *v, const size_t *vl, unsigned nd,
    unsigned long long n)
{
	unsigned i;

	if (tally_key_start(&t->key, spec, nd) == -1)
		return -1;
	for (i = 0; i < nd; i++)
		if (tally_key_dim(&t->key, f[i], fl[i], v[i], vl[i]) == -1)
			return -1;
	return tally_cells_add(&t->c, t->key.data, t->key.len, n);
}

/* Compares two counted strings; either may be NULL when empty. */
int
tally_strcmp_n(const char *a, size_t al, const char *b, size_t bl)
{
	int c = al && bl ? memcmp(a, b, al < bl ? al : bl) : 0;

	if (c)
		return c;
	return al < bl ? -1 : al > bl;
}

/* Order: tabulation, then fields, then values (null first). */
static int
oc_cmp(const void *x, const void *y)
{
	const struct oc *a = x, *b = y;
	unsigned i;
	int c;

	if (a->k.spec != b->k.spec)
		return a->k.spec < b->k.spec ? -1 : 1;
	if (a->k.nd != b->k.nd)
		return a->k.nd < b->k.nd ? -1 : 1;
	for (i = 0; i < a->k.nd; i++)
		if ((c = tally_strcmp_n(a->k.d[i].f, a->k.d[i].fl, b->k.d[i].f,
		    b->k.d[i].fl)) != 0)
			return c;
	for (i = 0; i < a->k.nd; i++) {
		if (!a->k.d[i].v != !b->k.d[i].v)
			return a->k.d[i].v ? 1 : -1;
		if (a->k.d[i].v && (c = tally_strcmp_n(a->k.d[i].v,
		    a->k.d[i].vl, b->k.d[i].v, b->k.d[i].vl)) != 0)
			return c;
	}
	return 0;
}

/* Same tabulation and fields (the values may differ). */
int
tally_same_fields(const struct oc *a, const struct oc *b)
{
	unsigned i;

	if (a->k.spec != b->k.spec || a->k.nd != b->k.nd)
		return 0;
	for (i = 0; i < a->k.nd; i++)
		if (tally_strcmp_n(a->k.d[i].f, a->k.d[i].fl, b->k.d[i].f,
		    b->k.d[i].fl) != 0)
			return 0;
	return 1;
}

/* Same fields, and same values in every dimension but skip. */
int
tally_same_group(const struct oc *a, const struct oc *b, unsigned skip)
{
	unsigned i;

	if (a->k.spec != b->k.spec || a->k.nd != b->k.nd)
		return 0;
	for (i = 0; i < a->k.nd; i++) {
		if (tally_strcmp_n(a->k.d[i].f, a->k.d[i].fl, b->k.d[i].f,
		    b->k.d[i].fl) != 0)
			return 0;
		if (i == skip)
			continue;
		if (!a->k.d[i].v != !b->k.d[i].v || (a->k.d[i].v &&
		    tally_strcmp_n(a->k.d[i].v, a->k.d[i].vl, b->k.d[i].v,
		    b->k.d[i].vl) != 0))
			return 0;
	}
	return 1;
}

/* The end of the cells of tabulation spec that start at from. */
size_t
tally_spec_range(const struct oc *v, size_t nv, size_t from, unsigned spec)
{
	size_t j = from;

	while (j < nv && v[j].k.spec == spec)
		j++;
	return j;
}

/* All cells, taken apart and sorted. */
struct oc *
tally_sorted_cells(struct gd_tally *t, size_t *nv)
{
	struct oc *v = calloc(t->c.used + 1, sizeof(*v));
	size_t i, n = 0;

	if (v == NULL)
		return NULL;
	for (i = 0; i < t->c.cap; i++) {
		if (t->c.v[i].len == 0)
			continue;
		tally_key_parse(t->c.keys.data + t->c.v[i].off, &v[n].k);
		v[n].n = t->c.v[i].n;
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), oc_cmp);
	*nv = n;
	return v;
}

/* Compares the values of two keys in every dimension but skip. */
static int
values_cmp(const struct dkey *a, const struct dkey *b, unsigned skip)
{
	unsigned d;
	int c;

	for (d = 0; d < a->nd; d++) {
		if (d == skip)
			continue;
		if (!a->d[d].v != !b->d[d].v)
			return a->d[d].v ? 1 : -1;
		if (a->d[d].v && (c = tally_strcmp_n(a->d[d].v, a->d[d].vl,
		    b->d[d].v, b->d[d].vl)) != 0)
			return c;
	}
	return 0;
}

/*
 * --missing with a "x.*" field: the null cell of each member and each
 * value of the other fields is the responses with those values (BASE)
 * less those that have the member (HAS).  v is sorted: the HAS cells of
 * one member are together, in order of their values, so each is found by
 * halving.  Returns v grown and sorted again, or NULL.
 */
struct oc *
tally_missing_cells(struct gd_tally *t, struct oc *v, size_t *nv)
{
	size_t n = *nv, add = 0, cap = n, i, m, me, lo, hi, mid;
	struct oc *nvv;
	unsigned s, star;

	for (s = 0; s < t->nspecs; s++) {
		size_t b0, b1, h0, h1;

		if (t->specs[s].star_dim < 0)
			continue;
		star = (unsigned)t->specs[s].star_dim;
		for (b0 = 0; b0 < n && v[b0].k.spec != (s | HIDDEN_BASE); b0++)
			;
		b1 = tally_spec_range(v, n, b0, s | HIDDEN_BASE);
		for (h0 = 0; h0 < n && v[h0].k.spec != (s | HIDDEN_HAS); h0++)
			;
		h1 = tally_spec_range(v, n, h0, s | HIDDEN_HAS);
		for (m = h0; m < h1; m = me) {
			for (me = m; me < h1 && tally_same_fields(&v[me],
			    &v[m]); me++)
				;
			for (i = b0; i < b1; i++) {
				unsigned long long has = 0;

				lo = m;
				hi = me;
				while (lo < hi) {
					int c;

					mid = lo + (hi - lo) / 2;
					c = values_cmp(&v[mid].k, &v[i].k, star);
					if (c == 0) {
						has = v[mid].n;
						break;
					}
					if (c < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (v[i].n <= has)
					continue;
				if (n + add + 1 > cap) {
					cap = cap * 2 + 16;
					if ((nvv = realloc(v, cap * sizeof(*v))) ==
					    NULL) {
						free(v);
						return NULL;
					}
					v = nvv;
				}
				v[n + add] = v[i];
				v[n + add].k.spec = s;
				v[n + add].n = v[i].n - has;
				v[n + add].k.d[star] = v[m].k.d[star];
				v[n + add].k.d[star].v = NULL;
				v[n + add].k.d[star].vl = 0;
				add++;
			}
		}
	}
	*nv = n + add;
	/* A member given as null was counted as a null cell already: the
	 * absent ones join it. */
	*nv = tally_sort_merge(v, *nv);
	return v;
}

/* Sorts the n cells of v, cells of the same key made one; the new n. */
size_t
tally_sort_merge(struct oc *v, size_t n)
{
	size_t i, m;

	if (n > 1)
		qsort(v, n, sizeof(*v), oc_cmp);
	for (i = m = 0; i < n; i++) {
		if (m > 0 && oc_cmp(&v[m - 1], &v[i]) == 0) {
			v[m - 1].n += v[i].n;
			continue;
		}
		v[m++] = v[i];
	}
	return m;
}
