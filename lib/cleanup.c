/*
 * cleanup.c - temporary paths removed on SIGINT, SIGTERM, SIGHUP (see
 * gd/cleanup.h).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "gd/gd.h"

#define PATH_CAP 4096

static struct {
	char path[PATH_CAP];
	volatile sig_atomic_t used;	/* 1: remove a file, 2: a directory */
} slots[GD_CLEANUP_MAX];
static volatile sig_atomic_t top;	/* slots in use are below */
static int installed;

static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

static void
on_signal(int sig)
{
	struct sigaction sa;
	int i, saved = errno;

	for (i = top - 1; i >= 0; i--) {
		if (slots[i].used == 1)
			(void)unlink(slots[i].path);
		else if (slots[i].used == 2)
			(void)rmdir(slots[i].path);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	(void)sigaction(sig, &sa, NULL);
	(void)raise(sig);	/* delivered once the handler returns */
	errno = saved;
}

static void
install(void)
{
	struct sigaction sa, old;
	size_t i;

	installed = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			(void)sigaction(sigs[i], &sa, NULL);
}

int
gd_cleanup_add(const char *path, int dir)
{
	size_t n = strlen(path);
	int s;

	if (!installed)
		install();
	if (top >= GD_CLEANUP_MAX || n >= PATH_CAP)
		return -1;
	s = top;
	memcpy(slots[s].path, path, n + 1);
	__atomic_store_n(&slots[s].used, dir ? 2 : 1, __ATOMIC_RELEASE);
	__atomic_store_n(&top, s + 1, __ATOMIC_RELEASE);
	return s;
}

void
gd_cleanup_drop(int slot)
{
	if (slot < 0 || slot >= top)
		return;
	__atomic_store_n(&slots[slot].used, 0, __ATOMIC_RELEASE);
	while (top > 0 && slots[top - 1].used == 0)
		__atomic_store_n(&top, top - 1, __ATOMIC_RELEASE);
}

int
gd_cleanup_mark(void)
{
	return top;
}

void
gd_cleanup_release(int mark)
{
	int i;

	for (i = top - 1; i >= mark && i >= 0; i--)
		gd_cleanup_drop(i);
}
