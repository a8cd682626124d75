/*
 * orm/sqlparse.h - SQL text to PostgreSQL 15 parse trees (libpg_query).
 *
 * Every statement ormgate sees goes through here first. The parser is the
 * real PostgreSQL grammar; this module adds what a server needs around it:
 * errors as og_error with SQLSTATE and a character position, and protection
 * against statements nested so deeply that libpg_query's recursive tree
 * conversion would overflow the thread's stack (those get 54001, as
 * PostgreSQL answers "stack depth limit exceeded").
 *
 * Threads that parse must have at least ORM_PARSE_STACK_SIZE of stack.
 */
#ifndef ORM_SQLPARSE_H
#define ORM_SQLPARSE_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stddef.h>

#include "orm/error.h"
#include "orm/mem.h"

/* Stack a parsing thread needs for the nesting orm_sql_parse admits. */
#define ORM_PARSE_STACK_SIZE (256u * 1024 * 1024)
/* Estimated nesting above which a statement is refused with 54001. */
#define ORM_PARSE_MAX_DEPTH 20000

typedef struct orm_parsed {
    PgQuery__ParseResult *tree; /* unpacked; tree->stmts[i] */
    const char *sql;            /* the text parsed (not owned) */
} orm_parsed;

/* Parse sql (one or more statements). On failure returns false and sets err
 * (42601 with position for syntax errors, 54001 for too deep nesting). */
bool orm_sql_parse(const char *sql, orm_parsed *out, og_error *err);
void orm_sql_parsed_free(orm_parsed *p);

/* Byte offset and length of statement i within the parsed text (whitespace
 * before it skipped, no trailing semicolon). */
void orm_sql_stmt_span(const orm_parsed *p, size_t i, size_t *off, size_t *len);

/* Upper bound on the nesting depth of sql's parse tree, from its tokens. */
size_t orm_sql_depth_estimate(const char *sql);

/* Append the input text of a literal (integer, numeric, string or boolean constant) to out,
 * as PostgreSQL's input functions would read it. False for NULL and bit strings. */
bool orm_sql_const_text(const PgQuery__AConst *c, og_buf *out);

/* Convert a byte offset in text to PostgreSQL's 1-based character position. */
int orm_sql_char_position(const char *text, size_t byte_off);

#endif
