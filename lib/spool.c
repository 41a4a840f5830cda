/*
 * spool.c - unnamed temporary files in $TMPDIR.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gd/error.h"
#include "gd/spool.h"
#include "gd/banned.h"

const char *
gd_spool_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir == NULL || *dir == '\0' ? "/tmp" : dir;
}

FILE *
gd_spool_open(const char *prefix, const char *what, struct gd_error *err)
{
	const char *dir = gd_spool_dir();
	char path[4096];
	FILE *f;
	int fd, e;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s.XXXXXX", dir,
	    prefix) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	if ((fd = mkstemp(path)) == -1)
		goto fail;
	(void)unlink(path);
	if ((f = fdopen(fd, "w+")) == NULL) {
		e = errno;
		(void)close(fd);
		errno = e;
		goto fail;
	}
	return f;
fail:
	/* As the system said it, ENOMEM included. */
	gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "cannot keep %s aside in "
	    "%s: %s", what, dir, strerror(errno));
	return NULL;
}
