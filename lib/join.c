/*
 * join.c - a second export's rows by id (see gd/join.h).
 *
 * Values live in one text buffer; rows are kept as offsets into it, and
 * an open-addressing hash table (FNV-1a, linear probing, kept at most half
 * full) maps keys to rows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

struct jrow {
	size_t key, keylen;	/* in text */
	size_t v0;		/* first value in vals */
	unsigned long line;
	int used;
};

struct gd_join {
	struct gd_str *names;	/* the added columns */
	size_t nnames, keycol;
	struct gd_buf text;
	size_t *voff, *vlen;	/* values, nnames per row */
	size_t nv, vcap;
	struct jrow *rows;
	size_t nrows, rcap;
	uint32_t *slot;		/* row index + 1; 0: empty */
	size_t nslot;
	struct gd_str *out;	/* the values of the row last found */
};

struct gd_join *
gd_join_new(const struct gd_str *names, size_t n, size_t key)
{
	struct gd_join *j;
	size_t i, k = 0;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	gd_buf_init(&j->text, 0);
	j->keycol = key;
	if ((j->names = calloc(n + 1, sizeof(*j->names))) == NULL ||
	    (j->out = calloc(n + 1, sizeof(*j->out))) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		char *c;

		if (i == key)
			continue;
		if ((c = malloc(names[i].len + 1)) == NULL)
			goto fail;
		memcpy(c, names[i].s, names[i].len);
		c[names[i].len] = '\0';
		j->names[k].s = c;
		j->names[k].len = names[i].len;
		k++;
	}
	j->nnames = k;
	j->nslot = 1024;
	if ((j->slot = calloc(j->nslot, sizeof(*j->slot))) == NULL)
		goto fail;
	return j;
fail:
	gd_join_free(j);
	return NULL;
}

/* The row holding key, or the empty slot where it would go. */
static size_t
probe(const struct gd_join *j, const char *key, size_t len)
{
	size_t i = (size_t)gd_fnv1a64(key, len) & (j->nslot - 1);
	const struct jrow *r;

	for (;; i = (i + 1) & (j->nslot - 1)) {
		if (j->slot[i] == 0)
			return i;
		r = &j->rows[j->slot[i] - 1];
		if (r->keylen == len && memcmp(j->text.data + r->key, key, len)
		    == 0)
			return i;
	}
}

static int
grow_slots(struct gd_join *j)
{
	uint32_t *old = j->slot;
	size_t oldn = j->nslot, i, s;
	struct jrow *r;

	if ((j->slot = calloc(oldn * 2, sizeof(*j->slot))) == NULL) {
		j->slot = old;
		return -1;
	}
	j->nslot = oldn * 2;
	for (i = 0; i < oldn; i++) {
		if (old[i] == 0)
			continue;
		r = &j->rows[old[i] - 1];
		s = probe(j, j->text.data + r->key, r->keylen);
		j->slot[s] = old[i];
	}
	free(old);
	return 0;
}

int
gd_join_add(struct gd_join *j, const char *const *val, const size_t *len,
    size_t n, unsigned long line, unsigned long *first)
{
	const char *key = j->keycol < n ? val[j->keycol] : "";
	size_t keylen = j->keycol < n ? len[j->keycol] : 0, s, i;
	struct jrow *r;

	if ((j->nrows + 1) * 2 > j->nslot && grow_slots(j) == -1)
		return -1;
	if (j->nrows >= UINT32_MAX - 1)
		return -1;
	s = probe(j, key, keylen);
	if (j->slot[s] != 0) {
		*first = j->rows[j->slot[s] - 1].line;
		return 1;
	}
	if (j->nrows == j->rcap) {
		size_t ncap = j->rcap ? j->rcap * 2 : 256;

		if ((r = realloc(j->rows, ncap * sizeof(*r))) == NULL)
			return -1;
		j->rows = r;
		j->rcap = ncap;
	}
	while (j->nv + j->nnames > j->vcap) {
		size_t ncap = j->vcap ? j->vcap * 2 : 1024;
		size_t *no, *nl;

		if ((no = realloc(j->voff, ncap * sizeof(*no))) == NULL)
			return -1;
		j->voff = no;
		if ((nl = realloc(j->vlen, ncap * sizeof(*nl))) == NULL)
			return -1;
		j->vlen = nl;
		j->vcap = ncap;
	}
	r = &j->rows[j->nrows];
	r->key = j->text.len;
	r->keylen = keylen;
	r->v0 = j->nv;
	r->line = line;
	r->used = 0;
	if (gd_buf_add(&j->text, key, keylen) == -1)
		return -1;
	for (i = 0; i < n && i <= j->nnames; i++) {
		if (i == j->keycol)
			continue;
		j->voff[j->nv] = j->text.len;
		j->vlen[j->nv] = len[i];
		j->nv++;
		if (gd_buf_add(&j->text, val[i], len[i]) == -1)
			return -1;
	}
	/* Missing values are empty. */
	while (j->nv < r->v0 + j->nnames) {
		j->voff[j->nv] = j->text.len;
		j->vlen[j->nv] = 0;
		j->nv++;
	}
	j->slot[s] = (uint32_t)++j->nrows;
	return 0;
}

const struct gd_str *
gd_join_names(const struct gd_join *j, size_t *n)
{
	*n = j->nnames;
	return j->names;
}

int
gd_join_find(struct gd_join *j, const char *key, size_t len,
    const struct gd_str **vals)
{
	size_t s = probe(j, key, len), i;
	struct jrow *r;

	if (j->slot[s] == 0)
		return 0;
	r = &j->rows[j->slot[s] - 1];
	r->used = 1;
	for (i = 0; i < j->nnames; i++) {
		j->out[i].s = j->text.data + j->voff[r->v0 + i];
		j->out[i].len = j->vlen[r->v0 + i];
	}
	*vals = j->out;
	return 1;
}

unsigned long
gd_join_rows(const struct gd_join *j)
{
	return j->nrows;
}

unsigned long
gd_join_unused(const struct gd_join *j)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < j->nrows; i++)
		n += !j->rows[i].used;
	return n;
}

void
gd_join_free(struct gd_join *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; j->names && i < j->nnames; i++)
		free((char *)j->names[i].s);
	free(j->names);
	free(j->out);
	gd_buf_release(&j->text);
	free(j->voff);
	free(j->vlen);
	free(j->rows);
	free(j->slot);
	free(j);
}
