/*
 * proxy/db.c - databases, their schema generations, and per-worker backends
 * (see proxy/db.h).
 *
 * The process-wide registry (name -> px_db) is a small list under one mutex,
 * touched at login only. A worker's backends live in its own map (no locks).
 * Loading the schema is done by whichever worker needs it first; two workers
 * may load at the same time, and the first to finish publishes (both read the
 * same committed rows, so either result is right).
 */
#include "proxy/db.h"

#include <stdlib.h>
#include <string.h>

#include "drivers/sqlrender.h"
#include "proxy/config.h"
#include "proxy/log.h"
#include "proxy/runtime.h"
#include "proxy/session.h"
#include "proxy/worker.h"

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static px_db **registry;
static size_t nregistry;

static const drv_ops *driver_for(const char *name)
{
    if (!name || !strcmp(name, "sqlite"))
        return &drv_sqlite_ops;
    return NULL;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

/* The database for a client database name, created on first use. NULL with err set. */
static px_db *db_get(const char *name, og_error *err)
{
    pthread_mutex_lock(&registry_lock);
    for (size_t i = 0; i < nregistry; i++)
        if (!strcmp(registry[i]->name, name)) {
            px_db *d = registry[i];
            pthread_mutex_unlock(&registry_lock);
            return d;
        }
    const px_database *line = px_config_database(px_runtime_get()->config, name);
    const drv_ops *ops = line ? driver_for(line->driver) : NULL;
    if (!line || !ops) {
        pthread_mutex_unlock(&registry_lock);
        if (!line)
            og_error_set(err, "3D000", "database \"%s\" does not exist", name);
        else
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "driver \"%s\" of database \"%s\" is not available yet",
                         line->driver, name);
        return NULL;
    }
    px_db *d = calloc(1, sizeof *d);
    px_db **grown = realloc(registry, sizeof(*grown) * (nregistry + 1));
    if (!d || !grown)
        abort();
    registry = grown;
    d->name = xstrdup(name);
    d->ops = ops;
    d->dialect = &drv_dialect_sqlite;
    d->dsn = xstrdup(line->dsn);
    d->cfg.database = d->name;
    d->cfg.dsn = d->dsn;
    d->cfg.pool_size = line->pool_size > 0 ? line->pool_size : 20;
    pthread_mutex_init(&d->lock, NULL);
    registry[nregistry++] = d;
    pthread_mutex_unlock(&registry_lock);
    return d;
}

const orm_schema *px_db_schema(px_db *db) { return __atomic_load_n(&db->schema, __ATOMIC_ACQUIRE); }

void px_db_publish(px_db *db, orm_schema *next)
{
    orm_schema *old = db->schema;
    if (old) {
        orm_schema **r = realloc(db->retired, sizeof(*r) * (db->nretired + 1));
        if (!r)
            abort();
        db->retired = r;
        r[db->nretired++] = old;
    }
    __atomic_store_n(&db->schema, next, __ATOMIC_RELEASE);
}

/* ---- loading the schema ----------------------------------------------------------------------- */

typedef struct loader {
    px_worker *w;
    px_backend *be;
    drv_conn *conn;
} loader;

static void finish_load(loader *ld, const og_error *err)
{
    px_backend *be = ld->be;
    if (ld->conn)
        be->db->ops->release(ld->conn);
    be->loading = false;
    be->ready = err == NULL;
    struct px_session **waiters = be->waiters;
    size_t n = be->nwaiters;
    be->waiters = NULL;
    be->nwaiters = 0;
    free(ld);
    for (size_t i = 0; i < n; i++) {
        px_session *s = waiters[i];
        void (*done)(px_session *, const og_error *) = s->attach_done;
        s->attach_done = NULL;
        s->backend = err ? NULL : be;
        if (done)
            done(s, err);
    }
    free(waiters);
}

static void rows_loaded(void *ctx, drv_result *res, const og_error *err)
{
    loader *ld = ctx;
    if (err) {
        finish_load(ld, err);
        drv_result_free(res);
        return;
    }
    orm_schema_obj *objs = calloc(res->nrows + 1, sizeof *objs);
    if (!objs)
        abort();
    for (uint32_t i = 0; i < res->nrows; i++) {
        og_value *r = res->rows[i];
        objs[i].kind = r[0].u.str.len == 5 && !memcmp(r[0].u.str.p, "index", 5) ? ORM_SCHEMA_INDEX : ORM_SCHEMA_TABLE;
        objs[i].name = strndup(r[1].u.str.p, r[1].u.str.len);
        objs[i].table = strndup(r[2].u.str.p, r[2].u.str.len);
        objs[i].ddl = strndup(r[3].u.str.p, r[3].u.str.len);
    }
    og_error e = OG_ERROR_INIT;
    orm_schema *s = orm_schema_build(objs, res->nrows, 1, &e);
    for (uint32_t i = 0; i < res->nrows; i++) {
        free(objs[i].name);
        free(objs[i].table);
        free(objs[i].ddl);
    }
    free(objs);
    drv_result_free(res);
    if (!s) {
        og_error wrapped = OG_ERROR_INIT;
        og_error_set(&wrapped, "XX002", "the stored schema of database \"%s\" cannot be loaded: %s", ld->be->db->name,
                     e.message ? e.message : "?");
        og_error_clear(&e);
        finish_load(ld, &wrapped);
        og_error_clear(&wrapped);
        return;
    }
    px_db *db = ld->be->db;
    pthread_mutex_lock(&db->lock);
    if (!db->schema)
        px_db_publish(db, s);
    else
        orm_schema_free(s);
    pthread_mutex_unlock(&db->lock);
    finish_load(ld, NULL);
}

static const uint32_t schema_types[4] = {OG_OID_TEXT, OG_OID_TEXT, OG_OID_TEXT, OG_OID_TEXT};

static void table_created(void *ctx, drv_result *res, const og_error *err)
{
    loader *ld = ctx;
    drv_result_free(res);
    if (err) {
        finish_load(ld, err);
        return;
    }
    drv_stmt st = {"SELECT kind, name, tbl, ddl FROM ormgate_schema ORDER BY seq", NULL, 0, schema_types, 4, NULL};
    ld->be->db->ops->exec(ld->conn, &st, rows_loaded, ld);
}

static void leased(void *ctx, drv_conn *conn, const og_error *err)
{
    loader *ld = ctx;
    if (err) {
        finish_load(ld, err);
        return;
    }
    ld->conn = conn;
    drv_stmt st = {PX_SCHEMA_TABLE_DDL, NULL, 0, NULL, 0, NULL};
    ld->be->db->ops->exec(conn, &st, table_created, ld);
}

void px_db_attach(px_session *s, void (*done)(px_session *s, const og_error *err))
{
    og_error err = OG_ERROR_INIT;
    px_db *db = db_get(s->database, &err);
    if (!db) {
        done(s, &err);
        og_error_clear(&err);
        return;
    }
    px_worker *w = s->worker;
    px_backend *be = og_hmap_gets(&w->backends, db->name);
    if (!be) {
        be = calloc(1, sizeof *be);
        if (!be)
            abort();
        be->db = db;
        be->b = db->ops->open(&db->cfg, w->base, &err);
        if (!be->b) {
            free(be);
            done(s, &err);
            og_error_clear(&err);
            return;
        }
        og_hmap_puts(&w->backends, db->name, be);
    }
    if (be->ready && px_db_schema(db)) {
        s->backend = be;
        done(s, NULL);
        return;
    }
    struct px_session **v = realloc(be->waiters, sizeof(*v) * (be->nwaiters + 1));
    if (!v)
        abort();
    be->waiters = v;
    v[be->nwaiters++] = s;
    s->attach_done = done;
    if (be->loading)
        return;
    be->loading = true;
    loader *ld = calloc(1, sizeof *ld);
    if (!ld)
        abort();
    ld->w = w;
    ld->be = be;
    db->ops->lease(be->b, leased, ld);
}

void px_db_detach(px_session *s)
{
    if (!s->attach_done)
        return;
    s->attach_done = NULL;
    px_worker *w = s->worker;
    size_t it = 0;
    void *v;
    while (og_hmap_next(&w->backends, &it, NULL, NULL, &v)) {
        px_backend *be = v;
        for (size_t i = 0; i < be->nwaiters; i++)
            if (be->waiters[i] == s) {
                be->waiters[i] = be->waiters[--be->nwaiters];
                return;
            }
    }
}

void px_db_worker_close(px_worker *w)
{
    size_t it = 0;
    void *v;
    while (og_hmap_next(&w->backends, &it, NULL, NULL, &v)) {
        px_backend *be = v;
        be->db->ops->close(be->b);
        free(be->waiters);
        free(be);
    }
    og_hmap_free(&w->backends);
}

void px_db_shutdown(void)
{
    pthread_mutex_lock(&registry_lock);
    for (size_t i = 0; i < nregistry; i++) {
        px_db *d = registry[i];
        orm_schema_free(d->schema);
        for (size_t k = 0; k < d->nretired; k++)
            orm_schema_free(d->retired[k]);
        free(d->retired);
        free(d->name);
        free(d->dsn);
        pthread_mutex_destroy(&d->lock);
        free(d);
    }
    free(registry);
    registry = NULL;
    nregistry = 0;
    pthread_mutex_unlock(&registry_lock);
}
