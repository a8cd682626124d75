/*
 * orm/typename.h - PostgreSQL type names (as the parser gives them) to the
 * type OIDs and type modifiers of orm/value.h.
 *
 * One table serves casts in statements and column types in CREATE TABLE:
 * "int", "integer" and "int4" are one type; serial types are int4/int8/int2
 * with a sequence default; varchar(n) and char(n) carry n + 4 as typmod and
 * numeric(p,s) carries ((p << 16) | s) + 4, as PostgreSQL stores them.
 */
#ifndef ORM_TYPENAME_H
#define ORM_TYPENAME_H

#include <pg_query/pg_query.pb-c.h>
#include <stdbool.h>
#include <stdint.h>

#include "orm/error.h"

typedef struct orm_type {
    uint32_t oid;
    int32_t typmod; /* -1: none */
    bool serial;    /* serial / bigserial / smallserial */
} orm_type;

/* Resolve a parsed type name. Unknown types: false with 42704
 * `type "x" does not exist`; bad modifiers: 22023. */
bool orm_type_resolve(const PgQuery__TypeName *tn, orm_type *out, og_error *err);
/* The last name of a TypeName ("int4", "varchar", ...), for messages. */
const char *orm_type_display(const PgQuery__TypeName *tn);

#endif
