/*
 * proxy/uow.c - the session's EntityManager (orm/em.h) at work: which
 * statements it serves without the backend, and the SQL of its flushes.
 *
 * Inside BEGIN ... COMMIT with ormgate.flush_mode = auto, a translated
 * statement is classified (orm_em_classify):
 *   - PERSIST (INSERT ... VALUES): the rows are evaluated and validated here,
 *     registered as new entities, RETURNING answered from them; no backend
 *     call;
 *   - ASSIGN / REMOVE / FIND by primary key: served from the identity map;
 *     when the entity is not managed it is loaded first (one read of the
 *     whole row, then registered), and the statement is served again;
 *   - anything else is NATIVE: what is pending is flushed first, then the
 *     statement runs on the backend, and after a native write the identity
 *     map is forgotten (it may hold rows that statement changed).
 * The flush itself (batches of the plan, rendered for the backend) runs in
 * proxy/backend.c, on the transaction's connection, before whatever needed
 * it: COMMIT, SAVEPOINT, DDL, COPY, a native statement.
 *
 * Outside a transaction, and in flush mode `always`, statements run
 * natively as before: an autocommit statement is its own unit of work and
 * the backend gives PostgreSQL's exact error timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/sqlrender.h"
#include "orm/em.h"
#include "proxy/db.h"
#include "proxy/guc.h"
#include "proxy/query_int.h"

#define UOW_MAX_ROWS 500 /* entities per batch statement */
void px_uow_keys_forget(px_session *s)
{
    orm_keys_clear(&s->tx_keys);
}

void px_uow_reserved(px_session *s, px_portal *p, const drv_result *res)
{
    const orm_entity *e = p->uow_op.entity;
    if (!res || res->nrows != 1 || res->ncols != 1 || res->rows[0][0].isnull)
        return;
    orm_keys *pool = p->uow_resv_shared ? &s->backend->keys : &s->tx_keys;
    const orm_property *prop = &e->props[p->uow_resv_prop];
    orm_keys_add(pool, e->name, prop->field, res->rows[0][0].u.i, p->uow_resv_n,
                 p->uow_resv_rowid ? 1 : prop->seq_increment);
}

/* The largest value of an integer type (what a sequence of that type may reach). */
static int64_t type_max(uint32_t oid)
{
    return oid == OG_OID_INT2 ? 32767 : oid == OG_OID_INT4 ? 2147483647 : INT64_MAX;
}

/* Take the key values PERSIST needs: from the worker's shared blocks (committed, valid in any
 * transaction), else from the transaction's own. False with *reserve set when a block must be
 * reserved first (outside the transaction when it holds no backend connection yet: a shared block;
 * else inside it, so this session never waits for its own write lock), or with err set. */
static bool take_keys(px_session *s, px_portal *p, og_value ***keys_out, bool *reserve, og_error *err)
{
    const orm_query *q = p->stmt->orm->query;
    const orm_entity *e = q->rtes[q->target_rte].entity;
    uint32_t *need = og_arena_zalloc(&p->arena, sizeof(uint32_t) * (e->nprops + 1u));
    orm_em_insert_keys_needed(p->stmt->orm, need);
    og_value **keys = og_arena_zalloc(&p->arena, sizeof(og_value *) * (e->nprops + 1u));
    *reserve = false;
    for (uint16_t c = 0; c < e->nprops; c++) {
        if (!need[c])
            continue;
        const orm_property *prop = &e->props[c];
        int64_t *v = og_arena_zalloc(&p->arena, sizeof(int64_t) * need[c]);
        if (!orm_keys_take(&s->backend->keys, e->name, prop->field, need[c], v) &&
            !orm_keys_take(&s->tx_keys, e->name, prop->field, need[c], v)) {
            p->uow_resv_shared = !s->conn;
            orm_keys *pool = p->uow_resv_shared ? &s->backend->keys : &s->tx_keys;
            p->uow_resv_prop = c;
            p->uow_resv_n = orm_keys_block_size(pool, e->name, prop->field, need[c]);
            *reserve = true;
            return false; /* values taken for other columns above become gaps */
        }
        keys[c] = og_arena_zalloc(&p->arena, sizeof(og_value) * need[c]);
        for (uint32_t i = 0; i < need[c]; i++) {
            if (v[i] > type_max(prop->type_oid) || v[i] < -type_max(prop->type_oid) - 1) {
                og_error_set(err, "2200H", "nextval: reached maximum value of sequence \"%s_%s_seq\" (%lld)",
                             e->name, prop->name, (long long)type_max(prop->type_oid));
                return false;
            }
            keys[c][i] = og_value_null(prop->type_oid);
            keys[c][i].isnull = false;
            keys[c][i].u.i = v[i];
        }
    }
    *keys_out = keys;
    return true;
}

static bool session_scope(void)
{
    return !strcmp(px_runtime_get()->config->identity_map_scope, "session");
}

bool px_uow_active(px_session *s)
{
    if (s->txstatus != 'T' || !s->backend)
        return false;
    const char *mode = px_guc_get(&s->guc, "ormgate.flush_mode");
    if (mode && !strcmp(mode, "always"))
        return false;
    if (!s->em)
        s->em = orm_em_new();
    px_analyze_ctx ctx;
    orm_eval_ctx cx;
    px_backend_analyze_ctx(s, &ctx, &cx);
    /* entities of another generation (a schema change published since): forgotten, unless changes are
     * pending, which are never dropped (they flush with the shape they were made in) */
    if (s->em_schema != ctx.schema && !orm_em_pending(s->em)) {
        orm_em_clear(s->em);
        s->em_schema = ctx.schema;
    }
    uint64_t epoch = __atomic_load_n(&s->backend->db->write_epoch, __ATOMIC_ACQUIRE);
    if (epoch != s->em_epoch) { /* another session committed: clean entities may be stale */
        if (session_scope())
            orm_em_evict_clean(s->em);
        s->em_epoch = epoch;
    }
    return true;
}

void px_uow_wrote(px_session *s)
{
    if (s->backend)
        __atomic_fetch_add(&s->backend->db->write_epoch, 1, __ATOMIC_ACQ_REL);
}

void px_uow_tx_end(px_session *s, bool committed, bool wrote)
{
    if (committed && wrote && s->backend) {
        uint64_t old = __atomic_fetch_add(&s->backend->db->write_epoch, 1, __ATOMIC_ACQ_REL);
        if (old != s->em_epoch && s->em)
            orm_em_evict_clean(s->em); /* someone else committed meanwhile */
        s->em_epoch = old + 1;       /* our own commit leaves our map right */
    }
    if (s->em && (!committed || !session_scope()))
        orm_em_clear(s->em);
}

bool px_uow_pending(px_session *s)
{
    return s->em && orm_em_pending(s->em);
}

bool px_uow_must_flush(px_session *s, const px_stmt *st)
{
    if (!px_uow_pending(s))
        return false;
    int k = st->qkind;
    if (k != ORM_Q_SELECT && k != ORM_Q_SETOP && k != ORM_Q_VALUES)
        return true; /* a native write: it may cascade into or out of what is pending */
    /* a read: only when it names a table with pending changes (the renderer quotes every table
     * name; a CTE or alias of the same name only costs an early flush) */
    uint32_t it = 0;
    const orm_entity *e;
    char quoted[256];
    while ((e = orm_em_pending_next(s->em, &it))) {
        snprintf(quoted, sizeof quoted, "\"%s\"", e->name);
        if (strchr(e->name, '"') || strstr(st->rendered->sql, quoted))
            return true;
    }
    return false;
}

const orm_entity *px_uow_whole_rows(const px_stmt *st)
{
    const orm_query *q = st->orm->query;
    if (q->kind != ORM_Q_SELECT || q->nrtes != 1 || q->rtes[0].kind != ORM_RTE_ENTITY || q->has_aggs ||
        q->ngroup || q->distinct || q->ndistinct_on)
        return NULL;
    const orm_entity *e = q->rtes[0].entity;
    if (!e->pk.ncols || q->ntargets != e->nprops)
        return NULL;
    for (uint16_t i = 0; i < q->ntargets; i++) {
        const orm_expr *x = q->targets[i].expr;
        if (x->kind != ORM_EX_COLUMN || x->u.column.levelsup || x->u.column.rte || x->u.column.col != i ||
            x->type != e->props[i].type_oid)
            return NULL;
    }
    return e;
}

void px_uow_forget(px_session *s)
{
    if (s->em)
        orm_em_clear(s->em);
}

void px_uow_flush_free(px_flush *f)
{
    orm_em_plan_free(&f->plan);
    og_arena_reset(&f->arena);
    memset(f, 0, sizeof *f);
}

bool px_uow_flush_build(px_session *s, px_flush *f, og_error *err)
{
    memset(f, 0, sizeof *f);
    og_arena_init(&f->arena);
    if (!orm_em_plan_build(s->em, UOW_MAX_ROWS, &f->plan, err))
        return false;
    f->n = f->plan.n;
    f->sql = og_arena_zalloc(&f->arena, sizeof(drv_sql) * (f->n + 1u));
    f->vals = og_arena_zalloc(&f->arena, sizeof(og_value *) * (f->n + 1u));
    for (size_t i = 0; i < f->n; i++) {
        const orm_em_batch *b = &f->plan.batches[i];
        if (!drv_sql_render(s->backend->db->dialect, b->stmt->query, 0, &f->arena, &f->sql[i], err))
            return false;
        f->vals[i] = drv_sql_values(&f->sql[i], NULL, 0, &f->arena);
    }
    return true;
}

/* The portal's result: one row per call, values in the portal's arena. */
static void result_row(px_portal *p, og_value *vals)
{
    px_result *r = &p->result;
    if (r->nrows == r->cap) {
        uint32_t cap = r->cap ? r->cap * 2 : 8;
        og_value **rows = og_arena_alloc(&p->arena, sizeof(og_value *) * cap);
        if (r->nrows)
            memcpy(rows, r->rows, sizeof(og_value *) * r->nrows);
        r->rows = rows;
        r->cap = cap;
    }
    r->rows[r->nrows++] = vals;
}

static void set_tag(px_portal *p, const char *verb, uint64_t n)
{
    snprintf(p->result.tag, sizeof p->result.tag, "%s%llu", verb, (unsigned long long)n);
}

#define UOW_RESERVE ((orm_em_rc)100) /* persist_rows: a block of keys must be reserved first */

/* PERSIST from row p->uow_next on; ORM_EM_FLUSH_FIRST stops there (the caller flushes and calls
 * again). */
static orm_em_rc persist_rows(px_session *s, px_portal *p, const orm_eval_ctx *cx, og_error *err)
{
    const px_stmt *st = p->stmt;
    const orm_query *q = st->orm->query;
    const orm_entity *e = q->rtes[q->target_rte].entity;
    if (!p->uow_rows) {
        og_value **keys;
        bool reserve;
        if (!take_keys(s, p, &keys, &reserve, err))
            return reserve ? UOW_RESERVE : ORM_EM_ERROR;
        if (!orm_em_insert_rows(st->orm, p->params, cx, keys, &p->arena, &p->uow_rows, err))
            return ORM_EM_ERROR;
    }
    for (; p->uow_next < q->nrows; p->uow_next++) {
        orm_em_entity *m;
        orm_em_rc rc = orm_em_persist(s->em, e, p->uow_rows[p->uow_next], &m, err);
        if (rc != ORM_EM_OK)
            return rc;
        if (q->ntargets) {
            og_value *out;
            if (!orm_em_project(st->orm, p->params, cx, m->vals, &p->arena, &out, err))
                return ORM_EM_ERROR;
            result_row(p, out);
        }
    }
    set_tag(p, "INSERT 0 ", q->nrows);
    return ORM_EM_OK;
}

/* ASSIGN / REMOVE / FIND on the managed entity m (NULL: there is none). */
static orm_em_rc serve_entity(px_session *s, px_portal *p, orm_em_op_kind kind, orm_em_entity *m,
                              const orm_eval_ctx *cx, og_error *err)
{
    const px_stmt *st = p->stmt;
    const orm_query *q = st->orm->query;
    if (m && m->state == ORM_EM_REMOVED)
        m = NULL;
    const char *verb = kind == ORM_EM_OP_ASSIGN ? "UPDATE " : kind == ORM_EM_OP_REMOVE ? "DELETE " : "SELECT ";
    if (!m) {
        set_tag(p, verb, 0);
        return ORM_EM_OK;
    }
    if (kind == ORM_EM_OP_ASSIGN) {
        uint16_t *props;
        og_value *vals;
        if (!orm_em_update_values(st->orm, p->params, cx, m->vals, &p->arena, &props, &vals, err))
            return ORM_EM_ERROR;
        orm_em_rc rc = orm_em_assign(s->em, m, props, vals, q->nset, err);
        if (rc != ORM_EM_OK)
            return rc;
    }
    if (q->ntargets || kind == ORM_EM_OP_FIND) {
        og_value *out;
        if (!orm_em_project(st->orm, p->params, cx, m->vals, &p->arena, &out, err))
            return ORM_EM_ERROR;
        result_row(p, out);
    }
    if (kind == ORM_EM_OP_REMOVE) {
        orm_em_rc rc = orm_em_remove(s->em, m, (s->backend->db->ops->caps & DRV_CAP_NATIVE_FK) != 0, err);
        if (rc != ORM_EM_OK)
            return rc;
    }
    set_tag(p, verb, 1);
    return ORM_EM_OK;
}

px_uow_rc px_uow_serve(px_session *s, px_portal *p, const orm_eval_ctx *cx, orm_stmt **load, og_error *err)
{
    *load = NULL;
    orm_em_op op;
    if (!p->uow_classified) {
        p->uow_kind = orm_em_classify(p->stmt->orm, p->params, cx, &p->arena, &p->uow_op);
        p->uow_classified = true;
    }
    op = p->uow_op;
    op.kind = p->uow_kind;
    orm_em_set_timezone(s->em, cx->timezone);
    orm_em_rc rc;
    switch (op.kind) {
    case ORM_EM_OP_NATIVE:
        return PX_UOW_NATIVE;
    case ORM_EM_OP_PERSIST:
        rc = persist_rows(s, p, cx, err);
        if (rc == UOW_RESERVE) {
            const orm_entity *e = op.entity;
            *load = NULL;
            p->uow_resv_table = e->name;
            p->uow_resv_column = e->props[p->uow_resv_prop].field;
            p->uow_resv_rowid = e->pk.ncols == 1 && e->pk.cols[0] == p->uow_resv_prop &&
                                orm_prop_plain_sequence(&e->props[p->uow_resv_prop]);
        }
        break;
    default: {
        orm_em_entity *m = op.pk ? orm_em_get(s->em, op.entity, op.pk) : NULL;
        if (!m && op.pk && !p->uow_loaded) {
            *load = orm_em_find_stmt(op.entity, op.pk);
            return PX_UOW_LOAD;
        }
        if (m && !p->uow_loaded)
            s->stats.map_hits++;
        rc = serve_entity(s, p, op.kind, m, cx, err);
        break;
    }
    }
    if (rc == ORM_EM_FLUSH_FIRST)
        return PX_UOW_FLUSH_FIRST;
    if (rc == UOW_RESERVE)
        return PX_UOW_RESERVE;
    return rc == ORM_EM_OK ? PX_UOW_DONE : PX_UOW_ERROR;
}

void px_uow_loaded(px_session *s, px_portal *p, const drv_result *res)
{
    p->uow_loaded = true;
    if (res && res->nrows && res->ncols == p->uow_op.entity->nprops)
        orm_em_merge(s->em, p->uow_op.entity, res->rows[0]);
}
