/*
 * orm/schema_alter.c - ALTER TABLE and RENAME COLUMN on the DDL source.
 *
 * A table's source is its CREATE TABLE statement. An ALTER TABLE is applied
 * to that statement's parse tree (a column definition or constraint appended
 * or removed, a name changed) and the tree is deparsed back into SQL with
 * libpg_query's deparser, so the source stays one plain CREATE TABLE that a
 * restart replays. What the backend must do is then found by comparing the
 * entity before and after (columns, unique keys, checks, foreign keys by
 * name), plus the renames, which a comparison cannot see.
 *
 * Parse trees are protobuf-c messages allocated with malloc; nodes moved
 * between trees are copied by packing and unpacking them, so each tree keeps
 * owning exactly what it frees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orm/schema_int.h"
#include "orm/sqlparse.h"

#define NODE(n, kind) ((n) && (n)->node_case == PG_QUERY__NODE__NODE_##kind)

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

static const char *str_of(const PgQuery__Node *n) { return NODE(n, STRING) ? n->string->sval : NULL; }

/* A copy of a node, owned by the caller (protobuf-c malloc'd). */
static PgQuery__Node *node_clone(const PgQuery__Node *n)
{
    size_t len = pg_query__node__get_packed_size(n);
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf)
        abort();
    pg_query__node__pack(n, buf);
    PgQuery__Node *c = pg_query__node__unpack(NULL, len, buf);
    free(buf);
    if (!c)
        abort();
    return c;
}

static void node_append(PgQuery__Node ***v, size_t *n, PgQuery__Node *x)
{
    PgQuery__Node **g = realloc(*v, sizeof(*g) * (*n + 1));
    if (!g)
        abort();
    g[(*n)++] = x;
    *v = g;
}

static void node_remove(PgQuery__Node **v, size_t *n, size_t i)
{
    protobuf_c_message_free_unpacked(&v[i]->base, NULL);
    memmove(&v[i], &v[i + 1], sizeof(*v) * (*n - i - 1));
    (*n)--;
}

/* SQL of a parse result (malloc'd), or NULL. */
static char *deparse(const PgQuery__ParseResult *pr)
{
    size_t len = pg_query__parse_result__get_packed_size(pr);
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf)
        abort();
    pg_query__parse_result__pack(pr, buf);
    PgQueryProtobuf pb = {len, (char *)buf};
    PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
    free(buf);
    char *out = !d.error && d.query ? xstrdup(d.query) : NULL;
    pg_query_free_deparse_result(d);
    return out;
}

static void set_str(char **dst, const char *v)
{
    if (*dst && *dst != protobuf_c_empty_string)
        free(*dst);
    *dst = xstrdup(v);
}

/* ---- renaming a column everywhere in a tree ------------------------------------------------------ */

typedef struct rename_ctx {
    const char *table; /* the table whose column is renamed */
    const char *from, *to;
    bool own;          /* the tree is that table's CREATE TABLE (or one of its indexes) */
} rename_ctx;

static void rename_strings(PgQuery__Node **v, size_t n, const rename_ctx *rc)
{
    for (size_t i = 0; i < n; i++)
        if (NODE(v[i], STRING) && !strcmp(v[i]->string->sval, rc->from))
            set_str(&v[i]->string->sval, rc->to);
}

/* Walk every message of the tree (protobuf-c reflection): column references, column definitions,
 * constraint key lists and index elements that name the column. */
static void rename_walk(ProtobufCMessage *m, const rename_ctx *rc)
{
    if (!m)
        return;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (d == &pg_query__column_def__descriptor && rc->own) {
        PgQuery__ColumnDef *cd = (PgQuery__ColumnDef *)m;
        if (!strcmp(cd->colname, rc->from))
            set_str(&cd->colname, rc->to);
    } else if (d == &pg_query__column_ref__descriptor && rc->own) {
        PgQuery__ColumnRef *cr = (PgQuery__ColumnRef *)m;
        if (cr->n_fields && (cr->n_fields == 1 || (cr->n_fields == 2 && str_of(cr->fields[0]) &&
                                                  !strcmp(str_of(cr->fields[0]), rc->table))))
            rename_strings(&cr->fields[cr->n_fields - 1], 1, rc);
    } else if (d == &pg_query__constraint__descriptor) {
        PgQuery__Constraint *c = (PgQuery__Constraint *)m;
        if (rc->own) {
            rename_strings(c->keys, c->n_keys, rc);
            rename_strings(c->fk_attrs, c->n_fk_attrs, rc);
        }
        if (c->pktable && !strcmp(c->pktable->relname, rc->table))
            rename_strings(c->pk_attrs, c->n_pk_attrs, rc);
    } else if (d == &pg_query__index_elem__descriptor && rc->own) {
        PgQuery__IndexElem *ie = (PgQuery__IndexElem *)m;
        if (ie->name && !strcmp(ie->name, rc->from))
            set_str(&ie->name, rc->to);
    }
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        char *base = (char *)m;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            if (*(uint32_t *)(base + f->quantifier_offset) != f->id)
                continue;
        }
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(size_t *)(base + f->quantifier_offset);
            ProtobufCMessage **arr = *(ProtobufCMessage ***)(base + f->offset);
            for (size_t k = 0; k < n; k++)
                rename_walk(arr[k], rc);
        } else {
            rename_walk(*(ProtobufCMessage **)(base + f->offset), rc);
        }
    }
}

/* ---- the actions: what changed between two entities ------------------------------------------ */

static void action_add(orm_ddl *out, orm_alter_kind k, const char *column, const char *to, const char *constraint)
{
    orm_alter_action *v = realloc(out->actions, sizeof(*v) * (out->nactions + 1));
    if (!v)
        abort();
    out->actions = v;
    v[out->nactions++] = (orm_alter_action){k, column ? xstrdup(column) : NULL, to ? xstrdup(to) : NULL,
                                            constraint ? xstrdup(constraint) : NULL};
}

static bool has_key(const orm_key *v, uint16_t n, const char *name)
{
    for (uint16_t i = 0; i < n; i++)
        if (v[i].name && !strcmp(v[i].name, name))
            return true;
    return false;
}

static void diff(const orm_entity *a, const orm_entity *b, orm_ddl *out)
{
    /* removed unique keys first (their indexes may hold a dropped column) */
    for (uint16_t i = 0; i < a->nuniques; i++)
        if (!has_key(b->uniques, b->nuniques, a->uniques[i].name))
            action_add(out, ORM_ALTER_DROP_UNIQUE, NULL, NULL, a->uniques[i].name);
    if (a->pk.ncols && !b->pk.ncols)
        action_add(out, ORM_ALTER_DROP_UNIQUE, NULL, NULL, a->pk.name);
    bool redefine = false;
    for (uint16_t i = 0; i < a->nchecks; i++) {
        bool kept = false;
        for (uint16_t k = 0; k < b->nchecks && !kept; k++)
            kept = !strcmp(a->checks[i].name, b->checks[k].name);
        redefine = redefine || !kept;
    }
    for (uint16_t i = 0; i < a->nfks; i++) {
        bool kept = false;
        for (uint16_t k = 0; k < b->nfks && !kept; k++)
            kept = !strcmp(a->fks[i].name, b->fks[k].name);
        redefine = redefine || !kept;
    }
    for (uint16_t i = 0; i < a->nprops; i++) {
        bool kept = false;
        for (uint16_t k = 0; k < out->nactions && !kept; k++)
            kept = out->actions[k].kind == ORM_ALTER_RENAME_COLUMN && !strcmp(out->actions[k].column, a->props[i].name);
        if (!kept && orm_entity_prop(b, a->props[i].name) < 0)
            action_add(out, ORM_ALTER_DROP_COLUMN, a->props[i].name, NULL, NULL);
    }
    for (uint16_t i = 0; i < b->nprops; i++) {
        const orm_property *p = &b->props[i];
        int old = orm_entity_prop(a, p->name);
        bool renamed = false;
        for (uint16_t k = 0; k < out->nactions && !renamed; k++)
            renamed = out->actions[k].kind == ORM_ALTER_RENAME_COLUMN && !strcmp(out->actions[k].to, p->name);
        if (renamed)
            continue;
        if (old < 0) {
            action_add(out, ORM_ALTER_ADD_COLUMN, p->name, NULL, NULL);
            continue;
        }
        const orm_property *q = &a->props[old];
        if (p->type_oid != q->type_oid || p->typmod != q->typmod)
            redefine = true;
        if (p->not_null && !q->not_null && !p->primary)
            action_add(out, ORM_ALTER_SET_NOT_NULL, p->name, NULL, NULL);
        if ((!p->not_null && q->not_null) || p->dkind != q->dkind ||
            (p->dconst && (!q->dconst || strcmp(p->dconst, q->dconst))) ||
            (p->dexpr && (!q->dexpr || strcmp(p->dexpr, q->dexpr))))
            redefine = true;
    }
    if (b->pk.ncols && !a->pk.ncols)
        action_add(out, ORM_ALTER_ADD_PKEY, NULL, NULL, b->pk.name);
    for (uint16_t i = 0; i < b->nuniques; i++)
        if (!has_key(a->uniques, a->nuniques, b->uniques[i].name))
            action_add(out, ORM_ALTER_ADD_UNIQUE, NULL, NULL, b->uniques[i].name);
    for (uint16_t i = 0; i < b->nchecks; i++) {
        bool had = false;
        for (uint16_t k = 0; k < a->nchecks && !had; k++)
            had = !strcmp(a->checks[k].name, b->checks[i].name);
        if (!had)
            action_add(out, ORM_ALTER_ADD_CHECK, NULL, NULL, b->checks[i].name);
    }
    for (uint16_t i = 0; i < b->nfks; i++) {
        bool had = false;
        for (uint16_t k = 0; k < a->nfks && !had; k++)
            had = !strcmp(a->fks[k].name, b->fks[i].name);
        if (!had)
            action_add(out, ORM_ALTER_ADD_FK, NULL, NULL, b->fks[i].name);
    }
    if (redefine)
        action_add(out, ORM_ALTER_REDEFINE, NULL, NULL, NULL);
}

/* ---- ALTER TABLE -------------------------------------------------------------------------------- */

static int find_table_obj(const orm_schema *cur, const char *name)
{
    for (size_t i = 0; i < cur->nobjs; i++)
        if (cur->objs[i].kind == ORM_SCHEMA_TABLE && !strcmp(cur->objs[i].name, name))
            return (int)i;
    return -1;
}

static ssize_t column_index(const PgQuery__CreateStmt *cs, const char *name)
{
    for (size_t i = 0; i < cs->n_table_elts; i++)
        if (NODE(cs->table_elts[i], COLUMN_DEF) && !strcmp(cs->table_elts[i]->column_def->colname, name))
            return (ssize_t)i;
    return -1;
}

static bool names_column(PgQuery__Node **v, size_t n, const char *col)
{
    for (size_t i = 0; i < n; i++)
        if (str_of(v[i]) && !strcmp(str_of(v[i]), col))
            return true;
    return false;
}

/* Does an expression tree mention a column (any ColumnRef ending in that name)? */
static bool mentions(const ProtobufCMessage *m, const char *col)
{
    if (!m)
        return false;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (d == &pg_query__column_ref__descriptor) {
        const PgQuery__ColumnRef *cr = (const PgQuery__ColumnRef *)m;
        const char *last = cr->n_fields ? str_of(cr->fields[cr->n_fields - 1]) : NULL;
        if (last && !strcmp(last, col))
            return true;
    }
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        const char *base = (const char *)m;
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && *(const uint32_t *)(base + f->quantifier_offset) != f->id)
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)(base + f->quantifier_offset);
            ProtobufCMessage *const *arr = *(ProtobufCMessage *const *const *)(base + f->offset);
            for (size_t k = 0; k < n; k++)
                if (mentions(arr[k], col))
                    return true;
        } else if (mentions(*(ProtobufCMessage *const *)(base + f->offset), col)) {
            return true;
        }
    }
    return false;
}

static bool drop_column(const orm_schema *cur, const orm_entity *e, PgQuery__CreateStmt *cs,
                        const PgQuery__AlterTableCmd *cmd, orm_ddl *out, og_error *err)
{
    ssize_t ci = column_index(cs, cmd->name);
    if (ci < 0) {
        if (cmd->missing_ok) {
            snprintf(out->notice, sizeof out->notice, "column \"%s\" of relation \"%s\" does not exist, skipping",
                     cmd->name, e->name);
            return true;
        }
        og_error_set(err, "42703", "column \"%s\" of relation \"%s\" does not exist", cmd->name, e->name);
        return false;
    }
    /* foreign keys of other tables that reference the column */
    for (uint16_t k = 0; k < e->ninverse; k++) {
        const orm_fk *fk = e->inverse[k];
        for (uint16_t c = 0; c < fk->ncols; c++)
            if (fk->ref_cols[c] && !strcmp(fk->ref_cols[c], cmd->name)) {
                og_error_set(err, cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE ? "0A000" : "2BP01",
                             "cannot drop column %s of table %s because other objects depend on it", cmd->name,
                             e->name);
                og_error_detail(err, "constraint %s depends on column %s of table %s", fk->name, cmd->name, e->name);
                og_error_hint(err, "Use DROP ... CASCADE to drop the dependent objects too.");
                return false;
            }
    }
    node_remove(cs->table_elts, &cs->n_table_elts, (size_t)ci);
    /* table constraints that involve the column go with it, as in PostgreSQL */
    for (size_t i = cs->n_table_elts; i-- > 0;) {
        const PgQuery__Node *n = cs->table_elts[i];
        if (!NODE(n, CONSTRAINT))
            continue;
        const PgQuery__Constraint *c = n->constraint;
        if (names_column(c->keys, c->n_keys, cmd->name) || names_column(c->fk_attrs, c->n_fk_attrs, cmd->name) ||
            (c->raw_expr && mentions(&c->raw_expr->base, cmd->name)))
            node_remove(cs->table_elts, &cs->n_table_elts, i);
    }
    (void)cur;
    return true;
}

static bool column_constraint_remove(PgQuery__ColumnDef *cd, PgQuery__ConstrType type)
{
    bool any = false;
    for (size_t i = cd->n_constraints; i-- > 0;)
        if (NODE(cd->constraints[i], CONSTRAINT) && cd->constraints[i]->constraint->contype == type) {
            node_remove(cd->constraints, &cd->n_constraints, i);
            any = true;
        }
    return any;
}

static bool drop_constraint(PgQuery__CreateStmt *cs, const char *table, const PgQuery__AlterTableCmd *cmd,
                            orm_ddl *out, og_error *err)
{
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        PgQuery__Node *n = cs->table_elts[i];
        if (NODE(n, CONSTRAINT) && n->constraint->conname && !strcmp(n->constraint->conname, cmd->name)) {
            node_remove(cs->table_elts, &cs->n_table_elts, i);
            return true;
        }
        if (NODE(n, COLUMN_DEF)) {
            PgQuery__ColumnDef *cd = n->column_def;
            for (size_t k = 0; k < cd->n_constraints; k++)
                if (NODE(cd->constraints[k], CONSTRAINT) && cd->constraints[k]->constraint->conname &&
                    !strcmp(cd->constraints[k]->constraint->conname, cmd->name)) {
                    node_remove(cd->constraints, &cd->n_constraints, k);
                    return true;
                }
        }
    }
    if (cmd->missing_ok) {
        snprintf(out->notice, sizeof out->notice, "constraint \"%s\" of relation \"%s\" does not exist, skipping",
                 cmd->name, table);
        return true;
    }
    og_error_set(err, "42704", "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, table);
    og_error_hint(err, "Constraints ormgate named itself can be dropped only by the name given in CREATE TABLE.");
    return false;
}

static bool apply_cmd(const orm_schema *cur, const orm_entity *e, PgQuery__CreateStmt *cs,
                      const PgQuery__AlterTableCmd *cmd, orm_ddl *out, og_error *err)
{
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
        const PgQuery__ColumnDef *cd = NODE(cmd->def, COLUMN_DEF) ? cmd->def->column_def : NULL;
        if (!cd)
            break;
        if (column_index(cs, cd->colname) >= 0) {
            if (cmd->missing_ok) {
                snprintf(out->notice, sizeof out->notice, "column \"%s\" of relation \"%s\" already exists, skipping",
                         cd->colname, e->name);
                memcpy(out->notice_code, "42701", 6);
                return true;
            }
            og_error_set(err, "42701", "column \"%s\" of relation \"%s\" already exists", cd->colname, e->name);
            return false;
        }
        node_append(&cs->table_elts, &cs->n_table_elts, node_clone(cmd->def));
        return true;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        return drop_column(cur, e, cs, cmd, out, err);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (!NODE(cmd->def, CONSTRAINT))
            break;
        node_append(&cs->table_elts, &cs->n_table_elts, node_clone(cmd->def));
        return true;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        return drop_constraint(cs, e->name, cmd, out, err);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
        const PgQuery__ColumnDef *def = NODE(cmd->def, COLUMN_DEF) ? cmd->def->column_def : NULL;
        ssize_t ci = column_index(cs, cmd->name);
        if (!def || !def->type_name)
            break;
        if (ci < 0) {
            og_error_set(err, "42703", "column \"%s\" of relation \"%s\" does not exist", cmd->name, e->name);
            return false;
        }
        PgQuery__ColumnDef *cd = cs->table_elts[ci]->column_def;
        size_t len = pg_query__type_name__get_packed_size(def->type_name);
        uint8_t *buf = malloc(len ? len : 1);
        if (!buf)
            abort();
        pg_query__type_name__pack(def->type_name, buf);
        PgQuery__TypeName *tn = pg_query__type_name__unpack(NULL, len, buf);
        free(buf);
        if (!tn)
            abort();
        if (cd->type_name)
            pg_query__type_name__free_unpacked(cd->type_name, NULL);
        cd->type_name = tn;
        char *using = def->raw_default ? orm_sql_deparse_expr(def->raw_default) : NULL;
        action_add(out, ORM_ALTER_COLUMN_TYPE, cmd->name, using, NULL);
        free(using);
        return true;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
        ssize_t ci = column_index(cs, cmd->name);
        if (ci < 0) {
            og_error_set(err, "42703", "column \"%s\" of relation \"%s\" does not exist", cmd->name, e->name);
            return false;
        }
        PgQuery__ColumnDef *cd = cs->table_elts[ci]->column_def;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull) {
            cd->is_not_null = true;
        } else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull) {
            int p = orm_entity_prop(e, cmd->name);
            if (p >= 0 && e->props[p].primary) {
                og_error_set(err, "42P16", "column \"%s\" is in a primary key", cmd->name);
                return false;
            }
            cd->is_not_null = false;
            column_constraint_remove(cd, PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL);
        } else {
            column_constraint_remove(cd, PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT);
            if (cmd->def) {
                PgQuery__Constraint *c = malloc(sizeof *c);
                if (!c)
                    abort();
                pg_query__constraint__init(c);
                c->contype = PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT;
                c->raw_expr = node_clone(cmd->def);
                c->location = -1;
                PgQuery__Node *n = malloc(sizeof *n);
                if (!n)
                    abort();
                pg_query__node__init(n);
                n->node_case = PG_QUERY__NODE__NODE_CONSTRAINT;
                n->constraint = c;
                node_append(&cd->constraints, &cd->n_constraints, n);
            }
        }
        return true;
    }
    default:
        break;
    }
    og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this form of ALTER TABLE is not supported by ormgate yet");
    return false;
}

/* Parse a table's source, change it with fn, deparse, and build the next generation. */
static bool change_table(const orm_schema *cur, const char *table, orm_ddl *out, og_error *err,
                         bool (*fn)(const orm_schema *, const orm_entity *, PgQuery__CreateStmt *, const void *, orm_ddl *,
                                    og_error *),
                         const void *arg)
{
    int oi = find_table_obj(cur, table);
    const orm_entity *e = orm_meta_get(&cur->meta, table);
    orm_parsed pt;
    if (oi < 0 || !e || !orm_sql_parse(cur->objs[oi].ddl, &pt, err)) {
        if (!og_error_isset(err))
            og_error_set(err, "42P01", "relation \"%s\" does not exist", table);
        return false;
    }
    PgQuery__CreateStmt *cs = pt.tree->stmts[0]->stmt->create_stmt;
    bool ok = fn(cur, e, cs, arg, out, err);
    char *ddl = ok ? deparse(pt.tree) : NULL;
    orm_sql_parsed_free(&pt);
    if (!ok)
        return false;
    if (!ddl) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "cannot write the new definition of table \"%s\"", table);
        return false;
    }
    orm_schema_obj repl = {ORM_SCHEMA_TABLE, (char *)table, (char *)table, ddl};
    out->next = orm_schema_replace(cur, &repl, 1, err);
    free(ddl);
    if (!out->next)
        return false;
    diff(e, orm_meta_get(&out->next->meta, table), out);
    return true;
}

static bool alter_fn(const orm_schema *cur, const orm_entity *e, PgQuery__CreateStmt *cs, const void *arg,
                     orm_ddl *out, og_error *err)
{
    const PgQuery__AlterTableStmt *as = arg;
    for (size_t i = 0; i < as->n_cmds; i++)
        if (!apply_cmd(cur, e, cs, as->cmds[i]->alter_table_cmd, out, err))
            return false;
    return true;
}

bool orm_schema_alter(const orm_schema *cur, const PgQuery__AlterTableStmt *as, orm_ddl *out, og_error *err)
{
    out->kind = ORM_DDL_ALTER_TABLE;
    snprintf(out->tag, sizeof out->tag, "ALTER TABLE");
    const char *table = as->relation->relname;
    if (as->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "only ALTER TABLE is supported by ormgate");
        return false;
    }
    if (!orm_meta_get(&cur->meta, table)) {
        if (as->missing_ok) {
            out->skipped = true;
            snprintf(out->notice, sizeof out->notice, "relation \"%s\" does not exist, skipping", table);
            return true;
        }
        og_error_set(err, "42P01", "relation \"%s\" does not exist", table);
        return false;
    }
    out->table = xstrdup(table);
    if (!change_table(cur, table, out, err, alter_fn, as))
        return false;
    if (!out->nactions && out->notice[0]) {
        /* IF [NOT] EXISTS made every command a no-op */
        orm_schema_free(out->next);
        out->next = NULL;
        out->skipped = true;
    }
    return true;
}

/* ---- RENAME COLUMN ----------------------------------------------------------------------------------- */

static bool rename_fn(const orm_schema *cur, const orm_entity *e, PgQuery__CreateStmt *cs, const void *arg,
                      orm_ddl *out, og_error *err)
{
    const PgQuery__RenameStmt *rs = arg;
    if (column_index(cs, rs->subname) < 0) {
        og_error_set(err, "42703", "column \"%s\" does not exist", rs->subname);
        return false;
    }
    if (column_index(cs, rs->newname) >= 0) {
        og_error_set(err, "42701", "column \"%s\" of relation \"%s\" already exists", rs->newname, e->name);
        return false;
    }
    rename_ctx rc = {e->name, rs->subname, rs->newname, true};
    rename_walk(&cs->base, &rc);
    action_add(out, ORM_ALTER_RENAME_COLUMN, rs->subname, rs->newname, NULL);
    (void)cur;
    return true;
}

bool orm_schema_rename(const orm_schema *cur, const PgQuery__RenameStmt *rs, orm_ddl *out, og_error *err)
{
    out->kind = ORM_DDL_ALTER_TABLE;
    snprintf(out->tag, sizeof out->tag, "ALTER TABLE");
    const char *table = rs->relation ? rs->relation->relname : "";
    if (!orm_meta_get(&cur->meta, table)) {
        if (rs->missing_ok) {
            out->skipped = true;
            snprintf(out->notice, sizeof out->notice, "relation \"%s\" does not exist, skipping", table);
            return true;
        }
        og_error_set(err, "42P01", "relation \"%s\" does not exist", table);
        return false;
    }
    out->table = xstrdup(table);
    /* the table itself */
    if (!change_table(cur, table, out, err, rename_fn, rs))
        return false;
    /* other rows that name the column: its indexes and other tables' foreign keys */
    orm_schema *first = out->next;
    orm_schema_obj *repl = calloc(first->nobjs + 1, sizeof *repl);
    if (!repl)
        abort();
    size_t nrepl = 0;
    bool ok = true;
    for (size_t i = 0; i < first->nobjs && ok; i++) {
        const orm_schema_obj *o = &first->objs[i];
        bool own_index = o->kind == ORM_SCHEMA_INDEX && !strcmp(o->table, table);
        if (!own_index && (o->kind != ORM_SCHEMA_TABLE || !strcmp(o->name, table) || !strstr(o->ddl, rs->subname)))
            continue;
        orm_parsed pt;
        if (!orm_sql_parse(o->ddl, &pt, err)) {
            ok = false;
            break;
        }
        rename_ctx rc = {table, rs->subname, rs->newname, own_index};
        rename_walk(&pt.tree->base, &rc);
        char *ddl = deparse(pt.tree);
        orm_sql_parsed_free(&pt);
        if (!ddl) {
            og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "cannot rewrite \"%s\"", o->name);
            ok = false;
            break;
        }
        repl[nrepl++] = (orm_schema_obj){o->kind, o->name, o->table, ddl};
    }
    if (ok && nrepl) {
        out->next = orm_schema_replace(first, repl, nrepl, err);
        ok = out->next != NULL;
        if (out->next)
            out->next->generation = first->generation;
        orm_schema_free(first);
    }
    for (size_t i = 0; i < nrepl; i++)
        free(repl[i].ddl);
    free(repl);
    return ok;
}
