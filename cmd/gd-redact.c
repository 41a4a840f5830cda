/*
 * gd-redact - consent rules, personal-data scrubbing and keyed pseudonyms
 * for gd response records.  See gd-redact(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "gd/gd.h"

static const char help[] =
"Usage: gd-redact [OPTION]... [FILE]...\n"
"Redact gd response records for publication (default) or analysis.\n"
"With no FILE, or when FILE is -, read standard input.\n"
"\n"
"      --for PURPOSE     publication (default): a response withheld, of\n"
"                        unknown consent or moderated out becomes a count-\n"
"                        only record (no id, identity or text); remove\n"
"                        what consent does not allow, scrub text; refuse\n"
"                        gd-tally records not made from redacted input;\n"
"                        analysis: keep every response, replace identity\n"
"                        by a keyed pseudonym, scrub text\n"
"  -k, --key-file FILE   the pseudonym key (default: $GD_KEY_FILE)\n"
"      --new-key FILE    write a fresh random key to FILE (mode 0600), exit\n"
"      --names FILE      also remove these names (one per line)\n"
"      --policy FILE     categories on/off, custom patterns, masking style\n"
"      --audit FILE      write one line per redaction (never the text)\n"
"      --include-moderated  publication: publish responses that the\n"
"                        platform's moderators rejected or their authors\n"
"                        retired too (left out and counted by default)\n"
"      --strict-moderation  publication: leave out responses still pending\n"
"                        moderation too (publish accepted ones, and those\n"
"                        without a moderation state)\n"
"      --unknown-consent POLICY  publication: what a response whose consent\n"
"                        is unknown becomes: withhold (default: counted,\n"
"                        not published) or anonymous (published without\n"
"                        the respondent's identity)\n"
"  -j, --threads N       redact on N threads (default: one per online CPU);\n"
"                        the output is the same for any N\n"
GD_CLI_HELP_COMMON
"\n"
"Examples:\n"
"  gd-ingest -m map.json export.csv | gd-redact -o public.ndjson\n"
"  gd-redact --new-key analysts.key\n"
"  gd-redact --for analysis -k analysts.key --audit audit.ndjson in.ndjson\n";

enum {
	OPT_FOR = GD_OPT_TOOL_BASE,
	OPT_NEW_KEY,
	OPT_NAMES,
	OPT_POLICY,
	OPT_AUDIT,
	OPT_INCLUDE_MODERATED,
	OPT_STRICT_MODERATION,
	OPT_UNKNOWN_CONSENT
};

/* More workers than this gain nothing: one reader and writer feeds them. */
#define MAX_THREADS 256

static const struct option longopts[] = {
	GD_CLI_LONGOPTS,
	{ "for", required_argument, NULL, OPT_FOR },
	{ "key-file", required_argument, NULL, 'k' },
	{ "new-key", required_argument, NULL, OPT_NEW_KEY },
	{ "names", required_argument, NULL, OPT_NAMES },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "audit", required_argument, NULL, OPT_AUDIT },
	{ "include-moderated", no_argument, NULL, OPT_INCLUDE_MODERATED },
	{ "strict-moderation", no_argument, NULL, OPT_STRICT_MODERATION },
	{ "unknown-consent", required_argument, NULL, OPT_UNKNOWN_CONSENT },
	{ "threads", required_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 }
};

static struct gd_cli cli;

struct run {
	struct gd_out *out;
	struct gd_redact_pool *pool;
	struct gd_error ioerr;
	unsigned long read;	/* lines read, for --progress */
	unsigned long lines, written, passed, withheld, moderated, unknown;
	unsigned long rejects;
	int stopped;		/* the pool stopped the run: ioerr says why */
};

/* One line of the input, handed to the workers. */
static int
one_line(void *ctx, const struct gd_cli_line *l)
{
	struct run *r = ctx;
	struct gd_redact_input in;

	in.p = l->p;
	in.n = l->n;
	in.file = l->file;
	in.lineno = l->lineno;
	in.over = l->over ? l->why : NULL;
	in.cut = l->cut;
	if (gd_redact_pool_line(r->pool, &in, &r->ioerr) == -1) {
		r->stopped = 1;
		return -1;
	}
	return 0;
}

/* What the library made of a line, in input order: counted, written. */
static int
line_done(void *ctx, int rc, const struct gd_redact_result *res,
    struct gd_error *err)
{
	struct run *r = ctx;

	r->lines++;
	switch (res->fate) {
	case GD_REDACT_WRITTEN:
		r->written++;
		break;
	case GD_REDACT_PASSED:
		r->passed++;
		break;
	case GD_REDACT_WITHHELD:
		r->withheld++;
		break;
	case GD_REDACT_MODERATED:
		r->moderated++;
		break;
	case GD_REDACT_CONSENT_UNKNOWN:
		r->unknown++;
		break;
	case GD_REDACT_REJECTED:
		r->rejects++;
		if (!cli.quiet)
			gd_cli_report(&cli, &res->why);
		break;
	case GD_REDACT_NONE:
		break;
	}
	if (rc == -1)
		return -1;
	if (res->outlen > 0 &&
	    gd_out_write(r->out, res->out, res->outlen, err) == -1)
		return -1;
	return 0;
}

/* Threads by default: one per online CPU. */
static unsigned long
default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (unsigned long)n;
}

int
main(int argc, char **argv)
{
	struct gd_redact_opts ro;
	struct gd_policy *pol = NULL;
	struct gd_names names = { 0 };
	struct gd_error err, err2;
	struct gd_out *audit = NULL;
	struct gd_rejects *rj = NULL;
	struct run r;
	enum gd_purpose purpose = GD_FOR_PUBLICATION;
	const char *keyfile = NULL, *namesfile = NULL, *policyfile = NULL;
	const char *auditfile = NULL;
	unsigned char *key = NULL;
	int c, i, rc = GD_EXIT_OK, include_mod = 0, strict_mod = 0;
	unsigned long threads = 0;
	enum gd_unknown_consent unknown = GD_UNKNOWN_WITHHOLD;

	gd_cli_init(&cli, "gd-redact");
	memset(&r, 0, sizeof(r));
	while ((c = getopt_long(argc, argv, GD_CLI_SHORTOPTS "j:k:", longopts,
	    NULL)) != -1) {
		if (gd_cli_option(&cli, c, optarg, help))
			continue;
		switch (c) {
		case OPT_FOR:
			if (strcmp(optarg, "publication") == 0)
				purpose = GD_FOR_PUBLICATION;
			else if (strcmp(optarg, "analysis") == 0)
				purpose = GD_FOR_ANALYSIS;
			else
				gd_cli_usage(&cli, "--for: publication or "
				    "analysis, not %s", optarg);
			break;
		case 'j':
			if (gd_parse_ulong(optarg, &threads) == -1 ||
			    threads < 1 || threads > MAX_THREADS)
				gd_cli_usage(&cli, "--threads: a number from 1 "
				    "to %d, not %s", MAX_THREADS, optarg);
			break;
		case 'k':
			keyfile = optarg;
			break;
		case OPT_NEW_KEY:
			if (gd_key_new(optarg, &err) == -1) {
				gd_cli_report(&cli, &err);
				return err.code;
			}
			return GD_EXIT_OK;
		case OPT_NAMES:
			namesfile = optarg;
			break;
		case OPT_POLICY:
			policyfile = optarg;
			break;
		case OPT_AUDIT:
			auditfile = optarg;
			break;
		case OPT_INCLUDE_MODERATED:
			include_mod = 1;
			break;
		case OPT_STRICT_MODERATION:
			strict_mod = 1;
			break;
		case OPT_UNKNOWN_CONSENT:
			if (strcmp(optarg, "withhold") == 0)
				unknown = GD_UNKNOWN_WITHHOLD;
			else if (strcmp(optarg, "anonymous") == 0)
				unknown = GD_UNKNOWN_ANONYMOUS;
			else
				gd_cli_usage(&cli, "--unknown-consent: "
				    "withhold or anonymous, not %s", optarg);
			break;
		default:
			gd_cli_usage(&cli, "unknown option");
		}
	}
	if (include_mod && strict_mod)
		gd_cli_usage(&cli, "--include-moderated and "
		    "--strict-moderation: one or the other");
	/* Which key, if any (the library decides when GD_KEY_FILE may
	 * serve), in locked memory. */
	if (gd_redact_key_source(purpose, keyfile, getenv("GD_KEY_FILE"),
	    &keyfile, &err) == -1 ||
	    (keyfile && (key = gd_key_open(keyfile, &err)) == NULL)) {
		gd_cli_report(&cli, &err);
		return err.code;
	}
	pol = policyfile ? gd_policy_load(policyfile, &err) : gd_policy_new();
	if (pol == NULL) {
		if (policyfile == NULL)
			gd_error_nomem(&err, NULL, 0);
		gd_cli_report(&cli, &err);
		rc = err.code;
		goto done;
	}
	if (namesfile && gd_names_load(&names, namesfile, &err) == -1) {
		gd_cli_report(&cli, &err);
		rc = err.code;
		goto done;
	}
	memset(&ro, 0, sizeof(ro));
	ro.purpose = purpose;
	ro.moderated = include_mod ? GD_MODERATED_PUBLISH : strict_mod ?
	    GD_MODERATED_STRICT : GD_MODERATED_DROP;
	ro.unknown_consent = unknown;
	ro.policy = pol;
	ro.names = namesfile ? &names : NULL;
	ro.key = key;
	if (threads == 0)
		threads = default_threads();
	if ((r.pool = gd_redact_pool_new(&ro, (unsigned)threads, line_done,
	    &r, &err)) == NULL ||
	    (r.out = gd_out_open(cli.output, &err)) == NULL ||
	    (auditfile && (audit = gd_out_open(auditfile, &err)) == NULL) ||
	    (cli.rejects && (rj = gd_rejects_open(cli.rejects, cli.prog,
	    &err)) == NULL) ||
	    gd_redact_pool_sinks(r.pool, audit, rj, &err) == -1) {
		gd_cli_report(&cli, &err);
		rc = err.code;
		goto close;
	}
	for (i = optind; i < argc || (i == optind && argc == optind); i++) {
		/* Every line read is written before the next input is
		 * opened, or a read error is told: as in one thread. */
		if (gd_cli_lines(&cli, i < argc ? argv[i] : "-", &r.read,
		    one_line, &r, &r.ioerr) == -1) {
			if (!r.stopped)
				(void)gd_redact_pool_finish(r.pool, &r.ioerr);
		} else if (gd_redact_pool_finish(r.pool, &r.ioerr) == 0)
			continue;
		gd_cli_report(&cli, &r.ioerr);
		rc = r.ioerr.code ? r.ioerr.code : GD_EXIT_IO;
		break;
	}
	if (rc == GD_EXIT_OK)
		rc = gd_cli_status(&cli, r.rejects);
close:
	/* The workers stop before the files they wrote for are closed. */
	gd_redact_pool_free(r.pool);
	r.pool = NULL;
	{
		int commit = rc == GD_EXIT_OK || rc == GD_EXIT_REJECTS;

		int bad = 0;

		/* Every file is closed (and freed); the first that fails
		 * is told. */
		bad = gd_rejects_close(rj, commit, &err2) == -1;
		commit = commit && !bad;
		if (gd_out_close(audit, commit, bad ? &err : &err2) == -1)
			bad = 1;
		commit = commit && !bad;
		if (gd_out_close(r.out, commit, bad ? &err : &err2) == -1)
			bad = 1;
		if (bad) {
			gd_cli_report(&cli, &err2);
			rc = GD_EXIT_IO;
		}
	}
	/* Never dropped without a word: what moderators took out of the
	 * conversation is said even without --stats. */
	/* After a failure nothing was written: nothing to say of it. */
	if (rc == GD_EXIT_OK || rc == GD_EXIT_REJECTS) {
		if (r.moderated > 0 && !cli.quiet)
			gd_cli_error(&cli, "%lu responses moderated out (%s) "
			    "not published (counted); --include-moderated "
			    "publishes them", r.moderated, ro.moderated ==
			    GD_MODERATED_STRICT ? "rejected, retired or pending" :
			    "rejected or retired");
		if (r.unknown > 0 && !cli.quiet)
			gd_cli_error(&cli, "%lu responses whose consent is "
			    "unknown not published (counted); --unknown-consent "
			    "anonymous publishes them without the respondent's "
			    "identity", r.unknown);
	}
	if (cli.stats)
		gd_cli_error(&cli, "%lu records read: %lu responses written, "
		    "%lu counted but not published (%lu withheld, %lu of "
		    "unknown consent, %lu moderated out), %lu other records "
		    "passed on, %lu rejected", r.lines, r.written,
		    r.withheld + r.unknown + r.moderated, r.withheld,
		    r.unknown, r.moderated, r.passed, r.rejects);
done:
	gd_redact_pool_free(r.pool);
	gd_names_release(&names);
	gd_policy_free(pol);
	gd_key_free(key);
	return rc;
}
