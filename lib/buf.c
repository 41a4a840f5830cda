/*
 * buf.c - growable byte buffers with a hard cap (see gd/buf.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

void
gd_buf_init(struct gd_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : SIZE_MAX / 2;
}

void
gd_buf_release(struct gd_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

int
gd_buf_grow(struct gd_buf *b, size_t n)
{
	size_t want, ncap;
	char *p;

	if (n > b->max || b->len > b->max - n) {
		errno = ENOBUFS;
		return -1;
	}
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < want)
		ncap = ncap < SIZE_MAX / 2 ? ncap * 2 : want;
	/* Never allocate much more than the cap allows. */
	if (ncap > b->max + 1 && want <= b->max + 1)
		ncap = b->max + 1;
	if ((p = realloc(b->data, ncap)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	b->data = p;
	b->cap = ncap;
	return 0;
}

int
gd_buf_add(struct gd_buf *b, const void *p, size_t n)
{
	if (gd_buf_grow(b, n) == -1)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
gd_buf_addc(struct gd_buf *b, char c)
{
	if (b->len + 2 > b->cap && gd_buf_grow(b, 1) == -1)
		return -1;
	if (b->len >= b->max) {
		errno = ENOBUFS;
		return -1;
	}
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
	return 0;
}

int
gd_buf_adds(struct gd_buf *b, const char *s)
{
	return gd_buf_add(b, s, strlen(s));
}

int
gd_buf_addf(struct gd_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || gd_buf_grow(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}
