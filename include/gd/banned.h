/*
 * banned.h - functions gd does not use: unbounded copies and formats, and
 * number parsing without error reports.  Included in every source
 * file through gd.h, after the system headers, so a use is a compile error.
 */
#ifndef GD_BANNED_H
#define GD_BANNED_H

#define GD_BANNED(f) sorry_##f##_is_banned_in_gd

#undef strcpy
#define strcpy(a, b) GD_BANNED(strcpy)
#undef strcat
#define strcat(a, b) GD_BANNED(strcat)
#undef sprintf
#define sprintf(...) GD_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) GD_BANNED(vsprintf)
#undef strtok
#define strtok(a, b) GD_BANNED(strtok)
#undef atoi
#define atoi(a) GD_BANNED(atoi)
#undef atol
#define atol(a) GD_BANNED(atol)
#undef gets
#define gets(a) GD_BANNED(gets)

#endif
