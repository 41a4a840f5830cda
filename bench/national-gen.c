/*
 * national-gen.c - a national-scale docket, for the national benchmark
 * (bench/national.sh).
 *
 *   national-gen ROWS > docket.csv
 *
 * Writes a header and ROWS comments in the shape of a Regulations.gov
 * bulk-download CSV (the columns of its "Comment" documents that matter
 * here, in its order and with its names): document, agency and docket
 * ids, tracking number, dates, the submitter's first and last name,
 * city, state, ZIP code, country, e-mail address, organisation, and the
 * comment itself.
 *
 * The comments are shaped like those of a docket that drew a national
 * campaign (the FCC's 2017 net neutrality docket: some 22 million
 * comments, most of them form letters):
 *
 *   - about 60% are one of FORMS form letters, their sizes skewed (the
 *     largest letter is sent about as often as the next ten together);
 *     half of the copies are edited (a word changed, a sentence added at
 *     the start, or one left out) and most end with a signature that
 *     repeats the sender's name, city and ZIP code;
 *   - the rest are written by their senders, from a vocabulary of some
 *     600 words, their lengths log-normal (median about 250 bytes, a
 *     long tail up to 12 KB), a fifth in several paragraphs;
 *   - personal data is planted in the text: an e-mail address in 3% of
 *     comments, a phone number in 3%, a street address in 1%.
 *
 * Names are varied as a nation's are: half of the last names are made
 * of syllables, half of the senders give a middle initial.  Rows average
 * about 750 bytes.  The output depends only on ROWS (a fixed
 * seed, splitmix64), and a smaller file is a prefix of a larger one.  It
 * is written for speed: some 400 MB/s on one core.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define FORMS 40

/* ---- PRNG ------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL ^ 0x4e4154u;	/* fixed */

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static unsigned
below(unsigned n)
{
	return (unsigned)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* 1 with probability per/1000. */
static int
permille(unsigned per)
{
	return below(1000) < per;
}

/* Uniform in (0, 1). */
static double
unif(void)
{
	return ((double)(rnd() >> 11) + 0.5) / 9007199254740992.0;
}

#define PICK(a) ((a)[below(NELEM(a))])

/* ---- output ---------------------------------------------------------- */

#define OUTSZ (1u << 22)

static char out[OUTSZ + 65536];
static size_t outn;

static void
flush_out(void)
{
	size_t off = 0;

	while (off < outn) {
		ssize_t w = write(STDOUT_FILENO, out + off, outn - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			perror("national-gen: write");
			exit(1);
		}
		off += (size_t)w;
	}
	outn = 0;
}

static void
put(const char *s, size_t n)
{
	memcpy(out + outn, s, n);
	outn += n;
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

static void
putu(unsigned long long v, int width)
{
	char b[24];
	int i = 0;

	do {
		b[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v || i < width);
	while (i)
		out[outn++] = b[--i];
}

/* ---- the people ------------------------------------------------------ */

static const char *const first[] = {
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael",
	"Linda", "William", "Elizabeth", "David", "Barbara", "Richard",
	"Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
	"Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty",
	"Anthony", "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven",
	"Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
	"Kenneth", "Dorothy", "Kevin", "Carol", "Brian", "Amanda", "George",
	"Melissa", "Jose", "Maria", "Luis", "Ana", "Wei", "Mei", "Nguyen",
	"Aisha", "Omar", "Fatima", "Raj", "Priya", "Jos\xC3\xA9", "Zo\xC3\xAB",
};
static const char *const last[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
	"Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
	"Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
	"Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
	"Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
	"King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
	"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
	"Mitchell", "Carter", "Roberts", "O'Brien", "M\xC3\xBCller",
};
static const struct { const char *city, *st; unsigned zip; } places[] = {
	{ "Springfield", "IL", 62701 }, { "Austin", "TX", 73301 },
	{ "Portland", "OR", 97201 }, { "Columbus", "OH", 43004 },
	{ "Madison", "WI", 53703 }, { "Richmond", "VA", 23173 },
	{ "Albany", "NY", 12207 }, { "Denver", "CO", 80202 },
	{ "Phoenix", "AZ", 85001 }, { "Boise", "ID", 83702 },
	{ "Atlanta", "GA", 30301 }, { "Tampa", "FL", 33601 },
	{ "Fresno", "CA", 93650 }, { "Omaha", "NE", 68102 },
	{ "Reno", "NV", 89501 }, { "Raleigh", "NC", 27601 },
	{ "Burlington", "VT", 5401 }, { "Billings", "MT", 59101 },
	{ "Tulsa", "OK", 74103 }, { "Salem", "MA", 1970 },
};
static const char *const mailhost[] = {
	"gmail.com", "yahoo.com", "hotmail.com", "aol.com", "outlook.com",
	"comcast.net", "icloud.com", "verizon.net",
};
static const char *const orgs[] = {
	"Free Press", "National Taxpayers Union", "Consumer Action",
	"Small Business Coalition", "Rural Broadband Association",
	"County Library Board", "Tech Workers Union Local 12",
	"American Council of Engineers", "Chamber of Commerce of Ohio",
	"Open Internet Alliance",
};
static const char *const streets[] = {
	"Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Park Blvd",
	"Washington Ave", "Lake Rd",
};

/* ---- the words ------------------------------------------------------- */

static const char *const words[] = {
	"the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as",
	"with", "be", "on", "not", "this", "are", "by", "or", "have", "from",
	"but", "we", "they", "an", "which", "you", "their", "all", "will",
	"would", "there", "can", "should", "more", "its", "our", "these",
	"who", "must", "any", "only", "other", "than", "such", "very",
	"internet", "broadband", "access", "providers", "service", "services",
	"rules", "regulation", "regulations", "commission", "federal",
	"government", "consumers", "customers", "companies", "company",
	"market", "competition", "prices", "price", "speed", "speeds",
	"network", "networks", "traffic", "content", "websites", "online",
	"business", "businesses", "small", "rural", "communities",
	"community", "families", "students", "schools", "libraries",
	"innovation", "investment", "infrastructure", "neutrality", "open",
	"free", "freedom", "speech", "privacy", "data", "users", "people",
	"public", "interest", "law", "title", "classification",
	"utility", "utilities", "light", "touch", "framework", "order",
	"repeal", "restore", "protect", "protections", "keep", "preserve",
	"oppose", "support", "urge", "ask", "believe", "think", "know",
	"want", "need", "pay", "paid", "fast", "lanes", "throttling",
	"blocking", "discrimination", "fair", "equal", "everyone", "every",
	"choice", "choices", "options", "monopoly", "cable", "wireless",
	"mobile", "phone", "fiber", "local", "town", "city", "state",
	"country", "nation", "national", "economy", "jobs", "job", "work",
	"home", "family", "children", "parents", "elderly", "veterans",
	"health", "telehealth", "education", "learning", "future", "today",
	"years", "decade", "history", "experience", "example", "cost",
	"costs", "bill", "bills", "month", "monthly", "plan", "plans",
	"contract", "outage", "outages", "coverage", "area", "areas",
	"county", "farm", "farms", "farmers", "entrepreneurs", "startups",
	"creators", "artists", "musicians", "writers", "journalists",
	"news", "information", "ideas", "voices", "democracy", "citizens",
	"taxpayers", "congress", "agency", "chairman", "decision",
	"proposal", "proposed", "comment", "comments", "docket", "record",
	"evidence", "studies", "study", "report", "reports", "analysis",
	"clear", "simple", "important", "necessary", "harmful", "unfair",
	"reasonable", "unreasonable", "strong", "weak", "new", "old",
	"better", "worse", "best", "worst", "good", "bad", "high", "low",
	"slow", "expensive", "affordable", "reliable", "unreliable",
	"available", "unavailable", "limited", "unlimited", "real", "true",
	"false", "simply", "clearly", "really", "truly", "already", "never",
	"always", "often", "sometimes", "still", "also", "even", "just",
	"because", "while", "when", "where", "how", "why", "what", "if",
	"so", "then", "however", "therefore", "instead", "without", "within",
	"against", "between", "under", "over", "after", "before", "about",
	"through", "across", "around", "into", "onto", "upon", "toward",
	"my", "me", "i", "am", "was", "were", "been", "being", "has", "had",
	"do", "does", "did", "done", "make", "makes", "made", "use", "used",
	"using", "see", "seen", "get", "gets", "got", "give", "given",
	"take", "taken", "let", "lets", "allow", "allowed", "allows",
	"stop", "stopped", "start", "started", "continue", "continued",
	"change", "changed", "changes", "grow", "growth", "lose", "lost",
	"win", "won", "choose", "chose", "decide", "decided", "consider",
	"considered", "matter", "matters", "issue", "issues", "problem",
	"problems", "solution", "solutions", "question", "questions",
	"answer", "reason", "reasons", "purpose", "goal", "goals", "plan",
	"power", "control", "rights", "right", "wrong", "responsibility",
	"accountability", "transparency", "oversight", "enforcement",
	"authority", "jurisdiction", "statute", "act", "section", "court",
	"courts", "judge", "ruling", "appeal", "lawsuit", "litigation",
	"consumer", "subscriber", "subscribers", "household", "households",
	"million", "millions", "billion", "billions", "percent", "dollars",
	"few", "many", "most", "some", "several", "each", "both", "either",
	"neither", "nothing", "something", "anything", "everything",
	"nobody", "somebody", "anybody", "please", "thank", "thanks",
	"sincerely", "respectfully", "strongly", "deeply", "greatly",
};

/* Sentence marks, mostly full stops. */
static const char *const ends[] = { ". ", ". ", ". ", ". ", "! ", "? " };

/* A sentence of lo..lo+span words, capitalised, into s; its length. */
static size_t
sentence(char *s, unsigned lo, unsigned span)
{
	unsigned n = lo + below(span), i;
	size_t len = 0, k;
	const char *w, *e;

	for (i = 0; i < n; i++) {
		w = PICK(words);
		k = strlen(w);
		if (i)
			s[len++] = ' ';
		memcpy(s + len, w, k);
		if (i == 0 && s[len] >= 'a' && s[len] <= 'z')
			s[len] = (char)(s[len] - 'a' + 'A');
		len += k;
		if (i + 1 < n && permille(60))
			s[len++] = ',';
	}
	e = PICK(ends);
	memcpy(s + len, e, 2);
	return len + 2;
}

/* ---- form letters ---------------------------------------------------- */

struct form {
	char *sent[16];		/* its sentences */
	size_t len[16];
	unsigned n;
	unsigned weight;	/* of 1,000,000 */
};
static struct form forms[FORMS];
static unsigned cum[FORMS];	/* cumulative weights */

static void
make_forms(void)
{
	unsigned f, i, total = 0;
	char buf[1024];

	for (f = 0; f < FORMS; f++) {
		forms[f].n = 3 + below(7);
		for (i = 0; i < forms[f].n; i++) {
			forms[f].len[i] = sentence(buf, 8, 13);
			if ((forms[f].sent[i] = malloc(forms[f].len[i])) ==
			    NULL) {
				perror("national-gen");
				exit(1);
			}
			memcpy(forms[f].sent[i], buf, forms[f].len[i]);
		}
		/* Zipf-like: the largest as often as the next ten. */
		forms[f].weight = (unsigned)(1000000.0 / pow(f + 1, 1.1));
		total += forms[f].weight;
	}
	for (f = 0; f < FORMS; f++)
		cum[f] = (f ? cum[f - 1] : 0) + (unsigned)((uint64_t)
		    forms[f].weight * 1000000 / total);
	cum[FORMS - 1] = 1000000;
}

static unsigned
pick_form(void)
{
	unsigned r = below(1000000), f;

	for (f = 0; f < FORMS - 1 && r >= cum[f]; f++)
		;
	return f;
}

/* ---- a comment ------------------------------------------------------- */

#define TEXTSZ 16384
static char text[TEXTSZ];
static size_t textn;

static void
tput(const char *s, size_t n)
{
	if (textn + n < TEXTSZ - 512) {
		memcpy(text + textn, s, n);
		textn += n;
	}
}

static void
tputs(const char *s)
{
	tput(s, strlen(s));
}

static void
tputu(unsigned v, int width)
{
	char b[16];
	int i = 0;

	do {
		b[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v || i < width);
	while (i)
		text[textn++] = b[--i];
}

/* The personal data a comment may carry, in its text. */
static void
plant(const char *fn, const char *ln, unsigned place)
{
	if (permille(30)) {
		tputs(" You can reach me at ");
		tputs(fn);
		tputs(".");
		tputs(ln);
		tputu(below(100), 1);
		tputs("@");
		tputs(PICK(mailhost));
		tputs(". ");
	}
	if (permille(30)) {
		tputs(" My number is (");
		tputu(200 + below(800), 3);
		tputs(") 555-");
		tputu(below(10000), 4);
		tputs(". ");
	}
	if (permille(10)) {
		tputs(" I live at ");
		tputu(1 + below(9999), 1);
		tputs(" ");
		tputs(PICK(streets));
		tputs(", ");
		tputs(places[place].city);
		tputs(", ");
		tputs(places[place].st);
		tputs(" ");
		tputu(places[place].zip, 5);
		tputs(". ");
	}
}

static void
form_letter(const char *fn, const char *ln, unsigned place)
{
	const struct form *f = &forms[pick_form()];
	unsigned i, skip = 99, swap = 99;
	char buf[1024];
	int edited = permille(500);

	if (edited) {
		switch (below(3)) {
		case 0:	/* a sentence of one's own first */
			tput(buf, sentence(buf, 6, 12));
			break;
		case 1:
			skip = below(f->n);
			break;
		default:
			swap = below(f->n);
			break;
		}
	}
	for (i = 0; i < f->n; i++) {
		if (i == skip)
			continue;
		if (i == swap) {
			/* One word changed: the sentence up to its first
			 * space, another word, the rest from its second. */
			const char *s = f->sent[i], *a, *b;
			size_t n = f->len[i];

			a = memchr(s, ' ', n);
			b = a ? memchr(a + 1, ' ', n - (size_t)(a + 1 - s)) :
			    NULL;
			if (a && b) {
				tput(s, (size_t)(a - s) + 1);
				tputs(PICK(words));
				tput(b, n - (size_t)(b - s));
				continue;
			}
		}
		tput(f->sent[i], f->len[i]);
	}
	plant(fn, ln, place);
	if (permille(800)) {
		tputs("\n\nSincerely,\n");
		tputs(fn);
		tputs(" ");
		tputs(ln);
		tputs("\n");
		tputs(places[place].city);
		tputs(", ");
		tputs(places[place].st);
		tputs(" ");
		tputu(places[place].zip, 5);
	}
}

static void
own_text(const char *fn, const char *ln, unsigned place)
{
	/* Log-normal length, median ~250 bytes. */
	double z = sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
	size_t want = (size_t)(250 * exp(1.0 * z));
	char buf[1024];

	if (want < 8)
		want = 8;
	if (want > 12000)
		want = 12000;
	while (textn < want) {
		tput(buf, sentence(buf, 4, 18));
		if (permille(200) && textn < want)
			tputs("\n\n");
	}
	plant(fn, ln, place);
}

/* ---- a row ----------------------------------------------------------- */

static void
field(const char *s)
{
	puts_(s);
	out[outn++] = ',';
}

/* The comment, quoted, its quotes doubled. */
static void
quoted(const char *s, size_t n)
{
	size_t i;

	out[outn++] = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			out[outn++] = '"';
		out[outn++] = s[i];
	}
	out[outn++] = '"';
}

static void
date(unsigned long long i, unsigned long long rows)
{
	/* Ninety days from 2017-05-01, in order of the rows. */
	unsigned day = (unsigned)(i * 90 / (rows ? rows : 1));
	static const unsigned mdays[] = { 31, 30, 31, 31, 30 };
	unsigned m = 0, sec = below(86400);

	while (m < 4 && day >= mdays[m])
		day -= mdays[m++];
	puts_("2017-");
	putu(5 + m, 2);
	out[outn++] = '-';
	putu(day + 1, 2);
	out[outn++] = 'T';
	putu(sec / 3600, 2);
	out[outn++] = ':';
	putu(sec / 60 % 60, 2);
	out[outn++] = ':';
	putu(sec % 60, 2);
	puts_("Z,");
}

/*
 * A last name: a common one, or, as often, one made of syllables (some
 * 27,000 of them), so that a docket of millions has the variety of names
 * a nation has.
 */
static const char *
last_name(char *buf)
{
	static const char *const syl[] = {
		"an", "ber", "cal", "dor", "el", "fin", "gar", "hol", "is",
		"jen", "kir", "lan", "mor", "nel", "os", "pet", "quin", "ros",
		"sel", "tor", "ul", "van", "wes", "yor", "zan", "bro", "cha",
		"dre", "sto", "tra",
	};
	size_t n = 0, k;
	int i;

	if (permille(500))
		return PICK(last);
	for (i = 0; i < 3; i++) {
		const char *s = PICK(syl);

		k = strlen(s);
		memcpy(buf + n, s, k);
		n += k;
	}
	buf[0] = (char)(buf[0] - 'a' + 'A');
	buf[n] = '\0';
	return buf;
}

int
main(int argc, char **argv)
{
	unsigned long long rows, i;
	char *end;

	if (argc != 2 || (rows = strtoull(argv[1], &end, 10), *end) ||
	    argv[1][0] == '\0' || argv[1][0] == '-') {
		fputs("usage: national-gen ROWS > docket.csv\n", stderr);
		return 2;
	}
	make_forms();
	puts_("Document ID,Agency ID,Docket ID,Tracking Number,Document Type,"
	    "Posted Date,Received Date,First Name,Last Name,City,"
	    "State/Province,Zip/Postal Code,Country,Email Address,"
	    "Organization Name,Comment\n");
	for (i = 0; i < rows; i++) {
		char lbuf[16], fbuf[32];
		const char *base = PICK(first), *fn = base;
		const char *ln = last_name(lbuf);
		unsigned place = below(NELEM(places));

		/* A middle initial, for half of them. */
		if (permille(500)) {
			size_t k = strlen(base);

			memcpy(fbuf, base, k);
			fbuf[k] = ' ';
			fbuf[k + 1] = (char)('A' + below(26));
			fbuf[k + 2] = '.';
			fbuf[k + 3] = '\0';
			fn = fbuf;
		}

		puts_("FCC-2017-0108-");
		putu(i + 1, 8);
		puts_(",FCC,FCC-2017-0108,1k");
		putu(rnd() % 1000000000ULL, 9);
		puts_(",Public Submission,");
		date(i, rows);
		date(i, rows);
		if (permille(40)) {
			/* Anonymous, as the platform lets a sender be. */
			puts_("anonymous,anonymous,,,,United States,,");
		} else {
			field(fn);
			field(ln);
			field(places[place].city);
			field(places[place].st);
			putu(places[place].zip, 5);
			puts_(",United States,");
			puts_(base);
			out[outn++] = '.';
			puts_(ln);
			putu(below(1000), 1);
			out[outn++] = '@';
			puts_(PICK(mailhost));
			out[outn++] = ',';
		}
		if (permille(10))
			puts_(PICK(orgs));
		out[outn++] = ',';
		textn = 0;
		if (permille(600))
			form_letter(fn, ln, place);
		else
			own_text(fn, ln, place);
		quoted(text, textn);
		out[outn++] = '\n';
		if (outn >= OUTSZ)
			flush_out();
	}
	flush_out();
	return 0;
}
