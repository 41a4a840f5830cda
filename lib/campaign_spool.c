/*
 * campaign_spool.c - the campaign finder's temporary file (gd_spool_open,
 * made in gd_campaigns_new): a record per distinct text, written as the
 * worker takes it and read back at the end, in spool order through a
 * window (the texts signed again, the centres' shingles) or one text at
 * a time (gd_campaigns_text).
 *
 * A record, 8-byte aligned: the text's length and its number of
 * sentences ns (two uint32_t), the ns sentence hashes (uint64_t), ns
 * flags (1: the sentence was taken for boilerplate when the text was
 * signed), the text; each part padded with zeros to 8 bytes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gd/gd.h"
#include "campaign_int.h"

#define PAD8(n) (((n) + 7) & ~(size_t)7)

static int
spool_put(struct gd_campaigns *c, const void *p, size_t n)
{
	static const char zero[8];

	if (n && fwrite(p, 1, n, c->spool) != n)
		return -1;
	c->spooled += n;
	/* Records stay 8-byte aligned. */
	if (n % 8) {
		if (fwrite(zero, 1, 8 - n % 8, c->spool) != 8 - n % 8)
			return -1;
		c->spooled += 8 - n % 8;
	}
	return 0;
}

int
campaign_spool_text(struct gd_campaigns *c, const char *s, size_t n)
{
	uint32_t hdr[2];

	hdr[0] = (uint32_t)n;
	hdr[1] = (uint32_t)c->tk.nsent;
	if (spool_put(c, hdr, sizeof(hdr)) == -1 ||
	    spool_put(c, c->tk.sent, c->tk.nsent * sizeof(*c->tk.sent)) ==
	    -1 || spool_put(c, c->tk.bp, c->tk.nsent) == -1 ||
	    spool_put(c, s, n) == -1)
		return -1;
	return 0;
}

void
campaign_reader_init(struct campaign_reader *r, struct gd_campaigns *c,
    size_t win)
{
	r->c = c;
	r->buf = NULL;
	r->from = 0;
	r->n = 0;
	r->cap = 0;
	r->win = win;
}

void
campaign_reader_free(struct campaign_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* The bytes [off, off + n) of the spool, or NULL. */
static const char *
window(struct campaign_reader *r, uint64_t off, size_t n)
{
	size_t want;
	ssize_t got;

	if (off >= r->from && off + n <= r->from + r->n)
		return r->buf + (off - r->from);
	want = n > r->win ? n : r->win;
	if (want > r->cap) {
		char *nb = realloc(r->buf, want);

		if (nb == NULL)
			return NULL;
		r->buf = nb;
		r->cap = want;
	}
	r->from = off;
	r->n = 0;
	while (r->n < n) {
		got = pread(fileno(r->c->spool), r->buf + r->n, want - r->n,
		    (off_t)(off + r->n));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;
			return NULL;
		}
		r->n += (size_t)got;
	}
	return r->buf;
}

size_t
campaign_spooled_flags(size_t ns)
{
	return 8 + PAD8(ns * 8);
}

const char *
campaign_spooled(struct campaign_reader *r, uint32_t t, size_t *ns,
    size_t *at, size_t *len)
{
	uint64_t off = r->c->d[t].off;
	const char *p;
	uint32_t hdr[2];

	if ((p = window(r, off, 8)) == NULL)
		return NULL;
	memcpy(hdr, p, 8);
	*len = hdr[0];
	*ns = hdr[1];
	*at = 8 + PAD8(*ns * 8) + PAD8(*ns);
	return window(r, off, *at + *len);
}

int
gd_campaigns_text(struct gd_campaigns *c, size_t idx, struct gd_buf *out,
    struct gd_error *err)
{
	uint32_t t = idx < c->ntid ? c->tid[idx] : CAMPAIGN_NONE, hdr[2];
	uint64_t off;
	size_t n = 0;
	ssize_t got;

	gd_buf_reset(out);
	if (t == CAMPAIGN_NONE || !c->found)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "campaigns: no text for response %zu%s", idx, c->found ?
		    "" : " until they are found");
	while (n < sizeof(hdr)) {
		got = pread(fileno(c->spool), (char *)hdr + n, sizeof(hdr) - n,
		    (off_t)(c->d[t].off + n));
		if (got <= 0 && !(got < 0 && errno == EINTR))
			goto bad;
		n += got > 0 ? (size_t)got : 0;
	}
	off = c->d[t].off + 8 + PAD8((size_t)hdr[1] * 8) + PAD8(hdr[1]);
	if (gd_buf_grow(out, hdr[0]) == -1)
		return gd_error_nomem(err, NULL, 0);
	n = 0;
	while (n < hdr[0]) {
		got = pread(fileno(c->spool), out->data + n, hdr[0] - n,
		    (off_t)(off + n));
		if (got <= 0 && !(got < 0 && errno == EINTR))
			goto bad;
		n += got > 0 ? (size_t)got : 0;
	}
	out->len = n;
	out->data[n] = '\0';
	return 0;
bad:
	if (got == 0)
		errno = EIO;
	return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0, "cannot read the "
	    "responses kept aside in %s: %s", gd_spool_dir(), strerror(errno));
}
