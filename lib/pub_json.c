/*
 * pub_json.c - a publication as NDJSON (the records, one per line) or as
 * one JSON document; and the provenance the data package shares.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gd/gd.h"
#include "pub_int.h"
#include "gd/banned.h"

/* Aggregates hold four decimals: 15 digits write them as they were. */
#define AGG_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

int
pub_write_json(struct gd_out *out, json_t *v, size_t flags,
    struct gd_error *err)
{
	char *text = json_dumps(v, flags | JSON_ENCODE_ANY);
	int rc;

	if (text == NULL)
		return pub_oom(err);
	rc = gd_out_write(out, text, strlen(text), err);
	free(text);
	return rc;
}

/* The order gd-tally writes its records in. */
static const enum pub_table agg_order[] = { TB_TALLIES, TB_SCALES,
    TB_THEMES, TB_STUBS, TB_CAMPAIGNS };

struct resp_ctx {
	struct gd_out *out;
	const char *sep;
	int first;
};

static int
write_response(void *ctx, json_t *rec, struct gd_error *err)
{
	struct resp_ctx *c = ctx;

	if (!c->first && gd_out_write(c->out, c->sep, strlen(c->sep), err) == -1)
		return -1;
	c->first = 0;
	return pub_write_json(c->out, rec, JSON_COMPACT |
	    JSON_REAL_PRECISION(17), err);
}

int
pub_ndjson(struct gd_pub *p, struct gd_out *out, struct gd_error *err)
{
	struct resp_ctx c = { out, "\n", 1 };
	json_t *r;
	size_t i, j;

	json_array_foreach(p->qrecs, i, r)
		if (pub_write_json(out, r, AGG_FLAGS, err) == -1 ||
		    gd_out_write(out, "\n", 1, err) == -1)
			return -1;
	if (pub_each_response(p, write_response, &c, err) == -1 ||
	    (!c.first && gd_out_write(out, "\n", 1, err) == -1))
		return -1;
	if (p->summary && (pub_write_json(out, p->summary, AGG_FLAGS, err) ==
	    -1 || gd_out_write(out, "\n", 1, err) == -1))
		return -1;
	for (i = 0; i < sizeof(agg_order) / sizeof(agg_order[0]); i++)
		json_array_foreach(p->agg[agg_order[i]], j, r)
			if (pub_write_json(out, r, AGG_FLAGS, err) == -1 ||
			    gd_out_write(out, "\n", 1, err) == -1)
				return -1;
	json_array_foreach(p->compare, j, r)
		if (pub_write_json(out, r, AGG_FLAGS, err) == -1 ||
		    gd_out_write(out, "\n", 1, err) == -1)
			return -1;
	return 0;
}

json_t *
pub_provenance(struct gd_pub *p)
{
	json_t *v = json_pack("{s:s, s:s, s:I, s:I, s:O}",
	    "generator", "gd-publish " GD_VERSION,
	    "input_sha256", p->sha_hex,
	    "responses", (json_int_t)p->responses,
	    "aggregates", (json_int_t)p->aggregates,
	    "privacy", p->privacy);

	if (v && p->o.timestamp)
		json_object_set_new(v, "generated", json_string(p->o.timestamp));
	return v;
}

int
pub_json(struct gd_pub *p, struct gd_out *out, struct gd_error *err)
{
	static const char *const names[] = { "tallies", "scales", "themes",
	    "stubs", "campaigns" };
	struct resp_ctx c = { out, ",\n", 1 };
	json_t *head;
	char *text;
	size_t i, n;
	int rc;

	head = json_pack("{s:i, s:s, s:s, s:O, s:o, s:O?}", "gd", 1, "kind",
	    "publication", "title", pub_title(p), "consultations",
	    p->consultations, "provenance", pub_provenance(p), "replies",
	    p->replies);
	if (head == NULL)
		return pub_oom(err);
	json_object_set(head, "summary", p->summary ? p->summary : json_null());
	if (json_object_size(p->questions) > 0)
		json_object_set(head, "questions", p->questions);
	for (i = 0; i < 5; i++)
		json_object_set(head, names[i], p->agg[agg_order[i]]);
	if (json_array_size(p->compare) > 0)
		json_object_set(head, "comparisons", p->compare);
	/* The head without its closing brace, then the responses. */
	text = json_dumps(head, AGG_FLAGS);
	json_decref(head);
	if (text == NULL)
		return pub_oom(err);
	n = strlen(text);
	rc = gd_out_write(out, text, n - 1, err);
	free(text);
	if (rc == -1 || gd_out_write(out, ",\"responses\":[\n", 15, err) == -1 ||
	    pub_each_response(p, write_response, &c, err) == -1)
		return -1;
	return gd_out_write(out, "\n]}\n", 4, err);
}
