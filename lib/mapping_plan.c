/*
 * mapping_plan.c - plans: a mapping resolved against one header, so that
 * applying it to a row is a few array look-ups; the warnings about what
 * the header lacks; the state of the date column's day-month order.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gd/gd.h"
#include "mapping_int.h"

/* ---- resolving columns ---- */

static int
name_eq(const char *want, const struct gd_str *have)
{
	return strlen(want) == have->len && memcmp(want, have->s, have->len)
	    == 0;
}

/*
 * The column a spec names in this header, or -1: the name as written,
 * else the same words in other case or punctuation, else the same
 * letters in another convention of word separation (camelCase,
 * snake_case, kebab-case, spaces); a part ({"contains": ...}) in the last
 * form.
 */
long
map_find_col(const struct colspec *cs, const struct gd_str *names, size_t n)
{
	size_t a, i;

	for (a = 0; a < cs->nnames; a++) {
		if (cs->contains[a]) {
			for (i = 0; i < n; i++)
				if (gd_header_contains(names[i].s, names[i].len,
				    cs->names[a], strlen(cs->names[a])))
					return (long)i;
			continue;
		}
		for (i = 0; i < n; i++)
			if (name_eq(cs->names[a], &names[i]))
				return (long)i;
		for (i = 0; i < n; i++)
			if (gd_label_eq(cs->names[a], strlen(cs->names[a]),
			    names[i].s, names[i].len))
				return (long)i;
		for (i = 0; i < n; i++)
			if (gd_header_eq(cs->names[a], strlen(cs->names[a]),
			    names[i].s, names[i].len))
				return (long)i;
	}
	return -1;
}

long
gd_map_id_column(const struct gd_map *m, const struct gd_str *names,
    size_t n)
{
	if (m == NULL || m->id.kind != V_COL)
		return -1;
	return map_find_col(&m->id.col, names, n);
}

int
gd_map_header_matches(const struct gd_map *m, const struct gd_str *names,
    size_t n)
{
	if (m == NULL || m->id.kind != V_COL)
		return n > 0;
	return map_find_col(&m->id.col, names, n) >= 0;
}

static int
resolve(struct gd_plan *p, const struct vspec *vs, struct rv *rv,
    const char *what)
{
	size_t i;

	memset(rv, 0, sizeof(*rv));
	rv->kind = vs->kind;
	rv->col = -1;
	rv->sep = vs->sep;
	rv->value = vs->value;
	rv->split = vs->split;
	rv->missing = vs->missing;
	rv->nmissing = vs->nmissing;
	rv->html = vs->html;
	rv->what = what;
	if (vs->kind == V_COL) {
		rv->col = map_find_col(&vs->col, p->names, p->n);
		if (rv->col >= 0)
			p->role[rv->col] = R_USED;
	} else if (vs->kind == V_JOIN) {
		if ((rv->parts = calloc(vs->nparts, sizeof(*rv->parts))) ==
		    NULL)
			return -1;
		rv->nparts = vs->nparts;
		for (i = 0; i < vs->nparts; i++)
			if (resolve(p, &vs->parts[i], &rv->parts[i], what) ==
			    -1)
				return -1;
	}
	return 0;
}

static void
free_rv(struct rv *rv)
{
	size_t i;

	for (i = 0; i < rv->nparts; i++)
		free_rv(&rv->parts[i]);
	free(rv->parts);
}

static const char *
colspec_text(const struct colspec *cs)
{
	return cs->nnames ? cs->names[0] : "";
}

void
map_warn(struct gd_plan *p, int consent, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	msg[0] = consent ? 'c' : '-';
	va_start(ap, fmt);
	vsnprintf(msg + 1, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	/* Out of memory: the warning is lost, nothing else. */
	(void)gd_buf_add(&p->warnq, msg, strlen(msg) + 1);
}

/* Appends "key": to b; its place is *off, *len. */
static int
encode_key(struct gd_buf *b, const struct gd_str *k, size_t *off,
    size_t *len)
{
	*off = b->len;
	if (gd_buf_addc(b, '"') == -1 || gd_json_escape(b, k->s, k->len) ==
	    -1 || gd_buf_add(b, "\":", 2) == -1)
		return -1;
	*len = b->len - *off;
	return 0;
}

struct gd_plan *
gd_plan_new(const struct gd_map *m, const struct gd_str *names, size_t n,
    const char *file, struct gd_error *err)
{
	struct gd_plan *p;
	const char *slash;
	size_t i;

	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->role = calloc(n + 1, 1)) == NULL)
		goto nomem;
	p->m = m;
	p->names = names;
	p->n = n;
	p->dorder = m ? m->order : GD_DATE_MDY;
	p->dorder_known = m ? m->order_known : 1;
	p->file = file ? file : "-";
	slash = strrchr(p->file, '/');
	p->base = slash ? slash + 1 : p->file;
	if (strcmp(p->base, "-") == 0)
		p->base = "stdin";
	gd_buf_init(&p->scratch, 0);
	gd_buf_init(&p->kbuf, 0);
	gd_buf_init(&p->warnq, 0);
	gd_buf_init(&p->consent_label, 0);
	if ((p->koff = calloc(n + 1, sizeof(size_t))) == NULL ||
	    (p->klen = calloc(n + 1, sizeof(size_t))) == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
		if (encode_key(&p->kbuf, &names[i], &p->koff[i], &p->klen[i])
		    == -1)
			goto nomem;
	if (m == NULL)
		return p;
	if ((p->aoff = calloc(m->nanswers + 1, sizeof(size_t))) == NULL ||
	    (p->alen = calloc(m->nanswers + 1, sizeof(size_t))) == NULL ||
	    (p->coff = calloc(m->ncomments + 1, sizeof(size_t))) == NULL ||
	    (p->clen = calloc(m->ncomments + 1, sizeof(size_t))) == NULL)
		goto nomem;
	for (i = 0; i < m->nanswers; i++) {
		struct gd_str q = { m->answers[i].qid,
		    strlen(m->answers[i].qid) };

		if (encode_key(&p->kbuf, &q, &p->aoff[i], &p->alen[i]) == -1)
			goto nomem;
	}
	for (i = 0; i < m->ncomments; i++) {
		struct gd_str q = { m->comments[i].qid,
		    strlen(m->comments[i].qid) };

		if (encode_key(&p->kbuf, &q, &p->coff[i], &p->clen[i]) == -1)
			goto nomem;
	}
	if (m->answers && (p->answers = calloc(m->nanswers,
	    sizeof(*p->answers))) == NULL)
		goto nomem;
	if (m->comments && (p->comments = calloc(m->ncomments,
	    sizeof(*p->comments))) == NULL)
		goto nomem;
	/* In these lists a column spec takes every column it matches:
	 * {"contains": "__userinfo_"} means all of them. */
	for (i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < m->ndrop; k++)
			if (map_find_col(&m->drop[k], names + i, 1) == 0)
				p->role[i] = R_DROP;
		for (k = 0; k < m->nextra; k++)
			if (map_find_col(&m->extra[k], names + i, 1) == 0)
				p->role[i] = R_EXTRA;
	}
	if (resolve(p, &m->consultation, &p->consultation, "consultation") ||
	    resolve(p, &m->id, &p->id, "id") ||
	    resolve(p, &m->submitted, &p->submitted, "submitted") ||
	    resolve(p, &m->rname, &p->rname, "respondent.name") ||
	    resolve(p, &m->email, &p->email, "respondent.email") ||
	    resolve(p, &m->org, &p->org, "respondent.organisation") ||
	    resolve(p, &m->country, &p->country, "respondent.country") ||
	    resolve(p, &m->rid, &p->rid, "respondent.id") ||
	    resolve(p, &m->type.v, &p->type, "respondent.type") ||
	    resolve(p, &m->consent.v, &p->consent, "consent"))
		goto nomem;
	for (i = 0; i < m->nmoderation; i++)
		if (resolve(p, &m->moderation[i].v, &p->moderation[i],
		    "moderation"))
			goto nomem;
	for (i = 0; i < m->nanswers; i++)
		if (resolve(p, &m->answers[i].v, &p->answers[i],
		    m->answers[i].qid))
			goto nomem;
	for (i = 0; i < m->ncomments; i++)
		if (resolve(p, &m->comments[i].v, &p->comments[i],
		    m->comments[i].qid))
			goto nomem;
	return p;
nomem:
	gd_error_nomem(err, file, 0);
	gd_plan_free(p);
	return NULL;
}

/* Turns a column the header lacks into the preamble's value for it. */
static int
ctx_resolve(struct gd_plan *p, const struct vspec *vs, struct rv *rv,
    const struct gd_str *names, const struct gd_str *values, size_t n)
{
	size_t i;
	long c;
	char *v;

	if (vs->kind == V_JOIN) {
		for (i = 0; i < vs->nparts; i++)
			if (ctx_resolve(p, &vs->parts[i], &rv->parts[i], names,
			    values, n) == -1)
				return -1;
		return 0;
	}
	if (vs->kind != V_COL || rv->col >= 0 ||
	    (c = map_find_col(&vs->col, names, n)) < 0)
		return 0;
	if ((v = malloc(values[c].len + 1)) == NULL)
		return -1;
	memcpy(v, values[c].s, values[c].len);
	v[values[c].len] = '\0';
	if (p->nctx == sizeof(p->ctx) / sizeof(p->ctx[0])) {
		free(v);
		return 0;
	}
	p->ctx[p->nctx++] = v;
	rv->kind = V_CONST;
	rv->value = v;
	return 0;
}

int
gd_plan_context(struct gd_plan *p, const struct gd_str *names,
    const struct gd_str *values, size_t n)
{
	const struct gd_map *m = p->m;
	size_t i;

	if (m == NULL)
		return 0;
	if (ctx_resolve(p, &m->consultation, &p->consultation, names, values,
	    n) || ctx_resolve(p, &m->submitted, &p->submitted, names, values,
	    n) || ctx_resolve(p, &m->rname, &p->rname, names, values, n) ||
	    ctx_resolve(p, &m->email, &p->email, names, values, n) ||
	    ctx_resolve(p, &m->org, &p->org, names, values, n) ||
	    ctx_resolve(p, &m->country, &p->country, names, values, n) ||
	    ctx_resolve(p, &m->rid, &p->rid, names, values, n))
		return -1;
	for (i = 0; i < m->nanswers; i++)
		if (ctx_resolve(p, &m->answers[i].v, &p->answers[i], names,
		    values, n) == -1)
			return -1;
	for (i = 0; i < m->ncomments; i++)
		if (ctx_resolve(p, &m->comments[i].v, &p->comments[i], names,
		    values, n) == -1)
			return -1;
	return 0;
}

/*
 * A column a mapping file names and the header lacks is most likely a
 * typing error: say so once, when the first row is applied (after any
 * preamble context has been given).
 */
void
map_warn_missing(struct gd_plan *p)
{
	const struct gd_map *m = p->m;
	size_t i;
	const struct { const struct vspec *v; const struct rv *r; } chk[] = {
	    { &m->submitted, &p->submitted }, { &m->rname, &p->rname },
	    { &m->email, &p->email },
	    { &m->org, &p->org }, { &m->country, &p->country },
	    { &m->rid, &p->rid },
	    { &m->type.v, &p->type }, { &m->consent.v, &p->consent } };

	for (i = 0; i < sizeof(chk) / sizeof(chk[0]); i++)
		if (chk[i].r->kind == V_COL && chk[i].r->col < 0)
			map_warn(p, chk[i].r == &p->consent, "mapping: "
			    "column \"%s\" (%s) is not in the header",
			    colspec_text(&chk[i].v->col), chk[i].r->what);
	for (i = 0; i < m->nanswers; i++)
		if (p->answers[i].kind == V_COL && p->answers[i].col < 0)
			map_warn(p, 0, "mapping: column \"%s\" (%s) is not "
			    "in the header", colspec_text(&m->answers[i].v.col),
			    m->answers[i].qid);
	for (i = 0; i < m->ncomments; i++)
		if (p->comments[i].kind == V_COL && p->comments[i].col < 0)
			map_warn(p, 0, "mapping: column \"%s\" (%s) is not "
			    "in the header", colspec_text(&m->comments[i].v.col),
			    m->comments[i].qid);
}

/* Does a resolved spec read any column of this header? */
static int
placed(const struct rv *rv)
{
	size_t i;

	if (rv->kind == V_COL)
		return rv->col >= 0;
	if (rv->kind != V_JOIN)
		return 1;	/* a constant, or a preamble's value */
	for (i = 0; i < rv->nparts; i++)
		if (placed(&rv->parts[i]))
			return 1;
	return 0;
}

/* The column names a spec looks for, quoted, into b (cut at size). */
static void
looked_for(const struct vspec *vs, char *b, size_t size, size_t *len)
{
	size_t i;

	if (vs->kind == V_JOIN) {
		for (i = 0; i < vs->nparts; i++)
			looked_for(&vs->parts[i], b, size, len);
		return;
	}
	for (i = 0; i < vs->col.nnames && *len < size; i++)
		*len += (size_t)snprintf(b + *len, size - *len, "%s\"%s\"",
		    *len ? ", " : "", vs->col.names[i]);
	if (*len >= size)
		*len = size - 1;
}

/* The fields a preset promises, as bits of gd_plan_promised(). */
enum { P_SUBMITTED = 1, P_TYPE = 2, P_CONSENT = 4, P_TEXT = 8 };

unsigned
gd_plan_promised(const struct gd_plan *p)
{
	const struct gd_map *m = p->m;
	unsigned have = 0;
	size_t i;

	if (m == NULL)
		return P_SUBMITTED | P_TYPE | P_CONSENT | P_TEXT;
	if (m->submitted.kind == V_NONE || placed(&p->submitted))
		have |= P_SUBMITTED;
	if (m->type.v.kind == V_NONE || placed(&p->type))
		have |= P_TYPE;
	if (m->consent.v.kind == V_NONE || placed(&p->consent))
		have |= P_CONSENT;
	if (m->ncomments == 0 && m->nanswers == 0)
		have |= P_TEXT;
	for (i = 0; i < m->ncomments; i++)
		if (placed(&p->comments[i]))
			have |= P_TEXT;
	for (i = 0; i < m->nanswers; i++)
		if (placed(&p->answers[i]))
			have |= P_TEXT;
	return have;
}

/*
 * A preset promises the fields its platform has: for each that no column
 * gave (have: bits of gd_plan_promised()), say so once, with the columns
 * looked for.
 */
void
gd_plan_warn_promised(struct gd_plan *p, unsigned have)
{
	const struct gd_map *m = p->m;
	const struct {
		unsigned bit;
		const char *what;
		const struct vspec *v;
		const char *absent;	/* what every record gets instead */
	} f[] = {
		{ P_SUBMITTED, "submitted", &m->submitted, NULL },
		{ P_TYPE, "respondent.type", &m->type.v, m->type.absent ?
		    m->type.absent : "unknown" },
		{ P_CONSENT, "consent", &m->consent.v, m->consent.absent ?
		    m->consent.absent : "unknown" },
	};
	char names[300];
	size_t i, len;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (have & f[i].bit)
			continue;
		len = 0;
		looked_for(f[i].v, names, sizeof(names), &len);
		if (f[i].absent)
			map_warn(p, f[i].bit == P_CONSENT, "preset %s: no "
			    "column for %s (looked for %s): every record is "
			    "\"%s\"", m->name, f[i].what, len ? names : "none",
			    f[i].absent);
		else
			map_warn(p, 0, "preset %s: no column for %s (looked for "
			    "%s)", m->name, f[i].what, len ? names : "none");
	}
	if (!(have & P_TEXT)) {
		len = 0;
		for (i = 0; i < m->ncomments; i++)
			looked_for(&m->comments[i].v, names, sizeof(names),
			    &len);
		for (i = 0; i < m->nanswers; i++)
			looked_for(&m->answers[i].v, names, sizeof(names),
			    &len);
		map_warn(p, 0, "preset %s: no column for the free text "
		    "(looked for %s)", m->name, len ? names : "none");
	}
}

void
gd_plan_free(struct gd_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	free_rv(&p->consultation);
	free_rv(&p->id);
	free_rv(&p->submitted);
	free_rv(&p->rname);
	free_rv(&p->rid);
	free_rv(&p->email);
	free_rv(&p->org);
	free_rv(&p->country);
	free_rv(&p->type);
	free_rv(&p->consent);
	for (i = 0; i < MAX_MODERATION; i++)
		free_rv(&p->moderation[i]);
	if (p->m) {
		for (i = 0; p->answers && i < p->m->nanswers; i++)
			free_rv(&p->answers[i]);
		for (i = 0; p->comments && i < p->m->ncomments; i++)
			free_rv(&p->comments[i]);
	}
	free(p->answers);
	free(p->comments);
	for (i = 0; i < p->nwarned; i++)
		free(p->warned[i]);
	for (i = 0; i < p->nctx; i++)
		free(p->ctx[i]);
	gd_buf_release(&p->scratch);
	gd_buf_release(&p->kbuf);
	gd_buf_release(&p->warnq);
	gd_buf_release(&p->consent_label);
	free(p->koff);
	free(p->klen);
	free(p->aoff);
	free(p->alen);
	free(p->coff);
	free(p->clen);
	free(p->pool);
	free(p->fix);
	free(p->role);
	free(p->amb_text);
	free(p);
}

void gd_plan_quiet(struct gd_plan *p) { p->quiet = 1; }
int gd_plan_date_pending(const struct gd_plan *p) { return p->amb; }
unsigned long gd_plan_date_kept(const struct gd_plan *p) { return p->dates_kept; }
void gd_plan_date_undecided(struct gd_plan *p) { p->dundecided = 1; }

void
gd_plan_date_known(struct gd_plan *p, enum gd_date_order order)
{
	p->dorder = order;
	p->dorder_known = 1;
}

int
gd_plan_date_decided(struct gd_plan *p, enum gd_date_order *order)
{
	if (!p->decided_now)
		return 0;
	p->decided_now = 0;
	*order = p->dorder;
	return 1;
}

/* The key of the submitted column's text under extra. */
struct gd_str
map_date_key(const struct gd_plan *p)
{
	struct gd_str k = { "submitted", 9 };

	if (p->submitted.kind == V_COL && p->submitted.col >= 0)
		k = p->names[p->submitted.col];
	return k;
}

const char *
gd_plan_date_column(const struct gd_plan *p)
{
	return map_date_key(p).s;
}

int
gd_plan_date_variant(struct gd_plan *p, struct gd_resp *out, int order)
{
	struct gd_kv kv;
	struct gd_kvlist *l = &out->extra;

	if (order == GD_DATE_MDY || order == GD_DATE_DMY) {
		out->submitted.s = p->amb_iso[order];
		out->submitted.len = (size_t)p->amb_len[order];
		return 0;
	}
	out->submitted.s = NULL;
	out->submitted.len = 0;
	memset(&kv, 0, sizeof(kv));
	kv.key = map_date_key(p);
	kv.val.s = p->amb_text;
	kv.val.len = p->amb_textlen;
	if (gd_kvlist_add(l, &kv) == -1)
		return -1;
	/* First under extra, where an unreadable date goes. */
	memmove(l->v + 1, l->v, (l->n - 1) * sizeof(*l->v));
	l->v[0] = kv;
	return 0;
}

/* Keeps a date that reads both ways, for gd_plan_date_variant(). */
int
map_hold_date(struct gd_plan *p, struct gd_str t)
{
	int k;

	for (k = 0; k < 2; k++) {
		p->amb_len[k] = gd_date_iso(t.s, t.len, k == 0 ? GD_DATE_MDY :
		    GD_DATE_DMY, p->m->tz, p->amb_iso[k]);
		if (p->amb_len[k] < 0)
			p->amb_len[k] = 0;
	}
	if (t.len + 1 > p->amb_textcap) {
		char *nt = realloc(p->amb_text, t.len + 1);

		if (nt == NULL)
			return -1;
		p->amb_text = nt;
		p->amb_textcap = t.len + 1;
	}
	memcpy(p->amb_text, t.s, t.len);
	p->amb_text[t.len] = '\0';
	p->amb_textlen = t.len;
	p->amb = 1;
	return 0;
}

/* The words of s (n bytes): runs of bytes other than blanks. */
static size_t
words(const char *s, size_t n)
{
	size_t i, w = 0;
	int in = 0;

	for (i = 0; i < n; i++) {
		int blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r';

		if (!blank && !in)
			w++;
		in = !blank;
	}
	return w;
}

/* One group of questions (answers or comments) into the record. */
static void
questions_of(const struct gd_plan *p, struct gd_jw *jw, const char *group,
    const struct qmap *q, const struct rv *rv, size_t n, int *any)
{
	const struct gd_str *h;
	char key[300];
	size_t i;

	for (i = 0; i < n; i++) {
		if (rv[i].kind != V_COL || rv[i].col < 0 ||
		    (size_t)rv[i].col >= p->n)
			continue;
		h = &p->names[rv[i].col];
		/* A header that is the id again, or a name of three words
		 * or fewer ("Text Comment"), is not a question's text. */
		if (h->len == 0 || gd_header_eq(h->s, h->len, q[i].qid,
		    strlen(q[i].qid)) || words(h->s, h->len) <= 3)
			continue;
		if (!*any) {
			gd_jw_keyz(jw, "questions");
			gd_jw_obj_open(jw);
			*any = 1;
		}
		snprintf(key, sizeof(key), "%s.%s", group, q[i].qid);
		gd_jw_key(jw, key, strlen(key));
		gd_jw_str(jw, h->s, h->len);
	}
}

int
gd_plan_questions(const struct gd_plan *p, struct gd_buf *b)
{
	const struct gd_map *m = p->m;
	struct gd_jw jw;
	size_t start = b->len;
	int any = 0;

	if (m == NULL || (m->nanswers == 0 && m->ncomments == 0))
		return 0;
	gd_jw_init(&jw, b);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "gd");
	gd_jw_int(&jw, 1);
	gd_jw_keyz(&jw, "kind");
	gd_jw_strz(&jw, "questions");
	questions_of(p, &jw, "answers", m->answers, p->answers, m->nanswers,
	    &any);
	questions_of(p, &jw, "comments", m->comments, p->comments,
	    m->ncomments, &any);
	if (!any) {
		b->len = start;
		return jw.err ? -1 : 0;
	}
	gd_jw_obj_close(&jw);
	gd_jw_obj_close(&jw);
	return jw.err || gd_buf_addc(b, '\n') == -1 ? -1 : 0;
}

int
gd_plan_check_id(const struct gd_plan *p, struct gd_error *err)
{
	const struct gd_map *m = p->m;

	if (m == NULL || m->id.kind != V_COL || p->id.col >= 0)
		return 0;
	return gd_error_set(err, GD_EXIT_UNUSABLE, p->file, 0, 0,
	    "%s: id column \"%s\" is not in the header (is this the right "
	    "mapping or preset?)", m->name, colspec_text(&m->id.col));
}

const char *
gd_plan_warning(struct gd_plan *p)
{
	const char *e;
	char flag;

	if (p->wq_pos >= p->warnq.len) {
		gd_buf_reset(&p->warnq);
		p->wq_pos = 0;
		return NULL;
	}
	e = p->warnq.data + p->wq_pos;
	flag = e[0];
	p->warn_consent = flag == 'c';
	snprintf(p->warnbuf, sizeof(p->warnbuf), "%s", e + 1);
	p->wq_pos += strlen(e) + 1;
	p->warn_keyed = flag == 'l';
	if (p->warn_keyed) {
		/* A deferred label warning: its key follows. */
		e = p->warnq.data + p->wq_pos;
		snprintf(p->warnkey, sizeof(p->warnkey), "%s", e);
		p->wq_pos += strlen(e) + 1;
	}
	return p->warnbuf;
}

const char *
gd_plan_warning_key(const struct gd_plan *p)
{
	return p->warn_keyed ? p->warnkey : NULL;
}

int
gd_plan_warning_consent(const struct gd_plan *p)
{
	return p->warn_consent;
}

const char *
gd_plan_consent_label(const struct gd_plan *p, size_t *len)
{
	if (p->consent_label.len == 0)
		return NULL;
	*len = p->consent_label.len;
	return p->consent_label.data;
}

int
gd_plan_label_once(struct gd_plan *p, const char *seen)
{
	size_t i;

	for (i = 0; i < p->nwarned; i++)
		if (strcmp(p->warned[i], seen) == 0)
			return 0;
	if (p->nwarned < MAX_WARN_LABELS)
		p->warned[p->nwarned++] = strdup(seen);
	return 1;
}

/* Warns once per distinct label: WHAT "label" ADVICE. */
void
map_warn_label(struct gd_plan *p, const char *what, const struct gd_str *v,
    const char *advice)
{
	char label[200], seen[300];
	size_t n = v->len < sizeof(label) - 1 ? v->len : sizeof(label) - 1;

	n = gd_utf8_boundary(v->s, n);
	memcpy(label, v->s, n);
	label[n] = '\0';
	/* Once per kind of label and label: the same text can be unknown
	 * both as a type and as a consent. */
	snprintf(seen, sizeof(seen), "%s\x1f%s", what, label);
	if (p->defer) {
		/* The file's plan decides (gd_plan_label_once): queued
		 * with its key.  Out of memory: lost, as in map_warn. */
		size_t at = p->warnq.len;

		map_warn(p, 0, "%s \"%s\" %s", what, label, advice);
		if (p->warnq.len > at) {
			p->warnq.data[at] = 'l';
			if (gd_buf_add(&p->warnq, seen, strlen(seen) + 1) == -1)
				p->warnq.len = at;
		}
		return;
	}
	if (gd_plan_label_once(p, seen))
		map_warn(p, 0, "%s \"%s\" %s", what, label, advice);
}

void
gd_plan_defer(struct gd_plan *p)
{
	p->defer = 1;
	p->checked = 1;
}

int
gd_plan_date_state(const struct gd_plan *p)
{
	return (p->dorder_known ? 1 : 0) | (p->dorder == GD_DATE_DMY ? 2 : 0) |
	    (p->dundecided ? 4 : 0);
}

void
gd_plan_set_date_state(struct gd_plan *p, int state)
{
	p->dorder_known = (state & 1) != 0;
	p->dorder = state & 2 ? GD_DATE_DMY : GD_DATE_MDY;
	p->dundecided = (state & 4) != 0;
}

