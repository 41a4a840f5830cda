/*
 * redact.h - the gd-redact engine: consent rules and personal-data
 * scrubbing of response records.
 *
 * For publication: withheld responses (and, unless told otherwise, those
 * whose consent is unknown) become count-only records; anonymous consent
 * loses every identifying respondent field, and the respondent's
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

/* The longest answer a count-only record keeps, in bytes: a longer one
 * is free text, not a choice. */
#define GD_CHOICE_MAX 100

/* What a publication does with a response whose consent is "unknown". */
enum gd_unknown_consent {
	GD_UNKNOWN_WITHHOLD,	/* not published, counted (the default) */
	GD_UNKNOWN_ANONYMOUS	/* published without the respondent's
				 * identity, as "anonymous" is */
};

/* Why a publication leaves a response out: gd_redact()'s positive
 * return values, and the "reason" of the count-only record. */
enum gd_unpublished {
	GD_UNPUB_WITHHELD = 1,		/* consent "withheld" */
	GD_UNPUB_MODERATED,		/* moderated out (gd_moderated) */
	GD_UNPUB_CONSENT_UNKNOWN	/* consent "unknown", withheld */
};

/*
 * The members a count-only ("unpublished") record may have, in the order
 * it has them, and those of its respondent; each NULL-ended.  gd_redact()
 * writes no other, and a publication passes on no record that has one.
 */
extern const char *const gd_unpublished_members[];
extern const char *const gd_unpublished_respondent[];

struct gd_redact_opts {
	enum gd_purpose purpose;
	enum gd_moderated moderated;	/* publication only */
	enum gd_unknown_consent unknown_consent;	/* publication only */
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
/* Frees r.  r may be NULL. */
void gd_redactor_free(struct gd_redactor *r);

/*
 * Redacts a response record in place (rec: a JSON object of kind
 * "response"; borrowed).  Returns 0 when it is to be written as a
 * response.  For publication, a response that is not to be published
 * becomes its count-only form in place (kind "unpublished": no id, no
 * identity, no text; its closed answers scrubbed; no audit event), to be
 * written so that the counts downstream take it in, and the return value
 * says why (enum gd_unpublished: consent comes first, then the
 * moderation).  -1 with err filled when it cannot be redacted safely
 * (not a valid response, a consent or moderation that is not canonical,
 * text that cannot be scanned): the caller must not pass it on.
 */
int gd_redact(struct gd_redactor *r, json_t *rec, struct gd_error *err);

/*
 * A run of gd-redact, line by line (lib/redact_line.c): every privacy
 * rule gd-redact keeps, for a caller that only reads lines and writes
 * what it is given.  For each line of a record stream, gd_redact_line()
 * reads the record, decides by its kind (a response is redacted by
 * gd_redact(); another kind is passed on, a reject for publication
 * rebuilt from its allowed members, struct gd_reject_public), rejects
 * what cannot be passed on safely (for publication, without the input:
 * gd_rejects_add_public), and writes the audit records of what it
 * redacted.
 */
struct gd_redact_run;

/*
 * A new run under the options o (copied; what they point to is borrowed
 * and must outlive the run).  The run writes the audit records itself:
 * o->audit and o->audit_ctx are not used.  Starts libsodium.  NULL with
 * err (a policy pattern that does not compile: GD_EXIT_UNUSABLE; memory
 * or libsodium: GD_EXIT_IO).
 */
struct gd_redact_run *gd_redact_run_new(const struct gd_redact_opts *o,
    struct gd_error *err);

/*
 * Where the run writes (both borrowed, either NULL: nothing written):
 * audit records (kind "audit", one per thing redacted, never the text)
 * and reject records (tool named at gd_rejects_open).  Set them before
 * the first line.
 */
struct gd_out;
struct gd_rejects;
void gd_redact_run_sinks(struct gd_redact_run *run, struct gd_out *audit,
    struct gd_rejects *rejects);

/*
 * Frees run and the redactor it made (not the sinks it was given).  run
 * may be NULL.
 */
void gd_redact_run_free(struct gd_redact_run *run);

/* One line of a record stream, as gd_redact_line() takes it. */
struct gd_redact_input {
	const char *p;		/* the line, without its line end */
	size_t n;
	const char *file;	/* the input's name, for rejects */
	unsigned long lineno;
	const struct gd_error *over;	/* not NULL: the line is over the
				 * reader's cap and this is its reject,
				 * placed; p holds its first bytes */
	int cut;		/* with over: p is only the line's start */
};

/* What became of a line. */
enum gd_redact_fate {
	GD_REDACT_NONE,		/* undecided: the run stopped first */
	GD_REDACT_WRITTEN,	/* a response, redacted: write out */
	GD_REDACT_PASSED,	/* a record of another kind: write out */
	GD_REDACT_WITHHELD,	/* publication: not published, consent
				 * withheld: write out (count-only) */
	GD_REDACT_MODERATED,	/* publication: not published, moderated
				 * out: write out (count-only) */
	GD_REDACT_CONSENT_UNKNOWN,	/* publication: not published,
				 * consent unknown: write out (count-only) */
	GD_REDACT_REJECTED	/* not passed on: why; its reject written */
};

struct gd_redact_result {
	enum gd_redact_fate fate;
	const char *out;	/* WRITTEN, PASSED, WITHHELD, MODERATED,
				 * CONSENT_UNKNOWN: the line to write, "\n"
				 * included; the run's, valid until the
				 * next call */
	size_t outlen;
	struct gd_error why;	/* REJECTED: why, placed (file, line),
				 * for the caller's message; it may quote
				 * the input, unlike the reject written
				 * for publication */
};

/*
 * Redacts one line in.  Returns 0 with res filled; -1 with err when the
 * run must stop (GD_EXIT_IO: memory, or the audit or rejects sink failed
 * to write).  After -1, res->fate still says what became of the line if
 * that had been decided (a reject whose record could not be written is
 * REJECTED, with why), for the caller's counts and messages; nothing is
 * to be written.
 */
int gd_redact_line(struct gd_redact_run *run, const struct gd_redact_input *in,
    struct gd_redact_result *res, struct gd_error *err);

/*
 * gd-redact on every core (lib/redact_pool.c): a run of gd_redact_line()
 * over workers.  The caller's thread hands in lines (copied into
 * batches), workers redact whole batches, each with a run of its own
 * (its own detector: compiled patterns, PCRE2 match data and JIT stack;
 * the policy, names and key shared read-only), and the caller's thread
 * takes the results back in input order: it writes each line's audit
 * records and reject to the sinks, then calls fn with what became of the
 * line.  What is written, and what fn is given, line by line, is what
 * one run with gd_redact_line() writes and returns, byte for byte,
 * whatever the number of workers: only the time when fn is called
 * differs (a few batches after the line was handed in).
 */
struct gd_redact_pool;

/*
 * What became of a line, in input order: rc and res as gd_redact_line()
 * returns them (err filled when rc is -1).  Returns 0 to go on, or -1
 * with err (the caller's own failure, such as its output's) to stop the
 * run there: no later line is given to fn.
 */
typedef int (*gd_redact_pool_fn)(void *ctx, int rc,
    const struct gd_redact_result *res, struct gd_error *err);

/*
 * A pool of nworkers workers (1: no thread, each line redacted when
 * handed in) under the options o (as gd_redact_run_new), giving each
 * line to fn.  NULL with err as gd_redact_run_new, or GD_EXIT_IO when a
 * thread cannot be started.
 */
struct gd_redact_pool *gd_redact_pool_new(const struct gd_redact_opts *o,
    unsigned nworkers, gd_redact_pool_fn fn, void *ctx,
    struct gd_error *err);

/*
 * Where the pool writes, as gd_redact_run_sinks (both borrowed, either
 * NULL; they must outlive the pool).  Set them before the first line.
 * Returns 0, or -1 with err (memory).
 */
int gd_redact_pool_sinks(struct gd_redact_pool *p, struct gd_out *audit,
    struct gd_rejects *rejects, struct gd_error *err);

/*
 * Hands in one line (copied: in and what it points to may change once
 * this returns).  Lines already redacted may be given to fn meanwhile.
 * Returns 0, or -1 with err once the run has stopped: fn stopped it, or
 * gd_redact_line() returned -1 for a line, which fn was given (the first
 * such line in input order, as for one run), or memory ran out.  After
 * -1, hand in nothing more.
 */
int gd_redact_pool_line(struct gd_redact_pool *p,
    const struct gd_redact_input *in, struct gd_error *err);

/*
 * Waits for every line handed in and gives each to fn, in order.  Call
 * it at the end of each input (its name in in->file may then go) and
 * before saying the input could not be read further.  Returns 0, or -1
 * with err as gd_redact_pool_line.
 */
int gd_redact_pool_finish(struct gd_redact_pool *p, struct gd_error *err);

/*
 * Stops the workers (lines not yet given to fn are dropped) and frees p,
 * its runs and batches (not the sinks).  p may be NULL.
 */
void gd_redact_pool_free(struct gd_redact_pool *p);

/*
 * The key file a run is to use: given (--key-file) when there is one;
 * else, for analysis only, env (GD_KEY_FILE's value; NULL or empty:
 * none).  The environment holds the analysts' key, which never makes
 * pseudonyms for a publication: there, a key must be given.  Returns 0
 * with *path set (NULL: no key, which only a publication may go
 * without), or -1 with err (GD_EXIT_UNUSABLE) for analysis with no key.
 * Load the key with gd_key_open().
 */
int gd_redact_key_source(enum gd_purpose purpose, const char *given,
    const char *env, const char **path, struct gd_error *err);

#endif
