/*
 * svg.h - inline SVG bar charts for reports: no script, no external
 * reference, a colour-blind-safe palette (Okabe and Ito), every text
 * escaped.  Each chart is an <svg role="img"> with a <title>; the report
 * puts the data table beside it for screen readers.
 */
#ifndef GD_SVG_H
#define GD_SVG_H

#include <stddef.h>

#include "buf.h"

/* A value that is withheld (small-cell suppression): no bar, a note. */
#define GD_SVG_WITHHELD (-1.0)

/*
 * The palette: categorical colours; agree, neutral, disagree; and a
 * diverging scale centred on neutral, [0] for answers off the scale and
 * [1] to [5] for scores 1 (strongly disagree) to 5 (strongly agree).
 */
extern const char *const gd_svg_palette[8];
extern const char *const gd_svg_likert[3];
extern const char *const gd_svg_scale[6];

/*
 * Horizontal bars, one per label, lengths proportional to values[i] over
 * the largest; texts[i] is written at the end of each bar.  The title is
 * drawn above the chart; labels too long for their column wrap.  Each
 * returns 0, or -1 when memory runs out.
 */
int gd_svg_bars(struct gd_buf *b, const char *id, const char *title,
    size_t n, const char *const *labels, const double *values,
    const char *const *texts);

/*
 * 100% stacked horizontal bars: nrows rows of nseg segments, shares[row *
 * nseg + seg] in 0..1 (a row whose first share is GD_SVG_WITHHELD is shown
 * as withheld), colours[seg], with a legend of seglabels; rowtexts[row]
 * (NULL: none), such as the row's count, is written after each bar.
 */
int gd_svg_stacked(struct gd_buf *b, const char *id, const char *title,
    size_t nrows, const char *const *rowlabels, const char *const *rowtexts,
    size_t nseg, const char *const *seglabels, const char *const *colours,
    const double *shares);

/*
 * Intervals of differences: one row per label, a dot at est[i] and a
 * line from lo[i] to hi[i], all in -1..1 (shares), on an axis of -100 to
 * +100 points with 0 marked; texts[i] after the plot.
 */
int gd_svg_intervals(struct gd_buf *b, const char *id, const char *title,
    size_t n, const char *const *labels, const double *est,
    const double *lo, const double *hi, const char *const *texts);

#endif
