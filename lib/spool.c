/*
 * spool.c - unnamed temporary files in $TMPDIR.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gd/spool.h"
#include "gd/banned.h"

FILE *
gd_spool_open(const char *prefix, const char **where)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd, e;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	*where = dir;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.XXXXXX", dir,
	    prefix) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if ((fd = mkstemp(path)) == -1)
		return NULL;
	(void)unlink(path);
	if ((f = fdopen(fd, "w+")) == NULL) {
		e = errno;
		(void)close(fd);
		errno = e;
	}
	return f;
}
