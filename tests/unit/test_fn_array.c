/*
 * tests/unit/test_fn_array.c - the array family of the function catalog
 * (orm/fn_array.c) against results of a real PostgreSQL 15.18.
 *
 * Each row is one call: the function's sym, the text input of its arguments
 * (and their types), and what PostgreSQL answered for
 *   select (f(arg1::type1, ...))::text   or   select (arg1::type1 OP arg2::type2)::text
 * (the result, NULL, or the SQLSTATE and message of the error). The rows were
 * produced by running each call on the server. test_untyped_literals covers
 * what the translator may hand over for an untyped literal next to an array.
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

#define FAMILY orm_fn_array
/* the case runner: tests/unit/fn_case.h (bound to FAMILY) */
#include "fn_case.h"

/* clang-format off */
static const fn_case array_cases[] = {
    {"array_length", 2, {"{1,2,3}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "3", NULL, NULL, NULL},
    {"array_length", 2, {"{1,2,3}", "2"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_length", 2, {"{}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_length", 2, {"[3:5]={1,2,3}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "3", NULL, NULL, NULL},
    {"array_cardinality", 1, {"{1,2}"}, {OG_OID_INT4_ARRAY}, "2", NULL, NULL, NULL},
    {"array_cardinality", 1, {"{}"}, {OG_OID_INT4_ARRAY}, "0", NULL, NULL, NULL},
    {"array_lower", 2, {"[3:5]={1,2,3}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "3", NULL, NULL, NULL},
    {"array_lower", 2, {"{}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_upper", 2, {"[3:5]={1,2,3}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "5", NULL, NULL, NULL},
    {"array_upper", 2, {"{1,2}", "2"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_ndims", 1, {"{1}"}, {OG_OID_INT4_ARRAY}, "1", NULL, NULL, NULL},
    {"array_ndims", 1, {"{}"}, {OG_OID_INT4_ARRAY}, NULLV, NULL, NULL, NULL},
    {"array_dims", 1, {"[3:5]={1,2,3}"}, {OG_OID_INT4_ARRAY}, "[3:5]", NULL, NULL, NULL},
    {"array_dims", 1, {"{a}"}, {OG_OID_TEXT_ARRAY}, "[1:1]", NULL, NULL, NULL},
    {"array_dims", 1, {"{}"}, {OG_OID_INT4_ARRAY}, NULLV, NULL, NULL, NULL},
    {"array_position", 2, {"{a,b,a}", "a"}, {OG_OID_TEXT_ARRAY, OG_OID_TEXT}, "1", NULL, NULL, NULL},
    {"array_position", 2, {"{1,NULL,3}", NULLV}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "2", NULL, NULL, NULL},
    {"array_position", 2, {"{1,2}", "5"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_position", 2, {"[3:5]={1,2,3}", "2"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "4", NULL, NULL, NULL},
    {"array_position", 2, {NULLV, "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_position", 2, {"{1.0,2}", "1.00"}, {OG_OID_NUMERIC_ARRAY, OG_OID_NUMERIC}, "1", NULL, NULL, NULL},
    {"array_position", 2, {"{\"{}\"}", "{}"}, {OG_OID_JSON_ARRAY, OG_OID_JSON}, NULL, "42883", "could not identify an equality operator for type json", NULL},
    {"array_position", 2, {"{}", "{}"}, {OG_OID_JSON_ARRAY, OG_OID_JSON}, NULLV, NULL, NULL, NULL},
    {"array_position_start", 3, {"{a,b,a}", "a", "2"}, {OG_OID_TEXT_ARRAY, OG_OID_TEXT, OG_OID_INT4}, "3", NULL, NULL, NULL},
    {"array_position_start", 3, {"{1,2,3,2}", "2", "-5"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, "2", NULL, NULL, NULL},
    {"array_position_start", 3, {"[3:5]={1,2,1}", "1", "4"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, "5", NULL, NULL, NULL},
    {"array_position_start", 3, {"{1,2,3}", "2", "9"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_position_start", 3, {"{1,2}", "1", NULLV}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, NULL, "22004", "initial position must not be null", NULL},
    {"array_position_start", 3, {"{}", "1", NULLV}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_positions", 2, {"{1,2,1,NULL}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{1,3}", NULL, NULL, NULL},
    {"array_positions", 2, {"{1,2,1,NULL}", NULLV}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{4}", NULL, NULL, NULL},
    {"array_positions", 2, {"{1}", "5"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{}", NULL, NULL, NULL},
    {"array_positions", 2, {"[3:5]={1,2,1}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{3,5}", NULL, NULL, NULL},
    {"array_positions", 2, {NULLV, "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_append", 2, {"{1,2}", "3"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{1,2,3}", NULL, NULL, NULL},
    {"array_append", 2, {NULLV, "3"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{3}", NULL, NULL, NULL},
    {"array_append", 2, {"{1}", NULLV}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{1,NULL}", NULL, NULL, NULL},
    {"array_append", 2, {"[3:5]={1,2,3}", "4"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "[3:6]={1,2,3,4}", NULL, NULL, NULL},
    {"array_append", 2, {"{}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{1}", NULL, NULL, NULL},
    {"array_prepend", 2, {"0", "{1,2}"}, {OG_OID_INT4, OG_OID_INT4_ARRAY}, "{0,1,2}", NULL, NULL, NULL},
    {"array_prepend", 2, {NULLV, NULLV}, {OG_OID_INT4, OG_OID_INT4_ARRAY}, "{NULL}", NULL, NULL, NULL},
    {"array_prepend", 2, {"0", "[3:5]={1,2,3}"}, {OG_OID_INT4, OG_OID_INT4_ARRAY}, "[3:6]={0,1,2,3}", NULL, NULL, NULL},
    {"array_prepend", 2, {"1", "[-2147483648:-2147483648]={1}"}, {OG_OID_INT4, OG_OID_INT4_ARRAY}, NULL, "22003", "integer out of range", NULL},
    {"array_cat", 2, {"{1}", "{2,3}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "{1,2,3}", NULL, NULL, NULL},
    {"array_cat", 2, {NULLV, "{1}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "{1}", NULL, NULL, NULL},
    {"array_cat", 2, {"{1}", NULLV}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "{1}", NULL, NULL, NULL},
    {"array_cat", 2, {NULLV, NULLV}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, NULLV, NULL, NULL, NULL},
    {"array_cat", 2, {"[3:5]={1,2,3}", "[7:8]={8,9}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "[3:7]={1,2,3,8,9}", NULL, NULL, NULL},
    {"array_cat", 2, {"{}", "[7:8]={8,9}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "[7:8]={8,9}", NULL, NULL, NULL},
    {"array_remove", 2, {"{1,2,1}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{2}", NULL, NULL, NULL},
    {"array_remove", 2, {"{1,NULL,2}", NULLV}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{1,2}", NULL, NULL, NULL},
    {"array_remove", 2, {NULLV, "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_remove", 2, {"[3:5]={1,2,3}", "2"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "[3:4]={1,3}", NULL, NULL, NULL},
    {"array_remove", 2, {"[3:5]={1,1,1}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{}", NULL, NULL, NULL},
    {"array_remove", 2, {"{\"{}\"}", "{}"}, {OG_OID_JSON_ARRAY, OG_OID_JSON}, NULL, "42883", "could not identify an equality operator for type json", NULL},
    {"array_replace", 3, {"{1,2,1}", "1", "9"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, "{9,2,9}", NULL, NULL, NULL},
    {"array_replace", 3, {"{1,NULL}", NULLV, "0"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, "{1,0}", NULL, NULL, NULL},
    {"array_replace", 3, {"[3:5]={1,2,3}", "2", "5"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, "[3:5]={1,5,3}", NULL, NULL, NULL},
    {"array_replace", 3, {NULLV, "1", "2"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_append_op", 2, {"{1,2}", "3"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "{1,2,3}", NULL, NULL, NULL},
    {"array_prepend_op", 2, {"0", "{1,2}"}, {OG_OID_INT4, OG_OID_INT4_ARRAY}, "{0,1,2}", NULL, NULL, NULL},
    {"array_cat_op", 2, {"{1,2}", "{3}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "{1,2,3}", NULL, NULL, NULL},
    {"array_append_op", 2, {"{x}", "y"}, {OG_OID_TEXT_ARRAY, OG_OID_TEXT}, "{x,y}", NULL, NULL, NULL},
    {"arraycontains", 2, {"{1,2,3}", "{2}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "true", NULL, NULL, NULL},
    {"arraycontains", 2, {"{1,NULL}", "{NULL}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "false", NULL, NULL, NULL},
    {"arraycontains", 2, {"{1}", "{}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "true", NULL, NULL, NULL},
    {"arraycontains", 2, {"{1.0}", "{1.00}"}, {OG_OID_NUMERIC_ARRAY, OG_OID_NUMERIC_ARRAY}, "true", NULL, NULL, NULL},
    {"arraycontains", 2, {"{}", "{}"}, {OG_OID_JSON_ARRAY, OG_OID_JSON_ARRAY}, NULL, "42883", "could not identify an equality operator for type json", NULL},
    {"arraycontained", 2, {"{1}", "{1,2}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "true", NULL, NULL, NULL},
    {"arraycontained", 2, {"{1,1}", "{1}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "true", NULL, NULL, NULL},
    {"arraycontained", 2, {"{1,3}", "{1}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "false", NULL, NULL, NULL},
    {"arrayoverlap", 2, {"{1,2}", "{2,3}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "true", NULL, NULL, NULL},
    {"arrayoverlap", 2, {"{}", "{1}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "false", NULL, NULL, NULL},
    {"arrayoverlap", 2, {"{NULL}", "{NULL}"}, {OG_OID_INT4_ARRAY, OG_OID_INT4_ARRAY}, "false", NULL, NULL, NULL},
    {"arrayoverlap", 2, {"{a,b}", "{c}"}, {OG_OID_TEXT_ARRAY, OG_OID_TEXT_ARRAY}, "false", NULL, NULL, NULL},
    {"array_subscript", 2, {"{10,20,30}", "2"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "20", NULL, NULL, NULL},
    {"array_subscript", 2, {"{10,20,30}", "0"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_subscript", 2, {"[0:2]={7,8,9}", "0"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, "7", NULL, NULL, NULL},
    {"array_subscript", 2, {"{a,NULL}", "2"}, {OG_OID_TEXT_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_subscript", 2, {"{}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"array_slice", 4, {"{1,2,3,4}", "2", "3", "0"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "{2,3}", NULL, NULL, NULL},
    {"array_slice", 4, {"{1,2,3,4}", "0", "2", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "{1,2}", NULL, NULL, NULL},
    {"array_slice", 4, {"{1,2,3,4}", "3", "0", "2"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "{3,4}", NULL, NULL, NULL},
    {"array_slice", 4, {"[0:2]={7,8,9}", "-5", "1", "0"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "{7,8}", NULL, NULL, NULL},
    {"array_slice", 4, {"{1,2}", "3", "1", "0"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "{}", NULL, NULL, NULL},
    {"array_slice", 4, {"{1,2}", NULLV, "1", "0"}, {OG_OID_INT4_ARRAY, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
};
/* clang-format on */

static void test_array_cases(void **state)
{
    run_cases(array_cases, sizeof(array_cases) / sizeof(array_cases[0]), 0);
}

/* ARRAY[1,2] @> '{1}' and array_position(ARRAY[1,2], '2'): the untyped side arrives as
 * text (or unknown) and is read as the other side's type, as PostgreSQL resolves it. */
static void test_untyped_literals(void **state)
{
    orm_eval_ctx cx = {"UTC", 0, 0};
    og_error err = OG_ERROR_INIT;
    og_value out, args[2];

    args[0] = decode(OG_OID_INT4_ARRAY, "{1,2}", "UTC");
    args[1] = decode(OG_OID_TEXT, "{1}", "UTC");
    args[1].oid = OG_OID_UNKNOWN;
    assert_true(call(family_find("arraycontains"), &cx, args, 2, &out, &err));
    assert_true(out.u.b);

    args[1] = decode(OG_OID_TEXT, "2", "UTC");
    assert_true(call(family_find("array_position"), &cx, args, 2, &out, &err));
    assert_string_equal(encode(&out, "UTC"), "2");

    args[0] = decode(OG_OID_TEXT, "{5,7}", "UTC");
    args[0].oid = OG_OID_UNKNOWN;
    args[1] = decode(OG_OID_INT4, "7", "UTC");
    assert_true(call(family_find("array_positions"), &cx, args, 2, &out, &err));
    assert_string_equal(encode(&out, "UTC"), "{2}");

    args[1] = decode(OG_OID_TEXT, "x", "UTC");
    args[0] = decode(OG_OID_INT4_ARRAY, "{1}", "UTC");
    assert_false(call(family_find("array_remove"), &cx, args, 2, &out, &err));
    assert_string_equal(err.code, "22P02");
    og_error_clear(&err);
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
        cmocka_unit_test(test_array_cases),
        cmocka_unit_test(test_untyped_literals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
