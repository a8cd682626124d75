/*
 * wire/codec_datetime.c - date, time, timestamp and timestamptz in
 * PostgreSQL 15's text and binary formats, and the date/time lexer that
 * intervals share (codec_interval.c); zones live in codec_tz.c.
 *
 * Values use PostgreSQL's own representation (orm/value.h): days or
 * microseconds since 2000-01-01, so the binary formats are plain big-endian
 * integers and the calendar arithmetic is PostgreSQL's Julian-day code.
 *
 * Text input is a port of PostgreSQL's datetime.c: ParseDateTime splits the
 * string into typed fields (number, string, date, time, signed zone), then
 * DecodeDateTime / DecodeTimeOnly give each field a meaning from what has
 * been seen so far (a bit mask of the fields already set), and ValidateDate
 * checks ranges. Porting the algorithm rather than writing a grammar is
 * deliberate: PostgreSQL's acceptance rules are heuristic, and matching them
 * case by case is the only way to accept and reject exactly the same
 * strings with the same SQLSTATEs. DateStyle is fixed at ISO, MDY, as a
 * default PostgreSQL 15 session has it.
 *
 * "now", "today", "tomorrow" and "yesterday" read the system clock at the
 * moment of parsing (PostgreSQL uses the transaction start time).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wire/codec_dt.h"

/* ---------------------------------------------------------------- tables */

/* pg_tm: a broken-down date and time (year 0 is 1 BC). */
typedef struct dt_tm {
    int year, mon, mday, hour, min, sec, yday, isdst;
} dt_tm;

/* datetktbl of PostgreSQL 15 (general date/time words). */
/* clang-format off */
static const dt_token date_tokens[] = {
    {"-infinity", RESERV, DTK_EARLY}, {"ad", ADBC, AD},        {"allballs", RESERV, DTK_ZULU},
    {"am", AMPM, AM},                 {"apr", MONTH, 4},       {"april", MONTH, 4},
    {"at", IGNORE_DTF, 0},            {"aug", MONTH, 8},       {"august", MONTH, 8},
    {"bc", ADBC, BC},                 {"d", UNITS, DTK_DAY},   {"dec", MONTH, 12},
    {"december", MONTH, 12},          {"dow", UNITS, DTK_DOW}, {"doy", UNITS, DTK_DOY},
    {"dst", DTZMOD, SECS_PER_HOUR},   {"epoch", RESERV, DTK_EPOCH}, {"feb", MONTH, 2},
    {"february", MONTH, 2},           {"fri", DOW, 5},         {"friday", DOW, 5},
    {"h", UNITS, DTK_HOUR},           {"infinity", RESERV, DTK_LATE}, {"isodow", UNITS, DTK_ISODOW},
    {"isoyear", UNITS, DTK_ISOYEAR},  {"j", UNITS, DTK_JULIAN}, {"jan", MONTH, 1},
    {"january", MONTH, 1},            {"jd", UNITS, DTK_JULIAN}, {"jul", MONTH, 7},
    {"julian", UNITS, DTK_JULIAN},    {"july", MONTH, 7},      {"jun", MONTH, 6},
    {"june", MONTH, 6},               {"m", UNITS, DTK_MONTH}, {"mar", MONTH, 3},
    {"march", MONTH, 3},              {"may", MONTH, 5},       {"mm", UNITS, DTK_MINUTE},
    {"mon", DOW, 1},                  {"monday", DOW, 1},      {"nov", MONTH, 11},
    {"november", MONTH, 11},          {"now", RESERV, DTK_NOW}, {"oct", MONTH, 10},
    {"october", MONTH, 10},           {"on", IGNORE_DTF, 0},   {"pm", AMPM, PM},
    {"s", UNITS, DTK_SECOND},         {"sat", DOW, 6},         {"saturday", DOW, 6},
    {"sep", MONTH, 9},                {"sept", MONTH, 9},      {"september", MONTH, 9},
    {"sun", DOW, 0},                  {"sunday", DOW, 0},      {"t", ISOTIME, DTK_TIME},
    {"thu", DOW, 4},                  {"thur", DOW, 4},        {"thurs", DOW, 4},
    {"thursday", DOW, 4},             {"today", RESERV, DTK_TODAY}, {"tomorrow", RESERV, DTK_TOMORROW},
    {"tue", DOW, 2},                  {"tues", DOW, 2},        {"tuesday", DOW, 2},
    {"wed", DOW, 3},                  {"wednesday", DOW, 3},   {"weds", DOW, 3},
    {"y", UNITS, DTK_YEAR},           {"yesterday", RESERV, DTK_YESTERDAY},
};
/* clang-format on */

/* ---------------------------------------------------------------- calendar */

/* date2j / j2date: PostgreSQL's Julian day conversions (valid for all
 * Julian days >= 0, i.e. from 4714-11-24 BC). */
static int date2j(int y, int m, int d)
{
    /* int64 so that absurd years cannot overflow; the result wraps like
     * PostgreSQL's int arithmetic (built with -fwrapv) and is range-checked
     * by the callers */
    int64_t yy = y, mm = m, julian, century;
    if (mm > 2) {
        mm += 1;
        yy += 4800;
    } else {
        mm += 13;
        yy += 4799;
    }
    century = yy / 100;
    julian = yy * 365 - 32167;
    julian += yy / 4 - century + century / 4;
    julian += 7834 * mm / 256 + d;
    return (int)(uint32_t)julian;
}

static void j2date(int jd, int *year, int *month, int *day)
{
    unsigned int julian, quad, extra;
    int y;
    julian = (unsigned int)jd;
    julian += 32044;
    quad = julian / 146097;
    extra = (julian - quad * 146097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146097;
    quad = julian / 1461;
    julian -= quad * 1461;
    y = (int)(julian * 4 / 1461);
    julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
    y += (int)quad * 4;
    *year = y - 4800;
    quad = julian * 2141 / 65536;
    *day = (int)(julian - 7834 * quad / 256);
    *month = (int)((quad + 10) % 12 + 1);
}

static bool isleap(int y)
{
    return (y % 4 == 0) && (y % 100 != 0 || y % 400 == 0);
}

static const int day_tab[2][13] = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0},
};

static bool valid_julian(int y, int m)
{
    return (y > JULIAN_MINYEAR || (y == JULIAN_MINYEAR && m >= JULIAN_MINMONTH)) &&
           (y < JULIAN_MAXYEAR || (y == JULIAN_MAXYEAR && m < JULIAN_MAXMONTH));
}

static bool valid_date(int64_t d)
{
    return -POSTGRES_EPOCH_JDATE <= d && d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE;
}

static bool valid_timestamp(int64_t t)
{
    return MIN_TIMESTAMP <= t && t < END_TIMESTAMP;
}

/* Floor division, for splitting negative timestamps into days and time. */
static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static void dt2time(int64_t t, int *hour, int *min, int *sec, int64_t *fsec)
{
    *hour = (int)(t / USECS_PER_HOUR);
    t -= (int64_t)*hour * USECS_PER_HOUR;
    *min = (int)(t / USECS_PER_MINUTE);
    t -= (int64_t)*min * USECS_PER_MINUTE;
    *sec = (int)(t / USECS_PER_SEC);
    *fsec = t - (int64_t)*sec * USECS_PER_SEC;
}

static int64_t time2t(int hour, int min, int sec, int64_t fsec)
{
    return ((((int64_t)hour * MINS_PER_HOUR + min) * SECS_PER_MINUTE) + sec) * USECS_PER_SEC + fsec;
}

/* time_overflows: fields in range and the total at most 24:00:00. */
static bool time_overflows(int hour, int min, int sec, int64_t fsec)
{
    if (hour < 0 || hour > HOURS_PER_DAY || min < 0 || min >= MINS_PER_HOUR || sec < 0 || sec > SECS_PER_MINUTE ||
        fsec < 0 || fsec > USECS_PER_SEC)
        return true;
    return time2t(hour, min, sec, fsec) > USECS_PER_DAY;
}

#define DAYS_PER_400_YEARS 146097

/* timestamp2tm without zone: false when outside the Julian range. A local
 * time just before Julian day 0 (4714-11-24 BC in a zone west of UTC) is
 * shifted by whole 400-year Gregorian cycles, as j2date needs jd >= 0. */
static bool ts2tm(int64_t dt, dt_tm *tm, int64_t *fsec)
{
    int64_t date = floordiv(dt, USECS_PER_DAY), t = dt - date * USECS_PER_DAY;
    int cycles = 0;
    date += POSTGRES_EPOCH_JDATE;
    if (date < 0 && date > -DAYS_PER_400_YEARS) {
        date += DAYS_PER_400_YEARS;
        cycles = 1;
    }
    if (date < 0 || date > INT_MAX)
        return false;
    memset(tm, 0, sizeof(*tm));
    j2date((int)date, &tm->year, &tm->mon, &tm->mday);
    tm->year -= 400 * cycles;
    dt2time(t, &tm->hour, &tm->min, &tm->sec, fsec);
    return true;
}

/* tm2timestamp: tz is PostgreSQL's (seconds west of UTC) or NULL. */
static bool tm2ts(const dt_tm *tm, int64_t fsec, const int *tz, int64_t *result)
{
    if (!valid_julian(tm->year, tm->mon))
        return false;
    int64_t date = date2j(tm->year, tm->mon, tm->mday) - POSTGRES_EPOCH_JDATE;
    int64_t t = time2t(tm->hour, tm->min, tm->sec, fsec);
    if (__builtin_mul_overflow(date, USECS_PER_DAY, result) || __builtin_add_overflow(*result, t, result))
        return false;
    /* just-barely overflow; 1999-12-31 24:00:00 is fine */
    if ((*result < 0 && date > 0) || (*result > 0 && date < -1))
        return false;
    if (tz)
        *result += (int64_t)*tz * USECS_PER_SEC;
    return valid_timestamp(*result);
}

/* strtol limited to int, ERANGE when it does not fit (PostgreSQL's strtoint). */
int wire_dt_strtoint(const char *s, char **end)
{
    long v = strtol(s, end, 10);
    if (v != (long)(int)v)
        errno = ERANGE;
    return (int)v;
}

/* ---------------------------------------------------------------- tokens */

/* Token lookup compares at most TOKMAXLEN characters, as PostgreSQL does
 * (so "microseconds" finds "microsecon"). */
const dt_token *wire_dt_token_find(const char *key, const dt_token *tab, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(key, tab[i].token, TOKMAXLEN) == 0)
            return &tab[i];
    return NULL;
}

static int decode_special(const char *s, int *val)
{
    const dt_token *t = wire_dt_token_find(s, date_tokens, sizeof(date_tokens) / sizeof(date_tokens[0]));
    if (!t)
        return UNKNOWN_FIELD;
    *val = t->value;
    return t->type;
}

/* DetermineTimeZoneOffset: PostgreSQL's tz (seconds west) for a local
 * time; outside the Julian range the zone is taken as UTC. */
static int local_tz(const dt_tm *tm, const dt_zone *z)
{
    if (!z->named)
        return -z->east;
    if (!valid_julian(tm->year, tm->mon))
        return 0;
    int64_t local = (int64_t)(date2j(tm->year, tm->mon, tm->mday) - UNIX_EPOCH_JDATE) * SECS_PER_DAY +
                    (int64_t)tm->sec + ((int64_t)tm->min + (int64_t)tm->hour * MINS_PER_HOUR) * SECS_PER_MINUTE;
    return wire_zone_local_tz(z, local);
}

/* Local broken-down time of timestamp ts in zone z; tz gets PostgreSQL's
 * offset (seconds west). */
static bool ts2tm_zone(int64_t ts, const dt_zone *z, dt_tm *tm, int64_t *fsec, int *tz)
{
    int64_t secs = floordiv(ts, USECS_PER_SEC) + UNIX_EPOCH_SECS;
    int32_t east = wire_zone_offset_at(z, secs);
    int64_t local;
    *tz = -east;
    if (__builtin_add_overflow(ts, (int64_t)east * USECS_PER_SEC, &local))
        return false;
    return ts2tm(local, tm, fsec);
}

/* Current time as a timestamp (microseconds since 2000-01-01 UTC). */
static int64_t now_timestamp(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return ((int64_t)t.tv_sec - UNIX_EPOCH_SECS) * USECS_PER_SEC + t.tv_nsec / 1000;
}

/* ---------------------------------------------------------------- lexer */

#define APPEND_CHAR(c)                                                                                                 \
    do {                                                                                                               \
        if (bufp + 1 >= bufend)                                                                                        \
            return DTERR_BAD_FORMAT;                                                                                   \
        *bufp++ = (char)(c);                                                                                           \
    } while (0)

/* ParseDateTime: split s into fields, lower-casing words, into workbuf. */
int wire_dt_parse(const char *s, char *workbuf, size_t buflen, dt_fields *f)
{
    const char *cp = s;
    char *bufp = workbuf, *bufend = workbuf + buflen;
    int nf = 0;
    while (*cp) {
        if (isspace((unsigned char)*cp)) {
            cp++;
            continue;
        }
        if (nf >= MAXDATEFIELDS)
            return DTERR_BAD_FORMAT;
        f->field[nf] = bufp;
        if (isdigit((unsigned char)*cp)) {
            APPEND_CHAR(*cp++);
            while (isdigit((unsigned char)*cp))
                APPEND_CHAR(*cp++);
            if (*cp == ':') {
                f->ftype[nf] = DTK_TIME;
                APPEND_CHAR(*cp++);
                while (isdigit((unsigned char)*cp) || *cp == ':' || *cp == '.')
                    APPEND_CHAR(*cp++);
            } else if (*cp == '-' || *cp == '/' || *cp == '.') {
                char delim = *cp;
                APPEND_CHAR(*cp++);
                if (isdigit((unsigned char)*cp)) {
                    f->ftype[nf] = delim == '.' ? DTK_NUMBER : DTK_DATE;
                    while (isdigit((unsigned char)*cp))
                        APPEND_CHAR(*cp++);
                    /* a three-field date needs matching delimiters */
                    if (*cp == delim) {
                        f->ftype[nf] = DTK_DATE;
                        APPEND_CHAR(*cp++);
                        while (isdigit((unsigned char)*cp) || *cp == delim)
                            APPEND_CHAR(*cp++);
                    }
                } else {
                    f->ftype[nf] = DTK_DATE;
                    while (isalnum((unsigned char)*cp) || *cp == delim)
                        APPEND_CHAR(tolower((unsigned char)*cp++));
                }
            } else {
                f->ftype[nf] = DTK_NUMBER;
            }
        } else if (*cp == '.') {
            APPEND_CHAR(*cp++);
            while (isdigit((unsigned char)*cp))
                APPEND_CHAR(*cp++);
            f->ftype[nf] = DTK_NUMBER;
        } else if (isalpha((unsigned char)*cp)) {
            bool is_date = false;
            int dummy;
            f->ftype[nf] = DTK_STRING;
            APPEND_CHAR(tolower((unsigned char)*cp++));
            while (isalpha((unsigned char)*cp))
                APPEND_CHAR(tolower((unsigned char)*cp++));
            /* a date with a text month, or a zone name with punctuation,
             * unless the word so far is a known keyword */
            if (*cp == '-' || *cp == '/' || *cp == '.') {
                is_date = true;
            } else if (*cp == '+' || isdigit((unsigned char)*cp)) {
                *bufp = '\0';
                is_date = decode_special(f->field[nf], &dummy) == UNKNOWN_FIELD;
            }
            if (is_date) {
                f->ftype[nf] = DTK_DATE;
                do {
                    APPEND_CHAR(tolower((unsigned char)*cp++));
                } while (*cp == '+' || *cp == '-' || *cp == '/' || *cp == '_' || *cp == '.' || *cp == ':' ||
                         isalnum((unsigned char)*cp));
            }
        } else if (*cp == '+' || *cp == '-') {
            APPEND_CHAR(*cp++);
            while (isspace((unsigned char)*cp))
                cp++;
            if (isdigit((unsigned char)*cp)) {
                f->ftype[nf] = DTK_TZ;
                APPEND_CHAR(*cp++);
                while (isdigit((unsigned char)*cp) || *cp == ':' || *cp == '.' || *cp == '-')
                    APPEND_CHAR(*cp++);
            } else if (isalpha((unsigned char)*cp)) {
                f->ftype[nf] = DTK_SPECIAL;
                APPEND_CHAR(tolower((unsigned char)*cp++));
                while (isalpha((unsigned char)*cp))
                    APPEND_CHAR(tolower((unsigned char)*cp++));
            } else {
                return DTERR_BAD_FORMAT;
            }
        } else if (ispunct((unsigned char)*cp)) {
            cp++;
            continue;
        } else {
            return DTERR_BAD_FORMAT;
        }
        *bufp++ = '\0';
        nf++;
    }
    f->nf = nf;
    return 0;
}

/* ---------------------------------------------------------------- field decoders */

/* ParseFraction: ".ddd" (a lone "." is zero). */
int wire_dt_parse_fraction(const char *cp, double *frac)
{
    char *end;
    if (cp[1] == '\0') {
        *frac = 0;
        return 0;
    }
    errno = 0;
    *frac = strtod(cp, &end);
    if (*end != '\0' || errno != 0)
        return DTERR_BAD_FORMAT;
    return 0;
}

int wire_dt_parse_fsec(const char *cp, int64_t *fsec)
{
    double frac;
    int dterr = wire_dt_parse_fraction(cp, &frac);
    if (dterr)
        return dterr;
    *fsec = (int64_t)rint(frac * 1000000);
    return 0;
}

/* DecodeTimezone: "+hh", "+hhmm", "+hh:mm", "+hh:mm:ss"; tz is seconds west. */
static int decode_timezone(const char *str, int *tzp)
{
    int hr, min, sec = 0;
    char *cp;
    if (*str != '+' && *str != '-')
        return DTERR_BAD_FORMAT;
    errno = 0;
    hr = wire_dt_strtoint(str + 1, &cp);
    if (errno == ERANGE)
        return DTERR_TZDISP_OVERFLOW;
    if (*cp == ':') {
        errno = 0;
        min = wire_dt_strtoint(cp + 1, &cp);
        if (errno == ERANGE)
            return DTERR_TZDISP_OVERFLOW;
        if (*cp == ':') {
            errno = 0;
            sec = wire_dt_strtoint(cp + 1, &cp);
            if (errno == ERANGE)
                return DTERR_TZDISP_OVERFLOW;
        }
    } else if (*cp == '\0' && strlen(str) > 3) {
        min = hr % 100;
        hr = hr / 100;
    } else {
        min = 0;
    }
    if (hr < 0 || hr > MAX_TZDISP_HOUR || min < 0 || min >= MINS_PER_HOUR || sec < 0 || sec >= SECS_PER_MINUTE)
        return DTERR_TZDISP_OVERFLOW;
    int tz = (hr * MINS_PER_HOUR + min) * SECS_PER_MINUTE + sec;
    *tzp = *str == '-' ? tz : -tz;
    if (*cp != '\0')
        return DTERR_BAD_FORMAT;
    return 0;
}

/* DecodeNumberField: run-together yyyymmdd, hhmmss or hhmm (with fraction).
 * Returns DTK_DATE or DTK_TIME, or a DTERR code. Modifies str. */
static int decode_number_field(int len, char *str, int fmask, int *tmask, dt_tm *tm, int64_t *fsec, bool *is2digits)
{
    char *cp = strchr(str, '.');
    if (cp) {
        if (cp[1] == '\0') {
            *fsec = 0;
        } else {
            errno = 0;
            double frac = strtod(cp, NULL);
            if (errno != 0)
                return DTERR_BAD_FORMAT;
            *fsec = (int64_t)rint(frac * 1000000);
        }
        *cp = '\0';
        len = (int)strlen(str);
    } else if ((fmask & DTK_DATE_M) != DTK_DATE_M) {
        if (len >= 6) {
            *tmask = DTK_DATE_M;
            tm->mday = atoi(str + (len - 2));
            str[len - 2] = '\0';
            tm->mon = atoi(str + (len - 4));
            str[len - 4] = '\0';
            tm->year = atoi(str);
            if (len - 4 == 2)
                *is2digits = true;
            return DTK_DATE;
        }
    }
    if ((fmask & DTK_TIME_M) != DTK_TIME_M) {
        if (len == 6) {
            *tmask = DTK_TIME_M;
            tm->sec = atoi(str + 4);
            str[4] = '\0';
            tm->min = atoi(str + 2);
            str[2] = '\0';
            tm->hour = atoi(str);
            return DTK_TIME;
        }
        if (len == 4) {
            *tmask = DTK_TIME_M;
            tm->sec = 0;
            tm->min = atoi(str + 2);
            str[2] = '\0';
            tm->hour = atoi(str);
            return DTK_TIME;
        }
    }
    return DTERR_BAD_FORMAT;
}

/* DecodeNumber: one numeric field of a date, placed by what is already
 * known and DateOrder MDY. */
static int decode_number(int flen, char *str, bool have_text_month, int fmask, int *tmask, dt_tm *tm, int64_t *fsec,
                         bool *is2digits)
{
    char *cp;
    int val, dterr;
    *tmask = 0;
    errno = 0;
    val = wire_dt_strtoint(str, &cp);
    if (errno == ERANGE)
        return DTERR_FIELD_OVERFLOW;
    if (cp == str)
        return DTERR_BAD_FORMAT;
    if (*cp == '.') {
        /* more than two digits before the point: a run-together date/time */
        if (cp - str > 2) {
            dterr = decode_number_field(flen, str, fmask | DTK_DATE_M, tmask, tm, fsec, is2digits);
            return dterr < 0 ? dterr : 0;
        }
        dterr = wire_dt_parse_fsec(cp, fsec);
        if (dterr)
            return dterr;
    } else if (*cp != '\0') {
        return DTERR_BAD_FORMAT;
    }
    /* day of year */
    if (flen == 3 && (fmask & DTK_DATE_M) == DTK_M(YEAR) && val >= 1 && val <= 366) {
        *tmask = DTK_M(DOY) | DTK_M(MONTH) | DTK_M(DAY);
        tm->yday = val;
        return 0;
    }
    switch (fmask & DTK_DATE_M) {
    case 0:
        /* YYYY-MM-DD with a long year, else DateOrder MDY */
        if (flen >= 3) {
            *tmask = DTK_M(YEAR);
            tm->year = val;
        } else {
            *tmask = DTK_M(MONTH);
            tm->mon = val;
        }
        break;
    case DTK_M(YEAR):
        *tmask = DTK_M(MONTH);
        tm->mon = val;
        break;
    case DTK_M(MONTH):
        if (have_text_month && flen >= 3) {
            *tmask = DTK_M(YEAR);
            tm->year = val;
        } else {
            *tmask = DTK_M(DAY);
            tm->mday = val;
        }
        break;
    case DTK_M(YEAR) | DTK_M(MONTH):
        if (have_text_month && flen >= 3 && *is2digits) {
            /* DD-MON-YYYY: the first number was the day after all */
            *tmask = DTK_M(DAY);
            tm->mday = tm->year;
            tm->year = val;
            *is2digits = false;
        } else {
            *tmask = DTK_M(DAY);
            tm->mday = val;
        }
        break;
    case DTK_M(DAY):
        *tmask = DTK_M(MONTH);
        tm->mon = val;
        break;
    case DTK_M(MONTH) | DTK_M(DAY):
        *tmask = DTK_M(YEAR);
        tm->year = val;
        break;
    case DTK_DATE_M:
        dterr = decode_number_field(flen, str, fmask, tmask, tm, fsec, is2digits);
        return dterr < 0 ? dterr : 0;
    default:
        return DTERR_BAD_FORMAT;
    }
    if (*tmask == DTK_M(YEAR))
        *is2digits = flen <= 2;
    return 0;
}

/* DecodeDate: a date field with embedded separators, e.g. "2024-01-02",
 * "01/02/2024", "jan-02-2024". Modifies str. */
static int decode_date(char *str, int fmask, int *tmask, bool *is2digits, dt_tm *tm)
{
    char *field[MAXDATEFIELDS];
    int nf = 0, dmask = 0, val, dterr;
    bool have_text_month = false;
    int64_t fsec;
    *tmask = 0;
    while (*str && nf < MAXDATEFIELDS) {
        while (*str && !isalnum((unsigned char)*str))
            str++;
        if (*str == '\0')
            return DTERR_BAD_FORMAT;
        field[nf] = str;
        if (isdigit((unsigned char)*str)) {
            while (isdigit((unsigned char)*str))
                str++;
        } else if (isalpha((unsigned char)*str)) {
            while (isalpha((unsigned char)*str))
                str++;
        }
        if (*str)
            *str++ = '\0';
        nf++;
    }
    /* text fields first: an unambiguous month */
    for (int i = 0; i < nf; i++) {
        if (!isalpha((unsigned char)*field[i]))
            continue;
        int type = decode_special(field[i], &val);
        if (type == IGNORE_DTF)
            continue;
        if (type != MONTH)
            return DTERR_BAD_FORMAT;
        dmask = DTK_M(MONTH);
        tm->mon = val;
        have_text_month = true;
        if (fmask & dmask)
            return DTERR_BAD_FORMAT;
        fmask |= dmask;
        *tmask |= dmask;
        field[i] = NULL;
    }
    for (int i = 0; i < nf; i++) {
        if (!field[i])
            continue;
        int len = (int)strlen(field[i]);
        if (len <= 0)
            return DTERR_BAD_FORMAT;
        dterr = decode_number(len, field[i], have_text_month, fmask, &dmask, tm, &fsec, is2digits);
        if (dterr)
            return dterr;
        if (fmask & dmask)
            return DTERR_BAD_FORMAT;
        fmask |= dmask;
        *tmask |= dmask;
    }
    if ((fmask & ~(DTK_M(DOY) | DTK_M(TZ))) != DTK_DATE_M)
        return DTERR_BAD_FORMAT;
    return 0;
}

/* DecodeTime: "hh:mm", "hh:mm:ss[.fff]", or "mm:ss.fff". */
static int decode_time(const char *str, int *tmask, dt_tm *tm, int64_t *fsec)
{
    char *cp;
    int dterr;
    *tmask = DTK_TIME_M;
    errno = 0;
    tm->hour = wire_dt_strtoint(str, &cp);
    if (errno == ERANGE)
        return DTERR_FIELD_OVERFLOW;
    if (*cp != ':')
        return DTERR_BAD_FORMAT;
    errno = 0;
    tm->min = wire_dt_strtoint(cp + 1, &cp);
    if (errno == ERANGE)
        return DTERR_FIELD_OVERFLOW;
    if (*cp == '\0') {
        tm->sec = 0;
        *fsec = 0;
    } else if (*cp == '.') {
        /* mm:ss.sss */
        dterr = wire_dt_parse_fsec(cp, fsec);
        if (dterr)
            return dterr;
        tm->sec = tm->min;
        tm->min = tm->hour;
        tm->hour = 0;
    } else if (*cp == ':') {
        errno = 0;
        tm->sec = wire_dt_strtoint(cp + 1, &cp);
        if (errno == ERANGE)
            return DTERR_FIELD_OVERFLOW;
        if (*cp == '\0') {
            *fsec = 0;
        } else if (*cp == '.') {
            dterr = wire_dt_parse_fsec(cp, fsec);
            if (dterr)
                return dterr;
        } else {
            return DTERR_BAD_FORMAT;
        }
    } else {
        return DTERR_BAD_FORMAT;
    }
    if (tm->hour < 0 || tm->min < 0 || tm->min > MINS_PER_HOUR - 1 || tm->sec < 0 || tm->sec > SECS_PER_MINUTE ||
        *fsec < 0 || *fsec > USECS_PER_SEC)
        return DTERR_FIELD_OVERFLOW;
    return 0;
}

/* ValidateDate: year conventions (BC, two-digit years), day of year, and
 * the month/day ranges. */
static int validate_date(int fmask, bool isjulian, bool is2digits, bool bc, dt_tm *tm)
{
    if (fmask & DTK_M(YEAR)) {
        if (isjulian) {
            /* already right */
        } else if (bc) {
            if (tm->year <= 0)
                return DTERR_FIELD_OVERFLOW;
            tm->year = -(tm->year - 1);
        } else if (is2digits) {
            if (tm->year < 0)
                return DTERR_FIELD_OVERFLOW;
            if (tm->year < 70)
                tm->year += 2000;
            else if (tm->year < 100)
                tm->year += 1900;
        } else if (tm->year <= 0) {
            return DTERR_FIELD_OVERFLOW;
        }
    }
    if (fmask & DTK_M(DOY))
        j2date((int)(uint32_t)((int64_t)date2j(tm->year, 1, 1) + tm->yday - 1), &tm->year, &tm->mon, &tm->mday);
    if ((fmask & DTK_M(MONTH)) && (tm->mon < 1 || tm->mon > MONTHS_PER_YEAR))
        return DTERR_MD_FIELD_OVERFLOW;
    if ((fmask & DTK_M(DAY)) && (tm->mday < 1 || tm->mday > 31))
        return DTERR_MD_FIELD_OVERFLOW;
    if ((fmask & DTK_DATE_M) == DTK_DATE_M && tm->mon >= 1 && tm->mon <= MONTHS_PER_YEAR &&
        tm->mday > day_tab[isleap(tm->year)][tm->mon - 1])
        return DTERR_FIELD_OVERFLOW;
    return 0;
}

/* ---------------------------------------------------------------- DecodeDateTime */

/* What the decoders need beyond the fields. */
typedef struct dt_ctx {
    dt_zone session;  /* the session TimeZone */
    bool want_tz;     /* the caller needs the zone offset (timestamptz) */
    char badzone[64]; /* the name behind DTERR_TZ_UNKNOWN */
} dt_ctx;

/* Current local date/time in the session zone (GetCurrentTimeUsec). */
static void current_tm(const dt_ctx *c, dt_tm *tm, int64_t *fsec, int *tz)
{
    int dummy;
    ts2tm_zone(now_timestamp(), &c->session, tm, fsec, tz ? tz : &dummy);
}

/* A zone name met in the input; DTERR_TZ_UNKNOWN when it names nothing. */
static int input_zone(dt_ctx *c, const char *name, dt_zone *z, bool bad_format_if_unknown)
{
    if (wire_zone_resolve(name, z))
        return 0;
    if (bad_format_if_unknown)
        return DTERR_BAD_FORMAT;
    snprintf(c->badzone, sizeof(c->badzone), "%s", name);
    return DTERR_TZ_UNKNOWN;
}

/* State shared by the field loops of DecodeDateTime and DecodeTimeOnly. */
typedef struct dt_state {
    int fmask, ptype, mer, dtype;
    bool have_text_month, is2digits, bc, isjulian, have_named;
    dt_zone named;
} dt_state;

/* After all fields: no dangling prefix, a valid date, and AM/PM applied to the hour
 * (the common tail of PostgreSQL's DecodeDateTime and DecodeTimeOnly). */
static int finish_fields(const dt_state *st, dt_tm *tm)
{
    if (st->ptype != 0)
        return DTERR_BAD_FORMAT;
    int dterr = validate_date(st->fmask, st->isjulian, st->is2digits, st->bc, tm);
    if (dterr)
        return dterr;
    if (st->mer != HR24 && tm->hour > HOURS_PER_DAY / 2)
        return DTERR_FIELD_OVERFLOW;
    if (st->mer == AM && tm->hour == HOURS_PER_DAY / 2)
        tm->hour = 0;
    else if (st->mer == PM && tm->hour != HOURS_PER_DAY / 2)
        tm->hour += HOURS_PER_DAY / 2;
    return 0;
}

/* A "t", "j" or other unit prefix labelled this numeric field. */
static int decode_prefixed_number(dt_state *st, char *field, int *tmask, dt_tm *tm, int64_t *fsec)
{
    char *cp;
    int value, dterr;
    errno = 0;
    value = wire_dt_strtoint(field, &cp);
    if (errno == ERANGE)
        return DTERR_FIELD_OVERFLOW;
    if (*cp != '.' && *cp != '\0')
        return DTERR_BAD_FORMAT;
    switch (st->ptype) {
    case DTK_JULIAN:
        if (value < 0)
            return DTERR_FIELD_OVERFLOW;
        *tmask = DTK_DATE_M;
        j2date(value, &tm->year, &tm->mon, &tm->mday);
        st->isjulian = true;
        if (*cp == '.') {
            double t;
            dterr = wire_dt_parse_fraction(cp, &t);
            if (dterr)
                return dterr;
            dt2time((int64_t)(t * (double)USECS_PER_DAY), &tm->hour, &tm->min, &tm->sec, fsec);
            *tmask |= DTK_TIME_M;
        }
        break;
    case DTK_TIME:
        dterr = decode_number_field((int)strlen(field), field, st->fmask | DTK_DATE_M, tmask, tm, fsec, &st->is2digits);
        if (dterr < 0)
            return dterr;
        if (*tmask != DTK_TIME_M)
            return DTERR_BAD_FORMAT;
        break;
    default:
        return DTERR_BAD_FORMAT;
    }
    st->ptype = 0;
    return 0;
}

/* A run-together time with a trailing zone, "hhmmss-zz". */
static int decode_time_with_zone(dt_state *st, char *field, int fmask_for_time, int *tmask, dt_tm *tm, int64_t *fsec,
                                 int *tzp)
{
    char *cp;
    int dterr;
    if ((st->fmask & DTK_TIME_M) == DTK_TIME_M)
        return DTERR_BAD_FORMAT;
    if ((cp = strchr(field, '-')) == NULL)
        return DTERR_BAD_FORMAT;
    dterr = decode_timezone(cp, tzp);
    if (dterr)
        return dterr;
    *cp = '\0';
    dterr = decode_number_field((int)strlen(field), field, fmask_for_time, tmask, tm, fsec, &st->is2digits);
    if (dterr < 0)
        return dterr;
    *tmask |= DTK_M(TZ);
    return 0;
}

/* Words: zone abbreviations, then keywords, then zone names. */
static int decode_word(dt_ctx *c, dt_state *st, const dt_fields *f, int i, int *tmask, dt_tm *tm, int64_t *fsec,
                       int *tzp, bool time_only)
{
    int val, type = wire_tz_abbrev(f->field[i], &val);
    if (type == UNKNOWN_FIELD)
        type = decode_special(f->field[i], &val);
    if (type == IGNORE_DTF)
        return 1; /* skip: no mask */
    *tmask = DTK_M(type);
    if (time_only && (type == MONTH || type == DOW))
        return DTERR_BAD_FORMAT;
    switch (type) {
    case RESERV:
        if (time_only) {
            if (val == DTK_NOW) {
                *tmask = DTK_TIME_M;
                current_tm(c, tm, fsec, NULL);
            } else if (val == DTK_ZULU) {
                *tmask = DTK_TIME_M | DTK_M(TZ);
                tm->hour = tm->min = tm->sec = 0;
            } else {
                return DTERR_BAD_FORMAT;
            }
            break;
        }
        switch (val) {
        case DTK_NOW:
            *tmask = DTK_DATE_M | DTK_TIME_M | DTK_M(TZ);
            st->dtype = DTK_DATE;
            current_tm(c, tm, fsec, tzp);
            break;
        case DTK_YESTERDAY:
        case DTK_TODAY:
        case DTK_TOMORROW: {
            dt_tm cur;
            int64_t cf;
            *tmask = DTK_DATE_M;
            st->dtype = DTK_DATE;
            current_tm(c, &cur, &cf, NULL);
            int delta = val == DTK_YESTERDAY ? -1 : val == DTK_TOMORROW ? 1 : 0;
            j2date(date2j(cur.year, cur.mon, cur.mday) + delta, &tm->year, &tm->mon, &tm->mday);
            break;
        }
        case DTK_ZULU:
            *tmask = DTK_TIME_M | DTK_M(TZ);
            st->dtype = DTK_DATE;
            tm->hour = tm->min = tm->sec = 0;
            *tzp = 0;
            break;
        default:
            st->dtype = val;
        }
        break;
    case MONTH:
        /* a numeric month already seen was really the day */
        if ((st->fmask & DTK_M(MONTH)) && !st->have_text_month && !(st->fmask & DTK_M(DAY)) && tm->mon >= 1 &&
            tm->mon <= 31) {
            tm->mday = tm->mon;
            *tmask = DTK_M(DAY);
        }
        st->have_text_month = true;
        tm->mon = val;
        break;
    case DTZMOD:
        *tmask |= DTK_M(DTZ);
        tm->isdst = 1;
        *tzp -= val;
        break;
    case DTZ:
        *tmask |= DTK_M(TZ);
        tm->isdst = 1;
        *tzp = -val;
        break;
    case TZ:
        tm->isdst = 0;
        *tzp = -val;
        break;
    case AMPM:
        st->mer = val;
        break;
    case ADBC:
        st->bc = val == BC;
        break;
    case DOW:
        break;
    case UNITS:
        *tmask = 0;
        if (st->ptype != 0)
            return DTERR_BAD_FORMAT;
        st->ptype = val;
        break;
    case ISOTIME:
        /* "t" must sit between a full date (for timestamps) and a time */
        *tmask = 0;
        if (st->ptype != 0)
            return DTERR_BAD_FORMAT;
        if (!time_only && (st->fmask & DTK_DATE_M) != DTK_DATE_M)
            return DTERR_BAD_FORMAT;
        if (i >= f->nf - 1 ||
            (f->ftype[i + 1] != DTK_NUMBER && f->ftype[i + 1] != DTK_TIME && f->ftype[i + 1] != DTK_DATE))
            return DTERR_BAD_FORMAT;
        st->ptype = val;
        break;
    case UNKNOWN_FIELD: {
        int dterr = input_zone(c, f->field[i], &st->named, true);
        if (dterr)
            return dterr;
        st->have_named = true;
        *tmask = DTK_M(TZ);
        break;
    }
    default:
        return DTERR_BAD_FORMAT;
    }
    return 0;
}

/* DecodeDateTime's DTK_NUMBER branch without a prefix. */
static int decode_plain_number(dt_state *st, char *field, int *tmask, dt_tm *tm, int64_t *fsec)
{
    int flen = (int)strlen(field), dterr;
    char *cp = strchr(field, '.');
    if (cp && !(st->fmask & DTK_DATE_M))
        return decode_date(field, st->fmask, tmask, &st->is2digits, tm);
    /* 6+ digits are yyyymmdd or hhmmss unless both a date and a time are
     * known (then it is a year) */
    if ((cp && flen - (int)strlen(cp) > 2) || (flen >= 6 && (!(st->fmask & DTK_DATE_M) || !(st->fmask & DTK_TIME_M)))) {
        dterr = decode_number_field(flen, field, st->fmask, tmask, tm, fsec, &st->is2digits);
        return dterr < 0 ? dterr : 0;
    }
    return decode_number(flen, field, st->have_text_month, st->fmask, tmask, tm, fsec, &st->is2digits);
}

/* DecodeDateTime: fields of a date or timestamp. dtype gets DTK_DATE or a
 * special (DTK_EPOCH, DTK_LATE, DTK_EARLY); tzp the zone offset (seconds
 * west), resolved against the session zone when want_tz and none given. */
static int decode_datetime(dt_ctx *c, dt_fields *f, int *dtype, dt_tm *tm, int64_t *fsec, int *tzp)
{
    dt_state st = {0};
    int tmask = 0, dterr;
    st.mer = HR24;
    st.dtype = DTK_DATE;
    memset(tm, 0, sizeof(*tm));
    tm->isdst = -1;
    *fsec = 0;
    *tzp = 0;
    for (int i = 0; i < f->nf; i++) {
        char *field = f->field[i];
        switch (f->ftype[i]) {
        case DTK_DATE:
            if (st.ptype == DTK_JULIAN) {
                /* integral Julian day with an attached zone */
                char *cp;
                errno = 0;
                int val = wire_dt_strtoint(field, &cp);
                if (errno == ERANGE || val < 0)
                    return DTERR_FIELD_OVERFLOW;
                j2date(val, &tm->year, &tm->mon, &tm->mday);
                st.isjulian = true;
                dterr = decode_timezone(cp, tzp);
                if (dterr)
                    return dterr;
                tmask = DTK_DATE_M | DTK_TIME_M | DTK_M(TZ);
                st.ptype = 0;
            } else if (st.ptype != 0 || (st.fmask & (DTK_M(MONTH) | DTK_M(DAY))) == (DTK_M(MONTH) | DTK_M(DAY))) {
                /* a date is known: a zone name or "hhmmss-zz" */
                if (isdigit((unsigned char)*field) || st.ptype != 0) {
                    if (st.ptype != 0 && st.ptype != DTK_TIME)
                        return DTERR_BAD_FORMAT;
                    st.ptype = 0;
                    dterr = decode_time_with_zone(&st, field, st.fmask, &tmask, tm, fsec, tzp);
                    if (dterr)
                        return dterr;
                } else {
                    dterr = input_zone(c, field, &st.named, false);
                    if (dterr)
                        return dterr;
                    st.have_named = true;
                    tmask = DTK_M(TZ);
                }
            } else {
                dterr = decode_date(field, st.fmask, &tmask, &st.is2digits, tm);
                if (dterr)
                    return dterr;
            }
            break;
        case DTK_TIME:
            if (st.ptype != 0) {
                if (st.ptype != DTK_TIME)
                    return DTERR_BAD_FORMAT;
                st.ptype = 0;
            }
            dterr = decode_time(field, &tmask, tm, fsec);
            if (dterr)
                return dterr;
            if (time_overflows(tm->hour, tm->min, tm->sec, *fsec))
                return DTERR_FIELD_OVERFLOW;
            break;
        case DTK_TZ:
            dterr = decode_timezone(field, tzp);
            if (dterr)
                return dterr;
            tmask = DTK_M(TZ);
            break;
        case DTK_NUMBER:
            if (st.ptype != 0) {
                dterr = decode_prefixed_number(&st, field, &tmask, tm, fsec);
                st.dtype = DTK_DATE;
            } else {
                dterr = decode_plain_number(&st, field, &tmask, tm, fsec);
            }
            if (dterr)
                return dterr;
            break;
        case DTK_STRING:
        case DTK_SPECIAL:
            dterr = decode_word(c, &st, f, i, &tmask, tm, fsec, tzp, false);
            if (dterr == 1)
                continue;
            if (dterr)
                return dterr;
            break;
        default:
            return DTERR_BAD_FORMAT;
        }
        if (tmask & st.fmask)
            return DTERR_BAD_FORMAT;
        st.fmask |= tmask;
    }
    dterr = finish_fields(&st, tm);
    if (dterr)
        return dterr;
    *dtype = st.dtype;
    if (st.dtype == DTK_DATE) {
        if ((st.fmask & DTK_DATE_M) != DTK_DATE_M)
            return DTERR_BAD_FORMAT; /* (PostgreSQL: 1 = time only, also an error for all callers) */
        if (st.have_named) {
            if (st.fmask & DTK_M(DTZMOD))
                return DTERR_BAD_FORMAT;
            if (c->want_tz)
                *tzp = local_tz(tm, &st.named);
        }
        if (!(st.fmask & DTK_M(TZ))) {
            if (st.fmask & DTK_M(DTZMOD))
                return DTERR_BAD_FORMAT;
            if (c->want_tz)
                *tzp = local_tz(tm, &c->session);
        }
    }
    return 0;
}

/* DecodeTimeOnly: fields of a time of day (a date or zone may be present
 * and is ignored for type time). */
static int decode_time_only(dt_ctx *c, dt_fields *f, dt_tm *tm, int64_t *fsec)
{
    dt_state st = {0};
    int tmask = 0, dterr, tz = 0;
    int *tzp = &tz;
    st.mer = HR24;
    memset(tm, 0, sizeof(*tm));
    tm->isdst = -1;
    *fsec = 0;
    for (int i = 0; i < f->nf; i++) {
        char *field = f->field[i];
        switch (f->ftype[i]) {
        case DTK_DATE:
            if (i == 0 && f->nf >= 2 && (f->ftype[f->nf - 1] == DTK_DATE || f->ftype[1] == DTK_TIME)) {
                dterr = decode_date(field, st.fmask, &tmask, &st.is2digits, tm);
            } else if (isdigit((unsigned char)*field)) {
                dterr = decode_time_with_zone(&st, field, st.fmask | DTK_DATE_M, &tmask, tm, fsec, tzp);
                if (!dterr)
                    f->ftype[i] = DTK_TIME;
            } else {
                dterr = input_zone(c, field, &st.named, false);
                st.have_named = true;
                f->ftype[i] = DTK_TZ;
                tmask = DTK_M(TZ);
            }
            if (dterr)
                return dterr;
            break;
        case DTK_TIME:
            if (st.ptype != 0) { /* an ISO time after "t" */
                if (st.ptype != DTK_TIME)
                    return DTERR_BAD_FORMAT;
                st.ptype = 0;
            }
            dterr = decode_time(field, &tmask, tm, fsec);
            if (dterr)
                return dterr;
            break;
        case DTK_TZ:
            dterr = decode_timezone(field, tzp);
            if (dterr)
                return dterr;
            tmask = DTK_M(TZ);
            break;
        case DTK_NUMBER:
            if (st.ptype != 0) {
                dterr = decode_prefixed_number(&st, field, &tmask, tm, fsec);
            } else {
                int flen = (int)strlen(field);
                char *cp = strchr(field, '.');
                if (cp) {
                    if (i == 0 && f->nf >= 2 && f->ftype[f->nf - 1] == DTK_DATE)
                        dterr = decode_date(field, st.fmask, &tmask, &st.is2digits, tm);
                    else if (flen - (int)strlen(cp) > 2)
                        dterr =
                            decode_number_field(flen, field, st.fmask | DTK_DATE_M, &tmask, tm, fsec, &st.is2digits);
                    else
                        dterr = DTERR_BAD_FORMAT;
                } else if (flen > 4) {
                    dterr = decode_number_field(flen, field, st.fmask | DTK_DATE_M, &tmask, tm, fsec, &st.is2digits);
                } else {
                    dterr = decode_number(flen, field, false, st.fmask | DTK_DATE_M, &tmask, tm, fsec, &st.is2digits);
                }
                if (dterr > 0)
                    f->ftype[i] = dterr, dterr = 0;
            }
            if (dterr)
                return dterr;
            break;
        case DTK_STRING:
        case DTK_SPECIAL:
            dterr = decode_word(c, &st, f, i, &tmask, tm, fsec, tzp, true);
            if (dterr == 1)
                continue;
            if (dterr)
                return dterr;
            break;
        default:
            return DTERR_BAD_FORMAT;
        }
        if (tmask & st.fmask)
            return DTERR_BAD_FORMAT;
        st.fmask |= tmask;
    }
    dterr = finish_fields(&st, tm);
    if (dterr)
        return dterr;
    if (time_overflows(tm->hour, tm->min, tm->sec, *fsec))
        return DTERR_FIELD_OVERFLOW;
    if ((st.fmask & DTK_TIME_M) != DTK_TIME_M)
        return DTERR_BAD_FORMAT;
    /* a zone with daylight-saving rules needs a date to give an offset */
    if (st.have_named && ((st.fmask & DTK_M(DTZMOD)) || (st.named.named && (st.fmask & DTK_DATE_M) != DTK_DATE_M)))
        return DTERR_BAD_FORMAT;
    if (!(st.fmask & DTK_M(TZ)) && (st.fmask & DTK_M(DTZMOD)))
        return DTERR_BAD_FORMAT;
    return 0;
}

/* ---------------------------------------------------------------- errors */

/* DateTimeParseError. */
void wire_dt_error(int dterr, const char *badzone, const char *str, const char *typname, wire_err *err)
{
    switch (dterr) {
    case DTERR_FIELD_OVERFLOW:
    case DTERR_MD_FIELD_OVERFLOW:
        wire_err_set(err, WIRE_SQLSTATE_DT_RANGE, "date/time field value out of range: \"%s\"", str);
        break;
    case DTERR_INTERVAL_OVERFLOW:
        wire_err_set(err, WIRE_SQLSTATE_INTERVAL, "interval field value out of range: \"%s\"", str);
        break;
    case DTERR_TZDISP_OVERFLOW:
        wire_err_set(err, WIRE_SQLSTATE_TZ_DISP, "time zone displacement out of range: \"%s\"", str);
        break;
    case DTERR_TZ_UNKNOWN:
        wire_err_set(err, WIRE_SQLSTATE_PARAM, "time zone \"%s\" not recognized", badzone ? badzone : "");
        break;
    default:
        wire_err_set(err, WIRE_SQLSTATE_DT_FORMAT, "invalid input syntax for type %s: \"%s\"", typname, str);
        break;
    }
}

/* ---------------------------------------------------------------- text input */

static void ctx_init(dt_ctx *c, const wire_codec_ctx *ctx, bool want_tz)
{
    memset(c, 0, sizeof(*c));
    wire_zone_from_setting(ctx ? ctx->timezone : NULL, &c->session);
    c->want_tz = want_tz;
}

/* date_in */
static bool date_text_decode(const char *s, dt_ctx *c, og_value *out, wire_err *err)
{
    char workbuf[MAXDATELEN + MAXDATEFIELDS];
    dt_fields f;
    dt_tm tm;
    int64_t fsec;
    int dtype = 0, tz;
    int dterr = wire_dt_parse(s, workbuf, sizeof(workbuf), &f);
    if (dterr == 0)
        dterr = decode_datetime(c, &f, &dtype, &tm, &fsec, &tz);
    if (dterr) {
        wire_dt_error(dterr, c->badzone, s, "date", err);
        return false;
    }
    switch (dtype) {
    case DTK_DATE:
        break;
    case DTK_EPOCH:
        tm.year = 1970, tm.mon = 1, tm.mday = 1;
        break;
    case DTK_LATE:
        out->u.i = INT32_MAX;
        return true;
    case DTK_EARLY:
        out->u.i = INT32_MIN;
        return true;
    default:
        wire_dt_error(DTERR_BAD_FORMAT, c->badzone, s, "date", err);
        return false;
    }
    int64_t d = valid_julian(tm.year, tm.mon) ? date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE : INT64_MAX;
    if (!valid_date(d)) {
        wire_err_set(err, WIRE_SQLSTATE_DT_RANGE, "date out of range: \"%s\"", s);
        return false;
    }
    out->u.i = d;
    return true;
}

/* time_in */
static bool time_text_decode(const char *s, dt_ctx *c, og_value *out, wire_err *err)
{
    char workbuf[MAXDATELEN + 1];
    dt_fields f;
    dt_tm tm;
    int64_t fsec;
    int dterr = wire_dt_parse(s, workbuf, sizeof(workbuf), &f);
    if (dterr == 0)
        dterr = decode_time_only(c, &f, &tm, &fsec);
    if (dterr) {
        wire_dt_error(dterr, c->badzone, s, "time", err);
        return false;
    }
    out->u.i = time2t(tm.hour, tm.min, tm.sec, fsec);
    return true;
}

/* timestamp_in / timestamptz_in */
static bool timestamp_text_decode(const char *s, bool with_tz, dt_ctx *c, og_value *out, wire_err *err)
{
    const char *typname = with_tz ? "timestamp with time zone" : "timestamp";
    char workbuf[MAXDATELEN + MAXDATEFIELDS];
    dt_fields f;
    dt_tm tm;
    int64_t fsec;
    int dtype = 0, tz;
    int dterr = wire_dt_parse(s, workbuf, sizeof(workbuf), &f);
    if (dterr == 0)
        dterr = decode_datetime(c, &f, &dtype, &tm, &fsec, &tz);
    if (dterr) {
        wire_dt_error(dterr, c->badzone, s, typname, err);
        return false;
    }
    switch (dtype) {
    case DTK_DATE:
        if (!tm2ts(&tm, fsec, with_tz ? &tz : NULL, &out->u.i)) {
            wire_err_set(err, WIRE_SQLSTATE_DT_RANGE, "timestamp out of range: \"%s\"", s);
            return false;
        }
        return true;
    case DTK_EPOCH:
        out->u.i = -UNIX_EPOCH_SECS * USECS_PER_SEC;
        return true;
    case DTK_LATE:
        out->u.i = INT64_MAX;
        return true;
    case DTK_EARLY:
        out->u.i = INT64_MIN;
        return true;
    default:
        wire_dt_error(DTERR_BAD_FORMAT, c->badzone, s, typname, err);
        return false;
    }
}

bool wire_dt_text_decode(uint32_t oid, const char *s, const wire_codec_ctx *ctx, og_value *out, wire_err *err)
{
    dt_ctx c;
    ctx_init(&c, ctx, oid == OG_OID_TIMESTAMPTZ);
    switch (oid) {
    case OG_OID_DATE:
        return date_text_decode(s, &c, out, err);
    case OG_OID_TIME:
        return time_text_decode(s, &c, out, err);
    case OG_OID_TIMESTAMP:
        return timestamp_text_decode(s, false, &c, out, err);
    case OG_OID_TIMESTAMPTZ:
        return timestamp_text_decode(s, true, &c, out, err);
    default:
        return wire_interval_text_decode(s, out, err);
    }
}

/* ---------------------------------------------------------------- text output */

/* AppendSeconds: two-digit seconds, then up to six fraction digits without
 * trailing zeros. */
void wire_dt_put_seconds(og_buf *out, int sec, int64_t fsec)
{
    og_buf_printf(out, "%02d", abs(sec));
    if (fsec != 0) {
        char frac[24];
        snprintf(frac, sizeof(frac), "%06lld", (long long)llabs(fsec));
        size_t n = strlen(frac);
        while (n > 1 && frac[n - 1] == '0')
            n--;
        og_buf_putc(out, '.');
        og_buf_append(out, frac, n);
    }
}

/* EncodeDateOnly, ISO: at least four year digits, " BC" for years <= 0. */
static void put_date(og_buf *out, const dt_tm *tm)
{
    og_buf_printf(out, "%04d-%02d-%02d", tm->year > 0 ? tm->year : -(tm->year - 1), tm->mon, tm->mday);
}

/* EncodeTimezone, ISO: +hh, +hh:mm or +hh:mm:ss; tz is seconds west. */
static void put_tz(og_buf *out, int tz)
{
    int sec = abs(tz), min = sec / SECS_PER_MINUTE, hour;
    sec -= min * SECS_PER_MINUTE;
    hour = min / MINS_PER_HOUR;
    min -= hour * MINS_PER_HOUR;
    og_buf_putc(out, tz <= 0 ? '+' : '-');
    if (sec != 0)
        og_buf_printf(out, "%02d:%02d:%02d", hour, min, sec);
    else if (min != 0)
        og_buf_printf(out, "%02d:%02d", hour, min);
    else
        og_buf_printf(out, "%02d", hour);
}

static void date_text_encode(int64_t d, og_buf *out)
{
    dt_tm tm = {0};
    if (d == INT32_MAX || d == INT32_MIN) {
        og_buf_puts(out, d == INT32_MAX ? "infinity" : "-infinity");
        return;
    }
    j2date((int)(d + POSTGRES_EPOCH_JDATE), &tm.year, &tm.mon, &tm.mday);
    put_date(out, &tm);
    if (tm.year <= 0)
        og_buf_puts(out, " BC");
}

static void time_text_encode(int64_t t, og_buf *out)
{
    int h, m, s;
    int64_t fsec;
    dt2time(t, &h, &m, &s, &fsec);
    og_buf_printf(out, "%02d:%02d:", h, m);
    wire_dt_put_seconds(out, s, fsec);
}

/* EncodeDateTime, ISO; with_tz adds the session zone's offset. */
static void timestamp_text_encode(int64_t ts, bool with_tz, const wire_codec_ctx *ctx, og_buf *out)
{
    dt_tm tm;
    int64_t fsec;
    int tz = 0;
    bool ok;
    if (ts == INT64_MAX || ts == INT64_MIN) {
        og_buf_puts(out, ts == INT64_MAX ? "infinity" : "-infinity");
        return;
    }
    if (with_tz) {
        dt_zone z;
        wire_zone_from_setting(ctx ? ctx->timezone : NULL, &z);
        ok = ts2tm_zone(ts, &z, &tm, &fsec, &tz);
    } else {
        ok = ts2tm(ts, &tm, &fsec);
    }
    if (!ok) { /* outside the Julian range: PostgreSQL raises "timestamp out of range" */
        og_buf_puts(out, "timestamp out of range");
        return;
    }
    put_date(out, &tm);
    og_buf_printf(out, " %02d:%02d:", tm.hour, tm.min);
    wire_dt_put_seconds(out, tm.sec, fsec);
    if (with_tz)
        put_tz(out, tz);
    if (tm.year <= 0)
        og_buf_puts(out, " BC");
}

void wire_dt_text_encode(const og_value *v, const wire_codec_ctx *ctx, og_buf *out)
{
    switch (v->oid) {
    case OG_OID_DATE:
        date_text_encode(v->u.i, out);
        break;
    case OG_OID_TIME:
        time_text_encode(v->u.i, out);
        break;
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        timestamp_text_encode(v->u.i, v->oid == OG_OID_TIMESTAMPTZ, ctx, out);
        break;
    default:
        wire_interval_text_encode(&v->u.iv, out);
        break;
    }
}

/* ---------------------------------------------------------------- binary */

bool wire_dt_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_value *out, wire_err *err)
{
    size_t need = oid == OG_OID_DATE ? 4 : oid == OG_OID_INTERVAL ? 16 : 8;
    if (len != need) {
        if (len < need)
            wire_err_short(err);
        else
            wire_err_trailing(err);
        return false;
    }
    switch (oid) {
    case OG_OID_DATE: {
        int32_t d = (int32_t)og_get32(p);
        if (d != INT32_MIN && d != INT32_MAX && !valid_date(d)) {
            wire_err_set(err, WIRE_SQLSTATE_DT_RANGE, "date out of range");
            return false;
        }
        out->u.i = d;
        return true;
    }
    case OG_OID_TIME: {
        int64_t t = (int64_t)og_get64(p);
        if (t < 0 || t > USECS_PER_DAY) {
            wire_err_set(err, WIRE_SQLSTATE_DT_RANGE, "time out of range");
            return false;
        }
        out->u.i = t;
        return true;
    }
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ: {
        int64_t t = (int64_t)og_get64(p);
        if (t != INT64_MIN && t != INT64_MAX && !valid_timestamp(t)) {
            wire_err_set(err, WIRE_SQLSTATE_DT_RANGE, "timestamp out of range");
            return false;
        }
        out->u.i = t;
        return true;
    }
    default:
        out->u.iv.usec = (int64_t)og_get64(p);
        out->u.iv.days = (int32_t)og_get32(p + 8);
        out->u.iv.months = (int32_t)og_get32(p + 12);
        return true;
    }
}

void wire_dt_binary_encode(const og_value *v, og_buf *out)
{
    switch (v->oid) {
    case OG_OID_DATE:
        og_buf_put32(out, (uint32_t)(int32_t)v->u.i);
        break;
    case OG_OID_INTERVAL:
        og_buf_put64(out, (uint64_t)v->u.iv.usec);
        og_buf_put32(out, (uint32_t)v->u.iv.days);
        og_buf_put32(out, (uint32_t)v->u.iv.months);
        break;
    default:
        og_buf_put64(out, (uint64_t)v->u.i);
        break;
    }
}
