/*
 * proxy/query_int.h - private to the query protocol (proxy/query.c) and the
 * backend execution of statements (proxy/backend.c): portals and how a
 * statement's run ends.
 */
#ifndef PX_QUERY_INT_H
#define PX_QUERY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/driver.h"
#include "proxy/exec.h"
#include "proxy/session.h"

typedef struct px_portal {
    og_arena arena;
    px_stmt *stmt; /* holds a reference */
    og_value *params;
    int16_t *formats; /* one per result column */
    bool done;        /* executed */
    bool complete;    /* every row sent */
    px_result result;
    uint32_t pos; /* next row to send */
    drv_result *dres; /* rows from the backend (p->result.rows point into it) */
} px_portal;

typedef enum { RUN_DONE, RUN_ERROR, RUN_PENDING } run_status;

/* --- proxy/backend.c: statements that need the backend. Each returns RUN_PENDING and later
 * calls px_query_async_done(), or fails at once with RUN_ERROR. --- */

/* A translated statement (PX_STMT_ORM). */
run_status px_backend_run(px_session *s, px_portal *p, og_error *err);
/* A schema change (PX_STMT_DDL). */
run_status px_backend_ddl(px_session *s, px_portal *p, og_error *err);
/* COMMIT (commit) or ROLLBACK of the session's backend transaction; RUN_DONE when it has none. */
run_status px_backend_tx_end(px_session *s, px_portal *p, bool commit, og_error *err);
/* SAVEPOINT / RELEASE / ROLLBACK TO name on the backend; RUN_DONE when it has no transaction. */
run_status px_backend_savepoint(px_session *s, px_portal *p, px_stmt_kind kind, const char *name, og_error *err);
/* The session goes away: give back its connection, forget pending work. */
void px_backend_session_free(px_session *s);
/* The analysis context of the session (schema, dialect, time zone, user, database). */
void px_backend_analyze_ctx(px_session *s, px_analyze_ctx *ctx, orm_eval_ctx *cx);

#endif
