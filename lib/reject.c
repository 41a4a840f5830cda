/*
 * reject.c - reject records (see gd/reject.h).
 */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

struct gd_rejects {
	struct gd_out *out;
	char *tool;
	struct gd_buf line;
};

struct gd_rejects *
gd_rejects_open(const char *path, const char *tool, struct gd_error *err)
{
	struct gd_rejects *rj;

	if ((rj = calloc(1, sizeof(*rj))) == NULL ||
	    (rj->tool = strdup(tool)) == NULL) {
		free(rj);
		gd_error_set(err, GD_EXIT_IO, path, 0, 0, "out of memory");
		return NULL;
	}
	gd_buf_init(&rj->line, 0);
	if ((rj->out = gd_out_open(path, err)) == NULL) {
		free(rj->tool);
		free(rj);
		return NULL;
	}
	return rj;
}

int
gd_base64(struct gd_buf *b, const void *p, size_t n)
{
	/* Characters and the NUL that sodium_bin2base64 writes. */
	size_t len = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_ORIGINAL);

	/* gd_buf_grow keeps a byte free after len + n: room for the NUL.
	 * (Below SIZE_MAX / 2 bytes, the length cannot overflow.) */
	if (n > SIZE_MAX / 2 || gd_buf_grow(b, len - 1) == -1)
		return -1;
	sodium_bin2base64(b->data + b->len, len, p, n,
	    sodium_base64_VARIANT_ORIGINAL);
	b->len += len - 1;
	return 0;
}

int
gd_rejects_add(struct gd_rejects *rj, const struct gd_error *why,
    const char *raw, size_t rawlen, int cut, struct gd_error *ioerr)
{
	struct gd_jw jw;

	if (rj == NULL)
		return 0;
	gd_buf_reset(&rj->line);
	gd_jw_init(&jw, &rj->line);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "gd");
	gd_jw_int(&jw, GD_FORMAT_VERSION);
	gd_jw_keyz(&jw, "kind");
	gd_jw_strz(&jw, "reject");
	gd_jw_keyz(&jw, "tool");
	gd_jw_strz(&jw, rj->tool);
	gd_jw_keyz(&jw, "source");
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "file");
	gd_jw_strz(&jw, why->file[0] ? why->file : "-");
	if (why->line) {
		gd_jw_keyz(&jw, "line");
		gd_jw_int(&jw, (long long)why->line);
	}
	if (why->column) {
		gd_jw_keyz(&jw, "column");
		gd_jw_int(&jw, (long long)why->column);
	}
	gd_jw_obj_close(&jw);
	gd_jw_keyz(&jw, "error");
	{
		/* A message may quote input cut anywhere: keep it UTF-8. */
		char msg[GD_ERR_MSG];
		size_t i, o = 0, n = strlen(why->msg), k;

		for (i = 0; i < n && o + 4 < sizeof(msg);) {
			k = gd_utf8_seq(why->msg + i, n - i);
			if (k == 0) {
				msg[o++] = '?';
				i++;
				continue;
			}
			memcpy(msg + o, why->msg + i, k);
			o += k;
			i += k;
		}
		gd_jw_str(&jw, msg, o);
	}
	if (raw) {
		if (gd_utf8_valid(raw, rawlen)) {
			gd_jw_keyz(&jw, "raw");
			gd_jw_str(&jw, raw, rawlen);
		} else {
			gd_jw_keyz(&jw, "raw_base64");
			gd_jw_raw(&jw, "\"", 1);
			if (gd_base64(&rj->line, raw, rawlen) == -1)
				jw.err = 1;
			(void)gd_buf_addc(&rj->line, '"');
		}
		if (cut) {
			gd_jw_keyz(&jw, "raw_truncated");
			gd_jw_bool(&jw, 1);
		}
	}
	gd_jw_obj_close(&jw);
	(void)gd_buf_addc(&rj->line, '\n');
	if (jw.err)
		return gd_error_set(ioerr, GD_EXIT_IO, gd_out_name(rj->out), 0,
		    0, "out of memory");
	return gd_out_write(rj->out, rj->line.data, rj->line.len, ioerr);
}

int
gd_rejects_close(struct gd_rejects *rj, int commit, struct gd_error *err)
{
	int rc;

	if (rj == NULL)
		return 0;
	rc = gd_out_close(rj->out, commit, err);
	gd_buf_release(&rj->line);
	free(rj->tool);
	free(rj);
	return rc;
}
