/*
 * sdc_previous.c - --previous: the suppression pattern of an earlier
 * publication of the same consultation (its gd-tally output) carried
 * into this one.  What was withheld then is withheld now, the types
 * grouped then are grouped now and the questions collapsed then are
 * collapsed now, so that the new pattern holds the old: a count withheld
 * in both is not the difference of two published figures.  The rest of
 * the new pattern is decided, and audited, as usual.
 *
 * A withheld cell is kept by its name: 'T' and the fields of a tally
 * record, 'S' and the field of a summary entry, 'H' and the theme (then
 * the respondent type, for a theme record by type).  Campaigns are not
 * carried: a campaign's id is its number in the order of the campaigns'
 * first responses, which a later run may give to another.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tally_int.h"
#include "gd/jsonin.h"
#include "gd/banned.h"

/* A withheld cell's name: table kind, then field = value (or !) each. */
static int
name_add(struct gd_buf *b, const char *f, size_t fl, const char *v,
    size_t vl)
{
	if (gd_buf_add(b, f, fl) == -1 || gd_buf_addc(b, '\x1f') == -1)
		return -1;
	if (v == NULL)
		return gd_buf_adds(b, "!\x1e");
	if (gd_buf_addc(b, '=') == -1 || gd_buf_add(b, v, vl) == -1)
		return -1;
	return gd_buf_addc(b, '\x1e');
}

static int
keep(struct gd_tally *t, const struct gd_buf *b)
{
	char **np, *s;

	if ((np = realloc(t->pv.cell, (t->pv.ncell + 1) * sizeof(*np))) ==
	    NULL)
		return -1;
	t->pv.cell = np;
	if ((s = malloc(b->len + 1)) == NULL)
		return -1;
	memcpy(s, b->data, b->len);
	s[b->len] = '\0';
	t->pv.cell[t->pv.ncell++] = s;
	t->pv.sorted = 0;
	return 0;
}

static int
add_list(char ***list, size_t *n, const char *s)
{
	char **nl;
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*list)[i], s) == 0)
			return 0;
	if ((nl = realloc(*list, (*n + 1) * sizeof(*nl))) == NULL)
		return -1;
	*list = nl;
	if ((nl[*n] = strdup(s)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

/* The withheld entries of one map of the summary. */
static int
summary_map(struct gd_tally *t, json_t *map, const char *field,
    struct gd_buf *b)
{
	const char *k;
	json_t *n;

	json_object_foreach(map, k, n) {
		if (!json_is_null(n))
			continue;
		gd_buf_reset(b);
		if (gd_buf_addc(b, 'S') == -1 || name_add(b, field,
		    strlen(field), k, strlen(k)) == -1 || keep(t, b) == -1)
			return -1;
	}
	return 0;
}

int
gd_tally_previous_add(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err)
{
	json_t *rec, *by, *key, *x;
	json_error_t jerr;
	struct gd_buf b;
	const char *kind;
	size_t i;
	int rc = -1;

	if ((rec = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		if (gd_json_nomem(&jerr))
			return gd_error_nomem(err, NULL, 0);
		return gd_error_set(err, GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "--previous: not valid JSON: %s", jerr.text);
	}
	gd_buf_init(&b, 0);
	kind = json_string_value(json_object_get(rec, "kind"));
	if (kind && strcmp(kind, "summary") == 0) {
		if (summary_map(t, json_object_get(rec, "by_type"),
		    "respondent.type", &b) == -1 || summary_map(t,
		    json_object_get(rec, "by_consent"), "consent", &b) == -1 ||
		    summary_map(t, json_object_get(rec, "by_moderation"),
		    "moderation", &b) == -1)
			goto nomem;
		json_array_foreach(json_object_get(rec, "grouped_types"), i,
		    x)
			if (json_is_string(x) && add_list(&t->pv.gtypes,
			    &t->pv.ngtypes, json_string_value(x)) == -1)
				goto nomem;
		json_array_foreach(json_object_get(rec, "collapsed"), i, x)
			if (json_is_string(x) && add_list(&t->pv.cq,
			    &t->pv.ncq, json_string_value(x)) == -1)
				goto nomem;
	} else if (kind && strcmp(kind, "theme") == 0 &&
	    json_is_null(json_object_get(rec, "n")) &&
	    json_is_string(x = json_object_get(rec, "theme")) &&
	    json_is_array(by = json_object_get(rec, "by")) &&
	    json_is_array(key = json_object_get(rec, "key")) &&
	    json_array_size(by) == json_array_size(key) &&
	    json_array_size(by) <= 1) {
		/* Over all responses, or by respondent type: the fields of
		 * a theme cell, theme then type. */
		if (gd_buf_addc(&b, 'H') == -1 || name_add(&b, "theme", 5,
		    json_string_value(x), json_string_length(x)) == -1)
			goto nomem;
		if (json_array_size(by) == 1) {
			const char *f = json_string_value(json_array_get(by, 0));
			json_t *y = json_array_get(key, 0);

			if (f == NULL || strcmp(f, "respondent.type") != 0 ||
			    !json_is_string(y))
				goto done;	/* not ours: ignored */
			if (name_add(&b, f, strlen(f), json_string_value(y),
			    json_string_length(y)) == -1)
				goto nomem;
		}
		if (keep(t, &b) == -1)
			goto nomem;
	} else if (kind && strcmp(kind, "tally") == 0 &&
	    json_is_null(json_object_get(rec, "n")) &&
	    json_is_array(by = json_object_get(rec, "by")) &&
	    json_is_array(key = json_object_get(rec, "key")) &&
	    json_array_size(by) == json_array_size(key)) {
		if (gd_buf_addc(&b, 'T') == -1)
			goto nomem;
		for (i = 0; i < json_array_size(by); i++) {
			const char *f = json_string_value(json_array_get(by, i));
			const char *v = json_string_value(json_array_get(key,
			    i));

			if (f == NULL)
				goto done;	/* not ours: ignored */
			if (name_add(&b, f, strlen(f), v, v ? strlen(v) : 0) ==
			    -1)
				goto nomem;
		}
		if (keep(t, &b) == -1)
			goto nomem;
	}
done:
	rc = 0;
	goto out;
nomem:
	rc = gd_error_nomem(err, NULL, 0);
out:
	gd_buf_release(&b);
	json_decref(rec);
	return rc;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the previous publication withheld the cell named b. */
static int
withheld(struct gd_tally *t, struct gd_buf *b)
{
	char *name;

	if (!t->pv.sorted) {
		qsort(t->pv.cell, t->pv.ncell, sizeof(*t->pv.cell), str_cmp);
		t->pv.sorted = 1;
	}
	if (gd_buf_addc(b, '\0') == -1)
		return -1;
	name = b->data;
	return bsearch(&name, t->pv.cell, t->pv.ncell, sizeof(*t->pv.cell),
	    str_cmp) != NULL;
}

/*
 * The cells of v that the previous publication withheld, forced
 * (force = 1): the tables', the summary's and the themes' by type.
 * Returns 0, or -1 (memory).
 */
int
tally_previous_force(struct gd_tally *t, struct oc *v, size_t nv)
{
	struct gd_buf b;
	size_t i;
	unsigned d;
	int rc = -1, w;

	if (t->pv.ncell == 0)
		return 0;
	gd_buf_init(&b, 0);
	for (i = 0; i < nv; i++) {
		unsigned s = v[i].k.spec;

		if (!(s < HIDDEN_HAS || s == SPEC_TYPE || s == SPEC_CONSENT ||
		    s == SPEC_MODERATION || (s == SPEC_THEME &&
		    v[i].k.nd == 2)))
			continue;
		gd_buf_reset(&b);
		if (gd_buf_addc(&b, s < HIDDEN_HAS ? 'T' : s == SPEC_THEME ?
		    'H' : 'S') == -1)
			goto done;
		for (d = 0; d < v[i].k.nd; d++)
			if (name_add(&b, v[i].k.d[d].f, v[i].k.d[d].fl,
			    v[i].k.d[d].v, v[i].k.d[d].vl) == -1)
				goto done;
		if ((w = withheld(t, &b)) == -1)
			goto done;
		if (w)
			v[i].force = 1;
	}
	rc = 0;
done:
	gd_buf_release(&b);
	return rc;
}

/*
 * Whether the previous publication withheld the count of theme id over
 * all responses.  Returns 1 or 0, or -1 (memory).
 */
int
tally_previous_theme(struct gd_tally *t, const char *id)
{
	struct gd_buf b;
	int rc = 0;

	if (t->pv.ncell == 0)
		return 0;
	gd_buf_init(&b, 0);
	if (gd_buf_addc(&b, 'H') == -1 || name_add(&b, "theme", 5, id,
	    strlen(id)) == -1)
		rc = -1;
	else
		rc = withheld(t, &b);
	gd_buf_release(&b);
	return rc;
}

/* Frees what --previous read. */
void
tally_previous_release(struct tally_prev *pv)
{
	size_t i;

	for (i = 0; i < pv->ncell; i++)
		free(pv->cell[i]);
	for (i = 0; i < pv->ngtypes; i++)
		free(pv->gtypes[i]);
	for (i = 0; i < pv->ncq; i++)
		free(pv->cq[i]);
	free(pv->cell);
	free(pv->gtypes);
	free(pv->cq);
	memset(pv, 0, sizeof(*pv));
}
