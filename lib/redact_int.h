/*
 * redact_int.h - what gd-redact's line engine (redact_line.c) gives its
 * pool of workers (redact_pool.c).  Not a public interface: the contract
 * is include/gd/redact.h.
 */
#ifndef GD_REDACT_INT_H
#define GD_REDACT_INT_H

#include "gd/gd.h"

/*
 * Makes run a worker's: from now on its audit records are appended to
 * audit (borrowed; NULL: none are made, as without an audit file)
 * instead of written, each one line, for the pool's writer to write in
 * input order.  Its rejects go where gd_redact_run_sinks() says (a
 * capture, gd_rejects_capture).
 */
void redact_run_capture(struct gd_redact_run *run, struct gd_buf *audit);

#endif
