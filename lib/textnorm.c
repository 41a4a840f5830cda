/*
 * textnorm.c - folded text for comparison (see gd/textnorm.h), with
 * utf8proc: compatibility decomposition, case folding, marks stripped.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "gd/gd.h"

#define FOLD_OPTS (UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | \
	UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

void
gd_folded_release(struct gd_folded *f)
{
	free(f->cp);
	free(f->from);
	free(f->to);
	memset(f, 0, sizeof(*f));
}

static int
room(struct gd_folded *f, size_t more)
{
	size_t ncap;
	void *p;

	if (f->n + more <= f->cap)
		return 0;
	ncap = f->cap ? f->cap * 2 : 256;
	while (ncap < f->n + more)
		ncap *= 2;
	if ((p = realloc(f->cp, ncap * sizeof(*f->cp))) == NULL)
		return -1;
	f->cp = p;
	if ((p = realloc(f->from, ncap * sizeof(*f->from))) == NULL)
		return -1;
	f->from = p;
	if ((p = realloc(f->to, ncap * sizeof(*f->to))) == NULL)
		return -1;
	f->to = p;
	f->cap = ncap;
	return 0;
}

int
gd_fold_char(int32_t c, int32_t *out, int *last_class)
{
	utf8proc_ssize_t m;

	m = utf8proc_decompose_char(c, out, GD_FOLD_MAX, FOLD_OPTS,
	    last_class);
	if (m < 0) {
		out[0] = 0xFFFD;
		m = 1;
	}
	/* Letters with a stroke or a ligature have no decomposition,
	 * yet are written without it where a keyboard lacks them:
	 * Słowiński and Slowinski, Ørsted and Orsted. */
	if (m == 1) {
		switch (out[0]) {
		case 0x0142: out[0] = 'l'; break;	/* ł */
		case 0x00F8: out[0] = 'o'; break;	/* ø */
		case 0x0111: out[0] = 'd'; break;	/* đ */
		case 0x0127: out[0] = 'h'; break;	/* ħ */
		case 0x0131: out[0] = 'i'; break;	/* ı */
		case 0x00F0: out[0] = 'd'; break;	/* ð */
		case 0x0167: out[0] = 't'; break;	/* ŧ */
		case 0x00E6: out[0] = 'a'; out[1] = 'e'; m = 2;
			break;				/* æ */
		case 0x0153: out[0] = 'o'; out[1] = 'e'; m = 2;
			break;				/* œ */
		case 0x00FE: out[0] = 't'; out[1] = 'h'; m = 2;
			break;				/* þ */
		default:
			break;
		}
	}
	return m > GD_FOLD_MAX ? GD_FOLD_MAX : (int)m;
}

int
gd_fold(struct gd_folded *f, const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c, out[GD_FOLD_MAX];
	utf8proc_ssize_t k, m, j;
	int last_class = 0;
	size_t i = 0;

	f->n = 0;
	while (i < n) {
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
		if (k < 1) {
			c = 0xFFFD;
			k = 1;
		}
		if (c < 0x80) {
			/* ASCII: fold by hand, it is most of the text. */
			if (room(f, 1) == -1)
				return -1;
			f->cp[f->n] = c >= 'A' && c <= 'Z' ? c + 32 : c;
			f->from[f->n] = i;
			f->to[f->n] = i + (size_t)k;
			f->n++;
			i += (size_t)k;
			continue;
		}
		m = gd_fold_char(c, out, &last_class);
		if (room(f, (size_t)m) == -1)
			return -1;
		for (j = 0; j < m; j++) {
			f->cp[f->n] = out[j];
			f->from[f->n] = i;
			f->to[f->n] = i + (size_t)k;
			f->n++;
		}
		i += (size_t)k;
	}
	return 0;
}

int
gd_strip_marks(const char *s, size_t n, struct gd_buf *out)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t len;
	int rc;

	gd_buf_reset(out);
	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	    &r, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
	if (len < 0)
		return -1;
	rc = gd_buf_add(out, r, (size_t)len);
	free(r);
	return rc;
}

int
gd_is_word_cp(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
		return 1;
	default:
		return 0;
	}
}

int
gd_folded_find_word(const struct gd_folded *hay,
    const struct gd_folded *needle, size_t *at)
{
	size_t i, j, nn = needle->n;

	if (nn == 0 || hay->n < nn)
		return 0;
	for (i = *at; i + nn <= hay->n; i++) {
		if (hay->cp[i] != needle->cp[0])
			continue;
		for (j = 1; j < nn && hay->cp[i + j] == needle->cp[j]; j++)
			;
		if (j < nn)
			continue;
		if (i > 0 && gd_is_word_cp(hay->cp[i - 1]))
			continue;
		if (i + nn < hay->n && gd_is_word_cp(hay->cp[i + nn]))
			continue;
		*at = i;
		return 1;
	}
	return 0;
}
