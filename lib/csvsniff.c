/*
 * csvsniff.c - which delimiter separates a CSV file's fields (see
 * gd/csvin.h).
 *
 * The first records of the input are split at each candidate, quotes
 * respected as RFC 4180 has them (a quote that opens a field runs to the
 * next lone quote, "" inside is one quote, line breaks inside are text).
 * A candidate that splits the header line into two or more fields scores
 * the records that have as many fields as the header, and is out when
 * there are data lines and it splits none of them so (a header name that
 * holds the character); one that does not split the first line (a title
 * line before the header) scores the commonest field count of two or more,
 * when at least two records have it.  The best score wins, then the most
 * fields, then the order of GD_CSV_DELIMS.
 */
#include <string.h>

#include "gd/gd.h"

#define SNIFF_RECORDS 64	/* records looked at */

size_t
gd_csv_shape(const char *p, size_t n, unsigned char delim, size_t *counts,
    size_t max)
{
	size_t i = 0, k = 0, fields;
	int quoted, start;

	while (i < n && k < max) {
		/* Blank lines are no records. */
		if (p[i] == '\n' || p[i] == '\r') {
			i++;
			continue;
		}
		fields = 1;
		quoted = 0;
		start = 1;
		for (; i < n; i++) {
			unsigned char c = (unsigned char)p[i];

			if (quoted) {
				if (c == '"') {
					if (i + 1 < n && p[i + 1] == '"')
						i++;
					else
						quoted = 0;
				}
				continue;
			}
			if (c == '"' && start) {
				quoted = 1;
				start = 0;
				continue;
			}
			if (c == delim) {
				fields++;
				start = 1;
				continue;
			}
			if (c == '\n' || c == '\r')
				break;
			/* Spaces before an opening quote are kept by the
			 * reader as text: the field has begun. */
			start = 0;
		}
		if (i >= n && k > 0)
			break;	/* the window ends inside this record */
		counts[k++] = fields;
	}
	return k;
}

unsigned char
gd_csv_sniff(const char *p, size_t n)
{
	static const char cand[] = GD_CSV_DELIMS;
	size_t counts[SNIFF_RECORDS], k, i, j, width, score, best_score = 0,
	    best_width = 0, m, t;
	unsigned char best = 0;

	for (j = 0; cand[j]; j++) {
		k = gd_csv_shape(p, n, (unsigned char)cand[j], counts, SNIFF_RECORDS);
		if (k == 0)
			continue;
		width = counts[0];
		score = 0;
		if (width >= 2) {
			for (i = 0; i < k; i++)
				score += counts[i] == width;
			/* Data lines none of which it splits as the header:
			 * a header name that holds the character. */
			if (k > 1 && score < 2)
				continue;
		} else {
			/* The commonest count of two or more fields. */
			for (i = 0; i < k; i++) {
				if (counts[i] < 2)
					continue;
				for (m = 0, t = 0; t < k; t++)
					m += counts[t] == counts[i];
				if (m > score || (m == score &&
				    counts[i] > width)) {
					score = m;
					width = counts[i];
				}
			}
			if (width < 2 || score < 2)
				continue;
		}
		if (score > best_score || (score == best_score &&
		    width > best_width)) {
			best = (unsigned char)cand[j];
			best_score = score;
			best_width = width;
		}
	}
	return best;
}
