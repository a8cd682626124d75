/*
 * tests/unit/test_sqlite.c - drivers/sqlite.c: the SQLite backend through drv_sqlite_ops.
 *
 * Every test runs a real libevent loop on the test's thread and a real
 * SQLite file in a fresh temporary directory. Each call is checked for the
 * driver's two promises about completions: they run on the loop thread, and
 * never before the call that started them has returned (the helpers set
 * `returned` right after the call and the callback records whether it was).
 * Values go in as parameters of every type and come back through
 * result_types, and must be exactly equal (bit-equal for floats, so -0.0
 * and NaN count). Errors are checked by SQLSTATE and by PostgreSQL's words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <ftw.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "drivers/driver.h"

#define USECS_PER_DAY_TEST INT64_C(86400000000)

static const drv_ops *ops = &drv_sqlite_ops;
static struct event_base *base;
static pthread_t loop_thread;
static char tmpdir[64];
static char dsn[128];
static int completions; /* completion counter, for ordering */

/* ---------- the loop and calls ---------- */

typedef struct call {
    bool returned; /* the initiating call has returned */
    bool done;
    bool early;        /* ran before the call returned */
    bool wrong_thread; /* ran off the loop thread */
    int seq;           /* order among all completions */
    drv_conn *conn;
    drv_result *res;
    og_error err;
} call;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void copy_error(og_error *dst, const og_error *src)
{
    memcpy(dst->code, src->code, sizeof(dst->code));
    dst->severity = src->severity;
    dst->message = dup_or_null(src->message);
    dst->detail = dup_or_null(src->detail);
    dst->hint = dup_or_null(src->hint);
    dst->constraint = dup_or_null(src->constraint);
    dst->table = dup_or_null(src->table);
    dst->column = dup_or_null(src->column);
    dst->position = src->position;
}

static void note(call *c)
{
    c->done = true;
    c->early = !c->returned;
    c->wrong_thread = !pthread_equal(pthread_self(), loop_thread);
    c->seq = ++completions;
}

static void on_done(void *ctx, drv_result *res, const og_error *err)
{
    call *c = ctx;
    note(c);
    c->res = res;
    if (err)
        copy_error(&c->err, err);
}

static void on_lease(void *ctx, drv_conn *conn, const og_error *err)
{
    call *c = ctx;
    note(c);
    c->conn = conn;
    if (err)
        copy_error(&c->err, err);
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run the loop until every call in cs[0..n) is done (30 s at most). */
static void run_until_all(call **cs, int n)
{
    struct event *tick = event_new(base, -1, EV_PERSIST, tick_cb, NULL);
    struct timeval tv = {0, 10000};
    event_add(tick, &tv);
    double start = now_s();
    for (;;) {
        int k = 0;
        while (k < n && cs[k]->done)
            k++;
        if (k == n)
            break;
        assert_true(now_s() - start < 30);
        event_base_loop(base, EVLOOP_ONCE);
    }
    event_free(tick);
    for (int k = 0; k < n; k++) {
        assert_false(cs[k]->early);
        assert_false(cs[k]->wrong_thread);
    }
}

static void run_until(call *c)
{
    run_until_all(&c, 1);
}

/* Run the loop for a while (to let anything that should not happen, happen). */
static void run_for(double secs)
{
    struct event *tick = event_new(base, -1, EV_PERSIST, tick_cb, NULL);
    struct timeval tv = {0, 10000};
    event_add(tick, &tv);
    double start = now_s();
    while (now_s() - start < secs)
        event_base_loop(base, EVLOOP_ONCE);
    event_free(tick);
}

/* The backend of database db is gone: its last connection closed the file,
 * which removes the WAL file. */
static void wait_closed(const char *db)
{
    char wal[192];
    snprintf(wal, sizeof(wal), "%s/data/%s.sqlite3-wal", tmpdir, db);
    double start = now_s();
    while (access(wal, F_OK) == 0) {
        assert_true(now_s() - start < 30);
        run_for(0.01);
    }
}

static void call_clear(call *c)
{
    drv_result_free(c->res);
    og_error_clear(&c->err);
    memset(c, 0, sizeof(*c));
}

/* ---------- helpers ---------- */

static drv_backend *open_pool(const char *db, int pool_size)
{
    drv_config cfg = {.database = db, .dsn = dsn, .pool_size = pool_size};
    og_error err = OG_ERROR_INIT;
    drv_backend *b = ops->open(&cfg, base, &err);
    if (!b)
        fail_msg("open: %s %s", err.code, err.message);
    assert_false(og_error_isset(&err));
    return b;
}

static drv_conn *lease(drv_backend *b)
{
    call c = {0};
    ops->lease(b, on_lease, &c);
    c.returned = true;
    assert_false(c.done);
    run_until(&c);
    if (og_error_isset(&c.err))
        fail_msg("lease: %s %s", c.err.code, c.err.message);
    assert_non_null(c.conn);
    return c.conn;
}

/* Run a statement; on failure *err gets the error (when err is given) and NULL is returned. */
static drv_result *exec_full(drv_conn *conn, const char *sql, const og_value *params, int nparams,
                             const uint32_t *types, int ntypes, og_error *err)
{
    call c = {0};
    drv_stmt st = {.sql = sql,
                   .params = params,
                   .nparams = (uint16_t)nparams,
                   .result_types = types,
                   .nresult_types = (uint16_t)ntypes};
    ops->exec(conn, &st, on_done, &c);
    c.returned = true;
    assert_false(c.done);
    run_until(&c);
    if (og_error_isset(&c.err)) {
        assert_null(c.res);
        if (!err)
            fail_msg("exec \"%s\": %s %s (%s)", sql, c.err.code, c.err.message, c.err.detail ? c.err.detail : "");
        og_error_move(err, &c.err);
        return NULL;
    }
    assert_non_null(c.res);
    return c.res;
}

static drv_result *exec_ok(drv_conn *conn, const char *sql)
{
    return exec_full(conn, sql, NULL, 0, NULL, 0, NULL);
}

static void exec_do(drv_conn *conn, const char *sql)
{
    drv_result_free(exec_ok(conn, sql));
}

/* Expect an error with this SQLSTATE; the caller checks and clears err. */
static void exec_err(drv_conn *conn, const char *sql, const og_value *params, int nparams, const char *code,
                     og_error *err)
{
    drv_result *r = exec_full(conn, sql, params, nparams, NULL, 0, err);
    drv_result_free(r);
    assert_null(r);
    if (strcmp(err->code, code) != 0)
        fail_msg("\"%s\": wanted %s, got %s %s", sql, code, err->code, err->message);
    assert_string_equal(err->severity, "ERROR");
}

typedef enum { TX_BEGIN, TX_COMMIT, TX_ROLLBACK } tx_op;

static void tx(drv_conn *conn, tx_op op, og_error *err)
{
    call c = {0};
    if (op == TX_BEGIN)
        ops->begin(conn, on_done, &c);
    else if (op == TX_COMMIT)
        ops->commit(conn, on_done, &c);
    else
        ops->rollback(conn, on_done, &c);
    c.returned = true;
    run_until(&c);
    assert_null(c.res);
    if (og_error_isset(&c.err)) {
        if (!err)
            fail_msg("tx %d: %s %s", op, c.err.code, c.err.message);
        og_error_move(err, &c.err);
    }
}

static int64_t count_rows(drv_conn *conn, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    uint32_t t = OG_OID_INT8;
    drv_result *r = exec_full(conn, sql, NULL, 0, &t, 1, NULL);
    assert_int_equal(r->nrows, 1);
    int64_t n = r->rows[0][0].u.i;
    drv_result_free(r);
    return n;
}

/* ---------- values ---------- */

static og_value v_null(uint32_t oid)
{
    return og_value_null(oid);
}

static og_value v_int(uint32_t oid, int64_t i)
{
    og_value v = {.oid = oid};
    v.u.i = i;
    return v;
}

static og_value v_bool(bool b)
{
    og_value v = {.oid = OG_OID_BOOL};
    v.u.b = b;
    return v;
}

static og_value v_float(uint32_t oid, double f)
{
    og_value v = {.oid = oid};
    v.u.f = f;
    return v;
}

static og_value v_bytes(uint32_t oid, const char *p, size_t n)
{
    og_value v = {.oid = oid};
    v.u.str.p = p;
    v.u.str.len = n;
    return v;
}

static og_value v_str(uint32_t oid, const char *s)
{
    return v_bytes(oid, s, strlen(s));
}

static og_value v_uuid(const char *hex32)
{
    og_value v = {.oid = OG_OID_UUID};
    for (int k = 0; k < 16; k++) {
        unsigned x;
        sscanf(hex32 + 2 * k, "%2x", &x);
        v.u.uuid[k] = (uint8_t)x;
    }
    return v;
}

static og_value v_interval(int32_t months, int32_t days, int64_t usec)
{
    og_value v = {.oid = OG_OID_INTERVAL};
    v.u.iv = (og_interval){.usec = usec, .days = days, .months = months};
    return v;
}

static og_value v_array(uint32_t oid, og_value *elems, uint32_t n, int32_t lbound)
{
    og_value v = {.oid = oid};
    v.u.arr = (og_array){.elem_oid = og_type_array_elem(oid), .n = n, .lbound = lbound, .elems = elems};
    return v;
}

static void assert_value_equal(const og_value *want, const og_value *got, const char *what)
{
    if (want->oid != got->oid)
        fail_msg("%s: oid %u, wanted %u", what, got->oid, want->oid);
    if (want->isnull != got->isnull)
        fail_msg("%s: isnull %d, wanted %d", what, got->isnull, want->isnull);
    if (want->isnull)
        return;
    if (og_type_array_elem(want->oid)) {
        if (want->u.arr.n != got->u.arr.n || want->u.arr.elem_oid != got->u.arr.elem_oid)
            fail_msg("%s: array of %u %u, wanted %u %u", what, got->u.arr.n, got->u.arr.elem_oid, want->u.arr.n,
                     want->u.arr.elem_oid);
        if (want->u.arr.n && want->u.arr.lbound != got->u.arr.lbound)
            fail_msg("%s: lbound %d, wanted %d", what, got->u.arr.lbound, want->u.arr.lbound);
        for (uint32_t k = 0; k < want->u.arr.n; k++)
            assert_value_equal(&want->u.arr.elems[k], &got->u.arr.elems[k], what);
        return;
    }
    switch (want->oid) {
    case OG_OID_BOOL:
        if (want->u.b != got->u.b)
            fail_msg("%s: bool %d", what, got->u.b);
        break;
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        if (memcmp(&want->u.f, &got->u.f, sizeof(double)) != 0 && !(isnan(want->u.f) && isnan(got->u.f)))
            fail_msg("%s: float %.17g, wanted %.17g", what, got->u.f, want->u.f);
        break;
    case OG_OID_UUID:
        if (memcmp(want->u.uuid, got->u.uuid, 16) != 0)
            fail_msg("%s: uuid differs", what);
        break;
    case OG_OID_INTERVAL:
        if (want->u.iv.months != got->u.iv.months || want->u.iv.days != got->u.iv.days ||
            want->u.iv.usec != got->u.iv.usec)
            fail_msg("%s: interval %d %d %lld", what, got->u.iv.months, got->u.iv.days, (long long)got->u.iv.usec);
        break;
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        if (want->u.i != got->u.i)
            fail_msg("%s: %lld, wanted %lld", what, (long long)got->u.i, (long long)want->u.i);
        break;
    default:
        if (want->u.str.len != got->u.str.len || memcmp(want->u.str.p, got->u.str.p, want->u.str.len) != 0)
            fail_msg("%s: \"%.*s\", wanted \"%.*s\"", what, (int)got->u.str.len, got->u.str.p, (int)want->u.str.len,
                     want->u.str.p);
    }
}

/* One value as SQLite stores it: typeof() and quote(). */
static void assert_stored(drv_conn *conn, const char *sql, const char *type, const char *quoted)
{
    drv_result *r = exec_ok(conn, sql);
    assert_int_equal(r->nrows, 1);
    assert_int_equal(r->ncols, 2);
    og_value *v = r->rows[0];
    if (strlen(type) != v[0].u.str.len || memcmp(type, v[0].u.str.p, v[0].u.str.len) ||
        strlen(quoted) != v[1].u.str.len || memcmp(quoted, v[1].u.str.p, v[1].u.str.len))
        fail_msg("%s: stored %.*s %.*s, wanted %s %s", sql, (int)v[0].u.str.len, v[0].u.str.p, (int)v[1].u.str.len,
                 v[1].u.str.p, type, quoted);
    drv_result_free(r);
}

/* ---------- fixtures ---------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

static int setup(void **state)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/og-sqlite-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(dsn, sizeof(dsn), "%s/data/%%d.sqlite3", tmpdir);
    base = event_base_new();
    loop_thread = pthread_self();
    return base ? 0 : -1;
}

static int teardown_fixture(void **state)
{
    event_base_free(base);
    base = NULL;
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* ---------- tests: open ---------- */

static void test_open_rejects_bad_names(void **state)
{
    const char *bad[] = {"a/b", "..", "x..y", "/abs", ""};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        drv_config cfg = {.database = bad[k], .dsn = dsn, .pool_size = 2};
        og_error err = OG_ERROR_INIT;
        assert_null(ops->open(&cfg, base, &err));
        assert_string_equal(err.code, "3D000");
        assert_non_null(strstr(err.message, "does not exist"));
        assert_non_null(err.detail);
        og_error_clear(&err);
    }
    drv_config nodb = {.database = NULL, .dsn = dsn, .pool_size = 2};
    og_error err = OG_ERROR_INIT;
    assert_null(ops->open(&nodb, base, &err));
    assert_string_equal(err.code, "3D000");
    og_error_clear(&err);

    drv_config nodsn = {.database = "x", .dsn = NULL, .pool_size = 2};
    assert_null(ops->open(&nodsn, base, &err));
    assert_string_equal(err.code, "22023");
    og_error_clear(&err);

    drv_config nopool = {.database = "x", .dsn = dsn, .pool_size = 0};
    assert_null(ops->open(&nopool, base, &err));
    assert_string_equal(err.code, "22023");
    og_error_clear(&err);
    assert_null(ops->open(NULL, base, &err));
    og_error_clear(&err);
}

static void test_open_creates_directories_and_file(void **state)
{
    char deep[192], file[192];
    snprintf(deep, sizeof(deep), "%s/one/two/%%d-%%%%.db", tmpdir);
    drv_config cfg = {.database = "shop", .dsn = deep, .pool_size = 1};
    og_error err = OG_ERROR_INIT;
    drv_backend *b = ops->open(&cfg, base, &err);
    assert_non_null(b);
    snprintf(file, sizeof(file), "%s/one/two", tmpdir);
    struct stat sb;
    assert_int_equal(stat(file, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    drv_conn *c = lease(b);
    /* the file exists and is in WAL mode with foreign keys on */
    drv_result *r = exec_ok(c, "PRAGMA journal_mode");
    assert_memory_equal(r->rows[0][0].u.str.p, "wal", 3);
    drv_result_free(r);
    uint32_t t = OG_OID_INT8;
    r = exec_full(c, "PRAGMA foreign_keys", NULL, 0, &t, 1, NULL);
    assert_int_equal(r->rows[0][0].u.i, 1);
    drv_result_free(r);
    r = exec_full(c, "PRAGMA synchronous", NULL, 0, &t, 1, NULL);
    assert_int_equal(r->rows[0][0].u.i, 1); /* NORMAL */
    drv_result_free(r);
    ops->release(c);
    ops->close(b);
    snprintf(file, sizeof(file), "%s/one/two/shop-%%.db", tmpdir);
    assert_int_equal(stat(file, &sb), 0);
}

static void test_open_failure_reaches_lease(void **state)
{
    /* the "file" is a directory: SQLite cannot open it */
    char path[192];
    snprintf(path, sizeof(path), "%s/isadir", tmpdir);
    assert_int_equal(mkdir(path, 0700), 0);
    drv_config cfg = {.database = "x", .dsn = path, .pool_size = 2};
    og_error err = OG_ERROR_INIT;
    drv_backend *b = ops->open(&cfg, base, &err);
    assert_non_null(b);
    call c1 = {0}, c2 = {0};
    ops->lease(b, on_lease, &c1);
    ops->lease(b, on_lease, &c2);
    c1.returned = c2.returned = true;
    call *both[] = {&c1, &c2};
    run_until_all(both, 2);
    assert_null(c1.conn);
    assert_null(c2.conn);
    assert_string_equal(c1.err.code, "58030");
    assert_string_equal(c2.err.code, "58030");
    assert_non_null(strstr(c1.err.message, "isadir"));
    call_clear(&c1);
    call_clear(&c2);
    ops->close(b);
}

/* ---------- tests: values ---------- */

#define NCOLS 26

/* Declared types as docs/sqlite.md recommends them. */
static const char *create_all =
    "CREATE TABLE vals (id INTEGER PRIMARY KEY, b BOOLEAN, i2 INT2, i4 INT4, i8 INT8, f4 FLOAT4 BLOB, f8 FLOAT8 BLOB, "
    "num NUMERIC TEXT, t TEXT, vc VARCHAR(10), bp CHAR(3), js JSON TEXT, jb JSONB TEXT, by BYTEA, u UUID, d DATE, "
    "tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL, ai INT4[], at TEXT[], af FLOAT8[], an NUMERIC[], "
    "au UUID[], ab BYTEA[])";

static const uint32_t all_types[NCOLS] = {
    OG_OID_INT8,        OG_OID_BOOL,       OG_OID_INT2,         OG_OID_INT4,          OG_OID_INT8,
    OG_OID_FLOAT4,      OG_OID_FLOAT8,     OG_OID_NUMERIC,      OG_OID_TEXT,          OG_OID_VARCHAR,
    OG_OID_BPCHAR,      OG_OID_JSON,       OG_OID_JSONB,        OG_OID_BYTEA,         OG_OID_UUID,
    OG_OID_DATE,        OG_OID_TIME,       OG_OID_TIMESTAMP,    OG_OID_TIMESTAMPTZ,   OG_OID_INTERVAL,
    OG_OID_INT4_ARRAY,  OG_OID_TEXT_ARRAY, OG_OID_FLOAT8_ARRAY, OG_OID_NUMERIC_ARRAY, OG_OID_UUID_ARRAY,
    OG_OID_BYTEA_ARRAY,
};

static const char *insert_all = "INSERT INTO vals VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                                "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)";

static void roundtrip_rows(drv_conn *c, og_value rows[][NCOLS], int nrows)
{
    exec_do(c, create_all);
    for (int k = 0; k < nrows; k++) {
        drv_result *r = exec_full(c, insert_all, rows[k], NCOLS, NULL, 0, NULL);
        assert_int_equal(r->affected, 1);
        assert_int_equal(r->ncols, 0);
        drv_result_free(r);
    }
    /* with result_types, and without (the declared types must give the same) */
    for (int pass = 0; pass < 2; pass++) {
        drv_result *r =
            exec_full(c, "SELECT * FROM vals ORDER BY id", NULL, 0, pass ? NULL : all_types, pass ? 0 : NCOLS, NULL);
        assert_int_equal(r->nrows, nrows);
        assert_int_equal(r->ncols, NCOLS);
        assert_string_equal(r->cols[1].name, "b");
        for (int i = 0; i < NCOLS; i++)
            assert_int_equal(r->cols[i].type_oid, all_types[i]);
        for (int k = 0; k < nrows; k++)
            for (int i = 0; i < NCOLS; i++) {
                char what[64];
                snprintf(what, sizeof(what), "row %d column %s (pass %d)", k, r->cols[i].name, pass);
                assert_value_equal(&rows[k][i], &r->rows[k][i], what);
            }
        drv_result_free(r);
    }
}

static void test_roundtrip_every_type(void **state)
{
    drv_backend *b = open_pool("types", 2);
    drv_conn *c = lease(b);
    static const char nul_bytes[] = {'a', 0, 'b', 0, (char)0xff};
    og_value ai1[] = {v_int(OG_OID_INT4, INT32_MIN), v_null(OG_OID_INT4), v_int(OG_OID_INT4, INT32_MAX)};
    og_value at1[] = {v_str(OG_OID_TEXT, "a \"quoted\", \\ back\nslash"), v_str(OG_OID_TEXT, ""), v_null(OG_OID_TEXT),
                      v_str(OG_OID_TEXT, "null"), v_str(OG_OID_TEXT, "h\xc3\xa9 \x01")};
    og_value af1[] = {v_float(OG_OID_FLOAT8, -0.0),      v_float(OG_OID_FLOAT8, NAN), v_float(OG_OID_FLOAT8, INFINITY),
                      v_float(OG_OID_FLOAT8, -INFINITY), v_float(OG_OID_FLOAT8, 0.1), v_float(OG_OID_FLOAT8, 1e300),
                      v_float(OG_OID_FLOAT8, 5e-324)};
    og_value an1[] = {v_str(OG_OID_NUMERIC, "12.50"), v_str(OG_OID_NUMERIC, "-0.000001"), v_str(OG_OID_NUMERIC, "NaN"),
                      v_str(OG_OID_NUMERIC, "123456789012345678901234567890")};
    og_value au1[] = {v_uuid("00000000000000000000000000000000"), v_uuid("ffffffffffffffffffffffffffffffff")};
    og_value ab1[] = {v_bytes(OG_OID_BYTEA, nul_bytes, sizeof(nul_bytes)), v_bytes(OG_OID_BYTEA, "", 0)};
    og_value ai3[] = {v_int(OG_OID_INT4, 7)};

    og_value rows[][NCOLS] = {
        {
            v_int(OG_OID_INT8, 1),
            v_bool(true),
            v_int(OG_OID_INT2, INT16_MIN),
            v_int(OG_OID_INT4, INT32_MAX),
            v_int(OG_OID_INT8, INT64_MIN),
            v_float(OG_OID_FLOAT4, (double)-0.0f),
            v_float(OG_OID_FLOAT8, -0.0),
            v_str(OG_OID_NUMERIC, "12345678901234567890.123456789000"),
            v_str(OG_OID_TEXT, "h\xc3\xa9llo, w\xc3\xb6rld \xf0\x9f\x98\x80"),
            v_str(OG_OID_VARCHAR, "0123456789"),
            v_str(OG_OID_BPCHAR, "ab "),
            v_str(OG_OID_JSON, "{ \"b\" : 1,  \"a\" : [1.50, 2e3] }"),
            v_str(OG_OID_JSONB, "1.50"),
            v_bytes(OG_OID_BYTEA, nul_bytes, sizeof(nul_bytes)),
            v_uuid("a0eebc999c0b4ef8bb6d6bb9bd380a11"),
            v_int(OG_OID_DATE, -730119), /* 0001-01-01 */
            v_int(OG_OID_TIME, USECS_PER_DAY_TEST),
            v_int(OG_OID_TIMESTAMP, INT64_MAX), /* infinity */
            v_int(OG_OID_TIMESTAMPTZ, 1234567890123456),
            v_interval(14, -3, -((int64_t)4 * 3600000000 + 5 * 60000000 + 6500000)),
            v_array(OG_OID_INT4_ARRAY, ai1, 3, 1),
            v_array(OG_OID_TEXT_ARRAY, at1, 5, 1),
            v_array(OG_OID_FLOAT8_ARRAY, af1, 7, 1),
            v_array(OG_OID_NUMERIC_ARRAY, an1, 4, 1),
            v_array(OG_OID_UUID_ARRAY, au1, 2, 1),
            v_array(OG_OID_BYTEA_ARRAY, ab1, 2, 1),
        },
        {
            v_int(OG_OID_INT8, 2),
            v_bool(false),
            v_int(OG_OID_INT2, INT16_MAX),
            v_int(OG_OID_INT4, INT32_MIN),
            v_int(OG_OID_INT8, INT64_MAX),
            v_float(OG_OID_FLOAT4, (double)3.40282347e38f),
            v_float(OG_OID_FLOAT8, NAN),
            v_str(OG_OID_NUMERIC, "-0.5"),
            v_str(OG_OID_TEXT, ""), /* empty, not NULL */
            v_str(OG_OID_VARCHAR, ""),
            v_str(OG_OID_BPCHAR, "   "),
            v_str(OG_OID_JSON, "123"), /* numeric-looking text stays text */
            v_str(OG_OID_JSONB, "\"x\""),
            v_bytes(OG_OID_BYTEA, "", 0), /* empty, not NULL */
            v_uuid("ffffffffffffffffffffffffffffffff"),
            v_int(OG_OID_DATE, INT32_MIN), /* -infinity */
            v_int(OG_OID_TIME, 0),
            v_int(OG_OID_TIMESTAMP, INT64_MIN),
            v_int(OG_OID_TIMESTAMPTZ, -1),
            v_interval(INT32_MIN, INT32_MAX, INT64_MIN),
            v_array(OG_OID_INT4_ARRAY, NULL, 0, 1), /* empty */
            v_array(OG_OID_TEXT_ARRAY, NULL, 0, 1),
            v_array(OG_OID_FLOAT8_ARRAY, NULL, 0, 1),
            v_array(OG_OID_NUMERIC_ARRAY, NULL, 0, 1),
            v_array(OG_OID_UUID_ARRAY, NULL, 0, 1),
            v_array(OG_OID_BYTEA_ARRAY, NULL, 0, 1),
        },
        {
            v_int(OG_OID_INT8, 3),
            v_null(OG_OID_BOOL),
            v_null(OG_OID_INT2),
            v_null(OG_OID_INT4),
            v_null(OG_OID_INT8),
            v_float(OG_OID_FLOAT4, INFINITY),
            v_float(OG_OID_FLOAT8, -INFINITY),
            v_str(OG_OID_NUMERIC, "Infinity"),
            v_null(OG_OID_TEXT),
            v_null(OG_OID_VARCHAR),
            v_null(OG_OID_BPCHAR),
            v_null(OG_OID_JSON),
            v_null(OG_OID_JSONB),
            v_null(OG_OID_BYTEA),
            v_null(OG_OID_UUID),
            v_int(OG_OID_DATE, 0), /* 2000-01-01 */
            v_null(OG_OID_TIME),
            v_null(OG_OID_TIMESTAMP),
            v_int(OG_OID_TIMESTAMPTZ, INT64_MAX),
            v_interval(0, 0, 0),
            v_array(OG_OID_INT4_ARRAY, ai3, 1, 0), /* lower bound 0 */
            v_null(OG_OID_TEXT_ARRAY),
            v_null(OG_OID_FLOAT8_ARRAY),
            v_null(OG_OID_NUMERIC_ARRAY),
            v_null(OG_OID_UUID_ARRAY),
            v_null(OG_OID_BYTEA_ARRAY),
        },
        {
            v_int(OG_OID_INT8, 4),
            v_bool(true),
            v_int(OG_OID_INT2, 0),
            v_int(OG_OID_INT4, -1),
            v_int(OG_OID_INT8, 0),
            v_float(OG_OID_FLOAT4, (double)1.1f), /* float precision */
            v_float(OG_OID_FLOAT8, 5e-324),
            v_str(OG_OID_NUMERIC, "0.00"),
            v_str(OG_OID_TEXT, "NaN"),
            v_str(OG_OID_VARCHAR, "12"),
            v_str(OG_OID_BPCHAR, "1.0"),
            v_str(OG_OID_JSON, "null"),
            v_str(OG_OID_JSONB, "[]"),
            v_bytes(OG_OID_BYTEA, "\0", 1),
            v_uuid("00000000000000000000000000000001"),
            v_int(OG_OID_DATE, INT32_MAX),
            v_int(OG_OID_TIME, 1),
            v_int(OG_OID_TIMESTAMP, 0),
            v_int(OG_OID_TIMESTAMPTZ, INT64_MIN),
            v_interval(-1, 0, 1),
            v_array(OG_OID_INT4_ARRAY, ai1, 3, -5),
            v_array(OG_OID_TEXT_ARRAY, at1, 1, 1),
            v_array(OG_OID_FLOAT8_ARRAY, af1 + 4, 3, 1),
            v_array(OG_OID_NUMERIC_ARRAY, an1, 1, 1),
            v_array(OG_OID_UUID_ARRAY, au1, 1, 1),
            v_array(OG_OID_BYTEA_ARRAY, ab1 + 1, 1, 1),
        },
    };
    roundtrip_rows(c, rows, 4);
    ops->release(c);
    ops->close(b);
}

/* The storage encoding itself, as docs/sqlite.md states it. */
static void test_storage_encoding(void **state)
{
    drv_backend *b = open_pool("encoding", 1);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE e (k INTEGER PRIMARY KEY, v)"); /* no affinity: what we bind is what is stored */
    static const struct {
        og_value v;
        const char *type, *quoted;
    } cases[] = {
        {{.oid = OG_OID_BOOL, .u.b = true}, "integer", "1"},
        {{.oid = OG_OID_BOOL, .u.b = false}, "integer", "0"},
        {{.oid = OG_OID_INT2, .u.i = -5}, "integer", "-5"},
        {{.oid = OG_OID_FLOAT8, .u.f = 1.5}, "real", "1.5"},
        {{.oid = OG_OID_FLOAT8, .u.f = NAN}, "text", "'NaN'"},
        {{.oid = OG_OID_FLOAT8, .u.f = INFINITY}, "real", "Inf"},
        {{.oid = OG_OID_NUMERIC, .u.str = {"1.50", 4}}, "text", "'1.50'"},
        {{.oid = OG_OID_BYTEA, .u.str = {"\x01\x00", 2}}, "blob", "X'0100'"},
        {{.oid = OG_OID_BYTEA, .u.str = {NULL, 0}}, "blob", "X''"},
        {{.oid = OG_OID_TEXT, .u.str = {NULL, 0}}, "text", "''"},
        {{.oid = OG_OID_UUID,
          .u.uuid = {0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}},
         "blob",
         "X'A0EEBC999C0B4EF8BB6D6BB9BD380A11'"},
        {{.oid = OG_OID_DATE, .u.i = 8766}, "integer", "8766"},
        {{.oid = OG_OID_TIMESTAMPTZ, .u.i = 1}, "integer", "1"},
        {{.oid = OG_OID_INTERVAL, .u.iv = {.months = 14, .days = 3, .usec = 14706500000}},
         "text",
         "'P1Y2M3DT4H5M6.5S'"},
        {{.oid = OG_OID_INTERVAL, .u.iv = {.months = -1, .days = 0, .usec = -1}}, "text", "'P-1MT-0.000001S'"},
        {{.oid = OG_OID_INTERVAL, .u.iv = {0}}, "text", "'PT0S'"},
        {{.oid = OG_OID_TEXT, .isnull = true}, "null", "NULL"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        og_value p[2] = {v_int(OG_OID_INT8, (int64_t)k), cases[k].v};
        drv_result_free(exec_full(c, "INSERT INTO e VALUES (?1, ?2)", p, 2, NULL, 0, NULL));
        char sql[96];
        snprintf(sql, sizeof(sql), "SELECT typeof(v), quote(v) FROM e WHERE k = %zu", k);
        assert_stored(c, sql, cases[k].type, cases[k].quoted);
    }
    /* arrays are JSON */
    og_value el[] = {v_int(OG_OID_INT8, 1), v_null(OG_OID_INT8), v_int(OG_OID_INT8, -2)};
    og_value fl[] = {v_float(OG_OID_FLOAT8, 0.5), v_float(OG_OID_FLOAT8, NAN), v_float(OG_OID_FLOAT8, -INFINITY)};
    og_value tx[] = {v_str(OG_OID_TEXT, "a\"b"), v_str(OG_OID_TEXT, "\t")};
    og_value bx[] = {v_bytes(OG_OID_BYTEA, "\x00\xff", 2)};
    og_value ivs[] = {v_interval(0, 1, 0)};
    og_value p[][2] = {
        {v_int(OG_OID_INT8, 100), v_array(OG_OID_INT8_ARRAY, el, 3, 1)},
        {v_int(OG_OID_INT8, 101), v_array(OG_OID_FLOAT8_ARRAY, fl, 3, 1)},
        {v_int(OG_OID_INT8, 102), v_array(OG_OID_TEXT_ARRAY, tx, 2, 1)},
        {v_int(OG_OID_INT8, 103), v_array(OG_OID_BYTEA_ARRAY, bx, 1, 1)},
        {v_int(OG_OID_INT8, 104), v_array(OG_OID_INTERVAL_ARRAY, ivs, 1, 0)},
    };
    const char *want[] = {"'[1,null,-2]'", "'[0.5,\"NaN\",\"-Infinity\"]'", "'[\"a\\\"b\",\"\\t\"]'", "'[\"00ff\"]'",
                          "'{\"lbound\":0,\"elems\":[\"P1D\"]}'"};
    for (int k = 0; k < 5; k++) {
        drv_result_free(exec_full(c, "INSERT INTO e VALUES (?, ?)", p[k], 2, NULL, 0, NULL));
        char sql[96];
        snprintf(sql, sizeof(sql), "SELECT typeof(v), quote(v) FROM e WHERE k = %d", 100 + k);
        assert_stored(c, sql, "text", want[k]);
    }
    /* SQLite's JSON functions read them */
    uint32_t t = OG_OID_INT8;
    drv_result *r = exec_full(c, "SELECT json_array_length(v) FROM e WHERE k = 100", NULL, 0, &t, 1, NULL);
    assert_int_equal(r->rows[0][0].u.i, 3);
    drv_result_free(r);
    ops->release(c);
    ops->close(b);
}

/* Values another program (or SQLite itself) stored: text dates, text uuids, numbers as text... */
static void test_read_foreign_representations(void **state)
{
    drv_backend *b = open_pool("foreign", 1);
    drv_conn *c = lease(b);
    static const struct {
        const char *expr;
        og_value want;
    } cases[] = {
        {"'2024-02-29 13:14:15'", {.oid = OG_OID_TIMESTAMP, .u.i = INT64_C(762527655000000)}},
        {"'2024-02-29T13:14:15.5+02:00'", {.oid = OG_OID_TIMESTAMPTZ, .u.i = INT64_C(762520455500000)}},
        {"'2024-02-29 13:14:15.123456Z'", {.oid = OG_OID_TIMESTAMPTZ, .u.i = INT64_C(762527655123456)}},
        {"'2024-02-29 13:14:15+05'", {.oid = OG_OID_TIMESTAMP, .u.i = INT64_C(762527655000000)}},
        {"'1999-12-31'", {.oid = OG_OID_TIMESTAMP, .u.i = -INT64_C(86400000000)}},
        {"'infinity'", {.oid = OG_OID_TIMESTAMPTZ, .u.i = INT64_MAX}},
        {"'2000-01-02'", {.oid = OG_OID_DATE, .u.i = 1}},
        {"'1999-12-31 23:00'", {.oid = OG_OID_DATE, .u.i = -1}},
        {"'-infinity'", {.oid = OG_OID_DATE, .u.i = INT32_MIN}},
        {"'13:14:15.25'", {.oid = OG_OID_TIME, .u.i = INT64_C(47655250000)}},
        {"'24:00:00'", {.oid = OG_OID_TIME, .u.i = INT64_C(86400000000)}},
        {"'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
         {.oid = OG_OID_UUID,
          .u.uuid = {0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}}},
        {"'true'", {.oid = OG_OID_BOOL, .u.b = true}},
        {"' off '", {.oid = OG_OID_BOOL, .u.b = false}},
        {"2", {.oid = OG_OID_BOOL, .u.b = true}},
        {"' 42 '", {.oid = OG_OID_INT4, .u.i = 42}},
        {"2.5", {.oid = OG_OID_INT4, .u.i = 2}}, /* rounds half to even */
        {"-3.5", {.oid = OG_OID_INT8, .u.i = -4}},
        {"'-Infinity'", {.oid = OG_OID_FLOAT8, .u.f = -INFINITY}},
        {"' 1e3 '", {.oid = OG_OID_FLOAT8, .u.f = 1000}},
        {"7", {.oid = OG_OID_FLOAT4, .u.f = 7}},
        {"0.1", {.oid = OG_OID_NUMERIC, .u.str = {"0.1", 3}}},
        {"1e20", {.oid = OG_OID_NUMERIC, .u.str = {"100000000000000000000", 21}}},
        {"'1.50e-3'", {.oid = OG_OID_NUMERIC, .u.str = {"0.00150", 7}}},
        {"'-0.00'", {.oid = OG_OID_NUMERIC, .u.str = {"0.00", 4}}},
        {"' +007.10 '", {.oid = OG_OID_NUMERIC, .u.str = {"7.10", 4}}},
        {"12", {.oid = OG_OID_NUMERIC, .u.str = {"12", 2}}},
        {"0.1", {.oid = OG_OID_TEXT, .u.str = {"0.1", 3}}},
        {"1e100", {.oid = OG_OID_TEXT, .u.str = {"1e+100", 6}}},
        {"100.0", {.oid = OG_OID_TEXT, .u.str = {"100", 3}}},
        {"x'6869'", {.oid = OG_OID_TEXT, .u.str = {"hi", 2}}},
        {"'hi'", {.oid = OG_OID_BYTEA, .u.str = {"hi", 2}}},
        {"3600000000", {.oid = OG_OID_INTERVAL, .u.iv = {.usec = 3600000000}}},
        {"'P1W'", {.oid = OG_OID_INTERVAL, .u.iv = {.days = 7}}},
        {"'PT-9223372036854.775808S'", {.oid = OG_OID_INTERVAL, .u.iv = {.usec = INT64_MIN}}},
        {"NULL", {.oid = OG_OID_UUID, .isnull = true}},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "SELECT %s AS v", cases[k].expr);
        uint32_t t = cases[k].want.oid;
        drv_result *r = exec_full(c, sql, NULL, 0, &t, 1, NULL);
        assert_int_equal(r->nrows, 1);
        assert_int_equal(r->cols[0].type_oid, t);
        assert_value_equal(&cases[k].want, &r->rows[0][0], sql);
        drv_result_free(r);
    }
    /* SQLite's own CURRENT_TIMESTAMP text reads as a timestamp close to now */
    uint32_t t = OG_OID_TIMESTAMPTZ;
    drv_result *r = exec_full(c, "SELECT CURRENT_TIMESTAMP", NULL, 0, &t, 1, NULL);
    int64_t now_pg = ((int64_t)time(NULL) - 946684800) * 1000000;
    assert_true(llabs(r->rows[0][0].u.i - now_pg) < 5 * INT64_C(1000000));
    drv_result_free(r);
    ops->release(c);
    ops->close(b);
}

static void test_conversion_errors(void **state)
{
    drv_backend *b = open_pool("conv", 1);
    drv_conn *c = lease(b);
    static const struct {
        const char *expr;
        uint32_t oid;
        const char *code, *message;
    } cases[] = {
        {"'abc'", OG_OID_INT4, "22P02", "invalid input syntax for type integer: \"abc\""},
        {"'12x'", OG_OID_INT8, "22P02", "invalid input syntax for type bigint: \"12x\""},
        {"70000", OG_OID_INT2, "22003", "smallint out of range"},
        {"3000000000", OG_OID_INT4, "22003", "integer out of range"},
        {"1e19", OG_OID_INT8, "22003", "bigint out of range"},
        {"x'00'", OG_OID_INT4, "42804", "cannot read a SQLite BLOB value as type integer"},
        {"'maybe'", OG_OID_BOOL, "22P02", "invalid input syntax for type boolean: \"maybe\""},
        {"'1e400'", OG_OID_FLOAT8, "22003", "value out of range: overflow"},
        {"1e300", OG_OID_FLOAT4, "22003", "value out of range: overflow"},
        {"'1.2.3'", OG_OID_NUMERIC, "22P02", "invalid input syntax for type numeric: \"1.2.3\""},
        {"'2024-02-30'", OG_OID_DATE, "22P02", "invalid input syntax for type date: \"2024-02-30\""},
        {"'25:00'", OG_OID_TIME, "22P02", "invalid input syntax for type time without time zone: \"25:00\""},
        {"'nope'", OG_OID_UUID, "22P02", "invalid input syntax for type uuid: \"nope\""},
        {"x'0102'", OG_OID_UUID, "42804", "cannot read a SQLite BLOB value as type uuid"},
        {"'1 day'", OG_OID_INTERVAL, "22P02", "invalid input syntax for type interval: \"1 day\""},
        {"'[1,'", OG_OID_INT4_ARRAY, "22P02", "malformed array literal: \"[1,\""},
        {"'[1.5]'", OG_OID_INT4_ARRAY, "22P02", "malformed array literal: \"[1.5]\""},
        {"'[[1]]'", OG_OID_INT4_ARRAY, "22P02", "malformed array literal: \"[[1]]\""},
        {"'[\"a\"]'", OG_OID_INT4_ARRAY, "22P02", "malformed array literal: \"[\"a\"]\""},
        {"'[70000]'", OG_OID_INT2_ARRAY, "22003", "smallint out of range"},
        {"'[1] x'", OG_OID_INT4_ARRAY, "22P02", "malformed array literal: \"[1] x\""},
        {"3", OG_OID_TEXT_ARRAY, "42804", "cannot read a SQLite INTEGER value as type text[]"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "SELECT %s AS v", cases[k].expr);
        og_error err = OG_ERROR_INIT;
        assert_null(exec_full(c, sql, NULL, 0, &cases[k].oid, 1, &err));
        if (!err.message || strcmp(err.code, cases[k].code) || strcmp(err.message, cases[k].message))
            fail_msg("%s: %s %s", sql, err.code, err.message);
        assert_non_null(err.detail);
        assert_non_null(strstr(err.detail, "result column \"v\""));
        og_error_clear(&err);
    }
    /* the connection is fine afterwards */
    assert_int_equal(count_rows(c, "ormgate_sequences"), 0); /* made at open: the only table */
    /* an unsupported parameter type */
    og_value odd = {.oid = 600 /* point */};
    og_error err = OG_ERROR_INIT;
    exec_err(c, "SELECT ?", &odd, 1, "0A000", &err);
    og_error_clear(&err);
    ops->release(c);
    ops->close(b);
}

static void test_inferred_types(void **state)
{
    drv_backend *b = open_pool("infer", 1);
    drv_conn *c = lease(b);
    drv_result *r = exec_ok(c, "SELECT 1 AS i, 1.5 AS f, 'x' AS t, x'00ff' AS b, NULL AS n");
    uint32_t want[] = {OG_OID_INT8, OG_OID_FLOAT8, OG_OID_TEXT, OG_OID_BYTEA, OG_OID_TEXT};
    for (int i = 0; i < 5; i++)
        assert_int_equal(r->cols[i].type_oid, want[i]);
    assert_string_equal(r->cols[0].name, "i");
    assert_int_equal(r->rows[0][0].u.i, 1);
    assert_true(r->rows[0][1].u.f == 1.5);
    assert_int_equal(r->rows[0][3].u.str.len, 2);
    assert_true(r->rows[0][4].isnull);
    assert_int_equal(r->rows[0][4].oid, OG_OID_TEXT);
    drv_result_free(r);

    /* a column typed by its values widens: int8 -> float8, anything -> text; NULLs before take the type */
    r = exec_ok(c, "SELECT NULL UNION ALL SELECT 1 UNION ALL SELECT 2.5");
    assert_int_equal(r->cols[0].type_oid, OG_OID_FLOAT8);
    assert_int_equal(r->rows[0][0].oid, OG_OID_FLOAT8);
    assert_true(r->rows[0][0].isnull);
    assert_true(r->rows[1][0].u.f == 1.0 && r->rows[2][0].u.f == 2.5);
    drv_result_free(r);
    r = exec_ok(c, "SELECT 1 UNION ALL SELECT 2.5 UNION ALL SELECT 'a' UNION ALL SELECT NULL");
    assert_int_equal(r->cols[0].type_oid, OG_OID_TEXT);
    assert_memory_equal(r->rows[0][0].u.str.p, "1", 1);
    assert_memory_equal(r->rows[1][0].u.str.p, "2.5", 3);
    assert_memory_equal(r->rows[2][0].u.str.p, "a", 1);
    assert_int_equal(r->rows[3][0].oid, OG_OID_TEXT);
    drv_result_free(r);

    /* declared types name PostgreSQL types (parameters and affinity words ignored) */
    exec_do(c, "CREATE TABLE d (a INTEGER, b BOOLEAN, c VARCHAR(20), d NUMERIC TEXT, e TIMESTAMP WITH TIME ZONE, "
               "f int4[], g DOUBLE PRECISION, h whatever, i REAL, j SMALLINT, k DATETIME, l DECIMAL(10, 2))");
    exec_do(c, "INSERT INTO d VALUES (1, 1, 'x', '1.50', 0, '[1]', 2.5, 'w', 3.5, 4, '2000-01-01 00:00:01', '1.50')");
    r = exec_ok(c, "SELECT * FROM d");
    uint32_t dwant[] = {OG_OID_INT8,        OG_OID_BOOL,       OG_OID_VARCHAR,   OG_OID_NUMERIC,
                        OG_OID_TIMESTAMPTZ, OG_OID_INT4_ARRAY, OG_OID_FLOAT8,    OG_OID_TEXT,
                        OG_OID_FLOAT8,      OG_OID_INT2,       OG_OID_TIMESTAMP, OG_OID_NUMERIC};
    for (int i = 0; i < 12; i++)
        assert_int_equal(r->cols[i].type_oid, dwant[i]);
    assert_true(r->rows[0][1].u.b);
    assert_int_equal(r->rows[0][3].u.str.len, 4);
    assert_memory_equal(r->rows[0][3].u.str.p, "1.50", 4); /* TEXT affinity keeps the scale */
    assert_int_equal(r->rows[0][5].u.arr.n, 1);
    assert_int_equal(r->rows[0][10].u.i, 1000000);
    assert_int_equal(r->rows[0][11].u.str.len, 3);
    assert_memory_equal(r->rows[0][11].u.str.p, "1.5", 3); /* NUMERIC affinity made it REAL: the scale is gone */
    drv_result_free(r);
    /* an explicit type beats the declared one; extra result types are ignored */
    uint32_t t[] = {OG_OID_TEXT, 0, OG_OID_TEXT, 0, 0, 0, 0, 0, 0, 0, 0, 0, OG_OID_INT4};
    r = exec_full(c, "SELECT * FROM d", NULL, 0, t, 13, NULL);
    assert_int_equal(r->cols[0].type_oid, OG_OID_TEXT);
    assert_int_equal(r->cols[1].type_oid, OG_OID_BOOL);
    assert_memory_equal(r->rows[0][0].u.str.p, "1", 1);
    drv_result_free(r);
    ops->release(c);
    ops->close(b);
}

/* ---------- tests: statements ---------- */

static void test_affected_returning_params(void **state)
{
    drv_backend *b = open_pool("stmts", 1);
    drv_conn *c = lease(b);
    drv_result *r = exec_ok(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INT8)");
    assert_int_equal(r->affected, 0);
    assert_int_equal(r->nrows, 0);
    drv_result_free(r);
    r = exec_ok(c, "INSERT INTO t (name, n) VALUES ('a', 1), ('b', 2), ('c', 3)");
    assert_int_equal(r->affected, 3);
    drv_result_free(r);
    r = exec_ok(c, "UPDATE t SET n = n + 10 WHERE n >= 2");
    assert_int_equal(r->affected, 2);
    drv_result_free(r);
    r = exec_ok(c, "SELECT * FROM t"); /* a SELECT after DML changes nothing */
    assert_int_equal(r->affected, 0);
    assert_int_equal(r->nrows, 3);
    drv_result_free(r);

    /* $n may appear in any order and more than once */
    og_value p[] = {v_str(OG_OID_TEXT, "z"), v_int(OG_OID_INT8, 99)};
    r = exec_full(c, "INSERT INTO t (n, name) VALUES ($2, $1), ($2 + 1, $1 || $1) RETURNING id, name, n", p, 2, NULL, 0,
                  NULL);
    assert_int_equal(r->affected, 2);
    assert_int_equal(r->nrows, 2);
    assert_int_equal(r->ncols, 3);
    assert_int_equal(r->rows[0][0].u.i, 4);
    assert_memory_equal(r->rows[1][1].u.str.p, "zz", 2);
    assert_int_equal(r->rows[1][2].u.i, 100);
    drv_result_free(r);
    /* ?NNN numbering, with a gap */
    og_value q[] = {v_int(OG_OID_INT8, 0), v_int(OG_OID_INT8, 0), v_int(OG_OID_INT8, 3)};
    r = exec_full(c, "SELECT name FROM t WHERE id = ?3", q, 3, NULL, 0, NULL);
    assert_int_equal(r->nrows, 1);
    drv_result_free(r);
    r = exec_ok(c, "DELETE FROM t WHERE id > 3");
    assert_int_equal(r->affected, 2);
    drv_result_free(r);
    r = exec_ok(c, "DELETE FROM t WHERE id > 3");
    assert_int_equal(r->affected, 0);
    drv_result_free(r);

    /* empty statements, trailing semicolons and comments */
    r = exec_ok(c, "  -- nothing\n ");
    assert_int_equal(r->ncols, 0);
    assert_int_equal(r->nrows, 0);
    drv_result_free(r);
    r = exec_ok(c, "SELECT 1; -- done\n");
    assert_int_equal(r->nrows, 1);
    drv_result_free(r);
    og_error err = OG_ERROR_INIT;
    exec_err(c, "SELECT 1; SELECT 2", NULL, 0, "42601", &err);
    assert_string_equal(err.message, "cannot insert multiple commands into a prepared statement");
    og_error_clear(&err);
    exec_err(c, "SELECT $2", p, 1, "42P02", &err);
    assert_string_equal(err.message, "there is no parameter $2");
    og_error_clear(&err);
    exec_err(c, "SELECT :name", p, 1, "42P02", &err);
    og_error_clear(&err);
    exec_err(c, "SELECT ?, ?", p, 1, "42P02", &err);
    og_error_clear(&err);
    ops->release(c);
    ops->close(b);
}

static void test_statement_cache(void **state)
{
    drv_backend *b = open_pool("cache", 1);
    drv_conn *c = lease(b);
    /* more distinct statements than the cache holds, three times over, with parameters */
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < 80; k++) {
            char sql[64];
            snprintf(sql, sizeof(sql), "SELECT %d + ?1 AS v", k);
            og_value p = v_int(OG_OID_INT8, round);
            drv_result *r = exec_full(c, sql, &p, 1, NULL, 0, NULL);
            assert_int_equal(r->rows[0][0].u.i, k + round);
            drv_result_free(r);
        }
    /* a cached statement follows a schema change */
    exec_do(c, "CREATE TABLE s (a INT8)");
    exec_do(c, "INSERT INTO s VALUES (1)");
    drv_result *r = exec_ok(c, "SELECT * FROM s");
    assert_int_equal(r->ncols, 1);
    drv_result_free(r);
    exec_do(c, "ALTER TABLE s ADD COLUMN b TEXT");
    r = exec_ok(c, "SELECT * FROM s");
    assert_int_equal(r->ncols, 2);
    assert_string_equal(r->cols[1].name, "b");
    drv_result_free(r);
    ops->release(c);
    ops->close(b);
}

/* ---------- tests: errors ---------- */

static void test_constraint_errors(void **state)
{
    drv_backend *b = open_pool("errors", 1);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE, a INT8, b INT8, UNIQUE (a, b))");
    exec_do(c, "CREATE TABLE child (id INT8 PRIMARY KEY, parent_id INT8 REFERENCES parent (id), name TEXT NOT NULL, "
               "price INT8 CHECK (price > 0), CONSTRAINT child_name_check CHECK (name <> 'x'))");
    exec_do(c, "CREATE TABLE tagged (k TEXT PRIMARY KEY, v INT8)");
    exec_do(c, "CREATE UNIQUE INDEX tagged_v_idx ON tagged (v)");
    exec_do(c, "INSERT INTO parent VALUES (1, 'a', 1, 1)");
    exec_do(c, "INSERT INTO child VALUES (1, 1, 'n', 1)");
    exec_do(c, "INSERT INTO tagged VALUES ('a', 1)");

    static const struct {
        const char *sql, *code, *message, *constraint, *table, *column, *detail;
    } cases[] = {
        {"INSERT INTO parent VALUES (1, 'b', 2, 2)", "23505",
         "duplicate key value violates unique constraint \"parent_pkey\"", "parent_pkey", "parent", NULL,
         "Key (id) already exists."},
        {"INSERT INTO parent VALUES (2, 'a', 2, 2)", "23505",
         "duplicate key value violates unique constraint \"parent_code_key\"", "parent_code_key", "parent", NULL,
         "Key (code) already exists."},
        {"INSERT INTO parent VALUES (2, 'b', 1, 1)", "23505",
         "duplicate key value violates unique constraint \"parent_a_b_key\"", "parent_a_b_key", "parent", NULL,
         "Key (a, b) already exists."},
        {"INSERT INTO tagged VALUES ('a', 2)", "23505",
         "duplicate key value violates unique constraint \"tagged_pkey\"", "tagged_pkey", "tagged", NULL, NULL},
        {"INSERT INTO tagged VALUES ('b', 1)", "23505",
         "duplicate key value violates unique constraint \"tagged_v_idx\"", "tagged_v_idx", "tagged", NULL, NULL},
        {"INSERT INTO child VALUES (2, 99, 'n', 1)", "23503",
         "insert or update on table \"child\" violates foreign key constraint \"child_parent_id_fkey\"",
         "child_parent_id_fkey", "child", NULL, "Key (parent_id) is not present in table \"parent\"."},
        {"UPDATE child SET parent_id = 98", "23503",
         "insert or update on table \"child\" violates foreign key constraint \"child_parent_id_fkey\"",
         "child_parent_id_fkey", "child", NULL, NULL},
        {"DELETE FROM parent WHERE id = 1", "23503",
         "update or delete on table \"parent\" violates foreign key constraint \"child_parent_id_fkey\" on table "
         "\"child\"",
         "child_parent_id_fkey", "child", NULL, "Key is still referenced from table \"child\"."},
        {"INSERT INTO child VALUES (2, 1, NULL, 1)", "23502",
         "null value in column \"name\" of relation \"child\" violates not-null constraint", NULL, "child", "name",
         NULL},
        {"INSERT INTO child VALUES (2, 1, 'n', 0)", "23514",
         "new row for relation \"child\" violates check constraint \"child_price_check\"", "child_price_check", "child",
         NULL, "Failing check: price > 0"},
        {"INSERT INTO child VALUES (2, 1, 'x', 1)", "23514",
         "new row for relation \"child\" violates check constraint \"child_name_check\"", "child_name_check", "child",
         NULL, NULL},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        og_error err = OG_ERROR_INIT;
        exec_err(c, cases[k].sql, NULL, 0, cases[k].code, &err);
        if (!err.message || strcmp(err.message, cases[k].message))
            fail_msg("%s: %s", cases[k].sql, err.message);
        if (cases[k].constraint)
            assert_string_equal(err.constraint, cases[k].constraint);
        assert_string_equal(err.table, cases[k].table);
        if (cases[k].column)
            assert_string_equal(err.column, cases[k].column);
        if (cases[k].detail)
            assert_string_equal(err.detail, cases[k].detail);
        og_error_clear(&err);
    }
    /* nothing of the failed statements was written */
    assert_int_equal(count_rows(c, "parent"), 1);
    assert_int_equal(count_rows(c, "child"), 1);

    /* derived names are clipped to 63 bytes as PostgreSQL's makeObjectName does */
    char sql[256], want[64];
    const char *t40 = "tttttttttttttttttttttttttttttttttttttttt", *c40 = "cccccccccccccccccccccccccccccccccccccccc";
    snprintf(sql, sizeof(sql), "CREATE TABLE %s (id INTEGER PRIMARY KEY, %s TEXT UNIQUE)", t40, c40);
    exec_do(c, sql);
    snprintf(sql, sizeof(sql), "INSERT INTO %s VALUES (1, 'x'), (2, 'x')", t40);
    og_error err = OG_ERROR_INIT;
    exec_err(c, sql, NULL, 0, "23505", &err);
    snprintf(want, sizeof(want), "%.29s_%.29s_key", t40, c40);
    assert_int_equal(strlen(want), 63);
    assert_string_equal(err.constraint, want);
    og_error_clear(&err);
    ops->release(c);
    ops->close(b);
}

static void test_statement_errors(void **state)
{
    drv_backend *b = open_pool("errors2", 1);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE t (a INT8, b INT8)");
    static const struct {
        const char *sql, *code, *message;
    } cases[] = {
        {"SELECT * FROM nope", "42P01", "relation \"nope\" does not exist"},
        {"SELECT nope FROM t", "42703", "column \"nope\" does not exist"},
        {"SELECT t.nope FROM t", "42703", "column t.nope does not exist"},
        {"SELEC 1", "42601", "syntax error at or near \"SELEC\""},
        {"SELECT (1", "42601", "syntax error at end of input"},
        {"SELECT 'abc", "42601", "syntax error at or near \"'abc\""},
        {"CREATE TABLE t (x)", "42P07", "relation \"t\" already exists"},
        {"SELECT nofunc(1)", "42883", "function nofunc does not exist"},
        {"SELECT a FROM t, t AS u", "42702", "column reference \"a\" is ambiguous"},
        {"COMMIT", "25P01", "there is no transaction in progress"},
        {"SELECT sum(a) FROM (SELECT 9223372036854775807 AS a UNION ALL SELECT 1)", "22003", "bigint out of range"},
        {"ROLLBACK TO nosuch", "3B001", "savepoint \"nosuch\" does not exist"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        og_error err = OG_ERROR_INIT;
        exec_err(c, cases[k].sql, NULL, 0, cases[k].code, &err);
        if (!err.message || strcmp(err.message, cases[k].message))
            fail_msg("%s: %s", cases[k].sql, err.message);
        og_error_clear(&err);
    }
    /* anything else: XX000 with SQLite's message in the detail */
    og_error err = OG_ERROR_INIT;
    exec_err(c, "SELECT raise(ABORT, 'x')", NULL, 0, "XX000", &err);
    assert_non_null(err.detail);
    assert_non_null(strstr(err.detail, "RAISE"));
    og_error_clear(&err);
    ops->release(c);
    ops->close(b);
}

/* ---------- tests: transactions ---------- */

static void test_transactions(void **state)
{
    drv_backend *b = open_pool("tx", 2);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE t (a INT8)");

    tx(c, TX_BEGIN, NULL);
    exec_do(c, "INSERT INTO t VALUES (1)");
    assert_int_equal(count_rows(c, "t"), 1); /* read your writes */
    tx(c, TX_ROLLBACK, NULL);
    assert_int_equal(count_rows(c, "t"), 0);

    tx(c, TX_BEGIN, NULL);
    exec_do(c, "INSERT INTO t VALUES (2)");
    tx(c, TX_COMMIT, NULL);
    assert_int_equal(count_rows(c, "t"), 1);

    og_error err = OG_ERROR_INIT;
    tx(c, TX_BEGIN, NULL);
    tx(c, TX_BEGIN, &err);
    assert_string_equal(err.code, "25001");
    og_error_clear(&err);
    tx(c, TX_COMMIT, NULL);
    tx(c, TX_COMMIT, &err);
    assert_string_equal(err.code, "25P01");
    og_error_clear(&err);
    tx(c, TX_ROLLBACK, &err);
    assert_string_equal(err.code, "25P01");
    og_error_clear(&err);

    /* a failed statement inside a transaction leaves the transaction usable (the ORM decides) */
    tx(c, TX_BEGIN, NULL);
    exec_do(c, "INSERT INTO t VALUES (3)");
    exec_err(c, "INSERT INTO nope VALUES (1)", NULL, 0, "42P01", &err);
    og_error_clear(&err);
    tx(c, TX_COMMIT, NULL);
    assert_int_equal(count_rows(c, "t"), 2);

    /* release inside a transaction rolls it back, and gives the write lock back */
    tx(c, TX_BEGIN, NULL);
    exec_do(c, "INSERT INTO t VALUES (4)");
    ops->release(c);
    drv_conn *other = lease(b);
    double start = now_s();
    tx(other, TX_BEGIN, NULL); /* would wait for the lock if the transaction were still open */
    assert_true(now_s() - start < 1.0);
    assert_int_equal(count_rows(other, "t"), 2);
    tx(other, TX_COMMIT, NULL);
    ops->release(other);
    ops->close(b);
}

/* A deferred FK fails at COMMIT: the transaction is over afterwards, as in PostgreSQL. */
static void test_commit_failure_ends_transaction(void **state)
{
    drv_backend *b = open_pool("deferred", 1);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE p (id INTEGER PRIMARY KEY)");
    exec_do(c, "CREATE TABLE ch (id INTEGER PRIMARY KEY, p INT8 REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)");
    tx(c, TX_BEGIN, NULL);
    exec_do(c, "INSERT INTO ch VALUES (1, 42)");
    og_error err = OG_ERROR_INIT;
    tx(c, TX_COMMIT, &err);
    assert_string_equal(err.code, "23503");
    og_error_clear(&err);
    tx(c, TX_ROLLBACK, &err); /* nothing left to roll back */
    assert_string_equal(err.code, "25P01");
    og_error_clear(&err);
    assert_int_equal(count_rows(c, "ch"), 0);
    ops->release(c);
    ops->close(b);
}

/* ---------- tests: leases ---------- */

static void test_lease_fifo(void **state)
{
    drv_backend *b = open_pool("fifo", 1);
    call l[4] = {{0}};
    for (int k = 0; k < 4; k++) {
        ops->lease(b, on_lease, &l[k]);
        l[k].returned = true;
    }
    run_until(&l[0]);
    run_for(0.05);
    for (int k = 1; k < 4; k++)
        assert_false(l[k].done); /* pool_size 1: the others wait */
    drv_conn *first = l[0].conn;
    for (int k = 1; k < 4; k++) {
        ops->release(l[k - 1].conn);
        run_until(&l[k]);
        assert_ptr_equal(l[k].conn, first); /* the one connection goes round */
        assert_true(l[k].seq > l[k - 1].seq);
        for (int m = k + 1; m < 4; m++)
            assert_false(l[m].done);
    }
    ops->release(l[3].conn);
    ops->release(l[3].conn); /* twice: ignored */
    ops->close(b);
}

/* run(): autocommit statements wait for a connection in FIFO order with the leases, each is its
 * own transaction (an error leaves nothing open), and the connection goes back to the pool. */
static void test_run_autocommit(void **state)
{
    drv_backend *b = open_pool("run", 1);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE t (a INT8 PRIMARY KEY)");
    call r[3] = {{0}}, l = {0};
    og_value one = v_int(OG_OID_INT8, 1);
    drv_stmt ins = {.sql = "INSERT INTO t VALUES ($1)", .params = &one, .nparams = 1};
    drv_stmt cnt = {.sql = "SELECT count(*) FROM t"};
    ops->run(b, &ins, on_done, &r[0]); /* pool_size 1 and leased: waits */
    r[0].returned = true;
    ops->lease(b, on_lease, &l);
    l.returned = true;
    ops->run(b, &ins, on_done, &r[1]); /* the same key again: 23505 */
    r[1].returned = true;
    ops->run(b, &cnt, on_done, &r[2]);
    r[2].returned = true;
    run_for(0.05);
    assert_false(r[0].done);
    ops->release(c);
    run_until(&r[0]);
    assert_false(og_error_isset(&r[0].err));
    assert_int_equal(r[0].res->affected, 1);
    run_until(&l); /* the lease queued after the first run comes next */
    assert_false(r[1].done);
    assert_int_equal(count_rows(l.conn, "t"), 1); /* committed: another connection's view */
    ops->release(l.conn);
    call *rest[2] = {&r[1], &r[2]};
    run_until_all(rest, 2);
    assert_true(r[0].seq < l.seq && l.seq < r[1].seq && r[1].seq < r[2].seq);
    assert_string_equal(r[1].err.code, "23505");
    assert_false(og_error_isset(&r[2].err));
    assert_int_equal(r[2].res->rows[0][0].u.i, 1);
    drv_conn *again = lease(b); /* the failed run left no transaction open */
    tx(again, TX_BEGIN, NULL);
    tx(again, TX_COMMIT, NULL);
    ops->release(again);
    for (int k = 0; k < 3; k++)
        call_clear(&r[k]);
    call_clear(&l);
    ops->close(b);
    wait_closed("run");
}

static void test_lease_pool_bound(void **state)
{
    drv_backend *b = open_pool("bound", 3);
    call l[5] = {{0}};
    for (int k = 0; k < 5; k++) {
        ops->lease(b, on_lease, &l[k]);
        l[k].returned = true;
    }
    call *first3[] = {&l[0], &l[1], &l[2]};
    run_until_all(first3, 3);
    run_for(0.05);
    assert_false(l[3].done);
    assert_false(l[4].done);
    assert_true(l[0].conn != l[1].conn && l[1].conn != l[2].conn && l[0].conn != l[2].conn);
    ops->release(l[1].conn);
    run_until(&l[3]);
    assert_ptr_equal(l[3].conn, l[1].conn);
    assert_false(l[4].done);
    ops->release(l[0].conn);
    run_until(&l[4]);
    ops->release(l[2].conn);
    ops->release(l[3].conn);
    ops->release(l[4].conn);
    ops->close(b);
}

/* Calls on one connection complete in call order, on the loop thread, after the calls returned. */
static void test_completion_order_and_thread(void **state)
{
    drv_backend *b = open_pool("order", 2);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE t (a INT8)");
    call cs[7] = {{0}};
    drv_stmt ins = {.sql = "INSERT INTO t VALUES (1)"};
    ops->begin(c, on_done, &cs[0]);
    ops->exec(c, &ins, on_done, &cs[1]);
    ops->exec(c, &ins, on_done, &cs[2]);
    drv_stmt bad = {.sql = "INSERT INTO nope VALUES (1)"};
    ops->exec(c, &bad, on_done, &cs[3]);
    ops->exec(c, NULL, on_done, &cs[4]); /* refused at once, but answered in its turn */
    ops->commit(c, on_done, &cs[5]);
    char sql[] = "SELECT count(*) FROM t";
    drv_stmt cnt = {.sql = sql};
    ops->exec(c, &cnt, on_done, &cs[6]);
    memset(sql, 'x', sizeof(sql) - 1); /* the driver copied the statement */
    for (int k = 0; k < 7; k++) {
        assert_false(cs[k].done);
        cs[k].returned = true;
    }
    call *all[] = {&cs[0], &cs[1], &cs[2], &cs[3], &cs[4], &cs[5], &cs[6]};
    run_until_all(all, 7);
    for (int k = 1; k < 7; k++)
        assert_true(cs[k].seq == cs[k - 1].seq + 1);
    assert_string_equal(cs[3].err.code, "42P01");
    assert_string_equal(cs[4].err.code, "XX000");
    assert_int_equal(cs[6].res->rows[0][0].u.i, 2);
    for (int k = 0; k < 7; k++)
        call_clear(&cs[k]);
    ops->release(c);
    ops->close(b);
}

/* release() with calls pending: they still run, but nobody is answered. */
static void test_release_with_pending_calls(void **state)
{
    drv_backend *b = open_pool("pending", 1);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE t (a INT8)");
    call ins = {0}, sel = {0};
    drv_stmt st = {.sql = "INSERT INTO t VALUES (1)"};
    drv_stmt slow = {.sql = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100000) "
                            "SELECT count(*) FROM r"};
    ops->exec(c, &slow, on_done, &sel);
    ops->exec(c, &st, on_done, &ins); /* autocommit: it happens */
    ops->release(c);
    drv_conn *again = lease(b); /* the same connection, after both ran */
    assert_ptr_equal(again, c);
    assert_false(sel.done);
    assert_false(ins.done);
    assert_int_equal(count_rows(again, "t"), 1);
    ops->release(again);
    ops->close(b);
    assert_false(sel.done);
}

/* ---------- tests: concurrency ---------- */

/* Three writers, two threads: two wait for the write lock (each holding a
 * thread in the busy handler) while the holder still needs a thread for its
 * next statement and COMMIT. The waiters must give their threads up. */
static void test_concurrent_writers(void **state)
{
    drv_backend *b = open_pool("writers", 3);
    drv_conn *w[3];
    for (int k = 0; k < 3; k++)
        w[k] = lease(b);
    exec_do(w[0], "CREATE TABLE t (who INT8, n INT8)");
    tx(w[0], TX_BEGIN, NULL);
    call beg1 = {0}, beg2 = {0};
    ops->begin(w[1], on_done, &beg1);
    ops->begin(w[2], on_done, &beg2);
    beg1.returned = beg2.returned = true;
    run_for(0.1); /* both are in the busy handler now */
    assert_false(beg1.done);
    assert_false(beg2.done);
    double start = now_s();
    exec_do(w[0], "INSERT INTO t VALUES (0, 1)");
    tx(w[0], TX_COMMIT, NULL);
    assert_true(now_s() - start < 2.0); /* not a busy timeout */
    call *both[] = {&beg1, &beg2};
    /* one of them gets the lock; the other keeps waiting for it */
    for (;;) {
        run_for(0.01);
        if (beg1.done || beg2.done)
            break;
    }
    assert_false(og_error_isset(&beg1.err));
    assert_false(og_error_isset(&beg2.err));
    int first = beg1.done ? 1 : 2, second = 3 - first;
    assert_false((second == 1 ? &beg1 : &beg2)->done);
    exec_do(w[first], "INSERT INTO t VALUES (1, 1)");
    tx(w[first], TX_COMMIT, NULL);
    run_until_all(both, 2);
    assert_false(og_error_isset(&beg1.err));
    assert_false(og_error_isset(&beg2.err));
    exec_do(w[second], "INSERT INTO t VALUES (2, 1)");
    tx(w[second], TX_COMMIT, NULL);
    assert_int_equal(count_rows(w[0], "t"), 3);

    /* autocommit writers from every connection at once, many times */
    call many[30] = {{0}};
    call *pm[30];
    drv_stmt ins = {.sql = "INSERT INTO t VALUES (9, 9)"};
    for (int k = 0; k < 30; k++) {
        ops->exec(w[k % 3], &ins, on_done, &many[k]);
        many[k].returned = true;
        pm[k] = &many[k];
    }
    run_until_all(pm, 30);
    for (int k = 0; k < 30; k++) {
        assert_false(og_error_isset(&many[k].err));
        assert_int_equal(many[k].res->affected, 1);
        call_clear(&many[k]);
    }
    assert_int_equal(count_rows(w[1], "t"), 33);
    for (int k = 0; k < 3; k++)
        ops->release(w[k]);
    ops->close(b);
}

/* A lock held outside ormgate for longer than the busy timeout: 55P03 after about 5 s. */
static void test_busy_timeout(void **state)
{
    drv_backend *b = open_pool("busy", 2);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE t (a INT8)");
    char path[192];
    snprintf(path, sizeof(path), "%s/data/busy.sqlite3", tmpdir);
    sqlite3 *ext;
    assert_int_equal(sqlite3_open(path, &ext), SQLITE_OK);
    assert_int_equal(sqlite3_exec(ext, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    double start = now_s();
    og_error err = OG_ERROR_INIT;
    exec_err(c, "INSERT INTO t VALUES (1)", NULL, 0, "55P03", &err);
    double waited = now_s() - start;
    assert_true(waited > 4.5 && waited < 8.0);
    assert_string_equal(err.message, "canceling statement due to lock timeout");
    og_error_clear(&err);
    /* readers are not blocked by a writer (WAL) */
    assert_int_equal(count_rows(c, "t"), 0);
    sqlite3_exec(ext, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(ext);
    exec_do(c, "INSERT INTO t VALUES (1)");
    ops->release(c);
    ops->close(b);
}

/* A transaction that read, then tries to write after another one committed: 40001. */
static void test_serialization_failure(void **state)
{
    drv_backend *b = open_pool("snapshot", 2);
    drv_conn *a = lease(b), *o = lease(b);
    exec_do(a, "CREATE TABLE t (a INT8)");
    exec_do(a, "BEGIN DEFERRED");
    assert_int_equal(count_rows(a, "t"), 0); /* a read snapshot */
    exec_do(o, "INSERT INTO t VALUES (1)");
    og_error err = OG_ERROR_INIT;
    exec_err(a, "INSERT INTO t VALUES (2)", NULL, 0, "40001", &err);
    og_error_clear(&err);
    tx(a, TX_ROLLBACK, NULL);
    assert_int_equal(count_rows(a, "t"), 1);
    ops->release(a);
    ops->release(o);
    ops->close(b);
}

/* ---------- tests: misuse and close ---------- */

static void test_misuse(void **state)
{
    drv_backend *b = open_pool("misuse", 2);
    drv_conn *c = lease(b);
    call bad = {0};
    ops->exec(c, NULL, on_done, &bad);
    bad.returned = true;
    run_until(&bad);
    assert_string_equal(bad.err.code, "XX000");
    call_clear(&bad);
    drv_stmt nosql = {.sql = NULL};
    ops->exec(c, &nosql, on_done, &bad);
    bad.returned = true;
    run_until(&bad);
    assert_string_equal(bad.err.code, "XX000");
    call_clear(&bad);
    drv_stmt noparams = {.sql = "SELECT ?", .nparams = 1};
    ops->exec(c, &noparams, on_done, &bad);
    bad.returned = true;
    run_until(&bad);
    assert_string_equal(bad.err.code, "XX000");
    call_clear(&bad);
    /* no callback: runs, nobody is told */
    drv_stmt st = {.sql = "CREATE TABLE t (a INT8)"};
    ops->exec(c, &st, NULL, NULL);
    assert_int_equal(count_rows(c, "t"), 0);

    ops->release(c);
    /* calls on a released connection fail with 08003 */
    drv_stmt sel = {.sql = "SELECT 1"};
    ops->exec(c, &sel, on_done, &bad);
    bad.returned = true;
    run_until(&bad);
    assert_string_equal(bad.err.code, "08003");
    assert_null(bad.res);
    call_clear(&bad);
    ops->begin(c, on_done, &bad);
    bad.returned = true;
    run_until(&bad);
    assert_string_equal(bad.err.code, "08003");
    call_clear(&bad);
    ops->release(c);
    ops->release(NULL);
    ops->lease(b, NULL, NULL);
    ops->exec(NULL, &sel, on_done, &bad);
    assert_false(bad.done);
    ops->close(b);
    ops->close(NULL);
}

/* close() with work in flight: nothing is called back after it, and the
 * backend goes away once its connections are back. */
static void test_close_drops_callbacks(void **state)
{
    drv_backend *b = open_pool("closing", 1);
    drv_conn *c = lease(b);
    exec_do(c, "CREATE TABLE t (a INT8)");
    call pending = {0}, waiter = {0}, after = {0};
    drv_stmt slow = {.sql = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 200000) "
                            "SELECT count(*) FROM r"};
    ops->exec(c, &slow, on_done, &pending);
    ops->lease(b, on_lease, &waiter); /* pool_size 1: waits */
    ops->close(b);
    ops->close(b);                   /* twice: ignored */
    ops->lease(b, on_lease, &after); /* after close: ignored */
    ops->exec(c, &slow, on_done, &after);
    run_for(0.3);
    assert_false(pending.done);
    assert_false(waiter.done);
    assert_false(after.done);
    ops->release(c); /* the last connection: the backend is freed */
    wait_closed("closing");
    run_for(0.05);
    assert_false(pending.done);
}

/* close() from inside a completion callback. */
static void close_in_cb(void *ctx, drv_result *res, const og_error *err)
{
    void **args = ctx;
    drv_result_free(res);
    ops->release(args[1]);
    ops->close(args[0]);
    *(bool *)args[2] = true;
}

static void test_close_inside_callback(void **state)
{
    drv_backend *b = open_pool("closecb", 2);
    drv_conn *c = lease(b);
    bool called = false;
    void *args[3] = {b, c, &called};
    drv_stmt st = {.sql = "SELECT 1"};
    ops->exec(c, &st, close_in_cb, args);
    double start = now_s();
    while (!called && now_s() - start < 10)
        run_for(0.01);
    assert_true(called);
    wait_closed("closecb");
}

/* Many backends opened and closed: nothing leaks (LSan checks at exit). */
static void test_open_close_many(void **state)
{
    for (int k = 0; k < 20; k++) {
        drv_backend *b = open_pool("many", 1 + k % 3);
        if (k % 2) {
            drv_conn *c = lease(b);
            exec_do(c, "SELECT 1");
            ops->release(c);
        }
        ops->close(b);
    }
}

int main(void)
{
    evthread_use_pthreads();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_rejects_bad_names, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_open_creates_directories_and_file, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_open_failure_reaches_lease, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_roundtrip_every_type, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_storage_encoding, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_read_foreign_representations, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_conversion_errors, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_inferred_types, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_affected_returning_params, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_statement_cache, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_constraint_errors, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_statement_errors, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_commit_failure_ends_transaction, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_lease_fifo, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_lease_pool_bound, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_completion_order_and_thread, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_release_with_pending_calls, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_busy_timeout, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_serialization_failure, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_misuse, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_run_autocommit, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_close_drops_callbacks, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_close_inside_callback, setup, teardown_fixture),
        cmocka_unit_test_setup_teardown(test_open_close_many, setup, teardown_fixture),
    };
    return cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
}
