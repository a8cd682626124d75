/*
 * tests/unit/test_fn_json.c - the json / jsonb family of the function
 * catalog (orm/fn_json.c, orm/json.c) against results of a real
 * PostgreSQL 15.18.
 *
 * Each table row is one call (sym, the text input of the arguments and their
 * types, the session TimeZone) with what PostgreSQL answered: the result as
 * ::text prints it, or the SQLSTATE and message. The rows were produced by
 * running each call on the server; the comment above the table gives the SQL
 * shape. json results must keep the input's own spacing, jsonb results must be
 * normalised; the last tests cover hints and nesting deeper than any
 * recursive reader could take.
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
#include "orm/json.h"
#include "orm/value.h"
#include "proxy/textio.h"

#define FAMILY orm_fn_json
/* the case runner: tests/unit/fn_case.h (bound to FAMILY) */
#include "fn_case.h"

/* select (<call>)::text with the arguments as typed literals, e.g.
 * select ('{"a" : [1, 2]}'::json -> 'a'::text)::text,
 * select (jsonb_set('{"a":[1,2]}'::jsonb, '{a,-1}'::text[], '9'::jsonb))::text */
/* clang-format off */
static const fn_case json_cases[] = {
    {"json_object_field", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "a"}, {OG_OID_JSON, OG_OID_TEXT}, "[1, {\"b\" : null, \"c\":\"x\\ny\"}]", NULL, NULL, NULL},
    {"json_object_field", 2, {"{\"a\":1,\"a\":2}", "a"}, {OG_OID_JSON, OG_OID_TEXT}, "2", NULL, NULL, NULL},
    {"json_object_field", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "zz"}, {OG_OID_JSON, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"json_object_field", 2, {"[1,2]", "a"}, {OG_OID_JSON, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"json_object_field", 2, {"{\"a\\\"b\": 1}", "a\"b"}, {OG_OID_JSON, OG_OID_TEXT}, "1", NULL, NULL, NULL},
    {"json_object_field_text", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "d"}, {OG_OID_JSON, OG_OID_TEXT}, "éé", NULL, NULL, NULL},
    {"json_object_field_text", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "a"}, {OG_OID_JSON, OG_OID_TEXT}, "[1, {\"b\" : null, \"c\":\"x\\ny\"}]", NULL, NULL, NULL},
    {"json_object_field_text", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "a2"}, {OG_OID_JSON, OG_OID_TEXT}, "2.50", NULL, NULL, NULL},
    {"json_object_field_text", 2, {"{\"a\": null}", "a"}, {OG_OID_JSON, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"json_array_element", 2, {"[1, [2, 3] ,4]", "1"}, {OG_OID_JSON, OG_OID_INT4}, "[2, 3]", NULL, NULL, NULL},
    {"json_array_element", 2, {"[1,2,3]", "-1"}, {OG_OID_JSON, OG_OID_INT4}, "3", NULL, NULL, NULL},
    {"json_array_element", 2, {"[1,2,3]", "3"}, {OG_OID_JSON, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"json_array_element", 2, {"[1,2,3]", "-4"}, {OG_OID_JSON, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"json_array_element", 2, {"{\"a\":1}", "0"}, {OG_OID_JSON, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"json_array_element_text", 2, {"[\"a\\u0041\", null]", "0"}, {OG_OID_JSON, OG_OID_INT4}, "aA", NULL, NULL, NULL},
    {"json_array_element_text", 2, {"[\"a\", null]", "1"}, {OG_OID_JSON, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"json_extract_path_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{a,1,c}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, "\"x\\ny\"", NULL, NULL, NULL},
    {"json_extract_path_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{a,-1}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, "{\"b\" : null, \"c\":\"x\\ny\"}", NULL, NULL, NULL},
    {"json_extract_path_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, "{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", NULL, NULL, NULL},
    {"json_extract_path_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{a,x}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, NULLV, NULL, NULL, NULL},
    {"json_extract_path_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{a,NULL}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, NULLV, NULL, NULL, NULL},
    {"json_extract_path_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{a2,b}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, NULLV, NULL, NULL, NULL},
    {"json_extract_path_text_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{a,1,c}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, "x\ny", NULL, NULL, NULL},
    {"json_extract_path_text_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{e,f}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, "[true, false]", NULL, NULL, NULL},
    {"json_extract_path_text_op", 2, {"\"abc\"", "{}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, "abc", NULL, NULL, NULL},
    {"json_extract_path_text_op", 2, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "{a,1,b}"}, {OG_OID_JSON, OG_OID_TEXT_ARRAY}, NULLV, NULL, NULL, NULL},
    {"jsonb_object_field", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "a"}, {OG_OID_JSONB, OG_OID_TEXT}, "{\"x\": [1, 2, {\"y\": \"z\"}]}", NULL, NULL, NULL},
    {"jsonb_object_field", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "num"}, {OG_OID_JSONB, OG_OID_TEXT}, "1.0", NULL, NULL, NULL},
    {"jsonb_object_field", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "n"}, {OG_OID_JSONB, OG_OID_TEXT}, "null", NULL, NULL, NULL},
    {"jsonb_object_field", 2, {"\"a\"", "a"}, {OG_OID_JSONB, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"jsonb_object_field_text", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "s"}, {OG_OID_JSONB, OG_OID_TEXT}, "q\"t", NULL, NULL, NULL},
    {"jsonb_object_field_text", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "n"}, {OG_OID_JSONB, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"jsonb_object_field_text", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "a"}, {OG_OID_JSONB, OG_OID_TEXT}, "{\"x\": [1, 2, {\"y\": \"z\"}]}", NULL, NULL, NULL},
    {"jsonb_array_element", 2, {"[1, {\"a\": 2}, 3]", "1"}, {OG_OID_JSONB, OG_OID_INT4}, "{\"a\": 2}", NULL, NULL, NULL},
    {"jsonb_array_element", 2, {"[1,2,3]", "-4"}, {OG_OID_JSONB, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"jsonb_array_element", 2, {"1", "0"}, {OG_OID_JSONB, OG_OID_INT4}, "1", NULL, NULL, NULL},
    {"jsonb_array_element_text", 2, {"[\"x\", 2]", "-2"}, {OG_OID_JSONB, OG_OID_INT4}, "x", NULL, NULL, NULL},
    {"jsonb_array_element", 2, {"1", "-1"}, {OG_OID_JSONB, OG_OID_INT4}, "1", NULL, NULL, NULL},
    {"jsonb_array_element", 2, {"1", "1"}, {OG_OID_JSONB, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"jsonb_array_element_text", 2, {"\"x\"", "0"}, {OG_OID_JSONB, OG_OID_INT4}, "x", NULL, NULL, NULL},
    {"jsonb_extract_path_op", 2, {"1", "{0}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, NULLV, NULL, NULL, NULL},
    {"json_array_element", 2, {"1", "0"}, {OG_OID_JSON, OG_OID_INT4}, NULLV, NULL, NULL, NULL},
    {"jsonb_extract_path_op", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "{a,x,2}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "{\"y\": \"z\"}", NULL, NULL, NULL},
    {"jsonb_extract_path_op", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "{a,x,-1,y}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "\"z\"", NULL, NULL, NULL},
    {"jsonb_extract_path_op", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "{a,x, 1}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "2", NULL, NULL, NULL},
    {"jsonb_extract_path_op", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "{a,x,1x}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, NULLV, NULL, NULL, NULL},
    {"jsonb_extract_path_op", 2, {"\"abc\"", "{}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "\"abc\"", NULL, NULL, NULL},
    {"jsonb_extract_path_text_op", 2, {"\"abc\"", "{}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "abc", NULL, NULL, NULL},
    {"jsonb_extract_path_text_op", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "{}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "{\"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"b\": 2, \"n\": null, \"s\": \"q\\\"t\", \"num\": 1.0}", NULL, NULL, NULL},
    {"jsonb_extract_path_text_op", 2, {"null", "{}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, NULLV, NULL, NULL, NULL},
    {"jsonb_extract_path_text_op", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "{a,x,2,y}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "z", NULL, NULL, NULL},
    {"jsonb_extract_path", 3, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "a", "x"}, {OG_OID_JSONB, OG_OID_TEXT, OG_OID_TEXT}, "[1, 2, {\"y\": \"z\"}]", NULL, NULL, NULL},
    {"jsonb_extract_path", 3, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "a", NULLV}, {OG_OID_JSONB, OG_OID_TEXT, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"jsonb_extract_path_text", 2, {"{\"b\": 2, \"a\": {\"x\": [1, 2, {\"y\": \"z\"}]}, \"s\": \"q\\\"t\", \"n\": null, \"num\": 1.0}", "s"}, {OG_OID_JSONB, OG_OID_TEXT}, "q\"t", NULL, NULL, NULL},
    {"json_extract_path", 3, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "e", "f"}, {OG_OID_JSON, OG_OID_TEXT, OG_OID_TEXT}, "[true, false]", NULL, NULL, NULL},
    {"json_extract_path_text", 4, {"{\"a\" : [1, {\"b\" : null, \"c\":\"x\\ny\"}],  \"d\": \"é\\u00e9\", \"a2\": 2.50, \"e\": {\"f\": [true, false]}}", "a", "1", "c"}, {OG_OID_JSON, OG_OID_TEXT, OG_OID_TEXT, OG_OID_TEXT}, "x\ny", NULL, NULL, NULL},
    {"json_typeof", 1, {" [1] "}, {OG_OID_JSON}, "array", NULL, NULL, NULL},
    {"json_typeof", 1, {"true"}, {OG_OID_JSON}, "boolean", NULL, NULL, NULL},
    {"jsonb_typeof", 1, {"{\"a\":1}"}, {OG_OID_JSONB}, "object", NULL, NULL, NULL},
    {"jsonb_typeof", 1, {"-1.5e3"}, {OG_OID_JSONB}, "number", NULL, NULL, NULL},
    {"jsonb_typeof", 1, {"\"s\""}, {OG_OID_JSONB}, "string", NULL, NULL, NULL},
    {"jsonb_typeof", 1, {"null"}, {OG_OID_JSONB}, "null", NULL, NULL, NULL},
    {"jsonb_typeof", 1, {"false"}, {OG_OID_JSONB}, "boolean", NULL, NULL, NULL},
    {"json_array_length", 1, {"[1, [2, 3], {\"a\": [4]}]"}, {OG_OID_JSON}, "3", NULL, NULL, NULL},
    {"json_array_length", 1, {"[]"}, {OG_OID_JSON}, "0", NULL, NULL, NULL},
    {"json_array_length", 1, {"{\"a\":1}"}, {OG_OID_JSON}, NULL, "22023", "cannot get array length of a non-array", NULL},
    {"json_array_length", 1, {"\"x\""}, {OG_OID_JSON}, NULL, "22023", "cannot get array length of a scalar", NULL},
    {"jsonb_array_length", 1, {"[1, 2, 3]"}, {OG_OID_JSONB}, "3", NULL, NULL, NULL},
    {"jsonb_array_length", 1, {"1"}, {OG_OID_JSONB}, NULL, "22023", "cannot get array length of a scalar", NULL},
    {"jsonb_array_length", 1, {"{}"}, {OG_OID_JSONB}, NULL, "22023", "cannot get array length of a non-array", NULL},
    {"jsonb_contains", 2, {"[1,2]", "1"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"1", "[1]"}, {OG_OID_JSONB, OG_OID_JSONB}, "false", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"1", "1"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"{\"a\":1.0}", "{\"a\":1}"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"[[1,2]]", "[[1]]"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"[1,[2]]", "[2]"}, {OG_OID_JSONB, OG_OID_JSONB}, "false", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"{\"a\":{\"b\":[1,2,{\"c\":3}]},\"d\":4}", "{\"a\":{\"b\":[{\"c\":3}]}}"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"{\"a\":{\"b\":[1,2,{\"c\":3}]},\"d\":4}", "{\"a\":{\"b\":[{\"c\":4}]}}"}, {OG_OID_JSONB, OG_OID_JSONB}, "false", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"{\"a\":1}", "{}"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"{\"a\":1}", "[]"}, {OG_OID_JSONB, OG_OID_JSONB}, "false", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"[\"a\", \"b\"]", "[\"b\", \"b\", \"a\"]"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"{\"a\":[1,2]}", "{\"a\":1}"}, {OG_OID_JSONB, OG_OID_JSONB}, "false", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"{\"a\":\"x\"}", "\"x\""}, {OG_OID_JSONB, OG_OID_JSONB}, "false", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"[{\"a\":1},{\"b\":2}]", "[{\"a\":1,\"b\":2}]"}, {OG_OID_JSONB, OG_OID_JSONB}, "false", NULL, NULL, NULL},
    {"jsonb_contains", 2, {"[null, true]", "[true, null]"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_contained", 2, {"{\"b\":2}", "{\"a\":1,\"b\":2}"}, {OG_OID_JSONB, OG_OID_JSONB}, "true", NULL, NULL, NULL},
    {"jsonb_exists", 2, {"{\"a\":1,\"b\":2}", "b"}, {OG_OID_JSONB, OG_OID_TEXT}, "true", NULL, NULL, NULL},
    {"jsonb_exists", 2, {"{\"a\":{\"c\":1}}", "c"}, {OG_OID_JSONB, OG_OID_TEXT}, "false", NULL, NULL, NULL},
    {"jsonb_exists", 2, {"[\"a\",\"b\",1]", "b"}, {OG_OID_JSONB, OG_OID_TEXT}, "true", NULL, NULL, NULL},
    {"jsonb_exists", 2, {"[\"a\",\"b\",1]", "1"}, {OG_OID_JSONB, OG_OID_TEXT}, "false", NULL, NULL, NULL},
    {"jsonb_exists", 2, {"\"a\"", "a"}, {OG_OID_JSONB, OG_OID_TEXT}, "true", NULL, NULL, NULL},
    {"jsonb_exists_any", 2, {"{\"a\":1,\"b\":2}", "{x,b}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "true", NULL, NULL, NULL},
    {"jsonb_exists_any", 2, {"{\"a\":1,\"b\":2}", "{}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "false", NULL, NULL, NULL},
    {"jsonb_exists_any", 2, {"{\"a\":1,\"b\":2}", "{x,NULL}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "false", NULL, NULL, NULL},
    {"jsonb_exists_all", 2, {"{\"a\":1,\"b\":2}", "{a,b}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "true", NULL, NULL, NULL},
    {"jsonb_exists_all", 2, {"{\"a\":1,\"b\":2}", "{a,x}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "false", NULL, NULL, NULL},
    {"jsonb_exists_all", 2, {"{\"a\":1,\"b\":2}", "{}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "true", NULL, NULL, NULL},
    {"jsonb_exists_all", 2, {"[\"a\"]", "{a,NULL}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "true", NULL, NULL, NULL},
    {"jsonb_concat", 2, {"{\"a\":1}", "1"}, {OG_OID_JSONB, OG_OID_JSONB}, "[{\"a\": 1}, 1]", NULL, NULL, NULL},
    {"jsonb_concat", 2, {"1", "2"}, {OG_OID_JSONB, OG_OID_JSONB}, "[1, 2]", NULL, NULL, NULL},
    {"jsonb_concat", 2, {"[1]", "{\"b\":2}"}, {OG_OID_JSONB, OG_OID_JSONB}, "[1, {\"b\": 2}]", NULL, NULL, NULL},
    {"jsonb_concat", 2, {"{\"b\":2}", "[1]"}, {OG_OID_JSONB, OG_OID_JSONB}, "[{\"b\": 2}, 1]", NULL, NULL, NULL},
    {"jsonb_concat", 2, {"{\"b\":2, \"a\":1}", "{\"b\":3, \"aa\": [1]}"}, {OG_OID_JSONB, OG_OID_JSONB}, "{\"a\": 1, \"b\": 3, \"aa\": [1]}", NULL, NULL, NULL},
    {"jsonb_concat", 2, {"[1, [2]]", "[3, {\"x\": null}]"}, {OG_OID_JSONB, OG_OID_JSONB}, "[1, [2], 3, {\"x\": null}]", NULL, NULL, NULL},
    {"jsonb_concat", 2, {"[]", "{}"}, {OG_OID_JSONB, OG_OID_JSONB}, "[{}]", NULL, NULL, NULL},
    {"jsonb_concat", 2, {"\"a\"", "[]"}, {OG_OID_JSONB, OG_OID_JSONB}, "[\"a\"]", NULL, NULL, NULL},
    {"jsonb_delete", 2, {"[\"a\",1,\"b\",\"a\"]", "a"}, {OG_OID_JSONB, OG_OID_TEXT}, "[1, \"b\"]", NULL, NULL, NULL},
    {"jsonb_delete", 2, {"{\"a\":1,\"b\":{\"a\":2}}", "a"}, {OG_OID_JSONB, OG_OID_TEXT}, "{\"b\": {\"a\": 2}}", NULL, NULL, NULL},
    {"jsonb_delete", 2, {"{\"a\":1}", "x"}, {OG_OID_JSONB, OG_OID_TEXT}, "{\"a\": 1}", NULL, NULL, NULL},
    {"jsonb_delete", 2, {"1", "a"}, {OG_OID_JSONB, OG_OID_TEXT}, NULL, "22023", "cannot delete from scalar", NULL},
    {"jsonb_delete", 2, {"\"a\"", "a"}, {OG_OID_JSONB, OG_OID_TEXT}, NULL, "22023", "cannot delete from scalar", NULL},
    {"jsonb_delete_idx", 2, {"[1,2,3]", "-1"}, {OG_OID_JSONB, OG_OID_INT4}, "[1, 2]", NULL, NULL, NULL},
    {"jsonb_delete_idx", 2, {"[1,2,3]", "5"}, {OG_OID_JSONB, OG_OID_INT4}, "[1, 2, 3]", NULL, NULL, NULL},
    {"jsonb_delete_idx", 2, {"[1,2,3]", "0"}, {OG_OID_JSONB, OG_OID_INT4}, "[2, 3]", NULL, NULL, NULL},
    {"jsonb_delete_idx", 2, {"{\"a\":1}", "1"}, {OG_OID_JSONB, OG_OID_INT4}, NULL, "22023", "cannot delete from object using integer index", NULL},
    {"jsonb_delete_idx", 2, {"null", "1"}, {OG_OID_JSONB, OG_OID_INT4}, NULL, "22023", "cannot delete from scalar", NULL},
    {"jsonb_delete_array", 2, {"{\"a\":1,\"b\":2,\"c\":3}", "{a,c,NULL}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "{\"b\": 2}", NULL, NULL, NULL},
    {"jsonb_delete_array", 2, {"[\"a\",\"b\",1]", "{b,1}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "[\"a\", 1]", NULL, NULL, NULL},
    {"jsonb_delete_path", 2, {"{\"a\":[1,{\"b\":2,\"c\":3}]}", "{a,1,b}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "{\"a\": [1, {\"c\": 3}]}", NULL, NULL, NULL},
    {"jsonb_delete_path", 2, {"{\"a\":[1,2,3]}", "{a,-1}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "{\"a\": [1, 2]}", NULL, NULL, NULL},
    {"jsonb_delete_path", 2, {"{\"a\":[1,2,3]}", "{a,-5}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "{\"a\": [1, 2, 3]}", NULL, NULL, NULL},
    {"jsonb_delete_path", 2, {"{\"a\":[1,2,3]}", "{a,x}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, NULL, "22P02", "path element at position 2 is not an integer: \"x\"", NULL},
    {"jsonb_delete_path", 2, {"{\"a\":1}", "{}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, "{\"a\": 1}", NULL, NULL, NULL},
    {"jsonb_delete_path", 2, {"1", "{a}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY}, NULL, "22023", "cannot delete path in scalar", NULL},
    {"jsonb_set3", 3, {"{\"a\":[1,2]}", "{a,-1}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": [1, 9]}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"{\"a\":[1,2]}", "{a,5}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": [1, 2, 9]}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"{\"a\":[1,2]}", "{a,-5}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": [9, 1, 2]}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"{\"a\":[1,2]}", "{b}", "{\"x\": [1]}"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": [1, 2], \"b\": {\"x\": [1]}}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"{\"a\":[1,2]}", "{b,c}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": [1, 2]}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"{\"a\":1}", "{a,b}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": 1}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"[]", "{0}", "1"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "[1]", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"{}", "{a}", "1"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": 1}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"{\"a\":{\"b\":{\"c\":1}}}", "{a,b,c}", "\"new\""}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": {\"b\": {\"c\": \"new\"}}}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"1", "{a}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, NULL, "22023", "cannot set path in scalar", NULL},
    {"jsonb_set3", 3, {"[1]", "{x}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, NULL, "22P02", "path element at position 1 is not an integer: \"x\"", NULL},
    {"jsonb_set3", 3, {"{\"a\":1}", "{NULL}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, NULL, "22004", "path element at position 1 is null", NULL},
    {"jsonb_set3", 3, {"{\"a\":1}", "{}", "9"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, "{\"a\": 1}", NULL, NULL, NULL},
    {"jsonb_set3", 3, {"{\"a\":1}", "{a}", NULLV}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB}, NULLV, NULL, NULL, NULL},
    {"jsonb_set", 4, {"{\"a\":[1,2]}", "{b}", "9", "false"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB, OG_OID_BOOL}, "{\"a\": [1, 2]}", NULL, NULL, NULL},
    {"jsonb_set", 4, {"{\"a\":[1,2]}", "{a,5}", "9", "false"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB, OG_OID_BOOL}, "{\"a\": [1, 2]}", NULL, NULL, NULL},
    {"jsonb_set", 4, {"{\"a\":[1,2]}", "{a,0}", "9", "false"}, {OG_OID_JSONB, OG_OID_TEXT_ARRAY, OG_OID_JSONB, OG_OID_BOOL}, "{\"a\": [9, 2]}", NULL, NULL, NULL},
    {"json_build_object", 6, {"a", "1", "true", "{1,2}", "2020-01-01 10:00", "{\"x\" : 1}"}, {OG_OID_TEXT, OG_OID_INT4, OG_OID_BOOL, OG_OID_INT4_ARRAY, OG_OID_TIMESTAMP, OG_OID_JSON}, "{\"a\" : 1, \"true\" : [1,2], \"2020-01-01T10:00:00\" : {\"x\" : 1}}", NULL, NULL, NULL},
    {"json_build_object", 4, {"1", NULLV, "1.50", "NaN"}, {OG_OID_INT4, OG_OID_TEXT, OG_OID_NUMERIC, OG_OID_FLOAT8}, "{\"1\" : null, \"1.50\" : \"NaN\"}", NULL, NULL, NULL},
    {"json_build_object", 2, {NULLV, "1"}, {OG_OID_TEXT, OG_OID_INT4}, NULL, "22023", "argument 1 cannot be null", NULL},
    {"json_build_object", 1, {"a"}, {OG_OID_TEXT}, NULL, "22023", "argument list must have even number of elements", NULL},
    {"json_build_object", 2, {"{1}", "1"}, {OG_OID_INT4_ARRAY, OG_OID_INT4}, NULL, "22023", "key value must be scalar, not array, composite, or json", NULL},
    {"json_build_object", 2, {"{}", "1"}, {OG_OID_JSON, OG_OID_INT4}, NULL, "22023", "key value must be scalar, not array, composite, or json", NULL},
    {"jsonb_build_object", 6, {"b", "1.50", "a", "true", "c", NULLV}, {OG_OID_TEXT, OG_OID_NUMERIC, OG_OID_TEXT, OG_OID_BOOL, OG_OID_TEXT, OG_OID_TEXT}, "{\"a\": true, \"b\": 1.50, \"c\": null}", NULL, NULL, NULL},
    {"jsonb_build_object", 4, {"a", "1", "a", "{\"z\": 1, \"y\": [2]}"}, {OG_OID_TEXT, OG_OID_INT4, OG_OID_TEXT, OG_OID_JSONB}, "{\"a\": {\"y\": [2], \"z\": 1}}", NULL, NULL, NULL},
    {"jsonb_build_object", 4, {"1.5", "2", "2020-01-01", "1e20"}, {OG_OID_NUMERIC, OG_OID_INT4, OG_OID_DATE, OG_OID_FLOAT8}, "{\"1.5\": 2, \"2020-01-01\": 100000000000000000000}", NULL, NULL, NULL},
    {"jsonb_build_object", 1, {"a"}, {OG_OID_TEXT}, NULL, "22023", "argument list must have even number of elements", NULL},
    {"jsonb_build_object", 2, {NULLV, "1"}, {OG_OID_TEXT, OG_OID_INT4}, NULL, "22023", "argument 1: key must not be null", NULL},
    {"jsonb_build_object", 2, {"1", "1"}, {OG_OID_JSONB, OG_OID_INT4}, NULL, "22023", "key value must be scalar, not array, composite, or json", NULL},
    {"json_build_array", 4, {"1", "a", NULLV, "{1.5,NaN}"}, {OG_OID_INT4, OG_OID_TEXT, OG_OID_TEXT, OG_OID_FLOAT8_ARRAY}, "[1, \"a\", null, [1.5,\"NaN\"]]", NULL, NULL, NULL},
    {"jsonb_build_array", 3, {"1", "1e2", "{\"b\":1,\"a\":2}"}, {OG_OID_INT4, OG_OID_NUMERIC, OG_OID_JSON}, "[1, 100, {\"a\": 2, \"b\": 1}]", NULL, NULL, NULL},
    {"to_json", 1, {"2020-01-01 12:00:00.5"}, {OG_OID_TIMESTAMP}, "\"2020-01-01T12:00:00.5\"", NULL, NULL, NULL},
    {"to_json", 1, {"2020-01-01 12:00:00+00"}, {OG_OID_TIMESTAMPTZ}, "\"2020-01-01T17:30:00+05:30\"", NULL, NULL, "Asia/Kolkata"},
    {"to_json", 1, {"1800-01-01 12:00:00+00"}, {OG_OID_TIMESTAMPTZ}, "\"1800-01-01T17:53:28+05:53:28\"", NULL, NULL, "Asia/Kolkata"},
    {"to_json", 1, {"2020-01-01 12:00:00+00"}, {OG_OID_TIMESTAMPTZ}, "\"2020-01-01T13:00:00+01:00\"", NULL, NULL, "Europe/Paris"},
    {"to_json", 1, {"infinity"}, {OG_OID_TIMESTAMP}, "\"infinity\"", NULL, NULL, NULL},
    {"to_json", 1, {"0044-03-15 BC"}, {OG_OID_DATE}, "\"0044-03-15 BC\"", NULL, NULL, NULL},
    {"to_json", 1, {"0044-03-15 12:00 BC"}, {OG_OID_TIMESTAMP}, "\"0044-03-15T12:00:00 BC\"", NULL, NULL, NULL},
    {"to_json", 1, {"NaN"}, {OG_OID_FLOAT8}, "\"NaN\"", NULL, NULL, NULL},
    {"to_json", 1, {"-Infinity"}, {OG_OID_FLOAT8}, "\"-Infinity\"", NULL, NULL, NULL},
    {"to_json", 1, {"1e20"}, {OG_OID_FLOAT8}, "1e+20", NULL, NULL, NULL},
    {"to_json", 1, {"{1.5,NULL}"}, {OG_OID_NUMERIC_ARRAY}, "[1.5,null]", NULL, NULL, NULL},
    {"to_json", 1, {"a\"b\\c\n\001/"}, {OG_OID_TEXT}, "\"a\\\"b\\\\c\\n\\u0001/\"", NULL, NULL, NULL},
    {"to_json", 1, {"1 day"}, {OG_OID_INTERVAL}, "\"1 day\"", NULL, NULL, NULL},
    {"to_json", 1, {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}, {OG_OID_UUID}, "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"", NULL, NULL, NULL},
    {"to_json", 1, {"\\x01ff"}, {OG_OID_BYTEA}, "\"\\\\x01ff\"", NULL, NULL, NULL},
    {"to_json", 1, {"{t,f}"}, {OG_OID_BOOL_ARRAY}, "[true,false]", NULL, NULL, NULL},
    {"to_json", 1, {"{\"{\\\"a\\\" :  1}\"}"}, {OG_OID_JSON_ARRAY}, "[{\"a\" :  1}]", NULL, NULL, NULL},
    {"to_json", 1, {"{\"a\" :  1}"}, {OG_OID_JSON}, "{\"a\" :  1}", NULL, NULL, NULL},
    {"to_json", 1, {"12:00:01.5"}, {OG_OID_TIME}, "\"12:00:01.5\"", NULL, NULL, NULL},
    {"to_jsonb", 1, {"1e20"}, {OG_OID_FLOAT8}, "100000000000000000000", NULL, NULL, NULL},
    {"to_jsonb", 1, {"{\"b\" : 1, \"a\":2, \"b\": 3}"}, {OG_OID_JSON}, "{\"a\": 2, \"b\": 3}", NULL, NULL, NULL},
    {"to_jsonb", 1, {"{\"{\\\"a\\\": 1}\",NULL}"}, {OG_OID_JSONB_ARRAY}, "[{\"a\": 1}, null]", NULL, NULL, NULL},
    {"to_jsonb", 1, {"1.50"}, {OG_OID_NUMERIC}, "1.50", NULL, NULL, NULL},
    {"to_jsonb", 1, {"é\t"}, {OG_OID_TEXT}, "\"é\\t\"", NULL, NULL, NULL},
    {"json_strip_nulls", 1, {"{\"a\" : 1, \"b\": null, \"c\" : [1, null, {\"z\" : null,  \"q\":\"\\u00e9\"}], \"d\" : {\"e\":null}}"}, {OG_OID_JSON}, "{\"a\":1,\"c\":[1,null,{\"q\":\"é\"}],\"d\":{}}", NULL, NULL, NULL},
    {"json_strip_nulls", 1, {" [ 1.50 , null ] "}, {OG_OID_JSON}, "[1.50,null]", NULL, NULL, NULL},
    {"json_strip_nulls", 1, {"null"}, {OG_OID_JSON}, "null", NULL, NULL, NULL},
    {"jsonb_strip_nulls", 1, {"[null, {\"a\": null, \"b\": [null]}]"}, {OG_OID_JSONB}, "[null, {\"b\": [null]}]", NULL, NULL, NULL},
    {"jsonb_strip_nulls", 1, {"{\"a\": 1, \"b\": null, \"c\": {\"d\": null}}"}, {OG_OID_JSONB}, "{\"a\": 1, \"c\": {}}", NULL, NULL, NULL},
    {"jsonb_pretty", 1, {"{\"a\":{}, \"b\":[], \"c\": [1, {\"x\": null}, \"s\"]}"}, {OG_OID_JSONB}, "{\n    \"a\": {\n    },\n    \"b\": [\n    ],\n    \"c\": [\n        1,\n        {\n            \"x\": null\n        },\n        \"s\"\n    ]\n}", NULL, NULL, NULL},
    {"jsonb_pretty", 1, {"[]"}, {OG_OID_JSONB}, "[\n]", NULL, NULL, NULL},
    {"jsonb_pretty", 1, {"\"x\""}, {OG_OID_JSONB}, "\"x\"", NULL, NULL, NULL},
};
/* clang-format on */

static void test_json_cases(void **state)
{
    run_cases(json_cases, sizeof(json_cases) / sizeof(json_cases[0]), 0);
}

/* The zero-argument builders: select json_build_object(), jsonb_build_array() */
static void test_builders_without_arguments(void **state)
{
    static const fn_case cases[] = {
        {"json_build_object_noargs", 0, {NULL}, {0}, "{}", NULL, NULL, NULL},
        {"jsonb_build_object_noargs", 0, {NULL}, {0}, "{}", NULL, NULL, NULL},
        {"json_build_array_noargs", 0, {NULL}, {0}, "[]", NULL, NULL, NULL},
        {"jsonb_build_array_noargs", 0, {NULL}, {0}, "[]", NULL, NULL, NULL},
    };
    run_cases(cases, sizeof(cases) / sizeof(cases[0]), 0);
}

/* PostgreSQL's hints: select json_build_object('a'), json_build_object(NULL, 1) */
static void test_build_object_hints(void **state)
{
    orm_eval_ctx cx = {"UTC", 0, 0};
    og_value args[2] = {decode(OG_OID_TEXT, "a", "UTC"), og_value_null(OG_OID_TEXT)}, out;
    og_error err = OG_ERROR_INIT;
    assert_false(call(family_find("jsonb_build_object"), &cx, args, 1, &out, &err));
    assert_string_equal(err.hint, "The arguments of jsonb_build_object() must consist of alternating keys and values.");
    og_error_clear(&err);
    args[0] = og_value_null(OG_OID_TEXT);
    args[1] = decode(OG_OID_INT4, "1", "UTC");
    assert_false(call(family_find("json_build_object"), &cx, args, 2, &out, &err));
    assert_string_equal(err.hint, "Object keys should be text.");
    og_error_clear(&err);
}

/* 200000 nested arrays: the reader keeps its own stack, and -> still works. */
static void test_deep_nesting(void **state)
{
    enum { DEPTH = 200000 };
    og_buf b = OG_BUF_INIT;
    og_buf_putc(&b, '[');
    for (int i = 0; i < DEPTH; i++)
        og_buf_putc(&b, '[');
    for (int i = 0; i < DEPTH; i++)
        og_buf_putc(&b, ']');
    og_buf_puts(&b, ", 7]");
    og_value args[2] = {{0}, {0}}, out;
    args[0].oid = OG_OID_JSON;
    args[0].u.str.p = (const char *)b.data;
    args[0].u.str.len = b.len;
    args[1] = decode(OG_OID_INT4, "1", "UTC");
    orm_eval_ctx cx = {"UTC", 0, 0};
    og_error err = OG_ERROR_INIT;
    assert_true(call(family_find("json_array_element"), &cx, args, 2, &out, &err));
    assert_int_equal(out.u.str.len, 1);
    assert_memory_equal(out.u.str.p, "7", 1);
    og_buf_free(&b);
}

/* Text that is not JSON (a value that did not come through the codec) is 22P02, not a crash. */
static void test_malformed(void **state)
{
    static const char *const bad[] = {"", "[1,", "{\"a\" 1}", "[1 2]", "{\"a\":}", "[]]", "tru", "\"abc", "{,}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        orm_json *root;
        og_error err = OG_ERROR_INIT;
        assert_false(orm_json_parse(bad[i], strlen(bad[i]), &arena, &root, &err));
        assert_string_equal(err.code, "22P02");
        og_error_clear(&err);
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
        cmocka_unit_test(test_json_cases),         cmocka_unit_test(test_builders_without_arguments),
        cmocka_unit_test(test_build_object_hints), cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
