/*
 * redact.c - gd-redact's rules for a record stream, line by line
 * (gd_redact_line): dispatch by kind, consent and moderation, scrubbing,
 * rejects and audit records.  The first byte chooses, the rest is the
 * stream, one line per record:
 *
 *   bit 0     publication or analysis
 *   bit 1     a pseudonym key (always one for analysis)
 *   bits 2-3  which moderated responses a publication leaves out (0 or 3
 *             the default, 1 strict, 2 none)
 *   bit 4     lines over 256 bytes are over the cap (as gd_lines gives
 *             them: the first 256 bytes, cut)
 *
 * What must hold: a line written is one line of JSON, an object; a
 * publication writes no withheld response, none it was to leave out for
 * its moderation, and no reject record with a member outside the
 * allowed ones (gd_reject_public) or a JSON parser's message that
 * quotes the input; what a publication keeps of a reject's message is
 * the start of it.
 */
#include "fuzz.h"

#define CAP 256

static struct gd_redact_run *runs[16];
static struct gd_rejects *rejects;
static struct gd_out *audit;

static void
setup(void)
{
	static const unsigned char key[GD_KEY_BYTES] = { 9, 8, 7 };
	static struct gd_names third;
	struct gd_redact_opts ro;
	struct gd_policy *pol;
	struct gd_error err;
	int i;

	if ((pol = gd_policy_new()) == NULL ||
	    (audit = fz_null_out()) == NULL ||
	    (rejects = gd_rejects_open("/dev/null", "gd-redact", &err)) ==
	    NULL)
		abort();
	gd_names_add(&third, "Maria Garcia Lopez", 18, 1);
	for (i = 0; i < 16; i++) {
		memset(&ro, 0, sizeof(ro));
		ro.purpose = i & 1 ? GD_FOR_ANALYSIS : GD_FOR_PUBLICATION;
		ro.key = i & 3 ? key : NULL;
		ro.moderated = (i >> 2) == 1 ? GD_MODERATED_STRICT :
		    (i >> 2) == 2 ? GD_MODERATED_PUBLISH : GD_MODERATED_DROP;
		ro.policy = pol;
		ro.names = &third;
		if ((runs[i] = gd_redact_run_new(&ro, &err)) == NULL)
			abort();
		gd_redact_run_sinks(runs[i], audit, rejects);
	}
}

struct stream {
	struct gd_redact_run *run;
	int publication, moderated, capped;
	unsigned long lineno;
};

/* Whether a publication was to leave out a response in this state. */
static int
to_leave_out(int moderated, const char *state)
{
	if (state == NULL || moderated == 2)
		return 0;
	return strcmp(state, "rejected") == 0 || strcmp(state, "retired") ==
	    0 || (moderated == 1 && strcmp(state, "pending") == 0);
}

/* A published reject: only the allowed members, of their types. */
static void
check_public_reject(const json_t *rec)
{
	const char *k, *k2, *e;
	json_t *v, *w;

	json_object_foreach((json_t *)rec, k, v) {
		if (strcmp(k, "gd") == 0 || strcmp(k, "kind") == 0)
			continue;
		if (strcmp(k, "tool") == 0 && json_is_string(v))
			continue;
		if (strcmp(k, "error") == 0 && json_is_string(v)) {
			/* A JSON parser's message, without its quote (other
			 * text in a reject found in the stream is kept). */
			e = json_string_value(v);
			if (strncmp(e, "not valid JSON", 14) == 0 &&
			    strstr(e, " near '") != NULL)
				abort();
			continue;
		}
		if (strcmp(k, "source") != 0 || !json_is_object(v))
			abort();
		json_object_foreach(v, k2, w)
			if (!(strcmp(k2, "file") == 0 && json_is_string(w)) &&
			    !((strcmp(k2, "line") == 0 ||
			    strcmp(k2, "column") == 0) &&
			    json_integer_value(w) > 0))
				abort();
	}
}

static void
check_written(const struct stream *s, const struct gd_redact_result *res)
{
	json_error_t je;
	json_t *rec;
	const char *kind;

	if (res->outlen == 0 || res->out[res->outlen - 1] != '\n' ||
	    memchr(res->out, '\n', res->outlen - 1) != NULL)
		abort();
	rec = json_loadb(res->out, res->outlen - 1, JSON_REJECT_DUPLICATES,
	    &je);
	if (rec == NULL || !json_is_object(rec))
		abort();
	kind = json_string_value(json_object_get(rec, "kind"));
	if (kind == NULL)
		abort();
	if (s->publication && res->fate == GD_REDACT_WRITTEN) {
		const char *c = json_string_value(json_object_get(rec,
		    "consent"));

		if ((c && strcmp(c, "withheld") == 0) ||
		    to_leave_out(s->moderated, json_string_value(
		    json_object_get(rec, "moderation"))))
			abort();
	}
	if (s->publication && strcmp(kind, "reject") == 0)
		check_public_reject(rec);
	json_decref(rec);
}

/*
 * A response a publication leaves out: its count-only form, with no
 * member but those gd-record(5) gives it (no id, identity or text).
 */
static void
check_count_only(const struct gd_redact_result *res)
{
	static const char *const ok[] = { "gd", "kind", "reason",
	    "consultation", "respondent", "consent", "moderation", "answers",
	    "privacy", NULL };
	json_error_t je;
	json_t *rec, *v, *w;
	const char *k, *k2;
	size_t i;

	if (res->outlen == 0 || res->out[res->outlen - 1] != '\n')
		abort();
	rec = json_loadb(res->out, res->outlen - 1, JSON_REJECT_DUPLICATES,
	    &je);
	if (rec == NULL || !json_is_object(rec) || strcmp(json_string_value(
	    json_object_get(rec, "kind")), "unpublished") != 0)
		abort();
	json_object_foreach(rec, k, v) {
		for (i = 0; ok[i] && strcmp(k, ok[i]) != 0; i++)
			;
		if (ok[i] == NULL)
			abort();
	}
	json_object_foreach(json_object_get(rec, "respondent"), k2, w)
		if (strcmp(k2, "type") != 0 && strcmp(k2, "country") != 0)
			abort();
	json_decref(rec);
}

/* What a publication keeps of a reject's message: its start, cut where
 * a word ends, never a quote of the input. */
static void
check_public_msg(const char *msg)
{
	size_t n = strlen(msg), k = gd_reject_public_error(msg, n);

	if (k > n || (k < n && msg[k] != ' ' && msg[k] != ':' &&
	    (k != 14 || strncmp(msg, "not valid JSON", 14) != 0)))
		abort();
	if (memmem(msg, k, " near '", 7) != NULL)
		abort();
}

static void
one(void *ctx, const char *p, size_t n)
{
	struct stream *s = ctx;
	struct gd_redact_input in;
	struct gd_redact_result res;
	struct gd_error err, over;

	memset(&in, 0, sizeof(in));
	in.p = p;
	in.n = n;
	in.file = "fuzz.ndjson";
	in.lineno = ++s->lineno;
	if (s->capped && n > CAP) {
		gd_error_set(&over, GD_EXIT_REJECTS, in.file, in.lineno, 0,
		    "line longer than %d bytes", CAP);
		in.n = CAP;
		in.over = &over;
		in.cut = 1;
	}
	if (gd_redact_line(s->run, &in, &res, &err) == -1) {
		/* Only memory running out (or /dev/null failing) stops. */
		if (err.code != GD_EXIT_IO)
			abort();
		return;
	}
	switch (res.fate) {
	case GD_REDACT_WRITTEN:
	case GD_REDACT_PASSED:
		check_written(s, &res);
		break;
	case GD_REDACT_REJECTED:
		if (res.out != NULL || res.why.line != in.lineno)
			abort();
		check_public_msg(res.why.msg);
		break;
	case GD_REDACT_WITHHELD:
	case GD_REDACT_MODERATED:
	case GD_REDACT_CONSENT_UNKNOWN:
		if (!s->publication)
			abort();
		check_count_only(&res);
		break;
	default:
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s;
	unsigned b;

	if (runs[0] == NULL)
		setup();
	if (size < 1)
		return 0;
	b = data[0];
	memset(&s, 0, sizeof(s));
	s.run = runs[b & 15];
	s.publication = !(b & 1);
	s.moderated = (b >> 2 & 3) == 3 ? 0 : b >> 2 & 3;
	s.capped = (b & 16) != 0;
	fz_lines((const char *)data + 1, size - 1, one, &s);
	return 0;
}
