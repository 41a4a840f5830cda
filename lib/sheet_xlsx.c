/*
 * sheet_xlsx.c - XLSX (Office Open XML SpreadsheetML) sheets, row by row.
 *
 * The package is opened with libzip; [Content_Types].xml names the
 * workbook, the workbook and its relationships name the sheets, the
 * shared strings and the styles.  Those are read whole (the shared
 * strings into one buffer of NUL-terminated texts with an offset each,
 * the styles into one byte per cell format: date, time, both or
 * neither).  The sheet itself is parsed with expat as it is
 * decompressed: the parser is suspended at the end of each row
 * (XML_StopParser, resumable) and resumed for the next, so memory holds
 * one row and one block of XML whatever the sheet's length.
 *
 * Merged ranges are written after the cells (<mergeCells> follows
 * <sheetData>), so a first pass over the sheet's XML looks for them
 * (a byte search; expat parses only that element) before the rows are
 * read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_int.h"

#define CHUNK (64 * 1024)
#define MAX_SHEETS 4096
#define MAX_RELS 65536
#define MAX_XF 65536

struct wsheet {
	char *name;
	char *rid;
};

struct rel {
	char *id, *target;
};

struct xlsx {
	zip_t *z;
	int date1904;
	char *wb;			/* the workbook's part name */
	struct wsheet *sheets;
	size_t nsheets;
	struct rel *rels;
	size_t nrels;
	char *sst_part, *styles_part;

	/* Shared strings: texts in sst, each NUL-terminated, at sst_off. */
	struct gd_buf sst;
	size_t *sst_off;
	size_t nsst, sst_cap;

	/* Cell formats: 1 date, 2 time, 3 both, 0 neither. */
	unsigned char *xf;
	size_t nxf;

	/* The sheet being read. */
	struct sh_member m;
	char *part;
	XML_Parser p;
	int suspended, done, ready, started;
};

/* ---- small helpers ---- */

static char *
xstrdup(const char *s, int *nomem)
{
	char *d = strdup(s);

	if (d == NULL)
		*nomem = 1;
	return d;
}

/* The part named by target, relative to the folder of base ("xl/"). */
static char *
resolve(const char *base, const char *target)
{
	struct gd_buf b;
	const char *slash;
	size_t dlen;

	gd_buf_init(&b, 0);
	if (target[0] == '/') {
		if (gd_buf_adds(&b, target + 1) == -1)
			return NULL;
		return b.data;
	}
	slash = strrchr(base, '/');
	dlen = slash ? (size_t)(slash - base) + 1 : 0;
	if (gd_buf_add(&b, base, dlen) == -1)
		return NULL;
	while (strncmp(target, "../", 3) == 0) {
		target += 3;
		if (b.len > 0)
			b.len--;
		while (b.len > 0 && b.data[b.len - 1] != '/')
			b.len--;
	}
	if (gd_buf_adds(&b, target) == -1) {
		gd_buf_release(&b);
		return NULL;
	}
	return b.data;
}

/* Decodes OOXML's _xHHHH_ escapes in place; returns the new length. */
static size_t
unescape_x(char *s, size_t n)
{
	const char *u;
	size_t i, o;

	/* Rare: most strings have no '_' followed by 'x'. */
	for (u = s; (u = memchr(u, '_', n - (size_t)(u - s))) != NULL &&
	    (size_t)(u - s) + 1 < n && u[1] != 'x'; u++)
		;
	if (u == NULL || (size_t)(u - s) + 1 >= n)
		return n;
	o = i = (size_t)(u - s);
	while (i < n) {
		unsigned long cp = 0;
		size_t k;

		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' &&
		    s[i + 6] == '_') {
			for (k = 2; k < 6; k++) {
				char c = s[i + k];

				if (c >= '0' && c <= '9')
					cp = cp * 16 + (unsigned long)(c - '0');
				else if ((c | 32) >= 'a' && (c | 32) <= 'f')
					cp = cp * 16 + (unsigned long)((c | 32) -
					    'a' + 10);
				else
					break;
			}
			if (k == 6 && (cp < 0xD800 || cp > 0xDFFF)) {
				o += gd_utf8_put(cp, s + o);
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

/* ---- [Content_Types].xml ---- */

struct ct {
	struct sh_xml x;
	char *wb;
};

static void XMLCALL
ct_start(void *ud, const char *el, const char **atts)
{
	struct ct *c = ud;
	const char *t, *pn;
	size_t n;

	if (c->wb || strcmp(sh_local(el), "Override") != 0 ||
	    (t = sh_attr(atts, "ContentType")) == NULL ||
	    (pn = sh_attr(atts, "PartName")) == NULL)
		return;
	n = strlen(t);
	if ((n > 15 && strcmp(t + n - 15, ".sheet.main+xml") == 0) ||
	    (n > 18 && strcmp(t + n - 18, ".template.main+xml") == 0) ||
	    (n > 27 && strcmp(t + n - 27, ".sheet.macroEnabled.main+xml")
	    == 0))
		c->wb = xstrdup(pn[0] == '/' ? pn + 1 : pn, &c->x.nomem);
}

/* ---- the workbook ---- */

struct wb {
	struct sh_xml x;
	struct xlsx *w;
};

static void XMLCALL
wb_start(void *ud, const char *el, const char **atts)
{
	struct wb *b = ud;
	struct xlsx *w = b->w;
	const char *l = sh_local(el), *v, *id;

	if (strcmp(l, "workbookPr") == 0) {
		v = sh_attr(atts, "date1904");
		w->date1904 = v && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (strcmp(l, "sheet") == 0 && w->nsheets < MAX_SHEETS) {
		struct wsheet *ns;

		v = sh_attr(atts, "name");
		id = sh_attr(atts, "id");
		if (v == NULL || id == NULL)
			return;
		if ((w->nsheets & (w->nsheets - 1)) == 0) {
			ns = realloc(w->sheets, (w->nsheets ? w->nsheets * 2 :
			    4) * sizeof(*ns));
			if (ns == NULL) {
				b->x.nomem = 1;
				XML_StopParser(b->x.p, XML_FALSE);
				return;
			}
			w->sheets = ns;
		}
		ns = &w->sheets[w->nsheets];
		ns->name = xstrdup(v, &b->x.nomem);
		ns->rid = xstrdup(id, &b->x.nomem);
		w->nsheets++;
		if (b->x.nomem)
			XML_StopParser(b->x.p, XML_FALSE);
	}
}

static void XMLCALL
rel_start(void *ud, const char *el, const char **atts)
{
	struct wb *b = ud;
	struct xlsx *w = b->w;
	const char *id, *t, *ty, *mode;
	size_t n;

	if (strcmp(sh_local(el), "Relationship") != 0 ||
	    (id = sh_attr(atts, "Id")) == NULL ||
	    (t = sh_attr(atts, "Target")) == NULL ||
	    (ty = sh_attr(atts, "Type")) == NULL)
		return;
	/* Nothing outside the package is ever read. */
	if ((mode = sh_attr(atts, "TargetMode")) && strcmp(mode, "External")
	    == 0)
		return;
	n = strlen(ty);
	if (n > 14 && strcmp(ty + n - 14, "/sharedStrings") == 0) {
		if (w->sst_part == NULL && (w->sst_part = resolve(w->wb, t)) ==
		    NULL)
			b->x.nomem = 1;
	} else if (n > 7 && strcmp(ty + n - 7, "/styles") == 0) {
		if (w->styles_part == NULL && (w->styles_part = resolve(w->wb,
		    t)) == NULL)
			b->x.nomem = 1;
	} else if (w->nrels < MAX_RELS) {
		struct rel *nr;

		if ((w->nrels & (w->nrels - 1)) == 0) {
			nr = realloc(w->rels, (w->nrels ? w->nrels * 2 : 4) *
			    sizeof(*nr));
			if (nr == NULL) {
				b->x.nomem = 1;
				XML_StopParser(b->x.p, XML_FALSE);
				return;
			}
			w->rels = nr;
		}
		nr = &w->rels[w->nrels++];
		nr->id = xstrdup(id, &b->x.nomem);
		nr->target = resolve(w->wb, t);
		if (nr->target == NULL)
			b->x.nomem = 1;
	}
	if (b->x.nomem)
		XML_StopParser(b->x.p, XML_FALSE);
}

/* ---- styles ---- */

struct fmt {
	unsigned id;
	int kind;
};

struct st {
	struct sh_xml x;
	struct xlsx *w;
	struct fmt *fmts;
	size_t nfmts;
	int in_xfs;
};

static unsigned
uval(const char *v)
{
	unsigned long n = 0;

	if (v == NULL)
		return 0;
	for (; *v >= '0' && *v <= '9' && n < 0x7fffffff; v++)
		n = n * 10 + (unsigned long)(*v - '0');
	return (unsigned)n;
}

static void XMLCALL
st_start(void *ud, const char *el, const char **atts)
{
	struct st *t = ud;
	struct xlsx *w = t->w;
	const char *l = sh_local(el), *v;

	if (strcmp(l, "numFmt") == 0 && t->nfmts < MAX_XF) {
		struct fmt *nf;

		if ((v = sh_attr(atts, "formatCode")) == NULL)
			return;
		if ((t->nfmts & (t->nfmts - 1)) == 0) {
			if ((nf = realloc(t->fmts, (t->nfmts ? t->nfmts * 2 :
			    8) * sizeof(*nf))) == NULL) {
				t->x.nomem = 1;
				XML_StopParser(t->x.p, XML_FALSE);
				return;
			}
			t->fmts = nf;
		}
		t->fmts[t->nfmts].id = uval(sh_attr(atts, "numFmtId"));
		t->fmts[t->nfmts].kind = gd_sheet_format_date(v);
		t->nfmts++;
	} else if (strcmp(l, "cellXfs") == 0) {
		t->in_xfs = 1;
	} else if (strcmp(l, "xf") == 0 && t->in_xfs && w->nxf < MAX_XF) {
		unsigned id = uval(sh_attr(atts, "numFmtId"));
		int kind = gd_sheet_builtin_date(id);
		size_t i;

		for (i = 0; i < t->nfmts; i++)
			if (t->fmts[i].id == id)
				kind = t->fmts[i].kind;
		if ((w->nxf & (w->nxf - 1)) == 0) {
			unsigned char *nx = realloc(w->xf, w->nxf ? w->nxf * 2 :
			    16);

			if (nx == NULL) {
				t->x.nomem = 1;
				XML_StopParser(t->x.p, XML_FALSE);
				return;
			}
			w->xf = nx;
		}
		w->xf[w->nxf++] = (unsigned char)kind;
	}
}

static void XMLCALL
st_end(void *ud, const char *el)
{
	struct st *t = ud;

	if (strcmp(sh_local(el), "cellXfs") == 0)
		t->in_xfs = 0;
}

/* ---- shared strings ---- */

struct ss {
	struct sh_xml x;
	struct xlsx *w;
	struct gd_sheet *s;
	struct gd_error *err;
	int in_t, rph, over;
	size_t start;			/* of the string being read, in sst */
};

static void
ss_stop(struct ss *c)
{
	c->x.stop = 1;
	XML_StopParser(c->x.p, XML_FALSE);
}

static void XMLCALL
ss_start(void *ud, const char *el, const char **atts)
{
	struct ss *c = ud;
	struct xlsx *w = c->w;
	const char *l = sh_local(el);

	if (strcmp(l, "si") == 0) {
		if (w->nsst == w->sst_cap) {
			size_t ncap = w->sst_cap ? w->sst_cap * 2 : 1024;
			size_t *no;

			/* The offsets count against the cap too: a
			 * million empty strings are a bomb of their own. */
			if (ncap * sizeof(*no) + w->sst.len >
			    GD_SHEET_MAX_STRINGS) {
				gd_error_set(c->err, GD_EXIT_UNUSABLE,
				    c->s->path, 0, 0, "%s: shared strings "
				    "over the cap of %lu bytes", w->sst_part,
				    GD_SHEET_MAX_STRINGS);
				ss_stop(c);
				return;
			}
			if ((no = realloc(w->sst_off, ncap * sizeof(*no))) ==
			    NULL) {
				gd_error_nomem(c->err, c->s->path, 0);
				ss_stop(c);
				return;
			}
			w->sst_off = no;
			w->sst_cap = ncap;
		}
		c->start = w->sst.len;
		c->in_t = 0;
	} else if (strcmp(l, "rPh") == 0) {
		c->rph++;
	} else if (strcmp(l, "t") == 0 && c->rph == 0) {
		c->in_t = 1;
	}
}

static void XMLCALL
ss_text(void *ud, const char *p, int n)
{
	struct ss *c = ud;

	if (!c->in_t)
		return;
	if (sh_buf_add(&c->w->sst, GD_SHEET_MAX_STRINGS - c->w->sst_cap *
	    sizeof(size_t), p, (size_t)n,
	    &c->over) == -1) {
		gd_error_nomem(c->err, c->s->path, 0);
		ss_stop(c);
	} else if (c->over) {
		gd_error_set(c->err, GD_EXIT_UNUSABLE, c->s->path, 0, 0,
		    "%s: shared strings over the cap of %lu bytes",
		    c->w->sst_part, GD_SHEET_MAX_STRINGS);
		ss_stop(c);
	}
}

static void XMLCALL
ss_end(void *ud, const char *el)
{
	struct ss *c = ud;
	struct xlsx *w = c->w;
	const char *l = sh_local(el);

	if (strcmp(l, "t") == 0) {
		c->in_t = 0;
	} else if (strcmp(l, "rPh") == 0) {
		if (c->rph > 0)
			c->rph--;
	} else if (strcmp(l, "si") == 0 && w->nsst < w->sst_cap) {
		size_t n;

		if (gd_buf_addc(&w->sst, '\0') == -1) {
			gd_error_nomem(c->err, c->s->path, 0);
			ss_stop(c);
			return;
		}
		n = unescape_x(w->sst.data + c->start, w->sst.len - 1 -
		    c->start);
		w->sst.len = c->start + n + 1;
		w->sst_off[w->nsst++] = c->start;
	}
}

/* ---- the sheet ---- */

struct sx {
	struct sh_xml x;		/* first: the parser's user data */
	struct gd_sheet *s;
	struct xlsx *w;
	struct gd_error *err;
	struct gd_buf cell;
	size_t col, next_col;
	unsigned long row, last_row;
	unsigned style;
	char type;			/* s b e n i(nline) S(tr) d */
	int in_v, in_t, rph, over, in_cell;
};

static void
sx_fatal(struct sx *c)
{
	c->x.stop = 1;
	XML_StopParser(c->x.p, XML_FALSE);
}

static void XMLCALL
sx_start(void *ud, const char *el, const char **atts)
{
	struct sx *c = ud;
	const char *l = sh_local(el), *v;
	unsigned long col, row;

	switch (l[0]) {
	case 'r':
		if (strcmp(l, "row") == 0) {
			row = c->last_row + 1;
			if ((v = sh_attr(atts, "r")) != NULL) {
				row = uval(v);
				if (row == 0 || row > GD_SHEET_MAX_ROWS) {
					sh_error(c->s, c->err,
					    GD_EXIT_UNUSABLE, (size_t)-1, 0,
					    "row %s: not a row number "
					    "from 1 to %lu", v,
					    GD_SHEET_MAX_ROWS);
					sx_fatal(c);
					return;
				}
			}
			sh_row_begin(c->s, row);
			if (row <= c->last_row)
				sh_row_reject(c->s, (size_t)-1, "rows out of "
				    "order (after row %lu)", c->last_row);
			c->row = row;
			c->last_row = row > c->last_row ? row : c->last_row;
			c->next_col = 0;
		} else if (strcmp(l, "rPh") == 0) {
			c->rph++;
		}
		break;
	case 'c':
		if (l[1] != '\0')
			break;
		c->col = c->next_col;
		if ((v = sh_attr(atts, "r")) != NULL) {
			if (sh_parse_ref(v, &col, &row) == -1) {
				sh_row_reject(c->s, c->next_col, "not a cell "
				    "reference: %.40s", v);
			} else
				c->col = col - 1;
		}
		v = sh_attr(atts, "t");
		c->type = v == NULL ? 'n' : strcmp(v, "s") == 0 ? 's' :
		    strcmp(v, "b") == 0 ? 'b' : strcmp(v, "inlineStr") == 0 ?
		    'i' : strcmp(v, "str") == 0 ? 'S' : strcmp(v, "e") == 0 ?
		    'e' : strcmp(v, "d") == 0 ? 'd' : 'n';
		c->style = uval(sh_attr(atts, "s"));
		gd_buf_reset(&c->cell);
		c->over = 0;
		c->in_cell = 1;
		break;
	case 'v':
		if (l[1] == '\0' && c->in_cell)
			c->in_v = 1;
		break;
	case 't':
		if (l[1] == '\0' && c->in_cell && c->rph == 0)
			c->in_t = 1;
		break;
	}
}

static void XMLCALL
sx_text(void *ud, const char *p, int n)
{
	struct sx *c = ud;

	if (!c->in_v && !c->in_t)
		return;
	if (sh_buf_add(&c->cell, c->s->max_field + 1, p, (size_t)n,
	    &c->over) == -1) {
		gd_error_nomem(c->err, c->s->path, 0);
		sx_fatal(c);
	}
}

/* The cell's value, as the spreadsheet means it, to the row. */
static int
sx_cell(struct sx *c)
{
	struct xlsx *w = c->w;
	const char *t = c->cell.data ? c->cell.data : "";
	size_t n = c->cell.len;
	char dbuf[40], *end;
	unsigned long k;
	double d;

	if (c->over) {
		sh_row_reject(c->s, c->col, "a value over %zu bytes "
		    "(--max-field)", c->s->max_field);
		return 0;
	}
	switch (c->type) {
	case 's':
		k = uval(t);
		if (n == 0 || strspn(t, "0123456789") != n || k >= w->nsst) {
			sh_row_reject(c->s, c->col, "shared string %.20s does "
			    "not exist (%zu strings)", t, w->nsst);
			return 0;
		}
		t = w->sst.data + w->sst_off[k];
		n = (k + 1 < w->nsst ? w->sst_off[k + 1] : w->sst.len) -
		    w->sst_off[k] - 1;
		break;
	case 'b':
		if (n == 1 && (t[0] == '0' || t[0] == '1')) {
			t = t[0] == '1' ? "TRUE" : "FALSE";
			n = strlen(t);
		}
		break;
	case 'i':
	case 'S':
		n = unescape_x(c->cell.data, n);
		break;
	case 'n':
		if (n > 0 && c->style < w->nxf && w->xf[c->style]) {
			errno = 0;
			d = strtod(t, &end);
			if (end == t + n && errno == 0 && (k = gd_sheet_date(d,
			    w->date1904, w->xf[c->style], dbuf,
			    sizeof(dbuf))) > 0) {
				t = dbuf;
				n = k;
			}
		}
		break;
	}
	return sh_cell(c->s, c->col, t, n, c->err);
}

static void XMLCALL
sx_end(void *ud, const char *el)
{
	struct sx *c = ud;
	struct xlsx *w = c->w;
	const char *l = sh_local(el);

	switch (l[0]) {
	case 'v':
		if (l[1] == '\0')
			c->in_v = 0;
		break;
	case 't':
		if (l[1] == '\0')
			c->in_t = 0;
		break;
	case 'c':
		if (l[1] != '\0' || !c->in_cell)
			break;
		c->in_cell = 0;
		if (sx_cell(c) == -1) {
			sx_fatal(c);
			return;
		}
		c->next_col = c->col + 1;
		break;
	case 'r':
		if (strcmp(l, "row") == 0) {
			w->ready = 1;
			XML_StopParser(c->x.p, XML_TRUE);
		} else if (strcmp(l, "rPh") == 0 && c->rph > 0) {
			c->rph--;
		}
		break;
	case 's':
		if (strcmp(l, "sheetData") == 0) {
			w->done = 1;
			XML_StopParser(c->x.p, XML_FALSE);
		}
		break;
	}
}

/* ---- merged cells: the first pass ---- */

struct mg {
	struct sh_xml x;
	struct gd_sheet *s;
	struct gd_error *err;
	int done, fail;
};

static void XMLCALL
mg_start(void *ud, const char *el, const char **atts)
{
	struct mg *g = ud;
	const char *ref, *colon;
	char a[16];
	unsigned long c1, r1, c2, r2;

	if (strcmp(sh_local(el), "mergeCell") != 0 ||
	    (ref = sh_attr(atts, "ref")) == NULL ||
	    (colon = strchr(ref, ':')) == NULL ||
	    (size_t)(colon - ref) >= sizeof(a))
		return;
	memcpy(a, ref, (size_t)(colon - ref));
	a[colon - ref] = '\0';
	if (sh_parse_ref(a, &c1, &r1) == -1 || sh_parse_ref(colon + 1, &c2,
	    &r2) == -1 || r1 == 0 || r2 == 0)
		return;
	if (sh_merge_add(g->s, r1, c1, r2, c2, g->err) == -1) {
		g->fail = 1;
		XML_StopParser(g->x.p, XML_FALSE);
	}
}

static void XMLCALL
mg_end(void *ud, const char *el)
{
	struct mg *g = ud;

	if (strcmp(sh_local(el), "mergeCells") == 0) {
		g->done = 1;
		XML_StopParser(g->x.p, XML_FALSE);
	}
}

/*
 * Finds <mergeCells> in the sheet's XML by a byte search and parses it
 * from there.  Returns 0, or -1 with err (the part unreadable, memory).
 */
static int
find_merges(struct gd_sheet *s, struct xlsx *w, struct gd_error *err)
{
	struct sh_member m;
	struct mg g;
	char *buf;
	const char *hit = NULL;
	size_t have = 0, keep = 0;
	long n;
	int rc;

	if ((rc = sh_member_open(s, w->z, w->part, GD_SHEET_MAX_MEMBER, &m,
	    err)) != 1)
		return rc == 0 ? 0 : -1;
	if ((buf = malloc(CHUNK + 16)) == NULL) {
		sh_member_close(&m);
		return gd_error_nomem(err, s->path, 0);
	}
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.err = err;
	for (;;) {
		if ((n = sh_member_read(s, &m, buf + keep, CHUNK, err)) < 0)
			goto fail;
		have = keep + (size_t)n;
		if (!hit && (hit = memmem(buf, have, "mergeCells", 10)) !=
		    NULL) {
			/* Back to the '<' of a start tag, prefix and all. */
			while (hit > buf && hit[-1] != '<' && hit[-1] != '/')
				hit--;
			if (hit > buf && hit[-1] == '<') {
				hit--;
				if (sh_xml_new(&g.x) == NULL) {
					gd_error_nomem(err, s->path, 0);
					goto fail;
				}
				XML_SetElementHandler(g.x.p, mg_start, mg_end);
			} else
				hit = NULL;	/* a closing tag */
		}
		if (hit) {
			if (XML_Parse(g.x.p, hit, (int)(buf + have - hit),
			    n == 0) != XML_STATUS_OK || g.done)
				break;
			hit = buf;
			keep = 0;
		} else if (n > 0) {
			/* The search may straddle two blocks. */
			keep = have < 16 ? have : 16;
			memmove(buf, buf + have - keep, keep);
		}
		if (n == 0)
			break;
	}
	if (g.fail)
		goto fail;
	/* Whatever else the tail holds, the main parse judges it. */
	if (g.x.p)
		XML_ParserFree(g.x.p);
	free(buf);
	sh_member_close(&m);
	return 0;
fail:
	if (g.x.p)
		XML_ParserFree(g.x.p);
	free(buf);
	sh_member_close(&m);
	return -1;
}

/* ---- the reader ---- */

static void
xlsx_free(struct gd_sheet *s)
{
	struct xlsx *w = s->impl;
	struct sx *c;
	size_t i;

	if (w == NULL)
		return;
	if (w->p) {
		c = XML_GetUserData(w->p);
		gd_buf_release(&c->cell);
		free(c);
		XML_ParserFree(w->p);
	}
	sh_member_close(&w->m);
	if (w->z)
		zip_discard(w->z);
	for (i = 0; i < w->nsheets; i++) {
		free(w->sheets[i].name);
		free(w->sheets[i].rid);
	}
	free(w->sheets);
	for (i = 0; i < w->nrels; i++) {
		free(w->rels[i].id);
		free(w->rels[i].target);
	}
	free(w->rels);
	free(w->wb);
	free(w->sst_part);
	free(w->styles_part);
	gd_buf_release(&w->sst);
	free(w->sst_off);
	free(w->xf);
	free(w->part);
	free(w);
	s->impl = NULL;
}

static int
xlsx_next(struct gd_sheet *s, struct gd_error *err)
{
	struct xlsx *w = s->impl;
	struct sx *c = XML_GetUserData(w->p);
	enum XML_Status st;
	void *buf;
	long n = 1;

	c->err = err;
	for (;;) {
		if (w->done)
			return 0;
		if (w->suspended) {
			w->suspended = 0;
			st = XML_ResumeParser(w->p);
		} else {
			if ((buf = XML_GetBuffer(w->p, CHUNK)) == NULL)
				return gd_error_nomem(err, s->path, 0);
			if ((n = sh_member_read(s, &w->m, buf, CHUNK, err)) < 0)
				return -1;
			__atomic_add_fetch(&s->offset, (unsigned long long)n,
			    __ATOMIC_RELAXED);
			st = XML_ParseBuffer(w->p, (int)n, n == 0);
		}
		if (st == XML_STATUS_SUSPENDED)
			w->suspended = 1;
		if (st == XML_STATUS_ERROR) {
			if (w->done)
				return 0;
			if (c->x.stop)
				return -1;
			return sh_xml_error(s, &c->x, w->part, err);
		}
		if (w->ready) {
			w->ready = 0;
			return 1;
		}
		if (st == XML_STATUS_OK && n == 0 && !w->suspended) {
			w->done = 1;
			return 0;
		}
	}
}

/* Reads the package's parts up to the sheets' names. */
static int
read_workbook(struct gd_sheet *s, struct xlsx *w, struct gd_error *err)
{
	struct ct ct;
	struct wb b;
	char *rels;
	const char *slash;
	int rc;

	if ((w->z = sh_zip_open(s, s->path, err)) == NULL)
		return -1;
	memset(&ct, 0, sizeof(ct));
	if (sh_xml_new(&ct.x) == NULL)
		return gd_error_nomem(err, s->path, 0);
	XML_SetStartElementHandler(ct.x.p, ct_start);
	rc = sh_parse_member(s, w->z, "[Content_Types].xml", GD_SHEET_MAX_META,
	    &ct.x, err);
	XML_ParserFree(ct.x.p);
	w->wb = ct.wb;
	if (rc == -1)
		return -1;
	if (ct.x.nomem)
		return gd_error_nomem(err, s->path, 0);
	if (rc == 0 || w->wb == NULL)
		return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "not an XLSX file: the package names no workbook");

	memset(&b, 0, sizeof(b));
	b.w = w;
	if (sh_xml_new(&b.x) == NULL)
		return gd_error_nomem(err, s->path, 0);
	XML_SetStartElementHandler(b.x.p, wb_start);
	rc = sh_parse_member(s, w->z, w->wb, GD_SHEET_MAX_META, &b.x, err);
	XML_ParserFree(b.x.p);
	if (rc == -1)
		return -1;
	if (b.x.nomem)
		return gd_error_nomem(err, s->path, 0);
	if (rc == 0)
		return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "not an XLSX file: no %s", w->wb);
	if (w->nsheets == 0)
		return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "the workbook has no sheet");

	slash = strrchr(w->wb, '/');
	{
		size_t d = slash ? (size_t)(slash - w->wb) + 1 : 0;
		size_t len = d + 6 + strlen(w->wb + d) + 6;

		if ((rels = malloc(len)) == NULL)
			return gd_error_nomem(err, s->path, 0);
		snprintf(rels, len, "%.*s_rels/%s.rels", (int)d, w->wb,
		    w->wb + d);
	}
	memset(&b, 0, sizeof(b));
	b.w = w;
	if (sh_xml_new(&b.x) == NULL) {
		free(rels);
		return gd_error_nomem(err, s->path, 0);
	}
	XML_SetStartElementHandler(b.x.p, rel_start);
	rc = sh_parse_member(s, w->z, rels, GD_SHEET_MAX_META, &b.x, err);
	XML_ParserFree(b.x.p);
	if (rc == 0)
		gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0,
		    "not an XLSX file: no %s", rels);
	free(rels);
	if (rc == 0 || rc == -1)
		return -1;
	if (b.x.nomem)
		return gd_error_nomem(err, s->path, 0);
	return 0;
}

int
sh_xlsx_list(struct gd_sheet *s, int (*fn)(void *, const char *,
    struct gd_error *), void *ctx, struct gd_error *err)
{
	struct xlsx *w = calloc(1, sizeof(*w));
	size_t i;

	if (w == NULL)
		return gd_error_nomem(err, s->path, 0);
	s->impl = w;
	s->free_impl = xlsx_free;
	if (read_workbook(s, w, err) == -1)
		return -1;
	for (i = 0; i < w->nsheets; i++)
		if (fn(ctx, w->sheets[i].name, err) == -1)
			return -1;
	return 0;
}

/* The sheet --sheet names: by name, else by number. */
static struct wsheet *
choose(struct xlsx *w, const char *want)
{
	size_t i;

	for (i = 0; want && i < w->nsheets; i++)
		if (strcmp(w->sheets[i].name, want) == 0)
			return &w->sheets[i];
	for (i = 0; i < w->nsheets; i++)
		if (sh_sheet_is(want, "", i + 1))
			return &w->sheets[i];
	return NULL;
}

static int
no_sheet(struct gd_sheet *s, struct xlsx *w, const char *want,
    struct gd_error *err)
{
	struct gd_buf b;
	size_t i;

	gd_buf_init(&b, 300);
	for (i = 0; i < w->nsheets; i++)
		if ((i > 0 && gd_buf_adds(&b, ", ") == -1) ||
		    gd_buf_adds(&b, w->sheets[i].name) == -1)
			break;
	gd_error_set(err, GD_EXIT_USAGE, s->path, 0, 0, "--sheet %s: no such "
	    "sheet (the sheets: %s)", want, b.data ? b.data : "");
	gd_buf_release(&b);
	return -1;
}

int
sh_xlsx_open(struct gd_sheet *s, const char *want, struct gd_error *err)
{
	struct xlsx *w = calloc(1, sizeof(*w));
	struct wsheet *ws;
	struct sx *c;
	size_t i;
	int rc;

	if (w == NULL)
		return gd_error_nomem(err, s->path, 0);
	s->impl = w;
	s->free_impl = xlsx_free;
	s->next_row = xlsx_next;
	gd_buf_init(&w->sst, 0);
	if (read_workbook(s, w, err) == -1)
		return -1;
	if ((ws = choose(w, want)) == NULL)
		return no_sheet(s, w, want, err);
	if ((s->name = strdup(ws->name)) == NULL)
		return gd_error_nomem(err, s->path, 0);
	for (i = 0; i < w->nrels; i++)
		if (strcmp(w->rels[i].id, ws->rid) == 0)
			break;
	if (i == w->nrels)
		return sh_error(s, err, GD_EXIT_UNUSABLE, (size_t)-1, 0,
		    "the workbook does not say where the sheet is");
	if ((w->part = strdup(w->rels[i].target)) == NULL)
		return gd_error_nomem(err, s->path, 0);

	if (w->styles_part) {
		struct st t;

		memset(&t, 0, sizeof(t));
		t.w = w;
		if (sh_xml_new(&t.x) == NULL)
			return gd_error_nomem(err, s->path, 0);
		XML_SetElementHandler(t.x.p, st_start, st_end);
		rc = sh_parse_member(s, w->z, w->styles_part,
		    GD_SHEET_MAX_META, &t.x, err);
		XML_ParserFree(t.x.p);
		free(t.fmts);
		if (rc == -1)
			return -1;
		if (t.x.nomem)
			return gd_error_nomem(err, s->path, 0);
	}
	if (w->sst_part) {
		struct ss c2;

		memset(&c2, 0, sizeof(c2));
		c2.w = w;
		c2.s = s;
		c2.err = err;
		if (sh_xml_new(&c2.x) == NULL)
			return gd_error_nomem(err, s->path, 0);
		XML_SetElementHandler(c2.x.p, ss_start, ss_end);
		XML_SetCharacterDataHandler(c2.x.p, ss_text);
		rc = sh_parse_member(s, w->z, w->sst_part, GD_SHEET_MAX_MEMBER,
		    &c2.x, err);
		XML_ParserFree(c2.x.p);
		if (rc == -1)
			return -1;
	}
	if (find_merges(s, w, err) == -1)
		return -1;
	if ((rc = sh_member_open(s, w->z, w->part, GD_SHEET_MAX_MEMBER, &w->m,
	    err)) != 1)
		return rc == 0 ? sh_error(s, err, GD_EXIT_UNUSABLE,
		    (size_t)-1, 0, "no %s in the package", w->part) : -1;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return gd_error_nomem(err, s->path, 0);
	c->s = s;
	c->w = w;
	gd_buf_init(&c->cell, 0);
	if (sh_xml_new(&c->x) == NULL) {
		free(c);
		return gd_error_nomem(err, s->path, 0);
	}
	w->p = c->x.p;
	XML_SetElementHandler(w->p, sx_start, sx_end);
	XML_SetCharacterDataHandler(w->p, sx_text);
	return 0;
}
