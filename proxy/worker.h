/*
 * proxy/worker.h - a worker thread: one event_base, its listeners and its
 * sessions.
 *
 * Each worker accepts on its own SO_REUSEPORT TCP socket (the kernel spreads
 * connections across workers) and on a shared unix socket, and owns every
 * session it accepted until that session closes. Other threads talk to a
 * worker only through its inbox: a mutex-protected queue of small tasks and
 * an event that wakes the worker's loop.
 */
#ifndef PX_WORKER_H
#define PX_WORKER_H

#include <event2/event.h>
#include <event2/listener.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "orm/hmap.h"

struct px_session;

typedef enum { PX_TASK_CANCEL, PX_TASK_RELOAD, PX_TASK_DRAIN, PX_TASK_STOP } px_task_kind;

typedef struct px_task {
    px_task_kind kind;
    uint32_t session_id;
    struct px_task *next;
} px_task;

typedef struct px_worker {
    int id;
    pthread_t thread;
    struct event_base *base;
    struct evconnlistener *tcp;
    struct evconnlistener *unix_sock;
    struct event *inbox_ev;
    pthread_mutex_t lock;
    px_task *inbox, *inbox_tail;
    struct px_session *sessions; /* doubly linked */
    size_t nsessions;
    og_hmap by_id; /* session id -> session */
    og_hmap backends; /* database name -> px_backend (proxy/db.h) */
    struct px_stmt_cache *stmt_cache; /* analysed statements by text (proxy/stmtcache.h) */
    bool draining;
    bool stopping;
} px_worker;

/* Create the worker's event base and listeners (fds are dup'ed). */
bool px_worker_init(px_worker *w, int id, int tcp_fd, int unix_fd, char *err, size_t errlen);
/* Start the thread (with a stack large enough for the SQL parser). */
bool px_worker_start(px_worker *w);
/* Post a task from any thread. */
void px_worker_post(px_worker *w, px_task_kind kind, uint32_t session_id);
void px_worker_join(px_worker *w);
void px_worker_free(px_worker *w);

/* Called by sessions (worker thread only). */
void px_worker_add_session(px_worker *w, struct px_session *s);
void px_worker_remove_session(px_worker *w, struct px_session *s);

#endif
