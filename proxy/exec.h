/*
 * proxy/exec.h - statements ormgate answers itself, before the ORM exists.
 *
 * A statement is analysed once (at Parse, or per statement of a simple
 * Query) into a px_stmt: its kind, parameter types and result columns, so
 * Describe can answer without running it. Executing it against a portal
 * fills the portal's result rows. What is supported today: SET / RESET /
 * SHOW [ALL], transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT,
 * RELEASE, ROLLBACK TO), DISCARD ALL, SELECT without FROM of constants,
 * parameters and casts, version() and pg_sleep(), SQL-level PREPARE /
 * EXECUTE / DEALLOCATE, and COPY (analysed in proxy/copy.c). Statements
 * for the backend are translated (PX_STMT_ORM) or applied as schema changes
 * (PX_STMT_DDL). Every other statement is refused at analysis with 0A000
 * naming it.
 */
#ifndef PX_EXEC_H
#define PX_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/fn.h"
#include "orm/mem.h"
#include "orm/value.h"

typedef enum px_stmt_kind {
    PX_STMT_EMPTY,
    PX_STMT_SET,
    PX_STMT_RESET,
    PX_STMT_SHOW,
    PX_STMT_SHOW_ALL,
    PX_STMT_BEGIN,
    PX_STMT_COMMIT,
    PX_STMT_ROLLBACK,
    PX_STMT_SAVEPOINT,
    PX_STMT_RELEASE,
    PX_STMT_ROLLBACK_TO,
    PX_STMT_DISCARD_ALL,
    PX_STMT_SELECT,
    PX_STMT_ORM, /* translated (orm/translate.h) and rendered for the backend (drivers/sqlrender.h) */
    PX_STMT_DDL, /* schema change (orm/schema.h), applied when run */
    PX_STMT_EXPLAIN,  /* EXPLAIN: the operation and backend statement of the inner statement (lines) */
    PX_STMT_ENTITIES, /* SHOW ormgate.entities: the database's entity metadata */
    PX_STMT_CACHE_STATS, /* SHOW ormgate.statement_cache: this worker's statement cache counters */
    PX_STMT_ORM_STATS,   /* SHOW ormgate.stats: this session's backend round trips and unit of work counters */
    PX_STMT_IDENTITY_MAP, /* SHOW ormgate.identity_map: the session's managed entities */
    PX_STMT_UNIT_OF_WORK, /* SHOW ormgate.unit_of_work: the session's pending change sets */
    PX_STMT_PREPARE,    /* PREPARE name AS target */
    PX_STMT_EXECUTE,    /* EXECUTE name(args): runs the prepared statement (target at analysis) */
    PX_STMT_DEALLOCATE, /* DEALLOCATE name (name NULL: ALL) */
    PX_STMT_COPY,       /* COPY ... FROM STDIN / TO STDOUT (copy; COPY TO's query is target) */
} px_stmt_kind;

struct orm_stmt;
struct orm_schema;
struct drv_sql;
struct drv_dialect;
struct og_hmap;
struct px_copy_spec;

/* What version() answers. */
#define PX_VERSION_STRING                                                                                              \
    "PostgreSQL 15.1 (ormgate " OG_VERSION ") on x86_64-pc-linux-gnu, compatible with PostgreSQL 15 wire protocol, "  \
    "64-bit"

/* What analysis needs from the session. */
typedef struct px_analyze_ctx {
    const struct orm_schema *schema;   /* the database's schema generation (NULL: no database) */
    const struct drv_dialect *dialect; /* its backend's SQL dialect */
    const orm_eval_ctx *cx;            /* time zone for literals */
    const char *user, *database;
    const struct og_hmap *prepared;    /* the session's prepared statements (EXECUTE), or NULL */
} px_analyze_ctx;

typedef struct px_expr px_expr;

typedef struct px_col {
    const char *name;
    uint32_t type_oid;
    int32_t typmod;
} px_col;

typedef struct px_stmt {
    og_arena arena; /* everything below lives here */
    int refs;       /* prepared-statement entry + portals using it; freed at 0 */
    const char *sql;
    px_stmt_kind kind;
    const char *name;  /* parameter or savepoint name */
    const char *value; /* SET value (NULL: DEFAULT) */
    bool local;        /* SET LOCAL */
    bool tx_ends;      /* COMMIT AND CHAIN etc. are refused, so just a flag for logging */
    uint16_t nparams;
    uint32_t *param_types;
    uint16_t ncols;
    px_col *cols;
    px_expr **targets; /* SELECT: one per column */
    bool sleeps;       /* SELECT calls pg_sleep: runs asynchronously */
    bool start_tx;  /* BEGIN written as START TRANSACTION (its command tag) */
    uint16_t nlines; /* EXPLAIN */
    const char **lines;
    int read_only;  /* BEGIN READ ONLY (1) / READ WRITE (0); -1 when not said */
    /* ORM */
    struct orm_stmt *orm;
    struct drv_sql *rendered;
    int qkind;                /* orm_query_kind */
    unsigned long generation; /* schema generation it was translated against */
    const struct orm_schema *schema; /* that generation (generations live until exit) */
    /* PREPARE: the statement prepared; EXECUTE: the prepared statement as analysis found it (for
     * Describe); COPY TO: the query whose rows are copied. Holds a reference. */
    struct px_stmt *target;
    /* EXECUTE: argument expressions and their 1-based character positions in sql */
    px_expr **args;
    int *arg_pos;
    uint16_t nargs;
    struct px_copy_spec *copy; /* COPY (proxy/copy.c), in arena */
} px_stmt;

/* Analyse one statement. sql is the statement's own text; node its parse tree
 * (NULL for an empty statement). Given parameter types (0 = unspecified) are
 * refined by use ($1::int4 makes $1 an int4). Returns NULL with err set. */
px_stmt *px_stmt_analyze(const char *sql, const void *node, const uint32_t *param_types, uint16_t nparam_types,
                         const px_analyze_ctx *ctx, og_error *err);
/* Drop one reference; frees the statement at the last. */
void px_stmt_release(px_stmt *st);

/* Result of running a statement: rows of values in the portal's arena. */
typedef struct px_result {
    uint32_t nrows, cap;
    og_value **rows; /* rows[i][ncols] */
    char tag[64];
} px_result;

/* Evaluate a SELECT's target list with bound parameters into one row.
 * sleep_secs gets the pg_sleep() argument (0 if none). */
bool px_stmt_eval_select(const px_stmt *st, const og_value *params, og_arena *a, og_value *row, double *sleep_secs,
                         og_error *err);
/* Evaluate an EXECUTE's arguments with bound parameters, each coerced to types[i] (the prepared
 * statement's parameter types) reading text in the session's timezone, into out[st->nargs].
 * Errors carry the argument's position. */
bool px_stmt_eval_args(const px_stmt *st, const og_value *params, const uint32_t *types, const char *timezone,
                       og_arena *a, og_value *out, og_error *err);

/* --- proxy/copy.c --- */

/* Analyse a COPY statement (node: its PgQuery__CopyStmt) into st (kind PX_STMT_COPY): options,
 * relation and columns, and for COPY TO the query to run. File and program copies: 42501. */
bool px_copy_analyze(px_stmt *st, const void *copy_stmt, const px_analyze_ctx *ctx, og_error *err);

#endif
