/*
 * sheet_xls.c - legacy XLS (BIFF8 and earlier) sheets with libfreexl.
 *
 * libfreexl reads the whole workbook into memory when it opens it (BIFF
 * has no streaming form: the strings table and the cells are records of
 * one OLE stream), so the file is capped (GD_SHEET_MAX_XLS); an XLS sheet
 * has at most 65536 rows anyway.  libfreexl gives text in UTF-8, and
 * dates and times already as text (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS,
 * HH:MM:SS), which become ISO 8601; numbers are doubles in BIFF, written
 * in the shortest form that reads back as the same double.
 *
 * libfreexl runs in a child process, which sends the rows back through
 * a pipe: fuzzing found that a crafted XLS makes libfreexl 1.0.6 read
 * past a buffer of its own while converting a string (found by the sheet
 * fuzz target; valgrind shows it on a plain build too).  In the child, a
 * crash or a stray read is the child's: the parent reports the file as
 * unreadable and goes on as for any damaged file.
 *
 * The messages, each a byte and its fields (numbers as 4 bytes in host
 * order, texts as a length and the bytes):
 *   N name        the sheet chosen, or one of --list-sheets
 *   R row n (col len bytes)*n   a row: its number (1-based), its cells
 *   E code text   an error: the run's gd_exit code and message
 *   Z             the end
 */
#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sheet_int.h"

#if defined(__SANITIZE_ADDRESS__)
#define GD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GD_ASAN 1
#endif
#endif
#ifdef GD_ASAN
void __sanitizer_set_report_fd(void *fd);
#endif

struct xls {
	pid_t pid;
	FILE *in;			/* the child's messages */
	int done;
	struct gd_buf cell;
};

/* ---- the child: libfreexl ---- */

struct out {
	FILE *f;
};

static void
put_u32(FILE *f, unsigned long v)
{
	uint32_t u = (uint32_t)v;

	fwrite(&u, sizeof(u), 1, f);
}

static void
put_text(FILE *f, const char *s, size_t n)
{
	put_u32(f, n);
	fwrite(s, 1, n, f);
}

static void
child_error(FILE *f, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
child_error(FILE *f, int code, const char *fmt, ...)
{
	char msg[GD_ERR_MSG];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	putc('E', f);
	put_u32(f, (unsigned long)code);
	put_text(f, msg, strlen(msg));
}

static void
freexl_error(FILE *f, int rc)
{
	switch (rc) {
	case FREEXL_INSUFFICIENT_MEMORY:
		child_error(f, GD_EXIT_IO, "out of memory");
		break;
	case FREEXL_FILE_NOT_FOUND:
		child_error(f, GD_EXIT_IO, "cannot be opened");
		break;
	case FREEXL_BIFF_OBFUSCATED:
		child_error(f, GD_EXIT_UNUSABLE, "the workbook is protected "
		    "by a password");
		break;
	default:
		child_error(f, GD_EXIT_UNUSABLE, "not a readable XLS file "
		    "(damaged, or not BIFF; libfreexl error %d)", rc);
	}
}

/* A double in the shortest form that reads back the same. */
static size_t
num_text(double d, char *buf, size_t size)
{
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return strlen(buf);
}

/* A cell's text, NULL when empty. */
static const char *
cell_text(const FreeXL_CellValue *v, char *buf, size_t size)
{
	const char *t;

	switch (v->type) {
	case FREEXL_CELL_INT:
		snprintf(buf, size, "%d", v->value.int_value);
		return buf;
	case FREEXL_CELL_DOUBLE:
		num_text(v->value.double_value, buf, size);
		return buf;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_TIME:
		return v->value.text_value;
	case FREEXL_CELL_DATETIME:
		if ((t = v->value.text_value) == NULL || strlen(t) >= size)
			return t;
		snprintf(buf, size, "%s", t);
		if (buf[10] == ' ')
			buf[10] = 'T';
		return buf;
	default:
		return NULL;
	}
}

static void
child(const char *path, const char *want, int list, FILE *f)
{
	const void *h = NULL;
	const char *name, *t;
	FreeXL_CellValue v;
	unsigned n, i, pick = 0, r, rows, ncell;
	unsigned short c, cols;
	int rc, found = 0;
	char buf[64];
	struct stat sb;

	if (stat(path, &sb) == -1) {
		child_error(f, GD_EXIT_IO, "cannot be opened: %s",
		    strerror(errno));
		return;
	}
	if ((unsigned long long)sb.st_size > GD_SHEET_MAX_XLS) {
		child_error(f, GD_EXIT_UNUSABLE, "%llu bytes, over the cap of "
		    "%lu for an XLS file (read whole)",
		    (unsigned long long)sb.st_size, GD_SHEET_MAX_XLS);
		return;
	}
	if ((rc = freexl_open(path, &h)) != FREEXL_OK ||
	    (rc = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n)) !=
	    FREEXL_OK) {
		freexl_error(f, rc);
		return;
	}
	if (n > 65535)
		n = 65535;
	for (i = 0; i < n && (list || !found); i++) {
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) !=
		    FREEXL_OK || name == NULL)
			name = "";
		if (list) {
			putc('N', f);
			put_text(f, name, strlen(name));
		} else if (want && strcmp(name, want) == 0) {
			pick = i;
			found = 1;
		}
	}
	if (list) {
		putc('Z', f);
		return;
	}
	for (i = 0; i < n && !found; i++)
		if (sh_sheet_is(want, "", i + 1)) {
			pick = i;
			found = 1;
		}
	if (!found) {
		if (n == 0)
			child_error(f, GD_EXIT_UNUSABLE, "the workbook has no "
			    "sheet");
		else
			child_error(f, GD_EXIT_USAGE, "--sheet %s: no such "
			    "sheet (%u sheets; see --list-sheets)", want, n);
		return;
	}
	if (freexl_get_worksheet_name(h, (unsigned short)pick, &name) !=
	    FREEXL_OK || name == NULL)
		name = "";
	putc('N', f);
	put_text(f, name, strlen(name));
	if ((rc = freexl_select_active_worksheet(h, (unsigned short)pick)) !=
	    FREEXL_OK || (rc = freexl_worksheet_dimensions(h, &rows, &cols)) !=
	    FREEXL_OK) {
		freexl_error(f, rc);
		return;
	}
	/* The counts of rows and columns (not the last indexes). */
	for (r = 0; r < rows; r++) {
		for (ncell = 0, c = 0; c < cols; c++)
			if (freexl_get_cell_value(h, r, c, &v) == FREEXL_OK &&
			    (t = cell_text(&v, buf, sizeof(buf))) && *t)
				ncell++;
		if (ncell == 0)
			continue;
		putc('R', f);
		put_u32(f, r + 1);
		put_u32(f, ncell);
		for (c = 0; c < cols; c++) {
			if ((rc = freexl_get_cell_value(h, r, c, &v)) !=
			    FREEXL_OK || (t = cell_text(&v, buf,
			    sizeof(buf))) == NULL || *t == '\0')
				continue;
			put_u32(f, c);
			put_text(f, t, strlen(t));
		}
	}
	putc('Z', f);
	freexl_close(h);
}

/* Starts the child; its messages on x->in. */
static int
start(struct gd_sheet *s, struct xls *x, const char *want, int list,
    struct gd_error *err)
{
	int fd[2];
	FILE *f;

	if (pipe(fd) == -1)
		return gd_error_from_errno(err, GD_EXIT_IO, s->path, 0,
		    "cannot start the XLS reader");
	fflush(NULL);
	if ((x->pid = fork()) == -1) {
		close(fd[0]);
		close(fd[1]);
		return gd_error_from_errno(err, GD_EXIT_IO, s->path, 0,
		    "cannot start the XLS reader");
	}
	if (x->pid == 0) {
		/* The parent's signal handlers unlink its temporary
		 * files: not the child's business. */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		close(fd[0]);
#ifdef GD_ASAN
		{
			/* In a build with AddressSanitizer, libfreexl's own
			 * faults (see above) end the child as they would
			 * anyway, but are not reports about gd. */
			int nfd = open("/dev/null", O_WRONLY | O_CLOEXEC);

			if (nfd != -1)
				__sanitizer_set_report_fd((void *)(intptr_t)
				    nfd);
		}
#endif
		if ((f = fdopen(fd[1], "w")) != NULL) {
			child(s->path, want, list, f);
			fclose(f);
		}
		_exit(0);
	}
	close(fd[1]);
	if ((x->in = fdopen(fd[0], "r")) == NULL) {
		close(fd[0]);
		return gd_error_nomem(err, s->path, 0);
	}
	return 0;
}

/* ---- the parent ---- */

static void
xls_free(struct gd_sheet *s)
{
	struct xls *x = s->impl;
	int st;

	if (x == NULL)
		return;
	if (x->in)
		fclose(x->in);
	if (x->pid > 0) {
		/* Done with it, whatever it was doing. */
		kill(x->pid, SIGKILL);
		while (waitpid(x->pid, &st, 0) == -1 && errno == EINTR)
			;
	}
	gd_buf_release(&x->cell);
	free(x);
	s->impl = NULL;
}

/* The child ended without a word: how. */
static int
died(struct gd_sheet *s, struct xls *x, struct gd_error *err)
{
	int st = 0;

	if (x->pid > 0) {
		while (waitpid(x->pid, &st, 0) == -1 && errno == EINTR)
			;
		x->pid = 0;
	}
	if (WIFSIGNALED(st))
		return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "not a readable XLS file: the reader (libfreexl) failed "
		    "on it (signal %d)", WTERMSIG(st));
	return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
	    "not a readable XLS file: the reader (libfreexl) stopped (status "
	    "%d)", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static int
get_u32(struct xls *x, unsigned long *v)
{
	uint32_t u;

	if (fread(&u, sizeof(u), 1, x->in) != 1)
		return -1;
	*v = u;
	return 0;
}

/* A text into x->cell.  -1: the pipe ended; -2: memory. */
static int
get_text(struct xls *x, size_t max)
{
	unsigned long n;
	char buf[4096];
	size_t k;

	if (get_u32(x, &n) == -1 || n > max)
		return -1;
	gd_buf_reset(&x->cell);
	while (n > 0) {
		k = n < sizeof(buf) ? n : sizeof(buf);
		if (fread(buf, 1, k, x->in) != k)
			return -1;
		if (gd_buf_add(&x->cell, buf, k) == -1)
			return -2;
		n -= k;
	}
	if (gd_buf_addc(&x->cell, '\0') == -1)
		return -2;
	x->cell.len--;
	return 0;
}

/* Reads one message: its type, or -1 (err). */
static int
message(struct gd_sheet *s, struct xls *x, struct gd_error *err)
{
	unsigned long code;
	int c, rc;

	if ((c = getc(x->in)) == EOF)
		return died(s, x, err);
	switch (c) {
	case 'N':
		if ((rc = get_text(x, 1 << 16)) < 0)
			return rc == -2 ? gd_error_nomem(err, s->path, 0) :
			    died(s, x, err);
		return c;
	case 'E':
		if (get_u32(x, &code) == -1 || (rc = get_text(x, GD_ERR_MSG))
		    == -1)
			return died(s, x, err);
		if (rc == -2)
			return gd_error_nomem(err, s->path, 0);
		if (code == GD_EXIT_IO && strcmp(x->cell.data, "out of memory")
		    == 0)
			return gd_error_nomem(err, s->path, 0);
		return gd_error_set(err, (int)code, s->path, 0, 0, "%s",
		    x->cell.data);
	case 'R':
	case 'Z':
		return c;
	default:
		return died(s, x, err);
	}
}

static int
xls_next(struct gd_sheet *s, struct gd_error *err)
{
	struct xls *x = s->impl;
	unsigned long row, n, col;
	int c, rc;

	if (x->done)
		return 0;
	if ((c = message(s, x, err)) == -1)
		return -1;
	if (c == 'Z') {
		x->done = 1;
		return 0;
	}
	if (c != 'R' || get_u32(x, &row) == -1 || get_u32(x, &n) == -1)
		return died(s, x, err);
	sh_row_begin(s, row);
	__atomic_store_n(&s->offset, (unsigned long long)row,
	    __ATOMIC_RELAXED);
	while (n-- > 0) {
		if (get_u32(x, &col) == -1 || (rc = get_text(x, 1UL << 30)) ==
		    -1)
			return died(s, x, err);
		if (rc == -2)
			return gd_error_nomem(err, s->path, 0);
		if (sh_cell(s, col, x->cell.data, x->cell.len, err) == -1)
			return -1;
	}
	return 1;
}

static struct xls *
xls_new(struct gd_sheet *s, struct gd_error *err)
{
	struct xls *x = calloc(1, sizeof(*x));

	if (x == NULL) {
		gd_error_nomem(err, s->path, 0);
		return NULL;
	}
	gd_buf_init(&x->cell, 0);
	s->impl = x;
	s->free_impl = xls_free;
	return x;
}

int
sh_xls_list(struct gd_sheet *s, int (*fn)(void *, const char *,
    struct gd_error *), void *ctx, struct gd_error *err)
{
	struct xls *x;
	int c;

	if ((x = xls_new(s, err)) == NULL || start(s, x, NULL, 1, err) == -1)
		return -1;
	while ((c = message(s, x, err)) == 'N')
		if (fn(ctx, x->cell.data, err) == -1)
			return -1;
	return c == 'Z' ? 0 : c == -1 ? -1 : died(s, x, err);
}

int
sh_xls_open(struct gd_sheet *s, const char *want, struct gd_error *err)
{
	struct xls *x;
	int c;

	if ((x = xls_new(s, err)) == NULL)
		return -1;
	s->next_row = xls_next;
	if (start(s, x, want, 0, err) == -1)
		return -1;
	if ((c = message(s, x, err)) == -1)
		return -1;
	if (c != 'N')
		return died(s, x, err);
	if ((s->name = strdup(x->cell.data)) == NULL)
		return gd_error_nomem(err, s->path, 0);
	return 0;
}
