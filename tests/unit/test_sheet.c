/*
 * test_sheet.c - the spreadsheet helpers: serial dates in both date
 * systems (the 1900 leap-year bug, times, rounding, what is no date),
 * which number formats are dates or times, cell references.
 */
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "gd/gd.h"

static const char *
date(double v, int d1904, int what)
{
	static char buf[40];

	if (gd_sheet_date(v, d1904, what, buf, sizeof(buf)) == 0)
		return "(none)";
	return buf;
}

TEST(sheet_date_1900)
{
	T_EQ_STR(date(1, 0, 1), "1900-01-01");
	T_EQ_STR(date(59, 0, 1), "1900-02-28");
	T_EQ_STR(date(60, 0, 1), "(none)");	/* 1900-02-29 never was */
	T_EQ_STR(date(61, 0, 1), "1900-03-01");
	T_EQ_STR(date(45351, 0, 1), "2024-02-29");
	T_EQ_STR(date(45352.4375, 0, 3), "2024-03-01T10:30:00");
	T_EQ_STR(date(45352.4375, 0, 1), "2024-03-01T10:30:00");
	T_EQ_STR(date(0.5, 0, 2), "12:00:00");
	/* 23:59:59.6 rounds into the next day. */
	T_EQ_STR(date(45351 + 86399.6 / 86400, 0, 3), "2024-03-01T00:00:00");
	T_EQ_STR(date(2958465, 0, 1), "9999-12-31");
	T_EQ_STR(date(2958466, 0, 1), "(none)");
	T_EQ_STR(date(-1, 0, 1), "(none)");
}

TEST(sheet_date_1904)
{
	T_EQ_STR(date(0, 1, 1), "1904-01-01");
	T_EQ_STR(date(43889, 1, 1), "2024-02-29");
	T_EQ_STR(date(60, 1, 1), "1904-03-01");
}

TEST(sheet_formats)
{
	T_EQ_INT(gd_sheet_builtin_date(14), 1);
	T_EQ_INT(gd_sheet_builtin_date(22), 3);
	T_EQ_INT(gd_sheet_builtin_date(20), 2);
	T_EQ_INT(gd_sheet_builtin_date(46), 2);
	T_EQ_INT(gd_sheet_builtin_date(2), 0);
	T_EQ_INT(gd_sheet_format_date("dd/mm/yyyy"), 1);
	T_EQ_INT(gd_sheet_format_date("yyyy\\-mm\\-dd\\ hh:mm:ss"), 3);
	T_EQ_INT(gd_sheet_format_date("[$-409]mmmm d, yyyy"), 1);
	T_EQ_INT(gd_sheet_format_date("[h]:mm"), 2);
	T_EQ_INT(gd_sheet_format_date("mm:ss"), 2);
	T_EQ_INT(gd_sheet_format_date("General"), 0);
	T_EQ_INT(gd_sheet_format_date("0.00%"), 0);
	T_EQ_INT(gd_sheet_format_date("#,##0.00 \"days\""), 0);
	T_EQ_INT(gd_sheet_format_date("[Red]0.00;[Blue]-0.00"), 0);
	T_EQ_INT(gd_sheet_format_date("0.00E+00"), 0);
}

TEST(sheet_refs)
{
	char b[32];

	T_EQ_STR(gd_sheet_ref(1, 1, b, sizeof(b)), "A1");
	T_EQ_STR(gd_sheet_ref(3, 1042, b, sizeof(b)), "C1042");
	T_EQ_STR(gd_sheet_ref(27, 5, b, sizeof(b)), "AA5");
	T_EQ_STR(gd_sheet_ref(16384, 1048576, b, sizeof(b)), "XFD1048576");
	T_EQ_INT(gd_sheet_kind_of_name("a/Export.XLSX"), GD_SHEET_XLSX);
	T_EQ_INT(gd_sheet_kind_of_name("x.ods"), GD_SHEET_ODS);
	T_EQ_INT(gd_sheet_kind_of_name("x.xls"), GD_SHEET_XLS);
	T_EQ_INT(gd_sheet_kind_of_name("x.xls/y.csv"), GD_SHEET_NONE);
}
