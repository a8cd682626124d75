/*
 * orm/hmap.c - open-addressing hash map (see hmap.h).
 */
#include "orm/hmap.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const void *key, size_t len)
{
    const uint8_t *p = key;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p)
        abort();
    return p;
}

static og_hmap_slot *find(const og_hmap *m, const void *key, size_t klen, uint64_t h)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        og_hmap_slot *s = &m->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == h && s->klen == klen && !memcmp(s->key, key, klen))
            return s;
    }
}

static void grow(og_hmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 8;
    og_hmap_slot *old = m->slots;
    size_t ocap = m->cap;
    m->slots = xcalloc(ncap, sizeof(*m->slots));
    m->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!old[i].key)
            continue;
        size_t j = old[i].hash & (ncap - 1);
        while (m->slots[j].key)
            j = (j + 1) & (ncap - 1);
        m->slots[j] = old[i];
    }
    free(old);
}

void *og_hmap_get(const og_hmap *m, const void *key, size_t klen)
{
    og_hmap_slot *s = find(m, key, klen, hash_bytes(key, klen));
    return s ? s->value : NULL;
}

void *og_hmap_put(og_hmap *m, const void *key, size_t klen, void *value)
{
    uint64_t h = hash_bytes(key, klen);
    og_hmap_slot *s = find(m, key, klen, h);
    if (s) {
        void *old = s->value;
        s->value = value;
        return old;
    }
    if ((m->count + 1) * 4 > m->cap * 3)
        grow(m);
    size_t j = h & (m->cap - 1);
    while (m->slots[j].key)
        j = (j + 1) & (m->cap - 1);
    s = &m->slots[j];
    s->key = malloc(klen ? klen : 1);
    if (!s->key)
        abort();
    memcpy(s->key, key, klen);
    s->klen = klen;
    s->hash = h;
    s->value = value;
    m->count++;
    return NULL;
}

void *og_hmap_del(og_hmap *m, const void *key, size_t klen)
{
    og_hmap_slot *s = find(m, key, klen, hash_bytes(key, klen));
    if (!s)
        return NULL;
    void *value = s->value;
    free(s->key);
    s->key = NULL;
    m->count--;
    /* backward-shift: move later members of the probe run into the hole */
    size_t mask = m->cap - 1;
    size_t hole = (size_t)(s - m->slots);
    for (size_t i = (hole + 1) & mask; m->slots[i].key; i = (i + 1) & mask) {
        size_t home = m->slots[i].hash & mask;
        /* the entry may move to the hole if the hole lies between its home and i (cyclically) */
        bool movable = (i > hole) ? (home <= hole || home > i) : (home <= hole && home > i);
        if (movable) {
            m->slots[hole] = m->slots[i];
            m->slots[i].key = NULL;
            hole = i;
        }
    }
    return value;
}

void og_hmap_free(og_hmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}

bool og_hmap_next(const og_hmap *m, size_t *it, const void **key, size_t *klen, void **value)
{
    for (; *it < m->cap; (*it)++) {
        og_hmap_slot *s = &m->slots[*it];
        if (s->key) {
            if (key)
                *key = s->key;
            if (klen)
                *klen = s->klen;
            if (value)
                *value = s->value;
            (*it)++;
            return true;
        }
    }
    return false;
}
