/*
 * drivers/sqlite_int.h - private to the SQLite driver: what drivers/sqlite.c
 * (ops, thread pool, connections, statement cache), drivers/sqlite_value.c
 * (values to and from SQLite), drivers/sqlite_err.c (SQLite errors as
 * SQLSTATEs) and drivers/sqlite_func.c (the og_* functions and collations
 * registered on every connection) share. Nothing outside drivers/sqlite*.c includes it; the
 * driver's public face is drv_sqlite_ops in drivers/driver.h.
 */
#ifndef DRV_SQLITE_INT_H
#define DRV_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/driver.h"

#define SQ_BUSY_TIMEOUT_MS 5000 /* longest wait for a lock, per call */

/* A prepared statement of one connection, with what its authorizer saw. */
typedef struct sq_cached {
    char *sql;
    sqlite3_stmt *st;
    uint64_t used; /* LRU clock */
    int action;    /* SQLITE_INSERT / SQLITE_UPDATE / SQLITE_DELETE of the top level, or 0 */
    char *table;   /* its target table */
    /* parameter k (1-based) binds the caller's value pidx[k-1]; named[k-1]: it has a name.
     * Worked out once per prepared statement: SQLite finds a parameter's name by a linear
     * scan, so doing it per execution would be quadratic in wide INSERTs. */
    long *pidx;
    bool *named;
} sq_cached;

/* Rows while a statement steps (malloc'd pointer array, values in the result's arena). */
typedef struct sq_rows {
    og_value **v;
    size_t n, cap;
    bool *dynamic; /* per column: type inferred from the values */
} sq_rows;

/* --- drivers/sqlite.c --- */

/* calloc / strdup that abort on out of memory (strdup of NULL gives ""). */
void *drv_sqlite_xcalloc(size_t n, size_t size);
char *drv_sqlite_xstrdup(const char *s);

/* --- drivers/sqlite_value.c --- */

/* Is the payload of this type u.str? */
bool drv_sqlite_oid_is_str(uint32_t oid);

/* v as an SQL literal in its storage encoding, exactly what binding it would store (DDL cannot
 * bind: defaults and CHECK constants of drivers/sqlrender_sqlite.c). */
bool drv_sqlite_literal(og_buf *out, const og_value *v, og_error *err);

/* Bind one value; text built here lives in arena (the job's, alive until the statement is reset). */
int drv_sqlite_bind_value(sqlite3_stmt *st, int idx, const og_value *v, og_arena *a, og_error *err);

/* A new, empty result (malloc'd, its arena inside; drv_result_free() frees it). */
drv_result *drv_sqlite_result_new(void);

/* Names and types of the result columns (after the first step, when names are final).
 * types[i], if i < ntypes and nonzero, is column i's type; else its declared type, else its values'. */
void drv_sqlite_result_columns(drv_result *r, sq_rows *rows, sqlite3_stmt *st, const uint32_t *types, uint16_t ntypes);

/* Append the row st is on to rows, decoded into r's arena. False with err set on a bad value. */
bool drv_sqlite_row_add(drv_result *r, sq_rows *rows, sqlite3_stmt *st, og_error *err);

/* Move the rows into the result (pointer array in its arena). */
void drv_sqlite_result_finish(drv_result *r, sq_rows *rows);

/* Free what rows holds outside the result's arena, and zero it. */
void drv_sqlite_rows_free(sq_rows *rows);

/* Decode one SQLite value (a function argument) as type oid, by the same rules as a result
 * column. Text and blob payloads may point into sv (valid until the function returns); what
 * has to be built (canonical numeric, arrays) goes into a. False with err set. */
bool drv_sqlite_value_from(sqlite3_value *sv, uint32_t oid, og_arena *a, og_value *out, og_error *err);

/* Decode TEXT as type oid (as a TEXT result cell would be); payloads go into a. */
bool drv_sqlite_text_decode(const char *p, size_t n, uint32_t oid, og_arena *a, og_value *out, og_error *err);

/* Make v (of its own oid, or of type oid when v->oid is 0) the function's result, in the
 * storage encoding a bound parameter of that type gets. scratch holds text built on the way
 * (SQLite copies the result). False with err set for a type SQLite cannot store. */
bool drv_sqlite_result_value(sqlite3_context *ctx, const og_value *v, uint32_t oid, og_buf *scratch, og_error *err);

/* --- drivers/sqlite_func.c --- */

/* The og_* functions, og_cast, og_cmp and the og_* collations of one connection, with the
 * session context they evaluate in. Owned by the connection's drv_conn. */
typedef struct sq_funcs sq_funcs;

/* Register everything on db (at connection open). NULL with err set on failure. */
sq_funcs *drv_sqlite_funcs_open(sqlite3 *db, og_error *err);
/* Free after sqlite3_close() of the connection they were registered on. NULL is fine. */
void drv_sqlite_funcs_free(sq_funcs *f);
/* Before a statement runs: the session context its functions see (copied). NULL: UTC and now. */
void drv_sqlite_funcs_begin(sq_funcs *f, const orm_eval_ctx *cx);

/* --- drivers/sqlite_err.c --- */

/* An og_error raised inside an og_* function travels through SQLite as the
 * function's error message: "og:" SQLSTATE ":" mlen ":" dlen ":" hlen ":"
 * followed by exactly mlen bytes of message, dlen of detail and hlen of hint
 * (lengths in decimal bytes), e.g. "og:22012:16:0:0:division by zero".
 * Lengths make it unambiguous whatever bytes the texts contain;
 * drv_sqlite_err_map() turns it back into that og_error. */
#define SQ_ERR_PREFIX "og:"

/* The message of err in that form, into out (cleared first; NUL-terminated). */
void drv_sqlite_err_encode(og_buf *out, const og_error *err);

/* An SQLite failure (rc: extended result code) as the error PostgreSQL would give.
 * db may be NULL (no catalog lookups then); e is the statement, if any. */
void drv_sqlite_err_map(sqlite3 *db, const sq_cached *e, int rc, const char *msg, og_error *err);

#endif
