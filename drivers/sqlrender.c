/*
 * drivers/sqlrender.c - query levels into SQL: SELECT, set operations,
 * VALUES, INSERT, UPDATE, DELETE, WITH, FROM and joins, and the plumbing of
 * the renderer (frames, aliases, placeholders, errors).
 *
 * A frame is one query level of the IR. Column references of the IR are
 * (levels up, range-table index, column); the SQL names them by alias, so
 * each frame gives each of its range-table entries an alias that no
 * enclosing level uses (the client's alias unless that would shadow an outer
 * one), and an outer reference then means the same thing in the SQL as in
 * the IR. Expressions are drivers/sqlrender_expr.c; the rules per construct
 * are in docs/sqlrender.md.
 */
#include "drivers/sqlrender_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- helpers ------------------------------------------------------------------------------------- */

char *sr_printf(sr *c, const char *fmt, ...)
{
    og_buf b = OG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    og_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return (char *)sr_take(c, &b);
}

const char *sr_take(sr *c, og_buf *b)
{
    char *s = og_arena_memdup(c->a, b->data ? (const char *)b->data : "", b->len);
    og_buf_free(b);
    return s;
}

void sr_put_ident(sr *c, og_buf *b, const char *name)
{
    char q = c->d->quote;
    og_buf_putc(b, (uint8_t)q);
    for (const char *s = name; *s; s++) {
        if (*s == q)
            og_buf_putc(b, (uint8_t)q);
        og_buf_putc(b, (uint8_t)*s);
    }
    og_buf_putc(b, (uint8_t)q);
}

const char *sr_ident(sr *c, const char *name)
{
    og_buf b = OG_BUF_INIT;
    sr_put_ident(c, &b, name);
    return sr_take(c, &b);
}

void *sr_unsupported(sr *c, int location, const char *fmt, ...)
{
    if (og_error_isset(c->err))
        return NULL;
    og_buf b = OG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    og_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    og_error_set(c->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "%s", og_buf_cstr(&b));
    og_buf_free(&b);
    if (location > 0)
        c->err->position = location;
    return NULL;
}

void *sr_internal(sr *c, const char *fmt, ...)
{
    if (og_error_isset(c->err))
        return NULL;
    og_buf b = OG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    og_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    og_error_set(c->err, OG_SQLSTATE_INTERNAL_ERROR, "SQL renderer: %s", og_buf_cstr(&b));
    og_buf_free(&b);
    return NULL;
}

bool sr_enter(sr *c)
{
    if (++c->depth > SR_MAX_DEPTH) {
        c->depth--;
        if (!og_error_isset(c->err))
            og_error_set(c->err, OG_SQLSTATE_STATEMENT_TOO_COMPLEX, "statement is too complex");
        return false;
    }
    return true;
}

static const char *placeholder(sr *c, uint32_t n)
{
    og_buf b = OG_BUF_INIT;
    c->d->placeholder(&b, n);
    return sr_take(c, &b);
}

static void bind_push(sr *c, drv_bind b)
{
    if (c->nbinds == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 16;
        drv_bind *v = og_arena_alloc(c->a, sizeof(drv_bind) * cap);
        if (c->nbinds)
            memcpy(v, c->binds, sizeof(drv_bind) * c->nbinds);
        c->binds = v;
        c->cap = cap;
    }
    c->binds[c->nbinds++] = b;
}

const char *sr_const(sr *c, const og_value *v)
{
    if (c->inline_consts) {
        og_buf b = OG_BUF_INIT;
        if (!c->d->literal(&b, v, c->err)) {
            og_buf_free(&b);
            return NULL;
        }
        return sr_take(c, &b);
    }
    bind_push(c, (drv_bind){0, v});
    return placeholder(c, (uint32_t)c->nparams + c->nbinds); /* constants follow the parameters */
}

const char *sr_param(sr *c, uint16_t k)
{
    if (c->inline_consts)
        return sr_unsupported(c, 0, "parameters are not allowed in this expression");
    if (k < 1 || k > c->nparams)
        return sr_internal(c, "parameter $%u beyond the statement's %u", k, c->nparams);
    return placeholder(c, k);
}

const char **sr_outnames(sr *c, const char *const *names, uint16_t n)
{
    const char **out = og_arena_zalloc(c->a, sizeof(char *) * (n + 1u));
    for (uint16_t i = 0; i < n; i++) {
        const char *base = names && names[i] ? names[i] : "?column?";
        out[i] = base;
        for (uint16_t k = 0; k < i; k++)
            if (!strcasecmp(out[k], out[i])) {
                out[i] = sr_printf(c, "%s_og%u", base, i + 1u);
                k = (uint16_t)-1; /* check the new name again from the start */
            }
    }
    return out;
}

/* ---- frames ---------------------------------------------------------------------------------------- */

static bool alias_taken(const sr_frame *f, uint16_t upto, const char *name)
{
    for (uint16_t j = 0; j < upto; j++)
        if (f->alias[j] && !strcasecmp(f->alias[j], name))
            return true;
    for (const sr_frame *p = f->parent; p; p = p->parent) {
        for (uint16_t j = 0; j < p->q->nrtes; j++)
            if (p->alias[j] && !strcasecmp(p->alias[j], name))
                return true;
        const orm_query *q = p->q; /* RETURNING names the DML target by its table name */
        bool dml = q->kind == ORM_Q_INSERT || q->kind == ORM_Q_UPDATE || q->kind == ORM_Q_DELETE;
        if (dml && q->target_rte < q->nrtes && q->rtes[q->target_rte].entity &&
            !strcasecmp(q->rtes[q->target_rte].entity->name, name))
            return true;
    }
    return false;
}

void sr_frame_init(sr *c, sr_frame *f, const orm_query *q, const sr_frame *parent)
{
    f->q = q;
    f->parent = parent;
    f->alias = og_arena_zalloc(c->a, sizeof(char *) * (q->nrtes + 1u));
    for (uint16_t i = 0; i < q->nrtes; i++) {
        const orm_rte *r = &q->rtes[i];
        if (q->kind == ORM_Q_INSERT && i == q->excluded_rte) {
            f->alias[i] = "excluded";
            continue;
        }
        const char *base = r->alias ? r->alias : r->entity ? r->entity->name : "og_t";
        const char *name = base;
        for (unsigned k = 2; alias_taken(f, i, name); k++)
            name = sr_printf(c, "%s_%u", base, k);
        f->alias[i] = name;
    }
}

static const sr_frame *frame_up(sr *c, const sr_frame *f, uint16_t levelsup)
{
    for (uint16_t i = 0; i < levelsup && f; i++)
        f = f->parent;
    if (!f)
        sr_internal(c, "column reference %u levels up has no query level", levelsup);
    return f;
}

static const orm_cte *cte_of(sr *c, const sr_frame *f, const orm_rte *r)
{
    const sr_frame *o = frame_up(c, f, r->cte_levelsup);
    if (!o)
        return NULL;
    if (r->cte_index >= o->q->nctes)
        return sr_internal(c, "CTE %u does not exist", r->cte_index);
    return &o->q->ctes[r->cte_index];
}

const char *sr_column(sr *c, const sr_frame *f, const orm_expr *e)
{
    const sr_frame *o = frame_up(c, f, e->u.column.levelsup);
    if (!o)
        return NULL;
    uint16_t ri = e->u.column.rte, col = e->u.column.col;
    if (ri == ORM_RTE_OUTPUT || ri >= o->q->nrtes)
        return sr_internal(c, "column reference to range-table entry %u", ri);
    const orm_rte *r = &o->q->rtes[ri];
    const char *alias = o->alias[ri];
    if (c->returning == o) {
        if (ri != o->q->target_rte)
            return sr_unsupported(c, e->location,
                                  "RETURNING may use only columns of the target table on the %s backend", c->d->name);
        alias = r->entity->name; /* SQLite's RETURNING knows the table by its name only */
    }
    const char *name;
    switch (r->kind) {
    case ORM_RTE_ENTITY:
        if (col >= r->entity->nprops)
            return sr_internal(c, "column %u of \"%s\"", col, r->entity->name);
        name = r->entity->props[col].field;
        break;
    case ORM_RTE_SUBQUERY:
        if (r->lateral && !(c->d->flags & DRV_SQL_LATERAL))
            return sr_lateral_column(c, r, alias, col);
        if (col >= r->ncols)
            return sr_internal(c, "column %u of subquery \"%s\"", col, r->alias);
        name = sr_outnames(c, r->colnames, r->ncols)[col];
        break;
    case ORM_RTE_CTE: {
        const orm_cte *cte = cte_of(c, o, r);
        if (!cte)
            return NULL;
        if (col >= cte->ncols)
            return sr_internal(c, "column %u of WITH query \"%s\"", col, cte->name);
        name = sr_outnames(c, cte->colnames, cte->ncols)[col];
        break;
    }
    case ORM_RTE_FUNCTION:
        return sr_function_column(c, r, alias, col);
    default:
        return sr_internal(c, "range-table entry kind %d", (int)r->kind);
    }
    if (!alias)
        return sr_ident(c, name);
    return sr_printf(c, "%s.%s", sr_ident(c, alias), sr_ident(c, name));
}

/* ---- clauses ------------------------------------------------------------------------------------------ */

static bool put_expr(sr *c, const sr_frame *f, const orm_expr *e, bool paren, og_buf *out)
{
    const char *s = sr_expr(c, f, e, paren);
    if (!s)
        return false;
    og_buf_puts(out, s);
    return true;
}

static bool put_with(sr *c, const sr_frame *f, og_buf *out)
{
    const orm_query *q = f->q;
    if (!q->nctes)
        return true;
    og_buf_puts(out, q->recursive ? "WITH RECURSIVE " : "WITH ");
    for (uint16_t i = 0; i < q->nctes; i++) {
        const orm_cte *cte = &q->ctes[i];
        const char **names = sr_outnames(c, cte->colnames, cte->ncols);
        if (i)
            og_buf_puts(out, ", ");
        sr_put_ident(c, out, cte->name);
        og_buf_putc(out, '(');
        for (uint16_t k = 0; k < cte->ncols; k++) {
            if (k)
                og_buf_puts(out, ", ");
            sr_put_ident(c, out, names[k]);
        }
        og_buf_puts(out, ") AS (");
        if (!sr_query(c, f, cte->query, names, out))
            return false;
        og_buf_putc(out, ')');
    }
    og_buf_putc(out, ' ');
    return true;
}

static bool put_rte(sr *c, const sr_frame *f, uint16_t i, og_buf *out)
{
    if (i >= f->q->nrtes)
        return sr_internal(c, "FROM names range-table entry %u", i) != NULL;
    const orm_rte *r = &f->q->rtes[i];
    const char *alias = f->alias[i];
    switch (r->kind) {
    case ORM_RTE_ENTITY:
        sr_put_ident(c, out, r->entity->name);
        if (strcmp(alias, r->entity->name)) {
            og_buf_puts(out, " AS ");
            sr_put_ident(c, out, alias);
        }
        return true;
    case ORM_RTE_SUBQUERY:
        if (r->lateral && !(c->d->flags & DRV_SQL_LATERAL)) {
            const char *s = sr_lateral_from(c, f, r, alias);
            if (s)
                og_buf_puts(out, s);
            return s != NULL;
        }
        og_buf_putc(out, '(');
        if (!sr_query(c, f, r->sub, sr_outnames(c, r->colnames, r->ncols), out))
            return false;
        og_buf_puts(out, ") AS ");
        sr_put_ident(c, out, alias);
        return true;
    case ORM_RTE_CTE: {
        const orm_cte *cte = cte_of(c, f, r);
        if (!cte)
            return false;
        sr_put_ident(c, out, cte->name);
        if (strcmp(alias, cte->name)) {
            og_buf_puts(out, " AS ");
            sr_put_ident(c, out, alias);
        }
        return true;
    }
    case ORM_RTE_FUNCTION: {
        const char *s = sr_function_from(c, f, r, alias);
        if (!s)
            return false;
        og_buf_puts(out, s);
        return true;
    }
    }
    return sr_internal(c, "range-table entry kind %d", (int)r->kind) != NULL;
}

static bool put_join(sr *c, const sr_frame *f, const orm_join *j, og_buf *out)
{
    if (j->kind == ORM_JOIN_NONE)
        return put_rte(c, f, j->rte, out);
    if (!sr_enter(c))
        return false;
    const char *kw;
    switch (j->kind) {
    case ORM_JOIN_INNER:
        kw = j->on ? " JOIN " : " CROSS JOIN ";
        break;
    case ORM_JOIN_LEFT:
        kw = " LEFT JOIN ";
        break;
    case ORM_JOIN_RIGHT:
        if (!(c->d->flags & DRV_SQL_RIGHT_JOIN))
            return sr_unsupported(c, 0, "RIGHT JOIN is not supported on the %s backend", c->d->name) != NULL;
        kw = " RIGHT JOIN ";
        break;
    case ORM_JOIN_FULL:
        if (!(c->d->flags & DRV_SQL_FULL_JOIN))
            return sr_unsupported(c, 0, "FULL JOIN is not supported on the %s backend", c->d->name) != NULL;
        kw = " FULL JOIN ";
        break;
    default:
        return sr_internal(c, "join kind %d", (int)j->kind) != NULL;
    }
    if (!put_join(c, f, j->l, out))
        return false;
    og_buf_puts(out, kw);
    bool nested = j->r->kind != ORM_JOIN_NONE;
    if (nested)
        og_buf_putc(out, '(');
    if (!put_join(c, f, j->r, out))
        return false;
    if (nested)
        og_buf_putc(out, ')');
    if (j->on) {
        og_buf_puts(out, " ON ");
        if (!put_expr(c, f, j->on, false, out))
            return false;
    } else if (j->kind != ORM_JOIN_INNER) {
        og_buf_puts(out, " ON 1"); /* an outer join needs a condition in SQLite's grammar */
    }
    sr_leave(c);
    return true;
}

static bool join_has_kind(const orm_join *j, orm_join_kind k1, orm_join_kind k2)
{
    if (j->kind == ORM_JOIN_NONE)
        return false;
    return j->kind == k1 || j->kind == k2 || join_has_kind(j->l, k1, k2) || join_has_kind(j->r, k1, k2);
}

static bool join_has_lateral(const orm_query *q, const orm_join *j)
{
    if (j->kind == ORM_JOIN_NONE)
        return j->rte < q->nrtes && sr_rte_lateral(&q->rtes[j->rte]);
    return join_has_lateral(q, j->l) || join_has_lateral(q, j->r);
}

/* FROM items (comma-separated, cross-joined), leaving out range-table entry skip (the DML target).
 * SQLite reads "a, b RIGHT JOIN c" as "(a, b) RIGHT JOIN c", PostgreSQL as "a, (b RIGHT JOIN c)":
 * a later item with a RIGHT or FULL join is parenthesised, which hides the items before it from
 * the table-valued functions inside (LATERAL references to them: 0A000). */
static bool put_from(sr *c, const sr_frame *f, uint16_t skip, og_buf *out, bool *any)
{
    const orm_query *q = f->q;
    bool first = true;
    for (uint16_t i = 0; i < q->nfrom; i++) {
        const orm_join *j = q->from[i];
        if (j->kind == ORM_JOIN_NONE && j->rte == skip)
            continue;
        bool paren = !first && join_has_kind(j, ORM_JOIN_RIGHT, ORM_JOIN_FULL);
        if (paren && join_has_lateral(q, j))
            return sr_unsupported(c, 0,
                                  "a RIGHT or FULL JOIN with LATERAL items after a comma in FROM is not supported on "
                                  "the %s backend",
                                  c->d->name) != NULL;
        og_buf_puts(out, first ? "" : ", ");
        first = false;
        if (paren)
            og_buf_putc(out, '(');
        if (!put_join(c, f, j, out))
            return false;
        if (paren)
            og_buf_putc(out, ')');
    }
    *any = !first;
    return true;
}

static bool put_order(sr *c, const sr_frame *f, const orm_sortby *s, uint16_t n, og_buf *out)
{
    for (uint16_t i = 0; i < n; i++) {
        const orm_expr *e = s[i].expr;
        const char *x;
        if (e->kind == ORM_EX_COLUMN && e->u.column.rte == ORM_RTE_OUTPUT)
            x = sr_printf(c, "%u", e->u.column.col + 1u);
        else
            x = sr_expr(c, f, e, true);
        if (!x || !(x = sr_order_item(c, x, e->type, s[i].desc, s[i].nulls, e->location)))
            return false;
        og_buf_puts(out, i ? ", " : " ORDER BY ");
        og_buf_puts(out, x);
    }
    return true;
}

/* A LIMIT / OFFSET value: a negative constant is PostgreSQL's error; NULL means none (LIMIT ALL, OFFSET 0). */
static const char *limit_value(sr *c, const sr_frame *f, const orm_expr *e, bool offset, bool *none)
{
    *none = false;
    if (e->kind == ORM_EX_CONST) {
        if (e->u.value.isnull) {
            *none = true;
            return "";
        }
        if (e->u.value.u.i < 0) {
            og_error_set(c->err, offset ? "2201X" : "2201W", "%s must not be negative", offset ? "OFFSET" : "LIMIT");
            c->err->position = e->location;
            return NULL;
        }
        return sr_expr(c, f, e, true);
    }
    const char *s = sr_expr(c, f, e, false);
    return s ? sr_printf(c, "coalesce(%s, %s)", s, offset ? "0" : "-1") : NULL;
}

static bool put_limit(sr *c, const sr_frame *f, const orm_query *q, og_buf *out)
{
    bool lnone = true, onone = true;
    const char *l = NULL, *o = NULL;
    if (q->limit && !(l = limit_value(c, f, q->limit, false, &lnone)))
        return false;
    if (q->offset && !(o = limit_value(c, f, q->offset, true, &onone)))
        return false;
    if (!lnone)
        og_buf_printf(out, " LIMIT %s", l);
    else if (!onone)
        og_buf_puts(out, " LIMIT -1");
    if (!onone)
        og_buf_printf(out, " OFFSET %s", o);
    return true;
}

/* ---- SELECT ------------------------------------------------------------------------------------------- */

/* The output names of q: names when given, else its targets' names; unique. */
static const char **target_names(sr *c, const orm_query *q, const char *const *names)
{
    if (names)
        return sr_outnames(c, names, q->ntargets);
    const char **raw = og_arena_zalloc(c->a, sizeof(char *) * (q->ntargets + 1u));
    for (uint16_t i = 0; i < q->ntargets; i++)
        raw[i] = q->targets[i].name;
    return sr_outnames(c, raw, q->ntargets);
}

/* Targets as "expr AS name", each made a grouping key under DISTINCT (its collation). */
static bool put_targets(sr *c, const sr_frame *f, const orm_query *q, const char *const *names, bool keys, og_buf *out)
{
    if (!q->ntargets) {
        og_buf_puts(out, "NULL"); /* SQL needs a column; drv_sql.ncols says there is none */
        return true;
    }
    const char **outn = target_names(c, q, names);
    for (uint16_t i = 0; i < q->ntargets; i++) {
        const orm_expr *e = q->targets[i].expr;
        const char *x = sr_expr(c, f, e, keys);
        if (x && keys)
            x = sr_group_key(c, x, e->type);
        if (!x)
            return false;
        og_buf_printf(out, "%s%s AS ", i ? ", " : "", x);
        sr_put_ident(c, out, outn[i]);
    }
    return true;
}

/* FROM, WHERE, GROUP BY, HAVING of a SELECT. */
static bool put_select_middle(sr *c, const sr_frame *f, const orm_query *q, og_buf *out)
{
    if (q->nfrom) {
        bool any;
        og_buf_puts(out, " FROM ");
        if (!put_from(c, f, UINT16_MAX, out, &any))
            return false;
    }
    if (q->where) {
        og_buf_puts(out, " WHERE ");
        if (!put_expr(c, f, q->where, false, out))
            return false;
    }
    for (uint16_t i = 0; i < q->ngroup; i++) {
        const char *x = sr_expr(c, f, q->group[i], true);
        if (!x || !(x = sr_group_key(c, x, q->group[i]->type)))
            return false;
        og_buf_puts(out, i ? ", " : " GROUP BY ");
        og_buf_puts(out, x);
    }
    if (q->having) {
        og_buf_puts(out, " HAVING ");
        if (!put_expr(c, f, q->having, false, out))
            return false;
    }
    return true;
}

/* DISTINCT ON: PostgreSQL keeps the first row of each group in ORDER BY order; here that is
 * row_number() over the DISTINCT ON keys in an inner query, and the rows numbered 1 outside. */
static bool put_distinct_on(sr *c, const sr_frame *f, const orm_query *q, const char *const *names, og_buf *out)
{
    og_buf in = OG_BUF_INIT;
    bool ok = put_with(c, f, &in);
    og_buf_puts(&in, "SELECT ");
    for (uint16_t i = 0; ok && i < q->ntargets; i++) {
        const char *x = sr_expr(c, f, q->targets[i].expr, false);
        ok = x != NULL;
        if (ok)
            og_buf_printf(&in, "%s%s AS \"og_o%u\"", i ? ", " : "", x, i + 1u);
    }
    if (ok && !q->ntargets)
        og_buf_puts(&in, "NULL AS \"og_o0\"");
    for (uint16_t i = 0; ok && i < q->nsort; i++) {
        const char *x = sr_expr(c, f, q->sort[i].expr, false);
        ok = x != NULL;
        if (ok)
            og_buf_printf(&in, ", %s AS \"og_s%u\"", x, i + 1u);
    }
    og_buf_puts(&in, ", row_number() OVER (PARTITION BY ");
    for (uint16_t i = 0; ok && i < q->ndistinct_on; i++) {
        const char *x = sr_expr(c, f, q->distinct_on[i], true);
        ok = x && (x = sr_group_key(c, x, q->distinct_on[i]->type));
        if (ok)
            og_buf_printf(&in, "%s%s", i ? ", " : "", x);
    }
    ok = ok && put_order(c, f, q->sort, q->nsort, &in);
    og_buf_puts(&in, ") AS \"og_rn\"");
    ok = ok && put_select_middle(c, f, q, &in);
    if (!ok) {
        og_buf_free(&in);
        return false;
    }
    const char **outn = target_names(c, q, names);
    og_buf_puts(out, "SELECT ");
    for (uint16_t i = 0; i < q->ntargets; i++) {
        og_buf_printf(out, "%s\"og_o%u\" AS ", i ? ", " : "", i + 1u);
        sr_put_ident(c, out, outn[i]);
    }
    if (!q->ntargets)
        og_buf_puts(out, "NULL");
    og_buf_printf(out, " FROM (%s) AS \"og_d\" WHERE \"og_rn\" = 1", og_buf_cstr(&in));
    og_buf_free(&in);
    for (uint16_t i = 0; i < q->nsort; i++) {
        const orm_sortby *s = &q->sort[i];
        const char *x =
            sr_order_item(c, sr_printf(c, "\"og_s%u\"", i + 1u), s->expr->type, s->desc, s->nulls, s->expr->location);
        if (!x)
            return false;
        og_buf_puts(out, i ? ", " : " ORDER BY ");
        og_buf_puts(out, x);
    }
    return put_limit(c, f, q, out);
}

static bool put_select(sr *c, const sr_frame *parent, const orm_query *q, const char *const *names, bool keys,
                       og_buf *out)
{
    sr_frame f;
    sr_frame_init(c, &f, q, parent);
    if (q->ndistinct_on)
        return put_distinct_on(c, &f, q, names, out);
    if (!put_with(c, &f, out))
        return false;
    og_buf_puts(out, q->distinct ? "SELECT DISTINCT " : "SELECT ");
    return put_targets(c, &f, q, names, keys || q->distinct, out) && put_select_middle(c, &f, q, out) &&
           put_order(c, &f, q->sort, q->nsort, out) && put_limit(c, &f, q, out);
}

/* ---- VALUES ------------------------------------------------------------------------------------------- */

static bool put_rows(sr *c, const sr_frame *f, const orm_query *q, og_buf *out)
{
    og_buf_puts(out, "VALUES ");
    for (uint32_t r = 0; r < q->nrows; r++) {
        og_buf_puts(out, r ? ", (" : "(");
        for (uint16_t k = 0; k < q->ntargets; k++) {
            if (k)
                og_buf_puts(out, ", ");
            if (!put_expr(c, f, q->rows[r][k], false, out))
                return false;
        }
        og_buf_putc(out, ')');
    }
    return true;
}

/* VALUES names its columns column1, column2...: select them under the wanted names. */
static bool put_values(sr *c, const sr_frame *parent, const orm_query *q, const char *const *names, og_buf *out)
{
    sr_frame f;
    sr_frame_init(c, &f, q, parent);
    if (!put_with(c, &f, out))
        return false;
    const char **outn = target_names(c, q, names);
    og_buf_puts(out, "SELECT ");
    for (uint16_t i = 0; i < q->ntargets; i++) {
        og_buf_printf(out, "%s\"column%u\" AS ", i ? ", " : "", i + 1u);
        sr_put_ident(c, out, outn[i]);
    }
    og_buf_puts(out, " FROM (");
    if (!put_rows(c, &f, q, out))
        return false;
    og_buf_putc(out, ')');
    return put_order(c, &f, q->sort, q->nsort, out) && put_limit(c, &f, q, out);
}

/* ---- set operations ------------------------------------------------------------------------------------- */

static bool plain_member(const orm_query *m)
{
    return !m->nsort && !m->limit && !m->offset && !m->nctes && !m->ndistinct_on;
}

/* One arm of a set operation. SQLite takes no parentheses around arms and evaluates operators left
 * to right, so the left arm may be a set operation itself; anything else that is not a plain
 * SELECT becomes SELECT * FROM (arm). keys: the operation removes duplicates (targets get their
 * collations). */
static bool put_member(sr *c, const sr_frame *parent, const orm_query *m, const char *const *names, bool left,
                       bool keys, og_buf *out)
{
    if (m->kind == ORM_Q_SELECT && plain_member(m))
        return put_select(c, parent, m, names, keys, out);
    if (m->kind == ORM_Q_SETOP && left && plain_member(m))
        return sr_query(c, parent, m, names, out);
    og_buf_puts(out, "SELECT * FROM (");
    if (!sr_query(c, parent, m, names, out))
        return false;
    og_buf_putc(out, ')');
    return true;
}

/* One arm of an emulated INTERSECT ALL / EXCEPT ALL: its rows numbered within each group of equal
 * rows, and each row showing its group's first values (PostgreSQL repeats one representative of a
 * group: never 1 and 1.0 for two equal numerics):
 *   SELECT first_value("og_c1") OVER "og_w" COLLATE ..., row_number() OVER "og_w" FROM (arm)
 *   WINDOW "og_w" AS (PARTITION BY "og_c1" COLLATE ...) */
static bool put_numbered_arm(sr *c, const sr_frame *arms, const orm_query *m, const orm_target *tg, uint16_t n,
                             const char *const *inner, og_buf *out)
{
    const char *alias = sr_printf(c, "\"og_k%u\"", ++c->uniq);
    og_buf keys = OG_BUF_INIT;
    og_buf_puts(out, "SELECT ");
    for (uint16_t i = 0; i < n; i++) {
        const char *col = sr_printf(c, "%s.%s", alias, sr_ident(c, inner[i]));
        const char *first = sr_group_key(c, sr_printf(c, "first_value(%s) OVER \"og_w\"", col), tg[i].expr->type);
        og_buf_printf(out, "%s AS %s, ", first, sr_ident(c, inner[i]));
        og_buf_printf(&keys, "%s%s", i ? ", " : "PARTITION BY ", sr_group_key(c, col, tg[i].expr->type));
    }
    og_buf_puts(out, "row_number() OVER \"og_w\" AS \"og_rn\" FROM (");
    bool ok = sr_query(c, arms, m, inner, out);
    og_buf_printf(out, ") AS %s WINDOW \"og_w\" AS (%s)", alias, og_buf_cstr(&keys));
    og_buf_free(&keys);
    return ok;
}

/* INTERSECT ALL / EXCEPT ALL where the backend has only the set forms: each arm's rows get their
 * number among equal rows, and the set operation over (columns, number) keeps min(m, n) copies
 * (INTERSECT) or max(m - n, 0) (EXCEPT) of a row present m times left and n times right. Grouping
 * and the set operation both treat NULLs as equal, as PostgreSQL's set operations do. */
static bool put_setop_all(sr *c, const sr_frame *f, const orm_query *q, const char *op, const char *const *names,
                          og_buf *out)
{
    uint16_t n;
    const orm_target *tg = orm_query_targets(q->larg, &n);
    const char **raw = og_arena_zalloc(c->a, sizeof(char *) * (n + 1u));
    for (uint16_t i = 0; i < n; i++)
        raw[i] = sr_printf(c, "og_c%u", i + 1u);
    const char **inner = sr_outnames(c, raw, n);
    const char **outn = target_names(c, q, names);
    og_buf_puts(out, "SELECT ");
    for (uint16_t i = 0; i < n; i++)
        og_buf_printf(out, "%s%s AS %s", i ? ", " : "", sr_ident(c, inner[i]), sr_ident(c, outn[i]));
    if (!n)
        og_buf_puts(out, "NULL");
    og_buf_puts(out, " FROM (");
    if (!put_numbered_arm(c, f, q->larg, tg, n, inner, out))
        return false;
    og_buf_printf(out, " %s ", op);
    if (!put_numbered_arm(c, f, q->rarg, tg, n, inner, out))
        return false;
    og_buf_printf(out, ") AS \"og_k%u\"", ++c->uniq);
    return put_order(c, f, q->sort, q->nsort, out) && put_limit(c, f, q, out);
}

static bool put_setop(sr *c, const sr_frame *parent, const orm_query *q, const char *const *names, og_buf *out)
{
    sr_frame f;
    sr_frame_init(c, &f, q, parent);
    if (!put_with(c, &f, out))
        return false;
    /* the arms are levels below this one (orm/ir.h): an outer reference from an arm counts it */
    const sr_frame *arms = &f;
    if (!q->larg || !q->rarg)
        return sr_internal(c, "set operation without arms") != NULL;
    const char *op = q->setop == ORM_SETOP_UNION ? "UNION" : q->setop == ORM_SETOP_INTERSECT ? "INTERSECT" : "EXCEPT";
    if (q->setop_all && q->setop != ORM_SETOP_UNION && !(c->d->flags & DRV_SQL_SETOP_ALL))
        return put_setop_all(c, arms, q, op, names, out);
    bool keys = !q->setop_all;
    if (!put_member(c, arms, q->larg, names, true, keys, out))
        return false;
    og_buf_printf(out, " %s%s ", op, q->setop_all ? " ALL" : "");
    if (!put_member(c, arms, q->rarg, NULL, false, keys, out))
        return false;
    return put_order(c, &f, q->sort, q->nsort, out) && put_limit(c, &f, q, out);
}

bool sr_query(sr *c, const sr_frame *parent, const orm_query *q, const char *const *names, og_buf *out)
{
    if (!sr_enter(c))
        return false;
    bool ok;
    switch (q->kind) {
    case ORM_Q_SELECT:
        ok = put_select(c, parent, q, names, false, out);
        break;
    case ORM_Q_SETOP:
        ok = put_setop(c, parent, q, names, out);
        break;
    case ORM_Q_VALUES:
        ok = put_values(c, parent, q, names, out);
        break;
    default:
        ok = sr_unsupported(c, 0, "INSERT, UPDATE and DELETE are supported only as the whole statement") != NULL;
        break;
    }
    sr_leave(c);
    return ok;
}

/* ---- INSERT / UPDATE / DELETE ---------------------------------------------------------------------- */

static const orm_entity *dml_target(sr *c, const orm_query *q)
{
    if (q->target_rte >= q->nrtes || q->rtes[q->target_rte].kind != ORM_RTE_ENTITY)
        return sr_internal(c, "DML without a target table");
    return q->rtes[q->target_rte].entity;
}

static void put_target_table(sr *c, const sr_frame *f, og_buf *out)
{
    const orm_entity *e = f->q->rtes[f->q->target_rte].entity;
    sr_put_ident(c, out, e->name);
    const char *alias = f->alias[f->q->target_rte];
    if (strcmp(alias, e->name)) {
        og_buf_puts(out, " AS ");
        sr_put_ident(c, out, alias);
    }
}

/* The value of a SET / VALUES item: DEFAULT becomes the property's constant default. */
static const char *assigned(sr *c, const sr_frame *f, const orm_entity *e, const orm_expr *x)
{
    if (x->kind != ORM_EX_DEFAULT)
        return sr_expr(c, f, x, false);
    uint16_t p = x->u.default_prop;
    if (p >= e->nprops)
        return sr_internal(c, "DEFAULT of property %u", p);
    if (sr_rowid_pk(e, p) && orm_prop_plain_sequence(&e->props[p]))
        return "NULL"; /* the rowid fills itself */
    if (e->props[p].dkind == ORM_DEFAULT_SEQUENCE || e->props[p].dkind == ORM_DEFAULT_IDENTITY) {
        if (!(c->d->flags & DRV_SQL_NEXTVAL))
            return sr_unsupported(c, x->location, "generating values of column \"%s\" is not supported on the %s backend",
                                  e->props[p].name, c->d->name);
        og_value *tv = og_arena_zalloc(c->a, sizeof *tv), *cv = og_arena_zalloc(c->a, sizeof *cv);
        tv->oid = cv->oid = OG_OID_TEXT; /* bound values: they must outlive this call (the arena does) */
        tv->u.str.p = e->name;
        tv->u.str.len = strlen(e->name);
        cv->u.str.p = e->props[p].field;
        cv->u.str.len = strlen(e->props[p].field);
        og_value *sv = og_arena_zalloc(c->a, sizeof *sv), *iv = og_arena_zalloc(c->a, sizeof *iv);
        sv->oid = iv->oid = OG_OID_INT8;
        sv->u.i = e->props[p].seq_start;
        iv->u.i = e->props[p].seq_increment;
        const char *ts = sr_const(c, tv), *cs = ts ? sr_const(c, cv) : NULL;
        const char *ss = cs ? sr_const(c, sv) : NULL, *is = ss ? sr_const(c, iv) : NULL;
        return is ? og_arena_printf(c->a, "og_nextval(%s, %s, %s, %s)", ts, cs, ss, is) : NULL; /* the key generator */
    }
    og_value *v = og_arena_zalloc(c->a, sizeof *v);
    if (!sr_default_value(c, &e->props[p], v)) {
        if (c->err->position == 0)
            c->err->position = x->location;
        return NULL;
    }
    return sr_const(c, v);
}

static bool put_set(sr *c, const sr_frame *f, const orm_entity *e, const orm_query *q, og_buf *out)
{
    for (uint16_t i = 0; i < q->nset; i++) {
        if (q->set_cols[i] >= e->nprops)
            return sr_internal(c, "SET of property %u", q->set_cols[i]) != NULL;
        const char *x = assigned(c, f, e, q->set_exprs[i]);
        if (!x)
            return false;
        og_buf_puts(out, i ? ", " : " SET ");
        sr_put_ident(c, out, e->props[q->set_cols[i]].field);
        og_buf_printf(out, " = %s", x);
    }
    return true;
}

static bool put_returning(sr *c, const sr_frame *f, const orm_query *q, og_buf *out)
{
    if (!q->ntargets)
        return true;
    if (!(c->d->flags & DRV_SQL_RETURNING))
        return sr_unsupported(c, 0, "RETURNING is not supported on the %s backend", c->d->name) != NULL;
    c->returning = f;
    og_buf_puts(out, " RETURNING ");
    bool ok = put_targets(c, f, q, NULL, false, out);
    c->returning = NULL;
    return ok;
}

/* A column whose every VALUES row says DEFAULT is left out: the table's own default applies (not for
 * a generated column other than the rowid: the key generator gives its values). */
static bool all_default(const orm_entity *e, const orm_query *q, uint16_t k)
{
    uint16_t p = q->cols[k];
    if (p < e->nprops && !(sr_rowid_pk(e, p) && orm_prop_plain_sequence(&e->props[p])) &&
        (e->props[p].dkind == ORM_DEFAULT_SEQUENCE || e->props[p].dkind == ORM_DEFAULT_IDENTITY))
        return false;
    for (uint32_t r = 0; r < q->nrows; r++)
        if (q->rows[r][k]->kind != ORM_EX_DEFAULT)
            return false;
    return q->nrows > 0;
}

static bool put_insert_values(sr *c, const sr_frame *f, const orm_entity *e, const orm_query *q, og_buf *out)
{
    bool *keep = og_arena_zalloc(c->a, sizeof(bool) * (q->ncols + 1u));
    uint16_t nkeep = 0;
    for (uint16_t k = 0; k < q->ncols; k++)
        if ((keep[k] = !all_default(e, q, k)))
            nkeep++;
    if (!nkeep) {
        if (q->nrows > 1)
            return sr_unsupported(c, 0, "a multi-row INSERT of only DEFAULT values is not supported on the %s backend",
                                  c->d->name) != NULL;
        og_buf_puts(out, " DEFAULT VALUES");
        return true;
    }
    og_buf_puts(out, " (");
    for (uint16_t k = 0, n = 0; k < q->ncols; k++)
        if (keep[k]) {
            og_buf_puts(out, n++ ? ", " : "");
            sr_put_ident(c, out, e->props[q->cols[k]].field);
        }
    og_buf_puts(out, ") VALUES ");
    for (uint32_t r = 0; r < q->nrows; r++) {
        og_buf_puts(out, r ? ", (" : "(");
        for (uint16_t k = 0, n = 0; k < q->ncols; k++) {
            if (!keep[k])
                continue;
            const char *x = assigned(c, f, e, q->rows[r][k]);
            if (!x)
                return false;
            og_buf_printf(out, "%s%s", n++ ? ", " : "", x);
        }
        og_buf_putc(out, ')');
    }
    return true;
}

static bool put_insert(sr *c, const sr_frame *f, const orm_entity *e, og_buf *out)
{
    const orm_query *q = f->q;
    og_buf_puts(out, "INSERT INTO ");
    put_target_table(c, f, out);
    for (uint16_t k = 0; k < q->ncols; k++)
        if (q->cols[k] >= e->nprops)
            return sr_internal(c, "INSERT column %u", q->cols[k]) != NULL;
    if (q->source) {
        og_buf_puts(out, " (");
        for (uint16_t k = 0; k < q->ncols; k++) {
            og_buf_puts(out, k ? ", " : "");
            sr_put_ident(c, out, e->props[q->cols[k]].field);
        }
        /* SQLite's grammar reads "SELECT ... ON CONFLICT" as a join's ON without a WHERE first */
        og_buf_puts(out, q->conflict ? ") SELECT * FROM (" : ") ");
        if (!sr_query(c, f, q->source, NULL, out))
            return false;
        if (q->conflict)
            og_buf_puts(out, ") WHERE 1");
    } else if (!put_insert_values(c, f, e, q, out)) {
        return false;
    }
    if (q->conflict != ORM_CONFLICT_NONE) {
        og_buf_puts(out, " ON CONFLICT");
        for (uint16_t k = 0; k < q->nconflict_cols; k++) {
            if (q->conflict_cols[k] >= e->nprops)
                return sr_internal(c, "ON CONFLICT column %u", q->conflict_cols[k]) != NULL;
            og_buf_puts(out, k ? ", " : " (");
            sr_put_ident(c, out, e->props[q->conflict_cols[k]].field);
        }
        if (q->nconflict_cols)
            og_buf_putc(out, ')');
        if (q->conflict == ORM_CONFLICT_NOTHING) {
            og_buf_puts(out, " DO NOTHING");
        } else {
            og_buf_puts(out, " DO UPDATE");
            if (!put_set(c, f, e, q, out))
                return false;
            if (q->conflict_where) {
                og_buf_puts(out, " WHERE ");
                if (!put_expr(c, f, q->conflict_where, false, out))
                    return false;
            }
        }
    }
    return put_returning(c, f, q, out);
}

static bool put_update(sr *c, const sr_frame *f, const orm_entity *e, og_buf *out)
{
    const orm_query *q = f->q;
    og_buf_puts(out, "UPDATE ");
    put_target_table(c, f, out);
    if (!put_set(c, f, e, q, out))
        return false;
    og_buf out_from = OG_BUF_INIT;
    bool any;
    if (!put_from(c, f, q->target_rte, &out_from, &any)) {
        og_buf_free(&out_from);
        return false;
    }
    if (any) {
        if (!(c->d->flags & DRV_SQL_UPDATE_FROM)) {
            og_buf_free(&out_from);
            return sr_unsupported(c, 0, "UPDATE ... FROM is not supported on the %s backend", c->d->name) != NULL;
        }
        og_buf_printf(out, " FROM %s", og_buf_cstr(&out_from));
    }
    og_buf_free(&out_from);
    if (q->where) {
        og_buf_puts(out, " WHERE ");
        if (!put_expr(c, f, q->where, false, out))
            return false;
    }
    return put_returning(c, f, q, out);
}

/* DELETE ... USING has no SQLite form: the USING items and the condition become EXISTS (...),
 * correlated with the target by its alias. */
static bool put_delete(sr *c, const sr_frame *f, og_buf *out)
{
    const orm_query *q = f->q;
    og_buf_puts(out, "DELETE FROM ");
    put_target_table(c, f, out);
    og_buf using = OG_BUF_INIT;
    bool any;
    if (!put_from(c, f, q->target_rte, &using, &any)) {
        og_buf_free(&using);
        return false;
    }
    if (any) {
        og_buf_printf(out, " WHERE EXISTS (SELECT 1 FROM %s", og_buf_cstr(&using));
        if (q->where) {
            og_buf_puts(out, " WHERE ");
            if (!put_expr(c, f, q->where, false, out)) {
                og_buf_free(&using);
                return false;
            }
        }
        og_buf_putc(out, ')');
    } else if (q->where) {
        og_buf_puts(out, " WHERE ");
        if (!put_expr(c, f, q->where, false, out)) {
            og_buf_free(&using);
            return false;
        }
    }
    og_buf_free(&using);
    return put_returning(c, f, q, out);
}

static bool put_dml(sr *c, const orm_query *q, og_buf *out)
{
    const orm_entity *e = dml_target(c, q);
    if (!e)
        return false;
    sr_frame f;
    sr_frame_init(c, &f, q, NULL);
    if (!put_with(c, &f, out))
        return false;
    switch (q->kind) {
    case ORM_Q_INSERT:
        return put_insert(c, &f, e, out);
    case ORM_Q_UPDATE:
        return put_update(c, &f, e, out);
    default:
        return put_delete(c, &f, out);
    }
}

/* ---- entry points ------------------------------------------------------------------------------------ */

static void sr_init(sr *c, const drv_dialect *d, uint16_t nparams, og_arena *a, og_error *err)
{
    memset(c, 0, sizeof *c);
    c->d = d;
    c->a = a;
    c->err = err;
    c->nparams = nparams;
}

/* binds[0..nparams) are the client's parameters, constants follow. */
static void finish(sr *c, og_buf *b, drv_sql *out)
{
    out->sql = sr_take(c, b);
    uint32_t n = c->nparams + c->nbinds;
    out->nbinds = n;
    out->binds = og_arena_zalloc(c->a, sizeof(drv_bind) * (n + 1u));
    for (uint16_t k = 0; k < c->nparams; k++)
        out->binds[k].param = (uint16_t)(k + 1u);
    if (c->nbinds)
        memcpy(out->binds + c->nparams, c->binds, sizeof(drv_bind) * c->nbinds);
}

bool drv_sql_render(const drv_dialect *d, const orm_query *q, uint16_t nparams, og_arena *a, drv_sql *out,
                    og_error *err)
{
    memset(out, 0, sizeof *out);
    sr c;
    sr_init(&c, d, nparams, a, err);
    og_buf b = OG_BUF_INIT;
    bool ok;
    if (q->kind == ORM_Q_INSERT || q->kind == ORM_Q_UPDATE || q->kind == ORM_Q_DELETE)
        ok = put_dml(&c, q, &b);
    else
        ok = sr_query(&c, NULL, q, NULL, &b);
    if (!ok) {
        og_buf_free(&b);
        if (!og_error_isset(err))
            og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "SQL renderer failed");
        return false;
    }
    finish(&c, &b, out);
    out->ncols = q->ntargets;
    out->result_types = og_arena_zalloc(a, sizeof(uint32_t) * (q->ntargets + 1u));
    out->colnames = og_arena_zalloc(a, sizeof(char *) * (q->ntargets + 1u));
    for (uint16_t i = 0; i < q->ntargets; i++) {
        out->result_types[i] = q->targets[i].expr->type;
        out->colnames[i] = q->targets[i].name;
    }
    return true;
}

bool drv_sql_render_expr(const drv_dialect *d, const orm_expr *e, const orm_rte *rte, bool inline_consts,
                         uint16_t nparams, og_arena *a, drv_sql *out, og_error *err)
{
    memset(out, 0, sizeof *out);
    sr c;
    sr_init(&c, d, nparams, a, err);
    c.inline_consts = inline_consts;
    orm_query q = {0};
    q.kind = ORM_Q_SELECT;
    q.nrtes = rte ? 1 : 0;
    q.rtes = (orm_rte *)rte;
    q.excluded_rte = UINT16_MAX;
    sr_frame f = {&q, NULL, NULL};
    const char *alias[1] = {rte ? rte->alias : NULL};
    f.alias = alias;
    const char *s = sr_expr(&c, &f, e, false);
    if (!s) {
        if (!og_error_isset(err))
            og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "SQL renderer failed");
        return false;
    }
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, s);
    finish(&c, &b, out);
    return true;
}

og_value *drv_sql_values(const drv_sql *s, const og_value *params, uint16_t nparams, og_arena *a)
{
    og_value *v = og_arena_zalloc(a, sizeof(og_value) * (s->nbinds + 1u));
    for (uint32_t i = 0; i < s->nbinds; i++) {
        const drv_bind *b = &s->binds[i];
        if (b->param)
            v[i] = b->param <= nparams ? params[b->param - 1] : og_value_null(OG_OID_TEXT);
        else
            v[i] = *b->value;
    }
    return v;
}
