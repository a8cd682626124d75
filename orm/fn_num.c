/*
 * orm/fn_num.c - arithmetic operators and math functions (one family of the function catalog, orm/fn.h).
 *
 * The entries mirror pg_operator / pg_proc of PostgreSQL 15 for int2, int4,
 * int8, float4, float8 and numeric, including the cross-type integer and
 * float operators (int4 + int8, float4 * float8): they are what makes
 * resolution pick PostgreSQL's result types (float4 + int4 is float8 because
 * float48pl exists). Evaluators follow the corresponding C functions of
 * PostgreSQL: integer overflow is an error of the result type ("integer out
 * of range"), integer division truncates toward zero, float results that
 * overflow or underflow from finite inputs are errors, and numeric work is
 * done exactly by orm/numeric.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "orm/fn_int.h"
#include "orm/numeric.h"

#define FN_ARGS const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out, og_error *err

#define SQLSTATE_DIVISION_BY_ZERO   "22012"
#define SQLSTATE_INVALID_LOG_ARG    "2201E"
#define SQLSTATE_INVALID_POWER_ARG  "2201F"
#define SQLSTATE_INVALID_BUCKET_ARG "2201G"

/* ---------------------------------------------------------------- results */

static bool int_overflow(uint32_t oid, og_error *err)
{
    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "%s out of range",
                 oid == OG_OID_INT2   ? "smallint"
                 : oid == OG_OID_INT4 ? "integer"
                                      : "bigint");
    return false;
}

/* An integer result of type oid, or 22003 when it does not fit. */
static bool set_int(og_value *out, uint32_t oid, int64_t v, og_error *err)
{
    bool ok = oid == OG_OID_INT2   ? v >= INT16_MIN && v <= INT16_MAX
              : oid == OG_OID_INT4 ? v >= INT32_MIN && v <= INT32_MAX
                                   : true;
    if (!ok)
        return int_overflow(oid, err);
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    out->u.i = v;
    return true;
}

static bool set_float(og_value *out, uint32_t oid, double v)
{
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    out->u.f = oid == OG_OID_FLOAT4 ? (double)(float)v : v;
    return true;
}

static bool div_zero(og_error *err)
{
    og_error_set(err, SQLSTATE_DIVISION_BY_ZERO, "division by zero");
    return false;
}

static bool float_overflow(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "value out of range: overflow");
    return false;
}

static bool float_underflow(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "value out of range: underflow");
    return false;
}

/* check_float8_val: an infinite or zero result is an error unless the inputs explain it. */
static bool float_result(og_value *out, uint32_t oid, double r, bool inf_ok, bool zero_ok, og_error *err)
{
    if (isinf(r) && !inf_ok)
        return float_overflow(err);
    if (r == 0.0 && !zero_ok)
        return float_underflow(err);
    return set_float(out, oid, r);
}

/* ---------------------------------------------------------------- integers */

static bool int_arith(char op, uint32_t rt, const og_value *args, og_value *out, og_error *err)
{
    int64_t x = args[0].u.i, y = args[1].u.i, r = 0;
    bool ovf = false;
    switch (op) {
    case '+':
        ovf = __builtin_add_overflow(x, y, &r);
        break;
    case '-':
        ovf = __builtin_sub_overflow(x, y, &r);
        break;
    case '*':
        ovf = __builtin_mul_overflow(x, y, &r);
        break;
    case '/':
        if (y == 0)
            return div_zero(err);
        if (y == -1)
            ovf = __builtin_sub_overflow((int64_t)0, x, &r);
        else
            r = x / y;
        break;
    case '%':
        if (y == 0)
            return div_zero(err);
        r = y == -1 ? 0 : x % y;
        break;
    default:
        break;
    }
    if (ovf)
        return int_overflow(rt, err);
    return set_int(out, rt, r, err);
}

#define INT_BINOP(name, op, rt)                                                                                        \
    static bool name(FN_ARGS)                                                                                          \
    {                                                                                                                  \
        return int_arith(op, rt, args, out, err);                                                                      \
    }
INT_BINOP(int2_add, '+', OG_OID_INT2)
INT_BINOP(int2_sub, '-', OG_OID_INT2)
INT_BINOP(int2_mul, '*', OG_OID_INT2)
INT_BINOP(int2_div, '/', OG_OID_INT2)
INT_BINOP(int2_mod, '%', OG_OID_INT2)
INT_BINOP(int4_add, '+', OG_OID_INT4)
INT_BINOP(int4_sub, '-', OG_OID_INT4)
INT_BINOP(int4_mul, '*', OG_OID_INT4)
INT_BINOP(int4_div, '/', OG_OID_INT4)
INT_BINOP(int4_mod, '%', OG_OID_INT4)
INT_BINOP(int8_add, '+', OG_OID_INT8)
INT_BINOP(int8_sub, '-', OG_OID_INT8)
INT_BINOP(int8_mul, '*', OG_OID_INT8)
INT_BINOP(int8_div, '/', OG_OID_INT8)
INT_BINOP(int8_mod, '%', OG_OID_INT8)

static bool int_unary(char op, uint32_t rt, const og_value *args, og_value *out, og_error *err)
{
    int64_t x = args[0].u.i, r = x;
    if (op == '-' || (op == '@' && x < 0)) {
        if (__builtin_sub_overflow((int64_t)0, x, &r))
            return int_overflow(rt, err);
    } else if (op == '~') {
        r = ~x;
    }
    return set_int(out, rt, r, err);
}

#define INT_UNOP(name, op, rt)                                                                                         \
    static bool name(FN_ARGS)                                                                                          \
    {                                                                                                                  \
        return int_unary(op, rt, args, out, err);                                                                      \
    }
INT_UNOP(int2_neg, '-', OG_OID_INT2)
INT_UNOP(int4_neg, '-', OG_OID_INT4)
INT_UNOP(int8_neg, '-', OG_OID_INT8)
INT_UNOP(int2_pos, '+', OG_OID_INT2)
INT_UNOP(int4_pos, '+', OG_OID_INT4)
INT_UNOP(int8_pos, '+', OG_OID_INT8)
INT_UNOP(int2_abs, '@', OG_OID_INT2)
INT_UNOP(int4_abs, '@', OG_OID_INT4)
INT_UNOP(int8_abs, '@', OG_OID_INT8)
INT_UNOP(int2_not, '~', OG_OID_INT2)
INT_UNOP(int4_not, '~', OG_OID_INT4)
INT_UNOP(int8_not, '~', OG_OID_INT8)

/* & | # << >>: shifts wrap like PostgreSQL's C (shift counts taken modulo the width). */
static bool int_bits(char op, uint32_t rt, const og_value *args, og_value *out, og_error *err)
{
    int64_t x = args[0].u.i, y = args[1].u.i, r;
    int width = rt == OG_OID_INT8 ? 64 : 32; /* int2 shifts in int, then truncates */
    switch (op) {
    case '&':
        r = x & y;
        break;
    case '|':
        r = x | y;
        break;
    case '#':
        r = x ^ y;
        break;
    case '<':
        r = width == 64 ? (int64_t)((uint64_t)x << (y & 63)) : (int32_t)((uint32_t)x << (y & 31));
        break;
    default:
        r = width == 64 ? x >> (y & 63) : (int32_t)x >> (y & 31);
        break;
    }
    if (rt == OG_OID_INT2)
        r = (int16_t)r;
    return set_int(out, rt, r, err);
}

#define INT_BITOP(name, op, rt)                                                                                        \
    static bool name(FN_ARGS)                                                                                          \
    {                                                                                                                  \
        return int_bits(op, rt, args, out, err);                                                                       \
    }
INT_BITOP(int2_and, '&', OG_OID_INT2)
INT_BITOP(int2_or, '|', OG_OID_INT2)
INT_BITOP(int2_xor, '#', OG_OID_INT2)
INT_BITOP(int2_shl, '<', OG_OID_INT2)
INT_BITOP(int2_shr, '>', OG_OID_INT2)
INT_BITOP(int4_and, '&', OG_OID_INT4)
INT_BITOP(int4_or, '|', OG_OID_INT4)
INT_BITOP(int4_xor, '#', OG_OID_INT4)
INT_BITOP(int4_shl, '<', OG_OID_INT4)
INT_BITOP(int4_shr, '>', OG_OID_INT4)
INT_BITOP(int8_and, '&', OG_OID_INT8)
INT_BITOP(int8_or, '|', OG_OID_INT8)
INT_BITOP(int8_xor, '#', OG_OID_INT8)
INT_BITOP(int8_shl, '<', OG_OID_INT8)
INT_BITOP(int8_shr, '>', OG_OID_INT8)

static uint64_t gcd_u64(uint64_t x, uint64_t y)
{
    while (y) {
        uint64_t t = x % y;
        x = y;
        y = t;
    }
    return x;
}

static uint64_t uabs(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* gcd / lcm: computed on magnitudes, so only a result too large for the type is an error. */
static bool int_gcd(bool lcm, uint32_t rt, const og_value *args, og_value *out, og_error *err)
{
    uint64_t x = uabs(args[0].u.i), y = uabs(args[1].u.i), g = gcd_u64(x, y), r;
    if (!lcm)
        r = g;
    else if (x == 0 || y == 0)
        r = 0;
    else if (__builtin_mul_overflow(x / g, y, &r))
        return int_overflow(rt, err);
    if (r > (uint64_t)INT64_MAX)
        return int_overflow(rt, err);
    return set_int(out, rt, (int64_t)r, err);
}

static bool int4_gcd(FN_ARGS)
{
    return int_gcd(false, OG_OID_INT4, args, out, err);
}
static bool int8_gcd(FN_ARGS)
{
    return int_gcd(false, OG_OID_INT8, args, out, err);
}
static bool int4_lcm(FN_ARGS)
{
    return int_gcd(true, OG_OID_INT4, args, out, err);
}
static bool int8_lcm(FN_ARGS)
{
    return int_gcd(true, OG_OID_INT8, args, out, err);
}

/* ---------------------------------------------------------------- floats */

static bool flt_arith(char op, uint32_t rt, const og_value *args, og_value *out, og_error *err)
{
    double x = args[0].u.f, y = args[1].u.f, r;
    bool f4 = rt == OG_OID_FLOAT4;
    switch (op) {
    case '+':
        r = f4 ? (double)((float)x + (float)y) : x + y;
        return float_result(out, rt, r, isinf(x) || isinf(y), true, err);
    case '-':
        r = f4 ? (double)((float)x - (float)y) : x - y;
        return float_result(out, rt, r, isinf(x) || isinf(y), true, err);
    case '*':
        r = f4 ? (double)((float)x * (float)y) : x * y;
        return float_result(out, rt, r, isinf(x) || isinf(y), x == 0.0 || y == 0.0, err);
    default:
        if (y == 0.0 && !isnan(x))
            return div_zero(err);
        r = f4 ? (double)((float)x / (float)y) : x / y;
        return float_result(out, rt, r, isinf(x), x == 0.0 || isinf(y), err);
    }
}

#define FLT_BINOP(name, op, rt)                                                                                        \
    static bool name(FN_ARGS)                                                                                          \
    {                                                                                                                  \
        return flt_arith(op, rt, args, out, err);                                                                      \
    }
FLT_BINOP(float4_add, '+', OG_OID_FLOAT4)
FLT_BINOP(float4_sub, '-', OG_OID_FLOAT4)
FLT_BINOP(float4_mul, '*', OG_OID_FLOAT4)
FLT_BINOP(float4_div, '/', OG_OID_FLOAT4)
FLT_BINOP(float8_add, '+', OG_OID_FLOAT8)
FLT_BINOP(float8_sub, '-', OG_OID_FLOAT8)
FLT_BINOP(float8_mul, '*', OG_OID_FLOAT8)
FLT_BINOP(float8_div, '/', OG_OID_FLOAT8)

static bool float4_neg(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT4, -args[0].u.f);
}
static bool float8_neg(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT8, -args[0].u.f);
}
static bool float4_pos(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT4, args[0].u.f);
}
static bool float8_pos(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT8, args[0].u.f);
}
static bool float4_abs(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT4, fabs(args[0].u.f));
}
static bool float8_abs(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT8, fabs(args[0].u.f));
}
static bool float8_round(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT8, rint(args[0].u.f));
}
static bool float8_trunc(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT8, trunc(args[0].u.f));
}
static bool float8_ceil(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT8, ceil(args[0].u.f));
}
static bool float8_floor(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT8, floor(args[0].u.f));
}
static bool float8_pi(FN_ARGS)
{
    return set_float(out, OG_OID_FLOAT8, M_PI);
}

static bool float8_sign(FN_ARGS)
{
    double x = args[0].u.f;
    return set_float(out, OG_OID_FLOAT8, x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
}

static bool float8_sqrt(FN_ARGS)
{
    double x = args[0].u.f;
    if (x < 0) {
        og_error_set(err, SQLSTATE_INVALID_POWER_ARG, "cannot take square root of a negative number");
        return false;
    }
    return float_result(out, OG_OID_FLOAT8, sqrt(x), isinf(x), x == 0.0, err);
}

static bool float8_cbrt(FN_ARGS)
{
    double x = args[0].u.f;
    return float_result(out, OG_OID_FLOAT8, cbrt(x), isinf(x), x == 0.0, err);
}

static bool float8_exp(FN_ARGS)
{
    double x = args[0].u.f;
    if (isnan(x))
        return set_float(out, OG_OID_FLOAT8, x);
    if (isinf(x))
        return set_float(out, OG_OID_FLOAT8, x > 0 ? x : 0.0);
    return float_result(out, OG_OID_FLOAT8, exp(x), false, false, err);
}

static bool float_log(double (*f)(double), const og_value *args, og_value *out, og_error *err)
{
    double x = args[0].u.f;
    if (x == 0.0) {
        og_error_set(err, SQLSTATE_INVALID_LOG_ARG, "cannot take logarithm of zero");
        return false;
    }
    if (x < 0) {
        og_error_set(err, SQLSTATE_INVALID_LOG_ARG, "cannot take logarithm of a negative number");
        return false;
    }
    return float_result(out, OG_OID_FLOAT8, f(x), isinf(x), x == 1.0, err);
}

static bool float8_ln(FN_ARGS)
{
    return float_log(log, args, out, err);
}
static bool float8_log10(FN_ARGS)
{
    return float_log(log10, args, out, err);
}

/* dpow: POSIX pow(3) semantics for NaN and infinities, SQL's error codes for the domain errors. */
static bool float8_power(FN_ARGS)
{
    double x = args[0].u.f, y = args[1].u.f, r;
    if (isnan(x))
        return set_float(out, OG_OID_FLOAT8, isnan(y) || y != 0.0 ? NAN : 1.0);
    if (isnan(y))
        return set_float(out, OG_OID_FLOAT8, x != 1.0 ? NAN : 1.0);
    if (x == 0 && y < 0) {
        og_error_set(err, SQLSTATE_INVALID_POWER_ARG, "zero raised to a negative power is undefined");
        return false;
    }
    if (x < 0 && floor(y) != y) {
        og_error_set(err, SQLSTATE_INVALID_POWER_ARG,
                     "a negative number raised to a non-integer power yields a complex result");
        return false;
    }
    if (isinf(y)) {
        double ax = fabs(x);
        r = ax == 1.0 ? 1.0 : (y > 0) == (ax > 1.0) ? INFINITY : 0.0;
        return set_float(out, OG_OID_FLOAT8, r);
    }
    if (isinf(x)) {
        if (y == 0.0)
            return set_float(out, OG_OID_FLOAT8, 1.0);
        if (x > 0)
            return set_float(out, OG_OID_FLOAT8, y > 0 ? x : 0.0);
        bool odd = floor(y / 2) != y / 2;
        return set_float(out, OG_OID_FLOAT8, y > 0 ? (odd ? x : -x) : (odd ? -0.0 : 0.0));
    }
    r = pow(x, y);
    if (isinf(r))
        return float_overflow(err);
    if (r == 0.0 && x != 0.0)
        return float_underflow(err);
    return set_float(out, OG_OID_FLOAT8, r);
}

static bool float8_degrees(FN_ARGS)
{
    double x = args[0].u.f;
    return float_result(out, OG_OID_FLOAT8, x / (M_PI / 180.0), isinf(x), x == 0.0, err);
}

static bool float8_radians(FN_ARGS)
{
    double x = args[0].u.f;
    return float_result(out, OG_OID_FLOAT8, x * (M_PI / 180.0), isinf(x), x == 0.0, err);
}

static bool trig_range(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "input is out of range");
    return false;
}

/* sin, cos, tan, cot (infinite input is out of range), asin, acos (|x| > 1 is), atan. */
static bool float_trig(char which, const og_value *args, og_value *out, og_error *err)
{
    double x = args[0].u.f, r;
    if (isnan(x))
        return set_float(out, OG_OID_FLOAT8, x);
    switch (which) {
    case 's':
    case 'c':
    case 't':
    case 'o':
        if (isinf(x))
            return trig_range(err);
        r = which == 's' ? sin(x) : which == 'c' ? cos(x) : which == 't' ? tan(x) : 1.0 / tan(x);
        return float_result(out, OG_OID_FLOAT8, r, which == 't' || which == 'o', true, err);
    case 'S':
    case 'C':
        if (x < -1.0 || x > 1.0)
            return trig_range(err);
        return set_float(out, OG_OID_FLOAT8, which == 'S' ? asin(x) : acos(x));
    default:
        return set_float(out, OG_OID_FLOAT8, atan(x));
    }
}

static bool float8_sin(FN_ARGS)
{
    return float_trig('s', args, out, err);
}
static bool float8_cos(FN_ARGS)
{
    return float_trig('c', args, out, err);
}
static bool float8_tan(FN_ARGS)
{
    return float_trig('t', args, out, err);
}
static bool float8_cot(FN_ARGS)
{
    return float_trig('o', args, out, err);
}
static bool float8_asin(FN_ARGS)
{
    return float_trig('S', args, out, err);
}
static bool float8_acos(FN_ARGS)
{
    return float_trig('C', args, out, err);
}
static bool float8_atan(FN_ARGS)
{
    return float_trig('a', args, out, err);
}

static bool float8_atan2(FN_ARGS)
{
    double y = args[0].u.f, x = args[1].u.f;
    return set_float(out, OG_OID_FLOAT8, atan2(y, x));
}

/* random(): xoshiro256** per thread, seeded from the clock, the thread and a counter. */
static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static bool float8_random(FN_ARGS)
{
    static _Thread_local uint64_t s[4];
    static _Thread_local bool seeded;
    if (!seeded) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)(uintptr_t)&seeded ^
                        ((uint64_t)getpid() << 32);
        for (int i = 0; i < 4; i++)
            s[i] = splitmix(&seed);
        seeded = true;
    }
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return set_float(out, OG_OID_FLOAT8, (double)(r >> 11) * 0x1.0p-53);
}

static bool bucket_error(og_error *err, const char *msg)
{
    og_error_set(err, SQLSTATE_INVALID_BUCKET_ARG, "%s", msg);
    return false;
}

/* width_bucket_float8 */
static bool float8_width_bucket(FN_ARGS)
{
    double op = args[0].u.f, b1 = args[1].u.f, b2 = args[2].u.f;
    int64_t count = args[3].u.i, r;
    if (count <= 0)
        return bucket_error(err, "count must be greater than zero");
    if (isnan(op) || isnan(b1) || isnan(b2))
        return bucket_error(err, "operand, lower bound, and upper bound cannot be NaN");
    if (isinf(b1) || isinf(b2))
        return bucket_error(err, "lower and upper bounds must be finite");
    if (b1 == b2)
        return bucket_error(err, "lower bound cannot equal upper bound");
    bool up = b1 < b2;
    if (up ? op < b1 : op > b1) {
        r = 0;
    } else if (up ? op >= b2 : op <= b2) {
        r = count + 1;
    } else {
        double q = up ? (op - b1) / (b2 - b1) : (b1 - op) / (b1 - b2);
        if (isinf(up ? b2 - b1 : b1 - b2))
            q = up ? (op / 2 - b1 / 2) / (b2 / 2 - b1 / 2) : (b1 / 2 - op / 2) / (b1 / 2 - b2 / 2);
        r = (int64_t)(count * q);
        if (r >= count)
            r = count - 1;
        r++;
    }
    return set_int(out, OG_OID_INT4, r, err);
}

/* ---------------------------------------------------------------- numeric */

#define NUM_BINOP(name, fn)                                                                                            \
    static bool name(FN_ARGS)                                                                                          \
    {                                                                                                                  \
        return fn(&args[0], &args[1], a, out, err);                                                                    \
    }
NUM_BINOP(numeric_add, orm_num_add)
NUM_BINOP(numeric_sub, orm_num_sub)
NUM_BINOP(numeric_mul, orm_num_mul)
NUM_BINOP(numeric_div, orm_num_div)
NUM_BINOP(numeric_mod, orm_num_mod)
NUM_BINOP(numeric_div_trunc, orm_num_div_trunc)
NUM_BINOP(numeric_power, orm_num_power)
NUM_BINOP(numeric_log2, orm_num_log)

#define NUM_UNOP(name, fn)                                                                                             \
    static bool name(FN_ARGS)                                                                                          \
    {                                                                                                                  \
        return fn(&args[0], a, out, err);                                                                              \
    }
NUM_UNOP(numeric_floor, orm_num_floor)
NUM_UNOP(numeric_ceil, orm_num_ceil)
NUM_UNOP(numeric_sqrt, orm_num_sqrt)
NUM_UNOP(numeric_exp, orm_num_exp)
NUM_UNOP(numeric_ln, orm_num_ln)
NUM_UNOP(numeric_log, orm_num_log10)

static bool numeric_neg(FN_ARGS)
{
    orm_num_neg(&args[0], a, out);
    return true;
}

static bool numeric_pos(FN_ARGS)
{
    *out = args[0];
    return true;
}

static bool numeric_abs(FN_ARGS)
{
    orm_num_abs(&args[0], a, out);
    return true;
}

static bool numeric_sign(FN_ARGS)
{
    orm_num_sign(&args[0], a, out);
    return true;
}

static bool numeric_round(FN_ARGS)
{
    return orm_num_round(&args[0], 0, a, out, err);
}
static bool numeric_trunc(FN_ARGS)
{
    return orm_num_trunc(&args[0], 0, a, out, err);
}

static int32_t clamp32(int64_t v)
{
    return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : (int32_t)v;
}

static bool numeric_round2(FN_ARGS)
{
    return orm_num_round(&args[0], clamp32(args[1].u.i), a, out, err);
}
static bool numeric_trunc2(FN_ARGS)
{
    return orm_num_trunc(&args[0], clamp32(args[1].u.i), a, out, err);
}

static bool numeric_scale(FN_ARGS)
{
    int32_t s;
    if (!orm_num_scale(&args[0], &s)) {
        *out = og_value_null(OG_OID_INT4);
        return true;
    }
    return set_int(out, OG_OID_INT4, s, err);
}

/* Canonical text of x and the length without the fraction's trailing zeros; false for NaN / infinities. */
static bool num_trimmed(const og_value *x, og_arena *a, og_value *canon, size_t *keep, og_error *err)
{
    if (!orm_num_parse(x->u.str.p, x->u.str.len, a, canon, err))
        return false;
    const char *p = canon->u.str.p;
    size_t n = canon->u.str.len;
    if (n == 0 || (p[n - 1] < '0' || p[n - 1] > '9'))
        return false; /* NaN, Infinity */
    const char *dot = memchr(p, '.', n);
    if (dot) {
        while (n > 0 && p[n - 1] == '0')
            n--;
        if (p + n - 1 == dot)
            n--;
    }
    *keep = n;
    return true;
}

static bool numeric_min_scale(FN_ARGS)
{
    og_value c;
    size_t n;
    if (!num_trimmed(&args[0], a, &c, &n, err)) {
        if (og_error_isset(err))
            return false;
        *out = og_value_null(OG_OID_INT4);
        return true;
    }
    const char *dot = memchr(c.u.str.p, '.', n);
    return set_int(out, OG_OID_INT4, dot ? (int64_t)(c.u.str.p + n - dot - 1) : 0, err);
}

static bool numeric_trim_scale(FN_ARGS)
{
    og_value c;
    size_t n;
    if (!num_trimmed(&args[0], a, &c, &n, err)) {
        if (og_error_isset(err))
            return false;
        *out = c;
        return true;
    }
    *out = c;
    out->u.str.len = n;
    return true;
}

/* gcd_var: Euclid's algorithm on |x|, |y| (decimals too: gcd(1.5, 0.25) = 0.25), scale the larger
 * of the two; lcm = |x / gcd * y|. NaN and infinities give NaN. Iterations use a scratch arena. */
static bool numeric_gcd_lcm(bool lcm, const og_value *args, og_arena *a, og_value *out, og_error *err)
{
    int32_t s0, s1;
    if (!orm_num_scale(&args[0], &s0) || !orm_num_scale(&args[1], &s1))
        return orm_num_parse("NaN", 3, a, out, err);
    int32_t scale = s0 > s1 ? s0 : s1;
    og_arena t;
    og_arena_init(&t);
    og_value x, y, m, zero, r;
    orm_num_from_int64(0, &t, &zero);
    orm_num_abs(&args[0], &t, &x);
    orm_num_abs(&args[1], &t, &y);
    bool ok = true;
    if (lcm && (orm_num_cmp(&x, &zero) == 0 || orm_num_cmp(&y, &zero) == 0)) {
        r = zero;
    } else {
        og_value g = x, h = y;
        while (ok && orm_num_cmp(&h, &zero) != 0) {
            ok = orm_num_mod(&g, &h, &t, &m, err);
            g = h;
            h = m;
        }
        r = g;
        if (ok && lcm)
            ok = orm_num_div_trunc(&x, &g, &t, &r, err) && orm_num_mul(&r, &y, &t, &r, err);
    }
    ok = ok && orm_num_round(&r, scale, a, out, err);
    og_arena_reset(&t);
    return ok;
}

static bool numeric_gcd(FN_ARGS)
{
    return numeric_gcd_lcm(false, args, a, out, err);
}
static bool numeric_lcm(FN_ARGS)
{
    return numeric_gcd_lcm(true, args, a, out, err);
}

static bool num_is_inf(const og_value *x)
{
    return !orm_num_is_nan(x) && memchr(x->u.str.p, 'I', x->u.str.len) != NULL;
}

/* width_bucket_numeric as PostgreSQL 15's compute_bucket: (operand - b1) / (b2 - b1) rounded at
 * select_div_scale, times count, plus one, floored (so a quotient that rounds up to 1 gives count + 1). */
static bool numeric_width_bucket(FN_ARGS)
{
    const og_value *op = &args[0], *b1 = &args[1], *b2 = &args[2];
    int64_t count = args[3].u.i;
    if (count <= 0)
        return bucket_error(err, "count must be greater than zero");
    if (orm_num_is_nan(op) || orm_num_is_nan(b1) || orm_num_is_nan(b2))
        return bucket_error(err, "operand, lower bound, and upper bound cannot be NaN");
    if (num_is_inf(b1) || num_is_inf(b2))
        return bucket_error(err, "lower and upper bounds must be finite");
    int c12 = orm_num_cmp(b1, b2);
    if (c12 == 0)
        return bucket_error(err, "lower bound cannot equal upper bound");
    bool up = c12 < 0;
    if (up ? orm_num_cmp(op, b1) < 0 : orm_num_cmp(op, b1) > 0)
        return set_int(out, OG_OID_INT4, 0, err);
    if (up ? orm_num_cmp(op, b2) >= 0 : orm_num_cmp(op, b2) <= 0)
        return count == INT32_MAX ? int_overflow(OG_OID_INT4, err) : set_int(out, OG_OID_INT4, count + 1, err);
    og_value cnt, num, den, r, one;
    int64_t v;
    orm_num_from_int64(count, a, &cnt);
    orm_num_from_int64(1, a, &one);
    if (!(up ? orm_num_sub(op, b1, a, &num, err) : orm_num_sub(b1, op, a, &num, err)) ||
        !(up ? orm_num_sub(b2, b1, a, &den, err) : orm_num_sub(b1, b2, a, &den, err)) ||
        !orm_num_div(&num, &den, a, &r, err) || !orm_num_mul(&r, &cnt, a, &r, err) ||
        !orm_num_add(&r, &one, a, &r, err) || !orm_num_floor(&r, a, &r, err) ||
        !orm_num_to_int(&r, OG_OID_INT4, &v, err))
        return false;
    return set_int(out, OG_OID_INT4, v, err);
}

/* ---------------------------------------------------------------- the table */

#define I2  OG_OID_INT2
#define I4  OG_OID_INT4
#define I8  OG_OID_INT8
#define F4  OG_OID_FLOAT4
#define F8  OG_OID_FLOAT8
#define NUM OG_OID_NUMERIC
#define S   ORM_FN_STRICT

#define OP2(nm, sym, t1, t2, rt, impl)                                                                                 \
    {                                                                                                                  \
        nm, sym, 2, {t1, t2}, rt, S, impl, NULL                                                                        \
    }
#define FN1(nm, sym, t1, rt, impl)                                                                                     \
    {                                                                                                                  \
        nm, sym, 1, {t1}, rt, S, impl, NULL                                                                            \
    }
#define FN2(nm, sym, t1, t2, rt, impl)                                                                                 \
    {                                                                                                                  \
        nm, sym, 2, {t1, t2}, rt, S, impl, NULL                                                                        \
    }

static const orm_fn fns[] = {
    /* + - * / % on integers, cross-type pairs as pg_operator has them (int24pl, int48pl, ...) */
    OP2("+", "int2_add", I2, I2, I2, int2_add),
    OP2("+", "int4_add", I4, I4, I4, int4_add),
    OP2("+", "int8_add", I8, I8, I8, int8_add),
    OP2("+", "int24_add", I2, I4, I4, int4_add),
    OP2("+", "int42_add", I4, I2, I4, int4_add),
    OP2("+", "int28_add", I2, I8, I8, int8_add),
    OP2("+", "int82_add", I8, I2, I8, int8_add),
    OP2("+", "int48_add", I4, I8, I8, int8_add),
    OP2("+", "int84_add", I8, I4, I8, int8_add),
    OP2("-", "int2_sub", I2, I2, I2, int2_sub),
    OP2("-", "int4_sub", I4, I4, I4, int4_sub),
    OP2("-", "int8_sub", I8, I8, I8, int8_sub),
    OP2("-", "int24_sub", I2, I4, I4, int4_sub),
    OP2("-", "int42_sub", I4, I2, I4, int4_sub),
    OP2("-", "int28_sub", I2, I8, I8, int8_sub),
    OP2("-", "int82_sub", I8, I2, I8, int8_sub),
    OP2("-", "int48_sub", I4, I8, I8, int8_sub),
    OP2("-", "int84_sub", I8, I4, I8, int8_sub),
    OP2("*", "int2_mul", I2, I2, I2, int2_mul),
    OP2("*", "int4_mul", I4, I4, I4, int4_mul),
    OP2("*", "int8_mul", I8, I8, I8, int8_mul),
    OP2("*", "int24_mul", I2, I4, I4, int4_mul),
    OP2("*", "int42_mul", I4, I2, I4, int4_mul),
    OP2("*", "int28_mul", I2, I8, I8, int8_mul),
    OP2("*", "int82_mul", I8, I2, I8, int8_mul),
    OP2("*", "int48_mul", I4, I8, I8, int8_mul),
    OP2("*", "int84_mul", I8, I4, I8, int8_mul),
    OP2("/", "int2_div", I2, I2, I2, int2_div),
    OP2("/", "int4_div", I4, I4, I4, int4_div),
    OP2("/", "int8_div", I8, I8, I8, int8_div),
    OP2("/", "int24_div", I2, I4, I4, int4_div),
    OP2("/", "int42_div", I4, I2, I4, int4_div),
    OP2("/", "int28_div", I2, I8, I8, int8_div),
    OP2("/", "int82_div", I8, I2, I8, int8_div),
    OP2("/", "int48_div", I4, I8, I8, int8_div),
    OP2("/", "int84_div", I8, I4, I8, int8_div),
    OP2("%", "int2_mod", I2, I2, I2, int2_mod),
    OP2("%", "int4_mod", I4, I4, I4, int4_mod),
    OP2("%", "int8_mod", I8, I8, I8, int8_mod),
    FN1("-", "int2_neg", I2, I2, int2_neg),
    FN1("-", "int4_neg", I4, I4, int4_neg),
    FN1("-", "int8_neg", I8, I8, int8_neg),
    FN1("+", "int2_pos", I2, I2, int2_pos),
    FN1("+", "int4_pos", I4, I4, int4_pos),
    FN1("+", "int8_pos", I8, I8, int8_pos),
    FN1("@", "int2_abs_op", I2, I2, int2_abs),
    FN1("@", "int4_abs_op", I4, I4, int4_abs),
    FN1("@", "int8_abs_op", I8, I8, int8_abs),
    /* bitwise */
    OP2("&", "int2_and", I2, I2, I2, int2_and),
    OP2("&", "int4_and", I4, I4, I4, int4_and),
    OP2("&", "int8_and", I8, I8, I8, int8_and),
    OP2("|", "int2_or", I2, I2, I2, int2_or),
    OP2("|", "int4_or", I4, I4, I4, int4_or),
    OP2("|", "int8_or", I8, I8, I8, int8_or),
    OP2("#", "int2_xor", I2, I2, I2, int2_xor),
    OP2("#", "int4_xor", I4, I4, I4, int4_xor),
    OP2("#", "int8_xor", I8, I8, I8, int8_xor),
    FN1("~", "int2_not", I2, I2, int2_not),
    FN1("~", "int4_not", I4, I4, int4_not),
    FN1("~", "int8_not", I8, I8, int8_not),
    OP2("<<", "int2_shl", I2, I4, I2, int2_shl),
    OP2("<<", "int4_shl", I4, I4, I4, int4_shl),
    OP2("<<", "int8_shl", I8, I4, I8, int8_shl),
    OP2(">>", "int2_shr", I2, I4, I2, int2_shr),
    OP2(">>", "int4_shr", I4, I4, I4, int4_shr),
    OP2(">>", "int8_shr", I8, I4, I8, int8_shr),
    /* floats, with float48pl / float84pl and friends */
    OP2("+", "float4_add", F4, F4, F4, float4_add),
    OP2("+", "float8_add", F8, F8, F8, float8_add),
    OP2("+", "float48_add", F4, F8, F8, float8_add),
    OP2("+", "float84_add", F8, F4, F8, float8_add),
    OP2("-", "float4_sub", F4, F4, F4, float4_sub),
    OP2("-", "float8_sub", F8, F8, F8, float8_sub),
    OP2("-", "float48_sub", F4, F8, F8, float8_sub),
    OP2("-", "float84_sub", F8, F4, F8, float8_sub),
    OP2("*", "float4_mul", F4, F4, F4, float4_mul),
    OP2("*", "float8_mul", F8, F8, F8, float8_mul),
    OP2("*", "float48_mul", F4, F8, F8, float8_mul),
    OP2("*", "float84_mul", F8, F4, F8, float8_mul),
    OP2("/", "float4_div", F4, F4, F4, float4_div),
    OP2("/", "float8_div", F8, F8, F8, float8_div),
    OP2("/", "float48_div", F4, F8, F8, float8_div),
    OP2("/", "float84_div", F8, F4, F8, float8_div),
    FN1("-", "float4_neg", F4, F4, float4_neg),
    FN1("-", "float8_neg", F8, F8, float8_neg),
    FN1("+", "float4_pos", F4, F4, float4_pos),
    FN1("+", "float8_pos", F8, F8, float8_pos),
    FN1("@", "float4_abs_op", F4, F4, float4_abs),
    FN1("@", "float8_abs_op", F8, F8, float8_abs),
    OP2("^", "float8_power_op", F8, F8, F8, float8_power),
    FN1("|/", "float8_sqrt_op", F8, F8, float8_sqrt),
    FN1("||/", "float8_cbrt_op", F8, F8, float8_cbrt),
    /* numeric */
    OP2("+", "numeric_add", NUM, NUM, NUM, numeric_add),
    OP2("-", "numeric_sub", NUM, NUM, NUM, numeric_sub),
    OP2("*", "numeric_mul", NUM, NUM, NUM, numeric_mul),
    OP2("/", "numeric_div", NUM, NUM, NUM, numeric_div),
    OP2("%", "numeric_mod", NUM, NUM, NUM, numeric_mod),
    OP2("^", "numeric_power_op", NUM, NUM, NUM, numeric_power),
    FN1("-", "numeric_neg", NUM, NUM, numeric_neg),
    FN1("+", "numeric_pos", NUM, NUM, numeric_pos),
    FN1("@", "numeric_abs_op", NUM, NUM, numeric_abs),
    /* functions */
    FN1("abs", "int2_abs", I2, I2, int2_abs),
    FN1("abs", "int4_abs", I4, I4, int4_abs),
    FN1("abs", "int8_abs", I8, I8, int8_abs),
    FN1("abs", "float4_abs", F4, F4, float4_abs),
    FN1("abs", "float8_abs", F8, F8, float8_abs),
    FN1("abs", "numeric_abs", NUM, NUM, numeric_abs),
    FN1("round", "float8_round", F8, F8, float8_round),
    FN1("round", "numeric_round", NUM, NUM, numeric_round),
    FN2("round", "numeric_round2", NUM, I4, NUM, numeric_round2),
    FN1("trunc", "float8_trunc", F8, F8, float8_trunc),
    FN1("trunc", "numeric_trunc", NUM, NUM, numeric_trunc),
    FN2("trunc", "numeric_trunc2", NUM, I4, NUM, numeric_trunc2),
    FN1("ceil", "float8_ceil", F8, F8, float8_ceil),
    FN1("ceil", "numeric_ceil", NUM, NUM, numeric_ceil),
    FN1("ceiling", "float8_ceiling", F8, F8, float8_ceil),
    FN1("ceiling", "numeric_ceiling", NUM, NUM, numeric_ceil),
    FN1("floor", "float8_floor", F8, F8, float8_floor),
    FN1("floor", "numeric_floor", NUM, NUM, numeric_floor),
    FN1("sign", "float8_sign", F8, F8, float8_sign),
    FN1("sign", "numeric_sign", NUM, NUM, numeric_sign),
    FN2("mod", "int2_mod_fn", I2, I2, I2, int2_mod),
    FN2("mod", "int4_mod_fn", I4, I4, I4, int4_mod),
    FN2("mod", "int8_mod_fn", I8, I8, I8, int8_mod),
    FN2("mod", "numeric_mod_fn", NUM, NUM, NUM, numeric_mod),
    FN2("div", "numeric_div_trunc", NUM, NUM, NUM, numeric_div_trunc),
    FN1("sqrt", "float8_sqrt", F8, F8, float8_sqrt),
    FN1("sqrt", "numeric_sqrt", NUM, NUM, numeric_sqrt),
    FN1("cbrt", "float8_cbrt", F8, F8, float8_cbrt),
    FN2("power", "float8_power", F8, F8, F8, float8_power),
    FN2("power", "numeric_power", NUM, NUM, NUM, numeric_power),
    FN2("pow", "float8_pow", F8, F8, F8, float8_power),
    FN2("pow", "numeric_pow", NUM, NUM, NUM, numeric_power),
    FN1("exp", "float8_exp", F8, F8, float8_exp),
    FN1("exp", "numeric_exp", NUM, NUM, numeric_exp),
    FN1("ln", "float8_ln", F8, F8, float8_ln),
    FN1("ln", "numeric_ln", NUM, NUM, numeric_ln),
    FN1("log", "float8_log", F8, F8, float8_log10),
    FN1("log", "numeric_log", NUM, NUM, numeric_log),
    FN2("log", "numeric_log2", NUM, NUM, NUM, numeric_log2),
    FN1("log10", "float8_log10", F8, F8, float8_log10),
    FN1("log10", "numeric_log10", NUM, NUM, numeric_log),
    FN2("gcd", "int4_gcd", I4, I4, I4, int4_gcd),
    FN2("gcd", "int8_gcd", I8, I8, I8, int8_gcd),
    FN2("lcm", "int4_lcm", I4, I4, I4, int4_lcm),
    FN2("lcm", "int8_lcm", I8, I8, I8, int8_lcm),
    FN2("gcd", "numeric_gcd", NUM, NUM, NUM, numeric_gcd),
    FN2("lcm", "numeric_lcm", NUM, NUM, NUM, numeric_lcm),
    FN1("scale", "numeric_scale", NUM, I4, numeric_scale),
    FN1("min_scale", "numeric_min_scale", NUM, I4, numeric_min_scale),
    FN1("trim_scale", "numeric_trim_scale", NUM, NUM, numeric_trim_scale),
    {"width_bucket", "float8_width_bucket", 4, {F8, F8, F8, I4}, I4, S, float8_width_bucket, NULL},
    {"width_bucket", "numeric_width_bucket", 4, {NUM, NUM, NUM, I4}, I4, S, numeric_width_bucket, NULL},
    {"pi", "pi", 0, {0}, F8, S, float8_pi, NULL},
    {"random", "random", 0, {0}, F8, S | ORM_FN_VOLATILE, float8_random, NULL},
    FN1("degrees", "degrees", F8, F8, float8_degrees),
    FN1("radians", "radians", F8, F8, float8_radians),
    FN1("sin", "sin", F8, F8, float8_sin),
    FN1("cos", "cos", F8, F8, float8_cos),
    FN1("tan", "tan", F8, F8, float8_tan),
    FN1("cot", "cot", F8, F8, float8_cot),
    FN1("asin", "asin", F8, F8, float8_asin),
    FN1("acos", "acos", F8, F8, float8_acos),
    FN1("atan", "atan", F8, F8, float8_atan),
    FN2("atan2", "atan2", F8, F8, F8, float8_atan2),
};

const orm_fn_table orm_fn_num = {fns, sizeof(fns) / sizeof(fns[0])};
