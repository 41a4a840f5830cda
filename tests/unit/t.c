/*
 * t.c - the unit test runner: runs every registered test (or those named
 * on the command line) and ends with "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"

struct t_case {
	const char *name;
	void (*fn)(void);
};

static struct t_case cases[1024];
static int ncases;
static int cur_failed;
static const char *cur_name;

void
t_register(const char *name, void (*fn)(void))
{
	if (ncases < (int)(sizeof(cases) / sizeof(cases[0]))) {
		cases[ncases].name = name;
		cases[ncases].fn = fn;
		ncases++;
	}
}

void
t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s (%s:%d): ", cur_name, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cur_failed = 1;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(((const struct t_case *)a)->name,
	    ((const struct t_case *)b)->name);
}

int
main(int argc, char **argv)
{
	int passed = 0, failed = 0, i, j, run;

	qsort(cases, ncases, sizeof(cases[0]), cmp);
	for (i = 0; i < ncases; i++) {
		run = argc < 2;
		for (j = 1; j < argc; j++)
			if (strcmp(argv[j], cases[i].name) == 0)
				run = 1;
		if (!run)
			continue;
		cur_name = cases[i].name;
		cur_failed = 0;
		cases[i].fn();
		if (cur_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
