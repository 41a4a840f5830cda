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

/* ---- labels ---- */

void
gd_lfold_init(struct gd_lfold *it, const char *s, size_t n)
{
	if (s == NULL) {
		s = "";
		n = 0;
	}
	it->p = (const unsigned char *)s;
	it->end = it->p + n;
	it->qi = it->qn = 0;
	it->any = it->sep = 0;
	it->last_class = 0;
}

/*
 * 1 when a folded code point (not ASCII) is part of a word: letters,
 * digits, marks, and what is not assigned or is private.  Spaces,
 * punctuation, symbols, controls and format characters separate words.
 */
static int
label_cp(int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO:
	case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
	case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
	case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
		return 0;
	default:
		return 1;
	}
}

/* Queues the space that is due, if one is, before a letter. */
static void
lfold_word(struct gd_lfold *it)
{
	if (it->sep && it->any)
		it->q[it->qn++] = ' ';
	it->sep = 0;
	it->any = 1;
}

int
gd_lfold_next(struct gd_lfold *it)
{
	utf8proc_int32_t c, out[GD_FOLD_MAX];
	utf8proc_ssize_t k;
	int m, j, b;

	if (it->qi < it->qn)
		return it->q[it->qi++];
	it->qi = it->qn = 0;
	while (it->p < it->end) {
		b = *it->p;
		if (b < 0x80) {
			/* ASCII: by hand, it is most of the text. */
			it->p++;
			if (b >= 'A' && b <= 'Z')
				b += 'a' - 'A';
			else if (!((b >= 'a' && b <= 'z') ||
			    (b >= '0' && b <= '9'))) {
				it->sep = 1;
				continue;
			}
			lfold_word(it);
			it->q[it->qn++] = (unsigned char)b;
			return it->q[it->qi++];
		}
		k = utf8proc_iterate(it->p, it->end - it->p, &c);
		if (k < 1) {
			/* Not UTF-8: the byte as it is. */
			it->p++;
			lfold_word(it);
			it->q[it->qn++] = (unsigned char)b;
			return it->q[it->qi++];
		}
		it->p += k;
		m = gd_fold_char(c, out, &it->last_class);
		for (j = 0; j < m; j++) {
			c = out[j];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (c < 0x80 ? !((c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9')) : !label_cp(c)) {
				it->sep = 1;
				continue;
			}
			lfold_word(it);
			it->qn += (int)gd_utf8_put((unsigned long)c,
			    (char *)it->q + it->qn);
		}
		if (it->qn > 0)
			return it->q[it->qi++];
	}
	return -1;
}

int
gd_lfold_key(const char *s, size_t n, char *buf, size_t size)
{
	struct gd_lfold it;
	size_t len = 0;
	int c;

	gd_lfold_init(&it, s, n);
	while ((c = gd_lfold_next(&it)) >= 0) {
		if (len + 1 >= size)
			return -1;
		buf[len++] = (char)c;
	}
	if (size == 0)
		return -1;
	buf[len] = '\0';
	return (int)len;
}
