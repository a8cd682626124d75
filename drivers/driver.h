/*
 * drivers/driver.h - the one interface between the ORM and a backend.
 *
 * Every backend (SQLite, PostgreSQL, MySQL/MariaDB, MongoDB) implements one
 * drv_ops table. Calls are asynchronous: each takes a completion callback
 * that runs on the event loop (the libevent base) the backend was opened
 * with, never on another thread, and never before the call has returned.
 * Drivers without a non-blocking API (SQLite, mongo-c-driver) run their
 * calls on their own threads and post completions back to that loop.
 *
 * Status of this file: the execution core every driver needs (open a
 * backend for one database on one loop, lease a connection, run a statement
 * with bound values, get typed rows, transactions) is defined and
 * implemented by the SQLite driver. The ORM-level operations of
 * ../shared/DESIGN.md section 4 (find over the query IR, flush of change
 * sets, introspect, apply_schema) are added here when the query IR and the
 * unit of work exist (issues 3 and 4); they will be built on these calls.
 */
#ifndef DRV_DRIVER_H
#define DRV_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/fn.h"
#include "orm/mem.h"
#include "orm/value.h"

struct event_base;

/* What a backend can do; the ORM consults this instead of the driver's name. */
enum {
    DRV_CAP_TRANSACTIONS = 1u << 0, /* BEGIN/COMMIT/ROLLBACK are real */
    DRV_CAP_SAVEPOINTS = 1u << 1,
    DRV_CAP_NATIVE_FK = 1u << 2, /* the backend enforces foreign keys itself */
    DRV_CAP_RETURNING = 1u << 3, /* INSERT/UPDATE/DELETE ... RETURNING */
    DRV_CAP_UPSERT = 1u << 4,    /* ON CONFLICT or an equivalent */
    DRV_CAP_PIPELINE = 1u << 5,  /* several statements in one round trip */
};

typedef struct drv_backend drv_backend; /* one database on one event loop (a pool) */
typedef struct drv_conn drv_conn;       /* one leased connection */

/* Settings of one database, from its [databases] line. */
typedef struct drv_config {
    const char *database; /* client database name (for %d in dsn) */
    const char *dsn;
    int pool_size;
} drv_config;

/* A result column: name and the PostgreSQL type its values carry. */
typedef struct drv_column {
    const char *name;
    uint32_t type_oid;
} drv_column;

/* Rows of one statement. Everything lives in arena (owned by the result). */
typedef struct drv_result {
    og_arena arena;
    uint16_t ncols;
    drv_column *cols;
    uint32_t nrows;
    og_value **rows; /* rows[i][ncols] */
    uint64_t affected; /* rows changed by INSERT/UPDATE/DELETE */
} drv_result;

/* Free a result (malloc'd by the driver; its values live in its arena). NULL is fine. */
void drv_result_free(drv_result *r);

/* Completion of a call: err is NULL on success and valid only during the callback; res (may be
 * NULL) belongs to the callback, which frees it with drv_result_free. Calls on one connection
 * complete in the order they were made; release() drops the callbacks of calls still pending. */
typedef void (*drv_done_fn)(void *ctx, drv_result *res, const og_error *err);
/* Completion of drv_ops.lease. */
typedef void (*drv_lease_fn)(void *ctx, drv_conn *conn, const og_error *err);

/* A statement for the backend: SQL in the backend's own dialect, values bound
 * to its placeholders (never spliced into the text), and the PostgreSQL type
 * wanted for each result column (0: the driver decides from the backend's type). */
typedef struct drv_stmt {
    const char *sql;
    const og_value *params;
    uint16_t nparams;
    const uint32_t *result_types;
    uint16_t nresult_types;
    /* Session context of functions evaluated by the backend (og_* functions in SQLite): time
     * zone and transaction timestamp. NULL: UTC and the time of the call. */
    const orm_eval_ctx *cx;
} drv_stmt;

typedef struct drv_ops {
    const char *name; /* "sqlite", "postgresql", ... as in the config's driver= */
    uint32_t caps;
    /* Open the backend of one database for one event loop. NULL with err set. */
    drv_backend *(*open)(const drv_config *cfg, struct event_base *loop, og_error *err);
    /* Lease a connection (for one transaction, or one statement in autocommit). */
    void (*lease)(drv_backend *b, drv_lease_fn done, void *ctx);
    /* Give a connection back; a connection inside a transaction is rolled back first. */
    void (*release)(drv_conn *c);
    /* Run one statement; rows (if any) come in the result. */
    void (*exec)(drv_conn *c, const drv_stmt *st, drv_done_fn done, void *ctx);
    /* Autocommit: run one statement as its own transaction on a connection of the pool and give it
     * back, in as few backend trips as the driver can (lease + exec + release in one). The
     * completion is always called (unless the backend is closed first). */
    void (*run)(drv_backend *b, const drv_stmt *st, drv_done_fn done, void *ctx);
    /* Reserve n consecutive values of the key generator of table.column inside the connection's
     * transaction (DESIGN.md section 3: keys allocated by ormgate): the result has one row with
     * one int8, the first of the n. The values are never handed out again once the transaction
     * commits, are above every value the column holds, and go back to the generator if it rolls
     * back. rowid: the column is the table's integer primary key counting from 1 by 1 (its own
     * generator, if any, is respected too); else the values are start, start + increment, ... as a
     * PostgreSQL sequence hands them out (the result's value is the first of the n, which are
     * first, first + increment, ...). NULL when the backend generates keys itself. */
    void (*reserve)(drv_conn *c, const char *table, const char *column, bool rowid, int64_t start, int64_t increment,
                    uint32_t n, drv_done_fn done, void *ctx);
    void (*begin)(drv_conn *c, drv_done_fn done, void *ctx);
    void (*commit)(drv_conn *c, drv_done_fn done, void *ctx);
    void (*rollback)(drv_conn *c, drv_done_fn done, void *ctx);
    /* Close the backend once every connection is released; pending completions are not called after. */
    void (*close)(drv_backend *b);
} drv_ops;

/* The SQLite driver's table (drivers/sqlite.c). The registry that maps a
 * config's driver= to a table lives in proxy/, which owns the drivers. */
extern const drv_ops drv_sqlite_ops;

#endif
