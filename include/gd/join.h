/*
 * join.h - rows of a second export, found by id.
 *
 * Some platforms export one table in two files (regulations.gov: the
 * docket sheet, and the comment texts in a second file keyed by Document
 * ID).  A join table holds the second file in memory, keyed by its id
 * column, so each row of the first can take its columns.  Memory grows
 * with the size of the second file.
 */
#ifndef GD_JOIN_H
#define GD_JOIN_H

#include <stddef.h>

#include "row.h"

struct gd_join;

/*
 * A new table for rows with the given header (borrowed; copied), keyed by
 * column key.  NULL when memory runs out.
 */
struct gd_join *gd_join_new(const struct gd_str *names, size_t n,
    size_t key);

/*
 * Adds a row (n values; values past the header are ignored, missing ones
 * are empty).  Returns 0; 1 when the key is already in the table (*first
 * gets that row's line; the row is not added); -1 when memory runs out.
 */
int gd_join_add(struct gd_join *j, const char *const *val, const size_t *len,
    size_t n, unsigned long line, unsigned long *first);

/* The names of the columns a match adds (all but the key), and how many. */
const struct gd_str *gd_join_names(const struct gd_join *j, size_t *n);

/*
 * Finds the row with this key: *vals gets its values (as many as
 * gd_join_names says; owned by the table).  Marks the row as used.
 * Returns 1, or 0 when there is none.
 */
int gd_join_find(struct gd_join *j, const char *key, size_t len,
    const struct gd_str **vals);

/* Rows added, and rows never found. */
unsigned long gd_join_rows(const struct gd_join *j);
unsigned long gd_join_unused(const struct gd_join *j);

/* Frees j.  j may be NULL. */
void gd_join_free(struct gd_join *j);

#endif
