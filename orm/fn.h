/*
 * orm/fn.h - the function and operator catalog: PostgreSQL semantics over og_value.
 *
 * Every function, operator and aggregate a client may call is one orm_fn
 * entry: its SQL name, argument and result types (PostgreSQL OIDs), flags,
 * and an evaluator that computes it over og_values exactly as PostgreSQL 15
 * does (results, result types, SQLSTATEs and messages). One implementation
 * serves every backend:
 *   - the translator resolves calls against the catalog (implicit casts as
 *     PostgreSQL applies them) and folds constant calls;
 *   - the SQLite driver registers every evaluator as a SQLite function named
 *     "og_" + sym, converting arguments and results to its storage encoding,
 *     so a query that calls lower() or adds two numerics runs inside SQLite
 *     with PostgreSQL's semantics;
 *   - backends that cannot run a function (MongoDB) evaluate it in ormgate.
 * A renderer may instead use the backend's native operator where the
 * semantics are the same (integer +, text comparison); that choice is the
 * dialect table's, not the catalog's.
 *
 * Operators are functions whose name is the operator symbol ("+", "||",
 * "->", "~~" for LIKE). Comparisons (= <> < <= > >=) are not in the catalog:
 * the IR has its own node for them (orm/ir.h) and orm_value_cmp below.
 */
#ifndef ORM_FN_H
#define ORM_FN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/mem.h"
#include "orm/value.h"

/* Pseudo-types of argument and result lists (PostgreSQL's OIDs). */
enum {
    ORM_T_ANY = 2276,         /* "any": any type, no coercion (jsonb_build_object, concat, count) */
    ORM_T_ANYELEMENT = 2283,  /* one type shared by every anyelement argument */
    ORM_T_ANYARRAY = 2277,    /* the array type of that anyelement */
    ORM_T_ANYNONARRAY = 2776, /* like anyelement, never an array */
};

/* What a statement's evaluation may depend on besides its arguments. */
typedef struct orm_eval_ctx {
    const char *timezone; /* session TimeZone ("UTC", "Europe/Paris", "+02:00") */
    int64_t now_usec;     /* now() / current_timestamp: the transaction's start, usec since 2000-01-01 UTC */
    int64_t stmt_usec;    /* statement_timestamp() / clock_timestamp() base */
} orm_eval_ctx;

/* Scalar evaluator: args[nargs] are already of the declared argument types
 * (pseudo-types: as the caller resolved them). Results go to *out, payload
 * allocated in a. Returns false with err set (PostgreSQL's SQLSTATE and message). */
typedef bool (*orm_fn_impl)(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err);

/* Aggregate evaluator. state points to state_size zeroed bytes that live as long
 * as the group; step is called per input row (with STRICT, never with a NULL
 * argument), final once (also for an empty group). */
typedef struct orm_agg_impl {
    size_t state_size;
    bool (*step)(const orm_eval_ctx *cx, void *state, const og_value *args, uint16_t nargs, og_arena *a,
                 og_error *err);
    bool (*final)(const orm_eval_ctx *cx, void *state, og_arena *a, og_value *out, og_error *err);
} orm_agg_impl;

enum {
    ORM_FN_STRICT = 1u << 0,   /* any NULL argument gives NULL without calling impl */
    ORM_FN_VARIADIC = 1u << 1, /* the last declared argument type repeats (nargs is the minimum) */
    ORM_FN_AGG = 1u << 2,      /* an aggregate: agg is set, impl is NULL */
    ORM_FN_WINDOW = 1u << 3,   /* a window-only function (row_number, rank, lag, lead) */
    ORM_FN_VOLATILE = 1u << 4, /* never folded at translation (random, gen_random_uuid, clock_timestamp) */
    ORM_FN_NOW = 1u << 5,      /* depends on orm_eval_ctx (now, current_date, timezone-dependent casts) */
};

#define ORM_FN_MAXARGS 4

typedef struct orm_fn {
    const char *name; /* SQL name or operator symbol, lower case */
    const char *sym;  /* unique identifier ("numeric_add", "lower", "textlike"); SQLite name is "og_" sym */
    uint8_t nargs;
    uint32_t args[ORM_FN_MAXARGS];
    uint32_t ret; /* result type; ORM_T_ANYELEMENT / ORM_T_ANYARRAY resolved from the arguments */
    uint32_t flags;
    orm_fn_impl impl;          /* scalar and window-free functions; NULL for aggregates and window functions */
    const orm_agg_impl *agg;   /* ORM_FN_AGG */
} orm_fn;

/* The whole catalog (for drivers that register every function). */
size_t orm_fn_count(void);
const orm_fn *orm_fn_at(size_t i);
const orm_fn *orm_fn_by_sym(const char *sym);

/* Resolve a call of name with arguments of the given types (OG_OID_UNKNOWN for
 * an untyped literal or NULL), as PostgreSQL's func_select_candidate does:
 * exact matches first, then candidates every argument can be implicitly cast
 * to, preferring more exact matches and then the preferred type of each
 * category (float8, text, timestamptz). Returns the entry, and in *ret the
 * concrete result type (pseudo-types resolved). Errors: 42883 "function
 * f(integer, text) does not exist" / "operator does not exist: text + integer"
 * with PostgreSQL's hint, 42725 when ambiguous. */
const orm_fn *orm_fn_resolve(const char *name, const uint32_t *argtypes, uint16_t nargs, bool is_operator,
                             uint32_t *ret, og_error *err);

/* Call fn (STRICT handled here: a NULL argument gives a NULL of fn's result type). */
bool orm_fn_call(const orm_fn *fn, const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, uint32_t ret,
                 og_arena *a, og_value *out, og_error *err);

/* ---- types: implicit casts, common types, explicit casts, comparison --------- */

/* Type category as PostgreSQL's typcategory: 'B' bool, 'N' numeric, 'S' string, 'D' datetime,
 * 'T' timespan, 'U' user (uuid, json, jsonb), 'A' array, 'V' bytea (PostgreSQL: 'U'), 'X' unknown. */
char orm_type_category(uint32_t oid);
/* True when PostgreSQL casts from -> to implicitly (int4 -> int8 -> numeric -> float8, varchar -> text,
 * date -> timestamp(tz), timestamp -> timestamptz, unknown -> anything). */
bool orm_type_implicit(uint32_t from, uint32_t to);
/* The type UNION / CASE / COALESCE / IN resolve to (select_common_type); 0 with err set (42804
 * "CASE types integer and text cannot be matched") when there is none. what names the construct. */
uint32_t orm_type_common(const uint32_t *types, size_t n, const char *what, og_error *err);

/* Explicit cast (CAST(x AS t), x::t) and assignment cast (INSERT/UPDATE), with typmod applied
 * (varchar(n): 22001 on assignment, truncation on explicit cast; numeric(p,s): rounding and 22003).
 * Text to and from any type goes through the text I/O of orm/value.h (the client's formats).
 * 42846 "cannot cast type x to y" when PostgreSQL has no such cast. */
bool orm_cast(const orm_eval_ctx *cx, const og_value *in, uint32_t to, int32_t typmod, bool explicit_cast,
              og_arena *a, og_value *out, og_error *err);
/* True when a cast from -> to exists at all (for the translator's checks). */
bool orm_cast_exists(uint32_t from, uint32_t to);

/* Compare two non-NULL values of the same type as PostgreSQL orders them
 * (numeric by value with NaN greatest, text bytewise (C collation), interval
 * by its total length, arrays element-wise, jsonb by PostgreSQL's jsonb order).
 * Returns <0, 0, >0. */
int orm_value_cmp(const og_value *x, const og_value *y);

#endif
