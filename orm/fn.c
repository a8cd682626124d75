/*
 * orm/fn.c - the function catalog's core: the registry of every family's
 * entries, call resolution, the type system's rules (categories, implicit
 * casts, common types), explicit and assignment casts, and value ordering.
 *
 * Registry: the families' tables (orm/fn_int.h) are concatenated once, on
 * first use, under pthread_once, into one array plus two hash maps (name ->
 * the entries of that name, sym -> entry). After that everything is read
 * only, so any thread may resolve and call without locks.
 *
 * Resolution follows PostgreSQL's func_get_detail / func_select_candidate
 * (parse_func.c, parse_oper.c), simplified to the types ormgate knows:
 *   1. an exact match of the argument types wins; for a binary operator with
 *      one untyped literal, the literal is first assumed to be of the other
 *      side's type (binary_oper_exact: int4 + '1.5' is int4 + int4);
 *   2. otherwise the candidates every argument can be implicitly cast to are
 *      kept, then those with the most exact matches, then those taking the
 *      preferred type of the category (float8, text, timestamptz) at the most
 *      positions, then for untyped literals the string category (or the one
 *      category every candidate agrees on) and its preferred type, and last
 *      the assumption that untyped literals share the type of the typed
 *      arguments when these are all alike.
 * The cast rules are pg_cast's for these types (queried from PostgreSQL 15),
 * plus the automatic I/O casts: to a string type by assignment, from a
 * string type explicitly.
 *
 * Casts between numbers, booleans, dates and times are computed here;
 * everything else goes through the type's text form with the text I/O the
 * proxy installs (orm/value.h), which is exactly what PostgreSQL's I/O casts
 * do. Time zone arithmetic (timestamp <-> timestamptz, date -> timestamptz)
 * also goes through text, so the zone rules live only in wire/.
 */
#include "orm/fn.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orm/fn_int.h"
#include "orm/json.h"
#include "orm/hmap.h"
#include "orm/numeric.h"

#define USECS_PER_DAY INT64_C(86400000000)
#define NAMEDATALEN   64

/* ---------------------------------------------------------------- registry */

typedef struct fn_list {
    size_t n;
    const orm_fn *fns[];
} fn_list;

static struct {
    pthread_once_t once;
    const orm_fn **all;
    size_t n;
    og_hmap by_name; /* name -> fn_list */
    og_hmap by_sym;  /* sym -> orm_fn */
} cat = {PTHREAD_ONCE_INIT, NULL, 0, OG_HMAP_INIT, OG_HMAP_INIT};

static const orm_fn_table *family(size_t i)
{
    static const orm_fn_table *const families[] = {&orm_fn_num,  &orm_fn_text,  &orm_fn_datetime, &orm_fn_json,
                                                   &orm_fn_agg,  &orm_fn_array, &orm_fn_format};
    return i < sizeof(families) / sizeof(families[0]) ? families[i] : NULL;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("ormgate: out of memory\n", stderr);
        abort();
    }
    return p;
}

static void catalog_build(void)
{
    size_t n = 0;
    for (size_t f = 0; family(f); f++)
        n += family(f)->n;
    cat.all = xmalloc(n * sizeof(*cat.all));
    for (size_t f = 0; family(f); f++)
        for (size_t i = 0; i < family(f)->n; i++) {
            const orm_fn *fn = &family(f)->fns[i];
            assert(fn->name && fn->sym && fn->nargs <= ORM_FN_MAXARGS);
            assert(((fn->flags & ORM_FN_AGG) != 0) == (fn->agg != NULL));
            void *dup = og_hmap_puts(&cat.by_sym, fn->sym, (void *)fn);
            assert(!dup && "two catalog entries share a sym");
            (void)dup;
            cat.all[cat.n++] = fn;
        }
    /* one list per name, in catalog order */
    for (size_t i = 0; i < cat.n; i++) {
        fn_list *l = og_hmap_gets(&cat.by_name, cat.all[i]->name);
        if (l)
            continue;
        size_t cnt = 0;
        for (size_t j = i; j < cat.n; j++)
            cnt += strcmp(cat.all[j]->name, cat.all[i]->name) == 0;
        l = xmalloc(sizeof(*l) + cnt * sizeof(l->fns[0]));
        l->n = 0;
        for (size_t j = i; j < cat.n; j++)
            if (strcmp(cat.all[j]->name, cat.all[i]->name) == 0)
                l->fns[l->n++] = cat.all[j];
        og_hmap_puts(&cat.by_name, cat.all[i]->name, l);
    }
}

static void catalog_init(void)
{
    pthread_once(&cat.once, catalog_build);
}

size_t orm_fn_count(void)
{
    catalog_init();
    return cat.n;
}

const orm_fn *orm_fn_at(size_t i)
{
    catalog_init();
    return i < cat.n ? cat.all[i] : NULL;
}

const orm_fn *orm_fn_by_sym(const char *sym)
{
    catalog_init();
    return og_hmap_gets(&cat.by_sym, sym);
}

/* ---------------------------------------------------------------- type facts */

static bool is_unknown(uint32_t t)
{
    return t == OG_OID_UNKNOWN || t == OG_OID_UNKNOWN_PARAM;
}

static bool is_pseudo(uint32_t t)
{
    return t == ORM_T_ANY || t == ORM_T_ANYELEMENT || t == ORM_T_ANYARRAY || t == ORM_T_ANYNONARRAY;
}

static bool is_string(uint32_t t)
{
    return t == OG_OID_TEXT || t == OG_OID_VARCHAR || t == OG_OID_BPCHAR || t == OG_OID_NAME;
}

static bool is_int(uint32_t t)
{
    return t == OG_OID_INT2 || t == OG_OID_INT4 || t == OG_OID_INT8;
}
static bool is_float(uint32_t t)
{
    return t == OG_OID_FLOAT4 || t == OG_OID_FLOAT8;
}

char orm_type_category(uint32_t oid)
{
    if (is_unknown(oid))
        return 'X';
    if (is_pseudo(oid))
        return 'P';
    if (og_type_array_elem(oid))
        return 'A';
    switch (oid) {
    case OG_OID_BOOL:
        return 'B';
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
    case OG_OID_NUMERIC:
    case OG_OID_OID:
        return 'N';
    case OG_OID_TEXT:
    case OG_OID_VARCHAR:
    case OG_OID_BPCHAR:
    case OG_OID_NAME:
        return 'S';
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        return 'D';
    case OG_OID_INTERVAL:
        return 'T';
    case OG_OID_BYTEA:
        return 'V';
    case OG_OID_CHAR:
        return 'Z';
    default:
        return 'U';
    }
}

/* typispreferred */
static bool type_preferred(uint32_t oid)
{
    return oid == OG_OID_BOOL || oid == OG_OID_TEXT || oid == OG_OID_OID || oid == OG_OID_FLOAT8 ||
           oid == OG_OID_TIMESTAMPTZ || oid == OG_OID_INTERVAL;
}

/* pg_cast among the types of orm/value.h (PostgreSQL 15): 'i' implicit, 'a' assignment, 'e' explicit. */
static const struct {
    uint32_t from, to;
    char ctx;
} casts[] = {
    {OG_OID_BOOL, OG_OID_INT4, 'e'},
    {OG_OID_BOOL, OG_OID_TEXT, 'a'},
    {OG_OID_BOOL, OG_OID_BPCHAR, 'a'},
    {OG_OID_BOOL, OG_OID_VARCHAR, 'a'},
    {OG_OID_CHAR, OG_OID_INT4, 'e'},
    {OG_OID_CHAR, OG_OID_TEXT, 'i'},
    {OG_OID_CHAR, OG_OID_BPCHAR, 'a'},
    {OG_OID_CHAR, OG_OID_VARCHAR, 'a'},
    {OG_OID_NAME, OG_OID_TEXT, 'i'},
    {OG_OID_NAME, OG_OID_BPCHAR, 'a'},
    {OG_OID_NAME, OG_OID_VARCHAR, 'a'},
    {OG_OID_INT8, OG_OID_INT2, 'a'},
    {OG_OID_INT8, OG_OID_INT4, 'a'},
    {OG_OID_INT8, OG_OID_OID, 'i'},
    {OG_OID_INT8, OG_OID_FLOAT4, 'i'},
    {OG_OID_INT8, OG_OID_FLOAT8, 'i'},
    {OG_OID_INT8, OG_OID_NUMERIC, 'i'},
    {OG_OID_INT2, OG_OID_INT8, 'i'},
    {OG_OID_INT2, OG_OID_INT4, 'i'},
    {OG_OID_INT2, OG_OID_OID, 'i'},
    {OG_OID_INT2, OG_OID_FLOAT4, 'i'},
    {OG_OID_INT2, OG_OID_FLOAT8, 'i'},
    {OG_OID_INT2, OG_OID_NUMERIC, 'i'},
    {OG_OID_INT4, OG_OID_BOOL, 'e'},
    {OG_OID_INT4, OG_OID_CHAR, 'e'},
    {OG_OID_INT4, OG_OID_INT8, 'i'},
    {OG_OID_INT4, OG_OID_INT2, 'a'},
    {OG_OID_INT4, OG_OID_OID, 'i'},
    {OG_OID_INT4, OG_OID_FLOAT4, 'i'},
    {OG_OID_INT4, OG_OID_FLOAT8, 'i'},
    {OG_OID_INT4, OG_OID_NUMERIC, 'i'},
    {OG_OID_TEXT, OG_OID_CHAR, 'a'},
    {OG_OID_TEXT, OG_OID_NAME, 'i'},
    {OG_OID_TEXT, OG_OID_BPCHAR, 'i'},
    {OG_OID_TEXT, OG_OID_VARCHAR, 'i'},
    {OG_OID_OID, OG_OID_INT8, 'a'},
    {OG_OID_OID, OG_OID_INT4, 'a'},
    {OG_OID_JSON, OG_OID_JSONB, 'a'},
    {OG_OID_FLOAT4, OG_OID_INT8, 'a'},
    {OG_OID_FLOAT4, OG_OID_INT2, 'a'},
    {OG_OID_FLOAT4, OG_OID_INT4, 'a'},
    {OG_OID_FLOAT4, OG_OID_FLOAT8, 'i'},
    {OG_OID_FLOAT4, OG_OID_NUMERIC, 'a'},
    {OG_OID_FLOAT8, OG_OID_INT8, 'a'},
    {OG_OID_FLOAT8, OG_OID_INT2, 'a'},
    {OG_OID_FLOAT8, OG_OID_INT4, 'a'},
    {OG_OID_FLOAT8, OG_OID_FLOAT4, 'a'},
    {OG_OID_FLOAT8, OG_OID_NUMERIC, 'a'},
    {OG_OID_BPCHAR, OG_OID_CHAR, 'a'},
    {OG_OID_BPCHAR, OG_OID_NAME, 'i'},
    {OG_OID_BPCHAR, OG_OID_TEXT, 'i'},
    {OG_OID_BPCHAR, OG_OID_VARCHAR, 'i'},
    {OG_OID_VARCHAR, OG_OID_CHAR, 'a'},
    {OG_OID_VARCHAR, OG_OID_NAME, 'i'},
    {OG_OID_VARCHAR, OG_OID_TEXT, 'i'},
    {OG_OID_VARCHAR, OG_OID_BPCHAR, 'i'},
    {OG_OID_DATE, OG_OID_TIMESTAMP, 'i'},
    {OG_OID_DATE, OG_OID_TIMESTAMPTZ, 'i'},
    {OG_OID_TIME, OG_OID_INTERVAL, 'i'},
    {OG_OID_TIMESTAMP, OG_OID_DATE, 'a'},
    {OG_OID_TIMESTAMP, OG_OID_TIME, 'a'},
    {OG_OID_TIMESTAMP, OG_OID_TIMESTAMPTZ, 'i'},
    {OG_OID_TIMESTAMPTZ, OG_OID_DATE, 'a'},
    {OG_OID_TIMESTAMPTZ, OG_OID_TIME, 'a'},
    {OG_OID_TIMESTAMPTZ, OG_OID_TIMESTAMP, 'a'},
    {OG_OID_INTERVAL, OG_OID_TIME, 'a'},
    {OG_OID_NUMERIC, OG_OID_INT8, 'a'},
    {OG_OID_NUMERIC, OG_OID_INT2, 'a'},
    {OG_OID_NUMERIC, OG_OID_INT4, 'a'},
    {OG_OID_NUMERIC, OG_OID_FLOAT4, 'i'},
    {OG_OID_NUMERIC, OG_OID_FLOAT8, 'i'},
    {OG_OID_JSONB, OG_OID_BOOL, 'e'},
    {OG_OID_JSONB, OG_OID_INT8, 'e'},
    {OG_OID_JSONB, OG_OID_INT2, 'e'},
    {OG_OID_JSONB, OG_OID_INT4, 'e'},
    {OG_OID_JSONB, OG_OID_JSON, 'a'},
    {OG_OID_JSONB, OG_OID_FLOAT4, 'e'},
    {OG_OID_JSONB, OG_OID_FLOAT8, 'e'},
    {OG_OID_JSONB, OG_OID_NUMERIC, 'e'},
};

/* The context a cast from -> to is allowed in ('i', 'a', 'e'), or 0 when there is none. */
static char cast_context(uint32_t from, uint32_t to)
{
    if (from == to || is_unknown(from))
        return 'i';
    for (size_t i = 0; i < sizeof(casts) / sizeof(casts[0]); i++)
        if (casts[i].from == from && casts[i].to == to)
            return casts[i].ctx;
    uint32_t ef = og_type_array_elem(from), et = og_type_array_elem(to);
    if (ef && et)
        return cast_context(ef, et);
    if (is_string(to))
        return 'a'; /* automatic I/O conversion to a string type */
    if (is_string(from) && !is_pseudo(to) && to != OG_OID_UNKNOWN)
        return 'e'; /* ... and from one */
    return 0;
}

bool orm_type_implicit(uint32_t from, uint32_t to)
{
    return !is_pseudo(to) && cast_context(from, to) == 'i';
}

bool orm_cast_exists(uint32_t from, uint32_t to)
{
    return cast_context(from, to) != 0;
}

/* ---------------------------------------------------------------- resolution */

/* Declared type of argument i of a call (the variadic type repeats). */
static uint32_t decl_type(const orm_fn *fn, uint16_t i)
{
    return i < fn->nargs ? fn->args[i] : fn->args[fn->nargs - 1];
}

static bool arity_ok(const orm_fn *fn, uint16_t nargs)
{
    return fn->nargs == nargs || ((fn->flags & ORM_FN_VARIADIC) && fn->nargs > 0 && nargs >= fn->nargs);
}

static bool exact_match(const orm_fn *fn, const uint32_t *types, uint16_t nargs)
{
    for (uint16_t i = 0; i < nargs; i++)
        if (decl_type(fn, i) != types[i])
            return false;
    return true;
}

/* can_coerce_type + check_generic_type_consistency: every argument implicitly castable,
 * polymorphic arguments agreeing on one element type (*elem, 0 when only untyped). */
static bool coercible(const orm_fn *fn, const uint32_t *types, uint16_t nargs, uint32_t *elem, bool *poly)
{
    *elem = 0;
    *poly = false;
    for (uint16_t i = 0; i < nargs; i++) {
        uint32_t d = decl_type(fn, i), t = types[i];
        if (d == t || d == ORM_T_ANY)
            continue;
        if (d == ORM_T_ANYELEMENT || d == ORM_T_ANYNONARRAY || d == ORM_T_ANYARRAY) {
            *poly = true;
            if (is_unknown(t))
                continue;
            uint32_t e = t;
            if (d == ORM_T_ANYARRAY) {
                e = og_type_array_elem(t);
                if (!e)
                    return false;
            } else if (d == ORM_T_ANYNONARRAY && og_type_array_elem(t)) {
                return false;
            }
            if (*elem && *elem != e)
                return false;
            *elem = e;
            continue;
        }
        if (!is_unknown(t) && !orm_type_implicit(t, d))
            return false;
    }
    return true;
}

/* Keep the candidates whose score is the highest; returns how many remain. */
static size_t keep_best(const orm_fn **c, size_t n, const int *score)
{
    assert(n > 0);
    int best = score[0];
    for (size_t i = 1; i < n; i++)
        if (score[i] > best)
            best = score[i];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (score[i] == best)
            c[k++] = c[i];
    return k;
}

/* func_select_candidate over n >= 2 coercible candidates; NULL when ambiguous. */
static const orm_fn *select_candidate(const orm_fn **c, size_t n, const uint32_t *types, uint16_t nargs)
{
    int *score = xmalloc(n * sizeof(int));
    char *slot_cat = xmalloc(nargs + 1u);
    bool *slot_pref = xmalloc((nargs + 1u) * sizeof(bool));
    const orm_fn *found = NULL;
    /* 1. most exact matches */
    for (size_t j = 0; j < n; j++) {
        score[j] = 0;
        for (uint16_t i = 0; i < nargs; i++)
            score[j] += !is_unknown(types[i]) && decl_type(c[j], i) == types[i];
    }
    n = keep_best(c, n, score);
    if (n == 1)
        goto done;
    /* 2. preferred types of the input's category where a cast is needed */
    for (size_t j = 0; j < n; j++) {
        score[j] = 0;
        for (uint16_t i = 0; i < nargs; i++) {
            uint32_t d = decl_type(c[j], i);
            score[j] += !is_unknown(types[i]) &&
                        (d == types[i] || (type_preferred(d) && orm_type_category(d) == orm_type_category(types[i])));
        }
    }
    n = keep_best(c, n, score);
    if (n == 1)
        goto done;
    /* 3. untyped literals: the string category if any candidate takes one there, else the one
     * category all candidates agree on, and its preferred type when some candidate takes it */
    size_t nunknown = 0;
    bool resolved = true;
    for (uint16_t i = 0; i < nargs && resolved; i++) {
        if (!is_unknown(types[i]))
            continue;
        nunknown++;
        bool conflict = false;
        slot_cat[i] = 0;
        slot_pref[i] = false;
        for (size_t j = 0; j < n; j++) {
            uint32_t d = decl_type(c[j], i);
            char ct = orm_type_category(d);
            if (!slot_cat[i] || (ct != slot_cat[i] && ct == 'S')) {
                slot_cat[i] = ct;
                slot_pref[i] = type_preferred(d);
            } else if (ct == slot_cat[i]) {
                slot_pref[i] |= type_preferred(d);
            } else {
                conflict = true;
            }
        }
        if (conflict && slot_cat[i] != 'S')
            resolved = false;
    }
    if (nunknown == 0) {
        n = 0;
        goto done;
    }
    if (resolved) {
        size_t k = 0;
        for (size_t j = 0; j < n; j++) {
            bool keep = true;
            for (uint16_t i = 0; i < nargs && keep; i++) {
                uint32_t d = decl_type(c[j], i);
                if (is_unknown(types[i]))
                    keep = orm_type_category(d) == slot_cat[i] && (!slot_pref[i] || type_preferred(d));
            }
            if (keep)
                c[k++] = c[j];
        }
        if (k > 0)
            n = k;
        if (n == 1)
            goto done;
    }
    /* 4. untyped literals assumed to be of the typed arguments' type, when those all agree */
    uint32_t known = 0;
    bool mixed = false;
    for (uint16_t i = 0; i < nargs; i++) {
        if (is_unknown(types[i]))
            continue;
        mixed |= known && known != types[i];
        known = types[i];
    }
    size_t k = 0;
    if (known && !mixed) {
        uint32_t *as = xmalloc(nargs * sizeof(uint32_t));
        for (uint16_t i = 0; i < nargs; i++)
            as[i] = known;
        for (size_t j = 0; j < n; j++) {
            uint32_t e;
            bool p;
            if (coercible(c[j], as, nargs, &e, &p))
                c[k++] = c[j];
        }
        free(as);
    }
    n = k;
done:
    found = n == 1 ? c[0] : NULL;
    free(score);
    free(slot_cat);
    free(slot_pref);
    return found;
}

/* "integer, text" (or "integer + text" for an operator) into b. */
static void format_args(og_buf *b, const char *name, const uint32_t *types, uint16_t nargs, bool is_operator)
{
    if (is_operator) {
        if (nargs == 2)
            og_buf_printf(b, "%s %s %s", og_type_name(is_unknown(types[0]) ? OG_OID_UNKNOWN : types[0]), name,
                          og_type_name(is_unknown(types[1]) ? OG_OID_UNKNOWN : types[1]));
        else
            og_buf_printf(b, "%s %s", name,
                          og_type_name(nargs ? (is_unknown(types[0]) ? OG_OID_UNKNOWN : types[0]) : 0));
        return;
    }
    og_buf_printf(b, "%s(", name);
    for (uint16_t i = 0; i < nargs; i++)
        og_buf_printf(b, "%s%s", i ? ", " : "", og_type_name(is_unknown(types[i]) ? OG_OID_UNKNOWN : types[i]));
    og_buf_putc(b, ')');
}

static void resolve_error(og_error *err, const char *name, const uint32_t *types, uint16_t nargs, bool is_operator,
                          bool ambiguous)
{
    og_buf b = OG_BUF_INIT;
    format_args(&b, name, types, nargs, is_operator);
    const char *what = is_operator ? "operator" : "function";
    if (ambiguous) {
        if (is_operator)
            og_error_set(err, "42725", "operator is not unique: %s", og_buf_cstr(&b));
        else
            og_error_set(err, "42725", "function %s is not unique", og_buf_cstr(&b));
        og_error_hint(err, "Could not choose a best candidate %s. You might need to add explicit type casts.", what);
    } else {
        if (is_operator)
            og_error_set(err, "42883", "operator does not exist: %s", og_buf_cstr(&b));
        else
            og_error_set(err, "42883", "function %s does not exist", og_buf_cstr(&b));
        og_error_hint(
            err, "No %s matches the given name and argument types. You might need to add explicit type casts.", what);
    }
    og_buf_free(&b);
}

/* The concrete result type of fn called with types (pseudo-types resolved). */
static bool result_type(const orm_fn *fn, const uint32_t *types, uint16_t nargs, uint32_t *ret, og_error *err)
{
    uint32_t elem;
    bool poly;
    coercible(fn, types, nargs, &elem, &poly);
    if (poly && !elem) {
        og_error_set(err, "42804", "could not determine polymorphic type because input has type unknown");
        return false;
    }
    switch (fn->ret) {
    case ORM_T_ANYELEMENT:
    case ORM_T_ANYNONARRAY:
        *ret = elem;
        return true;
    case ORM_T_ANYARRAY:
        *ret = og_type_array_of(elem);
        if (!*ret) {
            og_error_set(err, OG_SQLSTATE_UNDEFINED_OBJECT, "could not find array type for data type %s",
                         og_type_name(elem));
            return false;
        }
        return true;
    default:
        *ret = fn->ret;
        return true;
    }
}

const orm_fn *orm_fn_resolve(const char *name, const uint32_t *argtypes, uint16_t nargs, bool is_operator,
                             uint32_t *ret, og_error *err)
{
    catalog_init();
    const fn_list *l = og_hmap_gets(&cat.by_name, name);
    const orm_fn *found = NULL;
    bool ambiguous = false;
    if (l) {
        /* exact match; for a binary operator with one untyped side, try the other side's type for it */
        uint32_t probe[2];
        const uint32_t *exact = argtypes;
        if (is_operator && nargs == 2 && is_unknown(argtypes[0]) != is_unknown(argtypes[1])) {
            probe[0] = probe[1] = is_unknown(argtypes[0]) ? argtypes[1] : argtypes[0];
            exact = probe;
        }
        for (size_t i = 0; i < l->n && !found; i++)
            if (arity_ok(l->fns[i], nargs) && exact_match(l->fns[i], exact, nargs))
                found = l->fns[i];
        for (size_t i = 0; i < l->n && !found && exact != argtypes; i++)
            if (arity_ok(l->fns[i], nargs) && exact_match(l->fns[i], argtypes, nargs))
                found = l->fns[i];
        if (!found) {
            const orm_fn **c = xmalloc(l->n * sizeof(*c));
            size_t n = 0;
            for (size_t i = 0; i < l->n; i++) {
                uint32_t elem;
                bool poly;
                if (arity_ok(l->fns[i], nargs) && coercible(l->fns[i], argtypes, nargs, &elem, &poly))
                    c[n++] = l->fns[i];
            }
            if (n == 1)
                found = c[0];
            else if (n > 1 && !(found = select_candidate(c, n, argtypes, nargs)))
                ambiguous = true;
            free(c);
        }
    }
    if (!found) {
        resolve_error(err, name, argtypes, nargs, is_operator, ambiguous);
        return NULL;
    }
    uint32_t r;
    if (!result_type(found, argtypes, nargs, &r, err))
        return NULL;
    if (ret)
        *ret = r;
    return found;
}

bool orm_fn_call(const orm_fn *fn, const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, uint32_t ret,
                 og_arena *a, og_value *out, og_error *err)
{
    assert(fn->impl && arity_ok(fn, nargs));
    if (fn->flags & ORM_FN_STRICT)
        for (uint16_t i = 0; i < nargs; i++)
            if (args[i].isnull) {
                *out = og_value_null(ret);
                return true;
            }
    /* the evaluator may read the resolved result type from out->oid (polymorphic results) */
    *out = og_value_null(ret);
    out->isnull = false;
    return fn->impl(cx, args, nargs, a, out, err);
}

/* ---------------------------------------------------------------- common type */

uint32_t orm_type_common(const uint32_t *types, size_t n, const char *what, og_error *err)
{
    assert(n > 0);
    uint32_t ptype = is_unknown(types[0]) ? OG_OID_UNKNOWN : types[0];
    bool all_same = true;
    for (size_t i = 1; i < n; i++)
        all_same &= types[i] == types[0];
    if (all_same && !is_unknown(ptype))
        return ptype;
    char pcat = orm_type_category(ptype);
    bool ppref = type_preferred(ptype);
    for (size_t i = 1; i < n; i++) {
        uint32_t t = types[i];
        if (is_unknown(t) || t == ptype)
            continue;
        char tcat = orm_type_category(t);
        if (is_unknown(ptype)) {
            ptype = t;
            pcat = tcat;
            ppref = type_preferred(t);
        } else if (tcat != pcat) {
            og_error_set(err, "42804", "%s types %s and %s cannot be matched", what, og_type_name(ptype),
                         og_type_name(t));
            return 0;
        } else if (!ppref && orm_type_implicit(ptype, t) && !orm_type_implicit(t, ptype)) {
            ptype = t;
            pcat = tcat;
            ppref = type_preferred(t);
        }
    }
    if (is_unknown(ptype))
        return OG_OID_TEXT;
    for (size_t i = 0; i < n; i++)
        if (!is_unknown(types[i]) && !orm_type_implicit(types[i], ptype)) {
            og_error_set(err, "42846", "%s could not convert type %s to %s", what, og_type_name(types[i]),
                         og_type_name(ptype));
            return 0;
        }
    return ptype;
}

/* ---------------------------------------------------------------- casts: helpers */

static void set_str(og_value *out, uint32_t oid, const char *p, size_t len)
{
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    out->u.str.p = p;
    out->u.str.len = len;
}

static void set_int(og_value *out, uint32_t oid, int64_t v)
{
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    out->u.i = v;
}

static void set_float(og_value *out, uint32_t oid, double v)
{
    memset(out, 0, sizeof(*out));
    out->oid = oid;
    out->u.f = oid == OG_OID_FLOAT4 ? (double)(float)v : v;
}

static const char *int_word(uint32_t oid)
{
    return oid == OG_OID_INT2 ? "smallint" : oid == OG_OID_INT4 ? "integer" : "bigint";
}

static bool int_range(uint32_t oid, int64_t v, og_error *err)
{
    bool ok = oid == OG_OID_INT2   ? v >= INT16_MIN && v <= INT16_MAX
              : oid == OG_OID_INT4 ? v >= INT32_MIN && v <= INT32_MAX
                                   : true;
    if (!ok)
        og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "%s out of range", int_word(oid));
    return ok;
}

/* Text output of v (not NULL) into the arena. */
static void text_of(const orm_eval_ctx *cx, const og_value *v, og_arena *a, const char **p, size_t *len)
{
    og_buf b = OG_BUF_INIT;
    if (v->oid == OG_OID_BOOL)
        og_buf_puts(&b, v->u.b ? "true" : "false");
    else if (v->oid == OG_OID_OID)
        og_buf_printf(&b, "%u", (unsigned)v->u.i);
    else if (v->oid == OG_OID_CHAR)
        og_buf_append(&b, v->u.str.p, v->u.str.len);
    else
        og_text_io_get()->encode(v, cx ? cx->timezone : NULL, &b);
    *p = og_arena_memdup(a, b.data, b.len);
    *len = b.len;
    og_buf_free(&b);
}

static bool text_decode(const orm_eval_ctx *cx, uint32_t to, const char *s, size_t len, og_arena *a, og_value *out,
                        og_error *err)
{
    return og_text_io_get()->decode(to, s, len, cx ? cx->timezone : NULL, a, out, err);
}

/* Length of the UTF-8 sequence starting with byte c. */
static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Byte offset after the first n characters of s (or len when shorter); *chars counts them. */
static size_t utf8_prefix(const char *s, size_t len, size_t n, size_t *chars)
{
    size_t off = 0, c = 0;
    while (off < len && c < n) {
        off += utf8_len((unsigned char)s[off]);
        c++;
    }
    if (off > len)
        off = len;
    *chars = c;
    return off;
}

/* varchar(n) / char(n): truncate (explicit, or only spaces cut off) or 22001; char(n) pads. */
static bool string_typmod(uint32_t to, int32_t typmod, bool explicit_cast, og_arena *a, og_value *v, og_error *err)
{
    if (typmod < 4 || (to != OG_OID_VARCHAR && to != OG_OID_BPCHAR))
        return true;
    size_t maxlen = (size_t)(typmod - 4), chars;
    size_t cut = utf8_prefix(v->u.str.p, v->u.str.len, maxlen, &chars);
    if (cut < v->u.str.len) {
        if (!explicit_cast)
            for (size_t i = cut; i < v->u.str.len; i++)
                if (v->u.str.p[i] != ' ') {
                    og_error_set(err, "22001", "value too long for type %s(%zu)",
                                 to == OG_OID_VARCHAR ? "character varying" : "character", maxlen);
                    return false;
                }
        v->u.str.len = cut;
    } else if (to == OG_OID_BPCHAR && chars < maxlen) {
        char *p = og_arena_alloc(a, v->u.str.len + (maxlen - chars) + 1);
        memcpy(p, v->u.str.p, v->u.str.len);
        memset(p + v->u.str.len, ' ', maxlen - chars);
        v->u.str.len += maxlen - chars;
        p[v->u.str.len] = '\0';
        v->u.str.p = p;
    }
    return true;
}

/* AdjustTimestampForTypmod and friends: round to typmod fractional digits, half away from zero. */
static int64_t round_usec(int64_t t, int32_t prec)
{
    static const int64_t scales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (prec < 0 || prec >= 6)
        return t;
    int64_t s = scales[prec], off = s / 2;
    return t >= 0 ? (t + off) / s * s : -((-t + off) / s * s);
}

static bool apply_typmod(uint32_t to, int32_t typmod, bool explicit_cast, og_arena *a, og_value *v, og_error *err)
{
    if (typmod < 0 || v->isnull)
        return true;
    switch (to) {
    case OG_OID_VARCHAR:
    case OG_OID_BPCHAR:
        return string_typmod(to, typmod, explicit_cast, a, v, err);
    case OG_OID_NUMERIC:
        return orm_num_typmod(v, typmod, a, v, err);
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        if (v->u.i != INT64_MAX && v->u.i != INT64_MIN)
            v->u.i = round_usec(v->u.i, typmod);
        return true;
    case OG_OID_TIME:
        v->u.i = round_usec(v->u.i, typmod); /* may give 24:00:00, as PostgreSQL does */
        return true;
    case OG_OID_INTERVAL:
        v->u.iv.usec = round_usec(v->u.iv.usec, typmod & 0xFFFF);
        return true;
    default:
        return true;
    }
}

/* ---------------------------------------------------------------- casts: numbers */

static bool float_to_int(double f, uint32_t to, bool is4, og_value *out, og_error *err)
{
    double r = is4 ? (double)rintf((float)f) : rint(f);
    bool fits = !isnan(r) && (to == OG_OID_INT2   ? r >= -32768.0 && r < 32768.0
                              : to == OG_OID_INT4 ? r >= -2147483648.0 && r < 2147483648.0
                                                  : r >= -9223372036854775808.0 && r < 9223372036854775808.0);
    if (!fits) {
        og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "%s out of range", int_word(to));
        return false;
    }
    set_int(out, to, (int64_t)r);
    return true;
}

static bool cast_number(const og_value *in, uint32_t to, og_arena *a, og_value *out, og_error *err)
{
    uint32_t from = in->oid;
    if (is_int(from) || from == OG_OID_OID) {
        int64_t v = in->u.i;
        if (is_int(to)) {
            if (!int_range(to, v, err))
                return false;
            set_int(out, to, v);
        } else if (to == OG_OID_OID) {
            if (v < 0 && from != OG_OID_INT8) {
                v = (uint32_t)v; /* int4 -> oid is binary */
            } else if (v < 0 || v > UINT32_MAX) {
                og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "OID out of range");
                return false;
            }
            set_int(out, to, v);
        } else if (from == OG_OID_OID && to == OG_OID_INT4) {
            set_int(out, to, (int32_t)(uint32_t)v);
        } else if (is_float(to)) {
            set_float(out, to, to == OG_OID_FLOAT4 ? (double)(float)v : (double)v);
        } else {
            orm_num_from_int64(v, a, out);
        }
        return true;
    }
    if (is_float(from)) {
        double f = in->u.f;
        if (is_int(to))
            return float_to_int(f, to, from == OG_OID_FLOAT4, out, err);
        if (to == OG_OID_NUMERIC) {
            orm_num_from_double(f, from == OG_OID_FLOAT4 ? 6 : 15, a, out);
            return true;
        }
        if (to == OG_OID_FLOAT4 && from == OG_OID_FLOAT8) {
            float r = (float)f;
            if (isinf(r) && !isinf(f)) {
                og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "value out of range: overflow");
                return false;
            }
            if (r == 0.0f && f != 0.0) {
                og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "value out of range: underflow");
                return false;
            }
        }
        set_float(out, to, f);
        return true;
    }
    /* numeric */
    if (is_int(to)) {
        int64_t v;
        if (!orm_num_to_int(in, to, &v, err))
            return false;
        set_int(out, to, v);
        return true;
    }
    double d;
    if (!orm_num_to_float(in, to, &d, err))
        return false;
    set_float(out, to, d);
    return true;
}

static bool is_number(uint32_t t)
{
    return is_int(t) || is_float(t) || t == OG_OID_NUMERIC || t == OG_OID_OID;
}

/* ---------------------------------------------------------------- casts: jsonb scalars */

/* jsonb -> bool / numbers: only a scalar of the matching kind. */
static bool cast_jsonb_scalar(const og_value *in, uint32_t to, og_arena *a, og_value *out, og_error *err)
{
    const char *p = in->u.str.p, *end = p + in->u.str.len;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        end--;
    const char *kind = p == end                 ? "null"
                       : *p == '"'              ? "string"
                       : *p == '{'              ? "object"
                       : *p == '['              ? "array"
                       : *p == 'n'              ? "null"
                       : *p == 't' || *p == 'f' ? "boolean"
                                                : "numeric";
    bool want_bool = to == OG_OID_BOOL;
    bool kind_ok = want_bool ? (p != end && (*p == 't' || *p == 'f')) : (p != end && !strchr("\"{[ntf", *p));
    if (!kind_ok) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "cannot cast jsonb %s to type %s", kind,
                     og_type_name(to));
        return false;
    }
    if (want_bool) {
        memset(out, 0, sizeof(*out));
        out->oid = OG_OID_BOOL;
        out->u.b = *p == 't';
        return true;
    }
    og_value num;
    if (!orm_num_parse(p, (size_t)(end - p), a, &num, err))
        return false;
    return to == OG_OID_NUMERIC ? (*out = num, true) : cast_number(&num, to, a, out, err);
}

/* ---------------------------------------------------------------- casts: date and time */

static bool via_text(const orm_eval_ctx *cx, const og_value *in, uint32_t to, og_arena *a, og_value *out, og_error *err)
{
    const char *p;
    size_t len;
    text_of(cx, in, a, &p, &len);
    return text_decode(cx, to, p, len, a, out, err);
}

static int64_t floor_div64(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static bool cast_datetime(const orm_eval_ctx *cx, const og_value *in, uint32_t to, og_arena *a, og_value *out,
                          og_error *err)
{
    uint32_t from = in->oid;
    int64_t v = in->u.i;
    og_value local;
    switch (from) {
    case OG_OID_DATE:
        if (to == OG_OID_TIMESTAMPTZ)
            return via_text(cx, in, to, a, out, err);
        /* timestamp */
        if (v == INT32_MAX || v == INT32_MIN) {
            set_int(out, to, v == INT32_MAX ? INT64_MAX : INT64_MIN);
            return true;
        }
        if (v >= INT64_C(106751991)) {
            og_error_set(err, OG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "date out of range for timestamp");
            return false;
        }
        set_int(out, to, v * USECS_PER_DAY);
        return true;
    case OG_OID_TIMESTAMPTZ:
        if (v == INT64_MAX || v == INT64_MIN) {
            if (to == OG_OID_TIME) {
                *out = og_value_null(to);
                return true;
            }
            set_int(out, to, to == OG_OID_DATE ? (v == INT64_MAX ? INT32_MAX : INT32_MIN) : v);
            return true;
        }
        /* to local time first */
        if (!via_text(cx, in, OG_OID_TIMESTAMP, a, &local, err))
            return false;
        if (to == OG_OID_TIMESTAMP) {
            *out = local;
            return true;
        }
        return cast_datetime(cx, &local, to, a, out, err);
    case OG_OID_TIMESTAMP:
        if (to == OG_OID_TIMESTAMPTZ)
            return via_text(cx, in, to, a, out, err);
        if (v == INT64_MAX || v == INT64_MIN) {
            if (to == OG_OID_TIME)
                *out = og_value_null(to);
            else
                set_int(out, to, v == INT64_MAX ? INT32_MAX : INT32_MIN);
            return true;
        }
        if (to == OG_OID_DATE)
            set_int(out, to, floor_div64(v, USECS_PER_DAY));
        else
            set_int(out, to, v - floor_div64(v, USECS_PER_DAY) * USECS_PER_DAY);
        return true;
    case OG_OID_TIME: /* -> interval */
        memset(out, 0, sizeof(*out));
        out->oid = to;
        out->u.iv.usec = v;
        return true;
    case OG_OID_INTERVAL: { /* -> time */
        int64_t t = in->u.iv.usec % USECS_PER_DAY;
        set_int(out, to, t < 0 ? t + USECS_PER_DAY : t);
        return true;
    }
    default:
        return false;
    }
}

static bool is_datetime(uint32_t t)
{
    return t == OG_OID_DATE || t == OG_OID_TIME || t == OG_OID_TIMESTAMP || t == OG_OID_TIMESTAMPTZ ||
           t == OG_OID_INTERVAL;
}

/* ---------------------------------------------------------------- casts */

static bool cast_to_string(const orm_eval_ctx *cx, const og_value *in, uint32_t to, og_arena *a, og_value *out)
{
    uint32_t from = in->oid;
    const char *p;
    size_t len;
    if (is_string(from) || is_unknown(from) || from == OG_OID_CHAR) {
        p = in->u.str.p;
        len = in->u.str.len;
        if (from == OG_OID_BPCHAR && to != OG_OID_BPCHAR)
            while (len > 0 && p[len - 1] == ' ')
                len--;
    } else {
        text_of(cx, in, a, &p, &len);
    }
    if (to == OG_OID_NAME && len >= NAMEDATALEN) {
        size_t off = 0;
        while (off < len && off + utf8_len((unsigned char)p[off]) <= NAMEDATALEN - 1)
            off += utf8_len((unsigned char)p[off]);
        len = off;
    }
    set_str(out, to, p, len);
    return true;
}

static bool cast_array(const orm_eval_ctx *cx, const og_value *in, uint32_t to, int32_t typmod, bool explicit_cast,
                       og_arena *a, og_value *out, og_error *err)
{
    uint32_t et = og_type_array_elem(to);
    og_array copy = in->u.arr; /* in may be out */
    const og_array *src = &copy;
    og_value *elems = og_arena_zalloc(a, (src->n ? src->n : 1) * sizeof(og_value));
    for (uint32_t i = 0; i < src->n; i++)
        if (!orm_cast(cx, &src->elems[i], et, typmod, explicit_cast, a, &elems[i], err))
            return false;
    memset(out, 0, sizeof(*out));
    out->oid = to;
    out->u.arr.elem_oid = et;
    out->u.arr.n = src->n;
    out->u.arr.lbound = src->lbound;
    out->u.arr.elems = elems;
    return true;
}

static bool cast_value(const orm_eval_ctx *cx, const og_value *in, uint32_t to, int32_t typmod, bool explicit_cast,
                       og_arena *a, og_value *out, og_error *err)
{
    uint32_t from = in->oid;
    if (from == to) {
        *out = *in;
        return true;
    }
    if (is_string(to))
        return cast_to_string(cx, in, to, a, out);
    if (og_type_array_elem(from) && og_type_array_elem(to))
        return cast_array(cx, in, to, typmod, explicit_cast, a, out, err);
    if (is_string(from) || is_unknown(from)) {
        if (to == OG_OID_CHAR) {
            set_str(out, to, in->u.str.p, in->u.str.len ? utf8_len((unsigned char)in->u.str.p[0]) : 0);
            return true;
        }
        if (to == OG_OID_OID) {
            og_value i8;
            if (!text_decode(cx, OG_OID_INT8, in->u.str.p, in->u.str.len, a, &i8, err))
                return false;
            return cast_number(&i8, to, a, out, err);
        }
        return text_decode(cx, to, in->u.str.p, in->u.str.len, a, out, err);
    }
    if (is_number(from) && is_number(to))
        return cast_number(in, to, a, out, err);
    if (from == OG_OID_BOOL && to == OG_OID_INT4) {
        set_int(out, to, in->u.b ? 1 : 0);
        return true;
    }
    if (from == OG_OID_INT4 && to == OG_OID_BOOL) {
        memset(out, 0, sizeof(*out));
        out->oid = to;
        out->u.b = in->u.i != 0;
        return true;
    }
    if (from == OG_OID_CHAR && to == OG_OID_INT4) {
        set_int(out, to, in->u.str.len ? (int8_t)in->u.str.p[0] : 0);
        return true;
    }
    if (from == OG_OID_INT4 && to == OG_OID_CHAR) {
        if (in->u.i < -128 || in->u.i > 127) {
            og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "\"char\" out of range");
            return false;
        }
        char *c = og_arena_alloc(a, 2);
        c[0] = (char)in->u.i;
        c[1] = '\0';
        set_str(out, to, c, c[0] ? 1 : 0);
        return true;
    }
    if (from == OG_OID_JSON && to == OG_OID_JSONB)
        return text_decode(cx, to, in->u.str.p, in->u.str.len, a, out, err);
    if (from == OG_OID_JSONB && to == OG_OID_JSON) {
        *out = *in;
        out->oid = to;
        return true;
    }
    if (from == OG_OID_JSONB)
        return cast_jsonb_scalar(in, to, a, out, err);
    if (is_datetime(from) && is_datetime(to))
        return cast_datetime(cx, in, to, a, out, err);
    assert(false && "cast_context and cast_value disagree");
    return false;
}

bool orm_cast(const orm_eval_ctx *cx, const og_value *in, uint32_t to, int32_t typmod, bool explicit_cast, og_arena *a,
              og_value *out, og_error *err)
{
    if (in->isnull) {
        *out = og_value_null(to);
        return true;
    }
    if (!cast_context(in->oid, to)) {
        og_error_set(err, "42846", "cannot cast type %s to %s", og_type_name(in->oid), og_type_name(to));
        return false;
    }
    og_value v;
    if (!cast_value(cx, in, to, typmod, explicit_cast, a, &v, err))
        return false;
    if (og_type_array_elem(to)) {
        /* an element-wise cast applied the typmod already; a copy or a parsed array has not */
        bool elementwise = og_type_array_elem(in->oid) && in->oid != to;
        if (typmod >= 0 && !elementwise && !v.isnull && !cast_array(cx, &v, to, typmod, explicit_cast, a, &v, err))
            return false;
    } else if (!apply_typmod(to, typmod, explicit_cast, a, &v, err)) {
        return false;
    }
    *out = v;
    return true;
}

/* ---------------------------------------------------------------- comparison */

static int cmp_bytes(const char *a, size_t la, const char *b, size_t lb)
{
    int c = memcmp(a, b, la < lb ? la : lb);
    if (c)
        return c < 0 ? -1 : 1;
    return la == lb ? 0 : la < lb ? -1 : 1;
}

static int cmp_i64(int64_t a, int64_t b)
{
    return a == b ? 0 : a < b ? -1 : 1;
}

static int cmp_float(double a, double b)
{
    if (isnan(a))
        return isnan(b) ? 0 : 1;
    if (isnan(b))
        return -1;
    return a == b ? 0 : a < b ? -1 : 1;
}

static int cmp_interval(const og_interval *a, const og_interval *b)
{
    __int128 x = (__int128)a->months * 30 * USECS_PER_DAY + (__int128)a->days * USECS_PER_DAY + a->usec;
    __int128 y = (__int128)b->months * 30 * USECS_PER_DAY + (__int128)b->days * USECS_PER_DAY + b->usec;
    return x == y ? 0 : x < y ? -1 : 1;
}

/* ---- jsonb ordering: the parsed value as a tree, then PostgreSQL's compareJsonbContainers rules */

typedef struct jnode {
    int type; /* order of jbvType: null < string < numeric < bool < array < object */
    bool b;
    const char *s;
    size_t len;
    size_t n;           /* elements, or pairs */
    struct jnode *kids; /* arrays: n elements; objects: 2n (key, value) sorted by key */
} jnode;

enum { J_NULL, J_STRING, J_NUMERIC, J_BOOL, J_ARRAY, J_OBJECT };

/* jsonb object keys are ordered by length, then bytes */
static int j_keycmp(const jnode *a, const jnode *b)
{
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return memcmp(a->s, b->s, a->len);
}

static int j_paircmp(const void *x, const void *y)
{
    return j_keycmp((const jnode *)x, (const jnode *)y);
}

/* The comparison tree of a parsed value (orm/json.c parses): strings de-escaped, object members
 * sorted as jsonb stores them. */
static void j_from(og_arena *a, const orm_json *j, jnode *n)
{
    memset(n, 0, sizeof(*n));
    switch (j->kind) {
    case ORM_JSON_NULL:
        n->type = J_NULL;
        return;
    case ORM_JSON_TRUE:
    case ORM_JSON_FALSE:
        n->type = J_BOOL;
        n->b = j->kind == ORM_JSON_TRUE;
        return;
    case ORM_JSON_NUMBER:
        n->type = J_NUMERIC;
        n->s = j->text;
        n->len = j->len;
        return;
    case ORM_JSON_STRING:
        n->type = J_STRING;
        n->s = orm_json_unquote(j->text, j->len, a, &n->len);
        return;
    default:
        break;
    }
    bool obj = j->kind == ORM_JSON_OBJECT;
    n->type = obj ? J_OBJECT : J_ARRAY;
    n->n = j->n;
    n->kids = og_arena_zalloc(a, sizeof(jnode) * (obj ? 2 : 1) * (j->n + 1u));
    size_t k = 0;
    for (const orm_json *c = j->child; c; c = c->next) {
        if (obj) {
            n->kids[k].type = J_STRING;
            n->kids[k].s = orm_json_unquote(c->key, c->klen, a, &n->kids[k].len);
            k++;
        }
        j_from(a, c, &n->kids[k++]);
    }
    if (obj)
        qsort(n->kids, n->n, 2 * sizeof(jnode), j_paircmp);
}

static void j_value(og_arena *a, const og_value *v, jnode *n)
{
    orm_json *t;
    og_error err = OG_ERROR_INIT;
    if (orm_json_parse(v->u.str.p, v->u.str.len, a, &t, &err)) {
        j_from(a, t, n);
    } else { /* not JSON (cannot come from the jsonb input): order by its bytes */
        memset(n, 0, sizeof(*n));
        n->type = J_STRING;
        n->s = v->u.str.p;
        n->len = v->u.str.len;
    }
    og_error_clear(&err);
}

static int j_cmp(const jnode *a, const jnode *b);

static int j_cmp_scalar(const jnode *a, const jnode *b)
{
    switch (a->type) {
    case J_STRING:
        return cmp_bytes(a->s, a->len, b->s, b->len);
    case J_NUMERIC: {
        og_value x = {.oid = OG_OID_NUMERIC}, y = {.oid = OG_OID_NUMERIC};
        x.u.str.p = a->s;
        x.u.str.len = a->len;
        y.u.str.p = b->s;
        y.u.str.len = b->len;
        return orm_num_cmp(&x, &y);
    }
    case J_BOOL:
        return a->b == b->b ? 0 : a->b ? 1 : -1;
    default:
        return 0;
    }
}

/* Containers: arrays by element count, objects by pair count, then element by element (object
 * pairs in storage order: keys by length, then bytes). */
static int j_cmp(const jnode *a, const jnode *b)
{
    if (a->type != b->type)
        return a->type > b->type ? 1 : -1;
    if (a->type != J_ARRAY && a->type != J_OBJECT)
        return j_cmp_scalar(a, b);
    if (a->n != b->n)
        return a->n > b->n ? 1 : -1;
    for (size_t i = 0; i < a->n; i++) {
        int c;
        if (a->type == J_OBJECT) {
            /* pairs are walked in storage order, but keys compare as strings */
            c = j_cmp_scalar(&a->kids[2 * i], &b->kids[2 * i]);
            if (c)
                return c;
            c = j_cmp(&a->kids[2 * i + 1], &b->kids[2 * i + 1]);
        } else {
            c = j_cmp(&a->kids[i], &b->kids[i]);
        }
        if (c)
            return c;
    }
    return 0;
}

/* Top level: a scalar is a one-element "raw scalar" array; arrays compare by count first,
 * then a raw scalar sorts before a real array (so [] < null < [1]). */
static int cmp_jsonb(const og_value *x, const og_value *y)
{
    og_arena a;
    og_arena_init(&a);
    jnode jx, jy;
    j_value(&a, x, &jx);
    j_value(&a, y, &jy);
    bool rx = jx.type != J_ARRAY && jx.type != J_OBJECT, ry = jy.type != J_ARRAY && jy.type != J_OBJECT;
    int c;
    if (rx && ry) {
        c = jx.type != jy.type ? (jx.type > jy.type ? 1 : -1) : j_cmp_scalar(&jx, &jy);
    } else if (rx != ry && (jx.type == J_ARRAY || jy.type == J_ARRAY)) {
        size_t nx = rx ? 1 : jx.n, ny = ry ? 1 : jy.n;
        if (nx != ny)
            c = nx > ny ? 1 : -1;
        else
            c = rx ? -1 : 1;
    } else if (rx != ry) {
        c = rx ? -1 : 1; /* scalar vs object: by type */
    } else {
        c = j_cmp(&jx, &jy);
    }
    og_arena_reset(&a);
    return c;
}

static int bpchar_len(const og_value *v)
{
    size_t n = v->u.str.len;
    while (n > 0 && v->u.str.p[n - 1] == ' ')
        n--;
    return (int)n;
}

static int cmp_array(const og_value *x, const og_value *y)
{
    const og_array *a = &x->u.arr, *b = &y->u.arr;
    uint32_t n = a->n < b->n ? a->n : b->n;
    for (uint32_t i = 0; i < n; i++) {
        const og_value *ea = &a->elems[i], *eb = &b->elems[i];
        if (ea->isnull || eb->isnull) {
            if (ea->isnull != eb->isnull)
                return ea->isnull ? 1 : -1; /* NULL elements sort last */
            continue;
        }
        int c = orm_value_cmp(ea, eb);
        if (c)
            return c;
    }
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    return cmp_i64(a->lbound, b->lbound);
}

int orm_value_cmp(const og_value *x, const og_value *y)
{
    assert(!x->isnull && !y->isnull);
    if (og_type_array_elem(x->oid))
        return cmp_array(x, y);
    switch (x->oid) {
    case OG_OID_BOOL:
        return x->u.b == y->u.b ? 0 : x->u.b ? 1 : -1;
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        return cmp_i64(x->u.i, y->u.i);
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        return cmp_float(x->u.f, y->u.f);
    case OG_OID_NUMERIC:
        return orm_num_cmp(x, y);
    case OG_OID_INTERVAL:
        return cmp_interval(&x->u.iv, &y->u.iv);
    case OG_OID_UUID: {
        int c = memcmp(x->u.uuid, y->u.uuid, 16);
        return c == 0 ? 0 : c < 0 ? -1 : 1;
    }
    case OG_OID_BPCHAR:
        return cmp_bytes(x->u.str.p, (size_t)bpchar_len(x), y->u.str.p, (size_t)bpchar_len(y));
    case OG_OID_JSONB:
        return cmp_jsonb(x, y);
    default: /* text, varchar, name, "char", json, bytea, unknown: bytes (C collation) */
        return cmp_bytes(x->u.str.p, x->u.str.len, y->u.str.p, y->u.str.len);
    }
}
