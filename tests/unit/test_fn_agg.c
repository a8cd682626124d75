/*
 * tests/unit/test_fn_agg.c - the aggregates of the function catalog
 * (orm/fn_agg.c) against results of a real PostgreSQL 15.18.
 *
 * Each table row is one group: the aggregate's sym, its argument types, the
 * input rows (text input, NULLV for NULL) and what PostgreSQL answered for
 *   select (agg(c1[, c2]))::text from (values (...), (...)) v(c1[, c2])
 * (an empty group: ... from (select NULL::t) v(c1) where false): the result
 * as ::text prints it, or the SQLSTATE and message. The runner drives the
 * orm_agg_impl the way an executor does: zeroed state, STRICT rows with a
 * NULL skipped, one final. The window-only entries are checked for shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "orm/fn_int.h"
#include "orm/value.h"
#include "proxy/textio.h"

/* A SQL NULL among input rows and results. */
static const char NULLV[] = "<NULL>";

typedef struct agg_case {
    const char *sym;
    int nargs;
    uint32_t oids[2];
    int nrows;
    const char *rows[10][2]; /* text input of each row's arguments, or NULLV */
    const char *out;         /* PostgreSQL's output text (booleans as true/false), NULLV, or NULL on error */
    const char *code;        /* SQLSTATE when PostgreSQL raised an error */
    const char *msg;
    const char *tz; /* session TimeZone (NULL: UTC) */
} agg_case;

static og_arena arena;

static const orm_fn *agg_find(const char *sym)
{
    for (size_t i = 0; i < orm_fn_agg.n; i++)
        if (strcmp(orm_fn_agg.fns[i].sym, sym) == 0)
            return &orm_fn_agg.fns[i];
    fail_msg("no function with sym %s", sym);
    return NULL;
}

static og_value decode(uint32_t oid, const char *text, const char *tz)
{
    og_value v;
    og_error e = OG_ERROR_INIT;
    if (text == NULLV)
        return og_value_null(oid);
    if (!og_text_io_get()->decode(oid, text, strlen(text), tz, &arena, &v, &e))
        fail_msg("cannot decode '%s' as %s: %s", text, og_type_name(oid), e.message);
    return v;
}

static char *encode(const og_value *v, const char *tz)
{
    og_buf b = OG_BUF_INIT;
    if (v->oid == OG_OID_BOOL)
        og_buf_puts(&b, v->u.b ? "true" : "false");
    else
        og_text_io_get()->encode(v, tz, &b);
    char *s = og_arena_strdup(&arena, og_buf_cstr(&b));
    og_buf_free(&b);
    return s;
}

/* Run one group; false (after printing why) when the answer is not PostgreSQL's. */
static bool run_agg(const agg_case *c)
{
    const orm_fn *fn = agg_find(c->sym);
    const char *tz = c->tz ? c->tz : "UTC";
    orm_eval_ctx cx = {tz, 0, 0};
    og_error err = OG_ERROR_INIT;
    og_value out;
    assert_true(fn->flags & ORM_FN_AGG);
    assert_non_null(fn->agg);
    assert_null(fn->impl);
    void *state = og_arena_zalloc(&arena, fn->agg->state_size);
    bool ok = true;
    for (int r = 0; r < c->nrows && ok; r++) {
        og_value args[2];
        bool skip = false;
        for (int i = 0; i < c->nargs; i++) {
            args[i] = decode(c->oids[i], c->rows[r][i], tz);
            skip |= args[i].isnull && (fn->flags & ORM_FN_STRICT);
        }
        if (!skip)
            ok = fn->agg->step(&cx, state, args, (uint16_t)c->nargs, &arena, &err);
    }
    if (ok)
        ok = fn->agg->final(&cx, state, &arena, &out, &err);
    if (c->code) {
        bool same = !ok && strcmp(err.code, c->code) == 0 && strcmp(err.message, c->msg) == 0;
        if (!same)
            print_error("%s: expected %s %s, got %s %s\n", c->sym, c->code, c->msg, ok ? "a result" : err.code,
                        ok ? encode(&out, tz) : err.message);
        og_error_clear(&err);
        return same;
    }
    if (!ok) {
        print_error("%s: expected '%s', got %s %s\n", c->sym, c->out, err.code, err.message);
        og_error_clear(&err);
        return false;
    }
    if (c->out == NULLV || out.isnull) {
        if (c->out != NULLV || !out.isnull)
            print_error("%s: expected %s, got %s\n", c->sym, c->out, out.isnull ? "NULL" : encode(&out, tz));
        return c->out == NULLV && out.isnull;
    }
    const char *got = encode(&out, tz);
    if (strcmp(got, c->out) != 0) {
        print_error("%s: expected '%s', got '%s'\n", c->sym, c->out, got);
        return false;
    }
    return true;
}

/* clang-format off */
static const agg_case agg_cases[] = {
    {"count_star", 0, {0}, 3, {{NULL}, {NULL}, {NULL}}, "3", NULL, NULL, NULL},
    {"count_star", 0, {0}, 0, {{NULL}}, "0", NULL, NULL, NULL},
    {"count", 1, {OG_OID_INT4}, 3, {{"1"}, {NULLV}, {"3"}}, "2", NULL, NULL, NULL},
    {"count", 1, {OG_OID_INT4}, 0, {{NULL}}, "0", NULL, NULL, NULL},
    {"sum_int2", 1, {OG_OID_INT2}, 3, {{"32767"}, {"32767"}, {NULLV}}, "65534", NULL, NULL, NULL},
    {"sum_int4", 1, {OG_OID_INT4}, 2, {{"2147483647"}, {"1"}}, "2147483648", NULL, NULL, NULL},
    {"sum_int4", 1, {OG_OID_INT4}, 0, {{NULL}}, NULLV, NULL, NULL, NULL},
    {"sum_int8", 1, {OG_OID_INT8}, 3, {{"9223372036854775807"}, {"9223372036854775807"}, {"-5"}}, "18446744073709551609", NULL, NULL, NULL},
    {"sum_int8", 1, {OG_OID_INT8}, 2, {{"-9223372036854775808"}, {"-1"}}, "-9223372036854775809", NULL, NULL, NULL},
    {"sum_numeric", 1, {OG_OID_NUMERIC}, 4, {{"1.50"}, {"2.125"}, {NULLV}, {"-0.5"}}, "3.125", NULL, NULL, NULL},
    {"sum_numeric", 1, {OG_OID_NUMERIC}, 2, {{"1.5"}, {"NaN"}}, "NaN", NULL, NULL, NULL},
    {"sum_numeric", 1, {OG_OID_NUMERIC}, 2, {{"Infinity"}, {"1"}}, "Infinity", NULL, NULL, NULL},
    {"sum_numeric", 1, {OG_OID_NUMERIC}, 2, {{"Infinity"}, {"-Infinity"}}, "NaN", NULL, NULL, NULL},
    {"sum_float4", 1, {OG_OID_FLOAT4}, 2, {{"0.1"}, {"0.2"}}, "0.3", NULL, NULL, NULL},
    {"sum_float8", 1, {OG_OID_FLOAT8}, 2, {{"0.1"}, {"0.2"}}, "0.30000000000000004", NULL, NULL, NULL},
    {"sum_float8", 1, {OG_OID_FLOAT8}, 2, {{"1e308"}, {"1e308"}}, NULL, "22003", "value out of range: overflow", NULL},
    {"sum_float8", 1, {OG_OID_FLOAT8}, 2, {{"Infinity"}, {"1e308"}}, "Infinity", NULL, NULL, NULL},
    {"sum_interval", 1, {OG_OID_INTERVAL}, 3, {{"1 day"}, {"1 month 3 hours"}, {"1 sec"}}, "1 mon 1 day 03:00:01", NULL, NULL, NULL},
    {"sum_interval", 1, {OG_OID_INTERVAL}, 2, {{"2147483647 days"}, {"1 day"}}, NULL, "22008", "interval out of range", NULL},
    {"avg_int4", 1, {OG_OID_INT4}, 2, {{"1"}, {"2"}}, "1.5000000000000000", NULL, NULL, NULL},
    {"avg_int4", 1, {OG_OID_INT4}, 2, {{"0"}, {"1"}}, "0.50000000000000000000", NULL, NULL, NULL},
    {"avg_int4", 1, {OG_OID_INT4}, 10, {{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}, {"9"}, {"10"}}, "5.5000000000000000", NULL, NULL, NULL},
    {"avg_int4", 1, {OG_OID_INT4}, 3, {{"-1"}, {"-2"}, {"-2"}}, "-1.6666666666666667", NULL, NULL, NULL},
    {"avg_int4", 1, {OG_OID_INT4}, 0, {{NULL}}, NULLV, NULL, NULL, NULL},
    {"avg_int2", 1, {OG_OID_INT2}, 1, {{"7"}}, "7.0000000000000000", NULL, NULL, NULL},
    {"avg_int8", 1, {OG_OID_INT8}, 2, {{"9223372036854775807"}, {"9223372036854775807"}}, "9223372036854775807", NULL, NULL, NULL},
    {"avg_int8", 1, {OG_OID_INT8}, 3, {{"1"}, {"0"}, {"0"}}, "0.33333333333333333333", NULL, NULL, NULL},
    {"avg_numeric", 1, {OG_OID_NUMERIC}, 3, {{"1.50"}, {"1.25"}, {"2"}}, "1.5833333333333333", NULL, NULL, NULL},
    {"avg_numeric", 1, {OG_OID_NUMERIC}, 2, {{"1.50"}, {"NaN"}}, "NaN", NULL, NULL, NULL},
    {"avg_numeric", 1, {OG_OID_NUMERIC}, 2, {{"0.001"}, {"0.002"}}, "0.00150000000000000000", NULL, NULL, NULL},
    {"avg_float4", 1, {OG_OID_FLOAT4}, 2, {{"0.1"}, {"0.2"}}, "0.15000000223517418", NULL, NULL, NULL},
    {"avg_float8", 1, {OG_OID_FLOAT8}, 2, {{"0.1"}, {"0.2"}}, "0.15000000000000002", NULL, NULL, NULL},
    {"avg_float8", 1, {OG_OID_FLOAT8}, 2, {{"1e308"}, {"-1e308"}}, NULL, "22003", "value out of range: overflow", NULL},
    {"avg_float8", 1, {OG_OID_FLOAT8}, 2, {{"1e308"}, {"1e308"}}, NULL, "22003", "value out of range: overflow", NULL},
    {"avg_float8", 1, {OG_OID_FLOAT8}, 2, {{"Infinity"}, {"1"}}, "Infinity", NULL, NULL, NULL},
    {"avg_float8", 1, {OG_OID_FLOAT8}, 2, {{"NaN"}, {"1"}}, "NaN", NULL, NULL, NULL},
    {"avg_interval", 1, {OG_OID_INTERVAL}, 3, {{"1 day"}, {"1 month 3 hours"}, {"1 sec"}}, "10 days 09:00:00.333333", NULL, NULL, NULL},
    {"avg_interval", 1, {OG_OID_INTERVAL}, 2, {{"1 mon"}, {"1 sec"}}, "15 days 00:00:00.5", NULL, NULL, NULL},
    {"min_int4", 1, {OG_OID_INT4}, 4, {{"3"}, {NULLV}, {"-1"}, {"2"}}, "-1", NULL, NULL, NULL},
    {"max_int4", 1, {OG_OID_INT4}, 4, {{"3"}, {NULLV}, {"-1"}, {"2"}}, "3", NULL, NULL, NULL},
    {"max_int4", 1, {OG_OID_INT4}, 0, {{NULL}}, NULLV, NULL, NULL, NULL},
    {"min_numeric", 1, {OG_OID_NUMERIC}, 4, {{"1.50"}, {"1.5"}, {"NaN"}, {"-2"}}, "-2", NULL, NULL, NULL},
    {"min_numeric", 1, {OG_OID_NUMERIC}, 2, {{"1.50"}, {"1.5"}}, "1.5", NULL, NULL, NULL},
    {"max_numeric", 1, {OG_OID_NUMERIC}, 2, {{"1.5"}, {"1.50"}}, "1.50", NULL, NULL, NULL},
    {"max_numeric", 1, {OG_OID_NUMERIC}, 3, {{"1.50"}, {"NaN"}, {"Infinity"}}, "NaN", NULL, NULL, NULL},
    {"max_float8", 1, {OG_OID_FLOAT8}, 3, {{"1"}, {"NaN"}, {"Infinity"}}, "NaN", NULL, NULL, NULL},
    {"min_text", 1, {OG_OID_TEXT}, 4, {{"b"}, {"B"}, {"é"}, {"a"}}, "B", NULL, NULL, NULL},
    {"max_text", 1, {OG_OID_TEXT}, 4, {{"b"}, {"B"}, {"é"}, {"a"}}, "é", NULL, NULL, NULL},
    {"max_timestamptz", 1, {OG_OID_TIMESTAMPTZ}, 2, {{"2020-01-01 00:00+01"}, {"2019-12-31 23:30+00"}}, "2019-12-31 23:30:00+00", NULL, NULL, NULL},
    {"min_date", 1, {OG_OID_DATE}, 3, {{"2020-01-01"}, {"-infinity"}, {"2019-01-01"}}, "-infinity", NULL, NULL, NULL},
    {"max_interval", 1, {OG_OID_INTERVAL}, 3, {{"1 mon"}, {"31 days"}, {"29 days 25:00"}}, "31 days", NULL, NULL, NULL},
    {"min_interval", 1, {OG_OID_INTERVAL}, 3, {{"1 mon"}, {"30 days"}, {"29 days 24:00:01"}}, "30 days", NULL, NULL, NULL},
    {"max_anyarray", 1, {OG_OID_INT4_ARRAY}, 3, {{"{1,2}"}, {"{1,3}"}, {"{0,5,6}"}}, "{1,3}", NULL, NULL, NULL},
    {"min_anyarray", 1, {OG_OID_INT4_ARRAY}, 3, {{"{1,2}"}, {"{1,3}"}, {"{0,5,6}"}}, "{0,5,6}", NULL, NULL, NULL},
    {"bool_and", 1, {OG_OID_BOOL}, 3, {{"true"}, {NULLV}, {"false"}}, "false", NULL, NULL, NULL},
    {"bool_and", 1, {OG_OID_BOOL}, 2, {{"true"}, {NULLV}}, "true", NULL, NULL, NULL},
    {"bool_or", 1, {OG_OID_BOOL}, 3, {{"false"}, {NULLV}, {"true"}}, "true", NULL, NULL, NULL},
    {"bool_or", 1, {OG_OID_BOOL}, 1, {{NULLV}}, NULLV, NULL, NULL, NULL},
    {"every", 1, {OG_OID_BOOL}, 2, {{"true"}, {"true"}}, "true", NULL, NULL, NULL},
    {"string_agg", 2, {OG_OID_TEXT, OG_OID_TEXT}, 5, {{"a", NULLV}, {"b", "-"}, {"c", NULLV}, {NULLV, "+"}, {"d", "*"}}, "a-bc*d", NULL, NULL, NULL},
    {"string_agg", 2, {OG_OID_TEXT, OG_OID_TEXT}, 2, {{NULLV, ","}, {NULLV, ","}}, NULLV, NULL, NULL, NULL},
    {"string_agg", 2, {OG_OID_TEXT, OG_OID_TEXT}, 3, {{"é", ", "}, {"", ", "}, {"x", ", "}}, "é, , x", NULL, NULL, NULL},
    {"string_agg_bytea", 2, {OG_OID_BYTEA, OG_OID_BYTEA}, 2, {{"\\x01", "\\xff"}, {"\\x02", "\\xff"}}, "\\x01ff02", NULL, NULL, NULL},
    {"array_agg", 1, {OG_OID_INT4}, 3, {{"1"}, {NULLV}, {"3"}}, "{1,NULL,3}", NULL, NULL, NULL},
    {"array_agg", 1, {OG_OID_TEXT}, 2, {{"a b"}, {"c"}}, "{\"a b\",c}", NULL, NULL, NULL},
    {"array_agg", 1, {OG_OID_TEXT}, 0, {{NULL}}, NULLV, NULL, NULL, NULL},
    {"json_agg", 1, {OG_OID_INT4}, 3, {{"1"}, {"2"}, {NULLV}}, "[1, 2, null]", NULL, NULL, NULL},
    {"json_agg", 1, {OG_OID_INT4_ARRAY}, 4, {{"{1,2}"}, {NULLV}, {"{3}"}, {"{4}"}}, "[[1,2], null, \n [3], \n [4]]", NULL, NULL, NULL},
    {"json_agg", 1, {OG_OID_JSON}, 2, {{"{\"b\" :1}"}, {"[1, 2]"}}, "[{\"b\" :1}, [1, 2]]", NULL, NULL, NULL},
    {"json_agg", 1, {OG_OID_TEXT}, 2, {{"a\"b"}, {NULLV}}, "[\"a\\\"b\", null]", NULL, NULL, NULL},
    {"json_agg", 1, {OG_OID_TIMESTAMPTZ}, 1, {{"2020-01-01 00:00+00"}}, "[\"2020-01-01T05:30:00+05:30\"]", NULL, NULL, "Asia/Kolkata"},
    {"jsonb_agg", 1, {OG_OID_INT4}, 3, {{"1"}, {"2"}, {NULLV}}, "[1, 2, null]", NULL, NULL, NULL},
    {"jsonb_agg", 1, {OG_OID_JSON}, 2, {{"{\"b\" :1, \"a\": 2}"}, {"[1, 2]"}}, "[{\"a\": 2, \"b\": 1}, [1, 2]]", NULL, NULL, NULL},
    {"jsonb_agg", 1, {OG_OID_NUMERIC}, 2, {{"1.50"}, {"1e2"}}, "[1.50, 100]", NULL, NULL, NULL},
    {"jsonb_agg", 1, {OG_OID_INT4}, 0, {{NULL}}, NULLV, NULL, NULL, NULL},
    {"json_object_agg", 2, {OG_OID_INT4, OG_OID_INT4}, 3, {{"1", "2"}, {"2", NULLV}, {"0", "4"}}, "{ \"1\" : 2, \"2\" : null, \"0\" : 4 }", NULL, NULL, NULL},
    {"json_object_agg", 2, {OG_OID_TEXT, OG_OID_JSON}, 2, {{"a", "[1]"}, {"b", NULLV}}, "{ \"a\" : [1], \"b\" : null }", NULL, NULL, NULL},
    {"json_object_agg", 2, {OG_OID_TEXT, OG_OID_INT4}, 2, {{"a", "1"}, {NULLV, "2"}}, NULL, "22023", "field name must not be null", NULL},
    {"json_object_agg", 2, {OG_OID_INT4_ARRAY, OG_OID_INT4}, 1, {{"{1}", "1"}}, NULL, "22023", "key value must be scalar, not array, composite, or json", NULL},
    {"jsonb_object_agg", 2, {OG_OID_TEXT, OG_OID_INT4}, 3, {{"b", "1"}, {"a", NULLV}, {"b", "3"}}, "{\"a\": null, \"b\": 3}", NULL, NULL, NULL},
    {"jsonb_object_agg", 2, {OG_OID_TEXT, OG_OID_INT4}, 2, {{"a", "1"}, {NULLV, "2"}}, NULL, "22023", "field name must not be null", NULL},
    {"jsonb_object_agg", 2, {OG_OID_TEXT, OG_OID_INT4}, 0, {{NULL}}, NULLV, NULL, NULL, NULL},
};
/* clang-format on */

static void test_agg_cases(void **state)
{
    size_t n = sizeof(agg_cases) / sizeof(agg_cases[0]), failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += !run_agg(&agg_cases[i]);
    if (failed)
        fail_msg("%zu of %zu groups differ from PostgreSQL", failed, n);
}

/* Values an aggregate keeps must outlive the row they came from. */
static void test_kept_values_are_copied(void **state)
{
    const orm_fn *fn = agg_find("max_text");
    orm_eval_ctx cx = {"UTC", 0, 0};
    og_error err = OG_ERROR_INIT;
    void *st = og_arena_zalloc(&arena, fn->agg->state_size);
    char row[8];
    og_value arg = {0}, out;
    arg.oid = OG_OID_TEXT;
    arg.u.str.p = row;
    arg.u.str.len = 3;
    memcpy(row, "zzz", 3);
    assert_true(fn->agg->step(&cx, st, &arg, 1, &arena, &err));
    memcpy(row, "aaa", 3); /* the row buffer is reused for the next row */
    assert_true(fn->agg->step(&cx, st, &arg, 1, &arena, &err));
    assert_true(fn->agg->final(&cx, st, &arena, &out, &err));
    assert_int_equal(out.u.str.len, 3);
    assert_memory_equal(out.u.str.p, "zzz", 3);
}

/* Many rows: array_agg and string_agg grow their buffers and keep the order. */
static void test_many_rows(void **state)
{
    const orm_fn *arr = agg_find("array_agg"), *str = agg_find("string_agg");
    orm_eval_ctx cx = {"UTC", 0, 0};
    og_error err = OG_ERROR_INIT;
    void *sa = og_arena_zalloc(&arena, arr->agg->state_size), *ss = og_arena_zalloc(&arena, str->agg->state_size);
    for (int i = 0; i < 10000; i++) {
        char buf[16];
        snprintf(buf, sizeof(buf), "%d", i);
        og_value v = decode(OG_OID_INT4, buf, "UTC");
        og_value t[2] = {decode(OG_OID_TEXT, buf, "UTC"), decode(OG_OID_TEXT, ",", "UTC")};
        assert_true(arr->agg->step(&cx, sa, &v, 1, &arena, &err));
        assert_true(str->agg->step(&cx, ss, t, 2, &arena, &err));
    }
    og_value a, s;
    assert_true(arr->agg->final(&cx, sa, &arena, &a, &err));
    assert_true(str->agg->final(&cx, ss, &arena, &s, &err));
    assert_int_equal(a.oid, OG_OID_INT4_ARRAY);
    assert_int_equal(a.u.arr.n, 10000);
    assert_int_equal(a.u.arr.elems[9999].u.i, 9999);
    assert_int_equal(s.u.str.len, 48889); /* 10 + 90*2 + 900*3 + 9000*4 digits, 9999 commas */
    assert_memory_equal(s.u.str.p + s.u.str.len - 5, ",9999", 5);
}

/* The window-only functions: names, argument and result types, no evaluator. */
static void test_window_functions(void **state)
{
    static const struct {
        const char *sym, *name;
        int nargs;
        uint32_t ret;
    } win[] = {
        {"row_number", "row_number", 0, OG_OID_INT8},
        {"rank", "rank", 0, OG_OID_INT8},
        {"dense_rank", "dense_rank", 0, OG_OID_INT8},
        {"percent_rank", "percent_rank", 0, OG_OID_FLOAT8},
        {"cume_dist", "cume_dist", 0, OG_OID_FLOAT8},
        {"ntile", "ntile", 1, OG_OID_INT4},
        {"lag", "lag", 1, ORM_T_ANYELEMENT},
        {"lag_with_offset", "lag", 2, ORM_T_ANYELEMENT},
        {"lag_with_offset_and_default", "lag", 3, ORM_T_ANYELEMENT},
        {"lead", "lead", 1, ORM_T_ANYELEMENT},
        {"lead_with_offset", "lead", 2, ORM_T_ANYELEMENT},
        {"lead_with_offset_and_default", "lead", 3, ORM_T_ANYELEMENT},
        {"first_value", "first_value", 1, ORM_T_ANYELEMENT},
        {"last_value", "last_value", 1, ORM_T_ANYELEMENT},
        {"nth_value", "nth_value", 2, ORM_T_ANYELEMENT},
    };
    for (size_t i = 0; i < sizeof(win) / sizeof(win[0]); i++) {
        const orm_fn *fn = agg_find(win[i].sym);
        assert_string_equal(fn->name, win[i].name);
        assert_int_equal(fn->nargs, win[i].nargs);
        assert_int_equal(fn->ret, win[i].ret);
        assert_true(fn->flags & ORM_FN_WINDOW);
        assert_null(fn->impl);
        assert_null(fn->agg);
    }
}

static int setup(void **state)
{
    px_textio_install();
    og_arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    og_arena_reset(&arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agg_cases),
        cmocka_unit_test(test_kept_values_are_copied),
        cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_window_functions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
