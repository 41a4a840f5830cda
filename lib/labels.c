/*
 * labels.c - canonical respondent types and consent values, and the
 * tables that turn an export's own labels into them.
 *
 * Labels are compared in the normal form of gd_lfold_next() (textnorm.c):
 * folded with utf8proc as the rest of gd folds text (case, accents,
 * compatibility forms: "É" e, "ß" ss, "Ł" l), every run of spaces,
 * punctuation and symbols one space inside the label and nothing at
 * either end.  The tables hold labels in that form, sorted bytewise, and
 * a lookup is a binary search for the normalised input, built in a small
 * stack buffer.
 */
#include <stddef.h>
#include <string.h>

#include "gd/gd.h"
#include "consent_labels.h"

/* Canonical respondent types; the order of enum type. */
static const char *const types[] = {
	"citizen", "public_employee", "elected_official", "business",
	"business_association", "ngo", "trade_union", "academic",
	"public_authority", "consumer_organisation", "organisation", "other",
	"unknown",
};

enum type {
	CITIZEN, PUBLIC_EMPLOYEE, ELECTED_OFFICIAL, BUSINESS,
	BUSINESS_ASSOCIATION, NGO, TRADE_UNION, ACADEMIC, PUBLIC_AUTHORITY,
	CONSUMER_ORGANISATION, ORGANISATION, OTHER, UNKNOWN_TYPE
};

/* Canonical consent values; the order of enum consent
 * (consent_labels.h, with the table of consent labels). */
static const char *const consents[] = {
	"named", "anonymous", "withheld", "unknown",
};

/*
 * Respondent-type labels, normalised and sorted bytewise (LC_ALL=C sort);
 * test_labels.c looks every one of them up.
 */
static const struct label type_labels[] = {
	{ "academic", ACADEMIC },
	{ "academic institution", ACADEMIC },
	{ "academic research instittution", ACADEMIC },	/* HYS's typo */
	{ "academic research institution", ACADEMIC },
	{ "agent public", PUBLIC_EMPLOYEE },
	{ "ambtenaar", PUBLIC_EMPLOYEE },
	{ "angestellte im oeffentlichen dienst", PUBLIC_EMPLOYEE },
	{ "angestellte im offentlichen dienst", PUBLIC_EMPLOYEE },
	{ "asociacion", NGO },
	{ "association", NGO },
	{ "beamter", PUBLIC_EMPLOYEE },
	{ "beamtin", PUBLIC_EMPLOYEE },
	{ "bedrijf", BUSINESS },
	{ "buerger", CITIZEN },
	{ "buergerin", CITIZEN },
	{ "burger", CITIZEN },
	{ "burgerin", CITIZEN },
	{ "business", BUSINESS },
	{ "business association", BUSINESS_ASSOCIATION },
	{ "campaign group", NGO },
	{ "chamber of commerce", BUSINESS_ASSOCIATION },
	{ "charity", NGO },
	{ "citizen", CITIZEN },
	{ "citoyen", CITIZEN },
	{ "citoyenne", CITIZEN },
	{ "ciudadana", CITIZEN },
	{ "ciudadano", CITIZEN },
	{ "civil servant", PUBLIC_EMPLOYEE },
	{ "civil society organisation", NGO },
	{ "civil society organization", NGO },
	{ "colectivo", NGO },
	{ "community group", NGO },
	{ "company", BUSINESS },
	{ "company business organisation", BUSINESS },
	{ "company business organization", BUSINESS },
	{ "consumer organisation", CONSUMER_ORGANISATION },
	{ "consumer organization", CONSUMER_ORGANISATION },
	{ "corporation", BUSINESS },
	{ "council", PUBLIC_AUTHORITY },
	{ "council employee", PUBLIC_EMPLOYEE },
	{ "council officer", PUBLIC_EMPLOYEE },
	{ "councillor", ELECTED_OFFICIAL },
	{ "councilor", ELECTED_OFFICIAL },
	{ "elected official", ELECTED_OFFICIAL },
	{ "elected representative", ELECTED_OFFICIAL },
	{ "elu", ELECTED_OFFICIAL },
	{ "elue", ELECTED_OFFICIAL },
	{ "empleada publica", PUBLIC_EMPLOYEE },
	{ "empleado publico", PUBLIC_EMPLOYEE },
	{ "empleados publicos", PUBLIC_EMPLOYEE },
	{ "employee of a public body", PUBLIC_EMPLOYEE },
	{ "empresa", BUSINESS },
	{ "enterprise", BUSINESS },
	{ "entreprise", BUSINESS },
	{ "environmental organisation", NGO },
	{ "environmental organization", NGO },
	{ "eu citizen", CITIZEN },
	{ "federal employee", PUBLIC_EMPLOYEE },
	{ "firm", BUSINESS },
	{ "fonctionnaire", PUBLIC_EMPLOYEE },
	{ "funcionaria", PUBLIC_EMPLOYEE },
	{ "funcionaria publica", PUBLIC_EMPLOYEE },
	{ "funcionario", PUBLIC_EMPLOYEE },
	{ "funcionario publico", PUBLIC_EMPLOYEE },
	{ "gewerkschaft", TRADE_UNION },
	{ "government agency", PUBLIC_AUTHORITY },
	{ "government department", PUBLIC_AUTHORITY },
	{ "government employee", PUBLIC_EMPLOYEE },
	{ "government official", PUBLIC_EMPLOYEE },
	{ "individual", CITIZEN },
	{ "individual citizen", CITIZEN },
	{ "industry association", BUSINESS_ASSOCIATION },
	{ "labor union", TRADE_UNION },
	{ "labour union", TRADE_UNION },
	{ "local authority", PUBLIC_AUTHORITY },
	{ "local government officer", PUBLIC_EMPLOYEE },
	{ "mayor", ELECTED_OFFICIAL },
	{ "member of parliament", ELECTED_OFFICIAL },
	{ "member of the european parliament", ELECTED_OFFICIAL },
	{ "member of the public", CITIZEN },
	{ "mep", ELECTED_OFFICIAL },
	{ "mp", ELECTED_OFFICIAL },
	{ "municipal employee", PUBLIC_EMPLOYEE },
	{ "municipality", PUBLIC_AUTHORITY },
	{ "ngo", NGO },
	{ "nhs employee", PUBLIC_EMPLOYEE },
	{ "non eu citizen", CITIZEN },
	{ "non governmental organisation", NGO },
	{ "non governmental organisation ngo", NGO },
	{ "non governmental organization", NGO },
	{ "non governmental organization ngo", NGO },
	{ "non profit", NGO },
	{ "nonprofit", NGO },
	{ "not for profit", NGO },
	{ "not stated", UNKNOWN_TYPE },
	{ "oeffentlicher dienst", PUBLIC_EMPLOYEE },
	{ "offentlicher dienst", PUBLIC_EMPLOYEE },
	{ "on behalf of an organisation", ORGANISATION },
	{ "on behalf of an organization", ORGANISATION },
	{ "organisation", ORGANISATION },
	{ "organisation response", ORGANISATION },
	{ "organization", ORGANISATION },
	{ "organization response", ORGANISATION },
	{ "other", OTHER },
	{ "particular", CITIZEN },
	{ "particulier", CITIZEN },
	{ "politician", ELECTED_OFFICIAL },
	{ "prefer not to say", UNKNOWN_TYPE },
	{ "private company", BUSINESS },
	{ "private individual", CITIZEN },
	{ "private person", CITIZEN },
	{ "privatperson", CITIZEN },
	{ "public authority", PUBLIC_AUTHORITY },
	{ "public body", PUBLIC_AUTHORITY },
	{ "public employee", PUBLIC_EMPLOYEE },
	{ "public sector employee", PUBLIC_EMPLOYEE },
	{ "public sector organisation", PUBLIC_AUTHORITY },
	{ "public sector organization", PUBLIC_AUTHORITY },
	{ "public sector worker", PUBLIC_EMPLOYEE },
	{ "public servant", PUBLIC_EMPLOYEE },
	{ "regulator", PUBLIC_AUTHORITY },
	{ "representative", ELECTED_OFFICIAL },
	{ "research institute", ACADEMIC },
	{ "researcher", ACADEMIC },
	{ "resident", CITIZEN },
	{ "senator", ELECTED_OFFICIAL },
	{ "sindicato", TRADE_UNION },
	{ "sme", BUSINESS },
	{ "sole trader", BUSINESS },
	{ "staff association", TRADE_UNION },
	{ "standardising body", ORGANISATION },
	{ "standardizing body", ORGANISATION },
	{ "state employee", PUBLIC_EMPLOYEE },
	{ "syndicat", TRADE_UNION },
	{ "think tank", ACADEMIC },
	{ "trade association", BUSINESS_ASSOCIATION },
	{ "trade union", TRADE_UNION },
	{ "union", TRADE_UNION },
	{ "university", ACADEMIC },
	{ "unknown", UNKNOWN_TYPE },
	{ "unternehmen", BUSINESS },
	{ "vakbond", TRADE_UNION },
	{ "verband", BUSINESS_ASSOCIATION },
	{ "voluntary organisation", NGO },
	{ "voluntary organization", NGO },
};

/* Binary search of t (nt entries) for s; returns the entry or NULL. */
static const struct label *
lookup(const struct label *t, size_t nt, const char *s, size_t n)
{
	char key[LABEL_KEY_BUF];
	size_t lo = 0, hi = nt, mid;
	int c;

	if (gd_lfold_key(s, n, key, sizeof(key)) < 0 || key[0] == '\0')
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(key, t[mid].key);
		if (c == 0)
			return &t[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Returns 1 when s (n bytes) is one of the nv strings of v. */
static int
is_one_of(const char *const *v, size_t nv, const char *s, size_t n)
{
	size_t i;

	if (s == NULL || n == 0)
		return 0;
	for (i = 0; i < nv; i++)
		if (strlen(v[i]) == n && memcmp(v[i], s, n) == 0)
			return 1;
	return 0;
}

int
gd_type_is_canonical(const char *s, size_t n)
{
	return is_one_of(types, sizeof(types) / sizeof(types[0]), s, n);
}

/* Canonical moderation states (gd-record(5)). */
static const char *const moderations[] = {
	"accepted", "rejected", "pending", "retired",
};

/* What platforms call them, normalised as the tables are. */
static const struct {
	const char *key;
	unsigned char val;	/* index in moderations */
} moderation_labels[] = {
	{ "accepted", 0 }, { "approved", 0 }, { "published", 0 },
	{ "visible", 0 },
	{ "blocked", 1 }, { "hidden", 1 }, { "moderated", 1 },
	{ "rejected", 1 }, { "removed", 1 }, { "spam", 1 },
	{ "awaiting moderation", 2 }, { "pending", 2 }, { "unmoderated", 2 },
	{ "archived", 3 }, { "retired", 3 }, { "withdrawn", 3 },
};

int
gd_moderation_is_canonical(const char *s, size_t n)
{
	return is_one_of(moderations, sizeof(moderations) /
	    sizeof(moderations[0]), s, n);
}

const char *
gd_moderation_from_label(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(moderation_labels) /
	    sizeof(moderation_labels[0]); i++)
		if (gd_label_eq(moderation_labels[i].key,
		    strlen(moderation_labels[i].key), s, n))
			return moderations[moderation_labels[i].val];
	return NULL;
}

int
gd_consent_is_canonical(const char *s, size_t n)
{
	return is_one_of(consents, sizeof(consents) / sizeof(consents[0]), s,
	    n);
}

const char *
gd_type_from_label(const char *s, size_t n)
{
	const struct label *l;

	l = lookup(type_labels, sizeof(type_labels) / sizeof(type_labels[0]),
	    s, n);
	return l != NULL ? types[l->val] : NULL;
}

const char *
gd_consent_from_label(const char *s, size_t n)
{
	const struct label *l;

	l = lookup(consent_labels,
	    sizeof(consent_labels) / sizeof(consent_labels[0]), s, n);
	return l != NULL ? consents[l->val] : NULL;
}

/*
 * The words gd_consent_refusal() reads, in the normal form: negations
 * (whole words; "don't" is "don" "t", taken below), words of publishing
 * or consent, and words that refuse on their own (both by their start,
 * so "publish" covers "published" and "publication", "publi" the French,
 * Spanish, Portuguese and Dutch words).  No word of the first list means
 * "without": "publish without my name" is no refusal.
 */
static const char *const negations[] = {
	"aldrig", "aucun", "aucune", "cannot", "cant", "didnt", "doesnt",
	"dont", "ej", "geen", "ikke", "inte", "isnt", "jamais", "kein",
	"keine", "keinem", "keinen", "keiner", "keines", "nao", "ne", "nee",
	"nein", "nej", "nem", "nenhum", "nenhuma", "nessun", "nessuna",
	"nessuno", "never", "ni", "nicht", "nie", "niemals", "niet", "ningun",
	"ninguna", "ninguno", "no", "non", "none", "nooit", "nor", "not",
	"nunca", "pas", "shouldnt", "wont", "wouldnt",
};
static const char *const publishing[] = {
	"acconsent", "agree", "authori", "autori", "consen", "disclos",
	"divulg", "einverstanden", "offentl", "oeffentl", "openba", "permi",
	"permes", "pubbli", "publi", "toestem", "veroeffentl", "veroffentl",
	"zustimm",
};
static const char *const refusing[] = {
	"confiden", "declin", "geheim", "privat", "privad", "prive", "refus",
	"rehus", "riservat", "secret", "sigil", "vertraul", "vertrouw",
	"withh",
};

static int
word_is(const char *const *v, size_t nv, const char *w, int prefix)
{
	size_t i, len;

	for (i = 0; i < nv; i++) {
		len = strlen(v[i]);
		if (prefix ? strncmp(w, v[i], len) == 0 : strcmp(w, v[i]) == 0)
			return 1;
	}
	return 0;
}

#define NV(v)	(sizeof(v) / sizeof((v)[0]))

int
gd_consent_refusal(const char *s, size_t n)
{
	struct gd_lfold it;
	char w[32], prev_end = '\0';
	size_t len = 0;
	int c, neg = 0, pub = 0, over = 0;

	if (s == NULL)
		return 0;
	gd_lfold_init(&it, s, n);
	do {
		c = gd_lfold_next(&it);
		if (c >= 0 && c != ' ') {
			if (len + 1 < sizeof(w))
				w[len++] = (char)c;
			else
				over = 1;
			continue;
		}
		if (len == 0)
			continue;
		w[len] = '\0';
		/* A word longer than any of the lists is none of them. */
		if (!over) {
			if (word_is(refusing, NV(refusing), w, 1))
				return 1;
			if (word_is(negations, NV(negations), w, 0) ||
			    (strcmp(w, "t") == 0 && prev_end == 'n'))
				neg = 1;
			if (word_is(publishing, NV(publishing), w, 1))
				pub = 1;
		}
		prev_end = w[len - 1];
		len = 0;
		over = 0;
	} while (c >= 0);
	return neg && pub;
}

int
gd_label_eq(const char *a, size_t an, const char *b, size_t bn)
{
	struct gd_lfold ia, ib;
	int ca, cb;

	gd_lfold_init(&ia, a, an);
	gd_lfold_init(&ib, b, bn);
	do {
		ca = gd_lfold_next(&ia);
		cb = gd_lfold_next(&ib);
		if (ca != cb)
			return 0;
	} while (ca >= 0);
	return 1;
}

/* The next byte of the normal form with its spaces left out. */
static int
next_no_space(struct gd_lfold *it)
{
	int c;

	while ((c = gd_lfold_next(it)) == ' ')
		;
	return c;
}

int
gd_header_eq(const char *a, size_t an, const char *b, size_t bn)
{
	struct gd_lfold ia, ib;
	int ca, cb;

	gd_lfold_init(&ia, a, an);
	gd_lfold_init(&ib, b, bn);
	do {
		ca = next_no_space(&ia);
		cb = next_no_space(&ib);
		if (ca != cb)
			return 0;
	} while (ca >= 0);
	return 1;
}

/* The compact normal form of s into buf (at most size - 1 bytes). */
static size_t
compact(const char *s, size_t n, char *buf, size_t size)
{
	struct gd_lfold it;
	size_t len = 0;
	int c;

	gd_lfold_init(&it, s, n);
	while ((c = next_no_space(&it)) >= 0) {
		if (len + 1 >= size)
			return (size_t)-1;
		buf[len++] = (char)c;
	}
	buf[len] = '\0';
	return len;
}

int
gd_header_contains(const char *hay, size_t hn, const char *needle,
    size_t nn)
{
	char h[1024], nd[256];
	size_t hl, nl;

	if ((nl = compact(needle, nn, nd, sizeof(nd))) == (size_t)-1 ||
	    nl == 0 || (hl = compact(hay, hn, h, sizeof(h))) == (size_t)-1)
		return 0;
	return nl <= hl && strstr(h, nd) != NULL;
}

/* Default Likert labels: English agree/disagree scales. */
static const struct { const char *l; int s; } default_scale[] = {
	{ "strongly disagree", 1 }, { "disagree", 2 },
	{ "tend to disagree", 2 }, { "somewhat disagree", 2 },
	{ "neither agree nor disagree", 3 }, { "neither", 3 },
	{ "neutral", 3 }, { "agree", 4 }, { "tend to agree", 4 },
	{ "somewhat agree", 4 }, { "strongly agree", 5 },
	{ "don't know", 0 }, { "dont know", 0 }, { "not sure", 0 },
	{ "no opinion", 0 }, { "prefer not to say", 0 },
};

int
gd_likert_default_score(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(default_scale) / sizeof(default_scale[0]); i++)
		if (gd_label_eq(default_scale[i].l, strlen(default_scale[i].l),
		    s, n))
			return default_scale[i].s;
	return -1;
}
