/*
 * proxy/session.h - one client connection: its state machine and state.
 *
 * A session lives on one worker thread, from accept to close. Its phases:
 *   STARTUP  waiting for StartupMessage (SSLRequest/GSSENCRequest/
 *            CancelRequest handled here, TLS started on request)
 *   AUTH     an authentication exchange is in progress (proxy/auth.c)
 *   READY    processing queries (proxy/query.c)
 *   CLOSING  output is being flushed, then the session is freed
 * Input is processed one whole message at a time, straight out of the
 * bufferevent's input buffer. While a statement runs asynchronously the
 * session is "busy" and does not read more input (backpressure); when it
 * completes, processing resumes where it stopped.
 *
 * This header is shared by the files that implement the session
 * (session.c, auth.c, query.c); the rest of the server uses only the
 * functions marked "public".
 */
#ifndef PX_SESSION_H
#define PX_SESSION_H

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/hmap.h"
#include "orm/keys.h"
#include "orm/mem.h"
#include "proxy/guc.h"
#include "proxy/runtime.h"
#include "wire/codec.h"
#include "wire/proto.h"
#include "wire/scram.h"

struct px_worker;
struct px_stmt;
struct px_portal;

typedef enum { PX_PHASE_STARTUP, PX_PHASE_AUTH, PX_PHASE_READY, PX_PHASE_CLOSING } px_phase;
typedef enum { PX_AUTH_STEP_NONE, PX_AUTH_STEP_PASSWORD, PX_AUTH_STEP_MD5, PX_AUTH_STEP_SASL_FIRST,
               PX_AUTH_STEP_SASL_FINAL } px_auth_step;

/* A simple Query in progress: its statements, and the next one to run. */
typedef struct px_simple_query {
    bool active;
    char *sql;  /* owned copy of the Query text */
    void *tree; /* orm_parsed, owned (NULL when the statement came from the statement cache) */
    struct px_stmt *cached; /* the one statement, from the worker's statement cache (a reference) */
    size_t next;
    size_t nstmts;
} px_simple_query;

typedef struct px_session {
    /* identity */
    uint32_t id;         /* BackendKeyData process id (unique in this server) */
    uint32_t cancel_key; /* BackendKeyData secret */
    char peer[64];
    char prefix[160]; /* log prefix: "S-12 user@db (peer)" */
    struct px_worker *worker;
    struct px_session *prev, *next; /* worker's list */
    const px_runtime *rt;           /* generation this session logged in with */

    /* I/O */
    struct bufferevent *bev; /* the one callbacks are on (TLS filter or socket) */
    struct bufferevent *raw; /* the socket bufferevent */
    SSL *ssl;
    bool tls;
    og_buf out;
    struct event *timer; /* login / idle / idle-in-transaction timeouts */
    struct event *sleep_ev;
    bool reject_full; /* over max_client_conn: refuse after the startup packet */
    bool counted;     /* holds a slot of max_client_conn */
    bool draining;    /* server is shutting down: close when idle */
    bool portals_expired; /* the transaction ended: drop portals once the statement is done */

    px_phase phase;
    og_arena arena; /* session lifetime: user, database, ... */
    const char *user;
    const char *database;

    /* authentication */
    px_auth_step auth_step;
    uint8_t md5_salt[4];
    char md5_expected[36];
    bool auth_user_unknown;
    wire_scram_state *scram; /* only during a SCRAM exchange */

    /* query state */
    px_guc guc;
    wire_codec_ctx codec;
    char txstatus;            /* 'I', 'T', 'E' */
    bool skip_until_sync;     /* extended protocol error: discard until Sync */
    bool implicit_tx;         /* extended protocol: statements since the last Sync */
    bool busy;                /* a statement is running asynchronously */
    bool canceled;            /* a cancel request arrived while busy */
    char **savepoints;
    size_t nsavepoints, capsavepoints;
    og_hmap statements; /* name -> px_prepared */
    og_hmap portals;    /* name -> px_portal */
    px_simple_query sq;
    struct px_portal *running; /* portal of the statement in progress */

    /* backend (proxy/db.h) */
    struct px_backend *backend;    /* this worker's backend of the session's database */
    void (*attach_done)(struct px_session *s, const og_error *err); /* while waiting for it */
    struct drv_conn *conn;         /* leased for the current transaction */
    struct px_op *op;              /* the backend work in progress (proxy/backend.c) */
    struct orm_em *em;             /* EntityManager: identity map + unit of work (proxy/uow.c) */
    orm_keys tx_keys;              /* key blocks reserved inside this transaction (proxy/uow.c) */
    uint64_t em_epoch;             /* the database's write epoch the identity map is valid for */
    const struct orm_schema *em_schema; /* the schema generation its entities belong to */
    /* DDL inside BEGIN ... COMMIT (proxy/backend.c): the transaction's own schema generation, seen
     * only by this session until COMMIT publishes it; the DDL texts, replayed if another session's
     * schema change was published meanwhile; per savepoint, what ROLLBACK TO restores */
    struct orm_schema *tx_schema;
    const struct orm_schema *tx_base;
    char **tx_ddl;
    size_t ntx_ddl;
    struct orm_schema **tx_gens; /* every generation the transaction made (retired at its end) */
    size_t ntx_gens;
    struct orm_schema **sp_schema; /* [capsavepoints] */
    size_t *sp_nddl;               /* [capsavepoints] */
    struct {
        uint64_t roundtrips; /* calls to the backend (statements, BEGIN, COMMIT, ...) */
        uint64_t map_hits;   /* statements served from the identity map without a read */
        uint64_t flushes;    /* flushes of the unit of work */
        uint64_t flushed;    /* change sets (entities inserted, updated, deleted) they wrote */
    } stats;                 /* SHOW ormgate.stats */
    bool in_login;                 /* inside px_session_login_ok (attach may complete synchronously) */
    int64_t xact_usec;             /* start of the transaction (now()), 0 outside one */
    uint32_t running_max_rows;
    bool running_simple;
} px_session;

/* public: accept a new connection on fd (worker thread). */
void px_session_accept(struct px_worker *w, int fd, const struct sockaddr *addr, int socklen);
/* public: a cancel request for this session arrived. */
void px_session_cancel(px_session *s);
/* public: the server is draining; close now if idle, else after the transaction. */
void px_session_drain(px_session *s);
/* public: close at once with 57P01 (fast shutdown). */
void px_session_terminate(px_session *s);
/* public: free now, whatever is pending (worker exit only). */
void px_session_destroy(px_session *s);

/* internal: queue an ErrorResponse / NoticeResponse built from err. */
void px_session_send_error(px_session *s, const og_error *err);
void px_session_send_notice(px_session *s, const char *severity, const char *code, const char *message);
/* internal: send a FATAL error and close the session after flushing it. */
void px_session_fatal(px_session *s, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* internal: close after the queued output is written (no message). Never frees synchronously. */
void px_session_close(px_session *s);
/* internal: write queued output to the socket. */
void px_session_flush(px_session *s);
/* internal: authentication is complete: send the welcome and become READY. */
void px_session_login_ok(px_session *s);
/* internal: statement finished asynchronously; resume input processing. */
void px_session_resume(px_session *s);
/* internal: log with the session prefix */
#define px_slog(s, level, ...) px_log_write(level, (s)->prefix, __VA_ARGS__)

/* auth.c */
void px_auth_start(px_session *s);
void px_auth_message(px_session *s, const wire_msg *m);

/* query.c */
void px_query_message(px_session *s, const wire_msg *m);
void px_query_init(px_session *s);
void px_query_free(px_session *s);
/* Continue a statement that was running asynchronously (after a sleep or a cancel). */
void px_query_async_done(px_session *s, og_error *err);

#endif
