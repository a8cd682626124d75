/*
 * orm/mem.h - memory of ormgate: arenas (memory contexts) and byte buffers.
 *
 * An arena hands out memory from large blocks and frees all of it at once,
 * like a PostgreSQL memory context: a statement's temporaries live in the
 * statement's arena, a session's state in the session's arena, and nobody
 * frees single objects. Blocks grow geometrically; an allocation larger than
 * a block gets a block of its own, so one huge value does not waste space.
 *
 * og_buf is a growable byte string (malloc-owned) used to build protocol
 * messages and SQL text. It is the one string builder of the project.
 *
 * Both are the memory model of values (orm/value.h includes this header), so
 * every layer, wire/ included, uses them.
 */
#ifndef OG_MEM_H
#define OG_MEM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct og_arena_block og_arena_block;

typedef struct og_arena {
    og_arena_block *head; /* current block; older blocks chained behind */
    size_t next_size;     /* size of the next block to allocate */
    size_t total;         /* bytes held by all blocks (for accounting) */
} og_arena;

/* Initialise an empty arena; the first block is allocated on first use. */
void og_arena_init(og_arena *a);
/* Same, with the size of the first block (small for long-lived, mostly idle owners). */
void og_arena_init_sized(og_arena *a, size_t first_block);
/* Free every block; the arena is empty and reusable afterwards. */
void og_arena_reset(og_arena *a);
/* Allocate n bytes aligned for any type. Aborts on out of memory. */
void *og_arena_alloc(og_arena *a, size_t n);
/* Allocate n zeroed bytes. */
void *og_arena_zalloc(og_arena *a, size_t n);
/* Copy n bytes into the arena, adding a NUL after them. */
char *og_arena_memdup(og_arena *a, const void *p, size_t n);
/* Copy a NUL-terminated string into the arena (NULL gives NULL). */
char *og_arena_strdup(og_arena *a, const char *s);
/* printf into the arena. */
char *og_arena_printf(og_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef struct og_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
} og_buf;

#define OG_BUF_INIT {NULL, 0, 0}

/* Make room for at least n more bytes. Aborts on out of memory. */
void og_buf_reserve(og_buf *b, size_t n);
void og_buf_free(og_buf *b);
static inline void og_buf_clear(og_buf *b) { b->len = 0; }
void og_buf_append(og_buf *b, const void *p, size_t n);
void og_buf_putc(og_buf *b, uint8_t c);
/* Append a NUL-terminated string without its NUL. */
void og_buf_puts(og_buf *b, const char *s);
/* Append s between two quote characters q, each q inside doubled: an SQL identifier ('"') or string
 * literal ('\''). */
void og_buf_put_quoted(og_buf *b, const char *s, char q);
/* The same, as a NUL-terminated string in a. */
char *og_arena_quoted(og_arena *a, const char *s, char q);
/* Append a string and its terminating NUL (protocol "String"). */
void og_buf_putcstr(og_buf *b, const char *s);
void og_buf_printf(og_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void og_buf_vprintf(og_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Big-endian integers, as the PostgreSQL protocol writes them. */
void og_buf_put16(og_buf *b, uint16_t v);
void og_buf_put32(og_buf *b, uint32_t v);
void og_buf_put64(og_buf *b, uint64_t v);
/* Overwrite 4 bytes at offset off with v (big-endian). */
void og_buf_set32(og_buf *b, size_t off, uint32_t v);
/* Ensure data is NUL-terminated after len (not counted in len) and return it. */
char *og_buf_cstr(og_buf *b);

/* Big-endian readers over raw bytes. */
static inline uint16_t og_get16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static inline uint32_t og_get32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline uint64_t og_get64(const uint8_t *p) { return ((uint64_t)og_get32(p) << 32) | og_get32(p + 4); }

#endif
