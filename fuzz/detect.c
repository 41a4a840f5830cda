/*
 * detect.c - gd-redact's detectors and redactor.  The first byte
 * chooses, the rest is the input:
 *
 *   bit 0     text (detect.c) or records (redact.c)
 *   text:     the first line is the respondent's names, "|" between
 *             them (with their words, as gd-redact looks for them); the
 *             rest is the text.  The spans found must be sorted, apart
 *             and inside the text.  Bit 1: the text is the value of a
 *             member that holds a Transparency Register id.
 *   records:  each line a JSON record, as gd-redact reads it; bit 1
 *             chooses publication or analysis, bit 2 a pseudonym key,
 *             bits 3-4 which moderated responses a publication leaves
 *             out (0 or 3 the default, 1 strict, 2 none).  A record
 *             kept must still be written, and a publication must not
 *             keep one it was to leave out.
 */
#include "fuzz.h"

static struct gd_detector *det;
static struct gd_redactor *red[16];

static void
audit(void *ctx, const struct gd_audit_event *ev)
{
	if (ev->path == NULL || ev->category == NULL || ev->action == NULL)
		abort();
}

static void
setup(void)
{
	static const unsigned char key[GD_KEY_BYTES] = { 1, 2, 3, 4 };
	static struct gd_names third;
	struct gd_redact_opts ro;
	struct gd_policy *pol;
	struct gd_error err;
	int i;

	if ((pol = gd_policy_new()) == NULL ||
	    (det = gd_detector_new(pol, &err)) == NULL)
		abort();
	gd_names_add(&third, "Maria Garcia Lopez", 18, 1);
	for (i = 0; i < 16; i++) {
		memset(&ro, 0, sizeof(ro));
		ro.purpose = i & 1 ? GD_FOR_ANALYSIS : GD_FOR_PUBLICATION;
		ro.moderated = (i >> 2) == 1 ? GD_MODERATED_STRICT :
		    (i >> 2) == 2 ? GD_MODERATED_PUBLISH : GD_MODERATED_DROP;
		ro.policy = pol;
		ro.names = &third;
		ro.key = i & 2 ? key : NULL;
		ro.audit = audit;
		if ((red[i] = gd_redactor_new(&ro, &err)) == NULL)
			abort();
	}
}

static void
text(const char *p, size_t n, enum gd_text_kind kind)
{
	struct gd_names own = { 0 };
	struct gd_spans sp = { 0 };
	struct gd_error err;
	const char *nl = memchr(p, '\n', n), *q, *e, *bar;
	size_t i;

	if (nl) {
		for (q = p; q < nl; q = bar + 1) {
			bar = memchr(q, '|', (size_t)(nl - q));
			e = bar ? bar : nl;
			gd_names_add(&own, q, (size_t)(e - q), 1);
			if (bar == NULL)
				break;
		}
		n -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
	if (gd_detect_in(det, kind, p, n, NULL, &own, &own, &sp, &err) == 0)
		for (i = 0; i < sp.n; i++)
			if (sp.v[i].start >= sp.v[i].end || sp.v[i].end > n ||
			    (i > 0 && sp.v[i].start < sp.v[i - 1].end))
				abort();
	gd_spans_release(&sp);
	gd_names_release(&own);
}

static struct gd_redactor *
redactor_of(unsigned b)
{
	return red[(b >> 1) & 15];
}

/* Whether a publication by redactor i was to leave out this state. */
static int
to_leave_out(unsigned i, const char *state)
{
	if ((i & 1) || state == NULL || (i >> 2) == 2)
		return 0;
	return strcmp(state, "rejected") == 0 || strcmp(state, "retired") ==
	    0 || ((i >> 2) == 1 && strcmp(state, "pending") == 0);
}

static void
record(void *ctx, const char *p, size_t n)
{
	struct gd_redactor *r = ctx;
	struct gd_error err;
	struct gd_buf b;
	struct gd_jw jw;
	json_error_t je;
	json_t *rec;
	unsigned i;

	rec = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
	if (rec == NULL)
		return;
	for (i = 0; i < 16 && red[i] != r; i++)
		;
	if (json_is_object(rec) && gd_redact(r, rec, &err) == 0) {
		if (to_leave_out(i, json_string_value(json_object_get(rec,
		    "moderation"))))
			abort();
		gd_buf_init(&b, 0);
		gd_jw_init(&jw, &b);
		gd_jw_json(&jw, rec);
		gd_buf_release(&b);
	}
	json_decref(rec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned b;

	if (det == NULL)
		setup();
	if (size < 1)
		return 0;
	b = data[0];
	if (b & 1)
		fz_lines((const char *)data + 1, size - 1, record,
		    redactor_of(b));
	else
		text((const char *)data + 1, size - 1, b & 2 ?
		    GD_TEXT_TR_ID : GD_TEXT_ANY);
	return 0;
}
