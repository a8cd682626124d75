/*
 * orm/typename.c - type name resolution (see typename.h).
 */
#include "orm/typename.h"

#include <string.h>

#include "orm/value.h"

static const struct {
    const char *name;
    uint32_t oid;
    bool serial;
} names[] = {
    {"bool", OG_OID_BOOL, false},         {"boolean", OG_OID_BOOL, false},
    {"int2", OG_OID_INT2, false},         {"smallint", OG_OID_INT2, false},
    {"int4", OG_OID_INT4, false},         {"int", OG_OID_INT4, false},
    {"integer", OG_OID_INT4, false},      {"int8", OG_OID_INT8, false},
    {"bigint", OG_OID_INT8, false},       {"float4", OG_OID_FLOAT4, false},
    {"real", OG_OID_FLOAT4, false},       {"float8", OG_OID_FLOAT8, false},
    {"numeric", OG_OID_NUMERIC, false},   {"decimal", OG_OID_NUMERIC, false},
    {"text", OG_OID_TEXT, false},         {"varchar", OG_OID_VARCHAR, false},
    {"bpchar", OG_OID_BPCHAR, false},     {"char", OG_OID_BPCHAR, false},
    {"name", OG_OID_NAME, false},         {"bytea", OG_OID_BYTEA, false},
    {"date", OG_OID_DATE, false},         {"time", OG_OID_TIME, false},
    {"timestamp", OG_OID_TIMESTAMP, false}, {"timestamptz", OG_OID_TIMESTAMPTZ, false},
    {"interval", OG_OID_INTERVAL, false}, {"uuid", OG_OID_UUID, false},
    {"json", OG_OID_JSON, false},         {"jsonb", OG_OID_JSONB, false},
    {"oid", OG_OID_OID, false},           {"serial", OG_OID_INT4, true},
    {"serial4", OG_OID_INT4, true},       {"bigserial", OG_OID_INT8, true},
    {"serial8", OG_OID_INT8, true},       {"smallserial", OG_OID_INT2, true},
    {"serial2", OG_OID_INT2, true},
};

static const char *str_of(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

const char *orm_type_display(const PgQuery__TypeName *tn)
{
    const char *name = tn->n_names ? str_of(tn->names[tn->n_names - 1]) : NULL;
    return name ? name : "?";
}

static bool int_mod(const PgQuery__Node *n, int32_t *out)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST || n->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
        return false;
    *out = n->a_const->ival->ival;
    return true;
}

/* Type modifiers as PostgreSQL's typmodin functions check them. */
static bool resolve_typmod(const PgQuery__TypeName *tn, orm_type *t, og_error *err)
{
    t->typmod = -1;
    if (!tn->n_typmods)
        return true;
    int32_t a = 0, b = 0;
    if (t->oid == OG_OID_BPCHAR || t->oid == OG_OID_VARCHAR) {
        if (tn->n_typmods != 1 || !int_mod(tn->typmods[0], &a)) {
            og_error_set(err, "42601", "invalid type modifier");
            return false;
        }
        if (a < 1 || a > 10485760) {
            og_error_set(err, "22023", "length for type %s must be between 1 and 10485760",
                         t->oid == OG_OID_BPCHAR ? "char" : "varchar");
            return false;
        }
        t->typmod = a + 4;
        return true;
    }
    if (t->oid == OG_OID_NUMERIC) {
        if (tn->n_typmods > 2 || !int_mod(tn->typmods[0], &a) || (tn->n_typmods == 2 && !int_mod(tn->typmods[1], &b))) {
            og_error_set(err, "42601", "invalid NUMERIC type modifier");
            return false;
        }
        if (a < 1 || a > 1000) {
            og_error_set(err, "22023", "NUMERIC precision %d must be between 1 and 1000", a);
            return false;
        }
        if (b < -1000 || b > 1000) {
            og_error_set(err, "22023", "NUMERIC scale %d must be between -1000 and 1000", b);
            return false;
        }
        t->typmod = (int32_t)(((uint32_t)a << 16) | ((uint32_t)b & 0x7ff)) + 4;
        return true;
    }
    if (t->oid == OG_OID_TIMESTAMP || t->oid == OG_OID_TIMESTAMPTZ || t->oid == OG_OID_TIME ||
        t->oid == OG_OID_INTERVAL) {
        if (tn->n_typmods == 1 && int_mod(tn->typmods[0], &a) && a >= 0 && a <= 6) {
            t->typmod = a;
            return true;
        }
        if (t->oid == OG_OID_INTERVAL)
            return true; /* interval field restrictions (YEAR TO MONTH ...): accepted, not enforced */
        og_error_set(err, "22023", "%s precision must be between 0 and 6", orm_type_display(tn));
        return false;
    }
    og_error_set(err, "42601", "type modifier is not allowed for type \"%s\"", orm_type_display(tn));
    return false;
}

bool orm_type_resolve(const PgQuery__TypeName *tn, orm_type *out, og_error *err)
{
    const char *name = tn->n_names ? str_of(tn->names[tn->n_names - 1]) : NULL;
    out->oid = 0;
    out->typmod = -1;
    out->serial = false;
    if (tn->n_names == 2) {
        const char *schema = str_of(tn->names[0]);
        if (!schema || strcmp(schema, "pg_catalog"))
            name = NULL;
    }
    for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(names[i].name, name)) {
            out->oid = names[i].oid;
            out->serial = names[i].serial;
            break;
        }
    if (!out->oid || tn->setof || tn->pct_type) {
        og_error_set(err, OG_SQLSTATE_UNDEFINED_OBJECT, "type \"%s\" does not exist", orm_type_display(tn));
        return false;
    }
    if (!resolve_typmod(tn, out, err))
        return false;
    if (tn->n_array_bounds > 0) {
        if (out->serial) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "array of serial is not implemented");
            return false;
        }
        out->oid = og_type_array_of(out->oid);
    }
    return true;
}
