/*
 * cli.h - what every gd command line has in common (cmd/cli.c, linked
 * into each tool; not part of libgd, which never prints or exits).
 *
 * The same long option means the same in every tool: -o/--output,
 * --rejects, --max-rejects, --stats, --progress, -q/--quiet, -h/--help,
 * -V/--version.  Messages go to standard error in one form:
 * "gd-ingest: FILE:LINE: message".
 *
 * Include it before gd/gd.h (which ends with gd/banned.h).
 */
#ifndef GD_CMD_CLI_H
#define GD_CMD_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "gd/error.h"

struct gd_cli {
	const char *prog;	/* "gd-ingest" */
	const char *output;	/* -o; NULL: standard output */
	const char *rejects;	/* --rejects FILE */
	unsigned long max_rejects;
	int stats;
	int progress;
	int quiet;
	long long last_progress;	/* time of the last --progress line */
};

/* Option codes of the common long options (above the ASCII range). */
enum {
	GD_OPT_REJECTS = 0x1000,
	GD_OPT_MAX_REJECTS,
	GD_OPT_STATS,
	GD_OPT_PROGRESS,
	GD_OPT_TOOL_BASE = 0x1100	/* tools number their own options from here */
};

/* The common entries of a getopt_long table, to put first in a tool's. */
#define GD_CLI_LONGOPTS \
	{ "output", required_argument, NULL, 'o' }, \
	{ "rejects", required_argument, NULL, GD_OPT_REJECTS }, \
	{ "max-rejects", required_argument, NULL, GD_OPT_MAX_REJECTS }, \
	{ "stats", no_argument, NULL, GD_OPT_STATS }, \
	{ "progress", no_argument, NULL, GD_OPT_PROGRESS }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }

/* The common short options, for a tool's optstring. */
#define GD_CLI_SHORTOPTS "o:qhV"

/* The common lines of every --help text. */
#define GD_CLI_HELP_COMMON \
"  -o, --output FILE     write to FILE (atomically) instead of standard output\n" \
"      --rejects FILE    write rejected input to FILE as reject records\n" \
"      --max-rejects N   exit 0 when at most N inputs were rejected\n" \
"      --stats           print one summary line on standard error\n" \
"      --progress        report progress on standard error\n" \
"  -q, --quiet           print no warnings or per-reject messages\n" \
"  -h, --help            print this help and exit\n" \
"  -V, --version         print the version and exit\n" \
"\n" \
"Exit status: 0 ok; 1 some input rejected; 2 usage error; 3 input unusable;\n" \
"4 I/O or system error.\n"

/* Sets defaults (prog must outlive cli).  Also sets SIGPIPE to default. */
void gd_cli_init(struct gd_cli *cli, const char *prog);

/*
 * Handles a common option returned by getopt_long.  Returns 1 when opt was
 * one (help and version print and exit 0 here; a bad argument is a usage
 * error: message and exit 2), 0 when it is the tool's own.
 */
int gd_cli_option(struct gd_cli *cli, int opt, const char *arg,
    const char *help);

/* Prints "prog: message" and "Try 'prog --help'." and exits 2. */
void gd_cli_usage(const struct gd_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Prints "prog: message" (always, also with -q). */
void gd_cli_error(const struct gd_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "prog: message" unless -q. */
void gd_cli_warn(const struct gd_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints an error report as "prog: FILE:LINE:COL: message" (always). */
void gd_cli_report(const struct gd_cli *cli, const struct gd_error *err);

/* Prints the version line and the versions of the libraries, to stdout. */
void gd_cli_version(const char *prog);

/*
 * Parses a non-negative decimal number (for option arguments).  Returns 0
 * with *out set, or -1 when s is not one.
 */
int gd_parse_ulong(const char *s, unsigned long *out);

/*
 * The exit status for a run that rejected nrej inputs: GD_EXIT_REJECTS
 * when more than --max-rejects, else GD_EXIT_OK.
 */
int gd_cli_status(const struct gd_cli *cli, unsigned long nrej);

/* A line of a gd record stream, as gd_cli_lines() gives it. */
struct gd_cli_line {
	const char *p;		/* its bytes, not NUL-terminated */
	size_t n;
	int over;		/* longer than the cap: p holds its first bytes */
	int cut;		/* with over: the first bytes only (gd_lines_cut) */
	const struct gd_error *why;	/* with over: the reject, placed */
	const char *file;	/* the input's name, for messages */
	unsigned long lineno;
};

typedef int (*gd_cli_line_fn)(void *ctx, const struct gd_cli_line *l);

/*
 * Reads the gd record stream path ("-": standard input; UTF-8, as gd
 * records are) and calls fn for each line that is not blank (nothing but
 * spaces and tabs), counting them in *lines.  With --progress, says how
 * far it is on standard error every 65,536 lines, once a second at most.
 * fn returns 0 to go on, -1 to stop.  Returns 0 at the end of the input;
 * -1 when fn stopped (err as fn left it) or reading failed (err filled,
 * GD_EXIT_IO).
 */
int gd_cli_lines(struct gd_cli *cli, const char *path, unsigned long *lines,
    gd_cli_line_fn fn, void *ctx, struct gd_error *err);

#endif
