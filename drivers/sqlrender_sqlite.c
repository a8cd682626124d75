/*
 * drivers/sqlrender_sqlite.c - the SQLite dialect of the SQL renderer.
 *
 * What SQLite computes exactly as PostgreSQL does over the driver's storage
 * encoding (docs/sqlite.md), and how to write what it does not:
 *   - comparisons: integers, bool, floats (REAL, with NaN as TEXT 'NaN',
 *     which SQLite sorts above every number as PostgreSQL does), the text
 *     family (BINARY = C collation), bytea and uuid blobs and the datetime
 *     integers compare natively; bpchar under RTRIM (trailing spaces do not
 *     count); numeric, interval and jsonb text under the driver's collations;
 *     json and arrays only through og_cmp;
 *   - native operators: + - * on int2/int4 (the driver range-checks int2/int4
 *     results when it reads them), / and % on integers when the divisor is a
 *     constant other than 0 (and -1 for int8), text || text; everything else
 *     is og_<sym> (int8 overflow, float overflow and NaN, division by zero
 *     all need PostgreSQL's errors);
 *   - native casts where the storage does not change, or changes the way
 *     PostgreSQL converts (int -> float8, int4 -> bool, bpchar -> text);
 *   - column declarations and literals exactly as docs/sqlite.md requires
 *     (the literal encoder mirrors the driver's binding of every type).
 */
#include "drivers/sqlite_int.h"
#include "drivers/sqlrender.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sq_placeholder(og_buf *out, uint32_t n)
{
    og_buf_printf(out, "?%u", n);
}

/* ---- comparison ------------------------------------------------------------------------------------ */

static drv_cmp_rule sq_cmp_rule(uint32_t oid, bool ordering)
{
    (void)ordering;
    switch (oid) {
    case OG_OID_BOOL:
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
    case OG_OID_TEXT:
    case OG_OID_VARCHAR:
    case OG_OID_NAME:
    case OG_OID_CHAR:
    case OG_OID_UNKNOWN:
    case OG_OID_BYTEA:
    case OG_OID_UUID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        return (drv_cmp_rule){DRV_CMP_NATIVE, NULL};
    case OG_OID_BPCHAR:
        return (drv_cmp_rule){DRV_CMP_COLLATE, "RTRIM"};
    case OG_OID_NUMERIC:
        return (drv_cmp_rule){DRV_CMP_COLLATE, "og_numeric"};
    case OG_OID_INTERVAL:
        return (drv_cmp_rule){DRV_CMP_COLLATE, "og_interval"};
    case OG_OID_JSONB:
        return (drv_cmp_rule){DRV_CMP_COLLATE, "og_jsonb"};
    default:
        return (drv_cmp_rule){DRV_CMP_FUNC, NULL};
    }
}

/* ---- operators and casts ---------------------------------------------------------------------------- */

static bool small_int(uint32_t t)
{
    return t == OG_OID_INT2 || t == OG_OID_INT4;
}
static bool any_int(uint32_t t)
{
    return small_int(t) || t == OG_OID_INT8;
}
static bool plain_text(uint32_t t)
{
    return t == OG_OID_TEXT || t == OG_OID_VARCHAR || t == OG_OID_NAME || t == OG_OID_UNKNOWN;
}

/* A divisor that cannot raise PostgreSQL's division by zero (nor int8 overflow for -1). */
static bool safe_divisor(const orm_expr *d, bool int8)
{
    if (d->kind != ORM_EX_CONST || d->u.value.isnull)
        return false;
    int64_t v = d->u.value.u.i;
    return v != 0 && !(int8 && v == -1);
}

static const char *sq_native_func(og_arena *a, const orm_expr *call, const char *const *args)
{
    const char *op = call->u.call.fn->name;
    if (call->nargs == 1 && !strcmp(op, "-") && small_int(call->args[0]->type) && small_int(call->type))
        return og_arena_printf(a, "(- %s)", args[0]);
    if (call->nargs != 2)
        return NULL;
    uint32_t l = call->args[0]->type, r = call->args[1]->type, t = call->type;
    if ((!strcmp(op, "+") || !strcmp(op, "-") || !strcmp(op, "*")) && small_int(l) && small_int(r) && small_int(t))
        return og_arena_printf(a, "(%s %s %s)", args[0], op, args[1]);
    if ((!strcmp(op, "/") || !strcmp(op, "%")) && any_int(l) && any_int(r) && any_int(t) &&
        safe_divisor(call->args[1], t == OG_OID_INT8 && !strcmp(op, "/")))
        return og_arena_printf(a, "(%s %s %s)", args[0], op, args[1]);
    if (!strcmp(op, "||") && plain_text(l) && plain_text(r) && plain_text(t))
        return og_arena_printf(a, "(%s || %s)", args[0], args[1]);
    return NULL;
}

static const char *sq_native_cast(og_arena *a, const char *arg, uint32_t from, uint32_t to, int32_t typmod,
                                  bool explicit_cast)
{
    (void)explicit_cast;
    if (small_int(from) && any_int(to) && (from == OG_OID_INT2 || to != OG_OID_INT2))
        return arg; /* widening: the same INTEGER */
    if (any_int(from) && to == OG_OID_FLOAT8)
        return og_arena_printf(a, "CAST(%s AS REAL)", arg);
    if (from == OG_OID_FLOAT4 && to == OG_OID_FLOAT8)
        return arg;
    if (from == OG_OID_BOOL && to == OG_OID_INT4)
        return arg;
    if (from == OG_OID_INT4 && to == OG_OID_BOOL)
        return og_arena_printf(a, "(%s <> 0)", arg);
    if ((to == OG_OID_TEXT || to == OG_OID_VARCHAR) && typmod < 0) {
        if (from == OG_OID_TEXT || from == OG_OID_VARCHAR || from == OG_OID_NAME || from == OG_OID_JSON)
            return arg;
        if (from == OG_OID_BPCHAR) /* PostgreSQL drops a char(n)'s trailing spaces */
            return og_arena_printf(a, "rtrim(%s, ' ')", arg);
    }
    return NULL;
}

/* ---- arrays (JSON text in storage) -------------------------------------------------------------------- */

static const char *sq_array_elem(og_arena *a, uint32_t elem, const char *value, const char *type)
{
    (void)type;
    switch (elem) {
    case OG_OID_BOOL:
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
    case OG_OID_NUMERIC:
    case OG_OID_TEXT:
    case OG_OID_VARCHAR:
    case OG_OID_BPCHAR:
    case OG_OID_NAME:
    case OG_OID_CHAR:
    case OG_OID_INTERVAL:
    case OG_OID_JSON:
    case OG_OID_JSONB:
        return value; /* JSON integers and strings are the storage values */
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8: /* NaN and the infinities are JSON strings */
        return og_arena_printf(a,
                               "CASE %s WHEN 'NaN' THEN 'NaN' WHEN 'Infinity' THEN 9e999 WHEN '-Infinity' THEN -9e999 "
                               "ELSE CAST(%s AS REAL) END",
                               value, value);
    case OG_OID_UUID:
        return og_arena_printf(a, "og_cast('25:2950:-1:1', %s)", value);
    case OG_OID_BYTEA: /* lowercase hex digits */
        return og_arena_printf(a, "og_cast('25:17:-1:1', '\\x' || %s)", value);
    default:
        return NULL;
    }
}

static const char *sq_json_elem(og_arena *a, uint32_t elem, const char *value)
{
    switch (elem) {
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
    case OG_OID_NUMERIC:
    case OG_OID_TEXT:
    case OG_OID_VARCHAR:
    case OG_OID_BPCHAR:
    case OG_OID_NAME:
    case OG_OID_CHAR:
    case OG_OID_INTERVAL:
    case OG_OID_JSON:
    case OG_OID_JSONB:
        return value; /* INTEGER becomes a JSON number, TEXT a JSON string */
    case OG_OID_BOOL:
        return og_arena_printf(a, "json(CASE %s WHEN 0 THEN 'false' WHEN 1 THEN 'true' END)", value);
    default:
        return NULL; /* floats would lose digits, bytea and uuid are blobs */
    }
}

/* ---- DDL: declarations and literals -------------------------------------------------------------------- */

/* The name a column of element type oid is declared with (arrays: this + "[]"). */
static const char *decl_name(uint32_t oid)
{
    switch (oid) {
    case OG_OID_BOOL:
        return "BOOLEAN";
    case OG_OID_INT2:
        return "INT2";
    case OG_OID_INT4:
        return "INT4";
    case OG_OID_INT8:
    case OG_OID_OID:
        return "INT8";
    case OG_OID_FLOAT4:
        return "FLOAT4";
    case OG_OID_FLOAT8:
        return "FLOAT8";
    case OG_OID_NUMERIC:
        return "NUMERIC";
    case OG_OID_TEXT:
    case OG_OID_CHAR:
        return "TEXT";
    case OG_OID_VARCHAR:
        return "VARCHAR";
    case OG_OID_BPCHAR:
        return "CHAR";
    case OG_OID_NAME:
        return "NAME";
    case OG_OID_JSON:
        return "JSON";
    case OG_OID_JSONB:
        return "JSONB";
    case OG_OID_BYTEA:
        return "BYTEA";
    case OG_OID_UUID:
        return "UUID";
    case OG_OID_DATE:
        return "DATE";
    case OG_OID_TIME:
        return "TIME";
    case OG_OID_TIMESTAMP:
        return "TIMESTAMP";
    case OG_OID_TIMESTAMPTZ:
        return "TIMESTAMPTZ";
    case OG_OID_INTERVAL:
        return "INTERVAL";
    default:
        return NULL;
    }
}

static bool sq_column_type(og_buf *out, uint32_t oid, int32_t typmod, og_error *err)
{
    uint32_t elem = og_type_array_elem(oid);
    const char *n = decl_name(elem ? elem : oid);
    if (!n) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "columns of type %s are not supported on the sqlite backend",
                     og_type_name(oid) ? og_type_name(oid) : "unknown");
        return false;
    }
    og_buf_puts(out, n);
    if (elem) { /* SQLite takes no "(n)" before "[]"; the affinity of any array name keeps JSON text */
        og_buf_puts(out, "[]");
        return true;
    }
    switch (oid) {
    case OG_OID_VARCHAR:
    case OG_OID_BPCHAR:
        if (typmod >= 4)
            og_buf_printf(out, "(%d)", (int)(typmod - 4));
        break;
    case OG_OID_NUMERIC: /* TEXT affinity: '12.50' must not become 12.5 */
    case OG_OID_JSON:
    case OG_OID_JSONB:
    case OG_OID_NAME:
        og_buf_puts(out, " TEXT");
        break;
    case OG_OID_FLOAT4: /* BLOB affinity: REAL, 'NaN' and -0.0 stay as bound */
    case OG_OID_FLOAT8:
        og_buf_puts(out, " BLOB");
        break;
    default:
        break;
    }
    return true;
}

static const char *sq_column_collation(uint32_t oid)
{
    drv_cmp_rule r = sq_cmp_rule(oid, true);
    return r.kind == DRV_CMP_COLLATE ? r.collation : NULL;
}

/* DDL literals: the driver's own storage encoding (drivers/sqlite_value.c decides it once). */
static bool sq_literal(og_buf *out, const og_value *v, og_error *err) { return drv_sqlite_literal(out, v, err); }

const drv_dialect drv_dialect_sqlite = {
    .name = "sqlite",
    .flags = DRV_SQL_RIGHT_JOIN | DRV_SQL_FULL_JOIN | DRV_SQL_RETURNING | DRV_SQL_UPDATE_FROM | DRV_SQL_NEXTVAL,
    .quote = '"',
    .placeholder = sq_placeholder,
    .cmp_rule = sq_cmp_rule,
    .native_func = sq_native_func,
    .native_cast = sq_native_cast,
    .column_type = sq_column_type,
    .column_collation = sq_column_collation,
    .literal = sq_literal,
    .array_elem = sq_array_elem,
    .json_elem = sq_json_elem,
};
