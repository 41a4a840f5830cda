/*
 * csvparts.c - the CSV reader in parts on threads (gd-ingest --threads)
 * against the reader in one thread: the same records, rejects, messages
 * and counts, or abort.  Parts are a few bytes long and cut where the
 * first byte says, so that they begin inside quoted fields, between a CR
 * and its LF, inside UTF-8 sequences.  The first byte chooses the
 * options, the second the part size (1 to 64 bytes), the rest is the file:
 *
 *   bits 0-2  encoding: detected, UTF-8, UTF-16LE, UTF-16BE, UTF-32LE,
 *             WINDOWS-1252, ISO-8859-15, GB18030
 *   bit 3     TSV instead of CSV
 *   bits 4-5  parts cut where the quotes are even, at any line end, at
 *             any byte (twice)
 *   bit 6     a preset (chosen by the third byte), else lossless
 *   bit 7     small caps (--max-field 64, --max-record 256)
 */
#include "ingest.h"

static const char *const encodings[8] = {
	NULL, "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "WINDOWS-1252",
	"ISO-8859-15", "GB18030"
};

/* What a run said, in order: its messages, each with its kind. */
struct said {
	char *p;
	size_t n, cap;
};

static void
say(struct said *s, char kind, const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0, need = la + lb + 3;
	char *np;

	if (s->n + need > s->cap) {
		size_t ncap = (s->n + need) * 2;

		if ((np = realloc(s->p, ncap)) == NULL)
			abort();
		s->p = np;
		s->cap = ncap;
	}
	s->p[s->n++] = kind;
	memcpy(s->p + s->n, a, la);
	s->n += la;
	s->p[s->n++] = '\t';
	if (lb)
		memcpy(s->p + s->n, b, lb);
	s->n += lb;
	s->p[s->n++] = '\n';
}

static void
on_reject(void *ctx, const struct gd_error *why)
{
	char msg[GD_ERR_MSG + GD_ERR_FILE + 64];

	gd_error_format(why, msg, sizeof(msg));
	say(ctx, 'r', msg, NULL);
}

static void
on_warn(void *ctx, const char *file, const char *msg)
{
	say(ctx, 'w', file, msg);
}

static void
on_alert(void *ctx, const char *file, const char *msg)
{
	say(ctx, 'a', file, msg);
}

static void
on_note(void *ctx, const char *file, const char *msg)
{
	say(ctx, 'n', file, msg);
}

/* A file's bytes, read whole into *p (malloc'd), or abort. */
static size_t
slurp(const char *path, char **p)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, cap = 0, r;
	char *np;

	*p = NULL;
	if (f == NULL)
		return 0;	/* not written: the run failed early */
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 65536;
			if ((np = realloc(*p, cap)) == NULL)
				abort();
			*p = np;
		}
		if ((r = fread(*p + n, 1, cap - n, f)) == 0)
			break;
		n += r;
	}
	fclose(f);
	return n;
}

struct result {
	int rc;
	struct gd_error err;
	struct gd_ingest_stats st;
	struct said said;
	char *out, *rej;
	size_t nout, nrej;
};

static void
run(const struct gd_ingest_opts *o, const char *file, const char *dir,
    struct result *res)
{
	struct gd_report rep = { .reject = on_reject, .warn = on_warn,
	    .alert = on_alert, .note = on_note };
	struct gd_rejects *rj;
	struct gd_out *out;
	struct gd_error e2;
	char op[300], rp[300];

	memset(res, 0, sizeof(*res));
	rep.ctx = &res->said;
	snprintf(op, sizeof(op), "%s/out", dir);
	snprintf(rp, sizeof(rp), "%s/rejects", dir);
	unlink(op);
	unlink(rp);
	if ((out = gd_out_open(op, &res->err)) == NULL)
		abort();
	if ((rj = gd_rejects_open(rp, "gd-ingest", &res->err)) == NULL)
		abort();
	res->rc = gd_ingest_run(o, &file, 1, out, rj, &rep, &res->st,
	    &res->err);
	gd_rejects_close(rj, 1, &e2);
	gd_out_close(out, 1, &e2);
	res->nout = slurp(op, &res->out);
	res->nrej = slurp(rp, &res->rej);
}

static void
release(struct result *r)
{
	free(r->said.p);
	free(r->out);
	free(r->rej);
}

static int
same(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

static char dir[256];

/* The scratch folder goes at exit. */
static void
tidy(void)
{
	char p[300];

	snprintf(p, sizeof(p), "%s/out", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/rejects", dir);
	unlink(p);
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gd_ingest_opts o;
	struct result one, parts;
	char ea[GD_ERR_MSG + GD_ERR_FILE + 64], eb[sizeof(ea)];
	const char *file;
	unsigned b, cut;

	if (size < 2)
		return 0;
	if (dir[0] == '\0') {
		const char *t = getenv("TMPDIR");

		snprintf(dir, sizeof(dir), "%s/gd-fuzz-parts-XXXXXX",
		    t && *t ? t : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(tidy);
	}
	b = data[0];
	gd_ingest_opts_init(&o);
	o.encoding = encodings[b & 7];
	o.format = b & 8 ? GD_FMT_TSV : GD_FMT_CSV;
	cut = (b >> 4) & 3;
	o.part_cut = cut > 2 ? 2 : (int)cut;
	o.part_bytes = 1 + data[1] % 64;
	data += 2, size -= 2;
	if (b & 64) {
		if (size < 1)
			return 0;
		o.map = fz_preset(data[0]);
		data++, size--;
	}
	if (b & 128) {
		o.max_field = 64;
		o.max_record = 256;
	}
	if ((file = fz_file(0, data, size)) == NULL)
		return 0;
	o.threads = 1;
	run(&o, file, dir, &one);
	o.threads = 2;
	run(&o, file, dir, &parts);
	gd_error_format(&one.err, ea, sizeof(ea));
	gd_error_format(&parts.err, eb, sizeof(eb));
	if (one.rc != parts.rc || (one.rc != 0 && strcmp(ea, eb) != 0) ||
	    memcmp(&one.st, &parts.st, sizeof(one.st)) != 0 ||
	    !same(one.said.p, one.said.n, parts.said.p, parts.said.n) ||
	    !same(one.out, one.nout, parts.out, parts.nout) ||
	    !same(one.rej, one.nrej, parts.rej, parts.nrej)) {
		fprintf(stderr, "--threads 2 (parts of %zu, cut %d) differs "
		    "from --threads 1: rc %d/%d, %lu/%lu records, %zu/%zu "
		    "bytes out, %zu/%zu of messages\n", o.part_bytes,
		    o.part_cut, one.rc, parts.rc, one.st.records,
		    parts.st.records, one.nout, parts.nout, one.said.n,
		    parts.said.n);
		abort();
	}
	release(&one);
	release(&parts);
	return 0;
}
