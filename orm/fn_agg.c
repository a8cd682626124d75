/*
 * orm/fn_agg.c - aggregates and window functions (one family of the
 * function catalog, orm/fn.h).
 *
 * Aggregates are orm_agg_impl triples: a fixed-size state (zeroed by the
 * caller), a step per input row and a final call (also for an empty group,
 * where everything but count gives NULL, as in PostgreSQL). Values a state
 * keeps (min / max, array_agg elements, string_agg and json_agg text,
 * numeric sums) are copied into the arena given to step, which must live as
 * long as the group: a row's own values may die after its step. Growing
 * buffers double in that arena, so a group costs O(result size) memory;
 * a numeric sum leaves one dead accumulator per row (numeric text is small).
 *
 * Exactness follows PostgreSQL 15:
 *   - sum(int2/int4) is int8 with 22003 "bigint out of range"; sum(int8) and
 *     avg of integers accumulate in 128 bits and end as numeric; avg divides
 *     with numeric's select_div_scale (avg(1, 2) = 1.5000000000000000);
 *   - sum / avg of numeric use orm/numeric.h (NaN and infinities included);
 *   - float sums and averages reproduce float8pl / float8_accum, including
 *     the overflow error that Youngs-Cramer's Sxx raises in avg(1e308, -1e308);
 *   - avg(interval) is interval_div(sum, count) from the datetime family.
 *
 * Window-only functions (row_number, rank, lag, ...) are catalogue entries
 * without an evaluator (ORM_FN_WINDOW): the SQL backends compute them
 * natively; the entries give the translator their names and types.
 */
#include <math.h>
#include <string.h>

#include "orm/fn_int.h"
#include "orm/json.h"
#include "orm/numeric.h"

#define SQLSTATE_NUMERIC_RANGE "22003"

static bool fail(og_error *err, const char *code, const char *msg)
{
    og_error_set(err, code, "%s", msg);
    return false;
}

/* ---- values kept across rows -------------------------------------------------------- */

/* Deep copy of v's payload into a. */
static og_value value_copy(const og_value *v, og_arena *a)
{
    og_value r = *v;
    if (v->isnull)
        return r;
    if (og_type_array_elem(v->oid) != 0) {
        r.u.arr.elems = og_arena_alloc(a, (v->u.arr.n ? v->u.arr.n : 1) * sizeof(og_value));
        for (uint32_t i = 0; i < v->u.arr.n; i++)
            r.u.arr.elems[i] = value_copy(&v->u.arr.elems[i], a);
        return r;
    }
    switch (v->oid) {
    case OG_OID_BOOL:
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
    case OG_OID_INTERVAL:
    case OG_OID_UUID:
        return r;
    default: /* text-like, numeric, bytea, json, jsonb */
        r.u.str.p = og_arena_memdup(a, v->u.str.len ? v->u.str.p : "", v->u.str.len);
        return r;
    }
}

/* A byte string that doubles in an arena. */
typedef struct abuf {
    char *p;
    size_t len, cap;
} abuf;

static void abuf_append(abuf *b, og_arena *a, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n)
            cap *= 2;
        char *grown = og_arena_alloc(a, cap);
        if (b->len)
            memcpy(grown, b->p, b->len);
        b->p = grown;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void abuf_puts(abuf *b, og_arena *a, const char *s)
{
    abuf_append(b, a, s, strlen(s));
}

/* Decimal text of a 128-bit integer (canonical numeric text). */
static void num_from_i128(__int128 v, og_arena *a, og_value *out)
{
    char digits[48];
    int n = 0;
    bool neg = v < 0;
    unsigned __int128 u = neg ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    char *s = og_arena_alloc(a, (size_t)n + 2), *w = s;
    if (neg)
        *w++ = '-';
    while (n > 0)
        *w++ = digits[--n];
    *w = '\0';
    out->oid = OG_OID_NUMERIC;
    out->isnull = false;
    out->u.str.p = s;
    out->u.str.len = (size_t)(w - s);
}

/* ---- count -------------------------------------------------------------------------- */

typedef struct count_state {
    int64_t n;
} count_state;

static bool count_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                       og_error *err)
{
    ((count_state *)state)->n++;
    return true;
}

static bool count_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    out->oid = OG_OID_INT8;
    out->isnull = false;
    out->u.i = ((count_state *)state)->n;
    return true;
}

static const orm_agg_impl agg_count = {sizeof(count_state), count_step, count_final};

/* ---- sum and avg of integers ---------------------------------------------------------- */

typedef struct int_state {
    int64_t n;
    __int128 sum;
} int_state;

/* sum(int2), sum(int4): int8, and an int8 overflow is an error. */
static bool sum_int_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                         og_error *err)
{
    int_state *s = state;
    int64_t r;
    if (__builtin_add_overflow((int64_t)s->sum, args[0].u.i, &r))
        return fail(err, SQLSTATE_NUMERIC_RANGE, "bigint out of range");
    s->sum = r;
    s->n++;
    return true;
}

static bool sum_int_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    int_state *s = state;
    if (s->n == 0) {
        *out = og_value_null(OG_OID_INT8);
        return true;
    }
    out->oid = OG_OID_INT8;
    out->isnull = false;
    out->u.i = (int64_t)s->sum;
    return true;
}

static const orm_agg_impl agg_sum_int = {sizeof(int_state), sum_int_step, sum_int_final};

/* sum(int8) and avg of integers: 128-bit accumulation (PostgreSQL's int128 path). */
static bool int128_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                        og_error *err)
{
    int_state *s = state;
    s->sum += args[0].u.i;
    s->n++;
    return true;
}

static bool sum_int8_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    int_state *s = state;
    if (s->n == 0) {
        *out = og_value_null(OG_OID_NUMERIC);
        return true;
    }
    num_from_i128(s->sum, a, out);
    return true;
}

static bool avg_int_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    int_state *s = state;
    og_value sum, n;
    if (s->n == 0) {
        *out = og_value_null(OG_OID_NUMERIC);
        return true;
    }
    num_from_i128(s->sum, a, &sum);
    orm_num_from_int64(s->n, a, &n);
    return orm_num_div(&sum, &n, a, out, err);
}

static const orm_agg_impl agg_sum_int8 = {sizeof(int_state), int128_step, sum_int8_final};
static const orm_agg_impl agg_avg_int = {sizeof(int_state), int128_step, avg_int_final};

/* ---- sum and avg of numeric ------------------------------------------------------------ */

typedef struct num_state {
    int64_t n;
    og_value sum; /* numeric, in the group's arena */
} num_state;

static bool num_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                     og_error *err)
{
    num_state *s = state;
    if (s->n++ == 0) {
        s->sum = value_copy(&args[0], a);
        return true;
    }
    return orm_num_add(&s->sum, &args[0], a, &s->sum, err);
}

static bool sum_num_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    num_state *s = state;
    if (s->n == 0) {
        *out = og_value_null(OG_OID_NUMERIC);
        return true;
    }
    *out = value_copy(&s->sum, a);
    return true;
}

static bool avg_num_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    num_state *s = state;
    og_value n;
    if (s->n == 0) {
        *out = og_value_null(OG_OID_NUMERIC);
        return true;
    }
    orm_num_from_int64(s->n, a, &n);
    return orm_num_div(&s->sum, &n, a, out, err);
}

static const orm_agg_impl agg_sum_num = {sizeof(num_state), num_step, sum_num_final};
static const orm_agg_impl agg_avg_num = {sizeof(num_state), num_step, avg_num_final};

/* ---- sum and avg of floats -------------------------------------------------------------- */

typedef struct float_state {
    double n, sx, sxx;
    float sum4; /* sum(float4) adds in single precision, as float4pl */
} float_state;

static bool float_overflow(og_error *err)
{
    return fail(err, SQLSTATE_NUMERIC_RANGE, "value out of range: overflow");
}

/* float8pl / float4pl accumulation for sum. */
static bool sum_float_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                           og_error *err)
{
    float_state *s = state;
    double x = args[0].u.f;
    if (args[0].oid == OG_OID_FLOAT4) {
        float r = s->sum4 + (float)x;
        if (isinf(r) && !isinf(s->sum4) && !isinf((float)x))
            return float_overflow(err);
        s->sum4 = r;
    } else {
        double r = s->sx + x;
        if (isinf(r) && !isinf(s->sx) && !isinf(x))
            return float_overflow(err);
        s->sx = r;
    }
    s->n += 1.0;
    return true;
}

static bool sum_float_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err,
                            uint32_t oid)
{
    float_state *s = state;
    if (s->n == 0.0) {
        *out = og_value_null(oid);
        return true;
    }
    out->oid = oid;
    out->isnull = false;
    out->u.f = oid == OG_OID_FLOAT4 ? (double)s->sum4 : s->sx;
    return true;
}

static bool sum_float4_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    return sum_float_final(cx, state, a, out, err, OG_OID_FLOAT4);
}

static bool sum_float8_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    return sum_float_final(cx, state, a, out, err, OG_OID_FLOAT8);
}

/* float8_accum (Youngs-Cramer), whose Sxx can overflow even when only the mean is asked for. */
static bool avg_float_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                           og_error *err)
{
    float_state *s = state;
    double x = args[0].u.f, n0 = s->n, sx0 = s->sx;
    s->n += 1.0;
    s->sx += x;
    if (n0 > 0.0) {
        double tmp = x * s->n - s->sx;
        s->sxx += tmp * tmp / (s->n * n0);
        if (isinf(s->sx) || isinf(s->sxx)) {
            if (!isinf(sx0) && !isinf(x))
                return float_overflow(err);
            s->sxx = NAN;
        }
    } else if (isnan(x) || isinf(x)) {
        s->sxx = NAN;
    }
    return true;
}

static bool avg_float_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    float_state *s = state;
    if (s->n == 0.0) {
        *out = og_value_null(OG_OID_FLOAT8);
        return true;
    }
    out->oid = OG_OID_FLOAT8;
    out->isnull = false;
    out->u.f = s->sx / s->n;
    return true;
}

static const orm_agg_impl agg_sum_float4 = {sizeof(float_state), sum_float_step, sum_float4_final};
static const orm_agg_impl agg_sum_float8 = {sizeof(float_state), sum_float_step, sum_float8_final};
static const orm_agg_impl agg_avg_float = {sizeof(float_state), avg_float_step, avg_float_final};

/* ---- sum and avg of intervals ------------------------------------------------------------ */

typedef struct interval_state {
    int64_t n;
    og_interval sum;
} interval_state;

static bool interval_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                          og_error *err)
{
    interval_state *s = state;
    const og_interval *x = &args[0].u.iv;
    if (__builtin_add_overflow(s->sum.months, x->months, &s->sum.months) ||
        __builtin_add_overflow(s->sum.days, x->days, &s->sum.days) ||
        __builtin_add_overflow(s->sum.usec, x->usec, &s->sum.usec))
        return fail(err, "22008", "interval out of range");
    s->n++;
    return true;
}

static bool sum_interval_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    interval_state *s = state;
    if (s->n == 0) {
        *out = og_value_null(OG_OID_INTERVAL);
        return true;
    }
    out->oid = OG_OID_INTERVAL;
    out->isnull = false;
    out->u.iv = s->sum;
    return true;
}

/* interval_avg: interval_div(sum, count), the datetime family's operator. */
static bool avg_interval_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    interval_state *s = state;
    if (s->n == 0) {
        *out = og_value_null(OG_OID_INTERVAL);
        return true;
    }
    const orm_fn *div = orm_fn_by_sym("interval_div");
    og_value args[2] = {{0}, {0}};
    args[0].oid = OG_OID_INTERVAL;
    args[0].u.iv = s->sum;
    args[1].oid = OG_OID_FLOAT8;
    args[1].u.f = (double)s->n;
    if (!div)
        return fail(err, OG_SQLSTATE_INTERNAL_ERROR, "function interval_div is missing from the catalog");
    return div->impl(cx, args, 2, a, out, err);
}

static const orm_agg_impl agg_sum_interval = {sizeof(interval_state), interval_step, sum_interval_final};
static const orm_agg_impl agg_avg_interval = {sizeof(interval_state), interval_step, avg_interval_final};

/* ---- min and max ----------------------------------------------------------------------- */

typedef struct minmax_state {
    bool any;
    og_value v;
} minmax_state;

static bool minmax_step(void *state, const og_value *x, og_arena *a, int sign)
{
    minmax_state *s = state;
    /* on a tie the later value wins, as in numeric_smaller / interval_larger (1.50 vs 1.5) */
    if (!s->any || sign * orm_value_cmp(x, &s->v) >= 0) {
        s->v = value_copy(x, a);
        s->any = true;
    }
    return true;
}

static bool min_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                     og_error *err)
{
    return minmax_step(state, &args[0], a, -1);
}

static bool max_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                     og_error *err)
{
    return minmax_step(state, &args[0], a, 1);
}

/* The kept value (NULL for an empty group: its type is the caller's resolved result type). */
static bool minmax_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    minmax_state *s = state;
    if (!s->any) {
        *out = og_value_null(OG_OID_UNKNOWN);
        return true;
    }
    *out = value_copy(&s->v, a);
    return true;
}

static const orm_agg_impl agg_min = {sizeof(minmax_state), min_step, minmax_final};
static const orm_agg_impl agg_max = {sizeof(minmax_state), max_step, minmax_final};

/* ---- bool_and, bool_or, every ------------------------------------------------------------ */

typedef struct bool_state {
    bool any, v;
} bool_state;

static bool and_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                     og_error *err)
{
    bool_state *s = state;
    s->v = s->any ? (s->v && args[0].u.b) : args[0].u.b;
    s->any = true;
    return true;
}

static bool or_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                    og_error *err)
{
    bool_state *s = state;
    s->v = s->any ? (s->v || args[0].u.b) : args[0].u.b;
    s->any = true;
    return true;
}

static bool bool_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    bool_state *s = state;
    if (!s->any) {
        *out = og_value_null(OG_OID_BOOL);
        return true;
    }
    out->oid = OG_OID_BOOL;
    out->isnull = false;
    out->u.b = s->v;
    return true;
}

static const orm_agg_impl agg_bool_and = {sizeof(bool_state), and_step, bool_final};
static const orm_agg_impl agg_bool_or = {sizeof(bool_state), or_step, bool_final};

/* ---- string_agg ----------------------------------------------------------------------- */

typedef struct string_state {
    bool any;
    uint32_t oid;
    abuf b;
} string_state;

/* string_agg(value, delimiter): NULL values are skipped; the delimiter before each value
 * but the first is that row's (a NULL delimiter adds nothing). */
static bool string_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                        og_error *err)
{
    string_state *s = state;
    if (args[0].isnull)
        return true;
    if (s->any && !args[1].isnull)
        abuf_append(&s->b, a, args[1].u.str.p, args[1].u.str.len);
    abuf_append(&s->b, a, args[0].u.str.p, args[0].u.str.len);
    s->oid = args[0].oid == OG_OID_BYTEA ? OG_OID_BYTEA : OG_OID_TEXT;
    s->any = true;
    return true;
}

static bool string_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    string_state *s = state;
    if (!s->any) {
        *out = og_value_null(OG_OID_TEXT);
        return true;
    }
    out->oid = s->oid;
    out->isnull = false;
    out->u.str.p = og_arena_memdup(a, s->b.len ? s->b.p : "", s->b.len);
    out->u.str.len = s->b.len;
    return true;
}

static const orm_agg_impl agg_string = {sizeof(string_state), string_step, string_final};

/* ---- array_agg ------------------------------------------------------------------------ */

typedef struct array_state {
    uint32_t elem_oid, n, cap;
    og_value *elems;
} array_state;

/* array_agg(anynonarray): every value, NULLs included, in input order. */
static bool array_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                       og_error *err)
{
    array_state *s = state;
    if (s->n >= 134217727)
        return fail(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "array size exceeds the maximum allowed (134217727)");
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 16;
        og_value *grown = og_arena_alloc(a, cap * sizeof(og_value));
        if (s->n)
            memcpy(grown, s->elems, s->n * sizeof(og_value));
        s->elems = grown;
        s->cap = cap;
    }
    s->elems[s->n++] = value_copy(&args[0], a);
    s->elem_oid = args[0].oid;
    return true;
}

static bool array_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    array_state *s = state;
    uint32_t aoid = og_type_array_of(s->elem_oid);
    if (s->n == 0) {
        *out = og_value_null(aoid ? aoid : OG_OID_UNKNOWN);
        return true;
    }
    out->oid = aoid;
    out->isnull = false;
    out->u.arr.elem_oid = s->elem_oid;
    out->u.arr.n = s->n;
    out->u.arr.lbound = 1;
    out->u.arr.elems = og_arena_alloc(a, s->n * sizeof(og_value));
    for (uint32_t i = 0; i < s->n; i++)
        out->u.arr.elems[i] = value_copy(&s->elems[i], a);
    return true;
}

static const orm_agg_impl agg_array = {sizeof(array_state), array_step, array_final};

/* ---- json_agg, jsonb_agg, json_object_agg, jsonb_object_agg ---------------------------- */

typedef struct json_state {
    bool any;
    abuf b;
} json_state;

/* Append v rendered by to_json into the state's buffer. */
static bool json_put(json_state *s, og_arena *a, const og_value *v, bool is_key, const orm_eval_ctx *cx, og_error *err)
{
    og_buf t = OG_BUF_INIT;
    bool ok = orm_json_put_value(&t, v, is_key, cx ? cx->timezone : NULL, err);
    if (ok)
        abuf_append(&s->b, a, t.data, t.len);
    og_buf_free(&t);
    return ok;
}

/* json_agg_transfn: ", " between elements, and "\n " before an array element that is not first. */
static bool json_agg_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                          og_error *err)
{
    json_state *s = state;
    abuf_puts(&s->b, a, s->any ? ", " : "[");
    if (s->any && !args[0].isnull && og_type_array_elem(args[0].oid) != 0)
        abuf_puts(&s->b, a, "\n ");
    s->any = true;
    return json_put(s, a, &args[0], false, cx, err);
}

/* json_object_agg_transfn: "{ k : v, k : v }"; keys must not be NULL. */
static bool json_object_agg_step(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_error *err)
{
    json_state *s = state;
    if (args[0].isnull)
        return fail(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "field name must not be null");
    abuf_puts(&s->b, a, s->any ? ", " : "{ ");
    s->any = true;
    if (!json_put(s, a, &args[0], true, cx, err))
        return false;
    abuf_puts(&s->b, a, " : ");
    return json_put(s, a, &args[1], false, cx, err);
}

static bool json_final(void *state, const char *close, bool jsonb, og_arena *a, og_value *out, og_error *err)
{
    json_state *s = state;
    uint32_t oid = jsonb ? OG_OID_JSONB : OG_OID_JSON;
    if (!s->any) {
        *out = og_value_null(oid);
        return true;
    }
    og_buf t = OG_BUF_INIT;
    og_buf_append(&t, s->b.p, s->b.len);
    og_buf_puts(&t, close);
    bool ok = true;
    if (jsonb) {
        ok = orm_jsonb_from_text((const char *)t.data, t.len, a, out, err);
    } else {
        out->oid = oid;
        out->isnull = false;
        out->u.str.p = og_arena_memdup(a, t.data, t.len);
        out->u.str.len = t.len;
    }
    og_buf_free(&t);
    return ok;
}

static bool json_agg_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    return json_final(state, "]", false, a, out, err);
}

static bool jsonb_agg_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    return json_final(state, "]", true, a, out, err);
}

static bool json_object_agg_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    return json_final(state, " }", false, a, out, err);
}

static bool jsonb_object_agg_final(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err)
{
    return json_final(state, " }", true, a, out, err);
}

static const orm_agg_impl agg_json = {sizeof(json_state), json_agg_step, json_agg_final};
static const orm_agg_impl agg_jsonb = {sizeof(json_state), json_agg_step, jsonb_agg_final};
static const orm_agg_impl agg_json_object = {sizeof(json_state), json_object_agg_step, json_object_agg_final};
static const orm_agg_impl agg_jsonb_object = {sizeof(json_state), json_object_agg_step, jsonb_object_agg_final};

/* ---- the table ------------------------------------------------------------------------- */

#define AGG  ORM_FN_AGG
#define SAGG (ORM_FN_AGG | ORM_FN_STRICT)
#define WIN  ORM_FN_WINDOW
#define ANYE ORM_T_ANYELEMENT
#define A1(name, sym, a0, ret, flags, impl)                                                                            \
    {                                                                                                                  \
        name, sym, 1, {a0}, ret, flags, NULL, &impl                                                                    \
    }
#define A2(name, sym, a0, a1, ret, flags, impl)                                                                        \
    {                                                                                                                  \
        name, sym, 2, {a0, a1}, ret, flags, NULL, &impl                                                                \
    }
#define MINMAX(t, suffix) A1("min", "min_" suffix, t, t, SAGG, agg_min), A1("max", "max_" suffix, t, t, SAGG, agg_max)

static const orm_fn fns[] = {
    {"count", "count_star", 0, {0}, OG_OID_INT8, AGG, NULL, &agg_count},
    A1("count", "count", ORM_T_ANY, OG_OID_INT8, SAGG, agg_count),

    A1("sum", "sum_int2", OG_OID_INT2, OG_OID_INT8, SAGG, agg_sum_int),
    A1("sum", "sum_int4", OG_OID_INT4, OG_OID_INT8, SAGG, agg_sum_int),
    A1("sum", "sum_int8", OG_OID_INT8, OG_OID_NUMERIC, SAGG, agg_sum_int8),
    A1("sum", "sum_numeric", OG_OID_NUMERIC, OG_OID_NUMERIC, SAGG, agg_sum_num),
    A1("sum", "sum_float4", OG_OID_FLOAT4, OG_OID_FLOAT4, SAGG, agg_sum_float4),
    A1("sum", "sum_float8", OG_OID_FLOAT8, OG_OID_FLOAT8, SAGG, agg_sum_float8),
    A1("sum", "sum_interval", OG_OID_INTERVAL, OG_OID_INTERVAL, SAGG, agg_sum_interval),
    A1("avg", "avg_int2", OG_OID_INT2, OG_OID_NUMERIC, SAGG, agg_avg_int),
    A1("avg", "avg_int4", OG_OID_INT4, OG_OID_NUMERIC, SAGG, agg_avg_int),
    A1("avg", "avg_int8", OG_OID_INT8, OG_OID_NUMERIC, SAGG, agg_avg_int),
    A1("avg", "avg_numeric", OG_OID_NUMERIC, OG_OID_NUMERIC, SAGG, agg_avg_num),
    A1("avg", "avg_float4", OG_OID_FLOAT4, OG_OID_FLOAT8, SAGG, agg_avg_float),
    A1("avg", "avg_float8", OG_OID_FLOAT8, OG_OID_FLOAT8, SAGG, agg_avg_float),
    A1("avg", "avg_interval", OG_OID_INTERVAL, OG_OID_INTERVAL, SAGG, agg_avg_interval),

    MINMAX(OG_OID_INT2, "int2"),
    MINMAX(OG_OID_INT4, "int4"),
    MINMAX(OG_OID_INT8, "int8"),
    MINMAX(OG_OID_OID, "oid"),
    MINMAX(OG_OID_FLOAT4, "float4"),
    MINMAX(OG_OID_FLOAT8, "float8"),
    MINMAX(OG_OID_NUMERIC, "numeric"),
    MINMAX(OG_OID_TEXT, "text"),
    MINMAX(OG_OID_BPCHAR, "bpchar"),
    MINMAX(OG_OID_DATE, "date"),
    MINMAX(OG_OID_TIME, "time"),
    MINMAX(OG_OID_TIMESTAMP, "timestamp"),
    MINMAX(OG_OID_TIMESTAMPTZ, "timestamptz"),
    MINMAX(OG_OID_INTERVAL, "interval"),
    MINMAX(ORM_T_ANYARRAY, "anyarray"),

    A1("bool_and", "bool_and", OG_OID_BOOL, OG_OID_BOOL, SAGG, agg_bool_and),
    A1("bool_or", "bool_or", OG_OID_BOOL, OG_OID_BOOL, SAGG, agg_bool_or),
    A1("every", "every", OG_OID_BOOL, OG_OID_BOOL, SAGG, agg_bool_and),
    A2("string_agg", "string_agg", OG_OID_TEXT, OG_OID_TEXT, OG_OID_TEXT, AGG, agg_string),
    A2("string_agg", "string_agg_bytea", OG_OID_BYTEA, OG_OID_BYTEA, OG_OID_BYTEA, AGG, agg_string),
    A1("array_agg", "array_agg", ORM_T_ANYNONARRAY, ORM_T_ANYARRAY, AGG, agg_array),
    A1("json_agg", "json_agg", ANYE, OG_OID_JSON, AGG, agg_json),
    A1("jsonb_agg", "jsonb_agg", ANYE, OG_OID_JSONB, AGG, agg_jsonb),
    A2("json_object_agg", "json_object_agg", ORM_T_ANY, ORM_T_ANY, OG_OID_JSON, AGG, agg_json_object),
    A2("jsonb_object_agg", "jsonb_object_agg", ORM_T_ANY, ORM_T_ANY, OG_OID_JSONB, AGG, agg_jsonb_object),

    {"row_number", "row_number", 0, {0}, OG_OID_INT8, WIN, NULL, NULL},
    {"rank", "rank", 0, {0}, OG_OID_INT8, WIN, NULL, NULL},
    {"dense_rank", "dense_rank", 0, {0}, OG_OID_INT8, WIN, NULL, NULL},
    {"percent_rank", "percent_rank", 0, {0}, OG_OID_FLOAT8, WIN, NULL, NULL},
    {"cume_dist", "cume_dist", 0, {0}, OG_OID_FLOAT8, WIN, NULL, NULL},
    {"ntile", "ntile", 1, {OG_OID_INT4}, OG_OID_INT4, WIN, NULL, NULL},
    {"lag", "lag", 1, {ANYE}, ANYE, WIN, NULL, NULL},
    {"lag", "lag_with_offset", 2, {ANYE, OG_OID_INT4}, ANYE, WIN, NULL, NULL},
    {"lag", "lag_with_offset_and_default", 3, {ANYE, OG_OID_INT4, ANYE}, ANYE, WIN, NULL, NULL},
    {"lead", "lead", 1, {ANYE}, ANYE, WIN, NULL, NULL},
    {"lead", "lead_with_offset", 2, {ANYE, OG_OID_INT4}, ANYE, WIN, NULL, NULL},
    {"lead", "lead_with_offset_and_default", 3, {ANYE, OG_OID_INT4, ANYE}, ANYE, WIN, NULL, NULL},
    {"first_value", "first_value", 1, {ANYE}, ANYE, WIN, NULL, NULL},
    {"last_value", "last_value", 1, {ANYE}, ANYE, WIN, NULL, NULL},
    {"nth_value", "nth_value", 2, {ANYE, OG_OID_INT4}, ANYE, WIN, NULL, NULL},
};

const orm_fn_table orm_fn_agg = {fns, sizeof(fns) / sizeof(fns[0])};
