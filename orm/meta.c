/*
 * orm/meta.c - entity metadata from CREATE TABLE (see meta.h).
 *
 * Column constraints are folded into table-level ones first, so a primary
 * key written on a column and one written as PRIMARY KEY (a, b) take the same
 * path. Expressions (CHECK conditions, unusual defaults) are kept as SQL text
 * from libpg_query's deparser: drivers render them per dialect later, and
 * catalog queries show them as pg_get_expr would.
 */
#include "orm/meta.h"

#include "orm/fn.h"

#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orm/sqlparse.h"
#include "orm/typename.h"

static const char *str_of(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

char *orm_sql_deparse_expr(const PgQuery__Node *expr)
{
    /* wrap the expression as "SELECT <expr>", deparse, and strip the SELECT */
    PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
    rt.val = (PgQuery__Node *)expr;
    PgQuery__Node target = PG_QUERY__NODE__INIT;
    target.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    target.res_target = &rt;
    PgQuery__Node *targets[1] = {&target};
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    sel.n_target_list = 1;
    sel.target_list = targets;
    sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    PgQuery__Node stmt = PG_QUERY__NODE__INIT;
    stmt.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    stmt.select_stmt = &sel;
    PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
    raw.stmt = &stmt;
    PgQuery__RawStmt *raws[1] = {&raw};
    PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
    pr.version = PG_VERSION_NUM;
    pr.n_stmts = 1;
    pr.stmts = raws;
    size_t len = pg_query__parse_result__get_packed_size(&pr);
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf)
        abort();
    pg_query__parse_result__pack(&pr, buf);
    PgQueryProtobuf pb = {len, (char *)buf};
    PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
    free(buf);
    char *out = NULL;
    if (!d.error && d.query && !strncmp(d.query, "SELECT ", 7))
        out = strdup(d.query + 7);
    pg_query_free_deparse_result(d);
    return out;
}

bool orm_prop_plain_sequence(const orm_property *p)
{
    return (p->dkind == ORM_DEFAULT_SEQUENCE || p->dkind == ORM_DEFAULT_IDENTITY) && p->seq_start == 1 &&
           p->seq_increment == 1;
}

int orm_entity_prop(const orm_entity *e, const char *name)
{
    for (uint16_t i = 0; i < e->nprops; i++)
        if (!strcmp(e->props[i].name, name))
            return i;
    return -1;
}

/* ---- building ------------------------------------------------------------ */

typedef struct builder {
    orm_entity *e;
    og_error *err;
    /* growable arrays, copied into the arena at the end */
    orm_key uniques[64];
    orm_check checks[64];
    orm_fk fks[64];
} builder;

static bool unsupported(builder *b, const char *what)
{
    og_error_set(b->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "%s is not supported by ormgate", what);
    return false;
}

/* "<table>_<cols>_<suffix>" (or "<table>_<suffix>"), cut to 63 bytes as PostgreSQL does. */
static const char *arena_name(builder *b, const char *t, const char *c, const char *suffix)
{
    char buf[64];
    if (c && *c)
        snprintf(buf, sizeof(buf), "%s_%s_%s", t, c, suffix);
    else
        snprintf(buf, sizeof(buf), "%s_%s", t, suffix);
    return og_arena_strdup(&b->e->arena, buf);
}

static orm_fk_action fk_action(const char *a)
{
    switch (a && *a ? *a : 'a') {
    case 'r':
        return ORM_FK_RESTRICT;
    case 'c':
        return ORM_FK_CASCADE;
    case 'n':
        return ORM_FK_SET_NULL;
    case 'd':
        return ORM_FK_SET_DEFAULT;
    default:
        return ORM_FK_NO_ACTION;
    }
}

/* Column names of a key list (String nodes) to property indexes. */
static bool key_cols(builder *b, PgQuery__Node **keys, size_t n, orm_key *k)
{
    k->ncols = (uint16_t)n;
    k->cols = og_arena_alloc(&b->e->arena, sizeof(uint16_t) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        const char *name = str_of(keys[i]);
        int idx = name ? orm_entity_prop(b->e, name) : -1;
        if (idx < 0) {
            og_error_set(b->err, "42703", "column \"%s\" named in key does not exist", name ? name : "?");
            return false;
        }
        k->cols[i] = (uint16_t)idx;
    }
    return true;
}

static const char *key_name(builder *b, const PgQuery__Constraint *c, const orm_key *k, const char *suffix)
{
    if (c->conname && *c->conname)
        return og_arena_strdup(&b->e->arena, c->conname);
    /* <table>_<col1>_<col2>_key, as PostgreSQL's ChooseConstraintName */
    char cols[128] = "";
    for (uint16_t i = 0; i < k->ncols; i++) {
        size_t l = strlen(cols);
        snprintf(cols + l, sizeof(cols) - l, "%s%s", i ? "_" : "", b->e->props[k->cols[i]].name);
    }
    return arena_name(b, b->e->name, cols, suffix);
}

static bool add_constraint(builder *b, const PgQuery__Constraint *c, int col);

/* A constraint written on column col, turned into its table-level form. */
/* The sequence options of an identity column: START WITH and INCREMENT BY are kept; MINVALUE,
 * MAXVALUE, CACHE and CYCLE are accepted and not enforced (docs/orm.md). */
static bool identity_options(builder *b, orm_property *p, const PgQuery__Constraint *c)
{
    for (size_t i = 0; i < c->n_options; i++) {
        const PgQuery__Node *o = c->options[i];
        if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem->arg)
            continue;
        const PgQuery__DefElem *d = o->def_elem;
        const PgQuery__Node *v = d->arg;
        int64_t n;
        if (v->node_case == PG_QUERY__NODE__NODE_INTEGER)
            n = v->integer->ival;
        else if (v->node_case == PG_QUERY__NODE__NODE_FLOAT && v->float_->fval)
            n = strtoll(v->float_->fval, NULL, 10);
        else
            continue;
        if (!strcmp(d->defname, "start"))
            p->seq_start = n;
        else if (!strcmp(d->defname, "increment")) {
            if (n == 0)
                return unsupported(b, "INCREMENT BY 0");
            p->seq_increment = n;
            if (p->seq_start == 1 && n < 0)
                p->seq_start = -1; /* a descending sequence starts at -1 unless said */
        }
    }
    return true;
}

static bool column_constraint(builder *b, const PgQuery__Constraint *c, int col)
{
    orm_property *p = &b->e->props[col];
    og_arena *a = &b->e->arena;
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        p->not_null = false;
        return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        p->not_null = true;
        return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
        const PgQuery__Node *x = c->raw_expr;
        if (x->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && x->type_cast->arg->node_case == PG_QUERY__NODE__NODE_A_CONST)
            x = x->type_cast->arg; /* DEFAULT 'x'::text */
        if (x->node_case == PG_QUERY__NODE__NODE_A_CONST) {
            og_buf text = OG_BUF_INIT;
            bool literal = orm_sql_const_text(x->a_const, &text);
            if (literal || x->a_const->isnull) { /* bit strings fall through to the deparser */
                p->dkind = ORM_DEFAULT_CONST;
                p->dconst = literal ? og_arena_memdup(a, text.data, text.len) : NULL;
                og_buf_free(&text);
                return true;
            }
            og_buf_free(&text);
        }
        if (x->node_case == PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION) {
            PgQuery__SQLValueFunctionOp op = x->sqlvalue_function->op;
            if (op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE) {
                p->dkind = ORM_DEFAULT_CURRENT_DATE;
                return true;
            }
            if (op >= PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP &&
                op <= PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N) {
                p->dkind = ORM_DEFAULT_NOW;
                return true;
            }
        }
        if (x->node_case == PG_QUERY__NODE__NODE_FUNC_CALL && x->func_call->n_args == 0) {
            const char *fn = str_of(x->func_call->funcname[x->func_call->n_funcname - 1]);
            if (fn && (!strcmp(fn, "now") || !strcmp(fn, "transaction_timestamp") || !strcmp(fn, "statement_timestamp"))) {
                p->dkind = ORM_DEFAULT_NOW;
                return true;
            }
            if (fn && (!strcmp(fn, "gen_random_uuid") || !strcmp(fn, "uuid_generate_v4"))) {
                p->dkind = ORM_DEFAULT_UUID;
                return true;
            }
        }
        char *sql = orm_sql_deparse_expr(c->raw_expr);
        if (!sql)
            return unsupported(b, "this DEFAULT expression");
        p->dexpr = og_arena_strdup(a, sql);
        p->dkind = strstr(sql, "nextval(") == sql ? ORM_DEFAULT_SEQUENCE : ORM_DEFAULT_EXPR;
        free(sql);
        return true;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        p->dkind = ORM_DEFAULT_IDENTITY;
        p->identity_always = c->generated_when && *c->generated_when == 'a';
        p->not_null = true;
        return identity_options(b, p, c);
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
        return unsupported(b, "GENERATED ALWAYS AS (expression) STORED");
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
        return true; /* deferral is a property of the flush, which checks at COMMIT anyway */
    default:
        return add_constraint(b, c, col);
    }
}

/* A table-level constraint; col >= 0 when written on that column (keys then default to it). */
static bool add_constraint(builder *b, const PgQuery__Constraint *c, int col)
{
    orm_entity *e = b->e;
    og_arena *a = &e->arena;
    PgQuery__Node *self_key = NULL;
    PgQuery__Node self_node = PG_QUERY__NODE__INIT;
    PgQuery__String self_str = PG_QUERY__STRING__INIT;
    if (col >= 0) {
        self_str.sval = (char *)e->props[col].name;
        self_node.node_case = PG_QUERY__NODE__NODE_STRING;
        self_node.string = &self_str;
        self_key = &self_node;
    }
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: {
        if (e->pk.ncols) {
            og_error_set(b->err, "42P16", "multiple primary keys for table \"%s\" are not allowed", e->name);
            return false;
        }
        if (!key_cols(b, col >= 0 ? &self_key : c->keys, col >= 0 ? 1 : c->n_keys, &e->pk))
            return false;
        e->pk.name = c->conname && *c->conname ? og_arena_strdup(a, c->conname) : arena_name(b, e->name, NULL, "pkey");
        for (uint16_t i = 0; i < e->pk.ncols; i++) {
            e->props[e->pk.cols[i]].primary = true;
            e->props[e->pk.cols[i]].not_null = true;
        }
        return true;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: {
        if (e->nuniques == 64)
            return unsupported(b, "more than 64 unique constraints");
        orm_key *k = &b->uniques[e->nuniques];
        if (!key_cols(b, col >= 0 ? &self_key : c->keys, col >= 0 ? 1 : c->n_keys, k))
            return false;
        k->name = key_name(b, c, k, "key");
        e->nuniques++;
        return true;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
        if (e->nchecks == 64)
            return unsupported(b, "more than 64 check constraints");
        orm_check *k = &b->checks[e->nchecks];
        char *sql = orm_sql_deparse_expr(c->raw_expr);
        if (!sql)
            return unsupported(b, "this CHECK expression");
        k->expr = og_arena_strdup(a, sql);
        free(sql);
        k->col = col >= 0 ? (uint16_t)col : UINT16_MAX;
        if (c->conname && *c->conname)
            k->name = og_arena_strdup(a, c->conname);
        else
            k->name = col >= 0 ? arena_name(b, e->name, e->props[col].name, "check")
                               : arena_name(b, e->name, NULL, "check");
        e->nchecks++;
        return true;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
        if (e->nfks == 64)
            return unsupported(b, "more than 64 foreign keys");
        orm_fk *fk = &b->fks[e->nfks];
        orm_key k;
        if (!key_cols(b, col >= 0 ? &self_key : c->fk_attrs, col >= 0 ? 1 : c->n_fk_attrs, &k))
            return false;
        fk->ncols = k.ncols;
        fk->cols = k.cols;
        fk->name = key_name(b, c, &k, "fkey");
        fk->ref_table = og_arena_strdup(a, c->pktable->relname);
        if (c->n_pk_attrs && c->n_pk_attrs != k.ncols) {
            og_error_set(b->err, "42830", "number of referencing and referenced columns for foreign key disagree");
            return false;
        }
        fk->ref_cols = og_arena_zalloc(a, sizeof(char *) * k.ncols);
        for (size_t i = 0; i < c->n_pk_attrs; i++)
            fk->ref_cols[i] = og_arena_strdup(a, str_of(c->pk_attrs[i]));
        fk->on_delete = fk_action(c->fk_del_action);
        fk->on_update = fk_action(c->fk_upd_action);
        e->nfks++;
        return true;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
        return unsupported(b, "EXCLUDE constraints");
    default:
        return unsupported(b, "this constraint");
    }
}

static bool add_column(builder *b, const PgQuery__ColumnDef *cd, size_t idx)
{
    orm_entity *e = b->e;
    orm_property *p = &e->props[idx];
    for (size_t i = 0; i < idx; i++)
        if (!strcmp(e->props[i].name, cd->colname)) {
            og_error_set(b->err, "42701", "column \"%s\" specified more than once", cd->colname);
            return false;
        }
    p->name = og_arena_strdup(&e->arena, cd->colname);
    p->field = p->name;
    p->seq_start = p->seq_increment = 1;
    orm_type t;
    if (!orm_type_resolve(cd->type_name, &t, b->err))
        return false;
    p->type_oid = t.oid;
    p->typmod = t.typmod;
    p->not_null = cd->is_not_null;
    if (t.serial) {
        p->dkind = ORM_DEFAULT_SEQUENCE;
        p->dexpr = og_arena_printf(&e->arena, "nextval('%s_%s_seq'::regclass)", e->name, p->name);
        p->not_null = true;
    }
    if (cd->coll_clause)
        return unsupported(b, "COLLATE on a column");
    return true;
}

orm_entity *orm_entity_from_create(const PgQuery__CreateStmt *cs, og_error *err)
{
    if (cs->n_inh_relations || cs->partspec || cs->partbound || cs->of_typename) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "table inheritance, partitioning and typed tables are not supported by ormgate");
        return NULL;
    }
    if (cs->relation->relpersistence && *cs->relation->relpersistence == 't') {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "temporary tables are not supported by ormgate");
        return NULL;
    }
    builder *b = calloc(1, sizeof(*b));
    orm_entity *e = calloc(1, sizeof(*e));
    if (!b || !e)
        abort();
    og_arena_init(&e->arena);
    b->e = e;
    b->err = err;
    e->name = og_arena_strdup(&e->arena, cs->relation->relname);
    size_t ncols = 0;
    for (size_t i = 0; i < cs->n_table_elts; i++)
        ncols += cs->table_elts[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF;
    if (ncols > 1600) {
        og_error_set(err, "54011", "tables can have at most 1600 columns");
        goto fail;
    }
    e->props = og_arena_zalloc(&e->arena, sizeof(orm_property) * (ncols ? ncols : 1));
    /* columns first (constraints refer to them), then every constraint */
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        const PgQuery__Node *n = cs->table_elts[i];
        if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            if (!add_column(b, n->column_def, e->nprops))
                goto fail;
            e->nprops++;
        } else if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) {
            unsupported(b, "LIKE in CREATE TABLE");
            goto fail;
        }
    }
    uint16_t col = 0;
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        const PgQuery__Node *n = cs->table_elts[i];
        if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            const PgQuery__ColumnDef *cd = n->column_def;
            for (size_t j = 0; j < cd->n_constraints; j++)
                if (!column_constraint(b, cd->constraints[j]->constraint, col))
                    goto fail;
            col++;
        } else if (!add_constraint(b, n->constraint, -1)) {
            goto fail;
        }
    }
    for (size_t i = 0; i < cs->n_constraints; i++)
        if (!add_constraint(b, cs->constraints[i]->constraint, -1))
            goto fail;
    e->uniques = og_arena_alloc(&e->arena, sizeof(orm_key) * (e->nuniques + 1u));
    memcpy(e->uniques, b->uniques, sizeof(orm_key) * e->nuniques);
    e->checks = og_arena_alloc(&e->arena, sizeof(orm_check) * (e->nchecks + 1u));
    memcpy(e->checks, b->checks, sizeof(orm_check) * e->nchecks);
    e->fks = og_arena_alloc(&e->arena, sizeof(orm_fk) * (e->nfks + 1u));
    memcpy(e->fks, b->fks, sizeof(orm_fk) * e->nfks);
    /* ManyToMany pivot: the primary key is exactly the columns of two foreign keys */
    if (e->pk.ncols && e->nfks == 2 && e->fks[0].ncols + e->fks[1].ncols == e->pk.ncols) {
        bool all = true;
        for (uint16_t f = 0; f < 2; f++)
            for (uint16_t i = 0; i < e->fks[f].ncols; i++)
                all = all && e->props[e->fks[f].cols[i]].primary;
        e->pivot = all;
    }
    free(b);
    return e;
fail:
    free(b);
    orm_entity_free(e);
    return NULL;
}

void orm_entity_free(orm_entity *e)
{
    if (!e)
        return;
    og_arena_reset(&e->arena);
    free(e);
}

/* ---- metadata ---------------------------------------------------------------- */

void orm_meta_init(orm_metadata *m) { memset(m, 0, sizeof(*m)); }

void orm_meta_free(orm_metadata *m)
{
    size_t it = 0;
    void *v;
    while (og_hmap_next(&m->entities, &it, NULL, NULL, &v))
        orm_entity_free(v);
    og_hmap_free(&m->entities);
}

const orm_entity *orm_meta_get(const orm_metadata *m, const char *name) { return og_hmap_gets(&m->entities, name); }

bool orm_meta_add(orm_metadata *m, orm_entity *e, og_error *err)
{
    if (og_hmap_gets(&m->entities, e->name)) {
        og_error_set(err, "42P07", "relation \"%s\" already exists", e->name);
        return false;
    }
    og_hmap_puts(&m->entities, e->name, e);
    return true;
}

bool orm_meta_link(orm_metadata *m, og_error *err)
{
    size_t it = 0;
    void *v;
    /* forget previous inverse sides: they are rebuilt from the foreign keys */
    while (og_hmap_next(&m->entities, &it, NULL, NULL, &v))
        ((orm_entity *)v)->ninverse = 0;
    it = 0;
    while (og_hmap_next(&m->entities, &it, NULL, NULL, &v)) {
        orm_entity *e = v;
        for (uint16_t f = 0; f < e->nfks; f++) {
            orm_fk *fk = &e->fks[f];
            orm_entity *t = og_hmap_gets(&m->entities, fk->ref_table);
            if (!t) {
                og_error_set(err, "42P01", "relation \"%s\" does not exist", fk->ref_table);
                return false;
            }
            if (!fk->ref_cols[0]) { /* REFERENCES t: its primary key */
                if (t->pk.ncols != fk->ncols) {
                    og_error_set(err, "42830", "there is no primary key for referenced table \"%s\" matching the "
                                               "foreign key", t->name);
                    return false;
                }
                for (uint16_t i = 0; i < fk->ncols; i++)
                    fk->ref_cols[i] = t->props[t->pk.cols[i]].name;
            }
            for (uint16_t i = 0; i < fk->ncols; i++)
                if (orm_entity_prop(t, fk->ref_cols[i]) < 0) {
                    og_error_set(err, "42703", "column \"%s\" referenced in foreign key constraint does not exist",
                                 fk->ref_cols[i]);
                    return false;
                }
            for (uint16_t i = 0; i < fk->ncols; i++) {
                /* PostgreSQL needs an equality operator between the two columns' types */
                uint32_t a = e->props[fk->cols[i]].type_oid, r = t->props[orm_entity_prop(t, fk->ref_cols[i])].type_oid;
                if (a != r && !orm_type_implicit(a, r) && !orm_type_implicit(r, a)) {
                    og_error_set(err, "42804", "foreign key constraint \"%s\" cannot be implemented", fk->name);
                    og_error_detail(err, "Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
                                    e->props[fk->cols[i]].name, fk->ref_cols[i], og_type_name(a), og_type_name(r));
                    return false;
                }
            }
            fk->target = t;
        }
    }
    /* inverse sides, allocated in the target's arena (rebuilt on every link) */
    it = 0;
    while (og_hmap_next(&m->entities, &it, NULL, NULL, &v)) {
        orm_entity *e = v;
        for (uint16_t f = 0; f < e->nfks; f++) {
            orm_entity *t = e->fks[f].target;
            const orm_fk **inv = og_arena_alloc(&t->arena, sizeof(*inv) * (t->ninverse + 1u));
            if (t->ninverse)
                memcpy(inv, t->inverse, sizeof(*inv) * t->ninverse);
            inv[t->ninverse++] = &e->fks[f];
            t->inverse = inv;
        }
    }
    return true;
}
