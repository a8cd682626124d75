/*
 * drivers/sqlrender_expr.c - expressions of the query IR into SQL.
 *
 * Every node is rendered from its PostgreSQL type: the dialect says how a
 * type compares on the backend (natively, under a collation, or only
 * through og_cmp), which catalog functions and casts have an exactly equal
 * native form, and how array elements (JSON text in SQLite's storage) are
 * read and written. Everything else goes through the og_ functions the
 * driver registers, called as og_<sym>('RET:A1,...', args) with the
 * concrete types of the call. Where neither gives PostgreSQL's answer the
 * construct is refused with 0A000. docs/sqlrender.md lists the rules.
 */
#include "drivers/sqlrender_int.h"

#include <ctype.h>
#include <string.h>

static const char *wrap(sr *c, const char *s, bool paren)
{
    return paren ? sr_printf(c, "(%s)", s) : s;
}

static const char *op_text(orm_cmp op)
{
    static const char *ops[] = {"=", "<>", "<", "<=", ">", ">="};
    return ops[op];
}

static bool ordering_op(orm_cmp op)
{
    return op != ORM_CMP_EQ && op != ORM_CMP_NE;
}

static const char *type_text(uint32_t oid)
{
    const char *n = og_type_name(oid);
    return n ? n : "unknown";
}

/* ---- comparison, ordering, grouping ------------------------------------------------------------- */

const char *sr_cmp(sr *c, orm_cmp op, uint32_t type, const char *l, const char *r)
{
    drv_cmp_rule rule = c->d->cmp_rule(type, ordering_op(op));
    switch (rule.kind) {
    case DRV_CMP_NATIVE:
        return sr_printf(c, "%s %s %s", l, op_text(op), r);
    case DRV_CMP_COLLATE:
        return sr_printf(c, "%s %s %s COLLATE %s", l, op_text(op), r, rule.collation);
    default:
        return sr_printf(c, "og_cmp(%u, %s, %s) %s 0", type, l, r, op_text(op));
    }
}

const char *sr_order_item(sr *c, const char *sql, uint32_t type, bool desc, orm_nulls nulls, int location)
{
    drv_cmp_rule rule = c->d->cmp_rule(type, true);
    if (rule.kind == DRV_CMP_FUNC)
        return sr_unsupported(c, location, "ORDER BY on type %s is not supported on the %s backend", type_text(type),
                              c->d->name);
    bool first = nulls == ORM_NULLS_FIRST || (nulls == ORM_NULLS_DEFAULT && desc);
    return sr_printf(c, "%s%s%s%s %s", sql, rule.kind == DRV_CMP_COLLATE ? " COLLATE " : "",
                     rule.kind == DRV_CMP_COLLATE ? rule.collation : "", desc ? " DESC" : " ASC",
                     first ? "NULLS FIRST" : "NULLS LAST");
}

const char *sr_group_key(sr *c, const char *sql, uint32_t type)
{
    drv_cmp_rule rule = c->d->cmp_rule(type, false);
    return rule.kind == DRV_CMP_COLLATE ? sr_printf(c, "%s COLLATE %s", sql, rule.collation) : sql;
}

/* An operand with the collation its type compares under (for IN, whose left side decides). */
static const char *keyed(sr *c, const char *sql, drv_cmp_rule rule)
{
    return rule.kind == DRV_CMP_COLLATE ? sr_printf(c, "%s COLLATE %s", sql, rule.collation) : sql;
}

/* ---- og_ calls -------------------------------------------------------------------------------------- */

static bool sym_ok(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

/* prefix<sym>('RET:A1,...', args...); mods is put before the arguments (DISTINCT). */
static const char *og_call(sr *c, const char *prefix, const orm_fn *fn, uint32_t ret, const uint32_t *types,
                           const char *const *args, uint16_t n)
{
    if (!sym_ok(fn->sym))
        return sr_internal(c, "catalog function \"%s\" has no usable symbol", fn->name);
    og_buf b = OG_BUF_INIT;
    og_buf_printf(&b, "%s%s('%u:", prefix, fn->sym, ret);
    for (uint16_t i = 0; i < n; i++)
        og_buf_printf(&b, "%s%u", i ? "," : "", types[i]);
    og_buf_putc(&b, '\'');
    for (uint16_t i = 0; i < n; i++)
        og_buf_printf(&b, ", %s", args[i]);
    og_buf_putc(&b, ')');
    return sr_take(c, &b);
}

/* Arguments of a call, rendered as list items; types in *types. */
static const char **render_args(sr *c, const sr_frame *f, const orm_expr *e, uint32_t **types)
{
    const char **args = og_arena_zalloc(c->a, sizeof(char *) * (e->nargs + 1u));
    *types = og_arena_zalloc(c->a, sizeof(uint32_t) * (e->nargs + 1u));
    for (uint16_t i = 0; i < e->nargs; i++) {
        if (!(args[i] = sr_expr(c, f, e->args[i], true)))
            return NULL;
        (*types)[i] = e->args[i]->type;
    }
    return args;
}

/* A catalog function by name and argument types, called through og_. */
static const char *catalog_call(sr *c, const char *name, bool is_operator, const uint32_t *types,
                                const char *const *args, uint16_t n)
{
    uint32_t ret;
    og_error tmp = OG_ERROR_INIT;
    const orm_fn *fn = orm_fn_resolve(name, types, n, is_operator, &ret, &tmp);
    og_error_clear(&tmp);
    if (!fn || !fn->impl)
        return sr_unsupported(c, 0, "%s is not available on the %s backend", name, c->d->name);
    return og_call(c, "og_", fn, ret, types, args, n);
}

static const char *func_call(sr *c, const sr_frame *f, const orm_expr *e)
{
    const orm_fn *fn = e->u.call.fn;
    if (!fn)
        return sr_internal(c, "call without a function");
    if (!fn->impl)
        return sr_unsupported(c, e->location, "function %s() is not supported here on the %s backend", fn->name,
                              c->d->name);
    uint32_t *types;
    const char **args = render_args(c, f, e, &types);
    if (!args)
        return NULL;
    const char *s = c->d->native_func ? c->d->native_func(c->a, e, args) : NULL;
    if (s)
        return s; /* operand-safe by the dialect's contract */
    return og_call(c, "og_", fn, e->type, types, args, e->nargs);
}

/* ---- aggregates and window functions ---------------------------------------------------------------- */

static bool is_int4ish(uint32_t t)
{
    return t == OG_OID_INT2 || t == OG_OID_INT4;
}

/* count, sum over small integers, min / max over natively ordered types, bool_and / bool_or: the
 * backend's aggregates compute exactly PostgreSQL's. NULL when there is no native form. */
static const char *native_agg(sr *c, const orm_expr *e, const char *const *args)
{
    const orm_fn *fn = e->u.call.fn;
    const char *dist = e->u.call.distinct ? "DISTINCT " : "";
    if (e->u.call.star)
        return "count(*)";
    if (e->nargs != 1)
        return NULL;
    uint32_t t = e->args[0]->type;
    if (!strcmp(fn->name, "count"))
        return sr_printf(c, "count(%s%s)", dist, e->u.call.distinct ? sr_group_key(c, args[0], t) : args[0]);
    if (!strcmp(fn->name, "sum") && is_int4ish(t))
        return sr_printf(c, "sum(%s%s)", dist, args[0]);
    if (!strcmp(fn->name, "min") || !strcmp(fn->name, "max")) {
        drv_cmp_rule rule = c->d->cmp_rule(t, true);
        if (rule.kind == DRV_CMP_FUNC)
            return NULL;
        return sr_printf(c, "%s(%s%s)", fn->name, dist, keyed(c, args[0], rule));
    }
    if (t == OG_OID_BOOL && (!strcmp(fn->name, "bool_and") || !strcmp(fn->name, "every")))
        return sr_printf(c, "min(%s)", args[0]);
    if (t == OG_OID_BOOL && !strcmp(fn->name, "bool_or"))
        return sr_printf(c, "max(%s)", args[0]);
    return NULL;
}

/* The driver registers og_<sym>(x) without the types list for entries whose declared types are
 * concrete: the only form SQLite accepts with DISTINCT (one argument). */
static bool short_form(const orm_fn *fn)
{
    if (fn->nargs != 1 || (fn->flags & ORM_FN_VARIADIC))
        return false;
    uint32_t pseudo[] = {ORM_T_ANY, ORM_T_ANYELEMENT, ORM_T_ANYARRAY, ORM_T_ANYNONARRAY};
    for (size_t k = 0; k < sizeof(pseudo) / sizeof(pseudo[0]); k++)
        if (fn->args[0] == pseudo[k] || fn->ret == pseudo[k])
            return false;
    return true;
}

/* Do two expressions compute the same (the IR's structure; conservative: false when unsure)? */
static bool same_expr(const orm_expr *x, const orm_expr *y)
{
    if (x == y)
        return true;
    if (!x || !y || x->kind != y->kind || x->type != y->type || x->typmod != y->typmod || x->nargs != y->nargs)
        return false;
    for (uint16_t i = 0; i < x->nargs; i++)
        if (!same_expr(x->args[i], y->args[i]))
            return false;
    switch (x->kind) {
    case ORM_EX_COLUMN:
        return x->u.column.levelsup == y->u.column.levelsup && x->u.column.rte == y->u.column.rte &&
               x->u.column.col == y->u.column.col;
    case ORM_EX_PARAM:
        return x->u.param == y->u.param;
    case ORM_EX_CONST: {
        const og_value *a = &x->u.value, *b = &y->u.value;
        if (a->isnull || b->isnull)
            return a->isnull && b->isnull;
        return a->oid == b->oid && orm_value_cmp(a, b) == 0;
    }
    case ORM_EX_FUNC:
        return x->u.call.fn == y->u.call.fn;
    case ORM_EX_CAST:
    case ORM_EX_CMP:
    case ORM_EX_NULLTEST:
    case ORM_EX_DISTINCT:
    case ORM_EX_NULLIF:
    case ORM_EX_IN:
        return x->u.cmp.op == y->u.cmp.op && x->u.cmp.cmp_type == y->u.cmp.cmp_type &&
               x->u.cmp.negated == y->u.cmp.negated;
    case ORM_EX_BOOLTEST:
        return x->u.booltest == y->u.booltest;
    case ORM_EX_AND:
    case ORM_EX_OR:
    case ORM_EX_NOT:
    case ORM_EX_COALESCE:
    case ORM_EX_GREATEST:
    case ORM_EX_LEAST:
    case ORM_EX_ARRAY:
        return true;
    default:
        return false;
    }
}

/* ogo_<sym>('RET:A1,...', 'D:K1,...', args..., keys...): the driver's ordered form, which collects
 * the group's rows and sorts them itself (ORDER BY and DISTINCT inside the call). */
static const char *ordered_agg(sr *c, const sr_frame *f, const orm_expr *e, const uint32_t *types,
                               const char *const *args)
{
    const orm_fn *fn = e->u.call.fn;
    uint16_t nk = e->u.call.norder;
    if (!sym_ok(fn->sym))
        return sr_internal(c, "catalog function \"%s\" has no usable symbol", fn->name);
    if ((size_t)e->nargs + nk + 2 > 127) /* SQLite's SQLITE_MAX_FUNCTION_ARG */
        return sr_unsupported(c, e->location,
                              "%s() with %u arguments and %u ORDER BY keys is not supported on the %s "
                              "backend",
                              fn->name, (unsigned)e->nargs, (unsigned)nk, c->d->name);
    og_buf b = OG_BUF_INIT;
    og_buf_printf(&b, "ogo_%s('%u:", fn->sym, e->type);
    for (uint16_t i = 0; i < e->nargs; i++)
        og_buf_printf(&b, "%s%u", i ? "," : "", types[i]);
    og_buf_printf(&b, "', '%d:", e->u.call.distinct ? 1 : 0);
    for (uint16_t i = 0; i < nk; i++) {
        const orm_sortby *s = &e->u.call.order[i];
        bool first = s->nulls == ORM_NULLS_FIRST || (s->nulls == ORM_NULLS_DEFAULT && s->desc);
        og_buf_printf(&b, "%s%u%c%c", i ? "," : "", s->expr->type, s->desc ? 'D' : 'A', first ? 'F' : 'L');
    }
    og_buf_putc(&b, '\'');
    for (uint16_t i = 0; i < e->nargs; i++)
        og_buf_printf(&b, ", %s", args[i]);
    for (uint16_t i = 0; i < nk; i++) {
        const char *k = sr_expr(c, f, e->u.call.order[i].expr, true);
        if (!k) {
            og_buf_free(&b);
            return NULL;
        }
        og_buf_printf(&b, ", %s", k);
    }
    og_buf_putc(&b, ')');
    return sr_take(c, &b);
}

static const char *agg_call(sr *c, const sr_frame *f, const orm_expr *e, bool window)
{
    const orm_fn *fn = e->u.call.fn;
    if (!fn)
        return sr_internal(c, "aggregate without a function");
    if (window && e->u.call.norder) /* PostgreSQL's own words */
        return sr_unsupported(c, e->location, "aggregate ORDER BY is not implemented for window functions");
    if (window && e->u.call.distinct)
        return sr_unsupported(c, e->location, "DISTINCT is not implemented for window functions");
    if (e->u.call.distinct)
        for (uint16_t i = 0; i < e->u.call.norder; i++) {
            bool found = false;
            for (uint16_t k = 0; k < e->nargs && !found; k++)
                found = same_expr(e->u.call.order[i].expr, e->args[k]);
            if (!found) {
                const orm_expr *x = e->u.call.order[i].expr;
                og_error_set(c->err, "42P10",
                             "in an aggregate with DISTINCT, ORDER BY expressions must appear in "
                             "argument list");
                if (x->location > 0)
                    c->err->position = x->location;
                return NULL;
            }
        }
    uint32_t *types;
    const char **args = render_args(c, f, e, &types);
    if (!args)
        return NULL;
    /* the native aggregates are count, sum of integers, min, max, bool_and, bool_or: the order of
     * their input does not change their result, so an ORDER BY inside them changes nothing */
    const char *s = native_agg(c, e, args);
    if (!s && !fn->agg)
        return sr_internal(c, "aggregate %s() has no implementation", fn->name);
    if (!s && e->u.call.distinct && !e->u.call.norder && short_form(fn) && sym_ok(fn->sym) && e->nargs == 1)
        s = sr_printf(c, "og_%s(DISTINCT %s)", fn->sym, sr_group_key(c, args[0], e->args[0]->type));
    else if (!s && (e->u.call.distinct || e->u.call.norder))
        s = ordered_agg(c, f, e, types, args);
    else if (!s)
        s = og_call(c, window ? "ogw_" : "og_", fn, e->type, types, args, e->nargs);
    if (!s)
        return NULL;
    if (e->u.call.filter) {
        const char *w = sr_expr(c, f, e->u.call.filter, false);
        if (!w)
            return NULL;
        s = sr_printf(c, "%s FILTER (WHERE %s)", s, w);
    }
    return s;
}

static const char *frame_bound(sr *c, const sr_frame *f, uint32_t fl, bool start, const orm_expr *off)
{
    uint32_t unb = start ? ORM_FRAME_START_UNBOUNDED : ORM_FRAME_END_UNBOUNDED;
    uint32_t cur = start ? ORM_FRAME_START_CURRENT : ORM_FRAME_END_CURRENT;
    uint32_t pre = start ? ORM_FRAME_START_PRECEDING : ORM_FRAME_END_PRECEDING;
    if (fl & unb)
        return start ? "UNBOUNDED PRECEDING" : "UNBOUNDED FOLLOWING";
    if (fl & cur)
        return "CURRENT ROW";
    if (!off)
        return sr_internal(c, "window frame offset missing");
    const char *x = sr_expr(c, f, off, true);
    return x ? sr_printf(c, "%s %s", x, (fl & pre) ? "PRECEDING" : "FOLLOWING") : NULL;
}

static const char *over_clause(sr *c, const sr_frame *f, const orm_window *w, int location)
{
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "OVER (");
    for (uint16_t i = 0; i < w->npartition; i++) {
        const char *x = sr_expr(c, f, w->partition[i], true);
        if (!x || !(x = sr_group_key(c, x, w->partition[i]->type))) {
            og_buf_free(&b);
            return NULL;
        }
        og_buf_printf(&b, "%s%s", i ? ", " : "PARTITION BY ", x);
    }
    for (uint16_t i = 0; i < w->norder; i++) {
        const orm_sortby *s = &w->order[i];
        const char *x = sr_expr(c, f, s->expr, true);
        if (!x || !(x = sr_order_item(c, x, s->expr->type, s->desc, s->nulls, s->expr->location))) {
            og_buf_free(&b);
            return NULL;
        }
        og_buf_printf(&b, "%s%s", i ? ", " : w->npartition ? " ORDER BY " : "ORDER BY ", x);
    }
    uint32_t fl = w->frame;
    if (fl & ORM_FRAME_EXPLICIT) {
        const char *unit = (fl & ORM_FRAME_ROWS) ? "ROWS" : (fl & ORM_FRAME_GROUPS) ? "GROUPS" : "RANGE";
        bool offsets = fl & (ORM_FRAME_START_PRECEDING | ORM_FRAME_START_FOLLOWING | ORM_FRAME_END_PRECEDING |
                             ORM_FRAME_END_FOLLOWING);
        if (!strcmp(unit, "RANGE") && offsets) {
            uint32_t t = w->norder == 1 ? w->order[0].expr->type : 0;
            bool numeric = is_int4ish(t) || t == OG_OID_INT8 || t == OG_OID_FLOAT4 || t == OG_OID_FLOAT8;
            if (!numeric) {
                og_buf_free(&b);
                return sr_unsupported(c, location,
                                      "RANGE with an offset PRECEDING/FOLLOWING over type %s is not supported on the "
                                      "%s backend",
                                      t ? type_text(t) : "several columns", c->d->name);
            }
        }
        const char *s = frame_bound(c, f, fl, true, w->start_offset);
        bool has_end =
            fl & (ORM_FRAME_END_UNBOUNDED | ORM_FRAME_END_CURRENT | ORM_FRAME_END_PRECEDING | ORM_FRAME_END_FOLLOWING);
        const char *e = has_end ? frame_bound(c, f, fl, false, w->end_offset) : "";
        if (!s || !e) {
            og_buf_free(&b);
            return NULL;
        }
        og_buf_printf(&b, "%s%s ", w->npartition || w->norder ? " " : "", unit);
        if (has_end)
            og_buf_printf(&b, "BETWEEN %s AND %s", s, e);
        else
            og_buf_puts(&b, s);
    }
    og_buf_putc(&b, ')');
    return sr_take(c, &b);
}

static const char *window_call(sr *c, const sr_frame *f, const orm_expr *e)
{
    const orm_fn *fn = e->u.call.fn;
    if (!fn || !e->u.call.over)
        return sr_internal(c, "window call without a function or window");
    const char *s;
    if (fn->flags & ORM_FN_WINDOW) { /* row_number, rank, lag, ...: the backend's own */
        uint32_t *types;
        const char **args = render_args(c, f, e, &types);
        if (!args)
            return NULL;
        og_buf b = OG_BUF_INIT;
        og_buf_printf(&b, "%s(", fn->name);
        for (uint16_t i = 0; i < e->nargs; i++)
            og_buf_printf(&b, "%s%s", i ? ", " : "", args[i]);
        og_buf_putc(&b, ')');
        s = sr_take(c, &b);
        if (e->u.call.filter)
            return sr_unsupported(c, e->location, "FILTER is not implemented for non-aggregate window functions");
    } else {
        s = agg_call(c, f, e, true);
    }
    const char *o = s ? over_clause(c, f, e->u.call.over, e->location) : NULL;
    return o ? sr_printf(c, "%s %s", s, o) : NULL;
}

/* ---- casts ------------------------------------------------------------------------------------------------ */

static const char *cast_expr(sr *c, const sr_frame *f, const orm_expr *e)
{
    if (e->nargs != 1)
        return sr_internal(c, "cast without an operand");
    const orm_expr *arg = e->args[0];
    const char *x = sr_expr(c, f, arg, true);
    if (!x)
        return NULL;
    uint32_t from = arg->type, to = e->type;
    bool explicit_cast = e->u.cmp.negated;
    if (from == to && (e->typmod < 0 || e->typmod == arg->typmod))
        return x;
    const char *n = c->d->native_cast ? c->d->native_cast(c->a, x, from, to, e->typmod, explicit_cast) : NULL;
    if (n)
        return n; /* operand-safe by the dialect's contract */
    return sr_printf(c, "og_cast('%u:%u:%d:%d', %s)", from, to, (int)e->typmod, explicit_cast ? 1 : 0, x);
}

/* ---- conditionals --------------------------------------------------------------------------------------- */

static const char *case_expr(sr *c, const sr_frame *f, const orm_expr *e)
{
    const char *arg = NULL;
    bool simple_native = false;
    if (e->u.case_.arg) {
        if (!(arg = sr_expr(c, f, e->u.case_.arg, true)))
            return NULL;
        simple_native = c->d->cmp_rule(e->u.case_.cmp_type, false).kind == DRV_CMP_NATIVE;
    }
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "CASE");
    if (simple_native)
        og_buf_printf(&b, " %s", arg);
    for (uint16_t i = 0; i < e->u.case_.nwhens; i++) {
        const char *w = sr_expr(c, f, e->u.case_.whens[i], !simple_native && arg);
        if (w && arg && !simple_native)
            w = sr_cmp(c, ORM_CMP_EQ, e->u.case_.cmp_type, arg, w);
        const char *t = w ? sr_expr(c, f, e->u.case_.thens[i], false) : NULL;
        if (!t) {
            og_buf_free(&b);
            return NULL;
        }
        og_buf_printf(&b, " WHEN %s THEN %s", w, t);
    }
    if (e->u.case_.else_) {
        const char *x = sr_expr(c, f, e->u.case_.else_, false);
        if (!x) {
            og_buf_free(&b);
            return NULL;
        }
        og_buf_printf(&b, " ELSE %s", x);
    }
    og_buf_puts(&b, " END");
    return sr_take(c, &b);
}

static const char **render_all(sr *c, const sr_frame *f, const orm_expr *e, uint16_t from)
{
    const char **v = og_arena_zalloc(c->a, sizeof(char *) * (e->nargs + 1u));
    for (uint16_t i = from; i < e->nargs; i++)
        if (!(v[i] = sr_expr(c, f, e->args[i], true)))
            return NULL;
    return v;
}

static const char *list_text(sr *c, const char *const *v, uint16_t from, uint16_t n, const char *sep)
{
    og_buf b = OG_BUF_INIT;
    for (uint16_t i = from; i < n; i++)
        og_buf_printf(&b, "%s%s", i > from ? sep : "", v[i]);
    return sr_take(c, &b);
}

/* GREATEST / LEAST ignore NULLs in PostgreSQL, while the backend's max(a, b) is NULL when one is:
 * max(coalesce(a, b, c), coalesce(b, a, c), coalesce(c, a, b)) is NULL only when all are. */
static const char *greatest(sr *c, const sr_frame *f, const orm_expr *e)
{
    bool most = e->kind == ORM_EX_GREATEST;
    const char **v = render_all(c, f, e, 0);
    if (!v)
        return NULL;
    if (e->nargs == 1)
        return v[0];
    drv_cmp_rule rule = c->d->cmp_rule(e->type, true);
    if (rule.kind == DRV_CMP_FUNC) {
        if (e->nargs > 3)
            return sr_unsupported(c, e->location,
                                  "%s of more than 3 values of type %s is not supported on the %s backend",
                                  most ? "GREATEST" : "LEAST", type_text(e->type), c->d->name);
        const char *acc = v[0];
        for (uint16_t i = 1; i < e->nargs; i++)
            acc = sr_printf(c,
                            "(CASE WHEN %s IS NULL THEN %s WHEN %s IS NULL THEN %s WHEN og_cmp(%u, %s, %s) %s 0 "
                            "THEN %s ELSE %s END)",
                            acc, v[i], v[i], acc, e->type, acc, v[i], most ? ">=" : "<=", acc, v[i]);
        return acc;
    }
    og_buf b = OG_BUF_INIT;
    og_buf_printf(&b, "%s(", most ? "max" : "min");
    for (uint16_t i = 0; i < e->nargs; i++) {
        og_buf_printf(&b, "%scoalesce(%s", i ? ", " : "", v[i]);
        for (uint16_t k = 0; k < e->nargs; k++)
            if (k != i)
                og_buf_printf(&b, ", %s", v[k]);
        og_buf_putc(&b, ')');
        if (i == 0 && rule.kind == DRV_CMP_COLLATE)
            og_buf_printf(&b, " COLLATE %s", rule.collation);
    }
    og_buf_putc(&b, ')');
    return sr_take(c, &b);
}

static const char *nullif_expr(sr *c, const sr_frame *f, const orm_expr *e)
{
    const char **v = render_all(c, f, e, 0);
    if (!v || e->nargs != 2)
        return v ? sr_internal(c, "NULLIF needs two operands") : NULL;
    if (c->d->cmp_rule(e->u.cmp.cmp_type, false).kind == DRV_CMP_NATIVE)
        return sr_printf(c, "nullif(%s, %s)", v[0], v[1]);
    return sr_printf(c, "CASE WHEN %s THEN NULL ELSE %s END", sr_cmp(c, ORM_CMP_EQ, e->u.cmp.cmp_type, v[0], v[1]),
                     v[0]);
}

static const char *distinct_expr(sr *c, const sr_frame *f, const orm_expr *e)
{
    const char **v = render_all(c, f, e, 0);
    if (!v || e->nargs != 2)
        return v ? sr_internal(c, "IS DISTINCT FROM needs two operands") : NULL;
    bool not_distinct = e->u.cmp.negated;
    drv_cmp_rule rule = c->d->cmp_rule(e->u.cmp.cmp_type, false);
    if (rule.kind != DRV_CMP_FUNC)
        return sr_printf(c, "%s %s %s%s%s", v[0], not_distinct ? "IS" : "IS NOT", v[1],
                         rule.kind == DRV_CMP_COLLATE ? " COLLATE " : "",
                         rule.kind == DRV_CMP_COLLATE ? rule.collation : "");
    return sr_printf(c,
                     "CASE WHEN %s IS NULL THEN %s IS %sNULL WHEN %s IS NULL THEN %d ELSE og_cmp(%u, %s, %s) %s 0 END",
                     v[0], v[1], not_distinct ? "" : "NOT ", v[1], not_distinct ? 0 : 1, e->u.cmp.cmp_type, v[0], v[1],
                     not_distinct ? "=" : "<>");
}

/* ---- IN, ANY / ALL, subqueries, arrays -------------------------------------------------------------- */

static const char *in_list(sr *c, const sr_frame *f, const orm_expr *e)
{
    const char **v = render_all(c, f, e, 0);
    if (!v)
        return NULL;
    uint32_t t = e->u.cmp.cmp_type;
    bool neg = e->u.cmp.negated;
    drv_cmp_rule rule = c->d->cmp_rule(t, false);
    if (rule.kind != DRV_CMP_FUNC)
        return sr_printf(c, "%s %sIN (%s)", keyed(c, v[0], rule), neg ? "NOT " : "",
                         list_text(c, v, 1, e->nargs, ", "));
    const char **cmps = og_arena_zalloc(c->a, sizeof(char *) * (e->nargs + 1u));
    for (uint16_t i = 1; i < e->nargs; i++)
        cmps[i] = sr_cmp(c, ORM_CMP_EQ, t, v[0], v[i]);
    return sr_printf(c, "%s(%s)", neg ? "NOT " : "", list_text(c, cmps, 1, e->nargs, " OR "));
}

/* x op ANY / ALL over a row source, with SQL's three-valued answer: ANY is true when a row
 * compares true, else NULL when one compares NULL, else false; ALL the other way round. */
static const char *any_all(sr *c, bool all, const char *cmp, const char *src)
{
    if (all)
        return sr_printf(
            c,
            "CASE WHEN EXISTS (SELECT 1 FROM %s WHERE NOT (%s)) THEN 0 WHEN EXISTS (SELECT 1 FROM %s WHERE "
            "(%s) IS NULL) THEN NULL ELSE 1 END",
            src, cmp, src, cmp);
    return sr_printf(c,
                     "CASE WHEN EXISTS (SELECT 1 FROM %s WHERE %s) THEN 1 WHEN EXISTS (SELECT 1 FROM %s WHERE (%s) IS "
                     "NULL) THEN NULL ELSE 0 END",
                     src, cmp, src, cmp);
}

static const char *subquery(sr *c, const sr_frame *f, const orm_query *q, const char *const *names)
{
    og_buf b = OG_BUF_INIT;
    if (!sr_query(c, f, q, names, &b)) {
        og_buf_free(&b);
        return NULL;
    }
    return sr_take(c, &b);
}

/* (a, b) IN (SELECT x, y ...): args[i] against the subquery's column i, both of args[i]'s type.
 * SQLite's row-value IN has SQL's three-valued answer (a row with a NULL where the others are equal
 * compares NULL), with each column under the collation of its left operand. A column compared only
 * through og_cmp makes it the ANY form over the AND of the column comparisons. */
static const char *row_in(sr *c, const sr_frame *f, const orm_expr *e)
{
    const orm_query *q = e->u.sub.query;
    const char **v = render_all(c, f, e, 0);
    if (!v)
        return NULL;
    bool native = true;
    for (uint16_t i = 0; i < e->nargs; i++)
        native = native && c->d->cmp_rule(e->args[i]->type, false).kind != DRV_CMP_FUNC;
    if (native) {
        const char *s = subquery(c, f, q, NULL);
        og_buf b = OG_BUF_INIT;
        for (uint16_t i = 0; i < e->nargs; i++)
            og_buf_printf(&b, "%s%s", i ? ", " : "(", keyed(c, v[i], c->d->cmp_rule(e->args[i]->type, false)));
        og_buf_puts(&b, ")");
        const char *row = sr_take(c, &b);
        return s ? sr_printf(c, "%s IN (%s)", row, s) : NULL;
    }
    const char **raw = og_arena_zalloc(c->a, sizeof(char *) * (e->nargs + 1u));
    for (uint16_t i = 0; i < e->nargs; i++)
        raw[i] = sr_printf(c, "og_v%u", i + 1u);
    const char **names = sr_outnames(c, raw, e->nargs);
    const char *s = subquery(c, f, q, names);
    if (!s)
        return NULL;
    const char *alias = sr_printf(c, "\"og_s%u\"", ++c->uniq);
    const char **cmps = og_arena_zalloc(c->a, sizeof(char *) * (e->nargs + 1u));
    for (uint16_t i = 0; i < e->nargs; i++)
        cmps[i] = sr_cmp(c, ORM_CMP_EQ, e->args[i]->type, v[i], sr_printf(c, "%s.%s", alias, sr_ident(c, names[i])));
    return any_all(c, false, list_text(c, cmps, 0, e->nargs, " AND "), sr_printf(c, "(%s) AS %s", s, alias));
}

/* (a, b) op ANY / ALL (SELECT x, y ...) for the other operators: the row comparison as three-valued
 * SQL (= : AND of the =s; <> : OR of the <>s; < <= > >=: a < x OR (a = x AND b <= y), the first
 * unequal pair deciding), over the subquery's rows as any_all does. */
static const char *row_any_all(sr *c, const sr_frame *f, const orm_expr *e)
{
    const char **v = render_all(c, f, e, 0);
    if (!v)
        return NULL;
    const char **raw = og_arena_zalloc(c->a, sizeof(char *) * (e->nargs + 1u));
    for (uint16_t i = 0; i < e->nargs; i++)
        raw[i] = sr_printf(c, "og_v%u", i + 1u);
    const char **names = sr_outnames(c, raw, e->nargs);
    const char *s = subquery(c, f, e->u.sub.query, names);
    if (!s)
        return NULL;
    const char *alias = sr_printf(c, "\"og_s%u\"", ++c->uniq);
    orm_cmp op = e->u.sub.op;
    uint16_t n = e->nargs;
    const char **col = og_arena_zalloc(c->a, sizeof(char *) * (n + 1u));
    for (uint16_t i = 0; i < n; i++)
        col[i] = sr_printf(c, "%s.%s", alias, sr_ident(c, names[i]));
    const char *cmp;
    if (op == ORM_CMP_EQ || op == ORM_CMP_NE) {
        const char **cmps = og_arena_zalloc(c->a, sizeof(char *) * (n + 1u));
        for (uint16_t i = 0; i < n; i++)
            cmps[i] = sr_cmp(c, op, e->args[i]->type, v[i], col[i]);
        cmp = list_text(c, cmps, 0, n, op == ORM_CMP_EQ ? " AND " : " OR ");
    } else {
        orm_cmp strict = op == ORM_CMP_LT || op == ORM_CMP_LE ? ORM_CMP_LT : ORM_CMP_GT;
        cmp = sr_cmp(c, op, e->args[n - 1]->type, v[n - 1], col[n - 1]);
        for (uint16_t i = n - 1; i-- > 0;)
            cmp = sr_printf(c, "(%s OR (%s AND %s))", sr_cmp(c, strict, e->args[i]->type, v[i], col[i]),
                            sr_cmp(c, ORM_CMP_EQ, e->args[i]->type, v[i], col[i]), cmp);
    }
    return any_all(c, e->u.sub.kind == ORM_SUB_ALL, cmp, sr_printf(c, "(%s) AS %s", s, alias));
}

static const char *sublink(sr *c, const sr_frame *f, const orm_expr *e)
{
    const orm_query *q = e->u.sub.query;
    if (!q)
        return sr_internal(c, "sublink without a query");
    static const char *one[] = {"og_v"};
    switch (e->u.sub.kind) {
    case ORM_SUB_EXISTS: {
        const char *s = subquery(c, f, q, NULL);
        return s ? sr_printf(c, "EXISTS (%s)", s) : NULL;
    }
    case ORM_SUB_SCALAR: {
        /* og_scalar raises 21000 on a second row, where SQLite would take the first */
        const char *s = subquery(c, f, q, one);
        if (!s)
            return NULL;
        const char *alias = sr_printf(c, "\"og_s%u\"", ++c->uniq);
        return sr_printf(c, "(SELECT og_scalar(%s.\"og_v\") FROM (SELECT * FROM (%s) LIMIT 2) AS %s)", alias, s, alias);
    }
    case ORM_SUB_ARRAY: {
        const char *s = subquery(c, f, q, one);
        if (!s)
            return NULL;
        uint32_t elem = og_type_array_elem(e->type);
        const char *alias = sr_printf(c, "\"og_a%u\"", ++c->uniq);
        const char *j = c->d->json_elem(c->a, elem, sr_printf(c, "%s.\"og_v\"", alias));
        if (!j)
            return sr_unsupported(c, e->location, "ARRAY(subquery) of type %s is not supported on the %s backend",
                                  type_text(elem), c->d->name);
        return sr_printf(c, "(SELECT json_group_array(%s) FROM (%s) AS %s)", j, s, alias);
    }
    default:
        break;
    }
    /* IN, ANY, ALL */
    if (e->nargs > 1 && e->u.sub.kind == ORM_SUB_IN)
        return row_in(c, f, e);
    if (e->nargs > 1)
        return row_any_all(c, f, e);
    if (e->nargs != 1)
        return sr_internal(c, "%s sublink without its operand", e->u.sub.kind == ORM_SUB_IN ? "IN" : "ANY/ALL");
    const char *l = sr_expr(c, f, e->args[0], true);
    if (!l)
        return NULL;
    uint32_t t = e->u.sub.cmp_type;
    orm_cmp op = e->u.sub.kind == ORM_SUB_IN ? ORM_CMP_EQ : e->u.sub.op;
    bool all = e->u.sub.kind == ORM_SUB_ALL;
    drv_cmp_rule rule = c->d->cmp_rule(t, ordering_op(op));
    if (rule.kind != DRV_CMP_FUNC && ((!all && op == ORM_CMP_EQ) || (all && op == ORM_CMP_NE))) {
        const char *s = subquery(c, f, q, NULL);
        return s ? sr_printf(c, "%s %sIN (%s)", keyed(c, l, rule), all ? "NOT " : "", s) : NULL;
    }
    const char *s = subquery(c, f, q, one);
    if (!s)
        return NULL;
    const char *alias = sr_printf(c, "\"og_s%u\"", ++c->uniq);
    const char *src = sr_printf(c, "(%s) AS %s", s, alias);
    return any_all(c, all, sr_cmp(c, op, t, l, sr_printf(c, "%s.\"og_v\"", alias)), src);
}

/* json_each over an array's storage (a JSON array, or {"lbound":n,"elems":[...]}). */
static const char *array_source(sr *c, const char *arr, const char *alias)
{
    return sr_printf(c, "json_each(%s, CASE json_type(%s) WHEN 'object' THEN '$.elems' ELSE '$' END) AS %s", arr, arr,
                     alias);
}

static const char *array_elem(sr *c, uint32_t elem, const char *alias, int location)
{
    const char *s =
        c->d->array_elem(c->a, elem, sr_printf(c, "%s.\"value\"", alias), sr_printf(c, "%s.\"type\"", alias));
    if (!s)
        return sr_unsupported(c, location, "arrays of type %s[] are not supported here on the %s backend",
                              type_text(elem), c->d->name);
    return s;
}

static const char *any_array(sr *c, const sr_frame *f, const orm_expr *e)
{
    const char **v = render_all(c, f, e, 0);
    if (!v || e->nargs != 2)
        return v ? sr_internal(c, "ANY/ALL needs two operands") : NULL;
    uint32_t elem = og_type_array_elem(e->args[1]->type);
    uint32_t t = e->u.any.cmp_type;
    orm_cmp op = e->u.any.op;
    bool all = e->u.any.all;
    const char *alias = sr_printf(c, "\"og_e%u\"", ++c->uniq);
    const char *x = array_elem(c, elem, alias, e->location);
    if (!x)
        return NULL;
    const char *src = array_source(c, v[1], alias);
    drv_cmp_rule rule = c->d->cmp_rule(t, ordering_op(op));
    const char *body;
    if (rule.kind != DRV_CMP_FUNC && ((!all && op == ORM_CMP_EQ) || (all && op == ORM_CMP_NE)))
        body = sr_printf(c, "%s %sIN (SELECT %s FROM %s)", keyed(c, v[0], rule), all ? "NOT " : "", x, src);
    else
        body = any_all(c, all, sr_cmp(c, op, t, v[0], x), src);
    return sr_printf(c, "CASE WHEN %s IS NULL THEN NULL ELSE %s END", v[1], body);
}

static const char *array_ctor(sr *c, const sr_frame *f, const orm_expr *e)
{
    uint32_t elem = og_type_array_elem(e->type);
    const char **v = render_all(c, f, e, 0);
    if (!v)
        return NULL;
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "json_array(");
    for (uint16_t i = 0; i < e->nargs; i++) {
        const char *j = c->d->json_elem(c->a, elem, v[i]);
        if (!j) {
            og_buf_free(&b);
            return sr_unsupported(c, e->location, "ARRAY[...] of type %s is not supported on the %s backend",
                                  type_text(elem), c->d->name);
        }
        og_buf_printf(&b, "%s%s", i ? ", " : "", j);
    }
    og_buf_putc(&b, ')');
    return sr_take(c, &b);
}

/* ---- FUNCTION range-table entries: unnest, generate_series, json(b)_each, json(b)_array_elements ------------- */

static bool is_unnest(const orm_rte *r)
{
    return r->func && r->func->u.call.fn && !strcmp(r->func->u.call.fn->sym, "unnest");
}

/* jsonb_array_elements, json_each_text, ...: the mode of the driver's og_json_each (docs/sqlite.md), or -1. */
static int json_srf_mode(const orm_rte *r)
{
    static const struct {
        const char *sym;
        int mode; /* 1: object (each), 2: text, 4: json, 8: object keys */
    } srfs[] = {{"jsonb_array_elements", 0},     {"jsonb_each", 1},          {"jsonb_array_elements_text", 2},
                {"jsonb_each_text", 3},          {"json_array_elements", 4}, {"json_each", 5},
                {"json_array_elements_text", 6}, {"json_each_text", 7},      {"jsonb_object_keys", 11},
                {"json_object_keys", 15}};
    const orm_fn *fn = r->func ? r->func->u.call.fn : NULL;
    for (size_t k = 0; fn && fn->sym && k < sizeof srfs / sizeof srfs[0]; k++)
        if (!strcmp(fn->sym, srfs[k].sym))
            return srfs[k].mode;
    return -1;
}

static bool is_series(const orm_rte *r)
{
    return r->func && r->func->u.call.fn && !strcmp(r->func->u.call.fn->sym, "generate_series");
}

/* The JSON path of an array's elements in storage ('$', or '$.elems' for the {"lbound":..} form). */
static const char *elems_path(sr *c, const char *arr)
{
    return sr_printf(c, "CASE json_type(%s) WHEN 'object' THEN '$.elems' ELSE '$' END", arr);
}

/* unnest(a1, a2, ...) in lockstep: json_each over the longest array (a NULL one counting 0 elements)
 * numbers the rows; each row is a JSON array of element "key" of every array (its JSON token as
 * stored, through ->; null past an array's end), collected in a scalar subquery that may use
 * columns of earlier FROM items:
 *   json_each((SELECT json_group_array(json_array(a1 -> (p1 || '[' || d.key || ']'), ...))
 *              FROM json_each(longest, path) AS d)) AS alias
 * Column i is then read from "value" at $[i] like an array element (unnest_column). */
static const char *unnest_several(sr *c, const sr_frame *f, const orm_rte *r, const char *alias)
{
    const orm_expr *call = r->func;
    const char **v = render_all(c, f, call, 0);
    if (!v)
        return NULL;
    uint16_t n = call->nargs;
    const char **len = og_arena_zalloc(c->a, sizeof(char *) * (n + 1u));
    for (uint16_t i = 0; i < n; i++)
        len[i] = sr_printf(c, "coalesce(json_array_length(%s, %s), 0)", v[i], elems_path(c, v[i]));
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "CASE");
    for (uint16_t i = 0; i + 1 < n; i++) {
        og_buf_puts(&b, " WHEN ");
        for (uint16_t k = i + 1; k < n; k++)
            og_buf_printf(&b, "%s%s >= %s", k > i + 1 ? " AND " : "", len[i], len[k]);
        og_buf_printf(&b, " THEN %s", v[i]);
    }
    og_buf_printf(&b, " ELSE %s END", v[n - 1]);
    const char *longest = sr_take(c, &b);
    const char *d = sr_printf(c, "\"og_d%u\"", ++c->uniq);
    og_buf_puts(&b, "json_each((SELECT json_group_array(json_array(");
    for (uint16_t i = 0; i < n; i++)
        og_buf_printf(&b, "%s%s -> (%s || '[' || %s.\"key\" || ']')", i ? ", " : "", v[i], elems_path(c, v[i]), d);
    og_buf_printf(&b, ")) FROM json_each(%s, %s) AS %s)) AS %s", longest, elems_path(c, longest), d,
                  sr_ident(c, alias));
    return sr_take(c, &b);
}

static const char *unnest_column(sr *c, const orm_rte *r, const char *a, uint16_t col)
{
    if (col >= r->func->nargs) /* WITH ORDINALITY */
        return sr_printf(c, "(%s.\"key\" + 1)", a);
    uint32_t elem = og_type_array_elem(r->func->args[col]->type);
    const char *s = c->d->array_elem(c->a, elem, sr_printf(c, "json_extract(%s.\"value\", '$[%u]')", a, col),
                                     sr_printf(c, "json_type(%s.\"value\", '$[%u]')", a, col));
    if (!s)
        return sr_unsupported(c, r->func->location, "arrays of type %s[] are not supported here on the %s backend",
                              type_text(elem), c->d->name);
    return s;
}

const char *sr_function_column(sr *c, const orm_rte *r, const char *alias, uint16_t col)
{
    if (!r->func || col >= r->ncols)
        return sr_internal(c, "column %u of function \"%s\"", col, r->alias ? r->alias : "?");
    const char *a = sr_ident(c, alias);
    int mode = json_srf_mode(r);
    if (mode >= 0) { /* (key,) value (, ordinality); object keys: key (, ordinality) */
        static const char *const cols[] = {"key", "value", "ord"};
        uint16_t k = (mode & 8) ? (col ? 2 : 0) : (mode & 1) ? col : (uint16_t)(col + 1);
        return sr_printf(c, "%s.\"%s\"", a, cols[k]);
    }
    if (is_unnest(r) && r->func->nargs > 1)
        return unnest_column(c, r, a, col);
    if (is_unnest(r))
        return col == 0 ? array_elem(c, og_type_array_elem(r->func->args[0]->type), a, r->func->location)
                        : sr_printf(c, "(%s.\"key\" + 1)", a);
    if (is_series(r) && sr_rte_lateral(r)) /* the rows as JSON arrays (series_from) */
        return sr_printf(c, "json_extract(%s.\"value\", '$[%u]')", a, (unsigned)col);
    return sr_printf(c, "%s.%s", a, sr_ident(c, sr_outnames(c, r->colnames, r->ncols)[col]));
}

/* Does e use a column of its own level (a lateral reference, for a FROM function)? */
static bool uses_own_level(const orm_expr *e)
{
    if (!e)
        return false;
    if (e->kind == ORM_EX_COLUMN)
        return e->u.column.levelsup == 0;
    for (uint16_t i = 0; i < e->nargs; i++)
        if (uses_own_level(e->args[i]))
            return true;
    if (e->kind == ORM_EX_CASE) {
        if (uses_own_level(e->u.case_.arg) || uses_own_level(e->u.case_.else_))
            return true;
        for (uint16_t i = 0; i < e->u.case_.nwhens; i++)
            if (uses_own_level(e->u.case_.whens[i]) || uses_own_level(e->u.case_.thens[i]))
                return true;
    }
    return false;
}

bool sr_rte_lateral(const orm_rte *r)
{
    if (r->kind == ORM_RTE_SUBQUERY)
        return r->lateral;
    if (r->kind != ORM_RTE_FUNCTION || !r->func)
        return false;
    for (uint16_t i = 0; i < r->func->nargs; i++)
        if (uses_own_level(r->func->args[i]))
            return true;
    return false;
}

/* generate_series as a recursive CTE (steps through the catalog's + for numeric and timestamps).
 * Over columns of earlier FROM items (LATERAL) the CTE sits in a scalar subquery, which SQLite lets
 * see them, collecting the rows as JSON arrays for json_each (sr_function_column reads them):
 * json_each((WITH RECURSIVE ... SELECT json_group_array(json_array("v", "n")) FROM cte)). */
static const char *series_from(sr *c, const sr_frame *f, const orm_rte *r, const char *alias)
{
    const orm_expr *call = r->func;
    uint32_t t = call->type;
    if (call->nargs < 2 || call->nargs > 3)
        return sr_internal(c, "generate_series with %u arguments", call->nargs);
    const char **v = render_all(c, f, call, 0);
    if (!v)
        return NULL;
    bool integral = t == OG_OID_INT4 || t == OG_OID_INT8;
    uint32_t st = call->nargs == 3 ? call->args[2]->type : t;
    const char *step = call->nargs == 3 ? v[2] : t == OG_OID_NUMERIC ? "'1'" : "1";
    const char *zero = st == OG_OID_INTERVAL ? "'PT0S'" : st == OG_OID_NUMERIC ? "'0'" : "0";
    if (!integral && t != OG_OID_NUMERIC &&
        !(st == OG_OID_INTERVAL && (t == OG_OID_TIMESTAMP || t == OG_OID_TIMESTAMPTZ)))
        return sr_unsupported(c, call->location, "generate_series(%s) is not supported on the %s backend", type_text(t),
                              c->d->name);
    const char *next;
    if (integral) {
        next = sr_printf(c, "(\"v\" + %s)", step);
    } else {
        uint32_t types[2] = {t, st};
        const char *args[2] = {"\"v\"", step};
        if (!(next = catalog_call(c, "+", true, types, args, 2)))
            return NULL;
    }
    const char *pos = sr_cmp(c, ORM_CMP_GT, st, step, zero), *neg = sr_cmp(c, ORM_CMP_LT, st, step, zero);
    const char *cte = sr_printf(c, "\"og_gs%u\"", ++c->uniq);
    const char **names = sr_outnames(c, r->colnames, r->ncols);
    og_buf b = OG_BUF_INIT;
    og_buf_printf(&b,
                  "WITH RECURSIVE %s(\"v\", \"n\") AS (SELECT %s, 1 WHERE (%s AND %s) OR (%s AND %s) UNION ALL "
                  "SELECT %s, \"n\" + 1 FROM %s WHERE (%s AND %s) OR (%s AND %s)) ",
                  cte, v[0], pos, sr_cmp(c, ORM_CMP_LE, t, v[0], v[1]), neg, sr_cmp(c, ORM_CMP_GE, t, v[0], v[1]), next,
                  cte, pos, sr_cmp(c, ORM_CMP_LE, t, next, v[1]), neg, sr_cmp(c, ORM_CMP_GE, t, next, v[1]));
    if (sr_rte_lateral(r)) {
        og_buf_printf(&b, "SELECT json_group_array(json_array(\"v\"%s)) FROM %s", r->ncols > 1 ? ", \"n\"" : "", cte);
        return sr_printf(c, "json_each((%s)) AS %s", sr_take(c, &b), sr_ident(c, alias));
    }
    og_buf_printf(&b, "SELECT \"v\" AS %s", sr_ident(c, names[0]));
    if (r->ncols > 1)
        og_buf_printf(&b, ", \"n\" AS %s", sr_ident(c, names[1]));
    og_buf_printf(&b, " FROM %s", cte);
    return sr_printf(c, "(%s) AS %s", sr_take(c, &b), sr_ident(c, alias));
}

const char *sr_function_from(sr *c, const sr_frame *f, const orm_rte *r, const char *alias)
{
    const orm_expr *call = r->func;
    if (!call || call->kind != ORM_EX_FUNC || !call->u.call.fn)
        return sr_internal(c, "FROM function without a call");
    if (is_unnest(r)) {
        if (call->nargs > 1)
            return unnest_several(c, f, r, alias);
        const char *arr = sr_expr(c, f, call->args[0], true);
        return arr ? array_source(c, arr, sr_ident(c, alias)) : NULL;
    }
    if (is_series(r))
        return series_from(c, f, r, alias);
    int mode = json_srf_mode(r);
    if (mode >= 0) {
        if (call->nargs != 1)
            return sr_internal(c, "%s with %u arguments", call->u.call.fn->name, call->nargs);
        const char *doc = sr_expr(c, f, call->args[0], false);
        return doc ? sr_printf(c, "og_json_each(%s, %d) AS %s", doc, mode, sr_ident(c, alias)) : NULL;
    }
    return sr_unsupported(c, call->location, "function %s() in FROM is not supported on the %s backend",
                          call->u.call.fn->name, c->d->name);
}

/* ---- LATERAL subqueries --------------------------------------------------------------------------------- */

/* SQLite resolves no column of an earlier FROM item inside a subquery in FROM, but does inside the
 * arguments of a table-valued function. So a LATERAL subquery becomes
 *   json_each((SELECT json_group_array(json_array(v1, v2, ...)) FROM (sub) AS "og_lN")) AS "alias"
 * one JSON array per row, and its column i is read back from "alias"."value" at $[i]. Integer and
 * text storage crosses JSON unchanged (bool as true / false); other types (floats, bytea, uuid,
 * arrays) cross as their PostgreSQL text form through og_cast, which reads back exactly. */

const char *sr_lateral_from(sr *c, const sr_frame *f, const orm_rte *r, const char *alias)
{
    const char **names = sr_outnames(c, r->colnames, r->ncols);
    const char *sub = subquery(c, f, r->sub, names);
    if (!sub)
        return NULL;
    const char *in = sr_printf(c, "\"og_l%u\"", ++c->uniq);
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "json_each((SELECT json_group_array(json_array(");
    for (uint16_t i = 0; i < r->ncols; i++) {
        const char *v = sr_printf(c, "%s.%s", in, sr_ident(c, names[i]));
        const char *j = c->d->json_elem(c->a, r->coltypes[i], v);
        if (!j)
            j = sr_printf(c, "og_cast('%u:%u:-1:1', %s)", r->coltypes[i], OG_OID_TEXT, v);
        og_buf_printf(&b, "%s%s", i ? ", " : "", j);
    }
    og_buf_printf(&b, ")) FROM (%s) AS %s)) AS %s", sub, in, sr_ident(c, alias));
    return sr_take(c, &b);
}

const char *sr_lateral_column(sr *c, const orm_rte *r, const char *alias, uint16_t col)
{
    if (col >= r->ncols)
        return sr_internal(c, "column %u of subquery \"%s\"", col, r->alias ? r->alias : "?");
    uint32_t t = r->coltypes[col];
    const char *v = sr_printf(c, "json_extract(%s.\"value\", '$[%u]')", sr_ident(c, alias), (unsigned)col);
    if (c->d->json_elem(c->a, t, v))
        return v;
    return sr_printf(c, "og_cast('%u:%u:-1:1', %s)", OG_OID_TEXT, t, v);
}

/* ---- defaults -------------------------------------------------------------------------------------------- */

bool sr_rowid_pk(const orm_entity *e, uint16_t prop)
{
    if (e->pk.ncols != 1 || e->pk.cols[0] != prop || prop >= e->nprops)
        return false;
    const orm_property *p = &e->props[prop];
    bool integer = p->type_oid == OG_OID_INT2 || p->type_oid == OG_OID_INT4 || p->type_oid == OG_OID_INT8;
    return integer && (p->dkind == ORM_DEFAULT_SEQUENCE || p->dkind == ORM_DEFAULT_IDENTITY);
}

bool sr_default_value(sr *c, const orm_property *p, og_value *out)
{
    if (p->dkind == ORM_DEFAULT_NONE || (p->dkind == ORM_DEFAULT_CONST && !p->dconst)) {
        *out = og_value_null(p->type_oid);
        return true;
    }
    if (p->dkind != ORM_DEFAULT_CONST)
        return sr_unsupported(c, 0,
                              "DEFAULT of column \"%s\" is computed by the ORM, not by the %s backend; give the "
                              "value or leave the column out",
                              p->name, c->d->name) != NULL;
    return og_text_io_get()->decode(p->type_oid, p->dconst, strlen(p->dconst), "UTC", c->a, out, c->err);
}

/* ---- the dispatcher ---------------------------------------------------------------------------------- */

/* Comparisons, IS, IN, NOT and calls all bind tighter than AND and OR: only a nested AND / OR is
 * parenthesised. */
static const char *bool_list(sr *c, const sr_frame *f, const orm_expr *e, const char *sep)
{
    if (!e->nargs)
        return sr_internal(c, "AND/OR without operands");
    const char **v = og_arena_zalloc(c->a, sizeof(char *) * (e->nargs + 1u));
    for (uint16_t i = 0; i < e->nargs; i++) {
        const orm_expr *x = e->args[i];
        if (!(v[i] = sr_expr(c, f, x, x && (x->kind == ORM_EX_AND || x->kind == ORM_EX_OR))))
            return NULL;
    }
    return list_text(c, v, 0, e->nargs, sep);
}

static const char *booltest(sr *c, const sr_frame *f, const orm_expr *e)
{
    static const char *tests[] = {"IS TRUE", "IS NOT TRUE", "IS FALSE", "IS NOT FALSE", "IS NULL", "IS NOT NULL"};
    const char *x = e->nargs == 1 ? sr_expr(c, f, e->args[0], true) : NULL;
    return x ? sr_printf(c, "%s %s", x, tests[e->u.booltest]) : NULL;
}

static const char *expr_node(sr *c, const sr_frame *f, const orm_expr *e, bool paren)
{
    const char *s;
    switch (e->kind) {
    case ORM_EX_CONST:
        return sr_const(c, &e->u.value);
    case ORM_EX_PARAM:
        return sr_param(c, e->u.param);
    case ORM_EX_COLUMN:
        return sr_column(c, f, e);
    case ORM_EX_FUNC:
        return func_call(c, f, e);
    case ORM_EX_AGG:
        return agg_call(c, f, e, false);
    case ORM_EX_WINDOW:
        return window_call(c, f, e);
    case ORM_EX_CAST:
        return cast_expr(c, f, e);
    case ORM_EX_CMP: {
        const char **v = render_all(c, f, e, 0);
        if (!v || e->nargs != 2)
            return v ? sr_internal(c, "comparison needs two operands") : NULL;
        s = sr_cmp(c, e->u.cmp.op, e->u.cmp.cmp_type, v[0], v[1]);
        break;
    }
    case ORM_EX_AND:
    case ORM_EX_OR:
        s = bool_list(c, f, e, e->kind == ORM_EX_AND ? " AND " : " OR ");
        break;
    case ORM_EX_NOT:
        s = e->nargs == 1 ? sr_expr(c, f, e->args[0], true) : sr_internal(c, "NOT without an operand");
        s = s ? sr_printf(c, "NOT %s", s) : NULL;
        break;
    case ORM_EX_NULLTEST:
        s = e->nargs == 1 ? sr_expr(c, f, e->args[0], true) : sr_internal(c, "IS NULL without an operand");
        s = s ? sr_printf(c, "%s IS %sNULL", s, e->u.cmp.negated ? "NOT " : "") : NULL;
        break;
    case ORM_EX_BOOLTEST:
        s = booltest(c, f, e);
        break;
    case ORM_EX_DISTINCT:
        s = distinct_expr(c, f, e);
        break;
    case ORM_EX_CASE:
        return case_expr(c, f, e);
    case ORM_EX_COALESCE: {
        const char **v = render_all(c, f, e, 0);
        if (!v)
            return NULL;
        return e->nargs == 1 ? v[0] : sr_printf(c, "coalesce(%s)", list_text(c, v, 0, e->nargs, ", "));
    }
    case ORM_EX_NULLIF:
        s = nullif_expr(c, f, e);
        break;
    case ORM_EX_GREATEST:
    case ORM_EX_LEAST:
        return greatest(c, f, e);
    case ORM_EX_IN:
        s = in_list(c, f, e);
        break;
    case ORM_EX_SUBLINK:
        s = sublink(c, f, e);
        if (s && (e->u.sub.kind == ORM_SUB_SCALAR || e->u.sub.kind == ORM_SUB_ARRAY))
            return s;
        break;
    case ORM_EX_ARRAY:
        return array_ctor(c, f, e);
    case ORM_EX_ANY:
        s = any_array(c, f, e);
        break;
    case ORM_EX_DEFAULT:
        return sr_unsupported(c, e->location, "DEFAULT is not allowed in this context");
    default:
        return sr_internal(c, "expression kind %d", (int)e->kind);
    }
    return s ? wrap(c, s, paren) : NULL;
}

const char *sr_expr(sr *c, const sr_frame *f, const orm_expr *e, bool paren)
{
    if (!e)
        return sr_internal(c, "missing expression");
    if (!sr_enter(c))
        return NULL;
    const char *s = expr_node(c, f, e, paren);
    sr_leave(c);
    return s;
}
