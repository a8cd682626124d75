/*
 * orm/error.c - building and moving og_error values.
 */
#include "orm/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 1, 0))) static char *vformat(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0) {
        fputs("ormgate: out of memory\n", stderr);
        abort();
    }
    return s;
}

void og_error_clear(og_error *e)
{
    free(e->message);
    free(e->detail);
    free(e->hint);
    free(e->constraint);
    free(e->table);
    free(e->column);
    memset(e, 0, sizeof(*e));
}

void og_error_set(og_error *e, const char *code, const char *fmt, ...)
{
    og_error_clear(e);
    strncpy(e->code, code, 5);
    e->code[5] = '\0';
    e->severity = "ERROR";
    va_list ap;
    va_start(ap, fmt);
    e->message = vformat(fmt, ap);
    va_end(ap);
}

void og_error_detail(og_error *e, const char *fmt, ...)
{
    free(e->detail);
    va_list ap;
    va_start(ap, fmt);
    e->detail = vformat(fmt, ap);
    va_end(ap);
}

void og_error_hint(og_error *e, const char *fmt, ...)
{
    free(e->hint);
    va_list ap;
    va_start(ap, fmt);
    e->hint = vformat(fmt, ap);
    va_end(ap);
}

void og_error_move(og_error *dst, og_error *src)
{
    if (dst == src)
        return;
    og_error_clear(dst);
    *dst = *src;
    memset(src, 0, sizeof(*src));
}
