/*
 * tests/unit/test_em.c - the EntityManager (orm/em.h): identity map, unique
 * and foreign-key semantics of the unit of work, and the flush plan.
 *
 * Entities come from CREATE TABLE text through the real metadata code. Every
 * plan is rendered by the real SQL renderer for SQLite and compared exactly
 * (SQL text and bound values), then run on an in-memory SQLite database
 * whose tables come from the renderer's own DDL, with the driver's og_*
 * functions registered and foreign keys enforced: the batches are valid SQL,
 * their commit order satisfies the foreign keys statement by statement, each
 * reports the row count the plan announces, and the tables end up holding
 * what the entities hold.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "em_fixture.h"


static const char *SCHEMA =
    "CREATE TABLE author (id int PRIMARY KEY, email text UNIQUE, name text NOT NULL);"
    "CREATE TABLE seat (id int PRIMARY KEY, row_no int, col_no int, UNIQUE (row_no, col_no));"
    "CREATE TABLE quoted (\"Key\" int PRIMARY KEY);"
    "CREATE TABLE k_num (id numeric PRIMARY KEY);"
    "CREATE TABLE k_char (id char(4) PRIMARY KEY);"
    "CREATE TABLE k_iv (id interval PRIMARY KEY);"
    "CREATE TABLE k_float (id float8 PRIMARY KEY);"
    "CREATE TABLE k_jsonb (id jsonb PRIMARY KEY);"
    "CREATE TABLE grp (id int PRIMARY KEY, name text);"
    "CREATE TABLE usr (id int PRIMARY KEY, grp_id bigint REFERENCES grp ON DELETE CASCADE, name text);"
    "CREATE TABLE post (id int PRIMARY KEY, usr_id int NOT NULL REFERENCES usr ON DELETE CASCADE, "
    "  editor_id int REFERENCES usr ON DELETE SET NULL, title text);"
    "CREATE TABLE review (id int PRIMARY KEY, post_id int REFERENCES post ON DELETE RESTRICT);"
    "CREATE TABLE category (id int PRIMARY KEY, parent_id int REFERENCES category ON DELETE CASCADE, name text);"
    "CREATE TABLE ca (id int PRIMARY KEY, cb_id int NOT NULL REFERENCES cb ON DELETE CASCADE);"
    "CREATE TABLE cb (id int PRIMARY KEY, ca_id int REFERENCES ca);"
    "CREATE TABLE xa (id int PRIMARY KEY, xb_id int NOT NULL REFERENCES xb);"
    "CREATE TABLE xb (id int PRIMARY KEY, xa_id int NOT NULL REFERENCES xa);"
    "CREATE TABLE enrol (student int, course int, grade text, PRIMARY KEY (student, course));"
    "CREATE TABLE wide (id int PRIMARY KEY, v int);"
    "CREATE TABLE employee (id int PRIMARY KEY, manager_id int REFERENCES employee, name text);"
    "CREATE TABLE k_ts (id int PRIMARY KEY, at timestamptz UNIQUE);";

static int setup(void **state)
{
    em_fixture_setup(SCHEMA, true);
    return 0;
}

static int teardown(void **state)
{
    em_fixture_teardown();
    return 0;
}

static og_value I(int64_t i)
{
    og_value v = {0};
    v.oid = OG_OID_INT4;
    v.u.i = i;
    return v;
}

static og_value S(uint32_t oid, const char *s)
{
    og_value v = {0};
    v.oid = oid;
    v.u.str.p = s;
    v.u.str.len = strlen(s);
    return v;
}

static og_value T(const char *s)
{
    return S(OG_OID_TEXT, s);
}

static og_value NUL(void)
{
    return og_value_null(OG_OID_INT4);
}

static orm_em_entity *merge(const char *table, og_value *row)
{
    orm_em_entity *m = orm_em_merge(em, E(table), row);
    assert_non_null(m);
    return m;
}

static orm_em_entity *persist(const char *table, og_value *row)
{
    og_error err = OG_ERROR_INIT;
    orm_em_entity *m = NULL;
    orm_em_rc rc = orm_em_persist(em, E(table), row, &m, &err);
    if (rc != ORM_EM_OK)
        fail_msg("persist into %s: rc %d %s %s", table, (int)rc, err.code, err.message ? err.message : "");
    return m;
}

static orm_em_entity *get1(const char *table, og_value pk)
{
    return orm_em_get(em, E(table), &pk);
}

static void assign1(orm_em_entity *m, const char *prop, og_value v)
{
    og_error err = OG_ERROR_INIT;
    int p = orm_entity_prop(m->entity, prop);
    assert_true(p >= 0);
    uint16_t props[1] = {(uint16_t)p};
    orm_em_rc rc = orm_em_assign(em, m, props, &v, 1, &err);
    if (rc != ORM_EM_OK)
        fail_msg("assign %s: rc %d %s %s", prop, (int)rc, err.code, err.message ? err.message : "");
}

static void remove1(orm_em_entity *m, bool native_fk)
{
    og_error err = OG_ERROR_INIT;
    orm_em_rc rc = orm_em_remove(em, m, native_fk, &err);
    if (rc != ORM_EM_OK)
        fail_msg("remove: rc %d %s %s", (int)rc, err.code, err.message ? err.message : "");
}

static void assert_error(const og_error *err, const char *code, const char *message, const char *detail,
                         const char *constraint, const char *table)
{
    assert_string_equal(err->code, code);
    assert_string_equal(err->message, message);
    if (detail)
        assert_string_equal(err->detail, detail);
    if (constraint)
        assert_string_equal(err->constraint, constraint);
    if (table)
        assert_string_equal(err->table, table);
}

/* ---------- plans: render, compare, run ---------- */

static orm_em_plan plan_of(size_t max_rows)
{
    orm_em_plan p;
    og_error err = OG_ERROR_INIT;
    if (!orm_em_plan_build(em, max_rows, &p, &err))
        fail_msg("plan: %s %s", err.code, err.message);
    return p;
}

static void expect_batch(const orm_em_plan *p, size_t i, orm_em_batch_kind kind, const char *table, uint32_t nrows,
                         const char *sql, const char *binds)
{
    if (i >= p->n)
        fail_msg("batch %zu of %zu", i, p->n);
    const orm_em_batch *b = &p->batches[i];
    assert_int_equal(b->kind, kind);
    assert_string_equal(b->entity->name, table);
    assert_int_equal(b->nrows, nrows);
    drv_sql s = render_stmt(b->stmt);
    if (sql && strcmp(s.sql, sql))
        fail_msg("batch %zu SQL\n got: %s\nwant: %s", i, s.sql, sql);
    if (binds && strcmp(binds_of(&s), binds))
        fail_msg("batch %zu binds\n got: %s\nwant: %s", i, binds_of(&s), binds);
}

/* Run every batch on SQLite, in order, each reporting the row count the plan says. */
static void run_plan(const orm_em_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        drv_sql s = render_stmt(p->batches[i].stmt);
        sqlite3_stmt *st = prepare_bound(&s);
        if (sqlite3_step(st) != SQLITE_DONE)
            fail_msg("batch %zu: %s: %s", i, s.sql, sqlite3_errmsg(db));
        assert_int_equal(sqlite3_changes(db), p->batches[i].nrows);
        sqlite3_finalize(st);
    }
}

#define assert_rows(sql, want)                                                                                         \
    do {                                                                                                               \
        const char *g_ = rows(sql);                                                                                    \
        if (strcmp(g_, (want)))                                                                                        \
            fail_msg("%s\n got: %s\nwant: %s", (sql), g_, (want));                                                     \
    } while (0)

/* Build the plan, run it, report the flush to the EntityManager. */
static void flush(size_t max_rows)
{
    orm_em_plan p = plan_of(max_rows);
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_false(orm_em_pending(em));
}

/* Authors 1..3 in the backend and merged. */
static void seed_authors(void)
{
    exec_sql("INSERT INTO author VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob'), (3, 'c@x', 'Cid')");
    og_value r1[] = {I(1), T("a@x"), T("Ann")}, r2[] = {I(2), T("b@x"), T("Bob")}, r3[] = {I(3), T("c@x"), T("Cid")};
    merge("author", r1);
    merge("author", r2);
    merge("author", r3);
}

/* ---------- identity map ---------- */

static void test_merge_and_get(void **state)
{
    char email[8] = "a@x", name[8] = "Ann";
    og_value row[] = {I(1), T(email), T(name)};
    orm_em_entity *m = merge("author", row);
    strcpy(email, "zzz"); /* the caller's buffers die after the call */
    strcpy(name, "Zed");
    assert_int_equal(m->state, ORM_EM_MANAGED);
    assert_ptr_equal(get1("author", I(1)), m);
    assert_null(get1("author", I(2)));
    assert_null(get1("seat", I(1)));
    assert_string_equal(m->vals[1].u.str.p, "a@x");
    assert_string_equal(m->orig[2].u.str.p, "Ann");
    og_value big = I(1);
    big.oid = OG_OID_INT8; /* an int8 key finds the int4 one, as int48eq would */
    assert_ptr_equal(orm_em_get(em, E("author"), &big), m);
    assert_false(orm_em_pending(em));

    /* a second read of the row: the managed values win */
    og_value stale[] = {I(1), T("old@x"), T("Old")};
    assert_ptr_equal(merge("author", stale), m);
    assert_string_equal(m->vals[2].u.str.p, "Ann");
    assign1(m, "name", T("Bea"));
    assert_ptr_equal(merge("author", stale), m);
    assert_string_equal(m->vals[2].u.str.p, "Bea");
    assert_string_equal(m->orig[2].u.str.p, "Ann");
    assert_true(orm_em_pending_type(em, E("author")));
    assert_false(orm_em_pending_type(em, E("seat")));

    /* a stale row colliding with a managed one is registered all the same (the backend decides) */
    og_value stale5[] = {I(5), T("a@x"), T("Five")};
    orm_em_entity *m5 = merge("author", stale5);
    assign1(m5, "email", T("five@x"));
    og_error err = OG_ERROR_INIT;
    og_value n6[] = {I(6), T("a@x"), T("Six")};
    assert_int_equal(orm_em_persist(em, E("author"), n6, NULL, &err), ORM_EM_ERROR); /* author 1 still has it */
    assert_string_equal(err.constraint, "author_email_key");
    og_error_clear(&err);
}

/* Keys are equal when PostgreSQL's = says so, whatever the spelling. */
static void test_key_equality(void **state)
{
    og_value n[] = {S(OG_OID_NUMERIC, "1.0")};
    orm_em_entity *m = merge("k_num", n);
    assert_ptr_equal(get1("k_num", S(OG_OID_NUMERIC, "1.00")), m);
    assert_ptr_equal(get1("k_num", S(OG_OID_NUMERIC, "1")), m);
    assert_null(get1("k_num", S(OG_OID_NUMERIC, "10")));
    og_value z[] = {S(OG_OID_NUMERIC, "0.000")};
    orm_em_entity *mz = merge("k_num", z);
    assert_ptr_equal(get1("k_num", S(OG_OID_NUMERIC, "0")), mz);

    og_value c[] = {S(OG_OID_BPCHAR, "ab  ")};
    orm_em_entity *mc = merge("k_char", c);
    assert_ptr_equal(get1("k_char", S(OG_OID_BPCHAR, "ab")), mc);
    assert_null(get1("k_char", S(OG_OID_BPCHAR, " ab")));

    og_value iv = {0};
    iv.oid = OG_OID_INTERVAL;
    iv.u.iv.months = 1;
    og_value ivr[] = {iv};
    orm_em_entity *mi = merge("k_iv", ivr);
    og_value days = {0};
    days.oid = OG_OID_INTERVAL;
    days.u.iv.days = 30; /* '1 mon' = '30 days' for interval's = */
    assert_ptr_equal(orm_em_get(em, E("k_iv"), &days), mi);

    og_value f = {0};
    f.oid = OG_OID_FLOAT8;
    f.u.f = -0.0;
    og_value fr[] = {f};
    orm_em_entity *mf = merge("k_float", fr);
    f.u.f = 0.0;
    assert_ptr_equal(orm_em_get(em, E("k_float"), &f), mf);

    og_value j[] = {S(OG_OID_JSONB, "{\"a\": 1.50, \"b\": [2.0, \"x 1.0\"]}")};
    orm_em_entity *mj = merge("k_jsonb", j);
    assert_ptr_equal(get1("k_jsonb", S(OG_OID_JSONB, "{\"a\": 1.5, \"b\": [2, \"x 1.0\"]}")), mj);
    assert_null(get1("k_jsonb", S(OG_OID_JSONB, "{\"a\": 1.5, \"b\": [2, \"x 1\"]}")));

    /* a duplicate spelled differently is a duplicate; the detail shows the new row's text */
    og_error err = OG_ERROR_INIT;
    og_value n2[] = {S(OG_OID_NUMERIC, "1.00")};
    assert_int_equal(orm_em_persist(em, E("k_num"), n2, NULL, &err), ORM_EM_ERROR);
    assert_error(&err, "23505", "duplicate key value violates unique constraint \"k_num_pkey\"",
                 "Key (id)=(1.00) already exists.", "k_num_pkey", "k_num");

    /* values in details are the text output in the session's time zone */
    og_value at = {0};
    at.oid = OG_OID_TIMESTAMPTZ;
    at.u.i = 0;
    og_value t1[] = {I(1), at}, t2[] = {I(2), at};
    persist("k_ts", t1);
    assert_int_equal(orm_em_persist(em, E("k_ts"), t2, NULL, &err), ORM_EM_ERROR);
    assert_string_equal(err.detail, "Key (at)=(2000-01-01 00:00:00+00) already exists.");
    orm_em_set_timezone(em, "Europe/Paris");
    assert_int_equal(orm_em_persist(em, E("k_ts"), t2, NULL, &err), ORM_EM_ERROR);
    assert_string_equal(err.detail, "Key (at)=(2000-01-01 01:00:00+01) already exists.");
    og_error_clear(&err);
}

/* ---------- unique keys ---------- */

static void test_persist_duplicates(void **state)
{
    seed_authors();
    og_error err = OG_ERROR_INIT;
    og_value dup[] = {I(1), T("new@x"), T("New")};
    assert_int_equal(orm_em_persist(em, E("author"), dup, NULL, &err), ORM_EM_ERROR);
    assert_error(&err, "23505", "duplicate key value violates unique constraint \"author_pkey\"",
                 "Key (id)=(1) already exists.", "author_pkey", "author");

    /* a new entity's key is taken too, and so are its unique values */
    og_value n4[] = {I(4), T("d@x"), T("Dan")};
    persist("author", n4);
    og_value n4b[] = {I(4), T("e@x"), T("Eve")};
    assert_int_equal(orm_em_persist(em, E("author"), n4b, NULL, &err), ORM_EM_ERROR);
    assert_string_equal(err.detail, "Key (id)=(4) already exists.");
    og_value n5[] = {I(5), T("b@x"), T("Bo2")};
    assert_int_equal(orm_em_persist(em, E("author"), n5, NULL, &err), ORM_EM_ERROR);
    assert_error(&err, "23505", "duplicate key value violates unique constraint \"author_email_key\"",
                 "Key (email)=(b@x) already exists.", "author_email_key", "author");
    og_value n6[] = {I(6), T("d@x"), T("Dup")};
    assert_int_equal(orm_em_persist(em, E("author"), n6, NULL, &err), ORM_EM_ERROR);
    assert_string_equal(err.detail, "Key (email)=(d@x) already exists.");
    assert_null(get1("author", I(6)));

    /* composite unique key; NULLs never conflict */
    og_value s1[] = {I(1), I(1), I(2)}, s2[] = {I(2), I(1), I(2)};
    persist("seat", s1);
    assert_int_equal(orm_em_persist(em, E("seat"), s2, NULL, &err), ORM_EM_ERROR);
    assert_error(&err, "23505", "duplicate key value violates unique constraint \"seat_row_no_col_no_key\"",
                 "Key (row_no, col_no)=(1, 2) already exists.", "seat_row_no_col_no_key", "seat");
    og_value s3[] = {I(3), NUL(), I(2)}, s4[] = {I(4), NUL(), I(2)};
    persist("seat", s3);
    persist("seat", s4);
    og_value a7[] = {I(7), og_value_null(OG_OID_TEXT), T("X")}, a8[] = {I(8), og_value_null(OG_OID_TEXT), T("Y")};
    persist("author", a7);
    persist("author", a8);

    /* names that need quoting are quoted, as in PostgreSQL's index descriptions */
    og_value q[] = {I(1)};
    persist("quoted", q);
    assert_int_equal(orm_em_persist(em, E("quoted"), q, NULL, &err), ORM_EM_ERROR);
    assert_string_equal(err.detail, "Key (\"Key\")=(1) already exists.");

    /* assignments are checked the same way and change nothing when they fail */
    orm_em_entity *a3 = get1("author", I(3));
    uint16_t email = 1;
    og_value taken = T("a@x");
    assert_int_equal(orm_em_assign(em, a3, &email, &taken, 1, &err), ORM_EM_ERROR);
    assert_error(&err, "23505", "duplicate key value violates unique constraint \"author_email_key\"",
                 "Key (email)=(a@x) already exists.", "author_email_key", "author");
    assert_string_equal(a3->vals[1].u.str.p, "c@x");
    uint16_t id = 0;
    og_value nine = I(9);
    assert_int_equal(orm_em_assign(em, a3, &id, &nine, 1, &err), ORM_EM_ERROR);
    assert_string_equal(err.code, "0A000");
    og_error_clear(&err);

    /* what was accepted is what the backend accepts */
    flush(0);
    assert_rows("SELECT id, email, name FROM author ORDER BY id",
                "1|a@x|Ann\n2|b@x|Bob\n3|c@x|Cid\n4|d@x|Dan\n7|NULL|X\n8|NULL|Y");
    assert_rows("SELECT id, row_no, col_no FROM seat ORDER BY id", "1|1|2\n3|NULL|2\n4|NULL|2");
}

/* A value the backend still holds for another pending entity: flush first, then the call succeeds. */
static void test_flush_first(void **state)
{
    seed_authors();
    og_error err = OG_ERROR_INIT;
    orm_em_entity *a1 = get1("author", I(1)), *a2 = get1("author", I(2)), *a3 = get1("author", I(3));

    remove1(a1, true); /* id 1 and a@x are still in the backend */
    assert_int_equal(a1->state, ORM_EM_REMOVED);
    assert_ptr_equal(get1("author", I(1)), a1);
    og_value again[] = {I(1), T("z@x"), T("Ann2")};
    assert_int_equal(orm_em_persist(em, E("author"), again, NULL, &err), ORM_EM_FLUSH_FIRST);
    og_value takes_a[] = {I(5), T("a@x"), T("Ann3")};
    assert_int_equal(orm_em_persist(em, E("author"), takes_a, NULL, &err), ORM_EM_FLUSH_FIRST);

    assign1(a2, "email", T("b2@x")); /* b@x is freed in memory, not yet in the backend */
    uint16_t email = 1;
    og_value b = T("b@x");
    assert_int_equal(orm_em_assign(em, a3, &email, &b, 1, &err), ORM_EM_FLUSH_FIRST);
    assert_string_equal(a3->vals[1].u.str.p, "c@x");
    assert_false(og_error_isset(&err));

    /* an entity taking back its own value is no conflict */
    assign1(a2, "email", T("b@x"));
    assign1(a2, "email", T("b2@x"));

    flush(0);
    assert_null(get1("author", I(1)));
    persist("author", again);
    persist("author", takes_a);
    assert_int_equal(orm_em_assign(em, a3, &email, &b, 1, &err), ORM_EM_OK);
    flush(0);
    assert_rows("SELECT id, email, name FROM author ORDER BY id", "1|z@x|Ann2\n2|b2@x|Bob\n3|b@x|Cid\n5|a@x|Ann3");
}

/* ---------- updates ---------- */

static void test_assign_merges(void **state)
{
    seed_authors();
    orm_em_entity *a1 = get1("author", I(1)), *a2 = get1("author", I(2));

    /* the same value again is no change; a change undone is none either */
    assign1(a1, "name", T("Ann"));
    assert_false(orm_em_pending(em));
    assign1(a2, "name", T("Bobby"));
    assert_true(orm_em_pending(em));
    assign1(a2, "name", T("Bob"));
    assert_false(orm_em_pending(em));
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 0);
    orm_em_plan_free(&p);

    /* two assignments of one entity: one UPDATE with both columns, and only those */
    assign1(a1, "email", T("x@x"));
    assign1(a1, "name", T("Ann X"));
    assert_true(orm_em_pending_type(em, E("author")));
    p = plan_of(0);
    assert_int_equal(p.n, 1);
    expect_batch(&p, 0, ORM_EM_UPDATE, "author", 1,
                 "UPDATE \"author\" SET \"email\" = ?1, \"name\" = ?2 WHERE \"author\".\"id\" = ?3", "x@x,Ann X,1");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_int_equal(a1->state, ORM_EM_MANAGED);
    assert_string_equal(a1->orig[1].u.str.p, "x@x");
    assert_false(orm_em_pending(em));
    assert_rows("SELECT id, email, name FROM author ORDER BY id", "1|x@x|Ann X\n2|b@x|Bob\n3|c@x|Cid");
}

static void test_update_grouping(void **state)
{
    seed_authors();
    orm_em_entity *a1 = get1("author", I(1)), *a2 = get1("author", I(2)), *a3 = get1("author", I(3));
    assign1(a2, "name", T("B"));
    assign1(a3, "email", T("c3@x"));
    assign1(a1, "name", T("A"));
    assign1(a3, "name", T("C"));
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 2);
    expect_batch(&p, 0, ORM_EM_UPDATE, "author", 2,
                 "UPDATE \"author\" SET \"name\" = CASE \"author\".\"id\" WHEN ?1 THEN ?2 WHEN ?3 THEN ?4 END "
                 "WHERE \"author\".\"id\" IN (?5, ?6)",
                 "1,A,2,B,1,2");
    expect_batch(&p, 1, ORM_EM_UPDATE, "author", 1,
                 "UPDATE \"author\" SET \"email\" = ?1, \"name\" = ?2 WHERE \"author\".\"id\" = ?3", "c3@x,C,3");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT id, email, name FROM author ORDER BY id", "1|a@x|A\n2|b@x|B\n3|c3@x|C");

    /* max_rows splits a group */
    assign1(a1, "name", T("A2"));
    assign1(a2, "name", T("B2"));
    assign1(a3, "name", T("C2"));
    p = plan_of(2);
    assert_int_equal(p.n, 2);
    expect_batch(&p, 0, ORM_EM_UPDATE, "author", 2, NULL, "1,A2,2,B2,1,2");
    expect_batch(&p, 1, ORM_EM_UPDATE, "author", 1, "UPDATE \"author\" SET \"name\" = ?1 WHERE \"author\".\"id\" = ?2",
                 "C2,3");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT name FROM author ORDER BY id", "A2\nB2\nC2");
}

/* A composite primary key: searched CASE and ORed matches. */
static void test_composite_key(void **state)
{
    exec_sql("INSERT INTO enrol VALUES (1, 10, 'A'), (1, 11, 'B'), (2, 10, 'C')");
    og_value r1[] = {I(1), I(10), T("A")}, r2[] = {I(1), I(11), T("B")}, r3[] = {I(2), I(10), T("C")};
    orm_em_entity *e1 = merge("enrol", r1), *e2 = merge("enrol", r2), *e3 = merge("enrol", r3);
    og_value k[] = {I(1), I(11)};
    assert_ptr_equal(orm_em_get(em, E("enrol"), k), e2);
    assign1(e1, "grade", T("A+"));
    assign1(e2, "grade", T("B+"));
    remove1(e3, true);
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 2);
    expect_batch(&p, 0, ORM_EM_UPDATE, "enrol", 2,
                 "UPDATE \"enrol\" SET \"grade\" = CASE WHEN \"enrol\".\"student\" = ?1 AND \"enrol\".\"course\" = ?2 "
                 "THEN ?3 WHEN \"enrol\".\"student\" = ?4 AND \"enrol\".\"course\" = ?5 THEN ?6 END WHERE "
                 "(\"enrol\".\"student\" = ?7 AND \"enrol\".\"course\" = ?8) OR (\"enrol\".\"student\" = ?9 AND "
                 "\"enrol\".\"course\" = ?10)",
                 "1,10,A+,1,11,B+,1,10,1,11");
    expect_batch(&p, 1, ORM_EM_DELETE, "enrol", 1,
                 "DELETE FROM \"enrol\" WHERE \"enrol\".\"student\" = ?1 AND \"enrol\".\"course\" = ?2", "2,10");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT student, course, grade FROM enrol ORDER BY 1, 2", "1|10|A+\n1|11|B+");
}

/* ---------- commit order ---------- */

static void test_insert_order_three_types(void **state)
{
    og_value p1[] = {I(1), I(1), NUL(), T("hello")};
    og_value u1[] = {I(1), I(1), T("ann")}, u2[] = {I(2), NUL(), T("bob")};
    og_value g1[] = {I(1), T("admins")};
    u1[1].oid = OG_OID_INT8; /* usr.grp_id is bigint, grp.id int */
    persist("post", p1);     /* children first, on purpose */
    persist("usr", u1);
    persist("usr", u2);
    persist("grp", g1);
    assert_true(orm_em_pending_type(em, E("post")));
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 3);
    expect_batch(&p, 0, ORM_EM_INSERT, "grp", 1, "INSERT INTO \"grp\" (\"id\", \"name\") VALUES (?1, ?2)", "1,admins");
    expect_batch(&p, 1, ORM_EM_INSERT, "usr", 2,
                 "INSERT INTO \"usr\" (\"id\", \"grp_id\", \"name\") VALUES (?1, ?2, ?3), (?4, ?5, ?6)",
                 "1,1,ann,2,NULL,bob");
    expect_batch(&p, 2, ORM_EM_INSERT, "post", 1,
                 "INSERT INTO \"post\" (\"id\", \"usr_id\", \"editor_id\", \"title\") VALUES (?1, ?2, ?3, ?4)",
                 "1,1,NULL,hello");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    orm_em_entity *post = get1("post", I(1));
    assert_int_equal(post->state, ORM_EM_MANAGED);
    assert_non_null(post->orig);
    assert_rows(
        "SELECT p.title, u.name, g.name FROM post p JOIN usr u ON u.id = p.usr_id JOIN grp g ON g.id = u.grp_id",
        "hello|ann|admins");
}

/* Graph of grp 1 <- usr 1, 2 <- post 1 (usr 1, editor 2), 2 (usr 2) <- review 1 (post 1), in the
 * backend and merged. */
static void seed_graph(bool with_review)
{
    exec_sql("INSERT INTO grp VALUES (1, 'g')");
    exec_sql("INSERT INTO usr VALUES (1, 1, 'u1'), (2, 1, 'u2')");
    exec_sql("INSERT INTO post VALUES (1, 1, 2, 'p1'), (2, 2, NULL, 'p2')");
    og_value g[] = {I(1), T("g")};
    og_value u1[] = {I(1), I(1), T("u1")}, u2[] = {I(2), I(1), T("u2")};
    og_value p1[] = {I(1), I(1), I(2), T("p1")}, p2[] = {I(2), I(2), NUL(), T("p2")};
    merge("post", p1); /* registration order: children first */
    merge("post", p2);
    merge("usr", u1);
    merge("usr", u2);
    merge("grp", g);
    if (with_review) {
        exec_sql("INSERT INTO review VALUES (1, 1)");
        og_value r[] = {I(1), I(1)};
        merge("review", r);
    }
}

static void test_delete_cascade(void **state)
{
    seed_graph(false);
    orm_em_entity *g = get1("grp", I(1)), *u2 = get1("usr", I(2)), *p1 = get1("post", I(1));
    remove1(g, false); /* no native foreign keys: every row gets its own DELETE */
    assert_int_equal(u2->state, ORM_EM_REMOVED);
    assert_int_equal(p1->state, ORM_EM_REMOVED);
    assert_false(p1->cascaded);
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 3);
    expect_batch(&p, 0, ORM_EM_DELETE, "post", 2, "DELETE FROM \"post\" WHERE \"post\".\"id\" IN (?1, ?2)", "1,2");
    expect_batch(&p, 1, ORM_EM_DELETE, "usr", 2, "DELETE FROM \"usr\" WHERE \"usr\".\"id\" IN (?1, ?2)", "1,2");
    expect_batch(&p, 2, ORM_EM_DELETE, "grp", 1, "DELETE FROM \"grp\" WHERE \"grp\".\"id\" = ?1", "1");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_null(get1("post", I(1)));
    assert_null(get1("grp", I(1)));
    assert_false(orm_em_pending_type(em, E("usr")));
    assert_rows("SELECT (SELECT count(*) FROM grp) + (SELECT count(*) FROM usr) + (SELECT count(*) FROM post)", "0");
}

static void test_delete_cascade_native(void **state)
{
    seed_graph(false);
    orm_em_entity *g = get1("grp", I(1)), *u1 = get1("usr", I(1)), *p2 = get1("post", I(2));
    remove1(g, true); /* the backend cascades itself: one DELETE */
    assert_int_equal(u1->state, ORM_EM_REMOVED);
    assert_true(u1->cascaded);
    assert_true(p2->cascaded);
    assert_true(orm_em_pending_type(em, E("post"))); /* a read of post must flush first */
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 1);
    expect_batch(&p, 0, ORM_EM_DELETE, "grp", 1, "DELETE FROM \"grp\" WHERE \"grp\".\"id\" = ?1", "1");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_null(get1("usr", I(1)));
    assert_rows("SELECT (SELECT count(*) FROM grp) + (SELECT count(*) FROM usr) + (SELECT count(*) FROM post)", "0");
}

static void test_restrict_and_set_null(void **state)
{
    seed_graph(true);
    og_error err = OG_ERROR_INIT;
    orm_em_entity *p1 = get1("post", I(1)), *u2 = get1("usr", I(2)), *u1 = get1("usr", I(1));

    /* RESTRICT: 23503 and nothing changes */
    assert_int_equal(orm_em_remove(em, p1, false, &err), ORM_EM_ERROR);
    assert_error(&err, "23503",
                 "update or delete on table \"post\" violates foreign key constraint \"review_post_id_fkey\" on table "
                 "\"review\"",
                 "Key (id)=(1) is still referenced from table \"review\".", "review_post_id_fkey", "review");
    assert_int_equal(p1->state, ORM_EM_MANAGED);
    assert_false(orm_em_pending(em));
    /* ... also when the referenced row is reached by a cascade: usr 1 -> post 1 <- review 1 */
    assert_int_equal(orm_em_remove(em, u1, false, &err), ORM_EM_ERROR);
    assert_string_equal(err.constraint, "review_post_id_fkey");
    assert_int_equal(u1->state, ORM_EM_MANAGED);
    assert_int_equal(p1->state, ORM_EM_MANAGED);
    og_error_clear(&err);

    /* SET NULL, written by the plan when the backend has no foreign keys of its own */
    remove1(u2, false);
    assert_true(p1->vals[2].isnull);
    assert_int_equal(p1->state, ORM_EM_MANAGED);
    assert_int_equal(get1("post", I(2))->state, ORM_EM_REMOVED); /* post 2 cascades */
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 3);
    expect_batch(&p, 0, ORM_EM_UPDATE, "post", 1, "UPDATE \"post\" SET \"editor_id\" = ?1 WHERE \"post\".\"id\" = ?2",
                 "NULL,1");
    expect_batch(&p, 1, ORM_EM_DELETE, "post", 1, "DELETE FROM \"post\" WHERE \"post\".\"id\" = ?1", "2");
    expect_batch(&p, 2, ORM_EM_DELETE, "usr", 1, "DELETE FROM \"usr\" WHERE \"usr\".\"id\" = ?1", "2");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT id, usr_id, editor_id FROM post", "1|1|NULL");
}

static void test_set_null_native(void **state)
{
    seed_graph(false);
    orm_em_entity *p1 = get1("post", I(1)), *u2 = get1("usr", I(2));
    remove1(u2, true);
    assert_true(p1->vals[2].isnull);
    assert_true(p1->orig[2].isnull); /* the backend applies it: not written by the plan */
    assert_true(orm_em_pending_type(em, E("post")));
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 1);
    expect_batch(&p, 0, ORM_EM_DELETE, "usr", 1, "DELETE FROM \"usr\" WHERE \"usr\".\"id\" = ?1", "2");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_false(orm_em_pending_type(em, E("post")));
    assert_rows("SELECT id, usr_id, editor_id FROM post", "1|1|NULL");
}

/* Removing a new entity forgets it, and what cascades from it. */
static void test_remove_new(void **state)
{
    og_value u[] = {I(7), NUL(), T("n")}, p7[] = {I(7), I(7), NUL(), T("t")};
    orm_em_entity *mu = persist("usr", u), *mp = persist("post", p7);
    remove1(mu, true);
    assert_int_equal(mu->state, ORM_EM_REMOVED);
    assert_int_equal(mp->state, ORM_EM_REMOVED);
    assert_null(get1("usr", I(7)));
    assert_null(get1("post", I(7)));
    assert_false(orm_em_pending(em));
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 0);
    orm_em_plan_free(&p);
    persist("usr", u); /* the key is free again */
    flush(0);
    assert_rows("SELECT id, name FROM usr", "7|n");

    /* ON DELETE SET NULL reaches a new row too: it is inserted with the key NULL */
    og_value u8[] = {I(8), NUL(), T("m")}, p8[] = {I(8), I(7), I(8), T("t8")};
    orm_em_entity *m8 = persist("usr", u8), *mp8 = persist("post", p8);
    remove1(m8, true);
    assert_int_equal(mp8->state, ORM_EM_NEW);
    assert_true(mp8->vals[2].isnull);
    p = plan_of(0);
    assert_int_equal(p.n, 1);
    expect_batch(&p, 0, ORM_EM_INSERT, "post", 1, NULL, "8,7,NULL,t8");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
}

static void test_self_reference(void **state)
{
    og_value c3[] = {I(3), I(2), T("leaf")}, c2[] = {I(2), I(1), T("mid")}, c1[] = {I(1), NUL(), T("root")},
             c4[] = {I(4), I(1), T("leaf2")};
    persist("category", c3); /* leaf first */
    persist("category", c2);
    persist("category", c1);
    persist("category", c4);
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 1);
    expect_batch(&p, 0, ORM_EM_INSERT, "category", 4,
                 "INSERT INTO \"category\" (\"id\", \"parent_id\", \"name\") VALUES (?1, ?2, ?3), (?4, ?5, ?6), (?7, "
                 "?8, ?9), (?10, ?11, ?12)",
                 "1,NULL,root,2,1,mid,3,2,leaf,4,1,leaf2");
    orm_em_plan_free(&p);
    /* one row per statement: SQLite checks the foreign key of each */
    p = plan_of(1);
    assert_int_equal(p.n, 4);
    expect_batch(&p, 0, ORM_EM_INSERT, "category", 1, NULL, "1,NULL,root");
    expect_batch(&p, 1, ORM_EM_INSERT, "category", 1, NULL, "2,1,mid");
    expect_batch(&p, 2, ORM_EM_INSERT, "category", 1, NULL, "3,2,leaf");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);

    /* deletes: children before parents, whatever order they were removed in */
    remove1(get1("category", I(1)), false);
    assert_int_equal(get1("category", I(3))->state, ORM_EM_REMOVED);
    p = plan_of(1);
    assert_int_equal(p.n, 4);
    expect_batch(&p, 0, ORM_EM_DELETE, "category", 1, "DELETE FROM \"category\" WHERE \"category\".\"id\" = ?1", "3");
    expect_batch(&p, 1, ORM_EM_DELETE, "category", 1, NULL, "2");
    expect_batch(&p, 2, ORM_EM_DELETE, "category", 1, NULL, "4");
    expect_batch(&p, 3, ORM_EM_DELETE, "category", 1, NULL, "1");
    run_plan(&p); /* a parent deleted first would take its children natively: their DELETE would count 0 */
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT count(*) FROM category", "0");
}

/* A cycle among entities of one type: one goes in with its key NULL, set by an UPDATE. */
static void test_cycle_within_type(void **state)
{
    og_value e1[] = {I(1), I(2), T("one")}, e2[] = {I(2), I(1), T("two")}, e3[] = {I(3), I(1), T("three")};
    persist("employee", e1);
    persist("employee", e2);
    persist("employee", e3);
    orm_em_plan p = plan_of(1);
    assert_int_equal(p.n, 4);
    expect_batch(&p, 0, ORM_EM_INSERT, "employee", 1, NULL, "2,NULL,two");
    expect_batch(&p, 1, ORM_EM_INSERT, "employee", 1, NULL, "1,2,one");
    expect_batch(&p, 2, ORM_EM_INSERT, "employee", 1, NULL, "3,1,three");
    expect_batch(&p, 3, ORM_EM_UPDATE, "employee", 1,
                 "UPDATE \"employee\" SET \"manager_id\" = ?1 WHERE \"employee\".\"id\" = ?2", "1,2");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT id, manager_id FROM employee ORDER BY id", "1|2\n2|1\n3|1");

    /* an update pointing a managed row at a new one runs after the insert */
    og_value e4[] = {I(4), og_value_null(OG_OID_INT4), T("four")};
    persist("employee", e4);
    assign1(get1("employee", I(3)), "manager_id", I(4));
    p = plan_of(0);
    assert_int_equal(p.n, 2);
    expect_batch(&p, 0, ORM_EM_INSERT, "employee", 1, NULL, "4,NULL,four");
    expect_batch(&p, 1, ORM_EM_UPDATE, "employee", 1, NULL, "4,3");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT id, manager_id FROM employee ORDER BY id", "1|2\n2|1\n3|4\n4|NULL");
}

static void test_cycle_between_types(void **state)
{
    og_value a[] = {I(1), I(1)}, b[] = {I(1), I(1)};
    persist("ca", a); /* ca.cb_id NOT NULL -> cb; cb.ca_id nullable -> ca */
    persist("cb", b);
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 3);
    expect_batch(&p, 0, ORM_EM_INSERT, "cb", 1, "INSERT INTO \"cb\" (\"id\", \"ca_id\") VALUES (?1, ?2)", "1,NULL");
    expect_batch(&p, 1, ORM_EM_INSERT, "ca", 1, "INSERT INTO \"ca\" (\"id\", \"cb_id\") VALUES (?1, ?2)", "1,1");
    expect_batch(&p, 2, ORM_EM_UPDATE, "cb", 1, "UPDATE \"cb\" SET \"ca_id\" = ?1 WHERE \"cb\".\"id\" = ?2", "1,1");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT id, ca_id FROM cb", "1|1");

    /* deleting both (ca 1 by cascade): the nullable key is set NULL first */
    remove1(get1("cb", I(1)), false);
    assert_int_equal(get1("ca", I(1))->state, ORM_EM_REMOVED);
    p = plan_of(0);
    assert_int_equal(p.n, 3);
    expect_batch(&p, 0, ORM_EM_UPDATE, "cb", 1, "UPDATE \"cb\" SET \"ca_id\" = ?1 WHERE \"cb\".\"id\" = ?2", "NULL,1");
    expect_batch(&p, 1, ORM_EM_DELETE, "ca", 1, NULL, "1");
    expect_batch(&p, 2, ORM_EM_DELETE, "cb", 1, NULL, "1");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT (SELECT count(*) FROM ca) + (SELECT count(*) FROM cb)", "0");

    /* a cycle of NOT NULL keys cannot be ordered */
    og_value xa[] = {I(1), I(1)}, xb[] = {I(1), I(1)};
    persist("xa", xa);
    persist("xb", xb);
    orm_em_plan bad;
    og_error err = OG_ERROR_INIT;
    assert_false(orm_em_plan_build(em, 0, &bad, &err));
    assert_string_equal(err.code, "0A000");
    assert_non_null(strstr(err.message, "\"xa\""));
    assert_non_null(strstr(err.message, "\"xb\""));
    assert_int_equal(bad.n, 0);
    orm_em_plan_free(&bad);
    og_error_clear(&err);
}

/* ---------- batches ---------- */

static void test_batch_limits(void **state)
{
    for (int i = 1; i <= 5; i++) {
        char email[16], name[16];
        snprintf(email, sizeof email, "%d@x", i);
        snprintf(name, sizeof name, "n%d", i);
        og_value r[] = {I(i), T(email), T(name)};
        persist("author", r);
    }
    orm_em_plan p = plan_of(2);
    assert_int_equal(p.n, 3);
    expect_batch(&p, 0, ORM_EM_INSERT, "author", 2,
                 "INSERT INTO \"author\" (\"id\", \"email\", \"name\") VALUES (?1, ?2, ?3), (?4, ?5, ?6)",
                 "1,1@x,n1,2,2@x,n2");
    expect_batch(&p, 1, ORM_EM_INSERT, "author", 2, NULL, "3,3@x,n3,4,4@x,n4");
    expect_batch(&p, 2, ORM_EM_INSERT, "author", 1, NULL, "5,5@x,n5");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    for (int i = 1; i <= 5; i++)
        remove1(get1("author", I(i)), true);
    p = plan_of(3);
    assert_int_equal(p.n, 2);
    expect_batch(&p, 0, ORM_EM_DELETE, "author", 3, "DELETE FROM \"author\" WHERE \"author\".\"id\" IN (?1, ?2, ?3)",
                 "1,2,3");
    expect_batch(&p, 1, ORM_EM_DELETE, "author", 2, NULL, "4,5");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);

    /* without max_rows, ORM_EM_MAX_BINDS bounds a statement: 2 columns, 15000 rows each */
    for (int i = 1; i <= 15001; i++) {
        og_value r[] = {I(i), I(i * 2)};
        persist("wide", r);
    }
    p = plan_of(0);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.batches[0].nrows, ORM_EM_MAX_BINDS / 2);
    assert_int_equal(p.batches[1].nrows, 1);
    assert_int_equal(render_stmt(p.batches[0].stmt).nbinds, ORM_EM_MAX_BINDS);
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_rows("SELECT count(*), sum(v) FROM wide", "15001|225045002");
}

/* ---------- after the flush ---------- */

static void test_flushed_and_clear(void **state)
{
    seed_authors();
    og_value n4[] = {I(4), T("d@x"), T("Dan")};
    orm_em_entity *a4 = persist("author", n4), *a1 = get1("author", I(1)), *a2 = get1("author", I(2));
    assert_int_equal(a4->state, ORM_EM_NEW);
    assert_null(a4->orig);
    assert_true(a4->seq > a1->seq);
    assign1(a1, "name", T("A"));
    remove1(a2, true);
    orm_em_plan p = plan_of(0);
    assert_int_equal(p.n, 3);
    expect_batch(&p, 0, ORM_EM_INSERT, "author", 1, NULL, "4,d@x,Dan");
    expect_batch(&p, 1, ORM_EM_UPDATE, "author", 1, NULL, "A,1");
    expect_batch(&p, 2, ORM_EM_DELETE, "author", 1, NULL, "2");
    run_plan(&p);
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_int_equal(a4->state, ORM_EM_MANAGED);
    assert_string_equal(a4->orig[2].u.str.p, "Dan");
    assert_string_equal(a1->orig[2].u.str.p, "A");
    assert_null(get1("author", I(2)));
    assert_false(orm_em_pending(em));
    /* b@x is free now: no flush first */
    og_value n5[] = {I(5), T("b@x"), T("Bee")};
    persist("author", n5);

    orm_em_clear(em);
    assert_false(orm_em_pending(em));
    assert_false(orm_em_pending_type(em, E("author")));
    assert_null(get1("author", I(1)));
    assert_null(get1("author", I(5)));
    p = plan_of(0);
    assert_int_equal(p.n, 0);
    orm_em_plan_free(&p);
    og_value r1[] = {I(1), T("a@x"), T("A")};
    orm_em_entity *again = merge("author", r1);
    assert_int_equal(again->state, ORM_EM_MANAGED);
    assert_rows("SELECT id, email, name FROM author ORDER BY id", "1|a@x|A\n3|c@x|Cid\n4|d@x|Dan");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_merge_and_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_equality, setup, teardown),
        cmocka_unit_test_setup_teardown(test_persist_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flush_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assign_merges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_grouping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_composite_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_order_three_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_cascade, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_cascade_native, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restrict_and_set_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_null_native, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_new, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cycle_within_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cycle_between_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flushed_and_clear, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
