/*
 * orm/json.h - reading and writing JSON text for the json / jsonb functions
 * (orm/fn_json.c) and aggregates (orm/fn_agg.c).
 *
 * A json value is the client's text (validated by the codec); a jsonb value
 * is PostgreSQL's normalised text (keys sorted and unique, one space after
 * ':' and ','). Both arrive here already valid, so the reader only has to
 * find the structure: orm_json_parse builds a tree of nodes in an arena,
 * each remembering the span of its own text in the document. Extracting a
 * member is then a copy of that span, which is exactly what PostgreSQL
 * returns for json (the input's own spacing) and for jsonb (the span of a
 * normalised text is normalised). New jsonb values are written as plain JSON
 * text and normalised by the installed text I/O (og_text_io_get()->decode
 * with OG_OID_JSONB), so the one normaliser lives in wire/codec_json.c.
 *
 * The reader is iterative (an explicit stack), so nesting depth is bounded
 * by memory, not by the C stack.
 */
#ifndef ORM_JSON_H
#define ORM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/mem.h"
#include "orm/value.h"

enum {
    ORM_JSON_NULL,
    ORM_JSON_TRUE,
    ORM_JSON_FALSE,
    ORM_JSON_NUMBER,
    ORM_JSON_STRING,
    ORM_JSON_ARRAY,
    ORM_JSON_OBJECT,
};

typedef struct orm_json orm_json;
struct orm_json {
    int kind;         /* ORM_JSON_* */
    const char *text; /* the value's text in the document (a string with its quotes and escapes) */
    size_t len;
    const char *key; /* members of an object: the key's text, with its quotes and escapes */
    size_t klen;
    uint32_t n;      /* arrays and objects: number of elements or members */
    orm_json *child; /* first element or member */
    orm_json *next;  /* next sibling */
};

/* Parse JSON text s[0..len) into a tree allocated in a. 22P02 "invalid input syntax
 * for type json" when the text is not JSON. */
bool orm_json_parse(const char *s, size_t len, og_arena *a, orm_json **out, og_error *err);

/* The de-escaped contents of a JSON string literal (text with its quotes), NUL-terminated in a. */
char *orm_json_unquote(const char *text, size_t len, og_arena *a, size_t *outlen);

/* Does the JSON string literal text (with quotes) spell s[0..n)? */
bool orm_json_str_eq(const char *text, size_t len, const char *s, size_t n, og_arena *a);

/* Append s[0..n) as a JSON string literal, escaped as PostgreSQL's escape_json does. */
void orm_json_quote(og_buf *b, const char *s, size_t n);

/* Append v as to_json / to_jsonb render it (datum_to_json): NULL as null, booleans and
 * numbers (when their text is a JSON number) bare, date and timestamps in ISO 8601 with
 * 'T' (timestamptz in zone timezone), json and jsonb as their text, arrays as JSON
 * arrays, anything else as the string of its output function. With is_key the value is
 * an object key: always a string, and arrays, json and jsonb are refused with 22023
 * "key value must be scalar, not array, composite, or json". */
bool orm_json_put_value(og_buf *b, const og_value *v, bool is_key, const char *timezone, og_error *err);

/* The jsonb value of JSON text s[0..n) (normalised through the installed text I/O). */
bool orm_jsonb_from_text(const char *s, size_t n, og_arena *a, og_value *out, og_error *err);

#endif
