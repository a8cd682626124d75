/*
 * orm/json.c - the JSON reader and writer of orm/json.h: a tree of spans
 * over already valid json / jsonb text, escape_json, and datum_to_json's
 * rendering of typed values.
 */
#include "orm/json.h"

#include <stdlib.h>
#include <string.h>

static bool syntax(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json");
    return false;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* End of the string literal starting at p (the opening quote), or NULL. */
static const char *string_end(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '"')
            return p + 1;
        if (*p == '\\' && ++p >= end)
            return NULL;
    }
    return NULL;
}

static const char *number_end(const char *p, const char *end)
{
    const char *start = p;
    if (p < end && *p == '-')
        p++;
    while (p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
        p++;
    return p > start ? p : NULL;
}

static bool word_at(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(end - p) >= n && memcmp(p, w, n) == 0;
}

typedef struct frame {
    orm_json *node;
    orm_json *last;
} frame;

bool orm_json_parse(const char *s, size_t len, og_arena *a, orm_json **out, og_error *err)
{
    const char *p = s, *end = s + len;
    frame *stack = NULL;
    size_t depth = 0, cap = 0;
    orm_json *root = NULL;
    const char *key = NULL;
    size_t klen = 0;
    bool ok = false;
    for (;;) {
        p = skip_ws(p, end);
        frame *top = depth ? &stack[depth - 1] : NULL;
        /* in an object: a key and a colon come first, or the object closes */
        if (top && top->node->kind == ORM_JSON_OBJECT && p < end && *p == '}' && !top->last) {
            goto close;
        }
        if (top && top->node->kind == ORM_JSON_ARRAY && p < end && *p == ']' && !top->last) {
            goto close;
        }
        if (top && top->node->kind == ORM_JSON_OBJECT) {
            if (p >= end || *p != '"')
                goto fail;
            const char *e = string_end(p, end);
            if (!e)
                goto fail;
            key = p;
            klen = (size_t)(e - p);
            p = skip_ws(e, end);
            if (p >= end || *p != ':')
                goto fail;
            p = skip_ws(p + 1, end);
        }
        if (p >= end)
            goto fail;
        orm_json *v = og_arena_zalloc(a, sizeof(*v));
        v->text = p;
        v->key = key;
        v->klen = klen;
        key = NULL;
        klen = 0;
        if (top) {
            if (top->last)
                top->last->next = v;
            else
                top->node->child = v;
            top->last = v;
            top->node->n++;
        } else {
            root = v;
        }
        const char *e = NULL;
        switch (*p) {
        case '{':
        case '[':
            v->kind = *p == '{' ? ORM_JSON_OBJECT : ORM_JSON_ARRAY;
            if (depth == cap) {
                cap = cap ? 2 * cap : 16;
                frame *grown = realloc(stack, cap * sizeof(*stack));
                if (!grown)
                    abort();
                stack = grown;
            }
            stack[depth].node = v;
            stack[depth].last = NULL;
            depth++;
            p++;
            continue;
        case '"':
            v->kind = ORM_JSON_STRING;
            e = string_end(p, end);
            break;
        case 't':
            v->kind = ORM_JSON_TRUE;
            e = word_at(p, end, "true") ? p + 4 : NULL;
            break;
        case 'f':
            v->kind = ORM_JSON_FALSE;
            e = word_at(p, end, "false") ? p + 5 : NULL;
            break;
        case 'n':
            v->kind = ORM_JSON_NULL;
            e = word_at(p, end, "null") ? p + 4 : NULL;
            break;
        default:
            v->kind = ORM_JSON_NUMBER;
            e = number_end(p, end);
            break;
        }
        if (!e)
            goto fail;
        v->len = (size_t)(e - p);
        p = e;
        /* after a value: a comma continues the container, closing brackets end containers */
        for (;;) {
            p = skip_ws(p, end);
            if (depth == 0)
                goto done;
            if (p < end && *p == ',') {
                p++;
                break;
            }
        close:
            if (p >= end)
                goto fail;
            {
                orm_json *c = stack[depth - 1].node;
                if (*p != (c->kind == ORM_JSON_OBJECT ? '}' : ']'))
                    goto fail;
                c->len = (size_t)(p + 1 - c->text);
                depth--;
                p++;
            }
        }
    }
done:
    if (p != end || !root)
        goto fail;
    ok = true;
    *out = root;
fail:
    free(stack);
    return ok ? true : syntax(err);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 0;
}

static unsigned hex4(const char *p)
{
    return (unsigned)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 | hexval(p[3]));
}

static void put_utf8(og_buf *b, unsigned cp)
{
    if (cp < 0x80) {
        og_buf_putc(b, (uint8_t)cp);
    } else if (cp < 0x800) {
        og_buf_putc(b, (uint8_t)(0xc0 | (cp >> 6)));
        og_buf_putc(b, (uint8_t)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        og_buf_putc(b, (uint8_t)(0xe0 | (cp >> 12)));
        og_buf_putc(b, (uint8_t)(0x80 | ((cp >> 6) & 0x3f)));
        og_buf_putc(b, (uint8_t)(0x80 | (cp & 0x3f)));
    } else {
        og_buf_putc(b, (uint8_t)(0xf0 | (cp >> 18)));
        og_buf_putc(b, (uint8_t)(0x80 | ((cp >> 12) & 0x3f)));
        og_buf_putc(b, (uint8_t)(0x80 | ((cp >> 6) & 0x3f)));
        og_buf_putc(b, (uint8_t)(0x80 | (cp & 0x3f)));
    }
}

char *orm_json_unquote(const char *text, size_t len, og_arena *a, size_t *outlen)
{
    const char *p = text + 1, *end = text + (len >= 2 ? len - 1 : len);
    if (!memchr(p, '\\', (size_t)(end - p))) {
        *outlen = (size_t)(end - p);
        return og_arena_memdup(a, p, *outlen);
    }
    og_buf b = OG_BUF_INIT;
    while (p < end) {
        if (*p != '\\') {
            og_buf_putc(&b, (uint8_t)*p++);
            continue;
        }
        p++;
        if (p >= end)
            break;
        char c = *p++;
        switch (c) {
        case 'b':
            og_buf_putc(&b, '\b');
            break;
        case 'f':
            og_buf_putc(&b, '\f');
            break;
        case 'n':
            og_buf_putc(&b, '\n');
            break;
        case 'r':
            og_buf_putc(&b, '\r');
            break;
        case 't':
            og_buf_putc(&b, '\t');
            break;
        case 'u': {
            if (end - p < 4)
                break;
            unsigned cp = hex4(p);
            p += 4;
            if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                unsigned lo = hex4(p + 2);
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    p += 6;
                }
            }
            put_utf8(&b, cp);
            break;
        }
        default: /* \" \\ \/ */
            og_buf_putc(&b, (uint8_t)c);
        }
    }
    *outlen = b.len;
    char *r = og_arena_memdup(a, b.data ? (const char *)b.data : "", b.len);
    og_buf_free(&b);
    return r;
}

bool orm_json_str_eq(const char *text, size_t len, const char *s, size_t n, og_arena *a)
{
    if (len >= 2 && !memchr(text + 1, '\\', len - 2))
        return len - 2 == n && memcmp(text + 1, s, n) == 0;
    size_t m;
    const char *u = orm_json_unquote(text, len, a, &m);
    return m == n && memcmp(u, s, n) == 0;
}

void orm_json_quote(og_buf *b, const char *s, size_t n)
{
    og_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\b':
            og_buf_puts(b, "\\b");
            break;
        case '\f':
            og_buf_puts(b, "\\f");
            break;
        case '\n':
            og_buf_puts(b, "\\n");
            break;
        case '\r':
            og_buf_puts(b, "\\r");
            break;
        case '\t':
            og_buf_puts(b, "\\t");
            break;
        case '"':
            og_buf_puts(b, "\\\"");
            break;
        case '\\':
            og_buf_puts(b, "\\\\");
            break;
        default:
            if (c < ' ')
                og_buf_printf(b, "\\u%04x", c);
            else
                og_buf_putc(b, c);
        }
    }
    og_buf_putc(b, '"');
}

/* IsValidJsonNumber for the output of a numeric type: only NaN and the infinities are not. */
static bool is_json_number(const char *s, size_t n)
{
    if (n == 0)
        return false;
    const char *p = s;
    if (*p == '-')
        p++;
    return p < s + n && *p >= '0' && *p <= '9';
}

/* EncodeDateTime with USE_XSD_DATES, from the ISO output: 'T' between date and time,
 * and the zone offset always with minutes ("+05" -> "+05:00"). */
static void put_xsd(og_buf *b, const char *iso, size_t n, bool with_tz)
{
    const char *sp = memchr(iso, ' ', n);
    if (!sp || iso[0] == '-' || iso[0] == 'i') { /* infinity, -infinity */
        orm_json_quote(b, iso, n);
        return;
    }
    og_buf t = OG_BUF_INIT;
    og_buf_append(&t, iso, (size_t)(sp - iso));
    og_buf_putc(&t, 'T');
    const char *rest = sp + 1, *end = iso + n;
    const char *bc = NULL;
    if (end - rest >= 3 && memcmp(end - 3, " BC", 3) == 0) {
        bc = end - 3;
        end = bc;
    }
    if (with_tz) {
        const char *z = rest;
        while (z < end && *z != '+' && *z != '-')
            z++;
        og_buf_append(&t, rest, (size_t)(z - rest));
        og_buf_append(&t, z, (size_t)(end - z));
        if (end - z == 3)
            og_buf_puts(&t, ":00");
    } else {
        og_buf_append(&t, rest, (size_t)(end - rest));
    }
    if (bc)
        og_buf_puts(&t, " BC");
    orm_json_quote(b, (const char *)t.data, t.len);
    og_buf_free(&t);
}

static bool not_scalar_key(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "key value must be scalar, not array, composite, or json");
    return false;
}

static bool is_text_type(uint32_t oid)
{
    return oid == OG_OID_TEXT || oid == OG_OID_VARCHAR || oid == OG_OID_BPCHAR || oid == OG_OID_NAME ||
           oid == OG_OID_UNKNOWN;
}

bool orm_json_put_value(og_buf *b, const og_value *v, bool is_key, const char *timezone, og_error *err)
{
    if (v->isnull) {
        og_buf_puts(b, "null");
        return true;
    }
    if (is_text_type(v->oid)) {
        orm_json_quote(b, v->u.str.p, v->u.str.len);
        return true;
    }
    if (og_type_array_elem(v->oid) != 0) {
        if (is_key)
            return not_scalar_key(err);
        og_buf_putc(b, '[');
        for (uint32_t i = 0; i < v->u.arr.n; i++) {
            if (i)
                og_buf_putc(b, ',');
            if (!orm_json_put_value(b, &v->u.arr.elems[i], false, timezone, err))
                return false;
        }
        og_buf_putc(b, ']');
        return true;
    }
    switch (v->oid) {
    case OG_OID_JSON:
    case OG_OID_JSONB:
        if (is_key)
            return not_scalar_key(err);
        og_buf_append(b, v->u.str.p, v->u.str.len);
        return true;
    case OG_OID_BOOL:
        og_buf_puts(b, is_key ? (v->u.b ? "\"true\"" : "\"false\"") : (v->u.b ? "true" : "false"));
        return true;
    default:
        break;
    }
    og_buf t = OG_BUF_INIT;
    og_text_io_get()->encode(v, timezone, &t);
    const char *s = t.data ? (const char *)t.data : "";
    switch (v->oid) {
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
    case OG_OID_NUMERIC:
        if (!is_key && is_json_number(s, t.len))
            og_buf_append(b, s, t.len);
        else
            orm_json_quote(b, s, t.len);
        break;
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        put_xsd(b, s, t.len, v->oid == OG_OID_TIMESTAMPTZ);
        break;
    default:
        orm_json_quote(b, s, t.len);
    }
    og_buf_free(&t);
    return true;
}

bool orm_jsonb_from_text(const char *s, size_t n, og_arena *a, og_value *out, og_error *err)
{
    return og_text_io_get()->decode(OG_OID_JSONB, s, n, NULL, a, out, err);
}
