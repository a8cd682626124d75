/*
 * tests/unit/test_translate.c - orm/translate: PostgreSQL statements into the
 * query IR, against a small schema (author, book).
 *
 * Each case states what PostgreSQL 15's parse analysis decides for the same
 * statement: result types, output column names, parameter types, where
 * unknown literals are typed and parsed, and the SQLSTATE of what it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orm/schema.h"
#include "orm/sqlparse.h"
#include "orm/translate.h"
#include "proxy/textio.h"

static orm_schema *schema;

static int setup(void **state)
{
    px_textio_install();
    const orm_schema_obj objs[] = {
        {ORM_SCHEMA_TABLE, "author", "author",
         "CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL, born date, rating numeric(3,1))"},
        {ORM_SCHEMA_TABLE, "book", "book",
         "CREATE TABLE book (id serial PRIMARY KEY, author_id int REFERENCES author, title varchar(20), "
         "price numeric(10,2), tags text[], meta jsonb)"},
    };
    og_error err = OG_ERROR_INIT;
    schema = orm_schema_build(objs, 2, 1, &err);
    assert_non_null(schema);
    return 0;
}

static int teardown(void **state)
{
    orm_schema_free(schema);
    return 0;
}

/* Translate sql; on failure returns NULL and copies the SQLSTATE into code. */
static orm_stmt *tr(const char *sql, const uint32_t *ptypes, uint16_t np, char code[6], int *position)
{
    orm_parsed pt;
    og_error err = OG_ERROR_INIT;
    assert_true(orm_sql_parse(sql, &pt, &err));
    orm_eval_ctx cx = {"UTC", 0, 0};
    orm_translate_in in = {&schema->meta, sql, ptypes, np, &cx, "alice", "db", NULL};
    orm_stmt *st = orm_translate(pt.tree->stmts[0]->stmt, &in, &err);
    if (code)
        snprintf(code, 6, "%s", st ? "" : err.code);
    if (position)
        *position = err.position;
    og_error_clear(&err);
    orm_sql_parsed_free(&pt);
    return st;
}

static orm_stmt *ok(const char *sql)
{
    char code[6];
    orm_stmt *st = tr(sql, NULL, 0, code, NULL);
    if (!st)
        fail_msg("%s: %s", sql, code);
    return st;
}

static void refused(const char *sql, const char *want)
{
    char code[6];
    orm_stmt *st = tr(sql, NULL, 0, code, NULL);
    if (st) {
        orm_stmt_free(st);
        fail_msg("%s: translated, expected %s", sql, want);
    }
    if (strcmp(code, want))
        fail_msg("%s: %s, expected %s", sql, code, want);
}

static void test_select_types_and_names(void **state)
{
    orm_stmt *st;
    orm_query *q;
    st = ok("SELECT a.id, name AS n, price * 2, title || '!', rating FROM author a JOIN book b ON b.author_id = a.id");
    q = st->query;
    assert_string_equal(q->targets[0].name, "id");
    assert_string_equal(q->targets[1].name, "n");
    assert_string_equal(q->targets[2].name, "?column?");
    assert_int_equal(q->targets[0].expr->type, OG_OID_INT4);
    assert_int_equal(q->targets[1].expr->type, OG_OID_TEXT);
    assert_int_equal(q->targets[2].expr->type, OG_OID_NUMERIC);
    assert_int_equal(q->targets[3].expr->type, OG_OID_TEXT);
    assert_int_equal(q->targets[4].expr->typmod, ((3 << 16) | 1) + 4);
    assert_int_equal(q->from[0]->kind, ORM_JOIN_INNER);
    orm_stmt_free(st);
}

static void test_parameters_and_literals(void **state)
{
    orm_stmt *st = ok("SELECT name FROM author WHERE id = $1 AND born > $2");
    assert_int_equal(st->nparams, 2);
    assert_int_equal(st->param_types[0], OG_OID_INT4);
    assert_int_equal(st->param_types[1], OG_OID_DATE);
    orm_stmt_free(st);
    /* a declared type wins over the use */
    uint32_t decl[1] = {OG_OID_INT8};
    char code[6];
    st = tr("SELECT name FROM author WHERE id = $1", decl, 1, code, NULL);
    assert_non_null(st);
    assert_int_equal(st->param_types[0], OG_OID_INT8);
    orm_stmt_free(st);
    /* an unknown literal takes the column's type and is parsed at once */
    st = ok("SELECT name FROM author WHERE born = '2024-02-29'");
    const orm_expr *w = st->query->where;
    assert_int_equal(w->kind, ORM_EX_CMP);
    assert_int_equal(w->u.cmp.cmp_type, OG_OID_DATE);
    assert_int_equal(w->args[1]->kind, ORM_EX_CONST);
    assert_int_equal(w->args[1]->u.value.oid, OG_OID_DATE);
    orm_stmt_free(st);
    int pos = 0;
    st = tr("SELECT name FROM author WHERE id = '1.5'", NULL, 0, code, &pos);
    assert_null(st);
    assert_string_equal(code, "22P02");
    assert_int_equal(pos, 36);
    /* constant folding: the backend sees one numeric value */
    st = ok("SELECT 1 + 2.50");
    assert_int_equal(st->query->targets[0].expr->kind, ORM_EX_CONST);
    assert_int_equal(st->query->targets[0].expr->type, OG_OID_NUMERIC);
    orm_stmt_free(st);
}

static void test_grouping(void **state)
{
    orm_stmt *st = ok("SELECT author_id, count(*), sum(price) FROM book GROUP BY author_id HAVING count(*) > 1 "
                      "ORDER BY 2 DESC");
    orm_query *q = st->query;
    assert_true(q->has_aggs);
    assert_string_equal(q->targets[1].name, "count");
    assert_int_equal(q->targets[1].expr->type, OG_OID_INT8);
    assert_int_equal(q->targets[2].expr->type, OG_OID_NUMERIC);
    assert_ptr_equal(q->sort[0].expr, q->targets[1].expr);
    assert_true(q->sort[0].desc);
    orm_stmt_free(st);
    /* functional dependency on the grouped primary key */
    st = ok("SELECT a.id, a.name, count(b.id) FROM author a LEFT JOIN book b ON b.author_id = a.id GROUP BY a.id");
    assert_int_equal(st->query->from[0]->kind, ORM_JOIN_LEFT);
    orm_stmt_free(st);
    refused("SELECT title, count(*) FROM book GROUP BY author_id", "42803");
    refused("SELECT sum(count(*)) FROM book", "42803");
    refused("SELECT id FROM book WHERE count(*) > 1", "42803");
}

static void test_set_operations_and_ctes(void **state)
{
    orm_stmt *st = ok("SELECT id FROM author UNION SELECT author_id FROM book ORDER BY id");
    orm_query *q = st->query;
    assert_int_equal(q->kind, ORM_Q_SETOP);
    assert_int_equal(q->setop, ORM_SETOP_UNION);
    assert_int_equal(q->sort[0].expr->u.column.rte, ORM_RTE_OUTPUT);
    orm_stmt_free(st);
    st = ok("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r");
    q = st->query;
    assert_int_equal(q->nctes, 1);
    assert_int_equal(q->ctes[0].query->kind, ORM_Q_SETOP);
    assert_int_equal(q->rtes[0].kind, ORM_RTE_CTE);
    assert_int_equal(q->targets[0].expr->type, OG_OID_INT4);
    orm_stmt_free(st);
    refused("SELECT id FROM author UNION SELECT id, name FROM author", "42601");
}

static void test_subqueries(void **state)
{
    orm_stmt *st = ok("SELECT name FROM author a WHERE EXISTS (SELECT 1 FROM book b WHERE b.author_id = a.id) AND a.id "
                      "IN (SELECT author_id FROM book)");
    const orm_expr *w = st->query->where;
    assert_int_equal(w->kind, ORM_EX_AND);
    assert_int_equal(w->args[0]->kind, ORM_EX_SUBLINK);
    assert_int_equal(w->args[0]->u.sub.kind, ORM_SUB_EXISTS);
    /* the correlated reference points one level out */
    const orm_query *sub = w->args[0]->u.sub.query;
    assert_int_equal(sub->where->args[1]->u.column.levelsup, 1);
    assert_int_equal(w->args[1]->u.sub.kind, ORM_SUB_IN);
    orm_stmt_free(st);
    st = ok("SELECT (SELECT max(price) FROM book) AS top");
    assert_int_equal(st->query->targets[0].expr->type, OG_OID_NUMERIC);
    orm_stmt_free(st);
}

static void test_dml(void **state)
{
    orm_stmt *st = ok("INSERT INTO book (title, price) VALUES ('a', 1), ('b', DEFAULT) RETURNING id");
    orm_query *q = st->query;
    assert_int_equal(q->kind, ORM_Q_INSERT);
    assert_int_equal(q->ncols, 2);
    assert_int_equal(q->nrows, 2);
    assert_int_equal(q->rows[0][1]->type, OG_OID_NUMERIC);
    assert_int_equal(q->rows[1][1]->kind, ORM_EX_CONST); /* no default: NULL */
    assert_true(q->rows[1][1]->u.value.isnull);
    assert_int_equal(q->ntargets, 1);
    orm_stmt_free(st);
    refused("INSERT INTO book (title) VALUES ('this title is far too long')", "22001");
    /* INSERT ... SELECT: the source is cast to the column's type and typmod (numeric(10,2) rounds) */
    st = ok("INSERT INTO book (price) SELECT id / 3.0 FROM author");
    assert_non_null(st->query->source);
    assert_int_equal(st->query->source->targets[0].expr->typmod, ((10 << 16) | 2) + 4);
    orm_stmt_free(st);
    refused("INSERT INTO book (nope) VALUES (1)", "42703");
    refused("INSERT INTO book (title) VALUES ('a', 'b')", "42601");
    st = ok("INSERT INTO author (id, name) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET name = excluded.name");
    assert_int_equal(st->query->conflict, ORM_CONFLICT_UPDATE);
    assert_int_equal(st->query->nset, 1);
    orm_stmt_free(st);
    refused("INSERT INTO author (id, name) VALUES (1, 'x') ON CONFLICT (name) DO NOTHING", "42P10");
    st = ok("UPDATE book SET price = price * 1.1, title = 7 WHERE id = 3 RETURNING *");
    q = st->query;
    assert_int_equal(q->nset, 2);
    assert_int_equal(q->set_exprs[1]->type, OG_OID_VARCHAR);
    assert_int_equal(q->ntargets, 6);
    orm_stmt_free(st);
    refused("UPDATE book SET price = 'abc'", "22P02");
    st = ok("DELETE FROM book WHERE author_id IN (SELECT id FROM author WHERE name LIKE 'A%')");
    assert_int_equal(st->query->kind, ORM_Q_DELETE);
    orm_stmt_free(st);
}

static void test_name_errors(void **state)
{
    refused("SELECT * FROM nope", "42P01");
    refused("SELECT nope FROM author", "42703");
    refused("SELECT id FROM author, book", "42702");
    refused("SELECT x.id FROM author", "42P01");
    refused("SELECT id FROM author WHERE name = 1", "42883");
    refused("SELECT row_number() FROM author", "42809");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_types_and_names),  cmocka_unit_test(test_parameters_and_literals),
        cmocka_unit_test(test_grouping),                cmocka_unit_test(test_set_operations_and_ctes),
        cmocka_unit_test(test_subqueries),              cmocka_unit_test(test_dml),
        cmocka_unit_test(test_name_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
