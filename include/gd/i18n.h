/*
 * i18n.h - the report's own words in the reader's language: GNU gettext
 * message catalogues (po/, text domain "gd"), and numbers and dates
 * written as that language writes them.
 *
 * One language at a time, for the whole process (gettext's state is the
 * process's): gd_i18n_set() chooses it, and every function below then
 * speaks it.  The default, before any gd_i18n_set(), is English, the
 * language of the messages in the source, which needs no catalogue.  The
 * user's locale settings (LANG, LC_ALL, LANGUAGE) are never read: the
 * same input and options give the same bytes on every machine.
 *
 * Numbers and dates follow the catalogue too: its translations of the
 * decimal and thousands separators, the percent sign's place, the month
 * names and the date's order (messages with the contexts "decimal
 * separator", "month" and so on), so that a language is added by adding
 * its catalogue alone.
 *
 * Not included by gd.h: the marks _() and C_() are short names, for the
 * files that write words for readers (lib/pub_*.c).
 */
#ifndef GD_I18N_H
#define GD_I18N_H

#include <stddef.h>

#include "error.h"

/*
 * Speaks the language lang, a BCP 47 tag ("es", "fr-BE", "pt-BR"), whose
 * catalogue is looked up under localedir (LL_CC/LC_MESSAGES/gd.mo, as
 * gettext lays them out; "fr-BE" tries fr_BE, then fr); localedir NULL
 * is the one compiled in.  English ("en", "en-GB"...) needs none.
 * Returns 0 when lang is spoken; 1 when there is no catalogue for it
 * (English is spoken then, and gd_i18n_lang() says "en"); -1 with err
 * filled (GD_EXIT_USAGE) when lang is not a language tag.
 */
int gd_i18n_set(const char *lang, const char *localedir,
    struct gd_error *err);

/* The tag of the language spoken ("en" by default), for lang="". */
const char *gd_i18n_lang(void);

/*
 * Whether tag is a language tag as gd takes them: a primary subtag of 2
 * or 3 letters, then subtags of 1 to 8 letters or digits, each after a
 * '-', 35 bytes at most.
 */
int gd_i18n_valid(const char *tag);

/*
 * msgid in the language spoken; one or many by n (the catalogue's plural
 * rule); msgid in the context ctx (gettext's pgettext).  The strings
 * returned are static: the catalogue's, or the arguments.
 */
const char *gd_tr(const char *msgid) __attribute__((format_arg(1)));
const char *gd_ntr(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
const char *gd_ptr(const char *ctx, const char *msgid)
    __attribute__((format_arg(2)));

/* The marks xgettext looks for (the Makefile's POT_KEYWORDS): _(), C_()
 * and gd_ntr() translate; N_() and NC_() only mark a string for the
 * catalogue, translated where it is used. */
#define _(s) gd_tr(s)
#define C_(ctx, s) gd_ptr(ctx, s)
#define N_(s) (s)
#define NC_(ctx, s) (s)

/* gd_i18n_num()'s flags. */
#define GD_NUM_SIGN 1	/* a sign always: "+5", "-5", "0" */
#define GD_NUM_SIG 2	/* places are significant digits ("%g") */

/*
 * v with places decimal places (or significant digits), written as the
 * language writes numbers: its decimal separator, and its thousands
 * separator in the whole part when that has enough digits.  Into dst of
 * size n (truncated to fit); returns dst.
 */
char *gd_i18n_num(char *dst, size_t n, double v, int places, int flags);

/* A whole number, with thousands separators: "2,738", "2.738". */
char *gd_i18n_int(char *dst, size_t n, long long v);

/* A percentage with places decimal places: "57.1%", "57,1 %". */
char *gd_i18n_pct(char *dst, size_t n, double pct, int places);

/*
 * An ISO 8601 date, or date and time ("2024-01-13",
 * "2024-01-13T10:22:05Z", with an offset or none), as the language
 * writes it: "13 January 2024", "13 January 2024, 10:22 UTC".  Anything
 * else is copied as it is.  Returns dst.
 */
char *gd_i18n_date(char *dst, size_t n, const char *iso);

#endif
