/*
 * bench/connbench.c - connection load tool for the PostgreSQL wire protocol v3.
 *
 * Raw sockets, no libpq, so the client's own cost per connection stays small
 * (one socket, one connect, one StartupMessage, one read loop).
 *
 *   connbench [options] hold N
 *       Opens N connections (on -j threads), completes the startup of each
 *       (StartupMessage 3.0, trust or cleartext password, read until
 *       ReadyForQuery), prints "ready N" and keeps them open until a line or
 *       EOF arrives on stdin, or SIGINT/SIGTERM; then sends Terminate to each
 *       and closes them. Exits 1 if any connection failed.
 *   connbench [options] rate SECONDS THREADS
 *       On THREADS threads, for SECONDS: connect, startup until
 *       ReadyForQuery, send Terminate, close; repeat. Prints one line:
 *       "conns=.. errors=.. secs=.. rate=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.."
 *       (rate = completed connections per second; latency = connect() to
 *       ReadyForQuery of each connection).
 *   connbench faultcost
 *       Prints the time of one first-touch page fault of anonymous memory
 *       ("faultcost_us=.."), for context: servers that fork a process per
 *       connection (PostgreSQL) pay thousands of such faults per connection,
 *       and on some virtual machines a fault costs 100 times more than on
 *       bare metal.
 *
 * Options: -h HOST (127.0.0.1) -p PORT (5432) -U USER (postgres)
 *          -d DATABASE (= user) -W PASSWORD (for cleartext auth)
 *          -j THREADS for hold (4) -t TIMEOUT_S per connection (10)
 *          -q quiet (no per-error messages beyond the first few)
 *
 * Build: cc -O2 -Wall -Wextra -Werror -pthread -o connbench connbench.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "benchutil.h"

#define MAX_REPORTED_ERRORS 5

typedef struct options {
    const char *host;
    const char *port;
    const char *user;
    const char *database;
    const char *password;
    int hold_threads;
    int timeout_ms;
    int quiet;
} options;

static options opt = {
    .host = "127.0.0.1",
    .port = "5432",
    .user = "postgres",
    .database = NULL,
    .password = NULL,
    .hold_threads = 4,
    .timeout_ms = 10000,
    .quiet = 0,
};

static struct sockaddr_storage server_addr;
static socklen_t server_addrlen;
static unsigned char startup_msg[512];
static size_t startup_len;
static atomic_int errors_reported;
static volatile sig_atomic_t got_signal;

/* ---- small helpers --------------------------------------------------------- */

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static uint32_t get_u32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void report_error(const char *what, int err)
{
    int n = atomic_fetch_add(&errors_reported, 1);
    if (n < MAX_REPORTED_ERRORS || !opt.quiet)
        fprintf(stderr, "connbench: %s%s%s\n", what, err ? ": " : "", err ? strerror(err) : "");
    else if (n == MAX_REPORTED_ERRORS)
        fprintf(stderr, "connbench: (further errors not shown)\n");
}

/* Appends a NUL-terminated string to buf at *off; false if it does not fit. */
static int append_cstr(unsigned char *buf, size_t cap, size_t *off, const char *s)
{
    size_t n = strlen(s) + 1;
    if (*off + n > cap)
        return 0;
    memcpy(buf + *off, s, n);
    *off += n;
    return 1;
}

/* Builds the StartupMessage (protocol 3.0, user and database) once. */
static int build_startup(void)
{
    size_t off = 8;
    const size_t cap = sizeof(startup_msg);
    if (!append_cstr(startup_msg, cap, &off, "user") || !append_cstr(startup_msg, cap, &off, opt.user) ||
        !append_cstr(startup_msg, cap, &off, "database") || !append_cstr(startup_msg, cap, &off, opt.database) ||
        off + 1 > cap)
        return 0;
    startup_msg[off++] = 0;
    put_u32(startup_msg, (uint32_t)off);
    put_u32(startup_msg + 4, 196608u); /* 3.0 */
    startup_len = off;
    return 1;
}

static int resolve_server(void)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res;
    int rc = getaddrinfo(opt.host, opt.port, &hints, &res);
    if (rc) {
        fprintf(stderr, "connbench: %s:%s: %s\n", opt.host, opt.port, gai_strerror(rc));
        return 0;
    }
    memcpy(&server_addr, res->ai_addr, res->ai_addrlen);
    server_addrlen = res->ai_addrlen;
    freeaddrinfo(res);
    return 1;
}

/* Raises the soft RLIMIT_NOFILE to at least want (up to the hard limit). */
static void raise_nofile(rlim_t want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return;
    if (rl.rlim_cur >= want)
        return;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) {
        struct rlimit hard = {want, want};
        if (setrlimit(RLIMIT_NOFILE, &hard) == 0) /* works as root */
            return;
        fprintf(stderr, "connbench: warning: RLIMIT_NOFILE hard limit %llu < %llu\n", (unsigned long long)rl.rlim_max,
                (unsigned long long)want);
        want = rl.rlim_max;
    }
    rl.rlim_cur = want;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
        fprintf(stderr, "connbench: warning: setrlimit(NOFILE, %llu): %s\n", (unsigned long long)want, strerror(errno));
}

/* Writes all of buf (blocking socket); 0 on error. */
static int write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return 0;
        }
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

/* Reads exactly len bytes within the per-connection deadline; 0 on error/EOF. */
static int read_full(int fd, void *buf, size_t len, double deadline)
{
    unsigned char *p = buf;
    while (len) {
        int left_ms = (int)((deadline - now_s()) * 1000.0);
        if (left_ms <= 0) {
            errno = ETIMEDOUT;
            return 0;
        }
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int pr = poll(&pfd, 1, left_ms);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0) {
            if (pr == 0)
                errno = ETIMEDOUT;
            return 0;
        }
        ssize_t n = recv(fd, p, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ECONNRESET;
            return 0;
        }
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

/* Sends a PasswordMessage ('p') with the cleartext password. */
static int send_password(int fd)
{
    unsigned char buf[512];
    size_t plen = strlen(opt.password) + 1;
    if (plen + 5 > sizeof(buf))
        return 0;
    buf[0] = 'p';
    put_u32(buf + 1, (uint32_t)(plen + 4));
    memcpy(buf + 5, opt.password, plen);
    return write_all(fd, buf, plen + 5);
}

/*
 * Opens one connection and completes the startup: returns the socket after
 * ReadyForQuery, or -1 (reason on stderr).
 */
static int pg_connect(void)
{
    double deadline = now_s() + opt.timeout_ms / 1000.0;
    int fd = socket(server_addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        report_error("socket", errno);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(fd, (struct sockaddr *)&server_addr, server_addrlen) < 0) {
        report_error("connect", errno);
        close(fd);
        return -1;
    }
    if (!write_all(fd, startup_msg, startup_len)) {
        report_error("send startup", errno);
        close(fd);
        return -1;
    }
    unsigned char small[1024];
    for (;;) {
        unsigned char hdr[5];
        if (!read_full(fd, hdr, sizeof(hdr), deadline)) {
            report_error("read during startup", errno);
            break;
        }
        uint32_t len = get_u32(hdr + 1);
        if (len < 4 || len > (1u << 20)) {
            report_error("bad message length during startup", 0);
            break;
        }
        size_t body = len - 4;
        unsigned char *p = body <= sizeof(small) ? small : malloc(body);
        if (!p) {
            report_error("out of memory", 0);
            break;
        }
        int ok = read_full(fd, p, body, deadline);
        int done = 0, fail = !ok;
        if (ok) {
            switch (hdr[0]) {
            case 'Z': /* ReadyForQuery */
                done = 1;
                break;
            case 'R': { /* Authentication* */
                uint32_t code = body >= 4 ? get_u32(p) : 99;
                if (code == 3 && opt.password) {
                    fail = !send_password(fd);
                } else if (code != 0) {
                    char what[96];
                    snprintf(what, sizeof(what), "server asks for authentication method %u (supported: trust%s)", code,
                             opt.password ? ", cleartext" : "; cleartext with -W");
                    report_error(what, 0);
                    fail = 1;
                }
                break;
            }
            case 'E': { /* ErrorResponse: report the message field */
                const char *msg = "?";
                for (size_t i = 0; i < body && p[i];) {
                    const char *f = (const char *)p + i + 1;
                    size_t flen = strnlen(f, body - i - 1);
                    if (p[i] == 'M') {
                        msg = f;
                        break;
                    }
                    i += flen + 2;
                }
                char what[256];
                snprintf(what, sizeof(what), "server error during startup: %.200s", body ? msg : "");
                report_error(what, 0);
                fail = 1;
                break;
            }
            default: /* ParameterStatus, BackendKeyData, NoticeResponse, NegotiateProtocolVersion */
                break;
            }
        } else {
            report_error("read during startup", errno);
        }
        if (p != small)
            free(p);
        if (done)
            return fd;
        if (fail)
            break;
    }
    close(fd);
    return -1;
}

/* Sends Terminate and closes, as libpq's PQfinish does. */
static void pg_close(int fd)
{
    static const unsigned char terminate[5] = {'X', 0, 0, 0, 4};
    (void)write_all(fd, terminate, sizeof(terminate));
    close(fd);
}

/* ---- hold ------------------------------------------------------------------- */

typedef struct hold_job {
    pthread_t tid;
    int *fds;
    int count;
    int failed;
} hold_job;

static void *hold_thread(void *arg)
{
    hold_job *j = arg;
    for (int i = 0; i < j->count; i++) {
        j->fds[i] = pg_connect();
        if (j->fds[i] < 0)
            j->failed++;
    }
    return NULL;
}

static void on_signal(int sig)
{
    got_signal = sig;
}

/* Blocks until a line or EOF on stdin, or SIGINT/SIGTERM. */
static void wait_release(void)
{
    char buf[256];
    while (!got_signal) {
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
        int pr = poll(&pfd, 1, 1000);
        if (pr < 0 && errno != EINTR)
            return;
        if (pr > 0) {
            ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
            if (n <= 0 || memchr(buf, '\n', (size_t)n))
                return;
        }
    }
}

static int run_hold(int n)
{
    if (n < 1)
        return 2;
    raise_nofile((rlim_t)n + 64);
    int nthreads = opt.hold_threads < 1 ? 1 : opt.hold_threads;
    if (nthreads > n)
        nthreads = n;
    int *fds = calloc((size_t)n, sizeof(int));
    hold_job *jobs = calloc((size_t)nthreads, sizeof(hold_job));
    if (!fds || !jobs)
        return 2;
    double t0 = now_s();
    int off = 0;
    for (int t = 0; t < nthreads; t++) {
        jobs[t].fds = fds + off;
        jobs[t].count = n / nthreads + (t < n % nthreads);
        off += jobs[t].count;
        if (pthread_create(&jobs[t].tid, NULL, hold_thread, &jobs[t]) != 0) {
            fprintf(stderr, "connbench: pthread_create failed\n");
            return 2;
        }
    }
    int failed = 0;
    for (int t = 0; t < nthreads; t++) {
        pthread_join(jobs[t].tid, NULL);
        failed += jobs[t].failed;
    }
    printf("ready %d open %d failed %.2f s\n", n - failed, failed, now_s() - t0);
    fflush(stdout);
    wait_release();
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            pg_close(fds[i]);
    printf("closed %d\n", n - failed);
    fflush(stdout);
    free(jobs);
    free(fds);
    return failed ? 1 : 0;
}

/* ---- rate ------------------------------------------------------------------- */

typedef struct rate_job {
    pthread_t tid;
    double end;
    float *lat_ms;
    size_t n, cap;
    long errors;
} rate_job;

static void *rate_thread(void *arg)
{
    rate_job *j = arg;
    double t = now_s();
    while (t < j->end) {
        int fd = pg_connect();
        double t1 = now_s();
        if (fd < 0) {
            j->errors++;
            usleep(1000); /* do not spin on a refusing server */
        } else {
            pg_close(fd);
            if (j->n == j->cap) {
                size_t cap = j->cap ? j->cap * 2 : 65536;
                float *p = realloc(j->lat_ms, cap * sizeof(float));
                if (!p)
                    break;
                j->lat_ms = p;
                j->cap = cap;
            }
            j->lat_ms[j->n++] = (float)((t1 - t) * 1000.0);
        }
        t = now_s();
    }
    return NULL;
}

static int run_rate(double secs, int nthreads)
{
    if (secs <= 0 || nthreads < 1)
        return 2;
    raise_nofile((rlim_t)nthreads * 4 + 64);
    rate_job *jobs = calloc((size_t)nthreads, sizeof(rate_job));
    if (!jobs)
        return 2;
    double t0 = now_s();
    for (int t = 0; t < nthreads; t++) {
        jobs[t].end = t0 + secs;
        if (pthread_create(&jobs[t].tid, NULL, rate_thread, &jobs[t]) != 0) {
            fprintf(stderr, "connbench: pthread_create failed\n");
            return 2;
        }
    }
    size_t total = 0;
    long errors = 0;
    for (int t = 0; t < nthreads; t++) {
        pthread_join(jobs[t].tid, NULL);
        total += jobs[t].n;
        errors += jobs[t].errors;
    }
    double elapsed = now_s() - t0;
    float *all = malloc((total ? total : 1) * sizeof(float));
    if (!all)
        return 2;
    size_t k = 0;
    for (int t = 0; t < nthreads; t++) {
        memcpy(all + k, jobs[t].lat_ms, jobs[t].n * sizeof(float));
        k += jobs[t].n;
        free(jobs[t].lat_ms);
    }
    qsort(all, total, sizeof(float), cmp_float);
    printf("conns=%zu errors=%ld secs=%.2f rate=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", total, errors,
           elapsed, (double)total / elapsed, percentile(all, total, 50), percentile(all, total, 90),
           percentile(all, total, 99), total ? (double)all[total - 1] : 0.0);
    fflush(stdout);
    free(all);
    free(jobs);
    return total ? 0 : 1;
}

/* ---- faultcost ----------------------------------------------------------------- */

static int run_faultcost(void)
{
    const size_t size = 64u << 20;
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        page = 4096;
    double best = 1e9;
    for (int round = 0; round < 3; round++) {
        volatile char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            perror("connbench: mmap");
            return 2;
        }
        double t0 = now_s();
        for (size_t off = 0; off < size; off += (size_t)page)
            p[off] = 1;
        double us = (now_s() - t0) * 1e6 / (double)(size / (size_t)page);
        if (us < best)
            best = us;
        munmap((void *)p, size);
    }
    printf("faultcost_us=%.2f\n", best);
    return 0;
}

/* ---- main ------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr, "usage: connbench [-h host] [-p port] [-U user] [-d db] [-W password] [-j hold_threads]\n"
                    "                 [-t timeout_s] [-q] hold N | rate SECONDS THREADS | faultcost\n");
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "h:p:U:d:W:j:t:q")) != -1) {
        switch (c) {
        case 'h':
            opt.host = optarg;
            break;
        case 'p':
            opt.port = optarg;
            break;
        case 'U':
            opt.user = optarg;
            break;
        case 'd':
            opt.database = optarg;
            break;
        case 'W':
            opt.password = optarg;
            break;
        case 'j':
            opt.hold_threads = atoi(optarg);
            break;
        case 't':
            opt.timeout_ms = atoi(optarg) * 1000;
            break;
        case 'q':
            opt.quiet = 1;
            break;
        default:
            usage();
            return 2;
        }
    }
    if (!opt.database)
        opt.database = opt.user;
    if (opt.timeout_ms <= 0)
        opt.timeout_ms = 10000;
    if (!build_startup()) {
        fprintf(stderr, "connbench: user/database too long\n");
        return 2;
    }
    if (!resolve_server())
        return 2;

    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int rest = argc - optind;
    if (rest == 2 && !strcmp(argv[optind], "hold"))
        return run_hold(atoi(argv[optind + 1]));
    if (rest == 3 && !strcmp(argv[optind], "rate"))
        return run_rate(atof(argv[optind + 1]), atoi(argv[optind + 2]));
    if (rest == 1 && !strcmp(argv[optind], "faultcost"))
        return run_faultcost();
    usage();
    return 2;
}
