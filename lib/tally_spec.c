/*
 * tally_spec.c - the options that shape the tables: each --by parsed into
 * its dimensions (dot paths the scanner is to hand out, "x.*" for every
 * member of x), and the fingerprint of everything that decides what a
 * cell means, which partial results carry ("config") so that --merge
 * takes only partials made with the same options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

static int
usage_err(struct gd_error *err, const char *what, const char *a)
{
	return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0, "--by: %s: %s",
	    what, a);
}

/*
 * One --by: comma-separated dot paths, at most 8, one of them at most a
 * "x.*".  Returns 0, or -1 with err (GD_EXIT_USAGE; GD_EXIT_IO for
 * memory); the paths parsed so far are in sp, counted, to be freed.
 */
int
tally_parse_spec(struct gd_tally *t, const char *text, struct spec *sp,
    struct gd_error *err)
{
	const char *p = text, *comma;
	size_t len;

	sp->nd = 0;
	sp->star_dim = -1;
	while (*p) {
		struct dim *d;

		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || sp->nd == MAX_DIMS - 1)
			return usage_err(err, "an empty field, or more than 8",
			    text);
		d = &sp->d[sp->nd];
		if ((d->path = malloc(len + 1)) == NULL)
			return gd_error_nomem(err, NULL, 0);
		memcpy(d->path, p, len);
		d->path[len] = '\0';
		/* Counted now, so that it is freed whatever follows. */
		sp->nd++;
		d->star = len >= 2 && strcmp(d->path + len - 2, ".*") == 0;
		d->prefix_len = d->star ? len - 1 : 0;
		if (strchr(d->path, '*') && !d->star)
			return usage_err(err, "'*' only as the last key of a "
			    "field", d->path);
		if (d->star) {
			if (sp->star_dim >= 0)
				return usage_err(err, "one field with '*' per "
				    "tabulation", text);
			sp->star_dim = (int)sp->nd - 1;
		}
		if ((d->pid = gd_jpaths_add(t->ps, d->path)) < 0)
			return usage_err(err, "not a field path", d->path);
		p = comma ? comma + 1 : p + len;
	}
	if (sp->nd == 0)
		return usage_err(err, "no field", text);
	return 0;
}

/*
 * A fingerprint of the options that shape the counts, which partial
 * results carry: the merge takes only partials made with its own.  With
 * campaigns the partials carry the responses and the merge does the
 * counting, with these options too.
 */
void
tally_fingerprint(struct gd_tally *t)
{
	struct gd_buf b;
	size_t i, j;
	uint64_t h;

	gd_buf_init(&b, 0);
	(void)gd_buf_addf(&b, "gd-tally-2 missing=%d stubs=%d;", t->o.missing,
	    t->o.stubs);
	for (i = 0; i < t->nspecs; i++) {
		for (j = 0; j < t->specs[i].nd; j++)
			(void)gd_buf_addf(&b, "%s,", t->specs[i].d[j].path);
		(void)gd_buf_addc(&b, ';');
	}
	for (i = 0; i < t->nscale; i++)
		(void)gd_buf_addf(&b, "%s=%d;", t->scale[i].label,
		    t->scale[i].score);
	for (i = 0; i < t->nthemes; i++)
		(void)gd_buf_addf(&b, "theme %s=%s=%s;", t->themes[i].id,
		    t->themes[i].patterns, t->themes[i].label);
	if (t->o.compare)
		(void)gd_buf_addf(&b, "compare by=%s a=%s b=%s;",
		    t->o.compare_by ? t->o.compare_by : "",
		    t->o.compare_a ? t->o.compare_a : "",
		    t->o.compare_b ? t->o.compare_b : "");
	if (t->o.campaigns)
		(void)gd_buf_addf(&b, "campaigns mode=%d threshold=%.17g "
		    "min=%lu boilerplate=%.17g;", (int)t->o.campaign_mode,
		    t->o.campaign_threshold, t->o.campaign_min,
		    t->o.boilerplate);
	h = tally_hash(b.data ? b.data : "", b.len);
	snprintf(t->config, sizeof(t->config), "%016llx",
	    (unsigned long long)h);
	gd_buf_release(&b);
}

/*
 * The fields given with --by (not the default tabulations) at which no
 * response has a value, as the SPEC_SEEN cells of v say: a misspelt
 * field counts nothing and would go unnoticed.  None when no response
 * was counted.  Returns 0, or -1 (memory).
 */
int
tally_find_unseen(struct gd_tally *t, const struct oc *v, size_t nv)
{
	unsigned long long responses = 0;
	size_t i, from, to, s, d, s2, d2;
	char **nu;

	for (i = 0; i < nv; i++)
		if (v[i].k.spec == SPEC_RESPONSES)
			responses += v[i].n;
	if (responses == 0 || t->o.nby == 0 || t->unseen)
		return 0;
	for (from = 0; from < nv && v[from].k.spec != SPEC_SEEN; from++)
		;
	to = tally_spec_range(v, nv, from, SPEC_SEEN);
	for (s = 0; s < t->ntabs; s++)
		for (d = 0; d < t->specs[s].nd; d++) {
			const char *path = t->specs[s].d[d].path;
			size_t pl = strlen(path);
			int done = 0;

			/* Once per field, as given first. */
			for (s2 = 0; s2 <= s && !done; s2++)
				for (d2 = 0; d2 < (s2 < s ? t->specs[s2].nd :
				    d) && !done; d2++)
					done = strcmp(t->specs[s2].d[d2].path,
					    path) == 0;
			for (i = from; i < to && !done; i++)
				done = v[i].k.d[0].v && tally_strcmp_n(
				    v[i].k.d[0].v, v[i].k.d[0].vl, path, pl) ==
				    0;
			if (done)
				continue;
			if ((nu = realloc(t->unseen, (t->nunseen + 1) *
			    sizeof(*nu))) == NULL)
				return -1;
			t->unseen = nu;
			if ((t->unseen[t->nunseen] = strdup(path)) == NULL)
				return -1;
			t->nunseen++;
		}
	return 0;
}
