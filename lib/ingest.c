/*
 * ingest.c - the gd-ingest engine (see gd/ingest.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gd/gd.h"
#include "ingest_int.h"

#define HEADER_SEARCH 100	/* records searched for an "auto" header */
#define PROGRESS_EVERY 65536	/* rows between progress checks */
#define HOLD_MAX (64UL << 20)	/* records held while a date order is open */
#define CONSENT_LABEL_MAX 120	/* bytes of such a label quoted */
#define CONSENT_LABEL_KEEP 1024	/* bytes of it kept to compare */

void
gd_ingest_opts_init(struct gd_ingest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->header_row = -1;
}

int
gd_ingest_format(const char *name, enum gd_format *fmt)
{
	static const struct { const char *n; enum gd_format f; } t[] = {
		{ "auto", GD_FMT_AUTO }, { "csv", GD_FMT_CSV },
		{ "tsv", GD_FMT_TSV }, { "json", GD_FMT_JSON },
		{ "ndjson", GD_FMT_NDJSON }, { "jsonl", GD_FMT_NDJSON },
		{ "xlsx", GD_FMT_XLSX }, { "ods", GD_FMT_ODS },
		{ "xls", GD_FMT_XLS },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcasecmp(name, t[i].n) == 0) {
			*fmt = t[i].f;
			return 0;
		}
	return -1;
}

enum gd_sheet_kind
gd_ingest_sheet_kind(const struct gd_ingest_opts *o, const char *path)
{
	enum gd_sheet_kind k;

	switch (o->format) {
	case GD_FMT_XLSX:
		return GD_SHEET_XLSX;
	case GD_FMT_ODS:
		return GD_SHEET_ODS;
	case GD_FMT_XLS:
		return GD_SHEET_XLS;
	case GD_FMT_AUTO:
		break;
	default:
		return GD_SHEET_NONE;
	}
	if (path == NULL || strcmp(path, "-") == 0)
		return GD_SHEET_NONE;
	if ((k = gd_sheet_sniff(path)) != GD_SHEET_NONE)
		return k;
	return gd_sheet_kind_of_name(path);
}

static const char *
ext_of(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/*
 * The format: as given, else by extension, else by the first bytes (JSON
 * begins with { or [; anything else is CSV, its delimiter found apart).
 */
static enum gd_format
detect_format(struct run *r)
{
	const char *e = ext_of(r->file), *p;
	size_t n, i;

	if (r->o->format != GD_FMT_AUTO)
		return r->o->format;
	if (strcasecmp(e, "csv") == 0)
		return GD_FMT_CSV;
	if (strcasecmp(e, "tsv") == 0 || strcasecmp(e, "tab") == 0)
		return GD_FMT_TSV;
	if (strcasecmp(e, "ndjson") == 0 || strcasecmp(e, "jsonl") == 0)
		return GD_FMT_NDJSON;
	if (strcasecmp(e, "json") == 0)
		return GD_FMT_JSON;
	gd_source_peek(r->src, &p, &n);
	for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'); i++)
		;
	if (i < n && (p[i] == '{' || p[i] == '['))
		return GD_FMT_JSON;
	return GD_FMT_CSV;
}

/* How a delimiter is named in messages and on the command line. */
static const char *
delim_name(unsigned char d, char *buf, size_t size)
{
	if (d == '\t')
		return "TAB";
	snprintf(buf, size, "'%c'", d);
	return buf;
}

static void note(struct run *r, const char *msg);

/*
 * The delimiter of a CSV file: -d, else TAB for TSV (by -f or the
 * extension), else the one its first records show (a comma when none
 * splits them); one that is not a comma is said once.
 */
static unsigned char
choose_delim(struct run *r, enum gd_format fmt)
{
	const char *p;
	char msg[160], name[8];
	size_t n;
	unsigned char d;

	if (r->o->delim)
		return r->o->delim;
	if (fmt == GD_FMT_TSV)
		return '\t';
	gd_source_peek(r->src, &p, &n);
	if ((d = gd_csv_sniff(p, n)) == 0)
		return ',';
	if (d != ',') {
		snprintf(msg, sizeof(msg), "fields separated by %s, as its "
		    "first lines show (say -d to choose)",
		    delim_name(d, name, sizeof(name)));
		note(r, msg);
	}
	return d;
}

/*
 * Passes a warning on, once per file and message; loud: one about consent
 * (rep->alert).
 */
void
ingest_warn_as(struct run *r, const char *msg, int loud)
{
	unsigned long h = 5381;
	const char *p;
	size_t i;

	for (p = msg; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (i = 0; i < r->nwarned; i++)
		if (r->warned[i] == h)
			return;
	if (r->nwarned < sizeof(r->warned) / sizeof(r->warned[0]))
		r->warned[r->nwarned++] = h;
	r->st->warnings++;
	if (r->o->strict && !r->strict_failed) {
		r->strict_failed = 1;
		snprintf(r->strict_msg, sizeof(r->strict_msg), "%s", msg);
	}
	if (r->rep && loud && r->rep->alert)
		r->rep->alert(r->rep->ctx, r->file, msg);
	else if (r->rep && r->rep->warn)
		r->rep->warn(r->rep->ctx, r->file, msg);
}

static void
warn(struct run *r, const char *msg)
{
	ingest_warn_as(r, msg, 0);
}

/* With --strict, a warning ends the run: returns -1 (err filled). */
int
ingest_strict_check(struct run *r)
{
	if (!r->strict_failed)
		return 0;
	return gd_error_set(r->err, GD_EXIT_UNUSABLE, r->file, 0, 0,
	    "--strict: stopped at a warning: %s", r->strict_msg);
}

/* Passes a note on (something worth knowing, not a problem). */
static void
note(struct run *r, const char *msg)
{
	if (r->rep && r->rep->note)
		r->rep->note(r->rep->ctx, r->file, msg);
}

void
ingest_plan_warnings(struct run *r)
{
	const char *w;

	while (r->plan && (w = gd_plan_warning(r->plan)) != NULL)
		ingest_warn_as(r, w, gd_plan_warning_consent(r->plan));
}

/* The hash of a label's normal form (gd_label_eq: one label, one hash). */
static uint64_t
label_hash(const char *s, size_t n)
{
	struct gd_lfold it;
	uint64_t h = 14695981039346656037ULL;
	int c;

	gd_lfold_init(&it, s, n);
	while ((c = gd_lfold_next(&it)) >= 0)
		h = (h ^ (unsigned char)c) * 1099511628211ULL;
	return h;
}

#define ADD_LABEL "to read it otherwise, add it to the consent \"values\" " \
	"of a mapping (-m; --print-preset prints a preset's)"

/*
 * The warning about a consent label no table knew: how many responses
 * had it (n; 0: not counted, as --strict stops at the first), what they
 * were treated as, and what to do.
 */
static void
consent_warning(char *msg, size_t size, const struct ulabel *u,
    unsigned long n)
{
	char count[64] = "", label[CONSENT_LABEL_MAX + 4];
	size_t cut;

	cut = gd_utf8_boundary(u->text, u->len < CONSENT_LABEL_MAX ? u->len :
	    CONSENT_LABEL_MAX);
	memcpy(label, u->text, cut);
	if (cut < u->len || !u->whole)
		memcpy(label + cut, "...", 3), cut += 3;
	label[cut] = '\0';
	if (n > 0)
		snprintf(count, sizeof(count), "%lu response%s ", n, n == 1 ?
		    "" : "s");
	if (u->withheld)
		snprintf(msg, size, "consent label \"%s\" is not known: %s"
		    "treated as \"withheld\", as it reads as a refusal to "
		    "publish; %s", label, count, ADD_LABEL);
	else
		snprintf(msg, size, "consent label \"%s\" is not known: %s"
		    "treated as \"unknown\", which gd-redact withholds by "
		    "default (gd-redact --unknown-consent anonymous publishes "
		    "them without names); %s", label, count, ADD_LABEL);
}

/*
 * Counts the last row's consent label when no table knew it.  With
 * --strict the first one ends the run (strict_check), and is warned
 * about at once.  Returns 0, or -1 when memory runs out.
 */
int
ingest_consent_label(struct run *r, const char *s, size_t len, int withheld,
    unsigned long line)
{
	struct ulabel *u;
	char msg[GD_ERR_MSG];
	size_t i;
	uint64_t h;
	int whole;

	h = label_hash(s, len);
	whole = len <= CONSENT_LABEL_KEEP;
	/* One label: the same normal form.  Labels longer than what is
	 * kept (free text in a consent column) are told apart by the hash
	 * of the whole. */
	for (i = 0; i < r->nulabels; i++) {
		u = &r->ulabels[i];
		if (u->h == h && u->whole == whole && (!whole ||
		    gd_label_eq(u->text, u->len, s, len))) {
			u->n++;
			return 0;
		}
	}
	if (r->nulabels == CONSENT_LABELS) {
		r->ulabels_more++;
		return 0;
	}
	u = &r->ulabels[r->nulabels];
	u->len = whole ? len : gd_utf8_boundary(s, CONSENT_LABEL_KEEP);
	if ((u->text = malloc(u->len + 1)) == NULL)
		return gd_error_nomem(r->err, r->file, line);
	memcpy(u->text, s, u->len);
	u->text[u->len] = '\0';
	u->whole = whole;
	u->h = h;
	u->n = 1;
	u->withheld = withheld;
	r->nulabels++;
	if (r->o->strict) {
		consent_warning(msg, sizeof(msg), u, 0);
		ingest_warn_as(r, msg, 1);
	}
	return 0;
}

/* The last row's consent label, when no table knew it. */
static int
consent_label(struct run *r)
{
	const char *s;
	size_t len;

	if ((s = gd_plan_consent_label(r->plan, &len)) == NULL)
		return 0;
	return ingest_consent_label(r, s, len, r->resp.consent.s != NULL &&
	    r->resp.consent.len == 8 && memcmp(r->resp.consent.s, "withheld",
	    8) == 0, r->resp.line);
}

/* At the end of a file: each consent label no table knew, with its count. */
static void
consent_warnings(struct run *r)
{
	char msg[GD_ERR_MSG];
	size_t i;

	if (r->o->strict)
		return;		/* the first stopped the run */
	for (i = 0; i < r->nulabels; i++) {
		consent_warning(msg, sizeof(msg), &r->ulabels[i],
		    r->ulabels[i].n);
		ingest_warn_as(r, msg, 1);
	}
	if (r->ulabels_more > 0) {
		snprintf(msg, sizeof(msg), "%lu more response%s with consent "
		    "labels not known (past the first %d labels): treated as "
		    "\"unknown\", or \"withheld\" where the label reads as a "
		    "refusal to publish; %s", r->ulabels_more,
		    r->ulabels_more == 1 ? "" : "s", CONSENT_LABELS,
		    "to read them otherwise, add them to the consent "
		    "\"values\" of a mapping");
		ingest_warn_as(r, msg, 1);
	}
}

static void
free_ulabels(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nulabels; i++)
		free(r->ulabels[i].text);
	r->nulabels = 0;
	r->ulabels_more = 0;
}

int
ingest_reject(struct run *r, const struct gd_error *why, const char *raw,
    size_t rawlen, int cut)
{
	r->st->rejects++;
	if (r->rep && r->rep->reject)
		r->rep->reject(r->rep->ctx, why);
	return gd_rejects_add(r->rj, why, raw, rawlen, cut, r->err);
}

void
ingest_progress(struct run *r)
{
	time_t now;

	if (r->rep == NULL || r->rep->progress == NULL ||
	    r->st->rows % PROGRESS_EVERY != 0)
		return;
	now = time(NULL);
	if (now - r->last_progress < 1)
		return;
	r->last_progress = now;
	r->rep->progress(r->rep->ctx, r->file, r->sh ? gd_sheet_offset(r->sh) :
	    gd_source_offset(r->src), r->st->rows);
}

/* The response in r->resp as one line in r->line. */
static int
render(struct run *r)
{
	struct gd_jw jw;

	gd_buf_reset(&r->line);
	gd_jw_init(&jw, &r->line);
	gd_resp_write(&jw, &r->resp);
	if (jw.err || gd_buf_addc(&r->line, '\n') == -1)
		return gd_error_nomem(r->err, r->file, r->resp.line);
	return 0;
}


int
ingest_hold(struct run *r, int tag, const char *const *t, const size_t *len)
{
	int k;

	if (gd_buf_addc(&r->held, (char)tag) == -1)
		return gd_error_nomem(r->err, r->file, r->resp.line);
	for (k = 0; k < tag; k++)
		if (gd_buf_add(&r->held, &len[k], sizeof(size_t)) == -1 ||
		    gd_buf_add(&r->held, t[k], len[k]) == -1)
			return gd_error_nomem(r->err, r->file, r->resp.line);
	return r->held.len > HOLD_MAX ? ingest_undecided(r) : 0;
}

/* Holds the record back, in each rendering its date may need. */
static int
hold(struct run *r, int pending)
{
	static const int order[3] = { GD_DATE_MDY, GD_DATE_DMY, -1 };
	struct gd_buf all;
	const char *t[3];
	size_t len[3], off[3];
	int k, tag = pending ? 3 : 1, rc;

	gd_buf_init(&all, 0);
	for (k = 0; k < tag; k++) {
		if (pending && gd_plan_date_variant(r->plan, &r->resp,
		    order[k]) == -1)
			goto nomem;
		if (render(r) == -1) {
			gd_buf_release(&all);
			return -1;
		}
		off[k] = all.len;
		len[k] = r->line.len;
		if (gd_buf_add(&all, r->line.data, r->line.len) == -1)
			goto nomem;
	}
	for (k = 0; k < tag; k++)
		t[k] = all.data + off[k];
	rc = ingest_hold(r, tag, t, len);
	gd_buf_release(&all);
	return rc;
nomem:
	gd_buf_release(&all);
	return gd_error_nomem(r->err, r->file, r->resp.line);
}

/*
 * Writes the held records, each in rendering k (0 month first, 1 day
 * first, 2 undecided) when it has three.
 */
int
ingest_flush_held(struct run *r, int k)
{
	const char *p = r->held.data, *end;
	size_t len;
	int i, tag;

	if (r->held.len == 0)
		return 0;	/* and held.data may be NULL */
	end = p + r->held.len;
	while (p < end) {
		tag = (unsigned char)*p++;
		for (i = 0; i < tag; i++) {
			memcpy(&len, p, sizeof(len));
			p += sizeof(len);
			if ((tag == 1 || i == k) &&
			    gd_out_write(r->out, p, len, r->err) == -1)
				return -1;
			p += len;
		}
		if (tag == 3 && k == 2)
			r->st->dates_undecided++;
		r->st->records++;
	}
	gd_buf_reset(&r->held);
	return 0;
}

/*
 * No value decided the date order (at the end of the file, or with too
 * much held): the values that read both ways are kept as written.
 */
int
ingest_undecided(struct run *r)
{
	char msg[GD_ERR_MSG];
	const char *col = gd_plan_date_column(r->plan);

	r->date_undecided = 1;
	gd_plan_date_undecided(r->plan);
	snprintf(msg, sizeof(msg), "date column \"%.100s\": values that read "
	    "as two dates (day-month and month-day) and no value that "
	    "decides: kept as written in extra (say --date-order dmy or mdy, "
	    "or \"order\" in the mapping)", col ? col : "submitted");
	warn(r, msg);
	if (ingest_strict_check(r) == -1)
		return -1;
	return ingest_flush_held(r, 2);
}

int
ingest_decided(struct run *r, enum gd_date_order ord)
{
	r->date_known = 1;
	r->date_order = ord;
	return ingest_flush_held(r, ord == GD_DATE_DMY ? 1 : 0);
}

/* Writes the response in r->resp as one line, or holds it back. */
static int
emit(struct run *r)
{
	int pending = r->plan && gd_plan_date_pending(r->plan);

	if (pending || r->held.len > 0)
		return hold(r, pending);
	if (render(r) == -1)
		return -1;
	r->st->records++;
	return gd_out_write(r->out, r->line.data, r->line.len, r->err);
}

/* Applies the plan to a row and writes the record (or counts a drop). */
static int
apply(struct run *r, const struct gd_row *row)
{
	enum gd_date_order ord;
	int rc;

	rc = gd_plan_apply(r->plan, row, &r->resp, r->err);
	ingest_plan_warnings(r);
	if (rc == 0 && consent_label(r) == -1)
		return -1;
	if (rc == -1 || ingest_strict_check(r) == -1)
		return -1;
	if (gd_plan_date_decided(r->plan, &ord) && ingest_decided(r, ord) == -1)
		return -1;
	if (rc == 1) {
		r->st->empty++;
		return 0;
	}
	return emit(r);
}

/* ---- the header ---- */

static void
free_names(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nnames; i++)
		free((char *)r->names[i].s);
	r->nnames = 0;
	if (r->nslot)
		memset(r->slot, 0, r->nslot * sizeof(*r->slot));
}

/* The slot of a name in the set of header names (empty if not there). */
static struct nslot *
name_slot(const struct run *r, const char *s, size_t n)
{
	size_t j = (size_t)gd_fnv1a64(s, n) & (r->nslot - 1);

	for (;; j = (j + 1) & (r->nslot - 1)) {
		struct nslot *e = &r->slot[j];

		if (e->idx == 0 || (r->names[e->idx - 1].len == n &&
		    memcmp(r->names[e->idx - 1].s, s, n) == 0))
			return e;
	}
}

/* Keeps the set at most half full; the names are put in again. */
static int
name_room(struct run *r)
{
	struct nslot *ns;
	size_t ncap, i;

	if ((r->nnames + 1) * 2 <= r->nslot)
		return 0;
	ncap = r->nslot ? r->nslot * 2 : 256;
	if ((ns = calloc(ncap, sizeof(*ns))) == NULL)
		return -1;
	free(r->slot);
	r->slot = ns;
	r->nslot = ncap;
	for (i = 0; i < r->nnames; i++)
		name_slot(r, r->names[i].s, r->names[i].len)->idx = i + 1;
	return 0;
}

/*
 * Adds a header name, made unique and stable: an empty name becomes
 * column_N (N its 1-based position), a repeated one gets _2, _3...
 */
static int
add_name(struct run *r, const char *s, size_t n)
{
	struct gd_str *nn;
	struct nslot *e, *base;
	char *name, tmp[32];
	size_t len, k;

	if (r->nnames == r->ncap) {
		size_t ncap = r->ncap ? r->ncap * 2 : 64;

		if ((nn = realloc(r->names, ncap * sizeof(*nn))) == NULL)
			return -1;
		r->names = nn;
		r->ncap = ncap;
	}
	if (n == 0) {
		len = (size_t)snprintf(tmp, sizeof(tmp), "column_%zu",
		    r->nnames + 1);
		s = tmp;
		n = len;
	}
	if (name_room(r) == -1 || (name = malloc(n + 24)) == NULL)
		return -1;
	memcpy(name, s, n);
	name[n] = '\0';
	len = n;
	e = name_slot(r, name, len);
	if (e->idx != 0) {
		/* Taken: NAME_2, NAME_3... from where this name's last
		 * repeat stopped (a hash set: no search of every name). */
		base = e;
		for (k = base->next ? base->next : 2;; k++) {
			len = n + (size_t)snprintf(name + n, 24, "_%zu", k);
			if ((e = name_slot(r, name, len))->idx == 0)
				break;
		}
		base->next = k + 1;
	}
	r->names[r->nnames].s = name;
	r->names[r->nnames].len = len;
	r->nnames++;
	e->idx = r->nnames;
	return 0;
}

static int
nomem(struct run *r)
{
	return gd_error_nomem(r->err, r->file, 0);
}

/*
 * Compiles the mapping against the current names.  quiet drops the
 * warnings about columns the header lacks: JSON objects leave out null
 * members, so one object lacking a column says nothing.
 */
static int
new_plan(struct run *r, int quiet)
{
	if (r->plan)
		r->st->dates_undecided += gd_plan_date_kept(r->plan);
	gd_plan_free(r->plan);
	r->plan = gd_plan_new(r->o->map, r->names, r->nnames, r->file,
	    r->err);
	/* A JSON file's plans change with its objects' members: the date
	 * order found stays the file's. */
	if (r->plan && r->date_known)
		gd_plan_date_known(r->plan, r->date_order);
	if (r->plan && r->date_undecided)
		gd_plan_date_undecided(r->plan);
	if (r->plan && r->nctx > 0 && gd_plan_context(r->plan, r->ctx_names,
	    r->ctx_vals, r->nctx) == -1) {
		gd_plan_free(r->plan);
		r->plan = NULL;
		return nomem(r);
	}
	if (quiet && r->plan) {
		gd_plan_quiet(r->plan);
		r->promised |= gd_plan_promised(r->plan);
	}
	if (quiet)
		while (r->plan && gd_plan_warning(r->plan))
			;
	ingest_plan_warnings(r);
	return r->plan ? 0 : -1;
}

/*
 * The question texts the header gives, as a questions record before the
 * file's responses (gd-record(5)); nothing when it gives none.  Not a
 * record of the counts: rows read = records + rejects + header + empty.
 */
static int
questions(struct run *r)
{
	struct gd_buf b;
	int rc = 0;

	if (r->plan == NULL)
		return 0;
	gd_buf_init(&b, 0);
	if (gd_plan_questions(r->plan, &b) == -1)
		rc = nomem(r);
	else if (b.len > 0)
		rc = gd_out_write(r->out, b.data, b.len, r->err);
	gd_buf_release(&b);
	return rc;
}

/* ---- CSV ---- */

/*
 * A copy of the n bytes at s, NUL-terminated: not strndup(), which would
 * stop at a NUL byte that a CSV value may hold and that the value keeps.
 */
static char *
copy_value(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void
free_context(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nctx; i++) {
		free((char *)r->ctx_names[i].s);
		free((char *)r->ctx_vals[i].s);
	}
	r->nctx = 0;
	for (i = 0; i < r->nprev; i++)
		free(r->prev[i]);
	free(r->prev);
	r->prev = NULL;
	r->nprev = 0;
}

/*
 * A row before the header.  With the row before it, it may be a line of
 * names over a line of values (regulations.gov: "Docket ID,..." then
 * "USDA-2017-0002,..."): those pairs become the plan's context.
 */
static int
preamble_row(struct run *r, const struct gd_csvrec *rec)
{
	size_t i;

	for (i = 0; i < r->nprev && i < rec->n; i++) {
		struct gd_str *nn, *nv;

		if (r->prev[i][0] == '\0' || rec->len[i] == 0)
			continue;
		if (r->nctx == r->ctxcap) {
			size_t ncap = r->ctxcap ? r->ctxcap * 2 : 16;

			if ((nn = realloc(r->ctx_names, ncap * sizeof(*nn))) ==
			    NULL)
				return -1;
			r->ctx_names = nn;
			if ((nv = realloc(r->ctx_vals, ncap * sizeof(*nv))) ==
			    NULL)
				return -1;
			r->ctx_vals = nv;
			r->ctxcap = ncap;
		}
		r->ctx_names[r->nctx].s = strdup(r->prev[i]);
		r->ctx_names[r->nctx].len = strlen(r->prev[i]);
		r->ctx_vals[r->nctx].s = copy_value(rec->f[i], rec->len[i]);
		r->ctx_vals[r->nctx].len = rec->len[i];
		r->nctx++;
		if (!r->ctx_names[r->nctx - 1].s ||
		    !r->ctx_vals[r->nctx - 1].s)
			return -1;
	}
	for (i = 0; i < r->nprev; i++)
		free(r->prev[i]);
	free(r->prev);
	r->nprev = 0;
	if ((r->prev = calloc(rec->n + 1, sizeof(char *))) == NULL)
		return -1;
	for (i = 0; i < rec->n; i++) {
		/* A name is read up to a NUL byte (strlen) anyway. */
		if ((r->prev[i] = strndup(rec->f[i], rec->len[i])) == NULL)
			return -1;
		r->nprev++;
	}
	return 0;
}

/* The next row: of the sheet when reading one, else of the CSV. */
static int
next_row(struct run *r, struct gd_csv *csv, struct gd_csvrec *rec,
    struct gd_error *err)
{
	return r->sh ? gd_sheet_next(r->sh, rec, err) :
	    gd_csv_next(csv, rec, err);
}

static int read_header_rows(struct run *r, struct gd_csv *csv);

/*
 * Reads the header rows; returns 0, or -1 (err filled).  A sheet's merged
 * cells are repeated across their merge while it is read (a heading over
 * several columns names each).
 */
static int
read_header(struct run *r, struct gd_csv *csv)
{
	int rc;

	if (r->sh)
		gd_sheet_header_mode(r->sh, 1);
	rc = read_header_rows(r, csv);
	if (r->sh)
		gd_sheet_header_mode(r->sh, 0);
	return rc;
}

static int
read_header_rows(struct run *r, struct gd_csv *csv)
{
	struct gd_csvrec rec;
	int hrow = r->o->header_row >= 0 ? r->o->header_row :
	    gd_map_header_row(r->o->map);
	int hrows = r->o->header_rows > 0 ? r->o->header_rows :
	    gd_map_header_rows(r->o->map);
	int k, rc, found = 0;
	size_t i;
	unsigned long seen = 0;
	char **parts = NULL;
	size_t nparts = 0;

	free_names(r);
	for (k = 0; k < hrows; k++) {
		for (;;) {
			rc = next_row(r, csv, &rec, r->err);
			if (rc == -1)
				goto fail;
			if (rc == 0) {
				gd_error_set(r->err, GD_EXIT_UNUSABLE, r->file,
				    0, 0, seen ? "no header row found" :
				    "empty input: no header row");
				goto fail;
			}
			seen++;
			if (!r->loading_join) {
				r->st->rows++;
				r->st->header++;
			}
			if (rc == -2) {
				/* A header that cannot be read is fatal:
				 * no row after it can be placed. */
				r->err->code = GD_EXIT_UNUSABLE;
				goto fail;
			}
			if (k > 0)
				break;
			if (hrow > 0 && (r->sh ? rec.line : seen) >=
			    (unsigned long)hrow)
				break;
			if (hrow > 0 && preamble_row(r, &rec) == -1)
				goto oom;
			if (hrow == 0) {
				struct gd_str *cand = calloc(rec.n + 1,
				    sizeof(*cand));

				if (cand == NULL)
					goto oom;
				for (i = 0; i < rec.n; i++) {
					cand[i].s = rec.f[i];
					cand[i].len = rec.len[i];
				}
				found = gd_map_header_matches(r->o->map, cand,
				    rec.n);
				free(cand);
				if (found)
					break;
				if (preamble_row(r, &rec) == -1)
					goto oom;
				if (seen >= HEADER_SEARCH) {
					gd_error_set(r->err, GD_EXIT_UNUSABLE,
					    r->file, 0, 0, "no header row "
					    "with the mapping's id column in "
					    "the first %d rows",
					    HEADER_SEARCH);
					goto fail;
				}
			}
		}
		/* Collect this header row's cells. */
		if (k == 0) {
			if ((parts = calloc(rec.n + 1, sizeof(*parts))) ==
			    NULL)
				goto oom;
			nparts = rec.n;
		}
		for (i = 0; i < rec.n && i < nparts; i++) {
			size_t ol = parts[i] ? strlen(parts[i]) : 0;
			char *np;

			if (rec.len[i] == 0)
				continue;
			if ((np = realloc(parts[i], ol + rec.len[i] + 4)) ==
			    NULL)
				goto oom;
			if (ol)
				memcpy(np + ol, " - ", 3), ol += 3;
			memcpy(np + ol, rec.f[i], rec.len[i]);
			np[ol + rec.len[i]] = '\0';
			parts[i] = np;
		}
	}
	for (i = 0; i < nparts; i++)
		if (add_name(r, parts[i] ? parts[i] : "", parts[i] ?
		    strlen(parts[i]) : 0) == -1)
			goto oom;
	for (i = 0; i < nparts; i++)
		free(parts[i]);
	free(parts);
	return new_plan(r, 0);
oom:
	nomem(r);
fail:
	for (i = 0; parts && i < nparts; i++)
		free(parts[i]);
	free(parts);
	return -1;
}

/* Makes room for n row fields. */
int
ingest_fields_room(struct run *r, size_t n)
{
	struct gd_field *nf;

	if (n <= r->fcap)
		return 0;
	if ((nf = realloc(r->fields, n * sizeof(*nf))) == NULL)
		return nomem(r);
	r->fields = nf;
	r->fcap = n;
	return 0;
}

/* A row of the --join file goes into the table (or is a reject). */
static int
join_row(struct run *r, const struct gd_csvrec *rec)
{
	struct gd_error why;
	unsigned long first;
	int rc;

	rc = gd_join_add(r->join, rec->f, rec->len, rec->n, rec->line, &first);
	if (rc == -1)
		return nomem(r);
	if (rc == 1) {
		size_t k = (size_t)r->join_key;
		const char *key = k < rec->n ? rec->f[k] : "";

		r->st->join_rejects++;
		gd_error_set(&why, GD_EXIT_REJECTS, r->file, rec->line, 0,
		    "id \"%.100s\" is also on line %lu: only the first "
		    "is joined", key, first);
		return ingest_reject(r, &why, rec->raw, rec->rawlen, rec->raw_cut);
	}
	return 0;
}

/* Starts the join table once the --join file's header is known. */
static int
join_start(struct run *r)
{
	r->join_key = gd_map_id_column(r->o->map, r->names, r->nnames);
	if (r->join_key < 0)
		return gd_error_set(r->err, GD_EXIT_UNUSABLE, r->file, 0, 0,
		    "--join: the mapping's id column is not in this file's "
		    "header");
	if ((r->join = gd_join_new(r->names, r->nnames, (size_t)r->join_key))
	    == NULL)
		return nomem(r);
	return 0;
}

/* Adds the --join columns to a data file's header. */
static int
join_header(struct run *r)
{
	const struct gd_str *jn;
	size_t n, i;

	r->join_key = gd_map_id_column(r->o->map, r->names, r->nnames);
	if (r->join_key < 0)
		return gd_error_set(r->err, GD_EXIT_UNUSABLE, r->file, 0, 0,
		    "--join: the mapping's id column is not in the header");
	r->join_base = r->nnames;
	jn = gd_join_names(r->join, &n);
	for (i = 0; i < n; i++)
		if (add_name(r, jn[i].s, jn[i].len) == -1)
			return nomem(r);
	return new_plan(r, 0);
}

/*
 * A header line that is one field at delim while another delimiter splits
 * it, and splits the data lines as it splits the header, is a file read
 * with the wrong delimiter: refused, naming the delimiter that fits,
 * rather than read into merged rows or missing columns.  When the data
 * lines are one field at delim too, every one of them must fit the other
 * delimiter; otherwise one is enough.  (A one-column file whose header
 * name holds a ';' is read.)
 */
static int
wrong_delim(struct run *r, unsigned char delim)
{
	static const char cand[] = GD_CSV_DELIMS;
	size_t counts[64], k, i, j, m, fit;
	const char *p;
	char a[8], b[8];
	size_t n;
	int one_field, hrow = r->o->header_row >= 0 ? r->o->header_row :
	    gd_map_header_row(r->o->map);

	if (r->o->no_header || hrow != 1)
		return 0;
	gd_source_peek(r->src, &p, &n);
	k = gd_csv_shape(p, n, delim, counts, 64);
	if (k == 0 || counts[0] != 1)
		return 0;
	for (i = 1; i < k && counts[i] == 1; i++)
		;
	one_field = k > 1 && i == k;
	for (i = 0; cand[i]; i++) {
		if ((unsigned char)cand[i] == delim)
			continue;
		k = gd_csv_shape(p, n, (unsigned char)cand[i], counts, 64);
		if (k == 0 || (fit = counts[0]) < 2)
			continue;
		for (j = 1, m = 0; j < k; j++)
			m += counts[j] == fit;
		if (one_field ? k < 2 || m < k - 1 : k > 1 && m == 0)
			continue;
		return gd_error_set(r->err, GD_EXIT_UNUSABLE, r->file, 1, 0,
		    "the header line is one field split at %s but %zu fields "
		    "split at %s: say -d %s", delim_name(delim, a, sizeof(a)),
		    fit, delim_name((unsigned char)cand[i], b, sizeof(b)),
		    cand[i] == '\t' ? "'\\t'" : b);
	}
	return 0;
}

int
ingest_row(struct run *r, int rc, const struct gd_csvrec *rec,
    const struct gd_error *why, unsigned long data_rows)
{
	struct gd_row row;
	const struct gd_str *jv;
	size_t i, nj, n;

	if (r->loading_join)
		r->st->join_rows++;
	else
		r->st->rows++;
	ingest_progress(r);
	if (rc == -2) {
		if (r->loading_join)
			r->st->join_rejects++;
		return ingest_reject(r, why, rec->raw, rec->rawlen,
		    rec->raw_cut);
	}
	n = r->join ? (size_t)r->join_base : r->nnames;
	if (rec->n > n && !r->loading_join) {
		/* --ragged or --no-header: more names. */
		while (r->nnames < rec->n)
			if (add_name(r, "", 0) == -1)
				return nomem(r);
		if (new_plan(r, 0) == -1)
			return -1;
	}
	if (r->loading_join)
		return join_row(r, rec);
	if (ingest_fields_room(r, r->nnames) == -1)
		return -1;
	for (i = 0; i < rec->n; i++) {
		r->fields[i].name = r->names[i];
		r->fields[i].val.s = rec->f[i];
		r->fields[i].val.len = rec->len[i];
		r->fields[i].nitems = 0;
	}
	row.n = rec->n;
	if (r->join) {
		/* Missing values up to the joined columns. */
		for (; i < (size_t)r->join_base; i++) {
			r->fields[i].name = r->names[i];
			r->fields[i].val.s = NULL;
			r->fields[i].val.len = 0;
			r->fields[i].nitems = 0;
		}
		row.n = i;
		if ((size_t)r->join_key < rec->n &&
		    gd_join_find(r->join, rec->f[r->join_key],
		    rec->len[r->join_key], &jv)) {
			gd_join_names(r->join, &nj);
			for (i = 0; i < nj; i++) {
				struct gd_field *f =
				    &r->fields[r->join_base + i];

				f->name = r->names[r->join_base + i];
				f->val = jv[i];
				f->nitems = 0;
			}
			row.n = r->join_base + nj;
		}
	}
	row.f = r->fields;
	row.file = r->file;
	row.line = rec->line;
	row.row = data_rows;
	return apply(r, &row);
}

static int
run_csv(struct run *r, unsigned char delim)
{
	struct gd_csv_opts co;
	struct gd_csvrec rec;
	struct gd_error why;
	struct gd_csv *csv;
	unsigned long data_rows = 0;
	int rc, parts;

	memset(&co, 0, sizeof(co));
	co.delim = delim;
	co.max_field = r->o->max_field;
	co.max_row = r->o->max_record;
	if (r->sh)
		csv = NULL;
	else if (wrong_delim(r, delim) == -1 || (csv = gd_csv_new(r->src,
	    &co, r->err)) == NULL)
		return -1;
	free_names(r);
	if (!r->o->no_header && read_header(r, csv) == -1)
		goto fail;
	if (r->o->no_header && new_plan(r, 1) == -1)
		goto fail;
	if (!r->loading_join && gd_plan_check_id(r->plan, r->err) == -1)
		goto fail;
	if (r->loading_join ? join_start(r) == -1 :
	    r->join && join_header(r) == -1)
		goto fail;
	if (!r->loading_join && questions(r) == -1)
		goto fail;
	/*
	 * The reader rejects rows wider than the header itself, keeping
	 * their text; then it reads ahead in a second thread, or, with
	 * threads to spare, the rest is read in parts on each of them
	 * (ingest_pool.c), unless the header can change on the way
	 * (--ragged, --no-header) or rows are joined.  The --join file,
	 * small and read whole, stays in this thread.
	 */
	parts = !r->loading_join && csv != NULL && r->o->threads > 1 &&
	    !r->join && !r->o->ragged && !r->o->no_header;
	if (!r->loading_join && r->sh) {
		gd_sheet_limit_fields(r->sh, r->o->ragged || r->o->no_header ?
		    0 : r->join ? r->join_base : r->nnames);
		if (r->o->threads != 1 && gd_sheet_ahead(r->sh, r->err) == -1)
			goto fail;
	} else if (!r->loading_join) {
		gd_csv_limit_fields(csv, r->o->ragged || r->o->no_header ? 0 :
		    r->join ? r->join_base : r->nnames);
		if (!parts && r->o->threads != 1 &&
		    gd_csv_ahead(csv, r->err) == -1)
			goto fail;
	}
	if (parts) {
		/* The rest of the file in parts, on every core. */
		rc = ingest_pool_run(r, csv, &data_rows);
		if (rc == -1)
			goto fail;
		if (rc == 0) {
			gd_csv_free(csv);
			return 0;
		}
	}
	for (;;) {
		rc = next_row(r, csv, &rec, &why);
		if (rc == 0)
			break;
		if (rc == -1) {
			*r->err = why;
			goto fail;
		}
		if (ingest_row(r, rc, &rec, &why, ++data_rows) == -1)
			goto fail;
	}
	gd_csv_free(csv);
	return 0;
fail:
	gd_csv_free(csv);
	return -1;
}

/* ---- JSON ---- */

/* Are the flattened names the ones the plan was made for? */
static int
same_names(const struct run *r, const struct gd_flat *fl)
{
	size_t i;

	if (r->plan == NULL || fl->n != r->nnames)
		return 0;
	for (i = 0; i < fl->n; i++)
		if (fl->f[i].name.len != r->names[i].len ||
		    memcmp(fl->f[i].name.s, r->names[i].s,
		    r->names[i].len) != 0)
			return 0;
	return 1;
}

/* --max-field for JSON: a value (or list item) over the cap. */
static int
long_value(struct run *r, const struct gd_flat *fl, unsigned long line,
    struct gd_error *why)
{
	size_t max = r->o->max_field ? r->o->max_field :
	    GD_CSV_MAX_FIELD_DEFAULT, i, k;

	for (i = 0; i < fl->n; i++) {
		const struct gd_field *f = &fl->f[i];
		size_t len = f->val.len;

		for (k = 0; k < f->nitems; k++)
			if (f->items[k].len > len)
				len = f->items[k].len;
		if (len > max) {
			gd_error_set(why, GD_EXIT_REJECTS, r->file, line, 0,
			    "field \"%.*s\" longer than %zu bytes",
			    (int)(f->name.len < 100 ? f->name.len : 100),
			    f->name.s, max);
			return 1;
		}
	}
	return 0;
}

static int
run_json(struct run *r, enum gd_json_shape shape)
{
	struct gd_jsonin *in;
	struct gd_flat fl;
	struct gd_error why;
	struct gd_row row;
	const char *raw;
	size_t rawlen, i;
	unsigned long line, nobj = 0, applied = 0;
	json_t *obj;
	int rc, ret = -1;

	if ((in = gd_jsonin_new(r->src, shape, r->o->max_record ?
	    r->o->max_record : GD_CSV_MAX_ROW_DEFAULT, r->err)) == NULL)
		return -1;
	gd_flat_init(&fl, r->o->max_record ? r->o->max_record :
	    GD_CSV_MAX_ROW_DEFAULT);
	for (;;) {
		rc = gd_jsonin_next(in, &obj, &line, &raw, &rawlen, &why);
		if (rc == 0)
			break;
		if (rc == -1) {
			*r->err = why;
			goto out;
		}
		r->st->rows++;
		nobj++;
		ingest_progress(r);
		if (rc == -2) {
			if (ingest_reject(r, &why, raw, rawlen, gd_jsonin_cut(in)) ==
			    -1)
				goto out;
			continue;
		}
		errno = 0;
		if (gd_flat_json(&fl, obj) == -1) {
			json_decref(obj);
			if (errno == ENOMEM) {
				nomem(r);
				goto out;
			}
			gd_error_set(&why, GD_EXIT_REJECTS, r->file, line, 0,
			    "object larger than %zu bytes when flattened",
			    fl.text.max);
			if (ingest_reject(r, &why, raw, rawlen, 0) == -1)
				goto out;
			continue;
		}
		if (long_value(r, &fl, line, &why)) {
			json_decref(obj);
			if (ingest_reject(r, &why, raw, rawlen, 0) == -1)
				goto out;
			continue;
		}
		if (!same_names(r, &fl)) {
			free_names(r);
			for (i = 0; i < fl.n; i++)
				if (add_name(r, fl.f[i].name.s,
				    fl.f[i].name.len) == -1) {
					json_decref(obj);
					nomem(r);
					goto out;
				}
			if (new_plan(r, 1) == -1) {
				json_decref(obj);
				if (r->err->code == GD_EXIT_IO)
					goto out;
				/* This object lacks what the mapping needs. */
				why = *r->err;
				why.code = GD_EXIT_REJECTS;
				why.line = line;
				if (ingest_reject(r, &why, raw, rawlen, 0) == -1)
					goto out;
				continue;
			}
		}
		if (gd_plan_check_id(r->plan, &why) == -1) {
			/* As gd-ingest(1) says: an object without the
			 * mapping's id column is rejected, not given an id
			 * of its position. */
			json_decref(obj);
			why.code = GD_EXIT_REJECTS;
			why.line = line;
			if (ingest_reject(r, &why, raw, rawlen, 0) == -1)
				goto out;
			continue;
		}
		for (i = 0; i < fl.n; i++)
			fl.f[i].name = r->names[i];
		row.n = fl.n;
		row.f = fl.f;
		row.file = r->file;
		row.line = line;
		row.row = nobj;
		applied++;
		rc = apply(r, &row);
		json_decref(obj);
		if (rc == -1)
			goto out;
	}
	/* A preset's field that no object had a member for. */
	if (r->plan && applied > 0 && gd_map_is_preset(r->o->map)) {
		gd_plan_warn_promised(r->plan, r->promised);
		ingest_plan_warnings(r);
	}
	ret = 0;
out:
	gd_flat_release(&fl);
	gd_jsonin_free(in);
	return ret;
}

/* ---- the run ---- */

static int
run_file(struct run *r, const char *path)
{
	enum gd_format fmt;
	enum gd_sheet_kind kind = gd_ingest_sheet_kind(r->o, path);
	struct gd_sheet_opts so;
	char msg[300];
	int rc;

	if (kind != GD_SHEET_NONE) {
		if (path == NULL || strcmp(path, "-") == 0)
			return gd_error_set(r->err, GD_EXIT_USAGE, "-", 0, 0,
			    "a spreadsheet is read from a file named on the "
			    "command line, not from standard input");
		memset(&so, 0, sizeof(so));
		so.sheet = r->o->sheet;
		so.max_field = r->o->max_field;
		so.max_row = r->o->max_record;
		if ((r->sh = gd_sheet_open(path, kind, &so, r->err)) == NULL)
			return -1;
		r->file = path;
		r->nwarned = 0;
		rc = run_csv(r, 0);
		goto done;
	}
	if (r->o->sheet)
		return gd_error_set(r->err, GD_EXIT_USAGE, path ? path : "-",
		    0, 0, "--sheet: not a spreadsheet (XLSX, ODS, XLS)");
	if ((r->src = gd_source_open(path, r->o->encoding, r->err)) == NULL)
		return -1;
	r->file = gd_source_name(r->src);
	r->nwarned = 0;
	{
		const char *p;
		size_t n;

		/* A zip archive that is no spreadsheet (a .zip of CSV
		 * files): refused, not read as text. */
		gd_source_peek(r->src, &p, &n);
		if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0) {
			gd_error_set(r->err, GD_EXIT_UNUSABLE, r->file, 0, 0,
			    "%s", strcmp(r->file, "-") == 0 ? "a zip archive "
			    "(a spreadsheet?): name the file on the command "
			    "line, a spreadsheet is not read from standard "
			    "input" : "a zip archive, but not a spreadsheet "
			    "(XLSX, ODS)");
			gd_source_close(r->src);
			r->src = NULL;
			return -1;
		}
	}
	if (gd_source_guessed(r->src)) {
		snprintf(msg, sizeof(msg), "not valid UTF-8: read as %s "
		    "(say -e ENCODING if it is not)", gd_source_encoding(r->src));
		warn(r, msg);
	}
	fmt = detect_format(r);
	if ((r->loading_join || r->join) && (fmt == GD_FMT_JSON ||
	    fmt == GD_FMT_NDJSON)) {
		gd_source_close(r->src);
		r->src = NULL;
		return gd_error_set(r->err, GD_EXIT_USAGE, path, 0, 0,
		    "--join works with CSV and TSV files only");
	}
	switch (fmt) {
	case GD_FMT_JSON:
		rc = run_json(r, GD_JSON_AUTO);
		break;
	case GD_FMT_NDJSON:
		rc = run_json(r, GD_JSON_NDJSON);
		break;
	default:
		rc = run_csv(r, choose_delim(r, fmt));
		break;
	}
done:
	if (rc == 0 && r->held.len > 0)
		rc = ingest_undecided(r);
	if (rc == 0)
		consent_warnings(r);
	if (rc == 0)
		rc = ingest_strict_check(r);
	free_ulabels(r);
	if (r->plan)
		r->st->dates_undecided += gd_plan_date_kept(r->plan);
	gd_buf_reset(&r->held);
	r->date_known = r->date_undecided = 0;
	r->promised = 0;
	gd_plan_free(r->plan);
	r->plan = NULL;
	free_names(r);
	free_context(r);
	gd_source_close(r->src);
	r->src = NULL;
	gd_sheet_free(r->sh);
	r->sh = NULL;
	return rc;
}

int
gd_ingest_run(const struct gd_ingest_opts *o, const char *const *files,
    int nfiles, struct gd_out *out, struct gd_rejects *rj,
    const struct gd_report *rep, struct gd_ingest_stats *st,
    struct gd_error *err)
{
	static const char *const stdin_only[] = { "-" };
	struct run r;
	int i, rc = 0;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.out = out;
	r.rj = rj;
	r.rep = rep;
	r.st = st;
	r.err = err;
	gd_buf_init(&r.line, 0);
	gd_buf_init(&r.held, 0);
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if (o->join) {
		r.loading_join = 1;
		rc = run_file(&r, o->join);
		r.loading_join = 0;
	}
	for (i = 0; i < nfiles && rc == 0; i++)
		rc = run_file(&r, files[i]);
	if (r.join) {
		st->join_unmatched += gd_join_unused(r.join);
		if (rc == 0 && gd_join_unused(r.join) > 0 && rep &&
		    rep->warn) {
			char msg[200];

			snprintf(msg, sizeof(msg), "%lu of %lu rows match no "
			    "row of the export", gd_join_unused(r.join),
			    gd_join_rows(r.join));
			rep->warn(rep->ctx, o->join, msg);
		}
		gd_join_free(r.join);
	}
	gd_resp_release(&r.resp);
	gd_buf_release(&r.line);
	gd_buf_release(&r.held);
	free(r.fields);
	free(r.names);
	free(r.slot);
	free(r.ctx_names);
	free(r.ctx_vals);
	return rc;
}
