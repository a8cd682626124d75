/*
 * wire/codec.c - text and binary formats of values, as a PostgreSQL 15 server
 * reads (typinput/typreceive) and writes (typoutput/typsend) them.
 *
 * This file owns the public entry points of wire/codec.h and the scalar
 * types that need no calendar or tree: bool, int2/4/8, float4/8, numeric,
 * text/varchar/bpchar/name, bytea and uuid. Date/time types live in
 * codec_datetime.c (with codec_interval.c and codec_tz.c), json/jsonb in
 * codec_json.c, arrays in codec_array.c; their private interface is
 * codec_int.h.
 *
 * How it works: a text input is first checked as UTF-8 (PostgreSQL verifies
 * every client string before a type sees it) and copied, NUL-terminated,
 * into the caller's arena; the type parsers then run over that copy and
 * text-like values point straight into it. Each parser follows the
 * corresponding PostgreSQL function (pg_strtoint32, float8in, numeric_in,
 * byteain, string_to_uuid, ...) including its error codes and messages,
 * because clients and ORMs match on them.
 *
 * Numeric values are kept as canonical decimal text (what numeric_out would
 * print) and never pass through binary floating point; the binary format is
 * produced from that text by regrouping the decimal digits into base-10000
 * digits. Float output is the shortest text that reads back to the same
 * value (PostgreSQL 12+ with extra_float_digits = 1, i.e. Ryu): we search
 * the shortest length with printf("%.*e") and check the round trip with
 * strtod/strtof, excluding decimals that sit exactly on a rounding
 * boundary as PostgreSQL's Ryu does (it prints 1e23 as
 * 9.999999999999999e+22). Checked against PostgreSQL on ~25000 values;
 * a few microseconds for a 17-digit value, less for short ones.
 *
 * Pure code: no I/O and no global state here.
 */
#include "wire/codec.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wire/codec_int.h"

/* ---------------------------------------------------------------- errors */

void wire_err_syntax(wire_err *err, const char *typname, const char *s)
{
    wire_err_set(err, WIRE_SQLSTATE_SYNTAX, "invalid input syntax for type %s: \"%s\"", typname, s);
}

void wire_err_short(wire_err *err)
{
    wire_err_set(err, WIRE_SQLSTATE_PROTOCOL, "insufficient data left in message");
}

void wire_err_trailing(wire_err *err)
{
    wire_err_set(err, WIRE_SQLSTATE_BINARY, "incorrect binary data format");
}

/* Fixed-size binary input must be exactly n bytes. */
static bool binary_len_ok(size_t len, size_t n, wire_err *err)
{
    if (len < n) {
        wire_err_short(err);
        return false;
    }
    if (len > n) {
        wire_err_trailing(err);
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- UTF-8 */

/* Length of the UTF-8 sequence starting with byte c (pg_utf_mblen). */
size_t wire_utf8_seqlen(uint8_t c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0)
        return 2;
    if ((c & 0xf0) == 0xe0)
        return 3;
    if ((c & 0xf8) == 0xf0)
        return 4;
    return 1;
}

/* pg_utf8_islegal: rejects overlong forms, surrogates and > U+10FFFF. */
bool wire_utf8_legal(const uint8_t *s, size_t n)
{
    uint8_t a;
    switch (n) {
    case 4:
        a = s[3];
        if (a < 0x80 || a > 0xbf)
            return false;
        /* fall through */
    case 3:
        a = s[2];
        if (a < 0x80 || a > 0xbf)
            return false;
        /* fall through */
    case 2:
        a = s[1];
        switch (s[0]) {
        case 0xe0:
            if (a < 0xa0 || a > 0xbf)
                return false;
            break;
        case 0xed:
            if (a < 0x80 || a > 0x9f)
                return false;
            break;
        case 0xf0:
            if (a < 0x90 || a > 0xbf)
                return false;
            break;
        case 0xf4:
            if (a < 0x80 || a > 0x8f)
                return false;
            break;
        default:
            if (a < 0x80 || a > 0xbf)
                return false;
            break;
        }
        /* fall through */
    case 1:
        a = s[0];
        if (a >= 0x80 && a < 0xc2)
            return false;
        if (a > 0xf4)
            return false;
        return true;
    default:
        return false;
    }
}

/* Message of report_invalid_encoding: the bytes of the bad character. */
static void utf8_report(const uint8_t *s, size_t avail, wire_err *err)
{
    char bytes[32];
    size_t n = wire_utf8_seqlen(s[0]), off = 0;
    if (n > avail)
        n = avail;
    for (size_t i = 0; i < n; i++)
        off += (size_t)snprintf(bytes + off, sizeof(bytes) - off, i ? " 0x%02x" : "0x%02x", s[i]);
    wire_err_set(err, WIRE_SQLSTATE_ENCODING, "invalid byte sequence for encoding \"UTF8\": %s", bytes);
}

bool wire_utf8_check(const uint8_t *s, size_t len, wire_err *err)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] >= 0x01 && s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = wire_utf8_seqlen(s[i]);
        if (s[i] == 0 || n > len - i || !wire_utf8_legal(s + i, n)) {
            utf8_report(s + i, len - i, err);
            return false;
        }
        i += n;
    }
    return true;
}

/* ---------------------------------------------------------------- bool */

/* parse_bool_with_len: unique prefixes of true/false/yes/no, on/off, 1/0. */
static bool bool_parse(const char *s, size_t n, bool *out)
{
    if (n == 0)
        return false;
    switch (s[0]) {
    case 't':
    case 'T':
        if (n <= 4 && strncasecmp(s, "true", n) == 0)
            return *out = true, true;
        break;
    case 'f':
    case 'F':
        if (n <= 5 && strncasecmp(s, "false", n) == 0)
            return *out = false, true;
        break;
    case 'y':
    case 'Y':
        if (n <= 3 && strncasecmp(s, "yes", n) == 0)
            return *out = true, true;
        break;
    case 'n':
    case 'N':
        if (n <= 2 && strncasecmp(s, "no", n) == 0)
            return *out = false, true;
        break;
    case 'o':
    case 'O':
        /* a lone 'o' is ambiguous */
        if (n >= 2 && n <= 2 && strncasecmp(s, "on", n) == 0)
            return *out = true, true;
        if (n >= 2 && n <= 3 && strncasecmp(s, "off", n) == 0)
            return *out = false, true;
        break;
    case '1':
        if (n == 1)
            return *out = true, true;
        break;
    case '0':
        if (n == 1)
            return *out = false, true;
        break;
    default:
        break;
    }
    return false;
}

static bool bool_text_decode(const char *s, size_t len, og_value *out, wire_err *err)
{
    const char *b = s, *e = s + len;
    while (b < e && wire_isspace((unsigned char)*b))
        b++;
    while (e > b && wire_isspace((unsigned char)e[-1]))
        e--;
    if (!bool_parse(b, (size_t)(e - b), &out->u.b)) {
        wire_err_syntax(err, "boolean", s);
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- integers */

/* pg_strtoint16/32/64: spaces, sign, digits, spaces; overflow is detected
 * while reading digits, so "99999999999x" is out of range, not bad syntax. */
static bool int_text_decode(const char *s, int64_t min, const char *typname, og_value *out, wire_err *err)
{
    const char *p = s;
    bool neg = false;
    int64_t acc = 0; /* accumulated negatively so that min fits */
    while (*p && wire_isspace((unsigned char)*p))
        p++;
    if (*p == '-') {
        neg = true;
        p++;
    } else if (*p == '+') {
        p++;
    }
    if (*p < '0' || *p > '9')
        goto syntax;
    while (*p >= '0' && *p <= '9') {
        int d = *p++ - '0';
        if (acc < (min + d) / 10)
            goto range;
        acc = acc * 10 - d;
    }
    while (*p && wire_isspace((unsigned char)*p))
        p++;
    if (*p)
        goto syntax;
    if (!neg) {
        if (acc == min)
            goto range;
        acc = -acc;
    }
    out->u.i = acc;
    return true;
range:
    wire_err_set(err, WIRE_SQLSTATE_RANGE, "value \"%s\" is out of range for type %s", s, typname);
    return false;
syntax:
    wire_err_syntax(err, typname, s);
    return false;
}

/* ---------------------------------------------------------------- floats */

/* float4in/float8in: strtod/strtof with PostgreSQL's checks around it. */
static bool float_text_decode(const char *s, bool f4, og_value *out, wire_err *err)
{
    const char *typname = f4 ? "real" : "double precision";
    const char *num = s;
    char *end;
    double v;
    while (*num && wire_isspace((unsigned char)*num))
        num++;
    if (!*num)
        goto syntax;
    errno = 0;
    v = f4 ? (double)strtof(num, &end) : strtod(num, &end);
    if (end == num)
        goto syntax;
    if (errno == ERANGE) {
        /* subnormal results also report ERANGE; only zero or huge is an error */
        if (v == 0.0 || isinf(v)) {
            wire_err_set(err, WIRE_SQLSTATE_RANGE, "\"%.*s\" is out of range for type %s", (int)(end - num), num,
                         typname);
            return false;
        }
    } else if (errno != 0) {
        goto syntax;
    }
    while (*end && wire_isspace((unsigned char)*end))
        end++;
    if (*end)
        goto syntax;
    out->u.f = v;
    return true;
syntax:
    wire_err_syntax(err, typname, s);
    return false;
}

/* Midpoints between v (> 0, finite) and its neighbours, as odd * 2^exp:
 * the lower one in lo/lo_exp, the upper one in hi/hi_exp. */
static void float_midpoints(double v, bool f4, uint64_t *lo, int *lo_exp, uint64_t *hi, int *hi_exp)
{
    uint64_t m;
    int e;
    bool pow2;
    if (f4) {
        float f = (float)v;
        uint32_t bits;
        memcpy(&bits, &f, 4);
        uint32_t be = bits >> 23 & 0xff, frac = bits & 0x7fffff;
        m = be ? (frac | 0x800000u) : frac;
        e = (be ? (int)be : 1) - 150;
        pow2 = be > 1 && frac == 0;
    } else {
        uint64_t bits;
        memcpy(&bits, &v, 8);
        uint64_t be = bits >> 52 & 0x7ff, frac = bits & ((UINT64_C(1) << 52) - 1);
        m = be ? (frac | (UINT64_C(1) << 52)) : frac;
        e = (be ? (int)be : 1) - 1075;
        pow2 = be > 1 && frac == 0;
    }
    *hi = 2 * m + 1;
    *hi_exp = e - 1;
    /* below a power of two the spacing halves */
    *lo = pow2 ? 4 * m - 1 : 2 * m - 1;
    *lo_exp = pow2 ? e - 2 : e - 1;
}

/* d * 10^k == odd * 2^exp, exactly (odd < 2^56). */
static bool decimal_equals(uint64_t d, int k, uint64_t odd, int exp)
{
    unsigned __int128 x = d;
    if (d == 0)
        return false;
    if (k >= 0) {
        /* d * 5^k * 2^k: the odd part must be odd, which is < 2^56 */
        for (int i = 0; i < k; i++) {
            if (x > ((unsigned __int128)1 << 120))
                return false;
            x *= 5;
        }
        int t = k;
        while ((x & 1) == 0) {
            x >>= 1;
            t++;
        }
        return x == odd && t == exp;
    }
    for (int i = 0; i < -k; i++) { /* d / 5^-k must be exact */
        if (x % 5)
            return false;
        x /= 5;
    }
    int t = k;
    while ((x & 1) == 0) {
        x >>= 1;
        t++;
    }
    return x == odd && t == exp;
}

/* digits m (p of them) * 10^(ex - p + 1) reads back as v and is not a
 * midpoint: PostgreSQL's Ryu treats both ends of the rounding interval as
 * outside, so "1e23" prints as 9.999999999999999e+22. */
static bool float_candidate_ok(uint64_t m, int p, int ex, double v, bool f4)
{
    char t[64];
    uint64_t lo, hi;
    int lo_e, hi_e;
    snprintf(t, sizeof(t), "%llue%d", (unsigned long long)m, ex - (p - 1));
    if (f4 ? strtof(t, NULL) != (float)v : strtod(t, NULL) != v)
        return false;
    float_midpoints(v, f4, &lo, &lo_e, &hi, &hi_e);
    return !decimal_equals(m, ex - (p - 1), lo, lo_e) && !decimal_equals(m, ex - (p - 1), hi, hi_e);
}

/* The p-digit candidate for v: the correctly rounded one, or a neighbour
 * when that falls just outside the interval (it is asymmetric at powers of
 * two, and its ends are excluded). False when neither is inside. */
static bool float_try_digits(double v, bool f4, int p, uint64_t *m_out, int *ex_out)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%.*e", p - 1, v);
    char *e = strchr(buf, 'e'); /* buf is d[.ddd]e[+-]xx */
    int ex = atoi(e + 1);
    uint64_t m = 0, lo = 1;
    for (char *c = buf; c < e; c++)
        if (*c != '.')
            m = m * 10 + (uint64_t)(*c - '0');
    for (int i = 1; i < p; i++)
        lo *= 10;
    *ex_out = ex;
    static const int tries[] = {0, -1, 1};
    for (int i = 0; i < 3; i++) {
        uint64_t mm = m + (uint64_t)(int64_t)tries[i];
        if (mm >= lo && mm < lo * 10 && float_candidate_ok(mm, p, ex, v, f4)) {
            *m_out = mm;
            return true;
        }
    }
    return false;
}

/* Shortest decimal digits (no trailing zeros) and exponent of the first
 * digit such that the text reads back as v, the candidate nearest to v
 * winning among those of that length, as Ryu does. Short values (the
 * common case) are tried first; as a length that works makes every longer
 * one work, the rest is a bisection (a few printf/strtod rounds instead of
 * up to 17). v is finite and > 0. */
static void float_digits(double v, bool f4, char digits[24], int *exp10)
{
    int lo = 4, hi = f4 ? 9 : 17, ex = 0;
    uint64_t m = 0, mm;
    int exx;
    for (int p = 1; p < lo; p++) {
        if (float_try_digits(v, f4, p, &m, &ex)) {
            hi = lo = p;
            break;
        }
    }
    if (lo != hi && !float_try_digits(v, f4, hi, &m, &ex)) /* cannot happen: 9/17 digits round-trip */
        m = 0;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (float_try_digits(v, f4, mid, &mm, &exx)) {
            hi = mid;
            m = mm;
            ex = exx;
        } else {
            lo = mid + 1;
        }
    }
    snprintf(digits, 24, "%llu", (unsigned long long)m);
    size_t n = strlen(digits);
    while (n > 1 && digits[n - 1] == '0')
        digits[--n] = '\0';
    *exp10 = ex;
}

/* float4out/float8out with extra_float_digits = 1 (Ryu's format: fixed
 * notation for exponents -4 .. 14 (float4: .. 5), else d.ddde+XX). */
static void float_text_encode(double v, bool f4, og_buf *out)
{
    if (isnan(v)) {
        og_buf_puts(out, "NaN");
        return;
    }
    if (isinf(v)) {
        og_buf_puts(out, v > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (f4)
        v = (float)v;
    if (v == 0) {
        og_buf_puts(out, signbit(v) ? "-0" : "0");
        return;
    }
    char d[24];
    int e = 0;
    float_digits(fabs(v), f4, d, &e);
    int nd = (int)strlen(d);
    if (v < 0)
        og_buf_putc(out, '-');
    if (e >= -4 && e < (f4 ? 6 : 15)) {
        if (e < 0) {
            og_buf_puts(out, "0.");
            for (int i = 0; i < -e - 1; i++)
                og_buf_putc(out, '0');
            og_buf_append(out, d, (size_t)nd);
        } else {
            for (int i = 0; i <= e; i++)
                og_buf_putc(out, (uint8_t)(i < nd ? d[i] : '0'));
            if (nd > e + 1) {
                og_buf_putc(out, '.');
                og_buf_append(out, d + e + 1, (size_t)(nd - e - 1));
            }
        }
        return;
    }
    og_buf_putc(out, (uint8_t)d[0]);
    if (nd > 1) {
        og_buf_putc(out, '.');
        og_buf_append(out, d + 1, (size_t)(nd - 1));
    }
    og_buf_printf(out, "e%c%02d", e < 0 ? '-' : '+', abs(e));
}

/* ---------------------------------------------------------------- numeric */

enum { NUM_FINITE, NUM_NAN, NUM_PINF, NUM_NINF };

#define NUM_WEIGHT_MAX 32767 /* int16 weight of the on-disk format */
#define NUM_DSCALE_MAX 0x3FFF

/* A parsed numeric: decimal digits in up to two runs (so that input text
 * need not be copied), the decimal weight of the first digit and dscale. */
typedef struct numvar {
    int kind;
    bool neg;
    const char *run1, *run2;
    size_t n1, n2;
    int64_t dweight; /* decimal weight of digit 0 (10^dweight) */
    int dscale;
} numvar;

static int num_digit_at(const numvar *v, size_t i)
{
    if (i < v->n1)
        return v->run1[i] - '0';
    if (i - v->n1 < v->n2)
        return v->run2[i - v->n1] - '0';
    return 0;
}

/* Digit of weight w (10^w); zero outside the stored digits. */
static int num_digit_w(const numvar *v, int64_t w)
{
    int64_t i = v->dweight - w;
    if (i < 0 || (size_t)i >= v->n1 + v->n2)
        return 0;
    return num_digit_at(v, (size_t)i);
}

/* Weights of the first and last nonzero digits; false when the value is 0. */
static bool num_nonzero_span(const numvar *v, int64_t *wfirst, int64_t *wlast)
{
    size_t n = v->n1 + v->n2, f = 0, l;
    while (f < n && num_digit_at(v, f) == 0)
        f++;
    if (f == n)
        return false;
    l = n - 1;
    while (num_digit_at(v, l) == 0)
        l--;
    *wfirst = v->dweight - (int64_t)f;
    *wlast = v->dweight - (int64_t)l;
    /* digits beyond dscale are not part of the value (trunc_var) */
    if (*wlast < -v->dscale) {
        *wlast = -v->dscale;
        while (*wlast <= *wfirst && num_digit_w(v, *wlast) == 0)
            (*wlast)++;
        if (*wlast > *wfirst)
            return false;
    }
    return true;
}

static int64_t floor_div4(int64_t w)
{
    return w >= 0 ? w / 4 : -((-w + 3) / 4);
}

static bool num_overflow(const numvar *v, wire_err *err)
{
    int64_t wf, wl;
    if (v->dscale > NUM_DSCALE_MAX || (num_nonzero_span(v, &wf, &wl) && floor_div4(wf) > NUM_WEIGHT_MAX)) {
        wire_err_set(err, WIRE_SQLSTATE_RANGE, "value overflows numeric format");
        return true;
    }
    return false;
}

/* The special spellings numeric_in accepts (the same as float8in). */
static int num_special(const char **pp)
{
    static const struct {
        const char *word;
        int kind;
    } sp[] = {
        {"NaN", NUM_NAN},  {"Infinity", NUM_PINF}, {"+Infinity", NUM_PINF}, {"-Infinity", NUM_NINF},
        {"inf", NUM_PINF}, {"+inf", NUM_PINF},     {"-inf", NUM_NINF},
    };
    for (size_t i = 0; i < sizeof(sp) / sizeof(sp[0]); i++) {
        size_t n = strlen(sp[i].word);
        if (strncasecmp(*pp, sp[i].word, n) == 0) {
            *pp += n;
            return sp[i].kind;
        }
    }
    return NUM_FINITE;
}

/* numeric_in / set_var_from_str over NUL-terminated s. */
static bool num_parse(const char *s, numvar *v, wire_err *err)
{
    const char *p = s;
    memset(v, 0, sizeof(*v));
    while (*p && wire_isspace((unsigned char)*p))
        p++;
    v->kind = num_special(&p);
    if (v->kind == NUM_FINITE) {
        if (*p == '+' || *p == '-')
            v->neg = *p++ == '-';
        v->run1 = p;
        while (*p >= '0' && *p <= '9')
            p++;
        v->n1 = (size_t)(p - v->run1);
        v->dweight = (int64_t)v->n1 - 1;
        if (*p == '.') {
            p++;
            v->run2 = p;
            while (*p >= '0' && *p <= '9')
                p++;
            v->n2 = (size_t)(p - v->run2);
            if (v->n2 > INT_MAX / 2)
                goto syntax;
            v->dscale = (int)v->n2;
        }
        if (v->n1 + v->n2 == 0)
            goto syntax;
        if (*p == 'e' || *p == 'E') {
            char *end;
            p++;
            errno = 0;
            long ex = strtol(p, &end, 10);
            if (end == p)
                goto syntax;
            p = end;
            if (ex >= INT_MAX / 2 || ex <= -(INT_MAX / 2)) {
                wire_err_set(err, WIRE_SQLSTATE_RANGE, "value overflows numeric format");
                return false;
            }
            v->dweight += ex;
            v->dscale = v->dscale - (int)ex < 0 ? 0 : v->dscale - (int)ex;
        }
    }
    while (*p && wire_isspace((unsigned char)*p))
        p++;
    if (*p)
        goto syntax;
    if (v->kind == NUM_FINITE && num_overflow(v, err))
        return false;
    return true;
syntax:
    wire_err_syntax(err, "numeric", s);
    return false;
}

/* numeric_out of a parsed value. */
static void num_format(const numvar *v, og_buf *out)
{
    int64_t wf, wl;
    switch (v->kind) {
    case NUM_NAN:
        og_buf_puts(out, "NaN");
        return;
    case NUM_PINF:
        og_buf_puts(out, "Infinity");
        return;
    case NUM_NINF:
        og_buf_puts(out, "-Infinity");
        return;
    default:
        break;
    }
    bool nonzero = num_nonzero_span(v, &wf, &wl);
    if (nonzero && v->neg)
        og_buf_putc(out, '-');
    if (!nonzero || wf < 0) {
        og_buf_putc(out, '0');
    } else {
        og_buf_reserve(out, (size_t)wf + 1);
        for (int64_t w = wf; w >= 0; w--)
            out->data[out->len++] = (uint8_t)('0' + num_digit_w(v, w));
    }
    if (v->dscale > 0) {
        og_buf_reserve(out, (size_t)v->dscale + 1);
        out->data[out->len++] = '.';
        for (int64_t w = -1; w >= -(int64_t)v->dscale; w--)
            out->data[out->len++] = (uint8_t)(nonzero ? '0' + num_digit_w(v, w) : '0');
    }
}

bool wire_numeric_canon(const char *s, og_arena *a, const char **out, size_t *outlen, wire_err *err)
{
    numvar v;
    og_buf b = OG_BUF_INIT;
    if (!num_parse(s, &v, err))
        return false;
    num_format(&v, &b);
    *out = og_arena_memdup(a, b.data, b.len);
    *outlen = b.len;
    og_buf_free(&b);
    return true;
}

#define NUMERIC_POS  0x0000
#define NUMERIC_NEG  0x4000
#define NUMERIC_NAN  0xC000
#define NUMERIC_PINF 0xD000
#define NUMERIC_NINF 0xF000

/* numeric_send: ndigits, weight, sign, dscale, base-10000 digits. */
static void num_send(const numvar *v, og_buf *out)
{
    int64_t wf, wl;
    uint16_t sign = v->kind == NUM_NAN    ? NUMERIC_NAN
                    : v->kind == NUM_PINF ? NUMERIC_PINF
                    : v->kind == NUM_NINF ? NUMERIC_NINF
                                          : NUMERIC_POS;
    if (v->kind != NUM_FINITE || !num_nonzero_span(v, &wf, &wl)) {
        og_buf_put16(out, 0);
        og_buf_put16(out, 0);
        og_buf_put16(out, sign);
        /* PostgreSQL reads the dscale of a special value out of its header
         * bits: 0 for NaN, 32 for the infinities */
        og_buf_put16(out, (uint16_t)(v->kind == NUM_FINITE ? v->dscale : v->kind == NUM_NAN ? 0 : 32));
        return;
    }
    int64_t gw = floor_div4(wf), gl = floor_div4(wl);
    og_buf_put16(out, (uint16_t)(gw - gl + 1));
    og_buf_put16(out, (uint16_t)(int16_t)gw);
    og_buf_put16(out, v->neg ? NUMERIC_NEG : NUMERIC_POS);
    og_buf_put16(out, (uint16_t)v->dscale);
    for (int64_t g = gw; g >= gl; g--) {
        int d = 0;
        for (int64_t w = 4 * g + 3; w >= 4 * g; w--)
            d = d * 10 + (w >= -(int64_t)v->dscale ? num_digit_w(v, w) : 0);
        og_buf_put16(out, (uint16_t)d);
    }
}

/* numeric_recv: validate, truncate digits hidden by dscale, canonical text. */
static bool num_recv(const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    if (len < 8) {
        wire_err_short(err);
        return false;
    }
    uint16_t nd = og_get16(p), sign = og_get16(p + 4), dscale = og_get16(p + 6);
    int16_t weight = (int16_t)og_get16(p + 2);
    if (len < 8 + 2 * (size_t)nd) {
        wire_err_short(err);
        return false;
    }
    if (len > 8 + 2 * (size_t)nd) {
        wire_err_trailing(err);
        return false;
    }
    if (sign != NUMERIC_POS && sign != NUMERIC_NEG && sign != NUMERIC_NAN && sign != NUMERIC_PINF &&
        sign != NUMERIC_NINF) {
        wire_err_set(err, WIRE_SQLSTATE_BINARY, "invalid sign in external \"numeric\" value");
        return false;
    }
    if ((dscale & NUM_DSCALE_MAX) != dscale) {
        wire_err_set(err, WIRE_SQLSTATE_BINARY, "invalid scale in external \"numeric\" value");
        return false;
    }
    char *dig = og_arena_alloc(a, 4 * (size_t)nd + 1);
    for (size_t i = 0; i < nd; i++) {
        int16_t d = (int16_t)og_get16(p + 8 + 2 * i);
        if (d < 0 || d >= 10000) {
            wire_err_set(err, WIRE_SQLSTATE_BINARY, "invalid digit in external \"numeric\" value");
            return false;
        }
        snprintf(dig + 4 * i, 5, "%04d", d);
    }
    numvar v = {0};
    v.kind = sign == NUMERIC_NAN    ? NUM_NAN
             : sign == NUMERIC_PINF ? NUM_PINF
             : sign == NUMERIC_NINF ? NUM_NINF
                                    : NUM_FINITE;
    v.neg = sign == NUMERIC_NEG;
    v.run1 = dig;
    v.n1 = 4 * (size_t)nd;
    v.dweight = 4 * (int64_t)weight + 3;
    v.dscale = v.kind == NUM_FINITE ? dscale : 0;
    og_buf b = OG_BUF_INIT;
    num_format(&v, &b);
    out->u.str.p = og_arena_memdup(a, b.data, b.len);
    out->u.str.len = b.len;
    og_buf_free(&b);
    return true;
}

/* Parse a stored numeric (which a driver may have spelled its own way). */
static bool num_parse_value(const og_value *v, og_arena *tmp, numvar *nv)
{
    char *s = og_arena_memdup(tmp, v->u.str.p, v->u.str.len);
    return num_parse(s, nv, NULL);
}

/* ---------------------------------------------------------------- bytea */

static int hex_val(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void err_bad_hex(const char *p, wire_err *err)
{
    int n = (int)wire_utf8_seqlen((uint8_t)*p);
    wire_err_set(err, WIRE_SQLSTATE_PARAM, "invalid hexadecimal digit: \"%.*s\"", n, p);
}

/* hex_decode of byteain: whitespace allowed between (not inside) pairs. */
static bool bytea_hex_decode(const char *s, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    uint8_t *dst = og_arena_alloc(a, len / 2 + 1);
    size_t n = 0;
    const char *p = s, *end = s + len;
    while (p < end) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            p++;
            continue;
        }
        int hi = hex_val((unsigned char)*p);
        if (hi < 0) {
            err_bad_hex(p, err);
            return false;
        }
        if (++p >= end) {
            wire_err_set(err, WIRE_SQLSTATE_PARAM, "invalid hexadecimal data: odd number of digits");
            return false;
        }
        int lo = hex_val((unsigned char)*p);
        if (lo < 0) {
            err_bad_hex(p, err);
            return false;
        }
        p++;
        dst[n++] = (uint8_t)(hi << 4 | lo);
    }
    out->u.str.p = (const char *)dst;
    out->u.str.len = n;
    return true;
}

static bool is_octal_escape(const char *p)
{
    return p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7';
}

/* byteain: "\x..." hex, else the escape format (\\ and \ooo). */
static bool bytea_text_decode(const char *s, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    if (len >= 2 && s[0] == '\\' && s[1] == 'x')
        return bytea_hex_decode(s + 2, len - 2, a, out, err);
    uint8_t *dst = og_arena_alloc(a, len + 1);
    size_t n = 0;
    for (const char *p = s; *p;) {
        if (p[0] != '\\') {
            dst[n++] = (uint8_t)*p++;
        } else if (is_octal_escape(p)) {
            dst[n++] = (uint8_t)(((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
            p += 4;
        } else if (p[1] == '\\') {
            dst[n++] = '\\';
            p += 2;
        } else {
            wire_err_set(err, WIRE_SQLSTATE_SYNTAX, "invalid input syntax for type bytea");
            return false;
        }
    }
    out->u.str.p = (const char *)dst;
    out->u.str.len = n;
    return true;
}

static void bytea_text_encode(const og_value *v, og_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    og_buf_reserve(out, 2 + 2 * v->u.str.len);
    out->data[out->len++] = '\\';
    out->data[out->len++] = 'x';
    for (size_t i = 0; i < v->u.str.len; i++) {
        uint8_t c = (uint8_t)v->u.str.p[i];
        out->data[out->len++] = (uint8_t)hex[c >> 4];
        out->data[out->len++] = (uint8_t)hex[c & 15];
    }
}

/* ---------------------------------------------------------------- uuid */

/* string_to_uuid: optional braces, hyphens optional after any 4 hex digits. */
static bool uuid_text_decode(const char *s, og_value *out, wire_err *err)
{
    const char *p = s;
    bool braces = false;
    if (*p == '{') {
        p++;
        braces = true;
    }
    for (int i = 0; i < 16; i++) {
        int hi = hex_val((unsigned char)p[0]), lo = hi < 0 ? -1 : hex_val((unsigned char)p[1]);
        if (hi < 0 || lo < 0)
            goto syntax;
        out->u.uuid[i] = (uint8_t)(hi << 4 | lo);
        p += 2;
        if (*p == '-' && i % 2 == 1 && i < 15)
            p++;
    }
    if (braces && *p++ != '}')
        goto syntax;
    if (*p)
        goto syntax;
    return true;
syntax:
    wire_err_syntax(err, "uuid", s);
    return false;
}

static void uuid_text_encode(const og_value *v, og_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            og_buf_putc(out, '-');
        og_buf_putc(out, (uint8_t)hex[v->u.uuid[i] >> 4]);
        og_buf_putc(out, (uint8_t)hex[v->u.uuid[i] & 15]);
    }
}

/* ---------------------------------------------------------------- text-like */

#define NAMEDATALEN 64

/* namein: silently clip to 63 bytes at a character boundary. */
static size_t name_clip(const char *s, size_t len)
{
    size_t n = 0;
    while (n < len) {
        size_t c = wire_utf8_seqlen((uint8_t)s[n]);
        if (n + c > NAMEDATALEN - 1)
            break;
        n += c;
    }
    return n;
}

static bool is_textlike(uint32_t oid)
{
    /* regtype: its text is the type's name (pg_typeof); binary is the OID, see wire_binary_encode */
    return oid == OG_OID_TEXT || oid == OG_OID_VARCHAR || oid == OG_OID_BPCHAR || oid == OG_OID_NAME ||
           oid == OG_OID_REGTYPE;
}

static bool is_datetime(uint32_t oid)
{
    return oid == OG_OID_DATE || oid == OG_OID_TIME || oid == OG_OID_TIMESTAMP || oid == OG_OID_TIMESTAMPTZ ||
           oid == OG_OID_INTERVAL;
}

static bool is_scalar(uint32_t oid)
{
    switch (oid) {
    case OG_OID_BOOL:
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
    case OG_OID_NUMERIC:
    case OG_OID_BYTEA:
    case OG_OID_UUID:
    case OG_OID_JSON:
    case OG_OID_JSONB:
        return true;
    default:
        return is_textlike(oid) || is_datetime(oid);
    }
}

bool wire_codec_supports(uint32_t oid)
{
    uint32_t elem = og_type_array_elem(oid);
    return is_scalar(elem ? elem : oid);
}

static void err_unsupported(uint32_t oid, wire_err *err)
{
    wire_err_set(err, WIRE_SQLSTATE_NOT_SUPPORTED, "values of type %s (OID %u) are not supported", og_type_name(oid),
                 oid);
}

/* ---------------------------------------------------------------- scalar dispatch */

bool wire_scalar_text_decode(uint32_t oid, const char *s, size_t len, const wire_codec_ctx *ctx, og_arena *a,
                             og_value *out, wire_err *err)
{
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    switch (oid) {
    case OG_OID_BOOL:
        return bool_text_decode(s, len, out, err);
    case OG_OID_INT2:
        return int_text_decode(s, INT16_MIN, "smallint", out, err);
    case OG_OID_INT4:
        return int_text_decode(s, INT32_MIN, "integer", out, err);
    case OG_OID_INT8:
        return int_text_decode(s, INT64_MIN, "bigint", out, err);
    case OG_OID_FLOAT4:
        return float_text_decode(s, true, out, err);
    case OG_OID_FLOAT8:
        return float_text_decode(s, false, out, err);
    case OG_OID_NUMERIC:
        return wire_numeric_canon(s, a, &out->u.str.p, &out->u.str.len, err);
    case OG_OID_BYTEA:
        return bytea_text_decode(s, len, a, out, err);
    case OG_OID_UUID:
        return uuid_text_decode(s, out, err);
    case OG_OID_JSON:
    case OG_OID_JSONB:
        return wire_json_text_decode(oid, s, len, a, out, err);
    default:
        break;
    }
    if (is_textlike(oid)) {
        out->u.str.p = s;
        out->u.str.len = oid == OG_OID_NAME && len >= NAMEDATALEN ? name_clip(s, len) : len;
        return true;
    }
    if (is_datetime(oid))
        return wire_dt_text_decode(oid, s, ctx, out, err);
    err_unsupported(oid, err);
    return false;
}

void wire_scalar_text_encode(const og_value *v, const wire_codec_ctx *ctx, og_buf *out)
{
    switch (v->oid) {
    case OG_OID_BOOL:
        og_buf_putc(out, v->u.b ? 't' : 'f');
        return;
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
        og_buf_printf(out, "%lld", (long long)v->u.i);
        return;
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        float_text_encode(v->u.f, v->oid == OG_OID_FLOAT4, out);
        return;
    case OG_OID_NUMERIC: {
        og_arena tmp;
        numvar nv;
        og_arena_init(&tmp);
        if (num_parse_value(v, &tmp, &nv))
            num_format(&nv, out);
        else /* not a number at all: show what the driver gave us */
            og_buf_append(out, v->u.str.p, v->u.str.len);
        og_arena_reset(&tmp);
        return;
    }
    case OG_OID_BYTEA:
        bytea_text_encode(v, out);
        return;
    case OG_OID_UUID:
        uuid_text_encode(v, out);
        return;
    case OG_OID_JSON:
    case OG_OID_JSONB:
        wire_json_text_encode(v, out);
        return;
    default:
        break;
    }
    if (is_textlike(v->oid))
        og_buf_append(out, v->u.str.p, v->u.str.len);
    else if (is_datetime(v->oid))
        wire_dt_text_encode(v, ctx, out);
}

static bool int_recv(const uint8_t *p, size_t len, size_t n, og_value *out, wire_err *err)
{
    if (!binary_len_ok(len, n, err))
        return false;
    out->u.i = n == 2 ? (int16_t)og_get16(p) : n == 4 ? (int32_t)og_get32(p) : (int64_t)og_get64(p);
    return true;
}

static bool float_recv(const uint8_t *p, size_t len, bool f4, og_value *out, wire_err *err)
{
    if (!binary_len_ok(len, f4 ? 4 : 8, err))
        return false;
    if (f4) {
        uint32_t bits = og_get32(p);
        float f;
        memcpy(&f, &bits, 4);
        out->u.f = f;
    } else {
        uint64_t bits = og_get64(p);
        memcpy(&out->u.f, &bits, 8);
    }
    return true;
}

/* textrecv and friends: the bytes, checked as UTF-8. */
static bool text_recv(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    if (!wire_utf8_check(p, len, err))
        return false;
    if (oid == OG_OID_NAME && len >= NAMEDATALEN) {
        wire_err_set(err, WIRE_SQLSTATE_NAME_TOO_LONG, "identifier too long");
        return false;
    }
    out->u.str.p = og_arena_memdup(a, p, len);
    out->u.str.len = len;
    return true;
}

bool wire_scalar_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    switch (oid) {
    case OG_OID_BOOL:
        if (len == 0) { /* pq_getmsgbyte's own words */
            wire_err_set(err, WIRE_SQLSTATE_PROTOCOL, "no data left in message");
            return false;
        }
        if (!binary_len_ok(len, 1, err))
            return false;
        out->u.b = p[0] != 0;
        return true;
    case OG_OID_INT2:
        return int_recv(p, len, 2, out, err);
    case OG_OID_INT4:
        return int_recv(p, len, 4, out, err);
    case OG_OID_INT8:
        return int_recv(p, len, 8, out, err);
    case OG_OID_FLOAT4:
        return float_recv(p, len, true, out, err);
    case OG_OID_FLOAT8:
        return float_recv(p, len, false, out, err);
    case OG_OID_NUMERIC:
        return num_recv(p, len, a, out, err);
    case OG_OID_BYTEA:
        out->u.str.p = og_arena_memdup(a, p, len);
        out->u.str.len = len;
        return true;
    case OG_OID_UUID:
        if (!binary_len_ok(len, 16, err))
            return false;
        memcpy(out->u.uuid, p, 16);
        return true;
    case OG_OID_JSON:
    case OG_OID_JSONB:
        return wire_json_binary_decode(oid, p, len, a, out, err);
    default:
        break;
    }
    if (is_textlike(oid))
        return text_recv(oid, p, len, a, out, err);
    if (is_datetime(oid))
        return wire_dt_binary_decode(oid, p, len, out, err);
    err_unsupported(oid, err);
    return false;
}

void wire_scalar_binary_encode(const og_value *v, og_buf *out)
{
    switch (v->oid) {
    case OG_OID_BOOL:
        og_buf_putc(out, v->u.b ? 1 : 0);
        return;
    case OG_OID_INT2:
        og_buf_put16(out, (uint16_t)(int16_t)v->u.i);
        return;
    case OG_OID_INT4:
        og_buf_put32(out, (uint32_t)(int32_t)v->u.i);
        return;
    case OG_OID_INT8:
        og_buf_put64(out, (uint64_t)v->u.i);
        return;
    case OG_OID_FLOAT4: {
        float f = (float)v->u.f;
        uint32_t bits;
        memcpy(&bits, &f, 4);
        og_buf_put32(out, bits);
        return;
    }
    case OG_OID_FLOAT8: {
        uint64_t bits;
        memcpy(&bits, &v->u.f, 8);
        og_buf_put64(out, bits);
        return;
    }
    case OG_OID_NUMERIC: {
        og_arena tmp;
        numvar nv;
        og_arena_init(&tmp);
        if (!num_parse_value(v, &tmp, &nv)) /* unparsable driver text: send NaN */
            nv.kind = NUM_NAN;
        num_send(&nv, out);
        og_arena_reset(&tmp);
        return;
    }
    case OG_OID_UUID:
        og_buf_append(out, v->u.uuid, 16);
        return;
    case OG_OID_JSON:
    case OG_OID_JSONB:
        wire_json_binary_encode(v, out);
        return;
    default:
        break;
    }
    if (is_textlike(v->oid) || v->oid == OG_OID_BYTEA)
        og_buf_append(out, v->u.str.p, v->u.str.len);
    else if (is_datetime(v->oid))
        wire_dt_binary_encode(v, out);
}

/* ---------------------------------------------------------------- public API */

bool wire_text_decode(uint32_t oid, const char *s, size_t len, const wire_codec_ctx *ctx, og_arena *a, og_value *out,
                      wire_err *err)
{
    if (!wire_codec_supports(oid)) {
        err_unsupported(oid, err);
        return false;
    }
    if (!wire_utf8_check((const uint8_t *)s, len, err))
        return false;
    char *c = og_arena_memdup(a, s, len);
    if (og_type_array_elem(oid))
        return wire_array_text_decode(oid, c, ctx, a, out, err);
    return wire_scalar_text_decode(oid, c, len, ctx, a, out, err);
}

void wire_text_encode(const og_value *v, const wire_codec_ctx *ctx, og_buf *out)
{
    if (og_type_array_elem(v->oid))
        wire_array_text_encode(v, ctx, out);
    else
        wire_scalar_text_encode(v, ctx, out);
}

bool wire_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    if (!wire_codec_supports(oid)) {
        err_unsupported(oid, err);
        return false;
    }
    if (og_type_array_elem(oid))
        return wire_array_binary_decode(oid, p, len, a, out, err);
    if (oid == OG_OID_REGTYPE) {
        if (len != 4) {
            wire_err_set(err, "22P03", "incorrect binary data format");
            return false;
        }
        const char *name = og_type_name((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
        memset(out, 0, sizeof(*out));
        out->oid = OG_OID_REGTYPE;
        out->u.str.p = og_arena_strdup(a, name);
        out->u.str.len = strlen(name);
        return true;
    }
    return wire_scalar_binary_decode(oid, p, len, a, out, err);
}

void wire_binary_encode(const og_value *v, og_buf *out)
{
    if (v->oid == OG_OID_REGTYPE) {
        uint32_t oid = og_type_by_name(v->u.str.p, v->u.str.len);
        uint8_t b[4] = {(uint8_t)(oid >> 24), (uint8_t)(oid >> 16), (uint8_t)(oid >> 8), (uint8_t)oid};
        og_buf_append(out, b, 4);
        return;
    }
    if (og_type_array_elem(v->oid))
        wire_array_binary_encode(v, out);
    else
        wire_scalar_binary_encode(v, out);
}
