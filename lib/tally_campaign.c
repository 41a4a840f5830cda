/*
 * tally_campaign.c - gd-tally's campaign pass, around the finder in
 * campaign.c: while records come, each response's free text goes to the
 * finder and its id, type and time are kept, the response itself counted
 * at once or kept aside (a spool) when it must be read again; once the
 * input ends, responses are ranked by id, campaigns found and described
 * (size, wordings, representative, first and last times, bursts), the
 * kept responses counted (collapse, separate) and marked
 * (--mark-campaigns), and "campaign" records written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tally_int.h"

/* The scanned response's free text: its comments, one per line. */
static int
free_text(struct gd_tally *t)
{
	size_t i;

	gd_buf_reset(&t->text);
	for (i = 0; i < t->nrv; i++) {
		const struct rval *r = &t->rv[i];

		if (r->path != t->p_comments || r->isnull || !r->text)
			continue;
		if ((t->text.len && gd_buf_addc(&t->text, '\n') == -1) ||
		    gd_buf_add(&t->text, rv_val(t, r), r->vlen) == -1)
			return -1;
	}
	return 0;
}

/* Keeps a value NUL-terminated in t->ids after the response's id: its
 * offset from the id, or NOVAL. */
static int
keep_val(struct gd_tally *t, const struct rval *r, size_t id, uint32_t *at)
{
	*at = NOVAL;
	if (r == NULL)
		return 0;
	*at = (uint32_t)(t->ids.len - id);
	return gd_buf_add(&t->ids, rv_val(t, r), r->vlen) == -1 ||
	    gd_buf_addc(&t->ids, '\0') == -1 ? -1 : 0;
}

/*
 * Campaigns: the response's text goes to the finder; its id, type and
 * time are kept; the response itself is counted now, or kept aside to
 * be counted at the end.
 */
int
tally_defer(struct gd_tally *t, const char *line, size_t n,
    struct gd_error *err)
{
	const struct rval *id = tally_first_val(t, t->p_id),
	    *ty = tally_first_val(t, t->p_type);
	struct spooled *ns, *sp;
	uint64_t h1;

	if (t->finished)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "records added after the tally was written");
	if (t->nsp == t->spcap) {
		size_t ncap = t->spcap ? t->spcap * 2 : 1024;

		if ((ns = realloc(t->sp, ncap * sizeof(*ns))) == NULL)
			goto nomem;
		t->sp = ns;
		t->spcap = ncap;
	}
	if (n >= NOVAL)
		return gd_error_set(err, GD_EXIT_REJECTS, NULL, 0, 0,
		    "record too long");
	sp = &t->sp[t->nsp];
	sp->off = t->spooled;
	sp->len = (uint32_t)n;
	/* The finder's hash, 8 bytes a step: FNV-1a, a byte a step, cost
	 * a fifth of a campaign run's time on long records. */
	gd_campaign_bytes_hash(line, n, &h1, &sp->hash);
	sp->id = t->ids.len;
	sp->tylen = ty ? (uint32_t)ty->vlen : 0;
	sp->quote = t->quote ? 1 : 0;
	sp->author = t->author;
	if (gd_buf_add(&t->ids, id ? rv_val(t, id) : "", id ? id->vlen : 0) ==
	    -1 || gd_buf_addc(&t->ids, '\0') == -1 ||
	    keep_val(t, ty, sp->id, &sp->ty) == -1 ||
	    keep_val(t, tally_first_val(t, t->p_submitted), sp->id,
	    &sp->sub) == -1)
		goto nomem;
	if (t->spool) {
		if (fwrite(line, 1, n, t->spool) != n)
			return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "cannot keep responses aside: %s",
			    strerror(errno));
		t->spooled += n;
	} else if (tally_count(t, 1, NULL) == -1)
		goto nomem;
	if (tally_record_stub(t) == NULL) {
		if (free_text(t) == -1)
			goto nomem;
		if (gd_campaigns_put(t->cf, t->nsp, t->text.data ?
		    t->text.data : "", t->text.len, err) == -1)
			return -1;
	}
	t->nsp++;
	return 1;
nomem:
	return gd_error_nomem(err, NULL, 0);
}

/*
 * Reads response i back from the spool into t->rec and scans it.
 * Returns 0, or -1 with err (memory, or the spool unreadable).
 */
int
tally_reread(struct gd_tally *t, size_t i, struct gd_error *err)
{
	size_t n = 0;
	ssize_t got;
	int rc;

	gd_buf_reset(&t->rec);
	if (gd_buf_grow(&t->rec, t->sp[i].len) == -1)
		return gd_error_nomem(err, NULL, 0);
	while (n < t->sp[i].len) {
		got = pread(fileno(t->spool), t->rec.data + n, t->sp[i].len - n,
		    (off_t)(t->sp[i].off + n));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;
			return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
			    "cannot read the responses kept aside: %s",
			    strerror(errno));
		}
		n += (size_t)got;
	}
	t->rec.len = n;
	t->rec.data[n] = '\0';
	/* It was a response when it was kept: anything else is the
	 * spool's fault, not the input's. */
	if ((rc = tally_scan(t, t->rec.data, t->rec.len, err)) == 1)
		return 0;
	if (rc == 0 || err->code == GD_EXIT_REJECTS)
		gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "the responses kept aside read back differently");
	return -1;
}

static const char *rank_ids;
static const struct spooled *rank_sp;

/*
 * Responses by id; those that share one by their bytes, as a hash and a
 * length, so that no order of the input ranks them otherwise.  Only
 * records alike in all three fall back on the order of input, and they
 * are the same record: whichever comes first, the results are the same.
 */
static int
rank_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct spooled *p = &rank_sp[x], *q = &rank_sp[y];
	int c = strcmp(rank_ids + p->id, rank_ids + q->id);

	if (c)
		return c;
	if (p->hash != q->hash)
		return p->hash < q->hash ? -1 : 1;
	if (p->len != q->len)
		return p->len < q->len ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Seconds since 1970 of an ISO 8601 date and time, or -1. */
static long long
epoch_of(const char *s, size_t n)
{
	int y, mo, d, h, mi, sec, i;
	long long days, off = 0;

	if (n < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	for (i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
		    (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	h = (s[11] - '0') * 10 + (s[12] - '0');
	mi = (s[14] - '0') * 10 + (s[15] - '0');
	sec = (s[17] - '0') * 10 + (s[18] - '0');
	if (n >= 25 && (s[19] == '+' || s[19] == '-'))
		off = ((s[20] - '0') * 10 + (s[21] - '0')) * 3600LL +
		    ((s[23] - '0') * 10 + (s[24] - '0')) * 60LL;
	if (s[19] == '-')
		off = -off;
	/* Days from the civil date (H. Hinnant's algorithm). */
	y -= mo <= 2;
	{
		long long era = (y >= 0 ? y : y - 399) / 400;
		unsigned yoe = (unsigned)(y - era * 400);
		unsigned doy = (unsigned)((153 * (mo + (mo > 2 ? -3 : 9)) + 2)
		    / 5 + d - 1);
		unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		days = era * 146097 + (long long)doe - 719468;
	}
	return days * 86400 + h * 3600 + mi * 60 + sec - off;
}

struct member {
	long camp;
	uint64_t exact;
	size_t rank, idx;
	long long when;
};

static int
member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->camp != y->camp)
		return x->camp < y->camp ? -1 : 1;
	if (x->exact != y->exact)
		return x->exact < y->exact ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

static int
when_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->camp != y->camp)
		return x->camp < y->camp ? -1 : 1;
	return x->when < y->when ? -1 : x->when > y->when;
}

#define BURST_N 5	/* this many responses ... */
#define BURST_S 60	/* ... within this many seconds */

static void
campaign_id(long c, char *buf, size_t n)
{
	snprintf(buf, n, "c%04ld", c + 1);
}

/*
 * The record read back, as it was, with "campaign": its campaign's id
 * added as its last member (the record is a valid object: it ends in
 * '}', possibly after white space).
 */
static int
mark(struct gd_tally *t, long c, gd_tally_out_fn out, void *ctx,
    struct gd_error *err)
{
	size_t n = t->rec.len;
	char id[32];

	while (n > 0 && t->rec.data[n - 1] != '}')
		n--;
	gd_buf_reset(&t->line);
	if (c < 0)
		n = t->rec.len + 1;
	if (gd_buf_add(&t->line, t->rec.data, n - 1) == -1)
		return gd_error_nomem(err, NULL, 0);
	if (c >= 0) {
		campaign_id(c, id, sizeof(id));
		if (gd_buf_adds(&t->line, ",\"campaign\":\"") == -1 ||
		    gd_buf_adds(&t->line, id) == -1 ||
		    gd_buf_adds(&t->line, "\"}") == -1)
			return gd_error_nomem(err, NULL, 0);
	}
	if (gd_buf_addc(&t->line, '\n') == -1)
		return gd_error_nomem(err, NULL, 0);
	return out(ctx, t->line.data, t->line.len, err);
}

/*
 * Campaigns known at last: the campaigns (the finder has the texts),
 * their members' types and times, and, with the responses kept aside,
 * the counting (a second pass), marking the records if asked.
 */
int
tally_finish(struct gd_tally *t, gd_tally_out_fn out, void *ctx,
    struct gd_error *err)
{
	size_t *order = NULL, *rank = NULL, i, j, k, nm = 0;
	struct member *m = NULL;
	uint64_t *au = NULL;
	int rc = -1;

	t->finished = 1;
	if (t->spool && fflush(t->spool) == EOF)
		return gd_error_set(err, GD_EXIT_IO, NULL, 0, 0,
		    "cannot keep responses aside: %s", strerror(errno));
	/* A rank by id: the same campaigns however the input was split. */
	if ((order = malloc((t->nsp + 1) * sizeof(*order))) == NULL ||
	    (rank = malloc((t->nsp + 1) * sizeof(*rank))) == NULL)
		goto nomem;
	for (i = 0; i < t->nsp; i++)
		order[i] = i;
	rank_ids = t->ids.data;
	rank_sp = t->sp;
	if (t->nsp > 1)
		qsort(order, t->nsp, sizeof(*order), rank_cmp);
	for (i = 0; i < t->nsp; i++)
		rank[order[i]] = i;
	free(order);
	order = NULL;
	if (gd_campaigns_find(t->cf, rank, t->nsp, err) == -1)
		goto done;
	/* Counted once the table exists: gd_tally_free reads ncamp. */
	if ((t->cs = calloc(gd_campaigns_count_found(t->cf) + 1,
	    sizeof(*t->cs))) == NULL)
		goto nomem;
	t->ncamp = gd_campaigns_count_found(t->cf);
	if ((m = malloc((t->nsp + 1) * sizeof(*m))) == NULL)
		goto nomem;
	for (i = 0; i < t->nsp; i++) {
		long c = gd_campaign_of(t->cf, i);

		if (c < 0)
			continue;
		m[nm].camp = c;
		m[nm].exact = gd_campaign_text_hash(t->cf, i);
		m[nm].rank = rank[i];
		m[nm].idx = i;
		m[nm].when = -1;
		nm++;
	}
	/* Members, in input order: by type, first and last times. */
	for (k = 0; k < nm; k++) {
		const struct spooled *sp = &t->sp[m[k].idx];
		struct campstat *cs = &t->cs[m[k].camp];
		const char *f[2] = { "campaign", "respondent.type" };
		size_t fl[2] = { 8, 15 }, vl[2];
		const char *v[2];
		char num[24];

		vl[0] = (size_t)snprintf(num, sizeof(num), "%ld", m[k].camp);
		v[0] = num;
		v[1] = sp->ty != NOVAL ? t->ids.data + sp->id + sp->ty :
		    "unknown";
		vl[1] = sp->ty != NOVAL ? sp->tylen : 7;
		if (tally_add1(t, SPEC_CAMP_TYPE, f, fl, v, vl, 2, 1) == -1)
			goto nomem;
		if (sp->sub != NOVAL) {
			const char *sv = t->ids.data + sp->id + sp->sub;

			if (cs->first == NULL || strcmp(sv, cs->first) < 0) {
				free(cs->first);
				if ((cs->first = strdup(sv)) == NULL)
					goto nomem;
			}
			if (cs->last == NULL || strcmp(sv, cs->last) > 0) {
				free(cs->last);
				if ((cs->last = strdup(sv)) == NULL)
					goto nomem;
			}
			m[k].when = epoch_of(sv, strlen(sv));
		}
	}
	free(rank);
	rank = NULL;
	/* Size, variants, and the representative: the first of the
	 * commonest wording, its text as given. */
	if (nm > 1)
		qsort(m, nm, sizeof(*m), member_cmp);
	if ((au = malloc((nm + 1) * sizeof(*au))) == NULL)
		goto nomem;
	for (i = 0; i < nm; i = j) {
		struct campstat *c = &t->cs[m[i].camp];
		unsigned long long best = 0, qbest = 0;
		size_t reprank = 0, qrank = 0, q, quote = (size_t)-1;

		for (j = i; j < nm && m[j].camp == m[i].camp; j = k) {
			for (k = j; k < nm && m[k].camp == m[j].camp &&
			    m[k].exact == m[j].exact; k++)
				;
			c->variants++;
			c->size += k - j;
			if (k - j > best || (k - j == best && m[j].rank <
			    reprank)) {
				best = k - j;
				c->rep = m[j].idx;
				reprank = m[j].rank;
			}
			/* The text quoted: of the wordings that a response
			 * that may be quoted has, the commonest, from the
			 * first such response. */
			for (q = j; q < k && !t->sp[m[q].idx].quote; q++)
				;
			if (q < k && (k - j > qbest || (k - j == qbest &&
			    m[q].rank < qrank))) {
				qbest = k - j;
				quote = m[q].idx;
				qrank = m[q].rank;
			}
		}
		/* Its distinct authors: a response without an author
		 * identity is one of its own. */
		{
			size_t na = 0, own = 0, x;

			for (x = i; x < j; x++) {
				uint64_t a = t->sp[m[x].idx].author;

				if (a)
					au[na++] = a;
				else
					own++;
			}
			c->authors = tally_authors_unique(au, na) + own;
		}
		/* None of them may be quoted: the campaign has no text. */
		if (quote == (size_t)-1)
			continue;
		if (gd_campaigns_text(t->cf, quote, &t->text, err) == -1)
			goto done;
		/* Texts hold no NUL: records with \u0000 are invalid. */
		if ((c->text = strndup(t->text.data ? t->text.data : "",
		    t->text.len)) == NULL)
			goto nomem;
	}
	/* Kept aside: counted now, and marked. */
	for (i = 0; t->spool && i < t->nsp; i++) {
		long c = gd_campaign_of(t->cf, i);
		int tabs = 1;
		const char *voice = NULL;

		if (tally_reread(t, i, err) == -1)
			goto done;
		t->one_voice = c < 0 || t->cs[c].rep == i;
		if (t->o.campaign_mode == GD_CAMPAIGN_COLLAPSE && c >= 0)
			tabs = t->cs[c].rep == i;
		if (t->o.campaign_mode == GD_CAMPAIGN_SEPARATE)
			voice = c >= 0 ? "campaign" : "individual";
		if (tally_count(t, tabs, voice) == -1)
			goto nomem;
		if (t->o.mark_campaigns && mark(t, c, out, ctx, err) == -1)
			goto done;
	}
	t->one_voice = 1;
	/* Bursts: BURST_N members within BURST_S seconds. */
	if (nm > 1)
		qsort(m, nm, sizeof(*m), when_cmp);
	for (i = 0; i < nm; i++) {
		if (m[i].when < 0 || i + BURST_N - 1 >= nm ||
		    m[i + BURST_N - 1].camp != m[i].camp)
			continue;
		if (m[i + BURST_N - 1].when - m[i].when <= BURST_S)
			t->cs[m[i].camp].burst = 1;
	}
	rc = 0;
	goto done;
nomem:
	gd_error_nomem(err, NULL, 0);
done:
	free(order);
	free(rank);
	free(m);
	free(au);
	return rc;
}

/*
 * A "campaign" record for each campaign, in order of number: its id,
 * size, wordings, representative text, members by respondent type
 * (withheld as the summary's counts are), first and last times, burst.
 */
int
tally_write_campaigns(struct gd_tally *t, struct oc *v, size_t nv,
    gd_tally_out_fn out, void *ctx, struct gd_error *err)
{
	struct gd_jw jw;
	size_t c, i, from, to, *cell;
	char id[32];

	for (from = 0; from < nv && v[from].k.spec != SPEC_CAMP_TYPE; from++)
		;
	to = tally_spec_range(v, nv, from, SPEC_CAMP_TYPE);
	/* Where each campaign's cells start (they are sorted by its
	 * number, as text: together, not in numeric order). */
	if ((cell = malloc((t->ncamp + 1) * sizeof(*cell))) == NULL)
		return gd_error_nomem(err, NULL, 0);
	for (c = 0; c < t->ncamp; c++)
		cell[c] = to;
	for (i = from; i < to; i++) {
		const char *n = v[i].k.d[0].v;
		size_t k, vl = v[i].k.d[0].vl;

		if (i > from && tally_strcmp_n(n, vl, v[i - 1].k.d[0].v,
		    v[i - 1].k.d[0].vl) == 0)
			continue;
		for (c = 0, k = 0; k < vl && n[k] >= '0' && n[k] <= '9'; k++)
			c = c * 10 + (size_t)(n[k] - '0');
		if (k == vl && vl > 0 && c < t->ncamp)
			cell[c] = i;
	}
	for (c = 0; c < t->ncamp; c++) {
		const struct campstat *cs = &t->cs[c];
		size_t a = cell[c], b;

		campaign_id((long)c, id, sizeof(id));
		tally_record_start(t, &jw, "campaign");
		gd_jw_keyz(&jw, "id");
		gd_jw_strz(&jw, id);
		gd_jw_keyz(&jw, "size");
		/* Withheld when the audit of --min-cell found it would give
		 * back a withheld count by type (sdc_audit.c). */
		if (a < to && v[a].hide_of)
			gd_jw_null(&jw);
		else
			gd_jw_int(&jw, (long long)cs->size);
		gd_jw_keyz(&jw, "variants");
		gd_jw_int(&jw, (long long)cs->variants);
		/* When some response says who wrote it. */
		if (t->nauthors > 0) {
			gd_jw_keyz(&jw, "authors");
			gd_jw_int(&jw, (long long)cs->authors);
		}
		gd_jw_keyz(&jw, "text");
		if (cs->text)
			gd_jw_strz(&jw, cs->text);
		else
			gd_jw_null(&jw);
		gd_jw_keyz(&jw, "by_type");
		gd_jw_obj_open(&jw);
		/* This campaign's cells (sorted: the number is the first
		 * value), suppressed like the summary's. */
		for (b = a; b < to && tally_strcmp_n(v[b].k.d[0].v,
		    v[b].k.d[0].vl, v[a].k.d[0].v, v[a].k.d[0].vl) == 0; b++)
			;
		tally_suppress(v, a, b, t->o.min_cell);
		for (i = a; i < b; i++) {
			gd_jw_key(&jw, v[i].k.d[1].v, v[i].k.d[1].vl);
			tally_count_json(&jw, &v[i]);
		}
		gd_jw_obj_close(&jw);
		gd_jw_keyz(&jw, "first");
		if (cs->first)
			gd_jw_strz(&jw, cs->first);
		else
			gd_jw_null(&jw);
		gd_jw_keyz(&jw, "last");
		if (cs->last)
			gd_jw_strz(&jw, cs->last);
		else
			gd_jw_null(&jw);
		gd_jw_keyz(&jw, "burst");
		gd_jw_bool(&jw, cs->burst);
		gd_jw_obj_close(&jw);
		if (tally_emit_line(t, &jw, out, ctx, err) == -1) {
			free(cell);
			return -1;
		}
	}
	free(cell);
	return 0;
}
