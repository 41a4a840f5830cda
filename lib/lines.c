/*
 * lines.c - newline-delimited input with a cap (see gd/lines.h).
 *
 * A line that lies whole in the source's block is handed out in place;
 * only a line cut by a block end is copied.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

struct gd_lines {
	struct gd_source *src;
	size_t max;
	const char *chunk;
	size_t clen, cpos;
	struct gd_buf line;	/* a line that spans blocks */
	unsigned long lineno;
	int eof;
	int cut;		/* the last line was cut at the cap */
};

struct gd_lines *
gd_lines_new(struct gd_source *src, size_t max)
{
	struct gd_lines *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->src = src;
	r->max = max ? max : GD_LINE_MAX_DEFAULT;
	/* One more byte: a CR before the LF is not part of the line. */
	gd_buf_init(&r->line, r->max + 1);
	return r;
}

int
gd_lines_cut(const struct gd_lines *r)
{
	return r->cut;
}

unsigned long
gd_lines_lineno(const struct gd_lines *r)
{
	return r->lineno;
}

static void
strip_cr(const char **p, size_t *n)
{
	if (*n > 0 && (*p)[*n - 1] == '\r')
		(*n)--;
}

int
gd_lines_next(struct gd_lines *r, const char **p, size_t *n,
    struct gd_error *err)
{
	const char *nl;
	size_t take;
	int over = 0, rc;

	gd_buf_reset(&r->line);
	r->cut = 0;
	for (;;) {
		if (r->cpos >= r->clen) {
			if (r->eof)
				break;
			rc = gd_source_read(r->src, &r->chunk, &r->clen, err);
			if (rc < 0)
				return -1;
			r->cpos = 0;
			if (rc == 0) {
				r->eof = 1;
				r->clen = 0;
				break;
			}
			continue;
		}
		nl = memchr(r->chunk + r->cpos, '\n', r->clen - r->cpos);
		take = nl ? (size_t)(nl - (r->chunk + r->cpos)) :
		    r->clen - r->cpos;
		if (nl && r->line.len == 0 && !over && take - (take > 0 &&
		    r->chunk[r->cpos + take - 1] == '\r') <= r->max) {
			/* The whole line is in this block. */
			*p = r->chunk + r->cpos;
			*n = take;
			r->cpos += take + 1;
			r->lineno++;
			strip_cr(p, n);
			return 1;
		}
		if (!over && gd_buf_add(&r->line, r->chunk + r->cpos, take)
		    == -1) {
			if (errno == ENOMEM)
				return gd_error_nomem(err,
				    gd_source_name(r->src), r->lineno + 1);
			/* Keep the first bytes; skip the rest of the line. */
			size_t room = r->max + 1 - r->line.len;

			(void)gd_buf_add(&r->line, r->chunk + r->cpos, room);
			over = 1;
		}
		r->cpos += take;
		if (nl) {
			r->cpos++;
			goto line;
		}
	}
	if (r->line.len == 0 && !over)
		return 0;
line:
	r->lineno++;
	*p = r->line.data ? r->line.data : "";
	*n = r->line.len;
	strip_cr(p, n);
	if (over || *n > r->max) {
		r->cut = 1;
		if (*n > r->max)
			*n = r->max;
		gd_error_set(err, GD_EXIT_REJECTS, gd_source_name(r->src),
		    r->lineno, 0, "line longer than %zu bytes", r->max);
		return -2;
	}
	return 1;
}

void
gd_lines_free(struct gd_lines *r)
{
	if (r == NULL)
		return;
	gd_buf_release(&r->line);
	free(r);
}
