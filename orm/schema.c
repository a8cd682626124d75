/*
 * orm/schema.c - schema generations built from DDL source, and the DDL
 * statements that make the next generation (see orm/schema.h).
 *
 * Replaying the whole source for every DDL statement costs O(tables) per
 * statement, which is nothing next to the backend's own DDL work, and it
 * means there is exactly one way metadata is built: from the statements a
 * restart would replay. Validation (unknown referenced tables, duplicate
 * names) therefore happens in the same code for a client's statement and for
 * a restart.
 */
#include "orm/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orm/schema_int.h"
#include "orm/sqlparse.h"

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

static const char *str_of(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

static bool reserved(const char *name)
{
    return !strcmp(name, "ormgate_schema") || !strcmp(name, "ormgate_sequences");
}

/* ---- indexes in metadata ---------------------------------------------------------------- */

/* Default index name as PostgreSQL's ChooseIndexName makes it: table_col1_col2_idx, with a
 * number appended while the name is taken. */
static void index_name(const orm_schema *s, const PgQuery__IndexStmt *ix, char *out, size_t cap)
{
    char base[256];
    int n = snprintf(base, sizeof base, "%s", ix->relation->relname);
    for (size_t i = 0; i < ix->n_index_params && n < (int)sizeof base; i++) {
        const PgQuery__IndexElem *ie = ix->index_params[i]->index_elem;
        n += snprintf(base + n, sizeof base - (size_t)n, "_%s", ie->name ? ie->name : "expr");
    }
    if (strlen(base) > 59)
        base[59] = '\0';
    for (int k = 0;; k++) {
        if (k)
            snprintf(out, cap, "%s_idx%d", base, k);
        else
            snprintf(out, cap, "%s_idx", base);
        bool taken = orm_meta_get(&s->meta, out) != NULL;
        for (size_t i = 0; i < s->nobjs && !taken; i++)
            taken = !strcmp(s->objs[i].name, out);
        if (!taken)
            return;
    }
}

/* Check an index statement against the schema; fill its name. */
static bool index_check(const orm_schema *s, const PgQuery__IndexStmt *ix, char *name, size_t cap, og_error *err)
{
    const orm_entity *e = orm_meta_get(&s->meta, ix->relation->relname);
    if (!e) {
        og_error_set(err, "42P01", "relation \"%s\" does not exist", ix->relation->relname);
        return false;
    }
    if (ix->where_clause || ix->n_index_including_params || ix->n_exclude_op_names ||
        (ix->access_method && *ix->access_method && strcmp(ix->access_method, "btree"))) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "partial, covering and non-btree indexes are not supported by ormgate");
        return false;
    }
    for (size_t i = 0; i < ix->n_index_params; i++) {
        const PgQuery__IndexElem *ie = ix->index_params[i]->index_elem;
        if (!ie->name || !*ie->name) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "indexes on expressions are not supported by ormgate");
            return false;
        }
        if (orm_entity_prop(e, ie->name) < 0) {
            og_error_set(err, "42703", "column \"%s\" does not exist", ie->name);
            return false;
        }
    }
    if (ix->idxname && *ix->idxname)
        snprintf(name, cap, "%s", ix->idxname);
    else
        index_name(s, ix, name, cap);
    return true;
}

/* A unique index is a unique key of its entity (named after the index, as PostgreSQL names the
 * constraint in errors). */
static void index_apply(orm_entity *e, const PgQuery__IndexStmt *ix, const char *name)
{
    if (!ix->unique)
        return;
    orm_key *keys = og_arena_zalloc(&e->arena, sizeof(orm_key) * (e->nuniques + 1u));
    if (e->nuniques)
        memcpy(keys, e->uniques, sizeof(orm_key) * e->nuniques);
    orm_key *k = &keys[e->nuniques];
    k->name = og_arena_strdup(&e->arena, name);
    k->ncols = (uint16_t)ix->n_index_params;
    k->cols = og_arena_zalloc(&e->arena, sizeof(uint16_t) * (k->ncols + 1u));
    for (uint16_t i = 0; i < k->ncols; i++)
        k->cols[i] = (uint16_t)orm_entity_prop(e, ix->index_params[i]->index_elem->name);
    e->uniques = keys;
    e->nuniques++;
}

/* ---- building a generation ------------------------------------------------------------ */

static bool replay_one(orm_schema *s, const orm_schema_obj *o, og_error *err)
{
    orm_parsed pt;
    if (!orm_sql_parse(o->ddl, &pt, err))
        return false;
    bool ok = false;
    const PgQuery__Node *n = pt.tree->n_stmts == 1 ? pt.tree->stmts[0]->stmt : NULL;
    if (o->kind == ORM_SCHEMA_TABLE && n && n->node_case == PG_QUERY__NODE__NODE_CREATE_STMT) {
        orm_entity *e = orm_entity_from_create(n->create_stmt, err);
        ok = e && orm_meta_add(&s->meta, e, err);
        if (e && !ok)
            orm_entity_free(e);
    } else if (o->kind == ORM_SCHEMA_INDEX && n && n->node_case == PG_QUERY__NODE__NODE_INDEX_STMT) {
        char name[128];
        const PgQuery__IndexStmt *ix = n->index_stmt;
        if (index_check(s, ix, name, sizeof name, err)) {
            index_apply((orm_entity *)orm_meta_get(&s->meta, ix->relation->relname), ix, o->name);
            ok = true;
        }
    } else if (o->kind == ORM_SCHEMA_COMMENT && n && n->node_case == PG_QUERY__NODE__NODE_COMMENT_STMT) {
        ok = true; /* comments are kept for the catalog; nothing in the entity metadata */
    } else {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "unexpected statement in the schema source: %s", o->ddl);
    }
    orm_sql_parsed_free(&pt);
    return ok;
}

static void obj_push(orm_schema *s, orm_schema_kind kind, const char *name, const char *table, const char *ddl)
{
    orm_schema_obj *v = realloc(s->objs, sizeof(*v) * (s->nobjs + 1));
    if (!v)
        abort();
    s->objs = v;
    v[s->nobjs].kind = kind;
    v[s->nobjs].name = xstrdup(name);
    v[s->nobjs].table = xstrdup(table);
    v[s->nobjs].ddl = xstrdup(ddl);
    s->nobjs++;
}

orm_schema *orm_schema_build(const orm_schema_obj *objs, size_t n, unsigned long generation, og_error *err)
{
    orm_schema *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    orm_meta_init(&s->meta);
    s->generation = generation;
    /* tables first: an index or a foreign key may name a table created after it was stored */
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < n; i++) {
            int want = objs[i].kind == ORM_SCHEMA_TABLE ? 0 : objs[i].kind == ORM_SCHEMA_INDEX ? 1 : 2;
            if (pass != want)
                continue;
            obj_push(s, objs[i].kind, objs[i].name, objs[i].table, objs[i].ddl);
            if (!replay_one(s, &objs[i], err)) {
                orm_schema_free(s);
                return NULL;
            }
        }
    if (!orm_meta_link(&s->meta, err)) {
        orm_schema_free(s);
        return NULL;
    }
    return s;
}

void orm_schema_free(orm_schema *s)
{
    if (!s)
        return;
    orm_meta_free(&s->meta);
    for (size_t i = 0; i < s->nobjs; i++) {
        free(s->objs[i].name);
        free(s->objs[i].table);
        free(s->objs[i].ddl);
    }
    free(s->objs);
    free(s);
}

/* The next generation from cur with rows replaced (by name and kind); see orm/schema_int.h. */
orm_schema *orm_schema_replace(const orm_schema *cur, const orm_schema_obj *repl, size_t nrepl, og_error *err)
{
    orm_schema_obj *v = calloc(cur->nobjs + 1, sizeof *v);
    if (!v)
        abort();
    for (size_t i = 0; i < cur->nobjs; i++) {
        v[i] = cur->objs[i];
        for (size_t k = 0; k < nrepl; k++)
            if (repl[k].kind == cur->objs[i].kind && !strcmp(repl[k].name, cur->objs[i].name))
                v[i] = repl[k];
    }
    orm_schema *s = orm_schema_build(v, cur->nobjs, cur->generation + 1, err);
    free(v);
    return s;
}

/* The next generation: cur's source without the rows for which drop() is true, plus one row. */
static orm_schema *rebuild(const orm_schema *cur, bool (*drop)(const orm_schema_obj *, void *), void *ctx,
                           const orm_schema_obj *add, og_error *err)
{
    orm_schema_obj *v = calloc(cur->nobjs + 1, sizeof *v);
    if (!v)
        abort();
    size_t n = 0;
    for (size_t i = 0; i < cur->nobjs; i++)
        if (!drop || !drop(&cur->objs[i], ctx))
            v[n++] = cur->objs[i];
    if (add)
        v[n++] = *add;
    orm_schema *s = orm_schema_build(v, n, cur->generation + 1, err);
    free(v);
    return s;
}

/* ---- statements ----------------------------------------------------------------------------- */

typedef struct name_set {
    char **names;
    size_t n;
} name_set;

static bool in_set(const name_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], name))
            return true;
    return false;
}

static bool drop_tables(const orm_schema_obj *o, void *ctx)
{
    const name_set *s = ctx;
    return in_set(s, o->table);
}

static bool drop_indexes(const orm_schema_obj *o, void *ctx)
{
    const name_set *s = ctx;
    return o->kind == ORM_SCHEMA_INDEX && in_set(s, o->name);
}

static bool create_table(const orm_schema *cur, const PgQuery__CreateStmt *cs, const char *sql, orm_ddl *out,
                         og_error *err)
{
    const char *name = cs->relation->relname;
    snprintf(out->tag, sizeof out->tag, "CREATE TABLE");
    out->kind = ORM_DDL_CREATE_TABLE;
    if (cs->relation->schemaname && *cs->relation->schemaname && strcmp(cs->relation->schemaname, "public")) {
        og_error_set(err, "3F000", "schema \"%s\" does not exist", cs->relation->schemaname);
        return false;
    }
    if (reserved(name)) {
        og_error_set(err, "42939", "table name \"%s\" is reserved by ormgate", name);
        return false;
    }
    bool exists = orm_meta_get(&cur->meta, name) != NULL;
    for (size_t i = 0; i < cur->nobjs && !exists; i++)
        exists = !strcmp(cur->objs[i].name, name);
    if (exists) {
        if (cs->if_not_exists) {
            out->skipped = true;
            snprintf(out->notice, sizeof out->notice, "relation \"%s\" already exists, skipping", name);
            memcpy(out->notice_code, "42P07", 6);
            return true;
        }
        og_error_set(err, "42P07", "relation \"%s\" already exists", name);
        return false;
    }
    /* validate on its own first, for errors about the statement itself */
    orm_entity *e = orm_entity_from_create(cs, err);
    if (!e)
        return false;
    orm_entity_free(e);
    orm_schema_obj add = {ORM_SCHEMA_TABLE, (char *)name, (char *)name, (char *)sql};
    out->next = rebuild(cur, NULL, NULL, &add, err);
    if (!out->next)
        return false;
    out->added = &out->next->objs[out->next->nobjs - 1];
    for (size_t i = 0; i < out->next->nobjs; i++)
        if (!strcmp(out->next->objs[i].name, name) && out->next->objs[i].kind == ORM_SCHEMA_TABLE)
            out->added = &out->next->objs[i];
    return true;
}

static bool push_name(char ***v, size_t *n, const char *s)
{
    char **g = realloc(*v, sizeof(char *) * (*n + 1));
    if (!g)
        abort();
    *v = g;
    g[(*n)++] = xstrdup(s);
    return true;
}

static const char *object_name(const PgQuery__Node *obj, og_error *err)
{
    const PgQuery__List *l = obj && obj->node_case == PG_QUERY__NODE__NODE_LIST ? obj->list : NULL;
    if (!l || !l->n_items)
        return NULL;
    if (l->n_items == 2) {
        const char *schema = str_of(l->items[0]);
        if (schema && strcmp(schema, "public")) {
            og_error_set(err, "3F000", "schema \"%s\" does not exist", schema);
            return NULL;
        }
    }
    return str_of(l->items[l->n_items - 1]);
}

static bool drop(const orm_schema *cur, const PgQuery__DropStmt *ds, orm_ddl *out, og_error *err)
{
    bool tables = ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    bool indexes = ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX;
    if (!tables && !indexes) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this DROP statement is not supported by ormgate");
        return false;
    }
    out->kind = tables ? ORM_DDL_DROP_TABLE : ORM_DDL_DROP_INDEX;
    snprintf(out->tag, sizeof out->tag, tables ? "DROP TABLE" : "DROP INDEX");
    name_set set = {0};
    size_t nidx = 0;
    char **idx_tables = NULL;
    for (size_t i = 0; i < ds->n_objects; i++) {
        const char *name = object_name(ds->objects[i], err);
        if (!name) {
            if (!og_error_isset(err))
                og_error_set(err, "42601", "bad object name in DROP");
            goto fail;
        }
        bool found = false;
        const char *idx_table = NULL;
        if (tables) {
            found = orm_meta_get(&cur->meta, name) != NULL;
        } else {
            for (size_t k = 0; k < cur->nobjs && !found; k++)
                if (cur->objs[k].kind == ORM_SCHEMA_INDEX && !strcmp(cur->objs[k].name, name)) {
                    found = true;
                    idx_table = cur->objs[k].table;
                }
        }
        if (!found) {
            if (ds->missing_ok) {
                snprintf(out->notice, sizeof out->notice, "%s \"%s\" does not exist, skipping",
                         tables ? "table" : "index", name);
                continue;
            }
            og_error_set(err, tables ? "42P01" : "42704", "%s \"%s\" does not exist", tables ? "table" : "index", name);
            goto fail;
        }
        push_name(&set.names, &set.n, name);
        if (idx_table)
            push_name(&idx_tables, &nidx, idx_table);
    }
    if (!set.n) {
        out->skipped = true;
        return true;
    }
    if (tables) {
        /* a foreign key from a table that stays makes the drop fail (CASCADE would drop the constraint) */
        for (size_t i = 0; i < set.n; i++) {
            const orm_entity *e = orm_meta_get(&cur->meta, set.names[i]);
            for (uint16_t k = 0; k < e->ninverse; k++) {
                const orm_fk *fk = e->inverse[k];
                const char *from = NULL;
                size_t it = 0;
                void *v;
                while (og_hmap_next(&((orm_metadata *)&cur->meta)->entities, &it, NULL, NULL, &v)) {
                    const orm_entity *o = v;
                    if (fk >= o->fks && fk < o->fks + o->nfks)
                        from = o->name;
                }
                if (from && !in_set(&set, from)) {
                    if (ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
                        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                     "DROP TABLE ... CASCADE of a table other tables reference is not supported by "
                                     "ormgate yet");
                        og_error_detail(err, "constraint %s on table %s depends on table %s", fk->name, from, e->name);
                    } else {
                        og_error_set(err, "2BP01", "cannot drop table %s because other objects depend on it",
                                     e->name);
                        og_error_detail(err, "constraint %s on table %s depends on table %s", fk->name, from, e->name);
                        og_error_hint(err, "Use DROP ... CASCADE to drop the dependent objects too.");
                    }
                    goto fail;
                }
            }
        }
        out->next = rebuild(cur, drop_tables, &set, NULL, err);
        out->removed_tables = set.names;
        out->nremoved = set.n;
    } else {
        out->next = rebuild(cur, drop_indexes, &set, NULL, err);
        out->removed_indexes = set.names;
        out->nremoved_indexes = set.n;
        out->removed_tables = idx_tables;
        out->nremoved = nidx;
        idx_tables = NULL;
    }
    for (size_t i = 0; i < nidx; i++)
        free(idx_tables[i]);
    free(idx_tables);
    return out->next != NULL;
fail:
    for (size_t i = 0; i < set.n; i++)
        free(set.names[i]);
    free(set.names);
    for (size_t i = 0; i < nidx; i++)
        free(idx_tables[i]);
    free(idx_tables);
    return false;
}

static bool create_index(const orm_schema *cur, const PgQuery__IndexStmt *ix, const char *sql, orm_ddl *out,
                         og_error *err)
{
    out->kind = ORM_DDL_CREATE_INDEX;
    snprintf(out->tag, sizeof out->tag, "CREATE INDEX");
    if (ix->concurrent) {
        /* nothing to wait for: the backend builds it at once */
    }
    char name[128];
    if (!index_check(cur, ix, name, sizeof name, err))
        return false;
    bool exists = orm_meta_get(&cur->meta, name) != NULL;
    for (size_t i = 0; i < cur->nobjs && !exists; i++)
        exists = !strcmp(cur->objs[i].name, name);
    if (exists) {
        if (ix->if_not_exists) {
            out->skipped = true;
            snprintf(out->notice, sizeof out->notice, "relation \"%s\" already exists, skipping", name);
            memcpy(out->notice_code, "42P07", 6);
            return true;
        }
        og_error_set(err, "42P07", "relation \"%s\" already exists", name);
        return false;
    }
    orm_schema_obj add = {ORM_SCHEMA_INDEX, name, ix->relation->relname, (char *)sql};
    out->next = rebuild(cur, NULL, NULL, &add, err);
    if (!out->next)
        return false;
    for (size_t i = 0; i < out->next->nobjs; i++)
        if (!strcmp(out->next->objs[i].name, name))
            out->added = &out->next->objs[i];
    return true;
}

static bool truncate_(const orm_schema *cur, const PgQuery__TruncateStmt *ts, orm_ddl *out, og_error *err)
{
    out->kind = ORM_DDL_TRUNCATE;
    snprintf(out->tag, sizeof out->tag, "TRUNCATE TABLE");
    name_set set = {0};
    for (size_t i = 0; i < ts->n_relations; i++) {
        const PgQuery__RangeVar *rv = ts->relations[i]->range_var;
        if (!orm_meta_get(&cur->meta, rv->relname)) {
            og_error_set(err, "42P01", "relation \"%s\" does not exist", rv->relname);
            goto fail;
        }
        if (!in_set(&set, rv->relname))
            push_name(&set.names, &set.n, rv->relname);
    }
    /* referencing tables: CASCADE truncates them too, else PostgreSQL refuses */
    for (size_t i = 0; i < set.n; i++) {
        const orm_entity *e = orm_meta_get(&cur->meta, set.names[i]);
        for (uint16_t k = 0; k < e->ninverse; k++) {
            size_t it = 0;
            void *v;
            while (og_hmap_next(&((orm_metadata *)&cur->meta)->entities, &it, NULL, NULL, &v)) {
                const orm_entity *o = v;
                if (!(e->inverse[k] >= o->fks && e->inverse[k] < o->fks + o->nfks) || in_set(&set, o->name))
                    continue;
                if (ts->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
                    push_name(&set.names, &set.n, o->name);
                    continue;
                }
                og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                             "cannot truncate a table referenced in a foreign key constraint");
                og_error_detail(err, "Table \"%s\" references \"%s\".", o->name, e->name);
                og_error_hint(err, "Truncate table \"%s\" at the same time, or use TRUNCATE ... CASCADE.", o->name);
                goto fail;
            }
        }
    }
    out->removed_tables = set.names;
    out->nremoved = set.n;
    out->restart_identity = ts->restart_seqs;
    return true;
fail:
    for (size_t i = 0; i < set.n; i++)
        free(set.names[i]);
    free(set.names);
    return false;
}

static bool drop_comment(const orm_schema_obj *o, void *ctx)
{
    return o->kind == ORM_SCHEMA_COMMENT && !strcmp(o->name, (const char *)ctx);
}

static bool comment(const orm_schema *cur, const PgQuery__CommentStmt *cs, const char *sql, orm_ddl *out, og_error *err)
{
    out->kind = ORM_DDL_COMMENT;
    snprintf(out->tag, sizeof out->tag, "COMMENT");
    const PgQuery__List *l = cs->object && cs->object->node_case == PG_QUERY__NODE__NODE_LIST ? cs->object->list : NULL;
    bool column = cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN;
    if ((!column && cs->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) || !l || l->n_items < (column ? 2u : 1u)) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "only COMMENT ON TABLE and COMMENT ON COLUMN are supported");
        return false;
    }
    const char *table = str_of(l->items[l->n_items - (column ? 2 : 1)]);
    const char *col = column ? str_of(l->items[l->n_items - 1]) : NULL;
    const orm_entity *e = table ? orm_meta_get(&cur->meta, table) : NULL;
    if (!e) {
        og_error_set(err, "42P01", "relation \"%s\" does not exist", table ? table : "?");
        return false;
    }
    if (column && orm_entity_prop(e, col) < 0) {
        og_error_set(err, "42703", "column \"%s\" of relation \"%s\" does not exist", col, table);
        return false;
    }
    char name[300];
    snprintf(name, sizeof name, column ? "%s.%s" : "%s", table, col);
    bool had = false;
    for (size_t i = 0; i < cur->nobjs && !had; i++)
        had = drop_comment(&cur->objs[i], name);
    if (had)
        out->removed_comment = strdup(name);
    orm_schema_obj add = {ORM_SCHEMA_COMMENT, name, (char *)table, (char *)sql};
    bool set = cs->comment && *cs->comment;
    out->next = rebuild(cur, had ? drop_comment : NULL, name, set ? &add : NULL, err);
    if (!out->next)
        return false;
    for (size_t i = 0; set && i < out->next->nobjs; i++)
        if (drop_comment(&out->next->objs[i], name))
            out->added = &out->next->objs[i];
    return true;
}

bool orm_schema_handles(const PgQuery__Node *n)
{
    if (!n)
        return false;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
    case PG_QUERY__NODE__NODE_INDEX_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return true;
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        return n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN;
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
               n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX;
    default:
        return false;
    }
}

bool orm_schema_ddl(const orm_schema *cur, const PgQuery__Node *n, const char *sql, orm_ddl *out, og_error *err)
{
    memset(out, 0, sizeof *out);
    memcpy(out->notice_code, "00000", 6);
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        return create_table(cur, n->create_stmt, sql, out, err);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return drop(cur, n->drop_stmt, out, err);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return create_index(cur, n->index_stmt, sql, out, err);
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        return truncate_(cur, n->truncate_stmt, out, err);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        return orm_schema_alter(cur, n->alter_table_stmt, out, err);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return comment(cur, n->comment_stmt, sql, out, err);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        return orm_schema_rename(cur, n->rename_stmt, out, err);
    default:
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this DDL statement is not supported by ormgate");
        return false;
    }
}

void orm_ddl_free(orm_ddl *out)
{
    orm_schema_free(out->next);
    for (size_t i = 0; i < out->nremoved; i++)
        free(out->removed_tables[i]);
    free(out->removed_tables);
    for (size_t i = 0; i < out->nremoved_indexes; i++)
        free(out->removed_indexes[i]);
    free(out->removed_indexes);
    free(out->table);
    free(out->removed_comment);
    for (size_t i = 0; i < out->nactions; i++) {
        free(out->actions[i].column);
        free(out->actions[i].to);
        free(out->actions[i].constraint);
    }
    free(out->actions);
    memset(out, 0, sizeof *out);
}
