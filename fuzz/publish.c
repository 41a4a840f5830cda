/*
 * publish.c - gd-publish's reader and writers (lib/pub_*.c: the stream
 * read, the replies, the tables, JSON, the report and its document
 * writer): the input is a record stream, and after a NUL byte, if there
 * is one, a replies file (Markdown or JSON).
 * Every line the reader takes goes into the publication (a line it
 * refuses must say why); then every format is written to /dev/null.
 */
#include "fuzz.h"

#include "gd/publish.h"

struct ctx {
	struct gd_pub *p;
};

static void
line(void *arg, const char *s, size_t n)
{
	struct ctx *c = arg;
	struct gd_error err;

	gd_error_clear(&err);
	if (gd_pub_add(c->p, s, n, &err) == -1 &&
	    (err.code == 0 || err.msg[0] == '\0'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum gd_pub_format fmts[] = { GD_PUB_CSV, GD_PUB_NDJSON,
	    GD_PUB_JSON, GD_PUB_MD, GD_PUB_HTML };
	static const char *const tables[] = { "responses", "summary",
	    "tallies", "scales", "themes", "campaigns", "stubs" };
	struct gd_pub_opts o;
	struct gd_error err;
	struct ctx c;
	struct gd_out *out;
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - data) : size, i;

	memset(&o, 0, sizeof(o));
	o.quotes = 3;
	o.allow_unredacted = size & 1;
	if (nul && (o.replies = fz_file(0, nul + 1, size - n - 1)) == NULL)
		return 0;
	if ((c.p = gd_pub_new(&o, &err)) == NULL)
		return 0;
	fz_lines((const char *)data, n, line, &c);
	if (gd_pub_finish(c.p, &err) == -1) {
		if (err.msg[0] == '\0')
			abort();
		gd_pub_free(c.p);
		return 0;
	}
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		if ((out = fz_null_out()) == NULL)
			break;
		if (gd_pub_write(c.p, fmts[i], out, &err) == -1 &&
		    err.msg[0] == '\0')
			abort();
		gd_out_close(out, 1, &err);
	}
	gd_pub_free(c.p);
	/* Each CSV table, from a fresh read of the same stream. */
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		o.what = tables[i];
		o.replies = NULL;
		if ((c.p = gd_pub_new(&o, &err)) == NULL)
			return 0;
		fz_lines((const char *)data, n, line, &c);
		if ((out = fz_null_out()) != NULL) {
			if (gd_pub_write(c.p, GD_PUB_CSV, out, &err) == -1 &&
			    err.msg[0] == '\0')
				abort();
			gd_out_close(out, 1, &err);
		}
		gd_pub_free(c.p);
	}
	return 0;
}
