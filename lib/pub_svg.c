/*
 * pub_svg.c - inline SVG bar charts for the HTML report (the interface
 * is include/gd/svg.h): no script, no external reference, every text
 * escaped.  It knows nothing of the publication; pub_report.c draws
 * with it and pub_doc.c puts the chart in the page.
 *
 * Nothing is cut: a chart's title is drawn above it (not only in its
 * <title>), labels too long for their column wrap onto more lines, and
 * the legend flows onto as many lines as its entries need.  Widths are
 * estimated from the number of characters (a wide estimate, so that the
 * usual fonts fit), since SVG has no text layout of its own.
 */
#include <string.h>

#include "gd/escape.h"
#include "gd/i18n.h"
#include "gd/svg.h"
#include "gd/utf8.h"
#include "gd/banned.h"

/* Okabe and Ito's palette, told apart with every common colour blindness. */
const char *const gd_svg_palette[8] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
	"#F0E442", "#000000"
};
/* Agree purple, neutral grey, disagree orange (the ends of gd_svg_scale). */
const char *const gd_svg_likert[3] = { "#5E3C99", "#CCCCCC", "#B35806" };
/*
 * A diverging scale centred on neutral, from ColorBrewer's PuOr (safe
 * for colour-blind readers): off the scale, then scores 1 to 5.
 */
const char *const gd_svg_scale[6] = {
	"#FFFFFF", "#B35806", "#F1A340", "#CCCCCC", "#998EC3", "#5E3C99"
};

#define WIDTH 640
#define TITLE_LINE 18		/* a line of the title */
#define LINE_H 15		/* a line of a label */
#define LABEL_W 190		/* the labels' column */
#define BAR_X 200
#define BAR_W 360		/* a stacked bar; the bars' longest */
#define ROW_H 26
#define BAR_H 18
#define CHAR_W 7.5		/* a character of 13 px text, estimated wide */
#define WIDE_W 13.0		/* a CJK or other wide character */

/* The estimated width of n bytes of UTF-8 text, in pixels. */
static double
text_w(const char *s, size_t n)
{
	double w = 0;
	size_t i = 0, k;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		k = gd_utf8_seq(s + i, n - i);
		if (k == 0)
			k = 1;
		/* Lead bytes of U+1100 and above, three bytes or four. */
		w += c >= 0xE1 ? WIDE_W : CHAR_W;
		i += k;
	}
	return w;
}

/*
 * The length of the first line of s (n bytes) that fits in width
 * pixels: up to the last space that fits, else as many characters as fit
 * (at least one).  *skip is set to the bytes to skip after it (a space).
 */
static size_t
line_fit(const char *s, size_t n, double width, size_t *skip)
{
	size_t i = 0, k, last_space = 0;
	double w = 0;

	*skip = 0;
	while (i < n) {
		k = gd_utf8_seq(s + i, n - i);
		if (k == 0)
			k = 1;
		if (s[i] == '\n') {
			*skip = 1;
			return i;
		}
		w += text_w(s + i, k);
		if (w > width && i > 0) {
			if (last_space > 0) {
				*skip = 1;
				return last_space;
			}
			return i;
		}
		if (s[i] == ' ')
			last_space = i;
		i += k;
	}
	return n;
}

/* The number of lines s takes in width pixels. */
static int
lines_of(const char *s, double width)
{
	size_t n = strlen(s), len, skip;
	int lines = 0;

	do {
		len = line_fit(s, n, width, &skip);
		s += len + skip;
		n -= len + skip;
		lines++;
	} while (n > 0);
	return lines;
}

/*
 * A text wrapped in width pixels, its first line's baseline at y, as one
 * <text> with a <tspan> per line; attrs go into the <text> tag.
 */
static int
wrapped(struct gd_buf *b, const char *s, int x, int y, double width,
    const char *attrs)
{
	size_t n = strlen(s), len, skip;
	int line = 0;

	if (gd_buf_addf(b, "<text x=\"%d\" y=\"%d\" fill=\"#1b1b1b\"%s>", x, y,
	    attrs) == -1)
		return -1;
	if (lines_of(s, width) == 1)
		return gd_esc_html(b, s, n) == -1 ||
		    gd_buf_adds(b, "</text>") == -1 ? -1 : 0;
	do {
		len = line_fit(s, n, width, &skip);
		if (gd_buf_addf(b, "<tspan x=\"%d\" dy=\"%d\">", x,
		    line ? LINE_H : 0) == -1 || gd_esc_html(b, s, len) == -1 ||
		    gd_buf_adds(b, "</tspan>") == -1)
			return -1;
		s += len + skip;
		n -= len + skip;
		line++;
	} while (n > 0);
	return gd_buf_adds(b, "</text>");
}

/* A bar withheld: the word, where the bar would be. */
static int
withheld(struct gd_buf *b, int y)
{
	const char *w = C_("a count", "withheld");

	return gd_buf_addf(b, "<text x=\"%d\" y=\"%d\" fill=\"#555\" "
	    "font-style=\"italic\">", BAR_X, y) == -1 ||
	    gd_esc_html(b, w, strlen(w)) == -1 ||
	    gd_buf_adds(b, "</text>\n") == -1 ? -1 : 0;
}

/* The title's height: its lines, and a gap. */
static int
title_h(const char *title)
{
	return lines_of(title, WIDTH - 8) * TITLE_LINE + 8;
}

static int
open_svg(struct gd_buf *b, const char *id, const char *title, int height)
{
	size_t n = strlen(title), len, skip;
	const char *s = title;
	int y = 14;

	if (gd_buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" aria-labelledby=\"%s-t\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" font-family=\"system-ui, sans-serif\" "
	    "font-size=\"13\"><title id=\"%s-t\">", id, WIDTH, height, WIDTH,
	    height, id) == -1 || gd_esc_html(b, title, n) == -1 ||
	    gd_buf_adds(b, "</title>\n") == -1)
		return -1;
	/* The same title, drawn: seen, not only announced.  Hidden from
	 * screen readers, which have read the <title>. */
	if (gd_buf_adds(b, "<g aria-hidden=\"true\" font-weight=\"bold\" "
	    "fill=\"#1b1b1b\">") == -1)
		return -1;
	do {
		len = line_fit(s, n, WIDTH - 8, &skip);
		if (gd_buf_addf(b, "<text x=\"0\" y=\"%d\">", y) == -1 ||
		    gd_esc_html(b, s, len) == -1 ||
		    gd_buf_adds(b, "</text>") == -1)
			return -1;
		s += len + skip;
		n -= len + skip;
		y += TITLE_LINE;
	} while (n > 0);
	return gd_buf_adds(b, "</g>\n");
}

/* The height of a row whose label is s: its lines, at least ROW_H. */
static int
row_h(const char *s)
{
	int h = lines_of(s, LABEL_W - 4) * LINE_H + 11;

	return h < ROW_H ? ROW_H : h;
}

/* A row's label, right-aligned in its column, centred on the bar. */
static int
row_label(struct gd_buf *b, const char *s, int y)
{
	int lines = lines_of(s, LABEL_W - 4);
	int base = y + 13 - (lines - 1) * LINE_H / 2;

	return wrapped(b, s, LABEL_W, base, LABEL_W - 4,
	    " text-anchor=\"end\"");
}

int
gd_svg_bars(struct gd_buf *b, const char *id, const char *title,
    size_t n, const char *const *labels, const double *values,
    const char *const *texts)
{
	double max = 0;
	size_t i;
	int y, w, h, top = title_h(title);

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	h = top;
	for (i = 0; i < n; i++)
		h += row_h(labels[i]);
	if (open_svg(b, id, title, h + 4) == -1)
		return -1;
	y = top;
	for (i = 0; i < n; i++) {
		int rh = row_h(labels[i]), by = y + (rh - BAR_H) / 2;

		w = values[i] <= 0 || max <= 0 ? 0 :
		    (int)(values[i] / max * (BAR_W - 20) + 0.5);
		if (values[i] > 0 && w < 1)
			w = 1;
		if (row_label(b, labels[i], by) == -1)
			return -1;
		if (values[i] == GD_SVG_WITHHELD) {
			if (withheld(b, by + 14) == -1)
				return -1;
		} else if (gd_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" "
		    "fill=\"#1b1b1b\">", BAR_X, by, w, BAR_H, gd_svg_palette[0],
		    BAR_X + w + 6, by + 14) == -1 ||
		    gd_esc_html(b, texts[i], strlen(texts[i])) == -1 ||
		    gd_buf_adds(b, "</text>\n") == -1)
			return -1;
		y += rh;
	}
	return gd_buf_adds(b, "</svg>");
}

/*
 * The legend's entries laid out left to right, a new line when the next
 * does not fit; an entry wider than the chart wraps.  With draw 0 only
 * measures.  Returns the legend's height, or -1 (memory).
 */
static int
legend(struct gd_buf *b, int top, size_t nseg,
    const char *const *seglabels, const char *const *colours, int draw)
{
	const double room = WIDTH - 20;
	double x = 0, w;
	int y = top, line_h = 0, lines;
	size_t s;

	for (s = 0; s < nseg; s++) {
		w = text_w(seglabels[s], strlen(seglabels[s]));
		if (w > room)
			w = room;
		if (x > 0 && x + 16 + w > WIDTH) {
			x = 0;
			y += line_h;
			line_h = 0;
		}
		lines = lines_of(seglabels[s], room);
		if (lines * LINE_H + 5 > line_h)
			line_h = lines * LINE_H + 5;
		if (draw && (gd_buf_addf(b, "<rect x=\"%d\" y=\"%d\" "
		    "width=\"12\" height=\"12\" fill=\"%s\" stroke=\"#767676\" "
		    "stroke-width=\"0.5\"/>", (int)x, y + 1, colours[s]) == -1 ||
		    wrapped(b, seglabels[s], (int)x + 16, y + 11, room, "") == -1 ||
		    gd_buf_addc(b, '\n') == -1))
			return -1;
		x += 16 + w + 18;
	}
	return y + line_h - top;
}

int
gd_svg_stacked(struct gd_buf *b, const char *id, const char *title,
    size_t nrows, const char *const *rowlabels, const char *const *rowtexts,
    size_t nseg, const char *const *seglabels, const char *const *colours,
    const double *shares)
{
	size_t r, s;
	int x, y, w, h, top = title_h(title), lh;

	lh = legend(NULL, 0, nseg, seglabels, colours, 0);
	h = top + lh + 6;
	for (r = 0; r < nrows; r++)
		h += row_h(rowlabels[r]);
	if (open_svg(b, id, title, h + 4) == -1 ||
	    legend(b, top, nseg, seglabels, colours, 1) == -1)
		return -1;
	y = top + lh + 6;
	for (r = 0; r < nrows; r++) {
		int rh = row_h(rowlabels[r]), by = y + (rh - BAR_H) / 2;

		y += rh;
		if (row_label(b, rowlabels[r], by) == -1)
			return -1;
		if (nseg == 0 || shares[r * nseg] == GD_SVG_WITHHELD) {
			if (withheld(b, by + 14) == -1)
				return -1;
			continue;
		}
		x = BAR_X;
		for (s = 0; s < nseg; s++) {
			double v = shares[r * nseg + s];

			if (!(v > 0))
				continue;
			w = (int)(v * BAR_W + 0.5);
			if (x + w > BAR_X + BAR_W)
				w = BAR_X + BAR_W - x;
			if (w <= 0)
				continue;
			if (gd_buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"%s\" stroke=\"#FFFFFF\" "
			    "stroke-width=\"0.5\"/>", x, by, w, BAR_H,
			    colours[s]) == -1)
				return -1;
			x += w;
		}
		/* How many the row counts: one response is not 100%. */
		if (rowtexts && rowtexts[r] && (gd_buf_addf(b, "<text x=\"%d\" "
		    "y=\"%d\" fill=\"#1b1b1b\">", BAR_X + BAR_W + 6,
		    by + 14) == -1 || gd_esc_html(b, rowtexts[r],
		    strlen(rowtexts[r])) == -1 || gd_buf_adds(b, "</text>")
		    == -1))
			return -1;
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
	int y, h, top = title_h(title), axis;

	h = top;
	for (i = 0; i < n; i++)
		h += row_h(labels[i]);
	axis = h + 2;
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
	y = top;
	for (i = 0; i < n; i++) {
		int rh = row_h(labels[i]), by = y + (rh - BAR_H) / 2;

		if (row_label(b, labels[i], by) == -1)
			return -1;
		if (gd_buf_addf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/><circle "
		    "cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/><text x=\"%d\" "
		    "y=\"%d\" fill=\"#1b1b1b\">", iv_x(lo[i]), by + 9,
		    iv_x(hi[i]), by + 9, gd_svg_palette[4], iv_x(est[i]), by + 9,
		    gd_svg_palette[0], BAR_X + BAR_W + 8, by + 14) == -1 ||
		    gd_esc_html(b, texts[i], strlen(texts[i])) == -1 ||
		    gd_buf_adds(b, "</text>\n") == -1)
			return -1;
		y += rh;
	}
	return gd_buf_adds(b, "</svg>");
}
