/*
 * test_source.c - input files decoded to UTF-8: byte-order marks, UTF-16
 * found by its NUL bytes, the Windows-1252 guess, forced encodings, the
 * 0xFF marker for invalid input, big files, errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gd/gd.h"
#include "t.h"

#define S(x)	(x), (sizeof(x) - 1)

/* Writes n bytes to a new temporary file; path gets its name. */
static int
tmp_write(char path[64], const void *p, size_t n)
{
	int fd;

	snprintf(path, 64, "/tmp/gd-test-src-XXXXXX");
	if ((fd = mkstemp(path)) == -1) {
		t_fail(__FILE__, __LINE__, "mkstemp failed");
		return -1;
	}
	if (n > 0 && write(fd, p, n) != (ssize_t)n) {
		t_fail(__FILE__, __LINE__, "write failed");
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* Reads the whole source into b (initialised here).  Returns the last
 * gd_source_read result (0 at a clean end). */
static int
read_all(struct gd_source *s, struct gd_buf *b, size_t *calls)
{
	struct gd_error err;
	const char *p;
	size_t n;
	int rc;

	gd_buf_init(b, 0);
	gd_buf_add(b, "", 0);
	if (calls)
		*calls = 0;
	while ((rc = gd_source_read(s, &p, &n, &err)) == 1) {
		if (calls)
			(*calls)++;
		if (gd_buf_add(b, p, n) == -1)
			return -1;
	}
	return rc;
}

/* Opens a file holding data with the given encoding and reads it all. */
struct decoded {
	struct gd_buf text;
	char enc[64];
	int guessed, bom, converted, rc;
};

static int
decode_file(const void *data, size_t n, const char *encoding,
    struct decoded *d)
{
	struct gd_error err;
	struct gd_source *s;
	char path[64];

	memset(d, 0, sizeof(*d));
	gd_buf_init(&d->text, 0);
	if (tmp_write(path, data, n) == -1)
		return -1;
	s = gd_source_open(path, encoding, &err);
	if (s == NULL) {
		t_fail(__FILE__, __LINE__, "open: %s", err.msg);
		unlink(path);
		return -1;
	}
	snprintf(d->enc, sizeof(d->enc), "%s", gd_source_encoding(s));
	d->guessed = gd_source_guessed(s);
	d->bom = gd_source_had_bom(s);
	d->converted = gd_source_converted(s);
	gd_buf_release(&d->text);
	d->rc = read_all(s, &d->text, NULL);
	T_EQ_STR(gd_source_name(s), path);
	T_EQ_INT(gd_source_offset(s), n);
	gd_source_close(s);
	unlink(path);
	return 0;
}

TEST(src_utf8_without_bom)
{
	static const char t[] = "id,name\n1,Jos\xc3\xa9 \xe2\x82\xac\n";
	struct decoded d;

	if (decode_file(S(t), NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-8");
		T_EQ_INT(d.guessed, 0);
		T_EQ_INT(d.bom, 0);
		T_EQ_INT(d.converted, 0);
		T_EQ_INT(d.rc, 0);
		T_EQ_MEM(d.text.data, d.text.len, t);
	}
	gd_buf_release(&d.text);
	/* "auto" is the same as NULL. */
	if (decode_file(S(t), "auto", &d) == 0) {
		T_EQ_STR(d.enc, "UTF-8");
		T_EQ_MEM(d.text.data, d.text.len, t);
	}
	gd_buf_release(&d.text);
}

TEST(src_utf8_with_bom)
{
	struct decoded d;

	if (decode_file(S("\xef\xbb\xbf" "a,b\n\xc3\xa9\n"), NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-8");
		T_EQ_INT(d.bom, 1);
		T_EQ_INT(d.converted, 0);
		T_EQ_INT(d.guessed, 0);
		T_EQ_MEM(d.text.data, d.text.len, "a,b\n\xc3\xa9\n");
	}
	gd_buf_release(&d.text);
	/* Forced UTF-8 drops the BOM too. */
	if (decode_file(S("\xef\xbb\xbf" "x"), "utf-8", &d) == 0) {
		T_EQ_STR(d.enc, "UTF-8");
		T_EQ_INT(d.bom, 1);
		T_EQ_MEM(d.text.data, d.text.len, "x");
	}
	gd_buf_release(&d.text);
	/* Only a BOM: no text. */
	if (decode_file(S("\xef\xbb\xbf"), NULL, &d) == 0) {
		T_EQ_INT(d.bom, 1);
		T_EQ_INT(d.text.len, 0);
		T_EQ_INT(d.rc, 0);
	}
	gd_buf_release(&d.text);
}

TEST(src_empty_file)
{
	struct decoded d;

	if (decode_file("", 0, NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-8");
		T_EQ_INT(d.rc, 0);
		T_EQ_INT(d.text.len, 0);
		T_EQ_INT(d.guessed, 0);
	}
	gd_buf_release(&d.text);
}

/* "hé€😀\n" in UTF-16LE / BE, and its UTF-8. */
static const char u16le[] = "h\0\xe9\0\xac\x20\x3d\xd8\x00\xde\n\0";
static const char u16be[] = "\0h\0\xe9\x20\xac\xd8\x3d\xde\x00\0\n";
static const char u8text[] = "h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\n";

TEST(src_utf16le_with_bom)
{
	char in[64];
	struct decoded d;

	memcpy(in, "\xff\xfe", 2);
	memcpy(in + 2, u16le, sizeof(u16le) - 1);
	if (decode_file(in, sizeof(u16le) + 1, NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-16LE");
		T_EQ_INT(d.bom, 1);
		T_EQ_INT(d.converted, 1);
		T_EQ_INT(d.guessed, 0);
		T_EQ_INT(d.rc, 0);
		T_EQ_MEM(d.text.data, d.text.len, u8text);
	}
	gd_buf_release(&d.text);
}

TEST(src_utf16be_with_bom)
{
	char in[64];
	struct decoded d;

	memcpy(in, "\xfe\xff", 2);
	memcpy(in + 2, u16be, sizeof(u16be) - 1);
	if (decode_file(in, sizeof(u16be) + 1, NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-16BE");
		T_EQ_INT(d.bom, 1);
		T_EQ_INT(d.converted, 1);
		T_EQ_MEM(d.text.data, d.text.len, u8text);
	}
	gd_buf_release(&d.text);
}

TEST(src_utf16le_without_bom_by_nul_pattern)
{
	static const char t[] = "i\0d\0,\0n\0a\0m\0e\0\n\0" "1\0,\0J\0o\0s\0"
	    "\xe9\0\n\0";
	struct decoded d;

	if (decode_file(S(t), NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-16LE");
		T_EQ_INT(d.bom, 0);
		T_EQ_INT(d.converted, 1);
		T_EQ_INT(d.guessed, 0);
		T_EQ_MEM(d.text.data, d.text.len, "id,name\n1,Jos\xc3\xa9\n");
	}
	gd_buf_release(&d.text);
}

TEST(src_utf16be_without_bom_by_nul_pattern)
{
	static const char t[] = "\0i\0d\0,\0n\0a\0m\0e\0\n";
	struct decoded d;

	if (decode_file(S(t), NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-16BE");
		T_EQ_INT(d.bom, 0);
		T_EQ_MEM(d.text.data, d.text.len, "id,name\n");
	}
	gd_buf_release(&d.text);
}

TEST(src_utf32le_with_bom)
{
	static const char t[] = "\xff\xfe\0\0" "a\0\0\0" "\xe9\0\0\0"
	    "\x00\xf6\x01\0" "\n\0\0\0";
	struct decoded d;

	if (decode_file(S(t), NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-32LE");
		T_EQ_INT(d.bom, 1);
		T_EQ_INT(d.converted, 1);
		T_EQ_MEM(d.text.data, d.text.len,
		    "a\xc3\xa9\xf0\x9f\x98\x80\n");
	}
	gd_buf_release(&d.text);
}

TEST(src_utf32be_with_bom)
{
	static const char t[] = "\0\0\xfe\xff" "\0\0\0a" "\0\0\0\xe9";
	struct decoded d;

	if (decode_file(S(t), NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-32BE");
		T_EQ_INT(d.bom, 1);
		T_EQ_MEM(d.text.data, d.text.len, "a\xc3\xa9");
	}
	gd_buf_release(&d.text);
}

TEST(src_windows1252_fallback)
{
	static const char t[] = "name,note\nJos\xe9,5 \x80 \x85 \x93q\x94\n";
	struct decoded d;

	if (decode_file(S(t), NULL, &d) == 0) {
		T_EQ_STR(d.enc, "WINDOWS-1252");
		T_EQ_INT(d.guessed, 1);
		T_EQ_INT(d.converted, 1);
		T_EQ_INT(d.bom, 0);
		T_EQ_INT(d.rc, 0);
		T_EQ_MEM(d.text.data, d.text.len, "name,note\nJos\xc3\xa9,5 "
		    "\xe2\x82\xac \xe2\x80\xa6 \xe2\x80\x9cq\xe2\x80\x9d\n");
	}
	gd_buf_release(&d.text);
}

TEST(src_forced_iso_8859_1)
{
	static const char t[] = "caf\xe9 \x80";
	struct decoded d;

	if (decode_file(S(t), "ISO-8859-1", &d) == 0) {
		T_EQ_STR(d.enc, "ISO-8859-1");
		T_EQ_INT(d.guessed, 0);
		T_EQ_INT(d.converted, 1);
		/* 0x80 is U+0080 in Latin-1, not the euro sign. */
		T_EQ_MEM(d.text.data, d.text.len, "caf\xc3\xa9 \xc2\x80");
	}
	gd_buf_release(&d.text);
	/* The name is reported upper case. */
	if (decode_file(S(t), "iso-8859-1", &d) == 0) {
		T_EQ_STR(d.enc, "ISO-8859-1");
		T_EQ_MEM(d.text.data, d.text.len, "caf\xc3\xa9 \xc2\x80");
	}
	gd_buf_release(&d.text);
}

TEST(src_forced_encoding_overrides_detection)
{
	struct decoded d;

	/* Valid UTF-8 read as Windows-1252 on request. */
	if (decode_file(S("\xc3\xa9"), "windows-1252", &d) == 0) {
		T_EQ_STR(d.enc, "WINDOWS-1252");
		T_EQ_INT(d.guessed, 0);
		T_EQ_MEM(d.text.data, d.text.len, "\xc3\x83\xc2\xa9");
	}
	gd_buf_release(&d.text);
	/* Forced UTF-8 keeps invalid bytes as they are. */
	if (decode_file(S("a\xff\x80" "b"), "UTF-8", &d) == 0) {
		T_EQ_STR(d.enc, "UTF-8");
		T_EQ_INT(d.converted, 0);
		T_EQ_MEM(d.text.data, d.text.len, "a\xff\x80" "b");
	}
	gd_buf_release(&d.text);
	/* "UTF8" is UTF-8 too. */
	if (decode_file(S("x"), "utf8", &d) == 0) {
		T_EQ_STR(d.enc, "UTF-8");
		T_EQ_INT(d.converted, 0);
	}
	gd_buf_release(&d.text);
	/* A BOM of the forced encoding is dropped. */
	if (decode_file(S("\xff\xfe" "a\0"), "UTF-16LE", &d) == 0) {
		T_EQ_INT(d.bom, 1);
		T_EQ_MEM(d.text.data, d.text.len, "a");
	}
	gd_buf_release(&d.text);
}

TEST(src_unknown_encoding)
{
	struct gd_error err;
	struct gd_source *s;
	char path[64];

	if (tmp_write(path, S("abc")) == -1)
		return;
	gd_error_clear(&err);
	s = gd_source_open(path, "NO-SUCH-ENCODING-42", &err);
	T_OK(s == NULL);
	T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
	T_OK(strstr(err.msg, "NO-SUCH-ENCODING-42") != NULL);
	T_EQ_STR(err.file, path);
	gd_source_close(s);
	unlink(path);
}

TEST(src_missing_file)
{
	struct gd_error err;
	struct gd_source *s;

	gd_error_clear(&err);
	s = gd_source_open("/tmp/gd-test-no-such-dir/no-such-file.csv", NULL,
	    &err);
	T_OK(s == NULL);
	T_EQ_INT(err.code, GD_EXIT_IO);
	T_EQ_STR(err.file, "/tmp/gd-test-no-such-dir/no-such-file.csv");
	T_OK(err.msg[0] != '\0');
	/* err may be NULL. */
	T_OK(gd_source_open("/tmp/gd-test-no-such-dir/x", NULL, NULL) ==
	    NULL);
	gd_source_close(NULL);
}

TEST(src_invalid_utf16_gets_ff_marker)
{
	/* A lone low surrogate, a lone high surrogate before 'b', and an
	 * odd byte at the end. */
	static const char t[] = "a\0\x00\xdc" "b\0\x00\xd8" "c\0" "d\0" "e";
	struct decoded d;

	if (decode_file(S(t), "UTF-16LE", &d) == 0) {
		T_EQ_INT(d.converted, 1);
		T_EQ_INT(d.rc, 0);
		T_EQ_MEM(d.text.data, d.text.len, "a\xff" "b\xff" "cd\xff");
		T_OK(!gd_utf8_valid(d.text.data, d.text.len));
	}
	gd_buf_release(&d.text);
}

TEST(src_invalid_windows1252_bytes_get_ff_marker)
{
	/* 0x81 and 0x8d are not characters of Windows-1252. */
	struct decoded d;

	if (decode_file(S("a\x81" "b\x8d" "c"), "WINDOWS-1252", &d) == 0)
		T_EQ_MEM(d.text.data, d.text.len, "a\xff" "b\xff" "c");
	gd_buf_release(&d.text);
}

TEST(src_peek_then_read)
{
	struct gd_error err;
	struct gd_source *s;
	struct gd_buf b;
	const char *p;
	size_t n;
	char path[64];

	if (tmp_write(path, S("\xff\xfe" "[\0{\0}\0]\0")) == -1)
		return;
	s = gd_source_open(path, NULL, &err);
	T_OK(s != NULL);
	if (s) {
		gd_source_peek(s, &p, &n);
		T_EQ_MEM(p, n, "[{}]");
		gd_source_peek(s, &p, &n);	/* again: the same */
		T_EQ_MEM(p, n, "[{}]");
		T_EQ_INT(read_all(s, &b, NULL), 0);
		T_EQ_MEM(b.data, b.len, "[{}]");	/* nothing lost */
		gd_buf_release(&b);
		gd_source_close(s);
	}
	unlink(path);

	if (tmp_write(path, S("\xef\xbb\xbf{}")) == -1)
		return;
	s = gd_source_open(path, NULL, &err);
	T_OK(s != NULL);
	if (s) {
		gd_source_peek(s, &p, &n);
		T_EQ_MEM(p, n, "{}");
		T_EQ_INT(read_all(s, &b, NULL), 0);
		T_EQ_MEM(b.data, b.len, "{}");
		gd_buf_release(&b);
		gd_source_close(s);
	}
	unlink(path);
}

/* A file bigger than 1 MiB (many 256 KiB blocks) read in full. */
TEST(src_big_utf8_file_byte_identical)
{
	size_t n = (1UL << 20) + 300000, i, calls;
	struct gd_error err;
	struct gd_source *s;
	struct gd_buf b;
	char path[64], *data;

	if ((data = malloc(n)) == NULL)
		return;
	for (i = 0; i < n; i++)
		data[i] = (char)(i % 64 == 63 ? '\n' : 'a' + i % 26);
	/* Multi-byte characters here and there, also on block ends. */
	for (i = 1000; i + 4 < n; i += 65521)
		memcpy(data + i, "\xe2\x82\xac", 3);
	memcpy(data + 262143, "\xc3\xa9", 2);
	memcpy(data + 524286, "\xf0\x9f\x98\x80", 4);
	if (tmp_write(path, data, n) == -1) {
		free(data);
		return;
	}
	s = gd_source_open(path, NULL, &err);
	T_OK(s != NULL);
	if (s) {
		T_EQ_STR(gd_source_encoding(s), "UTF-8");
		T_EQ_INT(gd_source_guessed(s), 0);
		T_EQ_INT(read_all(s, &b, &calls), 0);
		T_EQ_INT(b.len, n);
		T_OK(b.len == n && memcmp(b.data, data, n) == 0);
		T_OK(calls >= 4);	/* it came in blocks */
		T_EQ_INT(gd_source_offset(s), n);
		/* After the end: still the end. */
		{
			const char *p;
			size_t k;

			T_EQ_INT(gd_source_read(s, &p, &k, &err), 0);
		}
		gd_buf_release(&b);
		gd_source_close(s);
	}
	unlink(path);
	free(data);
}

/* A first block that ends inside a UTF-8 sequence is still UTF-8. */
TEST(src_utf8_detection_with_sequence_cut_by_first_block)
{
	size_t n = 600000, i;
	struct decoded d;
	char *data;

	if ((data = malloc(n)) == NULL)
		return;
	memset(data, 'x', n);
	for (i = 262140; i < 262150; i += 3)
		memcpy(data + i, "\xe2\x82\xac", 3);
	if (decode_file(data, n, NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-8");
		T_EQ_INT(d.guessed, 0);
		T_OK(d.text.len == n && memcmp(d.text.data, data, n) == 0);
	}
	gd_buf_release(&d.text);
	free(data);
}

/* A big Windows-1252 file converted across many blocks. */
TEST(src_big_windows1252_file)
{
	static const char unit[] = "ab\x80\x85\xe9\n";	/* 6 bytes */
	static const char want[] = "ab\xe2\x82\xac\xe2\x80\xa6\xc3\xa9\n";
	size_t reps = 250000, i, bad = 0, wl = sizeof(want) - 1;
	struct decoded d;
	char *data;

	if ((data = malloc(reps * 6)) == NULL)
		return;
	for (i = 0; i < reps; i++)
		memcpy(data + i * 6, unit, 6);
	if (decode_file(data, reps * 6, NULL, &d) == 0) {
		T_EQ_STR(d.enc, "WINDOWS-1252");
		T_EQ_INT(d.guessed, 1);
		T_EQ_INT(d.text.len, reps * wl);
		for (i = 0; d.text.len == reps * wl && i < reps; i++)
			if (memcmp(d.text.data + i * wl, want, wl) != 0)
				bad++;
		T_EQ_INT(bad, 0);
	}
	gd_buf_release(&d.text);
	free(data);
}

/* UTF-16 with surrogate pairs cut by every block end. */
TEST(src_big_utf16_pairs_across_blocks)
{
	size_t units = 700001, i, n = 2 + units * 2, bad = 0, k;
	struct decoded d;
	unsigned char *data;

	if ((data = malloc(n)) == NULL)
		return;
	data[0] = 0xff;
	data[1] = 0xfe;
	/* Odd unit offsets hold 'x'; pairs U+1F600 (D83D DE00) fill the
	 * rest, so a pair straddles byte offsets of every residue. */
	for (i = 0, k = 2; i < units; ) {
		if (i % 3 == 0 && i + 1 < units) {
			data[k++] = 0x3d; data[k++] = 0xd8;
			data[k++] = 0x00; data[k++] = 0xde;
			i += 2;
		} else {
			data[k++] = 'x'; data[k++] = 0;
			i++;
		}
	}
	if (decode_file(data, n, NULL, &d) == 0) {
		T_EQ_STR(d.enc, "UTF-16LE");
		T_OK(gd_utf8_valid(d.text.data, d.text.len));
		for (i = 0; i < d.text.len; i++)
			if ((unsigned char)d.text.data[i] == 0xff)
				bad++;
		T_EQ_INT(bad, 0);
	}
	gd_buf_release(&d.text);
	free(data);
}

/*
 * Invalid UTF-16 right after exactly 1 MiB of decoded text: the 0xFF
 * markers must stay inside the decode buffer.  Run in a child process,
 * so that memory corruption fails this test instead of the run.
 */
TEST(src_utf16_invalid_units_after_full_decode_buffer)
{
	size_t na = 1UL << 20, nbad = 20000, nb = 100, i, n, k = 0;
	unsigned char *data;
	char path[64];
	pid_t pid;
	int status;

	n = (na + nbad + nb) * 2;
	if ((data = malloc(n)) == NULL)
		return;
	for (i = 0; i < na; i++) {
		data[k++] = 'a';
		data[k++] = 0;
	}
	for (i = 0; i < nbad; i++) {
		data[k++] = 0x00;	/* lone low surrogate DC00 */
		data[k++] = 0xdc;
	}
	for (i = 0; i < nb; i++) {
		data[k++] = 'b';
		data[k++] = 0;
	}
	if (tmp_write(path, data, n) == -1) {
		free(data);
		return;
	}
	free(data);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct gd_error err;
		struct gd_source *s;
		struct gd_buf b;
		size_t ok = 1;

		s = gd_source_open(path, "UTF-16LE", &err);
		if (s == NULL)
			_exit(2);
		if (read_all(s, &b, NULL) != 0 || b.len != na + nbad + nb)
			ok = 0;
		for (i = 0; ok && i < b.len; i++)
			if ((unsigned char)b.data[i] != (i < na ? 'a' :
			    i < na + nbad ? 0xff : 'b'))
				ok = 0;
		gd_buf_release(&b);
		gd_source_close(s);
		_exit(ok ? 0 : 1);
	}
	T_OK(pid > 0);
	if (pid > 0) {
		T_OK(waitpid(pid, &status, 0) == pid);
		T_OK(WIFEXITED(status));
		if (WIFEXITED(status))
			T_EQ_INT(WEXITSTATUS(status), 0);
		else
			t_fail(__FILE__, __LINE__, "child killed by signal %d",
			    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	}
	unlink(path);
}

TEST(src_stdin_name)
{
	/* "-" and NULL name standard input (not read here). */
	struct gd_error err;
	struct gd_source *s;
	int fd, saved;

	char path[64];

	/* Point stdin at a file for the open's first read. */
	if (tmp_write(path, S("x")) == -1)
		return;
	saved = dup(0);
	fd = open(path, O_RDONLY);
	if (saved < 0 || fd < 0 || dup2(fd, 0) < 0) {
		t_fail(__FILE__, __LINE__, "dup failed");
		unlink(path);
		return;
	}
	close(fd);
	s = gd_source_open("-", NULL, &err);
	T_OK(s != NULL);
	if (s) {
		T_EQ_STR(gd_source_name(s), "-");
		gd_source_close(s);
		T_OK(fcntl(0, F_GETFD) != -1);	/* stdin stays open */
	}
	T_OK(dup2(saved, 0) == 0);
	close(saved);
	unlink(path);
}
