/*
 * proxy/stmtcache.h - the statement cache of one worker: analysed statements
 * (parse tree -> query IR -> backend SQL) kept by their text, so a statement
 * that comes again (the same simple Query, or a Parse of the same text, which
 * is how most drivers send unnamed statements) is not parsed, translated or
 * rendered again.
 *
 * The key is everything analysis depends on: the schema generation it was
 * translated against (a DDL publishes a new generation, so entries of the old
 * one are never found again and age out), the user (current_user is folded),
 * the session's TimeZone (literals of zone-dependent types are read at
 * analysis), the parameter types the client declared, and the exact text.
 * Why not pg_query_fingerprint alone: a fingerprint ignores constants (5 and
 * 5000000000 are int4 and int8), output aliases (SELECT a AS b / AS c) and
 * literal spellings, all of which change what the statement means or
 * returns, so two statements with one fingerprint cannot share one
 * translation. docs/decisions.md has the longer story.
 *
 * Only statements whose analysis is a pure function of that key are cached
 * (translated queries and SELECTs without FROM); a statement whose text
 * mentions 'now', 'today', 'tomorrow' or 'yesterday' is not, because those
 * literals read the clock when they are parsed.
 *
 * Bounded LRU; one per worker thread, so no locks. Entries are px_stmt
 * references (refcounted), shared by every session of the worker that runs
 * the same text.
 */
#ifndef PX_STMTCACHE_H
#define PX_STMTCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "proxy/exec.h"

typedef struct px_stmt_cache px_stmt_cache;

/* A cache of at most cap statements (0: caching off). */
px_stmt_cache *px_stmt_cache_new(size_t cap);
void px_stmt_cache_free(px_stmt_cache *c);

/* The cached analysis of sql under ctx with the declared parameter types, as a new reference
 * (release with px_stmt_release), or NULL. */
px_stmt *px_stmt_cache_get(px_stmt_cache *c, const px_analyze_ctx *ctx, const char *sql, const uint32_t *ptypes,
                           uint16_t nptypes);
/* Remember st (analysed from sql under ctx) if it is cacheable; takes its own reference. */
void px_stmt_cache_put(px_stmt_cache *c, const px_analyze_ctx *ctx, const char *sql, const uint32_t *ptypes,
                       uint16_t nptypes, px_stmt *st);

/* Counters (for SHOW STATS and tests). */
typedef struct px_stmt_cache_stats {
    uint64_t hits, misses, entries;
} px_stmt_cache_stats;
void px_stmt_cache_stats_get(const px_stmt_cache *c, px_stmt_cache_stats *out);

#endif
