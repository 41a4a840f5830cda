/*
 * spool.h - unnamed temporary files for what a tool keeps aside.
 */
#ifndef GD_SPOOL_H
#define GD_SPOOL_H

#include <stdio.h>

/*
 * Opens a temporary file in $TMPDIR (else /tmp) for reading and writing,
 * named after prefix and removed from the directory at once, so it is
 * gone when closed or when the process dies.  (tmpfile(3) ignores TMPDIR
 * on glibc.)  *where is set to the directory, for messages.  Returns the
 * file, or NULL with errno set.
 */
FILE *gd_spool_open(const char *prefix, const char **where);

#endif
