/*
 * orm/keys.h - blocks of key values for generated keys (serial / identity),
 * reserved from the backend's generator and handed out by ormgate, so an
 * INSERT ... RETURNING id needs no backend call (DESIGN.md section 3).
 *
 * A pool holds, per generated column, the values still free in the last
 * block reserved for it: the next one, the step between them (a sequence's
 * INCREMENT BY) and how many are left. When a request cannot be met the
 * caller reserves a new block of orm_keys_block_size() values from the
 * backend and adds it; what was left of the old block is a gap, as with
 * PostgreSQL's sequence caches. Block sizes grow with demand (Hibernate's
 * pooled optimizer): 16, 32, ... up to 1024 per column, or the request when
 * it is larger.
 *
 * Pools are plain data with no locks: one per worker and database for
 * blocks reserved outside any transaction (committed at once, valid for
 * every later transaction), one per session for blocks reserved inside a
 * transaction (valid until it ends).
 */
#ifndef ORM_KEYS_H
#define ORM_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "orm/hmap.h"

#define ORM_KEYS_BLOCK_MIN 16
#define ORM_KEYS_BLOCK_MAX 1024

typedef struct orm_keys {
    og_hmap cols; /* "table" NUL "column" -> block */
} orm_keys;

void orm_keys_init(orm_keys *k);
/* Forget every block (their free values become gaps). */
void orm_keys_clear(orm_keys *k);

/* Take n consecutive-in-order values for table.column into out[n]: true when the current block has
 * them (they are consumed), false when a block must be reserved first (nothing is consumed). */
bool orm_keys_take(orm_keys *k, const char *table, const char *column, uint32_t n, int64_t *out);

/* How many values to reserve for a request of n: the next block size of the column. */
uint32_t orm_keys_block_size(const orm_keys *k, const char *table, const char *column, uint32_t n);

/* A block of n values first, first + step, ... was reserved for table.column: it replaces the current
 * one. */
void orm_keys_add(orm_keys *k, const char *table, const char *column, int64_t first, uint32_t n, int64_t step);

#endif
