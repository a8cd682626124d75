/*
 * proxy/backend.c - running statements on the session's backend: the lease
 * of a connection per transaction, BEGIN / COMMIT / ROLLBACK / savepoints on
 * it, translated statements, and schema changes.
 *
 * Transactions: a session holds no backend connection while idle. An
 * autocommit statement leases one, runs and gives it back. Inside BEGIN ...
 * COMMIT the first statement that needs the backend leases a connection and
 * opens the backend transaction (with the savepoints the client already
 * made), and the session keeps it until COMMIT or ROLLBACK (DESIGN.md
 * section 2: leased per transaction). A transaction that never touched the
 * backend ends without a backend call.
 *
 * Every asynchronous step belongs to one px_op. A session runs one statement
 * at a time, so it has at most one op; when the session goes away first, the
 * op is orphaned (op->s = NULL) and cleans up after itself when the driver
 * calls back (a pending lease cannot be withdrawn).
 *
 * Until the EntityManager (issue 4) exists, every write is flushed at once:
 * a translated statement is rendered and sent as it is (flush mode `always`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "drivers/sqlrender.h"
#include "orm/schema.h"
#include "orm/sqlparse.h"
#include "orm/translate.h"
#include "proxy/db.h"
#include "proxy/log.h"
#include "proxy/query_int.h"

typedef struct px_op {
    px_session *s; /* NULL: the session is gone */
    const drv_ops *ops;
    px_portal *p;
    drv_conn *conn;     /* leased for this op only (autocommit) */
    bool waiting_lease;
    bool autocommit;    /* lease, run, commit (DDL) and give back */
    bool ddl;
    /* statements to run in order */
    drv_stmt *stmts;
    uint16_t nstmts, next;
    uint16_t nsavepoints_to_replay, replayed;
    orm_eval_ctx cx;
    char tz[64];
    /* DDL */
    orm_ddl change;
    const orm_schema *base; /* the generation the change was computed from */
    char *sql;
    /* what to do when the statements ran */
    enum { OP_STATEMENT, OP_DDL, OP_COMMIT, OP_ROLLBACK, OP_SAVEPOINT } kind;
} px_op;

static const drv_ops *ops_of(px_session *s) { return s->backend->db->ops; }

static int64_t now_usec(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return ((int64_t)tv.tv_sec - 946684800) * 1000000 + tv.tv_usec;
}

void px_backend_analyze_ctx(px_session *s, px_analyze_ctx *ctx, orm_eval_ctx *cx)
{
    memset(ctx, 0, sizeof *ctx);
    cx->timezone = s->codec.timezone ? s->codec.timezone : "UTC";
    if (s->txstatus == 'I' || !s->xact_usec)
        cx->now_usec = now_usec();
    else
        cx->now_usec = s->xact_usec;
    cx->stmt_usec = cx->now_usec;
    ctx->cx = cx;
    ctx->user = s->user;
    ctx->database = s->database;
    if (s->backend) {
        ctx->schema = px_db_schema(s->backend->db);
        ctx->dialect = s->backend->db->dialect;
    }
}

static px_op *op_new(px_session *s, px_portal *p, int kind)
{
    px_op *op = calloc(1, sizeof *op);
    if (!op)
        abort();
    op->s = s;
    op->ops = s->backend->db->ops;
    op->p = p;
    op->kind = kind;
    snprintf(op->tz, sizeof op->tz, "%s", s->codec.timezone ? s->codec.timezone : "UTC");
    op->cx.timezone = op->tz;
    if (s->txstatus != 'I' && !s->xact_usec)
        s->xact_usec = now_usec();
    op->cx.now_usec = s->txstatus != 'I' ? s->xact_usec : now_usec();
    op->cx.stmt_usec = now_usec();
    s->op = op;
    return op;
}

static void op_free(px_op *op)
{
    orm_ddl_free(&op->change);
    free(op->stmts);
    free(op->sql);
    free(op);
}

static void op_add(px_op *op, const char *sql, const og_value *params, uint16_t nparams, const uint32_t *types,
                   uint16_t ntypes)
{
    drv_stmt *v = realloc(op->stmts, sizeof(*v) * (op->nstmts + 1u));
    if (!v)
        abort();
    op->stmts = v;
    v[op->nstmts++] = (drv_stmt){sql, params, nparams, types, ntypes, &op->cx};
}

/* ---- finishing -------------------------------------------------------------------------------- */

static void op_finish(px_op *op, const og_error *err)
{
    px_session *s = op->s;
    if (op->conn) {
        ops_of(s)->release(op->conn);
        op->conn = NULL;
    }
    s->op = NULL;
    og_error copy = OG_ERROR_INIT;
    if (err) {
        og_error_set(&copy, err->code, "%s", err->message ? err->message : "");
        if (err->detail)
            og_error_detail(&copy, "%s", err->detail);
        if (err->hint)
            og_error_hint(&copy, "%s", err->hint);
        copy.position = err->position;
        if (err->constraint)
            copy.constraint = strdup(err->constraint);
        if (err->table)
            copy.table = strdup(err->table);
        if (err->column)
            copy.column = strdup(err->column);
    }
    op_free(op);
    px_query_async_done(s, err ? &copy : NULL);
    og_error_clear(&copy);
}

/* The backend transaction is over (committed, rolled back, or lost with an error at COMMIT). */
static void drop_conn(px_session *s)
{
    if (s->conn) {
        ops_of(s)->release(s->conn);
        s->conn = NULL;
    }
}

static void publish_change(px_op *op, og_error *err);

static void set_tag(px_op *op, drv_result *res)
{
    px_portal *p = op->p;
    px_stmt *st = p->stmt;
    uint64_t n = res ? (res->nrows && st->qkind == ORM_Q_SELECT ? res->nrows : res->affected) : 0;
    switch (st->qkind) {
    case ORM_Q_INSERT:
        snprintf(p->result.tag, sizeof p->result.tag, "INSERT 0 %llu", (unsigned long long)n);
        break;
    case ORM_Q_UPDATE:
        snprintf(p->result.tag, sizeof p->result.tag, "UPDATE %llu", (unsigned long long)n);
        break;
    case ORM_Q_DELETE:
        snprintf(p->result.tag, sizeof p->result.tag, "DELETE %llu", (unsigned long long)n);
        break;
    default:
        snprintf(p->result.tag, sizeof p->result.tag, "SELECT %llu", (unsigned long long)(res ? res->nrows : 0));
        break;
    }
}

static void step(px_op *op);

static void stmt_done(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    if (err) {
        drv_result_free(res);
        if (op->autocommit && op->conn && (op->kind == OP_DDL)) {
            /* the connection's transaction is rolled back by release */
        }
        op_finish(op, err);
        return;
    }
    bool last = op->next + 1u >= op->nstmts;
    if (op->kind == OP_STATEMENT && last) {
        px_portal *p = op->p;
        p->dres = res;
        p->result.rows = res ? res->rows : NULL;
        p->result.nrows = res ? res->nrows : 0;
        set_tag(op, res);
    } else {
        drv_result_free(res);
    }
    op->next++;
    step(op);
}

static void committed(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    drv_result_free(res);
    if (err) {
        op_finish(op, err);
        return;
    }
    og_error e = OG_ERROR_INIT;
    publish_change(op, &e);
    op_finish(op, og_error_isset(&e) ? &e : NULL);
    og_error_clear(&e);
}

/* Run the next statement of op on its connection, or finish. */
static void step(px_op *op)
{
    px_session *s = op->s;
    drv_conn *c = op->conn ? op->conn : s->conn;
    if (op->next < op->nstmts) {
        ops_of(s)->exec(c, &op->stmts[op->next], stmt_done, op);
        return;
    }
    if (op->kind == OP_DDL) {
        if (op->autocommit) {
            ops_of(s)->commit(c, committed, op);
            return;
        }
        og_error e = OG_ERROR_INIT;
        publish_change(op, &e);
        op_finish(op, og_error_isset(&e) ? &e : NULL);
        og_error_clear(&e);
        return;
    }
    op_finish(op, NULL);
}

/* ---- leasing and opening the transaction ---------------------------------------------------------- */

static void savepoint_replayed(void *ctx, drv_result *res, const og_error *err);

static void replay_savepoints(px_op *op)
{
    px_session *s = op->s;
    if (op->replayed < s->nsavepoints) {
        char *sql = malloc(strlen(s->savepoints[op->replayed]) * 2 + 16);
        if (!sql)
            abort();
        char *q = sql + sprintf(sql, "SAVEPOINT \"");
        for (const char *n = s->savepoints[op->replayed]; *n; n++) {
            if (*n == '"')
                *q++ = '"';
            *q++ = *n;
        }
        strcpy(q, "\"");
        free(op->sql);
        op->sql = sql;
        drv_stmt st = {sql, NULL, 0, NULL, 0, &op->cx};
        op->replayed++;
        ops_of(s)->exec(s->conn, &st, savepoint_replayed, op);
        return;
    }
    step(op);
}

static void savepoint_replayed(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    drv_result_free(res);
    if (err) {
        op_finish(op, err);
        return;
    }
    replay_savepoints(op);
}

static void begun(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    drv_result_free(res);
    if (err) {
        if (op->autocommit) {
            op_finish(op, err);
        } else {
            drop_conn(op->s);
            op_finish(op, err);
        }
        return;
    }
    if (op->autocommit)
        step(op);
    else
        replay_savepoints(op);
}

static void leased(void *ctx, drv_conn *conn, const og_error *err)
{
    px_op *op = ctx;
    op->waiting_lease = false;
    if (!op->s) { /* the session left while waiting */
        if (conn)
            op->ops->release(conn);
        op_free(op);
        return;
    }
    px_session *s = op->s;
    if (err) {
        op_finish(op, err);
        return;
    }
    if (op->autocommit) {
        op->conn = conn;
        if (op->kind == OP_DDL)
            ops_of(s)->begin(conn, begun, op);
        else
            step(op);
        return;
    }
    s->conn = conn;
    ops_of(s)->begin(conn, begun, op);
}

/* Start op: on the session's transaction connection, or a leased one. */
static run_status op_start(px_op *op)
{
    px_session *s = op->s;
    if (s->conn) {
        step(op);
        return RUN_PENDING;
    }
    op->autocommit = s->txstatus == 'I';
    op->waiting_lease = true;
    ops_of(s)->lease(s->backend->b, leased, op);
    return RUN_PENDING;
}

/* ---- statements ------------------------------------------------------------------------------------- */

run_status px_backend_run(px_session *s, px_portal *p, og_error *err)
{
    px_stmt *st = p->stmt;
    if (!s->backend) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "no database backend");
        return RUN_ERROR;
    }
    px_op *op = op_new(s, p, OP_STATEMENT);
    const drv_sql *r = st->rendered;
    og_value *vals = drv_sql_values(r, p->params, st->nparams, &p->arena);
    op_add(op, r->sql, vals, (uint16_t)r->nbinds, r->result_types, r->ncols);
    if (px_runtime_get()->config->log_statements)
        px_slog(s, PX_LOG_DEBUG, "backend: %s", r->sql);
    return op_start(op);
}

/* ---- transaction control ------------------------------------------------------------------------------- */

static void tx_ended(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    drv_result_free(res);
    drop_conn(op->s);
    op_finish(op, err);
}

run_status px_backend_tx_end(px_session *s, px_portal *p, bool commit, og_error *err)
{
    if (!s->conn)
        return RUN_DONE;
    px_op *op = op_new(s, p, commit ? OP_COMMIT : OP_ROLLBACK);
    if (commit)
        ops_of(s)->commit(s->conn, tx_ended, op);
    else
        ops_of(s)->rollback(s->conn, tx_ended, op);
    return RUN_PENDING;
}

run_status px_backend_savepoint(px_session *s, px_portal *p, px_stmt_kind kind, const char *name, og_error *err)
{
    if (!s->conn)
        return RUN_DONE;
    px_op *op = op_new(s, p, OP_SAVEPOINT);
    og_buf b = {0};
    og_buf_puts(&b, kind == PX_STMT_SAVEPOINT ? "SAVEPOINT \"" : kind == PX_STMT_RELEASE ? "RELEASE SAVEPOINT \""
                                                                                        : "ROLLBACK TO SAVEPOINT \"");
    for (const char *n = name; *n; n++) {
        if (*n == '"')
            og_buf_putc(&b, '"');
        og_buf_putc(&b, *n);
    }
    og_buf_putc(&b, '"');
    og_buf_putc(&b, '\0');
    op->sql = strdup((char *)b.data);
    og_buf_free(&b);
    if (!op->sql)
        abort();
    op_add(op, op->sql, NULL, 0, NULL, 0);
    step(op);
    return RUN_PENDING;
}

/* ---- DDL ---------------------------------------------------------------------------------------------------- */

static const uint32_t text4[4] = {OG_OID_TEXT, OG_OID_TEXT, OG_OID_TEXT, OG_OID_TEXT};

static og_value *text_values(og_arena *a, const char *const *v, size_t n)
{
    og_value *out = og_arena_zalloc(a, sizeof(og_value) * n);
    for (size_t i = 0; i < n; i++) {
        out[i].oid = OG_OID_TEXT;
        out[i].u.str.p = og_arena_strdup(a, v[i]);
        out[i].u.str.len = strlen(v[i]);
    }
    return out;
}

static void add_script(px_op *op, const drv_sql_script *sc)
{
    for (uint16_t i = 0; i < sc->n; i++)
        op_add(op, sc->sql[i], NULL, 0, NULL, 0);
}

/* The backend statements of a schema change. */
static bool ddl_script(px_session *s, px_op *op, const PgQuery__Node *node, og_error *err)
{
    const drv_dialect *d = s->backend->db->dialect;
    og_arena *a = &op->p->arena;
    drv_sql_script sc;
    drv_sql_script_init(&sc, a);
    orm_ddl *ch = &op->change;
    switch (ch->kind) {
    case ORM_DDL_CREATE_TABLE: {
        const orm_entity *e = orm_meta_get(&ch->next->meta, ch->added->name);
        orm_expr **checks = og_arena_zalloc(a, sizeof(orm_expr *) * (e->nchecks + 1u));
        for (uint16_t i = 0; i < e->nchecks; i++)
            if (!(checks[i] = orm_translate_check(e, e->checks[i].expr, a, err)))
                return false;
        if (!drv_sql_create_table(d, e, checks, false, &sc, err))
            return false;
        add_script(op, &sc);
        const char *v[4] = {"table", ch->added->name, ch->added->table, ch->added->ddl};
        op_add(op, "INSERT INTO ormgate_schema (kind, name, tbl, ddl) VALUES (?1, ?2, ?3, ?4)", text_values(a, v, 4), 4,
               text4, 0);
        return true;
    }
    case ORM_DDL_DROP_TABLE:
        for (size_t i = 0; i < ch->nremoved; i++) {
            if (!drv_sql_drop_table(d, ch->removed_tables[i], false, &sc, err))
                return false;
            const char *v[1] = {ch->removed_tables[i]};
            add_script(op, &sc);
            sc.n = 0;
            op_add(op, "DELETE FROM ormgate_schema WHERE tbl = ?1", text_values(a, v, 1), 1, NULL, 0);
        }
        return true;
    case ORM_DDL_CREATE_INDEX: {
        const PgQuery__IndexStmt *ix = node->index_stmt;
        const orm_entity *e = orm_meta_get(&ch->next->meta, ch->added->table);
        uint16_t *cols = og_arena_zalloc(a, sizeof(uint16_t) * (ix->n_index_params + 1));
        for (size_t i = 0; i < ix->n_index_params; i++)
            cols[i] = (uint16_t)orm_entity_prop(e, ix->index_params[i]->index_elem->name);
        if (!drv_sql_create_index(d, e, ch->added->name, cols, (uint16_t)ix->n_index_params, ix->unique, false, &sc,
                                  err))
            return false;
        add_script(op, &sc);
        const char *v[4] = {"index", ch->added->name, ch->added->table, ch->added->ddl};
        op_add(op, "INSERT INTO ormgate_schema (kind, name, tbl, ddl) VALUES (?1, ?2, ?3, ?4)", text_values(a, v, 4), 4,
               text4, 0);
        return true;
    }
    case ORM_DDL_DROP_INDEX:
        for (size_t i = 0; i < ch->nremoved_indexes; i++) {
            if (!drv_sql_drop_index(d, ch->removed_indexes[i], false, &sc, err))
                return false;
            add_script(op, &sc);
            sc.n = 0;
            const char *v[1] = {ch->removed_indexes[i]};
            op_add(op, "DELETE FROM ormgate_schema WHERE kind = 'index' AND name = ?1", text_values(a, v, 1), 1, NULL,
                   0);
        }
        return true;
    case ORM_DDL_TRUNCATE:
        for (size_t i = 0; i < ch->nremoved; i++)
            if (!drv_sql_truncate(d, ch->removed_tables[i], &sc, err))
                return false;
        add_script(op, &sc);
        if (ch->restart_identity)
            for (size_t i = 0; i < ch->nremoved; i++) {
                const orm_entity *e = orm_meta_get(&op->base->meta, ch->removed_tables[i]);
                if (!e || e->pk.ncols != 1 || (e->props[e->pk.cols[0]].dkind != ORM_DEFAULT_SEQUENCE &&
                                               e->props[e->pk.cols[0]].dkind != ORM_DEFAULT_IDENTITY))
                    continue;
                const char *v[1] = {ch->removed_tables[i]};
                /* the AUTOINCREMENT counter of a serial key (drivers/sqlrender_ddl.c) */
                op_add(op, "DELETE FROM sqlite_sequence WHERE name = ?1", text_values(a, v, 1), 1, NULL, 0);
            }
        return true;
    }
    return false;
}

/* After the backend has the change: make it the database's schema. If another session changed the
 * schema meanwhile, the statement is applied again to the newer generation. */
static void publish_change(px_op *op, og_error *err)
{
    if (!op->change.next)
        return;
    px_db *db = op->s->backend->db;
    pthread_mutex_lock(&db->lock);
    const orm_schema *cur = px_db_schema(db);
    if (cur != op->base) {
        orm_parsed pt;
        orm_ddl again;
        if (orm_sql_parse(op->sql, &pt, err)) {
            if (orm_schema_ddl(cur, pt.tree->stmts[0]->stmt, op->sql, &again, err)) {
                if (again.next) {
                    px_db_publish(db, again.next);
                    again.next = NULL;
                }
                orm_ddl_free(&again);
            }
            orm_sql_parsed_free(&pt);
        }
    } else {
        px_db_publish(db, op->change.next);
        op->change.next = NULL;
    }
    pthread_mutex_unlock(&db->lock);
}

run_status px_backend_ddl(px_session *s, px_portal *p, og_error *err)
{
    if (!s->backend) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "no database backend");
        return RUN_ERROR;
    }
    px_stmt *st = p->stmt;
    orm_parsed pt;
    if (!orm_sql_parse(st->sql, &pt, err))
        return RUN_ERROR;
    const PgQuery__Node *node = pt.tree->n_stmts ? pt.tree->stmts[0]->stmt : NULL;
    px_op *op = op_new(s, p, OP_DDL);
    op->sql = strdup(st->sql);
    op->base = px_db_schema(s->backend->db);
    if (!op->sql)
        abort();
    bool ok = node && orm_schema_ddl(op->base, node, st->sql, &op->change, err);
    if (ok) {
        snprintf(p->result.tag, sizeof p->result.tag, "%s", op->change.tag);
        if (op->change.notice[0])
            px_session_send_notice(s, "NOTICE", op->change.notice_code, op->change.notice);
    }
    if (ok && op->change.skipped) {
        orm_sql_parsed_free(&pt);
        s->op = NULL;
        op_free(op);
        return RUN_DONE;
    }
    ok = ok && ddl_script(s, op, node, err);
    orm_sql_parsed_free(&pt);
    if (!ok) {
        s->op = NULL;
        op_free(op);
        return RUN_ERROR;
    }
    op->ddl = true;
    return op_start(op);
}

void px_backend_session_free(px_session *s)
{
    px_op *op = s->op;
    s->op = NULL;
    if (op) {
        if (op->conn) {
            ops_of(s)->release(op->conn);
            op->conn = NULL;
        }
        if (op->waiting_lease)
            op->s = NULL; /* freed by the lease callback */
        else
            op_free(op);
    }
    drop_conn(s);
}
