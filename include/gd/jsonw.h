/*
 * jsonw.h - a fast, allocation-light JSON text writer.
 *
 * Records are written with this writer, not with jansson's dump: it
 * appends straight into a gd_buf, escapes strings with a table, and keeps
 * track of commas itself.  Strings must be valid UTF-8 (callers validate
 * input first); they are copied unchanged except for the escapes JSON
 * requires (quote, backslash, control characters).
 *
 * Errors are sticky: when an append fails (the buffer's cap, or memory),
 * jw->err is set and later calls do nothing, so a caller checks once at
 * the end.
 */
#ifndef GD_JSONW_H
#define GD_JSONW_H

#include <stddef.h>
#include <jansson.h>

#include "buf.h"

#define GD_JW_DEPTH 64

struct gd_jw {
	struct gd_buf *b;	/* borrowed; output is appended here */
	int depth;
	int err;		/* set when any append failed */
	unsigned char need_comma[GD_JW_DEPTH];
};

/* Starts writing into b (appending to what is there). */
void gd_jw_init(struct gd_jw *jw, struct gd_buf *b);

void gd_jw_obj_open(struct gd_jw *jw);
void gd_jw_obj_close(struct gd_jw *jw);
void gd_jw_arr_open(struct gd_jw *jw);
void gd_jw_arr_close(struct gd_jw *jw);

/* Writes an object key (escaped) and the colon. */
void gd_jw_key(struct gd_jw *jw, const char *k, size_t n);
/* Writes a key that needs no escaping (k is n bytes, without quotes). */
void gd_jw_keylit(struct gd_jw *jw, const char *k, size_t n);
/* Writes a key already encoded: quotes, escapes and the colon. */
void gd_jw_keyenc(struct gd_jw *jw, const char *k, size_t n);

/* gd_jw_keylit for a NUL-terminated literal (strlen folds at compile time). */
static inline void
gd_jw_keyz(struct gd_jw *jw, const char *k)
{
	gd_jw_keylit(jw, k, __builtin_strlen(k));
}

/* Writes a string value of n bytes, escaped. */
void gd_jw_str(struct gd_jw *jw, const char *s, size_t n);
/* Writes a NUL-terminated string value, escaped. */
void gd_jw_strz(struct gd_jw *jw, const char *s);
/* Writes an integer value. */
void gd_jw_int(struct gd_jw *jw, long long v);
/* Writes an already-encoded JSON value of n bytes as it is. */
void gd_jw_raw(struct gd_jw *jw, const char *s, size_t n);
/* Writes true/false/null. */
void gd_jw_bool(struct gd_jw *jw, int v);
void gd_jw_null(struct gd_jw *jw);

/*
 * Writes a jansson value (borrowed reference) with the same escaping as
 * the rest of the writer, object keys in their stored order.  Reals are
 * written with 17 significant digits, the shortest text that round-trips.
 */
void gd_jw_json(struct gd_jw *jw, const json_t *v);

/*
 * Appends the JSON escape of s (n bytes, no surrounding quotes) to b.
 * Returns 0, or -1 when b cannot grow.
 */
int gd_json_escape(struct gd_buf *b, const char *s, size_t n);

#endif
