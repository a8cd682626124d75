/*
 * wire/codec.h - text and binary formats of values, as a PostgreSQL 15 server
 * reads and writes them on the wire.
 *
 * Pure code: bytes in, og_value out and back. Output follows the settings a
 * default PostgreSQL 15 session has (DateStyle ISO, MDY; IntervalStyle
 * postgres; extra_float_digits 1, i.e. shortest exact float output;
 * bytea_output hex); the session's TimeZone is given in wire_codec_ctx and is
 * applied to timestamptz input without an offset and to timestamptz output.
 */
#ifndef WIRE_CODEC_H
#define WIRE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/value.h"
#include "wire/err.h"

typedef struct wire_codec_ctx {
    const char *timezone; /* session TimeZone: "UTC", "Europe/Paris", "+02:00", ... */
} wire_codec_ctx;

/* Parse PostgreSQL text input of type oid (s need not be NUL-terminated).
 * Variable-length payload is allocated in a. On bad input returns false and
 * sets err to PostgreSQL's SQLSTATE and message (22P02, 22003, 22007, 22008). */
bool wire_text_decode(uint32_t oid, const char *s, size_t len, const wire_codec_ctx *ctx, og_arena *a,
                      og_value *out, wire_err *err);

/* Append PostgreSQL's text output of v (not NULL) to out. */
void wire_text_encode(const og_value *v, const wire_codec_ctx *ctx, og_buf *out);

/* Parse the binary (send/recv) format of type oid. 22P03 on malformed input. */
bool wire_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err);

/* Append the binary format of v (not NULL) to out. */
void wire_binary_encode(const og_value *v, og_buf *out);

/* True when the codecs know type oid (scalar or one-dimensional array). */
bool wire_codec_supports(uint32_t oid);

#endif
