/*
 * tally_count.c - a record read and counted: the scanner (jscan.c) hands
 * out the values at the paths asked for into t->rv; a response then
 * adds one to the summary's cells (responses, consent, moderation, type),
 * to a cell per combination of values of each tabulation (an odometer
 * over the dimensions; each member of a "x.*" field in turn, with the
 * hidden counts --missing needs), and to its stub and theme cells; the
 * first response with a value at a --by field adds its SPEC_SEEN cell.
 */
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

/* The scanner's callback: keeps a value of the record in t->rv. */
int
tally_collect(void *ctx, const struct gd_jval *v, struct gd_error *err)
{
	struct gd_tally *t = ctx;
	struct rval *r;

	if (v->path == t->p_campaign) {
		t->marked = 1;
		return 0;
	}
	if (v->type == GD_J_OBJECT || v->type == GD_J_ARRAY)
		return 0;
	if (t->nrv == t->rvcap) {
		size_t ncap = t->rvcap ? t->rvcap * 2 : 64;
		struct rval *nr = realloc(t->rv, ncap * sizeof(*nr));

		if (nr == NULL)
			return gd_error_nomem(err, NULL, 0);
		t->rv = nr;
		t->rvcap = ncap;
	}
	r = &t->rv[t->nrv];
	r->path = v->path;
	r->moff = t->vtext.len;
	r->mlen = v->member ? v->member_len : 0;
	if (v->member && gd_buf_add(&t->vtext, v->member, v->member_len) ==
	    -1)
		return gd_error_nomem(err, NULL, 0);
	r->voff = t->vtext.len;
	r->vlen = v->len;
	r->isnull = v->type == GD_J_NULL;
	r->text = v->type == GD_J_STRING;
	if (!r->isnull && gd_buf_add(&t->vtext, v->s, v->len) == -1)
		return gd_error_nomem(err, NULL, 0);
	t->nrv++;
	return 0;
}

/* The first non-null value at a path, or NULL. */
const struct rval *
tally_first_val(const struct gd_tally *t, int path)
{
	size_t i;

	for (i = 0; i < t->nrv; i++)
		if (t->rv[i].path == path && !t->rv[i].isnull)
			return &t->rv[i];
	return NULL;
}

static int
dv_add(struct dvals *dv, const char *v, size_t vl)
{
	if (dv->n == dv->cap) {
		size_t ncap = dv->cap ? dv->cap * 2 : 16;
		const char **nv = realloc(dv->v, ncap * sizeof(*nv));
		size_t *nl;

		if (nv == NULL)
			return -1;
		dv->v = nv;
		if ((nl = realloc(dv->vl, ncap * sizeof(*nl))) == NULL)
			return -1;
		dv->vl = nl;
		dv->cap = ncap;
	}
	dv->v[dv->n] = v;
	dv->vl[dv->n] = vl;
	dv->n++;
	return 0;
}

/*
 * The distinct values of field path (of its member, for a "*" field)
 * among the record's values from..to-1.
 */
static int
dim_values(const struct gd_tally *t, int path, const char *member,
    size_t mlen, size_t from, size_t to, struct dvals *dv)
{
	size_t i, j;

	dv->n = 0;
	for (i = from; i < to; i++) {
		const struct rval *r = &t->rv[i];

		if (r->path != path || r->isnull)
			continue;
		if (member && (r->mlen != mlen || memcmp(rv_mem(t, r), member,
		    mlen) != 0))
			continue;
		/* A multi-select answer counts once per option. */
		for (j = 0; j < dv->n; j++)
			if (dv->vl[j] == r->vlen && memcmp(dv->v[j],
			    rv_val(t, r), r->vlen) == 0)
				break;
		if (j < dv->n)
			continue;
		if (dv_add(dv, rv_val(t, r), r->vlen) == -1)
			return -1;
	}
	return 0;
}

/*
 * Every combination of the dimensions' values, one cell each.  The
 * member's values are among the record's values from..to-1; *known has a
 * bit for each other dimension whose values are already in t->dvs (from
 * a call for another member of the same record and tabulation), so that
 * a record with many members costs a pass over its values for each, not
 * over all of them.
 */
static int
count_spec_as(struct gd_tally *t, unsigned si, const char *member,
    size_t mlen, size_t from, size_t to, unsigned *known, int hidden)
{
	const struct spec *sp = &t->specs[si];
	struct dvals *dv = t->dvs;
	const char *f[MAX_DIMS + 1], *v[MAX_DIMS + 1];
	size_t fl[MAX_DIMS + 1], vl[MAX_DIMS + 1], idx[MAX_DIMS + 1];
	size_t d, nd = sp->nd, off = 0, star_d = (size_t)-1;

	memset(v, 0, sizeof(v));
	memset(vl, 0, sizeof(vl));

	if (t->voice && !sp->cmp) {
		/* --campaign-mode separate: who speaks comes first (not
		 * in the counts of comparisons, which compare groups). */
		f[0] = "voice";
		fl[0] = 5;
		dv[0].n = 0;
		if (dv_add(&dv[0], t->voice, strlen(t->voice)) == -1)
			return -1;
		idx[0] = 0;
		off = 1;
		nd++;
	}
	for (d = off; d < nd; d++) {
		const struct dim *dm = &sp->d[d - off];

		idx[d] = 0;
		if (!dm->star) {
			f[d] = dm->path;
			fl[d] = strlen(dm->path);
		}
		if (!dm->star && (*known & (1u << d))) {
			if (dv[d].n == 0)
				return 0;	/* no value, nothing to count */
			continue;
		}
		dv[d].n = 0;
		if (dm->star) {
			size_t pl = dm->prefix_len;

			/* The field: "answers." and the member. */
			gd_buf_reset(&t->fbuf);
			if (gd_buf_add(&t->fbuf, dm->path, pl) == -1 ||
			    (mlen && gd_buf_add(&t->fbuf, member, mlen) == -1))
				return -1;
			star_d = d;
			fl[d] = pl + mlen;
			if (hidden == HIDDEN_BASE) {
				/* Not a dimension of the base count. */
				fl[d] = 0;
				star_d = (size_t)-1;
				f[d] = "";
				if (dv_add(&dv[d], "", 0) == -1)
					return -1;
				continue;
			}
			if (hidden == HIDDEN_HAS) {
				/* The member is there (null or not): once. */
				if (dv_add(&dv[d], NULL, 0) == -1)
					return -1;
				continue;
			}
			if (dim_values(t, dm->pid, member, mlen, from, to,
			    &dv[d]) == -1)
				return -1;
		} else {
			if (dim_values(t, dm->pid, NULL, 0, 0, t->nrv, &dv[d]) ==
			    -1)
				return -1;
		}
		if (dv[d].n == 0 && t->o.missing && dv_add(&dv[d], NULL, 0) ==
		    -1)
			return -1;
		if (!dm->star)
			*known |= 1u << d;
		if (dv[d].n == 0)
			return 0;
	}
	/* The built field, now that its buffer no longer moves. */
	if (star_d != (size_t)-1)
		f[star_d] = t->fbuf.data;
	/* An odometer over the dimensions. */
	for (;;) {
		for (d = 0; d < nd; d++) {
			v[d] = dv[d].v[idx[d]];
			vl[d] = dv[d].vl[idx[d]];
		}
		if (tally_add1(t, si | (unsigned)hidden, f, fl, v, vl,
		    (unsigned)nd, 1) == -1)
			return -1;
		for (d = nd; d > 0; d--) {
			if (++idx[d - 1] < dv[d - 1].n)
				break;
			idx[d - 1] = 0;
		}
		if (d == 0)
			return 0;
	}
}

static int
count_spec(struct gd_tally *t, unsigned si)
{
	unsigned known = 0;

	return count_spec_as(t, si, NULL, 0, 0, t->nrv, &known, 0);
}

/* Whether the scanned value r is the text s. */
static int
val_is(const struct gd_tally *t, const struct rval *r, const char *s)
{
	return r && r->vlen == strlen(s) && memcmp(rv_val(t, r), s, r->vlen)
	    == 0;
}

/*
 * Whether the scanned response may be quoted in an aggregate (a
 * campaign's text, a theme's or a stub's id): redacted (its text
 * scrubbed), and published under its consent: for publication,
 * gd-redact has decided (only a withheld consent is refused here again);
 * for analysis, named or anonymous, and not moderated out.  Never a
 * count-only record, nor a record no gd-redact run has seen.
 */
static int
quotable(const struct gd_tally *t)
{
	const struct rval *priv = tally_first_val(t, t->p_privacy),
	    *consent = tally_first_val(t, t->p_consent),
	    *mod = tally_first_val(t, t->p_moderation);

	if (t->unpub || val_is(t, consent, "withheld"))
		return 0;
	if (val_is(t, priv, "publication"))
		return 1;
	if (!val_is(t, priv, "analysis"))
		return 0;
	return (val_is(t, consent, "named") || val_is(t, consent,
	    "anonymous")) && !val_is(t, mod, "rejected") && !val_is(t, mod,
	    "retired");
}

/*
 * The scanned record's author, as a hash of its identity: the
 * respondent's pseudonym, else the platform's id of the respondent
 * (each tagged, so that the two never meet); 0 when it has neither.
 */
static uint64_t
tally_author(const struct gd_tally *t)
{
	const struct rval *a = tally_first_val(t, t->p_pseudonym);
	const unsigned char *v;
	uint64_t h = GD_FNV1A64_OFFSET;
	size_t i;
	char tag;

	tag = 'p';
	if (a == NULL || a->vlen == 0) {
		a = tally_first_val(t, t->p_rid);
		tag = 'i';
	}
	if (a == NULL || a->vlen == 0)
		return 0;
	/* FNV-1a over the tag and the identity. */
	h = (h ^ (unsigned char)tag) * GD_FNV1A64_PRIME;
	v = (const unsigned char *)rv_val(t, a);
	for (i = 0; i < a->vlen; i++)
		h = (h ^ v[i]) * GD_FNV1A64_PRIME;
	return h ? h : 1;
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts a[0..n) and makes it unique; returns how many are left. */
size_t
tally_authors_unique(uint64_t *a, size_t n)
{
	size_t i, k = 0;

	if (n > 1)
		qsort(a, n, sizeof(*a), u64_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || a[k - 1] != a[i])
			a[k++] = a[i];
	return k;
}

/* Keeps author h (not 0).  Returns 0, or -1 (memory). */
int
tally_author_add(struct gd_tally *t, uint64_t h)
{
	if (t->nauthors == t->authcap) {
		uint64_t *na;
		size_t nc;

		/* Full: made unique first; grown when that frees little. */
		t->nauthors = tally_authors_unique(t->authors, t->nauthors);
		if (t->nauthors > t->authcap / 2 || t->authcap == 0) {
			nc = t->authcap ? t->authcap * 2 : 1024;
			if ((na = realloc(t->authors, nc * sizeof(*na))) ==
			    NULL)
				return -1;
			t->authors = na;
			t->authcap = nc;
		}
	}
	t->authors[t->nauthors++] = h;
	return 0;
}

/* Scans a line into t->rv.  1: a response, or a count-only record
 * (t->unpub); 0: another kind; -1: err. */
int
tally_scan(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err)
{
	const struct rval *kind;

	t->nrv = 0;
	t->marked = 0;
	t->stub_known = 0;
	gd_buf_reset(&t->vtext);
	/* Not valid JSON: a reject; memory: fatal (err says which). */
	if (gd_jscan(t->ps, line, n, tally_collect, t, &t->scratch, err) ==
	    -1)
		return -1;
	kind = tally_first_val(t, t->p_kind);
	t->unpub = val_is(t, kind, "unpublished");
	if (!t->unpub && !val_is(t, kind, "response"))
		return 0;
	if (t->unpub && tally_first_val(t, t->p_id) != NULL)
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "an \"unpublished\" record has no id");
	t->quote = quotable(t);
	t->author = tally_author(t);
	/* A mark is added, never replaced: a second would be a duplicate
	 * member. */
	if (t->marked)
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "the response has a \"campaign\" member already "
		    "(marked twice?)");
	return 1;
}

/*
 * The counts kept aside by tally_count, added to their cells (to be
 * called before the cells are read).  Returns 0, or -1 (memory).
 */
int
tally_flush_counts(struct gd_tally *t)
{
	static const char *const priv[] = { "publication", "analysis",
	    "none" };
	const char *f[1] = { "privacy" }, *v[1];
	size_t fl[1] = { 7 }, vl[1];
	int i;

	for (i = 0; i < 3; i++) {
		if (t->privn[i] == 0)
			continue;
		v[0] = priv[i];
		vl[0] = strlen(priv[i]);
		if (tally_add1(t, SPEC_PRIVACY, f, fl, v, vl, 1,
		    t->privn[i]) == -1)
			return -1;
		t->privn[i] = 0;
	}
	if (t->noauthor > 0) {
		if (tally_add1(t, SPEC_NOAUTHOR, NULL, NULL, NULL, NULL, 0,
		    t->noauthor) == -1)
			return -1;
		t->noauthor = 0;
	}
	return 0;
}

/*
 * Counts the scanned response.  tabs: count it in the tabulations too
 * (a campaign collapsed to one voice counts its other members only in
 * the summary); voice: with --campaign-mode separate, "individual" or
 * "campaign", a first dimension of every tabulation.
 */
int
tally_count(struct gd_tally *t, int tabs, const char *voice)
{
	const struct rval *consent, *moderation, *type, *id, *priv;
	const char *reason, *f[2], *v[2], *tv;
	size_t fl[2], vl[2], tl, nm, i, j, s;

	consent = tally_first_val(t, t->p_consent);
	moderation = tally_first_val(t, t->p_moderation);
	type = tally_first_val(t, t->p_type);
	id = tally_first_val(t, t->p_id);
	tv = type ? rv_val(t, type) : "unknown";
	tl = type ? type->vlen : 7;
	t->voice = voice;

	priv = tally_first_val(t, t->p_privacy);
	if (t->unpub && voice)
		t->voice = voice = "unpublished";
	if (tally_add1(t, SPEC_RESPONSES, NULL, NULL, NULL, NULL, 0, 1) == -1)
		return -1;
	/* Its author, or one more response of an author not known; and
	 * what it was redacted for.  Counted here, made cells once
	 * (tally_flush_counts): a cell a record would cost time. */
	if (t->author && tally_author_add(t, t->author) == -1)
		return -1;
	if (!t->author)
		t->noauthor++;
	t->privn[val_is(t, priv, "publication") ? 0 : val_is(t, priv,
	    "analysis") ? 1 : 2]++;
	if (t->unpub) {
		const struct rval *why = tally_first_val(t, t->p_reason);

		f[0] = "reason";
		fl[0] = 6;
		v[0] = why ? rv_val(t, why) : "unknown";
		vl[0] = why ? why->vlen : 7;
		f[1] = "respondent.type";
		fl[1] = 15;
		v[1] = tv;
		vl[1] = tl;
		if (tally_add1(t, SPEC_UNPUB, f, fl, v, vl, 2, 1) == -1)
			return -1;
	}
	f[0] = "consent";
	fl[0] = 7;
	v[0] = consent ? rv_val(t, consent) : "unknown";
	vl[0] = consent ? consent->vlen : 7;
	if (tally_add1(t, SPEC_CONSENT, f, fl, v, vl, 1, 1) == -1)
		return -1;
	/* Unlike consent, no moderation state is no value: the export has
	 * none, and by_moderation counts only those that say. */
	if (moderation) {
		f[0] = "moderation";
		fl[0] = 10;
		v[0] = rv_val(t, moderation);
		vl[0] = moderation->vlen;
		if (tally_add1(t, SPEC_MODERATION, f, fl, v, vl, 1, 1) == -1)
			return -1;
	}
	f[0] = "respondent.type";
	fl[0] = 15;
	v[0] = tv;
	vl[0] = tl;
	if (tally_add1(t, SPEC_TYPE, f, fl, v, vl, 1, 1) == -1)
		return -1;

	/* Which --by fields some response has a value at, once each: a
	 * field no response has, misspelt, is warned about. */
	for (s = 0; s < t->nspecs; s++)
		for (i = 0; i < t->specs[s].nd; i++) {
			struct dim *dm = &t->specs[s].d[i];

			for (j = 0; !dm->seen && j < t->nrv; j++)
				dm->seen = t->rv[j].path == dm->pid &&
				    !t->rv[j].isnull;
			if (!dm->seen || dm->seen == 2)
				continue;
			dm->seen = 2;	/* its cell added */
			f[0] = "field";
			fl[0] = 5;
			v[0] = dm->path;
			vl[0] = strlen(dm->path);
			if (tally_add1(t, SPEC_SEEN, f, fl, v, vl, 1, 1) == -1)
				return -1;
		}

	/* The tabulations. */
	for (s = 0; s < t->nspecs; s++) {
		const struct spec *sp = &t->specs[s];

		unsigned known = 0;

		/* A campaign's copies count in the comparisons as one
		 * voice even when they count in the tabulations. */
		if (!(sp->cmp == CMP_ONE ? t->one_voice : tabs))
			continue;

		if (sp->star_dim < 0) {
			if (count_spec(t, (unsigned)s) == -1)
				return -1;
			continue;
		}
		/* Each member of the star path in turn (keys given twice
		 * are an error of the scanner: one entry per member, or
		 * several for a list), with where its values are. */
		nm = 0;
		t->mem.n = 0;
		for (i = 0; i < t->nrv; i++) {
			const struct rval *r = &t->rv[i];

			if (r->path != sp->d[sp->star_dim].pid)
				continue;
			if (t->mem.n > 0 && t->mem.vl[t->mem.n - 1] ==
			    r->mlen && memcmp(t->mem.v[t->mem.n - 1],
			    rv_mem(t, r), r->mlen) == 0) {
				t->mto[t->mem.n - 1] = i + 1;
				continue;	/* the next item of a list */
			}
			if (dv_add(&t->mem, rv_mem(t, r), r->mlen) == -1)
				return -1;
			if (t->mem.n > t->mcap) {
				size_t nc = t->mem.cap, *a, *b;

				if ((a = realloc(t->mfrom, nc * sizeof(*a))) ==
				    NULL)
					return -1;
				t->mfrom = a;
				if ((b = realloc(t->mto, nc * sizeof(*b))) == NULL)
					return -1;
				t->mto = b;
				t->mcap = nc;
			}
			t->mfrom[t->mem.n - 1] = i;
			t->mto[t->mem.n - 1] = i + 1;
		}
		nm = t->mem.n;
		for (j = 0; j < nm; j++)
			if (count_spec_as(t, (unsigned)s, t->mem.v[j],
			    t->mem.vl[j], t->mfrom[j], t->mto[j], &known, 0) ==
			    -1 || (t->o.missing && count_spec_as(t, (unsigned)s,
			    t->mem.v[j], t->mem.vl[j], t->mfrom[j], t->mto[j],
			    &known, HIDDEN_HAS) == -1))
				return -1;
		if (t->o.missing && count_spec_as(t, (unsigned)s, NULL, 0, 0,
		    t->nrv, &known, HIDDEN_BASE) == -1)
			return -1;
	}

	/* A count-only record has no text: it is no stub, and has no
	 * theme. */
	if (t->unpub)
		return 0;
	/* Stubs: nothing answered, and no text worth the name; listed
	 * only when the response may be quoted. */
	if ((reason = tally_record_stub(t)) != NULL) {
		f[0] = "stub";
		fl[0] = 4;
		v[0] = reason;
		vl[0] = strlen(reason);
		if (tally_add1(t, SPEC_STUB, f, fl, v, vl, 1, 1) == -1)
			return -1;
		if (t->o.stubs && t->quote && tally_stub_add(t, id ?
		    rv_val(t, id) : "", id ? id->vlen : 0, reason) == -1)
			return -1;
	}
	if (tabs && t->nthemes && tally_count_themes(t, tv, tl, id ?
	    rv_val(t, id) : "", id ? id->vlen : 0) == -1)
		return -1;
	return 0;
}
