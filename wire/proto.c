/*
 * wire/proto.c - framing, decoding and encoding of protocol v3 messages.
 *
 * Decoding uses a bounds-checked reader over the message body: every get
 * either succeeds inside the body or marks the reader bad, and a decoder
 * fails if the reader went bad or bytes are left over. This mirrors
 * PostgreSQL's pq_getmsgint / pq_getmsgstring / pq_getmsgend discipline and
 * makes truncated or padded messages errors instead of undefined reads.
 */
#include "wire/proto.h"

#include <assert.h>
#include <string.h>

typedef struct reader {
    const uint8_t *p;
    size_t len;
    size_t pos;
    bool bad;
} reader;

static void rd_init(reader *r, const wire_msg *m)
{
    r->p = m->body;
    r->len = m->body_len;
    r->pos = 0;
    r->bad = false;
}

static bool rd_has(reader *r, size_t n)
{
    if (r->bad || r->len - r->pos < n) {
        r->bad = true;
        return false;
    }
    return true;
}

static uint8_t rd_u8(reader *r) { return rd_has(r, 1) ? r->p[r->pos++] : 0; }

static uint16_t rd_u16(reader *r)
{
    if (!rd_has(r, 2))
        return 0;
    uint16_t v = og_get16(r->p + r->pos);
    r->pos += 2;
    return v;
}

static uint32_t rd_u32(reader *r)
{
    if (!rd_has(r, 4))
        return 0;
    uint32_t v = og_get32(r->p + r->pos);
    r->pos += 4;
    return v;
}

/* A NUL-terminated string inside the body. */
static const char *rd_str(reader *r)
{
    if (r->bad)
        return "";
    const uint8_t *nul = memchr(r->p + r->pos, 0, r->len - r->pos);
    if (!nul) {
        r->bad = true;
        return "";
    }
    const char *s = (const char *)(r->p + r->pos);
    r->pos = (size_t)(nul - r->p) + 1;
    return s;
}

static const uint8_t *rd_bytes(reader *r, size_t n)
{
    if (!rd_has(r, n))
        return NULL;
    const uint8_t *p = r->p + r->pos;
    r->pos += n;
    return p;
}

/* The reader is fine and consumed the whole body. */
static bool rd_end(reader *r, const char *what, wire_err *err)
{
    if (r->bad) {
        wire_err_set(err, "08P01", "invalid %s message format", what);
        return false;
    }
    if (r->pos != r->len) {
        wire_err_set(err, "08P01", "invalid %s message format: %zu trailing bytes", what, r->len - r->pos);
        return false;
    }
    return true;
}

wire_frame_status wire_frame(const uint8_t *data, size_t avail, bool startup, uint32_t max_len, wire_msg *out)
{
    size_t hdr = startup ? 4 : 5;
    if (avail < hdr)
        return WIRE_FRAME_NEED_MORE;
    uint32_t len = og_get32(data + hdr - 4);
    if (len < 4 || (startup && len < 8))
        return WIRE_FRAME_BAD_LENGTH;
    if (len > max_len)
        return WIRE_FRAME_TOO_LARGE;
    size_t total = (size_t)len + (startup ? 0 : 1);
    if (avail < total)
        return WIRE_FRAME_NEED_MORE;
    out->type = startup ? 0 : (char)data[0];
    out->body = data + hdr;
    out->body_len = len - 4;
    out->total_len = (uint32_t)total;
    return WIRE_FRAME_OK;
}

bool wire_decode_startup(const wire_msg *m, og_arena *a, wire_startup *out, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    memset(out, 0, sizeof(*out));
    uint32_t code = rd_u32(&r);
    if (r.bad) /* shorter than the code word: not a version 0.0 startup */
        return rd_end(&r, "startup", err);
    if (code == WIRE_CODE_SSL || code == WIRE_CODE_GSSENC) {
        out->kind = code == WIRE_CODE_SSL ? WIRE_STARTUP_SSL : WIRE_STARTUP_GSSENC;
        return rd_end(&r, "startup", err);
    }
    if (code == WIRE_CODE_CANCEL) {
        out->kind = WIRE_STARTUP_CANCEL;
        out->cancel_pid = rd_u32(&r);
        out->cancel_key = rd_u32(&r);
        return rd_end(&r, "cancel request", err);
    }
    out->kind = WIRE_STARTUP;
    out->major = (uint16_t)(code >> 16);
    out->minor = (uint16_t)(code & 0xffff);
    if (out->major != WIRE_PROTO_MAJOR)
        return true; /* the caller refuses it with the right message */
    /* name/value pairs up to a terminating empty name; count them first */
    uint32_t cap = 0;
    for (size_t i = r.pos; i < r.len; i++)
        cap += r.p[i] == 0;
    out->keys = og_arena_alloc(a, sizeof(char *) * (cap / 2 + 1));
    out->values = og_arena_alloc(a, sizeof(char *) * (cap / 2 + 1));
    for (;;) {
        const char *k = rd_str(&r);
        if (r.bad || *k == '\0')
            break;
        const char *v = rd_str(&r);
        if (r.bad)
            break;
        assert(out->nparams < cap / 2 + 1);
        out->keys[out->nparams] = k;
        out->values[out->nparams] = v;
        out->nparams++;
    }
    if (r.bad) {
        wire_err_set(err, "08P01", "invalid startup packet layout: expected terminator as last byte");
        return false;
    }
    return rd_end(&r, "startup", err);
}

bool wire_decode_parse(const wire_msg *m, og_arena *a, wire_parse *out, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    out->name = rd_str(&r);
    out->query = rd_str(&r);
    out->nparams = rd_u16(&r);
    out->param_oids = NULL;
    if (!r.bad && rd_has(&r, (size_t)out->nparams * 4)) {
        out->param_oids = og_arena_alloc(a, sizeof(uint32_t) * (out->nparams + 1u));
        for (uint16_t i = 0; i < out->nparams; i++)
            out->param_oids[i] = rd_u32(&r);
    }
    return rd_end(&r, "Parse", err);
}

static int16_t *rd_formats(reader *r, og_arena *a, uint16_t *n)
{
    *n = rd_u16(r);
    if (r->bad || !rd_has(r, (size_t)*n * 2))
        return NULL;
    int16_t *f = og_arena_alloc(a, sizeof(int16_t) * (*n + 1u));
    for (uint16_t i = 0; i < *n; i++)
        f[i] = (int16_t)rd_u16(r);
    return f;
}

static bool formats_valid(const int16_t *f, uint16_t n, wire_err *err)
{
    for (uint16_t i = 0; i < n; i++)
        if (f[i] != 0 && f[i] != 1) {
            wire_err_set(err, "08P01", "unsupported format code: %d", f[i]);
            return false;
        }
    return true;
}

bool wire_decode_bind(const wire_msg *m, og_arena *a, wire_bind *out, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    memset(out, 0, sizeof(*out));
    out->portal = rd_str(&r);
    out->stmt = rd_str(&r);
    out->formats = rd_formats(&r, a, &out->nformats);
    out->nparams = rd_u16(&r);
    if (!r.bad) {
        out->values = og_arena_alloc(a, sizeof(uint8_t *) * (out->nparams + 1u));
        out->lens = og_arena_alloc(a, sizeof(int32_t) * (out->nparams + 1u));
        for (uint16_t i = 0; i < out->nparams && !r.bad; i++) {
            int32_t len = (int32_t)rd_u32(&r);
            out->lens[i] = len;
            if (len == -1)
                out->values[i] = NULL;
            else if (len < 0)
                r.bad = true;
            else
                out->values[i] = rd_bytes(&r, (size_t)len);
        }
    }
    out->result_formats = rd_formats(&r, a, &out->nresult_formats);
    if (!rd_end(&r, "Bind", err))
        return false;
    if (out->nformats > 1 && out->nformats != out->nparams) {
        wire_err_set(err, "08P01", "bind message has %u parameter formats but %u parameters", out->nformats,
                     out->nparams);
        return false;
    }
    return formats_valid(out->formats, out->nformats, err) &&
           formats_valid(out->result_formats, out->nresult_formats, err);
}

int16_t wire_bind_param_format(const wire_bind *b, uint16_t i)
{
    if (b->nformats == 0)
        return 0;
    return b->nformats == 1 ? b->formats[0] : b->formats[i];
}

int16_t wire_bind_result_format(const wire_bind *b, uint16_t i)
{
    if (b->nresult_formats == 0)
        return 0;
    if (b->nresult_formats == 1)
        return b->result_formats[0];
    return i < b->nresult_formats ? b->result_formats[i] : 0;
}

bool wire_decode_target(const wire_msg *m, wire_target *out, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    out->kind = (char)rd_u8(&r);
    out->name = rd_str(&r);
    if (!rd_end(&r, m->type == 'C' ? "Close" : "Describe", err))
        return false;
    if (out->kind != 'S' && out->kind != 'P') {
        wire_err_set(err, "08P01", "invalid %s message subtype %d", m->type == 'C' ? "CLOSE" : "DESCRIBE",
                     out->kind);
        return false;
    }
    return true;
}

bool wire_decode_execute(const wire_msg *m, wire_execute *out, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    out->portal = rd_str(&r);
    out->max_rows = rd_u32(&r);
    if ((int32_t)out->max_rows < 0)
        out->max_rows = 0; /* PostgreSQL treats a negative count as "all rows" */
    return rd_end(&r, "Execute", err);
}

bool wire_decode_query(const wire_msg *m, const char **sql, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    *sql = rd_str(&r);
    return rd_end(&r, "Query", err);
}

bool wire_decode_password(const wire_msg *m, const char **password, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    *password = rd_str(&r);
    return rd_end(&r, "password", err);
}

bool wire_decode_sasl_initial(const wire_msg *m, wire_sasl_initial *out, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    out->mechanism = rd_str(&r);
    int32_t len = (int32_t)rd_u32(&r);
    out->data = NULL;
    out->len = 0;
    if (len >= 0) {
        out->data = rd_bytes(&r, (size_t)len);
        out->len = (uint32_t)len;
    } else if (len != -1) {
        r.bad = true;
    }
    return rd_end(&r, "SASLInitialResponse", err);
}

bool wire_decode_copy_fail(const wire_msg *m, const char **message, wire_err *err)
{
    reader r;
    rd_init(&r, m);
    *message = rd_str(&r);
    if (r.bad) {
        wire_err_set(err, "08P01", "invalid string in message");
        return false;
    }
    return true;
}

/* ---- encoders --------------------------------------------------------- */

size_t wire_msg_begin(og_buf *out, char type)
{
    og_buf_putc(out, (uint8_t)type);
    size_t off = out->len;
    og_buf_put32(out, 0);
    return off;
}

void wire_msg_end(og_buf *out, size_t off) { og_buf_set32(out, off, (uint32_t)(out->len - off)); }

void wire_put_auth(og_buf *out, uint32_t code, const void *data, size_t len)
{
    size_t off = wire_msg_begin(out, 'R');
    og_buf_put32(out, code);
    og_buf_append(out, data, len);
    wire_msg_end(out, off);
}

void wire_put_parameter_status(og_buf *out, const char *name, const char *value)
{
    size_t off = wire_msg_begin(out, 'S');
    og_buf_putcstr(out, name);
    og_buf_putcstr(out, value);
    wire_msg_end(out, off);
}

void wire_put_backend_key(og_buf *out, uint32_t pid, uint32_t key)
{
    size_t off = wire_msg_begin(out, 'K');
    og_buf_put32(out, pid);
    og_buf_put32(out, key);
    wire_msg_end(out, off);
}

void wire_put_ready(og_buf *out, char status)
{
    assert(status == 'I' || status == 'T' || status == 'E');
    size_t off = wire_msg_begin(out, 'Z');
    og_buf_putc(out, (uint8_t)status);
    wire_msg_end(out, off);
}

void wire_put_command_complete(og_buf *out, const char *tag)
{
    size_t off = wire_msg_begin(out, 'C');
    og_buf_putcstr(out, tag);
    wire_msg_end(out, off);
}

void wire_put_empty_query(og_buf *out) { wire_put_empty(out, 'I'); }

void wire_put_empty(og_buf *out, char type)
{
    size_t off = wire_msg_begin(out, type);
    wire_msg_end(out, off);
}

void wire_put_parameter_description(og_buf *out, const uint32_t *oids, uint16_t n)
{
    size_t off = wire_msg_begin(out, 't');
    og_buf_put16(out, n);
    for (uint16_t i = 0; i < n; i++)
        og_buf_put32(out, oids[i]);
    wire_msg_end(out, off);
}

void wire_put_negotiate_version(og_buf *out, uint32_t newest_minor, const char *const *unknown, uint32_t n)
{
    size_t off = wire_msg_begin(out, 'v');
    og_buf_put32(out, newest_minor);
    og_buf_put32(out, n);
    for (uint32_t i = 0; i < n; i++)
        og_buf_putcstr(out, unknown[i]);
    wire_msg_end(out, off);
}

static void put_field(og_buf *out, char code, const char *value)
{
    if (!value || !*value)
        return;
    og_buf_putc(out, (uint8_t)code);
    og_buf_putcstr(out, value);
}

void wire_put_notice(og_buf *out, char type, const wire_notice *n)
{
    assert(type == 'E' || type == 'N');
    size_t off = wire_msg_begin(out, type);
    put_field(out, 'S', n->severity);
    put_field(out, 'V', n->severity);
    put_field(out, 'C', n->code);
    /* M is always present, even when empty (put_field would skip it) */
    og_buf_putc(out, 'M');
    og_buf_putcstr(out, n->message ? n->message : "");
    put_field(out, 'D', n->detail);
    put_field(out, 'H', n->hint);
    if (n->position > 0) {
        char pos[16];
        snprintf(pos, sizeof(pos), "%d", n->position);
        put_field(out, 'P', pos);
    }
    put_field(out, 't', n->table);
    put_field(out, 'c', n->column);
    put_field(out, 'n', n->constraint);
    og_buf_putc(out, 0);
    wire_msg_end(out, off);
}

void wire_put_row_description(og_buf *out, const wire_column *cols, uint16_t n)
{
    size_t off = wire_msg_begin(out, 'T');
    og_buf_put16(out, n);
    for (uint16_t i = 0; i < n; i++) {
        og_buf_putcstr(out, cols[i].name);
        og_buf_put32(out, cols[i].table_oid);
        og_buf_put16(out, (uint16_t)cols[i].attnum);
        og_buf_put32(out, cols[i].type_oid);
        og_buf_put16(out, (uint16_t)cols[i].typlen);
        og_buf_put32(out, (uint32_t)cols[i].typmod);
        og_buf_put16(out, (uint16_t)cols[i].format);
    }
    wire_msg_end(out, off);
}

size_t wire_put_data_row_begin(og_buf *out, uint16_t ncols)
{
    size_t off = wire_msg_begin(out, 'D');
    og_buf_put16(out, ncols);
    return off;
}

void wire_put_data_null(og_buf *out) { og_buf_put32(out, 0xffffffffu); }

size_t wire_put_data_field_begin(og_buf *out)
{
    size_t off = out->len;
    og_buf_put32(out, 0);
    return off;
}

void wire_put_data_field_end(og_buf *out, size_t off) { og_buf_set32(out, off, (uint32_t)(out->len - off - 4)); }

void wire_put_copy_response(og_buf *out, char type, int16_t format, uint16_t ncols)
{
    assert(type == 'G' || type == 'H' || type == 'W');
    size_t off = wire_msg_begin(out, type);
    og_buf_putc(out, (uint8_t)format);
    og_buf_put16(out, ncols);
    for (uint16_t i = 0; i < ncols; i++)
        og_buf_put16(out, (uint16_t)format);
    wire_msg_end(out, off);
}

void wire_put_copy_data(og_buf *out, const void *data, size_t len)
{
    size_t off = wire_msg_begin(out, 'd');
    og_buf_append(out, data, len);
    wire_msg_end(out, off);
}
