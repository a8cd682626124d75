/*
 * orm/fn_array.c - array functions and operators (one family of the function
 * catalog, orm/fn.h): array_length, cardinality, array_lower / array_upper /
 * array_ndims / array_dims, array_position(s), array_append / array_prepend /
 * array_cat and their || operators, array_remove, array_replace, the
 * containment operators @> <@ &&, and subscripts arr[i] and slices arr[lo:hi]
 * (operators "[]" and "[:]" that only the translator builds).
 *
 * Arrays are one-dimensional (orm/value.h: og_array, with its lower bound).
 * The functions are PostgreSQL 15's (array_userfuncs.c, arrayfuncs.c) over
 * that representation:
 *   - an empty array has no dimensions: array_length / array_lower /
 *     array_upper / array_ndims / array_dims give NULL, cardinality 0;
 *   - results keep the lower bound of their input (array_append on
 *     '[3:5]={...}' gives [3:6], array_prepend [2:5], array_cat the first
 *     non-empty operand's), with 22003 "integer out of range" past int4;
 *   - array_position, array_positions, array_remove and array_replace
 *     compare as IS NOT DISTINCT FROM (a NULL finds NULLs), @> <@ && as the
 *     element type's = (a NULL never matches); json has no equality operator
 *     (42883, as PostgreSQL);
 *   - the functions that build or search arrays are not strict, as in
 *     PostgreSQL: array_append(NULL, 1) is {1}, array_cat(x, NULL) is x.
 * Polymorphic results take their type from the array argument (a typed NULL
 * too), else from out->oid, which orm_fn_call sets before calling.
 *
 * The || operators are resolved by orm_fn_resolve like PostgreSQL's
 * anycompatiblearray || anycompatible, except that both sides must already
 * share the element type (int4[] || numeric is refused here, PostgreSQL
 * promotes to numeric[]). An untyped literal next to an array is taken as an
 * array, as PostgreSQL does: ARRAY['x'] || 'y' fails with 22P02.
 */
#include <string.h>

#include "orm/fn_int.h"

#define SQLSTATE_NULL_NOT_ALLOWED   "22004"
#define SQLSTATE_UNDEFINED_FUNCTION "42883"

static bool ret_null(og_value *out, uint32_t oid)
{
    *out = og_value_null(oid);
    return true;
}

static bool ret_int4(og_value *out, int64_t v)
{
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_INT4;
    out->u.i = v;
    return true;
}

static bool ret_bool(og_value *out, bool v)
{
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_BOOL;
    out->u.b = v;
    return true;
}

/* An array value of type oid with n elements (copied from elems) and lower bound lb. */
static bool ret_array(og_value *out, og_arena *a, uint32_t oid, const og_value *elems, uint32_t n, int64_t lb)
{
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    out->u.arr.elem_oid = og_type_array_elem(oid);
    out->u.arr.n = n;
    out->u.arr.lbound = n ? (int32_t)lb : 1;
    if (n) {
        og_value *e = og_arena_alloc(a, n * sizeof(og_value));
        memcpy(e, elems, n * sizeof(og_value));
        out->u.arr.elems = e;
    }
    return true;
}

/* The array type of a polymorphic result: the array argument's (a NULL keeps its type), else
 * what the caller resolved (orm_fn_call sets out->oid before calling). */
static uint32_t result_type(const og_value *out, const og_value *arr)
{
    if (arr && og_type_array_elem(arr->oid))
        return arr->oid;
    return out->oid;
}

static bool int_range(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "integer out of range");
    return false;
}

/* The element type has an equality operator (PostgreSQL: json has none). */
static bool has_equality(uint32_t elem, og_error *err)
{
    if (elem != OG_OID_JSON)
        return true;
    og_error_set(err, SQLSTATE_UNDEFINED_FUNCTION, "could not identify an equality operator for type %s",
                 og_type_name(elem));
    return false;
}

/* IS NOT DISTINCT FROM over elements. */
static bool not_distinct(const og_value *x, const og_value *y)
{
    if (x->isnull || y->isnull)
        return x->isnull && y->isnull;
    return orm_value_cmp(x, y) == 0;
}

/* Element type of an array argument. */
static uint32_t elem_type(const og_value *arr)
{
    return arr->u.arr.elem_oid ? arr->u.arr.elem_oid : og_type_array_elem(arr->oid);
}

static bool is_string_type(uint32_t t)
{
    return t == OG_OID_TEXT || t == OG_OID_VARCHAR || t == OG_OID_BPCHAR || t == OG_OID_NAME || t == OG_OID_UNKNOWN;
}

/*
 * The polymorphic arguments as one element type. The translator coerces an untyped
 * literal to the declared type only when the result is polymorphic too, so
 * ARRAY[1,2] @> '{1}' and array_position('{1,2}', 1) can hand us text where an array
 * or an element is due: such text is read as the type the other arguments agree on.
 * kinds[i]: 'A' anyarray, 'E' anyelement, anything else left alone. norm gets the
 * arguments, converted where needed.
 */
static bool poly_args(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, const char *kinds, og_arena *a,
                      og_value *norm, og_error *err)
{
    uint32_t elem = 0;
    for (uint16_t i = 0; i < nargs && !elem; i++)
        if (kinds[i] == 'A' && !args[i].isnull && og_type_array_elem(args[i].oid))
            elem = og_type_array_elem(args[i].oid);
    for (uint16_t i = 0; i < nargs && !elem; i++)
        if (kinds[i] == 'E' && args[i].oid != OG_OID_UNKNOWN && !og_type_array_elem(args[i].oid))
            elem = args[i].oid;
    if (!elem)
        elem = OG_OID_TEXT;
    for (uint16_t i = 0; i < nargs; i++) {
        uint32_t want = kinds[i] == 'A' ? og_type_array_of(elem) : kinds[i] == 'E' ? elem : 0;
        norm[i] = args[i];
        if (!want || args[i].oid == want)
            continue;
        if (args[i].isnull) {
            norm[i] = og_value_null(want);
            continue;
        }
        if (!is_string_type(args[i].oid) || (kinds[i] == 'E' && is_string_type(want)))
            continue;
        if (!og_text_io_get()->decode(want, args[i].u.str.p, args[i].u.str.len, cx ? cx->timezone : NULL, a, &norm[i],
                                      err))
            return false;
    }
    return true;
}

/* ---- dimensions ------------------------------------------------------------------- */

static bool fn_array_length(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    if (args[0].u.arr.n == 0 || args[1].u.i != 1)
        return ret_null(out, OG_OID_INT4);
    return ret_int4(out, args[0].u.arr.n);
}

static bool fn_cardinality(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    return ret_int4(out, args[0].u.arr.n);
}

static bool fn_array_lower(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    if (args[0].u.arr.n == 0 || args[1].u.i != 1)
        return ret_null(out, OG_OID_INT4);
    return ret_int4(out, args[0].u.arr.lbound);
}

static bool fn_array_upper(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    if (args[0].u.arr.n == 0 || args[1].u.i != 1)
        return ret_null(out, OG_OID_INT4);
    return ret_int4(out, (int64_t)args[0].u.arr.lbound + args[0].u.arr.n - 1);
}

static bool fn_array_ndims(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    if (args[0].u.arr.n == 0)
        return ret_null(out, OG_OID_INT4);
    return ret_int4(out, 1);
}

static bool fn_array_dims(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                          og_error *err)
{
    if (args[0].u.arr.n == 0)
        return ret_null(out, OG_OID_TEXT);
    char *s =
        og_arena_printf(a, "[%d:%lld]", args[0].u.arr.lbound, (long long)args[0].u.arr.lbound + args[0].u.arr.n - 1);
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_TEXT;
    out->u.str.p = s;
    out->u.str.len = strlen(s);
    return true;
}

/* ---- searching -------------------------------------------------------------------- */

/* array_position(arr, x [, start]): the subscript of the first element not distinct from x
 * at or after start, NULL when there is none. */
static bool fn_array_position(const orm_eval_ctx *cx, const og_value *raw, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    og_value args[3];
    if (!poly_args(cx, raw, nargs, "AE-", a, args, err))
        return false;
    if (args[0].isnull || args[0].u.arr.n == 0)
        return ret_null(out, OG_OID_INT4);
    const og_array *arr = &args[0].u.arr;
    int64_t start = arr->lbound;
    if (nargs > 2) {
        if (args[2].isnull) {
            og_error_set(err, SQLSTATE_NULL_NOT_ALLOWED, "initial position must not be null");
            return false;
        }
        if (args[2].u.i > start)
            start = args[2].u.i;
    }
    if (!has_equality(elem_type(&args[0]), err))
        return false;
    for (uint32_t i = 0; i < arr->n; i++) {
        int64_t sub = (int64_t)arr->lbound + i;
        if (sub >= start && not_distinct(&arr->elems[i], &args[1]))
            return ret_int4(out, sub);
    }
    return ret_null(out, OG_OID_INT4);
}

/* array_positions(arr, x): every subscript whose element is not distinct from x. */
static bool fn_array_positions(const orm_eval_ctx *cx, const og_value *raw, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    og_value args[2];
    if (!poly_args(cx, raw, nargs, "AE", a, args, err))
        return false;
    if (args[0].isnull)
        return ret_null(out, OG_OID_INT4_ARRAY);
    const og_array *arr = &args[0].u.arr;
    if (arr->n && !has_equality(elem_type(&args[0]), err))
        return false;
    og_value *pos = og_arena_zalloc(a, (arr->n ? arr->n : 1) * sizeof(og_value));
    uint32_t n = 0;
    for (uint32_t i = 0; i < arr->n; i++)
        if (not_distinct(&arr->elems[i], &args[1])) {
            pos[n].oid = OG_OID_INT4;
            pos[n++].u.i = (int64_t)arr->lbound + i;
        }
    return ret_array(out, a, OG_OID_INT4_ARRAY, pos, n, 1);
}

/* ---- building ----------------------------------------------------------------------- */

/* x with its type set to elem (an untyped NULL argument arrives as a NULL of any type). */
static og_value as_elem(const og_value *x, uint32_t elem)
{
    og_value v = *x;
    if (v.isnull)
        v = og_value_null(elem);
    return v;
}

static bool fn_array_append(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    uint32_t type = result_type(out, &args[0]);
    og_value e = as_elem(&args[1], og_type_array_elem(type));
    if (args[0].isnull || args[0].u.arr.n == 0)
        return ret_array(out, a, type, &e, 1, 1);
    const og_array *arr = &args[0].u.arr;
    if ((int64_t)arr->lbound + arr->n > INT32_MAX)
        return int_range(err);
    og_value *elems = og_arena_alloc(a, (arr->n + 1) * sizeof(og_value));
    memcpy(elems, arr->elems, arr->n * sizeof(og_value));
    elems[arr->n] = e;
    return ret_array(out, a, type, elems, arr->n + 1, arr->lbound);
}

static bool fn_array_prepend(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    uint32_t type = result_type(out, &args[1]);
    og_value e = as_elem(&args[0], og_type_array_elem(type));
    if (args[1].isnull || args[1].u.arr.n == 0)
        return ret_array(out, a, type, &e, 1, 1);
    const og_array *arr = &args[1].u.arr;
    if ((int64_t)arr->lbound - 1 < INT32_MIN)
        return int_range(err);
    og_value *elems = og_arena_alloc(a, (arr->n + 1) * sizeof(og_value));
    elems[0] = e;
    memcpy(elems + 1, arr->elems, arr->n * sizeof(og_value));
    return ret_array(out, a, type, elems, arr->n + 1, arr->lbound);
}

/* array_cat(x, y): NULL or empty operands contribute nothing; the lower bound is x's. */
static bool fn_array_cat(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    uint32_t type = result_type(out, og_type_array_elem(args[0].oid) ? &args[0] : &args[1]);
    if (args[0].isnull && args[1].isnull)
        return ret_null(out, type);
    if (args[0].isnull || args[0].u.arr.n == 0) {
        if (args[1].isnull)
            return ret_array(out, a, type, NULL, 0, 1);
        return ret_array(out, a, type, args[1].u.arr.elems, args[1].u.arr.n, args[1].u.arr.lbound);
    }
    const og_array *x = &args[0].u.arr;
    if (args[1].isnull || args[1].u.arr.n == 0)
        return ret_array(out, a, type, x->elems, x->n, x->lbound);
    const og_array *y = &args[1].u.arr;
    uint64_t n = (uint64_t)x->n + y->n;
    if ((int64_t)x->lbound + (int64_t)n - 1 > INT32_MAX)
        return int_range(err);
    og_value *elems = og_arena_alloc(a, n * sizeof(og_value));
    memcpy(elems, x->elems, x->n * sizeof(og_value));
    memcpy(elems + x->n, y->elems, y->n * sizeof(og_value));
    return ret_array(out, a, type, elems, (uint32_t)n, x->lbound);
}

/* array_remove(arr, x) and array_replace(arr, x, y): elements not distinct from x dropped or
 * replaced; the lower bound stays. */
static bool replace(const orm_eval_ctx *cx, const og_value *raw, bool remove, og_arena *a, og_value *out, og_error *err)
{
    og_value args[3];
    if (!poly_args(cx, raw, remove ? 2 : 3, "AEE", a, args, err))
        return false;
    uint32_t type = result_type(out, &args[0]);
    if (args[0].isnull)
        return ret_null(out, type);
    const og_array *arr = &args[0].u.arr;
    if (arr->n == 0)
        return ret_array(out, a, type, NULL, 0, 1);
    if (!has_equality(elem_type(&args[0]), err))
        return false;
    og_value *elems = og_arena_alloc(a, arr->n * sizeof(og_value));
    uint32_t n = 0;
    for (uint32_t i = 0; i < arr->n; i++) {
        if (!not_distinct(&arr->elems[i], &args[1]))
            elems[n++] = arr->elems[i];
        else if (!remove)
            elems[n++] = as_elem(&args[2], elem_type(&args[0]));
    }
    return ret_array(out, a, type, elems, n, arr->lbound);
}

static bool fn_array_remove(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    return replace(cx, args, true, a, out, err);
}

static bool fn_array_replace(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    return replace(cx, args, false, a, out, err);
}

/* ---- containment -------------------------------------------------------------------- */

/* array_contain_compare: matchall, every non-NULL element of x equals some element of y
 * (a NULL in x fails); otherwise some element of x equals one of y. */
static bool contain(const og_value *xv, const og_value *yv, bool matchall, og_value *out, og_error *err)
{
    if (!has_equality(elem_type(xv), err))
        return false;
    const og_array *x = &xv->u.arr, *y = &yv->u.arr;
    for (uint32_t i = 0; i < x->n; i++) {
        const og_value *e = &x->elems[i];
        if (e->isnull) {
            if (matchall)
                return ret_bool(out, false);
            continue;
        }
        bool found = false;
        for (uint32_t j = 0; j < y->n && !found; j++)
            found = !y->elems[j].isnull && orm_value_cmp(e, &y->elems[j]) == 0;
        if (found && !matchall)
            return ret_bool(out, true);
        if (!found && matchall)
            return ret_bool(out, false);
    }
    return ret_bool(out, matchall);
}

static bool fn_arraycontains(const orm_eval_ctx *cx, const og_value *raw, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    og_value args[2];
    return poly_args(cx, raw, 2, "AA", a, args, err) && contain(&args[1], &args[0], true, out, err);
}

static bool fn_arraycontained(const orm_eval_ctx *cx, const og_value *raw, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    og_value args[2];
    return poly_args(cx, raw, 2, "AA", a, args, err) && contain(&args[0], &args[1], true, out, err);
}

static bool fn_arrayoverlap(const orm_eval_ctx *cx, const og_value *raw, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    og_value args[2];
    return poly_args(cx, raw, 2, "AA", a, args, err) && contain(&args[0], &args[1], false, out, err);
}

/* ---- subscripts --------------------------------------------------------------------- */

/* arr[i] (operator "[]", which no SQL text can name: the translator builds it from a subscript):
 * the element at subscript i counted from the array's lower bound; NULL out of range. */
static bool fn_array_subscript(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    const og_array *arr = &args[0].u.arr;
    int64_t k = args[1].u.i - (int64_t)arr->lbound;
    if (k < 0 || k >= (int64_t)arr->n)
        return ret_null(out, elem_type(&args[0]));
    *out = arr->elems[k];
    return true;
}

/* arr[lo:hi] (operator "[:]", built by the translator): the elements from lo to hi that exist, as
 * an array with lower bound 1 ('{}' when none). args[3] says which bounds were left out (1: lo,
 * 2: hi), arr[:hi], arr[lo:]: the array's own bound then. */
static bool fn_array_slice(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    const og_array *arr = &args[0].u.arr;
    int64_t lb = arr->lbound, ub = (int64_t)arr->lbound + arr->n - 1;
    int64_t lo = (args[3].u.i & 1) ? lb : args[1].u.i, hi = (args[3].u.i & 2) ? ub : args[2].u.i;
    if (lo < lb)
        lo = lb;
    if (hi > ub)
        hi = ub;
    uint32_t oid = result_type(out, &args[0]);
    if (!arr->n || lo > hi)
        return ret_array(out, a, oid, NULL, 0, 1);
    return ret_array(out, a, oid, arr->elems + (lo - lb), (uint32_t)(hi - lo + 1), 1);
}

/* ---- the table ---------------------------------------------------------------------- */

#define AA ORM_T_ANYARRAY
#define AE ORM_T_ANYELEMENT
#define I4 OG_OID_INT4
#define B  OG_OID_BOOL
#define ST ORM_FN_STRICT

static const orm_fn fns[] = {
    {"array_length", "array_length", 2, {AA, I4}, I4, ST, fn_array_length, NULL},
    {"cardinality", "array_cardinality", 1, {AA}, I4, ST, fn_cardinality, NULL},
    {"array_lower", "array_lower", 2, {AA, I4}, I4, ST, fn_array_lower, NULL},
    {"array_upper", "array_upper", 2, {AA, I4}, I4, ST, fn_array_upper, NULL},
    {"array_ndims", "array_ndims", 1, {AA}, I4, ST, fn_array_ndims, NULL},
    {"array_dims", "array_dims", 1, {AA}, OG_OID_TEXT, ST, fn_array_dims, NULL},
    {"array_position", "array_position", 2, {AA, AE}, I4, 0, fn_array_position, NULL},
    {"array_position", "array_position_start", 3, {AA, AE, I4}, I4, 0, fn_array_position, NULL},
    {"array_positions", "array_positions", 2, {AA, AE}, OG_OID_INT4_ARRAY, 0, fn_array_positions, NULL},
    {"array_append", "array_append", 2, {AA, AE}, AA, 0, fn_array_append, NULL},
    {"array_prepend", "array_prepend", 2, {AE, AA}, AA, 0, fn_array_prepend, NULL},
    {"array_cat", "array_cat", 2, {AA, AA}, AA, 0, fn_array_cat, NULL},
    {"array_remove", "array_remove", 2, {AA, AE}, AA, 0, fn_array_remove, NULL},
    {"array_replace", "array_replace", 3, {AA, AE, AE}, AA, 0, fn_array_replace, NULL},
    {"||", "array_append_op", 2, {AA, AE}, AA, 0, fn_array_append, NULL},
    {"||", "array_prepend_op", 2, {AE, AA}, AA, 0, fn_array_prepend, NULL},
    {"||", "array_cat_op", 2, {AA, AA}, AA, 0, fn_array_cat, NULL},
    {"[]", "array_subscript", 2, {AA, I4}, AE, ST, fn_array_subscript, NULL},
    {"[:]", "array_slice", 4, {AA, I4, I4, I4}, AA, ST, fn_array_slice, NULL},
    {"@>", "arraycontains", 2, {AA, AA}, B, ST, fn_arraycontains, NULL},
    {"<@", "arraycontained", 2, {AA, AA}, B, ST, fn_arraycontained, NULL},
    {"&&", "arrayoverlap", 2, {AA, AA}, B, ST, fn_arrayoverlap, NULL},
};

const orm_fn_table orm_fn_array = {fns, sizeof(fns) / sizeof(fns[0])};
