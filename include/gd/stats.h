/*
 * stats.h - the statistics of comparisons between two groups: intervals
 * for a difference of proportions and of means, tests of a table of
 * counts, and p-values adjusted for many tests.  Pure functions of their
 * arguments: no allocation but where said, no failure but where said.
 *
 * Every interval is at 95% (GD_Z95, the normal quantile of 0.975).
 */
#ifndef GD_STATS_H
#define GD_STATS_H

#include <stddef.h>

#define GD_Z95 1.959963984540054	/* the standard normal's 0.975 quantile */

/*
 * Wilson's score interval for x successes in n trials (n > 0), at z,
 * in *lo, *hi.
 */
void gd_wilson(unsigned long long x, unsigned long long n, double z,
    double *lo, double *hi);

/*
 * The difference x1/n1 - x2/n2 (n1, n2 > 0) and its 95% interval by
 * Newcombe's hybrid score method (method 10 of Newcombe 1998, from the
 * two Wilson intervals), in *d, *lo, *hi.
 */
void gd_newcombe(unsigned long long x1, unsigned long long n1,
    unsigned long long x2, unsigned long long n2, double *d, double *lo,
    double *hi);

/*
 * The upper tail of the chi-square distribution with df > 0 degrees of
 * freedom at x >= 0: the p-value of a statistic x.
 */
double gd_chi2_sf(double x, double df);

/*
 * The quantile of Student's t distribution with df > 0 (not necessarily
 * whole) degrees of freedom at p, 0 < p < 1.
 */
double gd_t_quantile(double p, double df);

/*
 * Pearson's chi-square test of independence of an r x 2 table (a[i],
 * b[i] the two columns, every row total above 0, both column totals
 * above 0, r >= 2), without continuity correction: the statistic in
 * *stat, the degrees of freedom (r - 1) in *df; returns the p-value.
 */
double gd_chi2_rx2(const unsigned long long *a, const unsigned long long *b,
    size_t r, double *stat, double *df);

/*
 * The smallest expected count of an r x 2 table under independence
 * (as gd_chi2_rx2 takes it).
 */
double gd_min_expected(const unsigned long long *a,
    const unsigned long long *b, size_t r);

/*
 * Fisher's exact test of an r x 2 table (as gd_chi2_rx2 takes it; for
 * r > 2 the Freeman-Halton extension): the p-value is the probability,
 * given the margins, of the tables no more likely than the one observed
 * (within a relative 1e-7, so that tables tied in exact arithmetic stay
 * tied), by enumeration of every table with the margins.  Returns 0 with
 * *p; 1 when more than max_tables tables would have to be enumerated
 * (nothing computed); -1 when memory runs out.
 */
int gd_fisher_rx2(const unsigned long long *a, const unsigned long long *b,
    size_t r, double max_tables, double *p);

/*
 * Welch's interval for the difference of two means, m1 - m2, from each
 * group's n (> 1), mean and sample variance (divisor n - 1): the
 * difference in *d, the 95% interval in *lo, *hi, the Welch-Satterthwaite
 * degrees of freedom in *df.  Returns 0; -1 when both variances are 0
 * (no interval: *lo and *hi are the difference, *df 0).
 */
int gd_welch(double n1, double m1, double v1, double n2, double m2,
    double v2, double *d, double *lo, double *hi, double *df);

/*
 * Holm's step-down adjustment of n p-values (p[i], 0 <= p <= 1), into
 * adj[i] (which may be p): the family-wise error rate controlled.  Uses
 * an index array of n, allocated: returns 0, or -1 when memory runs out.
 */
int gd_holm(const double *p, size_t n, double *adj);

#endif
