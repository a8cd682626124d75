/*
 * wire/codec_array.c - one-dimensional arrays in PostgreSQL 15's text
 * (array_in/array_out) and binary (array_recv/array_send) formats.
 *
 * Text input is read in one pass: an optional "[lb:ub]=" decoration, then
 * "{...}" with elements separated by ','. An element is either quoted
 * ("..." with backslash escapes) or bare (backslash escapes allowed,
 * surrounding whitespace dropped, the word NULL meaning a null element).
 * Each element string is then handed to the element type's text decoder, so
 * element errors read exactly like PostgreSQL's. Output quotes an element
 * when array_out would: empty, "NULL" in any case, or containing
 * '"', '\', '{', '}', ',' or whitespace.
 *
 * The binary format is ndim, has-null flag, element OID, (size, lower bound)
 * per dimension, then each element as int32 length (-1 for NULL) + bytes.
 * An empty array has ndim 0. Arrays of more than one dimension are refused
 * with 0A000, since og_array holds one dimension.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wire/codec_int.h"

#define MAXDIM         6
#define MAX_ARRAY_SIZE 134217727 /* MaxAllocSize / sizeof(Datum) */

static void err_malformed(wire_err *err, const char *s)
{
    wire_err_set(err, WIRE_SQLSTATE_SYNTAX, "malformed array literal: \"%s\"", s);
}

static void err_multidim(wire_err *err)
{
    wire_err_set(err, WIRE_SQLSTATE_NOT_SUPPORTED, "multidimensional arrays are not supported");
}

/* array_isspace */
static bool arr_space(char c)
{
    return wire_isspace((unsigned char)c);
}

/* A run of [+-0-9] as array_in reads dimension bounds with atoi(). */
static const char *dim_number(const char *p, int *val)
{
    const char *q = p;
    while ((*q >= '0' && *q <= '9') || *q == '-' || *q == '+')
        q++;
    if (q == p)
        return NULL;
    *val = (int)strtol(p, NULL, 10);
    return q;
}

/* Optional "[lb:ub]" / "[ub]" decorations and '='. *p is advanced to the
 * '{'. Returns false with err set. */
static bool parse_dims(const char *s, const char **pp, int *ndim, int *lb, int *ub, wire_err *err)
{
    const char *p = *pp;
    *ndim = 0;
    for (;;) {
        while (arr_space(*p))
            p++;
        if (*p != '[')
            break;
        p++;
        if (*ndim >= MAXDIM) {
            wire_err_set(err, WIRE_SQLSTATE_LIMIT, "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                         *ndim + 1, MAXDIM);
            return false;
        }
        int lo = 1, hi;
        const char *q = dim_number(p, &hi);
        if (!q)
            goto malformed;
        if (*q == ':') {
            lo = hi;
            q = dim_number(q + 1, &hi);
            if (!q)
                goto malformed;
        }
        if (*q != ']')
            goto malformed;
        p = q + 1;
        if (hi < lo) {
            wire_err_set(err, WIRE_SQLSTATE_SUBSCRIPT, "upper bound cannot be less than lower bound");
            return false;
        }
        if (*ndim == 0) {
            *lb = lo;
            *ub = hi;
        }
        (*ndim)++;
    }
    if (*ndim > 0) {
        if (*p != '=')
            goto malformed;
        p++;
        while (arr_space(*p))
            p++;
    }
    if (*p != '{')
        goto malformed;
    *pp = p;
    return true;
malformed:
    err_malformed(err, s);
    return false;
}

/* One element starting at *pp (leading whitespace skipped). The de-escaped
 * text goes to buf; *isnull for a bare NULL. *pp ends at ',' or '}'.
 * Returns 0 on success, 1 on a nested '{', -1 when malformed. */
static int read_element(const char **pp, og_buf *buf, bool *isnull)
{
    const char *p = *pp;
    bool quoted = false, escaped = false;
    size_t keep = 0; /* length up to the last char that is not trailing space */
    og_buf_clear(buf);
    if (*p == '{')
        return 1;
    if (*p == '"') {
        quoted = true;
        for (p++; *p != '"'; p++) {
            if (*p == '\0')
                return -1;
            if (*p == '\\' && *++p == '\0')
                return -1;
            og_buf_putc(buf, (uint8_t)*p);
        }
        p++;
        keep = buf->len;
        while (arr_space(*p))
            p++;
    } else {
        for (; *p != ',' && *p != '}'; p++) {
            if (*p == '\0' || *p == '"' || *p == '{')
                return -1;
            if (*p == '\\') {
                if (*++p == '\0')
                    return -1;
                escaped = true;
                og_buf_putc(buf, (uint8_t)*p);
                keep = buf->len;
                continue;
            }
            og_buf_putc(buf, (uint8_t)*p);
            if (!arr_space(*p))
                keep = buf->len;
        }
        if (keep == 0 && !escaped)
            return -1; /* empty bare element */
    }
    if (*p != ',' && *p != '}')
        return -1;
    buf->len = keep;
    *isnull = !quoted && !escaped && keep == 4 && strncasecmp((const char *)buf->data, "NULL", 4) == 0;
    *pp = p;
    return 0;
}

/* Elements of "{...}" (p at '{'); values decoded with the element type. */
static bool parse_elements(const char *s, const char *p, uint32_t elem, const wire_codec_ctx *ctx, og_arena *a,
                           og_array *arr, wire_err *err)
{
    og_buf buf = OG_BUF_INIT;
    uint32_t cap = 0;
    bool ok = false;
    p++;
    while (arr_space(*p))
        p++;
    if (*p == '}') {
        p++;
    } else {
        for (;;) {
            bool isnull = false;
            while (arr_space(*p))
                p++;
            int r = read_element(&p, &buf, &isnull);
            if (r != 0) {
                if (r > 0)
                    err_multidim(err);
                else
                    err_malformed(err, s);
                goto out;
            }
            if (arr->n == cap) {
                cap = cap ? cap * 2 : 8;
                og_value *e = og_arena_alloc(a, cap * sizeof(*e));
                if (arr->n)
                    memcpy(e, arr->elems, arr->n * sizeof(*e));
                arr->elems = e;
            }
            og_value *v = &arr->elems[arr->n++];
            if (isnull) {
                *v = og_value_null(elem);
            } else {
                char *txt = og_arena_memdup(a, buf.data ? (const char *)buf.data : "", buf.len);
                if (!wire_scalar_text_decode(elem, txt, buf.len, ctx, a, v, err))
                    goto out;
            }
            if (*p++ == '}')
                break;
        }
    }
    while (arr_space(*p))
        p++;
    if (*p) {
        err_malformed(err, s); /* junk after the closing brace */
        goto out;
    }
    ok = true;
out:
    og_buf_free(&buf);
    return ok;
}

bool wire_array_text_decode(uint32_t oid, const char *s, const wire_codec_ctx *ctx, og_arena *a, og_value *out,
                            wire_err *err)
{
    uint32_t elem = og_type_array_elem(oid);
    const char *p = s;
    int ndim, lb = 1, ub = 0;
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    out->u.arr.elem_oid = elem;
    out->u.arr.lbound = 1;
    if (!parse_dims(s, &p, &ndim, &lb, &ub, err))
        return false;
    if (ndim > 1) {
        err_multidim(err);
        return false;
    }
    if (!parse_elements(s, p, elem, ctx, a, &out->u.arr, err))
        return false;
    if (ndim == 1) {
        if ((int64_t)ub - lb + 1 != (int64_t)out->u.arr.n) {
            err_malformed(err, s); /* dimensions do not match the contents */
            return false;
        }
        out->u.arr.lbound = lb;
    }
    return true;
}

/* array_out's quoting of one element's text. */
static void put_element(og_buf *out, const uint8_t *s, size_t n)
{
    bool quote = n == 0 || (n == 4 && strncasecmp((const char *)s, "NULL", 4) == 0);
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == '"' || s[i] == '\\' || s[i] == '{' || s[i] == '}' || s[i] == ',' || arr_space((char)s[i]);
    if (!quote) {
        og_buf_append(out, s, n);
        return;
    }
    og_buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\')
            og_buf_putc(out, '\\');
        og_buf_putc(out, s[i]);
    }
    og_buf_putc(out, '"');
}

static uint32_t array_elem_oid(const og_value *v)
{
    return v->u.arr.elem_oid ? v->u.arr.elem_oid : og_type_array_elem(v->oid);
}

void wire_array_text_encode(const og_value *v, const wire_codec_ctx *ctx, og_buf *out)
{
    const og_array *arr = &v->u.arr;
    og_buf tmp = OG_BUF_INIT;
    uint32_t elem = array_elem_oid(v);
    if (arr->n == 0) {
        og_buf_puts(out, "{}");
        return;
    }
    if (arr->lbound != 1)
        og_buf_printf(out, "[%d:%lld]=", arr->lbound, (long long)arr->lbound + arr->n - 1);
    og_buf_putc(out, '{');
    for (uint32_t i = 0; i < arr->n; i++) {
        if (i)
            og_buf_putc(out, ',');
        if (arr->elems[i].isnull) {
            og_buf_puts(out, "NULL");
            continue;
        }
        og_value e = arr->elems[i];
        e.oid = elem;
        og_buf_clear(&tmp);
        wire_scalar_text_encode(&e, ctx, &tmp);
        put_element(out, tmp.data, tmp.len);
    }
    og_buf_putc(out, '}');
    og_buf_free(&tmp);
}

/* ---------------------------------------------------------------- binary */

/* The header of array_recv: ndim, flags, element type, dimensions. */
static bool recv_header(uint32_t elem, const uint8_t **pp, const uint8_t *end, int32_t *nitems, int32_t *lb,
                        wire_err *err)
{
    const uint8_t *p = *pp;
    if (end - p < 12) {
        wire_err_short(err);
        return false;
    }
    int32_t ndim = (int32_t)og_get32(p), flags = (int32_t)og_get32(p + 4);
    uint32_t etype = og_get32(p + 8);
    p += 12;
    if (ndim < 0) {
        wire_err_set(err, WIRE_SQLSTATE_BINARY, "invalid number of dimensions: %d", ndim);
        return false;
    }
    if (ndim > MAXDIM) {
        wire_err_set(err, WIRE_SQLSTATE_LIMIT, "number of array dimensions (%d) exceeds the maximum allowed (%d)", ndim,
                     MAXDIM);
        return false;
    }
    if (flags != 0 && flags != 1) {
        wire_err_set(err, WIRE_SQLSTATE_BINARY, "invalid array flags");
        return false;
    }
    if (etype != elem) {
        wire_err_set(err, WIRE_SQLSTATE_DATATYPE,
                     "binary data has array element type %u (%s) instead of expected %u (%s)", etype,
                     og_type_name(etype), elem, og_type_name(elem));
        return false;
    }
    if (end - p < 8 * (ptrdiff_t)ndim) {
        wire_err_short(err);
        return false;
    }
    int64_t n = ndim ? 1 : 0;
    for (int i = 0; i < ndim; i++, p += 8) {
        int32_t dim = (int32_t)og_get32(p), lower = (int32_t)og_get32(p + 4), sum;
        n *= dim;
        if (dim < 0 || n > MAX_ARRAY_SIZE) {
            wire_err_set(err, WIRE_SQLSTATE_LIMIT, "array size exceeds the maximum allowed (%d)", MAX_ARRAY_SIZE);
            return false;
        }
        if (__builtin_add_overflow(dim, lower, &sum)) {
            wire_err_set(err, WIRE_SQLSTATE_LIMIT, "array lower bound is too large: %d", lower);
            return false;
        }
        if (i == 0)
            *lb = lower;
    }
    if (ndim > 1 && n > 0) {
        err_multidim(err);
        return false;
    }
    *nitems = (int32_t)n;
    *pp = p;
    return true;
}

/* One length-prefixed element of array_recv (element number i from 1). */
static bool recv_element(uint32_t elem, const uint8_t **pp, const uint8_t *end, int i, og_arena *a, og_value *v,
                         wire_err *err)
{
    const uint8_t *p = *pp;
    if (end - p < 4) {
        wire_err_short(err);
        return false;
    }
    int32_t len = (int32_t)og_get32(p);
    p += 4;
    if (len < -1 || len > end - p) {
        wire_err_set(err, WIRE_SQLSTATE_BINARY, "insufficient data left in message");
        return false;
    }
    if (len == -1) {
        *v = og_value_null(elem);
    } else {
        if (!wire_scalar_binary_decode(elem, p, (size_t)len, a, v, err)) {
            /* an element longer than its type: array_recv's own words */
            if (err && strcmp(err->message, "incorrect binary data format") == 0)
                wire_err_set(err, WIRE_SQLSTATE_BINARY, "improper binary format in array element %d", i);
            return false;
        }
        p += len;
    }
    *pp = p;
    return true;
}

bool wire_array_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    uint32_t elem = og_type_array_elem(oid);
    const uint8_t *end = p + len;
    int32_t n = 0, lb = 1;
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    out->u.arr.elem_oid = elem;
    out->u.arr.lbound = 1;
    if (!recv_header(elem, &p, end, &n, &lb, err))
        return false;
    if (n > 0) {
        if ((size_t)n > (size_t)(end - p) / 4) {
            wire_err_short(err);
            return false;
        }
        out->u.arr.elems = og_arena_alloc(a, (size_t)n * sizeof(og_value));
        for (int32_t i = 0; i < n; i++)
            if (!recv_element(elem, &p, end, i + 1, a, &out->u.arr.elems[i], err))
                return false;
        out->u.arr.n = (uint32_t)n;
        out->u.arr.lbound = lb;
    }
    if (p != end) {
        wire_err_trailing(err);
        return false;
    }
    return true;
}

void wire_array_binary_encode(const og_value *v, og_buf *out)
{
    const og_array *arr = &v->u.arr;
    uint32_t elem = array_elem_oid(v);
    bool hasnull = false;
    for (uint32_t i = 0; i < arr->n; i++)
        hasnull |= arr->elems[i].isnull;
    og_buf_put32(out, arr->n ? 1 : 0);
    og_buf_put32(out, hasnull ? 1 : 0);
    og_buf_put32(out, elem);
    if (arr->n == 0)
        return;
    og_buf_put32(out, arr->n);
    og_buf_put32(out, (uint32_t)arr->lbound);
    for (uint32_t i = 0; i < arr->n; i++) {
        if (arr->elems[i].isnull) {
            og_buf_put32(out, UINT32_MAX);
            continue;
        }
        og_value e = arr->elems[i];
        e.oid = elem;
        size_t at = out->len;
        og_buf_put32(out, 0);
        wire_scalar_binary_encode(&e, out);
        og_buf_set32(out, at, (uint32_t)(out->len - at - 4));
    }
}
