/*
 * orm/em.c - the EntityManager's identity map and unit of work (orm/em.h):
 * registering entities, persist / assign / remove with PostgreSQL's unique
 * and foreign-key semantics applied in memory, and what a successful flush
 * makes of them. The flush plan is built by orm/em_plan.c; the structures
 * both share are in orm/em_int.h.
 *
 * Keys. Every map is keyed by em_key(): a canonical byte encoding of a tuple
 * of values, equal exactly when PostgreSQL's = holds for every pair (the
 * equality its btree unique indexes use):
 *   - per column a NULL flag byte, then a type-class tag and the payload;
 *     variable-length payloads carry their length, so tuples never run
 *     into each other;
 *   - integers and numerics share one class: the shortest decimal text of
 *     the value (1, 1.0 and 1.00 all encode as "1"; NaN as "NaN", which
 *     PostgreSQL's numeric ordering makes equal to itself), so a foreign key
 *     of one integer width finds its target of another;
 *   - float4/float8: the double, with -0 as 0 and every NaN as one NaN
 *     (float8eq says 0 = -0 and NaN = NaN);
 *   - text, varchar, name, "char", json: the bytes (deterministic collation:
 *     equal is bytewise); bpchar without its trailing spaces (bpchareq);
 *   - interval: its 128-bit length in microseconds with a month as 30 days
 *     and a day as 24 hours (interval_cmp_value: '1 mon' = '30 days');
 *   - jsonb: its normalised text with every number in its shortest decimal
 *     form (jsonb equality compares numbers as numerics);
 *   - arrays: count, lower bound, then each element (NULL elements are equal
 *     to each other, as array_eq says).
 *
 * Unique checks. A value conflicts with another entity's current value (23505,
 * the statement fails at once, as PostgreSQL would fail it), or only with a
 * value the backend still holds for another entity that is about to give it up
 * (its orig values, while it is dirty or removed): the commit order writes
 * inserts before updates before deletes, so the backend would see both at once
 * (ORM_EM_FLUSH_FIRST: flush, then the same call succeeds).
 */
#include "orm/em.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "orm/em_int.h"
#include "orm/numeric.h"

/* ---- canonical keys ----------------------------------------------------------------------------------- */

enum {
    K_NUM = 'n', /* integers and numerics: shortest decimal text */
    K_BOOL = 'b',
    K_FLOAT = 'f',
    K_TEXT = 's',
    K_BYTEA = 'y',
    K_DATE = 'd',
    K_TIME = 't',
    K_TS = 'T',
    K_TSTZ = 'Z',
    K_INTERVAL = 'v',
    K_UUID = 'u',
    K_JSONB = 'j',
    K_ARRAY = 'a',
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Is s the canonical numeric text of orm/value.h: -?(0|[1-9][0-9]*)(.[0-9]+)?, NaN or [-]Infinity? */
static bool num_plain(const char *s, size_t n)
{
    if ((n == 3 && !memcmp(s, "NaN", 3)) || (n == 8 && !memcmp(s, "Infinity", 8)) ||
        (n == 9 && !memcmp(s, "-Infinity", 9)))
        return true;
    size_t i = n && s[0] == '-' ? 1 : 0;
    if (i >= n || !is_digit(s[i]) || (s[i] == '0' && i + 1 < n && is_digit(s[i + 1])))
        return false;
    while (i < n && is_digit(s[i]))
        i++;
    if (i == n)
        return true;
    if (s[i++] != '.' || i == n)
        return false;
    while (i < n && is_digit(s[i]))
        i++;
    return i == n;
}

/* Append the shortest decimal text of the numeric s[0..n): trailing zeros of the fraction and a
 * bare point dropped, -0 as 0. Texts not in canonical form are read by numeric_in's rules first. */
static void num_canon(og_buf *out, const char *s, size_t n)
{
    og_arena tmp;
    og_arena_init_sized(&tmp, 256);
    if (!num_plain(s, n)) {
        og_value v;
        og_error err = OG_ERROR_INIT;
        if (orm_num_parse(s, n, &tmp, &v, &err) && num_plain(v.u.str.p, v.u.str.len)) {
            s = v.u.str.p;
            n = v.u.str.len;
        }
        og_error_clear(&err);
    }
    const char *dot = memchr(s, '.', n);
    size_t end = n;
    if (dot) {
        while (end > (size_t)(dot - s) + 1 && s[end - 1] == '0')
            end--;
        if (end == (size_t)(dot - s) + 1)
            end--;
    }
    if (end == 2 && s[0] == '-' && s[1] == '0')
        og_buf_putc(out, '0');
    else
        og_buf_append(out, s, end);
    og_arena_reset(&tmp);
}

static void put_len(og_buf *b, size_t n)
{
    og_buf_put64(b, (uint64_t)n);
}

/* A length-prefixed piece built in scratch. */
static void put_piece(og_buf *b, og_buf *scratch)
{
    put_len(b, scratch->len);
    og_buf_append(b, scratch->data, scratch->len);
    og_buf_free(scratch);
}

/* jsonb text with every number outside strings in its shortest form. */
static void jsonb_canon(og_buf *out, const char *s, size_t n)
{
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            og_buf_putc(out, (uint8_t)c);
            if (c == '\\' && i + 1 < n)
                og_buf_putc(out, (uint8_t)s[++i]);
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
            og_buf_putc(out, '"');
        } else if (c == '-' || is_digit(c)) {
            size_t j = i;
            while (j < n && (is_digit(s[j]) || s[j] == '-' || s[j] == '+' || s[j] == '.' || s[j] == 'e' || s[j] == 'E'))
                j++;
            num_canon(out, s + i, j - i);
            i = j - 1;
        } else {
            og_buf_putc(out, (uint8_t)c);
        }
    }
}

static void put_value(og_buf *b, const og_value *v);

static void put_array(og_buf *b, const og_array *a)
{
    og_buf_putc(b, K_ARRAY);
    og_buf_put32(b, a->n);
    og_buf_put32(b, (uint32_t)a->lbound);
    for (uint32_t i = 0; i < a->n; i++) {
        og_buf_putc(b, a->elems[i].isnull ? 0 : 1);
        if (!a->elems[i].isnull)
            put_value(b, &a->elems[i]);
    }
}

static void put_value(og_buf *b, const og_value *v)
{
    og_buf scratch = OG_BUF_INIT;
    if (og_type_array_elem(v->oid)) {
        put_array(b, &v->u.arr);
        return;
    }
    switch (v->oid) {
    case OG_OID_INT2:
    case OG_OID_INT4:
    case OG_OID_INT8:
    case OG_OID_OID:
        og_buf_putc(b, K_NUM);
        og_buf_printf(&scratch, "%lld", (long long)v->u.i);
        put_piece(b, &scratch);
        break;
    case OG_OID_NUMERIC:
        og_buf_putc(b, K_NUM);
        num_canon(&scratch, v->u.str.p, v->u.str.len);
        put_piece(b, &scratch);
        break;
    case OG_OID_BOOL:
        og_buf_putc(b, K_BOOL);
        og_buf_putc(b, v->u.b ? 1 : 0);
        break;
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8: {
        double d = v->u.f;
        uint64_t bits = 0;
        if (isnan(d)) {
            bits = UINT64_MAX;
        } else {
            if (d == 0)
                d = 0.0;
            memcpy(&bits, &d, sizeof bits);
        }
        og_buf_putc(b, K_FLOAT);
        og_buf_put64(b, bits);
        break;
    }
    case OG_OID_DATE:
    case OG_OID_TIME:
    case OG_OID_TIMESTAMP:
    case OG_OID_TIMESTAMPTZ:
        og_buf_putc(b, v->oid == OG_OID_DATE        ? K_DATE
                       : v->oid == OG_OID_TIME      ? K_TIME
                       : v->oid == OG_OID_TIMESTAMP ? K_TS
                                                    : K_TSTZ);
        og_buf_put64(b, (uint64_t)v->u.i);
        break;
    case OG_OID_INTERVAL: {
        const __int128 day = (__int128)86400 * 1000000;
        __int128 span = (__int128)v->u.iv.months * 30 * day + (__int128)v->u.iv.days * day + v->u.iv.usec;
        og_buf_putc(b, K_INTERVAL);
        og_buf_put64(b, (uint64_t)((unsigned __int128)span >> 64));
        og_buf_put64(b, (uint64_t)span);
        break;
    }
    case OG_OID_UUID:
        og_buf_putc(b, K_UUID);
        og_buf_append(b, v->u.uuid, 16);
        break;
    case OG_OID_JSONB:
        og_buf_putc(b, K_JSONB);
        jsonb_canon(&scratch, v->u.str.p, v->u.str.len);
        put_piece(b, &scratch);
        break;
    case OG_OID_BYTEA:
        og_buf_putc(b, K_BYTEA);
        put_len(b, v->u.str.len);
        og_buf_append(b, v->u.str.p, v->u.str.len);
        break;
    case OG_OID_BPCHAR: {
        size_t n = v->u.str.len;
        while (n > 0 && v->u.str.p[n - 1] == ' ')
            n--;
        og_buf_putc(b, K_TEXT);
        put_len(b, n);
        og_buf_append(b, v->u.str.p, n);
        break;
    }
    default: /* text, varchar, name, "char", json, regtype: bytes */
        og_buf_putc(b, K_TEXT);
        put_len(b, v->u.str.len);
        og_buf_append(b, v->u.str.p, v->u.str.len);
        break;
    }
}

bool em_key(og_buf *out, const og_value *vals, const uint16_t *cols, uint16_t n)
{
    og_buf_clear(out);
    bool complete = true;
    for (uint16_t i = 0; i < n; i++) {
        const og_value *v = &vals[cols ? cols[i] : i];
        og_buf_putc(out, v->isnull ? 0 : 1);
        if (v->isnull)
            complete = false;
        else
            put_value(out, v);
    }
    return complete;
}

bool em_value_same(const og_value *x, const og_value *y)
{
    if (x->isnull || y->isnull)
        return x->isnull == y->isnull;
    if (x->oid != y->oid)
        return false;
    if (og_type_array_elem(x->oid)) {
        const og_array *a = &x->u.arr, *b = &y->u.arr;
        if (a->elem_oid != b->elem_oid || a->n != b->n || a->lbound != b->lbound)
            return false;
        for (uint32_t i = 0; i < a->n; i++)
            if (!em_value_same(&a->elems[i], &b->elems[i]))
                return false;
        return true;
    }
    switch (x->oid) {
    case OG_OID_BOOL:
        return x->u.b == y->u.b;
    case OG_OID_FLOAT4:
    case OG_OID_FLOAT8:
        return (isnan(x->u.f) && isnan(y->u.f)) || !memcmp(&x->u.f, &y->u.f, sizeof(double));
    case OG_OID_INTERVAL:
        return x->u.iv.usec == y->u.iv.usec && x->u.iv.days == y->u.iv.days && x->u.iv.months == y->u.iv.months;
    case OG_OID_UUID:
        return !memcmp(x->u.uuid, y->u.uuid, 16);
    default:
        if (og_type_is_str(x->oid))
            return x->u.str.len == y->u.str.len && (!x->u.str.len || !memcmp(x->u.str.p, y->u.str.p, x->u.str.len));
        return x->u.i == y->u.i;
    }
}


bool em_fk_nullable(const orm_entity *e, const orm_fk *f)
{
    for (uint16_t i = 0; i < f->ncols; i++)
        if (e->props[f->cols[i]].not_null || e->props[f->cols[i]].primary)
            return false;
    return f->ncols > 0;
}

/* ---- multimaps ---------------------------------------------------------------------------------------- */

em_bucket *em_bucket_get(const og_hmap *m, const og_buf *key)
{
    return og_hmap_get(m, key->data, key->len);
}

static void bucket_add(og_hmap *m, const og_buf *key, em_ent *x)
{
    em_bucket *b = em_bucket_get(m, key);
    if (!b) {
        b = calloc(1, sizeof *b);
        if (!b)
            abort();
        og_hmap_put(m, key->data, key->len, b);
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 2;
        b->v = realloc(b->v, sizeof(em_ent *) * b->cap);
        if (!b->v)
            abort();
    }
    b->v[b->n++] = x;
}

static void bucket_del(og_hmap *m, const og_buf *key, em_ent *x)
{
    em_bucket *b = em_bucket_get(m, key);
    if (!b)
        return;
    for (uint32_t i = 0; i < b->n; i++)
        if (b->v[i] == x) {
            b->v[i] = b->v[--b->n];
            break;
        }
    if (!b->n) {
        og_hmap_del(m, key->data, key->len);
        free(b->v);
        free(b);
    }
}

static void index_free(em_index *ix)
{
    size_t it = 0;
    void *v;
    while (og_hmap_next(&ix->map, &it, NULL, NULL, &v)) {
        em_bucket *b = v;
        free(b->v);
        free(b);
    }
    og_hmap_free(&ix->map);
}

/* Does a key over cols involve one of props (props NULL: every key does)? */
static bool touches(const uint16_t *cols, uint16_t ncols, const uint16_t *props, uint16_t n)
{
    if (!props)
        return true;
    for (uint16_t i = 0; i < ncols; i++)
        for (uint16_t k = 0; k < n; k++)
            if (cols[i] == props[k])
                return true;
    return false;
}

static void index_set(orm_em *em, em_index *ix, const og_value *vals, em_ent *x, bool add)
{
    if (!vals || !em_key(&em->key, vals, ix->cols, ix->ncols))
        return;
    if (add)
        bucket_add(&ix->map, &em->key, x);
    else
        bucket_del(&ix->map, &em->key, x);
}

/* The indexes over current values (unique keys, foreign keys) that involve props. */
static void live_index(orm_em *em, em_ent *x, bool add, const uint16_t *props, uint16_t n)
{
    em_type *t = x->type;
    for (uint16_t u = 0; u < t->e->nuniques; u++)
        if (touches(t->cur[u].cols, t->cur[u].ncols, props, n))
            index_set(em, &t->cur[u], x->pub.vals, x, add);
    for (uint16_t f = 0; f < t->e->nfks; f++)
        if (touches(t->fk[f].cols, t->fk[f].ncols, props, n))
            index_set(em, &t->fk[f], x->pub.vals, x, add);
}

/* The unique indexes over what the backend holds that involve props. */
static void held_index(orm_em *em, em_ent *x, bool add, const uint16_t *props, uint16_t n)
{
    em_type *t = x->type;
    for (uint16_t u = 0; u < t->e->nuniques; u++)
        if (touches(t->held[u].cols, t->held[u].ncols, props, n))
            index_set(em, &t->held[u], x->pub.orig, x, add);
}

/* Does the key ix makes of vals belong to an entity other than self? */
static bool index_taken(orm_em *em, const em_index *ix, const og_value *vals, const em_ent *self)
{
    if (!em_key(&em->key, vals, ix->cols, ix->ncols))
        return false;
    const em_bucket *b = em_bucket_get(&ix->map, &em->key);
    for (uint32_t i = 0; b && i < b->n; i++)
        if (b->v[i] != self)
            return true;
    return false;
}

/* ---- types and entities ------------------------------------------------------------------------------- */

static em_type *type_find(const orm_em *em, const orm_entity *e)
{
    return og_hmap_get(&em->types, &e, sizeof e);
}

em_type *em_type_find(const orm_em *em, const orm_entity *e)
{
    return type_find(em, e);
}

uint16_t *em_fk_ref(og_arena *a, const orm_fk *f)
{
    if (!f->target || !f->ref_cols)
        return NULL;
    uint16_t *r = og_arena_zalloc(a, sizeof(uint16_t) * (f->ncols + 1u));
    for (uint16_t i = 0; i < f->ncols; i++) {
        int p = f->ref_cols[i] ? orm_entity_prop(f->target, f->ref_cols[i]) : -1;
        if (p < 0)
            return NULL;
        r[i] = (uint16_t)p;
    }
    return r;
}

static em_type *type_get(orm_em *em, const orm_entity *e)
{
    em_type *t = type_find(em, e);
    if (t)
        return t;
    og_arena *a = &em->arena;
    t = og_arena_zalloc(a, sizeof *t);
    t->e = e;
    t->id = em->ntypes;
    t->cur = og_arena_zalloc(a, sizeof(em_index) * (e->nuniques + 1u));
    t->held = og_arena_zalloc(a, sizeof(em_index) * (e->nuniques + 1u));
    for (uint16_t u = 0; u < e->nuniques; u++) {
        t->cur[u].cols = t->held[u].cols = e->uniques[u].cols;
        t->cur[u].ncols = t->held[u].ncols = e->uniques[u].ncols;
    }
    t->fk = og_arena_zalloc(a, sizeof(em_index) * (e->nfks + 1u));
    t->ref = og_arena_zalloc(a, sizeof(uint16_t *) * (e->nfks + 1u));
    for (uint16_t f = 0; f < e->nfks; f++) {
        t->fk[f].cols = e->fks[f].cols;
        t->fk[f].ncols = e->fks[f].ncols;
        t->ref[f] = em_fk_ref(a, &e->fks[f]);
    }
    if (em->ntypes == em->tcap) {
        uint32_t cap = em->tcap ? em->tcap * 2 : 8;
        em_type **l = og_arena_alloc(a, sizeof(em_type *) * cap);
        if (em->ntypes)
            memcpy(l, em->tlist, sizeof(em_type *) * em->ntypes);
        em->tlist = l;
        em->tcap = cap;
    }
    em->tlist[em->ntypes++] = t;
    og_hmap_put(&em->types, &e, sizeof e, t);
    return t;
}

static void sync_pending(orm_em *em, em_ent *x)
{
    bool p = !x->dead && (x->pub.state != ORM_EM_MANAGED || x->dirty || x->native);
    if (p == x->pending)
        return;
    x->pending = p;
    if (p) {
        x->pprev = em->ptail;
        x->pnext = NULL;
        if (em->ptail)
            em->ptail->pnext = x;
        else
            em->phead = x;
        em->ptail = x;
        em->npending++;
        x->type->npending++;
    } else {
        if (x->pprev)
            x->pprev->pnext = x->pnext;
        else
            em->phead = x->pnext;
        if (x->pnext)
            x->pnext->pprev = x->pprev;
        else
            em->ptail = x->pprev;
        x->pprev = x->pnext = NULL;
        em->npending--;
        x->type->npending--;
    }
}

static void update_dirty(em_ent *x)
{
    x->dirty = false;
    if (x->pub.state != ORM_EM_MANAGED)
        return;
    for (uint16_t i = 0; i < x->type->e->nprops && !x->dirty; i++)
        x->dirty = !em_value_same(&x->pub.vals[i], &x->pub.orig[i]);
}

static em_ent *ent_new(orm_em *em, em_type *t, const og_value *row, orm_em_state state)
{
    const orm_entity *e = t->e;
    em_ent *x = og_arena_zalloc(&em->arena, sizeof *x);
    x->type = t;
    x->pub.entity = e;
    x->pub.state = state;
    x->pub.seq = ++em->seq;
    x->pub.vals = og_arena_alloc(&em->arena, sizeof(og_value) * (e->nprops + 1u));
    for (uint16_t i = 0; i < e->nprops; i++)
        x->pub.vals[i] = og_value_copy(&row[i], &em->arena);
    if (state == ORM_EM_MANAGED) {
        x->pub.orig = og_arena_alloc(&em->arena, sizeof(og_value) * (e->nprops + 1u));
        memcpy(x->pub.orig, x->pub.vals, sizeof(og_value) * e->nprops); /* payloads are shared and immutable */
        held_index(em, x, true, NULL, 0);
    }
    em_key(&em->key, x->pub.vals, e->pk.cols, e->pk.ncols);
    og_hmap_put(&t->pk, em->key.data, em->key.len, x);
    live_index(em, x, true, NULL, 0);
    sync_pending(em, x);
    return x;
}

/* Set props[i] = v[i] (also the orig values when also_orig: a change the backend makes itself),
 * keeping every index in step. */
static void ent_set(orm_em *em, em_ent *x, const uint16_t *props, const og_value *v, uint16_t n, bool also_orig)
{
    bool live = x->pub.state != ORM_EM_REMOVED;
    also_orig = also_orig && x->pub.orig;
    if (live)
        live_index(em, x, false, props, n);
    if (also_orig)
        held_index(em, x, false, props, n);
    for (uint16_t i = 0; i < n; i++) {
        og_value *cur = &x->pub.vals[props[i]];
        if (!em_value_same(cur, &v[i]))
            *cur = og_value_copy(&v[i], &em->arena);
        if (also_orig)
            x->pub.orig[props[i]] = *cur;
    }
    if (live)
        live_index(em, x, true, props, n);
    if (also_orig)
        held_index(em, x, true, props, n);
    update_dirty(x);
    sync_pending(em, x);
}

/* Take x out of every map; its memory stays until orm_em_clear (the caller may still hold it). */
static void forget(orm_em *em, em_ent *x)
{
    const orm_entity *e = x->type->e;
    em_key(&em->key, x->pub.vals, e->pk.cols, e->pk.ncols);
    if (og_hmap_get(&x->type->pk, em->key.data, em->key.len) == x)
        og_hmap_del(&x->type->pk, em->key.data, em->key.len);
    if (x->pub.state != ORM_EM_REMOVED)
        live_index(em, x, false, NULL, 0);
    if (x->pub.orig)
        held_index(em, x, false, NULL, 0);
    x->pub.state = ORM_EM_REMOVED;
    x->dead = true;
    x->dirty = x->native = false;
    sync_pending(em, x);
}

/* ---- errors ------------------------------------------------------------------------------------------- */

/* quote_identifier's rule, keywords aside: lower-case letters, digits and _ (not first) stay bare. */
static void put_ident(og_buf *b, const char *name, bool quote)
{
    bool bare = !quote || ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (const char *p = name; bare && quote && *p; p++)
        bare = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (bare) {
        og_buf_puts(b, name);
        return;
    }
    og_buf_put_quoted(b, name, '"');
}

/* "(a, b)=(1, 2)": names of e's props, values vals[props[i]] in their text output. */
static char *key_text(const orm_em *em, const orm_entity *e, const uint16_t *props, uint16_t n, const og_value *vals,
                      bool quote, og_buf *b)
{
    og_buf_clear(b);
    og_buf_putc(b, '(');
    for (uint16_t i = 0; i < n; i++) {
        og_buf_puts(b, i ? ", " : "");
        put_ident(b, e->props[props[i]].name, quote);
    }
    og_buf_puts(b, ")=(");
    for (uint16_t i = 0; i < n; i++) {
        const og_value *v = &vals[props[i]];
        og_buf_puts(b, i ? ", " : "");
        if (v->isnull)
            og_buf_puts(b, "null");
        else
            og_text_io_get()->encode(v, em->timezone, b);
    }
    og_buf_putc(b, ')');
    return og_buf_cstr(b);
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

/* 23505 as PostgreSQL reports a unique index violation (BuildIndexValueDescription: quoted names). */
static void dup_error(const orm_em *em, og_error *err, const orm_entity *e, const orm_key *k, const og_value *vals)
{
    og_buf b = OG_BUF_INIT;
    og_error_set(err, "23505", "duplicate key value violates unique constraint \"%s\"", k->name);
    og_error_detail(err, "Key %s already exists.", key_text(em, e, k->cols, k->ncols, vals, true, &b));
    og_buf_free(&b);
    err->constraint = xstrdup(k->name);
    err->table = xstrdup(e->name);
}

/* 23503 as ri_ReportViolation reports a referenced row that is still referenced (bare names). */
static void ref_error(const orm_em *em, og_error *err, const em_ent *parent, const em_type *child, uint16_t fk)
{
    const orm_fk *f = &child->e->fks[fk];
    const orm_entity *pe = parent->type->e;
    og_buf b = OG_BUF_INIT;
    og_error_set(err, "23503",
                 "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"", pe->name,
                 f->name, child->e->name);
    og_error_detail(err, "Key %s is still referenced from table \"%s\".",
                    key_text(em, pe, child->ref[fk], f->ncols, parent->pub.vals, false, &b), child->e->name);
    og_buf_free(&b);
    err->constraint = xstrdup(f->name);
    err->table = xstrdup(child->e->name);
}

void em_fk_missing_error(const orm_em *em, og_error *err, const em_ent *x, uint16_t fk)
{
    const orm_entity *e = x->type->e;
    const orm_fk *f = &e->fks[fk];
    og_buf b = OG_BUF_INIT;
    og_error_set(err, "23503", "insert or update on table \"%s\" violates foreign key constraint \"%s\"", e->name,
                 f->name);
    og_error_detail(err, "Key %s is not present in table \"%s\".",
                    key_text(em, e, f->cols, f->ncols, x->pub.vals, false, &b),
                    f->target ? f->target->name : f->ref_table);
    og_buf_free(&b);
    err->constraint = xstrdup(f->name);
    err->table = xstrdup(e->name);
}

/* ---- lifecycle ---------------------------------------------------------------------------------------- */

orm_em *orm_em_new(void)
{
    orm_em *em = calloc(1, sizeof *em);
    if (!em)
        abort();
    og_arena_init(&em->arena);
    em->timezone = xstrdup("UTC");
    return em;
}

void orm_em_clear(orm_em *em)
{
    for (uint32_t i = 0; i < em->ntypes; i++) {
        em_type *t = em->tlist[i];
        og_hmap_free(&t->pk);
        for (uint16_t u = 0; u < t->e->nuniques; u++) {
            index_free(&t->cur[u]);
            index_free(&t->held[u]);
        }
        for (uint16_t f = 0; f < t->e->nfks; f++)
            index_free(&t->fk[f]);
    }
    og_hmap_free(&em->types);
    og_hmap_free(&em->fk_known);
    og_arena_reset(&em->arena);
    em->tlist = NULL;
    em->ntypes = em->tcap = 0;
    em->phead = em->ptail = NULL;
    em->npending = 0;
    og_buf_free(&em->key);
}

void orm_em_free(orm_em *em)
{
    if (!em)
        return;
    orm_em_clear(em);
    free(em->timezone);
    free(em);
}

void orm_em_set_timezone(orm_em *em, const char *timezone)
{
    free(em->timezone);
    em->timezone = xstrdup(timezone && *timezone ? timezone : "UTC");
}

/* ---- identity map ------------------------------------------------------------------------------------- */

orm_em_entity *orm_em_get(orm_em *em, const orm_entity *e, const og_value *pk)
{
    em_type *t = type_find(em, e);
    if (!t || !e->pk.ncols)
        return NULL;
    em_key(&em->key, pk, NULL, e->pk.ncols);
    return og_hmap_get(&t->pk, em->key.data, em->key.len);
}

orm_em_entity *orm_em_merge(orm_em *em, const orm_entity *e, const og_value *row)
{
    if (!e->pk.ncols)
        return NULL;
    em_type *t = type_get(em, e);
    em_key(&em->key, row, e->pk.cols, e->pk.ncols);
    em_ent *x = og_hmap_get(&t->pk, em->key.data, em->key.len);
    return x ? &x->pub : &ent_new(em, t, row, ORM_EM_MANAGED)->pub;
}

/* ---- unit of work ------------------------------------------------------------------------------------- */

orm_em_rc orm_em_persist(orm_em *em, const orm_entity *e, const og_value *row, orm_em_entity **out, og_error *err)
{
    if (out)
        *out = NULL;
    if (!e->pk.ncols) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "table \"%s\" has no primary key", e->name);
        return ORM_EM_ERROR;
    }
    em_type *t = type_get(em, e);
    em_key(&em->key, row, e->pk.cols, e->pk.ncols);
    em_ent *old = og_hmap_get(&t->pk, em->key.data, em->key.len);
    if (old && old->pub.state != ORM_EM_REMOVED) {
        dup_error(em, err, e, &e->pk, row);
        return ORM_EM_ERROR;
    }
    for (uint16_t u = 0; u < e->nuniques; u++)
        if (index_taken(em, &t->cur[u], row, NULL)) {
            dup_error(em, err, e, &e->uniques[u], row);
            return ORM_EM_ERROR;
        }
    if (old)
        return ORM_EM_FLUSH_FIRST; /* the insert would run before the removed row's DELETE */
    for (uint16_t u = 0; u < e->nuniques; u++)
        if (index_taken(em, &t->held[u], row, NULL))
            return ORM_EM_FLUSH_FIRST;
    em_ent *x = ent_new(em, t, row, ORM_EM_NEW);
    if (out)
        *out = &x->pub;
    return ORM_EM_OK;
}

orm_em_rc orm_em_assign(orm_em *em, orm_em_entity *m, const uint16_t *props, const og_value *vals, uint16_t n,
                        og_error *err)
{
    em_ent *x = em_ent_of(m);
    em_type *t = x->type;
    const orm_entity *e = t->e;
    if (m->state == ORM_EM_REMOVED) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "cannot assign to a removed entity of \"%s\"", e->name);
        return ORM_EM_ERROR;
    }
    for (uint16_t i = 0; i < n; i++) {
        if (props[i] >= e->nprops) {
            og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "property %u of \"%s\" does not exist", props[i], e->name);
            return ORM_EM_ERROR;
        }
        if (e->props[props[i]].primary) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "primary key column \"%s\" of \"%s\" cannot be assigned in the unit of work",
                         e->props[props[i]].name, e->name);
            return ORM_EM_ERROR;
        }
    }
    og_value *nv = malloc(sizeof(og_value) * (e->nprops + 1u));
    if (!nv)
        abort();
    memcpy(nv, m->vals, sizeof(og_value) * e->nprops);
    for (uint16_t i = 0; i < n; i++)
        nv[props[i]] = vals[i];
    orm_em_rc rc = ORM_EM_OK;
    for (uint16_t u = 0; u < e->nuniques && rc == ORM_EM_OK; u++)
        if (touches(t->cur[u].cols, t->cur[u].ncols, props, n) && index_taken(em, &t->cur[u], nv, x)) {
            dup_error(em, err, e, &e->uniques[u], nv);
            rc = ORM_EM_ERROR;
        }
    for (uint16_t u = 0; u < e->nuniques && rc == ORM_EM_OK; u++)
        if (touches(t->held[u].cols, t->held[u].ncols, props, n) && index_taken(em, &t->held[u], nv, x))
            rc = ORM_EM_FLUSH_FIRST;
    free(nv);
    if (rc == ORM_EM_OK)
        ent_set(em, x, props, vals, n, false);
    return rc;
}

/* ---- remove and ON DELETE rules ----------------------------------------------------------------------- */

/* One entity reached by a removal: x, and the row whose removal reached it through foreign key
 * fk of type t (parent NULL for the entity removed by the caller). */
typedef struct rm_step {
    em_ent *x;
    em_ent *parent;
    em_type *t;
    uint16_t fk;
} rm_step;

typedef struct rm_list {
    rm_step *v;
    size_t n, cap;
} rm_list;

static void rm_push(rm_list *l, rm_step s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = realloc(l->v, sizeof(rm_step) * l->cap);
        if (!l->v)
            abort();
    }
    l->v[l->n++] = s;
}

/* The entities of type t whose foreign key fk currently references parent's row (not removed). */
static em_bucket *referencing(orm_em *em, const em_ent *parent, const em_type *t, uint16_t fk)
{
    const orm_fk *f = &t->e->fks[fk];
    if (f->target != parent->type->e || !t->ref[fk])
        return NULL;
    if (!em_key(&em->key, parent->pub.vals, t->ref[fk], f->ncols))
        return NULL;
    return em_bucket_get(&t->fk[fk].map, &em->key);
}

/* Does the backend hold child's foreign key fk pointing at parent's row, as the values do? Then
 * the backend's own ON DELETE action reaches the child when the parent's row is deleted. */
static bool backend_links(const em_ent *child, const em_type *t, uint16_t fk, const em_ent *parent)
{
    if (!child->pub.orig || !parent->pub.orig)
        return false;
    const orm_fk *f = &t->e->fks[fk];
    for (uint16_t i = 0; i < f->ncols; i++)
        if (!em_value_same(&child->pub.orig[f->cols[i]], &child->pub.vals[f->cols[i]]) ||
            !em_value_same(&parent->pub.orig[t->ref[fk][i]], &parent->pub.vals[t->ref[fk][i]]))
            return false;
    return true;
}

/* The values ON DELETE SET NULL / SET DEFAULT gives the columns of foreign key f (in em's arena). */
static bool fk_reset_values(orm_em *em, const orm_entity *e, const orm_fk *f, og_value *out, og_error *err)
{
    for (uint16_t i = 0; i < f->ncols; i++) {
        const orm_property *p = &e->props[f->cols[i]];
        out[i] = og_value_null(p->type_oid);
        if (f->on_delete != ORM_FK_SET_DEFAULT || p->dkind == ORM_DEFAULT_NONE ||
            (p->dkind == ORM_DEFAULT_CONST && !p->dconst))
            continue;
        if (p->dkind != ORM_DEFAULT_CONST) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "ON DELETE SET DEFAULT of \"%s\" needs a constant default of column \"%s\"", f->name, p->name);
            return false;
        }
        if (!og_text_io_get()->decode(p->type_oid, p->dconst, strlen(p->dconst), em->timezone, &em->arena, &out[i],
                                      err))
            return false;
    }
    return true;
}

/* Collect into l, after its first entry, everything ON DELETE CASCADE reaches. */
static void rm_closure(orm_em *em, rm_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        em_ent *p = l->v[i].x;
        for (uint32_t k = 0; k < em->ntypes; k++) {
            em_type *t = em->tlist[k];
            for (uint16_t fk = 0; fk < t->e->nfks; fk++) {
                if (t->e->fks[fk].on_delete != ORM_FK_CASCADE)
                    continue;
                em_bucket *b = referencing(em, p, t, fk);
                for (uint32_t j = 0; b && j < b->n; j++)
                    if (!b->v[j]->mark) {
                        b->v[j]->mark = true;
                        rm_push(l, (rm_step){b->v[j], p, t, fk});
                    }
            }
        }
    }
}

/* The other rules: 23503 for RESTRICT / NO ACTION, else the SET NULL / SET DEFAULT steps into sets. */
static bool rm_rules(orm_em *em, const rm_list *l, rm_list *sets, og_error *err)
{
    for (size_t i = 0; i < l->n; i++) {
        em_ent *p = l->v[i].x;
        for (uint32_t k = 0; k < em->ntypes; k++) {
            em_type *t = em->tlist[k];
            for (uint16_t fk = 0; fk < t->e->nfks; fk++) {
                orm_fk_action act = t->e->fks[fk].on_delete;
                if (act == ORM_FK_CASCADE)
                    continue;
                em_bucket *b = referencing(em, p, t, fk);
                for (uint32_t j = 0; b && j < b->n; j++) {
                    if (b->v[j]->mark)
                        continue;
                    if (act == ORM_FK_RESTRICT || act == ORM_FK_NO_ACTION) {
                        ref_error(em, err, p, t, fk);
                        return false;
                    }
                    rm_push(sets, (rm_step){b->v[j], p, t, fk});
                }
            }
        }
    }
    return true;
}

orm_em_rc orm_em_remove(orm_em *em, orm_em_entity *m, bool native_fk, og_error *err)
{
    em_ent *x = em_ent_of(m);
    if (m->state == ORM_EM_REMOVED)
        return ORM_EM_OK;
    rm_list l = {0}, sets = {0};
    x->mark = true;
    rm_push(&l, (rm_step){x, NULL, NULL, 0});
    rm_closure(em, &l);
    bool ok = rm_rules(em, &l, &sets, err);
    og_value **reset = calloc(sets.n + 1, sizeof(og_value *));
    if (!reset)
        abort();
    for (size_t i = 0; ok && i < sets.n; i++) {
        const orm_fk *f = &sets.v[i].t->e->fks[sets.v[i].fk];
        reset[i] = og_arena_alloc(&em->arena, sizeof(og_value) * (f->ncols + 1u));
        ok = fk_reset_values(em, sets.v[i].t->e, f, reset[i], err);
    }
    for (size_t i = 0; ok && i < sets.n; i++) {
        const rm_step *s = &sets.v[i];
        const orm_fk *f = &s->t->e->fks[s->fk];
        bool by_backend = native_fk && backend_links(s->x, s->t, s->fk, s->parent);
        ent_set(em, s->x, f->cols, reset[i], f->ncols, by_backend);
        if (by_backend) {
            s->x->native = true;
            sync_pending(em, s->x);
        }
    }
    for (size_t i = 0; i < l.n; i++) {
        const rm_step *s = &l.v[i];
        em_ent *y = s->x;
        y->mark = false;
        if (!ok)
            continue;
        if (y->pub.state == ORM_EM_NEW) {
            forget(em, y);
            continue;
        }
        live_index(em, y, false, NULL, 0);
        y->pub.state = ORM_EM_REMOVED;
        y->pub.cascaded = native_fk && s->parent && backend_links(y, s->t, s->fk, s->parent);
        y->dirty = false;
        sync_pending(em, y);
    }
    free(reset);
    free(l.v);
    free(sets.v);
    return ok ? ORM_EM_OK : ORM_EM_ERROR;
}

bool em_fk_apply(orm_em *em, em_ent *parent, em_ent *child, uint16_t fk, og_error *err)
{
    em_type *t = child->type;
    const orm_fk *f = &t->e->fks[fk];
    switch (f->on_delete) {
    case ORM_FK_CASCADE:
        return orm_em_remove(em, &child->pub, false, err) == ORM_EM_OK;
    case ORM_FK_RESTRICT:
    case ORM_FK_NO_ACTION:
        ref_error(em, err, parent, t, fk);
        return false;
    default: {
        og_value *v = og_arena_alloc(&em->arena, sizeof(og_value) * (f->ncols + 1u));
        if (!fk_reset_values(em, t->e, f, v, err))
            return false;
        ent_set(em, child, f->cols, v, f->ncols, false);
        return true;
    }
    }
}

bool orm_em_pending_type(const orm_em *em, const orm_entity *e)
{
    const em_type *t = type_find(em, e);
    return t && t->npending > 0;
}

bool orm_em_pending(const orm_em *em)
{
    return em->npending > 0;
}

const orm_entity *orm_em_pending_next(const orm_em *em, uint32_t *it)
{
    while (*it < em->ntypes) {
        const em_type *t = em->tlist[(*it)++];
        if (t->npending)
            return t->e;
    }
    return NULL;
}

void orm_em_evict_clean(orm_em *em)
{
    if (!em->npending) {
        orm_em_clear(em);
        return;
    }
    for (uint32_t i = 0; i < em->ntypes; i++) {
        em_type *t = em->tlist[i];
        size_t n = 0, it = 0;
        void *v;
        em_ent **clean = malloc(sizeof(*clean) * (t->pk.count + 1));
        if (!clean)
            abort();
        while (og_hmap_next(&t->pk, &it, NULL, NULL, &v)) {
            em_ent *x = v;
            if (!x->pending && x->pub.state == ORM_EM_MANAGED)
                clean[n++] = x;
        }
        for (size_t k = 0; k < n; k++)
            forget(em, clean[k]);
        free(clean);
    }
}

const orm_em_entity *orm_em_next(const orm_em *em, uint32_t *type, size_t *it)
{
    for (; *type < em->ntypes; (*type)++, *it = 0) {
        void *v;
        if (og_hmap_next(&em->tlist[*type]->pk, it, NULL, NULL, &v))
            return &((em_ent *)v)->pub;
    }
    return NULL;
}

bool orm_em_changed(const orm_em_entity *m, uint16_t prop)
{
    return !m->orig || !em_value_same(&m->vals[prop], &m->orig[prop]);
}

/* ---- after a flush ------------------------------------------------------------------------------------ */

void orm_em_flushed(orm_em *em)
{
    og_hmap_free(&em->fk_known); /* native statements may delete those rows after the flush */
    em_ent *x = em->phead;
    while (x) {
        em_ent *next = x->pnext;
        uint16_t n = x->type->e->nprops;
        if (x->pub.state == ORM_EM_REMOVED) {
            forget(em, x);
        } else {
            if (x->pub.orig)
                held_index(em, x, false, NULL, 0);
            else
                x->pub.orig = og_arena_alloc(&em->arena, sizeof(og_value) * (n + 1u));
            memcpy(x->pub.orig, x->pub.vals, sizeof(og_value) * n);
            x->pub.state = ORM_EM_MANAGED;
            x->dirty = x->native = false;
            held_index(em, x, true, NULL, 0);
            sync_pending(em, x);
        }
        x = next;
    }
}
