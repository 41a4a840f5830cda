/*
 * output.h - checked, buffered output with atomic replacement.
 *
 * Every byte a tool writes goes through a gd_out, so every write is
 * checked and a full disk is an error, never a silently short file.  With
 * a path, output goes to a temporary file in the same directory, which
 * gd_out_close() syncs and renames over the path only on success: a
 * failed or killed run leaves the previous file as it was.  A path that
 * exists and is not a regular file (a device, a FIFO, /dev/stdout) is
 * written directly.
 */
#ifndef GD_OUTPUT_H
#define GD_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct gd_out;

/*
 * Opens an output: path NULL or "-" is standard output; otherwise the
 * file path, written atomically.  Returns a new gd_out, or NULL with err
 * (code GD_EXIT_IO) filled.
 */
struct gd_out *gd_out_open(const char *path, struct gd_error *err);

/* Buffers n bytes.  Returns 0, or -1 with err filled (GD_EXIT_IO). */
int gd_out_write(struct gd_out *o, const void *p, size_t n,
    struct gd_error *err);

/* Writes out the buffer.  Returns 0 or -1 as gd_out_write. */
int gd_out_flush(struct gd_out *o, struct gd_error *err);

/*
 * Ends the output and frees o.  With commit, flushes and (for a path)
 * syncs and renames the temporary file into place; standard output is
 * flushed and closed so a late write error is seen.  Without commit, a
 * temporary file is removed.  Returns 0, or -1 with err filled.
 */
int gd_out_close(struct gd_out *o, int commit, struct gd_error *err);

/* The name for messages: the path, or "standard output". */
const char *gd_out_name(const struct gd_out *o);

#endif
