/*
 * bench/uowtx.c - write transactions per second (the unit of work), through
 * ormgate or directly on an SQLite file of its own.
 *
 * One transaction (172 statements, every one a prepared statement):
 *   BEGIN
 *   50 times: INSERT INTO author (name) VALUES ($1) RETURNING id
 *             INSERT INTO book (author_id, title) VALUES ($1, $2) RETURNING id
 *                 (author_id: the id the INSERT just before returned)
 *   50 times: UPDATE author SET score = score + $1 WHERE id = $2
 *                 (each author of this transaction; $1 = i % 5 + 1, 150 in all)
 *   20 times: DELETE FROM book WHERE id = $1
 *                 (every other book of this transaction: books 0, 2, .., 38)
 *   COMMIT
 * so each committed transaction adds 50 authors (scores summing to 150) and
 * 30 books.
 *
 *   uowtx [options] --pg "CONNINFO"
 *       -c threads, each with its own libpq connection (after
 *       `SET ormgate.flush_mode = MODE` when -f MODE is given), PQprepare
 *       once per statement above (BEGIN and COMMIT included), then
 *       PQexecPrepared for each statement (text parameters, text results;
 *       one round trip each) until -T seconds are up. Every result is
 *       checked: INSERT returns one row with an id and the tag INSERT 0 1,
 *       UPDATE / DELETE have the tag UPDATE 1 / DELETE 1, COMMIT the tag
 *       COMMIT. A transaction with anything else is rolled back and counted
 *       as an error (the first few are printed with the statement that
 *       failed). Before the timed run, thread 0 runs one transaction, then
 *       reads `SHOW ormgate.stats`, runs a second one and reads it again:
 *       the differences are printed as tx_roundtrips= (backend round trips
 *       of one transaction), tx_map_hits=, tx_flushes=, tx_flushed=. Each
 *       thread also reads it before and after the timed run: avg_roundtrips=
 *       (avg_map_hits=, avg_flushes=, avg_flushed=) are the sums over all
 *       connections divided by the committed transactions (a run with errors
 *       counts the rolled-back transactions' trips too).
 *   uowtx [options] --sqlite FILE
 *       creates FILE's tables if they do not exist (plain SQLite DDL:
 *       INTEGER PRIMARY KEY AUTOINCREMENT, a FOREIGN KEY ... ON DELETE
 *       CASCADE), then -c threads, each with its own sqlite3 connection
 *       (NOMUTEX, private cache, journal_mode = WAL, synchronous = NORMAL,
 *       foreign_keys = ON, busy_timeout 5000 ms: as ormgate opens its files),
 *       the same statements prepared once ("?N" parameters, BEGIN IMMEDIATE,
 *       INSERT ... RETURNING id) and stepped one at a time, as an application
 *       without an ORM would, with the same checks (sqlite3_changes() == 1).
 *
 * Both modes read the tables' counts (authors, sum of scores, books) before
 * and after the run and check that they grew by exactly what the committed
 * transactions wrote, and that every book belongs to the author inserted
 * just before it (its title matches the author's name) (check=ok, or
 * check=FAIL(...) and exit status 1).
 *
 * Threads connect and prepare first, then start together; the rate is the
 * transactions committed by all threads divided by the elapsed time. Prints
 * one line (cpu_s: this process's user + system CPU during the run; latency:
 * one whole transaction, BEGIN to COMMIT):
 *   mode=pg|sqlite flush=auto|always|default threads=.. ready=.. secs=..
 *   tx=.. errors=.. rate=.. stmt_rate=.. cpu_s=.. committed=.. check=ok
 *   thread_tx_min=.. thread_tx_max=..   (the fewest / most one thread committed)
 *   p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..
 *   [tx_roundtrips=.. tx_map_hits=.. tx_flushes=.. tx_flushed=..
 *    avg_roundtrips=.. avg_map_hits=.. avg_flushes=.. avg_flushed=..]  (--pg)
 *
 * Options: -c THREADS (1)  -T SECONDS (10)  -f auto|always (--pg only: SET
 *          ormgate.flush_mode on each connection; default: the server's)
 *
 * Build: cc -O2 -Wall -Wextra -Werror -pthread -I$(pg_config --includedir)
 *        -o uowtx uowtx.c -lpq -lsqlite3
 */
#define _GNU_SOURCE
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "benchutil.h"

#define NPAIRS        50 /* authors (and books) inserted per transaction */
#define NDELETES      20 /* books deleted per transaction */
#define STMTS_PER_TX  (1 + 2 * NPAIRS + NPAIRS + NDELETES + 1)
#define SCORE_PER_TX  150 /* sum over i < 50 of (i % 5 + 1) */
#define MAX_REPORTED  5

/* name, PostgreSQL text, SQLite text, parameter count */
enum { S_BEGIN, S_INS_AUTHOR, S_INS_BOOK, S_UPDATE, S_DELETE, S_COMMIT, NSTMT };
static const struct {
    const char *name, *pg, *sqlite;
    int nparams;
} stmts[NSTMT] = {
    {"begin", "BEGIN", "BEGIN IMMEDIATE", 0},
    {"ins_author", "INSERT INTO author (name) VALUES ($1) RETURNING id",
     "INSERT INTO author (name) VALUES (?1) RETURNING id", 1},
    {"ins_book", "INSERT INTO book (author_id, title) VALUES ($1, $2) RETURNING id",
     "INSERT INTO book (author_id, title) VALUES (?1, ?2) RETURNING id", 2},
    {"upd_author", "UPDATE author SET score = score + $1 WHERE id = $2",
     "UPDATE author SET score = score + ?1 WHERE id = ?2", 2},
    {"del_book", "DELETE FROM book WHERE id = $1", "DELETE FROM book WHERE id = ?1", 1},
    {"commit", "COMMIT", "COMMIT", 0},
};

static const char *SQLITE_DDL =
    "CREATE TABLE IF NOT EXISTS author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
    " score INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS book (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " author_id INTEGER NOT NULL REFERENCES author (id) ON DELETE CASCADE, title TEXT NOT NULL);";
/* authors, sum of scores, books, books whose author is not the one inserted just before them */
#define NCOUNTS 4
static const char *COUNT_SQL[NCOUNTS] = {
    "SELECT count(*) FROM author", "SELECT coalesce(sum(score), 0) FROM author", "SELECT count(*) FROM book",
    "SELECT count(*) FROM book JOIN author ON author.id = book.author_id"
    " WHERE book.title <> replace(author.name, 'author ', 'book ')"};

static const char *target;
static int use_pg;
static const char *flush_mode; /* NULL: leave the server's default */
static int nthreads = 1;
static double secs = 10.0;

static pthread_barrier_t start_barrier;
static double end_time; /* written by main between the two barrier waits */
static atomic_int reported;
static long long tx_stats[4] = {-1, -1, -1, -1}; /* thread 0: one transaction's SHOW ormgate.stats deltas */

typedef struct job {
    pthread_t tid;
    int index;
    int ready; /* connected and prepared */
    long tx;   /* committed in the timed run */
    long extra; /* committed before it (the stats transactions) */
    long errors;
    long long run_stats[4]; /* --pg: SHOW ormgate.stats after the timed run minus before it (-1: unknown) */
    float *lat_ms;
    size_t nlat, cap;
} job;

/* user + system CPU seconds of this process so far */
static void report(int thread, const char *what, const char *msg)
{
    int n = atomic_fetch_add(&reported, 1);
    if (n < MAX_REPORTED) {
        size_t len = msg ? strlen(msg) : 0;
        while (len && msg[len - 1] == '\n')
            len--;
        fprintf(stderr, "uowtx: thread %d: %s%s%.*s\n", thread, what, msg ? ": " : "", (int)len, msg ? msg : "");
    } else if (n == MAX_REPORTED) {
        fprintf(stderr, "uowtx: (further errors not shown)\n");
    }
}

static int add_latency(job *j, double ms)
{
    if (j->nlat == j->cap) {
        size_t cap = j->cap ? j->cap * 2 : 4096;
        float *p = realloc(j->lat_ms, cap * sizeof(float));
        if (!p)
            return 0;
        j->lat_ms = p;
        j->cap = cap;
    }
    j->lat_ms[j->nlat++] = (float)ms;
    return 1;
}

/* "statement N of the transaction (SQL; $1=.., $2=..)" for error messages (N: BEGIN is 1) */
static void describe(char *buf, size_t len, int step, int s, const char *const *params)
{
    int n = snprintf(buf, len, "statement %d of the transaction (%s", step, use_pg ? stmts[s].pg : stmts[s].sqlite);
    for (int i = 0; i < stmts[s].nparams && n > 0 && (size_t)n < len; i++)
        n += snprintf(buf + n, len - (size_t)n, "%s$%d=%s", i ? ", " : "; ", i + 1, params[i]);
    if (n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, ")");
}

/* ---- through ormgate (libpq) ----------------------------------------------- */

/* Run statement s; check the command tag (and with want_id, one row with an id > 0). */
static int pg_step(job *j, PGconn *conn, int step, int s, const char *const *params, const char *tag, long *want_id)
{
    PGresult *r = PQexecPrepared(conn, stmts[s].name, stmts[s].nparams, params, NULL, NULL, 0);
    char what[400], got[160];
    int ok = 0;
    ExecStatusType st = PQresultStatus(r);
    if (st != (want_id ? PGRES_TUPLES_OK : PGRES_COMMAND_OK)) {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        describe(what, sizeof what, step, s, params);
        snprintf(got, sizeof got, "SQLSTATE %s", state ? state : "-");
        size_t n = strlen(what);
        snprintf(what + n, sizeof what - n, ": %s", got);
        report(j->index, what, PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r) : PQresStatus(st));
    } else if (strcmp(PQcmdStatus(r), tag) != 0 ||
               (want_id && (PQntuples(r) != 1 || PQnfields(r) != 1 || PQgetisnull(r, 0, 0) ||
                            (*want_id = strtol(PQgetvalue(r, 0, 0), NULL, 10)) <= 0))) {
        describe(what, sizeof what, step, s, params);
        snprintf(got, sizeof got, "tag \"%s\" (expected \"%s\"), %d rows, %d columns, first value %s", PQcmdStatus(r),
                 tag, PQntuples(r), PQnfields(r),
                 PQntuples(r) > 0 && PQnfields(r) > 0 ? PQgetvalue(r, 0, 0) : "-");
        report(j->index, what, got);
    } else {
        ok = 1;
    }
    PQclear(r);
    return ok;
}

/* One transaction; 1 when it committed. n numbers the names. */
static int pg_tx(job *j, PGconn *conn, long n)
{
    long aid[NPAIRS], bid[NPAIRS];
    char name[64], title[64], a[24], b[24];
    const char *p[2];
    int step = 1;
    if (!pg_step(j, conn, step++, S_BEGIN, NULL, "BEGIN", NULL))
        goto fail;
    for (int i = 0; i < NPAIRS; i++) {
        snprintf(name, sizeof name, "author %d.%ld.%d", j->index, n, i);
        p[0] = name;
        if (!pg_step(j, conn, step++, S_INS_AUTHOR, p, "INSERT 0 1", &aid[i]))
            goto fail;
        snprintf(a, sizeof a, "%ld", aid[i]);
        snprintf(title, sizeof title, "book %d.%ld.%d", j->index, n, i);
        p[0] = a;
        p[1] = title;
        if (!pg_step(j, conn, step++, S_INS_BOOK, p, "INSERT 0 1", &bid[i]))
            goto fail;
    }
    for (int i = 0; i < NPAIRS; i++) {
        snprintf(a, sizeof a, "%d", i % 5 + 1);
        snprintf(b, sizeof b, "%ld", aid[i]);
        p[0] = a;
        p[1] = b;
        if (!pg_step(j, conn, step++, S_UPDATE, p, "UPDATE 1", NULL))
            goto fail;
    }
    for (int i = 0; i < NDELETES; i++) {
        snprintf(a, sizeof a, "%ld", bid[2 * i]);
        p[0] = a;
        if (!pg_step(j, conn, step++, S_DELETE, p, "DELETE 1", NULL))
            goto fail;
    }
    if (!pg_step(j, conn, step++, S_COMMIT, NULL, "COMMIT", NULL))
        goto fail;
    return 1;
fail:
    j->errors++;
    if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE)
        PQclear(PQexec(conn, "ROLLBACK"));
    return 0;
}

/* SHOW ormgate.stats: backend_roundtrips, identity_map_hits, flushes, flushed_changes */
static int pg_stats(job *j, PGconn *conn, long long v[4])
{
    PGresult *r = PQexec(conn, "SHOW ormgate.stats");
    int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && PQnfields(r) == 4;
    if (!ok)
        report(j->index, "SHOW ormgate.stats", PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r) : "not 1 row of 4");
    for (int i = 0; ok && i < 4; i++)
        v[i] = strtoll(PQgetvalue(r, 0, i), NULL, 10);
    PQclear(r);
    return ok;
}

static void *pg_thread(void *arg)
{
    job *j = arg;
    PGconn *conn = PQconnectdb(target);
    if (PQstatus(conn) != CONNECTION_OK) {
        report(j->index, "connect", PQerrorMessage(conn));
    } else {
        int ok = 1;
        if (flush_mode) {
            char sql[80];
            snprintf(sql, sizeof sql, "SET ormgate.flush_mode = %s", flush_mode);
            PGresult *r = PQexec(conn, sql);
            if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                report(j->index, sql, PQresultErrorMessage(r));
                ok = 0;
            }
            PQclear(r);
        }
        for (int s = 0; ok && s < NSTMT; s++) {
            PGresult *r = PQprepare(conn, stmts[s].name, stmts[s].pg, stmts[s].nparams, NULL);
            if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                report(j->index, stmts[s].pg, PQresultErrorMessage(r));
                ok = 0;
            }
            PQclear(r);
        }
        if (ok && j->index == 0) { /* one warm transaction, then one between two SHOW ormgate.stats */
            long long before[4], after[4];
            ok = pg_tx(j, conn, -1) && pg_stats(j, conn, before) && pg_tx(j, conn, -2) && pg_stats(j, conn, after);
            if (ok) {
                j->extra = 2;
                for (int i = 0; i < 4; i++)
                    tx_stats[i] = after[i] - before[i];
            }
        }
        long long v[4];
        if (ok && pg_stats(j, conn, v))
            memcpy(j->run_stats, v, sizeof v);
        j->ready = ok;
    }
    pthread_barrier_wait(&start_barrier); /* everyone connected and prepared */
    pthread_barrier_wait(&start_barrier); /* main set end_time */
    double t = now_s();
    for (long n = 0; j->ready && t < end_time; n++) {
        int ok = pg_tx(j, conn, n);
        double t1 = now_s();
        if (ok) {
            j->tx++;
            if (!add_latency(j, (t1 - t) * 1000.0))
                break;
        } else if (PQstatus(conn) != CONNECTION_OK) {
            break;
        }
        t = t1;
    }
    long long v[4];
    if (j->ready && j->run_stats[0] >= 0 && PQstatus(conn) == CONNECTION_OK && pg_stats(j, conn, v)) {
        for (int i = 0; i < 4; i++)
            j->run_stats[i] = v[i] - j->run_stats[i];
    } else {
        j->run_stats[0] = -1;
    }
    PQfinish(conn);
    return NULL;
}

static int pg_counts(long long c[NCOUNTS])
{
    PGconn *conn = PQconnectdb(target);
    int ok = PQstatus(conn) == CONNECTION_OK;
    if (!ok)
        report(-1, "connect", PQerrorMessage(conn));
    for (int i = 0; ok && i < NCOUNTS; i++) {
        PGresult *r = PQexec(conn, COUNT_SQL[i]);
        ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && PQnfields(r) == 1;
        if (ok)
            c[i] = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        else
            report(-1, COUNT_SQL[i], PQresultErrorMessage(r));
        PQclear(r);
    }
    PQfinish(conn);
    return ok;
}

/* ---- directly on SQLite ------------------------------------------------------ */

static int sq_exec(sqlite3 *db, const char *sql, int thread)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        report(thread, sql, err ? err : sqlite3_errmsg(db));
        sqlite3_free(err);
        return 0;
    }
    return 1;
}

static sqlite3 *sq_open(int thread)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(target, &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE,
                             NULL);
    if (rc != SQLITE_OK) {
        report(thread, "open", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    } else if (sqlite3_busy_timeout(db, 5000) == SQLITE_OK && sq_exec(db, "PRAGMA journal_mode = WAL", thread) &&
               sq_exec(db, "PRAGMA synchronous = NORMAL", thread) && sq_exec(db, "PRAGMA foreign_keys = ON", thread)) {
        return db;
    }
    sqlite3_close(db);
    return NULL;
}

/* Step statement s once with its parameters bound as text (integers as integers);
 * check sqlite3_changes() == 1 for writes and read the RETURNING id when want_id. */
static int sq_step(job *j, sqlite3 *db, sqlite3_stmt **st, int step, int s, const char *const *params,
                   const long long *ints, long *want_id)
{
    sqlite3_stmt *q = st[s];
    for (int i = 0; i < stmts[s].nparams; i++) {
        if (ints && ints[i] >= 0)
            sqlite3_bind_int64(q, i + 1, ints[i]);
        else
            sqlite3_bind_text(q, i + 1, params[i], -1, SQLITE_STATIC);
    }
    int rc, rows = 0;
    long id = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        rows++;
        id = (long)sqlite3_column_int64(q, 0);
    }
    char what[400], got[120];
    int ok = 0;
    if (rc != SQLITE_DONE) {
        describe(what, sizeof what, step, s, params);
        report(j->index, what, sqlite3_errmsg(db));
    } else if ((s != S_BEGIN && s != S_COMMIT && sqlite3_changes(db) != 1) || rows != (want_id ? 1 : 0) ||
               (want_id && id <= 0)) {
        describe(what, sizeof what, step, s, params);
        snprintf(got, sizeof got, "%d changes, %d rows, id %ld", sqlite3_changes(db), rows, id);
        report(j->index, what, got);
    } else {
        ok = 1;
        if (want_id)
            *want_id = id;
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return ok;
}

static int sq_tx(job *j, sqlite3 *db, sqlite3_stmt **st, long n)
{
    long aid[NPAIRS], bid[NPAIRS];
    char name[64], title[64], a[24], b[24];
    const char *p[2];
    long long iv[2];
    int step = 1;
    if (!sq_step(j, db, st, step++, S_BEGIN, NULL, NULL, NULL))
        goto fail;
    for (int i = 0; i < NPAIRS; i++) {
        snprintf(name, sizeof name, "author %d.%ld.%d", j->index, n, i);
        p[0] = name;
        if (!sq_step(j, db, st, step++, S_INS_AUTHOR, p, NULL, &aid[i]))
            goto fail;
        snprintf(a, sizeof a, "%ld", aid[i]);
        snprintf(title, sizeof title, "book %d.%ld.%d", j->index, n, i);
        p[0] = a;
        p[1] = title;
        iv[0] = aid[i];
        iv[1] = -1;
        if (!sq_step(j, db, st, step++, S_INS_BOOK, p, iv, &bid[i]))
            goto fail;
    }
    for (int i = 0; i < NPAIRS; i++) {
        snprintf(a, sizeof a, "%d", i % 5 + 1);
        snprintf(b, sizeof b, "%ld", aid[i]);
        p[0] = a;
        p[1] = b;
        iv[0] = i % 5 + 1;
        iv[1] = aid[i];
        if (!sq_step(j, db, st, step++, S_UPDATE, p, iv, NULL))
            goto fail;
    }
    for (int i = 0; i < NDELETES; i++) {
        snprintf(a, sizeof a, "%ld", bid[2 * i]);
        p[0] = a;
        iv[0] = bid[2 * i];
        if (!sq_step(j, db, st, step++, S_DELETE, p, iv, NULL))
            goto fail;
    }
    if (!sq_step(j, db, st, step++, S_COMMIT, NULL, NULL, NULL))
        goto fail;
    return 1;
fail:
    j->errors++;
    if (!sqlite3_get_autocommit(db))
        sq_exec(db, "ROLLBACK", j->index);
    return 0;
}

static void *sqlite_thread(void *arg)
{
    job *j = arg;
    sqlite3_stmt *st[NSTMT] = {0};
    sqlite3 *db = sq_open(j->index);
    if (db) {
        j->ready = 1;
        for (int s = 0; j->ready && s < NSTMT; s++) {
            if (sqlite3_prepare_v3(db, stmts[s].sqlite, -1, SQLITE_PREPARE_PERSISTENT, &st[s], NULL) != SQLITE_OK) {
                report(j->index, stmts[s].sqlite, sqlite3_errmsg(db));
                j->ready = 0;
            }
        }
    }
    pthread_barrier_wait(&start_barrier);
    pthread_barrier_wait(&start_barrier);
    double t = now_s();
    for (long n = 0; j->ready && t < end_time; n++) {
        int ok = sq_tx(j, db, st, n);
        double t1 = now_s();
        if (ok) {
            j->tx++;
            if (!add_latency(j, (t1 - t) * 1000.0))
                break;
        }
        t = t1;
    }
    for (int s = 0; s < NSTMT; s++)
        sqlite3_finalize(st[s]);
    sqlite3_close(db);
    return NULL;
}

static int sq_counts(long long c[NCOUNTS])
{
    sqlite3 *db = sq_open(-1);
    int ok = db != NULL;
    for (int i = 0; ok && i < NCOUNTS; i++) {
        sqlite3_stmt *q = NULL;
        ok = sqlite3_prepare_v2(db, COUNT_SQL[i], -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW;
        if (ok)
            c[i] = sqlite3_column_int64(q, 0);
        else
            report(-1, COUNT_SQL[i], sqlite3_errmsg(db));
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return ok;
}

static int sq_create(void)
{
    sqlite3 *db = sq_open(-1);
    int ok = db && sq_exec(db, SQLITE_DDL, -1);
    sqlite3_close(db);
    return ok;
}

/* ---- main ------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr, "usage: uowtx [-c threads] [-T seconds] [-f auto|always] --pg CONNINFO | --sqlite FILE\n");
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if ((!strcmp(a, "--pg") || !strcmp(a, "--sqlite")) && v) {
            use_pg = !strcmp(a, "--pg");
            target = v;
        } else if (!strcmp(a, "-c") && v) {
            nthreads = atoi(v);
        } else if (!strcmp(a, "-T") && v) {
            secs = atof(v);
        } else if (!strcmp(a, "-f") && v && (!strcmp(v, "auto") || !strcmp(v, "always"))) {
            flush_mode = v;
        } else {
            usage();
            return 2;
        }
        i++;
    }
    if (!target || nthreads < 1 || secs <= 0 || (flush_mode && !use_pg)) {
        usage();
        return 2;
    }
    if (!use_pg && !sqlite3_threadsafe()) {
        fprintf(stderr, "uowtx: libsqlite3 was built without thread support\n");
        return 2;
    }
    if (!use_pg && !sq_create())
        return 2;
    long long c0[NCOUNTS], c1[NCOUNTS];
    if (!(use_pg ? pg_counts(c0) : sq_counts(c0)))
        return 2;

    job *jobs = calloc((size_t)nthreads, sizeof(job));
    if (!jobs)
        return 2;
    pthread_barrier_init(&start_barrier, NULL, (unsigned)nthreads + 1);
    for (int t = 0; t < nthreads; t++) {
        jobs[t].index = t;
        jobs[t].run_stats[0] = -1;
        if (pthread_create(&jobs[t].tid, NULL, use_pg ? pg_thread : sqlite_thread, &jobs[t]) != 0) {
            fprintf(stderr, "uowtx: pthread_create failed\n");
            return 2;
        }
    }
    pthread_barrier_wait(&start_barrier);
    double t0 = now_s(), cpu0 = cpu_s();
    end_time = t0 + secs;
    pthread_barrier_wait(&start_barrier);

    long tx = 0, extra = 0, errors = 0, tmin = -1, tmax = 0;
    long long run_stats[4] = {0, 0, 0, 0};
    int run_stats_ok = use_pg;
    size_t nlat = 0;
    int ready = 0;
    for (int t = 0; t < nthreads; t++) {
        pthread_join(jobs[t].tid, NULL);
        tx += jobs[t].tx;
        extra += jobs[t].extra;
        errors += jobs[t].errors;
        nlat += jobs[t].nlat;
        ready += jobs[t].ready;
        if (jobs[t].run_stats[0] < 0)
            run_stats_ok = 0;
        for (int i = 0; i < 4; i++)
            run_stats[i] += jobs[t].run_stats[i];
        if (tmin < 0 || jobs[t].tx < tmin)
            tmin = jobs[t].tx;
        if (jobs[t].tx > tmax)
            tmax = jobs[t].tx;
    }
    double elapsed = now_s() - t0, cpu = cpu_s() - cpu0;

    /* what the committed transactions must have written */
    long committed = tx + extra;
    char check[200] = "FAIL(counts)";
    if (use_pg ? pg_counts(c1) : sq_counts(c1)) {
        long long want[3] = {(long long)NPAIRS * committed, (long long)SCORE_PER_TX * committed,
                             (long long)(NPAIRS - NDELETES) * committed};
        if (c1[0] - c0[0] == want[0] && c1[1] - c0[1] == want[1] && c1[2] - c0[2] == want[2] && c1[3] == 0)
            snprintf(check, sizeof check, "ok");
        else
            snprintf(check, sizeof check,
                     "FAIL(authors+%lld,score+%lld,books+%lld;expected+%lld,+%lld,+%lld;books_of_another_author=%lld)",
                     c1[0] - c0[0], c1[1] - c0[1], c1[2] - c0[2], want[0], want[1], want[2], c1[3]);
    }

    printf("mode=%s flush=%s threads=%d ready=%d secs=%.2f tx=%ld errors=%ld rate=%.1f stmt_rate=%.0f cpu_s=%.2f"
           " committed=%ld check=%s thread_tx_min=%ld thread_tx_max=%ld",
           use_pg ? "pg" : "sqlite", flush_mode ? flush_mode : use_pg ? "default" : "-", nthreads, ready, elapsed, tx,
           errors, (double)tx / elapsed, (double)tx * STMTS_PER_TX / elapsed, cpu, committed, check, tmin, tmax);
    float *all = malloc((nlat ? nlat : 1) * sizeof(float));
    if (!all)
        return 2;
    size_t k = 0;
    for (int t = 0; t < nthreads; t++) {
        if (jobs[t].nlat)
            memcpy(all + k, jobs[t].lat_ms, jobs[t].nlat * sizeof(float));
        k += jobs[t].nlat;
    }
    qsort(all, nlat, sizeof(float), cmp_float);
    printf(" p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f", percentile(all, nlat, 50), percentile(all, nlat, 90),
           percentile(all, nlat, 99), nlat ? (double)all[nlat - 1] : 0.0);
    free(all);
    if (use_pg)
        printf(" tx_roundtrips=%lld tx_map_hits=%lld tx_flushes=%lld tx_flushed=%lld", tx_stats[0], tx_stats[1],
               tx_stats[2], tx_stats[3]);
    if (run_stats_ok && tx > 0)
        printf(" avg_roundtrips=%.2f avg_map_hits=%.1f avg_flushes=%.2f avg_flushed=%.1f", (double)run_stats[0] / tx,
               (double)run_stats[1] / tx, (double)run_stats[2] / tx, (double)run_stats[3] / tx);
    else if (use_pg)
        printf(" avg_roundtrips=- avg_map_hits=- avg_flushes=- avg_flushed=-");
    printf("\n");
    fflush(stdout);
    for (int t = 0; t < nthreads; t++)
        free(jobs[t].lat_ms);
    free(jobs);
    pthread_barrier_destroy(&start_barrier);
    return (ready == nthreads && tx > 0 && errors == 0 && !strcmp(check, "ok")) ? 0 : 1;
}
