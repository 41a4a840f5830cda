/*
 * output.c - checked, buffered, atomic output (see gd/output.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gd/gd.h"

#define OUT_BUF (256 * 1024)

struct gd_out {
	int fd;
	char *path;		/* final path; NULL for standard output */
	char *tmp;		/* temporary path while writing */
	char *buf;
	size_t len;
	int direct;		/* path is not a regular file: no rename */
	int slot;		/* the temporary file's, gd/cleanup.h */
};

/* "N" of /dev/fd/N, or -1. */
static int
atoi_fd(const char *s)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return (int)v;
}

struct gd_out *
gd_out_open(const char *path, struct gd_error *err)
{
	struct gd_out *o;
	struct stat st;
	char *real = NULL;
	size_t n;

	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (o->buf = malloc(OUT_BUF)) == NULL) {
		free(o);
		gd_error_nomem(err, NULL, 0);
		return NULL;
	}
	o->slot = -1;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		return o;
	}
	/* The standard streams by name write to the stream itself. */
	if (strcmp(path, "/dev/stdout") == 0 || strcmp(path, "/dev/stderr") ==
	    0 || strncmp(path, "/dev/fd/", 8) == 0) {
		int fd = strcmp(path, "/dev/stdout") == 0 ? 1 :
		    strcmp(path, "/dev/stderr") == 0 ? 2 : atoi_fd(path + 8);

		if (fd < 0 || (o->fd = dup(fd)) == -1) {
			gd_error_set(err, GD_EXIT_IO, path, 0, 0,
			    "cannot write: %s", fd < 0 ? "not a descriptor" :
			    strerror(errno));
			free(o->buf);
			free(o);
			return NULL;
		}
		if ((o->path = strdup(path)) == NULL)
			goto nomem;
		o->direct = 1;
		return o;
	}
	/* A symbolic link: replace what it points to, keep the link. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL) {
			gd_error_set(err, GD_EXIT_IO, path, 0, 0,
			    "cannot follow link: %s", strerror(errno));
			free(o->buf);
			free(o);
			return NULL;
		}
		path = real;
	}
	/* Only a regular file (or a new one) is replaced atomically: a
	 * device or a FIFO is written as it is. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((o->fd = open(path, O_WRONLY | O_CLOEXEC)) == -1) {
			gd_error_set(err, GD_EXIT_IO, path, 0, 0,
			    "cannot open: %s", strerror(errno));
			free(real);
			free(o->buf);
			free(o);
			return NULL;
		}
		if ((o->path = strdup(path)) == NULL) {
			close(o->fd);
			goto nomem;
		}
		free(real);
		o->direct = 1;
		return o;
	}
	n = strlen(path) + 16;
	if ((o->path = strdup(path)) == NULL || (o->tmp = malloc(n)) == NULL)
		goto nomem;
	snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
	if ((o->fd = mkstemp(o->tmp)) == -1) {
		gd_error_set(err, GD_EXIT_IO, path, 0, 0, "cannot create: %s",
		    strerror(errno));
		goto fail;
	}
	o->slot = gd_cleanup_add(o->tmp, 0);
	/* mkstemp makes 0600; a publication gets the usual umask mode. */
	{
		mode_t um = umask(0);

		umask(um);
		(void)fchmod(o->fd, 0666 & ~um);
	}
	free(real);
	return o;
nomem:
	gd_error_nomem(err, NULL, 0);
fail:
	free(real);
	free(o->path);
	free(o->tmp);
	free(o->buf);
	free(o);
	return NULL;
}

const char *
gd_out_name(const struct gd_out *o)
{
	return o->path ? o->path : "standard output";
}

static int
write_all(struct gd_out *o, const char *p, size_t n, struct gd_error *err)
{
	ssize_t w;

	while (n > 0) {
		w = write(o->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return gd_error_set(err, GD_EXIT_IO, gd_out_name(o), 0,
			    0, "write error: %s", strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
gd_out_flush(struct gd_out *o, struct gd_error *err)
{
	if (o->len == 0)
		return 0;
	if (write_all(o, o->buf, o->len, err) == -1)
		return -1;
	o->len = 0;
	return 0;
}

int
gd_out_write(struct gd_out *o, const void *p, size_t n,
    struct gd_error *err)
{
	if (o->len + n > OUT_BUF && gd_out_flush(o, err) == -1)
		return -1;
	if (n >= OUT_BUF)
		return write_all(o, p, n, err);
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return 0;
}

int
gd_out_close(struct gd_out *o, int commit, struct gd_error *err)
{
	int rc = 0;

	if (o == NULL)
		return 0;
	if (commit && gd_out_flush(o, err) == -1) {
		commit = 0;
		rc = -1;
	}
	if (o->path == NULL || o->direct) {
		/* Standard output or a device: a late error (NFS, a full
		 * disk) shows at close. */
		if (close(o->fd) == -1 && errno != EBADF && commit && rc == 0)
			rc = gd_error_set(err, GD_EXIT_IO, gd_out_name(o), 0, 0,
			    "write error: %s", strerror(errno));
	} else {
		if (commit && fsync(o->fd) == -1 && errno != EINVAL) {
			rc = gd_error_set(err, GD_EXIT_IO, o->path, 0, 0,
			    "cannot sync: %s", strerror(errno));
			commit = 0;
		}
		if (close(o->fd) == -1 && commit) {
			rc = gd_error_set(err, GD_EXIT_IO, o->path, 0, 0,
			    "write error: %s", strerror(errno));
			commit = 0;
		}
		if (commit && rename(o->tmp, o->path) == -1) {
			rc = gd_error_set(err, GD_EXIT_IO, o->path, 0, 0,
			    "cannot rename into place: %s", strerror(errno));
			commit = 0;
		}
		if (!commit)
			(void)unlink(o->tmp);
		gd_cleanup_drop(o->slot);
	}
	free(o->path);
	free(o->tmp);
	free(o->buf);
	free(o);
	return rc;
}
