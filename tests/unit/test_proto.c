/*
 * tests/unit/test_proto.c - wire/proto: framing, frontend decoders, backend encoders.
 *
 * Inputs are built byte by byte with the small builder below (independent of
 * og_buf, which is itself under test in test_mem.c). Every decoded body is an
 * exact-size heap copy, so AddressSanitizer catches a decoder reading even one
 * byte past the message. Encoders are checked against literal byte strings
 * written from the protocol documentation (PostgreSQL 15, "Message Formats").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wire/proto.h"

/* ---------------------------------------------------------------- helpers */

typedef struct bytes {
    uint8_t *d;
    size_t n, cap;
} bytes;

static void b_raw(bytes *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->d = realloc(b->d, b->cap);
        assert_non_null(b->d);
    }
    if (n)
        memcpy(b->d + b->n, p, n);
    b->n += n;
}

static void b_u8(bytes *b, uint8_t v) { b_raw(b, &v, 1); }

static void b_u16(bytes *b, uint16_t v)
{
    uint8_t p[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    b_raw(b, p, 2);
}

static void b_u32(bytes *b, uint32_t v)
{
    uint8_t p[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    b_raw(b, p, 4);
}

/* A protocol String: the characters and a NUL. */
static void b_str(bytes *b, const char *s) { b_raw(b, s, strlen(s) + 1); }
/* The characters only (to build unterminated strings). */
static void b_chars(bytes *b, const char *s) { b_raw(b, s, strlen(s)); }

/* Per-test state: the arena decoders allocate in and the body copies to free. */
static og_arena arena;
static void *copies[64];
static int ncopies;

static int setup(void **state)
{
    og_arena_init(&arena);
    ncopies = 0;
    return 0;
}

static int teardown(void **state)
{
    og_arena_reset(&arena);
    for (int i = 0; i < ncopies; i++)
        free(copies[i]);
    ncopies = 0;
    return 0;
}

/* A decoded message over an exact-size heap copy of b's bytes; b is emptied. */
static wire_msg msg_of(char type, bytes *b)
{
    assert_true(ncopies < 64);
    uint8_t *copy = malloc(b->n ? b->n : 1);
    assert_non_null(copy);
    if (b->n)
        memcpy(copy, b->d, b->n);
    copies[ncopies++] = copy;
    wire_msg m = {.type = type, .body = copy, .body_len = (uint32_t)b->n, .total_len = (uint32_t)b->n + 5};
    free(b->d);
    memset(b, 0, sizeof(*b));
    return m;
}

/* A whole typed message (type, length, body) in a fresh byte string. */
static bytes frame_of(char type, const bytes *body)
{
    bytes f = {0};
    b_u8(&f, (uint8_t)type);
    b_u32(&f, (uint32_t)body->n + 4);
    b_raw(&f, body->d, body->n);
    return f;
}

static void assert_bytes(const og_buf *got, const void *want, size_t n)
{
    if (got->len != n)
        fail_msg("length %zu, expected %zu", got->len, n);
    for (size_t i = 0; i < n; i++)
        if (got->data[i] != ((const uint8_t *)want)[i])
            fail_msg("byte %zu is 0x%02x, expected 0x%02x", i, got->data[i], ((const uint8_t *)want)[i]);
}

#define ASSERT_BYTES(buf, lit) assert_bytes((buf), (lit), sizeof(lit) - 1)

static void assert_fails(bool ok, const wire_err *err)
{
    assert_false(ok);
    assert_string_equal(err->code, "08P01");
    assert_true(err->message[0] != '\0');
}

/* ---------------------------------------------------------------- framing */

static void test_frame_need_more(void **state)
{
    const uint8_t q[] = {'Q', 0, 0, 0, 9, 'S', 'E', 'L', 0};
    wire_msg m;
    for (size_t avail = 0; avail < 5; avail++)
        assert_int_equal(wire_frame(q, avail, false, 1000, &m), WIRE_FRAME_NEED_MORE);
    /* header complete, body short (the message is 10 bytes, 9 are here) */
    for (size_t avail = 5; avail <= sizeof(q); avail++)
        assert_int_equal(wire_frame(q, avail, false, 1000, &m), WIRE_FRAME_NEED_MORE);

    const uint8_t s[] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
    for (size_t avail = 0; avail < sizeof(s); avail++)
        assert_int_equal(wire_frame(s, avail, true, 1000, &m), WIRE_FRAME_NEED_MORE);
    assert_int_equal(wire_frame(s, sizeof(s), true, 1000, &m), WIRE_FRAME_OK);
}

static void test_frame_bad_length(void **state)
{
    wire_msg m;
    for (uint8_t len = 0; len < 4; len++) {
        const uint8_t t[] = {'Q', 0, 0, 0, len, 0, 0, 0, 0};
        assert_int_equal(wire_frame(t, sizeof(t), false, 1000, &m), WIRE_FRAME_BAD_LENGTH);
    }
    /* a startup packet holds at least its length and a 4-byte code */
    for (uint8_t len = 0; len < 8; len++) {
        const uint8_t s[] = {0, 0, 0, len, 0, 3, 0, 0, 0, 0, 0, 0};
        assert_int_equal(wire_frame(s, sizeof(s), true, 1000, &m), WIRE_FRAME_BAD_LENGTH);
    }
    /* only the header is needed to see the bad length */
    const uint8_t t[] = {'X', 0, 0, 0, 2};
    assert_int_equal(wire_frame(t, sizeof(t), false, 1000, &m), WIRE_FRAME_BAD_LENGTH);
}

static void test_frame_too_large(void **state)
{
    wire_msg m;
    /* declared 1001 bytes with a limit of 1000: refused from the header alone */
    const uint8_t t[] = {'Q', 0, 0, 0x03, 0xe9};
    assert_int_equal(wire_frame(t, sizeof(t), false, 1000, &m), WIRE_FRAME_TOO_LARGE);
    const uint8_t huge[] = {'Q', 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(wire_frame(huge, sizeof(huge), false, 1u << 30, &m), WIRE_FRAME_TOO_LARGE);
    const uint8_t s[] = {0, 0, 0x27, 0x11}; /* 10001 */
    assert_int_equal(wire_frame(s, sizeof(s), true, WIRE_MAX_STARTUP_LEN, &m), WIRE_FRAME_TOO_LARGE);
    /* exactly the limit is fine (and then waits for the body) */
    const uint8_t e[] = {'Q', 0, 0, 0x03, 0xe8};
    assert_int_equal(wire_frame(e, sizeof(e), false, 1000, &m), WIRE_FRAME_NEED_MORE);
}

static void test_frame_typed(void **state)
{
    /* Query "SELECT 1" followed by a Sync, in one buffer */
    const uint8_t data[] = {'Q', 0, 0, 0, 13, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1', 0, 'S', 0, 0, 0, 4};
    wire_msg m;
    assert_int_equal(wire_frame(data, sizeof(data), false, 1000, &m), WIRE_FRAME_OK);
    assert_int_equal(m.type, 'Q');
    assert_ptr_equal(m.body, data + 5);
    assert_int_equal(m.body_len, 9);
    assert_int_equal(m.total_len, 14);
    assert_memory_equal(m.body, "SELECT 1", 9);

    wire_msg s;
    assert_int_equal(wire_frame(data + m.total_len, sizeof(data) - m.total_len, false, 1000, &s), WIRE_FRAME_OK);
    assert_int_equal(s.type, 'S');
    assert_int_equal(s.body_len, 0);
    assert_int_equal(s.total_len, 5);
}

static void test_frame_startup(void **state)
{
    /* StartupMessage: length 9 covers itself, the version and a NUL */
    const uint8_t data[] = {0, 0, 0, 9, 0, 3, 0, 0, 0, 'Q'};
    wire_msg m;
    assert_int_equal(wire_frame(data, sizeof(data), true, WIRE_MAX_STARTUP_LEN, &m), WIRE_FRAME_OK);
    assert_int_equal(m.type, 0);
    assert_ptr_equal(m.body, data + 4);
    assert_int_equal(m.body_len, 5);
    assert_int_equal(m.total_len, 9);
}

/* ---------------------------------------------------------------- startup */

static void test_startup_v3_params(void **state)
{
    bytes b = {0};
    b_u32(&b, 0x00030000);
    b_str(&b, "user");
    b_str(&b, "alice");
    b_str(&b, "database");
    b_str(&b, "shop");
    b_str(&b, "application_name");
    b_str(&b, "");
    b_u8(&b, 0);
    wire_msg m = msg_of(0, &b);
    wire_startup st;
    wire_err err = {.code = ""};
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.kind, WIRE_STARTUP);
    assert_int_equal(st.major, 3);
    assert_int_equal(st.minor, 0);
    assert_int_equal(st.nparams, 3);
    assert_string_equal(st.keys[0], "user");
    assert_string_equal(st.values[0], "alice");
    assert_string_equal(st.keys[1], "database");
    assert_string_equal(st.values[1], "shop");
    assert_string_equal(st.keys[2], "application_name");
    assert_string_equal(st.values[2], "");
    /* strings point into the body, not copies */
    assert_ptr_equal(st.keys[0], (const char *)m.body + 4);
}

static void test_startup_no_params_and_newer_minor(void **state)
{
    bytes b = {0};
    b_u32(&b, 0x00030000);
    b_u8(&b, 0);
    wire_msg m = msg_of(0, &b);
    wire_startup st;
    wire_err err = {.code = ""};
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.nparams, 0);

    b_u32(&b, 0x00030002);
    b_str(&b, "user");
    b_str(&b, "bob");
    b_str(&b, "_pq_.compression");
    b_str(&b, "on");
    b_u8(&b, 0);
    m = msg_of(0, &b);
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.major, 3);
    assert_int_equal(st.minor, 2);
    assert_int_equal(st.nparams, 2);
    assert_string_equal(st.keys[1], "_pq_.compression");
    assert_string_equal(st.values[1], "on");
}

static void test_startup_many_params(void **state)
{
    bytes b = {0};
    b_u32(&b, 0x00030000);
    char k[32], v[32];
    for (int i = 0; i < 200; i++) {
        snprintf(k, sizeof(k), "key%d", i);
        snprintf(v, sizeof(v), "value%d", i);
        b_str(&b, k);
        b_str(&b, v);
    }
    b_u8(&b, 0);
    wire_msg m = msg_of(0, &b);
    wire_startup st;
    wire_err err = {.code = ""};
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.nparams, 200);
    assert_string_equal(st.keys[199], "key199");
    assert_string_equal(st.values[199], "value199");
}

static void test_startup_ssl_gssenc(void **state)
{
    bytes b = {0};
    b_u32(&b, WIRE_CODE_SSL);
    wire_msg m = msg_of(0, &b);
    wire_startup st;
    wire_err err = {.code = ""};
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.kind, WIRE_STARTUP_SSL);

    b_u32(&b, WIRE_CODE_GSSENC);
    m = msg_of(0, &b);
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.kind, WIRE_STARTUP_GSSENC);

    /* the request codes are exactly 1234.5679 / 1234.5680 */
    assert_int_equal(WIRE_CODE_SSL, (1234u << 16) | 5679u);
    assert_int_equal(WIRE_CODE_GSSENC, (1234u << 16) | 5680u);
    assert_int_equal(WIRE_CODE_CANCEL, (1234u << 16) | 5678u);

    /* an SSLRequest with anything after the code is malformed */
    b_u32(&b, WIRE_CODE_SSL);
    b_u8(&b, 0);
    m = msg_of(0, &b);
    assert_fails(wire_decode_startup(&m, &arena, &st, &err), &err);
}

static void test_startup_cancel(void **state)
{
    bytes b = {0};
    b_u32(&b, WIRE_CODE_CANCEL);
    b_u32(&b, 4242);
    b_u32(&b, 0xdeadbeef);
    wire_msg m = msg_of(0, &b);
    wire_startup st;
    wire_err err = {.code = ""};
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.kind, WIRE_STARTUP_CANCEL);
    assert_int_equal(st.cancel_pid, 4242);
    assert_int_equal(st.cancel_key, 0xdeadbeefu);

    b_u32(&b, WIRE_CODE_CANCEL);
    b_u32(&b, 4242);
    m = msg_of(0, &b);
    assert_fails(wire_decode_startup(&m, &arena, &st, &err), &err);

    b_u32(&b, WIRE_CODE_CANCEL);
    b_u32(&b, 4242);
    b_u32(&b, 1);
    b_u8(&b, 7);
    m = msg_of(0, &b);
    assert_fails(wire_decode_startup(&m, &arena, &st, &err), &err);
}

static void test_startup_malformed(void **state)
{
    wire_startup st;
    wire_err err = {.code = ""};
    bytes b = {0};

    /* missing the final empty name */
    b_u32(&b, 0x00030000);
    b_str(&b, "user");
    b_str(&b, "alice");
    wire_msg m = msg_of(0, &b);
    assert_fails(wire_decode_startup(&m, &arena, &st, &err), &err);

    /* a name with no value */
    b_u32(&b, 0x00030000);
    b_str(&b, "user");
    m = msg_of(0, &b);
    assert_fails(wire_decode_startup(&m, &arena, &st, &err), &err);

    /* a value running to the end of the body without a NUL */
    b_u32(&b, 0x00030000);
    b_str(&b, "user");
    b_chars(&b, "alice");
    m = msg_of(0, &b);
    assert_fails(wire_decode_startup(&m, &arena, &st, &err), &err);

    /* bytes after the terminator */
    b_u32(&b, 0x00030000);
    b_str(&b, "user");
    b_str(&b, "alice");
    b_u8(&b, 0);
    b_chars(&b, "xx");
    m = msg_of(0, &b);
    assert_fails(wire_decode_startup(&m, &arena, &st, &err), &err);

    /* shorter than the version word */
    b_u16(&b, 3);
    m = msg_of(0, &b);
    assert_fails(wire_decode_startup(&m, &arena, &st, &err), &err);
}

static void test_startup_protocol2(void **state)
{
    /* a 2.0 startup packet has a fixed layout we do not parse: returned as major 2 */
    bytes b = {0};
    b_u32(&b, 0x00020000);
    uint8_t junk[64] = {'a', 'l', 'i', 'c', 'e'};
    b_raw(&b, junk, sizeof(junk));
    wire_msg m = msg_of(0, &b);
    wire_startup st;
    wire_err err = {.code = ""};
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.kind, WIRE_STARTUP);
    assert_int_equal(st.major, 2);
    assert_int_equal(st.minor, 0);
    assert_int_equal(st.nparams, 0);

    b_u32(&b, 0x00040001);
    m = msg_of(0, &b);
    assert_true(wire_decode_startup(&m, &arena, &st, &err));
    assert_int_equal(st.major, 4);
    assert_int_equal(st.minor, 1);
}

/* ---------------------------------------------------------------- Parse */

static void test_parse_valid(void **state)
{
    bytes b = {0};
    b_str(&b, "s1");
    b_str(&b, "SELECT $1, $2");
    b_u16(&b, 2);
    b_u32(&b, 23);
    b_u32(&b, 0);
    wire_msg m = msg_of('P', &b);
    wire_parse p;
    wire_err err = {.code = ""};
    assert_true(wire_decode_parse(&m, &arena, &p, &err));
    assert_string_equal(p.name, "s1");
    assert_string_equal(p.query, "SELECT $1, $2");
    assert_int_equal(p.nparams, 2);
    assert_int_equal(p.param_oids[0], 23);
    assert_int_equal(p.param_oids[1], 0);

    b_str(&b, "");
    b_str(&b, "");
    b_u16(&b, 0);
    m = msg_of('P', &b);
    assert_true(wire_decode_parse(&m, &arena, &p, &err));
    assert_string_equal(p.name, "");
    assert_string_equal(p.query, "");
    assert_int_equal(p.nparams, 0);
}

static void test_parse_malformed(void **state)
{
    wire_parse p;
    wire_err err = {.code = ""};
    bytes b = {0};

    /* fewer OIDs than announced */
    b_str(&b, "s1");
    b_str(&b, "SELECT $1, $2");
    b_u16(&b, 2);
    b_u32(&b, 23);
    wire_msg m = msg_of('P', &b);
    assert_fails(wire_decode_parse(&m, &arena, &p, &err), &err);

    /* 65535 OIDs announced, none sent: no read, no huge allocation */
    b_str(&b, "");
    b_str(&b, "SELECT 1");
    b_u16(&b, 0xffff);
    m = msg_of('P', &b);
    assert_fails(wire_decode_parse(&m, &arena, &p, &err), &err);

    /* statement name without its NUL */
    b_chars(&b, "s1");
    m = msg_of('P', &b);
    assert_fails(wire_decode_parse(&m, &arena, &p, &err), &err);

    /* query without its NUL */
    b_str(&b, "s1");
    b_chars(&b, "SELECT 1");
    m = msg_of('P', &b);
    assert_fails(wire_decode_parse(&m, &arena, &p, &err), &err);

    /* the count cut in half */
    b_str(&b, "");
    b_str(&b, "SELECT 1");
    b_u8(&b, 0);
    m = msg_of('P', &b);
    assert_fails(wire_decode_parse(&m, &arena, &p, &err), &err);

    /* trailing bytes */
    b_str(&b, "");
    b_str(&b, "SELECT 1");
    b_u16(&b, 0);
    b_u8(&b, 0);
    m = msg_of('P', &b);
    assert_fails(wire_decode_parse(&m, &arena, &p, &err), &err);
    assert_non_null(strstr(err.message, "Parse"));

    /* empty body */
    m = msg_of('P', &b);
    assert_fails(wire_decode_parse(&m, &arena, &p, &err), &err);
}

/* ---------------------------------------------------------------- Bind */

/* Bind: portal, statement, format codes, parameters (len < -1 written raw), result formats. */
static void bind_body(bytes *b, const char *portal, const char *stmt, int nf, const int16_t *fmts, int np,
                      const int32_t *lens, const char *const *vals, int nrf, const int16_t *rfmts)
{
    b_str(b, portal);
    b_str(b, stmt);
    b_u16(b, (uint16_t)nf);
    for (int i = 0; i < nf; i++)
        b_u16(b, (uint16_t)fmts[i]);
    b_u16(b, (uint16_t)np);
    for (int i = 0; i < np; i++) {
        b_u32(b, (uint32_t)lens[i]);
        if (lens[i] > 0)
            b_raw(b, vals[i], (size_t)lens[i]);
    }
    b_u16(b, (uint16_t)nrf);
    for (int i = 0; i < nrf; i++)
        b_u16(b, (uint16_t)rfmts[i]);
}

static void test_bind_valid(void **state)
{
    const int16_t fmts[] = {0, 1, 0};
    const int32_t lens[] = {2, 4, -1};
    const char *vals[] = {"42", "\0\0\0\x07", NULL};
    const int16_t rf[] = {1, 0};
    bytes b = {0};
    bind_body(&b, "p1", "s1", 3, fmts, 3, lens, vals, 2, rf);
    wire_msg m = msg_of('B', &b);
    wire_bind bd;
    wire_err err = {.code = ""};
    assert_true(wire_decode_bind(&m, &arena, &bd, &err));
    assert_string_equal(bd.portal, "p1");
    assert_string_equal(bd.stmt, "s1");
    assert_int_equal(bd.nformats, 3);
    assert_int_equal(bd.nparams, 3);
    assert_int_equal(bd.lens[0], 2);
    assert_memory_equal(bd.values[0], "42", 2);
    assert_int_equal(bd.lens[1], 4);
    assert_memory_equal(bd.values[1], "\0\0\0\x07", 4);
    assert_int_equal(bd.lens[2], -1);
    assert_null(bd.values[2]);
    /* values point into the body */
    assert_true(bd.values[0] > m.body && bd.values[0] < m.body + m.body_len);
    assert_int_equal(wire_bind_param_format(&bd, 0), 0);
    assert_int_equal(wire_bind_param_format(&bd, 1), 1);
    assert_int_equal(wire_bind_param_format(&bd, 2), 0);
    assert_int_equal(bd.nresult_formats, 2);
    assert_int_equal(wire_bind_result_format(&bd, 0), 1);
    assert_int_equal(wire_bind_result_format(&bd, 1), 0);
    /* columns beyond the list are text */
    assert_int_equal(wire_bind_result_format(&bd, 5), 0);
}

static void test_bind_empty_vs_null(void **state)
{
    /* a zero-length value is the empty string, not NULL */
    const int32_t lens[] = {0, -1};
    const char *vals[] = {"", NULL};
    bytes b = {0};
    bind_body(&b, "", "", 0, NULL, 2, lens, vals, 0, NULL);
    wire_msg m = msg_of('B', &b);
    wire_bind bd;
    wire_err err = {.code = ""};
    assert_true(wire_decode_bind(&m, &arena, &bd, &err));
    assert_string_equal(bd.portal, "");
    assert_string_equal(bd.stmt, "");
    assert_int_equal(bd.nparams, 2);
    assert_non_null(bd.values[0]);
    assert_int_equal(bd.lens[0], 0);
    assert_null(bd.values[1]);
    assert_int_equal(bd.lens[1], -1);
    /* no format codes: everything text */
    assert_int_equal(bd.nformats, 0);
    assert_int_equal(wire_bind_param_format(&bd, 0), 0);
    assert_int_equal(wire_bind_param_format(&bd, 1), 0);
    assert_int_equal(bd.nresult_formats, 0);
    assert_int_equal(wire_bind_result_format(&bd, 0), 0);
    assert_int_equal(wire_bind_result_format(&bd, 9), 0);
}

static void test_bind_single_format_applies_to_all(void **state)
{
    const int16_t fmts[] = {1};
    const int32_t lens[] = {4, 4, 4};
    const char *vals[] = {"\0\0\0\1", "\0\0\0\2", "\0\0\0\3"};
    const int16_t rf[] = {1};
    bytes b = {0};
    bind_body(&b, "", "s", 1, fmts, 3, lens, vals, 1, rf);
    wire_msg m = msg_of('B', &b);
    wire_bind bd;
    wire_err err = {.code = ""};
    assert_true(wire_decode_bind(&m, &arena, &bd, &err));
    for (uint16_t i = 0; i < 3; i++)
        assert_int_equal(wire_bind_param_format(&bd, i), 1);
    for (uint16_t i = 0; i < 10; i++)
        assert_int_equal(wire_bind_result_format(&bd, i), 1);
    assert_memory_equal(bd.values[2], "\0\0\0\3", 4);
}

static void test_bind_format_count_mismatch(void **state)
{
    const int16_t fmts[] = {0, 1};
    const int32_t lens[] = {1, 1, 1};
    const char *vals[] = {"a", "b", "c"};
    bytes b = {0};
    bind_body(&b, "", "", 2, fmts, 3, lens, vals, 0, NULL);
    wire_msg m = msg_of('B', &b);
    wire_bind bd;
    wire_err err = {.code = ""};
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);
    assert_non_null(strstr(err.message, "2 parameter formats but 3 parameters"));

    /* formats for parameters that do not exist */
    bind_body(&b, "", "", 2, fmts, 0, NULL, NULL, 0, NULL);
    m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);
}

static void test_bind_invalid_format_code(void **state)
{
    const int16_t bad[] = {2};
    const int16_t neg[] = {-1};
    const int16_t ok[] = {0};
    const int32_t lens[] = {1};
    const char *vals[] = {"x"};
    wire_bind bd;
    wire_err err = {.code = ""};
    bytes b = {0};

    bind_body(&b, "", "", 1, bad, 1, lens, vals, 0, NULL);
    wire_msg m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);
    assert_non_null(strstr(err.message, "unsupported format code: 2"));

    bind_body(&b, "", "", 1, neg, 1, lens, vals, 0, NULL);
    m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);

    /* in the result formats too */
    bind_body(&b, "", "", 1, ok, 1, lens, vals, 1, bad);
    m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);
    assert_non_null(strstr(err.message, "unsupported format code: 2"));
}

static void test_bind_negative_and_overlong_lengths(void **state)
{
    wire_bind bd;
    wire_err err = {.code = ""};
    bytes b = {0};

    /* -2 is not a length */
    const int32_t neg[] = {-2};
    bind_body(&b, "", "", 0, NULL, 1, neg, NULL, 0, NULL);
    wire_msg m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);

    /* INT32_MIN */
    const int32_t min[] = {INT32_MIN};
    bind_body(&b, "", "", 0, NULL, 1, min, NULL, 0, NULL);
    m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);

    /* a length larger than what follows */
    b_str(&b, "");
    b_str(&b, "");
    b_u16(&b, 0);
    b_u16(&b, 1);
    b_u32(&b, 100);
    b_chars(&b, "short");
    m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);

    /* INT32_MAX: must not overflow the bounds check */
    b_str(&b, "");
    b_str(&b, "");
    b_u16(&b, 0);
    b_u16(&b, 1);
    b_u32(&b, 0x7fffffff);
    b_u16(&b, 0);
    m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);
}

static void test_bind_truncated(void **state)
{
    const int16_t fmts[] = {1};
    const int32_t lens[] = {4};
    const char *vals[] = {"\0\0\0\1"};
    const int16_t rf[] = {0, 1};
    bytes full = {0};
    bind_body(&full, "portal", "stmt", 1, fmts, 1, lens, vals, 2, rf);
    /* every strict prefix of a valid Bind is invalid */
    for (size_t cut = 0; cut < full.n; cut++) {
        bytes b = {0};
        b_raw(&b, full.d, cut);
        wire_msg m = msg_of('B', &b);
        wire_bind bd;
        wire_err err = {.code = ""};
        if (wire_decode_bind(&m, &arena, &bd, &err))
            fail_msg("a Bind cut at %zu of %zu bytes was accepted", cut, full.n);
        assert_string_equal(err.code, "08P01");
        free(copies[--ncopies]);
    }
    bytes b = {0};
    b_raw(&b, full.d, full.n);
    wire_msg m = msg_of('B', &b);
    wire_bind bd;
    wire_err err = {.code = ""};
    assert_true(wire_decode_bind(&m, &arena, &bd, &err));

    /* and one byte more is invalid too */
    b_raw(&b, full.d, full.n);
    b_u8(&b, 0);
    m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);
    assert_non_null(strstr(err.message, "trailing"));
    free(full.d);
}

static void test_bind_strings_without_nul(void **state)
{
    wire_bind bd;
    wire_err err = {.code = ""};
    bytes b = {0};
    b_chars(&b, "portal");
    wire_msg m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);

    b_str(&b, "portal");
    b_chars(&b, "stmt");
    m = msg_of('B', &b);
    assert_fails(wire_decode_bind(&m, &arena, &bd, &err), &err);
}

/* ---------------------------------------------------------------- Describe / Close */

static void test_target(void **state)
{
    wire_target t;
    wire_err err = {.code = ""};
    bytes b = {0};

    b_u8(&b, 'S');
    b_str(&b, "stmt1");
    wire_msg m = msg_of('D', &b);
    assert_true(wire_decode_target(&m, &t, &err));
    assert_int_equal(t.kind, 'S');
    assert_string_equal(t.name, "stmt1");

    b_u8(&b, 'P');
    b_str(&b, "");
    m = msg_of('C', &b);
    assert_true(wire_decode_target(&m, &t, &err));
    assert_int_equal(t.kind, 'P');
    assert_string_equal(t.name, "");

    /* unknown subtype, named after the message */
    b_u8(&b, 'X');
    b_str(&b, "a");
    m = msg_of('D', &b);
    assert_fails(wire_decode_target(&m, &t, &err), &err);
    assert_non_null(strstr(err.message, "DESCRIBE"));
    b_u8(&b, 's');
    b_str(&b, "a");
    m = msg_of('C', &b);
    assert_fails(wire_decode_target(&m, &t, &err), &err);
    assert_non_null(strstr(err.message, "CLOSE"));

    /* name without NUL */
    b_u8(&b, 'S');
    b_chars(&b, "stmt1");
    m = msg_of('D', &b);
    assert_fails(wire_decode_target(&m, &t, &err), &err);

    /* empty body */
    m = msg_of('D', &b);
    assert_fails(wire_decode_target(&m, &t, &err), &err);

    /* trailing bytes */
    b_u8(&b, 'P');
    b_str(&b, "p");
    b_u8(&b, 'x');
    m = msg_of('C', &b);
    assert_fails(wire_decode_target(&m, &t, &err), &err);
    assert_non_null(strstr(err.message, "Close"));
}

/* ---------------------------------------------------------------- Execute */

static void test_execute(void **state)
{
    wire_execute e;
    wire_err err = {.code = ""};
    bytes b = {0};

    b_str(&b, "cur");
    b_u32(&b, 10);
    wire_msg m = msg_of('E', &b);
    assert_true(wire_decode_execute(&m, &e, &err));
    assert_string_equal(e.portal, "cur");
    assert_int_equal(e.max_rows, 10);

    b_str(&b, "");
    b_u32(&b, 0);
    m = msg_of('E', &b);
    assert_true(wire_decode_execute(&m, &e, &err));
    assert_int_equal(e.max_rows, 0);

    /* a negative count means all rows, as in PostgreSQL */
    b_str(&b, "");
    b_u32(&b, 0xffffffff);
    m = msg_of('E', &b);
    assert_true(wire_decode_execute(&m, &e, &err));
    assert_int_equal(e.max_rows, 0);

    b_str(&b, "");
    b_u32(&b, 0x7fffffff);
    m = msg_of('E', &b);
    assert_true(wire_decode_execute(&m, &e, &err));
    assert_int_equal(e.max_rows, 0x7fffffff);

    /* missing row count, short row count, trailing, unterminated */
    b_str(&b, "cur");
    m = msg_of('E', &b);
    assert_fails(wire_decode_execute(&m, &e, &err), &err);
    b_str(&b, "cur");
    b_u16(&b, 1);
    m = msg_of('E', &b);
    assert_fails(wire_decode_execute(&m, &e, &err), &err);
    b_str(&b, "cur");
    b_u32(&b, 1);
    b_u8(&b, 1);
    m = msg_of('E', &b);
    assert_fails(wire_decode_execute(&m, &e, &err), &err);
    b_chars(&b, "cur");
    m = msg_of('E', &b);
    assert_fails(wire_decode_execute(&m, &e, &err), &err);
}

/* ---------------------------------------------------------------- Query / Password / SASL */

static void test_query(void **state)
{
    const char *sql;
    wire_err err = {.code = ""};
    bytes b = {0};

    b_str(&b, "SELECT 1; SELECT 2");
    wire_msg m = msg_of('Q', &b);
    assert_true(wire_decode_query(&m, &sql, &err));
    assert_string_equal(sql, "SELECT 1; SELECT 2");

    /* the empty query */
    b_u8(&b, 0);
    m = msg_of('Q', &b);
    assert_true(wire_decode_query(&m, &sql, &err));
    assert_string_equal(sql, "");

    /* unterminated */
    b_chars(&b, "SELECT 1");
    m = msg_of('Q', &b);
    assert_fails(wire_decode_query(&m, &sql, &err), &err);

    /* an embedded NUL leaves trailing bytes */
    b_str(&b, "SELECT 1");
    b_str(&b, "SELECT 2");
    m = msg_of('Q', &b);
    assert_fails(wire_decode_query(&m, &sql, &err), &err);
    assert_non_null(strstr(err.message, "Query"));

    /* an empty body has no string at all */
    m = msg_of('Q', &b);
    assert_fails(wire_decode_query(&m, &sql, &err), &err);
}

static void test_password(void **state)
{
    const char *pw;
    wire_err err = {.code = ""};
    bytes b = {0};

    b_str(&b, "md5a3556571e93b0d20722ba62be61e8c2d");
    wire_msg m = msg_of('p', &b);
    assert_true(wire_decode_password(&m, &pw, &err));
    assert_string_equal(pw, "md5a3556571e93b0d20722ba62be61e8c2d");

    b_u8(&b, 0);
    m = msg_of('p', &b);
    assert_true(wire_decode_password(&m, &pw, &err));
    assert_string_equal(pw, "");

    b_chars(&b, "secret");
    m = msg_of('p', &b);
    assert_fails(wire_decode_password(&m, &pw, &err), &err);

    b_str(&b, "secret");
    b_u8(&b, 'x');
    m = msg_of('p', &b);
    assert_fails(wire_decode_password(&m, &pw, &err), &err);

    m = msg_of('p', &b);
    assert_fails(wire_decode_password(&m, &pw, &err), &err);
}

static void test_sasl_initial(void **state)
{
    const char *first = "n,,n=,r=rOprNGfwEbeRWgbNEkqO";
    wire_sasl_initial s;
    wire_err err = {.code = ""};
    bytes b = {0};

    b_str(&b, "SCRAM-SHA-256");
    b_u32(&b, (uint32_t)strlen(first));
    b_chars(&b, first);
    wire_msg m = msg_of('p', &b);
    assert_true(wire_decode_sasl_initial(&m, &s, &err));
    assert_string_equal(s.mechanism, "SCRAM-SHA-256");
    assert_int_equal(s.len, strlen(first));
    assert_memory_equal(s.data, first, s.len);

    /* -1: no initial response */
    b_str(&b, "SCRAM-SHA-256-PLUS");
    b_u32(&b, 0xffffffff);
    m = msg_of('p', &b);
    assert_true(wire_decode_sasl_initial(&m, &s, &err));
    assert_string_equal(s.mechanism, "SCRAM-SHA-256-PLUS");
    assert_null(s.data);
    assert_int_equal(s.len, 0);

    /* 0: an empty response, present */
    b_str(&b, "SCRAM-SHA-256");
    b_u32(&b, 0);
    m = msg_of('p', &b);
    assert_true(wire_decode_sasl_initial(&m, &s, &err));
    assert_non_null(s.data);
    assert_int_equal(s.len, 0);

    /* -2 */
    b_str(&b, "SCRAM-SHA-256");
    b_u32(&b, 0xfffffffe);
    m = msg_of('p', &b);
    assert_fails(wire_decode_sasl_initial(&m, &s, &err), &err);

    /* longer than the body */
    b_str(&b, "SCRAM-SHA-256");
    b_u32(&b, 50);
    b_chars(&b, first);
    m = msg_of('p', &b);
    assert_fails(wire_decode_sasl_initial(&m, &s, &err), &err);

    /* shorter than the body */
    b_str(&b, "SCRAM-SHA-256");
    b_u32(&b, 3);
    b_chars(&b, first);
    m = msg_of('p', &b);
    assert_fails(wire_decode_sasl_initial(&m, &s, &err), &err);
    assert_non_null(strstr(err.message, "trailing"));

    /* no length word */
    b_str(&b, "SCRAM-SHA-256");
    m = msg_of('p', &b);
    assert_fails(wire_decode_sasl_initial(&m, &s, &err), &err);

    /* mechanism without NUL */
    b_chars(&b, "SCRAM-SHA-256");
    m = msg_of('p', &b);
    assert_fails(wire_decode_sasl_initial(&m, &s, &err), &err);
}

/* Decoders given the whole output of wire_frame, as the server calls them. */
static void test_frame_then_decode(void **state)
{
    bytes body = {0};
    b_str(&body, "");
    b_u32(&body, 0);
    bytes f = frame_of('E', &body);
    b_u8(&f, 'S');
    b_u32(&f, 4);
    wire_msg m;
    assert_int_equal(wire_frame(f.d, f.n, false, 1 << 20, &m), WIRE_FRAME_OK);
    assert_int_equal(m.type, 'E');
    wire_execute e;
    wire_err err = {.code = ""};
    assert_true(wire_decode_execute(&m, &e, &err));
    assert_string_equal(e.portal, "");
    assert_int_equal(m.total_len, 10);
    wire_msg s;
    assert_int_equal(wire_frame(f.d + m.total_len, f.n - m.total_len, false, 1 << 20, &s), WIRE_FRAME_OK);
    assert_int_equal(s.type, 'S');
    free(body.d);
    free(f.d);
}

/* ---------------------------------------------------------------- encoders */

static void test_put_auth(void **state)
{
    og_buf b = OG_BUF_INIT;
    wire_put_auth(&b, WIRE_AUTH_OK, NULL, 0);
    ASSERT_BYTES(&b, "R\0\0\0\x08\0\0\0\0");

    og_buf_clear(&b);
    wire_put_auth(&b, WIRE_AUTH_CLEARTEXT, NULL, 0);
    ASSERT_BYTES(&b, "R\0\0\0\x08\0\0\0\x03");

    og_buf_clear(&b);
    wire_put_auth(&b, WIRE_AUTH_MD5, "\x01\x02\x03\x04", 4);
    ASSERT_BYTES(&b, "R\0\0\0\x0c\0\0\0\x05\x01\x02\x03\x04");

    og_buf_clear(&b);
    wire_put_auth(&b, WIRE_AUTH_SASL, "SCRAM-SHA-256\0\0", 15);
    ASSERT_BYTES(&b, "R\0\0\0\x17\0\0\0\x0a"
                     "SCRAM-SHA-256\0\0");
    og_buf_free(&b);
}

static void test_put_parameter_status_and_key(void **state)
{
    og_buf b = OG_BUF_INIT;
    wire_put_parameter_status(&b, "client_encoding", "UTF8");
    ASSERT_BYTES(&b, "S\0\0\0\x19"
                     "client_encoding\0UTF8\0");

    og_buf_clear(&b);
    wire_put_parameter_status(&b, "application_name", "");
    ASSERT_BYTES(&b, "S\0\0\0\x16"
                     "application_name\0\0");

    og_buf_clear(&b);
    wire_put_backend_key(&b, 1234, 0xdeadbeef);
    ASSERT_BYTES(&b, "K\0\0\0\x0c\0\0\x04\xd2\xde\xad\xbe\xef");
    og_buf_free(&b);
}

static void test_put_ready_and_tags(void **state)
{
    og_buf b = OG_BUF_INIT;
    wire_put_ready(&b, 'I');
    wire_put_ready(&b, 'T');
    wire_put_ready(&b, 'E');
    ASSERT_BYTES(&b, "Z\0\0\0\x05I"
                     "Z\0\0\0\x05T"
                     "Z\0\0\0\x05"
                     "E");

    og_buf_clear(&b);
    wire_put_command_complete(&b, "SELECT 1");
    ASSERT_BYTES(&b, "C\0\0\0\x0dSELECT 1\0");

    og_buf_clear(&b);
    wire_put_command_complete(&b, "INSERT 0 5");
    ASSERT_BYTES(&b, "C\0\0\0\x0fINSERT 0 5\0");

    og_buf_clear(&b);
    wire_put_empty_query(&b);
    ASSERT_BYTES(&b, "I\0\0\0\x04");
    og_buf_free(&b);
}

static void test_put_empty_messages(void **state)
{
    og_buf b = OG_BUF_INIT;
    const char types[] = {'1', '2', '3', 'n', 's', 'c'};
    for (size_t i = 0; i < sizeof(types); i++)
        wire_put_empty(&b, types[i]);
    ASSERT_BYTES(&b, "1\0\0\0\x04"
                     "2\0\0\0\x04"
                     "3\0\0\0\x04"
                     "n\0\0\0\x04"
                     "s\0\0\0\x04"
                     "c\0\0\0\x04");
    og_buf_free(&b);
}

static void test_put_error_all_fields(void **state)
{
    wire_notice n = {
        .severity = "ERROR",
        .code = "23505",
        .message = "duplicate key",
        .detail = "Key (id)=(1) exists.",
        .hint = "Try another.",
        .position = 42,
        .constraint = "t_pkey",
        .table = "t",
        .column = "id",
    };
    og_buf b = OG_BUF_INIT;
    wire_put_notice(&b, 'E', &n);
    static const char body[] = "SERROR\0"
                               "VERROR\0"
                               "C23505\0"
                               "Mduplicate key\0"
                               "DKey (id)=(1) exists.\0"
                               "HTry another.\0"
                               "P42\0"
                               "tt\0"
                               "cid\0"
                               "nt_pkey\0"
                               "\0";
    uint8_t want[256];
    size_t blen = sizeof(body) - 1;
    want[0] = 'E';
    want[1] = 0;
    want[2] = 0;
    want[3] = (uint8_t)((blen + 4) >> 8);
    want[4] = (uint8_t)(blen + 4);
    memcpy(want + 5, body, blen);
    assert_bytes(&b, want, blen + 5);
    og_buf_free(&b);
}

static void test_put_notice_minimal(void **state)
{
    wire_notice n = {.severity = "NOTICE", .code = "00000", .message = "hello"};
    og_buf b = OG_BUF_INIT;
    wire_put_notice(&b, 'N', &n);
    ASSERT_BYTES(&b, "N\0\0\0\x23"
                     "SNOTICE\0VNOTICE\0C00000\0Mhello\0\0");
    og_buf_free(&b);
}

static void test_put_notice_empty_message(void **state)
{
    /* S, V, C and M are "always present" (protocol docs, Error and Notice Message Fields) */
    wire_notice n = {.severity = "ERROR", .code = "XX000", .message = ""};
    og_buf b = OG_BUF_INIT;
    wire_put_notice(&b, 'E', &n);
    ASSERT_BYTES(&b, "E\0\0\0\x1c"
                     "SERROR\0VERROR\0CXX000\0M\0\0");
    og_buf_clear(&b);
    n.message = NULL;
    wire_put_notice(&b, 'E', &n);
    ASSERT_BYTES(&b, "E\0\0\0\x1c"
                     "SERROR\0VERROR\0CXX000\0M\0\0");
    og_buf_free(&b);
}

static void test_put_row_description(void **state)
{
    const wire_column cols[] = {
        {.name = "id", .table_oid = 16384, .attnum = 1, .type_oid = 23, .typlen = 4, .typmod = -1, .format = 0},
        {.name = "name", .table_oid = 0, .attnum = 0, .type_oid = 25, .typlen = -1, .typmod = -1, .format = 1},
    };
    og_buf b = OG_BUF_INIT;
    wire_put_row_description(&b, cols, 2);
    ASSERT_BYTES(&b, "T\0\0\0\x32\0\x02"
                     "id\0\0\0\x40\0\0\x01\0\0\0\x17\0\x04\xff\xff\xff\xff\0\0"
                     "name\0\0\0\0\0\0\0\0\0\0\x19\xff\xff\xff\xff\xff\xff\0\x01");

    og_buf_clear(&b);
    wire_put_row_description(&b, NULL, 0);
    ASSERT_BYTES(&b, "T\0\0\0\x06\0\0");
    og_buf_free(&b);
}

static void test_put_data_row(void **state)
{
    og_buf b = OG_BUF_INIT;
    size_t row = wire_put_data_row_begin(&b, 3);
    wire_put_data_null(&b);
    size_t f = wire_put_data_field_begin(&b);
    og_buf_append(&b, "abc", 3);
    wire_put_data_field_end(&b, f);
    f = wire_put_data_field_begin(&b);
    wire_put_data_field_end(&b, f);
    wire_msg_end(&b, row);
    ASSERT_BYTES(&b, "D\0\0\0\x15\0\x03"
                     "\xff\xff\xff\xff"
                     "\0\0\0\x03"
                     "abc"
                     "\0\0\0\0");
    og_buf_free(&b);
}

static void test_put_parameter_description(void **state)
{
    const uint32_t oids[] = {23, 25, 0x11223344};
    og_buf b = OG_BUF_INIT;
    wire_put_parameter_description(&b, oids, 3);
    ASSERT_BYTES(&b, "t\0\0\0\x12\0\x03\0\0\0\x17\0\0\0\x19\x11\x22\x33\x44");
    og_buf_clear(&b);
    wire_put_parameter_description(&b, NULL, 0);
    ASSERT_BYTES(&b, "t\0\0\0\x06\0\0");
    og_buf_free(&b);
}

static void test_put_negotiate_version(void **state)
{
    const char *unknown[] = {"_pq_.a", "_pq_.bb"};
    og_buf b = OG_BUF_INIT;
    wire_put_negotiate_version(&b, 0, unknown, 2);
    ASSERT_BYTES(&b, "v\0\0\0\x1b\0\0\0\0\0\0\0\x02"
                     "_pq_.a\0_pq_.bb\0");
    og_buf_clear(&b);
    wire_put_negotiate_version(&b, 0, NULL, 0);
    ASSERT_BYTES(&b, "v\0\0\0\x0c\0\0\0\0\0\0\0\0");
    og_buf_free(&b);
}

static void test_msg_begin_end_after_content(void **state)
{
    /* messages appended after others: every length word is the message's own */
    og_buf b = OG_BUF_INIT;
    wire_put_auth(&b, WIRE_AUTH_OK, NULL, 0);
    wire_put_parameter_status(&b, "a", "b");
    size_t off = wire_msg_begin(&b, 'X');
    assert_int_equal(off, 9 + 9 + 1);
    og_buf_append(&b, "hello", 5);
    wire_msg_end(&b, off);
    wire_put_ready(&b, 'I');

    /* read them back with wire_frame */
    const char want_types[] = {'R', 'S', 'X', 'Z'};
    const uint32_t want_body[] = {4, 4, 5, 1};
    size_t pos = 0;
    for (int i = 0; i < 4; i++) {
        wire_msg m;
        assert_int_equal(wire_frame(b.data + pos, b.len - pos, false, 1000, &m), WIRE_FRAME_OK);
        assert_int_equal(m.type, want_types[i]);
        assert_int_equal(m.body_len, want_body[i]);
        pos += m.total_len;
    }
    assert_int_equal(pos, b.len);
    og_buf_free(&b);
}

/* A large DataRow field: length words past 16 bits. */
static void test_put_data_row_large_field(void **state)
{
    og_buf b = OG_BUF_INIT;
    size_t row = wire_put_data_row_begin(&b, 1);
    size_t f = wire_put_data_field_begin(&b);
    for (int i = 0; i < 70000; i++)
        og_buf_putc(&b, 'x');
    wire_put_data_field_end(&b, f);
    wire_msg_end(&b, row);
    assert_int_equal(og_get32(b.data + 1), 4 + 2 + 4 + 70000);
    assert_int_equal(og_get32(b.data + 7), 70000);
    og_buf_free(&b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_frame_need_more),
        T(test_frame_bad_length),
        T(test_frame_too_large),
        T(test_frame_typed),
        T(test_frame_startup),
        T(test_startup_v3_params),
        T(test_startup_no_params_and_newer_minor),
        T(test_startup_many_params),
        T(test_startup_ssl_gssenc),
        T(test_startup_cancel),
        T(test_startup_malformed),
        T(test_startup_protocol2),
        T(test_parse_valid),
        T(test_parse_malformed),
        T(test_bind_valid),
        T(test_bind_empty_vs_null),
        T(test_bind_single_format_applies_to_all),
        T(test_bind_format_count_mismatch),
        T(test_bind_invalid_format_code),
        T(test_bind_negative_and_overlong_lengths),
        T(test_bind_truncated),
        T(test_bind_strings_without_nul),
        T(test_target),
        T(test_execute),
        T(test_query),
        T(test_password),
        T(test_sasl_initial),
        T(test_frame_then_decode),
        T(test_put_auth),
        T(test_put_parameter_status_and_key),
        T(test_put_ready_and_tags),
        T(test_put_empty_messages),
        T(test_put_error_all_fields),
        T(test_put_notice_minimal),
        T(test_put_notice_empty_message),
        T(test_put_row_description),
        T(test_put_data_row),
        T(test_put_parameter_description),
        T(test_put_negotiate_version),
        T(test_msg_begin_end_after_content),
        T(test_put_data_row_large_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
