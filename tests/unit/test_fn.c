/*
 * tests/unit/test_fn.c - orm/fn.c and orm/fn_num.c: the catalog, call
 * resolution, casts, common types and value ordering, checked against what
 * PostgreSQL 15.18 does.
 *
 * Resolution is where a PostgreSQL look-alike most often goes quietly wrong
 * (int4 + int8 must be bigint, float4 + int4 double precision, sign(int)
 * double precision, int4 + '1.5' an integer parse error), so the call table
 * below runs every case the way the executor will: resolve the name against
 * the argument types, cast each argument to the declared type (as an
 * assignment cast would), call through orm_fn_call, print the result with
 * the text I/O, and compare the text and the result type's name with what
 * PostgreSQL printed for `(expr)::text` and `pg_typeof(expr)` (errors by
 * SQLSTATE and message). Casts, common types and orderings have their own
 * tables, with the PostgreSQL values they were verified against. The
 * registry is first touched from several threads at once, so its one-time
 * build is exercised under contention.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>
#include <pthread.h>

#include "orm/fn.h"
#include "orm/numeric.h"
#include "proxy/textio.h"

static const orm_eval_ctx utc = {"UTC", 0, 0};

/* ---------------------------------------------------------------- helpers */

static og_value val(og_arena *a, uint32_t oid, const char *text, const char *tz)
{
    og_value v;
    og_error err = OG_ERROR_INIT;
    if (!text)
        return og_value_null(oid);
    if (oid == OG_OID_UNKNOWN) {
        memset(&v, 0, sizeof(v));
        v.oid = oid;
        v.u.str.p = og_arena_strdup(a, text);
        v.u.str.len = strlen(text);
        return v;
    }
    if (!og_text_io_get()->decode(oid, text, strlen(text), tz, a, &v, &err))
        fail_msg("cannot decode %s as %s: %s", text, og_type_name(oid), err.message);
    return v;
}

/* Text output as PostgreSQL's ::text prints it (NULL for NULL). */
static const char *show(og_arena *a, const og_value *v, const char *tz)
{
    if (v->isnull)
        return NULL;
    og_buf b = OG_BUF_INIT;
    og_text_io_get()->encode(v, tz, &b);
    char *s = og_arena_memdup(a, b.data, b.len);
    og_buf_free(&b);
    return s;
}

static void expect_error(og_error *err, const char *code, const char *msg)
{
    if (strcmp(err->code, code) != 0 || strcmp(err->message, msg) != 0)
        fail_msg("expected %s %s, got %s %s", code, msg, err->code, err->message ? err->message : "");
    og_error_clear(err);
}

/* ---------------------------------------------------------------- registry */

static void *touch_catalog(void *arg)
{
    size_t *n = arg;
    *n = orm_fn_count();
    return orm_fn_by_sym("int4_add") ? arg : NULL;
}

/* First use from eight threads at once: one build, the same answer everywhere. */
static void test_registry(void **state)
{
    pthread_t th[8];
    size_t counts[8];
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&th[i], NULL, touch_catalog, &counts[i]), 0);
    for (int i = 0; i < 8; i++) {
        void *r;
        pthread_join(th[i], &r);
        assert_non_null(r);
        assert_int_equal(counts[i], counts[0]);
    }
    size_t n = orm_fn_count();
    assert_int_equal(n, counts[0]);
    assert_true(n > 100);
    for (size_t i = 0; i < n; i++) {
        const orm_fn *fn = orm_fn_at(i);
        assert_non_null(fn);
        assert_ptr_equal(orm_fn_by_sym(fn->sym), fn); /* syms are unique */
        assert_true(fn->nargs <= ORM_FN_MAXARGS);
        if (fn->flags & ORM_FN_AGG)
            assert_non_null(fn->agg);
        else if (!(fn->flags & ORM_FN_WINDOW))
            assert_non_null(fn->impl);
    }
    assert_null(orm_fn_at(n));
    assert_null(orm_fn_by_sym("no_such_function"));
    const orm_fn *add = orm_fn_by_sym("numeric_add");
    assert_non_null(add);
    assert_string_equal(add->name, "+");
    assert_int_equal(add->ret, OG_OID_NUMERIC);
    const orm_fn *rnd = orm_fn_by_sym("random");
    assert_non_null(rnd);
    assert_true(rnd->flags & ORM_FN_VOLATILE);
}

/* ---------------------------------------------------------------- calls */

typedef struct call_case {
    const char *name;
    bool is_operator;
    uint16_t nargs;
    uint32_t types[4];
    const char *args[4];  /* text input; NULL for SQL NULL */
    const char *code;     /* expected SQLSTATE, NULL for success */
    const char *expected; /* ::text of the result (NULL: SQL NULL), or the error message */
    const char *type;     /* pg_typeof of the result (checked on success) */
} call_case;

/* Generated from PostgreSQL 15.18: (expr)::text and pg_typeof(expr). */
static const call_case calls[] = {
    {"+", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"2147483647", "1"}, "22003", "integer out of range", NULL},
    {"+", true, 2, {OG_OID_INT4, OG_OID_INT8}, {"1", "2147483647"}, NULL, "2147483648", "bigint"},
    {"+", true, 2, {OG_OID_INT2, OG_OID_INT2}, {"32767", "1"}, "22003", "smallint out of range", NULL},
    {"+", true, 2, {OG_OID_INT2, OG_OID_INT4}, {"1", "2"}, NULL, "3", "integer"},
    {"+", true, 2, {OG_OID_INT8, OG_OID_INT8}, {"9223372036854775807", "1"}, "22003", "bigint out of range", NULL},
    {"+",
     true,
     2,
     {OG_OID_INT4, OG_OID_UNKNOWN},
     {"1", "1.5"},
     "22P02",
     "invalid input syntax for type integer: \"1.5\"",
     NULL},
    {"+", true, 2, {OG_OID_INT4, OG_OID_UNKNOWN}, {"1", "41"}, NULL, "42", "integer"},
    {"+", true, 2, {OG_OID_INT4, OG_OID_NUMERIC}, {"1", "1.5"}, NULL, "2.5", "numeric"},
    {"+", true, 2, {OG_OID_FLOAT4, OG_OID_INT4}, {"1.5", "1"}, NULL, "2.5", "double precision"},
    {"+", true, 2, {OG_OID_NUMERIC, OG_OID_FLOAT4}, {"1.5", "1"}, NULL, "2.5", "double precision"},
    {"+", true, 2, {OG_OID_FLOAT4, OG_OID_FLOAT4}, {"0.1", "0.2"}, NULL, "0.3", "real"},
    {"+", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"0.1", "0.2"}, NULL, "0.30000000000000004", "double precision"},
    {"+", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"1e308", "1e308"}, "22003", "value out of range: overflow", NULL},
    {"+", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"Infinity", "-Infinity"}, NULL, "NaN", "double precision"},
    {"+", true, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"0.1", "0.2"}, NULL, "0.3", "numeric"},
    {"+", true, 2, {OG_OID_INT4, OG_OID_INT4}, {NULL, "1"}, NULL, NULL, "integer"},
    {"-", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"-2147483648", "1"}, "22003", "integer out of range", NULL},
    {"-", true, 2, {OG_OID_INT8, OG_OID_INT8}, {"-9223372036854775808", "1"}, "22003", "bigint out of range", NULL},
    {"-", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"Infinity", "Infinity"}, NULL, "NaN", "double precision"},
    {"-", true, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"1.0", "0.9"}, NULL, "0.1", "numeric"},
    {"*", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"46341", "46341"}, "22003", "integer out of range", NULL},
    {"*", true, 2, {OG_OID_INT2, OG_OID_INT2}, {"200", "200"}, "22003", "smallint out of range", NULL},
    {"*", true, 2, {OG_OID_INT8, OG_OID_INT8}, {"4294967296", "4294967296"}, "22003", "bigint out of range", NULL},
    {"*", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"1e200", "1e200"}, "22003", "value out of range: overflow", NULL},
    {"*",
     true,
     2,
     {OG_OID_FLOAT8, OG_OID_FLOAT8},
     {"1e-200", "1e-200"},
     "22003",
     "value out of range: underflow",
     NULL},
    {"*", true, 2, {OG_OID_FLOAT4, OG_OID_FLOAT4}, {"1e30", "1e10"}, "22003", "value out of range: overflow", NULL},
    {"*", true, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"1.5", "-2.25"}, NULL, "-3.375", "numeric"},
    {"/", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"7", "2"}, NULL, "3", "integer"},
    {"/", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"-7", "2"}, NULL, "-3", "integer"},
    {"/", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"7", "-2"}, NULL, "-3", "integer"},
    {"/", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"1", "0"}, "22012", "division by zero", NULL},
    {"/", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"-2147483648", "-1"}, "22003", "integer out of range", NULL},
    {"/", true, 2, {OG_OID_INT2, OG_OID_INT2}, {"-32768", "-1"}, "22003", "smallint out of range", NULL},
    {"/", true, 2, {OG_OID_INT8, OG_OID_INT8}, {"-9223372036854775808", "-1"}, "22003", "bigint out of range", NULL},
    {"/", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"1", "0"}, "22012", "division by zero", NULL},
    {"/", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"NaN", "0"}, NULL, "NaN", "double precision"},
    {"/", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"7", "2"}, NULL, "3.5", "double precision"},
    {"/", true, 2, {OG_OID_FLOAT4, OG_OID_FLOAT4}, {"1", "3"}, NULL, "0.33333334", "real"},
    {"/", true, 2, {OG_OID_INT4, OG_OID_NUMERIC}, {"7", "2.0"}, NULL, "3.5000000000000000", "numeric"},
    {"/", true, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"1", "3"}, NULL, "0.33333333333333333333", "numeric"},
    {"/", true, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"1", "0"}, "22012", "division by zero", NULL},
    {"%", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"7", "2"}, NULL, "1", "integer"},
    {"%", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"-7", "2"}, NULL, "-1", "integer"},
    {"%", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"7", "-2"}, NULL, "1", "integer"},
    {"%", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"-2147483648", "-1"}, NULL, "0", "integer"},
    {"%", true, 2, {OG_OID_INT8, OG_OID_INT8}, {"5", "0"}, "22012", "division by zero", NULL},
    {"%", true, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"10.5", "3"}, NULL, "1.5", "numeric"},
    {"-", true, 1, {OG_OID_INT4}, {"-2147483648"}, "22003", "integer out of range", NULL},
    {"-", true, 1, {OG_OID_INT2}, {"-32768"}, "22003", "smallint out of range", NULL},
    {"-", true, 1, {OG_OID_INT8}, {"5"}, NULL, "-5", "bigint"},
    {"-", true, 1, {OG_OID_FLOAT8}, {"0"}, NULL, "-0", "double precision"},
    {"-", true, 1, {OG_OID_NUMERIC}, {"0.00"}, NULL, "0.00", "numeric"},
    {"+", true, 1, {OG_OID_NUMERIC}, {"-1.5"}, NULL, "-1.5", "numeric"},
    {"@", true, 1, {OG_OID_INT4}, {"-5"}, NULL, "5", "integer"},
    {"^", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"2", "10"}, NULL, "1024", "double precision"},
    {"^", true, 2, {OG_OID_INT4, OG_OID_NUMERIC}, {"2", "0.5"}, NULL, "1.4142135623730950", "numeric"},
    {"^",
     true,
     2,
     {OG_OID_FLOAT8, OG_OID_FLOAT8},
     {"-8", "0.5"},
     "2201F",
     "a negative number raised to a non-integer power yields a complex result",
     NULL},
    {"^",
     true,
     2,
     {OG_OID_FLOAT8, OG_OID_FLOAT8},
     {"0", "-1"},
     "2201F",
     "zero raised to a negative power is undefined",
     NULL},
    {"^", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"10", "400"}, "22003", "value out of range: overflow", NULL},
    {"^", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"10", "-400"}, "22003", "value out of range: underflow", NULL},
    {"^", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"-2", "Infinity"}, NULL, "Infinity", "double precision"},
    {"^", true, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"NaN", "0"}, NULL, "1", "double precision"},
    {"|/", true, 1, {OG_OID_FLOAT8}, {"25"}, NULL, "5", "double precision"},
    {"||/", true, 1, {OG_OID_FLOAT8}, {"27"}, NULL, "3.0000000000000004", "double precision"},
    {"&", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"5", "3"}, NULL, "1", "integer"},
    {"|", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"5", "3"}, NULL, "7", "integer"},
    {"#", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"5", "3"}, NULL, "6", "integer"},
    {"~", true, 1, {OG_OID_INT4}, {"5"}, NULL, "-6", "integer"},
    {"<<", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"1", "31"}, NULL, "-2147483648", "integer"},
    {"<<", true, 2, {OG_OID_INT2, OG_OID_INT4}, {"1", "15"}, NULL, "-32768", "smallint"},
    {"<<", true, 2, {OG_OID_INT2, OG_OID_INT4}, {"1", "16"}, NULL, "0", "smallint"},
    {">>", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"-8", "1"}, NULL, "-4", "integer"},
    {"<<", true, 2, {OG_OID_INT8, OG_OID_INT4}, {"1", "63"}, NULL, "-9223372036854775808", "bigint"},
    {"<<", true, 2, {OG_OID_INT4, OG_OID_INT4}, {"1", "32"}, NULL, "1", "integer"},
    {"abs", false, 1, {OG_OID_INT4}, {"-5"}, NULL, "5", "integer"},
    {"abs", false, 1, {OG_OID_INT2}, {"-32768"}, "22003", "smallint out of range", NULL},
    {"abs", false, 1, {OG_OID_FLOAT8}, {"-1.5"}, NULL, "1.5", "double precision"},
    {"abs", false, 1, {OG_OID_NUMERIC}, {"-2.5"}, NULL, "2.5", "numeric"},
    {"abs", false, 1, {OG_OID_UNKNOWN}, {"-1"}, NULL, "1", "double precision"},
    {"round", false, 1, {OG_OID_NUMERIC}, {"2.5"}, NULL, "3", "numeric"},
    {"round", false, 1, {OG_OID_FLOAT8}, {"2.5"}, NULL, "2", "double precision"},
    {"round", false, 1, {OG_OID_FLOAT8}, {"-0.5"}, NULL, "-0", "double precision"},
    {"round", false, 1, {OG_OID_UNKNOWN}, {"1.5"}, NULL, "2", "double precision"},
    {"round", false, 2, {OG_OID_NUMERIC, OG_OID_INT4}, {"2.345", "2"}, NULL, "2.35", "numeric"},
    {"round", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"1234", "-2"}, NULL, "1200", "numeric"},
    {"trunc", false, 1, {OG_OID_INT4}, {"1"}, NULL, "1", "double precision"},
    {"trunc", false, 1, {OG_OID_NUMERIC}, {"-2.789"}, NULL, "-2", "numeric"},
    {"trunc", false, 1, {OG_OID_FLOAT8}, {"-0.5"}, NULL, "-0", "double precision"},
    {"trunc", false, 2, {OG_OID_NUMERIC, OG_OID_INT4}, {"2.789", "2"}, NULL, "2.78", "numeric"},
    {"ceil", false, 1, {OG_OID_NUMERIC}, {"-2.1"}, NULL, "-2", "numeric"},
    {"ceil", false, 1, {OG_OID_FLOAT8}, {"2.1"}, NULL, "3", "double precision"},
    {"ceiling", false, 1, {OG_OID_INT4}, {"2"}, NULL, "2", "double precision"},
    {"floor", false, 1, {OG_OID_NUMERIC}, {"-2.7"}, NULL, "-3", "numeric"},
    {"floor", false, 1, {OG_OID_FLOAT8}, {"-2.7"}, NULL, "-3", "double precision"},
    {"sign", false, 1, {OG_OID_INT4}, {"-3"}, NULL, "-1", "double precision"},
    {"sign", false, 1, {OG_OID_NUMERIC}, {"4.2"}, NULL, "1", "numeric"},
    {"sign", false, 1, {OG_OID_FLOAT8}, {"NaN"}, NULL, "0", "double precision"},
    {"mod", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"-10", "3"}, NULL, "-1", "integer"},
    {"mod", false, 2, {OG_OID_INT2, OG_OID_INT4}, {"5", "3"}, NULL, "2", "integer"},
    {"mod", false, 2, {OG_OID_NUMERIC, OG_OID_INT4}, {"10.5", "3"}, NULL, "1.5", "numeric"},
    {"mod", false, 2, {OG_OID_INT8, OG_OID_INT8}, {"5", "0"}, "22012", "division by zero", NULL},
    {"div", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"-7", "2"}, NULL, "-3", "numeric"},
    {"div", false, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"7.9", "2"}, NULL, "3", "numeric"},
    {"sqrt", false, 1, {OG_OID_INT4}, {"16"}, NULL, "4", "double precision"},
    {"sqrt", false, 1, {OG_OID_FLOAT8}, {"-1"}, "2201F", "cannot take square root of a negative number", NULL},
    {"sqrt", false, 1, {OG_OID_NUMERIC}, {"2"}, NULL, "1.414213562373095", "numeric"},
    {"cbrt", false, 1, {OG_OID_FLOAT8}, {"-27"}, NULL, "-3.0000000000000004", "double precision"},
    {"power", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"2", "10"}, NULL, "1024", "double precision"},
    {"power", false, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"2.0", "0.5"}, NULL, "1.4142135623730950", "numeric"},
    {"power",
     false,
     2,
     {OG_OID_NUMERIC, OG_OID_NUMERIC},
     {"0", "-1"},
     "2201F",
     "zero raised to a negative power is undefined",
     NULL},
    {"pow", false, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"2", "0.5"}, NULL, "1.4142135623730951", "double precision"},
    {"exp", false, 1, {OG_OID_INT4}, {"0"}, NULL, "1", "double precision"},
    {"exp", false, 1, {OG_OID_FLOAT8}, {"1000"}, "22003", "value out of range: overflow", NULL},
    {"exp", false, 1, {OG_OID_FLOAT8}, {"-1000"}, "22003", "value out of range: underflow", NULL},
    {"exp", false, 1, {OG_OID_NUMERIC}, {"1"}, NULL, "2.7182818284590452", "numeric"},
    {"ln", false, 1, {OG_OID_INT4}, {"1"}, NULL, "0", "double precision"},
    {"ln", false, 1, {OG_OID_FLOAT8}, {"0"}, "2201E", "cannot take logarithm of zero", NULL},
    {"ln", false, 1, {OG_OID_FLOAT8}, {"-1"}, "2201E", "cannot take logarithm of a negative number", NULL},
    {"ln", false, 1, {OG_OID_NUMERIC}, {"2"}, NULL, "0.6931471805599453", "numeric"},
    {"log", false, 1, {OG_OID_INT4}, {"100"}, NULL, "2", "double precision"},
    {"log", false, 1, {OG_OID_NUMERIC}, {"100"}, NULL, "2.0000000000000000", "numeric"},
    {"log", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"2", "8"}, NULL, "3.0000000000000000", "numeric"},
    {"log10", false, 1, {OG_OID_FLOAT8}, {"1000"}, NULL, "3", "double precision"},
    {"log10", false, 1, {OG_OID_NUMERIC}, {"0.001"}, NULL, "-3.0000000000000000", "numeric"},
    {"gcd", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"12", "-18"}, NULL, "6", "integer"},
    {"gcd", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"-2147483648", "0"}, "22003", "integer out of range", NULL},
    {"gcd", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"-2147483648", "-1"}, NULL, "1", "integer"},
    {"lcm", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"-4", "6"}, NULL, "12", "integer"},
    {"lcm", false, 2, {OG_OID_INT4, OG_OID_INT4}, {"2147483647", "2"}, "22003", "integer out of range", NULL},
    {"gcd", false, 2, {OG_OID_INT8, OG_OID_INT8}, {"0", "0"}, NULL, "0", "bigint"},
    {"scale", false, 1, {OG_OID_NUMERIC}, {"1.2300"}, NULL, "4", "integer"},
    {"scale", false, 1, {OG_OID_NUMERIC}, {"NaN"}, NULL, NULL, "integer"},
    {"min_scale", false, 1, {OG_OID_NUMERIC}, {"1.2300"}, NULL, "2", "integer"},
    {"trim_scale", false, 1, {OG_OID_NUMERIC}, {"1.2300"}, NULL, "1.23", "numeric"},
    {"trim_scale", false, 1, {OG_OID_NUMERIC}, {"100.000"}, NULL, "100", "numeric"},
    {"trim_scale", false, 1, {OG_OID_NUMERIC}, {"NaN"}, NULL, "NaN", "numeric"},
    {"width_bucket",
     false,
     4,
     {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4},
     {"5", "0", "10", "5"},
     NULL,
     "3",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_INT4},
     {"5.35", "0.024", "10.06", "5"},
     NULL,
     "3",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_INT4},
     {"5.35", "0.024", "10.06", "5"},
     NULL,
     "3",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_INT4},
     {"10.06", "0.024", "10.06", "5"},
     NULL,
     "6",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_INT4},
     {"-1", "10", "0", "5"},
     NULL,
     "6",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_INT4},
     {"0.9999999999999999", "0", "1", "10"},
     NULL,
     "10",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_FLOAT8, OG_OID_INT4},
     {"1", "0", "1", "2147483647"},
     "22003",
     "integer out of range",
     NULL},
    {"width_bucket",
     false,
     4,
     {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4},
     {"5", "0", "10", "0"},
     "2201G",
     "count must be greater than zero",
     NULL},
    {"width_bucket",
     false,
     4,
     {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_INT4},
     {"NaN", "0", "10", "5"},
     "2201G",
     "operand, lower bound, and upper bound cannot be NaN",
     NULL},
    {"width_bucket",
     false,
     4,
     {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_INT4},
     {"5", "3", "3", "5"},
     "2201G",
     "lower bound cannot equal upper bound",
     NULL},
    {"width_bucket",
     false,
     4,
     {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_INT4},
     {"Infinity", "0", "10", "5"},
     NULL,
     "6",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_INT4},
     {"9.99999999999999999999", "0", "10", "3"},
     NULL,
     "4",
     "integer"},
    {"pi", false, 0, {0}, {NULL}, NULL, "3.141592653589793", "double precision"},
    {"degrees", false, 1, {OG_OID_INT4}, {"1"}, NULL, "57.29577951308232", "double precision"},
    {"radians", false, 1, {OG_OID_INT4}, {"180"}, NULL, "3.141592653589793", "double precision"},
    {"sin", false, 1, {OG_OID_FLOAT8}, {"Infinity"}, "22003", "input is out of range", NULL},
    {"acos", false, 1, {OG_OID_FLOAT8}, {"2"}, "22003", "input is out of range", NULL},
    {"cot", false, 1, {OG_OID_FLOAT8}, {"0"}, NULL, "Infinity", "double precision"},
    {"atan2", false, 2, {OG_OID_FLOAT8, OG_OID_FLOAT8}, {"1", "0"}, NULL, "1.5707963267948966", "double precision"},
    {"cos", false, 1, {OG_OID_FLOAT8}, {"0"}, NULL, "1", "double precision"},
    {"width_bucket",
     false,
     4,
     {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_INT4},
     {"2.99999999999999999999", "3", "0", "3"},
     NULL,
     "1",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_INT4},
     {"0.00000000000000000001", "0", "10", "3"},
     NULL,
     "1",
     "integer"},
    {"width_bucket",
     false,
     4,
     {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_INT4},
     {"4", "10", "0", "3"},
     NULL,
     "2",
     "integer"},
    {"gcd", false, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"1.5", "0.25"}, NULL, "0.25", "numeric"},
    {"gcd", false, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"-12.00", "18.0"}, NULL, "6.00", "numeric"},
    {"lcm", false, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"1.5", "0.25"}, NULL, "1.50", "numeric"},
    {"lcm", false, 2, {OG_OID_NUMERIC, OG_OID_INT4}, {"-4.0", "6"}, NULL, "12.0", "numeric"},
    {"gcd", false, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"NaN", "1"}, NULL, "NaN", "numeric"},
    {"lcm", false, 2, {OG_OID_NUMERIC, OG_OID_NUMERIC}, {"0", "5.00"}, NULL, "0.00", "numeric"},
    {"gcd",
     false,
     2,
     {OG_OID_NUMERIC, OG_OID_NUMERIC},
     {"123456789012345678901234567890", "987654321098765432109876543210"},
     NULL,
     "9000000000900000000090",
     "numeric"},
};

/* The executor's path: resolve, cast arguments to the declared types, call. */
static bool run_call(const call_case *c, og_arena *a, og_value *out, uint32_t *ret, og_error *err)
{
    const orm_fn *fn = orm_fn_resolve(c->name, c->types, c->nargs, c->is_operator, ret, err);
    if (!fn)
        return false;
    og_value args[4];
    for (uint16_t i = 0; i < c->nargs; i++) {
        og_value in = val(a, c->types[i], c->args[i], "UTC");
        uint32_t decl = i < fn->nargs ? fn->args[i] : fn->args[fn->nargs - 1];
        if (!orm_cast(&utc, &in, decl, -1, false, a, &args[i], err))
            return false;
    }
    return orm_fn_call(fn, &utc, args, c->nargs, *ret, a, out, err);
}

static void test_calls_against_postgres(void **state)
{
    og_arena a;
    og_arena_init(&a);
    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        const call_case *c = &calls[i];
        og_error err = OG_ERROR_INIT;
        og_value out;
        uint32_t ret = 0;
        bool ok = run_call(c, &a, &out, &ret, &err);
        const char *got = ok ? show(&a, &out, "UTC") : NULL;
        if (c->code) {
            if (ok || strcmp(err.code, c->code) != 0 || strcmp(err.message, c->expected) != 0)
                fail_msg("%s #%zu: expected %s %s, got %s", c->name, i, c->code, c->expected,
                         ok ? (got ? got : "NULL") : err.message);
        } else {
            if (!ok)
                fail_msg("%s #%zu: expected %s, got error %s %s", c->name, i, c->expected, err.code, err.message);
            if ((got == NULL) != (c->expected == NULL) || (got && strcmp(got, c->expected) != 0))
                fail_msg("%s #%zu: expected %s, got %s", c->name, i, c->expected ? c->expected : "NULL",
                         got ? got : "NULL");
            if (strcmp(og_type_name(ret), c->type) != 0)
                fail_msg("%s #%zu: expected type %s, got %s", c->name, i, c->type, og_type_name(ret));
            assert_int_equal(out.oid, ret);
        }
        og_error_clear(&err);
    }
    og_arena_reset(&a);
}

/* ---------------------------------------------------------------- resolution */

static const orm_fn *resolve(const char *name, bool op, uint16_t n, uint32_t t0, uint32_t t1, uint32_t t2,
                             uint32_t *ret, og_error *err)
{
    uint32_t types[3] = {t0, t1, t2};
    return orm_fn_resolve(name, types, n, op, ret, err);
}

static void expect_sym(const char *name, bool op, uint16_t n, uint32_t t0, uint32_t t1, const char *sym,
                       uint32_t want_ret)
{
    og_error err = OG_ERROR_INIT;
    uint32_t ret = 0;
    const orm_fn *fn = resolve(name, op, n, t0, t1, 0, &ret, &err);
    if (!fn)
        fail_msg("%s(%s, %s): %s", name, og_type_name(t0), n > 1 ? og_type_name(t1) : "", err.message);
    if (strcmp(fn->sym, sym) != 0 || ret != want_ret)
        fail_msg("%s(%s, %s): got %s -> %s, expected %s -> %s", name, og_type_name(t0), n > 1 ? og_type_name(t1) : "",
                 fn->sym, og_type_name(ret), sym, og_type_name(want_ret));
}

/* Which entry PostgreSQL's rules pick (result types checked with pg_typeof). */
static void test_resolution_rules(void **state)
{
    const uint32_t U = OG_OID_UNKNOWN;
    /* exact matches and the cross-type operators */
    expect_sym("+", true, 2, OG_OID_INT4, OG_OID_INT8, "int48_add", OG_OID_INT8);
    expect_sym("+", true, 2, OG_OID_INT8, OG_OID_INT8, "int8_add", OG_OID_INT8);
    /* int4 + unknown: the literal is taken as int4 (binary_oper_exact) */
    expect_sym("+", true, 2, OG_OID_INT4, U, "int4_add", OG_OID_INT4);
    expect_sym("*", true, 2, U, OG_OID_NUMERIC, "numeric_mul", OG_OID_NUMERIC);
    /* implicit casts: the most exact matches, then preferred types of the input's category */
    expect_sym("+", true, 2, OG_OID_FLOAT4, OG_OID_INT4, "float48_add", OG_OID_FLOAT8);
    expect_sym("+", true, 2, OG_OID_NUMERIC, OG_OID_FLOAT4, "float84_add", OG_OID_FLOAT8);
    expect_sym("+", true, 2, OG_OID_INT4, OG_OID_NUMERIC, "numeric_add", OG_OID_NUMERIC);
    expect_sym("^", true, 2, OG_OID_INT4, OG_OID_INT4, "float8_power_op", OG_OID_FLOAT8);
    expect_sym("^", true, 2, OG_OID_INT4, OG_OID_NUMERIC, "numeric_power_op", OG_OID_NUMERIC);
    expect_sym("sign", false, 1, OG_OID_INT4, 0, "float8_sign", OG_OID_FLOAT8);
    expect_sym("mod", false, 2, OG_OID_INT2, OG_OID_INT4, "int4_mod_fn", OG_OID_INT4);
    expect_sym("div", false, 2, OG_OID_INT4, OG_OID_INT4, "numeric_div_trunc", OG_OID_NUMERIC);
    expect_sym("round", false, 2, OG_OID_INT4, OG_OID_INT4, "numeric_round2", OG_OID_NUMERIC);
    /* untyped literals alone: the category all candidates share, and its preferred type */
    expect_sym("abs", false, 1, U, 0, "float8_abs", OG_OID_FLOAT8);
    expect_sym("round", false, 1, U, 0, "float8_round", OG_OID_FLOAT8);
    expect_sym("-", true, 1, OG_OID_INT2, 0, "int2_neg", OG_OID_INT2);
    /* the parameter placeholder type 0 behaves as unknown */
    expect_sym("+", true, 2, OG_OID_INT8, OG_OID_UNKNOWN_PARAM, "int8_add", OG_OID_INT8);
}

/* Families written by others: || over text and anynonarray, variadic "any", polymorphic results. */
static void test_resolution_pseudo_types(void **state)
{
    const uint32_t U = OG_OID_UNKNOWN;
    og_error err = OG_ERROR_INIT;
    uint32_t ret = 0;
    const orm_fn *fn;
    /* unknown || unknown: the string category wins, then its preferred type (PostgreSQL: text) */
    fn = resolve("||", true, 2, U, U, 0, &ret, &err);
    assert_non_null(fn);
    assert_string_equal(fn->sym, "textcat");
    /* text || integer: textanycat (anynonarray), result text */
    fn = resolve("||", true, 2, OG_OID_TEXT, OG_OID_INT4, 0, &ret, &err);
    assert_non_null(fn);
    assert_int_equal(fn->args[1], ORM_T_ANYNONARRAY);
    assert_int_equal(ret, OG_OID_TEXT);
    /* concat(VARIADIC "any") takes any number of arguments of any type, but at least one */
    uint32_t many[6] = {OG_OID_INT4, OG_OID_TEXT, U, OG_OID_DATE, OG_OID_NUMERIC, OG_OID_BOOL};
    fn = orm_fn_resolve("concat", many, 6, false, &ret, &err);
    assert_non_null(fn);
    assert_true(fn->flags & ORM_FN_VARIADIC);
    assert_int_equal(ret, OG_OID_TEXT);
    assert_null(orm_fn_resolve("concat", many, 0, false, &ret, &err));
    expect_error(&err, "42883", "function concat() does not exist");
    /* array_agg(anynonarray) -> anyarray: int4 gives int4[] */
    fn = resolve("array_agg", false, 1, OG_OID_INT4, 0, 0, &ret, &err);
    assert_non_null(fn);
    assert_int_equal(ret, OG_OID_INT4_ARRAY);
    /* to_json('a'): PostgreSQL cannot tell the polymorphic type of an untyped literal */
    assert_null(resolve("to_json", false, 1, U, 0, 0, &ret, &err));
    expect_error(&err, "42804", "could not determine polymorphic type because input has type unknown");
}

static void test_resolution_errors(void **state)
{
    const uint32_t U = OG_OID_UNKNOWN;
    og_error err = OG_ERROR_INIT;
    uint32_t ret;
    assert_null(resolve("+", true, 2, OG_OID_TEXT, OG_OID_INT4, 0, &ret, &err));
    assert_string_equal(
        err.hint, "No operator matches the given name and argument types. You might need to add explicit type casts.");
    expect_error(&err, "42883", "operator does not exist: text + integer");
    assert_null(resolve("-", true, 1, OG_OID_TEXT, 0, 0, &ret, &err));
    expect_error(&err, "42883", "operator does not exist: - text");
    assert_null(resolve("foo", false, 1, OG_OID_INT4, 0, 0, &ret, &err));
    assert_string_equal(
        err.hint, "No function matches the given name and argument types. You might need to add explicit type casts.");
    expect_error(&err, "42883", "function foo(integer) does not exist");
    assert_null(resolve("abs", false, 1, OG_OID_TEXT, 0, 0, &ret, &err));
    expect_error(&err, "42883", "function abs(text) does not exist");
    assert_null(resolve("round", false, 3, OG_OID_NUMERIC, OG_OID_INT4, U, &ret, &err));
    expect_error(&err, "42883", "function round(numeric, integer, unknown) does not exist");
    /* ambiguous: PostgreSQL says "operator is not unique" for both of these */
    assert_null(resolve("+", true, 2, U, U, 0, &ret, &err));
    assert_string_equal(err.hint,
                        "Could not choose a best candidate operator. You might need to add explicit type casts.");
    expect_error(&err, "42725", "operator is not unique: unknown + unknown");
    assert_null(resolve("-", true, 1, U, 0, 0, &ret, &err));
    expect_error(&err, "42725", "operator is not unique: - unknown");
}

/* STRICT: a NULL argument gives a NULL of the resolved type without calling the evaluator. */
static void test_call_strict(void **state)
{
    og_arena a;
    og_arena_init(&a);
    og_error err = OG_ERROR_INIT;
    const orm_fn *fn = orm_fn_by_sym("int4_div");
    og_value args[2] = {og_value_null(OG_OID_INT4), val(&a, OG_OID_INT4, "0", NULL)}, out;
    assert_true(orm_fn_call(fn, &utc, args, 2, OG_OID_INT4, &a, &out, &err)); /* no division by zero */
    assert_true(out.isnull);
    assert_int_equal(out.oid, OG_OID_INT4);
    /* random() is in [0, 1) and not constant */
    fn = orm_fn_by_sym("random");
    double first = -1;
    bool differs = false;
    for (int i = 0; i < 100; i++) {
        assert_true(orm_fn_call(fn, &utc, NULL, 0, OG_OID_FLOAT8, &a, &out, &err));
        assert_true(out.u.f >= 0.0 && out.u.f < 1.0);
        differs |= i > 0 && out.u.f != first;
        first = i == 0 ? out.u.f : first;
    }
    assert_true(differs);
    og_arena_reset(&a);
}

/* ---------------------------------------------------------------- casts */

typedef struct cast_case {
    uint32_t from;
    const char *in; /* text input of the source value */
    uint32_t to;
    int32_t typmod;
    bool explicit_cast;
    const char *code;     /* expected SQLSTATE or NULL */
    const char *expected; /* output text, NULL for a NULL result, or the message */
} cast_case;

#define VC(n)       ((n) + 4) /* varchar(n) / char(n) typmod */
#define NUMTM(p, s) ((((p) << 16) | ((s)&0x7ff)) + 4)

/* Each verified with `SELECT '<in>'::<from>::<to>` on PostgreSQL 15.18 (TimeZone UTC). */
static const cast_case casts[] = {
    {OG_OID_NUMERIC, "3.5", OG_OID_INT4, -1, true, NULL, "4"},
    {OG_OID_NUMERIC, "-3.5", OG_OID_INT4, -1, true, NULL, "-4"},
    {OG_OID_NUMERIC, "2147483647.5", OG_OID_INT4, -1, true, "22003", "integer out of range"},
    {OG_OID_NUMERIC, "NaN", OG_OID_INT4, -1, true, "0A000", "cannot convert NaN to integer"},
    {OG_OID_NUMERIC, "Infinity", OG_OID_INT8, -1, true, "0A000", "cannot convert infinity to bigint"},
    {OG_OID_FLOAT8, "2.5", OG_OID_INT4, -1, true, NULL, "2"},
    {OG_OID_FLOAT8, "3.5", OG_OID_INT4, -1, true, NULL, "4"},
    {OG_OID_FLOAT8, "-2.5", OG_OID_INT2, -1, true, NULL, "-2"},
    {OG_OID_FLOAT8, "NaN", OG_OID_INT4, -1, true, "22003", "integer out of range"},
    {OG_OID_FLOAT8, "2147483647.5", OG_OID_INT4, -1, true, "22003", "integer out of range"},
    {OG_OID_FLOAT8, "1e30", OG_OID_INT8, -1, true, "22003", "bigint out of range"},
    {OG_OID_INT4, "70000", OG_OID_INT2, -1, true, "22003", "smallint out of range"},
    {OG_OID_FLOAT8, "123456789.123456789", OG_OID_NUMERIC, -1, true, NULL, "123456789.123457"},
    {OG_OID_FLOAT4, "0.1", OG_OID_NUMERIC, -1, true, NULL, "0.1"},
    {OG_OID_FLOAT8, "Infinity", OG_OID_NUMERIC, -1, true, NULL, "Infinity"},
    {OG_OID_FLOAT8, "1e39", OG_OID_FLOAT4, -1, true, "22003", "value out of range: overflow"},
    {OG_OID_FLOAT8, "1e-50", OG_OID_FLOAT4, -1, true, "22003", "value out of range: underflow"},
    {OG_OID_NUMERIC, "1e40", OG_OID_FLOAT4, -1, true, "22003",
     "\"10000000000000000000000000000000000000000\" is out of range for type real"},
    {OG_OID_NUMERIC, "123.456", OG_OID_NUMERIC, NUMTM(5, 2), true, NULL, "123.46"},
    {OG_OID_INT4, "123456", OG_OID_NUMERIC, NUMTM(5, 2), false, "22003", "numeric field overflow"},
    {OG_OID_INT4, "1", OG_OID_BOOL, -1, true, NULL, "t"},
    {OG_OID_INT4, "0", OG_OID_BOOL, -1, true, NULL, "f"},
    {OG_OID_BOOL, "true", OG_OID_INT4, -1, true, NULL, "1"},
    {OG_OID_BOOL, "true", OG_OID_TEXT, -1, true, NULL, "true"},
    {OG_OID_BOOL, "false", OG_OID_VARCHAR, -1, true, NULL, "false"},
    {OG_OID_TEXT, "abc", OG_OID_VARCHAR, VC(2), true, NULL, "ab"},
    {OG_OID_TEXT, "abc", OG_OID_VARCHAR, VC(2), false, "22001", "value too long for type character varying(2)"},
    {OG_OID_TEXT, "ab  ", OG_OID_VARCHAR, VC(2), false, NULL, "ab"},
    {OG_OID_TEXT, "h\xc3\xa9llo", OG_OID_VARCHAR, VC(2), true, NULL, "h\xc3\xa9"},
    {OG_OID_TEXT, "abcd", OG_OID_BPCHAR, VC(3), false, "22001", "value too long for type character(3)"},
    {OG_OID_TEXT, "ab", OG_OID_BPCHAR, VC(4), true, NULL, "ab  "},
    {OG_OID_BPCHAR, "a  ", OG_OID_TEXT, -1, true, NULL, "a"},
    {OG_OID_BPCHAR, "a  ", OG_OID_VARCHAR, -1, true, NULL, "a"},
    {OG_OID_INT4, "12345", OG_OID_VARCHAR, VC(3), true, NULL, "123"},
    {OG_OID_TEXT, "1.5", OG_OID_INT4, -1, true, "22P02", "invalid input syntax for type integer: \"1.5\""},
    {OG_OID_UNKNOWN, "42", OG_OID_INT8, -1, false, NULL, "42"},
    {OG_OID_INTERVAL, "25 hours", OG_OID_TIME, -1, true, NULL, "01:00:00"},
    {OG_OID_INTERVAL, "-1 hour", OG_OID_TIME, -1, true, NULL, "23:00:00"},
    {OG_OID_TIME, "01:02:03", OG_OID_INTERVAL, -1, true, NULL, "01:02:03"},
    {OG_OID_TIMESTAMP, "1999-12-31 23:00", OG_OID_DATE, -1, true, NULL, "1999-12-31"},
    {OG_OID_TIMESTAMP, "1999-12-31 23:00", OG_OID_TIME, -1, true, NULL, "23:00:00"},
    {OG_OID_TIMESTAMP, "infinity", OG_OID_DATE, -1, true, NULL, "infinity"},
    {OG_OID_TIMESTAMP, "infinity", OG_OID_TIME, -1, true, NULL, NULL},
    {OG_OID_DATE, "-infinity", OG_OID_TIMESTAMP, -1, true, NULL, "-infinity"},
    {OG_OID_DATE, "2020-02-29", OG_OID_TIMESTAMP, -1, true, NULL, "2020-02-29 00:00:00"},
    {OG_OID_TIMESTAMP, "2020-01-01 10:00:00.125", OG_OID_TIMESTAMP, 2, true, NULL, "2020-01-01 10:00:00.13"},
    {OG_OID_TIMESTAMP, "2020-01-01 10:00:00.124999", OG_OID_TIMESTAMP, 2, true, NULL, "2020-01-01 10:00:00.12"},
    {OG_OID_TIME, "23:59:59.9", OG_OID_TIME, 0, true, NULL, "24:00:00"},
    {OG_OID_JSON, "{\"b\":1, \"a\":[1,2]}", OG_OID_JSONB, -1, true, NULL, "{\"a\": [1, 2], \"b\": 1}"},
    {OG_OID_JSONB, "1.5", OG_OID_INT4, -1, true, NULL, "2"},
    {OG_OID_JSONB, "true", OG_OID_BOOL, -1, true, NULL, "t"},
    {OG_OID_JSONB, "1e2", OG_OID_FLOAT8, -1, true, NULL, "100"},
    {OG_OID_JSONB, "\"a\"", OG_OID_INT4, -1, true, "22023", "cannot cast jsonb string to type integer"},
    {OG_OID_JSONB, "[1]", OG_OID_NUMERIC, -1, true, "22023", "cannot cast jsonb array to type numeric"},
    {OG_OID_JSONB, "null", OG_OID_BOOL, -1, true, "22023", "cannot cast jsonb null to type boolean"},
    {OG_OID_NUMERIC_ARRAY, "{1.5,2.5}", OG_OID_INT4_ARRAY, -1, true, NULL, "{2,3}"},
    {OG_OID_TEXT_ARRAY, "{abc,de}", OG_OID_VARCHAR_ARRAY, VC(2), true, NULL, "{ab,de}"},
    {OG_OID_INT4_ARRAY, "{1,NULL,3}", OG_OID_TEXT, -1, true, NULL, "{1,NULL,3}"},
    {OG_OID_VARCHAR_ARRAY, "{abc,NULL}", OG_OID_VARCHAR_ARRAY, VC(2), true, NULL, "{ab,NULL}"},
    {OG_OID_TEXT, "{abc,de}", OG_OID_BPCHAR_ARRAY, VC(3), true, NULL, "{abc,\"de \"}"},
    {OG_OID_TEXT, "{1.25,NaN}", OG_OID_NUMERIC_ARRAY, NUMTM(3, 1), true, NULL, "{1.3,NaN}"},
    {OG_OID_BYTEA, "\\x41", OG_OID_TEXT, -1, true, NULL, "\\x41"},
    {OG_OID_TEXT, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", OG_OID_UUID, -1, true, NULL,
     "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
    {OG_OID_INT4, "1", OG_OID_DATE, -1, true, "42846", "cannot cast type integer to date"},
    {OG_OID_BOOL, "true", OG_OID_INT8, -1, true, "42846", "cannot cast type boolean to bigint"},
    {OG_OID_INT4_ARRAY, "{1,2}", OG_OID_DATE_ARRAY, -1, true, "42846", "cannot cast type integer[] to date[]"},
};

static void test_casts(void **state)
{
    og_arena a;
    og_arena_init(&a);
    for (size_t i = 0; i < sizeof(casts) / sizeof(casts[0]); i++) {
        const cast_case *c = &casts[i];
        og_error err = OG_ERROR_INIT;
        og_value in = val(&a, c->from, c->in, "UTC"), out;
        bool ok = orm_cast(&utc, &in, c->to, c->typmod, c->explicit_cast, &a, &out, &err);
        const char *got = ok ? show(&a, &out, "UTC") : NULL;
        if (c->code) {
            if (ok || strcmp(err.code, c->code) != 0 || strcmp(err.message, c->expected) != 0)
                fail_msg("cast #%zu %s -> %s: expected %s %s, got %s", i, c->in, og_type_name(c->to), c->code,
                         c->expected, ok ? got : err.message);
        } else {
            if (!ok)
                fail_msg("cast #%zu %s -> %s: %s", i, c->in, og_type_name(c->to), err.message);
            if ((got == NULL) != (c->expected == NULL) || (got && strcmp(got, c->expected) != 0))
                fail_msg("cast #%zu %s -> %s: expected %s, got %s", i, c->in, og_type_name(c->to),
                         c->expected ? c->expected : "NULL", got ? got : "NULL");
            assert_int_equal(out.oid, c->to);
        }
        og_error_clear(&err);
    }
    /* NULL casts to a NULL of the target type */
    og_value n = og_value_null(OG_OID_TEXT), out;
    og_error err = OG_ERROR_INIT;
    assert_true(orm_cast(&utc, &n, OG_OID_INT4, -1, true, &a, &out, &err));
    assert_true(out.isnull);
    assert_int_equal(out.oid, OG_OID_INT4);
    og_arena_reset(&a);
}

/* Zone arithmetic follows the session TimeZone (PostgreSQL with TimeZone 'Europe/Paris'). */
static void test_casts_time_zone(void **state)
{
    static const struct {
        uint32_t from;
        const char *in;
        uint32_t to;
        const char *expected; /* as PostgreSQL prints it in that zone */
    } tz_casts[] = {
        {OG_OID_TIMESTAMP, "2020-07-01 10:00", OG_OID_TIMESTAMPTZ, "2020-07-01 10:00:00+02"},
        {OG_OID_TIMESTAMPTZ, "2020-07-01 00:30+00", OG_OID_TIMESTAMP, "2020-07-01 02:30:00"},
        {OG_OID_TIMESTAMPTZ, "2020-07-01 23:30+00", OG_OID_DATE, "2020-07-02"},
        {OG_OID_DATE, "2020-07-01", OG_OID_TIMESTAMPTZ, "2020-07-01 00:00:00+02"},
        {OG_OID_TIMESTAMPTZ, "2020-07-01 23:30+00", OG_OID_TIME, "01:30:00"},
        {OG_OID_TIMESTAMP, "2020-03-29 02:30", OG_OID_TIMESTAMPTZ, "2020-03-29 03:30:00+02"}, /* in the DST gap */
        {OG_OID_TIMESTAMPTZ, "infinity", OG_OID_TIMESTAMP, "infinity"},
    };
    const char *tz = "Europe/Paris";
    orm_eval_ctx cx = {tz, 0, 0};
    og_arena a;
    og_arena_init(&a);
    for (size_t i = 0; i < sizeof(tz_casts) / sizeof(tz_casts[0]); i++) {
        og_error err = OG_ERROR_INIT;
        og_value in = val(&a, tz_casts[i].from, tz_casts[i].in, tz), out;
        if (!orm_cast(&cx, &in, tz_casts[i].to, -1, true, &a, &out, &err))
            fail_msg("%s: %s", tz_casts[i].in, err.message);
        assert_string_equal(show(&a, &out, tz), tz_casts[i].expected);
    }
    og_arena_reset(&a);
}

static void test_cast_contexts(void **state)
{
    /* implicit */
    assert_true(orm_type_implicit(OG_OID_INT4, OG_OID_INT8));
    assert_true(orm_type_implicit(OG_OID_INT8, OG_OID_NUMERIC));
    assert_true(orm_type_implicit(OG_OID_NUMERIC, OG_OID_FLOAT8));
    assert_true(orm_type_implicit(OG_OID_VARCHAR, OG_OID_TEXT));
    assert_true(orm_type_implicit(OG_OID_DATE, OG_OID_TIMESTAMPTZ));
    assert_true(orm_type_implicit(OG_OID_TIMESTAMP, OG_OID_TIMESTAMPTZ));
    assert_true(orm_type_implicit(OG_OID_UNKNOWN, OG_OID_UUID));
    assert_true(orm_type_implicit(OG_OID_INT4_ARRAY, OG_OID_INT8_ARRAY));
    /* not implicit (assignment or explicit only) */
    assert_false(orm_type_implicit(OG_OID_INT8, OG_OID_INT4));
    assert_false(orm_type_implicit(OG_OID_FLOAT8, OG_OID_NUMERIC));
    assert_false(orm_type_implicit(OG_OID_TIMESTAMPTZ, OG_OID_TIMESTAMP));
    assert_false(orm_type_implicit(OG_OID_INT4, OG_OID_TEXT));
    assert_false(orm_type_implicit(OG_OID_JSON, OG_OID_JSONB));
    assert_false(orm_type_implicit(OG_OID_INT4, OG_OID_BOOL));
    /* existence */
    assert_true(orm_cast_exists(OG_OID_INT4, OG_OID_TEXT));
    assert_true(orm_cast_exists(OG_OID_TEXT, OG_OID_UUID));
    assert_true(orm_cast_exists(OG_OID_JSONB, OG_OID_NUMERIC));
    assert_true(orm_cast_exists(OG_OID_INTERVAL, OG_OID_TIME));
    assert_false(orm_cast_exists(OG_OID_INT4, OG_OID_DATE));
    assert_false(orm_cast_exists(OG_OID_BOOL, OG_OID_INT8));
    assert_false(orm_cast_exists(OG_OID_UUID, OG_OID_BYTEA));
    assert_false(orm_cast_exists(OG_OID_INT4_ARRAY, OG_OID_DATE_ARRAY));
    /* categories */
    assert_int_equal(orm_type_category(OG_OID_INT2), 'N');
    assert_int_equal(orm_type_category(OG_OID_NUMERIC), 'N');
    assert_int_equal(orm_type_category(OG_OID_BPCHAR), 'S');
    assert_int_equal(orm_type_category(OG_OID_TIMESTAMPTZ), 'D');
    assert_int_equal(orm_type_category(OG_OID_INTERVAL), 'T');
    assert_int_equal(orm_type_category(OG_OID_JSONB), 'U');
    assert_int_equal(orm_type_category(OG_OID_BYTEA), 'V');
    assert_int_equal(orm_type_category(OG_OID_TEXT_ARRAY), 'A');
    assert_int_equal(orm_type_category(OG_OID_UNKNOWN), 'X');
    assert_int_equal(orm_type_category(OG_OID_BOOL), 'B');
}

/* select_common_type, as COALESCE shows it (pg_typeof(coalesce(...)) on PostgreSQL 15.18). */
static void test_type_common(void **state)
{
    static const struct {
        uint32_t types[3];
        size_t n;
        uint32_t expected;
    } ok[] = {
        {{OG_OID_INT4, OG_OID_INT8}, 2, OG_OID_INT8},
        {{OG_OID_INT4, OG_OID_NUMERIC}, 2, OG_OID_NUMERIC},
        {{OG_OID_INT4, OG_OID_FLOAT8, OG_OID_NUMERIC}, 3, OG_OID_FLOAT8},
        {{OG_OID_UNKNOWN, OG_OID_UNKNOWN}, 2, OG_OID_TEXT},
        {{OG_OID_UNKNOWN, OG_OID_INT4}, 2, OG_OID_INT4},
        {{OG_OID_TEXT, OG_OID_VARCHAR}, 2, OG_OID_TEXT},
        {{OG_OID_VARCHAR, OG_OID_BPCHAR}, 2, OG_OID_VARCHAR},
        {{OG_OID_BPCHAR, OG_OID_VARCHAR}, 2, OG_OID_BPCHAR},
        {{OG_OID_DATE, OG_OID_TIMESTAMPTZ}, 2, OG_OID_TIMESTAMPTZ},
        {{OG_OID_TIMESTAMP, OG_OID_TIMESTAMPTZ}, 2, OG_OID_TIMESTAMPTZ},
        {{OG_OID_INT4_ARRAY, OG_OID_INT8_ARRAY}, 2, OG_OID_INT8_ARRAY},
        {{OG_OID_FLOAT4, OG_OID_INT8}, 2, OG_OID_FLOAT4},
        {{OG_OID_INT2, OG_OID_FLOAT4, OG_OID_INT8}, 3, OG_OID_FLOAT4},
        {{OG_OID_UUID}, 1, OG_OID_UUID},
    };
    og_error err = OG_ERROR_INIT;
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        uint32_t t = orm_type_common(ok[i].types, ok[i].n, "COALESCE", &err);
        if (t != ok[i].expected)
            fail_msg("common #%zu: expected %s, got %s (%s)", i, og_type_name(ok[i].expected), og_type_name(t),
                     err.message ? err.message : "");
    }
    uint32_t bad1[] = {OG_OID_INT4, OG_OID_BOOL};
    assert_int_equal(orm_type_common(bad1, 2, "COALESCE", &err), 0);
    expect_error(&err, "42804", "COALESCE types integer and boolean cannot be matched");
    uint32_t bad2[] = {OG_OID_TEXT, OG_OID_INT4};
    assert_int_equal(orm_type_common(bad2, 2, "CASE", &err), 0);
    expect_error(&err, "42804", "CASE types text and integer cannot be matched");
    uint32_t bad3[] = {OG_OID_JSON, OG_OID_JSONB};
    assert_int_equal(orm_type_common(bad3, 2, "COALESCE", &err), 0);
    expect_error(&err, "42846", "COALESCE could not convert type jsonb to json");
}

/* ---------------------------------------------------------------- ordering */

/* Each list is in PostgreSQL's ORDER BY order (ties adjacent and marked by tie[i]: equal to the previous). */
static void check_order(og_arena *a, uint32_t oid, const char *const *texts, const bool *tie, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            og_value x = val(a, oid, texts[i], "UTC"), y = val(a, oid, texts[j], "UTC");
            /* rank: index of the first element of the tie group */
            size_t ri = i, rj = j;
            while (ri > 0 && tie && tie[ri])
                ri--;
            while (rj > 0 && tie && tie[rj])
                rj--;
            int want = ri < rj ? -1 : ri > rj ? 1 : 0, c = orm_value_cmp(&x, &y);
            if ((c > 0) - (c < 0) != want)
                fail_msg("%s: cmp(%s, %s) = %d, expected %d", og_type_name(oid), texts[i], texts[j], c, want);
        }
}

static void test_value_cmp(void **state)
{
    og_arena a;
    og_arena_init(&a);
    /* jsonb: SELECT v FROM (VALUES ...) ORDER BY v on PostgreSQL 15.18 */
    static const char *jsonb[] = {
        "[]",      "null", "\"a\"",      "\"aa\"",     "\"b\"",       "\"z\"",      "\"\\u00e9\"",
        "-1",      "1",    "1.0",        "2",          "false",       "true",       "[null]",
        "[\"a\"]", "[1]",  "[2]",        "[[1]]",      "[{}]",        "[\"a\", 1]", "[1, \"a\"]",
        "[1, 2]",  "{}",   "{\"a\": 1}", "{\"a\": 2}", "{\"aa\": 1}", "{\"b\": 1}", "{\"a\": 1, \"b\": 1}"};
    bool jtie[sizeof(jsonb) / sizeof(jsonb[0])] = {0};
    jtie[9] = true; /* 1 = 1.0 */
    check_order(&a, OG_OID_JSONB, jsonb, jtie, sizeof(jsonb) / sizeof(jsonb[0]));
    static const char *floats[] = {"-Infinity", "-1e308", "-0", "0", "1e-300", "1", "Infinity", "NaN"};
    bool ftie[8] = {false, false, false, true};
    check_order(&a, OG_OID_FLOAT8, floats, ftie, 8);
    static const char *numerics[] = {"-Infinity", "-5", "0", "0.000", "1e-20", "1", "1.0", "Infinity", "NaN"};
    bool ntie[9] = {false, false, false, true, false, false, true};
    check_order(&a, OG_OID_NUMERIC, numerics, ntie, 9);
    /* intervals by total length: 1 month = 30 days, 1 day = 24 hours */
    static const char *intervals[] = {"-1 day",  "00:00:00", "23:59:59", "1 day", "24:00:00",
                                      "29 days", "1 mon",    "30 days",  "1 year"};
    bool itie[9] = {false, false, false, false, true, false, false, true};
    check_order(&a, OG_OID_INTERVAL, intervals, itie, 9);
    /* text in C collation: bytes */
    static const char *texts[] = {"", "B", "a", "ab", "b", "\xc3\xa9"};
    check_order(&a, OG_OID_TEXT, texts, NULL, 6);
    /* char(n) ignores trailing spaces */
    static const char *bpchars[] = {"a", "a  ", "ab"};
    bool btie[3] = {false, true};
    check_order(&a, OG_OID_BPCHAR, bpchars, btie, 3);
    /* arrays element by element, NULL elements last, then length */
    static const char *arrays[] = {"{}", "{1}", "{1,2}", "{1,NULL}", "{2}", "{NULL}"};
    check_order(&a, OG_OID_INT4_ARRAY, arrays, NULL, 6);
    static const char *bools[] = {"false", "true"};
    check_order(&a, OG_OID_BOOL, bools, NULL, 2);
    static const char *uuids[] = {"00000000-0000-0000-0000-000000000001", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                                  "ffffffff-0000-0000-0000-000000000000"};
    check_order(&a, OG_OID_UUID, uuids, NULL, 3);
    static const char *byteas[] = {"\\x", "\\x00", "\\x0000", "\\x01", "\\xff"};
    check_order(&a, OG_OID_BYTEA, byteas, NULL, 5);
    static const char *stamps[] = {"-infinity", "1999-12-31 23:59:59.999999", "2000-01-01", "infinity"};
    check_order(&a, OG_OID_TIMESTAMP, stamps, NULL, 4);
    og_arena_reset(&a);
}

static int setup(void **state)
{
    px_textio_install();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_calls_against_postgres),
        cmocka_unit_test(test_resolution_rules),
        cmocka_unit_test(test_resolution_pseudo_types),
        cmocka_unit_test(test_resolution_errors),
        cmocka_unit_test(test_call_strict),
        cmocka_unit_test(test_casts),
        cmocka_unit_test(test_casts_time_zone),
        cmocka_unit_test(test_cast_contexts),
        cmocka_unit_test(test_type_common),
        cmocka_unit_test(test_value_cmp),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
