/*
 * agree.c - gd_jscan()'s verdict on JSON texts against jansson's, for
 * tests/scripts/jscan-agree.sh.
 *
 *   agree FILE...
 *
 * For each file, one line of four words and a reason:
 *
 *   NAME TEXT RECORD SCAN[: WHY]
 *
 * each verdict "accept" or "reject".  The scanner reads only objects, as
 * gd-tally's records are, so every text is read as the value of a member,
 * {"v":TEXT}: RECORD is jansson's verdict on that, read as gd's other
 * tools read a record (json_loadb() with JSON_REJECT_DUPLICATES), and
 * SCAN the scanner's, which must be the same.  TEXT is jansson's verdict
 * on the text itself (with JSON_DECODE_ANY too, as a text need not be an
 * object), for the suite's own expectation.  The scanner reads the
 * record once asking for no path and once for "v" and "v.*" (values
 * handed out, member keys unescaped), and a text that is an object
 * itself as it is too: its verdicts must agree, or SCAN is
 * "inconsistent".  WHY is the scanner's reason for a rejection.  Exit
 * status: 0, or 2 when a file cannot be read.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

static int
count(void *ctx, const struct gd_jval *v, struct gd_error *err)
{
	(*(size_t *)ctx)++;
	return 0;
}

/* 1: accepted; 0: rejected, with *why. */
static int
scan(const struct gd_jpaths *ps, const char *s, size_t n, struct gd_buf *b,
    const char **why)
{
	static struct gd_error e[2];	/* *why points into one of them */
	static int k;
	size_t nv = 0;
	int rc;

	k = !k;
	gd_error_clear(&e[k]);
	rc = gd_jscan(ps, s, n, count, &nv, b, &e[k]);
	*why = rc != 0 ? e[k].msg : NULL;
	return rc == 0;
}

int
main(int argc, char **argv)
{
	struct gd_jpaths *none, *some;
	struct gd_buf text, wrapped, scratch;
	const char *why, *why2;
	int i, rc = 0;

	if ((none = gd_jpaths_new()) == NULL || (some = gd_jpaths_new()) ==
	    NULL || gd_jpaths_add(some, "v") < 0 ||
	    gd_jpaths_add(some, "v.*") < 0) {
		fprintf(stderr, "agree: out of memory\n");
		return 2;
	}
	gd_buf_init(&text, 0);
	gd_buf_init(&wrapped, 0);
	gd_buf_init(&scratch, 0);
	for (i = 1; i < argc; i++) {
		const char *name = strrchr(argv[i], '/');
		char blk[65536];
		size_t k, j;
		json_error_t je;
		json_t *o;
		FILE *fp;
		int ja, jw, a1, a2, a3 = -1;

		name = name ? name + 1 : argv[i];
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			rc = 2;
			continue;
		}
		gd_buf_reset(&text);
		while ((k = fread(blk, 1, sizeof(blk), fp)) > 0)
			if (gd_buf_add(&text, blk, k) == -1)
				return 2;
		fclose(fp);
		o = json_loadb(text.data ? text.data : "", text.len,
		    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
		ja = o != NULL;
		json_decref(o);

		gd_buf_reset(&wrapped);
		if (gd_buf_add(&wrapped, "{\"v\":", 5) == -1 ||
		    gd_buf_add(&wrapped, text.data ? text.data : "",
		    text.len) == -1 || gd_buf_add(&wrapped, "}", 1) == -1)
			return 2;
		o = json_loadb(wrapped.data, wrapped.len,
		    JSON_REJECT_DUPLICATES, &je);
		jw = o != NULL;
		json_decref(o);
		a1 = scan(none, wrapped.data, wrapped.len, &scratch, &why);
		a2 = scan(some, wrapped.data, wrapped.len, &scratch, &why2);
		for (j = 0; j < text.len && strchr(" \t\r\n", text.data[j]) &&
		    text.data[j] != '\0'; j++)
			;
		if (j < text.len && text.data[j] == '{')
			a3 = scan(some, text.data, text.len, &scratch, &why2);
		printf("%s %s %s ", name, ja ? "accept" : "reject",
		    jw ? "accept" : "reject");
		if (a1 != a2 || (a3 != -1 && a3 != a1))
			printf("inconsistent\n");
		else
			printf("%s%s%s\n", a1 ? "accept" : "reject",
			    a1 ? "" : ": ", a1 ? "" : why);
	}
	gd_buf_release(&text);
	gd_buf_release(&wrapped);
	gd_buf_release(&scratch);
	gd_jpaths_free(none);
	gd_jpaths_free(some);
	return rc;
}
