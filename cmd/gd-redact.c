/*
 * gd-redact - consent rules, personal-data scrubbing and keyed pseudonyms
 * for gd response records.  See gd-redact(1).
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gd/gd.h"

static const char help[] =
"Usage: gd-redact [OPTION]... [FILE]...\n"
"Redact gd response records for publication (default) or analysis.\n"
"With no FILE, or when FILE is -, read standard input.\n"
"\n"
"      --for PURPOSE     publication (default): drop withheld responses and\n"
"                        those moderated out, remove what consent does not\n"
"                        allow, scrub text;\n"
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
	OPT_STRICT_MODERATION
};

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
	{ NULL, 0, NULL, 0 }
};

static struct gd_cli cli;

struct run {
	struct gd_out *out, *audit;
	struct gd_rejects *rj;
	struct gd_redactor *red;
	enum gd_purpose purpose;
	struct gd_buf line;
	struct gd_error ioerr;
	int io_failed;
	unsigned long lines, written, passed, withheld, moderated, rejects;
};

static void
on_audit(void *ctx, const struct gd_audit_event *ev)
{
	struct run *r = ctx;
	struct gd_jw jw;

	if (r->io_failed)
		return;
	gd_buf_reset(&r->line);
	gd_jw_init(&jw, &r->line);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "gd");
	gd_jw_int(&jw, GD_FORMAT_VERSION);
	gd_jw_keyz(&jw, "kind");
	gd_jw_strz(&jw, "audit");
	gd_jw_keyz(&jw, "id");
	gd_jw_strz(&jw, ev->id);
	gd_jw_keyz(&jw, "path");
	gd_jw_strz(&jw, ev->path);
	gd_jw_keyz(&jw, "category");
	gd_jw_strz(&jw, ev->category);
	gd_jw_keyz(&jw, "detector");
	gd_jw_strz(&jw, ev->detector);
	gd_jw_keyz(&jw, "action");
	gd_jw_strz(&jw, ev->action);
	if (strcmp(ev->action, "replaced") == 0) {
		gd_jw_keyz(&jw, "offset");
		gd_jw_int(&jw, (long long)ev->offset);
		gd_jw_keyz(&jw, "length");
		gd_jw_int(&jw, (long long)ev->length);
	}
	gd_jw_obj_close(&jw);
	if (jw.err || gd_buf_addc(&r->line, '\n') == -1 ||
	    gd_out_write(r->audit, r->line.data, r->line.len, &r->ioerr) ==
	    -1) {
		if (jw.err)
			gd_error_set(&r->ioerr, GD_EXIT_IO, NULL, 0, 0,
			    "out of memory");
		r->io_failed = 1;
	}
}

/* A line that cannot be passed on: reported, counted, kept aside. */
static int
reject_cut(struct run *r, struct gd_error *why, const char *raw, size_t n,
    int cut)
{
	r->rejects++;
	if (!cli.quiet)
		gd_cli_report(&cli, why);
	if (r->purpose == GD_FOR_PUBLICATION)
		raw = NULL;
	return gd_rejects_add(r->rj, why, raw, n, cut, &r->ioerr);
}

static int
reject(struct run *r, struct gd_error *why, const char *raw, size_t n)
{
	r->rejects++;
	if (!cli.quiet)
		gd_cli_report(&cli, why);
	/* Publication: the rejects file must not become a leak. */
	if (r->purpose == GD_FOR_PUBLICATION)
		raw = NULL;
	return gd_rejects_add(r->rj, why, raw, n, 0, &r->ioerr);
}

static int
write_json(struct run *r, json_t *rec)
{
	struct gd_jw jw;

	gd_buf_reset(&r->line);
	gd_jw_init(&jw, &r->line);
	gd_jw_json(&jw, rec);
	if (jw.err || gd_buf_addc(&r->line, '\n') == -1)
		return gd_error_set(&r->ioerr, GD_EXIT_IO, NULL, 0, 0,
		    "out of memory");
	return gd_out_write(r->out, r->line.data, r->line.len, &r->ioerr);
}

/* One input line. */
static int
one(struct run *r, const char *file, unsigned long lineno, const char *p,
    size_t n)
{
	struct gd_error why;
	json_error_t je;
	json_t *rec;
	const char *kind;
	int rc;

	rec = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
	if (rec == NULL && gd_json_nomem(&je))
		return gd_error_set(&r->ioerr, GD_EXIT_IO, file, lineno, 0,
		    "out of memory");
	if (rec == NULL || !json_is_object(rec)) {
		gd_error_set(&why, GD_EXIT_REJECTS, file, lineno,
		    rec ? 0 : (unsigned long)(je.column > 0 ? je.column : 0),
		    rec ? "not a JSON object" : "not valid JSON: %s", je.text);
		json_decref(rec);
		return reject(r, &why, p, n);
	}
	kind = json_string_value(json_object_get(rec, "kind"));
	if (kind == NULL || json_integer_value(json_object_get(rec, "gd")) !=
	    GD_FORMAT_VERSION) {
		/* Not a gd record (an export piped in by mistake?): what
		 * cannot be told apart is not passed on. */
		json_decref(rec);
		gd_error_set(&why, GD_EXIT_REJECTS, file, lineno, 0,
		    "not a gd record (needs \"gd\": 1 and \"kind\"): run "
		    "gd-ingest first");
		return reject(r, &why, p, n);
	}
	if (strcmp(kind, "response") != 0) {
		r->passed++;
		if (kind && strcmp(kind, "reject") == 0 &&
		    r->purpose == GD_FOR_PUBLICATION) {
			/* A reject carries raw input: not for the public. */
			json_object_del(rec, "raw");
			json_object_del(rec, "raw_base64");
			rc = write_json(r, rec);
			json_decref(rec);
			return rc;
		}
		json_decref(rec);
		if (gd_out_write(r->out, p, n, &r->ioerr) == -1 ||
		    gd_out_write(r->out, "\n", 1, &r->ioerr) == -1)
			return -1;
		return 0;
	}
	rc = gd_redact(r->red, rec, &why);
	if (rc == -1) {
		json_decref(rec);
		if (why.code == GD_EXIT_IO) {
			r->ioerr = why;
			return -1;
		}
		why.code = GD_EXIT_REJECTS;
		snprintf(why.file, sizeof(why.file), "%s", file);
		why.line = lineno;
		return reject(r, &why, p, n);
	}
	if (rc == 1 || rc == 2) {
		if (rc == 1)
			r->withheld++;
		else
			r->moderated++;
		json_decref(rec);
		return 0;
	}
	r->written++;
	rc = write_json(r, rec);
	json_decref(rec);
	return rc;
}

/* One line of the input: redacted and written, or rejected. */
static int
one_line(void *ctx, const struct gd_cli_line *l)
{
	struct run *r = ctx;
	struct gd_error why;

	if (l->over) {
		why = *l->why;
		return reject_cut(r, &why, l->p, l->n, l->cut);
	}
	if (one(r, l->file, l->lineno, l->p, l->n) == -1 || r->io_failed)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct gd_redact_opts ro;
	struct gd_policy *pol = NULL;
	struct gd_names names = { 0 };
	struct gd_error err, err2;
	struct run r;
	const char *keyfile = NULL, *namesfile = NULL, *policyfile = NULL;
	const char *auditfile = NULL;
	unsigned char *key = NULL;
	int c, i, rc = GD_EXIT_OK, include_mod = 0, strict_mod = 0;

	gd_cli_init(&cli, "gd-redact");
	memset(&r, 0, sizeof(r));
	r.purpose = GD_FOR_PUBLICATION;
	while ((c = getopt_long(argc, argv, GD_CLI_SHORTOPTS "k:", longopts,
	    NULL)) != -1) {
		if (gd_cli_option(&cli, c, optarg, help))
			continue;
		switch (c) {
		case OPT_FOR:
			if (strcmp(optarg, "publication") == 0)
				r.purpose = GD_FOR_PUBLICATION;
			else if (strcmp(optarg, "analysis") == 0)
				r.purpose = GD_FOR_ANALYSIS;
			else
				gd_cli_usage(&cli, "--for: publication or "
				    "analysis, not %s", optarg);
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
		default:
			gd_cli_usage(&cli, "unknown option");
		}
	}
	if (include_mod && strict_mod)
		gd_cli_usage(&cli, "--include-moderated and "
		    "--strict-moderation: one or the other");
	/* The environment holds the analysts' key: it never makes
	 * pseudonyms for publication (give that key with --key-file). */
	if (keyfile == NULL && r.purpose == GD_FOR_ANALYSIS &&
	    getenv("GD_KEY_FILE") && *getenv("GD_KEY_FILE"))
		keyfile = getenv("GD_KEY_FILE");
	if (r.purpose == GD_FOR_ANALYSIS && keyfile == NULL) {
		gd_cli_error(&cli, "analysis needs a pseudonym key "
		    "(--key-file FILE or GD_KEY_FILE); make one with "
		    "gd-redact --new-key FILE");
		return GD_EXIT_UNUSABLE;
	}
	if (sodium_init() < 0) {
		gd_cli_error(&cli, "cannot start libsodium");
		return GD_EXIT_IO;
	}
	if (keyfile) {
		/* Locked memory, wiped when freed. */
		if ((key = sodium_malloc(GD_KEY_BYTES)) == NULL) {
			gd_cli_error(&cli, "out of memory");
			return GD_EXIT_IO;
		}
		if (gd_key_load(keyfile, key, &err) == -1) {
			gd_cli_report(&cli, &err);
			sodium_free(key);
			return err.code;
		}
	}
	pol = policyfile ? gd_policy_load(policyfile, &err) : gd_policy_new();
	if (pol == NULL) {
		if (policyfile == NULL)
			gd_error_set(&err, GD_EXIT_IO, NULL, 0, 0,
			    "out of memory");
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
	ro.purpose = r.purpose;
	ro.moderated = include_mod ? GD_MODERATED_PUBLISH : strict_mod ?
	    GD_MODERATED_STRICT : GD_MODERATED_DROP;
	ro.policy = pol;
	ro.names = namesfile ? &names : NULL;
	ro.key = key;
	ro.audit = auditfile ? on_audit : NULL;
	ro.audit_ctx = &r;
	gd_buf_init(&r.line, 0);
	if ((r.red = gd_redactor_new(&ro, &err)) == NULL ||
	    (r.out = gd_out_open(cli.output, &err)) == NULL ||
	    (auditfile && (r.audit = gd_out_open(auditfile, &err)) == NULL) ||
	    (cli.rejects && (r.rj = gd_rejects_open(cli.rejects, cli.prog,
	    &err)) == NULL)) {
		gd_cli_report(&cli, &err);
		rc = err.code;
		goto close;
	}
	for (i = optind; i < argc || (i == optind && argc == optind); i++) {
		if (gd_cli_lines(&cli, i < argc ? argv[i] : "-", &r.lines,
		    one_line, &r, &r.ioerr) == -1) {
			gd_cli_report(&cli, &r.ioerr);
			rc = r.ioerr.code ? r.ioerr.code : GD_EXIT_IO;
			break;
		}
	}
	if (rc == GD_EXIT_OK)
		rc = gd_cli_status(&cli, r.rejects);
close:
	{
		int commit = rc == GD_EXIT_OK || rc == GD_EXIT_REJECTS;

		if ((r.rj && gd_rejects_close(r.rj, commit, &err2) == -1) ||
		    (r.audit && gd_out_close(r.audit, commit, &err2) == -1) ||
		    (r.out && gd_out_close(r.out, commit, &err2) == -1)) {
			gd_cli_report(&cli, &err2);
			rc = GD_EXIT_IO;
		}
	}
	/* Never dropped without a word: what moderators took out of the
	 * conversation is said even without --stats. */
	if (r.moderated > 0 && !cli.quiet)
		gd_cli_error(&cli, "%lu responses moderated out (%s) not "
		    "published; --include-moderated publishes them",
		    r.moderated, ro.moderated == GD_MODERATED_STRICT ?
		    "rejected, retired or pending" : "rejected or retired");
	if (cli.stats)
		gd_cli_error(&cli, "%lu records read: %lu responses written, "
		    "%lu withheld (not published), %lu moderated out (not "
		    "published), %lu other records passed on, %lu rejected",
		    r.lines, r.written, r.withheld, r.moderated, r.passed,
		    r.rejects);
done:
	gd_redactor_free(r.red);
	gd_buf_release(&r.line);
	gd_names_release(&names);
	gd_policy_free(pol);
	if (key)
		sodium_free(key);
	return rc;
}
