/*
 * jsonin.h - JSON exports as a stream of objects.
 *
 * Three shapes are read: NDJSON (one object per line); a JSON array of
 * objects, read element by element so memory does not grow with the file;
 * and an object that holds the array (an API page such as
 * {"content":[...]} or {"_embedded":{"feedback":[...]}}), read whole.
 * Integers beyond 64 bits, which jansson cannot hold, are read as their
 * text.
 */
#ifndef GD_JSONIN_H
#define GD_JSONIN_H

#include <stddef.h>
#include <jansson.h>

#include "buf.h"
#include "error.h"
#include "row.h"
#include "source.h"

enum gd_json_shape {
	GD_JSON_AUTO = 0,
	GD_JSON_NDJSON,
	GD_JSON_ARRAY,
	GD_JSON_DOCUMENT
};

struct gd_jsonin;

/*
 * Starts reading objects from src (borrowed).  shape GD_JSON_AUTO looks
 * at the text.  max caps one object's text in bytes (0: 16 MiB).  Returns
 * NULL with err filled when the shape is wrong as a whole (GD_EXIT_UNUSABLE)
 * or reading fails (GD_EXIT_IO).
 */
struct gd_jsonin *gd_jsonin_new(struct gd_source *src, enum gd_json_shape shape,
    size_t max, struct gd_error *err);

/*
 * Reads the next object: *obj gets a new reference (the caller decrefs),
 * *line its first line.  Returns 1, 0 at the end, -2 for a rejected
 * element (not an object, not valid JSON, over the cap: err filled with
 * file and line, and *raw, *rawlen the element text when known), -1 on a
 * read error or when the rest of the input cannot be read (err filled).
 */
int gd_jsonin_next(struct gd_jsonin *r, json_t **obj, unsigned long *line,
    const char **raw, size_t *rawlen, struct gd_error *err);

/* 1 when the raw text of the last reject holds only its first bytes. */
int gd_jsonin_cut(const struct gd_jsonin *r);

/* Frees r.  r may be NULL. */
void gd_jsonin_free(struct gd_jsonin *r);

/*
 * Makes jansson allocate through gd, which notes when memory runs out:
 * jansson reports most of its allocation failures while reading as
 * syntax errors ("string or '}' expected").  Call it before any other
 * use of jansson (gd_cli_init does).
 */
void gd_json_track_memory(void);

/*
 * 1 when jansson failed (je filled by a json_load*) for want of memory,
 * not because of the text: an allocation failed in this thread since the
 * last call (with gd_json_track_memory), jansson's out-of-memory code, or
 * no message at all (its reader cannot start, and says nothing, when its
 * first allocation fails).  Clears the note.
 */
int gd_json_nomem(const json_error_t *je);

/*
 * A JSON object flattened into row fields (caller-allocated; init once,
 * reuse for every object, release at the end).
 */
struct gd_flat {
	struct gd_buf text;		/* names and values */
	struct gd_field *f;
	size_t n, cap;
	struct gd_str *items;		/* list values */
	size_t ni, icap;
};

/* Initialises fl; max caps its text in bytes (0: none). */
void gd_flat_init(struct gd_flat *fl, size_t max);
void gd_flat_release(struct gd_flat *fl);

/*
 * Flattens obj (borrowed) into fl->f[0..fl->n): nested objects become
 * "outer.inner" names; arrays of scalars become lists; other arrays become
 * their JSON text; numbers become their JSON text, true/false the words;
 * null members and empty arrays are left out.  Returns 0, or -1 when the
 * text is over the cap or memory runs out.
 */
int gd_flat_json(struct gd_flat *fl, const json_t *obj);

#endif
