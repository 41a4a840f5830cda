/*
 * test_redact_line.c - gd-redact's rules line by line (redact_line.c):
 * what each kind of line becomes, rejects for publication built from
 * the allowed members only (a member added to reject records does not
 * go out), jansson's messages without the input they quote, audit
 * records, where the key may come from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "gd/gd.h"
#include "t.h"

/* A scratch folder for the files a test writes. */
static char dir[64];

static void
rm_scratch(void)
{
	(void)rmdir(dir);
}

static const char *
scratch(void)
{
	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/gd-unit-redact-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(rm_scratch);
	}
	return dir;
}

static void
path_of(char *dst, size_t n, const char *name)
{
	snprintf(dst, n, "%s/%s", scratch(), name);
}

/* The whole file at path, NUL-terminated (static; empty when absent). */
static const char *
slurp(const char *path)
{
	static char text[8192];
	size_t n = 0;
	FILE *f;

	text[0] = '\0';
	if ((f = fopen(path, "rb")) == NULL)
		return text;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	unlink(path);
	return text;
}

/* A run, with a rejects file and an audit file in the scratch folder. */
struct fixture {
	struct gd_policy *pol;
	struct gd_redact_run *run;
	struct gd_rejects *rj;
	struct gd_out *audit;
	char rjpath[128], auditpath[128];
};

static const unsigned char test_key[GD_KEY_BYTES] = { 7, 7, 7 };

static void
setup(struct fixture *fx, enum gd_purpose purpose)
{
	struct gd_redact_opts ro;
	struct gd_error err;

	memset(fx, 0, sizeof(*fx));
	path_of(fx->rjpath, sizeof(fx->rjpath), "rejects.ndjson");
	path_of(fx->auditpath, sizeof(fx->auditpath), "audit.ndjson");
	fx->pol = gd_policy_new();
	T_OK(fx->pol != NULL);
	memset(&ro, 0, sizeof(ro));
	ro.purpose = purpose;
	ro.policy = fx->pol;
	ro.key = purpose == GD_FOR_ANALYSIS ? test_key : NULL;
	fx->run = gd_redact_run_new(&ro, &err);
	fx->rj = gd_rejects_open(fx->rjpath, "gd-redact", &err);
	fx->audit = gd_out_open(fx->auditpath, &err);
	T_OK(fx->run != NULL && fx->rj != NULL && fx->audit != NULL);
	if (fx->run == NULL || fx->rj == NULL || fx->audit == NULL)
		abort();
	gd_redact_run_sinks(fx->run, fx->audit, fx->rj);
}

/* Ends the run; the files' contents are then slurp()'s to take. */
static void
finish(struct fixture *fx)
{
	struct gd_error err;

	T_EQ_INT(gd_rejects_close(fx->rj, 1, &err), 0);
	T_EQ_INT(gd_out_close(fx->audit, 1, &err), 0);
	gd_redact_run_free(fx->run);
	gd_policy_free(fx->pol);
}

/* gd_redact_line on the string line; returns its fate. */
static enum gd_redact_fate
line(struct fixture *fx, const char *text, struct gd_redact_result *res)
{
	struct gd_redact_input in;
	struct gd_error err;

	memset(&in, 0, sizeof(in));
	in.p = text;
	in.n = strlen(text);
	in.file = "in.ndjson";
	in.lineno = 7;
	T_EQ_INT(gd_redact_line(fx->run, &in, res, &err), 0);
	return res->fate;
}

/* The record as a reject writer of today makes it, for analysis, with a
 * member that reject records might gain one day added after it. */
#define FULL_REJECT \
	"{\"gd\":1,\"kind\":\"reject\",\"tool\":\"gd-ingest\"," \
	"\"source\":{\"file\":\"in.csv\",\"line\":3,\"column\":8," \
	"\"excerpt\":\"jane@example.org\"},\"error\":\"bad row\"," \
	"\"raw\":\"jane@example.org,1\\n\",\"raw_truncated\":true," \
	"\"hint\":\"Jane Doe\",\"raw_base64\":\"amFuZQ==\"}"

TEST(redact_line_reject_allow_list)
{
	struct gd_redact_result res;
	struct fixture fx;

	/* For publication: built again from the allowed members. */
	setup(&fx, GD_FOR_PUBLICATION);
	T_EQ_INT(line(&fx, FULL_REJECT, &res), GD_REDACT_PASSED);
	T_EQ_MEM(res.out, res.outlen, "{\"gd\":1,\"kind\":\"reject\","
	    "\"tool\":\"gd-ingest\",\"source\":{\"file\":\"in.csv\","
	    "\"line\":3,\"column\":8},\"error\":\"bad row\"}\n");
	/* Members of the wrong type are left out, never passed on. */
	T_EQ_INT(line(&fx, "{\"gd\":1,\"kind\":\"reject\",\"tool\":7,"
	    "\"source\":{\"file\":[\"jane\"],\"line\":\"3\",\"column\":-1},"
	    "\"error\":{\"raw\":\"jane\"}}", &res), GD_REDACT_PASSED);
	T_EQ_MEM(res.out, res.outlen, "{\"gd\":1,\"kind\":\"reject\","
	    "\"source\":{}}\n");
	/* jansson's quote of the input is not kept either. */
	T_EQ_INT(line(&fx, "{\"gd\":1,\"kind\":\"reject\",\"error\":"
	    "\"not valid JSON: invalid token near 'janedoe'\"}", &res),
	    GD_REDACT_PASSED);
	T_EQ_MEM(res.out, res.outlen, "{\"gd\":1,\"kind\":\"reject\","
	    "\"error\":\"not valid JSON: invalid token\"}\n");
	finish(&fx);
	T_EQ_STR(slurp(fx.rjpath), "");
	T_EQ_STR(slurp(fx.auditpath), "");

	/* For analysis: passed on as read. */
	setup(&fx, GD_FOR_ANALYSIS);
	T_EQ_INT(line(&fx, FULL_REJECT, &res), GD_REDACT_PASSED);
	T_EQ_MEM(res.out, res.outlen, FULL_REJECT "\n");
	finish(&fx);
	slurp(fx.rjpath);
	slurp(fx.auditpath);
}

TEST(redact_line_own_rejects)
{
	struct gd_redact_result res;
	struct gd_redact_input in;
	struct gd_error err, over;
	struct fixture fx;
	char big[300];

	setup(&fx, GD_FOR_PUBLICATION);
	T_EQ_INT(line(&fx, "{\"gd\":1,\"email\":janedoe}", &res),
	    GD_REDACT_REJECTED);
	T_EQ_STR(res.why.file, "in.ndjson");
	T_EQ_INT(res.why.line, 7);
	T_EQ_INT(res.why.column, 23);
	/* The caller's message keeps jansson's words whole. */
	T_EQ_STR(res.why.msg, "not valid JSON: invalid token near 'janedoe'");
	T_OK(res.out == NULL && res.outlen == 0);
	T_EQ_INT(line(&fx, "[\"jane@example.org\"]", &res),
	    GD_REDACT_REJECTED);
	T_EQ_INT(line(&fx, "{\"gd\":1,\"kind\":\"response\",\"consent\":"
	    "\"Named\",\"comments\":{\"c\":\"jane@example.org\"}}", &res),
	    GD_REDACT_REJECTED);
	/* A line over the reader's cap, given as its first bytes. */
	memset(big, 'j', sizeof(big));
	gd_error_set(&over, GD_EXIT_REJECTS, "in.ndjson", 9, 0,
	    "line longer than 300 bytes");
	memset(&in, 0, sizeof(in));
	in.p = big;
	in.n = sizeof(big);
	in.file = "in.ndjson";
	in.lineno = 9;
	in.over = &over;
	in.cut = 1;
	T_EQ_INT(gd_redact_line(fx.run, &in, &res, &err), 0);
	T_EQ_INT(res.fate, GD_REDACT_REJECTED);
	T_EQ_INT(res.why.line, 9);
	finish(&fx);
	T_EQ_STR(slurp(fx.rjpath),
	    "{\"gd\":1,\"kind\":\"reject\",\"tool\":\"gd-redact\",\"source\":"
	    "{\"file\":\"in.ndjson\",\"line\":7,\"column\":23},\"error\":"
	    "\"not valid JSON: invalid token\"}\n"
	    "{\"gd\":1,\"kind\":\"reject\",\"tool\":\"gd-redact\",\"source\":"
	    "{\"file\":\"in.ndjson\",\"line\":7},\"error\":"
	    "\"not a JSON object\"}\n"
	    "{\"gd\":1,\"kind\":\"reject\",\"tool\":\"gd-redact\",\"source\":"
	    "{\"file\":\"in.ndjson\",\"line\":7},\"error\":\"consent is not "
	    "one of named, anonymous, withheld, unknown\"}\n"
	    "{\"gd\":1,\"kind\":\"reject\",\"tool\":\"gd-redact\",\"source\":"
	    "{\"file\":\"in.ndjson\",\"line\":9},\"error\":"
	    "\"line longer than 300 bytes\"}\n");
	slurp(fx.auditpath);

	/* For analysis the rejects hold the input, and say when cut. */
	setup(&fx, GD_FOR_ANALYSIS);
	T_EQ_INT(line(&fx, "{\"gd\":1,\"email\":janedoe}", &res),
	    GD_REDACT_REJECTED);
	in.n = 4;
	T_EQ_INT(gd_redact_line(fx.run, &in, &res, &err), 0);
	finish(&fx);
	T_EQ_STR(slurp(fx.rjpath),
	    "{\"gd\":1,\"kind\":\"reject\",\"tool\":\"gd-redact\",\"source\":"
	    "{\"file\":\"in.ndjson\",\"line\":7,\"column\":23},\"error\":"
	    "\"not valid JSON: invalid token near 'janedoe'\",\"raw\":"
	    "\"{\\\"gd\\\":1,\\\"email\\\":janedoe}\"}\n"
	    "{\"gd\":1,\"kind\":\"reject\",\"tool\":\"gd-redact\",\"source\":"
	    "{\"file\":\"in.ndjson\",\"line\":9},\"error\":"
	    "\"line longer than 300 bytes\",\"raw\":\"jjjj\","
	    "\"raw_truncated\":true}\n");
	slurp(fx.auditpath);
}

TEST(redact_line_fates_and_audit)
{
	static const char *const tally =
	    "{\"gd\":1,\"kind\":\"tally\",\"key\":[\"a@example.org\"],\"n\":1}";
	struct gd_redact_result res;
	struct fixture fx;

	setup(&fx, GD_FOR_PUBLICATION);
	T_EQ_INT(line(&fx, "{\"gd\":1,\"kind\":\"response\",\"id\":\"a\","
	    "\"consent\":\"anonymous\",\"respondent\":{\"name\":\"Jo Bloggs\","
	    "\"email\":\"jo@example.org\"},\"comments\":{\"c\":"
	    "\"mail jo@example.org\"}}", &res), GD_REDACT_WRITTEN);
	T_EQ_MEM(res.out, res.outlen, "{\"gd\":1,\"kind\":\"response\","
	    "\"id\":\"a\",\"consent\":\"anonymous\",\"respondent\":{},"
	    "\"comments\":{\"c\":\"mail [EMAIL]\"},\"redacted\":{\"email\":2,"
	    "\"name\":1},\"privacy\":\"publication\"}\n");
	/* Not published, counted: the count-only form, no id. */
	T_EQ_INT(line(&fx, "{\"gd\":1,\"kind\":\"response\",\"id\":\"w\","
	    "\"consent\":\"withheld\",\"respondent\":{\"type\":\"citizen\","
	    "\"name\":\"Jo\"},\"answers\":{\"q\":\"Yes\"}}", &res),
	    GD_REDACT_WITHHELD);
	T_EQ_MEM(res.out, res.outlen, "{\"gd\":1,\"kind\":\"unpublished\","
	    "\"reason\":\"withheld\",\"respondent\":{\"type\":\"citizen\"},"
	    "\"consent\":\"withheld\",\"answers\":{\"q\":\"Yes\"},"
	    "\"privacy\":\"publication\"}\n");
	T_EQ_INT(line(&fx, "{\"gd\":1,\"kind\":\"response\",\"id\":\"m\","
	    "\"consent\":\"anonymous\",\"moderation\":\"rejected\"}", &res),
	    GD_REDACT_MODERATED);
	T_EQ_INT(line(&fx, "{\"gd\":1,\"kind\":\"response\",\"id\":\"u\"}",
	    &res), GD_REDACT_CONSENT_UNKNOWN);
	/* A count not computed from redacted records: refused. */
	T_EQ_INT(line(&fx, tally, &res), GD_REDACT_REJECTED);
	T_EQ_INT(line(&fx, "{\"kind\":\"response\"}", &res),
	    GD_REDACT_REJECTED);
	T_EQ_STR(res.why.msg, "not a gd record (needs \"gd\": 1 and "
	    "\"kind\"): run gd-ingest first");
	finish(&fx);
	slurp(fx.rjpath);
	T_EQ_STR(slurp(fx.auditpath),
	    "{\"gd\":1,\"kind\":\"audit\",\"id\":\"a\",\"path\":"
	    "\"respondent.email\",\"category\":\"email\",\"detector\":"
	    "\"field\",\"action\":\"removed\"}\n"
	    "{\"gd\":1,\"kind\":\"audit\",\"id\":\"a\",\"path\":"
	    "\"respondent.name\",\"category\":\"name\",\"detector\":\"field\","
	    "\"action\":\"removed\"}\n"
	    "{\"gd\":1,\"kind\":\"audit\",\"id\":\"a\",\"path\":\"comments.c\","
	    "\"category\":\"email\",\"detector\":\"email\",\"action\":"
	    "\"replaced\",\"offset\":5,\"length\":7}\n");

	/* For analysis, withheld and moderated responses are kept. */
	setup(&fx, GD_FOR_ANALYSIS);
	T_EQ_INT(line(&fx, "{\"gd\":1,\"kind\":\"response\",\"id\":\"w\","
	    "\"consent\":\"withheld\",\"moderation\":\"rejected\"}", &res),
	    GD_REDACT_WRITTEN);
	finish(&fx);
	slurp(fx.rjpath);
	slurp(fx.auditpath);
}

/* msg and what a publication keeps of it. */
static void
check_public(const char *msg, const char *want)
{
	size_t n = gd_reject_public_error(msg, strlen(msg));

	T_EQ_MEM(msg, n, want);
}

TEST(reject_public_error_forms)
{
	check_public("not valid JSON: invalid token near 'janedoe'",
	    "not valid JSON: invalid token");
	check_public("not valid JSON: '}' expected near end of file",
	    "not valid JSON: '}' expected near end of file");
	check_public("not valid JSON: '}' expected near 'end of file'",
	    "not valid JSON: '}' expected");
	check_public("not valid JSON: too big integer",
	    "not valid JSON: too big integer");
	check_public("not valid JSON: control character 0x1f near '\"a'",
	    "not valid JSON: control character");
	check_public("not valid JSON: unable to decode byte 0xe9",
	    "not valid JSON: unable to decode byte");
	check_public("not valid JSON: invalid Unicode escape '\\uZZ'",
	    "not valid JSON: invalid Unicode escape");
	check_public("not valid JSON: invalid Unicode '\\uD800\\u0041'",
	    "not valid JSON: invalid Unicode");
	/* Words jansson does not have: none kept. */
	check_public("not valid JSON: jane@example.org",
	    "not valid JSON");
	check_public("not valid JSON: invalid tokens near 'x'",
	    "not valid JSON");
	check_public("not valid JSON: invalid token nearby",
	    "not valid JSON");
	check_public("not valid JSON: ", "not valid JSON");
	check_public("not valid JSON:x near 'jane'", "not valid JSON");
	check_public("not valid JSONx near 'jane'", "not valid JSON");
	/* The tools' own messages quote no record: kept. */
	check_public("not a JSON object", "not a JSON object");
	check_public("consent is not one of named, anonymous, withheld, "
	    "unknown", "consent is not one of named, anonymous, withheld, "
	    "unknown");
	check_public("not valid JSON", "not valid JSON");
	check_public("", "");
}

/*
 * What jansson says about lines that hide a marker ("zq") in every
 * place its messages could quote: every message is one the table
 * knows (a newer jansson with new words fails here, not in a
 * publication), and what is kept holds no marker.
 */
TEST(reject_public_error_jansson)
{
	static const char *const bad[] = {
		"{\"a\":zq}", "{\"a\":\"zq\\q\"}", "{\"a\":\"zq\" \"b\"}",
		"{\"a\":\"zq\\uZZZZ\"}", "{\"a\":\"zq\\ud800\"}",
		"{\"a\":\"zq\\ud800\\u0041\"}", "{\"a\":\"zq\x01\"}",
		"{\"a\":\"zq\xe9\"}", "{\"a\":\"zq\\u0000\"}",
		"{\"zq\":1,\"zq\":2}", "{\"a\":123456789012345678901234567890}",
		"{\"a\":-123456789012345678901234567890}", "{\"a\":1e999}",
		"{\"a\":\"zq", "{\"a\":1} zq", "{\"zq\",]", "{\"zq\":[1}",
		"\"zq\"", "zq", "{\"zq\" 1}", "{\"z\\u0000q\":1}", "{\"a\":\"zq\n\"}",
		"{\"zq\":1,}", "[\"zq\",]",
	};
	char msg[GD_ERR_MSG], deep[4100];
	json_error_t je;
	json_t *v;
	size_t i, n;

	/* Deeper than jansson goes (2048). */
	memset(deep, '[', sizeof(deep) - 3);
	memcpy(deep + sizeof(deep) - 3, "zq", 3);
	for (i = 0; i <= sizeof(bad) / sizeof(bad[0]); i++) {
		const char *p = i < sizeof(bad) / sizeof(bad[0]) ? bad[i] :
		    deep;

		v = json_loadb(p, strlen(p), JSON_REJECT_DUPLICATES, &je);
		T_OK(v == NULL);
		json_decref(v);
		snprintf(msg, sizeof(msg), "not valid JSON: %s", je.text);
		n = gd_reject_public_error(msg, strlen(msg));
		if (n == sizeof("not valid JSON") - 1)
			t_fail(__FILE__, __LINE__, "jansson's \"%s\" unknown",
			    je.text);
		if (memmem(msg, n, "zq", 2) != NULL)
			t_fail(__FILE__, __LINE__, "\"%.*s\" quotes input",
			    (int)n, msg);
	}
}

TEST(redact_key_source)
{
	struct gd_error err;
	const char *path;

	/* Publication: never the environment's key. */
	T_EQ_INT(gd_redact_key_source(GD_FOR_PUBLICATION, NULL, "env.key",
	    &path, &err), 0);
	T_OK(path == NULL);
	T_EQ_INT(gd_redact_key_source(GD_FOR_PUBLICATION, "k.key", "env.key",
	    &path, &err), 0);
	T_EQ_STR(path, "k.key");
	/* Analysis: the key given, else the environment's, else none. */
	T_EQ_INT(gd_redact_key_source(GD_FOR_ANALYSIS, "k.key", "env.key",
	    &path, &err), 0);
	T_EQ_STR(path, "k.key");
	T_EQ_INT(gd_redact_key_source(GD_FOR_ANALYSIS, NULL, "env.key",
	    &path, &err), 0);
	T_EQ_STR(path, "env.key");
	T_EQ_INT(gd_redact_key_source(GD_FOR_ANALYSIS, NULL, "", &path,
	    &err), -1);
	T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
	T_EQ_INT(gd_redact_key_source(GD_FOR_ANALYSIS, NULL, NULL, &path,
	    &err), -1);
	T_EQ_INT(err.code, GD_EXIT_UNUSABLE);
}
