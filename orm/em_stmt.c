/*
 * orm/em_stmt.c - which translated statements the EntityManager serves
 * itself, and the values it needs for them (see orm/em.h, "statements").
 *
 * The shapes served are the ones DESIGN.md section 3 maps to entity
 * operations, and only when ormgate can compute the answer exactly:
 *   INSERT INTO t [(cols)] VALUES ...   every value evaluable here (constants,
 *                                       parameters, functions, defaults); the
 *                                       serial / identity key of the table
 *                                       (its integer primary key) comes from
 *                                       ormgate's key generator when not given;
 *   UPDATE t SET ... WHERE pk = v       no FROM, the key left alone, the new
 *                                       values evaluable over the old row;
 *   DELETE FROM t WHERE pk = v          no USING;
 *   SELECT ... FROM t WHERE pk = v      one table, no grouping, aggregates,
 *                                       DISTINCT, LIMIT or subqueries.
 * "pk = v" is the whole primary key compared for equality, in the key's own
 * type, with constants or parameters (AND of one comparison per column). A
 * comparison in another type (int4 key = numeric 1.5) is left to the backend:
 * casting the value to the key type would round it and find a wrong row.
 * Everything else is NATIVE.
 */
#include <stdio.h>
#include <string.h>

#include "orm/em.h"
#include "orm/eval.h"
#include "orm/translate.h"

/* Is x a column of range-table entry rte at this level? */
static bool is_col(const orm_expr *x, uint16_t rte)
{
    return x->kind == ORM_EX_COLUMN && x->u.column.levelsup == 0 && x->u.column.rte == rte;
}

/* One "key column = constant or parameter" comparison: which key position it sets. */
static bool key_cmp(const orm_entity *e, uint16_t rte, const orm_expr *w, const orm_expr **keyx)
{
    if (w->kind != ORM_EX_CMP || w->u.cmp.op != ORM_CMP_EQ || w->nargs != 2)
        return false;
    const orm_expr *col = w->args[0], *val = w->args[1];
    if (!is_col(col, rte)) {
        col = w->args[1];
        val = w->args[0];
    }
    /* a parameter of another integer type (drivers send int2 / int8) arrives cast to the key's type:
     * the backend would compute that same cast, so evaluating it here agrees */
    const orm_expr *inner = val->kind == ORM_EX_CAST && val->nargs == 1 ? val->args[0] : val;
    if (!is_col(col, rte) || (inner->kind != ORM_EX_CONST && inner->kind != ORM_EX_PARAM))
        return false;
    uint16_t prop = col->u.column.col;
    uint32_t type = e->props[prop].type_oid;
    if (w->u.cmp.cmp_type != type || val->type != type || col->type != type)
        return false;
    for (uint16_t i = 0; i < e->pk.ncols; i++)
        if (e->pk.cols[i] == prop) {
            if (keyx[i])
                return false; /* the same column twice */
            keyx[i] = val;
            return true;
        }
    return false;
}

/* Is where exactly "primary key = values"? keyx[i] gets the value of key column i. */
static bool pk_where(const orm_entity *e, uint16_t rte, const orm_expr *where, const orm_expr **keyx)
{
    if (!where || !e->pk.ncols)
        return false;
    memset(keyx, 0, sizeof(*keyx) * e->pk.ncols);
    if (where->kind == ORM_EX_AND) {
        if (where->nargs != e->pk.ncols)
            return false;
        for (uint16_t i = 0; i < where->nargs; i++)
            if (!key_cmp(e, rte, where->args[i], keyx))
                return false;
    } else if (e->pk.ncols != 1 || !key_cmp(e, rte, where, keyx)) {
        return false;
    }
    for (uint16_t i = 0; i < e->pk.ncols; i++)
        if (!keyx[i])
            return false;
    return true;
}

static bool targets_ok(const orm_query *q)
{
    for (uint16_t i = 0; i < q->ntargets; i++)
        if (!orm_eval_supported(q->targets[i].expr))
            return false;
    return true;
}

static bool generated(const orm_property *p)
{
    return p->dkind == ORM_DEFAULT_SEQUENCE || p->dkind == ORM_DEFAULT_IDENTITY;
}

/* DEFAULT of a generated key in an INSERT row. */
static bool key_default(const orm_entity *e, const orm_expr *x)
{
    return x->kind == ORM_EX_DEFAULT && generated(&e->props[x->u.default_prop]);
}

static bool insert_ok(const orm_query *q, const orm_entity *e)
{
    if (q->source || q->conflict != ORM_CONFLICT_NONE || q->nctes || q->nrtes != 1 || !e->pk.ncols)
        return false;
    for (uint32_t r = 0; r < q->nrows; r++)
        for (uint16_t c = 0; c < q->ncols; c++)
            if (!orm_eval_supported(q->rows[r][c]) && !key_default(e, q->rows[r][c]))
                return false; /* subqueries */
    return targets_ok(q);
}

void orm_em_insert_keys_needed(const orm_stmt *st, uint32_t *need)
{
    const orm_query *q = st->query;
    const orm_entity *e = q->rtes[q->target_rte].entity;
    for (uint16_t p = 0; p < e->nprops; p++) {
        need[p] = 0;
        if (!generated(&e->props[p]))
            continue;
        int col = -1;
        for (uint16_t c = 0; c < q->ncols; c++)
            if (q->cols[c] == p)
                col = c;
        for (uint32_t r = 0; r < q->nrows; r++)
            if (col < 0 || key_default(e, q->rows[r][col]))
                need[p]++;
    }
}

static bool update_ok(const orm_query *q)
{
    if (q->nctes || q->nrtes != 1 || q->nfrom)
        return false;
    const orm_entity *e = q->rtes[q->target_rte].entity;
    for (uint16_t i = 0; i < q->nset; i++) {
        if (e->props[q->set_cols[i]].primary || !orm_eval_supported(q->set_exprs[i]))
            return false;
    }
    return targets_ok(q);
}

static bool select_ok(const orm_query *q)
{
    return q->nctes == 0 && q->nrtes == 1 && q->rtes[0].kind == ORM_RTE_ENTITY && q->nfrom == 1 &&
           q->from[0]->kind == ORM_JOIN_NONE && !q->distinct && !q->ndistinct_on && !q->ngroup && !q->having &&
           !q->has_aggs && !q->limit && !q->offset && targets_ok(q);
}

static void eval_row_init(orm_eval_row *er, const orm_query *q, const og_value **rtes, const og_value *row,
                          uint16_t rte, const og_value *params, uint16_t nparams)
{
    for (uint16_t i = 0; i < q->nrtes; i++)
        rtes[i] = NULL;
    if (row)
        rtes[rte] = row;
    *er = (orm_eval_row){rtes, q->nrtes, params, nparams, NULL};
}

orm_em_op_kind orm_em_classify(const orm_stmt *st, const og_value *params, const orm_eval_ctx *cx, og_arena *a,
                               orm_em_op *out)
{
    memset(out, 0, sizeof *out);
    const orm_query *q = st->query;
    orm_em_op_kind kind = ORM_EM_OP_NATIVE;
    uint16_t rte = 0;
    switch (q->kind) {
    case ORM_Q_INSERT:
        if (insert_ok(q, q->rtes[q->target_rte].entity))
            kind = ORM_EM_OP_PERSIST;
        break;
    case ORM_Q_UPDATE:
        if (update_ok(q))
            kind = ORM_EM_OP_ASSIGN;
        rte = q->target_rte;
        break;
    case ORM_Q_DELETE:
        if (!q->nctes && q->nrtes == 1 && !q->nfrom && targets_ok(q))
            kind = ORM_EM_OP_REMOVE;
        rte = q->target_rte;
        break;
    case ORM_Q_SELECT:
        if (select_ok(q))
            kind = ORM_EM_OP_FIND;
        break;
    default:
        break;
    }
    if (kind == ORM_EM_OP_NATIVE)
        return kind;
    const orm_entity *e = q->rtes[rte].entity;
    out->entity = e;
    if (kind == ORM_EM_OP_PERSIST) {
        out->kind = kind;
        return kind;
    }
    const orm_expr *keyx[64];
    if (e->pk.ncols > 64 || !pk_where(e, rte, q->where, keyx))
        return ORM_EM_OP_NATIVE;
    if (!params && st->nparams) { /* the shape only (EXPLAIN of a statement with parameters) */
        out->kind = kind;
        return kind;
    }
    og_value *pk = og_arena_zalloc(a, sizeof(og_value) * e->pk.ncols);
    const og_value *rtes[1] = {NULL};
    orm_eval_row er = {rtes, 1, params, st->nparams, NULL};
    bool has_null = false;
    for (uint16_t i = 0; i < e->pk.ncols; i++) {
        og_error err = OG_ERROR_INIT;
        bool ok = orm_eval(keyx[i], &er, cx, a, &pk[i], &err);
        og_error_clear(&err);
        if (!ok)
            return ORM_EM_OP_NATIVE; /* the backend reports it as it would */
        has_null = has_null || pk[i].isnull;
    }
    out->kind = kind;
    out->pk = has_null ? NULL : pk;
    return kind;
}

/* A value for property p: v as is when it has p's type, else assignment-cast (22001, 22003, ...). */
static bool to_prop(const orm_property *p, const orm_eval_ctx *cx, og_arena *a, og_value *v, og_error *err)
{
    if (v->isnull) {
        *v = og_value_null(p->type_oid);
        return true;
    }
    if (v->oid == p->type_oid && p->typmod < 0)
        return true;
    og_value out;
    if (!orm_cast(cx, v, p->type_oid, p->typmod, false, a, &out, err))
        return false;
    *v = out;
    return true;
}

/* "Failing row contains (1, null, x)." */
static void failing_row(const orm_entity *e, const og_value *row, const orm_eval_ctx *cx, og_error *err)
{
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "Failing row contains (");
    for (uint16_t i = 0; i < e->nprops; i++) {
        if (i)
            og_buf_puts(&b, ", ");
        if (row[i].isnull)
            og_buf_puts(&b, "null");
        else
            og_text_io_get()->encode(&row[i], cx && cx->timezone ? cx->timezone : "UTC", &b);
    }
    og_buf_puts(&b, ").");
    og_error_detail(err, "%s", og_buf_cstr(&b));
    og_buf_free(&b);
}

bool orm_em_validate(const orm_entity *e, const og_value *row, const orm_eval_ctx *cx, og_arena *a, og_error *err)
{
    for (uint16_t i = 0; i < e->nprops; i++)
        if (row[i].isnull && (e->props[i].not_null || e->props[i].primary)) {
            og_error_set(err, "23502", "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
                         e->props[i].name, e->name);
            failing_row(e, row, cx, err);
            err->table = strdup(e->name);
            err->column = strdup(e->props[i].name);
            return false;
        }
    for (uint16_t i = 0; i < e->nchecks; i++) {
        orm_expr *x = orm_translate_check(e, e->checks[i].expr, a, err);
        if (!x)
            return false;
        const og_value *rtes[1] = {row};
        orm_eval_row er = {rtes, 1, NULL, 0, NULL};
        og_value v;
        if (!orm_eval(x, &er, cx, a, &v, err))
            return false;
        if (!v.isnull && !v.u.b) {
            og_error_set(err, "23514", "new row for relation \"%s\" violates check constraint \"%s\"", e->name,
                         e->checks[i].name);
            failing_row(e, row, cx, err);
            err->table = strdup(e->name);
            err->constraint = strdup(e->checks[i].name);
            return false;
        }
    }
    return true;
}

bool orm_em_insert_rows(const orm_stmt *st, const og_value *params, const orm_eval_ctx *cx,
                        og_value *const *keys, og_arena *a, og_value ***rows, og_error *err)
{
    const orm_query *q = st->query;
    const orm_entity *e = q->rtes[q->target_rte].entity;
    og_value **out = og_arena_zalloc(a, sizeof(og_value *) * (q->nrows + 1u));
    const og_value *rtes[1] = {NULL};
    orm_eval_row er = {rtes, 1, params, st->nparams, NULL};
    uint32_t *taken = og_arena_zalloc(a, sizeof(uint32_t) * (e->nprops + 1u));
    for (uint32_t r = 0; r < q->nrows; r++) {
        og_value *row = og_arena_zalloc(a, sizeof(og_value) * (e->nprops + 1u));
        bool *given = og_arena_zalloc(a, sizeof(bool) * (e->nprops + 1u));
        for (uint16_t p = 0; p < e->nprops; p++)
            row[p] = og_value_null(e->props[p].type_oid);
        for (uint16_t c = 0; c < q->ncols; c++) {
            const orm_property *p = &e->props[q->cols[c]];
            if (key_default(e, q->rows[r][c]))
                continue;
            og_value v;
            if (!orm_eval(q->rows[r][c], &er, cx, a, &v, err) || !to_prop(p, cx, a, &v, err))
                return false;
            row[q->cols[c]] = v;
            given[q->cols[c]] = true;
        }
        for (uint16_t p = 0; p < e->nprops; p++)
            if (!given[p] && generated(&e->props[p]) && keys && keys[p])
                row[p] = keys[p][taken[p]++];
        if (!orm_em_validate(e, row, cx, a, err))
            return false;
        out[r] = row;
    }
    *rows = out;
    return true;
}

bool orm_em_update_values(const orm_stmt *st, const og_value *params, const orm_eval_ctx *cx, const og_value *row,
                          og_arena *a, uint16_t **props, og_value **vals, og_error *err)
{
    const orm_query *q = st->query;
    const orm_entity *e = q->rtes[q->target_rte].entity;
    const og_value *rtes[64];
    if (q->nrtes > 64)
        return false;
    orm_eval_row er;
    eval_row_init(&er, q, rtes, row, q->target_rte, params, st->nparams);
    og_value *next = og_arena_alloc(a, sizeof(og_value) * (e->nprops + 1u));
    memcpy(next, row, sizeof(og_value) * e->nprops);
    og_value *v = og_arena_zalloc(a, sizeof(og_value) * (q->nset + 1u));
    for (uint16_t i = 0; i < q->nset; i++) { /* every SET expression sees the old row */
        if (!orm_eval(q->set_exprs[i], &er, cx, a, &v[i], err) ||
            !to_prop(&e->props[q->set_cols[i]], cx, a, &v[i], err))
            return false;
    }
    for (uint16_t i = 0; i < q->nset; i++)
        next[q->set_cols[i]] = v[i];
    if (!orm_em_validate(e, next, cx, a, err))
        return false;
    *props = q->set_cols;
    *vals = v;
    return true;
}

bool orm_em_project(const orm_stmt *st, const og_value *params, const orm_eval_ctx *cx, const og_value *row,
                    og_arena *a, og_value **out, og_error *err)
{
    const orm_query *q = st->query;
    const og_value *rtes[64];
    if (q->nrtes > 64)
        return false;
    orm_eval_row er;
    uint16_t rte = q->kind == ORM_Q_SELECT ? 0 : q->target_rte;
    eval_row_init(&er, q, rtes, row, rte, params, st->nparams);
    og_value *v = og_arena_zalloc(a, sizeof(og_value) * (q->ntargets + 1u));
    for (uint16_t i = 0; i < q->ntargets; i++)
        if (!orm_eval(q->targets[i].expr, &er, cx, a, &v[i], err))
            return false;
    *out = v;
    return true;
}
