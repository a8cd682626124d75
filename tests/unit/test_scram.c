/*
 * tests/unit/test_scram.c - SCRAM-SHA-256(-PLUS) server and md5 helpers.
 *
 * Known answers come from RFC 7677 and from a real PostgreSQL 15 (verifiers
 * and md5 hashes pasted as literals). The PLUS exchanges run a client written
 * here with OpenSSL against certificates generated at test time, so the
 * channel-binding data is computed independently of wire_scram_cbind_from_cert.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/x509.h>

#include "wire/scram.h"

/* ---------------------------------------------------------------- helpers */

static size_t b64dec(const char *s, uint8_t *out)
{
    size_t n = strlen(s);
    int len = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
    assert_true(len >= 0);
    while (n > 0 && s[n - 1] == '=') { /* EVP_DecodeBlock counts padding as zero bytes */
        n--;
        len--;
    }
    return (size_t)len;
}

static void b64enc(const uint8_t *in, size_t n, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

static wire_scram_secret secret_for(const char *password, const char *salt_b64, int iterations)
{
    uint8_t salt[64];
    size_t n = b64dec(salt_b64, salt);
    wire_scram_secret s;
    wire_scram_secret_from_password(password, salt, n, iterations, &s);
    return s;
}

static void hmac(const uint8_t *key, size_t klen, const char *msg, uint8_t out[32])
{
    unsigned int n;
    assert_non_null(HMAC(EVP_sha256(), key, (int)klen, (const uint8_t *)msg, strlen(msg), out, &n));
}

/* What a client does, written from RFC 5802 independently of the server code. */
typedef struct client {
    const char *mech;
    const char *gs2;      /* gs2 header the client sends */
    const uint8_t *cbind; /* cbind data the client believes in (for "p=") */
    size_t cbind_len;
    const char *password;
    const char *extension; /* optional extension attribute inserted before the proof */
} client;

/* Run a whole exchange; true when the server accepted and its signature verified. */
static bool exchange(const wire_scram_secret *sec, const uint8_t *server_cb, size_t server_cb_len, const client *c,
                     wire_err *err)
{
    wire_scram_state st;
    og_buf out = OG_BUF_INIT;
    char first[256], cfinal[1024], auth[2048], cb_b64[256];
    uint8_t cb_input[256];

    wire_scram_begin(&st, sec, server_cb, server_cb_len);
    snprintf(first, sizeof first, "%sn=,r=clientNONCE+42", c->gs2);
    if (!wire_scram_server_first(&st, c->mech, (const uint8_t *)first, strlen(first), NULL, &out, err)) {
        og_buf_free(&out);
        return false;
    }
    char *sfirst = og_buf_cstr(&out);
    assert_int_equal(strncmp(sfirst, "r=clientNONCE+42", 16), 0);
    char nonce[256], salt_b64[128];
    int iters = 0;
    assert_int_equal(sscanf(sfirst, "r=%255[^,],s=%127[^,],i=%d", nonce, salt_b64, &iters), 3);
    assert_int_equal(strlen(nonce), strlen("clientNONCE+42") + 24);

    size_t n = strlen(c->gs2);
    memcpy(cb_input, c->gs2, n);
    if (c->gs2[0] == 'p') {
        memcpy(cb_input + n, c->cbind, c->cbind_len);
        n += c->cbind_len;
    }
    b64enc(cb_input, n, cb_b64);
    snprintf(cfinal, sizeof cfinal, "c=%s,r=%s%s%s", cb_b64, nonce, c->extension ? "," : "",
             c->extension ? c->extension : "");
    snprintf(auth, sizeof auth, "%s,%s,%s", first + strlen(c->gs2), sfirst, cfinal);

    uint8_t salt[64], salted[32], client_key[32], stored[32], sig[32], proof[32], server_key[32];
    size_t salt_len = b64dec(salt_b64, salt);
    assert_int_equal(
        PKCS5_PBKDF2_HMAC(c->password, (int)strlen(c->password), salt, (int)salt_len, iters, EVP_sha256(), 32, salted),
        1);
    hmac(salted, 32, "Client Key", client_key);
    assert_int_equal(EVP_Digest(client_key, 32, stored, NULL, EVP_sha256(), NULL), 1);
    hmac(stored, 32, auth, sig);
    for (int i = 0; i < 32; i++)
        proof[i] = client_key[i] ^ sig[i];
    char proof_b64[64];
    b64enc(proof, 32, proof_b64);
    size_t flen = strlen(cfinal);
    snprintf(cfinal + flen, sizeof cfinal - flen, ",p=%s", proof_b64);

    og_buf_clear(&out);
    bool ok = wire_scram_server_final(&st, (const uint8_t *)cfinal, strlen(cfinal), &out, err);
    assert_int_equal(st.phase, WIRE_SCRAM_DONE);
    if (ok) {
        char expect[64];
        hmac(salted, 32, "Server Key", server_key);
        hmac(server_key, 32, auth, sig);
        strcpy(expect, "v=");
        b64enc(sig, 32, expect + 2);
        assert_string_equal(og_buf_cstr(&out), expect);
    }
    og_buf_free(&out);
    return ok;
}

/* A self-signed certificate signed with md (NULL for Ed25519), as DER. */
static size_t make_cert(EVP_PKEY *key, const EVP_MD *md, uint8_t **der)
{
    X509 *x = X509_new();
    assert_non_null(x);
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"ormgate-test", -1, -1, 0);
    X509_set_issuer_name(x, name);
    assert_true(X509_sign(x, key, md) > 0);
    *der = NULL;
    int n = i2d_X509(x, der);
    assert_true(n > 0);
    X509_free(x);
    return (size_t)n;
}

/* Hash of the DER certificate with md, computed without the code under test. */
static size_t der_hash(const uint8_t *der, size_t len, const EVP_MD *md, uint8_t *out)
{
    unsigned int n = 0;
    assert_int_equal(EVP_Digest(der, len, out, &n, md, NULL), 1);
    return n;
}

static void assert_err(const wire_err *e, const char *code)
{
    assert_string_equal(e->code, code);
}

/* ---------------------------------------------------------------- RFC 7677 */

#define RFC_SALT          "W22ZaJ0SNY7soEsUEjb6gQ=="
#define RFC_SNONCE        "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define RFC_FIRST         "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
#define RFC_SFIRST        "r=rOprNGfwEbeRWgbNEkqO" RFC_SNONCE ",s=" RFC_SALT ",i=4096"
#define RFC_FINAL_NOPROOF "c=biws,r=rOprNGfwEbeRWgbNEkqO" RFC_SNONCE
#define RFC_FINAL         RFC_FINAL_NOPROOF ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define RFC_SFINAL        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

/* Run the RFC exchange up to server-first; the state is ready for a client-cfinal. */
static void rfc_first(wire_scram_state *st, const wire_scram_secret *sec)
{
    og_buf out = OG_BUF_INIT;
    wire_err err = {{0}, {0}};
    wire_scram_begin(st, sec, NULL, 0);
    assert_true(wire_scram_server_first(st, "SCRAM-SHA-256", (const uint8_t *)RFC_FIRST, strlen(RFC_FIRST), RFC_SNONCE,
                                        &out, &err));
    assert_string_equal(og_buf_cstr(&out), RFC_SFIRST);
    og_buf_free(&out);
}

static void test_rfc7677_example(void **state)
{
    wire_scram_secret sec = secret_for("pencil", RFC_SALT, 4096);
    wire_scram_state st;
    og_buf out = OG_BUF_INIT;
    wire_err err = {{0}, {0}};
    rfc_first(&st, &sec);
    assert_int_equal(st.phase, WIRE_SCRAM_SENT_FIRST);
    assert_true(wire_scram_server_final(&st, (const uint8_t *)RFC_FINAL, strlen(RFC_FINAL), &out, &err));
    assert_string_equal(og_buf_cstr(&out), RFC_SFINAL);
    assert_int_equal(st.phase, WIRE_SCRAM_DONE);
    og_buf_free(&out);
}

static void test_wrong_proof(void **state)
{
    wire_scram_secret sec = secret_for("not pencil", RFC_SALT, 4096);
    wire_scram_state st;
    og_buf out = OG_BUF_INIT;
    wire_err err = {{0}, {0}};
    rfc_first(&st, &sec);
    assert_false(wire_scram_server_final(&st, (const uint8_t *)RFC_FINAL, strlen(RFC_FINAL), &out, &err));
    assert_err(&err, "28P01");
    assert_non_null(strstr(err.message, "password authentication failed"));
    assert_int_equal(out.len, 0);

    /* a proof that is valid base64 of the right size but simply wrong */
    sec = secret_for("pencil", RFC_SALT, 4096);
    rfc_first(&st, &sec);
    const char *bad = RFC_FINAL_NOPROOF ",p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    assert_false(wire_scram_server_final(&st, (const uint8_t *)bad, strlen(bad), &out, &err));
    assert_err(&err, "28P01");

    /* the exchange is over: replaying the right proof now is refused */
    assert_false(wire_scram_server_final(&st, (const uint8_t *)RFC_FINAL, strlen(RFC_FINAL), &out, &err));
    assert_err(&err, "08P01");
    assert_int_equal(out.len, 0);

    /* and a wrong password through the full client */
    client c = {"SCRAM-SHA-256", "n,,", NULL, 0, "pencil2", NULL};
    assert_false(exchange(&sec, NULL, 0, &c, &err));
    assert_err(&err, "28P01");
    og_buf_free(&out);
}

/* ---------------------------------------------------------------- malformed messages */

typedef struct bad_msg {
    const char *mech;
    const char *msg;
    size_t len; /* 0: strlen(msg) */
    const char *code;
} bad_msg;

static void test_malformed_client_first(void **state)
{
    static const bad_msg cases[] = {
        {"SCRAM-SHA-256", "", 0, "08P01"},
        {"SCRAM-SHA-256", "x,,n=,r=abc", 0, "08P01"},
        {"SCRAM-SHA-256", "n", 0, "08P01"},
        {"SCRAM-SHA-256", "n,", 0, "08P01"},
        {"SCRAM-SHA-256", "n,n=,r=abc", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,r=abc", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,n=", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,n=,r=", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,n=,r=a b", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,n=,r=abc\x80", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,n=,r=abc,", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,n=,r=abc,1=x", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,n=,r=abc,x", 0, "08P01"},
        {"SCRAM-SHA-256", "n,,n=,r=abc\0def", 15, "08P01"},
        {"SCRAM-SHA-256", "n,,nr=abc", 0, "08P01"},
        {"SCRAM-SHA-256", "p=tls-server-end-point,,n=,r=abc", 0, "08P01"},
        {"SCRAM-SHA-256-PLUS", "n,,n=,r=abc", 0, "08P01"}, /* PLUS not offered without TLS */
        {"SCRAM-SHA-1", "n,,n=,r=abc", 0, "08P01"},
        {"SCRAM-SHA-256", "n,a=bob,n=,r=abc", 0, "0A000"},
        {"SCRAM-SHA-256", "n,,m=ext,n=,r=abc", 0, "0A000"},
    };
    wire_scram_secret sec = secret_for("pencil", RFC_SALT, 4096);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wire_scram_state st;
        og_buf out = OG_BUF_INIT;
        wire_err err = {{0}, {0}};
        const bad_msg *b = &cases[i];
        size_t len = b->len ? b->len : strlen(b->msg);
        wire_scram_begin(&st, &sec, NULL, 0);
        if (wire_scram_server_first(&st, b->mech, (const uint8_t *)b->msg, len, NULL, &out, &err))
            fail_msg("case %zu accepted: %s", i, b->msg);
        if (strcmp(err.code, b->code) != 0)
            fail_msg("case %zu (%s): got %s %s", i, b->msg, err.code, err.message);
        assert_int_equal(st.phase, WIRE_SCRAM_DONE);
        assert_int_equal(out.len, 0);
        og_buf_free(&out);
    }

    /* a nonce that does not fit the state, and a too long client-first */
    char big[700];
    wire_err err = {{0}, {0}};
    og_buf out = OG_BUF_INIT;
    wire_scram_state st;
    for (size_t n = 240; n <= 600; n += 360) {
        memset(big, 'a', sizeof big);
        memcpy(big, "n,,n=,r=", 8);
        wire_scram_begin(&st, &sec, NULL, 0);
        assert_false(wire_scram_server_first(&st, "SCRAM-SHA-256", (const uint8_t *)big, 8 + n, NULL, &out, &err));
        assert_err(&err, "08P01");
    }
    og_buf_free(&out);
}

static void test_malformed_client_final(void **state)
{
    static const char *cases[] = {
        "",
        "r=rOprNGfwEbeRWgbNEkqO" RFC_SNONCE ",c=biws,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        RFC_FINAL_NOPROOF,
        RFC_FINAL_NOPROOF ",",
        RFC_FINAL_NOPROOF ",p=short",
        RFC_FINAL_NOPROOF ",p=!!!!",
        RFC_FINAL_NOPROOF ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ",
        RFC_FINAL_NOPROOF ",p= dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndV=",
        RFC_FINAL_NOPROOF ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=,x=1",
        RFC_FINAL_NOPROOF ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=,",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", /* nonce without ours */
        "c=biws,r=rOprNGfwEbeRWgbNEkqO" RFC_SNONCE "x,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "c=eSws,r=rOprNGfwEbeRWgbNEkqO" RFC_SNONCE ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "c=,r=rOprNGfwEbeRWgbNEkqO" RFC_SNONCE ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    };
    wire_scram_secret sec = secret_for("pencil", RFC_SALT, 4096);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wire_scram_state st;
        og_buf out = OG_BUF_INIT;
        wire_err err = {{0}, {0}};
        rfc_first(&st, &sec);
        if (wire_scram_server_final(&st, (const uint8_t *)cases[i], strlen(cases[i]), &out, &err))
            fail_msg("case %zu accepted: %s", i, cases[i]);
        if (strcmp(err.code, "08P01") != 0)
            fail_msg("case %zu (%s): got %s %s", i, cases[i], err.code, err.message);
        assert_int_equal(out.len, 0);
        og_buf_free(&out);
    }

    /* a NUL byte inside an otherwise valid message */
    wire_scram_state st;
    og_buf out = OG_BUF_INIT;
    wire_err err = {{0}, {0}};
    char buf[sizeof RFC_FINAL + 1];
    memcpy(buf, RFC_FINAL, sizeof RFC_FINAL);
    buf[sizeof RFC_FINAL - 1] = 'x';
    buf[5] = '\0';
    rfc_first(&st, &sec);
    assert_false(wire_scram_server_final(&st, (const uint8_t *)buf, sizeof RFC_FINAL, &out, &err));
    assert_err(&err, "08P01");
    og_buf_free(&out);
}

static void test_phases(void **state)
{
    wire_scram_secret sec = secret_for("pencil", RFC_SALT, 4096);
    wire_scram_state st;
    og_buf out = OG_BUF_INIT;
    wire_err err = {{0}, {0}};

    wire_scram_begin(&st, &sec, NULL, 0);
    assert_false(wire_scram_server_final(&st, (const uint8_t *)RFC_FINAL, strlen(RFC_FINAL), &out, &err));
    assert_err(&err, "08P01");

    rfc_first(&st, &sec);
    assert_false(
        wire_scram_server_first(&st, "SCRAM-SHA-256", (const uint8_t *)RFC_FIRST, strlen(RFC_FIRST), NULL, &out, &err));
    assert_err(&err, "08P01");
    assert_int_equal(out.len, 0);
    og_buf_free(&out);
}

/* ---------------------------------------------------------------- exchanges */

static void test_random_nonce_and_username(void **state)
{
    wire_scram_secret sec = secret_for("pencil", RFC_SALT, 4096);
    wire_err err = {{0}, {0}};
    char seen[2][64];
    for (int i = 0; i < 2; i++) {
        wire_scram_state st;
        og_buf out = OG_BUF_INIT;
        const char *first = i ? "n,,n=,r=abc" : "n,,n=somebody else,r=abc,x=ignored";
        wire_scram_begin(&st, &sec, NULL, 0);
        assert_true(
            wire_scram_server_first(&st, "SCRAM-SHA-256", (const uint8_t *)first, strlen(first), NULL, &out, &err));
        char *s = og_buf_cstr(&out);
        assert_int_equal(strncmp(s, "r=abc", 5), 0);
        assert_int_equal(strchr(s, ',') - s, 2 + 3 + 24);
        snprintf(seen[i], sizeof seen[i], "%.*s", (int)(strchr(s, ',') - s), s);
        og_buf_free(&out);
    }
    assert_string_not_equal(seen[0], seen[1]);

    /* the full client (empty n=, as libpq sends), with and without an extension before the proof */
    client c = {"SCRAM-SHA-256", "n,,", NULL, 0, "pencil", NULL};
    assert_true(exchange(&sec, NULL, 0, &c, &err));
    c.extension = "x=some-extension";
    assert_true(exchange(&sec, NULL, 0, &c, &err));
    /* "y,,": the client supports binding but the server offered none: fine */
    client y = {"SCRAM-SHA-256", "y,,", NULL, 0, "pencil", NULL};
    assert_true(exchange(&sec, NULL, 0, &y, &err));
}

static void test_mechanisms(void **state)
{
    wire_scram_secret sec = secret_for("pencil", RFC_SALT, 4096);
    wire_scram_state st;
    og_buf out = OG_BUF_INIT;
    uint8_t cb[32] = {1};
    wire_scram_begin(&st, &sec, NULL, 0);
    wire_scram_mechanisms(&st, &out);
    assert_int_equal(out.len, sizeof "SCRAM-SHA-256\0");
    assert_memory_equal(out.data, "SCRAM-SHA-256\0", out.len);
    og_buf_clear(&out);
    wire_scram_begin(&st, &sec, cb, sizeof cb);
    wire_scram_mechanisms(&st, &out);
    assert_int_equal(out.len, sizeof "SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0");
    assert_memory_equal(out.data, "SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0", out.len);
    og_buf_free(&out);
}

static void test_plus_exchange(void **state)
{
    EVP_PKEY *key = EVP_EC_gen("P-256"), *other_key = EVP_EC_gen("P-256");
    assert_non_null(key);
    assert_non_null(other_key);
    uint8_t *der = NULL, *other_der = NULL, cb[64], other_cb[64], ours[64];
    size_t der_len = make_cert(key, EVP_sha256(), &der);
    size_t other_len = make_cert(other_key, EVP_sha256(), &other_der);
    size_t cb_len = der_hash(der, der_len, EVP_sha256(), cb);
    size_t other_cb_len = der_hash(other_der, other_len, EVP_sha256(), other_cb);
    assert_int_equal(wire_scram_cbind_from_cert(der, der_len, ours), 32);
    assert_memory_equal(ours, cb, 32);

    wire_scram_secret sec = secret_for("secret", "5yV20EHuEMq5FB8F7l4kfA==", 4096);
    wire_err err = {{0}, {0}};
    const char *p = "p=tls-server-end-point,,";

    client ok = {"SCRAM-SHA-256-PLUS", p, cb, cb_len, "secret", NULL};
    assert_true(exchange(&sec, ours, 32, &ok, &err));

    /* the client sees another certificate (a man in the middle): binding fails */
    client mitm = {"SCRAM-SHA-256-PLUS", p, other_cb, other_cb_len, "secret", NULL};
    assert_false(exchange(&sec, ours, 32, &mitm, &err));
    assert_err(&err, "28000");
    assert_string_equal(err.message, "SCRAM channel binding check failed");

    /* truncated binding data */
    client shortcb = {"SCRAM-SHA-256-PLUS", p, cb, cb_len - 1, "secret", NULL};
    assert_false(exchange(&sec, ours, 32, &shortcb, &err));
    assert_err(&err, "28000");

    /* right binding, wrong password */
    client badpw = {"SCRAM-SHA-256-PLUS", p, cb, cb_len, "secret!", NULL};
    assert_false(exchange(&sec, ours, 32, &badpw, &err));
    assert_err(&err, "28P01");

    /* "y,," while the server offered PLUS: a downgrade, refused */
    client downgrade = {"SCRAM-SHA-256", "y,,", NULL, 0, "secret", NULL};
    assert_false(exchange(&sec, ours, 32, &downgrade, &err));
    assert_err(&err, "08P01");
    assert_non_null(strstr(err.message, "channel binding negotiation error"));

    /* a client without binding support over TLS is fine */
    client plain = {"SCRAM-SHA-256", "n,,", NULL, 0, "secret", NULL};
    assert_true(exchange(&sec, ours, 32, &plain, &err));

    /* mechanism and gs2 flag disagree */
    client plus_n = {"SCRAM-SHA-256-PLUS", "n,,", NULL, 0, "secret", NULL};
    assert_false(exchange(&sec, ours, 32, &plus_n, &err));
    assert_err(&err, "08P01");
    client plus_y = {"SCRAM-SHA-256-PLUS", "y,,", NULL, 0, "secret", NULL};
    assert_false(exchange(&sec, ours, 32, &plus_y, &err));
    assert_err(&err, "08P01");
    client plain_p = {"SCRAM-SHA-256", p, cb, cb_len, "secret", NULL};
    assert_false(exchange(&sec, ours, 32, &plain_p, &err));
    assert_err(&err, "08P01");
    client unique = {"SCRAM-SHA-256-PLUS", "p=tls-unique,,", cb, cb_len, "secret", NULL};
    assert_false(exchange(&sec, ours, 32, &unique, &err));
    assert_err(&err, "08P01");
    assert_string_equal(err.message, "unsupported SCRAM channel-binding type \"tls-unique\"");
    client authz = {"SCRAM-SHA-256-PLUS", "p=tls-server-end-point,a=x,", cb, cb_len, "secret", NULL};
    assert_false(exchange(&sec, ours, 32, &authz, &err));
    assert_err(&err, "0A000");

    /* PLUS client whose c= carries "n,," (plain header) instead of the binding */
    wire_scram_state st;
    og_buf out = OG_BUF_INIT;
    const char *first = "p=tls-server-end-point,,n=,r=abc";
    wire_scram_begin(&st, &sec, ours, 32);
    assert_true(
        wire_scram_server_first(&st, "SCRAM-SHA-256-PLUS", (const uint8_t *)first, strlen(first), "xyz", &out, &err));
    const char *cfinal = "c=biws,r=abcxyz,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    og_buf_clear(&out);
    assert_false(wire_scram_server_final(&st, (const uint8_t *)cfinal, strlen(cfinal), &out, &err));
    assert_err(&err, "28000");
    og_buf_free(&out);

    OPENSSL_free(der);
    OPENSSL_free(other_der);
    EVP_PKEY_free(key);
    EVP_PKEY_free(other_key);
}

/* ---------------------------------------------------------------- channel-binding data */

static void test_cbind_digest_choice(void **state)
{
    EVP_PKEY *ec = EVP_EC_gen("P-384");
    EVP_PKEY *rsa = EVP_RSA_gen(1024);
    EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    assert_non_null(ec);
    assert_non_null(rsa);
    assert_non_null(ed);
    struct {
        EVP_PKEY *key;
        const EVP_MD *sign;
        const EVP_MD *expect; /* RFC 5929: MD5 and SHA-1 become SHA-256 */
        size_t len;
    } cases[] = {
        {ec, EVP_sha256(), EVP_sha256(), 32},  {ec, EVP_sha384(), EVP_sha384(), 48},
        {ec, EVP_sha512(), EVP_sha512(), 64},  {ec, EVP_sha1(), EVP_sha256(), 32},
        {rsa, EVP_sha1(), EVP_sha256(), 32},   {rsa, EVP_md5(), EVP_sha256(), 32},
        {rsa, EVP_sha384(), EVP_sha384(), 48},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *der = NULL, got[64], want[64];
        size_t n = make_cert(cases[i].key, cases[i].sign, &der);
        assert_int_equal(der_hash(der, n, cases[i].expect, want), cases[i].len);
        if (wire_scram_cbind_from_cert(der, n, got) != cases[i].len)
            fail_msg("case %zu: wrong length", i);
        assert_memory_equal(got, want, cases[i].len);
        /* trailing bytes or a truncated certificate are not a certificate */
        uint8_t *longer = malloc(n + 1);
        memcpy(longer, der, n);
        longer[n] = 0;
        assert_int_equal(wire_scram_cbind_from_cert(longer, n + 1, got), 0);
        assert_int_equal(wire_scram_cbind_from_cert(der, n - 1, got), 0);
        free(longer);
        OPENSSL_free(der);
    }

    /* Ed25519 signs without a separate digest: no tls-server-end-point data */
    uint8_t *der = NULL, got[64];
    size_t n = make_cert(ed, NULL, &der);
    assert_int_equal(wire_scram_cbind_from_cert(der, n, got), 0);
    OPENSSL_free(der);
    assert_int_equal(wire_scram_cbind_from_cert((const uint8_t *)"garbage", 7, got), 0);
    assert_int_equal(wire_scram_cbind_from_cert(NULL, 0, got), 0);

    EVP_PKEY_free(ec);
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(ed);
}

/* ---------------------------------------------------------------- verifiers */

/* Made by PostgreSQL 15.18: SET password_encryption = 'scram-sha-256'; CREATE ROLE ... PASSWORD ...; */
static const struct {
    const char *password;
    const char *verifier;
} pg_verifiers[] = {
    {"secret", "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA==$8Y0pFFDOiH3XYUPOa3b2RFUtuiq+TNpRT7qa0v97/2M=:"
               "Ja8lu4KJm1I4Z5rXkB7UhXlCbNZaddiMD5m8KQ7utcI="},
    {"pencil", "SCRAM-SHA-256$4096:0vFZevFP0rcJRar2iPH1ZQ==$MwZlynhwrc1mnzHJpDCuUM5uNSrm5v5k1BJjFYlC6cM=:"
               "+f+n5qH6CJh01he9QnUBdh8afc7b7rJ8crnfpPrs6zQ="},
    {"pa ss\"word", "SCRAM-SHA-256$4096:IslFfmi/L7WoDJQcDa4u6g==$K6Zi2ZPK49GIU/pX7dyhaA5wE7bk8ZWXd1r8f5xU7o8=:"
                    "Y9sxyk10lOrsgF5/I5w5Yi1BaHaTgySSbZa4xz3l6qU="},
};

static void test_postgres_verifiers(void **state)
{
    for (size_t i = 0; i < sizeof pg_verifiers / sizeof pg_verifiers[0]; i++) {
        wire_scram_secret parsed, derived;
        assert_true(wire_scram_parse_secret(pg_verifiers[i].verifier, &parsed));
        assert_int_equal(parsed.iterations, 4096);
        assert_int_equal(parsed.salt_len, 16);
        wire_scram_secret_from_password(pg_verifiers[i].password, parsed.salt, parsed.salt_len, parsed.iterations,
                                        &derived);
        assert_memory_equal(derived.stored_key, parsed.stored_key, WIRE_SCRAM_KEY_LEN);
        assert_memory_equal(derived.server_key, parsed.server_key, WIRE_SCRAM_KEY_LEN);

        og_buf out = OG_BUF_INIT;
        wire_scram_format_secret(&derived, &out);
        assert_string_equal(og_buf_cstr(&out), pg_verifiers[i].verifier);
        og_buf_free(&out);
    }

    /* and a login against a stored verifier, the way the proxy will use one */
    wire_scram_secret sec;
    wire_err err = {{0}, {0}};
    assert_true(wire_scram_parse_secret(pg_verifiers[1].verifier, &sec));
    client c = {"SCRAM-SHA-256", "n,,", NULL, 0, "pencil", NULL};
    assert_true(exchange(&sec, NULL, 0, &c, &err));
}

static void test_verifier_round_trip(void **state)
{
    uint8_t salt[64];
    for (size_t i = 0; i < sizeof salt; i++)
        salt[i] = (uint8_t)(i * 37 + 1);
    size_t lens[] = {1, 2, 3, 16, 64};
    int iters[] = {1, 4096, 15000};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        wire_scram_secret s, back;
        og_buf out = OG_BUF_INIT;
        wire_scram_secret_from_password("pw", salt, lens[i], iters[i % 3], &s);
        wire_scram_format_secret(&s, &out);
        assert_true(wire_scram_parse_secret(og_buf_cstr(&out), &back));
        assert_int_equal(back.iterations, s.iterations);
        assert_int_equal(back.salt_len, s.salt_len);
        assert_memory_equal(back.salt, s.salt, s.salt_len);
        assert_memory_equal(back.stored_key, s.stored_key, WIRE_SCRAM_KEY_LEN);
        assert_memory_equal(back.server_key, s.server_key, WIRE_SCRAM_KEY_LEN);
        og_buf_free(&out);
    }
}

static void test_verifier_rejects(void **state)
{
#define K32 "8Y0pFFDOiH3XYUPOa3b2RFUtuiq+TNpRT7qa0v97/2M="
    static const char *bad[] = {
        "",
        "md5d18bf5f8eddaae3aed1d69b23a252748",
        "SCRAM-SHA-256$",
        "SCRAM-SHA-1$4096:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32,
        "scram-sha-256$4096:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32,
        "SCRAM-SHA-256$0:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32,
        "SCRAM-SHA-256$-1:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32,
        "SCRAM-SHA-256$x:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32,
        "SCRAM-SHA-256$99999999999:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32,
        "SCRAM-SHA-256$:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32,
        "SCRAM-SHA-256$4096:$" K32 ":" K32,
        "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA=$" K32 ":" K32,
        "SCRAM-SHA-256$4096:5yV20EHu EMq5FB8F7l4kfA==$" K32 ":" K32,
        "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA==$" K32,
        "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":",
        "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32 ":" K32,
        "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32 "$",
        "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA==$5yV20EHuEMq5FB8F7l4kfA==:" K32,
        "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA==$" K32 ":" K32 "\n",
    };
#undef K32
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wire_scram_secret s;
        if (wire_scram_parse_secret(bad[i], &s))
            fail_msg("case %zu accepted: %s", i, bad[i]);
    }
    wire_scram_secret s;
    assert_false(wire_scram_parse_secret(NULL, &s));
}

/* ---------------------------------------------------------------- md5 */

static void test_md5(void **state)
{
    /* from PostgreSQL 15: SET password_encryption = 'md5'; CREATE ROLE y PASSWORD 'secret'; */
    char out[36];
    wire_md5_stored("secret", "y", out);
    assert_string_equal(out, "md5d18bf5f8eddaae3aed1d69b23a252748");
    wire_md5_stored("pencil", "user2", out);
    assert_string_equal(out, "md576fb680990bb7d3503a0dc63238ca7e0");

    /* SELECT 'md5' || md5(convert_to(md5('secret' || 'y'), 'UTF8') || '\x01020304'::bytea); */
    static const uint8_t salt1[4] = {1, 2, 3, 4}, salt2[4] = {0xde, 0xad, 0xbe, 0xef};
    wire_md5_client_hash("secret", "y", salt1, out);
    assert_string_equal(out, "md59d5a65ea29a0dfa6decb3ca37621c86c");
    wire_md5_client_hash("md5d18bf5f8eddaae3aed1d69b23a252748", "y", salt1, out);
    assert_string_equal(out, "md59d5a65ea29a0dfa6decb3ca37621c86c");
    wire_md5_client_hash("md576fb680990bb7d3503a0dc63238ca7e0", "user2", salt2, out);
    assert_string_equal(out, "md5ad2c3c9bd8578b8909863ca3f07e4f76");
    wire_md5_client_hash("pencil", "user2", salt2, out);
    assert_string_equal(out, "md5ad2c3c9bd8578b8909863ca3f07e4f76");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7677_example),
        cmocka_unit_test(test_wrong_proof),
        cmocka_unit_test(test_malformed_client_first),
        cmocka_unit_test(test_malformed_client_final),
        cmocka_unit_test(test_phases),
        cmocka_unit_test(test_random_nonce_and_username),
        cmocka_unit_test(test_mechanisms),
        cmocka_unit_test(test_plus_exchange),
        cmocka_unit_test(test_cbind_digest_choice),
        cmocka_unit_test(test_postgres_verifiers),
        cmocka_unit_test(test_verifier_round_trip),
        cmocka_unit_test(test_verifier_rejects),
        cmocka_unit_test(test_md5),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
