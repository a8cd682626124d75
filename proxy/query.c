/*
 * proxy/query.c - the query protocol of a READY session: simple Query and
 * the extended protocol (Parse / Bind / Describe / Execute / Close / Sync /
 * Flush), transaction status, and sending results.
 *
 * Both protocols funnel into run_portal(): a portal is a statement with
 * bound parameters and result formats; running it fills its rows, which are
 * then sent (all of them for a simple Query, up to the row limit for
 * Execute, with PortalSuspended when more remain). A statement that runs
 * asynchronously (the backend, pg_sleep) makes the session busy; its
 * completion comes back through px_query_async_done() and the protocol
 * continues from where it stopped. COPY FROM STDIN leaves the statement
 * running while the client sends data (proxy/copy.c takes the messages).
 *
 * SQL-level PREPARE / EXECUTE / DEALLOCATE share the session's map of
 * prepared statements with Parse / Close, as in PostgreSQL. EXECUTE and
 * COPY TO run another statement in their portal: the portal's stmt is what
 * runs, its outer the statement the client sent (which describes the
 * result).
 *
 * Error rules as in PostgreSQL: an error inside a transaction block puts the
 * session in the failed state ('E'), where everything but ROLLBACK / COMMIT /
 * ROLLBACK TO gets 25P02; an error in the extended protocol discards
 * messages up to the next Sync; an error in a multi-statement simple Query
 * abandons its remaining statements.
 */
#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "orm/ir.h"
#include "orm/sqlparse.h"
#include "proxy/stmtcache.h"
#include "proxy/worker.h"
#include "proxy/db.h"
#include "orm/schema.h"
#include "proxy/exec.h"
#include "proxy/query_int.h"
#include "proxy/log.h"
#include "proxy/session.h"
#include "proxy/worker.h"

#define VOID_OID 2278



/* ---- setup ---------------------------------------------------------------- */

static void report_param(void *ctx, const char *name, const char *value)
{
    px_session *s = ctx;
    if (s->phase == PX_PHASE_READY)
        wire_put_parameter_status(&s->out, name, value);
}

void px_query_init(px_session *s)
{
    px_guc_init(&s->guc, s->user, report_param, s);
    const px_database *db = px_config_database(s->rt->config, s->database);
    const char *flush = db && db->flush_mode ? db->flush_mode : s->rt->config->flush_mode;
    og_error err = OG_ERROR_INIT;
    px_guc_set_startup(&s->guc, "ormgate.flush_mode", flush, &err);
    og_error_clear(&err);
}

static void portal_free(px_portal *p)
{
    if (p->copy)
        px_copy_in_free(p->copy);
    drv_result_free(p->dres);
    px_stmt_release(p->stmt);
    px_stmt_release(p->outer);
    og_arena_reset(&p->arena);
    free(p);
}

static void drop_portals(px_session *s)
{
    size_t it = 0;
    void *v;
    while (og_hmap_next(&s->portals, &it, NULL, NULL, &v))
        portal_free(v);
    og_hmap_free(&s->portals);
}

static void drop_statements(px_session *s)
{
    size_t it = 0;
    void *v;
    while (og_hmap_next(&s->statements, &it, NULL, NULL, &v))
        px_stmt_release(v);
    og_hmap_free(&s->statements);
}

static void simple_query_end(px_session *s)
{
    if (s->sq.tree) {
        orm_parsed *pt = s->sq.tree;
        orm_sql_parsed_free(pt);
        free(pt);
    }
    free(s->sq.sql);
    px_stmt_release(s->sq.cached);
    memset(&s->sq, 0, sizeof(s->sq));
}

static void clear_savepoints(px_session *s)
{
    for (size_t i = 0; i < s->nsavepoints; i++)
        free(s->savepoints[i]);
    s->nsavepoints = 0;
}

void px_query_free(px_session *s)
{
    px_backend_session_free(s);
    if (s->running && s->running_simple)
        portal_free(s->running);
    s->running = NULL;
    drop_portals(s);
    drop_statements(s);
    simple_query_end(s);
    clear_savepoints(s);
    free(s->savepoints);
    s->savepoints = NULL;
}

/* ---- results ---------------------------------------------------------------- */

/* Columns of a statement's result; SHOW resolves the parameter's display name. */
static void stmt_columns(px_session *s, const px_stmt *st, px_col *buf, const px_col **cols, uint16_t *n)
{
    switch (st->kind) {
    case PX_STMT_SHOW: {
        const char *canonical = NULL;
        og_error err = OG_ERROR_INIT;
        px_guc_show(&s->guc, st->name, &canonical, &err);
        og_error_clear(&err);
        buf[0] = (px_col){canonical ? canonical : st->name, OG_OID_TEXT, -1};
        *cols = buf;
        *n = 1;
        return;
    }
    case PX_STMT_SHOW_ALL:
        buf[0] = (px_col){"name", OG_OID_TEXT, -1};
        buf[1] = (px_col){"setting", OG_OID_TEXT, -1};
        buf[2] = (px_col){"description", OG_OID_TEXT, -1};
        *cols = buf;
        *n = 3;
        return;
    case PX_STMT_SELECT:
    case PX_STMT_ORM:
    case PX_STMT_EXECUTE:
    case PX_STMT_EXPLAIN:
    case PX_STMT_ENTITIES:
    case PX_STMT_CACHE_STATS:
    case PX_STMT_ORM_STATS:
    case PX_STMT_IDENTITY_MAP:
    case PX_STMT_UNIT_OF_WORK:
        *cols = st->cols;
        *n = st->ncols;
        return;
    default:
        *cols = NULL;
        *n = 0;
    }
}

/* The statement whose result a statement returns: EXECUTE returns its prepared statement's. */
static const px_stmt *result_stmt(const px_stmt *st)
{
    return st->kind == PX_STMT_EXECUTE && st->target ? st->target : st;
}

/* The statement the client sent for a portal (describes its result). */
static const px_stmt *portal_stmt(const px_portal *p) { return p->outer ? p->outer : p->stmt; }

static void send_row_description(px_session *s, const px_stmt *st, const int16_t *formats)
{
    px_col buf[3];
    const px_col *cols;
    uint16_t n;
    stmt_columns(s, st, buf, &cols, &n);
    const px_stmt *rs = result_stmt(st);
    if (!n && !(rs->kind == PX_STMT_SELECT || (rs->kind == PX_STMT_ORM && (rs->qkind == ORM_Q_SELECT ||
                                                                            rs->qkind == ORM_Q_SETOP ||
                                                                            rs->qkind == ORM_Q_VALUES)))) {
        /* "SELECT;" has rows of zero columns: a RowDescription */
        wire_put_empty(&s->out, 'n');        /* NoData */
        return;
    }
    wire_column *wc = calloc(n ? n : 1, sizeof(*wc));
    if (!wc)
        abort();
    for (uint16_t i = 0; i < n; i++) {
        wc[i] = (wire_column){.name = cols[i].name,
                              .type_oid = cols[i].type_oid,
                              .typlen = cols[i].type_oid == VOID_OID ? 4 : og_type_len(cols[i].type_oid),
                              .typmod = cols[i].typmod,
                              .format = formats ? formats[i] : 0};
    }
    wire_put_row_description(&s->out, wc, n);
    free(wc);
}

/* Does the statement answer with rows (a RowDescription in the simple protocol)? */
static bool has_rows(const px_stmt *st)
{
    st = result_stmt(st);
    return st->kind == PX_STMT_SELECT || st->kind == PX_STMT_SHOW || st->kind == PX_STMT_SHOW_ALL ||
           st->kind == PX_STMT_EXPLAIN || st->kind == PX_STMT_ENTITIES || st->kind == PX_STMT_CACHE_STATS || st->kind == PX_STMT_ORM_STATS ||
           st->kind == PX_STMT_IDENTITY_MAP || st->kind == PX_STMT_UNIT_OF_WORK ||
           (st->kind == PX_STMT_ORM && (st->ncols || st->qkind == ORM_Q_SELECT || st->qkind == ORM_Q_SETOP ||
                                        st->qkind == ORM_Q_VALUES));
}

static og_value **result_add_row(og_arena *a, px_result *r, uint16_t ncols)
{
    if (r->nrows == r->cap) {
        uint32_t cap = r->cap ? r->cap * 2 : 8;
        og_value **rows = og_arena_alloc(a, sizeof(*rows) * cap);
        if (r->nrows)
            memcpy(rows, r->rows, sizeof(*rows) * r->nrows);
        r->rows = rows;
        r->cap = cap;
    }
    r->rows[r->nrows] = og_arena_zalloc(a, sizeof(og_value) * (ncols ? ncols : 1));
    return &r->rows[r->nrows++];
}

static og_value text_value(const char *s)
{
    og_value v = {.oid = OG_OID_TEXT};
    v.u.str.p = s;
    v.u.str.len = strlen(s);
    return v;
}

static void send_rows(px_session *s, px_portal *p, uint32_t max_rows)
{
    if (p->outer && p->outer->kind == PX_STMT_COPY) {
        px_copy_out_send(s, p); /* the whole result, whatever the row limit (as PostgreSQL) */
        p->complete = true;
        return;
    }
    px_col buf[3];
    const px_col *cols;
    uint16_t ncols;
    stmt_columns(s, p->stmt, buf, &cols, &ncols);
    s->codec.timezone = px_guc_get(&s->guc, "TimeZone");
    uint32_t sent = 0;
    while (p->pos < p->result.nrows && (!max_rows || sent < max_rows)) {
        og_value *row = p->result.rows[p->pos++];
        size_t off = wire_put_data_row_begin(&s->out, ncols);
        for (uint16_t i = 0; i < ncols; i++) {
            if (row[i].isnull) {
                wire_put_data_null(&s->out);
                continue;
            }
            size_t f = wire_put_data_field_begin(&s->out);
            if (row[i].oid != VOID_OID) {
                if (p->formats && p->formats[i] == 1)
                    wire_binary_encode(&row[i], &s->out);
                else
                    wire_text_encode(&row[i], &s->codec, &s->out);
            }
            wire_put_data_field_end(&s->out, f);
        }
        wire_msg_end(&s->out, off);
        sent++;
    }
    if (p->pos < p->result.nrows) {
        wire_put_empty(&s->out, 's'); /* PortalSuspended */
        return;
    }
    p->complete = true;
    if (p->stmt->kind == PX_STMT_EMPTY) {
        wire_put_empty_query(&s->out);
        return;
    }
    wire_put_command_complete(&s->out, p->result.tag);
}

/* After a statement that ended a transaction: its portals go (the statement's own included). */
static void expire_portals(px_session *s)
{
    if (!s->portals_expired)
        return;
    s->portals_expired = false;
    drop_portals(s);
}

/* ---- running statements ------------------------------------------------------ */

static bool is_tx_exit(const px_stmt *st)
{
    return st->kind == PX_STMT_COMMIT || st->kind == PX_STMT_ROLLBACK || st->kind == PX_STMT_ROLLBACK_TO;
}

static void set_failed_tx_error(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_IN_FAILED_TRANSACTION,
                 "current transaction is aborted, commands ignored until end of transaction block");
}

static void end_transaction(px_session *s, bool commit)
{
    s->txstatus = 'I';
    s->xact_usec = 0;
    s->portals_expired = true; /* portals die with their transaction */
    clear_savepoints(s);
    px_guc_end_transaction(&s->guc, commit);
}

static ssize_t find_savepoint(px_session *s, const char *name)
{
    for (size_t i = s->nsavepoints; i-- > 0;)
        if (!strcmp(s->savepoints[i], name))
            return (ssize_t)i;
    return -1;
}

static bool run_savepoint(px_session *s, const px_stmt *st, og_error *err)
{
    static const char *const what[] = {[PX_STMT_SAVEPOINT] = "SAVEPOINT", [PX_STMT_RELEASE] = "RELEASE SAVEPOINT",
                                       [PX_STMT_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT"};
    if (s->txstatus == 'I') {
        og_error_set(err, OG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION, "%s can only be used in transaction blocks",
                     what[st->kind]);
        return false;
    }
    if (st->kind == PX_STMT_SAVEPOINT) {
        if (s->nsavepoints == s->capsavepoints) {
            s->capsavepoints = s->capsavepoints ? s->capsavepoints * 2 : 4;
            s->savepoints = realloc(s->savepoints, sizeof(char *) * s->capsavepoints);
            if (!s->savepoints)
                abort();
        }
        s->savepoints[s->nsavepoints] = strdup(st->name);
        if (!s->savepoints[s->nsavepoints])
            abort();
        px_backend_schema_savepoint(s, s->nsavepoints);
        s->nsavepoints++;
        return true;
    }
    ssize_t at = find_savepoint(s, st->name);
    if (at < 0) {
        og_error_set(err, "3B001", "savepoint \"%s\" does not exist", st->name);
        return false;
    }
    size_t keep = st->kind == PX_STMT_RELEASE ? (size_t)at : (size_t)at + 1;
    for (size_t i = keep; i < s->nsavepoints; i++)
        free(s->savepoints[i]);
    s->nsavepoints = keep;
    if (st->kind == PX_STMT_ROLLBACK_TO) {
        s->txstatus = 'T';
        px_backend_schema_rollback_to(s, (size_t)at);
    }
    return true;
}

/* SHOW ormgate.identity_map (map) / ormgate.unit_of_work: the session's EntityManager, one row per
 * managed entity / per pending change set. */
static void em_rows(px_session *s, px_portal *p, px_result *r, bool map)
{
    if (!s->em)
        return;
    const char *tz = s->codec.timezone ? s->codec.timezone : "UTC";
    uint32_t type = 0;
    size_t it = 0;
    const orm_em_entity *m;
    while ((m = orm_em_next(s->em, &type, &it))) {
        const orm_entity *e = m->entity;
        const char *op = NULL;
        if (!map) {
            if (m->state == ORM_EM_NEW)
                op = "insert";
            else if (m->state == ORM_EM_REMOVED)
                op = m->cascaded ? "delete (by the backend's cascade)" : "delete";
        }
        og_buf key = OG_BUF_INIT, cols = OG_BUF_INIT;
        for (uint16_t i = 0; i < e->pk.ncols; i++) {
            if (i)
                og_buf_puts(&key, ", ");
            const og_value *v = &m->vals[e->pk.cols[i]];
            if (v->isnull)
                og_buf_puts(&key, "null");
            else
                og_text_io_get()->encode(v, tz, &key);
        }
        for (uint16_t c = 0; c < e->nprops && m->state == ORM_EM_MANAGED; c++)
            if (orm_em_changed(m, c))
                og_buf_printf(&cols, "%s%s", cols.len ? ", " : "", e->props[c].name);
        if (!map && !op && cols.len)
            op = "update";
        if (map || op) {
            static const char *const states[] = {"managed", "new", "removed"};
            og_value **row = result_add_row(&p->arena, r, 4);
            (*row)[0] = text_value(map ? e->name : op);
            (*row)[1] = text_value(map ? og_arena_strdup(&p->arena, og_buf_cstr(&key)) : e->name);
            (*row)[2] = text_value(map ? states[m->state] : og_arena_strdup(&p->arena, og_buf_cstr(&key)));
            (*row)[3] = text_value(og_arena_strdup(&p->arena, og_buf_cstr(&cols)));
        }
        og_buf_free(&key);
        og_buf_free(&cols);
    }
}

/* One result row of int8 counters. */
static void int8_row(px_portal *p, px_result *r, const uint64_t *v, uint16_t n)
{
    og_value **row = result_add_row(&p->arena, r, n);
    for (uint16_t i = 0; i < n; i++) {
        (*row)[i] = og_value_null(OG_OID_INT8);
        (*row)[i].isnull = false;
        (*row)[i].u.i = (int64_t)v[i];
    }
}

/* SHOW ormgate.entities: one row per entity of the session's database. */
static void entity_rows(px_session *s, px_portal *p, px_result *r)
{
    const orm_schema *sc = px_db_schema(s->backend->db);
    for (size_t i = 0; i < sc->nobjs; i++) {
        if (sc->objs[i].kind != ORM_SCHEMA_TABLE)
            continue;
        const orm_entity *e = orm_meta_get(&sc->meta, sc->objs[i].name);
        if (!e)
            continue;
        og_buf cols = {0}, pk = {0}, rel = {0};
        for (uint16_t c = 0; c < e->nprops; c++)
            og_buf_printf(&cols, "%s%s %s%s", c ? ", " : "", e->props[c].name, og_type_name(e->props[c].type_oid),
                          e->props[c].not_null ? " not null" : "");
        for (uint16_t c = 0; c < e->pk.ncols; c++)
            og_buf_printf(&pk, "%s%s", c ? ", " : "", e->props[e->pk.cols[c]].name);
        for (uint16_t f = 0; f < e->nfks; f++)
            og_buf_printf(&rel, "%sManyToOne %s (%s)", rel.len ? "; " : "", e->fks[f].ref_table, e->fks[f].name);
        for (uint16_t f = 0; f < e->ninverse; f++)
            og_buf_printf(&rel, "%sOneToMany (%s)", rel.len ? "; " : "", e->inverse[f]->name);
        if (e->pivot)
            og_buf_printf(&rel, "%sManyToMany pivot", rel.len ? "; " : "");
        og_buf_putc(&cols, '\0');
        og_buf_putc(&pk, '\0');
        og_buf_putc(&rel, '\0');
        og_value **row = result_add_row(&p->arena, r, 4);
        (*row)[0] = text_value(og_arena_strdup(&p->arena, e->name));
        (*row)[1] = text_value(og_arena_strdup(&p->arena, (char *)cols.data));
        (*row)[2] = text_value(og_arena_strdup(&p->arena, (char *)pk.data));
        (*row)[3] = text_value(og_arena_strdup(&p->arena, (char *)rel.data));
        og_buf_free(&cols);
        og_buf_free(&pk);
        og_buf_free(&rel);
    }
}

/* In a READ ONLY transaction, statements that write fail with 25006 naming their command. */
static bool read_only(px_session *s, const px_stmt *st, og_error *err)
{
    const char *ro = px_guc_get(&s->guc, "transaction_read_only");
    if (!ro || strcmp(ro, "on") || s->txstatus == 'I')
        return false;
    char cmd[64];
    const char *q = st->sql;
    while (*q == ' ' || *q == '\n' || *q == '\t' || *q == '(')
        q++;
    size_t n = 0;
    /* the command as PostgreSQL names it: its first word (two for CREATE / DROP / ALTER) */
    int words = !strncasecmp(q, "create", 6) || !strncasecmp(q, "drop", 4) || !strncasecmp(q, "alter", 5) ? 2 : 1;
    for (; *q && n + 1 < sizeof cmd; q++) {
        if (*q == ' ' && --words == 0)
            break;
        cmd[n++] = (char)toupper((unsigned char)*q);
    }
    cmd[n] = '\0';
    og_error_set(err, "25006", "cannot execute %s in a read-only transaction", cmd);
    return true;
}

static void sleep_cb(evutil_socket_t fd, short what, void *arg) { px_query_async_done(arg, NULL); }

static run_status run_portal(px_session *s, px_portal *p, og_error *err);

/* PREPARE: the analysed statement joins the session's prepared statements. */
static bool run_prepare(px_session *s, const px_stmt *st, og_error *err)
{
    if (og_hmap_gets(&s->statements, st->name)) {
        og_error_set(err, OG_SQLSTATE_DUPLICATE_PSTATEMENT, "prepared statement \"%s\" already exists", st->name);
        return false;
    }
    st->target->refs++;
    og_hmap_puts(&s->statements, st->name, st->target);
    return true;
}

/* A prepared statement translated against an older schema generation (DDL ran since) is translated
 * again with the same parameter types before it runs, as PostgreSQL re-plans; the new analysis
 * replaces it under its name. If the result columns changed: 0A000, as PostgreSQL. Returns the
 * statement to run (borrowed from the map), or NULL with err set. */
static px_stmt *fresh_statement(px_session *s, const char *name, px_stmt *st, og_error *err)
{
    px_analyze_ctx now;
    orm_eval_ctx now_cx;
    if (st->kind != PX_STMT_ORM || !s->backend)
        return st;
    px_backend_analyze_ctx(s, &now, &now_cx);
    if (st->schema == now.schema)
        return st;
    orm_parsed pt;
    if (!orm_sql_parse(st->sql, &pt, err))
        return NULL;
    px_analyze_ctx actx;
    orm_eval_ctx ecx;
    px_backend_analyze_ctx(s, &actx, &ecx);
    actx.prepared = &s->statements;
    px_stmt *next = pt.tree->n_stmts == 1 ? px_stmt_analyze(st->sql, pt.tree->stmts[0]->stmt, st->param_types,
                                                            st->nparams, &actx, err)
                                          : NULL;
    orm_sql_parsed_free(&pt);
    if (!next)
        return NULL;
    bool same = next->ncols == st->ncols && next->nparams == st->nparams;
    for (uint16_t i = 0; same && i < st->ncols; i++)
        same = next->cols[i].type_oid == st->cols[i].type_oid;
    for (uint16_t i = 0; same && i < st->nparams; i++)
        same = next->param_types[i] == st->param_types[i];
    if (!same) {
        px_stmt_release(next);
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "cached plan must not change result type");
        return NULL;
    }
    px_stmt_release(og_hmap_puts(&s->statements, name, next));
    return next;
}

/* EXECUTE: the portal runs the prepared statement with the evaluated arguments. */
static run_status run_execute(px_session *s, px_portal *p, og_error *err)
{
    px_stmt *st = p->stmt;
    px_stmt *target = og_hmap_gets(&s->statements, st->name);
    if (!target) {
        og_error_set(err, OG_SQLSTATE_UNDEFINED_PSTATEMENT, "prepared statement \"%s\" does not exist", st->name);
        return RUN_ERROR;
    }
    target = fresh_statement(s, st->name, target, err);
    if (!target)
        return RUN_ERROR;
    if (target->nparams != st->nargs) {
        og_error_set(err, OG_SQLSTATE_SYNTAX_ERROR, "wrong number of parameters for prepared statement \"%s\"",
                     st->name);
        og_error_detail(err, "Expected %u parameters but got %u.", (unsigned)target->nparams, (unsigned)st->nargs);
        return RUN_ERROR;
    }
    bool same = target->ncols == st->ncols;
    for (uint16_t i = 0; same && i < st->ncols; i++)
        same = target->cols[i].type_oid == st->cols[i].type_oid;
    if (!same) { /* prepared again since this EXECUTE was described */
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "cached plan must not change result type");
        return RUN_ERROR;
    }
    og_value *args = og_arena_zalloc(&p->arena, sizeof(og_value) * (st->nargs + 1u));
    if (!px_stmt_eval_args(st, p->params, target->param_types, px_guc_get(&s->guc, "TimeZone"), &p->arena, args,
                           err))
        return RUN_ERROR;
    p->outer = st; /* the portal's reference moves to outer */
    p->stmt = target;
    target->refs++;
    p->params = args;
    return run_portal(s, p, err);
}

/* DEALLOCATE name / ALL (the unnamed statement of the extended protocol is not SQL's to drop). */
static bool run_deallocate(px_session *s, const px_stmt *st, og_error *err)
{
    if (st->name) {
        px_stmt *old = og_hmap_dels(&s->statements, st->name);
        if (!old) {
            og_error_set(err, OG_SQLSTATE_UNDEFINED_PSTATEMENT, "prepared statement \"%s\" does not exist", st->name);
            return false;
        }
        px_stmt_release(old);
        return true;
    }
    size_t n = 0, it = 0;
    const void *key;
    size_t klen;
    while (og_hmap_next(&s->statements, &it, &key, &klen, NULL))
        n++;
    char **names = calloc(n + 1, sizeof(char *));
    if (!names)
        abort();
    n = 0;
    it = 0;
    while (og_hmap_next(&s->statements, &it, &key, &klen, NULL))
        if (klen && !(names[n++] = strndup(key, klen)))
            abort();
    for (size_t i = 0; i < n; i++) {
        px_stmt_release(og_hmap_dels(&s->statements, names[i]));
        free(names[i]);
    }
    free(names);
    return true;
}

/* Run p's statement. RUN_DONE: rows and tag are in p->result. */
static run_status run_portal(px_session *s, px_portal *p, og_error *err)
{
    px_stmt *st = p->stmt;
    px_result *r = &p->result;
    if (s->txstatus == 'E' && !is_tx_exit(st)) {
        set_failed_tx_error(err);
        return RUN_ERROR;
    }
    if (px_runtime_get()->config->log_statements)
        px_slog(s, PX_LOG_INFO, "statement: %s", st->sql);
    bool in_tx = s->txstatus != 'I';
    switch (st->kind) {
    case PX_STMT_EMPTY:
        break;
    case PX_STMT_SET:
        if (!px_guc_set(&s->guc, st->name, st->value, st->local, in_tx, err))
            return RUN_ERROR;
        strcpy(r->tag, "SET");
        break;
    case PX_STMT_RESET:
        if (!px_guc_reset(&s->guc, st->name, in_tx, err))
            return RUN_ERROR;
        strcpy(r->tag, "RESET");
        break;
    case PX_STMT_SHOW: {
        const char *v = px_guc_show(&s->guc, st->name, NULL, err);
        if (!v)
            return RUN_ERROR;
        og_value **row = result_add_row(&p->arena, r, 1);
        (*row)[0] = text_value(og_arena_strdup(&p->arena, v));
        strcpy(r->tag, "SHOW");
        break;
    }
    case PX_STMT_SHOW_ALL: {
        const char *names[128], *values[128], *descs[128];
        size_t n = px_guc_all(&s->guc, names, values, descs, 128);
        for (size_t i = 0; i < n; i++) {
            og_value **row = result_add_row(&p->arena, r, 3);
            (*row)[0] = text_value(og_arena_strdup(&p->arena, names[i]));
            (*row)[1] = text_value(og_arena_strdup(&p->arena, values[i]));
            (*row)[2] = text_value(og_arena_strdup(&p->arena, descs[i]));
        }
        strcpy(r->tag, "SHOW");
        break;
    }
    case PX_STMT_EXPLAIN:
        for (uint16_t i = 0; i < st->nlines; i++) {
            og_value **row = result_add_row(&p->arena, r, 1);
            (*row)[0] = text_value(st->lines[i]);
        }
        strcpy(r->tag, "EXPLAIN");
        break;
    case PX_STMT_ENTITIES:
        if (s->backend)
            entity_rows(s, p, r);
        strcpy(r->tag, "SHOW");
        break;
    case PX_STMT_CACHE_STATS: {
        px_stmt_cache_stats cs;
        px_stmt_cache_stats_get(s->worker->stmt_cache, &cs);
        uint64_t v[3] = {cs.hits, cs.misses, cs.entries};
        int8_row(p, r, v, 3);
        strcpy(r->tag, "SHOW");
        break;
    }
    case PX_STMT_IDENTITY_MAP:
    case PX_STMT_UNIT_OF_WORK:
        em_rows(s, p, r, st->kind == PX_STMT_IDENTITY_MAP);
        strcpy(r->tag, "SHOW");
        break;
    case PX_STMT_ORM_STATS: {
        uint64_t v[4] = {s->stats.roundtrips, s->stats.map_hits, s->stats.flushes, s->stats.flushed};
        int8_row(p, r, v, 4);
        strcpy(r->tag, "SHOW");
        break;
    }
    case PX_STMT_BEGIN:
        if (in_tx)
            px_session_send_notice(s, "WARNING", OG_SQLSTATE_ACTIVE_SQL_TRANSACTION,
                                   "there is already a transaction in progress");
        else
            s->txstatus = 'T';
        if (st->read_only >= 0 && !px_guc_set(&s->guc, "transaction_read_only", st->read_only ? "on" : "off", true,
                                              true, err))
            return RUN_ERROR;
        strcpy(r->tag, st->start_tx ? "START TRANSACTION" : "BEGIN");
        break;
    case PX_STMT_COMMIT: {
        if (!in_tx)
            px_session_send_notice(s, "WARNING", OG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                                   "there is no transaction in progress");
        bool commit = s->txstatus == 'T';
        strcpy(r->tag, s->txstatus == 'E' ? "ROLLBACK" : "COMMIT");
        end_transaction(s, commit);
        /* acknowledged only once the backend committed */
        return px_backend_tx_end(s, p, commit, err);
    }
    case PX_STMT_ROLLBACK:
        if (!in_tx)
            px_session_send_notice(s, "WARNING", OG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                                   "there is no transaction in progress");
        end_transaction(s, false);
        strcpy(r->tag, "ROLLBACK");
        return px_backend_tx_end(s, p, false, err);
    case PX_STMT_SAVEPOINT:
    case PX_STMT_RELEASE:
    case PX_STMT_ROLLBACK_TO:
        if (!run_savepoint(s, st, err))
            return RUN_ERROR;
        strcpy(r->tag, st->kind == PX_STMT_SAVEPOINT ? "SAVEPOINT" : st->kind == PX_STMT_RELEASE ? "RELEASE" : "ROLLBACK");
        return px_backend_savepoint(s, p, st->kind, st->name, err);
    case PX_STMT_ORM:
        if (st->qkind != ORM_Q_SELECT && st->qkind != ORM_Q_SETOP && st->qkind != ORM_Q_VALUES && read_only(s, st, err))
            return RUN_ERROR;
        return px_backend_run(s, p, err);
    case PX_STMT_DDL:
        if (read_only(s, st, err))
            return RUN_ERROR;
        return px_backend_ddl(s, p, err);
    case PX_STMT_PREPARE:
        if (!run_prepare(s, st, err))
            return RUN_ERROR;
        strcpy(r->tag, "PREPARE");
        break;
    case PX_STMT_EXECUTE:
        return run_execute(s, p, err);
    case PX_STMT_DEALLOCATE:
        if (!run_deallocate(s, st, err))
            return RUN_ERROR;
        strcpy(r->tag, st->name ? "DEALLOCATE" : "DEALLOCATE ALL");
        break;
    case PX_STMT_COPY:
        if (st->copy && !st->target) /* FROM STDIN */
            return px_copy_in_start(s, p, err);
        p->outer = st; /* TO STDOUT: the portal runs the query, the COPY formats its rows */
        p->stmt = st->target;
        st->target->refs++;
        return run_portal(s, p, err);
    case PX_STMT_DISCARD_ALL:
        if (in_tx) {
            og_error_set(err, OG_SQLSTATE_ACTIVE_SQL_TRANSACTION, "DISCARD ALL cannot run inside a transaction block");
            return RUN_ERROR;
        }
        px_guc_reset(&s->guc, "all", false, err);
        strcpy(r->tag, "DISCARD ALL");
        /* prepared statements and portals go at the end of this message cycle (the running one is in use) */
        break;
    case PX_STMT_SELECT: {
        og_value **row = result_add_row(&p->arena, r, st->ncols);
        double secs = 0;
        if (!px_stmt_eval_select(st, p->params, &p->arena, *row, &secs, err))
            return RUN_ERROR;
        strcpy(r->tag, "SELECT 1");
        if (st->sleeps && secs > 0) {
            if (!s->sleep_ev)
                s->sleep_ev = evtimer_new(s->worker->base, sleep_cb, s);
            struct timeval tv = {(time_t)secs, (suseconds_t)((secs - (double)(time_t)secs) * 1e6)};
            evtimer_add(s->sleep_ev, &tv);
            return RUN_PENDING;
        }
        break;
    }
    }
    return RUN_DONE;
}

/* An error ends the statement: the transaction fails, the extended protocol skips to Sync. */
static void statement_failed(px_session *s, const og_error *err, bool extended)
{
    px_session_send_error(s, err);
    if (s->txstatus == 'T')
        s->txstatus = 'E';
    if (extended)
        s->skip_until_sync = true;
}

/* ---- simple query ----------------------------------------------------------------- */

static void simple_query_continue(px_session *s);

static void simple_query_finish(px_session *s)
{
    simple_query_end(s);
    wire_put_ready(&s->out, s->txstatus);
}

/* Analyse statement number sq.next of the Query (or take it from the statement cache); NULL when
 * it failed (the error is sent). */
static px_stmt *simple_analyze(px_session *s)
{
    if (s->sq.cached) {
        s->sq.cached->refs++;
        return s->sq.cached;
    }
    orm_parsed *pt = s->sq.tree;
    size_t off, len;
    orm_sql_stmt_span(pt, s->sq.next, &off, &len);
    char *text = strndup(s->sq.sql + off, len);
    if (!text)
        abort();
    og_error err = OG_ERROR_INIT;
    px_analyze_ctx actx;
    orm_eval_ctx ecx;
    px_backend_analyze_ctx(s, &actx, &ecx);
    actx.prepared = &s->statements;
    px_stmt *st = px_stmt_analyze(text, pt->tree->stmts[s->sq.next]->stmt, NULL, 0, &actx, &err);
    free(text);
    if (!st) {
        if (err.position)
            err.position += orm_sql_char_position(s->sq.sql, off) - 1;
        if (s->txstatus == 'E' && strcmp(err.code, OG_SQLSTATE_SYNTAX_ERROR))
            set_failed_tx_error(&err);
        statement_failed(s, &err, false);
        og_error_clear(&err);
        return NULL;
    }
    if (s->sq.nstmts == 1)
        px_stmt_cache_put(s->worker->stmt_cache, &actx, s->sq.sql, NULL, 0, st);
    return st;
}

/* Run statement number sq.next; false when the query must stop (error or pending). */
static bool simple_run_one(px_session *s)
{
    og_error err = OG_ERROR_INIT;
    px_stmt *st = simple_analyze(s);
    if (!st)
        return false;
    s->sq.next++;
    px_portal *p = calloc(1, sizeof(*p));
    if (!p)
        abort();
    og_arena_init(&p->arena);
    p->stmt = st;
    p->params = og_arena_zalloc(&p->arena, sizeof(og_value) * (st->nparams + 1u));
    if (st->nparams) {
        og_error_set(&err, "08P01", "there is no parameter $1");
        statement_failed(s, &err, false);
        og_error_clear(&err);
        portal_free(p);
        return false;
    }
    run_status rs = run_portal(s, p, &err);
    if (rs == RUN_PENDING || rs == RUN_COPY) {
        s->busy = rs == RUN_PENDING;
        s->running = p;
        s->running_simple = true;
        return false;
    }
    bool ok = rs == RUN_DONE;
    if (ok) {
        if (has_rows(st))
            send_row_description(s, st, NULL);
        send_rows(s, p, 0);
        if (st->kind == PX_STMT_DISCARD_ALL) {
            drop_portals(s);
            drop_statements(s);
        }
    } else {
        statement_failed(s, &err, false);
    }
    og_error_clear(&err);
    portal_free(p);
    expire_portals(s);
    return ok;
}

static void simple_query_continue(px_session *s)
{
    while (s->sq.next < s->sq.nstmts) {
        if (!simple_run_one(s)) {
            if (s->busy || s->running)
                return; /* continues when the statement completes */
            break;
        }
    }
    simple_query_finish(s);
}

static void handle_query(px_session *s, const wire_msg *m)
{
    const char *sql;
    wire_err werr;
    og_error err = OG_ERROR_INIT;
    if (!wire_decode_query(m, &sql, &werr)) {
        px_session_fatal(s, werr.code, "%s", werr.message);
        return;
    }
    s->sq.sql = strdup(sql);
    if (!s->sq.sql)
        abort();
    px_analyze_ctx actx;
    orm_eval_ctx ecx;
    px_backend_analyze_ctx(s, &actx, &ecx);
    s->sq.cached = px_stmt_cache_get(s->worker->stmt_cache, &actx, sql, NULL, 0);
    if (s->sq.cached) {
        s->sq.active = true;
        s->sq.nstmts = 1;
        s->sq.next = 0;
        simple_query_continue(s);
        return;
    }
    orm_parsed *pt = calloc(1, sizeof(*pt));
    if (!pt)
        abort();
    if (!orm_sql_parse(s->sq.sql, pt, &err)) {
        free(pt);
        statement_failed(s, &err, false);
        og_error_clear(&err);
        simple_query_finish(s);
        return;
    }
    s->sq.tree = pt;
    s->sq.active = true;
    s->sq.nstmts = pt->tree->n_stmts;
    s->sq.next = 0;
    if (s->sq.nstmts == 0) {
        wire_put_empty_query(&s->out);
        simple_query_finish(s);
        return;
    }
    simple_query_continue(s);
}

/* ---- extended protocol --------------------------------------------------------- */

/* Parse and analyse a Parse message's statement (a cache miss); the result goes into the cache. */
static bool analyze_parse(px_session *s, const wire_parse *msg, const px_analyze_ctx *actx, px_stmt **out,
                          og_error *err)
{
    orm_parsed pt;
    if (!orm_sql_parse(msg->query, &pt, err))
        return false;
    if (pt.tree->n_stmts > 1) {
        orm_sql_parsed_free(&pt);
        og_error_set(err, OG_SQLSTATE_SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        return false;
    }
    *out = px_stmt_analyze(msg->query, pt.tree->n_stmts ? pt.tree->stmts[0]->stmt : NULL, msg->param_oids,
                           msg->nparams, actx, err);
    orm_sql_parsed_free(&pt);
    if (!*out)
        return false;
    px_stmt_cache_put(s->worker->stmt_cache, actx, msg->query, msg->param_oids, msg->nparams, *out);
    return true;
}

static void handle_parse(px_session *s, const wire_msg *m)
{
    wire_parse msg;
    wire_err werr;
    og_error err = OG_ERROR_INIT;
    og_arena tmp;
    og_arena_init(&tmp);
    if (!wire_decode_parse(m, &tmp, &msg, &werr)) {
        og_error_set(&err, werr.code, "%s", werr.message);
        goto fail;
    }
    if (*msg.name && og_hmap_gets(&s->statements, msg.name)) {
        og_error_set(&err, OG_SQLSTATE_DUPLICATE_PSTATEMENT, "prepared statement \"%s\" already exists", msg.name);
        goto fail;
    }
    px_analyze_ctx actx;
    orm_eval_ctx ecx;
    px_backend_analyze_ctx(s, &actx, &ecx);
    actx.prepared = &s->statements;
    px_stmt *st = px_stmt_cache_get(s->worker->stmt_cache, &actx, msg.query, msg.param_oids, msg.nparams);
    if (!st && !analyze_parse(s, &msg, &actx, &st, &err))
        goto fail;
    if (s->txstatus == 'E' && !is_tx_exit(st)) {
        px_stmt_release(st);
        set_failed_tx_error(&err);
        goto fail;
    }
    px_stmt *old = og_hmap_puts(&s->statements, msg.name, st);
    px_stmt_release(old);
    wire_put_empty(&s->out, '1'); /* ParseComplete */
    og_arena_reset(&tmp);
    return;
fail:
    statement_failed(s, &err, true);
    og_error_clear(&err);
    og_arena_reset(&tmp);
}

static bool bind_params(px_session *s, px_portal *p, const wire_bind *b, og_error *err)
{
    const px_stmt *st = p->stmt;
    s->codec.timezone = px_guc_get(&s->guc, "TimeZone");
    for (uint16_t i = 0; i < b->nparams; i++) {
        uint32_t oid = st->param_types[i];
        if (!b->values[i]) {
            p->params[i] = og_value_null(oid);
            continue;
        }
        wire_err werr;
        bool ok = wire_bind_param_format(b, i) == 1
                      ? wire_binary_decode(oid, b->values[i], (size_t)b->lens[i], &p->arena, &p->params[i], &werr)
                      : wire_text_decode(oid, (const char *)b->values[i], (size_t)b->lens[i], &s->codec, &p->arena,
                                         &p->params[i], &werr);
        if (!ok) {
            og_error_set(err, werr.code, "%s", werr.message);
            if (wire_bind_param_format(b, i) == 1 && !strcmp(werr.code, "22P03"))
                og_error_detail(err, "incorrect binary data format in bind parameter %u", i + 1);
            return false;
        }
    }
    return true;
}

static void handle_bind(px_session *s, const wire_msg *m)
{
    wire_bind b;
    wire_err werr;
    og_error err = OG_ERROR_INIT;
    og_arena tmp;
    og_arena_init(&tmp);
    px_portal *p = NULL;
    if (!wire_decode_bind(m, &tmp, &b, &werr)) {
        og_error_set(&err, werr.code, "%s", werr.message);
        goto fail;
    }
    px_stmt *st = og_hmap_gets(&s->statements, b.stmt);
    if (!st) {
        if (*b.stmt)
            og_error_set(&err, OG_SQLSTATE_UNDEFINED_PSTATEMENT, "prepared statement \"%s\" does not exist", b.stmt);
        else
            og_error_set(&err, OG_SQLSTATE_UNDEFINED_PSTATEMENT, "unnamed prepared statement does not exist");
        goto fail;
    }
    if (*b.portal && og_hmap_gets(&s->portals, b.portal)) {
        og_error_set(&err, OG_SQLSTATE_DUPLICATE_CURSOR, "cursor \"%s\" already exists", b.portal);
        goto fail;
    }
    st = fresh_statement(s, b.stmt, st, &err);
    if (!st)
        goto fail;
    if (b.nparams != st->nparams) {
        og_error_set(&err, OG_SQLSTATE_PROTOCOL_VIOLATION,
                     "bind message supplies %u parameters, but prepared statement \"%s\" requires %u", b.nparams,
                     b.stmt, st->nparams);
        goto fail;
    }
    if (s->txstatus == 'E' && !is_tx_exit(st)) {
        set_failed_tx_error(&err);
        goto fail;
    }
    px_col buf[3];
    const px_col *cols;
    uint16_t ncols;
    stmt_columns(s, st, buf, &cols, &ncols);
    if (b.nresult_formats > 1 && b.nresult_formats != ncols) {
        og_error_set(&err, OG_SQLSTATE_PROTOCOL_VIOLATION, "bind message has %u result formats but query has %u columns",
                     b.nresult_formats, ncols);
        goto fail;
    }
    p = calloc(1, sizeof(*p));
    if (!p)
        abort();
    og_arena_init(&p->arena);
    p->stmt = st;
    st->refs++;
    p->params = og_arena_zalloc(&p->arena, sizeof(og_value) * (st->nparams + 1u));
    p->formats = og_arena_zalloc(&p->arena, sizeof(int16_t) * (ncols + 1u));
    for (uint16_t i = 0; i < ncols; i++)
        p->formats[i] = wire_bind_result_format(&b, i);
    if (!bind_params(s, p, &b, &err))
        goto fail;
    px_portal *old = og_hmap_puts(&s->portals, b.portal, p);
    if (old)
        portal_free(old);
    wire_put_empty(&s->out, '2'); /* BindComplete */
    og_arena_reset(&tmp);
    return;
fail:
    if (p)
        portal_free(p);
    statement_failed(s, &err, true);
    og_error_clear(&err);
    og_arena_reset(&tmp);
}

static void handle_describe(px_session *s, const wire_msg *m)
{
    wire_target t;
    wire_err werr;
    og_error err = OG_ERROR_INIT;
    if (!wire_decode_target(m, &t, &werr)) {
        og_error_set(&err, werr.code, "%s", werr.message);
    } else if (t.kind == 'S') {
        px_stmt *st = og_hmap_gets(&s->statements, t.name);
        if (st) {
            wire_put_parameter_description(&s->out, st->param_types, st->nparams);
            send_row_description(s, st, NULL);
            return;
        }
        og_error_set(&err, OG_SQLSTATE_UNDEFINED_PSTATEMENT, "prepared statement \"%s\" does not exist", t.name);
    } else {
        px_portal *p = og_hmap_gets(&s->portals, t.name);
        if (p) {
            send_row_description(s, portal_stmt(p), p->formats);
            return;
        }
        og_error_set(&err, OG_SQLSTATE_UNDEFINED_CURSOR, "portal \"%s\" does not exist", t.name);
    }
    statement_failed(s, &err, true);
    og_error_clear(&err);
}

static void handle_close(px_session *s, const wire_msg *m)
{
    wire_target t;
    wire_err werr;
    if (!wire_decode_target(m, &t, &werr)) {
        og_error err = OG_ERROR_INIT;
        og_error_set(&err, werr.code, "%s", werr.message);
        statement_failed(s, &err, true);
        og_error_clear(&err);
        return;
    }
    if (t.kind == 'S') {
        px_stmt_release(og_hmap_dels(&s->statements, t.name));
    } else {
        px_portal *p = og_hmap_dels(&s->portals, t.name);
        if (p && p != s->running)
            portal_free(p);
    }
    wire_put_empty(&s->out, '3'); /* CloseComplete */
}

static void finish_execute(px_session *s, px_portal *p, uint32_t max_rows)
{
    send_rows(s, p, max_rows);
    if (p->stmt->kind == PX_STMT_DISCARD_ALL) {
        /* DISCARD ALL drops every statement and portal, this one included */
        drop_portals(s);
        drop_statements(s);
    }
    expire_portals(s);
}

static void handle_execute(px_session *s, const wire_msg *m)
{
    wire_execute e;
    wire_err werr;
    og_error err = OG_ERROR_INIT;
    if (!wire_decode_execute(m, &e, &werr)) {
        og_error_set(&err, werr.code, "%s", werr.message);
        goto fail;
    }
    px_portal *p = og_hmap_gets(&s->portals, e.portal);
    if (!p) {
        og_error_set(&err, OG_SQLSTATE_UNDEFINED_CURSOR, "portal \"%s\" does not exist", e.portal);
        goto fail;
    }
    if (!p->done) {
        run_status rs = run_portal(s, p, &err);
        if (rs == RUN_ERROR)
            goto fail;
        p->done = true;
        if (rs == RUN_PENDING || rs == RUN_COPY) {
            s->busy = rs == RUN_PENDING;
            s->running = p;
            s->running_simple = false;
            s->running_max_rows = e.max_rows;
            return;
        }
    } else if (s->txstatus == 'E' && !is_tx_exit(p->stmt)) {
        set_failed_tx_error(&err);
        goto fail;
    }
    finish_execute(s, p, e.max_rows);
    return;
fail:
    statement_failed(s, &err, true);
    og_error_clear(&err);
}

static void handle_sync(px_session *s)
{
    s->skip_until_sync = false;
    if (s->txstatus == 'I') {
        /* the implicit transaction ends: its portals go with it */
        drop_portals(s);
    }
    wire_put_ready(&s->out, s->txstatus);
    if (s->draining && s->txstatus == 'I')
        px_session_fatal(s, OG_SQLSTATE_ADMIN_SHUTDOWN, "terminating connection due to administrator command");
}

/* The running statement ended: its result or error, then the rest of the protocol. */
static void running_done(px_session *s, const og_error *err)
{
    px_portal *p = s->running;
    s->busy = false;
    s->running = NULL;
    if (s->running_simple) {
        if (err) {
            statement_failed(s, err, false);
            portal_free(p);
            simple_query_finish(s);
        } else {
            if (has_rows(portal_stmt(p)))
                send_row_description(s, portal_stmt(p), NULL);
            send_rows(s, p, 0);
            portal_free(p);
            expire_portals(s);
            simple_query_continue(s);
        }
    } else if (err) {
        statement_failed(s, err, true);
    } else {
        finish_execute(s, p, s->running_max_rows);
    }
}

void px_query_async_done(px_session *s, og_error *err)
{
    if (!s->busy)
        return;
    if (s->running && s->running->copy) {
        px_copy_in_async(s, err); /* COPY FROM drives its own steps */
        return;
    }
    if (s->sleep_ev)
        evtimer_del(s->sleep_ev);
    running_done(s, err);
    px_session_resume(s);
}

void px_query_copy_done(px_session *s, const og_error *err, bool resume)
{
    running_done(s, err);
    if (resume)
        px_session_resume(s);
}

void px_query_message(px_session *s, const wire_msg *m)
{
    if ((m->type == 'S' || m->type == 'H' || m->type == 'X') && m->body_len) {
        /* these carry no body: anything else is a framing error (PostgreSQL's pq_getmsgend) */
        px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "invalid message format");
        return;
    }
    if (s->running && s->running->copy && !s->busy) {
        px_copy_in_message(s, m); /* COPY FROM STDIN takes every message until it ends */
        return;
    }
    if (s->skip_until_sync && m->type != 'S' && m->type != 'X')
        return;
    switch (m->type) {
    case 'Q':
        handle_query(s, m);
        if (!s->busy && s->draining && s->txstatus == 'I')
            px_session_fatal(s, OG_SQLSTATE_ADMIN_SHUTDOWN, "terminating connection due to administrator command");
        return;
    case 'P':
        handle_parse(s, m);
        return;
    case 'B':
        handle_bind(s, m);
        return;
    case 'D':
        handle_describe(s, m);
        return;
    case 'E':
        handle_execute(s, m);
        return;
    case 'C':
        handle_close(s, m);
        return;
    case 'S':
        handle_sync(s);
        return;
    case 'H':
        px_session_flush(s);
        return;
    case 'X':
        px_slog(s, PX_LOG_DEBUG, "terminate");
        px_session_close(s);
        return;
    case 'F': {
        og_error err = OG_ERROR_INIT;
        og_error_set(&err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "fastpath function calls are not supported");
        px_session_send_error(s, &err);
        og_error_clear(&err);
        wire_put_ready(&s->out, s->txstatus);
        return;
    }
    case 'd':
    case 'c':
    case 'f':
        return; /* COPY messages outside COPY are ignored, as PostgreSQL does */
    default:
        px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "invalid frontend message type %d", m->type);
        return;
    }
}
