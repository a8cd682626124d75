/*
 * orm/translate_expr.c - expressions of a parse tree into typed IR nodes.
 *
 * Each node is translated bottom-up: children first, then the node's own
 * type is decided the way PostgreSQL's parse analysis decides it. Untyped
 * literals ('abc', NULL) stay ORM_EX_CONST with type unknown until context
 * gives them a type (tr_coerce_to), at which point their text is parsed with
 * the client-facing text input of that type, so a bad literal fails here
 * with 22P02 and a position, as in PostgreSQL. Parameters ($n) without a
 * declared type take the type of their first use.
 *
 * Calls of functions and operators whose arguments are all constants are
 * folded at once (unless volatile or time-dependent): the backend then sees
 * a bound value, which every backend can compare and index.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orm/sqlparse.h"
#include "orm/translate_int.h"
#include "orm/typename.h"

#define NODE(n, kind) ((n) && (n)->node_case == PG_QUERY__NODE__NODE_##kind)

void tr_error(tr *t, int location, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    og_error_set(t->err, code, "%s", msg);
    if (location >= 0 && t->in->sql)
        t->err->position = orm_sql_char_position(t->in->sql, (size_t)location);
}

/* Keep a lower-level error but give it this node's position when it has none. */
static void tr_locate(tr *t, int location)
{
    if (!t->err->position && location >= 0 && t->in->sql)
        t->err->position = orm_sql_char_position(t->in->sql, (size_t)location);
}

const char *tr_str(const PgQuery__Node *n) { return NODE(n, STRING) ? n->string->sval : NULL; }

orm_expr *tr_new(tr *t, orm_expr_kind kind, uint32_t type, int location)
{
    orm_expr *e = og_arena_zalloc(t->a, sizeof *e);
    e->kind = kind;
    e->type = type;
    e->typmod = -1;
    e->location = location >= 0 && t->in->sql ? orm_sql_char_position(t->in->sql, (size_t)location) : 0;
    return e;
}

static orm_expr **args_new(tr *t, orm_expr *e, size_t n)
{
    e->nargs = (uint16_t)n;
    e->args = og_arena_zalloc(t->a, sizeof(orm_expr *) * (n ? n : 1));
    return e->args;
}

orm_expr *tr_colref(tr *t, const orm_rte *r, uint16_t rte, uint16_t col)
{
    orm_expr *e = tr_new(t, ORM_EX_COLUMN, r->coltypes[col], -1);
    e->typmod = r->coltypmods ? r->coltypmods[col] : -1;
    e->u.column.rte = rte;
    e->u.column.col = col;
    return e;
}

/* ---- type names and messages ------------------------------------------------------ */

static const char *type_name(uint32_t oid)
{
    if (oid == OG_OID_UNKNOWN)
        return "unknown";
    const char *n = og_type_name(oid);
    return n ? n : "unknown";
}

static bool is_unknown(const orm_expr *e) { return e->type == OG_OID_UNKNOWN; }

/* ---- parameters ------------------------------------------------------------------------- */

static uint32_t param_type(tr *t, uint16_t n) { return n <= t->nparams ? t->param_types[n - 1] : 0; }

static void param_set_type(tr *t, uint16_t n, uint32_t type)
{
    if (n > t->param_cap) {
        uint16_t cap = t->param_cap ? t->param_cap : 8;
        while (cap < n)
            cap = cap > 32767 ? 65535 : (uint16_t)(cap * 2);
        uint32_t *p = og_arena_zalloc(t->a, sizeof(uint32_t) * cap);
        if (t->nparams)
            memcpy(p, t->param_types, sizeof(uint32_t) * t->nparams);
        t->param_types = p;
        t->param_cap = cap;
    }
    if (n > t->nparams)
        t->nparams = n;
    t->param_types[n - 1] = type;
}

void tr_param_declare(tr *t, uint16_t n, uint32_t type) { param_set_type(t, n, type); }

static orm_expr *tr_param(tr *t, const PgQuery__ParamRef *p)
{
    if (p->number < 1 || p->number > 65535) {
        tr_error(t, p->location, "42P02", "there is no parameter $%d", p->number);
        return NULL;
    }
    uint16_t n = (uint16_t)p->number;
    if (n > t->nparams)
        param_set_type(t, n, param_type(t, n));
    uint32_t ty = param_type(t, n);
    orm_expr *e = tr_new(t, ORM_EX_PARAM, ty ? ty : OG_OID_UNKNOWN, p->location);
    e->u.param = n;
    return e;
}

/* ---- coercion ------------------------------------------------------------------------------ */

static bool assign_ok(uint32_t from, uint32_t to)
{
    if (orm_type_implicit(from, to))
        return true;
    char cf = orm_type_category(from), ct = orm_type_category(to);
    if (cf == 'N' && ct == 'N')
        return true;
    if (ct == 'S')
        return true;
    if (cf == 'D' && ct == 'D')
        return true;
    if ((from == OG_OID_JSON || from == OG_OID_JSONB) && (to == OG_OID_JSON || to == OG_OID_JSONB))
        return true;
    uint32_t fe = og_type_array_elem(from), te = og_type_array_elem(to);
    if (fe && te)
        return assign_ok(fe, te);
    return false;
}

static bool foldable_cast(uint32_t from, uint32_t to)
{
    /* casts whose result depends on the session's TimeZone are left to run time */
    bool ft = from == OG_OID_TIMESTAMPTZ, tt = to == OG_OID_TIMESTAMPTZ;
    char cf = orm_type_category(from), ct = orm_type_category(to);
    if ((ft && (ct == 'S' || ct == 'D')) || (tt && (cf == 'S' || cf == 'D')))
        return false;
    return true;
}

orm_expr *tr_coerce_to(tr *t, orm_expr *e, uint32_t type, int32_t typmod, tr_coerce how, const char *what)
{
    if (!e)
        return NULL;
    if (e->kind == ORM_EX_PARAM) {
        uint32_t pt = param_type(t, e->u.param);
        if (!pt) {
            param_set_type(t, e->u.param, type);
            pt = type;
        }
        e->type = pt;
    }
    if (e->type == type && (typmod < 0 || e->typmod == typmod))
        return e;
    int loc = e->location;
    if (e->kind == ORM_EX_CONST && is_unknown(e)) {
        orm_expr *c = tr_new(t, ORM_EX_CONST, type, -1);
        c->location = loc;
        if (e->u.value.isnull) {
            c->u.value = og_value_null(type);
        } else {
            og_value v;
            const char *tz = t->in->cx && t->in->cx->timezone ? t->in->cx->timezone : "UTC";
            if (!og_text_io_get()->decode(type, e->u.value.u.str.p, e->u.value.u.str.len, tz, t->a, &v, t->err)) {
                if (!t->err->position)
                    t->err->position = loc;
                return NULL;
            }
            c->u.value = v;
        }
        c->u.value.oid = type;
        if (typmod >= 0 && !c->u.value.isnull) {
            og_value out;
            if (!orm_cast(t->in->cx, &c->u.value, type, typmod, how == TR_EXPLICIT, t->a, &out, t->err)) {
                if (!t->err->position)
                    t->err->position = loc;
                return NULL;
            }
            c->u.value = out;
        }
        c->typmod = typmod;
        return c;
    }
    if (is_unknown(e)) {
        /* an unknown-typed expression other than a literal (CASE of literals): as text first */
        e = tr_coerce_to(t, e, OG_OID_TEXT, -1, TR_IMPLICIT, what);
        if (!e || e->type == type)
            return e;
    }
    bool ok = e->type == type || (how == TR_IMPLICIT  ? orm_type_implicit(e->type, type)
                                  : how == TR_ASSIGN ? assign_ok(e->type, type)
                                                     : orm_cast_exists(e->type, type));
    if (!ok) {
        if (how == TR_EXPLICIT) {
            og_error_set(t->err, "42846", "cannot cast type %s to %s", type_name(e->type), type_name(type));
        } else if (how == TR_ASSIGN) {
            og_error_set(t->err, "42804", "%s is of type %s but expression is of type %s", what ? what : "value",
                         type_name(type), type_name(e->type));
            og_error_hint(t->err, "You will need to rewrite or cast the expression.");
        } else {
            og_error_set(t->err, "42804", "%s must be type %s, not type %s", what ? what : "argument",
                         type_name(type), type_name(e->type));
        }
        t->err->position = loc;
        return NULL;
    }
    if (e->kind == ORM_EX_CONST && foldable_cast(e->type, type)) {
        orm_expr *c = tr_new(t, ORM_EX_CONST, type, -1);
        c->location = loc;
        if (e->u.value.isnull) {
            c->u.value = og_value_null(type);
        } else if (!orm_cast(t->in->cx, &e->u.value, type, typmod, how == TR_EXPLICIT, t->a, &c->u.value, t->err)) {
            if (!t->err->position)
                t->err->position = loc;
            return NULL;
        }
        c->typmod = typmod;
        return c;
    }
    orm_expr *c = tr_new(t, ORM_EX_CAST, type, -1);
    c->location = loc;
    c->typmod = typmod;
    args_new(t, c, 1)[0] = e;
    c->u.cmp.negated = how == TR_EXPLICIT; /* CAST: explicit (truncating) or assignment semantics */
    return c;
}

orm_expr *tr_bool(tr *t, tr_level *lv, const PgQuery__Node *n, const char *what)
{
    orm_expr *e = tr_expr(t, lv, n);
    if (!e)
        return NULL;
    if (e->type == OG_OID_BOOL)
        return e;
    if (is_unknown(e) || e->kind == ORM_EX_PARAM)
        return tr_coerce_to(t, e, OG_OID_BOOL, -1, TR_IMPLICIT, what);
    og_error_set(t->err, "42804", "argument of %s must be type boolean, not type %s", what, type_name(e->type));
    t->err->position = e->location;
    return NULL;
}

/* The type both sides of a comparison are compared as. */
static uint32_t cmp_common(tr *t, orm_expr *const *es, size_t n, const char *op, int location)
{
    uint32_t types[64];
    size_t k = 0;
    bool all_unknown = true;
    for (size_t i = 0; i < n && k < 64; i++) {
        uint32_t ty = es[i]->type;
        if (es[i]->kind == ORM_EX_PARAM && !param_type(t, es[i]->u.param))
            ty = OG_OID_UNKNOWN;
        if (ty != OG_OID_UNKNOWN)
            all_unknown = false;
        types[k++] = ty;
    }
    if (all_unknown)
        return OG_OID_TEXT;
    og_error tmp = OG_ERROR_INIT;
    uint32_t c = orm_type_common(types, k, "comparison", &tmp);
    if (!c) {
        og_error_clear(&tmp);
        uint32_t l = types[0], r = k > 1 ? types[1] : types[0];
        for (size_t i = 1; i < k; i++)
            if (types[i] != types[0] && types[i] != OG_OID_UNKNOWN)
                r = types[i];
        tr_error(t, location, "42883", "operator does not exist: %s %s %s", type_name(l), op, type_name(r));
        og_error_hint(t->err,
                      "No operator matches the given name and argument types. You might need to add explicit type casts.");
        return 0;
    }
    og_error_clear(&tmp);
    return c;
}

static bool parse_cmp(const char *op, orm_cmp *out)
{
    static const struct {
        const char *s;
        orm_cmp c;
    } ops[] = {{"=", ORM_CMP_EQ}, {"<>", ORM_CMP_NE}, {"!=", ORM_CMP_NE}, {"<", ORM_CMP_LT},
               {"<=", ORM_CMP_LE}, {">", ORM_CMP_GT}, {">=", ORM_CMP_GE}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(op, ops[i].s)) {
            *out = ops[i].c;
            return true;
        }
    return false;
}

static orm_expr *make_cmp(tr *t, orm_cmp op, orm_expr *l, orm_expr *r, const char *opname, int location)
{
    if (!l || !r)
        return NULL;
    orm_expr *pair[2] = {l, r};
    uint32_t ct = cmp_common(t, pair, 2, opname, location);
    if (!ct)
        return NULL;
    l = tr_coerce_to(t, l, ct, -1, TR_IMPLICIT, NULL);
    r = l ? tr_coerce_to(t, r, ct, -1, TR_IMPLICIT, NULL) : NULL;
    if (!r)
        return NULL;
    orm_expr *e = tr_new(t, ORM_EX_CMP, OG_OID_BOOL, location);
    orm_expr **a = args_new(t, e, 2);
    a[0] = l;
    a[1] = r;
    e->u.cmp.op = op;
    e->u.cmp.cmp_type = ct;
    return e;
}

static orm_expr *make_bool2(tr *t, orm_expr_kind k, orm_expr *x, orm_expr *y, int location)
{
    if (!x || !y)
        return NULL;
    orm_expr *e = tr_new(t, k, OG_OID_BOOL, location);
    orm_expr **a = args_new(t, e, 2);
    a[0] = x;
    a[1] = y;
    return e;
}

/* ---- function and operator calls -------------------------------------------------------- */

bool tr_contains_kind(const orm_expr *e, orm_expr_kind k)
{
    if (!e)
        return false;
    if (e->kind == k)
        return true;
    for (uint16_t i = 0; i < e->nargs; i++)
        if (tr_contains_kind(e->args[i], k))
            return true;
    if (e->kind == ORM_EX_CASE) {
        if (tr_contains_kind(e->u.case_.arg, k) || tr_contains_kind(e->u.case_.else_, k))
            return true;
        for (uint16_t i = 0; i < e->u.case_.nwhens; i++)
            if (tr_contains_kind(e->u.case_.whens[i], k) || tr_contains_kind(e->u.case_.thens[i], k))
                return true;
    }
    return false;
}

/* Coerce the arguments of a resolved call to the function's declared types. */
static bool coerce_call_args(tr *t, const orm_fn *fn, uint32_t ret, orm_expr **args, uint16_t nargs)
{
    uint32_t elem = og_type_array_elem(ret);
    /* when the result does not say what anyelement is (array @> array -> bool), the polymorphic
     * arguments of known type do: untyped literals among them take that type */
    uint32_t bound = 0;
    for (uint16_t i = 0; i < nargs && !bound; i++) {
        uint32_t want = fn->args[i < fn->nargs ? i : (fn->nargs ? fn->nargs - 1 : 0)];
        uint32_t ty = args[i]->kind == ORM_EX_PARAM && !param_type(t, args[i]->u.param) ? OG_OID_UNKNOWN : args[i]->type;
        if (ty == OG_OID_UNKNOWN)
            continue;
        if (want == ORM_T_ANYARRAY && og_type_array_elem(ty))
            bound = og_type_array_elem(ty);
        else if (want == ORM_T_ANYELEMENT || want == ORM_T_ANYNONARRAY)
            bound = ty;
    }
    if (fn->ret != ORM_T_ANYELEMENT && fn->ret != ORM_T_ANYARRAY && fn->ret != ORM_T_ANYNONARRAY && bound)
        for (uint16_t i = 0; i < nargs; i++) {
            uint32_t want = fn->args[i < fn->nargs ? i : (fn->nargs ? fn->nargs - 1 : 0)];
            bool unknown = is_unknown(args[i]) || (args[i]->kind == ORM_EX_PARAM && !param_type(t, args[i]->u.param));
            if (!unknown)
                continue;
            uint32_t to = want == ORM_T_ANYARRAY ? og_type_array_of(bound)
                          : (want == ORM_T_ANYELEMENT || want == ORM_T_ANYNONARRAY) ? bound
                                                                                     : 0;
            if (to && !(args[i] = tr_coerce_to(t, args[i], to, -1, TR_IMPLICIT, NULL)))
                return false;
        }
    for (uint16_t i = 0; i < nargs; i++) {
        uint32_t want = fn->args[i < fn->nargs ? i : (fn->nargs ? fn->nargs - 1 : 0)];
        if (!fn->nargs)
            want = ORM_T_ANY;
        if (want == ORM_T_ANY) {
            if (is_unknown(args[i]) || (args[i]->kind == ORM_EX_PARAM && !param_type(t, args[i]->u.param)))
                want = OG_OID_TEXT;
            else
                continue;
        } else if (want == ORM_T_ANYELEMENT || want == ORM_T_ANYNONARRAY) {
            if (ret == ORM_T_ANYELEMENT || !ret)
                continue;
            want = elem ? elem : ret;
            if (fn->ret != ORM_T_ANYELEMENT && fn->ret != ORM_T_ANYARRAY && fn->ret != ORM_T_ANYNONARRAY) {
                if (!is_unknown(args[i]))
                    continue;
                want = OG_OID_TEXT;
            }
        } else if (want == ORM_T_ANYARRAY) {
            if (fn->ret == ORM_T_ANYARRAY)
                want = ret;
            else if (fn->ret == ORM_T_ANYELEMENT)
                want = og_type_array_of(ret);
            else
                continue;
            if (!want)
                continue;
        }
        args[i] = tr_coerce_to(t, args[i], want, -1, TR_IMPLICIT, NULL);
        if (!args[i])
            return false;
    }
    return true;
}

/* Fold a call of constants now (not volatile, not time-dependent, every argument a constant). */
static orm_expr *maybe_fold(tr *t, orm_expr *e)
{
    const orm_fn *fn = e->u.call.fn;
    if (e->kind != ORM_EX_FUNC || !fn->impl || (fn->flags & (ORM_FN_VOLATILE | ORM_FN_NOW)))
        return e;
    og_value args[ORM_FN_MAXARGS * 4];
    if (e->nargs > sizeof args / sizeof args[0])
        return e;
    for (uint16_t i = 0; i < e->nargs; i++) {
        if (e->args[i]->kind != ORM_EX_CONST || is_unknown(e->args[i]))
            return e;
        args[i] = e->args[i]->u.value;
        /* zone-dependent arguments are evaluated at run time */
        if (args[i].oid == OG_OID_TIMESTAMPTZ)
            return e;
    }
    orm_expr *c = tr_new(t, ORM_EX_CONST, e->type, -1);
    c->location = e->location;
    if (!orm_fn_call(fn, t->in->cx, args, e->nargs, e->type, t->a, &c->u.value, t->err)) {
        /* left to run time: the call may sit in a CASE branch that is never taken */
        og_error_clear(t->err);
        return e;
    }
    c->u.value.oid = e->type;
    return c;
}

/* Resolve and build a call of a scalar function or operator. */
static orm_expr *make_call(tr *t, const char *name, orm_expr **args, uint16_t nargs, bool is_op, int location)
{
    uint32_t types[32] = {0};
    if (nargs > 32) {
        tr_error(t, location, "54023", "cannot pass more than 32 arguments to a function");
        return NULL;
    }
    for (uint16_t i = 0; i < nargs; i++) {
        types[i] = args[i]->type;
        if (args[i]->kind == ORM_EX_PARAM && !param_type(t, args[i]->u.param))
            types[i] = OG_OID_UNKNOWN;
    }
    uint32_t ret = 0;
    const orm_fn *fn = orm_fn_resolve(name, types, nargs, is_op, &ret, t->err);
    if (!fn) {
        tr_locate(t, location);
        return NULL;
    }
    if (!coerce_call_args(t, fn, ret, args, nargs))
        return NULL;
    orm_expr_kind k = fn->flags & ORM_FN_AGG ? ORM_EX_AGG : fn->flags & ORM_FN_WINDOW ? ORM_EX_WINDOW : ORM_EX_FUNC;
    orm_expr *e = tr_new(t, k, ret, location);
    orm_expr **a = args_new(t, e, nargs);
    for (uint16_t i = 0; i < nargs; i++)
        a[i] = args[i];
    e->u.call.fn = fn;
    return e;
}

static bool translate_list(tr *t, tr_level *lv, PgQuery__Node **nodes, size_t n, orm_expr ***out)
{
    *out = og_arena_zalloc(t->a, sizeof(orm_expr *) * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        if (!((*out)[i] = tr_expr(t, lv, nodes[i])))
            return false;
    return true;
}

static bool sortbys(tr *t, tr_level *lv, PgQuery__Node **nodes, size_t n, orm_sortby **out)
{
    *out = og_arena_zalloc(t->a, sizeof(orm_sortby) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        const PgQuery__SortBy *sb = nodes[i]->sort_by;
        if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
            tr_error(t, sb->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "ORDER BY ... USING is not supported");
            return false;
        }
        orm_expr *e = tr_expr(t, lv, sb->node);
        if (!e)
            return false;
        if (is_unknown(e) && !(e = tr_coerce_to(t, e, OG_OID_TEXT, -1, TR_IMPLICIT, NULL)))
            return false;
        (*out)[i].expr = e;
        (*out)[i].desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        (*out)[i].nulls = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST  ? ORM_NULLS_FIRST
                          : sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST ? ORM_NULLS_LAST
                                                                                           : ORM_NULLS_DEFAULT;
    }
    return true;
}

/* The select statement that owns named windows, walking up through expression levels. */
static const PgQuery__WindowDef *find_window(const PgQuery__SelectStmt *sel, const char *name)
{
    if (!sel)
        return NULL;
    for (size_t i = 0; i < sel->n_window_clause; i++) {
        const PgQuery__WindowDef *w = sel->window_clause[i]->window_def;
        if (w && w->name && !strcmp(w->name, name))
            return w;
    }
    return NULL;
}

extern const PgQuery__SelectStmt *tr_level_select(const tr_level *lv);

static orm_window *make_window(tr *t, tr_level *lv, const PgQuery__WindowDef *wd)
{
    const PgQuery__WindowDef *base = NULL;
    const char *ref = wd->refname && *wd->refname ? wd->refname : wd->name && *wd->name ? wd->name : NULL;
    if (ref) {
        base = find_window(tr_level_select(lv), ref);
        if (!base) {
            tr_error(t, wd->location, "42704", "window \"%s\" does not exist", ref);
            return NULL;
        }
    }
    orm_window *w = og_arena_zalloc(t->a, sizeof *w);
    const PgQuery__WindowDef *part = base && !wd->n_partition_clause ? base : wd;
    const PgQuery__WindowDef *ord = base && !wd->n_order_clause ? base : wd;
    const PgQuery__WindowDef *frm = wd->frame_options & 0x1 ? wd : base ? base : wd; /* FRAMEOPTION_NONDEFAULT */
    tr_where saved = lv->where;
    lv->where = TR_WHERE_TARGET; /* aggregates may order a window (they are per group) */
    bool ok = translate_list(t, lv, part->partition_clause, part->n_partition_clause, &w->partition) &&
              sortbys(t, lv, ord->order_clause, ord->n_order_clause, &w->order);
    lv->where = saved;
    if (!ok)
        return NULL;
    w->npartition = (uint16_t)part->n_partition_clause;
    w->norder = (uint16_t)ord->n_order_clause;
    int fo = frm->frame_options;
    /* PostgreSQL's FRAMEOPTION_* bits (nodes/parsenodes.h) */
    enum {
        NONDEFAULT = 0x1, RANGE = 0x2, ROWS = 0x4, GROUPS = 0x8, BETWEEN = 0x10, START_UNBOUNDED_PRECEDING = 0x20,
        END_UNBOUNDED_PRECEDING = 0x40, START_UNBOUNDED_FOLLOWING = 0x80, END_UNBOUNDED_FOLLOWING = 0x100,
        START_CURRENT_ROW = 0x200, END_CURRENT_ROW = 0x400, START_OFFSET_PRECEDING = 0x800,
        END_OFFSET_PRECEDING = 0x1000, START_OFFSET_FOLLOWING = 0x2000, END_OFFSET_FOLLOWING = 0x4000,
        EXCLUSION = 0x8000 | 0x10000 | 0x20000,
    };
    if (fo & NONDEFAULT) {
        if (fo & EXCLUSION) {
            tr_error(t, wd->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "window frame EXCLUDE is not supported");
            return NULL;
        }
        uint32_t f = ORM_FRAME_EXPLICIT;
        if (fo & ROWS)
            f |= ORM_FRAME_ROWS;
        if (fo & GROUPS)
            f |= ORM_FRAME_GROUPS;
        if (fo & START_UNBOUNDED_PRECEDING)
            f |= ORM_FRAME_START_UNBOUNDED;
        if (fo & START_CURRENT_ROW)
            f |= ORM_FRAME_START_CURRENT;
        if (fo & START_OFFSET_PRECEDING)
            f |= ORM_FRAME_START_PRECEDING;
        if (fo & START_OFFSET_FOLLOWING)
            f |= ORM_FRAME_START_FOLLOWING;
        if (fo & (END_UNBOUNDED_FOLLOWING | END_UNBOUNDED_PRECEDING))
            f |= ORM_FRAME_END_UNBOUNDED;
        if (fo & END_CURRENT_ROW)
            f |= ORM_FRAME_END_CURRENT;
        if (fo & END_OFFSET_PRECEDING)
            f |= ORM_FRAME_END_PRECEDING;
        if (fo & END_OFFSET_FOLLOWING)
            f |= ORM_FRAME_END_FOLLOWING;
        if (!(fo & BETWEEN))
            f |= ORM_FRAME_END_CURRENT;
        if (frm->start_offset &&
            !(w->start_offset = tr_coerce_to(t, tr_expr(t, lv, frm->start_offset), OG_OID_INT8, -1, TR_IMPLICIT, NULL)))
            return NULL;
        if (frm->end_offset &&
            !(w->end_offset = tr_coerce_to(t, tr_expr(t, lv, frm->end_offset), OG_OID_INT8, -1, TR_IMPLICIT, NULL)))
            return NULL;
        w->frame = f;
    }
    return w;
}

static const char *func_name(const PgQuery__FuncCall *f)
{
    const char *schema = f->n_funcname > 1 ? tr_str(f->funcname[0]) : NULL;
    if (schema && strcmp(schema, "pg_catalog") && strcmp(schema, "public"))
        return NULL;
    return tr_str(f->funcname[f->n_funcname - 1]);
}

static orm_expr *const_text(tr *t, const char *s, int location)
{
    orm_expr *e = tr_new(t, ORM_EX_CONST, OG_OID_TEXT, location);
    e->u.value.oid = OG_OID_TEXT;
    e->u.value.u.str.p = og_arena_strdup(t->a, s);
    e->u.value.u.str.len = strlen(s);
    return e;
}

/* ---- named parameters (name => value) ---------------------------------------------------- */

/* Functions whose parameters a call may name: PostgreSQL's parameter names and types, in order;
 * a parameter left out takes its default, 0 for all of these. The call then goes to the catalog
 * entry positionally, every parameter given. */
typedef struct named_fn {
    const char *name;
    uint8_t nparams;
    const char *params[8];
    uint32_t types[8];
} named_fn;

static const named_fn named_fns[] = {
    {"make_interval",
     7,
     {"years", "months", "weeks", "days", "hours", "mins", "secs"},
     {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4, OG_OID_INT4, OG_OID_FLOAT8}},
};

static const named_fn *named_fn_find(const char *name)
{
    for (size_t i = 0; i < sizeof named_fns / sizeof named_fns[0]; i++)
        if (!strcmp(named_fns[i].name, name))
            return &named_fns[i];
    return NULL;
}

/* 42883 "function make_interval(years => numeric) does not exist", the arguments as written. */
static orm_expr *named_no_function(tr *t, const PgQuery__FuncCall *f, orm_expr **args, const char *const *names)
{
    og_buf b = OG_BUF_INIT;
    og_buf_printf(&b, "%s(", func_name(f));
    for (size_t i = 0; i < f->n_args; i++) {
        bool untyped = is_unknown(args[i]) || (args[i]->kind == ORM_EX_PARAM && !param_type(t, args[i]->u.param));
        og_buf_printf(&b, "%s%s%s%s", i ? ", " : "", names[i] ? names[i] : "", names[i] ? " => " : "",
                      untyped ? "unknown" : type_name(args[i]->type));
    }
    og_buf_putc(&b, ')');
    tr_error(t, f->location, "42883", "function %s does not exist", og_buf_cstr(&b));
    og_buf_free(&b);
    og_error_hint(t->err, "No function matches the given name and argument types. You might need to add explicit type "
                          "casts.");
    return NULL;
}

/* A call of a named_fn, positional and name => value arguments mixed as PostgreSQL allows (named
 * ones last, each name once). */
static orm_expr *named_call(tr *t, tr_level *lv, const PgQuery__FuncCall *f, const named_fn *nf)
{
    orm_expr **args = og_arena_zalloc(t->a, sizeof(orm_expr *) * (f->n_args + 1));
    const char **names = og_arena_zalloc(t->a, sizeof(char *) * (f->n_args + 1));
    for (size_t i = 0; i < f->n_args; i++) {
        const PgQuery__Node *n = f->args[i];
        if (NODE(n, NAMED_ARG_EXPR)) {
            names[i] = n->named_arg_expr->name;
            for (size_t k = 0; k < i; k++)
                if (names[k] && !strcmp(names[k], names[i])) {
                    tr_error(t, n->named_arg_expr->location, "42601", "argument name \"%s\" used more than once",
                             names[i]);
                    return NULL;
                }
            n = n->named_arg_expr->arg;
        } else if (i && names[i - 1]) {
            tr_error(t, f->location, "42601", "positional argument cannot follow named argument");
            return NULL;
        }
        if (!(args[i] = tr_expr(t, lv, n)))
            return NULL;
    }
    orm_expr *pos[8] = {0};
    for (size_t i = 0; i < f->n_args; i++) {
        int k = -1;
        if (!names[i])
            k = i < nf->nparams ? (int)i : -1;
        for (uint8_t p = 0; names[i] && p < nf->nparams; p++)
            if (!strcmp(nf->params[p], names[i]))
                k = p;
        bool untyped = is_unknown(args[i]) || (args[i]->kind == ORM_EX_PARAM && !param_type(t, args[i]->u.param));
        if (k < 0 || pos[k] || (!untyped && !orm_type_implicit(args[i]->type, nf->types[k])))
            return named_no_function(t, f, args, names);
        pos[k] = args[i];
    }
    for (uint8_t p = 0; p < nf->nparams; p++) {
        if (!pos[p]) {
            pos[p] = tr_new(t, ORM_EX_CONST, nf->types[p], -1);
            pos[p]->u.value.oid = nf->types[p];
            if (nf->types[p] == OG_OID_FLOAT8)
                pos[p]->u.value.u.f = 0.0;
        }
        if (pos[p]->kind == ORM_EX_PARAM && !param_type(t, pos[p]->u.param)) {
            param_set_type(t, pos[p]->u.param, nf->types[p]);
            pos[p]->type = nf->types[p];
        }
        if (!(pos[p] = tr_coerce_to(t, pos[p], nf->types[p], -1, TR_IMPLICIT, NULL)))
            return NULL;
    }
    orm_expr *e = make_call(t, nf->name, pos, nf->nparams, false, f->location);
    return e ? maybe_fold(t, e) : NULL;
}

static bool has_named_args(const PgQuery__FuncCall *f)
{
    for (size_t i = 0; i < f->n_args; i++)
        if (NODE(f->args[i], NAMED_ARG_EXPR))
            return true;
    return false;
}

static bool is_srf_name(const char *name)
{
    static const char *const srfs[] = {"generate_series",
                                       "unnest",
                                       "jsonb_array_elements",
                                       "jsonb_array_elements_text",
                                       "json_array_elements",
                                       "json_array_elements_text",
                                       "jsonb_each",
                                       "jsonb_each_text",
                                       "json_each",
                                       "json_each_text",
                                       "jsonb_object_keys",
                                       "json_object_keys",
                                       "regexp_matches"};
    for (size_t i = 0; i < sizeof srfs / sizeof srfs[0]; i++)
        if (!strcmp(name, srfs[i]))
            return true;
    return false;
}

static orm_expr *tr_funccall(tr *t, tr_level *lv, const PgQuery__FuncCall *f)
{
    const char *name = func_name(f);
    if (!name) {
        tr_error(t, f->location, "42883", "function %s.%s does not exist", tr_str(f->funcname[0]),
                 tr_str(f->funcname[f->n_funcname - 1]));
        return NULL;
    }
    if (f->agg_within_group) {
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "WITHIN GROUP is not supported");
        return NULL;
    }
    if (f->func_variadic) {
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "VARIADIC arguments are not supported");
        return NULL;
    }
    if (!strcmp(name, "version") && !f->n_args && t->in->version)
        return const_text(t, t->in->version, f->location);
    if (!strcmp(name, "current_database") && !f->n_args)
        return const_text(t, t->in->database ? t->in->database : "", f->location);
    if ((!strcmp(name, "current_schema") || !strcmp(name, "pg_my_temp_schema")) && !f->n_args)
        return const_text(t, "public", f->location);
    if (is_srf_name(name)) {
        if (lv->srf_ok && strcmp(name, "regexp_matches"))
            return tr_target_srf(t, lv, f);
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "set-returning function %s() is supported only in FROM and the SELECT list", name);
        return NULL;
    }
    if (!strcmp(name, "pg_typeof") && f->n_args == 1) {
        orm_expr *arg = tr_expr(t, lv, f->args[0]);
        if (!arg)
            return NULL;
        const char *tn = og_type_name(arg->kind == ORM_EX_PARAM && !param_type(t, arg->u.param) ? OG_OID_UNKNOWN
                                                                                                   : arg->type);
        orm_expr *e = const_text(t, tn, f->location);
        e->type = e->u.value.oid = OG_OID_REGTYPE;
        return e;
    }
    const named_fn *nf = named_fn_find(name);
    bool plain = !f->agg_star && !f->agg_distinct && !f->agg_filter && !f->n_agg_order && !f->over;
    if (nf && plain)
        return named_call(t, lv, f, nf);
    if (has_named_args(f)) {
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "named arguments (name => value) are not supported for function %s()", name);
        return NULL;
    }
    bool in_agg = lv->in_agg;
    orm_expr **args;
    if (!translate_list(t, lv, f->args, f->n_args, &args))
        return NULL;
    orm_expr *e;
    if (f->agg_star) {
        e = make_call(t, name, args, 0, false, f->location);
    } else {
        e = make_call(t, name, args, (uint16_t)f->n_args, false, f->location);
        if (!e && !strcmp(t->err->code, "42883")) {
            static const char *const alias[][2] = {{"position", "strpos"}, {"ceiling", "ceil"}, {"pow", "power"},
                                                   {"char_length", "length"}, {"character_length", "length"},
                                                   {"substring", "substr"}};
            for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
                if (!strcmp(name, alias[i][0])) {
                    og_error saved = OG_ERROR_INIT;
                    og_error_move(&saved, t->err);
                    e = make_call(t, alias[i][1], args, (uint16_t)f->n_args, false, f->location);
                    if (!e)
                        og_error_move(t->err, &saved);
                    og_error_clear(&saved);
                    break;
                }
        }
    }
    if (!e)
        return NULL;
    const orm_fn *fn = e->u.call.fn;
    e->u.call.star = f->agg_star;
    bool is_agg = fn->flags & ORM_FN_AGG;
    if (f->over) {
        if (!is_agg && !(fn->flags & ORM_FN_WINDOW)) {
            tr_error(t, f->location, "42809", "OVER specified, but %s is not a window function nor an aggregate function",
                     name);
            return NULL;
        }
        if (lv->where == TR_WHERE_FILTER || lv->where == TR_WHERE_GROUP || lv->where == TR_WHERE_VALUES ||
            lv->where == TR_WHERE_OTHER) {
            const char *w = lv->where == TR_WHERE_GROUP ? "GROUP BY" : lv->where == TR_WHERE_FILTER ? "WHERE" : "this context";
            tr_error(t, f->location, "42P20", "window functions are not allowed in %s", w);
            return NULL;
        }
        e->kind = ORM_EX_WINDOW;
        if (!(e->u.call.over = make_window(t, lv, f->over)))
            return NULL;
    } else if (fn->flags & ORM_FN_WINDOW) {
        tr_error(t, f->location, "42809", "window function %s requires an OVER clause", name);
        return NULL;
    } else if (is_agg) {
        if (in_agg || (e->nargs && tr_contains_kind(e->args[0], ORM_EX_AGG))) {
            tr_error(t, f->location, "42803", "aggregate function calls cannot be nested");
            return NULL;
        }
        if (lv->where == TR_WHERE_FILTER || lv->where == TR_WHERE_GROUP || lv->where == TR_WHERE_OTHER ||
            lv->where == TR_WHERE_VALUES) {
            const char *w = lv->where == TR_WHERE_GROUP    ? "GROUP BY"
                            : lv->where == TR_WHERE_FILTER ? "WHERE"
                            : lv->where == TR_WHERE_VALUES ? "VALUES"
                                                           : "this context";
            tr_error(t, f->location, "42803", "aggregate functions are not allowed in %s", w);
            return NULL;
        }
        lv->q->has_aggs = true;
    } else if (f->agg_distinct || f->agg_filter || f->n_agg_order || f->agg_star) {
        tr_error(t, f->location, "42809", "%s is not an aggregate function", name);
        return NULL;
    }
    if (is_agg || e->kind == ORM_EX_WINDOW) {
        e->u.call.distinct = f->agg_distinct;
        if (f->agg_filter) {
            tr_where saved = lv->where;
            lv->where = TR_WHERE_FILTER;
            e->u.call.filter = tr_bool(t, lv, f->agg_filter, "FILTER");
            lv->where = saved;
            if (!e->u.call.filter)
                return NULL;
        }
        if (f->n_agg_order) {
            if (!sortbys(t, lv, f->agg_order, f->n_agg_order, &e->u.call.order))
                return NULL;
            e->u.call.norder = (uint16_t)f->n_agg_order;
        }
    }
    return e->kind == ORM_EX_FUNC ? maybe_fold(t, e) : e;
}

/* ---- column references ------------------------------------------------------------------------ */

extern bool tr_level_lookup(tr *t, tr_level *lv, const char *rel, const char *col, int location, orm_expr **out);

static orm_expr *tr_columnref(tr *t, tr_level *lv, const PgQuery__ColumnRef *c)
{
    const char *names[4] = {0};
    size_t n = c->n_fields;
    if (n > 3 || n == 0) {
        tr_error(t, c->location, "42601", "improper qualified name (too many dotted names)");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (NODE(c->fields[i], A_STAR)) {
            tr_error(t, c->location, "42601", "row expansion via \"*\" is not supported here");
            return NULL;
        }
        names[i] = tr_str(c->fields[i]);
    }
    const char *rel = n >= 2 ? names[n - 2] : NULL;
    const char *col = names[n - 1];
    orm_expr *e = NULL;
    if (!tr_level_lookup(t, lv, rel, col, c->location, &e))
        return NULL;
    return e;
}

/* ---- A_Expr -------------------------------------------------------------------------------------- */

static orm_expr *tr_in(tr *t, tr_level *lv, const PgQuery__AExpr *x, const char *op)
{
    orm_expr *l = tr_expr(t, lv, x->lexpr);
    if (!l)
        return NULL;
    if (!NODE(x->rexpr, LIST)) {
        tr_error(t, x->location, "42601", "syntax error in IN list");
        return NULL;
    }
    const PgQuery__List *list = x->rexpr->list;
    orm_expr *e = tr_new(t, ORM_EX_IN, OG_OID_BOOL, x->location);
    orm_expr **a = args_new(t, e, list->n_items + 1);
    a[0] = l;
    for (size_t i = 0; i < list->n_items; i++)
        if (!(a[i + 1] = tr_expr(t, lv, list->items[i])))
            return NULL;
    uint32_t ct = cmp_common(t, a, e->nargs, op, x->location);
    if (!ct)
        return NULL;
    for (uint16_t i = 0; i < e->nargs; i++)
        if (!(a[i] = tr_coerce_to(t, a[i], ct, -1, TR_IMPLICIT, NULL)))
            return NULL;
    e->u.cmp.cmp_type = ct;
    e->u.cmp.op = ORM_CMP_EQ;
    e->u.cmp.negated = !strcmp(op, "<>");
    return e;
}

static orm_expr *tr_any_array(tr *t, tr_level *lv, const PgQuery__AExpr *x, const char *op, bool all)
{
    orm_cmp c;
    if (!parse_cmp(op, &c)) {
        tr_error(t, x->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "operator %s with ANY/ALL is not supported", op);
        return NULL;
    }
    orm_expr *l = tr_expr(t, lv, x->lexpr), *r = l ? tr_expr(t, lv, x->rexpr) : NULL;
    if (!r)
        return NULL;
    if (l->kind == ORM_EX_PARAM && !param_type(t, l->u.param) && og_type_array_elem(r->type))
        l = tr_coerce_to(t, l, og_type_array_elem(r->type), -1, TR_IMPLICIT, NULL);
    if (is_unknown(l))
        l = tr_coerce_to(t, l, og_type_array_elem(r->type) ? og_type_array_elem(r->type) : OG_OID_TEXT, -1,
                         TR_IMPLICIT, NULL);
    if (!l)
        return NULL;
    if ((r->kind == ORM_EX_PARAM && !param_type(t, r->u.param)) || is_unknown(r)) {
        uint32_t at = og_type_array_of(l->type);
        if (!at) {
            tr_error(t, x->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "arrays of type %s are not supported",
                     type_name(l->type));
            return NULL;
        }
        if (!(r = tr_coerce_to(t, r, at, -1, TR_IMPLICIT, NULL)))
            return NULL;
    }
    uint32_t elem = og_type_array_elem(r->type);
    if (!elem) {
        tr_error(t, x->location, "42809", "op ANY/ALL (array) requires array on right side");
        return NULL;
    }
    orm_expr *tmp = tr_new(t, ORM_EX_CONST, elem, -1);
    orm_expr *pair[2] = {l, tmp};
    uint32_t ct = cmp_common(t, pair, 2, op, x->location);
    if (!ct || !(l = tr_coerce_to(t, l, ct, -1, TR_IMPLICIT, NULL)))
        return NULL;
    if (ct != elem && !(r = tr_coerce_to(t, r, og_type_array_of(ct), -1, TR_IMPLICIT, NULL)))
        return NULL;
    orm_expr *e = tr_new(t, ORM_EX_ANY, OG_OID_BOOL, x->location);
    orm_expr **a = args_new(t, e, 2);
    a[0] = l;
    a[1] = r;
    e->u.any.all = all;
    e->u.any.op = c;
    e->u.any.cmp_type = ct;
    return e;
}

/* (a, b) = (c, d) is a = c AND b = d; <> is the OR of the <>s; < <= > >= compare left to right,
 * the first pair that is not equal deciding (NULL when it has a NULL): (a, b) < (c, d) is
 * a < c OR (a = c AND b < d). That is PostgreSQL's row comparison in three-valued logic. The
 * operands of an ordering are translated twice (the IR is a tree). */
static orm_expr *row_compare(tr *t, tr_level *lv, const PgQuery__AExpr *x, orm_cmp c, const char *op)
{
    const PgQuery__RowExpr *l = x->lexpr->row_expr, *r = x->rexpr->row_expr;
    if (l->n_args != r->n_args || !l->n_args) {
        tr_error(t, x->location, "42601", "unequal number of entries in row expressions");
        return NULL;
    }
    if (c == ORM_CMP_EQ || c == ORM_CMP_NE) {
        orm_expr *acc = NULL;
        for (size_t i = 0; i < l->n_args; i++) {
            orm_expr *e = make_cmp(t, c, tr_expr(t, lv, l->args[i]), tr_expr(t, lv, r->args[i]), op, x->location);
            if (!e)
                return NULL;
            acc = acc ? make_bool2(t, c == ORM_CMP_EQ ? ORM_EX_AND : ORM_EX_OR, acc, e, x->location) : e;
        }
        return acc;
    }
    orm_cmp strict = c == ORM_CMP_LT || c == ORM_CMP_LE ? ORM_CMP_LT : ORM_CMP_GT;
    size_t n = l->n_args;
    orm_expr *acc = make_cmp(t, c, tr_expr(t, lv, l->args[n - 1]), tr_expr(t, lv, r->args[n - 1]), op, x->location);
    for (size_t i = n - 1; acc && i-- > 0;) {
        orm_expr *lt = make_cmp(t, strict, tr_expr(t, lv, l->args[i]), tr_expr(t, lv, r->args[i]), op, x->location);
        orm_expr *eq =
            lt ? make_cmp(t, ORM_CMP_EQ, tr_expr(t, lv, l->args[i]), tr_expr(t, lv, r->args[i]), op, x->location)
               : NULL;
        acc = make_bool2(t, ORM_EX_OR, lt, make_bool2(t, ORM_EX_AND, eq, acc, x->location), x->location);
    }
    return acc;
}

/* LIKE ... ESCAPE 'c': the grammar wraps the pattern in like_escape(pattern, c). With constant
 * arguments the pattern is rewritten to the default escape (backslash). */
static orm_expr *like_pattern(tr *t, tr_level *lv, const PgQuery__Node *n)
{
    if (!NODE(n, FUNC_CALL) || n->func_call->n_args != 2 || strcmp(tr_str(n->func_call->funcname[n->func_call->n_funcname - 1]), "like_escape"))
        return tr_expr(t, lv, n);
    const PgQuery__FuncCall *f = n->func_call;
    const PgQuery__Node *pn = f->args[0], *en = f->args[1];
    if (!NODE(pn, A_CONST) || !NODE(en, A_CONST) || pn->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
        en->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL) {
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "LIKE ... ESCAPE with a non-constant pattern is not supported");
        return NULL;
    }
    const char *p = pn->a_const->sval->sval, *esc = en->a_const->sval->sval;
    if (strlen(esc) > 1) {
        tr_error(t, f->location, "22019", "invalid escape string");
        og_error_hint(t->err, "Escape string must be empty or one character.");
        return NULL;
    }
    og_buf b = {0};
    for (const char *q = p; *q; q++) {
        if (*esc && *q == *esc && q[1]) {
            og_buf_putc(&b, '\\');
            og_buf_putc(&b, (uint8_t)*++q);
        } else if (*q == '\\' && *esc != '\\') {
            og_buf_puts(&b, "\\\\"); /* a literal backslash when it is not the escape */
        } else if (!*esc && *q == '\\') {
            og_buf_puts(&b, "\\\\");
        } else {
            og_buf_putc(&b, (uint8_t)*q);
        }
    }
    og_buf_putc(&b, '\0');
    orm_expr *e = const_text(t, (char *)b.data, pn->a_const->location);
    og_buf_free(&b);
    e->type = e->u.value.oid = OG_OID_UNKNOWN;
    return e;
}

static orm_expr *tr_aexpr(tr *t, tr_level *lv, const PgQuery__AExpr *x)
{
    const char *op = x->n_name ? tr_str(x->name[x->n_name - 1]) : "";
    if (!op)
        op = "";
    switch (x->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP: {
        orm_cmp c;
        if (x->lexpr && NODE(x->lexpr, ROW_EXPR) && NODE(x->rexpr, ROW_EXPR) && parse_cmp(op, &c))
            return row_compare(t, lv, x, c, op);
        if (x->lexpr && parse_cmp(op, &c))
            return make_cmp(t, c, tr_expr(t, lv, x->lexpr), tr_expr(t, lv, x->rexpr), op, x->location);
        orm_expr *args[2];
        uint16_t n = 0;
        if (x->lexpr && !(args[n++] = tr_expr(t, lv, x->lexpr)))
            return NULL;
        if (x->rexpr && !(args[n++] = tr_expr(t, lv, x->rexpr)))
            return NULL;
        /* -<numeric literal>: fold as PostgreSQL's grammar does */
        if (n == 1 && !strcmp(op, "-") && args[0]->kind == ORM_EX_CONST && !args[0]->u.value.isnull &&
            NODE(x->rexpr, A_CONST)) {
            og_value *v = &args[0]->u.value;
            if ((v->oid == OG_OID_INT4 || v->oid == OG_OID_INT8) && v->u.i != INT64_MIN) {
                /* the grammar negates the literal's text: -2147483648 is an integer, as in PostgreSQL */
                uint32_t ty = -v->u.i >= INT32_MIN && -v->u.i <= INT32_MAX ? OG_OID_INT4 : OG_OID_INT8;
                orm_expr *c2 = tr_new(t, ORM_EX_CONST, ty, x->location);
                c2->u.value = *v;
                c2->u.value.oid = ty;
                c2->u.value.u.i = -v->u.i;
                return c2;
            }
        }
        orm_expr *e = make_call(t, op, args, n, true, x->location);
        return e ? maybe_fold(t, e) : NULL;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
        return tr_any_array(t, lv, x, op, x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL);
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
        orm_expr *e = make_cmp(t, ORM_CMP_EQ, tr_expr(t, lv, x->lexpr), tr_expr(t, lv, x->rexpr), "=", x->location);
        if (!e)
            return NULL;
        e->kind = ORM_EX_DISTINCT;
        e->u.cmp.negated = x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT;
        return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
        orm_expr *e = make_cmp(t, ORM_CMP_EQ, tr_expr(t, lv, x->lexpr), tr_expr(t, lv, x->rexpr), "=", x->location);
        if (!e)
            return NULL;
        e->kind = ORM_EX_NULLIF;
        e->type = e->args[0]->type;
        return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        return tr_in(t, lv, x, op);
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE: {
        orm_expr *args[2];
        if (!(args[0] = tr_expr(t, lv, x->lexpr)) || !(args[1] = like_pattern(t, lv, x->rexpr)))
            return NULL;
        orm_expr *e = make_call(t, op, args, 2, true, x->location);
        return e ? maybe_fold(t, e) : NULL;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
        const PgQuery__List *list = NODE(x->rexpr, LIST) ? x->rexpr->list : NULL;
        if (!list || list->n_items != 2) {
            tr_error(t, x->location, "42601", "syntax error in BETWEEN");
            return NULL;
        }
        bool neg = x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
                   x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        bool sym = x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
                   x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        /* translate the operand once per use: the IR is a tree, not a DAG */
        orm_expr *lo1 = tr_expr(t, lv, list->items[0]), *hi1 = lo1 ? tr_expr(t, lv, list->items[1]) : NULL;
        orm_expr *v1 = hi1 ? tr_expr(t, lv, x->lexpr) : NULL, *v2 = v1 ? tr_expr(t, lv, x->lexpr) : NULL;
        if (!v2)
            return NULL;
        orm_expr *r1 = neg ? make_bool2(t, ORM_EX_OR, make_cmp(t, ORM_CMP_LT, v1, lo1, "<", x->location),
                                        make_cmp(t, ORM_CMP_GT, v2, hi1, ">", x->location), x->location)
                           : make_bool2(t, ORM_EX_AND, make_cmp(t, ORM_CMP_GE, v1, lo1, ">=", x->location),
                                        make_cmp(t, ORM_CMP_LE, v2, hi1, "<=", x->location), x->location);
        if (!r1 || !sym)
            return r1;
        orm_expr *lo2 = tr_expr(t, lv, list->items[1]), *hi2 = lo2 ? tr_expr(t, lv, list->items[0]) : NULL;
        orm_expr *v3 = hi2 ? tr_expr(t, lv, x->lexpr) : NULL, *v4 = v3 ? tr_expr(t, lv, x->lexpr) : NULL;
        if (!v4)
            return NULL;
        orm_expr *r2 = neg ? make_bool2(t, ORM_EX_OR, make_cmp(t, ORM_CMP_LT, v3, lo2, "<", x->location),
                                        make_cmp(t, ORM_CMP_GT, v4, hi2, ">", x->location), x->location)
                           : make_bool2(t, ORM_EX_AND, make_cmp(t, ORM_CMP_GE, v3, lo2, ">=", x->location),
                                        make_cmp(t, ORM_CMP_LE, v4, hi2, "<=", x->location), x->location);
        return make_bool2(t, neg ? ORM_EX_AND : ORM_EX_OR, r1, r2, x->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
        tr_error(t, x->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "SIMILAR TO is not supported");
        return NULL;
    default:
        tr_error(t, x->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this operator form is not supported");
        return NULL;
    }
}

/* ---- other nodes ------------------------------------------------------------------------------------- */

static orm_expr *tr_const(tr *t, const PgQuery__AConst *c)
{
    if (c->isnull) {
        orm_expr *e = tr_new(t, ORM_EX_CONST, OG_OID_UNKNOWN, c->location);
        e->u.value = og_value_null(OG_OID_UNKNOWN);
        return e;
    }
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL: {
        orm_expr *e = tr_new(t, ORM_EX_CONST, OG_OID_INT4, c->location);
        e->u.value.oid = OG_OID_INT4;
        e->u.value.u.i = c->ival->ival;
        return e;
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL: {
        orm_expr *e = tr_new(t, ORM_EX_CONST, OG_OID_BOOL, c->location);
        e->u.value.oid = OG_OID_BOOL;
        e->u.value.u.b = c->boolval->boolval;
        return e;
    }
    case PG_QUERY__A__CONST__VAL_FVAL: {
        const char *s = c->fval->fval;
        bool integral = *s != '\0';
        for (const char *p = s; *p; p++)
            if (!(*p >= '0' && *p <= '9') && !(p == s && (*p == '-' || *p == '+')))
                integral = false;
        uint32_t ty = OG_OID_NUMERIC;
        if (integral) {
            char *end;
            errno = 0;
            long long v = strtoll(s, &end, 10);
            if (!errno && !*end) {
                /* make_const: an integer that fits int4 is one (-2147483648 comes here negated) */
                uint32_t ity = v >= INT32_MIN && v <= INT32_MAX ? OG_OID_INT4 : OG_OID_INT8;
                orm_expr *e = tr_new(t, ORM_EX_CONST, ity, c->location);
                e->u.value.oid = ity;
                e->u.value.u.i = v;
                return e;
            }
        }
        og_value v;
        if (!og_text_io_get()->decode(ty, s, strlen(s), "UTC", t->a, &v, t->err)) {
            tr_locate(t, c->location);
            return NULL;
        }
        orm_expr *e = tr_new(t, ORM_EX_CONST, ty, c->location);
        e->u.value = v;
        e->u.value.oid = ty;
        return e;
    }
    case PG_QUERY__A__CONST__VAL_SVAL: {
        orm_expr *e = tr_new(t, ORM_EX_CONST, OG_OID_UNKNOWN, c->location);
        e->u.value.oid = OG_OID_UNKNOWN;
        e->u.value.u.str.p = og_arena_strdup(t->a, c->sval->sval);
        e->u.value.u.str.len = strlen(c->sval->sval);
        return e;
    }
    default:
        tr_error(t, c->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "bit string constants are not supported");
        return NULL;
    }
}

static orm_expr *tr_typecast(tr *t, tr_level *lv, const PgQuery__TypeCast *c)
{
    orm_type ty;
    if (!orm_type_resolve(c->type_name, &ty, t->err)) {
        tr_locate(t, c->location);
        return NULL;
    }
    orm_expr *e = tr_expr(t, lv, c->arg);
    if (!e)
        return NULL;
    if (e->kind == ORM_EX_PARAM && !param_type(t, e->u.param)) {
        param_set_type(t, e->u.param, ty.oid);
        e->type = ty.oid;
    }
    orm_expr *r = tr_coerce_to(t, e, ty.oid, ty.typmod, TR_EXPLICIT, NULL);
    if (r && r->kind == ORM_EX_CAST)
        r->location = e->location;
    return r;
}

static orm_expr *tr_case(tr *t, tr_level *lv, const PgQuery__CaseExpr *c)
{
    orm_expr *e = tr_new(t, ORM_EX_CASE, 0, c->location);
    e->u.case_.nwhens = (uint16_t)c->n_args;
    e->u.case_.whens = og_arena_zalloc(t->a, sizeof(orm_expr *) * (c->n_args + 1));
    e->u.case_.thens = og_arena_zalloc(t->a, sizeof(orm_expr *) * (c->n_args + 1));
    orm_expr *arg = NULL;
    if (c->arg && !(arg = tr_expr(t, lv, c->arg)))
        return NULL;
    orm_expr **results = og_arena_zalloc(t->a, sizeof(orm_expr *) * (c->n_args + 2));
    size_t nres = 0;
    for (size_t i = 0; i < c->n_args; i++) {
        const PgQuery__CaseWhen *w = c->args[i]->case_when;
        if (arg) {
            if (!(e->u.case_.whens[i] = tr_expr(t, lv, w->expr)))
                return NULL;
        } else if (!(e->u.case_.whens[i] = tr_bool(t, lv, w->expr, "CASE/WHEN"))) {
            return NULL;
        }
        if (!(results[nres++] = e->u.case_.thens[i] = tr_expr(t, lv, w->result)))
            return NULL;
    }
    if (c->defresult && !(results[nres++] = e->u.case_.else_ = tr_expr(t, lv, c->defresult)))
        return NULL;
    if (arg) {
        orm_expr **cmp = og_arena_zalloc(t->a, sizeof(orm_expr *) * (c->n_args + 1));
        cmp[0] = arg;
        for (size_t i = 0; i < c->n_args; i++)
            cmp[i + 1] = e->u.case_.whens[i];
        uint32_t ct = cmp_common(t, cmp, c->n_args + 1, "=", c->location);
        if (!ct || !(arg = tr_coerce_to(t, arg, ct, -1, TR_IMPLICIT, NULL)))
            return NULL;
        for (size_t i = 0; i < c->n_args; i++)
            if (!(e->u.case_.whens[i] = tr_coerce_to(t, e->u.case_.whens[i], ct, -1, TR_IMPLICIT, NULL)))
                return NULL;
        e->u.case_.arg = arg;
        e->u.case_.cmp_type = ct;
    }
    /* PostgreSQL resolves the result type with ELSE first, then the THENs in order */
    uint32_t *types = og_arena_zalloc(t->a, sizeof(uint32_t) * (nres + 1));
    size_t k = 0;
    if (e->u.case_.else_)
        types[k++] = e->u.case_.else_->type;
    for (size_t i = 0; i < c->n_args; i++)
        types[k++] = e->u.case_.thens[i]->type;
    uint32_t rt = orm_type_common(types, nres, "CASE", t->err);
    if (!rt) {
        tr_locate(t, c->location);
        return NULL;
    }
    for (size_t i = 0; i < c->n_args; i++)
        if (!(e->u.case_.thens[i] = tr_coerce_to(t, e->u.case_.thens[i], rt, -1, TR_IMPLICIT, NULL)))
            return NULL;
    if (e->u.case_.else_ && !(e->u.case_.else_ = tr_coerce_to(t, e->u.case_.else_, rt, -1, TR_IMPLICIT, NULL)))
        return NULL;
    e->type = rt;
    return e;
}

/* coalesce / greatest / least: arguments of one common type. */
static orm_expr *tr_variadic(tr *t, tr_level *lv, orm_expr_kind k, PgQuery__Node **nodes, size_t n, const char *what,
                             int location)
{
    orm_expr *e = tr_new(t, k, 0, location);
    orm_expr **a = args_new(t, e, n);
    uint32_t *types = og_arena_zalloc(t->a, sizeof(uint32_t) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        if (!(a[i] = tr_expr(t, lv, nodes[i])))
            return NULL;
        types[i] = a[i]->kind == ORM_EX_PARAM && !param_type(t, a[i]->u.param) ? OG_OID_UNKNOWN : a[i]->type;
    }
    uint32_t ct = orm_type_common(types, n, what, t->err);
    if (!ct) {
        tr_locate(t, location);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!(a[i] = tr_coerce_to(t, a[i], ct, -1, TR_IMPLICIT, NULL)))
            return NULL;
    e->type = ct;
    e->u.cmp.cmp_type = ct;
    return e;
}

static orm_expr *tr_sublink(tr *t, tr_level *lv, const PgQuery__SubLink *s)
{
    if (!NODE(s->subselect, SELECT_STMT)) {
        tr_error(t, s->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this kind of subquery is not supported");
        return NULL;
    }
    orm_query *q = tr_select(t, lv, s->subselect->select_stmt);
    if (!q)
        return NULL;
    uint16_t nt;
    const orm_target *tg = orm_query_targets(q, &nt);
    orm_expr *e = tr_new(t, ORM_EX_SUBLINK, OG_OID_BOOL, s->location);
    e->u.sub.query = q;
    switch (s->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
        e->u.sub.kind = ORM_SUB_EXISTS;
        return e;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
        if (nt != 1) {
            tr_error(t, s->location, "42601", "subquery must return only one column");
            return NULL;
        }
        e->u.sub.kind = s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK ? ORM_SUB_SCALAR : ORM_SUB_ARRAY;
        e->type = tg[0].expr->type == OG_OID_UNKNOWN ? OG_OID_TEXT : tg[0].expr->type;
        e->typmod = tg[0].expr->typmod;
        if (e->u.sub.kind == ORM_SUB_ARRAY) {
            e->type = og_type_array_of(e->type);
            e->typmod = -1;
            if (!e->type) {
                tr_error(t, s->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "arrays of type %s are not supported",
                         type_name(tg[0].expr->type));
                return NULL;
            }
        }
        return e;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK: {
        const char *op = s->n_oper_name ? tr_str(s->oper_name[s->n_oper_name - 1]) : "=";
        orm_cmp c;
        if (!op || !parse_cmp(op, &c)) {
            tr_error(t, s->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "operator %s with a subquery is not supported",
                     op ? op : "?");
            return NULL;
        }
        bool all = s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK;
        /* (a, b) IN (SELECT x, y ...): one operand per column */
        PgQuery__Node *const *tests = &s->testexpr;
        size_t ntests = 1;
        if (NODE(s->testexpr, ROW_EXPR)) {
            tests = s->testexpr->row_expr->args;
            ntests = s->testexpr->row_expr->n_args;
        }
        if (ntests != nt) {
            tr_error(t, s->location, "42601", "subquery has too %s columns", ntests < nt ? "many" : "few");
            return NULL;
        }
        orm_expr **a = args_new(t, e, ntests);
        for (size_t i = 0; i < ntests; i++) {
            orm_expr *l = tr_expr(t, lv, tests[i]);
            if (!l)
                return NULL;
            orm_expr *pair[2] = {l, tg[i].expr};
            uint32_t ct = cmp_common(t, pair, 2, op, s->location);
            /* both sides are compared as ct: the subquery's column is coerced too */
            if (!ct || !(a[i] = tr_coerce_to(t, l, ct, -1, TR_IMPLICIT, NULL)) ||
                !tr_query_coerce_column(t, q, (uint16_t)i, ct, TR_IMPLICIT))
                return NULL;
            tg = orm_query_targets(q, &nt);
        }
        e->u.sub.cmp_type = a[0]->type;
        e->u.sub.op = c;
        bool not_in = all && ntests > 1 && c == ORM_CMP_NE;
        e->u.sub.kind = not_in ? ORM_SUB_IN : all ? ORM_SUB_ALL : c == ORM_CMP_EQ ? ORM_SUB_IN : ORM_SUB_ANY;
        if (not_in) { /* (a, b) <> ALL (q) is NOT ((a, b) IN (q)) */
            e->u.sub.op = ORM_CMP_EQ;
            orm_expr *n = tr_new(t, ORM_EX_NOT, OG_OID_BOOL, s->location);
            args_new(t, n, 1)[0] = e;
            return n;
        }
        return e;
    }
    default:
        tr_error(t, s->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this kind of subquery is not supported");
        return NULL;
    }
}

static orm_expr *tr_array(tr *t, tr_level *lv, const PgQuery__AArrayExpr *x)
{
    if (!x->n_elements) {
        tr_error(t, x->location, "42P18", "cannot determine type of empty array");
        og_error_hint(t->err, "Explicitly cast to the desired type, for example ARRAY[]::integer[].");
        return NULL;
    }
    for (size_t i = 0; i < x->n_elements; i++)
        if (NODE(x->elements[i], A_ARRAY_EXPR)) {
            tr_error(t, x->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "multidimensional arrays are not supported");
            return NULL;
        }
    orm_expr *e = tr_variadic(t, lv, ORM_EX_ARRAY, x->elements, x->n_elements, "ARRAY", x->location);
    if (!e)
        return NULL;
    uint32_t at = og_type_array_of(e->type);
    if (!at) {
        tr_error(t, x->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "arrays of type %s are not supported",
                 type_name(e->type));
        return NULL;
    }
    e->type = at;
    return e;
}

/* A subscript: coerced to int4 as an assignment (int8 and numeric are taken, text is not). */
static orm_expr *subscript(tr *t, tr_level *lv, const PgQuery__Node *n)
{
    orm_expr *e = tr_expr(t, lv, n);
    if (!e)
        return NULL;
    bool untyped = is_unknown(e) || (e->kind == ORM_EX_PARAM && !param_type(t, e->u.param));
    if (!untyped && e->type != OG_OID_INT4 && !assign_ok(e->type, OG_OID_INT4)) {
        og_error_set(t->err, "42804", "array subscript must have type integer");
        t->err->position = e->location;
        return NULL;
    }
    if (e->kind == ORM_EX_PARAM && !param_type(t, e->u.param)) {
        param_set_type(t, e->u.param, OG_OID_INT4);
        e->type = OG_OID_INT4;
    }
    return tr_coerce_to(t, e, OG_OID_INT4, -1, TR_ASSIGN, NULL);
}

/* arr[i] and arr[lo:hi] (either bound may be left out) on one-dimensional arrays, through the
 * catalog's "[]" and "[:]". Several subscripts, field selection and jsonb subscripts: 0A000. */
static orm_expr *tr_indirection(tr *t, tr_level *lv, const PgQuery__AIndirection *x)
{
    for (size_t i = 0; i < x->n_indirection; i++)
        if (!NODE(x->indirection[i], A_INDICES)) {
            tr_error(t, -1, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "field selection is not supported");
            return NULL;
        }
    orm_expr *arr = tr_expr(t, lv, x->arg);
    if (!arr)
        return NULL;
    if (arr->type == OG_OID_JSONB) {
        tr_error(t, -1, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "jsonb subscripts are not supported");
        return NULL;
    }
    if (!og_type_array_elem(arr->type)) {
        og_error_set(t->err, "42804", "cannot subscript type %s because it does not support subscripting",
                     type_name(arr->type));
        t->err->position = arr->location;
        return NULL;
    }
    if (x->n_indirection != 1) {
        tr_error(t, -1, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "subscripts of multidimensional arrays are not supported");
        return NULL;
    }
    const PgQuery__AIndices *ix = x->indirection[0]->a_indices;
    orm_expr *args[4] = {arr};
    if (!ix->is_slice) {
        if (!(args[1] = subscript(t, lv, ix->uidx)))
            return NULL;
        orm_expr *e = make_call(t, "[]", args, 2, true, arr->location);
        if (e)
            e->typmod = arr->typmod;
        return e ? maybe_fold(t, e) : NULL;
    }
    int32_t omitted = 0;
    const PgQuery__Node *bounds[2] = {ix->lidx, ix->uidx};
    for (int k = 0; k < 2; k++) {
        if (bounds[k]) {
            if (!(args[k + 1] = subscript(t, lv, bounds[k])))
                return NULL;
            continue;
        }
        omitted |= 1 << k;
        args[k + 1] = tr_new(t, ORM_EX_CONST, OG_OID_INT4, -1);
        args[k + 1]->u.value.oid = OG_OID_INT4;
    }
    args[3] = tr_new(t, ORM_EX_CONST, OG_OID_INT4, -1);
    args[3]->u.value.oid = OG_OID_INT4;
    args[3]->u.value.u.i = omitted;
    orm_expr *e = make_call(t, "[:]", args, 4, true, arr->location);
    if (e)
        e->typmod = arr->typmod;
    return e ? maybe_fold(t, e) : NULL;
}

static orm_expr *tr_sqlvalue(tr *t, const PgQuery__SQLValueFunction *f)
{
    const char *fn = NULL;
    switch (f->op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
        fn = "current_date";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
        fn = "now";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
        fn = "localtimestamp";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER: {
        orm_expr *e = const_text(t, t->in->user ? t->in->user : "", f->location);
        e->type = e->u.value.oid = OG_OID_NAME;
        return e;
    }
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG: {
        orm_expr *e = const_text(t, t->in->database ? t->in->database : "", f->location);
        e->type = e->u.value.oid = OG_OID_NAME;
        return e;
    }
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA: {
        orm_expr *e = const_text(t, "public", f->location);
        e->type = e->u.value.oid = OG_OID_NAME;
        return e;
    }
    default:
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "CURRENT_TIME and LOCALTIME are not supported");
        return NULL;
    }
    return make_call(t, fn, NULL, 0, false, f->location);
}

orm_expr *tr_expr(tr *t, tr_level *lv, const PgQuery__Node *n)
{
    if (!n) {
        og_error_set(t->err, OG_SQLSTATE_INTERNAL_ERROR, "missing expression");
        return NULL;
    }
    if (++t->depth > 2000) {
        og_error_set(t->err, OG_SQLSTATE_STATEMENT_TOO_COMPLEX, "statement is too complex");
        return NULL;
    }
    orm_expr *e = NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        e = tr_const(t, n->a_const);
        break;
    case PG_QUERY__NODE__NODE_PARAM_REF:
        e = tr_param(t, n->param_ref);
        break;
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        e = tr_columnref(t, lv, n->column_ref);
        break;
    case PG_QUERY__NODE__NODE_A_EXPR:
        e = tr_aexpr(t, lv, n->a_expr);
        break;
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
        const PgQuery__BoolExpr *b = n->bool_expr;
        orm_expr_kind k = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR ? ORM_EX_AND
                          : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? ORM_EX_OR
                                                                           : ORM_EX_NOT;
        const char *what = k == ORM_EX_AND ? "AND" : k == ORM_EX_OR ? "OR" : "NOT";
        e = tr_new(t, k, OG_OID_BOOL, b->location);
        orm_expr **a = args_new(t, e, b->n_args);
        for (size_t i = 0; i < b->n_args; i++)
            if (!(a[i] = tr_bool(t, lv, b->args[i], what))) {
                e = NULL;
                break;
            }
        break;
    }
    case PG_QUERY__NODE__NODE_NULL_TEST: {
        const PgQuery__NullTest *x = n->null_test;
        orm_expr *arg = tr_expr(t, lv, x->arg);
        if (arg && is_unknown(arg))
            arg = tr_coerce_to(t, arg, OG_OID_TEXT, -1, TR_IMPLICIT, NULL);
        if (!arg)
            break;
        e = tr_new(t, ORM_EX_NULLTEST, OG_OID_BOOL, x->location);
        args_new(t, e, 1)[0] = arg;
        e->u.cmp.negated = x->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
        break;
    }
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
        const PgQuery__BooleanTest *x = n->boolean_test;
        orm_expr *arg = tr_bool(t, lv, x->arg, "IS TRUE");
        if (!arg)
            break;
        e = tr_new(t, ORM_EX_BOOLTEST, OG_OID_BOOL, x->location);
        args_new(t, e, 1)[0] = arg;
        e->u.booltest = (orm_booltest)(x->booltesttype - 1);
        break;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        e = tr_funccall(t, lv, n->func_call);
        break;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        e = tr_typecast(t, lv, n->type_cast);
        break;
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        e = tr_case(t, lv, n->case_expr);
        break;
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        e = tr_variadic(t, lv, ORM_EX_COALESCE, n->coalesce_expr->args, n->coalesce_expr->n_args, "COALESCE",
                        n->coalesce_expr->location);
        break;
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
        const PgQuery__MinMaxExpr *m = n->min_max_expr;
        bool g = m->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST;
        e = tr_variadic(t, lv, g ? ORM_EX_GREATEST : ORM_EX_LEAST, m->args, m->n_args, g ? "GREATEST" : "LEAST",
                        m->location);
        break;
    }
    case PG_QUERY__NODE__NODE_SUB_LINK:
        e = tr_sublink(t, lv, n->sub_link);
        break;
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        e = tr_array(t, lv, n->a_array_expr);
        break;
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        e = tr_sqlvalue(t, n->sqlvalue_function);
        break;
    case PG_QUERY__NODE__NODE_SET_TO_DEFAULT:
        tr_error(t, n->set_to_default->location, "42601", "DEFAULT is not allowed in this context");
        break;
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: {
        const PgQuery__CollateClause *c = n->collate_clause;
        const char *coll = c->n_collname ? tr_str(c->collname[c->n_collname - 1]) : NULL;
        if (coll && (!strcmp(coll, "C") || !strcmp(coll, "POSIX") || !strcmp(coll, "default") ||
                     !strcmp(coll, "ucs_basic"))) {
            e = tr_expr(t, lv, c->arg);
            break;
        }
        tr_error(t, c->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "collation \"%s\" is not supported",
                 coll ? coll : "?");
        break;
    }
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
        e = tr_indirection(t, lv, n->a_indirection);
        break;
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        tr_error(t, n->row_expr->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "row constructors are not supported");
        break;
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        tr_error(t, -1, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "GROUPING() is not supported");
        break;
    default:
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "expression node %d is not supported",
                     (int)n->node_case);
        break;
    }
    t->depth--;
    return e;
}

/* ---- defaults ------------------------------------------------------------------------------------------ */

/* A default given as SQL text (an expression default), translated with nothing in scope. */
static orm_expr *default_sql(tr *t, const char *sql)
{
    char *text = og_arena_printf(t->a, "SELECT %s", sql);
    orm_parsed pt;
    if (!orm_sql_parse(text, &pt, t->err))
        return NULL;
    orm_expr *e = NULL;
    const PgQuery__Node *n = pt.tree->n_stmts ? pt.tree->stmts[0]->stmt : NULL;
    if (NODE(n, SELECT_STMT) && n->select_stmt->n_target_list == 1) {
        const orm_translate_in *saved = t->in;
        orm_translate_in in = *saved;
        in.sql = NULL; /* positions would point into the default's text */
        t->in = &in;
        tr_level lv;
        memset(&lv, 0, sizeof lv);
        lv.q = og_arena_zalloc(t->a, sizeof(orm_query));
        lv.q->excluded_rte = UINT16_MAX;
        lv.where = TR_WHERE_VALUES;
        e = tr_expr(t, &lv, n->select_stmt->target_list[0]->res_target->val);
        t->in = saved;
    } else {
        og_error_set(t->err, OG_SQLSTATE_INTERNAL_ERROR, "bad column default: %s", sql);
    }
    orm_sql_parsed_free(&pt);
    return e;
}

orm_expr *tr_default(tr *t, const orm_entity *ent, uint16_t prop)
{
    const orm_property *p = &ent->props[prop];
    orm_expr *e = NULL;
    switch (p->dkind) {
    case ORM_DEFAULT_NONE:
        e = tr_new(t, ORM_EX_CONST, p->type_oid, -1);
        e->u.value = og_value_null(p->type_oid);
        return e;
    case ORM_DEFAULT_CONST:
        e = tr_new(t, ORM_EX_CONST, OG_OID_UNKNOWN, -1);
        if (!p->dconst) {
            e->u.value = og_value_null(OG_OID_UNKNOWN);
        } else {
            e->u.value.oid = OG_OID_UNKNOWN;
            e->u.value.u.str.p = p->dconst;
            e->u.value.u.str.len = strlen(p->dconst);
        }
        break;
    case ORM_DEFAULT_NOW:
        e = make_call(t, "now", NULL, 0, false, -1);
        break;
    case ORM_DEFAULT_CURRENT_DATE:
        e = make_call(t, "current_date", NULL, 0, false, -1);
        break;
    case ORM_DEFAULT_UUID:
        e = make_call(t, "gen_random_uuid", NULL, 0, false, -1);
        break;
    case ORM_DEFAULT_EXPR:
        e = default_sql(t, p->dexpr);
        break;
    case ORM_DEFAULT_SEQUENCE:
    case ORM_DEFAULT_IDENTITY:
        return NULL; /* numbered by the backend (SQLite: the rowid) */
    }
    if (!e)
        return NULL;
    return tr_coerce_to(t, e, p->type_oid, p->typmod, TR_ASSIGN, og_arena_printf(t->a, "column \"%s\"", p->name));
}

/* ---- names and equality --------------------------------------------------------------------------- */

/* PostgreSQL's FigureColnameInternal: a name and how sure it is (2: a column or function name,
 * 1: a type name or "case", 0: none). An outer cast names the column unless what it casts has a
 * strong name. */
static int name_strength(const PgQuery__Node *n)
{
    if (!n)
        return 0;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        int inner = name_strength(n->type_cast->arg);
        return inner > 1 ? inner : 1;
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        return 1;
    case PG_QUERY__NODE__NODE_A_EXPR:
        return n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF ? 2 : 0;
    case PG_QUERY__NODE__NODE_A_CONST:
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
    case PG_QUERY__NODE__NODE_PARAM_REF:
    case PG_QUERY__NODE__NODE_NULL_TEST:
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
        return 0;
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return name_strength(n->collate_clause->arg);
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
        return strcmp(tr_node_name(n), tr_node_name(n->a_indirection->arg)) ? 2 : name_strength(n->a_indirection->arg);
    case PG_QUERY__NODE__NODE_SUB_LINK:
        return strcmp(tr_node_name(n), "?column?") ? 2 : 0;
    default:
        return strcmp(tr_node_name(n), "?column?") ? 2 : 0;
    }
}

const char *tr_node_name(const PgQuery__Node *n)
{
    if (!n)
        return "?column?";
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        const PgQuery__ColumnRef *c = n->column_ref;
        const char *s = c->n_fields ? tr_str(c->fields[c->n_fields - 1]) : NULL;
        return s ? s : "?column?";
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
        const PgQuery__FuncCall *f = n->func_call;
        const char *s = tr_str(f->funcname[f->n_funcname - 1]);
        return s ? s : "?column?";
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        const PgQuery__TypeCast *c = n->type_cast;
        if (name_strength(c->arg) > 1)
            return tr_node_name(c->arg);
        const PgQuery__TypeName *tn = c->type_name;
        const char *s = tn->n_names ? tr_str(tn->names[tn->n_names - 1]) : NULL;
        return s ? s : "?column?";
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        return "case";
    case PG_QUERY__NODE__NODE_A_INDIRECTION: { /* the last field name, else the subscripted value's name */
        const PgQuery__AIndirection *x = n->a_indirection;
        for (size_t i = x->n_indirection; i-- > 0;)
            if (tr_str(x->indirection[i]))
                return tr_str(x->indirection[i]);
        return tr_node_name(x->arg);
    }
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return "array";
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return "coalesce";
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        return n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
    case PG_QUERY__NODE__NODE_A_EXPR:
        return n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF ? "nullif" : "?column?";
    case PG_QUERY__NODE__NODE_SUB_LINK: {
        const PgQuery__SubLink *s = n->sub_link;
        if (s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK)
            return "exists";
        if (s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK)
            return "array";
        if (s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK && NODE(s->subselect, SELECT_STMT)) {
            const PgQuery__SelectStmt *q = s->subselect->select_stmt;
            while (q->larg)
                q = q->larg;
            if (q->n_target_list && NODE(q->target_list[0], RES_TARGET)) {
                const PgQuery__ResTarget *rt = q->target_list[0]->res_target;
                return rt->name && *rt->name ? rt->name : tr_node_name(rt->val);
            }
        }
        return "?column?";
    }
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        switch (n->sqlvalue_function->op) {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
            return "current_date";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
            return "current_timestamp";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
            return "localtimestamp";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
            return "current_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
            return "session_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
            return "current_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
            return "current_role";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
            return "current_catalog";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
            return "current_schema";
        default:
            return "?column?";
        }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return tr_node_name(n->collate_clause->arg);
    default:
        return "?column?";
    }
}

bool tr_expr_equal(const orm_expr *x, const orm_expr *y)
{
    if (x == y)
        return true;
    if (!x || !y || x->kind != y->kind || x->type != y->type || x->nargs != y->nargs)
        return false;
    switch (x->kind) {
    case ORM_EX_COLUMN:
        return x->u.column.levelsup == y->u.column.levelsup && x->u.column.rte == y->u.column.rte &&
               x->u.column.col == y->u.column.col;
    case ORM_EX_PARAM:
        return x->u.param == y->u.param;
    case ORM_EX_CONST:
        if (x->u.value.isnull || y->u.value.isnull)
            return x->u.value.isnull == y->u.value.isnull;
        return orm_value_cmp(&x->u.value, &y->u.value) == 0;
    case ORM_EX_FUNC:
        if (x->u.call.fn != y->u.call.fn)
            return false;
        break;
    case ORM_EX_CAST:
        if (x->typmod != y->typmod)
            return false;
        break;
    case ORM_EX_CMP:
        if (x->u.cmp.op != y->u.cmp.op)
            return false;
        break;
    case ORM_EX_AND:
    case ORM_EX_OR:
    case ORM_EX_NOT:
    case ORM_EX_COALESCE:
    case ORM_EX_GREATEST:
    case ORM_EX_LEAST:
    case ORM_EX_NULLTEST:
        if (x->kind == ORM_EX_NULLTEST && x->u.cmp.negated != y->u.cmp.negated)
            return false;
        break;
    default:
        return false;
    }
    for (uint16_t i = 0; i < x->nargs; i++)
        if (!tr_expr_equal(x->args[i], y->args[i]))
            return false;
    return true;
}
