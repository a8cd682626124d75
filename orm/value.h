/*
 * orm/value.h - the one typed value that travels between the edges.
 *
 * A value is tagged with the PostgreSQL type OID it carries, because the
 * product's face is PostgreSQL: the client's types are the lingua franca and
 * every driver converts to and from them. The payload uses PostgreSQL's own
 * internal representation where one exists, so the binary wire format is a
 * byte swap away and no precision is lost:
 *   bool        b
 *   int2/4/8    i (int64)
 *   float4/8    f (double; float4 values are kept at float precision)
 *   numeric     str: canonical decimal text ("-12.50", "NaN", "Infinity")
 *   text, varchar, bpchar, name, json, jsonb   str (UTF-8, not NUL-counted)
 *   bytea       str (raw bytes)
 *   date        i: days since 2000-01-01 (INT32 range; +/-infinity as INT32 max/min)
 *   time        i: microseconds since midnight
 *   timestamp, timestamptz  i: microseconds since 2000-01-01 00:00 (UTC for tz);
 *               +/-infinity as INT64 max/min
 *   interval    iv: {microseconds, days, months}
 *   uuid        uuid[16]
 *   arrays      arr: one-dimensional, element type OID, elements
 * Variable-length payloads point into an arena owned by whoever made the value
 * (a statement, a portal, an entity); values are never freed one by one.
 */
#ifndef OG_VALUE_H
#define OG_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/mem.h"

/* PostgreSQL type OIDs (pg_type.dat of PostgreSQL 15). */
enum {
    OG_OID_UNKNOWN_PARAM = 0, /* unspecified parameter type in Parse */
    OG_OID_BOOL = 16,
    OG_OID_BYTEA = 17,
    OG_OID_CHAR = 18,
    OG_OID_NAME = 19,
    OG_OID_INT8 = 20,
    OG_OID_INT2 = 21,
    OG_OID_INT4 = 23,
    OG_OID_TEXT = 25,
    OG_OID_OID = 26,
    OG_OID_JSON = 114,
    OG_OID_FLOAT4 = 700,
    OG_OID_FLOAT8 = 701,
    OG_OID_UNKNOWN = 705,
    OG_OID_BPCHAR = 1042,
    OG_OID_VARCHAR = 1043,
    OG_OID_DATE = 1082,
    OG_OID_TIME = 1083,
    OG_OID_TIMESTAMP = 1114,
    OG_OID_TIMESTAMPTZ = 1184,
    OG_OID_INTERVAL = 1186,
    OG_OID_NUMERIC = 1700,
    OG_OID_UUID = 2950,
    OG_OID_JSONB = 3802,
    OG_OID_REGTYPE = 2206, /* pg_typeof(): payload str = the type's name (format_type) */
    /* one-dimensional array types */
    OG_OID_BOOL_ARRAY = 1000,
    OG_OID_BYTEA_ARRAY = 1001,
    OG_OID_INT2_ARRAY = 1005,
    OG_OID_INT4_ARRAY = 1007,
    OG_OID_TEXT_ARRAY = 1009,
    OG_OID_BPCHAR_ARRAY = 1014,
    OG_OID_VARCHAR_ARRAY = 1015,
    OG_OID_INT8_ARRAY = 1016,
    OG_OID_FLOAT4_ARRAY = 1021,
    OG_OID_FLOAT8_ARRAY = 1022,
    OG_OID_TIMESTAMP_ARRAY = 1115,
    OG_OID_DATE_ARRAY = 1182,
    OG_OID_TIME_ARRAY = 1183,
    OG_OID_TIMESTAMPTZ_ARRAY = 1185,
    OG_OID_INTERVAL_ARRAY = 1187,
    OG_OID_NUMERIC_ARRAY = 1231,
    OG_OID_UUID_ARRAY = 2951,
    OG_OID_JSON_ARRAY = 199,
    OG_OID_JSONB_ARRAY = 3807,
};

typedef struct og_interval {
    int64_t usec;
    int32_t days;
    int32_t months;
} og_interval;

typedef struct og_value og_value;

typedef struct og_array {
    uint32_t elem_oid;
    uint32_t n;
    int32_t lbound; /* lower bound, 1 unless the client said otherwise */
    og_value *elems;
} og_array;

struct og_value {
    uint32_t oid; /* type of the value (OG_OID_*) */
    bool isnull;
    union {
        bool b;
        int64_t i;
        double f;
        struct {
            const char *p; /* not NUL-terminated in general */
            size_t len;
        } str;
        og_interval iv;
        uint8_t uuid[16];
        og_array arr;
    } u;
};

/* A NULL of the given type. */
static inline og_value og_value_null(uint32_t oid)
{
    og_value v = {0};
    v.oid = oid;
    v.isnull = true;
    return v;
}

/* Element type of an array type OID, or 0 when oid is not an array type we know. */
uint32_t og_type_array_elem(uint32_t array_oid);
/* Is the payload of a value of this type u.str (text types, bytea, json, numeric, unknown)? */
bool og_type_is_str(uint32_t oid);
/* A deep copy of v (strings and array elements copied into a). */
og_value og_value_copy(const og_value *v, og_arena *a);
/* Array type OID for an element type, or 0 when there is none. */
uint32_t og_type_array_of(uint32_t elem_oid);
/* PostgreSQL's name of a type (format_type style: "integer", "text", "timestamp with time zone", "integer[]"). */
const char *og_type_name(uint32_t oid);
/* The OID of a type given its PostgreSQL name as og_type_name writes it, or 0. */
uint32_t og_type_by_name(const char *name, size_t len);
/* typlen as RowDescription reports it (-1 for variable length). */
int16_t og_type_len(uint32_t oid);


/* ---- text input and output ------------------------------------------------------
 * PostgreSQL's type input and output functions (the client's text formats,
 * DateStyle ISO, IntervalStyle postgres) are implemented once, by wire/codec.c.
 * orm/ and drivers/ must not include wire/, so the proxy installs them here at
 * start-up (proxy/textio.c; unit tests call the same installer). Casts to and
 * from text and COPY use them. */
struct og_error;
typedef struct og_text_io {
    /* Parse text of type oid; false with err set (22P02, 22003, 22007, 22008). */
    bool (*decode)(uint32_t oid, const char *s, size_t len, const char *timezone, og_arena *a, og_value *out,
                   struct og_error *err);
    /* Append the text output of v (not NULL). */
    void (*encode)(const og_value *v, const char *timezone, og_buf *out);
} og_text_io;

void og_text_io_install(const og_text_io *io);
/* The installed functions (aborts when none is installed: a start-up bug). */
const og_text_io *og_text_io_get(void);

#endif
