/*
 * source.h - an input file decoded to UTF-8.
 *
 * A source reads a file (or standard input) in large blocks and hands out
 * UTF-8 text.  The encoding is given, or detected: a byte-order mark
 * (UTF-8, UTF-16LE/BE, UTF-32LE/BE), else UTF-16 by its NUL-byte pattern,
 * else UTF-8 when the first block is valid UTF-8, else Windows-1252.
 *
 * UTF-8 input is passed through untouched (a BOM is dropped); any other
 * encoding is converted with iconv.  A byte sequence that is invalid in
 * the source encoding is not dropped or replaced silently: UTF-8 input
 * keeps its invalid bytes, and converted input gets one 0xFF byte (never
 * valid UTF-8) per invalid sequence, so the reader above rejects the row
 * that holds it and can name its line and column.
 */
#ifndef GD_SOURCE_H
#define GD_SOURCE_H

#include <stddef.h>

#include "error.h"

struct gd_source;

/*
 * Opens path ("-" or NULL: standard input) to be decoded from encoding
 * (NULL or "auto": detect).  Returns a new source, or NULL with err filled:
 * GD_EXIT_IO when the file cannot be opened or read, GD_EXIT_UNUSABLE when
 * iconv does not know the encoding.  The first block is read here, for
 * detection.
 */
struct gd_source *gd_source_open(const char *path, const char *encoding,
    struct gd_error *err);

/*
 * Hands out the next piece of decoded text in *p, *n (valid until the next
 * call).  Returns 1 with text, 0 at the end of input, -1 on a read error
 * (err filled, GD_EXIT_IO).
 */
int gd_source_read(struct gd_source *s, const char **p, size_t *n,
    struct gd_error *err);

/* Name used in messages and in records' source.file: the path, or "-". */
const char *gd_source_name(const struct gd_source *s);

/* The encoding in use, as iconv names it ("UTF-8", "WINDOWS-1252"...). */
const char *gd_source_encoding(const struct gd_source *s);

/* 1 when the encoding was a guess (the Windows-1252 fallback), else 0. */
int gd_source_guessed(const struct gd_source *s);

/* 1 when a byte-order mark was found (and dropped), else 0. */
int gd_source_had_bom(const struct gd_source *s);

/* 1 when the input is converted (not UTF-8): 0xFF marks invalid input. */
int gd_source_converted(const struct gd_source *s);

/* Bytes of raw input read so far (for --progress). */
unsigned long long gd_source_offset(const struct gd_source *s);

/* The first decoded bytes, for format sniffing: up to *n bytes at *p. */
void gd_source_peek(struct gd_source *s, const char **p, size_t *n);

/* Closes the file (not standard input) and frees s.  s may be NULL. */
void gd_source_close(struct gd_source *s);

#endif
