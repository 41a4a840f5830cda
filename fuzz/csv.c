/*
 * csv.c - the CSV and TSV reader, through gd-ingest's engine, in every
 * encoding it reads.  The first byte chooses the options, the rest is the
 * file:
 *
 *   bits 0-2  encoding: detected, UTF-8, UTF-16LE, UTF-16BE, UTF-32LE,
 *             WINDOWS-1252, ISO-8859-15, GB18030 (variable-length units)
 *   bit 3     TSV instead of CSV
 *   bits 4-5  lossless, --no-header, --ragged, or a preset (chosen by the
 *             second byte)
 *   bit 6     small caps (--max-field 64, --max-record 256)
 *   bit 7     --header-row 0 (find the header)
 */
#include "ingest.h"

static const char *const encodings[8] = {
	NULL, "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "WINDOWS-1252",
	"ISO-8859-15", "GB18030"
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gd_ingest_opts o;
	const char *file;
	unsigned b;

	if (size < 1)
		return 0;
	b = data[0];
	data++, size--;
	gd_ingest_opts_init(&o);
	o.encoding = encodings[b & 7];
	o.format = b & 8 ? GD_FMT_TSV : GD_FMT_CSV;
	switch ((b >> 4) & 3) {
	case 1:
		o.no_header = 1;
		break;
	case 2:
		o.ragged = 1;
		break;
	case 3:
		if (size < 1)
			return 0;
		o.map = fz_preset(data[0]);
		data++, size--;
		break;
	}
	if (b & 64) {
		o.max_field = 64;
		o.max_record = 256;
	}
	if (b & 128)
		o.header_row = 0;
	if ((file = fz_file(0, data, size)) != NULL)
		fz_ingest(&o, file);
	return 0;
}
