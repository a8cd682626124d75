/*
 * wire/err.h - the error a pure wire/ function reports.
 *
 * wire/ depends on nothing of ours but orm/value.h, so its decoders report
 * failures in this small fixed struct (SQLSTATE + message); the proxy turns
 * it into the project's og_error and an ErrorResponse.
 */
#ifndef WIRE_ERR_H
#define WIRE_ERR_H

#include <stdio.h>
#include <string.h>

typedef struct wire_err {
    char code[6];      /* SQLSTATE */
    char message[256]; /* PostgreSQL-style message, truncated if longer */
} wire_err;

#define wire_err_set(e, sqlstate, ...)                                                   \
    do {                                                                                 \
        if (e) {                                                                         \
            memcpy((e)->code, (sqlstate), 6);                                            \
            snprintf((e)->message, sizeof((e)->message), __VA_ARGS__);                   \
        }                                                                                \
    } while (0)

#endif
