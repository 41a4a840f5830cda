/*
 * jscan.h - selected values of one JSON object, without building it.
 *
 * A tally reads a few fields of millions of records; building a whole
 * jansson tree per line is slower than the rest of the work together.
 * The scanner makes one pass over the text, checks that all of it is
 * valid JSON (RFC 8259: grammar, escapes, control characters, UTF-8,
 * nesting up to 512), and hands out only the values at the paths it was
 * asked for.  It refuses what jansson refuses as gd's other tools read a
 * record (json_loadb() with JSON_REJECT_DUPLICATES), so that gd-tally
 * counts no record gd-redact refuses: a key given twice in any object
 * (compared unescaped), an integer outside 64 bits, a real that overflows
 * a double.  tests/scripts/jscan-agree.sh compares the two on
 * JSONTestSuite.
 */
#ifndef GD_JSCAN_H
#define GD_JSCAN_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

enum gd_jtype {
	GD_J_STRING,
	GD_J_NUMBER,
	GD_J_TRUE,
	GD_J_FALSE,
	GD_J_NULL,
	GD_J_OBJECT,		/* a container at a path asked for: skipped */
	GD_J_ARRAY
};

/* Paths asked for: "kind", "respondent.type", "answers.*" (any member). */
struct gd_jpaths;

/* A new, empty set of paths; NULL when memory runs out (nothing else
 * fails). */
struct gd_jpaths *gd_jpaths_new(void);

/*
 * Adds a path (dot-separated keys; a last key "*" stands for every
 * member).  Returns its id (0, 1, ...), or -1 (memory, or a path with an
 * empty key: the caller's paths are fixed strings).
 */
int gd_jpaths_add(struct gd_jpaths *ps, const char *path);

/* Frees ps.  ps may be NULL. */
void gd_jpaths_free(struct gd_jpaths *ps);

/*
 * One value found.  member is the key "*" stood for (NULL otherwise);
 * in_array is 1 for the elements of an array at the path (each scalar
 * element is handed out on its own; the array itself is not).  Strings
 * are unescaped UTF-8; numbers are their text.  Pointers are valid only
 * during the call.
 */
struct gd_jval {
	int path;
	const char *member;
	size_t member_len;
	enum gd_jtype type;
	const char *s;
	size_t len;
	int in_array;
};

/* Takes a value: returns 0 to go on, or -1 with err filled to stop. */
typedef int (*gd_jscan_fn)(void *ctx, const struct gd_jval *v,
    struct gd_error *err);

/*
 * Scans s (n bytes): one JSON object and nothing else but white space.
 * fn is called for each value found at a path of ps, with err.  scratch
 * holds unescaped strings.  Returns 0 when the text is a valid object;
 * -1 with err: when it is not, GD_EXIT_REJECTS, "not valid JSON: WHY",
 * column the 1-based character of the fault (no file or line: the
 * caller knows them); when memory runs out (gd_error_nomem); when fn
 * stopped the scan, err as fn left it.
 */
int gd_jscan(const struct gd_jpaths *ps, const char *s, size_t n,
    gd_jscan_fn fn, void *ctx, struct gd_buf *scratch, struct gd_error *err);

#endif
