/*
 * stats.c - the statistics of comparisons (see gd/stats.h): Wilson and
 * Newcombe intervals, Pearson's chi-square and Fisher's exact test of an
 * r x 2 table, Welch's interval, Holm's adjustment; and what they need
 * of special functions (the incomplete gamma and beta functions, after
 * the continued fractions of Numerical Recipes, to full double
 * precision).  tests/scripts/compare.sh checks them against SciPy and
 * statsmodels.
 */
#include <math.h>
#include <stdlib.h>

#include "gd/stats.h"

#define EPS 1e-16
#define TINY 1e-300
#define MAXIT 100000

void
gd_wilson(unsigned long long x, unsigned long long n, double z, double *lo,
    double *hi)
{
	double q = (double)x / (double)n, nn = (double)n, z2 = z * z;
	double denom = 1 + z2 / nn;
	double centre = (q + z2 / (2 * nn)) / denom;
	double dist = z * sqrt(q * (1 - q) / nn + z2 / (4 * nn * nn)) / denom;

	*lo = centre - dist;
	*hi = centre + dist;
}

void
gd_newcombe(unsigned long long x1, unsigned long long n1,
    unsigned long long x2, unsigned long long n2, double *d, double *lo,
    double *hi)
{
	double p1 = (double)x1 / (double)n1, p2 = (double)x2 / (double)n2;
	double l1, u1, l2, u2;

	gd_wilson(x1, n1, GD_Z95, &l1, &u1);
	gd_wilson(x2, n2, GD_Z95, &l2, &u2);
	*d = p1 - p2;
	*lo = *d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
	*hi = *d + sqrt((p2 - l2) * (p2 - l2) + (u1 - p1) * (u1 - p1));
}

/* The regularized lower incomplete gamma P(a, x) by its series. */
static double
gamma_series(double a, double x)
{
	double ap = a, sum = 1 / a, del = sum;
	int i;

	for (i = 0; i < MAXIT; i++) {
		ap += 1;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * EPS)
			break;
	}
	return sum * exp(-x + a * log(x) - lgamma(a));
}

/* The regularized upper incomplete gamma Q(a, x) by its continued
 * fraction (modified Lentz), for x >= a + 1. */
static double
gamma_cf(double a, double x)
{
	double b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d, an, del;
	int i;

	for (i = 1; i < MAXIT; i++) {
		an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < TINY)
			d = TINY;
		c = b + an / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < EPS)
			break;
	}
	return exp(-x + a * log(x) - lgamma(a)) * h;
}

double
gd_chi2_sf(double x, double df)
{
	double a = df / 2, y = x / 2;

	if (!(x > 0))
		return 1;
	if (y < a + 1)
		return 1 - gamma_series(a, y);
	return gamma_cf(a, y);
}

/* The continued fraction of the incomplete beta function. */
static double
beta_cf(double a, double b, double x)
{
	double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d, h, aa, del;
	int m, m2;

	d = 1 - qab * x / qap;
	if (fabs(d) < TINY)
		d = TINY;
	d = 1 / d;
	h = d;
	for (m = 1; m < MAXIT; m++) {
		m2 = 2 * m;
		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < EPS)
			break;
	}
	return h;
}

/* The regularized incomplete beta function I_x(a, b). */
static double
beta_inc(double a, double b, double x)
{
	double bt;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
	    b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return bt * beta_cf(a, b, x) / a;
	return 1 - bt * beta_cf(b, a, 1 - x) / b;
}

/* Student's t distribution: its upper tail at t >= 0, and density. */
static double
t_sf(double t, double df)
{
	return 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t));
}

static double
t_pdf(double t, double df)
{
	return exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df *
	    M_PI) - (df + 1) / 2 * log1p(t * t / df));
}

double
gd_t_quantile(double p, double df)
{
	double q = p < 0.5 ? p : 1 - p, lo = 0, hi = 1, t, step;
	int i;

	if (p == 0.5)
		return 0;
	/* The upper tail q at t: bracketed, then Newton's steps kept
	 * inside the bracket (bisection when one leaves it). */
	while (t_sf(hi, df) > q)
		hi *= 2;
	t = (lo + hi) / 2;
	for (i = 0; i < 200; i++) {
		double f = t_sf(t, df) - q;

		if (f > 0)
			lo = t;
		else
			hi = t;
		step = f / t_pdf(t, df);
		if (t + step <= lo || t + step >= hi)
			step = (lo + hi) / 2 - t;
		t += step;
		if (fabs(step) <= 1e-15 * fabs(t) || hi - lo <= 1e-15 * hi)
			break;
	}
	return p < 0.5 ? -t : t;
}

double
gd_min_expected(const unsigned long long *a, const unsigned long long *b,
    size_t r)
{
	double ca = 0, cb = 0, n, m = -1;
	size_t i;

	for (i = 0; i < r; i++) {
		ca += (double)a[i];
		cb += (double)b[i];
	}
	n = ca + cb;
	for (i = 0; i < r; i++) {
		double row = (double)a[i] + (double)b[i];
		double e = row * (ca < cb ? ca : cb) / n;

		if (m < 0 || e < m)
			m = e;
	}
	return m;
}

double
gd_chi2_rx2(const unsigned long long *a, const unsigned long long *b,
    size_t r, double *stat, double *df)
{
	double ca = 0, cb = 0, n, x = 0;
	size_t i;

	for (i = 0; i < r; i++) {
		ca += (double)a[i];
		cb += (double)b[i];
	}
	n = ca + cb;
	for (i = 0; i < r; i++) {
		double row = (double)a[i] + (double)b[i];
		double ea = row * ca / n, eb = row * cb / n;

		x += ((double)a[i] - ea) * ((double)a[i] - ea) / ea +
		    ((double)b[i] - eb) * ((double)b[i] - eb) / eb;
	}
	*stat = x;
	*df = (double)(r - 1);
	return gd_chi2_sf(x, *df);
}

static double
lchoose(double n, double k)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/* The enumeration of Fisher's test: rows in order, the last (the
 * largest) decided by the others. */
struct fisher {
	const double *row;	/* row totals, the largest last */
	double **lc;		/* lc[i][x]: log C(row[i], x), but the last */
	size_t r;
	double lobs, lnorm;
	double sum[2], comp[2];	/* as likely or less, more likely:
				 * Neumaier's summation */
};

static void
fisher_add(struct fisher *f, int k, double x)
{
	double t = f->sum[k] + x;

	if (fabs(f->sum[k]) >= fabs(x))
		f->comp[k] += (f->sum[k] - t) + x;
	else
		f->comp[k] += (x - t) + f->sum[k];
	f->sum[k] = t;
}

static void
fisher_walk(struct fisher *f, size_t i, double left, double rest, double lp)
{
	double x, lo, hi;

	if (i == f->r - 1) {
		if (left > f->row[i])
			return;
		lp += lchoose(f->row[i], left);
		/* As likely as the table seen, within rounding: counted. */
		fisher_add(f, lp - f->lnorm <= f->lobs + 1e-7 ? 0 : 1,
		    exp(lp - f->lnorm));
		return;
	}
	rest -= f->row[i];
	lo = left > rest ? left - rest : 0;
	hi = left < f->row[i] ? left : f->row[i];
	for (x = lo; x <= hi; x++)
		fisher_walk(f, i + 1, left - x, rest, lp + f->lc[i][(size_t)x]);
}

int
gd_fisher_rx2(const unsigned long long *a, const unsigned long long *b,
    size_t r, double max_tables, double *p)
{
	struct fisher f;
	double *row, ca = 0, n = 0, tables = 1, lobs = 0;
	size_t i, big = 0, x;
	int rc = -1;

	if ((row = calloc(r, sizeof(*row))) == NULL)
		return -1;
	for (i = 0; i < r; i++) {
		row[i] = (double)a[i] + (double)b[i];
		ca += (double)a[i];
		n += row[i];
		if (row[i] > row[big])
			big = i;
	}
	/* The largest row last: the others decide it, and the others'
	 * ranges bound how many tables there are. */
	for (i = 0; i < r; i++) {
		double lim = row[i] < ca ? row[i] : ca;

		if (n - ca < lim)
			lim = n - ca;
		if (i != big)
			tables *= lim + 1;
		lobs += lchoose(row[i], (double)a[i]);
	}
	if (tables > max_tables) {
		free(row);
		return 1;
	}
	f.lc = NULL;
	{
		double t = row[big];

		row[big] = row[r - 1];
		row[r - 1] = t;
	}
	if ((f.lc = calloc(r, sizeof(*f.lc))) == NULL)
		goto done;
	for (i = 0; i + 1 < r; i++) {
		if ((f.lc[i] = calloc((size_t)row[i] + 1, sizeof(double))) ==
		    NULL)
			goto done;
		for (x = 0; x <= (size_t)row[i]; x++)
			f.lc[i][x] = lchoose(row[i], (double)x);
	}
	f.row = row;
	f.r = r;
	f.lnorm = lchoose(n, ca);
	f.lobs = lobs - f.lnorm;
	f.sum[0] = f.sum[1] = f.comp[0] = f.comp[1] = 0;
	fisher_walk(&f, 0, ca, n, 0);
	/* Over the sum of all: the probabilities' common rounding goes. */
	*p = (f.sum[0] + f.comp[0]) / (f.sum[0] + f.comp[0] + f.sum[1] +
	    f.comp[1]);
	rc = 0;
done:
	if (f.lc)
		for (i = 0; i < r; i++)
			free(f.lc[i]);
	free(f.lc);
	free(row);
	return rc;
}

int
gd_welch(double n1, double m1, double v1, double n2, double m2, double v2,
    double *d, double *lo, double *hi, double *df)
{
	double s1 = v1 / n1, s2 = v2 / n2, se, t;

	*d = m1 - m2;
	if (s1 + s2 == 0) {
		*lo = *hi = *d;
		*df = 0;
		return -1;
	}
	se = sqrt(s1 + s2);
	*df = (s1 + s2) * (s1 + s2) / (s1 * s1 / (n1 - 1) + s2 * s2 /
	    (n2 - 1));
	t = gd_t_quantile(0.975, *df);
	*lo = *d - t * se;
	*hi = *d + t * se;
	return 0;
}

int
gd_holm(const double *p, size_t n, double *adj)
{
	size_t *o, i;
	double run = 0, *tmp;

	if (n == 0)
		return 0;
	if ((o = calloc(n, sizeof(*o))) == NULL)
		return -1;
	if ((tmp = calloc(n, sizeof(*tmp))) == NULL) {
		free(o);
		return -1;
	}
	/* By p, then by index (insertion: a family is some questions). */
	for (i = 0; i < n; i++) {
		size_t j = i;

		while (j > 0 && p[o[j - 1]] > p[i]) {
			o[j] = o[j - 1];
			j--;
		}
		o[j] = i;
	}
	for (i = 0; i < n; i++) {
		double x = p[o[i]] * (double)(n - i);

		if (x > run)
			run = x;
		tmp[o[i]] = run < 1 ? run : 1;
	}
	for (i = 0; i < n; i++)
		adj[i] = tmp[i];
	free(tmp);
	free(o);
	return 0;
}
