/*
 * orm/value.c - facts about the PostgreSQL types ormgate knows: names,
 * lengths and array/element pairs, from one table.
 */
#include "orm/value.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct type_info {
    uint32_t oid;
    uint32_t array_oid;
    int16_t len;
    const char *name;
} type_info;

static const type_info types[] = {
    {OG_OID_BOOL, OG_OID_BOOL_ARRAY, 1, "boolean"},
    {OG_OID_BYTEA, OG_OID_BYTEA_ARRAY, -1, "bytea"},
    {OG_OID_CHAR, 1002, 1, "\"char\""},
    {OG_OID_NAME, 1003, 64, "name"},
    {OG_OID_INT8, OG_OID_INT8_ARRAY, 8, "bigint"},
    {OG_OID_INT2, OG_OID_INT2_ARRAY, 2, "smallint"},
    {OG_OID_INT4, OG_OID_INT4_ARRAY, 4, "integer"},
    {OG_OID_TEXT, OG_OID_TEXT_ARRAY, -1, "text"},
    {OG_OID_OID, 1028, 4, "oid"},
    {OG_OID_JSON, OG_OID_JSON_ARRAY, -1, "json"},
    {OG_OID_FLOAT4, OG_OID_FLOAT4_ARRAY, 4, "real"},
    {OG_OID_FLOAT8, OG_OID_FLOAT8_ARRAY, 8, "double precision"},
    {OG_OID_UNKNOWN, 0, -2, "unknown"},
    {OG_OID_BPCHAR, OG_OID_BPCHAR_ARRAY, -1, "character"},
    {OG_OID_VARCHAR, OG_OID_VARCHAR_ARRAY, -1, "character varying"},
    {OG_OID_DATE, OG_OID_DATE_ARRAY, 4, "date"},
    {OG_OID_TIME, OG_OID_TIME_ARRAY, 8, "time without time zone"},
    {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP_ARRAY, 8, "timestamp without time zone"},
    {OG_OID_TIMESTAMPTZ, OG_OID_TIMESTAMPTZ_ARRAY, 8, "timestamp with time zone"},
    {OG_OID_INTERVAL, OG_OID_INTERVAL_ARRAY, 16, "interval"},
    {OG_OID_NUMERIC, OG_OID_NUMERIC_ARRAY, -1, "numeric"},
    {OG_OID_UUID, OG_OID_UUID_ARRAY, 16, "uuid"},
    {OG_OID_JSONB, OG_OID_JSONB_ARRAY, -1, "jsonb"},
    {OG_OID_REGTYPE, 0, 4, "regtype"},
};

static const type_info *find_elem(uint32_t oid)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (types[i].oid == oid)
            return &types[i];
    return NULL;
}

static const type_info *find_array(uint32_t array_oid)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (types[i].array_oid == array_oid && array_oid)
            return &types[i];
    return NULL;
}

bool og_type_is_str(uint32_t oid)
{
    switch (oid) {
    case OG_OID_BYTEA:
    case OG_OID_CHAR:
    case OG_OID_NAME:
    case OG_OID_REGTYPE:
    case OG_OID_TEXT:
    case OG_OID_JSON:
    case OG_OID_UNKNOWN:
    case OG_OID_BPCHAR:
    case OG_OID_VARCHAR:
    case OG_OID_NUMERIC:
    case OG_OID_JSONB:
        return true;
    default:
        return false;
    }
}

og_value og_value_copy(const og_value *v, og_arena *a)
{
    og_value r = *v;
    if (v->isnull)
        return r;
    if (og_type_array_elem(v->oid)) {
        r.u.arr.elems = og_arena_alloc(a, sizeof(og_value) * (v->u.arr.n + 1u));
        for (uint32_t i = 0; i < v->u.arr.n; i++)
            r.u.arr.elems[i] = og_value_copy(&v->u.arr.elems[i], a);
    } else if (og_type_is_str(v->oid)) {
        r.u.str.p = og_arena_memdup(a, v->u.str.len ? v->u.str.p : "", v->u.str.len);
    }
    return r;
}

uint32_t og_type_array_elem(uint32_t array_oid)
{
    const type_info *t = find_array(array_oid);
    return t ? t->oid : 0;
}

uint32_t og_type_array_of(uint32_t elem_oid)
{
    const type_info *t = find_elem(elem_oid);
    return t ? t->array_oid : 0;
}

const char *og_type_name(uint32_t oid)
{
    static const struct {
        uint32_t oid;
        const char *name;
    } arrays[] = {
        {OG_OID_BOOL_ARRAY, "boolean[]"},
        {OG_OID_BYTEA_ARRAY, "bytea[]"},
        {OG_OID_INT2_ARRAY, "smallint[]"},
        {OG_OID_INT4_ARRAY, "integer[]"},
        {OG_OID_INT8_ARRAY, "bigint[]"},
        {OG_OID_TEXT_ARRAY, "text[]"},
        {OG_OID_BPCHAR_ARRAY, "character[]"},
        {OG_OID_VARCHAR_ARRAY, "character varying[]"},
        {OG_OID_FLOAT4_ARRAY, "real[]"},
        {OG_OID_FLOAT8_ARRAY, "double precision[]"},
        {OG_OID_DATE_ARRAY, "date[]"},
        {OG_OID_TIME_ARRAY, "time without time zone[]"},
        {OG_OID_TIMESTAMP_ARRAY, "timestamp without time zone[]"},
        {OG_OID_TIMESTAMPTZ_ARRAY, "timestamp with time zone[]"},
        {OG_OID_INTERVAL_ARRAY, "interval[]"},
        {OG_OID_NUMERIC_ARRAY, "numeric[]"},
        {OG_OID_UUID_ARRAY, "uuid[]"},
        {OG_OID_JSON_ARRAY, "json[]"},
        {OG_OID_JSONB_ARRAY, "jsonb[]"},
    };
    const type_info *t = find_elem(oid);
    if (t)
        return t->name;
    for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
        if (arrays[i].oid == oid)
            return arrays[i].name;
    return "unknown";
}

uint32_t og_type_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (strlen(types[i].name) == len && !memcmp(types[i].name, name, len))
            return types[i].oid;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        size_t n = strlen(types[i].name);
        if (types[i].array_oid && n + 2 == len && !memcmp(types[i].name, name, n) && !memcmp(name + n, "[]", 2))
            return types[i].array_oid;
    }
    return 0;
}

int16_t og_type_len(uint32_t oid)
{
    const type_info *t = find_elem(oid);
    return t ? t->len : -1;
}

static const og_text_io *text_io;

void og_text_io_install(const og_text_io *io) { __atomic_store_n(&text_io, io, __ATOMIC_RELEASE); }

const og_text_io *og_text_io_get(void)
{
    const og_text_io *io = __atomic_load_n(&text_io, __ATOMIC_ACQUIRE);
    if (!io)
        abort();
    return io;
}
