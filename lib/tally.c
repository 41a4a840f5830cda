/*
 * tally.c - counts, cross-tabulations, Likert summaries, themes and stubs
 * of response records (see gd/tally.h): the public interface, and the
 * order of the stages (tally_int.h lists the files that do them).
 *
 * Every count is a cell of one hash table: a key (which tabulation,
 * which fields, which values) and a number.  The summary, the themes and
 * the tabulations the user asked for are all cells, so partial results
 * merge by adding cells, whatever produced them.  What is published
 * (shares, Likert figures, suppression) is computed from the cells only
 * when writing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

struct gd_tally *
gd_tally_new(const struct gd_tally_opts *o, struct gd_error *err)
{
	struct gd_tally *t;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	gd_buf_init(&t->m.line, 0);
	/* Until the partials say which options they were made with. */
	t->m.waiting = o->from_partials;
	if (tally_configure(t, o, NULL, err) == -1) {
		gd_tally_free(t);
		return NULL;
	}
	return t;
}

/*
 * Sets a tally up for options o (t zeroed but for t->m); args: the
 * "args" of a partials' options record, whose scale and codebook replace
 * the files.  Returns 0, or -1 with err, t then to be released.
 */
int
tally_configure(struct gd_tally *t, const struct gd_tally_opts *o,
    json_t *args, struct gd_error *err)
{
	static const char *const defaults[] = { "answers.*",
	    "respondent.type,answers.*" };
	const char *const *by = o->nby ? o->by : defaults;
	size_t nby = o->nby ? o->nby : 2, i;
	json_t *labels = json_object_get(json_object_get(args, "scale"),
	    "labels");
	json_t *themes = json_object_get(json_object_get(args, "codebook"),
	    "themes");

	t->o = *o;
	gd_buf_init(&t->c.keys, 0);
	gd_buf_init(&t->key, 0);
	gd_buf_init(&t->fbuf, 0);
	gd_buf_init(&t->scratch, 0);
	gd_buf_init(&t->vtext, 0);
	gd_buf_init(&t->folded, 0);
	gd_buf_init(&t->line, 0);
	gd_buf_init(&t->ids, 0);
	gd_buf_init(&t->text, 0);
	gd_buf_init(&t->rec, 0);
	t->p_campaign = -1;
	if ((t->ps = gd_jpaths_new()) == NULL ||
	    (t->specs = calloc(nby + 2, sizeof(*t->specs))) == NULL)
		return gd_error_nomem(err, NULL, 0);
	t->p_kind = gd_jpaths_add(t->ps, "kind");
	t->p_id = gd_jpaths_add(t->ps, "id");
	t->p_consent = gd_jpaths_add(t->ps, "consent");
	t->p_moderation = gd_jpaths_add(t->ps, "moderation");
	t->p_type = gd_jpaths_add(t->ps, "respondent.type");
	t->p_comments = gd_jpaths_add(t->ps, "comments.*");
	t->p_answers = gd_jpaths_add(t->ps, "answers.*");
	t->p_privacy = gd_jpaths_add(t->ps, "privacy");
	t->p_reason = gd_jpaths_add(t->ps, "reason");
	t->p_pseudonym = gd_jpaths_add(t->ps, "respondent.pseudonym");
	t->p_rid = gd_jpaths_add(t->ps, "respondent.id");
	if (t->p_kind < 0 || t->p_id < 0 || t->p_consent < 0 ||
	    t->p_moderation < 0 || t->p_type < 0 || t->p_comments < 0 ||
	    t->p_answers < 0 || t->p_privacy < 0 || t->p_reason < 0 ||
	    t->p_pseudonym < 0 || t->p_rid < 0)
		return gd_error_nomem(err, NULL, 0);
	for (i = 0; i < nby; i++) {
		/* Counted first: its paths are freed whatever follows. */
		t->nspecs++;
		if (tally_parse_spec(t, by[i], &t->specs[i], err) == -1)
			return -1;
	}
	t->ntabs = t->nspecs;
	t->one_voice = 1;
	if (o->compare && tally_compare_specs(t, err) == -1)
		return -1;
	t->scale_given = labels != NULL;
	if (tally_load_scale(t, labels, err) == -1 || ((o->codebook ||
	    themes) && tally_load_codebook(t, themes, err) == -1))
		return -1;
	if (o->campaigns) {
		struct gd_campaign_opts co;

		/* The defaults written out: the same options, however
		 * they were given, have one fingerprint. */
		if (!(t->o.campaign_threshold > 0))
			t->o.campaign_threshold = GD_CAMPAIGN_THRESHOLD;
		if (!(t->o.boilerplate > 0))
			t->o.boilerplate = GD_CAMPAIGN_BOILERPLATE;
		if (t->o.campaign_min == 0)
			t->o.campaign_min = GD_CAMPAIGN_MIN_SIZE;
		co.threshold = t->o.campaign_threshold;
		co.boilerplate = t->o.boilerplate;
		co.min_size = t->o.campaign_min;
		t->p_submitted = gd_jpaths_add(t->ps, "submitted");
		if (o->mark_campaigns)
			t->p_campaign = gd_jpaths_add(t->ps, "campaign");
		if (t->p_submitted < 0 || (o->mark_campaigns &&
		    t->p_campaign < 0))
			return gd_error_nomem(err, NULL, 0);
		/* Counted as they come unless they are to be counted
		 * (collapse, separate), marked or passed on at the end. */
		/* Comparisons count campaigns as one voice too, once
		 * they are known. */
		if ((t->cf = gd_campaigns_new(&co, err)) == NULL ||
		    ((o->mark_campaigns || o->partial || o->compare ||
		    o->campaign_mode != GD_CAMPAIGN_INCLUDE) && (t->spool = gd_spool_open("gd-tally",
		    "responses", err)) == NULL))
			return -1;
	}
	tally_fingerprint(t);
	return 0;
}

/* Frees what tally_configure set up; t->m stays. */
void
tally_release(struct gd_tally *t)
{
	size_t i, j;

	for (i = 0; i < t->nspecs; i++)
		for (j = 0; j < t->specs[i].nd; j++)
			free(t->specs[i].d[j].path);
	free(t->specs);
	gd_jpaths_free(t->ps);
	tally_cells_release(&t->c);
	gd_buf_release(&t->key);
	gd_buf_release(&t->scratch);
	gd_buf_release(&t->vtext);
	gd_buf_release(&t->folded);
	gd_buf_release(&t->line);
	free(t->rv);
	for (i = 0; i < t->nthemes; i++) {
		for (j = 0; j < t->themes[i].nre; j++)
			pcre2_code_free(t->themes[i].re[j]);
		free(t->themes[i].re);
		free(t->themes[i].patterns);
		free(t->themes[i].id);
		free(t->themes[i].label);
	}
	free(t->themes);
	for (i = 0; i < t->nex; i++) {
		free(t->ex[i].key);
		for (j = 0; j < t->ex[i].n; j++)
			free(t->ex[i].id[j]);
	}
	free(t->ex);
	for (i = 0; i < t->nstubs; i++)
		free(t->stubs[i].id);
	free(t->stubs);
	free(t->authors);
	for (i = 0; i < t->nscale; i++)
		free(t->scale[i].label);
	free(t->scale);
	pcre2_match_data_free(t->md);
	gd_folded_release(&t->fold);
	for (i = 0; i <= MAX_DIMS; i++) {
		free(t->dvs[i].v);
		free(t->dvs[i].vl);
	}
	free(t->mem.v);
	free(t->mem.vl);
	free(t->mfrom);
	free(t->mto);
	gd_buf_release(&t->fbuf);
	gd_campaigns_free(t->cf);
	if (t->spool)
		fclose(t->spool);
	free(t->sp);
	gd_buf_release(&t->ids);
	gd_buf_release(&t->text);
	gd_buf_release(&t->rec);
	for (i = 0; i < t->ncamp; i++) {
		free(t->cs[i].first);
		free(t->cs[i].last);
		free(t->cs[i].text);
	}
	free(t->cs);
	for (i = 0; i < t->nunseen; i++)
		free(t->unseen[i]);
	free(t->unseen);
	for (i = 0; i < t->nwtypes; i++)
		free(t->wtypes[i]);
	free(t->wtypes);
	t->wtypes = NULL;
	t->nwtypes = 0;
	for (i = 0; i < t->ngtypes; i++)
		free(t->gtypes[i]);
	free(t->gtypes);
	t->gtypes = NULL;
	t->ngtypes = 0;
	for (i = 0; i < t->ncq; i++)
		free(t->cq[i]);
	free(t->cq);
	t->cq = NULL;
	t->ncq = 0;
	free(t->theme_hide);
	t->theme_hide = NULL;
}

void
gd_tally_free(struct gd_tally *t)
{
	if (t == NULL)
		return;
	tally_release(t);
	tally_previous_release(&t->pv);
	json_decref(t->m.args);
	free(t->m.by);
	if (t->m.spool)
		fclose(t->m.spool);
	free(t->m.kept);
	gd_buf_release(&t->m.line);
	free(t);
}

int
gd_tally_add(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err)
{
	int rc = tally_scan(t, line, n, err);

	if (rc != 1)
		return rc;
	if (t->cf)
		return tally_defer(t, line, n, err);
	if (tally_count(t, 1, NULL) == -1)
		return gd_error_nomem(err, NULL, 0);
	return 1;
}

/*
 * What the aggregates were computed from (the cells of SPEC_PRIVACY):
 * "publication" when every record counted was redacted for publication,
 * "analysis" when each was redacted for one or the other; NULL when one
 * was not redacted, or nothing was counted (nothing to vouch for).
 */
static const char *
tally_privacy(const struct oc *v, size_t nv)
{
	int publication = 0, analysis = 0;
	size_t i;

	for (i = 0; i < nv; i++) {
		const struct dkey *k = &v[i].k;

		if (k->spec != SPEC_PRIVACY || v[i].n == 0)
			continue;
		if (k->d[0].vl == 11 && memcmp(k->d[0].v, "publication", 11) ==
		    0)
			publication = 1;
		else if (k->d[0].vl == 8 && memcmp(k->d[0].v, "analysis", 8)
		    == 0)
			analysis = 1;
		else
			return NULL;
	}
	return analysis ? "analysis" : publication ? "publication" : NULL;
}

int
gd_tally_write(struct gd_tally *t, gd_tally_out_fn out, void *ctx,
    struct gd_error *err)
{
	struct oc *v;
	size_t nv, from, to;
	unsigned s;
	int rc = -1;

	if (t->cf && !t->finished && tally_finish(t, out, ctx, err) == -1)
		return -1;
	if (tally_flush_counts(t) == -1 ||
	    (v = tally_sorted_cells(t, &nv)) == NULL)
		return gd_error_nomem(err, NULL, 0);
	if (t->o.missing && (v = tally_missing_cells(t, v, &nv)) == NULL)
		return gd_error_nomem(err, NULL, 0);
	if (tally_group_types(t, v, &nv) == -1 ||
	    tally_collapse_likert(t, v, &nv) == -1) {
		free(v);
		return gd_error_nomem(err, NULL, 0);
	}
	t->privacy = tally_privacy(v, nv);
	if (tally_find_unseen(t, v, nv) == -1) {
		free(v);
		return gd_error_nomem(err, NULL, 0);
	}
	/* Suppression first, everywhere: it decides what the summary may
	 * show too.  What an earlier publication withheld first of all.
	 * The tabulations only: the counts of comparisons are not
	 * published, and tally_write_compare() withholds what they would
	 * tell. */
	if (tally_previous_force(t, v, nv) == -1) {
		free(v);
		return gd_error_nomem(err, NULL, 0);
	}
	{
		size_t all = t->nspecs;

		t->nspecs = t->ntabs;
		tally_suppress_tables(t, v, nv);
		t->nspecs = all;
	}
	if (tally_sdc_complete(t, v, nv, err) == -1)
		goto done;
	if (tally_write_summary(t, v, nv, out, ctx, err) == -1)
		goto done;
	for (s = 0; s < t->ntabs; s++) {
		for (from = 0; from < nv && v[from].k.spec != s; from++)
			;
		to = tally_spec_range(v, nv, from, s);
		if (from == to)
			continue;
		if (tally_write_tallies(t, v, from, to, out, ctx, err) == -1)
			goto done;
	}
	for (s = 0; s < t->ntabs; s++) {
		const struct spec *sp = &t->specs[s];

		if (sp->star_dim != (int)sp->nd - 1)
			continue;
		for (from = 0; from < nv && v[from].k.spec != s; from++)
			;
		to = tally_spec_range(v, nv, from, s);
		if (from < to && tally_write_scales(t, v, from, to, out, ctx,
		    err) == -1)
			goto done;
	}
	if (t->o.compare && tally_write_compare(t, v, nv, out, ctx, err) ==
	    -1)
		goto done;
	if (t->nthemes && tally_write_themes(t, v, nv, out, ctx, err) == -1)
		goto done;
	if (t->o.stubs && tally_write_stubs(t, out, ctx, err) == -1)
		goto done;
	if (t->cf && tally_write_campaigns(t, v, nv, out, ctx, err) == -1)
		goto done;
	rc = 0;
done:
	t->privacy = NULL;
	free(v);
	return rc;
}

const char *
gd_tally_unseen(const struct gd_tally *t, size_t i)
{
	return i < t->nunseen ? t->unseen[i] : NULL;
}

const struct gd_tally_sdc *
gd_tally_sdc_stats(const struct gd_tally *t)
{
	return &t->sdc;
}
