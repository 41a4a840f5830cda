/*
 * pub_report.c - what the report of a publication says, in Markdown or
 * as one self-contained HTML page: We asked (the questions), You said
 * (who responded, the answers by respondent type, Likert summaries,
 * themes, campaigns, quotes), We did (the government's replies).
 *
 * One walk over the publication writes both formats through the
 * document writer (pub_doc.c: headings, paragraphs, tables, quotes,
 * charts), which escapes everything taken from the records for the
 * format; this file writes no markup of its own.  Charts are drawn by
 * pub_svg.c, in HTML only, each followed by the table of its data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "gd/gd.h"
#include "gd/i18n.h"
#include "gd/svg.h"
#include "pub_int.h"
#include "gd/banned.h"

#define MAX_COLS 64		/* answers shown as columns of a table */

/* ---- Figures ---- */

/* Every number for readers is written as the language writes it
 * (lib/i18n.c); "withheld" stands for a count too small to publish. */
static void
fmt_count(char *dst, size_t n, json_t *v)
{
	if (json_is_integer(v))
		gd_i18n_int(dst, n, (long long)json_integer_value(v));
	else
		snprintf(dst, n, "%s", C_("a count", "withheld"));
}

static void
fmt_share(char *dst, size_t n, json_t *v)
{
	if (json_is_number(v))
		gd_i18n_pct(dst, n, json_number_value(v) * 100, 1);
	else
		snprintf(dst, n, "%s", "\xE2\x80\x93");	/* en dash */
}

static void
fmt_cell(char *dst, size_t n, json_t *count, json_t *share)
{
	char a[32], b[32];

	if (!json_is_integer(count)) {
		snprintf(dst, n, "%s", C_("a count", "withheld"));
		return;
	}
	fmt_count(a, sizeof(a), count);
	fmt_share(b, sizeof(b), share);
	if ((size_t)snprintf(dst, n, "%s (%s)", a, b) >= n)
		dst[n - 1] = '\0';
}

/* A date or time of the records, for readers; "(no date)" for none. */
static const char *
fmt_date(char *dst, size_t n, const char *iso)
{
	if (iso == NULL)
		return _("(no date)");
	return gd_i18n_date(dst, n, iso);
}

/* Whether rec's "by" is exactly [a] (b NULL) or [a, b]. */
static int
by_is(json_t *rec, const char *a, const char *b)
{
	json_t *by = json_object_get(rec, "by");
	const char *x = json_string_value(json_array_get(by, 0));
	const char *y = json_string_value(json_array_get(by, 1));

	if (json_array_size(by) != (b ? 2u : 1u) || x == NULL ||
	    strcmp(x, a) != 0)
		return 0;
	return b == NULL || (y && strcmp(y, b) == 0);
}

static const char *
key_str(json_t *rec, size_t i)
{
	const char *s = json_string_value(json_array_get(json_object_get(rec,
	    "key"), i));

	return s ? s : _("(no answer)");
}

static int
str_cmp_nat(const void *a, const void *b)
{
	return pub_natural_cmp(*(const char *const *)a,
	    *(const char *const *)b);
}

/*
 * Adds s to a list of distinct strings (borrowed), unless the set seen
 * (a JSON object used for its keys) has it: linear in the list, however
 * long it grows.  seen NULL: s is known to be new (an object's key).
 */
static int
list_add(const char ***list, size_t *n, json_t *seen, const char *s)
{
	const char **l = *list;

	if (seen && json_object_get(seen, s))
		return 0;
	if (seen && json_object_set_new(seen, s, json_true()) == -1)
		return -1;
	/* Room for 4, then doubled whenever n reaches a power of two. */
	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
		if ((l = realloc(*list, (*n ? *n * 2 : 4) * sizeof(*l))) ==
		    NULL)
			return -1;
		*list = l;
	}
	l[(*n)++] = s;
	return 0;
}

/*
 * The counts of each question, found once: field -> {"t": the tally
 * records whose last field it is, "s": its scale records}, so that a
 * report of many questions looks at each count once, not once a question.
 */
static json_t *
question_index(struct gd_pub *p)
{
	json_t *idx = json_object(), *r, *by, *e, *a;
	const char *f, *part;
	size_t i, t;

	if (idx == NULL)
		return NULL;
	for (t = 0; t < 2; t++)
		json_array_foreach(p->agg[t ? TB_SCALES : TB_TALLIES], i, r) {
			by = json_object_get(r, "by");
			f = t ? json_string_value(json_object_get(r, "question")) :
			    json_string_value(json_array_get(by,
			    json_array_size(by) - 1));
			if (f == NULL || strncmp(f, "answers.", 8) != 0)
				continue;
			part = t ? "s" : "t";
			if ((e = json_object_get(idx, f)) == NULL &&
			    ((e = json_pack("{s:[], s:[]}", "t", "s")) == NULL ||
			    json_object_set_new(idx, f, e) == -1))
				goto oom;
			a = json_object_get(e, part);
			if (json_array_append(a, r) == -1)
				goto oom;
		}
	return idx;
oom:
	json_decref(idx);
	return NULL;
}

/* The question fields counted, in natural order ("answers.q2" < q10). */
static int
questions(struct gd_pub *p, json_t *idx, const char ***out, size_t *n)
{
	json_t *qs, *v, *seen = json_object();
	const char *k;
	char field[300];
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (seen == NULL)
		return -1;
	json_object_foreach(idx, k, v)
		if (list_add(out, n, seen, k) == -1)
			goto out;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), str_cmp_nat);
	/* Questions the replies name that nothing counted come after. */
	qs = json_object_get(p->replies, "questions");
	json_object_foreach(qs, k, v) {
		snprintf(field, sizeof(field), "answers.%s", k);
		if (json_object_get(idx, field) == NULL &&
		    list_add(out, n, seen, k) == -1)
			goto out;
	}
	rc = 0;
out:
	json_decref(seen);
	return rc;
}

/* "answers.q1" -> "q1"; a replies-only id stays as it is. */
static const char *
qid(const char *field)
{
	return strncmp(field, "answers.", 8) == 0 ? field + 8 : field;
}

/*
 * A question's text: the replies' own, else the export's header (the
 * questions record of gd-ingest), without the id it may start with ("Q1
 * Do the three..." for q1); NULL when neither has one.
 */
static const char *
qtext(struct gd_pub *p, const char *field)
{
	const char *t = json_string_value(json_object_get(pub_reply_for(
	    p->replies, "questions", qid(field)), "text"));
	const char *id = qid(field), *s;
	size_t n = strlen(id);

	if (t != NULL)
		return t;
	if ((t = json_string_value(json_object_get(p->questions, field))) ==
	    NULL || n == 0)
		return t;
	if (strncasecmp(t, id, n) == 0 && strchr(" .:)-", t[n]) != NULL &&
	    t[n] != '\0') {
		for (s = t + n; *s && strchr(" .:)-", *s); s++)
			;
		if (*s)
			return s;
	}
	return t;
}

/* "Q1: the question's text", or the id alone. */
static void
qtitle(struct gd_pub *p, const char *field, char *dst, size_t n)
{
	const char *id = qid(field), *t = qtext(p, field);

	if (t)
		/* TRANSLATORS: a question's id ("Q1") and its text. */
		snprintf(dst, n, C_("question", "%s: %s"), id, t);
	else
		snprintf(dst, n, "%s", id);
	if (dst[0] >= 'a' && dst[0] <= 'z')
		dst[0] = (char)(dst[0] - 'a' + 'A');
}

/*
 * A table of one summary count by a canonical value (by_consent,
 * by_moderation), each value named for readers by names (value, name
 * pairs, ended by NULL; a value not there as written).  Nothing when the
 * count is absent or empty.
 */
static void
count_table(struct pub_doc *d, json_t *by, const char *title,
    const char *heading, const char *const names[][2])
{
	const char *h2[] = { heading, _("Responses") };
	const int n2[] = { 0, 1 };
	const char *k;
	json_t *v;
	size_t i;

	if (json_object_size(by) == 0)
		return;
	pub_doc_table_open(d, title, 2, h2, n2);
	json_object_foreach(by, k, v) {
		char c[32];
		const char *row[2];

		fmt_count(c, sizeof(c), v);
		row[0] = k;
		for (i = 0; names[i][0]; i++)
			if (strcmp(k, names[i][0]) == 0)
				row[0] = _(names[i][1]);
		row[1] = c;
		pub_doc_table_row(d, 2, row, n2);
	}
	pub_doc_table_close(d);
}

/* ---- Sections ---- */

/*
 * How many responses were received, and for a publication how many are
 * published and why the others are not: every figure counts them all.
 */
static void
received_para(struct pub_doc *d, json_t *s)
{
	json_t *un = json_object_get(s, "unpublished"), *v;
	json_t *pubd = json_object_get(s, "published");
	long long all = json_integer_value(json_object_get(s, "responses"));
	long long np = json_integer_value(pubd), rest = all - np;
	struct gd_buf b;
	const char *k;
	char c[32], c2[32];
	size_t n = 0;
	int rc = 0;

	gd_buf_init(&b, 0);
	gd_i18n_int(c, sizeof(c), all);
	if (json_is_integer(json_object_get(s, "respondents"))) {
		gd_i18n_int(c2, sizeof(c2), (long long)json_integer_value(
		    json_object_get(s, "respondents")));
		rc |= gd_buf_addf(&b, gd_ntr("%1$s response was received from "
		    "%2$s distinct respondents.", "%1$s responses were received "
		    "from %2$s distinct respondents.", (unsigned long)all), c,
		    c2);
	} else
		rc |= gd_buf_addf(&b, gd_ntr("%s response was received.",
		    "%s responses were received.", (unsigned long)all), c);
	if (json_is_integer(pubd) && np < all) {
		gd_i18n_int(c, sizeof(c), np);
		gd_i18n_int(c2, sizeof(c2), rest);
		rc |= gd_buf_adds(&b, " ");
		rc |= gd_buf_addf(&b, gd_ntr("%s is published here.",
		    "%s are published here.", (unsigned long)np), c);
		rc |= gd_buf_adds(&b, " ");
		rc |= gd_buf_addf(&b, gd_ntr("The other %s is not published, "
		    "but it is counted in every figure",
		    "The other %s are not published, but they are counted in "
		    "every figure", (unsigned long)rest), c2);
		json_object_foreach(un, k, v) {
			if (json_is_integer(v))
				fmt_count(c, sizeof(c), v);
			else	/* withheld: a small count */
				snprintf(c, sizeof(c), "%s", _("a few"));
			/* TRANSLATORS: the list of reasons opens with ": " and
			 * goes on with ", ". */
			rc |= gd_buf_adds(&b, n++ ? C_("list", ", ") :
			    C_("list", ": "));
			/* TRANSLATORS: why responses are not published, after
			 * their number ("12 withheld at the respondent's
			 * request"). */
			if (strcmp(k, "withheld") == 0)
				rc |= gd_buf_addf(&b, _("%s withheld at the "
				    "respondent's request"), c);
			else if (strcmp(k, "consent_unknown") == 0)
				rc |= gd_buf_addf(&b, _("%s whose consent to "
				    "publication is not known"), c);
			else if (strcmp(k, "moderated") == 0)
				rc |= gd_buf_addf(&b, _("%s moderated out on the "
				    "platform"), c);
			else
				rc |= gd_buf_addf(&b, "%s %s", c, k);
		}
		rc |= gd_buf_adds(&b, ".");
	} else if (json_is_integer(pubd)) {
		rc |= gd_buf_adds(&b, " ");
		rc |= gd_buf_adds(&b, gd_ntr("It is published here.",
		    "All of them are published here.", (unsigned long)all));
	}
	if (rc)
		d->oom = 1;
	if (b.data)
		pub_doc_para(d, b.data);
	gd_buf_release(&b);
}

static void
who_responded(struct pub_doc *d, struct gd_pub *p)
{
	json_t *s = p->summary, *bt, *v, *resp;
	const char *k, **types = NULL;
	const char *heads[] = { _("Respondent type"), _("Responses"),
	    _("Share") };
	const int num[] = { 0, 1, 1 };
	const char **labels = NULL, **texts = NULL;
	char (*cells)[2][48] = NULL, id[32];
	double *vals = NULL, total;
	size_t i, n = 0;

	pub_doc_heading(d, 3, "who", _("Who responded"));
	if (s == NULL) {
		pub_doc_para(d, _("The stream has no summary of gd-tally: run "
		    "gd-tally --with-records before gd-publish for counts."));
		return;
	}
	resp = json_object_get(s, "responses");
	total = json_is_integer(resp) ? (double)json_integer_value(resp) : 0;
	received_para(d, s);
	bt = json_object_get(s, "by_type");
	json_object_foreach(bt, k, v)
		if (list_add(&types, &n, NULL, k) == -1)
			d->oom = 1;
	if (n > 1)
		qsort(types, n, sizeof(*types), pub_type_cmp);
	labels = calloc(n + 1, sizeof(*labels));
	texts = calloc(n + 1, sizeof(*texts));
	vals = calloc(n + 1, sizeof(*vals));
	cells = calloc(n + 1, sizeof(*cells));
	if (!labels || !texts || !vals || !cells) {
		d->oom = 1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		v = json_object_get(bt, types[i]);
		labels[i] = pub_type_label(types[i]);
		fmt_count(cells[i][0], sizeof(cells[i][0]), v);
		if (json_is_integer(v) && total > 0) {
			json_t *sh = json_real((double)json_integer_value(v) /
			    total);

			fmt_share(cells[i][1], sizeof(cells[i][1]), sh);
			json_decref(sh);
			vals[i] = (double)json_integer_value(v);
		} else {
			fmt_share(cells[i][1], sizeof(cells[i][1]), NULL);
			vals[i] = json_is_integer(v) ? 0 : GD_SVG_WITHHELD;
		}
		texts[i] = cells[i][0];
	}
	if (pub_doc_charts(d) && n > 0) {
		gd_buf_reset(&d->tmp);
		if (gd_svg_bars(&d->tmp, pub_doc_chart_id(d, id, sizeof(id)),
		    _("Responses by respondent type"), n, labels, vals, texts) ==
		    -1)
			d->oom = 1;
		pub_doc_chart(d, &d->tmp);
	}
	pub_doc_table_open(d, _("Responses by respondent type"), 3, heads,
	    num);
	for (i = 0; i < n; i++) {
		const char *row[3] = { labels[i], cells[i][0], cells[i][1] };

		pub_doc_table_row(d, 3, row, num);
	}
	pub_doc_table_close(d);
	{
		static const char *const consent[][2] = {
			{ "named", N_("Published with name") },
			{ "anonymous", N_("Published anonymously") },
			{ "withheld", N_("Not published") },
			{ "unknown", N_("Not stated") }, { NULL, NULL } };
		/* Present when the platform moderates: what its moderators
		 * did with the responses counted (rejected ones are here only
		 * when they were published on purpose, gd-redact
		 * --include-moderated). */
		static const char *const moderation[][2] = {
			{ "accepted", N_("Accepted") },
			{ "pending", N_("Awaiting moderation") },
			{ "rejected", N_("Rejected by a moderator") },
			{ "retired", N_("Withdrawn by its author") },
			{ NULL, NULL } };

		count_table(d, json_object_get(s, "by_consent"),
		    _("Responses by consent"), _("Consent to publication"),
		    consent);
		count_table(d, json_object_get(s, "by_moderation"),
		    _("Responses by moderation"), _("Moderation on the platform"),
		    moderation);
	}
out:
	free(types);
	free(labels);
	free(texts);
	free(vals);
	free(cells);
}

/* The answers of a question overall, and by respondent type or voice. */
/*
 * A Likert question (one gd-tally summarised on a scale) whose answers
 * are all on the default scale: its answers are put in scale order,
 * strongly disagree first and answers off the scale last, and scores[k]
 * set for the colours.  Returns 1 then, else 0 (answers as counted).
 */
static int
scale_order(json_t *scales, const char **answers, size_t na, int *scores)
{
	size_t k, j;
	int sc;

	if (json_array_size(scales) == 0)
		return 0;
	for (k = 0; k < na; k++)
		if ((scores[k] = gd_likert_default_score(answers[k],
		    strlen(answers[k]))) < 0)
			return 0;
	/* Insertion sort, stable: off the scale (0) last. */
	for (k = 1; k < na; k++)
		for (j = k; j > 0 && (scores[j - 1] == 0 ? 6 : scores[j - 1]) >
		    (scores[j] == 0 ? 6 : scores[j]); j--) {
			const char *ta = answers[j];

			sc = scores[j];
			answers[j] = answers[j - 1];
			scores[j] = scores[j - 1];
			answers[j - 1] = ta;
			scores[j - 1] = sc;
		}
	return 1;
}

static void
question_results(struct pub_doc *d, struct gd_pub *p, const char *field,
    json_t *tallies, json_t *scales)
{
	json_t *r, *row_of, *seen_a = json_object(), *seen_g = json_object();
	const char **answers = NULL, **groups = NULL, *g;
	size_t na = 0, ng = 0, i, j, k;
	const char *heads[MAX_COLS + 2];
	int num[MAX_COLS + 2];
	char (*cells)[64] = NULL, id[32], cap[300], (*ns)[72] = NULL;
	const char **rowp = NULL, *colours[MAX_COLS], **nsp = NULL;
	double *shares = NULL;
	const char *dim = NULL;
	int scores[MAX_COLS], likert;

	if (seen_a == NULL || seen_g == NULL)
		d->oom = 1;
	/* The answers, in the order of the overall counts. */
	json_array_foreach(tallies, i, r)
		if (by_is(r, field, NULL) && list_add(&answers, &na, seen_a,
		    key_str(r, 0)) == -1)
			d->oom = 1;
	json_array_foreach(tallies, i, r) {
		if (by_is(r, "respondent.type", field) ||
		    by_is(r, "voice", field)) {
			dim = json_string_value(json_array_get(json_object_get(r,
			    "by"), 0));
			if (list_add(&answers, &na, seen_a, key_str(r, 1)) ==
			    -1 || list_add(&groups, &ng, seen_g, key_str(r, 0)) ==
			    -1)
				d->oom = 1;
		}
	}
	if (na > MAX_COLS)
		na = MAX_COLS;
	if (na == 0)
		goto out;
	likert = scale_order(scales, answers, na, scores);
	for (k = 0; k < na; k++)
		colours[k] = likert ? gd_svg_scale[scores[k]] :
		    gd_svg_palette[k % 8];
	if (ng > 1 && dim && strcmp(dim, "respondent.type") == 0)
		qsort(groups, ng, sizeof(*groups), pub_type_cmp);

	/* Overall: answer, responses, share; in scale order when the
	 * answers are on a scale. */
	{
		const char *h[] = { _("Answer"), _("Responses"), _("Share") };
		const int nm[] = { 0, 1, 1 };

		pub_doc_table_open(d, _("All responses"), 3, h, nm);
		for (k = 0; k < na; k++)
		json_array_foreach(tallies, i, r) {
			char c1[32], c2[32];
			const char *row[3];

			if (!by_is(r, field, NULL) ||
			    strcmp(key_str(r, 0), answers[k]) != 0)
				continue;
			fmt_count(c1, sizeof(c1), json_object_get(r, "n"));
			fmt_share(c2, sizeof(c2), json_object_get(r, "share"));
			row[0] = key_str(r, 0);
			row[1] = c1;
			row[2] = c2;
			pub_doc_table_row(d, 3, row, nm);
		}
		pub_doc_table_close(d);
	}
	if (ng == 0)
		goto out;

	/* By group: a stacked chart of shares, and its table. */
	cells = calloc((ng + 1) * (na + 2), sizeof(*cells));
	rowp = calloc(na + 2, sizeof(*rowp));
	shares = calloc((ng + 1) * na, sizeof(*shares));
	ns = calloc(ng + 1, sizeof(*ns));
	nsp = calloc(ng + 1, sizeof(*nsp));
	if (!cells || !rowp || !shares || !ns || !nsp) {
		d->oom = 1;
		goto out;
	}
	{
		const char **labels = calloc(ng + 1, sizeof(*labels));

		if (labels == NULL) {
			d->oom = 1;
			goto out;
		}
		for (j = 0; j < ng + 1; j++) {
			int withheld = 0;

			g = j == 0 ? NULL : groups[j - 1];
			labels[j] = g == NULL ? _("All responses") :
			    strcmp(dim, "respondent.type") == 0 ?
			    pub_type_label(g) : strcmp(g, "individual") == 0 ?
			    _("Individual responses") : strcmp(g, "campaign") ==
			    0 ? _("Campaign responses") : g;
			row_of = NULL;
			for (k = 0; k < na; k++) {
				json_t *hit = NULL;

				json_array_foreach(tallies, i, r) {
					if (g == NULL ? !by_is(r, field, NULL) :
					    !by_is(r, dim, field) ||
					    strcmp(key_str(r, 0), g) != 0)
						continue;
					if (strcmp(key_str(r, g ? 1 : 0),
					    answers[k]) == 0)
						hit = r;
					row_of = r;
				}
				if (hit && !json_is_integer(json_object_get(hit,
				    "n")))
					withheld = 1;
				shares[j * na + k] = hit ? json_number_value(
				    json_object_get(hit, "share")) : 0;
				if (hit)
					fmt_cell(cells[j * (na + 2) + k + 1], 64,
					    json_object_get(hit, "n"),
					    json_object_get(hit, "share"));
				else
					snprintf(cells[j * (na + 2) + k + 1], 64,
					    "0");
			}
			if (row_of && !json_is_integer(json_object_get(row_of,
			    "of")))
				withheld = 1;
			if (withheld)
				shares[j * na] = GD_SVG_WITHHELD;
			fmt_count(cells[j * (na + 2) + na + 1], 64, row_of ?
			    json_object_get(row_of, "of") : NULL);
			snprintf(ns[j], sizeof(ns[j]), "n = %s",
			    cells[j * (na + 2) + na + 1]);
			nsp[j] = ns[j];
		}
		if (pub_doc_charts(d)) {
			if (strcmp(dim, "voice") == 0)
				snprintf(cap, sizeof(cap), _("%s: answers by "
				    "individual or campaign response"),
				    qid(field));
			else
				snprintf(cap, sizeof(cap), _("%s: answers by "
				    "respondent type"), qid(field));
			gd_buf_reset(&d->tmp);
			if (gd_svg_stacked(&d->tmp, pub_doc_chart_id(d, id,
			    sizeof(id)), cap, ng + 1, labels, nsp, na, answers,
			    colours, shares) == -1)
				d->oom = 1;
			pub_doc_chart(d, &d->tmp);
		}
		heads[0] = strcmp(dim, "voice") == 0 ? _("Responses") :
		    _("Respondent type");
		num[0] = 0;
		for (k = 0; k < na; k++) {
			heads[k + 1] = answers[k];
			num[k + 1] = 1;
		}
		heads[na + 1] = _("Answered");
		num[na + 1] = 1;
		pub_doc_table_open(d, strcmp(dim, "voice") == 0 ?
		    _("Individual and campaign responses") :
		    _("By respondent type"), na + 2, heads, num);
		for (j = 0; j < ng + 1; j++) {
			rowp[0] = labels[j];
			for (k = 0; k < na + 1; k++)
				rowp[k + 1] = cells[j * (na + 2) + k + 1];
			pub_doc_table_row(d, na + 2, rowp, num);
		}
		pub_doc_table_close(d);
		free(labels);
	}
out:
	json_decref(seen_a);
	json_decref(seen_g);
	free(answers);
	free(groups);
	free(cells);
	free(rowp);
	free(shares);
	free(ns);
	free(nsp);
}

/* Whether scale row a goes before b: overall first, then by type. */
static int
scale_before(json_t *a, json_t *b)
{
	size_t na = json_array_size(json_object_get(a, "by"));
	size_t nb = json_array_size(json_object_get(b, "by"));
	const char *ka, *kb;

	if (na != nb)
		return na < nb;
	if (na == 0)
		return 0;
	ka = key_str(a, 0);
	kb = key_str(b, 0);
	return pub_type_rank(ka) < pub_type_rank(kb) ||
	    (pub_type_rank(ka) == pub_type_rank(kb) && strcmp(ka, kb) < 0);
}

static void
scale_results(struct pub_doc *d, struct gd_pub *p, const char *field,
    json_t *scales)
{
	json_t *r, *rows[128];
	const char *labels[128], *segs[] = { _("Disagree"), _("Neutral"),
	    _("Agree") };
	const char *cols[] = { _("Disagree"), _("Neutral"), _("Agree"),
	    _("Net"), _("Mean"), "n" };
	const char *heads[7];
	const char *colours[] = { gd_svg_likert[2], gd_svg_likert[1],
	    gd_svg_likert[0] };
	const int num[] = { 0, 1, 1, 1, 1, 1, 1 };
	double shares[128 * 3];
	char id[32], cap[300], cells[6][48], nlab[128][56];
	const char *nsp[128];
	size_t i, n = 0, j;

	json_array_foreach(scales, i, r) {
		const char *q = json_string_value(json_object_get(r, "question"));
		json_t *by = json_object_get(r, "by");

		if (q == NULL || strcmp(q, field) != 0 || n >= 128)
			continue;
		if (json_array_size(by) == 0)
			labels[n] = _("All responses");
		else if (json_array_size(by) == 1 && strcmp(json_string_value(
		    json_array_get(by, 0)) ? json_string_value(
		    json_array_get(by, 0)) : "", "respondent.type") == 0)
			labels[n] = pub_type_label(key_str(r, 0));
		else
			continue;
		rows[n++] = r;
	}
	if (n == 0)
		return;
	/* All responses first, then the types in their order. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && scale_before(rows[j], rows[j - 1]); j--) {
			json_t *tr = rows[j];
			const char *tl = labels[j];

			rows[j] = rows[j - 1];
			labels[j] = labels[j - 1];
			rows[j - 1] = tr;
			labels[j - 1] = tl;
		}
	for (i = 0; i < n; i++) {
		json_t *nn = json_object_get(rows[i], "n");
		double total = json_is_integer(nn) ?
		    (double)json_integer_value(nn) : 0;

		fmt_count(cells[0], sizeof(cells[0]), nn);
		snprintf(nlab[i], sizeof(nlab[i]), "n = %s", cells[0]);
		nsp[i] = nlab[i];
		if (!json_is_integer(nn)) {
			shares[i * 3] = GD_SVG_WITHHELD;
			continue;
		}
		shares[i * 3] = json_number_value(json_object_get(rows[i],
		    "disagree_share"));
		shares[i * 3 + 1] = total > 0 ? (double)json_integer_value(
		    json_object_get(rows[i], "neutral")) / total : 0;
		shares[i * 3 + 2] = json_number_value(json_object_get(rows[i],
		    "agree_share"));
	}
	if (pub_doc_charts(d)) {
		snprintf(cap, sizeof(cap), _("%s: agree and disagree"),
		    qid(field));
		gd_buf_reset(&d->tmp);
		if (gd_svg_stacked(&d->tmp, pub_doc_chart_id(d, id,
		    sizeof(id)), cap, n, labels, nsp, 3, segs, colours, shares)
		    == -1)
			d->oom = 1;
		pub_doc_chart(d, &d->tmp);
	}
	heads[0] = _("Responses");
	for (i = 0; i < 6; i++)
		heads[i + 1] = cols[i];
	pub_doc_table_open(d, _("Agreement (Likert scale): shares of those "
	    "who answered on the scale"), 7, heads, num);
	for (i = 0; i < n; i++) {
		const char *row[7];
		json_t *nn = json_object_get(rows[i], "n");

		row[0] = labels[i];
		if (!json_is_integer(nn)) {
			for (j = 1; j < 7; j++)
				row[j] = C_("a count", "withheld");
			pub_doc_table_row(d, 7, row, num);
			continue;
		}
		fmt_share(cells[0], 48, json_object_get(rows[i],
		    "disagree_share"));
		{
			json_t *ns = json_real(json_integer_value(nn) > 0 ?
			    (double)json_integer_value(json_object_get(rows[i],
			    "neutral")) / (double)json_integer_value(nn) : 0);

			fmt_share(cells[1], 48, json_integer_value(nn) > 0 ? ns :
			    NULL);
			json_decref(ns);
		}
		fmt_share(cells[2], 48, json_object_get(rows[i], "agree_share"));
		if (json_is_number(json_object_get(rows[i], "net")))
			gd_i18n_num(cells[3], 48, json_number_value(
			    json_object_get(rows[i], "net")), 2, GD_NUM_SIGN);
		else
			snprintf(cells[3], 48, "\xE2\x80\x93");
		if (json_is_number(json_object_get(rows[i], "mean")))
			gd_i18n_num(cells[4], 48, json_number_value(
			    json_object_get(rows[i], "mean")), 2, 0);
		else
			snprintf(cells[4], 48, "\xE2\x80\x93");
		fmt_count(cells[5], 48, nn);
		for (j = 0; j < 6; j++)
			row[j + 1] = cells[j];
		pub_doc_table_row(d, 7, row, num);
	}
	pub_doc_table_close(d);
}

/* A field named for readers: "Respondent type", a question's title. */
static void
field_label(struct gd_pub *p, const char *field, char *dst, size_t n)
{
	static const char *const names[][2] = {
		{ "respondent.type", N_("Respondent type") },
		{ "respondent.country", N_("Country") },
		{ "respondent.organisation", N_("Organisation") },
		{ "consent", N_("Consent to publication") },
		{ "moderation", N_("Moderation") },
		{ "voice", N_("Individual or campaign response") },
		{ "consultation", N_("Consultation") },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(field, names[i][0]) == 0) {
			snprintf(dst, n, "%s", _(names[i][1]));
			return;
		}
	if (strncmp(field, "answers.", 8) == 0) {
		qtitle(p, field, dst, n);
		return;
	}
	snprintf(dst, n, "%s", field);
}

/* A key's value named for readers (a respondent type's label...). */
static const char *
value_label(const char *field, json_t *rec, size_t i)
{
	static const char *const names[][3] = {
		{ "consent", "named", N_("Published with name") },
		{ "consent", "anonymous", N_("Published anonymously") },
		{ "consent", "withheld", N_("Not published") },
		{ "consent", "unknown", N_("Not stated") },
		{ "voice", "individual", N_("Individual responses") },
		{ "voice", "campaign", N_("Campaign responses") },
	};
	const char *v = key_str(rec, i);
	size_t k;

	if (!json_is_string(json_array_get(json_object_get(rec, "key"), i)))
		return v;
	if (strcmp(field, "respondent.type") == 0)
		return pub_type_label(v);
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(field, names[k][0]) == 0 &&
		    strcmp(v, names[k][1]) == 0)
			return _(names[k][2]);
	return v;
}

/*
 * One tabulation of more than one field as a matrix: a row for each
 * value of the first fields, a column for each value of the last, each
 * cell its count and share of the row, and the row's total.  Returns 0,
 * or 1 when it has too many columns to read as a matrix.
 */
static int
matrix(struct pub_doc *d, struct gd_pub *p, json_t *g, const char *cap)
{
	json_t *by = json_object_get(json_array_get(g, 0), "by"), *c;
	json_t *seen_c = json_object(), *seen_r = json_object(), *cell, *rec;
	size_t nb = json_array_size(by), nc = 0, nr = 0, i, j, k;
	const char **cols = NULL, **rows = NULL, *last;
	const char *heads[MAX_COLS + 2], *rowp[MAX_COLS + 2];
	int num[MAX_COLS + 2], rc = 0;
	char (*cells)[64] = NULL, rowname[1024], lab[300];
	struct gd_buf key;

	gd_buf_init(&key, 0);
	last = json_string_value(json_array_get(by, nb - 1));
	if (seen_c == NULL || seen_r == NULL)
		goto oom;
	/* The rows' names and the columns, in the order first counted. */
	json_array_foreach(g, i, c) {
		gd_buf_reset(&key);
		for (j = 0; j + 1 < nb; j++)
			if ((j && gd_buf_adds(&key, " \xC2\xB7 ") == -1) ||
			    gd_buf_adds(&key, value_label(json_string_value(
			    json_array_get(by, j)), c, j)) == -1)
				goto oom;
		/* The row's name kept as a key of seen_r, which owns it. */
		if (json_object_get(seen_r, key.data) == NULL && (
		    json_object_set_new(seen_r, key.data, json_true()) == -1 ||
		    list_add(&rows, &nr, NULL, json_object_iter_key(
		    json_object_iter_at(seen_r, key.data))) == -1))
			goto oom;
		if (list_add(&cols, &nc, seen_c, value_label(last, c,
		    nb - 1)) == -1)
			goto oom;
		/* The cell, under "row\x1fcolumn". */
		if (gd_buf_addc(&key, '\x1f') == -1 || gd_buf_adds(&key,
		    value_label(last, c, nb - 1)) == -1 ||
		    json_object_set(seen_r, key.data, c) == -1)
			goto oom;
	}
	if (nc > 12 || nc > MAX_COLS) {
		rc = 1;
		goto out;
	}
	if ((cells = calloc(nc + 1, sizeof(*cells))) == NULL)
		goto oom;
	rowname[0] = '\0';
	for (j = 0; j + 1 < nb; j++) {
		size_t len = strlen(rowname);

		field_label(p, json_string_value(json_array_get(by, j)), lab,
		    sizeof(lab));
		snprintf(rowname + len, sizeof(rowname) - len, "%s%s",
		    j ? " \xC2\xB7 " : "", lab);
	}
	heads[0] = rowname;
	num[0] = 0;
	for (k = 0; k < nc; k++) {
		heads[k + 1] = cols[k];
		num[k + 1] = 1;
	}
	heads[nc + 1] = _("Answered");
	num[nc + 1] = 1;
	pub_doc_table_open(d, cap, nc + 2, heads, num);
	for (i = 0; i < nr; i++) {
		json_t *of = NULL;

		rowp[0] = rows[i];
		for (k = 0; k < nc; k++) {
			gd_buf_reset(&key);
			if (gd_buf_adds(&key, rows[i]) == -1 ||
			    gd_buf_addc(&key, '\x1f') == -1 ||
			    gd_buf_adds(&key, cols[k]) == -1)
				goto oom;
			cell = json_object_get(seen_r, key.data);
			rec = json_is_object(cell) ? cell : NULL;
			if (rec) {
				fmt_cell(cells[k], 64, json_object_get(rec, "n"),
				    json_object_get(rec, "share"));
				of = json_object_get(rec, "of");
			} else
				snprintf(cells[k], 64, "0");
			rowp[k + 1] = cells[k];
		}
		fmt_count(cells[nc], 64, of);
		rowp[nc + 1] = cells[nc];
		pub_doc_table_row(d, nc + 2, rowp, num);
	}
	pub_doc_table_close(d);
	goto out;
oom:
	d->oom = 1;
out:
	json_decref(seen_c);
	json_decref(seen_r);
	free(cols);
	free(rows);
	free(cells);
	gd_buf_release(&key);
	return rc;
}

/*
 * Tabulations that are not a question overall, by type or by voice: each
 * as a table, in the order of their first count, headed by what it
 * counts in words; those of two fields or more as a matrix.
 */
static void
other_tables(struct pub_doc *d, struct gd_pub *p)
{
	json_t *groups = json_object(), *r, *by, *g, *c;
	const char *heads[12], *k, *f0, *fl;
	int num[12];
	size_t i, j, nb;
	char cap[1024], lab[8][300];
	int any = 0;

	if (groups == NULL) {
		d->oom = 1;
		return;
	}
	json_array_foreach(p->agg[TB_TALLIES], i, r) {
		by = json_object_get(r, "by");
		nb = json_array_size(by);
		f0 = json_string_value(json_array_get(by, 0));
		fl = json_string_value(json_array_get(by, nb - 1));
		if (nb == 0 || nb > 8 || f0 == NULL || fl == NULL)
			continue;
		/* Shown with its question, or in "Who responded". */
		if (strncmp(fl, "answers.", 8) == 0 && (nb == 1 || (nb == 2 &&
		    (strcmp(f0, "respondent.type") == 0 ||
		    strcmp(f0, "voice") == 0))))
			continue;
		if (nb == 1 && strcmp(f0, "respondent.type") == 0)
			continue;
		cap[0] = '\0';
		for (j = 0; j < nb; j++) {
			size_t len = strlen(cap);
			const char *f = json_string_value(json_array_get(by, j));

			field_label(p, f ? f : "", lab[0], sizeof(lab[0]));
			/* TRANSLATORS: between the fields of a tabulation
			 * ("Country by Q1"), spaces included. */
			snprintf(cap + len, sizeof(cap) - len, "%s%s", j ?
			    _(" by ") : "", lab[0]);
		}
		if ((g = json_object_get(groups, cap)) == NULL &&
		    ((g = json_array()) == NULL ||
		    json_object_set_new(groups, cap, g) == -1)) {
			d->oom = 1;
			break;
		}
		if (json_array_append(g, r) == -1)
			d->oom = 1;
	}
	json_object_foreach(groups, k, g) {
		by = json_object_get(json_array_get(g, 0), "by");
		nb = json_array_size(by);
		if (!any) {
			pub_doc_heading(d, 3, "more", _("More tabulations"));
			any = 1;
		}
		if (nb >= 2 && matrix(d, p, g, k) == 0)
			continue;
		for (j = 0; j < nb; j++) {
			field_label(p, json_string_value(json_array_get(by, j)),
			    lab[j], sizeof(lab[j]));
			heads[j] = lab[j];
			num[j] = 0;
		}
		heads[nb] = _("Responses");
		heads[nb + 1] = nb > 1 ? _("Share of row") : _("Share");
		num[nb] = num[nb + 1] = 1;
		pub_doc_table_open(d, k, nb + 2, heads, num);
		json_array_foreach(g, i, c) {
			const char *row[12];
			char n1[32], n2[32];

			for (j = 0; j < nb; j++)
				row[j] = value_label(json_string_value(
				    json_array_get(by, j)), c, j);
			fmt_count(n1, sizeof(n1), json_object_get(c, "n"));
			fmt_share(n2, sizeof(n2), json_object_get(c, "share"));
			row[nb] = n1;
			row[nb + 1] = n2;
			pub_doc_table_row(d, nb + 2, row, num);
		}
		pub_doc_table_close(d);
	}
	json_decref(groups);
}

static const char *
theme_label(struct gd_pub *p, const char *theme)
{
	json_t *r;
	size_t i;

	json_array_foreach(p->agg[TB_THEMES], i, r)
		if (json_string_value(json_object_get(r, "theme")) &&
		    strcmp(json_string_value(json_object_get(r, "theme")),
		    theme) == 0 && json_string_value(json_object_get(r, "label")))
			return json_string_value(json_object_get(r, "label"));
	return theme;
}

/*
 * The themes by respondent type: a row per theme, a column per type,
 * each cell how many of that type's responses raise it, and their share.
 */
static void
themes_by_type(struct pub_doc *d, struct gd_pub *p)
{
	json_t *r, *c, *seen = json_object();
	const char **types = NULL, *heads[MAX_COLS + 1], *row[MAX_COLS + 1];
	const char *th, *ct;
	int num[MAX_COLS + 1];
	char (*cells)[64] = NULL;
	size_t nt = 0, i, j, k;

	if (seen == NULL)
		goto oom;
	json_array_foreach(p->agg[TB_THEMES], i, r)
		if (by_is(r, "respondent.type", NULL) && json_is_string(
		    json_array_get(json_object_get(r, "key"), 0)) &&
		    list_add(&types, &nt, seen, key_str(r, 0)) == -1)
			goto oom;
	if (nt < 2 || nt > MAX_COLS)
		goto out;
	qsort(types, nt, sizeof(*types), pub_type_cmp);
	if ((cells = calloc(nt, sizeof(*cells))) == NULL)
		goto oom;
	heads[0] = _("Theme");
	num[0] = 0;
	for (k = 0; k < nt; k++) {
		heads[k + 1] = pub_type_label(types[k]);
		num[k + 1] = 1;
	}
	pub_doc_table_open(d, _("Themes by respondent type: responses of each "
	    "type that raise the theme, and their share"), nt + 1, heads, num);
	json_array_foreach(p->agg[TB_THEMES], i, r) {
		if (json_array_size(json_object_get(r, "by")) != 0 ||
		    (th = json_string_value(json_object_get(r, "theme"))) ==
		    NULL)
			continue;
		row[0] = json_string_value(json_object_get(r, "label"));
		if (row[0] == NULL)
			row[0] = th;
		for (k = 0; k < nt; k++) {
			snprintf(cells[k], sizeof(cells[k]), "0");
			json_array_foreach(p->agg[TB_THEMES], j, c) {
				ct = json_string_value(json_object_get(c,
				    "theme"));
				if (ct && strcmp(ct, th) == 0 &&
				    by_is(c, "respondent.type", NULL) &&
				    strcmp(key_str(c, 0), types[k]) == 0)
					fmt_cell(cells[k], sizeof(cells[k]),
					    json_object_get(c, "n"),
					    json_object_get(c, "share"));
			}
			row[k + 1] = cells[k];
		}
		pub_doc_table_row(d, nt + 1, row, num);
	}
	pub_doc_table_close(d);
	goto out;
oom:
	d->oom = 1;
out:
	json_decref(seen);
	free(types);
	free(cells);
}

static void
themes(struct pub_doc *d, struct gd_pub *p)
{
	json_t *r, *ex, *v;
	const char *labels[256], *texts[256];
	const char *heads[] = { _("Theme"), _("Responses"), _("Share"),
	    _("For example") };
	const int num[] = { 0, 1, 1, 0 };
	double vals[256];
	char cells[256][2][32], id[32];
	struct gd_buf exb;
	size_t i, j, n = 0;

	json_array_foreach(p->agg[TB_THEMES], i, r)
		if (json_array_size(json_object_get(r, "by")) == 0 && n < 256) {
			labels[n] = json_string_value(json_object_get(r, "label"));
			if (labels[n] == NULL)
				labels[n] = "?";
			fmt_count(cells[n][0], 32, json_object_get(r, "n"));
			fmt_share(cells[n][1], 32, json_object_get(r, "share"));
			vals[n] = json_is_integer(json_object_get(r, "n")) ?
			    (double)json_integer_value(json_object_get(r, "n")) :
			    GD_SVG_WITHHELD;
			texts[n] = cells[n][0];
			n++;
		}
	if (n == 0)
		return;
	pub_doc_heading(d, 3, "themes", _("Themes in what people wrote"));
	if (pub_doc_charts(d)) {
		gd_buf_reset(&d->tmp);
		if (gd_svg_bars(&d->tmp, pub_doc_chart_id(d, id, sizeof(id)),
		    _("Responses by theme"), n, labels, vals, texts) == -1)
			d->oom = 1;
		pub_doc_chart(d, &d->tmp);
	}
	pub_doc_table_open(d, _("Themes of the free text (a response may have "
	    "several)"), 4, heads, num);
	gd_buf_init(&exb, 0);
	j = 0;
	json_array_foreach(p->agg[TB_THEMES], i, r) {
		const char *row[4];

		if (json_array_size(json_object_get(r, "by")) != 0)
			continue;
		gd_buf_reset(&exb);
		ex = json_object_get(r, "examples");
		{
			size_t e;

			json_array_foreach(ex, e, v) {
				if (e && gd_buf_adds(&exb, ", ") == -1)
					d->oom = 1;
				if (json_is_string(v) && gd_buf_adds(&exb,
				    json_string_value(v)) == -1)
					d->oom = 1;
			}
		}
		row[0] = labels[j];
		row[1] = cells[j][0];
		row[2] = cells[j][1];
		row[3] = exb.data ? exb.data : "";
		pub_doc_table_row(d, 4, row, num);
		j++;
	}
	pub_doc_table_close(d);
	gd_buf_release(&exb);
	themes_by_type(d, p);
	/* The government's reply on each theme, next to its count. */
	json_array_foreach(p->agg[TB_THEMES], i, r) {
		const char *tid = json_string_value(json_object_get(r, "theme"));
		const char *rp;
		char title[300];

		if (tid == NULL || json_array_size(json_object_get(r, "by")) != 0 ||
		    (rp = json_string_value(json_object_get(pub_reply_for(
		    p->replies, "themes", tid), "reply"))) == NULL)
			continue;
		snprintf(title, sizeof(title), _("Our response on %s"),
		    theme_label(p, tid));
		pub_doc_heading(d, 4, NULL, title);
		pub_doc_reply(d, rp);
	}
}

#define FULL_CAMPAIGNS 5	/* shown in full; the others in a table */

/* Campaigns by size, the largest first, then by id. */
static int
campaign_cmp(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t sx = json_integer_value(json_object_get(x, "size"));
	json_int_t sy = json_integer_value(json_object_get(y, "size"));
	const char *ix = json_string_value(json_object_get(x, "id"));
	const char *iy = json_string_value(json_object_get(y, "id"));

	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(ix ? ix : "", iy ? iy : "");
}

/* The smaller campaigns, a row each. */
static void
campaign_table(struct pub_doc *d, json_t **c, size_t n)
{
	const char *h[] = { _("Campaign"), _("Responses"), _("Authors"),
	    _("Wordings"), _("First sent"), _("Last sent") };
	const int nm[] = { 0, 1, 1, 1, 0, 0 };
	char cap[128], a[32], b[32], w[32], d1[96], d2[96];
	const char *row[6], *s;
	size_t i;

	gd_i18n_int(a, sizeof(a), (long long)n);
	snprintf(cap, sizeof(cap), gd_ntr("The other %s campaign, by size",
	    "The other %s campaigns, by size", n), a);
	pub_doc_table_open(d, cap, 6, h, nm);
	for (i = 0; i < n; i++) {
		s = json_string_value(json_object_get(c[i], "id"));
		row[0] = s ? s : "?";
		fmt_count(a, sizeof(a), json_object_get(c[i], "size"));
		row[1] = a;
		if (json_is_integer(json_object_get(c[i], "authors")))
			fmt_count(b, sizeof(b), json_object_get(c[i],
			    "authors"));
		else
			snprintf(b, sizeof(b), "\xE2\x80\x93");
		row[2] = b;
		fmt_count(w, sizeof(w), json_object_get(c[i], "variants"));
		row[3] = w;
		row[4] = fmt_date(d1, sizeof(d1), json_string_value(
		    json_object_get(c[i], "first")));
		row[5] = fmt_date(d2, sizeof(d2), json_string_value(
		    json_object_get(c[i], "last")));
		pub_doc_table_row(d, 6, row, nm);
	}
	pub_doc_table_close(d);
}

static void
campaigns(struct pub_doc *d, struct gd_pub *p)
{
	json_t *s = p->summary, *r, *v;
	const char *labels[2] = { _("Individual responses"),
	    _("Campaign responses") };
	const char *texts[2];
	double vals[2];
	char t1[32], t2[32], t3[32], t4[32], id[32], line[1024];
	long long resp, cr, nc, uv;
	json_t **order;
	size_t i;

	if (s == NULL || json_object_get(s, "campaigns") == NULL)
		return;
	resp = json_integer_value(json_object_get(s, "responses"));
	cr = json_integer_value(json_object_get(s, "campaign_responses"));
	nc = json_integer_value(json_object_get(s, "campaigns"));
	uv = json_integer_value(json_object_get(s, "unique_voices"));
	pub_doc_heading(d, 3, "campaigns", _("Campaigns and individual voices"));
	if (nc == 0) {
		pub_doc_para(d, _("No campaigns were found (the same text, or one "
		    "template with edits, sent by many): every response is a "
		    "voice of its own."));
		return;
	}
	gd_i18n_int(t1, sizeof(t1), resp);
	gd_i18n_int(t2, sizeof(t2), cr);
	gd_i18n_int(t3, sizeof(t3), nc);
	gd_i18n_int(t4, sizeof(t4), uv);
	snprintf(line, sizeof(line), gd_ntr("Of %1$s responses, %2$s came in "
	    "%3$s campaign (the same text, or one template with edits, sent "
	    "many times).", "Of %1$s responses, %2$s came in %3$s campaigns "
	    "(the same text, or one template with edits, sent many times).",
	    (unsigned long)nc), t1, t2, t3);
	snprintf(line + strlen(line), sizeof(line) - strlen(line), " ");
	snprintf(line + strlen(line), sizeof(line) - strlen(line),
	    gd_ntr("Counting each campaign once, %s unique voice took part.",
	    "Counting each campaign once, %s unique voices took part.",
	    (unsigned long)uv), t4);
	pub_doc_para(d, line);
	if (json_is_integer(json_object_get(s, "respondents"))) {
		long long one = 0;

		json_array_foreach(p->agg[TB_CAMPAIGNS], i, r)
			one += json_integer_value(json_object_get(r,
			    "authors")) == 1;
		gd_i18n_int(t1, sizeof(t1), (long long)json_integer_value(
		    json_object_get(s, "respondents")));
		snprintf(line, sizeof(line), _("The responses come from %s "
		    "distinct respondents, as the platform identifies them; "
		    "each campaign below says how many distinct authors sent "
		    "it."), t1);
		if (one) {
			gd_i18n_int(t2, sizeof(t2), one);
			snprintf(line + strlen(line), sizeof(line) -
			    strlen(line), " ");
			snprintf(line + strlen(line), sizeof(line) -
			    strlen(line), gd_ntr("%s of them is one author "
			    "sending the same text many times, not an "
			    "organised campaign of many.", "%s of them are one "
			    "author each, sending the same text many times, "
			    "not an organised campaign of many.",
			    (unsigned long)one), t2);
		}
		pub_doc_para(d, line);
	}
	if (pub_doc_charts(d)) {
		gd_i18n_int(t1, sizeof(t1), resp - cr);
		gd_i18n_int(t2, sizeof(t2), cr);
		texts[0] = t1;
		texts[1] = t2;
		vals[0] = (double)(resp - cr);
		vals[1] = (double)cr;
		gd_buf_reset(&d->tmp);
		if (gd_svg_bars(&d->tmp, pub_doc_chart_id(d, id, sizeof(id)),
		    _("Individual and campaign responses"), 2, labels, vals,
		    texts) == -1)
			d->oom = 1;
		pub_doc_chart(d, &d->tmp);
		{
			const char *h[] = { _("Responses"), _("Number") };
			const int nm[] = { 0, 1 };
			const char *r1[] = { labels[0], t1 };
			const char *r2[] = { labels[1], t2 };

			pub_doc_table_open(d, _("Individual and campaign "
			    "responses"), 2, h, nm);
			pub_doc_table_row(d, 2, r1, nm);
			pub_doc_table_row(d, 2, r2, nm);
			pub_doc_table_close(d);
		}
	}
	/* The largest first, each in full; past FULL_CAMPAIGNS, a table. */
	if ((order = calloc(json_array_size(p->agg[TB_CAMPAIGNS]) + 1,
	    sizeof(*order))) == NULL) {
		d->oom = 1;
		return;
	}
	json_array_foreach(p->agg[TB_CAMPAIGNS], i, r)
		order[i] = r;
	qsort(order, json_array_size(p->agg[TB_CAMPAIGNS]), sizeof(*order),
	    campaign_cmp);
	for (i = 0; i < json_array_size(p->agg[TB_CAMPAIGNS]); i++) {
		const char *cid, *k, *txt, *from, *to;
		char types[512] = "", n1[32], n2[32], n3[32], d1[96], d2[96];
		size_t len = 0;
		json_t *au;
		long long sz, nv;

		r = order[i];
		if (i == FULL_CAMPAIGNS) {
			campaign_table(d, order + i,
			    json_array_size(p->agg[TB_CAMPAIGNS]) - i);
			break;
		}
		cid = json_string_value(json_object_get(r, "id"));
		au = json_object_get(r, "authors");
		sz = json_integer_value(json_object_get(r, "size"));
		nv = json_integer_value(json_object_get(r, "variants"));

		gd_i18n_int(n1, sizeof(n1), sz);
		gd_i18n_int(n2, sizeof(n2), nv);
		gd_i18n_int(n3, sizeof(n3), json_integer_value(au));
		/* One author posting many times is no campaign of many.
		 * TRANSLATORS: %1$s the campaign's id, %2$s its responses,
		 * %3$s its wordings (the plural is the wordings'), %4$s its
		 * authors. */
		if (json_is_integer(au) && json_integer_value(au) == 1)
			snprintf(line, sizeof(line), gd_ntr("Group %1$s: %2$s "
			    "responses from 1 author, in %3$s wording",
			    "Group %1$s: %2$s responses from 1 author, in %3$s "
			    "wordings", (unsigned long)nv), cid ? cid : "?", n1,
			    n2);
		else if (json_is_integer(au))
			snprintf(line, sizeof(line), gd_ntr("Campaign %1$s: "
			    "%2$s responses from %4$s authors, in %3$s wording",
			    "Campaign %1$s: %2$s responses from %4$s authors, in "
			    "%3$s wordings", (unsigned long)nv), cid ? cid : "?",
			    n1, n2, n3);
		else
			snprintf(line, sizeof(line), gd_ntr("Campaign %1$s: "
			    "%2$s responses in %3$s wording", "Campaign %1$s: "
			    "%2$s responses in %3$s wordings", (unsigned long)nv),
			    cid ? cid : "?", n1, n2);
		pub_doc_heading(d, 4, NULL, line);
		json_object_foreach(json_object_get(r, "by_type"), k, v) {
			char c[32];
			int w;

			fmt_count(c, sizeof(c), v);
			w = snprintf(types + len, sizeof(types) - len, "%s%s %s",
			    len ? C_("list", ", ") : "", pub_type_label(k), c);
			if (w < 0 || (size_t)w >= sizeof(types) - len)
				break;
			len += (size_t)w;
		}
		from = fmt_date(d1, sizeof(d1), json_string_value(
		    json_object_get(r, "first")));
		to = fmt_date(d2, sizeof(d2), json_string_value(
		    json_object_get(r, "last")));
		if (json_is_true(json_object_get(r, "burst")))
			snprintf(line, sizeof(line), _("Sent from %1$s to %2$s, "
			    "many within seconds of each other."), from, to);
		else
			snprintf(line, sizeof(line), _("Sent from %1$s to %2$s."),
			    from, to);
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " ");
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
		    _("By respondent type: %s."), types);
		pub_doc_para(d, line);
		if ((txt = json_string_value(json_object_get(r, "text"))))
			pub_doc_quote(d, txt, _("the campaign's commonest text"));
	}
	free(order);
}

/* Quotes: round the respondent types, the smallest ids first. */
static void
quotes(struct pub_doc *d, struct gd_pub *p)
{
	const char **types = NULL, *k;
	json_t *v, *q;
	size_t nt = 0, i, round, shown = 0;
	char who[512];

	json_object_foreach(p->quotable, k, v)
		if (list_add(&types, &nt, NULL, k) == -1)
			d->oom = 1;
	if (nt > 1)
		qsort(types, nt, sizeof(*types), pub_type_cmp);
	if (nt == 0 || p->o.quotes == 0) {
		free(types);
		return;
	}
	pub_doc_heading(d, 3, "quotes", _("In their own words"));
	pub_doc_para(d, _("Some of the published responses, from each kind of "
	    "respondent in turn."));
	for (round = 0; shown < p->o.quotes; round++) {
		size_t before = shown;

		for (i = 0; i < nt && shown < p->o.quotes; i++) {
			const char *name, *org;

			q = json_array_get(json_object_get(p->quotable,
			    types[i]), round);
			if (q == NULL)
				continue;
			name = json_string_value(json_object_get(q, "name"));
			org = json_string_value(json_object_get(q,
			    "organisation"));
			if (name || org)
				snprintf(who, sizeof(who), "%s%s%s (%s), %s",
				    name ? name : "", name && org ? ", " : "",
				    org ? org : "", pub_type_one(types[i]),
				    json_string_value(json_object_get(q, "id")));
			else
				snprintf(who, sizeof(who), "%s, %s",
				    pub_type_one(types[i]), json_string_value(
				    json_object_get(q, "id")));
			pub_doc_quote(d, json_string_value(json_object_get(q, "text")),
			    who);
			shown++;
		}
		if (shown == before)
			break;
	}
	free(types);
}

static void
stubs(struct pub_doc *d, struct gd_pub *p)
{
	json_t *st = p->summary ? json_object_get(p->summary, "stubs") : NULL;
	const char *k;
	json_t *v;
	struct gd_buf b;
	char c[32];
	long long total = 0;
	size_t n = 0;
	int rc = 0;

	if (json_object_size(st) == 0)
		return;
	json_object_foreach(st, k, v)
		total += json_integer_value(v);
	gd_buf_init(&b, 0);
	gd_i18n_int(c, sizeof(c), total);
	rc |= gd_buf_addf(&b, gd_ntr("%s response said nothing that can be "
	    "counted", "%s responses said nothing that can be counted",
	    (unsigned long)total), c);
	json_object_foreach(st, k, v) {
		rc |= gd_buf_adds(&b, n++ ? C_("list", ", ") : C_("list", ": "));
		gd_i18n_int(c, sizeof(c), (long long)json_integer_value(v));
		/* TRANSLATORS: kinds of responses that say nothing, after
		 * their number ("3 empty"). */
		if (strcmp(k, "empty") == 0)
			rc |= gd_buf_addf(&b, _("%s empty"), c);
		else if (strcmp(k, "attachment") == 0)
			rc |= gd_buf_addf(&b, _("%s pointing to an attachment"),
			    c);
		else if (strcmp(k, "short") == 0)
			rc |= gd_buf_addf(&b, _("%s a few words only"), c);
		else
			rc |= gd_buf_addf(&b, "%s %s", c, k);
	}
	rc |= gd_buf_adds(&b, ".");
	if (rc)
		d->oom = 1;
	else
		pub_doc_para(d, b.data);
	gd_buf_release(&b);
}

/*
 * What --min-cell of gd-tally counted in coarser groups to withhold less
 * (the summary's "collapsed" and "grouped_types"): said in the report.
 * Returns 0, or -1 (memory).
 */
static int
grouped(struct pub_doc *d, const struct gd_pub *p)
{
	json_t *c = p->summary ? json_object_get(p->summary, "collapsed") :
	    NULL;
	json_t *g = p->summary ? json_object_get(p->summary,
	    "grouped_types") : NULL, *x;
	struct gd_buf b, s2;
	size_t i;
	int rc = 0;

	gd_buf_init(&b, 0);
	gd_buf_init(&s2, 0);
	if (json_array_size(c) > 0) {
		json_array_foreach(c, i, x) {
			if (i > 0)
				rc |= gd_buf_adds(&b, i + 1 ==
				    json_array_size(c) ? _(" and ") :
				    C_("list", ", "));
			rc |= gd_buf_adds(&b, json_is_string(x) ?
			    json_string_value(x) : "?");
		}
		rc |= gd_buf_addf(&s2, _("To withhold fewer counts, the answers "
		    "to %s are shown in three groups: agree, neutral and "
		    "disagree."), b.data ? b.data : "");
		if (rc == 0)
			pub_doc_para(d, s2.data);
		gd_buf_reset(&b);
		gd_buf_reset(&s2);
	}
	if (json_array_size(g) > 0) {
		json_array_foreach(g, i, x) {
			if (i > 0)
				rc |= gd_buf_adds(&b, C_("list", ", "));
			rc |= gd_buf_adds(&b, json_is_string(x) ?
			    json_string_value(x) : "?");
		}
		rc |= gd_buf_addf(&s2, _("Respondent types with few responses "
		    "(%s) are counted together as other."), b.data ? b.data :
		    "");
		if (rc == 0)
			pub_doc_para(d, s2.data);
	}
	gd_buf_release(&b);
	gd_buf_release(&s2);
	return rc ? -1 : 0;
}

/* Whether the themes section shows theme id (a record of all responses). */
static int
theme_counted(struct gd_pub *p, const char *id)
{
	json_t *r;
	size_t i;

	json_array_foreach(p->agg[TB_THEMES], i, r)
		if (json_array_size(json_object_get(r, "by")) == 0 &&
		    json_string_value(json_object_get(r, "theme")) &&
		    strcmp(json_string_value(json_object_get(r, "theme")), id) ==
		    0)
			return 1;
	return 0;
}

static void
we_did(struct pub_doc *d, struct gd_pub *p, const char **qs, size_t nq)
{
	const char *general = json_string_value(json_object_get(p->replies,
	    "reply"));
	json_t *th = json_object_get(p->replies, "themes"), *v;
	const char *k, *rp;
	char title[300];
	size_t i;
	int any = 0, on_questions = 0, on_themes = 0;

	pub_doc_heading(d, 2, "we-did", _("We did"));
	if (general) {
		pub_doc_reply(d, general);
		any = 1;
	}
	json_object_foreach(th, k, v) {
		if ((rp = json_string_value(json_object_get(v, "reply"))) ==
		    NULL)
			continue;
		any = 1;
		if (theme_counted(p, k)) {
			on_themes = 1;	/* shown with the theme's count */
			continue;
		}
		snprintf(title, sizeof(title), _("On %s"), theme_label(p, k));
		pub_doc_heading(d, 3, NULL, title);
		pub_doc_reply(d, rp);
	}
	for (i = 0; i < nq; i++)
		if (json_object_get(pub_reply_for(p->replies, "questions",
		    qid(qs[i])), "reply"))
			any = on_questions = 1;
	if (on_questions || on_themes)
		pub_doc_para(d, on_questions && on_themes ? _("Our response to "
		    "each question and theme is given with its results above.") :
		    on_questions ? _("Our response to each question is given "
		    "with its results above.") : _("Our response to each theme "
		    "is given with its count above."));
	if (!any)
		pub_doc_para(d, _("The government has not yet published its "
		    "response."));
}

int
pub_report(struct gd_pub *p, int html, struct gd_out *out,
    struct gd_error *err)
{
	struct pub_doc d;
	const char **qs = NULL, *intro, *rp;
	json_t *qidx = NULL;
	size_t nq = 0, i;
	char title[400], id[64], line[512];
	json_t *r;
	int rc, suppressed = 0;

	pub_doc_init(&d, html, out, err);
	/* The replies, when in another language than the report's words,
	 * say so in HTML (lang on their blocks). */
	if (gd_pub_language(p) && strcasecmp(gd_pub_language(p),
	    gd_i18n_lang()) != 0)
		d.reply_lang = gd_pub_language(p);
	if ((qidx = question_index(p)) == NULL ||
	    questions(p, qidx, &qs, &nq) == -1)
		d.oom = 1;

	pub_doc_begin(&d, pub_title(p));
	pub_doc_heading(&d, 1, NULL, pub_title(p));
	if (pub_consultation(p)) {
		char c[32];

		gd_i18n_int(c, sizeof(c), (long long)p->responses);
		snprintf(line, sizeof(line), gd_ntr("Consultation %1$s: %2$s "
		    "published response.", "Consultation %1$s: %2$s published "
		    "responses.", p->responses), pub_consultation(p), c);
		pub_doc_lede(&d, line);
	}
	if ((intro = json_string_value(json_object_get(p->replies,
	    "introduction"))))
		pub_doc_reply(&d, intro);
	pub_doc_main(&d);

	pub_doc_heading(&d, 2, "we-asked", _("We asked"));
	if (nq == 0) {
		pub_doc_para(&d, _("The consultation asked for free text only."));
	} else {
		pub_doc_list_open(&d);
		for (i = 0; i < nq; i++) {
			qtitle(p, qs[i], title, sizeof(title));
			pub_doc_anchor(id, sizeof(id), "q-", qid(qs[i]));
			pub_doc_list_item(&d, id, title);
		}
		pub_doc_list_close(&d);
	}
	if (pub_doc_flush(&d) == -1)
		goto fail;

	pub_doc_heading(&d, 2, "you-said", _("You said"));
	who_responded(&d, p);
	pub_compare_section(&d, p, qtitle);
	campaigns(&d, p);
	if (pub_doc_flush(&d) == -1)
		goto fail;
	for (i = 0; i < nq; i++) {
		qtitle(p, qs[i], title, sizeof(title));
		pub_doc_anchor(id, sizeof(id), "q-", qid(qs[i]));
		pub_doc_heading(&d, 3, id, title);
		question_results(&d, p, qs[i], json_object_get(
		    json_object_get(qidx, qs[i]), "t"), json_object_get(
		    json_object_get(qidx, qs[i]), "s"));
		pub_compare_gap(&d, p, qs[i]);
		scale_results(&d, p, qs[i], json_object_get(
		    json_object_get(qidx, qs[i]), "s"));
		if ((rp = json_string_value(json_object_get(pub_reply_for(
		    p->replies, "questions", qid(qs[i])), "reply")))) {
			pub_doc_heading(&d, 4, NULL, _("Our response"));
			pub_doc_reply(&d, rp);
		}
		if (pub_doc_flush(&d) == -1)
			goto fail;
	}
	other_tables(&d, p);
	themes(&d, p);
	stubs(&d, p);
	quotes(&d, p);
	if (pub_doc_flush(&d) == -1)
		goto fail;

	we_did(&d, p, qs, nq);

	json_array_foreach(p->agg[TB_TALLIES], i, r)
		suppressed |= json_is_true(json_object_get(r, "suppressed"));
	json_array_foreach(p->agg[TB_SCALES], i, r)
		suppressed |= json_is_true(json_object_get(r, "suppressed"));
	pub_doc_footer(&d);
	pub_doc_heading(&d, 2, "about", _("About this publication"));
	pub_doc_para(&d, _("Personal data was removed from the responses before "
	    "publication, as each respondent's consent allows. Responses "
	    "that were not to be published (withheld at the respondent's "
	    "request, of unknown consent, or moderated out) are counted in "
	    "every total and table of closed questions, and are neither "
	    "quoted nor listed; themes, campaigns and short responses are "
	    "found among the published ones."));
	if (suppressed)
		pub_doc_para(&d, _("Counts too small to publish without "
		    "identifying someone are shown as withheld, with the "
		    "figures that would reveal them."));
	if (grouped(&d, p) == -1)
		d.oom = 1;
	if (p->o.timestamp) {
		char when[96];

		snprintf(line, sizeof(line), _("Made by gd-publish %1$s from "
		    "input with SHA-256 %2$s, on %3$s."), GD_VERSION, p->sha_hex,
		    gd_i18n_date(when, sizeof(when), p->o.timestamp));
	} else
		snprintf(line, sizeof(line), _("Made by gd-publish %1$s from "
		    "input with SHA-256 %2$s."), GD_VERSION, p->sha_hex);
	pub_doc_para(&d, line);
	pub_doc_end(&d);
	if (pub_doc_flush(&d) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	rc = -1;
out:
	json_decref(qidx);
	free(qs);
	pub_doc_release(&d);
	return rc;
}
