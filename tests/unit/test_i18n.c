/*
 * test_i18n.c - the report's language: tags, English numbers and dates
 * (the catalogues' own are tested end to end, tests/scripts/i18n.sh),
 * and a language without a catalogue falling back to English.
 */
#include <stdlib.h>
#include <string.h>

#include "gd/gd.h"
#include "gd/i18n.h"
#include "t.h"

TEST(i18n_tags)
{
	T_OK(gd_i18n_valid("en"));
	T_OK(gd_i18n_valid("es"));
	T_OK(gd_i18n_valid("fr-BE"));
	T_OK(gd_i18n_valid("pt-BR"));
	T_OK(gd_i18n_valid("zh-Hant-TW"));
	T_OK(gd_i18n_valid("ast"));
	T_OK(!gd_i18n_valid(""));
	T_OK(!gd_i18n_valid("e"));
	T_OK(!gd_i18n_valid("english"));
	T_OK(!gd_i18n_valid("es-"));
	T_OK(!gd_i18n_valid("es--ES"));
	T_OK(!gd_i18n_valid("es_ES"));
	T_OK(!gd_i18n_valid("es-toolongsubtag"));
	T_OK(!gd_i18n_valid("es\"><script>"));
	T_OK(!gd_i18n_valid("../../etc"));
	T_OK(!gd_i18n_valid("a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s"));
}

TEST(i18n_english_numbers)
{
	char b[64];

	T_EQ_STR(gd_i18n_lang(), "en");
	T_EQ_STR(gd_i18n_int(b, sizeof(b), 0), "0");
	T_EQ_STR(gd_i18n_int(b, sizeof(b), 999), "999");
	T_EQ_STR(gd_i18n_int(b, sizeof(b), 1000), "1,000");
	T_EQ_STR(gd_i18n_int(b, sizeof(b), 2738), "2,738");
	T_EQ_STR(gd_i18n_int(b, sizeof(b), 21700000), "21,700,000");
	T_EQ_STR(gd_i18n_int(b, sizeof(b), -1234567), "-1,234,567");
	T_EQ_STR(gd_i18n_num(b, sizeof(b), 1234.5, 1, 0), "1,234.5");
	T_EQ_STR(gd_i18n_num(b, sizeof(b), 0.21, 2, GD_NUM_SIGN), "+0.21");
	T_EQ_STR(gd_i18n_num(b, sizeof(b), -0.004, 2, GD_NUM_SIGN), "0.00");
	T_EQ_STR(gd_i18n_num(b, sizeof(b), -0.2, 0, GD_NUM_SIGN), "0");
	T_EQ_STR(gd_i18n_num(b, sizeof(b), 0.0123, 2, GD_NUM_SIG), "0.012");
	T_EQ_STR(gd_i18n_pct(b, sizeof(b), 57.14, 1), "57.1%");
	T_EQ_STR(gd_i18n_pct(b, sizeof(b), 100, 0), "100%");
	/* Cut to fit, never past the buffer. */
	T_EQ_STR(gd_i18n_int(b, 4, 123456), "123");
}

TEST(i18n_english_dates)
{
	char b[96];

	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-01-13"), "13 January 2024");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-01-13T10:22:05Z"),
	    "13 January 2024, 10:22 UTC");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-01-13T10:22:05.123Z"),
	    "13 January 2024, 10:22 UTC");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-01-13T10:22:05+00:00"),
	    "13 January 2024, 10:22 UTC");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-12-31T23:59:00-0500"),
	    "31 December 2024, 23:59 UTC-05:00");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-06-01T08:00"),
	    "1 June 2024, 08:00");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-02-29"), "29 February 2024");
	/* Anything else as it is. */
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "13/01/2024"), "13/01/2024");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-13-01"), "2024-13-01");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-02-30"), "2024-02-30");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-01-13T25:00Z"),
	    "2024-01-13T25:00Z");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-01-13T10:22Zx"),
	    "2024-01-13T10:22Zx");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024-01-13 x"), "2024-01-13 x");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), "2024"), "2024");
	T_EQ_STR(gd_i18n_date(b, sizeof(b), ""), "");
	/* Every cut of a full timestamp, each in a buffer of its own size,
	 * is read no further than its end (AddressSanitizer watches). */
	{
		const char *full = "2024-01-13T10:22:05.123+01:00";
		size_t k;

		for (k = 0; k <= strlen(full); k++) {
			char *cut = malloc(k + 1);

			T_OK(cut != NULL);
			if (cut == NULL)
				break;
			memcpy(cut, full, k);
			cut[k] = '\0';
			T_OK(gd_i18n_date(b, sizeof(b), cut) == b);
			free(cut);
		}
	}
}

TEST(i18n_fallback)
{
	struct gd_error err;

	gd_error_clear(&err);
	T_EQ_INT(gd_i18n_set("e$", NULL, &err), -1);
	T_EQ_INT(err.code, GD_EXIT_USAGE);
	/* No catalogue there: English, and said so. */
	T_EQ_INT(gd_i18n_set("es", "/nonexistent/locale", &err), 1);
	T_EQ_STR(gd_i18n_lang(), "en");
	T_EQ_STR(_("We asked"), "We asked");
	T_EQ_STR(gd_ntr("%s response", "%s responses", 1), "%s response");
	T_EQ_STR(gd_ntr("%s response", "%s responses", 2), "%s responses");
	T_EQ_STR(C_("month", "May"), "May");
	/* English needs none; its tag is kept as written, region upper. */
	T_EQ_INT(gd_i18n_set("en-gb", "/nonexistent/locale", &err), 0);
	T_EQ_STR(gd_i18n_lang(), "en-GB");
	T_EQ_INT(gd_i18n_set("en", NULL, &err), 0);
	T_EQ_STR(gd_i18n_lang(), "en");
}
