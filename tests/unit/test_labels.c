/*
 * test_labels.c - canonical types and consents, the label tables and
 * gd_label_eq(), and header names: gd_header_eq(), gd_header_contains().
 */
#include <stddef.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

/* The table of consent labels itself, to check every entry of it. */
#include "../../lib/consent_labels.h"

#define S(x)	(x), (sizeof(x) - 1)

struct pair {
	const char	*in;
	const char	*want;	/* NULL: not in the table */
};

static void
check(const char *(*fn)(const char *, size_t), const struct pair *p,
    size_t n, const char *file, int line)
{
	const char *r;
	size_t i;

	for (i = 0; i < n; i++) {
		r = fn(p[i].in, strlen(p[i].in));
		if (p[i].want == NULL ? r != NULL :
		    r == NULL || strcmp(r, p[i].want) != 0)
			t_fail(file, line, "\"%s\" -> %s, expected %s",
			    p[i].in, r ? r : "NULL",
			    p[i].want ? p[i].want : "NULL");
	}
}

#define CHECK(fn, p) \
	check((fn), (p), sizeof(p) / sizeof((p)[0]), __FILE__, __LINE__)

static const char *const types[] = {
	"citizen", "public_employee", "elected_official", "business",
	"business_association", "ngo", "trade_union", "academic",
	"public_authority", "consumer_organisation", "organisation", "other",
	"unknown",
};

static const char *const consents[] = {
	"named", "anonymous", "withheld", "unknown",
};

TEST(labels_type_is_canonical)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!gd_type_is_canonical(types[i], strlen(types[i])))
			t_fail(__FILE__, __LINE__, "%s", types[i]);
	T_OK(!gd_type_is_canonical(S("Citizen")));
	T_OK(!gd_type_is_canonical(S("citizen ")));
	T_OK(!gd_type_is_canonical(S("citizens")));
	T_OK(!gd_type_is_canonical(S("public employee")));
	T_OK(!gd_type_is_canonical(S("named")));
	T_OK(!gd_type_is_canonical(S("")));
	T_OK(!gd_type_is_canonical(NULL, 0));
	T_OK(gd_type_is_canonical("citizens", 7));
	T_OK(gd_type_is_canonical("ngo!", 3));
	T_OK(!gd_type_is_canonical("ngo", 2));
}

TEST(labels_consent_is_canonical)
{
	size_t i;

	for (i = 0; i < sizeof(consents) / sizeof(consents[0]); i++)
		if (!gd_consent_is_canonical(consents[i], strlen(consents[i])))
			t_fail(__FILE__, __LINE__, "%s", consents[i]);
	T_OK(!gd_consent_is_canonical(S("Named")));
	T_OK(!gd_consent_is_canonical(S("anonymously")));
	T_OK(!gd_consent_is_canonical(S("citizen")));
	T_OK(!gd_consent_is_canonical(S("")));
	T_OK(!gd_consent_is_canonical(NULL, 0));
	T_OK(gd_consent_is_canonical("withheldx", 8));
}

TEST(labels_moderation_is_canonical)
{
	T_OK(gd_moderation_is_canonical(S("accepted")));
	T_OK(gd_moderation_is_canonical(S("rejected")));
	T_OK(gd_moderation_is_canonical(S("pending")));
	T_OK(gd_moderation_is_canonical(S("retired")));
	T_OK(!gd_moderation_is_canonical(S("Rejected")));
	T_OK(!gd_moderation_is_canonical(S("hidden")));
	T_OK(!gd_moderation_is_canonical(S("-1")));
	T_OK(!gd_moderation_is_canonical(S("withheld")));
	T_OK(!gd_moderation_is_canonical(S("")));
	T_OK(!gd_moderation_is_canonical(NULL, 0));
	T_OK(gd_moderation_is_canonical("retiredx", 7));
	T_OK(!gd_moderation_is_canonical("retired", 6));
}

/* Every canonical value maps to itself, as the same static string. */
TEST(labels_canonical_roundtrip)
{
	const char *r;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		r = gd_type_from_label(types[i], strlen(types[i]));
		if (r == NULL || strcmp(r, types[i]) != 0 ||
		    !gd_type_is_canonical(r, strlen(r)))
			t_fail(__FILE__, __LINE__, "%s -> %s", types[i],
			    r ? r : "NULL");
	}
	for (i = 0; i < sizeof(consents) / sizeof(consents[0]); i++) {
		r = gd_consent_from_label(consents[i], strlen(consents[i]));
		if (r == NULL || strcmp(r, consents[i]) != 0 ||
		    !gd_consent_is_canonical(r, strlen(r)))
			t_fail(__FILE__, __LINE__, "%s -> %s", consents[i],
			    r ? r : "NULL");
	}
	T_OK(gd_type_from_label(S("Company")) ==
	    gd_type_from_label(S("business")));
}

TEST(labels_type_canonical_spellings)
{
	static const struct pair p[] = {
		{ "public employee", "public_employee" },
		{ "Public Employee", "public_employee" },
		{ "elected official", "elected_official" },
		{ "business association", "business_association" },
		{ "trade union", "trade_union" },
		{ "public authority", "public_authority" },
		{ "consumer organisation", "consumer_organisation" },
		{ "PUBLIC_EMPLOYEE", "public_employee" },
		{ "public-employee", "public_employee" },
	};

	CHECK(gd_type_from_label, p);
}

TEST(labels_type_have_your_say)
{
	static const struct pair p[] = {
		{ "EU_CITIZEN", "citizen" },
		{ "NON_EU_CITIZEN", "citizen" },
		{ "COMPANY", "business" },
		{ "BUSINESS_ASSOCIATION", "business_association" },
		{ "NGO", "ngo" },
		{ "ENVIRONMENTAL_ORGANISATION", "ngo" },
		{ "ACADEMIC_RESEARCH_INSTITTUTION", "academic" },
		{ "ACADEMIC_RESEARCH_INSTITUTION", "academic" },
		{ "PUBLIC_AUTHORITY", "public_authority" },
		{ "TRADE_UNION", "trade_union" },
		{ "CONSUMER_ORGANISATION", "consumer_organisation" },
		{ "STANDARDIZING_BODY", "organisation" },
		{ "OTHER", "other" },
	};

	CHECK(gd_type_from_label, p);
}

TEST(labels_type_eusurvey)
{
	static const struct pair p[] = {
		{ "Academic/research institution", "academic" },
		{ "Business association", "business_association" },
		{ "Company/business organisation", "business" },
		{ "Consumer organisation", "consumer_organisation" },
		{ "EU citizen", "citizen" },
		{ "Environmental organisation", "ngo" },
		{ "Non-EU citizen", "citizen" },
		{ "Non-governmental organisation (NGO)", "ngo" },
		{ "Public authority", "public_authority" },
		{ "Trade union", "trade_union" },
		{ "Other", "other" },
	};

	CHECK(gd_type_from_label, p);
}

TEST(labels_type_english)
{
	static const struct pair p[] = {
		{ "individual", "citizen" },
		{ "citizen", "citizen" },
		{ "member of the public", "citizen" },
		{ "Member of the Public", "citizen" },
		{ "resident", "citizen" },
		{ "private individual", "citizen" },
		{ "individual citizen", "citizen" },
		{ "private person", "citizen" },
		{ "civil servant", "public_employee" },
		{ "public servant", "public_employee" },
		{ "public employee", "public_employee" },
		{ "public sector employee", "public_employee" },
		{ "public-sector employee", "public_employee" },
		{ "public sector worker", "public_employee" },
		{ "government employee", "public_employee" },
		{ "government official", "public_employee" },
		{ "local government officer", "public_employee" },
		{ "council officer", "public_employee" },
		{ "council employee", "public_employee" },
		{ "NHS employee", "public_employee" },
		{ "state employee", "public_employee" },
		{ "federal employee", "public_employee" },
		{ "municipal employee", "public_employee" },
		{ "employee of a public body", "public_employee" },
		{ "elected official", "elected_official" },
		{ "elected representative", "elected_official" },
		{ "politician", "elected_official" },
		{ "councillor", "elected_official" },
		{ "councilor", "elected_official" },
		{ "mayor", "elected_official" },
		{ "member of parliament", "elected_official" },
		{ "MP", "elected_official" },
		{ "MEP", "elected_official" },
		{ "Member of the European Parliament", "elected_official" },
		{ "senator", "elected_official" },
		{ "representative", "elected_official" },
		{ "business", "business" },
		{ "company", "business" },
		{ "firm", "business" },
		{ "SME", "business" },
		{ "private company", "business" },
		{ "enterprise", "business" },
		{ "corporation", "business" },
		{ "sole trader", "business" },
		{ "trade association", "business_association" },
		{ "industry association", "business_association" },
		{ "business association", "business_association" },
		{ "chamber of commerce", "business_association" },
		{ "NGO", "ngo" },
		{ "charity", "ngo" },
		{ "non-profit", "ngo" },
		{ "nonprofit", "ngo" },
		{ "not-for-profit", "ngo" },
		{ "voluntary organisation", "ngo" },
		{ "voluntary organization", "ngo" },
		{ "civil society organisation", "ngo" },
		{ "civil society organization", "ngo" },
		{ "community group", "ngo" },
		{ "campaign group", "ngo" },
		{ "environmental organisation", "ngo" },
		{ "environmental organization", "ngo" },
		{ "non-governmental organisation", "ngo" },
		{ "Non-governmental organization (NGO)", "ngo" },
		{ "non-governmental organization", "ngo" },
		{ "trade union", "trade_union" },
		{ "union", "trade_union" },
		{ "labour union", "trade_union" },
		{ "labor union", "trade_union" },
		{ "staff association", "trade_union" },
		{ "academic", "academic" },
		{ "academic institution", "academic" },
		{ "university", "academic" },
		{ "research institute", "academic" },
		{ "researcher", "academic" },
		{ "academic/research institution", "academic" },
		{ "think tank", "academic" },
		{ "think-tank", "academic" },
		{ "public authority", "public_authority" },
		{ "public body", "public_authority" },
		{ "government department", "public_authority" },
		{ "government agency", "public_authority" },
		{ "local authority", "public_authority" },
		{ "council", "public_authority" },
		{ "municipality", "public_authority" },
		{ "regulator", "public_authority" },
		{ "public sector organisation", "public_authority" },
		{ "public sector organization", "public_authority" },
		{ "consumer organisation", "consumer_organisation" },
		{ "consumer organization", "consumer_organisation" },
		{ "organisation", "organisation" },
		{ "organization", "organisation" },
		{ "on behalf of an organisation", "organisation" },
		{ "On behalf of an organization", "organisation" },
		{ "organisation response", "organisation" },
		{ "organization response", "organisation" },
		{ "Company/business organization", "business" },
		{ "standardising body", "organisation" },
		{ "standardizing body", "organisation" },
		{ "other", "other" },
		{ "prefer not to say", "unknown" },
		{ "Prefer not to say.", "unknown" },
		{ "unknown", "unknown" },
		{ "not stated", "unknown" },
	};

	CHECK(gd_type_from_label, p);
}

TEST(labels_type_other_languages)
{
	static const struct pair p[] = {
		/* Spanish */
		{ "ciudadano", "citizen" },
		{ "Ciudadana", "citizen" },
		{ "particular", "citizen" },
		{ "Empleados p\xc3\xba" "blicos", "public_employee" },
		{ "empleados publicos", "public_employee" },
		{ "empleado p\xc3\xba" "blico", "public_employee" },
		{ "empleada p\xc3\xba" "blica", "public_employee" },
		{ "EMPLEADA P\xc3\x9a" "BLICA", "public_employee" },
		{ "funcionario", "public_employee" },
		{ "funcionaria", "public_employee" },
		{ "funcionario p\xc3\xba" "blico", "public_employee" },
		{ "Funcion\xc3\xa1rio p\xc3\xba" "blico", "public_employee" },
		{ "Funcion\xc3\xa1ria P\xc3\xba" "blica", "public_employee" },
		{ "colectivo", "ngo" },
		{ "asociaci\xc3\xb3n", "ngo" },
		{ "asociacion", "ngo" },
		{ "empresa", "business" },
		{ "sindicato", "trade_union" },
		/* French */
		{ "citoyen", "citizen" },
		{ "citoyenne", "citizen" },
		{ "particulier", "citizen" },
		{ "fonctionnaire", "public_employee" },
		{ "agent public", "public_employee" },
		{ "\xc3\xa9lu", "elected_official" },
		{ "\xc3\xa9lue", "elected_official" },
		{ "\xc3\x89LU", "elected_official" },
		{ "elu", "elected_official" },
		{ "entreprise", "business" },
		{ "association", "ngo" },
		{ "syndicat", "trade_union" },
		/* German */
		{ "B\xc3\xbcrger", "citizen" },
		{ "B\xc3\xbcrgerin", "citizen" },
		{ "Buerger", "citizen" },
		{ "Buergerin", "citizen" },
		{ "Privatperson", "citizen" },
		{ "Beamter", "public_employee" },
		{ "Beamtin", "public_employee" },
		{ "\xc3\xb6" "ffentlicher Dienst", "public_employee" },
		{ "\xc3\x96" "ffentlicher Dienst", "public_employee" },
		{ "Oeffentlicher Dienst", "public_employee" },
		{ "Angestellte im \xc3\xb6" "ffentlichen Dienst",
		    "public_employee" },
		{ "Angestellte im oeffentlichen Dienst", "public_employee" },
		{ "Unternehmen", "business" },
		{ "Verband", "business_association" },
		{ "Gewerkschaft", "trade_union" },
		/* Dutch */
		{ "burger", "citizen" },
		{ "ambtenaar", "public_employee" },
		{ "bedrijf", "business" },
		{ "vakbond", "trade_union" },
	};

	CHECK(gd_type_from_label, p);
}

/* Labels written in other forms of Unicode, or with letters beyond
 * Latin-1, fold as textnorm.c folds text. */
TEST(labels_type_unicode_forms)
{
	static const struct pair p[] = {
		{ "\xc3\x89LU", "elected_official" },		/* ÉLU */
		{ "E\xcc\x81LU", "elected_official" },		/* NFD */
		{ "\xc3\x89lue", "elected_official" },
		{ "B\xc3\xbcrger", "citizen" },
		{ "Bu\xcc\x88rger", "citizen" },			/* NFD */
		{ "B\xc3\x9cRGERIN", "citizen" },
		{ "Funcion\xc3\xa1rio p\xc3\xba" "blico", "public_employee" },
		{ "FUNCIONA\xcc\x81RIO PU\xcc\x81" "BLICO", "public_employee" },
		{ "Asociaci\xc3\xb3n", "ngo" },
		{ "Asociacio\xcc\x81n", "ngo" },		/* NFD */
		{ "\xc3\x96" "ffentlicher Dienst", "public_employee" },
		{ "O\xcc\x88" "ffentlicher Dienst", "public_employee" },
		{ "\xef\xac\x81rm", "business" },			/* ﬁrm */
		{ "\xef\xbc\xae\xef\xbc\xa7\xef\xbc\xaf", "ngo" },	/* ＮＧＯ */
		{ "\xe2\x80\x9e" "B\xc3\xbcrger\xe2\x80\x9c", "citizen" },	/* „“ */
		{ "\xc2\xbb" "Citoyen\xc2\xab", "citizen" },		/* » « */
		{ "civil\xe3\x80\x80servant", "public_employee" },	/* U+3000 */
		{ "\xe2\x98\x85 Company \xe2\x98\x85", "business" },	/* ★ */
		{ "Trade\xc2\xadunion", NULL },		/* soft hyphen */
	};

	CHECK(gd_type_from_label, p);
}

TEST(labels_type_unknown)
{
	static const struct pair p[] = {
		{ "Autor", NULL },	/* CONSUL: a proposal's author */
		{ "autor", NULL },
		{ "", NULL }, { " ", NULL }, { "--", NULL }, { "N/A", NULL },
		{ "yes", NULL }, { "no", NULL }, { "citizens", NULL },
		{ "the public", NULL }, { "company business", NULL },
		{ "companybusiness organisation", NULL },
		{ "pub lic authority", NULL },
		{ "B\xc3\xbc", NULL },		/* "Bü" */
		{ "\xc3", NULL }, { "\xff", NULL },
		{ "named", NULL }, { "anonymous", NULL },
		{ "I am responding on behalf of a company and I would like to "
		    "say something rather long here", NULL },
	};
	char longs[500];

	CHECK(gd_type_from_label, p);
	T_OK(gd_type_from_label(NULL, 0) == NULL);
	T_OK(gd_type_from_label("company", 0) == NULL);
	memset(longs, 'a', sizeof(longs));
	T_OK(gd_type_from_label(longs, sizeof(longs)) == NULL);
	/* Spaces and punctuation around do not count against the buffer. */
	memset(longs, ' ', sizeof(longs));
	memcpy(longs + 200, "-- NGO --", 9);
	T_EQ_STR(gd_type_from_label(longs, sizeof(longs)), "ngo");
}

TEST(labels_type_not_nul_terminated)
{
	static const char ngo[3] = { 'N', 'G', 'O' };

	T_EQ_STR(gd_type_from_label(ngo, 3), "ngo");
	T_OK(gd_type_from_label(ngo, 2) == NULL);
	T_EQ_STR(gd_type_from_label("companyXYZ", 7), "business");
	T_EQ_STR(gd_type_from_label("trade unionist", 11), "trade_union");
	T_EQ_STR(gd_type_from_label("\xc3\xa9lu\xc3\xa9", 4),
	    "elected_official");
	/* "élu" and the first byte of an "é": that byte is kept. */
	T_OK(gd_type_from_label("\xc3\xa9lu\xc3\xa9", 5) == NULL);
}

TEST(labels_type_spaces_punctuation)
{
	static const struct pair p[] = {
		{ "  Company  ", "business" },
		{ "Company.", "business" },
		{ "\"Company\"", "business" },
		{ "(company)", "business" },
		{ "* civil servant *", "public_employee" },
		{ "civil   servant", "public_employee" },
		{ "civil\tservant", "public_employee" },
		{ "civil_servant", "public_employee" },
		{ "Civil-Servant", "public_employee" },
		{ "\xc2\xa0" "civil\xc2\xa0servant\xc2\xa0",
		    "public_employee" },
		{ "\xef\xbb\xbf" "Company", "business" },
		{ "Non\xe2\x80\x91" "EU citizen", "citizen" },	/* U+2011 */
		{ "civilservant", NULL },
	};

	CHECK(gd_type_from_label, p);
}

TEST(labels_consent)
{
	static const struct pair p[] = {
		{ "named", "named" },
		{ "Publish response in full", "named" },
		{ "publish response with name", "named" },
		{ "Publish in full", "named" },
		{ "public", "named" },
		{ "Public", "named" },
		{ "publish with my name", "named" },
		{ "Yes, publish my name", "named" },
		{ "yes publish my name", "named" },
		{ "anonymous", "anonymous" },
		{ "Anonymous", "anonymous" },
		{ "publish anonymously", "anonymous" },
		{ "Publish response only (without name)", "anonymous" },
		{ "publish response without name", "anonymous" },
		{ "publish without my name", "anonymous" },
		{ "anonymously", "anonymous" },
		{ "withheld", "withheld" },
		{ "Do not publish", "withheld" },
		{ "do not publish response", "withheld" },
		{ "No, I do not want my comments published", "withheld" },
		{ "No, I do not want my response to be published.",
		    "withheld" },
		{ "Confidential", "withheld" },
		{ "private", "withheld" },
		{ "unknown", "unknown" },
		{ "UNKNOWN", "unknown" },
		/* Bare yes and no depend on the question: mappings decide. */
		{ "yes", NULL }, { "no", NULL }, { "Yes", NULL },
		{ "No", NULL }, { "", NULL }, { "n/a", NULL },
		{ "citizen", NULL }, { "publish", NULL },
		{ "do not publish my response please", NULL },
	};

	CHECK(gd_consent_from_label, p);
	T_OK(gd_consent_from_label(NULL, 0) == NULL);
	T_EQ_STR(gd_consent_from_label("anonymously", 9), "anonymous");
	T_EQ_STR(gd_consent_from_label("publicly", 6), "named");
}

/*
 * Every entry of the consent table: in the normal form, sorted bytewise
 * with no repeat, short enough for the lookup's buffer, and found with
 * its value.  No entry for named reads as a refusal (no negation with a
 * word of publishing, no word of confidentiality), and no entry is a bare
 * yes or no.
 */
TEST(labels_consent_table_every_entry)
{
	static const char *const val[] = { "named", "anonymous", "withheld",
	    "unknown" };
	size_t i, n = sizeof(consent_labels) / sizeof(consent_labels[0]);
	char key[LABEL_KEY_BUF];
	const char *k, *r;

	T_OK(n > 400);
	for (i = 0; i < n; i++) {
		k = consent_labels[i].key;
		if (gd_lfold_key(k, strlen(k), key, sizeof(key)) < 0 ||
		    strcmp(key, k) != 0)
			t_fail(__FILE__, __LINE__, "\"%s\" is not in the "
			    "normal form", k);
		if (i > 0 && strcmp(consent_labels[i - 1].key, k) >= 0)
			t_fail(__FILE__, __LINE__, "\"%s\" is not after "
			    "\"%s\"", k, consent_labels[i - 1].key);
		r = gd_consent_from_label(k, strlen(k));
		if (r == NULL || strcmp(r, val[consent_labels[i].val]) != 0)
			t_fail(__FILE__, __LINE__, "\"%s\" -> %s, expected %s",
			    k, r ? r : "NULL", val[consent_labels[i].val]);
		if (consent_labels[i].val == NAMED &&
		    gd_consent_refusal(k, strlen(k)))
			t_fail(__FILE__, __LINE__, "named \"%s\" reads as a "
			    "refusal", k);
		if (strcmp(k, "yes") == 0 || strcmp(k, "no") == 0 ||
		    strcmp(k, "ja") == 0 || strcmp(k, "oui") == 0)
			t_fail(__FILE__, __LINE__, "bare \"%s\"", k);
	}
}

/*
 * A negation put before (or after) a label that allows publication never
 * makes a label read as named: such a text is not in the table, or is
 * withheld, and gd_consent_refusal() takes the ones with a word of
 * publishing.
 */
TEST(labels_consent_negated_never_named)
{
	static const char *const before[] = { "do not ", "don't ", "not ",
	    "no, ", "please do not ", "I do not consent: ", "nicht ",
	    "ne pas ", "no ", "non ", "niet ", "não ", "keine ",
	    "never ", "nie " };
	static const char *const after[] = { " - no", ": not", " (nicht)",
	    " pas", ", non" };
	size_t i, j, n = sizeof(consent_labels) / sizeof(consent_labels[0]);
	char text[LABEL_KEY_BUF + 64];
	const char *k, *r;

	for (i = 0; i < n; i++) {
		if (consent_labels[i].val != NAMED &&
		    consent_labels[i].val != ANONYMOUS)
			continue;
		k = consent_labels[i].key;
		for (j = 0; j < sizeof(before) / sizeof(before[0]) +
		    sizeof(after) / sizeof(after[0]); j++) {
			if (j < sizeof(before) / sizeof(before[0]))
				snprintf(text, sizeof(text), "%s%s", before[j],
				    k);
			else
				snprintf(text, sizeof(text), "%s%s", k,
				    after[j - sizeof(before) /
				    sizeof(before[0])]);
			r = gd_consent_from_label(text, strlen(text));
			if (r != NULL && strcmp(r, "withheld") != 0)
				t_fail(__FILE__, __LINE__, "\"%s\" -> %s",
				    text, r);
			if (r == NULL && consent_labels[i].val == NAMED &&
			    strncmp(k, "publi", 5) == 0 &&
			    !gd_consent_refusal(text, strlen(text)))
				t_fail(__FILE__, __LINE__, "\"%s\" is no "
				    "refusal", text);
		}
	}
}

/* Real-world wordings, as written, in the languages of the table. */
TEST(labels_consent_wordings)
{
	static const struct pair p[] = {
		/* The five "do not publish" wordings of the finding. */
		{ "I do not want my response published", "withheld" },
		{ "Keep my response confidential", "withheld" },
		{ "Please do not publish", "withheld" },
		{ "Nicht veröffentlichen", "withheld" },
		{ "Confidential - do not publish", "withheld" },
		/* Scottish Government (consult.gov.scot). */
		{ "Publish response with name", "named" },
		{ "Publish response only (without name)", "anonymous" },
		{ "Do not publish response", "withheld" },
		/* Citizen Space. */
		{ "Publish response in full", "named" },
		{ "Publish anonymously", "anonymous" },
		{ "No, please keep my response private", "withheld" },
		{ "Publish response only (do not publish name)",
		    "anonymous" },
		/* The EU's older questionnaires and Have Your Say. */
		{ "My contribution can be directly published with my "
		    "personal information", "named" },
		{ "My contribution can be directly published provided that "
		    "I remain anonymous", "anonymous" },
		{ "My contribution cannot be directly published but may be "
		    "included within statistical data", "withheld" },
		{ "WITHINFO", "named" },
		/* Other governments' forms. */
		{ "Publish my submission with my name", "named" },
		{ "Publish my submission anonymously (without my name)",
		    "anonymous" },
		{ "Do not publish my submission (confidential)", "withheld" },
		{ "I do not consent to my submission being published",
		    "withheld" },
		{ "Not for publication", "withheld" },
		{ "I don’t want my response to be published", "withheld" },
		{ "Yes, but don't publish my name", "anonymous" },
		/* German, French, Spanish, Italian, Dutch, Portuguese. */
		{ "Mit Namen veröffentlichen", "named" },
		{ "Anonym veröffentlichen", "anonymous" },
		{ "Keine Veröffentlichung", "withheld" },
		{ "NICHT VEROEFFENTLICHEN", "withheld" },
		{ "Vertraulich", "withheld" },
		{ "Publier avec mon nom", "named" },
		{ "Publier de manière anonyme", "anonymous" },
		{ "Ne pas publier", "withheld" },
		{ "Je ne souhaite pas que ma contribution soit publiée",
		    "withheld" },
		{ "Publicar con mi nombre", "named" },
		{ "Publicar de forma anónima", "anonymous" },
		{ "No publicar", "withheld" },
		{ "No autorizo la publicación", "withheld" },
		{ "Pubblicare con il mio nome", "named" },
		{ "Pubblicare in forma anonima", "anonymous" },
		{ "Non pubblicare", "withheld" },
		{ "Riservato", "withheld" },
		{ "Publiceren met naam", "named" },
		{ "Anoniem publiceren", "anonymous" },
		{ "Niet publiceren", "withheld" },
		{ "Vertrouwelijk", "withheld" },
		{ "Publicar com o meu nome", "named" },
		{ "Publicar de forma anônima", "anonymous" },
		{ "Não publicar", "withheld" },
		/* Not known: about the name alone, or a bare answer. */
		{ "Do not publish my name", NULL },
		{ "Publish my name", NULL },
		{ "Yes, publish", NULL },
		{ "Ja", NULL }, { "Oui", NULL }, { "Nein", NULL },
	};

	CHECK(gd_consent_from_label, p);
}

TEST(labels_consent_refusal)
{
	static const struct {
		const char *in;
		int want;
	} c[] = {
		{ "do not publish my response please", 1 },
		{ "Please don't put this online or publish it", 1 },
		{ "Publication: no", 1 },
		{ "I'd rather you didn't publish this", 1 },
		{ "Ich möchte nicht, dass meine Antwort veröffentlicht wird",
		    1 },
		{ "Je ne veux pas que ma réponse soit publiée", 1 },
		{ "Prefiero que no se publique", 1 },
		{ "Preferisco che non venga pubblicata", 1 },
		{ "Liever niet openbaar", 1 },
		{ "Prefiro que não seja publicada", 1 },
		{ "I do not agree", 1 },
		{ "Strictly confidential", 1 },
		{ "in confidence", 1 },
		{ "Streng vertraulich", 1 },
		{ "Private and confidential", 1 },
		{ "I refuse", 1 },
		{ "Publish, but not my name", 1 },	/* the safe way */
		/* No refusal: unknown. */
		{ "Publish it", 0 },
		{ "Publish without my name, please", 0 },
		{ "Yes", 0 }, { "No", 0 }, { "Nein", 0 }, { "Maybe", 0 },
		{ "Not sure", 0 }, { "", 0 },
		{ "Keine Angabe", 0 },
		{ "publishing is fine", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (gd_consent_refusal(c[i].in, strlen(c[i].in)) != c[i].want)
			t_fail(__FILE__, __LINE__, "\"%s\": %d, expected %d",
			    c[i].in, !c[i].want, c[i].want);
	T_EQ_INT(gd_consent_refusal(NULL, 0), 0);
}

/* a and b (C strings) compare as want, both ways round. */
static void
eq(const char *a, const char *b, int want, const char *file, int line)
{
	int r1 = gd_label_eq(a, strlen(a), b, strlen(b));
	int r2 = gd_label_eq(b, strlen(b), a, strlen(a));

	if (r1 != want || r2 != want)
		t_fail(file, line, "gd_label_eq(\"%s\", \"%s\") == %d/%d, "
		    "expected %d", a, b, r1, r2, want);
}

#define EQ(a, b)	eq((a), (b), 1, __FILE__, __LINE__)
#define NE(a, b)	eq((a), (b), 0, __FILE__, __LINE__)

TEST(labels_eq_case)
{
	EQ("Company", "company");
	EQ("COMPANY", "company");
	EQ("cOmPaNy", "CoMpAnY");
	EQ("MEP", "mep");
	EQ("abc123", "ABC123");
	NE("company", "companies");
	NE("company", "compan");
	NE("a", "b");
}

TEST(labels_eq_accents)
{
	EQ("\xc3\xa9lu", "elu");			/* élu */
	EQ("\xc3\x89LU", "elu");			/* ÉLU */
	EQ("\xc3\xa9lu", "\xc3\x89lu");
	EQ("espa\xc3\xb1" "a", "espana");		/* ñ */
	EQ("\xc3\xbc" "ber", "uber");			/* ü */
	EQ("\xc3\x9c" "BER", "uber");			/* Ü */
	EQ("Stra\xc3\x9f" "e", "strasse");		/* ß */
	EQ("fran\xc3\xa7" "ais", "francais");		/* ç */
	EQ("\xc3\xb8l", "ol");				/* ø */
	EQ("\xc3\x98L", "ol");				/* Ø */
	EQ("\xc3\xa6on", "aeon");			/* æ */
	EQ("\xc3\x86ON", "aeon");			/* Æ */
	EQ("\xc3\xbf", "y");				/* ÿ */
	EQ("\xc3\x80\xc3\x81\xc3\x82\xc3\x83\xc3\x84\xc3\x85", "aaaaaa");
	EQ("\xc3\xac\xc3\xad\xc3\xae\xc3\xaf", "iiii");
	EQ("\xc3\xb2\xc3\xb3\xc3\xb4\xc3\xb5\xc3\xb6", "ooooo");
	EQ("\xc3\xb9\xc3\xba\xc3\xbb\xc3\xbc\xc3\xbd", "uuuuy");
	EQ("Krak\xc3\xb3w", "krakow");
	/* × and ÷ are symbols, not letters: they separate words. */
	NE("2\xc3\x97" "3", "2x3");
	EQ("2\xc3\x97" "3", "2 3");
	EQ("6\xc3\xb7" "3", "6 3");
	/* Beyond Latin-1 too, as textnorm.c folds text. */
	EQ("\xc5\x81\xc3\xb3\x64\xc5\xba", "lodz");	/* Łódź */
	EQ("\xc5\x81\xc3\x93\x44\xc5\xb9", "LODZ");	/* ŁÓDŹ */
	EQ("\xc5\x81\xc3\xb3\x64\xc5\xba", "\xc5\x81o\x64\xc5\xba");
	EQ("\xc5\x81", "\xc5\x82");			/* Ł, ł */
	EQ("Dvo\xc5\x99\xc3\xa1k", "dvorak");		/* ř */
	EQ("\xc5\x9e" "ahin", "sahin");			/* Ş */
	EQ("\xc4\x90or\xc4\x91" "e", "dorde");		/* Đorđe */
	EQ("\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91",
	    "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");	/* ΑΘΗΝΑ */
	NE("\xc5\x81\xc3\xb3\x64\xc5\xba", "lodzi");
	/* Accents written as combining marks (NFD), as macOS writes
	 * file names and some exports their text. */
	EQ("e\xcc\x81lu", "\xc3\xa9lu");			/* é: e + U+0301 */
	EQ("E\xcc\x81LU", "elu");
	EQ("Bu\xcc\x88rger", "b\xc3\xbcrger");
	/* Compatibility forms: ligatures, full width, superscripts. */
	EQ("\xef\xac\x81rm", "firm");			/* ﬁ */
	EQ("\xef\xbc\xae\xef\xbc\xa7\xef\xbc\xaf", "ngo");	/* ＮＧＯ */
	EQ("m\xc2\xb2", "m2");				/* ² */
	/* Latin-1 bytes that are not UTF-8 are not folded. */
	NE("\xe9lu", "elu");
	EQ("\xe9lu", "\xe9LU");
	/* A C3 cut short at the end is a byte like any other. */
	NE("elu\xc3", "elu");
	EQ("elu\xc3", "ELU\xc3");
}

/*
 * Labels fold as textnorm.c folds text: a word's label form is the UTF-8
 * of gd_fold()'s code points, wherever it appears.
 */
TEST(labels_fold_as_textnorm)
{
	static const char *const words[] = {
		"\xc5\x81\xc3\xb3\x64\xc5\xba",		/* Łódź */
		"\xc5\x81\xc3\x93\x44\xc5\xb9", "LODZ", "lodz",
		"\xc3\x89LU", "B\xc3\xbcrger", "Stra\xc3\x9f" "e",
		"\xc3\x98rsted", "Encyclop\xc3\xa6" "dia", "Bu\xcc\x88rger",
		"\xef\xac\x81rm", "Funcion\xc3\xa1rio",
	};
	struct gd_folded f;
	char key[64], want[64];
	size_t i, j, len;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		T_OK(gd_fold(&f, words[i], strlen(words[i])) == 0);
		for (j = len = 0; j < f.n && len + 4 < sizeof(want); j++)
			len += gd_utf8_put((unsigned long)f.cp[j], want + len);
		want[len] = '\0';
		T_OK(gd_lfold_key(words[i], strlen(words[i]), key,
		    sizeof(key)) == (int)len);
		T_EQ_STR(key, want);
	}
	gd_folded_release(&f);
	/* One word whatever its spelling, here as in textnorm.c. */
	T_OK(gd_lfold_key("\xc5\x81\xc3\xb3\x64\xc5\xba", 7, key,
	    sizeof(key)) == 4);
	T_EQ_STR(key, "lodz");
	T_OK(gd_header_eq(S("\xc5\x81\xc3\xb3\x64\xc5\xba"), S("LODZ")));
	T_OK(gd_header_contains(S("Miasto \xc5\x81\xc3\xb3\x64\xc5\xba"),
	    S("miasto_lodz")));
	/* Too long for the buffer, and the empty form. */
	T_OK(gd_lfold_key(S("abcdef"), key, 6) == -1);
	T_OK(gd_lfold_key(S("abcde"), key, 6) == 5);
	T_OK(gd_lfold_key(S(" - "), key, sizeof(key)) == 0);
	T_EQ_STR(key, "");
	/* Invalid UTF-8 is kept byte for byte: two bad bytes differ. */
	T_OK(!gd_label_eq(S("\xe9lu"), S("\xfflu")));
	/* Format characters (soft hyphen, zero-width space, byte order
	 * mark) are ignored, as gd_fold() ignores them. */
	T_OK(gd_label_eq(S("B\xc3\xbcr\xc2\xadger"), S("burger")));
	T_OK(gd_label_eq(S("\xef\xbb\xbf" "company"), S("company")));
}

TEST(labels_eq_punctuation_spacing)
{
	EQ("Company/business organisation", "company business organisation");
	EQ("Company / business organisation", "company business organisation");
	EQ("  company business organisation  ",
	    "company business organisation");
	EQ("company\t\n business   organisation",
	    "company business organisation");
	EQ("Non-governmental organisation (NGO)",
	    "non governmental organisation ngo");
	EQ("...company...", "company");
	EQ("\"company\"", "company");
	EQ("company!!!", "company");
	EQ("a-b", "a b");
	EQ("a_b", "a b");
	EQ("a.-_/ b", "a b");
	EQ("\xc2\xa0" "a\xc2\xa0" "b\xc2\xa0", "a b");		/* no-break */
	EQ("\xe2\x80\x9c" "a\xe2\x80\x9d", "a");		/* “a” */
	EQ("d\xe2\x80\x99" "a", "d'a");				/* ’ */
	EQ("\xc2\xbf" "qu\xc3\xa9?", "que");			/* ¿qué? */
	EQ("", "");
	EQ("", "   ");
	EQ("...", "");
	EQ("\xef\xbb\xbf", "");
	NE("ab", "a b");
	NE("a b", "a");
	NE("", "a");
	NE("a b c", "a bc");
}

TEST(labels_eq_not_nul_terminated)
{
	static const char a[7] = { 'C', 'o', 'm', 'p', 'a', 'n', 'y' };

	T_OK(gd_label_eq(a, 7, "company", 7));
	T_OK(!gd_label_eq(a, 6, "company", 7));
	T_OK(gd_label_eq(a, 6, "compan", 6));
	T_OK(gd_label_eq("abcdef", 3, "ABCxyz", 3));
	T_OK(gd_label_eq("a\0b", 3, "a b", 3));
	T_OK(gd_label_eq(NULL, 0, "", 0));
	T_OK(gd_label_eq(NULL, 0, NULL, 0));
	T_OK(!gd_label_eq(NULL, 0, "x", 1));
}

/* a and b (C strings) match as headers as want, both ways round. */
static void
heq(const char *a, const char *b, int want, const char *file, int line)
{
	int r1 = gd_header_eq(a, strlen(a), b, strlen(b));
	int r2 = gd_header_eq(b, strlen(b), a, strlen(a));

	if (r1 != want || r2 != want)
		t_fail(file, line, "gd_header_eq(\"%s\", \"%s\") == %d/%d, "
		    "expected %d", a, b, r1, r2, want);
}

#define HEQ(a, b)	heq((a), (b), 1, __FILE__, __LINE__)
#define HNE(a, b)	heq((a), (b), 0, __FILE__, __LINE__)

TEST(labels_header_eq_conventions)
{
	/* One name in every convention of word separation. */
	HEQ("userType", "user_type");
	HEQ("userType", "user-type");
	HEQ("userType", "User Type");
	HEQ("userType", "USER_TYPE");
	HEQ("user_type", "User Type");
	HEQ("user-type", "user.type");
	HEQ("UserType", "usertype");
	HEQ("dateFeedback", "date_feedback");
	HEQ("firstName", "first_name");
	HEQ("referenceInitiative", "reference_initiative");
	HEQ("comment-body", "commentBody");
	HEQ("comment-body", "Comment Body");
	HEQ("Response ID", "response_id");
	HEQ("Response ID", "ResponseId");
	HEQ("Document ID", "documentID");
	HEQ("  user_type  ", "userType");
	HEQ("__user__type__", "userType");
	HEQ("user\ttype", "userType");
	/* Accents on Latin letters are dropped, as in labels. */
	HEQ("Empleados p\xc3\xba" "blicos", "empleados_publicos");
	HEQ("Cat\xc3\xa9gorie", "CATEGORIE");
	/* The same text is the same header. */
	HEQ("id", "id");
	HEQ("", "");
	HEQ("", "__");
	/* Other letters or words are other headers. */
	HNE("userType", "user_types");
	HNE("userType", "userTyp");
	HNE("userType", "type_user");
	HNE("user_type", "user_id");
	HNE("id", "ids");
	HNE("id", "");
	HNE("date", "created_at");
	HNE("first_name", "firstname2");
	HNE("Empleados p\xc3\xba" "blicos", "empleados publics");
}

TEST(labels_header_eq_not_nul_terminated)
{
	static const char a[8] = { 'u', 's', 'e', 'r', 'T', 'y', 'p', 'e' };

	T_OK(gd_header_eq(a, 8, "user_type", 9));
	T_OK(!gd_header_eq(a, 7, "user_type", 9));
	T_OK(gd_header_eq(a, 4, "USER", 4));
	T_OK(gd_header_eq("user_typeXYZ", 9, "userType", 8));
	T_OK(gd_header_eq("user\0type", 9, "user_type", 9));
	T_OK(gd_header_eq(NULL, 0, "", 0));
	T_OK(!gd_header_eq(NULL, 0, "x", 1));
}

/* hay holds needle (C strings) as want. */
static void
hcont(const char *hay, const char *needle, int want, const char *file,
    int line)
{
	int r = gd_header_contains(hay, strlen(hay), needle, strlen(needle));

	if (r != want)
		t_fail(file, line, "gd_header_contains(\"%s\", \"%s\") == %d, "
		    "expected %d", hay, needle, r, want);
}

#define HAS(h, n)	hcont((h), (n), 1, __FILE__, __LINE__)
#define HASNT(h, n)	hcont((h), (n), 0, __FILE__, __LINE__)

TEST(labels_header_contains)
{
	/* The part in any convention, in a header in any convention. */
	HAS("I am responding as", "responding as");
	HAS("I am responding as", "responding_as");
	HAS("I_am_responding_as", "responding as");
	HAS("iAmRespondingAs", "Responding-As");
	HAS("I am responding as:", "RESPONDING AS");
	HAS("Are you responding on behalf of an organisation?",
	    "on behalf of");
	HAS("Do you consent to us publishing your response?", "publish");
	HAS("Respondent type (please choose)", "respondent_type");
	HAS("respondent_type", "respondentType");
	/* The whole header, and a part at either end. */
	HAS("user_type", "userType");
	HAS("user_type", "user");
	HAS("user_type", "type");
	/* Accents dropped on both sides. */
	HAS("\xc2\xbf" "Publicar su respuesta?", "publicar");
	HAS("Cat\xc3\xa9gorie de r\xc3\xa9pondant", "categorie");
	/* Not there. */
	HASNT("I am responding as", "responding for");
	HASNT("I am responding as", "as I am");
	HASNT("respondent", "respondent type");
	HASNT("user_type", "user_types");
	HASNT("", "type");
	/* An empty part, or one that is only separators, is in nothing. */
	HASNT("user_type", "");
	HASNT("user_type", "__ -");
	HASNT("", "");
}

TEST(labels_header_contains_limits)
{
	char hay[1200], big[300];

	/* Only the n bytes given are read. */
	T_OK(gd_header_contains("I am responding as", 18, "respondingAs", 12));
	T_OK(!gd_header_contains("I am responding as", 12, "respondingAs",
	    12));
	T_OK(gd_header_contains("I am responding as", 18, "respondingAsXYZ",
	    12));
	/* A header over 1 KiB in the compact form holds nothing... */
	memset(hay, 'a', sizeof(hay));
	memcpy(hay, "type", 4);
	T_OK(!gd_header_contains(hay, sizeof(hay), "type", 4));
	/* ...but separators do not count toward it. */
	memset(hay, '_', sizeof(hay));
	memcpy(hay + 600, "userType", 8);
	T_OK(gd_header_contains(hay, sizeof(hay), "user_type", 9));
	/* A part too long for its buffer is in nothing. */
	memset(big, 'a', sizeof(big));
	T_OK(!gd_header_contains(big, sizeof(big), big, sizeof(big)));
	T_OK(gd_header_contains(big, sizeof(big), big, 200));
}
