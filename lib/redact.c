/*
 * redact.c - consent rules and scrubbing of response records (see
 * gd/redact.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gd/gd.h"

#define KCACHE 1024

/* Field-level categories, after the detector categories. */
enum { X_ADDRESS, X_TECHNICAL, X_N };

struct gd_redactor {
	struct gd_redact_opts o;
	struct gd_detector *det;
	int ncat;			/* detector categories */
	unsigned long *count;		/* per category, this record */
	struct gd_spans spans;
	struct gd_names own, orgs;
	struct gd_buf out;		/* a scrubbed string */
	struct gd_buf path;		/* the current field path */
	const char *id;
	int keep_name, keep_org;	/* this record may show them */
	int quiet;			/* no audit: a record not published */
	enum gd_text_kind kind;		/* what the member scanned holds */
	/* What each field name means, worked out once: exports repeat
	 * the same names in every record. */
	struct kcache { char *key; int kind; } kc[KCACHE];
};

struct gd_redactor *
gd_redactor_new(const struct gd_redact_opts *o, struct gd_error *err)
{
	struct gd_redactor *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	r->o = *o;
	if ((r->det = gd_detector_new(o->policy, err)) == NULL) {
		free(r);
		return NULL;
	}
	r->ncat = gd_pii_count(o->policy);
	if ((r->count = calloc((size_t)r->ncat + X_N, sizeof(*r->count))) ==
	    NULL) {
		gd_redactor_free(r);
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	gd_buf_init(&r->out, 0);
	gd_buf_init(&r->path, 0);
	return r;
}

void
gd_redactor_free(struct gd_redactor *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < KCACHE; i++)
		free(r->kc[i].key);
	gd_detector_free(r->det);
	free(r->count);
	gd_spans_release(&r->spans);
	gd_names_release(&r->own);
	gd_names_release(&r->orgs);
	gd_buf_release(&r->out);
	gd_buf_release(&r->path);
	free(r);
}

static const char *
cat_label(const struct gd_redactor *r, int cat)
{
	if (cat < r->ncat)
		return gd_pii_name(r->o.policy, cat);
	return cat == r->ncat + X_ADDRESS ? "address" : "technical";
}

static void
audit(struct gd_redactor *r, int cat, const char *detector,
    const char *action, size_t off, size_t len)
{
	struct gd_audit_event ev;

	r->count[cat]++;
	if (r->o.audit == NULL || r->quiet)
		return;
	ev.id = r->id;
	ev.path = r->path.data ? r->path.data : "";
	ev.category = cat_label(r, cat);
	ev.detector = detector;
	ev.action = action;
	ev.offset = off;
	ev.length = len;
	r->o.audit(r->o.audit_ctx, &ev);
}

/* ---- what a field name says about its value ---- */

enum fkind { F_OTHER, F_TECHNICAL, F_EMAIL, F_PHONE, F_ADDRESS, F_NAME,
	F_ORG, F_TR_ID };

/* Does the folded key (words separated by single spaces) have word w? */
static int
has_word(const char *k, const char *w)
{
	size_t wl = strlen(w);
	const char *p = k;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == k || p[-1] == ' ') && (p[wl] == '\0' ||
		    p[wl] == ' '))
			return 1;
		p++;
	}
	return 0;
}

static enum fkind field_kind_of(const char *key);

static enum fkind
field_kind(struct gd_redactor *r, const char *key)
{
	size_t h = 5381, i;
	const char *p;
	char *c;

	for (p = key; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (i = 0; i < 8; i++) {
		struct kcache *e = &r->kc[(h + i) % KCACHE];

		if (e->key == NULL) {
			enum fkind k = field_kind_of(key);

			if ((c = strdup(key)) != NULL) {
				e->key = c;
				e->kind = (int)k;
			}
			return k;
		}
		if (strcmp(e->key, key) == 0)
			return (enum fkind)e->kind;
	}
	return field_kind_of(key);
}

static enum fkind
field_kind_of(const char *key)
{
	char k[200];
	size_t i, o = 0;
	int sp = 1;

	/* Lower case ASCII words; everything else separates them, and
	 * camelCase is split ("userAgent" -> "user agent"). */
	for (i = 0; key[i] && o + 2 < sizeof(k); i++) {
		unsigned char c = (unsigned char)key[i];

		if (c >= 'A' && c <= 'Z') {
			if (!sp && i > 0 && key[i - 1] >= 'a' &&
			    key[i - 1] <= 'z')
				k[o++] = ' ';
			k[o++] = (char)(c + 32);
			sp = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			k[o++] = (char)c;
			sp = 0;
		} else if (!sp) {
			k[o++] = ' ';
			sp = 1;
		}
	}
	while (o > 0 && k[o - 1] == ' ')
		o--;
	k[o] = '\0';
	if (has_word(k, "ip") || has_word(k, "ipaddress") ||
	    strstr(k, "userinfo") || has_word(k, "useragent") ||
	    strstr(k, "user agent") || has_word(k, "cookie") ||
	    has_word(k, "session") || has_word(k, "referer") ||
	    has_word(k, "referrer") || strstr(k, "remote addr") ||
	    has_word(k, "device") || strstr(k, "pages visited") ||
	    has_word(k, "browser"))
		return F_TECHNICAL;
	if (has_word(k, "email") || has_word(k, "mail") ||
	    strstr(k, "e mail") || has_word(k, "emailaddress"))
		return F_EMAIL;
	if (has_word(k, "phone") || has_word(k, "telephone") ||
	    has_word(k, "tel") || has_word(k, "mobile") ||
	    has_word(k, "fax") || has_word(k, "phonenumber"))
		return F_PHONE;
	if (has_word(k, "address") || has_word(k, "street") ||
	    has_word(k, "postcode") || has_word(k, "zip") ||
	    has_word(k, "postal") || strstr(k, "post code") ||
	    has_word(k, "addressline"))
		return F_ADDRESS;
	/* The organisation itself, not a class of it: "company_size"
	 * (micro, small...) or "organisation type" says nothing of who. */
	if ((has_word(k, "organisation") || has_word(k, "organization") ||
	    has_word(k, "company") || has_word(k, "employer")) &&
	    (has_word(k, "name") || !(has_word(k, "size") ||
	    has_word(k, "type") || has_word(k, "sector") ||
	    has_word(k, "category"))))
		return F_ORG;
	if (has_word(k, "name") || has_word(k, "surname") ||
	    has_word(k, "firstname") || has_word(k, "lastname") ||
	    has_word(k, "forename") || has_word(k, "fullname") ||
	    has_word(k, "representative") || has_word(k, "signature"))
		return F_NAME;
	/* An EU Transparency Register id, public: "tr_number", "TR ID",
	 * "transparencyRegister", "register number". */
	if (has_word(k, "tr") || has_word(k, "trnumber") ||
	    has_word(k, "transparency") ||
	    has_word(k, "transparencyregister") ||
	    (has_word(k, "register") && (has_word(k, "id") ||
	    has_word(k, "number") || has_word(k, "no") ||
	    has_word(k, "nr"))))
		return F_TR_ID;
	return F_OTHER;
}

/* ---- scrubbing ---- */

static int
path_push(struct gd_redactor *r, const char *key, size_t *save)
{
	*save = r->path.len;
	if (r->path.len > 0 && gd_buf_addc(&r->path, '.') == -1)
		return -1;
	return gd_buf_adds(&r->path, key);
}

static int
path_index(struct gd_redactor *r, size_t i, size_t *save)
{
	*save = r->path.len;
	return gd_buf_addf(&r->path, "[%zu]", i);
}

static void
path_pop(struct gd_redactor *r, size_t save)
{
	r->path.len = save;
	if (r->path.data)
		r->path.data[save] = '\0';
}

/*
 * Scrubs text s (n bytes).  Returns 1 with the new text in r->out when
 * something was found, 0 when nothing was, -1 with err.
 */
static int
scrub_text(struct gd_redactor *r, const char *s, size_t n,
    struct gd_error *err)
{
	enum gd_mask_style style = gd_policy_style(r->o.policy);
	size_t i, at = 0, k;

	if (gd_detect_in(r->det, r->kind, s, n, r->o.names, &r->own,
	    &r->orgs, &r->spans, err) == -1)
		return -1;
	if (r->spans.n == 0)
		return 0;
	gd_buf_reset(&r->out);
	for (i = 0; i < r->spans.n; i++) {
		const struct gd_span *sp = &r->spans.v[i];
		size_t off;

		if (gd_buf_add(&r->out, s + at, sp->start - at) == -1)
			goto nomem;
		off = r->out.len;
		if (style == GD_MASK_TOKEN) {
			if (gd_buf_adds(&r->out, gd_pii_token(r->o.policy,
			    sp->cat)) == -1)
				goto nomem;
		} else if (style == GD_MASK_STARS) {
			size_t chars = gd_utf8_chars(s + sp->start,
			    sp->end - sp->start);

			for (k = 0; k < chars; k++)
				if (gd_buf_addc(&r->out, '*') == -1)
					goto nomem;
		}
		audit(r, sp->cat, sp->detector, "replaced", off,
		    r->out.len - off);
		at = sp->end;
	}
	if (gd_buf_add(&r->out, s + at, n - at) == -1)
		goto nomem;
	return 1;
nomem:
	return gd_error_nomem(err, NULL, 0);
}

static int scrub_value(struct gd_redactor *, json_t *, json_t **,
    struct gd_error *);

/*
 * Scrubs every member of an object, recursively.  With fields, members
 * whose name says they hold personal data (e-mail, phone, address,
 * technical data, and names or organisation where this record may not
 * show them) are removed whole.
 */
static int
scrub_object(struct gd_redactor *r, json_t *obj, int fields,
    struct gd_error *err)
{
	const char *k;
	json_t *v, *nv;
	void *tmp;
	size_t save;
	int rc;
	json_object_foreach_safe(obj, tmp, k, v) {
		if (path_push(r, k, &save) == -1)
			return gd_error_nomem(err, NULL, 0);
		if (fields) {
			enum fkind fk = field_kind(r, k);
			int cat = -1;

			switch (fk) {
			case F_TECHNICAL:
				cat = r->ncat + X_TECHNICAL;
				break;
			case F_EMAIL:
				cat = GD_PII_EMAIL;
				break;
			case F_PHONE:
				cat = GD_PII_PHONE;
				break;
			case F_ADDRESS:
				cat = r->ncat + X_ADDRESS;
				break;
			case F_NAME:
				if (!r->keep_name)
					cat = GD_PII_NAME;
				break;
			case F_ORG:
				if (!r->keep_org)
					cat = GD_PII_ORGANISATION;
				break;
			default:
				break;
			}
			if (cat >= 0) {
				audit(r, cat, "field", "removed", 0, 0);
				json_object_del(obj, k);
				path_pop(r, save);
				continue;
			}
			r->kind = fk == F_TR_ID ? GD_TEXT_TR_ID : GD_TEXT_ANY;
		}
		nv = NULL;
		rc = scrub_value(r, v, &nv, err);
		if (fields)
			r->kind = GD_TEXT_ANY;
		if (rc == -1)
			return -1;
		if (nv && json_object_set_new(obj, k, nv) == -1)
			return gd_error_nomem(err, NULL, 0);
		path_pop(r, save);
	}
	return 0;
}

/*
 * Scrubs one value.  For a string or number with personal data, *repl
 * gets the new string (a new reference) and 1 is returned; containers
 * are changed in place.  0 when unchanged, -1 with err.
 */
static int
scrub_value(struct gd_redactor *r, json_t *v, json_t **repl,
    struct gd_error *err)
{
	char num[64];
	size_t i, save;
	json_t *e, *ne;
	int rc, n;

	*repl = NULL;
	switch (json_typeof(v)) {
	case JSON_STRING:
		rc = scrub_text(r, json_string_value(v), json_string_length(v),
		    err);
		break;
	case JSON_INTEGER:
		n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		rc = scrub_text(r, num, (size_t)n, err);
		break;
	case JSON_REAL:
		n = snprintf(num, sizeof(num), "%.17g", json_real_value(v));
		rc = scrub_text(r, num, (size_t)n, err);
		break;
	case JSON_ARRAY:
		for (i = 0; i < json_array_size(v); i++) {
			e = json_array_get(v, i);
			if (path_index(r, i, &save) == -1)
				return gd_error_nomem(err, NULL, 0);
			if (scrub_value(r, e, &ne, err) == -1)
				return -1;
			if (ne && json_array_set_new(v, i, ne) == -1)
				return gd_error_nomem(err, NULL, 0);
			path_pop(r, save);
		}
		return 0;
	case JSON_OBJECT:
		return scrub_object(r, v, 0, err);
	default:
		return 0;
	}
	if (rc <= 0)
		return rc;
	if ((*repl = json_stringn(r->out.data, r->out.len)) == NULL)
		return gd_error_nomem(err, NULL, 0);
	return 1;
}

/* ---- records ---- */

static int
is_org_type(const char *t)
{
	static const char *const orgs[] = { "business",
	    "business_association", "ngo", "trade_union", "academic",
	    "public_authority", "consumer_organisation", "organisation",
	    NULL };
	int i;

	for (i = 0; t && orgs[i]; i++)
		if (strcmp(t, orgs[i]) == 0)
			return 1;
	return 0;
}

static const char *
str_member(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/*
 * Whether a field's value is an answer, not a name: "Yes", "No",
 * "Anonymous", "Yes, with my name", a sentence (more than six words:
 * "José María de la Cruz Fernández" is a name).
 */
static int
not_a_name(const char *s, size_t n)
{
	static const char *const w[] = { "yes", "no", "y", "n", "true",
	    "false", "none", "n/a", "na", "-", "anonymous", "anon",
	    "unknown", "withheld", "private", "confidential", "redacted",
	    "not given", "not provided", "prefer not to say", "ja", "nein",
	    "oui", "non", "si", "s\xc3\xad", NULL };
	size_t i, l, words = 0;

	if (n < 2 || n > 100)
		return 1;
	for (i = 0; i < n; i++)
		words += s[i] == ' ' && i + 1 < n && s[i + 1] != ' ';
	if (words >= 6)		/* more than six words: a sentence */
		return 1;
	for (i = 0; w[i]; i++) {
		l = strlen(w[i]);
		if (n >= l && strncasecmp(s, w[i], l) == 0 && (n == l ||
		    !(((s[l] | 32) >= 'a' && (s[l] | 32) <= 'z') ||
		    (unsigned char)s[l] >= 0x80)))
			return 1;
	}
	return 0;
}

/*
 * A name (or a person's organisation) that this record may not show, in
 * a member that the export or a mapping left under its own name, such
 * as a plain "Name" column in extra or respondent.first_name: the member
 * is removed, and its value is sought in the text as the respondent's
 * own name is.  In respondent, "name" and "organisation" are sought
 * already (skip).
 */
static int
names_from_fields(struct gd_redactor *r, json_t *obj, int skip)
{
	const char *k, *v;
	json_t *m;
	enum fkind fk;

	json_object_foreach(obj, k, m) {
		if (!json_is_string(m) || (skip && (strcmp(k, "name") == 0 ||
		    strcmp(k, "organisation") == 0)))
			continue;
		fk = field_kind(r, k);
		v = json_string_value(m);
		if ((fk != F_NAME || r->keep_name) && (fk != F_ORG ||
		    r->keep_org))
			continue;
		if (not_a_name(v, json_string_length(m)))
			continue;
		if (gd_names_add(fk == F_NAME ? &r->own : &r->orgs, v,
		    json_string_length(m), fk == F_NAME) == -1)
			return -1;
	}
	return 0;
}

/* Removes respondent.k, with an audit line. */
static void
drop_field(struct gd_redactor *r, json_t *resp, const char *k, int cat)
{
	size_t save;

	if (json_object_get(resp, k) == NULL)
		return;
	if (path_push(r, "respondent", &save) == 0 && gd_buf_addc(&r->path,
	    '.') == 0 && gd_buf_adds(&r->path, k) == 0)
		audit(r, cat, "field", "removed", 0, 0);
	path_pop(r, save);
	json_object_del(resp, k);
}

/* Adds "redacted" (non-zero counts, in category order) and "privacy". */
static int
annotate(struct gd_redactor *r, json_t *rec)
{
	json_t *red = json_object(), *old = json_object_get(rec, "redacted");
	const char *k;
	json_t *v;
	int i;

	if (red == NULL)
		return -1;
	/* A record redacted before keeps its counts, added to. */
	if (json_is_object(old))
		json_object_foreach(old, k, v) {
			if (!json_is_integer(v))
				continue;
			for (i = 0; i < r->ncat + X_N; i++)
				if (strcmp(cat_label(r, i), k) == 0)
					break;
			if (i < r->ncat + X_N)
				r->count[i] += (unsigned long)
				    json_integer_value(v);
			else if (json_object_set(red, k, v) == -1) {
				json_decref(red);
				return -1;
			}
		}
	for (i = 0; i < r->ncat + X_N; i++)
		if (r->count[i] > 0 && json_object_set_new(red,
		    cat_label(r, i), json_integer((json_int_t)r->count[i]))
		    == -1) {
			json_decref(red);
			return -1;
		}
	if (json_object_set_new(rec, "redacted", red) == -1 ||
	    json_object_set_new(rec, "privacy", json_string(
	    r->o.purpose == GD_FOR_PUBLICATION ? "publication" :
	    "analysis")) == -1)
		return -1;
	return 0;
}

/* Whether a publication leaves out a response in this state (NULL: the
 * export has none). */
static int
moderated_out(enum gd_moderated m, const char *state)
{
	if (m == GD_MODERATED_PUBLISH || state == NULL)
		return 0;
	if (strcmp(state, "rejected") == 0 || strcmp(state, "retired") == 0)
		return 1;
	return m == GD_MODERATED_STRICT && strcmp(state, "pending") == 0;
}

static const char *const unpub_reason[] = { NULL, "withheld",
	"moderated", "consent_unknown" };

const char *const gd_unpublished_members[] = { "gd", "kind", "reason",
	"consultation", "respondent", "consent", "moderation", "answers",
	"privacy", NULL };
const char *const gd_unpublished_respondent[] = { "type", "country",
	NULL };

/* Whether a field's name says it holds free text ("comment-body"). */
static int
text_field(const char *k)
{
	static const char *const w[] = { "comment", "body", "text",
	    "feedback", "description", "message", "opinion", "summary",
	    "title", "remark", "explain", "reason", "suggest", "detail",
	    "other", NULL };
	size_t i;

	for (i = 0; w[i]; i++)
		if (strcasestr(k, w[i]) != NULL)
			return 1;
	return 0;
}

/*
 * The answers of a response not published keep their choices only: a
 * value longer than GD_CHOICE_MAX bytes (or a list with one), or under a
 * name that says it is free text, which a conversion without a mapping
 * leaves among the answers, is removed, so that no text of the response
 * reaches a count's key.
 */
static void
choices_only(json_t *answers)
{
	const char *k;
	json_t *v, *x;
	void *tmp;
	size_t i;

	json_object_foreach_safe(answers, tmp, k, v) {
		int text = text_field(k) || (json_is_string(v) &&
		    json_string_length(v) > GD_CHOICE_MAX);

		json_array_foreach(v, i, x)
			if (json_is_string(x) && json_string_length(x) >
			    GD_CHOICE_MAX)
				text = 1;
		if (text)
			json_object_del(answers, k);
	}
}

/* Copies member k of from to to, when from has it. */
static int
keep(json_t *to, json_t *from, const char *k)
{
	json_t *v = json_object_get(from, k);

	return v == NULL ? 0 : json_object_set(to, k, v);
}

/*
 * Turns rec into the count-only form of a response that is not
 * published (kind "unpublished", gd-record(5)): the reason, the
 * consultation, the respondent's type and country, the consent, the
 * moderation and the closed answers (scrubbed by the caller); no id, no
 * identity, no text.
 */
static int
count_only(json_t *rec, int why, const char *consent)
{
	json_t *o = json_object(), *resp = json_object_get(rec, "respondent");
	json_t *ro = NULL;
	size_t i;
	int rc = -1;

	if (o == NULL)
		return -1;
	if (json_object_set_new(o, "gd", json_integer(GD_FORMAT_VERSION)) ||
	    json_object_set_new(o, "kind", json_string("unpublished")) ||
	    json_object_set_new(o, "reason", json_string(unpub_reason[why])) ||
	    keep(o, rec, "consultation"))
		goto out;
	if (json_is_object(resp)) {
		if ((ro = json_object()) == NULL)
			goto out;
		for (i = 0; gd_unpublished_respondent[i]; i++)
			if (keep(ro, resp, gd_unpublished_respondent[i]))
				goto out;
		if (json_object_set(o, "respondent", ro))
			goto out;
	}
	if (json_object_set_new(o, "consent", json_string(consent)) ||
	    keep(o, rec, "moderation") || keep(o, rec, "answers") ||
	    json_object_set_new(o, "privacy", json_string("publication")))
		goto out;
	if (json_object_clear(rec) == -1 || json_object_update(rec, o) == -1)
		goto out;
	rc = 0;
out:
	json_decref(ro);
	json_decref(o);
	return rc;
}

int
gd_redact(struct gd_redactor *r, json_t *rec, struct gd_error *err)
{
	static const char *const maps[] = { "answers", "comments", "extra" };
	json_t *resp, *m;
	const char *consent, *moderation, *type, *name, *email, *org, *rid;
	char pseu[GD_PSEUDONYM_LEN + 1];
	const char *k;
	json_t *v;
	void *tmp;
	size_t i, save;
	int named, pub = r->o.purpose == GD_FOR_PUBLICATION, orgtype, unpub;

	memset(r->count, 0, ((size_t)r->ncat + X_N) * sizeof(*r->count));
	gd_buf_reset(&r->path);
	r->id = str_member(rec, "id");
	if (r->id == NULL)
		r->id = "";
	resp = json_object_get(rec, "respondent");
	if (resp != NULL && !json_is_object(resp))
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "\"respondent\" is not an object");
	consent = json_object_get(rec, "consent") ? str_member(rec,
	    "consent") : "unknown";
	if (consent == NULL || !gd_consent_is_canonical(consent,
	    strlen(consent)))
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "consent is not one of named, anonymous, withheld, "
		    "unknown");
	/* Absent when the export has no moderation state; a value that is
	 * not canonical cannot be taken to allow anything, as for consent. */
	moderation = NULL;
	if ((m = json_object_get(rec, "moderation")) != NULL) {
		moderation = json_string_value(m);
		if (moderation == NULL || !gd_moderation_is_canonical(
		    moderation, json_string_length(m)))
			return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
			    "moderation is not one of accepted, rejected, "
			    "pending, retired");
	}
	unpub = 0;
	if (pub && strcmp(consent, "withheld") == 0)
		unpub = GD_UNPUB_WITHHELD;
	else if (pub && strcmp(consent, "unknown") == 0 &&
	    r->o.unknown_consent == GD_UNKNOWN_WITHHOLD)
		unpub = GD_UNPUB_CONSENT_UNKNOWN;
	else if (pub && moderated_out(r->o.moderated, moderation))
		unpub = GD_UNPUB_MODERATED;
	r->quiet = unpub != 0;
	for (i = 0; i < 3; i++) {
		m = json_object_get(rec, maps[i]);
		if (m != NULL && !json_is_object(m))
			return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
			    "\"%s\" is not an object", maps[i]);
	}

	named = strcmp(consent, "named") == 0 && !unpub;
	type = resp ? str_member(resp, "type") : NULL;
	orgtype = is_org_type(type);
	name = resp ? str_member(resp, "name") : NULL;
	email = resp ? str_member(resp, "email") : NULL;
	org = resp ? str_member(resp, "organisation") : NULL;
	rid = resp ? str_member(resp, "id") : NULL;
	r->keep_name = pub && named;
	r->keep_org = (pub && named) || orgtype;

	/* Own names to find in the text, while the fields are still here. */
	gd_names_reset(&r->own);
	gd_names_reset(&r->orgs);
	if (!r->keep_name && name && gd_names_add(&r->own, name,
	    strlen(name), 1) == -1)
		goto nomem;
	if (!r->keep_org && org && gd_names_add(&r->orgs, org, strlen(org),
	    0) == -1)
		goto nomem;
	if (resp && names_from_fields(r, resp, 1) == -1)
		goto nomem;
	for (i = 0; i < 3; i++)
		if ((m = json_object_get(rec, maps[i])) != NULL &&
		    names_from_fields(r, m, 0) == -1)
			goto nomem;

	if (unpub) {
		/* Counted, not published: only what a count needs, its
		 * closed answers scrubbed as a published response's are. */
		if ((m = json_object_get(rec, "answers")) != NULL) {
			if (path_push(r, "answers", &save) == -1)
				goto nomem;
			if (scrub_object(r, m, 1, err) == -1)
				return -1;
			path_pop(r, save);
			choices_only(m);
		}
		if (count_only(rec, unpub, consent) == -1)
			goto nomem;
		return unpub;
	}
	if (resp) {
		/* A pseudonym made before (under another key, maybe the
		 * analysts') never goes on to a publication. */
		if (pub && json_object_get(resp, "pseudonym"))
			drop_field(r, resp, "pseudonym", GD_PII_NAME);
		/* The pseudonym comes from the identity before it goes:
		 * the platform's id of the respondent when there is one
		 * (the same person under any name), else what the
		 * response gives. */
		if (r->o.key && (rid && *rid ? gd_pseudonym_respondent(
		    r->o.key, rid, pseu) : gd_pseudonym(r->o.key, email,
		    name, org, r->id, pseu)) == 0 && json_object_set_new(resp,
		    "pseudonym", json_string(pseu)) == -1)
			goto nomem;
		/* The platform's id of a person is an identifier, never
		 * passed on: the pseudonym stands for it. */
		drop_field(r, resp, "id", r->ncat + X_TECHNICAL);
		drop_field(r, resp, "email", GD_PII_EMAIL);
		if (!r->keep_name)
			drop_field(r, resp, "name", GD_PII_NAME);
		if (!r->keep_org)
			drop_field(r, resp, "organisation",
			    GD_PII_ORGANISATION);
		/* Anything else a respondent object carries. */
		json_object_foreach_safe(resp, tmp, k, v) {
			enum fkind fk = field_kind(r, k);

			if (strcmp(k, "type") == 0 || strcmp(k, "type_label")
			    == 0 || strcmp(k, "country") == 0 ||
			    (strcmp(k, "pseudonym") == 0 && r->o.key) ||
			    (strcmp(k, "name") == 0 && r->keep_name) ||
			    (strcmp(k, "organisation") == 0 && r->keep_org))
				continue;
			drop_field(r, resp, k, fk == F_PHONE ? GD_PII_PHONE :
			    fk == F_EMAIL ? GD_PII_EMAIL : fk == F_ADDRESS ?
			    r->ncat + X_ADDRESS : fk == F_TECHNICAL ?
			    r->ncat + X_TECHNICAL : GD_PII_NAME);
		}
	}
	for (i = 0; i < 3; i++) {
		if ((m = json_object_get(rec, maps[i])) == NULL)
			continue;
		if (path_push(r, maps[i], &save) == -1)
			goto nomem;
		/* Not scanned is not published: the caller rejects it. */
		if (scrub_object(r, m, 1, err) == -1)
			return -1;
		path_pop(r, save);
	}
	if (annotate(r, rec) == -1)
		goto nomem;
	return 0;
nomem:
	return gd_error_nomem(err, NULL, 0);
}
