/*
 * pub_read.c - a publication read from a gd stream (gd_pub_add): response
 * records checked, stripped of their source and kept aside, their
 * columns and quotable texts noted; what gd-tally counted kept in
 * memory; and the end of the input (gd_pub_finish), which loads the
 * replies and defines the tables.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gd/gd.h"
#include "gd/publish.h"
#include "pub_int.h"
#include "gd/banned.h"

/* Free text shorter than this is not quoted in a report. */
#define QUOTE_MIN_CHARS 40

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
	const char *consent = json_string_value(json_object_get(rec,
	    "consent"));
	json_t *resp = json_object_get(rec, "respondent");
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
	/* The second line of defence: the markers are the pipeline's word,
	 * not a signature.  A withheld response is never written; an
	 * e-mail or the platform's id of a person never; a name only with
	 * the consent to it. */
	if (consent && strcmp(consent, "withheld") == 0) {
		p->guarded++;
		return 0;
	}
	if (json_is_object(resp)) {
		json_object_del(resp, "email");
		json_object_del(resp, "id");
		if (consent == NULL || strcmp(consent, "named") != 0)
			json_object_del(resp, "name");
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
	if (rc == -1 || add_quotable(p, rec) == -1 ||
	    json_object_set_new(p->rtypes, (s = json_string_value(
	    json_object_get(resp, "type"))) ? s : "unknown", json_true()) ==
	    -1)
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

/* Whether rec says it was computed from records redacted for
 * publication. */
static int
for_publication(json_t *rec)
{
	const char *s = json_string_value(json_object_get(rec, "privacy"));

	return s && strcmp(s, "publication") == 0;
}

/* A summary of no response: it vouches for nothing and shows nothing
 * (gd_pub_finish says there is nothing to publish). */
static int
counts_nothing(const char *kind, json_t *rec)
{
	json_t *n = json_object_get(rec, "responses");

	return strcmp(kind, "summary") == 0 && json_is_integer(n) &&
	    json_integer_value(n) == 0;
}

int
gd_pub_add(struct gd_pub *p, const char *line, size_t n,
    struct gd_error *err)
{
	/* The kinds of gd-tally that make the tables of a publication. */
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
	size_t i, nk = sizeof(kinds) / sizeof(kinds[0]);
	int rc = 0;

	crypto_hash_sha256_update(&p->sha, (const unsigned char *)line, n);
	crypto_hash_sha256_update(&p->sha, (const unsigned char *)"\n", 1);
	if ((rec = gd_jload(p->jl, line, n, &je)) == NULL) {
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
	if (strcmp(kind, "questions") == 0) {
		/* The questions' texts, for the report's headings (the
		 * first text of a question wins), and published as they
		 * are in NDJSON. */
		const char *k;
		json_t *v;

		json_object_foreach(json_object_get(rec, "questions"), k, v)
			if (json_is_string(v) && json_object_get(p->questions,
			    k) == NULL && json_object_set(p->questions, k, v) ==
			    -1) {
				json_decref(rec);
				return pub_oom(err);
			}
		if (json_array_append_new(p->qrecs, rec) == -1)
			return pub_oom(err);
		p->aggregates++;
		return 0;
	}
	if (strcmp(kind, "unpublished") == 0) {
		/* In the summary's counts; never written. */
		json_decref(rec);
		p->unpublished++;
		return 0;
	}
	for (i = 0; i < nk && strcmp(kinds[i].kind, kind) != 0; i++)
		;
	if ((strcmp(kind, "summary") == 0 || strcmp(kind, "compare") == 0 ||
	    i < nk) &&
	    !p->o.allow_unredacted && !for_publication(rec) &&
	    !counts_nothing(kind, rec)) {
		gd_error_set(err, GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "a \"%s\" record not computed from responses redacted for "
		    "publication: run gd-redact --for publication before "
		    "gd-tally (or give --allow-unredacted)", kind);
		json_decref(rec);
		return -1;
	}
	if (strcmp(kind, "summary") == 0) {
		json_decref(p->summary);
		p->summary = rec;
		p->aggregates++;
		return 0;
	}
	if (strcmp(kind, "compare") == 0) {
		if (!pub_compare_valid(rec)) {
			json_decref(rec);
			return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
			    "a \"compare\" record without the members "
			    "gd-record(5) gives it");
		}
		if (json_array_append_new(p->compare, rec) == -1)
			return pub_oom(err);
		p->aggregates++;
		return 0;
	}
	if (i < nk) {
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

/* The responses the publication accounts for: the summary's count, else
 * the records read. */
static unsigned long long
received(const struct gd_pub *p)
{
	json_t *n = p->summary ? json_object_get(p->summary, "responses") :
	    NULL;

	if (json_is_integer(n) && json_integer_value(n) > 0)
		return (unsigned long long)json_integer_value(n);
	if (p->summary)
		return 0;
	return (unsigned long long)p->responses + p->unpublished +
	    p->guarded;
}

/*
 * The response records against the summary's suppression pattern: a
 * respondent type whose count the summary withholds (--min-cell) must
 * not be listed with the responses, where it could be counted again
 * (gd-tally --with-records publishes such types as its coarser group).
 * Returns 0, or -1 with err (GD_EXIT_UNUSABLE).
 */
static int
pattern_check(const struct gd_pub *p, struct gd_error *err)
{
	json_t *by = p->summary ? json_object_get(p->summary, "by_type") :
	    NULL, *n;
	const char *type;
	size_t withheld = 0;

	json_object_foreach(by, type, n)
		withheld += json_is_null(n);
	json_object_foreach(by, type, n) {
		if (!json_is_null(n) || json_object_get(p->rtypes, type) ==
		    NULL)
			continue;
		/* The coarser group of two withheld types or more holds
		 * every one of them: none of them alone. */
		if (strcmp(type, GD_TALLY_OTHER_TYPE) == 0 && withheld >= 2)
			continue;
		return gd_error_set(err, GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "response records of respondent type %s, whose count the "
		    "summary withholds: the responses would give it back "
		    "(tally them with gd-tally --min-cell --with-records, "
		    "which publishes such types as one coarser group)", type);
	}
	return 0;
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
	if (!p->o.allow_empty && received(p) == 0)
		return gd_error_set(err, GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "nothing to publish: %s; a step before gd-publish may "
		    "have failed (--allow-empty publishes it anyway)",
		    p->summary ? "the summary counts no response" :
		    "the stream has no summary and no response");
	if (pattern_check(p, err) == -1)
		return -1;
	if (p->o.replies &&
	    (p->replies = pub_replies_load(p->o.replies, err)) == NULL)
		return -1;
	if (pub_tables_build(p, err) == -1)
		return -1;
	p->finished = 1;
	return 0;
}
