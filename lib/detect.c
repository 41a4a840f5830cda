/*
 * detect.c - personal data in free text (see gd/detect.h).
 *
 * Candidates come from one PCRE2 pattern per category (JIT-compiled, UTF,
 * invalid UTF-8 tolerated); each candidate then has to pass the
 * category's validator and, for the weak categories, its context rules.
 * Spans inside a URL are left alone (a public page is not personal data),
 * except e-mail addresses.  Overlapping spans are settled by strength,
 * then length.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gd/gd.h"

/* ---- policy ---- */

struct custom {
	char *name;
	char *pattern;
	char *token;
};

struct gd_policy {
	unsigned char on[GD_PII_MAX];
	enum gd_mask_style style;
	struct custom custom[GD_PII_MAX - GD_PII_BUILTIN];
	int ncustom;
};

static const char *const cat_name[GD_PII_BUILTIN] = {
	"email", "phone", "iban", "card", "ip", "nino", "nhs", "postcode",
	"ssn", "name", "organisation"
};
static const char *const cat_token[GD_PII_BUILTIN] = {
	"[EMAIL]", "[PHONE]", "[IBAN]", "[CARD]", "[IP]", "[NINO]", "[NHS]",
	"[POSTCODE]", "[SSN]", "[NAME]", "[ORGANISATION]"
};

struct gd_policy *
gd_policy_new(void)
{
	struct gd_policy *p = calloc(1, sizeof(*p));
	int i;

	if (p == NULL)
		return NULL;
	for (i = 0; i < GD_PII_BUILTIN; i++)
		p->on[i] = 1;
	p->style = GD_MASK_TOKEN;
	return p;
}

void
gd_policy_free(struct gd_policy *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ncustom; i++) {
		free(p->custom[i].name);
		free(p->custom[i].pattern);
		free(p->custom[i].token);
	}
	free(p);
}

enum gd_mask_style gd_policy_style(const struct gd_policy *p) { return p->style; }

int
gd_policy_enabled(const struct gd_policy *p, int cat)
{
	return cat >= 0 && cat < GD_PII_BUILTIN + p->ncustom && p->on[cat];
}

int gd_pii_count(const struct gd_policy *p) { return GD_PII_BUILTIN + p->ncustom; }

const char *
gd_pii_name(const struct gd_policy *p, int cat)
{
	if (cat < GD_PII_BUILTIN)
		return cat_name[cat];
	return p->custom[cat - GD_PII_BUILTIN].name;
}

const char *
gd_pii_token(const struct gd_policy *p, int cat)
{
	if (cat < GD_PII_BUILTIN)
		return cat_token[cat];
	return p->custom[cat - GD_PII_BUILTIN].token;
}

static struct gd_policy *
policy_fail(struct gd_policy *p, json_t *root, struct gd_error *err,
    const char *path, const char *msg)
{
	gd_error_set(err, GD_EXIT_UNUSABLE, path, 0, 0, "policy: %s", msg);
	json_decref(root);
	gd_policy_free(p);
	return NULL;
}

struct gd_policy *
gd_policy_load(const char *path, struct gd_error *err)
{
	struct gd_policy *p;
	json_error_t je;
	json_t *root, *v, *c;
	const char *k;
	size_t i;
	int j, found;
	char msg[300];

	if ((root = json_load_file(path, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL) {
		gd_error_set(err, errno == ENOENT ? GD_EXIT_IO :
		    GD_EXIT_UNUSABLE, path, je.line > 0 ?
		    (unsigned long)je.line : 0, 0, "policy: %s", je.text);
		return NULL;
	}
	if ((p = gd_policy_new()) == NULL)
		return policy_fail(p, root, err, path, "out of memory");
	if (!json_is_object(root))
		return policy_fail(p, root, err, path, "must be a JSON object");
	json_object_foreach(root, k, v) {
		if (strcmp(k, "categories") != 0 && strcmp(k, "style") != 0 &&
		    strcmp(k, "custom") != 0) {
			snprintf(msg, sizeof(msg), "unknown key \"%s\"", k);
			return policy_fail(p, root, err, path, msg);
		}
	}
	if ((v = json_object_get(root, "categories")) != NULL) {
		if (!json_is_object(v))
			return policy_fail(p, root, err, path,
			    "\"categories\" maps names to true/false");
		json_object_foreach(v, k, c) {
			for (found = 0, j = 0; j < GD_PII_BUILTIN; j++)
				if (strcmp(cat_name[j], k) == 0) {
					found = 1;
					break;
				}
			if (!found || !json_is_boolean(c)) {
				snprintf(msg, sizeof(msg), "categories: \"%s\": "
				    "not a category, or not true/false", k);
				return policy_fail(p, root, err, path, msg);
			}
			p->on[j] = json_is_true(c);
		}
	}
	if ((v = json_object_get(root, "style")) != NULL) {
		const char *s = json_is_string(v) ? json_string_value(v) : "";

		if (strcmp(s, "token") == 0)
			p->style = GD_MASK_TOKEN;
		else if (strcmp(s, "mask") == 0)
			p->style = GD_MASK_STARS;
		else if (strcmp(s, "remove") == 0)
			p->style = GD_MASK_REMOVE;
		else
			return policy_fail(p, root, err, path,
			    "\"style\" is token, mask or remove");
	}
	if ((v = json_object_get(root, "custom")) != NULL) {
		if (!json_is_array(v) || json_array_size(v) >
		    GD_PII_MAX - GD_PII_BUILTIN)
			return policy_fail(p, root, err, path,
			    "\"custom\" is a list of at most 32 patterns");
		json_array_foreach(v, i, c) {
			json_t *n = json_object_get(c, "name");
			json_t *re = json_object_get(c, "pattern");
			json_t *t = json_object_get(c, "token");
			struct custom *cu = &p->custom[p->ncustom];

			if (!json_is_object(c) || !json_is_string(n) ||
			    !json_is_string(re) || (t && !json_is_string(t)) ||
			    json_object_size(c) != 2u + (t != NULL))
				return policy_fail(p, root, err, path,
				    "custom: each is {\"name\", \"pattern\"} "
				    "with an optional \"token\", and nothing "
				    "else");
			cu->name = strdup(json_string_value(n));
			cu->pattern = strdup(json_string_value(re));
			if (t)
				cu->token = strdup(json_string_value(t));
			else if ((cu->token = malloc(strlen(cu->name) + 3)))
				snprintf(cu->token, strlen(cu->name) + 3,
				    "[%s]", cu->name);
			p->on[GD_PII_BUILTIN + p->ncustom] = 1;
			p->ncustom++;
			if (!cu->name || !cu->pattern || !cu->token)
				return policy_fail(p, root, err, path,
				    "out of memory");
		}
	}
	json_decref(root);
	return p;
}

/* ---- names ---- */

/* Appends code points as UTF-8 to b (size cap); returns the length. */
static size_t
cp_utf8(const int32_t *w, size_t n, char *b, size_t cap)
{
	size_t k, bl = 0;

	for (k = 0; k < n && bl + 4 < cap; k++)
		bl += gd_utf8_put((unsigned long)w[k], b + bl);
	return bl;
}

int gd_names_add(struct gd_names *, const char *, size_t, int);
static int particle(const int32_t *, size_t);

/* Every run of 2 to (all but one) words of name `whole`, as names. */
static int
ngrams(struct gd_names *l, size_t whole)
{
	size_t st[16], en[16], nw = 0, i, a, b;
	char buf[512];

	for (i = 0; i < l->v[whole].n && nw < 16;) {
		const struct gd_folded *f = &l->v[whole];

		while (i < f->n && !gd_is_word_cp(f->cp[i]))
			i++;
		if (i >= f->n)
			break;
		st[nw] = i;
		while (i < f->n && gd_is_word_cp(f->cp[i]))
			i++;
		en[nw++] = i;
	}
	for (a = 0; a < nw; a++)
		for (b = a + 1; b < nw; b++) {
			size_t bl;

			size_t k2;
			int all_particles = 1;

			if (a == 0 && b == nw - 1)
				continue;	/* the whole name is there */
			for (k2 = a; k2 <= b; k2++)
				if (!particle(l->v[whole].cp + st[k2],
				    en[k2] - st[k2]))
					all_particles = 0;
			if (all_particles)
				continue;	/* "van der": not a name */
			bl = cp_utf8(l->v[whole].cp + st[a], en[b] - st[a],
			    buf, sizeof(buf));
			if (gd_names_add(l, buf, bl, 0) == -1)
				return -1;
		}
	return 0;
}

/*
 * Words that are parts of many names and ordinary words too: "de",
 * "van", "der"... alone they are not looked for (the whole name is).
 */
static int
particle(const int32_t *w, size_t n)
{
	static const char *const p[] = { "de", "da", "di", "do", "du", "del",
	    "della", "dei", "der", "den", "des", "van", "von", "vom", "zu",
	    "la", "le", "el", "al", "lo", "dos", "das", "ter", "ten", "op",
	    "bin", "ibn", "bint", "ben", "y", "e", "of", "st", "mc", "mac",
	    "jr", "sr", "ii", "iii", "mr", "mrs", "ms", "dr", "prof", "and",
	    NULL };
	size_t k, i;

	for (k = 0; p[k]; k++) {
		if (strlen(p[k]) != n)
			continue;
		for (i = 0; i < n && w[i] == (unsigned char)p[k][i]; i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

int
gd_names_add(struct gd_names *l, const char *s, size_t n, int parts)
{
	struct gd_folded *f;
	size_t i, j, whole;

	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 8;

		if ((f = realloc(l->v, ncap * sizeof(*f))) == NULL)
			return -1;
		memset(f + l->cap, 0, (ncap - l->cap) * sizeof(*f));
		l->v = f;
		l->cap = ncap;
	}
	f = &l->v[l->n];
	if (gd_fold(f, s, n) == -1)
		return -1;
	/* Trim what is not a word character at both ends. */
	for (i = 0; i < f->n && !gd_is_word_cp(f->cp[i]); i++)
		;
	for (j = f->n; j > i && !gd_is_word_cp(f->cp[j - 1]); j--)
		;
	if (j - i < 2)
		return 0;
	if (i > 0) {
		memmove(f->cp, f->cp + i, (j - i) * sizeof(*f->cp));
		memmove(f->from, f->from + i, (j - i) * sizeof(*f->from));
		memmove(f->to, f->to + i, (j - i) * sizeof(*f->to));
	}
	f->n = j - i;
	whole = l->n++;
	if (!parts)
		return 0;
	/* Each run of two or more of its words ("van Loon" of "Pieter van
	 * Loon"), so particles go with the words next to them. */
	if (ngrams(l, whole) == -1)
		return -1;
	/* Each word of two letters or more, as a name of its own. */
	for (i = 0; i < l->v[whole].n; i = j) {
		int32_t *w;
		size_t len, bl;
		char buf[256];

		/* Adding a part may move the list. */
		f = &l->v[whole];
		while (i < f->n && !gd_is_word_cp(f->cp[i]))
			i++;
		for (j = i; j < f->n && gd_is_word_cp(f->cp[j]); j++)
			;
		len = j - i;
		if (len < 2 || len == f->n || particle(f->cp + i, len))
			continue;
		/* The folded word, back to UTF-8, then folded as a name. */
		w = f->cp + i;
		bl = cp_utf8(w, len, buf, sizeof(buf));
		if (gd_names_add(l, buf, bl, 0) == -1)
			return -1;
	}
	return 0;
}

void
gd_names_reset(struct gd_names *l)
{
	l->n = 0;
}

void
gd_names_release(struct gd_names *l)
{
	size_t i;

	for (i = 0; i < l->cap; i++)
		gd_folded_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
gd_names_load(struct gd_names *l, const char *path, struct gd_error *err)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return gd_error_set(err, GD_EXIT_IO, path, 0, 0,
		    "cannot open: %s", strerror(errno));
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		if (!gd_utf8_valid(line, (size_t)n)) {
			free(line);
			fclose(fp);
			return gd_error_set(err, GD_EXIT_UNUSABLE, path, lineno,
			    0, "not UTF-8");
		}
		if (gd_names_add(l, line, (size_t)n, 0) == -1) {
			free(line);
			fclose(fp);
			return gd_error_nomem(err, path, lineno);
		}
	}
	free(line);
	fclose(fp);
	return 0;
}

void
gd_spans_release(struct gd_spans *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* ---- detectors ---- */

/*
 * The IBAN pattern runs before the other digit categories: the digits of
 * an IBAN that fails its check are no telephone or card number either.
 */
enum { D_EMAIL, D_EMAIL_OBF, D_IBAN, D_PHONE, D_CARD, D_IPV4, D_IPV6,
	D_NINO, D_NHS, D_POSTCODE, D_SSN, D_URL, D_NBUILTIN };

/* Separators between groups of digits (gd_digit_sep()), for a character
 * class: the no-break, figure, thin and narrow no-break spaces; the
 * non-breaking hyphen, figure dash and en dash.  A line break is an
 * alternative of its own (LB). */
#define SP_U	"\\x{a0}\\x{2007}\\x{2009}\\x{202f}"
#define DASH_U	"\\x{2011}\\x{2012}\\x{2013}"
#define LB	" ?\\r?\\n ?"
/* "dot" written out in an address: "jane dot doe", "example (dot) org". */
#define DOTW	"(?:\\s*[([{<]\\s*dot\\s*[)\\]}>]\\s*|\\s+dot\\s+)"

static const struct {
	const char *re;
	int cat;		/* -1: URL, the protected spans */
	const char *name;
} builtin[D_NBUILTIN] = {
	[D_EMAIL] = { "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@"
	    "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
	    "[A-Za-z]{2,24}(?![A-Za-z0-9-])", GD_PII_EMAIL, "email" },
	[D_EMAIL_OBF] = { "(?i)(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}"
	    "(?:" DOTW "[A-Za-z0-9._%+-]{1,64}){0,4}"
	    "\\s*(?:[([{<]\\s*at\\s*[)\\]}>]|\\s+at\\s+)\\s*"
	    "[A-Za-z0-9-]{1,63}(?:(?:" DOTW "|\\.)[A-Za-z0-9-]{1,63}){1,4}",
	    GD_PII_EMAIL, "email-obfuscated" },
	[D_IBAN] = { "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?:(?:[ \\-" SP_U "]|"
	    LB ")?[A-Z0-9]){11,30}(?![A-Za-z0-9])", GD_PII_IBAN,
	    "iban-mod97" },
	[D_PHONE] = { "(?<![A-Za-z0-9/.,+-])(?:\\+|\\(\\+?)?\\d"
	    "(?:(?:[ \\-/" SP_U DASH_U "]|" LB "|\\.(?! )|\\) ?| ?\\()?\\d)"
	    "{6,16}\\)?(?![A-Za-z0-9]|[.,/-]\\d)", GD_PII_PHONE, "phone" },
	[D_CARD] = { "(?<![\\w.,+-]|\\d )\\d(?:(?:[ \\-" SP_U DASH_U "]|"
	    LB ")?\\d){12,18}(?![\\d]|[.,-]\\d| \\d)",
	    GD_PII_CARD, "card-luhn" },
	[D_IPV4] = { "(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}"
	    "(?:/\\d{1,2})?(?![\\w]|[.,]\\d)", GD_PII_IP, "ipv4" },
	[D_IPV6] = { "(?<![\\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}"
	    "(?:[0-9A-Fa-f]{1,4}|(?:\\d{1,3}\\.){3}\\d{1,3})?"
	    "(?:/\\d{1,3})?(?![\\w:])", GD_PII_IP, "ipv6" },
	/* Any two letters: a prefix never allocated is a typo, and a typo
	 * is still somebody's number (validate() has the rest). */
	[D_NINO] = { "(?<![A-Za-z0-9])[A-Za-z]{2}[ " SP_U "]?\\d{2}"
	    "[ " SP_U "]?\\d{2}[ " SP_U "]?\\d{2}(?:[ " SP_U "]?[A-Da-d]"
	    "(?![A-Za-z0-9])|(?![A-Za-z0-9])(?![ " SP_U "]?\\d))",
	    GD_PII_NINO, "nino" },
	[D_NHS] = { "(?<![\\w-])\\d{3}(?:[ \\-" SP_U DASH_U "]|" LB ")?"
	    "\\d{3}(?:[ \\-" SP_U DASH_U "]|" LB ")?\\d{4}(?![\\d]|-\\d)",
	    GD_PII_NHS, "nhs-mod11" },
	[D_POSTCODE] = { "(?i)(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ]"
	    "(?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?)"
	    " ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])", GD_PII_POSTCODE,
	    "uk-postcode" },
	[D_SSN] = { "(?<![\\w-])\\d{3}([- " SP_U DASH_U "])\\d{2}\\1\\d{4}"
	    "(?![\\d]|-\\d)", GD_PII_SSN, "us-ssn" },
	[D_URL] = { "(?i)\\b(?:https?://|www\\.)[^\\s<>\"]+", -1, "url" },
};

struct pat {
	pcre2_code *code;
	int cat;
	const char *name;
	int id;			/* D_*, or -1 for custom */
};

struct gd_detector {
	const struct gd_policy *pol;
	struct pat pat[D_NBUILTIN + GD_PII_MAX];
	int npat;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
	struct gd_spans cand;
	struct gd_spans urls;
	struct gd_spans dead;		/* IBAN-shaped text that failed */
	struct gd_folded fold;
	char *tmp;
	size_t tmpcap;
	/* The text for the e-mail patterns, without zero-width characters
	 * and with look-alike letters made ASCII (email_text()); nmap[i]
	 * is the offset in the text of byte i. */
	char *nbuf;
	size_t *nmap;
	size_t ncap;
	enum gd_text_kind kind;		/* of the text being scanned */
};

#define PCRE_OPTS (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)

static pcre2_code *
compile(const char *re, uint32_t extra, struct gd_error *err,
    const char *what)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int ec;
	pcre2_code *c;

	c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
	    PCRE_OPTS | extra, &ec, &off, NULL);
	if (c == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		gd_error_set(err, ec == PCRE2_ERROR_HEAP_FAILED ? GD_EXIT_IO :
		    GD_EXIT_UNUSABLE, NULL, 0, 0,
		    "pattern %s: %s at offset %zu", what, (char *)msg,
		    (size_t)off);
		return NULL;
	}
	/* Without JIT (a platform that lacks it) the interpreter runs. */
	if (gd_jit_enabled())
		(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

static void wlists_init(void);
static pthread_once_t wlists_once = PTHREAD_ONCE_INIT;

struct gd_detector *
gd_detector_new(const struct gd_policy *pol, struct gd_error *err)
{
	struct gd_detector *d;
	int i;

	pthread_once(&wlists_once, wlists_init);

	if ((d = calloc(1, sizeof(*d))) == NULL)
		goto nomem;
	d->pol = pol;
	for (i = 0; i < D_NBUILTIN; i++) {
		if (builtin[i].cat >= 0 && !pol->on[builtin[i].cat])
			continue;
		if ((d->pat[d->npat].code = compile(builtin[i].re, 0, err,
		    builtin[i].name)) == NULL)
			goto fail;
		d->pat[d->npat].cat = builtin[i].cat;
		d->pat[d->npat].name = builtin[i].name;
		d->pat[d->npat].id = i;
		d->npat++;
	}
	for (i = 0; i < pol->ncustom; i++) {
		if ((d->pat[d->npat].code = compile(pol->custom[i].pattern,
		    PCRE2_UCP, err, pol->custom[i].name)) == NULL)
			goto fail;
		d->pat[d->npat].cat = GD_PII_BUILTIN + i;
		d->pat[d->npat].name = pol->custom[i].name;
		d->pat[d->npat].id = -1;
		d->npat++;
	}
	if ((d->md = pcre2_match_data_create(16, NULL)) == NULL ||
	    (d->mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (d->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024,
	    NULL)) == NULL)
		goto nomem;
	pcre2_jit_stack_assign(d->mctx, NULL, d->jstack);
	/* A pattern that backtracks without end fails the record (it is
	 * then not published), never the machine. */
	pcre2_set_match_limit(d->mctx, 10000000);
	pcre2_set_depth_limit(d->mctx, 100000);
	return d;
nomem:
	gd_error_nomem(err, NULL, 0);
fail:
	gd_detector_free(d);
	return NULL;
}

void
gd_detector_free(struct gd_detector *d)
{
	int i;

	if (d == NULL)
		return;
	for (i = 0; i < d->npat; i++)
		pcre2_code_free(d->pat[i].code);
	pcre2_match_data_free(d->md);
	pcre2_match_context_free(d->mctx);
	pcre2_jit_stack_free(d->jstack);
	gd_spans_release(&d->cand);
	gd_spans_release(&d->urls);
	gd_spans_release(&d->dead);
	gd_folded_release(&d->fold);
	free(d->tmp);
	free(d->nbuf);
	free(d->nmap);
	free(d);
}

static int
span_add(struct gd_spans *s, size_t a, size_t b, int cat, const char *det)
{
	struct gd_span *nv;

	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 16;

		if ((nv = realloc(s->v, ncap * sizeof(*nv))) == NULL)
			return -1;
		s->v = nv;
		s->cap = ncap;
	}
	s->v[s->n].start = a;
	s->v[s->n].end = b;
	s->v[s->n].cat = cat;
	s->v[s->n].detector = det;
	s->n++;
	return 0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* The byte length of a space at s, no-break and narrow ones too. */
static size_t
space_len(const char *s, size_t n)
{
	size_t l = gd_digit_sep(s, n);

	if (l == 1)
		return s[0] == ' ';
	if (l == 2)
		return (unsigned char)s[0] == 0xC2 ? 2 : 0;	/* not CR LF */
	/* U+2007, U+2009, U+202F; not the dashes. */
	return l == 3 && ((unsigned char)s[2] == 0x87 ||
	    (unsigned char)s[2] == 0x89 || (unsigned char)s[2] == 0xAF) ? 3 : 0;
}

/*
 * The start of the sentence that byte a is in (at most window back): a
 * line end, ". A" ("Tel. 020" goes on), an e-mail address, or another
 * number of four digits or more, since a word before these was said of
 * them ("Tel: 020 7946 0958. Between 1995 1996" does not make the years
 * a telephone number).
 */
static size_t
sentence_start(const char *s, size_t a, size_t window)
{
	size_t from = a > window ? a - window : 0, i, run = 0, end = 0, l;

	for (i = a; i > from; i--) {
		char c = s[i - 1];

		if (is_digit(c)) {
			if (run++ == 0)
				end = i;
			if (run == 4)
				return end;
			continue;
		}
		/* A number goes on over a separator between digits. */
		if (run > 0 && i >= 2 && strchr(" .-/", c) != NULL &&
		    c != '\0' && is_digit(s[i - 2]))
			continue;
		for (l = 2; run > 0 && l <= 3; l++)
			if (i > l && gd_digit_sep(s + i - l, l) == l &&
			    is_digit(s[i - l - 1]))
				break;
		if (run > 0 && l <= 3) {
			i -= l - 1;
			continue;
		}
		run = 0;
		/* A line, or an e-mail address: the word was said of it
		 * ("Contact me: jo@example.org. 86 874 251 people"). */
		if (c == '\n' || c == '@')
			return i;
		/* ". A": a sentence ends; "Tel. 020" does not. */
		if ((c == '.' || c == '!' || c == '?') && i + 1 < a &&
		    s[i] == ' ' && s[i + 1] >= 'A' && s[i + 1] <= 'Z')
			return i;
	}
	return from;
}

/*
 * A list of words (lower case; a final '$' asks for the whole word),
 * with their lengths and the bytes they start with, worked out once
 * (wlists_init()).
 */
struct wlist {
	const char *const *w;	/* at most 128 words are read */
	size_t n;
	unsigned char len[128];
	unsigned char whole[128];
	unsigned char first[256];
	/* The words by first byte: head[c] is 1 + the first word that
	 * begins with c (0: none), next[k] 1 + the one after word k. */
	unsigned char head[256];
	unsigned char next[128];
};

static void
wlist_init(struct wlist *l)
{
	size_t k, wl;
	unsigned char c;

	for (k = 0; l->w[k] && k < sizeof(l->len); k++) {
		l->n = k + 1;
		wl = strlen(l->w[k]);
		l->whole[k] = wl > 0 && l->w[k][wl - 1] == '$';
		l->len[k] = (unsigned char)(l->whole[k] ? wl - 1 : wl);
		c = (unsigned char)l->w[k][0];
		l->first[c] = 1;
	}
	/* Chained backwards, so that each chain is in list order. */
	for (k = l->n; k-- > 0;) {
		c = (unsigned char)l->w[k][0];
		l->next[k] = l->head[c];
		l->head[c] = (unsigned char)(k + 1);
	}
}

/*
 * Does word k of l stand at s[i], before a: not inside a word, an address
 * or a domain ("@telefonica.net"); a word of four letters or more may
 * begin a longer one ("telefoonnummer"), a shorter one or one marked
 * whole only stands alone ("tel", not "hotel" or "telling").
 */
static int
word_at(const char *s, size_t i, size_t a, const struct wlist *l, size_t k)
{
	const char *w = l->w[k];
	size_t wl = l->len[k], j;

	if (i + wl > a)
		return 0;
	for (j = 0; j < wl && lower((unsigned char)s[i + j]) ==
	    (unsigned char)w[j]; j++)
		;
	if (j < wl || (i > 0 && (is_alpha(s[i - 1]) || s[i - 1] == '@' ||
	    s[i - 1] == '_' || (s[i - 1] == '.' && i > 1 &&
	    (is_alpha(s[i - 2]) || is_digit(s[i - 2]))))))
		return 0;
	if ((wl < 4 || l->whole[k]) && i + wl < a && is_alpha(s[i + wl]))
		return 0;
	return 1;
}

/*
 * Does one of the words end at byte e, after at most three characters of
 * " .-/:" ("Tel" in "Tel.-Nr.", "order" in "order number is")?
 */
static int
qualified(const char *s, size_t e, const struct wlist *l)
{
	size_t from = e > 24 ? e - 24 : 0, k, ws, wl, m = 0;

	while (e > from && m < 3 && s[e - 1] != '\0' &&
	    strchr(" .-/:", s[e - 1]) != NULL) {
		e--;
		m++;
	}
	for (ws = e; ws > from && is_alpha(s[ws - 1]); ws--)
		;
	for (k = 0; k < l->n; k++) {
		wl = l->len[k];
		/* The word before, or a phrase ending there ("text me"). */
		if (ws < e && word_at(s, ws, e, l, k))
			return 1;
		if (e >= from + wl && e - wl != ws && word_at(s, e - wl, e, l,
		    k))
			return 1;
	}
	return 0;
}

/*
 * How far before a (in bytes) the nearest of the words is, in the same
 * sentence and at most window back; -1 when none is.  A word just after
 * one of qual belongs to it, and does not count: the "no." of "Tel no."
 * is no number of another kind, the "number is" of "order number is" no
 * telephone number.
 */
static long
context_dist_q(const char *s, size_t a, size_t window,
    const struct wlist *l, const struct wlist *qual)
{
	size_t from = sentence_start(s, a, window), i, k;
	int c;

	for (i = a; i-- > from;) {
		c = lower((unsigned char)s[i]);
		if (!l->first[c])
			continue;
		for (k = l->head[c]; k > 0; k = l->next[k - 1])
			if (word_at(s, i, a, l, k - 1) &&
			    (qual == NULL || !qualified(s, i, qual)))
				return (long)(a - i);
	}
	return -1;
}

static long
context_dist(const char *s, size_t a, size_t window, const struct wlist *l)
{
	return context_dist_q(s, a, window, l, NULL);
}

static int
context_before(const char *s, size_t a, size_t window,
    const struct wlist *l)
{
	return context_dist(s, a, window, l) >= 0;
}

/* Words for a telephone number, in the order of the man page's list
 * (man/gd-redact.1, WHAT IS DETECTED; tests/cli/redact/phone-words reads
 * it from there).  "tel" takes "Tel.", "Tel no.", "Tel.-Nr." and
 * "tel.nr." (the "no." and "Nr." are not numbers of another kind after
 * it, context_dist_q()). */
static const char *const phone_words[] = { "phone", "telephone", "tel",
	"telnr", "ph", "mobile", "mobil", "mob", "cell", "cellphone", "gsm",
	"landline", "call", "ring", "fax", "whatsapp", "sms", "text me",
	"contact", "reach me", "my number", "number is", "number:",
	"teléfono", "telefono", "tlf", "tfno", "móvil", "movil", "llamar",
	"llame", "llámame", "número es", "téléphone", "portable", "appelez",
	"joindre", "numéro est", "telefon", "handy", "anrufen", "rufnummer",
	"erreichbar", "nummer ist", "telefoon", "bellen", "mobiel",
	"bereikbaar", "bel$", "nummer is", "cellulare", "chiamare", "chiamat",
	"reperibil", "numero è", "dzwon", "dzwoń", "komórk", "numer tel",
	"numer to",
	NULL };
static struct wlist phone_l = { .w = phone_words };
/* Words that are no telephone word but, in the same sentence before
 * them, make 8 to 11 digits in any grouping one: "My details:", "please
 * note", "I can be reached on". */
static const char *const weak_phone_words[] = { "details", "detail",
	"note$", "notes$", "nota$", "reached", "reachable", "available",
	"datos", "daten", "coordonn", "gegevens", "dati$", "dane$",
	"recapito", NULL };
static struct wlist weak_phone_l = { .w = weak_phone_words };
static const char *const not_phone_words[] = { "order", "invoice",
	"ref", "reference", "case", "ticket", "isbn", "issn", "doi",
	"account", "konto", "rekening", "conto", "cuenta", "compte",
	"policy", "serial", "id", "no.", "nr.", "nr", "docket", "page",
	"pages", "version", "nhs", "ssn", "nino", "bestell", "rechnung",
	"factura", "fattura", "facture", "zamówien", "faktur", "pedido",
	"ordine", "commande", "bestelling", "customer", "kunden", "cliente",
	"tracking", "parcel", "vat", "tax", "iban", "article", "art",
	"artikel", "articolo", "artículo", "item$", "items$", "sku", "product",
	"produkt", "producto", "prodotto", "part$", "model$", "ean", "gtin",
	"catalog", "katalog", "référence", "referenz", "referencia",
	"riferimento", "aktenzeichen", "registration", "charity", "patent",
	"licen", NULL };
static struct wlist not_phone_l = { .w = not_phone_words };
static const char *const version_words[] = { "version", "ver",
	"release", "build", "firmware", "section", "§", "€", "$", "£",
	"eur", "usd", "gbp", "pln", NULL };
static struct wlist version_l = { .w = version_words };
static const char *const nhs_words[] = { "nhs", "health", "chi", NULL };
static struct wlist nhs_l = { .w = nhs_words };
static const char *const money_words[] = { "eur", "usd", "gbp", "pln",
	"chf", "sek", "dkk", "nok", "czk", "huf", "ron", "zł", "€", "£",
	"$", "euro", NULL };
static const char *const nino_words[] = { "national insurance",
	"insurance", "ni", "ni no", "ni number", "nino", "nin", "hmrc", NULL };
static struct wlist nino_l = { .w = nino_words };

/* Digits and separators of a candidate. */
struct shape {
	int digits;
	int groups;		/* digit runs */
	int glen[20];
	char seps[20];		/* the separator after each group */
	char d[20];		/* the first 20 digits */
	int plus, paren;
};

static void
shape_of(const char *s, size_t n, struct shape *sh)
{
	size_t i = 0, l;
	int in = 0, g;

	memset(sh, 0, sizeof(*sh));
	while (i < n) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (sh->digits < 20)
				sh->d[sh->digits] = c;
			sh->digits++;
			if (!in) {
				in = 1;
				if (sh->groups < 20)
					sh->groups++;
			}
			if (sh->groups <= 20)
				sh->glen[sh->groups - 1]++;
			i++;
			continue;
		}
		/* A typographic space reads as a space, a typographic dash
		 * as a dash; a line break stands for the separator of the
		 * groups around it (below). */
		if ((l = gd_digit_sep(s + i, n - i)) > 1)
			c = l == 3 && (unsigned char)s[i + 2] >= 0x91 &&
			    (unsigned char)s[i + 2] <= 0x93 ? '-' : s[i] ==
			    '\r' ? '\n' : ' ';
		i += l > 1 ? l : 1;
		if (sh->groups > 0 && sh->groups <= 20 && (in ||
		    c == '\n') && (sh->seps[sh->groups - 1] == 0 || c == '\n'))
			sh->seps[sh->groups - 1] = c;
		in = 0;
		if (c == '+')
			sh->plus = 1;
		if (c == '(' || c == ')')
			sh->paren = 1;
	}
	for (g = 0; g + 1 < sh->groups && g < 20; g++)
		if (sh->seps[g] == '\n')
			sh->seps[g] = g > 0 && sh->seps[g - 1] != '\n' ?
			    sh->seps[g - 1] : g + 2 < sh->groups &&
			    sh->seps[g + 1] != '\n' ? sh->seps[g + 1] : ' ';
}

/* The number that digits [i, i + w) of the shape make. */
static int
shape_num(const struct shape *sh, int i, int w)
{
	int v = 0;

	while (w-- > 0 && i < 20)
		v = v * 10 + (sh->d[i++] - '0');
	return v;
}

/* A date written with separators (2018-06-07, 07/06/2018, 6.7.18). */
static int
looks_like_date(const struct shape *sh)
{
	if (sh->groups != 3 || sh->seps[0] != sh->seps[1] ||
	    (sh->seps[0] != '-' && sh->seps[0] != '/' && sh->seps[0] != '.'))
		return 0;
	return (sh->glen[0] == 4 && sh->glen[1] <= 2 && sh->glen[2] <= 2) ||
	    (sh->glen[0] <= 2 && sh->glen[1] <= 2 &&
	    (sh->glen[2] == 4 || sh->glen[2] == 2));
}

static int
is_year(int y)
{
	return y >= 1900 && y <= 2099;
}

/* A date with a four-digit year, then more: "2021-07-18 15:30",
 * "18.07.2021 15:30" (not "+39-06-4613-1734"). */
static int
date_then_more(const struct shape *sh)
{
	int y = -1, m = 0, d = 0;

	if (sh->groups < 4 || sh->seps[0] != sh->seps[1] ||
	    (sh->seps[0] != '-' && sh->seps[0] != '/' && sh->seps[0] != '.'))
		return 0;
	if (sh->glen[0] == 4 && sh->glen[1] <= 2 && sh->glen[2] <= 2) {
		y = shape_num(sh, 0, 4);
		m = shape_num(sh, 4, sh->glen[1]);
		d = shape_num(sh, 4 + sh->glen[1], sh->glen[2]);
	} else if (sh->glen[0] <= 2 && sh->glen[1] <= 2 &&
	    sh->glen[2] == 4) {
		d = shape_num(sh, 0, sh->glen[0]);
		m = shape_num(sh, sh->glen[0], sh->glen[1]);
		y = shape_num(sh, sh->glen[0] + sh->glen[1], 4);
	}
	return is_year(y) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Two years: "2019-2021", "2019–2021", "2020/2021"; with spaces too
 * ("1995 1996") unless a telephone word is near (any). */
static int
year_pair(const struct shape *sh, int any)
{
	if (sh->groups != 2 || sh->glen[0] != 4 || sh->glen[1] != 4 ||
	    !is_year(shape_num(sh, 0, 4)) || !is_year(shape_num(sh, 4, 4)))
		return 0;
	return any || sh->seps[0] == '-' || sh->seps[0] == '/';
}

/* A date in eight digits: 20240115, 15012024. */
static int
compact_date(const struct shape *sh)
{
	int y, m, d;

	if (sh->groups != 1 || sh->digits != 8)
		return 0;
	y = shape_num(sh, 0, 4);
	m = shape_num(sh, 4, 2);
	d = shape_num(sh, 6, 2);
	if (is_year(y) && m >= 1 && m <= 12 && d >= 1 && d <= 31)
		return 1;
	d = shape_num(sh, 0, 2);
	m = shape_num(sh, 2, 2);
	y = shape_num(sh, 4, 4);
	return is_year(y) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* A round figure: five zeros or more at the end (150000000). */
static int
round_figure(const struct shape *sh)
{
	int i, z = 0;

	for (i = (sh->digits < 20 ? sh->digits : 20) - 1; i >= 0 &&
	    sh->d[i] == '0'; i--)
		z++;
	return z >= 5;
}

/* Money just after the number: "902 813 702 zł", "592 446 221 €". */
static int
currency_after(const char *s, size_t n, size_t b)
{
	static const char *const cur[] = { "\xe2\x82\xac", "$", "\xc2\xa3",
	    "z\xc5\x82", "eur", "usd", "gbp", "pln", "chf", "sek", "dkk",
	    "nok", "czk", "huf", "ron", "kr", "euro", "dollar", "pound",
	    NULL };
	size_t i = b, k, l;

	while (i < n && (l = space_len(s + i, n - i)) > 0)
		i += l;
	for (k = 0; cur[k]; k++) {
		l = strlen(cur[k]);
		if (i + l <= n) {
			size_t j;

			for (j = 0; j < l && lower((unsigned char)s[i + j]) ==
			    (unsigned char)cur[k][j]; j++)
				;
			if (j == l)
				return 1;
		}
	}
	return 0;
}

/* A currency sign just before byte a, spaces (no-break too) between. */
static int
currency_before(const char *s, size_t a)
{
	size_t i = a;

	for (;;) {
		if (i >= 1 && s[i - 1] == ' ')
			i--;
		else if (i >= 2 && space_len(s + i - 2, 2) == 2)
			i -= 2;
		else if (i >= 3 && space_len(s + i - 3, 3) == 3)
			i -= 3;
		else
			break;
	}
	return (i >= 1 && s[i - 1] == '$') ||
	    (i >= 3 && memcmp(s + i - 3, "\xe2\x82\xac", 3) == 0) ||
	    (i >= 2 && memcmp(s + i - 2, "\xc2\xa3", 2) == 0);
}

/* A word for money just before byte a, spaces between: "EUR 1.234.567",
 * "zł 902 813 702" (not "... 878 zł. (070-047 03 07)"). */
static int
money_before(const char *s, size_t a)
{
	size_t e = a, l, k, wl;

	for (;;) {
		if (e >= 1 && s[e - 1] == ' ')
			e--;
		else if (e >= 2 && space_len(s + e - 2, 2) == 2)
			e -= 2;
		else if (e >= 3 && space_len(s + e - 3, 3) == 3)
			e -= 3;
		else
			break;
	}
	for (k = 0; money_words[k]; k++) {
		wl = strlen(money_words[k]);
		for (l = 0; l < wl && e >= wl && lower((unsigned char)
		    s[e - wl + l]) == (unsigned char)money_words[k][l]; l++)
			;
		if (l == wl && (e == wl || !is_alpha(s[e - wl - 1])))
			return 1;
	}
	return 0;
}

/* 1,234,567 or 1.234.567: an amount, not a phone. */
static int
looks_like_amount(const struct shape *sh)
{
	int i;

	if (sh->groups < 2 || (sh->seps[0] != ',' && sh->seps[0] != '.'))
		return 0;
	if (sh->glen[0] > 3)
		return 0;
	for (i = 1; i < sh->groups; i++)
		if (sh->glen[i] != 3 || (i < sh->groups - 1 &&
		    sh->seps[i] != sh->seps[0]))
			return 0;
	return 1;
}

/* Groups of 2 to 4 digits with one kind of separator: 41-410-91-86. */
static int
grouped(const struct shape *sh)
{
	int i;

	if (sh->groups < 3)
		return 0;
	for (i = 0; i < sh->groups; i++) {
		if (sh->glen[i] < 2 || sh->glen[i] > 4)
			return 0;
		if (i < sh->groups - 1 && sh->seps[i] != sh->seps[0])
			return 0;
	}
	return sh->seps[0] == ' ' || sh->seps[0] == '-' || sh->seps[0] == '.' ||
	    sh->seps[0] == '/';
}

/* Written in pairs, as in France, Belgium or Denmark: 06 12 34 56 78,
 * 20 12 34 56, 6 12 34 56 78 (the first group 1 to 3 digits, the last 2
 * or 3, pairs between, one kind of separator). */
static int
in_pairs(const struct shape *sh)
{
	int i, g = sh->groups;

	if (g < 4 || g > 20 || sh->glen[0] > 3 || sh->glen[g - 1] < 2 ||
	    sh->glen[g - 1] > 3)
		return 0;
	for (i = 1; i < g - 1; i++)
		if (sh->glen[i] != 2)
			return 0;
	for (i = 1; i < g - 1; i++)
		if (sh->seps[i] != sh->seps[0])
			return 0;
	return sh->seps[0] == ' ' || sh->seps[0] == '-' || sh->seps[0] == '.';
}

static struct wlist tr_l;

static int
check_phone(const struct gd_detector *d, const char *s, size_t n_all,
    size_t a, size_t b)
{
	struct shape sh;
	const char *p = s + a;
	size_t n = b - a, k;
	long ctx, neg, weak;

	shape_of(p, n, &sh);
	if (sh.digits < 8 || sh.digits > 15)
		return 0;
	if (looks_like_date(&sh) || date_then_more(&sh))
		return 0;
	/* 3-2-4 with dashes is the form of a US SSN (checked as one), and
	 * four dotted groups of 1-3 digits an IP address. */
	if (sh.groups == 3 && sh.glen[0] == 3 && sh.glen[1] == 2 &&
	    sh.glen[2] == 4 && sh.seps[0] == sh.seps[1] &&
	    (sh.seps[0] == '-' || sh.seps[0] == ' '))
		return 0;
	/* No number plan starts 000. */
	if (n >= 3 && p[0] == '0' && p[1] == '0' && p[2] == '0')
		return 0;
	if (sh.groups == 4 && sh.seps[0] == '.' && sh.seps[1] == '.' &&
	    sh.seps[2] == '.' && sh.glen[0] <= 3 && sh.glen[1] <= 3 &&
	    sh.glen[2] <= 3 && sh.glen[3] <= 3)
		return 0;
	/* Money and percentages around it. */
	if (currency_before(s, a) || money_before(s, a) ||
	    currency_after(s, n_all, b))
		return 0;
	if (b < n_all && (s[b] == '%' || (s[b] == ' ' && b + 1 < n_all &&
	    s[b + 1] == '%')))
		return 0;
	for (k = 0; k < n && (p[k] == '(' || p[k] == '+'); k++)
		;
	/* The nearer of a phone word and a word for another number wins;
	 * each takes the word just after it as its own ("Tel no.",
	 * "order number is"). */
	ctx = context_dist_q(s, a, 40, &phone_l, &not_phone_l);
	weak = context_dist_q(s, a, 40, &weak_phone_l, &not_phone_l);
	neg = context_dist_q(s, a, 30, &not_phone_l, &phone_l);
	if (neg >= 0 && (ctx < 0 || neg < ctx) && (weak < 0 || neg < weak))
		return 0;
	if (year_pair(&sh, ctx < 0))
		return 0;
	if (sh.plus || (n > 3 && p[k] == '0' && p[k + 1] == '0' &&
	    p[k + 2] >= '1' && p[k + 2] <= '9'))
		return sh.digits >= 9;		/* international */
	if (ctx >= 0)
		return sh.digits >= 8;
	if (compact_date(&sh) || round_figure(&sh))
		return 0;
	if (looks_like_amount(&sh) && !(sh.digits == 9 && p[k] >= '6' &&
	    sh.groups == 3 && sh.seps[0] == '.'))
		return 0;
	/* 8 to 11 digits after "my details:" or "please note", in
	 * brackets of their own, or in pairs; 9 to 11 after an area code
	 * in brackets, "(22) 878 08 37". */
	if (sh.digits <= 11 && (weak >= 0 || (p[0] == '(' && p[n - 1] == ')')
	    || in_pairs(&sh) || (p[0] == '(' && sh.digits >= 9 &&
	    sh.groups >= 3 && sh.glen[0] <= 4 && p[sh.glen[0] + 1] == ')')))
		return 1;
	if (sh.digits < 9)		/* 09 44 64 80: trunk 0, grouped */
		return p[k] == '0' && grouped(&sh);
	if (p[k] == '0' && sh.digits >= 10 && sh.digits <= 13)
		return 1;			/* national trunk 0 */
	if (p[k] == '0' && sh.digits == 9 && (sh.groups <= 2 ||
	    (sh.glen[0] <= 3 && sh.glen[sh.groups - 1] <= 3)))
		return 1;		/* 02 123 45 67, 01 1083188 */
	/* 9 to 11 digits in one run, with no word for another kind of
	 * number before them: what else would they be?  (Dates, round
	 * figures and amounts are out already.)  A Transparency Register
	 * id without its "-NN", in a member named for one or after a
	 * register word. */
	if (sh.groups == 1 && sh.digits <= 11 && d->kind != GD_TEXT_TR_ID &&
	    !context_before(s, a, 40, &tr_l))
		return 1;
	/* US: (NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX, NXX NXX XXXX,
	 * also with the 1 in front. */
	if (sh.groups >= 3 && sh.glen[sh.groups - 1] == 4 &&
	    sh.glen[sh.groups - 2] == 3 && sh.glen[sh.groups - 3] == 3 &&
	    ((sh.digits == 10 && sh.groups == 3) || (sh.digits == 11 &&
	    sh.groups == 4 && sh.glen[0] == 1 && p[k] == '1')) &&
	    (sh.paren || sh.seps[sh.groups - 3] == sh.seps[sh.groups - 2]))
		return 1;
	/* 9 or 10 digits in groups: 41-410-91-86, 915 298 210,
	 * 911.831.937, 612 34 56 78. */
	if ((sh.digits == 9 || sh.digits == 10) && grouped(&sh))
		return 1;
	/* Spain, Portugal, Poland: 9 digits from 4 to 9, 3-3-3 or
	 * 3-2-2-2. */
	if (sh.digits == 9 && p[k] >= '4' && ((sh.groups == 3 &&
	    sh.glen[0] == 3 && sh.glen[1] == 3) || (sh.groups == 4 &&
	    sh.glen[0] == 3 && sh.glen[1] == 2)))
		return 1;
	return 0;
}

/*
 * Words before an EU Transparency Register id: "Transparency Register",
 * "Transparenzregister", "registre de transparence", "TR number",
 * "register id"...
 */
static const char *const tr_words[] = { "transparen", "transparan",
	"traspar", "tr", "register", "registre", "registro", NULL };
static struct wlist tr_l = { .w = tr_words };

static void
wlists_init(void)
{
	static struct wlist *const all[] = { &phone_l, &weak_phone_l,
	    &not_phone_l, &version_l, &nhs_l, &nino_l, &tr_l };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		wlist_init(all[i]);
}

/*
 * Is the candidate [a, b) an EU Transparency Register id, the public
 * identifier of an organisation: 9 to 12 digits, a hyphen, 2 digits
 * ("123456789012-34", older "12345678901-23")?  b may stop short of
 * the "-NN" (an NHS candidate does).  In one run it is one anywhere.
 * With spaces between the digits or around the hyphen ("535 183 0264 -
 * 31") it is one only after a register word, or as the value of a
 * member named for it (GD_TEXT_TR_ID).  Either way a telephone word (or
 * "NHS") nearer than any register word makes it a number to look at
 * again: "tel. 0301234567-12" is a phone number with its extension.
 * Only candidates are looked at, and only up to the end of the id.
 */
static int
tr_id(const struct gd_detector *d, const char *s, size_t n, size_t a,
    size_t b)
{
	size_t i = a, e, digits = 0;
	int spaced = 0;
	long tr, other, nhs;

	if (i < n && s[i] == '(')
		i++;			/* "(12345678901-23)" */
	/* At most 13 digits are read, however long the run: a text of
	 * spaced digits must not make each candidate read to its end. */
	for (; i < n && digits <= 12; i++) {
		if (is_digit(s[i]))
			digits++;
		else if (s[i] == ' ' && digits > 0 && i + 1 < n &&
		    is_digit(s[i + 1]))
			spaced = 1;
		else
			break;
	}
	if (digits < 9 || digits > 12)
		return 0;
	if (i < n && s[i] == ' ') {
		spaced = 1;
		i++;
	}
	if (i >= n || s[i] != '-')
		return 0;
	if (++i < n && s[i] == ' ') {
		spaced = 1;
		i++;
	}
	if (i + 2 > n || !is_digit(s[i]) || !is_digit(s[i + 1]))
		return 0;
	e = i + 2;
	/* Nothing that would carry the number on: "-234", "-23-45",
	 * "-23.5", "-23a". */
	if (e < n && (is_digit(s[e]) || ((s[e] | 32) >= 'a' &&
	    (s[e] | 32) <= 'z')))
		return 0;
	if (e + 1 < n && (s[e] == '-' || s[e] == '/' || s[e] == '.' ||
	    s[e] == ',') && is_digit(s[e + 1]))
		return 0;
	/* The candidate is the id, or part of it; a closing bracket of
	 * the text around may follow it. */
	if (b > e + (e < n && s[e] == ')'))
		return 0;
	tr = context_dist(s, a, 40, &tr_l);
	if (spaced && tr < 0 && d->kind != GD_TEXT_TR_ID)
		return 0;
	other = context_dist(s, a, 40, &phone_l);
	nhs = context_dist(s, a, 30, &nhs_l);
	if (nhs >= 0 && (other < 0 || nhs < other))
		other = nhs;
	return other < 0 || (tr >= 0 && tr < other);
}

/*
 * Spanish and Portuguese inclusive spelling, "vecin@s.la propuesta",
 * "tod@s.es": an @ that stands for the o or a of a gender ending, then
 * the plural s, a full stop and a word, which may happen to be a
 * top-level domain.  It is that when the local part is ASCII letters
 * only, lower case after the first, two or more of them or the article
 * "l" (l@s), and the domain is "s." and one label of lower-case letters.
 * Anything else that passes as an address is one: "x@s.la",
 * "maria.jose@s.la", "vecin@s.la.es", "VECIN@S.LA".
 */
static int
inclusive_at(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n), *dom;
	size_t l, dl, i;

	if (at == NULL)
		return 0;
	l = (size_t)(at - s);
	dom = at + 1;
	dl = n - l - 1;
	if (l == 0 || (l == 1 && lower((unsigned char)s[0]) != 'l'))
		return 0;
	for (i = 0; i < l; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (i == 0 && s[i] >= 'A' &&
		    s[i] <= 'Z')))
			return 0;
	if (dl < 4 || dom[0] != 's' || dom[1] != '.')
		return 0;
	for (i = 2; i < dl; i++)
		if (dom[i] < 'a' || dom[i] > 'z')
			return 0;
	return 1;
}

/* Normalises "jane (at) example [dot] org" into tmp; checks it. */
static int
check_email_obf(struct gd_detector *d, const char *s, size_t n)
{
	size_t i = 0, o = 0;
	int bracketed = 0, worded_dot = 0;

	if (d->tmpcap < n + 1) {
		char *t = realloc(d->tmp, n + 1);

		if (t == NULL)
			return 1;	/* when in doubt, redact */
		d->tmp = t;
		d->tmpcap = n + 1;
	}
	while (i < n) {
		char c = s[i];

		if (c == '(' || c == '[' || c == '{' || c == '<') {
			size_t j = i + 1;

			while (j < n && s[j] == ' ')
				j++;
			if (j + 1 < n && lower(s[j]) == 'a' &&
			    lower(s[j + 1]) == 't') {
				d->tmp[o++] = '@';
				bracketed = 1;
			} else {
				d->tmp[o++] = '.';
				worded_dot = 1;
			}
			while (i < n && s[i] != ')' && s[i] != ']' &&
			    s[i] != '}' && s[i] != '>')
				i++;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			size_t j = i;

			while (j < n && (s[j] == ' ' || s[j] == '\t' ||
			    s[j] == '\n' || s[j] == '\r'))
				j++;
			if (j + 2 < n && lower(s[j]) == 'a' &&
			    lower(s[j + 1]) == 't' && s[j + 2] == ' ') {
				d->tmp[o++] = '@';
				i = j + 2;
			} else if (j + 3 < n && lower(s[j]) == 'd' &&
			    lower(s[j + 1]) == 'o' && lower(s[j + 2]) == 't' &&
			    s[j + 3] == ' ') {
				d->tmp[o++] = '.';
				worded_dot = 1;
				i = j + 3;
			}
			/* Past the white space, whatever it was: the loop
			 * always moves on. */
			if (i < j)
				i = j;
			else
				i++;
			continue;
		}
		d->tmp[o++] = c;
		i++;
	}
	/* "look at example.org" is a web address, not an e-mail: a plain
	 * " at " counts only with a worded or bracketed dot. */
	if (!bracketed && !worded_dot)
		return 0;
	return gd_check_email(d->tmp, o);
}

/*
 * Two-letter words that stand before a number in running text: "is
 * 123456 a year", "ID 123456".  Written so, with a space and the digits
 * in one run, they are no National Insurance number's prefix.
 */
static int
common_pair(const char *p)
{
	/* Words in lower case, abbreviations in capitals. */
	static const char words[] = "is it in on of to at as an am be by do "
	    "go he if me my no or so up us we ok la le de en et es el un il "
	    "da di du je ne se te tu ma mi si ja zu im um op na co po za od "
	    "ze au ce ou sa vi og er al lo ha ca ta ti va ve vo ai ei eu ad "
	    "re id nr pp pg tr ec uk st";
	static const char abbr[] = "ID NO NR PP PG TR EC EU UN UK US EN PO";
	const char *w = p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' &&
	    p[1] <= 'Z' ? abbr : words;
	int x = lower((unsigned char)p[0]), y = lower((unsigned char)p[1]);
	size_t i, n = strlen(w);

	for (i = 0; i + 2 <= n; i += 3)	/* "xx " each, the last "xx" */
		if (lower((unsigned char)w[i]) == x &&
		    lower((unsigned char)w[i + 1]) == y)
			return 1;
	return 0;
}

/*
 * A United Kingdom National Insurance number: two letters, six digits and
 * a letter A to D, or none.  Any two letters: a prefix that was never
 * allocated is a typo, and a typo is still somebody's number.  What
 * tells it from a word and a number is how it is written: letters and
 * digits together ("ab123456"), the digits in pairs ("AB 12 34 56"), or
 * capitals ("AB 123456"); else a suffix after letters that are not a
 * common word ("is 123456 a" is not one).  Without its suffix, a number
 * after a word for another kind of number ("order AB123456") is that
 * other number, unless a National Insurance word is nearer.  A spaced
 * lower-case letter after capitals is a word, not the suffix
 * ("AB123456 a year"): *b then ends with the digits.
 */
static int
check_nino(const char *s, size_t a, size_t *b)
{
	size_t i = a + 2, l, dend;
	int upper, sp1, gaps = 0, k, suffix = 0;
	long nino, neg;

	upper = s[a] >= 'A' && s[a] <= 'Z' && s[a + 1] >= 'A' &&
	    s[a + 1] <= 'Z';
	sp1 = (l = space_len(s + i, *b - i)) > 0;
	i += l;
	for (k = 0; k < 3; k++) {
		if (k > 0 && (l = space_len(s + i, *b - i)) > 0) {
			gaps++;
			i += l;
		}
		i += 2;
	}
	dend = i;
	if (i < *b) {
		l = space_len(s + i, *b - i);
		suffix = 1;
		if (l > 0 && upper && s[i + l] >= 'a' && s[i + l] <= 'd') {
			*b = dend;
			suffix = 0;
		}
	}
	nino = context_dist(s, a, 40, &nino_l);
	if (nino >= 0)
		return 1;
	if (!suffix) {
		neg = context_dist(s, a, 30, &not_phone_l);
		if (neg >= 0)
			return 0;
	}
	if (!sp1 || gaps == 2 || (upper && suffix))
		return 1;
	return (upper || suffix) && !common_pair(s + a);
}

/* The code point of the valid UTF-8 sequence of l bytes at s. */
static unsigned long
utf8_cp(const char *s, size_t l)
{
	const unsigned char *u = (const unsigned char *)s;

	switch (l) {
	case 2:
		return ((u[0] & 0x1Ful) << 6) | (u[1] & 0x3F);
	case 3:
		return ((u[0] & 0x0Ful) << 12) | ((u[1] & 0x3Ful) << 6) |
		    (u[2] & 0x3F);
	case 4:
		return ((u[0] & 0x07ul) << 18) | ((u[1] & 0x3Ful) << 12) |
		    ((u[2] & 0x3Ful) << 6) | (u[3] & 0x3F);
	default:
		return u[0];
	}
}

/* Invisible characters that split a word without showing: zero-width
 * space, non-joiner and joiner, word joiner, byte order mark (zero-width
 * no-break space), soft hyphen. */
static int
zero_width(unsigned long c)
{
	return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF ||
	    c == 0xAD;
}

/*
 * Cyrillic and Greek letters that look like ASCII ones, as used to slip
 * an address past a filter ("jаne" with a Cyrillic а), and the ASCII
 * letter each stands for.
 */
static const struct { unsigned short cp; char c; } homoglyphs[] = {
	{0x0391,'A'},{0x0392,'B'},{0x0395,'E'},{0x0396,'Z'},{0x0397,'H'},
	{0x0399,'I'},{0x039A,'K'},{0x039C,'M'},{0x039D,'N'},{0x039F,'O'},
	{0x03A1,'P'},{0x03A4,'T'},{0x03A5,'Y'},{0x03A7,'X'},{0x03B1,'a'},
	{0x03B3,'y'},{0x03B9,'i'},{0x03BA,'k'},{0x03BD,'v'},{0x03BF,'o'},
	{0x03C1,'p'},{0x03C5,'u'},{0x03C7,'x'},{0x0405,'S'},{0x0406,'I'},
	{0x0408,'J'},{0x0410,'A'},{0x0412,'B'},{0x0415,'E'},{0x041A,'K'},
	{0x041C,'M'},{0x041D,'H'},{0x041E,'O'},{0x0420,'P'},{0x0421,'C'},
	{0x0422,'T'},{0x0423,'Y'},{0x0425,'X'},{0x0430,'a'},{0x0435,'e'},
	{0x043E,'o'},{0x0440,'p'},{0x0441,'c'},{0x0443,'y'},{0x0445,'x'},
	{0x0455,'s'},{0x0456,'i'},{0x0458,'j'},{0x04BB,'h'},{0x04CF,'l'},
	{0x0501,'d'},{0x051B,'q'},{0x051D,'w'},
};

static char
homoglyph(unsigned long c)
{
	size_t lo = 0, hi = sizeof(homoglyphs) / sizeof(homoglyphs[0]);

	while (lo < hi) {
		size_t m = (lo + hi) / 2;

		if (homoglyphs[m].cp == c)
			return homoglyphs[m].c;
		if (homoglyphs[m].cp < c)
			lo = m + 1;
		else
			hi = m;
	}
	return 0;
}

/*
 * The text the e-mail patterns read: without zero-width characters, and
 * with the look-alike letters in ASCII, in d->nbuf, d->nmap[i] giving
 * the offset in s of byte i (and d->nmap[len] = n).  Returns the length,
 * 0 when s has none of them (the patterns then read s), -1 when memory
 * runs out.  Only texts with a lead byte of those characters are looked
 * at twice.
 */
static long
email_text(struct gd_detector *d, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, o = 0, l, j;
	int any = 0;

	for (i = 0; i < n && !any; i++)
		any = (u[i] >= 0xCD && u[i] <= 0xD4) || (u[i] == 0xC2 &&
		    i + 1 < n && u[i + 1] == 0xAD) || ((u[i] == 0xE2 ||
		    u[i] == 0xEF) && i + 2 < n && zero_width(utf8_cp(s + i, 3)));
	if (!any)
		return 0;
	if (d->ncap < n + 1) {
		char *nb = realloc(d->nbuf, n + 1);
		size_t *nm;

		if (nb == NULL)
			return -1;
		d->nbuf = nb;
		if ((nm = realloc(d->nmap, (n + 1) * sizeof(*nm))) == NULL)
			return -1;
		d->nmap = nm;
		d->ncap = n + 1;
	}
	for (i = 0; i < n; i += l) {
		unsigned long c;
		char h;

		if ((l = gd_utf8_seq(s + i, n - i)) <= 1) {
			l = 1;
			d->nmap[o] = i;
			d->nbuf[o++] = s[i];
			continue;
		}
		c = utf8_cp(s + i, l);
		if (zero_width(c))
			continue;
		if ((h = homoglyph(c)) != 0) {
			d->nmap[o] = i;
			d->nbuf[o++] = h;
			continue;
		}
		for (j = 0; j < l; j++) {
			d->nmap[o] = i + j;
			d->nbuf[o++] = s[i + j];
		}
	}
	d->nmap[o] = n;
	return (long)o;
}

/*
 * Where an address found at a really starts: before it may stand letters
 * outside ASCII and invisible characters that the pattern could not
 * take ("zoë.fischer@example.de" is found as ".fischer@example.de"); the
 * span then takes the whole word.
 */
static size_t
email_start(const char *s, size_t a)
{
	int wide = 0;

	while (a > 0) {
		unsigned char c = (unsigned char)s[a - 1];
		size_t i = a - 1, l;
		unsigned long cp;

		if (c < 0x80) {
			if (!wide || !(is_alpha((char)c) || is_digit((char)c) ||
			    strchr("._%+-", c) != NULL) || c == '\0')
				break;
			a--;
			continue;
		}
		while (i > 0 && a - i < 4 && (s[i] & 0xC0) == 0x80)
			i--;
		if ((l = gd_utf8_seq(s + i, a - i)) != a - i)
			break;
		cp = utf8_cp(s + i, l);
		if (!gd_is_word_cp((int32_t)cp) && !zero_width(cp))
			break;
		wide = 1;
		a = i;
	}
	return a;
}

/* Validates candidate [a, b) of pattern id; may shorten *b (IBAN). */
static int
validate(struct gd_detector *d, int id, const char *s, size_t n_all,
    size_t a, size_t *b)
{
	size_t n = *b - a, k;

	switch (id) {
	case D_EMAIL:
		return !inclusive_at(s + a, n) && gd_check_email(s + a, n);
	case D_EMAIL_OBF:
		return memchr(s + a, '@', n) == NULL &&
		    check_email_obf(d, s + a, n);
	case D_PHONE:
		return !tr_id(d, s, n_all, a, *b) && check_phone(d, s, n_all,
		    a, *b);
	case D_IBAN:
		/* Trailing words must not spoil the match: try shorter. */
		for (; n >= 15; n--) {
			if (!is_digit(s[a + n - 1]) && !is_alpha(s[a + n - 1]))
				continue;
			if (gd_check_iban(s + a, n)) {
				*b = a + n;
				return 1;
			}
		}
		return 0;
	case D_CARD: {
		struct shape sh;
		char c = s[a];

		if (c < '2' || c > '6' || !gd_check_luhn(s + a, n))
			return 0;
		/* Written as cards are: in one run, or 4-4-4-4(-3),
		 * 4-6-5, 4-6-4. */
		shape_of(s + a, n, &sh);
		if (sh.groups == 1)
			return 1;
		if (sh.glen[0] != 4)
			return 0;
		if (sh.groups == 3)
			return sh.glen[1] == 6 && (sh.glen[2] == 5 ||
			    sh.glen[2] == 4);
		for (k = 1; k < (size_t)sh.groups; k++)
			if (sh.glen[k] != 4 && !(k == (size_t)sh.groups - 1 &&
			    sh.glen[k] == 3))
				return 0;
		return 1;
	}
	case D_IPV4:
	case D_IPV6: {
		const char *slash = memchr(s + a, '/', n);
		size_t len = slash ? (size_t)(slash - (s + a)) : n;

		if (context_before(s, a, 12, &version_l))
			return 0;
		if (id == D_IPV6 && (memchr(s + a, ':', len) == NULL))
			return 0;
		return gd_check_ip(s + a, len);
	}
	case D_NINO:
		return check_nino(s, a, b);
	case D_NHS: {
		struct shape sh;

		if (!gd_check_nhs(s + a, n) || tr_id(d, s, n_all, a, *b))
			return 0;
		shape_of(s + a, n, &sh);
		/* One random number in 11 passes mod 11: ask for the 3-3-4
		 * grouping or the word "NHS" nearby. */
		return (sh.groups == 3 && sh.glen[0] == 3 && sh.glen[1] == 3) ||
		    context_before(s, a, 30, &nhs_l);
	}
	case D_POSTCODE:
		return 1;
	case D_SSN:
		return gd_check_ssn(s + a, n);
	default:
		return 1;
	}
}

/* Strength when two spans overlap: the more certain wins. */
static int
strength(int cat)
{
	switch (cat) {
	case GD_PII_EMAIL: case GD_PII_IBAN: case GD_PII_CARD:
	case GD_PII_NINO: case GD_PII_SSN: case GD_PII_NHS:
		return 3;
	case GD_PII_NAME: case GD_PII_ORGANISATION:
		return 1;
	default:
		return 2;
	}
}

static int
span_cmp(const void *x, const void *y)
{
	const struct gd_span *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;
	return a->cat - b->cat;
}

static int
in_url(const struct gd_spans *urls, size_t a, size_t b)
{
	size_t i;

	for (i = 0; i < urls->n; i++)
		if (a >= urls->v[i].start && b <= urls->v[i].end)
			return 1;
	return 0;
}

static int
find_names(struct gd_detector *d, const struct gd_names *l, int cat,
    const char *det)
{
	size_t i, at;

	if (l == NULL || l->n == 0)
		return 0;
	for (i = 0; i < l->n; i++) {
		const struct gd_folded *nm = &l->v[i];

		for (at = 0; gd_folded_find_word(&d->fold, nm, &at); at++)
			if (span_add(&d->cand, d->fold.from[at],
			    d->fold.to[at + nm->n - 1], cat, det) == -1)
				return -1;
	}
	return 0;
}

/*
 * An IBAN candidate [a, b) that failed its check: when it starts with the
 * code of a country that has IBANs and is long enough for one, its first
 * IBAN's length of letters and digits are no other number either.
 */
static int
iban_dead(struct gd_detector *d, const char *s, size_t a, size_t b)
{
	size_t i, k = 0;
	int want = gd_iban_length(s + a);

	if (want == 0)
		return 0;
	for (i = a; i < b && k < (size_t)want; i++)
		k += is_digit(s[i]) || is_alpha(s[i]);
	if (k < (size_t)want)
		return 0;
	return span_add(&d->dead, a, i, -1, "iban");
}

/* Does [a, b) overlap one of the spans? */
static int
overlaps(const struct gd_spans *l, size_t a, size_t b)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (a < l->v[i].end && b > l->v[i].start)
			return 1;
	return 0;
}

/* The offset of the first line break in [a, b) of s (its CR, in CR LF),
 * or b. */
static size_t
line_break(const char *s, size_t a, size_t b)
{
	const char *p = memchr(s + a, '\n', b - a);
	size_t i;

	if (p == NULL)
		return b;
	i = (size_t)(p - s);
	return i > a && s[i - 1] == '\r' ? i - 1 : i;
}

int
gd_detect_in(struct gd_detector *d, enum gd_text_kind kind, const char *s,
    size_t n, const struct gd_names *names, const struct gd_names *own,
    const struct gd_names *orgs, struct gd_spans *out, struct gd_error *err)
{
	int rc;

	d->kind = kind;
	rc = gd_detect(d, s, n, names, own, orgs, out, err);
	d->kind = GD_TEXT_ANY;
	return rc;
}

/*
 * Whether the "at" at s[i] stands as the obfuscated e-mail pattern needs
 * it: white space or an opening bracket before it, white space or a
 * closing bracket after it (\s is ASCII white space: no PCRE2_UCP).
 */
static int
at_word(const char *s, size_t n, size_t i)
{
	static const char before[] = " \t\n\v\f\r([{<", after[] = " \t\n\v\f\r)]}>";

	return i > 0 && i + 2 < n && s[i - 1] != '\0' && s[i + 2] != '\0' &&
	    strchr(before, s[i - 1]) != NULL && strchr(after, s[i + 2]) != NULL;
}

int
gd_detect(struct gd_detector *d, const char *s, size_t n,
    const struct gd_names *names, const struct gd_names *own,
    const struct gd_names *orgs, struct gd_spans *out, struct gd_error *err)
{
	PCRE2_SIZE *ov;
	size_t start, a, b, i, digits = 0, tn, nl;
	const char *t;
	long nlen = -1;
	int k, rc, id, wide = 0, at = 0, url = 0;
	size_t colons = 0;

	d->cand.n = 0;
	d->urls.n = 0;
	d->dead.n = 0;
	/* What some patterns cannot do without (no character outside ASCII
	 * folds to these letters): the obfuscated e-mail an "at" as a word
	 * (at_word), a URL "://" or "www.", a UK postcode a digit, IPv6 two
	 * colons. */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		digits += c >= '0' && c <= '9';
		wide |= c >= 0xC2;
		if (c == ':') {
			colons++;
			url |= i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/';
		} else if ((c | 32) == 't' && i > 0 && (s[i - 1] | 32) == 'a')
			at |= at_word(s, n, i - 1);
		else if (c == '.')
			url |= i >= 3 && (s[i - 1] | 32) == 'w' &&
			    (s[i - 2] | 32) == 'w' && (s[i - 3] | 32) == 'w';
	}
	for (k = 0; k < d->npat; k++) {
		struct pat *pt = &d->pat[k];

		id = pt->id;
		/* The digit categories need digits; e-mail needs '@' or
		 * an "at". */
		if (id >= D_IBAN && id <= D_SSN && id != D_POSTCODE &&
		    id != D_IPV6 && digits < 6)
			continue;
		/* The e-mail patterns read another text when this one
		 * has bytes beyond ASCII (email_text). */
		if ((id == D_EMAIL_OBF && !at && !wide) ||
		    (id == D_URL && !url) ||
		    (id == D_POSTCODE && digits == 0) ||
		    (id == D_IPV6 && colons < 2))
			continue;
		t = s;
		tn = n;
		if (id == D_EMAIL || id == D_EMAIL_OBF) {
			/* Read without zero-width characters and with
			 * look-alike letters in ASCII, when it has any. */
			if (nlen < 0 && (nlen = wide ? email_text(d, s, n) :
			    0) < 0)
				goto nomem;
			if (nlen > 0) {
				t = d->nbuf;
				tn = (size_t)nlen;
			}
		}
		if (id == D_EMAIL && memchr(t, '@', tn) == NULL)
			continue;
		for (start = 0; start <= tn;) {
			rc = pcre2_match(pt->code, (PCRE2_SPTR)t, tn, start, 0,
			    d->md, d->mctx);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				PCRE2_UCHAR msg[256];

				pcre2_get_error_message(rc, msg, sizeof(msg));
				return gd_error_set(err, GD_EXIT_REJECTS, NULL,
				    0, 0, "cannot scan text (%s: %s)",
				    pt->name, (char *)msg);
			}
			ov = pcre2_get_ovector_pointer(d->md);
			a = ov[0];
			b = ov[1];
			start = b > a ? b : a + 1;
			if (b == a)
				continue;	/* an empty match hides nothing */
			if (pt->cat < 0) {
				if (span_add(&d->urls, a, b, -1, pt->name) ==
				    -1)
					goto nomem;
				continue;
			}
			if (id < 0)
				goto found;
			/* The digits of an IBAN that failed its check are
			 * no other number either. */
			if ((id == D_PHONE || id == D_CARD || id == D_NHS ||
			    id == D_SSN || id == D_NINO) &&
			    overlaps(&d->dead, a, b)) {
				start = b;
				continue;
			}
			/* Across a line break: a number the break cuts in
			 * two, or the line's own number (a list of numbers,
			 * one a line).  A line of ten digits or more is a
			 * number of its own. */
			nl = b;
			if (id >= D_IBAN && id <= D_NHS && (nl = line_break(t,
			    a, b)) < b) {
				size_t b1 = nl, bw = b, j, dg = 0;
				int one;

				while (b1 > a && (t[b1 - 1] == ' ' ||
				    t[b1 - 1] == '\r'))
					b1--;
				for (j = a; j < b1; j++)
					dg += is_digit(t[j]);
				one = b1 > a && validate(d, id, t, tn, a, &b1);
				if (!(one && dg >= 10) && validate(d, id, t, tn,
				    a, &bw)) {
					b = bw;
					start = b;
					goto found;
				}
				if (one) {
					b = b1;
					start = nl + 1;
					goto found;
				}
				start = nl + 1;
			} else if (validate(d, id, t, tn, a, &b)) {
				if (b < start)
					start = b > a ? b : a + 1;
				goto found;
			} else {
				/* Another candidate may start inside an
				 * e-mail-like or address-like text; inside a
				 * run of digits that is not a phone, card or
				 * account number, a shorter run is not one
				 * either (the end of an invalid IBAN is no
				 * phone number). */
				start = id == D_PHONE || id == D_CARD ||
				    id == D_NHS || id == D_SSN ? b : a + 1;
			}
			if (id == D_IBAN && iban_dead(d, t, a, b) == -1)
				goto nomem;
			continue;
found:
			if (t != s) {
				/* Back to the text's own bytes. */
				size_t e = d->nmap[b - 1];
				size_t l = gd_utf8_seq(s + e, n - e);

				a = d->nmap[a];
				b = e + (l > 0 ? l : 1);
			}
			if (pt->cat == GD_PII_EMAIL)
				a = email_start(s, a);
			if (span_add(&d->cand, a, b, pt->cat, pt->name) == -1)
				goto nomem;
		}
	}
	if ((names && names->n) || (own && own->n) || (orgs && orgs->n)) {
		if (gd_fold(&d->fold, s, n) == -1)
			goto nomem;
		if ((d->pol->on[GD_PII_NAME] && (find_names(d, names,
		    GD_PII_NAME, "names-list") == -1 || find_names(d, own,
		    GD_PII_NAME, "respondent-name") == -1)) ||
		    (d->pol->on[GD_PII_ORGANISATION] && find_names(d, orgs,
		    GD_PII_ORGANISATION, "respondent-organisation") == -1))
			goto nomem;
	}
	/* Settle overlaps; drop what lies in a public URL. */
	if (d->cand.n > 1)
		qsort(d->cand.v, d->cand.n, sizeof(*d->cand.v), span_cmp);
	out->n = 0;
	for (i = 0; i < d->cand.n; i++) {
		struct gd_span *c = &d->cand.v[i];

		/* A public page's address is not personal data; an e-mail
		 * address or the respondent's own name in it still is. */
		if (c->cat != GD_PII_EMAIL && c->cat != GD_PII_NAME &&
		    c->cat != GD_PII_ORGANISATION && in_url(&d->urls, c->start,
		    c->end))
			continue;
		if (out->n > 0 && c->start < out->v[out->n - 1].end) {
			struct gd_span *p = &out->v[out->n - 1];
			int sc = strength(c->cat), sp = strength(p->cat);

			/* Overlap: the stronger, then the longer, wins;
			 * both are covered by the union. */
			if (sc > sp || (sc == sp && c->end - c->start >
			    p->end - p->start)) {
				size_t st = p->start < c->start ? p->start :
				    c->start;
				size_t en = p->end > c->end ? p->end : c->end;

				*p = *c;
				p->start = st;
				p->end = en;
			} else if (c->end > p->end) {
				p->end = c->end;
			}
			continue;
		}
		if (span_add(out, c->start, c->end, c->cat, c->detector) == -1)
			goto nomem;
	}
	return 0;
nomem:
	return gd_error_nomem(err, NULL, 0);
}

int
gd_jit_enabled(void)
{
	static int on = -1;

	if (on < 0)
		on = getenv("GD_NO_JIT") == NULL;
	return on;
}
