/*
 * pseudonym.h - keyed pseudonyms for respondents.
 *
 * A pseudonym is HMAC-SHA-256 (libsodium) under a secret key, over a
 * domain-separated message built from the respondent's normalised e-mail
 * address (else name and organisation, else organisation alone, else the
 * response id), cut to 120
 * bits and written in base32: 24 lower-case characters.  It is never a
 * plain hash, which anyone could reverse by hashing guesses.  The same
 * respondent under the same key always gets the same pseudonym; without
 * the key, pseudonyms cannot be linked back or recomputed.
 */
#ifndef GD_PSEUDONYM_H
#define GD_PSEUDONYM_H

#include <stddef.h>

#include "error.h"

#define GD_KEY_BYTES 32
#define GD_PSEUDONYM_LEN 24

/*
 * Reads a key file: 64 hexadecimal digits (as gd_key_new writes them),
 * and an optional line end.  The key goes into key (GD_KEY_BYTES); the
 * file's text
 * is wiped from memory.  Returns 0, or -1 with err: GD_EXIT_IO when the
 * file cannot be read, GD_EXIT_UNUSABLE when it is not a key.  The error
 * never contains key material.
 */
int gd_key_load(const char *path, unsigned char *key, struct gd_error *err);

/*
 * Reads the key file path as gd_key_load does, into memory of the key's
 * own, allocated by libsodium: locked (never swapped out), fenced by
 * guard pages, wiped when freed.  Returns the key (GD_KEY_BYTES), to free
 * with gd_key_free(), or NULL with err (as gd_key_load's; GD_EXIT_IO when
 * libsodium cannot start or memory runs out).
 */
unsigned char *gd_key_open(const char *path, struct gd_error *err);

/* Wipes and frees a key from gd_key_open().  key may be NULL. */
void gd_key_free(unsigned char *key);

/*
 * Writes a fresh random key to path (which must not exist), mode 0600.
 * Returns 0, or -1 with err.
 */
int gd_key_new(const char *path, struct gd_error *err);

/*
 * The pseudonym of a respondent: any of email, name, org, id may be NULL
 * or empty; the first of email, name (with org), org, id is used.  Writes
 * GD_PSEUDONYM_LEN characters and a NUL into out.  Returns 0, or -1 when
 * there is nothing to derive it from or memory runs out.
 */
int gd_pseudonym(const unsigned char *key, const char *email,
    const char *name, const char *org, const char *id,
    char out[GD_PSEUDONYM_LEN + 1]);

/*
 * The pseudonym of a respondent the platform identifies (rid: its user
 * or participant id, gd-record(5) respondent.id), the same for every
 * response of that respondent and never that of an e-mail, name or
 * response id.  Returns as gd_pseudonym.
 */
int gd_pseudonym_respondent(const unsigned char *key, const char *rid,
    char out[GD_PSEUDONYM_LEN + 1]);

#endif
