/*
 * tally.c - counts, cross-tabulations, Likert summaries, themes and stubs
 * of response records (see gd/tally.h).
 *
 * Every count is a cell of one hash table: a key (which tabulation,
 * which fields, which values) and a number.  The summary, the themes and
 * the tabulations the user asked for are all cells, so partial results
 * merge by adding cells, whatever produced them.  What is published
 * (shares, Likert figures, suppression) is computed from the cells only
 * when writing.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gd/gd.h"

/* Cells that are not a user's tabulation. */
#define SPEC_CONSENT	0xFFF0
#define SPEC_TYPE	0xFFF1
#define SPEC_STUB	0xFFF2
#define SPEC_THEME	0xFFF3	/* key: theme id, respondent type */
#define SPEC_RESPONSES	0xFFF4
#define SPEC_CAMP_TYPE	0xFFF5	/* key: campaign number, respondent type */
#define SPEC_MODERATION	0xFFF6	/* responses with a "moderation" only */
/*
 * --missing with a "x.*" field: a response that lacks a member has no
 * value to count, so two hidden counts per tabulation give the null
 * cells when writing: responses per value of the other fields (BASE),
 * and those that have the member (HAS).
 */
#define HIDDEN_BASE	0x8000
#define HIDDEN_HAS	0x4000

#define MAX_DIMS 9	/* 8 asked for, and "voice" */
#define MAX_EXAMPLES 3
#define STUB_CHARS 15

/* ---- the cell table ---- */

struct cell {
	uint64_t hash;
	size_t off, len;	/* the key, in keys */
	unsigned long long n;
};

struct cells {
	struct gd_buf keys;
	struct cell *v;		/* open addressing; len 0: empty */
	size_t cap, used;
};

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static int
cells_grow(struct cells *c)
{
	struct cell *old = c->v, *nv;
	size_t oldcap = c->cap, i, j, ncap = c->cap ? c->cap * 2 : 1024;

	if ((nv = calloc(ncap, sizeof(*nv))) == NULL)
		return -1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].len == 0)
			continue;
		for (j = old[i].hash & (ncap - 1); nv[j].len;
		    j = (j + 1) & (ncap - 1))
			;
		nv[j] = old[i];
	}
	free(old);
	c->v = nv;
	c->cap = ncap;
	return 0;
}

/* Adds n to the cell with key k (klen bytes).  Returns 0 or -1. */
static int
cells_add(struct cells *c, const char *k, size_t klen, unsigned long long n)
{
	uint64_t h = fnv(k, klen);
	size_t j;

	if ((c->used + 1) * 2 > c->cap && cells_grow(c) == -1)
		return -1;
	for (j = h & (c->cap - 1); c->v[j].len; j = (j + 1) & (c->cap - 1))
		if (c->v[j].hash == h && c->v[j].len == klen &&
		    memcmp(c->keys.data + c->v[j].off, k, klen) == 0) {
			c->v[j].n += n;
			return 0;
		}
	c->v[j].hash = h;
	c->v[j].off = c->keys.len;
	c->v[j].len = klen;
	c->v[j].n = n;
	c->used++;
	return gd_buf_add(&c->keys, k, klen);
}

static void
cells_release(struct cells *c)
{
	gd_buf_release(&c->keys);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/*
 * Keys: [spec u16][ndims u8] then per dimension [null u8][field len u32]
 * [field][value len u32][value].  Built in a gd_buf.
 */
static int
key_start(struct gd_buf *k, unsigned spec, unsigned nd)
{
	unsigned char h[3] = { (unsigned char)(spec >> 8),
	    (unsigned char)spec, (unsigned char)nd };

	gd_buf_reset(k);
	return gd_buf_add(k, h, 3);
}

static int
key_dim(struct gd_buf *k, const char *f, size_t fl, const char *v, size_t vl)
{
	unsigned char b[4];
	uint32_t x;

	if (gd_buf_addc(k, v == NULL) == -1)
		return -1;
	x = (uint32_t)fl;
	memcpy(b, &x, 4);
	if (gd_buf_add(k, b, 4) == -1 || gd_buf_add(k, f, fl) == -1)
		return -1;
	x = v ? (uint32_t)vl : 0;
	memcpy(b, &x, 4);
	if (gd_buf_add(k, b, 4) == -1 || (v && gd_buf_add(k, v, vl) == -1))
		return -1;
	return 0;
}

/* A key taken apart. */
struct dkey {
	unsigned spec, nd;
	struct { const char *f; size_t fl; const char *v; size_t vl; }
	    d[MAX_DIMS];
};

static void
key_parse(const char *k, struct dkey *dk)
{
	const unsigned char *p = (const unsigned char *)k;
	uint32_t x;
	unsigned i;

	dk->spec = (unsigned)p[0] << 8 | p[1];
	dk->nd = p[2];
	p += 3;
	for (i = 0; i < dk->nd && i < MAX_DIMS; i++) {
		int isnull = *p++;

		memcpy(&x, p, 4);
		p += 4;
		dk->d[i].f = (const char *)p;
		dk->d[i].fl = x;
		p += x;
		memcpy(&x, p, 4);
		p += 4;
		dk->d[i].v = isnull ? NULL : (const char *)p;
		dk->d[i].vl = x;
		p += x;
	}
}

/* Values of one dimension for this record (member: for a star path). */
struct dvals {
	const char **v;
	size_t *vl;
	size_t n, cap;
};

/* ---- options ---- */

struct dim {
	char *path;		/* "respondent.type", "answers.*" */
	int pid;		/* its jscan path */
	int star;
	size_t prefix_len;	/* "answers." for a star */
};

struct spec {
	struct dim d[MAX_DIMS];
	size_t nd;
	int star_dim;		/* the dimension that is "x.*", or -1 */
};

struct theme {
	char *id, *label;
	char *patterns;		/* all its patterns, for the fingerprint */
	pcre2_code **re;
	size_t nre;
};

/* Example ids of a theme and group: the smallest, for merging. */
struct examples {
	char *key;		/* theme \0 type */
	size_t klen;
	char *id[MAX_EXAMPLES];
	size_t n;
};

struct stub {
	char *id;
	const char *reason;
};

struct scale_label {
	char *label;
	int score;		/* 1..5, or 0: not on the scale (e.g. "Don't know") */
};

/* Values of one record, for the paths asked for. */
struct rval {
	int path;
	size_t moff, mlen;	/* member, in vtext (star paths) */
	size_t voff, vlen;
	int isnull;
	int text;		/* a string (comments count as text) */
};

struct gd_tally {
	struct gd_tally_opts o;
	struct spec *specs;
	size_t nspecs;
	struct gd_jpaths *ps;
	int p_kind, p_consent, p_moderation, p_type, p_id, p_comments,
	    p_answers;
	struct cells c;
	struct gd_buf key, scratch, vtext;
	struct rval *rv;
	size_t nrv, rvcap;
	struct theme *themes;
	size_t nthemes;
	struct examples *ex;
	size_t nex, excap;
	struct stub *stubs;
	size_t nstubs, stubcap;
	struct scale_label *scale;
	size_t nscale;
	pcre2_match_data *md;
	struct gd_folded fold;
	struct gd_buf folded;
	char config[17];	/* fingerprint of the options, hex */
	struct gd_buf line;
	const char *voice;	/* --campaign-mode separate */
	struct dvals dvs[MAX_DIMS + 1];	/* values per dimension */
	struct dvals mem;	/* members of a "*" field */
	size_t *mfrom, *mto;	/* where each member's values are in rv */
	size_t mcap;
	struct gd_buf fbuf;	/* a built field name */

	/* Campaigns: what each response needs once they are known.  The
	 * responses themselves are kept aside (spool) only when they are
	 * to be counted, marked or written again at the end. */
	struct gd_campaigns *cf;
	int p_submitted;
	int p_campaign;		/* with mark_campaigns; else -1 */
	int marked;		/* the line has a "campaign" member */
	int stub_known;		/* record_stub of the scanned line: */
	const char *stub_why;
	FILE *spool;		/* NULL: counted as they come */
	unsigned long long spooled;	/* bytes written */
	struct spooled {
		uint64_t off;		/* the record in the spool */
		uint64_t id;		/* in ids: the id */
		uint32_t len;
		uint32_t ty, sub;	/* in ids after the id: type and
					 * submitted; or NOVAL */
		uint32_t tylen;
	} *sp;
	size_t nsp, spcap;
	struct gd_buf ids;		/* ids, types and times, NUL-terminated */
	struct gd_buf text;		/* a response's free text */
	struct gd_buf rec;		/* a line read back */
	int finished;
	size_t ncamp;
	struct campstat {
		size_t rep;		/* representative response */
		unsigned long long size, variants;
		char *first, *last;
		char *text;
		int burst;
	} *cs;
};

static int
usage_err(struct gd_error *err, const char *what, const char *a)
{
	return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0, "--by: %s: %s",
	    what, a);
}

static int
parse_spec(struct gd_tally *t, const char *text, struct spec *sp,
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
			return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "out of memory");
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

/* Default Likert labels: English agree/disagree scales. */
static const struct { const char *l; int s; } default_scale[] = {
	{ "strongly disagree", 1 }, { "disagree", 2 },
	{ "tend to disagree", 2 }, { "somewhat disagree", 2 },
	{ "neither agree nor disagree", 3 }, { "neither", 3 },
	{ "neutral", 3 }, { "agree", 4 }, { "tend to agree", 4 },
	{ "somewhat agree", 4 }, { "strongly agree", 5 },
	{ "don't know", 0 }, { "dont know", 0 }, { "not sure", 0 },
	{ "no opinion", 0 }, { "prefer not to say", 0 },
};

static int
load_scale(struct gd_tally *t, struct gd_error *err)
{
	json_error_t je;
	json_t *root, *labels, *v;
	const char *k;
	size_t i;

	if (t->o.scale_file == NULL) {
		/* nscale only once there is a table: gd_tally_free reads
		 * that many. */
		if ((t->scale = calloc(sizeof(default_scale) /
		    sizeof(default_scale[0]), sizeof(*t->scale))) == NULL)
			goto nomem;
		t->nscale = sizeof(default_scale) / sizeof(default_scale[0]);
		for (i = 0; i < t->nscale; i++) {
			t->scale[i].label = strdup(default_scale[i].l);
			t->scale[i].score = default_scale[i].s;
			if (t->scale[i].label == NULL)
				goto nomem;
		}
		return 0;
	}
	root = json_load_file(t->o.scale_file, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return gd_error_set(err, errno == ENOENT ? GD_EXIT_IO :
		    GD_EXIT_UNUSABLE, t->o.scale_file, je.line > 0 ?
		    (unsigned long)je.line : 0, 0, "scale: %s", je.text);
	labels = json_object_get(root, "labels");
	if (!json_is_object(labels) || json_object_size(labels) == 0) {
		json_decref(root);
		return gd_error_set(err, GD_EXIT_UNUSABLE, t->o.scale_file, 0,
		    0, "scale: needs \"labels\": {label: score 1-5, or 0 for "
		    "answers off the scale}");
	}
	if ((t->scale = calloc(json_object_size(labels), sizeof(*t->scale)))
	    == NULL) {
		json_decref(root);
		goto nomem;
	}
	json_object_foreach(labels, k, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 5) {
			/* The message first: k belongs to root. */
			gd_error_set(err, GD_EXIT_UNUSABLE, t->o.scale_file, 0,
			    0, "scale: \"%s\": a score from 1 to 5, or 0", k);
			json_decref(root);
			return -1;
		}
		t->scale[t->nscale].label = strdup(k);
		t->scale[t->nscale].score = (int)json_integer_value(v);
		if (t->scale[t->nscale++].label == NULL) {
			json_decref(root);
			goto nomem;
		}
	}
	json_decref(root);
	return 0;
nomem:
	return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "out of memory");
}

/*
 * A pattern without its accents, nothing else (its syntax stays: \\S is
 * not \\s); a German sharp s becomes "ss", as text folding makes it.
 */
static int
fold_pattern(struct gd_tally *t, const char *s, size_t n, struct gd_buf *out)
{
	struct gd_buf tmp;
	size_t i;
	int rc = 0;

	(void)t;
	gd_buf_init(&tmp, 0);
	if (gd_strip_marks(s, n, &tmp) == -1) {
		gd_buf_release(&tmp);
		return -1;
	}
	gd_buf_reset(out);
	for (i = 0; i < tmp.len && rc == 0; i++) {
		if (i + 1 < tmp.len && (unsigned char)tmp.data[i] == 0xC3 &&
		    (unsigned char)tmp.data[i + 1] == 0x9F) {
			rc = gd_buf_add(out, "ss", 2);	/* ß */
			i++;
		} else if (i + 2 < tmp.len && (unsigned char)tmp.data[i] ==
		    0xE1 && (unsigned char)tmp.data[i + 1] == 0xBA &&
		    (unsigned char)tmp.data[i + 2] == 0x9E) {
			rc = gd_buf_add(out, "ss", 2);	/* ẞ */
			i += 2;
		} else {
			rc = gd_buf_addc(out, tmp.data[i]);
		}
	}
	gd_buf_release(&tmp);
	return rc;
}

/*
 * Text folded for theme patterns: case (fully: ß is ss), accents,
 * compatibility forms; the patterns match without case besides.
 */
static int
fold_text(struct gd_tally *t, const char *s, size_t n, struct gd_buf *out)
{
	size_t i;

	gd_buf_reset(out);
	if (gd_fold(&t->fold, s, n) == -1)
		return -1;
	for (i = 0; i < t->fold.n; i++) {
		char u[4];

		if (gd_buf_add(out, u, gd_utf8_put((unsigned long)
		    t->fold.cp[i], u)) == -1)
			return -1;
	}
	return 0;
}

static int
load_codebook(struct gd_tally *t, struct gd_error *err)
{
	json_error_t je;
	json_t *root, *arr, *th, *pats, *pv;
	size_t i, j;
	const char *path = t->o.codebook;

	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return gd_error_set(err, errno == ENOENT ? GD_EXIT_IO :
		    GD_EXIT_UNUSABLE, path, je.line > 0 ?
		    (unsigned long)je.line : 0, 0, "codebook: %s", je.text);
	arr = json_object_get(root, "themes");
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		json_decref(root);
		return gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
		    "codebook: needs \"themes\": [{\"id\", \"label\", "
		    "\"patterns\": [...]}]");
	}
	if ((t->themes = calloc(json_array_size(arr), sizeof(*t->themes))) ==
	    NULL)
		goto nomem;
	json_array_foreach(arr, i, th) {
		struct theme *tm = &t->themes[t->nthemes];
		json_t *id = json_object_get(th, "id");
		json_t *label = json_object_get(th, "label");

		pats = json_object_get(th, "patterns");
		if (!json_is_string(id) || json_string_length(id) == 0 ||
		    strcmp(json_string_value(id), "none") == 0 ||
		    !json_is_array(pats) || json_array_size(pats) == 0 ||
		    (label && !json_is_string(label))) {
			json_decref(root);
			return gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
			    "codebook: theme %zu needs an \"id\" (not \"none\") "
			    "and \"patterns\"", i + 1);
		}
		tm->id = strdup(json_string_value(id));
		tm->label = strdup(label ? json_string_value(label) :
		    json_string_value(id));
		tm->re = calloc(json_array_size(pats), sizeof(*tm->re));
		tm->patterns = json_dumps(pats, JSON_COMPACT);
		t->nthemes++;
		if (!tm->id || !tm->label || !tm->re || !tm->patterns)
			goto nomem;
		json_array_foreach(pats, j, pv) {
			PCRE2_UCHAR msg[256];
			PCRE2_SIZE off;
			int ec;

			if (!json_is_string(pv) || fold_pattern(t,
			    json_string_value(pv), json_string_length(pv),
			    &t->folded) == -1) {
				json_decref(root);
				return gd_error_set(err, GD_EXIT_UNUSABLE, path,
				    0, 0, "codebook: theme \"%s\": patterns "
				    "are texts", tm->id);
			}
			tm->re[tm->nre] = pcre2_compile((PCRE2_SPTR)
			    t->folded.data, t->folded.len, PCRE2_UTF |
			    PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF,
			    &ec, &off, NULL);
			if (tm->re[tm->nre] == NULL) {
				pcre2_get_error_message(ec, msg, sizeof(msg));
				gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
				    "codebook: theme \"%s\": pattern \"%s\": "
				    "%s", tm->id, json_string_value(pv),
				    (char *)msg);
				json_decref(root);
				return -1;
			}
			if (gd_jit_enabled())
				(void)pcre2_jit_compile(tm->re[tm->nre],
				    PCRE2_JIT_COMPLETE);
			tm->nre++;
		}
	}
	json_decref(root);
	if ((t->md = pcre2_match_data_create(4, NULL)) == NULL)
		goto nomem;
	return 0;
nomem:
	return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "out of memory");
}

/*
 * A fingerprint of what makes partial results compatible.  With
 * campaigns, partials carry the responses themselves and the merge
 * decides everything, so only that is in it.
 */
static void
fingerprint(struct gd_tally *t)
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
	h = fnv(b.data ? b.data : "", b.len);
	snprintf(t->config, sizeof(t->config), "%016llx",
	    (unsigned long long)h);
	gd_buf_release(&b);
}

struct gd_tally *
gd_tally_new(const struct gd_tally_opts *o, struct gd_error *err)
{
	static const char *const defaults[] = { "answers.*",
	    "respondent.type,answers.*" };
	const char *const *by = o->nby ? o->by : defaults;
	size_t nby = o->nby ? o->nby : 2, i;
	struct gd_tally *t;

	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->ps = gd_jpaths_new()) == NULL ||
	    (t->specs = calloc(nby, sizeof(*t->specs))) == NULL) {
		gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "out of memory");
		gd_tally_free(t);
		return NULL;
	}
	t->o = *o;
	gd_buf_init(&t->c.keys, 0);
	gd_buf_init(&t->key, 0);
	gd_buf_init(&t->fbuf, 0);
	gd_buf_init(&t->scratch, 0);
	gd_buf_init(&t->vtext, 0);
	gd_buf_init(&t->folded, 0);
	gd_buf_init(&t->line, 0);
	t->p_campaign = -1;
	t->p_kind = gd_jpaths_add(t->ps, "kind");
	t->p_id = gd_jpaths_add(t->ps, "id");
	t->p_consent = gd_jpaths_add(t->ps, "consent");
	t->p_moderation = gd_jpaths_add(t->ps, "moderation");
	t->p_type = gd_jpaths_add(t->ps, "respondent.type");
	t->p_comments = gd_jpaths_add(t->ps, "comments.*");
	t->p_answers = gd_jpaths_add(t->ps, "answers.*");
	if (t->p_kind < 0 || t->p_id < 0 || t->p_consent < 0 ||
	    t->p_moderation < 0 || t->p_type < 0 || t->p_comments < 0 ||
	    t->p_answers < 0) {
		gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "out of memory");
		gd_tally_free(t);
		return NULL;
	}
	for (i = 0; i < nby; i++) {
		if (parse_spec(t, by[i], &t->specs[i], err) == -1) {
			t->nspecs = i + 1;
			gd_tally_free(t);
			return NULL;
		}
		t->nspecs++;
	}
	if (load_scale(t, err) == -1 || (o->codebook && load_codebook(t,
	    err) == -1)) {
		gd_tally_free(t);
		return NULL;
	}
	if (o->campaigns) {
		struct gd_campaign_opts co;
		const char *dir = "";

		co.threshold = o->campaign_threshold;
		co.boilerplate = o->boilerplate;
		co.min_size = o->campaign_min;
		t->p_submitted = gd_jpaths_add(t->ps, "submitted");
		if (o->mark_campaigns)
			t->p_campaign = gd_jpaths_add(t->ps, "campaign");
		gd_buf_init(&t->ids, 0);
		gd_buf_init(&t->text, 0);
		gd_buf_init(&t->rec, 0);
		/* Counted as they come unless they are to be counted
		 * (collapse, separate), marked or passed on at the end. */
		if ((t->cf = gd_campaigns_new(&co, &dir)) == NULL ||
		    ((o->mark_campaigns || o->partial || o->campaign_mode !=
		    GD_CAMPAIGN_INCLUDE) && (t->spool = gd_spool_open("gd-tally",
		    &dir)) == NULL)) {
			gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "cannot keep responses aside in %s: %s", dir,
			    strerror(errno));
			gd_tally_free(t);
			return NULL;
		}
	}
	fingerprint(t);
	return t;
}

void
gd_tally_free(struct gd_tally *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nspecs; i++)
		for (j = 0; j < t->specs[i].nd; j++)
			free(t->specs[i].d[j].path);
	free(t->specs);
	gd_jpaths_free(t->ps);
	cells_release(&t->c);
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
	free(t);
}

/* ---- counting ---- */

static int
collect(void *ctx, const struct gd_jval *v)
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
			return -2;
		t->rv = nr;
		t->rvcap = ncap;
	}
	r = &t->rv[t->nrv];
	r->path = v->path;
	r->moff = t->vtext.len;
	r->mlen = v->member ? v->member_len : 0;
	if (v->member && gd_buf_add(&t->vtext, v->member, v->member_len) ==
	    -1)
		return -2;
	r->voff = t->vtext.len;
	r->vlen = v->len;
	r->isnull = v->type == GD_J_NULL;
	r->text = v->type == GD_J_STRING;
	if (!r->isnull && gd_buf_add(&t->vtext, v->s, v->len) == -1)
		return -2;
	t->nrv++;
	return 0;
}

static const char *
rv_val(const struct gd_tally *t, const struct rval *r)
{
	return t->vtext.data + r->voff;
}

static const char *
rv_mem(const struct gd_tally *t, const struct rval *r)
{
	return t->vtext.data + r->moff;
}

/* The first non-null value at a path, or NULL. */
static const struct rval *
first_val(const struct gd_tally *t, int path)
{
	size_t i;

	for (i = 0; i < t->nrv; i++)
		if (t->rv[i].path == path && !t->rv[i].isnull)
			return &t->rv[i];
	return NULL;
}

static int
add1(struct gd_tally *t, unsigned spec, const char *const *f,
    const size_t *fl, const char *const *v, const size_t *vl, unsigned nd,
    unsigned long long n)
{
	unsigned i;

	if (key_start(&t->key, spec, nd) == -1)
		return -1;
	for (i = 0; i < nd; i++)
		if (key_dim(&t->key, f[i], fl[i], v[i], vl[i]) == -1)
			return -1;
	return cells_add(&t->c, t->key.data, t->key.len, n);
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

	if (t->voice) {
		/* --campaign-mode separate: who speaks comes first. */
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
		if (add1(t, si | (unsigned)hidden, f, fl, v, vl, (unsigned)nd, 1)
		    == -1)
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

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

/* "See attached", "attached file(s)", "please find attached"... */
static int
says_attached(const char *s, size_t n)
{
	char b[64];
	size_t i, o = 0;

	if (n > 60)
		return 0;
	for (i = 0; i < n && o + 1 < sizeof(b); i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		if ((c >= 'a' && c <= 'z') || c == ' ')
			b[o++] = c;
	}
	b[o] = '\0';
	return strstr(b, "attached") != NULL || strstr(b, "attachment") !=
	    NULL || strstr(b, "see file") != NULL || strstr(b, "enclosed")
	    != NULL;
}

/* Why a response says nothing, or NULL when it says something. */
static const char *
stub_reason(const struct gd_tally *t, int answer_path_any)
{
	size_t i, chars = 0;
	int text = 0, attached = 0;

	if (answer_path_any)
		return NULL;
	for (i = 0; i < t->nrv; i++) {
		const struct rval *r = &t->rv[i];

		if (r->path != t->p_comments || r->isnull || !r->text ||
		    is_blank(rv_val(t, r), r->vlen))
			continue;
		text = 1;
		chars += gd_utf8_chars(rv_val(t, r), r->vlen);
		if (says_attached(rv_val(t, r), r->vlen))
			attached = 1;
	}
	if (!text)
		return "empty";
	if (attached)
		return "attachment";
	if (chars <= STUB_CHARS)
		return "short";
	return NULL;
}

static int
example_add(struct gd_tally *t, const char *key, size_t klen, const char *id,
    size_t idlen)
{
	struct examples *e = NULL;
	size_t i, j;
	char *c;

	for (i = 0; i < t->nex; i++)
		if (t->ex[i].klen == klen && memcmp(t->ex[i].key, key, klen) ==
		    0) {
			e = &t->ex[i];
			break;
		}
	if (e == NULL) {
		if (t->nex == t->excap) {
			size_t ncap = t->excap ? t->excap * 2 : 16;
			struct examples *ne = realloc(t->ex, ncap *
			    sizeof(*ne));

			if (ne == NULL)
				return -1;
			t->ex = ne;
			t->excap = ncap;
		}
		e = &t->ex[t->nex++];
		memset(e, 0, sizeof(*e));
		if ((e->key = malloc(klen)) == NULL)
			return -1;
		memcpy(e->key, key, klen);
		e->klen = klen;
	}
	/* Keep the smallest ids: the same whatever the order of input. */
	for (i = 0; i < e->n; i++) {
		int cmp = strncmp(id, e->id[i], idlen);

		if (cmp == 0 && e->id[i][idlen] == '\0')
			return 0;
		if (cmp < 0 || (cmp == 0 && e->id[i][idlen] != '\0'))
			break;
	}
	if (i >= MAX_EXAMPLES)
		return 0;
	if ((c = malloc(idlen + 1)) == NULL)
		return -1;
	memcpy(c, id, idlen);
	c[idlen] = '\0';
	if (e->n == MAX_EXAMPLES)
		free(e->id[--e->n]);
	for (j = e->n; j > i; j--)
		e->id[j] = e->id[j - 1];
	e->id[i] = c;
	e->n++;
	return 0;
}

static int
stub_add(struct gd_tally *t, const char *id, size_t idlen,
    const char *reason)
{
	struct stub *ns;

	if (t->nstubs == t->stubcap) {
		size_t ncap = t->stubcap ? t->stubcap * 2 : 64;

		if ((ns = realloc(t->stubs, ncap * sizeof(*ns))) == NULL)
			return -1;
		t->stubs = ns;
		t->stubcap = ncap;
	}
	if ((t->stubs[t->nstubs].id = malloc(idlen + 1)) == NULL)
		return -1;
	memcpy(t->stubs[t->nstubs].id, id, idlen);
	t->stubs[t->nstubs].id[idlen] = '\0';
	t->stubs[t->nstubs].reason = reason;
	t->nstubs++;
	return 0;
}

/* Which themes the response's free text has. */
static int
count_themes(struct gd_tally *t, const char *type, size_t tl, const char *id,
    size_t idlen)
{
	size_t i, k, r;
	int any = 0;
	const char *f[2] = { "theme", "respondent.type" };
	size_t fl[2] = { 5, 15 };
	const char *v[2];
	size_t vl[2];
	char exkey[600];

	for (k = 0; k < t->nthemes; k++) {
		struct theme *tm = &t->themes[k];
		int hit = 0;

		for (i = 0; i < t->nrv && !hit; i++) {
			const struct rval *rv = &t->rv[i];

			if (rv->path != t->p_comments || rv->isnull ||
			    !rv->text)
				continue;
			if (fold_text(t, rv_val(t, rv), rv->vlen, &t->folded)
			    == -1)
				return -1;
			for (r = 0; r < tm->nre && !hit; r++) {
				int rc = pcre2_match(tm->re[r], (PCRE2_SPTR)
				    (t->folded.data ? t->folded.data : ""),
				    t->folded.len, 0, 0, t->md, NULL);

				if (rc >= 0)
					hit = 1;
				else if (rc != PCRE2_ERROR_NOMATCH)
					return -1;
			}
		}
		if (!hit)
			continue;
		any = 1;
		v[0] = tm->id;
		vl[0] = strlen(tm->id);
		v[1] = type;
		vl[1] = tl;
		if (add1(t, SPEC_THEME, f, fl, v, vl, 2, 1) == -1)
			return -1;
		if (vl[0] + tl + 1 < sizeof(exkey)) {
			memcpy(exkey, tm->id, vl[0]);
			exkey[vl[0]] = '\0';
			memcpy(exkey + vl[0] + 1, type, tl);
			if (example_add(t, exkey, vl[0] + 1 + tl, id, idlen) ==
			    -1)
				return -1;
		}
	}
	if (!any) {
		v[0] = "none";
		vl[0] = 4;
		v[1] = type;
		vl[1] = tl;
		if (add1(t, SPEC_THEME, f, fl, v, vl, 2, 1) == -1)
			return -1;
		if (tl + 5 < sizeof(exkey)) {
			memcpy(exkey, "none", 5);
			memcpy(exkey + 5, type, tl);
			if (example_add(t, exkey, 5 + tl, id, idlen) == -1)
				return -1;
		}
	}
	return 0;
}

/* Scans a line into t->rv.  1: a response; 0: another kind; -1: err. */
static int
scan(struct gd_tally *t, const char *line, size_t n, struct gd_error *err)
{
	const struct rval *kind;
	const char *why;
	size_t where;
	int rc;

	t->nrv = 0;
	t->marked = 0;
	t->stub_known = 0;
	gd_buf_reset(&t->vtext);
	rc = gd_jscan(t->ps, line, n, collect, t, &t->scratch, &where, &why);
	if (rc == -2 || (rc != 0 && strcmp(why, "out of memory") == 0))
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "out of memory");
	if (rc != 0)
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0,
		    gd_utf8_chars(line, where) + 1, "not valid JSON: %s", why);
	kind = first_val(t, t->p_kind);
	if (kind == NULL || kind->vlen != 8 || memcmp(rv_val(t, kind),
	    "response", 8) != 0)
		return 0;
	/* A mark is added, never replaced: a second would be a duplicate
	 * member. */
	if (t->marked)
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "the response has a \"campaign\" member already "
		    "(marked twice?)");
	return 1;
}

/* Why the scanned response says nothing, or NULL (worked out once per
 * scan: counting and campaigns both ask). */
static const char *
record_stub(struct gd_tally *t)
{
	size_t i;

	if (t->stub_known)
		return t->stub_why;
	t->stub_known = 1;
	t->stub_why = NULL;
	for (i = 0; i < t->nrv; i++)
		if (t->rv[i].path == t->p_answers && !t->rv[i].isnull &&
		    !is_blank(rv_val(t, &t->rv[i]), t->rv[i].vlen))
			return NULL;
	return t->stub_why = stub_reason(t, 0);
}

/*
 * Counts the scanned response.  tabs: count it in the tabulations too
 * (a campaign collapsed to one voice counts its other members only in
 * the summary); voice: with --campaign-mode separate, "individual" or
 * "campaign", a first dimension of every tabulation.
 */
static int
count(struct gd_tally *t, int tabs, const char *voice)
{
	const struct rval *consent, *moderation, *type, *id;
	const char *reason, *f[1], *v[1], *tv;
	size_t fl[1], vl[1], tl, nm, i, j, s;

	consent = first_val(t, t->p_consent);
	moderation = first_val(t, t->p_moderation);
	type = first_val(t, t->p_type);
	id = first_val(t, t->p_id);
	tv = type ? rv_val(t, type) : "unknown";
	tl = type ? type->vlen : 7;
	t->voice = voice;

	if (add1(t, SPEC_RESPONSES, NULL, NULL, NULL, NULL, 0, 1) == -1)
		return -1;
	f[0] = "consent";
	fl[0] = 7;
	v[0] = consent ? rv_val(t, consent) : "unknown";
	vl[0] = consent ? consent->vlen : 7;
	if (add1(t, SPEC_CONSENT, f, fl, v, vl, 1, 1) == -1)
		return -1;
	/* Unlike consent, no moderation state is no value: the export has
	 * none, and by_moderation counts only those that say. */
	if (moderation) {
		f[0] = "moderation";
		fl[0] = 10;
		v[0] = rv_val(t, moderation);
		vl[0] = moderation->vlen;
		if (add1(t, SPEC_MODERATION, f, fl, v, vl, 1, 1) == -1)
			return -1;
	}
	f[0] = "respondent.type";
	fl[0] = 15;
	v[0] = tv;
	vl[0] = tl;
	if (add1(t, SPEC_TYPE, f, fl, v, vl, 1, 1) == -1)
		return -1;

	/* The tabulations. */
	for (s = 0; tabs && s < t->nspecs; s++) {
		const struct spec *sp = &t->specs[s];

		unsigned known = 0;

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

	/* Stubs: nothing answered, and no text worth the name. */
	if ((reason = record_stub(t)) != NULL) {
		f[0] = "stub";
		fl[0] = 4;
		v[0] = reason;
		vl[0] = strlen(reason);
		if (add1(t, SPEC_STUB, f, fl, v, vl, 1, 1) == -1)
			return -1;
		if (t->o.stubs && stub_add(t, id ? rv_val(t, id) : "", id ?
		    id->vlen : 0, reason) == -1)
			return -1;
	}
	if (tabs && t->nthemes && count_themes(t, tv, tl, id ? rv_val(t, id) :
	    "", id ? id->vlen : 0) == -1)
		return -1;
	return 0;
}

/* The scanned response's free text: its comments, one per line. */
static int
free_text(struct gd_tally *t)
{
	size_t i;

	gd_buf_reset(&t->text);
	for (i = 0; i < t->nrv; i++) {
		const struct rval *r = &t->rv[i];

		if (r->path != t->p_comments || r->isnull || !r->text)
			continue;
		if ((t->text.len && gd_buf_addc(&t->text, '\n') == -1) ||
		    gd_buf_add(&t->text, rv_val(t, r), r->vlen) == -1)
			return -1;
	}
	return 0;
}

#define NOVAL UINT32_MAX

/* Keeps a value NUL-terminated in t->ids after the response's id: its
 * offset from the id, or NOVAL. */
static int
keep_val(struct gd_tally *t, const struct rval *r, size_t id, uint32_t *at)
{
	*at = NOVAL;
	if (r == NULL)
		return 0;
	*at = (uint32_t)(t->ids.len - id);
	return gd_buf_add(&t->ids, rv_val(t, r), r->vlen) == -1 ||
	    gd_buf_addc(&t->ids, '\0') == -1 ? -1 : 0;
}

/*
 * Campaigns: the response's text goes to the finder; its id, type and
 * time are kept; the response itself is counted now, or kept aside to
 * be counted at the end.
 */
static int
defer(struct gd_tally *t, const char *line, size_t n, struct gd_error *err)
{
	const struct rval *id = first_val(t, t->p_id),
	    *ty = first_val(t, t->p_type);
	struct spooled *ns, *sp;

	if (t->finished)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "records added after the tally was written");
	if (t->nsp == t->spcap) {
		size_t ncap = t->spcap ? t->spcap * 2 : 1024;

		if ((ns = realloc(t->sp, ncap * sizeof(*ns))) == NULL)
			goto nomem;
		t->sp = ns;
		t->spcap = ncap;
	}
	if (n >= NOVAL)
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "record too long");
	sp = &t->sp[t->nsp];
	sp->off = t->spooled;
	sp->len = (uint32_t)n;
	sp->id = t->ids.len;
	sp->tylen = ty ? (uint32_t)ty->vlen : 0;
	if (gd_buf_add(&t->ids, id ? rv_val(t, id) : "", id ? id->vlen : 0) ==
	    -1 || gd_buf_addc(&t->ids, '\0') == -1 ||
	    keep_val(t, ty, sp->id, &sp->ty) == -1 ||
	    keep_val(t, first_val(t, t->p_submitted), sp->id, &sp->sub) == -1)
		goto nomem;
	if (t->spool) {
		if (fwrite(line, 1, n, t->spool) != n)
			return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "cannot keep responses aside: %s",
			    strerror(errno));
		t->spooled += n;
	} else if (count(t, 1, NULL) == -1)
		goto nomem;
	if (record_stub(t) == NULL && (free_text(t) == -1 ||
	    gd_campaigns_put(t->cf, t->nsp, t->text.data ? t->text.data : "",
	    t->text.len) == -1))
		goto nomem;
	t->nsp++;
	return 1;
nomem:
	return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "out of memory");
}

/* Reads response i back from the spool into t->rec and scans it. */
static int
reread(struct gd_tally *t, size_t i)
{
	struct gd_error err;
	size_t n = 0;
	ssize_t got;

	gd_buf_reset(&t->rec);
	if (gd_buf_grow(&t->rec, t->sp[i].len) == -1)
		return -1;
	while (n < t->sp[i].len) {
		got = pread(fileno(t->spool), t->rec.data + n, t->sp[i].len - n,
		    (off_t)(t->sp[i].off + n));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		n += (size_t)got;
	}
	t->rec.len = n;
	t->rec.data[n] = '\0';
	return scan(t, t->rec.data, t->rec.len, &err) == 1 ? 0 : -1;
}

static const char *rank_ids;
static const struct spooled *rank_sp;

static int
rank_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(rank_ids + rank_sp[x].id, rank_ids + rank_sp[y].id);

	return c ? c : (x < y ? -1 : x > y);
}

/* Seconds since 1970 of an ISO 8601 date and time, or -1. */
static long long
epoch_of(const char *s, size_t n)
{
	int y, mo, d, h, mi, sec, i;
	long long days, off = 0;

	if (n < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	for (i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
		    (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	h = (s[11] - '0') * 10 + (s[12] - '0');
	mi = (s[14] - '0') * 10 + (s[15] - '0');
	sec = (s[17] - '0') * 10 + (s[18] - '0');
	if (n >= 25 && (s[19] == '+' || s[19] == '-'))
		off = ((s[20] - '0') * 10 + (s[21] - '0')) * 3600LL +
		    ((s[23] - '0') * 10 + (s[24] - '0')) * 60LL;
	if (s[19] == '-')
		off = -off;
	/* Days from the civil date (H. Hinnant's algorithm). */
	y -= mo <= 2;
	{
		long long era = (y >= 0 ? y : y - 399) / 400;
		unsigned yoe = (unsigned)(y - era * 400);
		unsigned doy = (unsigned)((153 * (mo + (mo > 2 ? -3 : 9)) + 2)
		    / 5 + d - 1);
		unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		days = era * 146097 + (long long)doe - 719468;
	}
	return days * 86400 + h * 3600 + mi * 60 + sec - off;
}

struct member {
	long camp;
	uint64_t exact;
	size_t rank, idx;
	long long when;
};

static int
member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->camp != y->camp)
		return x->camp < y->camp ? -1 : 1;
	if (x->exact != y->exact)
		return x->exact < y->exact ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

static int
when_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->camp != y->camp)
		return x->camp < y->camp ? -1 : 1;
	return x->when < y->when ? -1 : x->when > y->when;
}

#define BURST_N 5	/* this many responses ... */
#define BURST_S 60	/* ... within this many seconds */

static char *
dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void
campaign_id(long c, char *buf, size_t n)
{
	snprintf(buf, n, "c%04ld", c + 1);
}

/*
 * The record read back, as it was, with "campaign": its campaign's id
 * added as its last member (the record is a valid object: it ends in
 * '}', possibly after white space).
 */
static int
mark(struct gd_tally *t, long c, gd_tally_out_fn out, void *ctx)
{
	size_t n = t->rec.len;
	char id[32];

	while (n > 0 && t->rec.data[n - 1] != '}')
		n--;
	gd_buf_reset(&t->line);
	if (c < 0)
		n = t->rec.len + 1;
	if (gd_buf_add(&t->line, t->rec.data, n - 1) == -1)
		return -1;
	if (c >= 0) {
		campaign_id(c, id, sizeof(id));
		if (gd_buf_adds(&t->line, ",\"campaign\":\"") == -1 ||
		    gd_buf_adds(&t->line, id) == -1 ||
		    gd_buf_adds(&t->line, "\"}") == -1)
			return -1;
	}
	if (gd_buf_addc(&t->line, '\n') == -1)
		return -1;
	return out(ctx, t->line.data, t->line.len);
}

/*
 * Campaigns known at last: the campaigns (the finder has the texts),
 * their members' types and times, and, with the responses kept aside,
 * the counting (a second pass), marking the records if asked.
 */
static int
finish(struct gd_tally *t, gd_tally_out_fn out, void *ctx)
{
	size_t *order = NULL, *rank = NULL, i, j, k, nm = 0;
	struct member *m = NULL;
	int rc = -1;

	t->finished = 1;
	if (t->spool && fflush(t->spool) == EOF)
		return -1;
	/* A rank by id: the same campaigns however the input was split. */
	if ((order = malloc((t->nsp + 1) * sizeof(*order))) == NULL ||
	    (rank = malloc((t->nsp + 1) * sizeof(*rank))) == NULL)
		goto done;
	for (i = 0; i < t->nsp; i++)
		order[i] = i;
	rank_ids = t->ids.data;
	rank_sp = t->sp;
	if (t->nsp > 1)
		qsort(order, t->nsp, sizeof(*order), rank_cmp);
	for (i = 0; i < t->nsp; i++)
		rank[order[i]] = i;
	free(order);
	order = NULL;
	if (gd_campaigns_find(t->cf, rank, t->nsp) == -1)
		goto done;
	t->ncamp = gd_campaigns_count_found(t->cf);
	if ((t->cs = calloc(t->ncamp + 1, sizeof(*t->cs))) == NULL ||
	    (m = malloc((t->nsp + 1) * sizeof(*m))) == NULL)
		goto done;
	for (i = 0; i < t->nsp; i++) {
		long c = gd_campaign_of(t->cf, i);

		if (c < 0)
			continue;
		m[nm].camp = c;
		m[nm].exact = gd_campaign_text_hash(t->cf, i);
		m[nm].rank = rank[i];
		m[nm].idx = i;
		m[nm].when = -1;
		nm++;
	}
	/* Members, in input order: by type, first and last times. */
	for (k = 0; k < nm; k++) {
		const struct spooled *sp = &t->sp[m[k].idx];
		struct campstat *cs = &t->cs[m[k].camp];
		const char *f[2] = { "campaign", "respondent.type" };
		size_t fl[2] = { 8, 15 }, vl[2];
		const char *v[2];
		char num[24];

		vl[0] = (size_t)snprintf(num, sizeof(num), "%ld", m[k].camp);
		v[0] = num;
		v[1] = sp->ty != NOVAL ? t->ids.data + sp->id + sp->ty :
		    "unknown";
		vl[1] = sp->ty != NOVAL ? sp->tylen : 7;
		if (add1(t, SPEC_CAMP_TYPE, f, fl, v, vl, 2, 1) == -1)
			goto done;
		if (sp->sub != NOVAL) {
			const char *sv = t->ids.data + sp->id + sp->sub;

			if (cs->first == NULL || strcmp(sv, cs->first) < 0) {
				free(cs->first);
				cs->first = dupn(sv, strlen(sv));
			}
			if (cs->last == NULL || strcmp(sv, cs->last) > 0) {
				free(cs->last);
				cs->last = dupn(sv, strlen(sv));
			}
			m[k].when = epoch_of(sv, strlen(sv));
		}
	}
	free(rank);
	rank = NULL;
	/* Size, variants, and the representative: the first of the
	 * commonest wording, its text as given. */
	if (nm > 1)
		qsort(m, nm, sizeof(*m), member_cmp);
	for (i = 0; i < nm; i = j) {
		struct campstat *c = &t->cs[m[i].camp];
		unsigned long long best = 0;
		size_t reprank = 0;

		for (j = i; j < nm && m[j].camp == m[i].camp; j = k) {
			for (k = j; k < nm && m[k].camp == m[j].camp &&
			    m[k].exact == m[j].exact; k++)
				;
			c->variants++;
			c->size += k - j;
			if (k - j > best || (k - j == best && m[j].rank <
			    reprank)) {
				best = k - j;
				c->rep = m[j].idx;
				reprank = m[j].rank;
			}
		}
		if (gd_campaigns_text(t->cf, c->rep, &t->text) == -1 ||
		    (c->text = dupn(t->text.data ? t->text.data : "",
		    t->text.len)) == NULL)
			goto done;
	}
	/* Kept aside: counted now, and marked. */
	for (i = 0; t->spool && i < t->nsp; i++) {
		long c = gd_campaign_of(t->cf, i);
		int tabs = 1;
		const char *voice = NULL;

		if (reread(t, i) == -1)
			goto done;
		if (t->o.campaign_mode == GD_CAMPAIGN_COLLAPSE && c >= 0)
			tabs = t->cs[c].rep == i;
		if (t->o.campaign_mode == GD_CAMPAIGN_SEPARATE)
			voice = c >= 0 ? "campaign" : "individual";
		if (count(t, tabs, voice) == -1)
			goto done;
		if (t->o.mark_campaigns && mark(t, c, out, ctx) == -1)
			goto done;
	}
	/* Bursts: BURST_N members within BURST_S seconds. */
	if (nm > 1)
		qsort(m, nm, sizeof(*m), when_cmp);
	for (i = 0; i < nm; i++) {
		if (m[i].when < 0 || i + BURST_N - 1 >= nm ||
		    m[i + BURST_N - 1].camp != m[i].camp)
			continue;
		if (m[i + BURST_N - 1].when - m[i].when <= BURST_S)
			t->cs[m[i].camp].burst = 1;
	}
	rc = 0;
done:
	free(order);
	free(rank);
	free(m);
	return rc;
}

int
gd_tally_add(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err)
{
	int rc = scan(t, line, n, err);

	if (rc != 1)
		return rc;
	if (t->cf)
		return defer(t, line, n, err);
	if (count(t, 1, NULL) == -1)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "out of memory");
	return 1;
}

/* ---- writing ---- */

struct oc {			/* a cell, taken apart for output */
	struct dkey k;
	unsigned long long n;
	int supp;		/* suppressed */
	int force;		/* to be withheld whatever its count */
	int hide_of;		/* its row has a suppressed cell */
	unsigned long long of;	/* its row's total */
};

/* Compares two counted strings; either may be NULL when empty. */
static int
strcmp_n(const char *a, size_t al, const char *b, size_t bl)
{
	int c = al && bl ? memcmp(a, b, al < bl ? al : bl) : 0;

	if (c)
		return c;
	return al < bl ? -1 : al > bl;
}

/* Order: tabulation, then fields, then values (null first). */
static int
oc_cmp(const void *x, const void *y)
{
	const struct oc *a = x, *b = y;
	unsigned i;
	int c;

	if (a->k.spec != b->k.spec)
		return a->k.spec < b->k.spec ? -1 : 1;
	if (a->k.nd != b->k.nd)
		return a->k.nd < b->k.nd ? -1 : 1;
	for (i = 0; i < a->k.nd; i++)
		if ((c = strcmp_n(a->k.d[i].f, a->k.d[i].fl, b->k.d[i].f,
		    b->k.d[i].fl)) != 0)
			return c;
	for (i = 0; i < a->k.nd; i++) {
		if (!a->k.d[i].v != !b->k.d[i].v)
			return a->k.d[i].v ? 1 : -1;
		if (a->k.d[i].v && (c = strcmp_n(a->k.d[i].v, a->k.d[i].vl,
		    b->k.d[i].v, b->k.d[i].vl)) != 0)
			return c;
	}
	return 0;
}

static int
same_fields(const struct oc *a, const struct oc *b)
{
	unsigned i;

	if (a->k.spec != b->k.spec || a->k.nd != b->k.nd)
		return 0;
	for (i = 0; i < a->k.nd; i++)
		if (strcmp_n(a->k.d[i].f, a->k.d[i].fl, b->k.d[i].f,
		    b->k.d[i].fl) != 0)
			return 0;
	return 1;
}

/* Same fields, and same values in every dimension but skip. */
static int
same_group(const struct oc *a, const struct oc *b, unsigned skip)
{
	unsigned i;

	if (a->k.spec != b->k.spec || a->k.nd != b->k.nd)
		return 0;
	for (i = 0; i < a->k.nd; i++) {
		if (strcmp_n(a->k.d[i].f, a->k.d[i].fl, b->k.d[i].f,
		    b->k.d[i].fl) != 0)
			return 0;
		if (i == skip)
			continue;
		if (!a->k.d[i].v != !b->k.d[i].v || (a->k.d[i].v &&
		    strcmp_n(a->k.d[i].v, a->k.d[i].vl, b->k.d[i].v,
		    b->k.d[i].vl) != 0))
			return 0;
	}
	return 1;
}

/*
 * Small-cell suppression over the cells [from, to) of one tabulation:
 * counts below min are withheld; where a row (all dimensions but the
 * last the same) or a column (all but the one before last) has just one
 * withheld cell, the next smallest is withheld too, so that no withheld
 * count follows from a total.  Repeated until nothing changes.
 */
static void
suppress(struct oc *v, size_t from, size_t to, unsigned long long min)
{
	size_t i, j, pass;
	unsigned nd = v[from].k.nd, axis, skip;
	int changed = 1;

	if (min == 0)
		return;
	for (i = from; i < to; i++)
		v[i].supp = v[i].n < min || v[i].force;
	/* Each pass withholds one more cell at least: it ends. */
	for (pass = 0; changed; pass++) {
		changed = 0;
		for (axis = 0; axis < (nd >= 2 ? 2u : 1u); axis++) {
			skip = nd - 1 - axis;
			for (i = from; i < to; i++) {
				size_t nsup = 0, members = 0, best = to;
				unsigned long long sum = 0;

				/* Each group once: at its first member. */
				for (j = from; j < i; j++)
					if (same_group(&v[i], &v[j], skip))
						break;
				if (j < i)
					continue;
				for (j = i; j < to; j++) {
					if (!same_group(&v[i], &v[j], skip))
						continue;
					members++;
					if (v[j].supp) {
						nsup++;
						sum += v[j].n;
					}
					else if (best == to || v[j].n <=
					    v[best].n)
						best = j;
				}
				/* One withheld cell is its total less the
				 * rest; withheld cells that are all 1 (their
				 * sum is their number, each being at least 1)
				 * are known too. */
				if ((nsup == 1 || (nsup > 1 && sum == nsup)) &&
				    members > nsup && best < to) {
					v[best].supp = 1;
					changed = 1;
				}
			}
		}
	}
}

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
static void
share_json(struct gd_jw *jw, unsigned long long n, unsigned long long of)
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

static int
emit_line(struct gd_tally *t, struct gd_jw *jw, gd_tally_out_fn out,
    void *ctx)
{
	if (jw->err || gd_buf_addc(&t->line, '\n') == -1)
		return -1;
	return out(ctx, t->line.data, t->line.len);
}

static void
record_start(struct gd_tally *t, struct gd_jw *jw, const char *kind)
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
static void
count_json(struct gd_jw *jw, const struct oc *c)
{
	if (c->supp)
		gd_jw_null(jw);
	else
		gd_jw_int(jw, (long long)c->n);
}

static size_t
spec_range(const struct oc *v, size_t nv, size_t from, unsigned spec)
{
	size_t j = from;

	while (j < nv && v[j].k.spec == spec)
		j++;
	return j;
}

static int
write_summary(struct gd_tally *t, struct oc *v, size_t nv, gd_tally_out_fn out,
    void *ctx)
{
	unsigned long long responses = 0;
	static const unsigned maps[] = { SPEC_CONSENT, SPEC_MODERATION,
	    SPEC_TYPE, SPEC_STUB };
	static const char *const names[] = { "by_consent", "by_moderation",
	    "by_type", "stubs" };
	struct gd_jw jw;
	size_t i, j, from, to;

	for (i = 0; i < nv; i++)
		if (v[i].k.spec == SPEC_RESPONSES)
			responses += v[i].n;
	record_start(t, &jw, "summary");
	gd_jw_keyz(&jw, "responses");
	gd_jw_int(&jw, (long long)responses);
	if (t->cf) {
		unsigned long long in = 0;

		for (i = 0; i < t->ncamp; i++)
			in += t->cs[i].size;
		gd_jw_keyz(&jw, "campaigns");
		gd_jw_int(&jw, (long long)t->ncamp);
		gd_jw_keyz(&jw, "campaign_responses");
		gd_jw_int(&jw, (long long)in);
		gd_jw_keyz(&jw, "unique_voices");
		gd_jw_int(&jw, (long long)(responses - in + t->ncamp));
	}
	for (j = 0; j < 4; j++) {
		for (from = 0; from < nv && v[from].k.spec != maps[j]; from++)
			;
		to = spec_range(v, nv, from, maps[j]);
		/* Present only when some response has a moderation state. */
		if (maps[j] == SPEC_MODERATION && from == to)
			continue;
		if (maps[j] != SPEC_STUB)
			suppress(v, from, to, t->o.min_cell);
		gd_jw_keyz(&jw, names[j]);
		gd_jw_obj_open(&jw);
		for (i = from; i < to; i++) {
			gd_jw_key(&jw, v[i].k.d[0].v, v[i].k.d[0].vl);
			count_json(&jw, &v[i]);
		}
		gd_jw_obj_close(&jw);
	}
	gd_jw_obj_close(&jw);
	return emit_line(t, &jw, out, ctx);
}

/* Sets of: the total of each cell's row. */
static void
row_totals(struct oc *v, size_t from, size_t to)
{
	size_t i = from, j, k;
	unsigned long long sum;

	while (i < to) {
		unsigned last = v[i].k.nd - 1;

		sum = 0;
		for (j = i; j < to && same_group(&v[i], &v[j], last); j++)
			sum += v[j].n;
		for (k = i; k < j; k++)
			v[k].of = sum;
		i = j;
	}
}

/*
 * Row totals and suppression of one tabulation.  A row with a withheld
 * cell does not publish its total (nor the shares, which would give it):
 * the total and the other cells would tell the withheld ones.
 */
static void
prepare_tallies(struct gd_tally *t, struct oc *v, size_t from, size_t to)
{
	size_t i, j, k;

	row_totals(v, from, to);
	suppress(v, from, to, t->o.min_cell);
	for (i = from; i < to; i = j) {
		unsigned last = v[i].k.nd - 1;
		int any = 0;

		for (j = i; j < to && same_group(&v[i], &v[j], last); j++)
			any |= v[j].supp;
		for (k = i; k < j; k++)
			v[k].hide_of = any;
	}
}

/*
 * A row of one cell, withheld, is its row total: where that total is
 * the summary's count of a respondent type (or consent, or moderation
 * state), that count is withheld too.
 */
static void
link_summary(struct oc *v, size_t nv, size_t from, size_t to)
{
	size_t i, j, k;
	unsigned spec;

	if (v[from].k.nd < 2)
		return;
	if (strcmp_n(v[from].k.d[0].f, v[from].k.d[0].fl, "respondent.type",
	    15) == 0)
		spec = SPEC_TYPE;
	else if (strcmp_n(v[from].k.d[0].f, v[from].k.d[0].fl, "consent", 7)
	    == 0)
		spec = SPEC_CONSENT;
	else if (strcmp_n(v[from].k.d[0].f, v[from].k.d[0].fl, "moderation",
	    10) == 0)
		spec = SPEC_MODERATION;
	else
		return;
	for (i = from; i < to; i = j) {
		unsigned last = v[i].k.nd - 1;

		for (j = i; j < to && same_group(&v[i], &v[j], last); j++)
			;
		if (j - i != 1 || !v[i].supp || v[i].k.d[0].v == NULL)
			continue;
		for (k = 0; k < nv; k++)
			if (v[k].k.spec == spec && v[k].k.d[0].v != NULL &&
			    strcmp_n(v[k].k.d[0].v,
			    v[k].k.d[0].vl, v[i].k.d[0].v, v[i].k.d[0].vl) ==
			    0)
				v[k].force = 1;
	}
}

/*
 * A column of a two-way table with every cell withheld has its total in
 * the one-way table of the same field (the default tabulations): that
 * total is withheld too.  Returns how many were newly marked.
 */
static size_t
link_columns(struct oc *v, size_t nv, size_t from, size_t to)
{
	size_t i, j, k, marked = 0, members, nsup;

	if (v[from].k.nd != 2)
		return 0;
	for (i = from; i < to; i++) {
		/* Each column once: at its first cell. */
		for (j = from; j < i; j++)
			if (same_group(&v[i], &v[j], 0))
				break;
		if (j < i)
			continue;
		members = nsup = 0;
		for (j = i; j < to; j++)
			if (same_group(&v[i], &v[j], 0)) {
				members++;
				nsup += v[j].supp != 0;
			}
		if (nsup == 0 || nsup < members)
			continue;
		for (k = 0; k < nv; k++)
			if (v[k].k.nd == 1 && v[k].k.spec < 0x4000 &&
			    !v[k].force && strcmp_n(v[k].k.d[0].f,
			    v[k].k.d[0].fl, v[i].k.d[1].f, v[i].k.d[1].fl) == 0 &&
			    v[k].k.d[0].v && v[i].k.d[1].v &&
			    strcmp_n(v[k].k.d[0].v, v[k].k.d[0].vl,
			    v[i].k.d[1].v, v[i].k.d[1].vl) == 0) {
				v[k].force = 1;
				marked++;
			}
	}
	return marked;
}

static int
write_tallies(struct gd_tally *t, struct oc *v, size_t from, size_t to,
    gd_tally_out_fn out, void *ctx)
{
	struct gd_jw jw;
	size_t i;

	for (i = from; i < to; i++) {
		record_start(t, &jw, "tally");
		gd_jw_keyz(&jw, "by");
		dims_json(&jw, &v[i].k, 0);
		gd_jw_keyz(&jw, "key");
		dims_json(&jw, &v[i].k, 1);
		gd_jw_keyz(&jw, "n");
		count_json(&jw, &v[i]);
		gd_jw_keyz(&jw, "of");
		if (v[i].hide_of)
			gd_jw_null(&jw);
		else
			gd_jw_int(&jw, (long long)v[i].of);
		gd_jw_keyz(&jw, "share");
		if (v[i].supp || v[i].hide_of)
			gd_jw_null(&jw);
		else
			share_json(&jw, v[i].n, v[i].of);
		if (v[i].supp) {
			gd_jw_keyz(&jw, "suppressed");
			gd_jw_bool(&jw, 1);
		}
		gd_jw_obj_close(&jw);
		if (emit_line(t, &jw, out, ctx) == -1)
			return -1;
	}
	return 0;
}

/* The Likert score of an answer: 1-5, 0 off the scale, -1 not a label. */
static int
score_of(const struct gd_tally *t, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < t->nscale; i++)
		if (gd_label_eq(t->scale[i].label, strlen(t->scale[i].label), s,
		    n))
			return t->scale[i].score;
	return -1;
}

/*
 * Likert summaries of the tabulation [from, to) whose last dimension is
 * a question: for each question whose every answer is on the scale, a
 * scale record per row.
 */
static int
write_scales(struct gd_tally *t, struct oc *v, size_t from, size_t to,
    gd_tally_out_fn out, void *ctx)
{
	struct gd_jw jw;
	size_t i, j, k, q;
	unsigned last = v[from].k.nd - 1;

	for (q = from; q < to; q = i) {
		int likert = 1, scores = 0, seen[6] = { 0 };

		/* The cells of one question (the same fields). */
		for (i = q; i < to && same_fields(&v[i], &v[q]); i++) {
			if (v[i].k.d[last].v) {
				int sc = score_of(t, v[i].k.d[last].v,
				    v[i].k.d[last].vl);

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
			int withheld = 0;

			for (k = j; k < i && same_group(&v[j], &v[k], last);
			    k++) {
				int sc;

				withheld |= v[k].supp;
				if (v[k].k.d[last].v == NULL)
					continue;
				sc = score_of(t, v[k].k.d[last].v,
				    v[k].k.d[last].vl);
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
			record_start(t, &jw, "scale");
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
				share_json(&jw, agree, n);
				gd_jw_keyz(&jw, "disagree_share");
				share_json(&jw, dis, n);
				gd_jw_keyz(&jw, "net");
				if (n)
					fixed_json(&jw, ((long long)((agree *
					    20000 / n + 1) / 2) - (long long)
					    ((dis * 20000 / n + 1) / 2)));
				else
					gd_jw_null(&jw);
				gd_jw_keyz(&jw, "mean");
				if (n)
					fixed_json(&jw, (long long)((sum *
					    20000 / n + 1) / 2));
				else
					gd_jw_null(&jw);
			}
			gd_jw_obj_close(&jw);
			if (emit_line(t, &jw, out, ctx) == -1)
				return -1;
		}
	}
	return 0;
}

static int
ex_find(const struct gd_tally *t, const char *theme, const char *type,
    size_t tl)
{
	size_t i, il = strlen(theme);

	for (i = 0; i < t->nex; i++)
		if (t->ex[i].klen == il + 1 + tl && memcmp(t->ex[i].key, theme,
		    il + 1) == 0 && (tl == 0 || memcmp(t->ex[i].key + il + 1,
		    type, tl) == 0))
			return (int)i;
	return -1;
}

static int
id_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
write_theme_row(struct gd_tally *t, const char *id, const char *label,
    const char *type, size_t tl, unsigned long long n, unsigned long long of,
    int supp, int hide_of, const char **ex, size_t nex, gd_tally_out_fn out,
    void *ctx)
{
	struct gd_jw jw;
	size_t i;

	record_start(t, &jw, "theme");
	gd_jw_keyz(&jw, "theme");
	gd_jw_strz(&jw, id);
	gd_jw_keyz(&jw, "label");
	gd_jw_strz(&jw, label);
	gd_jw_keyz(&jw, "by");
	gd_jw_arr_open(&jw);
	if (type)
		gd_jw_strz(&jw, "respondent.type");
	gd_jw_arr_close(&jw);
	gd_jw_keyz(&jw, "key");
	gd_jw_arr_open(&jw);
	if (type)
		gd_jw_str(&jw, type, tl);
	gd_jw_arr_close(&jw);
	gd_jw_keyz(&jw, "n");
	if (supp)
		gd_jw_null(&jw);
	else
		gd_jw_int(&jw, (long long)n);
	/* The base is the summary's count of the type: withheld there,
	 * withheld here, and so are the type's theme counts (the count of
	 * "none" is the type's count when no response has a theme). */
	gd_jw_keyz(&jw, "of");
	if (hide_of)
		gd_jw_null(&jw);
	else
		gd_jw_int(&jw, (long long)of);
	gd_jw_keyz(&jw, "share");
	if (supp || hide_of)
		gd_jw_null(&jw);
	else
		share_json(&jw, n, of);
	/* Examples only where the count is published. */
	gd_jw_keyz(&jw, "examples");
	gd_jw_arr_open(&jw);
	for (i = 0; !supp && i < nex; i++)
		gd_jw_strz(&jw, ex[i]);
	gd_jw_arr_close(&jw);
	if (supp) {
		gd_jw_keyz(&jw, "suppressed");
		gd_jw_bool(&jw, 1);
	}
	gd_jw_obj_close(&jw);
	return emit_line(t, &jw, out, ctx);
}

/* Theme counts: overall, then by respondent type, each theme in turn. */
static int
write_themes(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx)
{
	unsigned long long responses = 0, total;
	size_t k, i, j, ntypes = 0, nall;
	const char *all[MAX_EXAMPLES * 64];
	struct oc *types = NULL;

	for (i = 0; i < nv; i++) {
		if (v[i].k.spec == SPEC_RESPONSES)
			responses += v[i].n;
		if (v[i].k.spec == SPEC_TYPE && types == NULL)
			types = &v[i];
		if (v[i].k.spec == SPEC_TYPE)
			ntypes++;
	}
	for (k = 0; k <= t->nthemes; k++) {
		const char *id = k < t->nthemes ? t->themes[k].id : "none";
		const char *label = k < t->nthemes ? t->themes[k].label :
		    "(no theme)";
		size_t il = strlen(id);

		/* Overall: the sum over types; examples: the smallest ids
		 * of all types. */
		total = 0;
		nall = 0;
		for (i = 0; i < nv; i++)
			if (v[i].k.spec == SPEC_THEME && v[i].k.d[0].v &&
			    strcmp_n(v[i].k.d[0].v, v[i].k.d[0].vl, id, il) == 0)
				total += v[i].n;
		for (i = 0; i < t->nex; i++)
			if (t->ex[i].klen > il && memcmp(t->ex[i].key, id, il)
			    == 0 && t->ex[i].key[il] == '\0')
				for (j = 0; j < t->ex[i].n && nall <
				    sizeof(all) / sizeof(all[0]); j++)
					all[nall++] = t->ex[i].id[j];
		if (nall > 1)
			qsort(all, nall, sizeof(all[0]), id_cmp);
		if (nall > MAX_EXAMPLES)
			nall = MAX_EXAMPLES;
		if (write_theme_row(t, id, label, NULL, 0, total, responses,
		    t->o.min_cell && total < t->o.min_cell, 0, all, nall, out,
		    ctx)
		    == -1)
			return -1;
		for (j = 0; j < ntypes; j++) {
			const struct oc *ty = &types[j];
			unsigned long long n = 0;
			int e;

			for (i = 0; i < nv; i++)
				if (v[i].k.spec == SPEC_THEME &&
				    v[i].k.d[0].v && strcmp_n(v[i].k.d[0].v,
				    v[i].k.d[0].vl, id, il) == 0 &&
				    !v[i].k.d[1].v == !ty->k.d[0].v &&
				    strcmp_n(v[i].k.d[1].v, v[i].k.d[1].vl,
				    ty->k.d[0].v, ty->k.d[0].vl) == 0)
					n += v[i].n;
			if (n == 0)
				continue;
			e = ex_find(t, id, ty->k.d[0].v, ty->k.d[0].vl);
			if (write_theme_row(t, id, label, ty->k.d[0].v,
			    ty->k.d[0].vl, n, ty->n, (t->o.min_cell && n <
			    t->o.min_cell) || ty->supp, ty->supp != 0, e >= 0 ?
			    (const char **)t->ex[e].id : NULL, e >= 0 ?
			    t->ex[e].n : 0, out, ctx) == -1)
				return -1;
		}
	}
	return 0;
}

static int
stub_cmp(const void *a, const void *b)
{
	const struct stub *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->reason, y->reason);
}

static int
write_stubs(struct gd_tally *t, gd_tally_out_fn out, void *ctx)
{
	struct gd_jw jw;
	size_t i;

	if (t->nstubs > 1)
		qsort(t->stubs, t->nstubs, sizeof(*t->stubs), stub_cmp);
	for (i = 0; i < t->nstubs; i++) {
		record_start(t, &jw, "stub");
		gd_jw_keyz(&jw, "id");
		gd_jw_strz(&jw, t->stubs[i].id);
		gd_jw_keyz(&jw, "reason");
		gd_jw_strz(&jw, t->stubs[i].reason);
		gd_jw_obj_close(&jw);
		if (emit_line(t, &jw, out, ctx) == -1)
			return -1;
	}
	return 0;
}

static int
write_campaigns(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx)
{
	struct gd_jw jw;
	size_t c, i, from, to, *cell;
	char id[32];

	for (from = 0; from < nv && v[from].k.spec != SPEC_CAMP_TYPE; from++)
		;
	to = spec_range(v, nv, from, SPEC_CAMP_TYPE);
	/* Where each campaign's cells start (they are sorted by its
	 * number, as text: together, not in numeric order). */
	if ((cell = malloc((t->ncamp + 1) * sizeof(*cell))) == NULL)
		return -1;
	for (c = 0; c < t->ncamp; c++)
		cell[c] = to;
	for (i = from; i < to; i++) {
		const char *n = v[i].k.d[0].v;
		size_t k, vl = v[i].k.d[0].vl;

		if (i > from && strcmp_n(n, vl, v[i - 1].k.d[0].v,
		    v[i - 1].k.d[0].vl) == 0)
			continue;
		for (c = 0, k = 0; k < vl && n[k] >= '0' && n[k] <= '9'; k++)
			c = c * 10 + (size_t)(n[k] - '0');
		if (k == vl && vl > 0 && c < t->ncamp)
			cell[c] = i;
	}
	for (c = 0; c < t->ncamp; c++) {
		const struct campstat *cs = &t->cs[c];
		size_t a = cell[c], b;

		campaign_id((long)c, id, sizeof(id));
		record_start(t, &jw, "campaign");
		gd_jw_keyz(&jw, "id");
		gd_jw_strz(&jw, id);
		gd_jw_keyz(&jw, "size");
		gd_jw_int(&jw, (long long)cs->size);
		gd_jw_keyz(&jw, "variants");
		gd_jw_int(&jw, (long long)cs->variants);
		gd_jw_keyz(&jw, "text");
		gd_jw_strz(&jw, cs->text ? cs->text : "");
		gd_jw_keyz(&jw, "by_type");
		gd_jw_obj_open(&jw);
		/* This campaign's cells (sorted: the number is the first
		 * value), suppressed like the summary's. */
		for (b = a; b < to && strcmp_n(v[b].k.d[0].v, v[b].k.d[0].vl,
		    v[a].k.d[0].v, v[a].k.d[0].vl) == 0; b++)
			;
		suppress(v, a, b, t->o.min_cell);
		for (i = a; i < b; i++) {
			gd_jw_key(&jw, v[i].k.d[1].v, v[i].k.d[1].vl);
			count_json(&jw, &v[i]);
		}
		gd_jw_obj_close(&jw);
		gd_jw_keyz(&jw, "first");
		if (cs->first)
			gd_jw_strz(&jw, cs->first);
		else
			gd_jw_null(&jw);
		gd_jw_keyz(&jw, "last");
		if (cs->last)
			gd_jw_strz(&jw, cs->last);
		else
			gd_jw_null(&jw);
		gd_jw_keyz(&jw, "burst");
		gd_jw_bool(&jw, cs->burst);
		gd_jw_obj_close(&jw);
		if (emit_line(t, &jw, out, ctx) == -1) {
			free(cell);
			return -1;
		}
	}
	free(cell);
	return 0;
}

/* All cells, taken apart and sorted. */
static struct oc *
sorted_cells(struct gd_tally *t, size_t *nv)
{
	struct oc *v = calloc(t->c.used + 1, sizeof(*v));
	size_t i, n = 0;

	if (v == NULL)
		return NULL;
	for (i = 0; i < t->c.cap; i++) {
		if (t->c.v[i].len == 0)
			continue;
		key_parse(t->c.keys.data + t->c.v[i].off, &v[n].k);
		v[n].n = t->c.v[i].n;
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), oc_cmp);
	*nv = n;
	return v;
}

/* Compares the values of two keys in every dimension but skip. */
static int
values_cmp(const struct dkey *a, const struct dkey *b, unsigned skip)
{
	unsigned d;
	int c;

	for (d = 0; d < a->nd; d++) {
		if (d == skip)
			continue;
		if (!a->d[d].v != !b->d[d].v)
			return a->d[d].v ? 1 : -1;
		if (a->d[d].v && (c = strcmp_n(a->d[d].v, a->d[d].vl,
		    b->d[d].v, b->d[d].vl)) != 0)
			return c;
	}
	return 0;
}

/*
 * --missing with a "x.*" field: the null cell of each member and each
 * value of the other fields is the responses with those values (BASE)
 * less those that have the member (HAS).  v is sorted: the HAS cells of
 * one member are together, in order of their values, so each is found by
 * halving.  Returns v grown and sorted again, or NULL.
 */
static struct oc *
missing_cells(struct gd_tally *t, struct oc *v, size_t *nv)
{
	size_t n = *nv, add = 0, cap = n, i, m, me, lo, hi, mid;
	struct oc *nvv;
	unsigned s, star;

	for (s = 0; s < t->nspecs; s++) {
		size_t b0, b1, h0, h1;

		if (t->specs[s].star_dim < 0)
			continue;
		star = (unsigned)t->specs[s].star_dim;
		for (b0 = 0; b0 < n && v[b0].k.spec != (s | HIDDEN_BASE); b0++)
			;
		b1 = spec_range(v, n, b0, s | HIDDEN_BASE);
		for (h0 = 0; h0 < n && v[h0].k.spec != (s | HIDDEN_HAS); h0++)
			;
		h1 = spec_range(v, n, h0, s | HIDDEN_HAS);
		for (m = h0; m < h1; m = me) {
			for (me = m; me < h1 && same_fields(&v[me], &v[m]); me++)
				;
			for (i = b0; i < b1; i++) {
				unsigned long long has = 0;

				lo = m;
				hi = me;
				while (lo < hi) {
					int c;

					mid = lo + (hi - lo) / 2;
					c = values_cmp(&v[mid].k, &v[i].k, star);
					if (c == 0) {
						has = v[mid].n;
						break;
					}
					if (c < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (v[i].n <= has)
					continue;
				if (n + add + 1 > cap) {
					cap = cap * 2 + 16;
					if ((nvv = realloc(v, cap * sizeof(*v))) ==
					    NULL) {
						free(v);
						return NULL;
					}
					v = nvv;
				}
				v[n + add] = v[i];
				v[n + add].k.spec = s;
				v[n + add].n = v[i].n - has;
				v[n + add].k.d[star] = v[m].k.d[star];
				v[n + add].k.d[star].v = NULL;
				v[n + add].k.d[star].vl = 0;
				add++;
			}
		}
	}
	*nv = n + add;
	if (*nv > 1)
		qsort(v, *nv, sizeof(*v), oc_cmp);
	/* A member given as null was counted as a null cell already: the
	 * absent ones join it. */
	for (i = m = 0; i < *nv; i++) {
		if (m > 0 && oc_cmp(&v[m - 1], &v[i]) == 0) {
			v[m - 1].n += v[i].n;
			continue;
		}
		v[m++] = v[i];
	}
	*nv = m;
	return v;
}

int
gd_tally_write(struct gd_tally *t, gd_tally_out_fn out, void *ctx)
{
	struct oc *v;
	size_t nv, from, to, pass;
	unsigned s;
	int rc = -1, changed;

	if (t->cf && !t->finished && finish(t, out, ctx) == -1)
		return -1;
	if ((v = sorted_cells(t, &nv)) == NULL)
		return -1;
	if (t->o.missing && (v = missing_cells(t, v, &nv)) == NULL)
		return -1;
	/* Suppression first, everywhere: it decides what the summary may
	 * show too, and one table's withheld cells can call for another's
	 * totals to be withheld: again until nothing changes. */
	for (changed = 1, pass = 0; changed && pass <= t->nspecs; pass++) {
		changed = 0;
		for (s = 0; s < t->nspecs; s++) {
			for (from = 0; from < nv && v[from].k.spec != s;
			    from++)
				;
			to = spec_range(v, nv, from, s);
			if (from == to)
				continue;
			prepare_tallies(t, v, from, to);
			if (t->o.min_cell) {
				link_summary(v, nv, from, to);
				changed += link_columns(v, nv, from, to) > 0;
			}
		}
	}
	if (write_summary(t, v, nv, out, ctx) == -1)
		goto done;
	for (s = 0; s < t->nspecs; s++) {
		for (from = 0; from < nv && v[from].k.spec != s; from++)
			;
		to = spec_range(v, nv, from, s);
		if (from == to)
			continue;
		if (write_tallies(t, v, from, to, out, ctx) == -1)
			goto done;
	}
	for (s = 0; s < t->nspecs; s++) {
		const struct spec *sp = &t->specs[s];

		if (sp->star_dim != (int)sp->nd - 1)
			continue;
		for (from = 0; from < nv && v[from].k.spec != s; from++)
			;
		to = spec_range(v, nv, from, s);
		if (from < to && write_scales(t, v, from, to, out, ctx) == -1)
			goto done;
	}
	if (t->nthemes && write_themes(t, v, nv, out, ctx) == -1)
		goto done;
	if (t->o.stubs && write_stubs(t, out, ctx) == -1)
		goto done;
	if (t->cf && write_campaigns(t, v, nv, out, ctx) == -1)
		goto done;
	rc = 0;
done:
	free(v);
	return rc;
}

/* ---- partial results ---- */

static void
partial_start(struct gd_tally *t, struct gd_jw *jw)
{
	record_start(t, jw, "partial");
	gd_jw_keyz(jw, "config");
	gd_jw_strz(jw, t->config);
}

int
gd_tally_write_partial(struct gd_tally *t, gd_tally_out_fn out, void *ctx)
{
	struct gd_jw jw;
	struct oc *v;
	size_t nv, i, j;
	unsigned d;
	int rc = -1;

	if (t->cf) {
		/* Campaigns span shards: the responses themselves go on,
		 * as they were, for the merge to find them whole. */
		if (t->spool == NULL || fflush(t->spool) == EOF)
			return -1;	/* opts.partial was not set */
		for (i = 0; i < t->nsp; i++) {
			if (reread(t, i) == -1)
				return -1;
			gd_buf_reset(&t->line);
			if (gd_buf_addf(&t->line, "{\"gd\":1,\"kind\":\"partial\","
			    "\"config\":\"%s\",\"record\":", t->config) == -1 ||
			    gd_buf_add(&t->line, t->rec.data, t->rec.len) ==
			    -1 || gd_buf_adds(&t->line, "}\n") == -1 ||
			    out(ctx, t->line.data, t->line.len) == -1)
				return -1;
		}
		return 0;
	}
	if ((v = sorted_cells(t, &nv)) == NULL)
		return -1;
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
		if (emit_line(t, &jw, out, ctx) == -1)
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
		if (emit_line(t, &jw, out, ctx) == -1)
			goto done;
	}
	if (t->nstubs > 1)
		qsort(t->stubs, t->nstubs, sizeof(*t->stubs), stub_cmp);
	for (i = 0; i < t->nstubs; i++) {
		partial_start(t, &jw);
		gd_jw_keyz(&jw, "stub");
		gd_jw_strz(&jw, t->stubs[i].id);
		gd_jw_keyz(&jw, "reason");
		gd_jw_strz(&jw, t->stubs[i].reason);
		gd_jw_obj_close(&jw);
		if (emit_line(t, &jw, out, ctx) == -1)
			goto done;
	}
	rc = 0;
done:
	free(v);
	return rc;
}

static const char *
reason_static(const char *r)
{
	if (strcmp(r, "empty") == 0)
		return "empty";
	if (strcmp(r, "attachment") == 0)
		return "attachment";
	if (strcmp(r, "short") == 0)
		return "short";
	return NULL;
}

/*
 * Whether a partial's cell has the shape this tally gives its table:
 * a table there is, as many dimensions as it has, and each dimension's
 * field the one asked for ("answers." and a member for a star field; ""
 * for that dimension of a --missing base count).  A cell of another
 * shape would be counted under a table it does not belong to.
 */
static int
jstr_is(json_t *s, const char *want)
{
	const char *v = json_string_value(s);

	return v && json_string_length(s) == strlen(want) && strcmp(v, want)
	    == 0;
}

static int
cell_shape_ok(const struct gd_tally *t, unsigned spec, json_t *dims)
{
	static const struct { unsigned spec; const char *f[2]; size_t nd; }
	    fixed[] = {
		{ SPEC_RESPONSES, { NULL, NULL }, 0 },
		{ SPEC_CONSENT, { "consent", NULL }, 1 },
		{ SPEC_MODERATION, { "moderation", NULL }, 1 },
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
	{
		size_t where;
		const char *why;
		int src;

		t->nrv = 0;
		t->stub_known = 0;
		gd_buf_reset(&t->vtext);
		src = gd_jscan(t->ps, line, n, collect, t, &t->scratch, &where,
		    &why);

		if (src == -2 || (src != 0 && strcmp(why, "out of memory") ==
		    0))
			return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "out of memory");
		if (src != 0)
			return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0,
			    gd_utf8_chars(line, where) + 1,
			    "not valid JSON: %s", why);
	}
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
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "out of memory");
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
		if (key_start(&t->key, (unsigned)json_integer_value(v),
		    (unsigned)json_array_size(dims)) == -1)
			goto nomem;
		json_array_foreach(dims, i, d) {
			json_t *f = json_array_get(d, 0), *x = json_array_get(d,
			    1);

			if (!json_is_array(d) || json_array_size(d) != 2 ||
			    !json_is_string(f) || (!json_is_string(x) &&
			    !json_is_null(x)))
				goto bad;
			if (key_dim(&t->key, json_string_value(f),
			    json_string_length(f), json_is_null(x) ? NULL :
			    json_string_value(x), json_is_null(x) ? 0 :
			    json_string_length(x)) == -1)
				goto nomem;
		}
		if (cells_add(&t->c, t->key.data, t->key.len,
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
			if (example_add(t, key, tl + 1 + yl,
			    json_string_value(d), json_string_length(d)) == -1)
				goto nomem;
		}
	} else if ((v = json_object_get(o, "stub")) != NULL) {
		const char *r = json_string_value(json_object_get(o,
		    "reason"));

		if (!json_is_string(v) || r == NULL || reason_static(r) ==
		    NULL)
			goto bad;
		if (stub_add(t, json_string_value(v), json_string_length(v),
		    reason_static(r)) == -1)
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
	return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "out of memory");
}
