/*
 * orm/error.h - the one error type of ormgate.
 *
 * An error carries its SQLSTATE from the place it starts (the PostgreSQL
 * ereport habit), plus message, detail, hint, position and the constraint,
 * table and column it concerns. It flows up unchanged through drivers and the
 * ORM to the proxy, which turns it into an ErrorResponse. Strings are owned
 * by the error (malloc) and freed by og_error_clear.
 */
#ifndef OG_ERROR_H
#define OG_ERROR_H

#include <stdbool.h>

typedef struct og_error {
    char code[6];         /* SQLSTATE, "" when no error is set */
    const char *severity; /* "ERROR", "FATAL", "WARNING", "NOTICE" (static) */
    char *message;
    char *detail;
    char *hint;
    char *constraint;
    char *table;
    char *column;
    int position; /* 1-based character position in the statement, 0 = none */
} og_error;

#define OG_ERROR_INIT {{0}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}

/* Set code and message (severity ERROR), replacing any previous error. */
void og_error_set(og_error *e, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void og_error_detail(og_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void og_error_hint(og_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Free the strings and reset to "no error". */
void og_error_clear(og_error *e);
/* Move src into dst (dst cleared first); src is left empty. */
void og_error_move(og_error *dst, og_error *src);
static inline bool og_error_isset(const og_error *e) { return e->code[0] != '\0'; }

/* SQLSTATEs used across the code. */
#define OG_SQLSTATE_PROTOCOL_VIOLATION "08P01"
#define OG_SQLSTATE_FEATURE_NOT_SUPPORTED "0A000"
#define OG_SQLSTATE_SYNTAX_ERROR "42601"
#define OG_SQLSTATE_IN_FAILED_TRANSACTION "25P02"
#define OG_SQLSTATE_INVALID_PASSWORD "28P01"
#define OG_SQLSTATE_INVALID_AUTHORIZATION "28000"
#define OG_SQLSTATE_TOO_MANY_CONNECTIONS "53300"
#define OG_SQLSTATE_ADMIN_SHUTDOWN "57P01"
#define OG_SQLSTATE_QUERY_CANCELED "57014"
#define OG_SQLSTATE_STATEMENT_TOO_COMPLEX "54001"
#define OG_SQLSTATE_UNDEFINED_OBJECT "42704"
#define OG_SQLSTATE_INVALID_TEXT_REPRESENTATION "22P02"
#define OG_SQLSTATE_INVALID_PARAMETER_VALUE "22023"
#define OG_SQLSTATE_INVALID_BINARY_REPRESENTATION "22P03"
#define OG_SQLSTATE_NUMERIC_OUT_OF_RANGE "22003"
#define OG_SQLSTATE_DATETIME_FIELD_OVERFLOW "22008"
#define OG_SQLSTATE_INVALID_DATETIME_FORMAT "22007"
#define OG_SQLSTATE_DUPLICATE_PSTATEMENT "42P05"
#define OG_SQLSTATE_DUPLICATE_CURSOR "42P03"
#define OG_SQLSTATE_UNDEFINED_PSTATEMENT "26000"
#define OG_SQLSTATE_UNDEFINED_CURSOR "34000"
#define OG_SQLSTATE_ACTIVE_SQL_TRANSACTION "25001"
#define OG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION "25P01"
#define OG_SQLSTATE_IDLE_IN_TRANSACTION_TIMEOUT "25P03"
#define OG_SQLSTATE_IDLE_SESSION_TIMEOUT "57P05"
#define OG_SQLSTATE_CANT_CHANGE_RUNTIME_PARAM "55P02"
#define OG_SQLSTATE_INTERNAL_ERROR "XX000"
#define OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED "54000"

#endif
