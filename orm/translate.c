/*
 * orm/translate.c - statements into the query IR: query levels, FROM and
 * name resolution, the clauses of SELECT, set operations, WITH, and INSERT /
 * UPDATE / DELETE. Expressions are orm/translate_expr.c.
 *
 * Clauses are translated in PostgreSQL's order (WITH, FROM, WHERE, the
 * target list, GROUP BY, HAVING, ORDER BY, DISTINCT, LIMIT), so names
 * resolve as they do there: ORDER BY prefers output column names, GROUP BY
 * input columns. A query level's range table grows while FROM is read;
 * expressions refer to it by index, never by pointer, so growing is safe.
 */
#include <stdlib.h>
#include <string.h>

#include "orm/sqlparse.h"
#include "orm/translate_int.h"

#define NODE(n, kind) ((n) && (n)->node_case == PG_QUERY__NODE__NODE_##kind)

/* ---- levels and the range table ------------------------------------------------------------ */

const PgQuery__SelectStmt *tr_level_select(const tr_level *lv)
{
    for (; lv; lv = lv->parent)
        if (lv->sel)
            return lv->sel;
    return NULL;
}

static void level_init(tr *t, tr_level *lv, tr_level *parent, orm_query_kind kind)
{
    memset(lv, 0, sizeof *lv);
    lv->parent = parent;
    lv->q = og_arena_zalloc(t->a, sizeof(orm_query));
    lv->q->kind = kind;
    lv->q->excluded_rte = UINT16_MAX;
    lv->where = TR_WHERE_OTHER;
    lv->srf_rte = UINT16_MAX;
}

static uint16_t rte_add(tr *t, tr_level *lv)
{
    orm_query *q = lv->q;
    if (q->nrtes == lv->rte_cap) {
        uint16_t cap = lv->rte_cap ? (uint16_t)(lv->rte_cap * 2) : 4;
        orm_rte *r = og_arena_zalloc(t->a, sizeof(orm_rte) * cap);
        if (q->nrtes)
            memcpy(r, q->rtes, sizeof(orm_rte) * q->nrtes);
        q->rtes = r;
        lv->rte_cap = cap;
    }
    return q->nrtes++;
}

/* Columns of an rte from a query's output, renamed by an alias column list. */
static bool rte_set_columns(tr *t, orm_rte *r, const orm_target *tg, uint16_t n, const PgQuery__Alias *alias,
                            const char *what)
{
    if (alias && alias->n_colnames > n) {
        og_error_set(t->err, "42P10", "%s \"%s\" has %d columns available but %d columns specified", what,
                     r->alias, (int)n, (int)alias->n_colnames);
        return false;
    }
    r->ncols = n;
    r->colnames = og_arena_zalloc(t->a, sizeof(char *) * (n + 1u));
    r->coltypes = og_arena_zalloc(t->a, sizeof(uint32_t) * (n + 1u));
    r->coltypmods = og_arena_zalloc(t->a, sizeof(int32_t) * (n + 1u));
    for (uint16_t i = 0; i < n; i++) {
        const char *nm = alias && i < alias->n_colnames ? tr_str(alias->colnames[i]) : NULL;
        r->colnames[i] = nm ? og_arena_strdup(t->a, nm) : tg[i].name;
        r->coltypes[i] = tg[i].expr->type == OG_OID_UNKNOWN ? OG_OID_TEXT : tg[i].expr->type;
        r->coltypmods[i] = tg[i].expr->typmod;
    }
    return true;
}

static bool rte_visible(const tr_level *lv, uint16_t i) { return i != lv->q->excluded_rte || lv->excluded_ok; }

bool tr_level_lookup(tr *t, tr_level *lv, const char *rel, const char *col, int location, orm_expr **out);

bool tr_level_lookup(tr *t, tr_level *lv, const char *rel, const char *col, int location, orm_expr **out)
{
    bool rel_seen = false;
    uint16_t up = 0;
    for (tr_level *L = lv; L; L = L->parent, up++) {
        if (L->hidden)
            continue;
        const orm_query *q = L->q;
        int found_rte = -1, found_col = -1;
        for (uint16_t i = 0; i < q->nrtes; i++) {
            const orm_rte *r = &q->rtes[i];
            if (!rte_visible(L, i) || !r->alias)
                continue;
            if (rel && strcmp(r->alias, rel))
                continue;
            rel_seen = rel_seen || rel;
            for (uint16_t j = 0; j < r->ncols; j++) {
                if (strcmp(r->colnames[j], col))
                    continue;
                if (found_rte >= 0) {
                    bool merged = false;
                    for (uint16_t u = 0; u < L->nusing; u++)
                        if (!strcmp(L->usings[u].name, col) &&
                            ((L->usings[u].lrte == found_rte && L->usings[u].rrte == i) ||
                             (L->usings[u].rrte == found_rte && L->usings[u].lrte == i)))
                            merged = true;
                    if (merged)
                        continue;
                    tr_error(t, location, "42702", "column reference \"%s\" is ambiguous", col);
                    return false;
                }
                found_rte = i;
                found_col = j;
            }
        }
        for (uint16_t k = 0; found_rte >= 0 && k < L->nnolateral; k++)
            if (found_rte >= L->nolateral[k].lo && found_rte < L->nolateral[k].hi) {
                tr_error(t, location, "42P10", "invalid reference to FROM-clause entry for table \"%s\"",
                         q->rtes[found_rte].alias);
                og_error_detail(t->err, "The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
                return false;
            }
        if (found_rte >= 0) {
            orm_expr *e = tr_colref(t, &q->rtes[found_rte], (uint16_t)found_rte, (uint16_t)found_col);
            e->u.column.levelsup = up;
            e->location = location >= 0 && t->in->sql ? orm_sql_char_position(t->in->sql, (size_t)location) : 0;
            *out = e;
            return true;
        }
        if (rel && rel_seen)
            break;
    }
    if (rel && !rel_seen)
        tr_error(t, location, "42P01", "missing FROM-clause entry for table \"%s\"", rel);
    else if (rel)
        tr_error(t, location, "42703", "column %s.%s does not exist", rel, col);
    else
        tr_error(t, location, "42703", "column \"%s\" does not exist", col);
    return false;
}

/* ---- FROM ------------------------------------------------------------------------------------------- */

static bool find_cte(tr_level *lv, const char *name, uint16_t *levelsup, uint16_t *index)
{
    uint16_t up = 0;
    for (tr_level *L = lv; L; L = L->parent, up++)
        for (uint16_t i = 0; i < L->q->nctes; i++)
            if (!strcmp(L->q->ctes[i].name, name)) {
                *levelsup = up;
                *index = i;
                return true;
            }
    return false;
}

static const orm_entity *find_entity(tr *t, const PgQuery__RangeVar *rv)
{
    if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public")) {
        if (!strcmp(rv->schemaname, "pg_catalog") || !strcmp(rv->schemaname, "information_schema"))
            tr_error(t, rv->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "catalog relation %s.%s is not available on this backend yet", rv->schemaname, rv->relname);
        else
            tr_error(t, rv->location, "42P01", "relation \"%s.%s\" does not exist", rv->schemaname, rv->relname);
        return NULL;
    }
    const orm_entity *e = t->in->meta ? orm_meta_get(t->in->meta, rv->relname) : NULL;
    if (e && !e->pk.ncols) {
        /* ../shared/DESIGN.md section 3: not an entity; only the PostgreSQL backend passes such tables through */
        tr_error(t, rv->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "table \"%s\" has no primary key: ormgate maps a table to entities by its key", rv->relname);
        og_error_hint(t->err, "Add one with ALTER TABLE %s ADD PRIMARY KEY (...).", rv->relname);
        return NULL;
    }
    if (!e) {
        if (!strncmp(rv->relname, "pg_", 3))
            tr_error(t, rv->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "catalog relation %s is not available on this backend yet", rv->relname);
        else
            tr_error(t, rv->location, "42P01", "relation \"%s\" does not exist", rv->relname);
    }
    return e;
}

static orm_join *join_leaf(tr *t, uint16_t rte)
{
    orm_join *j = og_arena_zalloc(t->a, sizeof *j);
    j->kind = ORM_JOIN_NONE;
    j->rte = rte;
    return j;
}

static orm_join *from_item(tr *t, tr_level *lv, const PgQuery__Node *n);

static orm_join *from_rangevar(tr *t, tr_level *lv, const PgQuery__RangeVar *rv)
{
    const char *alias = rv->alias && rv->alias->aliasname && *rv->alias->aliasname ? rv->alias->aliasname : NULL;
    uint16_t up, ci;
    if ((!rv->schemaname || !*rv->schemaname) && find_cte(lv, rv->relname, &up, &ci)) {
        tr_level *L = lv;
        for (uint16_t i = 0; i < up; i++)
            L = L->parent;
        const orm_cte *c = &L->q->ctes[ci];
        uint16_t k = rte_add(t, lv);
        orm_rte *r = &lv->q->rtes[k];
        r->kind = ORM_RTE_CTE;
        r->cte_levelsup = up;
        r->cte_index = ci;
        r->alias = alias ? og_arena_strdup(t->a, alias) : c->name;
        r->has_alias = alias != NULL;
        orm_target *tg = og_arena_zalloc(t->a, sizeof(orm_target) * (c->ncols + 1u));
        for (uint16_t i = 0; i < c->ncols; i++) {
            tg[i].name = c->colnames[i];
            tg[i].expr = tr_new(t, ORM_EX_CONST, c->coltypes[i], -1);
            tg[i].expr->typmod = c->coltypmods ? c->coltypmods[i] : -1;
        }
        if (!rte_set_columns(t, r, tg, c->ncols, rv->alias, "table"))
            return NULL;
        return join_leaf(t, k);
    }
    const orm_entity *e = find_entity(t, rv);
    if (!e)
        return NULL;
    uint16_t k = rte_add(t, lv);
    orm_rte *r = &lv->q->rtes[k];
    orm_rte_set_entity(r, e, t->a);
    r->alias = og_arena_strdup(t->a, alias ? alias : e->name);
    r->has_alias = alias != NULL;
    if (rv->alias && rv->alias->n_colnames) {
        if (rv->alias->n_colnames > r->ncols) {
            tr_error(t, rv->location, "42P10", "table \"%s\" has %d columns available but %d columns specified",
                     r->alias, (int)r->ncols, (int)rv->alias->n_colnames);
            return NULL;
        }
        for (size_t i = 0; i < rv->alias->n_colnames; i++)
            r->colnames[i] = og_arena_strdup(t->a, tr_str(rv->alias->colnames[i]));
    }
    return join_leaf(t, k);
}

static orm_join *from_subselect(tr *t, tr_level *lv, const PgQuery__RangeSubselect *rs)
{
    if (!rs->alias || !rs->alias->aliasname || !*rs->alias->aliasname) {
        og_error_set(t->err, "42601", "subquery in FROM must have an alias");
        og_error_hint(t->err, "For example, FROM (SELECT ...) [AS] foo.");
        return NULL;
    }
    if (!NODE(rs->subquery, SELECT_STMT)) {
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this subquery in FROM is not supported");
        return NULL;
    }
    bool saved = lv->hidden;
    lv->hidden = !rs->lateral;
    orm_query *sub = tr_select(t, lv, rs->subquery->select_stmt);
    lv->hidden = saved;
    if (!sub)
        return NULL;
    uint16_t k = rte_add(t, lv);
    orm_rte *r = &lv->q->rtes[k];
    r->kind = ORM_RTE_SUBQUERY;
    r->sub = sub;
    r->lateral = rs->lateral;
    r->alias = og_arena_strdup(t->a, rs->alias->aliasname);
    r->has_alias = true;
    uint16_t nt;
    const orm_target *tg = orm_query_targets(sub, &nt);
    if (!rte_set_columns(t, r, tg, nt, rs->alias, "table"))
        return NULL;
    return join_leaf(t, k);
}

static const orm_fn fn_generate_series = {"generate_series", "generate_series", 0, {0}, 0, 0, NULL, NULL};
static const orm_fn fn_unnest = {"unnest", "unnest", 0, {0}, 0, 0, NULL, NULL};

/* JSON set-returning functions in FROM: args[0] the document's type, ret the value column's type;
 * the *_each ones have a key column (text) before it. The SQL renderer runs them through the
 * driver's og_json_each (drivers/sqlrender_expr.c, drivers/sqlite_func.c). */
static const orm_fn fn_json_srfs[] = {
    {"jsonb_array_elements", "jsonb_array_elements", 1, {OG_OID_JSONB}, OG_OID_JSONB, 0, NULL, NULL},
    {"jsonb_array_elements_text", "jsonb_array_elements_text", 1, {OG_OID_JSONB}, OG_OID_TEXT, 0, NULL, NULL},
    {"jsonb_each", "jsonb_each", 1, {OG_OID_JSONB}, OG_OID_JSONB, 0, NULL, NULL},
    {"jsonb_each_text", "jsonb_each_text", 1, {OG_OID_JSONB}, OG_OID_TEXT, 0, NULL, NULL},
    {"json_array_elements", "json_array_elements", 1, {OG_OID_JSON}, OG_OID_JSON, 0, NULL, NULL},
    {"json_array_elements_text", "json_array_elements_text", 1, {OG_OID_JSON}, OG_OID_TEXT, 0, NULL, NULL},
    {"json_each", "json_each", 1, {OG_OID_JSON}, OG_OID_JSON, 0, NULL, NULL},
    {"json_each_text", "json_each_text", 1, {OG_OID_JSON}, OG_OID_TEXT, 0, NULL, NULL},
    {"jsonb_object_keys", "jsonb_object_keys", 1, {OG_OID_JSONB}, OG_OID_TEXT, 0, NULL, NULL},
    {"json_object_keys", "json_object_keys", 1, {OG_OID_JSON}, OG_OID_TEXT, 0, NULL, NULL},
};

static const orm_fn *json_srf(const char *name)
{
    for (size_t i = 0; name && i < sizeof fn_json_srfs / sizeof fn_json_srfs[0]; i++)
        if (!strcmp(fn_json_srfs[i].name, name))
            return &fn_json_srfs[i];
    return NULL;
}

/* A set-returning function call as a FUNCTION range-table entry of lv (FROM, or the SELECT list);
 * alias may be NULL (the function's name then). */
static orm_join *function_rte(tr *t, tr_level *lv, const PgQuery__FuncCall *f, bool ordinality,
                              const PgQuery__Alias *alias_node)
{
    const char *name = tr_str(f->funcname[f->n_funcname - 1]);
    bool gs = name && !strcmp(name, "generate_series"), un = name && !strcmp(name, "unnest");
    const orm_fn *jf = json_srf(name);
    if (!gs && !un && !jf) {
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "function %s() in FROM is not supported (generate_series, unnest and the json(b)_each / "
                 "json(b)_array_elements / json(b)_object_keys functions are)",
                 name ? name : "?");
        return NULL;
    }
    bool saved = lv->hidden;
    /* LATERAL is implicit for functions in PostgreSQL */
    lv->hidden = false;
    orm_expr *call = tr_new(t, ORM_EX_FUNC, 0, f->location);
    call->nargs = (uint16_t)f->n_args;
    call->args = og_arena_zalloc(t->a, sizeof(orm_expr *) * (f->n_args + 1));
    for (size_t i = 0; i < f->n_args; i++)
        if (!(call->args[i] = tr_expr(t, lv, f->args[i]))) {
            lv->hidden = saved;
            return NULL;
        }
    lv->hidden = saved;
    uint32_t coltype;
    if (gs) {
        if (f->n_args < 2 || f->n_args > 3) {
            tr_error(t, f->location, "42883", "function generate_series with %d arguments does not exist", (int)f->n_args);
            return NULL;
        }
        uint32_t types[3];
        for (size_t i = 0; i < f->n_args; i++)
            types[i] = call->args[i]->type;
        char c0 = orm_type_category(types[0]);
        if (c0 == 'D' || (types[0] == OG_OID_UNKNOWN && orm_type_category(types[1]) == 'D')) {
            coltype = types[0] == OG_OID_UNKNOWN ? types[1] : types[0];
            if (coltype == OG_OID_DATE)
                coltype = OG_OID_TIMESTAMP;
            if (f->n_args != 3) {
                tr_error(t, f->location, "42883", "function generate_series(%s, %s) does not exist",
                         og_type_name(coltype), og_type_name(coltype));
                return NULL;
            }
            for (int i = 0; i < 2; i++)
                if (!(call->args[i] = tr_coerce_to(t, call->args[i], coltype, -1, TR_IMPLICIT, NULL)))
                    return NULL;
            if (!(call->args[2] = tr_coerce_to(t, call->args[2], OG_OID_INTERVAL, -1, TR_IMPLICIT, NULL)))
                return NULL;
        } else {
            coltype = orm_type_common(types, f->n_args, "generate_series", t->err);
            if (!coltype)
                return NULL;
            if (coltype == OG_OID_INT2 || coltype == OG_OID_TEXT || coltype == OG_OID_UNKNOWN)
                coltype = OG_OID_INT4;
            if (coltype != OG_OID_INT4 && coltype != OG_OID_INT8 && coltype != OG_OID_NUMERIC) {
                tr_error(t, f->location, "42883", "function generate_series(%s) does not exist", og_type_name(coltype));
                return NULL;
            }
            for (size_t i = 0; i < f->n_args; i++)
                if (!(call->args[i] = tr_coerce_to(t, call->args[i], coltype, -1, TR_IMPLICIT, NULL)))
                    return NULL;
        }
        call->u.call.fn = &fn_generate_series;
    } else if (jf) {
        uint32_t at = f->n_args == 1 ? call->args[0]->type : 0;
        if (f->n_args != 1 || (at != jf->args[0] && at != OG_OID_UNKNOWN)) {
            tr_error(t, f->location, "42883", "function %s(%s) does not exist", name,
                     f->n_args == 1 ? og_type_name(at) : "...");
            og_error_hint(t->err, "No function matches the given name and argument types. You might need to add "
                                  "explicit type casts.");
            return NULL;
        }
        if (!(call->args[0] = tr_coerce_to(t, call->args[0], jf->args[0], -1, TR_IMPLICIT, NULL)))
            return NULL;
        coltype = jf->ret;
        call->u.call.fn = jf;
    } else { /* unnest(a [, b ...]): one column per array, in lockstep, the shorter ones padded with NULL */
        for (size_t i = 0; i < f->n_args; i++)
            if (!og_type_array_elem(call->args[i]->type)) {
                tr_error(t, f->location, "42804", "function unnest(%s) does not exist",
                         og_type_name(call->args[i]->type));
                return NULL;
            }
        if (!f->n_args) {
            tr_error(t, f->location, "42883", "function unnest() does not exist");
            return NULL;
        }
        coltype = og_type_array_elem(call->args[0]->type);
        call->u.call.fn = &fn_unnest;
    }
    call->type = coltype;
    uint16_t k = rte_add(t, lv);
    orm_rte *r = &lv->q->rtes[k];
    r->kind = ORM_RTE_FUNCTION;
    r->func = call;
    r->ordinality = ordinality;
    r->lateral = true;
    const char *alias = alias_node && alias_node->aliasname && *alias_node->aliasname ? alias_node->aliasname : name;
    r->alias = og_arena_strdup(t->a, alias);
    r->has_alias = alias_node != NULL;
    orm_target *tg = og_arena_zalloc(t->a, sizeof(orm_target) * (f->n_args + 3u));
    uint16_t nt = 0;
    if (jf && strstr(jf->name, "_each")) { /* (key text, value) */
        tg[nt].name = "key";
        tg[nt++].expr = tr_new(t, ORM_EX_CONST, OG_OID_TEXT, -1);
    }
    /* a named OUT parameter names its column; else the function's (or its alias's) name does */
    tg[nt].name = jf && !strstr(jf->name, "_keys") ? "value" : og_arena_strdup(t->a, alias);
    tg[nt++].expr = call;
    for (uint16_t i = 1; un && i < call->nargs; i++) { /* several arrays: every column is "unnest" */
        tg[0].name = "unnest";
        tg[nt].name = "unnest";
        tg[nt++].expr = tr_new(t, ORM_EX_CONST, og_type_array_elem(call->args[i]->type), -1);
    }
    tg[nt].name = "ordinality";
    tg[nt].expr = tr_new(t, ORM_EX_CONST, OG_OID_INT8, -1);
    if (!rte_set_columns(t, r, tg, (uint16_t)(nt + (ordinality ? 1 : 0)), alias_node, "function"))
        return NULL;
    return join_leaf(t, k);
}

static orm_join *from_function(tr *t, tr_level *lv, const PgQuery__RangeFunction *rf)
{
    if (rf->is_rowsfrom || rf->n_functions != 1 || rf->n_coldeflist) {
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "ROWS FROM and column definition lists are not supported");
        return NULL;
    }
    const PgQuery__List *l = NODE(rf->functions[0], LIST) ? rf->functions[0]->list : NULL;
    const PgQuery__Node *fnode = l && l->n_items ? l->items[0] : NULL;
    if (!NODE(fnode, FUNC_CALL)) {
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this function in FROM is not supported");
        return NULL;
    }
    return function_rte(t, lv, fnode->func_call, rf->ordinality, rf->alias);
}

/* A second set-returning function of a SELECT list: unnest next to unnest runs in lockstep
 * exactly as unnest(a, b) does, so its arrays join the first call's (one column each); any other
 * pair would need ROWS FROM, which the IR has no form for (0A000). */
static orm_expr *target_unnest_more(tr *t, tr_level *lv, const PgQuery__FuncCall *f)
{
    orm_rte *r = &lv->q->rtes[lv->srf_rte];
    const char *name = tr_str(f->funcname[f->n_funcname - 1]);
    if (!name || strcmp(name, "unnest") || r->func->u.call.fn != &fn_unnest) {
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "several set-returning functions in the SELECT list are supported only when all are unnest()");
        return NULL;
    }
    orm_expr **args = og_arena_zalloc(t->a, sizeof(orm_expr *) * (r->func->nargs + f->n_args + 1u));
    memcpy(args, r->func->args, sizeof(orm_expr *) * r->func->nargs);
    uint16_t n = r->func->nargs;
    for (size_t i = 0; i < f->n_args; i++) {
        if (!(args[n] = tr_expr(t, lv, f->args[i])))
            return NULL;
        if (!og_type_array_elem(args[n]->type)) {
            tr_error(t, f->location, "42804", "function unnest(%s) does not exist", og_type_name(args[n]->type));
            return NULL;
        }
        n++;
    }
    r = &lv->q->rtes[lv->srf_rte]; /* translating the arguments may have grown the range table */
    uint16_t first = r->ncols;
    orm_target *tg = og_arena_zalloc(t->a, sizeof(orm_target) * (n + 1u));
    for (uint16_t i = 0; i < n; i++) {
        tg[i].name = "unnest";
        tg[i].expr = tr_new(t, ORM_EX_CONST, og_type_array_elem(args[i]->type), -1);
    }
    r->func->args = args;
    r->func->nargs = n;
    if (!rte_set_columns(t, r, tg, n, NULL, "function"))
        return NULL;
    orm_expr *e = tr_colref(t, r, lv->srf_rte, first);
    e->location = f->location >= 0 && t->in->sql ? orm_sql_char_position(t->in->sql, (size_t)f->location) : 0;
    return e;
}

/* A set-returning function in the SELECT list (PostgreSQL 10's ProjectSet: every input row gives
 * as many rows as the function returns, none when it returns none). It becomes a FUNCTION entry
 * cross-joined after the other FROM items (LATERAL, so its arguments see them), and the call is a
 * reference to its column. The entry has no alias, so no name resolves to it. One per SELECT list,
 * except for unnest next to unnest (target_unnest_more). */
orm_expr *tr_target_srf(tr *t, tr_level *lv, const PgQuery__FuncCall *f)
{
    const char *name = tr_str(f->funcname[f->n_funcname - 1]);
    if (name && !strcmp(name, "unnest") && f->n_args != 1) { /* several arrays: FROM only */
        tr_error(t, f->location, "42883", "function unnest with %zu arguments does not exist", f->n_args);
        og_error_hint(t->err, "unnest() of several arrays is allowed only in FROM.");
        return NULL;
    }
    if (lv->srf_rte != UINT16_MAX)
        return target_unnest_more(t, lv, f);
    if (name && strstr(name, "_each")) {
        tr_error(t, f->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "set-returning function %s() returns records: it is supported only in FROM", name);
        return NULL;
    }
    orm_join *j = function_rte(t, lv, f, false, NULL);
    if (!j)
        return NULL;
    orm_query *q = lv->q;
    orm_rte *r = &q->rtes[j->rte];
    r->alias = NULL; /* invisible to names: the SELECT list's own entry */
    orm_join **from = og_arena_zalloc(t->a, sizeof(orm_join *) * (q->nfrom + 2u));
    if (q->nfrom)
        memcpy(from, q->from, sizeof(orm_join *) * q->nfrom);
    from[q->nfrom++] = j;
    q->from = from;
    lv->srf_rte = j->rte;
    orm_expr *e = tr_colref(t, r, j->rte, 0);
    e->location = f->location >= 0 && t->in->sql ? orm_sql_char_position(t->in->sql, (size_t)f->location) : 0;
    return e;
}

/* The rtes (indexes) a join subtree covers. */
static void join_rtes(const orm_join *j, uint16_t *out, uint16_t *n, uint16_t cap)
{
    if (j->kind == ORM_JOIN_NONE) {
        if (*n < cap)
            out[(*n)++] = j->rte;
        return;
    }
    join_rtes(j->l, out, n, cap);
    join_rtes(j->r, out, n, cap);
}

static bool side_column(const orm_query *q, const orm_join *j, const char *name, uint16_t *rte, uint16_t *col)
{
    uint16_t rtes[256], n = 0;
    join_rtes(j, rtes, &n, 256);
    for (uint16_t i = 0; i < n; i++) {
        const orm_rte *r = &q->rtes[rtes[i]];
        for (uint16_t c = 0; c < r->ncols; c++)
            if (!strcmp(r->colnames[c], name)) {
                *rte = rtes[i];
                *col = c;
                return true;
            }
    }
    return false;
}

static bool using_add(tr *t, tr_level *lv, const char *name, uint16_t lr, uint16_t lc, uint16_t rr, uint16_t rc)
{
    if (lv->nusing == lv->using_cap) {
        uint16_t cap = lv->using_cap ? (uint16_t)(lv->using_cap * 2) : 4;
        tr_using *u = og_arena_zalloc(t->a, sizeof(tr_using) * cap);
        if (lv->nusing)
            memcpy(u, lv->usings, sizeof(tr_using) * lv->nusing);
        lv->usings = u;
        lv->using_cap = cap;
    }
    lv->usings[lv->nusing++] = (tr_using){name, lr, lc, rr, rc};
    return true;
}

static orm_join *from_join(tr *t, tr_level *lv, const PgQuery__JoinExpr *je)
{
    if (je->alias || je->join_using_alias) {
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "an alias on a JOIN is not supported");
        return NULL;
    }
    orm_join *j = og_arena_zalloc(t->a, sizeof *j);
    switch (je->jointype) {
    case PG_QUERY__JOIN_TYPE__JOIN_INNER:
        j->kind = ORM_JOIN_INNER;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
        j->kind = ORM_JOIN_LEFT;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
        j->kind = ORM_JOIN_RIGHT;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_FULL:
        j->kind = ORM_JOIN_FULL;
        break;
    default:
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this join type is not supported");
        return NULL;
    }
    uint16_t left_lo = lv->q->nrtes;
    if (!(j->l = from_item(t, lv, je->larg)))
        return NULL;
    /* the right side of a RIGHT or FULL join may not refer to the left one laterally */
    uint16_t saved_nolateral = lv->nnolateral;
    if ((j->kind == ORM_JOIN_RIGHT || j->kind == ORM_JOIN_FULL) && lv->nnolateral < 16) {
        lv->nolateral[lv->nnolateral].lo = left_lo;
        lv->nolateral[lv->nnolateral++].hi = lv->q->nrtes;
    }
    j->r = from_item(t, lv, je->rarg);
    lv->nnolateral = saved_nolateral;
    if (!j->r)
        return NULL;
    /* USING / NATURAL: equality of the named columns, the unqualified name meaning the left one */
    const char *names[64];
    size_t nn = 0;
    if (je->is_natural) {
        uint16_t rl[256], n = 0;
        join_rtes(j->l, rl, &n, 256);
        for (uint16_t i = 0; i < n; i++) {
            const orm_rte *r = &lv->q->rtes[rl[i]];
            for (uint16_t c = 0; c < r->ncols && nn < 64; c++) {
                uint16_t rr, rc;
                if (side_column(lv->q, j->r, r->colnames[c], &rr, &rc))
                    names[nn++] = r->colnames[c];
            }
        }
    } else {
        for (size_t i = 0; i < je->n_using_clause && nn < 64; i++)
            names[nn++] = tr_str(je->using_clause[i]);
    }
    orm_expr *on = NULL;
    for (size_t i = 0; i < nn; i++) {
        uint16_t lr, lc, rr, rc;
        if (!side_column(lv->q, j->l, names[i], &lr, &lc) || !side_column(lv->q, j->r, names[i], &rr, &rc)) {
            og_error_set(t->err, "42703", "column \"%s\" specified in USING clause does not exist in %s table",
                         names[i], side_column(lv->q, j->l, names[i], &lr, &lc) ? "right" : "left");
            return NULL;
        }
        orm_expr *l = tr_colref(t, &lv->q->rtes[lr], lr, lc), *r = tr_colref(t, &lv->q->rtes[rr], rr, rc);
        orm_expr *pair[2] = {l, r};
        uint32_t ct = orm_type_common((uint32_t[]){pair[0]->type, pair[1]->type}, 2, "JOIN/USING", t->err);
        if (!ct || !(l = tr_coerce_to(t, l, ct, -1, TR_IMPLICIT, NULL)) ||
            !(r = tr_coerce_to(t, r, ct, -1, TR_IMPLICIT, NULL)))
            return NULL;
        orm_expr *eq = tr_new(t, ORM_EX_CMP, OG_OID_BOOL, -1);
        eq->nargs = 2;
        eq->args = og_arena_zalloc(t->a, sizeof(orm_expr *) * 2);
        eq->args[0] = l;
        eq->args[1] = r;
        eq->u.cmp.op = ORM_CMP_EQ;
        eq->u.cmp.cmp_type = ct;
        if (on) {
            orm_expr *and = tr_new(t, ORM_EX_AND, OG_OID_BOOL, -1);
            and->nargs = 2;
            and->args = og_arena_zalloc(t->a, sizeof(orm_expr *) * 2);
            and->args[0] = on;
            and->args[1] = eq;
            on = and;
        } else {
            on = eq;
        }
        if (j->kind == ORM_JOIN_RIGHT)
            using_add(t, lv, names[i], rr, rc, lr, lc);
        else
            using_add(t, lv, names[i], lr, lc, rr, rc);
    }
    if (je->quals) {
        tr_where saved = lv->where;
        lv->where = TR_WHERE_FILTER;
        on = tr_bool(t, lv, je->quals, "JOIN/ON");
        lv->where = saved;
        if (!on)
            return NULL;
    }
    j->on = on;
    return j;
}

static orm_join *from_item(tr *t, tr_level *lv, const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR:
        return from_rangevar(t, lv, n->range_var);
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
        return from_subselect(t, lv, n->range_subselect);
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
        return from_function(t, lv, n->range_function);
    case PG_QUERY__NODE__NODE_JOIN_EXPR:
        return from_join(t, lv, n->join_expr);
    default:
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this FROM item is not supported");
        return NULL;
    }
}

static bool tr_from(tr *t, tr_level *lv, PgQuery__Node **items, size_t n)
{
    orm_query *q = lv->q;
    q->nfrom = (uint16_t)n;
    q->from = og_arena_zalloc(t->a, sizeof(orm_join *) * (n + 1));
    for (size_t i = 0; i < n; i++)
        if (!(q->from[i] = from_item(t, lv, items[i])))
            return false;
    return true;
}

/* ---- target lists --------------------------------------------------------------------------------- */

typedef struct tgt_list {
    orm_target *v;
    uint16_t n, cap;
} tgt_list;

static void tgt_push(tr *t, tgt_list *l, orm_expr *e, const char *name)
{
    if (l->n == l->cap) {
        uint16_t cap = l->cap ? (uint16_t)(l->cap * 2) : 8;
        orm_target *v = og_arena_zalloc(t->a, sizeof(orm_target) * cap);
        if (l->n)
            memcpy(v, l->v, sizeof(orm_target) * l->n);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].expr = e;
    l->v[l->n].name = name;
    l->n++;
}

static bool using_hidden(const tr_level *lv, uint16_t rte, uint16_t col)
{
    for (uint16_t u = 0; u < lv->nusing; u++)
        if (lv->usings[u].rrte == rte && lv->usings[u].rcol == col)
            return true;
    return false;
}

static bool expand_star(tr *t, tr_level *lv, tgt_list *out, const char *rel, int location)
{
    orm_query *q = lv->q;
    bool any = false;
    for (uint16_t i = 0; i < q->nrtes; i++) {
        const orm_rte *r = &q->rtes[i];
        if (i == q->excluded_rte || !r->alias || (rel && strcmp(r->alias, rel)))
            continue;
        if (q->kind != ORM_Q_SELECT && i != q->target_rte && !rel)
            continue; /* RETURNING *: the target's columns */
        any = true;
        for (uint16_t c = 0; c < r->ncols; c++) {
            if (!rel && using_hidden(lv, i, c))
                continue;
            tgt_push(t, out, tr_colref(t, r, i, c), r->colnames[c]);
        }
    }
    if (!any) {
        if (rel)
            tr_error(t, location, "42P01", "missing FROM-clause entry for table \"%s\"", rel);
        else
            tr_error(t, location, "42601", "SELECT * with no tables specified is not valid");
        return false;
    }
    return true;
}

static bool tr_targets(tr *t, tr_level *lv, PgQuery__Node **items, size_t n, orm_target **out, uint16_t *nout)
{
    tgt_list l = {0};
    tr_where saved = lv->where;
    lv->where = TR_WHERE_TARGET;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__ResTarget *rt = items[i]->res_target;
        if (NODE(rt->val, COLUMN_REF)) {
            const PgQuery__ColumnRef *c = rt->val->column_ref;
            if (c->n_fields && NODE(c->fields[c->n_fields - 1], A_STAR)) {
                const char *rel = c->n_fields >= 2 ? tr_str(c->fields[c->n_fields - 2]) : NULL;
                if (!expand_star(t, lv, &l, rel, c->location)) {
                    lv->where = saved;
                    return false;
                }
                continue;
            }
        }
        orm_expr *e = tr_expr(t, lv, rt->val);
        if (!e) {
            lv->where = saved;
            return false;
        }
        const char *name = og_arena_strdup(t->a, rt->name && *rt->name ? rt->name : tr_node_name(rt->val));
        tgt_push(t, &l, e, name);
    }
    lv->where = saved;
    *out = l.v;
    *nout = l.n;
    return true;
}

/* ---- GROUP BY / ORDER BY ------------------------------------------------------------------------------ */

static const char *colref_name(const PgQuery__Node *n)
{
    if (!NODE(n, COLUMN_REF) || n->column_ref->n_fields != 1)
        return NULL;
    return tr_str(n->column_ref->fields[0]);
}

static int const_position(const PgQuery__Node *n)
{
    if (NODE(n, A_CONST) && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
        return n->a_const->ival->ival;
    return 0;
}

/* A sort / group key that refers to an output column, or -1. */
static int output_ref(tr *t, const orm_query *q, const orm_target *tg, uint16_t ntg, const PgQuery__Node *n,
                      const char *clause, bool by_name, int *err)
{
    *err = 0;
    if (NODE(n, A_CONST) && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        int pos = const_position(n);
        if (pos < 1 || pos > ntg) {
            tr_error(t, n->a_const->location, "42P10", "%s position %d is not in select list", clause, pos);
            *err = 1;
            return -1;
        }
        return pos - 1;
    }
    const char *name = by_name ? colref_name(n) : NULL;
    if (!name)
        return -1;
    int found = -1;
    for (uint16_t i = 0; i < ntg; i++)
        if (!strcmp(tg[i].name, name)) {
            if (found >= 0 && !tr_expr_equal(tg[found].expr, tg[i].expr)) {
                tr_error(t, n->column_ref->location, "42702", "%s \"%s\" is ambiguous", clause, name);
                *err = 1;
                return -1;
            }
            if (found < 0)
                found = i;
        }
    (void)q;
    return found;
}

static orm_expr *output_colref(tr *t, uint16_t col, const orm_target *tg)
{
    orm_expr *e = tr_new(t, ORM_EX_COLUMN, tg[col].expr->type, -1);
    e->typmod = tg[col].expr->typmod;
    e->u.column.rte = ORM_RTE_OUTPUT;
    e->u.column.col = col;
    return e;
}

static bool tr_sort(tr *t, tr_level *lv, PgQuery__Node **items, size_t n, bool setop)
{
    orm_query *q = lv->q;
    q->nsort = (uint16_t)n;
    q->sort = og_arena_zalloc(t->a, sizeof(orm_sortby) * (n + 1));
    uint16_t ntg;
    const orm_target *tg = orm_query_targets(q, &ntg);
    for (size_t i = 0; i < n; i++) {
        const PgQuery__SortBy *sb = items[i]->sort_by;
        if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
            tr_error(t, sb->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "ORDER BY ... USING is not supported");
            return false;
        }
        int err;
        int ref = output_ref(t, q, tg, ntg, sb->node, "ORDER BY", true, &err);
        if (err)
            return false;
        orm_expr *e;
        if (ref >= 0) {
            e = setop ? output_colref(t, (uint16_t)ref, tg) : tg[ref].expr;
        } else if (setop) {
            tr_error(t, sb->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
            og_error_detail(t->err, "Only result column names can be used, not expressions or functions.");
            return false;
        } else {
            tr_where saved = lv->where;
            lv->where = TR_WHERE_TARGET;
            e = tr_expr(t, lv, sb->node);
            lv->where = saved;
            if (e && e->type == OG_OID_UNKNOWN)
                e = tr_coerce_to(t, e, OG_OID_TEXT, -1, TR_IMPLICIT, NULL);
            if (!e)
                return false;
            if (q->distinct && !q->ndistinct_on) {
                bool in = false;
                for (uint16_t k = 0; k < ntg && !in; k++)
                    in = tr_expr_equal(tg[k].expr, e);
                if (!in) {
                    tr_error(t, sb->location, "42P10", "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
                    return false;
                }
            }
        }
        q->sort[i].expr = e;
        q->sort[i].desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        q->sort[i].nulls = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST  ? ORM_NULLS_FIRST
                           : sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST ? ORM_NULLS_LAST
                                                                                            : ORM_NULLS_DEFAULT;
    }
    return true;
}

static bool tr_group(tr *t, tr_level *lv, const PgQuery__SelectStmt *s)
{
    orm_query *q = lv->q;
    if (s->group_distinct) {
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "GROUP BY DISTINCT is not supported");
        return false;
    }
    q->ngroup = (uint16_t)s->n_group_clause;
    q->group = og_arena_zalloc(t->a, sizeof(orm_expr *) * (s->n_group_clause + 1));
    tr_where saved = lv->where;
    lv->where = TR_WHERE_GROUP;
    for (size_t i = 0; i < s->n_group_clause; i++) {
        const PgQuery__Node *n = s->group_clause[i];
        if (NODE(n, GROUPING_SET)) {
            og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "GROUPING SETS, ROLLUP and CUBE are not supported");
            lv->where = saved;
            return false;
        }
        int err;
        int ref = output_ref(t, q, q->targets, q->ntargets, n, "GROUP BY", false, &err);
        if (err) {
            lv->where = saved;
            return false;
        }
        orm_expr *e = NULL;
        if (ref >= 0) {
            e = q->targets[ref].expr;
        } else {
            const char *name = colref_name(n);
            if (name) {
                /* input column first; else an output column of that name */
                og_error tmp = OG_ERROR_INIT;
                og_error *keep = t->err;
                t->err = &tmp;
                e = tr_expr(t, lv, n);
                t->err = keep;
                if (!e && !strcmp(tmp.code, "42703"))
                    for (uint16_t k = 0; k < q->ntargets && !e; k++)
                        if (!strcmp(q->targets[k].name, name))
                            e = q->targets[k].expr;
                if (!e)
                    og_error_move(t->err, &tmp);
                og_error_clear(&tmp);
            } else {
                e = tr_expr(t, lv, n);
            }
        }
        if (e && e->type == OG_OID_UNKNOWN)
            e = tr_coerce_to(t, e, OG_OID_TEXT, -1, TR_IMPLICIT, NULL);
        if (!e) {
            lv->where = saved;
            return false;
        }
        q->group[i] = e;
    }
    lv->where = saved;
    return true;
}

/* Every column of this level used outside an aggregate must be grouped (or be functionally
 * dependent on a grouped primary key). */
static bool check_grouped(tr *t, const orm_query *q, const orm_expr *e, int depth)
{
    if (!e)
        return true;
    if (e->kind == ORM_EX_AGG)
        return true;
    if (depth == 0)
        for (uint16_t i = 0; i < q->ngroup; i++)
            if (tr_expr_equal(q->group[i], e))
                return true;
    if (e->kind == ORM_EX_COLUMN && e->u.column.levelsup == depth && e->u.column.rte != ORM_RTE_OUTPUT) {
        const orm_rte *r = &q->rtes[e->u.column.rte];
        if (r->kind == ORM_RTE_ENTITY && r->entity->pk.ncols) {
            bool all = true;
            for (uint16_t k = 0; k < r->entity->pk.ncols && all; k++) {
                bool g = false;
                for (uint16_t i = 0; i < q->ngroup && !g; i++) {
                    const orm_expr *ge = q->group[i];
                    g = ge->kind == ORM_EX_COLUMN && !ge->u.column.levelsup && ge->u.column.rte == e->u.column.rte &&
                        ge->u.column.col == r->entity->pk.cols[k];
                }
                all = g;
            }
            if (all)
                return true;
        }
        og_error_set(t->err, "42803", "column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function",
                     r->alias, r->colnames[e->u.column.col]);
        t->err->position = e->location;
        return false;
    }
    if (e->kind == ORM_EX_SUBLINK)
        return true; /* correlated references inside subqueries are not checked */
    for (uint16_t i = 0; i < e->nargs; i++)
        if (!check_grouped(t, q, e->args[i], depth))
            return false;
    if (e->kind == ORM_EX_WINDOW && e->u.call.over) {
        for (uint16_t i = 0; i < e->u.call.over->npartition; i++)
            if (!check_grouped(t, q, e->u.call.over->partition[i], depth))
                return false;
        for (uint16_t i = 0; i < e->u.call.over->norder; i++)
            if (!check_grouped(t, q, e->u.call.over->order[i].expr, depth))
                return false;
    }
    if (e->kind == ORM_EX_CASE) {
        if (!check_grouped(t, q, e->u.case_.arg, depth) || !check_grouped(t, q, e->u.case_.else_, depth))
            return false;
        for (uint16_t i = 0; i < e->u.case_.nwhens; i++)
            if (!check_grouped(t, q, e->u.case_.whens[i], depth) || !check_grouped(t, q, e->u.case_.thens[i], depth))
                return false;
    }
    return true;
}

/* ---- WITH ----------------------------------------------------------------------------------------------- */

static orm_query *tr_select_level(tr *t, tr_level *parent, const PgQuery__SelectStmt *s, tr_level *self);

static bool cte_add(tr *t, tr_level *lv, const char *name, const orm_query *q, const PgQuery__CommonTableExpr *c)
{
    orm_query *owner = lv->q;
    if (owner->nctes == lv->cte_cap) {
        uint16_t cap = lv->cte_cap ? (uint16_t)(lv->cte_cap * 2) : 4;
        orm_cte *v = og_arena_zalloc(t->a, sizeof(orm_cte) * cap);
        if (owner->nctes)
            memcpy(v, owner->ctes, sizeof(orm_cte) * owner->nctes);
        owner->ctes = v;
        lv->cte_cap = cap;
    }
    orm_cte *cte = &owner->ctes[owner->nctes];
    memset(cte, 0, sizeof *cte);
    cte->name = og_arena_strdup(t->a, name);
    cte->query = (orm_query *)q;
    uint16_t nt;
    const orm_target *tg = orm_query_targets(q, &nt);
    if (c->n_aliascolnames > nt) {
        og_error_set(t->err, "42P10", "WITH query \"%s\" has %d columns available but %d columns specified", name,
                     (int)nt, (int)c->n_aliascolnames);
        return false;
    }
    cte->ncols = nt;
    cte->colnames = og_arena_zalloc(t->a, sizeof(char *) * (nt + 1u));
    cte->coltypes = og_arena_zalloc(t->a, sizeof(uint32_t) * (nt + 1u));
    cte->coltypmods = og_arena_zalloc(t->a, sizeof(int32_t) * (nt + 1u));
    for (uint16_t i = 0; i < nt; i++) {
        const char *an = i < c->n_aliascolnames ? tr_str(c->aliascolnames[i]) : NULL;
        cte->colnames[i] = an ? og_arena_strdup(t->a, an) : tg[i].name;
        cte->coltypes[i] = tg[i].expr->type == OG_OID_UNKNOWN ? OG_OID_TEXT : tg[i].expr->type;
        cte->coltypmods[i] = tg[i].expr->typmod;
    }
    owner->nctes++;
    return true;
}

static bool setop_coerce(tr *t, orm_query *q, uint16_t col, uint32_t type, int32_t typmod, tr_coerce how,
                         const char *what);

static bool tr_with(tr *t, tr_level *lv, const PgQuery__WithClause *w)
{
    if (!w)
        return true;
    lv->q->recursive = w->recursive;
    for (size_t i = 0; i < w->n_ctes; i++) {
        const PgQuery__CommonTableExpr *c = w->ctes[i]->common_table_expr;
        if (!NODE(c->ctequery, SELECT_STMT)) {
            tr_error(t, c->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "data-modifying statements in WITH are not supported");
            return false;
        }
        if (c->search_clause || c->cycle_clause) {
            tr_error(t, c->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "SEARCH and CYCLE clauses are not supported");
            return false;
        }
        for (uint16_t k = 0; k < lv->q->nctes; k++)
            if (!strcmp(lv->q->ctes[k].name, c->ctename)) {
                tr_error(t, c->location, "42712", "WITH query name \"%s\" specified more than once", c->ctename);
                return false;
            }
        const PgQuery__SelectStmt *s = c->ctequery->select_stmt;
        bool self_ref = w->recursive && s->op == PG_QUERY__SET_OPERATION__SETOP_UNION && s->larg && s->rarg;
        if (!self_ref) {
            orm_query *q = tr_select(t, lv, s);
            if (!q || !cte_add(t, lv, c->ctename, q, c))
                return false;
            continue;
        }
        /* recursive: the non-recursive term defines the columns, then the recursive term sees
         * them; both are arms of a UNION level below this one */
        tr_level ul;
        level_init(t, &ul, lv, ORM_Q_SETOP);
        ul.hidden = true;
        orm_query *l = tr_select(t, &ul, s->larg);
        if (!l || !cte_add(t, lv, c->ctename, l, c))
            return false;
        orm_query *r = tr_select(t, &ul, s->rarg);
        if (!r)
            return false;
        uint16_t nl, nr;
        const orm_target *tl = orm_query_targets(l, &nl);
        orm_query_targets(r, &nr);
        if (nl != nr) {
            tr_error(t, c->location, "42601", "each UNION query must have the same number of columns");
            return false;
        }
        for (uint16_t k = 0; k < nl; k++) {
            uint32_t ty = tl[k].expr->type == OG_OID_UNKNOWN ? OG_OID_TEXT : tl[k].expr->type;
            if (!setop_coerce(t, l, k, ty, -1, TR_IMPLICIT, NULL) || !setop_coerce(t, r, k, ty, -1, TR_IMPLICIT, NULL)) {
                og_error_set(t->err, "42804",
                             "recursive query \"%s\" column %d has type %s in non-recursive term but type %s overall",
                             c->ctename, k + 1, og_type_name(ty), og_type_name(ty));
                return false;
            }
        }
        orm_query *u = ul.q;
        u->kind = ORM_Q_SETOP;
        u->setop = ORM_SETOP_UNION;
        u->setop_all = s->all;
        u->larg = l;
        u->rarg = r;
        u->excluded_rte = UINT16_MAX;
        u->ntargets = nl;
        u->targets = (orm_target *)orm_query_targets(l, &nl);
        lv->q->ctes[lv->q->nctes - 1].query = u;
    }
    return true;
}

/* ---- SELECT, VALUES, set operations --------------------------------------------------------------------- */

static bool setop_coerce(tr *t, orm_query *q, uint16_t col, uint32_t type, int32_t typmod, tr_coerce how,
                         const char *what)
{
    if (q->kind == ORM_Q_SETOP) {
        if (!setop_coerce(t, q->larg, col, type, typmod, how, what) ||
            !setop_coerce(t, q->rarg, col, type, typmod, how, what))
            return false;
        uint16_t n;
        q->targets[col].expr = ((orm_target *)orm_query_targets(q->larg, &n))[col].expr;
        return true;
    }
    if (q->kind == ORM_Q_VALUES) {
        for (uint32_t r = 0; r < q->nrows; r++)
            if (!(q->rows[r][col] = tr_coerce_to(t, q->rows[r][col], type, typmod, how, what)))
                return false;
        q->targets[col].expr = q->rows[0][col];
        return true;
    }
    orm_expr *e = tr_coerce_to(t, q->targets[col].expr, type, typmod, how, what);
    if (!e)
        return false;
    q->targets[col].expr = e;
    return true;
}

bool tr_query_coerce_column(tr *t, orm_query *q, uint16_t col, uint32_t type, tr_coerce how)
{
    uint16_t n;
    const orm_target *tg = orm_query_targets(q, &n);
    if (col >= n || tg[col].expr->type == type)
        return col < n;
    return setop_coerce(t, q, col, type, -1, how, NULL);
}

static bool tr_values(tr *t, tr_level *lv, const PgQuery__SelectStmt *s)
{
    orm_query *q = lv->q;
    q->kind = ORM_Q_VALUES;
    q->nrows = (uint32_t)s->n_values_lists;
    q->rows = og_arena_zalloc(t->a, sizeof(orm_expr **) * (q->nrows + 1));
    size_t ncols = 0;
    tr_where saved = lv->where;
    lv->where = TR_WHERE_VALUES;
    for (size_t r = 0; r < s->n_values_lists; r++) {
        const PgQuery__List *l = s->values_lists[r]->list;
        if (r == 0)
            ncols = l->n_items;
        else if (l->n_items != ncols) {
            og_error_set(t->err, "42601", "VALUES lists must all be the same length");
            lv->where = saved;
            return false;
        }
        q->rows[r] = og_arena_zalloc(t->a, sizeof(orm_expr *) * (ncols + 1));
        for (size_t c = 0; c < ncols; c++) {
            if (NODE(l->items[c], SET_TO_DEFAULT)) {
                og_error_set(t->err, "42601", "DEFAULT is not allowed in this context");
                lv->where = saved;
                return false;
            }
            if (!(q->rows[r][c] = tr_expr(t, lv, l->items[c]))) {
                lv->where = saved;
                return false;
            }
        }
    }
    lv->where = saved;
    q->ntargets = (uint16_t)ncols;
    q->targets = og_arena_zalloc(t->a, sizeof(orm_target) * (ncols + 1));
    uint32_t *types = og_arena_zalloc(t->a, sizeof(uint32_t) * (q->nrows + 1));
    for (size_t c = 0; c < ncols; c++) {
        for (uint32_t r = 0; r < q->nrows; r++)
            types[r] = q->rows[r][c]->type;
        uint32_t ct = orm_type_common(types, q->nrows, "VALUES", t->err);
        if (!ct)
            return false;
        q->targets[c].name = og_arena_printf(t->a, "column%zu", c + 1);
        if (!setop_coerce(t, q, (uint16_t)c, ct, -1, TR_IMPLICIT, NULL))
            return false;
    }
    return true;
}

static bool tr_limit(tr *t, tr_level *lv, const PgQuery__SelectStmt *s)
{
    if (s->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) {
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "FETCH ... WITH TIES is not supported");
        return false;
    }
    tr_where saved = lv->where;
    lv->where = TR_WHERE_OTHER;
    bool ok = true;
    if (s->limit_count && !(NODE(s->limit_count, A_CONST) && s->limit_count->a_const->isnull))
        ok = (lv->q->limit = tr_coerce_to(t, tr_expr(t, lv, s->limit_count), OG_OID_INT8, -1, TR_IMPLICIT, "argument of LIMIT")) != NULL;
    if (ok && s->limit_offset)
        ok = (lv->q->offset = tr_coerce_to(t, tr_expr(t, lv, s->limit_offset), OG_OID_INT8, -1, TR_IMPLICIT, "argument of OFFSET")) != NULL;
    lv->where = saved;
    return ok;
}

static bool tr_setop(tr *t, tr_level *lv, const PgQuery__SelectStmt *s)
{
    orm_query *q = lv->q;
    q->kind = ORM_Q_SETOP;
    q->setop = s->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? ORM_SETOP_UNION
               : s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? ORM_SETOP_INTERSECT
                                                                   : ORM_SETOP_EXCEPT;
    q->setop_all = s->all;
    if (!(q->larg = tr_select(t, lv, s->larg)) || !(q->rarg = tr_select(t, lv, s->rarg)))
        return false;
    uint16_t nl, nr;
    const orm_target *tl = orm_query_targets(q->larg, &nl);
    const orm_target *trr = orm_query_targets(q->rarg, &nr);
    const char *opname = q->setop == ORM_SETOP_UNION ? "UNION" : q->setop == ORM_SETOP_INTERSECT ? "INTERSECT" : "EXCEPT";
    if (nl != nr) {
        og_error_set(t->err, "42601", "each %s query must have the same number of columns", opname);
        return false;
    }
    q->ntargets = nl;
    q->targets = og_arena_zalloc(t->a, sizeof(orm_target) * (nl + 1u));
    for (uint16_t i = 0; i < nl; i++) {
        uint32_t types[2] = {tl[i].expr->type, trr[i].expr->type};
        uint32_t ct = orm_type_common(types, 2, opname, t->err);
        if (!ct)
            return false;
        q->targets[i].name = tl[i].name;
        q->targets[i].expr = tl[i].expr;
        if (!setop_coerce(t, q->larg, i, ct, -1, TR_IMPLICIT, NULL) || !setop_coerce(t, q->rarg, i, ct, -1, TR_IMPLICIT, NULL))
            return false;
        q->targets[i].expr = orm_query_targets(q->larg, &nl)[i].expr;
    }
    return tr_sort(t, lv, s->sort_clause, s->n_sort_clause, true) && tr_limit(t, lv, s);
}

static bool check_target_srf(tr *t, tr_level *lv);

static bool tr_plain_select(tr *t, tr_level *lv, const PgQuery__SelectStmt *s)
{
    orm_query *q = lv->q;
    if (s->into_clause) {
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "SELECT INTO is not supported");
        return false;
    }
    if (!tr_from(t, lv, s->from_clause, s->n_from_clause))
        return false;
    if (s->where_clause) {
        lv->where = TR_WHERE_FILTER;
        q->where = tr_bool(t, lv, s->where_clause, "WHERE");
        lv->where = TR_WHERE_OTHER;
        if (!q->where)
            return false;
    }
    lv->srf_ok = true;
    bool ok = tr_targets(t, lv, s->target_list, s->n_target_list, &q->targets, &q->ntargets);
    lv->srf_ok = false;
    if (!ok)
        return false;
    for (uint16_t i = 0; i < q->ntargets; i++)
        if (q->targets[i].expr->type == OG_OID_UNKNOWN &&
            !(q->targets[i].expr = tr_coerce_to(t, q->targets[i].expr, OG_OID_TEXT, -1, TR_IMPLICIT, NULL)))
            return false;
    if (!tr_group(t, lv, s))
        return false;
    if (s->having_clause) {
        lv->where = TR_WHERE_TARGET;
        q->having = tr_bool(t, lv, s->having_clause, "HAVING");
        lv->where = TR_WHERE_OTHER;
        if (!q->having)
            return false;
        q->has_aggs = true;
    }
    if (s->n_distinct_clause) {
        q->distinct = true;
        if (!(s->n_distinct_clause == 1 && s->distinct_clause[0]->node_case == PG_QUERY__NODE__NODE__NOT_SET)) {
            q->ndistinct_on = (uint16_t)s->n_distinct_clause;
            q->distinct_on = og_arena_zalloc(t->a, sizeof(orm_expr *) * (s->n_distinct_clause + 1));
            for (size_t i = 0; i < s->n_distinct_clause; i++) {
                int err;
                int ref = output_ref(t, q, q->targets, q->ntargets, s->distinct_clause[i], "SELECT DISTINCT ON", true, &err);
                if (err)
                    return false;
                q->distinct_on[i] = ref >= 0 ? q->targets[ref].expr : tr_expr(t, lv, s->distinct_clause[i]);
                if (!q->distinct_on[i])
                    return false;
            }
        }
    }
    if (!tr_sort(t, lv, s->sort_clause, s->n_sort_clause, false))
        return false;
    if (lv->srf_rte != UINT16_MAX && !check_target_srf(t, lv))
        return false;
    if (q->has_aggs || q->ngroup) {
        q->has_aggs = true;
        for (uint16_t i = 0; i < q->ntargets; i++)
            if (!check_grouped(t, q, q->targets[i].expr, 0))
                return false;
        if (!check_grouped(t, q, q->having, 0))
            return false;
        for (uint16_t i = 0; i < q->nsort; i++)
            if (!check_grouped(t, q, q->sort[i].expr, 0))
                return false;
    }
    return tr_limit(t, lv, s);
}

/* The construct around a reference to column rte of this level that PostgreSQL's ProjectSet
 * cannot evaluate it in (CASE, COALESCE, an aggregate, ...), or NULL. */
static const char *srf_context(const orm_expr *e, uint16_t rte, const char *around)
{
    if (!e)
        return NULL;
    if (e->kind == ORM_EX_COLUMN)
        return !e->u.column.levelsup && e->u.column.rte == rte ? around : NULL;
    const char *what = e->kind == ORM_EX_CASE                                  ? "CASE"
                       : e->kind == ORM_EX_COALESCE                            ? "COALESCE"
                       : e->kind == ORM_EX_NULLIF                              ? "NULLIF"
                       : e->kind == ORM_EX_GREATEST || e->kind == ORM_EX_LEAST ? "GREATEST/LEAST"
                       : e->kind == ORM_EX_AGG                                 ? "aggregate"
                       : e->kind == ORM_EX_WINDOW                              ? "window"
                                                                               : around;
    const char *r = NULL;
    for (uint16_t i = 0; !r && i < e->nargs; i++)
        r = srf_context(e->args[i], rte, what);
    if (e->kind == ORM_EX_CASE) {
        r = r ? r : srf_context(e->u.case_.arg, rte, what);
        r = r ? r : srf_context(e->u.case_.else_, rte, what);
        for (uint16_t i = 0; !r && i < e->u.case_.nwhens; i++) {
            r = srf_context(e->u.case_.whens[i], rte, what);
            r = r ? r : srf_context(e->u.case_.thens[i], rte, what);
        }
    }
    return r;
}

/* A SELECT list with a set-returning function: the function is cross-joined before grouping and
 * window functions, so a grouped or windowed query would count its rows; refused (0A000), as
 * PostgreSQL refuses one inside CASE or COALESCE. */
static bool check_target_srf(tr *t, tr_level *lv)
{
    const orm_query *q = lv->q;
    bool windows = false;
    for (uint16_t i = 0; i < q->ntargets; i++) {
        windows = windows || tr_contains_kind(q->targets[i].expr, ORM_EX_WINDOW);
        const char *ctx = srf_context(q->targets[i].expr, lv->srf_rte, NULL);
        bool call = ctx && (!strcmp(ctx, "aggregate") || !strcmp(ctx, "window"));
        if (call)
            og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "%s function calls cannot contain set-returning function calls", ctx);
        else if (ctx)
            og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "set-returning functions are not allowed in %s",
                         ctx);
        if (ctx) {
            og_error_hint(t->err, "You might be able to move the set-returning function into a LATERAL FROM item.");
            return false;
        }
    }
    for (uint16_t i = 0; i < q->nsort; i++)
        windows = windows || tr_contains_kind(q->sort[i].expr, ORM_EX_WINDOW);
    if (q->has_aggs || q->ngroup || q->having || windows) {
        og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "set-returning functions in the SELECT list of a query with aggregates, GROUP BY or window "
                     "functions are not supported");
        og_error_hint(t->err, "Move the set-returning function into FROM.");
        return false;
    }
    return true;
}

static orm_query *tr_select_level(tr *t, tr_level *parent, const PgQuery__SelectStmt *s, tr_level *lv)
{
    level_init(t, lv, parent, ORM_Q_SELECT);
    lv->sel = s;
    if (++t->depth > 500) {
        og_error_set(t->err, OG_SQLSTATE_STATEMENT_TOO_COMPLEX, "statement is too complex");
        return NULL;
    }
    bool ok = tr_with(t, lv, s->with_clause);
    if (ok) {
        if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE && s->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED) {
            /* the arms are levels below this one: they see its WITH, and count it in levelsup */
            lv->hidden = true;
            ok = tr_setop(t, lv, s);
            lv->hidden = false;
        } else if (s->n_values_lists) {
            ok = tr_values(t, lv, s) && tr_sort(t, lv, s->sort_clause, s->n_sort_clause, true) && tr_limit(t, lv, s);
        } else {
            ok = tr_plain_select(t, lv, s);
        }
    }
    t->depth--;
    return ok ? lv->q : NULL;
}

orm_query *tr_select(tr *t, tr_level *parent, const PgQuery__SelectStmt *s)
{
    tr_level lv;
    return tr_select_level(t, parent, s, &lv);
}

/* ---- INSERT / UPDATE / DELETE ----------------------------------------------------------------------------- */

static bool dml_target(tr *t, tr_level *lv, const PgQuery__RangeVar *rv)
{
    const orm_entity *e = find_entity(t, rv);
    if (!e)
        return false;
    uint16_t k = rte_add(t, lv);
    orm_rte *r = &lv->q->rtes[k];
    orm_rte_set_entity(r, e, t->a);
    const char *alias = rv->alias && rv->alias->aliasname && *rv->alias->aliasname ? rv->alias->aliasname : NULL;
    r->alias = og_arena_strdup(t->a, alias ? alias : e->name);
    r->has_alias = alias != NULL;
    lv->q->target_rte = k;
    return true;
}

static bool tr_returning(tr *t, tr_level *lv, PgQuery__Node **items, size_t n)
{
    if (!n)
        return true;
    orm_query *q = lv->q;
    if (!tr_targets(t, lv, items, n, &q->targets, &q->ntargets))
        return false;
    for (uint16_t i = 0; i < q->ntargets; i++)
        if (q->targets[i].expr->type == OG_OID_UNKNOWN &&
            !(q->targets[i].expr = tr_coerce_to(t, q->targets[i].expr, OG_OID_TEXT, -1, TR_IMPLICIT, NULL)))
            return false;
    return true;
}

static char *column_what(tr *t, const orm_property *p) { return og_arena_printf(t->a, "column \"%s\"", p->name); }

static orm_expr *assign_value(tr *t, tr_level *lv, const orm_entity *e, uint16_t prop, const PgQuery__Node *n)
{
    if (NODE(n, SET_TO_DEFAULT)) {
        orm_expr *d = tr_new(t, ORM_EX_DEFAULT, e->props[prop].type_oid, n->set_to_default->location);
        d->typmod = e->props[prop].typmod;
        d->u.default_prop = prop;
        return d;
    }
    orm_expr *v = tr_expr(t, lv, n);
    return v ? tr_coerce_to(t, v, e->props[prop].type_oid, e->props[prop].typmod, TR_ASSIGN,
                            column_what(t, &e->props[prop]))
             : NULL;
}

static int prop_of(tr *t, const orm_entity *e, const char *name, int location)
{
    int p = orm_entity_prop(e, name);
    if (p < 0)
        tr_error(t, location, "42703", "column \"%s\" of relation \"%s\" does not exist", name, e->name);
    return p;
}

static bool tr_set_list(tr *t, tr_level *lv, const orm_entity *e, PgQuery__Node **items, size_t n)
{
    orm_query *q = lv->q;
    q->nset = (uint16_t)n;
    q->set_cols = og_arena_zalloc(t->a, sizeof(uint16_t) * (n + 1));
    q->set_exprs = og_arena_zalloc(t->a, sizeof(orm_expr *) * (n + 1));
    tr_where saved = lv->where;
    lv->where = TR_WHERE_VALUES;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__ResTarget *rt = items[i]->res_target;
        if (rt->n_indirection || NODE(rt->val, MULTI_ASSIGN_REF)) {
            tr_error(t, rt->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "multiple-column and subscripted assignments are not supported");
            lv->where = saved;
            return false;
        }
        int p = prop_of(t, e, rt->name, rt->location);
        if (p < 0) {
            lv->where = saved;
            return false;
        }
        for (size_t k = 0; k < i; k++)
            if (q->set_cols[k] == p) {
                tr_error(t, rt->location, "42601", "multiple assignments to same column \"%s\"", rt->name);
                lv->where = saved;
                return false;
            }
        q->set_cols[i] = (uint16_t)p;
        if (!(q->set_exprs[i] = assign_value(t, lv, e, (uint16_t)p, rt->val))) {
            lv->where = saved;
            return false;
        }
    }
    lv->where = saved;
    return true;
}

static bool key_matches(const orm_key *k, const uint16_t *cols, uint16_t n)
{
    if (k->ncols != n)
        return false;
    for (uint16_t i = 0; i < n; i++) {
        bool in = false;
        for (uint16_t j = 0; j < n && !in; j++)
            in = k->cols[i] == cols[j];
        if (!in)
            return false;
    }
    return true;
}

static bool tr_on_conflict(tr *t, tr_level *lv, const orm_entity *e, const PgQuery__OnConflictClause *oc)
{
    orm_query *q = lv->q;
    q->conflict = oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE ? ORM_CONFLICT_UPDATE : ORM_CONFLICT_NOTHING;
    const PgQuery__InferClause *inf = oc->infer;
    if (inf) {
        if (inf->where_clause) {
            tr_error(t, inf->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "ON CONFLICT ... WHERE is not supported");
            return false;
        }
        if (inf->conname && *inf->conname) {
            const orm_key *k = NULL;
            if (e->pk.name && !strcmp(e->pk.name, inf->conname))
                k = &e->pk;
            for (uint16_t i = 0; i < e->nuniques && !k; i++)
                if (e->uniques[i].name && !strcmp(e->uniques[i].name, inf->conname))
                    k = &e->uniques[i];
            if (!k) {
                tr_error(t, inf->location, "42704", "constraint \"%s\" for table \"%s\" does not exist", inf->conname,
                         e->name);
                return false;
            }
            q->nconflict_cols = k->ncols;
            q->conflict_cols = k->cols;
        } else {
            q->nconflict_cols = (uint16_t)inf->n_index_elems;
            q->conflict_cols = og_arena_zalloc(t->a, sizeof(uint16_t) * (inf->n_index_elems + 1));
            for (size_t i = 0; i < inf->n_index_elems; i++) {
                const PgQuery__IndexElem *ie = inf->index_elems[i]->index_elem;
                if (!ie->name || !*ie->name) {
                    tr_error(t, inf->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                             "ON CONFLICT on an expression is not supported");
                    return false;
                }
                int p = prop_of(t, e, ie->name, inf->location);
                if (p < 0)
                    return false;
                q->conflict_cols[i] = (uint16_t)p;
            }
            bool match = key_matches(&e->pk, q->conflict_cols, q->nconflict_cols);
            for (uint16_t i = 0; i < e->nuniques && !match; i++)
                match = key_matches(&e->uniques[i], q->conflict_cols, q->nconflict_cols);
            if (!match) {
                og_error_set(t->err, "42P10",
                             "there is no unique or exclusion constraint matching the ON CONFLICT specification");
                return false;
            }
        }
    } else if (q->conflict == ORM_CONFLICT_UPDATE) {
        tr_error(t, oc->location, "42601", "ON CONFLICT DO UPDATE requires inference specification or constraint name");
        og_error_hint(t->err, "For example, ON CONFLICT (column_name).");
        return false;
    }
    if (q->conflict != ORM_CONFLICT_UPDATE)
        return true;
    uint16_t k = rte_add(t, lv);
    orm_rte *r = &lv->q->rtes[k];
    orm_rte_set_entity(r, e, t->a);
    r->alias = "excluded";
    r->has_alias = true;
    q->excluded_rte = k;
    lv->excluded_ok = true;
    bool ok = tr_set_list(t, lv, e, oc->target_list, oc->n_target_list);
    if (ok && oc->where_clause) {
        lv->where = TR_WHERE_FILTER;
        q->conflict_where = tr_bool(t, lv, oc->where_clause, "WHERE");
        lv->where = TR_WHERE_OTHER;
        ok = q->conflict_where != NULL;
    }
    lv->excluded_ok = false;
    return ok;
}

/* ormgate computes defaults itself (constants, now(), gen_random_uuid(), expressions), so every
 * backend stores the same values: DEFAULT in VALUES becomes the default's expression, and every
 * column left out that has such a default is added. Serial and identity columns stay ORM_EX_DEFAULT
 * nodes (the key generator's next value: the renderer's or the unit of work's); a single integer
 * primary key may also be left out (the backend's rowid fills it). */
static bool insert_defaults(tr *t, orm_query *q, const orm_entity *e)
{
    /* other serial / identity columns left out of VALUES get a DEFAULT cell in every row; from an
     * INSERT ... SELECT, which has no cells, they are refused rather than stored NULL */
    for (uint16_t p = 0; p < e->nprops; p++) {
        orm_default_kind k = e->props[p].dkind;
        if (k != ORM_DEFAULT_SEQUENCE && k != ORM_DEFAULT_IDENTITY)
            continue;
        bool rowid = e->pk.ncols == 1 && e->pk.cols[0] == p && orm_type_category(e->props[p].type_oid) == 'N' &&
                     e->props[p].type_oid != OG_OID_NUMERIC && orm_prop_plain_sequence(&e->props[p]);
        bool given = false;
        for (uint16_t c = 0; c < q->ncols && !given; c++)
            if (q->cols[c] == p) {
                given = true; /* in every row */
                for (uint32_t r = 0; r < q->nrows; r++)
                    given = given && q->rows[r][c]->kind != ORM_EX_DEFAULT;
            }
        if (q->source)
            for (uint16_t c = 0; c < q->ncols; c++)
                given = given || q->cols[c] == p;
        bool listed = false;
        for (uint16_t c = 0; c < q->ncols; c++)
            listed = listed || q->cols[c] == p;
        if (!rowid && !given && !q->source && !listed) {
            uint16_t *cols = og_arena_zalloc(t->a, sizeof(uint16_t) * (q->ncols + 2u));
            memcpy(cols, q->cols, sizeof(uint16_t) * q->ncols);
            cols[q->ncols] = p;
            for (uint32_t r = 0; r < q->nrows; r++) {
                orm_expr **row = og_arena_zalloc(t->a, sizeof(orm_expr *) * (q->ncols + 2u));
                memcpy(row, q->rows[r], sizeof(orm_expr *) * q->ncols);
                row[q->ncols] = tr_new(t, ORM_EX_DEFAULT, e->props[p].type_oid, -1);
                row[q->ncols]->u.default_prop = p;
                q->rows[r] = row;
            }
            q->cols = cols;
            q->ncols++;
            continue;
        }
        if (!rowid && !given && q->source) {
            og_error_set(t->err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "column \"%s\" is a serial or identity column that is not the table's single integer primary "
                         "key: generating its values is not supported on this backend yet",
                         e->props[p].name);
            og_error_hint(t->err, "Give the column a value in the INSERT.");
            return false;
        }
    }
    for (uint32_t r = 0; r < q->nrows; r++)
        for (uint16_t c = 0; c < q->ncols; c++) {
            orm_expr *x = q->rows[r][c];
            if (x->kind != ORM_EX_DEFAULT)
                continue;
            orm_expr *d = tr_default(t, e, x->u.default_prop);
            if (d)
                q->rows[r][c] = d;
            else if (og_error_isset(t->err))
                return false;
        }
    uint16_t extra = 0;
    for (uint16_t p = 0; p < e->nprops; p++) {
        bool listed = false;
        for (uint16_t c = 0; c < q->ncols && !listed; c++)
            listed = q->cols[c] == p;
        orm_default_kind k = e->props[p].dkind;
        if (!listed && k != ORM_DEFAULT_NONE && k != ORM_DEFAULT_SEQUENCE && k != ORM_DEFAULT_IDENTITY &&
            !(k == ORM_DEFAULT_CONST && !e->props[p].dconst))
            extra++;
    }
    if (!extra)
        return true;
    if (q->source && q->source->kind != ORM_Q_SELECT)
        return true; /* left to the backend's column defaults */
    uint16_t *cols = og_arena_zalloc(t->a, sizeof(uint16_t) * (q->ncols + extra + 1u));
    memcpy(cols, q->cols, sizeof(uint16_t) * q->ncols);
    uint16_t n = q->ncols;
    for (uint16_t p = 0; p < e->nprops; p++) {
        bool listed = false;
        for (uint16_t c = 0; c < q->ncols && !listed; c++)
            listed = q->cols[c] == p;
        orm_default_kind k = e->props[p].dkind;
        if (!listed && k != ORM_DEFAULT_NONE && k != ORM_DEFAULT_SEQUENCE && k != ORM_DEFAULT_IDENTITY &&
            !(k == ORM_DEFAULT_CONST && !e->props[p].dconst))
            cols[n++] = p;
    }
    if (q->source) {
        orm_query *src = q->source;
        orm_target *tg = og_arena_zalloc(t->a, sizeof(orm_target) * (src->ntargets + extra + 1u));
        memcpy(tg, src->targets, sizeof(orm_target) * src->ntargets);
        for (uint16_t c = q->ncols; c < n; c++) {
            if (!(tg[src->ntargets + (c - q->ncols)].expr = tr_default(t, e, cols[c])))
                return false;
            tg[src->ntargets + (c - q->ncols)].name = e->props[cols[c]].name;
        }
        src->targets = tg;
        src->ntargets = (uint16_t)(src->ntargets + extra);
    } else {
        for (uint32_t r = 0; r < q->nrows; r++) {
            orm_expr **row = og_arena_zalloc(t->a, sizeof(orm_expr *) * (n + 1u));
            memcpy(row, q->rows[r], sizeof(orm_expr *) * q->ncols);
            for (uint16_t c = q->ncols; c < n; c++)
                if (!(row[c] = tr_default(t, e, cols[c])))
                    return false;
            q->rows[r] = row;
        }
    }
    q->cols = cols;
    q->ncols = n;
    return true;
}

static orm_query *tr_insert(tr *t, tr_level *lv, const PgQuery__InsertStmt *s)
{
    level_init(t, lv, NULL, ORM_Q_INSERT);
    if (!tr_with(t, lv, s->with_clause) || !dml_target(t, lv, s->relation))
        return NULL;
    orm_query *q = lv->q;
    const orm_entity *e = q->rtes[q->target_rte].entity;
    bool system_value = s->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE;
    bool user_value = s->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE;
    size_t ncols = s->n_cols ? s->n_cols : e->nprops;
    /* without a column list, VALUES may name fewer columns: the first ones (the rest take defaults) */
    if (!s->n_cols && NODE(s->select_stmt, SELECT_STMT) && s->select_stmt->select_stmt->n_values_lists) {
        const PgQuery__List *first = s->select_stmt->select_stmt->values_lists[0]->list;
        if (first->n_items < ncols)
            ncols = first->n_items;
    } else if (!s->n_cols && NODE(s->select_stmt, SELECT_STMT)) {
        /* INSERT INTO t SELECT ...: the SELECT's columns fill the first columns */
        const PgQuery__SelectStmt *ss = s->select_stmt->select_stmt;
        while (ss->larg)
            ss = ss->larg;
        bool star = false;
        for (size_t i = 0; i < ss->n_target_list; i++) {
            const PgQuery__Node *v = ss->target_list[i]->res_target->val;
            star = star || (NODE(v, COLUMN_REF) && NODE(v->column_ref->fields[v->column_ref->n_fields - 1], A_STAR));
        }
        if (!star && ss->n_target_list && ss->n_target_list < ncols)
            ncols = ss->n_target_list;
    }
    q->ncols = (uint16_t)ncols;
    q->cols = og_arena_zalloc(t->a, sizeof(uint16_t) * (ncols + 1));
    for (size_t i = 0; i < ncols; i++) {
        if (!s->n_cols) {
            q->cols[i] = (uint16_t)i;
            continue;
        }
        const PgQuery__ResTarget *rt = s->cols[i]->res_target;
        if (rt->n_indirection) {
            tr_error(t, rt->location, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "subscripted INSERT columns are not supported");
            return NULL;
        }
        int p = prop_of(t, e, rt->name, rt->location);
        if (p < 0)
            return NULL;
        for (size_t k = 0; k < i; k++)
            if (q->cols[k] == p) {
                tr_error(t, rt->location, "42701", "column \"%s\" specified more than once", rt->name);
                return NULL;
            }
        q->cols[i] = (uint16_t)p;
    }
    /* GENERATED ALWAYS AS IDENTITY takes a value only with OVERRIDING SYSTEM VALUE */
    for (size_t i = 0; s->n_cols && i < ncols; i++) {
        const orm_property *p = &e->props[q->cols[i]];
        if (p->dkind == ORM_DEFAULT_IDENTITY && p->identity_always && !system_value && !user_value) {
            og_error_set(t->err, "428C9", "cannot insert a non-DEFAULT value into column \"%s\"", p->name);
            og_error_detail(t->err, "Column \"%s\" is an identity column defined as GENERATED ALWAYS.", p->name);
            og_error_hint(t->err, "Use OVERRIDING SYSTEM VALUE to override.");
            return NULL;
        }
    }
    const PgQuery__SelectStmt *src = NODE(s->select_stmt, SELECT_STMT) ? s->select_stmt->select_stmt : NULL;
    lv->hidden = true; /* the target is not visible to the source */
    if (!src) {
        /* DEFAULT VALUES */
        q->ncols = 0;
        q->nrows = 1;
        q->rows = og_arena_zalloc(t->a, sizeof(orm_expr **));
        q->rows[0] = og_arena_zalloc(t->a, sizeof(orm_expr *));
    } else if (src->n_values_lists && !src->n_sort_clause && !src->limit_count && !src->limit_offset &&
               !src->with_clause) {
        q->nrows = (uint32_t)src->n_values_lists;
        q->rows = og_arena_zalloc(t->a, sizeof(orm_expr **) * (q->nrows + 1));
        lv->where = TR_WHERE_VALUES;
        for (size_t r = 0; r < src->n_values_lists; r++) {
            const PgQuery__List *l = src->values_lists[r]->list;
            if (l->n_items > ncols) {
                og_error_set(t->err, "42601", "INSERT has more expressions than target columns");
                return NULL;
            }
            if (l->n_items < ncols) {
                og_error_set(t->err, "42601", "INSERT has more target columns than expressions");
                return NULL;
            }
            q->rows[r] = og_arena_zalloc(t->a, sizeof(orm_expr *) * (ncols + 1));
            for (size_t c = 0; c < ncols; c++)
                if (!(q->rows[r][c] = assign_value(t, lv, e, q->cols[c], l->items[c])))
                    return NULL;
        }
        lv->where = TR_WHERE_OTHER;
    } else {
        orm_query *sq = tr_select(t, lv, src);
        if (!sq)
            return NULL;
        uint16_t nt;
        orm_query_targets(sq, &nt);
        if (nt != ncols) {
            og_error_set(t->err, "42601", nt > ncols ? "INSERT has more expressions than target columns"
                                                     : "INSERT has more target columns than expressions");
            return NULL;
        }
        for (uint16_t c = 0; c < nt; c++) {
            const orm_property *p = &e->props[q->cols[c]];
            if (!setop_coerce(t, sq, c, p->type_oid, p->typmod, TR_ASSIGN, column_what(t, p)))
                return NULL;
        }
        q->source = sq;
    }
    lv->hidden = false;
    if (user_value && !q->source) /* OVERRIDING USER VALUE: identity columns take their default */
        for (uint32_t r = 0; r < q->nrows; r++)
            for (uint16_t c = 0; c < q->ncols; c++)
                if (e->props[q->cols[c]].dkind == ORM_DEFAULT_IDENTITY) {
                    orm_expr *d = tr_new(t, ORM_EX_DEFAULT, e->props[q->cols[c]].type_oid, -1);
                    d->u.default_prop = q->cols[c];
                    q->rows[r][c] = d;
                }
    if (!insert_defaults(t, q, e))
        return NULL;
    if (s->on_conflict_clause && !tr_on_conflict(t, lv, e, s->on_conflict_clause))
        return NULL;
    return tr_returning(t, lv, s->returning_list, s->n_returning_list) ? q : NULL;
}

static orm_query *tr_update(tr *t, tr_level *lv, const PgQuery__UpdateStmt *s)
{
    level_init(t, lv, NULL, ORM_Q_UPDATE);
    if (!tr_with(t, lv, s->with_clause) || !dml_target(t, lv, s->relation))
        return NULL;
    orm_query *q = lv->q;
    if (!tr_from(t, lv, s->from_clause, s->n_from_clause))
        return NULL;
    const orm_entity *e = q->rtes[q->target_rte].entity;
    if (!tr_set_list(t, lv, e, s->target_list, s->n_target_list))
        return NULL;
    if (s->where_clause) {
        lv->where = TR_WHERE_FILTER;
        q->where = tr_bool(t, lv, s->where_clause, "WHERE");
        lv->where = TR_WHERE_OTHER;
        if (!q->where)
            return NULL;
    }
    return tr_returning(t, lv, s->returning_list, s->n_returning_list) ? q : NULL;
}

static orm_query *tr_delete(tr *t, tr_level *lv, const PgQuery__DeleteStmt *s)
{
    level_init(t, lv, NULL, ORM_Q_DELETE);
    if (!tr_with(t, lv, s->with_clause) || !dml_target(t, lv, s->relation))
        return NULL;
    orm_query *q = lv->q;
    if (!tr_from(t, lv, s->using_clause, s->n_using_clause))
        return NULL;
    if (s->where_clause) {
        lv->where = TR_WHERE_FILTER;
        q->where = tr_bool(t, lv, s->where_clause, "WHERE");
        lv->where = TR_WHERE_OTHER;
        if (!q->where)
            return NULL;
    }
    return tr_returning(t, lv, s->returning_list, s->n_returning_list) ? q : NULL;
}

/* ---- entry points ------------------------------------------------------------------------------------------ */

bool orm_translate_handles(const PgQuery__Node *stmt)
{
    return stmt && (stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT ||
                    stmt->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
                    stmt->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
                    stmt->node_case == PG_QUERY__NODE__NODE_DELETE_STMT);
}

orm_stmt *orm_translate(const PgQuery__Node *stmt, const orm_translate_in *in, og_error *err)
{
    orm_stmt *st = calloc(1, sizeof *st);
    if (!st)
        abort();
    og_arena_init(&st->arena);
    tr t = {0};
    t.a = &st->arena;
    t.in = in;
    t.err = err;
    for (uint16_t i = 0; i < in->nparam_types; i++)
        tr_param_declare(&t, (uint16_t)(i + 1), in->param_types[i]);
    tr_level lv;
    orm_query *q = NULL;
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        q = tr_select_level(&t, NULL, stmt->select_stmt, &lv);
        break;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        q = tr_insert(&t, &lv, stmt->insert_stmt);
        break;
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        q = tr_update(&t, &lv, stmt->update_stmt);
        break;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        q = tr_delete(&t, &lv, stmt->delete_stmt);
        break;
    default:
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "statement is not supported by the translator");
        break;
    }
    if (!q) {
        if (!og_error_isset(err))
            og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "translation failed");
        orm_stmt_free(st);
        return NULL;
    }
    st->query = q;
    st->nparams = t.nparams;
    st->param_types = og_arena_zalloc(&st->arena, sizeof(uint32_t) * (t.nparams + 1u));
    for (uint16_t i = 0; i < t.nparams; i++)
        st->param_types[i] = t.param_types[i] ? t.param_types[i] : OG_OID_TEXT;
    return st;
}

void orm_stmt_free(orm_stmt *s)
{
    if (!s)
        return;
    og_arena_reset(&s->arena);
    free(s);
}

orm_expr *orm_translate_check(const orm_entity *e, const char *expr_sql, og_arena *a, og_error *err)
{
    char *sql = malloc(strlen(expr_sql) + 8);
    if (!sql)
        abort();
    strcpy(sql, "SELECT ");
    strcat(sql, expr_sql);
    orm_parsed pt;
    orm_expr *out = NULL;
    if (!orm_sql_parse(sql, &pt, err)) {
        free(sql);
        return NULL;
    }
    const PgQuery__Node *n = pt.tree->n_stmts ? pt.tree->stmts[0]->stmt : NULL;
    if (NODE(n, SELECT_STMT) && n->select_stmt->n_target_list == 1) {
        orm_translate_in in = {0};
        tr t = {0};
        t.a = a;
        t.in = &in;
        t.err = err;
        tr_level lv;
        level_init(&t, &lv, NULL, ORM_Q_SELECT);
        uint16_t k = rte_add(&t, &lv);
        orm_rte_set_entity(&lv.q->rtes[k], e, t.a);
        lv.q->rtes[k].alias = e->name;
        lv.where = TR_WHERE_FILTER;
        out = tr_bool(&t, &lv, n->select_stmt->target_list[0]->res_target->val, "CHECK");
    } else {
        og_error_set(err, "42601", "invalid CHECK expression");
    }
    orm_sql_parsed_free(&pt);
    free(sql);
    return out;
}

orm_expr *orm_translate_value(const orm_entity *e, const char *expr_sql, uint32_t type, int32_t typmod, og_arena *a,
                              og_error *err)
{
    char *sql = og_arena_printf(a, "SELECT %s", expr_sql);
    orm_parsed pt;
    if (!orm_sql_parse(sql, &pt, err))
        return NULL;
    orm_expr *out = NULL;
    const PgQuery__Node *n = pt.tree->n_stmts ? pt.tree->stmts[0]->stmt : NULL;
    if (NODE(n, SELECT_STMT) && n->select_stmt->n_target_list == 1) {
        orm_translate_in in = {0};
        tr t = {0};
        t.a = a;
        t.in = &in;
        t.err = err;
        tr_level lv;
        level_init(&t, &lv, NULL, ORM_Q_SELECT);
        uint16_t k = rte_add(&t, &lv);
        orm_rte_set_entity(&lv.q->rtes[k], e, t.a);
        lv.q->rtes[k].alias = e->name;
        lv.where = TR_WHERE_VALUES;
        out = tr_expr(&t, &lv, n->select_stmt->target_list[0]->res_target->val);
        if (out)
            out = tr_coerce_to(&t, out, type, typmod, TR_ASSIGN, "expression");
    } else {
        og_error_set(err, "42601", "invalid expression");
    }
    orm_sql_parsed_free(&pt);
    return out;
}

void orm_rte_set_entity(orm_rte *r, const orm_entity *e, og_arena *a)
{
    r->kind = ORM_RTE_ENTITY;
    r->entity = e;
    r->ncols = e->nprops;
    r->colnames = og_arena_zalloc(a, sizeof(char *) * (e->nprops + 1u));
    r->coltypes = og_arena_zalloc(a, sizeof(uint32_t) * (e->nprops + 1u));
    r->coltypmods = og_arena_zalloc(a, sizeof(int32_t) * (e->nprops + 1u));
    for (uint16_t i = 0; i < e->nprops; i++) {
        r->colnames[i] = e->props[i].name;
        r->coltypes[i] = e->props[i].type_oid;
        r->coltypmods[i] = e->props[i].typmod;
    }
}

const orm_target *orm_query_targets(const orm_query *q, uint16_t *n)
{
    *n = q->ntargets;
    return q->targets;
}

const orm_rte *orm_expr_rte(const orm_expr *col, orm_query *const *stack, size_t depth)
{
    if (col->kind != ORM_EX_COLUMN || col->u.column.levelsup >= depth || col->u.column.rte == ORM_RTE_OUTPUT)
        return NULL;
    const orm_query *q = stack[depth - 1 - col->u.column.levelsup];
    return col->u.column.rte < q->nrtes ? &q->rtes[col->u.column.rte] : NULL;
}
