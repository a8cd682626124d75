/*
 * tests/fuzz/fuzz_frontend.c - libFuzzer target: frontend messages through
 * wire_frame and every decoder of wire/proto.h.
 *
 * Input layout: byte 0 chooses the mode, the rest is a byte stream as a
 * client would send it.
 *   bit 0      1: startup phase (messages without a type byte), 0: typed
 *   bits 1..4  0: decode each typed message by its type byte; k = 1..9: feed
 *              every typed body to decoder k regardless of its type, so each
 *              decoder sees arbitrary bodies and not only well-typed ones
 * The stream is framed message after message until the framer asks for more
 * bytes or refuses a length, exactly as the session's read loop does. Every
 * decoded pointer must lie inside its message body and every string must end
 * inside it; a violation aborts, which libFuzzer reports as a crash.
 *
 * The seeds in tests/fuzz/corpus/fuzz_frontend/ are this layout: a mode
 * byte, then valid messages (startup, SSLRequest, CancelRequest; Parse, Bind,
 * Describe, Execute, Sync, Query, Close, SASLInitialResponse, Password).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/proto.h"

#define TYPED_MAX_LEN (1u << 20)

static void check(bool cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_frontend: invariant violated: %s\n", what);
        abort();
    }
}

/* p[0..n) lies inside the body of m. */
static bool in_body(const wire_msg *m, const void *p, size_t n)
{
    const uint8_t *b = p;
    return b >= m->body && n <= m->body_len && (size_t)(b - m->body) <= m->body_len - n;
}

/* s is a NUL-terminated string that ends inside the body of m. */
static void check_str(const wire_msg *m, const char *s, const char *what)
{
    check(s != NULL, what);
    check(in_body(m, s, 1), what);
    size_t room = m->body_len - (size_t)((const uint8_t *)s - m->body);
    check(memchr(s, 0, room) != NULL, what);
}

static void decode_startup(const wire_msg *m, og_arena *a)
{
    wire_startup st;
    wire_err err = {.code = ""};
    if (!wire_decode_startup(m, a, &st, &err)) {
        check(!strcmp(err.code, "08P01"), "startup error code");
        return;
    }
    if (st.kind == WIRE_STARTUP && st.major == WIRE_PROTO_MAJOR)
        for (uint32_t i = 0; i < st.nparams; i++) {
            check_str(m, st.keys[i], "startup key");
            check_str(m, st.values[i], "startup value");
            check(st.keys[i][0] != '\0', "startup key empty");
        }
}

static void decode_bind(const wire_msg *m, og_arena *a)
{
    wire_bind b;
    wire_err err = {.code = ""};
    if (!wire_decode_bind(m, a, &b, &err)) {
        check(!strcmp(err.code, "08P01"), "Bind error code");
        return;
    }
    check_str(m, b.portal, "Bind portal");
    check_str(m, b.stmt, "Bind statement");
    check(b.nformats == 0 || b.nformats == 1 || b.nformats == b.nparams, "Bind format count");
    for (uint16_t i = 0; i < b.nparams; i++) {
        int16_t f = wire_bind_param_format(&b, i);
        check(f == 0 || f == 1, "Bind param format");
        if (b.lens[i] == -1) {
            check(b.values[i] == NULL, "Bind NULL value");
        } else {
            check(b.lens[i] >= 0, "Bind length");
            check(in_body(m, b.values[i], (size_t)b.lens[i]), "Bind value inside body");
        }
    }
    for (uint16_t i = 0; i < (uint16_t)(b.nresult_formats + 2); i++) {
        int16_t f = wire_bind_result_format(&b, i);
        check(f == 0 || f == 1, "Bind result format");
    }
}

static void decode_parse(const wire_msg *m, og_arena *a)
{
    wire_parse p;
    wire_err err = {.code = ""};
    if (!wire_decode_parse(m, a, &p, &err)) {
        check(!strcmp(err.code, "08P01"), "Parse error code");
        return;
    }
    check_str(m, p.name, "Parse name");
    check_str(m, p.query, "Parse query");
    check(p.nparams == 0 || p.param_oids != NULL, "Parse OIDs");
    uint32_t sum = 0;
    for (uint16_t i = 0; i < p.nparams; i++)
        sum += p.param_oids[i]; /* read them all: ASan checks the array */
    (void)sum;
}

static void decode_target(const wire_msg *m)
{
    wire_target t;
    wire_err err = {.code = ""};
    if (!wire_decode_target(m, &t, &err)) {
        check(!strcmp(err.code, "08P01"), "Describe/Close error code");
        return;
    }
    check(t.kind == 'S' || t.kind == 'P', "Describe/Close kind");
    check_str(m, t.name, "Describe/Close name");
}

static void decode_execute(const wire_msg *m)
{
    wire_execute e;
    wire_err err = {.code = ""};
    if (!wire_decode_execute(m, &e, &err)) {
        check(!strcmp(err.code, "08P01"), "Execute error code");
        return;
    }
    check_str(m, e.portal, "Execute portal");
    check(e.max_rows <= 0x7fffffffu, "Execute row count");
}

/* Query, and an encoder round trip: the text as a CommandComplete tag must
 * frame back to exactly what was written. */
static void decode_query(const wire_msg *m)
{
    const char *sql;
    wire_err err = {.code = ""};
    if (!wire_decode_query(m, &sql, &err)) {
        check(!strcmp(err.code, "08P01"), "Query error code");
        return;
    }
    check_str(m, sql, "Query text");
    og_buf out = OG_BUF_INIT;
    wire_put_command_complete(&out, sql);
    wire_msg back;
    check(wire_frame(out.data, out.len, false, UINT32_MAX, &back) == WIRE_FRAME_OK, "re-frame");
    check(back.total_len == out.len && back.type == 'C', "re-frame length");
    check(back.body_len == strlen(sql) + 1 && !memcmp(back.body, sql, back.body_len), "re-frame body");
    og_buf_free(&out);
}

static void decode_password(const wire_msg *m)
{
    const char *pw;
    wire_err err = {.code = ""};
    if (!wire_decode_password(m, &pw, &err)) {
        check(!strcmp(err.code, "08P01"), "password error code");
        return;
    }
    check_str(m, pw, "password");
}

static void decode_sasl(const wire_msg *m)
{
    wire_sasl_initial s;
    wire_err err = {.code = ""};
    if (!wire_decode_sasl_initial(m, &s, &err)) {
        check(!strcmp(err.code, "08P01"), "SASLInitialResponse error code");
        return;
    }
    check_str(m, s.mechanism, "SASL mechanism");
    if (s.data)
        check(in_body(m, s.data, s.len), "SASL data inside body");
    else
        check(s.len == 0, "SASL no data");
}

/* Decoder k (1..9), or by type when k is 0. */
static void decode_typed(const wire_msg *m, og_arena *a, unsigned k)
{
    if (k == 0) {
        switch (m->type) {
        case 'P':
            k = 1;
            break;
        case 'B':
            k = 2;
            break;
        case 'D':
        case 'C':
            k = 3;
            break;
        case 'E':
            k = 4;
            break;
        case 'Q':
            k = 5;
            break;
        case 'p': /* password, SASLInitialResponse or SASLResponse: the session knows which */
            decode_password(m);
            decode_sasl(m);
            return;
        default:
            return; /* Sync, Flush, Terminate, ...: no body to decode */
        }
    }
    switch (k) {
    case 1:
        decode_parse(m, a);
        break;
    case 2:
        decode_bind(m, a);
        break;
    case 3:
        decode_target(m);
        break;
    case 4:
        decode_execute(m);
        break;
    case 5:
        decode_query(m);
        break;
    case 6:
        decode_password(m);
        break;
    case 7:
        decode_sasl(m);
        break;
    case 8:
        decode_startup(m, a);
        break;
    default:
        /* every decoder on the same body */
        decode_parse(m, a);
        decode_bind(m, a);
        decode_target(m);
        decode_execute(m);
        decode_query(m);
        decode_password(m);
        decode_sasl(m);
        decode_startup(m, a);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    bool startup = mode & 1;
    unsigned k = (mode >> 1) & 0x0f;
    if (k > 9)
        k = 0;
    data++;
    size--;

    /* a copy of exactly the remaining bytes, so any read past them is caught */
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);

    og_arena arena;
    og_arena_init(&arena);
    size_t pos = 0;
    while (pos < size) {
        wire_msg m;
        uint32_t max = startup ? WIRE_MAX_STARTUP_LEN : TYPED_MAX_LEN;
        wire_frame_status st = wire_frame(buf + pos, size - pos, startup, max, &m);
        if (st != WIRE_FRAME_OK)
            break;
        check(m.total_len >= (startup ? 8u : 5u), "frame too short");
        check(m.total_len <= size - pos, "frame past the input");
        check(m.body == buf + pos + (startup ? 4 : 5), "frame body offset");
        check(m.body_len == m.total_len - (startup ? 4 : 5), "frame body length");
        if (startup)
            decode_startup(&m, &arena);
        else
            decode_typed(&m, &arena, k);
        og_arena_reset(&arena);
        pos += m.total_len;
    }
    og_arena_reset(&arena);
    free(buf);
    return 0;
}
