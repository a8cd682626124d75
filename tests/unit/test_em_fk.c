/*
 * tests/unit/test_em_fk.c - foreign keys enforced by ormgate (orm/em_fk.c):
 * the probes a flush reads before its plan when the backend has no foreign
 * keys of its own.
 *
 * Entities come from CREATE TABLE text through the real metadata code. The
 * backend is an in-memory SQLite database with foreign keys OFF (standing in
 * for one without them): every probe is rendered by the real SQL renderer
 * for SQLite and run there, its rows are decoded and fed back with
 * orm_em_fk_result until no probe is left, then the plan is built and run,
 * and the tables must hold what PostgreSQL's foreign keys would leave.
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
    "CREATE TABLE author (id int PRIMARY KEY, name text);"
    "CREATE TABLE book (id int PRIMARY KEY, author_id int REFERENCES author ON DELETE CASCADE, title text);"
    "CREATE TABLE chapter (id int PRIMARY KEY, book_id int NOT NULL REFERENCES book ON DELETE CASCADE, title text);"
    "CREATE TABLE note (id int PRIMARY KEY, chapter_id int REFERENCES chapter ON DELETE SET NULL, body text);"
    "CREATE TABLE shelf (id int PRIMARY KEY);"
    "CREATE TABLE loan (id int PRIMARY KEY, shelf_id int REFERENCES shelf ON DELETE RESTRICT);"
    "CREATE TABLE enrol (student int, course int, PRIMARY KEY (student, course));"
    "CREATE TABLE grade (id int PRIMARY KEY, student int, course int, "
    "  FOREIGN KEY (student, course) REFERENCES enrol ON DELETE CASCADE);";

static int setup(void **state)
{
    em_fixture_setup(SCHEMA, false);
    orm_em_set_metadata(em, &meta);
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

static og_value T(const char *s)
{
    og_value v = {0};
    v.oid = OG_OID_TEXT;
    v.u.str.p = s;
    v.u.str.len = strlen(s);
    return v;
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

static void remove1(orm_em_entity *m)
{
    og_error err = OG_ERROR_INIT;
    orm_em_rc rc = orm_em_remove(em, m, false, &err);
    if (rc != ORM_EM_OK)
        fail_msg("remove: rc %d %s %s", (int)rc, err.code, err.message ? err.message : "");
}

static void assert_error(const og_error *err, const char *code, const char *message, const char *detail,
                         const char *constraint, const char *table)
{
    assert_non_null(err->code);
    assert_string_equal(err->code, code);
    assert_string_equal(err->message, message);
    assert_string_equal(err->detail, detail);
    assert_string_equal(err->constraint, constraint);
    assert_string_equal(err->table, table);
}

/* ---------- statements on SQLite ---------- */

/* Run a probe, decode its rows as the targets' types (in A). */
static og_value **probe_rows(const orm_em_probe *p, uint32_t *nrows)
{
    drv_sql s = render_stmt(p->stmt);
    sqlite3_stmt *st = prepare_bound(&s);
    const orm_query *q = p->stmt->query;
    uint32_t cap = 16, n = 0;
    og_value **rows = og_arena_alloc(&A, sizeof(og_value *) * cap);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            og_value **more = og_arena_alloc(&A, sizeof(og_value *) * cap * 2);
            memcpy(more, rows, sizeof(og_value *) * n);
            rows = more;
            cap *= 2;
        }
        og_value *row = og_arena_alloc(&A, sizeof(og_value) * (q->ntargets + 1u));
        og_error err = OG_ERROR_INIT;
        for (uint16_t c = 0; c < q->ntargets; c++) {
            og_value v;
            if (!drv_sqlite_value_from(sqlite3_column_value(st, c), q->targets[c].expr->type, &A, &v, &err))
                fail_msg("decode: %s", err.message);
            row[c] = og_value_copy(&v, &A); /* text payloads point into SQLite's row until the next step */
        }
        rows[n++] = row;
    }
    if (rc != SQLITE_DONE)
        fail_msg("%s: %s", s.sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    *nrows = n;
    return rows;
}

/* What one round of probes read, for the assertions: "kind table: SQL [binds] -> rows" per probe. */
typedef struct round {
    size_t n;
    const char *text;
} round;

/* One call of orm_em_fk_probes, each probe run and fed back. False (err set) when either fails. */
static bool probe_round(round *r, og_error *err)
{
    orm_em_probe *ps;
    size_t n;
    r->n = 0;
    r->text = "";
    if (!orm_em_fk_probes(em, &ps, &n, err))
        return false;
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "");
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        drv_sql s = render_stmt(ps[i].stmt);
        uint32_t nrows;
        og_value **rows = probe_rows(&ps[i], &nrows);
        og_buf_printf(&b, "%s%s %s: %s [%s] -> %u", i ? "\n" : "",
                      ps[i].kind == ORM_EM_PROBE_CHILDREN ? "children" : "exists", ps[i].entity->name, s.sql,
                      binds_of(&s), nrows);
        if (ps[i].kind == ORM_EM_PROBE_EXISTS)
            assert_non_null(ps[i].from);
        ok = orm_em_fk_result(em, &ps[i], rows, nrows, err);
    }
    orm_em_fk_probes_free(ps, n);
    r->n = n;
    r->text = og_arena_strdup(&A, og_buf_cstr(&b));
    og_buf_free(&b);
    return ok;
}

/* Rounds until nothing is left to read; the rounds' texts joined by "\n--\n". */
static const char *probe_all(void)
{
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "");
    for (int guard = 0; guard < 20; guard++) {
        round r;
        og_error err = OG_ERROR_INIT;
        if (!probe_round(&r, &err))
            fail_msg("probe: %s %s / %s", err.code, err.message, err.detail ? err.detail : "");
        if (!r.n) {
            const char *out = og_arena_strdup(&A, og_buf_cstr(&b));
            og_buf_free(&b);
            return out;
        }
        og_buf_printf(&b, "%s%s", b.len ? "\n--\n" : "", r.text);
    }
    fail_msg("probes do not end");
    return NULL;
}

/* Rounds until one fails; its error in err. */
static void probe_until_error(og_error *err)
{
    for (int guard = 0; guard < 20; guard++) {
        round r;
        if (!probe_round(&r, err))
            return;
        if (!r.n)
            fail_msg("no error");
    }
    fail_msg("probes do not end");
}

/* Build the plan, run every batch on SQLite, report the flush. */
static void flush(void)
{
    orm_em_plan p;
    og_error err = OG_ERROR_INIT;
    if (!orm_em_plan_build(em, 0, &p, &err))
        fail_msg("plan: %s %s", err.code, err.message);
    for (size_t i = 0; i < p.n; i++) {
        drv_sql s = render_stmt(p.batches[i].stmt);
        sqlite3_stmt *st = prepare_bound(&s);
        if (sqlite3_step(st) != SQLITE_DONE)
            fail_msg("batch %zu: %s: %s", i, s.sql, sqlite3_errmsg(db));
        assert_int_equal(sqlite3_changes(db), p.batches[i].nrows);
        sqlite3_finalize(st);
    }
    orm_em_plan_free(&p);
    orm_em_flushed(em);
    assert_false(orm_em_pending(em));
}

#define assert_text(got, want)                                                                                         \
    do {                                                                                                               \
        const char *g_ = (got);                                                                                        \
        if (strcmp(g_, (want)))                                                                                        \
            fail_msg("\n got: %s\nwant: %s", g_, (want));                                                              \
    } while (0)

#define assert_rows(sql, want) assert_text(rows(sql), want)

/* Authors 1, 2; books 10, 11 of author 1 and 12 of author 2; a chapter per book; notes on chapters
 * 100 and 102. Only what a test merges is managed. */
static void seed_library(void)
{
    exec_sql("INSERT INTO author VALUES (1, 'Ann'), (2, 'Bob');"
             "INSERT INTO book VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c');"
             "INSERT INTO chapter VALUES (100, 10, 'i'), (101, 11, 'ii'), (102, 12, 'iii');"
             "INSERT INTO note VALUES (1000, 100, 'x'), (1001, 102, 'y')");
}

/* ---------- CHILDREN ---------- */

/* Removing a managed author cascades to books and chapters nobody loaded, level by level, and sets the
 * notes of the removed chapters NULL. */
static void test_cascade_three_levels(void **state)
{
    seed_library();
    og_value a1[] = {I(1), T("Ann")};
    remove1(merge("author", a1));
    assert_text(
        probe_all(),
        "children book: SELECT \"book\".\"id\" AS \"id\", \"book\".\"author_id\" AS \"author_id\", \"book\".\"title\" "
        "AS \"title\" FROM \"book\" WHERE \"book\".\"author_id\" IN (?1) [1] -> 2"
        "\n--\n"
        "children chapter: SELECT \"chapter\".\"id\" AS \"id\", \"chapter\".\"book_id\" AS \"book_id\", "
        "\"chapter\".\"title\" AS \"title\" FROM \"chapter\" WHERE \"chapter\".\"book_id\" IN (?1, ?2) [10,11] -> 2"
        "\n--\n"
        "children note: SELECT \"note\".\"id\" AS \"id\", \"note\".\"chapter_id\" AS \"chapter_id\", "
        "\"note\".\"body\" AS \"body\" FROM \"note\" WHERE \"note\".\"chapter_id\" IN (?1, ?2) [100,101] -> 1");
    orm_em_entity *n = orm_em_get(em, E("note"), (og_value[]){I(1000)});
    assert_non_null(n);
    assert_int_equal(n->state, ORM_EM_MANAGED);
    assert_true(n->vals[1].isnull);
    assert_int_equal(orm_em_get(em, E("chapter"), (og_value[]){I(101)})->state, ORM_EM_REMOVED);
    flush();
    assert_rows("SELECT id FROM author", "2");
    assert_rows("SELECT id, author_id FROM book", "12|2");
    assert_rows("SELECT id, book_id FROM chapter", "102|12");
    assert_rows("SELECT id, chapter_id FROM note ORDER BY id", "1000|NULL\n1001|102");
    /* the removed entities were forgotten with the flush: nothing more to read */
    assert_text(probe_all(), "");
}

/* SET NULL on a child nobody loaded: an update in the plan, no delete. */
static void test_set_null_unmanaged(void **state)
{
    seed_library();
    og_value c[] = {I(102), I(12), T("iii")};
    remove1(merge("chapter", c));
    assert_text(probe_all(),
                "children note: SELECT \"note\".\"id\" AS \"id\", \"note\".\"chapter_id\" AS \"chapter_id\", "
                "\"note\".\"body\" AS \"body\" FROM \"note\" WHERE \"note\".\"chapter_id\" IN (?1) [102] -> 1");
    flush();
    assert_rows("SELECT id, chapter_id FROM note ORDER BY id", "1000|100\n1001|NULL");
    assert_rows("SELECT id FROM chapter ORDER BY id", "100\n101");
}

/* RESTRICT with a referencing row nobody loaded: PostgreSQL's 23503, nothing written. */
static void test_restrict_unmanaged(void **state)
{
    exec_sql("INSERT INTO shelf VALUES (1), (2); INSERT INTO loan VALUES (5, 1)");
    og_value s1[] = {I(1)};
    remove1(merge("shelf", s1));
    og_error err = OG_ERROR_INIT;
    probe_until_error(&err);
    assert_error(&err, "23503",
                 "update or delete on table \"shelf\" violates foreign key constraint \"loan_shelf_id_fkey\" on table "
                 "\"loan\"",
                 "Key (id)=(1) is still referenced from table \"loan\".", "loan_shelf_id_fkey", "loan");
    og_error_clear(&err);

    /* a shelf nobody references goes */
    orm_em_clear(em);
    og_value s2[] = {I(2)};
    remove1(merge("shelf", s2));
    assert_text(probe_all(),
                "children loan: SELECT \"loan\".\"id\" AS \"id\", \"loan\".\"shelf_id\" AS \"shelf_id\" FROM "
                "\"loan\" WHERE \"loan\".\"shelf_id\" IN (?1) [2] -> 0");
    flush();
    assert_rows("SELECT id FROM shelf", "1");
}

/* A composite foreign key: OR of matches; the cascade reaches a grade nobody loaded. */
static void test_composite_cascade(void **state)
{
    exec_sql("INSERT INTO enrol VALUES (1, 1), (1, 2); INSERT INTO grade VALUES (7, 1, 1), (8, 1, 2), (9, NULL, 1)");
    og_value e11[] = {I(1), I(1)};
    remove1(merge("enrol", e11));
    assert_text(probe_all(), "children grade: SELECT \"grade\".\"id\" AS \"id\", \"grade\".\"student\" AS \"student\", "
                             "\"grade\".\"course\" AS \"course\" FROM \"grade\" WHERE (\"grade\".\"student\" = ?1 AND "
                             "\"grade\".\"course\" = ?2) [1,1] -> 1");
    flush();
    assert_rows("SELECT id FROM grade ORDER BY id", "8\n9");
}

/* ---------- EXISTS ---------- */

/* A new child whose parent the backend holds (unmanaged): one probe per distinct key, NULLs skipped; the
 * key found is not read again. */
static void test_exists_found(void **state)
{
    seed_library();
    og_value b20[] = {I(20), I(2), T("d")}, b21[] = {I(21), I(2), T("e")}, b22[] = {I(22), NUL(), T("f")};
    persist("book", b20);
    persist("book", b21);
    persist("book", b22);
    assert_text(probe_all(),
                "exists author: SELECT \"author\".\"id\" AS \"id\" FROM \"author\" WHERE \"author\".\"id\" IN (?1) "
                "[2] -> 1");
    flush();
    assert_rows("SELECT id, author_id FROM book WHERE id >= 20 ORDER BY id", "20|2\n21|2\n22|NULL");
}

/* Existence is asked only once no cascade is left to read (a cascade could still remove the parent). */
static void test_exists_after_cascades(void **state)
{
    seed_library();
    og_value a1[] = {I(1), T("Ann")}, b50[] = {I(50), I(2), T("k")};
    remove1(merge("author", a1));
    persist("book", b50);
    const char *all = probe_all();
    const char *ex = strstr(all, "exists author:");
    assert_non_null(ex);
    assert_non_null(strstr(all, "children note:"));
    assert_true(strstr(all, "children note:") < ex);
    assert_null(strstr(ex, "\n--\n")); /* the last round, alone */
    assert_text(ex, "exists author: SELECT \"author\".\"id\" AS \"id\" FROM \"author\" WHERE \"author\".\"id\" IN (?1) "
                    "[2] -> 1");
    flush();
    assert_rows("SELECT id, author_id FROM book ORDER BY id", "12|2\n50|2");
}

/* A new child whose parent does not exist: PostgreSQL's 23503. */
static void test_exists_missing(void **state)
{
    seed_library();
    og_value b20[] = {I(20), I(2), T("d")}, b21[] = {I(21), I(9), T("e")};
    persist("book", b20);
    persist("book", b21);
    og_error err = OG_ERROR_INIT;
    round r;
    assert_false(probe_round(&r, &err));
    assert_error(&err, "23503",
                 "insert or update on table \"book\" violates foreign key constraint \"book_author_id_fkey\"",
                 "Key (author_id)=(9) is not present in table \"author\".", "book_author_id_fkey", "book");
    og_error_clear(&err);
}

/* A changed key of a managed child is checked; an unchanged one is not. */
static void test_exists_changed(void **state)
{
    seed_library();
    og_value b10[] = {I(10), I(1), T("a")}, b12[] = {I(12), I(2), T("c")};
    orm_em_entity *m10 = merge("book", b10);
    orm_em_entity *m12 = merge("book", b12);
    og_error err = OG_ERROR_INIT;
    uint16_t title = 2, author = 1;
    og_value t = T("z"), a = I(8);
    assert_int_equal(orm_em_assign(em, m12, &title, &t, 1, &err), ORM_EM_OK);
    assert_text(probe_all(), "");
    assert_int_equal(orm_em_assign(em, m10, &author, &a, 1, &err), ORM_EM_OK);
    probe_until_error(&err);
    assert_error(&err, "23503",
                 "insert or update on table \"book\" violates foreign key constraint \"book_author_id_fkey\"",
                 "Key (author_id)=(8) is not present in table \"author\".", "book_author_id_fkey", "book");
    og_error_clear(&err);
}

/* A composite key asked with an OR of matches; the missing one named with both columns. */
static void test_exists_composite(void **state)
{
    exec_sql("INSERT INTO enrol VALUES (1, 1)");
    og_value g1[] = {I(1), I(1), I(1)}, g2[] = {I(2), I(2), I(2)}, g3[] = {I(3), NUL(), I(2)};
    persist("grade", g1);
    persist("grade", g2);
    persist("grade", g3);
    og_error err = OG_ERROR_INIT;
    round r;
    assert_false(probe_round(&r, &err));
    assert_text(r.text, "exists enrol: SELECT \"enrol\".\"student\" AS \"student\", \"enrol\".\"course\" AS "
                        "\"course\" FROM \"enrol\" WHERE (\"enrol\".\"student\" = ?1 AND \"enrol\".\"course\" = ?2) OR "
                        "(\"enrol\".\"student\" = ?3 AND \"enrol\".\"course\" = ?4) [1,1,2,2] -> 1");
    assert_error(&err, "23503",
                 "insert or update on table \"grade\" violates foreign key constraint \"grade_student_course_fkey\"",
                 "Key (student, course)=(2, 2) is not present in table \"enrol\".", "grade_student_course_fkey",
                 "grade");
    og_error_clear(&err);
}

/* A child whose parent is new in the same unit of work needs no probe. */
static void test_parent_new(void **state)
{
    og_value a7[] = {I(7), T("Gil")}, b30[] = {I(30), I(7), T("g")};
    persist("book", b30); /* the plan puts the parent first whatever the order */
    persist("author", a7);
    assert_text(probe_all(), "");
    flush();
    assert_rows("SELECT id, author_id FROM book", "30|7");
}

/* A removed parent and a new child referencing it: 23503 at once, before any read. */
static void test_parent_removed(void **state)
{
    seed_library();
    og_value a1[] = {I(1), T("Ann")}, b40[] = {I(40), I(1), T("h")};
    remove1(merge("author", a1));
    persist("book", b40);
    orm_em_probe *ps = NULL;
    size_t n = 99;
    og_error err = OG_ERROR_INIT;
    assert_false(orm_em_fk_probes(em, &ps, &n, &err));
    assert_int_equal(n, 0);
    assert_null(ps);
    assert_error(&err, "23503",
                 "insert or update on table \"book\" violates foreign key constraint \"book_author_id_fkey\"",
                 "Key (author_id)=(1) is not present in table \"author\".", "book_author_id_fkey", "book");
    og_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cascade_three_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_null_unmanaged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restrict_unmanaged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_composite_cascade, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exists_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exists_after_cascades, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exists_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exists_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exists_composite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parent_new, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parent_removed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
