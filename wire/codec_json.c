/*
 * wire/codec_json.c - json and jsonb in PostgreSQL 15's text and binary
 * formats.
 *
 * json keeps the client's text byte for byte once it has been validated
 * with PostgreSQL's grammar (json_lex / parse_value: RFC 8259 plus the same
 * token rules and the same leniency, e.g. lone surrogate escapes are fine in
 * json but not in jsonb). jsonb is stored as the text jsonb_out would print:
 * strings de-escaped and re-escaped minimally, numbers in numeric's
 * canonical form ("1e2" -> 100), object keys sorted by length then bytes
 * with the last duplicate winning, and one space after ':' and ','.
 *
 * How it works: one lexer and one iterative parser (explicit stack, so deep
 * nesting cannot overflow the C stack) serve both types; for jsonb the
 * parser also builds a tree in the arena, each object is sorted when it
 * closes, and a second iterative walk prints the tree. Binary json is the
 * text; binary jsonb is a version byte (1) followed by the text.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/codec_int.h"

/* Nesting deeper than this fails as PostgreSQL fails at some depth with its
 * default max_stack_depth (it accepts 10000 levels). */
#define JSON_MAX_DEPTH 10000

enum { JV_NULL, JV_TRUE, JV_FALSE, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

enum {
    JT_END,
    JT_OBJ_OPEN,
    JT_OBJ_CLOSE,
    JT_ARR_OPEN,
    JT_ARR_CLOSE,
    JT_COMMA,
    JT_COLON,
    JT_STRING,
    JT_NUMBER,
    JT_TRUE,
    JT_FALSE,
    JT_NULL,
};

typedef struct jnode jnode;
struct jnode {
    int kind;
    const char *s; /* string (de-escaped) or number (canonical) */
    size_t len;
    const char *key; /* when a member of an object */
    size_t klen;
    uint32_t order; /* position among the object's members */
    uint32_t n;     /* number of children */
    jnode *child, *last, *next;
};

typedef struct jlex {
    const char *p, *end;
    bool unescape; /* jsonb: de-escape strings into the arena */
    og_arena *a;
    const char *tok; /* current token text (numbers) */
    size_t toklen;
    const char *str; /* de-escaped string */
    size_t strlen;
    wire_err *err;
} jlex;

static bool json_syntax(jlex *lx)
{
    wire_err_set(lx->err, WIRE_SQLSTATE_SYNTAX, "invalid input syntax for type json");
    return false;
}

static bool json_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static int hexdig(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
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

/* A \uXXXX escape (p after the 'u'); surrogate pairs are combined and
 * checked only when de-escaping, as PostgreSQL does. */
static bool lex_unicode(jlex *lx, const char **pp, int *hi_surrogate, og_buf *b)
{
    const char *p = *pp;
    unsigned ch = 0;
    for (int i = 0; i < 4; i++, p++) {
        if (p >= lx->end)
            return json_syntax(lx);
        int h = hexdig((unsigned char)*p);
        if (h < 0)
            return json_syntax(lx);
        ch = ch * 16 + (unsigned)h;
    }
    *pp = p;
    if (!lx->unescape)
        return true;
    if (ch >= 0xd800 && ch <= 0xdbff) {
        if (*hi_surrogate != -1)
            return json_syntax(lx);
        *hi_surrogate = (int)ch;
        return true;
    }
    if (ch >= 0xdc00 && ch <= 0xdfff) {
        if (*hi_surrogate == -1)
            return json_syntax(lx);
        ch = 0x10000 + (((unsigned)*hi_surrogate - 0xd800) << 10) + (ch - 0xdc00);
        *hi_surrogate = -1;
    }
    if (*hi_surrogate != -1)
        return json_syntax(lx);
    if (ch == 0) {
        wire_err_set(lx->err, WIRE_SQLSTATE_UNTRANSLATABLE, "unsupported Unicode escape sequence");
        return false;
    }
    put_utf8(b, ch);
    return true;
}

/* json_lex_string: p at the opening quote. */
static bool lex_string(jlex *lx)
{
    og_buf b = OG_BUF_INIT;
    int hi = -1;
    bool ok = false;
    const char *p = lx->p + 1;
    for (;;) {
        if (p >= lx->end)
            goto done; /* unterminated */
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c < 0x20)
            goto done; /* control characters must be escaped */
        if (c != '\\') {
            if (lx->unescape) {
                if (hi != -1)
                    goto done;
                og_buf_putc(&b, c);
            }
            p++;
            continue;
        }
        if (++p >= lx->end)
            goto done;
        c = (unsigned char)*p;
        if (c == 'u') {
            p++;
            if (!lex_unicode(lx, &p, &hi, &b))
                goto out;
            continue;
        }
        if (!strchr("\"\\/bfnrt", c) || c == '\0')
            goto done;
        if (lx->unescape) {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            if (hi != -1)
                goto done;
            og_buf_putc(&b, (uint8_t)to[strchr(from, c) - from]);
        }
        p++;
    }
    if (hi != -1)
        goto done;
    if (lx->unescape) {
        lx->str = og_arena_memdup(lx->a, b.data ? (const char *)b.data : "", b.len);
        lx->strlen = b.len;
    }
    lx->p = p + 1;
    ok = true;
done:
    if (!ok)
        json_syntax(lx);
out:
    og_buf_free(&b);
    return ok;
}

/* json_lex_number: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? and no alnum after. */
static bool lex_number(jlex *lx)
{
    const char *p = lx->p, *e = lx->end;
    bool bad = false;
    if (p < e && *p == '-')
        p++;
    if (p < e && *p == '0') {
        p++;
    } else if (p < e && *p >= '1' && *p <= '9') {
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    } else {
        bad = true;
    }
    if (p < e && *p == '.') {
        p++;
        if (p == e || *p < '0' || *p > '9')
            bad = true;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < e && (*p == '+' || *p == '-'))
            p++;
        if (p == e || *p < '0' || *p > '9')
            bad = true;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    while (p < e && json_alnum((unsigned char)*p)) {
        p++;
        bad = true;
    }
    if (bad)
        return json_syntax(lx);
    lx->tok = lx->p;
    lx->toklen = (size_t)(p - lx->p);
    lx->p = p;
    return true;
}

/* Next token into *tok; false with err set on a lexical error. */
static bool lex_next(jlex *lx, int *tok)
{
    while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r'))
        lx->p++;
    if (lx->p >= lx->end) {
        *tok = JT_END;
        return true;
    }
    static const char punct[] = "{}[],:";
    static const int ptok[] = {JT_OBJ_OPEN, JT_OBJ_CLOSE, JT_ARR_OPEN, JT_ARR_CLOSE, JT_COMMA, JT_COLON};
    const char *q = strchr(punct, *lx->p);
    if (q && *lx->p) {
        *tok = ptok[q - punct];
        lx->p++;
        return true;
    }
    if (*lx->p == '"') {
        *tok = JT_STRING;
        return lex_string(lx);
    }
    if (*lx->p == '-' || (*lx->p >= '0' && *lx->p <= '9')) {
        *tok = JT_NUMBER;
        return lex_number(lx);
    }
    const char *w = lx->p;
    while (lx->p < lx->end && json_alnum((unsigned char)*lx->p))
        lx->p++;
    size_t n = (size_t)(lx->p - w);
    if (n == 4 && memcmp(w, "true", 4) == 0)
        *tok = JT_TRUE;
    else if (n == 5 && memcmp(w, "false", 5) == 0)
        *tok = JT_FALSE;
    else if (n == 4 && memcmp(w, "null", 4) == 0)
        *tok = JT_NULL;
    else
        return json_syntax(lx);
    return true;
}

/* ---------------------------------------------------------------- parser */

enum { EXP_VALUE, EXP_VALUE_OR_CLOSE, EXP_KEY_OR_CLOSE, EXP_KEY, EXP_COLON, EXP_COMMA_OR_CLOSE, EXP_END };

typedef struct jparse {
    jlex lx;
    bool build;
    jnode **stack; /* open containers (kind only, when not building) */
    int *kinds;
    int depth, cap, maxdepth;
    const char *key; /* pending object key */
    size_t klen;
    jnode *root;
} jparse;

static jnode *node_new(jparse *ps, int kind)
{
    jnode *n = og_arena_zalloc(ps->lx.a, sizeof(*n));
    n->kind = kind;
    return n;
}

/* Order of jsonb object keys: length, then bytes; equal keys latest first
 * so that the first of a run is the one that wins. */
static int member_cmp(const void *x, const void *y)
{
    const jnode *a = *(const jnode *const *)x, *b = *(const jnode *const *)y;
    if (a->klen != b->klen)
        return a->klen < b->klen ? -1 : 1;
    int c = memcmp(a->key, b->key, a->klen);
    if (c)
        return c;
    return a->order > b->order ? -1 : a->order < b->order ? 1 : 0;
}

/* uniqueifyJsonbObject: sort members, drop earlier duplicates. */
static void object_normalize(jparse *ps, jnode *obj)
{
    if (obj->n < 2)
        return;
    jnode **v = og_arena_alloc(ps->lx.a, obj->n * sizeof(*v));
    uint32_t i = 0, k = 0;
    for (jnode *c = obj->child; c; c = c->next)
        v[i++] = c;
    qsort(v, obj->n, sizeof(*v), member_cmp);
    for (i = 0; i < obj->n; i++)
        if (k == 0 || v[k - 1]->klen != v[i]->klen || memcmp(v[k - 1]->key, v[i]->key, v[i]->klen) != 0)
            v[k++] = v[i];
    obj->n = k;
    obj->child = v[0];
    for (i = 0; i + 1 < k; i++)
        v[i]->next = v[i + 1];
    v[k - 1]->next = NULL;
    obj->last = v[k - 1];
}

/* Place a new value: as root, array element or object member. */
static void attach(jparse *ps, jnode *n)
{
    if (ps->depth == 0) {
        ps->root = n;
        return;
    }
    jnode *top = ps->stack[ps->depth - 1];
    if (top->kind == JV_OBJ) {
        n->key = ps->key;
        n->klen = ps->klen;
    }
    n->order = top->n++;
    if (top->last)
        top->last->next = n;
    else
        top->child = n;
    top->last = n;
}

static bool push(jparse *ps, int kind, jnode *n)
{
    if (ps->depth >= JSON_MAX_DEPTH) {
        wire_err_set(ps->lx.err, WIRE_SQLSTATE_STACK, "stack depth limit exceeded");
        return false;
    }
    if (ps->depth == ps->cap) {
        int cap = ps->cap ? ps->cap * 2 : 16;
        jnode **s = og_arena_alloc(ps->lx.a, (size_t)cap * sizeof(*s));
        int *k = og_arena_alloc(ps->lx.a, (size_t)cap * sizeof(*k));
        if (ps->depth) {
            memcpy(s, ps->stack, (size_t)ps->depth * sizeof(*s));
            memcpy(k, ps->kinds, (size_t)ps->depth * sizeof(*k));
        }
        ps->stack = s;
        ps->kinds = k;
        ps->cap = cap;
    }
    ps->stack[ps->depth] = n;
    ps->kinds[ps->depth++] = kind;
    if (ps->depth > ps->maxdepth)
        ps->maxdepth = ps->depth;
    return true;
}

/* A scalar token as a node (numbers canonicalised via numeric_in). */
static bool scalar_node(jparse *ps, int tok, jnode **out)
{
    *out = NULL;
    if (!ps->build)
        return true;
    switch (tok) {
    case JT_STRING:
        *out = node_new(ps, JV_STR);
        (*out)->s = ps->lx.str;
        (*out)->len = ps->lx.strlen;
        return true;
    case JT_NUMBER: {
        char *txt = og_arena_memdup(ps->lx.a, ps->lx.tok, ps->lx.toklen);
        *out = node_new(ps, JV_NUM);
        return wire_numeric_canon(txt, ps->lx.a, &(*out)->s, &(*out)->len, ps->lx.err);
    }
    default:
        *out = node_new(ps, tok == JT_TRUE ? JV_TRUE : tok == JT_FALSE ? JV_FALSE : JV_NULL);
        return true;
    }
}

/* One value token where a value is expected; returns the next state. */
static int parse_value(jparse *ps, int tok, bool *ok)
{
    jnode *n = NULL;
    *ok = false;
    switch (tok) {
    case JT_OBJ_OPEN:
    case JT_ARR_OPEN: {
        int kind = tok == JT_OBJ_OPEN ? JV_OBJ : JV_ARR;
        if (ps->build) {
            n = node_new(ps, kind);
            attach(ps, n);
        }
        if (!push(ps, kind, n))
            return 0;
        *ok = true;
        return kind == JV_OBJ ? EXP_KEY_OR_CLOSE : EXP_VALUE_OR_CLOSE;
    }
    case JT_STRING:
    case JT_NUMBER:
    case JT_TRUE:
    case JT_FALSE:
    case JT_NULL:
        if (!scalar_node(ps, tok, &n))
            return 0;
        if (n)
            attach(ps, n);
        *ok = true;
        return ps->depth ? EXP_COMMA_OR_CLOSE : EXP_END;
    default:
        json_syntax(&ps->lx);
        return 0;
    }
}

/* Close the innermost container if tok closes it. */
static int parse_close(jparse *ps, int tok, bool *ok)
{
    int kind = ps->kinds[ps->depth - 1];
    *ok = false;
    if (tok != (kind == JV_OBJ ? JT_OBJ_CLOSE : JT_ARR_CLOSE)) {
        json_syntax(&ps->lx);
        return 0;
    }
    if (ps->build && kind == JV_OBJ)
        object_normalize(ps, ps->stack[ps->depth - 1]);
    ps->depth--;
    *ok = true;
    return ps->depth ? EXP_COMMA_OR_CLOSE : EXP_END;
}

/* The whole document; the tree is in ps->root when building. */
static bool json_parse(jparse *ps)
{
    int state = EXP_VALUE, tok = JT_END;
    bool ok = true;
    while (ok) {
        if (!lex_next(&ps->lx, &tok))
            return false;
        switch (state) {
        case EXP_END:
            if (tok != JT_END)
                return json_syntax(&ps->lx);
            return true;
        case EXP_VALUE_OR_CLOSE:
            state = tok == JT_ARR_CLOSE ? parse_close(ps, tok, &ok) : parse_value(ps, tok, &ok);
            break;
        case EXP_VALUE:
            state = parse_value(ps, tok, &ok);
            break;
        case EXP_KEY_OR_CLOSE:
        case EXP_KEY:
            if (tok == JT_OBJ_CLOSE && state == EXP_KEY_OR_CLOSE) {
                state = parse_close(ps, tok, &ok);
            } else if (tok == JT_STRING) {
                ps->key = ps->lx.str;
                ps->klen = ps->lx.strlen;
                state = EXP_COLON;
            } else {
                return json_syntax(&ps->lx);
            }
            break;
        case EXP_COLON:
            if (tok != JT_COLON)
                return json_syntax(&ps->lx);
            state = EXP_VALUE;
            break;
        default: /* EXP_COMMA_OR_CLOSE */
            if (tok == JT_COMMA)
                state = ps->kinds[ps->depth - 1] == JV_OBJ ? EXP_KEY : EXP_VALUE;
            else
                state = parse_close(ps, tok, &ok);
            break;
        }
    }
    return false;
}

static void jparse_init(jparse *ps, const char *s, size_t len, bool build, og_arena *a, wire_err *err)
{
    memset(ps, 0, sizeof(*ps));
    ps->lx.p = s;
    ps->lx.end = s + len;
    ps->lx.unescape = build;
    ps->lx.a = a;
    ps->lx.err = err;
    ps->build = build;
}

/* ---------------------------------------------------------------- output */

/* escape_json */
static void put_json_string(og_buf *out, const char *s, size_t len)
{
    og_buf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\b':
            og_buf_puts(out, "\\b");
            break;
        case '\f':
            og_buf_puts(out, "\\f");
            break;
        case '\n':
            og_buf_puts(out, "\\n");
            break;
        case '\r':
            og_buf_puts(out, "\\r");
            break;
        case '\t':
            og_buf_puts(out, "\\t");
            break;
        case '"':
            og_buf_puts(out, "\\\"");
            break;
        case '\\':
            og_buf_puts(out, "\\\\");
            break;
        default:
            if (c < ' ')
                og_buf_printf(out, "\\u%04x", c);
            else
                og_buf_putc(out, c);
        }
    }
    og_buf_putc(out, '"');
}

typedef struct jframe {
    const jnode *cont, *cur;
} jframe;

/* Print a scalar, or open a container (pushing a frame when non-empty). */
static void emit_node(const jnode *n, og_buf *out, jframe *stack, int *sp)
{
    switch (n->kind) {
    case JV_NULL:
        og_buf_puts(out, "null");
        return;
    case JV_TRUE:
        og_buf_puts(out, "true");
        return;
    case JV_FALSE:
        og_buf_puts(out, "false");
        return;
    case JV_NUM:
        og_buf_append(out, n->s, n->len);
        return;
    case JV_STR:
        put_json_string(out, n->s, n->len);
        return;
    default:
        og_buf_putc(out, n->kind == JV_OBJ ? '{' : '[');
        if (!n->child) {
            og_buf_putc(out, n->kind == JV_OBJ ? '}' : ']');
            return;
        }
        stack[*sp].cont = n;
        stack[(*sp)++].cur = n->child;
    }
}

/* JsonbToCString, without recursion. */
static void jsonb_emit(const jnode *root, int maxdepth, og_arena *a, og_buf *out)
{
    jframe *stack = og_arena_alloc(a, (size_t)(maxdepth + 1) * sizeof(*stack));
    int sp = 0;
    emit_node(root, out, stack, &sp);
    while (sp > 0) {
        jframe *f = &stack[sp - 1];
        if (!f->cur) {
            og_buf_putc(out, f->cont->kind == JV_OBJ ? '}' : ']');
            sp--;
            continue;
        }
        const jnode *n = f->cur;
        if (n != f->cont->child)
            og_buf_puts(out, ", ");
        if (f->cont->kind == JV_OBJ) {
            put_json_string(out, n->key, n->klen);
            og_buf_puts(out, ": ");
        }
        f->cur = n->next;
        emit_node(n, out, stack, &sp);
    }
}

/* Normalise jsonb text s into out (allocated in a). */
static bool jsonb_normalize(const char *s, size_t len, og_arena *a, const char **out, size_t *outlen, wire_err *err)
{
    jparse ps;
    og_buf b = OG_BUF_INIT;
    jparse_init(&ps, s, len, true, a, err);
    if (!json_parse(&ps))
        return false;
    jsonb_emit(ps.root, ps.maxdepth, a, &b);
    *out = og_arena_memdup(a, b.data, b.len);
    *outlen = b.len;
    og_buf_free(&b);
    return true;
}

/* ---------------------------------------------------------------- codec entry points */

bool wire_json_text_decode(uint32_t oid, const char *s, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    if (oid == OG_OID_JSONB)
        return jsonb_normalize(s, len, a, &out->u.str.p, &out->u.str.len, err);
    jparse ps;
    jparse_init(&ps, s, len, false, a, err);
    if (!json_parse(&ps))
        return false;
    out->u.str.p = s;
    out->u.str.len = len;
    return true;
}

void wire_json_text_encode(const og_value *v, og_buf *out)
{
    og_arena tmp;
    const char *s;
    size_t n;
    if (v->oid != OG_OID_JSONB) {
        og_buf_append(out, v->u.str.p, v->u.str.len);
        return;
    }
    /* values from drivers may not be normalised yet; bad JSON goes out as is */
    og_arena_init(&tmp);
    if (jsonb_normalize(v->u.str.p, v->u.str.len, &tmp, &s, &n, NULL))
        og_buf_append(out, s, n);
    else
        og_buf_append(out, v->u.str.p, v->u.str.len);
    og_arena_reset(&tmp);
}

bool wire_json_binary_decode(uint32_t oid, const uint8_t *p, size_t len, og_arena *a, og_value *out, wire_err *err)
{
    if (oid == OG_OID_JSONB) {
        if (len < 1) {
            wire_err_short(err);
            return false;
        }
        if (p[0] != 1) {
            wire_err_set(err, WIRE_SQLSTATE_INTERNAL, "unsupported jsonb version number %d", p[0]);
            return false;
        }
        p++;
        len--;
    }
    if (!wire_utf8_check(p, len, err))
        return false;
    char *c = og_arena_memdup(a, p, len);
    return wire_json_text_decode(oid, c, len, a, out, err);
}

void wire_json_binary_encode(const og_value *v, og_buf *out)
{
    if (v->oid == OG_OID_JSONB)
        og_buf_putc(out, 1);
    wire_json_text_encode(v, out);
}
