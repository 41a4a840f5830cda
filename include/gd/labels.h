/*
 * labels.h - canonical respondent types, consent values and moderation
 * states, and the tables that turn an export's own labels into them.
 */
#ifndef GD_LABELS_H
#define GD_LABELS_H

#include <stddef.h>

/*
 * Returns 1 when s (n bytes) is a canonical respondent type of
 * gd-record(5): citizen, public_employee, elected_official, business,
 * business_association, ngo, trade_union, academic, public_authority,
 * consumer_organisation, organisation, other, unknown.
 */
int gd_type_is_canonical(const char *s, size_t n);

/* Returns 1 when s is named, anonymous, withheld or unknown. */
int gd_consent_is_canonical(const char *s, size_t n);

/*
 * Returns 1 when s is a moderation state of gd-record(5): accepted,
 * rejected, pending or retired.
 */
int gd_moderation_is_canonical(const char *s, size_t n);

/*
 * A platform's word for a moderation state ("published", "hidden",
 * "withdrawn"...), compared as labels are.  Returns the canonical state
 * (static string), or NULL when the word is not known.
 */
const char *gd_moderation_from_label(const char *s, size_t n);

/*
 * Looks up an export's respondent-type label (case, accents, surrounding
 * spaces and punctuation ignored, as gd_label_eq() does) in the built-in
 * table: English words ("civil servant", "member of the public",
 * "company"...), the EU Have Your Say userType codes, and some Spanish,
 * French, German and Dutch labels.  Returns the canonical type (static
 * string), or NULL when the label is not known.
 */
const char *gd_type_from_label(const char *s, size_t n);

/*
 * The same for consent labels: "Publish response in full" is named,
 * "Publish response only (without name)" anonymous, "Do not publish",
 * "Keep my response confidential" and "Nicht veröffentlichen"
 * withheld...: some 480 wordings in English, German, French, Spanish,
 * Italian, Dutch and Portuguese, each matched whole.  Returns the
 * canonical value (static string), or NULL when the label is not known.
 */
const char *gd_consent_from_label(const char *s, size_t n);

/*
 * For a consent label gd_consent_from_label() does not know: returns 1
 * when it reads as a refusal to publish, 0 otherwise.  It does when one
 * of its words refuses on its own (confidential, private, withhold,
 * refuse; vertraulich, confidentiel, riservato...), or when it has both
 * a negation (no, not, don't, never; nicht, kein, ne, pas, non, niet,
 * geen, não, nie...) and a word of publishing or consent (publish,
 * public, consent, agree, disclose; veröffentlichen, publier,
 * publicar, pubblicare, publiceren, openbaar...), in any order.  It never
 * reads a label as allowing anything: a label it does not take stays
 * unknown, and one that allows in words it takes for a refusal ("publish,
 * but not my name") is withheld, the safe way to be wrong.
 */
int gd_consent_refusal(const char *s, size_t n);

/*
 * Compares two labels the way the tables do: equal in the normal form of
 * gd_lfold_next() (gd/textnorm.h): folded as gd_fold() folds text (case,
 * accents, compatibility forms), with spaces, punctuation and symbols at
 * both ends ignored and inner runs of them counted as one space.  Returns
 * 1 when equal.
 */
int gd_label_eq(const char *a, size_t an, const char *b, size_t bn);

/*
 * Header names compared as gd_label_eq() compares labels, and with the
 * spaces of the normal form left out as well, so that one name written
 * in camelCase, snake_case, kebab-case or with spaces matches the others
 * ("userType", "user_type", "user-type", "User type").  Returns 1 when a
 * and b match.
 */
int gd_header_eq(const char *a, size_t an, const char *b, size_t bn);

/*
 * 1 when the header name hay holds needle, both compared in the form of
 * gd_header_eq() ("I am responding as" holds "responding_as").  Names
 * over 1 KiB in that form hold nothing.
 */
int gd_header_contains(const char *hay, size_t hn, const char *needle,
    size_t nn);

/*
 * The score of an answer on the default Likert scale, English agree /
 * disagree wordings compared as gd_label_eq() does: 1 strongly disagree
 * to 5 strongly agree, 0 for an answer off the scale ("don't know", "no
 * opinion"), -1 when the label is not one of them.  gd-tally reads it
 * unless given a scale of its own; gd-publish orders a Likert question's
 * answers and colours them by it.
 */
int gd_likert_default_score(const char *s, size_t n);

#endif
