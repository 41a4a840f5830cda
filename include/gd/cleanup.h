/*
 * cleanup.h - temporary files and directories removed when a tool is
 * stopped by a signal.
 *
 * A tool writes a file under a temporary name and renames it into place
 * only when it is whole (gd/output.h); a data package is built in a
 * temporary directory.  Killed with SIGKILL, a run leaves those behind.
 * Stopped by SIGINT, SIGTERM or SIGHUP (a terminal, timeout(1), cron's
 * or a scheduler's stop), it removes them first and then dies of the same
 * signal, so its exit status still says what stopped it.  A signal that
 * was ignored when the first path was registered (nohup) stays ignored.
 *
 * Paths are kept on a stack of GD_CLEANUP_MAX, removed from the top
 * down (a directory after the files registered in it).  The handler
 * calls only unlink(2), rmdir(2), sigaction(2) and raise(3).  Paths are
 * registered and dropped by one thread.
 */
#ifndef GD_CLEANUP_H
#define GD_CLEANUP_H

#define GD_CLEANUP_MAX 64

/*
 * Registers a path to remove (a directory: dir non-zero).  Returns its
 * slot, or -1 when the stack is full or the path too long: then it is
 * not removed, which loses nothing but tidiness.
 */
int gd_cleanup_add(const char *path, int dir);

/* The path of a slot is no longer to be removed; -1 is ignored. */
void gd_cleanup_drop(int slot);

/* The stack's height now, and back to it: slots above are dropped. */
int gd_cleanup_mark(void);
void gd_cleanup_release(int mark);

#endif
