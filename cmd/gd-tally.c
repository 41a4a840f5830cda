/*
 * gd-tally - counts and cross-tabulations of gd response records, by
 * question and by who responded; Likert summaries, themes, stubs,
 * small-cell suppression; partial results that merge.  See gd-tally(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "gd/gd.h"

static const char help[] =
"Usage: gd-tally [OPTION]... [FILE]...\n"
"Count gd response records: a summary (responses, by consent, by moderation\n"
"state, by respondent type) and, for every closed question, counts by answer\n"
"and by respondent type.  Other records are passed on first.  With no FILE,\n"
"or when FILE is -, read standard input.\n"
"\n"
"  -b, --by FIELDS       cross-tabulate these dot paths, comma-separated\n"
"                        (answers.* is each question in turn); repeatable\n"
"      --missing         count absent values as a null cell\n"
"      --min-cell K      suppress counts below K (and what would reveal them)\n"
"      --previous FILE   with --min-cell: withhold again what FILE (an\n"
"                        earlier publication's gd-tally output) withheld\n"
"      --no-collapse     with --min-cell: keep rare respondent types and\n"
"                        Likert answers apart (default: grouped)\n"
"      --scale FILE      Likert labels and scores (JSON; default English)\n"
"      --codebook FILE   count themes of the free text (JSON patterns)\n"
"      --stubs           list stub responses (empty, \"see attached\", short)\n"
"      --with-records    pass the response records on too, before the counts\n"
"                        (with campaigns: marked, as --mark-campaigns does)\n"
"      --campaigns       find campaigns: the same text, or a template with\n"
"                        edits, in many responses (campaign records)\n"
"      --mark-campaigns  pass the response records on, each with its campaign\n"
"      --campaign-mode M include (default), collapse (one voice each) or\n"
"                        separate (a \"voice\" dimension) in the tabulations\n"
"      --campaign-threshold X  similarity to join a campaign (default 0.35)\n"
"      --campaign-min N  responses to make a campaign (default 3)\n"
"      --boilerplate X   share of texts a shared sentence needs to be left\n"
"                        out of comparisons (default 0.5)\n"
"      --compare[=A,B]   compare two groups on every closed question: shares,\n"
"                        differences with 95% intervals, tests (compare\n"
"                        records); default public_employee,citizen\n"
"      --compare-by FIELD  the groups' field (default respondent.type)\n"
"      --partial         write mergeable partial counts instead\n"
"      --merge           combine partial counts (from --partial) into counts,\n"
"                        with the options the partials were made with\n"
"      --strict          a warning (a --by field no response has) is a\n"
"                        failure: exit status 1\n"
GD_CLI_HELP_COMMON
"\n"
"Examples:\n"
"  gd-tally responses.ndjson\n"
"  gd-tally --by respondent.type,answers.q1 --min-cell 5 public.ndjson\n"
"  parallel --pipe gd-tally --partial < big.ndjson | gd-tally --merge\n";

enum {
	OPT_MISSING = GD_OPT_TOOL_BASE,
	OPT_MIN_CELL,
	OPT_NO_COLLAPSE,
	OPT_PREVIOUS,
	OPT_SCALE,
	OPT_CODEBOOK,
	OPT_STUBS,
	OPT_WITH_RECORDS,
	OPT_PARTIAL,
	OPT_MERGE,
	OPT_CAMPAIGNS,
	OPT_MARK,
	OPT_CMODE,
	OPT_CTHRESH,
	OPT_CMIN,
	OPT_BOILER,
	OPT_STRICT,
	OPT_COMPARE,
	OPT_COMPARE_BY
};

static const struct option longopts[] = {
	GD_CLI_LONGOPTS,
	{ "by", required_argument, NULL, 'b' },
	{ "missing", no_argument, NULL, OPT_MISSING },
	{ "min-cell", required_argument, NULL, OPT_MIN_CELL },
	{ "no-collapse", no_argument, NULL, OPT_NO_COLLAPSE },
	{ "previous", required_argument, NULL, OPT_PREVIOUS },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "codebook", required_argument, NULL, OPT_CODEBOOK },
	{ "stubs", no_argument, NULL, OPT_STUBS },
	{ "with-records", no_argument, NULL, OPT_WITH_RECORDS },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "campaigns", no_argument, NULL, OPT_CAMPAIGNS },
	{ "mark-campaigns", no_argument, NULL, OPT_MARK },
	{ "campaign-mode", required_argument, NULL, OPT_CMODE },
	{ "campaign-threshold", required_argument, NULL, OPT_CTHRESH },
	{ "campaign-min", required_argument, NULL, OPT_CMIN },
	{ "boilerplate", required_argument, NULL, OPT_BOILER },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "compare", optional_argument, NULL, OPT_COMPARE },
	{ "compare-by", required_argument, NULL, OPT_COMPARE_BY },
	{ NULL, 0, NULL, 0 }
};

static struct gd_cli cli;

/* Where a partial record kept aside by the merge was read. */
struct kept_at {
	size_t file;		/* in files */
	unsigned long lineno;
};

struct run {
	struct gd_tally *t;
	struct gd_out *out;
	struct gd_rejects *rj;
	struct gd_error ioerr;
	int with_records, merge;
	unsigned long lines, counted, passed, rejects, regrouped;
	struct kept_at *kept;
	size_t nkept, keptcap;
	char **files;		/* the names of the inputs, as messages say */
	size_t nfiles;
	/* --with-records and --min-cell: the records passed on wait here
	 * until the pattern is known, and the counts in counts. */
	FILE *spool;
	struct gd_buf counts;
};

/*
 * Whether the line p is a record of gd-tally's own counts: they begin
 * with "gd" and their kind, as gd-tally writes them.
 */
static int
is_count(const char *p, size_t n)
{
	static const char *const kinds[] = { "summary", "tally", "scale",
	    "theme", "stub", "campaign", "compare", "partial" };
	static const char head[] = "{\"gd\":1,\"kind\":\"";
	size_t i, h = sizeof(head) - 1, k;

	if (n < h || memcmp(p, head, h) != 0)
		return 0;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		k = strlen(kinds[i]);
		if (n > h + k && memcmp(p + h, kinds[i], k) == 0 &&
		    p[h + k] == '"')
			return 1;
	}
	return 0;
}

static int
write_line(void *ctx, const char *p, size_t n, struct gd_error *err)
{
	struct run *r = ctx;

	/* The counts wait for the records; the response records marked
	 * with their campaigns wait with the others for the pattern. */
	if (r->spool && !is_count(p, n)) {
		if (fwrite(p, 1, n, r->spool) != n)
			return gd_error_from_errno(err, GD_EXIT_IO, NULL, 0,
			    "the records kept aside");
		return 0;
	}
	if (r->spool)
		return gd_buf_add(&r->counts, p, n) == -1 ?
		    gd_error_nomem(err, NULL, 0) : 0;
	return gd_out_write(r->out, p, n, err);
}

/*
 * The records kept aside, passed on as the pattern has them (a
 * withheld respondent type as its coarser group), then the counts.
 * Returns 0, or -1 with err.
 */
static int
replay(struct run *r, struct gd_error *err)
{
	struct gd_buf re;
	char *p = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = -1, w;

	gd_buf_init(&re, 0);
	if (fflush(r->spool) == EOF || fseeko(r->spool, 0, SEEK_SET) == -1) {
		gd_error_from_errno(err, GD_EXIT_IO, NULL, 0,
		    "the records kept aside");
		goto done;
	}
	while ((got = getline(&p, &cap, r->spool)) > 0) {
		size_t n = (size_t)got - (p[got - 1] == '\n');

		if ((w = gd_tally_record_for_pattern(r->t, p, n, &re,
		    err)) == -1)
			goto done;
		if (w == 1) {
			r->regrouped++;
			if (gd_out_write(r->out, re.data, re.len, err) == -1 ||
			    gd_out_write(r->out, "\n", 1, err) == -1)
				goto done;
		} else if (gd_out_write(r->out, p, (size_t)got, err) == -1)
			goto done;
	}
	if (ferror(r->spool)) {
		gd_error_from_errno(err, GD_EXIT_IO, NULL, 0,
		    "the records kept aside");
		goto done;
	}
	rc = gd_out_write(r->out, r->counts.data ? r->counts.data : "",
	    r->counts.len, err);
done:
	free(p);
	gd_buf_release(&re);
	return rc;
}

/* Notes where a record the merge kept aside was: for its messages. */
static int
kept_at(struct run *r, const struct gd_cli_line *l)
{
	if (r->nfiles == 0 || strcmp(r->files[r->nfiles - 1], l->file) != 0) {
		char **nf = realloc(r->files, (r->nfiles + 1) * sizeof(*nf));

		if (nf == NULL)
			return gd_error_nomem(&r->ioerr, NULL, 0);
		r->files = nf;
		if ((r->files[r->nfiles] = strdup(l->file)) == NULL)
			return gd_error_nomem(&r->ioerr, NULL, 0);
		r->nfiles++;
	}
	if (r->nkept == r->keptcap) {
		size_t ncap = r->keptcap ? r->keptcap * 2 : 64;
		struct kept_at *nk = realloc(r->kept, ncap * sizeof(*nk));

		if (nk == NULL)
			return gd_error_nomem(&r->ioerr, NULL, 0);
		r->kept = nk;
		r->keptcap = ncap;
	}
	r->kept[r->nkept].file = r->nfiles - 1;
	r->kept[r->nkept].lineno = l->lineno;
	r->nkept++;
	return 0;
}

/*
 * --previous FILE: the earlier publication's records, for its pattern.
 * Returns 0, or -1 with err (the file; a line not JSON: its place).
 */
static int
read_previous(struct gd_tally *t, const char *file, struct gd_error *err)
{
	FILE *f;
	char *p = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned long lineno = 0;
	int rc = 0;

	if ((f = fopen(file, "r")) == NULL)
		return gd_error_from_errno(err, GD_EXIT_IO, file, 0,
		    "--previous: cannot open");
	while (rc == 0 && (got = getline(&p, &cap, f)) > 0) {
		lineno++;
		if ((rc = gd_tally_previous_add(t, p, (size_t)got, err)) ==
		    -1 && !err->nomem) {
			snprintf(err->file, sizeof(err->file), "%s", file);
			err->line = lineno;
		}
	}
	if (rc == 0 && ferror(f))
		rc = gd_error_from_errno(err, GD_EXIT_IO, file, 0,
		    "--previous: cannot read");
	free(p);
	fclose(f);
	return rc;
}

/* One line of the input: counted, merged, passed on or rejected. */
static int
one_line(void *ctx, const struct gd_cli_line *l)
{
	struct run *r = ctx;
	struct gd_error why;
	int rc;

	if (l->over) {
		why = *l->why;
		rc = -1;
	} else {
		rc = r->merge ? gd_tally_merge(r->t, l->p, l->n, &why) :
		    gd_tally_add(r->t, l->p, l->n, &why);
	}
	if (rc == GD_TALLY_KEPT)
		return kept_at(r, l);
	if (rc == -1 && why.code != GD_EXIT_REJECTS) {
		/* Options that contradict the partials': which partial. */
		if (why.code == GD_EXIT_USAGE || why.code == GD_EXIT_UNUSABLE) {
			snprintf(why.file, sizeof(why.file), "%s", l->file);
			why.line = l->lineno;
		}
		r->ioerr = why;
		return -1;
	}
	if (rc == -1) {
		r->rejects++;
		snprintf(why.file, sizeof(why.file), "%s", l->file);
		why.line = l->lineno;
		if (!cli.quiet)
			gd_cli_report(&cli, &why);
		return gd_rejects_add(r->rj, &why, l->p, l->n, l->cut,
		    &r->ioerr);
	}
	if (rc == 1)
		r->counted++;
	else
		r->passed++;
	if ((rc == 0 || r->with_records) && r->spool) {
		if (fwrite(l->p, 1, l->n, r->spool) != l->n ||
		    putc('\n', r->spool) == EOF)
			return gd_error_from_errno(&r->ioerr, GD_EXIT_IO,
			    NULL, 0, "the records kept aside");
		return 0;
	}
	if ((rc == 0 || r->with_records) &&
	    (gd_out_write(r->out, l->p, l->n, &r->ioerr) == -1 ||
	    gd_out_write(r->out, "\n", 1, &r->ioerr) == -1))
		return -1;
	return 0;
}

/*
 * The end of a merge's input: the partial records kept aside, merged
 * now that every record of options has come, or rejected.  Returns 0,
 * or -1 with r->ioerr.
 */
static int
merge_kept(struct run *r)
{
	struct gd_cli_line l;
	size_t i;

	if (gd_tally_merge_end(r->t, &r->ioerr) == -1)
		return -1;
	memset(&l, 0, sizeof(l));
	for (i = 0; i < gd_tally_kept(r->t); i++) {
		if (gd_tally_kept_line(r->t, i, &l.p, &l.n, &r->ioerr) == -1)
			return -1;
		l.file = r->files[r->kept[i].file];
		l.lineno = r->kept[i].lineno;
		if (one_line(r, &l) == -1)
			return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct gd_tally_opts o;
	struct gd_error err, err2;
	struct run r;
	const char **by = NULL;
	const char *f;
	char *cmp_a = NULL;
	unsigned long v;
	size_t k;
	int c, i, partial = 0, rc = GD_EXIT_OK, commit, strict = 0, marked = 0;
	int counting = 0;	/* an option that shapes the counts */
	const char *previous = NULL;

	gd_cli_init(&cli, "gd-tally");
	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	gd_buf_init(&r.counts, 0);
	if ((by = calloc((size_t)argc + 1, sizeof(*by))) == NULL) {
		gd_error_nomem(&err, NULL, 0);
		gd_cli_report(&cli, &err);
		return GD_EXIT_IO;
	}
	while ((c = getopt_long(argc, argv, GD_CLI_SHORTOPTS "b:", longopts,
	    NULL)) != -1) {
		if (gd_cli_option(&cli, c, optarg, help))
			continue;
		counting |= c == 'b' || c == OPT_MISSING || c == OPT_SCALE ||
		    c == OPT_CODEBOOK || c == OPT_STUBS || c == OPT_CAMPAIGNS ||
		    c == OPT_CMODE || c == OPT_CTHRESH || c == OPT_CMIN ||
		    c == OPT_BOILER || c == OPT_COMPARE || c == OPT_COMPARE_BY;
		switch (c) {
		case 'b':
			by[o.nby++] = optarg;
			break;
		case OPT_MISSING:
			o.missing = 1;
			break;
		case OPT_MIN_CELL:
			if (gd_parse_ulong(optarg, &v) == -1)
				gd_cli_usage(&cli, "--min-cell: not a number: "
				    "%s", optarg);
			o.min_cell = v;
			break;
		case OPT_NO_COLLAPSE:
			o.no_collapse = 1;
			break;
		case OPT_PREVIOUS:
			previous = optarg;
			break;
		case OPT_SCALE:
			o.scale_file = optarg;
			break;
		case OPT_CODEBOOK:
			o.codebook = optarg;
			break;
		case OPT_STUBS:
			o.stubs = 1;
			break;
		case OPT_WITH_RECORDS:
			r.with_records = 1;
			break;
		case OPT_PARTIAL:
			partial = 1;
			break;
		case OPT_MERGE:
			r.merge = 1;
			break;
		case OPT_CAMPAIGNS:
			o.campaigns = 1;
			break;
		case OPT_MARK:
			o.campaigns = o.mark_campaigns = 1;
			break;
		case OPT_CMODE:
			o.campaigns = 1;
			if (strcmp(optarg, "include") == 0)
				o.campaign_mode = GD_CAMPAIGN_INCLUDE;
			else if (strcmp(optarg, "collapse") == 0)
				o.campaign_mode = GD_CAMPAIGN_COLLAPSE;
			else if (strcmp(optarg, "separate") == 0)
				o.campaign_mode = GD_CAMPAIGN_SEPARATE;
			else
				gd_cli_usage(&cli, "--campaign-mode: include, "
				    "collapse or separate, not %s", optarg);
			break;
		case OPT_CTHRESH:
		case OPT_BOILER:
			o.campaigns = 1;
			{
				char *end;
				double x = strtod(optarg, &end);

				if (*end || end == optarg || !(x > 0 && x <= 1))
					gd_cli_usage(&cli, "%s: a number above 0 "
					    "and at most 1: %s", c == OPT_CTHRESH ?
					    "--campaign-threshold" :
					    "--boilerplate", optarg);
				if (c == OPT_CTHRESH)
					o.campaign_threshold = x;
				else
					o.boilerplate = x;
			}
			break;
		case OPT_CMIN:
			o.campaigns = 1;
			if (gd_parse_ulong(optarg, &v) == -1 || v < 2)
				gd_cli_usage(&cli, "--campaign-min: 2 or more: "
				    "%s", optarg);
			o.campaign_min = v;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_COMPARE:
			o.compare = 1;
			if (optarg == NULL) {
				/* "--compare A,B" reads A,B as a file. */
				if (optind < argc && strchr(argv[optind], ',') &&
				    access(argv[optind], F_OK) == -1)
					gd_cli_usage(&cli, "--compare: write the "
					    "groups as --compare=%s", argv[optind]);
				break;
			}
			{
				const char *comma = strchr(optarg, ',');

				if (comma == NULL || comma == optarg ||
				    comma[1] == '\0' || strchr(comma + 1, ','))
					gd_cli_usage(&cli, "--compare: two groups, "
					    "A,B: %s", optarg);
				if ((cmp_a = strndup(optarg, (size_t)(comma -
				    optarg))) == NULL) {
					gd_error_nomem(&err, NULL, 0);
					gd_cli_report(&cli, &err);
					return GD_EXIT_IO;
				}
				o.compare_a = cmp_a;
				o.compare_b = comma + 1;
			}
			break;
		case OPT_COMPARE_BY:
			o.compare = 1;
			o.compare_by = optarg;
			break;
		default:
			gd_cli_usage(&cli, "unknown option");
		}
	}
	if (partial && r.merge)
		gd_cli_usage(&cli, "--partial and --merge cannot be used "
		    "together");
	if ((r.with_records || o.mark_campaigns) && partial)
		gd_cli_usage(&cli, "records are passed on by a whole run or a "
		    "merge, not by --partial");
	if (r.with_records && r.merge)
		gd_cli_usage(&cli, "--with-records goes with a whole run, not "
		    "with --partial or --merge");
	/* With campaigns, the responses passed on say which they are in:
	 * a report must not quote a campaign's copies as voices of their
	 * own.  They come once the campaigns are known. */
	if (r.with_records && o.campaigns) {
		o.mark_campaigns = 1;
		r.with_records = 0;
		marked = 1;
	}
	o.by = by;
	o.partial = partial;
	/* A merge given none of them takes the partials'. */
	o.from_partials = r.merge && !counting;
	if ((r.t = gd_tally_new(&o, &err)) == NULL) {
		if (err.code == GD_EXIT_USAGE)
			gd_cli_usage(&cli, "%s", err.msg);
		gd_cli_report(&cli, &err);
		free(by);
		free(cmp_a);
		return err.code;
	}
	if ((r.out = gd_out_open(cli.output, &err)) == NULL ||
	    (cli.rejects && (r.rj = gd_rejects_open(cli.rejects, cli.prog,
	    &err)) == NULL)) {
		gd_cli_report(&cli, &err);
		rc = GD_EXIT_IO;
		goto close;
	}
	if (previous && read_previous(r.t, previous, &err) == -1) {
		gd_cli_report(&cli, &err);
		rc = err.code;
		goto close;
	}
	/* The records wait for the pattern they are published with. */
	if ((r.with_records || marked) && o.min_cell > 0 &&
	    (r.spool = tmpfile()) == NULL) {
		gd_error_from_errno(&err, GD_EXIT_IO, NULL, 0,
		    "a temporary file");
		gd_cli_report(&cli, &err);
		rc = GD_EXIT_IO;
		goto close;
	}
	for (i = optind; i < argc || (i == optind && argc == optind); i++) {
		if (gd_cli_lines(&cli, i < argc ? argv[i] : "-", &r.lines,
		    one_line, &r, &r.ioerr) == -1) {
			gd_cli_report(&cli, &r.ioerr);
			rc = r.ioerr.code ? r.ioerr.code : GD_EXIT_IO;
			goto close;
		}
	}
	if (r.merge && merge_kept(&r) == -1) {
		gd_cli_report(&cli, &r.ioerr);
		rc = r.ioerr.code ? r.ioerr.code : GD_EXIT_IO;
		goto close;
	}
	if ((partial ? gd_tally_write_partial(r.t, write_line, &r, &err) :
	    gd_tally_write(r.t, write_line, &r, &err)) == -1 ||
	    (r.spool && replay(&r, &err) == -1)) {
		gd_cli_report(&cli, &err);
		rc = GD_EXIT_IO;
		goto close;
	}
	rc = gd_cli_status(&cli, r.rejects);
	/* Fail loud: a withheld count the audit could not widen (a whole
	 * publication of fewer than k responses) is published as narrow as
	 * it is. */
	if (!partial && o.min_cell > 0 &&
	    gd_tally_sdc_stats(r.t)->unprotected > 0) {
		gd_cli_warn(&cli, "--min-cell %lu: %llu withheld counts can "
		    "still be bounded to less than %lu from what is published "
		    "(too few responses to protect them)", o.min_cell,
		    gd_tally_sdc_stats(r.t)->unprotected, o.min_cell);
		if (strict)
			rc = GD_EXIT_REJECTS;
	}
	/* At the end, when every record is counted: a field that no
	 * response has is a typo more often than not. */
	for (k = 0; (f = gd_tally_unseen(r.t, k)) != NULL; k++) {
		if (strict)
			gd_cli_error(&cli, "--by: no response has a value at %s",
			    f);
		else
			gd_cli_warn(&cli, "--by: no response has a value at %s",
			    f);
	}
	/* A group no response has (misspelt) compares nothing. */
	if (o.compare && !partial && gd_tally_compared(r.t) == 0) {
		if (strict)
			gd_cli_error(&cli, "--compare: no question was answered "
			    "by both groups");
		else
			gd_cli_warn(&cli, "--compare: no question was answered "
			    "by both groups");
		k++;
	}
	if (strict && k > 0)
		rc = GD_EXIT_REJECTS;
close:
	commit = rc == GD_EXIT_OK || rc == GD_EXIT_REJECTS;
	if ((r.rj && gd_rejects_close(r.rj, commit, &err2) == -1) ||
	    (r.out && gd_out_close(r.out, commit, &err2) == -1)) {
		gd_cli_report(&cli, &err2);
		rc = GD_EXIT_IO;
	}
	if (cli.stats)
		gd_cli_error(&cli, "%lu records read: %lu %s, %lu other records "
		    "passed on, %lu rejected", r.lines, r.counted, r.merge ?
		    "partial records merged" : "responses counted", r.passed,
		    r.rejects);
	if (cli.stats && !partial && o.min_cell > 0 && r.t) {
		const struct gd_tally_sdc *sd = gd_tally_sdc_stats(r.t);

		if (r.spool)
			gd_cli_error(&cli, "--min-cell %lu: %lu responses "
			    "passed on as respondent type \"%s\": the summary "
			    "withholds theirs", o.min_cell, r.regrouped,
			    GD_TALLY_OTHER_TYPE);

		gd_cli_error(&cli, "--min-cell %lu: %llu cells withheld "
		    "(%llu of them secondary), %llu counted responses in them; "
		    "audit: %llu rounds, %llu linear programs, narrowest "
		    "interval %.4g, %llu cells unprotected", o.min_cell,
		    sd->cells, sd->secondary, sd->counts, sd->rounds, sd->lps,
		    sd->cells ? sd->narrowest : 0.0, sd->unprotected);
	}
	gd_tally_free(r.t);
	if (r.spool)
		fclose(r.spool);
	gd_buf_release(&r.counts);
	free(by);
	free(cmp_a);
	for (k = 0; k < r.nfiles; k++)
		free(r.files[k]);
	free(r.files);
	free(r.kept);
	return rc;
}
