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
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "gd/gd.h"
#include "pub_int.h"
#include "gd/banned.h"

static const char *const type_names[] = { "string", "integer", "number",
    "boolean" };

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	return remove(path);
}

/* Removes a directory tree (a package built or replaced). */
static void
rm_tree(const char *dir)
{
	(void)nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
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
		f = json_pack("{s:s, s:s}", "name", t->cols[i].name, "type",
		    type_names[t->cols[i].type]);
		if (f && t->cols[i].desc)
			json_object_set_new(f, "description",
			    json_string(t->cols[i].desc));
		if (f && t->cols[i].type == PT_BOOLEAN) {
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
	if (gd_out_close(o, 1, err) == -1)
		return -1;
	(void)gd_cleanup_add(path, 0);
	return 0;
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

static void
sql_ident(struct gd_buf *b, const char *s)
{
	gd_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			gd_buf_addc(b, '"');
		gd_buf_addc(b, *s);
	}
	gd_buf_addc(b, '"');
}

/* SQL that makes the tables and loads the CSV files: psql or sqlite3. */
static int
sql_text(struct gd_pub *p, const char *name, int pg, struct gd_buf *b)
{
	static const char *const pg_types[] = { "TEXT", "BIGINT",
	    "DOUBLE PRECISION", "BOOLEAN" };
	static const char *const lite_types[] = { "TEXT", "INTEGER", "REAL",
	    "INTEGER" };
	const struct pub_tab *t;
	size_t i, j;

	gd_buf_addf(b, "-- The data package %s, as %s tables.\n-- Run from "
	    "the package's directory: %s\n", name, pg ? "PostgreSQL" :
	    "SQLite", pg ? "psql -v ON_ERROR_STOP=1 -f postgres.sql DBNAME" :
	    "sqlite3 DBFILE < sqlite.sql");
	gd_buf_adds(b, pg ? "BEGIN;\n" : ".bail on\nBEGIN;\n");
	for (i = 0; i < TB_COUNT; i++) {
		t = &p->tab[i];
		if (!included(p, (enum pub_table)i) || t->ncols == 0)
			continue;
		gd_buf_addf(b, "\n-- %s\nCREATE TABLE ", t->title);
		sql_ident(b, t->name);
		gd_buf_adds(b, " (\n");
		for (j = 0; j < t->ncols; j++) {
			gd_buf_adds(b, "  ");
			sql_ident(b, t->cols[j].name);
			gd_buf_addf(b, " %s", (pg ? pg_types :
			    lite_types)[t->cols[j].type]);
			if (t->key && strcmp(t->key, t->cols[j].name) == 0)
				gd_buf_adds(b, " PRIMARY KEY");
			gd_buf_adds(b, j + 1 < t->ncols ? ",\n" : "\n");
		}
		gd_buf_adds(b, ");\n");
		if (pg) {
			gd_buf_adds(b, "\\copy ");
			sql_ident(b, t->name);
			gd_buf_addf(b, " FROM '%s.csv' WITH (FORMAT csv, HEADER "
			    "true, ENCODING 'UTF8')\n", t->name);
			continue;
		}
		gd_buf_addf(b, ".import --csv --skip 1 %s.csv %s\n", t->name,
		    t->name);
		/* .import reads an empty cell as '': make it NULL. */
		for (j = 0; j < t->ncols; j++) {
			if (t->cols[j].type == PT_STRING)
				continue;
			gd_buf_adds(b, "UPDATE ");
			sql_ident(b, t->name);
			gd_buf_adds(b, " SET ");
			sql_ident(b, t->cols[j].name);
			if (t->cols[j].type == PT_BOOLEAN) {
				gd_buf_adds(b, " = CASE ");
				sql_ident(b, t->cols[j].name);
				gd_buf_adds(b, " WHEN 'true' THEN 1 WHEN 'false' "
				    "THEN 0 END;\n");
				continue;
			}
			gd_buf_adds(b, " = NULL WHERE ");
			sql_ident(b, t->cols[j].name);
			gd_buf_adds(b, " = '';\n");
		}
	}
	return gd_buf_adds(b, "COMMIT;\n");
}

static int
readme(struct gd_pub *p, json_t *pkg, struct gd_buf *b)
{
	const struct pub_tab *t;
	size_t i, j;

	gd_buf_addf(b, "# %s\n\n", pub_title(p));
	gd_buf_addf(b, "A Frictionless Data Package of the published results "
	    "of consultation `%s`: %lu responses, redacted for publication, "
	    "and what was counted in them. `datapackage.json` describes every "
	    "file, with a Table Schema for each CSV file.\n\n",
	    pub_consultation(p) ? pub_consultation(p) : "(none)",
	    p->responses);
	gd_buf_adds(b, "## Files\n\n");
	for (i = 0; i < TB_COUNT; i++) {
		t = &p->tab[i];
		if (!included(p, (enum pub_table)i))
			continue;
		gd_buf_addf(b, "- `%s.csv`: %s; %lu rows. Columns:", t->name,
		    t->title, t->rows);
		for (j = 0; j < t->ncols; j++)
			gd_buf_addf(b, "%s `%s` (%s)", j ? "," : "",
			    t->cols[j].name, type_names[t->cols[j].type]);
		gd_buf_adds(b, ".\n");
	}
	if (p->replies)
		gd_buf_adds(b, "- `replies.json`: the government's replies, by "
		    "question and theme.\n");
	if (p->o.sql)
		gd_buf_addf(b, "- `%s.sql`: creates the tables and loads the "
		    "CSV files (run it from this directory).\n", p->o.sql);
	gd_buf_adds(b, "\n## How the files are written\n\n"
	    "CSV as RFC 4180 says: UTF-8, comma-separated, CR LF line ends, a "
	    "header row. A missing value is an empty cell; an empty text is "
	    "`\"\"`. A text that a spreadsheet would run as a formula (it "
	    "begins with `=`, `+`, `-`, `@`, a tab or a carriage return and "
	    "is not a number) is written with a leading apostrophe (`'`), so "
	    "that opening a file cannot run what a respondent wrote. "
	    "Counts withheld to protect respondents (small cells) are empty, "
	    "with `suppressed` true.\n\n");
	gd_buf_addf(b, "## Provenance\n\nMade by gd-publish %s. SHA-256 of the "
	    "input records: `%s`.%s%s%s\n", GD_VERSION, p->sha_hex,
	    p->o.timestamp ? " Made on " : "", p->o.timestamp ?
	    p->o.timestamp : "", p->o.timestamp ? "." : "");
	(void)pkg;
	return 0;
}

/* Fills the package directory tmp. */
static int
build(struct gd_pub *p, const char *tmp, struct gd_error *err)
{
	json_t *pkg = NULL, *res, *r, *src;
	struct gd_buf b;
	struct gd_out *o;
	char path[4096], name[128], hex[65], file[64];
	unsigned long long bytes;
	size_t i;
	int rc = -1;

	gd_buf_init(&b, 0);
	slug(name, sizeof(name), pub_consultation(p));
	res = json_array();
	src = json_pack("[{s:s}]", "title", pub_consultation(p) ?
	    pub_consultation(p) : "(unnamed consultation)");
	pkg = json_pack("{s:s, s:s, s:s, s:o, s:o}", "profile", p->replies ?
	    "data-package" : "tabular-data-package", "name", name, "title",
	    pub_title(p), "sources", src, "gd", pub_provenance(p));
	if (pkg == NULL || res == NULL) {
		json_decref(res);
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
		gd_buf_reset(&b);
		if (sql_text(p, name, strcmp(p->o.sql, "postgres") == 0, &b) ==
		    -1) {
			pub_oom(err);
			goto out;
		}
		snprintf(file, sizeof(file), "%s.sql", p->o.sql);
		if (write_file(tmp, file, b.data, b.len, err) == -1)
			goto out;
	}
	gd_buf_reset(&b);
	if (readme(p, pkg, &b) == -1 || b.data == NULL) {
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
		rm_tree(tmp);
		return -1;
	}
	if (!exists) {
		if (rename(tmp, parent) == -1) {
			pub_io(err, parent);
			rm_tree(tmp);
			return -1;
		}
	} else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, parent,
	    RENAME_EXCHANGE) == 0) {
		rm_tree(tmp);	/* now the old package */
	} else {
		/* No exchange on this file system: two renames. */
		if (sibling(old, sizeof(old), parent, slash, base, "old") == -1 ||
		    mkdtemp(old) == NULL || rmdir(old) == -1 ||
		    rename(parent, old) == -1) {
			pub_io(err, parent);
			rm_tree(tmp);
			return -1;
		}
		if (rename(tmp, parent) == -1) {
			pub_io(err, parent);
			(void)rename(old, parent);
			rm_tree(tmp);
			return -1;
		}
		rm_tree(old);
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
