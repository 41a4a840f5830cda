/*
 * tally_suppress.c - small-cell suppression (--min-cell K), decided at
 * write time on the cells taken apart: within a table, counts below K
 * and whatever would give them back from a row or column total.  The
 * summary and the campaigns' by_type maps are withheld with the same
 * rule (tally_suppress), themes cell by cell (sdc_audit.c); across
 * tables and themes, the audit of sdc_audit.c completes the pattern.
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
 * Row totals and suppression of every tabulation, each table on its own.
 * What one table's figures give back of another's, or of the summary's,
 * is the audit's to find (sdc_audit.c), which weighs them all together.
 */
void
tally_suppress_tables(struct gd_tally *t, struct oc *v, size_t nv)
{
	size_t from, to;
	unsigned s;

	for (s = 0; s < t->nspecs; s++) {
		for (from = 0; from < nv && v[from].k.spec != s; from++)
			;
		to = tally_spec_range(v, nv, from, s);
		if (from < to)
			prepare_tallies(t, v, from, to);
	}
}
