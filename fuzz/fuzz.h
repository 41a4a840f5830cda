/*
 * fuzz.h - what the fuzz targets share.  Each fuzz/NAME.c is one
 * libFuzzer target (LLVMFuzzerTestOneInput); `make fuzz` builds it with
 * clang and -fsanitize=fuzzer,address,undefined, and `make check` links
 * the same file with fuzz/replay.c (a plain main()) to replay the
 * committed inputs in fuzz/corpus/NAME and fuzz/regress/NAME.
 *
 * The readers take file names (gd_source_open), as the tools do: an
 * input is handed to them as a file in memory (memfd), named by its
 * /proc/self/fd path, so no disk is touched and no library code is
 * bypassed.
 */
#ifndef GD_FUZZ_H
#define GD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gd/gd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Makes n bytes at p the contents of an in-memory file and returns its
 * name (static storage), or NULL when the file cannot be written.  The
 * same file is reused by every call (slot: 0 or 1, for a second file).
 */
static inline const char *
fz_file(int slot, const void *p, size_t n)
{
	static int fd[2] = { -1, -1 };
	static char name[2][64];
	const char *c = p;
	ssize_t w;

	if (fd[slot] == -1) {
		if ((fd[slot] = memfd_create("gd-fuzz", MFD_CLOEXEC)) == -1)
			return NULL;
		snprintf(name[slot], sizeof(name[slot]), "/proc/self/fd/%d",
		    fd[slot]);
	}
	if (ftruncate(fd[slot], 0) == -1)
		return NULL;
	for (off_t off = 0; n > 0; off += w, n -= (size_t)w, c += w)
		if ((w = pwrite(fd[slot], c, n, off)) <= 0)
			return NULL;
	return name[slot];
}

/* A gd_out that throws away what it gets (every byte still checked). */
static inline struct gd_out *
fz_null_out(void)
{
	struct gd_error err;

	return gd_out_open("/dev/null", &err);
}

/* The lines of p, n for a callback: each without its "\n". */
static inline void
fz_lines(const char *p, size_t n, void (*fn)(void *, const char *, size_t),
    void *ctx)
{
	const char *e;

	while (n > 0) {
		e = memchr(p, '\n', n);
		fn(ctx, p, e ? (size_t)(e - p) : n);
		if (e == NULL)
			break;
		n -= (size_t)(e - p) + 1;
		p = e + 1;
	}
}

#endif
