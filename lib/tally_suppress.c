/*
 * tally_suppress.c - small-cell suppression (--min-cell K), decided at
 * write time on the cells taken apart: within a table, counts below K
 * and whatever would give them back from a row or column total; across
 * tables, a summary count or a one-way total that a withheld cell would
 * equal.  The summary and the campaigns' by_type maps are withheld with
 * the same rule (tally_suppress), themes cell by cell (tally_themes.c).
 */
#include "tally_int.h"

/*
 * Small-cell suppression over the cells [from, to) of one tabulation:
 * counts below min are withheld; where a row (all dimensions but the
 * last the same) or a column (all but the one before last) has just one
 * withheld cell, the next smallest is withheld too, so that no withheld
 * count follows from a total.  Repeated until nothing changes.
 */
void
tally_suppress(struct oc *v, size_t from, size_t to,
    unsigned long long min)
{
	size_t i, j, pass;
	unsigned nd = v[from].k.nd, axis, skip;
	int changed = 1;

	if (min == 0)
		return;
	for (i = from; i < to; i++)
		v[i].supp = v[i].n < min || v[i].force;
	/* Each pass withholds one more cell at least: it ends. */
	for (pass = 0; changed; pass++) {
		changed = 0;
		for (axis = 0; axis < (nd >= 2 ? 2u : 1u); axis++) {
			skip = nd - 1 - axis;
			for (i = from; i < to; i++) {
				size_t nsup = 0, members = 0, best = to;
				unsigned long long sum = 0;

				/* Each group once: at its first member. */
				for (j = from; j < i; j++)
					if (tally_same_group(&v[i], &v[j],
					    skip))
						break;
				if (j < i)
					continue;
				for (j = i; j < to; j++) {
					if (!tally_same_group(&v[i], &v[j],
					    skip))
						continue;
					members++;
					if (v[j].supp) {
						nsup++;
						sum += v[j].n;
					}
					else if (best == to || v[j].n <=
					    v[best].n)
						best = j;
				}
				/* One withheld cell is its total less the
				 * rest; withheld cells that are all 1 (their
				 * sum is their number, each being at least 1)
				 * are known too. */
				if ((nsup == 1 || (nsup > 1 && sum == nsup)) &&
				    members > nsup && best < to) {
					v[best].supp = 1;
					changed = 1;
				}
			}
		}
	}
}

/* Sets of: the total of each cell's row. */
static void
row_totals(struct oc *v, size_t from, size_t to)
{
	size_t i = from, j, k;
	unsigned long long sum;

	while (i < to) {
		unsigned last = v[i].k.nd - 1;

		sum = 0;
		for (j = i; j < to && tally_same_group(&v[i], &v[j], last);
		    j++)
			sum += v[j].n;
		for (k = i; k < j; k++)
			v[k].of = sum;
		i = j;
	}
}

/*
 * Row totals and suppression of one tabulation.  A row with a withheld
 * cell does not publish its total (nor the shares, which would give it):
 * the total and the other cells would tell the withheld ones.
 */
static void
prepare_tallies(struct gd_tally *t, struct oc *v, size_t from, size_t to)
{
	size_t i, j, k;

	row_totals(v, from, to);
	tally_suppress(v, from, to, t->o.min_cell);
	for (i = from; i < to; i = j) {
		unsigned last = v[i].k.nd - 1;
		int any = 0;

		for (j = i; j < to && tally_same_group(&v[i], &v[j], last);
		    j++)
			any |= v[j].supp;
		for (k = i; k < j; k++)
			v[k].hide_of = any;
	}
}

/*
 * A row of one cell, withheld, is its row total: where that total is
 * the summary's count of a respondent type (or consent, or moderation
 * state), that count is withheld too.
 */
static void
link_summary(struct oc *v, size_t nv, size_t from, size_t to)
{
	size_t i, j, k;
	unsigned spec;

	/* A row of a table of more fields is a part of the count only:
	 * the audit (sdc_audit.c) weighs those. */
	if (v[from].k.nd != 2)
		return;
	if (tally_strcmp_n(v[from].k.d[0].f, v[from].k.d[0].fl,
	    "respondent.type", 15) == 0)
		spec = SPEC_TYPE;
	else if (tally_strcmp_n(v[from].k.d[0].f, v[from].k.d[0].fl,
	    "consent", 7) == 0)
		spec = SPEC_CONSENT;
	else if (tally_strcmp_n(v[from].k.d[0].f, v[from].k.d[0].fl,
	    "moderation", 10) == 0)
		spec = SPEC_MODERATION;
	else
		return;
	for (i = from; i < to; i = j) {
		unsigned last = v[i].k.nd - 1;

		for (j = i; j < to && tally_same_group(&v[i], &v[j], last);
		    j++)
			;
		if (j - i != 1 || !v[i].supp || v[i].k.d[0].v == NULL)
			continue;
		for (k = 0; k < nv; k++)
			if (v[k].k.spec == spec && v[k].k.d[0].v != NULL &&
			    tally_strcmp_n(v[k].k.d[0].v, v[k].k.d[0].vl,
			    v[i].k.d[0].v, v[i].k.d[0].vl) == 0)
				v[k].force = 1;
	}
}

/*
 * A column of a two-way table with every cell withheld has its total in
 * the one-way table of the same field (the default tabulations): that
 * total is withheld too.  Returns how many were newly marked.
 */
static size_t
link_columns(struct oc *v, size_t nv, size_t from, size_t to)
{
	size_t i, j, k, marked = 0, members, nsup;

	if (v[from].k.nd != 2)
		return 0;
	for (i = from; i < to; i++) {
		/* Each column once: at its first cell. */
		for (j = from; j < i; j++)
			if (tally_same_group(&v[i], &v[j], 0))
				break;
		if (j < i)
			continue;
		members = nsup = 0;
		for (j = i; j < to; j++)
			if (tally_same_group(&v[i], &v[j], 0)) {
				members++;
				nsup += v[j].supp != 0;
			}
		if (nsup == 0 || nsup < members)
			continue;
		for (k = 0; k < nv; k++)
			if (v[k].k.nd == 1 && v[k].k.spec < 0x4000 &&
			    !v[k].force && tally_strcmp_n(v[k].k.d[0].f,
			    v[k].k.d[0].fl, v[i].k.d[1].f, v[i].k.d[1].fl) ==
			    0 &&
			    v[k].k.d[0].v && v[i].k.d[1].v &&
			    tally_strcmp_n(v[k].k.d[0].v, v[k].k.d[0].vl,
			    v[i].k.d[1].v, v[i].k.d[1].vl) == 0) {
				v[k].force = 1;
				marked++;
			}
	}
	return marked;
}

/*
 * Row totals and suppression of every tabulation.  One table's withheld
 * cells can call for another's totals, or the summary's counts, to be
 * withheld: again until nothing changes.
 */
void
tally_suppress_tables(struct gd_tally *t, struct oc *v, size_t nv)
{
	size_t from, to, pass;
	unsigned s;
	int changed;

	for (changed = 1, pass = 0; changed && pass <= t->nspecs; pass++) {
		changed = 0;
		for (s = 0; s < t->nspecs; s++) {
			for (from = 0; from < nv && v[from].k.spec != s;
			    from++)
				;
			to = tally_spec_range(v, nv, from, s);
			if (from == to)
				continue;
			prepare_tallies(t, v, from, to);
			if (t->o.min_cell) {
				link_summary(v, nv, from, to);
				changed += link_columns(v, nv, from, to) > 0;
			}
		}
	}
}
