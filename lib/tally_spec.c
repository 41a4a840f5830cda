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
 * A fingerprint of what makes partial results compatible.  With
 * campaigns, partials carry the responses themselves and the merge
 * decides everything, so only that is in it.
 */
void
tally_fingerprint(struct gd_tally *t)
{
	struct gd_buf b;
	size_t i, j;
	uint64_t h;

	gd_buf_init(&b, 0);
	if (t->o.campaigns) {
		(void)gd_buf_adds(&b, "gd-tally-1 campaigns: the responses");
		goto done;
	}
	(void)gd_buf_addf(&b, "gd-tally-1 missing=%d stubs=%d;", t->o.missing,
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
		(void)gd_buf_addf(&b, "theme %s=%s;", t->themes[i].id,
		    t->themes[i].patterns);
done:
	h = tally_hash(b.data ? b.data : "", b.len);
	snprintf(t->config, sizeof(t->config), "%016llx",
	    (unsigned long long)h);
	gd_buf_release(&b);
}
