/*
 * replay.c - a plain main() for a fuzz target, so that `make check`
 * (gcc, and make sanitize) runs the target's code over the committed
 * inputs without libFuzzer.  Arguments are files, or directories whose
 * files are each one input.  Prints how many inputs ran; a crash is the
 * target's (abort, a signal, a sanitizer's exit status).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
one(const char *path)
{
	FILE *f;
	unsigned char *p = NULL, *q;
	size_t n = 0, cap = 0, r;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((q = realloc(p, cap)) == NULL) {
				fprintf(stderr, "replay: out of memory\n");
				exit(4);
			}
			p = q;
		}
		if ((r = fread(p + n, 1, cap - n, f)) == 0)
			break;
		n += r;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(f);
		free(p);
		return -1;
	}
	fclose(f);
	/* As libFuzzer does: exactly n bytes, nothing readable after. */
	q = malloc(n ? n : 1);
	if (q == NULL)
		exit(4);
	if (n)
		memcpy(q, p, n);
	free(p);
	LLVMFuzzerTestOneInput(q, n);
	free(q);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dirent *de;
	struct stat st;
	char path[4096];
	unsigned long runs = 0;
	int i, bad = 0;
	DIR *d;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= one(argv[i]) == -1;
			runs++;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL) {
			bad = 1;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			    de->d_name);
			bad |= one(path) == -1;
			runs++;
		}
		closedir(d);
	}
	printf("%lu inputs\n", runs);
	return bad;
}
