/*
 * orm/translate_int.h - private to the translator: the state shared by
 * orm/translate.c (statements, FROM, SELECT clauses) and
 * orm/translate_expr.c (expressions, types, coercion).
 */
#ifndef ORM_TRANSLATE_INT_H
#define ORM_TRANSLATE_INT_H

#include "orm/translate.h"

/* Where an expression appears: decides what it may contain. */
typedef enum tr_where {
    TR_WHERE_OTHER,
    TR_WHERE_TARGET,   /* SELECT list, RETURNING, ORDER BY, HAVING: aggregates and windows allowed */
    TR_WHERE_FILTER,   /* WHERE, JOIN ON: no aggregates */
    TR_WHERE_GROUP,    /* GROUP BY: no aggregates */
    TR_WHERE_VALUES,   /* VALUES, SET */
} tr_where;

/* A column name merged by JOIN ... USING: the unqualified name means the left side. */
typedef struct tr_using {
    const char *name;
    uint16_t lrte, lcol, rrte, rcol;
} tr_using;

/* One query level being translated. */
typedef struct tr_level {
    orm_query *q;
    struct tr_level *parent;
    uint16_t rte_cap;
    bool hidden;        /* rtes not visible (a non-LATERAL subquery in FROM is being translated) */
    uint16_t nusing, using_cap;
    tr_using *usings;
    uint16_t cte_cap;
    bool in_agg;        /* translating an aggregate's arguments */
    bool excluded_ok;   /* ON CONFLICT DO UPDATE: EXCLUDED may be referenced */
    /* rtes [lo, hi) left of a RIGHT / FULL JOIN whose right side is being translated: a LATERAL
     * reference to them is 42P10 */
    uint16_t nnolateral;
    struct {
        uint16_t lo, hi;
    } nolateral[16];
    bool srf_ok;                    /* translating a SELECT list: set-returning functions become FROM entries */
    uint16_t srf_rte;               /* the entry of the SELECT list's set-returning function (UINT16_MAX: none) */
    const PgQuery__SelectStmt *sel; /* the SELECT of this level (named windows), or NULL */
    tr_where where;
} tr_level;

typedef struct tr {
    og_arena *a;
    const orm_translate_in *in;
    og_error *err;
    uint16_t nparams, param_cap;
    uint32_t *param_types;
    int depth;
} tr;

typedef enum tr_coerce {
    TR_IMPLICIT,
    TR_ASSIGN,
    TR_EXPLICIT,
} tr_coerce;

/* --- orm/translate_expr.c --- */
orm_expr *tr_expr(tr *t, tr_level *lv, const PgQuery__Node *n);
/* Translate and coerce to bool (WHERE, ON, HAVING): 42804 "argument of WHERE must be type boolean". */
orm_expr *tr_bool(tr *t, tr_level *lv, const PgQuery__Node *n, const char *what);
/* Coerce e to type/typmod; NULL with t->err set when not allowed. */
orm_expr *tr_coerce_to(tr *t, orm_expr *e, uint32_t type, int32_t typmod, tr_coerce how, const char *what);
orm_expr *tr_new(tr *t, orm_expr_kind kind, uint32_t type, int location);
/* Output column name PostgreSQL gives an expression node ("?column?" when none). */
const char *tr_node_name(const PgQuery__Node *n);
/* The column reference to column col of rte (levelsup 0). */
orm_expr *tr_colref(tr *t, const orm_rte *r, uint16_t rte, uint16_t col);
/* Error helpers: set t->err with a position from a parse-tree location (byte offset). */
void tr_error(tr *t, int location, const char *code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Does e contain a node of kind k (not looking into subqueries)? */
bool tr_contains_kind(const orm_expr *e, orm_expr_kind k);
/* Structural equality (for GROUP BY checks). */
bool tr_expr_equal(const orm_expr *x, const orm_expr *y);
/* A string node's value (NULL when n is not a String). */
const char *tr_str(const PgQuery__Node *n);

/* The value a column takes by default, as an expression (a NULL constant when it has none); NULL
 * without an error when the backend numbers it (serial, identity), NULL with t->err on failure. */
orm_expr *tr_default(tr *t, const orm_entity *e, uint16_t prop);

/* Declare parameter $n's type (0 = to be inferred). */
void tr_param_declare(tr *t, uint16_t n, uint32_t type);

/* --- orm/translate.c --- */
/* Translate a SELECT / VALUES / set operation as a new level under parent (NULL: top). */
orm_query *tr_select(tr *t, tr_level *parent, const PgQuery__SelectStmt *s);

/* A set-returning function of the SELECT list (lv->srf_ok): a FUNCTION entry of lv and the
 * reference to its value (0A000 for a second one, or for one returning records). */
orm_expr *tr_target_srf(tr *t, tr_level *lv, const PgQuery__FuncCall *f);
/* Coerce output column col of q (a SELECT, VALUES or set operation, every arm) to type. */
bool tr_query_coerce_column(tr *t, orm_query *q, uint16_t col, uint32_t type, tr_coerce how);

#endif
