/*
 * wire/scram.h - server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) with
 * optional tls-server-end-point channel binding (SCRAM-SHA-256-PLUS), and
 * PostgreSQL's md5 password scheme. Crypto from OpenSSL; no I/O.
 *
 * The proxy drives an exchange: wire_scram_begin() with the stored secret,
 * wire_scram_server_first() with the client-first-message (from
 * SASLInitialResponse), wire_scram_server_final() with the client-final-message
 * (from SASLResponse). A failed proof yields false with 28P01.
 */
#ifndef WIRE_SCRAM_H
#define WIRE_SCRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/mem.h"
#include "wire/err.h"

#define WIRE_SCRAM_KEY_LEN 32
#define WIRE_SCRAM_DEFAULT_ITERATIONS 4096

typedef struct wire_scram_secret {
    int iterations;
    uint8_t salt[64];
    size_t salt_len;
    uint8_t stored_key[WIRE_SCRAM_KEY_LEN];
    uint8_t server_key[WIRE_SCRAM_KEY_LEN];
} wire_scram_secret;

/* Parse a PostgreSQL SCRAM verifier "SCRAM-SHA-256$<iter>:<b64 salt>$<b64 StoredKey>:<b64 ServerKey>". */
bool wire_scram_parse_secret(const char *verifier, wire_scram_secret *out);
/* Derive the secret of a plain-text password (SASLprep of ASCII is the identity; non-ASCII is used as is,
 * as PostgreSQL does when SASLprep fails). */
void wire_scram_secret_from_password(const char *password, const uint8_t *salt, size_t salt_len, int iterations,
                                     wire_scram_secret *out);
/* Format a secret as a PostgreSQL verifier string into out. */
void wire_scram_format_secret(const wire_scram_secret *s, og_buf *out);

typedef enum { WIRE_SCRAM_INIT, WIRE_SCRAM_SENT_FIRST, WIRE_SCRAM_DONE } wire_scram_phase;

typedef struct wire_scram_state {
    wire_scram_phase phase;
    wire_scram_secret secret;
    bool plus;                   /* client chose SCRAM-SHA-256-PLUS */
    uint8_t cbind[64];           /* tls-server-end-point hash of our certificate (when TLS) */
    size_t cbind_len;            /* 0 when the connection is not TLS */
    char client_first_bare[512];
    char server_first[512];
    char nonce[256];             /* client nonce + server nonce */
    char gs2_header[128];
} wire_scram_state;

/* Start an exchange for the given secret. cbind/cbind_len: tls-server-end-point data when the connection
 * uses TLS (PLUS is then offered), else NULL/0. */
void wire_scram_begin(wire_scram_state *st, const wire_scram_secret *secret, const uint8_t *cbind, size_t cbind_len);

/* Mechanisms to offer in AuthenticationSASL, NUL-separated, double NUL at the end. */
void wire_scram_mechanisms(const wire_scram_state *st, og_buf *out);

/* Handle SASLInitialResponse: mechanism name and client-first-message. server_nonce may be NULL (random,
 * 18 bytes base64) or a fixed string for tests. Writes server-first-message to out. */
bool wire_scram_server_first(wire_scram_state *st, const char *mechanism, const uint8_t *msg, size_t len,
                             const char *server_nonce, og_buf *out, wire_err *err);

/* Handle SASLResponse: verify the client-final-message (nonce, channel binding, proof). On success writes
 * server-final-message ("v=...") to out. */
bool wire_scram_server_final(wire_scram_state *st, const uint8_t *msg, size_t len, og_buf *out, wire_err *err);

/* tls-server-end-point channel-binding data for a DER certificate (RFC 5929: SHA-256 for MD5/SHA-1
 * signatures, else the signature's hash). Returns the length written to out (<= 64), 0 on failure. */
size_t wire_scram_cbind_from_cert(const uint8_t *der, size_t der_len, uint8_t *out);

/* PostgreSQL md5: "md5" + md5hex(md5hex(password || user) || salt). out must hold 36 bytes. */
void wire_md5_client_hash(const char *stored_md5_or_plain, const char *user, const uint8_t salt[4], char out[36]);
/* stored "md5<32 hex>" of a plain password: md5hex(password || user). out holds 36 bytes. */
void wire_md5_stored(const char *password, const char *user, char out[36]);

#endif
