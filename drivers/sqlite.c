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
 * Values: docs/sqlite.md gives the storage encoding of each PostgreSQL
 * type; bind_value() writes it and decode_cell() reads it back.
 */
#include "drivers/driver.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <event2/event.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SQ_THREADS         2    /* pool threads per backend (fewer if pool_size is smaller) */
#define SQ_CACHE_SIZE      32   /* prepared statements kept per connection (LRU) */
#define SQ_BUSY_TIMEOUT_MS 5000 /* longest wait for a lock, per call */
#define SQ_NAMEDATALEN     64   /* PostgreSQL's identifier limit, for derived constraint names */
#define SQ_MSG_VALUE_MAX   200  /* bytes of a bad value quoted in an error message */
#define NS_PER_MS          INT64_C(1000000)
#define USECS_PER_DAY      INT64_C(86400000000)

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

/* A prepared statement of one connection, with what its authorizer saw. */
typedef struct sq_cached {
    char *sql;
    sqlite3_stmt *st;
    uint64_t used; /* LRU clock */
    int action;    /* SQLITE_INSERT / SQLITE_UPDATE / SQLITE_DELETE of the top level, or 0 */
    char *table;   /* its target table */
} sq_cached;

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
    pthread_cond_t busy;     /* wakes busy waiters when a job waits for a thread */
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

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fputs("ormgate: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *xstrdup(const char *s)
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

/* Does s start with pre? *rest gets what follows. */
static bool starts(const char *s, const char *pre, const char **rest)
{
    size_t n = strlen(pre);
    if (strncmp(s, pre, n) != 0)
        return false;
    if (rest)
        *rest = s + n;
    return true;
}

static bool is_ident_char(int ch)
{
    return isalnum(ch) || ch == '_' || ch >= 0x80;
}

/* Byte length of at most n bytes of s that does not cut a UTF-8 character. */
static size_t utf8_clip(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* PostgreSQL's makeObjectName: name1[_name2]_label within NAMEDATALEN-1
 * bytes, shortening the longer of name1 and name2 first. */
static char *pg_object_name(const char *name1, const char *name2, const char *label)
{
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    size_t overhead = (name2 ? 1 : 0) + strlen(label) + 1;
    size_t avail = SQ_NAMEDATALEN - 1 - overhead;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    n1 = utf8_clip(name1, n1);
    n2 = name2 ? utf8_clip(name2, n2) : 0;
    og_buf b = OG_BUF_INIT;
    og_buf_append(&b, name1, n1);
    if (name2) {
        og_buf_putc(&b, '_');
        og_buf_append(&b, name2, n2);
    }
    og_buf_printf(&b, "_%s", label);
    char *s = xstrdup(og_buf_cstr(&b));
    og_buf_free(&b);
    return s;
}

/* ------------------------------------------------------------------------
 * Calendar (PostgreSQL's epoch is 2000-01-01)
 * ------------------------------------------------------------------------ */

#define PG_EPOCH_DAYS INT64_C(10957) /* 1970-01-01 to 2000-01-01 */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* ------------------------------------------------------------------------
 * Text parsers for values SQLite stores as text (ours or another program's)
 * ------------------------------------------------------------------------ */

typedef struct sq_text {
    const char *p;
    size_t n, i;
} sq_text;

static void text_skip_space(sq_text *t)
{
    while (t->i < t->n && isspace((unsigned char)t->p[t->i]))
        t->i++;
}

static bool text_eat(sq_text *t, char ch)
{
    if (t->i < t->n && t->p[t->i] == ch) {
        t->i++;
        return true;
    }
    return false;
}

/* Between min and max decimal digits. */
static bool text_digits(sq_text *t, int min, int max, int64_t *v)
{
    int k = 0;
    int64_t x = 0;
    while (k < max && t->i < t->n && isdigit((unsigned char)t->p[t->i])) {
        x = x * 10 + (t->p[t->i++] - '0');
        k++;
    }
    *v = x;
    return k >= min;
}

/* Case-insensitive: is the rest of t exactly word (surrounding spaces allowed)? */
static bool text_is_word(const char *p, size_t n, const char *word)
{
    while (n && isspace((unsigned char)*p))
        p++, n--;
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    return n == strlen(word) && strncasecmp(p, word, n) == 0;
}

/* YYYY-MM-DD -> days since 2000-01-01. */
static bool parse_date_part(sq_text *t, int64_t *days)
{
    int64_t y, m, d;
    if (!text_digits(t, 4, 7, &y) || !text_eat(t, '-') || !text_digits(t, 1, 2, &m) || !text_eat(t, '-') ||
        !text_digits(t, 1, 2, &d))
        return false;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, (unsigned)m))
        return false;
    *days = days_from_civil(y, (unsigned)m, (unsigned)d) - PG_EPOCH_DAYS;
    return true;
}

/* HH:MM[:SS[.ffffff]] -> microseconds since midnight (24:00:00 allowed, as in PostgreSQL). */
static bool parse_time_part(sq_text *t, int64_t *usec)
{
    int64_t h, mi, s = 0, f = 0;
    if (!text_digits(t, 1, 2, &h) || !text_eat(t, ':') || !text_digits(t, 2, 2, &mi))
        return false;
    if (text_eat(t, ':')) {
        if (!text_digits(t, 2, 2, &s))
            return false;
        if (text_eat(t, '.')) {
            int k = 0;
            while (t->i < t->n && isdigit((unsigned char)t->p[t->i])) {
                if (k < 6) {
                    f = f * 10 + (t->p[t->i] - '0');
                    k++;
                }
                t->i++;
            }
            if (k == 0)
                return false;
            while (k++ < 6)
                f *= 10;
        }
    }
    if (h > 24 || mi > 59 || s > 59 || (h == 24 && (mi || s || f)))
        return false;
    *usec = ((h * 60 + mi) * 60 + s) * 1000000 + f;
    return true;
}

/* Z | +HH | +HHMM | +HH:MM[:SS] -> seconds east of UTC. */
static bool parse_zone(sq_text *t, int64_t *secs)
{
    if (text_eat(t, 'Z') || text_eat(t, 'z')) {
        *secs = 0;
        return true;
    }
    int sign = text_eat(t, '+') ? 1 : text_eat(t, '-') ? -1 : 0;
    int64_t h, m = 0, s = 0;
    if (!sign || !text_digits(t, 2, 2, &h))
        return false;
    bool colon = text_eat(t, ':');
    if (t->i < t->n && isdigit((unsigned char)t->p[t->i])) {
        if (!text_digits(t, 2, 2, &m))
            return false;
        if ((colon && text_eat(t, ':')) && !text_digits(t, 2, 2, &s))
            return false;
    } else if (colon) {
        return false;
    }
    if (h > 15 || m > 59 || s > 59)
        return false;
    *secs = sign * (h * 3600 + m * 60 + s);
    return true;
}

/* ISO date and time, SQLite's own 'YYYY-MM-DD HH:MM:SS' included. */
static bool parse_timestamp(const char *p, size_t n, bool tz, int64_t *usec)
{
    if (text_is_word(p, n, "infinity") || text_is_word(p, n, "+infinity")) {
        *usec = INT64_MAX;
        return true;
    }
    if (text_is_word(p, n, "-infinity")) {
        *usec = INT64_MIN;
        return true;
    }
    sq_text t = {p, n, 0};
    int64_t days, tod = 0, zone = 0;
    text_skip_space(&t);
    if (!parse_date_part(&t, &days))
        return false;
    if (text_eat(&t, 'T')) {
        if (!parse_time_part(&t, &tod))
            return false;
    } else {
        text_skip_space(&t);
        if (t.i < t.n && isdigit((unsigned char)p[t.i]) && !parse_time_part(&t, &tod))
            return false;
    }
    text_skip_space(&t);
    if (t.i < t.n && !parse_zone(&t, &zone))
        return false;
    text_skip_space(&t);
    if (t.i != t.n)
        return false;
    int64_t v;
    if (__builtin_mul_overflow(days, USECS_PER_DAY, &v) || __builtin_add_overflow(v, tod, &v))
        return false;
    if (tz && __builtin_sub_overflow(v, zone * 1000000, &v))
        return false;
    *usec = v; /* a zone on a timestamp without time zone is ignored, as PostgreSQL does */
    return true;
}

static bool parse_date(const char *p, size_t n, int64_t *days)
{
    if (text_is_word(p, n, "infinity") || text_is_word(p, n, "+infinity")) {
        *days = INT32_MAX;
        return true;
    }
    if (text_is_word(p, n, "-infinity")) {
        *days = INT32_MIN;
        return true;
    }
    int64_t usec;
    if (!parse_timestamp(p, n, false, &usec))
        return false;
    /* floor division: a time of day is dropped, as date_in does */
    *days = usec / USECS_PER_DAY - (usec % USECS_PER_DAY < 0);
    return true;
}

static bool parse_time(const char *p, size_t n, int64_t *usec)
{
    sq_text t = {p, n, 0};
    text_skip_space(&t);
    if (!parse_time_part(&t, usec))
        return false;
    text_skip_space(&t);
    return t.i == t.n;
}

/* int64 from its magnitude and sign; false when it does not fit. */
static bool signed_of(uint64_t u, bool neg, int64_t *v)
{
    if (!neg) {
        if (u > (uint64_t)INT64_MAX)
            return false;
        *v = (int64_t)u;
    } else {
        if (u > (uint64_t)INT64_MAX + 1)
            return false;
        *v = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
    }
    return true;
}

/* ISO 8601 duration as written by interval_iso() (and PostgreSQL's
 * IntervalStyle iso_8601): P[nY][nM][nW][nD][T[nH][nM][n[.f]S]], each part signed. */
static bool parse_interval(const char *p, size_t n, og_interval *iv)
{
    sq_text t = {p, n, 0};
    text_skip_space(&t);
    while (n > t.i && isspace((unsigned char)p[n - 1]))
        n--;
    t.n = n;
    if (!text_eat(&t, 'P'))
        return false;
    bool in_time = false, any = false;
    int64_t months = 0, days = 0, usec = 0;
    while (t.i < t.n) {
        if (text_eat(&t, 'T')) {
            if (in_time)
                return false;
            in_time = true;
            continue;
        }
        bool neg = text_eat(&t, '-');
        if (!neg)
            text_eat(&t, '+');
        uint64_t ip = 0, frac = 0;
        size_t d0 = t.i;
        while (t.i < t.n && isdigit((unsigned char)p[t.i])) {
            if (__builtin_mul_overflow(ip, 10, &ip) || __builtin_add_overflow(ip, (uint64_t)(p[t.i] - '0'), &ip))
                return false;
            t.i++;
        }
        if (t.i == d0)
            return false;
        bool has_frac = text_eat(&t, '.');
        if (has_frac) {
            int k = 0;
            while (t.i < t.n && isdigit((unsigned char)p[t.i])) {
                if (k < 6) {
                    frac = frac * 10 + (uint64_t)(p[t.i] - '0');
                    k++;
                }
                t.i++;
            }
            while (k++ < 6)
                frac *= 10;
        }
        if (t.i >= t.n)
            return false;
        char unit = p[t.i++];
        uint64_t mul;
        int64_t *acc;
        if (!in_time) {
            acc = unit == 'Y' || unit == 'M' ? &months : &days;
            mul = unit == 'Y' ? 12 : unit == 'M' ? 1 : unit == 'W' ? 7 : unit == 'D' ? 1 : 0;
        } else {
            acc = &usec;
            mul = unit == 'H' ? UINT64_C(3600000000) : unit == 'M' ? UINT64_C(60000000) : unit == 'S' ? 1000000 : 0;
        }
        if (!mul || (has_frac && !(in_time && unit == 'S')))
            return false;
        uint64_t mag;
        int64_t v;
        if (__builtin_mul_overflow(ip, mul, &mag) || __builtin_add_overflow(mag, frac, &mag) ||
            !signed_of(mag, neg, &v) || __builtin_add_overflow(*acc, v, acc))
            return false;
        any = true;
    }
    if (!any || months < INT32_MIN || months > INT32_MAX || days < INT32_MIN || days > INT32_MAX)
        return false;
    iv->months = (int32_t)months;
    iv->days = (int32_t)days;
    iv->usec = usec;
    return true;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch = tolower(ch);
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* 32 hex digits, hyphens after any group of four, optional braces (as uuid_in). */
static bool parse_uuid(const char *p, size_t n, uint8_t out[16])
{
    size_t i = 0;
    bool brace = n > 0 && p[0] == '{';
    if (brace) {
        if (p[n - 1] != '}')
            return false;
        i = 1;
        n--;
    }
    for (int k = 0; k < 16; k++) {
        if (k > 0 && k % 2 == 0 && i < n && p[i] == '-')
            i++;
        if (i + 2 > n)
            return false;
        int hi = hexval((unsigned char)p[i]), lo = hexval((unsigned char)p[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[k] = (uint8_t)(hi << 4 | lo);
        i += 2;
    }
    return i == n;
}

/* Strict integer with optional surrounding spaces, as int8in. */
static bool parse_int64(const char *p, size_t n, int64_t *v)
{
    sq_text t = {p, n, 0};
    text_skip_space(&t);
    bool neg = text_eat(&t, '-');
    if (!neg)
        text_eat(&t, '+');
    uint64_t u = 0;
    size_t d0 = t.i;
    while (t.i < t.n && isdigit((unsigned char)p[t.i])) {
        if (__builtin_mul_overflow(u, 10, &u) || __builtin_add_overflow(u, (uint64_t)(p[t.i] - '0'), &u))
            return false;
        t.i++;
    }
    if (t.i == d0)
        return false;
    text_skip_space(&t);
    return t.i == t.n && signed_of(u, neg, v);
}

/* Float text: a number, or NaN / [-]Infinity / [-]inf in any case. *range is set on overflow. */
static bool parse_double(const char *p, size_t n, double *v, bool *range)
{
    *range = false;
    if (text_is_word(p, n, "nan")) {
        *v = NAN;
        return true;
    }
    if (text_is_word(p, n, "infinity") || text_is_word(p, n, "+infinity") || text_is_word(p, n, "inf")) {
        *v = INFINITY;
        return true;
    }
    if (text_is_word(p, n, "-infinity") || text_is_word(p, n, "-inf")) {
        *v = -INFINITY;
        return true;
    }
    char buf[128];
    if (n == 0 || n >= sizeof(buf))
        return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!buf[i] || !strchr("0123456789+-.eE \t\n\r", buf[i]))
            return false; /* no hex floats, no nan(...) */
    char *end;
    errno = 0;
    double x = strtod(buf, &end);
    if (end == buf)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return false;
    if (errno == ERANGE && isinf(x))
        *range = true;
    *v = x;
    return true;
}

/* numeric text -> canonical form (numeric_out's): plain decimal, scale kept,
 * exponent applied, no leading zeros, no negative zero. NULL if not a number. */
static char *numeric_canon(og_arena *a, const char *p, size_t n, size_t *outlen)
{
    static const struct {
        const char *in, *out;
    } specials[] = {{"nan", "NaN"},       {"infinity", "Infinity"},   {"+infinity", "Infinity"}, {"inf", "Infinity"},
                    {"+inf", "Infinity"}, {"-infinity", "-Infinity"}, {"-inf", "-Infinity"}};
    for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++)
        if (text_is_word(p, n, specials[k].in)) {
            *outlen = strlen(specials[k].out);
            return og_arena_memdup(a, specials[k].out, *outlen);
        }
    sq_text t = {p, n, 0};
    text_skip_space(&t);
    bool neg = text_eat(&t, '-');
    if (!neg)
        text_eat(&t, '+');
    size_t i0 = t.i;
    while (t.i < t.n && isdigit((unsigned char)p[t.i]))
        t.i++;
    size_t ni = t.i - i0, f0 = t.i, nf = 0;
    if (text_eat(&t, '.')) {
        f0 = t.i;
        while (t.i < t.n && isdigit((unsigned char)p[t.i]))
            t.i++;
        nf = t.i - f0;
    }
    if (ni + nf == 0)
        return NULL;
    int64_t exp = 0;
    if (t.i < t.n && (p[t.i] == 'e' || p[t.i] == 'E')) {
        t.i++;
        bool eneg = text_eat(&t, '-');
        if (!eneg)
            text_eat(&t, '+');
        if (!text_digits(&t, 1, 6, &exp) || exp > 100000)
            return NULL;
        if (eneg)
            exp = -exp;
    }
    text_skip_space(&t);
    if (t.i != t.n)
        return NULL;
    /* digits D = integer digits + fraction digits; the point sits at pos */
    og_buf d = OG_BUF_INIT;
    og_buf_append(&d, p + i0, ni);
    og_buf_append(&d, p + f0, nf);
    int64_t nd = (int64_t)(ni + nf), pos = (int64_t)ni + exp;
    int64_t scale = (int64_t)nf - exp < 0 ? 0 : (int64_t)nf - exp;
    og_buf out = OG_BUF_INIT;
    if (neg)
        og_buf_putc(&out, '-');
    size_t int_start = out.len;
    for (int64_t k = 0; k < pos; k++)
        og_buf_putc(&out, k < nd ? d.data[k] : '0');
    /* leading zeros of the integer part */
    size_t lead = int_start;
    while (lead < out.len - (out.len > int_start ? 1 : 0) && out.data[lead] == '0')
        lead++;
    if (lead > int_start) {
        memmove(out.data + int_start, out.data + lead, out.len - lead);
        out.len -= lead - int_start;
    }
    if (out.len == int_start)
        og_buf_putc(&out, '0');
    if (scale > 0) {
        og_buf_putc(&out, '.');
        for (int64_t k = pos; k < pos + scale; k++)
            og_buf_putc(&out, k >= 0 && k < nd ? d.data[k] : '0');
    }
    bool zero = true;
    for (size_t k = int_start; k < out.len; k++)
        if (out.data[k] != '0' && out.data[k] != '.')
            zero = false;
    size_t skip = neg && zero ? 1 : 0;
    char *s = og_arena_memdup(a, out.data + skip, out.len - skip);
    *outlen = out.len - skip;
    og_buf_free(&d);
    og_buf_free(&out);
    return s;
}

/* ------------------------------------------------------------------------
 * Text writers
 * ------------------------------------------------------------------------ */

/* Shortest text that reads back as the same float (float8out / float4out since
 * PostgreSQL 12): exponent form below 1e-4 and from 1e15 (float4: 1e6). */
static void fmt_double(double x, bool f4, char *buf, size_t size)
{
    if (isnan(x)) {
        snprintf(buf, size, "NaN");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, size, x > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (x == 0) {
        snprintf(buf, size, signbit(x) ? "-0" : "0");
        return;
    }
    char tmp[48];
    int p;
    for (p = 1; p < 17; p++) {
        snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
        double y = strtod(tmp, NULL);
        if (f4 ? (float)y == (float)x : y == x)
            break;
    }
    snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
    int exp = atoi(strchr(tmp, 'e') + 1);
    if (exp < -4 || exp >= (f4 ? 6 : 15))
        snprintf(buf, size, "%s", tmp);
    else
        snprintf(buf, size, "%.*f", p - 1 - exp > 0 ? p - 1 - exp : 0, x);
}

static void buf_uuid(og_buf *o, const uint8_t u[16])
{
    static const char hex[] = "0123456789abcdef";
    for (int k = 0; k < 16; k++) {
        if (k == 4 || k == 6 || k == 8 || k == 10)
            og_buf_putc(o, '-');
        og_buf_putc(o, (uint8_t)hex[u[k] >> 4]);
        og_buf_putc(o, (uint8_t)hex[u[k] & 15]);
    }
}

/* ISO 8601 duration, PostgreSQL's iso_8601 IntervalStyle: P1Y2M3DT4H5M6.5S, PT0S for zero. */
static void buf_interval(og_buf *o, og_interval iv)
{
    if (!iv.months && !iv.days && !iv.usec) {
        og_buf_puts(o, "PT0S");
        return;
    }
    og_buf_putc(o, 'P');
    if (iv.months / 12)
        og_buf_printf(o, "%dY", iv.months / 12);
    if (iv.months % 12)
        og_buf_printf(o, "%dM", iv.months % 12);
    if (iv.days)
        og_buf_printf(o, "%dD", iv.days);
    if (iv.usec) {
        const char *sg = iv.usec < 0 ? "-" : "";
        uint64_t u = iv.usec < 0 ? 0 - (uint64_t)iv.usec : (uint64_t)iv.usec;
        unsigned long long h = u / UINT64_C(3600000000), m = u / 60000000 % 60, s = u / 1000000 % 60, f = u % 1000000;
        og_buf_putc(o, 'T');
        if (h)
            og_buf_printf(o, "%s%lluH", sg, h);
        if (m)
            og_buf_printf(o, "%s%lluM", sg, m);
        if (s || f) {
            og_buf_printf(o, "%s%llu", sg, s);
            if (f) {
                char fr[8];
                snprintf(fr, sizeof(fr), "%06llu", f);
                for (int k = 5; k > 0 && fr[k] == '0'; k--)
                    fr[k] = '\0';
                og_buf_printf(o, ".%s", fr);
            }
            og_buf_putc(o, 'S');
        }
    }
}

static void buf_json_string(og_buf *o, const char *p, size_t n)
{
    og_buf_putc(o, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        switch (ch) {
        case '"':
            og_buf_puts(o, "\\\"");
            break;
        case '\\':
            og_buf_puts(o, "\\\\");
            break;
        case '\n':
            og_buf_puts(o, "\\n");
            break;
        case '\r':
            og_buf_puts(o, "\\r");
            break;
        case '\t':
            og_buf_puts(o, "\\t");
            break;
        default:
            if (ch < 0x20)
                og_buf_printf(o, "\\u%04x", ch);
            else
                og_buf_putc(o, ch);
        }
    }
    og_buf_putc(o, '"');
}

/* ------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------ */

/* Is the payload of this type u.str? */
static bool oid_is_str(uint32_t oid)
{
    switch (oid) {
    case OG_OID_UNKNOWN_PARAM:
    case OG_OID_BYTEA:
    case OG_OID_CHAR:
    case OG_OID_NAME:
    case OG_OID_TEXT:
    case OG_OID_JSON:
    case OG_OID_UNKNOWN:
    case OG_OID_BPCHAR:
    case OG_OID_VARCHAR:
    case OG_OID_NUMERIC:
    case OG_OID_JSONB:
        return true;
    default:
        return false;
    }
}

/* Declared column types the driver recognises (lower case, without
 * parameters). INTEGER and REAL keep SQLite's meaning (64-bit). */
static const struct {
    const char *name;
    uint32_t oid;
} decl_types[] = {
    {"bool", OG_OID_BOOL},
    {"boolean", OG_OID_BOOL},
    {"int2", OG_OID_INT2},
    {"smallint", OG_OID_INT2},
    {"int", OG_OID_INT4},
    {"int4", OG_OID_INT4},
    {"integer", OG_OID_INT8},
    {"int8", OG_OID_INT8},
    {"bigint", OG_OID_INT8},
    {"float4", OG_OID_FLOAT4},
    {"real", OG_OID_FLOAT8},
    {"float", OG_OID_FLOAT8},
    {"float8", OG_OID_FLOAT8},
    {"double", OG_OID_FLOAT8},
    {"double precision", OG_OID_FLOAT8},
    {"numeric", OG_OID_NUMERIC},
    {"decimal", OG_OID_NUMERIC},
    {"text", OG_OID_TEXT},
    {"clob", OG_OID_TEXT},
    {"varchar", OG_OID_VARCHAR},
    {"character varying", OG_OID_VARCHAR},
    {"char", OG_OID_BPCHAR},
    {"character", OG_OID_BPCHAR},
    {"bpchar", OG_OID_BPCHAR},
    {"name", OG_OID_NAME},
    {"bytea", OG_OID_BYTEA},
    {"blob", OG_OID_BYTEA},
    {"date", OG_OID_DATE},
    {"time", OG_OID_TIME},
    {"time without time zone", OG_OID_TIME},
    {"timestamp", OG_OID_TIMESTAMP},
    {"timestamp without time zone", OG_OID_TIMESTAMP},
    {"datetime", OG_OID_TIMESTAMP},
    {"timestamptz", OG_OID_TIMESTAMPTZ},
    {"timestamp with time zone", OG_OID_TIMESTAMPTZ},
    {"interval", OG_OID_INTERVAL},
    {"uuid", OG_OID_UUID},
    {"json", OG_OID_JSON},
    {"jsonb", OG_OID_JSONB},
};

/* PostgreSQL type of a declared column type, or 0 when it names none we
 * know. A trailing " TEXT" or " BLOB" after a known name only sets SQLite's
 * affinity ("NUMERIC TEXT", "FLOAT8 BLOB": see docs/sqlite.md) and is ignored. */
static uint32_t decltype_oid(const char *decl)
{
    if (!decl)
        return 0;
    char norm[64] = "";
    size_t n = 0;
    int depth = 0;
    for (const char *s = decl; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '(')
            depth++;
        else if (ch == ')')
            depth--;
        else if (depth > 0)
            continue;
        else if (isspace(ch)) {
            if (n > 0 && norm[n - 1] != ' ')
                norm[n++] = ' ';
        } else
            norm[n++] = (char)tolower(ch);
        if (n >= sizeof(norm) - 1)
            return 0;
    }
    while (n > 0 && norm[n - 1] == ' ')
        n--;
    bool array = n > 2 && norm[n - 2] == '[' && norm[n - 1] == ']';
    if (array) {
        n -= 2;
        while (n > 0 && norm[n - 1] == ' ')
            n--;
    }
    norm[n] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < sizeof(decl_types) / sizeof(decl_types[0]); k++)
            if (!strcmp(norm, decl_types[k].name))
                return array ? og_type_array_of(decl_types[k].oid) : decl_types[k].oid;
        if (array || n < 6 || (strcmp(norm + n - 5, " text") && strcmp(norm + n - 5, " blob")))
            break;
        n -= 5; /* "numeric text": the affinity word */
        norm[n] = '\0';
        array = n > 2 && norm[n - 2] == '[' && norm[n - 1] == ']';
        if (array) {
            n -= 2;
            norm[n] = '\0';
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Binding: og_value -> SQLite (the encoding of docs/sqlite.md)
 * ------------------------------------------------------------------------ */

static bool json_elem_encode(og_buf *o, const og_value *e, uint32_t elem, og_error *err)
{
    char num[48];
    if (e->isnull) {
        og_buf_puts(o, "null");
        return true;
    }
    switch (elem) {
    case OG_OID_BOOL:
        og_buf_puts(o, e->u.b ? "true" : "false");
        return true;
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        og_buf_printf(o, "%lld", (long long)e->u.i);
        return true;
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        fmt_double(e->u.f, elem == OG_OID_FLOAT4, num, sizeof(num));
        if (isnan(e->u.f) || isinf(e->u.f))
            buf_json_string(o, num, strlen(num)); /* JSON has no NaN or Infinity */
        else
            og_buf_puts(o, num);
        return true;
    case OG_OID_BYTEA: {
        static const char hex[] = "0123456789abcdef";
        og_buf_putc(o, '"');
        for (size_t k = 0; k < e->u.str.len; k++) {
            og_buf_putc(o, (uint8_t)hex[(uint8_t)e->u.str.p[k] >> 4]);
            og_buf_putc(o, (uint8_t)hex[(uint8_t)e->u.str.p[k] & 15]);
        }
        og_buf_putc(o, '"');
        return true;
    }
    case OG_OID_INTERVAL: {
        og_buf t = OG_BUF_INIT;
        buf_interval(&t, e->u.iv);
        buf_json_string(o, (const char *)t.data, t.len);
        og_buf_free(&t);
        return true;
    }
    case OG_OID_UUID:
        og_buf_putc(o, '"');
        buf_uuid(o, e->u.uuid);
        og_buf_putc(o, '"');
        return true;
    default:
        if (oid_is_str(elem)) { /* numeric, text family, json: the text as a JSON string */
            buf_json_string(o, e->u.str.p ? e->u.str.p : "", e->u.str.len);
            return true;
        }
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "arrays of type %s are not supported by the SQLite backend", og_type_name(elem));
        return false;
    }
}

/* An array as JSON text: [e1,e2,...], or {"lbound":n,"elems":[...]} when the
 * lower bound is not 1. */
static bool json_array_encode(og_buf *o, const og_value *v, og_error *err)
{
    const og_array *arr = &v->u.arr;
    uint32_t elem = arr->elem_oid ? arr->elem_oid : og_type_array_elem(v->oid);
    bool bounded = arr->n > 0 && arr->lbound != 1;
    if (bounded)
        og_buf_printf(o, "{\"lbound\":%d,\"elems\":", arr->lbound);
    og_buf_putc(o, '[');
    for (uint32_t k = 0; k < arr->n; k++) {
        if (k)
            og_buf_putc(o, ',');
        if (!json_elem_encode(o, &arr->elems[k], elem, err))
            return false;
    }
    og_buf_putc(o, ']');
    if (bounded)
        og_buf_putc(o, '}');
    return true;
}

/* Bind one value; text built here lives in arena (the job's, alive until the statement is reset). */
static int bind_value(sqlite3_stmt *st, int idx, const og_value *v, og_arena *a, og_error *err)
{
    if (v->isnull)
        return sqlite3_bind_null(st, idx);
    if (og_type_array_elem(v->oid)) {
        og_buf o = OG_BUF_INIT;
        if (!json_array_encode(&o, v, err)) {
            og_buf_free(&o);
            return SQLITE_MISUSE;
        }
        char *s = og_arena_memdup(a, o.data ? (const char *)o.data : "", o.len);
        size_t n = o.len;
        og_buf_free(&o);
        return sqlite3_bind_text64(st, idx, s, n, SQLITE_STATIC, SQLITE_UTF8);
    }
    switch (v->oid) {
    case OG_OID_BOOL:
        return sqlite3_bind_int64(st, idx, v->u.b ? 1 : 0);
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        return sqlite3_bind_int64(st, idx, v->u.i);
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        if (isnan(v->u.f)) /* SQLite stores a bound NaN as NULL */
            return sqlite3_bind_text64(st, idx, "NaN", 3, SQLITE_STATIC, SQLITE_UTF8);
        return sqlite3_bind_double(st, idx, v->u.f);
    case OG_OID_BYTEA: /* a NULL pointer would bind NULL, not an empty blob */
        return sqlite3_bind_blob64(st, idx, v->u.str.p ? v->u.str.p : "", v->u.str.len, SQLITE_STATIC);
    case OG_OID_UUID:
        return sqlite3_bind_blob64(st, idx, v->u.uuid, 16, SQLITE_STATIC);
    case OG_OID_INTERVAL: {
        og_buf o = OG_BUF_INIT;
        buf_interval(&o, v->u.iv);
        char *s = og_arena_memdup(a, o.data, o.len);
        size_t n = o.len;
        og_buf_free(&o);
        return sqlite3_bind_text64(st, idx, s, n, SQLITE_STATIC, SQLITE_UTF8);
    }
    default:
        if (oid_is_str(v->oid)) /* text family, numeric, json, jsonb, unknown */
            return sqlite3_bind_text64(st, idx, v->u.str.p ? v->u.str.p : "", v->u.str.len, SQLITE_STATIC, SQLITE_UTF8);
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "parameters of type %s are not supported by the SQLite backend", og_type_name(v->oid));
        return SQLITE_MISUSE;
    }
}

/* ------------------------------------------------------------------------
 * Reading: SQLite -> og_value (the inverse of the binding)
 * ------------------------------------------------------------------------ */

/* One SQLite value, detached from the statement. */
typedef struct sq_cell {
    int cls; /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL */
    int64_t i;
    double f;
    const char *p;
    size_t n;
} sq_cell;

static sq_cell cell_of(sqlite3_stmt *st, int col)
{
    sq_cell c = {.cls = sqlite3_column_type(st, col)};
    switch (c.cls) {
    case SQLITE_INTEGER:
        c.i = sqlite3_column_int64(st, col);
        break;
    case SQLITE_FLOAT:
        c.f = sqlite3_column_double(st, col);
        break;
    case SQLITE_TEXT:
        c.p = (const char *)sqlite3_column_text(st, col);
        c.n = (size_t)sqlite3_column_bytes(st, col);
        break;
    case SQLITE_BLOB:
        c.p = sqlite3_column_blob(st, col);
        c.n = (size_t)sqlite3_column_bytes(st, col);
        break;
    default:
        break;
    }
    if (!c.p)
        c.p = ""; /* an empty blob or text comes back as NULL pointer */
    return c;
}

static const char *cls_name(int cls)
{
    switch (cls) {
    case SQLITE_INTEGER:
        return "INTEGER";
    case SQLITE_FLOAT:
        return "REAL";
    case SQLITE_TEXT:
        return "TEXT";
    case SQLITE_BLOB:
        return "BLOB";
    default:
        return "NULL";
    }
}

static void err_syntax(og_error *err, uint32_t oid, const char *p, size_t n)
{
    int show = n > SQ_MSG_VALUE_MAX ? SQ_MSG_VALUE_MAX : (int)n;
    og_error_set(err, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type %s: \"%.*s\"",
                 og_type_name(oid), show, p);
}

static void err_mismatch(og_error *err, uint32_t oid, int cls)
{
    og_error_set(err, "42804", "cannot read a SQLite %s value as type %s", cls_name(cls), og_type_name(oid));
}

/* The cell as text: TEXT and BLOB as they are, numbers in PostgreSQL's text form. */
static void cell_text(og_arena *a, const sq_cell *c, const char **p, size_t *n)
{
    char buf[48];
    if (c->cls == SQLITE_INTEGER)
        snprintf(buf, sizeof(buf), "%lld", (long long)c->i);
    else if (c->cls == SQLITE_FLOAT)
        fmt_double(c->f, false, buf, sizeof(buf));
    else {
        *p = og_arena_memdup(a, c->p, c->n);
        *n = c->n;
        return;
    }
    *n = strlen(buf);
    *p = og_arena_memdup(a, buf, *n);
}

static bool int_in_range(uint32_t oid, int64_t v)
{
    if (oid == OG_OID_INT2)
        return v >= INT16_MIN && v <= INT16_MAX;
    if (oid == OG_OID_INT4)
        return v >= INT32_MIN && v <= INT32_MAX;
    if (oid == OG_OID_OID)
        return v >= 0 && v <= UINT32_MAX;
    return true;
}

static bool decode_int(const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    int64_t v;
    switch (c->cls) {
    case SQLITE_INTEGER:
        v = c->i;
        break;
    case SQLITE_FLOAT: { /* float to integer rounds half to even, as PostgreSQL */
        double r = rint(c->f);
        if (isnan(r) || r < -9223372036854775808.0 || r >= 9223372036854775808.0)
            goto range;
        v = (int64_t)r;
        break;
    }
    case SQLITE_TEXT:
        if (!parse_int64(c->p, c->n, &v)) {
            err_syntax(err, oid, c->p, c->n);
            return false;
        }
        break;
    default:
        err_mismatch(err, oid, c->cls);
        return false;
    }
    if (!int_in_range(oid, v))
        goto range;
    out->u.i = v;
    return true;
range:
    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "%s out of range", og_type_name(oid));
    return false;
}

static bool decode_float(const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    double v;
    bool range = false;
    switch (c->cls) {
    case SQLITE_INTEGER:
        v = (double)c->i;
        break;
    case SQLITE_FLOAT:
        v = c->f;
        break;
    case SQLITE_TEXT:
        if (!parse_double(c->p, c->n, &v, &range)) {
            err_syntax(err, oid, c->p, c->n);
            return false;
        }
        break;
    default:
        err_mismatch(err, oid, c->cls);
        return false;
    }
    if (oid == OG_OID_FLOAT4 && isfinite(v)) {
        float f = (float)v;
        range = range || isinf(f);
        v = f;
    }
    if (range) {
        og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "value out of range: overflow");
        return false;
    }
    out->u.f = v;
    return true;
}

static bool decode_bool(const sq_cell *c, og_value *out, og_error *err)
{
    static const char *const yes[] = {"t", "true", "y", "yes", "on", "1"};
    static const char *const no[] = {"f", "false", "n", "no", "off", "0"};
    switch (c->cls) {
    case SQLITE_INTEGER:
        out->u.b = c->i != 0;
        return true;
    case SQLITE_FLOAT:
        out->u.b = c->f != 0;
        return true;
    case SQLITE_TEXT:
        for (size_t k = 0; k < sizeof(yes) / sizeof(yes[0]); k++) {
            if (text_is_word(c->p, c->n, yes[k])) {
                out->u.b = true;
                return true;
            }
            if (text_is_word(c->p, c->n, no[k])) {
                out->u.b = false;
                return true;
            }
        }
        err_syntax(err, OG_OID_BOOL, c->p, c->n);
        return false;
    default:
        err_mismatch(err, OG_OID_BOOL, c->cls);
        return false;
    }
}

static bool decode_numeric(og_arena *a, const sq_cell *c, og_value *out, og_error *err)
{
    char buf[48];
    const char *p = c->p;
    size_t n = c->n;
    if (c->cls == SQLITE_INTEGER) {
        n = (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)c->i);
        p = buf;
    } else if (c->cls == SQLITE_FLOAT) { /* as float8_numeric: 15 significant digits */
        if (isnan(c->f))
            n = (size_t)snprintf(buf, sizeof(buf), "NaN");
        else if (isinf(c->f))
            n = (size_t)snprintf(buf, sizeof(buf), c->f > 0 ? "Infinity" : "-Infinity");
        else
            n = (size_t)snprintf(buf, sizeof(buf), "%.15g", c->f);
        p = buf;
    } else if (c->cls != SQLITE_TEXT) {
        err_mismatch(err, OG_OID_NUMERIC, c->cls);
        return false;
    }
    size_t len;
    char *s = numeric_canon(a, p, n, &len);
    if (!s) {
        err_syntax(err, OG_OID_NUMERIC, p, n);
        return false;
    }
    out->u.str.p = s;
    out->u.str.len = len;
    return true;
}

static bool decode_datetime(const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    int64_t v;
    if (c->cls == SQLITE_INTEGER) {
        v = c->i;
    } else if (c->cls == SQLITE_TEXT) {
        bool ok = oid == OG_OID_DATE   ? parse_date(c->p, c->n, &v)
                  : oid == OG_OID_TIME ? parse_time(c->p, c->n, &v)
                                       : parse_timestamp(c->p, c->n, oid == OG_OID_TIMESTAMPTZ, &v);
        if (!ok) {
            err_syntax(err, oid, c->p, c->n);
            return false;
        }
    } else {
        err_mismatch(err, oid, c->cls);
        return false;
    }
    if ((oid == OG_OID_DATE && (v < INT32_MIN || v > INT32_MAX)) ||
        (oid == OG_OID_TIME && (v < 0 || v > USECS_PER_DAY))) {
        og_error_set(err, OG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "%s out of range", og_type_name(oid));
        return false;
    }
    out->u.i = v;
    return true;
}

static bool decode_interval(const sq_cell *c, og_value *out, og_error *err)
{
    if (c->cls == SQLITE_INTEGER) { /* microseconds, e.g. a difference of two timestamps */
        out->u.iv = (og_interval){.usec = c->i};
        return true;
    }
    if (c->cls != SQLITE_TEXT) {
        err_mismatch(err, OG_OID_INTERVAL, c->cls);
        return false;
    }
    if (!parse_interval(c->p, c->n, &out->u.iv)) {
        err_syntax(err, OG_OID_INTERVAL, c->p, c->n);
        return false;
    }
    return true;
}

static bool decode_uuid(const sq_cell *c, og_value *out, og_error *err)
{
    if (c->cls == SQLITE_BLOB && c->n == 16) {
        memcpy(out->u.uuid, c->p, 16);
        return true;
    }
    if (c->cls == SQLITE_TEXT && parse_uuid(c->p, c->n, out->u.uuid))
        return true;
    if (c->cls == SQLITE_TEXT)
        err_syntax(err, OG_OID_UUID, c->p, c->n);
    else
        err_mismatch(err, OG_OID_UUID, c->cls);
    return false;
}

/* --- arrays: a small JSON reader over the text json_array_encode wrote --- */

typedef enum { JT_NULL, JT_TRUE, JT_FALSE, JT_NUM, JT_STR } jt_kind;

typedef struct jtok {
    jt_kind kind;
    const char *raw; /* the token's text in the input */
    size_t rawlen;
    char *s; /* JT_STR: decoded (arena) */
    size_t slen;
} jtok;

static void json_space(sq_text *t)
{
    while (t->i < t->n && t->p[t->i] && strchr(" \t\r\n", t->p[t->i]))
        t->i++;
}

static void utf8_put(og_buf *o, uint32_t cp)
{
    if (cp < 0x80) {
        og_buf_putc(o, (uint8_t)cp);
    } else if (cp < 0x800) {
        og_buf_putc(o, (uint8_t)(0xC0 | cp >> 6));
        og_buf_putc(o, (uint8_t)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        og_buf_putc(o, (uint8_t)(0xE0 | cp >> 12));
        og_buf_putc(o, (uint8_t)(0x80 | (cp >> 6 & 0x3F)));
        og_buf_putc(o, (uint8_t)(0x80 | (cp & 0x3F)));
    } else {
        og_buf_putc(o, (uint8_t)(0xF0 | cp >> 18));
        og_buf_putc(o, (uint8_t)(0x80 | (cp >> 12 & 0x3F)));
        og_buf_putc(o, (uint8_t)(0x80 | (cp >> 6 & 0x3F)));
        og_buf_putc(o, (uint8_t)(0x80 | (cp & 0x3F)));
    }
}

static bool json_hex4(sq_text *t, uint32_t *cp)
{
    if (t->i + 4 > t->n)
        return false;
    *cp = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval((unsigned char)t->p[t->i++]);
        if (h < 0)
            return false;
        *cp = *cp << 4 | (uint32_t)h;
    }
    return true;
}

static bool json_string(og_arena *a, sq_text *t, jtok *tok)
{
    og_buf o = OG_BUF_INIT;
    t->i++; /* the opening quote */
    for (;;) {
        if (t->i >= t->n)
            goto bad;
        unsigned char ch = (unsigned char)t->p[t->i++];
        if (ch == '"')
            break;
        if (ch < 0x20)
            goto bad;
        if (ch != '\\') {
            og_buf_putc(&o, ch);
            continue;
        }
        if (t->i >= t->n)
            goto bad;
        ch = (unsigned char)t->p[t->i++];
        const char *esc = strchr("\"\\/bfnrt", ch);
        if (esc && ch) {
            og_buf_putc(&o, (uint8_t) "\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrt"]);
            continue;
        }
        uint32_t cp, lo;
        if (ch != 'u' || !json_hex4(t, &cp))
            goto bad;
        if (cp >= 0xD800 && cp < 0xDC00) {
            if (t->i + 2 > t->n || t->p[t->i] != '\\' || t->p[t->i + 1] != 'u')
                goto bad;
            t->i += 2;
            if (!json_hex4(t, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                goto bad;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp < 0xE000) {
            goto bad;
        }
        utf8_put(&o, cp);
    }
    tok->kind = JT_STR;
    tok->s = og_arena_memdup(a, o.data ? (const char *)o.data : "", o.len);
    tok->slen = o.len;
    og_buf_free(&o);
    return true;
bad:
    og_buf_free(&o);
    return false;
}

/* One scalar JSON value (arrays and objects are not array elements). */
static bool json_scalar(og_arena *a, sq_text *t, jtok *tok)
{
    json_space(t);
    size_t start = t->i;
    if (t->i >= t->n)
        return false;
    char ch = t->p[t->i];
    if (ch == '"') {
        if (!json_string(a, t, tok))
            return false;
    } else if (ch == '-' || isdigit((unsigned char)ch)) {
        while (t->i < t->n && t->p[t->i] && strchr("+-0123456789.eE", t->p[t->i]))
            t->i++;
        tok->kind = JT_NUM;
    } else {
        static const struct {
            const char *w;
            jt_kind k;
        } words[] = {{"null", JT_NULL}, {"true", JT_TRUE}, {"false", JT_FALSE}};
        size_t k;
        for (k = 0; k < 3; k++) {
            size_t len = strlen(words[k].w);
            if (t->n - t->i >= len && !strncmp(t->p + t->i, words[k].w, len)) {
                t->i += len;
                tok->kind = words[k].k;
                break;
            }
        }
        if (k == 3)
            return false;
    }
    tok->raw = t->p + start;
    tok->rawlen = t->i - start;
    return true;
}

static bool decode_cell(og_arena *a, const sq_cell *c, uint32_t oid, og_value *out, og_error *err);

/* A JSON array element into a value of type elem (the inverse of json_elem_encode). */
static bool json_elem_decode(og_arena *a, const jtok *tok, uint32_t elem, og_value *out, og_error *err)
{
    *out = og_value_null(elem);
    if (tok->kind == JT_NULL)
        return true;
    out->isnull = false;
    bool str = tok->kind == JT_STR, num = tok->kind == JT_NUM;
    sq_cell c = {.cls = SQLITE_TEXT, .p = str ? tok->s : tok->raw, .n = str ? tok->slen : tok->rawlen};
    switch (elem) {
    case OG_OID_BOOL:
        if (tok->kind != JT_TRUE && tok->kind != JT_FALSE)
            return false;
        out->u.b = tok->kind == JT_TRUE;
        return true;
    case OG_OID_BYTEA: {
        if (!str || tok->slen % 2)
            return false;
        char *bytes = og_arena_alloc(a, tok->slen / 2 + 1);
        for (size_t k = 0; k < tok->slen / 2; k++) {
            int hi = hexval((unsigned char)tok->s[2 * k]), lo = hexval((unsigned char)tok->s[2 * k + 1]);
            if (hi < 0 || lo < 0)
                return false;
            bytes[k] = (char)(hi << 4 | lo);
        }
        out->u.str.p = bytes;
        out->u.str.len = tok->slen / 2;
        return true;
    }
    case OG_OID_JSON:
    case OG_OID_JSONB: /* a string holds the document; any other token is the document */
        cell_text(a, &c, &out->u.str.p, &out->u.str.len);
        return true;
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        if (!num || !parse_int64(c.p, c.n, &c.i))
            return false;
        c.cls = SQLITE_INTEGER;
        return decode_cell(a, &c, elem, out, err);
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
    case OG_OID_NUMERIC: /* numbers, or strings: "NaN", "Infinity", a numeric's text */
        return (num || str) && decode_cell(a, &c, elem, out, err);
    default: /* interval, uuid, the text family: strings */
        return str && decode_cell(a, &c, elem, out, err);
    }
}

/* [..] or {"lbound":n,"elems":[..]} into an array of type oid. */
static bool decode_array(og_arena *a, const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    uint32_t elem = og_type_array_elem(oid);
    if (c->cls != SQLITE_TEXT) {
        err_mismatch(err, oid, c->cls);
        return false;
    }
    sq_text t = {c->p, c->n, 0};
    int64_t lbound = 1;
    bool object = false;
    size_t cap = 8, n = 0;
    og_value *elems = NULL;
    og_error sub = OG_ERROR_INIT;
    json_space(&t);
    if (text_eat(&t, '{')) { /* {"lbound":n,"elems":[...]}, keys in this order */
        object = true;
        jtok k;
        json_space(&t);
        if (!json_scalar(a, &t, &k) || k.kind != JT_STR || strcmp(k.s, "lbound"))
            goto bad;
        json_space(&t);
        if (!text_eat(&t, ':'))
            goto bad;
        json_space(&t);
        bool neg = text_eat(&t, '-');
        if (!text_digits(&t, 1, 10, &lbound))
            goto bad;
        lbound = neg ? -lbound : lbound;
        if (lbound < INT32_MIN || lbound > INT32_MAX)
            goto bad;
        json_space(&t);
        if (!text_eat(&t, ',') || !json_scalar(a, &t, &k) || k.kind != JT_STR || strcmp(k.s, "elems"))
            goto bad;
        json_space(&t);
        if (!text_eat(&t, ':'))
            goto bad;
        json_space(&t);
    }
    if (!text_eat(&t, '['))
        goto bad;
    elems = og_arena_alloc(a, cap * sizeof(og_value));
    json_space(&t);
    if (!text_eat(&t, ']')) {
        for (;;) {
            jtok tok;
            if (!json_scalar(a, &t, &tok))
                goto bad;
            if (n == cap) {
                og_value *bigger = og_arena_alloc(a, 2 * cap * sizeof(og_value));
                memcpy(bigger, elems, n * sizeof(og_value));
                elems = bigger;
                cap *= 2;
            }
            if (!json_elem_decode(a, &tok, elem, &elems[n], &sub))
                goto bad;
            n++;
            json_space(&t);
            if (text_eat(&t, ']'))
                break;
            if (!text_eat(&t, ','))
                goto bad;
        }
    }
    json_space(&t);
    if (object && !text_eat(&t, '}'))
        goto bad;
    json_space(&t);
    if (t.i != t.n || n > UINT32_MAX)
        goto bad;
    out->u.arr = (og_array){.elem_oid = elem, .n = (uint32_t)n, .lbound = n ? (int32_t)lbound : 1, .elems = elems};
    return true;
bad:
    if (og_error_isset(&sub) && strcmp(sub.code, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION) != 0) {
        og_error_move(err, &sub); /* out of range and the like keep their own code */
        return false;
    }
    og_error_set(err, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "malformed array literal: \"%.*s\"",
                 c->n > SQ_MSG_VALUE_MAX ? SQ_MSG_VALUE_MAX : (int)c->n, c->p);
    og_error_detail(err, "The SQLite backend stores %s as a JSON array of %s.", og_type_name(oid), og_type_name(elem));
    og_error_clear(&sub);
    return false;
}

/* A cell into a value of type oid; payloads go into arena. */
static bool decode_cell(og_arena *a, const sq_cell *c, uint32_t oid, og_value *out, og_error *err)
{
    *out = og_value_null(oid);
    if (c->cls == SQLITE_NULL)
        return true;
    out->isnull = false;
    if (og_type_array_elem(oid))
        return decode_array(a, c, oid, out, err);
    switch (oid) {
    case OG_OID_BOOL:
        return decode_bool(c, out, err);
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
        return decode_int(c, oid, out, err);
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        return decode_float(c, oid, out, err);
    case OG_OID_NUMERIC:
        return decode_numeric(a, c, out, err);
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        return decode_datetime(c, oid, out, err);
    case OG_OID_INTERVAL:
        return decode_interval(c, out, err);
    case OG_OID_UUID:
        return decode_uuid(c, out, err);
    default:
        if (oid_is_str(oid)) { /* text family, json, bytea: the bytes; numbers as text */
            cell_text(a, c, &out->u.str.p, &out->u.str.len);
            return true;
        }
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "result columns of type %s are not supported by the SQLite backend", og_type_name(oid));
        return false;
    }
}

/* ------------------------------------------------------------------------
 * Results
 * ------------------------------------------------------------------------ */

/* Rows while a statement steps (malloc'd pointer array, values in the result's arena). */
typedef struct sq_rows {
    og_value **v;
    size_t n, cap;
    bool *dynamic; /* per column: type inferred from the values */
} sq_rows;

static drv_result *result_new(void)
{
    drv_result *r = xcalloc(1, sizeof(*r));
    og_arena_init(&r->arena);
    return r;
}

/* drv_result is malloc'd with its arena inside; see the note in the report: this
 * belongs in a shared drivers/driver.c. Weak, so that one can replace it. */
/* Names and types of the result columns (after the first step, when names are final). */
static void result_columns(drv_result *r, sq_rows *rows, sqlite3_stmt *st, const sq_job *j)
{
    int n = sqlite3_column_count(st);
    assert(n >= 0 && n <= UINT16_MAX);
    r->ncols = (uint16_t)n;
    r->cols = og_arena_zalloc(&r->arena, (size_t)n * sizeof(drv_column));
    rows->dynamic = xcalloc((size_t)n, sizeof(bool));
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(st, i);
        r->cols[i].name = og_arena_strdup(&r->arena, name ? name : "?column?");
        uint32_t oid = i < j->ntypes ? j->types[i] : 0;
        if (!oid)
            oid = decltype_oid(sqlite3_column_decltype(st, i));
        r->cols[i].type_oid = oid;
        rows->dynamic[i] = oid == 0;
    }
}

static uint32_t oid_of_class(int cls)
{
    switch (cls) {
    case SQLITE_INTEGER:
        return OG_OID_INT8;
    case SQLITE_FLOAT:
        return OG_OID_FLOAT8;
    case SQLITE_BLOB:
        return OG_OID_BYTEA;
    default:
        return OG_OID_TEXT;
    }
}

/* A column typed by its values met a value of another class: widen the
 * values so far (int8 -> float8; numbers or bytea -> text). */
static uint32_t column_widen(drv_result *r, sq_rows *rows, int col, int cls)
{
    uint32_t cur = r->cols[col].type_oid;
    if ((cur == OG_OID_INT8 && cls == SQLITE_INTEGER) || (cur == OG_OID_FLOAT8 && cls == SQLITE_FLOAT) ||
        (cur == OG_OID_FLOAT8 && cls == SQLITE_INTEGER) || (cur == OG_OID_BYTEA && cls == SQLITE_BLOB) ||
        cur == OG_OID_TEXT)
        return cur;
    uint32_t to = (cur == OG_OID_INT8 && cls == SQLITE_FLOAT) ? OG_OID_FLOAT8 : OG_OID_TEXT;
    for (size_t k = 0; k < rows->n; k++) {
        og_value *v = &rows->v[k][col];
        v->oid = to;
        if (v->isnull)
            continue;
        if (to == OG_OID_FLOAT8) {
            v->u.f = (double)v->u.i;
        } else if (cur != OG_OID_BYTEA) {
            sq_cell c = {.cls = cur == OG_OID_INT8 ? SQLITE_INTEGER : SQLITE_FLOAT, .i = v->u.i, .f = v->u.f};
            cell_text(&r->arena, &c, &v->u.str.p, &v->u.str.len);
        }
    }
    r->cols[col].type_oid = to;
    return to;
}

static bool row_add(drv_result *r, sq_rows *rows, sqlite3_stmt *st, og_error *err)
{
    if (rows->n == rows->cap) {
        size_t cap = rows->cap ? 2 * rows->cap : 16;
        og_value **v = realloc(rows->v, cap * sizeof(*v));
        if (!v)
            abort();
        rows->v = v;
        rows->cap = cap;
    }
    if (rows->n >= UINT32_MAX) {
        og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "result has too many rows");
        return false;
    }
    og_value *row = og_arena_alloc(&r->arena, (r->ncols ? r->ncols : 1) * sizeof(og_value));
    for (int i = 0; i < r->ncols; i++) {
        sq_cell c = cell_of(st, i);
        uint32_t oid = r->cols[i].type_oid;
        if (rows->dynamic[i] && c.cls != SQLITE_NULL)
            oid = oid ? column_widen(r, rows, i, c.cls) : (r->cols[i].type_oid = oid_of_class(c.cls));
        if (!decode_cell(&r->arena, &c, oid, &row[i], err)) {
            og_error_detail(err, "in result column \"%s\" (a SQLite %s value)", r->cols[i].name, cls_name(c.cls));
            return false;
        }
    }
    rows->v[rows->n++] = row;
    return true;
}

/* Move the rows into the result (pointer array in its arena). */
static void result_finish(drv_result *r, sq_rows *rows)
{
    r->nrows = (uint32_t)rows->n;
    r->rows = og_arena_alloc(&r->arena, (rows->n ? rows->n : 1) * sizeof(og_value *));
    if (rows->n)
        memcpy(r->rows, rows->v, rows->n * sizeof(og_value *));
    for (int i = 0; i < r->ncols; i++) {
        if (!rows->dynamic || !rows->dynamic[i])
            continue;
        if (!r->cols[i].type_oid)
            r->cols[i].type_oid = OG_OID_TEXT; /* only NULLs: text, as an unknown literal */
        for (size_t k = 0; k < rows->n; k++)
            if (rows->v[k][i].isnull)
                rows->v[k][i].oid = r->cols[i].type_oid;
    }
}

static void rows_free(sq_rows *rows)
{
    free(rows->v);
    free(rows->dynamic);
    memset(rows, 0, sizeof(*rows));
}

/* ------------------------------------------------------------------------
 * Errors: SQLite result codes and messages -> SQLSTATE and PostgreSQL's words
 * ------------------------------------------------------------------------ */

/* "UNIQUE constraint failed: t.a, t.b" and the like: the part after ": ". */
static const char *msg_subject(const char *msg)
{
    const char *s = strstr(msg, ": ");
    return s ? s + 2 : "";
}

/* Split "t.a, t.b" into the table and the columns (", " and "_" joined). */
static void split_columns(const char *list, og_buf *table, og_buf *cols, og_buf *cols_us)
{
    const char *s = list;
    while (*s) {
        const char *end = strstr(s, ", ");
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *dot = memchr(s, '.', len);
        if (dot && table->len == 0)
            og_buf_append(table, s, (size_t)(dot - s));
        const char *col = dot ? dot + 1 : s;
        size_t clen = len - (size_t)(col - s);
        if (cols->len) {
            og_buf_puts(cols, ", ");
            og_buf_putc(cols_us, '_');
        }
        og_buf_append(cols, col, clen);
        og_buf_append(cols_us, col, clen);
        s = end ? end + 2 : s + len;
    }
    og_buf_cstr(table);
    og_buf_cstr(cols);
    og_buf_cstr(cols_us);
}

/* Prepare a catalog query with ?1 bound to text. NULL on failure. */
static sqlite3_stmt *catalog_query(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return NULL;
    }
    sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    return st;
}

/* The unique index of table over exactly the columns "a,b": its name and origin ('pk', 'u', 'c'). */
static char *unique_index_of(sqlite3 *db, const char *table, const char *cols_comma, char *origin)
{
    sqlite3_stmt *st = catalog_query(db,
                                     "SELECT il.name, il.origin, ii.name FROM pragma_index_list(?1) AS il, "
                                     "pragma_index_info(il.name) AS ii WHERE il.\"unique\" ORDER BY il.seq, ii.seqno",
                                     table);
    char *found = NULL;
    og_buf name = OG_BUF_INIT, cols = OG_BUF_INIT;
    char org = 0;
    while (st && !found) {
        int rc = sqlite3_step(st);
        const char *n = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (!n || (name.len && strcmp(og_buf_cstr(&name), n) != 0)) { /* an index ended */
            if (name.len && !strcmp(og_buf_cstr(&cols), cols_comma)) {
                found = xstrdup(og_buf_cstr(&name));
                *origin = org;
            }
            og_buf_clear(&name);
            og_buf_clear(&cols);
        }
        if (!n)
            break;
        if (!name.len) {
            og_buf_puts(&name, n);
            const char *o = (const char *)sqlite3_column_text(st, 1);
            org = o ? o[0] : 0;
        }
        if (cols.len)
            og_buf_putc(&cols, ',');
        const char *c = (const char *)sqlite3_column_text(st, 2);
        og_buf_puts(&cols, c ? c : "");
    }
    sqlite3_finalize(st);
    og_buf_free(&name);
    og_buf_free(&cols);
    return found;
}

static void err_unique(sqlite3 *db, bool pk, const char *msg, const sq_cached *e, og_error *err)
{
    const char *subject = msg_subject(msg);
    og_buf table = OG_BUF_INIT, cols = OG_BUF_INIT, cols_us = OG_BUF_INIT;
    char *constraint = NULL;
    const char *idx;
    if (starts(subject, "index '", &idx)) { /* an index on expressions names itself */
        const char *q = strchr(idx, '\'');
        constraint = strndup(idx, q ? (size_t)(q - idx) : strlen(idx));
        og_buf_puts(&table, e && e->table ? e->table : "");
        og_buf_cstr(&table);
    } else {
        split_columns(subject, &table, &cols, &cols_us);
        og_buf comma = OG_BUF_INIT;
        for (size_t k = 0; k < cols.len; k++)
            if (!(cols.data[k] == ' ' && k > 0 && cols.data[k - 1] == ','))
                og_buf_putc(&comma, cols.data[k]);
        char origin = pk ? 'p' : 'u';
        char *index = db && table.len ? unique_index_of(db, og_buf_cstr(&table), og_buf_cstr(&comma), &origin) : NULL;
        og_buf_free(&comma);
        if (index && strncmp(index, "sqlite_autoindex_", 17) != 0)
            constraint = index; /* created by name: PostgreSQL would name it so too */
        else {
            free(index);
            constraint = origin == 'p' ? pg_object_name(og_buf_cstr(&table), NULL, "pkey")
                                       : pg_object_name(og_buf_cstr(&table), og_buf_cstr(&cols_us), "key");
        }
    }
    og_error_set(err, "23505", "duplicate key value violates unique constraint \"%s\"", constraint);
    if (cols.len)
        og_error_detail(err, "Key (%s) already exists.", og_buf_cstr(&cols));
    err->constraint = constraint;
    if (table.len)
        err->table = xstrdup(og_buf_cstr(&table));
    og_buf_free(&table);
    og_buf_free(&cols);
    og_buf_free(&cols_us);
}

/* Foreign keys of child, or referencing parent: how many, and the first one's
 * referencing table, columns (", " and "_" joined) and referenced table. */
typedef struct sq_fk {
    int count;
    og_buf child, cols, cols_us, parent;
} sq_fk;

static void fk_find(sqlite3 *db, const char *child, const char *parent, sq_fk *fk)
{
    sqlite3_stmt *st =
        child ? catalog_query(
                    db, "SELECT ?1, id, \"from\", \"table\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq", child)
              : catalog_query(db,
                              "SELECT m.name, f.id, f.\"from\", f.\"table\" FROM sqlite_schema AS m, "
                              "pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table' AND "
                              "f.\"table\" = ?1 COLLATE NOCASE ORDER BY m.name, f.id, f.seq",
                              parent);
    memset(fk, 0, sizeof(*fk));
    og_buf key = OG_BUF_INIT;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        const char *from = (const char *)sqlite3_column_text(st, 2);
        const char *to = (const char *)sqlite3_column_text(st, 3);
        og_buf k2 = OG_BUF_INIT;
        og_buf_printf(&k2, "%s\x1f%lld", t ? t : "", (long long)sqlite3_column_int64(st, 1));
        if (!key.len || strcmp(og_buf_cstr(&key), og_buf_cstr(&k2)) != 0) {
            fk->count++;
            og_buf_clear(&key);
            og_buf_append(&key, k2.data, k2.len);
        }
        og_buf_free(&k2);
        if (fk->count != 1)
            continue;
        if (!fk->child.len) {
            og_buf_puts(&fk->child, t ? t : "");
            og_buf_puts(&fk->parent, to ? to : "");
        }
        if (fk->cols.len) {
            og_buf_puts(&fk->cols, ", ");
            og_buf_putc(&fk->cols_us, '_');
        }
        og_buf_puts(&fk->cols, from ? from : "");
        og_buf_puts(&fk->cols_us, from ? from : "");
    }
    sqlite3_finalize(st);
    og_buf_free(&key);
    og_buf_cstr(&fk->child);
    og_buf_cstr(&fk->cols);
    og_buf_cstr(&fk->cols_us);
    og_buf_cstr(&fk->parent);
}

static void fk_free(sq_fk *fk)
{
    og_buf_free(&fk->child);
    og_buf_free(&fk->cols);
    og_buf_free(&fk->cols_us);
    og_buf_free(&fk->parent);
}

/* SQLite says only "FOREIGN KEY constraint failed"; the statement's target
 * table and the catalog tell which constraint when only one can be meant. */
static void err_foreign_key(sqlite3 *db, const sq_cached *e, const char *msg, og_error *err)
{
    const char *t = e && e->table ? e->table : NULL;
    sq_fk as_child = {0}, as_parent = {0};
    if (db && t && e->action != SQLITE_DELETE)
        fk_find(db, t, NULL, &as_child);
    if (db && t && e->action != SQLITE_INSERT)
        fk_find(db, NULL, t, &as_parent);
    bool child_side = as_child.count == 1 && as_parent.count == 0;
    bool parent_side = as_parent.count == 1 && as_child.count == 0;
    if (child_side) {
        char *name = pg_object_name(og_buf_cstr(&as_child.child), og_buf_cstr(&as_child.cols_us), "fkey");
        og_error_set(err, "23503", "insert or update on table \"%s\" violates foreign key constraint \"%s\"", t, name);
        og_error_detail(err, "Key (%s) is not present in table \"%s\".", og_buf_cstr(&as_child.cols),
                        og_buf_cstr(&as_child.parent));
        err->constraint = name;
        err->table = xstrdup(t);
    } else if (parent_side) {
        char *name = pg_object_name(og_buf_cstr(&as_parent.child), og_buf_cstr(&as_parent.cols_us), "fkey");
        og_error_set(err, "23503",
                     "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"", t, name,
                     og_buf_cstr(&as_parent.child));
        og_error_detail(err, "Key is still referenced from table \"%s\".", og_buf_cstr(&as_parent.child));
        err->constraint = name;
        err->table = xstrdup(og_buf_cstr(&as_parent.child));
    } else if (t) {
        og_error_set(err, "23503", "%s on table \"%s\" violates a foreign key constraint",
                     e->action == SQLITE_INSERT   ? "insert"
                     : e->action == SQLITE_DELETE ? "delete"
                                                  : "update",
                     t);
        og_error_detail(err, "SQLite: %s", msg);
        err->table = xstrdup(t);
    } else {
        og_error_set(err, "23503", "insert, update or delete violates a foreign key constraint");
        og_error_detail(err, "SQLite: %s", msg);
    }
    fk_free(&as_child);
    fk_free(&as_parent);
}

static void err_not_null(const char *msg, const sq_cached *e, og_error *err)
{
    og_buf table = OG_BUF_INIT, col = OG_BUF_INIT, col_us = OG_BUF_INIT;
    split_columns(msg_subject(msg), &table, &col, &col_us);
    if (!table.len && e && e->table)
        og_buf_puts(&table, e->table);
    og_error_set(err, "23502", "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
                 og_buf_cstr(&col), og_buf_cstr(&table));
    err->table = xstrdup(og_buf_cstr(&table));
    err->column = xstrdup(og_buf_cstr(&col));
    og_buf_free(&table);
    og_buf_free(&col);
    og_buf_free(&col_us);
}

/* SQLite names a CHECK by its name, or by its expression when it has none;
 * then PostgreSQL's name is <table>_<first column in it>_check. */
static void err_check(sqlite3 *db, const sq_cached *e, const char *msg, og_error *err)
{
    const char *what = msg_subject(msg);
    const char *t = e && e->table ? e->table : NULL;
    bool named = *what != '\0';
    for (const char *s = what; *s; s++)
        if (!is_ident_char((unsigned char)*s))
            named = false;
    char *name = NULL;
    if (named) {
        name = xstrdup(what);
    } else if (t) {
        sqlite3_stmt *st = db ? catalog_query(db, "SELECT name FROM pragma_table_info(?1)", t) : NULL;
        char **cols = NULL;
        size_t ncols = 0;
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            char **more = realloc(cols, (ncols + 1) * sizeof(*cols));
            if (!more)
                abort();
            cols = more;
            cols[ncols++] = xstrdup((const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
        for (const char *s = what; *s && !name;) { /* first identifier that is a column */
            if (!is_ident_char((unsigned char)*s) || isdigit((unsigned char)*s)) {
                s++;
                continue;
            }
            const char *w = s;
            while (*s && is_ident_char((unsigned char)*s))
                s++;
            for (size_t k = 0; k < ncols && !name; k++)
                if (strlen(cols[k]) == (size_t)(s - w) && !strncasecmp(cols[k], w, (size_t)(s - w)))
                    name = pg_object_name(t, cols[k], "check");
        }
        for (size_t k = 0; k < ncols; k++)
            free(cols[k]);
        free(cols);
        if (!name)
            name = pg_object_name(t, NULL, "check");
    }
    if (name && t)
        og_error_set(err, "23514", "new row for relation \"%s\" violates check constraint \"%s\"", t, name);
    else
        og_error_set(err, "23514", "new row violates check constraint \"%s\"", name ? name : what);
    if (!named)
        og_error_detail(err, "Failing check: %s", what);
    err->constraint = name;
    if (t)
        err->table = xstrdup(t);
}

/* SQLITE_ERROR: the message says what went wrong. */
static void err_message(const char *msg, og_error *err)
{
    static const struct {
        const char *prefix; /* the name follows it */
        const char *code;
        const char *before, *after; /* PostgreSQL's words around the name */
    } names[] = {
        {"no such table: ", "42P01", "relation \"", "\" does not exist"},
        {"no such index: ", "42704", "index \"", "\" does not exist"},
        {"no such function: ", "42883", "function ", " does not exist"},
        {"no such savepoint: ", "3B001", "savepoint \"", "\" does not exist"},
        {"no such collation sequence: ", "42704", "collation \"", "\" does not exist"},
        {"ambiguous column name: ", "42702", "column reference \"", "\" is ambiguous"},
        {"duplicate column name: ", "42701", "column \"", "\" specified more than once"},
        {"unrecognized token: ", "42601", "syntax error at or near ", ""},
    };
    static const struct {
        const char *prefix;
        const char *code;
        const char *text; /* NULL: SQLite's message */
    } fixed[] = {
        {"incomplete input", "42601", "syntax error at end of input"},
        {"cannot start a transaction within a transaction", "25001", "there is already a transaction in progress"},
        {"cannot commit - no transaction is active", "25P01", "there is no transaction in progress"},
        {"cannot rollback - no transaction is active", "25P01", "there is no transaction in progress"},
        {"integer overflow", "22003", "bigint out of range"},
        {"too many SQL variables", "54000", "too many parameters"},
        {"parser stack overflow", "54001", "statement is too complex"},
        {"Expression tree is too large", "54001", "statement is too complex"},
        {"misuse of aggregate", "42803", NULL},
        {"foreign key mismatch", "42830", NULL},
        {"sub-select returns", "42601", NULL},
        {"ORDER BY term out of range", "42P10", NULL},
        {"1st ORDER BY term out of range", "42P10", NULL},
        {"wrong number of arguments to function", "42883", NULL},
    };
    const char *rest;
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if (starts(msg, names[k].prefix, &rest)) {
            og_error_set(err, names[k].code, "%s%s%s", names[k].before, rest, names[k].after);
            return;
        }
    for (size_t k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
        if (starts(msg, fixed[k].prefix, NULL)) {
            og_error_set(err, fixed[k].code, "%s", fixed[k].text ? fixed[k].text : msg);
            return;
        }
    if (starts(msg, "no such column: ", &rest)) { /* PostgreSQL quotes a bare name only */
        if (strchr(rest, '.'))
            og_error_set(err, "42703", "column %s does not exist", rest);
        else
            og_error_set(err, "42703", "column \"%s\" does not exist", rest);
        return;
    }
    const char *near;
    if (starts(msg, "near ", &near) && strstr(near, ": syntax error")) {
        og_error_set(err, "42601", "syntax error at or near %.*s", (int)(strstr(near, ": syntax error") - near), near);
        return;
    }
    if ((starts(msg, "table ", &rest) || starts(msg, "index ", &rest) || starts(msg, "view ", &rest)) &&
        strstr(rest, " already exists")) {
        int n = (int)(strstr(rest, " already exists") - rest);
        if (n >= 2 && rest[0] == '"' && rest[n - 1] == '"') {
            rest++;
            n -= 2;
        }
        og_error_set(err, "42P07", "relation \"%.*s\" already exists", n, rest);
        return;
    }
    if (strstr(msg, " values were supplied") || strstr(msg, " values for ")) {
        og_error_set(err, "42601", "%s", msg);
        return;
    }
    og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "SQLite backend error: %s", sqlite3_errstr(SQLITE_ERROR));
    og_error_detail(err, "%s", msg);
}

/* An SQLite failure (rc: extended result code) as the error PostgreSQL would give.
 * db may be NULL (no catalog lookups then); e is the statement, if any. */
static void err_map(sqlite3 *db, const sq_cached *e, int rc, const char *msg, og_error *err)
{
    msg = msg ? msg : sqlite3_errstr(rc);
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        err_unique(db, rc == SQLITE_CONSTRAINT_PRIMARYKEY, msg, e, err);
        return;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        err_foreign_key(db, e, msg, err);
        return;
    case SQLITE_CONSTRAINT_NOTNULL:
        err_not_null(msg, e, err);
        return;
    case SQLITE_CONSTRAINT_CHECK:
        err_check(db, e, msg, err);
        return;
    case SQLITE_CONSTRAINT_DATATYPE: /* STRICT tables */
        og_error_set(err, "42804", "%s", msg);
        return;
    case SQLITE_CONSTRAINT_TRIGGER:
        og_error_set(err, "P0001", "%s", msg);
        return;
    case SQLITE_BUSY_SNAPSHOT:
        og_error_set(err, "40001", "could not serialize access due to concurrent update");
        og_error_detail(err, "Another connection wrote to the SQLite database since this transaction read it.");
        return;
    default:
        break;
    }
    switch (rc & 0xff) {
    case SQLITE_BUSY:
        og_error_set(err, "55P03", "canceling statement due to lock timeout");
        og_error_detail(err, "The SQLite database stayed locked by another connection for %d ms.", SQ_BUSY_TIMEOUT_MS);
        return;
    case SQLITE_LOCKED:
        og_error_set(err, "55P03", "could not obtain lock: %s", msg);
        return;
    case SQLITE_FULL:
        og_error_set(err, "53100", "could not extend the SQLite database: disk full");
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        og_error_set(err, "58030", "could not access the SQLite database file: %s", sqlite3_errstr(rc));
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_NOMEM:
        og_error_set(err, "53200", "out of memory");
        return;
    case SQLITE_TOOBIG:
        og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "value too large for the SQLite backend");
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_READONLY:
        og_error_set(err, "25006", "cannot write: the SQLite database is read-only");
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_INTERRUPT:
        og_error_set(err, OG_SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
        return;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        og_error_set(err, "XX001", "SQLite database file is damaged: %s", sqlite3_errstr(rc));
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_MISMATCH:
        og_error_set(err, "42804", "datatype mismatch");
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_CONSTRAINT:
        og_error_set(err, "23000", "%s", msg);
        return;
    case SQLITE_ERROR:
        err_message(msg, err);
        return;
    default:
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "SQLite backend error: %s", sqlite3_errstr(rc));
        og_error_detail(err, "%s", msg);
        return;
    }
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
        e->table = xstrdup(a1);
    }
    return SQLITE_OK;
}

static bool pool_starved(drv_backend *b, int64_t now);
static void job_free(sq_job *j);

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
    if (pool_starved(b, now)) {
        pthread_mutex_unlock(&b->mu);
        j->yielded = true;
        return 0;
    }
    int64_t until = now + busy_backoff_ns(count);
    struct timespec ts = timespec_of(until < j->deadline ? until : j->deadline);
    pthread_cond_timedwait(&b->busy, &b->mu, &ts);
    pthread_mutex_unlock(&b->mu);
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
            err_map(c->db, NULL, rc, sqlite3_errmsg(c->db), &j->err);
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
    fresh.sql = xstrdup(sql);
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
    for (int k = 1; k <= n; k++) {
        long idx;
        if (!param_index(e->st, k, &idx, &j->err))
            return false;
        if (idx > j->nparams) {
            if (!sqlite3_bind_parameter_name(e->st, k) && k < n)
                continue; /* a gap before a numbered parameter (?3 alone leaves 1 and 2 unnamed) */
            og_error_set(&j->err, "42P02", "there is no parameter $%ld", idx);
            og_error_detail(&j->err, "The statement uses $%ld but only %u values were given.", idx, j->nparams);
            return false;
        }
        int rc = bind_value(e->st, k, &j->params[idx - 1], &j->arena, &j->err);
        if (rc != SQLITE_OK) {
            if (!og_error_isset(&j->err))
                err_map(c->db, e, rc, sqlite3_errmsg(c->db), &j->err);
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
    drv_result *r = result_new();
    if (!e) { /* an empty statement: no columns, no rows */
        r->rows = og_arena_alloc(&r->arena, sizeof(og_value *));
        j->res = r;
        return;
    }
    sq_rows rows = {0};
    int rc = SQLITE_DONE;
    bool ok = bind_params(c, e, j);
    while (ok && (rc = sqlite3_step(e->st)) == SQLITE_ROW) {
        if (!rows.dynamic)
            result_columns(r, &rows, e->st, j);
        ok = row_add(r, &rows, e->st, &j->err);
    }
    if (ok && rc != SQLITE_DONE) {
        char *msg = xstrdup(sqlite3_errmsg(c->db));
        sqlite3_reset(e->st);
        /* a step that produced no row did nothing yet: it can run again */
        if (!busy_retry(j, rc, rows.n == 0))
            err_map(c->db, e, rc, msg, &j->err);
        free(msg);
        ok = false;
    }
    if (ok) {
        if (!rows.dynamic)
            result_columns(r, &rows, e->st, j);
        result_finish(r, &rows);
        r->affected = e->action ? (uint64_t)sqlite3_changes64(c->db) : 0;
        j->res = r;
    } else {
        drv_result_free(r);
    }
    rows_free(&rows);
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
    char *msg = xstrdup(sqlite3_errmsg(c->db));
    sqlite3_reset(e->st);
    if (!busy_retry(j, rc, true))
        err_map(c->db, e, rc, msg, &j->err);
    free(msg);
    return false;
}

static bool pragma(drv_conn *c, const char *sql, sq_job *j)
{
    char *emsg = NULL;
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, &emsg);
    if (rc != SQLITE_OK && !busy_retry(j, rc, true)) {
        og_error tmp = OG_ERROR_INIT; /* its SQLSTATE, our words */
        err_map(NULL, NULL, rc, emsg, &tmp);
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
    /* WAL: readers never block the writer nor each other; NORMAL is durable
     * across application crashes with WAL, and needs no fsync per commit */
    if (!pragma(c, "PRAGMA journal_mode = WAL", j) || !pragma(c, "PRAGMA synchronous = NORMAL", j) ||
        !pragma(c, "PRAGMA foreign_keys = ON", j))
        conn_close_db(c);
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
        pthread_cond_broadcast(&b->busy); /* a lock waiter may give its thread up */
    pthread_mutex_unlock(&b->mu);
}

/* ------------------------------------------------------------------------
 * Loop thread side: jobs, leases, completions
 * ------------------------------------------------------------------------ */

static sq_job *job_new(sq_kind kind, drv_conn *c)
{
    sq_job *j = xcalloc(1, sizeof(*j));
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
    drv_conn *c = xcalloc(1, sizeof(*c));
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
    event_free(b->done_ev);
    pthread_cond_destroy(&b->work);
    pthread_cond_destroy(&b->busy);
    pthread_cond_destroy(&b->finished);
    pthread_mutex_destroy(&b->mu);
    free(b->conns);
    free(b->path);
    free(b);
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
    char *path = xstrdup(og_buf_cstr(&b));
    og_buf_free(&b);
    return path;
}

/* mkdir -p of the directory part of path. */
static bool make_parent_dirs(const char *path, og_error *err)
{
    char *dir = xstrdup(path);
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
    drv_backend *b = xcalloc(1, sizeof(*b));
    b->loop = loop;
    b->path = path;
    b->pool_size = cfg->pool_size;
    b->conns = xcalloc((size_t)cfg->pool_size, sizeof(drv_conn *));
    pthread_mutex_init(&b->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&b->work, &ca);
    pthread_cond_init(&b->busy, &ca);
    pthread_cond_init(&b->finished, &ca);
    pthread_condattr_destroy(&ca);
    b->done_ev = event_new(loop, -1, 0, done_cb, b);
    if (!b->done_ev) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "could not create the SQLite completion event");
        pthread_cond_destroy(&b->work);
        pthread_cond_destroy(&b->busy);
        pthread_cond_destroy(&b->finished);
        pthread_mutex_destroy(&b->mu);
        free(b->conns);
        free(b->path);
        free(b);
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
        else if (oid_is_str(src[k].oid))
            dst[k].u.str.p = og_arena_memdup(a, src[k].u.str.p ? src[k].u.str.p : "", src[k].u.str.len);
    }
    return dst;
}

static void sq_exec(drv_conn *c, const drv_stmt *st, drv_done_fn done, void *ctx)
{
    if (!st || !st->sql || (st->nparams && !st->params) || (st->nresult_types && !st->result_types)) {
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
    j->sql = og_arena_strdup(&j->arena, st->sql);
    j->params = params_copy(&j->arena, st->params, st->nparams);
    j->nparams = st->nparams;
    j->types = og_arena_alloc(&j->arena, (st->nresult_types ? st->nresult_types : 1) * sizeof(uint32_t));
    if (st->nresult_types)
        memcpy(j->types, st->result_types, st->nresult_types * sizeof(uint32_t));
    j->ntypes = st->nresult_types;
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
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .close = sq_close,
};
