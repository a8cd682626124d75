/*
 * drivers/sqlite_int.h - private to the SQLite driver: what drivers/sqlite.c
 * (ops, thread pool, connections, statement cache), drivers/sqlite_value.c
 * (values to and from SQLite) and drivers/sqlite_err.c (SQLite errors as
 * SQLSTATEs) share. Nothing outside drivers/sqlite*.c includes it; the
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

/* --- drivers/sqlite_err.c --- */

/* An SQLite failure (rc: extended result code) as the error PostgreSQL would give.
 * db may be NULL (no catalog lookups then); e is the statement, if any. */
void drv_sqlite_err_map(sqlite3 *db, const sq_cached *e, int rc, const char *msg, og_error *err);

#endif
