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
 * A rejects sink for another thread, that writes no file: the records
 * given to it (gd_rejects_add, gd_rejects_add_public) are made as like
 * (borrowed: it must outlive the capture) makes them, byte for byte, and
 * appended to the buffer set by gd_rejects_capture_to (set it before the
 * first record); the caller writes them later, in its own order, with
 * gd_rejects_write(like).  Out of memory, adding fails as writing like's
 * file would (gd_error_nomem, named for like's file).  NULL when like is
 * NULL (no rejects file: nothing is captured) or memory runs out.  Free
 * it with gd_rejects_close (commit is then ignored).
 */
struct gd_buf;
struct gd_rejects *gd_rejects_capture(const struct gd_rejects *like);
/* Where the capture rj appends (borrowed).  rj may be NULL. */
void gd_rejects_capture_to(struct gd_rejects *rj, struct gd_buf *to);
/*
 * Writes n bytes of reject records made by a capture of rj to rj's file.
 * rj may be NULL (nothing is written).  Returns 0, or -1 with ioerr.
 */
int gd_rejects_write(struct gd_rejects *rj, const char *p, size_t n,
    struct gd_error *ioerr);

/*
 * Writes one reject record: the error's position and message, and the raw
 * input (rawlen bytes; NULL: none) as "raw" when it is valid UTF-8, else as
 * "raw_base64"; cut says the raw text is only the start of the input.
 * rj may be NULL (nothing is written).  Returns 0, or -1 with ioerr filled.
 * Not for publication: see gd_rejects_add_public.
 */
int gd_rejects_add(struct gd_rejects *rj, const struct gd_error *why,
    const char *raw, size_t rawlen, int cut, struct gd_error *ioerr);

/*
 * Writes one reject record for publication: built from the members of
 * struct gd_reject_public only, never the input, with the error as
 * gd_reject_public_error() leaves it.  rj may be NULL.  Returns 0, or -1
 * with ioerr filled.
 */
int gd_rejects_add_public(struct gd_rejects *rj, const struct gd_error *why,
    struct gd_error *ioerr);

/*
 * What a reject record may hold when it is published (gd-redact --for
 * publication: its own rejects, and the reject records it passes on),
 * and all of it: a reject for publication is built from these members,
 * never by taking members out of a full one, so that a member added to
 * reject records later stays out of publications unless it is added
 * here.  NULL, 0: the member is left out.
 */
struct gd_reject_public {
	const char *tool;
	int source;		/* write "source", with those of the three
				 * below that are set */
	const char *file;
	unsigned long line, column;
	const char *error;	/* valid UTF-8, holding no input (see
				 * gd_reject_public_error) */
	size_t error_len;
};

/*
 * Appends the reject record r to b as one line ("
" included), its
 * members in the order of gd-record(5).  Returns 0, or -1 when b cannot
 * grow.
 */
int gd_reject_public_write(struct gd_buf *b, const struct gd_reject_public *r);

/*
 * How much of a reject's message (msg, n bytes) a publication may hold:
 * all of it, except that a JSON parser's message (one that begins "not
 * valid JSON": ": " and jansson's words follow) keeps only words of
 * jansson's own, without the input that it quotes (" near '...'", up to
 * 20 bytes of the line) or shows (a byte's value, an escape); one whose
 * words it does not know is cut to "not valid JSON".  The part kept is
 * always the start of msg: the length is returned.  gd-redact's other
 * messages are its own and quote no record.
 */
size_t gd_reject_public_error(const char *msg, size_t n);

/* Commits and frees rj (see gd_out_close).  rj may be NULL. */
int gd_rejects_close(struct gd_rejects *rj, int commit, struct gd_error *err);

/* Base64 (RFC 4648, padded) of n bytes of p, appended to b.  0 or -1. */
int gd_base64(struct gd_buf *b, const void *p, size_t n);

#endif
