/*
 * drivers/sqlrender_int.h - private to the SQL renderer: the state shared by
 * drivers/sqlrender.c (statements, FROM, query levels), drivers/sqlrender_expr.c
 * (expressions) and drivers/sqlrender_ddl.c (DDL).
 *
 * Expressions render to strings in the arena rather than into one buffer:
 * a rendered operand can then be used twice (a CASE that tests an operand
 * for NULL and compares it, an IN list that has to become ORs) without
 * rendering it, and binding its constants, twice. Every expression string is
 * safe as an operand of any operator (sr_expr wraps what needs it).
 */
#ifndef DRV_SQLRENDER_INT_H
#define DRV_SQLRENDER_INT_H

#include "drivers/sqlrender.h"

#define SR_MAX_DEPTH 10000 /* nesting of expressions and query levels */

/* One query level being rendered: what its column references resolve against. */
typedef struct sr_frame {
    const orm_query *q;
    const struct sr_frame *parent;
    const char **alias; /* per range-table entry: the name it has in the SQL (NULL: columns unqualified) */
} sr_frame;

typedef struct sr {
    const drv_dialect *d;
    og_arena *a;
    og_error *err;
    uint16_t nparams;
    bool inline_consts; /* DDL: constants as literals, nothing bound */
    drv_bind *binds;
    uint32_t nbinds, cap;
    uint32_t uniq; /* counter for generated names (og_e1, og_s2, ...) */
    int depth;
    const sr_frame *returning; /* rendering this level's RETURNING list */
} sr;

/* ---- drivers/sqlrender.c ---- */

/* Set up a frame for q under parent (aliases chosen so that no enclosing level's alias is shadowed). */
void sr_frame_init(sr *c, sr_frame *f, const orm_query *q, const sr_frame *parent);
/* Render a whole query level (SELECT, set operation, VALUES) into out; names[i] (when names is not
 * NULL) renames output column i. */
bool sr_query(sr *c, const sr_frame *parent, const orm_query *q, const char *const *names, og_buf *out);
/* Output names of n columns, made unique ("a", "a" -> "a", "a_og2") so the SQL can reference them. */
const char **sr_outnames(sr *c, const char *const *names, uint16_t n);
/* A column reference (ORM_EX_COLUMN), or NULL with c->err set. */
const char *sr_column(sr *c, const sr_frame *f, const orm_expr *e);

/* ---- drivers/sqlrender_expr.c ---- */

/* An expression, safe as an operand (paren) or as a list item / whole clause (!paren). */
const char *sr_expr(sr *c, const sr_frame *f, const orm_expr *e, bool paren);
/* l op r compared as type (operands already safe as operands); not parenthesized. */
const char *sr_cmp(sr *c, orm_cmp op, uint32_t type, const char *l, const char *r);
/* An ORDER BY item for sql of type: collation, direction and explicit NULLS placement. */
const char *sr_order_item(sr *c, const char *sql, uint32_t type, bool desc, orm_nulls nulls, int location);
/* A GROUP BY / PARTITION BY / DISTINCT key: sql with the collation that makes equal values equal. */
const char *sr_group_key(sr *c, const char *sql, uint32_t type);
/* The value of a column of a FUNCTION range-table entry (unnest, generate_series, JSON ones; alias as rendered). */
const char *sr_function_column(sr *c, const orm_rte *r, const char *alias, uint16_t col);
/* The FROM item of a FUNCTION range-table entry. */
const char *sr_function_from(sr *c, const sr_frame *f, const orm_rte *r, const char *alias);
/* May a FROM item use columns of the items before it (a LATERAL subquery, a function over columns)? */
bool sr_rte_lateral(const orm_rte *r);
/* A LATERAL subquery in FROM where the dialect has no LATERAL (json_each over its rows as JSON), and
 * the value of its column col. */
const char *sr_lateral_from(sr *c, const sr_frame *f, const orm_rte *r, const char *alias);
const char *sr_lateral_column(sr *c, const orm_rte *r, const char *alias, uint16_t col);
/* The value of a property's DEFAULT (a constant default decoded; NULL for DEFAULT NULL). False with
 * 0A000 when the default is not a constant. */
bool sr_default_value(sr *c, const orm_property *p, og_value *out);
/* True when a property is the table's single integer primary key with a sequence or identity
 * default: the DDL declares it INTEGER PRIMARY KEY (SQLite's rowid), which fills NULL itself. */
bool sr_rowid_pk(const orm_entity *e, uint16_t prop);

/* ---- helpers (drivers/sqlrender.c) ---- */

char *sr_printf(sr *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A quoted identifier. */
const char *sr_ident(sr *c, const char *name);
void sr_put_ident(sr *c, og_buf *b, const char *name);
/* The placeholder of a bound constant (or its literal with inline_consts); NULL with c->err set. */
const char *sr_const(sr *c, const og_value *v);
/* The placeholder of client parameter k. */
const char *sr_param(sr *c, uint16_t k);
/* Set 0A000 (with the position of location when known) and return NULL / false. */
void *sr_unsupported(sr *c, int location, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void *sr_internal(sr *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copy a buffer's text into the arena (and free the buffer). */
const char *sr_take(sr *c, og_buf *b);
bool sr_enter(sr *c);
static inline void sr_leave(sr *c)
{
    c->depth--;
}

#endif
