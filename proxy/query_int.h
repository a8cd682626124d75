/*
 * proxy/query_int.h - private to the query protocol (proxy/query.c), the
 * backend execution of statements (proxy/backend.c) and COPY
 * (proxy/copy.c): portals and how a statement's run ends.
 */
#ifndef PX_QUERY_INT_H
#define PX_QUERY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/driver.h"
#include "drivers/sqlrender.h"
#include "orm/em.h"
#include "proxy/exec.h"
#include "proxy/session.h"

struct px_copy_in;

typedef struct px_portal {
    og_arena arena;
    px_stmt *stmt; /* holds a reference; what runs (EXECUTE: the prepared statement) */
    /* the statement the client sent when it is not what runs: EXECUTE (stmt is its prepared
     * statement) and COPY TO (stmt is the query); it describes the result. Holds a reference. */
    px_stmt *outer;
    struct px_copy_in *copy; /* COPY FROM STDIN in progress (proxy/copy.c) */
    og_value *params;
    int16_t *formats; /* one per result column */
    bool done;        /* executed */
    bool complete;    /* every row sent */
    px_result result;
    uint32_t pos; /* next row to send */
    drv_result *dres; /* rows from the backend (p->result.rows point into it) */
    /* served by the EntityManager (proxy/uow.c) */
    bool uow_classified, uow_loaded;
    orm_em_op_kind uow_kind;
    orm_em_op uow_op;
    og_value **uow_rows; /* PERSIST: the rows, evaluated once */
    uint32_t uow_next;   /* PERSIST: the next row to persist */
    uint16_t uow_resv_prop; /* PX_UOW_RESERVE: the column, how many values, and where */
    uint32_t uow_resv_n;
    const char *uow_resv_table, *uow_resv_column;
    bool uow_resv_rowid;
    bool uow_resv_shared; /* reserved outside the transaction: for the worker's pool */
    const orm_entity *uow_register; /* NATIVE reading whole rows of this entity (px_uow_whole_rows) */
} px_portal;

/* RUN_COPY: the statement goes on in the COPY FROM STDIN sub-protocol (portal->copy); it ends
 * through px_query_copy_done. */
typedef enum { RUN_DONE, RUN_ERROR, RUN_PENDING, RUN_COPY } run_status;

/* --- proxy/query.c --- */

/* The running statement (s->running) finished, with err when it failed: send its result or error
 * and continue the protocol. resume: also resume reading input (from a completion callback; not
 * from inside the handling of a message). */
void px_query_copy_done(px_session *s, const og_error *err, bool resume);

/* --- proxy/backend.c: statements that need the backend. Each returns RUN_PENDING and later
 * calls px_query_async_done(), or fails at once with RUN_ERROR. --- */

/* A translated statement (PX_STMT_ORM). */
run_status px_backend_run(px_session *s, px_portal *p, og_error *err);
/* Make sure the session has a backend transaction on s->conn, also outside BEGIN (COPY FROM runs
 * its batches and COMMIT on it): RUN_DONE when it has one, else leases, begins (replaying the
 * client's savepoints) and completes through px_query_async_done(). */
run_status px_backend_tx_open(px_session *s, px_portal *p, og_error *err);
/* A schema change (PX_STMT_DDL). */
run_status px_backend_ddl(px_session *s, px_portal *p, og_error *err);
/* COMMIT (commit) or ROLLBACK of the session's backend transaction; RUN_DONE when it has none. */
run_status px_backend_tx_end(px_session *s, px_portal *p, bool commit, og_error *err);
/* SAVEPOINT / RELEASE / ROLLBACK TO name on the backend; RUN_DONE when it has no transaction. */
run_status px_backend_savepoint(px_session *s, px_portal *p, px_stmt_kind kind, const char *name, og_error *err);
/* SAVEPOINT number i was made: remember the transaction's schema for ROLLBACK TO. */
void px_backend_schema_savepoint(px_session *s, size_t i);
/* ROLLBACK TO savepoint number i: the transaction's schema goes back to what it was then. */
void px_backend_schema_rollback_to(px_session *s, size_t i);
/* The session goes away: give back its connection, forget pending work. */
void px_backend_session_free(px_session *s);
/* The analysis context of the session (schema, dialect, time zone, user, database). */
void px_backend_analyze_ctx(px_session *s, px_analyze_ctx *ctx, orm_eval_ctx *cx);

/* --- proxy/uow.c: the session's EntityManager --- */

/* Does the EntityManager take this session's statements (inside a transaction, flush mode auto)?
 * Creates it on first use. */
bool px_uow_active(px_session *s);
/* Are changes pending in the unit of work? */
bool px_uow_pending(px_session *s);
/* Must what is pending be flushed before this native statement runs? (A write: always; a read: when
 * it reads an entity type with pending changes.) */
bool px_uow_must_flush(px_session *s, const px_stmt *st);
/* The entity whose whole rows a native SELECT returns (every column, in order, of one table, no
 * grouping or DISTINCT), to be registered in the identity map; NULL for any other statement. */
const orm_entity *px_uow_whole_rows(const px_stmt *st);
/* Forget the identity map and the unit of work (native write, schema change). */
void px_uow_forget(px_session *s);
/* The transaction ended: committed (wrote: it may have changed rows) or not. identity_map_scope =
 * transaction forgets the map; session keeps it after a commit. */
void px_uow_tx_end(px_session *s, bool committed, bool wrote);
/* Rows changed outside the unit of work (an autocommit write): every session-scoped map of the
 * database forgets its clean entities before it is used again. */
void px_uow_wrote(px_session *s);

/* A flush: the plan of what is pending and its statements rendered for the backend. */
typedef struct px_flush {
    og_arena arena;
    orm_em_plan plan;
    size_t n;
    drv_sql *sql;    /* [n] */
    og_value **vals; /* [n]: the values bound to sql[i] */
} px_flush;
bool px_uow_flush_build(px_session *s, px_flush *f, og_error *err);
void px_uow_flush_free(px_flush *f);

typedef enum {
    PX_UOW_NATIVE,      /* the backend runs the statement (after a flush of what is pending) */
    PX_UOW_DONE,        /* served: p->result holds the rows and the tag */
    PX_UOW_ERROR,       /* err is set */
    PX_UOW_LOAD,        /* run *load (the entity's row), give it to px_uow_loaded, serve again */
    PX_UOW_FLUSH_FIRST, /* flush what is pending, then serve again */
    PX_UOW_RESERVE,     /* reserve p->uow_resv_n key values (drv_ops.reserve), px_uow_reserved, serve again */
} px_uow_rc;
/* Serve portal p's translated statement from the EntityManager, if it can be. */
px_uow_rc px_uow_serve(px_session *s, px_portal *p, const orm_eval_ctx *cx, orm_stmt **load, og_error *err);
/* The result of the reservation px_uow_serve asked for: a block [first, first + uow_resv_n) for the
 * worker's pool (reserved on a connection of its own, outside the transaction: shared) or the
 * transaction's. */
void px_uow_reserved(px_session *s, px_portal *p, const drv_result *res);
/* Forget the transaction's reserved key values (transaction end, ROLLBACK TO). */
void px_uow_keys_forget(px_session *s);
/* The row px_uow_serve asked for (res NULL or empty: there is none). */
void px_uow_loaded(px_session *s, px_portal *p, const drv_result *res);

/* --- proxy/copy.c: COPY TO STDOUT output and the COPY FROM STDIN sub-protocol --- */

/* Send the rows of a COPY TO portal (p->outer the COPY, p->stmt its query, rows in p->result):
 * CopyOutResponse, CopyData per row, CopyDone, CommandComplete "COPY n". */
void px_copy_out_send(px_session *s, px_portal *p);
/* Start COPY FROM STDIN for portal p: RUN_COPY (CopyInResponse sent), RUN_PENDING (waiting for the
 * backend transaction) or RUN_ERROR. */
run_status px_copy_in_start(px_session *s, px_portal *p, og_error *err);
/* A frontend message while s->running->copy is active. */
void px_copy_in_message(px_session *s, const wire_msg *m);
/* px_query_async_done() while a COPY FROM is running: a backend step finished (or a cancel). */
void px_copy_in_async(px_session *s, const og_error *err);
/* Free the copy state of a portal (session going away: the backend connection is gone already). */
void px_copy_in_free(struct px_copy_in *c);

#endif
