/*
 * sdc_records.c - the response records passed on by gd-tally
 * --with-records, made to agree with the suppression pattern: a
 * respondent type whose count the summary withholds is published as
 * one coarser group, GD_TALLY_OTHER_TYPE, so that the records cannot
 * count it again.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tally_int.h"
#include "gd/jsonin.h"
#include "gd/banned.h"

/* Notes the respondent types the summary withholds (cells of v). */
int
tally_note_withheld_types(struct gd_tally *t, const struct oc *v,
    size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		char **nw;

		if (!v[i].supp || v[i].k.d[0].v == NULL)
			continue;
		if ((nw = realloc(t->wtypes, (t->nwtypes + 1) *
		    sizeof(*nw))) == NULL)
			return -1;
		t->wtypes = nw;
		if ((nw[t->nwtypes] = strndup(v[i].k.d[0].v,
		    v[i].k.d[0].vl)) == NULL)
			return -1;
		t->nwtypes++;
	}
	return 0;
}

int
gd_tally_type_withheld(const struct gd_tally *t, const char *type)
{
	size_t i;

	for (i = 0; i < t->nwtypes; i++)
		if (strcmp(t->wtypes[i], type ? type : "unknown") == 0)
			return 1;
	for (i = 0; i < t->ngtypes; i++)
		if (type && strcmp(t->gtypes[i], type) == 0)
			return 1;
	return 0;
}

int
gd_tally_record_for_pattern(const struct gd_tally *t, const char *line,
    size_t n, struct gd_buf *out, struct gd_error *err)
{
	json_t *rec, *resp, *kind;
	json_error_t jerr;
	const char *type;
	char *text;
	int rc = 0;

	if (t->nwtypes == 0 && t->ngtypes == 0)
		return 0;
	if ((rec = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL)
		return gd_json_nomem(&jerr) ? gd_error_nomem(err, NULL, 0) : 0;
	kind = json_object_get(rec, "kind");
	if (!json_is_string(kind) || strcmp(json_string_value(kind),
	    "response") != 0)
		goto done;
	resp = json_object_get(rec, "respondent");
	type = json_string_value(json_object_get(resp, "type"));
	/* No type: the summary's "unknown". */
	if (!gd_tally_type_withheld(t, type))
		goto done;
	if (!json_is_object(resp)) {
		if ((resp = json_object()) == NULL ||
		    json_object_set_new(rec, "respondent", resp) == -1)
			goto nomem;
	}
	if (json_object_set_new(resp, "type",
	    json_string(GD_TALLY_OTHER_TYPE)) == -1 ||
	    (text = json_dumps(rec, JSON_COMPACT |
	    JSON_REAL_PRECISION(17))) == NULL)
		goto nomem;
	gd_buf_reset(out);
	rc = gd_buf_adds(out, text) == -1 ? -1 : 1;
	free(text);
	if (rc == -1)
		goto nomem;
done:
	json_decref(rec);
	return rc;
nomem:
	json_decref(rec);
	return gd_error_nomem(err, NULL, 0);
}
