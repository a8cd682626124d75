/*
 * wire/codec_interval.c - interval in PostgreSQL 15's text format
 * (IntervalStyle postgres): interval_in and interval_out.
 *
 * Input is a port of PostgreSQL's DecodeInterval over the fields that
 * ParseDateTime (codec_datetime.c) produces, read right to left so that a
 * unit word is known before its number ("1 day 02:03", "1.5 years",
 * "-1 day +02:03", "1-2" for years-months, "@ 1 day ago"), with fractions
 * cascading into the smaller units as PostgreSQL does (a month is 30 days).
 * When that fails on syntax, the ISO 8601 forms are tried
 * ("P1Y2M3DT4H5M6S", "P0001-02-03T04:05:06"). Overflow of a field is 22015,
 * of the result 22008, as in PostgreSQL.
 *
 * Output: "1 year 2 mons 3 days 04:05:06.5", "-00:00:01"; a "+" follows a
 * negative part, hours are not folded into days.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wire/codec_dt.h"

/* pg_itm_in: the interval being built by DecodeInterval. */
typedef struct dt_itm {
    int64_t usec;
    int mday, mon, year;
} dt_itm;

/* deltatktbl of PostgreSQL 15 (interval units). */
/* clang-format off */
static const dt_token delta_tokens[] = {
    {"@", IGNORE_DTF, 0},              {"ago", AGO, 0},                   {"c", UNITS, DTK_CENTURY},
    {"cent", UNITS, DTK_CENTURY},      {"centuries", UNITS, DTK_CENTURY}, {"century", UNITS, DTK_CENTURY},
    {"d", UNITS, DTK_DAY},             {"day", UNITS, DTK_DAY},           {"days", UNITS, DTK_DAY},
    {"dec", UNITS, DTK_DECADE},        {"decade", UNITS, DTK_DECADE},     {"decades", UNITS, DTK_DECADE},
    {"decs", UNITS, DTK_DECADE},       {"h", UNITS, DTK_HOUR},            {"hour", UNITS, DTK_HOUR},
    {"hours", UNITS, DTK_HOUR},        {"hr", UNITS, DTK_HOUR},           {"hrs", UNITS, DTK_HOUR},
    {"m", UNITS, DTK_MINUTE},          {"microsecon", UNITS, DTK_MICROSEC}, {"mil", UNITS, DTK_MILLENNIUM},
    {"millennia", UNITS, DTK_MILLENNIUM}, {"millennium", UNITS, DTK_MILLENNIUM},
    {"millisecon", UNITS, DTK_MILLISEC}, {"mils", UNITS, DTK_MILLENNIUM}, {"min", UNITS, DTK_MINUTE},
    {"mins", UNITS, DTK_MINUTE},       {"minute", UNITS, DTK_MINUTE},     {"minutes", UNITS, DTK_MINUTE},
    {"mon", UNITS, DTK_MONTH},         {"mons", UNITS, DTK_MONTH},        {"month", UNITS, DTK_MONTH},
    {"months", UNITS, DTK_MONTH},      {"ms", UNITS, DTK_MILLISEC},       {"msec", UNITS, DTK_MILLISEC},
    {"msecond", UNITS, DTK_MILLISEC},  {"mseconds", UNITS, DTK_MILLISEC}, {"msecs", UNITS, DTK_MILLISEC},
    {"qtr", UNITS, DTK_QUARTER},       {"quarter", UNITS, DTK_QUARTER},   {"s", UNITS, DTK_SECOND},
    {"sec", UNITS, DTK_SECOND},        {"second", UNITS, DTK_SECOND},     {"seconds", UNITS, DTK_SECOND},
    {"secs", UNITS, DTK_SECOND},       {"timezone", UNITS, DTK_TZ},       {"timezone_h", UNITS, DTK_TZ_HOUR},
    {"timezone_m", UNITS, DTK_TZ_MINUTE}, {"us", UNITS, DTK_MICROSEC},    {"usec", UNITS, DTK_MICROSEC},
    {"usecond", UNITS, DTK_MICROSEC},  {"useconds", UNITS, DTK_MICROSEC}, {"usecs", UNITS, DTK_MICROSEC},
    {"w", UNITS, DTK_WEEK},            {"week", UNITS, DTK_WEEK},         {"weeks", UNITS, DTK_WEEK},
    {"y", UNITS, DTK_YEAR},            {"year", UNITS, DTK_YEAR},         {"years", UNITS, DTK_YEAR},
    {"yr", UNITS, DTK_YEAR},           {"yrs", UNITS, DTK_YEAR},
};
/* clang-format on */

/* DecodeUnits: an interval unit word. */
static int decode_units(const char *s, int *val)
{
    const dt_token *t = wire_dt_token_find(s, delta_tokens, sizeof(delta_tokens) / sizeof(delta_tokens[0]));
    if (!t)
        return UNKNOWN_FIELD;
    *val = t->value;
    return t->type;
}

/* The Adjust* helpers add a field to the interval being built, false on
 * overflow. Fractions are below one in magnitude; fractional microseconds
 * round half away from zero. */
static bool adjust_fract_usec(double frac, int64_t scale, dt_itm *itm)
{
    if (frac == 0)
        return true;
    frac *= (double)scale;
    int64_t usec = (int64_t)frac;
    frac -= (double)usec;
    if (frac > 0.5)
        usec++;
    else if (frac < -0.5)
        usec--;
    return !__builtin_add_overflow(itm->usec, usec, &itm->usec);
}

static bool adjust_fract_days(double frac, int scale, dt_itm *itm)
{
    if (frac == 0)
        return true;
    frac *= scale;
    int extra = (int)frac;
    if (__builtin_add_overflow(itm->mday, extra, &itm->mday))
        return false;
    return adjust_fract_usec(frac - extra, USECS_PER_DAY, itm);
}

static bool adjust_fract_years(double frac, int scale, dt_itm *itm)
{
    int extra = (int)rint(frac * scale * MONTHS_PER_YEAR);
    return !__builtin_add_overflow(itm->mon, extra, &itm->mon);
}

static bool adjust_usec(int64_t val, double fval, int64_t scale, dt_itm *itm)
{
    int64_t usec;
    if (__builtin_mul_overflow(val, scale, &usec) || __builtin_add_overflow(itm->usec, usec, &itm->usec))
        return false;
    return adjust_fract_usec(fval, scale, itm);
}

static bool adjust_days(int64_t val, int scale, dt_itm *itm)
{
    int days;
    if (val < INT_MIN || val > INT_MAX)
        return false;
    return !__builtin_mul_overflow((int)val, scale, &days) && !__builtin_add_overflow(itm->mday, days, &itm->mday);
}

static bool adjust_months(int64_t val, dt_itm *itm)
{
    if (val < INT_MIN || val > INT_MAX)
        return false;
    return !__builtin_add_overflow(itm->mon, (int)val, &itm->mon);
}

static bool adjust_years(int64_t val, int scale, dt_itm *itm)
{
    int years;
    if (val < INT_MIN || val > INT_MAX)
        return false;
    return !__builtin_mul_overflow((int)val, scale, &years) && !__builtin_add_overflow(itm->year, years, &itm->year);
}

/* DecodeTimeForInterval: "h:mm[:ss[.f]]" or "mm:ss.f" into microseconds. */
static int decode_interval_time(const char *str, int *tmask, dt_itm *itm)
{
    char *cp;
    int64_t hour, fsec = 0;
    int min, sec = 0, dterr;
    *tmask = DTK_TIME_M;
    errno = 0;
    hour = strtoll(str, &cp, 10);
    if (errno == ERANGE)
        return DTERR_FIELD_OVERFLOW;
    if (*cp != ':')
        return DTERR_BAD_FORMAT;
    errno = 0;
    min = wire_dt_strtoint(cp + 1, &cp);
    if (errno == ERANGE)
        return DTERR_FIELD_OVERFLOW;
    if (*cp == '.') {
        dterr = wire_dt_parse_fsec(cp, &fsec);
        if (dterr)
            return dterr;
        if (hour > INT_MAX || hour < INT_MIN)
            return DTERR_FIELD_OVERFLOW;
        sec = min;
        min = (int)hour;
        hour = 0;
    } else if (*cp == ':') {
        errno = 0;
        sec = wire_dt_strtoint(cp + 1, &cp);
        if (errno == ERANGE)
            return DTERR_FIELD_OVERFLOW;
        if (*cp == '.') {
            dterr = wire_dt_parse_fsec(cp, &fsec);
            if (dterr)
                return dterr;
        } else if (*cp != '\0') {
            return DTERR_BAD_FORMAT;
        }
    } else if (*cp != '\0') {
        return DTERR_BAD_FORMAT;
    }
    if (hour < 0 || min < 0 || min > MINS_PER_HOUR - 1 || sec < 0 || sec > SECS_PER_MINUTE || fsec < 0 ||
        fsec > USECS_PER_SEC)
        return DTERR_FIELD_OVERFLOW;
    itm->usec = fsec;
    if (__builtin_mul_overflow(hour, USECS_PER_HOUR, &hour) || __builtin_add_overflow(itm->usec, hour, &itm->usec) ||
        __builtin_add_overflow(itm->usec, (int64_t)min * USECS_PER_MINUTE + (int64_t)sec * USECS_PER_SEC, &itm->usec))
        return DTERR_FIELD_OVERFLOW;
    return 0;
}

/* Apply "val[.fval] <unit>" to the interval; tmask gets the unit's bit. */
static int interval_apply_unit(int type, int64_t val, double fval, int *tmask, dt_itm *itm)
{
    switch (type) {
    case DTK_MICROSEC:
        *tmask = DTK_M(MICROSECOND);
        return adjust_usec(val, fval, 1, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_MILLISEC:
        *tmask = DTK_M(MILLISECOND);
        return adjust_usec(val, fval, 1000, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_SECOND:
        *tmask = fval == 0 ? DTK_M(SECOND) : DTK_ALL_SECS_M;
        return adjust_usec(val, fval, USECS_PER_SEC, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_MINUTE:
        *tmask = DTK_M(MINUTE);
        return adjust_usec(val, fval, USECS_PER_MINUTE, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_HOUR:
        *tmask = DTK_M(HOUR);
        return adjust_usec(val, fval, USECS_PER_HOUR, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_DAY:
        *tmask = DTK_M(DAY);
        return adjust_days(val, 1, itm) && adjust_fract_usec(fval, USECS_PER_DAY, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_WEEK:
        *tmask = DTK_M(WEEK);
        return adjust_days(val, 7, itm) && adjust_fract_days(fval, 7, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_MONTH:
        *tmask = DTK_M(MONTH);
        return adjust_months(val, itm) && adjust_fract_days(fval, DAYS_PER_MONTH, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_YEAR:
        *tmask = DTK_M(YEAR);
        return adjust_years(val, 1, itm) && adjust_fract_years(fval, 1, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_DECADE:
        *tmask = DTK_M(DECADE);
        return adjust_years(val, 10, itm) && adjust_fract_years(fval, 10, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_CENTURY:
        *tmask = DTK_M(CENTURY);
        return adjust_years(val, 100, itm) && adjust_fract_years(fval, 100, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    case DTK_MILLENNIUM:
        *tmask = DTK_M(MILLENNIUM);
        return adjust_years(val, 1000, itm) && adjust_fract_years(fval, 1000, itm) ? 0 : DTERR_FIELD_OVERFLOW;
    default:
        return DTERR_BAD_FORMAT;
    }
}

/* A number field of an interval: "n", "n.f", or SQL "years-months". */
static int interval_number(const char *field, int *type, int *tmask, dt_itm *itm)
{
    char *cp;
    int64_t val;
    double fval = 0;
    int dterr;
    if (*type == IGNORE_DTF)
        *type = DTK_SECOND; /* a unitless last number is seconds */
    errno = 0;
    val = strtoll(field, &cp, 10);
    if (errno == ERANGE)
        return DTERR_FIELD_OVERFLOW;
    if (*cp == '-') {
        errno = 0;
        int val2 = wire_dt_strtoint(cp + 1, &cp);
        if (errno == ERANGE || val2 < 0 || val2 >= MONTHS_PER_YEAR)
            return DTERR_FIELD_OVERFLOW;
        if (*cp != '\0')
            return DTERR_BAD_FORMAT;
        *type = DTK_MONTH;
        if (*field == '-')
            val2 = -val2;
        if (__builtin_mul_overflow(val, MONTHS_PER_YEAR, &val) || __builtin_add_overflow(val, val2, &val))
            return DTERR_FIELD_OVERFLOW;
    } else if (*cp == '.') {
        dterr = wire_dt_parse_fraction(cp, &fval);
        if (dterr)
            return dterr;
        if (*field == '-')
            fval = -fval;
    } else if (*cp != '\0') {
        return DTERR_BAD_FORMAT;
    }
    dterr = interval_apply_unit(*type, val, fval, tmask, itm);
    if (!dterr && *type == DTK_HOUR)
        *type = DTK_DAY; /* "1 02" after hours means days */
    return dterr;
}

/* DecodeInterval, IntervalStyle postgres: fields are read right to left
 * so that units are seen before their numbers. */
static int decode_interval(dt_fields *f, dt_itm *itm)
{
    int fmask = 0, tmask = 0, type = IGNORE_DTF, uval, dterr;
    bool is_before = false;
    memset(itm, 0, sizeof(*itm));
    for (int i = f->nf - 1; i >= 0; i--) {
        char *field = f->field[i];
        switch (f->ftype[i]) {
        case DTK_TIME:
            dterr = decode_interval_time(field, &tmask, itm);
            if (dterr)
                return dterr;
            type = DTK_DAY;
            break;
        case DTK_TZ:
            /* signed hh:mm[:ss] is a time; else a signed number */
            if (strchr(field + 1, ':') && decode_interval_time(field + 1, &tmask, itm) == 0) {
                if (*field == '-') {
                    if (itm->usec == INT64_MIN)
                        return DTERR_FIELD_OVERFLOW;
                    itm->usec = -itm->usec;
                }
                type = DTK_DAY;
                break;
            }
            /* fall through */
        case DTK_DATE:
        case DTK_NUMBER:
            dterr = interval_number(field, &type, &tmask, itm);
            if (dterr)
                return dterr;
            break;
        case DTK_STRING:
        case DTK_SPECIAL: {
            int t = decode_units(field, &uval);
            if (t == IGNORE_DTF)
                continue;
            tmask = 0;
            if (t == UNITS) {
                type = uval;
            } else if (t == AGO) {
                is_before = true;
                type = uval;
            } else {
                return DTERR_BAD_FORMAT;
            }
            break;
        }
        default:
            return DTERR_BAD_FORMAT;
        }
        if (tmask & fmask)
            return DTERR_BAD_FORMAT;
        fmask |= tmask;
    }
    if (fmask == 0)
        return DTERR_BAD_FORMAT;
    if (is_before) {
        if (itm->usec == INT64_MIN || itm->mday == INT_MIN || itm->mon == INT_MIN || itm->year == INT_MIN)
            return DTERR_FIELD_OVERFLOW;
        itm->usec = -itm->usec;
        itm->mday = -itm->mday;
        itm->mon = -itm->mon;
        itm->year = -itm->year;
    }
    return 0;
}

/* ParseISO8601Number: a strtod number split into integer and fraction. */
static int iso_number(const char *str, char **end, int64_t *ipart, double *fpart)
{
    if (!(isdigit((unsigned char)*str) || *str == '-' || *str == '.'))
        return DTERR_BAD_FORMAT;
    errno = 0;
    double val = strtod(str, end);
    if (*end == str || errno != 0)
        return DTERR_BAD_FORMAT;
    if (isnan(val) || val < -1.0e15 || val > 1.0e15)
        return DTERR_FIELD_OVERFLOW;
    *ipart = val >= 0 ? (int64_t)floor(val) : -(int64_t)floor(-val);
    *fpart = val - (double)*ipart;
    return 0;
}

static int iso_int_width(const char *s)
{
    if (*s == '-')
        s++;
    return (int)strspn(s, "0123456789");
}

/* The ISO 8601 helpers below return 0 when a field was consumed, 1 when
 * the whole string was, 2 to go on with a fresh field (after 'T'), or a
 * DTERR_* code. */
#define ISO_TRY(x)                                                                                                     \
    do {                                                                                                               \
        if (!(x))                                                                                                      \
            return DTERR_FIELD_OVERFLOW;                                                                               \
    } while (0)

/* "P0001-02-03T..." alternative format, extended (with '-') or basic. */
static int iso_alt_date(char **strp, int64_t val, double fval, char unit, dt_itm *itm, bool *datepart)
{
    char *str = *strp;
    int dterr;
    ISO_TRY(adjust_years(val, 1, itm) && adjust_fract_years(fval, 1, itm));
    if (unit == '\0')
        return 1;
    if (unit == 'T') {
        *datepart = false;
        return 2;
    }
    dterr = iso_number(str, &str, &val, &fval);
    if (dterr)
        return dterr;
    ISO_TRY(adjust_months(val, itm) && adjust_fract_days(fval, DAYS_PER_MONTH, itm));
    if (*str == '\0')
        return 1;
    if (*str == 'T') {
        *strp = str + 1;
        *datepart = false;
        return 2;
    }
    if (*str != '-')
        return DTERR_BAD_FORMAT;
    str++;
    dterr = iso_number(str, &str, &val, &fval);
    if (dterr)
        return dterr;
    ISO_TRY(adjust_days(val, 1, itm) && adjust_fract_usec(fval, USECS_PER_DAY, itm));
    if (*str == '\0')
        return 1;
    if (*str == 'T') {
        *strp = str + 1;
        *datepart = false;
        return 2;
    }
    return DTERR_BAD_FORMAT;
}

/* "PT04:05:06" alternative format, extended. */
static int iso_alt_time(char *str, int64_t val, double fval, char unit, dt_itm *itm)
{
    int dterr;
    ISO_TRY(adjust_usec(val, fval, USECS_PER_HOUR, itm));
    if (unit == '\0')
        return 1;
    dterr = iso_number(str, &str, &val, &fval);
    if (dterr)
        return dterr;
    ISO_TRY(adjust_usec(val, fval, USECS_PER_MINUTE, itm));
    if (*str == '\0')
        return 1;
    if (*str != ':')
        return DTERR_BAD_FORMAT;
    str++;
    dterr = iso_number(str, &str, &val, &fval);
    if (dterr)
        return dterr;
    ISO_TRY(adjust_usec(val, fval, USECS_PER_SEC, itm));
    return *str == '\0' ? 1 : DTERR_BAD_FORMAT;
}

/* A date-part field: nY, nM, nW, nD or the alternative format. */
static int iso_date_unit(char **strp, const char *fieldstart, int64_t val, double fval, char unit, dt_itm *itm,
                         bool *datepart, bool havefield)
{
    switch (unit) {
    case 'Y':
        ISO_TRY(adjust_years(val, 1, itm) && adjust_fract_years(fval, 1, itm));
        return 0;
    case 'M':
        ISO_TRY(adjust_months(val, itm) && adjust_fract_days(fval, DAYS_PER_MONTH, itm));
        return 0;
    case 'W':
        ISO_TRY(adjust_days(val, 7, itm) && adjust_fract_days(fval, 7, itm));
        return 0;
    case 'D':
        ISO_TRY(adjust_days(val, 1, itm) && adjust_fract_usec(fval, USECS_PER_DAY, itm));
        return 0;
    case 'T':
    case '\0':
        if (iso_int_width(fieldstart) == 8 && !havefield) {
            ISO_TRY(adjust_years(val / 10000, 1, itm) && adjust_months((val / 100) % 100, itm) &&
                    adjust_days(val % 100, 1, itm) && adjust_fract_usec(fval, USECS_PER_DAY, itm));
            if (unit == '\0')
                return 1;
            *datepart = false;
            return 2; /* restart the loop: no "havefield" */
        }
        /* fall through */
    case '-':
        if (havefield)
            return DTERR_BAD_FORMAT;
        return iso_alt_date(strp, val, fval, unit, itm, datepart);
    default:
        return DTERR_BAD_FORMAT;
    }
}

/* A time-part field: nH, nM, nS or the alternative format. */
static int iso_time_unit(char *str, const char *fieldstart, int64_t val, double fval, char unit, dt_itm *itm,
                         bool havefield)
{
    switch (unit) {
    case 'H':
        ISO_TRY(adjust_usec(val, fval, USECS_PER_HOUR, itm));
        return 0;
    case 'M':
        ISO_TRY(adjust_usec(val, fval, USECS_PER_MINUTE, itm));
        return 0;
    case 'S':
        ISO_TRY(adjust_usec(val, fval, USECS_PER_SEC, itm));
        return 0;
    case '\0':
        if (iso_int_width(fieldstart) == 6 && !havefield) {
            ISO_TRY(adjust_usec(val / 10000, 0, USECS_PER_HOUR, itm) &&
                    adjust_usec((val / 100) % 100, 0, USECS_PER_MINUTE, itm) &&
                    adjust_usec(val % 100, 0, USECS_PER_SEC, itm) && adjust_fract_usec(fval, 1, itm));
            return 1;
        }
        /* fall through */
    case ':':
        if (havefield)
            return DTERR_BAD_FORMAT;
        return iso_alt_time(str, val, fval, unit, itm);
    default:
        return DTERR_BAD_FORMAT;
    }
}

/* DecodeISO8601Interval: "P1Y2M3DT4H5M6S", "P1W", "P0001-02-03T04:05:06". */
static int decode_iso_interval(char *str, dt_itm *itm)
{
    bool datepart = true, havefield = false;
    memset(itm, 0, sizeof(*itm));
    if (strlen(str) < 2 || str[0] != 'P')
        return DTERR_BAD_FORMAT;
    str++;
    while (*str) {
        char *fieldstart;
        int64_t val;
        double fval;
        int r;
        if (*str == 'T') {
            datepart = false;
            havefield = false;
            str++;
            continue;
        }
        fieldstart = str;
        r = iso_number(str, &str, &val, &fval);
        if (r)
            return r;
        char unit = *str;
        if (unit)
            str++;
        if (datepart)
            r = iso_date_unit(&str, fieldstart, val, fval, unit, itm, &datepart, havefield);
        else
            r = iso_time_unit(str, fieldstart, val, fval, unit, itm, havefield);
        if (r < 0)
            return r;
        if (r == 1)
            return 0;
        if (r == 2) {
            havefield = false;
            continue;
        }
        if (unit == '\0')
            return 0;
        havefield = true;
    }
    return 0;
}

/* interval_in: PostgreSQL syntax first, then ISO 8601. */
bool wire_interval_text_decode(const char *s, og_value *out, wire_err *err)
{
    char workbuf[256];
    dt_fields f;
    dt_itm itm;
    int dterr = wire_dt_parse(s, workbuf, sizeof(workbuf), &f);
    if (dterr == 0)
        dterr = decode_interval(&f, &itm);
    if (dterr == DTERR_BAD_FORMAT)
        dterr = decode_iso_interval((char *)s, &itm);
    if (dterr) {
        wire_dt_error(dterr == DTERR_FIELD_OVERFLOW ? DTERR_INTERVAL_OVERFLOW : dterr, NULL, s, "interval", err);
        return false;
    }
    int64_t months = (int64_t)itm.year * MONTHS_PER_YEAR + itm.mon;
    if (months > INT_MAX || months < INT_MIN) {
        wire_err_set(err, WIRE_SQLSTATE_DT_RANGE, "interval out of range");
        return false;
    }
    out->u.iv.months = (int32_t)months;
    out->u.iv.days = itm.mday;
    out->u.iv.usec = itm.usec;
    return true;
}

/* AddPostgresIntPart: "n unit[s]", a "+" after a negative part. */
static void put_interval_part(og_buf *out, int value, const char *units, bool *is_zero, bool *is_before)
{
    if (value == 0)
        return;
    og_buf_printf(out, "%s%s%d %s%s", !*is_zero ? " " : "", (*is_before && value > 0) ? "+" : "", value, units,
                  value != 1 ? "s" : "");
    *is_before = value < 0;
    *is_zero = false;
}

/* EncodeInterval, IntervalStyle postgres. */
void wire_interval_text_encode(const og_interval *iv, og_buf *out)
{
    bool is_zero = true, is_before = false;
    int64_t t = iv->usec, hour = t / USECS_PER_HOUR;
    t -= hour * USECS_PER_HOUR;
    int min = (int)(t / USECS_PER_MINUTE);
    t -= (int64_t)min * USECS_PER_MINUTE;
    int sec = (int)(t / USECS_PER_SEC);
    int64_t fsec = t - (int64_t)sec * USECS_PER_SEC;
    put_interval_part(out, iv->months / MONTHS_PER_YEAR, "year", &is_zero, &is_before);
    put_interval_part(out, iv->months % MONTHS_PER_YEAR, "mon", &is_zero, &is_before);
    put_interval_part(out, iv->days, "day", &is_zero, &is_before);
    if (is_zero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
        bool minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
        og_buf_printf(out, "%s%s%02lld:%02d:", is_zero ? "" : " ", minus ? "-" : (is_before ? "+" : ""),
                      (long long)llabs(hour), abs(min));
        wire_dt_put_seconds(out, sec, fsec);
    }
}
