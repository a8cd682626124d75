/*
 * proxy/worker.c - worker threads (see worker.h).
 */
#include "proxy/worker.h"

#include <errno.h>
#include <event2/thread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "orm/sqlparse.h"
#include "proxy/db.h"
#include "proxy/log.h"
#include "proxy/runtime.h"
#include "proxy/session.h"
#include "proxy/stmtcache.h"

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *addr, int socklen, void *arg)
{
    px_worker *w = arg;
    if (w->draining) {
        close(fd);
        return;
    }
    px_session_accept(w, fd, addr, socklen);
}

static void accept_error_cb(struct evconnlistener *l, void *arg)
{
    int err = EVUTIL_SOCKET_ERROR();
    /* EMFILE and friends: log and go on; the listener keeps running */
    px_log_warning("worker %d: accept failed: %s", ((px_worker *)arg)->id, evutil_socket_error_to_string(err));
}

static void stop_listening(px_worker *w)
{
    if (w->tcp)
        evconnlistener_free(w->tcp);
    if (w->unix_sock)
        evconnlistener_free(w->unix_sock);
    w->tcp = w->unix_sock = NULL;
}

static void maybe_exit(px_worker *w)
{
    if ((w->draining || w->stopping) && w->nsessions == 0)
        event_base_loopexit(w->base, NULL);
}

static void run_task(px_worker *w, px_task *t)
{
    switch (t->kind) {
    case PX_TASK_CANCEL: {
        px_session *s = og_hmap_get(&w->by_id, &t->session_id, sizeof(t->session_id));
        if (s)
            px_session_cancel(s);
        break;
    }
    case PX_TASK_RELOAD:
        break; /* sessions read the published generation when they need it */
    case PX_TASK_DRAIN:
        w->draining = true;
        stop_listening(w);
        for (px_session *s = w->sessions, *next; s; s = next) {
            next = s->next;
            px_session_drain(s);
        }
        break;
    case PX_TASK_STOP:
        w->stopping = true;
        stop_listening(w);
        for (px_session *s = w->sessions, *next; s; s = next) {
            next = s->next;
            px_session_terminate(s);
        }
        break;
    }
}

static void inbox_cb(evutil_socket_t fd, short what, void *arg)
{
    px_worker *w = arg;
    pthread_mutex_lock(&w->lock);
    px_task *t = w->inbox;
    w->inbox = w->inbox_tail = NULL;
    pthread_mutex_unlock(&w->lock);
    while (t) {
        px_task *next = t->next;
        run_task(w, t);
        free(t);
        t = next;
    }
    maybe_exit(w);
}

bool px_worker_init(px_worker *w, int id, int tcp_fd, int unix_fd, char *err, size_t errlen)
{
    memset(w, 0, sizeof(*w));
    w->id = id;
    pthread_mutex_init(&w->lock, NULL);
    w->base = event_base_new();
    if (!w->base) {
        snprintf(err, errlen, "cannot create event base");
        return false;
    }
    w->inbox_ev = event_new(w->base, -1, 0, inbox_cb, w);
    int cache = px_runtime_get()->config->statement_cache_size;
    w->stmt_cache = px_stmt_cache_new(cache > 0 ? (size_t)cache : 0);
    unsigned flags = LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC;
    if (tcp_fd >= 0) {
        w->tcp = evconnlistener_new(w->base, accept_cb, w, flags, -1, tcp_fd);
        if (!w->tcp) {
            snprintf(err, errlen, "cannot listen: %s", strerror(errno));
            return false;
        }
        evconnlistener_set_error_cb(w->tcp, accept_error_cb);
    }
    if (unix_fd >= 0) {
        int fd = dup(unix_fd); /* every worker accepts on the one unix socket */
        w->unix_sock = fd >= 0 ? evconnlistener_new(w->base, accept_cb, w, flags, -1, fd) : NULL;
        if (!w->unix_sock) {
            snprintf(err, errlen, "cannot listen on the unix socket: %s", strerror(errno));
            return false;
        }
        evconnlistener_set_error_cb(w->unix_sock, accept_error_cb);
    }
    return true;
}

static void *worker_main(void *arg)
{
    px_worker *w = arg;
    event_base_dispatch(w->base);
    /* whatever is left (the loop was ended from outside): free it */
    while (w->sessions)
        px_session_destroy(w->sessions);
    px_db_worker_close(w);
    return NULL;
}

bool px_worker_start(px_worker *w)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    /* the SQL parser recurses once per level of a statement's tree */
    pthread_attr_setstacksize(&attr, ORM_PARSE_STACK_SIZE);
    int rc = pthread_create(&w->thread, &attr, worker_main, w);
    pthread_attr_destroy(&attr);
    return rc == 0;
}

void px_worker_post(px_worker *w, px_task_kind kind, uint32_t session_id)
{
    px_task *t = calloc(1, sizeof(*t));
    if (!t)
        abort();
    t->kind = kind;
    t->session_id = session_id;
    pthread_mutex_lock(&w->lock);
    if (w->inbox_tail)
        w->inbox_tail->next = t;
    else
        w->inbox = t;
    w->inbox_tail = t;
    pthread_mutex_unlock(&w->lock);
    event_active(w->inbox_ev, 0, 0);
}

void px_worker_join(px_worker *w) { pthread_join(w->thread, NULL); }

void px_worker_free(px_worker *w)
{
    stop_listening(w);
    px_task *t = w->inbox;
    while (t) {
        px_task *next = t->next;
        free(t);
        t = next;
    }
    if (w->inbox_ev)
        event_free(w->inbox_ev);
    if (w->base)
        event_base_free(w->base);
    og_hmap_free(&w->by_id);
    px_stmt_cache_free(w->stmt_cache); /* after the sessions: they hold references too */
    w->stmt_cache = NULL;
    pthread_mutex_destroy(&w->lock);
}

void px_worker_add_session(px_worker *w, px_session *s)
{
    s->prev = NULL;
    s->next = w->sessions;
    if (w->sessions)
        w->sessions->prev = s;
    w->sessions = s;
    w->nsessions++;
    og_hmap_put(&w->by_id, &s->id, sizeof(s->id), s);
}

void px_worker_remove_session(px_worker *w, px_session *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        w->sessions = s->next;
    if (s->next)
        s->next->prev = s->prev;
    w->nsessions--;
    og_hmap_del(&w->by_id, &s->id, sizeof(s->id));
    maybe_exit(w);
}
