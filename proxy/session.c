/*
 * proxy/session.c - a client connection's life: accept, startup packet,
 * TLS, the input loop, timeouts, errors and close (see session.h).
 *
 * Input is framed in place: the header of the next message is copied out of
 * the bufferevent's input buffer, its declared length checked against the
 * limit before a single byte of body is buffered for it, and only a whole
 * message is made contiguous (evbuffer_pullup) and dispatched. A length over
 * the limit closes the session at once, so a client cannot make the server
 * allocate a huge message.
 */
#include "proxy/session.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "proxy/db.h"
#include "proxy/log.h"
#include "proxy/server.h"
#include "proxy/worker.h"

static void session_read_cb(struct bufferevent *bev, void *arg);
static void session_write_cb(struct bufferevent *bev, void *arg);
static void session_event_cb(struct bufferevent *bev, short what, void *arg);
static void session_free(px_session *s);
static void arm_timer(px_session *s);

/* Deferred callbacks: a bufferevent never calls back into a session while
 * the session is inside one of its own functions. */
#define BEV_FLAGS (BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS)

/* ---- output ------------------------------------------------------------ */

/* Output goes to the socket at once when nothing is queued before it (plain TCP / unix socket):
 * a bufferevent write would arm EV_WRITE, wait a loop turn for writability and disarm it again,
 * two epoll_ctl calls per answer. What the socket does not take, and all TLS output, goes
 * through the bufferevent, which also finds a broken connection. */
void px_session_flush(px_session *s)
{
    if (!s->out.len || !s->bev)
        return;
    size_t off = 0;
    if (s->bev == s->raw && evbuffer_get_length(bufferevent_get_output(s->bev)) == 0) {
        ssize_t n = send(bufferevent_getfd(s->bev), s->out.data, s->out.len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            off = (size_t)n;
    }
    if (off < s->out.len)
        bufferevent_write(s->bev, s->out.data + off, s->out.len - off);
    og_buf_clear(&s->out);
    if (s->out.cap > 64 * 1024) /* do not keep a large result's buffer for an idle session */
        og_buf_free(&s->out);
}

static void put_error(px_session *s, const og_error *err, const char *severity)
{
    wire_notice n = {
        .severity = severity ? severity : (err->severity ? err->severity : "ERROR"),
        .code = err->code,
        .message = err->message,
        .detail = err->detail,
        .hint = err->hint,
        .position = err->position,
        .constraint = err->constraint,
        .table = err->table,
        .column = err->column,
    };
    wire_put_notice(&s->out, 'E', &n);
}

void px_session_send_error(px_session *s, const og_error *err)
{
    put_error(s, err, NULL);
    px_slog(s, PX_LOG_INFO, "error %s: %s", err->code, err->message ? err->message : "");
}

void px_session_send_notice(px_session *s, const char *severity, const char *code, const char *message)
{
    wire_notice n = {.severity = severity, .code = code, .message = message};
    wire_put_notice(&s->out, 'N', &n);
}

/* Close after the queued output has reached the socket. */
void px_session_close(px_session *s)
{
    if (s->phase == PX_PHASE_CLOSING)
        return;
    s->phase = PX_PHASE_CLOSING;
    if (s->timer)
        evtimer_del(s->timer);
    if (s->sleep_ev)
        evtimer_del(s->sleep_ev);
    if (!s->bev) {
        session_free(s);
        return;
    }
    px_session_flush(s);
    bufferevent_disable(s->bev, EV_READ);
    bufferevent_setcb(s->bev, NULL, session_write_cb, session_event_cb, s);
    if (s->raw != s->bev)
        bufferevent_setwatermark(s->raw, EV_WRITE, 0, 0);
    /* never free here: callers up the stack still hold s. The write callback
     * frees it once output drains; the zero timer covers "nothing pending". */
    struct timeval now = {0, 0};
    evtimer_add(s->timer, &now);
}

void px_session_fatal(px_session *s, const char *code, const char *fmt, ...)
{
    og_error err = OG_ERROR_INIT;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    og_error_set(&err, code, "%s", msg);
    err.severity = "FATAL";
    put_error(s, &err, "FATAL");
    px_slog(s, PX_LOG_INFO, "closing: FATAL %s: %s", code, msg);
    og_error_clear(&err);
    px_session_close(s);
}

/* ---- timers ------------------------------------------------------------ */

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
    px_session *s = arg;
    if (s->phase == PX_PHASE_CLOSING) {
        session_write_cb(s->bev, s);
        return;
    }
    if (s->phase == PX_PHASE_STARTUP || s->phase == PX_PHASE_AUTH) {
        px_slog(s, PX_LOG_INFO, "client_login_timeout expired");
        px_session_fatal(s, "08006", "client_login_timeout: startup or authentication took too long");
    } else if (s->phase == PX_PHASE_READY && !s->busy) {
        if (s->txstatus != 'I')
            px_session_fatal(s, OG_SQLSTATE_IDLE_IN_TRANSACTION_TIMEOUT,
                             "terminating connection due to idle-in-transaction timeout");
        else
            px_session_fatal(s, OG_SQLSTATE_IDLE_SESSION_TIMEOUT, "terminating connection due to idle-session timeout");
    }
}

/* Arm the timeout that applies to the session's current state (or none). */
static void arm_timer(px_session *s)
{
    const px_config *c = px_runtime_get()->config;
    double secs = 0;
    if (s->phase == PX_PHASE_STARTUP || s->phase == PX_PHASE_AUTH)
        secs = c->client_login_timeout;
    else if (s->phase == PX_PHASE_READY && !s->busy)
        secs = s->txstatus != 'I' ? c->idle_transaction_timeout : c->client_idle_timeout;
    if (secs <= 0) {
        evtimer_del(s->timer);
        return;
    }
    struct timeval tv = {(time_t)secs, (suseconds_t)((secs - (double)(time_t)secs) * 1e6)};
    evtimer_add(s->timer, &tv);
}

/* ---- accept ------------------------------------------------------------ */

static void format_peer(px_session *s, const struct sockaddr *addr, int socklen)
{
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        char ip[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
        snprintf(s->peer, sizeof(s->peer), "%s:%u", ip, ntohs(in->sin_port));
    } else if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        char ip[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
        snprintf(s->peer, sizeof(s->peer), "[%s]:%u", ip, ntohs(in6->sin6_port));
    } else {
        snprintf(s->peer, sizeof(s->peer), "unix");
    }
    (void)socklen;
}

static void update_prefix(px_session *s)
{
    snprintf(s->prefix, sizeof(s->prefix), "S-%u %s@%s (%s)", s->id, s->user ? s->user : "?",
             s->database ? s->database : "?", s->peer);
}

void px_session_accept(px_worker *w, int fd, const struct sockaddr *addr, int socklen)
{
    px_session *s = calloc(1, sizeof(*s));
    if (!s)
        abort();
    s->worker = w;
    s->rt = px_runtime_get();
    s->phase = PX_PHASE_STARTUP;
    s->txstatus = 'I';
    og_arena_init_sized(&s->arena, 192); /* holds user and database names */
    format_peer(s, addr, socklen);
    px_server_register(w, &s->id, &s->cancel_key);
    update_prefix(s);
    if (addr->sa_family != AF_UNIX) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->counted = px_server_client_acquire();
    s->reject_full = !s->counted;
    s->raw = s->bev = bufferevent_socket_new(w->base, fd, BEV_FLAGS);
    s->timer = evtimer_new(w->base, timer_cb, s);
    px_worker_add_session(w, s);
    px_slog(s, PX_LOG_INFO, "connection accepted");
    bufferevent_setcb(s->bev, session_read_cb, NULL, session_event_cb, s);
    bufferevent_enable(s->bev, EV_READ | EV_WRITE);
    arm_timer(s);
}

static void session_free(px_session *s)
{
    px_slog(s, PX_LOG_INFO, "closing connection");
    px_db_detach(s);
    px_query_free(s);
    px_guc_free(&s->guc);
    if (s->scram) {
        OPENSSL_cleanse(s->scram, sizeof(*s->scram));
        free(s->scram);
    }
    if (s->timer)
        event_free(s->timer);
    if (s->sleep_ev)
        event_free(s->sleep_ev);
    if (s->bev)
        bufferevent_free(s->bev); /* frees the socket bufferevent under a TLS filter too */
    og_buf_free(&s->out);
    og_arena_reset(&s->arena);
    px_server_unregister(s->id);
    if (s->counted)
        px_server_client_release();
    px_worker_remove_session(s->worker, s);
    free(s);
}

/* ---- TLS ---------------------------------------------------------------- */

static bool start_tls(px_session *s)
{
    const px_tls *tls = s->rt->tls;
    SSL *ssl = SSL_new(tls->ctx);
    if (!ssl)
        return false;
    /* The 'S' answer is already in the socket's output; the filter takes over the socket after it. */
    struct bufferevent *f = bufferevent_openssl_filter_new(s->worker->base, s->raw, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                                           BEV_FLAGS);
    if (!f) {
        SSL_free(ssl);
        return false;
    }
    s->ssl = ssl;
    s->bev = f;
    s->tls = true;
    bufferevent_setcb(f, session_read_cb, NULL, session_event_cb, s);
    bufferevent_enable(f, EV_READ | EV_WRITE);
    return true;
}

/* ---- startup packet ------------------------------------------------------ */

static void startup_decoded(px_session *s, const wire_startup *st);

static void handle_startup(px_session *s, const wire_msg *m)
{
    wire_startup st;
    wire_err werr;
    og_arena tmp; /* the parameter arrays live only while the packet is handled */
    og_arena_init(&tmp);
    s->rt = px_runtime_get(); /* the generation this session logs in with */
    if (wire_decode_startup(m, &tmp, &st, &werr))
        startup_decoded(s, &st);
    else
        px_session_fatal(s, werr.code, "%s", werr.message);
    og_arena_reset(&tmp);
}

static void startup_decoded(px_session *s, const wire_startup *stp)
{
    const wire_startup st = *stp;
    const px_config *c = s->rt->config;
    switch (st.kind) {
    case WIRE_STARTUP_SSL:
        if (s->tls) {
            px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "SSL negotiation requested twice");
            return;
        }
        if (c->tls_mode == PX_TLS_DISABLE || !s->rt->tls) {
            og_buf_putc(&s->out, 'N');
            px_session_flush(s);
            return;
        }
        og_buf_putc(&s->out, 'S');
        px_session_flush(s);
        if (evbuffer_get_length(bufferevent_get_input(s->raw)) > 0) {
            /* the client must wait for our answer before the TLS handshake */
            px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "received unencrypted data after SSL request");
            return;
        }
        if (!start_tls(s))
            px_session_fatal(s, "08006", "could not start TLS");
        return;
    case WIRE_STARTUP_GSSENC:
        og_buf_putc(&s->out, 'N');
        px_session_flush(s);
        return;
    case WIRE_STARTUP_CANCEL:
        px_server_cancel(st.cancel_pid, st.cancel_key);
        px_session_close(s); /* a cancel connection gets no answer */
        return;
    case WIRE_STARTUP:
        break;
    }
    if (st.major != WIRE_PROTO_MAJOR) {
        px_session_fatal(s, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "unsupported frontend protocol %u.%u: server supports 3.0 to 3.0", st.major, st.minor);
        return;
    }
    if (s->reject_full) {
        px_slog(s, PX_LOG_WARNING, "max_client_conn (%d) reached: refusing connection", c->max_client_conn);
        px_session_fatal(s, OG_SQLSTATE_TOO_MANY_CONNECTIONS, "sorry, too many clients already");
        return;
    }
    if (c->tls_mode == PX_TLS_REQUIRE && !s->tls) {
        px_session_fatal(s, OG_SQLSTATE_INVALID_AUTHORIZATION,
                         "TLS is required: connect with sslmode=require (tls_mode = require)");
        return;
    }
    const char *unknown[64];
    uint32_t nunknown = 0;
    const char *user = NULL, *database = NULL;
    for (uint32_t i = 0; i < st.nparams; i++) {
        const char *k = st.keys[i];
        if (!strcmp(k, "user"))
            user = st.values[i];
        else if (!strcmp(k, "database"))
            database = st.values[i];
        else if (!strncmp(k, "_pq_.", 5) && nunknown < 64)
            unknown[nunknown++] = k;
    }
    if (!user || !*user) {
        px_session_fatal(s, OG_SQLSTATE_INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet");
        return;
    }
    s->user = og_arena_strdup(&s->arena, user);
    s->database = og_arena_strdup(&s->arena, database && *database ? database : user);
    update_prefix(s);
    if (st.minor > WIRE_PROTO_MINOR || nunknown)
        wire_put_negotiate_version(&s->out, (WIRE_PROTO_MAJOR << 16) | WIRE_PROTO_MINOR, unknown, nunknown);
    px_query_init(s);
    for (uint32_t i = 0; i < st.nparams; i++) {
        const char *k = st.keys[i];
        if (!strcmp(k, "user") || !strcmp(k, "database") || !strncmp(k, "_pq_.", 5) || !strcmp(k, "options") ||
            !strcmp(k, "replication"))
            continue;
        og_error err = OG_ERROR_INIT;
        if (!px_guc_set_startup(&s->guc, k, st.values[i], &err)) {
            px_session_fatal(s, err.code, "%s", err.message);
            og_error_clear(&err);
            return;
        }
    }
    if (!px_config_database(c, s->database)) {
        px_session_fatal(s, "3D000", "database \"%s\" does not exist", s->database);
        return;
    }
    s->phase = PX_PHASE_AUTH;
    px_auth_start(s);
}

/* The session's database is open and its schema loaded (or not): finish the login. */
static void attached(px_session *s, const og_error *err)
{
    s->busy = false;
    if (s->phase == PX_PHASE_CLOSING)
        return;
    if (err) {
        px_session_fatal(s, err->code, "%s", err->message ? err->message : "cannot open the database");
        return;
    }
    /* the database's flush mode (its [databases] line, else the global one) is the session's default,
     * unless the client's startup packet chose one */
    const px_database *line = px_config_database(s->rt->config, s->database);
    const char *mode = line && line->flush_mode && *line->flush_mode ? line->flush_mode : s->rt->config->flush_mode;
    const char *now = px_guc_get(&s->guc, "ormgate.flush_mode");
    if (mode && strcmp(mode, "auto") && (!now || !strcmp(now, "auto"))) {
        og_error e = OG_ERROR_INIT;
        px_guc_set_startup(&s->guc, "ormgate.flush_mode", mode, &e);
        og_error_clear(&e);
    }
    wire_put_auth(&s->out, WIRE_AUTH_OK, NULL, 0);
    const char *names[32], *values[32];
    size_t n = px_guc_reported(&s->guc, names, values, 32);
    for (size_t i = 0; i < n; i++)
        wire_put_parameter_status(&s->out, names[i], values[i]);
    wire_put_backend_key(&s->out, s->id, s->cancel_key);
    wire_put_ready(&s->out, 'I');
    s->phase = PX_PHASE_READY;
    px_slog(s, PX_LOG_INFO, "login ok%s", s->tls ? " (TLS)" : "");
    arm_timer(s);
    /* attached later (the schema was loading): start reading again. Attached at once: the input
     * loop that delivered the password message is still running and goes on by itself (resuming
     * here would read that message a second time). */
    if (!s->in_login)
        px_session_resume(s);
}

void px_session_login_ok(px_session *s)
{
    s->auth_step = PX_AUTH_STEP_NONE;
    if (s->scram) {
        OPENSSL_cleanse(s->scram, sizeof(*s->scram)); /* keys of the exchange */
        free(s->scram);
        s->scram = NULL;
    }
    /* nothing more is read until the database is attached */
    s->busy = true;
    s->in_login = true;
    px_db_attach(s, attached);
    s->in_login = false;
}

/* ---- input loop --------------------------------------------------------- */

static void process_input(px_session *s)
{
    struct evbuffer *in = bufferevent_get_input(s->bev);
    const px_config *c = px_runtime_get()->config; /* limits follow reloads */
    while (s->phase != PX_PHASE_CLOSING && !s->busy) {
        bool startup = s->phase == PX_PHASE_STARTUP;
        uint8_t hdr[5];
        size_t avail = evbuffer_get_length(in);
        size_t hlen = startup ? 4 : 5;
        if (avail < hlen)
            break;
        evbuffer_copyout(in, hdr, hlen);
        uint32_t limit = startup ? WIRE_MAX_STARTUP_LEN : c->max_message_size;
        wire_msg m;
        wire_frame_status fs = wire_frame(hdr, hlen, startup, limit, &m);
        if (fs == WIRE_FRAME_BAD_LENGTH) {
            px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "invalid message length");
            break;
        }
        if (fs == WIRE_FRAME_TOO_LARGE) {
            if (startup)
                px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "invalid length of startup packet");
            else
                px_session_fatal(s, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                                 "message of type '%c' is %u bytes long, over max_message_size (%u)", hdr[0],
                                 og_get32(hdr + 1), limit);
            break;
        }
        size_t total = startup ? og_get32(hdr) : (size_t)og_get32(hdr + 1) + 1;
        if (avail < total)
            break;
        const uint8_t *data;
        uint8_t small[WIRE_MAX_STARTUP_LEN];
        if (startup) {
            /* consumed before it is handled: after an SSLRequest the TLS layer
             * takes over this input buffer and must not see the request */
            evbuffer_remove(in, small, total);
            data = small;
        } else {
            data = evbuffer_pullup(in, (ssize_t)total);
        }
        fs = wire_frame(data, total, startup, limit, &m);
        if (fs != WIRE_FRAME_OK) {
            px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "invalid message framing");
            break;
        }
        switch (s->phase) {
        case PX_PHASE_STARTUP:
            handle_startup(s, &m);
            break;
        case PX_PHASE_AUTH:
            px_auth_message(s, &m);
            break;
        case PX_PHASE_READY:
            px_query_message(s, &m);
            break;
        case PX_PHASE_CLOSING:
            break;
        }
        if (s->phase == PX_PHASE_CLOSING)
            return;
        if (!startup)
            evbuffer_drain(in, total);
        in = bufferevent_get_input(s->bev); /* changes when TLS starts */
    }
    if (s->phase == PX_PHASE_CLOSING)
        return;
    if (!s->busy) /* a statement running asynchronously: its answers go out with the result, in one write */
        px_session_flush(s);
    arm_timer(s);
}

static void session_read_cb(struct bufferevent *bev, void *arg)
{
    px_session *s = arg;
    if (bev != s->bev)
        return;
    process_input(s);
}

void px_session_resume(px_session *s)
{
    if (s->phase == PX_PHASE_CLOSING)
        return;
    /* no flush here: process_input ends with one, so the result and the ReadyForQuery of the Sync
     * that follows it go out together */
    if (s->draining && !s->busy && s->txstatus == 'I') {
        px_session_fatal(s, OG_SQLSTATE_ADMIN_SHUTDOWN, "terminating connection due to administrator command");
        return;
    }
    if (!s->busy)
        bufferevent_enable(s->bev, EV_READ);
    process_input(s);
}

static void session_write_cb(struct bufferevent *bev, void *arg)
{
    px_session *s = arg;
    if (s->phase != PX_PHASE_CLOSING)
        return;
    if (evbuffer_get_length(bufferevent_get_output(s->bev)) > 0)
        return;
    if (s->raw != s->bev && evbuffer_get_length(bufferevent_get_output(s->raw)) > 0) {
        bufferevent_setcb(s->raw, NULL, session_write_cb, session_event_cb, s);
        return;
    }
    session_free(s);
}

static void session_event_cb(struct bufferevent *bev, short what, void *arg)
{
    px_session *s = arg;
    if (what & BEV_EVENT_CONNECTED)
        return;
    if (what & BEV_EVENT_ERROR) {
        unsigned long e = s->tls ? bufferevent_get_openssl_error(s->bev) : 0;
        if (e) {
            char reason[256];
            ERR_error_string_n(e, reason, sizeof(reason));
            px_slog(s, PX_LOG_INFO, "TLS error: %s", reason);
        }
    }
    if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
        if (s->phase != PX_PHASE_CLOSING)
            px_slog(s, PX_LOG_INFO, "client disconnected%s", s->txstatus != 'I' ? " inside a transaction" : "");
        if (s->bev) {
            bufferevent_free(s->bev);
            s->bev = s->raw = NULL;
        }
        session_free(s);
    }
}

/* ---- server control ------------------------------------------------------ */

void px_session_cancel(px_session *s)
{
    if (s->phase != PX_PHASE_READY || !s->busy)
        return; /* nothing running: PostgreSQL ignores such a cancel too */
    px_slog(s, PX_LOG_INFO, "cancel request");
    og_error err = OG_ERROR_INIT;
    og_error_set(&err, OG_SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
    px_query_async_done(s, &err);
    og_error_clear(&err);
}

void px_session_drain(px_session *s)
{
    s->draining = true;
    if (s->phase == PX_PHASE_CLOSING)
        return;
    if (s->phase != PX_PHASE_READY || (!s->busy && s->txstatus == 'I'))
        px_session_fatal(s, OG_SQLSTATE_ADMIN_SHUTDOWN, "terminating connection due to administrator command");
}

void px_session_terminate(px_session *s)
{
    if (s->phase == PX_PHASE_CLOSING)
        return; /* already on its way out, with its last message queued */
    px_session_fatal(s, OG_SQLSTATE_ADMIN_SHUTDOWN, "terminating connection due to administrator command");
}

void px_session_destroy(px_session *s) { session_free(s); }
