/*
 * proxy/stmtcache.c - the per-worker statement cache (see stmtcache.h).
 *
 * A hash map from the key bytes to an entry, and the entries on a doubly
 * linked list in order of use (head: most recent), so a hit moves its entry
 * to the head and a put beyond the capacity evicts the tail. The key is
 * built into one byte string: schema pointer, user, TimeZone, declared
 * parameter types and the text, each length-prefixed so no two different
 * tuples give the same bytes.
 */
#include "proxy/stmtcache.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "orm/hmap.h"

typedef struct cache_entry {
    struct cache_entry *prev, *next;
    uint8_t *key;
    size_t klen;
    px_stmt *st;
} cache_entry;

struct px_stmt_cache {
    size_t cap;
    og_hmap map; /* key -> cache_entry */
    cache_entry *head, *tail;
    size_t n;
    uint64_t hits, misses;
};

px_stmt_cache *px_stmt_cache_new(size_t cap)
{
    px_stmt_cache *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->cap = cap;
    return c;
}

static void entry_unlink(px_stmt_cache *c, cache_entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NULL;
}

static void entry_push(px_stmt_cache *c, cache_entry *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head)
        c->head->prev = e;
    c->head = e;
    if (!c->tail)
        c->tail = e;
}

static void entry_free(cache_entry *e)
{
    px_stmt_release(e->st);
    free(e->key);
    free(e);
}

void px_stmt_cache_free(px_stmt_cache *c)
{
    if (!c)
        return;
    while (c->head) {
        cache_entry *e = c->head;
        entry_unlink(c, e);
        entry_free(e);
    }
    og_hmap_free(&c->map);
    free(c);
}

static void put_part(og_buf *b, const void *p, size_t n)
{
    og_buf_put32(b, (uint32_t)n);
    og_buf_append(b, p, n);
}

static void build_key(og_buf *b, const px_analyze_ctx *ctx, const char *sql, const uint32_t *ptypes,
                      uint16_t nptypes)
{
    const void *schema = ctx->schema;
    og_buf_append(b, &schema, sizeof schema);
    const char *user = ctx->user ? ctx->user : "";
    const char *tz = ctx->cx && ctx->cx->timezone ? ctx->cx->timezone : "";
    put_part(b, user, strlen(user));
    put_part(b, tz, strlen(tz));
    og_buf_put16(b, nptypes);
    for (uint16_t i = 0; i < nptypes; i++)
        og_buf_put32(b, ptypes[i]);
    put_part(b, sql, strlen(sql));
}

px_stmt *px_stmt_cache_get(px_stmt_cache *c, const px_analyze_ctx *ctx, const char *sql, const uint32_t *ptypes,
                           uint16_t nptypes)
{
    if (!c || !c->cap || !ctx->schema)
        return NULL;
    og_buf key = OG_BUF_INIT;
    build_key(&key, ctx, sql, ptypes, nptypes);
    cache_entry *e = og_hmap_get(&c->map, key.data, key.len);
    og_buf_free(&key);
    if (!e) {
        c->misses++;
        return NULL;
    }
    c->hits++;
    entry_unlink(c, e);
    entry_push(c, e);
    e->st->refs++;
    return e->st;
}

/* Literals that read the clock when they are parsed ('now'::timestamptz, 'today'::date). */
static bool reads_clock(const char *sql)
{
    static const char *const words[] = {"now", "today", "tomorrow", "yesterday"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcasestr(sql, words[i]))
            return true;
    return false;
}

void px_stmt_cache_put(px_stmt_cache *c, const px_analyze_ctx *ctx, const char *sql, const uint32_t *ptypes,
                       uint16_t nptypes, px_stmt *st)
{
    if (!c || !c->cap || !ctx->schema || !st)
        return;
    if ((st->kind != PX_STMT_ORM && st->kind != PX_STMT_SELECT) || st->sleeps || reads_clock(sql))
        return;
    og_buf key = OG_BUF_INIT;
    build_key(&key, ctx, sql, ptypes, nptypes);
    cache_entry *e = og_hmap_get(&c->map, key.data, key.len);
    if (e) { /* analysed twice meanwhile: keep the newer */
        px_stmt_release(e->st);
        e->st = st;
        st->refs++;
        entry_unlink(c, e);
        entry_push(c, e);
        og_buf_free(&key);
        return;
    }
    e = calloc(1, sizeof *e);
    if (!e)
        abort();
    e->key = key.data; /* the buffer becomes the entry's copy */
    e->klen = key.len;
    e->st = st;
    st->refs++;
    og_hmap_put(&c->map, e->key, e->klen, e);
    entry_push(c, e);
    c->n++;
    while (c->n > c->cap) {
        cache_entry *old = c->tail;
        entry_unlink(c, old);
        og_hmap_del(&c->map, old->key, old->klen);
        entry_free(old);
        c->n--;
    }
}

void px_stmt_cache_stats_get(const px_stmt_cache *c, px_stmt_cache_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!c)
        return;
    out->hits = c->hits;
    out->misses = c->misses;
    out->entries = c->n;
}
