/*
 * ingest.h - one gd-ingest run over a fuzz input, as cmd/gd-ingest.c
 * makes it: records to /dev/null, rejects to /dev/null, messages to
 * callbacks that format them.  Shared by the CSV, NDJSON and mapping
 * targets.
 */
#ifndef GD_FUZZ_INGEST_H
#define GD_FUZZ_INGEST_H

#include "fuzz.h"

static void
fz_reject(void *ctx, const struct gd_error *why)
{
	char msg[GD_ERR_MSG + GD_ERR_FILE + 64];

	gd_error_format(why, msg, sizeof(msg));
}

static void
fz_warn(void *ctx, const char *file, const char *msg)
{
}

/*
 * The preset chosen by the byte c: the presets are loaded once, and one
 * that does not load is a bug of the library.
 */
static inline const struct gd_map *
fz_preset(unsigned char c)
{
	static struct gd_map *presets[16];
	static size_t npresets;
	struct gd_error err;

	if (npresets == 0) {
		const char *const *names = gd_map_preset_names();

		for (; names[npresets] && npresets < 16; npresets++)
			if ((presets[npresets] = gd_map_preset(
			    names[npresets], &err)) == NULL)
				abort();
	}
	return presets[c % npresets];
}

/*
 * Runs the engine over the file and checks what gd-ingest(1) promises:
 * every row read is accounted for (rows = records + rejects + header +
 * empty).
 */
static inline void
fz_ingest(const struct gd_ingest_opts *o, const char *file)
{
	static const struct gd_report rep = { .reject = fz_reject,
	    .warn = fz_warn, .note = fz_warn };
	struct gd_ingest_stats st;
	struct gd_error err, err2;
	struct gd_rejects *rj;
	struct gd_out *out;
	int rc;

	if ((out = fz_null_out()) == NULL)
		return;
	if ((rj = gd_rejects_open("/dev/null", "gd-ingest", &err)) == NULL) {
		gd_out_close(out, 0, &err);
		return;
	}
	memset(&st, 0, sizeof(st));
	rc = gd_ingest_run(o, &file, 1, out, rj, &rep, &st, &err);
	if (rc == 0 && st.rows != st.records + st.rejects + st.header +
	    st.empty) {
		fprintf(stderr, "rows %lu != records %lu + rejects %lu + "
		    "header %lu + empty %lu\n", st.rows, st.records,
		    st.rejects, st.header, st.empty);
		abort();
	}
	gd_rejects_close(rj, rc == 0, &err2);
	gd_out_close(out, rc == 0, &err2);
}

#endif
