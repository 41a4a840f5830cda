/*
 * t.h - the unit test harness: TEST(name) { ... } registers a test;
 * T_* macros check and record failures without stopping the run.
 */
#ifndef GD_T_H
#define GD_T_H

#include <string.h>

void t_register(const char *name, void (*fn)(void));
void t_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define TEST(name) \
	static void name(void); \
	__attribute__((constructor)) static void t_reg_##name(void) \
	{ t_register(#name, name); } \
	static void name(void)

#define T_OK(c) do { if (!(c)) t_fail(__FILE__, __LINE__, "%s", #c); } while (0)

#define T_EQ_INT(a, b) do { long long t_a = (long long)(a), t_b = (long long)(b); \
	if (t_a != t_b) t_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", \
	    #a, t_a, t_b); } while (0)

#define T_EQ_STR(a, b) do { const char *t_a = (a), *t_b = (b); \
	if (t_a == NULL || t_b == NULL || strcmp(t_a, t_b) != 0) \
		t_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, \
		    t_a ? t_a : "(null)", t_b ? t_b : "(null)"); } while (0)

#define T_EQ_MEM(a, alen, b) do { const char *t_a = (a), *t_b = (b); \
	size_t t_al = (alen), t_bl = strlen(t_b); \
	if (t_al != t_bl || memcmp(t_a, t_b, t_al) != 0) \
		t_fail(__FILE__, __LINE__, "%s == \"%.*s\", expected \"%s\"", #a, \
		    (int)t_al, t_a, t_b); } while (0)

#endif
