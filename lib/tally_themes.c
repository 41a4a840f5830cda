/*
 * tally_themes.c - themes of the free text (--codebook): the codebook's
 * patterns, compiled once (PCRE2, folded as the text is: no accents,
 * sharp s as "ss", no case); a response counts once for each theme one of
 * its comments matches, or for "none", by respondent type, and the three
 * smallest ids of each theme and type are kept as examples.  Written as
 * "theme" records: overall (the sum over types), then by type.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tally_int.h"

/*
 * A pattern without its accents, nothing else (its syntax stays: \\S is
 * not \\s); a German sharp s becomes "ss", as text folding makes it.
 */
static int
fold_pattern(struct gd_tally *t, const char *s, size_t n, struct gd_buf *out)
{
	struct gd_buf tmp;
	size_t i;
	int rc = 0;

	(void)t;
	gd_buf_init(&tmp, 0);
	if (gd_strip_marks(s, n, &tmp) == -1) {
		gd_buf_release(&tmp);
		return -1;
	}
	gd_buf_reset(out);
	for (i = 0; i < tmp.len && rc == 0; i++) {
		if (i + 1 < tmp.len && (unsigned char)tmp.data[i] == 0xC3 &&
		    (unsigned char)tmp.data[i + 1] == 0x9F) {
			rc = gd_buf_add(out, "ss", 2);	/* ß */
			i++;
		} else if (i + 2 < tmp.len && (unsigned char)tmp.data[i] ==
		    0xE1 && (unsigned char)tmp.data[i + 1] == 0xBA &&
		    (unsigned char)tmp.data[i + 2] == 0x9E) {
			rc = gd_buf_add(out, "ss", 2);	/* ẞ */
			i += 2;
		} else {
			rc = gd_buf_addc(out, tmp.data[i]);
		}
	}
	gd_buf_release(&tmp);
	return rc;
}

/*
 * Text folded for theme patterns: case (fully: ß is ss), accents,
 * compatibility forms; the patterns match without case besides.
 */
static int
fold_text(struct gd_tally *t, const char *s, size_t n, struct gd_buf *out)
{
	size_t i;

	gd_buf_reset(out);
	if (gd_fold(&t->fold, s, n) == -1)
		return -1;
	for (i = 0; i < t->fold.n; i++) {
		char u[4];

		if (gd_buf_add(out, u, gd_utf8_put((unsigned long)
		    t->fold.cp[i], u)) == -1)
			return -1;
	}
	return 0;
}

/*
 * Compiles the themes of a codebook (its "themes" array); path names it
 * in messages (NULL: the partials' options).  Returns 0, or -1 with err
 * (GD_EXIT_UNUSABLE: what is wrong with them; memory).
 */
static int
codebook_from(struct gd_tally *t, json_t *arr, const char *path,
    struct gd_error *err)
{
	json_t *th, *pats, *pv;
	size_t i, j;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
		    "codebook: needs \"themes\": [{\"id\", \"label\", "
		    "\"patterns\": [...]}]");
	if ((t->themes = calloc(json_array_size(arr), sizeof(*t->themes))) ==
	    NULL)
		goto nomem;
	json_array_foreach(arr, i, th) {
		struct theme *tm = &t->themes[t->nthemes];
		json_t *id = json_object_get(th, "id");
		json_t *label = json_object_get(th, "label");

		pats = json_object_get(th, "patterns");
		if (!json_is_string(id) || json_string_length(id) == 0 ||
		    strcmp(json_string_value(id), "none") == 0 ||
		    !json_is_array(pats) || json_array_size(pats) == 0 ||
		    (label && !json_is_string(label)))
			return gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0,
			    "codebook: theme %zu needs an \"id\" (not \"none\") "
			    "and \"patterns\"", i + 1);
		tm->id = strdup(json_string_value(id));
		tm->label = strdup(label ? json_string_value(label) :
		    json_string_value(id));
		tm->re = calloc(json_array_size(pats), sizeof(*tm->re));
		tm->patterns = json_dumps(pats, JSON_COMPACT);
		t->nthemes++;
		if (!tm->id || !tm->label || !tm->re || !tm->patterns)
			goto nomem;
		json_array_foreach(pats, j, pv) {
			PCRE2_UCHAR msg[256];
			PCRE2_SIZE off;
			int ec;

			if (!json_is_string(pv))
				return gd_error_set(err, GD_EXIT_UNUSABLE, path,
				    0, 0, "codebook: theme \"%s\": patterns "
				    "are texts", tm->id);
			if (fold_pattern(t, json_string_value(pv),
			    json_string_length(pv), &t->folded) == -1)
				goto nomem;
			tm->re[tm->nre] = pcre2_compile((PCRE2_SPTR)
			    t->folded.data, t->folded.len, PCRE2_UTF |
			    PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF,
			    &ec, &off, NULL);
			if (tm->re[tm->nre] == NULL && ec ==
			    PCRE2_ERROR_HEAP_FAILED)
				goto nomem;
			if (tm->re[tm->nre] == NULL) {
				pcre2_get_error_message(ec, msg, sizeof(msg));
				return gd_error_set(err, GD_EXIT_UNUSABLE, path,
				    0, 0, "codebook: theme \"%s\": pattern "
				    "\"%s\": %s", tm->id, json_string_value(pv),
				    (char *)msg);
			}
			if (gd_jit_enabled())
				(void)pcre2_jit_compile(tm->re[tm->nre],
				    PCRE2_JIT_COMPLETE);
			tm->nre++;
		}
	}
	if ((t->md = pcre2_match_data_create(4, NULL)) == NULL)
		goto nomem;
	return 0;
nomem:
	return gd_error_nomem(err, NULL, 0);
}

/*
 * The codebook: themes (the partials' options), else the file
 * opts.codebook, read and compiled.  Returns 0, or -1 with err
 * (GD_EXIT_IO, GD_EXIT_UNUSABLE: what is wrong with it).
 */
int
tally_load_codebook(struct gd_tally *t, json_t *themes, struct gd_error *err)
{
	json_error_t je;
	json_t *root;
	const char *path = t->o.codebook;
	int rc;

	if (themes)
		return codebook_from(t, themes, NULL, err);
	errno = 0;
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	/* Out of memory, opening the file too, is not the file's fault. */
	if (root == NULL && (gd_json_nomem(&je) || errno == ENOMEM))
		return gd_error_nomem(err, path, 0);
	if (root == NULL)
		return gd_error_set(err, errno == ENOENT ? GD_EXIT_IO :
		    GD_EXIT_UNUSABLE, path, je.line > 0 ?
		    (unsigned long)je.line : 0, 0, "codebook: %s", je.text);
	/* The messages are made before root goes: they quote it. */
	rc = codebook_from(t, json_object_get(root, "themes"), path, err);
	json_decref(root);
	return rc;
}

/*
 * Offers id as an example of key (theme, NUL, respondent type): kept if
 * it is among the MAX_EXAMPLES smallest, so the same whatever the order
 * of input or how it was split.  Returns 0 or -1 (memory).
 */
int
tally_example_add(struct gd_tally *t, const char *key, size_t klen,
    const char *id, size_t idlen)
{
	struct examples *e = NULL;
	size_t i, j;
	char *c;

	for (i = 0; i < t->nex; i++)
		if (t->ex[i].klen == klen && memcmp(t->ex[i].key, key, klen) ==
		    0) {
			e = &t->ex[i];
			break;
		}
	if (e == NULL) {
		if (t->nex == t->excap) {
			size_t ncap = t->excap ? t->excap * 2 : 16;
			struct examples *ne = realloc(t->ex, ncap *
			    sizeof(*ne));

			if (ne == NULL)
				return -1;
			t->ex = ne;
			t->excap = ncap;
		}
		e = &t->ex[t->nex++];
		memset(e, 0, sizeof(*e));
		if ((e->key = malloc(klen)) == NULL)
			return -1;
		memcpy(e->key, key, klen);
		e->klen = klen;
	}
	/* Keep the smallest ids: the same whatever the order of input. */
	for (i = 0; i < e->n; i++) {
		int cmp = strncmp(id, e->id[i], idlen);

		if (cmp == 0 && e->id[i][idlen] == '\0')
			return 0;
		if (cmp < 0 || (cmp == 0 && e->id[i][idlen] != '\0'))
			break;
	}
	if (i >= MAX_EXAMPLES)
		return 0;
	if ((c = strndup(id, idlen)) == NULL)
		return -1;
	if (e->n == MAX_EXAMPLES)
		free(e->id[--e->n]);
	for (j = e->n; j > i; j--)
		e->id[j] = e->id[j - 1];
	e->id[i] = c;
	e->n++;
	return 0;
}

/* Which themes the response's free text has. */
int
tally_count_themes(struct gd_tally *t, const char *type, size_t tl,
    const char *id, size_t idlen)
{
	size_t i, k, r;
	int any = 0;
	const char *f[2] = { "theme", "respondent.type" };
	size_t fl[2] = { 5, 15 };
	const char *v[2];
	size_t vl[2];
	char exkey[600];

	for (k = 0; k < t->nthemes; k++) {
		struct theme *tm = &t->themes[k];
		int hit = 0;

		for (i = 0; i < t->nrv && !hit; i++) {
			const struct rval *rv = &t->rv[i];

			if (rv->path != t->p_comments || rv->isnull ||
			    !rv->text)
				continue;
			if (fold_text(t, rv_val(t, rv), rv->vlen, &t->folded)
			    == -1)
				return -1;
			for (r = 0; r < tm->nre && !hit; r++) {
				int rc = pcre2_match(tm->re[r], (PCRE2_SPTR)
				    (t->folded.data ? t->folded.data : ""),
				    t->folded.len, 0, 0, t->md, NULL);

				if (rc >= 0)
					hit = 1;
				else if (rc != PCRE2_ERROR_NOMATCH)
					return -1;
			}
		}
		if (!hit)
			continue;
		any = 1;
		v[0] = tm->id;
		vl[0] = strlen(tm->id);
		v[1] = type;
		vl[1] = tl;
		if (tally_add1(t, SPEC_THEME, f, fl, v, vl, 2, 1) == -1)
			return -1;
		if (t->quote && vl[0] + tl + 1 < sizeof(exkey)) {
			memcpy(exkey, tm->id, vl[0]);
			exkey[vl[0]] = '\0';
			memcpy(exkey + vl[0] + 1, type, tl);
			if (tally_example_add(t, exkey, vl[0] + 1 + tl, id,
			    idlen) == -1)
				return -1;
		}
	}
	if (!any) {
		v[0] = "none";
		vl[0] = 4;
		v[1] = type;
		vl[1] = tl;
		if (tally_add1(t, SPEC_THEME, f, fl, v, vl, 2, 1) == -1)
			return -1;
		if (t->quote && tl + 5 < sizeof(exkey)) {
			memcpy(exkey, "none", 5);
			memcpy(exkey + 5, type, tl);
			if (tally_example_add(t, exkey, 5 + tl, id, idlen) ==
			    -1)
				return -1;
		}
	}
	return 0;
}

static int
ex_find(const struct gd_tally *t, const char *theme, const char *type,
    size_t tl)
{
	size_t i, il = strlen(theme);

	for (i = 0; i < t->nex; i++)
		if (t->ex[i].klen == il + 1 + tl && memcmp(t->ex[i].key, theme,
		    il + 1) == 0 && (tl == 0 || memcmp(t->ex[i].key + il + 1,
		    type, tl) == 0))
			return (int)i;
	return -1;
}

static int
id_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
write_theme_row(struct gd_tally *t, const char *id, const char *label,
    const char *type, size_t tl, unsigned long long n, unsigned long long of,
    int supp, int hide_of, const char **ex, size_t nex, gd_tally_out_fn out,
    void *ctx, struct gd_error *err)
{
	struct gd_jw jw;
	size_t i;

	tally_record_start(t, &jw, "theme");
	gd_jw_keyz(&jw, "theme");
	gd_jw_strz(&jw, id);
	gd_jw_keyz(&jw, "label");
	gd_jw_strz(&jw, label);
	gd_jw_keyz(&jw, "by");
	gd_jw_arr_open(&jw);
	if (type)
		gd_jw_strz(&jw, "respondent.type");
	gd_jw_arr_close(&jw);
	gd_jw_keyz(&jw, "key");
	gd_jw_arr_open(&jw);
	if (type)
		gd_jw_str(&jw, type, tl);
	gd_jw_arr_close(&jw);
	gd_jw_keyz(&jw, "n");
	if (supp)
		gd_jw_null(&jw);
	else
		gd_jw_int(&jw, (long long)n);
	/* The base is the summary's count of the type: withheld there,
	 * withheld here, and so are the type's theme counts (the count of
	 * "none" is the type's count when no response has a theme). */
	gd_jw_keyz(&jw, "of");
	if (hide_of)
		gd_jw_null(&jw);
	else
		gd_jw_int(&jw, (long long)of);
	gd_jw_keyz(&jw, "share");
	if (supp || hide_of)
		gd_jw_null(&jw);
	else
		tally_share_json(&jw, n, of);
	/* Examples only where the count is published. */
	gd_jw_keyz(&jw, "examples");
	gd_jw_arr_open(&jw);
	for (i = 0; !supp && i < nex; i++)
		gd_jw_strz(&jw, ex[i]);
	gd_jw_arr_close(&jw);
	if (supp) {
		gd_jw_keyz(&jw, "suppressed");
		gd_jw_bool(&jw, 1);
	}
	gd_jw_obj_close(&jw);
	return tally_emit_line(t, &jw, out, ctx, err);
}

/* The count-only records of the type of ty (a SPEC_TYPE cell). */
static unsigned long long
unpublished_of(const struct oc *v, size_t nv, const struct oc *ty)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; i < nv; i++)
		if (v[i].k.spec == SPEC_UNPUB && tally_strcmp_n(v[i].k.d[1].v,
		    v[i].k.d[1].vl, ty->k.d[0].v, ty->k.d[0].vl) == 0)
			n += v[i].n;
	return n;
}

/* Theme counts: overall, then by respondent type, each theme in turn. */
int
tally_write_themes(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx, struct gd_error *err)
{
	unsigned long long responses = 0, total;
	size_t k, i, j, ntypes = 0, nall;
	const char *all[MAX_EXAMPLES * 64];
	struct oc *types = NULL;

	/* The base: the responses whose text was read, not the count-only
	 * records of responses not published. */
	for (i = 0; i < nv; i++) {
		if (v[i].k.spec == SPEC_RESPONSES)
			responses += v[i].n;
		if (v[i].k.spec == SPEC_UNPUB)
			responses -= v[i].n;
		if (v[i].k.spec == SPEC_TYPE && types == NULL)
			types = &v[i];
		if (v[i].k.spec == SPEC_TYPE)
			ntypes++;
	}
	for (k = 0; k <= t->nthemes; k++) {
		const char *id = k < t->nthemes ? t->themes[k].id : "none";
		const char *label = k < t->nthemes ? t->themes[k].label :
		    "(no theme)";
		size_t il = strlen(id);

		/* Overall: the sum over types; examples: the smallest ids
		 * of all types. */
		total = 0;
		nall = 0;
		for (i = 0; i < nv; i++)
			if (v[i].k.spec == SPEC_THEME && v[i].k.d[0].v &&
			    tally_strcmp_n(v[i].k.d[0].v, v[i].k.d[0].vl, id,
			    il) == 0)
				total += v[i].n;
		for (i = 0; i < t->nex; i++)
			if (t->ex[i].klen > il && memcmp(t->ex[i].key, id, il)
			    == 0 && t->ex[i].key[il] == '\0')
				for (j = 0; j < t->ex[i].n && nall <
				    sizeof(all) / sizeof(all[0]); j++)
					all[nall++] = t->ex[i].id[j];
		if (nall > 1)
			qsort(all, nall, sizeof(all[0]), id_cmp);
		if (nall > MAX_EXAMPLES)
			nall = MAX_EXAMPLES;
		/* Withheld below the minimum, or by the audit; not 0,
		 * which the rows by type give (none is written). */
		if (write_theme_row(t, id, label, NULL, 0, total, responses,
		    t->o.min_cell && total > 0 && (total < t->o.min_cell ||
		    (t->theme_hide && t->theme_hide[k])), 0, all, nall, out,
		    ctx, err) == -1)
			return -1;
		for (j = 0; j < ntypes; j++) {
			const struct oc *ty = &types[j];
			unsigned long long n = 0;
			int e, supp = 0;

			for (i = 0; i < nv; i++)
				if (v[i].k.spec == SPEC_THEME &&
				    v[i].k.d[0].v &&
				    tally_strcmp_n(v[i].k.d[0].v,
				    v[i].k.d[0].vl, id, il) == 0 &&
				    !v[i].k.d[1].v == !ty->k.d[0].v &&
				    tally_strcmp_n(v[i].k.d[1].v,
				    v[i].k.d[1].vl, ty->k.d[0].v,
				    ty->k.d[0].vl) == 0) {
					n += v[i].n;
					supp |= v[i].supp;
				}
			if (n == 0)
				continue;
			e = ex_find(t, id, ty->k.d[0].v, ty->k.d[0].vl);
			if (write_theme_row(t, id, label, ty->k.d[0].v,
			    ty->k.d[0].vl, n, ty->n - unpublished_of(v, nv,
			    ty), (t->o.min_cell && (n < t->o.min_cell ||
			    supp)) || ty->supp, ty->supp != 0, e >= 0 ?
			    (const char **)t->ex[e].id : NULL, e >= 0 ?
			    t->ex[e].n : 0, out, ctx, err) == -1)
				return -1;
		}
	}
	return 0;
}
