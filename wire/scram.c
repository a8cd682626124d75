/*
 * wire/scram.c - server side of SCRAM-SHA-256(-PLUS) and PostgreSQL's md5
 * password scheme (see scram.h for how the proxy drives an exchange).
 *
 * The exchange follows PostgreSQL's src/backend/libpq/auth-scram.c so that a
 * client sees the same behaviour through ormgate as against a real server:
 * - the user name in client-first (n=) is ignored: PostgreSQL takes it from
 *   the startup packet and libpq sends it empty;
 * - an authorization identity (a=) and mandatory extensions (m=) are refused
 *   with 0A000; optional extensions are skipped;
 * - channel binding is tls-server-end-point only. "p=" is accepted only with
 *   SCRAM-SHA-256-PLUS, and "y" is refused when PLUS was offered: a client
 *   that supports binding but believes the server does not has been
 *   downgraded by someone in the middle;
 * - c= in client-final must be exactly base64(gs2-header [+ cbind data]);
 * - the server nonce is 18 random bytes in base64.
 *
 * Messages arrive as length-counted bytes straight from the protocol buffer,
 * so parsing works over (pointer, length) and never relies on a NUL; a NUL
 * inside a message is itself malformed. Everything the final step needs
 * (client-first-bare, server-first, the nonce, the gs2 header) is kept in the
 * caller's fixed-size wire_scram_state, which bounds what a client may send.
 *
 * Crypto is OpenSSL 3: PKCS5_PBKDF2_HMAC for SaltedPassword, one-shot HMAC()
 * and EVP_Digest() for the rest, CRYPTO_memcmp for secret comparisons.
 * OpenSSL failing to compute SHA-256 or MD5 means the library is unusable
 * (no provider, no memory); like out-of-memory in orm/mem.c this aborts.
 */
#include "wire/scram.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#define SCRAM_PREFIX           "SCRAM-SHA-256$"
#define SCRAM_MECH             "SCRAM-SHA-256"
#define SCRAM_MECH_PLUS        "SCRAM-SHA-256-PLUS"
#define SCRAM_CBIND_TYPE       "tls-server-end-point"
#define SCRAM_RAW_NONCE_LEN    18
#define SQLSTATE_PROTOCOL      "08P01"
#define SQLSTATE_NOT_SUPPORTED "0A000"
#define SQLSTATE_INVALID_AUTH  "28000"
#define SQLSTATE_BAD_PASSWORD  "28P01"
#define SQLSTATE_INTERNAL      "XX000"

/* ---------------------------------------------------------------- crypto */

static void crypto_failed(void)
{
    /* see the file comment: no meaningful way to continue */
    abort();
}

static void sha256(const void *data, size_t len, uint8_t out[WIRE_SCRAM_KEY_LEN])
{
    if (!EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL))
        crypto_failed();
}

static void hmac_sha256(const uint8_t *key, size_t key_len, const void *data, size_t len,
                        uint8_t out[WIRE_SCRAM_KEY_LEN])
{
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), key, (int)key_len, data, len, out, &n) || n != WIRE_SCRAM_KEY_LEN)
        crypto_failed();
}

/* md5 of the concatenation a || b as 32 lowercase hex digits plus NUL. */
static void md5_hex2(const void *a, size_t alen, const void *b, size_t blen, char out[33])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t md[16];
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_md5(), NULL) || !EVP_DigestUpdate(ctx, a, alen) ||
        !EVP_DigestUpdate(ctx, b, blen) || !EVP_DigestFinal_ex(ctx, md, &n) || n != sizeof md)
        crypto_failed();
    EVP_MD_CTX_free(ctx);
    for (size_t i = 0; i < sizeof md; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[32] = '\0';
}

/* ---------------------------------------------------------------- base64 */

/* Encoded length of n bytes; a macro so that it sizes arrays without making them VLAs. */
#define B64_ENC_LEN(n) (4 * (((n) + 2) / 3))

/* Encode into dst, which must hold B64_ENC_LEN(n) + 1 bytes; returns the length (NUL-terminated). */
static size_t b64_encode(const uint8_t *in, size_t n, char *dst)
{
    assert(n <= INT_MAX / 2);
    return (size_t)EVP_EncodeBlock((unsigned char *)dst, in, (int)n);
}

static void b64_append(og_buf *out, const uint8_t *in, size_t n)
{
    og_buf_reserve(out, B64_ENC_LEN(n) + 1);
    out->len += b64_encode(in, n, (char *)out->data + out->len);
}

static bool b64_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/*
 * Strict base64 decode: whole quads, '=' only as final padding, no blanks.
 * EVP_DecodeBlock alone would skip blanks and count padding as zero bytes,
 * so the input is validated here and decoded a quad at a time. Returns the
 * decoded length, or -1 when malformed or longer than cap.
 */
static long b64_decode(const char *in, size_t n, uint8_t *out, size_t cap)
{
    if (n % 4 != 0)
        return -1;
    size_t pad = 0;
    if (n > 0 && in[n - 1] == '=')
        pad = (n > 1 && in[n - 2] == '=') ? 2 : 1;
    for (size_t i = 0; i < n - pad; i++)
        if (!b64_char(in[i]))
            return -1;
    size_t len = n / 4 * 3 - pad;
    if (len > cap)
        return -1;
    size_t done = 0;
    for (size_t i = 0; i < n; i += 4) {
        uint8_t quad[3];
        if (EVP_DecodeBlock(quad, (const unsigned char *)in + i, 4) != 3)
            return -1;
        size_t take = len - done < 3 ? len - done : 3;
        memcpy(out + done, quad, take);
        done += take;
    }
    return (long)len;
}

/* ---------------------------------------------------------------- secrets */

static bool parse_int(const char *s, size_t n, int *out)
{
    long v = 0;
    if (n == 0 || n > 10)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v <= 0 || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

bool wire_scram_parse_secret(const char *verifier, wire_scram_secret *out)
{
    wire_scram_secret s;
    size_t plen = strlen(SCRAM_PREFIX);
    if (!verifier || strncmp(verifier, SCRAM_PREFIX, plen) != 0)
        return false;
    const char *iter = verifier + plen;
    const char *colon1 = strchr(iter, ':');
    const char *dollar = colon1 ? strchr(colon1 + 1, '$') : NULL;
    const char *colon2 = dollar ? strchr(dollar + 1, ':') : NULL;
    if (!colon2)
        return false;
    const char *end = colon2 + 1 + strlen(colon2 + 1);
    if (!parse_int(iter, (size_t)(colon1 - iter), &s.iterations))
        return false;
    long n = b64_decode(colon1 + 1, (size_t)(dollar - colon1 - 1), s.salt, sizeof s.salt);
    if (n <= 0)
        return false;
    s.salt_len = (size_t)n;
    if (b64_decode(dollar + 1, (size_t)(colon2 - dollar - 1), s.stored_key, sizeof s.stored_key) !=
            WIRE_SCRAM_KEY_LEN ||
        b64_decode(colon2 + 1, (size_t)(end - colon2 - 1), s.server_key, sizeof s.server_key) != WIRE_SCRAM_KEY_LEN)
        return false;
    *out = s;
    return true;
}

void wire_scram_secret_from_password(const char *password, const uint8_t *salt, size_t salt_len, int iterations,
                                     wire_scram_secret *out)
{
    uint8_t salted[WIRE_SCRAM_KEY_LEN], client_key[WIRE_SCRAM_KEY_LEN];
    assert(salt_len > 0 && salt_len <= sizeof out->salt && iterations > 0);
    if (!PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)salt_len, iterations, EVP_sha256(),
                           sizeof salted, salted))
        crypto_failed();
    hmac_sha256(salted, sizeof salted, "Client Key", 10, client_key);
    sha256(client_key, sizeof client_key, out->stored_key);
    hmac_sha256(salted, sizeof salted, "Server Key", 10, out->server_key);
    memcpy(out->salt, salt, salt_len);
    out->salt_len = salt_len;
    out->iterations = iterations;
    OPENSSL_cleanse(salted, sizeof salted);
    OPENSSL_cleanse(client_key, sizeof client_key);
}

void wire_scram_format_secret(const wire_scram_secret *s, og_buf *out)
{
    og_buf_printf(out, SCRAM_PREFIX "%d:", s->iterations);
    b64_append(out, s->salt, s->salt_len);
    og_buf_putc(out, '$');
    b64_append(out, s->stored_key, sizeof s->stored_key);
    og_buf_putc(out, ':');
    b64_append(out, s->server_key, sizeof s->server_key);
}

/* ---------------------------------------------------------------- exchange */

void wire_scram_begin(wire_scram_state *st, const wire_scram_secret *secret, const uint8_t *cbind, size_t cbind_len)
{
    assert(cbind_len <= sizeof st->cbind && (cbind || cbind_len == 0));
    memset(st, 0, sizeof *st);
    st->phase = WIRE_SCRAM_INIT;
    st->secret = *secret;
    if (cbind_len)
        memcpy(st->cbind, cbind, cbind_len);
    st->cbind_len = cbind_len;
}

void wire_scram_mechanisms(const wire_scram_state *st, og_buf *out)
{
    /* PLUS first, as PostgreSQL lists it: libpq picks the first it supports */
    if (st->cbind_len)
        og_buf_putcstr(out, SCRAM_MECH_PLUS);
    og_buf_putcstr(out, SCRAM_MECH);
    og_buf_putc(out, '\0');
}

/* A comma-separated attribute list being read: p is NULL after the last field. */
typedef struct scan {
    const char *p;
    const char *end;
} scan;

typedef struct field {
    char attr;
    const char *val;
    size_t len;
    const char *start; /* where "x=" begins in the message */
} field;

/* Read the next "x=value" field (x a letter, as RFC 5802's attr-val); false with 08P01 when malformed. */
static bool next_field(scan *s, field *f, wire_err *err)
{
    if (!s->p) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (attribute expected, end of message found)");
        return false;
    }
    const char *comma = memchr(s->p, ',', (size_t)(s->end - s->p));
    const char *fend = comma ? comma : s->end;
    char a = fend > s->p ? s->p[0] : '\0';
    if (!((a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z')) || fend - s->p < 2 || s->p[1] != '=') {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (attribute expected)");
        return false;
    }
    f->attr = a;
    f->start = s->p;
    f->val = s->p + 2;
    f->len = (size_t)(fend - f->val);
    s->p = comma ? comma + 1 : NULL;
    return true;
}

static bool expect_field(scan *s, char attr, field *f, wire_err *err)
{
    if (!next_field(s, f, err))
        return false;
    if (f->attr != attr) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (attribute '%c' expected, '%c' found)", attr,
                     f->attr);
        return false;
    }
    return true;
}

/* RFC 5802 printable: %x21-2B / %x2D-7E (printable ASCII except ','). */
static bool scram_printable(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x21 || p[i] > 0x7e || p[i] == ',')
            return false;
    return true;
}

static bool fail(wire_scram_state *st)
{
    st->phase = WIRE_SCRAM_DONE; /* no second attempt within one exchange */
    return false;
}

/* Parse the gs2 header at the start of client-first; on success *len is its length. */
static bool read_gs2_header(wire_scram_state *st, const char *m, size_t n, size_t *len, wire_err *err)
{
    size_t i = 0;
    switch (n ? m[0] : '\0') {
    case 'n':
    case 'y':
        if (st->plus) {
            wire_err_set(err, SQLSTATE_PROTOCOL,
                         "malformed SCRAM message (the client selected SCRAM-SHA-256-PLUS, but the SCRAM message "
                         "does not include channel binding data)");
            return false;
        }
        if (m[0] == 'y' && st->cbind_len) {
            wire_err_set(err, SQLSTATE_PROTOCOL,
                         "SCRAM channel binding negotiation error (the client supports SCRAM channel binding but "
                         "thinks the server does not, however this server does support channel binding)");
            return false;
        }
        i = 1;
        break;
    case 'p': {
        if (!st->plus) {
            wire_err_set(err, SQLSTATE_PROTOCOL,
                         "malformed SCRAM message (the client selected SCRAM-SHA-256 without channel binding, but "
                         "the SCRAM message includes channel binding data)");
            return false;
        }
        if (n < 2 || m[1] != '=') {
            wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (expected = after 'p')");
            return false;
        }
        const char *name = m + 2;
        const char *comma = memchr(name, ',', n - 2);
        size_t name_len = comma ? (size_t)(comma - name) : n - 2;
        if (name_len != strlen(SCRAM_CBIND_TYPE) || memcmp(name, SCRAM_CBIND_TYPE, name_len) != 0) {
            if (name_len <= 32 && scram_printable(name, name_len))
                wire_err_set(err, SQLSTATE_PROTOCOL, "unsupported SCRAM channel-binding type \"%.*s\"", (int)name_len,
                             name);
            else
                wire_err_set(err, SQLSTATE_PROTOCOL, "unsupported SCRAM channel-binding type");
            return false;
        }
        i = 2 + name_len;
        break;
    }
    default:
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (unexpected channel-binding flag)");
        return false;
    }
    if (i >= n || m[i] != ',') {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (comma expected after channel-binding flag)");
        return false;
    }
    i++;
    if (i < n && m[i] == 'a') {
        wire_err_set(err, SQLSTATE_NOT_SUPPORTED, "client uses authorization identity, but it is not supported");
        return false;
    }
    if (i >= n || m[i] != ',') {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (unexpected attribute in client-first-message)");
        return false;
    }
    i++;
    assert(i < sizeof st->gs2_header);
    memcpy(st->gs2_header, m, i);
    st->gs2_header[i] = '\0';
    *len = i;
    return true;
}

/* Read client-first-message-bare: [m=...,] n=user,r=nonce[,ext...]; *nonce points into bare. */
static bool read_first_bare(const char *bare, size_t n, const char **nonce, size_t *nonce_len, wire_err *err)
{
    scan s = {bare, bare + n};
    field f;
    if (n > 0 && bare[0] == 'm') {
        wire_err_set(err, SQLSTATE_NOT_SUPPORTED, "client requires an unsupported SCRAM extension");
        return false;
    }
    if (!expect_field(&s, 'n', &f, err) || !expect_field(&s, 'r', &f, err))
        return false;
    if (f.len == 0) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (empty nonce)");
        return false;
    }
    if (!scram_printable(f.val, f.len)) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "non-printable characters in SCRAM nonce");
        return false;
    }
    *nonce = f.val;
    *nonce_len = f.len;
    while (s.p) /* optional extensions: none supported, so skipped */
        if (!next_field(&s, &f, err))
            return false;
    return true;
}

bool wire_scram_server_first(wire_scram_state *st, const char *mechanism, const uint8_t *msg, size_t len,
                             const char *server_nonce, og_buf *out, wire_err *err)
{
    const char *m = (const char *)msg;
    if (st->phase != WIRE_SCRAM_INIT) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "unexpected SASL initial response");
        return fail(st);
    }
    if (mechanism && strcmp(mechanism, SCRAM_MECH_PLUS) == 0 && st->cbind_len) {
        st->plus = true;
    } else if (mechanism && strcmp(mechanism, SCRAM_MECH) == 0) {
        st->plus = false;
    } else {
        wire_err_set(err, SQLSTATE_PROTOCOL, "client selected an invalid SASL authentication mechanism");
        return fail(st);
    }
    if (len == 0 || memchr(m, '\0', len)) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (empty message or NUL byte)");
        return fail(st);
    }

    size_t hlen;
    if (!read_gs2_header(st, m, len, &hlen, err))
        return fail(st);
    const char *bare = m + hlen;
    size_t bare_len = len - hlen;
    if (bare_len >= sizeof st->client_first_bare) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (client-first-message too long)");
        return fail(st);
    }
    const char *cnonce;
    size_t cnonce_len;
    if (!read_first_bare(bare, bare_len, &cnonce, &cnonce_len, err))
        return fail(st);
    memcpy(st->client_first_bare, bare, bare_len);
    st->client_first_bare[bare_len] = '\0';

    char random_nonce[B64_ENC_LEN(SCRAM_RAW_NONCE_LEN) + 1];
    if (!server_nonce) {
        uint8_t raw[SCRAM_RAW_NONCE_LEN];
        if (RAND_bytes(raw, sizeof raw) != 1) {
            wire_err_set(err, SQLSTATE_INTERNAL, "could not generate random nonce");
            return fail(st);
        }
        b64_encode(raw, sizeof raw, random_nonce);
        server_nonce = random_nonce;
    }
    size_t snonce_len = strlen(server_nonce);
    assert(snonce_len > 0 && scram_printable(server_nonce, snonce_len));
    if (cnonce_len + snonce_len >= sizeof st->nonce) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (nonce too long)");
        return fail(st);
    }
    memcpy(st->nonce, cnonce, cnonce_len);
    memcpy(st->nonce + cnonce_len, server_nonce, snonce_len + 1);

    char salt[B64_ENC_LEN(sizeof st->secret.salt) + 1];
    b64_encode(st->secret.salt, st->secret.salt_len, salt);
    int n =
        snprintf(st->server_first, sizeof st->server_first, "r=%s,s=%s,i=%d", st->nonce, salt, st->secret.iterations);
    assert(n > 0 && (size_t)n < sizeof st->server_first); /* nonce 255 + salt 88 + int fit in 512 */
    og_buf_append(out, st->server_first, (size_t)n);
    st->phase = WIRE_SCRAM_SENT_FIRST;
    return true;
}

/* Check c= against base64(gs2-header [+ cbind data]) of this exchange. */
static bool check_cbind(const wire_scram_state *st, const field *c, wire_err *err)
{
    uint8_t input[sizeof st->gs2_header + sizeof st->cbind];
    char expect[B64_ENC_LEN(sizeof input) + 1];
    size_t hlen = strlen(st->gs2_header);
    size_t n = hlen;
    memcpy(input, st->gs2_header, hlen);
    if (st->plus) {
        memcpy(input + n, st->cbind, st->cbind_len);
        n += st->cbind_len;
    }
    size_t elen = b64_encode(input, n, expect);
    if (c->len == elen && CRYPTO_memcmp(c->val, expect, elen) == 0)
        return true;
    if (st->plus)
        wire_err_set(err, SQLSTATE_INVALID_AUTH, "SCRAM channel binding check failed");
    else
        wire_err_set(err, SQLSTATE_PROTOCOL, "unexpected SCRAM channel-binding attribute in client-final-message");
    return false;
}

/* HMAC(key, client-first-bare "," server-first "," client-final-without-proof). */
static void auth_message_hmac(const wire_scram_state *st, const uint8_t key[WIRE_SCRAM_KEY_LEN], const char *cfinal,
                              size_t cfinal_len, uint8_t out[WIRE_SCRAM_KEY_LEN])
{
    og_buf msg = OG_BUF_INIT;
    og_buf_puts(&msg, st->client_first_bare);
    og_buf_putc(&msg, ',');
    og_buf_puts(&msg, st->server_first);
    og_buf_putc(&msg, ',');
    og_buf_append(&msg, cfinal, cfinal_len);
    hmac_sha256(key, WIRE_SCRAM_KEY_LEN, msg.data, msg.len, out);
    og_buf_free(&msg);
}

bool wire_scram_server_final(wire_scram_state *st, const uint8_t *msg, size_t len, og_buf *out, wire_err *err)
{
    const char *m = (const char *)msg;
    if (st->phase != WIRE_SCRAM_SENT_FIRST) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "unexpected SASL response");
        return fail(st);
    }
    st->phase = WIRE_SCRAM_DONE;
    if (memchr(m, '\0', len)) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (NUL byte)");
        return false;
    }

    scan s = {m, m + len};
    field c, r, f;
    if (!expect_field(&s, 'c', &c, err) || !expect_field(&s, 'r', &r, err))
        return false;
    do { /* skip extensions up to the proof, which must come last */
        if (!next_field(&s, &f, err))
            return false;
    } while (f.attr != 'p');
    if (s.p) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (garbage at end of client-final-message)");
        return false;
    }
    if (!check_cbind(st, &c, err))
        return false;
    if (r.len != strlen(st->nonce) || memcmp(r.val, st->nonce, r.len) != 0) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "invalid SCRAM response (nonce does not match)");
        return false;
    }
    uint8_t proof[WIRE_SCRAM_KEY_LEN];
    if (b64_decode(f.val, f.len, proof, sizeof proof) != WIRE_SCRAM_KEY_LEN) {
        wire_err_set(err, SQLSTATE_PROTOCOL, "malformed SCRAM message (malformed proof in client-final-message)");
        return false;
    }

    /* ClientKey = proof XOR HMAC(StoredKey, AuthMessage); the client knew the password iff H(ClientKey) = StoredKey */
    size_t without_proof = (size_t)(f.start - 1 - m); /* up to the ',' before "p=" */
    uint8_t sig[WIRE_SCRAM_KEY_LEN], client_key[WIRE_SCRAM_KEY_LEN], check[WIRE_SCRAM_KEY_LEN];
    auth_message_hmac(st, st->secret.stored_key, m, without_proof, sig);
    for (size_t i = 0; i < WIRE_SCRAM_KEY_LEN; i++)
        client_key[i] = proof[i] ^ sig[i];
    sha256(client_key, sizeof client_key, check);
    OPENSSL_cleanse(client_key, sizeof client_key);
    if (CRYPTO_memcmp(check, st->secret.stored_key, WIRE_SCRAM_KEY_LEN) != 0) {
        /* the proxy knows the user name and rewrites this message with it */
        wire_err_set(err, SQLSTATE_BAD_PASSWORD, "password authentication failed");
        return false;
    }

    auth_message_hmac(st, st->secret.server_key, m, without_proof, sig);
    og_buf_puts(out, "v=");
    b64_append(out, sig, sizeof sig);
    return true;
}

/* ---------------------------------------------------------------- channel binding */

size_t wire_scram_cbind_from_cert(const uint8_t *der, size_t der_len, uint8_t *out)
{
    const unsigned char *p = der;
    if (!der || der_len == 0 || der_len > LONG_MAX)
        return 0;
    X509 *x = d2i_X509(NULL, &p, (long)der_len);
    if (!x)
        return 0;
    size_t result = 0;
    int md_nid = NID_undef;
    /* X509_get_signature_info also knows RSA-PSS's hash; the sigid table is PostgreSQL's way */
    X509_get_signature_info(x, &md_nid, NULL, NULL, NULL);
    if (md_nid == NID_undef && !OBJ_find_sigid_algs(X509_get_signature_nid(x), &md_nid, NULL))
        md_nid = NID_undef;
    if (md_nid == NID_md5 || md_nid == NID_sha1) /* RFC 5929 section 4.1 */
        md_nid = NID_sha256;
    const EVP_MD *md = md_nid != NID_undef ? EVP_get_digestbynid(md_nid) : NULL;
    unsigned int n = 0;
    if (p == der + der_len && md && EVP_MD_get_size(md) <= 64 && X509_digest(x, md, out, &n))
        result = n;
    X509_free(x);
    return result;
}

/* ---------------------------------------------------------------- md5 */

static bool is_md5_stored(const char *s)
{
    if (strncmp(s, "md5", 3) != 0 || strlen(s) != 35)
        return false;
    for (size_t i = 3; i < 35; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

void wire_md5_stored(const char *password, const char *user, char out[36])
{
    memcpy(out, "md5", 3);
    md5_hex2(password, strlen(password), user, strlen(user), out + 3);
}

void wire_md5_client_hash(const char *stored_md5_or_plain, const char *user, const uint8_t salt[4], char out[36])
{
    char inner[36];
    /* a stored password that looks like an md5 hash is one, as PostgreSQL's get_password_type decides */
    if (is_md5_stored(stored_md5_or_plain))
        memcpy(inner, stored_md5_or_plain, 36);
    else
        wire_md5_stored(stored_md5_or_plain, user, inner);
    memcpy(out, "md5", 3);
    md5_hex2(inner + 3, 32, salt, 4, out + 3);
    OPENSSL_cleanse(inner, sizeof inner);
}
