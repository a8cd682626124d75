/*
 * orm/fn_datetime.c - date and time functions and operators (one family of
 * the function catalog, orm/fn.h): now() and friends, date_trunc,
 * date_part / extract, age, justify_*, make_date, isfinite, and the + - * /
 * operators of date, time, timestamp, timestamptz and interval.
 *
 * The calendar arithmetic is PostgreSQL 15's (datetime.c, timestamp.c,
 * date.c) re-implemented over og_value's representation, which is
 * PostgreSQL's own (days / microseconds since 2000-01-01, intervals as
 * months + days + microseconds): date2j / j2date, timestamp2tm /
 * tm2timestamp, interval2itm, the ISO week rules, month arithmetic that
 * clips the day to the month's end, interval * float with TSROUND, and
 * the "age" borrow rules. Results, result scales (extract returns numeric
 * with PostgreSQL's scales) and SQLSTATEs are checked against a real
 * PostgreSQL 15 by tests/unit/test_fn_datetime.c.
 *
 * Time zones. timestamptz arithmetic happens in the session's TimeZone
 * (cx->timezone): "+ 1 day" keeps the wall-clock time across a DST change,
 * date_trunc('day') gives local midnight. Converting between UTC and a
 * zone's wall clock needs the IANA rules, which wire/codec_tz.c implements
 * (and orm/ may not include). We go through the text I/O of orm/value.h
 * instead of copying that code or calling localtime_r with a process-wide
 * TZ (not thread-safe to switch):
 *   UTC -> local: print the timestamptz in the zone ("2020-03-29 03:30:00+02")
 *                 and read it back as a timestamp, which ignores the offset
 *                 exactly as PostgreSQL's timestamp_in does;
 *   local -> UTC: print the timestamp and read it as a timestamptz in the
 *                 zone, which applies DetermineTimeZoneOffset (the same
 *                 choice as PostgreSQL for skipped and repeated local times).
 * A round trip costs a few microseconds; UTC-like zones skip it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "orm/fn_int.h"
#include "orm/julian.h"
#include "orm/numeric.h"

#define SQLSTATE_DT_RANGE    "22008" /* ERRCODE_DATETIME_VALUE_OUT_OF_RANGE (= field overflow) */
#define SQLSTATE_DIV_BY_ZERO "22012"

#define USECS_PER_SEC        INT64_C(1000000)
#define USECS_PER_MINUTE     INT64_C(60000000)
#define USECS_PER_HOUR       INT64_C(3600000000)
#define USECS_PER_DAY        INT64_C(86400000000)
#define SECS_PER_DAY         86400
#define SECS_PER_HOUR        3600
#define SECS_PER_MINUTE      60
#define MINS_PER_HOUR        60
#define HOURS_PER_DAY        24
#define MONTHS_PER_YEAR      12
#define DAYS_PER_MONTH       30
#define DAYS_PER_YEAR        365.25
#define POSTGRES_EPOCH_JDATE 2451545
#define UNIX_EPOCH_JDATE     2440588
#define JULIAN_MINYEAR       (-4713)
#define JULIAN_MINMONTH      11
#define JULIAN_MAXYEAR       5874898
#define JULIAN_MAXMONTH      6
#define DATE_END_JULIAN      2147483494
#define TIMESTAMP_END_JULIAN 109203528
#define MIN_TIMESTAMP        INT64_C(-211813488000000000)
#define END_TIMESTAMP        INT64_C(9223371331200000000)
#define EPOCH_USECS          (INT64_C(-946684800) * USECS_PER_SEC) /* 1970-01-01 as a timestamp */
#define TS_PREC_INV          1000000.0
#define TSROUND(j)           (rint(((double)(j)) * TS_PREC_INV) / TS_PREC_INV)
#define NAMEDATALEN          64
#define TOKMAXLEN            10

#define DATE_NOBEGIN INT32_MIN
#define DATE_NOEND   INT32_MAX

static const int day_tab[2][13] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0},
                                   {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0}};

/* ---- calendar ----------------------------------------------------------------------- */

typedef struct dt_tm {
    int year, mon, mday, hour, min, sec;
    int64_t fsec;
} dt_tm;

static bool valid_julian(int y, int m)
{
    return (y > JULIAN_MINYEAR || (y == JULIAN_MINYEAR && m >= JULIAN_MINMONTH)) &&
           (y < JULIAN_MAXYEAR || (y == JULIAN_MAXYEAR && m < JULIAN_MAXMONTH));
}

static bool valid_date(int64_t d)
{
    return d >= -POSTGRES_EPOCH_JDATE && d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE;
}

static bool valid_timestamp(int64_t t)
{
    return t >= MIN_TIMESTAMP && t < END_TIMESTAMP;
}

static bool ts_finite(int64_t t)
{
    return t != INT64_MAX && t != INT64_MIN;
}

static bool date_finite(int64_t d)
{
    return d != DATE_NOBEGIN && d != DATE_NOEND;
}

/* timestamp2tm without a zone: false outside the Julian day range. */
static bool ts2tm(int64_t dt, dt_tm *tm)
{
    int64_t date = dt / USECS_PER_DAY, time = dt - date * USECS_PER_DAY;
    if (time < 0) {
        time += USECS_PER_DAY;
        date -= 1;
    }
    date += POSTGRES_EPOCH_JDATE;
    if (date < 0 || date > INT32_MAX)
        return false;
    j2date((int)date, &tm->year, &tm->mon, &tm->mday);
    tm->hour = (int)(time / USECS_PER_HOUR);
    time -= tm->hour * USECS_PER_HOUR;
    tm->min = (int)(time / USECS_PER_MINUTE);
    time -= tm->min * USECS_PER_MINUTE;
    tm->sec = (int)(time / USECS_PER_SEC);
    tm->fsec = time - tm->sec * USECS_PER_SEC;
    return true;
}

/* tm2timestamp without a zone: false when out of range. */
static bool tm2ts(const dt_tm *tm, int64_t *result)
{
    if (!valid_julian(tm->year, tm->mon))
        return false;
    int64_t date = date2j(tm->year, tm->mon, tm->mday) - POSTGRES_EPOCH_JDATE;
    int64_t time = ((tm->hour * INT64_C(60) + tm->min) * 60 + tm->sec) * USECS_PER_SEC + tm->fsec;
    int64_t r;
    if (__builtin_mul_overflow(date, USECS_PER_DAY, &r) || __builtin_add_overflow(r, time, &r))
        return false;
    if ((r < 0 && date > 0) || (r > 0 && date < -1))
        return false;
    if (!valid_timestamp(r))
        return false;
    *result = r;
    return true;
}

/* interval2itm: the interval's fields as PostgreSQL prints them. */
typedef struct dt_itm {
    int64_t hour;
    int year, mon, mday, min, sec;
    int64_t usec;
} dt_itm;

static void interval2itm(const og_interval *iv, dt_itm *tm)
{
    tm->year = iv->months / MONTHS_PER_YEAR;
    tm->mon = iv->months % MONTHS_PER_YEAR;
    tm->mday = iv->days;
    int64_t time = iv->usec;
    tm->hour = time / USECS_PER_HOUR;
    time -= tm->hour * USECS_PER_HOUR;
    tm->min = (int)(time / USECS_PER_MINUTE);
    time -= tm->min * USECS_PER_MINUTE;
    tm->sec = (int)(time / USECS_PER_SEC);
    tm->usec = time - tm->sec * USECS_PER_SEC;
}

static bool itm2interval(const dt_itm *tm, og_interval *iv)
{
    int64_t months = (int64_t)tm->year * MONTHS_PER_YEAR + tm->mon, t;
    if (months > INT32_MAX || months < INT32_MIN)
        return false;
    if (__builtin_mul_overflow(tm->hour, USECS_PER_HOUR, &t) ||
        __builtin_add_overflow(t, tm->min * USECS_PER_MINUTE, &t) ||
        __builtin_add_overflow(t, tm->sec * USECS_PER_SEC, &t) || __builtin_add_overflow(t, tm->usec, &t))
        return false;
    iv->months = (int32_t)months;
    iv->days = tm->mday;
    iv->usec = t;
    return true;
}

/* ---- errors and results ------------------------------------------------------------- */

static bool fail(og_error *err, const char *code, const char *msg)
{
    og_error_set(err, code, "%s", msg);
    return false;
}

static bool ts_range(og_error *err)
{
    return fail(err, SQLSTATE_DT_RANGE, "timestamp out of range");
}
static bool iv_range(og_error *err)
{
    return fail(err, SQLSTATE_DT_RANGE, "interval out of range");
}

static bool ret_i(og_value *out, uint32_t oid, int64_t v)
{
    out->oid = oid;
    out->isnull = false;
    out->u.i = v;
    return true;
}

static bool ret_iv(og_value *out, og_interval iv)
{
    out->oid = OG_OID_INTERVAL;
    out->isnull = false;
    out->u.iv = iv;
    return true;
}

static bool ret_f8(og_value *out, double d)
{
    out->oid = OG_OID_FLOAT8;
    out->isnull = false;
    out->u.f = d;
    return true;
}

/* int64_div_fast_to_numeric: v / 10^scale as a numeric with exactly scale digits. */
static bool ret_num_scaled(og_value *out, og_arena *a, int64_t v, int scale)
{
    char digits[32];
    bool neg = v < 0;
    uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = snprintf(digits, sizeof(digits), "%0*llu", scale + 1, (unsigned long long)u);
    char *s = og_arena_alloc(a, (size_t)n + 3);
    char *w = s;
    if (neg)
        *w++ = '-';
    memcpy(w, digits, (size_t)(n - scale));
    w += n - scale;
    if (scale > 0) {
        *w++ = '.';
        memcpy(w, digits + n - scale, (size_t)scale);
        w += scale;
    }
    *w = '\0';
    out->oid = OG_OID_NUMERIC;
    out->isnull = false;
    out->u.str.p = s;
    out->u.str.len = (size_t)(w - s);
    return true;
}

static bool ret_num_text(og_value *out, const char *s)
{
    out->oid = OG_OID_NUMERIC;
    out->isnull = false;
    out->u.str.p = s;
    out->u.str.len = strlen(s);
    return true;
}

/* ---- time zones (see the header comment) -------------------------------------------- */

static bool zone_is_utc(const char *tz)
{
    static const char *const utc[] = {"UTC",  "GMT",     "Etc/UTC",       "Etc/GMT",  "UCT", "Universal",
                                      "Zulu", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Z"};
    if (!tz)
        return true;
    for (size_t i = 0; i < sizeof(utc) / sizeof(utc[0]); i++)
        if (strcasecmp(tz, utc[i]) == 0)
            return true;
    return false;
}

static const char *zone(const orm_eval_ctx *cx)
{
    return cx ? cx->timezone : NULL;
}

/* Re-read v's text output as type oid. */
static bool text_roundtrip(const og_value *v, uint32_t oid, const char *tz, og_arena *a, int64_t *out)
{
    const og_text_io *io = og_text_io_get();
    og_buf b = OG_BUF_INIT;
    og_value r;
    og_error e = OG_ERROR_INIT;
    io->encode(v, tz, &b);
    bool ok = io->decode(oid, (const char *)b.data, b.len, tz, a, &r, &e);
    og_buf_free(&b);
    og_error_clear(&e);
    if (ok)
        *out = r.u.i;
    return ok;
}

/* The wall-clock time (a timestamp) of instant utc in the session's zone. */
static bool tz_to_local(const orm_eval_ctx *cx, int64_t utc, og_arena *a, int64_t *local, og_error *err)
{
    if (zone_is_utc(zone(cx)) || !ts_finite(utc)) {
        *local = utc;
        return true;
    }
    og_value v = {0};
    v.oid = OG_OID_TIMESTAMPTZ;
    v.u.i = utc;
    if (!text_roundtrip(&v, OG_OID_TIMESTAMP, zone(cx), a, local))
        return ts_range(err);
    return true;
}

/* The instant of wall-clock time local in the session's zone (DetermineTimeZoneOffset). */
static bool tz_from_local(const orm_eval_ctx *cx, int64_t local, og_arena *a, int64_t *utc, og_error *err)
{
    if (zone_is_utc(zone(cx)) || !ts_finite(local)) {
        *utc = local;
        return true;
    }
    og_value v = {0};
    v.oid = OG_OID_TIMESTAMP;
    v.u.i = local;
    if (!text_roundtrip(&v, OG_OID_TIMESTAMPTZ, zone(cx), a, utc))
        return ts_range(err);
    return true;
}

/* Broken-down local time of a timestamp (tz = false) or timestamptz (tz = true);
 * *offset gets the zone's offset in seconds east of UTC. */
static bool ts2tm_in(const orm_eval_ctx *cx, bool tz, int64_t ts, og_arena *a, dt_tm *tm, int64_t *offset,
                     og_error *err)
{
    int64_t local = ts;
    if (tz && !tz_to_local(cx, ts, a, &local, err))
        return false;
    if (offset)
        *offset = (local - ts) / USECS_PER_SEC;
    if (!ts2tm(local, tm))
        return ts_range(err);
    return true;
}

/* ---- now() and friends -------------------------------------------------------------- */

static bool fn_now(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                   og_error *err)
{
    return ret_i(out, OG_OID_TIMESTAMPTZ, cx->now_usec);
}

static bool fn_statement_timestamp(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                   og_value *out, og_error *err)
{
    return ret_i(out, OG_OID_TIMESTAMPTZ, cx->stmt_usec);
}

static bool fn_clock_timestamp(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ret_i(out, OG_OID_TIMESTAMPTZ, (int64_t)ts.tv_sec * USECS_PER_SEC + ts.tv_nsec / 1000 + EPOCH_USECS);
}

static bool fn_localtimestamp(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    int64_t local;
    if (!tz_to_local(cx, cx->now_usec, a, &local, err))
        return false;
    return ret_i(out, OG_OID_TIMESTAMP, local);
}

static int64_t floor_div(int64_t x, int64_t d)
{
    int64_t q = x / d;
    return (x % d != 0 && (x < 0) != (d < 0)) ? q - 1 : q;
}

static bool fn_current_date(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    int64_t local;
    if (!tz_to_local(cx, cx->now_usec, a, &local, err))
        return false;
    return ret_i(out, OG_OID_DATE, floor_div(local, USECS_PER_DAY));
}

static bool fn_localtime(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    int64_t local;
    if (!tz_to_local(cx, cx->now_usec, a, &local, err))
        return false;
    return ret_i(out, OG_OID_TIME, local - floor_div(local, USECS_PER_DAY) * USECS_PER_DAY);
}

/* ---- units (DecodeUnits / DecodeSpecial) ---------------------------------------------- */

enum { TK_UNITS = 17, TK_RESERV = 0, TK_UNKNOWN = 31 };

enum {
    U_EARLY = 9,
    U_LATE = 10,
    U_EPOCH = 11,
    U_NOW = 12,
    U_YESTERDAY = 13,
    U_TODAY = 14,
    U_TOMORROW = 15,
    U_ZULU = 16,
    U_SECOND = 18,
    U_MINUTE = 19,
    U_HOUR = 20,
    U_DAY = 21,
    U_WEEK = 22,
    U_MONTH = 23,
    U_QUARTER = 24,
    U_YEAR = 25,
    U_DECADE = 26,
    U_CENTURY = 27,
    U_MILLENNIUM = 28,
    U_MILLISEC = 29,
    U_MICROSEC = 30,
    U_JULIAN = 31,
    U_DOW = 32,
    U_DOY = 33,
    U_TZ_HOUR = 34,
    U_TZ_MINUTE = 35,
    U_ISOYEAR = 36,
    U_ISODOW = 37,
    U_TZ = 4,
};

typedef struct unit_tok {
    const char *token;
    int type, value;
} unit_tok;

/* deltatktbl of datetime.c (the words of intervals), sorted. */
/* clang-format off */
static const unit_tok delta_units[] = {
    {"c", TK_UNITS, U_CENTURY},        {"cent", TK_UNITS, U_CENTURY},     {"centuries", TK_UNITS, U_CENTURY},
    {"century", TK_UNITS, U_CENTURY},  {"d", TK_UNITS, U_DAY},            {"day", TK_UNITS, U_DAY},
    {"days", TK_UNITS, U_DAY},         {"dec", TK_UNITS, U_DECADE},       {"decade", TK_UNITS, U_DECADE},
    {"decades", TK_UNITS, U_DECADE},   {"decs", TK_UNITS, U_DECADE},      {"h", TK_UNITS, U_HOUR},
    {"hour", TK_UNITS, U_HOUR},        {"hours", TK_UNITS, U_HOUR},       {"hr", TK_UNITS, U_HOUR},
    {"hrs", TK_UNITS, U_HOUR},         {"m", TK_UNITS, U_MINUTE},         {"microsecon", TK_UNITS, U_MICROSEC},
    {"mil", TK_UNITS, U_MILLENNIUM},   {"millennia", TK_UNITS, U_MILLENNIUM}, {"millennium", TK_UNITS, U_MILLENNIUM},
    {"millisecon", TK_UNITS, U_MILLISEC}, {"mils", TK_UNITS, U_MILLENNIUM}, {"min", TK_UNITS, U_MINUTE},
    {"mins", TK_UNITS, U_MINUTE},      {"minute", TK_UNITS, U_MINUTE},    {"minutes", TK_UNITS, U_MINUTE},
    {"mon", TK_UNITS, U_MONTH},        {"mons", TK_UNITS, U_MONTH},       {"month", TK_UNITS, U_MONTH},
    {"months", TK_UNITS, U_MONTH},     {"ms", TK_UNITS, U_MILLISEC},      {"msec", TK_UNITS, U_MILLISEC},
    {"msecond", TK_UNITS, U_MILLISEC}, {"mseconds", TK_UNITS, U_MILLISEC}, {"msecs", TK_UNITS, U_MILLISEC},
    {"qtr", TK_UNITS, U_QUARTER},      {"quarter", TK_UNITS, U_QUARTER},  {"s", TK_UNITS, U_SECOND},
    {"sec", TK_UNITS, U_SECOND},       {"second", TK_UNITS, U_SECOND},    {"seconds", TK_UNITS, U_SECOND},
    {"secs", TK_UNITS, U_SECOND},      {"timezone", TK_UNITS, U_TZ},      {"timezone_h", TK_UNITS, U_TZ_HOUR},
    {"timezone_m", TK_UNITS, U_TZ_MINUTE}, {"us", TK_UNITS, U_MICROSEC},  {"usec", TK_UNITS, U_MICROSEC},
    {"usecond", TK_UNITS, U_MICROSEC}, {"useconds", TK_UNITS, U_MICROSEC}, {"usecs", TK_UNITS, U_MICROSEC},
    {"w", TK_UNITS, U_WEEK},           {"week", TK_UNITS, U_WEEK},        {"weeks", TK_UNITS, U_WEEK},
    {"y", TK_UNITS, U_YEAR},           {"year", TK_UNITS, U_YEAR},        {"years", TK_UNITS, U_YEAR},
    {"yr", TK_UNITS, U_YEAR},          {"yrs", TK_UNITS, U_YEAR},
};
/* clang-format on */

/* The UNITS and RESERV words of datetktbl that extract / date_part also accept. */
/* clang-format off */
static const unit_tok special_units[] = {
    {"-infinity", TK_RESERV, U_EARLY}, {"allballs", TK_RESERV, U_ZULU}, {"dow", TK_UNITS, U_DOW},
    {"doy", TK_UNITS, U_DOY},          {"epoch", TK_RESERV, U_EPOCH},   {"infinity", TK_RESERV, U_LATE},
    {"isodow", TK_UNITS, U_ISODOW},    {"isoyear", TK_UNITS, U_ISOYEAR}, {"j", TK_UNITS, U_JULIAN},
    {"jd", TK_UNITS, U_JULIAN},        {"julian", TK_UNITS, U_JULIAN},  {"mm", TK_UNITS, U_MINUTE},
    {"now", TK_RESERV, U_NOW},         {"today", TK_RESERV, U_TODAY},   {"tomorrow", TK_RESERV, U_TOMORROW},
    {"yesterday", TK_RESERV, U_YESTERDAY}, {"zulu", TK_RESERV, U_ZULU},
};
/* clang-format on */

static const unit_tok *unit_find(const char *key, const unit_tok *tab, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(key, tab[i].token, TOKMAXLEN) == 0)
            return &tab[i];
    return NULL;
}

typedef struct unit {
    char low[NAMEDATALEN]; /* downcase_truncate_identifier of the argument */
    int type, val;
} unit;

/* Decode the unit argument; with_special also consults datetktbl (extract, date_part). */
static void unit_decode(const og_value *text, bool with_special, unit *u)
{
    size_t n = text->u.str.len;
    if (n >= NAMEDATALEN) {
        n = NAMEDATALEN - 1;
        while (n > 0 && ((unsigned char)text->u.str.p[n] & 0xc0) == 0x80)
            n--; /* do not cut a UTF-8 character */
    }
    for (size_t i = 0; i < n; i++) {
        char c = text->u.str.p[i];
        u->low[i] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
    }
    u->low[n] = '\0';
    const unit_tok *t = unit_find(u->low, delta_units, sizeof(delta_units) / sizeof(delta_units[0]));
    if (!t && with_special)
        t = unit_find(u->low, special_units, sizeof(special_units) / sizeof(special_units[0]));
    u->type = t ? t->type : TK_UNKNOWN;
    u->val = t ? t->value : 0;
}

static bool unit_unsupported(og_error *err, const unit *u, uint32_t type)
{
    og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "unit \"%s\" not supported for type %s", u->low,
                 og_type_name(type));
    return false;
}

static bool unit_unknown(og_error *err, const unit *u, uint32_t type)
{
    og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "unit \"%s\" not recognized for type %s", u->low,
                 og_type_name(type));
    return false;
}

/* ---- date_trunc --------------------------------------------------------------------- */

/* Truncate tm to unit u (the switch of timestamp_trunc); *redotz: the zone offset must be
 * recomputed (units of a day and more). */
static bool trunc_tm(dt_tm *tm, const unit *u, uint32_t type, bool *redotz, og_error *err)
{
    *redotz = false;
    switch (u->val) {
    case U_WEEK: {
        int woy = date2isoweek(tm->year, tm->mon, tm->mday);
        if (woy >= 52 && tm->mon == 1)
            --tm->year;
        if (woy <= 1 && tm->mon == MONTHS_PER_YEAR)
            ++tm->year;
        isoweek2date(woy, &tm->year, &tm->mon, &tm->mday);
        tm->hour = tm->min = tm->sec = 0;
        tm->fsec = 0;
        *redotz = true;
        return true;
    }
    case U_MILLENNIUM:
        if (tm->year > 0)
            tm->year = ((tm->year + 999) / 1000) * 1000 - 999;
        else
            tm->year = -((999 - (tm->year - 1)) / 1000) * 1000 + 1;
        /* fall through */
    case U_CENTURY:
        if (tm->year > 0)
            tm->year = ((tm->year + 99) / 100) * 100 - 99;
        else
            tm->year = -((99 - (tm->year - 1)) / 100) * 100 + 1;
        /* fall through */
    case U_DECADE:
        if (u->val != U_MILLENNIUM && u->val != U_CENTURY) {
            if (tm->year > 0)
                tm->year = (tm->year / 10) * 10;
            else
                tm->year = -((8 - (tm->year - 1)) / 10) * 10;
        }
        /* fall through */
    case U_YEAR:
        tm->mon = 1;
        /* fall through */
    case U_QUARTER:
        tm->mon = (3 * ((tm->mon - 1) / 3)) + 1;
        /* fall through */
    case U_MONTH:
        tm->mday = 1;
        /* fall through */
    case U_DAY:
        tm->hour = 0;
        *redotz = true;
        /* fall through */
    case U_HOUR:
        tm->min = 0;
        /* fall through */
    case U_MINUTE:
        tm->sec = 0;
        /* fall through */
    case U_SECOND:
        tm->fsec = 0;
        return true;
    case U_MILLISEC:
        tm->fsec = (tm->fsec / 1000) * 1000;
        return true;
    case U_MICROSEC:
        return true;
    default:
        return unit_unsupported(err, u, type);
    }
}

static bool ts_trunc(const orm_eval_ctx *cx, const og_value *args, bool tz, og_arena *a, og_value *out, og_error *err)
{
    uint32_t type = tz ? OG_OID_TIMESTAMPTZ : OG_OID_TIMESTAMP;
    int64_t ts = args[1].u.i, result;
    unit u;
    if (!ts_finite(ts))
        return ret_i(out, type, ts);
    unit_decode(&args[0], false, &u);
    if (u.type != TK_UNITS)
        return unit_unknown(err, &u, type);
    dt_tm tm;
    int64_t offset = 0;
    bool redotz;
    if (!ts2tm_in(cx, tz, ts, a, &tm, &offset, err) || !trunc_tm(&tm, &u, type, &redotz, err))
        return false;
    if (!tm2ts(&tm, &result))
        return ts_range(err);
    if (tz) {
        if (redotz) {
            if (!tz_from_local(cx, result, a, &result, err))
                return false;
        } else {
            result -= offset * USECS_PER_SEC; /* keep the offset the instant had */
            if (!valid_timestamp(result))
                return ts_range(err);
        }
    }
    return ret_i(out, type, result);
}

static bool fn_timestamp_trunc(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    return ts_trunc(cx, args, false, a, out, err);
}

static bool fn_timestamptz_trunc(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    return ts_trunc(cx, args, true, a, out, err);
}

static bool fn_interval_trunc(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    unit u;
    dt_itm tm;
    og_interval r;
    unit_decode(&args[0], false, &u);
    if (u.type != TK_UNITS)
        return unit_unknown(err, &u, OG_OID_INTERVAL);
    interval2itm(&args[1].u.iv, &tm);
    switch (u.val) {
    case U_MILLENNIUM:
        tm.year = (tm.year / 1000) * 1000;
        /* fall through */
    case U_CENTURY:
        tm.year = (tm.year / 100) * 100;
        /* fall through */
    case U_DECADE:
        tm.year = (tm.year / 10) * 10;
        /* fall through */
    case U_YEAR:
        tm.mon = 0;
        /* fall through */
    case U_QUARTER:
        tm.mon = 3 * (tm.mon / 3);
        /* fall through */
    case U_MONTH:
        tm.mday = 0;
        /* fall through */
    case U_DAY:
        tm.hour = 0;
        /* fall through */
    case U_HOUR:
        tm.min = 0;
        /* fall through */
    case U_MINUTE:
        tm.sec = 0;
        /* fall through */
    case U_SECOND:
        tm.usec = 0;
        break;
    case U_MILLISEC:
        tm.usec = (tm.usec / 1000) * 1000;
        break;
    case U_MICROSEC:
        break;
    default:
        unit_unsupported(err, &u, OG_OID_INTERVAL);
        if (u.val == U_WEEK)
            og_error_detail(err, "Months usually have fractional weeks.");
        return false;
    }
    if (!itm2interval(&tm, &r))
        return iv_range(err);
    return ret_iv(out, r);
}

/* ---- date_part / extract ------------------------------------------------------------ */

/* A field's value: an integer, or a numeric with scale digits, or a float (date_part). */
typedef struct part {
    int kind; /* P_INT, P_SCALED, P_NULL, P_INF, P_NUM */
    int64_t i;
    int scale;
    double f;        /* float8 value for date_part of second, millisecond, julian, epoch */
    const char *num; /* P_NUM: numeric text (julian) */
} part;

enum { P_INT, P_SCALED, P_NULL, P_INF, P_NUM };

static bool ret_part(const part *p, bool numeric, og_arena *a, og_value *out)
{
    switch (p->kind) {
    case P_NULL:
        *out = og_value_null(numeric ? OG_OID_NUMERIC : OG_OID_FLOAT8);
        return true;
    case P_INF:
        if (numeric)
            return ret_num_text(out, p->i < 0 ? "-Infinity" : "Infinity");
        return ret_f8(out, p->i < 0 ? -INFINITY : INFINITY);
    case P_SCALED:
        if (numeric)
            return ret_num_scaled(out, a, p->i, p->scale);
        return ret_f8(out, p->f);
    case P_NUM:
        if (numeric)
            return ret_num_text(out, p->num);
        return ret_f8(out, p->f);
    default:
        if (numeric)
            return ret_num_scaled(out, a, p->i, 0);
        return ret_f8(out, (double)p->i);
    }
}

static void part_int(part *p, int64_t v)
{
    p->kind = P_INT;
    p->i = v;
}

static void part_scaled(part *p, int64_t v, int scale, double f)
{
    p->kind = P_SCALED;
    p->i = v;
    p->scale = scale;
    p->f = f;
}

/* The fields every calendar date has (shared by timestamps and dates). */
static bool part_of_date(int val, int year, int mon, int mday, part *p)
{
    switch (val) {
    case U_DAY:
        part_int(p, mday);
        return true;
    case U_MONTH:
        part_int(p, mon);
        return true;
    case U_QUARTER:
        part_int(p, (mon - 1) / 3 + 1);
        return true;
    case U_WEEK:
        part_int(p, date2isoweek(year, mon, mday));
        return true;
    case U_YEAR:
        part_int(p, year > 0 ? year : year - 1); /* there is no year 0 */
        return true;
    case U_DECADE:
        part_int(p, year >= 0 ? year / 10 : -((8 - (year - 1)) / 10));
        return true;
    case U_CENTURY:
        part_int(p, year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100));
        return true;
    case U_MILLENNIUM:
        part_int(p, year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000));
        return true;
    case U_ISOYEAR: {
        int y = date2isoyear(year, mon, mday);
        part_int(p, y <= 0 ? y - 1 : y);
        return true;
    }
    case U_DOW:
    case U_ISODOW: {
        int d = j2day(date2j(year, mon, mday));
        part_int(p, (val == U_ISODOW && d == 0) ? 7 : d);
        return true;
    }
    case U_DOY:
        part_int(p, date2j(year, mon, mday) - date2j(year, 1, 1) + 1);
        return true;
    default:
        return false;
    }
}

/* NonFiniteTimestampPart: NULL for oscillating fields, +/-Infinity for monotonic ones. */
static bool part_nonfinite(const unit *u, bool negative, uint32_t type, part *p, og_error *err)
{
    if (u->type != TK_UNITS && u->type != TK_RESERV)
        return unit_unknown(err, u, type);
    switch (u->val) {
    case U_MICROSEC:
    case U_MILLISEC:
    case U_SECOND:
    case U_MINUTE:
    case U_HOUR:
    case U_DAY:
    case U_MONTH:
    case U_QUARTER:
    case U_WEEK:
    case U_DOW:
    case U_ISODOW:
    case U_DOY:
    case U_TZ:
    case U_TZ_MINUTE:
    case U_TZ_HOUR:
        p->kind = P_NULL;
        return true;
    case U_YEAR:
    case U_DECADE:
    case U_CENTURY:
    case U_MILLENNIUM:
    case U_JULIAN:
    case U_ISOYEAR:
    case U_EPOCH:
        p->kind = P_INF;
        p->i = negative ? -1 : 1;
        return true;
    default:
        return unit_unsupported(err, u, type);
    }
}

/* julian day + time of day / a day: exact for extract (numeric division), float for date_part. */
static bool part_julian(const dt_tm *tm, bool numeric, og_arena *a, part *p, og_error *err)
{
    int64_t j = date2j(tm->year, tm->mon, tm->mday);
    int64_t day_usec = (((tm->hour * INT64_C(60)) + tm->min) * 60 + tm->sec) * USECS_PER_SEC + tm->fsec;
    p->kind = P_NUM;
    p->f = (double)j + ((((tm->hour * MINS_PER_HOUR) + tm->min) * SECS_PER_MINUTE) + tm->sec + (tm->fsec / 1000000.0)) /
                           (double)SECS_PER_DAY;
    p->num = NULL;
    if (!numeric)
        return true;
    og_value vj, vt, vd, q, r;
    orm_num_from_int64(j, a, &vj);
    orm_num_from_int64(day_usec, a, &vt);
    orm_num_from_int64(SECS_PER_DAY * USECS_PER_SEC, a, &vd);
    if (!orm_num_div(&vt, &vd, a, &q, err) || !orm_num_add(&vj, &q, a, &r, err))
        return false;
    p->num = og_arena_memdup(a, r.u.str.p, r.u.str.len);
    return true;
}

/* timestamp_part_common / timestamptz_part_common. */
static bool ts_part(const orm_eval_ctx *cx, const og_value *args, bool tz, bool numeric, og_arena *a, og_value *out,
                    og_error *err)
{
    uint32_t type = tz ? OG_OID_TIMESTAMPTZ : OG_OID_TIMESTAMP;
    int64_t ts = args[1].u.i;
    unit u;
    part p = {0};
    unit_decode(&args[0], true, &u);
    if (!ts_finite(ts)) {
        if (!part_nonfinite(&u, ts == INT64_MIN, type, &p, err))
            return false;
        return ret_part(&p, numeric, a, out);
    }
    if (u.type == TK_UNITS) {
        dt_tm tm;
        int64_t offset;
        if (!ts2tm_in(cx, tz, ts, a, &tm, &offset, err))
            return false;
        int64_t us = tm.sec * USECS_PER_SEC + tm.fsec;
        switch (u.val) {
        case U_MICROSEC:
            part_int(&p, us);
            break;
        case U_MILLISEC:
            part_scaled(&p, us, 3, tm.sec * 1000.0 + tm.fsec / 1000.0);
            break;
        case U_SECOND:
            part_scaled(&p, us, 6, tm.sec + tm.fsec / 1000000.0);
            break;
        case U_MINUTE:
            part_int(&p, tm.min);
            break;
        case U_HOUR:
            part_int(&p, tm.hour);
            break;
        case U_JULIAN:
            if (!part_julian(&tm, numeric, a, &p, err))
                return false;
            break;
        case U_TZ:
        case U_TZ_MINUTE:
        case U_TZ_HOUR:
            if (!tz)
                return unit_unsupported(err, &u, type);
            if (u.val == U_TZ)
                part_int(&p, offset);
            else if (u.val == U_TZ_HOUR)
                part_int(&p, offset / SECS_PER_HOUR);
            else
                part_int(&p, (offset / SECS_PER_MINUTE) % MINS_PER_HOUR);
            break;
        default:
            if (!part_of_date(u.val, tm.year, tm.mon, tm.mday, &p))
                return unit_unsupported(err, &u, type);
        }
    } else if (u.type == TK_RESERV) {
        if (u.val != U_EPOCH)
            return unit_unsupported(err, &u, type);
        __int128 d = (__int128)ts - EPOCH_USECS; /* fits: |ts| < 2^63 */
        if (d > INT64_MAX) {                     /* only near +infinity; PostgreSQL rounds the same value */
            if (numeric) {
                og_value x, e, m, q, r;
                orm_num_from_int64(ts, a, &x);
                orm_num_from_int64(EPOCH_USECS, a, &e);
                orm_num_from_int64(USECS_PER_SEC, a, &m);
                if (!orm_num_sub(&x, &e, a, &q, err) || !orm_num_div(&q, &m, a, &r, err) ||
                    !orm_num_round(&r, 6, a, out, err))
                    return false;
                return true;
            }
            return ret_f8(out, ((double)ts - EPOCH_USECS) / 1000000.0);
        }
        part_scaled(&p, (int64_t)d, 6, (double)(int64_t)d / 1000000.0);
    } else {
        return unit_unknown(err, &u, type);
    }
    return ret_part(&p, numeric, a, out);
}

/* extract(field from date) (PostgreSQL 14+: exact, no time fields). */
static bool fn_extract_date(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    int64_t date = args[1].u.i;
    unit u;
    part p = {0};
    unit_decode(&args[0], true, &u);
    if (!date_finite(date) && (u.type == TK_UNITS || u.type == TK_RESERV)) {
        switch (u.val) {
        case U_DAY:
        case U_MONTH:
        case U_QUARTER:
        case U_WEEK:
        case U_DOW:
        case U_ISODOW:
        case U_DOY:
            p.kind = P_NULL;
            break;
        case U_YEAR:
        case U_DECADE:
        case U_CENTURY:
        case U_MILLENNIUM:
        case U_JULIAN:
        case U_ISOYEAR:
        case U_EPOCH:
            p.kind = P_INF;
            p.i = date == DATE_NOBEGIN ? -1 : 1;
            break;
        default:
            return unit_unsupported(err, &u, OG_OID_DATE);
        }
    } else if (u.type == TK_UNITS) {
        int year, mon, mday;
        j2date((int)(date + POSTGRES_EPOCH_JDATE), &year, &mon, &mday);
        if (u.val == U_JULIAN)
            part_int(&p, date + POSTGRES_EPOCH_JDATE);
        else if (!part_of_date(u.val, year, mon, mday, &p))
            return unit_unsupported(err, &u, OG_OID_DATE);
    } else if (u.type == TK_RESERV) {
        if (u.val != U_EPOCH)
            return unit_unsupported(err, &u, OG_OID_DATE);
        part_int(&p, (date + POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY);
    } else {
        return unit_unknown(err, &u, OG_OID_DATE);
    }
    return ret_part(&p, true, a, out);
}

/* date_part(text, date) is PostgreSQL's SQL function date_part($1, $2::timestamp). */
static bool fn_date_part_date(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    og_value ts[2] = {args[0], args[1]};
    int64_t d = args[1].u.i;
    ts[1].oid = OG_OID_TIMESTAMP;
    if (d == DATE_NOBEGIN)
        ts[1].u.i = INT64_MIN;
    else if (d == DATE_NOEND)
        ts[1].u.i = INT64_MAX;
    else if (d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)
        return fail(err, SQLSTATE_DT_RANGE, "date out of range for timestamp");
    else
        ts[1].u.i = d * USECS_PER_DAY;
    return ts_part(cx, ts, false, false, a, out, err);
}

static bool interval_part(const og_value *args, bool numeric, og_arena *a, og_value *out, og_error *err)
{
    const og_interval *iv = &args[1].u.iv;
    unit u;
    part p = {0};
    unit_decode(&args[0], true, &u);
    if (u.type == TK_UNITS) {
        dt_itm tm;
        interval2itm(iv, &tm);
        int64_t us = tm.sec * USECS_PER_SEC + tm.usec;
        switch (u.val) {
        case U_MICROSEC:
            part_int(&p, us);
            break;
        case U_MILLISEC:
            part_scaled(&p, us, 3, tm.sec * 1000.0 + tm.usec / 1000.0);
            break;
        case U_SECOND:
            part_scaled(&p, us, 6, tm.sec + tm.usec / 1000000.0);
            break;
        case U_MINUTE:
            part_int(&p, tm.min);
            break;
        case U_HOUR:
            part_int(&p, tm.hour);
            break;
        case U_DAY:
            part_int(&p, tm.mday);
            break;
        case U_MONTH:
            part_int(&p, tm.mon);
            break;
        case U_QUARTER:
            part_int(&p, tm.mon / 3 + 1);
            break;
        case U_YEAR:
            part_int(&p, tm.year);
            break;
        case U_DECADE:
            part_int(&p, tm.year / 10);
            break;
        case U_CENTURY:
            part_int(&p, tm.year / 100);
            break;
        case U_MILLENNIUM:
            part_int(&p, tm.year / 1000);
            break;
        default:
            return unit_unsupported(err, &u, OG_OID_INTERVAL);
        }
    } else if (u.type == TK_RESERV && u.val == U_EPOCH) {
        if (!numeric) {
            double r = iv->usec / 1000000.0;
            r += ((double)DAYS_PER_YEAR * SECS_PER_DAY) * (iv->months / MONTHS_PER_YEAR);
            r += ((double)DAYS_PER_MONTH * SECS_PER_DAY) * (iv->months % MONTHS_PER_YEAR);
            r += ((double)SECS_PER_DAY) * iv->days;
            return ret_f8(out, r);
        }
        /* everything times 4 so that DAYS_PER_YEAR (365.25) is an integer */
        int64_t secs = ((int64_t)(4 * DAYS_PER_YEAR) * (iv->months / MONTHS_PER_YEAR) +
                        (int64_t)(4 * DAYS_PER_MONTH) * (iv->months % MONTHS_PER_YEAR) + (int64_t)4 * iv->days) *
                       (SECS_PER_DAY / 4);
        __int128 v = (__int128)secs * USECS_PER_SEC + iv->usec;
        if (v <= INT64_MAX && v >= INT64_MIN) {
            part_scaled(&p, (int64_t)v, 6, 0);
        } else {
            og_value t, s;
            ret_num_scaled(&t, a, iv->usec, 6);
            orm_num_from_int64(secs, a, &s);
            return orm_num_add(&t, &s, a, out, err);
        }
    } else {
        return unit_unknown(err, &u, OG_OID_INTERVAL);
    }
    return ret_part(&p, numeric, a, out);
}

static bool time_part(const og_value *args, bool numeric, og_arena *a, og_value *out, og_error *err)
{
    int64_t t = args[1].u.i;
    unit u;
    part p = {0};
    unit_decode(&args[0], true, &u);
    if (u.type == TK_UNITS) {
        int64_t hour = t / USECS_PER_HOUR, min = (t / USECS_PER_MINUTE) % MINS_PER_HOUR;
        int64_t sec = (t / USECS_PER_SEC) % SECS_PER_MINUTE, fsec = t % USECS_PER_SEC;
        int64_t us = sec * USECS_PER_SEC + fsec;
        switch (u.val) {
        case U_MICROSEC:
            part_int(&p, us);
            break;
        case U_MILLISEC:
            part_scaled(&p, us, 3, sec * 1000.0 + fsec / 1000.0);
            break;
        case U_SECOND:
            part_scaled(&p, us, 6, sec + fsec / 1000000.0);
            break;
        case U_MINUTE:
            part_int(&p, min);
            break;
        case U_HOUR:
            part_int(&p, hour);
            break;
        default:
            return unit_unsupported(err, &u, OG_OID_TIME);
        }
    } else if (u.type == TK_RESERV && u.val == U_EPOCH) {
        part_scaled(&p, t, 6, t / 1000000.0);
    } else {
        return unit_unknown(err, &u, OG_OID_TIME);
    }
    return ret_part(&p, numeric, a, out);
}

static bool fn_timestamp_part(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    return ts_part(cx, args, false, false, a, out, err);
}

static bool fn_timestamptz_part(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return ts_part(cx, args, true, false, a, out, err);
}

static bool fn_extract_timestamp(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    return ts_part(cx, args, false, true, a, out, err);
}

static bool fn_extract_timestamptz(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                   og_value *out, og_error *err)
{
    return ts_part(cx, args, true, true, a, out, err);
}

static bool fn_interval_part(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    return interval_part(args, false, a, out, err);
}

static bool fn_extract_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return interval_part(args, true, a, out, err);
}

static bool fn_time_part(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    return time_part(args, false, a, out, err);
}

static bool fn_extract_time(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    return time_part(args, true, a, out, err);
}

/* ---- age ---------------------------------------------------------------------------- */

/* timestamp_age / timestamptz_age: the symbolic difference in years, months, days and time,
 * borrowing from the month of the earlier (or later) timestamp as PostgreSQL does. */
static bool age(const orm_eval_ctx *cx, bool tz, int64_t dt1, int64_t dt2, og_arena *a, og_value *out, og_error *err)
{
    dt_tm tm1, tm2;
    if (!ts2tm_in(cx, tz, dt1, a, &tm1, NULL, err) || !ts2tm_in(cx, tz, dt2, a, &tm2, NULL, err))
        return false;
    int64_t fsec = tm1.fsec - tm2.fsec;
    int sec = tm1.sec - tm2.sec, min = tm1.min - tm2.min, hour = tm1.hour - tm2.hour;
    int mday = tm1.mday - tm2.mday, mon = tm1.mon - tm2.mon, year = tm1.year - tm2.year;
    bool flip = dt1 < dt2;
    if (flip) {
        fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
    }
    while (fsec < 0)
        fsec += USECS_PER_SEC, sec--;
    while (sec < 0)
        sec += SECS_PER_MINUTE, min--;
    while (min < 0)
        min += MINS_PER_HOUR, hour--;
    while (hour < 0)
        hour += HOURS_PER_DAY, mday--;
    while (mday < 0) {
        const dt_tm *m = flip ? &tm1 : &tm2;
        mday += day_tab[isleap(m->year)][m->mon - 1];
        mon--;
    }
    while (mon < 0)
        mon += MONTHS_PER_YEAR, year--;
    if (flip) {
        fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
    }
    dt_itm itm = {hour, year, mon, mday, min, sec, fsec};
    og_interval r;
    if (!itm2interval(&itm, &r))
        return iv_range(err);
    return ret_iv(out, r);
}

static bool fn_timestamp_age(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    return age(cx, false, args[0].u.i, args[1].u.i, a, out, err);
}

static bool fn_timestamptz_age(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    return age(cx, true, args[0].u.i, args[1].u.i, a, out, err);
}

/* age(x) = age(current_date::timestamp[tz], x). */
static bool age1(const orm_eval_ctx *cx, const og_value *args, bool tz, og_arena *a, og_value *out, og_error *err)
{
    og_value d;
    int64_t midnight;
    if (!fn_current_date(cx, NULL, 0, a, &d, err))
        return false;
    midnight = d.u.i * USECS_PER_DAY;
    if (tz && !tz_from_local(cx, midnight, a, &midnight, err))
        return false;
    return age(cx, tz, midnight, args[0].u.i, a, out, err);
}

static bool fn_timestamp_age1(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    return age1(cx, args, false, a, out, err);
}

static bool fn_timestamptz_age1(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return age1(cx, args, true, a, out, err);
}

/* ---- interval arithmetic ------------------------------------------------------------ */

static bool iv_add(const og_interval *x, const og_interval *y, og_interval *r, og_error *err)
{
    if (__builtin_add_overflow(x->months, y->months, &r->months) ||
        __builtin_add_overflow(x->days, y->days, &r->days) || __builtin_add_overflow(x->usec, y->usec, &r->usec))
        return iv_range(err);
    return true;
}

static bool iv_neg(const og_interval *x, og_interval *r, og_error *err)
{
    if (x->usec == INT64_MIN || x->days == INT32_MIN || x->months == INT32_MIN)
        return iv_range(err);
    r->usec = -x->usec;
    r->days = -x->days;
    r->months = -x->months;
    return true;
}

/* Negation without an overflow check, as timestamp_mi_interval does (INT_MIN stays INT_MIN). */
static og_interval iv_neg_wrap(const og_interval *x)
{
    og_interval r;
    r.usec = (int64_t)(0 - (uint64_t)x->usec);
    r.days = (int32_t)(0 - (uint32_t)x->days);
    r.months = (int32_t)(0 - (uint32_t)x->months);
    return r;
}

static bool fn_interval_pl(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    og_interval r;
    return iv_add(&args[0].u.iv, &args[1].u.iv, &r, err) && ret_iv(out, r);
}

static bool fn_interval_mi(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    const og_interval *x = &args[0].u.iv, *y = &args[1].u.iv;
    og_interval r;
    if (__builtin_sub_overflow(x->months, y->months, &r.months) || __builtin_sub_overflow(x->days, y->days, &r.days) ||
        __builtin_sub_overflow(x->usec, y->usec, &r.usec))
        return iv_range(err);
    return ret_iv(out, r);
}

static bool fn_interval_um(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    og_interval r;
    return iv_neg(&args[0].u.iv, &r, err) && ret_iv(out, r);
}

static bool fits_int32(double d)
{
    return !isnan(d) && d >= (double)INT32_MIN && d <= (double)INT32_MAX;
}

static bool fits_int64(double d)
{
    return !isnan(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

/* interval_mul of PostgreSQL 15: fractional months cascade into days, fractional days into time. */
static bool iv_mul(const og_interval *span, double factor, og_interval *r, og_error *err)
{
    double d = span->months * factor;
    if (!fits_int32(d))
        return iv_range(err);
    r->months = (int32_t)d;
    d = span->days * factor;
    if (!fits_int32(d))
        return iv_range(err);
    r->days = (int32_t)d;
    double month_remainder_days = TSROUND((span->months * factor - r->months) * DAYS_PER_MONTH);
    double sec_remainder =
        TSROUND((span->days * factor - r->days + month_remainder_days - (int)month_remainder_days) * SECS_PER_DAY);
    if (fabs(sec_remainder) >= SECS_PER_DAY) {
        r->days += (int)(sec_remainder / SECS_PER_DAY);
        sec_remainder -= (int)(sec_remainder / SECS_PER_DAY) * SECS_PER_DAY;
    }
    r->days += (int)month_remainder_days;
    d = rint(span->usec * factor + sec_remainder * USECS_PER_SEC);
    if (!fits_int64(d))
        return iv_range(err);
    r->usec = (int64_t)d;
    return true;
}

/* interval_div of PostgreSQL 15 (no overflow checks on the int32 casts, as there). */
static bool iv_div(const og_interval *span, double factor, og_interval *r, og_error *err)
{
    if (factor == 0.0)
        return fail(err, SQLSTATE_DIV_BY_ZERO, "division by zero");
    r->months = (int32_t)(span->months / factor);
    r->days = (int32_t)(span->days / factor);
    double month_remainder_days = TSROUND((span->months / factor - r->months) * DAYS_PER_MONTH);
    double sec_remainder =
        TSROUND((span->days / factor - r->days + month_remainder_days - (int)month_remainder_days) * SECS_PER_DAY);
    if (fabs(sec_remainder) >= SECS_PER_DAY) {
        r->days += (int)(sec_remainder / SECS_PER_DAY);
        sec_remainder -= (int)(sec_remainder / SECS_PER_DAY) * SECS_PER_DAY;
    }
    r->days += (int)month_remainder_days;
    r->usec = (int64_t)rint(span->usec / factor + sec_remainder * USECS_PER_SEC);
    return true;
}

static bool fn_interval_mul(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    og_interval r;
    return iv_mul(&args[0].u.iv, args[1].u.f, &r, err) && ret_iv(out, r);
}

static bool fn_mul_d_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    og_interval r;
    return iv_mul(&args[1].u.iv, args[0].u.f, &r, err) && ret_iv(out, r);
}

static bool fn_interval_div(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    og_interval r;
    return iv_div(&args[0].u.iv, args[1].u.f, &r, err) && ret_iv(out, r);
}

/* justify_hours: whole days out of the time part, signs made consistent. */
static bool justify_hours(og_interval *r, og_error *err)
{
    int64_t wholeday = r->usec / USECS_PER_DAY;
    r->usec -= wholeday * USECS_PER_DAY;
    if (__builtin_add_overflow(r->days, wholeday, &r->days))
        return iv_range(err);
    if (r->days > 0 && r->usec < 0) {
        r->usec += USECS_PER_DAY;
        r->days--;
    } else if (r->days < 0 && r->usec > 0) {
        r->usec -= USECS_PER_DAY;
        r->days++;
    }
    return true;
}

static bool fn_justify_hours(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    og_interval r = args[0].u.iv;
    return justify_hours(&r, err) && ret_iv(out, r);
}

static bool fn_justify_days(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    og_interval r = args[0].u.iv;
    int32_t wholemonth = r.days / DAYS_PER_MONTH;
    r.days -= wholemonth * DAYS_PER_MONTH;
    if (__builtin_add_overflow(r.months, wholemonth, &r.months))
        return iv_range(err);
    if (r.months > 0 && r.days < 0) {
        r.days += DAYS_PER_MONTH;
        r.months--;
    } else if (r.months < 0 && r.days > 0) {
        r.days -= DAYS_PER_MONTH;
        r.months++;
    }
    return ret_iv(out, r);
}

static bool fn_justify_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    og_interval r = args[0].u.iv;
    int64_t wholeday = r.usec / USECS_PER_DAY;
    r.usec -= wholeday * USECS_PER_DAY;
    if (__builtin_add_overflow(r.days, wholeday, &r.days))
        return iv_range(err);
    int32_t wholemonth = r.days / DAYS_PER_MONTH;
    r.days -= wholemonth * DAYS_PER_MONTH;
    if (__builtin_add_overflow(r.months, wholemonth, &r.months))
        return iv_range(err);
    if (r.months > 0 && (r.days < 0 || (r.days == 0 && r.usec < 0))) {
        r.days += DAYS_PER_MONTH;
        r.months--;
    } else if (r.months < 0 && (r.days > 0 || (r.days == 0 && r.usec > 0))) {
        r.days -= DAYS_PER_MONTH;
        r.months++;
    }
    if (r.days > 0 && r.usec < 0) {
        r.usec += USECS_PER_DAY;
        r.days--;
    } else if (r.days < 0 && r.usec > 0) {
        r.usec -= USECS_PER_DAY;
        r.days++;
    }
    return ret_iv(out, r);
}

/* ---- timestamp arithmetic ----------------------------------------------------------- */

/* timestamp_pl_interval / timestamptz_pl_interval: months (day clipped to the month's end),
 * then days, then time; for timestamptz the first two steps happen in the session's zone. */
static bool ts_pl_interval(const orm_eval_ctx *cx, bool tz, int64_t ts, const og_interval *span, og_arena *a,
                           int64_t *out, og_error *err)
{
    if (!ts_finite(ts)) {
        *out = ts;
        return true;
    }
    if (span->months != 0) {
        dt_tm tm;
        if (!ts2tm_in(cx, tz, ts, a, &tm, NULL, err))
            return false;
        int64_t mon = (int64_t)tm.mon + span->months, year = tm.year;
        if (mon > MONTHS_PER_YEAR) {
            year += (mon - 1) / MONTHS_PER_YEAR;
            mon = ((mon - 1) % MONTHS_PER_YEAR) + 1;
        } else if (mon < 1) {
            year += mon / MONTHS_PER_YEAR - 1;
            mon = mon % MONTHS_PER_YEAR + MONTHS_PER_YEAR;
        }
        if (year > JULIAN_MAXYEAR || year < JULIAN_MINYEAR)
            return ts_range(err);
        tm.year = (int)year;
        tm.mon = (int)mon;
        if (tm.mday > day_tab[isleap(tm.year)][tm.mon - 1])
            tm.mday = day_tab[isleap(tm.year)][tm.mon - 1];
        if (!tm2ts(&tm, &ts) || (tz && !tz_from_local(cx, ts, a, &ts, err)))
            return og_error_isset(err) ? false : ts_range(err);
    }
    if (span->days != 0) {
        dt_tm tm;
        if (!ts2tm_in(cx, tz, ts, a, &tm, NULL, err))
            return false;
        int64_t julian = (int64_t)date2j(tm.year, tm.mon, tm.mday) + span->days;
        if (julian < 0 || julian > INT32_MAX)
            return ts_range(err);
        j2date((int)julian, &tm.year, &tm.mon, &tm.mday);
        if (!tm2ts(&tm, &ts) || (tz && !tz_from_local(cx, ts, a, &ts, err)))
            return og_error_isset(err) ? false : ts_range(err);
    }
    if (__builtin_add_overflow(ts, span->usec, &ts) || !valid_timestamp(ts))
        return ts_range(err);
    *out = ts;
    return true;
}

/* date2timestamp: midnight of the date; 22008 past the timestamp range. */
static bool date2ts(int64_t d, int64_t *ts, og_error *err)
{
    if (d == DATE_NOBEGIN)
        *ts = INT64_MIN;
    else if (d == DATE_NOEND)
        *ts = INT64_MAX;
    else if (d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)
        return fail(err, SQLSTATE_DT_RANGE, "date out of range for timestamp");
    else
        *ts = d * USECS_PER_DAY;
    return true;
}

static bool ts_op(const orm_eval_ctx *cx, uint32_t type, int64_t ts, og_interval span, og_arena *a, og_value *out,
                  og_error *err)
{
    int64_t r;
    if (!ts_pl_interval(cx, type == OG_OID_TIMESTAMPTZ, ts, &span, a, &r, err))
        return false;
    return ret_i(out, type, r);
}

static bool fn_timestamp_pl_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                     og_value *out, og_error *err)
{
    return ts_op(cx, OG_OID_TIMESTAMP, args[0].u.i, args[1].u.iv, a, out, err);
}

static bool fn_interval_pl_timestamp(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                     og_value *out, og_error *err)
{
    return ts_op(cx, OG_OID_TIMESTAMP, args[1].u.i, args[0].u.iv, a, out, err);
}

static bool fn_timestamp_mi_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                     og_value *out, og_error *err)
{
    return ts_op(cx, OG_OID_TIMESTAMP, args[0].u.i, iv_neg_wrap(&args[1].u.iv), a, out, err);
}

static bool fn_timestamptz_pl_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                       og_value *out, og_error *err)
{
    return ts_op(cx, OG_OID_TIMESTAMPTZ, args[0].u.i, args[1].u.iv, a, out, err);
}

static bool fn_interval_pl_timestamptz(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                       og_value *out, og_error *err)
{
    return ts_op(cx, OG_OID_TIMESTAMPTZ, args[1].u.i, args[0].u.iv, a, out, err);
}

static bool fn_timestamptz_mi_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                       og_value *out, og_error *err)
{
    return ts_op(cx, OG_OID_TIMESTAMPTZ, args[0].u.i, iv_neg_wrap(&args[1].u.iv), a, out, err);
}

static bool date_op(const orm_eval_ctx *cx, int64_t d, og_interval span, og_arena *a, og_value *out, og_error *err)
{
    int64_t ts;
    return date2ts(d, &ts, err) && ts_op(cx, OG_OID_TIMESTAMP, ts, span, a, out, err);
}

static bool fn_date_pl_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return date_op(cx, args[0].u.i, args[1].u.iv, a, out, err);
}

static bool fn_interval_pl_date(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return date_op(cx, args[1].u.i, args[0].u.iv, a, out, err);
}

static bool fn_date_mi_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return date_op(cx, args[0].u.i, iv_neg_wrap(&args[1].u.iv), a, out, err);
}

/* timestamp_mi: the difference in time, then justify_hours (days + time, no months).
 * PostgreSQL 15 does not check the subtraction for overflow; neither do we. */
static bool fn_timestamp_mi(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    int64_t x = args[0].u.i, y = args[1].u.i;
    og_interval r = {0, 0, 0};
    if (!ts_finite(x) || !ts_finite(y))
        return fail(err, SQLSTATE_DT_RANGE, "cannot subtract infinite timestamps");
    r.usec = (int64_t)((uint64_t)x - (uint64_t)y); /* PostgreSQL 15 wraps here too */
    return justify_hours(&r, err) && ret_iv(out, r);
}

/* ---- date and time arithmetic ------------------------------------------------------- */

static bool date_range(og_error *err)
{
    return fail(err, SQLSTATE_DT_RANGE, "date out of range");
}

static bool date_pli(int64_t d, int64_t days, og_value *out, og_error *err)
{
    if (!date_finite(d))
        return ret_i(out, OG_OID_DATE, d);
    int64_t r = d + days;
    if (!valid_date(r))
        return date_range(err);
    return ret_i(out, OG_OID_DATE, r);
}

static bool fn_date_pli(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    return date_pli(args[0].u.i, args[1].u.i, out, err);
}

static bool fn_integer_pl_date(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    return date_pli(args[1].u.i, args[0].u.i, out, err);
}

static bool fn_date_mii(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    return date_pli(args[0].u.i, -args[1].u.i, out, err);
}

static bool fn_date_mi(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    if (!date_finite(args[0].u.i) || !date_finite(args[1].u.i))
        return fail(err, SQLSTATE_DT_RANGE, "cannot subtract infinite dates");
    return ret_i(out, OG_OID_INT4, (int32_t)(args[0].u.i - args[1].u.i));
}

/* datetime_pl: date + time of day. */
static bool date_time(int64_t d, int64_t t, og_value *out, og_error *err)
{
    int64_t ts;
    if (!date2ts(d, &ts, err))
        return false;
    if (ts_finite(ts)) {
        ts += t;
        if (!valid_timestamp(ts))
            return ts_range(err);
    }
    return ret_i(out, OG_OID_TIMESTAMP, ts);
}

static bool fn_datetime_pl(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    return date_time(args[0].u.i, args[1].u.i, out, err);
}

static bool fn_timedate_pl(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    return date_time(args[1].u.i, args[0].u.i, out, err);
}

/* time +/- interval: only the time part counts, wrapped to one day. */
static bool time_pl(int64_t t, int64_t usec, og_value *out)
{
    int64_t r = t + usec % USECS_PER_DAY; /* same result modulo a day, without overflow */
    r -= r / USECS_PER_DAY * USECS_PER_DAY;
    if (r < 0)
        r += USECS_PER_DAY;
    return ret_i(out, OG_OID_TIME, r);
}

static bool fn_time_pl_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return time_pl(args[0].u.i, args[1].u.iv.usec, out);
}

static bool fn_interval_pl_time(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return time_pl(args[1].u.i, args[0].u.iv.usec, out);
}

static bool fn_time_mi_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    /* time - usec of at most 2^63 days: reduce first so the subtraction cannot overflow */
    return time_pl(args[0].u.i, -(args[1].u.iv.usec % USECS_PER_DAY), out);
}

static bool fn_time_mi_time(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    og_interval r = {args[0].u.i - args[1].u.i, 0, 0};
    return ret_iv(out, r);
}

/* ---- constructors and predicates ---------------------------------------------------- */

/* make_interval(years, months, weeks, days, hours, mins, secs): the catalog entry is VARIADIC
 * float8 so it can take seven arguments; the translator (orm/translate_expr.c, named parameters)
 * checks PostgreSQL's signature (six int4, one float8, name => value, defaults 0) and passes the
 * integers exactly as float8. PostgreSQL 15 wraps on integer overflow instead of raising an error,
 * and so does this. */
static bool fn_make_interval(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    (void)cx;
    (void)a;
    if (nargs != 7) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "make_interval called with %u arguments", (unsigned)nargs);
        return false;
    }
    uint32_t v[6];
    for (int i = 0; i < 6; i++)
        v[i] = (uint32_t)(int32_t)args[i].u.f;
    double secs = args[6].u.f;
    if (isinf(secs) || isnan(secs)) {
        og_error_set(err, "22008", "interval out of range");
        return false;
    }
    og_interval iv;
    iv.months = (int32_t)(v[0] * 12u + v[1]);
    iv.days = (int32_t)(v[2] * 7u + v[3]);
    secs = rint(secs * 1e6);
    /* out of int64's range PostgreSQL's (int64) cast gives x86's INT64_MIN */
    int64_t s64 = secs >= -9223372036854775808.0 && secs < 9223372036854775808.0 ? (int64_t)secs : INT64_MIN;
    uint64_t usec = (uint64_t)(int64_t)(int32_t)v[4] * UINT64_C(3600000000) +
                    (uint64_t)(int64_t)(int32_t)v[5] * UINT64_C(60000000) + (uint64_t)s64;
    iv.usec = (int64_t)usec;
    return ret_iv(out, iv);
}

/* make_date(year, month, day): negative years are BC. */
static bool fn_make_date(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    int64_t year = args[0].u.i, mon = args[1].u.i, mday = args[2].u.i;
    bool bad = false;
    if (year < 0)
        year = -(-year - 1); /* 1 BC is year 0 */
    else if (year == 0)
        bad = true;
    if (!bad && (mon < 1 || mon > MONTHS_PER_YEAR || mday < 1 || mday > 31))
        bad = true;
    if (!bad && mday > day_tab[isleap((int)year)][mon - 1])
        bad = true;
    if (bad) {
        og_error_set(err, SQLSTATE_DT_RANGE, "date field value out of range: %lld-%02lld-%02lld", (long long)year,
                     (long long)mon, (long long)mday);
        return false;
    }
    int64_t d = 0;
    if (valid_julian((int)year, (int)mon))
        d = date2j((int)year, (int)mon, (int)mday) - POSTGRES_EPOCH_JDATE;
    if (!valid_julian((int)year, (int)mon) || !valid_date(d)) {
        og_error_set(err, SQLSTATE_DT_RANGE, "date out of range: %lld-%02lld-%02lld", (long long)year, (long long)mon,
                     (long long)mday);
        return false;
    }
    return ret_i(out, OG_OID_DATE, d);
}

static bool fn_date_isfinite(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    out->oid = OG_OID_BOOL;
    out->isnull = false;
    out->u.b = date_finite(args[0].u.i);
    return true;
}

static bool fn_timestamp_isfinite(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                  og_value *out, og_error *err)
{
    out->oid = OG_OID_BOOL;
    out->isnull = false;
    out->u.b = ts_finite(args[0].u.i);
    return true;
}

static bool fn_interval_isfinite(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    out->oid = OG_OID_BOOL;
    out->isnull = false;
    out->u.b = true;
    return true;
}

/* ---- the table ---------------------------------------------------------------------- */

#define T   OG_OID_TEXT
#define D   OG_OID_DATE
#define TM  OG_OID_TIME
#define TS  OG_OID_TIMESTAMP
#define TZ  OG_OID_TIMESTAMPTZ
#define IV  OG_OID_INTERVAL
#define I4  OG_OID_INT4
#define F8  OG_OID_FLOAT8
#define NUM OG_OID_NUMERIC
#define ST  ORM_FN_STRICT
#define STZ (ORM_FN_STRICT | ORM_FN_NOW) /* depends on the session's time zone */
#define F0(name, sym, ret, flags, impl)                                                                                \
    {                                                                                                                  \
        name, sym, 0, {0}, ret, flags, impl, NULL                                                                      \
    }
#define F1(name, sym, a0, ret, flags, impl)                                                                            \
    {                                                                                                                  \
        name, sym, 1, {a0}, ret, flags, impl, NULL                                                                     \
    }
#define F2(name, sym, a0, a1, ret, flags, impl)                                                                        \
    {                                                                                                                  \
        name, sym, 2, {a0, a1}, ret, flags, impl, NULL                                                                 \
    }
#define F3(name, sym, a0, a1, a2, ret, flags, impl)                                                                    \
    {                                                                                                                  \
        name, sym, 3, {a0, a1, a2}, ret, flags, impl, NULL                                                             \
    }

/* AT TIME ZONE: timezone(zone, timestamptz) is the wall-clock time there; timezone(zone, timestamp)
 * the instant that wall-clock time is there. The zone is any the session's TimeZone accepts. */
static bool zone_arg(const og_value *z, og_arena *a, orm_eval_ctx *cx)
{
    char *name = og_arena_alloc(a, z->u.str.len + 1);
    memcpy(name, z->u.str.p, z->u.str.len);
    name[z->u.str.len] = '\0';
    cx->timezone = name;
    return true;
}

static bool fn_timezone_tstz(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    orm_eval_ctx z = cx ? *cx : (orm_eval_ctx){0};
    zone_arg(&args[0], a, &z);
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_TIMESTAMP;
    return tz_to_local(&z, args[1].u.i, a, &out->u.i, err);
}

static bool fn_timezone_ts(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    orm_eval_ctx z = cx ? *cx : (orm_eval_ctx){0};
    zone_arg(&args[0], a, &z);
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_TIMESTAMPTZ;
    return tz_from_local(&z, args[1].u.i, a, &out->u.i, err);
}

static const orm_fn fns[] = {
    F0("now", "now", TZ, ORM_FN_NOW, fn_now),
    F0("transaction_timestamp", "transaction_timestamp", TZ, ORM_FN_NOW, fn_now),
    F0("statement_timestamp", "statement_timestamp", TZ, ORM_FN_NOW, fn_statement_timestamp),
    F0("clock_timestamp", "clock_timestamp", TZ, ORM_FN_VOLATILE, fn_clock_timestamp),
    F0("current_date", "current_date", D, ORM_FN_NOW, fn_current_date),
    F0("localtimestamp", "localtimestamp", TS, ORM_FN_NOW, fn_localtimestamp),
    F0("localtime", "localtime", TM, ORM_FN_NOW, fn_localtime),

    F2("timezone", "timestamptz_zone", T, TZ, TS, ST, fn_timezone_tstz),
    F2("timezone", "timestamp_zone", T, TS, TZ, ST, fn_timezone_ts),
    F2("date_trunc", "timestamp_trunc", T, TS, TS, ST, fn_timestamp_trunc),
    F2("date_trunc", "timestamptz_trunc", T, TZ, TZ, STZ, fn_timestamptz_trunc),
    F2("date_trunc", "interval_trunc", T, IV, IV, ST, fn_interval_trunc),

    F2("date_part", "timestamp_part", T, TS, F8, ST, fn_timestamp_part),
    F2("date_part", "timestamptz_part", T, TZ, F8, STZ, fn_timestamptz_part),
    F2("date_part", "date_part_date", T, D, F8, ST, fn_date_part_date),
    F2("date_part", "interval_part", T, IV, F8, ST, fn_interval_part),
    F2("date_part", "time_part", T, TM, F8, ST, fn_time_part),
    F2("extract", "extract_timestamp", T, TS, NUM, ST, fn_extract_timestamp),
    F2("extract", "extract_timestamptz", T, TZ, NUM, STZ, fn_extract_timestamptz),
    F2("extract", "extract_date", T, D, NUM, ST, fn_extract_date),
    F2("extract", "extract_interval", T, IV, NUM, ST, fn_extract_interval),
    F2("extract", "extract_time", T, TM, NUM, ST, fn_extract_time),

    F2("age", "timestamp_age", TS, TS, IV, ST, fn_timestamp_age),
    F2("age", "timestamptz_age", TZ, TZ, IV, STZ, fn_timestamptz_age),
    F1("age", "timestamp_age1", TS, IV, STZ, fn_timestamp_age1),
    F1("age", "timestamptz_age1", TZ, IV, STZ, fn_timestamptz_age1),

    F1("justify_days", "interval_justify_days", IV, IV, ST, fn_justify_days),
    F1("justify_hours", "interval_justify_hours", IV, IV, ST, fn_justify_hours),
    F1("justify_interval", "interval_justify_interval", IV, IV, ST, fn_justify_interval),
    F3("make_date", "make_date", I4, I4, I4, D, ST, fn_make_date),
    F1("make_interval", "make_interval", OG_OID_FLOAT8, IV, ST | ORM_FN_VARIADIC, fn_make_interval),
    F1("isfinite", "date_finite", D, OG_OID_BOOL, ST, fn_date_isfinite),
    F1("isfinite", "timestamp_finite", TS, OG_OID_BOOL, ST, fn_timestamp_isfinite),
    F1("isfinite", "timestamptz_finite", TZ, OG_OID_BOOL, ST, fn_timestamp_isfinite),
    F1("isfinite", "interval_finite", IV, OG_OID_BOOL, ST, fn_interval_isfinite),

    F2("+", "date_pli", D, I4, D, ST, fn_date_pli),
    F2("+", "integer_pl_date", I4, D, D, ST, fn_integer_pl_date),
    F2("-", "date_mii", D, I4, D, ST, fn_date_mii),
    F2("-", "date_mi", D, D, I4, ST, fn_date_mi),
    F2("+", "date_pl_interval", D, IV, TS, ST, fn_date_pl_interval),
    F2("+", "interval_pl_date", IV, D, TS, ST, fn_interval_pl_date),
    F2("-", "date_mi_interval", D, IV, TS, ST, fn_date_mi_interval),
    F2("+", "datetime_pl", D, TM, TS, ST, fn_datetime_pl),
    F2("+", "timedate_pl", TM, D, TS, ST, fn_timedate_pl),
    F2("+", "timestamp_pl_interval", TS, IV, TS, ST, fn_timestamp_pl_interval),
    F2("+", "interval_pl_timestamp", IV, TS, TS, ST, fn_interval_pl_timestamp),
    F2("-", "timestamp_mi_interval", TS, IV, TS, ST, fn_timestamp_mi_interval),
    F2("-", "timestamp_mi", TS, TS, IV, ST, fn_timestamp_mi),
    F2("+", "timestamptz_pl_interval", TZ, IV, TZ, STZ, fn_timestamptz_pl_interval),
    F2("+", "interval_pl_timestamptz", IV, TZ, TZ, STZ, fn_interval_pl_timestamptz),
    F2("-", "timestamptz_mi_interval", TZ, IV, TZ, STZ, fn_timestamptz_mi_interval),
    F2("-", "timestamptz_mi", TZ, TZ, IV, ST, fn_timestamp_mi),
    F2("+", "interval_pl", IV, IV, IV, ST, fn_interval_pl),
    F2("-", "interval_mi", IV, IV, IV, ST, fn_interval_mi),
    F1("-", "interval_um", IV, IV, ST, fn_interval_um),
    F2("*", "interval_mul", IV, F8, IV, ST, fn_interval_mul),
    F2("*", "mul_d_interval", F8, IV, IV, ST, fn_mul_d_interval),
    F2("/", "interval_div", IV, F8, IV, ST, fn_interval_div),
    F2("+", "time_pl_interval", TM, IV, TM, ST, fn_time_pl_interval),
    F2("+", "interval_pl_time", IV, TM, TM, ST, fn_interval_pl_time),
    F2("-", "time_mi_interval", TM, IV, TM, ST, fn_time_mi_interval),
    F2("-", "time_mi_time", TM, TM, IV, ST, fn_time_mi_time),
};

const orm_fn_table orm_fn_datetime = {fns, sizeof(fns) / sizeof(fns[0])};
