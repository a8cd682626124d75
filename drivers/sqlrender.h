/*
 * drivers/sqlrender.h - the SQL renderer shared by the SQL backends: the
 * query IR (orm/ir.h) and entity metadata (orm/meta.h) into SQL text of one
 * backend dialect.
 *
 * One renderer, one dialect table per backend (drv_dialect below; SQLite's is
 * drivers/sqlrender_sqlite.c). The rendering rules, per construct and per
 * type, are in docs/sqlrender.md. The contracts:
 *
 *   - Values are never spliced into query text. A client parameter $k is the
 *     backend's placeholder number k; every constant of the IR gets its own
 *     placeholder numbered after the statement's parameters. binds[i] says
 *     what to bind to placeholder i+1 (drv_sql_values builds that array).
 *     Only text the renderer makes up itself is literal: type lists of og_
 *     functions, collation names, small integers and keywords. DDL is the
 *     exception (it cannot bind): there, values are literals in the
 *     backend's storage encoding, escaped by the dialect.
 *   - PostgreSQL semantics first: a construct is rendered natively only where
 *     the backend computes exactly what PostgreSQL would over the storage
 *     encoding; otherwise through the functions, collations and comparison
 *     the driver registers (og_<sym>, og_cast, og_cmp, COLLATE og_numeric
 *     ...); otherwise it is refused with SQLSTATE 0A000 naming the construct
 *     (never rendered approximately).
 *   - result_types gives the PostgreSQL type of every output column, so the
 *     driver decodes storage as the IR typed it (drv_stmt.result_types).
 *
 * IR conventions relied on (as the translator, orm/translate.c, builds it):
 * every orm_query is one level for ORM_EX_COLUMN.levelsup, the arms of a set
 * operation included (they are levels below the set operation); a SETOP's
 * sort keys are ORM_RTE_OUTPUT columns; NOT IN (subquery) is NOT over an IN
 * sublink (u.sub.negated is not looked at); a CAST's u.cmp.negated is true
 * for an explicit cast and false for an assignment cast.
 *
 * Everything rendered lives in the caller's arena; nothing here keeps state.
 */
#ifndef DRV_SQLRENDER_H
#define DRV_SQLRENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/ir.h"
#include "orm/mem.h"
#include "orm/meta.h"
#include "orm/value.h"

/* ---- dialects -------------------------------------------------------------------------------------- */

/* How two values of one type compare on the backend. */
typedef enum drv_cmp_kind {
    DRV_CMP_NATIVE,  /* the backend's operators order the storage as PostgreSQL orders the type */
    DRV_CMP_COLLATE, /* the same under a collation (drv_cmp_rule.collation) */
    DRV_CMP_FUNC,    /* only through the comparison function (og_cmp): comparisons yes, ORDER BY no */
} drv_cmp_kind;

typedef struct drv_cmp_rule {
    drv_cmp_kind kind;
    const char *collation; /* DRV_CMP_COLLATE */
} drv_cmp_rule;

/* What the backend's SQL has (flags of drv_dialect). */
enum {
    DRV_SQL_RIGHT_JOIN = 1u << 0,  /* RIGHT [OUTER] JOIN */
    DRV_SQL_FULL_JOIN = 1u << 1,   /* FULL [OUTER] JOIN */
    DRV_SQL_SETOP_ALL = 1u << 2,   /* INTERSECT ALL / EXCEPT ALL */
    DRV_SQL_AGG_ORDER = 1u << 3,   /* ORDER BY inside an aggregate's arguments */
    DRV_SQL_LATERAL = 1u << 4,     /* LATERAL subqueries */
    DRV_SQL_RETURNING = 1u << 5,   /* INSERT / UPDATE / DELETE ... RETURNING */
    DRV_SQL_UPDATE_FROM = 1u << 6, /* UPDATE ... FROM */
    DRV_SQL_NEXTVAL = 1u << 7,     /* og_nextval(table, column): the key generator of a generated column */
};

typedef struct drv_dialect {
    const char *name; /* "sqlite" */
    uint32_t flags;   /* DRV_SQL_* */
    char quote;       /* identifier quote character ('"' or '`') */
    /* Placeholder of bind number n (1-based). */
    void (*placeholder)(og_buf *out, uint32_t n);
    /* How values of type oid compare; ordering: for < <= > >= and ORDER BY (else = and <>). */
    drv_cmp_rule (*cmp_rule)(uint32_t oid, bool ordering);
    /* A catalog function call (ORM_EX_FUNC) in native SQL, given its arguments' SQL (each safe as an
     * operand), itself safe as an operand; NULL when the backend has no exactly equal operator, then
     * og_<sym>(...) is used. */
    const char *(*native_func)(og_arena *a, const orm_expr *call, const char *const *args);
    /* A cast in native SQL (arg: the operand's SQL), safe as an operand, or NULL for og_cast. */
    const char *(*native_cast)(og_arena *a, const char *arg, uint32_t from, uint32_t to, int32_t typmod,
                               bool explicit_cast);
    /* Column type declaration for DDL ("NUMERIC TEXT", "VARCHAR(20)", "INT4[]"). */
    bool (*column_type)(og_buf *out, uint32_t oid, int32_t typmod, og_error *err);
    /* Collation a column of this type is declared with, or NULL. */
    const char *(*column_collation)(uint32_t oid);
    /* Append v as a literal in the backend's storage encoding (DDL only). */
    bool (*literal)(og_buf *out, const og_value *v, og_error *err);
    /* The element of an array (JSON text in storage) as a storage value, from the backend's
     * JSON-element SQL (value: the element's SQL value, type: its JSON type's SQL); NULL: 0A000. */
    const char *(*array_elem)(og_arena *a, uint32_t elem_oid, const char *value, const char *type);
    /* An SQL value of type elem_oid as a JSON array element (for json_array / json_group_array);
     * NULL: 0A000. */
    const char *(*json_elem)(og_arena *a, uint32_t elem_oid, const char *value);
} drv_dialect;

/* SQLite 3.39 or later, with the driver's og_* functions and collations (drivers/sqlite_func.c). */
extern const drv_dialect drv_dialect_sqlite;

/* ---- queries --------------------------------------------------------------------------------------- */

typedef struct drv_bind {
    uint16_t param;        /* > 0: the client's parameter $param */
    const og_value *value; /* param == 0: this constant (points into the IR) */
} drv_bind;

typedef struct drv_sql {
    const char *sql;
    uint32_t nbinds; /* placeholders 1..nbinds: the statement's nparams first, then constants */
    drv_bind *binds;
    uint16_t ncols;         /* output columns (targets, RETURNING); 0 for DML without RETURNING */
    uint32_t *result_types; /* their PostgreSQL types */
    const char **colnames;  /* their names, as PostgreSQL names them */
} drv_sql;

/* Render q (a statement with nparams client parameters) into *out, all of it in a. False with err set:
 * 0A000 naming a construct the dialect cannot express exactly, 2201W / 2201X for a negative constant
 * LIMIT / OFFSET, XX000 for an IR that breaks its own rules. */
bool drv_sql_render(const drv_dialect *d, const orm_query *q, uint16_t nparams, og_arena *a, drv_sql *out,
                    og_error *err);

/* Render one expression over a single range-table entry (rte: index 0 of a one-entry level; columns
 * of it are written unqualified when rte->alias is NULL, else as "alias"."column"). With
 * inline_consts, constants are storage-encoded literals and nothing is bound (DDL: CHECK
 * constraints); else as drv_sql_render (out->ncols is 0). */
bool drv_sql_render_expr(const drv_dialect *d, const orm_expr *e, const orm_rte *rte, bool inline_consts,
                         uint16_t nparams, og_arena *a, drv_sql *out, og_error *err);

/* The values to bind, in placeholder order, given the client's parameters (params[nparams]): an
 * array of s->nbinds values in a (for drv_stmt.params). A parameter beyond nparams binds NULL. */
og_value *drv_sql_values(const drv_sql *s, const og_value *params, uint16_t nparams, og_arena *a);

/* ---- DDL (drivers/sqlrender_ddl.c) ------------------------------------------------------------------ */

/* A DDL change is one or more statements, run in order (in one transaction). */
typedef struct drv_sql_script {
    og_arena *a;
    uint16_t n, cap;
    const char **sql;
} drv_sql_script;

void drv_sql_script_init(drv_sql_script *s, og_arena *a);

/* CREATE TABLE e, then one CREATE UNIQUE INDEX per unique constraint (so errors can name it).
 * checks[i] is e->checks[i] translated (orm_translate_check), NULL to leave that check out;
 * checks itself may be NULL. */
bool drv_sql_create_table(const drv_dialect *d, const orm_entity *e, orm_expr *const *checks, bool if_not_exists,
                          drv_sql_script *out, og_error *err);
/* DROP TABLE [IF EXISTS] name. */
bool drv_sql_drop_table(const drv_dialect *d, const char *name, bool if_exists, drv_sql_script *out, og_error *err);
/* ALTER TABLE e ADD COLUMN e->props[prop] (with check, may be NULL); a unique column adds its
 * index (unique_name). 0A000 for what the backend cannot add to an existing table. */
bool drv_sql_add_column(const drv_dialect *d, const orm_entity *e, uint16_t prop, const orm_expr *check,
                        const char *unique_name, drv_sql_script *out, og_error *err);
/* ALTER TABLE e DROP COLUMN props[prop] (e as it was before), after dropping the unique indexes of e
 * that include it, as PostgreSQL drops those constraints with the column. Other indexes, CHECK
 * constraints and foreign keys over the column make SQLite refuse (the caller drops them first). */
bool drv_sql_drop_column(const drv_dialect *d, const orm_entity *e, uint16_t prop, drv_sql_script *out, og_error *err);
bool drv_sql_rename_column(const drv_dialect *d, const char *table, const char *from, const char *to,
                           drv_sql_script *out, og_error *err);
bool drv_sql_rename_table(const drv_dialect *d, const char *from, const char *to, drv_sql_script *out, og_error *err);
/* CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON e (props[cols[0]], ...). */
bool drv_sql_create_index(const drv_dialect *d, const orm_entity *e, const char *name, const uint16_t *cols,
                          uint16_t ncols, bool unique, bool if_not_exists, drv_sql_script *out, og_error *err);
bool drv_sql_drop_index(const drv_dialect *d, const char *name, bool if_exists, drv_sql_script *out, og_error *err);
/* TRUNCATE as DELETE FROM (foreign-key actions fire, unlike PostgreSQL's TRUNCATE). */
bool drv_sql_truncate(const drv_dialect *d, const char *table, drv_sql_script *out, og_error *err);

#endif
