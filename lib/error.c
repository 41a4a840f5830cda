/*
 * error.c - error reports (see gd/error.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gd/gd.h"

void
gd_error_clear(struct gd_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

int
gd_error_set(struct gd_error *err, int code, const char *file,
    unsigned long line, unsigned long column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	err->nomem = 0;
	err->line = line;
	err->column = column;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
gd_error_nomem(struct gd_error *err, const char *file, unsigned long line)
{
	gd_error_set(err, GD_EXIT_IO, file, line, 0, "out of memory");
	if (err)
		err->nomem = 1;
	return -1;
}

int
gd_error_from_errno(struct gd_error *err, int code, const char *file,
    unsigned long line, const char *fmt, ...)
{
	va_list ap;
	int e = errno;
	size_t n;

	if (e == ENOMEM)
		return gd_error_nomem(err, file, line);
	if (err == NULL)
		return -1;
	gd_error_set(err, code, file, line, 0, "%s", "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", strerror(e));
	return -1;
}

char *
gd_error_format(const struct gd_error *err, char *dst, size_t n)
{
	size_t off = 0;
	int w;

	if (n == 0)
		return dst;
	dst[0] = '\0';
	if (err->file[0]) {
		w = snprintf(dst, n, "%s:", err->file);
		off = w > 0 && (size_t)w < n ? (size_t)w : n - 1;
		if (err->line) {
			w = snprintf(dst + off, n - off, "%lu:", err->line);
			off += w > 0 && (size_t)w < n - off ? (size_t)w : n - off - 1;
			if (err->column) {
				w = snprintf(dst + off, n - off, "%lu:",
				    err->column);
				off += w > 0 && (size_t)w < n - off ?
				    (size_t)w : n - off - 1;
			}
		}
		if (off + 1 < n)
			dst[off++] = ' ';
		dst[off] = '\0';
	}
	snprintf(dst + off, n - off, "%s", err->msg);
	return dst;
}
