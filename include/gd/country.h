/*
 * country.h - ISO 3166-1 country codes.
 */
#ifndef GD_COUNTRY_H
#define GD_COUNTRY_H

#include <stddef.h>

/*
 * Returns the ISO 3166-1 alpha-2 code (static, upper case) for s (n
 * bytes): an alpha-2 or alpha-3 code in any case, or the English short or
 * common name ("Germany", "United Kingdom", "UK", "Netherlands"...).
 * Returns NULL when s is not recognised.
 */
const char *gd_country_alpha2(const char *s, size_t n);

#endif
