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

static void test_named_arguments(void **state)
{
    /* make_interval(name => value): positional with PostgreSQL's defaults (0), folded */
    orm_stmt *st = ok("SELECT make_interval(days => 3, hours => 1), make_interval(1, secs => 1.5)");
    const orm_expr *e = st->query->targets[0].expr;
    assert_int_equal(e->kind, ORM_EX_CONST);
    assert_int_equal(e->type, OG_OID_INTERVAL);
    assert_int_equal(e->u.value.u.iv.days, 3);
    assert_int_equal(e->u.value.u.iv.usec, INT64_C(3600000000));
    e = st->query->targets[1].expr;
    assert_int_equal(e->u.value.u.iv.months, 12);
    assert_int_equal(e->u.value.u.iv.usec, 1500000);
    assert_string_equal(st->query->targets[0].name, "make_interval");
    orm_stmt_free(st);
    refused("SELECT make_interval(years => 1.5)", "42883"); /* numeric -> int4 is not implicit */
    refused("SELECT make_interval(years => 1::bigint)", "42883");
    refused("SELECT make_interval(foo => 1)", "42883");
    refused("SELECT make_interval(1, 2, 3, 4, 5, 6, 7, 8)", "42883");
    refused("SELECT make_interval(days => 1, days => 2)", "42601");
    refused("SELECT make_interval(days => 1, 2)", "42601");
    refused("SELECT make_interval(days => 'x')", "22P02");
    refused("SELECT lower(x => 'a')", "0A000");
}

static void test_target_srfs(void **state)
{
    /* a set-returning function of the SELECT list is a FUNCTION entry cross-joined last, no alias */
    orm_stmt *st = ok("SELECT id, unnest(tags) FROM book ORDER BY 2");
    orm_query *q = st->query;
    assert_int_equal(q->nrtes, 2);
    assert_int_equal(q->nfrom, 2);
    assert_int_equal(q->rtes[1].kind, ORM_RTE_FUNCTION);
    assert_null(q->rtes[1].alias);
    assert_int_equal(q->targets[1].expr->kind, ORM_EX_COLUMN);
    assert_int_equal(q->targets[1].expr->u.column.rte, 1);
    assert_int_equal(q->targets[1].expr->type, OG_OID_TEXT);
    assert_string_equal(q->targets[1].name, "unnest");
    orm_stmt_free(st);
    /* unnest next to unnest is unnest(a, b): one entry, a column each */
    st = ok("SELECT unnest(tags), unnest(ARRAY[1, 2]) AS n FROM book");
    q = st->query;
    assert_int_equal(q->nrtes, 2);
    assert_int_equal(q->rtes[1].func->nargs, 2);
    assert_int_equal(q->rtes[1].ncols, 2);
    assert_int_equal(q->targets[1].expr->u.column.col, 1);
    assert_int_equal(q->targets[1].expr->type, OG_OID_INT4);
    orm_stmt_free(st);
    st = ok("SELECT generate_series(1, id) * 2 FROM book");
    orm_stmt_free(st);
    st = ok("SELECT jsonb_object_keys(meta) AS k FROM book ORDER BY k");
    orm_stmt_free(st);
    refused("SELECT unnest(tags), generate_series(1, 2) FROM book", "0A000");
    refused("SELECT sum(unnest(ARRAY[1])) FROM book", "0A000");
    refused("SELECT CASE WHEN true THEN unnest(tags) END FROM book", "0A000");
    refused("SELECT coalesce(unnest(tags), 'x') FROM book", "0A000");
    refused("SELECT count(*), unnest(tags) FROM book GROUP BY tags", "0A000");
    refused("SELECT row_number() OVER (), unnest(tags) FROM book", "0A000");
    refused("SELECT * FROM book WHERE unnest(tags) = 'x'", "0A000");
    refused("SELECT jsonb_each(meta) FROM book", "0A000");
    refused("SELECT unnest(tags, tags) FROM book", "42883");
    /* the entry is invisible to names and to * */
    st = ok("SELECT *, unnest(tags) FROM book");
    assert_int_equal(st->query->ntargets, 7);
    orm_stmt_free(st);
}

static void test_rows_subscripts_lateral(void **state)
{
    /* (a, b) IN (SELECT x, y): one operand per column, both sides of the common type */
    orm_stmt *st = ok("SELECT id FROM book WHERE (author_id, title) IN (SELECT id, name FROM author)");
    const orm_expr *w = st->query->where;
    assert_int_equal(w->kind, ORM_EX_SUBLINK);
    assert_int_equal(w->u.sub.kind, ORM_SUB_IN);
    assert_int_equal(w->nargs, 2);
    uint16_t nt;
    const orm_target *tg = orm_query_targets(w->u.sub.query, &nt);
    assert_int_equal(tg[0].expr->type, w->args[0]->type);
    assert_int_equal(tg[1].expr->type, w->args[1]->type);
    orm_stmt_free(st);
    st = ok("SELECT id FROM book WHERE (author_id, title) <> ALL (SELECT id, name FROM author)");
    assert_int_equal(st->query->where->kind, ORM_EX_NOT);
    orm_stmt_free(st);
    st = ok("SELECT (1, 2) < (1, 3), (id, 1) <= ANY (SELECT id, 2 FROM author) FROM book");
    assert_int_equal(st->query->targets[0].expr->kind, ORM_EX_OR);
    assert_int_equal(st->query->targets[1].expr->u.sub.kind, ORM_SUB_ANY);
    orm_stmt_free(st);
    refused("SELECT (1, 2) IN (SELECT 1)", "42601");
    refused("SELECT 1 IN (SELECT 1, 2)", "42601");
    /* subscripts: the element type (and typmod) for arr[i], the array type for slices */
    st = ok("SELECT tags[1], tags[1:2], tags[:1], tags[2::int8] FROM book");
    const orm_query *q = st->query;
    assert_int_equal(q->targets[0].expr->type, OG_OID_TEXT);
    assert_int_equal(q->targets[1].expr->type, OG_OID_TEXT_ARRAY);
    assert_int_equal(q->targets[2].expr->type, OG_OID_TEXT_ARRAY);
    assert_string_equal(q->targets[0].name, "tags");
    orm_stmt_free(st);
    refused("SELECT title[1] FROM book", "42804");
    refused("SELECT tags['x'::text] FROM book", "42804");
    refused("SELECT tags[1][1] FROM book", "0A000");
    refused("SELECT meta['a'] FROM book", "0A000");
    /* LATERAL: the right side of a RIGHT or FULL join may not refer to the left one */
    st = ok("SELECT a.id, s.z FROM author a LEFT JOIN LATERAL (SELECT a.id * 2 AS z) s ON true");
    assert_true(st->query->rtes[1].lateral);
    orm_stmt_free(st);
    refused("SELECT a.id FROM author a RIGHT JOIN LATERAL (SELECT a.id AS z) s ON true", "42P10");
    refused("SELECT a.id FROM author a FULL JOIN LATERAL unnest(ARRAY[a.id]) u ON true", "42P10");
    st = ok("SELECT a.id FROM author a, book b RIGHT JOIN LATERAL (SELECT a.id AS z) s ON true");
    orm_stmt_free(st);
    /* INTERSECT ALL / EXCEPT ALL are set operations like the others; the renderer emulates them */
    st = ok("SELECT id FROM author INTERSECT ALL SELECT author_id FROM book");
    assert_int_equal(st->query->setop, ORM_SETOP_INTERSECT);
    assert_true(st->query->setop_all);
    orm_stmt_free(st);
    /* to_number is folded */
    st = ok("SELECT to_number('1,234.5-', '9G999D9S')");
    assert_int_equal(st->query->targets[0].expr->kind, ORM_EX_CONST);
    assert_memory_equal(st->query->targets[0].expr->u.value.u.str.p, "-1234.5", 7);
    orm_stmt_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_types_and_names),
        cmocka_unit_test(test_parameters_and_literals),
        cmocka_unit_test(test_grouping),
        cmocka_unit_test(test_set_operations_and_ctes),
        cmocka_unit_test(test_subqueries),
        cmocka_unit_test(test_dml),
        cmocka_unit_test(test_name_errors),
        cmocka_unit_test(test_named_arguments),
        cmocka_unit_test(test_target_srfs),
        cmocka_unit_test(test_rows_subscripts_lateral),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
