/*
 * mapping.c - mapping files: parsed once into column specs (see
 * gd/mapping.h and gd-ingest(1), MAPPING FILES).  The family:
 * mapping.c parses, mapping_plan.c resolves a mapping against one header
 * (a plan) and says what the header lacks, mapping_apply.c applies a plan
 * to rows; mapping_int.h holds what they share.
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

/* ---- parsing ---- */

struct pctx {
	const char *name;
	struct gd_error *err;
};

static int
perr(struct pctx *c, const char *where, const char *what)
{
	return gd_error_set(c->err, GD_EXIT_UNUSABLE, c->name, 0, 0,
	    "mapping: %s: %s", where, what);
}

/* Memory ran out while parsing at where: said with where, as nomem. */
static int
perr_nomem(struct pctx *c, const char *where)
{
	gd_error_set(c->err, GD_EXIT_IO, c->name, 0, 0,
	    "mapping: %s: out of memory", where);
	c->err->nomem = 1;
	return -1;
}

static int
add_alt(struct pctx *c, const char *where, json_t *j, struct colspec *cs)
{
	json_t *v;
	int contains = 0;

	if (json_is_object(j) && json_object_size(j) == 1 &&
	    json_is_string(v = json_object_get(j, "contains"))) {
		contains = 1;
		j = v;
	}
	if (!json_is_string(j))
		return perr(c, where, "a column is a header text, "
		    "{\"contains\": TEXT}, or a list of these (alternatives)");
	cs->contains[cs->nnames] = (unsigned char)contains;
	if ((cs->names[cs->nnames++] = strdup(json_string_value(j))) == NULL)
		return perr_nomem(c, where);
	return 0;
}

static int
parse_col(struct pctx *c, const char *where, json_t *j, struct colspec *cs)
{
	size_t i, n = json_is_array(j) ? json_array_size(j) : 1;
	json_t *v;

	if (n == 0)
		return perr(c, where, "an empty list of columns");
	if ((cs->names = calloc(n, sizeof(char *))) == NULL ||
	    (cs->contains = calloc(n, 1)) == NULL)
		return perr_nomem(c, where);
	if (!json_is_array(j))
		return add_alt(c, where, j, cs);
	json_array_foreach(j, i, v)
		if (add_alt(c, where, v, cs) == -1)
			return -1;
	return 0;
}

/* Keys allowed in a value spec object besides the ones it uses. */
static int
check_keys(struct pctx *c, const char *where, json_t *o,
    const char *const *allowed)
{
	const char *k;
	json_t *v;
	int i, ok;
	char msg[300];

	json_object_foreach(o, k, v) {
		for (ok = 0, i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], k) == 0)
				ok = 1;
		if (!ok) {
			snprintf(msg, sizeof(msg), "unknown key \"%s\"", k);
			return perr(c, where, msg);
		}
	}
	return 0;
}

static int
parse_v(struct pctx *c, const char *where, json_t *j, struct vspec *vs,
    const char *const *extra_keys)
{
	static const char *const base[] = { "column", "join", "sep", "value",
	    "contains", "missing", "html", NULL };
	json_t *v;
	size_t i;
	int k;

	if (!json_is_object(j) || (json_object_size(j) == 1 &&
	    json_object_get(j, "contains"))) {
		vs->kind = V_COL;
		return parse_col(c, where, j, &vs->col);
	}
	{
		const char *key;

		json_object_foreach(j, key, v) {
			int ok = 0;

			for (k = 0; base[k]; k++)
				ok |= strcmp(base[k], key) == 0;
			for (k = 0; extra_keys && extra_keys[k]; k++)
				ok |= strcmp(extra_keys[k], key) == 0;
			if (!ok) {
				char msg[300];

				snprintf(msg, sizeof(msg), "unknown key \"%s\"",
				    key);
				return perr(c, where, msg);
			}
		}
	}
	if ((v = json_object_get(j, "value")) != NULL) {
		if (!json_is_string(v))
			return perr(c, where, "\"value\" must be a string");
		vs->kind = V_CONST;
		if ((vs->value = strdup(json_string_value(v))) == NULL)
			return perr_nomem(c, where);
	} else if ((v = json_object_get(j, "join")) != NULL) {
		if (!json_is_array(v) || json_array_size(v) == 0 ||
		    json_array_size(v) > MAX_JOIN)
			return perr(c, where, "\"join\" must be a list of 1 to "
			    "16 columns");
		vs->kind = V_JOIN;
		/* nparts only once there are parts: free_v reads that
		 * many. */
		if ((vs->parts = calloc(json_array_size(v),
		    sizeof(*vs->parts))) == NULL)
			return perr_nomem(c, where);
		vs->nparts = json_array_size(v);
		for (i = 0; i < vs->nparts; i++)
			if (parse_v(c, where, json_array_get(v, i),
			    &vs->parts[i], NULL) == -1)
				return -1;
		v = json_object_get(j, "sep");
		if (v && !json_is_string(v))
			return perr(c, where, "\"sep\" must be a string");
		if ((vs->sep = strdup(v ? json_string_value(v) : " ")) ==
		    NULL)
			return perr_nomem(c, where);
	} else if ((v = json_object_get(j, "column")) != NULL) {
		vs->kind = V_COL;
		if (parse_col(c, where, v, &vs->col) == -1)
			return -1;
	} else {
		return perr(c, where, "needs \"column\", \"join\" or "
		    "\"value\"");
	}
	if ((v = json_object_get(j, "split")) != NULL) {
		if (!json_is_string(v) || json_string_length(v) == 0)
			return perr(c, where, "\"split\" must be a text");
		if ((vs->split = strdup(json_string_value(v))) == NULL)
			return perr_nomem(c, where);
	}
	if ((v = json_object_get(j, "html")) != NULL) {
		if (vs->kind != V_COL || !json_is_boolean(v))
			return perr(c, where, "\"html\" is true or false, "
			    "with \"column\"");
		vs->html = json_is_true(v);
	}
	if ((v = json_object_get(j, "missing")) != NULL) {
		json_t *x;

		if (vs->kind != V_COL || !json_is_array(v))
			return perr(c, where, "\"missing\" is a list of texts, "
			    "with \"column\"");
		if ((vs->missing = calloc(json_array_size(v) + 1,
		    sizeof(char *))) == NULL)
			return perr_nomem(c, where);
		json_array_foreach(v, i, x) {
			if (!json_is_string(x))
				return perr(c, where, "\"missing\" is a list "
				    "of texts");
			if ((vs->missing[vs->nmissing++] =
			    strdup(json_string_value(x))) == NULL)
				return perr_nomem(c, where);
		}
	}
	return 0;
}

static int
parse_classify(struct pctx *c, const char *where, json_t *j,
    struct classify *cl, int (*canonical)(const char *, size_t))
{
	static const char *const keys[] = { "values", "absent", "present",
	    NULL };
	const char *k;
	json_t *v, *t;
	char msg[300];
	size_t i;

	if (parse_v(c, where, j, &cl->v, keys) == -1)
		return -1;
	if (!json_is_object(j))
		return 0;
	if (cl->v.kind == V_CONST && !canonical(cl->v.value,
	    strlen(cl->v.value))) {
		snprintf(msg, sizeof(msg), "\"%s\" is not a canonical value",
		    cl->v.value);
		return perr(c, where, msg);
	}
	if ((t = json_object_get(j, "values")) != NULL) {
		if (!json_is_object(t))
			return perr(c, where, "\"values\" must be an object");
		cl->values.label = calloc(json_object_size(t) + 1,
		    sizeof(char *));
		cl->values.value = calloc(json_object_size(t) + 1,
		    sizeof(char *));
		if (!cl->values.label || !cl->values.value)
			return perr_nomem(c, where);
		json_object_foreach(t, k, v) {
			if (!json_is_string(v) ||
			    !canonical(json_string_value(v),
			    json_string_length(v))) {
				snprintf(msg, sizeof(msg), "values: \"%s\": "
				    "not a canonical value", k);
				return perr(c, where, msg);
			}
			i = cl->values.n++;
			if ((cl->values.label[i] = strdup(k)) == NULL ||
			    (cl->values.value[i] =
			    strdup(json_string_value(v))) == NULL)
				return perr_nomem(c, where);
		}
	}
	if ((v = json_object_get(j, "absent")) != NULL) {
		if (!json_is_string(v) || !canonical(json_string_value(v),
		    json_string_length(v)))
			return perr(c, where, "\"absent\": not a canonical "
			    "value");
		if ((cl->absent = strdup(json_string_value(v))) == NULL)
			return perr_nomem(c, where);
	}
	if ((v = json_object_get(j, "present")) != NULL) {
		if (!json_is_string(v) || !canonical(json_string_value(v),
		    json_string_length(v)))
			return perr(c, where, "\"present\": not a canonical "
			    "value");
		if ((cl->present = strdup(json_string_value(v))) == NULL)
			return perr_nomem(c, where);
	}
	return 0;
}

static int
parse_qmaps(struct pctx *c, const char *where, json_t *j, struct qmap **out,
    size_t *n)
{
	static const char *const keys[] = { NULL };
	static const char *const akeys[] = { "split", NULL };
	const char *k;
	json_t *v;

	if (!json_is_object(j))
		return perr(c, where, "must be an object: question id -> "
		    "column");
	if ((*out = calloc(json_object_size(j) + 1, sizeof(**out))) == NULL)
		return perr_nomem(c, where);
	json_object_foreach(j, k, v) {
		struct qmap *q = &(*out)[(*n)++];

		if ((q->qid = strdup(k)) == NULL)
			return perr_nomem(c, where);
		if (parse_v(c, where, v, &q->v, strcmp(where, "answers") == 0 ?
		    akeys : keys) == -1)
			return -1;
	}
	return 0;
}

/* A list of columns ("drop", "extra"). */
static int
parse_cols(struct pctx *c, const char *where, json_t *v,
    struct colspec **out, size_t *n)
{
	size_t i;
	json_t *x;

	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return perr(c, where, "must be a list of columns");
	if ((*out = calloc(json_array_size(v) + 1, sizeof(**out))) == NULL)
		return perr_nomem(c, where);
	json_array_foreach(v, i, x)
		if (parse_col(c, where, x, &(*out)[(*n)++]) == -1)
			return -1;
	return 0;
}

static int
parse_map(struct pctx *c, json_t *root, struct gd_map *m)
{
	static const char *const top[] = { "name", "description",
	    "header_row", "header_rows", "consultation", "id", "submitted",
	    "respondent", "consent", "moderation", "answers", "comments",
	    "missing", "unmapped", "drop", "extra", NULL };
	static const char *const rkeys[] = { "name", "email", "organisation",
	    "country", "id", "type", NULL };
	static const char *const dkeys[] = { "order", "timezone", NULL };
	json_t *v, *r, *x;
	size_t i;

	if (!json_is_object(root))
		return perr(c, "top", "a mapping is a JSON object");
	if (check_keys(c, "top", root, top) == -1)
		return -1;
	m->header_row = 1;
	m->header_rows = 1;
	if ((v = json_object_get(root, "header_row")) != NULL) {
		if (json_is_string(v) && strcmp(json_string_value(v), "auto")
		    == 0)
			m->header_row = 0;
		else if (json_is_integer(v) && json_integer_value(v) >= 1 &&
		    json_integer_value(v) <= 1000000)
			m->header_row = (int)json_integer_value(v);
		else
			return perr(c, "header_row", "a row number or "
			    "\"auto\"");
	}
	if ((v = json_object_get(root, "header_rows")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 10)
			return perr(c, "header_rows", "a number from 1 to 10");
		m->header_rows = (int)json_integer_value(v);
	}
	if ((v = json_object_get(root, "consultation")) != NULL) {
		if (json_is_string(v)) {
			m->consultation.kind = V_CONST;
			if ((m->consultation.value =
			    strdup(json_string_value(v))) == NULL)
				return perr_nomem(c, "consultation");
		} else if (parse_v(c, "consultation", v, &m->consultation,
		    NULL) == -1)
			return -1;
	}
	if ((v = json_object_get(root, "id")) != NULL &&
	    parse_v(c, "id", v, &m->id, NULL) == -1)
		return -1;
	if ((v = json_object_get(root, "submitted")) != NULL) {
		if (parse_v(c, "submitted", v, &m->submitted, dkeys) == -1)
			return -1;
		if (json_is_object(v) && (x = json_object_get(v, "order"))) {
			const char *o = json_is_string(x) ?
			    json_string_value(x) : "";

			if (strcmp(o, "dmy") == 0 || strcmp(o, "mdy") == 0) {
				m->order = o[0] == 'd' ? GD_DATE_DMY :
				    GD_DATE_MDY;
				m->order_known = 1;
			} else if (strcmp(o, "auto") != 0)
				return perr(c, "submitted", "\"order\" is "
				    "\"mdy\", \"dmy\" or \"auto\"");
		}
		if (json_is_object(v) && (x = json_object_get(v,
		    "timezone"))) {
			const char *tz = json_is_string(x) ?
			    json_string_value(x) : "";
			int ok = strcmp(tz, "Z") == 0 || (strlen(tz) == 6 &&
			    (tz[0] == '+' || tz[0] == '-') && tz[3] == ':');

			if (!ok)
				return perr(c, "submitted", "\"timezone\" is "
				    "\"Z\" or \"+HH:MM\"");
			if ((m->tz = strdup(tz)) == NULL)
				return perr_nomem(c, "submitted");
		}
	}
	if ((r = json_object_get(root, "respondent")) != NULL) {
		if (!json_is_object(r))
			return perr(c, "respondent", "must be an object");
		if (check_keys(c, "respondent", r, rkeys) == -1)
			return -1;
		if ((v = json_object_get(r, "name")) &&
		    parse_v(c, "respondent.name", v, &m->rname, NULL) == -1)
			return -1;
		if ((v = json_object_get(r, "email")) &&
		    parse_v(c, "respondent.email", v, &m->email, NULL) == -1)
			return -1;
		if ((v = json_object_get(r, "organisation")) &&
		    parse_v(c, "respondent.organisation", v, &m->org, NULL)
		    == -1)
			return -1;
		if ((v = json_object_get(r, "country")) &&
		    parse_v(c, "respondent.country", v, &m->country, NULL)
		    == -1)
			return -1;
		if ((v = json_object_get(r, "id")) &&
		    parse_v(c, "respondent.id", v, &m->rid, NULL) == -1)
			return -1;
		if ((v = json_object_get(r, "type")) &&
		    parse_classify(c, "respondent.type", v, &m->type,
		    gd_type_is_canonical) == -1)
			return -1;
	}
	if ((v = json_object_get(root, "consent")) != NULL &&
	    parse_classify(c, "consent", v, &m->consent,
	    gd_consent_is_canonical) == -1)
		return -1;
	if ((v = json_object_get(root, "moderation")) != NULL) {
		size_t nm = json_is_array(v) ? json_array_size(v) : 1;

		if (nm == 0 || nm > MAX_MODERATION)
			return perr(c, "moderation", "a column spec, or a list "
			    "of 1 to 4 (the first that has a value wins)");
		for (i = 0; i < nm; i++) {
			/* Counted first: gd_map_free() frees what a failed
			 * parse left half made. */
			m->nmoderation++;
			if (parse_classify(c, "moderation", json_is_array(v) ?
			    json_array_get(v, i) : v, &m->moderation[i],
			    gd_moderation_is_canonical) == -1)
				return -1;
		}
	}
	if ((v = json_object_get(root, "answers")) != NULL &&
	    parse_qmaps(c, "answers", v, &m->answers, &m->nanswers) == -1)
		return -1;
	if ((v = json_object_get(root, "comments")) != NULL &&
	    parse_qmaps(c, "comments", v, &m->comments, &m->ncomments) == -1)
		return -1;
	if ((v = json_object_get(root, "missing")) != NULL) {
		if (!json_is_array(v))
			return perr(c, "missing", "must be a list of texts");
		if ((m->missing = calloc(json_array_size(v) + 1,
		    sizeof(char *))) == NULL)
			return perr_nomem(c, "missing");
		json_array_foreach(v, i, x) {
			if (!json_is_string(x))
				return perr(c, "missing", "must be a list of "
				    "texts");
			if ((m->missing[m->nmissing++] =
			    strdup(json_string_value(x))) == NULL)
				return perr_nomem(c, "missing");
		}
	}
	if ((v = json_object_get(root, "unmapped")) != NULL) {
		const char *u = json_is_string(v) ? json_string_value(v) : "";

		if (strcmp(u, "extra") == 0)
			m->unmapped = U_EXTRA;
		else if (strcmp(u, "answers") == 0)
			m->unmapped = U_ANSWERS;
		else if (strcmp(u, "comments") == 0)
			m->unmapped = U_COMMENTS;
		else if (strcmp(u, "drop") == 0)
			m->unmapped = U_DROP;
		else
			return perr(c, "unmapped", "one of extra, answers, "
			    "comments, drop");
	}
	if (parse_cols(c, "drop", json_object_get(root, "drop"), &m->drop,
	    &m->ndrop) == -1 || parse_cols(c, "extra",
	    json_object_get(root, "extra"), &m->extra, &m->nextra) == -1)
		return -1;
	return 0;
}

static void
free_col(struct colspec *cs)
{
	size_t i;

	for (i = 0; i < cs->nnames; i++)
		free(cs->names[i]);
	free(cs->names);
	free(cs->contains);
}

static void
free_v(struct vspec *v)
{
	size_t i;

	free_col(&v->col);
	for (i = 0; i < v->nparts; i++)
		free_v(&v->parts[i]);
	free(v->parts);
	free(v->sep);
	free(v->value);
	free(v->split);
	for (i = 0; i < v->nmissing; i++)
		free(v->missing[i]);
	free(v->missing);
}

static void
free_classify(struct classify *cl)
{
	size_t i;

	free_v(&cl->v);
	for (i = 0; i < cl->values.n; i++) {
		free(cl->values.label[i]);
		free(cl->values.value[i]);
	}
	free(cl->values.label);
	free(cl->values.value);
	free(cl->absent);
	free(cl->present);
}

void
gd_map_free(struct gd_map *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->name);
	free(m->tz);
	free_v(&m->consultation);
	free_v(&m->id);
	free_v(&m->submitted);
	free_v(&m->rname);
	free_v(&m->rid);
	free_v(&m->email);
	free_v(&m->org);
	free_v(&m->country);
	free_classify(&m->type);
	free_classify(&m->consent);
	for (i = 0; i < m->nmoderation; i++)
		free_classify(&m->moderation[i]);
	for (i = 0; i < m->nanswers; i++) {
		free(m->answers[i].qid);
		free_v(&m->answers[i].v);
	}
	free(m->answers);
	for (i = 0; i < m->ncomments; i++) {
		free(m->comments[i].qid);
		free_v(&m->comments[i].v);
	}
	free(m->comments);
	for (i = 0; i < m->nmissing; i++)
		free(m->missing[i]);
	free(m->missing);
	for (i = 0; i < m->ndrop; i++)
		free_col(&m->drop[i]);
	free(m->drop);
	for (i = 0; i < m->nextra; i++)
		free_col(&m->extra[i]);
	free(m->extra);
	free(m);
}

struct gd_map *
gd_map_parse(const char *text, size_t n, const char *name,
    struct gd_error *err)
{
	struct pctx c = { name, err };
	struct gd_map *m;
	json_error_t je;
	json_t *root;

	root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL && gd_json_nomem(&je)) {
		gd_error_nomem(err, name, 0);
		return NULL;
	}
	if (root == NULL) {
		gd_error_set(err, GD_EXIT_UNUSABLE, name, (unsigned long)je.line,
		    je.column > 0 ? (unsigned long)je.column : 0,
		    "mapping is not valid JSON: %s", je.text);
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->name = strdup(name ? name : "")) == NULL) {
		json_decref(root);
		free(m);
		gd_error_nomem(err, name, 0);
		return NULL;
	}
	if (parse_map(&c, root, m) == -1) {
		json_decref(root);
		gd_map_free(m);
		return NULL;
	}
	json_decref(root);
	return m;
}

struct gd_map *
gd_map_load(const char *path, struct gd_error *err)
{
	struct gd_buf b;
	struct gd_map *m;
	char tmp[65536];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		gd_error_set(err, GD_EXIT_IO, path, 0, 0, "cannot open: %s",
		    strerror(errno));
		return NULL;
	}
	gd_buf_init(&b, 16UL << 20);
	while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		if (gd_buf_add(&b, tmp, n) == -1) {
			fclose(fp);
			gd_buf_release(&b);
			if (errno == ENOMEM)
				gd_error_nomem(err, path, 0);
			else
				gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
				    "mapping file too large");
			return NULL;
		}
	if (ferror(fp)) {
		fclose(fp);
		gd_buf_release(&b);
		gd_error_set(err, GD_EXIT_IO, path, 0, 0, "read error");
		return NULL;
	}
	fclose(fp);
	m = gd_map_parse(b.data ? b.data : "", b.len, path, err);
	gd_buf_release(&b);
	return m;
}

struct gd_map *
gd_map_preset(const char *name, struct gd_error *err)
{
	const char *text = gd_map_preset_text(name);
	struct gd_map *m;

	if (text == NULL) {
		gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
		    "unknown preset: %s", name);
		return NULL;
	}
	if ((m = gd_map_parse(text, strlen(text), name, err)) != NULL)
		m->preset = 1;
	return m;
}

int gd_map_header_row(const struct gd_map *m) { return m ? m->header_row : 1; }
int gd_map_is_preset(const struct gd_map *m) { return m && m->preset; }
int gd_map_header_rows(const struct gd_map *m) { return m ? m->header_rows : 1; }

void
gd_map_drop_unmapped(struct gd_map *m)
{
	m->unmapped = U_DROP;
}

void
gd_map_keep_html(struct gd_map *m)
{
	m->keep_html = 1;
}

void
gd_map_set_date_order(struct gd_map *m, enum gd_date_order order, int known)
{
	m->order = known ? order : GD_DATE_MDY;
	m->order_known = known;
}

int
gd_map_set_consultation(struct gd_map *m, const char *id)
{
	free_v(&m->consultation);
	memset(&m->consultation, 0, sizeof(m->consultation));
	m->consultation.kind = V_CONST;
	return (m->consultation.value = strdup(id)) ? 0 : -1;
}

