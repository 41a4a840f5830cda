/*
 * test_stats.c - the statistics of comparisons (stats.c) against values
 * published or computed independently: Newcombe's (1998) example of
 * method 10, the tea-tasting table, SciPy's chi-square tail, mpmath's t
 * quantile, statsmodels' Holm adjustment.  tests/scripts/compare.sh
 * checks them on many more tables.
 */
#include <math.h>

#include "gd/gd.h"
#include "t.h"

static int
near(double x, double y)
{
	return fabs(x - y) <= 1e-9 * fabs(y) + 1e-12;
}

TEST(stats_newcombe)
{
	double d, lo, hi;

	/* Newcombe (1998), table II, example (a): 56/70 against 48/80. */
	gd_newcombe(56, 70, 48, 80, &d, &lo, &hi);
	T_OK(near(d, 0.2));
	T_OK(near(lo, 0.05243147240236498));
	T_OK(near(hi, 0.33387265403690614));
	/* Zero cells: an interval still, around 0. */
	gd_newcombe(0, 10, 0, 20, &d, &lo, &hi);
	T_OK(d == 0);
	T_OK(near(lo, -0.1611251580528194));
	T_OK(near(hi, 0.27753279986288926));
}

TEST(stats_tests)
{
	unsigned long long a[] = { 3, 1 }, b[] = { 1, 3 };
	unsigned long long c[] = { 5, 5, 5 }, e[] = { 5, 5, 5 };
	double p, x, df;

	T_OK(gd_fisher_rx2(a, b, 2, 1e6, &p) == 0);
	T_OK(near(p, 0.48571428571428565));
	/* Too many tables: nothing computed. */
	T_OK(gd_fisher_rx2(a, b, 2, 2, &p) == 1);
	/* The table seen is the likeliest: every table counts. */
	T_OK(gd_fisher_rx2(c, e, 3, 1e6, &p) == 0);
	T_OK(p == 1);
	T_OK(near(gd_chi2_sf(3.84, 1), 0.05004352124870519));
	T_OK(near(gd_chi2_sf(100, 7), 1.0787979671702833e-18));
	T_OK(gd_chi2_sf(0, 3) == 1);
	T_OK(near(gd_chi2_rx2(c, e, 3, &x, &df), 1));
	T_OK(x == 0 && df == 2);
	T_OK(near(gd_min_expected(a, b, 2), 2));
}

TEST(stats_t_welch_holm)
{
	double p[] = { 0.01, 0.04, 0.03, 0.2 }, adj[4], d, lo, hi, df;

	/* mpmath, 40 digits. */
	T_OK(near(gd_t_quantile(0.975, 5.49), 2.503082850772594538));
	T_OK(near(gd_t_quantile(0.975, 1.5), 6.016663104427931922));
	T_OK(near(gd_t_quantile(0.025, 10), -2.228138851964938));
	T_OK(gd_welch(10, 1, 0, 12, 1, 0, &d, &lo, &hi, &df) == -1);
	T_OK(gd_welch(10, 2, 1, 10, 1, 1, &d, &lo, &hi, &df) == 0);
	T_OK(near(df, 18) && near(d, 1));
	T_OK(near(hi - d, gd_t_quantile(0.975, 18) * sqrt(0.2)));
	T_OK(gd_holm(p, 4, adj) == 0);
	T_OK(near(adj[0], 0.04) && near(adj[1], 0.09) && near(adj[2], 0.09) &&
	    near(adj[3], 0.2));
}
