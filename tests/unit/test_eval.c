/*
 * tests/unit/test_eval.c - orm/eval: query-IR expressions evaluated over one
 * row, with PostgreSQL 15's answers.
 *
 * The IR comes from the real translator: `SELECT <expr> FROM t` (or a WHERE
 * clause) is translated against the entities t and u, and the target (or
 * the condition) is evaluated over a row the test sets column by column.
 * Column references keep expressions from being folded at translation.
 * Each expected answer is what PostgreSQL 15 prints for the same
 * expression over the same row (booleans as true/false, NULL as "NULL",
 * an error as "ERROR <SQLSTATE>").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orm/eval.h"
#include "orm/schema.h"
#include "orm/sqlparse.h"
#include "orm/translate.h"
#include "proxy/textio.h"

/* The columns of t, in declaration order. */
enum { C_ID, C_A, C_B, C_BIG, C_N, C_S, C_V, C_F, C_G, C_ARR, C_TS, C_D, T_NCOLS };
static const uint32_t t_types[T_NCOLS] = {
    OG_OID_INT4,    OG_OID_INT4, OG_OID_INT4, OG_OID_INT8,       OG_OID_NUMERIC,    OG_OID_TEXT,
    OG_OID_VARCHAR, OG_OID_BOOL, OG_OID_BOOL, OG_OID_INT4_ARRAY, OG_OID_TEXT_ARRAY, OG_OID_DATE,
};
enum { U_X, U_Y, U_NCOLS };
static const uint32_t u_types[U_NCOLS] = {OG_OID_INT4, OG_OID_TEXT};

static orm_schema *schema;
static og_arena arena;
static og_value trow[T_NCOLS], urow[U_NCOLS];
static const orm_eval_ctx cx = {"UTC", 0, 0};

/* Parameters for the next translation: declared types (0 = infer) and text values. */
static uint16_t nparams;
static uint32_t param_decl[4];
static const char *param_text[4];

static int setup(void **state)
{
    px_textio_install();
    og_arena_init(&arena);
    const orm_schema_obj objs[] = {
        {ORM_SCHEMA_TABLE, "t", "t",
         "CREATE TABLE t (id int PRIMARY KEY, a int, b int, big bigint, n numeric, s text, v varchar(10), f bool, "
         "g bool, arr int[], ts text[], d date)"},
        {ORM_SCHEMA_TABLE, "u", "u", "CREATE TABLE u (x int PRIMARY KEY, y text)"},
    };
    og_error err = OG_ERROR_INIT;
    schema = orm_schema_build(objs, 2, 1, &err);
    assert_non_null(schema);
    return 0;
}

static int teardown(void **state)
{
    orm_schema_free(schema);
    og_arena_reset(&arena);
    return 0;
}

/* Every column of t and u NULL, no parameters. */
static int reset_row(void **state)
{
    for (int i = 0; i < T_NCOLS; i++)
        trow[i] = og_value_null(t_types[i]);
    for (int i = 0; i < U_NCOLS; i++)
        urow[i] = og_value_null(u_types[i]);
    nparams = 0;
    return 0;
}

static og_value decode(uint32_t oid, const char *text)
{
    og_value v;
    og_error err = OG_ERROR_INIT;
    if (!text)
        return og_value_null(oid);
    if (!og_text_io_get()->decode(oid, text, strlen(text), "UTC", &arena, &v, &err))
        fail_msg("cannot decode '%s' as %s: %s", text, og_type_name(oid), err.message);
    return v;
}

/* Set a column of t from its text (NULL: SQL NULL). */
static void set(int col, const char *text)
{
    trow[col] = decode(t_types[col], text);
}

static void set_ab(const char *a, const char *b)
{
    set(C_A, a);
    set(C_B, b);
}

static void set_fg(const char *f, const char *g)
{
    set(C_F, f);
    set(C_G, g);
}

static void param(uint16_t n, uint32_t decl, const char *text)
{
    param_decl[n - 1] = decl;
    param_text[n - 1] = text;
    if (n > nparams)
        nparams = n;
}

/* Translate sql (must succeed). */
static orm_stmt *translate(const char *sql)
{
    orm_parsed pt;
    og_error err = OG_ERROR_INIT;
    if (!orm_sql_parse(sql, &pt, &err))
        fail_msg("%s: parse error %s %s", sql, err.code, err.message);
    orm_translate_in in = {&schema->meta, sql, param_decl, nparams, &cx, "alice", "db", NULL};
    orm_stmt *st = orm_translate(pt.tree->stmts[0]->stmt, &in, &err);
    orm_sql_parsed_free(&pt);
    if (!st)
        fail_msg("%s: %s %s", sql, err.code, err.message);
    return st;
}

/* The parameters as the proxy binds them: text decoded as the statement's parameter types. */
static og_value *bind_params(const orm_stmt *st)
{
    og_value *p = og_arena_zalloc(&arena, sizeof(og_value) * 4);
    for (uint16_t i = 0; i < nparams && i < st->nparams; i++)
        p[i] = decode(st->param_types[i], param_text[i]);
    return p;
}

/* A value as PostgreSQL prints it; "ERROR <code>" when evaluation failed. */
static const char *show(bool ok, const og_value *v, og_error *err)
{
    if (!ok) {
        const char *s = og_arena_printf(&arena, "ERROR %s", err->code);
        og_error_clear(err);
        return s;
    }
    if (v->isnull)
        return "NULL";
    if (v->oid == OG_OID_BOOL)
        return v->u.b ? "true" : "false";
    og_buf b = OG_BUF_INIT;
    og_text_io_get()->encode(v, "UTC", &b);
    const char *s = og_arena_strdup(&arena, og_buf_cstr(&b));
    og_buf_free(&b);
    return s;
}

/* Evaluate e over t's row (rte 0) with the bound parameters. */
static const char *eval_over_t(const orm_stmt *st, const orm_expr *e, uint32_t *type)
{
    const og_value *rtes[1] = {trow};
    orm_eval_row row = {rtes, 1, bind_params(st), nparams, NULL};
    og_value v;
    og_error err = OG_ERROR_INIT;
    assert_true(orm_eval_supported(e));
    bool ok = orm_eval(e, &row, &cx, &arena, &v, &err);
    if (ok && type)
        *type = v.oid;
    return show(ok, &v, &err);
}

/* SELECT <expr> FROM t, evaluated over the current row. */
static const char *ev(const char *expr)
{
    orm_stmt *st = translate(og_arena_printf(&arena, "SELECT %s FROM t", expr));
    const char *s = eval_over_t(st, st->query->targets[0].expr, NULL);
    orm_stmt_free(st);
    return s;
}

/* The same, also checking the result type (of a non-NULL result). */
static const char *ev_typed(const char *expr, uint32_t want)
{
    orm_stmt *st = translate(og_arena_printf(&arena, "SELECT %s FROM t", expr));
    uint32_t got = 0;
    const char *s = eval_over_t(st, st->query->targets[0].expr, &got);
    assert_int_equal(st->query->targets[0].expr->type, want);
    if (strncmp(s, "ERROR", 5) && strcmp(s, "NULL"))
        assert_int_equal(got, want);
    orm_stmt_free(st);
    return s;
}

/* SELECT id FROM t WHERE <cond>: orm_eval_cond's answer ("true", "false" or "ERROR <code>"). */
static const char *where(const char *cond)
{
    orm_stmt *st = translate(og_arena_printf(&arena, "SELECT id FROM t WHERE %s", cond));
    const og_value *rtes[1] = {trow};
    orm_eval_row row = {rtes, 1, bind_params(st), nparams, NULL};
    og_error err = OG_ERROR_INIT;
    bool result = true;
    bool ok = orm_eval_cond(st->query->where, &row, &cx, &arena, &result, &err);
    if (!ok)
        assert_false(result);
    og_value v = {.oid = OG_OID_BOOL, .u.b = result};
    const char *s = show(ok, &v, &err);
    orm_stmt_free(st);
    return s;
}

/* ---- the cases ------------------------------------------------------------------------------------------ */

static void test_arithmetic(void **state)
{
    set_ab("2", "3");
    assert_string_equal(ev_typed("a + b", OG_OID_INT4), "5");
    assert_string_equal(ev("a * b - 1"), "5");
    assert_string_equal(ev("a / b"), "0");
    assert_string_equal(ev("b % a"), "1");
    assert_string_equal(ev("a + NULL"), "NULL");
    set(C_N, "1.5");
    assert_string_equal(ev_typed("n * a", OG_OID_NUMERIC), "3.0");
    assert_string_equal(ev_typed("a / 4.0", OG_OID_NUMERIC), "0.50000000000000000000");
    /* overflow */
    set_ab("2147483647", "1");
    assert_string_equal(ev("a + b"), "ERROR 22003");
    assert_string_equal(ev_typed("a::bigint + b", OG_OID_INT8), "2147483648");
    set(C_A, "-2147483648");
    assert_string_equal(ev("-a"), "ERROR 22003");
    assert_string_equal(ev("abs(a)"), "ERROR 22003");
    set(C_BIG, "9223372036854775807");
    assert_string_equal(ev("big * 2"), "ERROR 22003");
    assert_string_equal(ev("big - 1"), "9223372036854775806");
    /* division by zero */
    set_ab("7", "0");
    assert_string_equal(ev("a / b"), "ERROR 22012");
    assert_string_equal(ev("a % b"), "ERROR 22012");
    assert_string_equal(ev("n / b"), "ERROR 22012");
    assert_string_equal(ev("a / NULLIF(b, 0)"), "NULL");
}

static void test_case_evaluates_only_the_branch_taken(void **state)
{
    set_ab("7", "0");
    assert_string_equal(ev("CASE WHEN b = 0 THEN NULL ELSE a / b END"), "NULL");
    assert_string_equal(ev("CASE WHEN b <> 0 THEN 0 ELSE a / b END"), "ERROR 22012");
    assert_string_equal(ev("CASE WHEN false THEN 1/0 END"), "NULL");
    assert_string_equal(ev("CASE WHEN a > 0 THEN 'pos' WHEN a / b > 0 THEN 'never' END"), "pos");
    assert_string_equal(ev("CASE WHEN a < 0 THEN 'neg' WHEN a / b > 0 THEN 'boom' END"), "ERROR 22012");
    assert_string_equal(ev("CASE WHEN a < 0 THEN 'neg' END"), "NULL");
    /* simple CASE: the operand compared with = as the common type, NULL never matches */
    set_ab("1", "2");
    const char *simple = "CASE a WHEN 1 THEN 'one' WHEN b THEN 'bee' ELSE 'other' END";
    assert_string_equal(ev_typed(simple, OG_OID_TEXT), "one");
    set_ab("2", "2");
    assert_string_equal(ev(simple), "bee");
    set_ab(NULL, NULL);
    assert_string_equal(ev(simple), "other");
    set_ab("2", "0");
    assert_string_equal(ev("CASE a WHEN 2 THEN 'x' ELSE (a / b)::text END"), "x");
    set(C_N, "2.0");
    assert_string_equal(ev("CASE n WHEN a THEN 'same' ELSE 'differs' END"), "same");
}

static void test_three_valued_logic(void **state)
{
    static const char *const vals[3] = {"true", "false", NULL};
    /* PostgreSQL's truth tables, rows f, columns g (true, false, NULL) */
    static const char *const and_[3][3] = {
        {"true", "false", "NULL"}, {"false", "false", "false"}, {"NULL", "false", "NULL"}};
    static const char *const or_[3][3] = {
        {"true", "true", "true"}, {"true", "false", "NULL"}, {"true", "NULL", "NULL"}};
    static const char *const not_[3] = {"false", "true", "NULL"};
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++) {
            set_fg(vals[i], vals[k]);
            assert_string_equal(ev("f AND g"), and_[i][k]);
            assert_string_equal(ev("f OR g"), or_[i][k]);
        }
        assert_string_equal(ev("NOT f"), not_[i]);
    }
    /* AND / OR stop at the operand that decides, and only there */
    set_ab("7", "0");
    set(C_F, "false");
    assert_string_equal(ev("f AND a / b > 0"), "false");
    assert_string_equal(ev("f OR a / b > 0"), "ERROR 22012");
    set(C_F, "true");
    assert_string_equal(ev("f AND a / b > 0"), "ERROR 22012");
    assert_string_equal(ev("f OR a / b > 0"), "true");
    set(C_F, NULL);
    assert_string_equal(ev("f AND a / b > 0"), "ERROR 22012");
    assert_string_equal(ev("f AND a < 0 AND a / b > 0"), "false");
    /* IS [NOT] TRUE / FALSE / UNKNOWN, IS [NOT] NULL */
    assert_string_equal(ev("f IS TRUE"), "false");
    assert_string_equal(ev("f IS NOT TRUE"), "true");
    assert_string_equal(ev("f IS UNKNOWN"), "true");
    assert_string_equal(ev("f IS NOT FALSE"), "true");
    set(C_F, "false");
    assert_string_equal(ev("f IS FALSE"), "true");
    assert_string_equal(ev("f IS NOT UNKNOWN"), "true");
    assert_string_equal(ev("f IS NOT FALSE"), "false");
    set_ab(NULL, "1");
    assert_string_equal(ev("a IS NULL"), "true");
    assert_string_equal(ev("a IS NOT NULL"), "false");
    assert_string_equal(ev("b IS NOT NULL"), "true");
    /* comparisons with NULL */
    assert_string_equal(ev("a = b"), "NULL");
    assert_string_equal(ev("a < b OR b = 1"), "true");
}

static void test_in_lists(void **state)
{
    set_ab("3", NULL);
    assert_string_equal(ev("a IN (b, 3)"), "true");
    assert_string_equal(ev("a NOT IN (b, 3)"), "false");
    set(C_A, "4");
    assert_string_equal(ev("a IN (b, 3)"), "NULL");
    assert_string_equal(ev("a NOT IN (b, 3)"), "NULL");
    set_ab("4", "5");
    assert_string_equal(ev("a IN (b, 3)"), "false");
    assert_string_equal(ev("a NOT IN (b, 3)"), "true");
    assert_string_equal(ev("a IN (1, 2, NULL)"), "NULL");
    assert_string_equal(ev("a IN (4, NULL)"), "true");
    set_ab(NULL, "5");
    assert_string_equal(ev("a IN (b, 3)"), "NULL");
    assert_string_equal(ev("a NOT IN (b, 3)"), "NULL");
    /* compared as the common type: int IN (numeric) */
    set_ab("2", "2");
    assert_string_equal(ev("a IN (2.0, 3.5)"), "true");
    assert_string_equal(ev("a IN (1.5, b + 0.5)"), "false");
    /* stops at the first match, the column-free items first (as PostgreSQL's = ANY) */
    set_ab("1", "0");
    assert_string_equal(ev("a IN (1, 10 / b)"), "true");
    assert_string_equal(ev("a IN (10 / b, 1)"), "ERROR 22012");
    assert_string_equal(ev("a IN (10 / b, 1, 2)"), "true");
    assert_string_equal(ev("a NOT IN (10 / b, 1, 2)"), "false");
    set(C_A, "5");
    assert_string_equal(ev("a IN (10 / b, 1, 2)"), "ERROR 22012");
    /* text */
    set(C_S, "b");
    assert_string_equal(ev("s IN ('a', 'b')"), "true");
    set(C_V, "b");
    assert_string_equal(ev("v IN ('a', s)"), "true");
}

static void test_any_all(void **state)
{
    set(C_ARR, "{1,2,NULL}");
    set(C_A, "2");
    assert_string_equal(ev("a = ANY(arr)"), "true");
    assert_string_equal(ev("a = ALL(arr)"), "false");
    set(C_A, "5");
    assert_string_equal(ev("a = ANY(arr)"), "NULL");
    assert_string_equal(ev("a > ALL(arr)"), "NULL");
    assert_string_equal(ev("a <> ALL(arr)"), "NULL");
    set(C_ARR, "{1,2}");
    assert_string_equal(ev("a = ANY(arr)"), "false");
    assert_string_equal(ev("a > ALL(arr)"), "true");
    assert_string_equal(ev("a <> ALL(arr)"), "true");
    set(C_A, "2");
    assert_string_equal(ev("a > ALL(arr)"), "false");
    assert_string_equal(ev("a <= ANY(arr)"), "true");
    /* a NULL array is NULL; an empty one false for ANY and true for ALL even for a NULL operand */
    set(C_ARR, NULL);
    assert_string_equal(ev("a = ANY(arr)"), "NULL");
    set(C_ARR, "{}");
    set(C_A, NULL);
    assert_string_equal(ev("a = ANY(arr)"), "false");
    assert_string_equal(ev("a = ALL(arr)"), "true");
    set(C_ARR, "{1}");
    assert_string_equal(ev("a = ANY(arr)"), "NULL");
    /* text arrays, an array constructor and an array parameter */
    set(C_TS, "{x,y}");
    set(C_S, "y");
    assert_string_equal(ev("s = ANY(ts)"), "true");
    assert_string_equal(ev("s < ANY(ts)"), "false");
    set_ab("3", "4");
    assert_string_equal(ev("a = ANY(ARRAY[b, 3])"), "true");
    param(1, 0, "{7,8,9}");
    set(C_A, "8");
    assert_string_equal(ev("a = ANY($1)"), "true");
    assert_string_equal(ev("a > ANY($1)"), "true");
    assert_string_equal(ev("a >= ALL($1)"), "false");
}

static void test_coalesce_nullif_greatest(void **state)
{
    set_ab("1", "0");
    assert_string_equal(ev("coalesce(a, 10 / b)"), "1");
    set(C_A, NULL);
    assert_string_equal(ev("coalesce(a, 10 / b)"), "ERROR 22012");
    assert_string_equal(ev("coalesce(a, b, 10 / b)"), "0");
    assert_string_equal(ev("coalesce(a, NULL)"), "NULL");
    set(C_N, "2.5");
    assert_string_equal(ev_typed("coalesce(a, n)", OG_OID_NUMERIC), "2.5");
    /* NULLIF: the first value unless equal (as the common type) */
    set_ab("3", "3");
    assert_string_equal(ev("nullif(a, b)"), "NULL");
    set(C_B, NULL);
    assert_string_equal(ev("nullif(a, b)"), "3");
    set(C_B, "4");
    assert_string_equal(ev("nullif(a, b)"), "3");
    set(C_N, "3.0");
    assert_string_equal(ev("nullif(a, n)"), "NULL");
    /* GREATEST / LEAST ignore NULLs */
    set_ab(NULL, "3");
    assert_string_equal(ev("greatest(a, b)"), "3");
    assert_string_equal(ev("least(a, b, 7)"), "3");
    set_ab(NULL, NULL);
    assert_string_equal(ev("greatest(a, b)"), "NULL");
    set_ab("5", "3");
    assert_string_equal(ev("greatest(a, b, 4)"), "5");
    assert_string_equal(ev("least(a, b, 4)"), "3");
    set(C_N, "4.25");
    assert_string_equal(ev_typed("greatest(a, n)", OG_OID_NUMERIC), "5");
    assert_string_equal(ev_typed("least(a, n)", OG_OID_NUMERIC), "4.25");
    /* the first of equal values */
    set(C_N, "5.00");
    assert_string_equal(ev("greatest(n, a)"), "5.00");
    assert_string_equal(ev("greatest(a, n)"), "5");
    set(C_S, "pear");
    set(C_V, "apple");
    assert_string_equal(ev("greatest(s, v, 'fig')"), "pear");
    assert_string_equal(ev("least(s, v, 'fig')"), "apple");
    /* GREATEST evaluates every argument */
    set_ab("5", "0");
    assert_string_equal(ev("greatest(a, 10 / b)"), "ERROR 22012");
}

static void test_is_distinct_from(void **state)
{
    static const struct {
        const char *a, *b, *distinct;
    } cases[] = {
        {NULL, NULL, "false"}, {"1", NULL, "true"}, {NULL, "1", "true"}, {"1", "1", "false"}, {"1", "2", "true"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_ab(cases[i].a, cases[i].b);
        assert_string_equal(ev("a IS DISTINCT FROM b"), cases[i].distinct);
        assert_string_equal(ev("a IS NOT DISTINCT FROM b"), strcmp(cases[i].distinct, "true") ? "true" : "false");
    }
    set(C_A, "2");
    set(C_N, "2.000");
    assert_string_equal(ev("a IS DISTINCT FROM n"), "false");
    set(C_S, "ab");
    set(C_V, "ab");
    assert_string_equal(ev("s IS DISTINCT FROM v"), "false");
}

static void test_casts(void **state)
{
    set(C_S, "abc");
    assert_string_equal(ev("s::int"), "ERROR 22P02");
    set(C_S, " 42 ");
    assert_string_equal(ev_typed("s::int + 1", OG_OID_INT4), "43");
    set(C_S, "99999999999");
    assert_string_equal(ev("s::int"), "ERROR 22003");
    assert_string_equal(ev_typed("s::bigint", OG_OID_INT8), "99999999999");
    /* numeric typmod: rounding half away from zero, 22003 past the precision */
    set(C_N, "1.005");
    assert_string_equal(ev("n::numeric(5,2)"), "1.01");
    set(C_N, "-2.345");
    assert_string_equal(ev("n::numeric(5,2)"), "-2.35");
    set(C_N, "12345.678");
    assert_string_equal(ev("n::numeric(5,2)"), "ERROR 22003");
    set(C_N, "2.5");
    assert_string_equal(ev("n::int"), "3");
    set(C_N, "NaN");
    assert_string_equal(ev("n::int"), "ERROR 0A000");
    /* numbers and dates as text */
    set(C_A, "-7");
    assert_string_equal(ev_typed("a::text || 'x'", OG_OID_TEXT), "-7x");
    set(C_D, "2024-02-28");
    assert_string_equal(ev("d + a"), "2024-02-21");
    assert_string_equal(ev("(d + 1)::text"), "2024-02-29");
    /* varchar(n): an explicit cast truncates, an assignment raises 22001 */
    set(C_S, "abcdef");
    assert_string_equal(ev_typed("s::varchar(3)", OG_OID_VARCHAR), "abc");
    orm_stmt *st = translate("UPDATE t SET v = s WHERE id = 1");
    assert_int_equal(st->query->set_exprs[0]->kind, ORM_EX_CAST);
    set(C_S, "abcdefghijk");
    assert_string_equal(eval_over_t(st, st->query->set_exprs[0], NULL), "ERROR 22001");
    set(C_S, "abcdefghij");
    assert_string_equal(eval_over_t(st, st->query->set_exprs[0], NULL), "abcdefghij");
    orm_stmt_free(st);
    /* text to bool, and back */
    set(C_S, "yes");
    assert_string_equal(ev("s::bool"), "true");
    set(C_S, "maybe");
    assert_string_equal(ev("s::bool"), "ERROR 22P02");
}

static void test_strings(void **state)
{
    set(C_S, "Hello");
    set(C_V, "World");
    assert_string_equal(ev_typed("upper(s) || ' ' || lower(v)", OG_OID_TEXT), "HELLO world");
    assert_string_equal(ev("length(s)"), "5");
    assert_string_equal(ev("substr(s, 2, 3)"), "ell");
    assert_string_equal(ev("s LIKE 'H%'"), "true");
    assert_string_equal(ev("v ILIKE 'w_rld'"), "true");
    assert_string_equal(ev("s || NULL"), "NULL");
    assert_string_equal(ev("concat(s, NULL, v)"), "HelloWorld");
    assert_string_equal(ev("replace(s, 'l', 'L')"), "HeLLo");
    assert_string_equal(ev("s < v"), "true");
    assert_string_equal(ev("position('l' in s)"), "3");
    set(C_V, "é");
    assert_string_equal(ev("length(v) + octet_length(v)"), "3");
}

static void test_arrays(void **state)
{
    set_ab("1", NULL);
    assert_string_equal(ev_typed("ARRAY[a, b, 3]", OG_OID_INT4_ARRAY), "{1,NULL,3}");
    set(C_N, "2.5");
    assert_string_equal(ev_typed("ARRAY[a, n]", OG_OID_NUMERIC_ARRAY), "{1,2.5}");
    set(C_S, "x y");
    assert_string_equal(ev("ARRAY[s, 'z']"), "{\"x y\",z}");
    set(C_ARR, "{4,5}");
    assert_string_equal(ev("array_length(arr, 1) + a"), "3");
    assert_string_equal(ev("arr || a"), "{4,5,1}");
}

static void test_parameters(void **state)
{
    set_ab("40", "1");
    param(1, 0, "2");
    assert_string_equal(ev_typed("a + $1", OG_OID_INT4), "42");
    param(1, OG_OID_INT8, "5000000000");
    assert_string_equal(ev_typed("a + $1", OG_OID_INT8), "5000000040");
    param(1, 0, "abc");
    param(2, 0, NULL);
    set(C_S, "abc");
    assert_string_equal(ev("s = $1"), "true");
    assert_string_equal(ev("coalesce($2, s || '!')"), "abc!");
    assert_string_equal(ev("CASE WHEN $1 = s THEN 'eq' END"), "eq");
    /* a parameter the row does not bind */
    orm_stmt *st = translate("SELECT a + $1 FROM t");
    const og_value *rtes[1] = {trow};
    orm_eval_row row = {rtes, 1, NULL, 0, NULL};
    og_value v;
    og_error err = OG_ERROR_INIT;
    assert_false(orm_eval(st->query->targets[0].expr, &row, &cx, &arena, &v, &err));
    assert_string_equal(err.code, "42P02");
    og_error_clear(&err);
    orm_stmt_free(st);
}

static void test_conditions(void **state)
{
    set_ab("1", "2");
    assert_string_equal(where("a < b"), "true");
    assert_string_equal(where("a > b"), "false");
    set(C_B, NULL);
    assert_string_equal(where("a < b"), "false"); /* NULL is not true */
    assert_string_equal(where("a < b IS UNKNOWN"), "true");
    assert_string_equal(where("NOT (a < b)"), "false");
    set(C_B, "0");
    assert_string_equal(where("a / b = 1"), "ERROR 22012");
    assert_string_equal(where("b <> 0 AND a / b = 1"), "false");
    /* a CHECK is satisfied unless false: orm_eval tells NULL from false */
    set(C_B, NULL);
    assert_string_equal(ev("a < b"), "NULL");
}

/* A correlated reference: the inner query's column of t is one level up. */
static void test_outer_row(void **state)
{
    orm_stmt *st = translate("SELECT (SELECT t.a + u.x FROM u WHERE u.y = t.s) FROM t");
    const orm_expr *sub = st->query->targets[0].expr;
    assert_int_equal(sub->kind, ORM_EX_SUBLINK);
    assert_false(orm_eval_supported(sub));
    const orm_query *inner = sub->u.sub.query;
    const orm_expr *sum = inner->targets[0].expr;
    assert_true(orm_eval_supported(sum));
    assert_int_equal(sum->args[0]->u.column.levelsup, 1);
    set(C_A, "10");
    set(C_S, "k");
    urow[U_X] = decode(OG_OID_INT4, "5");
    urow[U_Y] = decode(OG_OID_TEXT, "k");
    const og_value *outer_rtes[1] = {trow}, *inner_rtes[1] = {urow};
    orm_eval_row outer = {outer_rtes, 1, NULL, 0, NULL};
    orm_eval_row row = {inner_rtes, 1, NULL, 0, &outer};
    og_value v;
    og_error err = OG_ERROR_INIT;
    assert_true(orm_eval(sum, &row, &cx, &arena, &v, &err));
    assert_string_equal(show(true, &v, &err), "15");
    bool match = false;
    assert_true(orm_eval_cond(inner->where, &row, &cx, &arena, &match, &err));
    assert_true(match);
    urow[U_Y] = decode(OG_OID_TEXT, "other");
    assert_true(orm_eval_cond(inner->where, &row, &cx, &arena, &match, &err));
    assert_false(match);
    /* without the enclosing row the reference cannot be evaluated */
    row.outer = NULL;
    assert_false(orm_eval(sum, &row, &cx, &arena, &v, &err));
    assert_string_equal(err.code, "XX000");
    og_error_clear(&err);
    orm_stmt_free(st);
}

/* Hand-built nodes: a column two levels up, and a result that outlives the row it came from. */
static void test_hand_built(void **state)
{
    orm_expr col = {.kind = ORM_EX_COLUMN, .type = OG_OID_TEXT, .typmod = -1};
    col.u.column.levelsup = 2;
    col.u.column.rte = 1;
    col.u.column.col = 0;
    og_value top[1] = {decode(OG_OID_TEXT, "from the top")};
    const og_value *top_rtes[2] = {NULL, top};
    orm_eval_row r2 = {top_rtes, 2, NULL, 0, NULL};
    orm_eval_row r1 = {NULL, 0, NULL, 0, &r2};
    orm_eval_row r0 = {NULL, 0, NULL, 0, &r1};
    og_arena mine;
    og_arena_init(&mine);
    og_value v;
    og_error err = OG_ERROR_INIT;
    assert_true(orm_eval(&col, &r0, &cx, &mine, &v, &err));
    assert_int_equal(v.u.str.len, 12);
    assert_memory_equal(v.u.str.p, "from the top", 12);
    assert_ptr_not_equal(v.u.str.p, top[0].u.str.p); /* copied into the caller's arena */
    /* an entry with no row here */
    col.u.column.rte = 0;
    assert_false(orm_eval(&col, &r0, &cx, &mine, &v, &err));
    assert_string_equal(err.code, "XX000");
    og_error_clear(&err);
    og_arena_reset(&mine);
}

static void test_not_evaluable(void **state)
{
    static const char *const sqls[] = {
        "SELECT count(*) FROM t",
        "SELECT a + sum(b) FROM t GROUP BY a",
        "SELECT EXISTS (SELECT 1 FROM u) FROM t",
        "SELECT row_number() OVER () FROM t",
        "SELECT CASE WHEN a > 0 THEN (SELECT max(x) FROM u) END FROM t",
    };
    for (size_t i = 0; i < sizeof sqls / sizeof sqls[0]; i++) {
        orm_stmt *st = translate(sqls[i]);
        const orm_expr *e = st->query->targets[0].expr;
        assert_false(orm_eval_supported(e));
        const og_value *rtes[1] = {trow};
        orm_eval_row row = {rtes, 1, NULL, 0, NULL};
        og_value v;
        og_error err = OG_ERROR_INIT;
        set(C_A, "1");
        assert_false(orm_eval(e, &row, &cx, &arena, &v, &err));
        assert_string_equal(err.code, "0A000");
        assert_non_null(strstr(err.message, "without the backend"));
        og_error_clear(&err);
        orm_stmt_free(st);
    }
    orm_expr def = {.kind = ORM_EX_DEFAULT, .type = OG_OID_INT4, .typmod = -1};
    assert_false(orm_eval_supported(&def));
    orm_stmt *st = translate("SELECT a IN (1, 2) AND s LIKE 'x%' FROM t");
    assert_true(orm_eval_supported(st->query->targets[0].expr));
    orm_stmt_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_arithmetic, reset_row),
        cmocka_unit_test_setup(test_case_evaluates_only_the_branch_taken, reset_row),
        cmocka_unit_test_setup(test_three_valued_logic, reset_row),
        cmocka_unit_test_setup(test_in_lists, reset_row),
        cmocka_unit_test_setup(test_any_all, reset_row),
        cmocka_unit_test_setup(test_coalesce_nullif_greatest, reset_row),
        cmocka_unit_test_setup(test_is_distinct_from, reset_row),
        cmocka_unit_test_setup(test_casts, reset_row),
        cmocka_unit_test_setup(test_strings, reset_row),
        cmocka_unit_test_setup(test_arrays, reset_row),
        cmocka_unit_test_setup(test_parameters, reset_row),
        cmocka_unit_test_setup(test_conditions, reset_row),
        cmocka_unit_test_setup(test_outer_row, reset_row),
        cmocka_unit_test_setup(test_hand_built, reset_row),
        cmocka_unit_test_setup(test_not_evaluable, reset_row),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
