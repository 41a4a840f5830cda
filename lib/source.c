/*
 * source.c - input files decoded to UTF-8 (see gd/source.h).
 *
 * UTF-8 input, by far the most common, is handed out straight from the
 * read buffer.  Anything else goes through iconv into a second buffer;
 * iconv's EILSEQ becomes a 0xFF byte in the output (a byte that is never
 * valid UTF-8) and decoding goes on after the bad unit.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "gd/gd.h"

/* The read block; the fuzz build makes it small (see the Makefile). */
#ifdef GD_SOURCE_BLOCK
#define RAW_BUF GD_SOURCE_BLOCK
#else
#define RAW_BUF (256 * 1024)
#endif
#define DEC_BUF (4 * RAW_BUF + 16)
#define BAD_BYTE '\xff'

struct gd_source {
	int fd;
	int own_fd;
	char *name;
	char enc[64];
	int guessed, bom, converted, eof;
	size_t unit;			/* bytes to skip after a bad sequence */
	iconv_t cd;
	char *raw;
	size_t raw_len, raw_pos;
	char *dec;
	size_t dec_len;
	int dec_pending;		/* dec holds text not yet handed out */
	unsigned long long offset;
};

/* Reads more raw input after what is unconsumed.  1, 0 at EOF, -1. */
static int
fill(struct gd_source *s, struct gd_error *err)
{
	ssize_t r;

	if (s->raw_pos > 0) {
		memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
		s->raw_len -= s->raw_pos;
		s->raw_pos = 0;
	}
	if (s->eof)
		return 0;
	while (s->raw_len < RAW_BUF) {
		r = read(s->fd, s->raw + s->raw_len, RAW_BUF - s->raw_len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return gd_error_set(err, GD_EXIT_IO, s->name, 0, 0,
			    "read error: %s", strerror(errno));
		}
		if (r == 0) {
			s->eof = 1;
			break;
		}
		s->raw_len += (size_t)r;
		/* Read by another thread for --progress. */
		__atomic_store_n(&s->offset, s->offset + (unsigned long long)r,
		    __ATOMIC_RELAXED);
		/* A pipe gives what it has: one read is enough after the
		 * first block. */
		if (s->raw_len >= RAW_BUF / 4)
			break;
	}
	return s->raw_len > 0 || !s->eof ? 1 : 0;
}

static int
is_utf8_name(const char *e)
{
	return strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0;
}

/* Sets the encoding from a byte-order mark, if there is one. */
static const char *
bom_encoding(const unsigned char *p, size_t n, size_t *len)
{
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*len = 3;
		return "UTF-8";
	}
	if (n >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) {
		*len = 4;
		return "UTF-32LE";
	}
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF) {
		*len = 4;
		return "UTF-32BE";
	}
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		*len = 2;
		return "UTF-16LE";
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		*len = 2;
		return "UTF-16BE";
	}
	*len = 0;
	return NULL;
}

/* UTF-16 without a BOM shows as NUL bytes in every other position. */
static const char *
nul_pattern(const unsigned char *p, size_t n)
{
	size_t i, even = 0, odd = 0, pairs;

	if (n > 4096)
		n = 4096;
	pairs = n / 2;
	if (pairs < 2)
		return NULL;
	for (i = 0; i + 1 < n; i += 2) {
		even += p[i] == 0;
		odd += p[i + 1] == 0;
	}
	if (odd * 10 >= pairs * 4 && even * 10 < pairs)
		return "UTF-16LE";
	if (even * 10 >= pairs * 4 && odd * 10 < pairs)
		return "UTF-16BE";
	return NULL;
}

static size_t
unit_of(const char *enc)
{
	if (strncasecmp(enc, "UTF-16", 6) == 0 || strncasecmp(enc, "UCS-2", 5)
	    == 0 || strncasecmp(enc, "UTF16", 5) == 0)
		return 2;
	if (strncasecmp(enc, "UTF-32", 6) == 0 || strncasecmp(enc, "UCS-4", 5)
	    == 0 || strncasecmp(enc, "UTF32", 5) == 0)
		return 4;
	return 1;
}

struct gd_source *
gd_source_open(const char *path, const char *encoding, struct gd_error *err)
{
	struct gd_source *s;
	const char *bomenc, *enc = NULL;
	size_t bomlen, i;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		goto nomem;
	s->cd = (iconv_t)-1;
	s->unit = 1;
	if ((s->name = strdup(path && strcmp(path, "-") != 0 ? path : "-"))
	    == NULL || (s->raw = malloc(RAW_BUF)) == NULL)
		goto nomem;
	if (path == NULL || strcmp(path, "-") == 0) {
		s->fd = STDIN_FILENO;
	} else {
		if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			gd_error_set(err, GD_EXIT_IO, path, 0, 0,
			    "cannot open: %s", strerror(errno));
			goto fail;
		}
		s->own_fd = 1;
	}
	if (fill(s, err) == -1)
		goto fail;

	bomenc = bom_encoding((unsigned char *)s->raw, s->raw_len, &bomlen);
	if (encoding == NULL || strcasecmp(encoding, "auto") == 0) {
		if (bomenc) {
			enc = bomenc;
			s->bom = 1;
			s->raw_pos = bomlen;
		} else if ((enc = nul_pattern((unsigned char *)s->raw,
		    s->raw_len)) == NULL) {
			size_t n = s->eof ? s->raw_len :
			    gd_utf8_boundary(s->raw, s->raw_len);

			if (gd_utf8_valid(s->raw, n)) {
				enc = "UTF-8";
			} else {
				enc = "WINDOWS-1252";
				s->guessed = 1;
			}
		}
	} else {
		enc = encoding;
		/* A BOM of the encoding given is not text. */
		if (bomenc && (strcasecmp(bomenc, enc) == 0 ||
		    (is_utf8_name(enc) && strcmp(bomenc, "UTF-8") == 0))) {
			s->bom = 1;
			s->raw_pos = bomlen;
		}
	}
	snprintf(s->enc, sizeof(s->enc), "%s", enc);
	for (i = 0; s->enc[i]; i++)
		if (s->enc[i] >= 'a' && s->enc[i] <= 'z')
			s->enc[i] -= 'a' - 'A';
	if (!is_utf8_name(s->enc)) {
		s->cd = iconv_open("UTF-8", s->enc);
		if (s->cd == (iconv_t)-1) {
			int e = errno;
			void *probe;

			/* glibc's iconv_open says EINVAL also when its
			 * tables cannot be allocated: memory is tried. */
			if (e == EINVAL && (probe = malloc(65536)) == NULL)
				e = ENOMEM;
			else if (e == EINVAL)
				free(probe);
			if (e == EINVAL)
				gd_error_set(err, GD_EXIT_UNUSABLE, s->name, 0,
				    0, "unknown encoding: %s", s->enc);
			else
				gd_error_set(err, GD_EXIT_IO, s->name, 0, 0,
				    "cannot convert from %s: %s", s->enc,
				    strerror(e));
			goto fail;
		}
		if ((s->dec = malloc(DEC_BUF)) == NULL)
			goto nomem;
		s->converted = 1;
		s->unit = unit_of(s->enc);
	} else {
		snprintf(s->enc, sizeof(s->enc), "UTF-8");
	}
	return s;
nomem:
	gd_error_nomem(err, path, 0);
fail:
	gd_source_close(s);
	return NULL;
}

/* Converts what is in raw into dec.  Returns 1 with text, 0 at end, -1. */
static int
decode(struct gd_source *s, struct gd_error *err)
{
	char *in, *out;
	size_t inleft, outleft, r;

	s->dec_len = 0;
	for (;;) {
		if (s->raw_pos >= s->raw_len || (s->raw_len - s->raw_pos <
		    s->unit * 4 && !s->eof)) {
			if (s->dec_len > 0 && s->raw_pos < s->raw_len)
				return 1;
			if (fill(s, err) == -1)
				return -1;
			if (s->raw_pos >= s->raw_len)
				return s->dec_len > 0;
		}
		in = s->raw + s->raw_pos;
		inleft = s->raw_len - s->raw_pos;
		out = s->dec + s->dec_len;
		outleft = DEC_BUF - 16 - s->dec_len;
		r = iconv(s->cd, &in, &inleft, &out, &outleft);
		s->raw_pos = (size_t)(in - s->raw);
		s->dec_len = (size_t)(out - s->dec);
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			return 1;
		if (errno == EILSEQ || (errno == EINVAL && s->eof)) {
			size_t skip = s->unit < inleft ? s->unit : inleft;

			/* The marker needs a byte: hand out what is done. */
			if (s->dec_len >= DEC_BUF - 16)
				return 1;
			s->dec[s->dec_len++] = BAD_BYTE;
			s->raw_pos += skip ? skip : 1;
			continue;
		}
		if (errno == EINVAL) {
			/* A sequence cut by the block end: read more. */
			if (s->dec_len > 0)
				return 1;
			if (fill(s, err) == -1)
				return -1;
			continue;
		}
		return gd_error_set(err, GD_EXIT_IO, s->name, 0, 0,
		    "cannot convert from %s: %s", s->enc, strerror(errno));
	}
}

int
gd_source_read(struct gd_source *s, const char **p, size_t *n,
    struct gd_error *err)
{
	int r;

	if (s->converted) {
		if (!s->dec_pending && (r = decode(s, err)) <= 0)
			return r;
		s->dec_pending = 0;
		*p = s->dec;
		*n = s->dec_len;
		return 1;
	}
	if (s->raw_pos >= s->raw_len) {
		s->raw_pos = s->raw_len;
		if ((r = fill(s, err)) <= 0)
			return r;
		if (s->raw_len == 0)
			return 0;
	}
	*p = s->raw + s->raw_pos;
	*n = s->raw_len - s->raw_pos;
	s->raw_pos = s->raw_len;
	return 1;
}

void
gd_source_peek(struct gd_source *s, const char **p, size_t *n)
{
	struct gd_error err;

	if (s->converted) {
		if (!s->dec_pending) {
			if (decode(s, &err) <= 0)
				s->dec_len = 0;
			s->dec_pending = 1;
		}
		*p = s->dec;
		*n = s->dec_len;
		return;
	}
	*p = s->raw + s->raw_pos;
	*n = s->raw_len - s->raw_pos;
}

const char *gd_source_name(const struct gd_source *s) { return s->name; }
const char *gd_source_encoding(const struct gd_source *s) { return s->enc; }
int gd_source_guessed(const struct gd_source *s) { return s->guessed; }
int gd_source_had_bom(const struct gd_source *s) { return s->bom; }
int gd_source_converted(const struct gd_source *s) { return s->converted; }
unsigned long long
gd_source_offset(const struct gd_source *s)
{
	return __atomic_load_n(&s->offset, __ATOMIC_RELAXED);
}

void
gd_source_close(struct gd_source *s)
{
	if (s == NULL)
		return;
	if (s->own_fd)
		close(s->fd);
	if (s->cd != (iconv_t)-1)
		iconv_close(s->cd);
	free(s->name);
	free(s->raw);
	free(s->dec);
	free(s);
}
