/*
 * sheet_ods.c - OpenDocument spreadsheet sheets, row by row.
 */
#include "sheet_int.h"

int
sh_ods_open(struct gd_sheet *s, const char *want, struct gd_error *err)
{
	return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0, "ODS");
}

int
sh_ods_list(struct gd_sheet *s, int (*fn)(void *, const char *,
    struct gd_error *), void *ctx, struct gd_error *err)
{
	return gd_error_set(err, GD_EXIT_UNUSABLE, s->path, 0, 0, "ODS");
}
