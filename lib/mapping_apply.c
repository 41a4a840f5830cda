/*
 * mapping_apply.c - a plan applied to a row: values, labels to canonical
 * values, dates, HTML, lists, and the unmapped columns.  Values the plan
 * makes (joined names, dates, derived ids) go into a scratch buffer;
 * since it may move while it grows, they are kept as offsets and turned
 * into pointers when the row is done.
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

/* ---- applying ---- */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static struct gd_str
trim(struct gd_str v)
{
	while (v.len > 0 && is_space(v.s[0])) {
		v.s++;
		v.len--;
	}
	while (v.len > 0 && is_space(v.s[v.len - 1]))
		v.len--;
	return v;
}

/* Is the value absent: empty, blank, or a "missing" sentinel? */
static int
absent(const struct gd_plan *p, struct gd_str v)
{
	size_t i;

	if (v.s == NULL)
		return 1;
	v = trim(v);
	if (v.len == 0)
		return 1;
	for (i = 0; i < p->m->nmissing; i++)
		if (strlen(p->m->missing[i]) == v.len &&
		    strncasecmp(p->m->missing[i], v.s, v.len) == 0)
			return 1;
	return 0;
}

/* Is the value one of the spec's own "missing" texts (a placeholder)? */
static int
own_missing(const struct rv *rv, struct gd_str v)
{
	size_t i;

	v = trim(v);
	for (i = 0; i < rv->nmissing; i++)
		if (strlen(rv->missing[i]) == v.len &&
		    strncasecmp(rv->missing[i], v.s, v.len) == 0)
			return 1;
	return 0;
}

static const struct gd_field *
cell(const struct gd_row *row, long col)
{
	if (col < 0 || (size_t)col >= row->n)
		return NULL;
	return &row->f[col];
}

/* Offset-tagged scratch text: the pointer is set when the row is done. */
static int
fix_later(struct gd_plan *p, struct gd_str *at, size_t off, size_t len)
{
	struct fix *nf;

	if (p->nfix == p->fixcap) {
		size_t ncap = p->fixcap ? p->fixcap * 2 : 16;

		if ((nf = realloc(p->fix, ncap * sizeof(*nf))) == NULL)
			return -1;
		p->fix = nf;
		p->fixcap = ncap;
	}
	p->fix[p->nfix].at = at;
	p->fix[p->nfix].list = NULL;
	p->fix[p->nfix].off = off;
	p->nfix++;
	at->s = "";	/* not NULL: present */
	at->len = len;
	return 0;
}

/* The last value registered moves to the newest entry of list l. */
static void
fix_to_list(struct gd_plan *p, size_t save, struct gd_kvlist *l)
{
	if (p->nfix > save) {
		p->fix[p->nfix - 1].list = l;
		p->fix[p->nfix - 1].idx = l->n - 1;
	}
}

/* The last value registered moves to *at (or is dropped: at NULL). */
static void
fix_to(struct gd_plan *p, size_t save, struct gd_str *at)
{
	if (p->nfix > save) {
		if (at)
			p->fix[p->nfix - 1].at = at;
		else
			p->nfix = save;
	}
}

/*
 * The text of an HTML value, built in scratch; a value with no text
 * (markup alone) is absent.
 */
static int
html_value(struct gd_plan *p, struct gd_str *out)
{
	size_t off = p->scratch.len;

	if (gd_html_text(out->s, out->len, &p->scratch) == -1)
		return -1;
	if (p->scratch.len == off) {
		out->s = NULL;
		out->len = 0;
		return 0;
	}
	return fix_later(p, out, off, p->scratch.len - off);
}

/*
 * Evaluates a resolved spec for a row into *out (NULL s: absent).  Joined
 * values are built in scratch and registered for fixing.  A list cell
 * counts as its items joined by "; ".
 */
static int
eval(struct gd_plan *p, const struct rv *rv, const struct gd_row *row,
    struct gd_str *out)
{
	const struct gd_field *f;
	struct gd_str part;
	size_t i, j, off, seplen;
	int any = 0;

	out->s = NULL;
	out->len = 0;
	switch (rv->kind) {
	case V_CONST:
		out->s = rv->value;
		out->len = strlen(rv->value);
		return 0;
	case V_COL:
		if ((f = cell(row, rv->col)) == NULL)
			return 0;
		if (f->nitems == 0) {
			if (!absent(p, f->val) && !own_missing(rv, f->val))
				*out = trim(f->val);
			return out->s && rv->html ? html_value(p, out) : 0;
		}
		off = p->scratch.len;
		for (i = 0; i < f->nitems; i++) {
			if (absent(p, f->items[i]))
				continue;
			if ((any++ && gd_buf_add(&p->scratch, "; ", 2) == -1) ||
			    gd_buf_add(&p->scratch, f->items[i].s,
			    f->items[i].len) == -1)
				return -1;
		}
		return any ? fix_later(p, out, off, p->scratch.len - off) : 0;
	case V_JOIN: {
		/* Parts first (a part may itself be built in scratch, and
		 * is then known by its offset: the buffer may move), then
		 * the joined text after them all. */
		struct { struct gd_str v; size_t off; int sc; } pt[MAX_JOIN];
		size_t np = 0;

		seplen = strlen(rv->sep);
		for (j = 0; j < rv->nparts; j++) {
			size_t save = p->nfix;

			if (eval(p, &rv->parts[j], row, &part) == -1)
				return -1;
			if (part.s == NULL)
				continue;
			pt[np].v = part;
			pt[np].sc = p->nfix > save;
			pt[np].off = pt[np].sc ? p->fix[save].off : 0;
			p->nfix = save;
			np++;
		}
		off = p->scratch.len;
		for (j = 0; j < np; j++) {
			if ((j > 0 && gd_buf_add(&p->scratch, rv->sep, seplen)
			    == -1) || gd_buf_grow(&p->scratch, pt[j].v.len) ==
			    -1)
				return -1;
			memcpy(p->scratch.data + p->scratch.len, pt[j].sc ?
			    p->scratch.data + pt[j].off : pt[j].v.s,
			    pt[j].v.len);
			p->scratch.len += pt[j].v.len;
			p->scratch.data[p->scratch.len] = '\0';
		}
		return np ? fix_later(p, out, off, p->scratch.len - off) : 0;
	}
	default:
		return 0;
	}
}

static int
scratch_text(struct gd_plan *p, struct gd_str *at, const char *s, size_t n)
{
	size_t off = p->scratch.len, from;
	uintptr_t a = (uintptr_t)s, d = (uintptr_t)p->scratch.data;

	/* s may be a value built earlier in this row, in the scratch
	 * buffer itself (a joined date kept as text): growing the buffer
	 * moves it, so copy it by its offset. */
	if (d != 0 && a >= d && a < d + p->scratch.len) {
		from = (size_t)(a - d);
		if (gd_buf_grow(&p->scratch, n) == -1)
			return -1;
		memmove(p->scratch.data + off, p->scratch.data + from, n);
		p->scratch.len += n;
		p->scratch.data[p->scratch.len] = '\0';
	} else if (gd_buf_add(&p->scratch, s, n) == -1)
		return -1;
	return fix_later(p, at, off, n);
}

/* The text of a value, for comparisons: scratch values are not fixed yet. */
static struct gd_str
text_of(const struct gd_plan *p, const struct gd_str *v, size_t fix_from)
{
	struct gd_str t = *v;
	size_t i;

	for (i = fix_from; i < p->nfix; i++)
		if (p->fix[i].at == v)
			t.s = p->scratch.data + p->fix[i].off;
	return t;
}

/*
 * The mapping's value for a label: written exactly as the table has it
 * first ("-1" is not "1", which the folded form cannot tell apart), then
 * in the folded form.
 */
static const char *
table_lookup(const struct table *t, struct gd_str v)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->label[i]) == v.len &&
		    memcmp(t->label[i], v.s, v.len) == 0)
			return t->value[i];
	for (i = 0; i < t->n; i++)
		if (gd_label_eq(t->label[i], strlen(t->label[i]), v.s, v.len))
			return t->value[i];
	return NULL;
}

/*
 * A label rule applied to a row: the mapping's values, then (unless the
 * rule has "present") the built-in table; a label in neither gets
 * "present", else fallback.  Such a label is warned about once (what,
 * advice), or, with keep, copied there for the caller to count, and then
 * refusal, when it says so, makes it "withheld" instead of fallback.
 * Returns 0, or -1 when memory runs out.
 */
static int
classify(struct gd_plan *p, const struct classify *cl, const struct rv *rv,
    const struct gd_row *row, struct gd_str *out, struct gd_str *label,
    const char *(*builtin)(const char *, size_t), const char *fallback,
    const char *what, const char *advice, struct gd_buf *keep,
    int (*refusal)(const char *, size_t))
{
	struct gd_str v, t;
	const char *canon;
	size_t save = p->nfix;

	if (eval(p, rv, row, &v) == -1)
		return -1;
	if (v.s == NULL) {
		canon = cl->absent ? cl->absent : "unknown";
		out->s = canon;
		out->len = strlen(canon);
		return 0;
	}
	if (rv->kind == V_CONST) {
		*out = v;
		return 0;
	}
	t = text_of(p, &v, save);
	/* With "present", the column holds names, not labels: only the
	 * mapping's own table applies. */
	if ((canon = table_lookup(&cl->values, t)) == NULL &&
	    (cl->present || (canon = builtin(t.s, t.len)) == NULL)) {
		if (cl->present) {
			fix_to(p, save, NULL);
			out->s = cl->present;
			out->len = strlen(cl->present);
			return 0;
		}
		canon = fallback;
		if (keep == NULL)
			map_warn_label(p, what, &t, advice);
		else if (gd_buf_add(keep, t.s, t.len) == -1)
			return -1;
		else if (refusal && refusal(t.s, t.len))
			canon = "withheld";
	}
	out->s = canon;
	out->len = strlen(canon);
	if (label)
		*label = v;
	fix_to(p, save, label);
	return 0;
}

/*
 * The moderation state: the first of the mapping's specs whose column is
 * in the header and gives a state.  A label not known is taken as
 * "rejected", with a warning: a state that cannot be read is not one in
 * which a response may be published.  None: absent.
 */
static int
moderate(struct gd_plan *p, const struct gd_row *row, struct gd_str *out)
{
	const struct gd_map *m = p->m;
	size_t i;

	out->s = NULL;
	out->len = 0;
	for (i = 0; i < m->nmoderation; i++) {
		const struct rv *rv = &p->moderation[i];

		if (rv->kind == V_COL && rv->col < 0)
			continue;
		if (classify(p, &m->moderation[i], rv, row, out, NULL,
		    gd_moderation_from_label, "rejected", "moderation label",
		    "is not known: taken as \"rejected\", not published (add "
		    "it to the mapping's moderation values)", NULL, NULL) == -1)
			return -1;
		if (strcmp(out->s, "unknown") != 0)
			return 0;
	}
	out->s = NULL;
	out->len = 0;
	return 0;
}

static int
pool_add(struct gd_plan *p, const char *s, size_t n)
{
	struct gd_str *np;

	if (p->npool == p->poolcap) {
		size_t ncap = p->poolcap ? p->poolcap * 2 : 32;

		if ((np = realloc(p->pool, ncap * sizeof(*np))) == NULL)
			return -1;
		p->pool = np;
		p->poolcap = ncap;
	}
	p->pool[p->npool].s = s;
	p->pool[p->npool].len = n;
	p->npool++;
	return 0;
}

/* Items are kept as pool indices until the pool stops moving. */
#define POOL_REF(i) ((const struct gd_str *)(uintptr_t)(i))

/* Adds a field's value (or items) under key to a list. */
static int
add_value(struct gd_plan *p, struct gd_kvlist *l, struct gd_str key,
    struct gd_str kenc, const struct gd_field *f, const char *split,
    int keep_empty)
{
	struct gd_kv kv;
	size_t i, start = p->npool, sl;
	const char *s, *e, *end;

	memset(&kv, 0, sizeof(kv));
	kv.key = key;
	kv.kenc = kenc;
	if (f->nitems > 0) {
		for (i = 0; i < f->nitems; i++)
			if ((keep_empty || !absent(p, f->items[i])) &&
			    pool_add(p, f->items[i].s, f->items[i].len) == -1)
				return -1;
	} else if (split) {
		if (absent(p, f->val))
			return 0;
		sl = strlen(split);
		s = f->val.s;
		end = f->val.s + f->val.len;
		for (;;) {
			struct gd_str it;

			e = s;
			while (e + sl <= end && memcmp(e, split, sl) != 0)
				e++;
			if (e + sl > end)
				e = end;
			it.s = s;
			it.len = (size_t)(e - s);
			it = trim(it);
			if (!absent(p, it) && pool_add(p, it.s, it.len) == -1)
				return -1;
			if (e == end)
				break;
			s = e + sl;
		}
	} else {
		/* A missing value (a short row) is left out even when
		 * empty ones are kept. */
		if (f->val.s == NULL || (!keep_empty && absent(p, f->val)))
			return 0;
		kv.val = keep_empty ? f->val : trim(f->val);
		return gd_kvlist_add(l, &kv);
	}
	if (p->npool == start)
		return 0;
	kv.nitems = p->npool - start;
	kv.items = POOL_REF(start);
	return gd_kvlist_add(l, &kv);
}

/* The encoded key of column i (or none past the header). */
static struct gd_str
col_key(const struct gd_plan *p, size_t i)
{
	struct gd_str k = { NULL, 0 };

	if (i < p->n) {
		k.s = p->kbuf.data + p->koff[i];
		k.len = p->klen[i];
	}
	return k;
}

static void
fix_items(struct gd_plan *p, struct gd_kvlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].nitems)
			l->v[i].items = p->pool + (size_t)(uintptr_t)
			    l->v[i].items;
}

static int
apply_qmaps(struct gd_plan *p, const struct qmap *q, const struct rv *rv,
    size_t n, const size_t *koff, const size_t *klen,
    const struct gd_row *row, struct gd_kvlist *l, struct gd_kvlist *extra)
{
	const struct gd_field *f;
	struct gd_kv kv;
	struct gd_str key, kenc;
	size_t i, save;

	for (i = 0; i < n; i++) {
		key.s = q[i].qid;
		key.len = strlen(q[i].qid);
		kenc.s = p->kbuf.data + koff[i];
		kenc.len = klen[i];
		if (rv[i].kind == V_COL && !rv[i].html) {
			if ((f = cell(row, rv[i].col)) != NULL &&
			    add_value(p, l, key, kenc, f, rv[i].split, 0) == -1)
				return -1;
			continue;
		}
		if (rv[i].html && p->m->keep_html &&
		    (f = cell(row, rv[i].col)) != NULL &&
		    add_value(p, extra, p->names[rv[i].col], col_key(p,
		    (size_t)rv[i].col), f, NULL, 0) == -1)
			return -1;
		memset(&kv, 0, sizeof(kv));
		kv.key = key;
		kv.kenc = kenc;
		save = p->nfix;
		if (eval(p, &rv[i], row, &kv.val) == -1)
			return -1;
		if (kv.val.s == NULL)
			continue;
		if (gd_kvlist_add(l, &kv) == -1)
			return -1;
		fix_to_list(p, save, l);
	}
	return 0;
}

static int
row_is_empty(const struct gd_plan *p, const struct gd_row *row)
{
	size_t i, j;

	for (i = 0; i < row->n; i++) {
		if (row->f[i].nitems == 0) {
			if (!absent(p, row->f[i].val))
				return 0;
			continue;
		}
		for (j = 0; j < row->f[i].nitems; j++)
			if (!absent(p, row->f[i].items[j]))
				return 0;
	}
	return 1;
}

void
gd_plan_first_row(struct gd_plan *p)
{
	const struct gd_map *m = p->m;

	/* Names that are no header (JSON members, --no-header) lack
	 * columns without a fault: neither warning applies to them. */
	if (!p->checked && m && !p->quiet) {
		if (m->preset)
			gd_plan_warn_promised(p, gd_plan_promised(p));
		else
			map_warn_missing(p);
	}
	p->checked = 1;
}

int
gd_plan_apply(struct gd_plan *p, const struct gd_row *row,
    struct gd_resp *out, struct gd_error *err)
{
	const struct gd_map *m = p->m;
	struct gd_kvlist *rest;
	struct gd_str v, t;
	char date[GD_DATE_MAX];
	char idbuf[64];
	size_t i, save;
	int n;

	gd_plan_first_row(p);
	gd_resp_reset(out);
	gd_buf_reset(&p->scratch);
	gd_buf_reset(&p->consent_label);
	p->npool = 0;
	p->nfix = 0;
	out->file = row->file;
	out->line = row->line;
	out->row = row->row;

	if (m == NULL) {
		/* Lossless: every column an answer, empty ones too. */
		for (i = 0; i < row->n; i++)
			if (add_value(p, &out->answers, row->f[i].name,
			    col_key(p, i), &row->f[i], NULL, 1) == -1)
				goto nomem;
		goto derived_id;
	}
	if (row_is_empty(p, row))
		return 1;

	if (eval(p, &p->consultation, row, &out->consultation) == -1 ||
	    eval(p, &p->id, row, &out->id) == -1 ||
	    eval(p, &p->rname, row, &out->name) == -1 ||
	    eval(p, &p->email, row, &out->email) == -1 ||
	    eval(p, &p->org, row, &out->organisation) == -1 ||
	    eval(p, &p->rid, row, &out->respondent_id) == -1)
		goto nomem;
	save = p->nfix;
	if (eval(p, &p->country, row, &v) == -1)
		goto nomem;
	if (v.s) {
		const char *a2;

		t = text_of(p, &v, save);
		if ((a2 = gd_country_alpha2(t.s, t.len)) != NULL) {
			p->nfix = save;
			out->country.s = a2;
			out->country.len = 2;
		} else {
			out->country = v;
			fix_to(p, save, &out->country);
		}
	}
	/* An unknown consent label is not warned about here but kept, for
	 * the caller to count (gd_plan_consent_label). */
	if (classify(p, &m->type, &p->type, row, &out->type,
	    &out->type_label, gd_type_from_label, "other",
	    "respondent type label", "is not known: counted as \"other\" "
	    "(add it to the mapping's type values)", NULL, NULL) == -1 ||
	    classify(p, &m->consent, &p->consent, row, &out->consent, NULL,
	    gd_consent_from_label, "unknown", NULL, NULL, &p->consent_label,
	    gd_consent_refusal) == -1 ||
	    moderate(p, row, &out->moderation) == -1)
		goto nomem;

	if (apply_qmaps(p, m->answers, p->answers, m->nanswers, p->aoff,
	    p->alen, row, &out->answers, &out->extra) == -1 ||
	    apply_qmaps(p, m->comments, p->comments, m->ncomments, p->coff,
	    p->clen, row, &out->comments, &out->extra) == -1)
		goto nomem;

	rest = m->unmapped == U_EXTRA ? &out->extra :
	    m->unmapped == U_ANSWERS ? &out->answers :
	    m->unmapped == U_COMMENTS ? &out->comments : NULL;

	save = p->nfix;
	p->amb = 0;
	if (eval(p, &p->submitted, row, &v) == -1)
		goto nomem;
	if (v.s) {
		enum gd_date_reading rd = GD_READ_SAME;

		t = text_of(p, &v, save);
		if (!p->dorder_known) {
			rd = gd_date_reading(t.s, t.len);
			if (rd == GD_READ_MDY || rd == GD_READ_DMY) {
				p->dorder = rd == GD_READ_MDY ? GD_DATE_MDY :
				    GD_DATE_DMY;
				p->dorder_known = 1;
				p->decided_now = 1;
			}
		}
		if (rd == GD_READ_BOTH && !p->dundecided) {
			/* Month first for now: the caller holds it. */
			if (map_hold_date(p, t) == -1)
				goto nomem;
			n = p->amb_len[GD_DATE_MDY];
		} else if (rd == GD_READ_BOTH) {
			p->dates_kept++;
			n = -1;
		} else
			n = gd_date_iso(t.s, t.len, p->dorder, m->tz, date);
		p->nfix = save;
		if (n > 0 && p->amb) {
			out->submitted.s = p->amb_iso[GD_DATE_MDY];
			out->submitted.len = (size_t)n;
		} else if (n > 0) {
			if (scratch_text(p, &out->submitted, date, (size_t)n)
			    == -1)
				goto nomem;
		} else {
			struct gd_kv kv;

			/* Not a date we can read: keep the text. */
			memset(&kv, 0, sizeof(kv));
			kv.key = map_date_key(p);
			/* Warned first: t may lie in the scratch buffer,
			 * which scratch_text moves.  A value of an undecided
			 * column is warned about by the caller. */
			if (rd != GD_READ_BOTH)
				map_warn_label(p, "date", &t, "is not understood: "
				    "kept in extra");
			if (scratch_text(p, &kv.val, t.s, t.len) == -1 ||
			    gd_kvlist_add(&out->extra, &kv) == -1)
				goto nomem;
			fix_to_list(p, p->nfix - 1, &out->extra);
		}
	}

	for (i = 0; i < row->n && i < p->n; i++) {
		struct gd_kvlist *to = p->role[i] == R_EXTRA ? &out->extra :
		    p->role[i] == R_UNMAPPED ? rest : NULL;

		if (to && add_value(p, to, p->names[i], col_key(p, i),
		    &row->f[i], NULL, 0) == -1)
			goto nomem;
	}
	goto fix;

derived_id:
	;
fix:
	if (out->id.s == NULL) {
		n = snprintf(idbuf, sizeof(idbuf), "#%lu", row->row);
		save = p->scratch.len;
		if (gd_buf_add(&p->scratch, p->base, strlen(p->base)) == -1 ||
		    gd_buf_add(&p->scratch, idbuf, (size_t)n) == -1 ||
		    fix_later(p, &out->id, save, p->scratch.len - save) == -1)
			goto nomem;
	}
	for (i = 0; i < p->nfix; i++) {
		struct fix *f = &p->fix[i];
		struct gd_str *at = f->list ? &f->list->v[f->idx].val : f->at;

		at->s = p->scratch.data + f->off;
	}
	fix_items(p, &out->answers);
	fix_items(p, &out->comments);
	fix_items(p, &out->extra);
	return 0;
nomem:
	return gd_error_nomem(err, row->file, row->line);
}

