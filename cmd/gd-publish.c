/*
 * gd-publish - one publication of a gd stream: CSV, NDJSON, JSON, a
 * Markdown or self-contained HTML report, or a Frictionless data
 * package, with the government's replies.  See gd-publish(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "gd/gd.h"
#include "gd/i18n.h"
#include "gd/publish.h"

static const char help[] =
"Usage: gd-publish -f FORMAT [OPTION]... [FILE]...\n"
"Publish a gd stream (response records redacted for publication and what\n"
"gd-tally counted, e.g. from gd-tally --with-records) as one publication.\n"
"All or nothing: an unreadable line stops the run and nothing is written.\n"
"With no FILE, or when FILE is -, read standard input.\n"
"\n"
"  -f, --format FORMAT   csv, ndjson, json, md, html or datapackage\n"
"  -o, --output PATH     write to PATH atomically (a directory for\n"
"                        datapackage); else standard output\n"
"      --what TABLE      csv: responses (default), summary, tallies,\n"
"                        scales, themes, campaigns or stubs\n"
"      --bom             csv: begin with a UTF-8 byte-order mark\n"
"      --replies FILE    the government's replies (Markdown or JSON)\n"
"      --title TEXT      the publication's title\n"
"      --quotes N        responses quoted in a report (default 6, at most 50)\n"
"      --lang TAG        md, html: the report's own words in language TAG\n"
"                        (en, de, es, fr; default: the replies' language,\n"
"                        else en)\n"
"      --sql DIALECT     datapackage: add SQL to load it, postgres or sqlite\n"
"      --license ID      datapackage: the licence of the data (CC-BY-4.0,\n"
"                        CC-BY-SA-4.0, CC0-1.0, ODC-BY-1.0, ODbL-1.0,\n"
"                        ODC-PDDL-1.0, OGL-UK-3.0, ...; see gd-publish(1))\n"
"      --package-id ID   datapackage: its id (default: a UUID made from\n"
"                        the input records)\n"
"      --timestamp       record the time of publication (SOURCE_DATE_EPOCH\n"
"                        if set); without it the output depends only on\n"
"                        the input\n"
"      --allow-unredacted  publish responses, and what gd-tally counted,\n"
"                        not redacted for publication\n"
"      --allow-empty     publish a stream that counts no response (else\n"
"                        refused: a step before may have failed)\n"
"      --stats           print one summary line on standard error\n"
"      --progress        report progress on standard error\n"
"  -q, --quiet           print no warnings\n"
"  -h, --help            print this help and exit\n"
"  -V, --version         print the version and exit\n"
"\n"
"Exit status: 0 ok; 1 an unreadable input line; 2 usage error; 3 input\n"
"unusable (a response or count not redacted for publication, no response\n"
"counted, bad replies); 4 I/O or system error.  On any failure nothing\n"
"is written and an earlier output is left as it was.\n"
"\n"
"Examples:\n"
"  gd-tally --with-records public.ndjson | gd-publish -f html -o report.html\n"
"  gd-publish -f html --lang es -o informe.html tallied.ndjson\n"
"  gd-publish -f csv --bom -o responses.csv tallied.ndjson\n"
"  gd-publish -f datapackage --sql sqlite -o package tallied.ndjson\n";

enum {
	OPT_WHAT = GD_OPT_TOOL_BASE,
	OPT_BOM,
	OPT_REPLIES,
	OPT_TITLE,
	OPT_QUOTES,
	OPT_LANG,
	OPT_SQL,
	OPT_LICENSE,
	OPT_PACKAGE_ID,
	OPT_TIMESTAMP,
	OPT_UNREDACTED,
	OPT_EMPTY
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "what", required_argument, NULL, OPT_WHAT },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "replies", required_argument, NULL, OPT_REPLIES },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "quotes", required_argument, NULL, OPT_QUOTES },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "sql", required_argument, NULL, OPT_SQL },
	{ "license", required_argument, NULL, OPT_LICENSE },
	{ "package-id", required_argument, NULL, OPT_PACKAGE_ID },
	{ "timestamp", no_argument, NULL, OPT_TIMESTAMP },
	{ "allow-unredacted", no_argument, NULL, OPT_UNREDACTED },
	{ "allow-empty", no_argument, NULL, OPT_EMPTY },
	{ "stats", no_argument, NULL, GD_OPT_STATS },
	{ "progress", no_argument, NULL, GD_OPT_PROGRESS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static struct gd_cli cli;

/* What one_line needs: the publication and where an error goes. */
struct run {
	struct gd_pub *p;
	struct gd_error *err;
};

/* One line of the input into the publication: any fault ends the run. */
static int
one_line(void *ctx, const struct gd_cli_line *l)
{
	struct run *r = ctx;
	struct gd_error *err = r->err;

	if (l->over) {
		gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0, "the line is "
		    "longer than %lu bytes", GD_LINE_MAX_DEFAULT);
	} else if (gd_pub_add(r->p, l->p, l->n, err) == 0) {
		return 0;
	}
	if (err->file[0] == '\0')
		snprintf(err->file, sizeof(err->file), "%s", l->file);
	if (err->line == 0 && err->code != GD_EXIT_IO)
		err->line = l->lineno;
	return -1;
}

/* --license: a licence gd knows, by its id; else a usage error. */
static void
license(const char *id, struct gd_pub_opts *o)
{
	const struct gd_pub_license *l = gd_pub_license(id), *all;
	char known[512];
	size_t i, n, len = 0;

	if (l != NULL) {
		o->license = l->id;
		return;
	}
	all = gd_pub_licenses(&n);
	known[0] = '\0';
	for (i = 0; i < n && len < sizeof(known); i++)
		len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s",
		    i ? ", " : "", all[i].id);
	gd_cli_usage(&cli, "--license: %s, not %s", known, id);
}

/* Whether s is UTF-8 without control characters (one line of text). */
static int
printable(const char *s)
{
	const char *c;

	for (c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return 0;
	return gd_utf8_valid(s, strlen(s));
}

/* The time of publication, for --timestamp: SOURCE_DATE_EPOCH or now. */
static const char *
timestamp(char *dst, size_t n)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	unsigned long v;
	time_t t = time(NULL);
	struct tm tm;

	if (sde && *sde) {
		if (gd_parse_ulong(sde, &v) == -1)
			gd_cli_usage(&cli, "SOURCE_DATE_EPOCH: not a number of "
			    "seconds: %s", sde);
		t = (time_t)v;
	}
	gmtime_r(&t, &tm);
	strftime(dst, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return dst;
}

/*
 * Where the catalogues are: GD_LOCALEDIR; else build/locale beside the
 * bin/ this program is in, when run from a built tree; else NULL (the
 * directory compiled in, where make install puts them).
 */
static const char *
localedir(char *buf, size_t n)
{
	const char *e = getenv("GD_LOCALEDIR");
	ssize_t k;
	char *slash;

	if (e && *e)
		return e;
	if ((k = readlink("/proc/self/exe", buf, n - 1)) <= 0)
		return NULL;
	buf[k] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return NULL;
	snprintf(slash, n - (size_t)(slash - buf), "/../build/locale");
	return access(buf, F_OK) == 0 ? buf : NULL;
}

/*
 * The report's language: --lang (a usage error when there is no
 * catalogue for it), else the replies' language (a warning, and English,
 * when there is none), else English.
 */
static void
language(const char *opt, struct gd_pub *p, char *dir, size_t n)
{
	const char *lang = opt ? opt : gd_pub_language(p);
	struct gd_error e;

	if (lang == NULL)
		return;
	gd_error_clear(&e);
	switch (gd_i18n_set(lang, localedir(dir, n), &e)) {
	case -1:
		gd_cli_usage(&cli, "--lang: %s", e.msg);
		break;
	case 1:
		if (opt)
			gd_cli_usage(&cli, "--lang: no catalogue for %s in %s "
			    "(gd-publish(1), LANGUAGES)", lang,
			    localedir(dir, n) ? localedir(dir, n) :
			    "the directory make install uses");
		else if (!cli.quiet)
			gd_cli_warn(&cli, "the replies are in %s, for which gd "
			    "has no catalogue: the report's own words are in "
			    "English (--lang chooses)", lang);
		break;
	}
}

int
main(int argc, char **argv)
{
	struct gd_pub_opts o;
	struct gd_pub *p = NULL;
	struct gd_out *out = NULL;
	struct gd_error err;
	struct run run;
	enum gd_pub_format fmt = GD_PUB_NDJSON;
	const char *fmtname = NULL;
	unsigned long v, lines = 0, nresp, nagg, nskip;
	const char *lang = NULL;
	char stamp[32], dir[4096];
	int c, i, rc = GD_EXIT_OK, want_stamp = 0;

	gd_cli_init(&cli, "gd-publish");
	memset(&o, 0, sizeof(o));
	o.quotes = GD_PUB_QUOTES_DEFAULT;
	gd_error_clear(&err);
	while ((c = getopt_long(argc, argv, "f:o:qhV", longopts, NULL)) != -1) {
		if (c != 'f' && gd_cli_option(&cli, c, optarg, help))
			continue;
		switch (c) {
		case 'f':
			fmtname = optarg;
			if (gd_pub_format(optarg, &fmt) == -1)
				gd_cli_usage(&cli, "-f: csv, ndjson, json, md, "
				    "html or datapackage, not %s", optarg);
			break;
		case OPT_WHAT:
			o.what = optarg;
			break;
		case OPT_BOM:
			o.bom = 1;
			break;
		case OPT_REPLIES:
			o.replies = optarg;
			break;
		case OPT_TITLE:
			o.title = optarg;
			break;
		case OPT_QUOTES:
			if (gd_parse_ulong(optarg, &v) == -1 ||
			    v > GD_PUB_QUOTES_MAX)
				gd_cli_usage(&cli, "--quotes: 0 to %d: %s",
				    GD_PUB_QUOTES_MAX, optarg);
			o.quotes = v;
			break;
		case OPT_LANG:
			if (!gd_i18n_valid(optarg))
				gd_cli_usage(&cli, "--lang: '%s' is not a language "
				    "tag (as \"es\" or \"fr-BE\")", optarg);
			lang = optarg;
			break;
		case OPT_SQL:
			if (strcmp(optarg, "postgres") != 0 &&
			    strcmp(optarg, "sqlite") != 0)
				gd_cli_usage(&cli, "--sql: postgres or sqlite, "
				    "not %s", optarg);
			o.sql = optarg;
			break;
		case OPT_LICENSE:
			license(optarg, &o);
			break;
		case OPT_PACKAGE_ID:
			if (*optarg == '\0' || !printable(optarg))
				gd_cli_usage(&cli, "--package-id: a text of one "
				    "line, in UTF-8, not empty");
			o.package_id = optarg;
			break;
		case OPT_TIMESTAMP:
			want_stamp = 1;
			break;
		case OPT_UNREDACTED:
			o.allow_unredacted = 1;
			break;
		case OPT_EMPTY:
			o.allow_empty = 1;
			break;
		default:
			gd_cli_usage(&cli, "unknown option");
		}
	}
	if (fmtname == NULL)
		gd_cli_usage(&cli, "-f FORMAT is needed: csv, ndjson, json, md, "
		    "html or datapackage");
	if ((o.what || o.bom) && fmt != GD_PUB_CSV)
		gd_cli_usage(&cli, "--what and --bom go with -f csv");
	if (lang && fmt != GD_PUB_MD && fmt != GD_PUB_HTML)
		gd_cli_usage(&cli, "--lang goes with -f md or html");
	/* Before the input is read: a language gd lacks is a usage error. */
	if (lang)
		language(lang, NULL, dir, sizeof(dir));
	if (o.sql && fmt != GD_PUB_DATAPACKAGE)
		gd_cli_usage(&cli, "--sql goes with -f datapackage");
	if ((o.license || o.package_id) && fmt != GD_PUB_DATAPACKAGE)
		gd_cli_usage(&cli, "--license and --package-id go with -f "
		    "datapackage");
	if (fmt == GD_PUB_DATAPACKAGE && (cli.output == NULL ||
	    strcmp(cli.output, "-") == 0))
		gd_cli_usage(&cli, "a data package is a directory: give -o DIR");
	if (o.what && strcmp(o.what, "responses") != 0 &&
	    strcmp(o.what, "summary") != 0 && strcmp(o.what, "tallies") != 0 &&
	    strcmp(o.what, "scales") != 0 && strcmp(o.what, "themes") != 0 &&
	    strcmp(o.what, "campaigns") != 0 && strcmp(o.what, "stubs") != 0)
		gd_cli_usage(&cli, "--what: responses, summary, tallies, scales, "
		    "themes, campaigns or stubs, not %s", o.what);
	if (want_stamp)
		o.timestamp = timestamp(stamp, sizeof(stamp));

	if ((p = gd_pub_new(&o, &err)) == NULL)
		goto fail;
	run.p = p;
	run.err = &err;
	for (i = optind; i < argc || (i == optind && argc == optind); i++)
		if (gd_cli_lines(&cli, i < argc ? argv[i] : "-", &lines,
		    one_line, &run, &err) == -1)
			goto fail;
	if (gd_pub_finish(p, &err) == -1)
		goto fail;
	if (lang == NULL && (fmt == GD_PUB_MD || fmt == GD_PUB_HTML))
		language(NULL, p, dir, sizeof(dir));
	if (fmt == GD_PUB_DATAPACKAGE) {
		if (gd_pub_write_package(p, cli.output, &err) == -1)
			goto fail;
	} else {
		if ((out = gd_out_open(cli.output, &err)) == NULL)
			goto fail;
		if (gd_pub_write(p, fmt, out, &err) == -1) {
			struct gd_error e2;

			gd_out_close(out, 0, &e2);
			out = NULL;
			goto fail;
		}
		rc = gd_out_close(out, 1, &err);
		out = NULL;
		if (rc == -1)
			goto fail;
	}
	gd_pub_counts(p, &nresp, &nagg, &nskip);
	/* Said even with -q: a step before broke the publication rule. */
	if (gd_pub_guarded(p) > 0)
		gd_cli_error(&cli, "%lu responses withheld by consent were in "
		    "the stream as responses: left out, not published "
		    "(redact with gd-redact --for publication)",
		    gd_pub_guarded(p));
	if (nskip && !cli.quiet)
		gd_cli_warn(&cli, "not published: %s", gd_pub_skipped(p));
	if (cli.stats)
		gd_cli_error(&cli, "%lu records read: %lu responses and %lu "
		    "counts published, %lu responses counted but not "
		    "published, %lu other records not published", lines,
		    nresp, nagg, gd_pub_unpublished(p), nskip);
	gd_pub_free(p);
	return GD_EXIT_OK;
fail:
	gd_cli_report(&cli, &err);
	rc = err.code ? err.code : GD_EXIT_IO;
	gd_pub_free(p);
	return rc;
}
