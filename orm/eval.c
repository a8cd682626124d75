/*
 * orm/eval.c - evaluating query-IR expressions over one row, as PostgreSQL 15
 * would (orm/eval.h).
 *
 * A tree walk over orm_expr: every node computes one og_value from its
 * children. The semantics are the executor's (execExprInterp.c), not SQL
 * text's, and agree with what drivers/sqlrender_expr.c makes a SQL backend
 * compute for the same node:
 *   - functions and operators are the catalog's evaluators (orm_fn_call,
 *     which handles STRICT); comparisons cast both sides to cmp_type and use
 *     orm_value_cmp; a NULL side gives NULL;
 *   - AND / OR are three-valued and stop at the first false / true operand;
 *     CASE evaluates only the WHEN conditions up to the one taken and only
 *     that branch; COALESCE stops at the first non-NULL argument. So an error
 *     in a branch that is not needed is never raised (CASE WHEN false THEN
 *     1/0 END is NULL), as in PostgreSQL. Everything else evaluates all of
 *     its operands, as the executor does;
 *   - IN lists stop at the first match, in PostgreSQL's order (the items
 *     without columns of this level as one array, then the others as
 *     x = a OR x = b ...): no match and a NULL on either side gives NULL;
 *     x op ANY / ALL (array) follows ExecEvalScalarArrayOp (a NULL array is
 *     NULL, an empty array is false / true even for a NULL x);
 *   - GREATEST / LEAST ignore NULLs and keep the first of equal values;
 *   - a CAST node applies orm_cast with the node's typmod; u.cmp.negated
 *     says whether it is an explicit cast (varchar(n) truncates) or an
 *     implicit / assignment one (22001), as the translator records it and
 *     the renderer reads it.
 * What needs rows other than this one (subqueries, aggregates, window
 * functions) or the target's metadata (DEFAULT) fails with 0A000;
 * orm_eval_supported() says so beforehand.
 *
 * Intermediate values may point into the row, the parameters or the IR;
 * the result of orm_eval() is deep-copied into the caller's arena, so it
 * outlives all three (the EntityManager keeps results in its own arena).
 */
#include "orm/eval.h"

#include <assert.h>
#include <string.h>

#define SQLSTATE_UNDEFINED_PARAMETER "42P02"

/* What every node's evaluation needs besides the node and the row. */
typedef struct ev_env {
    const orm_eval_ctx *cx;
    og_arena *a;
    og_error *err;
} ev_env;

static bool eval(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out);

/* ---- small helpers ------------------------------------------------------------------------------ */

static bool set_bool(og_value *out, bool b)
{
    memset(out, 0, sizeof *out);
    out->oid = OG_OID_BOOL;
    out->u.b = b;
    return true;
}

static bool set_null(og_value *out, uint32_t type)
{
    *out = og_value_null(type);
    return true;
}

/* A three-valued truth: NULL, false or true. */
typedef enum tv { TV_NULL = -1, TV_FALSE = 0, TV_TRUE = 1 } tv;

static bool set_tv(og_value *out, tv t)
{
    return t == TV_NULL ? set_null(out, OG_OID_BOOL) : set_bool(out, t == TV_TRUE);
}

static tv tv_of(const og_value *v)
{
    return v->isnull ? TV_NULL : v->u.b ? TV_TRUE : TV_FALSE;
}

/* Evaluate a boolean operand into a truth value. */
static bool eval_tv(const orm_expr *e, const orm_eval_row *row, const ev_env *env, tv *t)
{
    og_value v;
    if (!eval(e, row, env, &v))
        return false;
    *t = tv_of(&v);
    return true;
}

static bool cmp_holds(orm_cmp op, int c)
{
    switch (op) {
    case ORM_CMP_EQ:
        return c == 0;
    case ORM_CMP_NE:
        return c != 0;
    case ORM_CMP_LT:
        return c < 0;
    case ORM_CMP_LE:
        return c <= 0;
    case ORM_CMP_GT:
        return c > 0;
    case ORM_CMP_GE:
        return c >= 0;
    }
    return false;
}

/* v as a value of type (an implicit cast, only when its type differs). The translator already
 * cast the operands of comparisons; this covers rows and parameters whose values carry a related
 * type (a varchar value where text is compared). */
static bool as_type(const ev_env *env, const og_value *v, uint32_t type, og_value *out)
{
    if (v->isnull || v->oid == type || !type) {
        *out = *v;
        return true;
    }
    return orm_cast(env->cx, v, type, -1, false, env->a, out, env->err);
}

/* Compare two non-NULL values as type: <0, 0, >0 in *c. */
static bool compare(const ev_env *env, const og_value *l, const og_value *r, uint32_t type, int *c)
{
    og_value x, y;
    assert(!l->isnull && !r->isnull);
    if (!as_type(env, l, type, &x) || !as_type(env, r, type, &y))
        return false;
    *c = orm_value_cmp(&x, &y);
    return true;
}

/* l op r as type, three-valued. */
static bool compare_tv(const ev_env *env, const og_value *l, const og_value *r, uint32_t type, orm_cmp op, tv *t)
{
    int c;
    if (l->isnull || r->isnull) {
        *t = TV_NULL;
        return true;
    }
    if (!compare(env, l, r, type, &c))
        return false;
    *t = cmp_holds(op, c) ? TV_TRUE : TV_FALSE;
    return true;
}

/* Make v's payload a copy in a (strings, array elements). */
static void value_copy(og_arena *a, og_value *v)
{
    *v = og_value_copy(v, a);
}

/* ---- what cannot be evaluated here -------------------------------------------------------------- */

/* The reason e itself (not its children) cannot be evaluated, or NULL. */
static const char *unsupported_reason(const orm_expr *e)
{
    switch (e->kind) {
    case ORM_EX_SUBLINK:
        return "subqueries";
    case ORM_EX_AGG:
        return "aggregate functions";
    case ORM_EX_WINDOW:
        return "window functions";
    case ORM_EX_DEFAULT:
        return "DEFAULT";
    case ORM_EX_FUNC:
        return !e->u.call.fn || !e->u.call.fn->impl ? "this function" : NULL;
    case ORM_EX_COLUMN:
        return e->u.column.rte == ORM_RTE_OUTPUT ? "output column references" : NULL;
    default:
        return NULL;
    }
}

static bool unsupported(const orm_expr *e, const ev_env *env, const char *why)
{
    if (e->kind == ORM_EX_FUNC && e->u.call.fn)
        og_error_set(env->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "function %s() cannot be evaluated without the backend", e->u.call.fn->name);
    else
        og_error_set(env->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "%s cannot be evaluated without the backend", why);
    env->err->position = e->location;
    return false;
}

bool orm_eval_supported(const orm_expr *e)
{
    if (!e)
        return true;
    if (unsupported_reason(e))
        return false;
    for (uint16_t i = 0; i < e->nargs; i++)
        if (!orm_eval_supported(e->args[i]))
            return false;
    if (e->kind == ORM_EX_CASE) {
        if (!orm_eval_supported(e->u.case_.arg) || !orm_eval_supported(e->u.case_.else_))
            return false;
        for (uint16_t i = 0; i < e->u.case_.nwhens; i++)
            if (!orm_eval_supported(e->u.case_.whens[i]) || !orm_eval_supported(e->u.case_.thens[i]))
                return false;
    }
    return true;
}

/* ---- leaves -------------------------------------------------------------------------------------------- */

static bool eval_param(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    uint16_t n = e->u.param;
    if (n < 1 || n > row->nparams || !row->params) {
        og_error_set(env->err, SQLSTATE_UNDEFINED_PARAMETER, "there is no parameter $%u", (unsigned)n);
        env->err->position = e->location;
        return false;
    }
    *out = row->params[n - 1];
    return true;
}

static bool eval_column(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    const orm_eval_row *r = row;
    for (uint16_t up = e->u.column.levelsup; up > 0 && r; up--)
        r = r->outer;
    uint16_t rte = e->u.column.rte;
    if (!r || rte >= r->nrtes || !r->rtes || !r->rtes[rte]) {
        og_error_set(env->err, OG_SQLSTATE_INTERNAL_ERROR,
                     "column %u of range-table entry %u (%u levels up) has no row to be evaluated over",
                     (unsigned)e->u.column.col, (unsigned)rte, (unsigned)e->u.column.levelsup);
        return false;
    }
    *out = r->rtes[rte][e->u.column.col];
    return true;
}

/* ---- calls and casts ------------------------------------------------------------------------------------- */

static bool eval_func(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    og_value local[8];
    og_value *args = e->nargs <= 8 ? local : og_arena_alloc(env->a, e->nargs * sizeof(og_value));
    for (uint16_t i = 0; i < e->nargs; i++)
        if (!eval(e->args[i], row, env, &args[i]))
            return false;
    if (!orm_fn_call(e->u.call.fn, env->cx, args, e->nargs, e->type, env->a, out, env->err))
        return false;
    out->oid = e->type; /* as the translator's folding does */
    return true;
}

static bool eval_cast(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    const orm_expr *arg = e->args[0];
    og_value v;
    if (!eval(arg, row, env, &v))
        return false;
    /* the renderer's rule: same type and no new typmod is no cast at all */
    if (arg->type == e->type && (e->typmod < 0 || e->typmod == arg->typmod) && (v.isnull || v.oid == e->type)) {
        *out = v;
        return true;
    }
    return orm_cast(env->cx, &v, e->type, e->typmod, e->u.cmp.negated, env->a, out, env->err);
}

/* ---- logic --------------------------------------------------------------------------------------------- */

/* AND / OR: stop at the first operand that decides (false for AND, true for OR); otherwise NULL
 * when an operand was NULL. */
static bool eval_andor(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    tv decisive = e->kind == ORM_EX_AND ? TV_FALSE : TV_TRUE;
    bool saw_null = false;
    for (uint16_t i = 0; i < e->nargs; i++) {
        tv t;
        if (!eval_tv(e->args[i], row, env, &t))
            return false;
        if (t == decisive)
            return set_tv(out, decisive);
        saw_null |= t == TV_NULL;
    }
    return set_tv(out, saw_null ? TV_NULL : decisive == TV_FALSE ? TV_TRUE : TV_FALSE);
}

static bool eval_booltest(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    tv t;
    if (!eval_tv(e->args[0], row, env, &t))
        return false;
    switch (e->u.booltest) {
    case ORM_BT_TRUE:
        return set_bool(out, t == TV_TRUE);
    case ORM_BT_NOT_TRUE:
        return set_bool(out, t != TV_TRUE);
    case ORM_BT_FALSE:
        return set_bool(out, t == TV_FALSE);
    case ORM_BT_NOT_FALSE:
        return set_bool(out, t != TV_FALSE);
    case ORM_BT_UNKNOWN:
        return set_bool(out, t == TV_NULL);
    case ORM_BT_NOT_UNKNOWN:
        return set_bool(out, t != TV_NULL);
    }
    og_error_set(env->err, OG_SQLSTATE_INTERNAL_ERROR, "unknown boolean test %d", (int)e->u.booltest);
    return false;
}

/* ---- comparisons ------------------------------------------------------------------------------------------- */

static bool eval_cmp(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    og_value l, r;
    tv t;
    if (!eval(e->args[0], row, env, &l) || !eval(e->args[1], row, env, &r) ||
        !compare_tv(env, &l, &r, e->u.cmp.cmp_type, e->u.cmp.op, &t))
        return false;
    return set_tv(out, t);
}

/* IS DISTINCT FROM: NULLs compare equal to each other and unequal to everything else. */
static bool eval_distinct(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    og_value l, r;
    if (!eval(e->args[0], row, env, &l) || !eval(e->args[1], row, env, &r))
        return false;
    bool distinct;
    if (l.isnull || r.isnull) {
        distinct = l.isnull != r.isnull;
    } else {
        int c;
        if (!compare(env, &l, &r, e->u.cmp.cmp_type, &c))
            return false;
        distinct = c != 0;
    }
    return set_bool(out, e->u.cmp.negated ? !distinct : distinct);
}

static bool eval_nullif(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    og_value l, r;
    tv t;
    if (!eval(e->args[0], row, env, &l) || !eval(e->args[1], row, env, &r) ||
        !compare_tv(env, &l, &r, e->u.cmp.cmp_type, ORM_CMP_EQ, &t))
        return false;
    if (t == TV_TRUE)
        return set_null(out, e->type);
    *out = l;
    return true;
}

/* Does e read a column of its own query level (PostgreSQL's contain_vars_of_level(e, 0))? */
static bool has_own_column(const orm_expr *e)
{
    if (!e)
        return false;
    if (e->kind == ORM_EX_COLUMN)
        return e->u.column.levelsup == 0;
    for (uint16_t i = 0; i < e->nargs; i++)
        if (has_own_column(e->args[i]))
            return true;
    if (e->kind == ORM_EX_CASE) {
        if (has_own_column(e->u.case_.arg) || has_own_column(e->u.case_.else_))
            return true;
        for (uint16_t i = 0; i < e->u.case_.nwhens; i++)
            if (has_own_column(e->u.case_.whens[i]) || has_own_column(e->u.case_.thens[i]))
                return true;
    }
    return false;
}

/* One comparison of an IN list: x = y. Returns false on error; *done when it decided the answer. */
static bool in_item(const ev_env *env, const og_value *x, const og_value *y, const orm_expr *e, og_value *out,
                    bool *saw_null, bool *done)
{
    tv t;
    if (!compare_tv(env, x, y, e->u.cmp.cmp_type, ORM_CMP_EQ, &t))
        return false;
    *saw_null |= t == TV_NULL;
    *done = t == TV_TRUE;
    if (*done)
        set_bool(out, !e->u.cmp.negated);
    return true;
}

/* x [NOT] IN (a, b, ...): true at the first match, else NULL when a comparison was NULL, else
 * false; NOT IN is its negation. Evaluated in PostgreSQL's order (transformAExprIn): when two or
 * more items read no column of this level, they form one x = ANY (ARRAY[...]), built whole and
 * tried first; then the other items, one x = item at a time, in order, until one matches. */
static bool eval_in(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    og_value x, y;
    bool saw_null = false, done = false;
    if (!eval(e->args[0], row, env, &x))
        return false;
    uint16_t nconst = 0;
    for (uint16_t i = 1; i < e->nargs; i++)
        nconst += !has_own_column(e->args[i]);
    bool grouped = nconst > 1;
    if (grouped) {
        og_value *vals = og_arena_alloc(env->a, nconst * sizeof(og_value));
        uint16_t k = 0;
        for (uint16_t i = 1; i < e->nargs; i++)
            if (!has_own_column(e->args[i]) && !eval(e->args[i], row, env, &vals[k++]))
                return false;
        for (uint16_t i = 0; i < nconst && !done; i++)
            if (!in_item(env, &x, &vals[i], e, out, &saw_null, &done))
                return false;
    }
    for (uint16_t i = 1; i < e->nargs && !done; i++) {
        if (grouped && !has_own_column(e->args[i]))
            continue;
        if (!eval(e->args[i], row, env, &y) || !in_item(env, &x, &y, e, out, &saw_null, &done))
            return false;
    }
    if (done)
        return true;
    return saw_null ? set_null(out, OG_OID_BOOL) : set_bool(out, e->u.cmp.negated);
}

/* x op ANY / ALL (array), as ExecEvalScalarArrayOp: a NULL array gives NULL; an empty array gives
 * false for ANY and true for ALL (whatever x is); then a NULL x gives NULL; then the elements are
 * compared in order until one decides. */
static bool eval_any(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    og_value x, arr;
    if (!eval(e->args[0], row, env, &x) || !eval(e->args[1], row, env, &arr))
        return false;
    bool all = e->u.any.all;
    if (arr.isnull)
        return set_null(out, OG_OID_BOOL);
    if (!og_type_array_elem(arr.oid)) {
        og_error_set(env->err, OG_SQLSTATE_INTERNAL_ERROR, "ANY/ALL over a value of type %s", og_type_name(arr.oid));
        return false;
    }
    if (arr.u.arr.n == 0)
        return set_bool(out, all);
    if (x.isnull)
        return set_null(out, OG_OID_BOOL);
    tv decisive = all ? TV_FALSE : TV_TRUE;
    bool saw_null = false;
    for (uint32_t i = 0; i < arr.u.arr.n; i++) {
        tv t;
        if (!compare_tv(env, &x, &arr.u.arr.elems[i], e->u.any.cmp_type, e->u.any.op, &t))
            return false;
        if (t == decisive)
            return set_tv(out, decisive);
        saw_null |= t == TV_NULL;
    }
    return saw_null ? set_null(out, OG_OID_BOOL) : set_bool(out, all);
}

/* ---- conditionals ------------------------------------------------------------------------------------------- */

/* CASE: the WHEN conditions in order up to the first that holds, then only its THEN. A simple
 * CASE evaluates its operand once and compares it with = as cmp_type (a NULL never matches). */
static bool eval_case(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    og_value arg;
    bool simple = e->u.case_.arg != NULL;
    if (simple && !eval(e->u.case_.arg, row, env, &arg))
        return false;
    for (uint16_t i = 0; i < e->u.case_.nwhens; i++) {
        og_value w;
        tv t;
        if (!eval(e->u.case_.whens[i], row, env, &w))
            return false;
        if (simple) {
            if (!compare_tv(env, &arg, &w, e->u.case_.cmp_type, ORM_CMP_EQ, &t))
                return false;
        } else {
            t = tv_of(&w);
        }
        if (t == TV_TRUE)
            return eval(e->u.case_.thens[i], row, env, out);
    }
    if (e->u.case_.else_)
        return eval(e->u.case_.else_, row, env, out);
    return set_null(out, e->type);
}

/* COALESCE: the first non-NULL argument; the ones after it are not evaluated. */
static bool eval_coalesce(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    for (uint16_t i = 0; i < e->nargs; i++) {
        if (!eval(e->args[i], row, env, out))
            return false;
        if (!out->isnull)
            return true;
    }
    return set_null(out, e->type);
}

/* GREATEST / LEAST: every argument is evaluated, NULLs are skipped, the first of equal values wins. */
static bool eval_minmax(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    bool most = e->kind == ORM_EX_GREATEST;
    set_null(out, e->type);
    for (uint16_t i = 0; i < e->nargs; i++) {
        og_value v;
        int c;
        if (!eval(e->args[i], row, env, &v))
            return false;
        if (v.isnull)
            continue;
        if (out->isnull) {
            *out = v;
            continue;
        }
        if (!compare(env, out, &v, e->type, &c))
            return false;
        if (most ? c < 0 : c > 0)
            *out = v;
    }
    return true;
}

/* ARRAY[...]: a one-dimensional array of e->type, lower bound 1. */
static bool eval_array(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    uint32_t elem = og_type_array_elem(e->type);
    if (!elem) {
        og_error_set(env->err, OG_SQLSTATE_INTERNAL_ERROR, "ARRAY of type %s", og_type_name(e->type));
        return false;
    }
    og_value *elems = og_arena_alloc(env->a, (e->nargs ? e->nargs : 1u) * sizeof(og_value));
    for (uint16_t i = 0; i < e->nargs; i++) {
        og_value v;
        if (!eval(e->args[i], row, env, &v))
            return false;
        if (v.isnull)
            elems[i] = og_value_null(elem);
        else if (!as_type(env, &v, elem, &elems[i]))
            return false;
    }
    memset(out, 0, sizeof *out);
    out->oid = e->type;
    out->u.arr.elem_oid = elem;
    out->u.arr.n = e->nargs;
    out->u.arr.lbound = 1;
    out->u.arr.elems = e->nargs ? elems : NULL;
    return true;
}

/* ---- the dispatcher ------------------------------------------------------------------------------------------ */

static bool eval_node(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    const char *why = unsupported_reason(e);
    if (why)
        return unsupported(e, env, why);
    switch (e->kind) {
    case ORM_EX_CONST:
        *out = e->u.value;
        return true;
    case ORM_EX_PARAM:
        return eval_param(e, row, env, out);
    case ORM_EX_COLUMN:
        return eval_column(e, row, env, out);
    case ORM_EX_FUNC:
        return eval_func(e, row, env, out);
    case ORM_EX_CAST:
        return eval_cast(e, row, env, out);
    case ORM_EX_CMP:
        return eval_cmp(e, row, env, out);
    case ORM_EX_AND:
    case ORM_EX_OR:
        return eval_andor(e, row, env, out);
    case ORM_EX_NOT: {
        tv t;
        if (!eval_tv(e->args[0], row, env, &t))
            return false;
        return set_tv(out, t == TV_NULL ? TV_NULL : t == TV_TRUE ? TV_FALSE : TV_TRUE);
    }
    case ORM_EX_NULLTEST: {
        og_value v;
        if (!eval(e->args[0], row, env, &v))
            return false;
        return set_bool(out, v.isnull != e->u.cmp.negated);
    }
    case ORM_EX_BOOLTEST:
        return eval_booltest(e, row, env, out);
    case ORM_EX_DISTINCT:
        return eval_distinct(e, row, env, out);
    case ORM_EX_CASE:
        return eval_case(e, row, env, out);
    case ORM_EX_COALESCE:
        return eval_coalesce(e, row, env, out);
    case ORM_EX_NULLIF:
        return eval_nullif(e, row, env, out);
    case ORM_EX_GREATEST:
    case ORM_EX_LEAST:
        return eval_minmax(e, row, env, out);
    case ORM_EX_IN:
        return eval_in(e, row, env, out);
    case ORM_EX_ARRAY:
        return eval_array(e, row, env, out);
    case ORM_EX_ANY:
        return eval_any(e, row, env, out);
    default:
        og_error_set(env->err, OG_SQLSTATE_INTERNAL_ERROR, "expression kind %d cannot be evaluated", (int)e->kind);
        return false;
    }
}

/* Evaluate one node; a NULL result carries the node's type. */
static bool eval(const orm_expr *e, const orm_eval_row *row, const ev_env *env, og_value *out)
{
    if (!e) {
        og_error_set(env->err, OG_SQLSTATE_INTERNAL_ERROR, "missing expression");
        return false;
    }
    *out = og_value_null(e->type);
    if (!eval_node(e, row, env, out))
        return false;
    if (out->isnull)
        out->oid = e->type;
    return true;
}

bool orm_eval(const orm_expr *e, const orm_eval_row *row, const orm_eval_ctx *cx, og_arena *a, og_value *out,
              og_error *err)
{
    static const orm_eval_row empty = {0};
    ev_env env = {cx, a, err};
    assert(cx && a && out);
    if (!eval(e, row ? row : &empty, &env, out))
        return false;
    value_copy(a, out);
    return true;
}

bool orm_eval_cond(const orm_expr *e, const orm_eval_row *row, const orm_eval_ctx *cx, og_arena *a, bool *result,
                   og_error *err)
{
    static const orm_eval_row empty = {0};
    ev_env env = {cx, a, err};
    og_value v;
    assert(cx && a && result);
    *result = false;
    if (!eval(e, row ? row : &empty, &env, &v))
        return false;
    if (!v.isnull && v.oid != OG_OID_BOOL) {
        og_error_set(err, "42804", "argument of WHERE must be type boolean, not type %s", og_type_name(v.oid));
        return false;
    }
    *result = !v.isnull && v.u.b;
    return true;
}
