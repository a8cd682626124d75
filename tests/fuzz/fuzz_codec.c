/*
 * tests/fuzz/fuzz_codec.c - libFuzzer target: arbitrary bytes through the
 * value codecs of wire/codec.h, the code that reads every Bind parameter.
 *
 * Byte 0 picks the type (one of the codec list, scalar or array), byte 1
 * picks text or binary input and the session time zone; the rest is the
 * value. Whatever decodes must encode again in both formats, and the binary
 * encoding must decode back to a value whose text form is the same (the
 * round trip the wire relies on).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/codec.h"

static const uint32_t oids[] = {
    OG_OID_BOOL,          OG_OID_INT2,           OG_OID_INT4,          OG_OID_INT8,           OG_OID_FLOAT4,
    OG_OID_FLOAT8,        OG_OID_NUMERIC,        OG_OID_TEXT,          OG_OID_VARCHAR,        OG_OID_BPCHAR,
    OG_OID_BYTEA,         OG_OID_DATE,           OG_OID_TIME,          OG_OID_TIMESTAMP,      OG_OID_TIMESTAMPTZ,
    OG_OID_INTERVAL,      OG_OID_UUID,           OG_OID_JSON,          OG_OID_JSONB,          OG_OID_INT4_ARRAY,
    OG_OID_TEXT_ARRAY,    OG_OID_NUMERIC_ARRAY,  OG_OID_TIMESTAMPTZ_ARRAY, OG_OID_JSONB_ARRAY, OG_OID_BOOL_ARRAY,
    OG_OID_INTERVAL_ARRAY, OG_OID_UUID_ARRAY,   OG_OID_BYTEA_ARRAY,
};
static const char *const zones[] = {"UTC", "Europe/Paris", "America/New_York", "+05:30", "Asia/Kolkata", "PST8PDT"};

static void check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_codec: invariant violated: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 8192)
        return 0;
    uint32_t oid = oids[data[0] % (sizeof(oids) / sizeof(oids[0]))];
    int binary = data[1] & 1;
    wire_codec_ctx ctx = {zones[(data[1] >> 1) % (sizeof(zones) / sizeof(zones[0]))]};
    const uint8_t *p = data + 2;
    size_t len = size - 2;
    og_arena a;
    og_arena_init(&a);
    og_value v;
    wire_err err;
    int ok = binary ? wire_binary_decode(oid, p, len, &a, &v, &err)
                    : wire_text_decode(oid, (const char *)p, len, &ctx, &a, &v, &err);
    if (ok) {
        og_buf text = OG_BUF_INIT, bin = OG_BUF_INIT, text2 = OG_BUF_INIT;
        wire_text_encode(&v, &ctx, &text);
        wire_binary_encode(&v, &bin);
        og_value back;
        check(wire_binary_decode(oid, bin.data ? bin.data : (const uint8_t *)"", bin.len, &a, &back, &err),
              "binary output does not decode");
        wire_text_encode(&back, &ctx, &text2);
        check(text.len == text2.len && (!text.len || !memcmp(text.data, text2.data, text.len)),
              "binary round trip changed the value");
        og_buf_free(&text);
        og_buf_free(&bin);
        og_buf_free(&text2);
    } else {
        check(strlen(err.code) == 5, "an error without a SQLSTATE");
    }
    og_arena_reset(&a);
    return 0;
}
