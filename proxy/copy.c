/*
 * proxy/copy.c - COPY between a client and a table or a query: analysis of
 * the statement, COPY TO STDOUT, and the COPY FROM STDIN sub-protocol.
 *
 * The data formats (options, row output, the incremental row parser) are
 * wire/copy.h; this file ties them to statements, the session and the
 * backend.
 *
 * COPY TO runs the equivalent query (SELECT cols FROM t, or the query given)
 * through the normal translation path in the COPY's portal (query.c runs
 * portal->stmt = the query, portal->outer = the COPY), then formats its rows:
 * CopyOutResponse, one CopyData per row, CopyDone, CommandComplete "COPY n".
 *
 * COPY FROM first makes sure the session has a backend transaction: the
 * client's (BEGIN ...), or in autocommit one of its own, committed at the
 * end, so a copy is all or nothing. Then CopyInResponse, and the client's
 * CopyData go to the parser; each row's fields are read with their column
 * type's text input, and rows are inserted in batches by one multi-row
 * INSERT ... VALUES ($1, ..), (..) translated like a client's INSERT (so
 * defaults, typmods and constraints behave exactly as INSERT). While a batch
 * runs on the backend the session reads nothing (busy, socket reads off).
 * CopyDone flushes the last batch and commits. Any error (a bad field, a
 * constraint, CopyFail) ends the copy at once with ErrorResponse, after the
 * own transaction is rolled back; the client's CopyData still on the way are
 * then ignored by the query loop. That is PostgreSQL's behaviour (measured
 * on 15: ErrorResponse and ReadyForQuery come before the client's CopyDone).
 * A message other than CopyData / CopyDone / CopyFail / Flush / Sync is an
 * error followed by FATAL, as in PostgreSQL.
 *
 * og_error has no CONTEXT field yet: the PostgreSQL context of a COPY FROM
 * error ("COPY t, line 2, column v: "xx"") goes into the error's DETAIL
 * (after a newline when the error has a detail of its own).
 */
#include <event2/bufferevent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/sqlrender.h"
#include "orm/schema.h"
#include "orm/sqlparse.h"
#include "proxy/db.h"
#include "proxy/query_int.h"
#include "wire/copy.h"

#define COPY_BATCH_ROWS 250u   /* rows per INSERT at most */
#define COPY_BATCH_BINDS 1000u /* placeholders per INSERT at most (binding costs grow faster than linearly) */

/* What analysis found; lives in the statement's arena. */
typedef struct px_copy_spec {
    bool is_from;
    wire_copy_opts opts;
    const char *relname;    /* the table, or NULL for COPY (query) TO */
    const char *schemaname; /* as written, or NULL */
    uint16_t ncols;
    const char **names;
    uint32_t *types;                   /* COPY FROM: column types */
    bool *force_quote;                 /* COPY TO: per column, or NULL */
    bool *force_not_null, *force_null; /* COPY FROM: per column, or NULL */
} px_copy_spec;

/* ---- analysis --------------------------------------------------------------------------------- */

static void quote_ident(og_buf *b, const char *name) { og_buf_put_quoted(b, name, '"'); }

static void quote_relation(og_buf *b, const px_copy_spec *sp)
{
    if (sp->schemaname) {
        quote_ident(b, sp->schemaname);
        og_buf_putc(b, '.');
    }
    quote_ident(b, sp->relname);
}

/* COPY to or from a file or a program: PostgreSQL refuses it to non-superusers (DoCopy). */
static bool refuse_server_side(const PgQuery__CopyStmt *cs, og_error *err)
{
    if (cs->is_program)
        og_error_set(err, "42501",
                     "must be superuser or have privileges of the pg_execute_server_program role to COPY to or from "
                     "an external program");
    else if (cs->is_from)
        og_error_set(err, "42501",
                     "must be superuser or have privileges of the pg_read_server_files role to COPY from a file");
    else
        og_error_set(err, "42501",
                     "must be superuser or have privileges of the pg_write_server_files role to COPY to a file");
    og_error_hint(err, "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.");
    return false;
}

static const char *node_sval(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

/* The options of the statement, through wire_copy_opts. lists[0..2] get the column lists of
 * FORCE_QUOTE, FORCE_NOT_NULL and FORCE_NULL. */
static bool add_options(px_stmt *st, px_copy_spec *sp, const PgQuery__CopyStmt *cs, const PgQuery__List **lists,
                        og_error *err)
{
    og_arena *a = &st->arena;
    wire_err we;
    wire_copy_opts_init(&sp->opts, cs->is_from);
    for (size_t i = 0; i < cs->n_options; i++) {
        const PgQuery__DefElem *d = cs->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM
                                        ? cs->options[i]->def_elem
                                        : NULL;
        if (!d) {
            og_error_set(err, OG_SQLSTATE_SYNTAX_ERROR, "invalid COPY option");
            return false;
        }
        const PgQuery__Node *arg = d->arg;
        wire_copy_arg kind = WIRE_COPY_ARG_STR;
        const char *value = NULL;
        if (!arg) {
            kind = WIRE_COPY_ARG_NONE;
        } else {
            switch (arg->node_case) {
            case PG_QUERY__NODE__NODE_STRING:
                value = arg->string->sval;
                break;
            case PG_QUERY__NODE__NODE_BOOLEAN:
                value = arg->boolean->boolval ? "true" : "false";
                break;
            case PG_QUERY__NODE__NODE_FLOAT:
                value = arg->float_->fval;
                break;
            case PG_QUERY__NODE__NODE_INTEGER:
                kind = WIRE_COPY_ARG_INT;
                value = og_arena_printf(a, "%d", arg->integer->ival);
                break;
            case PG_QUERY__NODE__NODE_A_STAR:
                kind = WIRE_COPY_ARG_STAR;
                value = "*";
                break;
            case PG_QUERY__NODE__NODE_LIST: {
                kind = WIRE_COPY_ARG_LIST;
                og_buf b = OG_BUF_INIT;
                for (size_t k = 0; k < arg->list->n_items; k++) {
                    const char *name = node_sval(arg->list->items[k]);
                    og_buf_printf(&b, "%s%s", k ? "." : "", name ? name : "");
                }
                value = og_arena_strdup(a, og_buf_cstr(&b));
                og_buf_free(&b);
                int slot = !strcmp(d->defname, "force_quote")      ? 0
                           : !strcmp(d->defname, "force_not_null") ? 1
                           : !strcmp(d->defname, "force_null")     ? 2
                                                                   : -1;
                if (slot >= 0)
                    lists[slot] = arg->list;
                break;
            }
            default:
                og_error_set(err, OG_SQLSTATE_SYNTAX_ERROR, "invalid value for COPY option \"%s\"", d->defname);
                return false;
            }
        }
        if (value)
            value = og_arena_strdup(a, value);
        if (!wire_copy_opts_add(&sp->opts, og_arena_strdup(a, d->defname), kind, value, &we)) {
            og_error_set(err, we.code, "%s", we.message);
            return false;
        }
    }
    if (!wire_copy_opts_finish(&sp->opts, &we)) {
        og_error_set(err, we.code, "%s", we.message);
        return false;
    }
    if (sp->opts.format == WIRE_COPY_BINARY) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "COPY in binary format is not supported by ormgate yet");
        return false;
    }
    if (sp->opts.encoding && strcmp(sp->opts.encoding, "UTF8") && strcmp(sp->opts.encoding, "SQL_ASCII")) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "COPY with ENCODING %s is not supported by ormgate yet",
                     sp->opts.encoding);
        return false;
    }
    return true;
}

/* The column list (CopyGetAttnums): all columns of the table, or the ones named. */
static bool resolve_columns(px_stmt *st, px_copy_spec *sp, const orm_entity *e, const PgQuery__CopyStmt *cs,
                            og_error *err)
{
    og_arena *a = &st->arena;
    size_t n = cs->n_attlist ? cs->n_attlist : e->nprops;
    sp->ncols = (uint16_t)n;
    sp->names = og_arena_zalloc(a, sizeof(char *) * (n + 1));
    sp->types = og_arena_zalloc(a, sizeof(uint32_t) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        int prop = (int)i;
        if (cs->n_attlist) {
            const char *name = node_sval(cs->attlist[i]);
            prop = name ? orm_entity_prop(e, name) : -1;
            if (prop < 0) {
                og_error_set(err, "42703", "column \"%s\" of relation \"%s\" does not exist", name ? name : "?",
                             e->name);
                return false;
            }
            for (size_t k = 0; k < i; k++)
                if (!strcmp(sp->names[k], e->props[prop].name)) {
                    og_error_set(err, "42701", "column \"%s\" specified more than once", name);
                    return false;
                }
        }
        sp->names[i] = e->props[prop].name;
        sp->types[i] = e->props[prop].type_oid;
    }
    return true;
}

/* FORCE_QUOTE / FORCE_NOT_NULL / FORCE_NULL (columns): flags per column of the copy. */
static bool force_flags(px_stmt *st, const px_copy_spec *sp, const orm_entity *e, const char *what,
                        const PgQuery__List *list, bool **out, og_error *err)
{
    if (!list)
        return true;
    bool *flags = og_arena_zalloc(&st->arena, sp->ncols + 1u);
    for (size_t k = 0; k < list->n_items; k++) {
        const char *name = node_sval(list->items[k]);
        uint16_t i = 0;
        while (name && i < sp->ncols && strcmp(sp->names[i], name))
            i++;
        if (!name || i == sp->ncols) {
            if (name && e && orm_entity_prop(e, name) < 0)
                og_error_set(err, "42703", "column \"%s\" of relation \"%s\" does not exist", name, e->name);
            else if (name && !e)
                og_error_set(err, "42703", "column \"%s\" does not exist", name);
            else
                og_error_set(err, "42P10", "%s column \"%s\" not referenced by COPY", what, name ? name : "?");
            return false;
        }
        flags[i] = true;
    }
    *out = flags;
    return true;
}

/* COPY TO: the query whose rows are copied, analysed as a client's statement. */
static bool analyze_query(px_stmt *st, px_copy_spec *sp, const PgQuery__CopyStmt *cs, const px_analyze_ctx *ctx,
                          og_error *err)
{
    if (cs->query) {
        st->target = px_stmt_analyze(st->sql, cs->query, NULL, 0, ctx, err);
        if (!st->target)
            return false;
    } else {
        og_buf b = OG_BUF_INIT;
        og_buf_puts(&b, "SELECT ");
        for (uint16_t i = 0; i < sp->ncols; i++) {
            if (i)
                og_buf_puts(&b, ", ");
            quote_ident(&b, sp->names[i]);
        }
        og_buf_puts(&b, " FROM ");
        quote_relation(&b, sp);
        const char *sql = og_buf_cstr(&b);
        orm_parsed pt;
        if (orm_sql_parse(sql, &pt, err)) {
            st->target = px_stmt_analyze(sql, pt.tree->stmts[0]->stmt, NULL, 0, ctx, err);
            orm_sql_parsed_free(&pt);
        }
        og_buf_free(&b);
        if (!st->target) {
            err->position = 0; /* not the client's text */
            return false;
        }
    }
    const px_stmt *q = st->target;
    if (q->nparams) {
        og_error_set(err, "42P02", "there is no parameter $1");
        return false;
    }
    if (q->kind != PX_STMT_SELECT && q->kind != PX_STMT_ORM) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "this COPY query is not supported by ormgate yet");
        return false;
    }
    if (q->kind == PX_STMT_ORM && !q->ncols &&
        (q->qkind == ORM_Q_INSERT || q->qkind == ORM_Q_UPDATE || q->qkind == ORM_Q_DELETE)) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "COPY query must have a RETURNING clause");
        return false;
    }
    if (cs->query) {
        sp->ncols = q->ncols;
        sp->names = og_arena_zalloc(&st->arena, sizeof(char *) * (q->ncols + 1u));
        for (uint16_t i = 0; i < q->ncols; i++)
            sp->names[i] = q->cols[i].name;
    }
    return true;
}

bool px_copy_analyze(px_stmt *st, const void *node, const px_analyze_ctx *ctx, og_error *err)
{
    const PgQuery__CopyStmt *cs = node;
    if ((cs->filename && *cs->filename) || cs->is_program)
        return refuse_server_side(cs, err);
    if (!ctx || !ctx->schema) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "statement CopyStmt needs a database backend");
        return false;
    }
    px_copy_spec *sp = og_arena_zalloc(&st->arena, sizeof *sp);
    sp->is_from = cs->is_from;
    st->kind = PX_STMT_COPY;
    st->copy = sp;
    const orm_entity *e = NULL;
    if (cs->relation) {
        const PgQuery__RangeVar *rv = cs->relation;
        bool other_schema = rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public");
        e = other_schema ? NULL : orm_meta_get(&ctx->schema->meta, rv->relname);
        if (!e) {
            if (other_schema)
                og_error_set(err, "42P01", "relation \"%s.%s\" does not exist", rv->schemaname, rv->relname);
            else
                og_error_set(err, "42P01", "relation \"%s\" does not exist", rv->relname);
            return false;
        }
        sp->relname = e->name;
        sp->schemaname = rv->schemaname && *rv->schemaname ? og_arena_strdup(&st->arena, rv->schemaname) : NULL;
    }
    const PgQuery__List *lists[3] = {NULL, NULL, NULL};
    if (!add_options(st, sp, cs, lists, err))
        return false;
    if (cs->where_clause) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "COPY FROM ... WHERE is not supported by ormgate yet");
        return false;
    }
    if (e && !resolve_columns(st, sp, e, cs, err))
        return false;
    if (!sp->is_from && !analyze_query(st, sp, cs, ctx, err))
        return false;
    return force_flags(st, sp, e, "FORCE_QUOTE", lists[0], &sp->force_quote, err) &&
           force_flags(st, sp, e, "FORCE_NOT_NULL", lists[1], &sp->force_not_null, err) &&
           force_flags(st, sp, e, "FORCE_NULL", lists[2], &sp->force_null, err);
}

/* ---- COPY TO STDOUT ------------------------------------------------------------------------------ */

void px_copy_out_send(px_session *s, px_portal *p)
{
    const px_copy_spec *sp = p->outer->copy;
    const og_text_io *io = og_text_io_get();
    const char *tz = px_guc_get(&s->guc, "TimeZone");
    uint16_t n = p->stmt->ncols;
    wire_put_copy_response(&s->out, 'H', 0, n);
    if (sp->opts.header)
        wire_copy_put_header(&s->out, &sp->opts, sp->names, n);
    wire_copy_field *fields = calloc(n + 1u, sizeof *fields);
    size_t *offs = calloc(n + 1u, sizeof *offs);
    if (!fields || !offs)
        abort();
    og_buf text = OG_BUF_INIT;
    for (; p->pos < p->result.nrows; p->pos++) {
        const og_value *row = p->result.rows[p->pos];
        og_buf_clear(&text);
        for (uint16_t i = 0; i < n; i++) {
            offs[i] = text.len;
            if (!row[i].isnull && row[i].oid != 2278 /* void */)
                io->encode(&row[i], tz, &text);
            fields[i].len = text.len - offs[i];
        }
        og_buf_putc(&text, '\0'); /* never empty: field pointers are valid even for empty values */
        for (uint16_t i = 0; i < n; i++)
            fields[i].data = row[i].isnull ? NULL : (const char *)text.data + offs[i];
        wire_copy_put_row(&s->out, &sp->opts, fields, n, sp->force_quote);
    }
    og_buf_free(&text);
    free(fields);
    free(offs);
    wire_put_empty(&s->out, 'c'); /* CopyDone */
    snprintf(p->result.tag, sizeof p->result.tag, "COPY %u", p->result.nrows);
    wire_put_command_complete(&s->out, p->result.tag);
}

/* ---- COPY FROM STDIN ------------------------------------------------------------------------------ */

typedef enum {
    CI_OPENING,    /* waiting for the backend transaction */
    CI_READING,    /* taking CopyData */
    CI_BATCH,      /* an INSERT batch runs on the backend (session busy) */
    CI_COMMITTING, /* own transaction: COMMIT runs */
    CI_FAILING,    /* own transaction: ROLLBACK runs, then the error (err) is reported */
} ci_state;

typedef struct px_copy_in {
    px_session *s;
    px_portal *p;
    const px_copy_spec *sp;
    ci_state state;
    bool own_tx;   /* autocommit: the copy's own backend transaction, committed at the end */
    bool eof;      /* CopyDone arrived */
    bool canceled; /* a cancel request arrived while a backend step ran */
    og_error err;  /* CI_FAILING: the error to report */
    wire_copy_in parser;
    char tz[64];
    orm_eval_ctx cx;
    og_arena rows;        /* field values of the batch being filled */
    og_value *vals;       /* batch_rows * ncols */
    uint32_t batch_rows;  /* rows of a full batch */
    uint32_t nbatch;      /* rows in the batch being filled */
    uint32_t inflight;    /* rows of the batch on the backend */
    uint64_t stored;      /* rows inserted so far */
    px_stmt *full, *last; /* INSERT of batch_rows rows; of the last, shorter batch */
} px_copy_in;

void px_copy_in_free(px_copy_in *c)
{
    if (!c)
        return;
    wire_copy_in_free(&c->parser);
    og_arena_reset(&c->rows);
    px_stmt_release(c->full);
    px_stmt_release(c->last);
    og_error_clear(&c->err);
    free(c->vals);
    free(c);
}

/* The context of an error in a COPY FROM (PostgreSQL's CONTEXT line), for now in DETAIL. */
static void set_context(og_error *err, og_buf *ctxt)
{
    const char *text = og_buf_cstr(ctxt);
    if (err->detail) {
        char *d = err->detail;
        err->detail = NULL;
        og_error_detail(err, "%s\n%s", d, text);
        free(d);
    } else {
        og_error_detail(err, "%s", text);
    }
}

/* INSERT INTO t (cols) VALUES ($1, ..), .. for nrows rows, translated like a client's INSERT with
 * the columns' types declared for its parameters. */
static px_stmt *insert_stmt(px_copy_in *c, uint32_t nrows, og_error *err)
{
    const px_copy_spec *sp = c->sp;
    og_buf b = OG_BUF_INIT;
    og_buf_puts(&b, "INSERT INTO ");
    quote_relation(&b, sp);
    og_buf_puts(&b, " (");
    for (uint16_t i = 0; i < sp->ncols; i++) {
        if (i)
            og_buf_puts(&b, ", ");
        quote_ident(&b, sp->names[i]);
    }
    og_buf_puts(&b, ") VALUES ");
    uint32_t n = 0;
    uint32_t *types = calloc((size_t)nrows * sp->ncols + 1, sizeof *types);
    if (!types)
        abort();
    for (uint32_t r = 0; r < nrows; r++) {
        og_buf_puts(&b, r ? ", (" : "(");
        for (uint16_t i = 0; i < sp->ncols; i++) {
            types[n] = sp->types[i];
            og_buf_printf(&b, i ? ", $%u" : "$%u", ++n);
        }
        og_buf_putc(&b, ')');
    }
    const char *sql = og_buf_cstr(&b);
    px_stmt *st = NULL;
    orm_parsed pt;
    if (orm_sql_parse(sql, &pt, err)) {
        px_analyze_ctx actx;
        orm_eval_ctx ecx;
        px_backend_analyze_ctx(c->s, &actx, &ecx);
        st = px_stmt_analyze(sql, pt.tree->stmts[0]->stmt, types, (uint16_t)n, &actx, err);
        orm_sql_parsed_free(&pt);
    }
    free(types);
    og_buf_free(&b);
    if (st && st->kind != PX_STMT_ORM) {
        px_stmt_release(st);
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "COPY FROM: INSERT was not translated");
        return NULL;
    }
    if (!st)
        err->position = 0; /* not the client's text */
    return st;
}

static void complete(px_copy_in *c, const og_error *err, bool async);
static void fail(px_copy_in *c, const og_error *err, bool async);
static void proceed(px_copy_in *c, bool async);

static void batch_done(void *ctx, drv_result *res, const og_error *err)
{
    px_copy_in *c = ctx;
    drv_result_free(res);
    c->stored += c->inflight;
    c->inflight = 0;
    og_arena_reset(&c->rows);
    c->state = CI_READING;
    c->s->busy = false;
    if (err) {
        fail(c, err, true);
        return;
    }
    if (c->canceled) {
        og_error e = OG_ERROR_INIT;
        og_error_set(&e, OG_SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
        fail(c, &e, true);
        og_error_clear(&e);
        return;
    }
    proceed(c, true);
}

/* Send the rows collected to the backend; the session is busy until batch_done. */
static bool batch_send(px_copy_in *c, og_error *err)
{
    px_session *s = c->s;
    uint32_t n = c->nbatch;
    px_stmt *st;
    if (n == c->batch_rows) {
        if (!c->full)
            c->full = insert_stmt(c, n, err);
        st = c->full;
    } else {
        px_stmt_release(c->last);
        st = c->last = insert_stmt(c, n, err);
    }
    if (!st)
        return false;
    const drv_sql *r = st->rendered;
    og_value *binds = drv_sql_values(r, c->vals, st->nparams, &c->rows);
    drv_stmt ds = {r->sql, binds, (uint16_t)r->nbinds, r->result_types, r->ncols, &c->cx};
    c->inflight = n;
    c->nbatch = 0;
    c->state = CI_BATCH;
    s->busy = true;
    bufferevent_disable(s->bev, EV_READ); /* backpressure on the client until the batch is stored */
    s->stats.roundtrips++;
    s->backend->db->ops->exec(s->conn, &ds, batch_done, c);
    return true;
}

/* One row from the parser into the batch's values (FORCE_NOT_NULL / FORCE_NULL applied here). */
static bool row_convert(px_copy_in *c, const wire_copy_row *row, og_error *err)
{
    const px_copy_spec *sp = c->sp;
    og_value *out = c->vals + (size_t)c->nbatch * sp->ncols;
    const og_text_io *io = og_text_io_get();
    for (uint32_t i = 0; i < row->nfields; i++) {
        const char *data = row->fields[i].data;
        size_t len = row->fields[i].len;
        if (!data && sp->force_not_null && sp->force_not_null[i]) {
            data = sp->opts.null_str;
            len = sp->opts.null_len;
        } else if (data && sp->force_null && sp->force_null[i] && len == sp->opts.null_len &&
                   !memcmp(data, sp->opts.null_str, len)) {
            data = NULL;
        }
        if (!data) {
            out[i] = og_value_null(sp->types[i]);
            continue;
        }
        if (!io->decode(sp->types[i], data, len, c->tz, &c->rows, &out[i], err)) {
            og_buf ctxt = OG_BUF_INIT;
            wire_copy_context_column(&ctxt, sp->relname, row->line, sp->names[i], data);
            set_context(err, &ctxt);
            og_buf_free(&ctxt);
            return false;
        }
    }
    if (row->nfields < sp->ncols) {
        wire_err we;
        wire_copy_in_missing(&c->parser, row->nfields, &we);
        og_error_set(err, we.code, "%s", we.message);
        og_buf ctxt = OG_BUF_INIT;
        wire_copy_in_context(&c->parser, sp->relname, &ctxt);
        set_context(err, &ctxt);
        og_buf_free(&ctxt);
        return false;
    }
    return true;
}

/* All rows are stored: commit the own transaction, then report. */
static void finish(px_copy_in *c, bool async)
{
    px_session *s = c->s;
    if (c->own_tx && s->conn) {
        og_error e = OG_ERROR_INIT;
        c->state = CI_COMMITTING;
        run_status rs = px_backend_tx_end(s, c->p, true, &e);
        if (rs == RUN_PENDING) {
            s->busy = true; /* committed() comes back through px_copy_in_async */
            return;
        }
        if (rs == RUN_ERROR) {
            complete(c, &e, async);
            og_error_clear(&e);
            return;
        }
    }
    complete(c, NULL, async);
}

/* Take rows from the parser until a batch is full (sent), more input is needed, or the end. */
static void proceed(px_copy_in *c, bool async)
{
    og_error err = OG_ERROR_INIT;
    for (;;) {
        if (c->nbatch == c->batch_rows) {
            if (!batch_send(c, &err))
                break;
            return;
        }
        wire_copy_row row;
        wire_err we;
        wire_copy_status st = wire_copy_in_next(&c->parser, NULL, &row, &we);
        if (st == WIRE_COPY_ROW) {
            if (!row_convert(c, &row, &err))
                break;
            c->nbatch++;
            continue;
        }
        if (st == WIRE_COPY_ERROR) {
            og_error_set(&err, we.code, "%s", we.message);
            if (wire_copy_in_hint(&c->parser))
                og_error_hint(&err, "%s", wire_copy_in_hint(&c->parser));
            og_buf ctxt = OG_BUF_INIT;
            wire_copy_in_context(&c->parser, c->sp->relname, &ctxt);
            set_context(&err, &ctxt);
            og_buf_free(&ctxt);
            break;
        }
        if (!c->eof) { /* NEED_MORE, or the end marker before CopyDone: wait for the client */
            if (async)
                px_session_resume(c->s);
            return;
        }
        if (c->nbatch) {
            if (!batch_send(c, &err))
                break;
            return;
        }
        finish(c, async);
        return;
    }
    fail(c, &err, async);
    og_error_clear(&err);
}

/* The copy ends: its portal reports "COPY n" or the error, the protocol goes on. */
static void complete(px_copy_in *c, const og_error *err, bool async)
{
    px_session *s = c->s;
    og_error e = OG_ERROR_INIT;
    if (err) {
        og_error_set(&e, err->code, "%s", err->message ? err->message : "");
        if (err->detail)
            og_error_detail(&e, "%s", err->detail);
        if (err->hint)
            og_error_hint(&e, "%s", err->hint);
        if (err->constraint)
            e.constraint = strdup(err->constraint);
        if (err->table)
            e.table = strdup(err->table);
        if (err->column)
            e.column = strdup(err->column);
    } else {
        snprintf(c->p->result.tag, sizeof c->p->result.tag, "COPY %llu", (unsigned long long)c->stored);
    }
    c->p->copy = NULL;
    px_copy_in_free(c);
    px_query_copy_done(s, err ? &e : NULL, async);
    og_error_clear(&e);
}

/* An error ends the copy; its own transaction is rolled back first. */
static void fail(px_copy_in *c, const og_error *err, bool async)
{
    px_session *s = c->s;
    if (c->own_tx && s->conn) {
        og_error_set(&c->err, err->code, "%s", err->message ? err->message : "");
        if (err->detail)
            og_error_detail(&c->err, "%s", err->detail);
        if (err->hint)
            og_error_hint(&c->err, "%s", err->hint);
        if (err->constraint)
            c->err.constraint = strdup(err->constraint);
        if (err->table)
            c->err.table = strdup(err->table);
        if (err->column)
            c->err.column = strdup(err->column);
        c->state = CI_FAILING;
        og_error e = OG_ERROR_INIT;
        if (px_backend_tx_end(s, c->p, false, &e) == RUN_PENDING) {
            s->busy = true;
            return;
        }
        og_error_clear(&e);
    }
    complete(c, err, async);
}

run_status px_copy_in_start(px_session *s, px_portal *p, og_error *err)
{
    const px_copy_spec *sp = p->stmt->copy;
    if (!s->backend) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "no database backend");
        return RUN_ERROR;
    }
    px_copy_in *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->s = s;
    c->p = p;
    c->sp = sp;
    c->own_tx = s->txstatus == 'I';
    snprintf(c->tz, sizeof c->tz, "%s", px_guc_get(&s->guc, "TimeZone"));
    px_analyze_ctx actx;
    px_backend_analyze_ctx(s, &actx, &c->cx);
    c->cx.timezone = c->tz;
    og_arena_init(&c->rows);
    wire_copy_in_init(&c->parser, &sp->opts, sp->names, sp->ncols);
    /* a one-row INSERT tells how many placeholders a row needs (defaults bind constants too) */
    px_stmt *one = insert_stmt(c, 1, err);
    if (!one) {
        px_copy_in_free(c);
        return RUN_ERROR;
    }
    uint32_t per_row = one->rendered->nbinds ? one->rendered->nbinds : 1;
    px_stmt_release(one);
    c->batch_rows = COPY_BATCH_BINDS / per_row;
    if (c->batch_rows > COPY_BATCH_ROWS)
        c->batch_rows = COPY_BATCH_ROWS;
    if (c->batch_rows == 0)
        c->batch_rows = 1;
    c->vals = calloc((size_t)c->batch_rows * sp->ncols + 1, sizeof(og_value));
    if (!c->vals)
        abort();
    p->copy = c;
    c->state = CI_OPENING;
    run_status rs = px_backend_tx_open(s, p, err);
    if (rs == RUN_ERROR) {
        p->copy = NULL;
        px_copy_in_free(c);
        return RUN_ERROR;
    }
    if (rs == RUN_PENDING)
        return RUN_PENDING; /* px_copy_in_async sends CopyInResponse */
    c->state = CI_READING;
    wire_put_copy_response(&s->out, 'G', 0, sp->ncols);
    return RUN_COPY;
}

void px_copy_in_async(px_session *s, const og_error *err)
{
    px_copy_in *c = s->running->copy;
    if (s->op || c->state == CI_BATCH) {
        c->canceled = true; /* a cancel request: acted on when the backend step ends */
        return;
    }
    og_error cancel = OG_ERROR_INIT;
    og_error_set(&cancel, OG_SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
    switch (c->state) {
    case CI_OPENING:
        if (err) {
            complete(c, err, true);
        } else if (c->canceled) {
            fail(c, &cancel, true);
        } else {
            c->state = CI_READING;
            wire_put_copy_response(&s->out, 'G', 0, c->sp->ncols);
            s->busy = false;
            px_session_resume(s);
        }
        break;
    case CI_COMMITTING:
        complete(c, err, true);
        break;
    case CI_FAILING: {
        og_error e = OG_ERROR_INIT;
        og_error_move(&e, &c->err);
        complete(c, &e, true);
        og_error_clear(&e);
        break;
    }
    default:
        break;
    }
    og_error_clear(&cancel);
}

void px_copy_in_message(px_session *s, const wire_msg *m)
{
    px_copy_in *c = s->running->copy;
    og_error err = OG_ERROR_INIT;
    switch (m->type) {
    case 'd':
        wire_copy_in_feed(&c->parser, m->body, m->body_len);
        proceed(c, false);
        return;
    case 'c':
        wire_copy_in_finish(&c->parser);
        c->eof = true;
        proceed(c, false);
        return;
    case 'f': {
        const char *msg;
        wire_err we;
        if (wire_decode_copy_fail(m, &msg, &we))
            og_error_set(&err, OG_SQLSTATE_QUERY_CANCELED, "COPY from stdin failed: %s", msg);
        else
            og_error_set(&err, we.code, "%s", we.message);
        break;
    }
    case 'H':
    case 'S':
        return; /* PostgreSQL ignores Flush and Sync during COPY FROM (libpq may send them) */
    case 'X':
        px_session_close(s); /* the backend transaction goes with the session */
        return;
    default:
        og_error_set(&err, OG_SQLSTATE_PROTOCOL_VIOLATION, "unexpected message type 0x%02X during COPY from stdin",
                     (unsigned)(uint8_t)m->type);
        break;
    }
    /* PostgreSQL notices while waiting for the next line: its context names that line */
    og_buf ctxt = OG_BUF_INIT;
    og_buf_printf(&ctxt, "COPY %s, line %llu", c->sp->relname,
                  (unsigned long long)wire_copy_in_lineno(&c->parser) + 1);
    set_context(&err, &ctxt);
    og_buf_free(&ctxt);
    if (m->type != 'f') {
        /* as PostgreSQL: the error, then FATAL (the backend transaction goes with the session) */
        px_session_send_error(s, &err);
        og_error_clear(&err);
        px_session_fatal(s, OG_SQLSTATE_PROTOCOL_VIOLATION, "terminating connection because protocol synchronization "
                                                            "was lost");
        return;
    }
    fail(c, &err, false);
    og_error_clear(&err);
}
