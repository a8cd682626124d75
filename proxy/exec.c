/*
 * proxy/exec.c - analysis of the statements ormgate answers itself (exec.h).
 *
 * SELECT without FROM is analysed into a tiny expression tree: constants,
 * parameters, casts and a handful of functions. Casts convert through the
 * text form with the wire codecs, which is what PostgreSQL's I/O conversion
 * casts do for the types involved here. The same evaluator computes the
 * arguments of EXECUTE. PREPARE analyses its statement here too and keeps
 * it (px_stmt.target) until it runs; COPY is analysed in proxy/copy.c.
 */
#include "proxy/exec.h"

#include <math.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drivers/sqlrender.h"
#include "orm/em.h"
#include "orm/hmap.h"
#include "orm/schema.h"
#include "orm/sqlparse.h"
#include "orm/translate.h"
#include "orm/typename.h"
#include "wire/codec.h"

typedef enum { E_CONST, E_PARAM, E_CAST, E_VERSION, E_SLEEP } expr_kind;

struct px_expr {
    expr_kind kind;
    uint32_t type_oid; /* result type */
    int32_t typmod;    /* E_CAST: char(n)/varchar(n) length + 4, else -1 */
    og_value value;    /* E_CONST */
    int param;         /* E_PARAM: 0-based */
    px_expr *arg;      /* E_CAST, E_SLEEP */
};

typedef struct analyzer {
    px_stmt *st;
    og_error *err;
    const char *sql;
    bool no_params; /* EXECUTE arguments: a utility statement has no parameters (as PostgreSQL) */
} analyzer;

static const char *node_str(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

/* ---- expressions ------------------------------------------------------ */

static px_expr *new_expr(analyzer *an, expr_kind k, uint32_t oid)
{
    px_expr *e = og_arena_zalloc(&an->st->arena, sizeof(*e));
    e->kind = k;
    e->type_oid = oid;
    return e;
}

static bool unsupported(analyzer *an, int location, const char *what)
{
    og_error_set(an->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "%s is not supported by ormgate yet", what);
    if (location >= 0) {
        int pos = 1;
        for (int i = 0; i < location && an->sql[i]; i++)
            pos += ((unsigned char)an->sql[i] & 0xc0) != 0x80;
        an->err->position = pos;
    }
    return false;
}

static px_expr *analyze_expr(analyzer *an, const PgQuery__Node *n, uint32_t want);

static px_expr *analyze_const(analyzer *an, const PgQuery__AConst *c)
{
    og_arena *a = &an->st->arena;
    px_expr *e = new_expr(an, E_CONST, OG_OID_TEXT);
    e->value.oid = OG_OID_TEXT;
    if (c->isnull) {
        e->value = og_value_null(OG_OID_TEXT);
        return e;
    }
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        e->type_oid = e->value.oid = OG_OID_INT4;
        e->value.u.i = c->ival->ival;
        break;
    case PG_QUERY__A__CONST__VAL_FVAL: {
        /* a numeric literal that does not fit int4: int8 when integral, else numeric */
        const char *s = c->fval->fval;
        char *end;
        long long v = strtoll(s, &end, 10);
        if (!*end && strlen(s) < 19) {
            e->type_oid = e->value.oid = OG_OID_INT8;
            e->value.u.i = v;
        } else {
            e->type_oid = e->value.oid = OG_OID_NUMERIC;
            e->value.u.str.p = og_arena_strdup(a, s);
            e->value.u.str.len = strlen(s);
        }
        break;
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        e->type_oid = e->value.oid = OG_OID_BOOL;
        e->value.u.b = c->boolval->boolval;
        break;
    case PG_QUERY__A__CONST__VAL_SVAL:
        /* an untyped literal: "unknown", resolved to text unless a cast says otherwise */
        e->type_oid = e->value.oid = OG_OID_UNKNOWN;
        e->value.u.str.p = og_arena_strdup(a, c->sval->sval);
        e->value.u.str.len = strlen(c->sval->sval);
        break;
    default:
        unsupported(an, c->location, "this kind of constant");
        return NULL;
    }
    return e;
}

static px_expr *analyze_param(analyzer *an, const PgQuery__ParamRef *p, uint32_t want)
{
    px_stmt *st = an->st;
    if (an->no_params || p->number < 1 || p->number > 65535) {
        og_error_set(an->err, "42P02", "there is no parameter $%d", p->number);
        if (an->no_params && p->location >= 0)
            an->err->position = orm_sql_char_position(an->sql, (size_t)p->location);
        return NULL;
    }
    uint16_t idx = (uint16_t)(p->number - 1);
    if (idx >= st->nparams) {
        uint32_t *grown = og_arena_zalloc(&st->arena, sizeof(uint32_t) * (idx + 1u));
        if (st->nparams)
            memcpy(grown, st->param_types, sizeof(uint32_t) * st->nparams);
        st->param_types = grown;
        st->nparams = idx + 1;
    }
    if (st->param_types[idx] == 0 && want)
        st->param_types[idx] = want;
    px_expr *e = new_expr(an, E_PARAM, 0);
    e->param = idx;
    return e;
}

static px_expr *analyze_func(analyzer *an, const PgQuery__FuncCall *f)
{
    const char *name = f->n_funcname ? node_str(f->funcname[f->n_funcname - 1]) : NULL;
    if (!name || f->agg_star || f->agg_distinct || f->over || f->n_agg_order) {
        unsupported(an, f->location, "this function call");
        return NULL;
    }
    if (!strcmp(name, "version") && f->n_args == 0)
        return new_expr(an, E_VERSION, OG_OID_TEXT);
    if (!strcmp(name, "pg_sleep") && f->n_args == 1) {
        px_expr *e = new_expr(an, E_SLEEP, 2278 /* void */);
        e->arg = analyze_expr(an, f->args[0], OG_OID_FLOAT8);
        an->st->sleeps = true;
        return e->arg ? e : NULL;
    }
    char what[128];
    snprintf(what, sizeof(what), "function %s()", name);
    unsupported(an, f->location, what);
    return NULL;
}

static px_expr *analyze_expr(analyzer *an, const PgQuery__Node *n, uint32_t want)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        return analyze_const(an, n->a_const);
    case PG_QUERY__NODE__NODE_PARAM_REF:
        return analyze_param(an, n->param_ref, want);
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        orm_type t;
        if (!orm_type_resolve(n->type_cast->type_name, &t, an->err))
            return NULL;
        if (!wire_codec_supports(t.oid) || t.serial) {
            og_error_set(an->err, OG_SQLSTATE_UNDEFINED_OBJECT, "type \"%s\" does not exist",
                         orm_type_display(n->type_cast->type_name));
            return NULL;
        }
        px_expr *arg = analyze_expr(an, n->type_cast->arg, t.oid);
        if (!arg)
            return NULL;
        px_expr *e = new_expr(an, E_CAST, t.oid);
        e->arg = arg;
        /* only char(n)/varchar(n) lengths are applied by casts so far */
        e->typmod = (t.oid == OG_OID_BPCHAR || t.oid == OG_OID_VARCHAR) ? t.typmod : -1;
        return e;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return analyze_func(an, n->func_call);
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        og_error_set(an->err, "42703", "column reference is not supported without FROM");
        return NULL;
    default:
        unsupported(an, -1, "this expression");
        return NULL;
    }
}

/* PostgreSQL's column name for an unnamed target (FigureColname). */
static const char *figure_colname(const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        const char *inner = figure_colname(n->type_cast->arg);
        if (strcmp(inner, "?column?"))
            return inner;
        const PgQuery__TypeName *tn = n->type_cast->type_name;
        return tn->n_names ? node_str(tn->names[tn->n_names - 1]) : "?column?";
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
        const PgQuery__FuncCall *f = n->func_call;
        return f->n_funcname ? node_str(f->funcname[f->n_funcname - 1]) : "?column?";
    }
    default:
        return "?column?";
    }
}

/* Resolve the final type of every expression (unknown -> text, parameter -> its type). */
static uint32_t result_type(const px_stmt *st, const px_expr *e)
{
    switch (e->kind) {
    case E_PARAM:
        return st->param_types[e->param] ? st->param_types[e->param] : OG_OID_TEXT;
    case E_CONST:
        return e->type_oid == OG_OID_UNKNOWN ? OG_OID_TEXT : e->type_oid;
    default:
        return e->type_oid;
    }
}

static bool analyze_select(analyzer *an, const PgQuery__SelectStmt *s)
{
    px_stmt *st = an->st;
    if (s->n_from_clause || s->where_clause || s->n_group_clause || s->having_clause || s->n_values_lists ||
        s->op != PG_QUERY__SET_OPERATION__SETOP_NONE || s->with_clause || s->n_sort_clause || s->limit_count ||
        s->limit_offset || s->n_distinct_clause || s->into_clause || s->n_window_clause || s->n_locking_clause)
        return unsupported(an, -1, "SELECT with FROM, WHERE, set operations or other clauses");
    st->kind = PX_STMT_SELECT;
    st->ncols = (uint16_t)s->n_target_list;
    st->cols = og_arena_zalloc(&st->arena, sizeof(px_col) * (st->ncols + 1u));
    st->targets = og_arena_zalloc(&st->arena, sizeof(px_expr *) * (st->ncols + 1u));
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        px_expr *e = analyze_expr(an, rt->val, 0);
        if (!e)
            return false;
        st->targets[i] = e;
        st->cols[i].name = og_arena_strdup(&st->arena, rt->name && *rt->name ? rt->name : figure_colname(rt->val));
        st->cols[i].typmod = e->kind == E_CAST ? e->typmod : -1;
    }
    for (size_t i = 0; i < st->ncols; i++) /* after all targets: parameter types are final */
        st->cols[i].type_oid = result_type(st, st->targets[i]);
    for (uint16_t i = 0; i < st->nparams; i++)
        if (!st->param_types[i])
            st->param_types[i] = OG_OID_TEXT;
    return true;
}

/* The value of a SET argument as PostgreSQL flattens it. */
static bool set_arg_text(analyzer *an, const PgQuery__Node *n, og_buf *out)
{
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        n = n->type_cast->arg; /* SET TIME ZONE INTERVAL '...' : keep the literal */
    if (n->node_case != PG_QUERY__NODE__NODE_A_CONST)
        return unsupported(an, -1, "this SET value");
    if (!orm_sql_const_text(n->a_const, out))
        return unsupported(an, n->a_const->location, "this SET value");
    return true;
}

static bool analyze_set(analyzer *an, const PgQuery__VariableSetStmt *v)
{
    px_stmt *st = an->st;
    st->local = v->is_local;
    switch (v->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE: {
        og_buf b = OG_BUF_INIT;
        for (size_t i = 0; i < v->n_args; i++) {
            if (i)
                og_buf_puts(&b, ", ");
            if (!set_arg_text(an, v->args[i], &b)) {
                og_buf_free(&b);
                return false;
            }
        }
        st->value = og_arena_strdup(&st->arena, og_buf_cstr(&b));
        og_buf_free(&b);
        st->kind = PX_STMT_SET;
        break;
    }
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
        st->kind = PX_STMT_SET;
        st->value = NULL;
        break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
        st->kind = PX_STMT_RESET;
        break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
        st->kind = PX_STMT_RESET;
        st->name = "all";
        return true;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI: {
        /* SET TRANSACTION / SET SESSION CHARACTERISTICS AS TRANSACTION: isolation and read-only */
        const char *target = strcmp(v->name, "TRANSACTION") ? "default_transaction_" : "transaction_";
        for (size_t i = 0; i < v->n_args; i++) {
            const PgQuery__DefElem *d = v->args[i]->def_elem;
            if (!d || !d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_A_CONST)
                continue;
            char name[64];
            og_buf b = OG_BUF_INIT;
            set_arg_text(an, d->arg, &b);
            if (!strcmp(d->defname, "transaction_isolation"))
                snprintf(name, sizeof(name), "%sisolation", target);
            else if (!strcmp(d->defname, "transaction_read_only"))
                snprintf(name, sizeof(name), "%sread_only", target);
            else
                name[0] = '\0';
            if (name[0]) {
                st->name = og_arena_strdup(&st->arena, name);
                st->value = og_arena_strdup(&st->arena, og_buf_cstr(&b));
            }
            og_buf_free(&b);
        }
        if (!st->name)
            return unsupported(an, -1, "this SET TRANSACTION option");
        st->kind = PX_STMT_SET;
        return true;
    }
    default:
        return unsupported(an, -1, "this SET form");
    }
    st->name = og_arena_strdup(&st->arena, v->name);
    return true;
}

static bool analyze_transaction(analyzer *an, const PgQuery__TransactionStmt *t)
{
    px_stmt *st = an->st;
    if (t->chain)
        return unsupported(an, -1, "AND CHAIN");
    switch (t->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
        st->kind = PX_STMT_BEGIN;
        st->start_tx = t->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START;
        st->read_only = -1;
        for (size_t i = 0; i < t->n_options; i++) {
            const PgQuery__Node *o = t->options[i];
            if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || strcmp(o->def_elem->defname, "transaction_read_only"))
                continue; /* isolation levels: SQLite's transactions are serializable, stronger than asked */
            const PgQuery__Node *arg = o->def_elem->arg;
            if (arg && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                arg->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
                st->read_only = arg->a_const->ival->ival != 0;
        }
        return true;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
        st->kind = PX_STMT_COMMIT;
        return true;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
        st->kind = PX_STMT_ROLLBACK;
        return true;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
        st->kind = PX_STMT_SAVEPOINT;
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
        st->kind = PX_STMT_RELEASE;
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
        st->kind = PX_STMT_ROLLBACK_TO;
        break;
    default:
        return unsupported(an, -1, "two-phase commit");
    }
    st->name = og_arena_strdup(&st->arena, t->savepoint_name);
    return true;
}

/* A short name for the statement kind, for the 0A000 message. */
static const char *node_label(const PgQuery__Node *n)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, (unsigned)n->node_case);
    return f ? f->name : "statement";
}

static void stmt_free(px_stmt *st)
{
    px_stmt_release(st->target);
    orm_stmt_free(st->orm);
    og_arena_reset(&st->arena);
    free(st);
}

/* Translate a statement for the backend: IR (orm/translate.h), then SQL (drivers/sqlrender.h). */
static bool analyze_orm(px_stmt *st, const PgQuery__Node *node, const px_analyze_ctx *ctx, og_error *err)
{
    if (!ctx || !ctx->schema) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "statement %s needs a database backend", node_label(node));
        return false;
    }
    orm_translate_in in = {&ctx->schema->meta, st->sql, st->param_types, st->nparams, ctx->cx, ctx->user,
                           ctx->database, PX_VERSION_STRING};
    orm_stmt *os = orm_translate(node, &in, err);
    if (!os)
        return false;
    st->orm = os;
    st->kind = PX_STMT_ORM;
    st->qkind = os->query->kind;
    st->generation = ctx->schema->generation;
    st->schema = ctx->schema;
    st->rendered = og_arena_zalloc(&st->arena, sizeof(drv_sql));
    if (!drv_sql_render(ctx->dialect, os->query, os->nparams, &st->arena, st->rendered, err))
        return false;
    st->nparams = os->nparams;
    st->param_types = og_arena_zalloc(&st->arena, sizeof(uint32_t) * (os->nparams + 1u));
    memcpy(st->param_types, os->param_types, sizeof(uint32_t) * os->nparams);
    uint16_t nt;
    const orm_target *tg = orm_query_targets(os->query, &nt);
    st->ncols = nt;
    st->cols = og_arena_zalloc(&st->arena, sizeof(px_col) * (nt + 1u));
    for (uint16_t i = 0; i < nt; i++) {
        st->cols[i].name = tg[i].name;
        st->cols[i].type_oid = tg[i].expr->type;
        st->cols[i].typmod = tg[i].expr->typmod;
    }
    return true;
}

/* ---- PREPARE / EXECUTE / DEALLOCATE ------------------------------------ */

static px_stmt *analyze(const char *sql, const void *node_, const uint32_t *param_types, uint16_t nparam_types,
                        const px_analyze_ctx *ctx, bool force_orm, og_error *err);

/* PREPARE name [(types)] AS statement: the statement is analysed now, with the declared types. */
static bool analyze_prepare(analyzer *an, const PgQuery__PrepareStmt *ps, const px_analyze_ctx *ctx)
{
    px_stmt *st = an->st;
    uint32_t *types = og_arena_zalloc(&st->arena, sizeof(uint32_t) * (ps->n_argtypes + 1u));
    if (ps->n_argtypes > 65535)
        return unsupported(an, -1, "PREPARE with more than 65535 parameters");
    for (size_t i = 0; i < ps->n_argtypes; i++) {
        const PgQuery__Node *n = ps->argtypes[i];
        orm_type t;
        if (n->node_case != PG_QUERY__NODE__NODE_TYPE_NAME || !orm_type_resolve(n->type_name, &t, an->err))
            return og_error_isset(an->err) ? false : unsupported(an, -1, "this parameter type");
        if (!wire_codec_supports(t.oid) || t.serial) {
            og_error_set(an->err, OG_SQLSTATE_UNDEFINED_OBJECT, "type \"%s\" does not exist",
                         orm_type_display(n->type_name));
            return false;
        }
        types[i] = t.oid;
    }
    st->target = analyze(an->sql, ps->query, types, (uint16_t)ps->n_argtypes, ctx, false, an->err);
    if (!st->target)
        return false;
    st->kind = PX_STMT_PREPARE;
    st->name = og_arena_strdup(&st->arena, ps->name);
    return true;
}

static int node_location(const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        return n->a_const->location;
    case PG_QUERY__NODE__NODE_PARAM_REF:
        return n->param_ref->location;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        return n->type_cast->location;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return n->func_call->location;
    case PG_QUERY__NODE__NODE_A_EXPR:
        return n->a_expr->location;
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return n->column_ref->location;
    default:
        return -1;
    }
}

/* EXECUTE name(args): the prepared statement is looked up now for its columns (Describe) and again
 * when it runs; the arguments are expressions of constants and casts ($n is 42P02, as in PostgreSQL). */
static bool analyze_execute(analyzer *an, const PgQuery__ExecuteStmt *es, const px_analyze_ctx *ctx)
{
    px_stmt *st = an->st;
    px_stmt *target = ctx && ctx->prepared ? og_hmap_gets(ctx->prepared, es->name) : NULL;
    if (!target) {
        og_error_set(an->err, OG_SQLSTATE_UNDEFINED_PSTATEMENT, "prepared statement \"%s\" does not exist",
                     es->name);
        return false;
    }
    if (es->n_params != target->nparams) {
        og_error_set(an->err, OG_SQLSTATE_SYNTAX_ERROR, "wrong number of parameters for prepared statement \"%s\"",
                     es->name);
        og_error_detail(an->err, "Expected %u parameters but got %zu.", (unsigned)target->nparams, es->n_params);
        return false;
    }
    st->kind = PX_STMT_EXECUTE;
    st->name = og_arena_strdup(&st->arena, es->name);
    st->target = target;
    target->refs++;
    an->no_params = true;
    st->nargs = (uint16_t)es->n_params;
    st->args = og_arena_zalloc(&st->arena, sizeof(px_expr *) * (st->nargs + 1u));
    st->arg_pos = og_arena_zalloc(&st->arena, sizeof(int) * (st->nargs + 1u));
    for (uint16_t i = 0; i < st->nargs; i++) {
        int loc = node_location(es->params[i]);
        st->arg_pos[i] = loc >= 0 ? orm_sql_char_position(an->sql, (size_t)loc) : 0;
        if (es->params[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
            og_error_set(an->err, "42703", "column reference is not allowed in EXECUTE parameters");
            an->err->position = st->arg_pos[i];
            return false;
        }
        if (!(st->args[i] = analyze_expr(an, es->params[i], target->param_types[i])))
            return false;
    }
    /* the result is the prepared statement's */
    st->ncols = target->ncols;
    st->cols = target->cols;
    st->qkind = target->qkind;
    return true;
}

static px_stmt *analyze(const char *sql, const void *node_, const uint32_t *param_types, uint16_t nparam_types,
                        const px_analyze_ctx *ctx, bool force_orm, og_error *err);

/* EXPLAIN: what ormgate does with the statement (DESIGN.md's operation) and the backend statement
 * it runs, one line each; the statement itself is not run. */
static bool analyze_explain(px_stmt *st, const PgQuery__ExplainStmt *ex, const px_analyze_ctx *ctx, og_error *err)
{
    for (size_t i = 0; i < ex->n_options; i++) {
        const PgQuery__Node *o = ex->options[i];
        if (o->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && !strcmp(o->def_elem->defname, "analyze")) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "EXPLAIN ANALYZE is not supported by ormgate");
            return false;
        }
    }
    px_stmt *in = analyze(st->sql, ex->query, st->param_types, st->nparams, ctx, true, err);
    if (!in)
        return false;
    const char *lines[8];
    uint16_t n = 0;
    if (in->kind == PX_STMT_ORM) {
        static const char *ops[] = {"find", "find (set operation)", "find (VALUES)", "persist (INSERT)",
                                    "assign (UPDATE)", "remove (DELETE)"};
        const orm_query *q = in->orm->query;
        if (q->kind >= ORM_Q_INSERT && q->kind <= ORM_Q_DELETE)
            lines[n++] = og_arena_printf(&st->arena, "%s on entity %s", ops[q->kind], q->rtes[q->target_rte].entity->name);
        else
            lines[n++] = og_arena_printf(&st->arena, "%s", ops[q->kind]);
        static const char *const uow[] = {
            [ORM_EM_OP_NATIVE] = "  in a transaction (flush mode auto): runs on the backend after a flush of pending changes",
            [ORM_EM_OP_PERSIST] = "  in a transaction (flush mode auto): new entities, deferred to the flush",
            [ORM_EM_OP_ASSIGN] = "  in a transaction (flush mode auto): assignment on the managed entity (loaded first "
                                 "when not managed), deferred to the flush",
            [ORM_EM_OP_REMOVE] = "  in a transaction (flush mode auto): removal of the managed entity (loaded first "
                                 "when not managed), deferred to the flush",
            [ORM_EM_OP_FIND] = "  in a transaction (flush mode auto): find by primary key, from the identity map, "
                               "else one read of the row",
        };
        orm_em_op op;
        og_arena tmp;
        og_arena_init(&tmp);
        lines[n++] = uow[orm_em_classify(in->orm, NULL, ctx->cx, &tmp, &op)];
        og_arena_reset(&tmp);
        lines[n++] = og_arena_printf(&st->arena, "  backend (%s): %s", ctx->dialect ? ctx->dialect->name : "?",
                                     in->rendered->sql);
        if (in->rendered->nbinds)
            lines[n++] = og_arena_printf(&st->arena, "  bound values: %u", in->rendered->nbinds);
        lines[n++] = "  outside a transaction, or in flush mode always: the backend statement runs at once";
    } else if (in->kind == PX_STMT_DDL) {
        lines[n++] = "schema change: metadata updated, DDL rendered for the backend";
    } else {
        lines[n++] = "answered by ormgate itself (no backend statement)";
    }
    px_stmt_release(in);
    st->kind = PX_STMT_EXPLAIN;
    st->nlines = n;
    st->lines = og_arena_zalloc(&st->arena, sizeof(char *) * n);
    for (uint16_t i = 0; i < n; i++)
        st->lines[i] = og_arena_strdup(&st->arena, lines[i]);
    st->ncols = 1;
    st->cols = og_arena_zalloc(&st->arena, sizeof(px_col));
    st->cols[0] = (px_col){"QUERY PLAN", OG_OID_TEXT, -1};
    return true;
}

static px_stmt *analyze(const char *sql, const void *node_, const uint32_t *param_types, uint16_t nparam_types,
                        const px_analyze_ctx *ctx, bool force_orm, og_error *err)
{
    const PgQuery__Node *node = node_;
    px_stmt *st = calloc(1, sizeof(*st));
    if (!st)
        abort();
    og_arena_init(&st->arena);
    st->sql = og_arena_strdup(&st->arena, sql);
    if (nparam_types) {
        st->nparams = nparam_types;
        st->param_types = og_arena_alloc(&st->arena, sizeof(uint32_t) * nparam_types);
        memcpy(st->param_types, param_types, sizeof(uint32_t) * nparam_types);
    }
    analyzer an = {st, err, sql, false};
    bool ok = true;
    if (!node) {
        st->kind = PX_STMT_EMPTY;
    } else {
        switch (node->node_case) {
        case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
            ok = analyze_set(&an, node->variable_set_stmt);
            break;
        case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
            st->name = og_arena_strdup(&st->arena, node->variable_show_stmt->name);
            st->kind = !strcasecmp(st->name, "all") ? PX_STMT_SHOW_ALL : PX_STMT_SHOW;
            if (!strcasecmp(st->name, "ormgate.entities")) {
                static const char *names[4] = {"entity", "columns", "primary_key", "relations"};
                st->kind = PX_STMT_ENTITIES;
                st->ncols = 4;
                st->cols = og_arena_zalloc(&st->arena, sizeof(px_col) * 4);
                for (int i = 0; i < 4; i++)
                    st->cols[i] = (px_col){names[i], OG_OID_TEXT, -1};
            } else if (!strcasecmp(st->name, "ormgate.identity_map") ||
                       !strcasecmp(st->name, "ormgate.unit_of_work")) {
                static const char *im[4] = {"entity", "key", "state", "changed"};
                static const char *uw[4] = {"operation", "entity", "key", "columns"};
                bool map = !strcasecmp(st->name, "ormgate.identity_map");
                st->kind = map ? PX_STMT_IDENTITY_MAP : PX_STMT_UNIT_OF_WORK;
                st->ncols = 4;
                st->cols = og_arena_zalloc(&st->arena, sizeof(px_col) * 4);
                for (int i = 0; i < 4; i++)
                    st->cols[i] = (px_col){map ? im[i] : uw[i], OG_OID_TEXT, -1};
            } else if (!strcasecmp(st->name, "ormgate.stats")) {
                static const char *names[4] = {"backend_roundtrips", "identity_map_hits", "flushes", "flushed_changes"};
                st->kind = PX_STMT_ORM_STATS;
                st->ncols = 4;
                st->cols = og_arena_zalloc(&st->arena, sizeof(px_col) * 4);
                for (int i = 0; i < 4; i++)
                    st->cols[i] = (px_col){names[i], OG_OID_INT8, -1};
            } else if (!strcasecmp(st->name, "ormgate.statement_cache")) {
                static const char *names[3] = {"hits", "misses", "entries"};
                st->kind = PX_STMT_CACHE_STATS;
                st->ncols = 3;
                st->cols = og_arena_zalloc(&st->arena, sizeof(px_col) * 3);
                for (int i = 0; i < 3; i++)
                    st->cols[i] = (px_col){names[i], OG_OID_INT8, -1};
            }
            break;
        case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
            ok = analyze_explain(st, node->explain_stmt, ctx, err);
            break;
        case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
            ok = analyze_transaction(&an, node->transaction_stmt);
            break;
        case PG_QUERY__NODE__NODE_DISCARD_STMT:
            if (node->discard_stmt->target != PG_QUERY__DISCARD_MODE__DISCARD_ALL)
                ok = unsupported(&an, -1, "DISCARD other than DISCARD ALL");
            st->kind = PX_STMT_DISCARD_ALL;
            break;
        case PG_QUERY__NODE__NODE_SELECT_STMT: {
            const PgQuery__SelectStmt *sel = node->select_stmt;
            bool simple = !sel->n_from_clause && !sel->n_values_lists && !sel->with_clause &&
                          (sel->op == PG_QUERY__SET_OPERATION__SETOP_NONE ||
                           sel->op == PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED);
            if (simple && !force_orm) {
                /* SELECT without FROM: the translator (PostgreSQL's casts, functions and typmods), except
                 * pg_sleep(), which the proxy runs as a timer; the proxy's own evaluator is the fallback
                 * when there is no database */
                ok = analyze_select(&an, sel);
                if ((ok && st->sleeps) || !ctx || !ctx->schema)
                    break;
                og_error orm_err = OG_ERROR_INIT;
                px_stmt *viaorm = analyze(sql, node_, param_types, nparam_types, ctx, true, &orm_err);
                bool refused = !viaorm && (!strcmp(orm_err.code, OG_SQLSTATE_FEATURE_NOT_SUPPORTED) ||
                                            !strcmp(orm_err.code, "42883"));
                if (viaorm || !ok || !refused) {
                    og_error_clear(err);
                    og_error_move(err, &orm_err);
                    og_error_clear(&orm_err);
                    stmt_free(st);
                    return viaorm;
                }
                og_error_clear(&orm_err);
                break;
            }
            ok = analyze_orm(st, node, ctx, err);
            break;
        }
        case PG_QUERY__NODE__NODE_INSERT_STMT:
        case PG_QUERY__NODE__NODE_UPDATE_STMT:
        case PG_QUERY__NODE__NODE_DELETE_STMT:
            ok = analyze_orm(st, node, ctx, err);
            break;
        case PG_QUERY__NODE__NODE_CREATE_STMT:
        case PG_QUERY__NODE__NODE_INDEX_STMT:
        case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        case PG_QUERY__NODE__NODE_RENAME_STMT:
        case PG_QUERY__NODE__NODE_COMMENT_STMT:
        case PG_QUERY__NODE__NODE_DROP_STMT:
            if (!orm_schema_handles(node) || !ctx || !ctx->schema) {
                char what[96];
                snprintf(what, sizeof(what), "statement %s", node_label(node));
                ok = unsupported(&an, -1, what);
                break;
            }
            st->kind = PX_STMT_DDL; /* checked against the schema when it runs */
            break;
        case PG_QUERY__NODE__NODE_COPY_STMT:
            ok = px_copy_analyze(st, node->copy_stmt, ctx, err);
            break;
        case PG_QUERY__NODE__NODE_PREPARE_STMT:
            ok = analyze_prepare(&an, node->prepare_stmt, ctx);
            break;
        case PG_QUERY__NODE__NODE_EXECUTE_STMT:
            ok = analyze_execute(&an, node->execute_stmt, ctx);
            break;
        case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
            st->kind = PX_STMT_DEALLOCATE;
            st->name = node->deallocate_stmt->name && *node->deallocate_stmt->name
                           ? og_arena_strdup(&st->arena, node->deallocate_stmt->name)
                           : NULL;
            break;
        default: {
            char what[96];
            snprintf(what, sizeof(what), "statement %s", node_label(node));
            ok = unsupported(&an, -1, what);
        }
        }
    }
    if (!ok) {
        stmt_free(st);
        return NULL;
    }
    st->refs = 1;
    return st;
}

px_stmt *px_stmt_analyze(const char *sql, const void *node, const uint32_t *param_types, uint16_t nparam_types,
                         const px_analyze_ctx *ctx, og_error *err)
{
    return analyze(sql, node, param_types, nparam_types, ctx, false, err);
}

void px_stmt_release(px_stmt *st)
{
    if (st && --st->refs <= 0)
        stmt_free(st);
}

/* ---- evaluation ------------------------------------------------------- */

typedef struct evaluator {
    const px_stmt *st;
    const og_value *params;
    og_arena *a;
    double sleep;
    og_error *err;
    const char *timezone; /* for zone-dependent input and output; NULL: UTC */
} evaluator;

static bool eval(evaluator *ev, const px_expr *e, og_value *out);

/* An explicit cast to char(n) / varchar(n): cut to n characters; char(n) pads with spaces. */
static void apply_length(og_arena *a, og_value *v, size_t n)
{
    const char *p = v->u.str.p;
    size_t len = v->u.str.len, i = 0, chars = 0;
    while (i < len && chars < n) {
        i++;
        while (i < len && ((unsigned char)p[i] & 0xc0) == 0x80)
            i++; /* continuation bytes of a UTF-8 character */
        chars++;
    }
    if (v->oid == OG_OID_VARCHAR || chars == n) {
        v->u.str.len = i;
        return;
    }
    char *padded = og_arena_alloc(a, i + (n - chars) + 1);
    memcpy(padded, p, i);
    memset(padded + i, ' ', n - chars);
    v->u.str.p = padded;
    v->u.str.len = i + (n - chars);
}

/* Convert v to type oid through its text form (an I/O conversion cast). */
static bool cast_value(evaluator *ev, const og_value *v, uint32_t oid, og_value *out)
{
    if (v->isnull) {
        *out = og_value_null(oid);
        return true;
    }
    if (v->oid == oid) {
        *out = *v;
        return true;
    }
    og_buf text = OG_BUF_INIT;
    wire_codec_ctx ctx = {ev->timezone ? ev->timezone : "UTC"};
    if (v->oid == OG_OID_UNKNOWN || v->oid == OG_OID_TEXT || v->oid == OG_OID_VARCHAR)
        og_buf_append(&text, v->u.str.p, v->u.str.len);
    else
        wire_text_encode(v, &ctx, &text);
    wire_err we;
    bool ok = wire_text_decode(oid, (const char *)text.data ? (const char *)text.data : "", text.len, &ctx, ev->a,
                               out, &we);
    og_buf_free(&text);
    if (!ok)
        og_error_set(ev->err, we.code, "%s", we.message);
    return ok;
}

static bool eval(evaluator *ev, const px_expr *e, og_value *out)
{
    switch (e->kind) {
    case E_CONST:
        *out = e->value;
        if (out->oid == OG_OID_UNKNOWN)
            out->oid = OG_OID_TEXT;
        return true;
    case E_PARAM:
        *out = ev->params[e->param];
        return true;
    case E_CAST: {
        og_value in;
        if (!eval(ev, e->arg, &in))
            return false;
        if (e->arg->kind == E_CONST && e->arg->value.oid == OG_OID_UNKNOWN)
            in.oid = OG_OID_UNKNOWN; /* literal text: decode with the target type's input function */
        if (!cast_value(ev, &in, e->type_oid, out))
            return false;
        if (e->typmod >= 4 && !out->isnull)
            apply_length(ev->a, out, (size_t)(e->typmod - 4));
        return true;
    }
    case E_VERSION: {
        const char *v = PX_VERSION_STRING;
        out->oid = OG_OID_TEXT;
        out->isnull = false;
        out->u.str.p = v;
        out->u.str.len = strlen(v);
        return true;
    }
    case E_SLEEP: {
        og_value secs;
        if (!eval(ev, e->arg, &secs))
            return false;
        og_value f;
        if (!cast_value(ev, &secs, OG_OID_FLOAT8, &f))
            return false;
        ev->sleep = f.isnull ? 0 : f.u.f;
        out->oid = OG_OID_TEXT;
        out->isnull = false;
        out->u.str.p = "";
        out->u.str.len = 0;
        return true;
    }
    }
    return false;
}

bool px_stmt_eval_select(const px_stmt *st, const og_value *params, og_arena *a, og_value *row, double *sleep_secs,
                         og_error *err)
{
    evaluator ev = {st, params, a, 0, err, NULL};
    for (uint16_t i = 0; i < st->ncols; i++) {
        if (!eval(&ev, st->targets[i], &row[i]))
            return false;
        if (st->targets[i]->kind == E_SLEEP)
            row[i].oid = 2278;
        else if (!row[i].isnull && row[i].oid != st->cols[i].type_oid) {
            og_value conv;
            if (!cast_value(&ev, &row[i], st->cols[i].type_oid, &conv))
                return false;
            row[i] = conv;
        }
    }
    *sleep_secs = ev.sleep;
    return true;
}

/* Assignment of a numeric or float value to an integer type rounds (PostgreSQL's numeric_int4,
 * dtoi4): half away from zero for numeric, to even for floats. */
static bool round_to_int(evaluator *ev, const og_value *v, uint32_t oid, og_value *out)
{
    double d;
    if (v->oid == OG_OID_NUMERIC) {
        char buf[64];
        size_t n = v->u.str.len < sizeof buf - 1 ? v->u.str.len : sizeof buf - 1;
        memcpy(buf, v->u.str.p, n);
        buf[n] = '\0';
        d = strtod(buf, NULL);
        d = d < 0 ? -floor(-d + 0.5) : floor(d + 0.5);
    } else {
        d = rint(v->u.f);
    }
    double lim = oid == OG_OID_INT2 ? 32768.0 : oid == OG_OID_INT4 ? 2147483648.0 : 9223372036854775808.0;
    if (!(d >= -lim && d < lim)) {
        og_error_set(ev->err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "%s out of range",
                     oid == OG_OID_INT2 ? "smallint" : oid == OG_OID_INT4 ? "integer" : "bigint");
        return false;
    }
    *out = (og_value){.oid = oid};
    out->u.i = (int64_t)d;
    return true;
}

bool px_stmt_eval_args(const px_stmt *st, const og_value *params, const uint32_t *types, const char *timezone,
                       og_arena *a, og_value *out, og_error *err)
{
    evaluator ev = {st, params, a, 0, err, timezone};
    for (uint16_t i = 0; i < st->nargs; i++) {
        og_value v = {0};
        bool ok = eval(&ev, st->args[i], &v);
        if (ok && st->args[i]->kind == E_CONST && st->args[i]->value.oid == OG_OID_UNKNOWN && !v.isnull)
            v.oid = OG_OID_UNKNOWN; /* a literal: read with the parameter type's input function */
        bool to_int = types[i] == OG_OID_INT2 || types[i] == OG_OID_INT4 || types[i] == OG_OID_INT8;
        bool from_frac = v.oid == OG_OID_NUMERIC || v.oid == OG_OID_FLOAT4 || v.oid == OG_OID_FLOAT8;
        if (ok && !v.isnull && to_int && from_frac)
            ok = round_to_int(&ev, &v, types[i], &out[i]);
        else if (ok)
            ok = cast_value(&ev, &v, types[i], &out[i]);
        if (!ok) {
            if (!err->position)
                err->position = st->arg_pos[i];
            return false;
        }
    }
    return true;
}
