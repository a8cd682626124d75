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
    /* statements to run in order; checks[i], when set, turns a row returned by statement i into
     * that error (prechecks of ALTER TABLE: existing rows must satisfy a new constraint) */
    drv_stmt *stmts;
    struct op_check **checks;
    uint16_t nstmts, next;
    uint16_t nsavepoints_to_replay, replayed;
    orm_eval_ctx cx;
    char tz[64];
    /* DDL */
    orm_ddl change;
    const orm_schema *base; /* the generation the change was computed from */
    char *sql;
    /* what to do when the statements ran */
    enum { OP_STATEMENT, OP_DDL, OP_COMMIT, OP_ROLLBACK, OP_SAVEPOINT, OP_UOW } kind;
    /* unit of work (proxy/uow.c): a flush runs first (its batches are the first statements) */
    px_flush flush;
    bool has_flush;
    uint16_t flush_at;   /* index of the flush's first batch among the statements */
    bool forget_after;   /* a native write: the identity map is forgotten when it succeeds */
    bool replay_skip_last; /* the lease replays the client's savepoints but the newest (SAVEPOINT's flush) */
    bool keep;           /* keep the last statement's result in kept (the load of find-by-pk) */
    bool reserving;      /* kept is the result of drv_ops.reserve */
    const orm_entity *register_rows; /* a native SELECT of whole rows of this entity: merged into the map */
    drv_result *kept;
    orm_stmt *load;
    void (*after)(struct px_op *op); /* when the statements ran, instead of finishing */
    run_status (*again)(px_session *s, px_portal *p, og_error *err); /* flush_then: what comes next */
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
        ctx->schema = s->tx_schema ? s->tx_schema : px_db_schema(s->backend->db);
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

/* The error a precheck raises when its statement returns a row: code and message, and a detail
 * "<prefix><the row's values, comma separated><suffix>" when prefix is set. */
typedef struct op_check {
    char code[6];
    char *message, *prefix, *suffix;
} op_check;

static void op_free(px_op *op)
{
    orm_ddl_free(&op->change);
    for (uint16_t i = 0; i < op->nstmts; i++)
        if (op->checks && op->checks[i]) {
            free(op->checks[i]->message);
            free(op->checks[i]->prefix);
            free(op->checks[i]->suffix);
            free(op->checks[i]);
        }
    free(op->checks);
    free(op->stmts);
    free(op->sql);
    if (op->has_flush)
        px_uow_flush_free(&op->flush);
    drv_result_free(op->kept);
    orm_stmt_free(op->load);
    free(op);
}

static void op_add(px_op *op, const char *sql, const og_value *params, uint16_t nparams, const uint32_t *types,
                   uint16_t ntypes)
{
    drv_stmt *v = realloc(op->stmts, sizeof(*v) * (op->nstmts + 1u));
    op_check **c = realloc(op->checks, sizeof(*c) * (op->nstmts + 1u));
    if (!v || !c)
        abort();
    op->stmts = v;
    op->checks = c;
    c[op->nstmts] = NULL;
    v[op->nstmts++] = (drv_stmt){sql, params, nparams, types, ntypes, &op->cx};
}

/* ---- finishing -------------------------------------------------------------------------------- */

static void err_copy(og_error *copy, const og_error *err)
{
    og_error_set(copy, err->code, "%s", err->message ? err->message : "");
    if (err->detail)
        og_error_detail(copy, "%s", err->detail);
    if (err->hint)
        og_error_hint(copy, "%s", err->hint);
    copy->position = err->position;
    if (err->constraint)
        copy->constraint = strdup(err->constraint);
    if (err->table)
        copy->table = strdup(err->table);
    if (err->column)
        copy->column = strdup(err->column);
}

static void drop_conn(px_session *s);
static void tx_schema_end(px_session *s, bool commit);

/* A flush ran: its entities are what the backend holds now. */
static void flushed(px_session *s, const px_flush *f)
{
    orm_em_flushed(s->em);
    s->stats.flushes++;
    for (size_t i = 0; i < f->plan.n; i++)
        s->stats.flushed += f->plan.batches[i].nrows;
}

static void op_finish(px_op *op, const og_error *err)
{
    px_session *s = op->s;
    if (op->conn) {
        ops_of(s)->release(op->conn);
        op->conn = NULL;
    }
    if (err && op->has_flush)
        px_uow_forget(s); /* the flush failed: the transaction is lost, and so is its unit of work */
    else if (op->has_flush)
        flushed(s, &op->flush);
    if (!err && op->forget_after)
        px_uow_forget(s);
    if (op->kind == OP_COMMIT || op->kind == OP_ROLLBACK) {
        px_uow_tx_end(s, op->kind == OP_COMMIT && !err, true);
        drop_conn(s); /* the transaction is over, whatever happened */
        tx_schema_end(s, op->kind == OP_COMMIT && !err);
    }
    s->op = NULL;
    og_error copy = OG_ERROR_INIT;
    if (err)
        err_copy(&copy, err);
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
static void stage_change(px_op *op);

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

/* The value a DML statement gives key column prop (a constant or a parameter of the statement), or
 * NULL when it is computed. */
static const og_value *stmt_value(const og_value *params, const orm_query *q, uint16_t prop)
{
    const orm_expr *x = NULL;
    if (q->kind == ORM_Q_INSERT && q->nrows == 1 && !q->source) {
        for (uint16_t c = 0; c < q->ncols; c++)
            if (q->cols[c] == prop)
                x = q->rows[0][c];
    } else if (q->kind == ORM_Q_UPDATE) {
        for (uint16_t c = 0; c < q->nset; c++)
            if (q->set_cols[c] == prop)
                x = q->set_exprs[c];
    }
    if (!x && (q->kind == ORM_Q_UPDATE || q->kind == ORM_Q_DELETE) && q->where) {
        /* WHERE key = value (possibly among ANDed conditions) */
        const orm_expr *stack[32];
        size_t n = 0;
        stack[n++] = q->where;
        while (n && !x) {
            const orm_expr *w = stack[--n];
            if (w->kind == ORM_EX_AND)
                for (uint16_t i = 0; i < w->nargs && n < 32; i++)
                    stack[n++] = w->args[i];
            else if (w->kind == ORM_EX_CMP && w->u.cmp.op == ORM_CMP_EQ && w->args[0]->kind == ORM_EX_COLUMN &&
                     !w->args[0]->u.column.levelsup && w->args[0]->u.column.rte == q->target_rte &&
                     w->args[0]->u.column.col == prop)
                x = w->args[1];
        }
    }
    if (x && x->kind == ORM_EX_CONST)
        return &x->u.value;
    if (x && x->kind == ORM_EX_PARAM && params)
        return &params[x->u.param - 1];
    return NULL;
}

/* "(a, b)=(1, 2)" for the key columns, or false when a value is not known. */
static bool key_text(const px_op *op, const orm_query *q, const og_value *params, const orm_entity *e,
                     const uint16_t *cols, uint16_t n, og_buf *out)
{
    og_buf_putc(out, '(');
    for (uint16_t i = 0; i < n; i++)
        og_buf_printf(out, "%s%s", i ? ", " : "", e->props[cols[i]].name);
    og_buf_puts(out, ")=(");
    for (uint16_t i = 0; i < n; i++) {
        const og_value *v = stmt_value(params, q, cols[i]);
        if (!v)
            return false;
        if (i)
            og_buf_puts(out, ", ");
        if (v->isnull)
            og_buf_puts(out, "null");
        else
            og_text_io_get()->encode(v, op->tz, out);
    }
    og_buf_putc(out, ')');
    og_buf_putc(out, '\0');
    return true;
}

/* PostgreSQL's constraint errors name the key's values ("Key (id)=(1) already exists."). The
 * backend does not say which row failed, but for a statement that writes one row the values are
 * the statement's own: they are filled in from the IR (the client's statement with its parameters,
 * or a flush batch of one entity, whose values are constants). */
static void key_detail(const px_op *op, const orm_query *q, const og_value *params, og_error *e)
{
    if (!q || !op->p || !e->constraint || (strcmp(e->code, "23505") && strcmp(e->code, "23503")))
        return;
    if (q->kind != ORM_Q_INSERT && q->kind != ORM_Q_UPDATE && q->kind != ORM_Q_DELETE)
        return;
    const orm_entity *ent = q->rtes[q->target_rte].entity;
    og_buf b = {0};
    char *detail = NULL;
    if (!strcmp(e->code, "23505")) {
        const orm_key *k = ent->pk.ncols && ent->pk.name && !strcmp(ent->pk.name, e->constraint) ? &ent->pk : NULL;
        for (uint16_t i = 0; i < ent->nuniques && !k; i++)
            if (ent->uniques[i].name && !strcmp(ent->uniques[i].name, e->constraint))
                k = &ent->uniques[i];
        if (k && key_text(op, q, params, ent, k->cols, k->ncols, &b))
            detail = og_arena_printf(&op->p->arena, "Key %s already exists.", (char *)b.data);
    } else if (e->message && !strncmp(e->message, "insert or update", 16)) {
        for (uint16_t i = 0; i < ent->nfks && !detail; i++)
            if (!strcmp(ent->fks[i].name, e->constraint) && key_text(op, q, params, ent, ent->fks[i].cols, ent->fks[i].ncols, &b))
                detail = og_arena_printf(&op->p->arena, "Key %s is not present in table \"%s\".", (char *)b.data,
                                         ent->fks[i].ref_table);
    } else if (e->detail && !strncmp(e->detail, "Key is still referenced", 23) && ent->pk.ncols &&
               key_text(op, q, params, ent, ent->pk.cols, ent->pk.ncols, &b)) {
        detail = og_arena_printf(&op->p->arena, "Key %s is%s", (char *)b.data, e->detail + 6);
    }
    og_buf_free(&b);
    if (detail) {
        free(e->detail);
        e->detail = NULL;
        og_error_detail(e, "%s", detail);
    }
}

static void stmt_done(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    if (err) {
        drv_result_free(res);
        og_error copy = OG_ERROR_INIT;
        err_copy(&copy, err);
        if (op->has_flush && op->next >= op->flush_at && (size_t)(op->next - op->flush_at) < op->flush.n) /* a batch */
            key_detail(op, op->flush.plan.batches[op->next - op->flush_at].stmt->query, NULL, &copy);
        else if (op->kind == OP_STATEMENT && op->p->stmt->orm)
            key_detail(op, op->p->stmt->orm->query, op->p->params, &copy);
        op_finish(op, &copy);
        og_error_clear(&copy);
        return;
    }
    op_check *chk = op->checks ? op->checks[op->next] : NULL;
    if (chk && res && res->nrows) {
        og_error e = OG_ERROR_INIT;
        og_error_set(&e, chk->code, "%s", chk->message);
        if (chk->prefix) {
            og_buf b = {0};
            og_buf_puts(&b, chk->prefix);
            for (uint16_t i = 0; i < res->ncols; i++) {
                if (i)
                    og_buf_puts(&b, ", ");
                if (res->rows[0][i].isnull)
                    og_buf_puts(&b, "null");
                else
                    og_text_io_get()->encode(&res->rows[0][i], op->tz, &b);
            }
            og_buf_puts(&b, chk->suffix ? chk->suffix : "");
            og_buf_putc(&b, '\0');
            og_error_detail(&e, "%s", (char *)b.data);
            og_buf_free(&b);
        }
        drv_result_free(res);
        op_finish(op, &e);
        og_error_clear(&e);
        return;
    }
    bool last = op->next + 1u >= op->nstmts;
    if (op->keep && last) {
        drv_result_free(op->kept);
        op->kept = res;
    } else if (op->kind == OP_STATEMENT && last) {
        px_portal *p = op->p;
        if (op->register_rows && res && op->s->em)
            for (uint32_t i = 0; i < res->nrows; i++)
                orm_em_merge(op->s->em, op->register_rows, res->rows[i]);
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

/* COMMIT after its flush: the transaction is over either way (op_finish gives the connection back). */
static void flush_committed(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    drv_result_free(res);
    op_finish(op, err);
}

/* Run the next statement of op on its connection, or finish. */
static void step(px_op *op)
{
    px_session *s = op->s;
    drv_conn *c = op->conn ? op->conn : s->conn;
    if (op->next < op->nstmts) {
        s->stats.roundtrips++;
        ops_of(s)->exec(c, &op->stmts[op->next], stmt_done, op);
        return;
    }
    if (op->after) {
        void (*after)(px_op *) = op->after;
        op->after = NULL;
        after(op);
        return;
    }
    if (op->kind == OP_COMMIT) { /* the flush of COMMIT ran: now the commit */
        s->stats.roundtrips++;
        ops_of(s)->commit(c, flush_committed, op);
        return;
    }
    if (op->kind == OP_DDL) {
        if (op->autocommit) {
            s->stats.roundtrips++;
            ops_of(s)->commit(c, committed, op);
            return;
        }
        stage_change(op); /* inside a transaction: published at COMMIT */
        op_finish(op, NULL);
        return;
    }
    op_finish(op, NULL);
}

/* ---- leasing and opening the transaction ---------------------------------------------------------- */

static void savepoint_replayed(void *ctx, drv_result *res, const og_error *err);

static void replay_savepoints(px_op *op)
{
    px_session *s = op->s;
    size_t upto = s->nsavepoints - (op->replay_skip_last && s->nsavepoints ? 1 : 0);
    if (op->replayed < upto) {
        og_buf b = OG_BUF_INIT;
        og_buf_puts(&b, "SAVEPOINT ");
        og_buf_put_quoted(&b, s->savepoints[op->replayed], '"');
        char *sql = strdup(og_buf_cstr(&b));
        og_buf_free(&b);
        if (!sql)
            abort();
        free(op->sql);
        op->sql = sql;
        drv_stmt st = {sql, NULL, 0, NULL, 0, &op->cx};
        op->replayed++;
        s->stats.roundtrips++;
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
        if (op->kind == OP_DDL || op->kind == OP_COMMIT) {
            s->stats.roundtrips++;
            ops_of(s)->begin(conn, begun, op);
        } else {
            step(op);
        }
        return;
    }
    s->conn = conn;
    s->stats.roundtrips++;
    ops_of(s)->begin(conn, begun, op);
}

/* Completion of drv_ops.run (an autocommit statement). */
static void ran(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    op->waiting_lease = false;
    if (!op->s) { /* the session left meanwhile */
        drv_result_free(res);
        op_free(op);
        return;
    }
    if (!err && op->forget_after)
        px_uow_wrote(op->s); /* an autocommit write: session-scoped identity maps must look again */
    stmt_done(op, res, err);
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

/* The value row r gives column prop of an INSERT (constant or parameter), or NULL. */
static const og_value *row_value(const px_portal *p, const orm_query *q, uint32_t r, uint16_t prop)
{
    for (uint16_t c = 0; c < q->ncols; c++)
        if (q->cols[c] == prop) {
            const orm_expr *x = q->rows[r][c];
            if (x->kind == ORM_EX_CONST)
                return &x->u.value;
            if (x->kind == ORM_EX_PARAM && p->params)
                return &p->params[x->u.param - 1];
        }
    return NULL;
}

/* PostgreSQL refuses an INSERT ... ON CONFLICT DO UPDATE whose rows propose the same conflict key
 * twice (SQLite would update the row it just inserted). Checked for rows of known values. */
static bool conflict_twice(const px_portal *p, const orm_query *q)
{
    const orm_entity *e = q->rtes[q->target_rte].entity;
    const uint16_t *cols = q->nconflict_cols ? q->conflict_cols : e->pk.cols;
    uint16_t n = q->nconflict_cols ? q->nconflict_cols : e->pk.ncols;
    if (!n || q->nrows > 1000)
        return false;
    for (uint32_t r1 = 0; r1 < q->nrows; r1++)
        for (uint32_t r2 = r1 + 1; r2 < q->nrows; r2++) {
            bool same = true;
            for (uint16_t c = 0; c < n && same; c++) {
                const og_value *a = row_value(p, q, r1, cols[c]), *b = row_value(p, q, r2, cols[c]);
                same = a && b && !a->isnull && !b->isnull && a->oid == b->oid && !orm_value_cmp(a, b);
            }
            if (same)
                return true;
        }
    return false;
}

/* ---- the unit of work's flushes (proxy/uow.c builds them) ------------------------------------------ */

/* Put the flush of what is pending in front of op's statements. */
static bool add_flush(px_op *op, og_error *err)
{
    px_session *s = op->s;
    if (!px_uow_pending(s))
        return true;
    if (!px_uow_flush_build(s, &op->flush, err)) {
        px_uow_flush_free(&op->flush);
        px_uow_forget(s);
        return false;
    }
    op->has_flush = true;
    op->flush_at = op->nstmts;
    for (size_t i = 0; i < op->flush.n; i++) {
        const drv_sql *q = &op->flush.sql[i];
        op_add(op, q->sql, op->flush.vals[i], (uint16_t)q->nbinds, NULL, 0);
        if (px_runtime_get()->config->log_statements)
            px_slog(s, PX_LOG_DEBUG, "flush: %s", q->sql);
    }
    return true;
}

/* The flush of flush_then ran: go on with what needed it. */
static void flush_again(px_op *op)
{
    px_session *s = op->s;
    px_portal *p = op->p;
    run_status (*again)(px_session *, px_portal *, og_error *) = op->again;
    if (op->has_flush)
        flushed(s, &op->flush);
    op->has_flush = false;
    px_uow_flush_free(&op->flush);
    s->op = NULL;
    op_free(op);
    og_error err = OG_ERROR_INIT;
    run_status rs = again(s, p, &err);
    if (rs == RUN_DONE)
        px_query_async_done(s, NULL);
    else if (rs == RUN_ERROR)
        px_query_async_done(s, &err);
    og_error_clear(&err);
}

/* Flush what is pending on the transaction's connection, then run again(s, p): for statements the
 * unit of work must not overtake (native statements, DDL, COPY, SAVEPOINT). */
static run_status flush_then(px_session *s, px_portal *p, run_status (*again)(px_session *, px_portal *, og_error *),
                             og_error *err)
{
    px_op *op = op_new(s, p, OP_UOW);
    if (!add_flush(op, err)) {
        s->op = NULL;
        op_free(op);
        return RUN_ERROR;
    }
    op->again = again;
    op->after = flush_again;
    op->replay_skip_last = p->stmt->kind == PX_STMT_SAVEPOINT; /* the new savepoint comes after the flush */
    return op_start(op);
}

static void uow_after(px_op *op);

static void reserved(void *ctx, drv_result *res, const og_error *err)
{
    px_op *op = ctx;
    if (err) {
        drv_result_free(res);
        op_finish(op, err);
        return;
    }
    drv_result_free(op->kept);
    op->kept = res;
    uow_after(op);
}

/* Reserve the key values the statement needs: on a connection of the op's own when the block is for
 * the worker's pool (committed at once, outside the client's transaction), else on the transaction's. */
static void reserve_keys(px_op *op)
{
    px_session *s = op->s;
    px_portal *p = op->p;
    op->keep = op->reserving = true;
    s->stats.roundtrips++;
    const orm_property *prop = &p->uow_op.entity->props[p->uow_resv_prop];
    ops_of(s)->reserve(op->conn ? op->conn : s->conn, p->uow_resv_table, p->uow_resv_column, p->uow_resv_rowid,
                       prop->seq_start, prop->seq_increment, p->uow_resv_n, reserved, op);
}

static void leased_for_reserve(void *ctx, drv_conn *conn, const og_error *err)
{
    px_op *op = ctx;
    op->waiting_lease = false;
    if (!op->s) {
        if (conn)
            op->ops->release(conn);
        op_free(op);
        return;
    }
    if (err) {
        op_finish(op, err);
        return;
    }
    op->conn = conn; /* given back by op_finish */
    reserve_keys(op);
}

/* The EntityManager's steps ran (a load, a key reservation, or a flush): serve the statement again. */
static void uow_after(px_op *op)
{
    px_session *s = op->s;
    px_portal *p = op->p;
    if (op->keep && op->reserving) {
        px_uow_reserved(s, p, op->kept);
        drv_result_free(op->kept);
        op->kept = NULL;
        op->keep = op->reserving = false;
    } else if (op->keep) {
        px_uow_loaded(s, p, op->kept);
        drv_result_free(op->kept);
        op->kept = NULL;
        op->keep = false;
    }
    if (op->has_flush) {
        flushed(s, &op->flush);
        op->has_flush = false;
        px_uow_flush_free(&op->flush);
    }
    og_error err = OG_ERROR_INIT;
    orm_stmt *load = NULL;
    px_uow_rc rc = px_uow_serve(s, p, &op->cx, &load, &err);
    if (rc == PX_UOW_FLUSH_FIRST && add_flush(op, &err)) {
        op->after = uow_after;
        step(op);
        return;
    }
    if (rc == PX_UOW_RESERVE && p->uow_resv_shared && !op->conn) {
        op->waiting_lease = true;
        ops_of(s)->lease(s->backend->b, leased_for_reserve, op);
        return;
    }
    if (rc == PX_UOW_RESERVE) {
        reserve_keys(op);
        return;
    }
    orm_stmt_free(load); /* loaded once already: not asked again */
    if (rc == PX_UOW_DONE)
        op_finish(op, NULL);
    else
        op_finish(op, og_error_isset(&err) ? &err : NULL);
    og_error_clear(&err);
}

static run_status run_native(px_session *s, px_portal *p, og_error *err);

/* Inside a transaction in flush mode auto: the EntityManager serves what it can. */
static run_status run_uow(px_session *s, px_portal *p, og_error *err)
{
    orm_eval_ctx cx;
    char tz[64];
    snprintf(tz, sizeof tz, "%s", s->codec.timezone ? s->codec.timezone : "UTC");
    if (!s->xact_usec)
        s->xact_usec = now_usec();
    cx = (orm_eval_ctx){tz, s->xact_usec, now_usec()};
    orm_stmt *load = NULL;
    px_uow_rc rc = px_uow_serve(s, p, &cx, &load, err);
    switch (rc) {
    case PX_UOW_DONE:
        return RUN_DONE;
    case PX_UOW_ERROR:
        return RUN_ERROR;
    case PX_UOW_NATIVE:
        p->uow_register = px_uow_whole_rows(p->stmt);
        return px_uow_must_flush(s, p->stmt) ? flush_then(s, p, run_native, err) : run_native(s, p, err);
    case PX_UOW_LOAD: {
        px_op *op = op_new(s, p, OP_UOW);
        drv_sql *q = og_arena_zalloc(&p->arena, sizeof *q);
        if (!drv_sql_render(s->backend->db->dialect, load->query, 0, &p->arena, q, err)) {
            orm_stmt_free(load);
            s->op = NULL;
            op_free(op);
            return RUN_ERROR;
        }
        op->load = load;
        op_add(op, q->sql, drv_sql_values(q, NULL, 0, &p->arena), (uint16_t)q->nbinds, q->result_types, q->ncols);
        op->keep = true;
        op->after = uow_after;
        return op_start(op);
    }
    case PX_UOW_RESERVE: {
        if (!ops_of(s)->reserve) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this backend cannot reserve key values");
            return RUN_ERROR;
        }
        px_op *op = op_new(s, p, OP_UOW);
        if (p->uow_resv_shared) {
            op->waiting_lease = true;
            ops_of(s)->lease(s->backend->b, leased_for_reserve, op);
            return RUN_PENDING;
        }
        op->after = reserve_keys; /* on the transaction's connection */
        return op_start(op);
    }
    case PX_UOW_FLUSH_FIRST: {
        px_op *op = op_new(s, p, OP_UOW);
        if (!add_flush(op, err)) {
            s->op = NULL;
            op_free(op);
            return RUN_ERROR;
        }
        op->after = uow_after;
        return op_start(op);
    }
    }
    return RUN_ERROR;
}

run_status px_backend_run(px_session *s, px_portal *p, og_error *err)
{
    if (s->backend && px_uow_active(s))
        return run_uow(s, p, err);
    return run_native(s, p, err);
}

static run_status run_native(px_session *s, px_portal *p, og_error *err)
{
    px_stmt *st = p->stmt;
    if (!s->backend) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "no database backend");
        return RUN_ERROR;
    }
    const orm_query *q = st->orm->query;
    if (q->kind == ORM_Q_INSERT && q->conflict == ORM_CONFLICT_UPDATE && q->nrows > 1 && conflict_twice(p, q)) {
        og_error_set(err, "21000", "ON CONFLICT DO UPDATE command cannot affect row a second time");
        og_error_hint(err, "Ensure that no rows proposed for insertion within the same command have duplicate "
                           "constrained values.");
        return RUN_ERROR;
    }
    px_op *op = op_new(s, p, OP_STATEMENT);
    op->forget_after = s->em && q->kind != ORM_Q_SELECT && q->kind != ORM_Q_SETOP && q->kind != ORM_Q_VALUES;
    op->register_rows = s->em && px_uow_active(s) ? p->uow_register : NULL;
    const drv_sql *r = st->rendered;
    og_value *vals = drv_sql_values(r, p->params, st->nparams, &p->arena);
    op_add(op, r->sql, vals, (uint16_t)r->nbinds, r->result_types, r->ncols);
    if (px_runtime_get()->config->log_statements)
        px_slog(s, PX_LOG_DEBUG, "backend: %s", r->sql);
    if (!s->conn && s->txstatus == 'I' && ops_of(s)->run) { /* autocommit: one driver call */
        op->autocommit = true;
        op->waiting_lease = true;
        s->stats.roundtrips++;
        ops_of(s)->run(s->backend->b, &op->stmts[0], ran, op);
        return RUN_PENDING;
    }
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
    px_uow_keys_forget(s);
    if (commit && px_uow_pending(s)) { /* flush, then commit: on the transaction's connection, or a new one */
        px_op *op = op_new(s, p, OP_COMMIT);
        if (!add_flush(op, err)) {
            s->op = NULL;
            op_free(op);
            drop_conn(s);
            return RUN_ERROR;
        }
        return op_start(op);
    }
    if (!s->conn || !commit)
        px_uow_tx_end(s, false, false); /* nothing reached the backend, or nothing is kept */
    if (!s->conn) {
        tx_schema_end(s, false); /* DDL always leases: there is none */
        return RUN_DONE;
    }
    px_op *op = op_new(s, p, commit ? OP_COMMIT : OP_ROLLBACK);
    s->stats.roundtrips++;
    if (commit)
        ops_of(s)->commit(s->conn, tx_ended, op);
    else
        ops_of(s)->rollback(s->conn, tx_ended, op);
    return RUN_PENDING;
}

static run_status savepoint_again(px_session *s, px_portal *p, og_error *err)
{
    return px_backend_savepoint(s, p, p->stmt->kind, p->stmt->name, err);
}

run_status px_backend_savepoint(px_session *s, px_portal *p, px_stmt_kind kind, const char *name, og_error *err)
{
    /* the unit of work is flushed before a SAVEPOINT, so what ROLLBACK TO undoes is never pending
     * from before it: it forgets the unit of work and the identity map, and the backend the rest */
    if (kind == PX_STMT_SAVEPOINT && px_uow_pending(s))
        return flush_then(s, p, savepoint_again, err);
    if (kind == PX_STMT_ROLLBACK_TO) {
        px_uow_forget(s);
        px_uow_keys_forget(s); /* reservations after the savepoint are undone */
    }
    if (!s->conn)
        return RUN_DONE;
    px_op *op = op_new(s, p, OP_SAVEPOINT);
    og_buf b = {0};
    og_buf_puts(&b, kind == PX_STMT_SAVEPOINT ? "SAVEPOINT " : kind == PX_STMT_RELEASE ? "RELEASE SAVEPOINT "
                                                                                      : "ROLLBACK TO SAVEPOINT ");
    og_buf_put_quoted(&b, name, '"');
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

static bool alter_script(px_session *s, px_op *op, og_error *err);

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
        /* a table without a primary key may be created (and given one by ALTER TABLE); statements
         * that read or write it are refused by the translator (DESIGN.md section 3) */
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
    case ORM_DDL_ALTER_TABLE:
        return alter_script(s, op, err);
    case ORM_DDL_COMMENT:
        if (ch->removed_comment) {
            const char *v[1] = {ch->removed_comment};
            op_add(op, "DELETE FROM ormgate_schema WHERE kind = 'comment' AND name = ?1", text_values(a, v, 1), 1,
                   NULL, 0);
        }
        if (ch->added) {
            const char *v[4] = {"comment", ch->added->name, ch->added->table, ch->added->ddl};
            op_add(op, "INSERT INTO ormgate_schema (kind, name, tbl, ddl) VALUES (?1, ?2, ?3, ?4)",
                   text_values(a, v, 4), 4, text4, 0);
        }
        return true;
    case ORM_DDL_TRUNCATE:
        /* the tables go together: foreign keys between them are checked at the end only */
        op_add(op, "PRAGMA defer_foreign_keys = ON", NULL, 0, NULL, 0);
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


/* ---- ALTER TABLE on SQLite ---------------------------------------------------------------------------- */

static char *xstrdup_(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

static char *qident(og_arena *a, const char *name) { return og_arena_quoted(a, name, '"'); }

/* Add a precheck: sql must return no row, else the error (detail: prefix, the row's values, suffix). */
static void op_precheck(px_op *op, const char *sql, const uint32_t *types, uint16_t ntypes, const char *code,
                        const char *message, const char *prefix, const char *suffix)
{
    op_add(op, sql, NULL, 0, types, ntypes);
    op_check *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    memcpy(c->code, code, 6);
    c->message = xstrdup_(message);
    c->prefix = prefix ? xstrdup_(prefix) : NULL;
    c->suffix = suffix ? xstrdup_(suffix) : NULL;
    op->checks[op->nstmts - 1] = c;
}

static const orm_key *find_key(const orm_entity *e, const char *name)
{
    if (e->pk.ncols && e->pk.name && !strcmp(e->pk.name, name))
        return &e->pk;
    for (uint16_t i = 0; i < e->nuniques; i++)
        if (e->uniques[i].name && !strcmp(e->uniques[i].name, name))
            return &e->uniques[i];
    return NULL;
}

/* Existing rows must not hold NULL or duplicates in the key's columns. */
static void check_key(px_op *op, const orm_entity *e, const orm_key *k, bool nulls_too)
{
    og_arena *a = &op->p->arena;
    const char *t = qident(a, e->name);
    og_buf cols = {0}, names = {0}, notnull = {0};
    uint32_t *types = og_arena_zalloc(a, sizeof(uint32_t) * (k->ncols + 1u));
    for (uint16_t i = 0; i < k->ncols; i++) {
        const orm_property *p = &e->props[k->cols[i]];
        if (i) {
            og_buf_puts(&cols, ", ");
            og_buf_puts(&names, ", ");
            og_buf_puts(&notnull, " AND ");
        }
        og_buf_puts(&cols, qident(a, p->field));
        og_buf_puts(&names, p->name);
        og_buf_printf(&notnull, "%s IS NOT NULL", qident(a, p->field));
        types[i] = p->type_oid;
        if (nulls_too)
            op_precheck(op, og_arena_printf(a, "SELECT 1 FROM %s WHERE %s IS NULL LIMIT 1", t, qident(a, p->field)),
                        NULL, 0, "23502",
                        og_arena_printf(a, "column \"%s\" of relation \"%s\" contains null values", p->name, e->name),
                        NULL, NULL);
    }
    og_buf_putc(&cols, '\0');
    og_buf_putc(&names, '\0');
    og_buf_putc(&notnull, '\0');
    op_precheck(op,
                og_arena_printf(a, "SELECT %s FROM %s WHERE %s GROUP BY %s HAVING count(*) > 1 LIMIT 1",
                                (char *)cols.data, t, (char *)notnull.data, (char *)cols.data),
                types, k->ncols, "23505", og_arena_printf(a, "could not create unique index \"%s\"", k->name),
                og_arena_printf(a, "Key (%s)=(", (char *)names.data), ") is duplicated.");
    og_buf_free(&cols);
    og_buf_free(&names);
    og_buf_free(&notnull);
}

static orm_rte *entity_rte(og_arena *a, const orm_entity *e)
{
    orm_rte *r = og_arena_zalloc(a, sizeof *r);
    orm_rte_set_entity(r, e, a);
    r->alias = e->name;
    return r;
}

static bool check_check(px_op *op, const drv_dialect *d, const orm_entity *e, const char *name, og_error *err)
{
    og_arena *a = &op->p->arena;
    for (uint16_t i = 0; i < e->nchecks; i++) {
        if (strcmp(e->checks[i].name, name))
            continue;
        orm_expr *x = orm_translate_check(e, e->checks[i].expr, a, err);
        drv_sql r;
        if (!x || !drv_sql_render_expr(d, x, entity_rte(a, e), true, 0, a, &r, err))
            return false;
        op_precheck(op, og_arena_printf(a, "SELECT 1 FROM %s WHERE NOT (%s) LIMIT 1", qident(a, e->name), r.sql), NULL,
                    0, "23514",
                    og_arena_printf(a, "check constraint \"%s\" of relation \"%s\" is violated by some row", name,
                                    e->name),
                    NULL, NULL);
        return true;
    }
    return true;
}

static void check_fk(px_op *op, const orm_entity *e, const char *name)
{
    og_arena *a = &op->p->arena;
    for (uint16_t i = 0; i < e->nfks; i++) {
        const orm_fk *fk = &e->fks[i];
        if (strcmp(fk->name, name) || !fk->target)
            continue;
        og_buf cols = {0}, names = {0}, conds = {0}, match = {0};
        uint32_t *types = og_arena_zalloc(a, sizeof(uint32_t) * (fk->ncols + 1u));
        for (uint16_t c = 0; c < fk->ncols; c++) {
            const orm_property *p = &e->props[fk->cols[c]];
            int rp = orm_entity_prop(fk->target, fk->ref_cols[c]);
            const char *rf = rp >= 0 ? fk->target->props[rp].field : fk->ref_cols[c];
            og_buf_printf(&cols, "%sc.%s", c ? ", " : "", qident(a, p->field));
            og_buf_printf(&names, "%s%s", c ? ", " : "", p->name);
            og_buf_printf(&conds, "%sc.%s IS NOT NULL", c ? " AND " : "", qident(a, p->field));
            og_buf_printf(&match, "%sp.%s = c.%s", c ? " AND " : "", qident(a, rf), qident(a, p->field));
            types[c] = p->type_oid;
        }
        og_buf_putc(&cols, '\0');
        og_buf_putc(&names, '\0');
        og_buf_putc(&conds, '\0');
        og_buf_putc(&match, '\0');
        op_precheck(op,
                    og_arena_printf(a, "SELECT %s FROM %s AS c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s AS p WHERE %s) "
                                       "LIMIT 1",
                                    (char *)cols.data, qident(a, e->name), (char *)conds.data,
                                    qident(a, fk->target->name), (char *)match.data),
                    types, fk->ncols, "23503",
                    og_arena_printf(a, "insert or update on table \"%s\" violates foreign key constraint \"%s\"",
                                    e->name, name),
                    og_arena_printf(a, "Key (%s)=(", (char *)names.data),
                    og_arena_printf(a, ") is not present in table \"%s\".", fk->target->name));
        og_buf_free(&cols);
        og_buf_free(&names);
        og_buf_free(&conds);
        og_buf_free(&match);
    }
}

/* The statements of an ALTER TABLE: prechecks of existing rows, the backend's own ALTER TABLE
 * where SQLite has one, unique indexes, and for constraints SQLite cannot add (CHECK, FOREIGN
 * KEY, NOT NULL) a new definition written into its schema table (SQLite's documented procedure
 * for changes that do not touch stored rows), with the schema cookie bumped so every connection
 * reloads it. */
static bool store_alter(px_op *op);

/* ADD PRIMARY KEY: SQLite keeps a primary key in the table's own structure, so the table is
 * rebuilt (new table, rows copied, old dropped, new renamed, indexes made again). Refused when
 * other tables reference it (dropping it would fire their foreign keys) or when the same ALTER
 * does more. */
static bool rebuild_with_pkey(px_session *s, px_op *op, const orm_entity *old, const orm_entity *e, const char *pk,
                              bool alone, og_error *err)
{
    const drv_dialect *d = s->backend->db->dialect;
    og_arena *a = &op->p->arena;
    if (!alone || old->ninverse) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "ADD PRIMARY KEY %s is not supported on the SQLite backend",
                     old->ninverse ? "on a table other tables reference" : "together with other changes");
        return false;
    }
    check_key(op, e, &e->pk, true);
    orm_entity *tmp = og_arena_alloc(a, sizeof *tmp);
    *tmp = *e;
    tmp->name = og_arena_printf(a, "ormgate_rebuild_%s", e->name);
    orm_expr **checks = og_arena_zalloc(a, sizeof(orm_expr *) * (e->nchecks + 1u));
    for (uint16_t i = 0; i < e->nchecks; i++)
        if (!(checks[i] = orm_translate_check(e, e->checks[i].expr, a, err)))
            return false;
    drv_sql_script sc;
    drv_sql_script_init(&sc, a);
    if (!drv_sql_create_table(d, tmp, checks, false, &sc, err) || !sc.n)
        return false;
    og_buf cols = {0};
    for (uint16_t i = 0; i < e->nprops; i++)
        og_buf_printf(&cols, "%s%s", i ? ", " : "", qident(a, e->props[i].field));
    og_buf_putc(&cols, '\0');
    op_add(op, sc.sql[0], NULL, 0, NULL, 0);
    op_add(op,
           og_arena_printf(a, "INSERT INTO %s (%s) SELECT %s FROM %s", qident(a, tmp->name), (char *)cols.data,
                           (char *)cols.data, qident(a, e->name)),
           NULL, 0, NULL, 0);
    og_buf_free(&cols);
    op_add(op, og_arena_printf(a, "DROP TABLE %s", qident(a, e->name)), NULL, 0, NULL, 0);
    op_add(op, og_arena_printf(a, "ALTER TABLE %s RENAME TO %s", qident(a, tmp->name), qident(a, e->name)), NULL, 0,
           NULL, 0);
    /* the unique indexes of the entity, made for the renamed table */
    sc.n = 0;
    if (!drv_sql_create_table(d, e, checks, false, &sc, err))
        return false;
    for (uint16_t i = 1; i < sc.n; i++)
        op_add(op, sc.sql[i], NULL, 0, NULL, 0);
    /* and its other indexes */
    for (size_t i = 0; i < op->change.next->nobjs; i++) {
        const orm_schema_obj *o = &op->change.next->objs[i];
        if (o->kind != ORM_SCHEMA_INDEX || strcmp(o->table, e->name) || find_key(e, o->name))
            continue;
        orm_parsed pt;
        if (!orm_sql_parse(o->ddl, &pt, err))
            return false;
        const PgQuery__IndexStmt *ix = pt.tree->stmts[0]->stmt->index_stmt;
        uint16_t *icols = og_arena_zalloc(a, sizeof(uint16_t) * (ix->n_index_params + 1));
        for (size_t k = 0; k < ix->n_index_params; k++)
            icols[k] = (uint16_t)orm_entity_prop(e, ix->index_params[k]->index_elem->name);
        sc.n = 0;
        bool ok = drv_sql_create_index(d, e, o->name, icols, (uint16_t)ix->n_index_params, false, false, &sc, err);
        orm_sql_parsed_free(&pt);
        if (!ok)
            return false;
        add_script(op, &sc);
    }
    (void)pk;
    return true;
}

static bool alter_script(px_session *s, px_op *op, og_error *err)
{
    const drv_dialect *d = s->backend->db->dialect;
    og_arena *a = &op->p->arena;
    orm_ddl *ch = &op->change;
    const orm_entity *old = orm_meta_get(&op->base->meta, ch->table);
    const orm_entity *e = orm_meta_get(&ch->next->meta, ch->table);
    drv_sql_script sc;
    drv_sql_script_init(&sc, a);
    bool redefine = false;
    for (size_t i = 0; i < ch->nactions; i++)
        if (ch->actions[i].kind == ORM_ALTER_ADD_PKEY) {
            if (!rebuild_with_pkey(s, op, old, e, ch->actions[i].constraint, ch->nactions == 1, err))
                return false;
            return store_alter(op);
        }
    for (size_t i = 0; i < ch->nactions; i++) {
        const orm_alter_action *ac = &ch->actions[i];
        sc.n = 0;
        switch (ac->kind) {
        case ORM_ALTER_RENAME_COLUMN:
            if (!drv_sql_rename_column(d, ch->table, ac->column, ac->to, &sc, err))
                return false;
            break;
        case ORM_ALTER_DROP_UNIQUE:
            if (old->pk.ncols && old->pk.name && !strcmp(old->pk.name, ac->constraint)) {
                og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                             "dropping a primary key is not supported on the SQLite backend");
                return false;
            }
            if (!drv_sql_drop_index(d, ac->constraint, true, &sc, err))
                return false;
            break;
        case ORM_ALTER_DROP_COLUMN: {
            int p = orm_entity_prop(old, ac->column);
            if (p < 0 || !drv_sql_drop_column(d, old, (uint16_t)p, &sc, err))
                return false;
            break;
        }
        case ORM_ALTER_ADD_COLUMN: {
            int p = orm_entity_prop(e, ac->column);
            if (p < 0)
                return false;
            const orm_property *prop = &e->props[p];
            orm_entity *copy = og_arena_alloc(a, sizeof *copy);
            *copy = *e;
            copy->props = (orm_property *)og_arena_memdup(a, e->props, sizeof(orm_property) * e->nprops);
            bool no_default = prop->dkind == ORM_DEFAULT_NONE || (prop->dkind == ORM_DEFAULT_CONST && !prop->dconst);
            if (prop->not_null && no_default) {
                op_precheck(op, og_arena_printf(a, "SELECT 1 FROM %s LIMIT 1", qident(a, e->name)), NULL, 0, "23502",
                            og_arena_printf(a, "column \"%s\" of relation \"%s\" contains null values", prop->name,
                                            e->name),
                            NULL, NULL);
                copy->props[p].not_null = false; /* SQLite cannot add it NOT NULL: the new definition says so */
                redefine = true;
            }
            if (!drv_sql_add_column(d, copy, (uint16_t)p, NULL, NULL, &sc, err))
                return false;
            break;
        }
        case ORM_ALTER_SET_NOT_NULL: {
            int p = orm_entity_prop(e, ac->column);
            op_precheck(op,
                        og_arena_printf(a, "SELECT 1 FROM %s WHERE %s IS NULL LIMIT 1", qident(a, e->name),
                                        qident(a, p >= 0 ? e->props[p].field : ac->column)),
                        NULL, 0, "23502",
                        og_arena_printf(a, "column \"%s\" of relation \"%s\" contains null values", ac->column,
                                        e->name),
                        NULL, NULL);
            redefine = true;
            break;
        }
        case ORM_ALTER_ADD_PKEY:
        case ORM_ALTER_ADD_UNIQUE: {
            const orm_key *k = find_key(e, ac->constraint);
            if (!k)
                return false;
            check_key(op, e, k, ac->kind == ORM_ALTER_ADD_PKEY);
            if (!drv_sql_create_index(d, e, k->name, k->cols, k->ncols, true, false, &sc, err))
                return false;
            if (ac->kind == ORM_ALTER_ADD_PKEY)
                redefine = true; /* NOT NULL of the key's columns */
            break;
        }
        case ORM_ALTER_ADD_CHECK:
            if (!check_check(op, d, e, ac->constraint, err))
                return false;
            redefine = true;
            break;
        case ORM_ALTER_ADD_FK:
            check_fk(op, e, ac->constraint);
            redefine = true;
            break;
        case ORM_ALTER_REDEFINE:
            redefine = true;
            break;
        case ORM_ALTER_COLUMN_TYPE:
            redefine = true; /* the values are converted after the new definition (below) */
            break;
        }
        add_script(op, &sc);
    }
    if (redefine) {
        orm_expr **checks = og_arena_zalloc(a, sizeof(orm_expr *) * (e->nchecks + 1u));
        for (uint16_t i = 0; i < e->nchecks; i++)
            if (!(checks[i] = orm_translate_check(e, e->checks[i].expr, a, err)))
                return false;
        sc.n = 0;
        if (!drv_sql_create_table(d, e, checks, false, &sc, err) || !sc.n)
            return false;
        const char *v[2] = {sc.sql[0], e->name};
        op_add(op, "PRAGMA writable_schema = ON", NULL, 0, NULL, 0);
        op_add(op, "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = ?2", text_values(a, v, 2), 2,
               NULL, 0);
        op_add(op, "PRAGMA writable_schema = RESET", NULL, 0, NULL, 0);
        op_add(op, "PRAGMA writable_schema = OFF", NULL, 0, NULL, 0);
        /* a real schema change bumps the schema cookie: other connections reload the definition */
        op_add(op, "CREATE TABLE ormgate_schema_bump (x)", NULL, 0, NULL, 0);
        op_add(op, "DROP TABLE ormgate_schema_bump", NULL, 0, NULL, 0);
    }
    /* ALTER COLUMN TYPE: every stored value converted (USING, or the column's assignment cast), read
     * in its old encoding and written in the new one */
    for (size_t i = 0; i < ch->nactions; i++) {
        const orm_alter_action *ac = &ch->actions[i];
        if (ac->kind != ORM_ALTER_COLUMN_TYPE)
            continue;
        int p = orm_entity_prop(e, ac->column);
        if (p < 0)
            return false;
        const char *src = ac->to ? ac->to : qident(a, ac->column);
        orm_expr *x = orm_translate_value(old, src, e->props[p].type_oid, e->props[p].typmod, a, err);
        drv_sql r;
        if (!x) {
            if (!ac->to && !strcmp(err->code, "42804")) {
                og_error_set(err, "42804", "column \"%s\" cannot be cast automatically to type %s", ac->column,
                             og_type_name(e->props[p].type_oid));
                og_error_hint(err, "You might need to specify \"USING %s::%s\".", ac->column,
                              og_type_name(e->props[p].type_oid));
            }
            return false;
        }
        if (!drv_sql_render_expr(d, x, entity_rte(a, old), true, 0, a, &r, err))
            return false;
        op_add(op, og_arena_printf(a, "UPDATE %s SET %s = %s", qident(a, e->name), qident(a, e->props[p].field), r.sql),
               NULL, 0, NULL, 0);
    }
    return store_alter(op);
}

/* The changed DDL source rows of an ALTER TABLE, into ormgate_schema. */
static bool store_alter(px_op *op)
{
    og_arena *a = &op->p->arena;
    orm_ddl *ch = &op->change;
    const char *v[2] = {ch->table, NULL};
    for (size_t i = 0; i < ch->next->nobjs; i++)
        if (ch->next->objs[i].kind == ORM_SCHEMA_TABLE && !strcmp(ch->next->objs[i].name, ch->table))
            v[1] = ch->next->objs[i].ddl;
    const char *vv[2] = {v[1], v[0]};
    op_add(op, "UPDATE ormgate_schema SET ddl = ?1 WHERE kind = 'table' AND name = ?2", text_values(a, vv, 2), 2, NULL,
           0);
    /* a renamed column is renamed in the stored indexes and other tables' foreign keys too */
    for (size_t i = 0; i < ch->next->nobjs; i++) {
        const orm_schema_obj *o = &ch->next->objs[i];
        bool changed = true;
        for (size_t k = 0; k < op->base->nobjs; k++)
            if (op->base->objs[k].kind == o->kind && !strcmp(op->base->objs[k].name, o->name))
                changed = strcmp(op->base->objs[k].ddl, o->ddl) != 0;
        if (!changed || (o->kind == ORM_SCHEMA_TABLE && !strcmp(o->name, ch->table)))
            continue;
        const char *w[3] = {o->ddl, o->kind == ORM_SCHEMA_INDEX ? "index" : "table", o->name};
        op_add(op, "UPDATE ormgate_schema SET ddl = ?1 WHERE kind = ?2 AND name = ?3", text_values(a, w, 3), 3, NULL,
               0);
    }
    return true;
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

/* ---- DDL inside a transaction ---------------------------------------------------------------------- *
 *
 * A schema change inside BEGIN ... COMMIT is applied to the backend in the transaction (SQLite's DDL
 * is transactional) and to the session's own generation (s->tx_schema), which only this session's
 * statements see. COMMIT publishes it for everyone once the backend committed; ROLLBACK drops it,
 * and ROLLBACK TO goes back to the generation the savepoint saw. Generations that were never
 * published are retired, not freed: statements analysed against them may still point at them. */

static void stage_change(px_op *op)
{
    px_session *s = op->s;
    if (!op->change.next)
        return;
    if (!s->tx_schema)
        s->tx_base = op->base;
    orm_schema **g = realloc(s->tx_gens, sizeof(*g) * (s->ntx_gens + 1));
    char **d = realloc(s->tx_ddl, sizeof(char *) * (s->ntx_ddl + 1));
    if (!g || !d)
        abort();
    s->tx_gens = g;
    s->tx_ddl = d;
    g[s->ntx_gens++] = op->change.next; /* the session owns it until the transaction ends */
    s->tx_schema = op->change.next;
    op->change.next = NULL;
    d[s->ntx_ddl++] = xstrdup_(op->sql);
}

static void tx_ddl_truncate(px_session *s, size_t n)
{
    for (size_t i = n; i < s->ntx_ddl; i++)
        free(s->tx_ddl[i]);
    s->ntx_ddl = n;
}

/* The transaction's DDL replayed over cur (another session published a change since the
 * transaction's first DDL); every generation on the way is published. Under db->lock. */
static void tx_replay(px_session *s, px_db *db, const orm_schema *cur)
{
    for (size_t i = 0; i < s->ntx_ddl; i++) {
        og_error e = OG_ERROR_INIT;
        orm_parsed pt;
        if (orm_sql_parse(s->tx_ddl[i], &pt, &e)) {
            orm_ddl ch;
            if (orm_schema_ddl(cur, pt.tree->stmts[0]->stmt, s->tx_ddl[i], &ch, &e) && ch.next) {
                px_db_publish(db, ch.next);
                cur = ch.next;
                ch.next = NULL;
            }
            orm_ddl_free(&ch);
            orm_sql_parsed_free(&pt);
        }
        if (og_error_isset(&e))
            px_slog(s, PX_LOG_WARNING, "replaying \"%s\" over a newer schema: %s", s->tx_ddl[i], e.message);
        og_error_clear(&e);
    }
}

/* Publish the transaction's schema (commit) or drop it; the generations not published are retired. */
static void tx_schema_end(px_session *s, bool commit)
{
    orm_schema *published = NULL;
    if (s->tx_schema && commit) {
        px_db *db = s->backend->db;
        pthread_mutex_lock(&db->lock);
        const orm_schema *cur = px_db_schema(db);
        if (cur == s->tx_base) {
            published = s->tx_schema;
            px_db_publish(db, published);
        } else {
            tx_replay(s, db, cur);
        }
        pthread_mutex_unlock(&db->lock);
    }
    for (size_t i = 0; i < s->ntx_gens; i++)
        if (s->tx_gens[i] != published)
            px_db_retire(s->backend->db, s->tx_gens[i]);
    free(s->tx_gens);
    s->tx_gens = NULL;
    s->ntx_gens = 0;
    s->tx_schema = NULL;
    s->tx_base = NULL;
    tx_ddl_truncate(s, 0);
    free(s->tx_ddl);
    s->tx_ddl = NULL;
}

void px_backend_schema_savepoint(px_session *s, size_t i)
{
    orm_schema **a = realloc(s->sp_schema, sizeof(*a) * (i + 1));
    size_t *n = realloc(s->sp_nddl, sizeof(*n) * (i + 1));
    if (!a || !n)
        abort();
    s->sp_schema = a;
    s->sp_nddl = n;
    a[i] = s->tx_schema;
    n[i] = s->ntx_ddl;
}

void px_backend_schema_rollback_to(px_session *s, size_t i)
{
    if (!s->sp_schema || s->tx_schema == s->sp_schema[i])
        return;
    s->tx_schema = s->sp_schema[i]; /* the newer ones stay in tx_gens until the transaction ends */
    if (!s->tx_schema)
        s->tx_base = NULL;
    tx_ddl_truncate(s, s->sp_nddl[i]);
    px_uow_forget(s); /* entities of the dropped generation */
}

run_status px_backend_ddl(px_session *s, px_portal *p, og_error *err)
{
    if (!s->backend) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "no database backend");
        return RUN_ERROR;
    }
    if (s->txstatus == 'T' && px_uow_pending(s))
        return flush_then(s, p, px_backend_ddl, err);
    px_uow_forget(s); /* entities change: the identity map would hold rows of the old shape */
    px_stmt *st = p->stmt;
    orm_parsed pt;
    if (!orm_sql_parse(st->sql, &pt, err))
        return RUN_ERROR;
    const PgQuery__Node *node = pt.tree->n_stmts ? pt.tree->stmts[0]->stmt : NULL;
    px_op *op = op_new(s, p, OP_DDL);
    op->sql = strdup(st->sql);
    op->base = s->tx_schema ? s->tx_schema : px_db_schema(s->backend->db);
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

/* ---- a backend transaction for COPY FROM (proxy/copy.c) ------------------------------------------------ */

run_status px_backend_tx_open(px_session *s, px_portal *p, og_error *err)
{
    if (!s->backend) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "no database backend");
        return RUN_ERROR;
    }
    if (px_uow_pending(s))
        return flush_then(s, p, px_backend_tx_open, err);
    px_uow_forget(s); /* COPY FROM writes natively */
    if (s->conn)
        return RUN_DONE;
    /* an op without statements: lease into s->conn, begin, replay savepoints (leased, begun) */
    px_op *op = op_new(s, p, OP_STATEMENT);
    op->waiting_lease = true;
    ops_of(s)->lease(s->backend->b, leased, op);
    return RUN_PENDING;
}

void px_backend_session_free(px_session *s)
{
    tx_schema_end(s, false);
    free(s->sp_schema);
    free(s->sp_nddl);
    px_op *op = s->op;
    s->op = NULL;
    orm_em_free(s->em);
    s->em = NULL;
    px_uow_keys_forget(s);
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
