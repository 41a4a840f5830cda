/*
 * mapping.c - mapping files, and the plans that apply them to rows (see
 * gd/mapping.h and gd-ingest(1), MAPPING FILES).
 *
 * A mapping is parsed once into column specs; a plan resolves every spec
 * to a column index of one header, so applying it to a row is a few array
 * look-ups.  Values the plan makes (joined names, dates, derived ids) go
 * into a scratch buffer; since it may move while it grows, they are kept
 * as offsets and turned into pointers when the row is done.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gd/gd.h"

/* ---- the parsed mapping ---- */

#define MAX_JOIN 16
#define MAX_MODERATION 4	/* columns that may say a moderation state */

/* A column: alternatives, the first found in the header wins. */
struct colspec {
	char **names;		/* header texts, or parts of them */
	unsigned char *contains;	/* 1: names[i] is a part */
	size_t nnames;
};

enum v_kind { V_NONE, V_COL, V_JOIN, V_CONST };

struct vspec {
	enum v_kind kind;
	struct colspec col;
	struct vspec *parts;
	size_t nparts;
	char *sep;
	char *value;
	char *split;		/* answers: split one cell into a list */
	char **missing;		/* texts that are no value in this column */
	size_t nmissing;
};

struct table {
	char **label;
	char **value;
	size_t n;
};

struct classify {
	struct vspec v;
	struct table values;
	char *absent;
	char *present;
};

struct qmap {
	char *qid;
	struct vspec v;
};

enum unmapped { U_EXTRA, U_ANSWERS, U_COMMENTS, U_DROP };

struct gd_map {
	char *name;
	int preset;
	int header_row;		/* 0: auto */
	int header_rows;
	struct vspec consultation, id, submitted;
	enum gd_date_order order;
	int order_known;		/* stated: mdy or dmy */
	char *tz;
	struct vspec rname, email, org, country;
	struct classify type, consent;
	struct classify moderation[MAX_MODERATION];
	size_t nmoderation;
	struct qmap *answers, *comments;
	size_t nanswers, ncomments;
	char **missing;
	size_t nmissing;
	enum unmapped unmapped;
	struct colspec *drop, *extra;
	size_t ndrop, nextra;
};

/* ---- parsing ---- */

struct pctx {
	const char *name;
	struct gd_error *err;
};

static int
perr(struct pctx *c, const char *where, const char *what)
{
	return gd_error_set(c->err, strcmp(what, "out of memory") == 0 ?
	    GD_EXIT_IO : GD_EXIT_UNUSABLE, c->name, 0, 0, "mapping: %s: %s",
	    where, what);
}

static char *
xstrdup(const char *s)
{
	return strdup(s ? s : "");
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
	if ((cs->names[cs->nnames++] = xstrdup(json_string_value(j))) == NULL)
		return perr(c, where, "out of memory");
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
		return perr(c, where, "out of memory");
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
	    "contains", "missing", NULL };
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
		vs->value = xstrdup(json_string_value(v));
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
			return perr(c, where, "out of memory");
		vs->nparts = json_array_size(v);
		for (i = 0; i < vs->nparts; i++)
			if (parse_v(c, where, json_array_get(v, i),
			    &vs->parts[i], NULL) == -1)
				return -1;
		v = json_object_get(j, "sep");
		if (v && !json_is_string(v))
			return perr(c, where, "\"sep\" must be a string");
		vs->sep = xstrdup(v ? json_string_value(v) : " ");
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
		vs->split = xstrdup(json_string_value(v));
	}
	if ((v = json_object_get(j, "missing")) != NULL) {
		json_t *x;

		if (vs->kind != V_COL || !json_is_array(v))
			return perr(c, where, "\"missing\" is a list of texts, "
			    "with \"column\"");
		if ((vs->missing = calloc(json_array_size(v) + 1,
		    sizeof(char *))) == NULL)
			return perr(c, where, "out of memory");
		json_array_foreach(v, i, x) {
			if (!json_is_string(x))
				return perr(c, where, "\"missing\" is a list "
				    "of texts");
			if ((vs->missing[vs->nmissing++] =
			    xstrdup(json_string_value(x))) == NULL)
				return perr(c, where, "out of memory");
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
			return perr(c, where, "out of memory");
		json_object_foreach(t, k, v) {
			if (!json_is_string(v) ||
			    !canonical(json_string_value(v),
			    json_string_length(v))) {
				snprintf(msg, sizeof(msg), "values: \"%s\": "
				    "not a canonical value", k);
				return perr(c, where, msg);
			}
			i = cl->values.n++;
			cl->values.label[i] = xstrdup(k);
			cl->values.value[i] = xstrdup(json_string_value(v));
		}
	}
	if ((v = json_object_get(j, "absent")) != NULL) {
		if (!json_is_string(v) || !canonical(json_string_value(v),
		    json_string_length(v)))
			return perr(c, where, "\"absent\": not a canonical "
			    "value");
		cl->absent = xstrdup(json_string_value(v));
	}
	if ((v = json_object_get(j, "present")) != NULL) {
		if (!json_is_string(v) || !canonical(json_string_value(v),
		    json_string_length(v)))
			return perr(c, where, "\"present\": not a canonical "
			    "value");
		cl->present = xstrdup(json_string_value(v));
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
		return perr(c, where, "out of memory");
	json_object_foreach(j, k, v) {
		struct qmap *q = &(*out)[(*n)++];

		q->qid = xstrdup(k);
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
		return perr(c, where, "out of memory");
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
	    "country", "type", NULL };
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
			m->consultation.value = xstrdup(json_string_value(v));
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
			m->tz = xstrdup(tz);
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
			if (parse_classify(c, "moderation", json_is_array(v) ?
			    json_array_get(v, i) : v, &m->moderation[i],
			    gd_moderation_is_canonical) == -1)
				return -1;
			m->nmoderation++;
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
			return perr(c, "missing", "out of memory");
		json_array_foreach(v, i, x) {
			if (!json_is_string(x))
				return perr(c, "missing", "must be a list of "
				    "texts");
			m->missing[m->nmissing++] =
			    xstrdup(json_string_value(x));
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
		gd_error_set(err, GD_EXIT_IO, name, 0, 0, "out of memory");
		return NULL;
	}
	if (root == NULL) {
		gd_error_set(err, GD_EXIT_UNUSABLE, name, (unsigned long)je.line,
		    je.column > 0 ? (unsigned long)je.column : 0,
		    "mapping is not valid JSON: %s", je.text);
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->name = xstrdup(name)) == NULL) {
		json_decref(root);
		free(m);
		gd_error_set(err, GD_EXIT_IO, name, 0, 0, "out of memory");
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
				gd_error_set(err, GD_EXIT_IO, path, 0, 0,
				    "out of memory");
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
int gd_map_header_rows(const struct gd_map *m) { return m ? m->header_rows : 1; }

void
gd_map_drop_unmapped(struct gd_map *m)
{
	m->unmapped = U_DROP;
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
	return (m->consultation.value = xstrdup(id)) ? 0 : -1;
}

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
static long
find_col(const struct colspec *cs, const struct gd_str *names, size_t n)
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
	return find_col(&m->id.col, names, n);
}

int
gd_map_header_matches(const struct gd_map *m, const struct gd_str *names,
    size_t n)
{
	if (m == NULL || m->id.kind != V_COL)
		return n > 0;
	return find_col(&m->id.col, names, n) >= 0;
}

/* ---- plans ---- */

struct rv {			/* a vspec resolved against a header */
	enum v_kind kind;
	long col;
	struct rv *parts;
	size_t nparts;
	const char *sep;
	const char *value;
	const char *split;
	char *const *missing;	/* the spec's own "missing" texts */
	size_t nmissing;
	const char *what;	/* for messages */
};

enum role { R_UNMAPPED, R_USED, R_DROP, R_EXTRA };

#define MAX_WARN_LABELS 64

struct gd_plan {
	const struct gd_map *m;
	const struct gd_str *names;
	size_t n;
	const char *file;
	const char *base;	/* file name without directories */
	unsigned char *role;
	struct rv consultation, id, submitted, rname, email, org, country;
	struct rv type, consent;
	struct rv moderation[MAX_MODERATION];
	struct rv *answers, *comments;

	/* Keys encoded once: header names, then question ids. */
	struct gd_buf kbuf;
	size_t *koff, *klen;	/* per column */
	size_t *aoff, *alen, *coff, *clen;	/* per answer, comment */

	struct gd_buf scratch;
	struct gd_str *pool;	/* list items */
	size_t npool, poolcap;
	/* A scratch value: at a field of the response, or (list set) at
	 * the value of entry idx of a list, which may move as it grows. */
	struct fix {
		struct gd_str *at;
		struct gd_kvlist *list;
		size_t idx;
		size_t off;
	} *fix;
	size_t nfix, fixcap;

	int checked;		/* missing columns warned about */
	int quiet;		/* no header of its own (gd_plan_quiet) */

	/* The day-month order of the submitted column (gd/mapping.h). */
	enum gd_date_order dorder;
	int dorder_known;	/* stated, or decided by a value */
	int dundecided;		/* declared undecided */
	int decided_now;	/* the last row decided it */
	int amb;		/* the last row's date reads both ways */
	char amb_iso[2][GD_DATE_MAX];	/* it month first, day first */
	int amb_len[2];
	char *amb_text;		/* it as written */
	size_t amb_textlen, amb_textcap;
	unsigned long dates_kept;

	/* Values taken from the preamble (gd_plan_context). */
	char *ctx[16];
	size_t nctx;

	/* Warnings: each label once. */
	char *warned[MAX_WARN_LABELS];
	size_t nwarned;
	struct gd_buf warnq;	/* messages, each ended by a NUL */
	size_t wq_pos;		/* the next one to hand out */
	char warnbuf[400];
};

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
	rv->what = what;
	if (vs->kind == V_COL) {
		rv->col = find_col(&vs->col, p->names, p->n);
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

static void queue_warning(struct gd_plan *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
queue_warning(struct gd_plan *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
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
			if (find_col(&m->drop[k], names + i, 1) == 0)
				p->role[i] = R_DROP;
		for (k = 0; k < m->nextra; k++)
			if (find_col(&m->extra[k], names + i, 1) == 0)
				p->role[i] = R_EXTRA;
	}
	if (resolve(p, &m->consultation, &p->consultation, "consultation") ||
	    resolve(p, &m->id, &p->id, "id") ||
	    resolve(p, &m->submitted, &p->submitted, "submitted") ||
	    resolve(p, &m->rname, &p->rname, "respondent.name") ||
	    resolve(p, &m->email, &p->email, "respondent.email") ||
	    resolve(p, &m->org, &p->org, "respondent.organisation") ||
	    resolve(p, &m->country, &p->country, "respondent.country") ||
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
	gd_error_set(err, GD_EXIT_IO, file, 0, 0, "out of memory");
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
	    (c = find_col(&vs->col, names, n)) < 0)
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
	    ctx_resolve(p, &m->country, &p->country, names, values, n))
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
static void
warn_missing(struct gd_plan *p)
{
	const struct gd_map *m = p->m;
	size_t i;
	const struct { const struct vspec *v; const struct rv *r; } chk[] = {
	    { &m->submitted, &p->submitted }, { &m->rname, &p->rname },
	    { &m->email, &p->email },
	    { &m->org, &p->org }, { &m->country, &p->country },
	    { &m->type.v, &p->type }, { &m->consent.v, &p->consent } };

	for (i = 0; i < sizeof(chk) / sizeof(chk[0]); i++)
		if (chk[i].r->kind == V_COL && chk[i].r->col < 0)
			queue_warning(p, "mapping: column \"%s\" (%s) is not "
			    "in the header", colspec_text(&chk[i].v->col),
			    chk[i].r->what);
	for (i = 0; i < m->nanswers; i++)
		if (p->answers[i].kind == V_COL && p->answers[i].col < 0)
			queue_warning(p, "mapping: column \"%s\" (%s) is not "
			    "in the header", colspec_text(&m->answers[i].v.col),
			    m->answers[i].qid);
	for (i = 0; i < m->ncomments; i++)
		if (p->comments[i].kind == V_COL && p->comments[i].col < 0)
			queue_warning(p, "mapping: column \"%s\" (%s) is not "
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

/*
 * A preset promises the fields its platform has: when this header has no
 * column for one of them (the wrong preset, or an export in another
 * shape), say so once a field, with the columns looked for.
 */
static void
warn_promised(struct gd_plan *p)
{
	const struct gd_map *m = p->m;
	const struct {
		const char *what;
		const struct vspec *v;
		const struct rv *r;
	} f[] = {
		{ "submitted", &m->submitted, &p->submitted },
		{ "respondent.type", &m->type.v, &p->type },
		{ "consent", &m->consent.v, &p->consent },
	};
	char names[300];
	size_t i, len;
	int any = 0;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (f[i].v->kind == V_NONE || placed(f[i].r))
			continue;
		len = 0;
		looked_for(f[i].v, names, sizeof(names), &len);
		queue_warning(p, "preset %s: no column for %s (looked for %s)",
		    m->name, f[i].what, len ? names : "none");
	}
	for (i = 0; i < m->ncomments; i++)
		any |= placed(&p->comments[i]);
	for (i = 0; i < m->nanswers; i++)
		any |= placed(&p->answers[i]);
	if ((m->ncomments || m->nanswers) && !any) {
		len = 0;
		for (i = 0; i < m->ncomments; i++)
			looked_for(&m->comments[i].v, names, sizeof(names),
			    &len);
		for (i = 0; i < m->nanswers; i++)
			looked_for(&m->answers[i].v, names, sizeof(names),
			    &len);
		queue_warning(p, "preset %s: no column for the free text "
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
static struct gd_str
date_key(const struct gd_plan *p)
{
	struct gd_str k = { "submitted", 9 };

	if (p->submitted.kind == V_COL && p->submitted.col >= 0)
		k = p->names[p->submitted.col];
	return k;
}

const char *
gd_plan_date_column(const struct gd_plan *p)
{
	return date_key(p).s;
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
	kv.key = date_key(p);
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
static int
hold_date(struct gd_plan *p, struct gd_str t)
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
	if (p->wq_pos >= p->warnq.len) {
		gd_buf_reset(&p->warnq);
		p->wq_pos = 0;
		return NULL;
	}
	snprintf(p->warnbuf, sizeof(p->warnbuf), "%s",
	    p->warnq.data + p->wq_pos);
	p->wq_pos += strlen(p->warnq.data + p->wq_pos) + 1;
	return p->warnbuf;
}

/* Warns once per distinct label: WHAT "label" ADVICE. */
static void
warn_label(struct gd_plan *p, const char *what, const struct gd_str *v,
    const char *advice)
{
	char label[200], seen[300];
	size_t i, n = v->len < sizeof(label) - 1 ? v->len : sizeof(label) - 1;

	n = gd_utf8_boundary(v->s, n);
	memcpy(label, v->s, n);
	label[n] = '\0';
	/* Once per kind of label and label: the same text can be unknown
	 * both as a type and as a consent. */
	snprintf(seen, sizeof(seen), "%s\x1f%s", what, label);
	for (i = 0; i < p->nwarned; i++)
		if (strcmp(p->warned[i], seen) == 0)
			return;
	if (p->nwarned < MAX_WARN_LABELS)
		p->warned[p->nwarned++] = xstrdup(seen);
	queue_warning(p, "%s \"%s\" %s", what, label, advice);
}

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
			return 0;
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

static int
classify(struct gd_plan *p, const struct classify *cl, const struct rv *rv,
    const struct gd_row *row, struct gd_str *out, struct gd_str *label,
    const char *(*builtin)(const char *, size_t), const char *fallback,
    const char *what, const char *advice)
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
		warn_label(p, what, &t, advice);
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
		    "it to the mapping's moderation values)") == -1)
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
    const struct gd_row *row, struct gd_kvlist *l)
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
		if (rv[i].kind == V_COL) {
			if ((f = cell(row, rv[i].col)) != NULL &&
			    add_value(p, l, key, kenc, f, rv[i].split, 0) == -1)
				return -1;
			continue;
		}
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

	/* Names that are no header (JSON members, --no-header) lack
	 * columns without a fault: neither warning applies to them. */
	if (!p->checked && m && !p->quiet) {
		if (m->preset)
			warn_promised(p);
		else
			warn_missing(p);
	}
	p->checked = 1;
	gd_resp_reset(out);
	gd_buf_reset(&p->scratch);
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
	    eval(p, &p->org, row, &out->organisation) == -1)
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
	if (classify(p, &m->type, &p->type, row, &out->type,
	    &out->type_label, gd_type_from_label, "other",
	    "respondent type label", "is not known: counted as \"other\" "
	    "(add it to the mapping's type values)") == -1 ||
	    classify(p, &m->consent, &p->consent, row, &out->consent, NULL,
	    gd_consent_from_label, "unknown", "consent label", "is not known: "
	    "treated as \"unknown\" (add it to the mapping's consent "
	    "values)") == -1 || moderate(p, row, &out->moderation) == -1)
		goto nomem;

	if (apply_qmaps(p, m->answers, p->answers, m->nanswers, p->aoff,
	    p->alen, row, &out->answers) == -1 ||
	    apply_qmaps(p, m->comments, p->comments, m->ncomments, p->coff,
	    p->clen, row, &out->comments) == -1)
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
			if (hold_date(p, t) == -1)
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
			kv.key = date_key(p);
			/* Warned first: t may lie in the scratch buffer,
			 * which scratch_text moves.  A value of an undecided
			 * column is warned about by the caller. */
			if (rd != GD_READ_BOTH)
				warn_label(p, "date", &t, "is not understood: "
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
	return gd_error_set(err, GD_EXIT_IO, row->file, row->line, 0,
	    "out of memory");
}
