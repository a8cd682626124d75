/*
 * wire/codec_int.h - private interface between the files of the value codecs.
 *
 * The public face is wire/codec.h. Behind it the codecs are split by concern:
 *   codec.c           dispatch, bool, integers, floats, numeric, text-like
 *                     types, bytea, uuid, UTF-8 validation
 *   codec_datetime.c  date, time, timestamp(tz) and the date/time lexer
 *   codec_interval.c  interval
 *   codec_tz.c        time zones (the three date/time files share codec_dt.h)
 *   codec_json.c      json validation, jsonb normalisation
 *   codec_array.c     one-dimensional arrays, text and binary
 * Nothing here is for use outside wire/codec*.c.
 *
 * Text decoders below receive a NUL-terminated, UTF-8-validated copy of the
 * input that already lives in the arena, so they may point values into it.
 */
#ifndef WIRE_CODEC_INT_H
#define WIRE_CODEC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/mem.h"
#include "orm/value.h"
#include "wire/codec.h"
#include "wire/err.h"

/* SQLSTATEs the codecs raise. */
#define WIRE_SQLSTATE_SYNTAX         "22P02" /* invalid_text_representation */
#define WIRE_SQLSTATE_RANGE          "22003" /* numeric_value_out_of_range */
#define WIRE_SQLSTATE_BINARY         "22P03" /* invalid_binary_representation */
#define WIRE_SQLSTATE_PROTOCOL       "08P01" /* protocol_violation */
#define WIRE_SQLSTATE_DT_FORMAT      "22007" /* invalid_datetime_format */
#define WIRE_SQLSTATE_DT_RANGE       "22008" /* datetime_field_overflow */
#define WIRE_SQLSTATE_TZ_DISP        "22009" /* invalid_time_zone_displacement_value */
#define WIRE_SQLSTATE_INTERVAL       "22015" /* interval_field_overflow */
#define WIRE_SQLSTATE_PARAM          "22023" /* invalid_parameter_value */
#define WIRE_SQLSTATE_ENCODING       "22021" /* character_not_in_repertoire */
#define WIRE_SQLSTATE_UNTRANSLATABLE "22P05"
#define WIRE_SQLSTATE_NOT_SUPPORTED  "0A000"
#define WIRE_SQLSTATE_DATATYPE       "42804" /* datatype_mismatch */
#define WIRE_SQLSTATE_NAME_TOO_LONG  "42622"
#define WIRE_SQLSTATE_LIMIT          "54000" /* program_limit_exceeded */
#define WIRE_SQLSTATE_STACK          "54001" /* statement_too_complex */
#define WIRE_SQLSTATE_SUBSCRIPT      "2202E" /* array_subscript_error */
#define WIRE_SQLSTATE_INTERNAL       "XX000"

/* isspace() of the C locale, as PostgreSQL's input functions use it. */
static inline bool wire_isspace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* "invalid input syntax for type <typname>: "<s>"" (22P02). */
void wire_err_syntax(wire_err *err, const char *typname, const char *s);
/* Binary input shorter than the type needs: 08P01, as pq_getmsg* report it. */
void wire_err_short(wire_err *err);
/* Binary input with bytes left over: 22P03 (PostgreSQL adds "in bind
 * parameter N", which only the caller knows). */
void wire_err_trailing(wire_err *err);

/* PostgreSQL's check of UTF-8 input (pg_verify_mbstr): false and 22021 on
 * invalid sequences and NUL bytes. */
bool wire_utf8_check(const uint8_t *s, size_t len, wire_err *err);
/* Length of the UTF-8 sequence that starts with byte c (pg_utf_mblen), and whether its n bytes
 * form a legal character (pg_utf8_islegal). Shared with COPY's input (wire/copy_in.c). */
size_t wire_utf8_seqlen(uint8_t c);
bool wire_utf8_legal(const uint8_t *s, size_t n);

/* Scalar (non-array) codecs; the public functions add the array layer. */
bool wire_scalar_text_decode(uint32_t oid, const char *s, size_t len, const wire_codec_ctx *ctx, og_arena *a,
                             og_value *out, wire_err *err);
void wire_scalar_text_encode(const og_value *v, const wire_codec_ctx *ctx, og_buf *out);
bool wire_scalar_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err);
void wire_scalar_binary_encode(const og_value *v, og_buf *out);

/* Numeric text (numeric_in) to canonical text (numeric_out) in a; false with
 * PostgreSQL's error otherwise. Used by numeric and by jsonb numbers. */
bool wire_numeric_canon(const char *s, og_arena *a, const char **out, size_t *outlen, wire_err *err);

/* Date/time family: date, time, timestamp, timestamptz, interval
 * (codec_datetime.c). */
bool wire_dt_text_decode(uint32_t oid, const char *s, const wire_codec_ctx *ctx, og_value *out, wire_err *err);
void wire_dt_text_encode(const og_value *v, const wire_codec_ctx *ctx, og_buf *out);
bool wire_dt_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_value *out, wire_err *err);
void wire_dt_binary_encode(const og_value *v, og_buf *out);

/* json: validate, keep the text. jsonb: validate and normalise as jsonb_out. */
bool wire_json_text_decode(uint32_t oid, const char *s, size_t len, og_arena *a, og_value *out, wire_err *err);
void wire_json_text_encode(const og_value *v, og_buf *out);
bool wire_json_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err);
void wire_json_binary_encode(const og_value *v, og_buf *out);

/* Arrays of any supported element type. */
bool wire_array_text_decode(uint32_t oid, const char *s, const wire_codec_ctx *ctx, og_arena *a, og_value *out,
                            wire_err *err);
void wire_array_text_encode(const og_value *v, const wire_codec_ctx *ctx, og_buf *out);
bool wire_array_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err);
void wire_array_binary_encode(const og_value *v, og_buf *out);

#endif
