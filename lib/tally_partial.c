/*
 * tally_partial.c - mergeable partial results: --partial writes every
 * cell as it is (raw counts: nothing published is worked out), the theme
 * examples and the stubs, each a "partial" record carrying the options'
 * fingerprint; --merge checks each record (valid JSON, the same
 * fingerprint, a cell of the shape of one of this tally's tables) and
 * adds it in.  With campaigns the partials are the responses themselves,
 * which the merge counts as it would have.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

static void
partial_start(struct gd_tally *t, struct gd_jw *jw)
{
	tally_record_start(t, jw, "partial");
	gd_jw_keyz(jw, "config");
	gd_jw_strz(jw, t->config);
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
	if ((v = tally_sorted_cells(t, &nv)) == NULL)
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
		{ SPEC_TYPE, { "respondent.type", NULL }, 1 },
		{ SPEC_STUB, { "stub", NULL }, 1 },
		{ SPEC_THEME, { "theme", "respondent.type" }, 2 },
		{ SPEC_CAMP_TYPE, { "campaign", "respondent.type" }, 2 },
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
	if (t->o.campaign_mode == GD_CAMPAIGN_SEPARATE)
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
	if (t->cf && n > pl + 1 && memcmp(line, pre, pl) == 0 &&
	    line[n - 1] == '}') {
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
	cfg = json_string_value(json_object_get(o, "config"));
	if (cfg == NULL || strcmp(cfg, t->config) != 0) {
		json_decref(o);
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "partial made with other options (--by, --missing, "
		    "--scale, --codebook, --stubs must be the same)");
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
