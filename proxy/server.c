/*
 * proxy/server.c - process-level wiring: sockets, workers, signals, reload,
 * shutdown, the client count and the cancel-key registry.
 *
 * The main thread owns only the signal handling (its own event_base); all
 * client work happens on the workers. Cancel keys live in one small map under
 * a mutex: it is touched at connect, disconnect and cancel, never per query.
 */
#include "proxy/server.h"

#include <errno.h>
#include <event2/event.h>
#include <event2/thread.h>
#include <netdb.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "orm/hmap.h"
#include "proxy/db.h"
#include "proxy/log.h"
#include "proxy/worker.h"

typedef struct cancel_entry {
    px_worker *worker;
    uint32_t key;
} cancel_entry;

static struct {
    px_worker *workers;
    int nworkers;
    atomic_int nclients;
    pthread_mutex_t lock; /* guards cancel_map and next_id */
    og_hmap cancel_map;   /* session id -> cancel_entry */
    uint32_t next_id;
    const char *config_path;
    struct event_base *main_base;
    struct event *shutdown_timer;
    char unix_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    bool draining;
    int exit_code;
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

bool px_server_client_acquire(void)
{
    int max = px_runtime_get()->config->max_client_conn;
    int n = atomic_fetch_add(&srv.nclients, 1);
    if (n >= max) {
        atomic_fetch_sub(&srv.nclients, 1);
        return false;
    }
    return true;
}

void px_server_client_release(void) { atomic_fetch_sub(&srv.nclients, 1); }

void px_server_register(px_worker *w, uint32_t *id, uint32_t *key)
{
    cancel_entry *e = malloc(sizeof(*e));
    if (!e)
        abort();
    e->worker = w;
    RAND_bytes((unsigned char *)&e->key, sizeof(e->key));
    pthread_mutex_lock(&srv.lock);
    do {
        /* ids look like process ids to clients: positive int32, never 0 */
        srv.next_id = srv.next_id >= 0x7ffffffe ? 1 : srv.next_id + 1;
    } while (og_hmap_get(&srv.cancel_map, &srv.next_id, sizeof(srv.next_id)));
    *id = srv.next_id;
    og_hmap_put(&srv.cancel_map, id, sizeof(*id), e);
    pthread_mutex_unlock(&srv.lock);
    *key = e->key;
}

void px_server_unregister(uint32_t id)
{
    pthread_mutex_lock(&srv.lock);
    free(og_hmap_del(&srv.cancel_map, &id, sizeof(id)));
    pthread_mutex_unlock(&srv.lock);
}

void px_server_cancel(uint32_t id, uint32_t key)
{
    px_worker *w = NULL;
    pthread_mutex_lock(&srv.lock);
    cancel_entry *e = og_hmap_get(&srv.cancel_map, &id, sizeof(id));
    if (e && e->key == key)
        w = e->worker;
    pthread_mutex_unlock(&srv.lock);
    if (w)
        px_worker_post(w, PX_TASK_CANCEL, id);
    else
        px_log_info("cancel request for unknown session %u or wrong key: ignored", id);
}

/* ---- sockets ------------------------------------------------------------ */

static int tcp_socket(const px_config *c, char *err, size_t errlen)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *res;
    char port[16];
    snprintf(port, sizeof(port), "%d", c->listen_port);
    const char *host = strcmp(c->listen_addr, "*") ? c->listen_addr : NULL;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc) {
        snprintf(err, errlen, "listen_addr \"%s\": %s", c->listen_addr, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
        if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 1024) < 0) {
            snprintf(err, errlen, "cannot listen on %s:%d: %s", c->listen_addr, c->listen_port, strerror(errno));
            close(fd);
            fd = -1;
        }
    } else {
        snprintf(err, errlen, "socket: %s", strerror(errno));
    }
    freeaddrinfo(res);
    return fd;
}

static int unix_socket(const px_config *c, char *err, size_t errlen)
{
    if (!*c->unix_socket_dir)
        return -1;
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    int n = snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/.s.PGSQL.%d", c->unix_socket_dir, c->listen_port);
    if (n >= (int)sizeof(sun.sun_path)) {
        snprintf(err, errlen, "unix_socket_dir \"%s\" is too long", c->unix_socket_dir);
        return -2;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "socket: %s", strerror(errno));
        return -2;
    }
    /* a stale socket file from a crashed run: remove it only if nobody answers on it */
    if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
        snprintf(err, errlen, "%s: another server is running on this socket", sun.sun_path);
        close(fd);
        return -2;
    }
    unlink(sun.sun_path);
    if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || listen(fd, 1024) < 0) {
        snprintf(err, errlen, "cannot listen on %s: %s", sun.sun_path, strerror(errno));
        close(fd);
        return -2;
    }
    chmod(sun.sun_path, 0777);
    strcpy(srv.unix_path, sun.sun_path);
    return fd;
}

/* ---- signals -------------------------------------------------------------- */

static void reload(void)
{
    char err[512] = "";
    px_config *c = px_config_load(srv.config_path, err, sizeof(err));
    if (!c) {
        px_log_error("reload failed, keeping the current configuration: %s", err);
        return;
    }
    const px_config *old = px_runtime_get()->config;
    if (strcmp(old->listen_addr, c->listen_addr) || old->listen_port != c->listen_port ||
        strcmp(old->unix_socket_dir, c->unix_socket_dir) || old->workers != c->workers)
        px_log_warning("listen_addr, listen_port, unix_socket_dir and workers change only at restart");
    px_runtime *rt = px_runtime_build(c, err, sizeof(err));
    if (!rt) {
        px_log_error("reload failed, keeping the current configuration: %s", err);
        return;
    }
    if (strcmp(old->logfile, c->logfile) && !px_log_open(c->logfile))
        px_log_error("cannot open logfile \"%s\": %s", c->logfile, strerror(errno));
    px_log_set_level(c->log_level);
    px_runtime_publish(rt);
    for (int i = 0; i < srv.nworkers; i++)
        px_worker_post(&srv.workers[i], PX_TASK_RELOAD, 0);
    px_log_info("configuration reloaded from %s", srv.config_path ? srv.config_path : "(defaults)");
}

static void stop_now(void)
{
    for (int i = 0; i < srv.nworkers; i++)
        px_worker_post(&srv.workers[i], PX_TASK_STOP, 0);
    event_base_loopexit(srv.main_base, NULL);
}

static void shutdown_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
    px_log_info("shutdown_timeout reached: closing the remaining sessions");
    stop_now();
}

static void signal_cb(evutil_socket_t sig, short what, void *arg)
{
    switch (sig) {
    case SIGHUP:
        px_log_info("SIGHUP: reloading configuration");
        reload();
        break;
    case SIGTERM:
        if (srv.draining)
            break;
        px_log_info("SIGTERM: draining (no new connections; sessions close when their transaction ends)");
        srv.draining = true;
        for (int i = 0; i < srv.nworkers; i++)
            px_worker_post(&srv.workers[i], PX_TASK_DRAIN, 0);
        double t = px_runtime_get()->config->shutdown_timeout;
        if (t > 0) {
            struct timeval tv = {(time_t)t, (suseconds_t)((t - (double)(time_t)t) * 1e6)};
            srv.shutdown_timer = evtimer_new(srv.main_base, shutdown_timeout_cb, NULL);
            evtimer_add(srv.shutdown_timer, &tv);
        }
        /* the main loop ends when every worker has exited (see workers_done_cb) */
        break;
    case SIGINT:
        px_log_info("SIGINT: stopping now");
        stop_now();
        break;
    }
}

/* Poll for drained workers: a worker thread ends when it has no sessions left. */
static atomic_int workers_running;

static void *worker_thread_watch(void *arg)
{
    px_worker_join(arg);
    if (atomic_fetch_sub(&workers_running, 1) == 1 && srv.main_base)
        event_base_loopexit(srv.main_base, NULL);
    return NULL;
}

int px_server_run(px_runtime *rt, const char *config_path)
{
    char err[512] = "";
    srv.config_path = config_path;
    px_runtime_publish(rt);
    const px_config *c = rt->config;
    evthread_use_pthreads();
    signal(SIGPIPE, SIG_IGN);

    /* signal handling first: a SIGHUP sent as soon as the port answers must
     * reload, not kill (libevent queues it until the loop runs) */
    srv.main_base = event_base_new();
    struct event *sigs[3];
    int signums[3] = {SIGHUP, SIGTERM, SIGINT};
    for (int i = 0; i < 3; i++) {
        sigs[i] = evsignal_new(srv.main_base, signums[i], signal_cb, NULL);
        evsignal_add(sigs[i], NULL);
    }

    int tcp = tcp_socket(c, err, sizeof(err));
    if (tcp < 0) {
        px_log_error("%s", err);
        return 1;
    }
    int ux = unix_socket(c, err, sizeof(err));
    if (ux == -2) {
        px_log_error("%s", err);
        close(tcp);
        return 1;
    }
    srv.nworkers = c->workers;
    srv.workers = calloc((size_t)srv.nworkers, sizeof(px_worker));
    if (!srv.workers)
        abort();
    for (int i = 0; i < srv.nworkers; i++) {
        /* worker 0 takes the first socket; the others open their own SO_REUSEPORT sockets */
        int fd = i == 0 ? tcp : tcp_socket(c, err, sizeof(err));
        if (fd < 0 || !px_worker_init(&srv.workers[i], i, fd, ux, err, sizeof(err))) {
            px_log_error("%s", err);
            return 1;
        }
    }
    if (ux >= 0)
        close(ux); /* each worker holds its own dup */
    if (*c->pidfile) {
        FILE *f = fopen(c->pidfile, "w");
        if (f) {
            fprintf(f, "%d\n", (int)getpid());
            fclose(f);
        }
    }

    atomic_store(&workers_running, srv.nworkers);
    pthread_t watchers[256];
    for (int i = 0; i < srv.nworkers; i++) {
        if (!px_worker_start(&srv.workers[i])) {
            px_log_error("cannot start worker thread %d", i);
            return 1;
        }
        pthread_create(&watchers[i], NULL, worker_thread_watch, &srv.workers[i]);
    }
    px_log_info("ormgate %s listening on %s:%d%s%s (%d workers, auth_type %s)", OG_VERSION, c->listen_addr,
                c->listen_port, *srv.unix_path ? " and " : "", srv.unix_path, srv.nworkers,
                px_auth_type_name(c->auth_type));

    event_base_dispatch(srv.main_base);
    /* SIGINT or shutdown timeout: make sure every worker stops, then wait */
    stop_now();
    for (int i = 0; i < srv.nworkers; i++)
        pthread_join(watchers[i], NULL);

    for (int i = 0; i < 3; i++)
        event_free(sigs[i]);
    if (srv.shutdown_timer)
        event_free(srv.shutdown_timer);
    event_base_free(srv.main_base);
    srv.main_base = NULL;
    for (int i = 0; i < srv.nworkers; i++)
        px_worker_free(&srv.workers[i]);
    free(srv.workers);
    px_db_shutdown();
    if (*srv.unix_path)
        unlink(srv.unix_path);
    if (*px_runtime_get()->config->pidfile)
        unlink(px_runtime_get()->config->pidfile);
    pthread_mutex_lock(&srv.lock);
    size_t it = 0;
    void *v;
    while (og_hmap_next(&srv.cancel_map, &it, NULL, NULL, &v))
        free(v);
    og_hmap_free(&srv.cancel_map);
    pthread_mutex_unlock(&srv.lock);
    px_log_info("ormgate stopped");
    return srv.exit_code;
}
