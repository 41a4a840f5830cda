/*
 * gen.c - a synthetic public-consultation export, for the benchmarks.
 *
 *   gen ROWS > consultation.csv
 *
 * Writes a header and ROWS data rows in the shape of a typical online
 * consultation export: response ids, submission dates, names (some not
 * ASCII), e-mail addresses, organisations, respondent types, countries,
 * publishing consent, three Likert questions and a free-text comment.
 *
 * The comments are what makes CSV parsing work: text in several languages
 * (Latin accents, German, Polish, Greek, Chinese), about a fifth of them
 * over several lines (a line break inside the quoted field), some with
 * commas and some with double quotes (written doubled, as RFC 4180 asks).
 * About 5% of rows are a campaign: the same template text and answers.
 * Rows average about 300 bytes; fields are quoted only when they must be.
 *
 * The output depends only on ROWS: the generator has its own PRNG
 * (splitmix64) with a fixed seed, so the same ROWS gives the same bytes on
 * every machine, and a smaller file is a prefix of a larger one.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- PRNG ------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL ^ 0x6764u;	/* fixed */

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (multiply-shift, no modulo bias worth noting). */
static unsigned below(unsigned n)
{
	return (unsigned)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* 1 with probability pct/100. */
static int chance(unsigned pct)
{
	return below(100) < pct;
}

#define PICK(a) ((a)[below(NELEM(a))])

/* ---- output ---------------------------------------------------------- */

#define OUTSZ (1u << 20)

static char out[OUTSZ];
static size_t outn;

static void flush_out(void)
{
	size_t off = 0;

	while (off < outn) {
		ssize_t w = write(STDOUT_FILENO, out + off, outn - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			perror("gen: write");
			exit(1);
		}
		off += (size_t)w;
	}
	outn = 0;
}

/* A row is assembled here, then copied to out. */
#define ROWSZ 8192

static char row[ROWSZ];
static size_t rown;

static void put(const char *s, size_t n)
{
	if (rown + n > ROWSZ) {
		fputs("gen: row too long\n", stderr);
		exit(1);
	}
	memcpy(row + rown, s, n);
	rown += n;
}

static void puts_(const char *s)
{
	put(s, strlen(s));
}

static void putc_(char c)
{
	put(&c, 1);
}

/* Two decimal digits. */
static void put2(unsigned v)
{
	char d[2] = { (char)('0' + v / 10 % 10), (char)('0' + v % 10) };

	put(d, 2);
}

static void putu(unsigned long v)
{
	char d[24];
	int i = (int)sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(d + i, sizeof(d) - (size_t)i);
}

/*
 * A field's text is built in fld, then written as a CSV field: quoted
 * (quotes doubled) when it holds a comma, quote, CR or LF.
 */
static char fld[4096];
static size_t fldn;

static void fadd(const char *s, size_t n)
{
	if (fldn + n > sizeof(fld)) {
		fputs("gen: field too long\n", stderr);
		exit(1);
	}
	memcpy(fld + fldn, s, n);
	fldn += n;
}

static void fadds(const char *s)
{
	fadd(s, strlen(s));
}

static void faddc(char c)
{
	fadd(&c, 1);
}

static void put_field(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || strcspn(s, ",\"\r\n") >= n) {
		put(s, n);
		return;
	}
	putc_('"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			putc_('"');
		putc_(s[i]);
	}
	putc_('"');
}

static void put_fieldz(const char *s)
{
	put_field(s, strlen(s));
}

/* ---- vocabulary ------------------------------------------------------ */

struct name {
	const char *text;	/* as written */
	const char *ascii;	/* for the e-mail address */
};

static const struct name first_names[] = {
	{ "James", "james" }, { "Mary", "mary" }, { "Oliver", "oliver" },
	{ "Amelia", "amelia" }, { "Mohammed", "mohammed" },
	{ "Priya", "priya" }, { "David", "david" }, { "Sarah", "sarah" },
	{ "Thomas", "thomas" }, { "Emma", "emma" }, { "Aoife", "aoife" },
	{ "Siobhán", "siobhan" }, { "Zoë", "zoe" }, { "Søren", "soren" },
	{ "José", "jose" }, { "Łukasz", "lukasz" }, { "Ανδρέας", "andreas" },
	{ "Chloé", "chloe" }, { "Jürgen", "juergen" }, { "Małgorzata", "malgorzata" },
	{ "François", "francois" }, { "Björn", "bjorn" }, { "Wei", "wei" },
	{ "Anne-Marie", "annemarie" }, { "Seán", "sean" }, { "Grace", "grace" },
	{ "Fatima", "fatima" }, { "Peter", "peter" }, { "Rhiannon", "rhiannon" },
	{ "Kateřina", "katerina" },
};

static const struct name last_names[] = {
	{ "Smith", "smith" }, { "Jones", "jones" }, { "Williams", "williams" },
	{ "Brown", "brown" }, { "Taylor", "taylor" }, { "Patel", "patel" },
	{ "Khan", "khan" }, { "Murphy", "murphy" }, { "O'Brien", "obrien" },
	{ "Evans", "evans" }, { "Müller", "mueller" }, { "Nowak", "nowak" },
	{ "Kowalczyk", "kowalczyk" }, { "García", "garcia" }, { "Jørgensen", "jorgensen" },
	{ "Παπαδόπουλος", "papadopoulos" }, { "李", "li" }, { "王", "wang" },
	{ "Lefèvre", "lefevre" }, { "Ní Bhriain", "nibhriain" },
	{ "Davies", "davies" }, { "Wilson", "wilson" }, { "Ahmed", "ahmed" },
	{ "Thompson", "thompson" }, { "Walsh", "walsh" }, { "Dvořák", "dvorak" },
};

/* Respondent types; org = 1 when an organisation name goes with it. */
static const struct {
	const char *label;
	int org;
	unsigned weight;
} respondents[] = {
	{ "An individual", 0, 52 },
	{ "A member of the public", 0, 10 },
	{ "A public employee (civil servant)", 0, 6 },
	{ "A student or academic", 0, 4 },
	{ "On behalf of an organisation", 1, 8 },
	{ "A business, company or trade body", 1, 6 },
	{ "A charity or voluntary organisation", 1, 5 },
	{ "A local authority", 1, 3 },
	{ "A trade union", 1, 2 },
	{ "Prefer not to say", 0, 4 },
};

static const char *const organisations[] = {
	"Friends of the Riverside", "Northfield Parish Council",
	"Smith, Jones & Partners LLP", "The \"Green Streets\" Trust",
	"Citizens' Advice Bureau", "Association des usagers de Lyon",
	"Verband der Fahrgäste e.V.", "Stowarzyszenie Łódzkie",
	"Ένωση Καταναλωτών", "Age Concern", "Westshire County Council",
	"National Federation of Small Businesses", "Unite the Union",
	"Cycling UK", "Acme Widgets Ltd", "University of Eastmoor",
};

static const char *const countries[] = {
	"United Kingdom", "United Kingdom", "United Kingdom", "Ireland",
	"France", "Deutschland", "España", "Polska", "Ελλάδα", "Danmark",
	"Česko", "中国", "Other",
};

static const char *const consents[] = {
	"Yes, publish my response with my name",
	"Yes, publish my response anonymously",
	"Yes, publish my response anonymously",
	"No, do not publish my response",
};

static const char *const likert[] = {
	"Strongly agree", "Agree", "Agree", "Neither agree nor disagree",
	"Disagree", "Strongly disagree", "Don't know",
};

/* Word lists for comments, one per language. */
static const char *const w_en[] = {
	"the", "proposal", "scheme", "council", "should", "would", "not",
	"consider", "residents", "impact", "local", "traffic", "parking",
	"cost", "funding", "families", "support", "oppose", "strongly",
	"consultation", "plans", "community", "safety", "children", "road",
	"bus", "services", "evidence", "decision", "already", "because",
	"however", "more", "less", "people", "housing", "environment",
	"businesses", "access", "disabled", "elderly", "clearly", "unfair",
	"welcome", "changes", "needs", "time", "money", "public", "consider",
	"is", "are", "and", "of", "to", "in", "for", "this", "that", "with",
};

static const char *const w_fr[] = {
	"le", "projet", "est", "très", "coûteux", "pour", "les", "habitants",
	"du", "quartier", "sécurité", "écoles", "élèves", "déjà", "trop",
	"circulation", "réunion", "être", "préférable", "et", "à", "où",
	"ça", "été", "décidé", "sans", "concertation",
};

static const char *const w_de[] = {
	"die", "Straße", "ist", "zu", "groß", "für", "den", "Verkehr",
	"Bürger", "müssen", "gehört", "werden", "Maßnahme", "Gebühren",
	"außerdem", "schön", "Fußgänger", "Grünfläche", "und", "nicht",
	"würde", "überhaupt", "Schließung",
};

static const char *const w_pl[] = {
	"ten", "plan", "jest", "zły", "dla", "mieszkańców", "ulica",
	"będzie", "zamknięta", "ludzie", "pieniądze", "łatwo", "się",
	"żadnych", "konsultacji", "ścieżka", "rowerowa", "i", "nie",
	"gmina", "dzieci", "szkoła",
};

static const char *const w_el[] = {
	"η", "πρόταση", "είναι", "καλή", "για", "τους", "κατοίκους",
	"δρόμος", "κυκλοφορία", "δεν", "και", "πολύ", "ακριβή",
	"περιοχή", "παιδιά", "σχολείο", "συμφωνώ",
};

/* Chinese: no spaces between words, full-width punctuation. */
static const char *const w_zh[] = {
	"我们", "支持", "这个", "计划", "但是", "交通", "问题", "很",
	"严重", "居民", "希望", "政府", "考虑", "停车", "费用", "太",
	"高", "学校", "安全", "环境",
};

static const struct lang {
	const char *const *w;
	unsigned n;
	const char *space;	/* between words */
	const char *comma;	/* clause separator */
	const char *stop;	/* sentence end */
	unsigned weight;
} langs[] = {
	{ w_en, NELEM(w_en), " ", ", ", ".", 70 },
	{ w_fr, NELEM(w_fr), " ", ", ", ".", 8 },
	{ w_de, NELEM(w_de), " ", ", ", ".", 7 },
	{ w_pl, NELEM(w_pl), " ", ", ", ".", 6 },
	{ w_el, NELEM(w_el), " ", ", ", ".", 5 },
	{ w_zh, NELEM(w_zh), "", "，", "。", 4 },
};

/* Campaign texts: sent by many respondents word for word. */
static const char *const campaign_texts[] = {
	"I object to the proposed closure of Station Road. It will push "
	"traffic onto residential streets, past two primary schools.\n"
	"Please keep the road open and invest in safer crossings instead.",
	"As a member of the \"Save Our Buses\" campaign, I urge the council "
	"to reverse the cuts to routes 12, 14 and 27.\n\n"
	"Older and disabled residents depend on them.",
};

/* ---- rows ------------------------------------------------------------ */

static const char id_chars[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";	/* 32 */

/*
 * A response id, ANON-XXXX-XXXX-C, unique per row: the row number mixed
 * by a bijection on 40 bits, written as 8 characters of 5 bits, then a
 * check character.
 */
static void put_id(unsigned long i)
{
	const uint64_t mask = (1ULL << 40) - 1;
	uint64_t x = (uint64_t)i & mask;
	char s[16] = "ANON-";
	unsigned k, sum = 0, p = 5;

	x = (x * 0x9E3779B1ULL + 0x5bd1e995ULL) & mask;
	x ^= x >> 19;
	x = (x * 0x2545F491ULL) & mask;
	x ^= x >> 21;
	for (k = 0; k < 8; k++) {
		unsigned c = (unsigned)(x >> (35 - 5 * k)) & 31;

		sum += c * (k + 1);
		s[p++] = id_chars[c];
		if (k == 3)
			s[p++] = '-';
	}
	s[p++] = '-';
	s[p++] = id_chars[sum & 31];
	put(s, p);
}

/*
 * dd/mm/yyyy hh:mm: about 12,000 responses a day through a twelve-week
 * consultation (longer files start over), roughly in order.
 */
static void put_date(unsigned long i)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
					  31, 30, 31 };
	unsigned day = (unsigned)(i / 11905 % 84);
	unsigned d = 3, m = 2;	/* 03/03/2025 is day 0 */

	if (below(10) == 0 && day > 0)
		day -= below(day < 5 ? day : 5);	/* a few out of order */
	d += day;
	while (d > mdays[m]) {
		d -= mdays[m];
		m++;
	}
	put2(d);
	putc_('/');
	put2(m + 1);
	puts_("/2025 ");
	put2(below(24));
	putc_(':');
	put2(below(60));
}

static const struct lang *pick_lang(void)
{
	unsigned r = below(100), k;

	for (k = 0; k < NELEM(langs) - 1; k++) {
		if (r < langs[k].weight)
			break;
		r -= langs[k].weight;
	}
	return &langs[k];
}

/* One sentence in language l, appended to fld. */
static void sentence(const struct lang *l)
{
	unsigned nw = 4 + below(9), k;
	unsigned quote_at = chance(5) ? 1 + below(nw - 2) : 0;
	unsigned comma_at = chance(35) ? 2 + below(nw - 3) : 0;
	size_t start = fldn;

	for (k = 0; k < nw; k++) {
		if (k > 0)
			fadds(k == comma_at ? l->comma : l->space);
		if (quote_at && k == quote_at)
			faddc('"');
		fadds(l->w[below(l->n)]);
		if (quote_at && k == quote_at + 1)
			faddc('"');
	}
	if (fld[start] >= 'a' && fld[start] <= 'z')
		fld[start] = (char)(fld[start] - 'a' + 'A');
	fadds(l->stop);
}

/* The comment: empty, campaign text, or 1-4 generated sentences. */
static void put_comment(int campaign)
{
	const struct lang *l;
	unsigned ns, k;
	int multiline;

	if (campaign) {
		put_fieldz(campaign_texts[below(NELEM(campaign_texts))]);
		return;
	}
	if (chance(10))
		return;			/* left empty */
	l = pick_lang();
	ns = 1 + below(4);
	multiline = chance(17);
	if (multiline && ns < 2)
		ns = 2;
	fldn = 0;
	for (k = 0; k < ns; k++) {
		if (k > 0) {
			if (multiline)
				fadds(chance(25) ? "\n\n" : "\n");
			else
				fadds(l->space[0] ? " " : "");
		}
		sentence(l);
	}
	put_field(fld, fldn);
}

static unsigned pick_respondent(void)
{
	unsigned r = below(100), k;

	for (k = 0; k < NELEM(respondents) - 1; k++) {
		if (r < respondents[k].weight)
			break;
		r -= respondents[k].weight;
	}
	return k;
}

static void gen_row(unsigned long i)
{
	const struct name *fn = &PICK(first_names);
	const struct name *ln = &PICK(last_names);
	unsigned resp = pick_respondent();
	int campaign = chance(5);
	int anon = chance(6);	/* name and e-mail left out */
	unsigned q;

	rown = 0;
	put_id(i);
	putc_(',');
	put_date(i);
	putc_(',');
	if (!anon) {
		put_fieldz(fn->text);
		putc_(',');
		put_fieldz(ln->text);
		putc_(',');
		puts_(fn->ascii);
		putc_('.');
		puts_(ln->ascii);
		if (chance(30))
			putu(below(100));
		puts_("@example.org,");
	} else {
		puts_(",,,");
	}
	if (respondents[resp].org)
		put_fieldz(PICK(organisations));
	putc_(',');
	put_fieldz(respondents[resp].label);
	putc_(',');
	if (chance(97))
		put_fieldz(PICK(countries));
	putc_(',');
	put_fieldz(PICK(consents));
	for (q = 0; q < 3; q++) {
		putc_(',');
		if (campaign)
			puts_(q == 1 ? "Strongly agree" : "Strongly disagree");
		else if (chance(95))
			put_fieldz(PICK(likert));
	}
	putc_(',');
	put_comment(campaign);
	putc_('\n');
}

int main(int argc, char **argv)
{
	static const char header[] =
	    "Response ID,Submitted,First name,Last name,Email,Organisation,"
	    "I am responding as,Country,Publishing consent,Q1,Q2,Q3,Comments\n";
	unsigned long rows, i;
	char *end;

	if (argc != 2 || argv[1][0] < '0' || argv[1][0] > '9') {
		fputs("usage: gen ROWS > FILE\n", stderr);
		return 2;
	}
	errno = 0;
	rows = strtoul(argv[1], &end, 10);
	if (errno || *end) {
		fputs("gen: ROWS must be a number\n", stderr);
		return 2;
	}
	memcpy(out, header, sizeof(header) - 1);
	outn = sizeof(header) - 1;
	for (i = 0; i < rows; i++) {
		gen_row(i);
		if (outn + rown > OUTSZ)
			flush_out();
		memcpy(out + outn, row, rown);
		outn += rown;
	}
	flush_out();
	return 0;
}
