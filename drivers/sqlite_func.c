/*
 * drivers/sqlite_func.c - PostgreSQL's functions, casts and comparisons
 * inside SQLite, over the driver's storage encoding (docs/sqlite.md).
 *
 * Every connection gets, when it opens (drv_sqlite_funcs_open):
 *
 *   og_<sym>(types, a1, ..., aN)   every catalog entry (orm/fn.h) with an
 *                                  evaluator: scalar, or aggregate
 *   ogw_<sym>(types, a1, ..., aN)  every aggregate again, as a window function
 *                                  (for use with OVER)
 *   ogo_<sym>(types, spec, a1, ..., aN, k1, ..., kM)
 *                                  every aggregate again, with ORDER BY and
 *                                  DISTINCT inside the call (see below)
 *   og_cast('FROM:TO:TYPMOD:E', x) orm_cast
 *   og_cmp(type, a, b)             orm_value_cmp: -1, 0, 1, NULL if a or b is NULL
 *   COLLATE og_numeric / og_interval / og_jsonb
 *   og_json_each(doc, mode)        table-valued: jsonb_array_elements, jsonb_each
 *                                  and their _text / json_ variants (see below)
 *
 * THE CALLING CONVENTION (the SQL renderer relies on it):
 *
 *   - `types` is a TEXT constant "RET:A1,A2,...,AN" of decimal PostgreSQL type
 *     OIDs: the concrete result type and the concrete type of each argument
 *     as the translator resolved them (pseudo-types already resolved; a
 *     variadic function lists every argument). "1700:1700,1700" for
 *     numeric + numeric, "1184:" for a function without arguments. It is
 *     parsed once per statement execution and kept as SQLite auxdata of
 *     argument 0, so it must be a literal, not an expression.
 *   - Each argument is read from its storage encoding as the type the list
 *     gives it (drv_sqlite_value_from: the same rules as a result column of
 *     that type), the evaluator runs through orm_fn_call with the session's
 *     orm_eval_ctx, and the result comes back in the storage encoding a bound
 *     parameter of the result type gets (drv_sqlite_result_value). So og_*
 *     calls nest: og_numeric_mul('1700:1700,1700', og_numeric_add(...), x).
 *   - Short form: og_<sym>(a1, ..., aN) without `types` is also registered
 *     when the entry's declared types are all concrete and it is not
 *     variadic: the declared types are used. SQLite allows DISTINCT only in
 *     one-argument aggregates, so og_sum_numeric(DISTINCT x) needs it.
 *   - STRICT entries give NULL for any NULL argument without being called;
 *     an aggregate's STRICT step skips rows with a NULL argument.
 *   - og_cast(types, x): types "FROM:TO:TYPMOD:E", TYPMOD -1 for none, E 1
 *     for an explicit cast (CAST, ::), 0 for an assignment cast. NULL -> NULL.
 *   - og_cmp(type, a, b): type an INTEGER or TEXT OID; for types whose
 *     storage does not compare as PostgreSQL orders them (arrays, jsonb,
 *     numeric or interval when a collation does not fit).
 *   - Collations compare TEXT only (SQLite hands a collation TEXT; numbers
 *     and blobs never reach it): the renderer must keep both operands TEXT,
 *     which our storage of numeric, interval and jsonb is. og_numeric orders
 *     numeric text by value ('1.0' = '1.00', '10' after '9', -Infinity <
 *     numbers < Infinity < NaN); og_interval orders ISO 8601 intervals by
 *     their total length as interval_cmp does (1 month = 30 days); og_jsonb
 *     is PostgreSQL's jsonb order (orm_value_cmp). Text that does not parse
 *     sorts after every value, bytewise among itself.
 *   - Errors: an evaluator's og_error becomes the function's SQLite error in
 *     the form of drv_sqlite_err_encode (drivers/sqlite_int.h), which
 *     drv_sqlite_err_map turns back into exactly that error (SQLSTATE,
 *     message, detail, hint). A types list that does not match the call is
 *     the renderer's bug: XX000.
 *
 * Aggregates: the state (orm_agg_impl.state_size bytes) and an arena for
 * its payloads live in SQLite's aggregate context, one per group, and are
 * freed in xFinal (SQLite calls it for every group it started, also when a
 * statement stops early). step gets arguments that are valid for that call
 * only: what it keeps it copies into the arena it is given.
 *
 * Window functions: SQLite 3.40 refuses an application function in OVER()
 * unless it has xValue and xInverse (sqlite3_create_window_function returns
 * SQLITE_MISUSE when only one of them is given; a plain aggregate in OVER()
 * fails with "may not be used as a window function"). The catalog has no
 * inverse steps, so ogw_<sym> keeps the rows of the current frame (decoded,
 * in their own arena): xInverse drops the oldest and marks the state stale,
 * xValue recomputes the state from the kept rows only when it is stale
 * (frames that start at UNBOUNDED PRECEDING never are: one step per row) and
 * then runs final on a copy of the state bytes. So final must leave the
 * state usable for more steps. Keeping the rows costs memory per partition,
 * which is why plain aggregation uses og_<sym>, which keeps nothing.
 *
 * Cost per call: arguments are read in place (text, blobs, canonical
 * numeric) or into a per-connection scratch arena that is emptied only when
 * it has grown past SQ_SCRATCH_MAX, results are copied once by SQLite, and
 * the parsed types list is cached per statement: no malloc in the common
 * case.
 *
 * The session context (TimeZone, transaction and statement timestamps) is
 * copied into the connection's sq_funcs before each statement
 * (drv_sqlite_funcs_begin, from drv_stmt.cx), so functions see the
 * session's values although they run on a pool thread.
 */
#include "drivers/sqlite_int.h"
#include "orm/json.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SQ_SCRATCH_MAX     (256 * 1024)             /* scratch arena bytes kept between calls */
#define SQ_STACK_ARGS      8                        /* arguments decoded without an allocation */
#define SQ_AGG_MAXARGS     8                        /* arguments of an aggregate */
#define SQ_COMPACT_MIN     256                      /* dropped window rows before their memory is reclaimed */
#define SQ_UNIX_TO_PG_USEC INT64_C(946684800000000) /* 1970-01-01 to 2000-01-01 */
#define SQ_USECS_PER_DAY   INT64_C(86400000000)

/* ------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------ */

/* A parsed types list: "RET:A1,...,AN", or og_cast's "FROM:TO:TYPMOD:E"
 * (then ret = TO, args[0] = FROM). One sqlite3_malloc block when parsed. */
typedef struct sq_types {
    uint32_t ret;
    uint16_t nargs;
    int32_t typmod;
    bool explicit_cast;
    const uint32_t *args;
} sq_types;

/* User data of one registered catalog entry. */
typedef struct sq_reg {
    sq_funcs *f;
    const orm_fn *fn;
    sq_types sig; /* the declared types, for the short form */
} sq_reg;

struct sq_funcs {
    orm_eval_ctx cx;
    char *tz;         /* cx.timezone (malloc) */
    og_arena scratch; /* arguments and results of calls; emptied when large */
    og_buf text;      /* result text and error messages being built */
    sq_reg *regs;     /* one per catalog entry (malloc) */
    size_t nregs;
};

/* One group of an aggregate: SQLite's aggregate context (zeroed by SQLite). */
typedef struct sq_agg {
    bool init;   /* types known, state allocated */
    bool failed; /* an error was raised: nothing more to do */
    bool stale;  /* ogw_: rows were dropped, the state must be recomputed */
    uint16_t nargs;
    uint32_t ret;
    uint32_t args[SQ_AGG_MAXARGS];
    og_arena arena; /* the state's payloads */
    void *state;
    /* ogw_: the rows of the frame, oldest first, in rows_arena */
    og_arena rows_arena;
    og_value **rows; /* malloc'd vector */
    size_t head, n, cap;
} sq_agg;

/* ------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

static bool is_pseudo(uint32_t oid)
{
    return oid == ORM_T_ANY || oid == ORM_T_ANYELEMENT || oid == ORM_T_ANYARRAY || oid == ORM_T_ANYNONARRAY;
}

/* Empty the scratch arena if it has grown large; called when a call starts. */
static void scratch_trim(sq_funcs *f)
{
    if (f->scratch.total > SQ_SCRATCH_MAX)
        og_arena_reset(&f->scratch);
}

/* Raise err as the function's error (see drv_sqlite_err_encode) and clear it. */
static void report(sqlite3_context *ctx, sq_funcs *f, og_error *err)
{
    if (!og_error_isset(err))
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "function failed without an error");
    drv_sqlite_err_encode(&f->text, err);
    sqlite3_result_error(ctx, (const char *)f->text.data, (int)f->text.len);
    og_error_clear(err);
}

/* A decimal number of [min, max]; *s moves past it. */
static bool parse_num(const char **s, const char *end, int64_t min, int64_t max, int64_t *v)
{
    const char *p = *s;
    bool neg = p < end && *p == '-';
    p += neg;
    if (p == end || !isdigit((unsigned char)*p))
        return false;
    int64_t x = 0;
    while (p < end && isdigit((unsigned char)*p)) {
        x = x * 10 + (*p++ - '0');
        if (x > max + (int64_t)neg)
            return false;
    }
    x = neg ? -x : x;
    if (x < min || x > max)
        return false;
    *v = x;
    *s = p;
    return true;
}

/* "RET:A1,...,AN" ("RET" and "RET:" for none) -> a new sq_types (sqlite3_malloc). */
static sq_types *types_parse(const char *s, size_t n)
{
    size_t commas = 0;
    for (size_t k = 0; k < n; k++)
        commas += s[k] == ',';
    if (commas >= UINT16_MAX)
        return NULL;
    sq_types *t = sqlite3_malloc64(sizeof(sq_types) + (commas + 1) * sizeof(uint32_t));
    if (!t)
        return NULL;
    uint32_t *args = (uint32_t *)(t + 1);
    *t = (sq_types){.typmod = -1, .args = args};
    const char *p = s, *end = s + n;
    int64_t v;
    if (!parse_num(&p, end, 0, UINT32_MAX, &v))
        goto bad;
    t->ret = (uint32_t)v;
    if (p < end && *p++ != ':')
        goto bad;
    while (p < end) {
        if (t->nargs && *p++ != ',')
            goto bad;
        if (!parse_num(&p, end, 0, UINT32_MAX, &v))
            goto bad;
        args[t->nargs++] = (uint32_t)v;
    }
    return t;
bad:
    sqlite3_free(t);
    return NULL;
}

/* og_cast's "FROM:TO:TYPMOD:E" -> a new sq_types (sqlite3_malloc). */
static sq_types *cast_parse(const char *s, size_t n)
{
    sq_types *t = sqlite3_malloc64(sizeof(sq_types) + sizeof(uint32_t));
    if (!t)
        return NULL;
    uint32_t *args = (uint32_t *)(t + 1);
    *t = (sq_types){.nargs = 1, .args = args};
    const char *p = s, *end = s + n;
    int64_t from, to, typmod, e;
    if (!parse_num(&p, end, 0, UINT32_MAX, &from) || p == end || *p++ != ':' ||
        !parse_num(&p, end, 0, UINT32_MAX, &to) || p == end || *p++ != ':' ||
        !parse_num(&p, end, INT32_MIN, INT32_MAX, &typmod) || p == end || *p++ != ':' ||
        !parse_num(&p, end, 0, 1, &e) || p != end) {
        sqlite3_free(t);
        return NULL;
    }
    args[0] = (uint32_t)from;
    t->ret = (uint32_t)to;
    t->typmod = (int32_t)typmod;
    t->explicit_cast = e == 1;
    return t;
}

/* The types list of argument 0 of og_<sym>: cached auxdata, or parsed now
 * (*fresh: the caller hands it to sqlite3_set_auxdata when done). NULL with err set. */
static sq_types *types_get(sqlite3_context *ctx, sqlite3_value *arg, bool cast, const char *sym, sq_types **fresh,
                           og_error *err)
{
    *fresh = NULL;
    sq_types *t = sqlite3_get_auxdata(ctx, 0);
    if (t)
        return t;
    const char *s = (const char *)sqlite3_value_text(arg);
    size_t n = (size_t)sqlite3_value_bytes(arg);
    t = s ? (cast ? cast_parse(s, n) : types_parse(s, n)) : NULL;
    if (!t) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "og_%s: malformed types argument \"%.*s\"", sym,
                     n > 200 ? 200 : (int)n, s ? s : "");
        og_error_hint(err, cast ? "og_cast wants 'FROM:TO:TYPMOD:E' (type OIDs, typmod, 1 explicit / 0 assignment)."
                                : "og_* functions want 'RET:A1,...,AN' (type OIDs).");
        return NULL;
    }
    *fresh = t;
    return t;
}

/* Keep a types list parsed by this call for the rest of the statement. */
static void types_keep(sqlite3_context *ctx, sq_types *fresh)
{
    if (fresh) /* may free it at once: never used after this */
        sqlite3_set_auxdata(ctx, 0, fresh, sqlite3_free);
}

/* Does the call have the types argument? (Variadic entries always do.) */
static bool call_is_full(const orm_fn *fn, int argc)
{
    return (fn->flags & ORM_FN_VARIADIC) || argc == fn->nargs + 1;
}

/* Does a types list fit the entry and the number of values passed? */
static bool types_fit(const orm_fn *fn, const sq_types *t, int nvals, og_error *err)
{
    bool ok = t->nargs == nvals && ((fn->flags & ORM_FN_VARIADIC) ? nvals >= fn->nargs : nvals == fn->nargs);
    if (!ok)
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR,
                     "og_%s: the types argument lists %u argument types for %d values (%s takes %u)", fn->sym,
                     (unsigned)t->nargs, nvals, fn->name, (unsigned)fn->nargs);
    return ok;
}

static bool any_null(sqlite3_value **v, int n)
{
    for (int k = 0; k < n; k++)
        if (sqlite3_value_type(v[k]) == SQLITE_NULL)
            return true;
    return false;
}

/* Decode n values as the types of t into args (scratch memory). */
static bool args_decode(sq_funcs *f, sqlite3_value **v, int n, const uint32_t *types, og_value *args, og_error *err)
{
    for (int k = 0; k < n; k++)
        if (!drv_sqlite_value_from(v[k], types[k], &f->scratch, &args[k], err))
            return false;
    return true;
}

/* ------------------------------------------------------------------------
 * Scalar functions: og_<sym>
 * ------------------------------------------------------------------------ */

static void scalar_run(sqlite3_context *ctx, const sq_reg *r, const sq_types *t, int n, sqlite3_value **v)
{
    sq_funcs *f = r->f;
    og_error err = OG_ERROR_INIT;
    if (!types_fit(r->fn, t, n, &err))
        goto fail;
    if ((r->fn->flags & ORM_FN_STRICT) && any_null(v, n)) {
        sqlite3_result_null(ctx);
        return;
    }
    scratch_trim(f);
    og_value stack[SQ_STACK_ARGS];
    og_value *args = n <= SQ_STACK_ARGS ? stack : og_arena_alloc(&f->scratch, (size_t)n * sizeof(og_value));
    og_value out = og_value_null(t->ret);
    if (!args_decode(f, v, n, t->args, args, &err) ||
        !orm_fn_call(r->fn, &f->cx, args, (uint16_t)n, t->ret, &f->scratch, &out, &err) ||
        !drv_sqlite_result_value(ctx, &out, t->ret, &f->text, &err))
        goto fail;
    return;
fail:
    report(ctx, f, &err);
}

static void scalar_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sq_reg *r = sqlite3_user_data(ctx);
    if (!call_is_full(r->fn, argc)) {
        scalar_run(ctx, r, &r->sig, argc, argv);
        return;
    }
    og_error err = OG_ERROR_INIT;
    sq_types *fresh;
    const sq_types *t = types_get(ctx, argv[0], false, r->fn->sym, &fresh, &err);
    if (!t) {
        report(ctx, r->f, &err);
        return;
    }
    scalar_run(ctx, r, t, argc - 1, argv + 1);
    types_keep(ctx, fresh);
}

/* ------------------------------------------------------------------------
 * Aggregates: og_<sym> and, as window functions, ogw_<sym>
 * ------------------------------------------------------------------------ */

/* Deep copy of a value into a (strings and array elements). */
static void value_copy(og_arena *a, og_value *dst, const og_value *src)
{
    *dst = *src;
    if (src->isnull)
        return;
    if (og_type_array_elem(src->oid)) {
        uint32_t n = src->u.arr.n;
        og_value *e = og_arena_alloc(a, (n ? n : 1) * sizeof(og_value));
        for (uint32_t k = 0; k < n; k++)
            value_copy(a, &e[k], &src->u.arr.elems[k]);
        dst->u.arr.elems = e;
    } else if (drv_sqlite_oid_is_str(src->oid)) {
        dst->u.str.p = og_arena_memdup(a, src->u.str.p ? src->u.str.p : "", src->u.str.len);
    }
}

static og_value *row_copy(og_arena *a, const og_value *args, uint16_t n)
{
    og_value *row = og_arena_alloc(a, (n ? n : 1) * sizeof(og_value));
    for (uint16_t k = 0; k < n; k++)
        value_copy(a, &row[k], &args[k]);
    return row;
}

static void rows_push(sq_agg *g, const og_value *args)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        og_value **rows = realloc(g->rows, cap * sizeof(*rows));
        if (!rows)
            abort();
        g->rows = rows;
        g->cap = cap;
    }
    g->rows[g->n++] = row_copy(&g->rows_arena, args, g->nargs);
}

/* Drop the oldest row; reclaim the memory of dropped rows once they are most of it. */
static void rows_pop(sq_agg *g)
{
    assert(g->head < g->n);
    if (g->head < g->n)
        g->head++;
    if (g->head < SQ_COMPACT_MIN || g->head < g->n - g->head)
        return;
    og_arena fresh;
    og_arena_init(&fresh);
    size_t live = g->n - g->head;
    for (size_t k = 0; k < live; k++)
        g->rows[k] = row_copy(&fresh, g->rows[g->head + k], g->nargs);
    og_arena_reset(&g->rows_arena);
    g->rows_arena = fresh;
    g->head = 0;
    g->n = live;
}

static void agg_free(sq_agg *g)
{
    if (!g)
        return;
    og_arena_reset(&g->arena);
    og_arena_reset(&g->rows_arena);
    free(g->rows);
    g->rows = NULL;
    g->head = g->n = g->cap = 0;
    g->state = NULL;
    g->init = false;
}

/* First row of a group: its types (from the call, or the declared ones) and a zeroed state. */
static bool agg_init(sq_agg *g, const sq_reg *r, bool full, sqlite3_value *types, og_error *err)
{
    const orm_fn *fn = r->fn;
    const sq_types *t = &r->sig;
    sq_types *parsed = NULL;
    if (full) {
        const char *s = (const char *)sqlite3_value_text(types);
        parsed = s ? types_parse(s, (size_t)sqlite3_value_bytes(types)) : NULL;
        if (!parsed) {
            og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "og_%s: malformed types argument \"%s\"", fn->sym,
                         s ? s : "");
            return false;
        }
        t = parsed;
    }
    bool ok = t->nargs <= SQ_AGG_MAXARGS;
    if (ok) {
        g->ret = t->ret;
        g->nargs = t->nargs;
        memcpy(g->args, t->args, t->nargs * sizeof(uint32_t));
    } else {
        og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "og_%s: too many arguments for an aggregate", fn->sym);
    }
    sqlite3_free(parsed);
    if (!ok)
        return false;
    og_arena_init_sized(&g->arena, 256);
    og_arena_init_sized(&g->rows_arena, 256);
    g->state = og_arena_zalloc(&g->arena, fn->agg->state_size);
    g->init = true;
    return true;
}

/* Step (and, for window use, keep) one row. */
static void agg_step_row(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool window)
{
    const sq_reg *r = sqlite3_user_data(ctx);
    const orm_fn *fn = r->fn;
    sq_funcs *f = r->f;
    og_error err = OG_ERROR_INIT;
    sq_agg *g = sqlite3_aggregate_context(ctx, sizeof(sq_agg));
    if (!g) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (g->failed)
        return;
    bool full = call_is_full(fn, argc);
    int n = argc - full;
    sqlite3_value **v = argv + full;
    if (!g->init && !agg_init(g, r, full, argv[0], &err))
        goto fail;
    if (n != g->nargs || ((fn->flags & ORM_FN_VARIADIC) ? n < fn->nargs : n != fn->nargs)) {
        og_error_set(&err, OG_SQLSTATE_INTERNAL_ERROR,
                     "og_%s: the types argument lists %u argument types for %d values", fn->sym, (unsigned)g->nargs, n);
        goto fail;
    }
    if ((fn->flags & ORM_FN_STRICT) && any_null(v, n))
        return;
    scratch_trim(f);
    og_value args[SQ_AGG_MAXARGS];
    if (!args_decode(f, v, n, g->args, args, &err))
        goto fail;
    if (window)
        rows_push(g, args);
    if (!g->stale && !fn->agg->step(&f->cx, g->state, args, (uint16_t)n, &g->arena, &err))
        goto fail;
    return;
fail:
    g->failed = true;
    report(ctx, f, &err);
}

static void agg_step_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    agg_step_row(ctx, argc, argv, false);
}

static void win_step_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    agg_step_row(ctx, argc, argv, true);
}

/* xInverse: the oldest row of the frame leaves it. */
static void win_inverse_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sq_reg *r = sqlite3_user_data(ctx);
    sq_agg *g = sqlite3_aggregate_context(ctx, 0);
    if (!g || !g->init || g->failed)
        return;
    bool full = call_is_full(r->fn, argc);
    if ((r->fn->flags & ORM_FN_STRICT) && any_null(argv + full, argc - full))
        return; /* it was never kept */
    rows_pop(g);
    g->stale = true;
}

/* A stale window state again: a fresh state stepped over the kept rows. */
static bool win_recompute(sq_funcs *f, const orm_fn *fn, sq_agg *g, og_error *err)
{
    og_arena_reset(&g->arena);
    og_arena_init_sized(&g->arena, 256);
    g->state = og_arena_zalloc(&g->arena, fn->agg->state_size);
    for (size_t k = g->head; k < g->n; k++)
        if (!fn->agg->step(&f->cx, g->state, g->rows[k], g->nargs, &g->arena, err))
            return false;
    g->stale = false;
    return true;
}

/* The aggregate's result; copy: run final on a copy of the state (xValue), else
 * on the state itself (xFinal). The group's memory is the caller's to free. */
static void agg_result(sqlite3_context *ctx, sq_agg *g, bool copy)
{
    const sq_reg *r = sqlite3_user_data(ctx);
    const orm_fn *fn = r->fn;
    sq_funcs *f = r->f;
    og_error err = OG_ERROR_INIT;
    if (g && g->failed)
        return; /* the error was raised already */
    scratch_trim(f);
    void *state;
    og_arena *a = &f->scratch;
    uint32_t ret = is_pseudo(fn->ret) ? 0 : fn->ret;
    if (!g || !g->init) { /* an empty group */
        state = og_arena_zalloc(&f->scratch, fn->agg->state_size);
    } else {
        if (g->stale && !win_recompute(f, fn, g, &err))
            goto fail;
        ret = g->ret;
        state = g->state;
        if (copy) {
            state = og_arena_alloc(&f->scratch, fn->agg->state_size ? fn->agg->state_size : 1);
            memcpy(state, g->state, fn->agg->state_size);
        } else {
            a = &g->arena;
        }
    }
    og_value out = og_value_null(ret);
    if (!fn->agg->final(&f->cx, state, a, &out, &err) || !drv_sqlite_result_value(ctx, &out, ret, &f->text, &err))
        goto fail;
    return;
fail:
    if (g)
        g->failed = true;
    report(ctx, f, &err);
}

static void agg_final_cb(sqlite3_context *ctx)
{
    sq_agg *g = sqlite3_aggregate_context(ctx, 0);
    agg_result(ctx, g, false);
    agg_free(g);
}

static void win_value_cb(sqlite3_context *ctx)
{
    agg_result(ctx, sqlite3_aggregate_context(ctx, 0), true);
}

/* ------------------------------------------------------------------------
 * Ordered aggregates: ogo_<sym>(types, spec, a1, ..., aN, k1, ..., kM)
 *
 * SQLite 3.40 has no ORDER BY inside an aggregate's arguments, and DISTINCT
 * only for one argument. ogo_<sym> collects the group's rows (arguments and
 * sort keys, copied into the group's arena), and at the end sorts them
 * (stable merge sort, PostgreSQL's order of each key's type through
 * orm_value_cmp, NULLS FIRST / LAST as written) and runs the catalog
 * aggregate's step over them in that order, then its final.
 *
 * spec is a TEXT literal "D:K1,...,KM": D is 1 for DISTINCT, else 0; each
 * key is its type OID, 'A' or 'D' (direction) and 'F' or 'L' (NULLS FIRST
 * or LAST): '0:23AL,25DF'. With DISTINCT, rows are sorted by the keys and
 * then by every argument (ascending, NULLS LAST), and a row whose arguments
 * all equal those of the row before it is skipped, which is what PostgreSQL
 * does (it requires the ORDER BY keys to be arguments; DISTINCT without
 * ORDER BY is "1:", sorted by the arguments).
 * ------------------------------------------------------------------------ */

typedef struct sq_okey {
    uint32_t oid;
    bool desc, nulls_first;
} sq_okey;

/* One group of an ordered aggregate: SQLite's aggregate context (zeroed by SQLite). */
typedef struct sq_ord {
    bool init, failed, distinct;
    uint32_t ret;
    uint16_t nargs, nkeys;
    uint32_t *types; /* nargs argument types, then nkeys key types */
    sq_okey *keys;
    og_arena arena;  /* types, keys, rows and, at the end, the state */
    og_value **rows; /* malloc'd vector; each row nargs + nkeys values */
    size_t n, cap;
} sq_ord;

/* "D:K1,...,KM" into g (keys in g's arena). */
static bool ord_spec_parse(sq_ord *g, const char *s, size_t n)
{
    if (!s || n < 2 || (s[0] != '0' && s[0] != '1') || s[1] != ':')
        return false;
    g->distinct = s[0] == '1';
    const char *p = s + 2, *end = s + n;
    size_t count = p < end;
    for (const char *q = p; q < end; q++)
        count += *q == ',';
    if (count > UINT16_MAX)
        return false;
    g->keys = og_arena_zalloc(&g->arena, (count ? count : 1) * sizeof(sq_okey));
    g->nkeys = 0;
    while (p < end) {
        if (g->nkeys && *p++ != ',')
            return false;
        int64_t oid;
        if (!parse_num(&p, end, 1, UINT32_MAX, &oid) || end - p < 2 || (p[0] != 'A' && p[0] != 'D') ||
            (p[1] != 'F' && p[1] != 'L'))
            return false;
        g->keys[g->nkeys++] = (sq_okey){.oid = (uint32_t)oid, .desc = p[0] == 'D', .nulls_first = p[1] == 'F'};
        p += 2;
    }
    return true;
}

/* First row of a group: the types list and the spec. */
static bool ord_init(sq_ord *g, const sq_reg *r, sqlite3_value *types, sqlite3_value *spec, og_error *err)
{
    const orm_fn *fn = r->fn;
    og_arena_init_sized(&g->arena, 1024);
    g->init = true;
    const char *ts = (const char *)sqlite3_value_text(types);
    sq_types *t = ts ? types_parse(ts, (size_t)sqlite3_value_bytes(types)) : NULL;
    if (!t) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "ogo_%s: malformed types argument \"%s\"", fn->sym, ts ? ts : "");
        return false;
    }
    g->ret = t->ret;
    g->nargs = t->nargs;
    const char *ss = (const char *)sqlite3_value_text(spec);
    bool ok = ord_spec_parse(g, ss, ss ? (size_t)sqlite3_value_bytes(spec) : 0);
    if (!ok)
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "ogo_%s: malformed sort specification \"%s\"", fn->sym,
                     ss ? ss : "");
    if (ok && ((fn->flags & ORM_FN_VARIADIC) ? g->nargs < fn->nargs : g->nargs != fn->nargs)) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR,
                     "ogo_%s: the types argument lists %u argument types (%s takes %u)", fn->sym, (unsigned)g->nargs,
                     fn->name, (unsigned)fn->nargs);
        ok = false;
    }
    if (ok) {
        g->types = og_arena_alloc(&g->arena, ((size_t)g->nargs + g->nkeys + 1) * sizeof(uint32_t));
        memcpy(g->types, t->args, g->nargs * sizeof(uint32_t));
        for (uint16_t k = 0; k < g->nkeys; k++)
            g->types[g->nargs + k] = g->keys[k].oid;
    }
    sqlite3_free(t);
    return ok;
}

static void ord_step_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sq_reg *r = sqlite3_user_data(ctx);
    sq_funcs *f = r->f;
    og_error err = OG_ERROR_INIT;
    sq_ord *g = sqlite3_aggregate_context(ctx, sizeof(sq_ord));
    if (!g) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (g->failed)
        return;
    if (argc < 2) {
        og_error_set(&err, OG_SQLSTATE_INTERNAL_ERROR, "ogo_%s: types and sort specification missing", r->fn->sym);
        goto fail;
    }
    if (!g->init && !ord_init(g, r, argv[0], argv[1], &err))
        goto fail;
    int n = g->nargs + g->nkeys;
    if (argc - 2 != n) {
        og_error_set(&err, OG_SQLSTATE_INTERNAL_ERROR, "ogo_%s: %d values for %u arguments and %u sort keys",
                     r->fn->sym, argc - 2, (unsigned)g->nargs, (unsigned)g->nkeys);
        goto fail;
    }
    if ((r->fn->flags & ORM_FN_STRICT) && any_null(argv + 2, g->nargs))
        return; /* the step would skip it: nothing to keep */
    scratch_trim(f);
    og_value stack[SQ_STACK_ARGS];
    og_value *vals = n <= SQ_STACK_ARGS ? stack : og_arena_alloc(&f->scratch, (size_t)n * sizeof(og_value));
    if (!args_decode(f, argv + 2, n, g->types, vals, &err))
        goto fail;
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        og_value **rows = realloc(g->rows, cap * sizeof(*rows));
        if (!rows)
            abort();
        g->rows = rows;
        g->cap = cap;
    }
    g->rows[g->n++] = row_copy(&g->arena, vals, (uint16_t)n);
    return;
fail:
    g->failed = true;
    report(ctx, f, &err);
}

/* PostgreSQL's order of two values of one type, NULLs placed as asked. */
static int ord_value_cmp(const og_value *a, const og_value *b, bool desc, bool nulls_first)
{
    if (a->isnull || b->isnull) {
        if (a->isnull && b->isnull)
            return 0;
        return a->isnull == nulls_first ? -1 : 1;
    }
    int c = orm_value_cmp(a, b);
    c = (c > 0) - (c < 0);
    return desc ? -c : c;
}

static int ord_row_cmp(const sq_ord *g, const og_value *x, const og_value *y)
{
    for (uint16_t k = 0; k < g->nkeys; k++) {
        const sq_okey *key = &g->keys[k];
        int c = ord_value_cmp(&x[g->nargs + k], &y[g->nargs + k], key->desc, key->nulls_first);
        if (c)
            return c;
    }
    if (g->distinct)
        for (uint16_t k = 0; k < g->nargs; k++) {
            int c = ord_value_cmp(&x[k], &y[k], false, false);
            if (c)
                return c;
        }
    return 0;
}

/* Stable bottom-up merge sort of g->rows. */
static void ord_sort(sq_ord *g)
{
    if (g->n < 2)
        return;
    og_value **tmp = malloc(g->n * sizeof(*tmp));
    if (!tmp)
        abort();
    og_value **src = g->rows, **dst = tmp;
    for (size_t w = 1; w < g->n; w *= 2) {
        for (size_t lo = 0; lo < g->n; lo += 2 * w) {
            size_t mid = lo + w < g->n ? lo + w : g->n, hi = lo + 2 * w < g->n ? lo + 2 * w : g->n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                dst[o++] = ord_row_cmp(g, src[j], src[i]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[o++] = src[i++];
            while (j < hi)
                dst[o++] = src[j++];
        }
        og_value **s = src;
        src = dst;
        dst = s;
    }
    if (src != g->rows)
        memcpy(g->rows, src, g->n * sizeof(*tmp));
    free(tmp);
}

/* Equal arguments (NULL equal to NULL), for DISTINCT. */
static bool ord_same_args(const sq_ord *g, const og_value *x, const og_value *y)
{
    for (uint16_t k = 0; k < g->nargs; k++)
        if (ord_value_cmp(&x[k], &y[k], false, false) != 0)
            return false;
    return true;
}

static void ord_free(sq_ord *g)
{
    if (!g)
        return;
    og_arena_reset(&g->arena);
    free(g->rows);
    g->rows = NULL;
    g->n = g->cap = 0;
    g->init = false;
}

static void ord_final_cb(sqlite3_context *ctx)
{
    const sq_reg *r = sqlite3_user_data(ctx);
    const orm_fn *fn = r->fn;
    sq_funcs *f = r->f;
    og_error err = OG_ERROR_INIT;
    sq_ord *g = sqlite3_aggregate_context(ctx, 0);
    if (g && g->failed) {
        ord_free(g);
        return; /* the error was raised already */
    }
    scratch_trim(f);
    uint32_t ret = is_pseudo(fn->ret) ? 0 : fn->ret;
    og_arena *a = &f->scratch;
    void *state;
    if (!g || !g->init) { /* an empty group */
        state = og_arena_zalloc(a, fn->agg->state_size);
    } else {
        ret = g->ret;
        a = &g->arena;
        state = og_arena_zalloc(a, fn->agg->state_size);
        ord_sort(g);
        for (size_t k = 0; k < g->n; k++) {
            if (g->distinct && k && ord_same_args(g, g->rows[k - 1], g->rows[k]))
                continue;
            if (!fn->agg->step(&f->cx, state, g->rows[k], g->nargs, a, &err))
                goto fail;
        }
    }
    og_value out = og_value_null(ret);
    if (!fn->agg->final(&f->cx, state, a, &out, &err) || !drv_sqlite_result_value(ctx, &out, ret, &f->text, &err))
        goto fail;
    ord_free(g);
    return;
fail:
    report(ctx, f, &err);
    ord_free(g);
}

/* ------------------------------------------------------------------------
 * og_cast and og_cmp
 * ------------------------------------------------------------------------ */

static void cast_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sq_funcs *f = sqlite3_user_data(ctx);
    og_error err = OG_ERROR_INIT;
    sq_types *fresh;
    const sq_types *t = types_get(ctx, argv[0], true, "cast", &fresh, &err);
    if (!t) {
        report(ctx, f, &err);
        return;
    }
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
    } else {
        scratch_trim(f);
        og_value in, out = og_value_null(t->ret);
        if (!drv_sqlite_value_from(argv[1], t->args[0], &f->scratch, &in, &err) ||
            !orm_cast(&f->cx, &in, t->ret, t->typmod, t->explicit_cast, &f->scratch, &out, &err) ||
            !drv_sqlite_result_value(ctx, &out, t->ret, &f->text, &err))
            report(ctx, f, &err);
    }
    types_keep(ctx, fresh);
}

/* og_scalar(x): the value of a scalar subquery's only row; a second row is PostgreSQL's 21000
 * (SQLite would silently take the first). The renderer feeds it at most two rows. */
typedef struct scalar_state {
    sqlite3_value *v;
    bool seen, failed;
} scalar_state;

/* og_nextval(table, column, start, increment): the next value of a generated column that SQLite's
 * rowid does not generate (a serial or identity column beside the key, or a key with its own START
 * WITH / INCREMENT BY), from the same ormgate_sequences row the unit of work reserves its blocks
 * from (drivers/sqlite.c reserve). Like PostgreSQL's nextval: values written explicitly into the
 * column do not move it. */
static void nextval_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_int64 start = sqlite3_value_int64(argv[2]), inc = sqlite3_value_int64(argv[3]);
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *t = (const char *)sqlite3_value_text(argv[0]), *col = (const char *)sqlite3_value_text(argv[1]);
    char *name = sqlite3_mprintf("%s.%s", t ? t : "", col ? col : "");
    static const char *const sql[2] = {
        "INSERT OR IGNORE INTO ormgate_sequences (name, next) VALUES (?1, ?2)",
        "UPDATE ormgate_sequences SET next = next + ?3 WHERE name = ?1 RETURNING next - ?3"};
    sqlite3_int64 v = 0;
    int rc = SQLITE_OK;
    for (int k = 0; k < 2 && rc == SQLITE_OK; k++) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(db, sql[k], -1, &st, NULL);
        if (rc != SQLITE_OK)
            break;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (k == 0)
            sqlite3_bind_int64(st, 2, start);
        else
            sqlite3_bind_int64(st, 3, inc);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
        sqlite3_finalize(st);
    }
    sqlite3_free(name);
    if (rc != SQLITE_OK) {
        sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
        return;
    }
    sqlite3_result_int64(ctx, v);
}

static void scalar_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    scalar_state *st = sqlite3_aggregate_context(ctx, sizeof *st);
    if (!st || st->failed)
        return;
    if (st->seen) {
        og_error err = OG_ERROR_INIT;
        og_error_set(&err, "21000", "more than one row returned by a subquery used as an expression");
        og_buf b = {0};
        drv_sqlite_err_encode(&b, &err);
        sqlite3_result_error(ctx, (const char *)b.data, (int)b.len);
        og_buf_free(&b);
        og_error_clear(&err);
        st->failed = true;
        return;
    }
    st->seen = true;
    st->v = sqlite3_value_dup(argv[0]);
}

static void scalar_final(sqlite3_context *ctx)
{
    scalar_state *st = sqlite3_aggregate_context(ctx, 0);
    if (st && st->v && !st->failed)
        sqlite3_result_value(ctx, st->v);
    else
        sqlite3_result_null(ctx);
    if (st && st->v)
        sqlite3_value_free(st->v);
}

static void cmp_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sq_funcs *f = sqlite3_user_data(ctx);
    og_error err = OG_ERROR_INIT;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL || sqlite3_value_type(argv[2]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    int64_t oid = 0;
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
        oid = sqlite3_value_int64(argv[0]);
    } else {
        const char *s = (const char *)sqlite3_value_text(argv[0]);
        if (s && !parse_num(&s, s + strlen(s), 0, UINT32_MAX, &oid))
            oid = -1;
    }
    if (oid <= 0 || oid > UINT32_MAX) {
        og_error_set(&err, OG_SQLSTATE_INTERNAL_ERROR, "og_cmp: the first argument must be a type OID");
        report(ctx, f, &err);
        return;
    }
    scratch_trim(f);
    og_value a, b;
    if (!drv_sqlite_value_from(argv[1], (uint32_t)oid, &f->scratch, &a, &err) ||
        !drv_sqlite_value_from(argv[2], (uint32_t)oid, &f->scratch, &b, &err)) {
        report(ctx, f, &err);
        return;
    }
    int c = orm_value_cmp(&a, &b);
    sqlite3_result_int(ctx, (c > 0) - (c < 0));
}

/* ------------------------------------------------------------------------
 * Collations
 * ------------------------------------------------------------------------ */

/* Numeric text by value: plain decimal read in place; exponents and the
 * like canonicalised first. rank: 0 -Infinity, 1 number, 2 Infinity, 3 NaN,
 * 4 not a number. */
typedef struct sq_num {
    int rank;
    bool neg;
    const char *ip, *fp; /* integer digits without leading zeros, fraction without trailing zeros */
    size_t in, fn;
} sq_num;

static bool word_is(const char *p, size_t n, const char *w)
{
    return n == strlen(w) && !strncasecmp(p, w, n);
}

static bool num_plain(const char *p, size_t n, sq_num *x)
{
    while (n && isspace((unsigned char)*p))
        p++, n--;
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    if (word_is(p, n, "nan")) {
        x->rank = 3;
        return true;
    }
    bool neg = n && *p == '-';
    const char *w = p + (n && (*p == '-' || *p == '+'));
    size_t wn = n - (size_t)(w - p);
    if (word_is(w, wn, "infinity") || word_is(w, wn, "inf")) {
        x->rank = neg ? 0 : 2;
        return true;
    }
    size_t i = (size_t)(w - p);
    size_t i0 = i;
    while (i < n && isdigit((unsigned char)p[i]))
        i++;
    size_t ie = i, f0 = i, fe = i;
    if (i < n && p[i] == '.') {
        f0 = ++i;
        while (i < n && isdigit((unsigned char)p[i]))
            i++;
        fe = i;
    }
    if (i != n || (ie == i0 && fe == f0))
        return false;
    while (i0 < ie && p[i0] == '0')
        i0++;
    while (fe > f0 && p[fe - 1] == '0')
        fe--;
    *x = (sq_num){
        .rank = 1, .neg = neg && (ie > i0 || fe > f0), .ip = p + i0, .in = ie - i0, .fp = p + f0, .fn = fe - f0};
    return true;
}

static int num_cmp_abs(const sq_num *a, const sq_num *b)
{
    if (a->in != b->in)
        return a->in < b->in ? -1 : 1;
    int c = memcmp(a->ip, b->ip, a->in);
    if (c)
        return c;
    size_t m = a->fn < b->fn ? a->fn : b->fn;
    c = memcmp(a->fp, b->fp, m);
    if (c)
        return c;
    return (a->fn > m) - (b->fn > m);
}

static int bytes_cmp(int na, const void *a, int nb, const void *b)
{
    int c = memcmp(a, b, (size_t)(na < nb ? na : nb));
    return c ? c : (na > nb) - (na < nb);
}

static int coll_numeric(void *arg, int na, const void *a, int nb, const void *b)
{
    og_arena tmp;
    og_arena_init_sized(&tmp, 256);
    og_error err = OG_ERROR_INIT;
    sq_num x[2] = {{.rank = 4}, {.rank = 4}};
    const void *s[2] = {a, b};
    int n[2] = {na, nb};
    for (int k = 0; k < 2; k++) {
        if (num_plain(s[k], (size_t)n[k], &x[k]))
            continue;
        og_value v; /* exponent form and the like: through the canonical text */
        if (drv_sqlite_text_decode(s[k], (size_t)n[k], OG_OID_NUMERIC, &tmp, &v, &err))
            num_plain(v.u.str.p, v.u.str.len, &x[k]);
        og_error_clear(&err);
    }
    int c;
    if (x[0].rank != x[1].rank)
        c = x[0].rank < x[1].rank ? -1 : 1;
    else if (x[0].rank == 4)
        c = bytes_cmp(na, a, nb, b);
    else if (x[0].rank != 1)
        c = 0;
    else if (x[0].neg != x[1].neg)
        c = x[0].neg ? -1 : 1;
    else
        c = x[0].neg ? -num_cmp_abs(&x[0], &x[1]) : num_cmp_abs(&x[0], &x[1]);
    og_arena_reset(&tmp);
    return c;
}

/* interval_cmp_value: (months * 30 + days) days and the microseconds, in 128 bits. */
static bool interval_span(const void *p, int n, __int128 *span)
{
    og_value v;
    og_error err = OG_ERROR_INIT;
    og_arena tmp; /* reading an interval allocates nothing */
    og_arena_init(&tmp);
    bool ok = drv_sqlite_text_decode(p, (size_t)n, OG_OID_INTERVAL, &tmp, &v, &err);
    og_arena_reset(&tmp);
    og_error_clear(&err);
    if (!ok)
        return false;
    *span = ((__int128)v.u.iv.months * 30 + v.u.iv.days) * SQ_USECS_PER_DAY + v.u.iv.usec;
    return true;
}

static int coll_interval(void *arg, int na, const void *a, int nb, const void *b)
{
    __int128 x, y;
    bool okx = interval_span(a, na, &x), oky = interval_span(b, nb, &y);
    if (okx && oky)
        return (x > y) - (x < y);
    if (okx != oky)
        return okx ? -1 : 1;
    return bytes_cmp(na, a, nb, b);
}

static int coll_jsonb(void *arg, int na, const void *a, int nb, const void *b)
{
    og_value x = og_value_null(OG_OID_JSONB), y = og_value_null(OG_OID_JSONB);
    x.isnull = y.isnull = false;
    x.u.str.p = a;
    x.u.str.len = (size_t)na;
    y.u.str.p = b;
    y.u.str.len = (size_t)nb;
    int c = orm_value_cmp(&x, &y);
    return (c > 0) - (c < 0);
}

/* ------------------------------------------------------------------------
 * og_json_each(doc, mode): jsonb_array_elements, jsonb_each and the like
 *
 * A table-valued function (an eponymous virtual table) over json / jsonb
 * text, used in FROM like SQLite's json_each, also over a column of an
 * earlier FROM item. Columns: key (text: the member's key, NULL for array
 * elements), value, ord (1, 2, ...: WITH ORDINALITY). mode is a sum of
 * SQ_JE_OBJECT (the *_each functions, else *_array_elements), SQ_JE_TEXT
 * (the *_text variants: strings de-escaped, JSON null as NULL), SQ_JE_JSON
 * (json rather than jsonb, for the error messages) and SQ_JE_KEYS (with
 * SQ_JE_OBJECT: json[b]_object_keys, whose errors differ). value is the element's
 * own span of the document, which is what PostgreSQL returns: the input's
 * text for json, and for jsonb the span of a normalised text, itself
 * normalised. Elements come in document order (jsonb: PostgreSQL's stored
 * key order, which its normalised text has). A NULL document gives no rows;
 * a document of the wrong shape gives PostgreSQL's 22023 error.
 * ------------------------------------------------------------------------ */

enum { SQ_JE_OBJECT = 1, SQ_JE_TEXT = 2, SQ_JE_JSON = 4, SQ_JE_KEYS = 8 };
enum { SQ_JE_KEY, SQ_JE_VALUE, SQ_JE_ORD, SQ_JE_DOC, SQ_JE_MODE };

typedef struct sq_je_vtab {
    sqlite3_vtab base;
    sq_funcs *f;
} sq_je_vtab;

typedef struct sq_je_cursor {
    sqlite3_vtab_cursor base;
    og_arena arena; /* the parsed document */
    const orm_json *cur;
    int mode;
    sqlite3_int64 ord;
} sq_je_cursor;

static int je_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **errmsg)
{
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(key, value, ord, doc HIDDEN, mode HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    sq_je_vtab *v = sqlite3_malloc(sizeof(*v));
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof(*v));
    v->f = aux;
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    *out = &v->base;
    return SQLITE_OK;
}

static int je_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* Both hidden arguments must be known (equality constraints usable now): plan 1, argv doc then mode. */
static int je_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    int idx[2] = {-1, -1};
    bool unusable = false;
    for (int k = 0; k < info->nConstraint; k++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[k];
        if (c->iColumn < SQ_JE_DOC || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            unusable = true;
        else
            idx[c->iColumn - SQ_JE_DOC] = k;
    }
    if (idx[0] < 0 || idx[1] < 0) {
        if (unusable)
            return SQLITE_CONSTRAINT; /* SQLite will try an order where they are */
        info->idxNum = 0;
        info->estimatedCost = 1e99;
        return SQLITE_OK;
    }
    for (int k = 0; k < 2; k++) {
        info->aConstraintUsage[idx[k]].argvIndex = k + 1;
        info->aConstraintUsage[idx[k]].omit = 1;
    }
    info->idxNum = 1;
    info->estimatedCost = 1.0;
    info->estimatedRows = 100;
    return SQLITE_OK;
}

static int je_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    sq_je_cursor *c = sqlite3_malloc(sizeof(*c));
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    og_arena_init(&c->arena);
    *out = &c->base;
    return SQLITE_OK;
}

static int je_close(sqlite3_vtab_cursor *cur)
{
    sq_je_cursor *c = (sq_je_cursor *)cur;
    og_arena_reset(&c->arena);
    sqlite3_free(c);
    return SQLITE_OK;
}

/* An error of the function as the vtab's message (SQLite reports it as the statement's). */
static int je_fail(sqlite3_vtab_cursor *cur, og_error *err)
{
    sq_je_vtab *v = (sq_je_vtab *)cur->pVtab;
    og_buf b = OG_BUF_INIT;
    drv_sqlite_err_encode(&b, err);
    og_error_clear(err);
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = sqlite3_mprintf("%s", b.data ? (const char *)b.data : "");
    og_buf_free(&b);
    return SQLITE_ERROR;
}

static int je_filter(sqlite3_vtab_cursor *cur, int idxnum, const char *idxstr, int argc, sqlite3_value **argv)
{
    sq_je_cursor *c = (sq_je_cursor *)cur;
    og_error err = OG_ERROR_INIT;
    og_arena_reset(&c->arena);
    c->cur = NULL;
    c->ord = 0;
    if (idxnum != 1 || argc != 2) {
        og_error_set(&err, OG_SQLSTATE_INTERNAL_ERROR, "og_json_each needs a document and a mode");
        return je_fail(cur, &err);
    }
    c->mode = sqlite3_value_int(argv[1]);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return SQLITE_OK; /* strict: no rows */
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    orm_json *root;
    if (!s || !orm_json_parse(s, n, &c->arena, &root, &err)) {
        if (!og_error_isset(&err))
            og_error_set(&err, OG_SQLSTATE_INTERNAL_ERROR, "og_json_each: no document text");
        return je_fail(cur, &err);
    }
    bool object = c->mode & SQ_JE_OBJECT, json = c->mode & SQ_JE_JSON, text = c->mode & SQ_JE_TEXT;
    const char *fname =
        object ? (json ? (text ? "json_each_text" : "json_each") : (text ? "jsonb_each_text" : "jsonb_each"))
               : (json ? (text ? "json_array_elements_text" : "json_array_elements")
                       : (text ? "jsonb_array_elements_text" : "jsonb_array_elements"));
    int want = object ? ORM_JSON_OBJECT : ORM_JSON_ARRAY;
    if (root->kind != want) {
        bool scalar = root->kind != ORM_JSON_OBJECT && root->kind != ORM_JSON_ARRAY;
        if (c->mode & SQ_JE_KEYS)
            og_error_set(&err, "22023", "cannot call %s on %s", json ? "json_object_keys" : "jsonb_object_keys",
                         scalar ? "a scalar" : "an array");
        else if (object && json)
            og_error_set(&err, "22023",
                         scalar ? "cannot deconstruct a scalar" : "cannot deconstruct an array as an object");
        else if (object)
            og_error_set(&err, "22023", "cannot call %s on a non-object", fname);
        else if (json)
            og_error_set(&err, "22023", "cannot call %s on %s", fname, scalar ? "a scalar" : "a non-array");
        else
            og_error_set(&err, "22023", "cannot extract elements from %s", scalar ? "a scalar" : "an object");
        return je_fail(cur, &err);
    }
    c->cur = root->child;
    c->ord = 1;
    return SQLITE_OK;
}

static int je_next(sqlite3_vtab_cursor *cur)
{
    sq_je_cursor *c = (sq_je_cursor *)cur;
    if (c->cur) {
        c->cur = c->cur->next;
        c->ord++;
    }
    return SQLITE_OK;
}

static int je_eof(sqlite3_vtab_cursor *cur)
{
    return ((sq_je_cursor *)cur)->cur == NULL;
}

static int je_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    sq_je_cursor *c = (sq_je_cursor *)cur;
    const orm_json *j = c->cur;
    if (!j)
        return SQLITE_OK;
    og_arena tmp;
    size_t n;
    switch (col) {
    case SQ_JE_KEY:
        if (j->key) {
            og_arena_init_sized(&tmp, 256);
            const char *k = orm_json_unquote(j->key, j->klen, &tmp, &n);
            sqlite3_result_text64(ctx, k, n, SQLITE_TRANSIENT, SQLITE_UTF8);
            og_arena_reset(&tmp);
        }
        break;
    case SQ_JE_VALUE:
        if ((c->mode & SQ_JE_TEXT) && j->kind == ORM_JSON_NULL) {
            sqlite3_result_null(ctx);
        } else if ((c->mode & SQ_JE_TEXT) && j->kind == ORM_JSON_STRING) {
            og_arena_init_sized(&tmp, 256);
            const char *v = orm_json_unquote(j->text, j->len, &tmp, &n);
            sqlite3_result_text64(ctx, v, n, SQLITE_TRANSIENT, SQLITE_UTF8);
            og_arena_reset(&tmp);
        } else {
            sqlite3_result_text64(ctx, j->text, j->len, SQLITE_TRANSIENT, SQLITE_UTF8);
        }
        break;
    case SQ_JE_ORD:
        sqlite3_result_int64(ctx, c->ord);
        break;
    default:
        break;
    }
    return SQLITE_OK;
}

static int je_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((sq_je_cursor *)cur)->ord;
    return SQLITE_OK;
}

static const sqlite3_module je_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only */
    .xConnect = je_connect,
    .xBestIndex = je_best_index,
    .xDisconnect = je_disconnect,
    .xDestroy = je_disconnect,
    .xOpen = je_open,
    .xClose = je_close,
    .xFilter = je_filter,
    .xNext = je_next,
    .xEof = je_eof,
    .xColumn = je_column,
    .xRowid = je_rowid,
};

/* ------------------------------------------------------------------------
 * Registration and the session context
 * ------------------------------------------------------------------------ */

static int reg_flags(const orm_fn *fn)
{
    int flags = SQLITE_UTF8;
    if (!(fn->flags & (ORM_FN_VOLATILE | ORM_FN_NOW)))
        flags |= SQLITE_DETERMINISTIC;
    return flags;
}

/* The short form exists when the declared types are concrete and fixed in number. */
static bool has_short_form(const orm_fn *fn)
{
    if ((fn->flags & ORM_FN_VARIADIC) || is_pseudo(fn->ret))
        return false;
    for (int k = 0; k < fn->nargs; k++)
        if (is_pseudo(fn->args[k]))
            return false;
    return true;
}

/* Register one catalog entry under its name(s); SQLITE_OK or SQLite's code. */
static int reg_one(sqlite3 *db, sq_reg *r)
{
    const orm_fn *fn = r->fn;
    char name[160];
    int nfull = (fn->flags & ORM_FN_VARIADIC) ? -1 : fn->nargs + 1;
    int forms[2] = {nfull, has_short_form(fn) ? fn->nargs : -2};
    int flags = reg_flags(fn);
    int rc = SQLITE_OK;
    if ((size_t)snprintf(name, sizeof(name), "og_%s", fn->sym) >= sizeof(name))
        return SQLITE_TOOBIG;
    for (int k = 0; k < 2 && rc == SQLITE_OK; k++) {
        if (forms[k] == -2)
            continue;
        if (fn->agg) {
            rc = sqlite3_create_function_v2(db, name, forms[k], flags, r, NULL, agg_step_cb, agg_final_cb, NULL);
            if (rc == SQLITE_OK) {
                char wname[168];
                snprintf(wname, sizeof(wname), "ogw_%s", fn->sym);
                rc = sqlite3_create_window_function(db, wname, forms[k], flags, r, win_step_cb, agg_final_cb,
                                                    win_value_cb, win_inverse_cb, NULL);
            }
            if (rc == SQLITE_OK && k == 0) {
                char oname[168];
                snprintf(oname, sizeof(oname), "ogo_%s", fn->sym);
                rc = sqlite3_create_function_v2(db, oname, -1, flags, r, NULL, ord_step_cb, ord_final_cb, NULL);
            }
        } else {
            rc = sqlite3_create_function_v2(db, name, forms[k], flags, r, scalar_cb, NULL, NULL, NULL);
        }
    }
    return rc;
}

sq_funcs *drv_sqlite_funcs_open(sqlite3 *db, og_error *err)
{
    sq_funcs *f = drv_sqlite_xcalloc(1, sizeof(*f));
    og_arena_init(&f->scratch);
    f->nregs = orm_fn_count();
    f->regs = drv_sqlite_xcalloc(f->nregs, sizeof(sq_reg));
    drv_sqlite_funcs_begin(f, NULL);
    int rc = SQLITE_OK;
    const char *what = "";
    for (size_t k = 0; k < f->nregs && rc == SQLITE_OK; k++) {
        const orm_fn *fn = orm_fn_at(k);
        if (!fn->impl && !fn->agg)
            continue; /* window-only functions: SQLite's own (row_number, rank, lag, ...) */
        sq_reg *r = &f->regs[k];
        *r = (sq_reg){.f = f, .fn = fn, .sig = {.ret = fn->ret, .nargs = fn->nargs, .typmod = -1, .args = fn->args}};
        what = fn->sym;
        rc = reg_one(db, r);
    }
    if (rc == SQLITE_OK) {
        what = "og_cast";
        rc = sqlite3_create_function_v2(db, "og_cast", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, f, cast_cb, NULL, NULL,
                                        NULL);
    }
    if (rc == SQLITE_OK) {
        what = "og_cmp";
        rc = sqlite3_create_function_v2(db, "og_cmp", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, f, cmp_cb, NULL, NULL,
                                        NULL);
    }
    if (rc == SQLITE_OK) {
        what = "og_nextval";
        rc = sqlite3_create_function_v2(db, "og_nextval", 4, SQLITE_UTF8, f, nextval_cb, NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK) {
        what = "og_scalar";
        rc = sqlite3_create_function_v2(db, "og_scalar", 1, SQLITE_UTF8, f, NULL, scalar_step, scalar_final, NULL);
    }
    if (rc == SQLITE_OK) {
        what = "og_json_each";
        rc = sqlite3_create_module_v2(db, "og_json_each", &je_module, f, NULL);
    }
    static const struct {
        const char *name;
        int (*cmp)(void *, int, const void *, int, const void *);
    } colls[] = {{"og_numeric", coll_numeric}, {"og_interval", coll_interval}, {"og_jsonb", coll_jsonb}};
    for (size_t k = 0; k < sizeof(colls) / sizeof(colls[0]) && rc == SQLITE_OK; k++) {
        what = colls[k].name;
        rc = sqlite3_create_collation_v2(db, colls[k].name, SQLITE_UTF8, f, colls[k].cmp, NULL);
    }
    if (rc != SQLITE_OK) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "could not register %s on the SQLite connection: %s", what,
                     sqlite3_errstr(rc));
        drv_sqlite_funcs_free(f);
        return NULL;
    }
    return f;
}

void drv_sqlite_funcs_free(sq_funcs *f)
{
    if (!f)
        return;
    og_arena_reset(&f->scratch);
    og_buf_free(&f->text);
    free(f->regs);
    free(f->tz);
    free(f);
}

void drv_sqlite_funcs_begin(sq_funcs *f, const orm_eval_ctx *cx)
{
    if (!f)
        return;
    const char *tz = cx && cx->timezone && *cx->timezone ? cx->timezone : "UTC";
    if (!f->tz || strcmp(f->tz, tz) != 0) {
        free(f->tz);
        f->tz = drv_sqlite_xstrdup(tz);
    }
    f->cx.timezone = f->tz;
    if (cx) {
        f->cx.now_usec = cx->now_usec;
        f->cx.stmt_usec = cx->stmt_usec ? cx->stmt_usec : cx->now_usec;
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        f->cx.now_usec = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 - SQ_UNIX_TO_PG_USEC;
        f->cx.stmt_usec = f->cx.now_usec;
    }
    scratch_trim(f);
}
