/*
 * jload.h - a record line read into a jansson tree, as json_loadb() with
 * JSON_REJECT_DUPLICATES reads it, faster.
 *
 * gd_jscan() checks the line (it refuses exactly what jansson refuses as
 * gd reads a record); a line it accepts is built by a parser that
 * trusts it, and any other goes to json_loadb(), whose verdict and
 * message are then the answer.  The tree is the one json_loadb() makes:
 * the same values, members in the same order.
 */
#ifndef GD_JLOAD_H
#define GD_JLOAD_H

#include <stddef.h>

#include <jansson.h>

struct gd_jload;

/* A loader (its buffers), for one thread.  NULL: memory. */
struct gd_jload *gd_jload_new(void);
/* Frees l.  l may be NULL. */
void gd_jload_free(struct gd_jload *l);

/*
 * The JSON text s (n bytes, one JSON value and white space) as
 * json_loadb(s, n, JSON_REJECT_DUPLICATES, je) returns it: a new
 * reference, or NULL with je filled (gd_json_nomem(je) tells memory).
 */
json_t *gd_jload(struct gd_jload *l, const char *s, size_t n,
    json_error_t *je);

#endif
