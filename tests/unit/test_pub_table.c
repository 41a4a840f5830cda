/*
 * test_pub_table.c - the publication's tables (lib/pub_table.c): a CSV
 * line's quoting, numbers and formula neutralisation, and whole tables
 * written from a stream: columns in gd's order, whatever the input's,
 * the source never published, hostile values neutralised.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gd/gd.h"
#include "../../lib/pub_int.h"
#include "t.h"

/* The CSV line of row (JSON text) over n columns. */
static const char *
line(const char *row, size_t n)
{
	static struct gd_buf b;
	json_t *v = json_loads(row, JSON_DECODE_ANY, NULL);

	gd_buf_release(&b);
	gd_buf_init(&b, 0);
	T_OK(v != NULL);
	T_OK(pub_csv_line(&b, v, n) == 0);
	json_decref(v);
	return b.data ? b.data : "";
}

TEST(pub_csv_line_quoting)
{
	T_EQ_STR(line("[\"plain\", \"a,b\", \"\", null, \"say \\\"hi\\\"\", "
	    "\"two\\nlines\", \"cr\\r\"]", 7),
	    "plain,\"a,b\",\"\",,\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
	/* Numbers, booleans; arrays and objects as compact JSON. */
	T_EQ_STR(line("[3, -12345678901234, 2.5, true, false, [\"x\", 1], "
	    "{\"k\": \"v\"}]", 7),
	    "3,-12345678901234,2.5,true,false,\"[\"\"x\"\",1]\","
	    "\"{\"\"k\"\":\"\"v\"\"}\"\r\n");
	/* Reals in the fewest digits that read back the same. */
	T_EQ_STR(line("[0.1, 0.30000000000000004, 1e300, 0.25]", 4),
	    "0.1,0.30000000000000004,1e+300,0.25\r\n");
	/* A row shorter than the table: missing cells are empty. */
	T_EQ_STR(line("[\"a\"]", 3), "a,,\r\n");
	T_EQ_STR(line("[]", 0), "\r\n");
}

TEST(pub_csv_line_formulas_neutralised)
{
	T_EQ_STR(line("[\"=HYPERLINK(\\\"http://x\\\",\\\"c\\\")\"]", 1),
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"c\"\")\"\r\n");
	T_EQ_STR(line("[\"+x\", \"@SUM(A1)\", \"\\t=1\", \"\\r=1\", "
	    "\"=cmd|' /C calc'!A0\"]", 5),
	    "\"'+x\",\"'@SUM(A1)\",\"'\t=1\",\"'\r=1\","
	    "\"'=cmd|' /C calc'!A0\"\r\n");
	/* A number that begins with a sign stays a number. */
	T_EQ_STR(line("[\"-1\", \"+2.5\", \"-2+3\", \"x=1\"]", 4),
	    "-1,+2.5,\"'-2+3\",x=1\r\n");
}

TEST(pub_table_names)
{
	enum pub_table t = TB_COUNT;

	T_OK(pub_table_by_name("responses", &t) == 0 && t == TB_RESPONSES);
	T_OK(pub_table_by_name("stubs", &t) == 0 && t == TB_STUBS);
	T_OK(pub_table_by_name("tallies", &t) == 0 && t == TB_TALLIES);
	T_OK(pub_table_by_name("Responses", &t) == -1);
	T_OK(pub_table_by_name("", &t) == -1);
}

/* A publication of the given stream lines, finished. */
static struct gd_pub *
publication(const char *const *lines, size_t n)
{
	struct gd_pub_opts o;
	struct gd_error err;
	struct gd_pub *p;
	size_t i;

	memset(&o, 0, sizeof(o));
	gd_error_clear(&err);
	if ((p = gd_pub_new(&o, &err)) == NULL) {
		T_OK(p != NULL);
		return NULL;
	}
	for (i = 0; i < n; i++)
		T_EQ_INT(gd_pub_add(p, lines[i], strlen(lines[i]), &err), 0);
	T_EQ_INT(gd_pub_finish(p, &err), 0);
	return p;
}

/* Table t of p as CSV, read back from a file (to free). */
static char *
table(struct gd_pub *p, enum pub_table t)
{
	struct gd_error err;
	struct gd_out *o;
	char path[64], *s = NULL;
	FILE *f;
	long n;
	int fd;

	snprintf(path, sizeof(path), "/tmp/gd-test-table-XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		return NULL;
	close(fd);
	gd_error_clear(&err);
	if ((o = gd_out_open(path, &err)) == NULL) {
		unlink(path);
		return NULL;
	}
	T_EQ_INT(pub_table_csv(p, t, o, &err), 0);
	T_EQ_INT(gd_out_close(o, 1, &err), 0);
	if ((f = fopen(path, "rb")) != NULL) {
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		if (n >= 0 && (s = calloc(1, (size_t)n + 1)) != NULL &&
		    fread(s, 1, (size_t)n, f) != (size_t)n) {
			free(s);
			s = NULL;
		}
		fclose(f);
	}
	unlink(path);
	return s;
}

TEST(pub_table_responses_csv)
{
	static const char *const stream[] = {
		"{\"gd\":1,\"kind\":\"response\",\"privacy\":\"publication\","
		    "\"answers\":{\"q10\":\"=cmd|' /C calc'!A0\",\"q2\":\"yes\"},"
		    "\"source\":{\"file\":\"secret.csv\",\"line\":3},"
		    "\"consent\":\"anonymous\",\"respondent\":{\"type\":"
		    "\"citizen\"},\"consultation\":\"c\",\"id\":\"r2\"}",
		"{\"gd\":1,\"kind\":\"response\",\"id\":\"r1\","
		    "\"consultation\":\"c\",\"respondent\":{\"name\":\"N, O\","
		    "\"type\":\"ngo\"},\"consent\":\"named\",\"answers\":"
		    "{\"q2\":\"-3\",\"q10\":5},\"extra\":{},"
		    "\"privacy\":\"publication\"}",
	};
	struct gd_pub *p = publication(stream, 2);
	char *csv;

	if (p == NULL)
		return;
	csv = table(p, TB_RESPONSES);
	T_OK(csv != NULL);
	/* gd's members in gd's order, q2 before q10; no source. */
	T_EQ_STR(csv,
	    "id,consultation,respondent.type,respondent.name,consent,"
	    "answers.q2,answers.q10,privacy\r\n"
	    "r2,c,citizen,,anonymous,yes,\"'=cmd|' /C calc'!A0\","
	    "publication\r\n"
	    "r1,c,ngo,\"N, O\",named,-3,5,publication\r\n");
	free(csv);
	gd_pub_free(p);
}

TEST(pub_table_aggregates_csv)
{
	static const char *const stream[] = {
		"{\"gd\":1,\"kind\":\"tally\",\"by\":[\"answers.q2\"],"
		    "\"key\":[\"=1+1\"],\"n\":1,\"of\":2,\"share\":0.5,\"privacy\":\"publication\"}",
		"{\"gd\":1,\"kind\":\"tally\",\"by\":[\"respondent.type\","
		    "\"answers.q2\"],\"key\":[\"ngo\",null],\"n\":null,"
		    "\"of\":null,\"share\":null,\"suppressed\":true,\"privacy\":\"publication\"}",
		"{\"gd\":1,\"kind\":\"summary\",\"responses\":2,"
		    "\"by_consent\":{\"named\":1,\"anonymous\":1},\"privacy\":\"publication\"}",
		"{\"gd\":1,\"kind\":\"stub\",\"id\":\"@x\",\"reason\":\"short\",\"privacy\":\"publication\"}",
		"{\"gd\":1,\"kind\":\"reject\",\"raw\":\"never published\"}",
	};
	struct gd_pub *p = publication(stream, 5);
	unsigned long r, a, s;
	char *csv;

	if (p == NULL)
		return;
	gd_pub_counts(p, &r, &a, &s);
	T_EQ_INT(r, 0);
	T_EQ_INT(a, 4);
	T_EQ_INT(s, 1);
	T_EQ_STR(gd_pub_skipped(p), "reject 1");
	/* As many field and value pairs as the widest tabulation. */
	csv = table(p, TB_TALLIES);
	T_EQ_STR(csv,
	    "table,field1,value1,field2,value2,n,of,share,suppressed\r\n"
	    "answers.q2,answers.q2,\"'=1+1\",,,1,2,0.5,false\r\n"
	    "\"respondent.type,answers.q2\",respondent.type,ngo,answers.q2,"
	    ",,,,true\r\n");
	free(csv);
	csv = table(p, TB_SUMMARY);
	T_EQ_STR(csv, "measure,category,n\r\nresponses,\"\",2\r\n"
	    "consent,named,1\r\nconsent,anonymous,1\r\n");
	free(csv);
	csv = table(p, TB_STUBS);
	T_EQ_STR(csv, "id,reason\r\n\"'@x\",short\r\n");
	free(csv);
	gd_pub_free(p);
}
