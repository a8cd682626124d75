/*
 * proxy/tls.h - the server's TLS context (OpenSSL 3).
 *
 * One SSL_CTX per configuration generation, shared by all workers (OpenSSL
 * contexts are thread-safe for SSL_new). It also carries the
 * tls-server-end-point channel-binding data of our certificate, computed
 * once, which SCRAM-SHA-256-PLUS needs.
 */
#ifndef PX_TLS_H
#define PX_TLS_H

#include <openssl/ssl.h>
#include <stddef.h>
#include <stdint.h>

#include "proxy/config.h"

typedef struct px_tls {
    SSL_CTX *ctx;
    uint8_t cbind[64];
    size_t cbind_len;
} px_tls;

/* Build the context from tls_cert_file/tls_key_file; NULL with a message in err
 * when TLS is disabled (err empty) or the files are unusable (err set). */
px_tls *px_tls_new(const px_config *c, char *err, size_t errlen);
void px_tls_free(px_tls *t);

#endif
