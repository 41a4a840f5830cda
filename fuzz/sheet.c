/*
 * sheet.c - the spreadsheet readers (XLSX, ODS, XLS), through
 * gd-ingest's engine.  The first byte chooses, the rest is the file:
 *
 *   bits 0-1  the format: from the content, -f xlsx, -f ods, -f xls
 *   bit 2     --header-rows 2 (merged cells repeated in the header)
 *   bit 3     --sheet 2
 *   bit 4     small caps (--max-field 64, --max-record 256)
 *   bit 5     --ragged
 *   bit 6     --header-row 0 (find the header) with a preset
 *   bit 7     --list-sheets instead of reading
 *
 * Seeds (fuzz/corpus/sheet) are openpyxl's and LibreOffice's files with
 * their members stored, not deflated, so that mutations reach the XML
 * parsers before the zip's checksum refuses the member.
 *
 * libfreexl reads past its own buffers on many mutated XLS files; it runs
 * in a child process (lib/sheet_xls.c), where libFuzzer's handler still
 * writes a crash-* input to build/fuzz/crash while the run itself goes
 * on and ends ok.  Those inputs are libfreexl's: replayed, the target
 * reports the file as unreadable (fuzz/regress/sheet keeps one).
 */
#include "ingest.h"

static int
name_fn(void *ctx, const char *name, struct gd_error *err)
{
	if (name == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum gd_format fmt[4] = { GD_FMT_AUTO, GD_FMT_XLSX,
	    GD_FMT_ODS, GD_FMT_XLS };
	struct gd_ingest_opts o;
	struct gd_error err;
	enum gd_sheet_kind k;
	const char *file;
	unsigned b;

	if (size < 2)
		return 0;
	b = data[0];
	data++, size--;
	gd_ingest_opts_init(&o);
	o.format = fmt[b & 3];
	if (b & 4)
		o.header_rows = 2;
	if (b & 8)
		o.sheet = "2";
	if (b & 16) {
		o.max_field = 64;
		o.max_record = 256;
	}
	if (b & 32)
		o.ragged = 1;
	if (b & 64) {
		o.header_row = 0;
		o.map = fz_preset(data[0]);
	}
	if ((file = fz_file(0, data, size)) == NULL)
		return 0;
	if (b & 128) {
		if ((k = gd_ingest_sheet_kind(&o, file)) != GD_SHEET_NONE)
			gd_sheet_list(file, k, name_fn, NULL, &err);
		return 0;
	}
	fz_ingest(&o, file);
	return 0;
}
