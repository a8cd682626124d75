/*
 * wire/codec_dt.h - private interface of the date/time codecs, shared by
 * codec_datetime.c (lexer, dates, times, timestamps), codec_interval.c
 * (intervals) and codec_tz.c (time zones). Names follow PostgreSQL's
 * datetime.h, from which the algorithms are ported, so that the two can be
 * read side by side. Nothing here is for use outside those three files.
 */
#ifndef WIRE_CODEC_DT_H
#define WIRE_CODEC_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/codec_int.h"

/* units and limits (datatype/timestamp.h) */
#define USECS_PER_SEC    INT64_C(1000000)
#define USECS_PER_MINUTE INT64_C(60000000)
#define USECS_PER_HOUR   INT64_C(3600000000)
#define USECS_PER_DAY    INT64_C(86400000000)
#define SECS_PER_DAY     86400
#define SECS_PER_HOUR    3600
#define SECS_PER_MINUTE  60
#define MINS_PER_HOUR    60
#define HOURS_PER_DAY    24
#define MONTHS_PER_YEAR  12
#define DAYS_PER_MONTH   30

#define POSTGRES_EPOCH_JDATE 2451545
#define UNIX_EPOCH_JDATE     2440588
#define JULIAN_MINYEAR       (-4713)
#define JULIAN_MINMONTH      11
#define JULIAN_MAXYEAR       5874898
#define JULIAN_MAXMONTH      6
#define DATE_END_JULIAN      2147483494
#define MIN_TIMESTAMP        INT64_C(-211813488000000000)
#define END_TIMESTAMP        INT64_C(9223371331200000000)
#define UNIX_EPOCH_SECS      (INT64_C(946684800)) /* 2000-01-01 in Unix seconds */

#define MAX_TZDISP_HOUR 15
#define MAXDATEFIELDS   25
#define MAXDATELEN      128
#define TOKMAXLEN       10

/* ParseDateTime field kinds and DecodeDateTime results (datetime.h). */
enum {
    DTK_NUMBER = 0,
    DTK_STRING = 1,
    DTK_DATE = 2,
    DTK_TIME = 3,
    DTK_TZ = 4,
    DTK_SPECIAL = 6,
    DTK_EARLY = 9,
    DTK_LATE = 10,
    DTK_EPOCH = 11,
    DTK_NOW = 12,
    DTK_YESTERDAY = 13,
    DTK_TODAY = 14,
    DTK_TOMORROW = 15,
    DTK_ZULU = 16,
    DTK_DELTA = 17,
    DTK_SECOND = 18,
    DTK_MINUTE = 19,
    DTK_HOUR = 20,
    DTK_DAY = 21,
    DTK_WEEK = 22,
    DTK_MONTH = 23,
    DTK_QUARTER = 24,
    DTK_YEAR = 25,
    DTK_DECADE = 26,
    DTK_CENTURY = 27,
    DTK_MILLENNIUM = 28,
    DTK_MILLISEC = 29,
    DTK_MICROSEC = 30,
    DTK_JULIAN = 31,
    DTK_DOW = 32,
    DTK_DOY = 33,
    DTK_TZ_HOUR = 34,
    DTK_TZ_MINUTE = 35,
    DTK_ISOYEAR = 36,
    DTK_ISODOW = 37,
};

/* Token classes, also bit positions of the "fields seen" masks. */
enum {
    RESERV = 0,
    MONTH = 1,
    YEAR = 2,
    DAY = 3,
    JULIAN = 4,
    TZ = 5,
    DTZ = 6,
    DYNTZ = 7,
    IGNORE_DTF = 8,
    AMPM = 9,
    HOUR = 10,
    MINUTE = 11,
    SECOND = 12,
    MILLISECOND = 13,
    MICROSECOND = 14,
    DOY = 15,
    DOW = 16,
    UNITS = 17,
    ADBC = 18,
    AGO = 19,
    ISOTIME = 23,
    WEEK = 24,
    DECADE = 25,
    CENTURY = 26,
    MILLENNIUM = 27,
    DTZMOD = 28,
    UNKNOWN_FIELD = 31,
};

#define DTK_M(t)       ((int)(1u << (t))) /* bit 31 (UNKNOWN_FIELD) wraps as in PostgreSQL */
#define DTK_ALL_SECS_M (DTK_M(SECOND) | DTK_M(MILLISECOND) | DTK_M(MICROSECOND))
#define DTK_DATE_M     (DTK_M(YEAR) | DTK_M(MONTH) | DTK_M(DAY))
#define DTK_TIME_M     (DTK_M(HOUR) | DTK_M(MINUTE) | DTK_ALL_SECS_M)

enum { AM = 0, PM = 1, HR24 = 2 };
enum { AD = 0, BC = 1 };

/* DateTimeParseError codes; DTERR_TZ_UNKNOWN is ours (PostgreSQL ereports
 * directly at that point). */
enum {
    DTERR_BAD_FORMAT = -1,
    DTERR_FIELD_OVERFLOW = -2,
    DTERR_MD_FIELD_OVERFLOW = -3,
    DTERR_INTERVAL_OVERFLOW = -4,
    DTERR_TZDISP_OVERFLOW = -5,
    DTERR_TZ_UNKNOWN = -6,
};

typedef struct dt_token {
    const char *token;
    int type;
    int value;
} dt_token;

/* ParseDateTime output: NUL-terminated, lower-cased fields and their kinds. */
typedef struct dt_fields {
    char *field[MAXDATEFIELDS];
    int ftype[MAXDATEFIELDS];
    int nf;
} dt_fields;

#define ZONE_NAME_MAX 128

/* A resolved zone: a fixed offset, or a name glibc understands. */
typedef struct dt_zone {
    bool named;
    int32_t east; /* fixed zones: seconds east of UTC */
    char name[ZONE_NAME_MAX];
} dt_zone;

/* ParseDateTime: split s into fields (written into workbuf). 0 or DTERR_*. */
int wire_dt_parse(const char *s, char *workbuf, size_t buflen, dt_fields *f);
/* strtol limited to int; errno ERANGE when the value does not fit. */
int wire_dt_strtoint(const char *s, char **end);
/* ParseFraction: ".ddd" (a lone "." is zero). */
int wire_dt_parse_fraction(const char *cp, double *frac);
/* ParseFractionalSecond: ".ddd" to microseconds, rounded. */
int wire_dt_parse_fsec(const char *cp, int64_t *fsec);
/* Keyword lookup comparing at most TOKMAXLEN characters, as PostgreSQL does. */
const dt_token *wire_dt_token_find(const char *key, const dt_token *tab, size_t n);
/* DateTimeParseError: the SQLSTATE and message for a DTERR_* code. */
void wire_dt_error(int dterr, const char *badzone, const char *str, const char *typname, wire_err *err);
/* AppendSeconds: two-digit seconds and up to six fraction digits. */
void wire_dt_put_seconds(og_buf *out, int sec, int64_t fsec);

/* interval_in and interval_out (IntervalStyle postgres). */
bool wire_interval_text_decode(const char *s, og_value *out, wire_err *err);
void wire_interval_text_encode(const og_interval *iv, og_buf *out);

/* A zone abbreviation of PostgreSQL's Default set: TZ or DTZ with the
 * offset in seconds east, or UNKNOWN_FIELD. */
int wire_tz_abbrev(const char *s, int *offset_east);
/* pg_tzset: resolve a zone name (any case) or POSIX spec; false if unknown. */
bool wire_zone_resolve(const char *name, dt_zone *z);
/* The session TimeZone setting as SET TIME ZONE reads it (UTC if unknown). */
void wire_zone_from_setting(const char *setting, dt_zone *z);
/* UTC offset, seconds east, in effect at Unix time unix_secs. */
int32_t wire_zone_offset_at(const dt_zone *z, int64_t unix_secs);
/* DetermineTimeZoneOffset for a local wall-clock time given as Unix-style
 * seconds: PostgreSQL's tz (seconds west). */
int wire_zone_local_tz(const dt_zone *z, int64_t local_secs);

#endif
