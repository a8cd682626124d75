/*
 * drivers/sqlite.c - the SQLite backend: drv_sqlite_ops (drivers/driver.h).
 *
 * SQLite has no non-blocking API, so the event loop never calls it. A
 * backend (one database file served to one event loop) owns:
 *
 *   - up to pool_size connections (drv_conn), each with its own sqlite3
 *     handle and its own cache of prepared statements, opened when a lease
 *     needs one;
 *   - a small thread pool (min(pool_size, SQ_THREADS) threads) that runs
 *     jobs; a job is one call: open, exec, begin, commit, rollback, the
 *     reset done by release, close. A connection runs one job at a time, in
 *     the order of the calls; whichever pool thread is free runs it (handles
 *     are opened NOMUTEX and handed between threads under the pool mutex);
 *   - a completion queue: a pool thread pushes a finished job under the
 *     mutex and event_active()s one event of the loop; its callback runs the
 *     completions on the loop thread, so a completion never runs on a pool
 *     thread nor inside the call that started it.
 *
 * State is owned by thread, not locked piecemeal: leases, idle connections,
 * per-connection job queues and closing belong to the loop thread; the
 * ready queue, the completion queue and the thread counters are shared under
 * one mutex; a connection's sqlite3 handle and cache belong to the pool
 * thread running its current job.
 *
 * Lock waits (SQLITE_BUSY) happen in our busy handler, bounded by
 * SQ_BUSY_TIMEOUT_MS as busy_timeout would be, with one difference: when
 * every pool thread is taken and another job is ready, the waiter gives its
 * thread up and its job is requeued with the same deadline. Otherwise a few
 * connections waiting for the write lock could hold every thread while the
 * connection holding the lock waits for a thread to run its COMMIT.
 *
 * Values (drivers/sqlite_value.c) and the mapping of SQLite errors to
 * SQLSTATEs (drivers/sqlite_err.c) live apart; drivers/sqlite_int.h holds
 * what the three files share.
 */
#include "drivers/sqlite_int.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <event2/event.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SQ_THREADS    2  /* pool threads per backend (fewer if pool_size is smaller) */
#define SQ_CACHE_SIZE 32 /* prepared statements kept per connection (LRU) */
#define NS_PER_MS     INT64_C(1000000)

/* ------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------ */

typedef enum sq_kind {
    SQ_LEASE, /* a lease waiting for a connection (never runs on the pool) */
    SQ_FAIL,  /* a call refused on the loop thread: only its error is delivered */
    SQ_OPEN,  /* open the connection's handle */
    SQ_EXEC,
    SQ_BEGIN,
    SQ_COMMIT,
    SQ_ROLLBACK,
    SQ_RESET, /* release: roll back an open transaction */
    SQ_RUN,   /* run(): waits like a lease, then exec + reset in one pool job */
    SQ_RESERVE, /* reserve(): a block of key values from ormgate_sequences */
    SQ_CLOSE, /* close: finalize statements, close the handle */
} sq_kind;

typedef struct sq_job sq_job;
struct sq_job {
    sq_job *next; /* in exactly one list at a time: waiters, conn queue, ready, done */
    sq_kind kind;
    drv_conn *conn;
    drv_done_fn done;
    drv_lease_fn leased;
    void *ctx;
    bool orphan; /* the caller gave the connection back: do not call done */
    /* input of SQ_EXEC, copied into arena (the caller's drv_stmt may be gone) */
    og_arena arena;
    const char *sql;
    og_value *params;
    uint16_t nparams;
    uint32_t *types;
    uint16_t ntypes;
    orm_eval_ctx cx; /* og_* functions (sqlite_func.c): drv_stmt.cx, timezone in arena */
    bool has_cx;
    /* input of SQ_RESERVE */
    const char *rtable, *rcolumn;
    bool rowid;
    int64_t rstart, rinc;
    uint32_t rcount;
    /* retry on SQLITE_BUSY (pool threads only) */
    int64_t deadline;   /* monotonic ns; set on the first attempt */
    int64_t not_before; /* monotonic ns; 0 = runnable */
    int attempts;
    bool yielded; /* the busy handler gave the thread up */
    bool requeue; /* run again later */
    /* output */
    drv_result *res;
    og_error err;
};

typedef enum sq_state { SQC_OPENING, SQC_IDLE, SQC_LEASED, SQC_RELEASING } sq_state;

struct drv_conn {
    drv_backend *b;
    int slot;
    /* loop thread */
    sq_state state;
    sq_job *queue, *queue_tail; /* calls waiting for the running one */
    sq_job *running;            /* handed to the pool */
    drv_conn *next_idle;
    /* the pool thread running this connection's job */
    sqlite3 *db;
    sq_funcs *funcs; /* og_* functions and collations of db (sqlite_func.c) */
    sq_job *cur;
    sq_cached *authorizing; /* entry being prepared, filled in by auth_cb */
    sq_cached cache[SQ_CACHE_SIZE];
    int ncached;
    uint64_t tick;
};

struct drv_backend {
    struct event_base *loop;
    struct event *done_ev;
    char *path;
    int pool_size;
    /* loop thread */
    drv_conn **conns; /* pool_size slots */
    int nconns, nopening;
    drv_conn *idle;
    sq_job *waiters, *waiters_tail;
    int nwaiters;
    bool closing;
    bool in_done; /* inside done_cb: teardown waits for its end */
    /* shared, under mu */
    pthread_mutex_t mu;
    pthread_cond_t work;     /* a job is ready, or quit */
    struct sq_file *file;    /* lock waiters of this file, in every backend of the process */
    pthread_cond_t finished; /* a job was put on the completion queue (close waits on it) */
    sq_job *ready, *ready_tail;
    sq_job *done, *done_tail;
    int nthreads, nrunning;
    bool quit;
    pthread_t threads[SQ_THREADS];
};

/* ------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

void *drv_sqlite_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fputs("ormgate: out of memory\n", stderr);
        abort();
    }
    return p;
}

char *drv_sqlite_xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p) {
        fputs("ormgate: out of memory\n", stderr);
        abort();
    }
    return p;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct timespec timespec_of(int64_t ns)
{
    struct timespec ts = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000};
    return ts;
}

/* ------------------------------------------------------------------------
 * Pool thread side: one connection's handle, cache and jobs
 * ------------------------------------------------------------------------ */

/* Records the statement's top-level target while it is prepared. */
static int auth_cb(void *arg, int action, const char *a1, const char *a2, const char *dbname, const char *trigger)
{
    drv_conn *c = arg;
    sq_cached *e = c->authorizing;
    if (!e || e->action || trigger || !a1 || !strncmp(a1, "sqlite_", 7))
        return SQLITE_OK;
    if (action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE) {
        e->action = action;
        e->table = drv_sqlite_xstrdup(a1);
    }
    return SQLITE_OK;
}

static bool pool_starved(drv_backend *b, int64_t now);
static void job_free(sq_job *j);

/* ------------------------------------------------------------------------
 * Lock waiters of one database file
 *
 * Every worker opens its own backend (pool) on a file, and SQLite's own busy
 * wait is a sleep: a connection that waits for the write lock would sleep
 * through the moment another connection of this process gives it up, and
 * that connection's session, already sending its next transaction, would
 * take it again. Under a few concurrent writers some waiters then starve
 * until their timeout (55P03). So the connections of one file share a
 * condition variable: whoever may have released the write lock (COMMIT,
 * ROLLBACK, a reset, a write in autocommit) wakes every waiter at once, and
 * they retry before the next transaction can arrive from a client.
 * ------------------------------------------------------------------------ */

typedef struct sq_file {
    struct sq_file *next;
    char *path;
    int refs;
    pthread_mutex_t mu;
    pthread_cond_t released; /* a write lock may have been given up, or a waiter should yield */
} sq_file;

static pthread_mutex_t files_mu = PTHREAD_MUTEX_INITIALIZER;
static sq_file *files;

static sq_file *file_ref(const char *path)
{
    pthread_mutex_lock(&files_mu);
    sq_file *f = files;
    while (f && strcmp(f->path, path))
        f = f->next;
    if (!f) {
        f = drv_sqlite_xcalloc(1, sizeof *f);
        f->path = drv_sqlite_xstrdup(path);
        pthread_mutex_init(&f->mu, NULL);
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&f->released, &ca);
        pthread_condattr_destroy(&ca);
        f->next = files;
        files = f;
    }
    f->refs++;
    pthread_mutex_unlock(&files_mu);
    return f;
}

static void file_unref(sq_file *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&files_mu);
    if (--f->refs == 0) {
        sq_file **pp = &files;
        while (*pp != f)
            pp = &(*pp)->next;
        *pp = f->next;
        pthread_cond_destroy(&f->released);
        pthread_mutex_destroy(&f->mu);
        free(f->path);
        free(f);
    }
    pthread_mutex_unlock(&files_mu);
}

static void file_wake(sq_file *f)
{
    pthread_mutex_lock(&f->mu);
    pthread_cond_broadcast(&f->released);
    pthread_mutex_unlock(&f->mu);
}

static int64_t busy_backoff_ns(int count)
{
    static const int ms[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50};
    return (count < (int)(sizeof(ms) / sizeof(ms[0])) ? ms[count] : 100) * NS_PER_MS;
}

/* Wait for a lock until the job's deadline, unless a ready job needs this thread. */
static int busy_cb(void *arg, int count)
{
    drv_conn *c = arg;
    drv_backend *b = c->b;
    sq_job *j = c->cur;
    if (!j)
        return 0;
    int64_t now = now_ns();
    if (now >= j->deadline)
        return 0;
    pthread_mutex_lock(&b->mu);
    bool starved = pool_starved(b, now);
    pthread_mutex_unlock(&b->mu);
    if (starved) {
        j->yielded = true;
        return 0;
    }
    int64_t until = now + busy_backoff_ns(count);
    struct timespec ts = timespec_of(until < j->deadline ? until : j->deadline);
    pthread_mutex_lock(&b->file->mu);
    pthread_cond_timedwait(&b->file->released, &b->file->mu, &ts);
    pthread_mutex_unlock(&b->file->mu);
    return 1;
}

/* On SQLITE_BUSY: run the job again later if that is safe and time is left. */
static bool busy_retry(sq_job *j, int rc, bool safe)
{
    if ((rc & 0xff) != SQLITE_BUSY || rc == SQLITE_BUSY_SNAPSHOT || !safe)
        return false;
    int64_t now = now_ns();
    if (now >= j->deadline)
        return false;
    j->not_before = now + busy_backoff_ns(j->attempts < 10 ? j->attempts : 10);
    j->attempts++;
    j->requeue = true;
    return true;
}

static void cache_entry_free(sq_cached *e)
{
    sqlite3_finalize(e->st);
    free(e->sql);
    free(e->table);
    free(e->pidx);
    free(e->named);
    memset(e, 0, sizeof(*e));
}

static void conn_close_db(drv_conn *c)
{
    for (int k = 0; k < c->ncached; k++)
        cache_entry_free(&c->cache[k]);
    c->ncached = 0;
    if (c->db) {
        int rc = sqlite3_close(c->db);
        assert(rc == SQLITE_OK); /* every statement is ours and finalized */
        (void)rc;
        c->db = NULL;
    }
    drv_sqlite_funcs_free(c->funcs); /* og_* functions: after the handle that used them */
    c->funcs = NULL;
}

/* Is anything after the first statement more than spaces and comments? */
static bool sql_has_more(sqlite3 *db, const char *tail)
{
    while (*tail && (isspace((unsigned char)*tail) || *tail == ';'))
        tail++;
    if (!*tail)
        return false;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, tail, -1, &st, NULL);
    bool more = rc != SQLITE_OK || st != NULL;
    sqlite3_finalize(st);
    return more;
}

/* The prepared statement for sql, from the cache or newly prepared into it.
 * Returns false with j->err set (or j->requeue). *out is NULL for an empty statement. */
static bool cache_get(drv_conn *c, sq_job *j, const char *sql, sq_cached **out)
{
    *out = NULL;
    for (int k = 0; k < c->ncached; k++)
        if (!strcmp(c->cache[k].sql, sql)) {
            c->cache[k].used = ++c->tick;
            *out = &c->cache[k];
            return true;
        }
    sq_cached fresh = {0};
    const char *tail = NULL;
    c->authorizing = &fresh;
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &fresh.st, &tail);
    c->authorizing = NULL;
    if (rc != SQLITE_OK) {
        if (!busy_retry(j, rc, true))
            drv_sqlite_err_map(c->db, NULL, rc, sqlite3_errmsg(c->db), &j->err);
        cache_entry_free(&fresh);
        return false;
    }
    if (fresh.st && tail && sql_has_more(c->db, tail)) {
        cache_entry_free(&fresh);
        og_error_set(&j->err, OG_SQLSTATE_SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        return false;
    }
    if (!fresh.st) /* only spaces or comments */
        return true;
    fresh.sql = drv_sqlite_xstrdup(sql);
    fresh.used = ++c->tick;
    int slot = c->ncached;
    if (slot == SQ_CACHE_SIZE) { /* evict the least recently used */
        slot = 0;
        for (int k = 1; k < SQ_CACHE_SIZE; k++)
            if (c->cache[k].used < c->cache[slot].used)
                slot = k;
        cache_entry_free(&c->cache[slot]);
    } else {
        c->ncached++;
    }
    c->cache[slot] = fresh;
    *out = &c->cache[slot];
    return true;
}

/* Parameter k of the statement refers to which of the caller's values (1-based)?
 * "?", "?NNN" and "$NNN" / ":NNN" / "@NNN" (PostgreSQL's $n) are understood. */
static bool param_index(sqlite3_stmt *st, int k, long *idx, og_error *err)
{
    const char *name = sqlite3_bind_parameter_name(st, k);
    if (!name) {
        *idx = k;
        return true;
    }
    char *end;
    errno = 0;
    long v = strtol(name + 1, &end, 10);
    if (!isdigit((unsigned char)name[1]) || *end || errno || v < 1) {
        og_error_set(err, "42P02", "there is no parameter %s", name);
        og_error_hint(err, "The SQLite backend binds positional parameters ($1, ?1, ?) only.");
        return false;
    }
    *idx = v;
    return true;
}

static bool bind_params(drv_conn *c, sq_cached *e, sq_job *j)
{
    int n = sqlite3_bind_parameter_count(e->st);
    if (!e->pidx && n) {
        long *pidx = drv_sqlite_xcalloc((size_t)n, sizeof(long));
        bool *named = drv_sqlite_xcalloc((size_t)n, sizeof(bool));
        for (int k = 1; k <= n; k++) {
            if (!param_index(e->st, k, &pidx[k - 1], &j->err)) {
                free(pidx);
                free(named);
                return false;
            }
            named[k - 1] = sqlite3_bind_parameter_name(e->st, k) != NULL;
        }
        e->pidx = pidx;
        e->named = named;
    }
    for (int k = 1; k <= n; k++) {
        long idx = e->pidx[k - 1];
        if (idx > j->nparams) {
            if (!e->named[k - 1] && k < n)
                continue; /* a gap before a numbered parameter (?3 alone leaves 1 and 2 unnamed) */
            og_error_set(&j->err, "42P02", "there is no parameter $%ld", idx);
            og_error_detail(&j->err, "The statement uses $%ld but only %u values were given.", idx, j->nparams);
            return false;
        }
        int rc = drv_sqlite_bind_value(e->st, k, &j->params[idx - 1], &j->arena, &j->err);
        if (rc != SQLITE_OK) {
            if (!og_error_isset(&j->err))
                drv_sqlite_err_map(c->db, e, rc, sqlite3_errmsg(c->db), &j->err);
            return false;
        }
    }
    return true;
}

/* Step a prepared statement to the end, collecting rows into j->res. */
static void job_exec(drv_conn *c, sq_job *j)
{
    sq_cached *e;
    if (!cache_get(c, j, j->sql, &e))
        return;
    drv_result *r = drv_sqlite_result_new();
    if (!e) { /* an empty statement: no columns, no rows */
        r->rows = og_arena_alloc(&r->arena, sizeof(og_value *));
        j->res = r;
        return;
    }
    sq_rows rows = {0};
    int rc = SQLITE_DONE;
    drv_sqlite_funcs_begin(c->funcs, j->has_cx ? &j->cx : NULL); /* og_* functions: the session's context */
    bool ok = bind_params(c, e, j);
    while (ok && (rc = sqlite3_step(e->st)) == SQLITE_ROW) {
        if (!rows.dynamic)
            drv_sqlite_result_columns(r, &rows, e->st, j->types, j->ntypes);
        ok = drv_sqlite_row_add(r, &rows, e->st, &j->err);
    }
    if (ok && rc != SQLITE_DONE) {
        char *msg = drv_sqlite_xstrdup(sqlite3_errmsg(c->db));
        sqlite3_reset(e->st);
        /* a step that produced no row did nothing yet: it can run again */
        if (!busy_retry(j, rc, rows.n == 0))
            drv_sqlite_err_map(c->db, e, rc, msg, &j->err);
        free(msg);
        ok = false;
    }
    if (ok) {
        if (!rows.dynamic)
            drv_sqlite_result_columns(r, &rows, e->st, j->types, j->ntypes);
        drv_sqlite_result_finish(r, &rows);
        r->affected = e->action ? (uint64_t)sqlite3_changes64(c->db) : 0;
        j->res = r;
    } else {
        drv_result_free(r);
    }
    drv_sqlite_rows_free(&rows);
    sqlite3_reset(e->st);
    sqlite3_clear_bindings(e->st);
}

/* A statement without rows or parameters (transaction control). */
static bool job_simple(drv_conn *c, sq_job *j, const char *sql)
{
    sq_cached *e;
    if (!cache_get(c, j, sql, &e))
        return false;
    assert(e); /* our own statements are never empty */
    if (!e)
        return true;
    int rc = sqlite3_step(e->st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(e->st);
        return true;
    }
    char *msg = drv_sqlite_xstrdup(sqlite3_errmsg(c->db));
    sqlite3_reset(e->st);
    if (!busy_retry(j, rc, true))
        drv_sqlite_err_map(c->db, e, rc, msg, &j->err);
    free(msg);
    return false;
}

static bool pragma(drv_conn *c, const char *sql, sq_job *j)
{
    char *emsg = NULL;
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, &emsg);
    if (rc != SQLITE_OK && !busy_retry(j, rc, true)) {
        og_error tmp = OG_ERROR_INIT; /* its SQLSTATE, our words */
        drv_sqlite_err_map(NULL, NULL, rc, emsg, &tmp);
        og_error_set(&j->err, tmp.code, "could not open SQLite database \"%s\": %s", c->b->path,
                     emsg ? emsg : sqlite3_errstr(rc));
        og_error_clear(&tmp);
    }
    sqlite3_free(emsg);
    return rc == SQLITE_OK;
}

static void job_open(drv_conn *c, sq_job *j)
{
    drv_backend *b = c->b;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
    int rc = sqlite3_open_v2(b->path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        og_error_set(&j->err, "58030", "could not open SQLite database \"%s\": %s", b->path,
                     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        conn_close_db(c);
        return;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_handler(c->db, busy_cb, c);
    sqlite3_set_authorizer(c->db, auth_cb, c);
    c->funcs = drv_sqlite_funcs_open(c->db, &j->err); /* og_* functions and collations (sqlite_func.c) */
    if (!c->funcs) {
        conn_close_db(c);
        return;
    }
    /* WAL: readers never block the writer nor each other; NORMAL is durable
     * across application crashes with WAL, and needs no fsync per commit */
    if (!pragma(c, "PRAGMA journal_mode = WAL", j) || !pragma(c, "PRAGMA synchronous = NORMAL", j) ||
        !pragma(c, "PRAGMA foreign_keys = ON", j) ||
        /* key generators (reserve, og_nextval): made here because a function may not change the schema */
        !pragma(c, "CREATE TABLE IF NOT EXISTS ormgate_sequences (name TEXT PRIMARY KEY, next INTEGER NOT NULL)", j))
        conn_close_db(c);
}

/* Double-quoted identifier into a. */
static char *quote_ident(og_arena *a, const char *name) { return og_arena_quoted(a, name, '"'); }

/* reserve(): ormgate_sequences holds one row per generated column ("table.column" -> the next value
 * to hand out). The block starts above the generator, above every value the column holds (rows
 * written with explicit values, or by SQLite's own AUTOINCREMENT before ormgate allocated keys)
 * and, for an AUTOINCREMENT key, above every number SQLite ever gave out. */
static void job_reserve(drv_conn *c, sq_job *j)
{
    char *emsg = NULL;
    int rc = sqlite3_exec(c->db,
                          "CREATE TABLE IF NOT EXISTS ormgate_sequences (name TEXT PRIMARY KEY, next INTEGER NOT NULL)",
                          NULL, NULL, &emsg);
    if (rc != SQLITE_OK) {
        if (!busy_retry(j, rc, true))
            drv_sqlite_err_map(c->db, NULL, rc, emsg, &j->err);
        sqlite3_free(emsg);
        return;
    }
    og_arena *a = &j->arena;
    const char *name = og_arena_printf(a, "%s.%s", j->rtable, j->rcolumn);
    j->params = og_arena_zalloc(a, sizeof(og_value) * 3);
    j->params[0] = (og_value){.oid = OG_OID_TEXT};
    j->params[0].u.str.p = name;
    j->params[0].u.str.len = strlen(name);
    j->params[1] = (og_value){.oid = OG_OID_INT8};
    j->params[1].u.i = j->rcount;
    j->params[2] = (og_value){.oid = OG_OID_TEXT};
    j->params[2].u.str.p = j->rtable;
    j->params[2].u.str.len = strlen(j->rtable);
    j->nparams = 1;
    j->params[1].u.i = j->rstart;
    j->nparams = 2;
    j->sql = "INSERT OR IGNORE INTO ormgate_sequences (name, next) VALUES (?1, ?2)";
    job_exec(c, j);
    if (og_error_isset(&j->err) || j->requeue)
        return;
    drv_result_free(j->res);
    j->res = NULL;
    j->params[1].u.i = (int64_t)j->rcount * (j->rowid ? 1 : j->rinc); /* ?2: how far the generator moves */
    bool autoinc = false;
    if (j->rowid) { /* is there an AUTOINCREMENT counter for the table? */
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'", -1, &st, NULL) ==
            SQLITE_OK)
            autoinc = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
    }
    j->nparams = autoinc ? 3 : 2;
    if (!j->rowid) /* another generated column: only ormgate generates it (og_nextval), as a sequence */
        j->sql = "UPDATE ormgate_sequences SET next = next + ?2 WHERE name = ?1 RETURNING next - ?2";
    else
        j->sql = og_arena_printf(
            a,
            "UPDATE ormgate_sequences SET next = max(next, coalesce((SELECT max(%s) FROM %s), 0) + 1%s) "
            "+ ?2 WHERE name = ?1 RETURNING next - ?2",
            quote_ident(a, j->rcolumn), quote_ident(a, j->rtable),
            autoinc ? ", coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?3), 0) + 1" : "");
    j->types = og_arena_zalloc(a, sizeof(uint32_t));
    j->types[0] = OG_OID_INT8;
    j->ntypes = 1;
    job_exec(c, j);
    if (!autoinc || og_error_isset(&j->err) || j->requeue || !j->res || j->res->nrows != 1)
        return;
    /* SQLite's own AUTOINCREMENT (autocommit inserts that leave the key to the backend) must stay
     * above the block too, or it would hand out a value the block still holds */
    int64_t last = j->res->rows[0][0].u.i + (int64_t)j->rcount - 1;
    static const char *const sq[2] = {"UPDATE sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1",
                                      "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)"};
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(c->db, sq[k], -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, j->rtable, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, last);
            rc = sqlite3_step(st);
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            drv_sqlite_err_map(c->db, NULL, rc, sqlite3_errmsg(c->db), &j->err);
            return;
        }
        if (sqlite3_changes(c->db) > 0)
            break;
    }
}

/* release: leave the connection as a new one (no transaction). */
static void job_reset(drv_conn *c, sq_job *j)
{
    if (!c->db || sqlite3_get_autocommit(c->db))
        return;
    if (!job_simple(c, j, "ROLLBACK") && !j->requeue)
        conn_close_db(c); /* in an unknown state: the loop drops it */
}

static void job_run(sq_job *j)
{
    drv_conn *c = j->conn;
    sqlite3_int64 changes = c->db ? sqlite3_total_changes64(c->db) : 0;
    int64_t now = now_ns();
    if (!j->deadline)
        j->deadline = now + SQ_BUSY_TIMEOUT_MS * NS_PER_MS;
    j->yielded = j->requeue = false;
    c->cur = j;
    if (j->kind == SQ_FAIL) {
        /* refused on the loop thread; queued only to keep the connection's order */
    } else if (!c->db && j->kind != SQ_OPEN && j->kind != SQ_CLOSE && j->kind != SQ_RESET) {
        og_error_set(&j->err, "08003", "the SQLite connection is closed");
    } else {
        switch (j->kind) {
        case SQ_OPEN:
            job_open(c, j);
            break;
        case SQ_EXEC:
            job_exec(c, j);
            break;
        case SQ_RESERVE:
            job_reserve(c, j);
            break;
        case SQ_RUN: /* autocommit: the statement is its own transaction; leave none open */
            job_exec(c, j);
            if (!j->requeue)
                job_reset(c, j);
            break;
        case SQ_BEGIN: /* see docs/sqlite.md: take the write lock now, not at the first write */
            job_simple(c, j, "BEGIN IMMEDIATE");
            break;
        case SQ_COMMIT:
            /* a failed COMMIT (deferred FK) leaves SQLite's transaction open;
             * PostgreSQL ends it: roll back, as the ORM expects */
            if (!job_simple(c, j, "COMMIT") && !j->requeue && !sqlite3_get_autocommit(c->db)) {
                og_error e = OG_ERROR_INIT;
                og_error_move(&e, &j->err);
                job_simple(c, j, "ROLLBACK");
                og_error_move(&j->err, &e);
                j->requeue = false;
            }
            break;
        case SQ_ROLLBACK:
            job_simple(c, j, "ROLLBACK");
            break;
        case SQ_RESET:
            job_reset(c, j);
            break;
        case SQ_CLOSE:
            conn_close_db(c);
            break;
        case SQ_LEASE:
        case SQ_FAIL:
            assert(!"not a pool job");
            break;
        }
    }
    c->cur = NULL;
    /* the write lock may have been given up: wake this file's waiters now, not at their next poll */
    bool ended = j->kind == SQ_COMMIT || j->kind == SQ_ROLLBACK || j->kind == SQ_RESET;
    if (c->db && sqlite3_get_autocommit(c->db) && (ended || sqlite3_total_changes64(c->db) != changes))
        file_wake(c->b->file);
}

/* ------------------------------------------------------------------------
 * Thread pool
 * ------------------------------------------------------------------------ */

/* Under mu: does a runnable job wait while every thread is taken? */
static bool pool_starved(drv_backend *b, int64_t now)
{
    if (b->nrunning < b->nthreads)
        return false;
    for (sq_job *j = b->ready; j; j = j->next)
        if (j->not_before <= now)
            return true;
    return false;
}

static void list_append(sq_job **head, sq_job **tail, sq_job *j)
{
    j->next = NULL;
    if (*tail)
        (*tail)->next = j;
    else
        *head = j;
    *tail = j;
}

/* Under mu: take the first runnable job; *wake is the earliest time another becomes runnable. */
static sq_job *ready_take(drv_backend *b, int64_t now, int64_t *wake)
{
    *wake = 0;
    for (sq_job *prev = NULL, *j = b->ready; j; prev = j, j = j->next) {
        if (j->not_before <= now) {
            if (prev)
                prev->next = j->next;
            else
                b->ready = j->next;
            if (b->ready_tail == j)
                b->ready_tail = prev;
            j->next = NULL;
            return j;
        }
        if (!*wake || j->not_before < *wake)
            *wake = j->not_before;
    }
    return NULL;
}

static void *pool_main(void *arg)
{
    drv_backend *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        int64_t wake;
        sq_job *j = ready_take(b, now_ns(), &wake);
        if (!j) {
            if (b->quit && !b->ready)
                break;
            if (wake) {
                struct timespec ts = timespec_of(wake);
                pthread_cond_timedwait(&b->work, &b->mu, &ts);
            } else {
                pthread_cond_wait(&b->work, &b->mu);
            }
            continue;
        }
        b->nrunning++;
        pthread_mutex_unlock(&b->mu);
        job_run(j);
        pthread_mutex_lock(&b->mu);
        b->nrunning--;
        if (j->requeue) {
            list_append(&b->ready, &b->ready_tail, j);
            pthread_cond_signal(&b->work);
        } else if (j->kind == SQ_CLOSE) {
            job_free(j); /* teardown: nobody waits for it */
        } else {
            list_append(&b->done, &b->done_tail, j);
            pthread_cond_signal(&b->finished);
            pthread_mutex_unlock(&b->mu);
            event_active(b->done_ev, 0, 0);
            pthread_mutex_lock(&b->mu);
        }
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

static void pool_push(drv_backend *b, sq_job *j)
{
    pthread_mutex_lock(&b->mu);
    list_append(&b->ready, &b->ready_tail, j);
    pthread_cond_signal(&b->work);
    if (b->nrunning == b->nthreads)
        file_wake(b->file); /* a lock waiter may give its thread up */
    pthread_mutex_unlock(&b->mu);
}

/* ------------------------------------------------------------------------
 * Loop thread side: jobs, leases, completions
 * ------------------------------------------------------------------------ */

static sq_job *job_new(sq_kind kind, drv_conn *c)
{
    sq_job *j = drv_sqlite_xcalloc(1, sizeof(*j));
    j->kind = kind;
    j->conn = c;
    og_arena_init_sized(&j->arena, 512);
    return j;
}

static void job_free(sq_job *j)
{
    drv_result_free(j->res);
    og_error_clear(&j->err);
    og_arena_reset(&j->arena);
    free(j);
}

/* Queue a completion for the loop (from the loop thread itself). */
static void post(drv_backend *b, sq_job *j)
{
    pthread_mutex_lock(&b->mu);
    list_append(&b->done, &b->done_tail, j);
    pthread_mutex_unlock(&b->mu);
    event_active(b->done_ev, 0, 0);
}

static void conn_start(drv_conn *c)
{
    assert(!c->running && c->queue);
    sq_job *j = c->queue;
    c->queue = j->next;
    if (!c->queue)
        c->queue_tail = NULL;
    j->next = NULL;
    c->running = j;
    pool_push(c->b, j);
}

/* Calls on one connection run one after the other, in call order. */
static void conn_submit(drv_conn *c, sq_job *j)
{
    list_append(&c->queue, &c->queue_tail, j);
    if (!c->running)
        conn_start(c);
}

static drv_conn *conn_new(drv_backend *b)
{
    int slot = 0;
    while (b->conns[slot])
        slot++;
    assert(slot < b->pool_size);
    drv_conn *c = drv_sqlite_xcalloc(1, sizeof(*c));
    c->b = b;
    c->slot = slot;
    c->state = SQC_OPENING;
    b->conns[slot] = c;
    b->nconns++;
    return c;
}

/* Forget a connection whose handle is closed (failed open or reset). */
static void conn_drop(drv_conn *c)
{
    drv_backend *b = c->b;
    assert(!c->db && !c->running && !c->queue);
    b->conns[c->slot] = NULL;
    b->nconns--;
    free(c);
}

/* Hand idle connections to waiting leases in FIFO order; open more while allowed. */
static void dispatch(drv_backend *b)
{
    if (b->closing)
        return;
    while (b->waiters && b->idle) {
        drv_conn *c = b->idle;
        b->idle = c->next_idle;
        c->next_idle = NULL;
        sq_job *w = b->waiters;
        b->waiters = w->next;
        if (!b->waiters)
            b->waiters_tail = NULL;
        b->nwaiters--;
        c->state = SQC_LEASED;
        w->conn = c;
        if (w->kind == SQ_RUN)
            conn_submit(c, w); /* leased for this one job: complete() gives it back */
        else
            post(b, w);
    }
    while (b->nwaiters > b->nopening && b->nconns < b->pool_size) {
        drv_conn *c = conn_new(b);
        b->nopening++;
        conn_submit(c, job_new(SQ_OPEN, c));
    }
}

static void conn_set_idle(drv_conn *c)
{
    drv_backend *b = c->b;
    c->state = SQC_IDLE;
    c->next_idle = b->idle;
    b->idle = c;
}

/* Give a connection back: pending calls still run but are not answered. */
static void conn_release(drv_conn *c)
{
    c->state = SQC_RELEASING;
    if (c->running)
        c->running->orphan = true;
    for (sq_job *j = c->queue; j; j = j->next)
        j->orphan = true;
    conn_submit(c, job_new(SQ_RESET, c));
}

static void teardown(drv_backend *b);
static void complete(drv_backend *b, sq_job *j);

/* Every connection idle and nothing in flight. */
static bool quiescent(const drv_backend *b)
{
    if (b->nopening)
        return false;
    for (int k = 0; k < b->pool_size; k++) {
        const drv_conn *c = b->conns[k];
        if (c && (c->state != SQC_IDLE || c->running || c->queue))
            return false;
    }
    return true;
}

static bool leased_any(const drv_backend *b)
{
    for (int k = 0; k < b->pool_size; k++)
        if (b->conns[k] && b->conns[k]->state == SQC_LEASED)
            return true;
    return false;
}

/* Closing, with nothing leased: wait here for the statements and resets
 * still running (their completions are not called), then free everything.
 * This blocks the loop, but only at close and only for work in flight. */
static void maybe_finish(drv_backend *b)
{
    if (!b->closing || b->in_done || leased_any(b))
        return;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        while (!b->done && !quiescent(b))
            pthread_cond_wait(&b->finished, &b->mu);
        sq_job *list = b->done;
        b->done = b->done_tail = NULL;
        pthread_mutex_unlock(&b->mu);
        if (!list)
            break;
        while (list) {
            sq_job *j = list;
            list = j->next;
            j->next = NULL;
            complete(b, j);
        }
    }
    teardown(b);
}

static void deliver(drv_backend *b, sq_job *j)
{
    if (j->orphan || b->closing || !j->done)
        return;
    const og_error *err = og_error_isset(&j->err) ? &j->err : NULL;
    drv_result *res = err ? NULL : j->res;
    if (res)
        j->res = NULL; /* the callee owns it now */
    j->done(j->ctx, res, err);
}

/* One finished job, on the loop thread. */
static void complete(drv_backend *b, sq_job *j)
{
    drv_conn *c = j->conn;
    switch (j->kind) {
    case SQ_LEASE:
        if (b->closing) {
            if (c)
                conn_release(c); /* leased but never handed out */
        } else {
            j->leased(j->ctx, og_error_isset(&j->err) ? NULL : c, og_error_isset(&j->err) ? &j->err : NULL);
        }
        break;
    case SQ_FAIL:
        if (c && c->running == j) { /* went through the connection's queue */
            c->running = NULL;
            if (c->queue)
                conn_start(c);
        }
        deliver(b, j);
        break;
    case SQ_OPEN:
        c->running = NULL;
        b->nopening--;
        if (og_error_isset(&j->err)) {
            conn_drop(c);
            sq_job *w = b->closing ? NULL : b->waiters;
            if (w) { /* the first waiter hears why; the others try again */
                b->waiters = w->next;
                if (!b->waiters)
                    b->waiters_tail = NULL;
                b->nwaiters--;
                og_error_move(&w->err, &j->err);
                post(b, w);
            }
        } else {
            conn_set_idle(c);
        }
        dispatch(b);
        break;
    case SQ_RUN:
        if (c) { /* NULL: the open it waited for failed, and it carries the error */
            c->running = NULL;
            assert(!c->queue);
            if (c->db)
                conn_set_idle(c);
            else
                conn_drop(c);
            dispatch(b);
        }
        deliver(b, j);
        break;
    case SQ_RESET:
        c->running = NULL;
        assert(!c->queue);
        if (og_error_isset(&j->err) || !c->db)
            conn_drop(c);
        else
            conn_set_idle(c);
        dispatch(b);
        break;
    default:
        c->running = NULL;
        if (c->queue)
            conn_start(c);
        deliver(b, j);
        break;
    }
    job_free(j);
}

static void done_cb(evutil_socket_t fd, short what, void *arg)
{
    drv_backend *b = arg;
    pthread_mutex_lock(&b->mu);
    sq_job *list = b->done;
    b->done = b->done_tail = NULL;
    pthread_mutex_unlock(&b->mu);
    b->in_done = true;
    while (list) {
        sq_job *j = list;
        list = j->next;
        j->next = NULL;
        complete(b, j);
    }
    b->in_done = false;
    maybe_finish(b); /* the last thing: it may free b */
}

/* Free the backend's own memory and primitives (no threads, jobs or connections left). */
static void backend_free(drv_backend *b)
{
    if (b->done_ev)
        event_free(b->done_ev);
    pthread_cond_destroy(&b->work);
    file_unref(b->file);
    pthread_cond_destroy(&b->finished);
    pthread_mutex_destroy(&b->mu);
    free(b->conns);
    free(b->path);
    free(b);
}

/* Close every handle on the pool, stop and join the threads, free everything.
 * Completions still queued are dropped without being called. */
static void teardown(drv_backend *b)
{
    assert(quiescent(b) && !b->in_done);
    pthread_mutex_lock(&b->mu);
    for (int k = 0; k < b->pool_size; k++)
        if (b->conns[k])
            list_append(&b->ready, &b->ready_tail, job_new(SQ_CLOSE, b->conns[k]));
    b->quit = true;
    pthread_cond_broadcast(&b->work);
    pthread_mutex_unlock(&b->mu);
    for (int k = 0; k < b->nthreads; k++)
        pthread_join(b->threads[k], NULL);
    while (b->done) {
        sq_job *j = b->done;
        b->done = j->next;
        job_free(j);
    }
    while (b->waiters) {
        sq_job *j = b->waiters;
        b->waiters = j->next;
        job_free(j);
    }
    for (int k = 0; k < b->pool_size; k++)
        free(b->conns[k]);
    backend_free(b);
}

/* ------------------------------------------------------------------------
 * Opening: the file name of a database
 * ------------------------------------------------------------------------ */

/* dsn with %d replaced by the database name (%% is a percent sign). NULL
 * with err set when the name cannot be part of a file name. */
static char *dsn_path(const char *dsn, const char *database, og_error *err)
{
    og_buf b = OG_BUF_INIT;
    for (const char *s = dsn; *s; s++) {
        if (s[0] == '%' && s[1] == '%') {
            og_buf_putc(&b, '%');
            s++;
        } else if (s[0] == '%' && s[1] == 'd') {
            const char *db = database ? database : "";
            if (!*db || strchr(db, '/') || strstr(db, "..")) {
                og_error_set(err, "3D000", "database \"%s\" does not exist", db);
                og_error_detail(err, "A database name that names a SQLite file may not be empty nor contain \"/\" "
                                     "or \"..\".");
                og_buf_free(&b);
                return NULL;
            }
            og_buf_puts(&b, db);
            s++;
        } else {
            og_buf_putc(&b, (uint8_t)*s);
        }
    }
    char *path = drv_sqlite_xstrdup(og_buf_cstr(&b));
    og_buf_free(&b);
    return path;
}

/* mkdir -p of the directory part of path. */
static bool make_parent_dirs(const char *path, og_error *err)
{
    char *dir = drv_sqlite_xstrdup(path);
    char *slash = strrchr(dir, '/');
    bool ok = true;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *s = dir + 1; ok; s++) {
            if (*s != '/' && *s != '\0')
                continue;
            char saved = *s;
            *s = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                og_error_set(err, "58030", "could not create directory \"%s\": %s", dir, strerror(errno));
                ok = false;
            }
            *s = saved;
            if (!saved)
                break;
        }
    }
    free(dir);
    return ok;
}

/* ------------------------------------------------------------------------
 * drv_ops
 * ------------------------------------------------------------------------ */

static drv_backend *sq_open(const drv_config *cfg, struct event_base *loop, og_error *err)
{
    if (!cfg || !loop || !cfg->dsn || !*cfg->dsn) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "the sqlite driver needs a dsn (a file name)");
        return NULL;
    }
    if (cfg->pool_size < 1) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "pool_size must be at least 1, not %d", cfg->pool_size);
        return NULL;
    }
    if (!sqlite3_threadsafe()) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "libsqlite3 was built without thread support");
        return NULL;
    }
    char *path = dsn_path(cfg->dsn, cfg->database, err);
    if (!path)
        return NULL;
    if (!make_parent_dirs(path, err)) {
        free(path);
        return NULL;
    }
    drv_backend *b = drv_sqlite_xcalloc(1, sizeof(*b));
    b->loop = loop;
    b->path = path;
    b->file = file_ref(path);
    b->pool_size = cfg->pool_size;
    b->conns = drv_sqlite_xcalloc((size_t)cfg->pool_size, sizeof(drv_conn *));
    pthread_mutex_init(&b->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&b->work, &ca);
    pthread_cond_init(&b->finished, &ca);
    pthread_condattr_destroy(&ca);
    b->done_ev = event_new(loop, -1, 0, done_cb, b);
    if (!b->done_ev) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "could not create the SQLite completion event");
        backend_free(b);
        return NULL;
    }
    int want = cfg->pool_size < SQ_THREADS ? cfg->pool_size : SQ_THREADS;
    /* pool threads take no signals: the server's threads handle those */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    while (b->nthreads < want && pthread_create(&b->threads[b->nthreads], NULL, pool_main, b) == 0)
        b->nthreads++;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (b->nthreads < want) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "could not start the SQLite threads");
        b->closing = true;
        teardown(b);
        return NULL;
    }
    return b;
}

static void sq_lease(drv_backend *b, drv_lease_fn done, void *ctx)
{
    if (!b || !done || b->closing)
        return; /* no callbacks after close */
    sq_job *w = job_new(SQ_LEASE, NULL);
    w->leased = done;
    w->ctx = ctx;
    list_append(&b->waiters, &b->waiters_tail, w);
    b->nwaiters++;
    dispatch(b);
}

static void sq_release(drv_conn *c)
{
    if (!c || c->state != SQC_LEASED)
        return; /* not leased (released twice?): nothing to give back */
    conn_release(c);
    maybe_finish(c->b); /* closing and this was the last one: the backend goes now */
}

/* Queue a call on a leased connection; a call on one that is not leased
 * fails with 08003 (through the loop, like any completion). */
static sq_job *call_new(drv_conn *c, sq_kind kind, drv_done_fn done, void *ctx)
{
    if (!c || c->b->closing)
        return NULL;
    sq_job *j = job_new(kind, c);
    j->done = done;
    j->ctx = ctx;
    if (c->state != SQC_LEASED) {
        j->kind = SQ_FAIL;
        og_error_set(&j->err, "08003", "the connection is not leased");
        post(c->b, j);
        return NULL;
    }
    return j;
}

static og_value *params_copy(og_arena *a, const og_value *src, size_t n)
{
    og_value *dst = og_arena_alloc(a, (n ? n : 1) * sizeof(og_value));
    for (size_t k = 0; k < n; k++) {
        dst[k] = src[k];
        if (src[k].isnull)
            continue;
        if (og_type_array_elem(src[k].oid) && src[k].u.arr.n)
            dst[k].u.arr.elems = params_copy(a, src[k].u.arr.elems, src[k].u.arr.n);
        else if (drv_sqlite_oid_is_str(src[k].oid))
            dst[k].u.str.p = og_arena_memdup(a, src[k].u.str.p ? src[k].u.str.p : "", src[k].u.str.len);
    }
    return dst;
}

/* Copy a statement's input into job j (the caller's drv_stmt may be gone when it runs). */
static void job_set_stmt(sq_job *j, const drv_stmt *st)
{
    j->sql = og_arena_strdup(&j->arena, st->sql);
    j->params = params_copy(&j->arena, st->params, st->nparams);
    j->nparams = st->nparams;
    j->types = og_arena_alloc(&j->arena, (st->nresult_types ? st->nresult_types : 1) * sizeof(uint32_t));
    if (st->nresult_types)
        memcpy(j->types, st->result_types, st->nresult_types * sizeof(uint32_t));
    j->ntypes = st->nresult_types;
    if (st->cx) { /* og_* functions (sqlite_func.c): the caller's context may be gone when the job runs */
        j->cx = *st->cx;
        j->cx.timezone = og_arena_strdup(&j->arena, st->cx->timezone);
        j->has_cx = true;
    }
}

static bool stmt_valid(const drv_stmt *st)
{
    return st && st->sql && (!st->nparams || st->params) && (!st->nresult_types || st->result_types);
}

/* Autocommit: the statement waits for a connection like a lease and then runs with its reset in
 * one pool job, so it costs one trip to a pool thread instead of three (lease, exec, release). */
static void sq_run(drv_backend *b, const drv_stmt *st, drv_done_fn done, void *ctx)
{
    if (!b || !done || b->closing)
        return; /* no callbacks after close */
    sq_job *j = job_new(SQ_RUN, NULL);
    j->done = done;
    j->ctx = ctx;
    if (!stmt_valid(st)) {
        j->kind = SQ_FAIL;
        og_error_set(&j->err, OG_SQLSTATE_INTERNAL_ERROR, "invalid statement passed to the SQLite driver");
        post(b, j);
        return;
    }
    job_set_stmt(j, st);
    list_append(&b->waiters, &b->waiters_tail, j);
    b->nwaiters++;
    dispatch(b);
}

static void sq_exec(drv_conn *c, const drv_stmt *st, drv_done_fn done, void *ctx)
{
    if (!stmt_valid(st)) {
        sq_job *j = call_new(c, SQ_FAIL, done, ctx);
        if (j) { /* answered in its turn among the connection's calls */
            og_error_set(&j->err, OG_SQLSTATE_INTERNAL_ERROR, "invalid statement passed to the SQLite driver");
            conn_submit(c, j);
        }
        return;
    }
    sq_job *j = call_new(c, SQ_EXEC, done, ctx);
    if (!j)
        return;
    job_set_stmt(j, st);
    conn_submit(c, j);
}

static void sq_reserve(drv_conn *c, const char *table, const char *column, bool rowid, int64_t start,
                       int64_t increment, uint32_t n, drv_done_fn done, void *ctx)
{
    sq_job *j = call_new(c, SQ_RESERVE, done, ctx);
    if (!j)
        return;
    j->rtable = og_arena_strdup(&j->arena, table);
    j->rcolumn = og_arena_strdup(&j->arena, column);
    j->rowid = rowid;
    j->rstart = rowid ? 1 : start;
    j->rinc = rowid || !increment ? 1 : increment;
    j->rcount = n ? n : 1;
    conn_submit(c, j);
}

static void sq_tx(drv_conn *c, sq_kind kind, drv_done_fn done, void *ctx)
{
    sq_job *j = call_new(c, kind, done, ctx);
    if (j)
        conn_submit(c, j);
}

static void sq_begin(drv_conn *c, drv_done_fn done, void *ctx)
{
    sq_tx(c, SQ_BEGIN, done, ctx);
}
static void sq_commit(drv_conn *c, drv_done_fn done, void *ctx)
{
    sq_tx(c, SQ_COMMIT, done, ctx);
}
static void sq_rollback(drv_conn *c, drv_done_fn done, void *ctx)
{
    sq_tx(c, SQ_ROLLBACK, done, ctx);
}

static void sq_close(drv_backend *b)
{
    if (!b || b->closing)
        return;
    b->closing = true;
    while (b->waiters) { /* never answered: close means no more callbacks */
        sq_job *w = b->waiters;
        b->waiters = w->next;
        job_free(w);
    }
    b->waiters_tail = NULL;
    b->nwaiters = 0;
    maybe_finish(b); /* else when the last connection is released */
}

const drv_ops drv_sqlite_ops = {
    .name = "sqlite",
    .caps = DRV_CAP_TRANSACTIONS | DRV_CAP_SAVEPOINTS | DRV_CAP_NATIVE_FK | DRV_CAP_RETURNING | DRV_CAP_UPSERT,
    .open = sq_open,
    .lease = sq_lease,
    .release = sq_release,
    .exec = sq_exec,
    .run = sq_run,
    .reserve = sq_reserve,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .close = sq_close,
};
