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

#endif
