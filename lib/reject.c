/*
 * reject.c - reject records (see gd/reject.h).
 */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"

struct gd_rejects {
	struct gd_out *out;	/* NULL: a capture (gd_rejects_capture) */
	char *tool;
	struct gd_buf line;
	const struct gd_rejects *like;	/* a capture's rejects file */
	struct gd_buf *to;	/* where a capture appends its records */
};

struct gd_rejects *
gd_rejects_open(const char *path, const char *tool, struct gd_error *err)
{
	struct gd_rejects *rj;

	if ((rj = calloc(1, sizeof(*rj))) == NULL ||
	    (rj->tool = strdup(tool)) == NULL) {
		free(rj);
		gd_error_nomem(err, path, 0);
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

struct gd_rejects *
gd_rejects_capture(const struct gd_rejects *like)
{
	struct gd_rejects *rj;

	if (like == NULL)
		return NULL;
	if ((rj = calloc(1, sizeof(*rj))) == NULL ||
	    (rj->tool = strdup(like->tool)) == NULL) {
		free(rj);
		return NULL;
	}
	gd_buf_init(&rj->line, 0);
	rj->like = like;
	return rj;
}

void
gd_rejects_capture_to(struct gd_rejects *rj, struct gd_buf *to)
{
	if (rj != NULL)
		rj->to = to;
}

int
gd_rejects_write(struct gd_rejects *rj, const char *p, size_t n,
    struct gd_error *ioerr)
{
	if (rj == NULL || n == 0)
		return 0;
	return gd_out_write(rj->out, p, n, ioerr);
}

/* The name of the file rj's records go to, for messages. */
static const char *
rj_name(const struct gd_rejects *rj)
{
	return gd_out_name(rj->like ? rj->like->out : rj->out);
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

/* A message for a reject record: valid UTF-8 (a message may quote input
 * cut anywhere), at most GD_ERR_MSG - 1 bytes. */
static size_t
clean_msg(const char *s, char msg[GD_ERR_MSG])
{
	size_t i, o = 0, n = strlen(s), k;

	for (i = 0; i < n && o + 4 < GD_ERR_MSG;) {
		k = gd_utf8_seq(s + i, n - i);
		if (k == 0) {
			msg[o++] = '?';
			i++;
			continue;
		}
		memcpy(msg + o, s + i, k);
		o += k;
		i += k;
	}
	msg[o] = '\0';
	return o;
}

/*
 * The members every reject record starts with, in this order: gd, kind,
 * tool, source (file, line, column), error.  Only what r names is
 * written: the one writer of reject records, for publication or not.
 */
static void
reject_head(struct gd_jw *jw, const struct gd_reject_public *r)
{
	gd_jw_obj_open(jw);
	gd_jw_keyz(jw, "gd");
	gd_jw_int(jw, GD_FORMAT_VERSION);
	gd_jw_keyz(jw, "kind");
	gd_jw_strz(jw, "reject");
	if (r->tool) {
		gd_jw_keyz(jw, "tool");
		gd_jw_strz(jw, r->tool);
	}
	if (r->source) {
		gd_jw_keyz(jw, "source");
		gd_jw_obj_open(jw);
		if (r->file) {
			gd_jw_keyz(jw, "file");
			gd_jw_strz(jw, r->file);
		}
		if (r->line) {
			gd_jw_keyz(jw, "line");
			gd_jw_int(jw, (long long)r->line);
		}
		if (r->column) {
			gd_jw_keyz(jw, "column");
			gd_jw_int(jw, (long long)r->column);
		}
		gd_jw_obj_close(jw);
	}
	if (r->error) {
		gd_jw_keyz(jw, "error");
		gd_jw_str(jw, r->error, r->error_len);
	}
}

int
gd_reject_public_write(struct gd_buf *b, const struct gd_reject_public *r)
{
	struct gd_jw jw;

	gd_jw_init(&jw, b);
	reject_head(&jw, r);
	gd_jw_obj_close(&jw);
	if (jw.err || gd_buf_addc(b, '\n') == -1)
		return -1;
	return 0;
}

/*
 * The messages of jansson's parser (json_loadb), which gd tools give
 * after "not valid JSON: ".  jansson appends " near '...'" with up to 20
 * bytes of the input, or " near end of file"; a few messages hold input
 * themselves (a byte's value, an escape).  Only these texts are kept
 * for a publication: those of the first list whole, with " near end of
 * file" when it follows; those of the second without what follows.
 */
static const char *const json_msgs[] = {
	"premature end of input", "unexpected newline", "invalid escape",
	"too big negative integer", "too big integer",
	"real number overflow", "maximum parsing depth reached",
	"string or '}' expected", "NUL byte in object key not supported",
	"duplicate object key", "':' expected", "'}' expected",
	"']' expected", "invalid token", "unexpected token",
	"'[' or '{' expected", "end of file expected",
	"\\u0000 is not allowed without JSON_ALLOW_NUL", "wrong arguments",
	"input too big", NULL
};
static const char *const json_msgs_quoting[] = {
	"control character", "unable to decode byte",
	"invalid Unicode escape", "invalid Unicode", NULL
};
#define NOT_JSON "not valid JSON"
#define NEAR_EOF " near end of file"

size_t
gd_reject_public_error(const char *msg, size_t n)
{
	const char *rest;
	size_t i, k, head = sizeof(NOT_JSON ": ") - 1, left;

	if (n < sizeof(NOT_JSON) - 1 ||
	    memcmp(msg, NOT_JSON, sizeof(NOT_JSON) - 1) != 0)
		return n;
	if (n < head || memcmp(msg, NOT_JSON ": ", head) != 0)
		return sizeof(NOT_JSON) - 1;
	rest = msg + head;
	left = n - head;
	for (i = 0; json_msgs[i]; i++) {
		k = strlen(json_msgs[i]);
		if (left < k || memcmp(rest, json_msgs[i], k) != 0)
			continue;
		if (left == k + sizeof(NEAR_EOF) - 1 &&
		    memcmp(rest + k, NEAR_EOF, sizeof(NEAR_EOF) - 1) == 0)
			return n;
		if (left == k || (left >= k + 7 &&
		    memcmp(rest + k, " near '", 7) == 0))
			return head + k;
	}
	for (i = 0; json_msgs_quoting[i]; i++) {
		k = strlen(json_msgs_quoting[i]);
		if (left >= k && memcmp(rest, json_msgs_quoting[i], k) == 0 &&
		    (left == k || rest[k] == ' '))
			return head + k;
	}
	return sizeof(NOT_JSON) - 1;
}

/* The reject record of why (for rj), up to its error: the first n bytes
 * of msg, why's message made valid UTF-8. */
static void
why_head(struct gd_jw *jw, const struct gd_rejects *rj,
    const struct gd_error *why, const char *msg, size_t n)
{
	struct gd_reject_public r;

	memset(&r, 0, sizeof(r));
	r.tool = rj->tool;
	r.source = 1;
	r.file = why->file[0] ? why->file : "-";
	r.line = why->line;
	r.column = why->column;
	r.error = msg;
	r.error_len = n;
	reject_head(jw, &r);
}

static int
put(struct gd_rejects *rj, struct gd_jw *jw, struct gd_error *ioerr)
{
	gd_jw_obj_close(jw);
	(void)gd_buf_addc(&rj->line, '\n');
	if (jw->err || (rj->out == NULL && gd_buf_add(rj->to,
	    rj->line.data, rj->line.len) == -1))
		return gd_error_nomem(ioerr, rj_name(rj), 0);
	if (rj->out == NULL)
		return 0;
	return gd_out_write(rj->out, rj->line.data, rj->line.len, ioerr);
}

int
gd_rejects_add(struct gd_rejects *rj, const struct gd_error *why,
    const char *raw, size_t rawlen, int cut, struct gd_error *ioerr)
{
	char msg[GD_ERR_MSG];
	struct gd_jw jw;

	if (rj == NULL)
		return 0;
	gd_buf_reset(&rj->line);
	gd_jw_init(&jw, &rj->line);
	why_head(&jw, rj, why, msg, clean_msg(why->msg, msg));
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
	return put(rj, &jw, ioerr);
}

int
gd_rejects_add_public(struct gd_rejects *rj, const struct gd_error *why,
    struct gd_error *ioerr)
{
	char msg[GD_ERR_MSG];
	struct gd_jw jw;
	size_t n;

	if (rj == NULL)
		return 0;
	n = clean_msg(why->msg, msg);
	gd_buf_reset(&rj->line);
	gd_jw_init(&jw, &rj->line);
	why_head(&jw, rj, why, msg, gd_reject_public_error(msg, n));
	return put(rj, &jw, ioerr);
}

int
gd_rejects_close(struct gd_rejects *rj, int commit, struct gd_error *err)
{
	int rc;

	if (rj == NULL)
		return 0;
	rc = rj->out ? gd_out_close(rj->out, commit, err) : 0;
	gd_buf_release(&rj->line);
	free(rj->tool);
	free(rj);
	return rc;
}
