/*
 * cli.c - the command-line conventions every tool shares (see cli.h):
 * the only place, with the tools themselves, that prints or exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <limits.h>
#include <csv.h>
#include <jansson.h>
#include <libpsl.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sodium.h>
#include <utf8proc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "gd/gd.h"

void
gd_cli_init(struct gd_cli *cli, const char *prog)
{
	int fd;

	memset(cli, 0, sizeof(*cli));
	cli->prog = prog;
	/* A reader that goes away ends us quietly (| head). */
	signal(SIGPIPE, SIG_DFL);
	/*
	 * A standard stream closed by the caller (>&-) stays unusable: it
	 * gets /dev/null opened the wrong way round, so reading standard
	 * input or writing standard output fails as on a closed descriptor
	 * (EBADF), and no file the tool opens later (a temporary file) can
	 * take its number and receive the output.
	 */
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
			(void)open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
	/* So that memory running out is told from bad JSON. */
	gd_json_track_memory();
}

int
gd_parse_ulong(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static void vmsg(const struct gd_cli *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

static void
vmsg(const struct gd_cli *cli, const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fprintf(stderr, "%s: %s\n", cli->prog, buf);
}

void
gd_cli_usage(const struct gd_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(cli, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", cli->prog);
	exit(GD_EXIT_USAGE);
}

void
gd_cli_error(const struct gd_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(cli, fmt, ap);
	va_end(ap);
}

void
gd_cli_warn(const struct gd_cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->quiet)
		return;
	va_start(ap, fmt);
	vmsg(cli, fmt, ap);
	va_end(ap);
}

void
gd_cli_report(const struct gd_cli *cli, const struct gd_error *err)
{
	char buf[GD_ERR_MSG + GD_ERR_FILE + 64];

	fprintf(stderr, "%s: %s\n", cli->prog,
	    gd_error_format(err, buf, sizeof(buf)));
}

void
gd_cli_version(const char *prog)
{
	printf("%s (gd) %s\n", prog, GD_VERSION);
	printf("jansson %s, libcsv %d.%d.%d, iconv and threads: GNU C "
	    "Library %s,\nPCRE2 %d.%d, libsodium %s, utf8proc %s, libpsl %s\n",
	    jansson_version_str(), CSV_MAJOR, CSV_MINOR, CSV_RELEASE,
	    gnu_get_libc_version(), PCRE2_MAJOR, PCRE2_MINOR,
	    sodium_version_string(), utf8proc_version(), psl_get_version());
}

int
gd_cli_option(struct gd_cli *cli, int opt, const char *arg,
    const char *help)
{
	switch (opt) {
	case 'o':
		cli->output = arg;
		return 1;
	case GD_OPT_REJECTS:
		cli->rejects = arg;
		return 1;
	case GD_OPT_MAX_REJECTS:
		if (gd_parse_ulong(arg, &cli->max_rejects) == -1)
			gd_cli_usage(cli, "--max-rejects: not a number: %s",
			    arg);
		return 1;
	case GD_OPT_STATS:
		cli->stats = 1;
		return 1;
	case GD_OPT_PROGRESS:
		cli->progress = 1;
		return 1;
	case 'q':
		cli->quiet = 1;
		return 1;
	case 'h':
		fputs(help, stdout);
		exit(fflush(stdout) == 0 ? GD_EXIT_OK : GD_EXIT_IO);
	case 'V':
		gd_cli_version(cli->prog);
		exit(fflush(stdout) == 0 ? GD_EXIT_OK : GD_EXIT_IO);
	case '?':
		/* getopt_long has said what is wrong. */
		fprintf(stderr, "Try '%s --help' for more information.\n",
		    cli->prog);
		exit(GD_EXIT_USAGE);
	default:
		return 0;
	}
}

int
gd_cli_status(const struct gd_cli *cli, unsigned long nrej)
{
	return nrej > cli->max_rejects ? GD_EXIT_REJECTS : GD_EXIT_OK;
}

int
gd_cli_lines(struct gd_cli *cli, const char *path, unsigned long *lines,
    gd_cli_line_fn fn, void *ctx, struct gd_error *err)
{
	struct gd_source *src;
	struct gd_lines *lr;
	struct gd_cli_line l;
	struct gd_error why;
	size_t i;
	int rc, ret = 0;

	if ((src = gd_source_open(path, "UTF-8", err)) == NULL)
		return -1;
	if ((lr = gd_lines_new(src, 0)) == NULL) {
		gd_source_close(src);
		return gd_error_nomem(err, path, 0);
	}
	while ((rc = gd_lines_next(lr, &l.p, &l.n, &why)) != 0) {
		if (rc == -1) {
			*err = why;
			ret = -1;
			break;
		}
		for (i = 0; i < l.n && (l.p[i] == ' ' || l.p[i] == '\t'); i++)
			;
		if (i == l.n && rc == 1)
			continue;	/* a blank line carries nothing */
		(*lines)++;
		if (cli->progress && *lines % 65536 == 0) {
			long long now = (long long)time(NULL);

			if (now != cli->last_progress) {
				cli->last_progress = now;
				gd_cli_error(cli, "%s: %llu MiB read, %lu records",
				    gd_source_name(src),
				    gd_source_offset(src) >> 20, *lines);
			}
		}
		l.over = rc == -2;
		l.cut = l.over && gd_lines_cut(lr);
		l.why = l.over ? &why : NULL;
		l.file = gd_source_name(src);
		l.lineno = gd_lines_lineno(lr);
		if (fn(ctx, &l) == -1) {
			ret = -1;
			break;
		}
	}
	gd_lines_free(lr);
	gd_source_close(src);
	return ret;
}
