/*
 * tests/unit/test_schema.c - orm/schema: generations built from DDL source and
 * the DDL statements that make the next one.
 *
 * What matters is that a schema rebuilt from its stored source (a restart) is
 * the schema the statements produced, and that every statement PostgreSQL
 * refuses is refused here with PostgreSQL's SQLSTATE before anything reaches
 * a backend.
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

/* Apply sql to *cur; on success the next generation replaces it. Returns the SQLSTATE ("" for
 * success) in code, and the change's notice. */
static void apply(orm_schema **cur, const char *sql, char code[6], char *notice, size_t ncap)
{
    orm_parsed pt;
    og_error err = OG_ERROR_INIT;
    assert_true(orm_sql_parse(sql, &pt, &err));
    orm_ddl ch;
    code[0] = '\0';
    if (notice)
        notice[0] = '\0';
    if (orm_schema_ddl(*cur, pt.tree->stmts[0]->stmt, sql, &ch, &err)) {
        if (notice)
            snprintf(notice, ncap, "%s", ch.notice);
        if (ch.next) {
            orm_schema_free(*cur);
            *cur = ch.next;
            ch.next = NULL;
        }
        orm_ddl_free(&ch);
    } else {
        memcpy(code, err.code, 6);
    }
    og_error_clear(&err);
    orm_sql_parsed_free(&pt);
}

static orm_schema *empty(void)
{
    og_error err = OG_ERROR_INIT;
    orm_schema *s = orm_schema_build(NULL, 0, 1, &err);
    assert_non_null(s);
    return s;
}

static void test_create_and_replay(void **state)
{
    orm_schema *s = empty();
    char code[6], notice[256];
    apply(&s, "CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL UNIQUE)", code, NULL, 0);
    assert_string_equal(code, "");
    apply(&s, "CREATE TABLE book (id serial PRIMARY KEY, author_id int REFERENCES author ON DELETE CASCADE, title "
              "varchar(20))",
          code, NULL, 0);
    assert_string_equal(code, "");
    apply(&s, "CREATE UNIQUE INDEX book_title_uq ON book (title)", code, NULL, 0);
    assert_string_equal(code, "");
    apply(&s, "CREATE INDEX ON book (author_id)", code, NULL, 0);
    assert_string_equal(code, "");
    assert_int_equal(s->nobjs, 4);
    assert_string_equal(s->objs[3].name, "book_author_id_idx");
    const orm_entity *b = orm_meta_get(&s->meta, "book");
    assert_non_null(b);
    assert_int_equal(b->nuniques, 1);
    assert_string_equal(b->uniques[0].name, "book_title_uq");
    assert_ptr_equal(b->fks[0].target, orm_meta_get(&s->meta, "author"));
    /* IF NOT EXISTS: nothing changes, a notice says why */
    unsigned long gen = s->generation;
    apply(&s, "CREATE TABLE IF NOT EXISTS book (x int)", code, notice, sizeof notice);
    assert_string_equal(code, "");
    assert_string_equal(notice, "relation \"book\" already exists, skipping");
    assert_int_equal(s->generation, gen);
    /* a restart: the stored source gives the same schema */
    og_error err = OG_ERROR_INIT;
    orm_schema *r = orm_schema_build(s->objs, s->nobjs, 1, &err);
    assert_non_null(r);
    const orm_entity *rb = orm_meta_get(&r->meta, "book");
    assert_non_null(rb);
    assert_int_equal(rb->nprops, 3);
    assert_int_equal(rb->nuniques, 1);
    assert_string_equal(rb->fks[0].name, "book_author_id_fkey");
    assert_int_equal(rb->fks[0].on_delete, ORM_FK_CASCADE);
    orm_schema_free(r);
    orm_schema_free(s);
}

static void test_refusals(void **state)
{
    orm_schema *s = empty();
    char code[6], notice[256];
    apply(&s, "CREATE TABLE p (id int PRIMARY KEY)", code, NULL, 0);
    apply(&s, "CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p)", code, NULL, 0);
    assert_string_equal(code, "");
    apply(&s, "CREATE TABLE p (id int)", code, NULL, 0);
    assert_string_equal(code, "42P07");
    apply(&s, "CREATE TABLE d (x int REFERENCES nowhere)", code, NULL, 0);
    assert_string_equal(code, "42P01");
    apply(&s, "CREATE TABLE ormgate_schema (x int)", code, NULL, 0);
    assert_string_equal(code, "42939");
    apply(&s, "DROP TABLE p", code, NULL, 0);
    assert_string_equal(code, "2BP01");
    apply(&s, "DROP TABLE missing", code, NULL, 0);
    assert_string_equal(code, "42P01");
    apply(&s, "DROP TABLE IF EXISTS missing", code, notice, sizeof notice);
    assert_string_equal(code, "");
    assert_string_equal(notice, "table \"missing\" does not exist, skipping");
    apply(&s, "CREATE INDEX ON c (nope)", code, NULL, 0);
    assert_string_equal(code, "42703");
    apply(&s, "CREATE INDEX ON c ((p_id + 1))", code, NULL, 0);
    assert_string_equal(code, "0A000");
    apply(&s, "TRUNCATE p", code, NULL, 0);
    assert_string_equal(code, "0A000");
    apply(&s, "DROP INDEX nope", code, NULL, 0);
    assert_string_equal(code, "42704");
    /* dropping both at once is fine */
    apply(&s, "DROP TABLE c, p", code, NULL, 0);
    assert_string_equal(code, "");
    assert_null(orm_meta_get(&s->meta, "p"));
    assert_int_equal(s->nobjs, 0);
    orm_schema_free(s);
}

static void test_truncate_cascade(void **state)
{
    orm_schema *s = empty();
    char code[6];
    apply(&s, "CREATE TABLE p (id int PRIMARY KEY)", code, NULL, 0);
    apply(&s, "CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p)", code, NULL, 0);
    orm_parsed pt;
    og_error err = OG_ERROR_INIT;
    const char *sql = "TRUNCATE p CASCADE";
    assert_true(orm_sql_parse(sql, &pt, &err));
    orm_ddl ch;
    assert_true(orm_schema_ddl(s, pt.tree->stmts[0]->stmt, sql, &ch, &err));
    assert_int_equal(ch.nremoved, 2);
    assert_string_equal(ch.removed_tables[0], "p");
    assert_string_equal(ch.removed_tables[1], "c");
    assert_null(ch.next);
    orm_ddl_free(&ch);
    orm_sql_parsed_free(&pt);
    orm_schema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_replay),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_truncate_cascade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
