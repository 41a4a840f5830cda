/*
 * pseudonym.c - keyed pseudonyms (see gd/pseudonym.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gd/gd.h"

#define DOMAIN "gd-pseudonym-v1"

int
gd_key_load(const char *path, unsigned char *key, struct gd_error *err)
{
	unsigned char buf[130];
	ssize_t n, got = 0;
	size_t len;
	int fd, rc = -1;

	if (sodium_init() < 0)
		return gd_error_set(err, GD_EXIT_IO, path, 0, 0,
		    "cannot start libsodium");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return gd_error_set(err, GD_EXIT_IO, path, 0, 0,
		    "cannot open key file: %s", strerror(errno));
	while (got < (ssize_t)sizeof(buf) && (n = read(fd, buf + got,
	    sizeof(buf) - (size_t)got)) > 0)
		got += n;
	close(fd);
	/* Hex, with an optional line end. */
	while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r' ||
	    buf[got - 1] == ' '))
		got--;
	/* Constant time: how long decoding takes tells nothing of the key.
	 * Every one of the 64 bytes must be a hexadecimal digit. */
	if (got == 2 * GD_KEY_BYTES && sodium_hex2bin(key, GD_KEY_BYTES,
	    (const char *)buf, (size_t)got, NULL, &len, NULL) == 0 &&
	    len == GD_KEY_BYTES)
		rc = 0;
	sodium_memzero(buf, sizeof(buf));
	if (rc == -1) {
		sodium_memzero(key, GD_KEY_BYTES);
		return gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
		    "not a key file: expected %d hexadecimal digits "
		    "(gd-redact --new-key FILE makes one)", 2 * GD_KEY_BYTES);
	}
	return 0;
}

unsigned char *
gd_key_open(const char *path, struct gd_error *err)
{
	unsigned char *key;

	if (sodium_init() < 0) {
		gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "cannot start libsodium");
		return NULL;
	}
	if ((key = sodium_malloc(GD_KEY_BYTES)) == NULL) {
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	if (gd_key_load(path, key, err) == -1) {
		sodium_free(key);
		return NULL;
	}
	return key;
}

void
gd_key_free(unsigned char *key)
{
	if (key)
		sodium_free(key);
}

int
gd_key_new(const char *path, struct gd_error *err)
{
	unsigned char key[GD_KEY_BYTES];
	char text[2 * GD_KEY_BYTES + 1];
	int fd, ok;

	if (sodium_init() < 0)
		return gd_error_set(err, GD_EXIT_IO, path, 0, 0,
		    "cannot start libsodium");
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600))
	    == -1)
		return gd_error_set(err, GD_EXIT_IO, path, 0, 0,
		    "cannot create key file: %s", strerror(errno));
	randombytes_buf(key, sizeof(key));
	/* Lower-case hex and a NUL, which the line end then replaces. */
	sodium_bin2hex(text, sizeof(text), key, sizeof(key));
	text[2 * GD_KEY_BYTES] = '\n';
	ok = write(fd, text, sizeof(text)) == (ssize_t)sizeof(text) &&
	    fsync(fd) == 0;
	sodium_memzero(key, sizeof(key));
	sodium_memzero(text, sizeof(text));
	if (close(fd) == -1)
		ok = 0;
	if (!ok) {
		(void)unlink(path);
		return gd_error_set(err, GD_EXIT_IO, path, 0, 0,
		    "cannot write key file: %s", strerror(errno));
	}
	return 0;
}

/* Appends s folded (case, accents, runs of space) to b. */
static int
add_folded(struct gd_buf *b, const char *s)
{
	struct gd_folded f = { 0 };
	size_t i;
	int space = 0, rc = 0;

	if (gd_fold(&f, s, strlen(s)) == -1)
		return -1;
	for (i = 0; i < f.n && rc == 0; i++) {
		int32_t c = f.cp[i];
		char u[4];
		size_t k;

		if (!gd_is_word_cp(c)) {
			space = 1;
			continue;
		}
		if (space && b->len > 0 && b->data[b->len - 1] != '\0')
			rc = gd_buf_addc(b, ' ');
		space = 0;
		k = gd_utf8_put((unsigned long)c, u);
		if (rc == 0)
			rc = gd_buf_add(b, u, k);
	}
	gd_folded_release(&f);
	return rc;
}

/* The keyed MAC of m (released), as GD_PSEUDONYM_LEN base32 characters
 * and a NUL. */
static int
encode(const unsigned char *key, struct gd_buf *m,
    char out[GD_PSEUDONYM_LEN + 1])
{
	static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	size_t i, bit;

	crypto_auth_hmacsha256(mac, (unsigned char *)m->data, m->len, key);
	sodium_memzero(m->data, m->cap);
	gd_buf_release(m);
	/* 120 bits: 24 base32 characters of 5 bits. */
	for (i = 0; i < GD_PSEUDONYM_LEN; i++) {
		unsigned v = 0;

		for (bit = 0; bit < 5; bit++) {
			size_t at = i * 5 + bit;

			v = v << 1 | ((mac[at / 8] >> (7 - at % 8)) & 1);
		}
		out[i] = b32[v];
	}
	out[GD_PSEUDONYM_LEN] = '\0';
	sodium_memzero(mac, sizeof(mac));
	return 0;
}

int
gd_pseudonym(const unsigned char *key, const char *email, const char *name,
    const char *org, const char *id, char out[GD_PSEUDONYM_LEN + 1])
{
	struct gd_buf m;
	size_t i;
	int rc = 0;

	gd_buf_init(&m, 0);
	rc |= gd_buf_add(&m, DOMAIN, sizeof(DOMAIN));	/* with the NUL */
	if (email && *email) {
		rc |= gd_buf_add(&m, "email", 6);
		for (; *email == ' '; email++)
			;
		for (i = 0; email[i]; i++) {
			char c = email[i];

			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			rc |= gd_buf_addc(&m, c);
		}
		while (m.len > 0 && m.data[m.len - 1] == ' ')
			m.len--;
	} else if (name && *name) {
		rc |= gd_buf_add(&m, "name", 5);
		rc |= add_folded(&m, name);
		rc |= gd_buf_addc(&m, '\0');
		if (org)
			rc |= add_folded(&m, org);
	} else if (org && *org) {
		rc |= gd_buf_add(&m, "org", 4);
		rc |= add_folded(&m, org);
	} else if (id && *id) {
		rc |= gd_buf_add(&m, "id", 3);
		rc |= gd_buf_add(&m, id, strlen(id));
	} else {
		gd_buf_release(&m);
		return -1;
	}
	if (rc != 0) {
		sodium_memzero(m.data, m.cap);
		gd_buf_release(&m);
		return -1;
	}
	return encode(key, &m, out);
}

int
gd_pseudonym_respondent(const unsigned char *key, const char *rid,
    char out[GD_PSEUDONYM_LEN + 1])
{
	struct gd_buf m;
	int rc = 0;

	if (rid == NULL || *rid == '\0')
		return -1;
	gd_buf_init(&m, 0);
	rc |= gd_buf_add(&m, DOMAIN, sizeof(DOMAIN));	/* with the NUL */
	rc |= gd_buf_add(&m, "respondent", 11);
	rc |= gd_buf_add(&m, rid, strlen(rid));
	if (rc != 0) {
		sodium_memzero(m.data, m.cap);
		gd_buf_release(&m);
		return -1;
	}
	return encode(key, &m, out);
}
