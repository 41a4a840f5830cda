/*
 * test_csvin.c - CSV and TSV records: quoting, line breaks kept exactly,
 * empty and blank lines, line numbers, caps, encoding errors, raw text.
 * Every case runs twice, with the reader in this thread and with the
 * reader's second thread; the records must be the same.  Big generated
 * inputs cross the 256 KiB source blocks and the 2048-record batches.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gd/gd.h"
#include "t.h"

#define S(x)	(x), (sizeof(x) - 1)

/* ---- reading every record of a text into owned copies ---- */

struct crec {
	int rc;
	size_t n;
	char **f;
	size_t *len;
	unsigned long line, recno;
	char *raw;
	size_t rawlen;
	int raw_cut;
	struct gd_error err;
};

struct cres {
	struct crec *r;
	size_t n, cap;
	int end_rc;		/* 0, or -1 */
	struct gd_error end_err;
	char path[64];
};

static char *
dupmem(const char *p, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		if (n)
			memcpy(d, p, n);
		d[n] = '\0';
	}
	return d;
}

static void
cres_free(struct cres *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		for (j = 0; j < c->r[i].n; j++)
			free(c->r[i].f[j]);
		free(c->r[i].f);
		free(c->r[i].len);
		free(c->r[i].raw);
	}
	free(c->r);
	memset(c, 0, sizeof(*c));
}

static int
write_tmp(char path[64], const char *text, size_t n)
{
	int fd;

	snprintf(path, 64, "/tmp/gd-test-csv-XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		return -1;
	if (n > 0 && write(fd, text, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Reads all of path with the options (threaded as given) into c.  With
 * stop_after > 0, frees the reader after that many records.
 */
static int
read_csv(const char *path, const char *enc, const struct gd_csv_opts *o,
    struct cres *c, size_t stop_after)
{
	struct gd_error err;
	struct gd_source *src;
	struct gd_csv *csv;
	struct gd_csvrec rec;
	struct crec *cr;
	size_t j;
	int rc;

	if ((src = gd_source_open(path, enc, &err)) == NULL) {
		t_fail(__FILE__, __LINE__, "open: %s", err.msg);
		return -1;
	}
	if ((csv = gd_csv_new(src, o, &err)) == NULL) {
		t_fail(__FILE__, __LINE__, "gd_csv_new: %s", err.msg);
		gd_source_close(src);
		return -1;
	}
	for (;;) {
		gd_error_clear(&err);
		memset(&rec, 0, sizeof(rec));
		rc = gd_csv_next(csv, &rec, &err);
		if (rc == 0 || rc == -1) {
			c->end_rc = rc;
			c->end_err = err;
			break;
		}
		if (c->n == c->cap) {
			size_t ncap = c->cap ? c->cap * 2 : 64;
			struct crec *nr = realloc(c->r, ncap * sizeof(*nr));

			if (nr == NULL)
				break;
			c->r = nr;
			c->cap = ncap;
		}
		cr = &c->r[c->n++];
		memset(cr, 0, sizeof(*cr));
		cr->rc = rc;
		cr->n = rec.n;
		cr->line = rec.line;
		cr->recno = rec.recno;
		cr->raw = dupmem(rec.raw ? rec.raw : "", rec.raw ? rec.rawlen :
		    0);
		cr->rawlen = rec.raw ? rec.rawlen : 0;
		cr->raw_cut = rec.raw_cut;
		cr->err = err;
		cr->f = calloc(rec.n + 1, sizeof(char *));
		cr->len = calloc(rec.n + 1, sizeof(size_t));
		for (j = 0; rc == 1 && j < rec.n; j++) {
			cr->len[j] = rec.len[j];
			cr->f[j] = dupmem(rec.f[j], rec.len[j]);
			/* Field texts are NUL-terminated. */
			if (rec.f[j][rec.len[j]] != '\0')
				t_fail(__FILE__, __LINE__, "field not "
				    "NUL-terminated");
		}
		if (rc != 1)
			cr->n = 0;
		if (stop_after && c->n >= stop_after)
			break;
	}
	gd_csv_free(csv);
	gd_source_close(src);
	return 0;
}

/* Same record (fields, positions, outcome); raw compared when with_raw. */
static int
crec_same(const struct crec *a, const struct crec *b, int with_raw)
{
	size_t j;

	if (a->rc != b->rc || a->n != b->n || a->line != b->line ||
	    a->recno != b->recno)
		return 0;
	for (j = 0; j < a->n; j++)
		if (a->len[j] != b->len[j] || memcmp(a->f[j], b->f[j],
		    a->len[j]) != 0)
			return 0;
	if (a->rc == -2 && (a->err.line != b->err.line || a->err.column !=
	    b->err.column || a->err.code != b->err.code ||
	    strcmp(a->err.msg, b->err.msg) != 0))
		return 0;
	if (with_raw && (a->rawlen != b->rawlen || a->raw_cut != b->raw_cut ||
	    memcmp(a->raw, b->raw, a->rawlen) != 0))
		return 0;
	return 1;
}

/* Compares the results of the two modes; reports the first difference. */
static void
compare_modes(const struct cres *a, const struct cres *b, int raw_all,
    const char *file, int line)
{
	size_t i;

	if (a->n != b->n)
		t_fail(file, line, "%zu records unthreaded, %zu threaded", a->n,
		    b->n);
	if (a->end_rc != b->end_rc)
		t_fail(file, line, "end %d unthreaded, %d threaded", a->end_rc,
		    b->end_rc);
	for (i = 0; i < a->n && i < b->n; i++)
		if (!crec_same(&a->r[i], &b->r[i], raw_all ||
		    a->r[i].rc == -2)) {
			t_fail(file, line, "record %zu (line %lu) differs "
			    "between the modes", i + 1, a->r[i].line);
			return;
		}
}

/* ---- small cases with expectations ---- */

struct want {
	int rc;
	unsigned long line;
	const char *fields;	/* '|' between fields; NULL: not checked */
	const char *raw;	/* NULL: not checked */
	unsigned long eline, ecol;	/* for rc -2 (ecol 0: not checked) */
};

static void
check_want(const struct cres *c, const struct want *w, size_t nw,
    const char *path, const char *file, int line, const char *mode)
{
	size_t i, j, k, fl;
	const char *f;

	if (c->n != nw)
		t_fail(file, line, "%s: %zu records, expected %zu", mode,
		    c->n, nw);
	if (c->end_rc != 0)
		t_fail(file, line, "%s: ended with %d (%s)", mode, c->end_rc,
		    c->end_err.msg);
	for (i = 0; i < c->n && i < nw; i++) {
		const struct crec *r = &c->r[i];

		if (r->rc != w[i].rc) {
			t_fail(file, line, "%s: record %zu: rc %d, expected "
			    "%d (%s)", mode, i + 1, r->rc, w[i].rc,
			    r->err.msg);
			continue;
		}
		if (r->line != w[i].line)
			t_fail(file, line, "%s: record %zu: line %lu, "
			    "expected %lu", mode, i + 1, r->line, w[i].line);
		if (r->recno != i + 1)
			t_fail(file, line, "%s: record %zu: recno %lu", mode,
			    i + 1, r->recno);
		if (w[i].raw && (r->rawlen != strlen(w[i].raw) ||
		    memcmp(r->raw, w[i].raw, r->rawlen) != 0))
			t_fail(file, line, "%s: record %zu: raw \"%.*s\", "
			    "expected \"%s\"", mode, i + 1, (int)r->rawlen,
			    r->raw, w[i].raw);
		if (r->rc == -2) {
			if (r->err.code != GD_EXIT_REJECTS ||
			    strcmp(r->err.file, path) != 0 ||
			    r->err.msg[0] == '\0')
				t_fail(file, line, "%s: record %zu: error "
				    "code %d file %s", mode, i + 1,
				    r->err.code, r->err.file);
			if (r->err.line != w[i].eline)
				t_fail(file, line, "%s: record %zu: error "
				    "line %lu, expected %lu", mode, i + 1,
				    r->err.line, w[i].eline);
			if (w[i].ecol && r->err.column != w[i].ecol)
				t_fail(file, line, "%s: record %zu: error "
				    "column %lu, expected %lu", mode, i + 1,
				    r->err.column, w[i].ecol);
			continue;
		}
		if (w[i].fields == NULL)
			continue;
		f = w[i].fields;
		for (j = 0; ; j++) {
			fl = strcspn(f, "|");
			if (j >= r->n) {
				t_fail(file, line, "%s: record %zu: %zu "
				    "fields, expected more", mode, i + 1, r->n);
				break;
			}
			if (r->len[j] != fl || memcmp(r->f[j], f, fl) != 0) {
				t_fail(file, line, "%s: record %zu field %zu: "
				    "\"%s\", expected \"%.*s\"", mode, i + 1,
				    j + 1, r->f[j], (int)fl, f);
			}
			if (f[fl] == '\0')
				break;
			f += fl + 1;
		}
		k = j + 1;
		if (k != r->n && j < r->n)
			t_fail(file, line, "%s: record %zu: %zu fields, "
			    "expected %zu", mode, i + 1, r->n, k);
	}
}

/* Runs text through both modes, checks both, compares them. */
static void
csv_case(const char *text, size_t n, const char *enc,
    const struct gd_csv_opts *opts, const struct want *w, size_t nw,
    const char *file, int line)
{
	struct gd_csv_opts o;
	struct cres c[2];
	char path[64];
	int th;

	memset(c, 0, sizeof(c));
	if (write_tmp(path, text, n) == -1) {
		t_fail(file, line, "cannot write a temporary file");
		return;
	}
	for (th = 0; th < 2; th++) {
		if (opts)
			o = *opts;
		else
			memset(&o, 0, sizeof(o));
		o.threaded = th;
		if (read_csv(path, enc, &o, &c[th], 0) == 0)
			check_want(&c[th], w, nw, path, file, line,
			    th ? "threaded" : "unthreaded");
	}
	compare_modes(&c[0], &c[1], 0, file, line);
	cres_free(&c[0]);
	cres_free(&c[1]);
	unlink(path);
}

#define CASE(text, enc, opts, w) csv_case(S(text), (enc), (opts), (w), \
	sizeof(w) / sizeof((w)[0]), __FILE__, __LINE__)

TEST(csv_simple_records)
{
	static const struct want w[] = {
		{ 1, 1, "id|name|note", NULL, 0, 0 },
		{ 1, 2, "1|Ann|x", NULL, 0, 0 },
		{ 1, 3, "2|Bob|y", NULL, 0, 0 },
	};

	CASE("id,name,note\n1,Ann,x\n2,Bob,y\n", NULL, NULL, w);
	/* CRLF line ends, and no line end at the very end. */
	CASE("id,name,note\r\n1,Ann,x\r\n2,Bob,y", NULL, NULL, w);
	CASE("id,name,note\r\n1,Ann,x\r\n2,Bob,y\r\n", NULL, NULL, w);
}

TEST(csv_quoted_fields_commas_and_escapes)
{
	static const struct want w[] = {
		{ 1, 1, "a|b,c|d\"e|||f |  g  |", NULL, 0, 0 },
		{ 1, 2, "\"|\"\"|,,,|x\"y\"", NULL, 0, 0 },
	};

	CASE("a,\"b,c\",\"d\"\"e\",,\"\",f ,  g  ,\n"
	    "\"\"\"\",\"\"\"\"\"\",\",,,\",\"x\"\"y\"\"\"\n", NULL, NULL, w);
}

TEST(csv_empty_fields_and_trailing_comma)
{
	static const struct want w[] = {
		{ 1, 1, "a|", NULL, 0, 0 },
		{ 1, 2, "||", NULL, 0, 0 },
		{ 1, 3, "|b", NULL, 0, 0 },
		{ 1, 4, "", NULL, 0, 0 },	/* "" quoted: one empty field */
	};

	CASE("a,\n,,\n,b\n\"\"\n", NULL, NULL, w);
}

/* Fields before the first quote are split apart from libcsv: the split
 * must hand over at the start of the field with the quote, even when the
 * quote is not its first byte. */
TEST(csv_fields_before_and_after_a_quote)
{
	static const struct want w[] = {
		{ 1, 1, "a|b|c,d|e", NULL, 0, 0 },
		{ 1, 2, "a|b\"c|d", NULL, 0, 0 },
		{ 1, 3, "|x|y z\nw|", NULL, 0, 0 },
		{ 1, 5, "p|q", NULL, 0, 0 },
	};

	CASE("a,b,\"c,d\",e\na,b\"c,d\n,x,\"y z\nw\",\np,q\n", NULL, NULL,
	    w);
}

TEST(csv_spaces_are_kept)
{
	static const struct want w[] = {
		{ 1, 1, " a | b |  ", NULL, 0, 0 },
		{ 1, 2, " q |\tt\t", NULL, 0, 0 },
	};

	CASE(" a , b ,  \n\" q \",\tt\t\n", NULL, NULL, w);
}

TEST(csv_embedded_line_breaks_kept_exactly)
{
	static const struct want w[] = {
		{ 1, 1, "x\ny|p\r\nq|1", NULL, 0, 0 },
		{ 1, 4, "next|2", NULL, 0, 0 },
		{ 1, 5, "\n|\r\n|\r", NULL, 0, 0 },
		{ 1, 8, "end", NULL, 0, 0 },
	};

	CASE("\"x\ny\",\"p\r\nq\",1\r\nnext,2\n\"\n\",\"\r\n\",\"\r\"\nend\n",
	    NULL, NULL, w);
}

TEST(csv_blank_lines_skipped_with_line_numbers)
{
	static const struct want w[] = {
		{ 1, 3, "a|b", NULL, 0, 0 },
		{ 1, 6, "c|d", NULL, 0, 0 },
		{ 1, 8, "e\n\nf|g", NULL, 0, 0 },
		{ 1, 14, "h", NULL, 0, 0 },
	};

	CASE("\n\na,b\n\n\r\nc,d\n\n\"e\n\nf\",g\n\n\r\n\nh\n\n\n", NULL, NULL,
	    w);
}

TEST(csv_only_blank_lines_and_empty_input)
{
	static const struct want none[1] = { { 0, 0, NULL, NULL, 0, 0 } };

	csv_case("", 0, NULL, NULL, none, 0, __FILE__, __LINE__);
	csv_case(S("\n\r\n\n"), NULL, NULL, none, 0, __FILE__, __LINE__);
}

TEST(csv_utf8_bom_is_not_in_the_first_field)
{
	static const struct want w[] = {
		{ 1, 1, "id|n\xc3\xa9", NULL, 0, 0 },
		{ 1, 2, "1|\xe2\x82\xac", NULL, 0, 0 },
	};

	CASE("\xef\xbb\xbfid,n\xc3\xa9\n1,\xe2\x82\xac\n", NULL, NULL, w);
}

TEST(csv_tsv)
{
	static const struct want w[] = {
		{ 1, 1, "a|b c|q\tr", NULL, 0, 0 },
		{ 1, 2, "1||3", NULL, 0, 0 },
		{ 1, 3, "x,y|\"z\"", NULL, 0, 0 },
	};
	struct gd_csv_opts o;

	memset(&o, 0, sizeof(o));
	o.delim = '\t';
	CASE("a\tb c\t\"q\tr\"\n1\t\t3\nx,y\t\"\"\"z\"\"\"\n", NULL, &o, w);
}

/* Semicolons and pipes, as CONSUL's and Decidim's exports use them:
 * commas inside fields are text, quoted fields hold the delimiter. */
TEST(csv_semicolon_and_pipe)
{
	static const struct want w[] = {
		{ 1, 1, "id|title|description", NULL, 0, 0 },
		{ 1, 2, "1|Calle; Mayor|a, b", NULL, 0, 0 },
		{ 1, 3, "2|x|<p>one\r\ntwo</p>", NULL, 0, 0 },
	};
	static const struct want wp[] = {
		{ 1, 1, "a|b", NULL, 0, 0 },
		{ 1, 2, "1,2|x;y", NULL, 0, 0 },
	};
	struct gd_csv_opts o;

	memset(&o, 0, sizeof(o));
	o.delim = ';';
	CASE("\"id\";\"title\";\"description\"\r\n"
	    "\"1\";\"Calle; Mayor\";\"a, b\"\r\n"
	    "\"2\";x;\"<p>one\r\ntwo</p>\"\r\n", NULL, &o, w);
	o.delim = '|';
	CASE("a|b\n1,2|x;y\n", NULL, &o, wp);
}

#define SNIFF(text) gd_csv_sniff(S(text))

/* The delimiter found from the first lines, quotes respected. */
TEST(csv_sniff_delimiter)
{
	size_t c[4];

	T_EQ_INT(SNIFF("a,b,c\n1,2,3\n"), ',');
	T_EQ_INT(SNIFF("\"id\";\"title\"\r\n\"1\";\"a, b, c, d\"\r\n"), ';');
	T_EQ_INT(SNIFF("a\tb\n1\t2, 3\n"), '\t');
	T_EQ_INT(SNIFF("a|b|c\n1|2|3\n"), '|');
	/* Commas in quoted fields and a multi-line field do not count. */
	T_EQ_INT(SNIFF("id;text\n1;\"x, y, z,\nw, v\"\n2;\"a,b\"\n"), ';');
	/* A header with both: the one that splits the data lines alike. */
	T_EQ_INT(SNIFF("a;b,c;d\n1;2,3;4\n5;6,7;8\n"), ';');
	T_EQ_INT(SNIFF("a,b;c,d\n1,2;3,4\n5,6;7,8\n"), ',');
	/* One that splits the header but no data line alike is a
	 * character of a header name. */
	T_EQ_INT(SNIFF("a;b,c\n1,2\n3,4\n"), ',');
	/* Ties go to the comma, then ; TAB |. */
	T_EQ_INT(SNIFF("a,b;c\n"), ',');
	/* A title line before the header: the data lines decide. */
	T_EQ_INT(SNIFF("Consultation export\nid;q1\n1;yes\n2;no\n"), ';');
	/* One column, or nothing: no delimiter. */
	T_EQ_INT(SNIFF("comment\nhello\nworld\n"), 0);
	T_EQ_INT(SNIFF(""), 0);
	T_EQ_INT(SNIFF("\"a;b\"\n\"c,d\"\n"), 0);
	/* A window that ends inside the header still counts its fields. */
	T_EQ_INT(SNIFF("a;b;c;d;e"), ';');
	/* The shape: field counts, blank lines skipped, the cut record
	 * left out unless first. */
	T_EQ_INT(gd_csv_shape(S("a;b\n\n1;2;3\n\"x\n;\";y\n4"), ';', c, 4),
	    3);
	T_EQ_INT(c[0], 2);
	T_EQ_INT(c[1], 3);
	T_EQ_INT(c[2], 2);
}

/* An unterminated quote at the end of input is a reject, not a field. */
TEST(csv_unterminated_quote_at_eof)
{
	static const struct want w[] = {
		{ 1, 1, "a|b", NULL, 0, 0 },
		{ -2, 2, NULL, "c,\"open\nmore", 2, 0 },
	};

	static const struct want w2[] = {
		{ 1, 1, "a|b", NULL, 0, 0 },
		{ -2, 2, NULL, "c,\"open\nmore\n", 2, 0 },
	};

	CASE("a,b\nc,\"open\nmore", NULL, NULL, w);
	CASE("a,b\nc,\"open\nmore\n", NULL, NULL, w2);
}

TEST(csv_unterminated_quote_with_newline_at_eof)
{
	static const struct want w[] = {
		{ 1, 1, "a|b", NULL, 0, 0 },
		{ -2, 2, NULL, "\"x,y\n", 2, 0 },
	};

	CASE("a,b\n\"x,y\n", NULL, NULL, w);
}

TEST(csv_field_over_max_then_next_record)
{
	static const struct want w[] = {
		{ 1, 1, "a|b", NULL, 0, 0 },
		{ -2, 2, NULL, "x,0123456789ABCDEF,y\n", 2, 0 },
		{ 1, 3, "c|d", NULL, 0, 0 },
		{ -2, 4, NULL, "\"0123\n456789\n0123\",z\n", 4, 0 },
		{ 1, 7, "e|0123456789", NULL, 0, 0 },	/* exactly max */
		{ -2, 8, NULL, NULL, 8, 0 },
		{ 1, 9, "last", NULL, 0, 0 },
	};
	struct gd_csv_opts o;

	memset(&o, 0, sizeof(o));
	o.max_field = 10;
	CASE("a,b\nx,0123456789ABCDEF,y\nc,d\n\"0123\n456789\n0123\",z\n"
	    "e,0123456789\n01234567890\nlast\n", NULL, &o, w);
}

TEST(csv_record_over_max_row_then_next_record)
{
	static const struct want w[] = {
		{ 1, 1, "a|b", NULL, 0, 0 },
		{ -2, 2, NULL, "aaaa,bbbb,cccc,dddd,eeee\n", 2, 0 },
		{ 1, 3, "c|d", NULL, 0, 0 },
		{ -2, 4, NULL, "\"x\ny\nz\",\"1234\n5678\"\n", 4, 0 },
		{ 1, 8, "e", NULL, 0, 0 },
	};
	struct gd_csv_opts o;

	memset(&o, 0, sizeof(o));
	o.max_row = 16;
	CASE("a,b\naaaa,bbbb,cccc,dddd,eeee\nc,d\n\"x\ny\nz\",\"1234\n5678\"\n"
	    "e\n", NULL, &o, w);
}

TEST(csv_invalid_utf8_line_and_column)
{
	static const struct want w[] = {
		{ 1, 1, "ok|1", NULL, 0, 0 },
		{ -2, 2, NULL, "ab,c\xff" "d\n", 2, 5 },
		{ 1, 3, "n\xc3\xa9xt|2", NULL, 0, 0 },
		/* On the 3rd physical line of a record of 4 lines. */
		{ -2, 4, NULL, "x,\"l1\nl2\n\xc3\xa9\xe2\x82\xac\xff\n\",y\n",
		    6, 3 },
		{ 1, 8, "after", NULL, 0, 0 },
		/* A truncated sequence before a quote. */
		{ -2, 9, NULL, "\"\xc3\"\n", 9, 2 },
		{ 1, 10, "z", NULL, 0, 0 },
	};

	CASE("ok,1\nab,c\xff" "d\nn\xc3\xa9xt,2\n"
	    "x,\"l1\nl2\n\xc3\xa9\xe2\x82\xac\xff\n\",y\nafter\n\"\xc3\"\nz\n",
	    "UTF-8", NULL, w);
}

TEST(csv_invalid_in_converted_input)
{
	/* Windows-1252 input: 0x81 is not a character there. */
	static const struct want w[] = {
		{ 1, 1, "caf\xc3\xa9|\xe2\x82\xac", NULL, 0, 0 },
		{ -2, 2, NULL, NULL, 2, 3 },
		{ 1, 3, "ok", NULL, 0, 0 },
	};

	CASE("caf\xe9,\x80\nab\x81\nok\n", "WINDOWS-1252", NULL, w);
}

TEST(csv_raw_of_rejected_record)
{
	static const struct want w[] = {
		{ 1, 1, "h1|h2", NULL, 0, 0 },
		{ -2, 3, NULL, "\"multi\nline \xff\",\"q\"\"\"\n", 4, 6 },
		{ 1, 6, "x|y", NULL, 0, 0 },
		{ -2, 7, NULL, "bad\xfe", 7, 4 },	/* last, no newline */
	};

	CASE("h1,h2\n\n\"multi\nline \xff\",\"q\"\"\"\n\nx,y\nbad\xfe", "UTF-8",
	    NULL, w);
}

/* The raw text of accepted records (unthreaded; threaded, only rejected
 * records carry it). */
TEST(csv_raw_of_accepted_records)
{
	static const char text[] = "a,b\n\n\"c\nd\",e\r\nf";
	static const char *const raws[] = { "a,b\n", "\"c\nd\",e\r", "f" };
	struct gd_csv_opts o;
	struct cres c;
	char path[64];
	size_t i;

	if (write_tmp(path, S(text)) == -1)
		return;
	memset(&o, 0, sizeof(o));
	memset(&c, 0, sizeof(c));
	if (read_csv(path, NULL, &o, &c, 0) == 0) {
		T_EQ_INT(c.n, 3);
		for (i = 0; i < c.n && i < 3; i++) {
			/* A CRLF record ends at its CR, or takes both. */
			size_t wl = strlen(raws[i]);

			T_OK(c.r[i].rawlen == wl || (raws[i][wl - 1] == '\r' &&
			    c.r[i].rawlen == wl + 1));
			T_OK(memcmp(c.r[i].raw, raws[i], wl) == 0);
			T_EQ_INT(c.r[i].raw_cut, 0);
		}
	}
	cres_free(&c);
	unlink(path);
}

TEST(csv_free_null_and_defaults)
{
	static const struct want w[] = {
		{ 1, 1, "a|b", NULL, 0, 0 },
	};

	gd_csv_free(NULL);
	/* NULL options: comma, default caps. */
	CASE("a,b\n", NULL, NULL, w);
}

/* ---- big generated inputs ---- */

struct rng {
	uint64_t s;
};

static uint32_t
rnd(struct rng *r, uint32_t n)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s % n);
}

struct mrec {
	size_t f0, n;		/* expected fields in fo/fl */
	unsigned long line;
	int rc;
	unsigned long eline, ecol;
	size_t raw_off, raw_len;	/* in the input, without line end */
	int crlf, last;
};

struct model {
	struct gd_buf in;	/* the CSV text */
	struct gd_buf ft;	/* expected field bytes */
	size_t *fo, *fl;
	size_t nf, fcap;
	struct mrec *r;
	size_t nr, rcap;
	size_t max_field;
};

static void
model_free(struct model *m)
{
	gd_buf_release(&m->in);
	gd_buf_release(&m->ft);
	free(m->fo);
	free(m->fl);
	free(m->r);
	memset(m, 0, sizeof(*m));
}

static void
model_field(struct model *m, const char *s, size_t n)
{
	if (m->nf == m->fcap) {
		m->fcap = m->fcap ? m->fcap * 2 : 1024;
		m->fo = realloc(m->fo, m->fcap * sizeof(size_t));
		m->fl = realloc(m->fl, m->fcap * sizeof(size_t));
	}
	m->fo[m->nf] = m->ft.len;
	m->fl[m->nf] = n;
	m->nf++;
	gd_buf_add(&m->ft, s, n);
}

/* Counts LFs in the input since off. */
static unsigned long
lfs(const struct model *m, size_t off)
{
	unsigned long k = 0;
	size_t i;

	for (i = off; i < m->in.len; i++)
		k += m->in.data[i] == '\n';
	return k;
}

/*
 * Generates nrec records: plain, quoted (commas, quotes, LF and CRLF
 * inside), empty, non-ASCII and long fields; blank lines between; LF and
 * CRLF line ends; now and then a record with invalid UTF-8 on its third
 * line or with a field over max_field.
 */
static int
model_build(struct model *m, size_t nrec, uint64_t seed, size_t max_field)
{
	struct rng g = { seed };
	unsigned long line = 1;
	size_t i, j, nf, k, start;
	char tmp[64], *big;
	struct mrec *r;

	memset(m, 0, sizeof(*m));
	m->max_field = max_field;
	gd_buf_init(&m->in, 0);
	gd_buf_init(&m->ft, 0);
	if ((big = malloc(max_field + 50000)) == NULL)
		return -1;
	for (i = 0; i < nrec; i++) {
		if (m->nr == m->rcap) {
			m->rcap = m->rcap ? m->rcap * 2 : 1024;
			m->r = realloc(m->r, m->rcap * sizeof(*m->r));
		}
		/* Blank lines before some records. */
		while (rnd(&g, 15) == 0) {
			gd_buf_adds(&m->in, rnd(&g, 2) ? "\r\n" : "\n");
			line++;
		}
		r = &m->r[m->nr++];
		memset(r, 0, sizeof(*r));
		r->line = line;
		r->rc = 1;
		r->f0 = m->nf;
		r->raw_off = m->in.len;
		start = m->in.len;
		if (i > 0 && rnd(&g, 401) == 0) {
			/* Invalid UTF-8 on the record's third line. */
			gd_buf_adds(&m->in, "id\xc3\xa9,\"one\ntwo\r\n"
			    "\xe2\x82\xac\xe2\x82\xac\xc3\xff!\"");
			r->rc = -2;
			r->eline = line + 2;
			r->ecol = 3;
		} else if (i > 0 && rnd(&g, 1499) == 0) {
			/* A field over the cap, quoted, over lines, maybe
			 * across a block end. */
			k = max_field + 1 + rnd(&g, 40000);
			for (j = 0; j < k; j++)
				big[j] = (char)(j % 1000 == 999 ? '\n' :
				    'a' + j % 26);
			gd_buf_adds(&m->in, "x,\"");
			gd_buf_add(&m->in, big, k);
			gd_buf_adds(&m->in, "\",y");
			r->rc = -2;
			r->eline = line;
		} else {
			nf = 1 + rnd(&g, 8);
			for (j = 0; j < nf; j++) {
				unsigned kind = rnd(&g, 13);

				if (j > 0)
					gd_buf_addc(&m->in, ',');
				if (nf == 1 && kind == 0)
					kind = 1;	/* not a blank line */
				switch (kind) {
				case 0:
					model_field(m, "", 0);
					break;
				case 1:
					k = (size_t)snprintf(tmp, sizeof(tmp),
					    "w%zu", i * 10 + j);
					gd_buf_add(&m->in, tmp, k);
					model_field(m, tmp, k);
					break;
				case 2:
					gd_buf_adds(&m->in, " a b ");
					model_field(m, S(" a b "));
					break;
				case 3:
					gd_buf_adds(&m->in, "\"x,y\"");
					model_field(m, S("x,y"));
					break;
				case 4:
					gd_buf_adds(&m->in,
					    "\"say \"\"hi\"\"\"");
					model_field(m, S("say \"hi\""));
					break;
				case 5:
					gd_buf_adds(&m->in, "\"l1\nl2\"");
					model_field(m, S("l1\nl2"));
					break;
				case 6:
					gd_buf_adds(&m->in, "\"c1\r\nc2\"");
					model_field(m, S("c1\r\nc2"));
					break;
				case 7:
					gd_buf_adds(&m->in, "\xc3\xa9\xe2\x82"
					    "\xac\xf0\x9f\x98\x80");
					model_field(m, S("\xc3\xa9\xe2\x82\xac"
					    "\xf0\x9f\x98\x80"));
					break;
				case 8:
					gd_buf_adds(&m->in, "\"\"");
					model_field(m, "", 0);
					break;
				case 9:
					/* A long plain field. */
					k = 100 + rnd(&g, 600);
					for (size_t q = 0; q < k; q++)
						big[q] = (char)('A' + q % 26);
					gd_buf_add(&m->in, big, k);
					model_field(m, big, k);
					break;
				case 10:
					gd_buf_adds(&m->in, "a\tb");
					model_field(m, S("a\tb"));
					break;
				case 11:
					gd_buf_adds(&m->in, "\"\"\"\"");
					model_field(m, S("\""));
					break;
				default:
					/* Now and then a long quoted field
					 * with lines, up to the cap. */
					k = rnd(&g, 300) == 0 ? max_field -
					    rnd(&g, 100) : 50 + rnd(&g, 300);
					for (size_t q = 0; q < k; q++)
						big[q] = (char)(q % 77 == 76 ?
						    '\n' : 'a' + q % 26);
					gd_buf_addc(&m->in, '"');
					gd_buf_add(&m->in, big, k);
					gd_buf_addc(&m->in, '"');
					model_field(m, big, k);
					break;
				}
			}
			r->n = m->nf - r->f0;
		}
		r->raw_len = m->in.len - start;
		line += lfs(m, start);
		if (i + 1 == nrec && rnd(&g, 2)) {
			r->last = 1;	/* no line end at the very end */
		} else if (rnd(&g, 3) == 0) {
			gd_buf_adds(&m->in, "\r\n");
			r->crlf = 1;
			line++;
		} else {
			gd_buf_adds(&m->in, "\n");
			line++;
		}
	}
	free(big);
	return 0;
}

/* Checks one mode's records against the model. */
static void
check_model(const struct model *m, const struct cres *c, const char *mode,
    int check_raw)
{
	size_t i, j, bad = 0;
	const char *why = NULL;

	if (c->n != m->nr)
		t_fail(__FILE__, __LINE__, "%s: %zu records, expected %zu",
		    mode, c->n, m->nr);
	if (c->end_rc != 0)
		t_fail(__FILE__, __LINE__, "%s: ended with %d: %s", mode,
		    c->end_rc, c->end_err.msg);
	for (i = 0; i < c->n && i < m->nr; i++) {
		const struct mrec *w = &m->r[i];
		const struct crec *r = &c->r[i];

		why = NULL;
		if (r->rc != w->rc)
			why = "rc";
		else if (r->line != w->line)
			why = "line";
		else if (r->recno != i + 1)
			why = "recno";
		else if (r->rc == -2 && r->err.line != w->eline)
			why = "error line";
		else if (r->rc == -2 && w->ecol && r->err.column != w->ecol)
			why = "error column";
		else if (r->rc == 1 && r->n != w->n)
			why = "field count";
		for (j = 0; !why && r->rc == 1 && j < r->n; j++)
			if (r->len[j] != m->fl[w->f0 + j] || memcmp(r->f[j],
			    m->ft.data + m->fo[w->f0 + j], r->len[j]) != 0)
				why = "field text";
		if (!why && check_raw && !r->raw_cut) {
			/* The record's text and its line end (CRLF: the CR,
			 * or both). */
			size_t base = w->raw_len, el = w->last ? 0 : 1;

			if ((r->rawlen != base + el && !(w->crlf &&
			    r->rawlen == base + 2)) || memcmp(r->raw,
			    m->in.data + w->raw_off, r->rawlen) != 0)
				why = "raw text";
		}
		if (!why && check_raw && r->raw_cut && (r->rc != -2 ||
		    r->rawlen == 0 || r->rawlen > w->raw_len + 2 ||
		    memcmp(r->raw, m->in.data + w->raw_off, r->rawlen) != 0))
			why = "cut raw text";
		if (why && bad++ < 3)
			t_fail(__FILE__, __LINE__, "%s: record %zu (line %lu, "
			    "rc %d/%d, error line %lu/%lu col %lu/%lu): %s "
			    "differs", mode, i + 1, w->line, r->rc, w->rc,
			    r->err.line, w->eline, r->err.column, w->ecol,
			    why);
	}
	T_EQ_INT(bad, 0);
}

/* The model, written to a file once for all the big tests. */
static struct model big_model;
static char big_path[64];
static int big_ready;

static int
big_setup(void)
{
	size_t i, rej = 0, multi = 0;

	if (big_ready)
		return big_ready > 0 ? 0 : -1;
	big_ready = -1;
	if (model_build(&big_model, 12000, 0x9E3779B97F4A7C15ULL, 50000)
	    == -1)
		return -1;
	for (i = 0; i < big_model.nr; i++)
		rej += big_model.r[i].rc == -2;
	for (i = 0; i + 1 < big_model.nr; i++)
		multi += big_model.r[i + 1].line > big_model.r[i].line + 1;
	/* The input must cross blocks and batches and hold rejects. */
	if (big_model.in.len < 3 * 256 * 1024 || rej < 5 || multi < 100) {
		t_fail(__FILE__, __LINE__, "generated input too simple: %zu "
		    "bytes, %zu rejects", big_model.in.len, rej);
		return -1;
	}
	if (write_tmp(big_path, big_model.in.data, big_model.in.len) == -1)
		return -1;
	big_ready = 1;
	return 0;
}

__attribute__((destructor)) static void
big_cleanup(void)
{
	if (big_ready > 0)
		unlink(big_path);
	model_free(&big_model);
}

TEST(csv_big_unthreaded_matches_model)
{
	struct gd_csv_opts o;
	struct cres c;

	if (big_setup() == -1)
		return;
	memset(&o, 0, sizeof(o));
	memset(&c, 0, sizeof(c));
	o.max_field = big_model.max_field;
	if (read_csv(big_path, "UTF-8", &o, &c, 0) == 0)
		check_model(&big_model, &c, "unthreaded", 1);
	cres_free(&c);
}

TEST(csv_big_threaded_matches_model)
{
	struct gd_csv_opts o;
	struct cres c;

	if (big_setup() == -1)
		return;
	memset(&o, 0, sizeof(o));
	memset(&c, 0, sizeof(c));
	o.max_field = big_model.max_field;
	o.threaded = 1;
	if (read_csv(big_path, "UTF-8", &o, &c, 0) == 0)
		check_model(&big_model, &c, "threaded", 0);
	cres_free(&c);
}

TEST(csv_big_modes_identical)
{
	struct gd_csv_opts o;
	struct cres c[2];
	int th;

	if (big_setup() == -1)
		return;
	memset(c, 0, sizeof(c));
	for (th = 0; th < 2; th++) {
		memset(&o, 0, sizeof(o));
		o.max_field = big_model.max_field;
		o.threaded = th;
		read_csv(big_path, "UTF-8", &o, &c[th], 0);
	}
	compare_modes(&c[0], &c[1], 0, __FILE__, __LINE__);
	cres_free(&c[0]);
	cres_free(&c[1]);
}

/* The same input as TSV: tabs inside fields are quoted instead. */
TEST(csv_big_tsv_both_modes)
{
	struct gd_buf in;
	struct gd_csv_opts o;
	struct cres c[2];
	char path[64];
	size_t i, nrec = 5000, bad = 0;
	int th;

	gd_buf_init(&in, 0);
	for (i = 0; i < nrec; i++)
		gd_buf_addf(&in, "%zu\t\"q,%zu\"\"\t\n\"\t%s%s", i, i,
		    i % 7 ? "" : "\xc3\xa9", i % 3 ? "\n" : "\r\n");
	if (write_tmp(path, in.data, in.len) == -1) {
		gd_buf_release(&in);
		return;
	}
	memset(c, 0, sizeof(c));
	for (th = 0; th < 2; th++) {
		memset(&o, 0, sizeof(o));
		o.delim = '\t';
		o.threaded = th;
		read_csv(path, NULL, &o, &c[th], 0);
		T_EQ_INT(c[th].n, nrec);
		for (i = 0; i < c[th].n && i < nrec; i++) {
			char f0[32], f1[32];
			const struct crec *r = &c[th].r[i];

			snprintf(f0, sizeof(f0), "%zu", i);
			snprintf(f1, sizeof(f1), "q,%zu\"\t\n", i);
			if (r->rc != 1 || r->n != 3 || strcmp(r->f[0], f0) ||
			    strcmp(r->f[1], f1) || strcmp(r->f[2], i % 7 ?
			    "" : "\xc3\xa9") || r->line != 1 + 2 * i)
				bad++;
		}
	}
	T_EQ_INT(bad, 0);
	compare_modes(&c[0], &c[1], 0, __FILE__, __LINE__);
	cres_free(&c[0]);
	cres_free(&c[1]);
	gd_buf_release(&in);
	unlink(path);
}

/* A record over max_row in a big input; the rest is read. */
TEST(csv_big_row_over_max_row)
{
	struct gd_buf in;
	struct gd_csv_opts o;
	struct cres c[2];
	char path[64];
	size_t i;
	int th;

	gd_buf_init(&in, 0);
	for (i = 0; i < 3000; i++) {
		if (i == 1500) {
			/* 400000 bytes in many small fields. */
			size_t k;

			for (k = 0; k < 40000; k++)
				gd_buf_adds(&in, "abcdefghi,");
			gd_buf_adds(&in, "end\n");
			continue;
		}
		gd_buf_addf(&in, "r%zu,\"v\n%zu\"\n", i, i);
	}
	if (write_tmp(path, in.data, in.len) == -1) {
		gd_buf_release(&in);
		return;
	}
	memset(c, 0, sizeof(c));
	for (th = 0; th < 2; th++) {
		memset(&o, 0, sizeof(o));
		o.max_row = 300000;
		o.threaded = th;
		read_csv(path, NULL, &o, &c[th], 0);
		T_EQ_INT(c[th].n, 3000);
		if (c[th].n == 3000) {
			T_EQ_INT(c[th].r[1500].rc, -2);
			T_EQ_INT(c[th].r[1500].line, 3001);
			T_EQ_INT(c[th].r[1500].err.line, 3001);
			/* Its raw text is kept, perhaps only its start. */
			T_OK(c[th].r[1500].rawlen > 0);
			T_OK(memcmp(c[th].r[1500].raw, "abcdefghi,", 10) ==
			    0);
			T_OK(c[th].r[1500].rawlen <= 400004);
			T_EQ_INT(c[th].r[1501].rc, 1);
			T_EQ_INT(c[th].r[1501].line, 3002);
			T_EQ_STR(c[th].r[1501].f[0], "r1501");
			T_EQ_STR(c[th].r[1501].f[1], "v\n1501");
			T_EQ_INT(c[th].r[2999].line, 5998);
		}
	}
	compare_modes(&c[0], &c[1], 0, __FILE__, __LINE__);
	cres_free(&c[0]);
	cres_free(&c[1]);
	gd_buf_release(&in);
	unlink(path);
}

/* Freeing a threaded reader before the end stops its thread cleanly. */
TEST(csv_threaded_free_before_end)
{
	struct gd_csv_opts o;
	struct cres c;
	size_t stop[] = { 1, 2047, 2048, 2049, 5000 };
	size_t i;

	if (big_setup() == -1)
		return;
	for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++) {
		memset(&o, 0, sizeof(o));
		memset(&c, 0, sizeof(c));
		o.max_field = big_model.max_field;
		o.threaded = 1;
		read_csv(big_path, "UTF-8", &o, &c, stop[i]);
		T_EQ_INT(c.n, stop[i]);
		if (c.n == stop[i])
			T_EQ_INT(c.r[c.n - 1].recno, stop[i]);
		cres_free(&c);
	}
}

/* Rows wider than the limit are rejected by the reader, with their raw
 * text, in both modes. */
TEST(csv_limit_fields)
{
	static const char text[] = "a,b\n1,2\n1,2,3\n\"x\ny\",z,\nok\n";
	struct gd_error err;
	struct gd_csv_opts o;
	struct gd_source *src;
	struct gd_csv *csv;
	struct gd_csvrec rec;
	char path[64];
	int th, rc;

	if (write_tmp(path, S(text)) == -1)
		return;
	for (th = 0; th < 2; th++) {
		memset(&o, 0, sizeof(o));
		if ((src = gd_source_open(path, NULL, &err)) == NULL)
			break;
		if ((csv = gd_csv_new(src, &o, &err)) == NULL) {
			gd_source_close(src);
			break;
		}
		T_EQ_INT(gd_csv_next(csv, &rec, &err), 1);	/* header */
		gd_csv_limit_fields(csv, 2);
		if (th)
			T_EQ_INT(gd_csv_ahead(csv, &err), 0);
		T_EQ_INT(gd_csv_next(csv, &rec, &err), 1);
		T_EQ_INT(rec.line, 2);
		gd_error_clear(&err);
		rc = gd_csv_next(csv, &rec, &err);
		T_EQ_INT(rc, -2);
		T_EQ_INT(err.line, 3);
		T_EQ_INT(err.code, GD_EXIT_REJECTS);
		T_EQ_MEM(rec.raw, rec.rawlen, "1,2,3\n");
		rc = gd_csv_next(csv, &rec, &err);
		T_EQ_INT(rc, -2);
		T_EQ_INT(rec.line, 4);
		T_EQ_MEM(rec.raw, rec.rawlen, "\"x\ny\",z,\n");
		rc = gd_csv_next(csv, &rec, &err);
		T_EQ_INT(rc, 1);
		T_EQ_INT(rec.line, 6);
		T_OK(rc == 1 && rec.n == 1 && strcmp(rec.f[0], "ok") == 0);
		T_EQ_INT(gd_csv_next(csv, &rec, &err), 0);
		gd_csv_free(csv);
		gd_source_close(src);
	}
	unlink(path);
}

/* Reading ahead from the middle gives the records an unthreaded reader
 * gives, in order. */
TEST(csv_ahead_after_first_records)
{
	struct gd_csv_opts o;
	struct gd_error err;
	struct gd_source *src;
	struct gd_csv *csv;
	struct gd_csvrec rec;
	struct cres plain;
	size_t i, k, bad = 0;
	int rc;

	if (big_setup() == -1)
		return;
	memset(&o, 0, sizeof(o));
	memset(&plain, 0, sizeof(plain));
	o.max_field = big_model.max_field;
	if (read_csv(big_path, "UTF-8", &o, &plain, 0) == -1)
		return;
	if ((src = gd_source_open(big_path, "UTF-8", &err)) == NULL ||
	    (csv = gd_csv_new(src, &o, &err)) == NULL) {
		gd_source_close(src);
		cres_free(&plain);
		return;
	}
	for (i = 0; ; i++) {
		if (i == 3) {
			T_EQ_INT(gd_csv_ahead(csv, &err), 0);
			T_EQ_INT(gd_csv_ahead(csv, &err), 0);	/* again */
		}
		rc = gd_csv_next(csv, &rec, &err);
		if (rc == 0 || rc == -1)
			break;
		if (i >= plain.n || rc != plain.r[i].rc || rec.line !=
		    plain.r[i].line || rec.recno != plain.r[i].recno) {
			bad++;
			continue;
		}
		if (rc == 1) {
			if (rec.n != plain.r[i].n)
				bad++;
			for (k = 0; k < rec.n && k < plain.r[i].n; k++)
				if (rec.len[k] != plain.r[i].len[k] ||
				    memcmp(rec.f[k], plain.r[i].f[k],
				    rec.len[k]) != 0)
					bad++;
		}
	}
	T_EQ_INT(rc, 0);
	T_EQ_INT(i, plain.n);
	T_EQ_INT(bad, 0);
	/* At the end: nothing more, and reading ahead is a no-op. */
	T_EQ_INT(gd_csv_ahead(csv, &err), 0);
	T_EQ_INT(gd_csv_next(csv, &rec, &err), 0);
	gd_csv_free(csv);
	gd_source_close(src);
	cres_free(&plain);
}

/* Writes n records of exactly len bytes (the first one first_len), each
 * ending in eol, and checks that both modes number them 1..n. */
static void
check_line_ends(size_t n, size_t len, size_t first_len, const char *eol,
    const char *file, int line)
{
	struct gd_buf in;
	struct gd_csv_opts o;
	struct cres c;
	char path[64], rec[512];
	size_t i, k, el = strlen(eol), bad = 0;
	int th;

	gd_buf_init(&in, 0);
	for (i = 0; i < n; i++) {
		size_t want = i == 0 ? first_len : len;

		k = (size_t)snprintf(rec, sizeof(rec), "r%zu,", i);
		for (; k < want - el; k++)
			rec[k] = (char)('a' + k % 26);
		memcpy(rec + k, eol, el);
		gd_buf_add(&in, rec, want);
	}
	if (write_tmp(path, in.data, in.len) == -1) {
		gd_buf_release(&in);
		return;
	}
	for (th = 0; th < 2; th++) {
		memset(&o, 0, sizeof(o));
		memset(&c, 0, sizeof(c));
		o.threaded = th;
		read_csv(path, NULL, &o, &c, 0);
		if (c.n != n)
			t_fail(file, line, "%zu records, expected %zu", c.n, n);
		for (i = 0; i < c.n; i++)
			if (c.r[i].rc != 1 || c.r[i].line != i + 1 ||
			    c.r[i].n != 2)
				bad++;
		cres_free(&c);
	}
	if (bad)
		t_fail(file, line, "%zu records with wrong line numbers", bad);
	gd_buf_release(&in);
	unlink(path);
}

/* Lone CRs (old Mac line ends) end lines too, also at block ends. */
TEST(csv_lone_cr_line_ends)
{
	static const struct want w[] = {
		{ 1, 1, "a|b", NULL, 0, 0 },
		{ 1, 2, "c|d", NULL, 0, 0 },
		{ 1, 4, "e", NULL, 0, 0 },
	};

	CASE("a,b\rc,d\r\re\r", NULL, NULL, w);
	/* 256-byte records: a CR is the last byte of the first 256 KiB
	 * block. */
	check_line_ends(1500, 256, 256, "\r", __FILE__, __LINE__);
	/* CRLF with the CR ending a block and the LF starting the next. */
	check_line_ends(1500, 256, 257, "\r\n", __FILE__, __LINE__);
	/* And LF alone, likewise. */
	check_line_ends(1500, 256, 256, "\n", __FILE__, __LINE__);
}

/* A check that the rest of the test needs. */
#define T_MUST(c) do { if (!(c)) { t_fail(__FILE__, __LINE__, "%s", #c); \
	return; } } while (0)

/*
 * Parts (gd-ingest --threads): a part cut inside a quoted field does not
 * end between records, and its tail is the end of its last whole record;
 * read again from there with the next part, the record is whole, on the
 * line it began on; a part cut between records ends clean, its lines
 * counted.
 */
TEST(csv_parts_guess_and_tail)
{
	static const char text[] = "a,b\n1,\"x\ny\"\n2,z\n";
	struct gd_csv_opts o;
	struct gd_source *src;
	struct gd_csv *csv, *again;
	struct gd_csv_part *pt;
	struct gd_csvrec rec;
	struct gd_error err;
	const char *rest;
	char path[64];
	size_t n, off;
	unsigned long line, tl;
	int cr, tcr;

	T_MUST(write_tmp(path, S(text)) == 0);
	T_MUST((src = gd_source_open(path, NULL, &err)) != NULL);
	memset(&o, 0, sizeof(o));
	T_MUST((csv = gd_csv_new(src, &o, &err)) != NULL);
	T_MUST(gd_csv_next(csv, &rec, &err) == 1);
	T_MUST(gd_csv_rest(csv, &rest, &n, &line, &cr) == 0);
	T_MUST(n == sizeof(text) - 1 - 4 && line == 2 && cr == 0);
	T_MUST((pt = gd_csv_part_new(csv, &err)) != NULL);

	/* "1,\"x\n": cut inside the quotes. */
	gd_csv_part_parse(pt, rest, 5, 0, line, cr);
	T_MUST(gd_csv_part_count(pt) == 0);
	T_MUST(!gd_csv_part_clean(pt));
	gd_csv_part_tail(pt, &off, &tl, &tcr);
	T_MUST(off == 0 && tl == 2 && tcr == 0);

	/* Read again from the tail, the next part after it. */
	T_MUST((again = gd_csv_part_reader(csv, tl, tcr, &err)) != NULL);
	gd_csv_feed(again, rest + off, 5 - off, 0);
	T_MUST(gd_csv_next(again, &rec, &err) == GD_CSV_MORE);
	T_MUST(!gd_csv_clean(again));
	gd_csv_feed(again, rest + 5, n - 5, 1);
	T_MUST(gd_csv_next(again, &rec, &err) == 1);
	T_MUST(rec.n == 2 && rec.line == 2 && rec.len[1] == 3 &&
	    memcmp(rec.f[1], "x\ny", 3) == 0);
	T_MUST(gd_csv_next(again, &rec, &err) == 1);
	T_MUST(rec.line == 4 && strcmp(rec.f[1], "z") == 0);
	T_MUST(gd_csv_next(again, &rec, &err) == 0);
	gd_csv_free(again);

	/* "1,\"x\ny\"\n": cut between records. */
	gd_csv_part_parse(pt, rest, 8, 0, line, cr);
	T_MUST(gd_csv_part_count(pt) == 1);
	T_MUST(gd_csv_part_clean(pt));
	T_MUST(gd_csv_part_lines(pt) == 4);
	T_MUST(gd_csv_part_rec(pt, 0, &rec, &err) == 1);
	T_MUST(rec.line == 2 && rec.len[1] == 3);
	/* The rest, parsed apart from line 1. */
	gd_csv_part_parse(pt, rest + 8, n - 8, 1, 1, 0);
	T_MUST(gd_csv_part_count(pt) == 1);
	T_MUST(gd_csv_part_rec(pt, 0, &rec, &err) == 1);
	T_MUST(rec.line == 1 && strcmp(rec.f[0], "2") == 0);
	T_MUST(gd_csv_part_end(pt, &err) == 0);

	gd_csv_part_free(pt);
	gd_csv_free(csv);
	gd_source_close(src);
	unlink(path);
}
