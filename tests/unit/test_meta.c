/*
 * tests/unit/test_meta.c - entity metadata from CREATE TABLE (orm/meta.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orm/meta.h"
#include "orm/sqlparse.h"

/* Parse one CREATE TABLE and build its entity; NULL with err set on failure. */
static orm_entity *build(const char *sql, og_error *err)
{
    orm_parsed p;
    if (!orm_sql_parse(sql, &p, err))
        return NULL;
    assert_int_equal(p.tree->n_stmts, 1);
    const PgQuery__Node *n = p.tree->stmts[0]->stmt;
    assert_int_equal(n->node_case, PG_QUERY__NODE__NODE_CREATE_STMT);
    orm_entity *e = orm_entity_from_create(n->create_stmt, err);
    orm_sql_parsed_free(&p);
    return e;
}

static const orm_property *prop(const orm_entity *e, const char *name)
{
    int i = orm_entity_prop(e, name);
    assert_true(i >= 0);
    return &e->props[i];
}

static void test_columns_types_defaults(void **state)
{
    og_error err = OG_ERROR_INIT;
    orm_entity *e = build("CREATE TABLE author (id serial PRIMARY KEY, name varchar(100) NOT NULL, "
                          "bio text DEFAULT 'none', born date DEFAULT current_date, "
                          "created timestamptz NOT NULL DEFAULT now(), token uuid DEFAULT gen_random_uuid(), "
                          "score numeric(10,2) DEFAULT 0, big bigint GENERATED ALWAYS AS IDENTITY, "
                          "tags text[], flags int DEFAULT 1 + 2)",
                          &err);
    assert_non_null(e);
    assert_string_equal(e->name, "author");
    assert_int_equal(e->nprops, 10);
    const orm_property *id = prop(e, "id");
    assert_int_equal(id->type_oid, OG_OID_INT4);
    assert_true(id->primary && id->not_null);
    assert_int_equal(id->dkind, ORM_DEFAULT_SEQUENCE);
    assert_string_equal(id->dexpr, "nextval('author_id_seq'::regclass)");
    const orm_property *name = prop(e, "name");
    assert_int_equal(name->type_oid, OG_OID_VARCHAR);
    assert_int_equal(name->typmod, 104);
    assert_true(name->not_null);
    assert_int_equal(prop(e, "bio")->dkind, ORM_DEFAULT_CONST);
    assert_string_equal(prop(e, "bio")->dconst, "none");
    assert_false(prop(e, "bio")->not_null);
    assert_int_equal(prop(e, "born")->dkind, ORM_DEFAULT_CURRENT_DATE);
    assert_int_equal(prop(e, "created")->dkind, ORM_DEFAULT_NOW);
    assert_int_equal(prop(e, "created")->type_oid, OG_OID_TIMESTAMPTZ);
    assert_int_equal(prop(e, "token")->dkind, ORM_DEFAULT_UUID);
    assert_int_equal(prop(e, "score")->typmod, ((10 << 16) | 2) + 4);
    assert_string_equal(prop(e, "score")->dconst, "0");
    assert_int_equal(prop(e, "big")->dkind, ORM_DEFAULT_IDENTITY);
    assert_true(prop(e, "big")->identity_always);
    assert_int_equal(prop(e, "tags")->type_oid, OG_OID_TEXT_ARRAY);
    assert_int_equal(prop(e, "flags")->dkind, ORM_DEFAULT_EXPR);
    assert_string_equal(prop(e, "flags")->dexpr, "1 + 2");
    assert_int_equal(e->pk.ncols, 1);
    assert_string_equal(e->pk.name, "author_pkey");
    orm_entity_free(e);
}

static void test_constraints_named_like_postgres(void **state)
{
    og_error err = OG_ERROR_INIT;
    orm_entity *e = build("CREATE TABLE book (id int, isbn text UNIQUE, title text, price int CHECK (price > 0), "
                          "author_id int REFERENCES author ON DELETE CASCADE, "
                          "PRIMARY KEY (id), UNIQUE (title, author_id), CONSTRAINT sane CHECK (price < 1000000), "
                          "FOREIGN KEY (id) REFERENCES other (oid) ON DELETE SET NULL)",
                          &err);
    assert_non_null(e);
    assert_int_equal(e->nuniques, 2);
    assert_string_equal(e->uniques[0].name, "book_isbn_key");
    assert_string_equal(e->uniques[1].name, "book_title_author_id_key");
    assert_int_equal(e->uniques[1].ncols, 2);
    assert_int_equal(e->nchecks, 2);
    assert_string_equal(e->checks[0].name, "book_price_check");
    assert_string_equal(e->checks[0].expr, "price > 0");
    assert_string_equal(e->checks[1].name, "sane");
    assert_int_equal(e->nfks, 2);
    assert_string_equal(e->fks[0].name, "book_author_id_fkey");
    assert_string_equal(e->fks[0].ref_table, "author");
    assert_null(e->fks[0].ref_cols[0]); /* the referenced primary key, resolved by link */
    assert_int_equal(e->fks[0].on_delete, ORM_FK_CASCADE);
    assert_int_equal(e->fks[1].on_delete, ORM_FK_SET_NULL);
    assert_string_equal(e->fks[1].ref_cols[0], "oid");
    assert_false(e->pivot);
    orm_entity_free(e);
}

static void test_link_relations_and_pivot(void **state)
{
    og_error err = OG_ERROR_INIT;
    orm_metadata m;
    orm_meta_init(&m);
    const char *ddl[] = {
        "CREATE TABLE author (id serial PRIMARY KEY, name text)",
        "CREATE TABLE tag (id serial PRIMARY KEY)",
        "CREATE TABLE book (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES author)",
        "CREATE TABLE book_tag (book_id int REFERENCES book ON DELETE CASCADE, "
        "tag_id int REFERENCES tag ON DELETE CASCADE, PRIMARY KEY (book_id, tag_id))",
        "CREATE TABLE category (id serial PRIMARY KEY, parent_id int REFERENCES category ON DELETE CASCADE)",
    };
    for (size_t i = 0; i < sizeof(ddl) / sizeof(ddl[0]); i++) {
        orm_entity *e = build(ddl[i], &err);
        assert_non_null(e);
        assert_true(orm_meta_add(&m, e, &err));
    }
    assert_true(orm_meta_link(&m, &err));
    const orm_entity *book = orm_meta_get(&m, "book");
    const orm_entity *author = orm_meta_get(&m, "author");
    assert_ptr_equal(book->fks[0].target, author);
    assert_string_equal(book->fks[0].ref_cols[0], "id");
    assert_int_equal(author->ninverse, 1); /* author.books: OneToMany */
    assert_ptr_equal(author->inverse[0], &book->fks[0]);
    assert_true(orm_meta_get(&m, "book_tag")->pivot);
    const orm_entity *cat = orm_meta_get(&m, "category");
    assert_ptr_equal(cat->fks[0].target, cat); /* self reference: a tree */
    assert_int_equal(cat->ninverse, 1);
    /* linking twice rebuilds the inverse sides instead of doubling them */
    assert_true(orm_meta_link(&m, &err));
    assert_int_equal(author->ninverse, 1);
    /* a duplicate name is 42P07 */
    orm_entity *dup = build("CREATE TABLE tag (id int PRIMARY KEY)", &err);
    assert_false(orm_meta_add(&m, dup, &err));
    assert_string_equal(err.code, "42P07");
    orm_entity_free(dup);
    og_error_clear(&err);
    orm_meta_free(&m);
}

static void test_link_errors(void **state)
{
    og_error err = OG_ERROR_INIT;
    orm_metadata m;
    orm_meta_init(&m);
    orm_entity *e = build("CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b)", &err);
    assert_true(orm_meta_add(&m, e, &err));
    assert_false(orm_meta_link(&m, &err));
    assert_string_equal(err.code, "42P01");
    og_error_clear(&err);
    orm_meta_free(&m);

    orm_meta_init(&m);
    assert_true(orm_meta_add(&m, build("CREATE TABLE b (id int PRIMARY KEY)", &err), &err));
    assert_true(orm_meta_add(&m, build("CREATE TABLE c (x int REFERENCES b (nope))", &err), &err));
    assert_false(orm_meta_link(&m, &err));
    assert_string_equal(err.code, "42703");
    og_error_clear(&err);
    orm_meta_free(&m);
}

static void expect_error(const char *sql, const char *code)
{
    og_error err = OG_ERROR_INIT;
    orm_entity *e = build(sql, &err);
    assert_null(e);
    assert_string_equal(err.code, code);
    og_error_clear(&err);
}

static void test_errors(void **state)
{
    expect_error("CREATE TABLE t (a int, a text)", "42701");
    expect_error("CREATE TABLE t (a nosuchtype)", "42704");
    expect_error("CREATE TABLE t (a int PRIMARY KEY, b int PRIMARY KEY)", "42P16");
    expect_error("CREATE TABLE t (a int, PRIMARY KEY (b))", "42703");
    expect_error("CREATE TABLE t (a varchar(0))", "22023");
    expect_error("CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED)", "0A000");
    expect_error("CREATE TABLE t (a int) INHERITS (u)", "0A000");
    expect_error("CREATE TEMP TABLE t (a int)", "0A000");
    {
        /* ON UPDATE actions are kept (SQLite enforces them natively) */
        og_error err = OG_ERROR_INIT;
        orm_entity *e = build("CREATE TABLE t (a int REFERENCES u ON UPDATE CASCADE)", &err);
        assert_non_null(e);
        assert_int_equal(e->fks[0].on_update, ORM_FK_CASCADE);
        orm_entity_free(e);
    }
}

static void test_no_primary_key(void **state)
{
    og_error err = OG_ERROR_INIT;
    orm_entity *e = build("CREATE TABLE log (at timestamptz, msg text)", &err);
    assert_non_null(e);
    assert_int_equal(e->pk.ncols, 0); /* not an entity for backends other than PostgreSQL */
    orm_entity_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_types_defaults), cmocka_unit_test(test_constraints_named_like_postgres),
        cmocka_unit_test(test_link_relations_and_pivot), cmocka_unit_test(test_link_errors),
        cmocka_unit_test(test_errors), cmocka_unit_test(test_no_primary_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
