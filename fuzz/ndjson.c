/*
 * ndjson.c - the JSON readers: NDJSON, arrays and documents through
 * gd-ingest's engine (jsonin.c, lines.c), and lines scanned for paths as
 * gd-tally reads records (jscan.c).  The first byte chooses, the rest is
 * the file:
 *
 *   bits 0-1  gd-ingest -f ndjson, gd-ingest -f json (array or
 *             document), gd-tally's line scan, the scan with lines
 *             capped at 64 bytes
 *   bit 2     encoding detected instead of UTF-8
 *   bit 3     a preset (chosen by the second byte) instead of lossless
 *   bit 4     small caps (--max-field 64, --max-record 256)
 *
 * A line scanned gets the verdict jansson gives it (see agree()), and
 * gd_jload() reads it as jansson does (load_same()).
 */
#include <jansson.h>

#include "ingest.h"

static int
seen(void *ctx, const struct gd_jval *v, struct gd_error *err)
{
	size_t *n = ctx;

	if (v->s == NULL && v->len > 0)
		abort();
	(*n)++;
	return 0;
}

/*
 * The scanner's verdict on a whole line that is an object is jansson's,
 * as the other tools read a record (JSON_REJECT_DUPLICATES): gd-tally
 * must count no line gd-redact refuses, nor refuse one it reads.  Two
 * differences are jansson's, and left out: it skips a NUL byte right
 * after a number ({"n":1<NUL>} reads as {"n":1}), and it reads nesting
 * deeper than the scanner's 512 levels (up to 2048).
 */
/*
 * gd-redact reads a line with gd_jload(): whatever the line, the tree
 * (values, members in order) or the refusal is json_loadb()'s.
 */
static void
load_same(const char *p, size_t n)
{
	static struct gd_jload *jl;
	json_error_t e1, e2;
	json_t *a, *b;
	char *da, *db;

	if (jl == NULL && (jl = gd_jload_new()) == NULL)
		abort();
	a = gd_jload(jl, p, n, &e1);
	b = json_loadb(p, n, JSON_REJECT_DUPLICATES, &e2);
	if ((a == NULL) != (b == NULL))
		abort();
	if (a != NULL) {
		da = json_dumps(a, JSON_ENCODE_ANY);
		db = json_dumps(b, JSON_ENCODE_ANY);
		if (da == NULL || db == NULL || strcmp(da, db) != 0 ||
		    !json_equal(a, b))
			abort();
		free(da);
		free(db);
	} else if (strcmp(e1.text, e2.text) != 0 || e1.column != e2.column)
		abort();
	json_decref(a);
	json_decref(b);
}

static void
agree(const char *p, size_t n, int scanned, const char *why)
{
	json_t *o;
	size_t i;

	load_same(p, n);

	for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'); i++)
		;
	if (i == n || p[i] != '{' || memchr(p, '\0', n) != NULL ||
	    (!scanned && why != NULL && strcmp(why, "nested too deeply") == 0))
		return;
	o = json_loadb(p, n, JSON_REJECT_DUPLICATES, NULL);
	if ((o != NULL) != scanned)
		abort();
	json_decref(o);
}

static void
scan(const char *file, size_t max)
{
	static struct gd_jpaths *ps;
	static const char *const paths[] = {
		"gd", "kind", "id", "respondent.type", "answers.*",
		"comments.*", "respondent.*", "themes", "consent", NULL
	};
	struct gd_source *src;
	struct gd_lines *lr;
	struct gd_error err;
	struct gd_buf scratch;
	const char *p;
	size_t n, nvals;
	int i, rc;

	if (ps == NULL) {
		if ((ps = gd_jpaths_new()) == NULL)
			abort();
		for (i = 0; paths[i]; i++)
			if (gd_jpaths_add(ps, paths[i]) < 0)
				abort();
	}
	if ((src = gd_source_open(file, "UTF-8", &err)) == NULL)
		return;
	if ((lr = gd_lines_new(src, max)) == NULL) {
		gd_source_close(src);
		return;
	}
	gd_buf_init(&scratch, 0);
	while ((rc = gd_lines_next(lr, &p, &n, &err)) != 0) {
		if (rc == -1)
			break;
		if (rc == -2 && n > max)
			abort();
		nvals = 0;
		gd_error_clear(&err);
		/* A refusal says why, and where: inside the line. */
		i = gd_jscan(ps, p, n, seen, &nvals, &scratch, &err);
		if (i != 0 && (err.msg[0] == '\0' || (!err.nomem &&
		    (err.column == 0 || err.column > gd_utf8_chars(p, n) + 1))))
			abort();
		if (rc == 1)
			agree(p, n, i == 0, i != 0 ? err.msg : NULL);
	}
	gd_buf_release(&scratch);
	gd_lines_free(lr);
	gd_source_close(src);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gd_ingest_opts o;
	const char *file;
	unsigned b;

	if (size < 1)
		return 0;
	b = data[0];
	data++, size--;
	gd_ingest_opts_init(&o);
	o.encoding = b & 4 ? NULL : "UTF-8";
	if (b & 8) {
		if (size < 1)
			return 0;
		o.map = fz_preset(data[0]);
		data++, size--;
	}
	if (b & 16) {
		o.max_field = 64;
		o.max_record = 256;
	}
	if ((file = fz_file(0, data, size)) == NULL)
		return 0;
	switch (b & 3) {
	case 0:
		o.format = GD_FMT_NDJSON;
		fz_ingest(&o, file);
		break;
	case 1:
		o.format = GD_FMT_JSON;
		fz_ingest(&o, file);
		break;
	case 2:
		scan(file, 0);
		break;
	default:
		scan(file, 64);
		break;
	}
	return 0;
}
