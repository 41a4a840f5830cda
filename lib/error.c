/*
 * error.c - error reports (see gd/error.h).
 */
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
	err->line = line;
	err->column = column;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
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
