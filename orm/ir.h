/*
 * orm/ir.h - the query IR: what a client's statement means, independent of
 * any backend.
 *
 * The translator (orm/translate.c) builds it from a libpg_query parse tree,
 * resolving every name against the entity metadata and giving every
 * expression its PostgreSQL type; the EntityManager decides what to do with
 * it (find-by-pk, find, persist, ...); a driver renders it for its backend
 * (drivers/sqlrender.c for the SQL backends, one dialect table each).
 *
 * Shape: an orm_query is one query level (SELECT, INSERT, UPDATE, DELETE, a
 * set operation or a VALUES list). It owns a range table (orm_rte: the
 * entities, subqueries, CTE references and table functions it reads), a
 * FROM tree of joins over that range table, and expressions (orm_expr) that
 * point at range-table columns by (levels up, rte index, column index), the
 * way PostgreSQL's Var does, so correlated subqueries need no name lookup
 * after translation. Every expression carries its result type and typmod.
 *
 * Everything of one translated statement lives in one arena (orm_stmt.arena).
 * An IR never points at a parse tree: it outlives it in the statement cache.
 */
#ifndef ORM_IR_H
#define ORM_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/fn.h"
#include "orm/mem.h"
#include "orm/meta.h"
#include "orm/value.h"

typedef struct orm_expr orm_expr;
typedef struct orm_query orm_query;

typedef enum orm_expr_kind {
    ORM_EX_CONST,     /* value (typed; an untyped literal keeps its text with oid OG_OID_UNKNOWN until coerced) */
    ORM_EX_PARAM,     /* client parameter $param (1-based); its type is the statement's param_types[param-1] */
    ORM_EX_COLUMN,    /* column col of range-table entry rte, levelsup query levels out */
    ORM_EX_FUNC,      /* call of catalog function fn (operators included) */
    ORM_EX_AGG,       /* aggregate fn over args (distinct, filter, order within) */
    ORM_EX_WINDOW,    /* window function or aggregate OVER (window) */
    ORM_EX_CAST,      /* arg cast to type/typmod */
    ORM_EX_CMP,       /* args[0] cmp args[1], both of type cmp_type */
    ORM_EX_AND,       /* args[0] AND args[1] AND ... */
    ORM_EX_OR,
    ORM_EX_NOT,       /* NOT args[0] */
    ORM_EX_NULLTEST,  /* args[0] IS [NOT] NULL (negated) */
    ORM_EX_BOOLTEST,  /* args[0] IS [NOT] TRUE / FALSE / UNKNOWN: booltest */
    ORM_EX_DISTINCT,  /* args[0] IS [NOT] DISTINCT FROM args[1] (negated = IS NOT DISTINCT), cmp_type */
    ORM_EX_CASE,      /* CASE [arg] WHEN whens[i] THEN thens[i] ... ELSE else_ END */
    ORM_EX_COALESCE,  /* coalesce(args...) */
    ORM_EX_NULLIF,    /* nullif(args[0], args[1]), compared as cmp_type */
    ORM_EX_GREATEST,  /* greatest(args...) */
    ORM_EX_LEAST,
    ORM_EX_IN,        /* args[0] [NOT] IN (args[1..]), compared as cmp_type */
    ORM_EX_SUBLINK,   /* subquery: EXISTS, IN, ANY/ALL with a comparison, scalar, ARRAY(subquery) */
    ORM_EX_ARRAY,     /* ARRAY[args...] of type (an array type) */
    ORM_EX_ANY,       /* args[0] cmp ANY/ALL (args[1] an array expression): any_all, cmp, cmp_type */
    ORM_EX_DEFAULT,   /* DEFAULT in INSERT VALUES / UPDATE SET (the target property's default) */
} orm_expr_kind;

typedef enum orm_cmp {
    ORM_CMP_EQ,
    ORM_CMP_NE,
    ORM_CMP_LT,
    ORM_CMP_LE,
    ORM_CMP_GT,
    ORM_CMP_GE,
} orm_cmp;

typedef enum orm_sublink_kind {
    ORM_SUB_EXISTS, /* EXISTS (q) */
    ORM_SUB_IN,     /* args[0] IN (q); negated for NOT IN; compared as cmp_type. A row (a, b) IN / ANY /
                     * ALL (q): nargs > 1, args[i] against q's column i, both of args[i]->type */
    ORM_SUB_ANY,    /* args[0] cmp ANY (q) */
    ORM_SUB_ALL,    /* args[0] cmp ALL (q) */
    ORM_SUB_SCALAR, /* (q): one column, at most one row (21000 otherwise) */
    ORM_SUB_ARRAY,  /* ARRAY(q) */
} orm_sublink_kind;

typedef enum orm_booltest {
    ORM_BT_TRUE,
    ORM_BT_NOT_TRUE,
    ORM_BT_FALSE,
    ORM_BT_NOT_FALSE,
    ORM_BT_UNKNOWN,
    ORM_BT_NOT_UNKNOWN,
} orm_booltest;

typedef enum orm_nulls {
    ORM_NULLS_DEFAULT, /* PostgreSQL's default: NULLS LAST for ASC, NULLS FIRST for DESC */
    ORM_NULLS_FIRST,
    ORM_NULLS_LAST,
} orm_nulls;

typedef struct orm_sortby {
    orm_expr *expr;
    bool desc;
    orm_nulls nulls;
} orm_sortby;

/* Window frame: only what the grammar's common forms need. */
enum {
    ORM_FRAME_DEFAULT = 0,       /* RANGE UNBOUNDED PRECEDING .. CURRENT ROW (with ORDER BY) */
    ORM_FRAME_ROWS = 1u << 0,    /* ROWS (else RANGE) */
    ORM_FRAME_GROUPS = 1u << 1,  /* GROUPS */
    ORM_FRAME_START_UNBOUNDED = 1u << 2,
    ORM_FRAME_START_CURRENT = 1u << 3,
    ORM_FRAME_START_PRECEDING = 1u << 4, /* start_offset PRECEDING */
    ORM_FRAME_START_FOLLOWING = 1u << 5,
    ORM_FRAME_END_UNBOUNDED = 1u << 6,
    ORM_FRAME_END_CURRENT = 1u << 7,
    ORM_FRAME_END_PRECEDING = 1u << 8,
    ORM_FRAME_END_FOLLOWING = 1u << 9,
    ORM_FRAME_EXPLICIT = 1u << 10, /* a frame clause was written */
};

typedef struct orm_window {
    uint16_t npartition;
    orm_expr **partition;
    uint16_t norder;
    orm_sortby *order;
    uint32_t frame; /* ORM_FRAME_* */
    orm_expr *start_offset, *end_offset;
} orm_window;

struct orm_expr {
    orm_expr_kind kind;
    uint32_t type;  /* result type (PostgreSQL OID); bool for conditions */
    int32_t typmod; /* -1 unless known (a varchar(n) column, a numeric(p,s) cast) */
    int location;   /* character position in the client's statement (1-based), 0 = none */
    uint16_t nargs;
    orm_expr **args;
    union {
        og_value value; /* CONST */
        uint16_t param; /* PARAM: 1-based */
        struct {
            uint16_t levelsup; /* 0: this query level */
            uint16_t rte;      /* index into that level's range table */
            uint16_t col;      /* index into the entry's columns */
        } column;
        struct {
            const orm_fn *fn;
            bool distinct;       /* AGG: count(DISTINCT x) */
            bool star;           /* AGG: count(*) (nargs == 0) */
            orm_expr *filter;    /* AGG / WINDOW: FILTER (WHERE ...) */
            uint16_t norder;     /* AGG: string_agg(x, ',' ORDER BY y) */
            orm_sortby *order;
            orm_window *over;    /* WINDOW */
        } call;
        struct {
            orm_cmp op;
            uint32_t cmp_type; /* both sides are cast to this before comparing */
            bool negated;      /* NULLTEST: IS NOT NULL; IN: NOT IN; DISTINCT: IS NOT DISTINCT FROM */
        } cmp;
        orm_booltest booltest;
        struct {
            orm_expr *arg; /* simple CASE's operand (compared with = as cmp_type), or NULL */
            uint32_t cmp_type;
            uint16_t nwhens;
            orm_expr **whens, **thens;
            orm_expr *else_; /* NULL: ELSE NULL */
        } case_;
        struct {
            orm_sublink_kind kind;
            orm_cmp op;        /* ANY / ALL */
            uint32_t cmp_type; /* IN / ANY / ALL */
            bool negated;      /* NOT IN / NOT EXISTS are NOT(...) nodes; kept for NOT IN's rendering */
            orm_query *query;
        } sub;
        struct {
            bool all; /* ALL, else ANY */
            orm_cmp op;
            uint32_t cmp_type;
        } any;
        uint16_t default_prop; /* DEFAULT: the target property */
    } u;
};

/* ---- range table and FROM ---------------------------------------------------------- */

typedef enum orm_rte_kind {
    ORM_RTE_ENTITY,   /* a table known to the metadata */
    ORM_RTE_SUBQUERY, /* (SELECT ...) AS alias, or a VALUES list */
    ORM_RTE_CTE,      /* a WITH query referenced by name */
    ORM_RTE_FUNCTION, /* generate_series(...), unnest(...) [WITH ORDINALITY] */
} orm_rte_kind;

#define ORM_RTE_OUTPUT UINT16_MAX /* column.rte of a SETOP's ORDER BY key: the output column col */

typedef struct orm_rte {
    orm_rte_kind kind;
    const char *alias;       /* name the query uses (the table name when not aliased) */
    bool has_alias;          /* the client wrote an alias */
    const orm_entity *entity; /* ENTITY */
    orm_query *sub;          /* SUBQUERY */
    uint16_t cte_levelsup;   /* CTE: query level that owns the WITH */
    uint16_t cte_index;      /*      index in that level's ctes */
    orm_expr *func;          /* FUNCTION: a FUNC node whose fn->sym is "generate_series" (2 or 3 args:
                              * int4/int8/numeric, or timestamp/timestamptz with an interval step),
                              * "unnest" (1 array arg), or one of the json[b]_each[_text] /
                              * json[b]_array_elements[_text] family; set-returning, so not in the
                              * catalog (orm/translate.c from_function has their entries) */
    bool ordinality;         /* FUNCTION ... WITH ORDINALITY: an extra int8 column */
    bool lateral;
    uint16_t ncols;
    const char **colnames;   /* as the query sees them (alias column list applied) */
    uint32_t *coltypes;
    int32_t *coltypmods;
} orm_rte;

typedef enum orm_join_kind {
    ORM_JOIN_NONE,  /* a leaf: range-table entry rte */
    ORM_JOIN_INNER, /* also CROSS JOIN (on == NULL) */
    ORM_JOIN_LEFT,
    ORM_JOIN_RIGHT,
    ORM_JOIN_FULL,
} orm_join_kind;

typedef struct orm_join {
    orm_join_kind kind;
    uint16_t rte;           /* NONE */
    struct orm_join *l, *r; /* joins */
    orm_expr *on;           /* NULL: cross join (USING and NATURAL become ON) */
} orm_join;

typedef struct orm_target {
    orm_expr *expr;
    const char *name; /* output column name, as PostgreSQL names it ("?column?", "count", the alias) */
} orm_target;

typedef struct orm_cte {
    const char *name;
    orm_query *query;
    uint16_t ncols;
    const char **colnames;
    uint32_t *coltypes;
    int32_t *coltypmods;
} orm_cte;

/* ---- query levels ---------------------------------------------------------------- */

typedef enum orm_query_kind {
    ORM_Q_SELECT,
    ORM_Q_SETOP,  /* larg op rarg */
    ORM_Q_VALUES, /* VALUES (...), (...) as a query (rows, ntargets columns typed by targets) */
    ORM_Q_INSERT,
    ORM_Q_UPDATE,
    ORM_Q_DELETE,
} orm_query_kind;

typedef enum orm_setop {
    ORM_SETOP_UNION,
    ORM_SETOP_INTERSECT,
    ORM_SETOP_EXCEPT,
} orm_setop;

typedef enum orm_conflict_action {
    ORM_CONFLICT_NONE,      /* no ON CONFLICT clause */
    ORM_CONFLICT_NOTHING,
    ORM_CONFLICT_UPDATE,
} orm_conflict_action;

struct orm_query {
    orm_query_kind kind;

    /* WITH (this level's CTEs, referenced by ORM_RTE_CTE entries at this or inner levels) */
    bool recursive;
    uint16_t nctes;
    orm_cte *ctes;

    /* range table and FROM (SELECT; UPDATE ... FROM; DELETE ... USING) */
    uint16_t nrtes;
    orm_rte *rtes;
    uint16_t nfrom;
    orm_join **from; /* comma-separated items, cross-joined */

    /* output columns: SELECT list, VALUES column types, RETURNING list (INSERT/UPDATE/DELETE) */
    uint16_t ntargets;
    orm_target *targets;

    /* SELECT */
    bool distinct;
    uint16_t ndistinct_on;
    orm_expr **distinct_on;
    orm_expr *where; /* also UPDATE / DELETE */
    uint16_t ngroup;
    orm_expr **group;
    orm_expr *having;
    bool has_aggs; /* aggregates or GROUP BY: targets are per group */

    /* SELECT and SETOP. A sort key that names an output column (ORDER BY 2, ORDER BY alias) is
     * that target's expression; in a SETOP, where there is no range table, it is an ORM_EX_COLUMN
     * with rte == ORM_RTE_OUTPUT and col = the output column's index (render as its position). */
    uint16_t nsort;
    orm_sortby *sort;
    orm_expr *limit, *offset; /* int8 expressions or NULL */

    /* SETOP. Its arms are query levels below it: a column reference inside an arm that points
     * outside counts the SETOP level in levelsup (the SETOP level has no range table). The same
     * holds for the arms of a recursive CTE, which is a SETOP. */
    orm_setop setop;
    bool setop_all;
    orm_query *larg, *rarg;

    /* VALUES (query or INSERT source): nrows rows of ncols (= ntargets, or INSERT's ncols) */
    uint32_t nrows;
    orm_expr ***rows;

    /* INSERT / UPDATE / DELETE: the target entity is rtes[target_rte] */
    uint16_t target_rte;
    /* INSERT: the columns written (property indexes), and rows (above) or a source query */
    uint16_t ncols;
    uint16_t *cols;
    orm_query *source; /* INSERT ... SELECT */
    /* INSERT ... ON CONFLICT */
    orm_conflict_action conflict;
    uint16_t nconflict_cols; /* conflict target (property indexes); 0 = any constraint */
    uint16_t *conflict_cols;
    /* UPDATE SET, and ON CONFLICT DO UPDATE SET (EXCLUDED is range-table entry excluded_rte) */
    uint16_t nset;
    uint16_t *set_cols;  /* property indexes */
    orm_expr **set_exprs; /* already cast to the property's type (assignment cast) */
    orm_expr *conflict_where;
    uint16_t excluded_rte; /* UINT16_MAX when there is none */
};

/* A translated statement: one query, its parameters, and its arena. */
typedef struct orm_stmt {
    og_arena arena;
    orm_query *query;
    uint16_t nparams;
    uint32_t *param_types; /* resolved types of $1..$n (text when nothing said otherwise) */
} orm_stmt;

/* Helpers for whoever walks the IR. */

/* Make r the range-table entry of entity e: every property a column, in order (arrays in a). The
 * alias is the caller's to set. */
void orm_rte_set_entity(orm_rte *r, const orm_entity *e, og_arena *a);
/* Output columns of a query (SETOP: of its leftmost SELECT; DML: the RETURNING list). */
const orm_target *orm_query_targets(const orm_query *q, uint16_t *n);
/* The range-table entry a column reference points at, given the chain of enclosing query
 * levels (stack[depth-1] is the level the expression belongs to). */
const orm_rte *orm_expr_rte(const orm_expr *col, orm_query *const *stack, size_t depth);

#endif
