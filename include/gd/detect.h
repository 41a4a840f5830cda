/*
 * detect.h - finding personal data in free text.
 *
 * Each category has a candidate pattern (PCRE2, JIT-compiled, UTF mode,
 * tolerant of invalid UTF-8) and a validator that keeps only what the
 * category can really be: e-mail domains must end in a public suffix,
 * cards must pass Luhn, IBANs ISO 7064 mod 97 and their country's length
 * (every country of the IBAN registry), NHS numbers mod 11, IP addresses
 * must parse, US SSNs must not fall in ranges never issued, phone numbers
 * must have 8 to 15 digits and look like a phone number (an international
 * prefix, a national trunk 0, a national grouping, pairs, a bare run of 9
 * to 11 digits, or a word such as "phone", "Tel.-Nr." or "my details:"
 * before), National Insurance numbers any two letters, six digits and
 * A-D or nothing.  Digit groups may be held by typographic spaces and
 * dashes or a line break (gd_digit_sep()); e-mail addresses are also
 * sought with zero-width characters read away and Cyrillic or Greek
 * look-alike letters read as Latin.  Look-alikes that are not personal
 * data — dates, amounts, percentages, years, version numbers, legal
 * references, order, article and case numbers, URLs of public pages, EU
 * Transparency Register ids (public identifiers of organisations), the
 * inclusive spelling "vecin@s.la" — are left alone.
 * Names are found by comparison: the respondent's own names and a list
 * of names, folded for case and accents, as whole words.
 */
#ifndef GD_DETECT_H
#define GD_DETECT_H

#include <stddef.h>

#include "error.h"
#include "textnorm.h"

enum gd_pii {
	GD_PII_EMAIL,
	GD_PII_PHONE,
	GD_PII_IBAN,
	GD_PII_CARD,
	GD_PII_IP,
	GD_PII_NINO,
	GD_PII_NHS,
	GD_PII_POSTCODE,
	GD_PII_SSN,
	GD_PII_NAME,
	GD_PII_ORGANISATION,
	GD_PII_BUILTIN,		/* custom patterns are numbered from here */
	GD_PII_MAX = GD_PII_BUILTIN + 32
};

/* How a found span is replaced. */
enum gd_mask_style {
	GD_MASK_TOKEN,		/* [EMAIL] */
	GD_MASK_STARS,		/* one * per character */
	GD_MASK_REMOVE		/* nothing */
};

struct gd_policy;
struct gd_detector;

/* A found span: bytes [start, end) of the text. */
struct gd_span {
	size_t start, end;
	int cat;
	const char *detector;	/* static: which check found it */
};

struct gd_spans {
	struct gd_span *v;
	size_t n, cap;
};

/* Names to look for, folded once. */
struct gd_names {
	struct gd_folded *v;
	size_t n, cap;
};

/*
 * The default policy (every built-in category on, token style), or one
 * read from a JSON file: {"categories": {"phone": false, ...}, "style":
 * "token"|"mask"|"remove", "custom": [{"name": N, "pattern": RE,
 * "token": T}, ...]}.  NULL with err (GD_EXIT_UNUSABLE) on a bad file.
 */
struct gd_policy *gd_policy_new(void);
struct gd_policy *gd_policy_load(const char *path, struct gd_error *err);
/* Frees p.  p may be NULL. */
void gd_policy_free(struct gd_policy *p);
enum gd_mask_style gd_policy_style(const struct gd_policy *p);
int gd_policy_enabled(const struct gd_policy *p, int cat);

/* The name of a category ("email"...) and its token ("[EMAIL]"). */
const char *gd_pii_name(const struct gd_policy *p, int cat);
const char *gd_pii_token(const struct gd_policy *p, int cat);
/* How many categories there are (built-in and custom). */
int gd_pii_count(const struct gd_policy *p);

/*
 * Compiles the detectors of a policy (borrowed; it must outlive the
 * detector).  NULL with err: GD_EXIT_UNUSABLE for a custom pattern that
 * does not compile, GD_EXIT_IO when memory runs out.
 */
struct gd_detector *gd_detector_new(const struct gd_policy *p,
    struct gd_error *err);
/* Frees d.  d may be NULL. */
void gd_detector_free(struct gd_detector *d);

/*
 * Finds the personal data in s (n bytes, UTF-8; invalid bytes are
 * tolerated): out is replaced by spans sorted by start, without overlaps
 * (where two overlap, the more certain category, then the longer, wins,
 * and the span covers both).  names (a list of third parties) and own
 * (the respondent's own names) are found as category name, orgs (the
 * respondent's organisation, when it would identify them) as
 * organisation; any may be NULL.  Returns 0, or -1 with err filled when
 * the text cannot be scanned (a matching limit, memory): the caller must
 * then not publish it.
 */
int gd_detect(struct gd_detector *d, const char *s, size_t n,
    const struct gd_names *names, const struct gd_names *own,
    const struct gd_names *orgs, struct gd_spans *out, struct gd_error *err);

/*
 * What a text is, when the name of the member it is the value of says
 * so (gd-redact reads the names of members).
 */
enum gd_text_kind {
	GD_TEXT_ANY,		/* any text */
	GD_TEXT_TR_ID		/* an EU Transparency Register id */
};

/*
 * As gd_detect, for a text of that kind: in a GD_TEXT_TR_ID text, a
 * Transparency Register id with spaces in its digits or around its
 * hyphen ("535 183 0264 - 31") is taken for what it is, as after the
 * words "Transparency Register" in any text.  Everything else is looked
 * for as in any text.
 */
int gd_detect_in(struct gd_detector *d, enum gd_text_kind kind,
    const char *s, size_t n, const struct gd_names *names,
    const struct gd_names *own, const struct gd_names *orgs,
    struct gd_spans *out, struct gd_error *err);

/*
 * Adds a name (UTF-8, n bytes) to a list, folded; with parts, also each
 * word of it of two or more letters.  Returns 0 or -1 (memory).
 */
int gd_names_add(struct gd_names *l, const char *s, size_t n, int parts);
void gd_names_reset(struct gd_names *l);
void gd_names_release(struct gd_names *l);

/* Reads names, one per line (# comments, blank lines skipped). */
int gd_names_load(struct gd_names *l, const char *path, struct gd_error *err);

void gd_spans_release(struct gd_spans *s);

/* ---- the validators, for tests and for the detectors ---- */

/*
 * The byte length of the separator of digit groups at the start of s (n
 * bytes), 0 when there is none: a space, a dash, a no-break, narrow
 * no-break, thin or figure space (U+00A0, U+202F, U+2009, U+2007), an en
 * dash, figure dash or non-breaking hyphen (U+2013, U+2012, U+2011), a
 * line break (LF or CR LF).  The validators below skip these.
 */
size_t gd_digit_sep(const char *s, size_t n);

int gd_check_luhn(const char *digits, size_t n);
/* s: an IBAN with separators of digit groups allowed. */
int gd_check_iban(const char *s, size_t n);
/* The length of the IBANs of country cc (two capitals; the IBAN
 * registry), 0 for a country that has none. */
int gd_iban_length(const char *cc);
int gd_check_nhs(const char *s, size_t n);
int gd_check_ssn(const char *s, size_t n);
/* IPv4 or IPv6 text that inet_pton accepts. */
int gd_check_ip(const char *s, size_t n);
/* An e-mail address whose domain ends in a known public suffix. */
int gd_check_email(const char *s, size_t n);

/*
 * Whether patterns are compiled with PCRE2's JIT: yes, unless the
 * environment has GD_NO_JIT (valgrind's memcheck cannot follow JIT code
 * and reports it; the interpreter gives the same matches, slower).
 */
int gd_jit_enabled(void);

#endif
