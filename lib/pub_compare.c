/*
 * pub_compare.c - the report's comparisons, from gd-tally's "compare"
 * records: a section "Where public employees and citizens differ" (the
 * questions by the size of their largest difference, each with one plain
 * sentence, the groups' numbers, an interval chart and its table), and
 * the gap line under a question's own table.  Written through the
 * document writer (pub_doc.c), charts by pub_svg.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gd/gd.h"
#include "gd/i18n.h"
#include "gd/svg.h"
#include "pub_int.h"
#include "gd/banned.h"

#define ALPHA 0.05

/* A group's name in a sentence: "public employees", "GB". */
static void
group_name(char *dst, size_t n, const char *by, const char *g)
{
	snprintf(dst, n, "%s", by && strcmp(by, "respondent.type") == 0 ?
	    pub_type_words(g) : g);
}

/* A group's name as a heading or a column has it: "Public employees". */
static void
group_title(char *dst, size_t n, const char *by, const char *g)
{
	snprintf(dst, n, "%s", by && strcmp(by, "respondent.type") == 0 ?
	    pub_type_label(g) : g);
}

/* The answer with the largest difference, or NULL. */
static json_t *
largest(json_t *rec, double *size)
{
	json_t *a, *best = NULL;
	size_t i;

	*size = -1;
	json_array_foreach(json_object_get(rec, "answers"), i, a) {
		double d = fabs(json_number_value(json_object_get(a, "diff")));

		if (d > *size) {
			*size = d;
			best = a;
		}
	}
	return best;
}

/* Points, signed: "+35", "-56", "0". */
static void
pts(char *dst, size_t n, double x)
{
	long v = lround(x * 100);

	if (v == 0)
		snprintf(dst, n, "0");
	else
		snprintf(dst, n, "%+ld", v);
}

/* The answer as a sentence has it: "yes" for "Yes", "EU" kept. */
static void
answer_words(char *dst, size_t n, const char *a)
{
	size_t i;
	int lower = 1;

	snprintf(dst, n, "%s", a);
	if (dst[0] == '\0')
		return;
	for (i = 1; dst[i]; i++)
		if (isupper((unsigned char)dst[i]))
			lower = 0;
	if (lower && isupper((unsigned char)dst[0]))
		dst[0] = (char)tolower((unsigned char)dst[0]);
}

/*
 * The sentence of a compare record: "57% of public employees and 75% of
 * citizens said yes: 18 points fewer, 95% CI -56 to +35; this could be
 * chance."  Into b; returns 0, or -1 when there is nothing to say.
 */
static int
sentence(struct gd_buf *b, json_t *rec, size_t tested)
{
	json_t *groups = json_object_get(rec, "groups"), *a, *sh, *ci;
	const char *by = json_string_value(json_object_get(rec, "by"));
	char ga[128], gb[128], ans[256], lo[16], hi[16], s1[16], s2[16];
	char pa[32], nt[32], part[4][512];
	double size, d, padj;
	long pdiff;
	int chance;

	if ((a = largest(rec, &size)) == NULL)
		return -1;
	group_name(ga, sizeof(ga), by, json_string_value(json_array_get(groups,
	    0)));
	group_name(gb, sizeof(gb), by, json_string_value(json_array_get(groups,
	    1)));
	answer_words(ans, sizeof(ans), json_string_value(json_object_get(a,
	    "answer")));
	sh = json_object_get(a, "share");
	ci = json_object_get(a, "ci");
	d = json_number_value(json_object_get(a, "diff"));
	pdiff = lround(fabs(d) * 100);
	pts(lo, sizeof(lo), json_number_value(json_array_get(ci, 0)));
	pts(hi, sizeof(hi), json_number_value(json_array_get(ci, 1)));
	padj = json_number_value(json_object_get(rec, "p_adjusted"));
	chance = !json_is_number(json_object_get(rec, "p_adjusted")) ||
	    padj >= ALPHA;
	gd_i18n_pct(s1, sizeof(s1), json_number_value(json_array_get(sh, 0)) *
	    100, 0);
	gd_i18n_pct(s2, sizeof(s2), json_number_value(json_array_get(sh, 1)) *
	    100, 0);
	/* TRANSLATORS: "57% of public employees and 75% of citizens said
	 * yes"; %5$s is the answer. */
	snprintf(part[0], sizeof(part[0]), _("%1$s of %2$s and %3$s of %4$s "
	    "said %5$s"), s1, ga, s2, gb, ans);
	gd_i18n_int(nt, sizeof(nt), pdiff);
	if (pdiff == 0)
		snprintf(part[1], sizeof(part[1]), "%s",
		    _("about the same share"));
	else if (d < 0)
		snprintf(part[1], sizeof(part[1]), gd_ntr("%s point fewer",
		    "%s points fewer", (unsigned long)pdiff), nt);
	else
		snprintf(part[1], sizeof(part[1]), gd_ntr("%s point more",
		    "%s points more", (unsigned long)pdiff), nt);
	snprintf(part[2], sizeof(part[2]), _("95%% CI %1$s to %2$s"), lo, hi);
	if (chance)
		snprintf(part[3], sizeof(part[3]), "%s",
		    _("this could be chance."));
	else {
		gd_i18n_num(pa, sizeof(pa), padj, 2, GD_NUM_SIG);
		gd_i18n_int(nt, sizeof(nt), (long long)tested);
		snprintf(part[3], sizeof(part[3]), gd_ntr("unlikely to be chance "
		    "(p = %1$s after adjusting for %2$s question).",
		    "unlikely to be chance (p = %1$s after adjusting for %2$s "
		    "questions).", (unsigned long)tested), pa, nt);
	}
	/* TRANSLATORS: the parts of the sentence above: who said what, the
	 * difference, its interval, whether it could be chance. */
	(void)gd_buf_addf(b, _("%1$s: %2$s, %3$s; %4$s"), part[0], part[1],
	    part[2], part[3]);
	if (json_is_false(json_object_get(rec, "holds")))
		(void)gd_buf_addf(b, " %s", _("With each campaign counted as "
		    "one voice, the difference could be chance."));
	else if (json_is_true(json_object_get(rec, "holds")))
		(void)gd_buf_addf(b, " %s", _("It holds with each campaign "
		    "counted as one voice."));
	return 0;
}

/* The groups of a record, "by\0a\0b", to tell pairs apart. */
static int
same_pair(json_t *x, json_t *y)
{
	json_t *gx = json_object_get(x, "groups"), *gy = json_object_get(y,
	    "groups");

	return json_equal(json_object_get(x, "by"), json_object_get(y, "by")) &&
	    json_equal(gx, gy);
}

struct ranked {
	json_t *rec;
	double size;
	size_t order;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The Likert sentence: mean scores, and net agreement. */
static void
likert_para(struct pub_doc *d, json_t *rec, const char *ga,
    const char *gb)
{
	json_t *l = json_object_get(rec, "likert"), *m, *ci, *net;
	char lo[32], hi[32], m1[32], m2[32], dm[32], part[3][512];
	char line[1600];
	double md;

	if (l == NULL || (m = json_object_get(l, "mean")) == NULL)
		return;
	md = json_number_value(json_object_get(l, "mean_diff"));
	ci = json_object_get(l, "mean_ci");
	net = json_object_get(l, "net");
	gd_i18n_num(m1, sizeof(m1), json_number_value(json_array_get(m, 0)), 2,
	    0);
	gd_i18n_num(m2, sizeof(m2), json_number_value(json_array_get(m, 1)), 2,
	    0);
	gd_i18n_num(dm, sizeof(dm), fabs(md), 2, 0);
	snprintf(part[0], sizeof(part[0]), _("On the scale of 1 (strongly "
	    "disagree) to 5 (strongly agree), the mean is %1$s for %2$s and "
	    "%3$s for %4$s"), m1, ga, m2, gb);
	/* TRANSLATORS: how far apart two mean scores are ("0.42 lower"). */
	if (md < 0)
		snprintf(part[1], sizeof(part[1]), _("%s lower"), dm);
	else if (md > 0)
		snprintf(part[1], sizeof(part[1]), _("%s higher"), dm);
	else
		snprintf(part[1], sizeof(part[1]), _("%s apart"), dm);
	if (json_is_array(ci)) {
		gd_i18n_num(lo, sizeof(lo), json_number_value(json_array_get(ci,
		    0)), 2, GD_NUM_SIGN);
		gd_i18n_num(hi, sizeof(hi), json_number_value(json_array_get(ci,
		    1)), 2, GD_NUM_SIGN);
		snprintf(part[2], sizeof(part[2]), _("95%% CI %1$s to %2$s"), lo,
		    hi);
		snprintf(line, sizeof(line), _("%1$s: %2$s, %3$s."), part[0],
		    part[1], part[2]);
	} else
		snprintf(line, sizeof(line), _("%1$s: %2$s."), part[0],
		    part[1]);
	gd_i18n_num(lo, sizeof(lo), json_number_value(json_array_get(net, 0)) *
	    100, 0, GD_NUM_SIGN);
	gd_i18n_num(hi, sizeof(hi), json_number_value(json_array_get(net, 1)) *
	    100, 0, GD_NUM_SIGN);
	snprintf(line + strlen(line), sizeof(line) - strlen(line), " ");
	snprintf(line + strlen(line), sizeof(line) - strlen(line),
	    _("Net agreement (agree less disagree) is %1$s and %2$s points."),
	    lo, hi);
	pub_doc_para(d, line);
}

/* One question of the section: its sentence, n, chart and table. */
static void
one_question(struct pub_doc *d, json_t *rec, size_t tested,
    const char *title)
{
	json_t *groups = json_object_get(rec, "groups"), *n, *a;
	const char *by = json_string_value(json_object_get(rec, "by"));
	char ga[128], gb[128], ta[128], tb[128], line[1024], id[32];
	const char *heads[5];
	static const int num[5] = { 0, 1, 1, 1, 1 };
	struct gd_buf s;
	size_t na, i;

	group_name(ga, sizeof(ga), by, json_string_value(json_array_get(groups,
	    0)));
	group_name(gb, sizeof(gb), by, json_string_value(json_array_get(groups,
	    1)));
	group_title(ta, sizeof(ta), by, json_string_value(json_array_get(groups,
	    0)));
	group_title(tb, sizeof(tb), by, json_string_value(json_array_get(groups,
	    1)));
	pub_doc_heading(d, 4, NULL, title);
	gd_buf_init(&s, 0);
	if (sentence(&s, rec, tested) == 0 && s.data) {
		/* A sentence of its own begins with a capital ("El 71 %"). */
		if (s.data[0] >= 'a' && s.data[0] <= 'z')
			s.data[0] = (char)(s.data[0] - 'a' + 'A');
		pub_doc_para(d, s.data);
	}
	gd_buf_release(&s);
	n = json_object_get(rec, "n");
	{
		char ca[32], cb[32];

		gd_i18n_int(ca, sizeof(ca), (long long)json_integer_value(
		    json_array_get(n, 0)));
		gd_i18n_int(cb, sizeof(cb), (long long)json_integer_value(
		    json_array_get(n, 1)));
		/* TRANSLATORS: the groups compared, each with how many of
		 * them answered the question. */
		snprintf(line, sizeof(line), _("Answered: %1$s (%2$s) and %3$s "
		    "(%4$s)."), ga, ca, gb, cb);
	}
	pub_doc_para(d, line);
	likert_para(d, rec, ga, gb);
	na = json_array_size(json_object_get(rec, "answers"));
	if (pub_doc_charts(d) && na > 0) {
		const char **labels = calloc(na, sizeof(*labels));
		const char **texts = calloc(na, sizeof(*texts));
		double *est = calloc(na, sizeof(*est)), *lo = calloc(na,
		    sizeof(*lo)), *hi = calloc(na, sizeof(*hi));
		char (*tx)[16] = calloc(na, sizeof(*tx));

		if (!labels || !texts || !est || !lo || !hi || !tx)
			d->oom = 1;
		else {
			json_array_foreach(json_object_get(rec, "answers"), i,
			    a) {
				json_t *ci = json_object_get(a, "ci");

				labels[i] = json_string_value(json_object_get(a,
				    "answer"));
				est[i] = json_number_value(json_object_get(a,
				    "diff"));
				lo[i] = json_number_value(json_array_get(ci, 0));
				hi[i] = json_number_value(json_array_get(ci, 1));
				pts(tx[i], sizeof(tx[i]), est[i]);
				texts[i] = tx[i];
			}
			snprintf(line, sizeof(line), _("%1$s (difference in "
			    "points, %2$s less %3$s, with 95%% intervals)"),
			    title, ta, tb);
			gd_buf_reset(&d->tmp);
			if (gd_svg_intervals(&d->tmp, pub_doc_chart_id(d, id,
			    sizeof(id)), line, na, labels, est, lo, hi, texts) ==
			    -1)
				d->oom = 1;
			pub_doc_chart(d, &d->tmp);
		}
		free(labels);
		free(texts);
		free(est);
		free(lo);
		free(hi);
		free(tx);
	}
	heads[0] = _("Answer");
	heads[1] = ta;
	heads[2] = tb;
	heads[3] = _("Difference (points)");
	/* xgettext:no-c-format */
	heads[4] = _("95% CI");
	pub_doc_table_open(d, _("Shares of each group's answers"), 5, heads,
	    num);
	json_array_foreach(json_object_get(rec, "answers"), i, a) {
		json_t *sh = json_object_get(a, "share"), *ci =
		    json_object_get(a, "ci");
		char c1[32], c2[32], c3[16], lo[16], hi[16], c4[64];
		const char *row[5];

		gd_i18n_pct(c1, sizeof(c1), json_number_value(json_array_get(sh,
		    0)) * 100, 1);
		gd_i18n_pct(c2, sizeof(c2), json_number_value(json_array_get(sh,
		    1)) * 100, 1);
		pts(c3, sizeof(c3), json_number_value(json_object_get(a,
		    "diff")));
		pts(lo, sizeof(lo), json_number_value(json_array_get(ci, 0)));
		pts(hi, sizeof(hi), json_number_value(json_array_get(ci, 1)));
		/* TRANSLATORS: an interval, from one number to another. */
		snprintf(c4, sizeof(c4), _("%1$s to %2$s"), lo, hi);
		row[0] = json_string_value(json_object_get(a, "answer"));
		row[1] = c1;
		row[2] = c2;
		row[3] = c3;
		row[4] = c4;
		pub_doc_table_row(d, 5, row, num);
	}
	pub_doc_table_close(d);
}

/* A pair of numbers. */
static int
is_pair(json_t *v, int integers)
{
	return json_is_array(v) && json_array_size(v) == 2 && (integers ?
	    json_is_integer(json_array_get(v, 0)) &&
	    json_is_integer(json_array_get(v, 1)) :
	    json_is_number(json_array_get(v, 0)) &&
	    json_is_number(json_array_get(v, 1)));
}

int
pub_compare_valid(json_t *rec)
{
	json_t *g = json_object_get(rec, "groups"), *a, *l;
	size_t i;

	if (!json_is_string(json_object_get(rec, "question")) ||
	    !json_is_string(json_object_get(rec, "by")) ||
	    !json_is_array(g) || json_array_size(g) != 2 ||
	    !json_is_string(json_array_get(g, 0)) ||
	    !json_is_string(json_array_get(g, 1)))
		return 0;
	if (json_object_get(rec, "withheld"))
		return json_is_string(json_object_get(rec, "withheld"));
	if (!is_pair(json_object_get(rec, "n"), 1) ||
	    !json_is_array(json_object_get(rec, "answers")))
		return 0;
	json_array_foreach(json_object_get(rec, "answers"), i, a)
		if (!json_is_string(json_object_get(a, "answer")) ||
		    !is_pair(json_object_get(a, "share"), 0) ||
		    !json_is_number(json_object_get(a, "diff")) ||
		    !is_pair(json_object_get(a, "ci"), 0))
			return 0;
	if ((l = json_object_get(rec, "likert")) != NULL &&
	    (!json_is_object(l) || (json_object_get(l, "mean") &&
	    (!is_pair(json_object_get(l, "mean"), 0) ||
	    !is_pair(json_object_get(l, "net"), 0) ||
	    !json_is_number(json_object_get(l, "mean_diff"))))))
		return 0;
	return 1;
}

void
pub_compare_section(struct pub_doc *d, struct gd_pub *p,
    void (*qtitle)(struct gd_pub *, const char *, char *, size_t))
{
	json_t *first, *r, *done;
	size_t i, j, nr, tested, nw;
	struct ranked *rk;
	char ga[128], gb[128], head[1024], title[400];
	struct gd_buf w;

	if ((done = json_array()) == NULL) {
		d->oom = 1;
		return;
	}
	json_array_foreach(p->compare, i, first) {
		const char *by = json_string_value(json_object_get(first, "by"));
		json_t *g = json_object_get(first, "groups");

		/* Each pair of groups once, at its first record. */
		for (j = 0; j < json_array_size(done); j++)
			if (same_pair(json_array_get(done, j), first))
				break;
		if (j < json_array_size(done))
			continue;
		if (json_array_append(done, first) == -1)
			d->oom = 1;
		group_name(ga, sizeof(ga), by, json_string_value(
		    json_array_get(g, 0)));
		group_name(gb, sizeof(gb), by, json_string_value(
		    json_array_get(g, 1)));
		snprintf(head, sizeof(head), _("Where %1$s and %2$s differ"), ga,
		    gb);
		pub_doc_heading(d, 3, by && strcmp(by, "respondent.type") == 0 &&
		    strcmp(json_string_value(json_array_get(g, 0)),
		    "public_employee") == 0 && strcmp(json_string_value(
		    json_array_get(g, 1)), "citizen") == 0 ? "differ" : NULL,
		    head);
		if ((rk = calloc(json_array_size(p->compare) + 1,
		    sizeof(*rk))) == NULL) {
			d->oom = 1;
			break;
		}
		nr = tested = 0;
		gd_buf_init(&w, 0);
		nw = 0;
		json_array_foreach(p->compare, j, r) {
			if (!same_pair(r, first))
				continue;
			if (json_object_get(r, "withheld")) {
				/* Named by id ("Q1"): the titles are above. */
				const char *q = json_string_value(
				    json_object_get(r, "question"));

				if (strncmp(q, "answers.", 8) == 0)
					q += 8;
				snprintf(title, sizeof(title), "%s", q);
				title[0] = (char)toupper((unsigned char)title[0]);
				(void)gd_buf_addf(&w, "%s%s", nw++ ?
				    C_("list", ", ") : "", title);
				continue;
			}
			tested += json_is_number(json_object_get(r, "p"));
			rk[nr].rec = r;
			rk[nr].order = j;
			if (largest(r, &rk[nr].size) == NULL)
				continue;
			nr++;
		}
		if (nr > 1)
			qsort(rk, nr, sizeof(*rk), ranked_cmp);
		{
			char nt[32];

			gd_i18n_int(nt, sizeof(nt), (long long)tested);
			snprintf(head, sizeof(head), gd_ntr("Each question's "
			    "answers of %1$s and of %2$s, the largest "
			    "difference first. A difference is in percentage "
			    "points, with its 95%% confidence interval (the "
			    "range of differences the answers are consistent "
			    "with). Whether the answers as a whole could differ "
			    "by chance is tested for each question (Fisher's "
			    "exact test, or chi-square for larger numbers), "
			    "allowing for the %3$s question tested (Holm's "
			    "method).", "Each question's answers of %1$s and of "
			    "%2$s, the largest difference first. A difference "
			    "is in percentage points, with its 95%% confidence "
			    "interval (the range of differences the answers are "
			    "consistent with). Whether the answers as a whole "
			    "could differ by chance is tested for each question "
			    "(Fisher's exact test, or chi-square for larger "
			    "numbers), allowing for the %3$s questions tested "
			    "(Holm's method).", (unsigned long)tested), ga, gb,
			    nt);
		}
		if (nr > 0)
			pub_doc_para(d, head);
		if (nr == 0)
			pub_doc_para(d, _("No question was answered by both "
			    "groups in numbers that can be published."));
		for (j = 0; j < nr; j++) {
			qtitle(p, json_string_value(json_object_get(rk[j].rec,
			    "question")), title, sizeof(title));
			one_question(d, rk[j].rec, tested, title);
		}
		if (nw > 0 && w.data) {
			snprintf(head, sizeof(head), _("Not compared, as a "
			    "group's answers were too few to publish or missing: "
			    "%s."), w.data);
			pub_doc_para(d, head);
		}
		gd_buf_release(&w);
		free(rk);
	}
	json_decref(done);
}

void
pub_compare_gap(struct pub_doc *d, struct gd_pub *p, const char *field)
{
	json_t *r;
	size_t i, tested;
	struct gd_buf s;

	json_array_foreach(p->compare, i, r) {
		const char *q = json_string_value(json_object_get(r, "question"));
		json_t *x;
		size_t j;

		if (q == NULL || strcmp(q, field) != 0 || json_object_get(r,
		    "withheld"))
			continue;
		tested = 0;
		json_array_foreach(p->compare, j, x)
			tested += same_pair(x, r) && json_is_number(
			    json_object_get(x, "p"));
		gd_buf_init(&s, 0);
		if (sentence(&s, r, tested) == 0 && s.data) {
			char line[2048];

			/* TRANSLATORS: under a question's table: the
			 * difference between the groups, as a sentence. */
			snprintf(line, sizeof(line), _("Gap: %s"), s.data);
			pub_doc_para(d, line);
		}
		gd_buf_release(&s);
	}
}
