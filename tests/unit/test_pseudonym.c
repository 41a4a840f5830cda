/*
 * test_pseudonym.c - key files: 64 hexadecimal digits in either case
 * (libsodium's constant-time decoding), an optional line end; anything
 * else refused, the key wiped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gd/gd.h"
#include "t.h"

#define HEX64 "000102030405060708090a0b0c0d0e0f" \
	      "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"

/* Loads a key file holding text; returns gd_key_load's result. */
static int
load(const char *text, unsigned char *key, struct gd_error *err)
{
	char path[] = "/tmp/gd-unit-key-XXXXXX";
	int fd, rc;

	if ((fd = mkstemp(path)) == -1)
		return -2;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		unlink(path);
		return -2;
	}
	close(fd);
	rc = gd_key_load(path, key, err);
	unlink(path);
	return rc;
}

static void
check_key(const unsigned char *key)
{
	int i;

	for (i = 0; i < 16; i++)
		T_EQ_INT(key[i], i);
	for (i = 16; i < 32; i++)
		T_EQ_INT(key[i], 0xf0 + i - 16);
}

TEST(key_load_hex)
{
	unsigned char key[GD_KEY_BYTES];
	struct gd_error err;
	char up[80];
	size_t i;

	T_EQ_INT(load(HEX64, key, &err), 0);
	check_key(key);
	T_EQ_INT(load(HEX64 "\n", key, &err), 0);
	check_key(key);
	T_EQ_INT(load(HEX64 "\r\n", key, &err), 0);
	check_key(key);
	T_EQ_INT(load(HEX64 "  \n", key, &err), 0);
	check_key(key);
	snprintf(up, sizeof(up), "%s", HEX64);
	for (i = 0; up[i]; i++)
		if (up[i] >= 'a' && up[i] <= 'f')
			up[i] = (char)(up[i] - 'a' + 'A');
	T_EQ_INT(load(up, key, &err), 0);
	check_key(key);
}

TEST(key_load_refused)
{
	static const char *const bad[] = {
		"", "\n", HEX64 "0", HEX64 "00",
		"00102030405060708090a0b0c0d0e0f" "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		"g00102030405060708090a0b0c0d0e0f" "0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		"000102030405060708090a0b0c0d0e0f" "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeg",
		"000102030405060708090a0b0c0d0e0f" " 0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		"0x0102030405060708090a0b0c0d0e0f" "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		"not a key at all, just text\n",
	};
	unsigned char key[GD_KEY_BYTES];
	struct gd_error err;
	size_t i;
	int j, zero;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(key, 0x55, sizeof(key));
		T_EQ_INT(load(bad[i], key, &err), -1);
		T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
		T_OK(strstr(err.msg, "not a key file") != NULL);
		for (zero = 1, j = 0; j < GD_KEY_BYTES; j++)
			zero &= key[j] == 0;
		T_OK(zero);	/* wiped */
	}
}

TEST(key_new_then_load)
{
	char path[] = "/tmp/gd-unit-newkey-XXXXXX", text[80];
	unsigned char key[GD_KEY_BYTES];
	struct gd_error err;
	FILE *f;
	size_t n, i;
	int fd;

	if ((fd = mkstemp(path)) == -1)
		return;
	close(fd);
	unlink(path);
	T_EQ_INT(gd_key_new(path, &err), 0);
	T_EQ_INT(gd_key_new(path, &err), -1);	/* never over a file */
	f = fopen(path, "r");
	T_OK(f != NULL);
	if (f == NULL)
		return;
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	T_EQ_INT(n, 65);
	T_EQ_INT(text[64], '\n');
	for (i = 0; i < 64; i++)
		T_OK((text[i] >= '0' && text[i] <= '9') ||
		    (text[i] >= 'a' && text[i] <= 'f'));
	T_EQ_INT(gd_key_load(path, key, &err), 0);
	for (i = 0; i < GD_KEY_BYTES; i++) {
		unsigned hi = (unsigned)(text[2 * i] <= '9' ? text[2 * i] - '0' :
		    text[2 * i] - 'a' + 10);
		unsigned lo = (unsigned)(text[2 * i + 1] <= '9' ?
		    text[2 * i + 1] - '0' : text[2 * i + 1] - 'a' + 10);

		T_EQ_INT(key[i], hi << 4 | lo);
	}
	unlink(path);
}

/* A respondent the platform identifies: one pseudonym for their id, never
 * that of an e-mail, name or response id with the same text. */
TEST(pseudonym_respondent)
{
	unsigned char key[GD_KEY_BYTES];
	char a[GD_PSEUDONYM_LEN + 1], b[GD_PSEUDONYM_LEN + 1];
	char c[GD_PSEUDONYM_LEN + 1];
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)i;
	T_EQ_INT(gd_pseudonym_respondent(key, "55355", a), 0);
	T_EQ_INT(gd_pseudonym_respondent(key, "55355", b), 0);
	T_EQ_STR(a, b);
	T_EQ_INT(strlen(a), GD_PSEUDONYM_LEN);
	T_EQ_INT(gd_pseudonym(key, NULL, NULL, NULL, "55355", c), 0);
	T_OK(strcmp(a, c) != 0);
	T_EQ_INT(gd_pseudonym(key, "55355", NULL, NULL, NULL, c), 0);
	T_OK(strcmp(a, c) != 0);
	T_EQ_INT(gd_pseudonym_respondent(key, "55356", b), 0);
	T_OK(strcmp(a, b) != 0);
	T_EQ_INT(gd_pseudonym_respondent(key, "", b), -1);
	T_EQ_INT(gd_pseudonym_respondent(key, NULL, b), -1);
}
