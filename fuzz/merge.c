/*
 * merge.c - what gd-tally counts and merges: each line a record (or a
 * partial record, from gd-tally --partial), then the results and the
 * partials written.  The first byte chooses, the rest is the input:
 *
 *   bits 0-1  the options: the default tables; --by
 *             respondent.type,answers.* --missing --min-cell 3;
 *             --campaigns; --stubs --by answers.q1
 *   bit 2     --merge (partial records) instead of counting records
 *   bit 3     with --merge: the options from the partials' record of
 *             them (as gd-tally --merge given none), the bits 0-1 used
 *             only when none comes
 *   bit 4     --compare (public employees against citizens)
 */
#include "fuzz.h"

struct ctx {
	struct gd_tally *t;
	int merge;
};

static void
line(void *vc, const char *p, size_t n)
{
	struct ctx *c = vc;
	struct gd_error err;
	int rc;

	rc = c->merge ? gd_tally_merge(c->t, p, n, &err) :
	    gd_tally_add(c->t, p, n, &err);
	if (rc == -1 && err.msg[0] == '\0')
		abort();	/* a reject must say why */
}

/* The end of a merge's input: the records kept aside, merged again;
 * none is kept twice. */
static void
merge_kept(struct ctx *c)
{
	struct gd_error err;
	const char *p;
	size_t i, n;

	if (!c->merge || gd_tally_merge_end(c->t, &err) == -1)
		return;
	for (i = 0; i < gd_tally_kept(c->t); i++) {
		if (gd_tally_kept_line(c->t, i, &p, &n, &err) == -1)
			return;
		if (gd_tally_merge(c->t, p, n, &err) == GD_TALLY_KEPT)
			abort();
	}
}

static int
sink(void *ctx, const char *p, size_t n, struct gd_error *err)
{
	if (n == 0 || p[n - 1] != '\n')
		abort();	/* every record is a whole line */
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const by1[] = { "respondent.type,answers.*" };
	static const char *const by3[] = { "answers.q1" };
	struct gd_tally_opts o;
	struct gd_error err;
	struct ctx c;
	unsigned b;

	if (size < 1)
		return 0;
	b = data[0];
	memset(&o, 0, sizeof(o));
	switch (b & 3) {
	case 1:
		o.by = by1;
		o.nby = 1;
		o.missing = 1;
		o.min_cell = 3;
		break;
	case 2:
		o.campaigns = 1;
		break;
	case 3:
		o.stubs = 1;
		o.by = by3;
		o.nby = 1;
		break;
	}
	o.compare = (b >> 4) & 1;
	c.merge = (b >> 2) & 1;
	o.from_partials = c.merge && (b >> 3) & 1;
	if ((c.t = gd_tally_new(&o, &err)) == NULL)
		abort();
	fz_lines((const char *)data + 1, size - 1, line, &c);
	merge_kept(&c);
	if (gd_tally_write(c.t, sink, NULL, &err) == -1 && err.msg[0] == '\0')
		abort();	/* a failure must say why */
	gd_tally_free(c.t);
	/* The partials of the same input, as gd-tally --partial writes. */
	if ((c.t = gd_tally_new(&o, &err)) == NULL)
		abort();
	fz_lines((const char *)data + 1, size - 1, line, &c);
	if (gd_tally_write_partial(c.t, sink, NULL, &err) == -1 &&
	    err.msg[0] == '\0')
		abort();
	gd_tally_free(c.t);
	return 0;
}
