/*
 * redact_line.c - gd-redact's rules for a record stream, line by line
 * (see gd/redact.h): what each kind of record becomes, rejects, audit
 * records, where the key may come from.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "redact_int.h"

struct gd_redact_run {
	struct gd_redactor *red;
	struct gd_jload *jl;
	enum gd_purpose purpose;
	struct gd_out *audit;
	struct gd_buf *audit_to;	/* a worker's: audit records kept here
				 * (redact_run_capture), not written */
	struct gd_rejects *rj;
	struct gd_buf line;	/* the line to write */
	struct gd_buf aline;	/* an audit record */
	struct gd_error auditerr;
	int audit_failed;
};

/* One thing redacted: an audit record, never the text. */
static void
on_audit(void *ctx, const struct gd_audit_event *ev)
{
	struct gd_redact_run *run = ctx;
	struct gd_jw jw;

	if ((run->audit == NULL && run->audit_to == NULL) ||
	    run->audit_failed)
		return;
	gd_buf_reset(&run->aline);
	gd_jw_init(&jw, &run->aline);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "gd");
	gd_jw_int(&jw, GD_FORMAT_VERSION);
	gd_jw_keyz(&jw, "kind");
	gd_jw_strz(&jw, "audit");
	gd_jw_keyz(&jw, "id");
	gd_jw_strz(&jw, ev->id);
	gd_jw_keyz(&jw, "path");
	gd_jw_strz(&jw, ev->path);
	gd_jw_keyz(&jw, "category");
	gd_jw_strz(&jw, ev->category);
	gd_jw_keyz(&jw, "detector");
	gd_jw_strz(&jw, ev->detector);
	gd_jw_keyz(&jw, "action");
	gd_jw_strz(&jw, ev->action);
	if (strcmp(ev->action, "replaced") == 0) {
		gd_jw_keyz(&jw, "offset");
		gd_jw_int(&jw, (long long)ev->offset);
		gd_jw_keyz(&jw, "length");
		gd_jw_int(&jw, (long long)ev->length);
	}
	gd_jw_obj_close(&jw);
	if (jw.err || gd_buf_addc(&run->aline, '\n') == -1 ||
	    (run->audit_to && gd_buf_add(run->audit_to, run->aline.data,
	    run->aline.len) == -1)) {
		gd_error_nomem(&run->auditerr, NULL, 0);
		run->audit_failed = 1;
	} else if (run->audit_to == NULL && gd_out_write(run->audit,
	    run->aline.data, run->aline.len, &run->auditerr) == -1)
		run->audit_failed = 1;
}

struct gd_redact_run *
gd_redact_run_new(const struct gd_redact_opts *o, struct gd_error *err)
{
	struct gd_redact_opts ro = *o;
	struct gd_redact_run *run;

	if (sodium_init() < 0) {
		gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "cannot start libsodium");
		return NULL;
	}
	if ((run = calloc(1, sizeof(*run))) == NULL) {
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	run->purpose = o->purpose;
	ro.audit = on_audit;
	ro.audit_ctx = run;
	if ((run->red = gd_redactor_new(&ro, err)) == NULL) {
		free(run);
		return NULL;
	}
	if ((run->jl = gd_jload_new()) == NULL) {
		gd_redactor_free(run->red);
		free(run);
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	gd_buf_init(&run->line, 0);
	gd_buf_init(&run->aline, 0);
	return run;
}

void
gd_redact_run_sinks(struct gd_redact_run *run, struct gd_out *audit,
    struct gd_rejects *rejects)
{
	run->audit = audit;
	run->rj = rejects;
}

void
redact_run_capture(struct gd_redact_run *run, struct gd_buf *audit)
{
	run->audit = NULL;
	run->audit_to = audit;
}

void
gd_redact_run_free(struct gd_redact_run *run)
{
	if (run == NULL)
		return;
	gd_redactor_free(run->red);
	gd_jload_free(run->jl);
	gd_buf_release(&run->line);
	gd_buf_release(&run->aline);
	free(run);
}

/*
 * A line that cannot be passed on: a reject record, which for
 * publication is built from the allowed members only (no raw input, an
 * error that quotes none).
 */
static int
reject(struct gd_redact_run *run, const struct gd_error *why,
    const char *raw, size_t n, int cut, struct gd_redact_result *res,
    struct gd_error *err)
{
	res->fate = GD_REDACT_REJECTED;
	res->why = *why;
	if (run->purpose == GD_FOR_PUBLICATION)
		return gd_rejects_add_public(run->rj, why, err);
	return gd_rejects_add(run->rj, why, raw, n, cut, err);
}

static int
nomem(struct gd_error *err)
{
	return gd_error_nomem(err, NULL, 0);
}

/* A positive integer member, else 0 (left out). */
static unsigned long
count_member(const json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));

	return v > 0 ? (unsigned long)v : 0;
}

/*
 * A reject record found in the stream, for publication: a new record
 * from the members a published reject may have (struct
 * gd_reject_public), each taken only when it has its type; whatever else
 * the record holds (raw input, or a member added to reject records
 * later) stays behind.
 */
static int
public_reject(struct gd_redact_run *run, const json_t *rec)
{
	struct gd_reject_public r;
	const json_t *src = json_object_get(rec, "source"), *e;

	memset(&r, 0, sizeof(r));
	r.tool = json_string_value(json_object_get(rec, "tool"));
	if (json_is_object(src)) {
		r.source = 1;
		r.file = json_string_value(json_object_get(src, "file"));
		r.line = count_member(src, "line");
		r.column = count_member(src, "column");
	}
	if ((e = json_object_get(rec, "error")) != NULL &&
	    json_is_string(e)) {
		r.error = json_string_value(e);
		r.error_len = gd_reject_public_error(r.error,
		    json_string_length(e));
	}
	return gd_reject_public_write(&run->line, &r);
}

/* rec, redacted, as the line to write. */
static int
line_of(struct gd_redact_run *run, const json_t *rec)
{
	struct gd_jw jw;

	gd_jw_init(&jw, &run->line);
	gd_jw_json(&jw, rec);
	if (jw.err || gd_buf_addc(&run->line, '\n') == -1)
		return -1;
	return 0;
}

/* Whether o (an object or absent) has only the members of allowed. */
static int
only_members(const json_t *o, const char *const *allowed)
{
	const char *k;
	json_t *v;
	size_t i;

	if (o == NULL)
		return 1;
	if (!json_is_object(o))
		return 0;
	json_object_foreach((json_t *)o, k, v) {
		for (i = 0; allowed[i]; i++)
			if (strcmp(k, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return 0;
	}
	return 1;
}

/*
 * For publication, a record that gd-redact cannot vouch for: an aggregate
 * of gd-tally computed from records that were not all redacted for
 * publication (it may quote them or count what they hold), or a
 * count-only record with more than a count needs.  Fills why.
 */
static int
unvouched(const json_t *rec, const char *kind, struct gd_error *why,
    const struct gd_redact_input *in)
{
	const char *privacy = json_string_value(json_object_get(rec,
	    "privacy"));
	int pub = privacy && strcmp(privacy, "publication") == 0;

	if (gd_kind_is_aggregate(kind) && !pub) {
		gd_error_set(why, GD_EXIT_REJECTS, in->file, in->lineno, 0,
		    "a \"%s\" record not computed from responses redacted "
		    "for publication cannot be published: run gd-redact "
		    "before gd-tally", kind);
		return 1;
	}
	if (strcmp(kind, "unpublished") == 0 && (!pub ||
	    !only_members(rec, gd_unpublished_members) ||
	    !only_members(json_object_get(rec, "respondent"),
	    gd_unpublished_respondent))) {
		gd_error_set(why, GD_EXIT_REJECTS, in->file, in->lineno, 0,
		    "an \"unpublished\" record with more than its counts "
		    "need, or not made for publication");
		return 1;
	}
	return 0;
}

int
gd_redact_line(struct gd_redact_run *run, const struct gd_redact_input *in,
    struct gd_redact_result *res, struct gd_error *err)
{
	struct gd_error why;
	json_error_t je;
	json_t *rec;
	const char *kind;
	int rc;

	res->fate = GD_REDACT_NONE;
	res->out = NULL;
	res->outlen = 0;
	gd_buf_reset(&run->line);
	/* A run stops at an audit record it could not write; a worker's
	 * (redact_run_capture) goes on to its next line, which the writer
	 * never reaches. */
	run->audit_failed = 0;
	if (in->over)
		return reject(run, in->over, in->p, in->n, in->cut, res, err);
	rec = gd_jload(run->jl, in->p, in->n, &je);
	if (rec == NULL && gd_json_nomem(&je))
		return gd_error_nomem(err, in->file, in->lineno);
	if (rec == NULL || !json_is_object(rec)) {
		gd_error_set(&why, GD_EXIT_REJECTS, in->file, in->lineno,
		    rec ? 0 : (unsigned long)(je.column > 0 ? je.column : 0),
		    rec ? "not a JSON object" : "not valid JSON: %s", je.text);
		json_decref(rec);
		return reject(run, &why, in->p, in->n, 0, res, err);
	}
	kind = json_string_value(json_object_get(rec, "kind"));
	if (kind == NULL || json_integer_value(json_object_get(rec, "gd")) !=
	    GD_FORMAT_VERSION) {
		/* Not a gd record (an export piped in by mistake?): what
		 * cannot be told apart is not passed on. */
		json_decref(rec);
		gd_error_set(&why, GD_EXIT_REJECTS, in->file, in->lineno, 0,
		    "not a gd record (needs \"gd\": 1 and \"kind\"): run "
		    "gd-ingest first");
		return reject(run, &why, in->p, in->n, 0, res, err);
	}
	if (run->purpose == GD_FOR_PUBLICATION &&
	    unvouched(rec, kind, &why, in)) {
		json_decref(rec);
		return reject(run, &why, in->p, in->n, 0, res, err);
	}
	if (strcmp(kind, "response") != 0) {
		/* A reject carries raw input: not for the public. */
		if (strcmp(kind, "reject") == 0 &&
		    run->purpose == GD_FOR_PUBLICATION)
			rc = public_reject(run, rec);
		else
			rc = gd_buf_add(&run->line, in->p, in->n) == -1 ||
			    gd_buf_addc(&run->line, '\n') == -1 ? -1 : 0;
		json_decref(rec);
		if (rc == -1)
			return nomem(err);
		res->fate = GD_REDACT_PASSED;
		res->out = run->line.data;
		res->outlen = run->line.len;
		return 0;
	}
	rc = gd_redact(run->red, rec, &why);
	if (rc == -1 && why.code == GD_EXIT_IO) {
		json_decref(rec);
		*err = why;
		return -1;
	}
	if (rc == -1) {
		json_decref(rec);
		why.code = GD_EXIT_REJECTS;
		snprintf(why.file, sizeof(why.file), "%s", in->file);
		why.line = in->lineno;
		if (reject(run, &why, in->p, in->n, 0, res, err) == -1)
			return -1;
	} else {
		int fate = rc == GD_UNPUB_WITHHELD ? GD_REDACT_WITHHELD :
		    rc == GD_UNPUB_MODERATED ? GD_REDACT_MODERATED :
		    rc == GD_UNPUB_CONSENT_UNKNOWN ?
		    GD_REDACT_CONSENT_UNKNOWN : GD_REDACT_WRITTEN;

		rc = line_of(run, rec);
		json_decref(rec);
		if (rc == -1)
			return nomem(err);
		res->fate = fate;
		res->out = run->line.data;
		res->outlen = run->line.len;
	}
	/* An audit record that could not be written stops the run. */
	if (run->audit_failed) {
		*err = run->auditerr;
		res->out = NULL;
		res->outlen = 0;
		return -1;
	}
	return 0;
}

int
gd_redact_key_source(enum gd_purpose purpose, const char *given,
    const char *env, const char **path, struct gd_error *err)
{
	*path = given;
	/* The environment holds the analysts' key: it never makes
	 * pseudonyms for publication (that key is given with --key-file). */
	if (given == NULL && purpose == GD_FOR_ANALYSIS && env && *env)
		*path = env;
	if (purpose == GD_FOR_ANALYSIS && *path == NULL)
		return gd_error_set(err, GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "analysis needs a pseudonym key (--key-file FILE or "
		    "GD_KEY_FILE); make one with gd-redact --new-key FILE");
	return 0;
}
