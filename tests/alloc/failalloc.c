/*
 * failalloc.c - an LD_PRELOAD shim that makes memory run out, for
 * tests/scripts/alloc-failure.sh.
 *
 * With GD_FAIL_ALLOC=N in the environment, the Nth allocation made after
 * main() starts (malloc, calloc, realloc, posix_memalign, aligned_alloc,
 * memalign, valloc; anyone's: gd's library, jansson, libcsv, PCRE2, the C
 * library's own) and every one after it fail with ENOMEM, as when memory
 * is really gone.  Allocations before main() (the dynamic loader, library
 * constructors) are not counted.  With GD_FAIL_ALLOC_LOG=FILE the number
 * of allocations the run made is written to FILE at exit (to know how
 * far to count).  The real allocator is glibc's __libc_* entry points, so
 * no dlsym is needed on the allocation path.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_ulong count;
static unsigned long fail_at;		/* 0: never */
static atomic_int counting;
static const char *log_path;

/* 1 when this allocation is to fail. */
static int
fails(void)
{
	unsigned long n;

	if (!atomic_load_explicit(&counting, memory_order_relaxed))
		return 0;
	n = atomic_fetch_add(&count, 1) + 1;
	if (fail_at != 0 && n >= fail_at) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *
malloc(size_t n)
{
	return fails() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t a, size_t b)
{
	return fails() ? NULL : __libc_calloc(a, b);
}

void *
realloc(void *p, size_t n)
{
	/* realloc(p, 0) frees: nothing to fail. */
	if (p != NULL && n == 0)
		return __libc_realloc(p, n);
	return fails() ? NULL : __libc_realloc(p, n);
}

void *
memalign(size_t a, size_t n)
{
	return fails() ? NULL : __libc_memalign(a, n);
}

void *
aligned_alloc(size_t a, size_t n)
{
	return fails() ? NULL : __libc_memalign(a, n);
}

int
posix_memalign(void **p, size_t a, size_t n)
{
	if (fails())
		return ENOMEM;
	*p = __libc_memalign(a, n);
	return *p ? 0 : ENOMEM;
}

void *
valloc(size_t n)
{
	return fails() ? NULL : __libc_memalign((size_t)sysconf(_SC_PAGESIZE),
	    n);
}

static void
write_log(void)
{
	char s[32];
	int fd, len;

	atomic_store(&counting, 0);
	if (log_path == NULL)
		return;
	if ((fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return;
	len = snprintf(s, sizeof(s), "%lu\n", atomic_load(&count));
	if (write(fd, s, (size_t)len) != len) {
		/* Nothing to do: the test sees a short log. */
	}
	close(fd);
}

/* main() runs through ours, which starts counting. */
static int (*real_main)(int, char **, char **);

static int
counted_main(int argc, char **argv, char **envp)
{
	const char *s = getenv("GD_FAIL_ALLOC");

	fail_at = s ? strtoul(s, NULL, 10) : 0;
	log_path = getenv("GD_FAIL_ALLOC_LOG");
	atexit(write_log);
	atomic_store(&counting, 1);
	return real_main(argc, argv, envp);
}

int __libc_start_main(int (*)(int, char **, char **), int, char **,
    void (*)(void), void (*)(void), void (*)(void), void *);

typedef int (*start_fn)(int (*)(int, char **, char **), int, char **,
    void (*)(void), void (*)(void), void (*)(void), void *);

int
__libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
    void (*init)(void), void (*fini)(void), void (*rtld_fini)(void),
    void *stack_end)
{
	start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");

	real_main = main;
	return real(counted_main, argc, argv, init, fini, rtld_fini,
	    stack_end);
}
