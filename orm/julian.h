/*
 * orm/julian.h - PostgreSQL's Julian-day calendar arithmetic (datetime.c's date2j, j2date,
 * j2day, isleap), shared by the date/time functions (orm/fn_datetime.c) and the formatting
 * functions (orm/fn_format.c). Header-only: each is a few lines on a hot path.
 */
#ifndef ORM_JULIAN_H
#define ORM_JULIAN_H

#include <stdint.h>

/* 1 in a leap year of the proleptic Gregorian calendar. */
static inline int isleap(int y)
{
    return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 1 : 0;
}

/* Julian day number of a calendar date. */
static inline int date2j(int y, int m, int d)
{
    int julian, century;
    if (m > 2) {
        m += 1;
        y += 4800;
    } else {
        m += 13;
        y += 4799;
    }
    century = y / 100;
    julian = y * 365 - 32167;
    julian += y / 4 - century + century / 4;
    julian += 7834 * m / 256 + d;
    return julian;
}

/* Calendar date of a Julian day number. */
static inline void j2date(int jd, int *year, int *month, int *day)
{
    unsigned int julian = (unsigned int)jd, quad, extra;
    int y;
    julian += 32044;
    quad = julian / 146097;
    extra = (julian - quad * 146097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146097;
    quad = julian / 1461;
    julian -= quad * 1461;
    y = (int)(julian * 4 / 1461);
    julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
    y += (int)(quad * 4);
    *year = y - 4800;
    quad = julian * 2141 / 65536;
    *day = (int)(julian - 7834 * quad / 256);
    *month = (int)((quad + 10) % 12 + 1);
}

/* Day of the week of a Julian day, 0 = Sunday. */
static inline int j2day(int64_t date)
{
    date += 1;
    date %= 7;
    if (date < 0)
        date += 7;
    return (int)date;
}

/* ISO 8601 weeks (PostgreSQL's isoweek2j, date2isoweek, date2isoyear): week 1 is the week that
 * holds January 4th, weeks start on Monday. */

/* Julian day of the Monday of ISO week `week` of ISO year `year`. */
static inline int isoweek2j(int year, int week)
{
    int day4 = date2j(year, 1, 4);
    int day0 = j2day(day4 - 1);
    return ((week - 1) * 7) + (day4 - day0);
}

/* The Monday of ISO week woy of ISO year *year, as a date. */
static inline void isoweek2date(int woy, int *year, int *mon, int *mday)
{
    j2date(isoweek2j(*year, woy), year, mon, mday);
}

/* The ISO week number of a date. */
static inline int date2isoweek(int year, int mon, int mday)
{
    int dayn = date2j(year, mon, mday);
    int day4 = date2j(year, 1, 4);
    int day0 = j2day(day4 - 1);
    if (dayn < day4 - day0) {
        day4 = date2j(year - 1, 1, 4);
        day0 = j2day(day4 - 1);
    }
    int result = (dayn - (day4 - day0)) / 7 + 1;
    if (result >= 52) {
        day4 = date2j(year + 1, 1, 4);
        day0 = j2day(day4 - 1);
        if (dayn >= day4 - day0)
            result = (dayn - (day4 - day0)) / 7 + 1;
    }
    return result;
}

/* The ISO year a date belongs to. */
static inline int date2isoyear(int year, int mon, int mday)
{
    int dayn = date2j(year, mon, mday);
    int day4 = date2j(year, 1, 4);
    int day0 = j2day(day4 - 1);
    if (dayn < day4 - day0) {
        day4 = date2j(year - 1, 1, 4);
        day0 = j2day(day4 - 1);
        year--;
    }
    int result = (dayn - (day4 - day0)) / 7 + 1;
    if (result >= 52) {
        day4 = date2j(year + 1, 1, 4);
        day0 = j2day(day4 - 1);
        if (dayn >= day4 - day0)
            year++;
    }
    return year;
}

#endif
