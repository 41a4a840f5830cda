/*
 * tally_likert.c - Likert summaries: the scale (--scale, or English
 * agree/disagree labels), the score of an answer (labels compared with
 * case, accents and punctuation folded), and at write time a "scale"
 * record per row of each question whose answers are all on the scale and
 * hold two scores or more: agree, neutral, disagree, off the scale,
 * shares, net agreement and mean, withheld where a cell is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

/*
 * The scale from its labels (a JSON object, label to score); file names
 * them in messages (NULL: the partials' options).  Returns 0, or -1
 * with err (GD_EXIT_UNUSABLE: what is wrong with them; memory).
 */
static int
scale_from(struct gd_tally *t, json_t *labels, const char *file,
    struct gd_error *err)
{
	json_t *v;
	const char *k;

	if (!json_is_object(labels) || json_object_size(labels) == 0)
		return gd_error_set(err, GD_EXIT_UNUSABLE, file, 0, 0,
		    "scale: needs \"labels\": {label: score 1-5, or 0 for "
		    "answers off the scale}");
	if ((t->scale = calloc(json_object_size(labels), sizeof(*t->scale)))
	    == NULL)
		return gd_error_nomem(err, NULL, 0);
	json_object_foreach(labels, k, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 5)
			return gd_error_set(err, GD_EXIT_UNUSABLE, file, 0, 0,
			    "scale: \"%s\": a score from 1 to 5, or 0", k);
		t->scale[t->nscale].label = strdup(k);
		t->scale[t->nscale].score = (int)json_integer_value(v);
		if (t->scale[t->nscale++].label == NULL)
			return gd_error_nomem(err, NULL, 0);
	}
	return 0;
}

/*
 * The scale: labels (the partials' options), else opts.scale_file, else
 * the default.  Returns 0, or -1 with err (GD_EXIT_IO, GD_EXIT_UNUSABLE:
 * what is wrong with the file).
 */
int
tally_load_scale(struct gd_tally *t, json_t *labels, struct gd_error *err)
{
	json_error_t je;
	json_t *root;
	int rc;

	if (labels)
		return scale_from(t, labels, NULL, err);
	if (t->o.scale_file == NULL)
		return 0;	/* the default: gd_likert_default_score() */
	errno = 0;
	root = json_load_file(t->o.scale_file, JSON_REJECT_DUPLICATES, &je);
	/* Out of memory, opening the file too, is not the file's fault. */
	if (root == NULL && (gd_json_nomem(&je) || errno == ENOMEM))
		return gd_error_nomem(err, t->o.scale_file, 0);
	if (root == NULL)
		return gd_error_set(err, errno == ENOENT ? GD_EXIT_IO :
		    GD_EXIT_UNUSABLE, t->o.scale_file, je.line > 0 ?
		    (unsigned long)je.line : 0, 0, "scale: %s", je.text);
	/* The messages are made before root goes: they quote its keys. */
	rc = scale_from(t, json_object_get(root, "labels"), t->o.scale_file,
	    err);
	json_decref(root);
	t->scale_given = 1;
	return rc;
}

/* The Likert score of an answer: 1-5, 0 off the scale, -1 not a label. */
int
tally_score_of(const struct gd_tally *t, const char *s, size_t n)
{
	size_t i;

	if (!t->scale_given)
		return gd_likert_default_score(s, n);
	for (i = 0; i < t->nscale; i++)
		if (gd_label_eq(t->scale[i].label, strlen(t->scale[i].label), s,
		    n))
			return t->scale[i].score;
	return -1;
}

/* A signed figure with four decimals, from a value times 10000. */
static void
fixed_json(struct gd_jw *jw, long long x)
{
	char b[40];
	int len;
	unsigned long long a = x < 0 ? 0ULL - (unsigned long long)x :
	    (unsigned long long)x;

	len = snprintf(b, sizeof(b), "%s%llu.%04llu", x < 0 ? "-" : "",
	    a / 10000, a % 10000);
	gd_jw_raw(jw, b, (size_t)len);
}

/*
 * Likert summaries of the tabulation [from, to) whose last dimension is
 * a question: for each question whose every answer is on the scale, a
 * scale record per row.
 */
int
tally_write_scales(struct gd_tally *t, struct oc *v, size_t from,
    size_t to, gd_tally_out_fn out, void *ctx, struct gd_error *err)
{
	struct gd_jw jw;
	size_t i, j, k, q;
	unsigned last = v[from].k.nd - 1;

	for (q = from; q < to; q = i) {
		int likert = 1, scores = 0, seen[6] = { 0 };

		/* The cells of one question (the same fields). */
		for (i = q; i < to && tally_same_fields(&v[i], &v[q]); i++) {
			if (v[i].k.d[last].v) {
				int sc = tally_cell_score(t, &v[i], last);

				if (sc < 0)
					likert = 0;
				else if (sc > 0 && !seen[sc]++)
					scores++;
			}
		}
		if (!likert || scores < 2)
			continue;
		/* One record per row of the question. */
		for (j = q; j < i; j = k) {
			unsigned long long n = 0, agree = 0, dis = 0, neu = 0,
			    off = 0, sum = 0;
			unsigned d;
			int withheld = 0, collapsed = 0;

			for (k = j; k < i && tally_same_group(&v[j], &v[k],
			    last); k++) {
				int sc;

				withheld |= v[k].supp;
				if (v[k].k.d[last].v == NULL)
					continue;
				sc = tally_cell_score(t, &v[k], last);
				collapsed |= v[k].collapsed;
				if (sc == 0) {
					off += v[k].n;
					continue;
				}
				n += v[k].n;
				sum += v[k].n * (unsigned long long)sc;
				if (sc >= 4)
					agree += v[k].n;
				else if (sc <= 2)
					dis += v[k].n;
				else
					neu += v[k].n;
			}
			tally_record_start(t, &jw, "scale");
			gd_jw_keyz(&jw, "question");
			gd_jw_str(&jw, v[j].k.d[last].f, v[j].k.d[last].fl);
			gd_jw_keyz(&jw, "by");
			gd_jw_arr_open(&jw);
			for (d = 0; d < last; d++)
				gd_jw_str(&jw, v[j].k.d[d].f, v[j].k.d[d].fl);
			gd_jw_arr_close(&jw);
			gd_jw_keyz(&jw, "key");
			gd_jw_arr_open(&jw);
			for (d = 0; d < last; d++) {
				if (v[j].k.d[d].v)
					gd_jw_str(&jw, v[j].k.d[d].v,
					    v[j].k.d[d].vl);
				else
					gd_jw_null(&jw);
			}
			gd_jw_arr_close(&jw);
			/* Its figures would tell a withheld cell. */
			if ((t->o.min_cell && n < t->o.min_cell) || withheld) {
				gd_jw_keyz(&jw, "n");
				gd_jw_null(&jw);
				gd_jw_keyz(&jw, "suppressed");
				gd_jw_bool(&jw, 1);
			} else {
				gd_jw_keyz(&jw, "n");
				gd_jw_int(&jw, (long long)n);
				gd_jw_keyz(&jw, "agree");
				gd_jw_int(&jw, (long long)agree);
				gd_jw_keyz(&jw, "neutral");
				gd_jw_int(&jw, (long long)neu);
				gd_jw_keyz(&jw, "disagree");
				gd_jw_int(&jw, (long long)dis);
				gd_jw_keyz(&jw, "off_scale");
				gd_jw_int(&jw, (long long)off);
				gd_jw_keyz(&jw, "agree_share");
				tally_share_json(&jw, agree, n);
				gd_jw_keyz(&jw, "disagree_share");
				tally_share_json(&jw, dis, n);
				gd_jw_keyz(&jw, "net");
				if (n)
					fixed_json(&jw, ((long long)((agree *
					    20000 / n + 1) / 2) - (long long)
					    ((dis * 20000 / n + 1) / 2)));
				else
					gd_jw_null(&jw);
				gd_jw_keyz(&jw, "mean");
				/* Collapsed to three groups: no mean. */
				if (n && !collapsed)
					fixed_json(&jw, (long long)((sum *
					    20000 / n + 1) / 2));
				else
					gd_jw_null(&jw);
			}
			gd_jw_obj_close(&jw);
			if (tally_emit_line(t, &jw, out, ctx, err) == -1)
				return -1;
		}
	}
	return 0;
}
