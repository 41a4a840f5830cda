/*
 * pub_read.c - a publication read from a gd stream: response records kept
 * aside (checked and stripped of their source), what gd-tally counted
 * kept in memory, and the helpers the writers share.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gd/gd.h"
#include "gd/publish.h"
#include "gd/spool.h"
#include "pub_int.h"
#include "gd/banned.h"

/* Free text shorter than this is not quoted in a report. */
#define QUOTE_MIN_CHARS 40

int
pub_oom(struct gd_error *err)
{
	return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "out of memory");
}

int
pub_io(struct gd_error *err, const char *what)
{
	return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "%s: %s", what,
	    strerror(errno));
}

static const struct {
	const char *type, *label, *one;
} types[] = {
	{ "citizen", "Citizens", "Citizen" },
	{ "public_employee", "Public employees", "Public employee" },
	{ "elected_official", "Elected officials", "Elected official" },
	{ "business", "Businesses", "Business" },
	{ "business_association", "Business associations",
	    "Business association" },
	{ "trade_union", "Trade unions", "Trade union" },
	{ "ngo", "NGOs", "NGO" },
	{ "consumer_organisation", "Consumer organisations",
	    "Consumer organisation" },
	{ "academic", "Academic and research", "Academic or research" },
	{ "public_authority", "Public authorities", "Public authority" },
	{ "organisation", "Organisations", "Organisation" },
	{ "other", "Other", "Other" },
	{ "unknown", "Not stated", "Type not stated" },
};

/* The label of a group of respondents of a type ("Public employees"). */
const char *
pub_type_label(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].type, type) == 0)
			return types[i].label;
	return type;
}

/* The label of one respondent of a type ("Public employee"). */
const char *
pub_type_one(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].type, type) == 0)
			return types[i].one;
	return type;
}

/* The order respondent types are shown in; types gd does not know last. */
int
pub_type_rank(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].type, type) == 0)
			return (int)i;
	return (int)i;
}

/* qsort order of respondent types (const char *): theirs, then bytes. */
int
pub_type_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int rx = pub_type_rank(x), ry = pub_type_rank(y);

	return rx != ry ? (rx < ry ? -1 : 1) : strcmp(x, y);
}

/* Byte order, but runs of digits compare as numbers: q2 before q10. */
int
pub_natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			const char *da = a, *db = b;
			size_t la, lb;

			while (*da == '0' && da[1] >= '0' && da[1] <= '9')
				da++;
			while (*db == '0' && db[1] >= '0' && db[1] <= '9')
				db++;
			for (a = da; *a >= '0' && *a <= '9'; a++)
				;
			for (b = db; *b >= '0' && *b <= '9'; b++)
				;
			la = (size_t)(a - da);
			lb = (size_t)(b - db);
			if (la != lb)
				return la < lb ? -1 : 1;
			if (memcmp(da, db, la) != 0)
				return memcmp(da, db, la) < 0 ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

/*
 * A number as text: integers as they are, reals in the fewest digits
 * that read back as the same number.
 */
int
pub_num(struct gd_buf *b, json_t *v)
{
	char tmp[64];
	double d;

	if (json_is_integer(v))
		return gd_buf_addf(b, "%lld", (long long)json_integer_value(v));
	d = json_real_value(v);
	snprintf(tmp, sizeof(tmp), "%.15g", d);
	if (strtod(tmp, NULL) != d)
		snprintf(tmp, sizeof(tmp), "%.17g", d);
	return gd_buf_adds(b, tmp);
}

/* The member at a dot path of nested objects, or NULL. */
json_t *
pub_path(json_t *rec, const char *path)
{
	char part[256];
	const char *dot;
	size_t n;

	while (rec && json_is_object(rec)) {
		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		rec = json_object_get(rec, part);
		if (dot == NULL)
			return rec;
		path = dot + 1;
	}
	return NULL;
}

const char *
pub_consultation(const struct gd_pub *p)
{
	if (json_array_size(p->consultations) == 0)
		return NULL;
	return json_string_value(json_array_get(p->consultations, 0));
}

const char *
pub_title(const struct gd_pub *p)
{
	const char *t;

	if (p->o.title)
		return p->o.title;
	if ((t = json_string_value(json_object_get(p->replies, "title"))))
		return t;
	if ((t = pub_consultation(p)))
		return t;
	return "Consultation results";
}

int
gd_pub_format(const char *name, enum gd_pub_format *f)
{
	static const struct {
		const char *name;
		enum gd_pub_format f;
	} fmts[] = {
		{ "csv", GD_PUB_CSV }, { "ndjson", GD_PUB_NDJSON },
		{ "json", GD_PUB_JSON }, { "md", GD_PUB_MD },
		{ "markdown", GD_PUB_MD }, { "html", GD_PUB_HTML },
		{ "datapackage", GD_PUB_DATAPACKAGE },
	};
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (strcmp(fmts[i].name, name) == 0) {
			*f = fmts[i].f;
			return 0;
		}
	return -1;
}

struct gd_pub *
gd_pub_new(const struct gd_pub_opts *o, struct gd_error *err)
{
	struct gd_pub *p;
	size_t i;

	if (sodium_init() < 0) {
		gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "cannot initialise libsodium");
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		pub_oom(err);
		return NULL;
	}
	p->o = *o;
	if (p->o.quotes > GD_PUB_QUOTES_MAX)
		p->o.quotes = GD_PUB_QUOTES_MAX;
	p->colidx = json_object();
	p->consultations = json_array();
	p->privacy = json_array();
	p->skipped = json_object();
	p->quotable = json_object();
	for (i = 0; i < TB_COUNT; i++)
		p->agg[i] = json_array();
	crypto_hash_sha256_init(&p->sha);
	if (!p->colidx || !p->consultations || !p->privacy || !p->skipped ||
	    !p->quotable || !p->agg[TB_COUNT - 1] || !p->agg[0]) {
		gd_pub_free(p);
		pub_oom(err);
		return NULL;
	}
	for (i = 0; i < TB_COUNT; i++)
		if (p->agg[i] == NULL) {
			gd_pub_free(p);
			pub_oom(err);
			return NULL;
		}
	if ((p->spool = gd_spool_open("gd-publish", &p->spool_dir)) == NULL) {
		gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "cannot keep the "
		    "responses aside in %s: %s", p->spool_dir, strerror(errno));
		gd_pub_free(p);
		return NULL;
	}
	return p;
}

void
gd_pub_free(struct gd_pub *p)
{
	size_t i, j;

	if (p == NULL)
		return;
	json_decref(p->summary);
	for (i = 0; i < TB_COUNT; i++) {
		json_decref(p->agg[i]);
		for (j = 0; j < p->tab[i].ncols; j++)
			free(p->tab[i].cols[j].name);
		free(p->tab[i].cols);
	}
	json_decref(p->colidx);
	json_decref(p->consultations);
	json_decref(p->privacy);
	json_decref(p->skipped);
	json_decref(p->quotable);
	json_decref(p->replies);
	if (p->spool)
		fclose(p->spool);
	free(p);
}

/* Adds s to the array a of distinct strings, unless it is there. */
static int
add_distinct(json_t *a, const char *s)
{
	size_t i;

	for (i = 0; i < json_array_size(a); i++)
		if (strcmp(json_string_value(json_array_get(a, i)), s) == 0)
			return 0;
	if (json_array_size(a) >= 64)
		return 0;	/* a stream of many: the first 64 are named */
	return json_array_append_new(a, json_string(s));
}

/*
 * Calls fn with the dot path and value of each leaf of a response (a
 * member that is not a non-empty object), but its "gd" and "kind" and its
 * empty objects, which have no column.  path is the caller's scratch.
 */
int
pub_leaves(json_t *obj, struct gd_buf *path,
    int (*fn)(void *ctx, const char *path, json_t *v), void *ctx)
{
	const char *k;
	json_t *v;
	size_t base = path->len;

	json_object_foreach(obj, k, v) {
		if (base == 0 && (strcmp(k, "gd") == 0 ||
		    strcmp(k, "kind") == 0))
			continue;
		if (json_is_object(v) && json_object_size(v) == 0)
			continue;
		path->len = base;
		if ((base && gd_buf_addc(path, '.') == -1) ||
		    gd_buf_adds(path, k) == -1)
			return -1;
		if ((json_is_object(v) ? pub_leaves(v, path, fn, ctx) :
		    fn(ctx, path->data, v)) == -1)
			return -1;
	}
	path->len = base;
	if (path->data)
		path->data[base] = '\0';
	return 0;
}

/* Records a column of a response and the kind of value it holds. */
static int
add_column(void *ctx, const char *path, json_t *v)
{
	struct gd_pub *p = ctx;
	json_t *seen = json_object_get(p->colidx, path);
	int mask = json_is_integer(v) ? SEEN_INT : json_is_real(v) ?
	    SEEN_REAL : json_is_boolean(v) ? SEEN_BOOL : json_is_string(v) ?
	    SEEN_STR : json_is_null(v) ? 0 : SEEN_JSON;

	if (seen == NULL)
		return json_object_set_new(p->colidx, path, json_integer(mask));
	json_integer_set(seen, json_integer_value(seen) | mask);
	return 0;
}

/* The free text of a response: its comments joined by line feeds. */
static int
free_text(json_t *rec, struct gd_buf *b)
{
	json_t *c = json_object_get(rec, "comments"), *v;
	const char *k;

	json_object_foreach(c, k, v) {
		if (!json_is_string(v) || json_string_length(v) == 0)
			continue;
		if (b->len && gd_buf_addc(b, '\n') == -1)
			return -1;
		if (gd_buf_add(b, json_string_value(v),
		    json_string_length(v)) == -1)
			return -1;
	}
	return 0;
}

static int
by_id(const void *a, const void *b)
{
	json_t *const *x = a, *const *y = b;

	return strcmp(json_string_value(json_object_get(*x, "id")),
	    json_string_value(json_object_get(*y, "id")));
}

/*
 * Keeps a response that a report may quote: published with consent, not
 * rejected or retired on the platform (gd-redact --include-moderated
 * publishes those, but they are no voice of the consultation to show),
 * outside any campaign, with free text worth reading.  Of each
 * respondent type the smallest ids are kept, as many as the report
 * quotes, so the choice does not depend on the order of the input.
 */
static int
add_quotable(struct gd_pub *p, json_t *rec)
{
	const char *consent = json_string_value(json_object_get(rec,
	    "consent"));
	const char *mod = json_string_value(json_object_get(rec,
	    "moderation"));
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *type;
	json_t *list, *q, *tmp[64];
	struct gd_buf text;
	size_t i, n;
	int rc = -1;

	if (p->o.quotes == 0 || id == NULL || consent == NULL ||
	    (strcmp(consent, "named") != 0 &&
	    strcmp(consent, "anonymous") != 0) ||
	    json_object_get(rec, "campaign") != NULL || (mod != NULL &&
	    (strcmp(mod, "rejected") == 0 || strcmp(mod, "retired") == 0)))
		return 0;
	gd_buf_init(&text, 0);
	if (free_text(rec, &text) == -1)
		goto out;
	if (text.len == 0 || gd_utf8_chars(text.data, text.len) <
	    QUOTE_MIN_CHARS) {
		rc = 0;
		goto out;
	}
	type = json_string_value(pub_path(rec, "respondent.type"));
	if (type == NULL)
		type = "unknown";
	if ((list = json_object_get(p->quotable, type)) == NULL) {
		if ((list = json_array()) == NULL ||
		    json_object_set_new(p->quotable, type, list) == -1)
			goto out;
	}
	n = json_array_size(list);
	if (n >= p->o.quotes && n > 0 && strcmp(json_string_value(
	    json_object_get(json_array_get(list, n - 1), "id")), id) <= 0) {
		rc = 0;
		goto out;
	}
	q = json_pack("{s:s, s:s, s:o?, s:o?, s:s%}", "id", id, "type", type,
	    "name", json_incref(pub_path(rec, "respondent.name")),
	    "organisation", json_incref(pub_path(rec,
	    "respondent.organisation")), "text", text.data, text.len);
	if (q == NULL || json_array_append_new(list, q) == -1)
		goto out;
	n = json_array_size(list);
	if (n > sizeof(tmp) / sizeof(tmp[0]))
		n = sizeof(tmp) / sizeof(tmp[0]);
	for (i = 0; i < n; i++)
		tmp[i] = json_incref(json_array_get(list, i));
	if (n > 1)
		qsort(tmp, n, sizeof(tmp[0]), by_id);
	json_array_clear(list);
	rc = 0;
	for (i = 0; i < n; i++) {
		if (i < p->o.quotes && json_array_append(list, tmp[i]) == -1)
			rc = -1;
		json_decref(tmp[i]);
	}
out:
	gd_buf_release(&text);
	return rc;
}

static int
add_response(struct gd_pub *p, json_t *rec, struct gd_error *err)
{
	const char *privacy = json_string_value(json_object_get(rec,
	    "privacy"));
	const char *s;
	struct gd_buf path;
	char *text;
	int rc;

	if (!p->o.allow_unredacted && (privacy == NULL ||
	    strcmp(privacy, "publication") != 0)) {
		s = json_string_value(json_object_get(rec, "id"));
		return gd_error_set(err, GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "response%s%s is not redacted for publication: run "
		    "gd-redact --for publication first (or give "
		    "--allow-unredacted)", s ? " " : "", s ? s : "");
	}
	/* Where the analyst's files were is not the public's business. */
	json_object_del(rec, "source");
	if ((s = json_string_value(json_object_get(rec, "consultation"))) &&
	    add_distinct(p->consultations, s) == -1)
		return pub_oom(err);
	if (privacy && add_distinct(p->privacy, privacy) == -1)
		return pub_oom(err);
	gd_buf_init(&path, 0);
	rc = pub_leaves(rec, &path, add_column, p);
	gd_buf_release(&path);
	if (rc == -1 || add_quotable(p, rec) == -1)
		return pub_oom(err);
	if ((text = json_dumps(rec, JSON_COMPACT | JSON_REAL_PRECISION(17))) ==
	    NULL)
		return pub_oom(err);
	rc = fputs(text, p->spool) == EOF || putc('\n', p->spool) == EOF;
	free(text);
	if (rc)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "cannot keep "
		    "the responses aside in %s: %s", p->spool_dir,
		    strerror(errno));
	p->responses++;
	return 0;
}

int
gd_pub_add(struct gd_pub *p, const char *line, size_t n,
    struct gd_error *err)
{
	static const struct {
		const char *kind;
		enum pub_table t;
	} kinds[] = {
		{ "tally", TB_TALLIES }, { "scale", TB_SCALES },
		{ "theme", TB_THEMES }, { "campaign", TB_CAMPAIGNS },
		{ "stub", TB_STUBS },
	};
	json_error_t je;
	json_t *rec, *gd, *cnt;
	const char *kind;
	size_t i;
	int rc = 0;

	crypto_hash_sha256_update(&p->sha, (const unsigned char *)line, n);
	crypto_hash_sha256_update(&p->sha, (const unsigned char *)"\n", 1);
	if ((rec = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je)) == NULL) {
		if (gd_json_nomem(&je))
			return pub_oom(err);
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "not a JSON record: %s (column %d)", je.text, je.column);
	}
	gd = json_object_get(rec, "gd");
	kind = json_string_value(json_object_get(rec, "kind"));
	if (!json_is_object(rec) || !json_is_integer(gd) ||
	    json_integer_value(gd) != 1 || kind == NULL) {
		json_decref(rec);
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "not a gd record: an object with \"gd\":1 and a \"kind\" "
		    "was expected");
	}
	if (strcmp(kind, "response") == 0) {
		rc = add_response(p, rec, err);
		json_decref(rec);
		return rc;
	}
	if (strcmp(kind, "summary") == 0) {
		json_decref(p->summary);
		p->summary = rec;
		p->aggregates++;
		return 0;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0) {
			if (json_array_append_new(p->agg[kinds[i].t], rec) == -1)
				return pub_oom(err);
			p->aggregates++;
			return 0;
		}
	/*
	 * Rejects, audit trails, partial counts: not for publication (a
	 * reject holds the raw input).  Counted, and named by --stats.
	 */
	cnt = json_object_get(p->skipped, kind);
	if (cnt)
		json_integer_set(cnt, json_integer_value(cnt) + 1);
	else if (json_object_set_new(p->skipped, kind, json_integer(1)) == -1)
		rc = pub_oom(err);
	p->nskipped++;
	json_decref(rec);
	return rc;
}

int
gd_pub_finish(struct gd_pub *p, struct gd_error *err)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	if (p->finished)
		return 0;
	crypto_hash_sha256_final(&p->sha, h);
	sodium_bin2hex(p->sha_hex, sizeof(p->sha_hex), h, sizeof(h));
	if (fflush(p->spool) == EOF)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "cannot keep "
		    "the responses aside in %s: %s", p->spool_dir,
		    strerror(errno));
	if (p->o.replies &&
	    (p->replies = pub_replies_load(p->o.replies, err)) == NULL)
		return -1;
	if (pub_tables_build(p, err) == -1)
		return -1;
	p->finished = 1;
	return 0;
}

int
pub_each_response(struct gd_pub *p,
    int (*fn)(void *ctx, json_t *rec, struct gd_error *err), void *ctx,
    struct gd_error *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	json_error_t je;
	json_t *rec;
	int rc = 0;

	if (fseek(p->spool, 0, SEEK_SET) == -1)
		return pub_io(err, "the responses kept aside");
	while ((n = getline(&line, &cap, p->spool)) > 0) {
		if ((rec = json_loadb(line, (size_t)n, 0, &je)) == NULL) {
			rc = gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "the responses kept aside: %s", je.text);
			break;
		}
		rc = fn(ctx, rec, err);
		json_decref(rec);
		if (rc == -1)
			break;
	}
	/* getline stops short without an error flag when memory runs out. */
	if (rc == 0 && (ferror(p->spool) || !feof(p->spool)))
		rc = errno == ENOMEM ? pub_oom(err) :
		    pub_io(err, "the responses kept aside");
	free(line);
	(void)fseek(p->spool, 0, SEEK_END);
	return rc;
}

void
gd_pub_counts(const struct gd_pub *p, unsigned long *responses,
    unsigned long *aggregates, unsigned long *skipped)
{
	*responses = p->responses;
	*aggregates = p->aggregates;
	*skipped = p->nskipped;
}

const char *
gd_pub_skipped(const struct gd_pub *p)
{
	struct gd_pub *q = (struct gd_pub *)p;
	const char *k;
	json_t *v;
	size_t len = 0;

	q->skipped_text[0] = '\0';
	json_object_foreach(p->skipped, k, v) {
		int w = snprintf(q->skipped_text + len,
		    sizeof(q->skipped_text) - len, "%s%s %lld", len ? ", " : "",
		    k, (long long)json_integer_value(v));

		if (w < 0 || (size_t)w >= sizeof(q->skipped_text) - len)
			break;
		len += (size_t)w;
	}
	return q->skipped_text;
}

int
gd_pub_write(struct gd_pub *p, enum gd_pub_format f, struct gd_out *out,
    struct gd_error *err)
{
	enum pub_table t = TB_RESPONSES;

	if (!p->finished && gd_pub_finish(p, err) == -1)
		return -1;
	switch (f) {
	case GD_PUB_CSV:
		if (p->o.what && pub_table_by_name(p->o.what, &t) == -1)
			return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
			    "--what: no table %s", p->o.what);
		if (p->o.bom && gd_out_write(out, "\xEF\xBB\xBF", 3, err) == -1)
			return -1;
		return pub_table_csv(p, t, out, err);
	case GD_PUB_NDJSON:
		return pub_ndjson(p, out, err);
	case GD_PUB_JSON:
		return pub_json(p, out, err);
	case GD_PUB_MD:
		return pub_report(p, 0, out, err);
	case GD_PUB_HTML:
		return pub_report(p, 1, out, err);
	case GD_PUB_DATAPACKAGE:
		break;
	}
	return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
	    "a data package is a directory: give -o DIR");
}
