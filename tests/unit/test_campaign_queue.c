/*
 * test_campaign_queue.c - the queue of new texts (lib/campaign_queue.c):
 * every text added is taken once, in order, with its bytes, whether a
 * worker thread takes them or the caller's thread does; after a failed
 * take the rest are skipped and the error is kept.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "../../lib/campaign_int.h"
#include "t.h"

/* What the take callback saw. */
struct seen {
	size_t n;		/* texts taken */
	size_t bad;		/* taken out of order or with other bytes */
	size_t fail_at;		/* fail the take of this text (or never) */
	size_t big;		/* bytes of the big texts */
};

/* Text i: "text i" and, every 1000th, padded to s->big bytes with 'x'. */
static size_t
make(char *buf, size_t cap, size_t i, size_t big)
{
	int k = snprintf(buf, cap, "text %zu", i);
	size_t n = (size_t)k;

	if (i % 1000 == 999 && big > n) {
		memset(buf + n, 'x', big - n);
		n = big;
	}
	return n;
}

static char *expect;

static int
take(void *arg, const char *s, size_t n)
{
	struct seen *sn = arg;
	size_t i = sn->n, m;

	if (i == sn->fail_at) {
		errno = EIO;
		return -1;
	}
	m = make(expect, 1 << 20, i, sn->big);
	if (m != n || memcmp(s, expect, n) != 0)
		sn->bad++;
	sn->n++;
	return 0;
}

static struct campaign_queue q;

/* The lengths of the texts taken, for take_len. */
static size_t lens[8], nlens;

static int
take_len(void *arg, const char *s, size_t n)
{
	if (nlens < sizeof(lens) / sizeof(lens[0]))
		lens[nlens] = n;
	nlens++;
	return 0;
}

/* Adds n texts; returns how many were added. */
static size_t
add(struct seen *sn, size_t n)
{
	static char buf[1 << 20];
	size_t i;

	for (i = 0; i < n; i++) {
		size_t m = make(buf, sizeof(buf), i, sn->big);

		if (campaign_queue_add(&q, buf, m) == -1)
			break;
	}
	return i;
}

TEST(campaign_queue_threaded_in_order_once)
{
	/* More texts than a batch holds, and big ones that fill a batch's
	 * bytes: many batches, the ring wrapped round. */
	struct seen sn = { 0, 0, (size_t)-1, 300000 };
	size_t n = 3 * CAMPAIGN_BATCH_N + 17;

	expect = malloc(1 << 20);
	T_OK(expect != NULL);
	if (expect == NULL)
		return;
	campaign_queue_init(&q, take, &sn);
	T_EQ_INT(campaign_queue_start(&q), 0);
	T_EQ_INT(add(&sn, n), n);
	campaign_queue_flush(&q);
	campaign_queue_stop(&q);
	T_EQ_INT(q.threaded, 0);
	T_EQ_INT(sn.n, n);
	T_EQ_INT(sn.bad, 0);
	T_EQ_INT(q.failed, 0);
	/* Stopped again, flushed again: nothing more. */
	campaign_queue_flush(&q);
	campaign_queue_free(&q);
	T_EQ_INT(sn.n, n);
	free(expect);
}

TEST(campaign_queue_without_thread)
{
	struct seen sn = { 0, 0, (size_t)-1, 0 };

	expect = malloc(1 << 20);
	T_OK(expect != NULL);
	if (expect == NULL)
		return;
	campaign_queue_init(&q, take, &sn);
	/* Taken when a batch is full, or flushed. */
	T_EQ_INT(add(&sn, 10), 10);
	T_EQ_INT(sn.n, 0);
	campaign_queue_flush(&q);
	T_EQ_INT(sn.n, 10);
	campaign_queue_free(&q);

	sn.n = 0;
	campaign_queue_init(&q, take, &sn);
	T_EQ_INT(add(&sn, CAMPAIGN_BATCH_N + 1), CAMPAIGN_BATCH_N + 1);
	T_EQ_INT(sn.n, CAMPAIGN_BATCH_N);
	campaign_queue_flush(&q);
	T_EQ_INT(sn.n, CAMPAIGN_BATCH_N + 1);
	T_EQ_INT(sn.bad, 0);
	campaign_queue_free(&q);

	/* An empty text is a text. */
	campaign_queue_init(&q, take_len, NULL);
	nlens = 0;
	T_EQ_INT(campaign_queue_add(&q, "abc", 3), 0);
	T_EQ_INT(campaign_queue_add(&q, "", 0), 0);
	T_EQ_INT(campaign_queue_add(&q, "de", 2), 0);
	campaign_queue_flush(&q);
	T_EQ_INT(nlens, 3);
	T_EQ_INT(lens[0], 3);
	T_EQ_INT(lens[1], 0);
	T_EQ_INT(lens[2], 2);
	campaign_queue_free(&q);
	free(expect);
}

TEST(campaign_queue_failure_skips_the_rest)
{
	struct seen sn = { 0, 0, 5000, 0 };
	size_t n = 2 * CAMPAIGN_BATCH_N;

	expect = malloc(1 << 20);
	T_OK(expect != NULL);
	if (expect == NULL)
		return;
	campaign_queue_init(&q, take, &sn);
	T_EQ_INT(campaign_queue_start(&q), 0);
	T_EQ_INT(add(&sn, n), n);
	campaign_queue_flush(&q);
	campaign_queue_stop(&q);
	/* Taken up to the failure, none after. */
	T_EQ_INT(sn.n, 5000);
	T_EQ_INT(sn.bad, 0);
	T_EQ_INT(q.failed, EIO);
	campaign_queue_free(&q);
	free(expect);
}
