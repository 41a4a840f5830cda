/*
 * mapping.c - the mapping-file parser (mapping.c), and the plan it makes
 * applied to rows.  The input is a mapping's JSON text; after a NUL byte,
 * if there is one, comes a CSV file to run it over (else a small one
 * with the columns the presets name).
 */
#include "ingest.h"

static const char sample[] =
    "Response ID,Date,Name,Organisation,Email,Type,Consent,Country,q1,"
    "Comment\n"
    "r1,14/11/2017,Ann Lee,,ann@example.org,Citizen,Yes,FR,Agree,"
    "\"Some text, with a comma\"\n"
    "r2,2017-11-15T10:00:00Z,,ACME,,Business,No,Germany,Strongly agree,\n"
    ",,,,,,,,,\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gd_ingest_opts o;
	struct gd_error err;
	struct gd_map *m;
	const uint8_t *csv;
	const char *file;
	size_t n, csvlen;

	csv = memchr(data, 0, size);
	n = csv ? (size_t)(csv - data) : size;
	if ((m = gd_map_parse((const char *)data, n, "fuzz.json", &err)) ==
	    NULL) {
		if (err.code == 0 || err.msg[0] == '\0')
			abort();	/* a failure must say why */
		return 0;
	}
	if (csv) {
		csv++;
		csvlen = size - n - 1;
	} else {
		csv = (const uint8_t *)sample;
		csvlen = sizeof(sample) - 1;
	}
	gd_ingest_opts_init(&o);
	o.format = GD_FMT_CSV;
	o.encoding = "UTF-8";
	o.map = m;
	if ((file = fz_file(0, csv, csvlen)) != NULL)
		fz_ingest(&o, file);
	gd_map_free(m);
	return 0;
}
