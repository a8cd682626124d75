/*
 * orm/mem.c - arenas and byte buffers (see mem.h for the model).
 *
 * Out of memory aborts: a server that cannot allocate a few kilobytes has no
 * useful way to go on, and checking every allocation would hide the logic.
 */
#include "orm/mem.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_BLOCK 1024
#define ARENA_MAX_BLOCK (256 * 1024)
#define ARENA_ALIGN 16

struct og_arena_block {
    og_arena_block *prev;
    size_t size; /* usable bytes in data */
    size_t used;
    _Alignas(ARENA_ALIGN) uint8_t data[];
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("ormgate: out of memory\n", stderr);
        abort();
    }
    return p;
}

void og_arena_init(og_arena *a)
{
    a->head = NULL;
    a->next_size = ARENA_FIRST_BLOCK;
    a->total = 0;
}

void og_arena_init_sized(og_arena *a, size_t first_block)
{
    og_arena_init(a);
    a->next_size = first_block < 64 ? 64 : first_block;
}

void og_arena_reset(og_arena *a)
{
    og_arena_block *b = a->head;
    while (b) {
        og_arena_block *prev = b->prev;
        free(b);
        b = prev;
    }
    og_arena_init(a);
}

void *og_arena_alloc(og_arena *a, size_t n)
{
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    og_arena_block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = a->next_size;
        if (need > size / 2) {
            /* a large object gets its own block, behind the current one, so
             * the current block's free space stays usable */
            og_arena_block *big = xmalloc(sizeof(*big) + need);
            big->size = need;
            big->used = need;
            a->total += need;
            if (b) {
                big->prev = b->prev;
                b->prev = big;
            } else {
                big->prev = NULL;
                a->head = big;
            }
            return big->data;
        }
        b = xmalloc(sizeof(*b) + size);
        b->size = size;
        b->used = 0;
        b->prev = a->head;
        a->head = b;
        a->total += size;
        if (a->next_size < ARENA_MAX_BLOCK)
            a->next_size *= 2;
    }
    void *p = b->data + b->used;
    b->used += need;
    return p;
}

void *og_arena_zalloc(og_arena *a, size_t n)
{
    void *p = og_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *og_arena_memdup(og_arena *a, const void *p, size_t n)
{
    char *d = og_arena_alloc(a, n + 1);
    if (n)
        memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

char *og_arena_strdup(og_arena *a, const char *s)
{
    return s ? og_arena_memdup(a, s, strlen(s)) : NULL;
}

char *og_arena_printf(og_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert(n >= 0);
    char *d = og_arena_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return d;
}

void og_buf_reserve(og_buf *b, size_t n)
{
    if (b->cap - b->len >= n + 1) /* +1 keeps room for og_buf_cstr's NUL */
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len < n + 1)
        cap *= 2;
    uint8_t *d = realloc(b->data, cap);
    if (!d) {
        fputs("ormgate: out of memory\n", stderr);
        abort();
    }
    b->data = d;
    b->cap = cap;
}

void og_buf_free(og_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void og_buf_append(og_buf *b, const void *p, size_t n)
{
    if (!n)
        return;
    og_buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void og_buf_putc(og_buf *b, uint8_t c)
{
    og_buf_reserve(b, 1);
    b->data[b->len++] = c;
}

void og_buf_puts(og_buf *b, const char *s) { og_buf_append(b, s, strlen(s)); }

void og_buf_put_quoted(og_buf *b, const char *s, char q)
{
    og_buf_putc(b, (uint8_t)q);
    for (const char *p = s; *p; p++) {
        if (*p == q)
            og_buf_putc(b, (uint8_t)q);
        og_buf_putc(b, (uint8_t)*p);
    }
    og_buf_putc(b, (uint8_t)q);
}

char *og_arena_quoted(og_arena *a, const char *s, char q)
{
    og_buf b = OG_BUF_INIT;
    og_buf_put_quoted(&b, s, q);
    char *out = og_arena_memdup(a, b.data, b.len);
    og_buf_free(&b);
    return out;
}

void og_buf_putcstr(og_buf *b, const char *s) { og_buf_append(b, s, strlen(s) + 1); }

void og_buf_vprintf(og_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    assert(n >= 0);
    og_buf_reserve(b, (size_t)n);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

void og_buf_printf(og_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    og_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void og_buf_put16(og_buf *b, uint16_t v)
{
    uint8_t p[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    og_buf_append(b, p, 2);
}

void og_buf_put32(og_buf *b, uint32_t v)
{
    uint8_t p[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    og_buf_append(b, p, 4);
}

void og_buf_put64(og_buf *b, uint64_t v)
{
    og_buf_put32(b, (uint32_t)(v >> 32));
    og_buf_put32(b, (uint32_t)v);
}

void og_buf_set32(og_buf *b, size_t off, uint32_t v)
{
    assert(off + 4 <= b->len);
    b->data[off] = (uint8_t)(v >> 24);
    b->data[off + 1] = (uint8_t)(v >> 16);
    b->data[off + 2] = (uint8_t)(v >> 8);
    b->data[off + 3] = (uint8_t)v;
}

char *og_buf_cstr(og_buf *b)
{
    og_buf_reserve(b, 0);
    b->data[b->len] = '\0';
    return (char *)b->data;
}
