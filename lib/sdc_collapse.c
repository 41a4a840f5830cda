/*
 * sdc_collapse.c - less withheld with --min-cell k: a Likert question
 * whose tables hold a count below k is counted in three groups, "agree"
 * (scores 4 and 5), "neutral" (3) and "disagree" (1 and 2), answers off
 * the scale kept as they are, in every table that holds the question,
 * before anything is withheld.  Fewer and larger cells: often none below
 * k, and the summary of the question kept.  Every table of the question
 * is collapsed, never some: a reader could otherwise subtract the
 * collapsed counts from the detailed ones.
 */
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

static const char *const group_name[] = { "disagree", "neutral", "agree" };

/* The group of a score 1-5: 0 disagree, 1 neutral, 2 agree. */
static int
group_of(int score)
{
	return score <= 2 ? 0 : score == 3 ? 1 : 2;
}

/* The score of a cell's value at dimension d, collapsed or not. */
int
tally_cell_score(const struct gd_tally *t, const struct oc *c, unsigned d)
{
	int g;

	if (c->k.d[d].v == NULL)
		return -1;
	if (c->collapsed)
		for (g = 0; g < 3; g++)
			if (c->k.d[d].v == group_name[g])
				return g == 0 ? 2 : g == 1 ? 3 : 4;
	return tally_score_of(t, c->k.d[d].v, c->k.d[d].vl);
}

static int
is_collapsed(const struct gd_tally *t, const char *f, size_t fl)
{
	size_t i;

	for (i = 0; i < t->ncq; i++)
		if (tally_strcmp_n(t->cq[i], strlen(t->cq[i]), f, fl) == 0)
			return 1;
	return 0;
}

/*
 * Collapses the Likert questions that need it (see the top of the file).
 * v is sorted again and *nv updated.  Returns 0, or -1 (memory).
 */
int
tally_collapse_likert(struct gd_tally *t, struct oc *v, size_t *nv)
{
	size_t i, j, n = *nv;
	unsigned d, last;
	int changed = 0;

	if (t->o.min_cell == 0 || t->o.no_collapse)
		return 0;
	/* Each table (a run of cells of one tabulation and fields) whose
	 * last field is a Likert question with a small count. */
	for (i = 0; i < n; i = j) {
		int likert = 1, scores = 0, seen[6] = { 0 }, small = 0;
		char **ncq;

		for (j = i + 1; j < n && tally_same_fields(&v[i], &v[j]); j++)
			;
		if (v[i].k.spec >= HIDDEN_HAS)
			continue;
		last = v[i].k.nd - 1;
		if (is_collapsed(t, v[i].k.d[last].f, v[i].k.d[last].fl))
			continue;
		for (d = 0; d < j - i && likert; d++) {
			const struct oc *c = &v[i + d];
			int sc;

			if (c->k.d[last].v == NULL)
				continue;
			if ((sc = tally_score_of(t, c->k.d[last].v,
			    c->k.d[last].vl)) < 0)
				likert = 0;
			else if (sc > 0 && !seen[sc]++)
				scores++;
			small |= sc > 0 && c->n < t->o.min_cell;
		}
		for (d = 0; d < t->pv.ncq && !small; d++)
			small = tally_strcmp_n(t->pv.cq[d], strlen(t->pv.cq[d]),
			    v[i].k.d[last].f, v[i].k.d[last].fl) == 0;
		if (!likert || scores < 2 || !small)
			continue;
		if ((ncq = realloc(t->cq, (t->ncq + 1) * sizeof(*ncq))) ==
		    NULL)
			return -1;
		t->cq = ncq;
		if ((t->cq[t->ncq] = strndup(v[i].k.d[last].f,
		    v[i].k.d[last].fl)) == NULL)
			return -1;
		t->ncq++;
		changed = 1;
	}
	if (!changed)
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i].k.spec >= HIDDEN_HAS)
			continue;
		for (d = 0; d < v[i].k.nd; d++) {
			int sc;

			if (v[i].k.d[d].v == NULL || !is_collapsed(t,
			    v[i].k.d[d].f, v[i].k.d[d].fl))
				continue;
			if ((sc = tally_score_of(t, v[i].k.d[d].v,
			    v[i].k.d[d].vl)) <= 0)
				continue;	/* off the scale: as it is */
			v[i].k.d[d].v = group_name[group_of(sc)];
			v[i].k.d[d].vl = strlen(v[i].k.d[d].v);
			v[i].collapsed = 1;
		}
	}
	*nv = tally_sort_merge(v, n);
	return 0;
}
