/*
 * record.c - response records (see gd/record.h).
 */
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

void
gd_resp_reset(struct gd_resp *r)
{
	struct gd_kvlist a = r->answers, c = r->comments, e = r->extra;

	memset(r, 0, sizeof(*r));
	r->answers = a;
	r->comments = c;
	r->extra = e;
	r->answers.n = r->comments.n = r->extra.n = 0;
}

void
gd_resp_release(struct gd_resp *r)
{
	free(r->answers.v);
	free(r->comments.v);
	free(r->extra.v);
	memset(r, 0, sizeof(*r));
}

int
gd_kvlist_add(struct gd_kvlist *l, const struct gd_kv *kv)
{
	struct gd_kv *nv;

	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 16;

		if ((nv = realloc(l->v, ncap * sizeof(*nv))) == NULL)
			return -1;
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = *kv;
	return 0;
}

static void
str_member(struct gd_jw *jw, const char *key, const struct gd_str *v)
{
	if (v->s == NULL)
		return;
	gd_jw_keyz(jw, key);
	gd_jw_str(jw, v->s, v->len);
}

static void
kv_object(struct gd_jw *jw, const char *key, const struct gd_kvlist *l,
    int always)
{
	size_t i, j;

	if (l->n == 0 && !always)
		return;
	gd_jw_keyz(jw, key);
	gd_jw_obj_open(jw);
	for (i = 0; i < l->n; i++) {
		const struct gd_kv *kv = &l->v[i];

		if (kv->kenc.s)
			gd_jw_keyenc(jw, kv->kenc.s, kv->kenc.len);
		else
			gd_jw_key(jw, kv->key.s, kv->key.len);
		if (kv->nitems == 0) {
			gd_jw_str(jw, kv->val.s, kv->val.len);
			continue;
		}
		gd_jw_arr_open(jw);
		for (j = 0; j < kv->nitems; j++)
			gd_jw_str(jw, kv->items[j].s, kv->items[j].len);
		gd_jw_arr_close(jw);
	}
	gd_jw_obj_close(jw);
}

void
gd_resp_write(struct gd_jw *jw, const struct gd_resp *r)
{
	static const struct gd_str unknown = { "unknown", 7 };

	gd_jw_obj_open(jw);
	gd_jw_keyz(jw, "gd");
	gd_jw_int(jw, GD_FORMAT_VERSION);
	gd_jw_keyz(jw, "kind");
	gd_jw_raw(jw, "\"response\"", 10);
	str_member(jw, "id", &r->id);
	str_member(jw, "consultation", &r->consultation);
	str_member(jw, "submitted", &r->submitted);
	gd_jw_keyz(jw, "respondent");
	gd_jw_obj_open(jw);
	str_member(jw, "type", r->type.s ? &r->type : &unknown);
	str_member(jw, "type_label", &r->type_label);
	str_member(jw, "name", &r->name);
	str_member(jw, "email", &r->email);
	str_member(jw, "organisation", &r->organisation);
	str_member(jw, "country", &r->country);
	str_member(jw, "id", &r->respondent_id);
	gd_jw_obj_close(jw);
	str_member(jw, "consent", r->consent.s ? &r->consent : &unknown);
	str_member(jw, "moderation", &r->moderation);
	kv_object(jw, "answers", &r->answers, 1);
	kv_object(jw, "comments", &r->comments, 0);
	kv_object(jw, "extra", &r->extra, 0);
	gd_jw_keyz(jw, "source");
	gd_jw_obj_open(jw);
	gd_jw_keyz(jw, "file");
	gd_jw_strz(jw, r->file ? r->file : "-");
	gd_jw_keyz(jw, "line");
	gd_jw_int(jw, (long long)r->line);
	gd_jw_keyz(jw, "row");
	gd_jw_int(jw, (long long)r->row);
	gd_jw_obj_close(jw);
	gd_jw_obj_close(jw);
}

int
gd_kind_is_aggregate(const char *kind)
{
	static const char *const k[] = { "summary", "tally", "scale",
	    "theme", "stub", "campaign", "partial", "compare", NULL };
	size_t i;

	for (i = 0; k[i]; i++)
		if (strcmp(kind, k[i]) == 0)
			return 1;
	return 0;
}
