/*
 * bench/pklookup.c - primary-key lookups per second, through ormgate or
 * directly on the SQLite file it serves.
 *
 *   pklookup [options] --pg "CONNINFO"
 *       -c threads, each with its own libpq connection: PQprepare once
 *       "SELECT id, name, price, created_at FROM item WHERE id = $1", then
 *       PQexecPrepared with a random id (text parameter, text results) per
 *       lookup until -T seconds are up. Every result must be PGRES_TUPLES_OK
 *       with exactly one row whose id is the one asked for; anything else
 *       counts as an error (the first few are printed).
 *   pklookup [options] --sqlite FILE
 *       -c threads, each with its own sqlite3 connection to FILE, opened as
 *       ormgate opens it (NOMUTEX, private cache, journal_mode = WAL,
 *       synchronous = NORMAL), the same SELECT prepared once with "?",
 *       stepped for a random id per lookup (every column read), for -T
 *       seconds. A lookup that does not return exactly one row is an error.
 *
 * Threads connect and prepare first, then start together; the rate is the
 * lookups completed by all threads divided by the elapsed time. Prints one
 * line (cpu_s: this process's user + system CPU during the run):
 *   mode=pg|sqlite threads=.. ready=.. secs=.. lookups=.. errors=.. rate=.. cpu_s=..
 *   [p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..]   (latency: --pg only, one
 *                                                PQexecPrepared round trip)
 *
 * Options: -c THREADS (8)  -T SECONDS (10)  -n ROWS (100000: ids 1..ROWS)
 *          -s SEED (1)
 *
 * Build: cc -O2 -Wall -Wextra -Werror -pthread -I$(pg_config --includedir)
 *        -o pklookup pklookup.c -lpq -lsqlite3
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

#define LOOKUP_SQL_PG     "SELECT id, name, price, created_at FROM item WHERE id = $1"
#define LOOKUP_SQL_SQLITE "SELECT id, name, price, created_at FROM item WHERE id = ?"
#define MAX_REPORTED      5

static const char *target;
static int use_pg;
static int nthreads = 8;
static double secs = 10.0;
static long nrows = 100000;
static unsigned seed = 1;

static pthread_barrier_t start_barrier;
static double end_time; /* written by main between the two barrier waits */
static atomic_int reported;

typedef struct job {
    pthread_t tid;
    int index;
    int ready; /* connected and prepared */
    long lookups;
    long errors;
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
        fprintf(stderr, "pklookup: thread %d: %s%s%.*s\n", thread, what, msg ? ": " : "", (int)len, msg ? msg : "");
    } else if (n == MAX_REPORTED) {
        fprintf(stderr, "pklookup: (further errors not shown)\n");
    }
}

/* xorshift64*: a random id in 1..nrows */
static long next_id(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return (long)((x * UINT64_C(2685821657736338717)) % (uint64_t)nrows) + 1;
}

static int add_latency(job *j, double ms)
{
    if (j->nlat == j->cap) {
        size_t cap = j->cap ? j->cap * 2 : 65536;
        float *p = realloc(j->lat_ms, cap * sizeof(float));
        if (!p)
            return 0;
        j->lat_ms = p;
        j->cap = cap;
    }
    j->lat_ms[j->nlat++] = (float)ms;
    return 1;
}

/* ---- through ormgate (libpq) ----------------------------------------------- */

static void *pg_thread(void *arg)
{
    job *j = arg;
    uint64_t rng = UINT64_C(0x9E3779B97F4A7C15) * (uint64_t)(j->index + 1) + seed;
    PGconn *conn = PQconnectdb(target);
    if (PQstatus(conn) != CONNECTION_OK) {
        report(j->index, "connect", PQerrorMessage(conn));
    } else {
        PGresult *r = PQprepare(conn, "pk", LOOKUP_SQL_PG, 1, NULL);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            report(j->index, "prepare", PQresultErrorMessage(r));
        else
            j->ready = 1;
        PQclear(r);
    }
    pthread_barrier_wait(&start_barrier); /* everyone connected and prepared */
    pthread_barrier_wait(&start_barrier); /* main set end_time */
    double t = now_s();
    while (j->ready && t < end_time) {
        char idbuf[24];
        long id = next_id(&rng);
        snprintf(idbuf, sizeof(idbuf), "%ld", id);
        const char *params[1] = {idbuf};
        PGresult *r = PQexecPrepared(conn, "pk", 1, params, NULL, NULL, 0);
        double t1 = now_s();
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            j->errors++;
            report(j->index, "execute", PQresultErrorMessage(r));
            if (PQstatus(conn) != CONNECTION_OK) {
                PQclear(r);
                break;
            }
        } else if (PQntuples(r) != 1 || PQnfields(r) != 4 || strcmp(PQgetvalue(r, 0, 0), idbuf) != 0) {
            char what[96];
            snprintf(what, sizeof(what), "id %ld: %d rows, %d columns, first id %s", id, PQntuples(r), PQnfields(r),
                     PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "-");
            j->errors++;
            report(j->index, what, NULL);
        } else {
            j->lookups++;
            if (!add_latency(j, (t1 - t) * 1000.0))
                break;
        }
        PQclear(r);
        t = t1;
    }
    PQfinish(conn);
    return NULL;
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

static void *sqlite_thread(void *arg)
{
    job *j = arg;
    uint64_t rng = UINT64_C(0x9E3779B97F4A7C15) * (uint64_t)(j->index + 1) + seed;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE, NULL);
    if (rc != SQLITE_OK) {
        report(j->index, "open", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    } else if (sqlite3_busy_timeout(db, 5000) != SQLITE_OK || !sq_exec(db, "PRAGMA journal_mode = WAL", j->index) ||
               !sq_exec(db, "PRAGMA synchronous = NORMAL", j->index)) {
        /* reported */
    } else if (sqlite3_prepare_v3(db, LOOKUP_SQL_SQLITE, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        report(j->index, "prepare", sqlite3_errmsg(db));
    } else {
        j->ready = 1;
    }
    pthread_barrier_wait(&start_barrier);
    pthread_barrier_wait(&start_barrier);
    uint64_t sink = 0;
    int batch = 0;
    while (j->ready) {
        if (++batch == 64) { /* reading the clock per lookup would be a visible share of a ~2 us lookup */
            batch = 0;
            if (now_s() >= end_time)
                break;
        }
        long id = next_id(&rng);
        sqlite3_bind_int64(st, 1, id);
        int rows = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            rows++;
            sink += (uint64_t)sqlite3_column_int64(st, 0);
            const unsigned char *name = sqlite3_column_text(st, 1);
            const unsigned char *price = sqlite3_column_text(st, 2);
            sink += (uint64_t)sqlite3_column_bytes(st, 1) + (uint64_t)sqlite3_column_bytes(st, 2);
            sink += (uint64_t)sqlite3_column_int64(st, 3);
            sink += (name ? name[0] : 0u) + (price ? price[0] : 0u);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            j->errors++;
            report(j->index, "step", sqlite3_errmsg(db));
            break;
        }
        if (rows != 1) {
            char what[64];
            snprintf(what, sizeof(what), "id %ld: %d rows", id, rows);
            j->errors++;
            report(j->index, what, NULL);
        } else {
            j->lookups++;
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (sink == 42) /* keep the reads */
        fputc('\n', stderr);
    return NULL;
}

/* ---- main ------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr, "usage: pklookup [-c threads] [-T seconds] [-n rows] [-s seed] --pg CONNINFO | --sqlite FILE\n");
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
        } else if (!strcmp(a, "-n") && v) {
            nrows = atol(v);
        } else if (!strcmp(a, "-s") && v) {
            seed = (unsigned)strtoul(v, NULL, 10);
        } else {
            usage();
            return 2;
        }
        i++;
    }
    if (!target || nthreads < 1 || secs <= 0 || nrows < 1) {
        usage();
        return 2;
    }
    if (!use_pg && !sqlite3_threadsafe()) {
        fprintf(stderr, "pklookup: libsqlite3 was built without thread support\n");
        return 2;
    }

    job *jobs = calloc((size_t)nthreads, sizeof(job));
    if (!jobs)
        return 2;
    pthread_barrier_init(&start_barrier, NULL, (unsigned)nthreads + 1);
    for (int t = 0; t < nthreads; t++) {
        jobs[t].index = t;
        if (pthread_create(&jobs[t].tid, NULL, use_pg ? pg_thread : sqlite_thread, &jobs[t]) != 0) {
            fprintf(stderr, "pklookup: pthread_create failed\n");
            return 2;
        }
    }
    pthread_barrier_wait(&start_barrier);
    double t0 = now_s(), cpu0 = cpu_s();
    end_time = t0 + secs;
    pthread_barrier_wait(&start_barrier);

    long lookups = 0, errors = 0;
    size_t nlat = 0;
    int ready = 0;
    for (int t = 0; t < nthreads; t++) {
        pthread_join(jobs[t].tid, NULL);
        lookups += jobs[t].lookups;
        errors += jobs[t].errors;
        nlat += jobs[t].nlat;
        ready += jobs[t].ready;
    }
    double elapsed = now_s() - t0, cpu = cpu_s() - cpu0;

    printf("mode=%s threads=%d ready=%d secs=%.2f lookups=%ld errors=%ld rate=%.0f cpu_s=%.2f", use_pg ? "pg" : "sqlite",
           nthreads, ready, elapsed, lookups, errors, (double)lookups / elapsed, cpu);
    if (use_pg) {
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
    }
    printf("\n");
    fflush(stdout);
    for (int t = 0; t < nthreads; t++)
        free(jobs[t].lat_ms);
    free(jobs);
    pthread_barrier_destroy(&start_barrier);
    return (ready == nthreads && lookups > 0 && errors == 0) ? 0 : 1;
}
