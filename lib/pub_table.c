/*
 * pub_table.c - the tables of a publication (responses, summary, tallies,
 * scales, themes, campaigns, stubs): their columns and types, the same
 * for the CSV files, the Table Schemas and the SQL (pub_package.c), and
 * their rows as CSV.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "gd/gd.h"
#include "gd/escape.h"
#include "pub_int.h"
#include "gd/banned.h"

static const char *const table_names[TB_COUNT] = {
	"responses", "summary", "tallies", "scales", "themes", "campaigns",
	"stubs"
};

static const char *const table_titles[TB_COUNT] = {
	"Responses, as published",
	"Summary: responses by consent, by moderation, by respondent type, "
	    "campaigns, stubs",
	"Counts of answers, overall and by the fields tabulated",
	"Likert summaries of agree-disagree questions",
	"Themes of the free text",
	"Campaigns: responses with the same text or template",
	"Stub responses that say nothing",
};

int
pub_table_by_name(const char *name, enum pub_table *t)
{
	size_t i;

	for (i = 0; i < TB_COUNT; i++)
		if (strcmp(table_names[i], name) == 0) {
			*t = (enum pub_table)i;
			return 0;
		}
	return -1;
}

/* The order of the members gd knows, in a response and its respondent. */
static const char *const top_order[] = {
	"id", "consultation", "submitted", "respondent", "consent",
	"moderation", "answers", "comments", "campaign", "extra", "redacted",
	"privacy", NULL
};
static const char *const respondent_order[] = {
	"type", "type_label", "name", "organisation", "email", "country",
	NULL
};

static int
rank_in(const char *const *list, const char *s, size_t n)
{
	int i;

	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return i;
	return i;
}

/*
 * Column order: member by member, gd's own members in their order, the
 * others in natural order (q2 before q10); the same whatever the order of
 * the input.
 */
static int
col_cmp(const void *a, const void *b)
{
	const char *x = ((const struct pub_col *)a)->path;
	const char *y = ((const struct pub_col *)b)->path;
	int depth = 0, in_respondent = 0;

	for (;;) {
		const char *dx = strchr(x, '.'), *dy = strchr(y, '.');
		size_t nx = dx ? (size_t)(dx - x) : strlen(x);
		size_t ny = dy ? (size_t)(dy - y) : strlen(y);
		const char *const *list = depth == 0 ? top_order :
		    depth == 1 && in_respondent ? respondent_order : NULL;
		int c;

		if (list) {
			int rx = rank_in(list, x, nx), ry = rank_in(list, y, ny);

			if (rx != ry)
				return rx < ry ? -1 : 1;
		}
		if (nx != ny || memcmp(x, y, nx) != 0) {
			char *sx = strndup(x, nx), *sy = strndup(y, ny);

			c = sx && sy ? pub_natural_cmp(sx, sy) : 0;
			free(sx);
			free(sy);
			if (c)
				return c;
		}
		if (depth == 0)
			in_respondent = nx == 10 && memcmp(x, "respondent", 10) == 0;
		if (dx && dy) {
			x = dx + 1;
			y = dy + 1;
			depth++;
			continue;
		}
		if (dx || dy)
			return dx ? 1 : -1;
		/*
		 * Equal in natural order (q01 and q1 are): byte order, so
		 * that the order never depends on the input's.
		 */
		return strcmp(((const struct pub_col *)a)->path,
		    ((const struct pub_col *)b)->path);
	}
}

static int
add_col(struct pub_tab *t, const char *name, int type, const char *desc)
{
	struct pub_col *c = t->cols;
	size_t n = t->ncols;

	/* Room for 8, then doubled whenever ncols reaches a power of two. */
	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
		if ((c = realloc(t->cols, (n ? n * 2 : 8) * sizeof(*c))) == NULL)
			return -1;
		t->cols = c;
	}
	c += t->ncols;
	memset(c, 0, sizeof(*c));
	if ((c->name = strdup(name)) == NULL)
		return -1;
	if ((c->path = strdup(name)) == NULL) {
		free(c->name);
		return -1;
	}
	c->type = type;
	c->desc = desc;
	t->ncols++;
	return 0;
}

/*
 * The key that two field names must not share: the name case-folded
 * (Unicode's full case folding, which folds ASCII as SQLite compares
 * names, and more).  NULL: out of memory.
 */
static char *
name_key(const char *name)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r;
	char *k, *c;

	r = utf8proc_map((const utf8proc_uint8_t *)name, 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_CASEFOLD);
	if (r >= 0)
		return (char *)out;
	if (r == UTF8PROC_ERROR_NOMEM)
		return NULL;
	/* Not UTF-8 (a JSON key always is): ASCII letters folded. */
	if ((k = strdup(name)) != NULL)
		for (c = k; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	return k;
}

/*
 * Makes the field names of t safe, in column order: a name that a
 * spreadsheet would run as a formula gets a leading apostrophe, as a
 * cell does (so the CSV header is the name itself), and a name that
 * would equal an earlier one once case-folded gets ~2, or the first of
 * ~3, ~4... whose folded form no name has.  Every name the columns had
 * is reserved first, so a new name never takes one that comes later.
 * The member's path stays in path.  Returns 0, or -1 out of memory.
 */
static int
safe_names(struct pub_tab *t)
{
	json_t *owner = json_object();
	struct gd_buf b;
	char *key = NULL, *n;
	size_t i;
	unsigned long k;
	int rc = -1;

	gd_buf_init(&b, 0);
	if (owner == NULL)
		goto out;
	for (i = 0; i < t->ncols; i++) {
		struct pub_col *c = &t->cols[i];

		if (gd_csv_is_formula(c->name, strlen(c->name))) {
			gd_buf_reset(&b);
			if (gd_buf_addc(&b, '\'') == -1 ||
			    gd_buf_adds(&b, c->name) == -1)
				goto out;
			if ((n = strdup(b.data)) == NULL)
				goto out;
			free(c->name);
			c->name = n;
		}
		/* The first column with a key owns it. */
		if ((key = name_key(c->name)) == NULL)
			goto out;
		if (json_object_get(owner, key) == NULL &&
		    json_object_set_new_nocheck(owner, key,
		    json_integer((json_int_t)i)) == -1)
			goto out;
		free(key);
		key = NULL;
	}
	for (i = 0; i < t->ncols; i++) {
		struct pub_col *c = &t->cols[i];

		if ((key = name_key(c->name)) == NULL)
			goto out;
		if (json_integer_value(json_object_get(owner, key)) ==
		    (json_int_t)i) {
			free(key);
			key = NULL;
			continue;
		}
		for (k = 2;; k++) {
			free(key);
			gd_buf_reset(&b);
			if (gd_buf_addf(&b, "%s~%lu", c->name, k) == -1 ||
			    (key = name_key(b.data)) == NULL)
				goto out;
			if (json_object_get(owner, key) == NULL)
				break;
		}
		if (json_object_set_new_nocheck(owner, key,
		    json_integer((json_int_t)i)) == -1)
			goto out;
		free(key);
		key = NULL;
		if ((n = strdup(b.data)) == NULL)
			goto out;
		free(c->name);
		c->name = n;
	}
	rc = 0;
out:
	free(key);
	json_decref(owner);
	gd_buf_release(&b);
	return rc;
}

static size_t
max_by(json_t *records)
{
	size_t i, m = 0, n;

	for (i = 0; i < json_array_size(records); i++) {
		n = json_array_size(json_object_get(json_array_get(records, i),
		    "by"));
		if (n > m)
			m = n;
	}
	return m;
}

static int
add_dims(struct pub_tab *t, size_t k)
{
	char name[32];
	size_t i;

	for (i = 1; i <= k; i++) {
		snprintf(name, sizeof(name), "field%zu", i);
		if (add_col(t, name, PT_STRING, "a field tabulated (dot path)")
		    == -1)
			return -1;
		snprintf(name, sizeof(name), "value%zu", i);
		if (add_col(t, name, PT_STRING, "its value; empty for none")
		    == -1)
			return -1;
	}
	return 0;
}

/* The respondent types of the campaigns' by_type, in their order. */
static int
campaign_types(struct gd_pub *p, const char ***out, size_t *nout)
{
	json_t *seen = json_object(), *c, *v;
	const char *k, **list;
	size_t i, n = 0;

	if (seen == NULL)
		return -1;
	json_array_foreach(p->agg[TB_CAMPAIGNS], i, c)
		json_object_foreach(json_object_get(c, "by_type"), k, v)
			if (json_object_set_new(seen, k, json_true()) == -1) {
				json_decref(seen);
				return -1;
			}
	if ((list = calloc(json_object_size(seen) + 1, sizeof(*list))) == NULL) {
		json_decref(seen);
		return -1;
	}
	json_object_foreach(seen, k, v)
		list[n++] = k;
	if (n > 1)
		qsort(list, n, sizeof(*list), pub_type_cmp);
	*out = list;
	*nout = n;
	/* Copies, before the object that holds the keys goes. */
	for (i = 0; i < n; i++)
		list[i] = strdup(list[i]);
	json_decref(seen);
	for (i = 0; i < n; i++)
		if (list[i] == NULL)
			return -1;
	return 0;
}

static int
summary_rows(const struct gd_pub *p)
{
	json_t *s = p->summary;
	int n = 0;

	if (s == NULL)
		return 0;
	n += json_object_get(s, "responses") != NULL;
	n += json_object_get(s, "campaigns") != NULL;
	n += json_object_get(s, "campaign_responses") != NULL;
	n += json_object_get(s, "unique_voices") != NULL;
	n += (int)json_object_size(json_object_get(s, "by_consent"));
	n += (int)json_object_size(json_object_get(s, "by_moderation"));
	n += (int)json_object_size(json_object_get(s, "by_type"));
	n += (int)json_object_size(json_object_get(s, "stubs"));
	return n;
}

int
pub_tables_build(struct gd_pub *p, struct gd_error *err)
{
	struct pub_tab *t;
	const char *k, **types = NULL;
	json_t *v;
	size_t i, ntypes = 0;
	int type, mask, rc = -1;
	char name[300];

	for (i = 0; i < TB_COUNT; i++) {
		p->tab[i].name = table_names[i];
		p->tab[i].title = table_titles[i];
	}

	/*
	 * No primary key for the responses: an export may repeat an id, and
	 * a key that the data breaks would make loading fail.
	 */
	t = &p->tab[TB_RESPONSES];
	json_object_foreach(p->colidx, k, v) {
		mask = (int)json_integer_value(v);
		type = mask == SEEN_INT ? PT_INTEGER :
		    mask && (mask & ~(SEEN_INT | SEEN_REAL)) == 0 ? PT_NUMBER :
		    mask == SEEN_BOOL ? PT_BOOLEAN : PT_STRING;
		if (add_col(t, k, type, NULL) == -1)
			goto oom;
	}
	if (t->ncols > 1)
		qsort(t->cols, t->ncols, sizeof(t->cols[0]), col_cmp);
	t->rows = p->responses;

	t = &p->tab[TB_SUMMARY];
	if (add_col(t, "measure", PT_STRING, "responses, campaigns, "
	    "campaign_responses, unique_voices, consent, moderation, "
	    "respondent_type or stubs") == -1 ||
	    add_col(t, "category", PT_STRING, "the consent, moderation "
	    "state, type or stub reason counted; empty for a total") == -1 ||
	    add_col(t, "n", PT_INTEGER, "the count; empty when withheld")
	    == -1)
		goto oom;
	t->rows = (unsigned long)summary_rows(p);

	t = &p->tab[TB_TALLIES];
	if (add_col(t, "table", PT_STRING, "the fields tabulated, "
	    "comma-separated") == -1 ||
	    add_dims(t, max_by(p->agg[TB_TALLIES])) == -1 ||
	    add_col(t, "n", PT_INTEGER, "responses in the cell; empty when "
	    "withheld") == -1 ||
	    add_col(t, "of", PT_INTEGER, "the row's total; empty when "
	    "withheld") == -1 ||
	    add_col(t, "share", PT_NUMBER, "n divided by of") == -1 ||
	    add_col(t, "suppressed", PT_BOOLEAN, "true when n is withheld")
	    == -1)
		goto oom;
	t->rows = json_array_size(p->agg[TB_TALLIES]);

	t = &p->tab[TB_SCALES];
	if (add_col(t, "question", PT_STRING, "the question's field") == -1 ||
	    add_dims(t, max_by(p->agg[TB_SCALES])) == -1)
		goto oom;
	{
		static const char *const nums[] = { "n", "agree", "neutral",
		    "disagree", "off_scale" };
		static const char *const shares[] = { "agree_share",
		    "disagree_share", "net", "mean" };

		for (i = 0; i < 5; i++)
			if (add_col(t, nums[i], PT_INTEGER, NULL) == -1)
				goto oom;
		for (i = 0; i < 4; i++)
			if (add_col(t, shares[i], PT_NUMBER, NULL) == -1)
				goto oom;
	}
	if (add_col(t, "suppressed", PT_BOOLEAN, "true when withheld") == -1)
		goto oom;
	t->rows = json_array_size(p->agg[TB_SCALES]);

	t = &p->tab[TB_THEMES];
	if (add_col(t, "theme", PT_STRING, "the theme's id, or none") == -1 ||
	    add_col(t, "label", PT_STRING, NULL) == -1 ||
	    add_col(t, "respondent_type", PT_STRING, "empty for all "
	    "responses") == -1 ||
	    add_col(t, "n", PT_INTEGER, NULL) == -1 ||
	    add_col(t, "of", PT_INTEGER, NULL) == -1 ||
	    add_col(t, "share", PT_NUMBER, NULL) == -1 ||
	    add_col(t, "examples", PT_STRING, "ids of up to three responses, "
	    "space-separated") == -1 ||
	    add_col(t, "suppressed", PT_BOOLEAN, NULL) == -1)
		goto oom;
	t->rows = json_array_size(p->agg[TB_THEMES]);

	t = &p->tab[TB_CAMPAIGNS];
	t->key = "id";
	if (add_col(t, "id", PT_STRING, NULL) == -1 ||
	    add_col(t, "size", PT_INTEGER, "responses in the campaign") == -1 ||
	    add_col(t, "variants", PT_INTEGER, "different texts") == -1 ||
	    add_col(t, "text", PT_STRING, "the representative text") == -1 ||
	    add_col(t, "first", PT_STRING, "first submission") == -1 ||
	    add_col(t, "last", PT_STRING, "last submission") == -1 ||
	    add_col(t, "burst", PT_BOOLEAN, "many within seconds") == -1)
		goto oom;
	if (campaign_types(p, &types, &ntypes) == -1)
		goto oom;
	for (i = 0; i < ntypes; i++) {
		snprintf(name, sizeof(name), "by_type.%s", types[i]);
		if (add_col(t, name, PT_INTEGER, "responses of the type") == -1)
			goto oom;
	}
	t->rows = json_array_size(p->agg[TB_CAMPAIGNS]);

	t = &p->tab[TB_STUBS];
	t->key = "id";
	if (add_col(t, "id", PT_STRING, NULL) == -1 ||
	    add_col(t, "reason", PT_STRING, "empty, attachment or short") == -1)
		goto oom;
	t->rows = json_array_size(p->agg[TB_STUBS]);
	for (i = 0; i < TB_COUNT; i++)
		if (safe_names(&p->tab[i]) == -1)
			goto oom;
	rc = 0;
	goto out;
oom:
	pub_oom(err);
out:
	for (i = 0; i < ntypes; i++)
		free((char *)types[i]);
	free(types);
	return rc;
}

/* A leaf of a record into the object path -> value (pub_leaves). */
static int
flat_put(void *ctx, const char *path, json_t *v)
{
	return json_object_set(ctx, path, v);
}

/* A walk over the rows of a table (pub_table_rows). */
struct walk {
	struct gd_pub *p;
	struct pub_tab *t;
	int (*fn)(void *ctx, json_t *row, struct gd_error *err);
	void *ctx;
	struct gd_buf path;
};

static int
csv_cell(struct gd_buf *b, json_t *v)
{
	char *text;
	int rc;

	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return gd_esc_csv(b, json_string_value(v), json_string_length(v),
		    1);
	if (json_is_number(v))
		return pub_num(b, v);
	if (json_is_boolean(v))
		return gd_buf_adds(b, json_is_true(v) ? "true" : "false");
	if ((text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return -1;
	rc = gd_esc_csv(b, text, strlen(text), 1);
	free(text);
	return rc;
}

/*
 * Appends to b the CSV line of the first n cells of row (a JSON array;
 * a cell past its end is missing), CR LF ended: texts quoted as RFC 4180
 * says, with a formula neutralised (gd_esc_csv); numbers as pub_num;
 * booleans as true and false; null or missing as nothing; arrays and
 * objects as compact JSON text.  Returns 0, or -1 out of memory.
 */
int
pub_csv_line(struct gd_buf *b, json_t *row, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if ((i && gd_buf_addc(b, ',') == -1) ||
		    csv_cell(b, json_array_get(row, i)) == -1)
			return -1;
	}
	return gd_buf_add(b, "\r\n", 2);
}

/* A row of the walk: its cells counted, then handed to the caller. */
static int
walk_row(struct walk *w, json_t *row, struct gd_error *err)
{
	struct pub_col *c = w->t->cols;
	json_t *v;
	size_t i;

	for (i = 0; i < w->t->ncols; i++) {
		v = json_array_get(row, i);
		if (v == NULL || json_is_null(v))
			c[i].missing++;
		else if (json_is_string(v) && json_string_length(v) == 0)
			c[i].empty++;
	}
	return w->fn(w->ctx, row, err);
}

/* The row of a response: its leaves in the table's columns. */
static int
response_row(void *ctx, json_t *rec, struct gd_error *err)
{
	struct walk *w = ctx;
	json_t *flat = json_object(), *row = json_array();
	size_t i;
	int rc;

	gd_buf_reset(&w->path);
	if (!flat || !row || pub_leaves(rec, &w->path, flat_put, flat) == -1) {
		json_decref(flat);
		json_decref(row);
		return pub_oom(err);
	}
	for (i = 0; i < w->t->ncols; i++) {
		json_t *v = json_object_get(flat, w->t->cols[i].path);

		json_array_append(row, v ? v : json_null());
	}
	rc = json_array_size(row) == w->t->ncols ? walk_row(w, row, err) :
	    pub_oom(err);
	json_decref(flat);
	json_decref(row);
	return rc;
}

static json_t *
opt(json_t *v)
{
	return v ? json_incref(v) : json_null();
}

/* field1, value1, ... for a record's by and key, padded to k pairs. */
static void
dims(json_t *row, json_t *rec, size_t k)
{
	json_t *by = json_object_get(rec, "by"), *key = json_object_get(rec,
	    "key");
	size_t i;

	for (i = 0; i < k; i++) {
		json_array_append_new(row, opt(json_array_get(by, i)));
		json_array_append_new(row, opt(json_array_get(key, i)));
	}
}

/* The fields of a record's "by", comma-separated; NULL: out of memory. */
static json_t *
by_text(json_t *rec)
{
	json_t *by = json_object_get(rec, "by"), *v;
	struct gd_buf b;
	json_t *s = NULL;
	size_t i;
	int bad = 0;

	gd_buf_init(&b, 0);
	json_array_foreach(by, i, v) {
		if (i && gd_buf_addc(&b, ',') == -1)
			bad = 1;
		if (json_is_string(v) && gd_buf_adds(&b, json_string_value(v))
		    == -1)
			bad = 1;
	}
	if (!bad)
		s = json_stringn(b.data ? b.data : "", b.len);
	gd_buf_release(&b);
	return s;
}

static json_t *
suppressed(json_t *rec)
{
	return json_boolean(json_is_true(json_object_get(rec, "suppressed")));
}

static int
summary_rows_walk(struct walk *w, struct gd_error *err)
{
	static const char *const totals[] = { "responses", "campaigns",
	    "campaign_responses", "unique_voices" };
	static const struct {
		const char *member, *measure;
	} groups[] = {
		{ "by_consent", "consent" }, { "by_moderation", "moderation" },
		{ "by_type", "respondent_type" }, { "stubs", "stubs" },
	};
	json_t *s = w->p->summary, *v, *row;
	const char *k;
	size_t i;
	int rc = 0;

	if (s == NULL)
		return 0;
	for (i = 0; i < 4 && rc == 0; i++) {
		if ((v = json_object_get(s, totals[i])) == NULL)
			continue;
		row = json_pack("[s,s,O]", totals[i], "", v);
		rc = row ? walk_row(w, row, err) : pub_oom(err);
		json_decref(row);
	}
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]) && rc == 0; i++)
		json_object_foreach(json_object_get(s, groups[i].member), k, v) {
			row = json_pack("[s,s,O]", groups[i].measure, k, v);
			rc = row ? walk_row(w, row, err) : pub_oom(err);
			json_decref(row);
			if (rc)
				break;
		}
	return rc;
}

/* The row of an aggregate record in its table. */
static json_t *
agg_row(struct gd_pub *p, enum pub_table t, json_t *r)
{
	static const char *const scale_nums[] = { "n", "agree", "neutral",
	    "disagree", "off_scale", "agree_share", "disagree_share", "net",
	    "mean" };
	json_t *row = json_array(), *ex, *v;
	struct gd_buf b;
	size_t i, k;

	if (row == NULL)
		return NULL;
	switch (t) {
	case TB_TALLIES:
		k = (p->tab[t].ncols - 5) / 2;
		json_array_append_new(row, by_text(r));
		dims(row, r, k);
		json_array_append_new(row, opt(json_object_get(r, "n")));
		json_array_append_new(row, opt(json_object_get(r, "of")));
		json_array_append_new(row, opt(json_object_get(r, "share")));
		json_array_append_new(row, suppressed(r));
		break;
	case TB_SCALES:
		k = (p->tab[t].ncols - 11) / 2;
		json_array_append_new(row, opt(json_object_get(r, "question")));
		dims(row, r, k);
		for (i = 0; i < 9; i++)
			json_array_append_new(row, opt(json_object_get(r,
			    scale_nums[i])));
		json_array_append_new(row, suppressed(r));
		break;
	case TB_THEMES:
		json_array_append_new(row, opt(json_object_get(r, "theme")));
		json_array_append_new(row, opt(json_object_get(r, "label")));
		json_array_append_new(row, opt(json_array_get(json_object_get(r,
		    "key"), 0)));
		json_array_append_new(row, opt(json_object_get(r, "n")));
		json_array_append_new(row, opt(json_object_get(r, "of")));
		json_array_append_new(row, opt(json_object_get(r, "share")));
		gd_buf_init(&b, 0);
		ex = json_object_get(r, "examples");
		k = 0;
		json_array_foreach(ex, i, v) {
			if (i && gd_buf_addc(&b, ' ') == -1)
				k = 1;
			if (json_is_string(v) && gd_buf_adds(&b,
			    json_string_value(v)) == -1)
				k = 1;
		}
		json_array_append_new(row, k ? NULL : json_stringn(b.data ?
		    b.data : "", b.len));
		gd_buf_release(&b);
		json_array_append_new(row, suppressed(r));
		break;
	case TB_CAMPAIGNS:
		json_array_append_new(row, opt(json_object_get(r, "id")));
		json_array_append_new(row, opt(json_object_get(r, "size")));
		json_array_append_new(row, opt(json_object_get(r, "variants")));
		json_array_append_new(row, opt(json_object_get(r, "text")));
		json_array_append_new(row, opt(json_object_get(r, "first")));
		json_array_append_new(row, opt(json_object_get(r, "last")));
		json_array_append_new(row, opt(json_object_get(r, "burst")));
		for (i = 7; i < p->tab[t].ncols; i++)
			json_array_append_new(row, opt(json_object_get(
			    json_object_get(r, "by_type"),
			    p->tab[t].cols[i].path + 8)));
		break;
	case TB_STUBS:
		json_array_append_new(row, opt(json_object_get(r, "id")));
		json_array_append_new(row, opt(json_object_get(r, "reason")));
		break;
	default:
		break;
	}
	/* A value that could not be made (out of memory) left a gap. */
	if (json_array_size(row) != p->tab[t].ncols) {
		json_decref(row);
		return NULL;
	}
	return row;
}

int
pub_table_rows(struct gd_pub *p, enum pub_table t,
    int (*fn)(void *ctx, json_t *row, struct gd_error *err), void *ctx,
    struct gd_error *err)
{
	struct walk w;
	json_t *r, *row;
	size_t i;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	w.p = p;
	w.t = &p->tab[t];
	w.fn = fn;
	w.ctx = ctx;
	gd_buf_init(&w.path, 0);
	w.t->counted = 0;
	for (i = 0; i < w.t->ncols; i++)
		w.t->cols[i].missing = w.t->cols[i].empty = 0;
	if (t == TB_RESPONSES)
		rc = pub_each_response(p, response_row, &w, err);
	else if (t == TB_SUMMARY)
		rc = summary_rows_walk(&w, err);
	else
		json_array_foreach(p->agg[t], i, r) {
			if ((row = agg_row(p, t, r)) == NULL) {
				rc = pub_oom(err);
				break;
			}
			rc = walk_row(&w, row, err);
			json_decref(row);
			if (rc)
				break;
		}
	gd_buf_release(&w.path);
	w.t->counted = rc == 0;
	return rc;
}

/* Where a CSV file's rows go. */
struct csv_ctx {
	size_t ncols;
	struct gd_out *out;
	struct gd_buf line;
};

static int
csv_row(void *ctx, json_t *row, struct gd_error *err)
{
	struct csv_ctx *c = ctx;

	gd_buf_reset(&c->line);
	if (pub_csv_line(&c->line, row, c->ncols) == -1)
		return pub_oom(err);
	return gd_out_write(c->out, c->line.data, c->line.len, err);
}

/*
 * A table as CSV: the header, its field names as they are (made safe
 * for a spreadsheet in pub_tables_build, so that the header and the
 * schema say the same), then the rows.
 */
int
pub_table_csv(struct gd_pub *p, enum pub_table t, struct gd_out *out,
    struct gd_error *err)
{
	const struct pub_tab *tab = &p->tab[t];
	struct csv_ctx c;
	size_t i;
	int rc = 0;

	c.ncols = tab->ncols;
	c.out = out;
	gd_buf_init(&c.line, 0);
	for (i = 0; i < tab->ncols && rc == 0; i++)
		if ((i && gd_buf_addc(&c.line, ',') == -1) ||
		    gd_esc_csv(&c.line, tab->cols[i].name,
		    strlen(tab->cols[i].name), 0) == -1)
			rc = pub_oom(err);
	if (rc == 0 && tab->ncols > 0)
		rc = gd_buf_add(&c.line, "\r\n", 2) == -1 ? pub_oom(err) :
		    gd_out_write(out, c.line.data, c.line.len, err);
	if (rc == 0)
		rc = pub_table_rows(p, t, csv_row, &c, err);
	gd_buf_release(&c.line);
	return rc;
}
