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
#include "orm/sqlparse.h"
#include "orm/translate.h"
#include <stdio.h>
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
    d->entities = line->entities && *line->entities ? xstrdup(line->entities) : NULL;
    d->cfg.database = d->name;
    d->cfg.dsn = d->dsn;
    d->cfg.pool_size = line->pool_size > 0 ? line->pool_size : 20;
    pthread_mutex_init(&d->lock, NULL);
    registry[nregistry++] = d;
    pthread_mutex_unlock(&registry_lock);
    return d;
}

const orm_schema *px_db_schema(px_db *db) { return __atomic_load_n(&db->schema, __ATOMIC_ACQUIRE); }

void px_db_retire(px_db *db, orm_schema *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&db->lock);
    orm_schema **r = realloc(db->retired, sizeof(*r) * (db->nretired + 1));
    if (!r)
        abort();
    db->retired = r;
    r[db->nretired++] = s;
    pthread_mutex_unlock(&db->lock);
}

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
    orm_schema *schema; /* loaded, plus the entity file's tables */
    og_arena arena;     /* statements for the entity file's tables */
    drv_stmt *stmts;
    size_t nstmts, next;
} loader;

static void finish_load(loader *ld, const og_error *err)
{
    px_backend *be = ld->be;
    if (ld->conn)
        be->db->ops->release(ld->conn);
    orm_schema_free(ld->schema);
    free(ld->stmts);
    og_arena_reset(&ld->arena);
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

static void run_next(loader *ld);
static bool entity_file(loader *ld, og_error *err);

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
        objs[i].kind = r[0].u.str.len == 5 && !memcmp(r[0].u.str.p, "index", 5)     ? ORM_SCHEMA_INDEX
                       : r[0].u.str.len == 7 && !memcmp(r[0].u.str.p, "comment", 7) ? ORM_SCHEMA_COMMENT
                                                                                     : ORM_SCHEMA_TABLE;
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
    ld->schema = s;
    og_error fe = OG_ERROR_INIT;
    if (!entity_file(ld, &fe)) {
        finish_load(ld, &fe);
        og_error_clear(&fe);
        return;
    }
    run_next(ld);
}

static void publish_loaded(loader *ld)
{
    px_db *db = ld->be->db;
    pthread_mutex_lock(&db->lock);
    if (!db->schema) {
        px_db_publish(db, ld->schema);
        ld->schema = NULL;
    }
    pthread_mutex_unlock(&db->lock);
    finish_load(ld, NULL);
}

static void step_done(void *ctx, drv_result *res, const og_error *err)
{
    loader *ld = ctx;
    drv_result_free(res);
    if (err) {
        og_error e = OG_ERROR_INIT;
        og_error_set(&e, err->code, "entity file \"%s\" of database \"%s\": %s", ld->be->db->entities,
                     ld->be->db->name, err->message ? err->message : "");
        finish_load(ld, &e);
        og_error_clear(&e);
        return;
    }
    ld->next++;
    run_next(ld);
}

/* Run the entity file's statements in order (one transaction), then publish. */
static void run_next(loader *ld)
{
    if (ld->next < ld->nstmts) {
        ld->be->db->ops->exec(ld->conn, &ld->stmts[ld->next], step_done, ld);
        return;
    }
    publish_loaded(ld);
}

static void load_add(loader *ld, const char *sql, const og_value *params, uint16_t n)
{
    drv_stmt *v = realloc(ld->stmts, sizeof(*v) * (ld->nstmts + 1));
    if (!v)
        abort();
    ld->stmts = v;
    v[ld->nstmts++] = (drv_stmt){og_arena_strdup(&ld->arena, sql), params, n, NULL, 0, NULL};
}

static og_value *load_texts(loader *ld, const char *const *s, size_t n)
{
    og_value *v = og_arena_zalloc(&ld->arena, sizeof(og_value) * n);
    for (size_t i = 0; i < n; i++) {
        v[i].oid = OG_OID_TEXT;
        v[i].u.str.p = og_arena_strdup(&ld->arena, s[i]);
        v[i].u.str.len = strlen(s[i]);
    }
    return v;
}

/* The entity file (entities= in the database's line): its CREATE TABLE and CREATE INDEX
 * statements for tables the database does not have yet are created and stored like a client's
 * DDL; tables it has already keep their stored definition (the file declares, the database
 * remembers). COMMENT ON is accepted and ignored. */
static bool entity_file(loader *ld, og_error *err)
{
    px_db *db = ld->be->db;
    if (!db->entities)
        return true;
    FILE *f = fopen(db->entities, "r");
    if (!f) {
        og_error_set(err, "58P01", "could not open entity file \"%s\" of database \"%s\": %m", db->entities, db->name);
        return false;
    }
    og_buf text = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        og_buf_append(&text, chunk, n);
    fclose(f);
    og_buf_putc(&text, '\0');
    orm_parsed pt;
    bool ok = orm_sql_parse((char *)text.data, &pt, err);
    bool any = false;
    for (size_t i = 0; ok && i < pt.tree->n_stmts; i++) {
        const PgQuery__Node *node = pt.tree->stmts[i]->stmt;
        size_t off, len;
        orm_sql_stmt_span(&pt, i, &off, &len);
        char *sql = strndup((char *)text.data + off, len);
        if (!sql)
            abort();
        bool is_comment = node->node_case == PG_QUERY__NODE__NODE_COMMENT_STMT;
        if (node->node_case != PG_QUERY__NODE__NODE_CREATE_STMT && node->node_case != PG_QUERY__NODE__NODE_INDEX_STMT &&
            !is_comment) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "entity file \"%s\": only CREATE TABLE, CREATE INDEX and COMMENT ON are allowed", db->entities);
            free(sql);
            ok = false;
            break;
        }
        orm_ddl ch;
        if (!orm_schema_ddl(ld->schema, node, sql, &ch, err)) {
            if (!strcmp(err->code, "42P07")) { /* there already: the stored definition stays */
                og_error_clear(err);
                free(sql);
                continue;
            }
            free(sql);
            ok = false;
            break;
        }
        free(sql);
        if (!ch.next) {
            orm_ddl_free(&ch);
            continue;
        }
        drv_sql_script sc;
        drv_sql_script_init(&sc, &ld->arena);
        const orm_schema_obj *o = ch.added;
        const orm_entity *e = o ? orm_meta_get(&ch.next->meta, o->table) : NULL;
        if (!o || is_comment) {
            /* a comment: only its row (a comment already stored is replaced) */
            if (ch.removed_comment) {
                const char *v[1] = {ch.removed_comment};
                load_add(ld, "DELETE FROM ormgate_schema WHERE kind = 'comment' AND name = ?1", load_texts(ld, v, 1), 1);
            }
        } else if (o->kind == ORM_SCHEMA_TABLE) {
            orm_expr **checks = og_arena_zalloc(&ld->arena, sizeof(orm_expr *) * (e->nchecks + 1u));
            for (uint16_t k = 0; k < e->nchecks && ok; k++)
                ok = (checks[k] = orm_translate_check(e, e->checks[k].expr, &ld->arena, err)) != NULL;
            ok = ok && drv_sql_create_table(db->dialect, e, checks, false, &sc, err);
        } else {
            const PgQuery__IndexStmt *ix = node->index_stmt;
            uint16_t *cols = og_arena_zalloc(&ld->arena, sizeof(uint16_t) * (ix->n_index_params + 1));
            for (size_t k = 0; k < ix->n_index_params; k++)
                cols[k] = (uint16_t)orm_entity_prop(e, ix->index_params[k]->index_elem->name);
            ok = drv_sql_create_index(db->dialect, e, o->name, cols, (uint16_t)ix->n_index_params, ix->unique, false,
                                      &sc, err);
        }
        if (ok) {
            if (!any)
                load_add(ld, "BEGIN", NULL, 0);
            any = true;
            for (uint16_t k = 0; k < sc.n; k++)
                load_add(ld, sc.sql[k], NULL, 0);
            if (o) {
                const char *v[4] = {o->kind == ORM_SCHEMA_TABLE   ? "table"
                                    : o->kind == ORM_SCHEMA_INDEX ? "index"
                                                                  : "comment",
                                    o->name, o->table, o->ddl};
                load_add(ld, "INSERT INTO ormgate_schema (kind, name, tbl, ddl) VALUES (?1, ?2, ?3, ?4)",
                         load_texts(ld, v, 4), 4);
            }
            orm_schema_free(ld->schema);
            ld->schema = ch.next;
            ch.next = NULL;
        }
        orm_ddl_free(&ch);
    }
    if (any && ok)
        load_add(ld, "COMMIT", NULL, 0);
    orm_sql_parsed_free(&pt);
    og_buf_free(&text);
    if (!ok && !strstr(err->message ? err->message : "", "entity file")) {
        char *m = err->message;
        err->message = NULL;
        char code[6];
        memcpy(code, err->code, 6);
        og_error_set(err, code, "entity file \"%s\" of database \"%s\": %s", db->entities, db->name, m ? m : "");
        free(m);
    }
    return ok;
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
    og_arena_init(&ld->arena);
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
        orm_keys_clear(&be->keys);
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
        free(d->entities);
        pthread_mutex_destroy(&d->lock);
        free(d);
    }
    free(registry);
    registry = NULL;
    nregistry = 0;
    pthread_mutex_unlock(&registry_lock);
}
