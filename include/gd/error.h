/*
 * error.h - error reports and the exit codes shared by every gd tool.
 *
 * The library never prints and never exits: a function that can fail
 * returns -1 (or NULL) and fills a caller-owned struct gd_error, its
 * last parameter.  Only the programs in cmd/ turn an error into a
 * message and an exit status.  Memory running out is one error like the
 * others, made by gd_error_nomem() and told by its nomem flag, never by
 * its message (HACKING.md, "How a function reports failure").
 */
#ifndef GD_ERROR_H
#define GD_ERROR_H

#include <stddef.h>

/* Exit status of every gd tool (gd(7), EXIT STATUS). */
enum gd_exit {
	GD_EXIT_OK = 0,		/* success */
	GD_EXIT_REJECTS = 1,	/* finished, but input was rejected */
	GD_EXIT_USAGE = 2,	/* bad command line */
	GD_EXIT_UNUSABLE = 3,	/* input unusable as a whole */
	GD_EXIT_IO = 4		/* I/O or system error */
};

#define GD_ERR_MSG 512
#define GD_ERR_FILE 256

/*
 * Where and what went wrong.  line and column are 1-based; 0 means
 * unknown.  code is the gd_exit value the error calls for; nomem is 1
 * when memory ran out (code is then GD_EXIT_IO), else 0.
 */
struct gd_error {
	char file[GD_ERR_FILE];
	unsigned long line;
	unsigned long column;
	int code;
	int nomem;
	char msg[GD_ERR_MSG];
};

/* Clears err (all fields zero/empty).  err may be NULL. */
void gd_error_clear(struct gd_error *err);

/*
 * Fills err with code, position and a printf-style message (nomem 0) and
 * returns -1, so that callers can write `return gd_error_set(...)`.  err
 * may be NULL (nothing is stored).  file may be NULL.
 */
int gd_error_set(struct gd_error *err, int code, const char *file,
    unsigned long line, unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * Memory ran out: fills err with "out of memory", GD_EXIT_IO, nomem 1 and
 * the position, if any (file may be NULL, line 0), and returns -1.  The
 * only way the library says so.  err may be NULL.
 */
int gd_error_nomem(struct gd_error *err, const char *file,
    unsigned long line);

/*
 * For a call that failed with errno set and whose failure may be memory
 * or something else (gd_buf with a cap, getline, the campaign finder's
 * temporary file): errno ENOMEM gives gd_error_nomem(err, file, line);
 * any other value code, the position and the printf-style message with
 * ": " and strerror(errno) after it.  Returns -1.  err may be NULL.
 */
int gd_error_from_errno(struct gd_error *err, int code, const char *file,
    unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Formats err as "FILE:LINE:COLUMN: message" (parts that are unknown are
 * left out) into dst of size n.  Returns dst.
 */
char *gd_error_format(const struct gd_error *err, char *dst, size_t n);

#endif
