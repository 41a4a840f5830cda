/*
 * pub_package.c - a publication as a Frictionless Data Package: a
 * directory with a CSV file per table, datapackage.json (a Table Schema
 * for each), a README, the replies, and with --sql the SQL that creates
 * the tables and loads the CSV files into PostgreSQL or SQLite.
 *
 * The directory is built beside its destination and swapped into place
 * whole (renameat2 RENAME_EXCHANGE where the file system has it, else two
 * renames), so a reader sees the old package or the new one, never half.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "gd/gd.h"
#include "gd/escape.h"
#include "pub_int.h"
#include "gd/banned.h"

static const char *const type_names[] = { "string", "integer", "number",
    "boolean" };

/*
 * The open licences of --license: the Open Definition's id (what a Data
 * Package's licenses name), SPDX's where it differs, the title and the
 * licence's own address.
 */
static const struct gd_pub_license licenses[] = {
	{ "CC-BY-4.0", NULL, "Creative Commons Attribution 4.0 International",
	    "https://creativecommons.org/licenses/by/4.0/" },
	{ "CC-BY-SA-4.0", NULL, "Creative Commons Attribution-ShareAlike 4.0 "
	    "International", "https://creativecommons.org/licenses/by-sa/4.0/" },
	{ "CC0-1.0", NULL, "Creative Commons CC0 1.0 Universal",
	    "https://creativecommons.org/publicdomain/zero/1.0/" },
	{ "ODC-BY-1.0", NULL, "Open Data Commons Attribution License v1.0",
	    "https://opendatacommons.org/licenses/by/1-0/" },
	{ "ODbL-1.0", NULL, "Open Data Commons Open Database License v1.0",
	    "https://opendatacommons.org/licenses/odbl/1-0/" },
	{ "ODC-PDDL-1.0", "PDDL-1.0", "Open Data Commons Public Domain "
	    "Dedication and License v1.0",
	    "https://opendatacommons.org/licenses/pddl/1-0/" },
	{ "OGL-UK-3.0", NULL, "Open Government Licence v3.0",
	    "https://www.nationalarchives.gov.uk/doc/open-government-licence/"
	    "version/3/" },
	{ "OGL-Canada-2.0", NULL, "Open Government Licence - Canada 2.0",
	    "https://open.canada.ca/en/open-government-licence-canada" },
	{ "OGL-DE-BY-2.0", "DL-DE-BY-2.0", "Data licence Germany - "
	    "attribution - version 2.0", "https://www.govdata.de/dl-de/by-2-0" },
	{ "OGL-DE-ZERO-2.0", "DL-DE-ZERO-2.0", "Data licence Germany - Zero - "
	    "version 2.0", "https://www.govdata.de/dl-de/zero-2-0" },
	{ "LO-FR-2.0", "etalab-2.0", "Licence Ouverte / Open Licence 2.0",
	    "https://www.etalab.gouv.fr/licence-ouverte-open-licence" },
};

const struct gd_pub_license *
gd_pub_licenses(size_t *n)
{
	*n = sizeof(licenses) / sizeof(licenses[0]);
	return licenses;
}

const struct gd_pub_license *
gd_pub_license(const char *id)
{
	size_t i;

	for (i = 0; id && i < sizeof(licenses) / sizeof(licenses[0]); i++)
		if (strcasecmp(licenses[i].id, id) == 0 ||
		    (licenses[i].alias && strcasecmp(licenses[i].alias, id) == 0))
			return &licenses[i];
	return NULL;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	return remove(path);
}

/* dir/name into dst; -1 (ENAMETOOLONG) when it does not fit. */
static int
join(char *dst, size_t n, const char *dir, const char *name)
{
	int w = snprintf(dst, n, "%s/%s", dir, name);

	if (w < 0 || (size_t)w >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/*
 * Removes a directory tree (a package built or replaced).  nftw needs
 * memory; when it fails (memory ran out, the failure being cleaned up),
 * the names a package may hold are removed one by one.
 */
static void
rm_tree(const struct gd_pub *p, const char *dir)
{
	static const char *const other[] = { "replies.json", "postgres.sql",
	    "sqlite.sql", "README.md", "datapackage.json" };
	char path[4096], file[64];
	size_t i;

	if (nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0)
		return;
	for (i = 0; i < TB_COUNT; i++) {
		if (p->tab[i].name == NULL)
			continue;
		snprintf(file, sizeof(file), "%s.csv", p->tab[i].name);
		if (join(path, sizeof(path), dir, file) == 0)
			(void)unlink(path);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (join(path, sizeof(path), dir, other[i]) == 0)
			(void)unlink(path);
	(void)rmdir(dir);
}

static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc;

	if (fd == -1)
		return -1;
	rc = fsync(fd);
	(void)close(fd);
	return rc;
}

/* SHA-256 and size of a file written, for the resource's hash and bytes. */
static int
file_hash(const char *path, char hex[65], unsigned long long *bytes)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES], buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return -1;
	crypto_hash_sha256_init(&st);
	*bytes = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		crypto_hash_sha256_update(&st, buf, n);
		*bytes += n;
	}
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof(h));
	return 0;
}

/* A package name as the spec wants it: lower case, [a-z0-9._-]. */
static void
slug(char *dst, size_t n, const char *s)
{
	size_t i = 0;

	for (; s && *s && i + 1 < n; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			c = '-';
		dst[i++] = c;
	}
	if (i == 0)
		i = (size_t)snprintf(dst, n, "%s", "consultation");
	dst[i] = '\0';
}

static int
included(const struct gd_pub *p, enum pub_table t)
{
	if (t == TB_RESPONSES)
		return 1;
	return p->tab[t].rows > 0;
}

static json_t *
schema(const struct pub_tab *t)
{
	json_t *fields = json_array(), *f, *s;
	size_t i;

	if (fields == NULL)
		return NULL;
	for (i = 0; i < t->ncols; i++) {
		const struct pub_col *c = &t->cols[i];

		f = json_pack("{s:s, s:s}", "name", c->name, "type",
		    type_names[c->type]);
		if (f && c->desc)
			json_object_set_new(f, "description",
			    json_string(c->desc));
		/* A field renamed: where it comes from, for a reader to match. */
		if (f && strcmp(c->name, c->path) != 0 &&
		    ((!c->desc && json_object_set_new(f, "description",
		    json_sprintf("The member %s of the records; renamed, "
		    "as field names differ in more than case and none begins "
		    "as a spreadsheet formula", c->path)) == -1) ||
		    json_object_set_new(f, "gd", json_pack("{s:s}", "path",
		    c->path)) == -1)) {
			json_decref(f);
			f = NULL;
		}
		if (f && c->type == PT_BOOLEAN) {
			json_object_set_new(f, "trueValues", json_pack("[s]",
			    "true"));
			json_object_set_new(f, "falseValues", json_pack("[s]",
			    "false"));
		}
		if (f == NULL || json_array_append_new(fields, f) == -1) {
			json_decref(fields);
			return NULL;
		}
	}
	s = json_pack("{s:o, s:[s]}", "fields", fields, "missingValues", "");
	if (s && t->key)
		json_object_set_new(s, "primaryKey", json_pack("[s]", t->key));
	return s;
}

/*
 * Closes a file of the package being built, and registers it to be
 * removed, with the directory, if the run is stopped by a signal.
 */
static int
close_kept(struct gd_out *o, const char *path, struct gd_error *err)
{
	/* Registered before the close renames the file into place: a
	 * signal between the two would leave it, and the directory. */
	(void)gd_cleanup_add(path, 0);
	return gd_out_close(o, 1, err);
}

static int
write_file(const char *dir, const char *name, const char *text, size_t n,
    struct gd_error *err)
{
	char path[4096];
	struct gd_out *o;

	if (join(path, sizeof(path), dir, name) == -1)
		return pub_io(err, dir);
	if ((o = gd_out_open(path, err)) == NULL)
		return -1;
	if (gd_out_write(o, text, n, err) == -1) {
		gd_out_close(o, 0, err);
		return -1;
	}
	return close_kept(o, path, err);
}

/*
 * The SQL file being written: text gathered in b and written out in
 * blocks, since the rows listed for SQLite may be many.  The first
 * failure is kept in failed, with err filled; what follows does nothing.
 */
struct sqlw {
	struct gd_out *o;
	struct gd_error *err;
	struct gd_buf b;
	int failed;
};

static void
sq_flush(struct sqlw *w, int all)
{
	if (w->failed || w->b.len == 0 || (!all && w->b.len < 65536))
		return;
	if (gd_out_write(w->o, w->b.data, w->b.len, w->err) == -1)
		w->failed = 1;
	gd_buf_reset(&w->b);
}

static void
sq_s(struct sqlw *w, const char *s)
{
	if (!w->failed && gd_buf_adds(&w->b, s) == -1) {
		pub_oom(w->err);
		w->failed = 1;
	}
}

static void
sq_u(struct sqlw *w, unsigned long v)
{
	char n[24];

	snprintf(n, sizeof(n), "%lu", v);
	sq_s(w, n);
}

/* A quoted SQL identifier. */
static void
sq_id(struct sqlw *w, const char *s)
{
	sq_s(w, "\"");
	for (; *s && !w->failed; s++)
		if ((*s == '"' && gd_buf_addc(&w->b, '"') == -1) ||
		    gd_buf_addc(&w->b, *s) == -1) {
			pub_oom(w->err);
			w->failed = 1;
		}
	sq_s(w, "\"");
}

/* "UPDATE table SET column = ", for the rest of the statement. */
static void
sq_update(struct sqlw *w, const char *table, const char *column)
{
	sq_s(w, "UPDATE ");
	sq_id(w, table);
	sq_s(w, " SET ");
	sq_id(w, column);
	sq_s(w, " = ");
}

/*
 * The cells of a table that sqlite.sql sets to NULL by row (or keeps as
 * '' by row): mode[j] is 'm' to list column j's cells with no value, 'e'
 * to list its empty texts, 0 for neither.
 */
struct cells {
	struct sqlw *w;
	const char *mode;
	size_t ncols;
	unsigned long row, in_stmt;
};

#define CELLS_PER_INSERT 200

static int
cells_row(void *ctx, json_t *row, struct gd_error *err)
{
	struct cells *c = ctx;
	json_t *v;
	size_t j;
	int none;

	c->row++;
	for (j = 0; j < c->ncols; j++) {
		if (c->mode[j] == 0)
			continue;
		v = json_array_get(row, j);
		none = v == NULL || json_is_null(v);
		if (c->mode[j] == 'm' ? !none : none || !json_is_string(v) ||
		    json_string_length(v) != 0)
			continue;
		if (c->in_stmt == 0)
			sq_s(c->w, "INSERT INTO temp.\"gd_cells\" VALUES (");
		else
			sq_s(c->w, "),(");
		sq_u(c->w, (unsigned long)j);
		sq_s(c->w, ",");
		sq_u(c->w, c->row);
		if (++c->in_stmt == CELLS_PER_INSERT) {
			sq_s(c->w, ");\n");
			c->in_stmt = 0;
			sq_flush(c->w, 0);
		}
	}
	if (c->w->failed) {
		if (err != c->w->err)
			*err = *c->w->err;
		return -1;
	}
	return 0;
}

static int
no_row(void *ctx, json_t *row, struct gd_error *err)
{
	(void)ctx;
	(void)row;
	(void)err;
	return 0;
}

/*
 * The name that reaches a table's row numbers: rowid, unless a column
 * has that name, then _rowid_ or oid; NULL when all three are columns.
 */
static const char *
rowid_name(const struct pub_tab *t)
{
	static const char *const names[] = { "rowid", "_rowid_", "oid" };
	size_t i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < t->ncols; j++)
			if (strcasecmp(t->cols[j].name, names[i]) == 0)
				break;
		if (j == t->ncols)
			return names[i];
	}
	return NULL;
}

/*
 * After sqlite3's .import, which reads an empty cell and "" alike as '':
 * NULL where the records had no value, '' where they had an empty text,
 * as \copy reads them for PostgreSQL.  A column with both gets the rows
 * of the rarer of the two listed; other types than text have no empty
 * text.  (With rowid, _rowid_ and oid all taken by columns, a row cannot
 * be named: every '' of the column becomes NULL.)
 */
static void
sqlite_nulls(struct gd_pub *p, enum pub_table i, struct sqlw *w,
    int *temp_made)
{
	const struct pub_tab *t = &p->tab[i];
	const char *rowid = rowid_name(t);
	struct cells c;
	char *mode;
	size_t j;
	int lists = 0;

	if (w->failed)
		return;
	if ((mode = calloc(t->ncols ? t->ncols : 1, 1)) == NULL) {
		pub_oom(w->err);
		w->failed = 1;
		return;
	}
	/* The counts of the CSV file's walk, else a walk of its own. */
	if (!t->counted && pub_table_rows(p, i, no_row, NULL, w->err) == -1) {
		free(mode);
		w->failed = 1;
		return;
	}
	for (j = 0; j < t->ncols; j++) {
		const struct pub_col *col = &t->cols[j];

		if (col->type == PT_BOOLEAN) {
			sq_update(w, t->name, col->name);
			sq_s(w, "CASE ");
			sq_id(w, col->name);
			sq_s(w, " WHEN 'true' THEN 1 WHEN 'false' THEN 0 END;\n");
			continue;
		}
		if (col->missing == 0)
			continue;
		if (col->type == PT_STRING && col->empty > 0 && rowid) {
			mode[j] = col->missing <= col->empty ? 'm' : 'e';
			lists = 1;
			continue;
		}
		sq_update(w, t->name, col->name);
		sq_s(w, "NULL WHERE ");
		sq_id(w, col->name);
		sq_s(w, " = '';\n");
	}
	if (lists && !w->failed) {
		if (!*temp_made)
			sq_s(w, "CREATE TEMP TABLE \"gd_cells\" (\"col\" INTEGER, "
			    "\"row\" INTEGER);\n");
		*temp_made = 1;
		sq_s(w, "DELETE FROM temp.\"gd_cells\";\n");
		memset(&c, 0, sizeof(c));
		c.w = w;
		c.mode = mode;
		c.ncols = t->ncols;
		if (pub_table_rows(p, i, cells_row, &c, w->err) == -1)
			w->failed = 1;
		if (c.in_stmt)
			sq_s(w, ");\n");
		for (j = 0; j < t->ncols; j++) {
			if (mode[j] == 0)
				continue;
			sq_update(w, t->name, t->cols[j].name);
			sq_s(w, "NULL WHERE ");
			if (mode[j] == 'e') {
				sq_id(w, t->cols[j].name);
				sq_s(w, " = '' AND ");
			}
			sq_s(w, rowid);
			sq_s(w, mode[j] == 'm' ? " IN " : " NOT IN ");
			sq_s(w, "(SELECT \"row\" FROM temp.\"gd_cells\" WHERE "
			    "\"col\" = ");
			sq_u(w, (unsigned long)j);
			sq_s(w, ");\n");
		}
	}
	free(mode);
}

/*
 * The SQL that makes the tables and loads the CSV files, for psql or
 * sqlite3, written to o.  Returns 0, or -1 with err filled.
 */
static int
sql_write(struct gd_pub *p, const char *name, int pg, struct gd_out *o,
    struct gd_error *err)
{
	static const char *const pg_types[] = { "TEXT", "BIGINT",
	    "DOUBLE PRECISION", "BOOLEAN" };
	static const char *const lite_types[] = { "TEXT", "INTEGER", "REAL",
	    "INTEGER" };
	const struct pub_tab *t;
	struct sqlw w;
	size_t i, j;
	int temp_made = 0;

	memset(&w, 0, sizeof(w));
	w.o = o;
	w.err = err;
	gd_buf_init(&w.b, 0);
	sq_s(&w, "-- The data package ");
	sq_s(&w, name);
	sq_s(&w, pg ? ", as PostgreSQL tables.\n-- Run from the package's "
	    "directory: psql -v ON_ERROR_STOP=1 -f postgres.sql DBNAME\n" :
	    ", as SQLite tables.\n-- Run from the package's directory: "
	    "sqlite3 DBFILE < sqlite.sql\n");
	sq_s(&w, pg ? "BEGIN;\n" : ".bail on\nBEGIN;\n");
	for (i = 0; i < TB_COUNT && !w.failed; i++) {
		t = &p->tab[i];
		if (!included(p, (enum pub_table)i) || t->ncols == 0)
			continue;
		sq_s(&w, "\n-- ");
		sq_s(&w, t->title);
		sq_s(&w, "\nCREATE TABLE ");
		sq_id(&w, t->name);
		sq_s(&w, " (\n");
		for (j = 0; j < t->ncols; j++) {
			sq_s(&w, "  ");
			sq_id(&w, t->cols[j].name);
			sq_s(&w, " ");
			sq_s(&w, (pg ? pg_types : lite_types)[t->cols[j].type]);
			if (t->key && strcmp(t->key, t->cols[j].name) == 0)
				sq_s(&w, " PRIMARY KEY");
			sq_s(&w, j + 1 < t->ncols ? ",\n" : "\n");
		}
		sq_s(&w, ");\n");
		if (pg) {
			/* In CSV, \copy reads an empty cell as NULL, "" as ''. */
			sq_s(&w, "\\copy ");
			sq_id(&w, t->name);
			sq_s(&w, " FROM '");
			sq_s(&w, t->name);
			sq_s(&w, ".csv' WITH (FORMAT csv, HEADER true, "
			    "ENCODING 'UTF8')\n");
		} else {
			sq_s(&w, ".import --csv --skip 1 ");
			sq_s(&w, t->name);
			sq_s(&w, ".csv ");
			sq_s(&w, t->name);
			sq_s(&w, "\n");
			sqlite_nulls(p, (enum pub_table)i, &w, &temp_made);
		}
		sq_flush(&w, 0);
	}
	if (temp_made)
		sq_s(&w, "\nDROP TABLE temp.\"gd_cells\";\n");
	sq_s(&w, "COMMIT;\n");
	sq_flush(&w, 1);
	gd_buf_release(&w.b);
	return w.failed ? -1 : 0;
}

/*
 * Text from the records or the options, as Markdown: escaped
 * (gd_esc_md), line breaks as spaces, so that it never makes markup or
 * begins a line.  In a heading, a closing run of # is escaped too, or
 * Markdown would drop it.  Returns 0, or -1 out of memory.
 */
static int
md_text(struct gd_buf *b, const char *s, int heading)
{
	size_t start = b->len, end, k;

	if (gd_esc_md(b, s, strlen(s), " ", heading) == -1)
		return -1;
	if (!heading)
		return 0;
	for (end = b->len; end > start && b->data[end - 1] == ' '; end--)
		;
	for (k = end; k > start && b->data[k - 1] == '#'; k--)
		;
	if (k == end || (k > start && b->data[k - 1] != ' '))
		return 0;
	if (gd_buf_addc(b, '\\') == -1)
		return -1;
	memmove(b->data + k + 1, b->data + k, b->len - 1 - k);
	b->data[k] = '\\';
	return 0;
}

/*
 * The README: what the package holds and how it is written.  Every text
 * from the records (the consultation, field names) or the options (the
 * title, the package id) goes through md_text.  Returns 0, or -1 out of
 * memory.
 */
static int
readme(struct gd_pub *p, const char *id, struct gd_buf *b)
{
	const struct gd_pub_license *lic = gd_pub_license(p->o.license);
	const struct pub_tab *t;
	size_t i, j;
	int bad = 0, renamed = 0;

	bad |= gd_buf_adds(b, "# ");
	bad |= md_text(b, pub_title(p), 1);
	bad |= gd_buf_adds(b, "\n\nA Frictionless Data Package of the "
	    "published results of consultation ");
	bad |= md_text(b, pub_consultation(p) ? pub_consultation(p) :
	    "(none)", 0);
	bad |= gd_buf_addf(b, ": %lu responses, redacted for publication, "
	    "and what was counted in them. `datapackage.json` describes every "
	    "file, with a Table Schema for each CSV file.\n\n", p->responses);
	bad |= gd_buf_adds(b, "## Licence\n\n");
	if (lic) {
		bad |= gd_buf_addf(b, "The data are published under the [%s](%s) "
		    "(`%s`).\n\n", lic->title, lic->path, lic->id);
	} else {
		bad |= gd_buf_adds(b, "No licence was given for these data. Ask "
		    "the publisher under what terms they may be reused.\n\n");
	}
	bad |= gd_buf_adds(b, "## Files\n\n");
	for (i = 0; i < TB_COUNT; i++) {
		t = &p->tab[i];
		if (!included(p, (enum pub_table)i))
			continue;
		bad |= gd_buf_addf(b, "- `%s.csv`: %s; %lu rows. Columns:",
		    t->name, t->title, t->rows);
		for (j = 0; j < t->ncols; j++) {
			bad |= gd_buf_adds(b, j ? ", " : " ");
			bad |= md_text(b, t->cols[j].name, 0);
			bad |= gd_buf_addf(b, " (%s", type_names[t->cols[j].type]);
			if (strcmp(t->cols[j].name, t->cols[j].path) != 0) {
				bad |= gd_buf_adds(b, "; ");
				bad |= md_text(b, t->cols[j].path, 0);
				bad |= gd_buf_adds(b, " in the records");
				renamed = 1;
			}
			bad |= gd_buf_adds(b, ")");
		}
		bad |= gd_buf_adds(b, ".\n");
	}
	if (p->replies)
		bad |= gd_buf_adds(b, "- `replies.json`: the government's "
		    "replies, by question and theme.\n");
	if (p->o.sql)
		bad |= gd_buf_addf(b, "- `%s.sql`: creates the tables and loads "
		    "the CSV files (run it from this directory).\n", p->o.sql);
	bad |= gd_buf_adds(b, "\n## How the files are written\n\n"
	    "CSV as RFC 4180 says: UTF-8, comma-separated, CR LF line ends, a "
	    "header row. A missing value is an empty cell; an empty text is "
	    "`\"\"`. A text that a spreadsheet would run as a formula (it "
	    "begins with `=`, `+`, `-`, `@`, a tab or a carriage return and "
	    "is not a number) is written with a leading apostrophe (`'`), so "
	    "that opening a file cannot run what a respondent wrote. "
	    "Counts withheld to protect respondents (small cells) are empty, "
	    "with `suppressed` true.\n\n"
	    "A column is named by the dot path of its member in the records, "
	    "the same in the CSV header, the Table Schema and the SQL, except "
	    "that a name a spreadsheet would run as a formula begins with an "
	    "apostrophe too, and a name that would differ from an earlier "
	    "one's only in case ends in `~2` (or the first of `~3`, `~4`... "
	    "not taken)");
	bad |= gd_buf_adds(b, renamed ? "; such a field's schema names its "
	    "member in `gd.path`.\n" : ".\n");
	if (p->o.sql)
		bad |= gd_buf_adds(b, "\nIn the SQL, a missing value is `NULL` "
		    "and an empty text is `''`.\n");
	bad |= gd_buf_addf(b, "\n## Provenance\n\nMade by gd-publish %s. "
	    "SHA-256 of the input records: `%s`. The package's id: ",
	    GD_VERSION, p->sha_hex);
	bad |= md_text(b, id, 0);
	bad |= gd_buf_adds(b, ".");
	if (p->o.timestamp) {
		bad |= gd_buf_adds(b, " Made on ");
		bad |= md_text(b, p->o.timestamp, 0);
		bad |= gd_buf_adds(b, ".");
	}
	bad |= gd_buf_adds(b, "\n");
	return bad ? -1 : 0;
}

/*
 * The package's id: --package-id, else a UUID (version 8, RFC 9562) of
 * the first 128 bits of the records' SHA-256, so the same records make
 * the same id, whatever the options.
 */
static void
package_id(const struct gd_pub *p, char dst[37])
{
	const char *h = p->sha_hex;
	char v = "0123456789abcdef"[
	    ((h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3) | 8];

	snprintf(dst, 37, "%.8s-%.4s-8%.3s-%c%.3s-%.12s", h, h + 8, h + 13, v,
	    h + 17, h + 20);
}

/* Fills the package directory tmp. */
static int
build(struct gd_pub *p, const char *tmp, struct gd_error *err)
{
	json_t *pkg = NULL, *res, *r, *src, *licj = NULL;
	const struct gd_pub_license *lic;
	struct gd_buf b;
	struct gd_out *o;
	char path[4096], name[128], hex[65], file[64], uuid[37];
	const char *id;
	unsigned long long bytes;
	size_t i;
	int rc = -1;

	gd_buf_init(&b, 0);
	slug(name, sizeof(name), pub_consultation(p));
	res = json_array();
	src = json_pack("[{s:s}]", "title", pub_consultation(p) ?
	    pub_consultation(p) : "(unnamed consultation)");
	package_id(p, uuid);
	id = p->o.package_id ? p->o.package_id : uuid;
	if ((lic = gd_pub_license(p->o.license)) != NULL)
		licj = json_pack("[{s:s, s:s, s:s}]", "name", lic->id, "path",
		    lic->path, "title", lic->title);
	pkg = json_pack("{s:s, s:s, s:s, s:s, s:o*, s:o, s:o}", "profile",
	    p->replies ? "data-package" : "tabular-data-package", "id", id,
	    "name", name, "title", pub_title(p), "licenses", licj, "sources",
	    src, "gd", pub_provenance(p));
	if (pkg == NULL || res == NULL || (lic && licj == NULL)) {
		json_decref(res);
		res = NULL;
		pub_oom(err);
		goto out;
	}
	if (p->o.timestamp)
		json_object_set_new(pkg, "created", json_string(p->o.timestamp));
	for (i = 0; i < TB_COUNT; i++) {
		const struct pub_tab *t = &p->tab[i];

		if (!included(p, (enum pub_table)i))
			continue;
		snprintf(file, sizeof(file), "%s.csv", t->name);
		if (join(path, sizeof(path), tmp, file) == -1) {
			pub_io(err, tmp);
			goto out;
		}
		if ((o = gd_out_open(path, err)) == NULL)
			goto out;
		if (pub_table_csv(p, (enum pub_table)i, o, err) == -1) {
			gd_out_close(o, 0, err);
			goto out;
		}
		if (close_kept(o, path, err) == -1)
			goto out;
		if (file_hash(path, hex, &bytes) == -1) {
			pub_io(err, path);
			goto out;
		}
		r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s+, "
		    "s:{s:s, s:s, s:s, s:b, s:b}, s:o}",
		    "name", t->name, "path", file, "title", t->title,
		    "profile", "tabular-data-resource", "format", "csv",
		    "mediatype", "text/csv", "encoding", "utf-8",
		    "bytes", (json_int_t)bytes, "hash", "sha256:", hex,
		    "dialect", "delimiter", ",", "lineTerminator", "\r\n",
		    "quoteChar", "\"", "doubleQuote", 1, "header", 1,
		    "schema", schema(t));
		if (r == NULL || json_array_append_new(res, r) == -1) {
			pub_oom(err);
			goto out;
		}
	}
	if (p->replies) {
		char *text = json_dumps(p->replies, JSON_INDENT(2) |
		    JSON_SORT_KEYS);

		if (text == NULL) {
			pub_oom(err);
			goto out;
		}
		rc = write_file(tmp, "replies.json", text, strlen(text), err);
		free(text);
		if (rc == -1)
			goto out;
		rc = -1;
		json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s}", "name", "replies", "path", "replies.json", "title",
		    "The government's replies", "format", "json", "mediatype",
		    "application/json"));
	}
	json_object_set(pkg, "resources", res);
	if (p->o.sql) {
		/* After the CSV files: their walks counted the empty cells. */
		snprintf(file, sizeof(file), "%s.sql", p->o.sql);
		if (join(path, sizeof(path), tmp, file) == -1) {
			pub_io(err, tmp);
			goto out;
		}
		if ((o = gd_out_open(path, err)) == NULL)
			goto out;
		if (sql_write(p, name, strcmp(p->o.sql, "postgres") == 0, o,
		    err) == -1) {
			struct gd_error e2;

			gd_out_close(o, 0, &e2);
			goto out;
		}
		if (close_kept(o, path, err) == -1)
			goto out;
	}
	gd_buf_reset(&b);
	if (readme(p, id, &b) == -1) {
		pub_oom(err);
		goto out;
	}
	if (write_file(tmp, "README.md", b.data, b.len, err) == -1)
		goto out;
	{
		char *text = json_dumps(pkg, JSON_INDENT(2) |
		    JSON_REAL_PRECISION(15));

		if (text == NULL) {
			pub_oom(err);
			goto out;
		}
		gd_buf_reset(&b);
		rc = gd_buf_adds(&b, text) == -1 || gd_buf_addc(&b, '\n') == -1 ?
		    pub_oom(err) : write_file(tmp, "datapackage.json", b.data,
		    b.len, err);
		free(text);
	}
out:
	json_decref(res);
	json_decref(pkg);
	gd_buf_release(&b);
	return rc;
}

/* Whether dir may be replaced: an empty directory or a data package. */
static int
replaceable(const char *dir, struct gd_error *err)
{
	char path[4096];
	struct stat st;
	DIR *dp;
	struct dirent *e;
	int empty = 1;

	if (stat(dir, &st) == -1)
		return errno == ENOENT ? 0 : pub_io(err, dir);
	if (!S_ISDIR(st.st_mode))
		return gd_error_set(err, GD_EXIT_IO, dir, 0, 0, "exists and is "
		    "not a directory: a data package is a directory");
	if (join(path, sizeof(path), dir, "datapackage.json") == -1)
		return pub_io(err, dir);
	if (access(path, F_OK) == 0)
		return 1;
	if ((dp = opendir(dir)) == NULL)
		return pub_io(err, dir);
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(dp);
	if (!empty)
		return gd_error_set(err, GD_EXIT_IO, dir, 0, 0, "exists and is "
		    "not a data package (no datapackage.json): not replaced");
	return 1;
}

/* A hidden name beside the package: DIR/.BASE.WHAT-XXXXXX. */
static int
sibling(char *dst, size_t n, const char *path, const char *slash,
    const char *base, const char *what)
{
	int w = snprintf(dst, n, "%.*s.%s.%s-XXXXXX", slash ?
	    (int)(slash - path + 1) : 0, path, base, what);

	if (w < 0 || (size_t)w >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int
write_package(struct gd_pub *p, const char *dir, struct gd_error *err)
{
	char tmp[4096], old[4096], parent[4096];
	const char *slash, *base;
	size_t len;
	int exists;

	if (!p->finished && gd_pub_finish(p, err) == -1)
		return -1;
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len == 0 || len >= sizeof(parent) - 32)
		return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
		    "-o: a directory name is needed");
	memcpy(parent, dir, len);
	parent[len] = '\0';
	slash = strrchr(parent, '/');
	base = slash ? slash + 1 : parent;
	if ((exists = replaceable(parent, err)) == -1)
		return -1;
	if (sibling(tmp, sizeof(tmp), parent, slash, base, "tmp") == -1 ||
	    mkdtemp(tmp) == NULL)
		return pub_io(err, tmp);
	(void)gd_cleanup_add(tmp, 1);
	{
		/* mkdtemp makes 0700: a publication gets the umask's mode. */
		mode_t m = umask(0);

		umask(m);
		(void)chmod(tmp, 0777 & ~m);
	}
	if (build(p, tmp, err) == -1 ||
	    (sync_dir(tmp) == -1 && pub_io(err, tmp) == -1)) {
		rm_tree(p, tmp);
		return -1;
	}
	if (!exists) {
		if (rename(tmp, parent) == -1) {
			pub_io(err, parent);
			rm_tree(p, tmp);
			return -1;
		}
	} else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, parent,
	    RENAME_EXCHANGE) == 0) {
		rm_tree(p, tmp);	/* now the old package */
	} else {
		/* No exchange on this file system: two renames. */
		if (sibling(old, sizeof(old), parent, slash, base, "old") == -1 ||
		    mkdtemp(old) == NULL || rmdir(old) == -1 ||
		    rename(parent, old) == -1) {
			pub_io(err, parent);
			rm_tree(p, tmp);
			return -1;
		}
		if (rename(tmp, parent) == -1) {
			pub_io(err, parent);
			(void)rename(old, parent);
			rm_tree(p, tmp);
			return -1;
		}
		rm_tree(p, old);
	}
	/* The rename itself made durable. */
	if (slash) {
		char up[4096];

		snprintf(up, sizeof(up), "%.*s", (int)(slash - parent) ?
		    (int)(slash - parent) : 1, parent);
		(void)sync_dir(up);
	} else {
		(void)sync_dir(".");
	}
	return 0;
}

/* The package built; whatever happens, nothing left registered. */
int
gd_pub_write_package(struct gd_pub *p, const char *dir,
    struct gd_error *err)
{
	int mark = gd_cleanup_mark(), rc;

	rc = write_package(p, dir, err);
	gd_cleanup_release(mark);
	return rc;
}
