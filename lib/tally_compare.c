/*
 * tally_compare.c - comparisons of two groups (--compare): for every
 * closed question, each answer's share in the two groups and their
 * difference with a 95% interval (Newcombe's hybrid score interval), a
 * test of the whole answer distribution (Fisher's exact test where an
 * expected count is below 5, Pearson's chi-square otherwise), p-values
 * adjusted across questions (Holm), and for Likert questions the
 * differences in net agreement and in mean score (Welch's intervals).
 * A "compare" record per question; gd-record(5) defines it.
 *
 * The counts are cells of their own tabulations, the group field by
 * answers.* (tally_compare_specs, after the user's), counted as the
 * others are and merged as the others are, never written as tallies;
 * everything here is computed from them when writing, so a merge of
 * partials gives the same records as one run.  With campaigns, a second
 * tabulation counts each campaign as one voice, so that a record says
 * whether a difference holds without the organised responses.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

#define DEFAULT_BY	"respondent.type"
#define DEFAULT_A	"public_employee"
#define DEFAULT_B	"citizen"
/* Fisher's test enumerates at most this many tables; past it, the
 * chi-square test (the record says "exact_too_large"). */
#define MAX_TABLES	1e6
#define ALPHA		0.05

/*
 * Adds the tabulations of comparisons after the user's: the group field
 * by answers.*, and with campaigns not collapsed in the tabulations the
 * same counting each campaign once.  Returns 0, or -1 with err
 * (GD_EXIT_USAGE: not one field path; memory).
 */
int
tally_compare_specs(struct gd_tally *t, struct gd_error *err)
{
	const char *by = t->o.compare_by ? t->o.compare_by : DEFAULT_BY;
	struct gd_buf b;
	int k, n = t->o.campaigns && t->o.campaign_mode !=
	    GD_CAMPAIGN_COLLAPSE ? 2 : 1;

	if (*by == '\0' || strchr(by, ',') || strchr(by, '*'))
		return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
		    "--compare-by: one field path, not a list or '*': %s", by);
	if ((t->o.compare_a == NULL) != (t->o.compare_b == NULL) ||
	    (t->o.compare_a && strcmp(t->o.compare_a, t->o.compare_b) == 0))
		return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
		    "--compare: two different groups");
	if (t->o.compare_a == NULL && t->o.compare_by &&
	    strcmp(t->o.compare_by, DEFAULT_BY) != 0)
		return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
		    "--compare-by %s: name the two groups (--compare=A,B)",
		    by);
	gd_buf_init(&b, 0);
	if (gd_buf_adds(&b, by) == -1 || gd_buf_adds(&b, ",answers.*") == -1 ||
	    gd_buf_addc(&b, '\0') == -1) {
		gd_buf_release(&b);
		return gd_error_nomem(err, NULL, 0);
	}
	for (k = 0; k < n; k++) {
		struct spec *sp = &t->specs[t->nspecs++];

		if (tally_parse_spec(t, b.data, sp, err) == -1) {
			gd_buf_release(&b);
			return -1;
		}
		sp->cmp = k == 0 ? CMP_MAIN : CMP_ONE;
	}
	gd_buf_release(&b);
	return 0;
}

/* One group's answers to a question: cells [from, to) of one row. */
struct grp {
	size_t from, to;
	unsigned long long n;
	int supp;
};

/* The comparison of one question, worked out. */
struct cmpq {
	const struct oc *q;	/* a cell of the question */
	const char *withheld;	/* why it is not compared, or NULL */
	size_t na;		/* answers (rows of the table) */
	const char **ans;
	size_t *anslen;
	unsigned long long *xa, *xb, n[2];
	const char *test;	/* "fisher", "chi-square", or NULL */
	int too_large;		/* exact called for, too many tables */
	double chi2, df, p, padj;
	int likert;
	unsigned long long ln[2];	/* on the scale */
	double net[2], mean[2], vnet[2], vmean[2];
};

static void
num_json(struct gd_jw *jw, double x)
{
	char b[40];
	int len;

	if (!isfinite(x)) {
		gd_jw_null(jw);
		return;
	}
	if (x == 0)
		x = 0;	/* no "-0" */
	len = snprintf(b, sizeof(b), "%.15g", x);
	gd_jw_raw(jw, b, (size_t)len);
}

static int
val_eq(const struct oc *c, unsigned d, const char *s)
{
	return c->k.d[d].v && tally_strcmp_n(c->k.d[d].v, c->k.d[d].vl, s,
	    strlen(s)) == 0;
}

/* The row of group g within the question's cells [q, e). */
static void
find_group(const struct oc *v, size_t q, size_t e, const char *g,
    struct grp *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = q; i < e && !val_eq(&v[i], 0, g); i++)
		;
	r->from = r->to = i;
	for (; i < e && val_eq(&v[i], 0, g); i++) {
		r->to = i + 1;
		/* A null answer (--missing) is no answer to compare. */
		if (v[i].k.d[1].v == NULL)
			continue;
		r->n += v[i].n;
		r->supp |= v[i].supp;
	}
}

/* Whether dimension d of cell c is the field of dimension d of q. */
static int
field_eq(const struct oc *c, const struct oc *q, unsigned d)
{
	return tally_strcmp_n(c->k.d[d].f, c->k.d[d].fl, q->k.d[d].f,
	    q->k.d[d].fl) == 0;
}

/*
 * With --min-cell, whether the publication's own table of the group
 * field by q's question hides anything of group g: a cell withheld (by
 * the audit too) or a Likert answer collapsed there, a respondent type
 * the summary withholds or counts as "other", or no such table at all,
 * whose counts the pattern never weighed.  The pattern is one for the
 * whole publication: a comparison must not give back what it hides.
 */
/* Whether q's groups are respondent types and the summary withholds
 * or groups ga or gb. */
static int
type_hidden(const struct gd_tally *t, const struct oc *q, const char *ga,
    const char *gb)
{
	return tally_strcmp_n(q->k.d[0].f, q->k.d[0].fl, "respondent.type",
	    15) == 0 && (gd_tally_type_withheld(t, ga) ||
	    gd_tally_type_withheld(t, gb));
}

static int
pattern_hides(const struct gd_tally *t, const struct oc *v, size_t nv,
    const struct oc *q, const char *g)
{
	size_t i;
	int found = 0;

	if (type_hidden(t, q, g, g))
		return 1;
	for (i = 0; i < nv; i++) {
		const struct oc *c = &v[i];

		if (c->k.spec >= t->ntabs || c->k.nd != 2 ||
		    !field_eq(c, q, 0) || !field_eq(c, q, 1) ||
		    !val_eq(c, 0, g))
			continue;
		found = 1;
		if (c->supp || c->collapsed)
			return 1;
	}
	return !found;
}

static void
cmpq_free(struct cmpq *c)
{
	free(c->ans);
	free(c->anslen);
	free(c->xa);
	free(c->xb);
}

/* Whether the question's answers, in every group, are Likert ones. */
static int
is_likert(const struct gd_tally *t, const struct oc *v, size_t q, size_t e)
{
	int seen[6] = { 0 }, scores = 0;
	size_t i;

	for (i = q; i < e; i++) {
		int sc;

		if (v[i].k.d[1].v == NULL)
			continue;
		if ((sc = tally_score_of(t, v[i].k.d[1].v, v[i].k.d[1].vl)) < 0)
			return 0;
		if (sc > 0 && !seen[sc]++)
			scores++;
	}
	return scores >= 2;
}

/* Net agreement and mean score of group k, with their variances. */
static void
likert_of(const struct gd_tally *t, struct cmpq *c, int k,
    const unsigned long long *x)
{
	unsigned long long n = 0, sum = 0, agree = 0, dis = 0;
	double mean, net, sm = 0, sn = 0;
	size_t i;

	for (i = 0; i < c->na; i++) {
		int sc = tally_score_of(t, c->ans[i], c->anslen[i]);

		if (sc <= 0)
			continue;
		n += x[i];
		sum += x[i] * (unsigned long long)sc;
		agree += sc >= 4 ? x[i] : 0;
		dis += sc <= 2 ? x[i] : 0;
	}
	c->ln[k] = n;
	if (n == 0)
		return;
	mean = (double)sum / (double)n;
	net = ((double)agree - (double)dis) / (double)n;
	for (i = 0; i < c->na; i++) {
		int sc = tally_score_of(t, c->ans[i], c->anslen[i]);
		double y = sc >= 4 ? 1 : sc <= 2 ? -1 : 0;

		if (sc <= 0)
			continue;
		sm += (double)x[i] * (sc - mean) * (sc - mean);
		sn += (double)x[i] * (y - net) * (y - net);
	}
	c->mean[k] = mean;
	c->net[k] = net;
	c->vmean[k] = n > 1 ? sm / (double)(n - 1) : NAN;
	c->vnet[k] = n > 1 ? sn / (double)(n - 1) : NAN;
}

/*
 * The question of cells [q, e) compared: the two groups' rows, the
 * table of the answers either gave, the test.  Returns 0, or -1
 * (memory).
 */
static int
compare_question(struct gd_tally *t, const struct oc *v, size_t nv,
    size_t q, size_t e, const char *ga, const char *gb, struct cmpq *c)
{
	struct grp a, b;
	size_t i, j, k, r, nz;

	memset(c, 0, sizeof(*c));
	c->q = &v[q];
	c->p = c->padj = NAN;
	find_group(v, q, e, ga, &a);
	find_group(v, q, e, gb, &b);
	c->n[0] = a.n;
	c->n[1] = b.n;
	if (a.n == 0 || b.n == 0) {
		/* A type counted as "other" has no cells of its own. */
		c->withheld = t->o.min_cell && type_hidden(t, &v[q], ga, gb) ?
		    "withheld_in_publication" : "group_absent";
		return 0;
	}
	/* The publication's pattern first: a comparison must not give
	 * back what any of its tables withholds. */
	if (t->o.min_cell && (pattern_hides(t, v, nv, &v[q], ga) ||
	    pattern_hides(t, v, nv, &v[q], gb))) {
		c->withheld = "withheld_in_publication";
		return 0;
	}
	/* Shares and intervals would give every count back. */
	if (t->o.min_cell && (a.n < t->o.min_cell || b.n < t->o.min_cell)) {
		c->withheld = "group_below_min_cell";
		return 0;
	}
	if (a.supp || b.supp) {
		c->withheld = "cell_below_min_cell";
		return 0;
	}
	r = (a.to - a.from) + (b.to - b.from);
	if ((c->ans = calloc(r + 1, sizeof(*c->ans))) == NULL ||
	    (c->anslen = calloc(r + 1, sizeof(*c->anslen))) == NULL ||
	    (c->xa = calloc(r + 1, sizeof(*c->xa))) == NULL ||
	    (c->xb = calloc(r + 1, sizeof(*c->xb))) == NULL)
		return -1;
	/* The two rows merged: both are sorted by answer. */
	for (i = a.from, j = b.from; i < a.to || j < b.to; ) {
		const struct oc *x = i < a.to ? &v[i] : NULL,
		    *y = j < b.to ? &v[j] : NULL;
		int cmp;

		if (x && x->k.d[1].v == NULL) {
			i++;
			continue;
		}
		if (y && y->k.d[1].v == NULL) {
			j++;
			continue;
		}
		cmp = x == NULL ? 1 : y == NULL ? -1 :
		    tally_strcmp_n(x->k.d[1].v, x->k.d[1].vl, y->k.d[1].v,
		    y->k.d[1].vl);
		k = c->na++;
		if (cmp <= 0) {
			c->ans[k] = x->k.d[1].v;
			c->anslen[k] = x->k.d[1].vl;
			c->xa[k] = x->n;
			i++;
		}
		if (cmp >= 0) {
			c->ans[k] = y->k.d[1].v;
			c->anslen[k] = y->k.d[1].vl;
			c->xb[k] = y->n;
			j++;
		}
	}
	/* The test of the distribution: answers with a count (all of
	 * them: a cell is never 0). */
	for (nz = 0, k = 0; k < c->na; k++)
		nz += c->xa[k] + c->xb[k] > 0;
	if (nz >= 2) {
		if (gd_min_expected(c->xa, c->xb, c->na) < 5) {
			int rc = gd_fisher_rx2(c->xa, c->xb, c->na, MAX_TABLES,
			    &c->p);

			if (rc == -1)
				return -1;
			c->test = "fisher";
			if (rc == 1) {
				c->too_large = 1;
				c->test = NULL;
			}
		}
		if (c->test == NULL) {
			c->p = gd_chi2_rx2(c->xa, c->xb, c->na, &c->chi2,
			    &c->df);
			c->test = "chi-square";
		}
	}
	if ((c->likert = is_likert(t, v, q, e))) {
		likert_of(t, c, 0, c->xa);
		likert_of(t, c, 1, c->xb);
	}
	return 0;
}

/* Holm's adjustment over the questions compared and tested. */
static int
adjust(struct cmpq *c, size_t n)
{
	double *p;
	size_t i, m = 0;

	if ((p = calloc(n + 1, sizeof(*p))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (c[i].test)
			p[m++] = c[i].p;
	if (gd_holm(p, m, p) == -1) {
		free(p);
		return -1;
	}
	for (m = 0, i = 0; i < n; i++)
		if (c[i].test)
			c[i].padj = p[m++];
	free(p);
	return 0;
}

/* A difference and its interval: "<name>_diff", "<name>_ci". */
static void
diff_json(struct gd_jw *jw, const char *name, double d, int ok, double lo,
    double hi, double df)
{
	char k[32];

	snprintf(k, sizeof(k), "%s_diff", name);
	gd_jw_keyz(jw, k);
	num_json(jw, d);
	snprintf(k, sizeof(k), "%s_ci", name);
	gd_jw_keyz(jw, k);
	if (ok) {
		gd_jw_arr_open(jw);
		num_json(jw, lo);
		num_json(jw, hi);
		gd_jw_arr_close(jw);
	} else
		gd_jw_null(jw);
	if (df >= 0) {
		snprintf(k, sizeof(k), "%s_df", name);
		gd_jw_keyz(jw, k);
		if (ok)
			num_json(jw, df);
		else
			gd_jw_null(jw);
	}
}

static void
pair_json(struct gd_jw *jw, const char *key, double a, double b)
{
	gd_jw_keyz(jw, key);
	gd_jw_arr_open(jw);
	num_json(jw, a);
	num_json(jw, b);
	gd_jw_arr_close(jw);
}

/* The figures of a comparison made (in a record, or its "collapsed"). */
static void
figures_json(struct gd_jw *jw, const struct cmpq *c)
{
	size_t k;

	/* Not even how many: a group under the minimum is a count the
	 * tabulations withhold. */
	if (c->withheld) {
		gd_jw_keyz(jw, "withheld");
		gd_jw_strz(jw, c->withheld);
		return;
	}
	gd_jw_keyz(jw, "n");
	gd_jw_arr_open(jw);
	gd_jw_int(jw, (long long)c->n[0]);
	gd_jw_int(jw, (long long)c->n[1]);
	gd_jw_arr_close(jw);
	gd_jw_keyz(jw, "answers");
	gd_jw_arr_open(jw);
	for (k = 0; k < c->na; k++) {
		double d, lo, hi;

		gd_newcombe(c->xa[k], c->n[0], c->xb[k], c->n[1], &d, &lo,
		    &hi);
		gd_jw_obj_open(jw);
		gd_jw_keyz(jw, "answer");
		gd_jw_str(jw, c->ans[k], c->anslen[k]);
		gd_jw_keyz(jw, "count");
		gd_jw_arr_open(jw);
		gd_jw_int(jw, (long long)c->xa[k]);
		gd_jw_int(jw, (long long)c->xb[k]);
		gd_jw_arr_close(jw);
		pair_json(jw, "share", (double)c->xa[k] / (double)c->n[0],
		    (double)c->xb[k] / (double)c->n[1]);
		gd_jw_keyz(jw, "diff");
		num_json(jw, d);
		gd_jw_keyz(jw, "ci");
		gd_jw_arr_open(jw);
		num_json(jw, lo);
		num_json(jw, hi);
		gd_jw_arr_close(jw);
		gd_jw_obj_close(jw);
	}
	gd_jw_arr_close(jw);
	gd_jw_keyz(jw, "test");
	if (c->test)
		gd_jw_strz(jw, c->test);
	else
		gd_jw_null(jw);
	if (c->too_large) {
		gd_jw_keyz(jw, "exact_too_large");
		gd_jw_bool(jw, 1);
	}
	if (c->test && strcmp(c->test, "chi-square") == 0) {
		gd_jw_keyz(jw, "chi2");
		num_json(jw, c->chi2);
		gd_jw_keyz(jw, "df");
		gd_jw_int(jw, (long long)c->df);
	}
	gd_jw_keyz(jw, "p");
	num_json(jw, c->p);
	gd_jw_keyz(jw, "p_adjusted");
	num_json(jw, c->padj);
	if (c->likert) {
		/* With a group of one answer no interval is computed: its
		 * df is then 0, written null, as gd_welch() leaves it. */
		double d, lo = 0, hi = 0, df = 0;
		int ok, both = c->ln[0] > 0 && c->ln[1] > 0,
		    two = c->ln[0] > 1 && c->ln[1] > 1;

		gd_jw_keyz(jw, "likert");
		gd_jw_obj_open(jw);
		gd_jw_keyz(jw, "n");
		gd_jw_arr_open(jw);
		gd_jw_int(jw, (long long)c->ln[0]);
		gd_jw_int(jw, (long long)c->ln[1]);
		gd_jw_arr_close(jw);
		if (both) {
			pair_json(jw, "net", c->net[0], c->net[1]);
			ok = two && gd_welch((double)c->ln[0], c->net[0],
			    c->vnet[0], (double)c->ln[1], c->net[1], c->vnet[1],
			    &d, &lo, &hi, &df) == 0;
			diff_json(jw, "net", c->net[0] - c->net[1], ok, lo, hi,
			    df);
			pair_json(jw, "mean", c->mean[0], c->mean[1]);
			ok = two && gd_welch((double)c->ln[0], c->mean[0],
			    c->vmean[0], (double)c->ln[1], c->mean[1],
			    c->vmean[1], &d, &lo, &hi, &df) == 0;
			diff_json(jw, "mean", c->mean[0] - c->mean[1], ok, lo,
			    hi, df);
		}
		gd_jw_obj_close(jw);
	}
}

/* The cells [*from, *to) of comparisons' tabulation s, suppressed. */
static void
cmp_range(struct gd_tally *t, struct oc *v, size_t nv, unsigned s,
    size_t *from, size_t *to)
{
	size_t i;

	for (i = 0; i < nv && v[i].k.spec != s; i++)
		;
	*from = i;
	*to = tally_spec_range(v, nv, i, s);
	if (*from < *to)
		tally_suppress(v, *from, *to, t->o.min_cell);
}

/* The questions of the cells [from, to): each compared into c[]. */
static int
compare_all(struct gd_tally *t, struct oc *v, size_t nv, size_t from,
    size_t to, struct cmpq **cp, size_t *ncp)
{
	const char *ga = t->o.compare_a ? t->o.compare_a : DEFAULT_A;
	const char *gb = t->o.compare_b ? t->o.compare_b : DEFAULT_B;
	struct cmpq *c = NULL;
	size_t q, e, n = 0, cap = 0;

	for (q = from; q < to; q = e) {
		for (e = q; e < to && tally_same_fields(&v[e], &v[q]); e++)
			;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct cmpq *x = realloc(c, nc * sizeof(*x));

			if (x == NULL)
				goto nomem;
			c = x;
			cap = nc;
		}
		if (compare_question(t, v, nv, q, e, ga, gb, &c[n++]) == -1)
			goto nomem;
		/* Neither group answered: no comparison to speak of (one
		 * the pattern withholds is said to be withheld). */
		if (c[n - 1].n[0] == 0 && c[n - 1].n[1] == 0 &&
		    (c[n - 1].withheld == NULL ||
		    strcmp(c[n - 1].withheld, "group_absent") == 0))
			cmpq_free(&c[--n]);
	}
	if (adjust(c, n) == -1)
		goto nomem;
	*cp = c;
	*ncp = n;
	return 0;
nomem:
	while (n > 0)
		cmpq_free(&c[--n]);
	free(c);
	return -1;
}

size_t
gd_tally_compared(const struct gd_tally *t)
{
	return t->ncompared;
}

int
tally_write_compare(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx, struct gd_error *err)
{
	const char *ga = t->o.compare_a ? t->o.compare_a : DEFAULT_A;
	const char *gb = t->o.compare_b ? t->o.compare_b : DEFAULT_B;
	struct cmpq *c = NULL, *one = NULL;
	size_t nc = 0, none = 0, from, to, i, j;
	struct gd_jw jw;
	int rc = -1;

	cmp_range(t, v, nv, (unsigned)t->ntabs, &from, &to);
	if (compare_all(t, v, nv, from, to, &c, &nc) == -1)
		goto nomem;
	if (t->nspecs > t->ntabs + 1) {
		cmp_range(t, v, nv, (unsigned)t->ntabs + 1, &from, &to);
		if (compare_all(t, v, nv, from, to, &one, &none) == -1)
			goto nomem;
	}
	for (i = 0; i < nc; i++) {
		const struct oc *q = c[i].q;
		const struct cmpq *o = NULL;

		if ((c[i].n[0] > 0 && c[i].n[1] > 0) || (c[i].withheld &&
		    strcmp(c[i].withheld, "withheld_in_publication") == 0))
			t->ncompared++;

		for (j = 0; j < none && o == NULL; j++)
			if (tally_strcmp_n(one[j].q->k.d[1].f,
			    one[j].q->k.d[1].fl, q->k.d[1].f, q->k.d[1].fl) == 0)
				o = &one[j];
		tally_record_start(t, &jw, "compare");
		gd_jw_keyz(&jw, "question");
		gd_jw_str(&jw, q->k.d[1].f, q->k.d[1].fl);
		gd_jw_keyz(&jw, "by");
		gd_jw_str(&jw, q->k.d[0].f, q->k.d[0].fl);
		gd_jw_keyz(&jw, "groups");
		gd_jw_arr_open(&jw);
		gd_jw_strz(&jw, ga);
		gd_jw_strz(&jw, gb);
		gd_jw_arr_close(&jw);
		figures_json(&jw, &c[i]);
		if (t->nspecs > t->ntabs + 1) {
			gd_jw_keyz(&jw, "collapsed");
			gd_jw_obj_open(&jw);
			if (o)
				figures_json(&jw, o);
			gd_jw_obj_close(&jw);
			/* Whether a difference found holds without the
			 * campaigns' copies: only a difference can. */
			gd_jw_keyz(&jw, "holds");
			if (c[i].test && c[i].padj < ALPHA)
				gd_jw_bool(&jw, o && o->test && o->padj <
				    ALPHA);
			else
				gd_jw_null(&jw);
		}
		gd_jw_obj_close(&jw);
		if (tally_emit_line(t, &jw, out, ctx, err) == -1)
			goto done;
	}
	rc = 0;
	goto done;
nomem:
	gd_error_nomem(err, NULL, 0);
done:
	for (i = 0; i < nc; i++)
		cmpq_free(&c[i]);
	for (i = 0; i < none; i++)
		cmpq_free(&one[i]);
	free(c);
	free(one);
	return rc;
}
