/*
 * gd-ingest - consultation exports (CSV, TSV, JSON, NDJSON in any
 * encoding; XLSX, ODS and XLS spreadsheets) to gd response records.  See
 * gd-ingest(1).
 */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "gd/gd.h"

static const char help[] =
"Usage: gd-ingest [OPTION]... [FILE]...\n"
"Convert consultation exports to gd response records (NDJSON) on standard\n"
"output.  With no FILE, or when FILE is -, read standard input.\n"
"\n"
"  -f, --format FMT      csv, tsv, json, ndjson, xlsx, ods, xls or auto\n"
"                        (default: auto, from the content and the name)\n"
"      --sheet NAME|N    read this sheet of a spreadsheet (default: the\n"
"                        first)\n"
"      --list-sheets     print the names of each file's sheets and exit\n"
"  -d, --delimiter CHAR  CSV fields are separated by CHAR (one byte, or '\\t'\n"
"                        or tab); default: found from the first lines among\n"
"                        , ; TAB |\n"
"  -e, --encoding NAME   input encoding, any iconv name, or auto (default)\n"
"  -m, --map FILE        place columns with the mapping in FILE (JSON)\n"
"  -p, --preset NAME     use a built-in mapping: citizen-space, consul,\n"
"                        decidim, eu-have-your-say, polis, regulations-gov\n"
"      --print-preset NAME  print a preset's mapping and exit\n"
"      --list-presets    list the presets and exit\n"
"      --consultation ID set the consultation id of every record (with -m/-p)\n"
"      --date-order ORDER  dmy, mdy or auto: the day-month order of the\n"
"                        submitted dates (default: the mapping's, else auto:\n"
"                        decided per file by a value only one order reads)\n"
"      --strict          a warning (a field not placed, an unknown label,\n"
"                        an undecided date order) ends the run, status 3\n"
"      --header-row N    the header is CSV row N (or auto: find it)\n"
"      --header-rows K   the header spans K rows (joined with \" - \")\n"
"      --no-header       the file has no header: columns are column_1...\n"
"      --ragged          keep fields past the header (as column_N)\n"
"  -j, --join FILE       add the columns of FILE (CSV) to rows with the\n"
"                        same id (the mapping's id column)\n"
"      --drop-unmapped   leave out the columns the mapping does not place\n"
"                        (with -m/-p)\n"
"      --keep-html       a column read as HTML (\"html\": true) also goes to\n"
"                        extra as written (with -m/-p)\n"
"      --max-field BYTES reject fields longer than BYTES (default 1 MiB)\n"
"      --max-record BYTES reject rows (JSON objects) longer than BYTES\n"
"                        (default 8 MiB)\n"
"      --threads N       read a CSV file in parts on N threads (default: one\n"
"                        per online CPU; 1: no thread); the same output\n"
GD_CLI_HELP_COMMON
"\n"
"Warnings about consent (a consent label not known, no consent column) are\n"
"printed even with -q: they change what gets published.\n"
"\n"
"Examples:\n"
"  gd-ingest responses.csv > responses.ndjson\n"
"  gd-ingest --sheet Responses --header-row auto export.xlsx\n"
"  gd-ingest -p regulations-gov -j comments.csv docket.csv\n"
"  gd-ingest -m mapping.json -e windows-1252 export.csv | gd-redact\n";

enum {
	OPT_PRINT_PRESET = GD_OPT_TOOL_BASE,
	OPT_LIST_PRESETS,
	OPT_CONSULTATION,
	OPT_HEADER_ROW,
	OPT_HEADER_ROWS,
	OPT_RAGGED,
	OPT_NO_HEADER,
	OPT_DROP_UNMAPPED,
	OPT_MAX_FIELD,
	OPT_MAX_RECORD,
	OPT_DATE_ORDER,
	OPT_STRICT,
	OPT_KEEP_HTML,
	OPT_SHEET,
	OPT_LIST_SHEETS,
	OPT_THREADS
};

#define MAX_THREADS 256

static const struct option longopts[] = {
	GD_CLI_LONGOPTS,
	{ "format", required_argument, NULL, 'f' },
	{ "delimiter", required_argument, NULL, 'd' },
	{ "encoding", required_argument, NULL, 'e' },
	{ "map", required_argument, NULL, 'm' },
	{ "preset", required_argument, NULL, 'p' },
	{ "print-preset", required_argument, NULL, OPT_PRINT_PRESET },
	{ "list-presets", no_argument, NULL, OPT_LIST_PRESETS },
	{ "consultation", required_argument, NULL, OPT_CONSULTATION },
	{ "header-row", required_argument, NULL, OPT_HEADER_ROW },
	{ "header-rows", required_argument, NULL, OPT_HEADER_ROWS },
	{ "ragged", no_argument, NULL, OPT_RAGGED },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "join", required_argument, NULL, 'j' },
	{ "drop-unmapped", no_argument, NULL, OPT_DROP_UNMAPPED },
	{ "max-field", required_argument, NULL, OPT_MAX_FIELD },
	{ "max-record", required_argument, NULL, OPT_MAX_RECORD },
	{ "date-order", required_argument, NULL, OPT_DATE_ORDER },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "keep-html", no_argument, NULL, OPT_KEEP_HTML },
	{ "sheet", required_argument, NULL, OPT_SHEET },
	{ "list-sheets", no_argument, NULL, OPT_LIST_SHEETS },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ NULL, 0, NULL, 0 }
};

static struct gd_cli cli;

static void
on_reject(void *ctx, const struct gd_error *why)
{
	(void)ctx;
	if (!cli.quiet)
		gd_cli_report(&cli, why);
}

static void
on_warn(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	gd_cli_warn(&cli, "%s: %s", file, msg);
}

/* Warnings about consent change what is published: printed even with -q. */
static void
on_alert(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	gd_cli_error(&cli, "%s: %s", file, msg);
}

static void
on_note(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	gd_cli_warn(&cli, "%s: %s", file, msg);
}

/* -d: one byte, or a name for TAB; never a quote or a line end. */
static unsigned char
parse_delim(const char *arg)
{
	if (strcmp(arg, "\\t") == 0 || strcasecmp(arg, "tab") == 0)
		return '\t';
	if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' ||
	    arg[0] == '\r' || (unsigned char)arg[0] >= 0x80)
		gd_cli_usage(&cli, "--delimiter: one ASCII character other "
		    "than a quote or a line end, or '\\t': %s", arg);
	return (unsigned char)arg[0];
}

static void
on_progress(void *ctx, const char *file, unsigned long long bytes,
    unsigned long rows)
{
	(void)ctx;
	gd_cli_error(&cli, "%s: %llu MiB read, %lu rows", file, bytes >> 20,
	    rows);
}

static int
print_sheet(void *ctx, const char *name, struct gd_error *err)
{
	(void)ctx;
	if (puts(name) == EOF)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "standard output: write error");
	return 0;
}

/* --list-sheets: each file's sheets, one name a line (after "FILE:"
 * when there are several files). */
static int
list(const struct gd_ingest_opts *o, int n, char **files)
{
	struct gd_error err;
	enum gd_sheet_kind k;
	int i, rc = GD_EXIT_OK;

	if (n == 0)
		gd_cli_usage(&cli, "--list-sheets: name the spreadsheet files");
	for (i = 0; i < n; i++) {
		gd_error_clear(&err);
		if ((k = gd_ingest_sheet_kind(o, files[i])) == GD_SHEET_NONE) {
			gd_error_set(&err, GD_EXIT_UNUSABLE, files[i], 0, 0,
			    "not a spreadsheet (XLSX, ODS, XLS)");
			gd_cli_report(&cli, &err);
			rc = GD_EXIT_UNUSABLE;
			continue;
		}
		if (n > 1)
			printf("%s:\n", files[i]);
		if (gd_sheet_list(files[i], k, print_sheet, NULL, &err) ==
		    -1) {
			gd_cli_report(&cli, &err);
			if (rc == GD_EXIT_OK || err.code == GD_EXIT_IO)
				rc = err.code;
		}
	}
	if (fflush(stdout) != 0)
		return GD_EXIT_IO;
	return rc;
}

/* Threads by default: one per online CPU (as gd-redact). */
static unsigned long
default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (unsigned long)n;
}

/*
 * GD_INGEST_PARTS=BYTES[:lf|:any], for the tests: parts of BYTES, cut at
 * any line end or at any byte rather than where the quotes are even, so
 * that parts begin inside quoted fields.  Not a user option.
 */
static void
parts_from_env(struct gd_ingest_opts *o)
{
	const char *e = getenv("GD_INGEST_PARTS"), *colon;
	char num[32];
	unsigned long v;
	size_t n;

	if (e == NULL || *e == '\0')
		return;
	colon = strchr(e, ':');
	n = colon ? (size_t)(colon - e) : strlen(e);
	if (n == 0 || n >= sizeof(num))
		return;
	memcpy(num, e, n);
	num[n] = '\0';
	if (gd_parse_ulong(num, &v) == -1 || v < 1)
		return;
	o->part_bytes = v;
	if (colon && strcmp(colon + 1, "lf") == 0)
		o->part_cut = 1;
	else if (colon && strcmp(colon + 1, "any") == 0)
		o->part_cut = 2;
}

int
main(int argc, char **argv)
{
	struct gd_ingest_opts o;
	struct gd_ingest_stats st;
	struct gd_report rep = { .reject = on_reject, .warn = on_warn,
	    .alert = on_alert, .note = on_note };
	struct gd_rejects *rj = NULL;
	struct gd_out *out;
	struct gd_error err, err2;
	struct gd_map *map = NULL;
	const char *mapfile = NULL, *preset = NULL, *consultation = NULL;
	const char *date_order = NULL;
	const char *const *names;
	unsigned long v;
	int c, drop_unmapped = 0, keep_html = 0, list_sheets = 0, rc;

	gd_cli_init(&cli, "gd-ingest");
	rep.ctx = &cli;
	gd_ingest_opts_init(&o);
	while ((c = getopt_long(argc, argv, GD_CLI_SHORTOPTS "f:d:e:m:p:j:",
	    longopts, NULL)) != -1) {
		if (gd_cli_option(&cli, c, optarg, help))
			continue;
		switch (c) {
		case 'f':
			if (gd_ingest_format(optarg, &o.format) == -1)
				gd_cli_usage(&cli, "unknown format: %s "
				    "(csv, tsv, json, ndjson, xlsx, ods, xls, "
				    "auto)", optarg);
			break;
		case 'd':
			o.delim = parse_delim(optarg);
			break;
		case 'e':
			o.encoding = optarg;
			break;
		case 'm':
			mapfile = optarg;
			break;
		case 'p':
			preset = optarg;
			break;
		case OPT_PRINT_PRESET:
			if (gd_map_preset_text(optarg) == NULL)
				gd_cli_usage(&cli, "unknown preset: %s", optarg);
			fputs(gd_map_preset_text(optarg), stdout);
			return fflush(stdout) == 0 ? GD_EXIT_OK : GD_EXIT_IO;
		case OPT_LIST_PRESETS:
			for (names = gd_map_preset_names(); *names; names++)
				puts(*names);
			return fflush(stdout) == 0 ? GD_EXIT_OK : GD_EXIT_IO;
		case OPT_CONSULTATION:
			consultation = optarg;
			break;
		case OPT_HEADER_ROW:
			if (strcmp(optarg, "auto") == 0)
				o.header_row = 0;
			else if (gd_parse_ulong(optarg, &v) == -1 || v < 1 ||
			    v > 1000000)
				gd_cli_usage(&cli, "--header-row: a row number "
				    "or auto: %s", optarg);
			else
				o.header_row = (int)v;
			break;
		case OPT_HEADER_ROWS:
			if (gd_parse_ulong(optarg, &v) == -1 || v < 1 || v > 10)
				gd_cli_usage(&cli, "--header-rows: a number "
				    "from 1 to 10: %s", optarg);
			o.header_rows = (int)v;
			break;
		case OPT_RAGGED:
			o.ragged = 1;
			break;
		case OPT_NO_HEADER:
			o.no_header = 1;
			break;
		case 'j':
			o.join = optarg;
			break;
		case OPT_DROP_UNMAPPED:
			drop_unmapped = 1;
			break;
		case OPT_DATE_ORDER:
			if (strcmp(optarg, "dmy") != 0 && strcmp(optarg, "mdy")
			    != 0 && strcmp(optarg, "auto") != 0)
				gd_cli_usage(&cli, "--date-order: dmy, mdy or "
				    "auto: %s", optarg);
			date_order = optarg;
			break;
		case OPT_STRICT:
			o.strict = 1;
			break;
		case OPT_KEEP_HTML:
			keep_html = 1;
			break;
		case OPT_SHEET:
			o.sheet = optarg;
			break;
		case OPT_LIST_SHEETS:
			list_sheets = 1;
			break;
		case OPT_THREADS:
			if (gd_parse_ulong(optarg, &v) == -1 || v < 1 ||
			    v > MAX_THREADS)
				gd_cli_usage(&cli, "--threads: a number from 1 "
				    "to %d, not %s", MAX_THREADS, optarg);
			o.threads = (unsigned)v;
			break;
		case OPT_MAX_FIELD:
		case OPT_MAX_RECORD:
			if (gd_parse_ulong(optarg, &v) == -1 || v < 1)
				gd_cli_usage(&cli, "%s: a number of bytes: %s",
				    c == OPT_MAX_FIELD ? "--max-field" :
				    "--max-record", optarg);
			if (c == OPT_MAX_FIELD)
				o.max_field = v;
			else
				o.max_record = v;
			break;
		default:
			gd_cli_usage(&cli, "unknown option");
		}
	}
	if (list_sheets)
		return list(&o, argc - optind, argv + optind);
	if (o.threads == 0)
		o.threads = (unsigned)default_threads();
	/*
	 * The workers allocate little once their buffers have grown, so
	 * they share one malloc arena: each arena of its own would reserve
	 * 64 MiB of address space (128 MiB while it is made), which a
	 * limit such as ulimit -v counts, for no measurable speed.
	 */
	if (o.threads > 1)
		(void)mallopt(M_ARENA_MAX, 1);
	parts_from_env(&o);
	if (o.join && !mapfile && !preset)
		gd_cli_usage(&cli, "--join needs --map or --preset (its id "
		    "column is the key)");
	if (o.join && (o.ragged || o.no_header))
		gd_cli_usage(&cli, "--join cannot be used with --ragged or "
		    "--no-header");
	if (o.no_header && o.header_row >= 0)
		gd_cli_usage(&cli, "--no-header and --header-row cannot be "
		    "used together");
	if (mapfile && preset)
		gd_cli_usage(&cli, "--map and --preset cannot be used together");
	if ((drop_unmapped || consultation || date_order || keep_html) &&
	    !mapfile && !preset)
		gd_cli_usage(&cli, "%s needs --map or --preset", drop_unmapped ?
		    "--drop-unmapped" : consultation ? "--consultation" :
		    date_order ? "--date-order" : "--keep-html");
	gd_error_clear(&err);
	if (mapfile)
		map = gd_map_load(mapfile, &err);
	else if (preset && (map = gd_map_preset(preset, &err)) == NULL &&
	    err.code == GD_EXIT_USAGE)
		gd_cli_usage(&cli, "%s (see --list-presets)", err.msg);
	if ((mapfile || preset) && map == NULL) {
		gd_cli_report(&cli, &err);
		return err.code;
	}
	if (map && drop_unmapped)
		gd_map_drop_unmapped(map);
	if (map && keep_html)
		gd_map_keep_html(map);
	if (map && date_order)
		gd_map_set_date_order(map, date_order[0] == 'd' ? GD_DATE_DMY :
		    GD_DATE_MDY, date_order[0] != 'a');
	if (map && consultation && gd_map_set_consultation(map, consultation)
	    == -1) {
		gd_error_nomem(&err, NULL, 0);
		gd_cli_report(&cli, &err);
		return GD_EXIT_IO;
	}
	o.map = map;
	if (cli.progress)
		rep.progress = on_progress;
	memset(&st, 0, sizeof(st));

	if ((out = gd_out_open(cli.output, &err)) == NULL) {
		gd_cli_report(&cli, &err);
		gd_map_free(map);
		return GD_EXIT_IO;
	}
	if (cli.rejects && (rj = gd_rejects_open(cli.rejects, cli.prog, &err))
	    == NULL) {
		gd_cli_report(&cli, &err);
		gd_out_close(out, 0, &err2);
		gd_map_free(map);
		return GD_EXIT_IO;
	}
	rc = gd_ingest_run(&o, (const char *const *)argv + optind,
	    argc - optind, out, rj, &rep, &st, &err);
	if (rc == -1) {
		gd_cli_report(&cli, &err);
		rc = err.code ? err.code : GD_EXIT_IO;
		/* Keep what was read so far: rejects explain it. */
		gd_out_close(out, 0, &err2);
		gd_rejects_close(rj, 1, &err2);
	} else {
		rc = gd_cli_status(&cli, st.rejects);
		if (gd_rejects_close(rj, 1, &err) == -1 ||
		    gd_out_close(out, 1, &err) == -1) {
			gd_cli_report(&cli, &err);
			rc = GD_EXIT_IO;
		}
	}
	if (cli.stats) {
		char more[600] = "";
		size_t k = 0;

		if (o.join)
			k += (size_t)snprintf(more + k, sizeof(more) - k,
			    "; %s: %lu rows, %lu joined, %lu rejected, %lu "
			    "unmatched", o.join, st.join_rows, st.join_rows -
			    st.join_rejects - st.join_unmatched,
			    st.join_rejects, st.join_unmatched);
		if (st.warnings && k < sizeof(more))
			k += (size_t)snprintf(more + k, sizeof(more) - k,
			    "; %lu warning%s", st.warnings, st.warnings == 1 ?
			    "" : "s");
		if (st.dates_undecided && k < sizeof(more))
			snprintf(more + k, sizeof(more) - k, "; %lu date%s "
			    "kept as written (day-month order undecided)",
			    st.dates_undecided, st.dates_undecided == 1 ? "" :
			    "s");
		gd_cli_error(&cli, "%lu rows read: %lu records, %lu rejected, "
		    "%lu header, %lu empty%s", st.rows, st.records,
		    st.rejects - st.join_rejects, st.header, st.empty, more);
	}
	gd_map_free(map);
	return rc;
}
