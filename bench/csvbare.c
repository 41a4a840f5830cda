/*
 * csvbare.c - the floor for CSV work: a bare libcsv parse.
 *
 *   csvbare [FILE]
 *
 * Reads FILE (or standard input) in 256 KiB blocks with read(2) and feeds
 * them to libcsv's csv_parse with callbacks that only count fields and
 * rows.  The space function says no byte is a space, so spaces around
 * fields are kept, as gd does.  Prints "ROWS rows FIELDS fields" (the
 * header row counted); exits 1 on a read or parse error.
 *
 * Anything that turns CSV into records does at least this much work, so
 * its throughput is the ceiling a libcsv-based tool can approach.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#define BLOCK (256u << 10)

struct counts {
	unsigned long fields;
	unsigned long rows;
};

static void on_field(void *s, size_t len, void *data)
{
	((struct counts *)data)->fields++;
}

static void on_row(int c, void *data)
{
	((struct counts *)data)->rows++;
}

static int no_space(unsigned char c)
{
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[BLOCK];
	const char *name = argc > 1 ? argv[1] : "-";
	struct csv_parser p;
	struct counts n = { 0, 0 };
	int fd = STDIN_FILENO;

	if (argc > 2) {
		fputs("usage: csvbare [FILE]\n", stderr);
		return 2;
	}
	if (strcmp(name, "-") != 0 && (fd = open(name, O_RDONLY)) < 0) {
		fprintf(stderr, "csvbare: %s: %s\n", name, strerror(errno));
		return 1;
	}
	if (csv_init(&p, 0) != 0) {
		fputs("csvbare: csv_init failed\n", stderr);
		return 1;
	}
	csv_set_space_func(&p, no_space);
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "csvbare: %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (r == 0)
			break;
		if (csv_parse(&p, buf, (size_t)r, on_field, on_row, &n) !=
		    (size_t)r) {
			fprintf(stderr, "csvbare: %s: %s\n", name,
			    csv_strerror(csv_error(&p)));
			return 1;
		}
	}
	csv_fini(&p, on_field, on_row, &n);
	csv_free(&p);
	if (fd != STDIN_FILENO)
		close(fd);
	printf("%lu rows %lu fields\n", n.rows, n.fields);
	return 0;
}
