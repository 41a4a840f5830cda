/*
 * textnorm.h - text folded for comparison, with a map back to the
 * original.
 *
 * Comparison folds what a reader would not count as a difference: Unicode
 * compatibility forms (NFKC-style decomposition), case (full case
 * folding), and accents (combining marks dropped).  The folded text is a
 * list of code points, each remembering the byte span of the original it
 * came from, so a match in the folded text is a byte range in the
 * original.  Folding is for finding and comparing only; it never reaches
 * the output.
 */
#ifndef GD_TEXTNORM_H
#define GD_TEXTNORM_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct gd_folded {
	int32_t *cp;		/* folded code points */
	size_t *from;		/* byte offset in the original of cp[i] */
	size_t *to;		/* end of that original character */
	size_t n, cap;
};

/* Empties f, keeping storage. */
static inline void
gd_folded_reset(struct gd_folded *f)
{
	f->n = 0;
}

/* Frees f's storage. */
void gd_folded_release(struct gd_folded *f);

/*
 * Folds UTF-8 text s (n bytes) into f (replacing what was there).  Invalid
 * bytes fold to U+FFFD.  Returns 0, or -1 when memory runs out.
 */
int gd_fold(struct gd_folded *f, const char *s, size_t n);

#define GD_FOLD_MAX 32	/* code points one folds to, at most */

/*
 * Folds one non-ASCII code point c as gd_fold does, into out (room for
 * GD_FOLD_MAX); *last_class carries state from one code point to the
 * next (0 at the start of a text; ASCII leaves it alone).  Returns how
 * many code points were written, 0 for one that folds to nothing.
 */
int gd_fold_char(int32_t c, int32_t *out, int *last_class);

/*
 * Replaces out with s (n bytes) without its accents: decomposed, marks
 * dropped, nothing else changed (case, punctuation and regular
 * expression syntax stay).  Returns 0, or -1 (invalid UTF-8, memory).
 */
int gd_strip_marks(const char *s, size_t n, struct gd_buf *out);

/* 1 when the code point is a letter or a digit (a word character). */
int gd_is_word_cp(int32_t c);

/*
 * Finds needle (folded) in hay (folded) from position *at, as a whole
 * word: not preceded or followed by a word character.  Returns 1 with
 * *at set to the match's first index, or 0.
 */
int gd_folded_find_word(const struct gd_folded *hay,
    const struct gd_folded *needle, size_t *at);

/*
 * Labels, country names and header names (labels.c, country.c) compare in
 * a normal form of the same folding: the text folded as gd_fold() folds
 * it (so "\xc5\x81\xc3\xb3\x64\xc5\xba", "LODZ" and "lodz" are one), the
 * letters and digits it folds to written as UTF-8, and every run of
 * anything else (spaces, punctuation, symbols, controls) one space
 * between words and nothing at either end.  Bytes that are not UTF-8 are
 * kept as they are, as letters: two different ones stay different.  The
 * form is read a byte at a time, so two labels compare without a copy.
 */
#define GD_LFOLD_QUEUE (GD_FOLD_MAX * 5)

struct gd_lfold {
	const unsigned char	*p, *end;
	unsigned char		 q[GD_LFOLD_QUEUE];	/* bytes ready */
	int			 qi, qn;
	int			 any;	/* a letter has been written */
	int			 sep;	/* a space is due before the next */
	int			 last_class;
};

/* Starts reading the normal form of s (n bytes; s NULL: the empty one). */
void gd_lfold_init(struct gd_lfold *it, const char *s, size_t n);

/* The next byte of the normal form, or -1 at its end. */
int gd_lfold_next(struct gd_lfold *it);

/*
 * Writes the normal form of s (n bytes) and a NUL to buf (size bytes).
 * Returns its length, or -1 when it does not fit.
 */
int gd_lfold_key(const char *s, size_t n, char *buf, size_t size);

#endif
