/*
 * proxy/tls.c - server TLS context and channel-binding data (see tls.h).
 */
#include "proxy/tls.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>

#include "wire/scram.h"

static void ssl_error(char *err, size_t errlen, const char *what, const char *file)
{
    unsigned long e = ERR_get_error();
    char reason[256];
    ERR_error_string_n(e, reason, sizeof(reason));
    snprintf(err, errlen, "%s \"%s\": %s", what, file, reason);
    ERR_clear_error();
}

px_tls *px_tls_new(const px_config *c, char *err, size_t errlen)
{
    err[0] = '\0';
    if (c->tls_mode == PX_TLS_DISABLE)
        return NULL;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        snprintf(err, errlen, "cannot create TLS context");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (SSL_CTX_use_certificate_chain_file(ctx, c->tls_cert_file) != 1) {
        ssl_error(err, errlen, "cannot load tls_cert_file", c->tls_cert_file);
        SSL_CTX_free(ctx);
        return NULL;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, c->tls_key_file, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        ssl_error(err, errlen, "cannot load tls_key_file", c->tls_key_file);
        SSL_CTX_free(ctx);
        return NULL;
    }
    px_tls *t = calloc(1, sizeof(*t));
    if (!t)
        abort();
    t->ctx = ctx;
    X509 *cert = SSL_CTX_get0_certificate(ctx);
    unsigned char *der = NULL;
    int len = cert ? i2d_X509(cert, &der) : -1;
    if (len > 0) {
        t->cbind_len = wire_scram_cbind_from_cert(der, (size_t)len, t->cbind);
        OPENSSL_free(der);
    }
    return t;
}

void px_tls_free(px_tls *t)
{
    if (!t)
        return;
    SSL_CTX_free(t->ctx);
    free(t);
}
