/*
 * reject.h - the rejects file: kind "reject" records.
 */
#ifndef GD_REJECT_H
#define GD_REJECT_H

#include <stddef.h>

#include "error.h"
#include "output.h"

struct gd_rejects;

/* Opens path for reject records (atomic, like -o).  NULL with err. */
struct gd_rejects *gd_rejects_open(const char *path, const char *tool,
    struct gd_error *err);

/*
 * Writes one reject record: the error's position and message, and the raw
 * input (rawlen bytes; NULL: none) as "raw" when it is valid UTF-8, else as
 * "raw_base64"; cut says the raw text is only the start of the input.
 * rj may be NULL (nothing is written).  Returns 0, or -1 with ioerr filled.
 */
int gd_rejects_add(struct gd_rejects *rj, const struct gd_error *why,
    const char *raw, size_t rawlen, int cut, struct gd_error *ioerr);

/* Commits and frees rj (see gd_out_close).  rj may be NULL. */
int gd_rejects_close(struct gd_rejects *rj, int commit, struct gd_error *err);

/* Base64 (RFC 4648, padded) of n bytes of p, appended to b.  0 or -1. */
struct gd_buf;
int gd_base64(struct gd_buf *b, const void *p, size_t n);

#endif
