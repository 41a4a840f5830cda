/*
 * sdc_group.c - less withheld with --min-cell k: respondent types of
 * fewer than k responses are counted as one coarser group,
 * GD_TALLY_OTHER_TYPE, in every table, the summary, themes and
 * campaigns, before anything is withheld.  Most of what small-cell
 * suppression withholds is the rows of rare types and the counts that
 * would give them back; one group of them is often k or more, and then
 * shown.
 */
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

static int
is_type_field(const struct dkey *k, unsigned d)
{
	return tally_strcmp_n(k->d[d].f, k->d[d].fl, "respondent.type", 15)
	    == 0;
}

static int
grouped(const struct gd_tally *t, const char *v, size_t vl)
{
	size_t i;

	for (i = 0; i < t->ngtypes; i++)
		if (tally_strcmp_n(t->gtypes[i], strlen(t->gtypes[i]), v, vl) ==
		    0)
			return 1;
	return 0;
}

/* Whether the previous publication grouped type v. */
static int
listed(const struct tally_prev *pv, const char *v, size_t vl)
{
	size_t i;

	for (i = 0; i < pv->ngtypes; i++)
		if (tally_strcmp_n(pv->gtypes[i], strlen(pv->gtypes[i]), v, vl)
		    == 0)
			return 1;
	return 0;
}

/*
 * Groups the types of the summary's count below the minimum, when there
 * are two of them or more, a small type named as the group included (one
 * alone would only be renamed), and those
 * the previous publication grouped, into GD_TALLY_OTHER_TYPE, which
 * joins a type of that name.  The summary's "unknown" (no type) stays
 * itself.  v is sorted again and *nv updated.
 * Returns 0, or -1 (memory).
 */
int
tally_group_types(struct gd_tally *t, struct oc *v, size_t *nv)
{
	size_t i, n = *nv, rare = 0, other_rare = 0;
	unsigned d;

	if (t->o.min_cell == 0 || t->o.no_collapse)
		return 0;
	/* A type named as the group, small itself, makes a group of two
	 * with one rare type. */
	for (i = 0; i < n; i++)
		if (v[i].k.spec == SPEC_TYPE && v[i].k.d[0].v &&
		    v[i].n < t->o.min_cell &&
		    tally_strcmp_n(v[i].k.d[0].v, v[i].k.d[0].vl,
		    GD_TALLY_OTHER_TYPE, strlen(GD_TALLY_OTHER_TYPE)) == 0)
			other_rare = 1;
	for (i = 0; i < n; i++)
		if (v[i].k.spec == SPEC_TYPE && v[i].k.d[0].v &&
		    (v[i].n < t->o.min_cell || listed(&t->pv, v[i].k.d[0].v,
		    v[i].k.d[0].vl)) &&
		    tally_strcmp_n(v[i].k.d[0].v, v[i].k.d[0].vl, "unknown", 7)
		    != 0 &&
		    tally_strcmp_n(v[i].k.d[0].v, v[i].k.d[0].vl,
		    GD_TALLY_OTHER_TYPE, strlen(GD_TALLY_OTHER_TYPE)) != 0)
			rare++;
	if (rare == 0 || (rare + other_rare < 2 && t->pv.ngtypes == 0))
		return 0;
	if ((t->gtypes = calloc(rare, sizeof(*t->gtypes))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (!(v[i].k.spec == SPEC_TYPE && v[i].k.d[0].v &&
		    (v[i].n < t->o.min_cell || listed(&t->pv, v[i].k.d[0].v,
		    v[i].k.d[0].vl)) &&
		    tally_strcmp_n(v[i].k.d[0].v, v[i].k.d[0].vl, "unknown", 7)
		    != 0 &&
		    tally_strcmp_n(v[i].k.d[0].v, v[i].k.d[0].vl,
		    GD_TALLY_OTHER_TYPE, strlen(GD_TALLY_OTHER_TYPE)) != 0))
			continue;
		if ((t->gtypes[t->ngtypes] = strndup(v[i].k.d[0].v,
		    v[i].k.d[0].vl)) == NULL)
			return -1;
		t->ngtypes++;
	}
	/* Every cell of a grouped type, in any table, becomes the group's;
	 * its key now points at a constant. */
	for (i = 0; i < n; i++)
		for (d = 0; d < v[i].k.nd; d++)
			if (v[i].k.d[d].v && is_type_field(&v[i].k, d) &&
			    grouped(t, v[i].k.d[d].v, v[i].k.d[d].vl)) {
				v[i].k.d[d].v = GD_TALLY_OTHER_TYPE;
				v[i].k.d[d].vl = strlen(GD_TALLY_OTHER_TYPE);
			}
	*nv = tally_sort_merge(v, n);
	return 0;
}
