/*
 * orm/hmap.h - a hash map from byte-string keys to pointers.
 *
 * Open addressing with linear probing and backward-shift deletion (no
 * tombstones), FNV-1a hashing, resized at 3/4 load. Keys are copied into the
 * map (malloc), values are the caller's. Used for prepared statements and
 * portals by name, sessions by id, and later the identity map.
 */
#ifndef OG_HMAP_H
#define OG_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct og_hmap_slot {
    uint8_t *key; /* NULL: empty slot */
    size_t klen;
    uint64_t hash;
    void *value;
} og_hmap_slot;

typedef struct og_hmap {
    og_hmap_slot *slots;
    size_t cap; /* power of two, 0 before first insert */
    size_t count;
} og_hmap;

#define OG_HMAP_INIT {NULL, 0, 0}

/* Value stored under key, or NULL. */
void *og_hmap_get(const og_hmap *m, const void *key, size_t klen);
/* Store value under key; returns the previous value (or NULL). */
void *og_hmap_put(og_hmap *m, const void *key, size_t klen, void *value);
/* Remove key; returns its value (or NULL when absent). */
void *og_hmap_del(og_hmap *m, const void *key, size_t klen);
/* Free the map's own memory (not the values). */
void og_hmap_free(og_hmap *m);
/* Iterate: start with *it = 0; returns false at the end. */
bool og_hmap_next(const og_hmap *m, size_t *it, const void **key, size_t *klen, void **value);

static inline void *og_hmap_gets(const og_hmap *m, const char *key);
static inline void *og_hmap_puts(og_hmap *m, const char *key, void *value);
static inline void *og_hmap_dels(og_hmap *m, const char *key);

#include <string.h>
static inline void *og_hmap_gets(const og_hmap *m, const char *key) { return og_hmap_get(m, key, strlen(key)); }
static inline void *og_hmap_puts(og_hmap *m, const char *key, void *value)
{
    return og_hmap_put(m, key, strlen(key), value);
}
static inline void *og_hmap_dels(og_hmap *m, const char *key) { return og_hmap_del(m, key, strlen(key)); }

#endif
