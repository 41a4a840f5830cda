/*
 * pub_model.c - the publication as the rest of the family sees it: its
 * making and freeing, the responses kept aside read back one at a time,
 * and what every writer shares (respondent types and their labels,
 * natural order, numbers as text, dot paths, the title, errors).  It
 * calls no other pub_*.c file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gd/gd.h"
#include "gd/i18n.h"
#include "gd/publish.h"
#include "gd/spool.h"
#include "pub_int.h"
#include "gd/banned.h"

int
pub_oom(struct gd_error *err)
{
	return gd_error_nomem(err, NULL, 0);
}

int
pub_io(struct gd_error *err, const char *what)
{
	return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "%s: %s", what,
	    strerror(errno));
}

/* The labels are marked for the catalogues (NC_) and translated where
 * they are asked for. */
static const struct type_names {
	const char *type, *label, *one, *words;
} types[] = {
	{ "citizen", NC_("respondent types", "Citizens"),
	    NC_("one respondent", "Citizen"),
	    NC_("respondent types, in a sentence", "citizens") },
	{ "public_employee", NC_("respondent types", "Public employees"),
	    NC_("one respondent", "Public employee"),
	    NC_("respondent types, in a sentence", "public employees") },
	{ "elected_official", NC_("respondent types", "Elected officials"),
	    NC_("one respondent", "Elected official"),
	    NC_("respondent types, in a sentence", "elected officials") },
	{ "business", NC_("respondent types", "Businesses"),
	    NC_("one respondent", "Business"),
	    NC_("respondent types, in a sentence", "businesses") },
	{ "business_association", NC_("respondent types",
	    "Business associations"), NC_("one respondent",
	    "Business association"), NC_("respondent types, in a sentence",
	    "business associations") },
	{ "trade_union", NC_("respondent types", "Trade unions"),
	    NC_("one respondent", "Trade union"),
	    NC_("respondent types, in a sentence", "trade unions") },
	{ "ngo", NC_("respondent types", "NGOs"),
	    NC_("one respondent", "NGO"),
	    NC_("respondent types, in a sentence", "NGOs") },
	{ "consumer_organisation", NC_("respondent types",
	    "Consumer organisations"), NC_("one respondent",
	    "Consumer organisation"), NC_("respondent types, in a sentence",
	    "consumer organisations") },
	{ "academic", NC_("respondent types", "Academic and research"),
	    NC_("one respondent", "Academic or research"),
	    NC_("respondent types, in a sentence",
	    "academic and research respondents") },
	{ "public_authority", NC_("respondent types", "Public authorities"),
	    NC_("one respondent", "Public authority"),
	    NC_("respondent types, in a sentence", "public authorities") },
	{ "organisation", NC_("respondent types", "Organisations"),
	    NC_("one respondent", "Organisation"),
	    NC_("respondent types, in a sentence", "organisations") },
	{ "other", NC_("respondent types", "Other"),
	    NC_("one respondent", "Other"),
	    NC_("respondent types, in a sentence", "other respondents") },
	{ "unknown", NC_("respondent types", "Not stated"),
	    NC_("one respondent", "Type not stated"),
	    NC_("respondent types, in a sentence",
	    "respondents of no stated type") },
};

/* The entry of a type gd knows, or NULL. */
static const struct type_names *
type_of(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].type, type) == 0)
			return &types[i];
	return NULL;
}

/* The label of a group of respondents of a type ("Public employees"). */
const char *
pub_type_label(const char *type)
{
	const struct type_names *t = type_of(type);

	return t ? C_("respondent types", t->label) : type;
}

/* The label of one respondent of a type ("Public employee"). */
const char *
pub_type_one(const char *type)
{
	const struct type_names *t = type_of(type);

	return t ? C_("one respondent", t->one) : type;
}

/* A group of a type as a sentence names it ("public employees"). */
const char *
pub_type_words(const char *type)
{
	const struct type_names *t = type_of(type);

	return t ? C_("respondent types, in a sentence", t->words) : type;
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
	return _("Consultation results");
}

const char *
gd_pub_language(const struct gd_pub *p)
{
	return json_string_value(json_object_get(p->replies, "language"));
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
	p->questions = json_object();
	p->qrecs = json_array();
	p->jl = gd_jload_new();
	p->quotable = json_object();
	p->rtypes = json_object();
	p->compare = json_array();
	for (i = 0; i < TB_COUNT; i++)
		p->agg[i] = json_array();
	crypto_hash_sha256_init(&p->sha);
	if (!p->colidx || !p->consultations || !p->privacy || !p->skipped ||
	    !p->questions || !p->qrecs || !p->jl || !p->rtypes || !p->compare ||
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
	p->spool_dir = gd_spool_dir();
	if ((p->spool = gd_spool_open("gd-publish", "the responses", err)) ==
	    NULL) {
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
		for (j = 0; j < p->tab[i].ncols; j++) {
			free(p->tab[i].cols[j].name);
			free(p->tab[i].cols[j].path);
		}
		free(p->tab[i].cols);
	}
	json_decref(p->colidx);
	json_decref(p->consultations);
	json_decref(p->privacy);
	json_decref(p->skipped);
	json_decref(p->questions);
	json_decref(p->qrecs);
	gd_jload_free(p->jl);
	json_decref(p->quotable);
	json_decref(p->rtypes);
	json_decref(p->compare);
	json_decref(p->replies);
	if (p->spool)
		fclose(p->spool);
	free(p);
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
		if ((rec = gd_jload(p->jl, line, (size_t)n, &je)) == NULL) {
			rc = gd_json_nomem(&je) ? pub_oom(err) :
			    gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
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
		rc = gd_error_from_errno(err, GD_EXIT_IO, NULL, 0,
		    "the responses kept aside");
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

unsigned long
gd_pub_unpublished(const struct gd_pub *p)
{
	return p->unpublished + p->guarded;
}

unsigned long
gd_pub_guarded(const struct gd_pub *p)
{
	return p->guarded;
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
