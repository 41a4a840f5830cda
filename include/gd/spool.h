/*
 * spool.h - unnamed temporary files for what a tool keeps aside.
 */
#ifndef GD_SPOOL_H
#define GD_SPOOL_H

#include <stdio.h>

#include "error.h"

/*
 * The directory temporary files go to: $TMPDIR, else /tmp (tmpfile(3)
 * ignores TMPDIR on glibc).  Static; for messages.
 */
const char *gd_spool_dir(void);

/*
 * Opens a temporary file in gd_spool_dir() for reading and writing,
 * named after prefix and removed from the directory at once, so it is
 * gone when closed or when the process dies.  Returns the file, or NULL
 * with err (GD_EXIT_IO): "cannot keep WHAT aside in DIR: " and the
 * system's reason (what: "responses", say).
 */
FILE *gd_spool_open(const char *prefix, const char *what,
    struct gd_error *err);

#endif
