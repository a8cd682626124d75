/*
 * orm/keys.c - blocks of generated key values (see keys.h).
 */
#include "orm/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct key_block {
    int64_t next, step;
    uint32_t left; /* values still free: next, next + step, ... */
    uint32_t last; /* size of the last block: the next one doubles it */
} key_block;

void orm_keys_init(orm_keys *k)
{
    memset(k, 0, sizeof *k);
}

void orm_keys_clear(orm_keys *k)
{
    size_t it = 0;
    const void *key;
    size_t klen;
    void *v;
    while (og_hmap_next(&k->cols, &it, &key, &klen, &v))
        free(v);
    og_hmap_free(&k->cols);
    memset(&k->cols, 0, sizeof k->cols);
}

/* The map key of table.column: both names with the NUL between them. */
static size_t col_key(char *buf, size_t cap, const char *table, const char *column)
{
    int n = snprintf(buf, cap, "%s%c%s", table, 0, column);
    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

static key_block *block_get(const orm_keys *k, const char *table, const char *column)
{
    char key[520];
    size_t n = col_key(key, sizeof key, table, column);
    return og_hmap_get(&k->cols, key, n);
}

bool orm_keys_take(orm_keys *k, const char *table, const char *column, uint32_t n, int64_t *out)
{
    key_block *b = block_get(k, table, column);
    if (!b || b->left < n)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = b->next;
        b->next += b->step;
    }
    b->left -= n;
    return true;
}

uint32_t orm_keys_block_size(const orm_keys *k, const char *table, const char *column, uint32_t n)
{
    const key_block *b = block_get(k, table, column);
    uint32_t size = b && b->last ? b->last * 2 : ORM_KEYS_BLOCK_MIN;
    if (size > ORM_KEYS_BLOCK_MAX)
        size = ORM_KEYS_BLOCK_MAX;
    return n > size ? n : size;
}

void orm_keys_add(orm_keys *k, const char *table, const char *column, int64_t first, uint32_t n, int64_t step)
{
    char key[520];
    size_t klen = col_key(key, sizeof key, table, column);
    key_block *b = og_hmap_get(&k->cols, key, klen);
    if (!b) {
        b = calloc(1, sizeof *b);
        if (!b)
            abort();
        og_hmap_put(&k->cols, key, klen, b);
    }
    b->next = first;
    b->step = step ? step : 1;
    b->left = n;
    b->last = n;
}
