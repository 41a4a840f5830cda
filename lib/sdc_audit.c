/*
 * sdc_audit.c - the suppression pattern of --min-cell checked as a whole
 * publication, by linear programming, and completed until it holds.
 *
 * Everything the counts publish is one system of linear equations: each
 * row of a table sums to its total ("of"); a table summed over some of
 * its fields is the table of the others (another tabulation, or the
 * summary's by_type, by_consent and by_moderation, matched by field
 * names); every table sums to the number of responses; a campaign's
 * counts by type sum to its size, and the sizes to campaign_responses;
 * the theme records, over all responses and by respondent type, are
 * bound to each other and to the summary's counts by type
 * (build_themes(): a response may have several themes, so their counts
 * add up over types, not over themes).  Where responses lack a field
 * (no --missing) or a field holds several values (multi-select
 * answers), such a sum is not exact: the difference is an unknown whose
 * sign is known, which is also how an inequality is written.  A reader
 * who knows all the published numbers can bound each withheld cell: the
 * smallest and largest value it can take under those equations, cells
 * at least 1 (a cell is listed only when it is not empty) and relaxed to
 * reals (a pair of linear programs, solved with GLPK's simplex, one
 * problem per component of linked unknowns).  The rule (the protection
 * level of tau-ARGUS and sdcTable, with k as the level): that interval
 * must be at least k wide for every withheld cell.  Where it is not, a
 * further count is withheld, one per component and round: the cheapest
 * published count of the failing cell's equations (a summary count, and
 * a theme's count over all responses, costs four times its value, a
 * campaign's size sixteen); and the audit runs again, until every
 * withheld cell passes or nothing more can be withheld.  A heuristic:
 * not the fewest cells possible, but each round withholds one more
 * count at least, so it ends.
 *
 * The reader is assumed to know which sums are exact: stronger than the
 * published numbers alone tell, which errs on the side of withholding.
 */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

/*
 * V_BASE: the "of" of a respondent type's theme records (cell: its
 * SPEC_TYPE cell); V_THEME: a theme's count over all responses (cell:
 * the theme's index, nthemes for "none").
 */
enum { V_CELL, V_ROW, V_SLACK, V_BASE, V_THEME };

struct svar {
	size_t cell;		/* V_CELL: in v; V_ROW: the row's first cell */
	long long val;		/* its true value */
	int type;
	int known;		/* published (a slack: known to be 0) */
	size_t uf;		/* union-find parent, among the unknowns */
	int col;		/* its column in the component's LP */
	double lo, hi;		/* the interval of the last audit */
	unsigned long long served;	/* a component's root: the round
				 * that withheld a cell for it */
};

struct sterm {
	size_t var;
	int coef;
};

struct seq {
	size_t first, n;	/* terms */
	long long rhs;		/* the terms sum to it */
	size_t nunknown;
};

struct smodel {
	struct svar *var;
	size_t nvar, varcap;
	struct sterm *term;
	size_t nterm, termcap;
	struct seq *eq;
	size_t neq, eqcap;
	size_t *cellvar;	/* per cell of v: its variable, or SIZE_MAX */
	size_t *inc, *incfrom;	/* equations of each variable */
	long long responses;
	const unsigned char *thide;	/* the themes' totals withheld */
	/* Scratch of the audit, made once: nothing is allocated outside
	 * GLPK while it runs, so that its failure leaks nothing. */
	size_t *order, *start, *cnt, *eqs;
	int *ind;
	double *val;
};

/* A table: a run of cells of one tabulation and one set of fields. */
struct stab {
	size_t from, to;
	int summary;		/* a map of the summary */
};

static int
is_summary(unsigned spec)
{
	return spec == SPEC_TYPE || spec == SPEC_CONSENT ||
	    spec == SPEC_MODERATION;
}

static size_t
add_var(struct smodel *m, int type, size_t cell, long long val)
{
	if (m->nvar == m->varcap) {
		size_t nc = m->varcap ? m->varcap * 2 : 256;
		struct svar *nv = realloc(m->var, nc * sizeof(*nv));

		if (nv == NULL)
			return SIZE_MAX;
		m->var = nv;
		m->varcap = nc;
	}
	memset(&m->var[m->nvar], 0, sizeof(m->var[0]));
	m->var[m->nvar].type = type;
	m->var[m->nvar].cell = cell;
	m->var[m->nvar].val = val;
	return m->nvar++;
}

static int
add_term(struct smodel *m, size_t var, int coef)
{
	if (m->nterm == m->termcap) {
		size_t nc = m->termcap ? m->termcap * 2 : 1024;
		struct sterm *nt = realloc(m->term, nc * sizeof(*nt));

		if (nt == NULL)
			return -1;
		m->term = nt;
		m->termcap = nc;
	}
	m->term[m->nterm].var = var;
	m->term[m->nterm].coef = coef;
	m->nterm++;
	return 0;
}

/* Starts an equation: its terms are those added until the next. */
static int
start_eq(struct smodel *m)
{
	if (m->neq == m->eqcap) {
		size_t nc = m->eqcap ? m->eqcap * 2 : 256;
		struct seq *ne = realloc(m->eq, nc * sizeof(*ne));

		if (ne == NULL)
			return -1;
		m->eq = ne;
		m->eqcap = nc;
	}
	m->eq[m->neq].first = m->nterm;
	m->eq[m->neq].n = 0;
	m->neq++;
	return 0;
}

/*
 * Ends the equation just started, whose terms sum (with their true
 * values) to `rhs` as published: the difference is a slack, known to be
 * 0 when it is, else an unknown of its sign.
 */
static int
end_eq(struct smodel *m, long long rhs)
{
	struct seq *e = &m->eq[m->neq - 1];
	long long sum = 0, d;
	size_t i, s;

	for (i = e->first; i < m->nterm; i++)
		sum += m->term[i].coef * m->var[m->term[i].var].val;
	d = sum - rhs;
	if (d != 0) {
		if ((s = add_var(m, V_SLACK, 0, d)) == SIZE_MAX ||
		    add_term(m, s, -1) == -1)
			return -1;
		e = &m->eq[m->neq - 1];
	}
	e->n = m->nterm - e->first;
	e->rhs = rhs;
	return 0;
}

/* Compares the value at dimension da of a with the one at db of b. */
static int
val_cmp(const struct oc *a, unsigned da, const struct oc *b, unsigned db,
    int unknown_null)
{
	const char *av = a->k.d[da].v, *bv = b->k.d[db].v;
	size_t al = a->k.d[da].vl, bl = b->k.d[db].vl;

	/* The summary counts a response without the field as "unknown". */
	if (unknown_null && av == NULL) {
		av = "unknown";
		al = 7;
	}
	if (!av != !bv)
		return av ? 1 : -1;
	if (av == NULL)
		return 0;
	return tally_strcmp_n(av, al, bv, bl);
}

/*
 * The fields of table u within those of table t: map[j] is the dimension
 * of t that is u's j-th.  Returns 1 when every field of u is one of t's.
 */
static int
fields_within(const struct oc *t, const struct oc *u, unsigned *map)
{
	unsigned i, j;

	for (j = 0; j < u->k.nd; j++) {
		for (i = 0; i < t->k.nd; i++)
			if (tally_strcmp_n(t->k.d[i].f, t->k.d[i].fl,
			    u->k.d[j].f, u->k.d[j].fl) == 0)
				break;
		if (i == t->k.nd)
			return 0;
		map[j] = i;
	}
	return 1;
}

/* The cell of table u that cell c of t sums into, or SIZE_MAX. */
static size_t
project(const struct oc *v, const struct stab *u, const struct oc *c,
    const unsigned *map)
{
	size_t lo = u->from, hi = u->to, mid;
	unsigned nd = v[u->from].k.nd, j;

	while (lo < hi) {
		int r = 0;

		mid = lo + (hi - lo) / 2;
		for (j = 0; j < nd && r == 0; j++)
			r = val_cmp(c, map[j], &v[mid], j, u->summary);
		if (r == 0)
			return mid;
		if (r > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/*
 * The links of table t to table u (u's fields among t's): for each cell
 * of u, the cells of t that sum into it.
 */
static int
link_tables(struct smodel *m, const struct oc *v, const struct stab *t,
    const struct stab *u, const unsigned *map)
{
	size_t nu = u->to - u->from, i, k, *cnt, *pos, *ord;
	int rc = -1;

	if ((cnt = calloc(nu + 1, sizeof(*cnt))) == NULL)
		return -1;
	if ((pos = calloc(t->to - t->from + 1, sizeof(*pos))) == NULL ||
	    (ord = calloc(t->to - t->from + 1, sizeof(*ord))) == NULL) {
		free(pos);
		free(cnt);
		return -1;
	}
	for (i = t->from; i < t->to; i++) {
		pos[i - t->from] = project(v, u, &v[i], map);
		if (pos[i - t->from] != SIZE_MAX)
			cnt[pos[i - t->from] - u->from + 1]++;
	}
	for (k = 1; k <= nu; k++)
		cnt[k] += cnt[k - 1];
	for (i = t->from; i < t->to; i++)
		if (pos[i - t->from] != SIZE_MAX)
			ord[cnt[pos[i - t->from] - u->from]++] = i;
	/* cnt[k] is now the end of u's cell k in ord. */
	for (k = 0; k < nu; k++) {
		size_t b = k ? cnt[k - 1] : 0, e = cnt[k];

		if (b == e)
			continue;
		if (start_eq(m) == -1)
			goto done;
		for (i = b; i < e; i++)
			if (add_term(m, m->cellvar[ord[i]], 1) == -1)
				goto done;
		if (add_term(m, m->cellvar[u->from + k], -1) == -1 ||
		    end_eq(m, 0) == -1)
			goto done;
	}
	rc = 0;
done:
	free(ord);
	free(pos);
	free(cnt);
	return rc;
}

/*
 * The index of a theme cell's theme: nthemes for "none", SIZE_MAX for
 * none of the codebook's (not written).
 */
static size_t
theme_of(const struct gd_tally *t, const struct oc *c)
{
	size_t k;

	for (k = 0; k < t->nthemes; k++)
		if (tally_strcmp_n(c->k.d[0].v, c->k.d[0].vl, t->themes[k].id,
		    strlen(t->themes[k].id)) == 0)
			return k;
	if (tally_strcmp_n(c->k.d[0].v, c->k.d[0].vl, "none", 4) == 0)
		return t->nthemes;
	return SIZE_MAX;
}

/* The summary's cell of type (ty, tl) among [from, to), or SIZE_MAX. */
static size_t
type_cell(const struct oc *v, size_t from, size_t to, const char *ty,
    size_t tl)
{
	size_t lo = from, hi = to, mid;

	while (lo < hi) {
		int r;

		mid = lo + (hi - lo) / 2;
		r = tally_strcmp_n(ty, tl, v[mid].k.d[0].v, v[mid].k.d[0].vl);
		if (r == 0)
			return mid;
		if (r > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* Adds the term of cell i of v, when it is there. */
static int
add_cell(struct smodel *m, size_t i, int coef)
{
	if (i == SIZE_MAX || m->cellvar[i] == SIZE_MAX)
		return 0;
	return add_term(m, m->cellvar[i], coef);
}

/*
 * The themes' part of the system.  A response counts once for each of
 * its themes, or as "none", so a theme's counts do not add up over
 * themes; but per respondent type y, with B(y) the responses whose text
 * was read (the "of" of y's theme records: the summary's count less
 * the count-only records), a theme's count plus none's is at most B(y)
 * (its responses and those with no theme are apart), and the counts of
 * y together are at least B(y) (each response is in one of them at
 * least).  With --campaign-mode collapse only a campaign's
 * representative counts: there, at least B(y) less the members of type
 * y of the campaigns.  A theme's count over all responses is the sum of
 * its counts by type, the bases sum to the "of" of those records, and a
 * type's row not written is a count of 0.
 */
static int
build_themes(struct smodel *m, const struct gd_tally *t, const struct oc *v,
    size_t nv)
{
	size_t nk = t->nthemes + 1, ty0, ty1, nty, i, k, y, c0, c1, none;
	size_t *idx = NULL, *base = NULL, x;
	long long *tot = NULL, *unpub = NULL, all = m->responses;
	int collapse = t->o.campaign_mode == GD_CAMPAIGN_COLLAPSE, rc = -1;

	for (ty0 = 0; ty0 < nv && v[ty0].k.spec != SPEC_TYPE; ty0++)
		;
	ty1 = tally_spec_range(v, nv, ty0, SPEC_TYPE);
	nty = ty1 - ty0;
	for (c0 = 0; c0 < nv && v[c0].k.spec != SPEC_CAMP_TYPE; c0++)
		;
	c1 = tally_spec_range(v, nv, c0, SPEC_CAMP_TYPE);
	if ((idx = malloc((nty + 1) * nk * sizeof(*idx))) == NULL ||
	    (base = calloc(nty + 1, sizeof(*base))) == NULL ||
	    (tot = calloc(nk, sizeof(*tot))) == NULL ||
	    (unpub = calloc(nty + 1, sizeof(*unpub))) == NULL)
		goto done;
	for (i = 0; i < (nty + 1) * nk; i++)
		idx[i] = SIZE_MAX;
	for (i = 0; i < nv; i++) {
		const struct oc *c = &v[i];

		if (c->k.spec == SPEC_UNPUB)
			all -= (long long)c->n;
		if ((c->k.spec != SPEC_THEME && c->k.spec != SPEC_UNPUB) ||
		    c->k.nd != 2 || (y = type_cell(v, ty0, ty1, c->k.d[1].v,
		    c->k.d[1].vl)) == SIZE_MAX)
			continue;
		y -= ty0;
		if (c->k.spec == SPEC_UNPUB) {
			unpub[y] += (long long)c->n;
			continue;
		}
		if ((k = theme_of(t, c)) == SIZE_MAX)
			continue;
		tot[k] += (long long)c->n;
		idx[y * nk + k] = i;
		if ((m->cellvar[i] = add_var(m, V_CELL, i, (long long)c->n)) ==
		    SIZE_MAX)
			goto done;
	}
	for (y = 0; y < nty; y++) {
		const size_t *row = idx + y * nk;

		/* The base: the summary's count less the count-only
		 * records (a slack of its sign when there are some). */
		if ((base[y] = add_var(m, V_BASE, ty0 + y, (long long)
		    v[ty0 + y].n - unpub[y])) == SIZE_MAX ||
		    start_eq(m) == -1 || add_cell(m, ty0 + y, 1) == -1 ||
		    add_term(m, base[y], -1) == -1 || end_eq(m, 0) == -1)
			goto done;
		none = row[t->nthemes];
		/* Each theme's count and none's: at most the base. */
		for (k = 0; k <= t->nthemes; k++) {
			if (row[k] == SIZE_MAX || (k < t->nthemes &&
			    none == SIZE_MAX))
				continue;
			if (start_eq(m) == -1 || add_cell(m, row[k], 1) == -1 ||
			    (k < t->nthemes && add_cell(m, none, 1) == -1) ||
			    add_term(m, base[y], -1) == -1 || end_eq(m, 0) == -1)
				goto done;
		}
		if (none == SIZE_MAX)
			for (k = 0; k < t->nthemes; k++) {
				if (row[k] == SIZE_MAX)
					continue;
				if (start_eq(m) == -1 ||
				    add_cell(m, row[k], 1) == -1 ||
				    add_term(m, base[y], -1) == -1 ||
				    end_eq(m, 0) == -1)
					goto done;
			}
		/* All of them: at least the base (less the campaigns'
		 * members not counted). */
		if (start_eq(m) == -1)
			goto done;
		for (k = 0; k <= t->nthemes; k++)
			if (add_cell(m, row[k], 1) == -1)
				goto done;
		for (i = c0; collapse && i < c1; i++)
			if (tally_strcmp_n(v[i].k.d[1].v, v[i].k.d[1].vl,
			    v[ty0 + y].k.d[0].v, v[ty0 + y].k.d[0].vl) == 0 &&
			    add_cell(m, i, 1) == -1)
				goto done;
		if (add_term(m, base[y], -1) == -1 || end_eq(m, 0) == -1)
			goto done;
	}
	/* Each theme over all responses: the sum of its counts by type. */
	for (k = 0; k < nk; k++) {
		if ((x = add_var(m, V_THEME, k, tot[k])) == SIZE_MAX ||
		    start_eq(m) == -1 || add_term(m, x, 1) == -1)
			goto done;
		for (y = 0; y < nty; y++)
			if (add_cell(m, idx[y * nk + k], -1) == -1)
				goto done;
		if (end_eq(m, 0) == -1)
			goto done;
	}
	/* The bases: the "of" of the records over all responses. */
	if (start_eq(m) == -1)
		goto done;
	for (y = 0; y < nty; y++)
		if (add_term(m, base[y], 1) == -1)
			goto done;
	if (end_eq(m, all) == -1)
		goto done;
	rc = 0;
done:
	free(unpub);
	free(tot);
	free(base);
	free(idx);
	return rc;
}

/*
 * The system of the cells v: variables, equations, incidence.  The
 * tabulations of specs from ntabs on are not published (comparisons'
 * counts): no part of it.
 */
static int
build_model(struct smodel *m, const struct gd_tally *t, const struct oc *v,
    size_t nv)
{
	unsigned ntabs = (unsigned)t->ntabs;
	struct stab *tab = NULL;
	size_t ntab = 0, i, j, k, e;
	unsigned map[MAX_DIMS];
	int rc = -1;

	memset(m, 0, sizeof(*m));
	if ((m->cellvar = malloc((nv + 1) * sizeof(*m->cellvar))) == NULL ||
	    (tab = calloc(nv + 1, sizeof(*tab))) == NULL)
		goto done;
	for (i = 0; i < nv; i++) {
		m->cellvar[i] = SIZE_MAX;
		if (v[i].k.spec == SPEC_RESPONSES)
			m->responses += (long long)v[i].n;
	}
	for (i = 0; i < nv; i = j) {
		unsigned s = v[i].k.spec;

		for (j = i + 1; j < nv && tally_same_fields(&v[i], &v[j]); j++)
			;
		if (!((s < HIDDEN_HAS && s < ntabs) || is_summary(s) ||
		    s == SPEC_CAMP_TYPE))
			continue;
		tab[ntab].from = i;
		tab[ntab].to = j;
		tab[ntab].summary = is_summary(s);
		ntab++;
		for (k = i; k < j; k++)
			if ((m->cellvar[k] = add_var(m, V_CELL, k,
			    (long long)v[k].n)) == SIZE_MAX)
				goto done;
	}
	for (i = 0; i < ntab; i++) {
		const struct stab *tb = &tab[i];
		unsigned last = v[tb->from].k.nd - 1;
		size_t r, rv, first_row;
		long long sizes;
		int camp;

		/* Rows and their totals (the summary has none; a
		 * campaign's is its size, and the sizes sum to the
		 * summary's campaign_responses). */
		camp = v[tb->from].k.spec == SPEC_CAMP_TYPE;
		sizes = 0;
		first_row = m->nvar;
		for (r = tb->from; !tb->summary && r < tb->to; r = k) {
			long long of = 0;

			for (k = r; k < tb->to && tally_same_group(&v[r],
			    &v[k], camp ? 1 : last); k++)
				of += (long long)v[k].n;
			if (!camp)
				of = (long long)v[r].of;
			sizes += of;
			if ((rv = add_var(m, V_ROW, r, of)) ==
			    SIZE_MAX || start_eq(m) == -1)
				goto done;
			for (e = r; e < k; e++)
				if (add_term(m, m->cellvar[e], 1) == -1)
					goto done;
			if (add_term(m, rv, -1) == -1 || end_eq(m, 0) == -1)
				goto done;
		}
		if (camp) {
			if (start_eq(m) == -1)
				goto done;
			for (rv = first_row; rv < m->nvar; rv++)
				if (m->var[rv].type == V_ROW &&
				    add_term(m, rv, 1) == -1)
					goto done;
			if (end_eq(m, sizes) == -1)
				goto done;
		}
		/* The table's sum: the number of responses. */
		if (start_eq(m) == -1)
			goto done;
		for (e = tb->from; e < tb->to; e++)
			if (add_term(m, m->cellvar[e], 1) == -1)
				goto done;
		if (end_eq(m, m->responses) == -1)
			goto done;
		/* Its sums over fields: the tables of fewer fields (or as
		 * many, in another tabulation or the summary). */
		if (tb->summary)
			continue;
		for (j = 0; j < ntab; j++) {
			const struct stab *u = &tab[j];

			if (j == i || v[u->from].k.nd > v[tb->from].k.nd ||
			    (v[u->from].k.nd == v[tb->from].k.nd &&
			    !u->summary && j > i))
				continue;
			if (!fields_within(&v[tb->from], &v[u->from], map))
				continue;
			if (link_tables(m, v, tb, u, map) == -1)
				goto done;
		}
	}
	if (t->nthemes && build_themes(m, t, v, nv) == -1)
		goto done;
	/* Which equations each variable is in; the audit's scratch. */
	for (e = 0, k = 1; e < m->neq; e++)
		if (m->eq[e].n > k)
			k = m->eq[e].n;
	if ((m->incfrom = calloc(m->nvar + 1, sizeof(*m->incfrom))) == NULL ||
	    (m->inc = calloc(m->nterm + 1, sizeof(*m->inc))) == NULL ||
	    (m->order = calloc(m->nvar + 1, sizeof(*m->order))) == NULL ||
	    (m->start = calloc(m->nvar + 2, sizeof(*m->start))) == NULL ||
	    (m->cnt = calloc(m->nvar + 2, sizeof(*m->cnt))) == NULL ||
	    (m->eqs = calloc(m->neq + 1, sizeof(*m->eqs))) == NULL ||
	    (m->ind = calloc(k + 1, sizeof(*m->ind))) == NULL ||
	    (m->val = calloc(k + 1, sizeof(*m->val))) == NULL)
		goto done;
	for (i = 0; i < m->nterm; i++)
		m->incfrom[m->term[i].var + 1]++;
	for (i = 0; i < m->nvar; i++)
		m->incfrom[i + 1] += m->incfrom[i];
	{
		size_t *fill = calloc(m->nvar + 1, sizeof(*fill));

		if (fill == NULL)
			goto done;
		for (e = 0; e < m->neq; e++)
			for (k = m->eq[e].first; k < m->eq[e].first +
			    m->eq[e].n; k++) {
				size_t x = m->term[k].var;

				m->inc[m->incfrom[x] + fill[x]++] = e;
			}
		free(fill);
	}
	rc = 0;
done:
	free(tab);
	return rc;
}

static void
free_model(struct smodel *m)
{
	free(m->var);
	free(m->term);
	free(m->eq);
	free(m->cellvar);
	free(m->inc);
	free(m->incfrom);
	free(m->order);
	free(m->start);
	free(m->cnt);
	free(m->eqs);
	free(m->ind);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

static size_t
uf_find(struct svar *var, size_t x)
{
	while (var[x].uf != x) {
		var[x].uf = var[var[x].uf].uf;
		x = var[x].uf;
	}
	return x;
}

/* What is published now: the cells not withheld, the totals shown. */
static void
mark_known(struct smodel *m, const struct oc *v)
{
	size_t i, e, k;

	for (i = 0; i < m->nvar; i++) {
		struct svar *x = &m->var[i];

		if (x->type == V_CELL)
			x->known = !v[x->cell].supp;
		else if (x->type == V_ROW)
			x->known = !v[x->cell].hide_of;
		else if (x->type == V_BASE)
			x->known = !v[x->cell].supp;
		else if (x->type == V_THEME)
			x->known = !m->thide[x->cell];
		else
			x->known = 0;
		x->uf = i;
		x->lo = x->hi = (double)x->val;
	}
	for (e = 0; e < m->neq; e++) {
		struct seq *q = &m->eq[e];
		size_t first = SIZE_MAX;

		q->nunknown = 0;
		for (k = q->first; k < q->first + q->n; k++) {
			size_t x = m->term[k].var;

			if (m->var[x].known)
				continue;
			q->nunknown++;
			if (first == SIZE_MAX)
				first = x;
			else
				m->var[uf_find(m->var, x)].uf =
				    uf_find(m->var, first);
		}
	}
}

static int
withheld_cell(const struct smodel *m, size_t x)
{
	return (m->var[x].type == V_CELL || m->var[x].type == V_THEME) &&
	    !m->var[x].known;
}

/*
 * The intervals of the withheld cells of one component (its unknowns
 * vars): its equations eqs as one LP, each cell minimised and
 * maximised.  Returns the number of LPs solved, or -1 (GLPK failed).
 */
static long
solve_component(struct smodel *m, const size_t *eqs, size_t neqs,
    const size_t *vars, size_t nvars)
{
	glp_prob *lp;
	glp_smcp parm;
	int *ind = m->ind, ncol = 0, row;
	double *val = m->val;
	size_t i, k;
	long solved = 0;

	lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_cols(lp, (int)nvars);
	for (i = 0; i < nvars; i++) {
		struct svar *x = &m->var[vars[i]];

		x->col = ++ncol;
		/* A cell is listed only when it is not empty: a reader
		 * knows it is 1 or more (a theme's count over all
		 * responses is withheld only then). */
		if (x->type == V_CELL || x->type == V_THEME)
			glp_set_col_bnds(lp, ncol, GLP_LO, 1.0, 0.0);
		else if (x->type == V_ROW || x->type == V_BASE)
			glp_set_col_bnds(lp, ncol, GLP_LO, 0.0, 0.0);
		else if (x->val > 0)
			glp_set_col_bnds(lp, ncol, GLP_LO, 0.0, 0.0);
		else
			glp_set_col_bnds(lp, ncol, GLP_UP, 0.0, 0.0);
	}
	glp_add_rows(lp, (int)neqs);
	for (i = 0; i < neqs; i++) {
		const struct seq *q = &m->eq[eqs[i]];
		double rhs = (double)q->rhs;
		int n = 0;

		row = (int)i + 1;
		for (k = q->first; k < q->first + q->n; k++) {
			const struct svar *x = &m->var[m->term[k].var];

			if (x->known) {
				rhs -= m->term[k].coef * (double)x->val;
				continue;
			}
			n++;
			ind[n] = x->col;
			val[n] = m->term[k].coef;
		}
		glp_set_row_bnds(lp, row, GLP_FX, rhs, rhs);
		glp_set_mat_row(lp, row, n, ind, val);
	}
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	for (i = 0; i < nvars; i++) {
		struct svar *x = &m->var[vars[i]];
		int dir;

		if (!withheld_cell(m, vars[i]))
			continue;
		glp_set_obj_coef(lp, x->col, 1.0);
		for (dir = 0; dir < 2; dir++) {
			int st;

			glp_set_obj_dir(lp, dir ? GLP_MAX : GLP_MIN);
			if (glp_simplex(lp, &parm) != 0) {
				/* Start again from a fresh basis. */
				glp_std_basis(lp);
				if (glp_simplex(lp, &parm) != 0) {
					solved = -1;
					goto done;
				}
			}
			solved++;
			st = glp_get_status(lp);
			if (dir && st == GLP_UNBND)
				x->hi = HUGE_VAL;
			else if (st == GLP_OPT) {
				if (dir)
					x->hi = glp_get_obj_val(lp);
				else
					x->lo = glp_get_obj_val(lp);
			} else {
				/* Infeasible cannot be (the true values
				 * are a solution): treat as recovered. */
				x->lo = x->hi = (double)x->val;
			}
		}
		glp_set_obj_coef(lp, x->col, 0.0);
	}
done:
	glp_delete_prob(lp);
	return solved;
}

/* The cost of withholding the published cell x: how much is lost. */
static double
cost_of(const struct smodel *m, const struct oc *v, size_t x)
{
	const struct oc *c;

	/* A campaign's size is what its record is for; a theme's count
	 * over all responses is what the reader looks for first. */
	if (m->var[x].type == V_ROW)
		return (double)m->var[x].val * 16.0;
	if (m->var[x].type == V_THEME)
		return (double)m->var[x].val * 4.0;
	c = &v[m->var[x].cell];
	return (double)c->n * (is_summary(c->k.spec) ? 4.0 : 1.0);
}

/*
 * A further cell for the failing cell x: the cheapest published cell of
 * its equations (of two as cheap, the one in the equation with fewer
 * unknowns).  SIZE_MAX: none.
 */
static size_t
partner(const struct smodel *m, const struct oc *v, size_t x)
{
	size_t i, k, best = SIZE_MAX, bestu = SIZE_MAX;
	double bestc = 0;

	for (i = m->incfrom[x]; i < m->incfrom[x + 1]; i++) {
		const struct seq *q = &m->eq[m->inc[i]];
		size_t cand = SIZE_MAX;
		double cc = 0;

		for (k = q->first; k < q->first + q->n; k++) {
			size_t y = m->term[k].var;
			double c;

			/* A type's base is withheld with its summary count
			 * (cell): withheld as that. */
			if (!m->var[y].known || m->var[y].type == V_SLACK ||
			    (m->var[y].type == V_ROW &&
			    v[m->var[y].cell].k.spec != SPEC_CAMP_TYPE))
				continue;
			c = cost_of(m, v, y);
			if (cand == SIZE_MAX || c < cc) {
				cand = y;
				cc = c;
			}
		}
		if (cand == SIZE_MAX)
			continue;
		if (best == SIZE_MAX || cc < bestc || (cc == bestc &&
		    q->nunknown < bestu)) {
			best = cand;
			bestc = cc;
			bestu = q->nunknown;
		}
	}
	return best;
}

/*
 * One audit of the pattern: the interval of every withheld cell.  Fills
 * st (failing, narrowest) and returns the number of LPs, or -1.
 */
static long
audit(struct smodel *m, const struct oc *v, double k,
    struct gd_tally_sdc *st)
{
	size_t *order = m->order, *start = m->start, *eqs = m->eqs,
	    *cnt = m->cnt, i, e, r;
	long lps = 0, n;

	mark_known(m, v);
	st->failing = 0;
	st->narrowest = HUGE_VAL;
	/* Variables and equations grouped by component. */
	memset(start, 0, (m->nvar + 2) * sizeof(*start));
	memset(cnt, 0, (m->nvar + 2) * sizeof(*cnt));
	for (i = 0; i < m->nvar; i++)
		if (!m->var[i].known)
			start[uf_find(m->var, i) + 1]++;
	for (i = 0; i < m->nvar; i++)
		start[i + 1] += start[i];
	for (i = 0; i < m->nvar; i++)
		if (!m->var[i].known) {
			r = uf_find(m->var, i);
			order[start[r] + cnt[r]++] = i;
		}
	for (r = 0; r < m->nvar; r++) {
		size_t nvars = cnt[r], neqs = 0, j, wh = 0;

		if (nvars == 0)
			continue;
		for (j = 0; j < nvars; j++)
			wh += withheld_cell(m, order[start[r] + j]);
		if (wh == 0)
			continue;
		/* Its equations: those of its variables, once each. */
		for (j = 0; j < nvars; j++) {
			size_t x = order[start[r] + j], q;

			for (q = m->incfrom[x]; q < m->incfrom[x + 1]; q++) {
				e = m->inc[q];
				if (m->eq[e].nunknown == SIZE_MAX)
					continue;	/* taken */
				eqs[neqs++] = e;
				m->eq[e].nunknown = SIZE_MAX;
			}
		}
		if ((n = solve_component(m, eqs, neqs, order + start[r],
		    nvars)) < 0) {
			lps = -1;
			goto done;
		}
		lps += n;
	}
	/* The unknowns per equation again (they marked which were taken). */
	for (e = 0; e < m->neq; e++) {
		struct seq *q = &m->eq[e];
		size_t k2;

		q->nunknown = 0;
		for (k2 = q->first; k2 < q->first + q->n; k2++)
			q->nunknown += !m->var[m->term[k2].var].known;
	}
	for (i = 0; i < m->nvar; i++) {
		double w;

		if (!withheld_cell(m, i))
			continue;
		w = m->var[i].hi - m->var[i].lo;
		if (w < st->narrowest)
			st->narrowest = w;
		if (w < k - 1e-7)
			st->failing++;
	}
done:
	return lps;
}

/* The summary's maps suppressed as tally_write_summary() will. */
static void
suppress_summary(struct gd_tally *t, struct oc *v, size_t nv)
{
	static const unsigned maps[] = { SPEC_CONSENT, SPEC_MODERATION,
	    SPEC_TYPE };
	size_t from, to, j;

	for (j = 0; j < 3; j++) {
		for (from = 0; from < nv && v[from].k.spec != maps[j]; from++)
			;
		to = tally_spec_range(v, nv, from, maps[j]);
		if (from < to)
			tally_suppress(v, from, to, t->o.min_cell);
	}
}

/*
 * Each campaign's counts by type suppressed as tally_write_campaigns()
 * will: the cells of one campaign are together (its number first).
 */
static void
suppress_campaigns(struct gd_tally *t, struct oc *v, size_t nv)
{
	size_t a, b;

	for (a = 0; a < nv && v[a].k.spec != SPEC_CAMP_TYPE; a++)
		;
	while (a < nv && v[a].k.spec == SPEC_CAMP_TYPE) {
		for (b = a; b < nv && v[b].k.spec == SPEC_CAMP_TYPE &&
		    tally_strcmp_n(v[b].k.d[0].v, v[b].k.d[0].vl, v[a].k.d[0].v,
		    v[a].k.d[0].vl) == 0; b++)
			;
		tally_suppress(v, a, b, t->o.min_cell);
		a = b;
	}
}

/*
 * The themes' counts by type withheld as tally_write_themes() will:
 * below the minimum, chosen by the audit, or of a type whose count the
 * summary withholds (their "of" would give it).
 */
static void
suppress_themes(struct gd_tally *t, struct oc *v, size_t nv)
{
	size_t ty0, ty1, i, y;

	for (ty0 = 0; ty0 < nv && v[ty0].k.spec != SPEC_TYPE; ty0++)
		;
	ty1 = tally_spec_range(v, nv, ty0, SPEC_TYPE);
	for (i = 0; i < nv; i++) {
		if (v[i].k.spec != SPEC_THEME || v[i].k.nd != 2)
			continue;
		y = type_cell(v, ty0, ty1, v[i].k.d[1].v, v[i].k.d[1].vl);
		v[i].supp = v[i].n < t->o.min_cell || v[i].force ||
		    (y != SIZE_MAX && v[y].supp);
	}
}

/*
 * The themes' counts over all responses withheld below the minimum or
 * as the previous publication withheld them; not 0, which the records
 * by type give (none is written).  Returns 0, or -1 (memory).
 */
static int
hide_theme_totals(struct gd_tally *t, const struct oc *v, size_t nv)
{
	unsigned long long *tot;
	size_t i, k;
	int w;

	free(t->theme_hide);
	t->theme_hide = NULL;
	if ((t->theme_hide = calloc(t->nthemes + 1, 1)) == NULL ||
	    (tot = calloc(t->nthemes + 1, sizeof(*tot))) == NULL)
		return -1;
	for (i = 0; i < nv; i++)
		if (v[i].k.spec == SPEC_THEME && v[i].k.nd == 2 &&
		    (k = theme_of(t, &v[i])) != SIZE_MAX)
			tot[k] += v[i].n;
	for (k = 0; k <= t->nthemes; k++) {
		if ((w = tally_previous_theme(t, k < t->nthemes ?
		    t->themes[k].id : "none")) == -1) {
			free(tot);
			return -1;
		}
		t->theme_hide[k] = tot[k] > 0 && (tot[k] < t->o.min_cell ||
		    w);
	}
	free(tot);
	return 0;
}

/* GLPK's error hook: back to tally_sdc_complete(). */
static void
glpk_failed(void *info)
{
	longjmp(*(jmp_buf *)info, 1);
}

/*
 * The rounds of audit and further suppression, on the model m of the
 * cells v.  Returns 0, or -1 (GLPK failed to solve).
 */
static int
rounds(struct gd_tally *t, struct oc *v, size_t nv, struct smodel *m)
{
	struct gd_tally_sdc *st = &t->sdc;
	double k = (double)t->o.min_cell;
	size_t i, x, r, added;
	long lps;

	for (;;) {
		if ((lps = audit(m, v, k, st)) < 0)
			return -1;
		st->lps += (unsigned long long)lps;
		st->rounds++;
		if (st->failing == 0)
			return 0;
		added = 0;
		for (i = 0; i < m->nvar; i++) {
			if (!withheld_cell(m, i) ||
			    m->var[i].hi - m->var[i].lo >= k - 1e-7)
				continue;
			/* One more cell per component and round: one cell
			 * withheld may widen the others too. */
			r = uf_find(m->var, i);
			if (m->var[r].served == st->rounds)
				continue;
			if ((x = partner(m, v, i)) == SIZE_MAX)
				continue;
			m->var[r].served = st->rounds;
			if (m->var[x].type == V_ROW)
				v[m->var[x].cell].hide_of = 1;
			else if (m->var[x].type == V_THEME)
				t->theme_hide[m->var[x].cell] = 1;
			else
				v[m->var[x].cell].force = 1;
			m->var[x].known = 0;	/* once per round */
			added++;
		}
		if (added == 0)
			return 0;
		tally_suppress_tables(t, v, nv);
		suppress_summary(t, v, nv);
		suppress_campaigns(t, v, nv);
		suppress_themes(t, v, nv);
	}
}

/*
 * The pattern of the cells v completed until every withheld cell of the
 * tables, the summary and the campaigns passes the audit (see the top of
 * the file).  Returns 0, or -1 with err (memory; GLPK failing).
 */
int
tally_sdc_complete(struct gd_tally *t, struct oc *v, size_t nv,
    struct gd_error *err)
{
	struct smodel m;
	jmp_buf jb;
	struct gd_tally_sdc *st = &t->sdc;
	size_t i;

	memset(st, 0, sizeof(*st));
	if (t->o.min_cell == 0)
		return 0;
	suppress_summary(t, v, nv);
	suppress_campaigns(t, v, nv);
	suppress_themes(t, v, nv);
	if (hide_theme_totals(t, v, nv) == -1)
		return gd_error_nomem(err, NULL, 0);
	if (build_model(&m, t, v, nv) == -1) {
		free_model(&m);
		return gd_error_nomem(err, NULL, 0);
	}
	m.thide = t->theme_hide;
	/* GLPK ends the process when its memory runs out, unless its
	 * error hook jumps back: its environment is then freed whole, and
	 * nothing else was allocated meanwhile. */
	if (glp_init_env() > 1) {
		free_model(&m);
		return gd_error_nomem(err, NULL, 0);
	}
	if (setjmp(jb) != 0) {
		glp_free_env();
		free_model(&m);
		return gd_error_nomem(err, NULL, 0);
	}
	glp_error_hook(glpk_failed, &jb);
	glp_term_out(GLP_OFF);
	if (rounds(t, v, nv, &m) == -1) {
		glp_free_env();
		free_model(&m);
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "--min-cell: the audit's linear program failed");
	}
	glp_error_hook(NULL, NULL);
	glp_free_env();
	st->unprotected = st->failing;
	for (i = 0; i < m.nvar; i++) {
		unsigned long long n;

		if (!withheld_cell(&m, i))
			continue;
		n = (unsigned long long)m.var[i].val;
		st->cells++;
		st->counts += n;
		if (n >= t->o.min_cell)
			st->secondary++;
	}
	free_model(&m);
	return 0;
}
