/*
 * tally_stubs.c - stub responses, which say nothing: no answer, and free
 * text, all comments together, that is empty, short (STUB_CHARS
 * characters or fewer) or only points at an attachment.  Each is
 * counted in the summary ("stubs"); with --stubs its id is kept, and
 * written as a "stub" record.
 */
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

#define STUB_CHARS 15
#define ATTACH_BYTES 60

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

/* "See attached", "attached file(s)", "please find attached"... in a
 * text of at most ATTACH_BYTES bytes. */
static int
says_attached(const char *s, size_t n)
{
	char b[ATTACH_BYTES + 1];
	size_t i, o = 0;

	if (n > ATTACH_BYTES)
		return 0;
	for (i = 0; i < n && o + 1 < sizeof(b); i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		if ((c >= 'a' && c <= 'z') || c == ' ')
			b[o++] = c;
	}
	b[o] = '\0';
	return strstr(b, "attached") != NULL || strstr(b, "attachment") !=
	    NULL || strstr(b, "see file") != NULL || strstr(b, "enclosed")
	    != NULL;
}

/*
 * Why a response says nothing, or NULL when it says something.  Its free
 * text is judged as a whole, the comments that are not blank joined by
 * line feeds: "See attached" in one comment says nothing when the others
 * say no more, but a letter beside it is no stub.
 */
static const char *
stub_reason(const struct gd_tally *t, int answer_path_any)
{
	char whole[ATTACH_BYTES + 1];
	size_t i, chars = 0, bytes = 0;
	int text = 0;

	if (answer_path_any)
		return NULL;
	for (i = 0; i < t->nrv; i++) {
		const struct rval *r = &t->rv[i];

		if (r->path != t->p_comments || r->isnull || !r->text ||
		    is_blank(rv_val(t, r), r->vlen))
			continue;
		/* The text so far, while it may still be short enough to
		 * be only an attachment's pointer. */
		if (text && bytes < sizeof(whole))
			whole[bytes] = '\n';
		bytes += text;
		if (bytes < sizeof(whole))
			memcpy(whole + bytes, rv_val(t, r), r->vlen <
			    sizeof(whole) - bytes ? r->vlen : sizeof(whole) -
			    bytes);
		bytes += r->vlen;
		text = 1;
		chars += gd_utf8_chars(rv_val(t, r), r->vlen);
	}
	if (!text)
		return "empty";
	if (says_attached(whole, bytes))
		return "attachment";
	if (chars <= STUB_CHARS)
		return "short";
	return NULL;
}

/* Why the scanned response says nothing, or NULL (worked out once per
 * scan: counting and campaigns both ask). */
const char *
tally_record_stub(struct gd_tally *t)
{
	size_t i;

	if (t->stub_known)
		return t->stub_why;
	t->stub_known = 1;
	t->stub_why = NULL;
	for (i = 0; i < t->nrv; i++)
		if (t->rv[i].path == t->p_answers && !t->rv[i].isnull &&
		    !is_blank(rv_val(t, &t->rv[i]), t->rv[i].vlen))
			return NULL;
	return t->stub_why = stub_reason(t, 0);
}

/* Keeps the id of a stub (--stubs, or a partial's stub record). */
int
tally_stub_add(struct gd_tally *t, const char *id, size_t idlen,
    const char *reason)
{
	struct stub *ns;

	if (t->nstubs == t->stubcap) {
		size_t ncap = t->stubcap ? t->stubcap * 2 : 64;

		if ((ns = realloc(t->stubs, ncap * sizeof(*ns))) == NULL)
			return -1;
		t->stubs = ns;
		t->stubcap = ncap;
	}
	if ((t->stubs[t->nstubs].id = strndup(id, idlen)) == NULL)
		return -1;
	t->stubs[t->nstubs].reason = reason;
	t->nstubs++;
	return 0;
}

/* The reason named r, as the static string stubs point at; or NULL. */
const char *
tally_stub_reason_named(const char *r)
{
	if (strcmp(r, "empty") == 0)
		return "empty";
	if (strcmp(r, "attachment") == 0)
		return "attachment";
	if (strcmp(r, "short") == 0)
		return "short";
	return NULL;
}

static int
stub_cmp(const void *a, const void *b)
{
	const struct stub *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->reason, y->reason);
}

/* The stubs in order of id: the same however the input was split. */
void
tally_stubs_sort(struct gd_tally *t)
{
	if (t->nstubs > 1)
		qsort(t->stubs, t->nstubs, sizeof(*t->stubs), stub_cmp);
}

int
tally_write_stubs(struct gd_tally *t, gd_tally_out_fn out, void *ctx,
    struct gd_error *err)
{
	struct gd_jw jw;
	size_t i;

	tally_stubs_sort(t);
	for (i = 0; i < t->nstubs; i++) {
		tally_record_start(t, &jw, "stub");
		gd_jw_keyz(&jw, "id");
		gd_jw_strz(&jw, t->stubs[i].id);
		gd_jw_keyz(&jw, "reason");
		gd_jw_strz(&jw, t->stubs[i].reason);
		gd_jw_obj_close(&jw);
		if (tally_emit_line(t, &jw, out, ctx, err) == -1)
			return -1;
	}
	return 0;
}
