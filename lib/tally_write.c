/*
 * tally_write.c - the output records: each a line "{"gd":1,"kind":...}"
 * built with jsonw.c; the summary (responses, campaigns, by consent,
 * moderation and type, stubs) and a "tally" record per cell of each
 * tabulation (count, row total, share), as suppression left them; the
 * helpers the other records share (shares to four decimals, counts or
 * null).  Scale, theme, stub and campaign records are written by their
 * own files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

static void
dims_json(struct gd_jw *jw, const struct dkey *k, int values)
{
	unsigned i;

	gd_jw_arr_open(jw);
	for (i = 0; i < k->nd; i++) {
		if (!values)
			gd_jw_str(jw, k->d[i].f, k->d[i].fl);
		else if (k->d[i].v)
			gd_jw_str(jw, k->d[i].v, k->d[i].vl);
		else
			gd_jw_null(jw);
	}
	gd_jw_arr_close(jw);
}

/* A share n/of as a number with four decimals (exact, from integers). */
void
tally_share_json(struct gd_jw *jw, unsigned long long n,
    unsigned long long of)
{
	char b[32];
	unsigned long long x;
	int len;

	if (of == 0) {
		gd_jw_null(jw);
		return;
	}
	x = (n * 20000 / of + 1) / 2;	/* rounded to 1/10000 */
	len = snprintf(b, sizeof(b), "%llu.%04llu", x / 10000, x % 10000);
	gd_jw_raw(jw, b, (size_t)len);
}

/*
 * Ends the record in t->line and hands it to out.  Returns 0, or -1 with
 * err: memory, or as out left it.
 */
int
tally_emit_line(struct gd_tally *t, struct gd_jw *jw, gd_tally_out_fn out,
    void *ctx, struct gd_error *err)
{
	if (jw->err)
		return gd_error_nomem(err, NULL, 0);
	/* What the record was computed from, as its last member: the
	 * record is closed, so the member goes before its "}". */
	if (t->privacy && t->line.len > 0 && t->line.data[t->line.len - 1] ==
	    '}') {
		t->line.len--;
		if (gd_buf_adds(&t->line, ",\"privacy\":\"") == -1 ||
		    gd_buf_adds(&t->line, t->privacy) == -1 ||
		    gd_buf_adds(&t->line, "\"}") == -1)
			return gd_error_nomem(err, NULL, 0);
	}
	if (gd_buf_addc(&t->line, '\n') == -1)
		return gd_error_nomem(err, NULL, 0);
	return out(ctx, t->line.data, t->line.len, err);
}

/* Starts a record of this kind in t->line. */
void
tally_record_start(struct gd_tally *t, struct gd_jw *jw, const char *kind)
{
	gd_buf_reset(&t->line);
	gd_jw_init(jw, &t->line);
	gd_jw_obj_open(jw);
	gd_jw_keyz(jw, "gd");
	gd_jw_int(jw, GD_FORMAT_VERSION);
	gd_jw_keyz(jw, "kind");
	gd_jw_strz(jw, kind);
}

/* The count of a map entry, or null when suppressed. */
void
tally_count_json(struct gd_jw *jw, const struct oc *c)
{
	if (c->supp)
		gd_jw_null(jw);
	else
		gd_jw_int(jw, (long long)c->n);
}

/*
 * "published" and "unpublished" (reason to count, withheld below the
 * minimum cell as the summary's other counts are) from the SPEC_UNPUB
 * cells, which are sorted by reason.  Returns 0, or -1 (memory).
 */
static int
write_unpublished(struct gd_tally *t, struct gd_jw *jw, const struct oc *v,
    size_t nv, unsigned long long responses)
{
	struct oc *r;
	size_t i, n = 0;
	unsigned long long out = 0;

	if ((r = calloc(nv + 1, sizeof(*r))) == NULL)
		return -1;
	for (i = 0; i < nv; i++) {
		if (v[i].k.spec != SPEC_UNPUB)
			continue;
		out += v[i].n;
		if (n > 0 && tally_strcmp_n(r[n - 1].k.d[0].v,
		    r[n - 1].k.d[0].vl, v[i].k.d[0].v, v[i].k.d[0].vl) == 0) {
			r[n - 1].n += v[i].n;
			continue;
		}
		r[n].k.spec = SPEC_UNPUB;
		r[n].k.nd = 1;
		r[n].k.d[0] = v[i].k.d[0];
		r[n].n = v[i].n;
		n++;
	}
	if (n > 0)
		tally_suppress(r, 0, n, t->o.min_cell);
	gd_jw_keyz(jw, "published");
	gd_jw_int(jw, (long long)(responses - out));
	gd_jw_keyz(jw, "unpublished");
	gd_jw_obj_open(jw);
	for (i = 0; i < n; i++) {
		gd_jw_key(jw, r[i].k.d[0].v, r[i].k.d[0].vl);
		tally_count_json(jw, &r[i]);
	}
	gd_jw_obj_close(jw);
	free(r);
	return 0;
}

int
tally_write_summary(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx, struct gd_error *err)
{
	unsigned long long responses = 0, unread = 0;
	static const unsigned maps[] = { SPEC_CONSENT, SPEC_MODERATION,
	    SPEC_TYPE, SPEC_STUB };
	static const char *const names[] = { "by_consent", "by_moderation",
	    "by_type", "stubs" };
	struct gd_jw jw;
	size_t i, j, from, to;

	for (i = 0; i < nv; i++)
		if (v[i].k.spec == SPEC_RESPONSES)
			responses += v[i].n;
		else if (v[i].k.spec == SPEC_UNPUB)
			unread += v[i].n;
	tally_record_start(t, &jw, "summary");
	gd_jw_keyz(&jw, "responses");
	gd_jw_int(&jw, (long long)responses);
	/* For a publication: how many are published, and why the others
	 * are not (their count-only records, by reason). */
	if (t->privacy && strcmp(t->privacy, "publication") == 0 &&
	    write_unpublished(t, &jw, v, nv, responses) == -1)
		return gd_error_nomem(err, NULL, 0);
	/* Distinct authors, when some record says who wrote it: each
	 * record that does not counts as an author of its own. */
	t->nauthors = tally_authors_unique(t->authors, t->nauthors);
	if (t->nauthors > 0) {
		unsigned long long own = 0;

		for (i = 0; i < nv; i++)
			if (v[i].k.spec == SPEC_NOAUTHOR)
				own += v[i].n;
		gd_jw_keyz(&jw, "respondents");
		gd_jw_int(&jw, (long long)(t->nauthors + own));
	}
	if (t->cf) {
		unsigned long long in = 0;

		for (i = 0; i < t->ncamp; i++)
			in += t->cs[i].size;
		gd_jw_keyz(&jw, "campaigns");
		gd_jw_int(&jw, (long long)t->ncamp);
		gd_jw_keyz(&jw, "campaign_responses");
		gd_jw_int(&jw, (long long)in);
		gd_jw_keyz(&jw, "unique_voices");
		/* Among the responses whose text was read: a count-only
		 * record may be a campaign's copy or not. */
		gd_jw_int(&jw, (long long)(responses - unread - in +
		    t->ncamp));
	}
	for (j = 0; j < 4; j++) {
		for (from = 0; from < nv && v[from].k.spec != maps[j]; from++)
			;
		to = tally_spec_range(v, nv, from, maps[j]);
		/* Present only when some response has a moderation state. */
		if (maps[j] == SPEC_MODERATION && from == to)
			continue;
		if (maps[j] != SPEC_STUB)
			tally_suppress(v, from, to, t->o.min_cell);
		if (maps[j] == SPEC_TYPE && t->nwtypes == 0 &&
		    tally_note_withheld_types(t, v, from, to) == -1)
			return gd_error_nomem(err, NULL, 0);
		gd_jw_keyz(&jw, names[j]);
		gd_jw_obj_open(&jw);
		for (i = from; i < to; i++) {
			gd_jw_key(&jw, v[i].k.d[0].v, v[i].k.d[0].vl);
			tally_count_json(&jw, &v[i]);
		}
		gd_jw_obj_close(&jw);
	}
	/* --min-cell: the types counted as one group, and what is
	 * withheld (the information lost). */
	if (t->o.min_cell) {
		gd_jw_keyz(&jw, "collapsed");
		gd_jw_arr_open(&jw);
		for (i = 0; i < t->ncq; i++)
			gd_jw_strz(&jw, t->cq[i]);
		gd_jw_arr_close(&jw);
		gd_jw_keyz(&jw, "grouped_types");
		gd_jw_arr_open(&jw);
		for (i = 0; i < t->ngtypes; i++)
			gd_jw_strz(&jw, t->gtypes[i]);
		gd_jw_arr_close(&jw);
		gd_jw_keyz(&jw, "withheld_cells");
		gd_jw_int(&jw, (long long)t->sdc.cells);
		gd_jw_keyz(&jw, "withheld_counts");
		gd_jw_int(&jw, (long long)t->sdc.counts);
	}
	gd_jw_obj_close(&jw);
	return tally_emit_line(t, &jw, out, ctx, err);
}

/* A "tally" record per cell of one tabulation, [from, to). */
int
tally_write_tallies(struct gd_tally *t, struct oc *v, size_t from,
    size_t to, gd_tally_out_fn out, void *ctx, struct gd_error *err)
{
	struct gd_jw jw;
	size_t i;

	for (i = from; i < to; i++) {
		tally_record_start(t, &jw, "tally");
		gd_jw_keyz(&jw, "by");
		dims_json(&jw, &v[i].k, 0);
		gd_jw_keyz(&jw, "key");
		dims_json(&jw, &v[i].k, 1);
		gd_jw_keyz(&jw, "n");
		tally_count_json(&jw, &v[i]);
		gd_jw_keyz(&jw, "of");
		if (v[i].hide_of)
			gd_jw_null(&jw);
		else
			gd_jw_int(&jw, (long long)v[i].of);
		gd_jw_keyz(&jw, "share");
		if (v[i].supp || v[i].hide_of)
			gd_jw_null(&jw);
		else
			tally_share_json(&jw, v[i].n, v[i].of);
		if (v[i].supp) {
			gd_jw_keyz(&jw, "suppressed");
			gd_jw_bool(&jw, 1);
		}
		if (v[i].collapsed) {
			gd_jw_keyz(&jw, "collapsed");
			gd_jw_bool(&jw, 1);
		}
		gd_jw_obj_close(&jw);
		if (tally_emit_line(t, &jw, out, ctx, err) == -1)
			return -1;
	}
	return 0;
}
