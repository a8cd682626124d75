/*
 * orm/translate.h - a client's statement (libpg_query parse tree) into the
 * query IR of orm/ir.h.
 *
 * Translation does what PostgreSQL's parse analysis does: it resolves every
 * table against the database's entity metadata and every column against the
 * range tables in scope, gives every expression its type (operator and
 * function resolution through orm/fn.h, implicit casts, unknown literals
 * typed by context and parsed at once, so '1.5' compared with an integer
 * column fails with 22P02 here, as in PostgreSQL), infers the types of $n
 * parameters from their use, names output columns as PostgreSQL does, and
 * checks grouping. Errors carry PostgreSQL's SQLSTATE, message and position.
 * What the IR cannot express is refused with 0A000 naming the construct.
 */
#ifndef ORM_TRANSLATE_H
#define ORM_TRANSLATE_H

#include <pg_query/pg_query.pb-c.h>
#include <stdbool.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/fn.h"
#include "orm/ir.h"
#include "orm/meta.h"

typedef struct orm_translate_in {
    const orm_metadata *meta;   /* entities of the session's database */
    const char *sql;            /* the statement's text (positions are computed against it) */
    const uint32_t *param_types; /* types the client declared at Parse (0 = infer) */
    uint16_t nparam_types;
    const orm_eval_ctx *cx;     /* time zone for literals of zone-dependent types */
    const char *user;           /* current_user / session_user */
    const char *database;       /* current_database() / current_catalog */
    const char *version;        /* version() */
} orm_translate_in;

/* True when the statement is one the translator handles (SELECT, VALUES,
 * INSERT, UPDATE, DELETE); DDL and session statements go elsewhere. */
bool orm_translate_handles(const PgQuery__Node *stmt);

/* Translate one statement. Returns a new orm_stmt (free with orm_stmt_free)
 * or NULL with err set. */
orm_stmt *orm_translate(const PgQuery__Node *stmt, const orm_translate_in *in, og_error *err);
void orm_stmt_free(orm_stmt *s);

/* Translate a standalone boolean expression over one entity (a CHECK
 * constraint's SQL), for DDL rendering and validation. The expression lives in a. */
orm_expr *orm_translate_check(const orm_entity *e, const char *expr_sql, og_arena *a, og_error *err);

/* Translate an expression over one entity's columns and cast it for assignment to type/typmod (a
 * column's new type in ALTER COLUMN TYPE ... USING). The expression lives in a. */
orm_expr *orm_translate_value(const orm_entity *e, const char *expr_sql, uint32_t type, int32_t typmod, og_arena *a,
                              og_error *err);

#endif
