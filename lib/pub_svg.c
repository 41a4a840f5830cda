/*
 * pub_svg.c - inline SVG bar charts for the HTML report (the interface
 * is include/gd/svg.h): no script, no external reference, every text
 * escaped.  It knows nothing of the publication; pub_report.c draws
 * with it and pub_doc.c puts the chart in the page.
 */
#include <string.h>

#include "gd/escape.h"
#include "gd/svg.h"
#include "gd/utf8.h"
#include "gd/banned.h"

/* Okabe and Ito's palette, told apart with every common colour blindness. */
const char *const gd_svg_palette[8] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
	"#F0E442", "#000000"
};
/* Agree blue, neutral grey, disagree vermillion. */
const char *const gd_svg_likert[3] = { "#0072B2", "#BBBBBB", "#D55E00" };

#define WIDTH 640
#define LABEL_W 190		/* the labels' column */
#define BAR_X 200
#define BAR_W 360		/* room for the value text after a bar */
#define ROW_H 26
#define BAR_H 18
#define LABEL_CHARS 28		/* longer labels are cut, with an ellipsis */

/* A label, cut to LABEL_CHARS characters, escaped. */
static int
label(struct gd_buf *b, const char *s)
{
	size_t n = strlen(s), chars = 0, i = 0, k;

	while (i < n && chars < LABEL_CHARS) {
		k = gd_utf8_seq(s + i, n - i);
		i += k ? k : 1;
		chars++;
	}
	if (gd_esc_html(b, s, i) == -1)
		return -1;
	return i < n ? gd_buf_adds(b, "\xE2\x80\xA6") : 0;
}

static int
open_svg(struct gd_buf *b, const char *id, const char *title, int height)
{
	return gd_buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" aria-labelledby=\"%s-t\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" font-family=\"system-ui, sans-serif\" "
	    "font-size=\"13\"><title id=\"%s-t\">", id, WIDTH, height, WIDTH,
	    height, id) == -1 || gd_esc_html(b, title, strlen(title)) == -1 ||
	    gd_buf_adds(b, "</title>\n") == -1 ? -1 : 0;
}

int
gd_svg_bars(struct gd_buf *b, const char *id, const char *title,
    size_t n, const char *const *labels, const double *values,
    const char *const *texts)
{
	double max = 0;
	size_t i;
	int y, w;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	if (open_svg(b, id, title, (int)n * ROW_H + 8) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		y = (int)i * ROW_H + 4;
		w = values[i] <= 0 || max <= 0 ? 0 :
		    (int)(values[i] / max * (BAR_W - 60) + 0.5);
		if (values[i] > 0 && w < 1)
			w = 1;
		if (gd_buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "fill=\"#1b1b1b\">", LABEL_W, y + 14) == -1 ||
		    label(b, labels[i]) == -1 ||
		    gd_buf_adds(b, "</text>") == -1)
			return -1;
		if (values[i] == GD_SVG_WITHHELD) {
			if (gd_buf_addf(b, "<text x=\"%d\" y=\"%d\" fill=\"#555\" "
			    "font-style=\"italic\">withheld</text>\n", BAR_X,
			    y + 14) == -1)
				return -1;
			continue;
		}
		if (gd_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" "
		    "fill=\"#1b1b1b\">", BAR_X, y, w, BAR_H, gd_svg_palette[0],
		    BAR_X + w + 6, y + 14) == -1 ||
		    gd_esc_html(b, texts[i], strlen(texts[i])) == -1 ||
		    gd_buf_adds(b, "</text>\n") == -1)
			return -1;
	}
	return gd_buf_adds(b, "</svg>");
}

int
gd_svg_stacked(struct gd_buf *b, const char *id, const char *title,
    size_t nrows, const char *const *rowlabels, size_t nseg,
    const char *const *seglabels, const char *const *colours,
    const double *shares)
{
	size_t r, s;
	int x, y, w, legend_rows, lx, ly, lw, full = BAR_W + 60;

	/* The legend: entries of 150 px, four to a line. */
	legend_rows = (int)((nseg + 3) / 4);
	if (open_svg(b, id, title, legend_rows * 20 + (int)nrows * ROW_H + 12)
	    == -1)
		return -1;
	for (s = 0; s < nseg; s++) {
		lx = BAR_X + (int)(s % 4) * 150 - 60;
		ly = (int)(s / 4) * 20 + 4;
		lw = 12;
		if (gd_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" "
		    "fill=\"#1b1b1b\">", lx, ly, lw, lw, colours[s % 8],
		    lx + 16, ly + 11) == -1 || label(b, seglabels[s]) == -1 ||
		    gd_buf_adds(b, "</text>\n") == -1)
			return -1;
	}
	for (r = 0; r < nrows; r++) {
		y = legend_rows * 20 + 8 + (int)r * ROW_H;
		if (gd_buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "fill=\"#1b1b1b\">", LABEL_W, y + 14) == -1 ||
		    label(b, rowlabels[r]) == -1 ||
		    gd_buf_adds(b, "</text>") == -1)
			return -1;
		if (nseg == 0 || shares[r * nseg] == GD_SVG_WITHHELD) {
			if (gd_buf_addf(b, "<text x=\"%d\" y=\"%d\" fill=\"#555\" "
			    "font-style=\"italic\">withheld</text>\n", BAR_X,
			    y + 14) == -1)
				return -1;
			continue;
		}
		x = BAR_X;
		for (s = 0; s < nseg; s++) {
			double v = shares[r * nseg + s];

			if (!(v > 0))
				continue;
			w = (int)(v * full + 0.5);
			if (x + w > BAR_X + full)
				w = BAR_X + full - x;
			if (w <= 0)
				continue;
			if (gd_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"%s\"/>", x, y, w, BAR_H,
			    colours[s % 8]) == -1)
				return -1;
			x += w;
		}
		if (gd_buf_addc(b, '\n') == -1)
			return -1;
	}
	return gd_buf_adds(b, "</svg>");
}

/* The x of a difference d (-1..1) on the interval chart's axis. */
static int
iv_x(double d)
{
	if (d < -1)
		d = -1;
	if (d > 1)
		d = 1;
	return BAR_X + (int)((d + 1) / 2 * BAR_W + 0.5);
}

int
gd_svg_intervals(struct gd_buf *b, const char *id, const char *title,
    size_t n, const char *const *labels, const double *est,
    const double *lo, const double *hi, const char *const *texts)
{
	static const int ticks[] = { -100, -50, 0, 50, 100 };
	size_t i, t;
	int y, top = 4, axis = (int)n * ROW_H + top + 2;

	if (open_svg(b, id, title, axis + 22) == -1)
		return -1;
	/* The axis: points of difference, 0 marked. */
	for (t = 0; t < sizeof(ticks) / sizeof(ticks[0]); t++) {
		int x = iv_x(ticks[t] / 100.0);

		if (gd_buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" stroke=\"%s\" stroke-width=\"1\"/><text x=\"%d\" "
		    "y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s%d</text>\n",
		    x, top, x, axis, ticks[t] == 0 ? "#555" : "#ddd", x,
		    axis + 16, ticks[t] > 0 ? "+" : "", ticks[t]) == -1)
			return -1;
	}
	for (i = 0; i < n; i++) {
		y = (int)i * ROW_H + top;
		if (gd_buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "fill=\"#1b1b1b\">", LABEL_W, y + 14) == -1 ||
		    label(b, labels[i]) == -1 ||
		    gd_buf_adds(b, "</text>") == -1)
			return -1;
		if (gd_buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/><circle "
		    "cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/><text x=\"%d\" "
		    "y=\"%d\" fill=\"#1b1b1b\">", iv_x(lo[i]), y + 9,
		    iv_x(hi[i]), y + 9, gd_svg_palette[4], iv_x(est[i]), y + 9,
		    gd_svg_palette[0], BAR_X + BAR_W + 8, y + 14) == -1 ||
		    gd_esc_html(b, texts[i], strlen(texts[i])) == -1 ||
		    gd_buf_adds(b, "</text>\n") == -1)
			return -1;
	}
	return gd_buf_adds(b, "</svg>");
}
