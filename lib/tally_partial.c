/*
 * tally_partial.c - mergeable partial results: --partial writes first the
 * options the counts were made with ("args"), then every cell as it is
 * (raw counts: nothing published is worked out), the theme examples and
 * the stubs, each a "partial" record carrying the options' fingerprint;
 * --merge takes its options from the first record of options (or has
 * its own, which the partials' must then be), checks each record (valid
 * JSON, the same fingerprint, a cell of the shape of one of this
 * tally's tables) and adds it in.  A partial record that comes before
 * the options it was made with are known is kept aside until the end of
 * the input.  With campaigns the partials are the responses themselves,
 * which the merge counts as it would have.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tally_int.h"

static void
partial_start(struct gd_tally *t, struct gd_jw *jw)
{
	tally_record_start(t, jw, "partial");
	gd_jw_keyz(jw, "config");
	gd_jw_strz(jw, t->config);
}

/* A number as JSON, in the fewest digits that read back as x. */
static void
real_json(struct gd_jw *jw, double x)
{
	char b[40];
	int prec, len = 0;

	for (prec = 1; prec <= 17; prec++) {
		len = snprintf(b, sizeof(b), "%.*g", prec, x);
		if (strtod(b, NULL) == x)
			break;
	}
	gd_jw_raw(jw, b, (size_t)len);
}

static const char *const mode_names[] = { "include", "collapse",
    "separate" };

/*
 * The partial record of the options the counts were made with, written
 * first: the merge reads its options from it.  "args" comes before
 * "config" so that, the lines sorted (Hadoop Streaming sorts them), the
 * records of options still come before the others.  The scale and the
 * codebook are written in the form of their files; options left at
 * their defaults are left out, but for the campaigns'.
 */
static int
write_args(struct gd_tally *t, gd_tally_out_fn out, void *ctx,
    struct gd_error *err)
{
	struct gd_jw jw;
	size_t i, j;

	tally_record_start(t, &jw, "partial");
	gd_jw_keyz(&jw, "args");
	gd_jw_obj_open(&jw);
	if (t->o.nby) {
		gd_jw_keyz(&jw, "by");
		gd_jw_arr_open(&jw);
		for (i = 0; i < t->ntabs; i++) {
			gd_buf_reset(&t->fbuf);
			for (j = 0; j < t->specs[i].nd; j++)
				if ((j && gd_buf_addc(&t->fbuf, ',') == -1) ||
				    gd_buf_adds(&t->fbuf, t->specs[i].d[j].path)
				    == -1)
					return gd_error_nomem(err, NULL, 0);
			gd_jw_str(&jw, t->fbuf.data, t->fbuf.len);
		}
		gd_jw_arr_close(&jw);
	}
	gd_jw_keyz(&jw, "missing");
	gd_jw_bool(&jw, t->o.missing);
	gd_jw_keyz(&jw, "stubs");
	gd_jw_bool(&jw, t->o.stubs);
	if (t->scale_given) {
		gd_jw_keyz(&jw, "scale");
		gd_jw_obj_open(&jw);
		gd_jw_keyz(&jw, "labels");
		gd_jw_obj_open(&jw);
		for (i = 0; i < t->nscale; i++) {
			gd_jw_key(&jw, t->scale[i].label,
			    strlen(t->scale[i].label));
			gd_jw_int(&jw, t->scale[i].score);
		}
		gd_jw_obj_close(&jw);
		gd_jw_obj_close(&jw);
	}
	if (t->nthemes) {
		gd_jw_keyz(&jw, "codebook");
		gd_jw_obj_open(&jw);
		gd_jw_keyz(&jw, "themes");
		gd_jw_arr_open(&jw);
		for (i = 0; i < t->nthemes; i++) {
			gd_jw_obj_open(&jw);
			gd_jw_keyz(&jw, "id");
			gd_jw_strz(&jw, t->themes[i].id);
			gd_jw_keyz(&jw, "label");
			gd_jw_strz(&jw, t->themes[i].label);
			gd_jw_keyz(&jw, "patterns");
			gd_jw_raw(&jw, t->themes[i].patterns,
			    strlen(t->themes[i].patterns));
			gd_jw_obj_close(&jw);
		}
		gd_jw_arr_close(&jw);
		gd_jw_obj_close(&jw);
	}
	if (t->o.compare) {
		gd_jw_keyz(&jw, "compare");
		gd_jw_obj_open(&jw);
		if (t->o.compare_by) {
			gd_jw_keyz(&jw, "by");
			gd_jw_strz(&jw, t->o.compare_by);
		}
		if (t->o.compare_a) {
			gd_jw_keyz(&jw, "groups");
			gd_jw_arr_open(&jw);
			gd_jw_strz(&jw, t->o.compare_a);
			gd_jw_strz(&jw, t->o.compare_b);
			gd_jw_arr_close(&jw);
		}
		gd_jw_obj_close(&jw);
	}
	if (t->o.campaigns) {
		gd_jw_keyz(&jw, "campaigns");
		gd_jw_obj_open(&jw);
		gd_jw_keyz(&jw, "mode");
		gd_jw_strz(&jw, mode_names[t->o.campaign_mode]);
		gd_jw_keyz(&jw, "threshold");
		real_json(&jw, t->o.campaign_threshold);
		gd_jw_keyz(&jw, "min");
		gd_jw_int(&jw, (long long)t->o.campaign_min);
		gd_jw_keyz(&jw, "boilerplate");
		real_json(&jw, t->o.boilerplate);
		gd_jw_obj_close(&jw);
	}
	gd_jw_obj_close(&jw);
	gd_jw_keyz(&jw, "config");
	gd_jw_strz(&jw, t->config);
	gd_jw_obj_close(&jw);
	return tally_emit_line(t, &jw, out, ctx, err);
}

int
gd_tally_write_partial(struct gd_tally *t, gd_tally_out_fn out, void *ctx,
    struct gd_error *err)
{
	struct gd_jw jw;
	struct oc *v;
	size_t nv, i, j;
	unsigned d;
	int rc = -1;

	if (write_args(t, out, ctx, err) == -1)
		return -1;
	if (t->cf) {
		/* Campaigns span shards: the responses themselves go on,
		 * as they were, for the merge to find them whole. */
		if (t->spool == NULL)
			return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "partial campaigns need opts.partial");
		if (fflush(t->spool) == EOF)
			return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "cannot keep responses aside: %s",
			    strerror(errno));
		for (i = 0; i < t->nsp; i++) {
			if (tally_reread(t, i, err) == -1)
				return -1;
			gd_buf_reset(&t->line);
			if (gd_buf_addf(&t->line, "{\"gd\":1,\"kind\":\"partial\","
			    "\"config\":\"%s\",\"record\":", t->config) == -1 ||
			    gd_buf_add(&t->line, t->rec.data, t->rec.len) ==
			    -1 || gd_buf_adds(&t->line, "}\n") == -1)
				return gd_error_nomem(err, NULL, 0);
			if (out(ctx, t->line.data, t->line.len, err) == -1)
				return -1;
		}
		return 0;
	}
	if (tally_flush_counts(t) == -1 ||
	    (v = tally_sorted_cells(t, &nv)) == NULL)
		return gd_error_nomem(err, NULL, 0);
	for (i = 0; i < nv; i++) {
		partial_start(t, &jw);
		gd_jw_keyz(&jw, "cell");
		gd_jw_int(&jw, v[i].k.spec);
		gd_jw_keyz(&jw, "dims");
		gd_jw_arr_open(&jw);
		for (d = 0; d < v[i].k.nd; d++) {
			gd_jw_arr_open(&jw);
			gd_jw_str(&jw, v[i].k.d[d].f, v[i].k.d[d].fl);
			if (v[i].k.d[d].v)
				gd_jw_str(&jw, v[i].k.d[d].v, v[i].k.d[d].vl);
			else
				gd_jw_null(&jw);
			gd_jw_arr_close(&jw);
		}
		gd_jw_arr_close(&jw);
		gd_jw_keyz(&jw, "n");
		gd_jw_int(&jw, (long long)v[i].n);
		gd_jw_obj_close(&jw);
		if (tally_emit_line(t, &jw, out, ctx, err) == -1)
			goto done;
	}
	for (i = 0; i < t->nex; i++) {
		size_t il = strlen(t->ex[i].key);

		partial_start(t, &jw);
		gd_jw_keyz(&jw, "examples");
		gd_jw_arr_open(&jw);
		gd_jw_str(&jw, t->ex[i].key, il);
		gd_jw_str(&jw, t->ex[i].key + il + 1, t->ex[i].klen - il - 1);
		gd_jw_arr_close(&jw);
		gd_jw_keyz(&jw, "ids");
		gd_jw_arr_open(&jw);
		for (j = 0; j < t->ex[i].n; j++)
			gd_jw_strz(&jw, t->ex[i].id[j]);
		gd_jw_arr_close(&jw);
		gd_jw_obj_close(&jw);
		if (tally_emit_line(t, &jw, out, ctx, err) == -1)
			goto done;
	}
	t->nauthors = tally_authors_unique(t->authors, t->nauthors);
	for (i = 0; i < t->nauthors; i++) {
		char hex[17];

		snprintf(hex, sizeof(hex), "%016llx",
		    (unsigned long long)t->authors[i]);
		partial_start(t, &jw);
		gd_jw_keyz(&jw, "author");
		gd_jw_strz(&jw, hex);
		gd_jw_obj_close(&jw);
		if (tally_emit_line(t, &jw, out, ctx, err) == -1)
			goto done;
	}
	tally_stubs_sort(t);
	for (i = 0; i < t->nstubs; i++) {
		partial_start(t, &jw);
		gd_jw_keyz(&jw, "stub");
		gd_jw_strz(&jw, t->stubs[i].id);
		gd_jw_keyz(&jw, "reason");
		gd_jw_strz(&jw, t->stubs[i].reason);
		gd_jw_obj_close(&jw);
		if (tally_emit_line(t, &jw, out, ctx, err) == -1)
			goto done;
	}
	rc = 0;
done:
	free(v);
	return rc;
}

static int
jstr_is(json_t *s, const char *want)
{
	const char *v = json_string_value(s);

	return v && json_string_length(s) == strlen(want) && strcmp(v, want)
	    == 0;
}

/*
 * Whether a partial's cell has the shape this tally gives its table:
 * a table there is, as many dimensions as it has, and each dimension's
 * field the one asked for ("answers." and a member for a star field; ""
 * for that dimension of a --missing base count).  A cell of another
 * shape would be counted under a table it does not belong to.
 */
static int
cell_shape_ok(const struct gd_tally *t, unsigned spec, json_t *dims)
{
	static const struct { unsigned spec; const char *f[2]; size_t nd; }
	    fixed[] = {
		{ SPEC_RESPONSES, { NULL, NULL }, 0 },
		{ SPEC_CONSENT, { "consent", NULL }, 1 },
		{ SPEC_MODERATION, { "moderation", NULL }, 1 },
		{ SPEC_PRIVACY, { "privacy", NULL }, 1 },
		{ SPEC_UNPUB, { "reason", "respondent.type" }, 2 },
		{ SPEC_NOAUTHOR, { NULL, NULL }, 0 },
		{ SPEC_TYPE, { "respondent.type", NULL }, 1 },
		{ SPEC_STUB, { "stub", NULL }, 1 },
		{ SPEC_THEME, { "theme", "respondent.type" }, 2 },
		{ SPEC_CAMP_TYPE, { "campaign", "respondent.type" }, 2 },
		{ SPEC_SEEN, { "field", NULL }, 1 },
	};
	const struct spec *sp;
	size_t i, j, nd = json_array_size(dims), off = 0;
	unsigned hidden = spec & (HIDDEN_BASE | HIDDEN_HAS), s;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		if (fixed[i].spec != spec)
			continue;
		if (nd != fixed[i].nd)
			return 0;
		for (j = 0; j < nd; j++)
			if (!jstr_is(json_array_get(json_array_get(dims, j), 0),
			    fixed[i].f[j]))
				return 0;
		return 1;
	}
	s = spec & ~(HIDDEN_BASE | HIDDEN_HAS);
	if (hidden == (HIDDEN_BASE | HIDDEN_HAS) || s >= t->nspecs)
		return 0;
	sp = &t->specs[s];
	if (hidden && sp->star_dim < 0)
		return 0;
	if (t->o.campaign_mode == GD_CAMPAIGN_SEPARATE && !sp->cmp)
		off = 1;
	if (nd != sp->nd + off)
		return 0;
	for (i = 0; i < nd; i++) {
		json_t *js = json_array_get(json_array_get(dims, i), 0);
		const char *f = json_string_value(js);
		size_t fl = json_string_length(js);
		const struct dim *dm;

		if (f == NULL)
			return 0;
		if (i < off) {
			if (!jstr_is(js, "voice"))
				return 0;
			continue;
		}
		dm = &sp->d[i - off];
		if (!dm->star) {
			if (!jstr_is(js, dm->path))
				return 0;
		} else if (hidden == HIDDEN_BASE) {
			if (fl != 0)
				return 0;
		} else if (fl < dm->prefix_len || memcmp(f, dm->path,
		    dm->prefix_len) != 0) {
			return 0;
		}
	}
	return 1;
}

/*
 * The options of a record of options ("args") into o: those that shape
 * the counts from it, the others (min_cell, mark_campaigns) the tally's
 * own; *by gets the array o->by points to.  Returns 0; -1 when args is
 * not what write_args() writes; -2 when memory runs out.
 */
static int
args_opts(const struct gd_tally *t, json_t *args, struct gd_tally_opts *o,
    const char ***by)
{
	json_t *v, *c, *x;
	size_t i;

	memset(o, 0, sizeof(*o));
	*by = NULL;
	o->min_cell = t->o.min_cell;
	o->no_collapse = t->o.no_collapse;
	o->mark_campaigns = t->o.mark_campaigns;
	if (!json_is_object(args))
		return -1;
	if ((v = json_object_get(args, "by")) != NULL) {
		if (!json_is_array(v) || json_array_size(v) == 0)
			return -1;
		if ((*by = calloc(json_array_size(v), sizeof(**by))) == NULL)
			return -2;
		json_array_foreach(v, i, x) {
			if (!json_is_string(x))
				return -1;
			(*by)[i] = json_string_value(x);
		}
		o->by = *by;
		o->nby = json_array_size(v);
	}
	o->missing = json_is_true(json_object_get(args, "missing"));
	o->stubs = json_is_true(json_object_get(args, "stubs"));
	if (((v = json_object_get(args, "scale")) != NULL &&
	    !json_is_object(json_object_get(v, "labels"))) ||
	    ((v = json_object_get(args, "codebook")) != NULL &&
	    !json_is_array(json_object_get(v, "themes"))))
		return -1;
	if ((c = json_object_get(args, "compare")) != NULL) {
		json_t *g = json_object_get(c, "groups");

		if (!json_is_object(c) || (json_object_get(c, "by") &&
		    !json_is_string(json_object_get(c, "by"))) || (g &&
		    (!json_is_array(g) || json_array_size(g) != 2 ||
		    !json_is_string(json_array_get(g, 0)) ||
		    !json_is_string(json_array_get(g, 1)))))
			return -1;
		o->compare = 1;
		o->compare_by = json_string_value(json_object_get(c, "by"));
		o->compare_a = json_string_value(json_array_get(g, 0));
		o->compare_b = json_string_value(json_array_get(g, 1));
	}
	if ((c = json_object_get(args, "campaigns")) != NULL) {
		const char *m = json_string_value(json_object_get(c, "mode"));
		double th = json_number_value(json_object_get(c, "threshold"));
		double bp = json_number_value(json_object_get(c,
		    "boilerplate"));
		json_int_t mn = json_integer_value(json_object_get(c, "min"));

		for (i = 0; m && i < 3 && strcmp(m, mode_names[i]) != 0; i++)
			;
		if (m == NULL || i == 3 || !(th > 0 && th <= 1) ||
		    !(bp > 0 && bp <= 1) || mn < 2)
			return -1;
		o->campaigns = 1;
		o->campaign_mode = (int)i;
		o->campaign_threshold = th;
		o->boilerplate = bp;
		o->campaign_min = (unsigned long)mn;
	}
	return 0;
}

/*
 * The options of t as a command line would give them, for messages:
 * into b, size bytes, cut if need be.
 */
static void
describe(struct gd_tally *t, char *b, size_t size)
{
	struct gd_buf d;
	size_t i, j;

	gd_buf_init(&d, 0);
	for (i = 0; t->o.nby && i < t->ntabs; i++) {
		(void)gd_buf_adds(&d, " --by ");
		for (j = 0; j < t->specs[i].nd; j++)
			(void)gd_buf_addf(&d, "%s%s", j ? "," : "",
			    t->specs[i].d[j].path);
	}
	if (t->o.missing)
		(void)gd_buf_adds(&d, " --missing");
	if (t->o.stubs)
		(void)gd_buf_adds(&d, " --stubs");
	if (t->scale_given)
		(void)gd_buf_adds(&d, " --scale");
	if (t->nthemes)
		(void)gd_buf_adds(&d, " --codebook");
	if (t->o.compare) {
		if (t->o.compare_a)
			(void)gd_buf_addf(&d, " --compare=%s,%s",
			    t->o.compare_a, t->o.compare_b);
		else
			(void)gd_buf_adds(&d, " --compare");
		if (t->o.compare_by)
			(void)gd_buf_addf(&d, " --compare-by %s",
			    t->o.compare_by);
	}
	if (t->o.campaigns) {
		(void)gd_buf_adds(&d, " --campaigns");
		if (t->o.campaign_mode != GD_CAMPAIGN_INCLUDE)
			(void)gd_buf_addf(&d, " --campaign-mode %s",
			    mode_names[t->o.campaign_mode]);
		if (t->o.campaign_threshold != GD_CAMPAIGN_THRESHOLD)
			(void)gd_buf_addf(&d, " --campaign-threshold %g",
			    t->o.campaign_threshold);
		if (t->o.campaign_min != GD_CAMPAIGN_MIN_SIZE)
			(void)gd_buf_addf(&d, " --campaign-min %lu",
			    t->o.campaign_min);
		if (t->o.boilerplate != GD_CAMPAIGN_BOILERPLATE)
			(void)gd_buf_addf(&d, " --boilerplate %g",
			    t->o.boilerplate);
	}
	if (d.len > 0)
		snprintf(b, size, "%.*s", (int)d.len - 1, d.data + 1);
	else
		snprintf(b, size, "the defaults");
	gd_buf_release(&d);
}

/*
 * A record of options (rec, its "args" args).  A tally waiting for the
 * partials' options is made again from them; any other must have been
 * made with the same.  Returns 1, or -1 with err: not options gd-tally
 * writes (GD_EXIT_REJECTS); options other than the tally's own
 * (GD_EXIT_USAGE) or than earlier partials' (GD_EXIT_UNUSABLE); memory.
 */
static int
merge_args(struct gd_tally *t, json_t *rec, json_t *args,
    struct gd_error *err)
{
	const char *cfg = json_string_value(json_object_get(rec, "config"));
	struct gd_tally_opts o;
	struct tally_merge m;
	struct tally_prev pv;
	struct gd_tally *nt;
	const char **by = NULL;
	char theirs[200], ours[200], why[GD_ERR_MSG];
	int rc;

	if (cfg == NULL || (rc = args_opts(t, args, &o, &by)) == -1) {
		free(by);
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "not a partial tally record");
	}
	if (rc == -2)
		return gd_error_nomem(err, NULL, 0);
	if (o.mark_campaigns && !o.campaigns) {
		free(by);
		return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
		    "--mark-campaigns: the partials were made without a "
		    "campaign option");
	}
	if (!t->m.waiting && strcmp(cfg, t->config) == 0) {
		free(by);
		return 1;
	}
	/* The tally these options make: what the partials were made with,
	 * and, if the fingerprint is theirs, what this one is to be. */
	if ((nt = calloc(1, sizeof(*nt))) == NULL) {
		free(by);
		return gd_error_nomem(err, NULL, 0);
	}
	if (tally_configure(nt, &o, args, err) == -1) {
		tally_release(nt);
		free(nt);
		free(by);
		if (err->code == GD_EXIT_IO)
			return -1;
		/* Its message, copied: err is written over. */
		memcpy(why, err->msg, sizeof(why));
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "not a partial tally record: its options: %.400s", why);
	}
	if (strcmp(nt->config, cfg) != 0) {
		tally_release(nt);
		free(nt);
		free(by);
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "not a partial tally record (of another version?): its "
		    "options do not give its config");
	}
	if (!t->m.waiting) {
		describe(nt, theirs, sizeof(theirs));
		describe(t, ours, sizeof(ours));
		tally_release(nt);
		free(nt);
		free(by);
		/* Written alike, the options differ in a file's contents
		 * (or a campaign figure past %g's digits). */
		if (strcmp(theirs, ours) == 0)
			snprintf(ours, sizeof(ours), "the same, but another "
			    "scale or codebook");
		if (t->m.args == NULL)
			return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
			    "the partials were made with other options (%s) "
			    "than --merge was given (%s): give it the same, or "
			    "none", theirs, ours);
		return gd_error_set(err, GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "partials made with other options (%s) than earlier "
		    "ones (%s) cannot be merged", theirs, ours);
	}
	/* Waiting: nothing is merged yet (all was kept aside), so the
	 * tally is made again, keeping what the merge keeps. */
	m = t->m;
	pv = t->pv;
	tally_release(t);
	*t = *nt;
	free(nt);
	t->m = m;
	t->pv = pv;
	t->m.waiting = 0;
	t->m.args = json_incref(args);
	t->m.by = by;
	return 1;
}

/* Keeps a partial record aside until gd_tally_merge_end. */
static int
keep(struct gd_tally *t, const char *line, size_t n, struct gd_error *err)
{
	struct tally_merge *m = &t->m;

	if (m->spool == NULL && (m->spool = gd_spool_open("gd-tally",
	    "partial records", err)) == NULL)
		return -1;
	if (m->nkept == m->keptcap) {
		size_t ncap = m->keptcap ? m->keptcap * 2 : 64;
		struct kept *nk = realloc(m->kept, ncap * sizeof(*nk));

		if (nk == NULL)
			return gd_error_nomem(err, NULL, 0);
		m->kept = nk;
		m->keptcap = ncap;
	}
	if (fwrite(line, 1, n, m->spool) != n)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "cannot keep partial records aside: %s", strerror(errno));
	m->kept[m->nkept].off = m->spooled;
	m->kept[m->nkept].len = n;
	m->nkept++;
	m->spooled += n;
	return GD_TALLY_KEPT;
}

int
gd_tally_merge_end(struct gd_tally *t, struct gd_error *err)
{
	t->m.waiting = 0;
	t->m.ended = 1;
	if (t->m.spool && fflush(t->m.spool) == EOF)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "cannot keep partial records aside: %s", strerror(errno));
	return 0;
}

size_t
gd_tally_kept(const struct gd_tally *t)
{
	return t->m.nkept;
}

int
gd_tally_kept_line(struct gd_tally *t, size_t i, const char **line,
    size_t *n, struct gd_error *err)
{
	const struct kept *k = &t->m.kept[i];
	size_t got = 0;
	ssize_t r;

	gd_buf_reset(&t->m.line);
	if (gd_buf_grow(&t->m.line, k->len) == -1)
		return gd_error_nomem(err, NULL, 0);
	while (got < k->len) {
		r = pread(fileno(t->m.spool), t->m.line.data + got,
		    k->len - got, (off_t)(k->off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "cannot read the partial records kept aside: %s",
			    strerror(errno));
		}
		got += (size_t)r;
	}
	t->m.line.len = got;
	*line = t->m.line.data;
	*n = got;
	return 0;
}

int
gd_tally_merge(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err)
{
	json_error_t je;
	json_t *o, *v, *d;
	const char *kind, *cfg;
	char pre[128];
	size_t i, pl;
	int rc = 1;

	/* Hadoop Streaming gives back each line with a TAB (a key with no
	 * value). */
	while (n > 0 && (line[n - 1] == '\t' || line[n - 1] == ' '))
		n--;
	/* Valid JSON, or nothing: jansson alone would take a line cut
	 * at a NUL byte. */
	t->nrv = 0;
	t->stub_known = 0;
	gd_buf_reset(&t->vtext);
	if (gd_jscan(t->ps, line, n, tally_collect, t, &t->scratch, err) ==
	    -1)
		return -1;
	/* A response carried whole (campaigns): exactly as written. */
	pl = (size_t)snprintf(pre, sizeof(pre), "{\"gd\":1,\"kind\":\"partial\","
	    "\"config\":\"%s\",\"record\":", t->config);
	if (t->cf && !t->m.waiting && n > pl + 1 && memcmp(line, pre, pl) ==
	    0 && line[n - 1] == '}') {
		rc = gd_tally_add(t, line + pl, n - pl - 1, err);
		if (rc == 0)
			return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
			    "not a partial tally record");
		return rc;
	}
	if ((o = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je)) == NULL &&
	    gd_json_nomem(&je))
		return gd_error_nomem(err, NULL, 0);
	if (o == NULL || !json_is_object(o)) {
		json_decref(o);
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "not valid JSON: %s", o ? "not an object" : je.text);
	}
	kind = json_string_value(json_object_get(o, "kind"));
	if (kind == NULL || strcmp(kind, "partial") != 0) {
		json_decref(o);
		return 0;
	}
	if ((v = json_object_get(o, "args")) != NULL) {
		rc = merge_args(t, o, v, err);
		json_decref(o);
		return rc;
	}
	cfg = json_string_value(json_object_get(o, "config"));
	if (cfg == NULL)
		goto bad;
	/* Options not known yet, or others: kept until the input ends,
	 * when the record of those options may have come. */
	if (t->m.waiting || strcmp(cfg, t->config) != 0) {
		json_decref(o);
		if (!t->m.ended)
			return keep(t, line, n, err);
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "partial made with other options (--by, --missing, "
		    "--scale, --codebook, --stubs and the campaign options "
		    "must be the same)");
	}
	if ((v = json_object_get(o, "cell")) != NULL) {
		json_t *dims = json_object_get(o, "dims");
		json_t *cnt = json_object_get(o, "n");

		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 0xFFFF || !json_is_array(dims) ||
		    json_array_size(dims) > MAX_DIMS || !json_is_integer(cnt) ||
		    json_integer_value(cnt) < 0)
			goto bad;
		if (!cell_shape_ok(t, (unsigned)json_integer_value(v),
		    dims)) {
			json_decref(o);
			return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
			    "partial cell not of this tally's tables (its "
			    "table or fields differ)");
		}
		if (tally_key_start(&t->key, (unsigned)json_integer_value(v),
		    (unsigned)json_array_size(dims)) == -1)
			goto nomem;
		json_array_foreach(dims, i, d) {
			json_t *f = json_array_get(d, 0), *x = json_array_get(d,
			    1);

			if (!json_is_array(d) || json_array_size(d) != 2 ||
			    !json_is_string(f) || (!json_is_string(x) &&
			    !json_is_null(x)))
				goto bad;
			if (tally_key_dim(&t->key, json_string_value(f),
			    json_string_length(f), json_is_null(x) ? NULL :
			    json_string_value(x), json_is_null(x) ? 0 :
			    json_string_length(x)) == -1)
				goto nomem;
		}
		if (tally_cells_add(&t->c, t->key.data, t->key.len,
		    (unsigned long long)json_integer_value(cnt)) == -1)
			goto nomem;
	} else if ((v = json_object_get(o, "examples")) != NULL) {
		json_t *ids = json_object_get(o, "ids");
		json_t *th = json_array_get(v, 0), *ty = json_array_get(v, 1);
		char key[600];
		size_t tl, yl;

		if (!json_is_string(th) || !json_is_string(ty) ||
		    !json_is_array(ids))
			goto bad;
		tl = json_string_length(th);
		yl = json_string_length(ty);
		if (tl + yl + 1 >= sizeof(key))
			goto bad;
		memcpy(key, json_string_value(th), tl);
		key[tl] = '\0';
		memcpy(key + tl + 1, json_string_value(ty), yl);
		json_array_foreach(ids, i, d) {
			if (!json_is_string(d))
				goto bad;
			if (tally_example_add(t, key, tl + 1 + yl,
			    json_string_value(d), json_string_length(d)) == -1)
				goto nomem;
		}
	} else if ((v = json_object_get(o, "author")) != NULL) {
		const char *h = json_string_value(v);
		unsigned long long a = 0;
		size_t k;

		if (h == NULL || json_string_length(v) != 16)
			goto bad;
		for (k = 0; k < 16; k++) {
			int c = h[k];

			if (c >= '0' && c <= '9')
				a = a << 4 | (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				a = a << 4 | (unsigned)(c - 'a' + 10);
			else
				goto bad;
		}
		if (a == 0)
			goto bad;
		if (tally_author_add(t, (uint64_t)a) == -1)
			goto nomem;
	} else if ((v = json_object_get(o, "stub")) != NULL) {
		const char *r = json_string_value(json_object_get(o,
		    "reason"));

		if (!json_is_string(v) || r == NULL ||
		    tally_stub_reason_named(r) == NULL)
			goto bad;
		if (tally_stub_add(t, json_string_value(v),
		    json_string_length(v), tally_stub_reason_named(r)) == -1)
			goto nomem;
	} else {
		goto bad;
	}
	json_decref(o);
	return rc;
bad:
	json_decref(o);
	return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
	    "not a partial tally record");
nomem:
	json_decref(o);
	return gd_error_nomem(err, NULL, 0);
}
