/*
 * campaign-gen.c - synthetic response records with seeded campaigns, for
 * the campaign benchmark (bench/campaigns.sh).
 *
 *   campaign-gen [-s SEED] [-t TRUTH] [-c PCT] [-d PCT] N > responses.ndjson
 *
 * Writes N response records (gd-record(5), kind "response") in order of
 * submission, and with -t a ground-truth file, one line per record in the
 * same order:
 *
 *   id <TAB> label <TAB> edit <TAB> burst <TAB> lang
 *
 * label is the seeded campaign ("t00001", ...) or "-"; edit says how the
 * text was made: for a campaign member "exact" or the edits applied to the
 * template joined by "+" (words, add, remove, greet, name); otherwise
 * "individual", "short" or "empty"; burst is 1 for a member submitted in
 * a burst (a run of members seconds apart); lang is en, es or de.
 *
 * Individual responses are made from sentence patterns whose slots are
 * filled from word lists (English, Spanish, German) and from made-up town
 * and street names, so that two independent texts rarely share more than
 * a few word triples.  Campaigns (-c PCT of the responses, default 30)
 * have sizes from 3 to thousands (a power law, a few large ones always),
 * a template of 2 to 6 sentences, and members that are exact copies or
 * edited variants: 1 to 3 words changed, a sentence added or removed, a
 * greeting and signature, the sender's name; some members come in bursts,
 * and a few campaigns share one sentence with an earlier campaign.  A
 * subject line is appended to 65% of all texts (boilerplate), 5% of the
 * individual texts end with "Sent from my phone", and of the responses in
 * no campaign 6% are very short ("Agree.", "See attached") and 2% have no
 * text.
 * -d PCT makes the first campaign a dominant one: PCT% of all responses.
 *
 * The output depends only on N and SEED (default 1): the generator has its
 * own PRNG.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- PRNG ------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static unsigned below(unsigned n)
{
	return (unsigned)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in (0, 1]. */
static double unit(void)
{
	return ((double)(rnd() >> 11) + 1.0) / 9007199254740992.0;
}

static int chance(unsigned pct)
{
	return below(100) < pct;
}

#define PICK(a) ((a)[below(NELEM(a))])

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fputs("campaign-gen: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

/* ---- text buffers ---------------------------------------------------- */

struct sb {
	char *p;
	size_t n, cap;
};

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		char *np;

		while (ncap < b->n + n + 1)
			ncap *= 2;
		if ((np = realloc(b->p, ncap)) == NULL) {
			fputs("campaign-gen: out of memory\n", stderr);
			exit(1);
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void sb_adds(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_addu(struct sb *b, unsigned long v)
{
	char d[24];

	snprintf(d, sizeof(d), "%lu", v);
	sb_adds(b, d);
}

static char *xstrdup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* ---- word lists ------------------------------------------------------ */

enum { EN, ES, DE, NLANG };
static const char *lang_name[NLANG] = { "en", "es", "de" };

/* Made-up place names: syllables, so there are thousands of them. */
static const char *syl1[] = {
	"Ash", "Bar", "Bel", "Brook", "Cal", "Dun", "Ell", "Fen", "Glen",
	"Hal", "Ken", "Lan", "Mar", "Nor", "Old", "Pen", "Quin", "Ros", "Sal",
	"Thorn", "Ul", "Ver", "Wal", "Yar", "Cor", "Dal", "Har", "Mil",
	"Ot", "Stan",
};
static const char *syl2[] = {
	"", "en", "ing", "er", "a", "el", "ow", "is", "and", "ar",
};
static const char *town_end[] = {
	"ton", "by", "field", "wick", "ford", "bury", "ham", "stead", "moor",
	"dale", "worth", "ley",
};
static const char *street_end[] = {
	" Road", " Lane", " Street", " Avenue", " Way", " Close", " Grove",
	" Terrace",
};
static const char *first_names[] = {
	"Maria", "John", "Aisha", "Tomasz", "Elena", "David", "Fatima",
	"Peter", "Sofia", "Ahmed", "Laura", "James", "Ines", "Lukas", "Chloe",
	"Omar", "Anna", "Pablo", "Grace", "Jonas", "Carmen", "Samuel",
	"Hannah", "Mehmet", "Julia", "Daniel", "Nadia", "Marco", "Emily",
	"Ravi", "Sarah", "Kenji", "Lucia", "Viktor", "Amara", "Felix",
	"Zeynep", "Oliver", "Priya", "Jorge",
};
static const char *last_names[] = {
	"Garcia", "Smith", "Kowalski", "Khan", "Muller", "Rossi", "Novak",
	"Jones", "Fernandez", "Schmidt", "Okafor", "Brown", "Lopez",
	"Nowak", "Weber", "Taylor", "Martin", "Silva", "Wilson", "Bauer",
	"Moreau", "Evans", "Santos", "Fischer", "Ali", "Murphy", "Costa",
	"Hughes", "Petrov", "Lindqvist", "Byrne", "Ortiz", "Yilmaz",
	"Kelly", "Meyer", "Romero", "Walsh", "Dubois", "Haddad", "Clarke",
	"Sato", "Ivanova", "Moreno", "Price", "Wagner", "Jensen", "Reyes",
	"Turner", "Nguyen", "Horvat",
};
static const char *months[NLANG][12] = {
	{ "January", "February", "March", "April", "May", "June", "July",
	  "August", "September", "October", "November", "December" },
	{ "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	  "agosto", "septiembre", "octubre", "noviembre", "diciembre" },
	{ "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	  "August", "September", "Oktober", "November", "Dezember" },
};

/*
 * Sentence patterns have slots, {X}, filled from the lists below (a list
 * item may hold slots of its own).  Fixed words between slots are kept
 * to two or fewer, and noun phrases, subjects and places are composed of
 * parts, so that independent texts rarely share a word triple beyond the
 * odd common phrase.
 *
 * Slots: O opener, S subject, M modal, V verb, N noun phrase, X bare noun,
 * A adjective or adverbial, P place or time, Q past verb, J judgement,
 * I intensifier (may be empty), K relative, E what happened to them,
 * T time, B "are"-like verb, D "does"-like, H verbs of caring for people,
 * Y people, Z two-word verbs, C closing; W town, R street, F first name,
 * L last name, G organisation, n number, y year, m month, d weekday,
 * g gerund (English).
 */

/* English */
static const char *en_O[] = {
	"I think", "In my view", "Honestly", "Frankly", "I believe",
	"It seems that", "In my opinion", "I feel", "To be honest",
	"As a resident", "As a parent", "From experience", "Quite simply",
	"I am sure", "Everyone agrees", "After reading this",
	"Having lived here", "As a commuter", "Clearly", "Without doubt",
	"On balance", "As a cyclist", "As a pensioner", "As a shop owner",
	"My family thinks", "My neighbours say", "I suspect", "I doubt",
	"Obviously", "Like most people", "As a nurse", "As a teacher",
	"Sadly", "Unfortunately", "Luckily", "Personally", "Realistically",
	"As a driver", "As a student", "Speaking for myself", "I would argue",
	"I fear", "I hope", "I expect", "Strangely", "Of course",
	"Admittedly", "Put simply", "In short", "As a carer",
};
static const char *en_SD[] = {
	"the", "our", "the local", "the new", "the city", "the regional",
	"the county", "the national", "this", "that",
};
static const char *en_SN[] = {
	"council", "mayor", "ministry", "government", "plan", "proposal",
	"transport authority", "planning department", "office", "district",
	"agency", "board", "committee", "housing office", "parks department",
	"health service", "school board", "water company", "police",
	"regulator", "municipality", "road agency", "environment agency",
	"politicians", "engineers", "consultation team", "bus operator",
	"developers", "councillors", "officials", "inspectors", "contractors",
	"administration", "trust",
};
static const char *en_S[] = { "{s} {t}" };
static const char *en_M[] = {
	"should", "must", "could", "needs to", "ought to", "has to",
	"will have to", "might", "should not", "must not", "cannot",
	"would do well to", "is right to", "is wrong to", "plans to",
	"refuses to", "wants to", "forgot to",
};
static const char *en_V[] = {
	"improve", "reconsider", "fund", "protect", "expand", "delay",
	"review", "rethink", "cancel", "support", "simplify", "regulate",
	"restrict", "rebuild", "repair", "maintain", "upgrade", "monitor",
	"replace", "extend", "reduce", "increase", "prioritise", "publish",
	"explain", "cut", "subsidise", "ban", "limit", "measure", "redesign",
	"relocate", "modernise", "clean", "light", "widen", "close",
	"reopen", "enforce", "tax", "inspect", "insure", "merge", "plant",
	"paint", "license", "survey", "connect",
};
static const char *en_A[] = {
	"public", "local", "safe", "green", "cheap", "expensive", "quiet",
	"noisy", "modern", "old", "dangerous", "narrow", "wide", "accessible",
	"affordable", "empty", "crowded", "dirty", "clean", "electric",
	"rural", "urban", "small", "large", "shared", "private", "temporary",
	"permanent", "covered", "new", "existing", "historic", "sustainable",
	"efficient", "unused", "broken", "busy", "residential", "commercial",
	"dark", "flooded", "overgrown", "municipal", "seasonal",
};
static const char *en_ND[] = {
	"the", "our", "these", "those", "all the", "some", "many", "more",
	"the few", "the remaining", "the planned", "the current",
};
static const char *en_X[] = {
	"bus lanes", "cycle paths", "pavements", "parking spaces",
	"street lights", "playgrounds", "libraries", "bins",
	"recycling centres", "trees", "parks", "bridges", "crossings",
	"schools", "clinics", "car parks", "speed bumps", "bus stops",
	"trains", "flats", "shops", "markets", "sports halls", "pools",
	"allotments", "benches", "toilets", "footpaths", "roads",
	"junctions", "roundabouts", "tram lines", "charging points",
	"cameras", "signs", "drains", "gardens", "squares", "nurseries",
	"cycle racks", "loading bays", "skate parks", "fountains",
	"taxi ranks", "hedges", "verges", "potholes", "railings", "ramps",
	"lifts", "subways", "car clubs", "bike lanes", "kerbs", "crossroads",
	"underpasses", "ferries", "depots", "kiosks", "lamp posts",
};
static const char *en_PR[] = {
	"in", "near", "around", "along", "behind", "beside", "outside",
	"across", "on", "at", "by", "opposite", "next to", "close to", "past",
};
static const char *en_PL[] = {
	"the town centre", "the station", "the river", "{W}", "{R}",
	"our street", "the old town", "the market", "the hospital",
	"every district", "the suburbs", "the schools", "the harbour",
	"the ring road", "the industrial estate", "the university",
	"the cemetery", "the stadium", "the library", "the park gates",
	"the church", "the canal", "the shopping centre", "the bus depot",
	"the primary school", "{W} station", "the north of {W}",
	"the edge of {W}",
};
static const char *en_P[] = {
	"{p} {l}", "{p} {l}", "{p} {l}", "{p} {l}", "{p} {l}", "{T}",
};
static const char *en_Q[] = {
	"ignored", "promised", "neglected", "closed", "built", "cut",
	"approved", "forgot", "removed", "moved", "sold", "delayed", "funded",
	"painted", "renamed", "blocked", "doubled", "halved", "privatised",
	"rerouted", "shut", "widened", "narrowed", "resurfaced",
	"fenced off", "sold off", "rebuilt", "abandoned",
};
static const char *en_J[] = {
	"unacceptable", "a good start", "far too slow", "badly managed",
	"long overdue", "a waste of money", "essential", "confusing",
	"unfair", "very welcome", "not enough", "dangerous",
	"completely unnecessary", "a real improvement", "poorly explained",
	"a disgrace", "sensible", "expensive for everyone", "a missed chance",
	"hard to understand", "pointless", "brilliant", "overdue",
	"embarrassing",
};
static const char *en_I[] = {
	"", "", "", "", "quite ", "really ", "simply ", "absolutely ",
	"rather ", "clearly ", "totally ", "frankly ", "still ", "just ",
};
static const char *en_K[] = {
	"my mother", "my son", "my neighbour", "my daughter", "my partner",
	"my grandfather", "a friend of mine", "my colleague", "my sister",
	"my brother", "my aunt", "my landlord", "my grandmother",
	"my flatmate", "our childminder", "my husband", "my wife",
	"my uncle", "my cousin", "our lodger",
};
static const char *en_E[] = {
	"waited forty minutes for", "nearly fell on", "complained about",
	"could not find", "was hurt near", "paid too much for",
	"gave up on", "volunteered at", "was stuck near",
	"walks every day to", "lost money because of",
	"wrote to the council about", "took photos of", "got lost among",
	"was fined near", "tripped over", "cleaned up", "counted",
	"reported", "photographed",
};
static const char *en_T[] = {
	"last week", "yesterday", "twice this month", "every morning",
	"last year", "in {m}", "three times", "on {d}", "for years",
	"since {y}", "this spring", "every weekend", "at night",
	"during rush hour", "on weekends", "before {y}",
};
static const char *en_T2[] = {
	"soon", "now", "this year", "at last", "before {m}", "by {y}",
	"for once", "properly", "quickly", "without delay", "please",
	"right away",
};
static const char *en_B[] = {
	"are", "seem", "look", "feel", "remain", "have become", "are still",
	"are now",
};
static const char *en_D[] = {
	"does", "did", "would", "will", "should", "must",
};
static const char *en_H[] = {
	"listen to", "ask", "consult", "talk to", "think of", "help",
	"protect", "remember",
};
static const char *en_Y[] = {
	"people who use {N}", "families", "local traders", "older residents",
	"children", "disabled people", "cyclists", "bus users", "dog owners",
	"shift workers", "tenants", "carers", "pupils", "commuters",
};
static const char *en_Z[] = {
	"asked us", "told residents", "warned us", "consulted us",
	"listened", "explained why", "checked",
};
static const char *en_L[] = {
	"would like to see", "want", "miss", "love", "hate", "worry about",
	"cannot stand", "rely on", "appreciate", "avoid",
};
static const char *en_C[] = {
	"would have to drive to", "could not walk to", "would move to",
	"might cycle to", "will take a bus to", "must travel to",
};
static const char *en_wd[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday",
};
static const char *en_pat[] = {
	"{O} {S} {M} {V} {N} {P}.",
	"{N} {P} {B} {I}{J}.",
	"We need {N} {P}, not {X}.",
	"Why {D} {S} {V} {N} when {S} {Q} {N} {P}?",
	"{K} {E} {N} {T}.",
	"Please {V} {N} {P} {u}.",
	"{O} {N} on {R} {B} {I}{J}.",
	"{S} {Q} {N} {T}, which was {I}{J}.",
	"I counted {n} {A} {X} {P}.",
	"Nobody {Z} before {S} {Q} {N} {P}.",
	"I {k} {N} {P}.",
	"{S} {M} {H} {Y} {P}.",
	"It took {n} days for {S} to {V} {N} on {R}.",
	"{O} {g} {N} {P} would be {I}{J}.",
	"If {S} {Q} {N}, {K} {C} {W}.",
	"Compared with {W}, {N} {P} {B} {I}{J}.",
};
/* Sentences campaigns open with. */
static const char *en_camp[] = {
	"I am writing to {U} the proposal to {V} {N} {P}.",
	"As a supporter of {G}, I urge {S} to {V} {N} {P}.",
	"I {U} the plan to {V} {N} {P} and ask {S} to listen.",
	"This consultation is about {A} {X}, and {S} {M} {V} them {P}.",
	"Together with {G} I call on {S} to {V} {N} {P}.",
};
static const char *en_U[] = {
	"support", "oppose", "strongly support", "strongly oppose",
	"object to", "welcome",
};
static const char *org_kind[] = {
	"Cycling Club", "Residents Association", "Friends of the Park",
	"Tenants Union", "Parents Network", "Chamber of Commerce",
	"Nurses Union", "Teachers Union", "Civic Society", "Walking Group",
	"Traders Association", "Climate Action",
};
static const char *en_greet[] = {
	"Dear Sir or Madam,", "Dear Councillors,", "To whom it may concern,",
	"Hello,", "Dear consultation team,", "Good afternoon,",
};
static const char *en_sign[] = {
	"Kind regards,\n{F} {L}", "Sincerely, {F} {L}", "Thanks, {F}",
	"Best wishes, {F} {L} ({W})", "Regards, {F}",
	"Yours faithfully,\n{F} {L}",
};
static const char *en_name[] = {
	"My name is {F} {L} and I live in {W}.", "I live on {R} in {W}.",
	"{F} {L}, resident of {W}.",
	"I am {F} and I have lived in {W} for {n} years.",
};
static const char *en_short[] = {
	"Agree.", "See attached", "See attached file(s)", "I agree.",
	"Disagree.", "No comment.", "Yes.", "No!", "+1", "Support.",
	"Strongly agree", "Not in favour.", "Good idea!", "N/A",
	"I support this proposal", "Please do it.", "Fully agree!",
	"Thank you.", "Nothing to add.", "Bad idea.",
};

/* Spanish: noun phrases agree in gender (slot N). */
static const char *es_O[] = {
	"Creo que", "En mi opinión", "Sinceramente", "Como vecino, creo que",
	"Me parece que", "Pienso que", "Está claro que", "Como madre, creo que",
	"La verdad es que", "Desde mi punto de vista",
	"Muchos vecinos pensamos que", "Sin duda", "Como jubilada, opino que",
	"Tras leer la propuesta, creo que", "A mi juicio",
	"Como comerciante, pienso que", "Francamente", "Por desgracia",
	"Por suerte", "Personalmente", "Me temo que", "Espero que",
	"Es evidente que", "Como ciclista, creo que",
};
static const char *es_S[] = {
	"el ayuntamiento", "la junta", "el gobierno", "el plan nuevo",
	"la propuesta", "la concejalía", "el distrito", "la alcaldía",
	"la comunidad", "el consorcio de transportes", "la empresa municipal",
	"los técnicos municipales", "la diputación", "la policía municipal",
	"la oficina de urbanismo", "el consejo de barrio", "la consejería",
	"el ministerio", "los concejales", "la delegación", "la gerencia",
	"los responsables políticos", "la mancomunidad", "el alcalde",
};
static const char *es_M[] = {
	"debería", "tiene que", "podría", "no debería", "necesita", "debe",
	"quiere", "se niega a", "pretende", "se olvidó de", "acaba de",
};
static const char *es_V[] = {
	"mejorar", "revisar", "financiar", "proteger", "ampliar", "retrasar",
	"limpiar", "reparar", "mantener", "reducir", "aumentar", "prohibir",
	"cerrar", "abrir", "renovar", "iluminar", "vigilar", "trasladar",
	"publicar", "explicar", "asfaltar", "peatonalizar", "señalizar",
	"ajardinar", "sustituir", "modernizar", "pintar", "medir",
};
static const char *es_A[] = {
	"cuanto antes", "de una vez", "con urgencia", "sin más retrasos",
	"de forma ordenada", "con más presupuesto", "con criterio",
	"poco a poco", "este mismo año", "de verdad", "sin consultar a nadie",
	"con ayuda de los vecinos", "ya", "por fin", "bien",
};
static const char *es_NDm[] = {
	"los", "estos", "muchos", "nuestros", "todos los", "algunos",
	"esos", "los nuevos",
};
static const char *es_NDf[] = {
	"las", "estas", "muchas", "nuestras", "todas las", "algunas",
	"esas", "las nuevas",
};
static const char *es_Xm[] = {
	"carriles bici", "parques", "bancos", "árboles", "colegios",
	"puentes", "mercados", "semáforos", "contenedores", "autobuses",
	"huertos", "polideportivos", "jardines", "pasos de cebra",
	"aparcamientos", "centros de salud", "barrios", "caminos", "accesos",
	"edificios", "bolardos", "baches",
};
static const char *es_Xf[] = {
	"aceras", "farolas", "calles", "plazas", "bibliotecas", "fuentes",
	"piscinas", "papeleras", "rampas", "zonas verdes",
	"paradas de autobús", "escuelas infantiles", "pistas deportivas",
	"viviendas", "obras", "líneas de metro", "rotondas", "terrazas",
	"avenidas", "bicicletas públicas", "cámaras", "señales",
};
/* Masculine plural; the feminine ends in -as where this ends in -os. */
static const char *es_Adj[] = {
	"nuevos", "viejos", "públicos", "peligrosos", "vacíos", "sucios",
	"limpios", "modernos", "municipales", "pequeños", "grandes",
	"oscuros", "estrechos", "accesibles", "abandonados", "rotos",
	"ruidosos", "baratos", "caros", "privados",
};
static const char *es_PR[] = {
	"en", "cerca de", "junto a", "frente a", "detrás de", "alrededor de",
	"al lado de", "en torno a",
};
static const char *es_PL[] = {
	"la estación", "la plaza mayor", "{W}", "la calle {R}", "mi barrio",
	"las escuelas", "la ribera", "la zona norte", "la avenida principal",
	"todos los distritos", "la glorieta", "la universidad",
	"la biblioteca", "la iglesia", "las afueras", "la salida del metro",
	"nuestra calle", "la rotonda", "la zona industrial", "las vías",
};
static const char *es_P[] = {
	"{p} {l}", "{p} {l}", "{p} {l}", "{p} {l}", "{T}",
};
static const char *es_J[] = {
	"inaceptable", "un buen comienzo", "demasiado lento",
	"muy mal gestionado", "un derroche", "imprescindible", "injusto",
	"muy necesario", "insuficiente", "peligroso", "una vergüenza",
	"una idea excelente", "absurdo", "razonable", "un desastre",
};
static const char *es_I[] = {
	"", "", "", "bastante ", "realmente ", "simplemente ", "totalmente ",
	"claramente ",
};
static const char *es_K[] = {
	"mi madre", "mi hijo", "mi vecina", "mi pareja", "mi abuelo",
	"una amiga", "mi hermano", "mi compañera de trabajo", "mi tía",
	"mi padre", "mi hija", "mi sobrino",
};
static const char *es_E[] = {
	"esperó cuarenta minutos en", "casi se cae en", "se quejó de",
	"no encontró sitio en", "se hizo daño en", "se perdió entre",
	"hizo fotos de", "escribió al ayuntamiento sobre", "contó",
	"denunció", "limpió",
};
static const char *es_T[] = {
	"la semana pasada", "ayer", "dos veces este mes", "cada mañana",
	"el año pasado", "en {m}", "tres veces", "desde hace años",
	"por la noche", "los fines de semana", "antes de {y}",
};
static const char *es_D[] = {
	"quiere", "puede", "sabe", "piensa", "consigue", "decide",
};
static const char *es_H[] = {
	"escuchar a", "consultar a", "ayudar a", "pensar en", "proteger a",
};
static const char *es_Y[] = {
	"los vecinos", "las familias", "los comerciantes",
	"las personas mayores", "los niños", "los ciclistas",
	"los usuarios del autobús", "quienes trabajan de noche",
	"los inquilinos", "los estudiantes",
};
static const char *es_Z[] = {
	"nos preguntó", "avisó", "consultó a los vecinos", "nos explicó nada",
	"escuchó",
};
static const char *es_k[] = {
	"arreglad", "limpiad", "revisad", "cuidad", "renovad", "vigilad",
	"mejorad", "iluminad", "ampliad", "quitad", "mantened", "pintad",
};
static const char *es_C[] = {
	"han renovado", "han limpiado", "han arreglado", "han ampliado",
	"han cerrado", "han quitado", "han pintado",
};
static const char *es_pat[] = {
	"{O} {S} {M} {V} {N} {P}.",
	"Lo que pasa con {N} {P} es {I}{J}.",
	"Necesitamos {N} {P} y no {X}.",
	"¿Por qué {S} no {D} {V} {N} {P}?",
	"{K} {E} {N} {P} {T}.",
	"Por favor, {k} {N} {P} {A}.",
	"Conté {n} {X} {P}.",
	"Nadie {Z} antes de {V} {N} {P}.",
	"{O} {V} {N} {P} sería {I}{J}.",
	"En {W} ya {C} {N} y aquí seguimos igual.",
	"{S} {M} {H} {Y} {P}.",
	"Comparado con {W}, {N} {P} es {I}{J}.",
};
static const char *es_camp[] = {
	"Escribo para {U} la propuesta de {V} {N} {P}.",
	"Como socio de {G}, pido a {S} que decida {V} {N} {P}.",
	"Junto con {G} exigimos {V} {N} {P} {A}.",
};
static const char *es_U[] = {
	"apoyar", "rechazar", "apoyar firmemente", "oponerme a",
};
static const char *es_greet[] = {
	"Estimados señores:", "Hola:", "A quien corresponda:", "Buenos días:",
};
static const char *es_sign[] = {
	"Un saludo, {F} {L}", "Atentamente,\n{F} {L}", "Gracias, {F}",
	"Saludos cordiales, {F} {L} ({W})",
};
static const char *es_name[] = {
	"Me llamo {F} {L} y vivo en {W}.", "Vivo en la calle {R} de {W}.",
	"Soy {F}, vecina de {W} desde hace {n} años.",
};
static const char *es_short[] = {
	"Totalmente de acuerdo.", "De acuerdo.", "Ver adjunto", "No.",
	"Sí, por favor.", "Muy buena idea.", "En contra.",
};

/* German: plural noun phrases with the weak adjective ending (slot N). */
static const char *de_O[] = {
	"Ich finde,", "Meiner Meinung nach gilt:", "Ehrlich gesagt:",
	"Als Anwohner finde ich,", "Ich glaube,", "Klar ist:",
	"Als Mutter meine ich,", "Viele Nachbarn sagen,", "Ich bin sicher,",
	"Nach dem Lesen des Entwurfs finde ich,", "Aus meiner Sicht gilt:",
	"Als Radfahrerin finde ich,", "Leider gilt:", "Zum Glück gilt:",
	"Ich fürchte,", "Ich hoffe,", "Offensichtlich gilt:",
	"Als Rentner sage ich,",
};
static const char *de_S[] = {
	"die Stadt", "der Gemeinderat", "die Verwaltung", "das Ministerium",
	"der Bezirk", "die Landesregierung", "der Bürgermeister",
	"die Verkehrsbetriebe", "das Bauamt", "die Behörde", "der Kreis",
	"das Umweltamt", "der Stadtrat", "die Polizei", "das Tiefbauamt",
	"die Bezirksvertretung", "die Stadtwerke", "das Ordnungsamt",
};
static const char *de_M[] = {
	"sollte", "muss", "könnte", "darf nicht", "sollte endlich", "müsste",
	"will angeblich", "kann nicht", "soll",
};
static const char *de_V[] = {
	"verbessern", "überprüfen", "finanzieren", "schützen", "erweitern",
	"verschieben", "reinigen", "reparieren", "erneuern", "beleuchten",
	"sperren", "öffnen", "ausbauen", "überwachen", "verlegen",
	"abschaffen", "sanieren", "begrünen", "verkleinern", "zählen",
	"umbauen", "beschildern",
};
static const char *de_A[] = {
	"endlich", "schnell", "sofort", "ordentlich", "dauerhaft", "besser",
	"sorgfältig", "gründlich", "noch dieses Jahr", "ohne Umwege",
};
static const char *de_ND[] = {
	"die", "unsere", "diese", "alle", "die meisten", "die vielen",
};
static const char *de_Adj[] = {
	"neuen", "alten", "kaputten", "dunklen", "schmalen", "breiten",
	"öffentlichen", "sicheren", "teuren", "leeren", "vollen", "lauten",
	"ruhigen", "modernen", "grünen", "städtischen", "gefährlichen",
	"sauberen", "schmutzigen", "maroden",
};
static const char *de_X[] = {
	"Radwege", "Gehwege", "Parkplätze", "Straßenlaternen", "Spielplätze",
	"Bibliotheken", "Mülltonnen", "Bäume", "Parks", "Brücken", "Schulen",
	"Bushaltestellen", "Zebrastreifen", "Grünflächen", "Sporthallen",
	"Schwimmbäder", "Bänke", "Straßen", "Kreuzungen", "Ladesäulen",
	"Kleingärten", "Ampeln", "Unterführungen", "Fahrradständer",
	"Kitas", "Toiletten", "Brunnen", "Märkte",
};
static const char *de_P[] = {
	"im Zentrum", "am Bahnhof", "am Fluss", "in {W}", "in der {R}",
	"in allen Bezirken", "in der Altstadt", "im Norden von {W}",
	"im Süden von {W}", "am Markt", "vor der Schule",
	"hinter dem Rathaus", "neben der Kirche", "an der Hauptstraße",
	"in unserer Straße", "am Stadtrand", "beim Krankenhaus", "an der Uni",
	"im Gewerbegebiet", "am Hafen", "am Friedhof", "beim Stadion",
	"am Kanal", "an der Ringstraße", "beim Einkaufszentrum",
	"zwischen {W} und {W}", "rund um {W}", "nachts", "am Wochenende",
	"bis {y}",
};
static const char *de_J[] = {
	"inakzeptabel", "ein guter Anfang", "viel zu langsam",
	"schlecht geplant", "längst überfällig", "Geldverschwendung",
	"dringend nötig", "unfair", "gefährlich", "nicht genug",
	"eine Zumutung", "vernünftig", "peinlich", "sinnlos", "großartig",
};
static const char *de_I[] = {
	"", "", "", "ziemlich ", "wirklich ", "einfach ", "absolut ",
	"völlig ",
};
static const char *de_K[] = {
	"Meine Mutter", "Mein Sohn", "Meine Nachbarin", "Mein Partner",
	"Mein Großvater", "Eine Freundin", "Mein Kollege", "Meine Schwester",
	"Mein Vater", "Meine Tochter", "Mein Onkel",
};
static const char *de_E[] = {
	"beschwerte sich", "ärgerte sich", "schrieb an die Stadt",
	"sprach mit dem Bezirk", "stritt mit dem Amt", "klagte",
	"schimpfte",
};
static const char *de_T[] = {
	"letzte Woche", "gestern", "zweimal diesen Monat", "jeden Morgen",
	"letztes Jahr", "im {m}", "schon dreimal", "seit Jahren",
};
static const char *de_D[] = {
	"will", "soll", "muss", "darf", "kann",
};
static const char *de_H[] = {
	"helfen", "zuhören", "entgegenkommen", "vertrauen",
};
static const char *de_Y[] = {
	"den Familien", "den Anwohnern", "den Radfahrern",
	"den älteren Menschen", "den Kindern", "den Händlern", "den Mietern",
	"den Pendlern",
};
static const char *de_Z[] = {
	"hat uns gefragt", "hat uns gewarnt", "hat die Anwohner informiert",
	"hat zugehört",
};
static const char *de_C[] = {
	"erneuert", "saniert", "repariert", "begrünt", "ausgebaut",
	"gereinigt",
};
static const char *de_pat[] = {
	"{S} {M} {N} {P} {V}.",
	"{O} {N} {P} sind {I}{J}.",
	"Wir brauchen {N} {P}, nicht {X}.",
	"Warum {D} {S} {N} {P} {V}?",
	"{K} {E} {T} über {N} {P}.",
	"Bitte {N} {P} {A} {V}!",
	"Ich habe {n} {X} {P} gezählt.",
	"Niemand {Z}, bevor {S} {N} {P} {V} wollte.",
	"In {W} hat man {N} längst {A} {C}.",
	"{S} {M} {Y} {P} {H}.",
	"Im Vergleich zu {W} sind {N} {P} {I}{J}.",
};
static const char *de_camp[] = {
	"Ich schreibe, um den Vorschlag {U}, {N} {P} zu {V}.",
	"Als Mitglied von {G} fordere ich, {N} {P} {A} zu {V}.",
	"Gemeinsam mit {G} bitten wir {S}, {N} {P} zu {V}.",
};
static const char *de_U[] = {
	"zu unterstützen", "abzulehnen", "entschieden abzulehnen",
	"ausdrücklich zu begrüßen",
};
static const char *de_greet[] = {
	"Sehr geehrte Damen und Herren,", "Hallo,", "Liebe Stadtverwaltung,",
};
static const char *de_sign[] = {
	"Mit freundlichen Grüßen\n{F} {L}", "Viele Grüße, {F}",
	"Beste Grüße, {F} {L} ({W})",
};
static const char *de_name[] = {
	"Ich heiße {F} {L} und wohne in {W}.", "Ich wohne in der {R} in {W}.",
	"Ich bin {F} und lebe seit {n} Jahren in {W}.",
};
static const char *de_short[] = {
	"Einverstanden.", "Bin dagegen.", "Siehe Anhang", "Ja.", "Gute Idee!",
};

struct list {
	const char **v;
	unsigned n;
};
#define L(a) { a, NELEM(a) }

/* The lists that are not slots. */
struct lang {
	struct list pat, camp, greet, sign, name, shortt;
};

static const struct lang langs[NLANG] = {
	{ L(en_pat), L(en_camp), L(en_greet), L(en_sign), L(en_name),
	  L(en_short) },
	{ L(es_pat), L(es_camp), L(es_greet), L(es_sign), L(es_name),
	  L(es_short) },
	{ L(de_pat), L(de_camp), L(de_greet), L(de_sign), L(de_name),
	  L(de_short) },
};

/* Slot lists: the letter, per language. */
struct slotdef {
	int lang;
	char c;
	struct list l;
};
#define SL(g, c, a) { g, c, L(a) }

static const struct slotdef slotdefs[] = {
	SL(EN, 'O', en_O), SL(EN, 's', en_SD), SL(EN, 't', en_SN),
	SL(EN, 'S', en_S), SL(EN, 'M', en_M), SL(EN, 'V', en_V),
	SL(EN, 'A', en_A), SL(EN, 'X', en_X), SL(EN, 'p', en_PR),
	SL(EN, 'l', en_PL), SL(EN, 'P', en_P), SL(EN, 'Q', en_Q),
	SL(EN, 'J', en_J), SL(EN, 'I', en_I), SL(EN, 'K', en_K),
	SL(EN, 'E', en_E), SL(EN, 'T', en_T), SL(EN, 'u', en_T2),
	SL(EN, 'B', en_B), SL(EN, 'D', en_D), SL(EN, 'H', en_H),
	SL(EN, 'Y', en_Y), SL(EN, 'Z', en_Z), SL(EN, 'k', en_L),
	SL(EN, 'C', en_C), SL(EN, 'd', en_wd), SL(EN, 'U', en_U),

	SL(ES, 'O', es_O), SL(ES, 'S', es_S), SL(ES, 'M', es_M),
	SL(ES, 'V', es_V), SL(ES, 'A', es_A), SL(ES, 'p', es_PR),
	SL(ES, 'l', es_PL), SL(ES, 'P', es_P), SL(ES, 'J', es_J),
	SL(ES, 'I', es_I), SL(ES, 'K', es_K), SL(ES, 'E', es_E),
	SL(ES, 'T', es_T), SL(ES, 'D', es_D), SL(ES, 'H', es_H),
	SL(ES, 'Y', es_Y), SL(ES, 'Z', es_Z), SL(ES, 'k', es_k),
	SL(ES, 'C', es_C), SL(ES, 'U', es_U), SL(ES, 'd', en_wd),

	SL(DE, 'O', de_O), SL(DE, 'S', de_S), SL(DE, 'M', de_M),
	SL(DE, 'V', de_V), SL(DE, 'A', de_A), SL(DE, 'X', de_X),
	SL(DE, 'P', de_P), SL(DE, 'J', de_J), SL(DE, 'I', de_I),
	SL(DE, 'K', de_K), SL(DE, 'E', de_E), SL(DE, 'T', de_T),
	SL(DE, 'D', de_D), SL(DE, 'H', de_H), SL(DE, 'Y', de_Y),
	SL(DE, 'Z', de_Z), SL(DE, 'C', de_C), SL(DE, 'U', de_U),
	SL(DE, 'd', en_wd),
};

static struct list slot_of[NLANG][128];

static void slots_init(void)
{
	size_t i;

	for (i = 0; i < NELEM(slotdefs); i++)
		slot_of[slotdefs[i].lang][(unsigned char)slotdefs[i].c] =
		    slotdefs[i].l;
}

static const char *lpick(const struct list *l)
{
	return l->v[below(l->n)];
}

static const char SUBJECT[] = "Re: Proposed Rule on Municipal Transport, "
    "Parking and Public Space Standards (Docket ID CITY-2024-0117-0001)";
static const char PHONE[] = "Sent from my phone";

/* ---- expansion ------------------------------------------------------- */

static void town(struct sb *b)
{
	sb_adds(b, PICK(syl1));
	sb_adds(b, PICK(syl2));
	sb_adds(b, PICK(town_end));
}

static void street(struct sb *b)
{
	sb_adds(b, PICK(syl1));
	sb_adds(b, PICK(syl2));
	sb_adds(b, PICK(syl2));
	sb_adds(b, PICK(street_end));
}

static void expand(struct sb *b, const char *pat, int lg);

/* A noun phrase: determiner, perhaps an adjective, a noun. */
static void noun_phrase(struct sb *b, int lg)
{
	if (lg == ES) {
		int fem = chance(50);
		const char *adj = chance(45) ? PICK(es_Adj) : NULL;

		sb_adds(b, fem ? PICK(es_NDf) : PICK(es_NDm));
		sb_adds(b, " ");
		sb_adds(b, fem ? PICK(es_Xf) : PICK(es_Xm));
		if (adj) {
			size_t n = strlen(adj);

			sb_adds(b, " ");
			if (fem && n > 2 && strcmp(adj + n - 2, "os") == 0) {
				sb_add(b, adj, n - 2);
				sb_adds(b, "as");
			} else
				sb_adds(b, adj);
		}
		return;
	}
	if (lg == DE) {
		sb_adds(b, PICK(de_ND));
		sb_adds(b, " ");
		if (chance(55)) {
			sb_adds(b, PICK(de_Adj));
			sb_adds(b, " ");
		}
		sb_adds(b, PICK(de_X));
		return;
	}
	sb_adds(b, PICK(en_ND));
	sb_adds(b, " ");
	if (chance(60)) {
		sb_adds(b, PICK(en_A));
		sb_adds(b, " ");
	}
	sb_adds(b, PICK(en_X));
}

static void slot(struct sb *b, char c, int lg)
{
	const struct list *l = &slot_of[lg][(unsigned char)c];

	switch (c) {
	case 'N': noun_phrase(b, lg); return;
	case 'X':
		if (lg == ES) {
			sb_adds(b, chance(50) ? PICK(es_Xf) : PICK(es_Xm));
			return;
		}
		break;
	case 'W': town(b); return;
	case 'R': street(b); return;
	case 'F': sb_adds(b, PICK(first_names)); return;
	case 'L': sb_adds(b, PICK(last_names)); return;
	case 'G':
		town(b);
		sb_adds(b, " ");
		sb_adds(b, PICK(org_kind));
		return;
	case 'g':	/* an English gerund */
		{
			const char *v = PICK(en_V);
			size_t n = strlen(v);

			if (strcmp(v, "cut") == 0 || strcmp(v, "ban") == 0) {
				sb_adds(b, v);
				sb_add(b, v + n - 1, 1);
			} else if (v[n - 1] == 'e')
				sb_add(b, v, n - 1);
			else
				sb_adds(b, v);
			sb_adds(b, "ing");
		}
		return;
	case 'n': sb_addu(b, 2 + below(900)); return;
	case 'y': sb_addu(b, 2025 + below(8)); return;
	case 'm': sb_adds(b, months[lg][below(12)]); return;
	}
	if (l->n == 0) {
		fprintf(stderr, "campaign-gen: no slot {%c} in %s\n", c,
		    lang_name[lg]);
		exit(1);
	}
	expand(b, lpick(l), lg);
}

static void expand(struct sb *b, const char *pat, int lg)
{
	const char *p;

	for (p = pat; *p; p++) {
		if (p[0] == '{' && p[1] && p[2] == '}') {
			slot(b, p[1], lg);
			p += 2;
		} else
			sb_add(b, p, 1);
	}
}

/* A sentence from pattern pat, its first letter a capital (ASCII). */
static char *sentence(const char *pat, int lg)
{
	struct sb b = { 0 };

	expand(&b, pat, lg);
	if (b.n && b.p[0] >= 'a' && b.p[0] <= 'z')
		b.p[0] = (char)(b.p[0] - 'a' + 'A');
	return b.p;
}

static char *random_sentence(int lg)
{
	return sentence(lpick(&langs[lg].pat), lg);
}

/* ---- campaigns ------------------------------------------------------- */

enum { PROF_CITIZEN, PROF_UNION, PROF_NGO, PROF_BUSINESS };

struct camp {
	size_t size;
	int lang, profile, nsent, burst;
	char *sent[8];
	const char *q1, *q2;	/* the answers the campaign asks for */
};

static const char *likert[] = {
	"Strongly agree", "Agree", "Neither agree nor disagree", "Disagree",
	"Strongly disagree",
};

static int pick_lang(void)
{
	unsigned r = below(100);

	return r < 80 ? EN : r < 92 ? ES : DE;
}

static void make_template(struct camp *c, struct camp *all, size_t ci)
{
	int i;

	c->lang = pick_lang();
	c->nsent = 2 + (int)below(5);
	c->profile = (int)below(100);
	c->profile = c->profile < 50 ? PROF_CITIZEN : c->profile < 70 ?
	    PROF_UNION : c->profile < 85 ? PROF_NGO : PROF_BUSINESS;
	for (i = 0; i < c->nsent; i++)
		c->sent[i] = i == 0 && chance(70) ?
		    sentence(lpick(&langs[c->lang].camp), c->lang) :
		    random_sentence(c->lang);
	/* Some campaigns share a sentence with an earlier one of the same
	 * language (a quoted line of the proposal, a common slogan). */
	if (ci > 0 && c->nsent >= 3 && chance(8)) {
		size_t j = below((unsigned)ci);

		if (all[j].lang == c->lang) {
			const char *t = all[j].sent[below((unsigned)
			    all[j].nsent)];

			i = 1 + (int)below((unsigned)c->nsent - 1);
			free(c->sent[i]);
			c->sent[i] = xstrdup(t, strlen(t));
		}
	}
	c->q1 = PICK(likert);
	c->q2 = chance(50) ? "Yes" : "No";
}

/* ---- records --------------------------------------------------------- */

static const char *types_ind[] = {
	"citizen", "public_employee", "business", "ngo", "academic",
	"public_authority", "elected_official", "trade_union",
	"business_association", "consumer_organisation", "organisation",
	"other", "unknown",
};
static const unsigned types_ind_w[] = {	/* per 1000 */
	620, 90, 60, 40, 30, 20, 10, 10, 10, 10, 20, 30, 50,
};

static const char *type_individual(void)
{
	unsigned r = below(1000), i;

	for (i = 0; i < NELEM(types_ind) - 1; i++) {
		if (r < types_ind_w[i])
			return types_ind[i];
		r -= types_ind_w[i];
	}
	return types_ind[NELEM(types_ind) - 1];
}

static const char *type_member(int profile)
{
	unsigned r = below(100);

	switch (profile) {
	case PROF_UNION:
		return r < 70 ? "public_employee" : r < 95 ? "citizen" :
		    "trade_union";
	case PROF_NGO:
		return r < 70 ? "citizen" : r < 90 ? "ngo" : "academic";
	case PROF_BUSINESS:
		return r < 60 ? "business" : r < 80 ? "business_association" :
		    "citizen";
	default:
		return r < 85 ? "citizen" : r < 90 ? "public_employee" :
		    r < 95 ? "unknown" : "other";
	}
}

static const char *consent(void)
{
	unsigned r = below(100);

	return r < 40 ? "named" : r < 85 ? "anonymous" : r < 95 ? "withheld" :
	    "unknown";
}

/* Replaces 1 to 3 words of the sentences in s[0..n) (not the last
 * character of a sentence: its punctuation stays). */
static void edit_words(char **s, int n, int lg, int *owned)
{
	int k = 1 + (int)below(3), e;

	for (e = 0; e < k; e++) {
		int i = (int)below((unsigned)n);
		const char *t = s[i];
		size_t len = strlen(t), nw = 0, w, a, z;
		struct sb b = { 0 };
		size_t p;

		/* Count the words (runs of non-blanks). */
		for (p = 0; p < len; p++)
			if (t[p] != ' ' && (p == 0 || t[p - 1] == ' '))
				nw++;
		if (nw == 0)
			continue;
		w = below((unsigned)nw);
		for (p = 0, a = 0; p < len; p++)
			if (t[p] != ' ' && (p == 0 || t[p - 1] == ' ') &&
			    a++ == w)
				break;
		a = p;
		for (z = a; z < len && t[z] != ' '; z++)
			;
		/* Keep the punctuation that ends the word. */
		while (z > a + 1 && (t[z - 1] == '.' || t[z - 1] == ',' ||
		    t[z - 1] == '?' || t[z - 1] == '!'))
			z--;
		sb_add(&b, t, a);
		sb_adds(&b, lpick(&slot_of[lg]['V']));
		sb_add(&b, t + z, len - z);
		if (owned[i])
			free(s[i]);
		s[i] = b.p;
		owned[i] = 1;
	}
}

/*
 * The text of one member of campaign c; *edit gets what was done.
 */
static void member_text(struct sb *out, const struct camp *c, int exact,
    struct sb *edit)
{
	char *s[16];
	int owned[16] = { 0 }, n = c->nsent, i, nedits, e, greet = 0,
	    lg = c->lang;
	char *name = NULL;
	unsigned kinds_done = 0;

	for (i = 0; i < n; i++)
		s[i] = c->sent[i];
	nedits = exact ? 0 : chance(73) ? 1 : 2;
	if (nedits == 0)
		sb_adds(edit, "exact");
	for (e = 0; e < nedits; e++) {
		unsigned r = below(100), kind;

		kind = r < 30 ? 0 : r < 50 ? 1 : r < 65 ? 2 : r < 85 ? 3 : 4;
		if (kind == 2 && n < 3)
			kind = 1;		/* too short to lose one */
		if (kinds_done & (1u << kind))
			kind = kind == 0 ? 1 : 0;
		kinds_done |= 1u << kind;
		if (edit->n)
			sb_adds(edit, "+");
		switch (kind) {
		case 0:
			sb_adds(edit, "words");
			edit_words(s, n, lg, owned);
			break;
		case 1:
			sb_adds(edit, "add");
			i = (int)below((unsigned)n + 1);
			memmove(s + i + 1, s + i, (size_t)(n - i) * sizeof(*s));
			memmove(owned + i + 1, owned + i, (size_t)(n - i) *
			    sizeof(*owned));
			s[i] = random_sentence(lg);
			owned[i] = 1;
			n++;
			break;
		case 2:
			sb_adds(edit, "remove");
			i = (int)below((unsigned)n);
			if (owned[i])
				free(s[i]);
			memmove(s + i, s + i + 1, (size_t)(n - i - 1) *
			    sizeof(*s));
			memmove(owned + i, owned + i + 1, (size_t)(n - i - 1) *
			    sizeof(*owned));
			n--;
			break;
		case 3:
			sb_adds(edit, "greet");
			greet = 1;
			break;
		default:
			sb_adds(edit, "name");
			name = sentence(lpick(&langs[lg].name), lg);
			break;
		}
	}
	if (greet) {
		expand(out, lpick(&langs[lg].greet), lg);
		sb_adds(out, "\n");
	}
	if (name && chance(50)) {
		sb_adds(out, name);
		sb_adds(out, " ");
		free(name);
		name = NULL;
	}
	for (i = 0; i < n; i++) {
		if (i)
			sb_adds(out, " ");
		sb_adds(out, s[i]);
		if (owned[i])
			free(s[i]);
	}
	if (name) {
		sb_adds(out, " ");
		sb_adds(out, name);
		free(name);
	}
	if (greet) {
		sb_adds(out, "\n");
		expand(out, lpick(&langs[lg].sign), lg);
	}
}

static void individual_text(struct sb *out, int lg)
{
	unsigned r = below(100);
	int n = r < 15 ? 1 : r < 45 ? 2 : r < 70 ? 3 : r < 85 ? 4 :
	    5 + (int)below(4), i;

	for (i = 0; i < n; i++) {
		char *t = random_sentence(lg);

		if (i)
			sb_adds(out, chance(10) ? "\n" : " ");
		sb_adds(out, t);
		free(t);
	}
	if (chance(5)) {
		sb_adds(out, "\n");
		sb_adds(out, PHONE);
	}
}

/* JSON string contents of s (UTF-8 passes as it is). */
static void json_str(struct sb *b, const char *s, size_t n)
{
	size_t i, from = 0;
	char esc[8];

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		sb_add(b, s + from, i - from);
		from = i + 1;
		switch (ch) {
		case '"': sb_adds(b, "\\\""); break;
		case '\\': sb_adds(b, "\\\\"); break;
		case '\n': sb_adds(b, "\\n"); break;
		case '\r': sb_adds(b, "\\r"); break;
		case '\t': sb_adds(b, "\\t"); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", ch);
			sb_adds(b, esc);
		}
	}
	sb_add(b, s + from, n - from);
}

/* ---- plan ------------------------------------------------------------ */

/* A run of the submission order: one response, or a burst of members of
 * one campaign. */
struct unit {
	int32_t camp;		/* -1: individual */
	uint32_t n;		/* responses: 1, or a burst's length */
};

static void usage(void)
{
	fputs("usage: campaign-gen [-s SEED] [-t TRUTH] [-c PCT] [-d PCT] N\n",
	    stderr);
	exit(2);
}

static void put_all(FILE *f, const struct sb *b)
{
	if (fwrite(b->p, 1, b->n, f) != b->n) {
		fprintf(stderr, "campaign-gen: write: %s\n", strerror(errno));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	unsigned long long seed = 1;
	const char *truth_path = NULL;
	double share = 30, dominant = 0;
	size_t n, i, j, ncamp = 0, campcap = 0, members = 0, nunits = 0,
	    cap;
	struct camp *camps = NULL;
	struct unit *units;
	FILE *truth = NULL;
	struct sb rec = { 0 }, text = { 0 }, edit = { 0 }, tr = { 0 };
	int ch;
	double when, gap;
	static char obuf[1 << 20], tbuf[1 << 20];

	while ((ch = getopt(argc, argv, "s:t:c:d:")) != -1) {
		switch (ch) {
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 't': truth_path = optarg; break;
		case 'c': share = atof(optarg); break;
		case 'd': dominant = atof(optarg); break;
		default: usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	n = (size_t)strtoull(argv[optind], NULL, 10);
	if (n < 10 || share < 0 || share > 90 || dominant < 0 ||
	    dominant + share > 95)
		usage();
	rng_state = 0x6763616d70ULL ^ (seed * 0x9e3779b97f4a7c15ULL);
	slots_init();
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	if (truth_path) {
		if ((truth = fopen(truth_path, "w")) == NULL) {
			fprintf(stderr, "campaign-gen: %s: %s\n", truth_path,
			    strerror(errno));
			return 1;
		}
		setvbuf(truth, tbuf, _IOFBF, sizeof(tbuf));
	}

	/* Campaign sizes: a dominant one if asked, a few large ones, then a
	 * power law P(size >= s) = 3 / s up to cap, until share% of n. */
	cap = n / 40;
	if (cap < 20)
		cap = 20;
	if (cap > 8000)
		cap = 8000;
	for (;;) {
		size_t sz, target = (size_t)((share + dominant) / 100 *
		    (double)n);

		if (ncamp == 0 && dominant > 0)
			sz = (size_t)(dominant / 100 * (double)n);
		else if (ncamp < 3 + (dominant > 0) && cap >= 100)
			sz = cap >> (ncamp - (dominant > 0));
		else {
			do
				sz = (size_t)(3.0 / unit());
			while (sz > cap);
		}
		if (members + sz > target) {
			if (target - members < 3)
				break;
			sz = target - members;
		}
		if (ncamp == campcap) {
			campcap = campcap ? campcap * 2 : 1024;
			camps = realloc(camps, campcap * sizeof(*camps));
			if (camps == NULL)
				usage();
		}
		memset(&camps[ncamp], 0, sizeof(camps[ncamp]));
		camps[ncamp].size = sz;
		make_template(&camps[ncamp], camps, ncamp);
		/* A third of the campaigns of 8 or more send some members in
		 * a burst. */
		if (sz >= 8 && chance(35)) {
			size_t lim = sz / 2 < 60 ? sz / 2 : 60;

			camps[ncamp].burst = 5 + (int)below((unsigned)(lim - 4));
		}
		members += sz;
		ncamp++;
		if (members >= target)
			break;
	}

	/* The order of submission: units shuffled. */
	units = xmalloc(n * sizeof(*units));
	for (i = 0; i < ncamp; i++) {
		size_t left = camps[i].size;

		if (camps[i].burst) {
			units[nunits].camp = (int32_t)i;
			units[nunits++].n = (uint32_t)camps[i].burst;
			left -= (size_t)camps[i].burst;
		}
		for (j = 0; j < left; j++) {
			units[nunits].camp = (int32_t)i;
			units[nunits++].n = 1;
		}
	}
	for (i = members; i < n; i++) {
		units[nunits].camp = -1;
		units[nunits++].n = 1;
	}
	for (i = nunits; i > 1; i--) {
		size_t k = (size_t)(((rnd() >> 11) * (double)i) / 9007199254740992.0);
		struct unit t = units[i - 1];

		units[i - 1] = units[k];
		units[k] = t;
	}

	/* Six weeks from 2024-03-04T08:00:00Z. */
	when = 1709539200.0;
	gap = 42.0 * 86400 / (double)n;
	{
		size_t row = 0;
		uint32_t u;

		for (i = 0; i < nunits; i++)
			for (u = 0; u < units[i].n; u++) {
				const struct camp *c = units[i].camp >= 0 ?
				    &camps[units[i].camp] : NULL;
				const char *kind, *type;
				int lg = c ? c->lang : pick_lang(), has_text = 1,
				    answers = chance(75), burst = units[i].n > 1;
				char ts[40], id[24];
				struct tm tm;
				time_t tt;

				row++;
				when += burst && u > 0 ? (double)below(6) :
				    gap * 2 * unit();
				text.n = 0;
				edit.n = 0;
				if (text.p)
					text.p[0] = '\0';
				if (c) {
					member_text(&text, c, burst ? chance(80) :
					    chance(45), &edit);
					kind = edit.p;
					type = type_member(c->profile);
				} else {
					unsigned r = below(100);

					type = type_individual();
					if (r < 6) {
						kind = "short";
						sb_adds(&text, lpick(&langs[lg].shortt));
					} else if (r < 8) {
						kind = "empty";
						has_text = 0;
						answers = 1;
					} else {
						kind = "individual";
						individual_text(&text, lg);
					}
				}
				if (has_text && chance(65)) {
					sb_adds(&text, "\n");
					sb_adds(&text, SUBJECT);
				}
				snprintf(id, sizeof(id), "r%08zu", row);
				/* One in ten with an offset of +01:00. */
				if (chance(10)) {
					tt = (time_t)when + 3600;
					gmtime_r(&tt, &tm);
					strftime(ts, sizeof(ts),
					    "%Y-%m-%dT%H:%M:%S+01:00", &tm);
				} else {
					tt = (time_t)when;
					gmtime_r(&tt, &tm);
					strftime(ts, sizeof(ts),
					    "%Y-%m-%dT%H:%M:%SZ", &tm);
				}
				rec.n = 0;
				sb_adds(&rec, "{\"gd\":1,\"kind\":\"response\",\"id\":\"");
				sb_adds(&rec, id);
				sb_adds(&rec, "\",\"consultation\":\"CITY-2024-0117\","
				    "\"submitted\":\"");
				sb_adds(&rec, ts);
				sb_adds(&rec, "\",\"respondent\":{\"type\":\"");
				sb_adds(&rec, type);
				sb_adds(&rec, "\"},\"consent\":\"");
				sb_adds(&rec, consent());
				sb_adds(&rec, "\",\"answers\":{");
				if (answers) {
					int same = c && chance(80);

					sb_adds(&rec, "\"q1\":\"");
					sb_adds(&rec, same ? c->q1 : PICK(likert));
					sb_adds(&rec, "\",\"q2\":\"");
					sb_adds(&rec, same ? c->q2 : chance(50) ?
					    "Yes" : "No");
					sb_adds(&rec, "\"");
				}
				sb_adds(&rec, "}");
				if (has_text) {
					sb_adds(&rec, ",\"comments\":{\"text\":\"");
					json_str(&rec, text.p, text.n);
					sb_adds(&rec, "\"}");
				}
				sb_adds(&rec, ",\"source\":{\"file\":\"campaign-gen\","
				    "\"line\":");
				sb_addu(&rec, row);
				sb_adds(&rec, ",\"row\":");
				sb_addu(&rec, row);
				sb_adds(&rec, "}}\n");
				put_all(stdout, &rec);
				if (truth) {
					char lab[24] = "-";

					if (c)
						snprintf(lab, sizeof(lab), "t%05d",
						    units[i].camp + 1);
					tr.n = 0;
					sb_adds(&tr, id);
					sb_adds(&tr, "\t");
					sb_adds(&tr, lab);
					sb_adds(&tr, "\t");
					sb_adds(&tr, kind);
					sb_adds(&tr, burst ? "\t1\t" : "\t0\t");
					sb_adds(&tr, lang_name[lg]);
					sb_adds(&tr, "\n");
					put_all(truth, &tr);
				}
			}
	}
	if (fflush(stdout) == EOF || (truth && fclose(truth) == EOF)) {
		fprintf(stderr, "campaign-gen: write: %s\n", strerror(errno));
		return 1;
	}
	fprintf(stderr, "campaign-gen: %zu responses, %zu campaigns, "
	    "%zu members\n", n, ncamp, members);
	return 0;
}
