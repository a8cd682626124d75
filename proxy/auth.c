/*
 * proxy/auth.c - client authentication: trust, cleartext (TLS only), md5 and
 * SCRAM-SHA-256[-PLUS], against the auth_file user list.
 *
 * The method follows auth_type and what is stored for the user, as in
 * PgBouncer: with md5, a user stored as a SCRAM verifier gets SCRAM (an md5
 * answer cannot be checked against it); with scram-sha-256, a plain-text
 * password is turned into a SCRAM secret with a fresh salt. An unknown user
 * goes through the same exchange against a random secret and fails only at
 * the end, so the answers do not reveal which users exist.
 */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/log.h"
#include "proxy/session.h"

static void auth_fail(px_session *s, const char *why)
{
    px_slog(s, PX_LOG_INFO, "authentication failed: %s", why);
    px_session_fatal(s, OG_SQLSTATE_INVALID_PASSWORD, "password authentication failed for user \"%s\"", s->user);
}

static void start_scram(px_session *s, const px_userlist_entry *e)
{
    wire_scram_secret secret;
    uint8_t salt[16];
    RAND_bytes(salt, sizeof(salt));
    if (e && e->kind == PX_USERLIST_SCRAM) {
        wire_scram_parse_secret(e->password, &secret);
    } else {
        /* plain text (or an unknown user: a random password nobody knows) */
        char random_pw[33] = "";
        if (!e) {
            uint8_t r[16];
            RAND_bytes(r, sizeof(r));
            for (int i = 0; i < 16; i++)
                snprintf(random_pw + 2 * i, 3, "%02x", r[i]);
        }
        wire_scram_secret_from_password(e ? e->password : random_pw, salt, sizeof(salt),
                                        WIRE_SCRAM_DEFAULT_ITERATIONS, &secret);
    }
    const px_tls *tls = s->tls ? s->rt->tls : NULL;
    if (!s->scram && !(s->scram = malloc(sizeof(*s->scram))))
        abort();
    wire_scram_begin(s->scram, &secret, tls ? tls->cbind : NULL, tls ? tls->cbind_len : 0);
    og_buf mechs = OG_BUF_INIT;
    wire_scram_mechanisms(s->scram, &mechs);
    wire_put_auth(&s->out, WIRE_AUTH_SASL, mechs.data, mechs.len);
    og_buf_free(&mechs);
    s->auth_step = PX_AUTH_STEP_SASL_FIRST;
}

void px_auth_start(px_session *s)
{
    const px_config *c = s->rt->config;
    const px_userlist_entry *e = s->rt->users ? px_userlist_find(s->rt->users, s->user) : NULL;
    s->auth_user_unknown = e == NULL;
    switch (c->auth_type) {
    case PX_AUTH_TRUST:
        px_session_login_ok(s);
        return;
    case PX_AUTH_PLAIN:
        if (!s->tls) {
            px_session_fatal(s, OG_SQLSTATE_INVALID_AUTHORIZATION,
                             "cleartext password authentication requires a TLS connection");
            return;
        }
        wire_put_auth(&s->out, WIRE_AUTH_CLEARTEXT, NULL, 0);
        s->auth_step = PX_AUTH_STEP_PASSWORD;
        return;
    case PX_AUTH_MD5:
        if (e && e->kind == PX_USERLIST_SCRAM) {
            start_scram(s, e);
            return;
        }
        RAND_bytes(s->md5_salt, 4);
        if (e)
            wire_md5_client_hash(e->password, s->user, s->md5_salt, s->md5_expected);
        wire_put_auth(&s->out, WIRE_AUTH_MD5, s->md5_salt, 4);
        s->auth_step = PX_AUTH_STEP_MD5;
        return;
    case PX_AUTH_SCRAM:
        if (e && e->kind == PX_USERLIST_MD5) {
            /* no exchange can prove knowledge of a password stored as md5: PostgreSQL fails these too */
            px_slog(s, PX_LOG_WARNING, "user \"%s\" has an md5 password; auth_type = scram-sha-256 needs plain or SCRAM",
                    s->user);
            start_scram(s, NULL);
            s->auth_user_unknown = true;
            return;
        }
        start_scram(s, e);
        return;
    }
}

/* Compare a cleartext password with the stored one, whatever its form. */
static bool check_cleartext(px_session *s, const char *given)
{
    const px_userlist_entry *e = px_userlist_find(s->rt->users, s->user);
    if (!e)
        return false;
    switch (e->kind) {
    case PX_USERLIST_PLAIN:
        return strlen(given) == strlen(e->password) && CRYPTO_memcmp(given, e->password, strlen(given)) == 0;
    case PX_USERLIST_MD5: {
        char md5[36];
        wire_md5_stored(given, s->user, md5);
        return CRYPTO_memcmp(md5, e->password, 35) == 0;
    }
    case PX_USERLIST_SCRAM: {
        wire_scram_secret stored, derived;
        if (!wire_scram_parse_secret(e->password, &stored))
            return false;
        wire_scram_secret_from_password(given, stored.salt, stored.salt_len, stored.iterations, &derived);
        return CRYPTO_memcmp(stored.server_key, derived.server_key, WIRE_SCRAM_KEY_LEN) == 0;
    }
    }
    return false;
}

void px_auth_message(px_session *s, const wire_msg *m)
{
    wire_err werr;
    if (m->type != 'p') {
        px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "expected password response, got message type %d",
                         m->type);
        return;
    }
    switch (s->auth_step) {
    case PX_AUTH_STEP_PASSWORD: {
        const char *pw;
        if (!wire_decode_password(m, &pw, &werr)) {
            px_session_fatal(s, werr.code, "%s", werr.message);
            return;
        }
        if (!check_cleartext(s, pw)) {
            auth_fail(s, s->auth_user_unknown ? "unknown user" : "wrong password");
            return;
        }
        px_session_login_ok(s);
        return;
    }
    case PX_AUTH_STEP_MD5: {
        const char *pw;
        if (!wire_decode_password(m, &pw, &werr)) {
            px_session_fatal(s, werr.code, "%s", werr.message);
            return;
        }
        if (s->auth_user_unknown || strlen(pw) != 35 || CRYPTO_memcmp(pw, s->md5_expected, 35) != 0) {
            auth_fail(s, s->auth_user_unknown ? "unknown user" : "wrong password");
            return;
        }
        px_session_login_ok(s);
        return;
    }
    case PX_AUTH_STEP_SASL_FIRST: {
        wire_sasl_initial init;
        if (!wire_decode_sasl_initial(m, &init, &werr)) {
            px_session_fatal(s, werr.code, "%s", werr.message);
            return;
        }
        og_buf reply = OG_BUF_INIT;
        if (!wire_scram_server_first(s->scram, init.mechanism, init.data, init.len, NULL, &reply, &werr)) {
            og_buf_free(&reply);
            px_session_fatal(s, werr.code, "%s", werr.message);
            return;
        }
        wire_put_auth(&s->out, WIRE_AUTH_SASL_CONTINUE, reply.data, reply.len);
        og_buf_free(&reply);
        s->auth_step = PX_AUTH_STEP_SASL_FINAL;
        return;
    }
    case PX_AUTH_STEP_SASL_FINAL: {
        og_buf reply = OG_BUF_INIT;
        bool ok = wire_scram_server_final(s->scram, m->body, m->body_len, &reply, &werr);
        if (!ok || s->auth_user_unknown) {
            og_buf_free(&reply);
            if (!ok && strcmp(werr.code, OG_SQLSTATE_INVALID_PASSWORD))
                px_session_fatal(s, werr.code, "%s", werr.message);
            else
                auth_fail(s, s->auth_user_unknown ? "unknown user" : "wrong password");
            return;
        }
        wire_put_auth(&s->out, WIRE_AUTH_SASL_FINAL, reply.data, reply.len);
        og_buf_free(&reply);
        px_session_login_ok(s);
        return;
    }
    case PX_AUTH_STEP_NONE:
        break;
    }
    px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "unexpected authentication message");
}
