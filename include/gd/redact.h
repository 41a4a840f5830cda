/*
 * redact.h - the gd-redact engine: consent rules and personal-data
 * scrubbing of response records.
 *
 * For publication: withheld responses are dropped; anonymous and unknown
 * consent lose every identifying respondent field, and the respondent's
 * own name (and organisation, for an individual) wherever it recurs in
 * their text; named responses keep name and organisation.  E-mail,
 * telephone and postal address are never published, whatever the
 * consent; organisations responding as such keep their organisation name;
 * technical fields (IP address, user agent...) are always dropped.  For
 * analysis: every response is kept, the identity replaced by a keyed
 * pseudonym, personal data scrubbed from the text.  Either way every
 * string of answers, comments and extra is scanned (detect.h), and the
 * record says what was done: "privacy" and "redacted" (category -> count).
 *
 * The platform's moderation state ("moderation": accepted, rejected,
 * pending, retired; absent when the export has none): for publication,
 * responses that a moderator rejected or that their author retired are
 * dropped unless the caller asks for them (gd_moderated); the member
 * itself is kept in every response written.
 */
#ifndef GD_REDACT_H
#define GD_REDACT_H

#include <jansson.h>

#include "detect.h"
#include "error.h"

enum gd_purpose {
	GD_FOR_PUBLICATION,
	GD_FOR_ANALYSIS
};

/* One thing redacted, for the audit trail: never the original text. */
struct gd_audit_event {
	const char *id;		/* record id */
	const char *path;	/* "comments.q1", "respondent.email", ... */
	const char *category;
	const char *detector;	/* "email", "field", "consent" ... */
	const char *action;	/* "replaced" or "removed" */
	size_t offset, length;	/* in the output text (replaced only) */
};

/* Which moderated responses a publication leaves out. */
enum gd_moderated {
	GD_MODERATED_DROP,	/* rejected and retired (the default) */
	GD_MODERATED_STRICT,	/* pending too: only accepted ones, or those
				 * without a moderation state, published */
	GD_MODERATED_PUBLISH	/* none: published whatever their state */
};

struct gd_redact_opts {
	enum gd_purpose purpose;
	enum gd_moderated moderated;	/* publication only */
	const struct gd_policy *policy;	/* borrowed */
	const struct gd_names *names;	/* third-party names, or NULL */
	const unsigned char *key;	/* GD_KEY_BYTES, or NULL: no pseudonym */
	void (*audit)(void *ctx, const struct gd_audit_event *ev);
	void *audit_ctx;
};

struct gd_redactor;

/* NULL with err (a policy pattern that does not compile, memory). */
struct gd_redactor *gd_redactor_new(const struct gd_redact_opts *o,
    struct gd_error *err);
void gd_redactor_free(struct gd_redactor *r);

/*
 * Redacts a response record in place (rec: a JSON object of kind
 * "response"; borrowed).  Returns 0 when it is to be written; for
 * publication, 1 when it is to be dropped as withheld (by consent, which
 * comes first) and 2 when it is to be dropped as moderated out (see
 * enum gd_moderated); -1 with err filled when it cannot be redacted
 * safely (not a valid response, a consent or moderation that is not
 * canonical, text that cannot be scanned): the caller must not pass it
 * on.  A dropped record is left as it was read.
 */
int gd_redact(struct gd_redactor *r, json_t *rec, struct gd_error *err);

#endif
