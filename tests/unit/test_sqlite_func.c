/*
 * tests/unit/test_sqlite_func.c - drivers/sqlite_func.c: PostgreSQL's
 * functions, casts, comparisons and collations inside SQLite.
 *
 * Statements run through drv_sqlite_ops on a real SQLite file with a real
 * libevent loop, exactly as the renderer's SQL will: og_<sym>(types, ...)
 * calls with bound og_values, results read back through result_types and
 * compared exactly, errors by SQLSTATE and words. Catalog entries are found
 * by SQL name and argument types (not by sym), so the tests follow the
 * catalog; a test whose entries are not in the catalog yet is skipped and
 * says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <ftw.h>
#include <math.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "drivers/driver.h"
#include "orm/fn.h"
#include "proxy/textio.h"

static const drv_ops *ops = &drv_sqlite_ops;
static struct event_base *base;
static char tmpdir[64];
static char dsn[128];
static drv_backend *backend;
static drv_conn *conn;

/* ---------- the loop and calls ---------- */

typedef struct call {
    bool done;
    drv_conn *conn;
    drv_result *res;
    og_error err;
} call;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void copy_error(og_error *dst, const og_error *src)
{
    memcpy(dst->code, src->code, sizeof(dst->code));
    dst->severity = src->severity;
    dst->message = dup_or_null(src->message);
    dst->detail = dup_or_null(src->detail);
    dst->hint = dup_or_null(src->hint);
}

static void on_done(void *ctx, drv_result *res, const og_error *err)
{
    call *c = ctx;
    c->done = true;
    c->res = res;
    if (err)
        copy_error(&c->err, err);
}

static void on_lease(void *ctx, drv_conn *cn, const og_error *err)
{
    call *c = ctx;
    c->done = true;
    c->conn = cn;
    if (err)
        copy_error(&c->err, err);
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
}

static void run_until(call *c)
{
    struct event *tick = event_new(base, -1, EV_PERSIST, tick_cb, NULL);
    struct timeval tv = {0, 10000};
    event_add(tick, &tv);
    time_t start = time(NULL);
    while (!c->done) {
        assert_true(time(NULL) - start < 60);
        event_base_loop(base, EVLOOP_ONCE);
    }
    event_free(tick);
}

/* Run sql with params, result types and session context; NULL with *err set on failure. */
static drv_result *exec_cx(const char *sql, const og_value *params, int nparams, const uint32_t *types, int ntypes,
                           const orm_eval_ctx *cx, og_error *err)
{
    call c = {0};
    drv_stmt st = {.sql = sql,
                   .params = params,
                   .nparams = (uint16_t)nparams,
                   .result_types = types,
                   .nresult_types = (uint16_t)ntypes,
                   .cx = cx};
    ops->exec(conn, &st, on_done, &c);
    run_until(&c);
    if (og_error_isset(&c.err)) {
        if (!err)
            fail_msg("exec \"%s\": %s %s (%s)", sql, c.err.code, c.err.message, c.err.detail ? c.err.detail : "");
        og_error_move(err, &c.err);
        return NULL;
    }
    assert_non_null(c.res);
    return c.res;
}

static drv_result *exec_p(const char *sql, const og_value *params, int nparams, const uint32_t *types, int ntypes)
{
    return exec_cx(sql, params, nparams, types, ntypes, NULL, NULL);
}

static void exec_do(const char *sql)
{
    drv_result_free(exec_p(sql, NULL, 0, NULL, 0));
}

/* Expect an error with this SQLSTATE and message (message NULL: any). */
static void expect_err(const char *sql, const og_value *params, int nparams, const char *code, const char *message)
{
    og_error err = OG_ERROR_INIT;
    drv_result *r = exec_cx(sql, params, nparams, NULL, 0, NULL, &err);
    if (r)
        fail_msg("\"%s\" succeeded, wanted %s", sql, code);
    if (strcmp(err.code, code) != 0)
        fail_msg("\"%s\": wanted %s, got %s %s", sql, code, err.code, err.message);
    if (message && strcmp(err.message, message) != 0)
        fail_msg("\"%s\": message \"%s\", wanted \"%s\"", sql, err.message, message);
    og_error_clear(&err);
}

/* ---------- values ---------- */

static og_value v_int(uint32_t oid, int64_t i)
{
    og_value v = {.oid = oid};
    v.u.i = i;
    return v;
}

static og_value v_float(uint32_t oid, double f)
{
    og_value v = {.oid = oid};
    v.u.f = f;
    return v;
}

static og_value v_str(uint32_t oid, const char *s)
{
    og_value v = {.oid = oid};
    v.u.str.p = s;
    v.u.str.len = strlen(s);
    return v;
}

static og_value v_interval(int32_t months, int32_t days, int64_t usec)
{
    og_value v = {.oid = OG_OID_INTERVAL};
    v.u.iv = (og_interval){.usec = usec, .days = days, .months = months};
    return v;
}

/* Row k, column i of a text-like result equals s (NULL: SQL NULL). */
static void assert_text(const drv_result *r, uint32_t k, int i, const char *s)
{
    assert_true(k < r->nrows);
    const og_value *v = &r->rows[k][i];
    if (!s) {
        if (!v->isnull)
            fail_msg("row %u col %d: \"%.*s\", wanted NULL", k, i, (int)v->u.str.len, v->u.str.p);
        return;
    }
    if (v->isnull)
        fail_msg("row %u col %d: NULL, wanted \"%s\"", k, i, s);
    if (v->u.str.len != strlen(s) || memcmp(v->u.str.p, s, v->u.str.len) != 0)
        fail_msg("row %u col %d: \"%.*s\", wanted \"%s\"", k, i, (int)v->u.str.len, v->u.str.p, s);
}

/* One text value of a one-row, one-column statement. */
static void expect_text(const char *sql, const og_value *params, int nparams, uint32_t type, const char *want)
{
    drv_result *r = exec_p(sql, params, nparams, &type, 1);
    assert_int_equal(r->nrows, 1);
    assert_int_equal(r->cols[0].type_oid, type);
    assert_text(r, 0, 0, want);
    drv_result_free(r);
}

static int64_t query_int(const char *sql, const og_value *params, int nparams)
{
    uint32_t t = OG_OID_INT8;
    drv_result *r = exec_p(sql, params, nparams, &t, 1);
    assert_int_equal(r->nrows, 1);
    assert_false(r->rows[0][0].isnull);
    int64_t v = r->rows[0][0].u.i;
    drv_result_free(r);
    return v;
}

/* ---------- the catalog ---------- */

/* The sym of the entry name(args...) with an evaluator (scalar or aggregate), or NULL. */
static const char *sym_of(const char *name, bool agg, int nargs, ...)
{
    uint32_t want[ORM_FN_MAXARGS] = {0};
    va_list ap;
    va_start(ap, nargs);
    for (int k = 0; k < nargs; k++)
        want[k] = va_arg(ap, uint32_t);
    va_end(ap);
    for (size_t i = 0; i < orm_fn_count(); i++) {
        const orm_fn *fn = orm_fn_at(i);
        if (strcmp(fn->name, name) != 0 || fn->nargs != nargs || (agg ? !fn->agg : !fn->impl))
            continue;
        if (!memcmp(fn->args, want, (size_t)nargs * sizeof(uint32_t)))
            return fn->sym;
    }
    return NULL;
}

#define NEED(var, expr, what)                                                                                          \
    const char *var = (expr);                                                                                          \
    if (!var) {                                                                                                        \
        print_message("    (skipped: %s is not in the catalog yet)\n", what);                                          \
        skip();                                                                                                        \
    }

/* ---------- fixtures ---------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

static int setup(void **state)
{
    px_textio_install();
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/og-sqfn-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(dsn, sizeof(dsn), "%s/%%d.sqlite3", tmpdir);
    base = event_base_new();
    if (!base)
        return -1;
    drv_config cfg = {.database = "fn", .dsn = dsn, .pool_size = 1};
    og_error err = OG_ERROR_INIT;
    backend = ops->open(&cfg, base, &err);
    if (!backend) {
        print_error("open: %s %s\n", err.code, err.message);
        og_error_clear(&err);
        return -1;
    }
    call c = {0};
    ops->lease(backend, on_lease, &c);
    run_until(&c);
    if (og_error_isset(&c.err)) {
        print_error("lease: %s %s\n", c.err.code, c.err.message);
        og_error_clear(&c.err);
        return -1;
    }
    conn = c.conn;
    return 0;
}

static int teardown(void **state)
{
    if (conn)
        ops->release(conn);
    conn = NULL;
    if (backend)
        ops->close(backend);
    backend = NULL;
    event_base_free(base);
    base = NULL;
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* ---------- scalar functions ---------- */

static void test_scalar_calls(void **state)
{
    NEED(lower, sym_of("lower", false, 1, OG_OID_TEXT), "lower(text)");
    char sql[256];
    og_value p[] = {v_str(OG_OID_TEXT, "H\xc3\x89LLO World")};
    snprintf(sql, sizeof(sql), "SELECT og_%s('25:25', ?1)", lower);
    expect_text(sql, p, 1, OG_OID_TEXT, "h\xc3\x89llo world"); /* C collation: ASCII only */
    snprintf(sql, sizeof(sql), "SELECT og_%s(?1)", lower);     /* the short form: declared types */
    expect_text(sql, p, 1, OG_OID_TEXT, "h\xc3\x89llo world");
    /* STRICT: NULL in, NULL out, without calling the evaluator */
    snprintf(sql, sizeof(sql), "SELECT og_%s('25:25', NULL)", lower);
    expect_text(sql, NULL, 0, OG_OID_TEXT, NULL);
    /* calls nest: a result comes back in the storage encoding its argument wants */
    NEED(upper, sym_of("upper", false, 1, OG_OID_TEXT), "upper(text)");
    snprintf(sql, sizeof(sql), "SELECT og_%s('25:25', og_%s('25:25', 'aBc'))", lower, upper);
    expect_text(sql, NULL, 0, OG_OID_TEXT, "abc");
    /* the types list is parsed once per execution: many rows, one statement */
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000) "
             "SELECT count(*) FROM c WHERE og_%s('25:25', 'X' || i) = 'x' || i",
             lower);
    assert_int_equal(query_int(sql, NULL, 0), 20000);
}

static void test_variadic_and_result_types(void **state)
{
    NEED(concat, sym_of("concat", false, 1, ORM_T_ANY), "concat(any...)");
    char sql[256];
    /* pseudo-types resolved by the caller: text, int4, bool, numeric, NULL text */
    snprintf(sql, sizeof(sql), "SELECT og_%s('25:25,23,16,1700,25', 'a', 42, 1, '1.50', NULL)", concat);
    expect_text(sql, NULL, 0, OG_OID_TEXT, "a42t1.50");
    NEED(len, sym_of("length", false, 1, OG_OID_TEXT), "length(text)");
    snprintf(sql, sizeof(sql), "SELECT og_%s('23:25', ?1), typeof(og_%s('23:25', ?1))", len, len);
    og_value p[] = {v_str(OG_OID_TEXT, "h\xc3\xa9!")};
    uint32_t types[] = {OG_OID_INT4, OG_OID_TEXT};
    drv_result *r = exec_p(sql, p, 1, types, 2);
    assert_int_equal(r->rows[0][0].u.i, 3); /* characters, not bytes */
    assert_text(r, 0, 1, "integer");        /* int4 is stored as INTEGER */
    drv_result_free(r);
    NEED(like, sym_of("~~", false, 2, OG_OID_TEXT, OG_OID_TEXT), "text ~~ text");
    snprintf(sql, sizeof(sql), "SELECT og_%s('16:25,25', 'abc', 'a%%'), typeof(og_%s('16:25,25', 'abc', 'x%%'))", like,
             like);
    uint32_t bt[] = {OG_OID_BOOL, OG_OID_TEXT};
    r = exec_p(sql, NULL, 0, bt, 2);
    assert_true(r->rows[0][0].u.b);
    assert_text(r, 0, 1, "integer"); /* bool is INTEGER 0/1 */
    drv_result_free(r);
}

static void test_numeric(void **state)
{
    NEED(add, sym_of("+", false, 2, OG_OID_NUMERIC, OG_OID_NUMERIC), "numeric + numeric");
    NEED(dv, sym_of("/", false, 2, OG_OID_NUMERIC, OG_OID_NUMERIC), "numeric / numeric");
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT og_%s('1700:1700,1700', ?1, ?2)", add);
    og_value p[] = {v_str(OG_OID_NUMERIC, "0.10"), v_str(OG_OID_NUMERIC, "12345678901234567890.205")};
    expect_text(sql, p, 2, OG_OID_NUMERIC, "12345678901234567890.305"); /* exact, scale kept */
    /* numeric arguments in other storage: INTEGER, REAL, non-canonical text */
    og_value q[] = {v_int(OG_OID_INT8, 2), v_str(OG_OID_TEXT, " 1.50e1 ")};
    expect_text(sql, q, 2, OG_OID_NUMERIC, "17.0");
    og_value n[] = {v_str(OG_OID_NUMERIC, "1"), og_value_null(OG_OID_NUMERIC)};
    expect_text(sql, n, 2, OG_OID_NUMERIC, NULL);
    /* the result is TEXT in the column: stored numeric, not a REAL */
    snprintf(sql, sizeof(sql), "SELECT typeof(og_%s('1700:1700,1700', '1', '2'))", add);
    expect_text(sql, NULL, 0, OG_OID_TEXT, "text");
    snprintf(sql, sizeof(sql), "SELECT og_%s('1700:1700,1700', ?1, ?2)", dv);
    og_value z[] = {v_str(OG_OID_NUMERIC, "1"), v_str(OG_OID_NUMERIC, "0.00")};
    expect_err(sql, z, 2, "22012", "division by zero");
    /* an error in a later row stops the statement with that error too */
    snprintf(sql, sizeof(sql), "SELECT og_%s('1700:1700,1700', '1', column1) FROM (VALUES ('2'), ('0'))", dv);
    expect_err(sql, NULL, 0, "22012", "division by zero");
}

/* ---------- errors ---------- */

static void test_errors(void **state)
{
    NEED(lower, sym_of("lower", false, 1, OG_OID_TEXT), "lower(text)");
    char sql[256];
    /* a types list that does not fit is the renderer's bug */
    snprintf(sql, sizeof(sql), "SELECT og_%s('25', 'a')", lower);
    expect_err(sql, NULL, 0, "XX000", NULL);
    snprintf(sql, sizeof(sql), "SELECT og_%s('25:x', 'a')", lower);
    expect_err(sql, NULL, 0, "XX000", NULL);
    snprintf(sql, sizeof(sql), "SELECT og_%s('25:25', 'a', 'b')", lower); /* no such arity */
    expect_err(sql, NULL, 0, "42883", NULL);
    expect_err("SELECT og_no_such_function('25:25', 1)", NULL, 0, "42883",
               "function og_no_such_function does not exist");
    /* an argument that does not read as its type: the type's own error */
    expect_err("SELECT og_cmp(1700, 'abc', '1')", NULL, 0, "22P02", "invalid input syntax for type numeric: \"abc\"");
    expect_err("SELECT og_cmp(2950, x'00ff', x'00ff')", NULL, 0, "42804",
               "cannot read a SQLite BLOB value as type uuid");
}

/* Errors keep SQLSTATE, message, detail and hint through SQLite. */
static void test_error_fields(void **state)
{
    og_error err = OG_ERROR_INIT;
    /* an array argument that is not our JSON: 22P02 with a detail */
    drv_result *r = exec_cx("SELECT og_cmp(1007, 'not json', '[1]')", NULL, 0, NULL, 0, NULL, &err);
    assert_null(r);
    assert_string_equal(err.code, "22P02");
    assert_string_equal(err.message, "malformed array literal: \"not json\"");
    assert_non_null(err.detail);
    assert_string_equal(err.detail, "The SQLite backend stores integer[] as a JSON array of integer.");
    og_error_clear(&err);
    /* a hint too, and a message with bytes that would confuse a separator */
    r = exec_cx("SELECT og_cast('25:23:-1', 'a')", NULL, 0, NULL, 0, NULL, &err);
    assert_null(r);
    assert_string_equal(err.code, "XX000");
    assert_string_equal(err.message, "og_cast: malformed types argument \"25:23:-1\"");
    assert_non_null(err.hint);
    assert_string_equal(err.hint, "og_cast wants 'FROM:TO:TYPMOD:E' (type OIDs, typmod, 1 explicit / 0 assignment).");
    og_error_clear(&err);
    r = exec_cx("SELECT og_cmp(1007, '[1]', 'x:1:2:\x1f\"')", NULL, 0, NULL, 0, NULL, &err);
    assert_null(r);
    assert_string_equal(err.code, "22P02");
    assert_string_equal(err.message, "malformed array literal: \"x:1:2:\x1f\"\"");
    og_error_clear(&err);
    /* bytes that look like our own encoding but are SQLite's message of someone else's function */
    r = exec_cx("SELECT og_cast('25:23:-1:1', 'og:22012:1:0:0:x')", NULL, 0, NULL, 0, NULL, &err);
    assert_null(r);
    assert_string_equal(err.code, "22P02");
    assert_string_equal(err.message, "invalid input syntax for type integer: \"og:22012:1:0:0:x\"");
    og_error_clear(&err);
}

/* ---------- og_cast ---------- */

static void test_cast(void **state)
{
    expect_text("SELECT og_cast('25:25:-1:1', NULL)", NULL, 0, OG_OID_TEXT, NULL);
    uint32_t t4 = OG_OID_INT4;
    drv_result *r = exec_p("SELECT og_cast('25:23:-1:1', ' 42 ')", NULL, 0, &t4, 1);
    assert_int_equal(r->rows[0][0].u.i, 42);
    drv_result_free(r);
    expect_err("SELECT og_cast('25:23:-1:1', 'abc')", NULL, 0, "22P02",
               "invalid input syntax for type integer: \"abc\"");
    expect_err("SELECT og_cast('25:23:-1:1', '99999999999')", NULL, 0, "22003", NULL);
    /* typmods: numeric(6,2) rounds, varchar(3) truncates when explicit, fails on assignment */
    expect_text("SELECT og_cast('1700:1700:393222:1', '123.456')", NULL, 0, OG_OID_NUMERIC, "123.46");
    expect_err("SELECT og_cast('1700:1700:393222:1', '12345.6')", NULL, 0, "22003", NULL);
    expect_text("SELECT og_cast('25:1043:7:1', 'abcdef')", NULL, 0, OG_OID_VARCHAR, "abc");
    expect_err("SELECT og_cast('25:1043:7:0', 'abcdef')", NULL, 0, "22001", NULL);
    /* malformed types */
    expect_err("SELECT og_cast('25:23', '1')", NULL, 0, "XX000", NULL);
    expect_err("SELECT og_cast('25:23:-1:2', '1')", NULL, 0, "XX000", NULL);
}

/* A cast to the same type is the identity: every type comes back exactly as it was bound. */
static void test_cast_identity_every_type(void **state)
{
    og_value vals[] = {
        v_int(OG_OID_INT2, -32768),
        v_int(OG_OID_INT8, INT64_MIN),
        v_float(OG_OID_FLOAT8, -0.0),
        v_float(OG_OID_FLOAT8, NAN),
        v_str(OG_OID_NUMERIC, "-12.50"),
        v_str(OG_OID_TEXT, "h\xc3\xa9"),
        v_int(OG_OID_TIMESTAMPTZ, 1234567890123456),
        v_int(OG_OID_DATE, INT32_MIN),
        v_interval(14, -3, -6500000),
    };
    for (size_t k = 0; k < sizeof(vals) / sizeof(vals[0]); k++) {
        char sql[160];
        snprintf(sql, sizeof(sql), "SELECT og_cast('%u:%u:-1:1', ?1), quote(og_cast('%u:%u:-1:1', ?1)) = quote(?1)",
                 vals[k].oid, vals[k].oid, vals[k].oid, vals[k].oid);
        uint32_t types[] = {vals[k].oid, OG_OID_BOOL};
        drv_result *r = exec_p(sql, &vals[k], 1, types, 2);
        assert_int_equal(r->nrows, 1);
        if (!r->rows[0][1].u.b)
            fail_msg("%s: stored differently from the bound value", og_type_name(vals[k].oid));
        const og_value *got = &r->rows[0][0];
        assert_false(got->isnull);
        switch (vals[k].oid) {
        case OG_OID_FLOAT8:
            assert_true(isnan(vals[k].u.f) ? isnan(got->u.f) : !memcmp(&got->u.f, &vals[k].u.f, sizeof(double)));
            break;
        case OG_OID_NUMERIC:
        case OG_OID_TEXT:
            assert_int_equal(got->u.str.len, vals[k].u.str.len);
            assert_memory_equal(got->u.str.p, vals[k].u.str.p, got->u.str.len);
            break;
        case OG_OID_INTERVAL:
            assert_memory_equal(&got->u.iv, &vals[k].u.iv, sizeof(og_interval));
            break;
        default:
            assert_int_equal(got->u.i, vals[k].u.i);
        }
        drv_result_free(r);
    }
}

/* ---------- og_cmp ---------- */

static void test_cmp(void **state)
{
    assert_int_equal(query_int("SELECT og_cmp(1700, '1.0', '1.00')", NULL, 0), 0);
    assert_int_equal(query_int("SELECT og_cmp('1700', '9', '10')", NULL, 0), -1);
    assert_int_equal(query_int("SELECT og_cmp(1700, 'NaN', 'Infinity')", NULL, 0), 1);
    assert_int_equal(query_int("SELECT og_cmp(1007, '[1,2]', '[1,3]')", NULL, 0), -1);
    assert_int_equal(query_int("SELECT og_cmp(1007, '[1,2,0]', '[1,2]')", NULL, 0), 1);
    assert_int_equal(query_int("SELECT og_cmp(1186, 'P1M', 'P30D')", NULL, 0), 0);
    assert_int_equal(query_int("SELECT og_cmp(1186, 'PT-1S', 'PT0S')", NULL, 0), -1);
    assert_int_equal(query_int("SELECT og_cmp(1700, NULL, '1') IS NULL", NULL, 0), 1);
    expect_err("SELECT og_cmp('x', 1, 2)", NULL, 0, "XX000", NULL);
}

/* ---------- collations ---------- */

static void test_collation_numeric(void **state)
{
    exec_do("CREATE TABLE n (id INTEGER PRIMARY KEY, x NUMERIC TEXT)");
    static const char *const ins[] = {"9",        "10",  "1.0",  "1.00", "-2", "NaN",    "-Infinity",
                                      "Infinity", "0.5", "-0.5", "1e1",  "0",  "-10.25", "100"};
    for (size_t k = 0; k < sizeof(ins) / sizeof(ins[0]); k++) {
        og_value p = v_str(OG_OID_TEXT, ins[k]);
        drv_result_free(exec_p("INSERT INTO n (x) VALUES (?1)", &p, 1, NULL, 0));
    }
    uint32_t t = OG_OID_TEXT;
    drv_result *r = exec_p("SELECT x FROM n ORDER BY x COLLATE og_numeric, id", NULL, 0, &t, 1);
    static const char *const want[] = {"-Infinity", "-10.25", "-2", "-0.5", "0",   "0.5",      "1.0",
                                       "1.00",      "9",      "10", "1e1",  "100", "Infinity", "NaN"};
    assert_int_equal(r->nrows, sizeof(want) / sizeof(want[0]));
    for (uint32_t k = 0; k < r->nrows; k++)
        assert_text(r, k, 0, want[k]);
    drv_result_free(r);
    /* GROUP BY and DISTINCT: equal values are one group */
    assert_int_equal(query_int("SELECT count(*) FROM (SELECT x FROM n GROUP BY x COLLATE og_numeric)", NULL, 0), 12);
    assert_int_equal(query_int("SELECT count(DISTINCT x COLLATE og_numeric) FROM n", NULL, 0), 12);
    assert_int_equal(query_int("SELECT count(*) FROM n WHERE x = '10.000' COLLATE og_numeric", NULL, 0), 2);
    assert_int_equal(query_int("SELECT count(*) FROM n WHERE x > '9.5' COLLATE og_numeric", NULL, 0), 5);
    /* an index with the collation serves the same order */
    exec_do("CREATE INDEX n_x ON n (x COLLATE og_numeric)");
    assert_int_equal(query_int("SELECT count(*) FROM n WHERE x COLLATE og_numeric BETWEEN '-1' AND '1'", NULL, 0), 5);
}

static void test_collation_interval(void **state)
{
    exec_do("CREATE TABLE i (id INTEGER PRIMARY KEY, x INTERVAL)");
    static const char *const ins[] = {"P1Y",   "P11M", "P1M",  "P30D",    "PT24H", "P1D",
                                      "PT-1S", "PT0S", "P-1D", "P1MT-1S", "PT1.5S"};
    for (size_t k = 0; k < sizeof(ins) / sizeof(ins[0]); k++) {
        og_value p = v_str(OG_OID_TEXT, ins[k]);
        drv_result_free(exec_p("INSERT INTO i (x) VALUES (?1)", &p, 1, NULL, 0));
    }
    uint32_t t = OG_OID_TEXT;
    drv_result *r = exec_p("SELECT x FROM i ORDER BY x COLLATE og_interval, id", NULL, 0, &t, 1);
    static const char *const want[] = {"P-1D",    "PT-1S", "PT0S", "PT1.5S", "PT24H", "P1D",
                                       "P1MT-1S", "P1M",   "P30D", "P11M",   "P1Y"};
    assert_int_equal(r->nrows, sizeof(want) / sizeof(want[0]));
    for (uint32_t k = 0; k < r->nrows; k++)
        assert_text(r, k, 0, want[k]);
    drv_result_free(r);
    assert_int_equal(query_int("SELECT count(*) FROM (SELECT 1 FROM i GROUP BY x COLLATE og_interval)", NULL, 0), 9);
}

/* ---------- the session context ---------- */

static void test_eval_context(void **state)
{
    /* timestamptz -> text depends on TimeZone */
    og_value ts = v_int(OG_OID_TIMESTAMPTZ, 0); /* 2000-01-01 00:00:00 UTC */
    const char *sql = "SELECT og_cast('1184:25:-1:1', ?1)";
    uint32_t t = OG_OID_TEXT;
    orm_eval_ctx paris = {.timezone = "Europe/Paris", .now_usec = 86400000000, .stmt_usec = 86400000000};
    drv_result *r = exec_cx(sql, &ts, 1, &t, 1, &paris, NULL);
    assert_text(r, 0, 0, "2000-01-01 01:00:00+01");
    drv_result_free(r);
    r = exec_cx(sql, &ts, 1, &t, 1, NULL, NULL); /* no context: UTC */
    assert_text(r, 0, 0, "2000-01-01 00:00:00+00");
    drv_result_free(r);
    orm_eval_ctx ny = {.timezone = "America/New_York"};
    r = exec_cx(sql, &ts, 1, &t, 1, &ny, NULL);
    assert_text(r, 0, 0, "1999-12-31 19:00:00-05");
    drv_result_free(r);
    /* now(): the transaction time of the context */
    NEED(now, sym_of("now", false, 0), "now()");
    char q[128];
    snprintf(q, sizeof(q), "SELECT og_%s('1184:')", now);
    uint32_t tz = OG_OID_TIMESTAMPTZ;
    r = exec_cx(q, NULL, 0, &tz, 1, &paris, NULL);
    assert_int_equal(r->rows[0][0].u.i, paris.now_usec);
    drv_result_free(r);
}

/* ---------- aggregates and window functions ---------- */

static void test_aggregates(void **state)
{
    NEED(sum, sym_of("sum", true, 1, OG_OID_NUMERIC), "sum(numeric)");
    exec_do("CREATE TABLE a (id INTEGER PRIMARY KEY, g INT4, x NUMERIC TEXT)");
    exec_do("INSERT INTO a (g, x) VALUES (1, '0.1'), (1, '0.20'), (1, NULL), (2, '1e20'), (2, '1'), (3, NULL)");
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT g, og_%s('1700:1700', x) FROM a GROUP BY g ORDER BY g", sum);
    uint32_t types[] = {OG_OID_INT4, OG_OID_NUMERIC};
    drv_result *r = exec_p(sql, NULL, 0, types, 2);
    assert_int_equal(r->nrows, 3);
    assert_text(r, 0, 1, "0.30");
    assert_text(r, 1, 1, "100000000000000000001");
    assert_text(r, 2, 1, NULL); /* only NULLs: NULL */
    drv_result_free(r);
    /* an empty input: one row, NULL */
    snprintf(sql, sizeof(sql), "SELECT og_%s('1700:1700', x) FROM a WHERE 0", sum);
    expect_text(sql, NULL, 0, OG_OID_NUMERIC, NULL);
    /* DISTINCT through the short form (SQLite: one-argument aggregates only) */
    exec_do("INSERT INTO a (g, x) VALUES (4, '0.1'), (4, '0.10'), (4, '2')");
    snprintf(sql, sizeof(sql), "SELECT og_%s(DISTINCT x COLLATE og_numeric) FROM a WHERE g = 4", sum);
    expect_text(sql, NULL, 0, OG_OID_NUMERIC, "2.1");
}

/* Aggregates over pseudo-types (the types list gives the concrete ones), without arguments, and
 * with two arguments as window functions. */
static void test_aggregates_more(void **state)
{
    NEED(arr, sym_of("array_agg", true, 1, ORM_T_ANYNONARRAY), "array_agg(anynonarray)");
    NEED(cnt, sym_of("count", true, 0), "count(*)");
    NEED(sagg, sym_of("string_agg", true, 2, OG_OID_TEXT, OG_OID_TEXT), "string_agg(text, text)");
    exec_do("CREATE TABLE s (id INTEGER PRIMARY KEY, i INT4, t TEXT)");
    exec_do("INSERT INTO s (i, t) VALUES (3, 'a'), (NULL, 'b'), (1, NULL), (-7, 'd')");
    char sql[512];
    snprintf(sql, sizeof(sql), "SELECT og_%s('1007:23', i), typeof(og_%s('1007:23', i)) FROM s", arr, arr);
    uint32_t types[] = {OG_OID_INT4_ARRAY, OG_OID_TEXT};
    drv_result *r = exec_p(sql, NULL, 0, types, 2);
    const og_value *a = &r->rows[0][0];
    assert_false(a->isnull);
    assert_int_equal(a->u.arr.n, 4); /* NULLs included, input order */
    assert_int_equal(a->u.arr.elems[0].u.i, 3);
    assert_true(a->u.arr.elems[1].isnull);
    assert_int_equal(a->u.arr.elems[3].u.i, -7);
    assert_text(r, 0, 1, "text"); /* arrays are JSON text */
    drv_result_free(r);
    snprintf(sql, sizeof(sql), "SELECT og_%s(), og_%s('20:') FROM s WHERE id > 1", cnt, cnt);
    uint32_t it[] = {OG_OID_INT8, OG_OID_INT8};
    r = exec_p(sql, NULL, 0, it, 2);
    assert_int_equal(r->rows[0][0].u.i, 3);
    assert_int_equal(r->rows[0][1].u.i, 3);
    drv_result_free(r);
    snprintf(sql, sizeof(sql), "SELECT og_%s() FROM s WHERE 0", cnt); /* an empty group: 0, not NULL */
    assert_int_equal(query_int(sql, NULL, 0), 0);
    snprintf(sql, sizeof(sql),
             "SELECT ogw_%s('25:25,25', t, '+') OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) "
             "FROM s ORDER BY id",
             sagg);
    uint32_t tt = OG_OID_TEXT;
    r = exec_p(sql, NULL, 0, &tt, 1);
    static const char *const want[] = {"a", "a+b", "b", "d"};
    assert_int_equal(r->nrows, 4);
    for (uint32_t k = 0; k < 4; k++)
        assert_text(r, k, 0, want[k]);
    drv_result_free(r);
}

static void test_window(void **state)
{
    NEED(sum, sym_of("sum", true, 1, OG_OID_NUMERIC), "sum(numeric)");
    exec_do("CREATE TABLE w (id INTEGER PRIMARY KEY, p INT4, x NUMERIC TEXT)");
    exec_do("INSERT INTO w (p, x) VALUES (1, '1'), (1, '2.5'), (1, NULL), (1, '4'), (2, '10'), (2, '0.01')");
    char sql[512];
    /* the default frame (running sum), a sliding frame (xInverse) and a whole partition */
    snprintf(sql, sizeof(sql),
             "SELECT ogw_%s('1700:1700', x) OVER (PARTITION BY p ORDER BY id), "
             "ogw_%s('1700:1700', x) OVER (PARTITION BY p ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), "
             "ogw_%s('1700:1700', x) OVER (PARTITION BY p) "
             "FROM w ORDER BY id",
             sum, sum, sum);
    uint32_t types[] = {OG_OID_NUMERIC, OG_OID_NUMERIC, OG_OID_NUMERIC};
    drv_result *r = exec_p(sql, NULL, 0, types, 3);
    static const char *const want[][3] = {
        {"1", "1", "7.5"},   {"3.5", "3.5", "7.5"}, {"3.5", "2.5", "7.5"},
        {"7.5", "4", "7.5"}, {"10", "10", "10.01"}, {"10.01", "10.01", "10.01"},
    };
    assert_int_equal(r->nrows, 6);
    for (uint32_t k = 0; k < 6; k++)
        for (int i = 0; i < 3; i++)
            assert_text(r, k, i, want[k][i]);
    drv_result_free(r);
    /* a frame that empties: NULL, as PostgreSQL's sum over no rows */
    snprintf(sql, sizeof(sql),
             "SELECT ogw_%s('1700:1700', x) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) "
             "FROM w WHERE p = 1 ORDER BY id",
             sum);
    r = exec_p(sql, NULL, 0, types, 1);
    assert_int_equal(r->nrows, 4);
    assert_text(r, 0, 0, "2.5");
    assert_text(r, 1, 0, NULL);
    assert_text(r, 2, 0, "4");
    assert_text(r, 3, 0, NULL);
    drv_result_free(r);
    /* a long sliding frame: rows leave the kept frame (and their memory is reclaimed) as it moves */
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3000) "
             "SELECT count(*), sum(CAST(v AS INTEGER)) FROM (SELECT ogw_%s('1700:1700', CAST(i AS TEXT)) "
             "OVER (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS v FROM c)",
             sum);
    uint32_t it[] = {OG_OID_INT8, OG_OID_INT8};
    r = exec_p(sql, NULL, 0, it, 2);
    assert_int_equal(r->rows[0][0].u.i, 3000);
    assert_int_equal(r->rows[0][1].u.i, 13495501); /* 1 + 3 + sum(3i - 3, i = 3..3000) */
    drv_result_free(r);
    /* og_ (no window support: nothing kept per row) in OVER is refused by SQLite */
    snprintf(sql, sizeof(sql), "SELECT og_%s('1700:1700', x) OVER () FROM w", sum);
    expect_err(sql, NULL, 0, "XX000", NULL);
}

/* ogo_<sym>(types, spec, args..., keys...): ORDER BY and DISTINCT inside the call, sorted by the
 * driver (stable, PostgreSQL's order of each key's type, NULLS as asked). */
static void test_ordered_aggregates(void **state)
{
    NEED(sagg, sym_of("string_agg", true, 2, OG_OID_TEXT, OG_OID_TEXT), "string_agg(text, text)");
    NEED(arr, sym_of("array_agg", true, 1, ORM_T_ANYNONARRAY), "array_agg(anynonarray)");
    NEED(sum, sym_of("sum", true, 1, OG_OID_NUMERIC), "sum(numeric)");
    exec_do("CREATE TABLE o (id INTEGER PRIMARY KEY, g INT4, t TEXT, x NUMERIC TEXT)");
    exec_do("INSERT INTO o (g, t, x) VALUES (1, 'b', '10'), (1, NULL, '9.5'), (1, 'a', NULL), (1, 'b', '1.50'), "
            "(2, 'c', '2'), (2, 'c', '2.0')");
    char sql[512];
    uint32_t tt[] = {OG_OID_INT4, OG_OID_TEXT, OG_OID_TEXT, OG_OID_TEXT};
    /* numeric keys by value ('9.5' < '10'), descending with NULLS FIRST; text keys; ties stay in input order */
    snprintf(sql, sizeof(sql),
             "SELECT g, ogo_%s('25:25,25', '0:1700DF', t, ',', x), ogo_%s('25:25,25', '0:25AF,1700AL', t, '-', t, x), "
             "ogo_%s('25:25,25', '0:23AL', t, '/', g) FROM o GROUP BY g ORDER BY g",
             sagg, sagg, sagg);
    drv_result *r = exec_p(sql, NULL, 0, tt, 4);
    assert_int_equal(r->nrows, 2);
    assert_text(r, 0, 1, "a,b,b"); /* NULL x first (a), 10 (b), 9.5 (NULL t: skipped), 1.50 (b) */
    assert_text(r, 1, 1, "c,c");
    drv_result_free(r);
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('25:25,25', '0:1700DF', coalesce(t, '-'), ',', x) FROM o WHERE g = 1",
             sagg);
    expect_text(sql, NULL, 0, OG_OID_TEXT, "a,b,-,b");
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('25:25,25', '0:25AF,1700AL', coalesce(t, 'z'), '-', t, x) FROM o", sagg);
    expect_text(sql, NULL, 0, OG_OID_TEXT, "z-a-b-b-c-c");
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('25:25,25', '0:23DL', t, '/', g) FROM o", sagg);
    expect_text(sql, NULL, 0, OG_OID_TEXT, "c/c/b/a/b"); /* stable: input order within g */
    /* DISTINCT: sorted by the keys, then by the arguments, equal neighbours skipped ('2' = '2.0') */
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('25:25,25', '1:25DL', t, '+', t) FROM o", sagg);
    expect_text(sql, NULL, 0, OG_OID_TEXT, "c+b+a");
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('1700:1700', '1:', x) FROM o", sum);
    expect_text(sql, NULL, 0, OG_OID_NUMERIC, "23.00");
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('1009:25', '1:', t) FROM o", arr); /* NULL sorts last, kept once */
    expect_text(sql, NULL, 0, OG_OID_TEXT, "[\"a\",\"b\",\"c\",null]");
    /* FILTER, and an empty group (NULL; count(*) would give 0) */
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('25:25,25', '0:23AL', t, ',', id) FILTER (WHERE g = 2) FROM o", sagg);
    expect_text(sql, NULL, 0, OG_OID_TEXT, "c,c");
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('25:25,25', '0:23AL', t, ',', id) FROM o WHERE 0", sagg);
    expect_text(sql, NULL, 0, OG_OID_TEXT, NULL);
    /* many rows: the merge sort across runs */
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000) "
             "SELECT ogo_%s('1007:23', '0:23DL', i, (i * 7919) %% 2000) FROM c",
             arr);
    uint32_t at = OG_OID_INT4_ARRAY;
    r = exec_p(sql, NULL, 0, &at, 1);
    const og_value *a = &r->rows[0][0];
    assert_int_equal(a->u.arr.n, 2000);
    for (uint32_t k = 0; k < 2000; k++) /* the keys are a permutation of 0..1999, in descending order */
        assert_int_equal((a->u.arr.elems[k].u.i * 7919) % 2000, 1999 - k);
    drv_result_free(r);
    /* a malformed spec is the renderer's bug */
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('25:25,25', '0:25XL', t, ',', t) FROM o", sagg);
    expect_err(sql, NULL, 0, "XX000", NULL);
    snprintf(sql, sizeof(sql), "SELECT ogo_%s('25:25,25', '0:25AL', t, ',') FROM o", sagg);
    expect_err(sql, NULL, 0, "XX000", NULL);
}

/* og_json_each(doc, mode): jsonb_array_elements, jsonb_each, their _text and json variants. */
static void test_json_each(void **state)
{
    uint32_t tt[] = {OG_OID_TEXT, OG_OID_TEXT, OG_OID_INT8};
    drv_result *r =
        exec_p("SELECT key, value, ord FROM og_json_each('[1, {\"a\" :  2.50}, \"x\\\"y\", null]', 4)", NULL, 0, tt, 3);
    static const char *const want[] = {"1", "{\"a\" :  2.50}", "\"x\\\"y\"", "null"};
    assert_int_equal(r->nrows, 4);
    for (uint32_t k = 0; k < 4; k++) {
        assert_text(r, k, 0, NULL);
        assert_text(r, k, 1, want[k]);
        assert_int_equal(r->rows[k][2].u.i, k + 1);
    }
    drv_result_free(r);
    /* _text: strings de-escaped, null as NULL; objects: keys de-escaped, document order */
    r = exec_p("SELECT key, value FROM og_json_each('{\"a\": \"x\\\"y\", \"b\\\\c\": null, \"cc\": [1, 2]}', 3)", NULL,
               0, tt, 2);
    assert_int_equal(r->nrows, 3);
    assert_text(r, 0, 0, "a");
    assert_text(r, 0, 1, "x\"y");
    assert_text(r, 1, 0, "b\\c");
    assert_text(r, 1, 1, NULL);
    assert_text(r, 2, 1, "[1, 2]");
    drv_result_free(r);
    /* NULL: no rows; lateral over a column of an earlier FROM item */
    assert_int_equal(query_int("SELECT count(*) FROM og_json_each(NULL, 0)", NULL, 0), 0);
    exec_do("CREATE TABLE d (id INTEGER PRIMARY KEY, body JSONB TEXT)");
    exec_do("INSERT INTO d (body) VALUES ('[\"x\", \"y\"]'), ('[]'), (NULL), ('[\"z\"]')");
    r = exec_p("SELECT d.id, e.value FROM d, og_json_each(d.body, 2) AS e ORDER BY d.id, e.ord", NULL, 0, tt, 2);
    assert_int_equal(r->nrows, 3);
    assert_text(r, 2, 1, "z");
    drv_result_free(r);
    /* the wrong shape: PostgreSQL's errors */
    expect_err("SELECT * FROM og_json_each('{\"a\": 1}', 0)", NULL, 0, "22023",
               "cannot extract elements from an object");
    expect_err("SELECT * FROM og_json_each('3', 2)", NULL, 0, "22023", "cannot extract elements from a scalar");
    expect_err("SELECT * FROM og_json_each('3', 6)", NULL, 0, "22023",
               "cannot call json_array_elements_text on a scalar");
    expect_err("SELECT * FROM og_json_each('[]', 1)", NULL, 0, "22023", "cannot call jsonb_each on a non-object");
    expect_err("SELECT * FROM og_json_each('[]', 5)", NULL, 0, "22023", "cannot deconstruct an array as an object");
    expect_err("SELECT * FROM og_json_each('[1', 0)", NULL, 0, "22P02", NULL);
}

int main(void)
{
    evthread_use_pthreads();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scalar_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_variadic_and_result_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numeric, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cast, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cast_identity_every_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_collation_numeric, setup, teardown),
        cmocka_unit_test_setup_teardown(test_collation_interval, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eval_context, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aggregates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aggregates_more, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ordered_aggregates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_each, setup, teardown),
    };
    return cmocka_run_group_tests_name("sqlite_func", tests, NULL, NULL);
}
