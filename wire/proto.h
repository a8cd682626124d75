/*
 * wire/proto.h - PostgreSQL protocol v3 messages: framing, decoders for every
 * frontend message, encoders for every backend message.
 *
 * Pure code over byte buffers, no I/O, so it can be fuzzed alone. Decoders
 * read a message body in place: strings and parameter values point into the
 * caller's bytes (which must stay alive while the decoded struct is used);
 * only arrays of fields are allocated, in the caller's arena. Every decoder
 * checks every length against the body and fails with 08P01 on a short,
 * long or unterminated message, as PostgreSQL's pq_getmsg* functions do.
 */
#ifndef WIRE_PROTO_H
#define WIRE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/value.h"
#include "wire/err.h"

#define WIRE_PROTO_MAJOR 3
#define WIRE_PROTO_MINOR 0
#define WIRE_CODE_CANCEL 80877102u
#define WIRE_CODE_SSL 80877103u
#define WIRE_CODE_GSSENC 80877104u
/* PostgreSQL refuses startup packets larger than this (MAX_STARTUP_PACKET_LENGTH). */
#define WIRE_MAX_STARTUP_LEN 10000u

/* ---- framing ---------------------------------------------------------- */

typedef enum wire_frame_status {
    WIRE_FRAME_OK,        /* a whole message is available */
    WIRE_FRAME_NEED_MORE, /* wait for more bytes */
    WIRE_FRAME_TOO_LARGE, /* declared length above the limit: close the session */
    WIRE_FRAME_BAD_LENGTH /* declared length below 4: protocol violation */
} wire_frame_status;

typedef struct wire_msg {
    char type;            /* message type byte; 0 for startup-phase messages */
    const uint8_t *body;  /* after type and length */
    uint32_t body_len;
    uint32_t total_len;   /* bytes the whole message occupies in the stream */
} wire_msg;

/* Find the next message in data[0..avail). startup: the message has no type byte
 * (StartupMessage, SSLRequest, CancelRequest, GSSENCRequest). max_len bounds the
 * declared length (including the length word itself). */
wire_frame_status wire_frame(const uint8_t *data, size_t avail, bool startup, uint32_t max_len, wire_msg *out);

/* ---- frontend messages ------------------------------------------------ */

typedef enum wire_startup_kind {
    WIRE_STARTUP,
    WIRE_STARTUP_SSL,
    WIRE_STARTUP_GSSENC,
    WIRE_STARTUP_CANCEL,
} wire_startup_kind;

typedef struct wire_startup {
    wire_startup_kind kind;
    uint16_t major, minor;
    uint32_t nparams;
    const char **keys; /* nparams entries, pointing into the body */
    const char **values;
    uint32_t cancel_pid, cancel_key; /* WIRE_STARTUP_CANCEL */
} wire_startup;

/* Decode a startup-phase message body. Unknown protocol majors are returned as
 * given; the caller decides what to refuse. */
bool wire_decode_startup(const wire_msg *m, og_arena *a, wire_startup *out, wire_err *err);

typedef struct wire_parse {
    const char *name;
    const char *query;
    uint16_t nparams;
    uint32_t *param_oids;
} wire_parse;
bool wire_decode_parse(const wire_msg *m, og_arena *a, wire_parse *out, wire_err *err);

typedef struct wire_bind {
    const char *portal;
    const char *stmt;
    uint16_t nformats;
    int16_t *formats; /* 0 text, 1 binary */
    uint16_t nparams;
    const uint8_t **values; /* NULL for SQL NULL */
    int32_t *lens;
    uint16_t nresult_formats;
    int16_t *result_formats;
} wire_bind;
bool wire_decode_bind(const wire_msg *m, og_arena *a, wire_bind *out, wire_err *err);
/* Format code of parameter i per Bind's format list (0, 1 or n entries). */
int16_t wire_bind_param_format(const wire_bind *b, uint16_t i);
/* Format code of result column i per Bind's result-format list. */
int16_t wire_bind_result_format(const wire_bind *b, uint16_t i);

typedef struct wire_target {
    char kind; /* 'S' statement or 'P' portal */
    const char *name;
} wire_target;
/* Describe and Close share this body layout. */
bool wire_decode_target(const wire_msg *m, wire_target *out, wire_err *err);

typedef struct wire_execute {
    const char *portal;
    uint32_t max_rows; /* 0 = all */
} wire_execute;
bool wire_decode_execute(const wire_msg *m, wire_execute *out, wire_err *err);

/* Query: one NUL-terminated string filling the body. */
bool wire_decode_query(const wire_msg *m, const char **sql, wire_err *err);

/* PasswordMessage ('p' in cleartext/md5 auth): one string. */
bool wire_decode_password(const wire_msg *m, const char **password, wire_err *err);

typedef struct wire_sasl_initial {
    const char *mechanism;
    const uint8_t *data; /* NULL when the client sent length -1 */
    uint32_t len;
} wire_sasl_initial;
bool wire_decode_sasl_initial(const wire_msg *m, wire_sasl_initial *out, wire_err *err);

/* CopyFail ('f'): the client's reason, one string. As PostgreSQL, bytes after
 * it are ignored; a missing terminator is 08P01. CopyData ('d') needs no
 * decoder (its body is the data) and CopyDone ('c') has no body. */
bool wire_decode_copy_fail(const wire_msg *m, const char **message, wire_err *err);

/* ---- backend messages ------------------------------------------------- */

/* Start a message of the given type in out; returns the offset to pass to wire_msg_end. */
size_t wire_msg_begin(og_buf *out, char type);
/* Fill in the length word of the message started at off. */
void wire_msg_end(og_buf *out, size_t off);

enum {
    WIRE_AUTH_OK = 0,
    WIRE_AUTH_CLEARTEXT = 3,
    WIRE_AUTH_MD5 = 5,
    WIRE_AUTH_SASL = 10,
    WIRE_AUTH_SASL_CONTINUE = 11,
    WIRE_AUTH_SASL_FINAL = 12,
};
/* Authentication request: code and optional payload (md5 salt, SASL data). */
void wire_put_auth(og_buf *out, uint32_t code, const void *data, size_t len);
void wire_put_parameter_status(og_buf *out, const char *name, const char *value);
void wire_put_backend_key(og_buf *out, uint32_t pid, uint32_t key);
/* status: 'I' idle, 'T' in transaction, 'E' failed transaction. */
void wire_put_ready(og_buf *out, char status);
void wire_put_command_complete(og_buf *out, const char *tag);
void wire_put_empty_query(og_buf *out);
/* A message with an empty body: ParseComplete '1', BindComplete '2', CloseComplete '3',
 * NoData 'n', PortalSuspended 's', CopyDone 'c'. */
void wire_put_empty(og_buf *out, char type);
void wire_put_parameter_description(og_buf *out, const uint32_t *oids, uint16_t n);
void wire_put_negotiate_version(og_buf *out, uint32_t newest_minor, const char *const *unknown, uint32_t n);

typedef struct wire_notice {
    const char *severity; /* localized and non-localized (S and V) */
    const char *code;
    const char *message;
    const char *detail;
    const char *hint;
    int position; /* 0: none */
    const char *constraint;
    const char *table;
    const char *column;
} wire_notice;
/* ErrorResponse ('E') or NoticeResponse ('N'). */
void wire_put_notice(og_buf *out, char type, const wire_notice *n);

typedef struct wire_column {
    const char *name;
    uint32_t table_oid;
    int16_t attnum;
    uint32_t type_oid;
    int16_t typlen;
    int32_t typmod;
    int16_t format;
} wire_column;
void wire_put_row_description(og_buf *out, const wire_column *cols, uint16_t n);

/* DataRow is built field by field: begin, then one put per column. */
size_t wire_put_data_row_begin(og_buf *out, uint16_t ncols);
void wire_put_data_null(og_buf *out);
/* Reserve a field's length word; write the field's bytes; then wire_put_data_field_end. */
size_t wire_put_data_field_begin(og_buf *out);
void wire_put_data_field_end(og_buf *out, size_t off);

/* CopyInResponse 'G', CopyOutResponse 'H' (or CopyBothResponse 'W'): overall
 * format (0 text/CSV, 1 binary) and ncols per-column format codes, all equal
 * to it as PostgreSQL sends them. */
void wire_put_copy_response(og_buf *out, char type, int16_t format, uint16_t ncols);
/* CopyData 'd' carrying len bytes. CopyDone is wire_put_empty(out, 'c'). */
void wire_put_copy_data(og_buf *out, const void *data, size_t len);

#endif
