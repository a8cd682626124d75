/*
 * tests/unit/em_fixture.h - what the EntityManager's unit tests (test_em.c, test_em_fk.c) share:
 * entity metadata built from a schema of CREATE TABLEs, the same tables in an in-memory SQLite
 * with ormgate's functions registered (so rendered batches really run), and an EntityManager.
 *
 * Include after cmocka.h; the including file defines nothing of these names itself.
 */
#ifndef TESTS_EM_FIXTURE_H
#define TESTS_EM_FIXTURE_H

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/sqlite_int.h"
#include "drivers/sqlrender.h"
#include "orm/em.h"
#include "orm/meta.h"
#include "orm/sqlparse.h"
#include "proxy/textio.h"

static og_arena A;
static orm_metadata meta;
static sqlite3 *db;
static sq_funcs *fx;
static orm_em *em;

static const orm_entity *E(const char *name)
{
    const orm_entity *e = orm_meta_get(&meta, name);
    if (!e)
        fail_msg("no entity %s", name);
    return e;
}

static void exec_sql(const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

/* Rows of a query as "a|b\nc|d" (NULL as NULL). */
static const char *rows(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "");
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (b.len)
            og_buf_putc(&b, '\n');
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            if (i)
                og_buf_putc(&b, '|');
            const unsigned char *t = sqlite3_column_text(st, i);
            og_buf_puts(&b, t ? (const char *)t : "NULL");
        }
    }
    sqlite3_finalize(st);
    const char *out = og_arena_strdup(&A, og_buf_cstr(&b));
    og_buf_free(&b);
    return out;
}

/* A statement of constants rendered for SQLite (in A). */
static drv_sql render_stmt(const orm_stmt *st)
{
    og_error err = OG_ERROR_INIT;
    drv_sql s;
    assert_int_equal(st->nparams, 0);
    if (!drv_sql_render(&drv_dialect_sqlite, st->query, 0, &A, &s, &err))
        fail_msg("render: %s %s", err.code, err.message);
    return s;
}

/* The bound values in their text output, comma-separated, NULL as NULL. */
static const char *binds_of(const drv_sql *s)
{
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "");
    for (uint32_t i = 0; i < s->nbinds; i++) {
        const og_value *v = s->binds[i].value;
        if (i)
            og_buf_putc(&b, ',');
        if (!v || v->isnull)
            og_buf_puts(&b, "NULL");
        else
            og_text_io_get()->encode(v, "UTC", &b);
    }
    const char *out = og_arena_strdup(&A, og_buf_cstr(&b));
    og_buf_free(&b);
    return out;
}

/* s prepared on db with its values bound. */
static sqlite3_stmt *prepare_bound(const drv_sql *s)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, s->sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", s->sql, sqlite3_errmsg(db));
    og_value *v = drv_sql_values(s, NULL, 0, &A);
    og_error err = OG_ERROR_INIT;
    for (int k = 1; k <= sqlite3_bind_parameter_count(st); k++) {
        const char *name = sqlite3_bind_parameter_name(st, k);
        long idx = name ? strtol(name + 1, NULL, 10) : k;
        assert_true(idx >= 1 && (uint32_t)idx <= s->nbinds);
        assert_int_equal(drv_sqlite_bind_value(st, k, &v[idx - 1], &A, &err), SQLITE_OK);
    }
    return st;
}

/* Metadata of schema, its tables in a fresh in-memory SQLite (foreign keys enforced by SQLite or
 * not), and a new EntityManager in em. */
static void em_fixture_setup(const char *schema, bool sqlite_foreign_keys)
{
    og_arena_init(&A);
    px_textio_install();
    orm_meta_init(&meta);
    og_error err = OG_ERROR_INIT;
    orm_parsed p;
    if (!orm_sql_parse(schema, &p, &err))
        fail_msg("%s", err.message);
    for (size_t i = 0; i < p.tree->n_stmts; i++) {
        orm_entity *e = orm_entity_from_create(p.tree->stmts[i]->stmt->create_stmt, &err);
        if (!e || !orm_meta_add(&meta, e, &err))
            fail_msg("%s", err.message);
    }
    if (!orm_meta_link(&meta, &err))
        fail_msg("%s", err.message);
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    if (!(fx = drv_sqlite_funcs_open(db, &err)))
        fail_msg("%s", err.message);
    drv_sqlite_funcs_begin(fx, NULL);
    exec_sql(sqlite_foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
    drv_sql_script s;
    drv_sql_script_init(&s, &A);
    for (size_t i = 0; i < p.tree->n_stmts; i++)
        if (!drv_sql_create_table(&drv_dialect_sqlite, E(p.tree->stmts[i]->stmt->create_stmt->relation->relname), NULL,
                                  false, &s, &err))
            fail_msg("%s", err.message);
    orm_sql_parsed_free(&p);
    for (uint16_t i = 0; i < s.n; i++)
        exec_sql(s.sql[i]);
    em = orm_em_new();
}

static void em_fixture_teardown(void)
{
    orm_em_free(em);
    sqlite3_close(db);
    drv_sqlite_funcs_free(fx);
    orm_meta_free(&meta);
    og_arena_reset(&A);
}

#endif
