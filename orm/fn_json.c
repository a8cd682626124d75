/*
 * orm/fn_json.c - json and jsonb operators and functions (one family of the
 * function catalog, orm/fn.h): -> ->> #> #>> on both types, the jsonb
 * operators @> <@ ? ?| ?& || - #-, the builders (json[b]_build_object,
 * json[b]_build_array, to_json[b]), json[b]_typeof, json[b]_array_length,
 * json[b]_extract_path[_text], jsonb_set, json[b]_strip_nulls and
 * jsonb_pretty.
 *
 * Values are read with orm/json.h (a tree of spans over the text). What a
 * function extracts is a span of its argument: for json the client's own
 * text (PostgreSQL keeps it: '{"a" : [1,  2]}'::json -> 'a' is '[1,  2]'),
 * for jsonb a span of normalised text, which is normalised itself. What a
 * function builds is written as JSON text in PostgreSQL's own layout for json
 * ('{"a" : 1, "b" : 2}' for json_build_object, '[1, 2]' for
 * json_build_array) and passed through the jsonb normaliser for jsonb. In
 * jsonb a top-level scalar behaves as PostgreSQL's "raw scalar" (a one-element
 * array) for @>, ? and ||.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "orm/fn_int.h"
#include "orm/json.h"
#include "orm/numeric.h"

#define SQLSTATE_NULL_NOT_ALLOWED "22004"

static bool fail(og_error *err, const char *code, const char *msg)
{
    og_error_set(err, code, "%s", msg);
    return false;
}

static bool parse(const og_value *v, og_arena *a, orm_json **out, og_error *err)
{
    return orm_json_parse(v->u.str.p, v->u.str.len, a, out, err);
}

static bool ret_span(og_value *out, uint32_t oid, og_arena *a, const char *p, size_t n)
{
    out->oid = oid;
    out->isnull = false;
    out->u.str.p = og_arena_memdup(a, n ? p : "", n);
    out->u.str.len = n;
    return true;
}

static bool ret_null(og_value *out, uint32_t oid)
{
    *out = og_value_null(oid);
    return true;
}

static bool ret_bool(og_value *out, bool b)
{
    out->oid = OG_OID_BOOL;
    out->isnull = false;
    out->u.b = b;
    return true;
}

/* A json or jsonb node as the value of type oid (json / jsonb), or as text (->> #>>):
 * strings de-escaped, JSON null as SQL NULL. */
static bool ret_node(og_value *out, const orm_json *n, uint32_t oid, bool as_text, og_arena *a)
{
    if (!n)
        return ret_null(out, as_text ? OG_OID_TEXT : oid);
    if (!as_text)
        return ret_span(out, oid, a, n->text, n->len);
    if (n->kind == ORM_JSON_NULL)
        return ret_null(out, OG_OID_TEXT);
    if (n->kind == ORM_JSON_STRING) {
        size_t len;
        char *s = orm_json_unquote(n->text, n->len, a, &len);
        out->oid = OG_OID_TEXT;
        out->isnull = false;
        out->u.str.p = s;
        out->u.str.len = len;
        return true;
    }
    return ret_span(out, OG_OID_TEXT, a, n->text, n->len);
}

/* Member key of an object (the last one when json repeats a key, as PostgreSQL). */
static const orm_json *find_key(const orm_json *obj, const char *key, size_t klen, og_arena *a)
{
    const orm_json *found = NULL;
    if (obj->kind != ORM_JSON_OBJECT)
        return NULL;
    for (const orm_json *m = obj->child; m; m = m->next)
        if (orm_json_str_eq(m->key, m->klen, key, klen, a))
            found = m;
    return found;
}

/* Element idx of an array; negative counts from the end. */
static const orm_json *find_index(const orm_json *arr, int64_t idx)
{
    if (arr->kind != ORM_JSON_ARRAY)
        return NULL;
    if (idx < 0)
        idx += arr->n;
    if (idx < 0 || idx >= arr->n)
        return NULL;
    const orm_json *e = arr->child;
    while (idx-- > 0)
        e = e->next;
    return e;
}

/* A path element as an array subscript (strtol, as jsonb_get_element reads it). */
static bool path_index(const og_value *p, og_arena *a, long *out)
{
    char *s = og_arena_memdup(a, p->u.str.len ? p->u.str.p : "", p->u.str.len), *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || v > INT_MAX || v < INT_MIN)
        return false;
    *out = v;
    return true;
}

/* Follow path elements (texts; a NULL element gives NULL) from root. */
static const orm_json *walk(const orm_json *root, const og_value *path, size_t npath, og_arena *a)
{
    const orm_json *n = root;
    for (size_t i = 0; i < npath && n; i++) {
        if (path[i].isnull)
            return NULL;
        if (n->kind == ORM_JSON_OBJECT) {
            n = find_key(n, path[i].u.str.p, path[i].u.str.len, a);
        } else if (n->kind == ORM_JSON_ARRAY) {
            long idx;
            n = path_index(&path[i], a, &idx) ? find_index(n, idx) : NULL;
        } else {
            return NULL;
        }
    }
    return n;
}

static bool is_container(const orm_json *n);
static const orm_json *as_container(const orm_json *n, orm_json *fake, bool *raw);

/* ---- -> ->> #> #>> and the extract_path functions ----------------------------------- */

static bool get_field(const og_value *args, bool as_text, og_arena *a, og_value *out, og_error *err)
{
    orm_json *root;
    if (!parse(&args[0], a, &root, err))
        return false;
    return ret_node(out, find_key(root, args[1].u.str.p, args[1].u.str.len, a), args[0].oid, as_text, a);
}

static bool get_elem(const og_value *args, bool as_text, og_arena *a, og_value *out, og_error *err)
{
    orm_json *root;
    if (!parse(&args[0], a, &root, err))
        return false;
    if (args[0].oid == OG_OID_JSONB && !is_container(root)) { /* a raw scalar is a one-element array here */
        orm_json fake;
        bool raw;
        return ret_node(out, find_index(as_container(root, &fake, &raw), args[1].u.i), args[0].oid, as_text, a);
    }
    return ret_node(out, find_index(root, args[1].u.i), args[0].oid, as_text, a);
}

static bool fn_object_field(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    return get_field(args, false, a, out, err);
}

static bool fn_object_field_text(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    return get_field(args, true, a, out, err);
}

static bool fn_array_element(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    return get_elem(args, false, a, out, err);
}

static bool fn_array_element_text(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                  og_value *out, og_error *err)
{
    return get_elem(args, true, a, out, err);
}

static bool get_path(const og_value *doc, const og_value *path, size_t npath, bool as_text, og_arena *a, og_value *out,
                     og_error *err)
{
    orm_json *root;
    if (!parse(doc, a, &root, err))
        return false;
    return ret_node(out, walk(root, path, npath, a), doc->oid, as_text, a);
}

/* #> and #>> take the path as a text[]. */
static bool fn_extract_path_op(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    return get_path(&args[0], args[1].u.arr.elems, args[1].u.arr.n, false, a, out, err);
}

static bool fn_extract_path_text_op(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                    og_value *out, og_error *err)
{
    return get_path(&args[0], args[1].u.arr.elems, args[1].u.arr.n, true, a, out, err);
}

/* json[b]_extract_path[_text](doc, VARIADIC path). */
static bool fn_extract_path(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    return get_path(&args[0], args + 1, nargs - 1u, false, a, out, err);
}

static bool fn_extract_path_text(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    return get_path(&args[0], args + 1, nargs - 1u, true, a, out, err);
}

/* ---- typeof, array_length --------------------------------------------------------- */

static bool fn_typeof(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    static const char *const names[] = {"null", "boolean", "boolean", "number", "string", "array", "object"};
    orm_json *root;
    if (!parse(&args[0], a, &root, err))
        return false;
    const char *s = names[root->kind];
    return ret_span(out, OG_OID_TEXT, a, s, strlen(s));
}

static bool fn_array_length(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    orm_json *root;
    if (!parse(&args[0], a, &root, err))
        return false;
    if (root->kind == ORM_JSON_OBJECT)
        return fail(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "cannot get array length of a non-array");
    if (root->kind != ORM_JSON_ARRAY)
        return fail(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "cannot get array length of a scalar");
    out->oid = OG_OID_INT4;
    out->isnull = false;
    out->u.i = root->n;
    return true;
}

/* ---- containment and existence (jsonb) ----------------------------------------------- */

static bool is_container(const orm_json *n)
{
    return n->kind == ORM_JSON_ARRAY || n->kind == ORM_JSON_OBJECT;
}

/* equalsJsonbScalarValue: numbers by value (1.0 = 1), strings by their (canonical) text. */
static bool scalar_eq(const orm_json *x, const orm_json *y)
{
    if (x->kind != y->kind)
        return false;
    if (x->kind == ORM_JSON_NUMBER) {
        og_value vx = {0}, vy = {0};
        vx.oid = vy.oid = OG_OID_NUMERIC;
        vx.u.str.p = x->text;
        vx.u.str.len = x->len;
        vy.u.str.p = y->text;
        vy.u.str.len = y->len;
        return orm_num_cmp(&vx, &vy) == 0;
    }
    if (x->kind == ORM_JSON_STRING)
        return x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
    return true;
}

static bool deep_contains(const orm_json *val, bool val_raw, const orm_json *sub, bool sub_raw, og_arena *a);

/* Array element search: a scalar must equal some scalar element; a container must be
 * contained in some container element. */
static bool array_has(const orm_json *val, const orm_json *e, og_arena *a)
{
    for (const orm_json *v = val->child; v; v = v->next) {
        if (!is_container(e)) {
            if (!is_container(v) && scalar_eq(v, e))
                return true;
        } else if (v->kind == e->kind && deep_contains(v, false, e, false, a)) {
            return true;
        }
    }
    return false;
}

/* JsonbDeepContains over two containers of the same kind. */
static bool deep_contains(const orm_json *val, bool val_raw, const orm_json *sub, bool sub_raw, og_arena *a)
{
    if (val->kind != sub->kind)
        return false;
    if (val->kind == ORM_JSON_OBJECT) {
        if (val->n < sub->n)
            return false;
        for (const orm_json *m = sub->child; m; m = m->next) {
            size_t klen;
            const char *k = orm_json_unquote(m->key, m->klen, a, &klen);
            const orm_json *lhs = find_key(val, k, klen, a);
            if (!lhs || lhs->kind != m->kind)
                return false;
            if (is_container(lhs) ? !deep_contains(lhs, false, m, false, a) : !scalar_eq(lhs, m))
                return false;
        }
        return true;
    }
    if (val_raw && !sub_raw)
        return false;
    for (const orm_json *e = sub->child; e; e = e->next)
        if (!array_has(val, e, a))
            return false;
    return true;
}

/* A top-level jsonb value as a container: scalars become a one-element "raw scalar" array. */
static const orm_json *as_container(const orm_json *n, orm_json *fake, bool *raw)
{
    *raw = !is_container(n);
    if (!*raw)
        return n;
    memset(fake, 0, sizeof(*fake));
    fake->kind = ORM_JSON_ARRAY;
    fake->n = 1;
    fake->child = (orm_json *)n;
    return fake;
}

static bool contains(const og_value *x, const og_value *y, og_arena *a, og_value *out, og_error *err)
{
    orm_json *vx, *vy, fx, fy;
    bool rx, ry;
    if (!parse(x, a, &vx, err) || !parse(y, a, &vy, err))
        return false;
    if ((vx->kind == ORM_JSON_OBJECT) != (vy->kind == ORM_JSON_OBJECT))
        return ret_bool(out, false);
    const orm_json *cx = as_container(vx, &fx, &rx), *cy = as_container(vy, &fy, &ry);
    return ret_bool(out, deep_contains(cx, rx, cy, ry, a));
}

static bool fn_contains(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    return contains(&args[0], &args[1], a, out, err);
}

static bool fn_contained(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    return contains(&args[1], &args[0], a, out, err);
}

/* jsonb ? key: a top-level key, or a top-level string element (or the raw scalar string). */
static bool has_key(const orm_json *root, const char *k, size_t klen, og_arena *a)
{
    if (root->kind == ORM_JSON_OBJECT)
        return find_key(root, k, klen, a) != NULL;
    if (root->kind == ORM_JSON_STRING)
        return orm_json_str_eq(root->text, root->len, k, klen, a);
    if (root->kind == ORM_JSON_ARRAY)
        for (const orm_json *e = root->child; e; e = e->next)
            if (e->kind == ORM_JSON_STRING && orm_json_str_eq(e->text, e->len, k, klen, a))
                return true;
    return false;
}

static bool fn_exists(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    orm_json *root;
    if (!parse(&args[0], a, &root, err))
        return false;
    return ret_bool(out, has_key(root, args[1].u.str.p, args[1].u.str.len, a));
}

/* ?| (any) and ?& (all); NULL elements of the key array are ignored. */
static bool exists_keys(const og_value *args, bool all, og_arena *a, og_value *out, og_error *err)
{
    orm_json *root;
    if (!parse(&args[0], a, &root, err))
        return false;
    for (uint32_t i = 0; i < args[1].u.arr.n; i++) {
        const og_value *k = &args[1].u.arr.elems[i];
        if (k->isnull)
            continue;
        if (has_key(root, k->u.str.p, k->u.str.len, a) != all)
            return ret_bool(out, !all);
    }
    return ret_bool(out, all);
}

static bool fn_exists_any(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                          og_error *err)
{
    return exists_keys(args, false, a, out, err);
}

static bool fn_exists_all(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                          og_error *err)
{
    return exists_keys(args, true, a, out, err);
}

/* ---- building jsonb text ----------------------------------------------------------- */

/* The jsonb value of the text in b (b is freed). */
static bool ret_jsonb(og_buf *b, og_arena *a, og_value *out, og_error *err)
{
    bool ok = orm_jsonb_from_text(b->data ? (const char *)b->data : "", b->len, a, out, err);
    og_buf_free(b);
    return ok;
}

static void put_sep(og_buf *b, bool *first)
{
    if (!*first)
        og_buf_puts(b, ", ");
    *first = false;
}

static void put_member(og_buf *b, const orm_json *m)
{
    og_buf_append(b, m->key, m->klen);
    og_buf_puts(b, ": ");
    og_buf_append(b, m->text, m->len);
}

/* Elements of x for || : an array's elements, or x itself. */
static void put_elems(og_buf *b, const orm_json *x, bool *first)
{
    if (x->kind != ORM_JSON_ARRAY) {
        put_sep(b, first);
        og_buf_append(b, x->text, x->len);
        return;
    }
    for (const orm_json *e = x->child; e; e = e->next) {
        put_sep(b, first);
        og_buf_append(b, e->text, e->len);
    }
}

/* jsonb || jsonb: objects merge (the right side wins), everything else concatenates as arrays. */
static bool fn_concat(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    orm_json *x, *y;
    if (!parse(&args[0], a, &x, err) || !parse(&args[1], a, &y, err))
        return false;
    og_buf b = OG_BUF_INIT;
    bool first = true;
    if (x->kind == ORM_JSON_OBJECT && y->kind == ORM_JSON_OBJECT) {
        og_buf_putc(&b, '{');
        for (const orm_json *m = x->child; m; m = m->next)
            put_sep(&b, &first), put_member(&b, m);
        for (const orm_json *m = y->child; m; m = m->next)
            put_sep(&b, &first), put_member(&b, m);
        og_buf_putc(&b, '}');
    } else {
        og_buf_putc(&b, '[');
        put_elems(&b, x, &first);
        put_elems(&b, y, &first);
        og_buf_putc(&b, ']');
    }
    return ret_jsonb(&b, a, out, err);
}

static bool key_in(const orm_json *m, const og_value *keys, size_t nkeys, og_arena *a)
{
    for (size_t i = 0; i < nkeys; i++)
        if (!keys[i].isnull && orm_json_str_eq(m->key, m->klen, keys[i].u.str.p, keys[i].u.str.len, a))
            return true;
    return false;
}

static bool string_in(const orm_json *e, const og_value *keys, size_t nkeys, og_arena *a)
{
    if (e->kind != ORM_JSON_STRING)
        return false;
    for (size_t i = 0; i < nkeys; i++)
        if (!keys[i].isnull && orm_json_str_eq(e->text, e->len, keys[i].u.str.p, keys[i].u.str.len, a))
            return true;
    return false;
}

/* jsonb - text and jsonb - text[]: drop object keys, or string elements of an array. */
static bool delete_keys(const og_value *doc, const og_value *keys, size_t nkeys, og_arena *a, og_value *out,
                        og_error *err)
{
    orm_json *root;
    if (!parse(doc, a, &root, err))
        return false;
    if (!is_container(root))
        return fail(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "cannot delete from scalar");
    og_buf b = OG_BUF_INIT;
    bool first = true;
    og_buf_putc(&b, root->kind == ORM_JSON_OBJECT ? '{' : '[');
    for (const orm_json *e = root->child; e; e = e->next) {
        if (root->kind == ORM_JSON_OBJECT ? key_in(e, keys, nkeys, a) : string_in(e, keys, nkeys, a))
            continue;
        put_sep(&b, &first);
        if (root->kind == ORM_JSON_OBJECT)
            put_member(&b, e);
        else
            og_buf_append(&b, e->text, e->len);
    }
    og_buf_putc(&b, root->kind == ORM_JSON_OBJECT ? '}' : ']');
    return ret_jsonb(&b, a, out, err);
}

static bool fn_delete(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    return delete_keys(&args[0], &args[1], 1, a, out, err);
}

static bool fn_delete_array(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    return delete_keys(&args[0], args[1].u.arr.elems, args[1].u.arr.n, a, out, err);
}

/* jsonb - int: drop one array element (negative counts from the end). */
static bool fn_delete_idx(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                          og_error *err)
{
    orm_json *root;
    if (!parse(&args[0], a, &root, err))
        return false;
    if (!is_container(root))
        return fail(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "cannot delete from scalar");
    if (root->kind == ORM_JSON_OBJECT)
        return fail(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "cannot delete from object using integer index");
    const orm_json *drop = find_index(root, args[1].u.i);
    og_buf b = OG_BUF_INIT;
    bool first = true;
    og_buf_putc(&b, '[');
    for (const orm_json *e = root->child; e; e = e->next)
        if (e != drop)
            put_sep(&b, &first), og_buf_append(&b, e->text, e->len);
    og_buf_putc(&b, ']');
    return ret_jsonb(&b, a, out, err);
}

/* ---- jsonb_set and #- ------------------------------------------------------------- */

typedef struct set_op {
    const og_value *path;
    size_t npath;
    const char *newv; /* NULL: delete (#-) */
    size_t newlen;
    bool create;
    og_arena *a;
    og_error *err;
} set_op;

static bool set_path(og_buf *b, const orm_json *n, size_t level, const set_op *op);

/* setPathObject: replace, descend into, or add the member named path[level]. */
static bool set_object(og_buf *b, const orm_json *n, size_t level, const set_op *op)
{
    const og_value *k = &op->path[level];
    bool last = level == op->npath - 1, done = false, first = true;
    og_buf_putc(b, '{');
    for (const orm_json *m = n->child; m; m = m->next) {
        bool match = !done && orm_json_str_eq(m->key, m->klen, k->u.str.p, k->u.str.len, op->a);
        if (!match) {
            put_sep(b, &first);
            put_member(b, m);
            continue;
        }
        done = true;
        if (last && !op->newv)
            continue; /* delete */
        put_sep(b, &first);
        og_buf_append(b, m->key, m->klen);
        og_buf_puts(b, ": ");
        if (last)
            og_buf_append(b, op->newv, op->newlen);
        else if (!set_path(b, m, level + 1, op))
            return false;
    }
    if (!done && last && op->create && op->newv) {
        put_sep(b, &first);
        orm_json_quote(b, k->u.str.p, k->u.str.len);
        og_buf_puts(b, ": ");
        og_buf_append(b, op->newv, op->newlen);
    }
    og_buf_putc(b, '}');
    return true;
}

/* setPathArray: path[level] must be an integer; out-of-range indexes append (or prepend)
 * when creating. */
static bool set_array(og_buf *b, const orm_json *n, size_t level, const set_op *op)
{
    long idx;
    int64_t nelems = n->n;
    bool last = level == op->npath - 1, done = false, first = true;
    if (!path_index(&op->path[level], op->a, &idx)) {
        og_error_set(op->err, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                     "path element at position %zu is not an integer: \"%.*s\"", level + 1,
                     (int)op->path[level].u.str.len, op->path[level].u.str.p);
        return false;
    }
    if (idx < 0)
        idx = -idx > nelems ? INT_MIN : nelems + idx;
    if (idx > 0 && idx > nelems)
        idx = nelems;
    og_buf_putc(b, '[');
    if ((idx == INT_MIN || nelems == 0) && op->create && last && op->newv) {
        put_sep(b, &first);
        og_buf_append(b, op->newv, op->newlen);
        done = true;
    }
    int64_t i = 0;
    for (const orm_json *e = n->child; e; e = e->next, i++) {
        if (i != idx) {
            put_sep(b, &first);
            og_buf_append(b, e->text, e->len);
            continue;
        }
        if (last) {
            done = true;
            if (!op->newv)
                continue; /* delete */
            put_sep(b, &first);
            og_buf_append(b, op->newv, op->newlen);
        } else {
            put_sep(b, &first);
            if (!set_path(b, e, level + 1, op))
                return false;
        }
    }
    if (op->create && !done && last && idx >= nelems && op->newv) {
        put_sep(b, &first);
        og_buf_append(b, op->newv, op->newlen);
    }
    og_buf_putc(b, ']');
    return true;
}

static bool set_path(og_buf *b, const orm_json *n, size_t level, const set_op *op)
{
    if (!is_container(n)) {
        og_buf_append(b, n->text, n->len); /* a scalar in the way: left alone */
        return true;
    }
    if (op->path[level].isnull) {
        og_error_set(op->err, SQLSTATE_NULL_NOT_ALLOWED, "path element at position %zu is null", level + 1);
        return false;
    }
    return n->kind == ORM_JSON_OBJECT ? set_object(b, n, level, op) : set_array(b, n, level, op);
}

static bool modify(const og_value *doc, const og_value *path, const og_value *newv, bool create, const char *verb,
                   og_arena *a, og_value *out, og_error *err)
{
    orm_json *root;
    if (!parse(doc, a, &root, err))
        return false;
    if (!is_container(root)) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "cannot %s path in scalar", verb);
        return false;
    }
    if (path->u.arr.n == 0 || (root->n == 0 && !create))
        return ret_span(out, OG_OID_JSONB, a, doc->u.str.p, doc->u.str.len);
    set_op op = {
        path->u.arr.elems, path->u.arr.n, newv ? newv->u.str.p : NULL, newv ? newv->u.str.len : 0, create, a, err};
    og_buf b = OG_BUF_INIT;
    if (!set_path(&b, root, 0, &op)) {
        og_buf_free(&b);
        return false;
    }
    return ret_jsonb(&b, a, out, err);
}

static bool fn_jsonb_set(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    return modify(&args[0], &args[1], &args[2], nargs > 3 ? args[3].u.b : true, "set", a, out, err);
}

static bool fn_delete_path(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    return modify(&args[0], &args[1], NULL, false, "delete", a, out, err);
}

/* ---- builders --------------------------------------------------------------------- */

static bool ret_json_buf(og_buf *b, og_arena *a, og_value *out)
{
    ret_span(out, OG_OID_JSON, a, b->data ? (const char *)b->data : "", b->len);
    og_buf_free(b);
    return true;
}

/* json[b]_build_object(VARIADIC "any"): alternating keys and values. */
static bool build_object(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, bool jsonb, og_arena *a,
                         og_value *out, og_error *err)
{
    const char *fname = jsonb ? "jsonb_build_object" : "json_build_object";
    if (nargs % 2 != 0) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "argument list must have even number of elements");
        og_error_hint(err, "The arguments of %s() must consist of alternating keys and values.", fname);
        return false;
    }
    og_buf b = OG_BUF_INIT;
    bool first = true;
    og_buf_putc(&b, '{');
    for (uint16_t i = 0; i < nargs; i += 2) {
        if (args[i].isnull) {
            og_buf_free(&b);
            if (jsonb) {
                og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "argument %u: key must not be null", i + 1u);
            } else {
                og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "argument %u cannot be null", i + 1u);
                og_error_hint(err, "Object keys should be text.");
            }
            return false;
        }
        put_sep(&b, &first);
        if (!orm_json_put_value(&b, &args[i], true, cx->timezone, err)) {
            og_buf_free(&b);
            return false;
        }
        og_buf_puts(&b, " : ");
        if (!orm_json_put_value(&b, &args[i + 1], false, cx->timezone, err)) {
            og_buf_free(&b);
            return false;
        }
    }
    og_buf_putc(&b, '}');
    return jsonb ? ret_jsonb(&b, a, out, err) : ret_json_buf(&b, a, out);
}

static bool build_array(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, bool jsonb, og_arena *a,
                        og_value *out, og_error *err)
{
    og_buf b = OG_BUF_INIT;
    bool first = true;
    og_buf_putc(&b, '[');
    for (uint16_t i = 0; i < nargs; i++) {
        put_sep(&b, &first);
        if (!orm_json_put_value(&b, &args[i], false, cx->timezone, err)) {
            og_buf_free(&b);
            return false;
        }
    }
    og_buf_putc(&b, ']');
    return jsonb ? ret_jsonb(&b, a, out, err) : ret_json_buf(&b, a, out);
}

static bool fn_json_build_object(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    return build_object(cx, args, nargs, false, a, out, err);
}

static bool fn_jsonb_build_object(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                  og_value *out, og_error *err)
{
    return build_object(cx, args, nargs, true, a, out, err);
}

static bool fn_json_build_array(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    return build_array(cx, args, nargs, false, a, out, err);
}

static bool fn_jsonb_build_array(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    return build_array(cx, args, nargs, true, a, out, err);
}

static bool fn_to_json(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    og_buf b = OG_BUF_INIT;
    if (!orm_json_put_value(&b, &args[0], false, cx->timezone, err)) {
        og_buf_free(&b);
        return false;
    }
    return ret_json_buf(&b, a, out);
}

static bool fn_to_jsonb(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    og_buf b = OG_BUF_INIT;
    if (!orm_json_put_value(&b, &args[0], false, cx->timezone, err)) {
        og_buf_free(&b);
        return false;
    }
    return ret_jsonb(&b, a, out, err);
}

/* ---- rewriting a whole document: strip_nulls, jsonb_pretty -------------------------------- */

/* An open array or object of write_tree. */
typedef struct tree_frame {
    const orm_json *next; /* next element or member to write */
    int kind;
    bool first;
} tree_frame;

static void put_indent(og_buf *b, size_t level)
{
    og_buf_putc(b, '\n');
    for (size_t i = 0; i < level; i++)
        og_buf_puts(b, "    ");
}

/* A JSON string token as PostgreSQL's escape_json writes its value ("\u00e9" becomes "é"). */
static void put_requoted(og_buf *b, const char *text, size_t len, og_arena *a)
{
    size_t n;
    const char *s = orm_json_unquote(text, len, a, &n);
    orm_json_quote(b, s, n);
}

/* Write the tree root either compact without the object members whose value is null
 * (json[b]_strip_nulls: '{"a":1,"c":[1,null]}'), or as jsonb_pretty does: four spaces per level,
 * one element per line, an empty container still opening a line ("{\n    }"). Numbers keep their
 * text; strings and keys too unless requote (json_strip_nulls writes them through escape_json).
 * Iterative, so nesting costs heap, not stack. */
static void write_tree(og_buf *b, const orm_json *root, bool pretty, bool requote, og_arena *a)
{
    size_t cap = 16, depth = 0;
    tree_frame *st = og_arena_alloc(a, cap * sizeof *st);
    const orm_json *n = root;
    for (;;) {
        if (n && (n->kind == ORM_JSON_ARRAY || n->kind == ORM_JSON_OBJECT)) {
            og_buf_putc(b, n->kind == ORM_JSON_ARRAY ? '[' : '{');
            if (depth == cap) {
                tree_frame *v = og_arena_alloc(a, 2 * cap * sizeof *v);
                memcpy(v, st, cap * sizeof *v);
                st = v;
                cap *= 2;
            }
            st[depth++] = (tree_frame){n->child, n->kind, true};
        } else if (n && requote && n->kind == ORM_JSON_STRING) {
            put_requoted(b, n->text, n->len, a);
        } else if (n) {
            og_buf_append(b, n->text, n->len);
        }
        if (!depth)
            return;
        tree_frame *f = &st[depth - 1];
        const orm_json *c = f->next;
        while (!pretty && c && f->kind == ORM_JSON_OBJECT && c->kind == ORM_JSON_NULL)
            c = c->next;
        if (!c) {
            if (pretty)
                put_indent(b, depth - 1);
            og_buf_putc(b, f->kind == ORM_JSON_ARRAY ? ']' : '}');
            depth--;
            n = NULL;
            continue;
        }
        f->next = c->next;
        if (!f->first)
            og_buf_putc(b, ',');
        f->first = false;
        if (pretty)
            put_indent(b, depth);
        if (f->kind == ORM_JSON_OBJECT) {
            if (requote)
                put_requoted(b, c->key, c->klen, a);
            else
                og_buf_append(b, c->key, c->klen);
            og_buf_puts(b, pretty ? ": " : ":");
        }
        n = c;
    }
}

/* json_strip_nulls(json) keeps numbers as written and writes strings through escape_json,
 * without white space; jsonb_strip_nulls normalises the result. Nulls in arrays stay. */
static bool strip_nulls(const og_value *doc, bool jsonb, og_arena *a, og_value *out, og_error *err)
{
    orm_json *root;
    if (!parse(doc, a, &root, err))
        return false;
    og_buf b = OG_BUF_INIT;
    write_tree(&b, root, false, !jsonb, a);
    return jsonb ? ret_jsonb(&b, a, out, err) : ret_json_buf(&b, a, out);
}

static bool fn_json_strip_nulls(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    (void)cx;
    (void)nargs;
    return strip_nulls(&args[0], false, a, out, err);
}

static bool fn_jsonb_strip_nulls(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    (void)cx;
    (void)nargs;
    return strip_nulls(&args[0], true, a, out, err);
}

static bool fn_jsonb_pretty(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    (void)cx;
    (void)nargs;
    orm_json *root;
    if (!parse(&args[0], a, &root, err))
        return false;
    og_buf b = OG_BUF_INIT;
    write_tree(&b, root, true, false, a);
    ret_span(out, OG_OID_TEXT, a, b.data ? (const char *)b.data : "", b.len);
    og_buf_free(&b);
    return true;
}

/* ---- the table ---------------------------------------------------------------------- */

#define J  OG_OID_JSON
#define JB OG_OID_JSONB
#define T  OG_OID_TEXT
#define TA OG_OID_TEXT_ARRAY
#define I4 OG_OID_INT4
#define B  OG_OID_BOOL
#define ST ORM_FN_STRICT
#define F1(name, sym, a0, ret, flags, impl)                                                                            \
    {                                                                                                                  \
        name, sym, 1, {a0}, ret, flags, impl, NULL                                                                     \
    }
#define F2(name, sym, a0, a1, ret, flags, impl)                                                                        \
    {                                                                                                                  \
        name, sym, 2, {a0, a1}, ret, flags, impl, NULL                                                                 \
    }

static const orm_fn fns[] = {
    F2("->", "json_object_field", J, T, J, ST, fn_object_field),
    F2("->>", "json_object_field_text", J, T, T, ST, fn_object_field_text),
    F2("->", "json_array_element", J, I4, J, ST, fn_array_element),
    F2("->>", "json_array_element_text", J, I4, T, ST, fn_array_element_text),
    F2("#>", "json_extract_path_op", J, TA, J, ST, fn_extract_path_op),
    F2("#>>", "json_extract_path_text_op", J, TA, T, ST, fn_extract_path_text_op),
    F2("->", "jsonb_object_field", JB, T, JB, ST, fn_object_field),
    F2("->>", "jsonb_object_field_text", JB, T, T, ST, fn_object_field_text),
    F2("->", "jsonb_array_element", JB, I4, JB, ST, fn_array_element),
    F2("->>", "jsonb_array_element_text", JB, I4, T, ST, fn_array_element_text),
    F2("#>", "jsonb_extract_path_op", JB, TA, JB, ST, fn_extract_path_op),
    F2("#>>", "jsonb_extract_path_text_op", JB, TA, T, ST, fn_extract_path_text_op),
    F2("json_extract_path", "json_extract_path", J, T, J, ST | ORM_FN_VARIADIC, fn_extract_path),
    F2("json_extract_path_text", "json_extract_path_text", J, T, T, ST | ORM_FN_VARIADIC, fn_extract_path_text),
    F2("jsonb_extract_path", "jsonb_extract_path", JB, T, JB, ST | ORM_FN_VARIADIC, fn_extract_path),
    F2("jsonb_extract_path_text", "jsonb_extract_path_text", JB, T, T, ST | ORM_FN_VARIADIC, fn_extract_path_text),

    F2("@>", "jsonb_contains", JB, JB, B, ST, fn_contains),
    F2("<@", "jsonb_contained", JB, JB, B, ST, fn_contained),
    F2("?", "jsonb_exists", JB, T, B, ST, fn_exists),
    F2("?|", "jsonb_exists_any", JB, TA, B, ST, fn_exists_any),
    F2("?&", "jsonb_exists_all", JB, TA, B, ST, fn_exists_all),
    F2("||", "jsonb_concat", JB, JB, JB, ST, fn_concat),
    F2("-", "jsonb_delete", JB, T, JB, ST, fn_delete),
    F2("-", "jsonb_delete_idx", JB, I4, JB, ST, fn_delete_idx),
    F2("-", "jsonb_delete_array", JB, TA, JB, ST, fn_delete_array),
    F2("#-", "jsonb_delete_path", JB, TA, JB, ST, fn_delete_path),
    {"jsonb_set", "jsonb_set3", 3, {JB, TA, JB}, JB, ST, fn_jsonb_set, NULL},
    {"jsonb_set", "jsonb_set", 4, {JB, TA, JB, B}, JB, ST, fn_jsonb_set, NULL},

    F1("json_typeof", "json_typeof", J, T, ST, fn_typeof),
    F1("jsonb_typeof", "jsonb_typeof", JB, T, ST, fn_typeof),
    F1("json_array_length", "json_array_length", J, I4, ST, fn_array_length),
    F1("jsonb_array_length", "jsonb_array_length", JB, I4, ST, fn_array_length),

    {"json_build_object", "json_build_object_noargs", 0, {0}, J, 0, fn_json_build_object, NULL},
    F1("json_build_object", "json_build_object", ORM_T_ANY, J, ORM_FN_VARIADIC, fn_json_build_object),
    {"jsonb_build_object", "jsonb_build_object_noargs", 0, {0}, JB, 0, fn_jsonb_build_object, NULL},
    F1("jsonb_build_object", "jsonb_build_object", ORM_T_ANY, JB, ORM_FN_VARIADIC, fn_jsonb_build_object),
    {"json_build_array", "json_build_array_noargs", 0, {0}, J, 0, fn_json_build_array, NULL},
    F1("json_build_array", "json_build_array", ORM_T_ANY, J, ORM_FN_VARIADIC, fn_json_build_array),
    {"jsonb_build_array", "jsonb_build_array_noargs", 0, {0}, JB, 0, fn_jsonb_build_array, NULL},
    F1("jsonb_build_array", "jsonb_build_array", ORM_T_ANY, JB, ORM_FN_VARIADIC, fn_jsonb_build_array),
    F1("json_strip_nulls", "json_strip_nulls", J, J, ST, fn_json_strip_nulls),
    F1("jsonb_strip_nulls", "jsonb_strip_nulls", JB, JB, ST, fn_jsonb_strip_nulls),
    F1("jsonb_pretty", "jsonb_pretty", JB, T, ST, fn_jsonb_pretty),
    F1("to_json", "to_json", ORM_T_ANYELEMENT, J, ST, fn_to_json),
    F1("to_jsonb", "to_jsonb", ORM_T_ANYELEMENT, JB, ST, fn_to_jsonb),
};

const orm_fn_table orm_fn_json = {fns, sizeof(fns) / sizeof(fns[0])};
