/*
 * orm/numeric.c - exact decimal arithmetic with PostgreSQL 15's results.
 *
 * Values arrive as canonical decimal text (orm/value.h) and are decoded into
 * an nvar: sign, base-10000 digits (most significant first), the base-10000
 * weight of the first digit, and the display scale (dscale, decimal digits
 * after the point). Base 10000 is PostgreSQL's own choice and matters here:
 * the scale rules of division, sqrt, exp, ln and power are written in terms
 * of base-10000 weights and first digits, so reproducing them digit for
 * digit needs the same grouping. Digit arrays are immutable once built (an
 * operation always writes a fresh array), so nvars may share them freely.
 *
 * Every public function decodes its arguments into a private scratch arena,
 * computes, prints the result into the caller's arena and drops the scratch
 * arena: intermediate digits of an iteration never outlive the call.
 *
 * Algorithms: schoolbook multiplication with 64-bit column sums (carries
 * once at the end), Knuth's algorithm D for division, integer Newton
 * iteration for square roots. All are exact, so rounding a result is
 * rounding the true value (half away from zero). exp and ln follow the
 * scheme of PostgreSQL's numeric.c (argument reduction, Taylor series and
 * the same working scales), so their last digits agree with PostgreSQL's;
 * the scale-selection rules are PostgreSQL's exactly (select_div_scale,
 * numeric_sqrt, numeric_exp, estimate_ln_dweight, log_var, power_var).
 *
 * Cost: multiplication and division are O(n*m) in base-10000 digits, so
 * 1000-digit operands cost about 60,000 digit steps.
 */
#include "orm/numeric.h"

#include <assert.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NBASE             10000
#define DEC_DIGITS        4
#define MIN_SIG_DIGITS    16    /* NUMERIC_MIN_SIG_DIGITS */
#define MAX_DISPLAY_SCALE 1000  /* NUMERIC_MAX_DISPLAY_SCALE */
#define MAX_RESULT_SCALE  2000  /* NUMERIC_MAX_RESULT_SCALE */
#define WEIGHT_MAX        32767 /* int16 weight of the stored format */
#define WEIGHT_MIN        (-32768)
#define DSCALE_MAX        0x3FFF

#define SQLSTATE_DIVISION_BY_ZERO  "22012"
#define SQLSTATE_INVALID_LOG_ARG   "2201E"
#define SQLSTATE_INVALID_POWER_ARG "2201F"

enum { NV_NUM, NV_NAN, NV_PINF, NV_NINF };

typedef struct nvar {
    int kind;
    bool neg; /* NV_NUM only; zero is never negative */
    int ndigits;
    int weight; /* d[0] is multiplied by NBASE^weight */
    int dscale;
    const int32_t *d;
} nvar;

static const int32_t pow10_4[4] = {1, 10, 100, 1000};

static int imax(int a, int b)
{
    return a > b ? a : b;
}
static int imin(int a, int b)
{
    return a < b ? a : b;
}

static int floor_div(int a, int b)
{
    int q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int32_t *digits_new(og_arena *t, int n)
{
    return og_arena_zalloc(t, (size_t)(n > 0 ? n : 1) * sizeof(int32_t));
}

static void nv_zero(nvar *v, int dscale)
{
    memset(v, 0, sizeof(*v));
    v->kind = NV_NUM;
    v->dscale = dscale > 0 ? dscale : 0;
}

static void nv_special(nvar *v, int kind)
{
    nv_zero(v, 0);
    v->kind = kind;
}

/* Drop leading and trailing zero digits; zero has no digits and no sign. */
static void nv_strip(nvar *v)
{
    while (v->ndigits > 0 && v->d[0] == 0) {
        v->d++;
        v->ndigits--;
        v->weight--;
    }
    while (v->ndigits > 0 && v->d[v->ndigits - 1] == 0)
        v->ndigits--;
    if (v->ndigits == 0) {
        v->weight = 0;
        v->neg = false;
    }
}

static void nv_from_i64(int64_t x, nvar *v, og_arena *t)
{
    uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    int32_t tmp[5];
    int n = 0;
    nv_zero(v, 0);
    while (u > 0) {
        tmp[n++] = (int32_t)(u % NBASE);
        u /= NBASE;
    }
    if (n == 0)
        return;
    int32_t *d = digits_new(t, n);
    for (int i = 0; i < n; i++)
        d[i] = tmp[n - 1 - i];
    v->d = d;
    v->ndigits = n;
    v->weight = n - 1;
    v->neg = x < 0;
}

/* ---------------------------------------------------------------- text */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool match_word(const char **p, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - *p) < n || strncasecmp(*p, w, n) != 0)
        return false;
    *p += n;
    return true;
}

static void syntax_error(og_error *err, const char *s, size_t len)
{
    og_error_set(err, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type numeric: \"%.*s\"",
                 (int)len, s);
}

static void overflow_error(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "value overflows numeric format");
}

/* numeric_in over s[0..len). */
static bool nv_parse(const char *s, size_t len, og_arena *t, nvar *v, og_error *err)
{
    const char *p = s, *end = s + len;
    while (p < end && is_space(*p))
        p++;
    static const struct {
        const char *w;
        int kind;
    } words[] = {{"NaN", NV_NAN},  {"Infinity", NV_PINF}, {"+Infinity", NV_PINF}, {"-Infinity", NV_NINF},
                 {"inf", NV_PINF}, {"+inf", NV_PINF},     {"-inf", NV_NINF}};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        const char *q = p;
        if (match_word(&q, end, words[i].w)) {
            while (q < end && is_space(*q))
                q++;
            if (q != end)
                break;
            nv_special(v, words[i].kind);
            return true;
        }
    }
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    const char *ip = p;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    int64_t ni = p - ip, nf = 0;
    const char *fp = p;
    if (p < end && *p == '.') {
        fp = ++p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        nf = p - fp;
    }
    if (ni + nf == 0) {
        syntax_error(err, s, len);
        return false;
    }
    int64_t ex = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        const char *e0 = p;
        while (p < end && *p >= '0' && *p <= '9') {
            if (ex < INT_MAX)
                ex = ex * 10 + (*p - '0');
            p++;
        }
        if (p == e0) {
            syntax_error(err, s, len);
            return false;
        }
        if (ex >= INT_MAX / 2) {
            overflow_error(err);
            return false;
        }
        if (eneg)
            ex = -ex;
    }
    while (p < end && is_space(*p))
        p++;
    if (p != end) {
        syntax_error(err, s, len);
        return false;
    }
    int64_t n = ni + nf, dscale = nf - ex < 0 ? 0 : nf - ex;
    if (dscale > DSCALE_MAX) {
        overflow_error(err);
        return false;
    }
#define DIGIT(j) ((j) < ni ? ip[(j)] - '0' : fp[(j)-ni] - '0')
    int64_t k = 0, last = n - 1;
    while (k < n && DIGIT(k) == 0)
        k++;
    nv_zero(v, (int)dscale);
    if (k == n)
        return true;
    while (DIGIT(last) == 0)
        last--;
    int64_t wtop = ni - 1 + ex; /* decimal weight of digit 0 */
    int64_t dw0 = wtop - k, dwl = wtop - last;
    if (dw0 >= (int64_t)(WEIGHT_MAX + 1) * DEC_DIGITS) {
        overflow_error(err);
        return false;
    }
    int bw = floor_div((int)dw0, DEC_DIGITS), bl = floor_div((int)dwl, DEC_DIGITS);
    int32_t *d = digits_new(t, bw - bl + 1);
    for (int64_t j = k; j <= last; j++) {
        int w = (int)(wtop - j), b = floor_div(w, DEC_DIGITS);
        d[bw - b] += DIGIT(j) * pow10_4[w - b * DEC_DIGITS];
    }
#undef DIGIT
    v->d = d;
    v->ndigits = bw - bl + 1;
    v->weight = bw;
    v->neg = neg;
    nv_strip(v);
    return true;
}

/* Decode a numeric value (err may report a corrupt payload). */
static bool nv_get(const og_value *x, og_arena *t, nvar *v, og_error *err)
{
    assert(!x->isnull);
    return nv_parse(x->u.str.p, x->u.str.len, t, v, err);
}

/* numeric_out into b (dscale digits after the point). */
static void nv_print(const nvar *v, og_buf *b)
{
    switch (v->kind) {
    case NV_NAN:
        og_buf_puts(b, "NaN");
        return;
    case NV_PINF:
        og_buf_puts(b, "Infinity");
        return;
    case NV_NINF:
        og_buf_puts(b, "-Infinity");
        return;
    default:
        break;
    }
    if (v->neg && v->ndigits > 0)
        og_buf_putc(b, '-');
    if (v->ndigits == 0 || v->weight < 0) {
        og_buf_putc(b, '0');
    } else {
        for (int w = v->weight; w >= 0; w--) {
            int i = v->weight - w;
            int32_t dig = i < v->ndigits ? v->d[i] : 0;
            if (w == v->weight)
                og_buf_printf(b, "%d", (int)dig);
            else
                og_buf_printf(b, "%04d", (int)dig);
        }
    }
    if (v->dscale > 0) {
        og_buf_reserve(b, (size_t)v->dscale + 5);
        og_buf_putc(b, '.');
        for (int k = 0; k < v->dscale; k++) {
            int dw = -1 - k; /* decimal weight */
            int bw = floor_div(dw, DEC_DIGITS), i = v->weight - bw;
            int32_t dig = i >= 0 && i < v->ndigits ? v->d[i] : 0;
            b->data[b->len++] = (uint8_t)('0' + dig / pow10_4[dw - bw * DEC_DIGITS] % 10);
        }
    }
}

/* make_result: check the stored format's limits and print into a. */
static bool nv_put(const nvar *v, og_arena *a, og_value *out, og_error *err)
{
    if (v->kind == NV_NUM &&
        (v->dscale > DSCALE_MAX || (v->ndigits > 0 && (v->weight > WEIGHT_MAX || v->weight < WEIGHT_MIN)))) {
        overflow_error(err);
        return false;
    }
    og_buf b = OG_BUF_INIT;
    nv_print(v, &b);
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_NUMERIC;
    out->u.str.p = og_arena_memdup(a, b.data, b.len);
    out->u.str.len = b.len;
    og_buf_free(&b);
    return true;
}

/* numericvar_to_double_no_overflow: through the text, as PostgreSQL does. */
static double nv_to_double(const nvar *v)
{
    og_buf b = OG_BUF_INIT;
    nv_print(v, &b);
    double d = strtod(og_buf_cstr(&b), NULL);
    og_buf_free(&b);
    return d;
}

/* ---------------------------------------------------------------- comparison */

static int cmp_abs(const nvar *a, const nvar *b)
{
    if (a->ndigits == 0)
        return b->ndigits == 0 ? 0 : -1;
    if (b->ndigits == 0)
        return 1;
    if (a->weight != b->weight)
        return a->weight > b->weight ? 1 : -1;
    int n = imin(a->ndigits, b->ndigits);
    for (int i = 0; i < n; i++)
        if (a->d[i] != b->d[i])
            return a->d[i] > b->d[i] ? 1 : -1;
    return a->ndigits == b->ndigits ? 0 : a->ndigits > b->ndigits ? 1 : -1;
}

/* Compare finite values. */
static int nv_cmp(const nvar *a, const nvar *b)
{
    int sa = a->ndigits == 0 ? 0 : a->neg ? -1 : 1;
    int sb = b->ndigits == 0 ? 0 : b->neg ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int c = cmp_abs(a, b);
    return sa < 0 ? -c : c;
}

/* ---------------------------------------------------------------- add, subtract */

static int low_weight(const nvar *v)
{
    return v->weight - v->ndigits + 1;
}

/* |a| + |b|; dscale the larger of the two. */
static void add_abs(const nvar *a, const nvar *b, nvar *res, og_arena *t)
{
    int dscale = imax(a->dscale, b->dscale);
    if (a->ndigits == 0 || b->ndigits == 0) {
        *res = a->ndigits == 0 ? *b : *a;
        res->neg = false;
        res->dscale = dscale;
        return;
    }
    int hi = imax(a->weight, b->weight) + 1, lo = imin(low_weight(a), low_weight(b));
    int n = hi - lo + 1;
    int32_t *d = digits_new(t, n);
    for (int i = 0; i < a->ndigits; i++)
        d[hi - (a->weight - i)] += a->d[i];
    for (int i = 0; i < b->ndigits; i++)
        d[hi - (b->weight - i)] += b->d[i];
    for (int i = n - 1; i > 0; i--)
        if (d[i] >= NBASE) {
            d[i] -= NBASE;
            d[i - 1]++;
        }
    nv_zero(res, dscale);
    res->d = d;
    res->ndigits = n;
    res->weight = hi;
    nv_strip(res);
}

/* |a| - |b| where |a| >= |b|. */
static void sub_abs(const nvar *a, const nvar *b, nvar *res, og_arena *t)
{
    int dscale = imax(a->dscale, b->dscale);
    if (b->ndigits == 0) {
        *res = *a;
        res->neg = false;
        res->dscale = dscale;
        return;
    }
    int hi = a->weight, lo = imin(low_weight(a), low_weight(b));
    int n = hi - lo + 1;
    int32_t *d = digits_new(t, n);
    for (int i = 0; i < a->ndigits; i++)
        d[hi - (a->weight - i)] += a->d[i];
    for (int i = 0; i < b->ndigits; i++)
        d[hi - (b->weight - i)] -= b->d[i];
    for (int i = n - 1; i > 0; i--)
        if (d[i] < 0) {
            d[i] += NBASE;
            d[i - 1]--;
        }
    assert(d[0] >= 0);
    nv_zero(res, dscale);
    res->d = d;
    res->ndigits = n;
    res->weight = hi;
    nv_strip(res);
}

static void nv_add(const nvar *a, const nvar *b, nvar *res, og_arena *t)
{
    if (a->neg == b->neg || a->ndigits == 0 || b->ndigits == 0) {
        bool neg = a->ndigits ? a->neg : b->neg;
        add_abs(a, b, res, t);
        res->neg = neg && res->ndigits > 0;
        return;
    }
    int c = cmp_abs(a, b);
    bool aneg = a->neg, bneg = b->neg; /* res may be a or b */
    if (c == 0) {
        nv_zero(res, imax(a->dscale, b->dscale));
    } else if (c > 0) {
        sub_abs(a, b, res, t);
        res->neg = aneg;
    } else {
        sub_abs(b, a, res, t);
        res->neg = bneg;
    }
}

static void nv_sub(const nvar *a, const nvar *b, nvar *res, og_arena *t)
{
    nvar nb = *b;
    nb.neg = nb.ndigits > 0 && !nb.neg;
    nv_add(a, &nb, res, t);
}

/* ---------------------------------------------------------------- rounding */

/* Drop the decimal digits below 10^-rscale (rscale may be negative). */
static void nv_trunc(nvar *v, int rscale, og_arena *t)
{
    v->dscale = rscale > 0 ? rscale : 0;
    if (v->kind != NV_NUM || v->ndigits == 0)
        return;
    int k = -rscale, bw = floor_div(k, DEC_DIGITS), pos = k - bw * DEC_DIGITS;
    int idx = v->weight - bw;
    if (idx < 0) {
        nv_zero(v, rscale);
        return;
    }
    if (idx >= v->ndigits)
        return;
    int32_t last = v->d[idx] / pow10_4[pos] * pow10_4[pos];
    if (last != v->d[idx]) {
        int32_t *d = digits_new(t, idx + 1);
        memcpy(d, v->d, (size_t)idx * sizeof(int32_t));
        d[idx] = last;
        v->d = d;
    }
    v->ndigits = idx + 1;
    nv_strip(v);
}

/* Round half away from zero to rscale decimal digits (rscale may be negative). */
static void nv_round(nvar *v, int rscale, og_arena *t)
{
    if (v->kind != NV_NUM)
        return;
    int k = -rscale - 1, bw = floor_div(k, DEC_DIGITS), pos = k - bw * DEC_DIGITS;
    int idx = v->weight - bw;
    int rd = v->ndigits > 0 && idx >= 0 && idx < v->ndigits ? v->d[idx] / pow10_4[pos] % 10 : 0;
    bool neg = v->neg;
    nv_trunc(v, rscale, t);
    if (rd >= 5) {
        int uw = floor_div(-rscale, DEC_DIGITS);
        int32_t *ud = digits_new(t, 1);
        ud[0] = pow10_4[-rscale - uw * DEC_DIGITS];
        nvar unit = {NV_NUM, false, 1, uw, 0, ud};
        int dscale = v->dscale;
        add_abs(v, &unit, v, t);
        v->dscale = dscale;
        v->neg = neg;
    }
}

/* ---------------------------------------------------------------- multiply, divide */

/* a * b rounded to rscale. */
static void nv_mul(const nvar *a, const nvar *b, nvar *res, int rscale, og_arena *t)
{
    if (a->ndigits == 0 || b->ndigits == 0) {
        nv_zero(res, rscale);
        return;
    }
    int n = a->ndigits + b->ndigits;
    int64_t *acc = og_arena_zalloc(t, (size_t)n * sizeof(int64_t));
    for (int i = 0; i < a->ndigits; i++) {
        int64_t ai = a->d[i];
        if (ai == 0)
            continue;
        int64_t *row = acc + i + 1;
        for (int j = 0; j < b->ndigits; j++)
            row[j] += ai * b->d[j];
    }
    int32_t *d = digits_new(t, n);
    int64_t carry = 0;
    for (int k = n - 1; k >= 0; k--) {
        int64_t s = acc[k] + carry;
        d[k] = (int32_t)(s % NBASE);
        carry = s / NBASE;
    }
    assert(carry == 0);
    bool neg = a->neg != b->neg; /* res may be a or b */
    int weight = a->weight + b->weight + 1, dscale = a->dscale + b->dscale;
    nv_zero(res, 0);
    res->d = d;
    res->ndigits = n;
    res->weight = weight;
    res->neg = neg;
    res->dscale = dscale;
    nv_strip(res);
    nv_round(res, rscale, t);
}

/* Quotient of nonnegative integers given as digit arrays (v[0] != 0): Knuth's
 * algorithm D in base NBASE. Returns nu - nv + 1 digits (nu >= nv). */
static int32_t *idiv(const int32_t *u, int nu, const int32_t *v, int nv, og_arena *t)
{
    int nq = nu - nv + 1;
    int32_t *q = digits_new(t, nq);
    if (nv == 1) {
        int64_t r = 0, dv = v[0];
        for (int i = 0; i < nu; i++) {
            int64_t cur = r * NBASE + u[i];
            if (i >= nv - 1)
                q[i] = (int32_t)(cur / dv);
            r = cur % dv;
        }
        return q;
    }
    /* normalise so that the divisor's first digit is at least NBASE / 2 */
    int64_t f = NBASE / (v[0] + 1);
    int32_t *un = digits_new(t, nu + 1), *vn = digits_new(t, nv);
    int64_t carry = 0;
    for (int i = nu - 1; i >= 0; i--) {
        int64_t s = u[i] * f + carry;
        un[i + 1] = (int32_t)(s % NBASE);
        carry = s / NBASE;
    }
    un[0] = (int32_t)carry;
    carry = 0;
    for (int i = nv - 1; i >= 0; i--) {
        int64_t s = v[i] * f + carry;
        vn[i] = (int32_t)(s % NBASE);
        carry = s / NBASE;
    }
    assert(carry == 0 && vn[0] >= NBASE / 2);
    for (int j = 0; j < nq; j++) {
        int64_t top = (int64_t)un[j] * NBASE + un[j + 1];
        int64_t qhat = top / vn[0], rhat = top % vn[0];
        while (qhat >= NBASE || qhat * vn[1] > rhat * NBASE + un[j + 2]) {
            qhat--;
            rhat += vn[0];
            if (rhat >= NBASE)
                break;
        }
        /* un[j..j+nv] -= qhat * vn */
        int64_t borrow = 0;
        carry = 0;
        for (int i = nv - 1; i >= 0; i--) {
            int64_t p = qhat * vn[i] + carry;
            carry = p / NBASE;
            int64_t s = un[j + i + 1] - p % NBASE - borrow;
            borrow = s < 0;
            un[j + i + 1] = (int32_t)(s + (borrow ? NBASE : 0));
        }
        int64_t s = un[j] - carry - borrow;
        if (s < 0) { /* qhat was one too large: add the divisor back */
            qhat--;
            carry = 0;
            for (int i = nv - 1; i >= 0; i--) {
                int64_t s2 = un[j + i + 1] + vn[i] + carry;
                un[j + i + 1] = (int32_t)(s2 % NBASE);
                carry = s2 / NBASE;
            }
            s += carry;
        }
        assert(s == 0);
        un[j] = (int32_t)s;
        q[j] = (int32_t)qhat;
    }
    return q;
}

/* a / b truncated toward zero (round: rounded half away from zero) at rscale digits. b != 0. */
static void nv_div(const nvar *a, const nvar *b, nvar *res, int rscale, bool round, og_arena *t)
{
    assert(b->ndigits > 0);
    if (a->ndigits == 0) {
        nv_zero(res, rscale);
        return;
    }
    /* quotient digits down to base weight -F cover decimal weight -(rscale + round) */
    int F = -floor_div(-(rscale + (round ? 1 : 0)), DEC_DIGITS);
    /* Q = floor(A * NBASE^s / B) with A, B the digit strings as integers */
    int s = low_weight(a) - low_weight(b) + F;
    int nu = a->ndigits + s;
    bool neg = a->neg != b->neg;
    if (nu < b->ndigits) {
        nv_zero(res, rscale);
        return;
    }
    const int32_t *u = a->d;
    if (s > 0) {
        int32_t *ux = digits_new(t, nu);
        memcpy(ux, a->d, (size_t)a->ndigits * sizeof(int32_t));
        u = ux;
    }
    int32_t *q = idiv(u, nu, b->d, b->ndigits, t);
    int nq = nu - b->ndigits + 1;
    nv_zero(res, 0);
    res->d = q;
    res->ndigits = nq;
    res->weight = nq - 1 - F;
    res->neg = neg;
    nv_strip(res);
    if (round)
        nv_round(res, rscale, t);
    else
        nv_trunc(res, rscale, t);
}

/* select_div_scale: at least 16 significant digits, no less than either input's scale. */
static int div_scale(const nvar *a, const nvar *b)
{
    int w1 = a->ndigits ? a->weight : 0, f1 = a->ndigits ? a->d[0] : 0;
    int w2 = b->ndigits ? b->weight : 0, f2 = b->ndigits ? b->d[0] : 0;
    int qweight = w1 - w2;
    if (f1 <= f2)
        qweight--;
    int rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
    rscale = imax(rscale, a->dscale);
    rscale = imax(rscale, b->dscale);
    rscale = imax(rscale, 0);
    return imin(rscale, MAX_DISPLAY_SCALE);
}

/* mod_var: a - b * trunc(a / b). */
static void nv_mod(const nvar *a, const nvar *b, nvar *res, og_arena *t)
{
    nvar q, p;
    nv_div(a, b, &q, 0, false, t);
    nv_mul(b, &q, &p, b->dscale, t);
    nv_sub(a, &p, res, t);
}

/* ---------------------------------------------------------------- sqrt, exp, ln */

/* floor(sqrt(n)) for an integer n >= 0, by Newton's iteration from above. */
static void nv_isqrt(const nvar *n, nvar *res, og_arena *t)
{
    if (n->ndigits == 0) {
        nv_zero(res, 0);
        return;
    }
    /* n ~ m * NBASE^e with e even and m from the leading 3 or 4 digits */
    int nd = n->weight + 1;
    int take = nd <= 4 ? nd : ((nd - 3) % 2 == 0 ? 3 : 4);
    int e = nd - take;
    double m = 0;
    for (int i = 0; i < take; i++)
        m = m * NBASE + (i < n->ndigits ? n->d[i] : 0);
    nvar y, two, q, sum, next;
    nv_from_i64((int64_t)floor(sqrt(m + 1)) + 2, &y, t);
    y.weight += e / 2;
    nv_from_i64(2, &two, t);
    for (;;) {
        nv_div(n, &y, &q, 0, false, t);
        nv_add(&y, &q, &sum, t);
        nv_div(&sum, &two, &next, 0, false, t);
        if (nv_cmp(&next, &y) >= 0)
            break;
        y = next;
    }
    *res = y;
}

/* sqrt(x) for x >= 0, rounded to rscale (which may be negative). */
static void nv_sqrt(const nvar *x, nvar *res, int rscale, og_arena *t)
{
    if (x->ndigits == 0) {
        nv_zero(res, rscale);
        return;
    }
    int F = -floor_div(-(rscale + 1), DEC_DIGITS); /* 4F >= rscale + 1 */
    nvar n = *x, root;
    n.weight += 2 * F; /* x * NBASE^(2F) */
    nv_trunc(&n, 0, t);
    nv_isqrt(&n, &root, t);
    if (root.ndigits > 0)
        root.weight -= F;
    root.dscale = imax(4 * F, 0);
    nv_round(&root, rscale, t);
    *res = root;
}

/* exp(x) rounded to rscale: range reduction by halving, Taylor series, repeated squaring. */
static bool nv_exp(const nvar *arg, nvar *res, int rscale, og_arena *t, og_error *err)
{
    nvar x = *arg, elem, r, tmp, one;
    double val = nv_to_double(&x);
    if (fabs(val) >= MAX_RESULT_SCALE * 3) {
        if (val > 0) {
            overflow_error(err);
            return false;
        }
        nv_zero(res, rscale);
        return true;
    }
    int dweight = (int)(val * 0.434294481903252); /* decimal weight of the result */
    int ndiv2 = 0;
    if (fabs(val) > 0.01) {
        ndiv2 = 1;
        val /= 2;
        while (fabs(val) > 0.01) {
            ndiv2++;
            val /= 2;
        }
        nvar p2;
        nv_from_i64((int64_t)1 << ndiv2, &p2, t);
        nv_div(&x, &p2, &x, x.dscale + ndiv2, true, t);
    }
    int sig_digits = 1 + dweight + rscale + (int)(ndiv2 * 0.301029995663981);
    sig_digits = imax(sig_digits, 0) + 8;
    int local_rscale = sig_digits - 1;
    nv_from_i64(1, &one, t);
    nv_add(&one, &x, &r, t);
    nv_mul(&x, &x, &elem, local_rscale, t);
    int64_t ni = 2;
    nv_from_i64(ni, &tmp, t);
    nv_div(&elem, &tmp, &elem, local_rscale, true, t);
    while (elem.ndigits != 0) {
        nv_add(&r, &elem, &r, t);
        nv_mul(&elem, &x, &elem, local_rscale, t);
        nv_from_i64(++ni, &tmp, t);
        nv_div(&elem, &tmp, &elem, local_rscale, true, t);
    }
    while (ndiv2-- > 0) {
        local_rscale = imax(sig_digits - r.weight * 2 * DEC_DIGITS, 0);
        nv_mul(&r, &r, &r, local_rscale, t);
    }
    nv_round(&r, rscale, t);
    *res = r;
    return true;
}

static void nv_const(nvar *v, const char *s, og_arena *t)
{
    bool ok = nv_parse(s, strlen(s), t, v, NULL);
    assert(ok);
    (void)ok;
}

/* estimate_ln_dweight: the decimal weight of ln(var). */
static int ln_dweight(const nvar *var, og_arena *t)
{
    if (var->kind != NV_NUM || var->neg || var->ndigits == 0)
        return 0;
    nvar lo, hi;
    nv_const(&lo, "0.9", t);
    nv_const(&hi, "1.1", t);
    if (nv_cmp(var, &lo) >= 0 && nv_cmp(var, &hi) <= 0) {
        /* ln(1 + x) ~ x */
        nvar one, x;
        nv_from_i64(1, &one, t);
        nv_sub(var, &one, &x, t);
        if (x.ndigits == 0)
            return 0;
        return x.weight * DEC_DIGITS + (int)log10(x.d[0]);
    }
    int digits = var->d[0], dweight = var->weight * DEC_DIGITS;
    if (var->ndigits > 1) {
        digits = digits * NBASE + var->d[1];
        dweight -= DEC_DIGITS;
    }
    double l = log((double)digits) + dweight * 2.302585092994046;
    return (int)log10(fabs(l));
}

static bool ln_domain(const nvar *x, og_error *err)
{
    if (x->ndigits == 0) {
        og_error_set(err, SQLSTATE_INVALID_LOG_ARG, "cannot take logarithm of zero");
        return false;
    }
    if (x->neg) {
        og_error_set(err, SQLSTATE_INVALID_LOG_ARG, "cannot take logarithm of a negative number");
        return false;
    }
    return true;
}

/* ln(x) rounded to rscale: square roots down to 0.9 < x < 1.1, then the series of atanh. */
static bool nv_ln(const nvar *arg, nvar *res, int rscale, og_arena *t, og_error *err)
{
    if (!ln_domain(arg, err))
        return false;
    nvar x = *arg, lo, hi, fact, one, two, r, xx, elem, tmp;
    nv_const(&lo, "0.9", t);
    nv_const(&hi, "1.1", t);
    nv_from_i64(1, &one, t);
    nv_from_i64(2, &two, t);
    nv_from_i64(2, &fact, t);
    int nsqrt = 0;
    while (nv_cmp(&x, &lo) <= 0) {
        nv_sqrt(&x, &x, rscale - x.weight * DEC_DIGITS / 2 + 8, t);
        nv_mul(&fact, &two, &fact, 0, t);
        nsqrt++;
    }
    while (nv_cmp(&x, &hi) >= 0) {
        nv_sqrt(&x, &x, rscale - x.weight * DEC_DIGITS / 2 + 8, t);
        nv_mul(&fact, &two, &fact, 0, t);
        nsqrt++;
    }
    /* z = (x - 1) / (x + 1); ln(x) = 2 (z + z^3/3 + z^5/5 + ...) */
    int local_rscale = rscale + (int)((nsqrt + 1) * 0.301029995663981) + 8;
    nv_sub(&x, &one, &r, t);
    nv_add(&x, &one, &elem, t);
    nv_div(&r, &elem, &r, local_rscale, true, t);
    xx = r;
    nv_mul(&r, &r, &x, local_rscale, t);
    for (int64_t ni = 3;; ni += 2) {
        nv_mul(&xx, &x, &xx, local_rscale, t);
        nv_from_i64(ni, &tmp, t);
        nv_div(&xx, &tmp, &elem, local_rscale, true, t);
        if (elem.ndigits == 0)
            break;
        nv_add(&r, &elem, &r, t);
        if (elem.weight < r.weight - local_rscale * 2 / DEC_DIGITS)
            break;
    }
    nv_mul(&r, &fact, res, rscale, t);
    return true;
}

/* log_var: log(base, num) with the scale PostgreSQL chooses. */
static bool nv_log(const nvar *base, const nvar *num, nvar *res, og_arena *t, og_error *err)
{
    if (!ln_domain(base, err) || !ln_domain(num, err))
        return false;
    int base_dw = ln_dweight(base, t), num_dw = ln_dweight(num, t);
    int result_dw = num_dw - base_dw;
    int rscale = MIN_SIG_DIGITS - result_dw;
    rscale = imax(rscale, base->dscale);
    rscale = imax(rscale, num->dscale);
    rscale = imax(rscale, 0);
    rscale = imin(rscale, MAX_DISPLAY_SCALE);
    int base_rscale = imax(rscale + result_dw - base_dw + 8, 0);
    int num_rscale = imax(rscale + result_dw - num_dw + 8, 0);
    nvar ln_base, ln_num;
    if (!nv_ln(base, &ln_base, base_rscale, t, err) || !nv_ln(num, &ln_num, num_rscale, t, err))
        return false;
    if (ln_base.ndigits == 0) {
        og_error_set(err, SQLSTATE_DIVISION_BY_ZERO, "division by zero");
        return false;
    }
    nv_div(&ln_num, &ln_base, res, rscale, true, t);
    return true;
}

/* ---------------------------------------------------------------- power */

static bool nv_is_integral(const nvar *v)
{
    return v->ndigits == 0 || v->ndigits <= v->weight + 1;
}

/* int64 value of an integral nvar; false when it does not fit. */
static bool nv_to_i64(const nvar *v, int64_t *out)
{
    uint64_t u = 0;
    if (v->weight > 4)
        return v->ndigits == 0 ? (*out = 0, true) : false;
    for (int w = v->weight, i = 0; w >= 0; w--, i++) {
        uint64_t dig = i < v->ndigits ? (uint64_t)v->d[i] : 0;
        if (u > (UINT64_MAX - dig) / NBASE)
            return false;
        u = u * NBASE + dig;
    }
    if (v->neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX)
        return false;
    *out = v->neg ? (int64_t)(0 - u) : (int64_t)u;
    return true;
}

/* power_var_int: base ^ exp by repeated squaring at a working precision of the result's digits. */
static bool power_int(const nvar *base, int exp, nvar *res, int rscale, og_arena *t, og_error *err)
{
    nvar one;
    nv_from_i64(1, &one, t);
    switch (exp) {
    case 0:
        *res = one;
        res->dscale = rscale;
        return true;
    case 1:
        *res = *base;
        nv_round(res, rscale, t);
        return true;
    case -1:
        if (base->ndigits == 0) {
            og_error_set(err, SQLSTATE_DIVISION_BY_ZERO, "division by zero");
            return false;
        }
        nv_div(&one, base, res, rscale, true, t);
        return true;
    case 2:
        nv_mul(base, base, res, rscale, t);
        return true;
    default:
        break;
    }
    if (base->ndigits == 0) {
        if (exp < 0) {
            og_error_set(err, SQLSTATE_DIVISION_BY_ZERO, "division by zero");
            return false;
        }
        nv_zero(res, rscale);
        return true;
    }
    /* base ~ f * 10^p, so log10(result) ~ exp * (log10(f) + p) */
    double f = base->d[0];
    int p = base->weight * DEC_DIGITS;
    for (int i = 1; i < base->ndigits && i * DEC_DIGITS < 16; i++) {
        f = f * NBASE + base->d[i];
        p -= DEC_DIGITS;
    }
    f = exp * (log10(f) + p);
    if (f > 3 * SHRT_MAX * DEC_DIGITS) {
        overflow_error(err);
        return false;
    }
    if (f + 1 < -rscale || f + 1 < -MAX_DISPLAY_SCALE) {
        nv_zero(res, rscale);
        return true;
    }
    int sig_digits = 1 + rscale + (int)f;
    sig_digits += (int)log(fabs((double)exp)) + 8;
    bool neg = exp < 0;
    unsigned mask = neg ? 0u - (unsigned)exp : (unsigned)exp;
    nvar prod = *base, r = (mask & 1) ? *base : one;
    while ((mask >>= 1) > 0) {
        int local_rscale = sig_digits - 2 * prod.weight * DEC_DIGITS;
        local_rscale = imax(imin(local_rscale, 2 * prod.dscale), 0);
        nv_mul(&prod, &prod, &prod, local_rscale, t);
        if (mask & 1) {
            local_rscale = sig_digits - (prod.weight + r.weight) * DEC_DIGITS;
            local_rscale = imax(imin(local_rscale, prod.dscale + r.dscale), 0);
            nv_mul(&prod, &r, &r, local_rscale, t);
        }
        if (prod.weight > SHRT_MAX || r.weight > SHRT_MAX) {
            if (!neg) {
                overflow_error(err);
                return false;
            }
            nv_zero(&r, 0);
            neg = false;
            break;
        }
    }
    if (neg) {
        if (r.ndigits == 0) {
            og_error_set(err, SQLSTATE_DIVISION_BY_ZERO, "division by zero");
            return false;
        }
        nv_div(&one, &r, &r, rscale, true, t);
    } else {
        nv_round(&r, rscale, t);
    }
    *res = r;
    return true;
}

/* power_var: integral exponents by multiplication, others as exp(exp * ln(base)). */
static bool nv_power(const nvar *base, const nvar *exp, nvar *res, og_arena *t, og_error *err)
{
    int64_t e64;
    if (nv_is_integral(exp) && nv_to_i64(exp, &e64) && e64 >= INT_MIN && e64 <= INT_MAX) {
        int rscale = imin(imax(imax(MIN_SIG_DIGITS, base->dscale), 0), MAX_DISPLAY_SCALE);
        return power_int(base, (int)e64, res, rscale, t, err);
    }
    if (base->ndigits == 0) {
        nv_zero(res, MIN_SIG_DIGITS);
        return true;
    }
    /* a negative base has an integral exponent here (numeric_power checked): work on |base| */
    bool res_neg = false;
    nvar abs_base = *base;
    if (base->neg) {
        res_neg = exp->ndigits > 0 && exp->ndigits == exp->weight + 1 && (exp->d[exp->ndigits - 1] & 1);
        abs_base.neg = false;
        base = &abs_base;
    }
    int ldw = ln_dweight(base, t);
    int local_rscale = imin(imax(8 - ldw, 0), MAX_DISPLAY_SCALE);
    nvar ln_base, ln_num;
    if (!nv_ln(base, &ln_base, local_rscale, t, err))
        return false;
    nv_mul(&ln_base, exp, &ln_num, local_rscale, t);
    double val = nv_to_double(&ln_num);
    if (fabs(val) > MAX_RESULT_SCALE * 3.01) {
        if (val > 0) {
            overflow_error(err);
            return false;
        }
        nv_zero(res, MAX_DISPLAY_SCALE);
        return true;
    }
    val *= 0.434294481903252; /* approximate decimal weight of the result */
    int rscale = MIN_SIG_DIGITS - (int)val;
    rscale = imax(rscale, base->dscale);
    rscale = imax(rscale, exp->dscale);
    rscale = imin(imax(rscale, 0), MAX_DISPLAY_SCALE);
    int sig_digits = imax(rscale + (int)val, 0);
    local_rscale = imax(sig_digits - ldw + 8, 0);
    if (!nv_ln(base, &ln_base, local_rscale, t, err))
        return false;
    nv_mul(&ln_base, exp, &ln_num, local_rscale, t);
    if (!nv_exp(&ln_num, res, rscale, t, err))
        return false;
    res->neg = res_neg && res->ndigits > 0;
    return true;
}

/* numeric_power's special values (NaN, infinities) and domain errors; true when *res is set. */
static bool power_special(const nvar *x, const nvar *y, nvar *res, bool *done, og_arena *t, og_error *err)
{
    *done = true;
    nvar one;
    nv_from_i64(1, &one, t);
    int sx = x->kind == NV_NUM ? (x->ndigits == 0 ? 0 : x->neg ? -1 : 1) : x->kind == NV_PINF ? 1 : -1;
    int sy = y->kind == NV_NUM ? (y->ndigits == 0 ? 0 : y->neg ? -1 : 1) : y->kind == NV_PINF ? 1 : -1;
    if (x->kind == NV_NAN) {
        if (y->kind == NV_NUM && sy == 0)
            *res = one;
        else
            nv_special(res, NV_NAN);
        return true;
    }
    if (y->kind == NV_NAN) {
        if (x->kind == NV_NUM && nv_cmp(x, &one) == 0)
            *res = one;
        else
            nv_special(res, NV_NAN);
        return true;
    }
    if (sx == 0 && sy < 0) {
        og_error_set(err, SQLSTATE_INVALID_POWER_ARG, "zero raised to a negative power is undefined");
        return false;
    }
    if (sx < 0 && y->kind == NV_NUM && !nv_is_integral(y)) { /* infinities count as integral */
        og_error_set(err, SQLSTATE_INVALID_POWER_ARG,
                     "a negative number raised to a non-integer power yields a complex result");
        return false;
    }
    if (x->kind == NV_NUM && y->kind == NV_NUM) {
        *done = false;
        return true;
    }
    /* POSIX pow(3) for infinite inputs */
    if (x->kind == NV_NUM && nv_cmp(x, &one) == 0) {
        *res = one;
    } else if (sy == 0) {
        *res = one;
    } else if (sx == 0 && sy > 0) {
        nv_zero(res, 0);
    } else if (y->kind != NV_NUM) {
        bool gt_one = true;
        if (x->kind == NV_NUM) {
            nvar ax = *x;
            ax.neg = false;
            if (x->neg && nv_cmp(&ax, &one) == 0) {
                *res = one;
                return true;
            }
            gt_one = nv_cmp(&ax, &one) > 0;
        }
        if (gt_one == (sy > 0))
            nv_special(res, NV_PINF);
        else
            nv_zero(res, 0);
    } else if (x->kind == NV_PINF) {
        if (sy > 0)
            nv_special(res, NV_PINF);
        else
            nv_zero(res, 0);
    } else if (sy < 0) {
        nv_zero(res, 0);
    } else {
        bool odd = y->ndigits > 0 && y->ndigits == y->weight + 1 && (y->d[y->ndigits - 1] & 1);
        nv_special(res, odd ? NV_NINF : NV_PINF);
    }
    return true;
}

/* ---------------------------------------------------------------- public: conversions */

bool orm_num_parse(const char *s, size_t len, og_arena *a, og_value *out, og_error *err)
{
    og_arena t;
    og_arena_init(&t);
    nvar v;
    bool ok = nv_parse(s, len, &t, &v, err) && nv_put(&v, a, out, err);
    og_arena_reset(&t);
    return ok;
}

void orm_num_from_int64(int64_t x, og_arena *a, og_value *out)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%lld", (long long)x);
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_NUMERIC;
    out->u.str.p = og_arena_memdup(a, buf, (size_t)n);
    out->u.str.len = (size_t)n;
}

void orm_num_from_double(double d, int sig_digits, og_arena *a, og_value *out)
{
    char buf[64];
    if (isnan(d))
        snprintf(buf, sizeof(buf), "NaN");
    else if (isinf(d))
        snprintf(buf, sizeof(buf), "%s", d > 0 ? "Infinity" : "-Infinity");
    else
        snprintf(buf, sizeof(buf), "%.*g", sig_digits, d);
    og_error err = OG_ERROR_INIT;
    bool ok = orm_num_parse(buf, strlen(buf), a, out, &err);
    assert(ok);
    (void)ok;
    og_error_clear(&err);
}

static const char *int_type_word(uint32_t target)
{
    return target == OG_OID_INT2 ? "smallint" : target == OG_OID_INT4 ? "integer" : "bigint";
}

bool orm_num_to_int(const og_value *x, uint32_t target, int64_t *out, og_error *err)
{
    og_arena t;
    og_arena_init(&t);
    nvar v;
    bool ok = nv_get(x, &t, &v, err);
    if (ok && v.kind != NV_NUM) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot convert %s to %s",
                     v.kind == NV_NAN ? "NaN" : "infinity", int_type_word(target));
        ok = false;
    }
    if (ok) {
        int64_t r;
        nv_round(&v, 0, &t);
        int64_t lo = target == OG_OID_INT2 ? INT16_MIN : target == OG_OID_INT4 ? INT32_MIN : INT64_MIN;
        int64_t hi = target == OG_OID_INT2 ? INT16_MAX : target == OG_OID_INT4 ? INT32_MAX : INT64_MAX;
        if (!nv_to_i64(&v, &r) || r < lo || r > hi) {
            og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "%s out of range", int_type_word(target));
            ok = false;
        } else {
            *out = r;
        }
    }
    og_arena_reset(&t);
    return ok;
}

bool orm_num_to_float(const og_value *x, uint32_t target, double *out, og_error *err)
{
    og_arena t;
    og_arena_init(&t);
    nvar v;
    bool ok = nv_get(x, &t, &v, err);
    if (ok) {
        og_buf b = OG_BUF_INIT;
        nv_print(&v, &b);
        const char *s = og_buf_cstr(&b);
        if (v.kind == NV_NAN) {
            *out = NAN;
        } else if (v.kind != NV_NUM) {
            *out = v.kind == NV_PINF ? INFINITY : -INFINITY;
        } else if (target == OG_OID_FLOAT4) {
            float f = strtof(s, NULL);
            if ((f == 0.0f && v.ndigits > 0) || isinf(f)) {
                og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "\"%s\" is out of range for type real", s);
                ok = false;
            }
            *out = f;
        } else {
            double d = strtod(s, NULL);
            if ((d == 0.0 && v.ndigits > 0) || isinf(d)) {
                og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "\"%s\" is out of range for type double precision",
                             s);
                ok = false;
            }
            *out = d;
        }
        og_buf_free(&b);
    }
    og_arena_reset(&t);
    return ok;
}

/* ---------------------------------------------------------------- public: arithmetic */

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_DIVT, OP_MOD, OP_POW, OP_LOG } binop;

static int sign_of(const nvar *v)
{
    switch (v->kind) {
    case NV_PINF:
        return 1;
    case NV_NINF:
        return -1;
    case NV_NAN:
        return 0;
    default:
        return v->ndigits == 0 ? 0 : v->neg ? -1 : 1;
    }
}

static void set_inf(nvar *v, int sign)
{
    nv_special(v, sign > 0 ? NV_PINF : NV_NINF);
}

static bool div_zero(og_error *err)
{
    og_error_set(err, SQLSTATE_DIVISION_BY_ZERO, "division by zero");
    return false;
}

/* The rules of numeric.c for NaN and infinite operands of + - * / div %. */
static bool binop_special(binop op, const nvar *x, const nvar *y, nvar *r, og_error *err)
{
    int sx = sign_of(x), sy = sign_of(y);
    bool ix = x->kind == NV_PINF || x->kind == NV_NINF, iy = y->kind == NV_PINF || y->kind == NV_NINF;
    if (x->kind == NV_NAN || y->kind == NV_NAN) {
        nv_special(r, NV_NAN);
        return true;
    }
    switch (op) {
    case OP_ADD:
        if (ix && iy && sx != sy)
            nv_special(r, NV_NAN);
        else
            set_inf(r, ix ? sx : sy);
        return true;
    case OP_SUB:
        if (ix && iy && sx == sy)
            nv_special(r, NV_NAN);
        else
            set_inf(r, ix ? sx : -sy);
        return true;
    case OP_MUL:
        if (sx == 0 || sy == 0)
            nv_special(r, NV_NAN);
        else
            set_inf(r, sx * sy);
        return true;
    case OP_DIV:
    case OP_DIVT:
        if (ix) {
            if (iy)
                nv_special(r, NV_NAN);
            else if (sy == 0)
                return div_zero(err);
            else
                set_inf(r, sx * sy);
        } else {
            nv_zero(r, 0); /* finite / infinity */
        }
        return true;
    case OP_MOD:
        if (ix) {
            if (sy == 0)
                return div_zero(err);
            nv_special(r, NV_NAN);
        } else {
            *r = *x; /* finite % infinity */
        }
        return true;
    default:
        assert(false);
        return false;
    }
}

static bool binop_finite(binop op, const nvar *x, const nvar *y, nvar *r, og_arena *t, og_error *err)
{
    switch (op) {
    case OP_ADD:
        nv_add(x, y, r, t);
        return true;
    case OP_SUB:
        nv_sub(x, y, r, t);
        return true;
    case OP_MUL:
        nv_mul(x, y, r, imin(x->dscale + y->dscale, DSCALE_MAX), t);
        return true;
    case OP_DIV:
        if (y->ndigits == 0)
            return div_zero(err);
        nv_div(x, y, r, div_scale(x, y), true, t);
        return true;
    case OP_DIVT:
        if (y->ndigits == 0)
            return div_zero(err);
        nv_div(x, y, r, 0, false, t);
        return true;
    case OP_MOD:
        if (y->ndigits == 0)
            return div_zero(err);
        nv_mod(x, y, r, t);
        return true;
    default:
        assert(false);
        return false;
    }
}

static bool binop_log(const nvar *b, const nvar *x, nvar *r, og_arena *t, og_error *err)
{
    if (b->kind == NV_NUM && x->kind == NV_NUM)
        return nv_log(b, x, r, t, err);
    if (b->kind == NV_NAN || x->kind == NV_NAN) {
        nv_special(r, NV_NAN);
        return true;
    }
    int sb = sign_of(b), sx = sign_of(x);
    if (sb < 0 || sx < 0) {
        og_error_set(err, SQLSTATE_INVALID_LOG_ARG, "cannot take logarithm of a negative number");
        return false;
    }
    if (sb == 0 || sx == 0) {
        og_error_set(err, SQLSTATE_INVALID_LOG_ARG, "cannot take logarithm of zero");
        return false;
    }
    if (b->kind == NV_PINF) {
        if (x->kind == NV_PINF)
            nv_special(r, NV_NAN);
        else
            nv_zero(r, 0);
    } else {
        nv_special(r, NV_PINF);
    }
    return true;
}

static bool binop_run(binop op, const og_value *xv, const og_value *yv, og_arena *a, og_value *out, og_error *err)
{
    og_arena t;
    og_arena_init(&t);
    nvar x = {0}, y = {0}, r = {0};
    bool ok = nv_get(xv, &t, &x, err) && nv_get(yv, &t, &y, err);
    if (ok) {
        if (op == OP_POW) {
            bool done;
            ok = power_special(&x, &y, &r, &done, &t, err);
            if (ok && !done)
                ok = nv_power(&x, &y, &r, &t, err);
        } else if (op == OP_LOG) {
            ok = binop_log(&x, &y, &r, &t, err);
        } else if (x.kind != NV_NUM || y.kind != NV_NUM) {
            ok = binop_special(op, &x, &y, &r, err);
        } else {
            ok = binop_finite(op, &x, &y, &r, &t, err);
        }
    }
    ok = ok && nv_put(&r, a, out, err);
    og_arena_reset(&t);
    return ok;
}

bool orm_num_add(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err)
{
    return binop_run(OP_ADD, x, y, a, out, err);
}

bool orm_num_sub(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err)
{
    return binop_run(OP_SUB, x, y, a, out, err);
}

bool orm_num_mul(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err)
{
    return binop_run(OP_MUL, x, y, a, out, err);
}

bool orm_num_div(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err)
{
    return binop_run(OP_DIV, x, y, a, out, err);
}

bool orm_num_div_trunc(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err)
{
    return binop_run(OP_DIVT, x, y, a, out, err);
}

bool orm_num_mod(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err)
{
    return binop_run(OP_MOD, x, y, a, out, err);
}

bool orm_num_power(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err)
{
    return binop_run(OP_POW, x, y, a, out, err);
}

bool orm_num_log(const og_value *b, const og_value *x, og_arena *a, og_value *out, og_error *err)
{
    return binop_run(OP_LOG, b, x, a, out, err);
}

/* ---------------------------------------------------------------- public: one argument */

typedef enum { U_NEG, U_ABS, U_SIGN, U_ROUND, U_TRUNC, U_FLOOR, U_CEIL, U_SQRT, U_EXP, U_LN, U_LOG10 } unop;

static bool unop_special(unop op, const nvar *x, nvar *r, og_arena *t, og_error *err)
{
    int s = sign_of(x);
    switch (op) {
    case U_NEG:
        nv_special(r, x->kind == NV_PINF ? NV_NINF : x->kind == NV_NINF ? NV_PINF : NV_NAN);
        return true;
    case U_ABS:
        nv_special(r, x->kind == NV_NAN ? NV_NAN : NV_PINF);
        return true;
    case U_SIGN:
        if (x->kind == NV_NAN)
            nv_special(r, NV_NAN);
        else
            nv_from_i64(s, r, t);
        return true;
    case U_SQRT:
    case U_LN:
    case U_LOG10:
        if (x->kind == NV_NINF) {
            if (op == U_SQRT)
                og_error_set(err, SQLSTATE_INVALID_POWER_ARG, "cannot take square root of a negative number");
            else
                og_error_set(err, SQLSTATE_INVALID_LOG_ARG, "cannot take logarithm of a negative number");
            return false;
        }
        *r = *x;
        return true;
    case U_EXP:
        if (x->kind == NV_NINF)
            nv_zero(r, 0);
        else
            *r = *x;
        return true;
    default: /* round, trunc, floor, ceil keep NaN and infinities */
        *r = *x;
        return true;
    }
}

static bool unop_finite(unop op, const nvar *x, int32_t s, nvar *r, og_arena *t, og_error *err)
{
    int rscale;
    *r = *x;
    switch (op) {
    case U_NEG:
        r->neg = r->ndigits > 0 && !r->neg;
        return true;
    case U_ABS:
        r->neg = false;
        return true;
    case U_SIGN:
        nv_from_i64(r->ndigits == 0 ? 0 : r->neg ? -1 : 1, r, t);
        return true;
    case U_ROUND:
    case U_TRUNC:
        s = s < -MAX_RESULT_SCALE ? -MAX_RESULT_SCALE : s > MAX_RESULT_SCALE ? MAX_RESULT_SCALE : s;
        if (op == U_ROUND)
            nv_round(r, s, t);
        else
            nv_trunc(r, s, t);
        return true;
    case U_FLOOR:
    case U_CEIL: {
        nvar one;
        nv_trunc(r, 0, t);
        if (nv_cmp(r, x) != 0 && (op == U_CEIL) != x->neg) {
            nv_from_i64(op == U_CEIL ? 1 : -1, &one, t);
            nv_add(r, &one, r, t);
        }
        return true;
    }
    case U_SQRT:
        if (x->neg) {
            og_error_set(err, SQLSTATE_INVALID_POWER_ARG, "cannot take square root of a negative number");
            return false;
        }
        /* half the decimal weight of x, for 16 significant digits */
        rscale = MIN_SIG_DIGITS - ((x->weight + 1) * DEC_DIGITS / 2 - 1);
        rscale = imin(imax(imax(rscale, x->dscale), 0), MAX_DISPLAY_SCALE);
        nv_sqrt(x, r, rscale, t);
        return true;
    case U_EXP: {
        double val = nv_to_double(x) * 0.434294481903252;
        val = val < -MAX_RESULT_SCALE ? -MAX_RESULT_SCALE : val > MAX_RESULT_SCALE ? MAX_RESULT_SCALE : val;
        rscale = MIN_SIG_DIGITS - (int)val;
        rscale = imin(imax(imax(rscale, x->dscale), 0), MAX_DISPLAY_SCALE);
        return nv_exp(x, r, rscale, t, err);
    }
    case U_LN:
        if (!ln_domain(x, err))
            return false;
        rscale = MIN_SIG_DIGITS - ln_dweight(x, t);
        rscale = imin(imax(imax(rscale, x->dscale), 0), MAX_DISPLAY_SCALE);
        return nv_ln(x, r, rscale, t, err);
    case U_LOG10: {
        nvar ten;
        nv_from_i64(10, &ten, t);
        return nv_log(&ten, x, r, t, err);
    }
    }
    return false;
}

static bool unop_run(unop op, const og_value *xv, int32_t s, og_arena *a, og_value *out, og_error *err)
{
    og_arena t;
    og_arena_init(&t);
    nvar x = {0}, r = {0};
    bool ok = nv_get(xv, &t, &x, err);
    if (ok)
        ok = x.kind != NV_NUM ? unop_special(op, &x, &r, &t, err) : unop_finite(op, &x, s, &r, &t, err);
    ok = ok && nv_put(&r, a, out, err);
    og_arena_reset(&t);
    return ok;
}

/* For the functions that cannot fail on a well-formed value. */
static void unop_nofail(unop op, const og_value *x, og_arena *a, og_value *out)
{
    og_error err = OG_ERROR_INIT;
    if (!unop_run(op, x, 0, a, out, &err)) {
        *out = *x; /* a corrupt payload: hand it back unchanged */
        og_error_clear(&err);
    }
}

void orm_num_neg(const og_value *x, og_arena *a, og_value *out)
{
    unop_nofail(U_NEG, x, a, out);
}
void orm_num_abs(const og_value *x, og_arena *a, og_value *out)
{
    unop_nofail(U_ABS, x, a, out);
}
void orm_num_sign(const og_value *x, og_arena *a, og_value *out)
{
    unop_nofail(U_SIGN, x, a, out);
}

bool orm_num_round(const og_value *x, int32_t s, og_arena *a, og_value *out, og_error *err)
{
    return unop_run(U_ROUND, x, s, a, out, err);
}

bool orm_num_trunc(const og_value *x, int32_t s, og_arena *a, og_value *out, og_error *err)
{
    return unop_run(U_TRUNC, x, s, a, out, err);
}

bool orm_num_floor(const og_value *x, og_arena *a, og_value *out, og_error *err)
{
    return unop_run(U_FLOOR, x, 0, a, out, err);
}

bool orm_num_ceil(const og_value *x, og_arena *a, og_value *out, og_error *err)
{
    return unop_run(U_CEIL, x, 0, a, out, err);
}

bool orm_num_sqrt(const og_value *x, og_arena *a, og_value *out, og_error *err)
{
    return unop_run(U_SQRT, x, 0, a, out, err);
}

bool orm_num_exp(const og_value *x, og_arena *a, og_value *out, og_error *err)
{
    return unop_run(U_EXP, x, 0, a, out, err);
}

bool orm_num_ln(const og_value *x, og_arena *a, og_value *out, og_error *err)
{
    return unop_run(U_LN, x, 0, a, out, err);
}

bool orm_num_log10(const og_value *x, og_arena *a, og_value *out, og_error *err)
{
    return unop_run(U_LOG10, x, 0, a, out, err);
}

bool orm_num_typmod(const og_value *x, int32_t typmod, og_arena *a, og_value *out, og_error *err)
{
    if (typmod < 4) {
        *out = *x;
        return true;
    }
    int32_t tm = typmod - 4;
    int precision = (tm >> 16) & 0xffff, scale = ((tm & 0x7ff) ^ 1024) - 1024;
    int maxdigits = precision - scale;
    og_arena t;
    og_arena_init(&t);
    nvar v;
    bool ok = nv_get(x, &t, &v, err);
    if (ok && (v.kind == NV_PINF || v.kind == NV_NINF)) {
        og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "numeric field overflow");
        og_error_detail(err, "A field with precision %d, scale %d cannot hold an infinite value.", precision, scale);
        ok = false;
    }
    if (ok && v.kind == NV_NUM) {
        nv_round(&v, scale, &t);
        if (v.ndigits > 0) {
            int32_t d0 = v.d[0];
            int ddigits = (v.weight + 1) * DEC_DIGITS - (d0 < 10 ? 3 : d0 < 100 ? 2 : d0 < 1000 ? 1 : 0);
            if (ddigits > maxdigits) {
                og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "numeric field overflow");
                og_error_detail(err,
                                "A field with precision %d, scale %d must round to an absolute value less than %s%d.",
                                precision, scale, maxdigits ? "10^" : "", maxdigits ? maxdigits : 1);
                ok = false;
            }
        }
    }
    ok = ok && nv_put(&v, a, out, err);
    og_arena_reset(&t);
    return ok;
}

/* ---------------------------------------------------------------- comparison without memory */

/* A numeric's text read in place: kind, sign, the digit runs and the decimal
 * weight of the first nonzero digit. */
typedef struct numscan {
    int kind;
    bool neg, zero;
    const char *ip, *fp; /* integer and fraction digits */
    int64_t ni, nf;
    int64_t k;       /* index of the first nonzero digit in ip ++ fp */
    int64_t dweight; /* its decimal weight */
} numscan;

static int scan_digit(const numscan *s, int64_t j)
{
    if (j < s->ni)
        return s->ip[j] - '0';
    if (j - s->ni < s->nf)
        return s->fp[j - s->ni] - '0';
    return 0;
}

static void num_scan(const og_value *x, numscan *s)
{
    const char *p = x->u.str.p, *end = p + x->u.str.len;
    memset(s, 0, sizeof(*s));
    while (p < end && is_space(*p))
        p++;
    const char *q = p;
    bool sign = q < end && (*q == '+' || *q == '-');
    if (sign)
        q++;
    if (q < end && (*q == 'N' || *q == 'n')) {
        s->kind = NV_NAN;
        return;
    }
    if (q < end && (*q == 'I' || *q == 'i')) {
        s->kind = *p == '-' ? NV_NINF : NV_PINF;
        return;
    }
    s->neg = sign && *p == '-';
    s->ip = q;
    while (q < end && *q >= '0' && *q <= '9')
        q++;
    s->ni = q - s->ip;
    s->fp = q;
    if (q < end && *q == '.') {
        s->fp = ++q;
        while (q < end && *q >= '0' && *q <= '9')
            q++;
        s->nf = q - s->fp;
    }
    int64_t ex = 0;
    if (q < end && (*q == 'e' || *q == 'E')) { /* read in bounds: the payload is not NUL-terminated */
        bool eneg = ++q < end && *q == '-';
        if (q < end && (*q == '-' || *q == '+'))
            q++;
        while (q < end && *q >= '0' && *q <= '9' && ex < INT32_MAX)
            ex = ex * 10 + (*q++ - '0');
        if (eneg)
            ex = -ex;
    }
    int64_t n = s->ni + s->nf;
    while (s->k < n && scan_digit(s, s->k) == 0)
        s->k++;
    s->zero = s->k == n;
    s->dweight = s->ni - 1 + ex - s->k;
}

int orm_num_cmp(const og_value *x, const og_value *y)
{
    numscan a, b;
    num_scan(x, &a);
    num_scan(y, &b);
    /* -Infinity < finite < Infinity < NaN */
    static const int rank[] = {[NV_NINF] = 0, [NV_NUM] = 1, [NV_PINF] = 2, [NV_NAN] = 3};
    if (a.kind != b.kind)
        return rank[a.kind] < rank[b.kind] ? -1 : 1;
    if (a.kind != NV_NUM)
        return 0;
    int sa = a.zero ? 0 : a.neg ? -1 : 1, sb = b.zero ? 0 : b.neg ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    int c = 0;
    if (a.dweight != b.dweight) {
        c = a.dweight > b.dweight ? 1 : -1;
    } else {
        int64_t na = a.ni + a.nf - a.k, nb = b.ni + b.nf - b.k, n = na > nb ? na : nb;
        for (int64_t i = 0; i < n && c == 0; i++) {
            int da = scan_digit(&a, a.k + i), db = scan_digit(&b, b.k + i);
            if (da != db)
                c = da > db ? 1 : -1;
        }
    }
    return sa < 0 ? -c : c;
}

bool orm_num_is_nan(const og_value *x)
{
    numscan s;
    num_scan(x, &s);
    return s.kind == NV_NAN;
}

bool orm_num_scale(const og_value *x, int32_t *out)
{
    og_arena t;
    og_arena_init(&t);
    nvar v;
    og_error err = OG_ERROR_INIT;
    bool ok = nv_get(x, &t, &v, &err) && v.kind == NV_NUM;
    if (ok)
        *out = v.dscale;
    og_error_clear(&err);
    og_arena_reset(&t);
    return ok;
}
