/*
 * buf.h - a growable byte buffer with a hard size cap.
 *
 * Every buffer that holds input has a cap: growing past it fails instead of
 * allocating without bound, so an oversized line or field becomes a
 * rejected record and never a crash.  The contents are always followed by
 * a NUL byte that is not counted in len.
 *
 * The one exception to the error convention (HACKING.md, "How a function
 * reports failure"): appending is the innermost loop of every tool, so
 * a failure is -1 with errno, not a struct gd_error.  The caller turns
 * it into one where it first has one: gd_error_nomem() when the buffer
 * has no cap (-1 can only be memory); with a cap, errno tells ENOBUFS
 * (the cap: the input's fault, a reject) from ENOMEM.
 */
#ifndef GD_BUF_H
#define GD_BUF_H

#include <stddef.h>

struct gd_buf {
	char *data;		/* owned; NULL until the first append */
	size_t len;		/* bytes in use, not counting the NUL */
	size_t cap;		/* bytes allocated */
	size_t max;		/* hard cap on len; 0 means SIZE_MAX/2 */
};

/* Initialises b as empty with the given cap (0: no cap). No allocation. */
void gd_buf_init(struct gd_buf *b, size_t max);

/* Frees the storage of b and leaves it empty (reusable).  b must not be
 * NULL; an initialised buffer that never grew is fine. */
void gd_buf_release(struct gd_buf *b);

/*
 * Makes room for n more bytes.  Returns 0, or -1 when len + n would pass
 * the cap or memory runs out (errno ENOBUFS or ENOMEM); b is unchanged on
 * failure.
 */
int gd_buf_grow(struct gd_buf *b, size_t n);

/* Appends n bytes from p.  Returns 0 or -1 as gd_buf_grow. */
int gd_buf_add(struct gd_buf *b, const void *p, size_t n);

/* Appends one byte.  Returns 0 or -1 as gd_buf_grow. */
int gd_buf_addc(struct gd_buf *b, char c);

/* Appends a NUL-terminated string.  Returns 0 or -1 as gd_buf_grow. */
int gd_buf_adds(struct gd_buf *b, const char *s);

/* Appends printf-style text.  Returns 0 or -1 as gd_buf_grow. */
int gd_buf_addf(struct gd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Empties b, keeping its storage. */
static inline void gd_buf_reset(struct gd_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

#endif
