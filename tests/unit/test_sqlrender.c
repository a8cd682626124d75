/*
 * tests/unit/test_sqlrender.c - drivers/sqlrender*.c: the query IR and entity
 * metadata rendered as SQLite SQL.
 *
 * IR is built by hand (the small constructors below), so each test states
 * exactly which IR it renders; the expected SQL and binds are compared
 * exactly. Most tests then run the SQL on a real SQLite (:memory:) with the
 * binds bound as the driver binds them (drv_sqlite_bind_value) and compare
 * the rows, so the SQL is known to be valid SQLite and to answer what
 * PostgreSQL would. The og_* functions of the driver are stood in for by a
 * few test functions (a numeric collation by value, og_cmp, og_cast as the
 * identity) so queries that use them can run too.
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
#include <sqlite3.h>

#include "drivers/sqlite_int.h"
#include "drivers/sqlrender.h"
#include "orm/ir.h"
#include "orm/meta.h"
#include "orm/sqlparse.h"
#include "proxy/textio.h"

static const drv_dialect *D = &drv_dialect_sqlite;
static og_arena A;
static sqlite3 *db;

/* ---------- a small catalog (only what the renderer reads: name, sym, flags, impl/agg) ---------- */

static bool dummy_impl(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    return false;
}
static const orm_agg_impl dummy_agg = {0, NULL, NULL};

static const orm_fn F_INT4PL = {"+", "int4pl", 2, {23, 23}, 23, ORM_FN_STRICT, dummy_impl, NULL};
static const orm_fn F_INT8PL = {"+", "int8pl", 2, {20, 20}, 20, ORM_FN_STRICT, dummy_impl, NULL};
static const orm_fn F_INT4DIV = {"/", "int4div", 2, {23, 23}, 23, ORM_FN_STRICT, dummy_impl, NULL};
static const orm_fn F_TEXTCAT = {"||", "textcat", 2, {25, 25}, 25, ORM_FN_STRICT, dummy_impl, NULL};
static const orm_fn F_LOWER = {"lower", "lower", 1, {25}, 25, ORM_FN_STRICT, dummy_impl, NULL};
static const orm_fn F_COUNT_STAR = {"count", "count_star", 0, {0}, 20, ORM_FN_AGG, NULL, &dummy_agg};
static const orm_fn F_COUNT = {"count", "count_any", 1, {ORM_T_ANY}, 20, ORM_FN_AGG, NULL, &dummy_agg};
static const orm_fn F_SUM4 = {"sum", "sum_int4", 1, {23}, 20, ORM_FN_AGG, NULL, &dummy_agg};
static const orm_fn F_AVGNUM = {"avg", "avg_numeric", 1, {1700}, 1700, ORM_FN_AGG, NULL, &dummy_agg};
static const orm_fn F_MAX = {"max", "max_any", 1, {ORM_T_ANYELEMENT}, ORM_T_ANYELEMENT, ORM_FN_AGG, NULL, &dummy_agg};
static const orm_fn F_ARRAY_AGG = {"array_agg",    "array_agg", 1,    {ORM_T_ANYNONARRAY},
                                   ORM_T_ANYARRAY, ORM_FN_AGG,  NULL, &dummy_agg};
static const orm_fn F_ROW_NUMBER = {"row_number", "row_number", 0, {0}, 20, ORM_FN_WINDOW, NULL, NULL};
static const orm_fn F_GS = {"generate_series", "generate_series", 0, {0}, 0, 0, NULL, NULL};
static const orm_fn F_UNNEST = {"unnest", "unnest", 0, {0}, 0, 0, NULL, NULL};

/* ---------- IR constructors ---------- */

static orm_expr *ex(orm_expr_kind k, uint32_t type)
{
    orm_expr *e = og_arena_zalloc(&A, sizeof *e);
    e->kind = k;
    e->type = type;
    e->typmod = -1;
    return e;
}

static orm_expr *with_args(orm_expr *e, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    e->nargs = (uint16_t)n;
    e->args = og_arena_zalloc(&A, sizeof(orm_expr *) * (n + 1));
    for (int i = 0; i < n; i++)
        e->args[i] = va_arg(ap, orm_expr *);
    va_end(ap);
    return e;
}

static orm_expr *cint(uint32_t type, int64_t v)
{
    orm_expr *e = ex(ORM_EX_CONST, type);
    e->u.value.oid = type;
    e->u.value.u.i = v;
    return e;
}

static orm_expr *cstr(uint32_t type, const char *s)
{
    orm_expr *e = ex(ORM_EX_CONST, type);
    e->u.value.oid = type;
    e->u.value.u.str.p = s;
    e->u.value.u.str.len = strlen(s);
    return e;
}

static orm_expr *cnull(uint32_t type)
{
    orm_expr *e = ex(ORM_EX_CONST, type);
    e->u.value = og_value_null(type);
    return e;
}

static orm_expr *param(uint16_t k, uint32_t type)
{
    orm_expr *e = ex(ORM_EX_PARAM, type);
    e->u.param = k;
    return e;
}

static orm_expr *col(uint16_t up, uint16_t rte, uint16_t c, uint32_t type)
{
    orm_expr *e = ex(ORM_EX_COLUMN, type);
    e->u.column.levelsup = up;
    e->u.column.rte = rte;
    e->u.column.col = c;
    return e;
}

static orm_expr *cmp(orm_cmp op, uint32_t type, orm_expr *a, orm_expr *b)
{
    orm_expr *e = with_args(ex(ORM_EX_CMP, OG_OID_BOOL), 2, a, b);
    e->u.cmp.op = op;
    e->u.cmp.cmp_type = type;
    return e;
}

static orm_expr *call(const orm_fn *fn, uint32_t type, int n, orm_expr *a, orm_expr *b)
{
    orm_expr *e = n == 0   ? ex(ORM_EX_FUNC, type)
                  : n == 1 ? with_args(ex(ORM_EX_FUNC, type), 1, a)
                           : with_args(ex(ORM_EX_FUNC, type), 2, a, b);
    e->u.call.fn = fn;
    return e;
}

static orm_expr *agg(const orm_fn *fn, uint32_t type, orm_expr *a)
{
    orm_expr *e = a ? with_args(ex(ORM_EX_AGG, type), 1, a) : ex(ORM_EX_AGG, type);
    e->u.call.fn = fn;
    e->u.call.star = a == NULL;
    return e;
}

static orm_expr *cast(orm_expr *a, uint32_t to, int32_t typmod, bool explicit_cast)
{
    orm_expr *e = with_args(ex(ORM_EX_CAST, to), 1, a);
    e->typmod = typmod;
    e->u.cmp.negated = explicit_cast;
    return e;
}

static orm_query *query(orm_query_kind k)
{
    orm_query *q = og_arena_zalloc(&A, sizeof *q);
    q->kind = k;
    q->excluded_rte = UINT16_MAX;
    q->rtes = og_arena_zalloc(&A, sizeof(orm_rte) * 8);
    q->from = og_arena_zalloc(&A, sizeof(orm_join *) * 8);
    q->targets = og_arena_zalloc(&A, sizeof(orm_target) * 16);
    q->sort = og_arena_zalloc(&A, sizeof(orm_sortby) * 8);
    q->group = og_arena_zalloc(&A, sizeof(orm_expr *) * 8);
    return q;
}

static uint16_t add_entity(orm_query *q, const orm_entity *e, const char *alias)
{
    orm_rte *r = &q->rtes[q->nrtes];
    r->kind = ORM_RTE_ENTITY;
    r->entity = e;
    r->alias = alias ? alias : e->name;
    r->has_alias = alias != NULL;
    r->ncols = e->nprops;
    r->colnames = og_arena_zalloc(&A, sizeof(char *) * e->nprops);
    r->coltypes = og_arena_zalloc(&A, sizeof(uint32_t) * e->nprops);
    for (uint16_t i = 0; i < e->nprops; i++) {
        r->colnames[i] = e->props[i].name;
        r->coltypes[i] = e->props[i].type_oid;
    }
    return q->nrtes++;
}

static uint16_t add_rte(orm_query *q, orm_rte_kind k, const char *alias, uint16_t ncols, const char **names)
{
    orm_rte *r = &q->rtes[q->nrtes];
    r->kind = k;
    r->alias = alias;
    r->has_alias = true;
    r->ncols = ncols;
    r->colnames = names;
    return q->nrtes++;
}

static orm_join *leaf(uint16_t rte)
{
    orm_join *j = og_arena_zalloc(&A, sizeof *j);
    j->kind = ORM_JOIN_NONE;
    j->rte = rte;
    return j;
}

static orm_join *join(orm_join_kind k, orm_join *l, orm_join *r, orm_expr *on)
{
    orm_join *j = og_arena_zalloc(&A, sizeof *j);
    j->kind = k;
    j->l = l;
    j->r = r;
    j->on = on;
    return j;
}

static void from(orm_query *q, orm_join *j)
{
    q->from[q->nfrom++] = j;
}

static void target(orm_query *q, orm_expr *e, const char *name)
{
    q->targets[q->ntargets].expr = e;
    q->targets[q->ntargets].name = name;
    q->ntargets++;
}

static void sort(orm_query *q, orm_expr *e, bool desc, orm_nulls nulls)
{
    q->sort[q->nsort++] = (orm_sortby){e, desc, nulls};
}

static orm_expr *output(uint16_t c, uint32_t type)
{
    return col(0, ORM_RTE_OUTPUT, c, type);
}

/* ---------- entities ---------- */

static orm_entity *entity(const char *sql)
{
    og_error err = OG_ERROR_INIT;
    orm_parsed p;
    if (!orm_sql_parse(sql, &p, &err))
        fail_msg("%s", err.message);
    orm_entity *e = orm_entity_from_create(p.tree->stmts[0]->stmt->create_stmt, &err);
    orm_sql_parsed_free(&p);
    if (!e)
        fail_msg("%s", err.message);
    return e;
}

static orm_entity *author, *book;

/* ---------- SQLite ---------- */

static int coll_numeric(void *u, int n1, const void *p1, int n2, const void *p2)
{
    char a[64], b[64];
    snprintf(a, sizeof a, "%.*s", n1, (const char *)p1);
    snprintf(b, sizeof b, "%.*s", n2, (const char *)p2);
    double x = strtod(a, NULL), y = strtod(b, NULL);
    return x < y ? -1 : x > y ? 1 : 0;
}

static int coll_binary(void *u, int n1, const void *p1, int n2, const void *p2)
{
    int r = memcmp(p1, p2, (size_t)(n1 < n2 ? n1 : n2));
    return r ? r : n1 - n2;
}

static void fn_cmp(sqlite3_context *cx, int n, sqlite3_value **v)
{
    if (sqlite3_value_type(v[1]) == SQLITE_NULL || sqlite3_value_type(v[2]) == SQLITE_NULL)
        return;
    const char *a = (const char *)sqlite3_value_text(v[1]), *b = (const char *)sqlite3_value_text(v[2]);
    int r = strcmp(a, b);
    sqlite3_result_int(cx, r < 0 ? -1 : r > 0);
}

static void fn_identity(sqlite3_context *cx, int n, sqlite3_value **v)
{
    sqlite3_result_value(cx, v[n - 1]);
}

/* Stand-in for the driver's og_scalar aggregate (drivers/sqlite_func.c): the value of the row. */
static void scalar_step(sqlite3_context *cx, int n, sqlite3_value **v)
{
    sqlite3_value **slot = sqlite3_aggregate_context(cx, sizeof(sqlite3_value *));
    if (slot && !*slot)
        *slot = sqlite3_value_dup(v[0]);
}

static void scalar_final(sqlite3_context *cx)
{
    sqlite3_value **slot = sqlite3_aggregate_context(cx, 0);
    if (slot && *slot) {
        sqlite3_result_value(cx, *slot);
        sqlite3_value_free(*slot);
    } else {
        sqlite3_result_null(cx);
    }
}

static void db_open(void)
{
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    sqlite3_create_collation(db, "og_numeric", SQLITE_UTF8, NULL, coll_numeric);
    sqlite3_create_collation(db, "og_interval", SQLITE_UTF8, NULL, coll_binary);
    sqlite3_create_collation(db, "og_jsonb", SQLITE_UTF8, NULL, coll_binary);
    sqlite3_create_function(db, "og_cmp", 3, SQLITE_UTF8, NULL, fn_cmp, NULL, NULL);
    sqlite3_create_function(db, "og_cast", 2, SQLITE_UTF8, NULL, fn_identity, NULL, NULL);
    sqlite3_create_function(db, "og_scalar", 1, SQLITE_UTF8, NULL, NULL, scalar_step, scalar_final);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

static void exec_sql(const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

static void exec_script(const drv_sql_script *s)
{
    for (uint16_t i = 0; i < s->n; i++)
        exec_sql(s->sql[i]);
}

/* Run rendered SQL with the client's parameters; rows as "a|b\nc|d" (NULL as "NULL"). SQLite's
 * error message instead when it fails. */
static const char *run(const drv_sql *s, const og_value *params, uint16_t np)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, s->sql, -1, &st, NULL) != SQLITE_OK)
        return og_arena_printf(&A, "error: %s", sqlite3_errmsg(db));
    og_value *v = drv_sql_values(s, params, np, &A);
    og_error err = OG_ERROR_INIT;
    for (int k = 1; k <= sqlite3_bind_parameter_count(st); k++) {
        const char *name = sqlite3_bind_parameter_name(st, k);
        long idx = name ? strtol(name + 1, NULL, 10) : k;
        assert_true(idx >= 1 && (uint32_t)idx <= s->nbinds);
        assert_int_equal(drv_sqlite_bind_value(st, k, &v[idx - 1], &A, &err), SQLITE_OK);
    }
    og_buf b = OG_BUF_INIT;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (b.len)
            og_buf_putc(&b, '\n');
        int n = sqlite3_column_count(st);
        if (s->ncols)
            n = s->ncols; /* a SELECT without columns has one NULL column for SQLite's sake */
        for (int i = 0; i < n; i++) {
            if (i)
                og_buf_putc(&b, '|');
            if (sqlite3_column_type(st, i) == SQLITE_NULL)
                og_buf_puts(&b, "NULL");
            else if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
                og_buf_puts(&b, "x");
                const uint8_t *p = sqlite3_column_blob(st, i);
                for (int k = 0; k < sqlite3_column_bytes(st, i); k++)
                    og_buf_printf(&b, "%02x", p[k]);
            } else
                og_buf_puts(&b, (const char *)sqlite3_column_text(st, i));
        }
    }
    const char *out = rc == SQLITE_DONE ? og_arena_memdup(&A, b.data ? (const char *)b.data : "", b.len)
                                        : og_arena_printf(&A, "error: %s", sqlite3_errmsg(db));
    og_buf_free(&b);
    sqlite3_finalize(st);
    return out;
}

static drv_sql render(const orm_query *q, uint16_t nparams)
{
    og_error err = OG_ERROR_INIT;
    drv_sql s;
    if (!drv_sql_render(D, q, nparams, &A, &s, &err))
        fail_msg("render failed: %s %s", err.code, err.message);
    return s;
}

static void render_fails(const orm_query *q, uint16_t nparams, const char *code, const char *message)
{
    og_error err = OG_ERROR_INIT;
    drv_sql s;
    assert_false(drv_sql_render(D, q, nparams, &A, &s, &err));
    assert_string_equal(err.code, code);
    if (message && strcmp(err.message, message))
        fail_msg("message: %s", err.message);
    og_error_clear(&err);
}

#define assert_sql(s, want)                                                                                            \
    do {                                                                                                               \
        if (strcmp((s).sql, (want)))                                                                                   \
            fail_msg("SQL\n got: %s\nwant: %s", (s).sql, (want));                                                      \
    } while (0)

#define assert_rows(got, want)                                                                                         \
    do {                                                                                                               \
        const char *g_ = (got);                                                                                        \
        if (strcmp(g_, (want)))                                                                                        \
            fail_msg("rows\n got: %s\nwant: %s", g_, (want));                                                          \
    } while (0)

static og_value v_int(uint32_t oid, int64_t i)
{
    og_value v = {0};
    v.oid = oid;
    v.u.i = i;
    return v;
}

static og_value v_str(uint32_t oid, const char *s)
{
    og_value v = {0};
    v.oid = oid;
    v.u.str.p = s;
    v.u.str.len = strlen(s);
    return v;
}

static og_value v_array(uint32_t oid, og_value *elems, uint32_t n)
{
    og_value v = {0};
    v.oid = oid;
    v.u.arr.elem_oid = og_type_array_elem(oid);
    v.u.arr.n = n;
    v.u.arr.lbound = 1;
    v.u.arr.elems = elems;
    return v;
}

/* The tables every test starts with, created by the renderer's own DDL, and a few rows. */
static void create_tables(void)
{
    og_error err = OG_ERROR_INIT;
    drv_sql_script s;
    drv_sql_script_init(&s, &A);
    assert_true(drv_sql_create_table(D, author, NULL, false, &s, &err));
    assert_true(drv_sql_create_table(D, book, NULL, false, &s, &err));
    exec_script(&s);
    exec_sql("INSERT INTO author (id, name, score) VALUES (1, 'ann', '9.5'), (2, 'bob', '10.00'), (3, 'cid', NULL)");
    exec_sql("INSERT INTO book (id, author_id, title, price) VALUES (10, 1, 'a', '12.50'), (11, 1, 'b', '7'), "
             "(12, 2, 'c', '7.0'), (13, NULL, 'd', NULL)");
}

static int setup(void **state)
{
    og_arena_init(&A);
    px_textio_install();
    author = entity("CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL, score numeric(6,2), "
                    "tags int[], born date)");
    book = entity("CREATE TABLE book (id int PRIMARY KEY, author_id int REFERENCES author (id) ON DELETE CASCADE, "
                  "title varchar(20) NOT NULL DEFAULT 'untitled', price numeric, UNIQUE (author_id, title))");
    db_open();
    create_tables();
    return 0;
}

static int teardown(void **state)
{
    sqlite3_close(db);
    db = NULL;
    orm_entity_free(author);
    orm_entity_free(book);
    og_arena_reset(&A);
    return 0;
}

/* ---------- tests: SELECT ---------- */

static void test_select_where_order_limit(void **state)
{
    /* SELECT a.id, a.name FROM author a WHERE a.id > $1 AND a.name <> 'x' ORDER BY a.name DESC LIMIT 2 */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, author, "a")));
    target(q, col(0, 0, 0, OG_OID_INT4), "id");
    target(q, col(0, 0, 1, OG_OID_TEXT), "name");
    orm_expr *w =
        with_args(ex(ORM_EX_AND, OG_OID_BOOL), 2, cmp(ORM_CMP_GT, OG_OID_INT4, col(0, 0, 0, 23), param(1, 23)),
                  cmp(ORM_CMP_NE, OG_OID_TEXT, col(0, 0, 1, 25), cstr(25, "x")));
    q->where = w;
    sort(q, col(0, 0, 1, OG_OID_TEXT), true, ORM_NULLS_DEFAULT);
    q->limit = cint(OG_OID_INT8, 2);
    drv_sql s = render(q, 1);
    assert_sql(s, "SELECT \"a\".\"id\" AS \"id\", \"a\".\"name\" AS \"name\" FROM \"author\" AS \"a\" WHERE "
                  "\"a\".\"id\" > ?1 AND \"a\".\"name\" <> ?2 ORDER BY \"a\".\"name\" DESC NULLS FIRST LIMIT ?3");
    assert_int_equal(s.nbinds, 3);
    assert_int_equal(s.binds[0].param, 1);
    assert_int_equal(s.binds[1].param, 0);
    assert_string_equal(s.binds[1].value->u.str.p, "x");
    assert_int_equal(s.binds[2].value->u.i, 2);
    assert_int_equal(s.ncols, 2);
    assert_int_equal(s.result_types[0], OG_OID_INT4);
    assert_int_equal(s.result_types[1], OG_OID_TEXT);
    og_value p1 = v_int(OG_OID_INT4, 0);
    assert_rows(run(&s, &p1, 1), "3|cid\n2|bob");
}

static void test_numeric_collation_and_nulls(void **state)
{
    /* SELECT name, score FROM author WHERE score >= '9.50' ORDER BY score, name: numeric by value */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, author, NULL)));
    target(q, col(0, 0, 1, OG_OID_TEXT), "name");
    target(q, col(0, 0, 2, OG_OID_NUMERIC), "score");
    q->where = cmp(ORM_CMP_GE, OG_OID_NUMERIC, col(0, 0, 2, OG_OID_NUMERIC), cstr(OG_OID_NUMERIC, "9.50"));
    sort(q, col(0, 0, 2, OG_OID_NUMERIC), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(q, 0);
    assert_sql(s, "SELECT \"author\".\"name\" AS \"name\", \"author\".\"score\" AS \"score\" FROM \"author\" WHERE "
                  "\"author\".\"score\" >= ?1 COLLATE og_numeric ORDER BY \"author\".\"score\" COLLATE og_numeric ASC "
                  "NULLS LAST");
    assert_rows(run(&s, NULL, 0), "ann|9.5\nbob|10.00");

    /* ORDER BY score DESC: PostgreSQL puts NULLs first; NULLS LAST when asked */
    q->where = NULL;
    q->sort[0].desc = true;
    s = render(q, 0);
    assert_rows(run(&s, NULL, 0), "cid|NULL\nbob|10.00\nann|9.5");
    q->sort[0].nulls = ORM_NULLS_LAST;
    s = render(q, 0);
    assert_rows(run(&s, NULL, 0), "bob|10.00\nann|9.5\ncid|NULL");
}

static void test_joins(void **state)
{
    /* author a JOIN/LEFT/RIGHT/FULL/CROSS book b */
    static const struct {
        orm_join_kind kind;
        bool on;
        const char *kw, *rows;
    } cases[] = {
        {ORM_JOIN_INNER, true, " JOIN ", "ann|a\nann|b\nbob|c"},
        {ORM_JOIN_LEFT, true, " LEFT JOIN ", "ann|a\nann|b\nbob|c\ncid|NULL"},
        {ORM_JOIN_RIGHT, true, " RIGHT JOIN ", "ann|a\nann|b\nbob|c\nNULL|d"},
        {ORM_JOIN_FULL, true, " FULL JOIN ", "ann|a\nann|b\nbob|c\ncid|NULL\nNULL|d"},
        {ORM_JOIN_INNER, false, " CROSS JOIN ", NULL},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        orm_query *q = query(ORM_Q_SELECT);
        uint16_t a = add_entity(q, author, "a"), b = add_entity(q, book, "b");
        orm_expr *on = cases[k].on ? cmp(ORM_CMP_EQ, 23, col(0, a, 0, 23), col(0, b, 1, 23)) : NULL;
        from(q, join(cases[k].kind, leaf(a), leaf(b), on));
        target(q, col(0, a, 1, OG_OID_TEXT), "name");
        target(q, col(0, b, 2, OG_OID_VARCHAR), "title");
        sort(q, col(0, a, 1, OG_OID_TEXT), false, ORM_NULLS_DEFAULT);
        sort(q, col(0, b, 2, OG_OID_VARCHAR), false, ORM_NULLS_DEFAULT);
        drv_sql s = render(q, 0);
        assert_non_null(strstr(s.sql, cases[k].kw));
        if (cases[k].rows)
            assert_rows(run(&s, NULL, 0), cases[k].rows);
        else
            assert_rows(run(&s, NULL, 0),
                        "ann|a\nann|b\nann|c\nann|d\nbob|a\nbob|b\nbob|c\nbob|d\ncid|a\ncid|b\ncid|c\ncid|d");
    }
    /* a nested join on the right is parenthesised */
    orm_query *q = query(ORM_Q_SELECT);
    uint16_t a = add_entity(q, author, "a"), b = add_entity(q, book, "b"), a2 = add_entity(q, author, "a2");
    from(q, join(ORM_JOIN_LEFT, leaf(a),
                 join(ORM_JOIN_INNER, leaf(b), leaf(a2), cmp(ORM_CMP_EQ, 23, col(0, b, 1, 23), col(0, a2, 0, 23))),
                 cmp(ORM_CMP_EQ, 23, col(0, a, 0, 23), col(0, b, 1, 23))));
    target(q, agg(&F_COUNT_STAR, OG_OID_INT8, NULL), "count");
    drv_sql s = render(q, 0);
    assert_sql(s,
               "SELECT count(*) AS \"count\" FROM \"author\" AS \"a\" LEFT JOIN (\"book\" AS \"b\" JOIN \"author\" AS "
               "\"a2\" ON \"b\".\"author_id\" = \"a2\".\"id\") ON \"a\".\"id\" = \"b\".\"author_id\"");
    assert_rows(run(&s, NULL, 0), "4");
}

static void test_group_by_aggregates(void **state)
{
    /* SELECT author_id, count(*), count(DISTINCT price), sum(id), max(price), avg(price) FROM book
     * GROUP BY author_id HAVING count(*) > 0 ORDER BY author_id */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, book, NULL)));
    orm_expr *aid = col(0, 0, 1, OG_OID_INT4);
    target(q, aid, "author_id");
    target(q, agg(&F_COUNT_STAR, OG_OID_INT8, NULL), "count");
    orm_expr *cd = agg(&F_COUNT, OG_OID_INT8, col(0, 0, 3, OG_OID_NUMERIC));
    cd->u.call.distinct = true;
    target(q, cd, "count");
    target(q, agg(&F_SUM4, OG_OID_INT8, col(0, 0, 0, OG_OID_INT4)), "sum");
    target(q, agg(&F_MAX, OG_OID_NUMERIC, col(0, 0, 3, OG_OID_NUMERIC)), "max");
    q->group[q->ngroup++] = aid;
    q->has_aggs = true;
    q->having = cmp(ORM_CMP_GT, OG_OID_INT8, agg(&F_COUNT_STAR, OG_OID_INT8, NULL), cint(OG_OID_INT8, 0));
    sort(q, aid, false, ORM_NULLS_DEFAULT);
    drv_sql s = render(q, 0);
    assert_sql(s, "SELECT \"book\".\"author_id\" AS \"author_id\", count(*) AS \"count\", count(DISTINCT "
                  "\"book\".\"price\" COLLATE og_numeric) AS \"count_og3\", sum(\"book\".\"id\") AS \"sum\", "
                  "max(\"book\".\"price\" COLLATE og_numeric) AS \"max\" FROM \"book\" GROUP BY \"book\".\"author_id\" "
                  "HAVING count(*) > ?1 ORDER BY \"book\".\"author_id\" ASC NULLS LAST");
    /* 7 and 7.0 are one value; 12.50 is more than 7 */
    assert_rows(run(&s, NULL, 0), "1|2|2|21|12.50\n2|1|1|12|7.0\nNULL|1|0|13|NULL");

    /* avg(numeric) has no native form: og_avg_numeric with its types; FILTER stays */
    orm_query *q2 = query(ORM_Q_SELECT);
    from(q2, leaf(add_entity(q2, book, NULL)));
    orm_expr *avg = agg(&F_AVGNUM, OG_OID_NUMERIC, col(0, 0, 3, OG_OID_NUMERIC));
    avg->u.call.filter = cmp(ORM_CMP_GT, 23, col(0, 0, 0, 23), cint(23, 10));
    target(q2, avg, "avg");
    s = render(q2, 0);
    assert_sql(s,
               "SELECT og_avg_numeric('1700:1700', \"book\".\"price\") FILTER (WHERE \"book\".\"id\" > ?1) AS \"avg\" "
               "FROM \"book\"");
    /* DISTINCT over an og_ aggregate: the one-argument short form */
    avg->u.call.filter = NULL;
    avg->u.call.distinct = true;
    s = render(q2, 0);
    assert_sql(s, "SELECT og_avg_numeric(DISTINCT \"book\".\"price\" COLLATE og_numeric) AS \"avg\" FROM \"book\"");
    /* ... which polymorphic entries do not have: the driver's ordered form, which removes duplicates itself */
    orm_expr *aa = agg(&F_ARRAY_AGG, OG_OID_INT4_ARRAY, col(0, 0, 0, 23));
    aa->u.call.distinct = true;
    q2->targets[0].expr = aa;
    s = render(q2, 0);
    assert_sql(s, "SELECT ogo_array_agg('1007:23', '1:', \"book\".\"id\") AS \"avg\" FROM \"book\"");
    /* ORDER BY inside an aggregate (SQLite 3.40 has none): ogo_, the sort keys after the arguments, with
     * their types, directions and NULLS placement (PostgreSQL's default: DESC NULLS FIRST) */
    aa->u.call.distinct = false;
    aa->u.call.norder = 2;
    aa->u.call.order = og_arena_zalloc(&A, 2 * sizeof(orm_sortby));
    aa->u.call.order[0].expr = col(0, 0, 3, OG_OID_NUMERIC);
    aa->u.call.order[0].desc = true;
    aa->u.call.order[1].expr = col(0, 0, 2, OG_OID_VARCHAR);
    aa->u.call.order[1].nulls = ORM_NULLS_FIRST;
    aa->u.call.filter = cmp(ORM_CMP_GT, 23, col(0, 0, 0, 23), cint(23, 10));
    s = render(q2, 0);
    assert_sql(s, "SELECT ogo_array_agg('1007:23', '0:1700DF,1043AF', \"book\".\"id\", \"book\".\"price\", "
                  "\"book\".\"title\") FILTER (WHERE \"book\".\"id\" > ?1) AS \"avg\" FROM \"book\"");
    /* with DISTINCT, PostgreSQL wants the ORDER BY keys among the arguments */
    aa->u.call.distinct = true;
    aa->u.call.norder = 1;
    render_fails(q2, 0, "42P10", "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list");
    aa->u.call.order[0].expr = col(0, 0, 0, 23);
    s = render(q2, 0);
    assert_sql(s, "SELECT ogo_array_agg('1007:23', '1:23DF', \"book\".\"id\", \"book\".\"id\") FILTER (WHERE "
                  "\"book\".\"id\" > ?1) AS \"avg\" FROM \"book\"");
    /* count, sum of integers, min, max: the order of the input changes nothing, native */
    orm_expr *cnt = agg(&F_COUNT, OG_OID_INT8, col(0, 0, 0, 23));
    cnt->u.call.norder = 1;
    cnt->u.call.order = aa->u.call.order;
    q2->targets[0].expr = cnt;
    s = render(q2, 0);
    assert_sql(s, "SELECT count(\"book\".\"id\") AS \"avg\" FROM \"book\"");
    /* in a window: PostgreSQL refuses both */
    orm_expr *w = agg(&F_ARRAY_AGG, OG_OID_INT4_ARRAY, col(0, 0, 0, 23));
    w->kind = ORM_EX_WINDOW;
    w->u.call.over = og_arena_zalloc(&A, sizeof(orm_window));
    w->u.call.norder = 1;
    w->u.call.order = aa->u.call.order;
    q2->targets[0].expr = w;
    render_fails(q2, 0, "0A000", "aggregate ORDER BY is not implemented for window functions");
    w->u.call.norder = 0;
    w->u.call.distinct = true;
    render_fails(q2, 0, "0A000", "DISTINCT is not implemented for window functions");
}

static void test_functions_and_casts(void **state)
{
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, book, "b")));
    orm_expr *id = col(0, 0, 0, OG_OID_INT4);
    target(q, call(&F_INT4PL, 23, 2, id, cint(23, 1)), "a");                      /* native */
    target(q, call(&F_INT4DIV, 23, 2, id, cint(23, 2)), "b");                     /* native: constant divisor */
    target(q, call(&F_INT4DIV, 23, 2, id, param(1, 23)), "c");                    /* og_: may be zero */
    target(q, call(&F_INT8PL, 20, 2, cast(id, 20, -1, false), cint(20, 1)), "d"); /* og_: int8 overflow */
    target(q, call(&F_TEXTCAT, 25, 2, cast(col(0, 0, 2, OG_OID_VARCHAR), 25, -1, false), cstr(25, "!")), "e");
    target(q, call(&F_LOWER, 25, 1, cstr(25, "X"), NULL), "f");
    target(q, cast(id, OG_OID_FLOAT8, -1, true), "g");
    target(q, cast(col(0, 0, 3, OG_OID_NUMERIC), OG_OID_NUMERIC, (6 << 16 | 1) + 4, false), "h");
    target(q, cast(cstr(OG_OID_BPCHAR, "ab  "), OG_OID_TEXT, -1, true), "i");
    sort(q, id, false, ORM_NULLS_DEFAULT);
    q->limit = cint(20, 1);
    drv_sql s = render(q, 1);
    assert_sql(
        s, "SELECT (\"b\".\"id\" + ?2) AS \"a\", (\"b\".\"id\" / ?3) AS \"b\", og_int4div('23:23,23', \"b\".\"id\", "
           "?1) AS \"c\", og_int8pl('20:20,20', \"b\".\"id\", ?4) AS \"d\", (\"b\".\"title\" || ?5) AS \"e\", "
           "og_lower('25:25', ?6) AS \"f\", CAST(\"b\".\"id\" AS REAL) AS \"g\", og_cast('1700:1700:393221:0', "
           "\"b\".\"price\") AS \"h\", rtrim(?7, ' ') AS \"i\" FROM \"book\" AS \"b\" ORDER BY \"b\".\"id\" ASC "
           "NULLS LAST LIMIT ?8");
    assert_int_equal(s.nbinds, 8);
}

static void test_conditionals(void **state)
{
    /* GREATEST / LEAST ignore NULLs; COALESCE; NULLIF on numeric; CASE; IS DISTINCT FROM; IN lists */
    orm_query *q = query(ORM_Q_SELECT);
    orm_expr *g = with_args(ex(ORM_EX_GREATEST, 23), 3, cnull(23), cint(23, 3), cint(23, 7));
    orm_expr *l = with_args(ex(ORM_EX_LEAST, 23), 2, cnull(23), cint(23, 3));
    orm_expr *gn = with_args(ex(ORM_EX_GREATEST, 23), 2, cnull(23), cnull(23));
    orm_expr *gnum = with_args(ex(ORM_EX_GREATEST, 1700), 2, cstr(1700, "10"), cstr(1700, "9.5"));
    orm_expr *nul = with_args(ex(ORM_EX_NULLIF, 1700), 2, cstr(1700, "1.0"), cstr(1700, "1.00"));
    nul->u.cmp.cmp_type = 1700;
    orm_expr *cs = ex(ORM_EX_CASE, 25);
    cs->u.case_.arg = cstr(1700, "2.0");
    cs->u.case_.cmp_type = 1700;
    cs->u.case_.nwhens = 1;
    cs->u.case_.whens = og_arena_zalloc(&A, sizeof(orm_expr *));
    cs->u.case_.thens = og_arena_zalloc(&A, sizeof(orm_expr *));
    cs->u.case_.whens[0] = cstr(1700, "2");
    cs->u.case_.thens[0] = cstr(25, "two");
    cs->u.case_.else_ = cstr(25, "other");
    orm_expr *dis = with_args(ex(ORM_EX_DISTINCT, 16), 2, cnull(23), cint(23, 1));
    dis->u.cmp.cmp_type = 23;
    orm_expr *in = with_args(ex(ORM_EX_IN, 16), 3, cstr(1700, "1"), cstr(1700, "2"), cstr(1700, "1.000"));
    in->u.cmp.cmp_type = 1700;
    orm_expr *notin = with_args(ex(ORM_EX_IN, 16), 3, cint(23, 1), cint(23, 2), cnull(23));
    notin->u.cmp.cmp_type = 23;
    notin->u.cmp.negated = true;
    target(q, g, "g");
    target(q, l, "l");
    target(q, gn, "gn");
    target(q, gnum, "gnum");
    target(q, nul, "nul");
    target(q, cs, "cs");
    target(q, dis, "dis");
    target(q, in, "in");
    target(q, notin, "notin");
    drv_sql s = render(q, 0);
    assert_sql(s,
               "SELECT max(coalesce(?1, ?2, ?3), coalesce(?2, ?1, ?3), coalesce(?3, ?1, ?2)) AS \"g\", "
               "min(coalesce(?4, ?5), coalesce(?5, ?4)) AS \"l\", max(coalesce(?6, ?7), coalesce(?7, ?6)) AS \"gn\", "
               "max(coalesce(?8, ?9) COLLATE og_numeric, coalesce(?9, ?8)) AS \"gnum\", CASE WHEN ?10 = ?11 COLLATE "
               "og_numeric THEN NULL ELSE ?10 END AS \"nul\", CASE WHEN ?12 = ?13 COLLATE og_numeric THEN ?14 ELSE "
               "?15 END AS \"cs\", ?16 IS NOT ?17 AS \"dis\", ?18 COLLATE og_numeric IN (?19, ?20) AS \"in\", ?21 NOT "
               "IN (?22, ?23) AS \"notin\"");
    assert_rows(run(&s, NULL, 0), "7|3|NULL|10|NULL|two|1|1|NULL");
}

static void test_window_functions(void **state)
{
    /* SELECT id, row_number() OVER (PARTITION BY author_id ORDER BY price DESC),
     *        sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM book ORDER BY id */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, book, NULL)));
    target(q, col(0, 0, 0, 23), "id");
    orm_expr *rn = ex(ORM_EX_WINDOW, 20);
    rn->u.call.fn = &F_ROW_NUMBER;
    orm_window *w = og_arena_zalloc(&A, sizeof *w);
    w->npartition = 1;
    w->partition = og_arena_zalloc(&A, sizeof(orm_expr *));
    w->partition[0] = col(0, 0, 1, 23);
    w->norder = 1;
    w->order = og_arena_zalloc(&A, sizeof(orm_sortby));
    w->order[0] = (orm_sortby){col(0, 0, 3, 1700), true, ORM_NULLS_DEFAULT};
    rn->u.call.over = w;
    target(q, rn, "row_number");
    orm_expr *sm = with_args(ex(ORM_EX_WINDOW, 20), 1, col(0, 0, 0, 23));
    sm->u.call.fn = &F_SUM4;
    orm_window *w2 = og_arena_zalloc(&A, sizeof *w2);
    w2->norder = 1;
    w2->order = og_arena_zalloc(&A, sizeof(orm_sortby));
    w2->order[0] = (orm_sortby){col(0, 0, 0, 23), false, ORM_NULLS_DEFAULT};
    w2->frame = ORM_FRAME_EXPLICIT | ORM_FRAME_ROWS | ORM_FRAME_START_PRECEDING | ORM_FRAME_END_CURRENT;
    w2->start_offset = cint(20, 1);
    sm->u.call.over = w2;
    target(q, sm, "sum");
    orm_expr *av = with_args(ex(ORM_EX_WINDOW, 1700), 1, col(0, 0, 3, 1700));
    av->u.call.fn = &F_AVGNUM;
    av->u.call.over = w2;
    target(q, av, "avg");
    sort(q, col(0, 0, 0, 23), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(q, 0);
    assert_sql(s,
               "SELECT \"book\".\"id\" AS \"id\", row_number() OVER (PARTITION BY \"book\".\"author_id\" ORDER BY "
               "\"book\".\"price\" COLLATE og_numeric DESC NULLS FIRST) AS \"row_number\", sum(\"book\".\"id\") OVER "
               "(ORDER BY \"book\".\"id\" ASC NULLS LAST ROWS BETWEEN ?1 PRECEDING AND CURRENT ROW) AS \"sum\", "
               "ogw_avg_numeric('1700:1700', \"book\".\"price\") OVER (ORDER BY \"book\".\"id\" ASC NULLS LAST ROWS "
               "BETWEEN ?2 PRECEDING AND CURRENT ROW) AS \"avg\" FROM \"book\" ORDER BY \"book\".\"id\" ASC NULLS "
               "LAST");
    target(q, NULL, NULL);
    q->ntargets = 3;
    s = render(q, 0);
    assert_rows(run(&s, NULL, 0), "10|1|10\n11|2|21\n12|1|23\n13|1|25");

    /* RANGE with an offset needs a number to count in */
    w->frame = ORM_FRAME_EXPLICIT | ORM_FRAME_START_PRECEDING | ORM_FRAME_END_CURRENT;
    w->start_offset = cint(20, 1);
    render_fails(q, 0, "0A000",
                 "RANGE with an offset PRECEDING/FOLLOWING over type numeric is not supported on the sqlite backend");
}

static void test_distinct_and_distinct_on(void **state)
{
    /* SELECT DISTINCT price FROM book ORDER BY price: 7 and 7.0 are one value */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, book, NULL)));
    target(q, col(0, 0, 3, 1700), "price");
    q->distinct = true;
    sort(q, col(0, 0, 3, 1700), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(q, 0);
    assert_sql(s, "SELECT DISTINCT \"book\".\"price\" COLLATE og_numeric AS \"price\" FROM \"book\" ORDER BY "
                  "\"book\".\"price\" COLLATE og_numeric ASC NULLS LAST");
    assert_rows(run(&s, NULL, 0), "7\n12.50\nNULL");

    /* SELECT DISTINCT ON (author_id) author_id, title FROM book ORDER BY author_id, price DESC LIMIT 2 */
    orm_query *d = query(ORM_Q_SELECT);
    from(d, leaf(add_entity(d, book, "b")));
    target(d, col(0, 0, 1, 23), "author_id");
    target(d, col(0, 0, 2, OG_OID_VARCHAR), "title");
    d->distinct = true;
    d->ndistinct_on = 1;
    d->distinct_on = og_arena_zalloc(&A, sizeof(orm_expr *));
    d->distinct_on[0] = col(0, 0, 1, 23);
    sort(d, col(0, 0, 1, 23), false, ORM_NULLS_DEFAULT);
    sort(d, col(0, 0, 3, 1700), true, ORM_NULLS_DEFAULT);
    d->limit = cint(20, 2);
    s = render(d, 0);
    assert_sql(s,
               "SELECT \"og_o1\" AS \"author_id\", \"og_o2\" AS \"title\" FROM (SELECT \"b\".\"author_id\" AS "
               "\"og_o1\", \"b\".\"title\" AS \"og_o2\", \"b\".\"author_id\" AS \"og_s1\", \"b\".\"price\" AS "
               "\"og_s2\", row_number() OVER (PARTITION BY \"b\".\"author_id\" ORDER BY \"b\".\"author_id\" ASC NULLS "
               "LAST, \"b\".\"price\" COLLATE og_numeric DESC NULLS FIRST) AS \"og_rn\" FROM \"book\" AS \"b\") AS "
               "\"og_d\" WHERE \"og_rn\" = 1 ORDER BY \"og_s1\" ASC NULLS LAST, \"og_s2\" COLLATE og_numeric DESC "
               "NULLS FIRST LIMIT ?1");
    assert_rows(run(&s, NULL, 0), "1|a\n2|c");
}

static void test_set_operations(void **state)
{
    /* SELECT price FROM book WHERE id < 12 UNION SELECT score FROM author ORDER BY 1 DESC LIMIT 3 */
    orm_query *l = query(ORM_Q_SELECT);
    from(l, leaf(add_entity(l, book, NULL)));
    target(l, col(0, 0, 3, 1700), "price");
    l->where = cmp(ORM_CMP_LT, 23, col(0, 0, 0, 23), cint(23, 12));
    orm_query *r = query(ORM_Q_SELECT);
    from(r, leaf(add_entity(r, author, NULL)));
    target(r, col(0, 0, 2, 1700), "score");
    orm_query *u = query(ORM_Q_SETOP);
    u->setop = ORM_SETOP_UNION;
    u->larg = l;
    u->rarg = r;
    target(u, l->targets[0].expr, "price");
    sort(u, output(0, 1700), true, ORM_NULLS_LAST);
    u->limit = cint(20, 3);
    drv_sql s = render(u, 0);
    assert_sql(s,
               "SELECT \"book\".\"price\" COLLATE og_numeric AS \"price\" FROM \"book\" WHERE \"book\".\"id\" < ?1 "
               "UNION SELECT \"author\".\"score\" COLLATE og_numeric AS \"score\" FROM \"author\" ORDER BY 1 COLLATE "
               "og_numeric DESC NULLS LAST LIMIT ?2");
    assert_rows(run(&s, NULL, 0), "12.50\n10.00\n9.5");

    /* a right arm that is itself a set operation, or has its own LIMIT, is wrapped */
    orm_query *inner = query(ORM_Q_SETOP);
    inner->setop = ORM_SETOP_INTERSECT;
    inner->larg = r;
    inner->rarg = l;
    target(inner, r->targets[0].expr, "score");
    u->rarg = inner;
    u->setop_all = true;
    u->nsort = 0;
    u->limit = NULL;
    s = render(u, 0);
    assert_sql(s, "SELECT \"book\".\"price\" AS \"price\" FROM \"book\" WHERE \"book\".\"id\" < ?1 UNION ALL SELECT * "
                  "FROM (SELECT \"author\".\"score\" COLLATE og_numeric AS \"score\" FROM \"author\" INTERSECT SELECT "
                  "\"book\".\"price\" COLLATE og_numeric AS \"price\" FROM \"book\" WHERE \"book\".\"id\" < ?2)");
    assert_rows(run(&s, NULL, 0), "12.50\n7");

    /* INTERSECT ALL: each arm's rows numbered among equal rows, then INTERSECT over (row, number) */
    inner->setop_all = true;
    s = render(u, 0);
    assert_rows(run(&s, NULL, 0), "12.50\n7");
}

static void test_values_and_subquery_in_from(void **state)
{
    /* SELECT v.x, v.y FROM (VALUES (1, 'a'), (2, 'b')) AS v(x, y) WHERE v.x > 1 */
    orm_query *vals = query(ORM_Q_VALUES);
    vals->nrows = 2;
    vals->rows = og_arena_zalloc(&A, sizeof(orm_expr **) * 2);
    for (int r = 0; r < 2; r++) {
        vals->rows[r] = og_arena_zalloc(&A, sizeof(orm_expr *) * 2);
        vals->rows[r][0] = cint(23, r + 1);
        vals->rows[r][1] = cstr(25, r ? "b" : "a");
    }
    target(vals, vals->rows[0][0], "column1");
    target(vals, vals->rows[0][1], "column2");
    orm_query *q = query(ORM_Q_SELECT);
    static const char *names[] = {"x", "y"};
    uint16_t v = add_rte(q, ORM_RTE_SUBQUERY, "v", 2, names);
    q->rtes[v].sub = vals;
    from(q, leaf(v));
    target(q, col(0, v, 0, 23), "x");
    target(q, col(0, v, 1, 25), "y");
    q->where = cmp(ORM_CMP_GT, 23, col(0, v, 0, 23), cint(23, 1));
    drv_sql s = render(q, 0);
    assert_sql(s, "SELECT \"v\".\"x\" AS \"x\", \"v\".\"y\" AS \"y\" FROM (SELECT \"column1\" AS \"x\", \"column2\" AS "
                  "\"y\" FROM (VALUES (?1, ?2), (?3, ?4))) AS \"v\" WHERE \"v\".\"x\" > ?5");
    assert_rows(run(&s, NULL, 0), "2|b");
    /* LATERAL: SQLite sees earlier FROM items only in a table-valued function's arguments, so the
     * subquery's rows travel as JSON arrays through json_each */
    static uint32_t types[] = {23, 25};
    q->rtes[v].coltypes = types;
    q->rtes[v].lateral = true;
    s = render(q, 0);
    assert_sql(s,
               "SELECT json_extract(\"v\".\"value\", '$[0]') AS \"x\", json_extract(\"v\".\"value\", '$[1]') AS \"y\" "
               "FROM json_each((SELECT json_group_array(json_array(\"og_l1\".\"x\", \"og_l1\".\"y\")) FROM (SELECT "
               "\"column1\" AS \"x\", \"column2\" AS \"y\" FROM (VALUES (?1, ?2), (?3, ?4))) AS \"og_l1\")) AS \"v\" "
               "WHERE json_extract(\"v\".\"value\", '$[0]') > ?5");
    assert_rows(run(&s, NULL, 0), "2|b");
}

/* VALUES (v0), (v1), ... of int4 (INT64_MIN: NULL) as column "x". */
static orm_query *int_values(int n, const int64_t *v)
{
    orm_query *q = query(ORM_Q_VALUES);
    q->nrows = (uint32_t)n;
    q->rows = og_arena_zalloc(&A, sizeof(orm_expr **) * n);
    for (int r = 0; r < n; r++) {
        q->rows[r] = og_arena_zalloc(&A, sizeof(orm_expr *));
        q->rows[r][0] = v[r] == INT64_MIN ? cnull(23) : cint(23, v[r]);
    }
    target(q, q->rows[0][0], "x");
    return q;
}

static void test_setop_all_and_row_in(void **state)
{
    /* VALUES (1), (1), (2), (NULL), (NULL) EXCEPT ALL VALUES (1), (NULL) ORDER BY 1: NULLs equal */
    static const int64_t l[] = {1, 1, 2, INT64_MIN, INT64_MIN}, r[] = {1, INT64_MIN};
    orm_query *u = query(ORM_Q_SETOP);
    u->setop = ORM_SETOP_EXCEPT;
    u->setop_all = true;
    u->larg = int_values(5, l);
    u->rarg = int_values(2, r);
    target(u, u->larg->targets[0].expr, "x");
    sort(u, output(0, 23), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(u, 0);
    assert_sql(s, "SELECT \"og_c1\" AS \"x\" FROM (SELECT first_value(\"og_k1\".\"og_c1\") OVER \"og_w\" AS "
                  "\"og_c1\", row_number() OVER \"og_w\" AS \"og_rn\" FROM (SELECT \"column1\" AS \"og_c1\" FROM "
                  "(VALUES (?1), (?2), (?3), (?4), (?5))) AS \"og_k1\" WINDOW \"og_w\" AS (PARTITION BY "
                  "\"og_k1\".\"og_c1\") EXCEPT SELECT first_value(\"og_k2\".\"og_c1\") OVER \"og_w\" AS \"og_c1\", "
                  "row_number() OVER \"og_w\" AS \"og_rn\" FROM (SELECT \"column1\" AS \"og_c1\" FROM (VALUES (?6), "
                  "(?7))) AS \"og_k2\" WINDOW \"og_w\" AS (PARTITION BY \"og_k2\".\"og_c1\")) AS \"og_k3\" ORDER BY 1 "
                  "ASC NULLS LAST");
    assert_rows(run(&s, NULL, 0), "1\n2\nNULL");
    u->setop = ORM_SETOP_INTERSECT; /* min(m, n) copies */
    static const int64_t r2[] = {1, 1, 1, INT64_MIN, 3};
    u->rarg = int_values(5, r2);
    s = render(u, 0);
    assert_rows(run(&s, NULL, 0), "1\n1\nNULL");

    /* (x, x) IN (SELECT id, author_id FROM book): SQLite's row-value IN, NULLs as SQL's IN */
    orm_query *sub = query(ORM_Q_SELECT);
    uint16_t b = add_entity(sub, book, NULL);
    from(sub, leaf(b));
    target(sub, col(0, b, 1, 23), "author_id");
    target(sub, col(0, b, 0, 23), "id");
    orm_query *q = query(ORM_Q_SELECT);
    uint16_t a = add_entity(q, author, NULL);
    from(q, leaf(a));
    orm_expr *in = with_args(ex(ORM_EX_SUBLINK, OG_OID_BOOL), 2, col(0, a, 0, 23), cint(23, 11));
    in->u.sub.kind = ORM_SUB_IN;
    in->u.sub.cmp_type = 23;
    in->u.sub.query = sub;
    target(q, col(0, a, 0, 23), "id");
    target(q, in, "in");
    sort(q, col(0, a, 0, 23), false, ORM_NULLS_DEFAULT);
    s = render(q, 0);
    assert_sql(s, "SELECT \"author\".\"id\" AS \"id\", (\"author\".\"id\", ?1) IN (SELECT \"book\".\"author_id\" AS "
                  "\"author_id\", \"book\".\"id\" AS \"id\" FROM \"book\") AS \"in\" FROM \"author\" ORDER BY "
                  "\"author\".\"id\" ASC NULLS LAST");
    assert_rows(run(&s, NULL, 0), "1|1\n2|0\n3|0");
}

static void test_cte_recursive(void **state)
{
    /* WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT sum(n) FROM t */
    orm_query *base = query(ORM_Q_SELECT);
    target(base, cint(23, 1), "?column?");
    orm_query *rec = query(ORM_Q_SELECT);
    uint16_t t = add_rte(rec, ORM_RTE_CTE, "t", 1, NULL);
    rec->rtes[t].cte_levelsup = 2; /* rec -> the UNION level -> the level owning the WITH */
    from(rec, leaf(t));
    target(rec, call(&F_INT4PL, 23, 2, col(0, t, 0, 23), cint(23, 1)), "?column?");
    rec->where = cmp(ORM_CMP_LT, 23, col(0, t, 0, 23), cint(23, 5));
    orm_query *u = query(ORM_Q_SETOP);
    u->setop = ORM_SETOP_UNION;
    u->setop_all = true;
    u->larg = base;
    u->rarg = rec;
    target(u, base->targets[0].expr, "?column?");
    orm_query *q = query(ORM_Q_SELECT);
    q->recursive = true;
    q->nctes = 1;
    q->ctes = og_arena_zalloc(&A, sizeof(orm_cte));
    static const char *cn[] = {"n"};
    q->ctes[0] = (orm_cte){"t", u, 1, cn, NULL, NULL};
    uint16_t r = add_rte(q, ORM_RTE_CTE, "t", 1, cn);
    from(q, leaf(r));
    target(q, agg(&F_SUM4, 20, col(0, r, 0, 23)), "sum");
    drv_sql s = render(q, 0);
    /* the recursive arm's "t" would shadow the outer level's "t" (which no reference needs here): renamed */
    assert_sql(s, "WITH RECURSIVE \"t\"(\"n\") AS (SELECT ?1 AS \"n\" UNION ALL SELECT (\"t_2\".\"n\" + ?2) AS "
                  "\"?column?\" FROM \"t\" AS \"t_2\" WHERE \"t_2\".\"n\" < ?3) SELECT sum(\"t\".\"n\") AS \"sum\" "
                  "FROM \"t\"");
    assert_rows(run(&s, NULL, 0), "15");
}

static void test_subqueries(void **state)
{
    /* SELECT name, (SELECT count(*) FROM book b WHERE b.author_id = a.id),
     *        EXISTS (SELECT 1 FROM book b WHERE b.author_id = a.id AND b.price > '10'),
     *        a.score > ALL (SELECT price FROM book b WHERE b.author_id = a.id),
     *        a.id IN (SELECT author_id FROM book)
     * FROM author a ORDER BY a.id */
    orm_query *q = query(ORM_Q_SELECT);
    uint16_t a = add_entity(q, author, "a");
    from(q, leaf(a));
    target(q, col(0, a, 1, 25), "name");
    orm_query *cnt = query(ORM_Q_SELECT);
    from(cnt, leaf(add_entity(cnt, book, "b")));
    cnt->where = cmp(ORM_CMP_EQ, 23, col(0, 0, 1, 23), col(1, a, 0, 23));
    target(cnt, agg(&F_COUNT_STAR, 20, NULL), "count");
    orm_expr *sc = ex(ORM_EX_SUBLINK, 20);
    sc->u.sub.kind = ORM_SUB_SCALAR;
    sc->u.sub.query = cnt;
    target(q, sc, "count");
    orm_query *ex1 = query(ORM_Q_SELECT);
    from(ex1, leaf(add_entity(ex1, book, "b")));
    ex1->where = with_args(ex(ORM_EX_AND, 16), 2, cmp(ORM_CMP_EQ, 23, col(0, 0, 1, 23), col(1, a, 0, 23)),
                           cmp(ORM_CMP_GT, 1700, col(0, 0, 3, 1700), cstr(1700, "10")));
    target(ex1, cint(23, 1), "?column?");
    orm_expr *exists = ex(ORM_EX_SUBLINK, 16);
    exists->u.sub.kind = ORM_SUB_EXISTS;
    exists->u.sub.query = ex1;
    target(q, exists, "exists");
    orm_query *prices = query(ORM_Q_SELECT);
    from(prices, leaf(add_entity(prices, book, "b")));
    prices->where = cmp(ORM_CMP_EQ, 23, col(0, 0, 1, 23), col(1, a, 0, 23));
    target(prices, col(0, 0, 3, 1700), "price");
    orm_expr *all = with_args(ex(ORM_EX_SUBLINK, 16), 1, col(0, a, 2, 1700));
    all->u.sub.kind = ORM_SUB_ALL;
    all->u.sub.op = ORM_CMP_GT;
    all->u.sub.cmp_type = 1700;
    all->u.sub.query = prices;
    target(q, all, "all");
    orm_query *ids = query(ORM_Q_SELECT);
    from(ids, leaf(add_entity(ids, book, NULL)));
    target(ids, col(0, 0, 1, 23), "author_id");
    orm_expr *in = with_args(ex(ORM_EX_SUBLINK, 16), 1, col(0, a, 0, 23));
    in->u.sub.kind = ORM_SUB_IN;
    in->u.sub.cmp_type = 23;
    in->u.sub.query = ids;
    target(q, in, "in");
    orm_expr *notin = with_args(ex(ORM_EX_NOT, 16), 1, in);
    target(q, notin, "notin");
    sort(q, col(0, a, 0, 23), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(q, 0);
    assert_sql(s,
               "SELECT \"a\".\"name\" AS \"name\", (SELECT og_scalar(\"og_s1\".\"og_v\") FROM (SELECT * FROM (SELECT"
               " count(*) AS \"og_v\" FROM \"book\" AS \"b\" WHERE \"b\".\"author_id\" = \"a\".\"id\") LIMIT 2) AS \"og_s"
               "1\") AS \"count\", EXISTS (SELECT ?1 AS \"?column?\" FROM \"book\" AS \"b\" WHERE \"b\".\"author_id\" ="
               " \"a\".\"id\" AND \"b\".\"price\" > ?2 COLLATE og_numeric) AS \"exists\", CASE WHEN EXISTS (SELECT 1"
               " FROM (SELECT \"b\".\"price\" AS \"og_v\" FROM \"book\" AS \"b\" WHERE \"b\".\"author_id\" = \"a\".\"id\") A"
               "S \"og_s2\" WHERE NOT (\"a\".\"score\" > \"og_s2\".\"og_v\" COLLATE og_numeric)) THEN 0 WHEN EXISTS "
               "(SELECT 1 FROM (SELECT \"b\".\"price\" AS \"og_v\" FROM \"book\" AS \"b\" WHERE \"b\".\"author_id\" = \"a"
               "\".\"id\") AS \"og_s2\" WHERE (\"a\".\"score\" > \"og_s2\".\"og_v\" COLLATE og_numeric) IS NULL) THEN N"
               "ULL ELSE 1 END AS \"all\", \"a\".\"id\" IN (SELECT \"book\".\"author_id\" AS \"author_id\" FROM \"book\""
               ") AS \"in\", NOT (\"a\".\"id\" IN (SELECT \"book\".\"author_id\" AS \"author_id\" FROM \"book\")) AS \"no"
               "tin\" FROM \"author\" AS \"a\" ORDER BY \"a\".\"id\" ASC NULLS LAST");
    /* ann (9.5) is not above 12.50; bob (10.00) is above 7.0; cid has no books: ALL is true.
     * NOT IN over a set with a NULL is NULL, as in PostgreSQL */
    assert_rows(run(&s, NULL, 0), "ann|2|1|0|1|0\nbob|1|0|1|1|0\ncid|0|0|1|NULL|NULL");
}

static void test_alias_shadowing(void **state)
{
    /* SELECT id FROM author a WHERE EXISTS (SELECT 1 FROM book a WHERE a.author_id = <outer a>.id):
     * the inner "a" is renamed so the outer reference still means the outer table */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, author, "a")));
    target(q, col(0, 0, 0, 23), "id");
    orm_query *in = query(ORM_Q_SELECT);
    from(in, leaf(add_entity(in, book, "a")));
    target(in, cint(23, 1), "?column?");
    in->where = cmp(ORM_CMP_EQ, 23, col(0, 0, 1, 23), col(1, 0, 0, 23));
    orm_expr *e = ex(ORM_EX_SUBLINK, 16);
    e->u.sub.kind = ORM_SUB_EXISTS;
    e->u.sub.query = in;
    q->where = e;
    sort(q, col(0, 0, 0, 23), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(q, 0);
    assert_sql(s,
               "SELECT \"a\".\"id\" AS \"id\" FROM \"author\" AS \"a\" WHERE EXISTS (SELECT ?1 AS \"?column?\" FROM "
               "\"book\" AS \"a_2\" WHERE \"a_2\".\"author_id\" = \"a\".\"id\") ORDER BY \"a\".\"id\" ASC NULLS LAST");
    assert_rows(run(&s, NULL, 0), "1\n2");
}

static void test_arrays(void **state)
{
    /* SELECT id FROM author WHERE id = ANY($1) ORDER BY id;  $1 = {1,3,NULL} */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, author, NULL)));
    target(q, col(0, 0, 0, 23), "id");
    orm_expr *any = with_args(ex(ORM_EX_ANY, 16), 2, col(0, 0, 0, 23), param(1, OG_OID_INT4_ARRAY));
    any->u.any.op = ORM_CMP_EQ;
    any->u.any.cmp_type = 23;
    q->where = any;
    sort(q, col(0, 0, 0, 23), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(q, 1);
    assert_sql(s,
               "SELECT \"author\".\"id\" AS \"id\" FROM \"author\" WHERE CASE WHEN ?1 IS NULL THEN NULL ELSE "
               "\"author\".\"id\" IN (SELECT \"og_e1\".\"value\" FROM json_each(?1, CASE json_type(?1) WHEN 'object' "
               "THEN '$.elems' ELSE '$' END) AS \"og_e1\") END ORDER BY \"author\".\"id\" ASC NULLS LAST");
    og_value el[] = {v_int(23, 1), v_int(23, 3), og_value_null(23)};
    og_value arr = v_array(OG_OID_INT4_ARRAY, el, 3);
    assert_rows(run(&s, &arr, 1), "1\n3");

    /* id > ALL ('{1,2}') over JSON storage, three-valued */
    any->u.any.all = true;
    any->u.any.op = ORM_CMP_GT;
    s = render(q, 1);
    assert_rows(run(&s, &arr, 1), "");
    arr = v_array(OG_OID_INT4_ARRAY, el, 2);
    assert_rows(run(&s, &arr, 1), "");
    el[1] = v_int(23, 2);
    assert_rows(run(&s, &arr, 1), "3");

    /* SELECT u.x, u.ordinality FROM unnest('{a,b}'::text[]) WITH ORDINALITY u */
    orm_query *un = query(ORM_Q_SELECT);
    static const char *names[] = {"x", "ordinality"};
    uint16_t r = add_rte(un, ORM_RTE_FUNCTION, "u", 2, names);
    og_value te[] = {v_str(25, "a"), v_str(25, "b \"q\"")};
    orm_expr *c = ex(ORM_EX_CONST, OG_OID_TEXT_ARRAY);
    c->u.value = v_array(OG_OID_TEXT_ARRAY, te, 2);
    un->rtes[r].func = call(&F_UNNEST, 25, 1, c, NULL);
    un->rtes[r].ordinality = true;
    un->rtes[r].lateral = true;
    from(un, leaf(r));
    target(un, col(0, r, 0, 25), "x");
    target(un, col(0, r, 1, 20), "ordinality");
    s = render(un, 0);
    assert_sql(s, "SELECT \"u\".\"value\" AS \"x\", (\"u\".\"key\" + 1) AS \"ordinality\" FROM json_each(?1, CASE "
                  "json_type(?1) WHEN 'object' THEN '$.elems' ELSE '$' END) AS \"u\"");
    assert_rows(run(&s, NULL, 0), "a|1\nb \"q\"|2");

    /* ARRAY[...] and ARRAY(subquery) build the JSON storage */
    orm_query *q2 = query(ORM_Q_SELECT);
    target(q2, with_args(ex(ORM_EX_ARRAY, OG_OID_INT4_ARRAY), 3, cint(23, 1), cnull(23), cint(23, 3)), "a");
    target(q2, with_args(ex(ORM_EX_ARRAY, OG_OID_BOOL_ARRAY), 2, cint(16, 1), cint(16, 0)), "b");
    orm_query *sub = query(ORM_Q_SELECT);
    from(sub, leaf(add_entity(sub, author, NULL)));
    target(sub, col(0, 0, 1, 25), "name");
    sort(sub, col(0, 0, 1, 25), true, ORM_NULLS_DEFAULT);
    orm_expr *as = ex(ORM_EX_SUBLINK, OG_OID_TEXT_ARRAY);
    as->u.sub.kind = ORM_SUB_ARRAY;
    as->u.sub.query = sub;
    target(q2, as, "c");
    s = render(q2, 0);
    assert_sql(s, "SELECT json_array(?1, ?2, ?3) AS \"a\", json_array(json(CASE ?4 WHEN 0 THEN 'false' WHEN 1 THEN "
                  "'true' END), json(CASE ?5 WHEN 0 THEN 'false' WHEN 1 THEN 'true' END)) AS \"b\", (SELECT "
                  "json_group_array(\"og_a1\".\"og_v\") FROM (SELECT \"author\".\"name\" AS \"og_v\" FROM \"author\" "
                  "ORDER BY \"author\".\"name\" DESC NULLS FIRST) AS \"og_a1\") AS \"c\"");
    q2->targets[1].expr->args[0]->u.value.oid = 16; /* bools bind as 0/1 */
    q2->targets[1].expr->args[0]->u.value.u.b = true;
    q2->targets[1].expr->args[1]->u.value.oid = 16;
    assert_rows(run(&s, NULL, 0), "[1,null,3]|[true,false]|[\"cid\",\"bob\",\"ann\"]");
    /* floats would lose digits in SQLite's JSON: refused */
    q2->targets[0].expr->type = OG_OID_FLOAT8_ARRAY;
    render_fails(q2, 0, "0A000", "ARRAY[...] of type double precision is not supported on the sqlite backend");
}

static void test_generate_series(void **state)
{
    static const char *names[] = {"n", "ordinality"};
    struct {
        int64_t a, b, step;
        const char *rows;
    } cases[] = {
        {1, 3, 1, "1|1\n2|2\n3|3"},
        {5, 1, -2, "5|1\n3|2\n1|3"},
        {1, 3, -1, ""},
        {1, 3, 0, ""}, /* PostgreSQL: 22023 step size cannot equal zero */
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        orm_query *q = query(ORM_Q_SELECT);
        uint16_t r = add_rte(q, ORM_RTE_FUNCTION, "g", 2, names);
        orm_expr *f =
            with_args(ex(ORM_EX_FUNC, 23), 3, cint(23, cases[k].a), cint(23, cases[k].b), cint(23, cases[k].step));
        f->u.call.fn = &F_GS;
        q->rtes[r].func = f;
        q->rtes[r].ordinality = true;
        from(q, leaf(r));
        target(q, col(0, r, 0, 23), "n");
        target(q, col(0, r, 1, 20), "ordinality");
        drv_sql s = render(q, 0);
        if (k == 0)
            assert_sql(s,
                       "SELECT \"g\".\"n\" AS \"n\", \"g\".\"ordinality\" AS \"ordinality\" FROM (WITH RECURSIVE "
                       "\"og_gs1\"(\"v\", \"n\") AS (SELECT ?1, 1 WHERE (?3 > 0 AND ?1 <= ?2) OR (?3 < 0 AND ?1 >= "
                       "?2) UNION ALL SELECT (\"v\" + ?3), \"n\" + 1 FROM \"og_gs1\" WHERE (?3 > 0 AND (\"v\" + ?3) <= "
                       "?2) OR (?3 < 0 AND (\"v\" + ?3) >= ?2)) SELECT \"v\" AS \"n\", \"n\" AS \"ordinality\" FROM "
                       "\"og_gs1\") AS \"g\"");
        assert_rows(run(&s, NULL, 0), cases[k].rows);
    }
    /* generate_series over another FROM item's column (LATERAL): the CTE in a scalar subquery, its
     * rows as JSON arrays through json_each */
    orm_query *q = query(ORM_Q_SELECT);
    uint16_t a = add_entity(q, author, NULL);
    uint16_t r = add_rte(q, ORM_RTE_FUNCTION, "g", 1, names);
    orm_expr *f = with_args(ex(ORM_EX_FUNC, 23), 2, cint(23, 1), col(0, a, 0, 23));
    f->u.call.fn = &F_GS;
    q->rtes[r].func = f;
    from(q, leaf(a));
    from(q, leaf(r));
    target(q, col(0, r, 0, 23), "n");
    static uint32_t gtypes[] = {23};
    q->rtes[r].coltypes = gtypes;
    drv_sql s = render(q, 0);
    assert_rows(run(&s, NULL, 0), "1\n1\n2\n1\n2\n3");
}

static void test_limit_offset(void **state)
{
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, author, NULL)));
    target(q, col(0, 0, 0, 23), "id");
    sort(q, col(0, 0, 0, 23), false, ORM_NULLS_DEFAULT);
    q->offset = cint(20, 1);
    drv_sql s = render(q, 0);
    assert_non_null(strstr(s.sql, " LIMIT -1 OFFSET ?1"));
    assert_rows(run(&s, NULL, 0), "2\n3");
    /* a parameter may be NULL: LIMIT ALL / OFFSET 0 */
    q->limit = param(1, 20);
    q->offset = param(2, 20);
    s = render(q, 2);
    assert_non_null(strstr(s.sql, " LIMIT coalesce(?1, -1) OFFSET coalesce(?2, 0)"));
    og_value p[2] = {og_value_null(20), og_value_null(20)};
    assert_rows(run(&s, p, 2), "1\n2\n3");
    q->limit = cint(20, -1);
    q->offset = NULL;
    render_fails(q, 0, "2201W", "LIMIT must not be negative");
    q->limit = NULL;
    q->offset = cint(20, -1);
    render_fails(q, 0, "2201X", "OFFSET must not be negative");
}

static void test_unsupported(void **state)
{
    /* ORDER BY an array */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, author, NULL)));
    target(q, col(0, 0, 3, OG_OID_INT4_ARRAY), "tags");
    sort(q, col(0, 0, 3, OG_OID_INT4_ARRAY), false, ORM_NULLS_DEFAULT);
    render_fails(q, 0, "0A000", "ORDER BY on type integer[] is not supported on the sqlite backend");
    /* arrays compare through og_cmp */
    q->nsort = 0;
    q->where = cmp(ORM_CMP_LT, OG_OID_INT4_ARRAY, col(0, 0, 3, OG_OID_INT4_ARRAY), param(1, OG_OID_INT4_ARRAY));
    drv_sql s = render(q, 1);
    assert_non_null(strstr(s.sql, "WHERE og_cmp(1007, \"author\".\"tags\", ?1) < 0"));
}

static void test_with_on_set_operation(void **state)
{
    /* WITH c AS (SELECT id FROM author) SELECT id FROM c WHERE id < 2 UNION SELECT id + 10 FROM c ORDER BY 1:
     * the arms see the WITH through the set operation's level */
    orm_query *cq = query(ORM_Q_SELECT);
    from(cq, leaf(add_entity(cq, author, NULL)));
    target(cq, col(0, 0, 0, 23), "id");
    static const char *cn[] = {"id"};
    orm_query *l = query(ORM_Q_SELECT), *r = query(ORM_Q_SELECT);
    uint16_t lc = add_rte(l, ORM_RTE_CTE, "c", 1, cn), rc = add_rte(r, ORM_RTE_CTE, "c", 1, cn);
    l->rtes[lc].cte_levelsup = 1;
    r->rtes[rc].cte_levelsup = 1;
    from(l, leaf(lc));
    from(r, leaf(rc));
    target(l, col(0, lc, 0, 23), "id");
    l->where = cmp(ORM_CMP_LT, 23, col(0, lc, 0, 23), cint(23, 2));
    target(r, call(&F_INT4PL, 23, 2, col(0, rc, 0, 23), cint(23, 10)), "?column?");
    orm_query *u = query(ORM_Q_SETOP);
    u->nctes = 1;
    u->ctes = og_arena_zalloc(&A, sizeof(orm_cte));
    u->ctes[0] = (orm_cte){"c", cq, 1, cn, NULL, NULL};
    u->setop = ORM_SETOP_UNION;
    u->larg = l;
    u->rarg = r;
    target(u, l->targets[0].expr, "id");
    sort(u, output(0, 23), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(u, 0);
    assert_sql(
        s, "WITH \"c\"(\"id\") AS (SELECT \"author\".\"id\" AS \"id\" FROM \"author\") SELECT \"c\".\"id\" AS \"id\" "
           "FROM \"c\" WHERE \"c\".\"id\" < ?1 UNION SELECT (\"c\".\"id\" + ?2) AS \"?column?\" FROM \"c\" ORDER "
           "BY 1 ASC NULLS LAST");
    assert_rows(run(&s, NULL, 0), "1\n11\n12\n13");
}

static void test_function_compared_types(void **state)
{
    /* arrays compare only through og_cmp: IN becomes ORs, IS DISTINCT FROM a CASE, GREATEST a CASE */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, author, NULL)));
    orm_expr *tags = col(0, 0, 3, OG_OID_INT4_ARRAY);
    orm_expr *in = with_args(ex(ORM_EX_IN, 16), 3, tags, param(1, OG_OID_INT4_ARRAY), param(2, OG_OID_INT4_ARRAY));
    in->u.cmp.cmp_type = OG_OID_INT4_ARRAY;
    orm_expr *dis = with_args(ex(ORM_EX_DISTINCT, 16), 2, tags, param(1, OG_OID_INT4_ARRAY));
    dis->u.cmp.cmp_type = OG_OID_INT4_ARRAY;
    orm_expr *gr = with_args(ex(ORM_EX_GREATEST, OG_OID_INT4_ARRAY), 2, tags, param(2, OG_OID_INT4_ARRAY));
    orm_expr *bt = with_args(ex(ORM_EX_BOOLTEST, 16), 1, cmp(ORM_CMP_GT, 23, col(0, 0, 0, 23), cint(23, 1)));
    bt->u.booltest = ORM_BT_NOT_TRUE;
    target(q, col(0, 0, 1, 25), "name");
    target(q, in, "in");
    target(q, dis, "dis");
    target(q, gr, "gr");
    target(q, bt, "bt");
    sort(q, col(0, 0, 0, 23), false, ORM_NULLS_DEFAULT);
    drv_sql s = render(q, 2);
    assert_sql(s, "SELECT \"author\".\"name\" AS \"name\", (og_cmp(1007, \"author\".\"tags\", ?1) = 0 OR og_cmp(1007, "
                  "\"author\".\"tags\", ?2) = 0) AS \"in\", CASE WHEN \"author\".\"tags\" IS NULL THEN ?1 IS NOT NULL "
                  "WHEN ?1 IS NULL THEN 1 ELSE og_cmp(1007, \"author\".\"tags\", ?1) <> 0 END AS \"dis\", (CASE WHEN "
                  "\"author\".\"tags\" IS NULL THEN ?2 WHEN ?2 IS NULL THEN \"author\".\"tags\" WHEN og_cmp(1007, "
                  "\"author\".\"tags\", ?2) >= 0 THEN \"author\".\"tags\" ELSE ?2 END) AS \"gr\", (\"author\".\"id\" > "
                  "?3) IS NOT TRUE AS \"bt\" FROM \"author\" ORDER BY \"author\".\"id\" ASC NULLS LAST");
    exec_sql("UPDATE author SET tags = '[1,2]' WHERE id = 1");
    og_value e1[] = {v_int(23, 1), v_int(23, 2)}, e2[] = {v_int(23, 5)};
    og_value p[2] = {v_array(OG_OID_INT4_ARRAY, e1, 2), v_array(OG_OID_INT4_ARRAY, e2, 1)};
    assert_rows(run(&s, p, 2), "ann|1|0|[5]|1\nbob|NULL|1|[5]|0\ncid|NULL|1|[5]|0");
}

/* With the driver's own og_* functions and collations on the connection: what is rendered through
 * them runs with PostgreSQL's results. */
static void test_with_driver_functions(void **state)
{
    og_error err = OG_ERROR_INIT;
    sq_funcs *fx = drv_sqlite_funcs_open(db, &err);
    if (!fx)
        fail_msg("%s", err.message);
    drv_sqlite_funcs_begin(fx, NULL);

    /* avg(numeric) and its window form; numeric collation of the driver */
    orm_query *q = query(ORM_Q_SELECT);
    from(q, leaf(add_entity(q, book, NULL)));
    orm_expr *avg = agg(&F_AVGNUM, 1700, col(0, 0, 3, 1700));
    avg->u.call.fn = orm_fn_by_sym("avg_numeric");
    assert_non_null(avg->u.call.fn);
    target(q, avg, "avg");
    drv_sql s = render(q, 0);
    assert_sql(s, "SELECT og_avg_numeric('1700:1700', \"book\".\"price\") AS \"avg\" FROM \"book\"");
    assert_rows(run(&s, NULL, 0), "8.8333333333333333");

    /* generate_series(timestamp, timestamp, interval): the step through og_timestamp_pl_interval */
    orm_query *g = query(ORM_Q_SELECT);
    static const char *names[] = {"t"};
    uint16_t r = add_rte(g, ORM_RTE_FUNCTION, "g", 1, names);
    og_value day = {0};
    day.oid = OG_OID_INTERVAL;
    day.u.iv.days = 1;
    orm_expr *step = ex(ORM_EX_CONST, OG_OID_INTERVAL);
    step->u.value = day;
    orm_expr *f = with_args(ex(ORM_EX_FUNC, OG_OID_TIMESTAMP), 3, cint(OG_OID_TIMESTAMP, 0),
                            cint(OG_OID_TIMESTAMP, INT64_C(172800000000)), step);
    f->u.call.fn = &F_GS;
    g->rtes[r].func = f;
    from(g, leaf(r));
    target(g, col(0, r, 0, OG_OID_TIMESTAMP), "t");
    s = render(g, 0);
    assert_non_null(strstr(s.sql, "og_timestamp_pl_interval('1114:1114,1186', \"v\", ?3)"));
    assert_non_null(strstr(s.sql, "?3 > 'PT0S' COLLATE og_interval"));
    assert_rows(run(&s, NULL, 0), "0\n86400000000\n172800000000");

    /* casts: text to numeric(4,1) rounds (assignment), and its errors are PostgreSQL's */
    orm_query *c = query(ORM_Q_SELECT);
    target(c, cast(cstr(25, "12.25"), 1700, (4 << 16 | 1) + 4, false), "n");
    s = render(c, 0);
    assert_sql(s, "SELECT og_cast('25:1700:262149:0', ?1) AS \"n\"");
    assert_rows(run(&s, NULL, 0), "12.3");
    c->targets[0].expr->args[0] = cstr(25, "1234.5");
    s = render(c, 0);
    const char *e = run(&s, NULL, 0); /* the driver turns this back into the og_error (drivers/sqlite_err.c) */
    assert_true(!strncmp(e, "error: og:22003:", 16) && strstr(e, "numeric field overflow"));

    /* ORDER BY inside aggregates through the driver's ogo_ functions:
     * array_agg(id ORDER BY price DESC), string_agg(DISTINCT title, ',' ORDER BY title DESC) */
    orm_query *o = query(ORM_Q_SELECT);
    from(o, leaf(add_entity(o, book, NULL)));
    orm_expr *aa = agg(orm_fn_by_sym("array_agg"), OG_OID_INT4_ARRAY, col(0, 0, 0, 23));
    assert_non_null(aa->u.call.fn);
    aa->u.call.norder = 1;
    aa->u.call.order = og_arena_zalloc(&A, sizeof(orm_sortby));
    aa->u.call.order[0].expr = col(0, 0, 3, 1700);
    aa->u.call.order[0].desc = true;
    target(o, aa, "a");
    orm_expr *sa = with_args(ex(ORM_EX_AGG, 25), 2, col(0, 0, 2, 25), cstr(25, ","));
    sa->u.call.fn = orm_fn_by_sym("string_agg");
    assert_non_null(sa->u.call.fn);
    sa->u.call.distinct = true;
    sa->u.call.norder = 1;
    sa->u.call.order = og_arena_zalloc(&A, sizeof(orm_sortby));
    sa->u.call.order[0].expr = col(0, 0, 2, 25);
    sa->u.call.order[0].desc = true;
    target(o, sa, "s");
    s = render(o, 0);
    assert_sql(s, "SELECT ogo_array_agg('1007:23', '0:1700DF', \"book\".\"id\", \"book\".\"price\") AS \"a\", "
                  "ogo_string_agg('25:25,25', '1:25DF', \"book\".\"title\", ?1, \"book\".\"title\") AS \"s\" "
                  "FROM \"book\"");
    /* NULL price first; 7 and 7.0 are equal: input order */
    assert_rows(run(&s, NULL, 0), "[13,10,11,12]|d,c,b,a");

    /* SELECT b.id, e.key, e.value FROM book b, jsonb_each(...) e: og_json_each, lateral over a column */
    static const orm_fn F_JSONB_EACH = {"jsonb_each", "jsonb_each", 1, {3802}, 3802, 0, NULL, NULL};
    static const orm_fn F_ELEMS_TEXT = {
        "json_array_elements_text", "json_array_elements_text", 1, {114}, 25, 0, NULL, NULL};
    orm_query *j = query(ORM_Q_SELECT);
    uint16_t b = add_entity(j, book, "b");
    static const char *jnames[] = {"k", "v", "n"};
    uint16_t je = add_rte(j, ORM_RTE_FUNCTION, "e", 3, jnames);
    j->rtes[je].func = call(&F_JSONB_EACH, 3802, 1, cstr(3802, "{\"a\": [1, 2.50], \"bb\": \"x\"}"), NULL);
    j->rtes[je].ordinality = true;
    j->rtes[je].lateral = true;
    static const char *tnames[] = {"value"};
    uint16_t jt = add_rte(j, ORM_RTE_FUNCTION, "t", 1, tnames);
    orm_expr *doc =
        call(&F_TEXTCAT, 25, 2, call(&F_TEXTCAT, 25, 2, cstr(25, "[\""), col(0, b, 2, 25)), cstr(25, "\"]"));
    j->rtes[jt].func = call(&F_ELEMS_TEXT, 25, 1, cast(doc, 114, -1, true), NULL);
    j->rtes[jt].lateral = true;
    from(j, leaf(b));
    from(j, leaf(je));
    from(j, leaf(jt));
    target(j, col(0, b, 0, 23), "id");
    target(j, col(0, je, 0, 25), "k");
    target(j, col(0, je, 1, 3802), "v");
    target(j, col(0, je, 2, 20), "n");
    target(j, col(0, jt, 0, 25), "t");
    j->where = cmp(ORM_CMP_LT, 23, col(0, b, 0, 23), cint(23, 12));
    sort(j, col(0, b, 0, 23), false, ORM_NULLS_DEFAULT);
    sort(j, col(0, je, 2, 20), false, ORM_NULLS_DEFAULT);
    s = render(j, 0);
    assert_non_null(strstr(s.sql, "og_json_each(?1, 1) AS \"e\""));
    assert_non_null(strstr(s.sql, "\"e\".\"key\" AS \"k\", \"e\".\"value\" AS \"v\", \"e\".\"ord\" AS \"n\", "
                                  "\"t\".\"value\" AS \"t\""));
    assert_non_null(strstr(s.sql, ") AS \"t\""));
    assert_rows(run(&s, NULL, 0), "10|a|[1, 2.50]|1|a\n10|bb|\"x\"|2|a\n11|a|[1, 2.50]|1|b\n11|bb|\"x\"|2|b");

    sqlite3_close(db);
    db = NULL;
    drv_sqlite_funcs_free(fx);
}

/* ---------- tests: DML ---------- */

static void test_insert(void **state)
{
    /* INSERT INTO book (id, author_id, title, price) VALUES (20, 1, DEFAULT, '1.5'), (21, 2, 'x', DEFAULT)
     * RETURNING id, title */
    orm_query *q = query(ORM_Q_INSERT);
    q->target_rte = add_entity(q, book, NULL);
    static uint16_t cols[] = {0, 1, 2, 3};
    q->ncols = 4;
    q->cols = cols;
    q->nrows = 2;
    q->rows = og_arena_zalloc(&A, sizeof(orm_expr **) * 2);
    orm_expr *dflt_title = ex(ORM_EX_DEFAULT, OG_OID_VARCHAR);
    dflt_title->u.default_prop = 2;
    orm_expr *dflt_price = ex(ORM_EX_DEFAULT, 1700);
    dflt_price->u.default_prop = 3;
    orm_expr *r0[] = {cint(23, 20), cint(23, 1), dflt_title, cast(cstr(25, "1.5"), 1700, -1, false)};
    orm_expr *r1[] = {cint(23, 21), cint(23, 2), cstr(OG_OID_VARCHAR, "x"), dflt_price};
    q->rows[0] = r0;
    q->rows[1] = r1;
    target(q, col(0, 0, 0, 23), "id");
    target(q, col(0, 0, 2, OG_OID_VARCHAR), "title");
    drv_sql s = render(q, 0);
    assert_sql(s, "INSERT INTO \"book\" (\"id\", \"author_id\", \"title\", \"price\") VALUES (?1, ?2, ?3, "
                  "og_cast('25:1700:-1:0', ?4)), (?5, ?6, ?7, ?8) RETURNING \"book\".\"id\" AS \"id\", "
                  "\"book\".\"title\" AS \"title\"");
    assert_string_equal(s.binds[2].value->u.str.p, "untitled");
    assert_true(s.binds[7].value->isnull);
    assert_rows(run(&s, NULL, 0), "20|untitled\n21|x");

    /* a column that is DEFAULT in every row is left out; ON CONFLICT DO UPDATE with EXCLUDED */
    orm_query *u = query(ORM_Q_INSERT);
    u->target_rte = add_entity(u, book, "b");
    static uint16_t ucols[] = {0, 2, 3};
    u->ncols = 3;
    u->cols = ucols;
    u->nrows = 1;
    u->rows = og_arena_zalloc(&A, sizeof(orm_expr **));
    orm_expr *ur[] = {cint(23, 20), cstr(OG_OID_VARCHAR, "new"), dflt_price};
    u->rows[0] = ur;
    u->conflict = ORM_CONFLICT_UPDATE;
    static uint16_t ccols[] = {0};
    u->nconflict_cols = 1;
    u->conflict_cols = ccols;
    u->excluded_rte = add_entity(u, book, "excluded");
    static uint16_t scols[] = {2};
    u->nset = 1;
    u->set_cols = scols;
    u->set_exprs = og_arena_zalloc(&A, sizeof(orm_expr *));
    u->set_exprs[0] =
        call(&F_TEXTCAT, OG_OID_TEXT, 2, col(0, 0, 2, OG_OID_VARCHAR), col(0, u->excluded_rte, 2, OG_OID_VARCHAR));
    u->set_exprs[0] = cast(u->set_exprs[0], OG_OID_VARCHAR, 24, false);
    u->conflict_where = cmp(ORM_CMP_NE, 25, col(0, 0, 2, 25), cstr(25, "zzz"));
    target(u, col(0, 0, 2, OG_OID_VARCHAR), "title");
    s = render(u, 0);
    assert_sql(s,
               "INSERT INTO \"book\" AS \"b\" (\"id\", \"title\") VALUES (?1, ?2) ON CONFLICT (\"id\") DO UPDATE SET "
               "\"title\" = og_cast('25:1043:24:0', (\"b\".\"title\" || \"excluded\".\"title\")) WHERE "
               "\"b\".\"title\" <> ?3 RETURNING \"book\".\"title\" AS \"title\"");
    assert_rows(run(&s, NULL, 0), "untitlednew");

    /* INSERT ... SELECT with ON CONFLICT DO NOTHING, and DEFAULT VALUES */
    orm_query *src = query(ORM_Q_SELECT);
    from(src, leaf(add_entity(src, book, NULL)));
    target(src, call(&F_INT4PL, 23, 2, col(0, 0, 0, 23), cint(23, 100)), "id");
    target(src, col(0, 0, 2, OG_OID_VARCHAR), "title");
    src->where = cmp(ORM_CMP_LT, 23, col(0, 0, 0, 23), cint(23, 100));
    orm_query *is = query(ORM_Q_INSERT);
    is->target_rte = add_entity(is, book, NULL);
    static uint16_t icols[] = {0, 2};
    is->ncols = 2;
    is->cols = icols;
    is->source = src;
    is->conflict = ORM_CONFLICT_NOTHING;
    s = render(is, 0);
    assert_sql(s, "INSERT INTO \"book\" (\"id\", \"title\") SELECT * FROM (SELECT (\"book_2\".\"id\" + ?1) AS "
                  "\"id\", \"book_2\".\"title\" AS \"title\" FROM \"book\" AS \"book_2\" WHERE \"book_2\".\"id\" < ?2) "
                  "WHERE 1 ON CONFLICT DO NOTHING");
    assert_rows(run(&s, NULL, 0), "");
    assert_int_equal(sqlite3_changes(db), 6);
    assert_rows(run(&s, NULL, 0), "");
    assert_int_equal(sqlite3_changes(db), 0); /* every row conflicts now */
}

static void test_update_delete(void **state)
{
    /* UPDATE book b SET price = a.score FROM author a WHERE a.id = b.author_id AND a.name = 'bob' RETURNING b.id */
    orm_query *q = query(ORM_Q_UPDATE);
    q->target_rte = add_entity(q, book, "b");
    uint16_t a = add_entity(q, author, "a");
    from(q, leaf(a));
    static uint16_t scols[] = {3};
    q->nset = 1;
    q->set_cols = scols;
    q->set_exprs = og_arena_zalloc(&A, sizeof(orm_expr *));
    q->set_exprs[0] = col(0, a, 2, 1700);
    q->where = with_args(ex(ORM_EX_AND, 16), 2, cmp(ORM_CMP_EQ, 23, col(0, a, 0, 23), col(0, 0, 1, 23)),
                         cmp(ORM_CMP_EQ, 25, col(0, a, 1, 25), cstr(25, "bob")));
    target(q, col(0, 0, 0, 23), "id");
    target(q, col(0, 0, 3, 1700), "price");
    drv_sql s = render(q, 0);
    assert_sql(s, "UPDATE \"book\" AS \"b\" SET \"price\" = \"a\".\"score\" FROM \"author\" AS \"a\" WHERE "
                  "\"a\".\"id\" = \"b\".\"author_id\" AND \"a\".\"name\" = ?1 RETURNING \"book\".\"id\" AS \"id\", "
                  "\"book\".\"price\" AS \"price\"");
    assert_rows(run(&s, NULL, 0), "12|10.00");
    /* RETURNING a column of the FROM table: SQLite cannot */
    target(q, col(0, a, 1, 25), "name");
    render_fails(q, 0, "0A000", "RETURNING may use only columns of the target table on the sqlite backend");

    /* DELETE FROM book b USING author a WHERE a.id = b.author_id AND a.name = 'ann' RETURNING title */
    orm_query *d = query(ORM_Q_DELETE);
    d->target_rte = add_entity(d, book, "b");
    uint16_t da = add_entity(d, author, "a");
    from(d, leaf(da));
    d->where = with_args(ex(ORM_EX_AND, 16), 2, cmp(ORM_CMP_EQ, 23, col(0, da, 0, 23), col(0, 0, 1, 23)),
                         cmp(ORM_CMP_EQ, 25, col(0, da, 1, 25), cstr(25, "ann")));
    target(d, col(0, 0, 2, OG_OID_VARCHAR), "title");
    s = render(d, 0);
    assert_sql(s, "DELETE FROM \"book\" AS \"b\" WHERE EXISTS (SELECT 1 FROM \"author\" AS \"a\" WHERE \"a\".\"id\" = "
                  "\"b\".\"author_id\" AND \"a\".\"name\" = ?1) RETURNING \"book\".\"title\" AS \"title\"");
    assert_rows(run(&s, NULL, 0), "a\nb");

    /* UPDATE ... SET col = DEFAULT (a constant default) */
    orm_query *u = query(ORM_Q_UPDATE);
    u->target_rte = add_entity(u, book, NULL);
    static uint16_t tcols[] = {2};
    u->nset = 1;
    u->set_cols = tcols;
    u->set_exprs = og_arena_zalloc(&A, sizeof(orm_expr *));
    u->set_exprs[0] = ex(ORM_EX_DEFAULT, OG_OID_VARCHAR);
    u->set_exprs[0]->u.default_prop = 2;
    u->where = cmp(ORM_CMP_EQ, 23, col(0, 0, 0, 23), cint(23, 12));
    s = render(u, 0);
    assert_sql(s, "UPDATE \"book\" SET \"title\" = ?1 WHERE \"book\".\"id\" = ?2");
    assert_rows(run(&s, NULL, 0), "");
    /* a default the ORM computes (here: the serial) cannot be rendered, except the rowid's NULL */
    orm_query *ua = query(ORM_Q_UPDATE);
    ua->target_rte = add_entity(ua, author, NULL);
    static uint16_t acols[] = {1};
    ua->nset = 1;
    ua->set_cols = acols;
    ua->set_exprs = og_arena_zalloc(&A, sizeof(orm_expr *));
    ua->set_exprs[0] = ex(ORM_EX_DEFAULT, OG_OID_TEXT);
    ua->set_exprs[0]->u.default_prop = 1;
    s = render(ua, 0);
    assert_sql(s, "UPDATE \"author\" SET \"name\" = ?1");
    assert_true(s.binds[0].value->isnull);
}

/* ---------- tests: DDL ---------- */

static void test_create_table(void **state)
{
    orm_entity *e = entity("CREATE TABLE item (id bigserial PRIMARY KEY, code char(4) UNIQUE, "
                           "amount numeric(10,2) NOT NULL DEFAULT 0.50 CHECK (amount >= 0), ratio float8 DEFAULT "
                           "'-0', span interval DEFAULT '1 day 02:00', tags text[] DEFAULT '{a,\"b c\"}', "
                           "doc jsonb, flag boolean DEFAULT true, at timestamptz DEFAULT now(), day date DEFAULT "
                           "current_date, token uuid DEFAULT gen_random_uuid(), blob bytea DEFAULT '\\x00ff', "
                           "label varchar(10) DEFAULT 'it''s', author_id int REFERENCES author ON DELETE SET NULL, "
                           "CONSTRAINT item_code_amount UNIQUE (code, amount))");
    og_error err = OG_ERROR_INIT;
    og_arena ca;
    og_arena_init(&ca);
    orm_expr **checks = og_arena_zalloc(&ca, sizeof(orm_expr *) * (e->nchecks + 1u));
    assert_int_equal(e->nchecks, 1);
    checks[0] = cmp(ORM_CMP_GE, 1700, col(0, 0, 2, 1700), cstr(1700, "0"));
    drv_sql_script s;
    drv_sql_script_init(&s, &A);
    if (!drv_sql_create_table(D, e, checks, true, &s, &err))
        fail_msg("%s", err.message);
    assert_int_equal(s.n, 3);
    const char *want =
        "CREATE TABLE IF NOT EXISTS \"item\" (\"id\" INTEGER CONSTRAINT \"item_pkey\" PRIMARY KEY AUTOINCREMENT, \"code\" CHAR(4) "
        "COLLATE RTRIM, \"amount\" NUMERIC TEXT COLLATE og_numeric NOT NULL DEFAULT '0.50', \"ratio\" FLOAT8 BLOB "
        "DEFAULT -0.0, \"span\" INTERVAL COLLATE og_interval DEFAULT 'P1DT2H', \"tags\" TEXT[] DEFAULT '[\"a\",\"b "
        "c\"]', \"doc\" JSONB TEXT COLLATE og_jsonb, \"flag\" BOOLEAN DEFAULT 1, \"at\" TIMESTAMPTZ DEFAULT "
        "((CAST(strftime('%s', 'now') AS INTEGER) - 946684800) * 1000000 + CAST(substr(strftime('%f', 'now'), 4) AS "
        "INTEGER) * 1000), \"day\" DATE DEFAULT (CAST(julianday('now', 'start of day') - 2451544.5 AS INTEGER)), "
        "\"token\" UUID, \"blob\" BYTEA DEFAULT X'00ff', \"label\" VARCHAR(10) DEFAULT 'it''s', \"author_id\" INT4, "
        "CONSTRAINT \"item_amount_check\" CHECK (\"amount\" >= '0' COLLATE og_numeric), CONSTRAINT "
        "\"item_author_id_fkey\" FOREIGN KEY (\"author_id\") REFERENCES \"author\" ON DELETE SET NULL)";
    if (strcmp(s.sql[0], want))
        fail_msg("\n got: %s\nwant: %s", s.sql[0], want);
    assert_string_equal(s.sql[1], "CREATE UNIQUE INDEX IF NOT EXISTS \"item_code_key\" ON \"item\" (\"code\")");
    assert_string_equal(s.sql[2],
                        "CREATE UNIQUE INDEX IF NOT EXISTS \"item_code_amount\" ON \"item\" (\"code\", \"amount\")");
    exec_script(&s);
    exec_script(&s); /* IF NOT EXISTS */

    /* defaults arrive in the storage encoding */
    exec_sql("INSERT INTO item (code) VALUES ('ab')");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT id, amount, typeof(ratio), ratio, span, tags, flag, typeof(at), "
                                        "at > 700000000000000, day > 8000, blob, label FROM item",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 1);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "0.50");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "real");
    assert_true(sqlite3_column_double(st, 3) == 0 && signbit(sqlite3_column_double(st, 3))); /* -0.0 kept */
    assert_string_equal((const char *)sqlite3_column_text(st, 4), "P1DT2H");
    assert_string_equal((const char *)sqlite3_column_text(st, 5), "[\"a\",\"b c\"]");
    assert_int_equal(sqlite3_column_int(st, 6), 1);
    assert_string_equal((const char *)sqlite3_column_text(st, 7), "integer");
    assert_int_equal(sqlite3_column_int(st, 8), 1);
    assert_int_equal(sqlite3_column_int(st, 9), 1);
    assert_int_equal(sqlite3_column_bytes(st, 10), 2);
    assert_string_equal((const char *)sqlite3_column_text(st, 11), "it's");
    sqlite3_finalize(st);

    /* constraints: named as PostgreSQL names them; char(4) and numeric compare as PostgreSQL */
    char *msg = NULL;
    assert_int_equal(sqlite3_exec(db, "INSERT INTO item (code, amount) VALUES ('x', '-1')", NULL, NULL, &msg),
                     SQLITE_CONSTRAINT);
    assert_non_null(strstr(msg, "item_amount_check"));
    sqlite3_free(msg);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO item (code) VALUES ('ab  ')", NULL, NULL, &msg), SQLITE_CONSTRAINT);
    assert_non_null(strstr(msg, "item.code"));
    sqlite3_free(msg);
    exec_sql("INSERT INTO item (code, amount) VALUES ('cd', '1.0')");
    assert_int_equal(
        sqlite3_exec(db, "UPDATE item SET amount = '1.00', code = 'cd' WHERE code = 'ab'", NULL, NULL, &msg),
        SQLITE_CONSTRAINT);
    sqlite3_free(msg);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO item (code, author_id) VALUES ('zz', 99)", NULL, NULL, &msg),
                     SQLITE_CONSTRAINT);
    sqlite3_free(msg);
    /* the key column is the rowid: NULL numbers itself */
    exec_sql("INSERT INTO item (id, code) VALUES (NULL, 'ef')");
    orm_entity_free(e);
    og_arena_reset(&ca);
}

static void test_alter_and_indexes(void **state)
{
    og_error err = OG_ERROR_INIT;
    drv_sql_script s;
    drv_sql_script_init(&s, &A);
    orm_entity *e = entity("CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL, score numeric(6,2), "
                           "tags int[], born date, nick varchar(8) NOT NULL DEFAULT 'n' UNIQUE, "
                           "born2 date DEFAULT current_date, must text NOT NULL)");
    assert_true(drv_sql_add_column(D, e, 5, NULL, NULL, &s, &err));
    assert_string_equal(s.sql[0], "ALTER TABLE \"author\" ADD COLUMN \"nick\" VARCHAR(8) NOT NULL DEFAULT 'n'");
    assert_string_equal(s.sql[1], "CREATE UNIQUE INDEX \"author_nick_key\" ON \"author\" (\"nick\")");
    assert_false(drv_sql_add_column(D, e, 6, NULL, NULL, &s, &err));
    assert_string_equal(err.code, "0A000");
    og_error_clear(&err);
    assert_false(drv_sql_add_column(D, e, 7, NULL, NULL, &s, &err));
    assert_string_equal(err.message, "ALTER TABLE ADD COLUMN \"must\" NOT NULL without a constant DEFAULT is not "
                                     "supported on the sqlite backend");
    og_error_clear(&err);
    assert_true(drv_sql_rename_column(D, "author", "nick", "nick name", &s, &err));
    assert_true(drv_sql_create_index(D, author, "author_score_idx", (uint16_t[]){2, 1}, 2, false, true, &s, &err));
    assert_true(drv_sql_drop_index(D, "author_score_idx", true, &s, &err));
    e->props[5].field = "nick name"; /* as after the rename */
    assert_true(drv_sql_drop_column(D, e, 5, &s, &err));
    assert_true(drv_sql_rename_table(D, "author", "writer", &s, &err));
    assert_true(drv_sql_truncate(D, "writer", &s, &err));
    assert_true(drv_sql_drop_table(D, "writer", true, &s, &err));
    assert_int_equal(s.n, 10);
    assert_string_equal(s.sql[2], "ALTER TABLE \"author\" RENAME COLUMN \"nick\" TO \"nick name\"");
    assert_string_equal(s.sql[3],
                        "CREATE INDEX IF NOT EXISTS \"author_score_idx\" ON \"author\" (\"score\", \"name\")");
    assert_string_equal(s.sql[4], "DROP INDEX IF EXISTS \"author_score_idx\"");
    assert_string_equal(s.sql[5], "DROP INDEX IF EXISTS \"author_nick_key\"");
    assert_string_equal(s.sql[6], "ALTER TABLE \"author\" DROP COLUMN \"nick name\"");
    assert_string_equal(s.sql[7], "ALTER TABLE \"author\" RENAME TO \"writer\"");
    assert_string_equal(s.sql[8], "DELETE FROM \"writer\"");
    assert_string_equal(s.sql[9], "DROP TABLE IF EXISTS \"writer\"");
    exec_sql("DROP TABLE book");
    exec_sql("DELETE FROM author"); /* a UNIQUE column with a constant default fits an empty table only */
    exec_script(&s);
    orm_entity_free(e);
}

/* Literals in DDL must be exactly what the driver binds for the same value. */
static void test_literals_match_binding(void **state)
{
    static const char nul_bytes[] = {'a', 0, '\'', (char)0xff};
    og_value f4 = {0}, f8 = {0}, nan = {0}, inf = {0}, ninf = {0}, nz = {0}, tiny = {0}, b = {0}, u = {0}, iv = {0},
             by = {0};
    f4.oid = OG_OID_FLOAT4;
    f4.u.f = (double)1.1f;
    f8.oid = OG_OID_FLOAT8;
    f8.u.f = 0.1;
    nan.oid = OG_OID_FLOAT8;
    nan.u.f = NAN;
    inf.oid = OG_OID_FLOAT8;
    inf.u.f = INFINITY;
    ninf.oid = OG_OID_FLOAT8;
    ninf.u.f = -INFINITY;
    nz.oid = OG_OID_FLOAT8;
    nz.u.f = -0.0;
    tiny.oid = OG_OID_FLOAT8;
    tiny.u.f = 5e-324;
    b.oid = OG_OID_BOOL;
    b.u.b = true;
    u.oid = OG_OID_UUID;
    for (int k = 0; k < 16; k++)
        u.u.uuid[k] = (uint8_t)(k * 17);
    iv.oid = OG_OID_INTERVAL;
    iv.u.iv = (og_interval){-((int64_t)4 * 3600000000 + 6500000), -3, 14};
    by.oid = OG_OID_BYTEA;
    by.u.str.p = nul_bytes;
    by.u.str.len = sizeof(nul_bytes);
    og_value fe[] = {f8, nan, inf, nz};
    og_value ue[] = {u, og_value_null(OG_OID_UUID)};
    og_value ie[] = {iv};
    og_value be[] = {by};
    og_value te[] = {v_str(25, "q\"uo\\te\n'"), og_value_null(25)};
    og_value bounded = v_array(OG_OID_INT4_ARRAY, (og_value[]){v_int(23, 7)}, 1);
    bounded.u.arr.lbound = 0;
    og_value vals[] = {
        v_int(OG_OID_INT4, 42),
        v_int(OG_OID_INT8, INT64_MIN),
        v_int(OG_OID_INT8, INT64_MAX),
        v_int(OG_OID_DATE, INT32_MIN),
        v_int(OG_OID_TIMESTAMPTZ, -1),
        f4,
        f8,
        nan,
        inf,
        ninf,
        nz,
        tiny,
        b,
        u,
        iv,
        by,
        v_str(OG_OID_NUMERIC, "12.50"),
        v_str(OG_OID_TEXT, "it's \xc3\xa9"),
        v_str(OG_OID_JSONB, "{\"a\": 1}"),
        v_array(OG_OID_FLOAT8_ARRAY, fe, 4),
        v_array(OG_OID_UUID_ARRAY, ue, 2),
        v_array(OG_OID_INTERVAL_ARRAY, ie, 1),
        v_array(OG_OID_BYTEA_ARRAY, be, 1),
        v_array(OG_OID_TEXT_ARRAY, te, 2),
        bounded,
        v_array(OG_OID_NUMERIC_ARRAY, (og_value[]){v_str(1700, "1.50")}, 1),
        og_value_null(OG_OID_TEXT),
    };
    for (size_t k = 0; k < sizeof(vals) / sizeof(vals[0]); k++) {
        og_error err = OG_ERROR_INIT;
        og_buf lit = OG_BUF_INIT;
        assert_true(D->literal(&lit, &vals[k], &err));
        char *sql = og_arena_printf(&A, "SELECT typeof(?1) = typeof(%s), ?1 IS %s, quote(?1), quote(%s)",
                                    og_buf_cstr(&lit), og_buf_cstr(&lit), og_buf_cstr(&lit));
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(drv_sqlite_bind_value(st, 1, &vals[k], &A, &err), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        bool same = sqlite3_column_int(st, 0) && sqlite3_column_int(st, 1);
        bool nz_case = vals[k].oid == OG_OID_FLOAT8 && vals[k].u.f == 0; /* -0.0 IS 0.0: check the sign below */
        if (!same || strcmp((const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3)))
            fail_msg("value %zu: bound %s, literal %s (%s)", k, sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
                     og_buf_cstr(&lit));
        sqlite3_finalize(st);
        if (nz_case) {
            char *q2 = og_arena_printf(&A, "SELECT %s", og_buf_cstr(&lit));
            assert_int_equal(sqlite3_prepare_v2(db, q2, -1, &st, NULL), SQLITE_OK);
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            assert_int_equal(sqlite3_column_type(st, 0), SQLITE_FLOAT);
            assert_true(signbit(sqlite3_column_double(st, 0)) == signbit(vals[k].u.f));
            sqlite3_finalize(st);
        }
        og_buf_free(&lit);
    }
}

static void test_check_expression(void **state)
{
    /* a standalone expression over one entity, constants bound or inline */
    orm_rte r = {0};
    r.kind = ORM_RTE_ENTITY;
    r.entity = book;
    r.alias = "book";
    r.ncols = book->nprops;
    orm_expr *e = with_args(ex(ORM_EX_OR, 16), 2, cmp(ORM_CMP_GT, 1700, col(0, 0, 3, 1700), cstr(1700, "0")),
                            with_args(ex(ORM_EX_NULLTEST, 16), 1, col(0, 0, 3, 1700)));
    og_error err = OG_ERROR_INIT;
    drv_sql s;
    assert_true(drv_sql_render_expr(D, e, &r, false, 2, &A, &s, &err));
    assert_string_equal(s.sql, "\"book\".\"price\" > ?3 COLLATE og_numeric OR \"book\".\"price\" IS NULL");
    assert_int_equal(s.nbinds, 3);
    assert_int_equal(s.binds[1].param, 2);
    assert_string_equal(s.binds[2].value->u.str.p, "0");
    r.alias = NULL;
    assert_true(drv_sql_render_expr(D, e, &r, true, 0, &A, &s, &err));
    assert_string_equal(s.sql, "\"price\" > '0' COLLATE og_numeric OR \"price\" IS NULL");
    assert_int_equal(s.nbinds, 0);
    /* no parameters in DDL */
    assert_false(
        drv_sql_render_expr(D, cmp(ORM_CMP_EQ, 23, col(0, 0, 0, 23), param(1, 23)), &r, true, 0, &A, &s, &err));
    assert_string_equal(err.code, "0A000");
    og_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_select_where_order_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numeric_collation_and_nulls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_joins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_by_aggregates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_functions_and_casts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conditionals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_distinct_and_distinct_on, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_operations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_and_subquery_in_from, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setop_all_and_row_in, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cte_recursive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subqueries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_shadowing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arrays, setup, teardown),
        cmocka_unit_test_setup_teardown(test_generate_series, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limit_offset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsupported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_with_on_set_operation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_function_compared_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_with_driver_functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alter_and_indexes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_literals_match_binding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_expression, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
