/*
 * proxy/db.h - the databases this process serves: the driver registry, each
 * database's schema (shared by every worker, swapped atomically after DDL),
 * and each worker's backend (connection pool) for it.
 *
 * A database is created on the first login that names it, from its
 * [databases] line (or the `*` line, with %d replaced by the name). Before a
 * session's first ReadyForQuery the worker makes sure its backend is open and
 * the schema is loaded from the backend's `ormgate_schema` table; the
 * sessions that log in meanwhile wait (asynchronously) for the same load.
 */
#ifndef PX_DB_H
#define PX_DB_H

#include <pthread.h>
#include <stdbool.h>

#include "drivers/driver.h"
#include "orm/error.h"
#include "orm/keys.h"
#include "orm/schema.h"

struct px_worker;
struct px_session;

typedef struct px_db {
    char *name;
    const drv_ops *ops;
    const struct drv_dialect *dialect; /* SQL backends: the renderer's dialect table */
    drv_config cfg;
    char *dsn;
    char *entities;           /* entity file (plain PostgreSQL DDL), or NULL */
    pthread_mutex_t lock;     /* DDL of this database, one at a time; publishing */
    orm_schema *schema;       /* current generation (atomic load); NULL until first loaded */
    orm_schema **retired;     /* older generations, kept until exit (statements may still use them) */
    uint64_t write_epoch;     /* atomic: counts commits that may have changed rows (identity_map_scope =
                               * session: a map older than this forgets its clean entities) */
    size_t nretired;
} px_db;

/* Per worker: the backend of one database. */
typedef struct px_backend {
    px_db *db;
    drv_backend *b;
    bool loading, ready;
    struct px_session **waiters;
    size_t nwaiters;
    orm_keys keys; /* key blocks reserved outside transactions: committed, for every session here */
} px_backend;

/* The current schema (never NULL once a session is attached). */
const orm_schema *px_db_schema(px_db *db);
/* Publish the next generation (caller holds db->lock and owns next). */
void px_db_publish(px_db *db, orm_schema *next);
/* Keep a generation that was never published (a rolled-back transaction's) until exit: statements
 * and cache entries analysed against it may still point at it. Takes db->lock. */
void px_db_retire(px_db *db, orm_schema *s);

/* Attach session s to its database's backend on its worker; done(s, err) is called (err NULL on
 * success) when the backend is open and the schema loaded, possibly before this returns. */
void px_db_attach(struct px_session *s, void (*done)(struct px_session *s, const og_error *err));
/* A session that goes away while waiting for attach. */
void px_db_detach(struct px_session *s);

/* Close every backend of worker w (worker thread, at exit). */
void px_db_worker_close(struct px_worker *w);
/* Free every database (main thread, at exit, after the workers are gone). */
void px_db_shutdown(void);

/* The SQL of the schema table, for drivers that need it created (SQL backends). */
#define PX_SCHEMA_TABLE_DDL                                                                                        \
    "CREATE TABLE IF NOT EXISTS ormgate_schema (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, " \
    "tbl TEXT NOT NULL, ddl TEXT NOT NULL)"

#endif
