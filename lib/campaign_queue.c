/*
 * campaign_queue.c - the campaign finder's queue of new texts: the
 * caller copies each new text into a batch (a ring of CAMPAIGN_NBATCH),
 * and a worker thread of its own takes the full batches, in the order
 * they were handed over, text by text, while the caller goes on reading.
 * One thread takes every text, so the results do not depend on the
 * threads' timing.  Without a thread, a batch is taken when handed over.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>

#include "gd/gd.h"
#include "campaign_int.h"

void
campaign_queue_init(struct campaign_queue *q, campaign_take_fn *take,
    void *arg)
{
	int i;

	q->prod = q->cons = q->nfull = 0;
	q->threaded = q->done = q->failed = 0;
	q->take = take;
	q->arg = arg;
	for (i = 0; i < CAMPAIGN_NBATCH; i++) {
		gd_buf_init(&q->bt[i].text, 0);
		q->bt[i].n = 0;
	}
}

/* Takes the texts of batch b, in order, and empties it. */
static void
take_batch(struct campaign_queue *q, struct campaign_batch *b)
{
	size_t i, off = 0;

	for (i = 0; i < b->n; i++) {
		errno = 0;
		if (!q->failed && q->take(q->arg, b->text.data ?
		    b->text.data + off : "", b->len[i]) == -1)
			q->failed = errno ? errno : ENOMEM;
		off += b->len[i];
	}
	b->n = 0;
	gd_buf_reset(&b->text);
}

static void *
worker(void *arg)
{
	struct campaign_queue *q = arg;

	for (;;) {
		struct campaign_batch *b;

		pthread_mutex_lock(&q->mu);
		while (q->nfull == 0 && !q->done)
			pthread_cond_wait(&q->more, &q->mu);
		if (q->nfull == 0) {
			pthread_mutex_unlock(&q->mu);
			return NULL;
		}
		b = &q->bt[q->cons % CAMPAIGN_NBATCH];
		pthread_mutex_unlock(&q->mu);
		take_batch(q, b);
		pthread_mutex_lock(&q->mu);
		q->cons++;
		q->nfull--;
		pthread_cond_signal(&q->room);
		pthread_mutex_unlock(&q->mu);
	}
}

int
campaign_queue_start(struct campaign_queue *q)
{
	if (pthread_mutex_init(&q->mu, NULL) == 0) {
		if (pthread_cond_init(&q->more, NULL) == 0) {
			if (pthread_cond_init(&q->room, NULL) == 0) {
				if (pthread_create(&q->th, NULL, worker, q) ==
				    0) {
					q->threaded = 1;
					return 0;
				}
				pthread_cond_destroy(&q->room);
			}
			pthread_cond_destroy(&q->more);
		}
		pthread_mutex_destroy(&q->mu);
	}
	/* No thread: the texts are taken as they come. */
	return -1;
}

void
campaign_queue_stop(struct campaign_queue *q)
{
	if (!q->threaded)
		return;
	pthread_mutex_lock(&q->mu);
	q->done = 1;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	pthread_cond_destroy(&q->room);
	pthread_cond_destroy(&q->more);
	pthread_mutex_destroy(&q->mu);
	q->threaded = 0;
}

void
campaign_queue_free(struct campaign_queue *q)
{
	int i;

	campaign_queue_stop(q);
	for (i = 0; i < CAMPAIGN_NBATCH; i++)
		gd_buf_release(&q->bt[i].text);
}

void
campaign_queue_flush(struct campaign_queue *q)
{
	struct campaign_batch *b = &q->bt[q->prod % CAMPAIGN_NBATCH];

	if (b->n == 0)
		return;
	if (!q->threaded) {
		take_batch(q, b);
		return;
	}
	pthread_mutex_lock(&q->mu);
	q->prod++;
	q->nfull++;
	pthread_cond_signal(&q->more);
	while (q->nfull == CAMPAIGN_NBATCH)
		pthread_cond_wait(&q->room, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

int
campaign_queue_add(struct campaign_queue *q, const char *s, size_t n)
{
	struct campaign_batch *b = &q->bt[q->prod % CAMPAIGN_NBATCH];

	if (gd_buf_add(&b->text, s, n) == -1)
		return -1;
	b->len[b->n] = n;
	b->n++;
	if (b->n == CAMPAIGN_BATCH_N || b->text.len >= CAMPAIGN_BATCH_BYTES)
		campaign_queue_flush(q);
	return 0;
}
