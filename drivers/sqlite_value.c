/*
 * drivers/sqlite_value.c - values between PostgreSQL and SQLite, for
 * drivers/sqlite.c.
 *
 * docs/sqlite.md gives the storage encoding of each PostgreSQL type;
 * value_encode() decides it (for bound parameters and for the results of
 * the og_* functions of drivers/sqlite_func.c) and decode_cell() reads it
 * back (result columns, function arguments). The
 * text parsers also read values another program stored as text. A result
 * column takes its type from the types the caller gave, else from the
 * declared type of its source column; failing both (an expression), from
 * its values: int8, float8, bytea or text, widened as values of other
 * classes come (drv_sqlite_row_add()).
 */
#include "drivers/sqlite_int.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQ_MSG_VALUE_MAX 200 /* bytes of a bad value quoted in an error message */
#define USECS_PER_DAY    INT64_C(86400000000)

/* ------------------------------------------------------------------------
 * Calendar (PostgreSQL's epoch is 2000-01-01)
 * ------------------------------------------------------------------------ */

#define PG_EPOCH_DAYS INT64_C(10957) /* 1970-01-01 to 2000-01-01 */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* ------------------------------------------------------------------------
 * Text parsers for values SQLite stores as text (ours or another program's)
 * ------------------------------------------------------------------------ */

typedef struct sq_text {
    const char *p;
    size_t n, i;
} sq_text;

static void text_skip_space(sq_text *t)
{
    while (t->i < t->n && isspace((unsigned char)t->p[t->i]))
        t->i++;
}

static bool text_eat(sq_text *t, char ch)
{
    if (t->i < t->n && t->p[t->i] == ch) {
        t->i++;
        return true;
    }
    return false;
}

/* Between min and max decimal digits. */
static bool text_digits(sq_text *t, int min, int max, int64_t *v)
{
    int k = 0;
    int64_t x = 0;
    while (k < max && t->i < t->n && isdigit((unsigned char)t->p[t->i])) {
        x = x * 10 + (t->p[t->i++] - '0');
        k++;
    }
    *v = x;
    return k >= min;
}

/* Case-insensitive: is the rest of t exactly word (surrounding spaces allowed)? */
static bool text_is_word(const char *p, size_t n, const char *word)
{
    while (n && isspace((unsigned char)*p))
        p++, n--;
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    return n == strlen(word) && strncasecmp(p, word, n) == 0;
}

/* YYYY-MM-DD -> days since 2000-01-01. */
static bool parse_date_part(sq_text *t, int64_t *days)
{
    int64_t y, m, d;
    if (!text_digits(t, 4, 7, &y) || !text_eat(t, '-') || !text_digits(t, 1, 2, &m) || !text_eat(t, '-') ||
        !text_digits(t, 1, 2, &d))
        return false;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, (unsigned)m))
        return false;
    *days = days_from_civil(y, (unsigned)m, (unsigned)d) - PG_EPOCH_DAYS;
    return true;
}

/* HH:MM[:SS[.ffffff]] -> microseconds since midnight (24:00:00 allowed, as in PostgreSQL). */
static bool parse_time_part(sq_text *t, int64_t *usec)
{
    int64_t h, mi, s = 0, f = 0;
    if (!text_digits(t, 1, 2, &h) || !text_eat(t, ':') || !text_digits(t, 2, 2, &mi))
        return false;
    if (text_eat(t, ':')) {
        if (!text_digits(t, 2, 2, &s))
            return false;
        if (text_eat(t, '.')) {
            int k = 0;
            while (t->i < t->n && isdigit((unsigned char)t->p[t->i])) {
                if (k < 6) {
                    f = f * 10 + (t->p[t->i] - '0');
                    k++;
                }
                t->i++;
            }
            if (k == 0)
                return false;
            while (k++ < 6)
                f *= 10;
        }
    }
    if (h > 24 || mi > 59 || s > 59 || (h == 24 && (mi || s || f)))
        return false;
    *usec = ((h * 60 + mi) * 60 + s) * 1000000 + f;
    return true;
}

/* Z | +HH | +HHMM | +HH:MM[:SS] -> seconds east of UTC. */
static bool parse_zone(sq_text *t, int64_t *secs)
{
    if (text_eat(t, 'Z') || text_eat(t, 'z')) {
        *secs = 0;
        return true;
    }
    int sign = text_eat(t, '+') ? 1 : text_eat(t, '-') ? -1 : 0;
    int64_t h, m = 0, s = 0;
    if (!sign || !text_digits(t, 2, 2, &h))
        return false;
    bool colon = text_eat(t, ':');
    if (t->i < t->n && isdigit((unsigned char)t->p[t->i])) {
        if (!text_digits(t, 2, 2, &m))
            return false;
        if ((colon && text_eat(t, ':')) && !text_digits(t, 2, 2, &s))
            return false;
    } else if (colon) {
        return false;
    }
    if (h > 15 || m > 59 || s > 59)
        return false;
    *secs = sign * (h * 3600 + m * 60 + s);
    return true;
}

/* ISO date and time, SQLite's own 'YYYY-MM-DD HH:MM:SS' included. */
static bool parse_timestamp(const char *p, size_t n, bool tz, int64_t *usec)
{
    if (text_is_word(p, n, "infinity") || text_is_word(p, n, "+infinity")) {
        *usec = INT64_MAX;
        return true;
    }
    if (text_is_word(p, n, "-infinity")) {
        *usec = INT64_MIN;
        return true;
    }
    sq_text t = {p, n, 0};
    int64_t days, tod = 0, zone = 0;
    text_skip_space(&t);
    if (!parse_date_part(&t, &days))
        return false;
    if (text_eat(&t, 'T')) {
        if (!parse_time_part(&t, &tod))
            return false;
    } else {
        text_skip_space(&t);
        if (t.i < t.n && isdigit((unsigned char)p[t.i]) && !parse_time_part(&t, &tod))
            return false;
    }
    text_skip_space(&t);
    if (t.i < t.n && !parse_zone(&t, &zone))
        return false;
    text_skip_space(&t);
    if (t.i != t.n)
        return false;
    int64_t v;
    if (__builtin_mul_overflow(days, USECS_PER_DAY, &v) || __builtin_add_overflow(v, tod, &v))
        return false;
    if (tz && __builtin_sub_overflow(v, zone * 1000000, &v))
        return false;
    *usec = v; /* a zone on a timestamp without time zone is ignored, as PostgreSQL does */
    return true;
}

static bool parse_date(const char *p, size_t n, int64_t *days)
{
    if (text_is_word(p, n, "infinity") || text_is_word(p, n, "+infinity")) {
        *days = INT32_MAX;
        return true;
    }
    if (text_is_word(p, n, "-infinity")) {
        *days = INT32_MIN;
        return true;
    }
    int64_t usec;
    if (!parse_timestamp(p, n, false, &usec))
        return false;
    /* floor division: a time of day is dropped, as date_in does */
    *days = usec / USECS_PER_DAY - (usec % USECS_PER_DAY < 0);
    return true;
}

static bool parse_time(const char *p, size_t n, int64_t *usec)
{
    sq_text t = {p, n, 0};
    text_skip_space(&t);
    if (!parse_time_part(&t, usec))
        return false;
    text_skip_space(&t);
    return t.i == t.n;
}

/* int64 from its magnitude and sign; false when it does not fit. */
static bool signed_of(uint64_t u, bool neg, int64_t *v)
{
    if (!neg) {
        if (u > (uint64_t)INT64_MAX)
            return false;
        *v = (int64_t)u;
    } else {
        if (u > (uint64_t)INT64_MAX + 1)
            return false;
        *v = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
    }
    return true;
}

/* ISO 8601 duration as written by interval_iso() (and PostgreSQL's
 * IntervalStyle iso_8601): P[nY][nM][nW][nD][T[nH][nM][n[.f]S]], each part signed. */
static bool parse_interval(const char *p, size_t n, og_interval *iv)
{
    sq_text t = {p, n, 0};
    text_skip_space(&t);
    while (n > t.i && isspace((unsigned char)p[n - 1]))
        n--;
    t.n = n;
    if (!text_eat(&t, 'P'))
        return false;
    bool in_time = false, any = false;
    int64_t months = 0, days = 0, usec = 0;
    while (t.i < t.n) {
        if (text_eat(&t, 'T')) {
            if (in_time)
                return false;
            in_time = true;
            continue;
        }
        bool neg = text_eat(&t, '-');
        if (!neg)
            text_eat(&t, '+');
        uint64_t ip = 0, frac = 0;
        size_t d0 = t.i;
        while (t.i < t.n && isdigit((unsigned char)p[t.i])) {
            if (__builtin_mul_overflow(ip, 10, &ip) || __builtin_add_overflow(ip, (uint64_t)(p[t.i] - '0'), &ip))
                return false;
            t.i++;
        }
        if (t.i == d0)
            return false;
        bool has_frac = text_eat(&t, '.');
        if (has_frac) {
            int k = 0;
            while (t.i < t.n && isdigit((unsigned char)p[t.i])) {
                if (k < 6) {
                    frac = frac * 10 + (uint64_t)(p[t.i] - '0');
                    k++;
                }
                t.i++;
            }
            while (k++ < 6)
                frac *= 10;
        }
        if (t.i >= t.n)
            return false;
        char unit = p[t.i++];
        uint64_t mul;
        int64_t *acc;
        if (!in_time) {
            acc = unit == 'Y' || unit == 'M' ? &months : &days;
            mul = unit == 'Y' ? 12 : unit == 'M' ? 1 : unit == 'W' ? 7 : unit == 'D' ? 1 : 0;
        } else {
            acc = &usec;
            mul = unit == 'H' ? UINT64_C(3600000000) : unit == 'M' ? UINT64_C(60000000) : unit == 'S' ? 1000000 : 0;
        }
        if (!mul || (has_frac && !(in_time && unit == 'S')))
            return false;
        uint64_t mag;
        int64_t v;
        if (__builtin_mul_overflow(ip, mul, &mag) || __builtin_add_overflow(mag, frac, &mag) ||
            !signed_of(mag, neg, &v) || __builtin_add_overflow(*acc, v, acc))
            return false;
        any = true;
    }
    if (!any || months < INT32_MIN || months > INT32_MAX || days < INT32_MIN || days > INT32_MAX)
        return false;
    iv->months = (int32_t)months;
    iv->days = (int32_t)days;
    iv->usec = usec;
    return true;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch = tolower(ch);
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* 32 hex digits, hyphens after any group of four, optional braces (as uuid_in). */
static bool parse_uuid(const char *p, size_t n, uint8_t out[16])
{
    size_t i = 0;
    bool brace = n > 0 && p[0] == '{';
    if (brace) {
        if (p[n - 1] != '}')
            return false;
        i = 1;
        n--;
    }
    for (int k = 0; k < 16; k++) {
        if (k > 0 && k % 2 == 0 && i < n && p[i] == '-')
            i++;
        if (i + 2 > n)
            return false;
        int hi = hexval((unsigned char)p[i]), lo = hexval((unsigned char)p[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[k] = (uint8_t)(hi << 4 | lo);
        i += 2;
    }
    return i == n;
}

/* Strict integer with optional surrounding spaces, as int8in. */
static bool parse_int64(const char *p, size_t n, int64_t *v)
{
    sq_text t = {p, n, 0};
    text_skip_space(&t);
    bool neg = text_eat(&t, '-');
    if (!neg)
        text_eat(&t, '+');
    uint64_t u = 0;
    size_t d0 = t.i;
    while (t.i < t.n && isdigit((unsigned char)p[t.i])) {
        if (__builtin_mul_overflow(u, 10, &u) || __builtin_add_overflow(u, (uint64_t)(p[t.i] - '0'), &u))
            return false;
        t.i++;
    }
    if (t.i == d0)
        return false;
    text_skip_space(&t);
    return t.i == t.n && signed_of(u, neg, v);
}

/* Float text: a number, or NaN / [-]Infinity / [-]inf in any case. *range is set on overflow. */
static bool parse_double(const char *p, size_t n, double *v, bool *range)
{
    *range = false;
    if (text_is_word(p, n, "nan")) {
        *v = NAN;
        return true;
    }
    if (text_is_word(p, n, "infinity") || text_is_word(p, n, "+infinity") || text_is_word(p, n, "inf")) {
        *v = INFINITY;
        return true;
    }
    if (text_is_word(p, n, "-infinity") || text_is_word(p, n, "-inf")) {
        *v = -INFINITY;
        return true;
    }
    char buf[128];
    if (n == 0 || n >= sizeof(buf))
        return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!buf[i] || !strchr("0123456789+-.eE \t\n\r", buf[i]))
            return false; /* no hex floats, no nan(...) */
    char *end;
    errno = 0;
    double x = strtod(buf, &end);
    if (end == buf)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return false;
    if (errno == ERANGE && isinf(x))
        *range = true;
    *v = x;
    return true;
}

/* numeric text -> canonical form (numeric_out's): plain decimal, scale kept,
 * exponent applied, no leading zeros, no negative zero. NULL if not a number. */
static char *numeric_canon(og_arena *a, const char *p, size_t n, size_t *outlen)
{
    static const struct {
        const char *in, *out;
    } specials[] = {{"nan", "NaN"},       {"infinity", "Infinity"},   {"+infinity", "Infinity"}, {"inf", "Infinity"},
                    {"+inf", "Infinity"}, {"-infinity", "-Infinity"}, {"-inf", "-Infinity"}};
    for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++)
        if (text_is_word(p, n, specials[k].in)) {
            *outlen = strlen(specials[k].out);
            return og_arena_memdup(a, specials[k].out, *outlen);
        }
    sq_text t = {p, n, 0};
    text_skip_space(&t);
    bool neg = text_eat(&t, '-');
    if (!neg)
        text_eat(&t, '+');
    size_t i0 = t.i;
    while (t.i < t.n && isdigit((unsigned char)p[t.i]))
        t.i++;
    size_t ni = t.i - i0, f0 = t.i, nf = 0;
    if (text_eat(&t, '.')) {
        f0 = t.i;
        while (t.i < t.n && isdigit((unsigned char)p[t.i]))
            t.i++;
        nf = t.i - f0;
    }
    if (ni + nf == 0)
        return NULL;
    int64_t exp = 0;
    if (t.i < t.n && (p[t.i] == 'e' || p[t.i] == 'E')) {
        t.i++;
        bool eneg = text_eat(&t, '-');
        if (!eneg)
            text_eat(&t, '+');
        if (!text_digits(&t, 1, 6, &exp) || exp > 100000)
            return NULL;
        if (eneg)
            exp = -exp;
    }
    text_skip_space(&t);
    if (t.i != t.n)
        return NULL;
    /* digits D = integer digits + fraction digits; the point sits at pos */
    og_buf d = OG_BUF_INIT;
    og_buf_append(&d, p + i0, ni);
    og_buf_append(&d, p + f0, nf);
    int64_t nd = (int64_t)(ni + nf), pos = (int64_t)ni + exp;
    int64_t scale = (int64_t)nf - exp < 0 ? 0 : (int64_t)nf - exp;
    og_buf out = OG_BUF_INIT;
    if (neg)
        og_buf_putc(&out, '-');
    size_t int_start = out.len;
    for (int64_t k = 0; k < pos; k++)
        og_buf_putc(&out, k < nd ? d.data[k] : '0');
    /* leading zeros of the integer part */
    size_t lead = int_start;
    while (lead < out.len - (out.len > int_start ? 1 : 0) && out.data[lead] == '0')
        lead++;
    if (lead > int_start) {
        memmove(out.data + int_start, out.data + lead, out.len - lead);
        out.len -= lead - int_start;
    }
    if (out.len == int_start)
        og_buf_putc(&out, '0');
    if (scale > 0) {
        og_buf_putc(&out, '.');
        for (int64_t k = pos; k < pos + scale; k++)
            og_buf_putc(&out, k >= 0 && k < nd ? d.data[k] : '0');
    }
    bool zero = true;
    for (size_t k = int_start; k < out.len; k++)
        if (out.data[k] != '0' && out.data[k] != '.')
            zero = false;
    size_t skip = neg && zero ? 1 : 0;
    char *s = og_arena_memdup(a, out.data + skip, out.len - skip);
    *outlen = out.len - skip;
    og_buf_free(&d);
    og_buf_free(&out);
    return s;
}

/* ------------------------------------------------------------------------
 * Text writers
 * ------------------------------------------------------------------------ */

/* Shortest text that reads back as the same float (float8out / float4out since
 * PostgreSQL 12): exponent form below 1e-4 and from 1e15 (float4: 1e6). */
static void fmt_double(double x, bool f4, char *buf, size_t size)
{
    if (isnan(x)) {
        snprintf(buf, size, "NaN");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, size, x > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (x == 0) {
        snprintf(buf, size, signbit(x) ? "-0" : "0");
        return;
    }
    char tmp[48];
    int p;
    for (p = 1; p < 17; p++) {
        snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
        double y = strtod(tmp, NULL);
        if (f4 ? (float)y == (float)x : y == x)
            break;
    }
    snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
    int exp = atoi(strchr(tmp, 'e') + 1);
    if (exp < -4 || exp >= (f4 ? 6 : 15))
        snprintf(buf, size, "%s", tmp);
    else
        snprintf(buf, size, "%.*f", p - 1 - exp > 0 ? p - 1 - exp : 0, x);
}

static void buf_uuid(og_buf *o, const uint8_t u[16])
{
    static const char hex[] = "0123456789abcdef";
    for (int k = 0; k < 16; k++) {
        if (k == 4 || k == 6 || k == 8 || k == 10)
            og_buf_putc(o, '-');
        og_buf_putc(o, (uint8_t)hex[u[k] >> 4]);
        og_buf_putc(o, (uint8_t)hex[u[k] & 15]);
    }
}

/* ISO 8601 duration, PostgreSQL's iso_8601 IntervalStyle: P1Y2M3DT4H5M6.5S, PT0S for zero. */
static void buf_interval(og_buf *o, og_interval iv)
{
    if (!iv.months && !iv.days && !iv.usec) {
        og_buf_puts(o, "PT0S");
        return;
    }
    og_buf_putc(o, 'P');
    if (iv.months / 12)
        og_buf_printf(o, "%dY", iv.months / 12);
    if (iv.months % 12)
        og_buf_printf(o, "%dM", iv.months % 12);
    if (iv.days)
        og_buf_printf(o, "%dD", iv.days);
    if (iv.usec) {
        const char *sg = iv.usec < 0 ? "-" : "";
        uint64_t u = iv.usec < 0 ? 0 - (uint64_t)iv.usec : (uint64_t)iv.usec;
        unsigned long long h = u / UINT64_C(3600000000), m = u / 60000000 % 60, s = u / 1000000 % 60, f = u % 1000000;
        og_buf_putc(o, 'T');
        if (h)
            og_buf_printf(o, "%s%lluH", sg, h);
        if (m)
            og_buf_printf(o, "%s%lluM", sg, m);
        if (s || f) {
            og_buf_printf(o, "%s%llu", sg, s);
            if (f) {
                char fr[8];
                snprintf(fr, sizeof(fr), "%06llu", f);
                for (int k = 5; k > 0 && fr[k] == '0'; k--)
                    fr[k] = '\0';
                og_buf_printf(o, ".%s", fr);
            }
            og_buf_putc(o, 'S');
        }
    }
}

static void buf_json_string(og_buf *o, const char *p, size_t n)
{
    og_buf_putc(o, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        switch (ch) {
        case '"':
            og_buf_puts(o, "\\\"");
            break;
        case '\\':
            og_buf_puts(o, "\\\\");
            break;
        case '\n':
            og_buf_puts(o, "\\n");
            break;
        case '\r':
            og_buf_puts(o, "\\r");
            break;
        case '\t':
            og_buf_puts(o, "\\t");
            break;
        default:
            if (ch < 0x20)
                og_buf_printf(o, "\\u%04x", ch);
            else
                og_buf_putc(o, ch);
        }
    }
    og_buf_putc(o, '"');
}

/* ------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------ */

/* Is the payload of this type u.str? */
bool drv_sqlite_oid_is_str(uint32_t oid)
{
    return oid == OG_OID_UNKNOWN_PARAM || og_type_is_str(oid);
}

/* Declared column types the driver recognises (lower case, without
 * parameters). INTEGER and REAL keep SQLite's meaning (64-bit). */
static const struct {
    const char *name;
    uint32_t oid;
} decl_types[] = {
    {"bool", OG_OID_BOOL},
    {"boolean", OG_OID_BOOL},
    {"int2", OG_OID_INT2},
    {"smallint", OG_OID_INT2},
    {"int", OG_OID_INT4},
    {"int4", OG_OID_INT4},
    {"integer", OG_OID_INT8},
    {"int8", OG_OID_INT8},
    {"bigint", OG_OID_INT8},
    {"float4", OG_OID_FLOAT4},
    {"real", OG_OID_FLOAT8},
    {"float", OG_OID_FLOAT8},
    {"float8", OG_OID_FLOAT8},
    {"double", OG_OID_FLOAT8},
    {"double precision", OG_OID_FLOAT8},
    {"numeric", OG_OID_NUMERIC},
    {"decimal", OG_OID_NUMERIC},
    {"text", OG_OID_TEXT},
    {"clob", OG_OID_TEXT},
    {"varchar", OG_OID_VARCHAR},
    {"character varying", OG_OID_VARCHAR},
    {"char", OG_OID_BPCHAR},
    {"character", OG_OID_BPCHAR},
    {"bpchar", OG_OID_BPCHAR},
    {"name", OG_OID_NAME},
    {"bytea", OG_OID_BYTEA},
    {"blob", OG_OID_BYTEA},
    {"date", OG_OID_DATE},
    {"time", OG_OID_TIME},
    {"time without time zone", OG_OID_TIME},
    {"timestamp", OG_OID_TIMESTAMP},
    {"timestamp without time zone", OG_OID_TIMESTAMP},
    {"datetime", OG_OID_TIMESTAMP},
    {"timestamptz", OG_OID_TIMESTAMPTZ},
    {"timestamp with time zone", OG_OID_TIMESTAMPTZ},
    {"interval", OG_OID_INTERVAL},
    {"uuid", OG_OID_UUID},
    {"json", OG_OID_JSON},
    {"jsonb", OG_OID_JSONB},
};

/* PostgreSQL type of a declared column type, or 0 when it names none we
 * know. A trailing " TEXT" or " BLOB" after a known name only sets SQLite's
 * affinity ("NUMERIC TEXT", "FLOAT8 BLOB": see docs/sqlite.md) and is ignored. */
static uint32_t decltype_oid(const char *decl)
{
    if (!decl)
        return 0;
    char norm[64] = "";
    size_t n = 0;
    int depth = 0;
    for (const char *s = decl; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '(')
            depth++;
        else if (ch == ')')
            depth--;
        else if (depth > 0)
            continue;
        else if (isspace(ch)) {
            if (n > 0 && norm[n - 1] != ' ')
                norm[n++] = ' ';
        } else
            norm[n++] = (char)tolower(ch);
        if (n >= sizeof(norm) - 1)
            return 0;
    }
    while (n > 0 && norm[n - 1] == ' ')
        n--;
    bool array = n > 2 && norm[n - 2] == '[' && norm[n - 1] == ']';
    if (array) {
        n -= 2;
        while (n > 0 && norm[n - 1] == ' ')
            n--;
    }
    norm[n] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < sizeof(decl_types) / sizeof(decl_types[0]); k++)
            if (!strcmp(norm, decl_types[k].name))
                return array ? og_type_array_of(decl_types[k].oid) : decl_types[k].oid;
        if (array || n < 6 || (strcmp(norm + n - 5, " text") && strcmp(norm + n - 5, " blob")))
            break;
        n -= 5; /* "numeric text": the affinity word */
        norm[n] = '\0';
        array = n > 2 && norm[n - 2] == '[' && norm[n - 1] == ']';
        if (array) {
            n -= 2;
            norm[n] = '\0';
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Binding: og_value -> SQLite (the encoding of docs/sqlite.md)
 * ------------------------------------------------------------------------ */

static bool json_elem_encode(og_buf *o, const og_value *e, uint32_t elem, og_error *err)
{
    char num[48];
    if (e->isnull) {
        og_buf_puts(o, "null");
        return true;
    }
    switch (elem) {
    case OG_OID_BOOL:
        og_buf_puts(o, e->u.b ? "true" : "false");
        return true;
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        og_buf_printf(o, "%lld", (long long)e->u.i);
        return true;
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        fmt_double(e->u.f, elem == OG_OID_FLOAT4, num, sizeof(num));
        if (isnan(e->u.f) || isinf(e->u.f))
            buf_json_string(o, num, strlen(num)); /* JSON has no NaN or Infinity */
        else
            og_buf_puts(o, num);
        return true;
    case OG_OID_BYTEA: {
        static const char hex[] = "0123456789abcdef";
        og_buf_putc(o, '"');
        for (size_t k = 0; k < e->u.str.len; k++) {
            og_buf_putc(o, (uint8_t)hex[(uint8_t)e->u.str.p[k] >> 4]);
            og_buf_putc(o, (uint8_t)hex[(uint8_t)e->u.str.p[k] & 15]);
        }
        og_buf_putc(o, '"');
        return true;
    }
    case OG_OID_INTERVAL: {
        og_buf t = OG_BUF_INIT;
        buf_interval(&t, e->u.iv);
        buf_json_string(o, (const char *)t.data, t.len);
        og_buf_free(&t);
        return true;
    }
    case OG_OID_UUID:
        og_buf_putc(o, '"');
        buf_uuid(o, e->u.uuid);
        og_buf_putc(o, '"');
        return true;
    default:
        if (drv_sqlite_oid_is_str(elem)) { /* numeric, text family, json: the text as a JSON string */
            buf_json_string(o, e->u.str.p ? e->u.str.p : "", e->u.str.len);
            return true;
        }
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "arrays of type %s are not supported by the SQLite backend", og_type_name(elem));
        return false;
    }
}

/* An array as JSON text: [e1,e2,...], or {"lbound":n,"elems":[...]} when the
 * lower bound is not 1. */
static bool json_array_encode(og_buf *o, const og_value *v, og_error *err)
{
    const og_array *arr = &v->u.arr;
    uint32_t elem = arr->elem_oid ? arr->elem_oid : og_type_array_elem(v->oid);
    bool bounded = arr->n > 0 && arr->lbound != 1;
    if (bounded)
        og_buf_printf(o, "{\"lbound\":%d,\"elems\":", arr->lbound);
    og_buf_putc(o, '[');
    for (uint32_t k = 0; k < arr->n; k++) {
        if (k)
            og_buf_putc(o, ',');
        if (!json_elem_encode(o, &arr->elems[k], elem, err))
            return false;
    }
    og_buf_putc(o, ']');
    if (bounded)
        og_buf_putc(o, '}');
    return true;
}

/* One SQLite value, detached from the statement. */
typedef struct sq_cell {
    int cls; /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL */
    int64_t i;
    double f;
    const char *p;
    size_t n;
} sq_cell;

/* v in its storage encoding (docs/sqlite.md), the one place that decides it:
 * binding a parameter and returning a function result both use it. Text that
 * has to be built (interval, arrays) goes into scratch (cleared first) and
 * *built is set; otherwise p points into v. what names the values in an
 * error ("parameters"). */
static bool value_encode(const og_value *v, uint32_t oid, og_buf *scratch, sq_cell *out, bool *built, const char *what,
                         og_error *err)
{
    *out = (sq_cell){.cls = SQLITE_NULL, .p = ""};
    *built = false;
    if (v->isnull)
        return true;
    if (og_type_array_elem(oid)) {
        og_buf_clear(scratch);
        if (!json_array_encode(scratch, v, err))
            return false;
        *out = (sq_cell){.cls = SQLITE_TEXT, .p = og_buf_cstr(scratch), .n = scratch->len};
        *built = true;
        return true;
    }
    switch (oid) {
    case OG_OID_BOOL:
        *out = (sq_cell){.cls = SQLITE_INTEGER, .i = v->u.b ? 1 : 0};
        return true;
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        *out = (sq_cell){.cls = SQLITE_INTEGER, .i = v->u.i};
        return true;
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        if (isnan(v->u.f)) /* SQLite stores a NaN as NULL */
            *out = (sq_cell){.cls = SQLITE_TEXT, .p = "NaN", .n = 3};
        else
            *out = (sq_cell){.cls = SQLITE_FLOAT, .f = v->u.f};
        return true;
    case OG_OID_BYTEA: /* an empty value is a zero-length blob, not NULL */
        *out = (sq_cell){.cls = SQLITE_BLOB, .p = v->u.str.p ? v->u.str.p : "", .n = v->u.str.len};
        return true;
    case OG_OID_UUID:
        *out = (sq_cell){.cls = SQLITE_BLOB, .p = (const char *)v->u.uuid, .n = 16};
        return true;
    case OG_OID_INTERVAL:
        og_buf_clear(scratch);
        buf_interval(scratch, v->u.iv);
        *out = (sq_cell){.cls = SQLITE_TEXT, .p = og_buf_cstr(scratch), .n = scratch->len};
        *built = true;
        return true;
    default:
        if (drv_sqlite_oid_is_str(oid)) { /* text family, numeric, json, jsonb, unknown */
            *out = (sq_cell){.cls = SQLITE_TEXT, .p = v->u.str.p ? v->u.str.p : "", .n = v->u.str.len};
            return true;
        }
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "%s of type %s are not supported by the SQLite backend",
                     what, og_type_name(oid));
        return false;
    }
}

bool drv_sqlite_literal(og_buf *out, const og_value *v, og_error *err)
{
    og_buf scratch = OG_BUF_INIT;
    sq_cell c;
    bool built;
    if (!value_encode(v, v->oid, &scratch, &c, &built, "literals", err)) {
        og_buf_free(&scratch);
        return false;
    }
    switch (c.cls) {
    case SQLITE_NULL:
        og_buf_puts(out, "NULL");
        break;
    case SQLITE_INTEGER:
        if (c.i == INT64_MIN) /* its absolute value is no integer literal */
            og_buf_puts(out, "(-9223372036854775807 - 1)");
        else
            og_buf_printf(out, "%lld", (long long)c.i);
        break;
    case SQLITE_FLOAT:
        if (isinf(c.f))
            og_buf_puts(out, c.f > 0 ? "9e999" : "-9e999");
        else if (c.f == 0)
            og_buf_puts(out, signbit(c.f) ? "-0.0" : "0.0");
        else
            og_buf_printf(out, "%.17e", c.f); /* read back as the same double */
        break;
    case SQLITE_BLOB:
        og_buf_puts(out, "X'");
        for (size_t k = 0; k < c.n; k++)
            og_buf_printf(out, "%02x", (unsigned)(uint8_t)c.p[k]);
        og_buf_putc(out, '\'');
        break;
    default: /* TEXT */
        og_buf_putc(out, '\'');
        for (size_t k = 0; k < c.n; k++) {
            if (c.p[k] == '\'')
                og_buf_putc(out, '\'');
            og_buf_putc(out, (uint8_t)c.p[k]);
        }
        og_buf_putc(out, '\'');
        break;
    }
    og_buf_free(&scratch);
    return true;
}

/* Bind one value; text built here lives in arena (the job's, alive until the statement is reset). */
int drv_sqlite_bind_value(sqlite3_stmt *st, int idx, const og_value *v, og_arena *a, og_error *err)
{
    og_buf scratch = OG_BUF_INIT;
    sq_cell c;
    bool built;
    if (!value_encode(v, v->oid, &scratch, &c, &built, "parameters", err)) {
        og_buf_free(&scratch);
        return SQLITE_MISUSE;
    }
    if (built)
        c.p = og_arena_memdup(a, c.p, c.n);
    og_buf_free(&scratch);
    switch (c.cls) {
    case SQLITE_INTEGER:
        return sqlite3_bind_int64(st, idx, c.i);
    case SQLITE_FLOAT:
        return sqlite3_bind_double(st, idx, c.f);
    case SQLITE_TEXT:
        return sqlite3_bind_text64(st, idx, c.p, c.n, SQLITE_STATIC, SQLITE_UTF8);
    case SQLITE_BLOB:
        return sqlite3_bind_blob64(st, idx, c.p, c.n, SQLITE_STATIC);
    default:
        return sqlite3_bind_null(st, idx);
    }
}

/* Make v a function's result in its storage encoding (SQLite copies it). */
bool drv_sqlite_result_value(sqlite3_context *ctx, const og_value *v, uint32_t oid, og_buf *scratch, og_error *err)
{
    sq_cell c;
    bool built;
    if (!value_encode(v, v->oid ? v->oid : oid, scratch, &c, &built, "function results", err))
        return false;
    switch (c.cls) {
    case SQLITE_INTEGER:
        sqlite3_result_int64(ctx, c.i);
        break;
    case SQLITE_FLOAT:
        sqlite3_result_double(ctx, c.f);
        break;
    case SQLITE_TEXT:
        sqlite3_result_text64(ctx, c.p, c.n, SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    case SQLITE_BLOB:
        sqlite3_result_blob64(ctx, c.p, c.n, SQLITE_TRANSIENT);
        break;
    default:
        sqlite3_result_null(ctx);
        break;
    }
    return true;
}

/* ------------------------------------------------------------------------
 * Reading: SQLite -> og_value (the inverse of the binding)
 * ------------------------------------------------------------------------ */

static sq_cell cell_of(sqlite3_stmt *st, int col)
{
    sq_cell c = {.cls = sqlite3_column_type(st, col)};
    switch (c.cls) {
    case SQLITE_INTEGER:
        c.i = sqlite3_column_int64(st, col);
        break;
    case SQLITE_FLOAT:
        c.f = sqlite3_column_double(st, col);
        break;
    case SQLITE_TEXT:
        c.p = (const char *)sqlite3_column_text(st, col);
        c.n = (size_t)sqlite3_column_bytes(st, col);
        break;
    case SQLITE_BLOB:
        c.p = sqlite3_column_blob(st, col);
        c.n = (size_t)sqlite3_column_bytes(st, col);
        break;
    default:
        break;
    }
    if (!c.p)
        c.p = ""; /* an empty blob or text comes back as NULL pointer */
    return c;
}

static const char *cls_name(int cls)
{
    switch (cls) {
    case SQLITE_INTEGER:
        return "INTEGER";
    case SQLITE_FLOAT:
        return "REAL";
    case SQLITE_TEXT:
        return "TEXT";
    case SQLITE_BLOB:
        return "BLOB";
    default:
        return "NULL";
    }
}

static void err_syntax(og_error *err, uint32_t oid, const char *p, size_t n)
{
    int show = n > SQ_MSG_VALUE_MAX ? SQ_MSG_VALUE_MAX : (int)n;
    og_error_set(err, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type %s: \"%.*s\"",
                 og_type_name(oid), show, p);
}

static void err_mismatch(og_error *err, uint32_t oid, int cls)
{
    og_error_set(err, "42804", "cannot read a SQLite %s value as type %s", cls_name(cls), og_type_name(oid));
}

/* The cell as text: TEXT and BLOB as they are, numbers in PostgreSQL's text form. */
static void cell_text(og_arena *a, const sq_cell *c, const char **p, size_t *n)
{
    char buf[48];
    if (c->cls == SQLITE_INTEGER)
        snprintf(buf, sizeof(buf), "%lld", (long long)c->i);
    else if (c->cls == SQLITE_FLOAT)
        fmt_double(c->f, false, buf, sizeof(buf));
    else {
        *p = og_arena_memdup(a, c->p, c->n);
        *n = c->n;
        return;
    }
    *n = strlen(buf);
    *p = og_arena_memdup(a, buf, *n);
}

static bool int_in_range(uint32_t oid, int64_t v)
{
    if (oid == OG_OID_INT2)
        return v >= INT16_MIN && v <= INT16_MAX;
    if (oid == OG_OID_INT4)
        return v >= INT32_MIN && v <= INT32_MAX;
    if (oid == OG_OID_OID)
        return v >= 0 && v <= UINT32_MAX;
    return true;
}

static bool decode_int(const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    int64_t v;
    switch (c->cls) {
    case SQLITE_INTEGER:
        v = c->i;
        break;
    case SQLITE_FLOAT: { /* float to integer rounds half to even, as PostgreSQL */
        double r = rint(c->f);
        if (isnan(r) || r < -9223372036854775808.0 || r >= 9223372036854775808.0)
            goto range;
        v = (int64_t)r;
        break;
    }
    case SQLITE_TEXT:
        if (!parse_int64(c->p, c->n, &v)) {
            err_syntax(err, oid, c->p, c->n);
            return false;
        }
        break;
    default:
        err_mismatch(err, oid, c->cls);
        return false;
    }
    if (!int_in_range(oid, v))
        goto range;
    out->u.i = v;
    return true;
range:
    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "%s out of range", og_type_name(oid));
    return false;
}

static bool decode_float(const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    double v;
    bool range = false;
    switch (c->cls) {
    case SQLITE_INTEGER:
        v = (double)c->i;
        break;
    case SQLITE_FLOAT:
        v = c->f;
        break;
    case SQLITE_TEXT:
        if (!parse_double(c->p, c->n, &v, &range)) {
            err_syntax(err, oid, c->p, c->n);
            return false;
        }
        break;
    default:
        err_mismatch(err, oid, c->cls);
        return false;
    }
    if (oid == OG_OID_FLOAT4 && isfinite(v)) {
        float f = (float)v;
        range = range || isinf(f);
        v = f;
    }
    if (range) {
        og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "value out of range: overflow");
        return false;
    }
    out->u.f = v;
    return true;
}

static bool decode_bool(const sq_cell *c, og_value *out, og_error *err)
{
    static const char *const yes[] = {"t", "true", "y", "yes", "on", "1"};
    static const char *const no[] = {"f", "false", "n", "no", "off", "0"};
    switch (c->cls) {
    case SQLITE_INTEGER:
        out->u.b = c->i != 0;
        return true;
    case SQLITE_FLOAT:
        out->u.b = c->f != 0;
        return true;
    case SQLITE_TEXT:
        for (size_t k = 0; k < sizeof(yes) / sizeof(yes[0]); k++) {
            if (text_is_word(c->p, c->n, yes[k])) {
                out->u.b = true;
                return true;
            }
            if (text_is_word(c->p, c->n, no[k])) {
                out->u.b = false;
                return true;
            }
        }
        err_syntax(err, OG_OID_BOOL, c->p, c->n);
        return false;
    default:
        err_mismatch(err, OG_OID_BOOL, c->cls);
        return false;
    }
}

static bool decode_numeric(og_arena *a, const sq_cell *c, og_value *out, og_error *err)
{
    char buf[48];
    const char *p = c->p;
    size_t n = c->n;
    if (c->cls == SQLITE_INTEGER) {
        n = (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)c->i);
        p = buf;
    } else if (c->cls == SQLITE_FLOAT) { /* as float8_numeric: 15 significant digits */
        if (isnan(c->f))
            n = (size_t)snprintf(buf, sizeof(buf), "NaN");
        else if (isinf(c->f))
            n = (size_t)snprintf(buf, sizeof(buf), c->f > 0 ? "Infinity" : "-Infinity");
        else
            n = (size_t)snprintf(buf, sizeof(buf), "%.15g", c->f);
        p = buf;
    } else if (c->cls != SQLITE_TEXT) {
        err_mismatch(err, OG_OID_NUMERIC, c->cls);
        return false;
    }
    size_t len;
    char *s = numeric_canon(a, p, n, &len);
    if (!s) {
        err_syntax(err, OG_OID_NUMERIC, p, n);
        return false;
    }
    out->u.str.p = s;
    out->u.str.len = len;
    return true;
}

static bool decode_datetime(const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    int64_t v;
    if (c->cls == SQLITE_INTEGER) {
        v = c->i;
    } else if (c->cls == SQLITE_TEXT) {
        bool ok = oid == OG_OID_DATE   ? parse_date(c->p, c->n, &v)
                  : oid == OG_OID_TIME ? parse_time(c->p, c->n, &v)
                                       : parse_timestamp(c->p, c->n, oid == OG_OID_TIMESTAMPTZ, &v);
        if (!ok) {
            err_syntax(err, oid, c->p, c->n);
            return false;
        }
    } else {
        err_mismatch(err, oid, c->cls);
        return false;
    }
    if ((oid == OG_OID_DATE && (v < INT32_MIN || v > INT32_MAX)) ||
        (oid == OG_OID_TIME && (v < 0 || v > USECS_PER_DAY))) {
        og_error_set(err, OG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "%s out of range", og_type_name(oid));
        return false;
    }
    out->u.i = v;
    return true;
}

static bool decode_interval(const sq_cell *c, og_value *out, og_error *err)
{
    if (c->cls == SQLITE_INTEGER) { /* microseconds, e.g. a difference of two timestamps */
        out->u.iv = (og_interval){.usec = c->i};
        return true;
    }
    if (c->cls != SQLITE_TEXT) {
        err_mismatch(err, OG_OID_INTERVAL, c->cls);
        return false;
    }
    if (!parse_interval(c->p, c->n, &out->u.iv)) {
        err_syntax(err, OG_OID_INTERVAL, c->p, c->n);
        return false;
    }
    return true;
}

static bool decode_uuid(const sq_cell *c, og_value *out, og_error *err)
{
    if (c->cls == SQLITE_BLOB && c->n == 16) {
        memcpy(out->u.uuid, c->p, 16);
        return true;
    }
    if (c->cls == SQLITE_TEXT && parse_uuid(c->p, c->n, out->u.uuid))
        return true;
    if (c->cls == SQLITE_TEXT)
        err_syntax(err, OG_OID_UUID, c->p, c->n);
    else
        err_mismatch(err, OG_OID_UUID, c->cls);
    return false;
}

/* --- arrays: a small JSON reader over the text json_array_encode wrote --- */

typedef enum { JT_NULL, JT_TRUE, JT_FALSE, JT_NUM, JT_STR } jt_kind;

typedef struct jtok {
    jt_kind kind;
    const char *raw; /* the token's text in the input */
    size_t rawlen;
    char *s; /* JT_STR: decoded (arena) */
    size_t slen;
} jtok;

static void json_space(sq_text *t)
{
    while (t->i < t->n && t->p[t->i] && strchr(" \t\r\n", t->p[t->i]))
        t->i++;
}

static void utf8_put(og_buf *o, uint32_t cp)
{
    if (cp < 0x80) {
        og_buf_putc(o, (uint8_t)cp);
    } else if (cp < 0x800) {
        og_buf_putc(o, (uint8_t)(0xC0 | cp >> 6));
        og_buf_putc(o, (uint8_t)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        og_buf_putc(o, (uint8_t)(0xE0 | cp >> 12));
        og_buf_putc(o, (uint8_t)(0x80 | (cp >> 6 & 0x3F)));
        og_buf_putc(o, (uint8_t)(0x80 | (cp & 0x3F)));
    } else {
        og_buf_putc(o, (uint8_t)(0xF0 | cp >> 18));
        og_buf_putc(o, (uint8_t)(0x80 | (cp >> 12 & 0x3F)));
        og_buf_putc(o, (uint8_t)(0x80 | (cp >> 6 & 0x3F)));
        og_buf_putc(o, (uint8_t)(0x80 | (cp & 0x3F)));
    }
}

static bool json_hex4(sq_text *t, uint32_t *cp)
{
    if (t->i + 4 > t->n)
        return false;
    *cp = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval((unsigned char)t->p[t->i++]);
        if (h < 0)
            return false;
        *cp = *cp << 4 | (uint32_t)h;
    }
    return true;
}

static bool json_string(og_arena *a, sq_text *t, jtok *tok)
{
    og_buf o = OG_BUF_INIT;
    t->i++; /* the opening quote */
    for (;;) {
        if (t->i >= t->n)
            goto bad;
        unsigned char ch = (unsigned char)t->p[t->i++];
        if (ch == '"')
            break;
        if (ch < 0x20)
            goto bad;
        if (ch != '\\') {
            og_buf_putc(&o, ch);
            continue;
        }
        if (t->i >= t->n)
            goto bad;
        ch = (unsigned char)t->p[t->i++];
        const char *esc = strchr("\"\\/bfnrt", ch);
        if (esc && ch) {
            og_buf_putc(&o, (uint8_t) "\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrt"]);
            continue;
        }
        uint32_t cp, lo;
        if (ch != 'u' || !json_hex4(t, &cp))
            goto bad;
        if (cp >= 0xD800 && cp < 0xDC00) {
            if (t->i + 2 > t->n || t->p[t->i] != '\\' || t->p[t->i + 1] != 'u')
                goto bad;
            t->i += 2;
            if (!json_hex4(t, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                goto bad;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp < 0xE000) {
            goto bad;
        }
        utf8_put(&o, cp);
    }
    tok->kind = JT_STR;
    tok->s = og_arena_memdup(a, o.data ? (const char *)o.data : "", o.len);
    tok->slen = o.len;
    og_buf_free(&o);
    return true;
bad:
    og_buf_free(&o);
    return false;
}

/* One scalar JSON value (arrays and objects are not array elements). */
static bool json_scalar(og_arena *a, sq_text *t, jtok *tok)
{
    json_space(t);
    size_t start = t->i;
    if (t->i >= t->n)
        return false;
    char ch = t->p[t->i];
    if (ch == '"') {
        if (!json_string(a, t, tok))
            return false;
    } else if (ch == '-' || isdigit((unsigned char)ch)) {
        while (t->i < t->n && t->p[t->i] && strchr("+-0123456789.eE", t->p[t->i]))
            t->i++;
        tok->kind = JT_NUM;
    } else {
        static const struct {
            const char *w;
            jt_kind k;
        } words[] = {{"null", JT_NULL}, {"true", JT_TRUE}, {"false", JT_FALSE}};
        size_t k;
        for (k = 0; k < 3; k++) {
            size_t len = strlen(words[k].w);
            if (t->n - t->i >= len && !strncmp(t->p + t->i, words[k].w, len)) {
                t->i += len;
                tok->kind = words[k].k;
                break;
            }
        }
        if (k == 3)
            return false;
    }
    tok->raw = t->p + start;
    tok->rawlen = t->i - start;
    return true;
}

static bool decode_cell(og_arena *a, const sq_cell *c, uint32_t oid, og_value *out, og_error *err);

/* A JSON array element into a value of type elem (the inverse of json_elem_encode). */
static bool json_elem_decode(og_arena *a, const jtok *tok, uint32_t elem, og_value *out, og_error *err)
{
    *out = og_value_null(elem);
    if (tok->kind == JT_NULL)
        return true;
    out->isnull = false;
    bool str = tok->kind == JT_STR, num = tok->kind == JT_NUM;
    sq_cell c = {.cls = SQLITE_TEXT, .p = str ? tok->s : tok->raw, .n = str ? tok->slen : tok->rawlen};
    switch (elem) {
    case OG_OID_BOOL:
        if (tok->kind != JT_TRUE && tok->kind != JT_FALSE)
            return false;
        out->u.b = tok->kind == JT_TRUE;
        return true;
    case OG_OID_BYTEA: {
        if (!str || tok->slen % 2)
            return false;
        char *bytes = og_arena_alloc(a, tok->slen / 2 + 1);
        for (size_t k = 0; k < tok->slen / 2; k++) {
            int hi = hexval((unsigned char)tok->s[2 * k]), lo = hexval((unsigned char)tok->s[2 * k + 1]);
            if (hi < 0 || lo < 0)
                return false;
            bytes[k] = (char)(hi << 4 | lo);
        }
        out->u.str.p = bytes;
        out->u.str.len = tok->slen / 2;
        return true;
    }
    case OG_OID_JSON:
    case OG_OID_JSONB: /* a string holds the document; any other token is the document */
        cell_text(a, &c, &out->u.str.p, &out->u.str.len);
        return true;
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        if (!num || !parse_int64(c.p, c.n, &c.i))
            return false;
        c.cls = SQLITE_INTEGER;
        return decode_cell(a, &c, elem, out, err);
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
    case OG_OID_NUMERIC: /* numbers, or strings: "NaN", "Infinity", a numeric's text */
        return (num || str) && decode_cell(a, &c, elem, out, err);
    default: /* interval, uuid, the text family: strings */
        return str && decode_cell(a, &c, elem, out, err);
    }
}

/* [..] or {"lbound":n,"elems":[..]} into an array of type oid. */
static bool decode_array(og_arena *a, const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    uint32_t elem = og_type_array_elem(oid);
    if (c->cls != SQLITE_TEXT) {
        err_mismatch(err, oid, c->cls);
        return false;
    }
    sq_text t = {c->p, c->n, 0};
    int64_t lbound = 1;
    bool object = false;
    size_t cap = 8, n = 0;
    og_value *elems = NULL;
    og_error sub = OG_ERROR_INIT;
    json_space(&t);
    if (text_eat(&t, '{')) { /* {"lbound":n,"elems":[...]}, keys in this order */
        object = true;
        jtok k;
        json_space(&t);
        if (!json_scalar(a, &t, &k) || k.kind != JT_STR || strcmp(k.s, "lbound"))
            goto bad;
        json_space(&t);
        if (!text_eat(&t, ':'))
            goto bad;
        json_space(&t);
        bool neg = text_eat(&t, '-');
        if (!text_digits(&t, 1, 10, &lbound))
            goto bad;
        lbound = neg ? -lbound : lbound;
        if (lbound < INT32_MIN || lbound > INT32_MAX)
            goto bad;
        json_space(&t);
        if (!text_eat(&t, ',') || !json_scalar(a, &t, &k) || k.kind != JT_STR || strcmp(k.s, "elems"))
            goto bad;
        json_space(&t);
        if (!text_eat(&t, ':'))
            goto bad;
        json_space(&t);
    }
    if (!text_eat(&t, '['))
        goto bad;
    elems = og_arena_alloc(a, cap * sizeof(og_value));
    json_space(&t);
    if (!text_eat(&t, ']')) {
        for (;;) {
            jtok tok;
            if (!json_scalar(a, &t, &tok))
                goto bad;
            if (n == cap) {
                og_value *bigger = og_arena_alloc(a, 2 * cap * sizeof(og_value));
                memcpy(bigger, elems, n * sizeof(og_value));
                elems = bigger;
                cap *= 2;
            }
            if (!json_elem_decode(a, &tok, elem, &elems[n], &sub))
                goto bad;
            n++;
            json_space(&t);
            if (text_eat(&t, ']'))
                break;
            if (!text_eat(&t, ','))
                goto bad;
        }
    }
    json_space(&t);
    if (object && !text_eat(&t, '}'))
        goto bad;
    json_space(&t);
    if (t.i != t.n || n > UINT32_MAX)
        goto bad;
    out->u.arr = (og_array){.elem_oid = elem, .n = (uint32_t)n, .lbound = n ? (int32_t)lbound : 1, .elems = elems};
    return true;
bad:
    if (og_error_isset(&sub) && strcmp(sub.code, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION) != 0) {
        og_error_move(err, &sub); /* out of range and the like keep their own code */
        return false;
    }
    og_error_set(err, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "malformed array literal: \"%.*s\"",
                 c->n > SQ_MSG_VALUE_MAX ? SQ_MSG_VALUE_MAX : (int)c->n, c->p);
    og_error_detail(err, "The SQLite backend stores %s as a JSON array of %s.", og_type_name(oid), og_type_name(elem));
    og_error_clear(&sub);
    return false;
}

/* A cell into a value of type oid; payloads go into arena. */
static bool decode_cell(og_arena *a, const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    *out = og_value_null(oid);
    if (c->cls == SQLITE_NULL)
        return true;
    out->isnull = false;
    if (og_type_array_elem(oid))
        return decode_array(a, c, oid, out, err);
    switch (oid) {
    case OG_OID_BOOL:
        return decode_bool(c, out, err);
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
        return decode_int(c, oid, out, err);
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        return decode_float(c, oid, out, err);
    case OG_OID_NUMERIC:
        return decode_numeric(a, c, out, err);
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        return decode_datetime(c, oid, out, err);
    case OG_OID_INTERVAL:
        return decode_interval(c, out, err);
    case OG_OID_UUID:
        return decode_uuid(c, out, err);
    default:
        if (drv_sqlite_oid_is_str(oid)) { /* text family, json, bytea: the bytes; numbers as text */
            cell_text(a, c, &out->u.str.p, &out->u.str.len);
            return true;
        }
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "result columns of type %s are not supported by the SQLite backend", og_type_name(oid));
        return false;
    }
}

/* Is this numeric_out's canonical text already ("-12.50", "0", "NaN", "-Infinity"; no
 * leading zeros, no negative zero)? Then a function argument needs no copy. */
static bool numeric_is_canon(const char *p, size_t n)
{
    if ((n == 3 && !memcmp(p, "NaN", 3)) || (n == 8 && !memcmp(p, "Infinity", 8)) ||
        (n == 9 && !memcmp(p, "-Infinity", 9)))
        return true;
    size_t i = 0;
    bool neg = n > 0 && p[0] == '-', nonzero = false;
    i += neg;
    size_t d0 = i;
    while (i < n && isdigit((unsigned char)p[i]))
        nonzero |= p[i++] != '0';
    if (i == d0 || (p[d0] == '0' && i - d0 > 1))
        return false;
    if (i < n && p[i] == '.') {
        size_t f0 = ++i;
        while (i < n && isdigit((unsigned char)p[i]))
            nonzero |= p[i++] != '0';
        if (i == f0)
            return false;
    }
    return i == n && (!neg || nonzero);
}

static sq_cell cell_of_value(sqlite3_value *sv)
{
    sq_cell c = {.cls = sqlite3_value_type(sv)};
    switch (c.cls) {
    case SQLITE_INTEGER:
        c.i = sqlite3_value_int64(sv);
        break;
    case SQLITE_FLOAT:
        c.f = sqlite3_value_double(sv);
        break;
    case SQLITE_TEXT:
        c.p = (const char *)sqlite3_value_text(sv);
        c.n = (size_t)sqlite3_value_bytes(sv);
        break;
    case SQLITE_BLOB:
        c.p = sqlite3_value_blob(sv);
        c.n = (size_t)sqlite3_value_bytes(sv);
        break;
    default:
        break;
    }
    if (!c.p)
        c.p = "";
    return c;
}

bool drv_sqlite_value_from(sqlite3_value *sv, uint32_t oid, og_arena *a, og_value *out, og_error *err)
{
    sq_cell c = cell_of_value(sv);
    bool bytes = c.cls == SQLITE_TEXT || c.cls == SQLITE_BLOB;
    if (bytes && drv_sqlite_oid_is_str(oid) &&
        (oid != OG_OID_NUMERIC || (c.cls == SQLITE_TEXT && numeric_is_canon(c.p, c.n)))) {
        *out = og_value_null(oid); /* the common case: SQLite's own bytes, no copy */
        out->isnull = false;
        out->u.str.p = c.p;
        out->u.str.len = c.n;
        return true;
    }
    return decode_cell(a, &c, oid, out, err);
}

bool drv_sqlite_text_decode(const char *p, size_t n, uint32_t oid, og_arena *a, og_value *out, og_error *err)
{
    sq_cell c = {.cls = SQLITE_TEXT, .p = p ? p : "", .n = n};
    return decode_cell(a, &c, oid, out, err);
}

/* ------------------------------------------------------------------------
 * Results
 * ------------------------------------------------------------------------ */

drv_result *drv_sqlite_result_new(void)
{
    drv_result *r = drv_sqlite_xcalloc(1, sizeof(*r));
    og_arena_init(&r->arena);
    return r;
}

/* Names and types of the result columns (after the first step, when names are final). */
void drv_sqlite_result_columns(drv_result *r, sq_rows *rows, sqlite3_stmt *st, const uint32_t *types, uint16_t ntypes)
{
    int n = sqlite3_column_count(st);
    assert(n >= 0 && n <= UINT16_MAX);
    r->ncols = (uint16_t)n;
    r->cols = og_arena_zalloc(&r->arena, (size_t)n * sizeof(drv_column));
    rows->dynamic = drv_sqlite_xcalloc((size_t)n, sizeof(bool));
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(st, i);
        r->cols[i].name = og_arena_strdup(&r->arena, name ? name : "?column?");
        uint32_t oid = i < ntypes ? types[i] : 0;
        if (!oid)
            oid = decltype_oid(sqlite3_column_decltype(st, i));
        r->cols[i].type_oid = oid;
        rows->dynamic[i] = oid == 0;
    }
}

static uint32_t oid_of_class(int cls)
{
    switch (cls) {
    case SQLITE_INTEGER:
        return OG_OID_INT8;
    case SQLITE_FLOAT:
        return OG_OID_FLOAT8;
    case SQLITE_BLOB:
        return OG_OID_BYTEA;
    default:
        return OG_OID_TEXT;
    }
}

/* A column typed by its values met a value of another class: widen the
 * values so far (int8 -> float8; numbers or bytea -> text). */
static uint32_t column_widen(drv_result *r, sq_rows *rows, int col, int cls)
{
    uint32_t cur = r->cols[col].type_oid;
    if ((cur == OG_OID_INT8 && cls == SQLITE_INTEGER) || (cur == OG_OID_FLOAT8 && cls == SQLITE_FLOAT) ||
        (cur == OG_OID_FLOAT8 && cls == SQLITE_INTEGER) || (cur == OG_OID_BYTEA && cls == SQLITE_BLOB) ||
        cur == OG_OID_TEXT)
        return cur;
    uint32_t to = (cur == OG_OID_INT8 && cls == SQLITE_FLOAT) ? OG_OID_FLOAT8 : OG_OID_TEXT;
    for (size_t k = 0; k < rows->n; k++) {
        og_value *v = &rows->v[k][col];
        v->oid = to;
        if (v->isnull)
            continue;
        if (to == OG_OID_FLOAT8) {
            v->u.f = (double)v->u.i;
        } else if (cur != OG_OID_BYTEA) {
            sq_cell c = {.cls = cur == OG_OID_INT8 ? SQLITE_INTEGER : SQLITE_FLOAT, .i = v->u.i, .f = v->u.f};
            cell_text(&r->arena, &c, &v->u.str.p, &v->u.str.len);
        }
    }
    r->cols[col].type_oid = to;
    return to;
}

bool drv_sqlite_row_add(drv_result *r, sq_rows *rows, sqlite3_stmt *st, og_error *err)
{
    if (rows->n == rows->cap) {
        size_t cap = rows->cap ? 2 * rows->cap : 16;
        og_value **v = realloc(rows->v, cap * sizeof(*v));
        if (!v)
            abort();
        rows->v = v;
        rows->cap = cap;
    }
    if (rows->n >= UINT32_MAX) {
        og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "result has too many rows");
        return false;
    }
    og_value *row = og_arena_alloc(&r->arena, (r->ncols ? r->ncols : 1) * sizeof(og_value));
    for (int i = 0; i < r->ncols; i++) {
        sq_cell c = cell_of(st, i);
        uint32_t oid = r->cols[i].type_oid;
        if (rows->dynamic[i] && c.cls != SQLITE_NULL)
            oid = oid ? column_widen(r, rows, i, c.cls) : (r->cols[i].type_oid = oid_of_class(c.cls));
        if (!decode_cell(&r->arena, &c, oid, &row[i], err)) {
            og_error_detail(err, "in result column \"%s\" (a SQLite %s value)", r->cols[i].name, cls_name(c.cls));
            return false;
        }
    }
    rows->v[rows->n++] = row;
    return true;
}

/* Move the rows into the result (pointer array in its arena). */
void drv_sqlite_result_finish(drv_result *r, sq_rows *rows)
{
    r->nrows = (uint32_t)rows->n;
    r->rows = og_arena_alloc(&r->arena, (rows->n ? rows->n : 1) * sizeof(og_value *));
    if (rows->n)
        memcpy(r->rows, rows->v, rows->n * sizeof(og_value *));
    for (int i = 0; i < r->ncols; i++) {
        if (!rows->dynamic || !rows->dynamic[i])
            continue;
        if (!r->cols[i].type_oid)
            r->cols[i].type_oid = OG_OID_TEXT; /* only NULLs: text, as an unknown literal */
        for (size_t k = 0; k < rows->n; k++)
            if (rows->v[k][i].isnull)
                rows->v[k][i].oid = r->cols[i].type_oid;
    }
}

void drv_sqlite_rows_free(sq_rows *rows)
{
    free(rows->v);
    free(rows->dynamic);
    memset(rows, 0, sizeof(*rows));
}
