/*
 * orm/eval.h - evaluating query-IR expressions inside ormgate, over one row.
 *
 * The EntityManager answers some statements without the backend: a find by
 * primary key served from the identity map (the projection is evaluated over
 * the managed entity's values), RETURNING of a write-behind INSERT / UPDATE,
 * the values of an INSERT's rows and an UPDATE's SET list (constants,
 * parameters, expressions over the old row), and CHECK constraints validated
 * at statement time. This module evaluates an orm_expr (orm/ir.h) with
 * PostgreSQL's semantics through the function catalog (orm/fn.h): three-valued
 * logic, strict functions, implicit and explicit casts, comparisons with
 * orm_value_cmp after casting both sides to cmp_type.
 *
 * What needs a backend (subqueries, aggregates, window functions, DEFAULT) is
 * not evaluable here: orm_eval_supported() says so before anyone tries, and
 * orm_eval() fails with 0A000 if asked anyway.
 */
#ifndef ORM_EVAL_H
#define ORM_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/fn.h"
#include "orm/ir.h"
#include "orm/mem.h"
#include "orm/value.h"

/* The row an expression is evaluated over: for each range-table entry of the expression's query
 * level, the values of its columns (rtes[i] has that entry's ncols values, or is NULL when the
 * entry has no row here: a reference to it is then an error), the bound parameters, and the row of
 * the enclosing level for levelsup > 0 (NULL when there is none). */
typedef struct orm_eval_row {
    const og_value *const *rtes;
    uint16_t nrtes;
    const og_value *params; /* $1..$nparams, already of the statement's parameter types */
    uint16_t nparams;
    const struct orm_eval_row *outer;
} orm_eval_row;

/* Can e (and everything below it) be evaluated by orm_eval()? */
bool orm_eval_supported(const orm_expr *e);

/* Evaluate e over row into *out (payload allocated in a). Errors as PostgreSQL gives them
 * (22012 division by zero, 22003, 22P02 of casts, ...). */
bool orm_eval(const orm_expr *e, const orm_eval_row *row, const orm_eval_ctx *cx, og_arena *a, og_value *out,
              og_error *err);

/* Evaluate a condition: *result is true only when it yields true (false and NULL give false, as
 * in WHERE). A CHECK constraint is satisfied unless it yields false: use orm_eval for that. */
bool orm_eval_cond(const orm_expr *e, const orm_eval_row *row, const orm_eval_ctx *cx, og_arena *a, bool *result,
                   og_error *err);

#endif
