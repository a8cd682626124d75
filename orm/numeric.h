/*
 * orm/numeric.h - exact decimal arithmetic on numeric values, as PostgreSQL 15 computes it.
 *
 * A numeric og_value carries canonical decimal text ("-12.50", "NaN",
 * "Infinity", "-Infinity"; see orm/value.h). These functions read that text
 * (or any spelling numeric_in accepts), compute exactly, and write the
 * canonical text of the result into the caller's arena. Result scales,
 * rounding (half away from zero), special values (NaN, +/-Infinity) and
 * errors (SQLSTATE and words) are PostgreSQL's: division uses
 * select_div_scale, multiplication keeps the sum of the scales, sqrt / exp /
 * ln / log / power choose their scales as numeric.c does.
 *
 * Every x and y below is a non-NULL value of type numeric; out is set to a
 * non-NULL numeric (oid OG_OID_NUMERIC). Functions returning bool fail with
 * err set and leave out untouched.
 */
#ifndef ORM_NUMERIC_H
#define ORM_NUMERIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/mem.h"
#include "orm/value.h"

/* numeric_in: leading/trailing spaces, sign, digits, point, exponent, NaN, [+-]Infinity, [+-]inf.
 * 22P02 'invalid input syntax for type numeric: "x"', 22003 "value overflows numeric format". */
bool orm_num_parse(const char *s, size_t len, og_arena *a, og_value *out, og_error *err);

/* int2/int4/int8 -> numeric (scale 0). */
void orm_num_from_int64(int64_t v, og_arena *a, og_value *out);
/* float -> numeric as PostgreSQL does: printf("%.*g", sig_digits) then numeric_in, so 15 significant
 * digits for float8 and 6 for float4; NaN and infinities map to numeric's own. */
void orm_num_from_double(double d, int sig_digits, og_arena *a, og_value *out);

/* numeric -> integer of type target (OG_OID_INT2, INT4 or INT8), rounding half away from zero.
 * 22003 "smallint out of range" / "integer out of range" / "bigint out of range";
 * 0A000 "cannot convert NaN to integer", "cannot convert infinity to bigint". */
bool orm_num_to_int(const og_value *x, uint32_t target, int64_t *out, og_error *err);
/* numeric -> float8 or float4 (target OG_OID_FLOAT8 / OG_OID_FLOAT4; float4 rounded to float).
 * 22003 '"1e400" is out of range for type double precision' (also for underflow to zero). */
bool orm_num_to_float(const og_value *x, uint32_t target, double *out, og_error *err);

/* x + y, x - y (scale: the larger of the two), x * y (scale: the sum, at most 16383). */
bool orm_num_add(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err);
bool orm_num_sub(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err);
bool orm_num_mul(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err);
/* x / y rounded to select_div_scale digits; 22012 "division by zero". */
bool orm_num_div(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err);
/* div(x, y): the quotient truncated toward zero (scale 0); 22012. */
bool orm_num_div_trunc(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err);
/* x % y, mod(x, y): x - y * trunc(x / y), sign of x; 22012. */
bool orm_num_mod(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err);

/* -x, abs(x), sign(x) (-1, 0, 1 with scale 0; NaN stays NaN). */
void orm_num_neg(const og_value *x, og_arena *a, og_value *out);
void orm_num_abs(const og_value *x, og_arena *a, og_value *out);
void orm_num_sign(const og_value *x, og_arena *a, og_value *out);

/* round(x, s) half away from zero and trunc(x, s); s may be negative (round(1234.5, -2) = 1200).
 * The result scale is max(s, 0); s is clamped to +/-2000 as PostgreSQL does. */
bool orm_num_round(const og_value *x, int32_t s, og_arena *a, og_value *out, og_error *err);
bool orm_num_trunc(const og_value *x, int32_t s, og_arena *a, og_value *out, og_error *err);
/* floor(x), ceil(x) (scale 0). */
bool orm_num_floor(const og_value *x, og_arena *a, og_value *out, og_error *err);
bool orm_num_ceil(const og_value *x, og_arena *a, og_value *out, og_error *err);

/* sqrt(x); 2201F "cannot take square root of a negative number". */
bool orm_num_sqrt(const og_value *x, og_arena *a, og_value *out, og_error *err);
/* exp(x); 22003 "value overflows numeric format". */
bool orm_num_exp(const og_value *x, og_arena *a, og_value *out, og_error *err);
/* ln(x), log(x) (base 10), log(b, x); 2201E "cannot take logarithm of zero" /
 * "cannot take logarithm of a negative number"; log(1, x) gives 22012. */
bool orm_num_ln(const og_value *x, og_arena *a, og_value *out, og_error *err);
bool orm_num_log10(const og_value *x, og_arena *a, og_value *out, og_error *err);
bool orm_num_log(const og_value *b, const og_value *x, og_arena *a, og_value *out, og_error *err);
/* power(x, y), x ^ y; 2201F "zero raised to a negative power is undefined",
 * "a negative number raised to a non-integer power yields a complex result"; 22003. */
bool orm_num_power(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err);

/* Apply the type modifier of numeric(p,s) (typmod = ((p << 16) | (s & 0x7ff)) + 4; below 4: none):
 * round to s digits, then 22003 "numeric field overflow" with PostgreSQL's detail
 * ("A field with precision 5, scale 2 must round to an absolute value less than 10^3."). */
bool orm_num_typmod(const og_value *x, int32_t typmod, og_arena *a, og_value *out, og_error *err);

/* Order as PostgreSQL sorts numerics: by value, -Infinity < finite < Infinity < NaN, NaN = NaN,
 * 1.0 = 1.00. Needs no memory. Returns <0, 0, >0. */
int orm_num_cmp(const og_value *x, const og_value *y);
bool orm_num_is_nan(const og_value *x);
/* Number of digits after the point (scale()); false for NaN and infinities. */
bool orm_num_scale(const og_value *x, int32_t *out);

#endif
