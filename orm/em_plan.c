/*
 * orm/em_plan.c - the flush plan of the unit of work (orm_em_plan_build in
 * orm/em.h): the commit order, and the batches as query IR.
 *
 * Commit order, as Doctrine ORM 3 computes it:
 *   - entity types are sorted by their foreign keys, parents first (a
 *     depth-first topological sort); that order decides the order of the
 *     INSERT batches, and reversed, of the DELETE batches;
 *   - then the new entities themselves are sorted, visited type by type in
 *     that order (registration order inside a type): an entity goes after
 *     every new entity its foreign keys point at. Where types do not form a
 *     cycle this keeps each type's entities together (one run, one batch);
 *     inside a self-referencing type it puts a parent row before its
 *     children whatever order they were persisted in;
 *   - a cycle is broken at a nullable foreign key: when the edge that closes
 *     it is nullable it is dropped there; when it is not, the nearest
 *     nullable edge on the cycle is dropped and the sort starts over. A
 *     dropped edge means the child is inserted with that key NULL and gets
 *     it in an UPDATE of phase 2 (grouped like any update). A cycle with no
 *     nullable edge is an error (0A000);
 *   - removed entities are sorted the same way with the edges reversed
 *     (children first), by the values the backend holds (orig); a cycle
 *     there is broken by setting a nullable key NULL in phase 2, and one
 *     without a nullable key is left to the backend (one DELETE statement
 *     per type deletes a self-referencing cycle at once).
 *
 * Batches:
 *   INSERT INTO t (every column) VALUES (...), (...)      one run of one type
 *   UPDATE t SET c = v WHERE pk = k                         one entity
 *   UPDATE t SET c = CASE pk WHEN k1 THEN v1 ... END WHERE pk IN (k1, ...)
 *                                                           entities of one type
 *                                                           with the same columns
 *   DELETE FROM t WHERE pk IN (k1, ...)    (pk = k for one entity)
 * A composite primary key matches with (a = k AND b = l) OR ..., and its CASE
 * is the searched form. Every value is a constant of the property's type,
 * copied into the statement's arena; a batch holds at most max_rows entities
 * and ORM_EM_MAX_BINDS constants.
 */
#include <stdlib.h>
#include <string.h>

#include "orm/em.h"
#include "orm/em_int.h"
#include "orm/translate.h"

/* ---- a topological sort that breaks cycles at nullable edges ------------------------------------------ */

enum {
    E_LIVE,
    E_BROKEN,  /* broken for good: the sort restarted because of it */
    E_DROPPED, /* broken in this pass (a nullable edge closing a cycle) */
    E_IGNORED, /* lenient: a cycle without a nullable edge, closing edge left out */
};

typedef struct ps_edge {
    uint32_t to;   /* the node that must come first */
    uint16_t fk;   /* index of the foreign key in the child's type */
    bool nullable; /* the foreign key's columns are all nullable */
    uint8_t state;
} ps_edge;

typedef struct ps_graph {
    uint32_t n;
    uint32_t *first; /* edges of node i: edges[first[i] .. first[i + 1]) */
    ps_edge *edges;
    uint32_t nedges, cap;
} ps_graph;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        abort();
    return p;
}

static void ps_init(ps_graph *g, uint32_t n)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->first = calloc(n + 1u, sizeof(uint32_t));
    if (!g->first)
        abort();
}

/* Start node i's edge list (nodes in order 0, 1, ...). */
static void ps_node(ps_graph *g, uint32_t i)
{
    g->first[i] = g->nedges;
    g->first[i + 1] = g->nedges;
}

static void ps_edge_add(ps_graph *g, uint32_t from, uint32_t to, uint16_t fk, bool nullable)
{
    if (g->nedges == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        g->edges = realloc(g->edges, sizeof(ps_edge) * g->cap);
        if (!g->edges)
            abort();
    }
    g->edges[g->nedges++] = (ps_edge){to, fk, nullable, E_LIVE};
    g->first[from + 1] = g->nedges;
}

static void ps_free(ps_graph *g)
{
    free(g->first);
    free(g->edges);
}

static bool ps_broken(const ps_edge *e)
{
    return e->state == E_BROKEN || e->state == E_DROPPED;
}

/* Order the nodes so that every live edge u -> v has v before u: depth first, dependencies first,
 * roots in node order. Cycles are broken as the file's comment says; a cycle without a nullable
 * edge gives false with its nodes in cyc[0..*ncyc), unless lenient (its closing edge is ignored). */
static bool ps_sort(ps_graph *g, bool lenient, uint32_t *order, uint32_t *cyc, uint32_t *ncyc)
{
    uint32_t n = g->n;
    uint8_t *state = xmalloc(n);
    uint32_t *cursor = xmalloc(sizeof(uint32_t) * n), *pos = xmalloc(sizeof(uint32_t) * n);
    uint32_t *stack = xmalloc(sizeof(uint32_t) * n), *via = calloc(n + 1u, sizeof(uint32_t));
    if (!via)
        abort();
    bool ok = true;
restart:
    memset(state, 0, n);
    for (uint32_t i = 0; i < n; i++)
        cursor[i] = g->first[i];
    for (uint32_t i = 0; i < g->nedges; i++)
        if (g->edges[i].state == E_DROPPED || g->edges[i].state == E_IGNORED)
            g->edges[i].state = E_LIVE;
    uint32_t nout = 0;
    for (uint32_t r = 0; r < n && ok; r++) {
        if (state[r])
            continue;
        uint32_t sp = 0;
        state[r] = 1;
        pos[r] = sp;
        via[sp] = UINT32_MAX;
        stack[sp++] = r;
        while (sp) {
            uint32_t u = stack[sp - 1];
            if (cursor[u] == g->first[u + 1]) {
                state[u] = 2;
                order[nout++] = u;
                sp--;
                continue;
            }
            uint32_t ei = cursor[u]++;
            ps_edge *e = &g->edges[ei];
            uint32_t v = e->to;
            if (e->state != E_LIVE || state[v] == 2)
                continue;
            if (state[v] == 0) {
                state[v] = 1;
                pos[v] = sp;
                via[sp] = ei;
                stack[sp++] = v;
                continue;
            }
            if (e->nullable) { /* a cycle, closed by a nullable key */
                e->state = E_DROPPED;
                continue;
            }
            uint32_t k = sp - 1;
            while (k > pos[v] && !g->edges[via[k]].nullable)
                k--;
            if (k > pos[v]) {
                g->edges[via[k]].state = E_BROKEN;
                goto restart;
            }
            if (lenient) {
                e->state = E_IGNORED;
                continue;
            }
            *ncyc = sp - pos[v];
            memcpy(cyc, stack + pos[v], sizeof(uint32_t) * *ncyc);
            ok = false;
            break;
        }
    }
    free(state);
    free(cursor);
    free(pos);
    free(stack);
    free(via);
    return ok;
}

/* ---- the plan's working state ------------------------------------------------------------------------- */

/* Entities of one type with the same key, for one foreign key's lookups. */
typedef struct tnode {
    uint32_t node;
    struct tnode *next;
} tnode;

typedef struct upd_item {
    em_ent *x;
    uint16_t ncols;
    uint16_t *cols; /* ascending property indexes */
    bool nulls;     /* write NULL (breaking a cycle of deletes), else the current values */
    uint32_t rank;
} upd_item;

typedef struct upd_group {
    const orm_entity *e;
    uint16_t ncols;
    const uint16_t *cols;
    upd_item **items;
    uint32_t n, cap;
} upd_group;

typedef struct plan {
    orm_em *em;
    og_arena a;     /* scratch, freed with the plan's build */
    uint32_t *rank; /* per type id: position in the parents-first order */
    em_ent **ins, **del;
    uint32_t nins, ndel;
    bool **ins_null; /* per insert node: columns inserted as NULL (NULL: none) */
    bool **del_null; /* per delete node: columns set NULL before the deletes (NULL: none) */
    upd_item *upd;
    uint32_t nupd, cap_upd;
    orm_em_batch *out;
    size_t nout, cap_out;
    size_t max_rows;
} plan;

static uint32_t type_rank(const plan *p, const em_ent *x)
{
    return p->rank[x->type->id];
}

static void batch_add(plan *p, orm_em_batch_kind kind, const orm_entity *e, orm_stmt *st, uint32_t nrows)
{
    if (p->nout == p->cap_out) {
        p->cap_out = p->cap_out ? p->cap_out * 2 : 16;
        p->out = realloc(p->out, sizeof(orm_em_batch) * p->cap_out);
        if (!p->out)
            abort();
    }
    p->out[p->nout++] = (orm_em_batch){kind, e, st, nrows};
}

/* Entities per batch: max_rows, and what ORM_EM_MAX_BINDS allows at binds_each constants each. */
static uint32_t chunk_size(const plan *p, size_t binds_each)
{
    size_t k = binds_each ? ORM_EM_MAX_BINDS / binds_each : ORM_EM_MAX_BINDS;
    if (p->max_rows && p->max_rows < k)
        k = p->max_rows;
    if (k > UINT32_MAX)
        k = UINT32_MAX;
    return k ? (uint32_t)k : 1;
}

/* ---- type order --------------------------------------------------------------------------------------- */

static void order_types(plan *p)
{
    orm_em *em = p->em;
    ps_graph g;
    ps_init(&g, em->ntypes);
    for (uint32_t i = 0; i < em->ntypes; i++) {
        const em_type *t = em->tlist[i];
        ps_node(&g, i);
        for (uint16_t f = 0; f < t->e->nfks; f++) {
            const orm_fk *fk = &t->e->fks[f];
            const em_type *u = fk->target ? og_hmap_get(&em->types, &fk->target, sizeof fk->target) : NULL;
            if (u && u != t)
                ps_edge_add(&g, i, u->id, f, em_fk_nullable(t->e, fk));
        }
    }
    uint32_t *order = og_arena_alloc(&p->a, sizeof(uint32_t) * (em->ntypes + 1u));
    uint32_t ncyc;
    ps_sort(&g, true, order, order, &ncyc);
    p->rank = og_arena_alloc(&p->a, sizeof(uint32_t) * (em->ntypes + 1u));
    for (uint32_t i = 0; i < em->ntypes; i++)
        p->rank[order[i]] = i;
    ps_free(&g);
}

/* ---- collecting the pending changes ------------------------------------------------------------------- */

/* Entities sorted by type rank (ascending, or descending for children first), then registration. */
typedef struct sort_rec {
    uint32_t rank;
    uint64_t seq;
    em_ent *x;
} sort_rec;

static int cmp_recs(const void *a, const void *b)
{
    const sort_rec *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sort_ents(const plan *p, em_ent **v, uint32_t n, bool children_first)
{
    sort_rec *r = xmalloc(sizeof(sort_rec) * n);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rank = type_rank(p, v[i]);
        r[i] = (sort_rec){children_first ? UINT32_MAX - rank : rank, v[i]->pub.seq, v[i]};
    }
    qsort(r, n, sizeof(sort_rec), cmp_recs);
    for (uint32_t i = 0; i < n; i++)
        v[i] = r[i].x;
    free(r);
}

static int cmp_items(const void *a, const void *b)
{
    const upd_item *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->x->pub.seq < y->x->pub.seq ? -1 : x->x->pub.seq > y->x->pub.seq;
}

static void upd_push(plan *p, em_ent *x, const bool *cols, bool nulls)
{
    const orm_entity *e = x->type->e;
    uint16_t n = 0;
    for (uint16_t i = 0; i < e->nprops; i++)
        n = (uint16_t)(n + (cols[i] ? 1 : 0));
    if (!n)
        return;
    if (p->nupd == p->cap_upd) {
        p->cap_upd = p->cap_upd ? p->cap_upd * 2 : 16;
        p->upd = realloc(p->upd, sizeof(upd_item) * p->cap_upd);
        if (!p->upd)
            abort();
    }
    upd_item *it = &p->upd[p->nupd++];
    it->x = x;
    it->ncols = n;
    it->cols = og_arena_alloc(&p->a, sizeof(uint16_t) * n);
    it->nulls = nulls;
    it->rank = type_rank(p, x);
    for (uint16_t i = 0, k = 0; i < e->nprops; i++)
        if (cols[i])
            it->cols[k++] = i;
}

static void collect(plan *p)
{
    orm_em *em = p->em;
    p->ins = og_arena_alloc(&p->a, sizeof(em_ent *) * (em->npending + 1u));
    p->del = og_arena_alloc(&p->a, sizeof(em_ent *) * (em->npending + 1u));
    for (em_ent *x = em->phead; x; x = x->pnext) {
        if (x->pub.state == ORM_EM_NEW) {
            p->ins[p->nins++] = x;
        } else if (x->pub.state == ORM_EM_REMOVED) {
            if (!x->pub.cascaded)
                p->del[p->ndel++] = x;
        } else if (x->dirty) {
            const orm_entity *e = x->type->e;
            bool *cols = og_arena_zalloc(&p->a, sizeof(bool) * (e->nprops + 1u));
            for (uint16_t i = 0; i < e->nprops; i++)
                cols[i] = !em_value_same(&x->pub.vals[i], &x->pub.orig[i]);
            upd_push(p, x, cols, false);
        }
    }
    sort_ents(p, p->ins, p->nins, false);
    sort_ents(p, p->del, p->ndel, true);
    for (uint32_t i = 0; i < p->nins; i++)
        p->ins[i]->slot = i;
    for (uint32_t i = 0; i < p->ndel; i++)
        p->del[i]->slot = i;
}

/* ---- entity order ------------------------------------------------------------------------------------- */

/* nodes[] of type t (vals or orig) by the key over cols, for one foreign key's lookups. */
static og_hmap *lookup_build(plan *p, em_ent **nodes, uint32_t n, const em_type *t, const uint16_t *cols,
                             uint16_t ncols, bool orig)
{
    og_hmap *m = og_arena_zalloc(&p->a, sizeof *m);
    for (uint32_t i = 0; i < n; i++) {
        if (nodes[i]->type != t)
            continue;
        const og_value *v = orig ? nodes[i]->pub.orig : nodes[i]->pub.vals;
        if (!v || !em_key(&p->em->key, v, cols, ncols))
            continue;
        tnode *tn = og_arena_alloc(&p->a, sizeof *tn);
        tn->node = i;
        tn->next = og_hmap_get(m, p->em->key.data, p->em->key.len);
        og_hmap_put(m, p->em->key.data, p->em->key.len, tn);
    }
    return m;
}

/* Lookup maps per (type id, foreign key), built on first use; every map is also listed in built. */
typedef struct lookups {
    og_hmap ***by_type;
    og_hmap **built;
    uint32_t nbuilt;
} lookups;

static void lookups_init(plan *p, lookups *l)
{
    l->by_type = og_arena_zalloc(&p->a, sizeof(og_hmap **) * (p->em->ntypes + 1u));
    for (uint32_t i = 0; i < p->em->ntypes; i++)
        l->by_type[i] = og_arena_zalloc(&p->a, sizeof(og_hmap *) * (p->em->tlist[i]->e->nfks + 1u));
    size_t nfk = 0;
    for (uint32_t i = 0; i < p->em->ntypes; i++)
        nfk += p->em->tlist[i]->e->nfks;
    l->built = og_arena_zalloc(&p->a, sizeof(og_hmap *) * (nfk + 1u));
    l->nbuilt = 0;
}

static void lookups_free(lookups *l)
{
    for (uint32_t i = 0; i < l->nbuilt; i++)
        og_hmap_free(l->built[i]);
}

static char *cycle_tables(plan *p, em_ent **nodes, const uint32_t *cyc, uint32_t ncyc)
{
    og_buf b = OG_BUF_INIT;
    for (uint32_t i = 0; i < ncyc; i++) {
        const char *name = nodes[cyc[i]]->type->e->name;
        bool seen = false;
        for (uint32_t k = 0; k < i && !seen; k++)
            seen = nodes[cyc[k]]->type == nodes[cyc[i]]->type;
        if (!seen)
            og_buf_printf(&b, "%s\"%s\"", b.len ? ", " : "", name);
    }
    char *s = og_arena_strdup(&p->a, og_buf_cstr(&b));
    og_buf_free(&b);
    return s;
}

/* New entities: each after the new entities its foreign keys point at. ins is reordered. */
static bool order_inserts(plan *p, og_error *err)
{
    orm_em *em = p->em;
    lookups l;
    lookups_init(p, &l);
    ps_graph g;
    ps_init(&g, p->nins);
    for (uint32_t i = 0; i < p->nins; i++) {
        em_ent *c = p->ins[i];
        const em_type *t = c->type;
        ps_node(&g, i);
        for (uint16_t f = 0; f < t->e->nfks; f++) {
            const orm_fk *fk = &t->e->fks[f];
            const em_type *u = fk->target ? og_hmap_get(&em->types, &fk->target, sizeof fk->target) : NULL;
            if (!u || !t->ref[f] || !u->npending)
                continue;
            og_hmap **m = &l.by_type[t->id][f];
            if (!*m) {
                *m = lookup_build(p, p->ins, p->nins, u, t->ref[f], fk->ncols, false);
                l.built[l.nbuilt++] = *m;
            }
            if (!em_key(&em->key, c->pub.vals, fk->cols, fk->ncols))
                continue;
            for (const tnode *tn = og_hmap_get(*m, em->key.data, em->key.len); tn; tn = tn->next)
                if (tn->node != i)
                    ps_edge_add(&g, i, tn->node, f, em_fk_nullable(t->e, fk));
        }
    }
    lookups_free(&l);
    uint32_t *order = og_arena_alloc(&p->a, sizeof(uint32_t) * (p->nins + 1u));
    uint32_t *cyc = og_arena_alloc(&p->a, sizeof(uint32_t) * (p->nins + 1u)), ncyc = 0;
    if (!ps_sort(&g, false, order, cyc, &ncyc)) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "cannot order the inserts into %s: their foreign keys form a cycle without a nullable column",
                     cycle_tables(p, p->ins, cyc, ncyc));
        ps_free(&g);
        return false;
    }
    /* broken edges: the child goes in with that key NULL and gets it in phase 2 */
    p->ins_null = og_arena_zalloc(&p->a, sizeof(bool *) * (p->nins + 1u));
    for (uint32_t i = 0; i < p->nins; i++)
        for (uint32_t k = g.first[i]; k < g.first[i + 1]; k++) {
            if (!ps_broken(&g.edges[k]))
                continue;
            const orm_entity *e = p->ins[i]->type->e;
            if (!p->ins_null[i])
                p->ins_null[i] = og_arena_zalloc(&p->a, sizeof(bool) * (e->nprops + 1u));
            const orm_fk *fk = &e->fks[g.edges[k].fk];
            for (uint16_t c = 0; c < fk->ncols; c++)
                p->ins_null[i][fk->cols[c]] = true;
        }
    em_ent **sorted = og_arena_alloc(&p->a, sizeof(em_ent *) * (p->nins + 1u));
    bool **nulls = og_arena_alloc(&p->a, sizeof(bool *) * (p->nins + 1u));
    for (uint32_t i = 0; i < p->nins; i++) {
        sorted[i] = p->ins[order[i]];
        nulls[i] = p->ins_null[order[i]];
        if (nulls[i])
            upd_push(p, sorted[i], nulls[i], false);
    }
    p->ins = sorted;
    p->ins_null = nulls;
    ps_free(&g);
    return true;
}

/* Removed entities: each after the removed entities that reference it (by the values the backend
 * holds). del is reordered. */
static void order_deletes(plan *p)
{
    orm_em *em = p->em;
    lookups l;
    lookups_init(p, &l);
    ps_graph g;
    ps_init(&g, p->ndel);
    for (uint32_t i = 0; i < p->ndel; i++) {
        em_ent *x = p->del[i];
        ps_node(&g, i);
        for (uint32_t k = 0; k < em->ntypes; k++) {
            const em_type *t = em->tlist[k];
            if (!t->npending)
                continue;
            for (uint16_t f = 0; f < t->e->nfks; f++) {
                const orm_fk *fk = &t->e->fks[f];
                if (fk->target != x->type->e || !t->ref[f])
                    continue;
                og_hmap **m = &l.by_type[t->id][f];
                if (!*m) {
                    *m = lookup_build(p, p->del, p->ndel, t, fk->cols, fk->ncols, true);
                    l.built[l.nbuilt++] = *m;
                }
                if (!em_key(&em->key, x->pub.orig, t->ref[f], fk->ncols))
                    continue;
                for (const tnode *tn = og_hmap_get(*m, em->key.data, em->key.len); tn; tn = tn->next)
                    if (tn->node != i)
                        ps_edge_add(&g, i, tn->node, f, em_fk_nullable(t->e, fk));
            }
        }
    }
    lookups_free(&l);
    uint32_t *order = og_arena_alloc(&p->a, sizeof(uint32_t) * (p->ndel + 1u)), ncyc = 0;
    ps_sort(&g, true, order, order, &ncyc);
    /* broken edges: the referencing row (the edge's target) gets that key NULL before the deletes */
    p->del_null = og_arena_zalloc(&p->a, sizeof(bool *) * (p->ndel + 1u));
    for (uint32_t i = 0; i < p->ndel; i++)
        for (uint32_t k = g.first[i]; k < g.first[i + 1]; k++) {
            if (!ps_broken(&g.edges[k]))
                continue;
            uint32_t c = g.edges[k].to;
            const orm_entity *e = p->del[c]->type->e;
            if (!p->del_null[c])
                p->del_null[c] = og_arena_zalloc(&p->a, sizeof(bool) * (e->nprops + 1u));
            const orm_fk *fk = &e->fks[g.edges[k].fk];
            for (uint16_t j = 0; j < fk->ncols; j++)
                p->del_null[c][fk->cols[j]] = true;
        }
    for (uint32_t i = 0; i < p->ndel; i++)
        if (p->del_null[i])
            upd_push(p, p->del[i], p->del_null[i], true);
    em_ent **sorted = og_arena_alloc(&p->a, sizeof(em_ent *) * (p->ndel + 1u));
    for (uint32_t i = 0; i < p->ndel; i++)
        sorted[i] = p->del[order[i]];
    p->del = sorted;
    ps_free(&g);
}

/* ---- IR ----------------------------------------------------------------------------------------------- */

orm_stmt *em_stmt_new(const orm_entity *e, orm_query_kind kind)
{
    orm_stmt *st = calloc(1, sizeof *st);
    if (!st)
        abort();
    og_arena_init(&st->arena);
    og_arena *a = &st->arena;
    st->param_types = og_arena_zalloc(a, sizeof(uint32_t));
    orm_query *q = og_arena_zalloc(a, sizeof *q);
    q->kind = kind;
    q->excluded_rte = UINT16_MAX;
    q->nrtes = 1;
    q->rtes = og_arena_zalloc(a, sizeof(orm_rte));
    q->target_rte = 0;
    orm_rte_set_entity(&q->rtes[0], e, a);
    q->rtes[0].alias = e->name;
    st->query = q;
    return st;
}

orm_expr *em_x_new(og_arena *a, orm_expr_kind kind, uint32_t type, int32_t typmod, uint16_t nargs)
{
    orm_expr *x = og_arena_zalloc(a, sizeof *x);
    x->kind = kind;
    x->type = type;
    x->typmod = typmod;
    x->nargs = nargs;
    if (nargs)
        x->args = og_arena_zalloc(a, sizeof(orm_expr *) * (nargs + 1u));
    return x;
}

/* A constant of property p's type: v copied into a, or NULL when v is NULL. */
orm_expr *em_x_const(og_arena *a, const orm_property *p, const og_value *v)
{
    orm_expr *x = em_x_new(a, ORM_EX_CONST, p->type_oid, p->typmod, 0);
    x->u.value = v && !v->isnull ? og_value_copy(v, a) : og_value_null(p->type_oid);
    return x;
}

orm_expr *em_x_col(og_arena *a, const orm_entity *e, uint16_t prop)
{
    orm_expr *x = em_x_new(a, ORM_EX_COLUMN, e->props[prop].type_oid, e->props[prop].typmod, 0);
    x->u.column.col = prop;
    return x;
}

/* The primary key of x: pk = k, or (a = k AND b = l). */
static orm_expr *x_pk_match(og_arena *a, const orm_entity *e, const em_ent *x)
{
    const orm_key *pk = &e->pk;
    orm_expr *conj = pk->ncols > 1 ? em_x_new(a, ORM_EX_AND, OG_OID_BOOL, -1, pk->ncols) : NULL;
    orm_expr *eq = NULL;
    for (uint16_t i = 0; i < pk->ncols; i++) {
        const orm_property *p = &e->props[pk->cols[i]];
        eq = em_x_new(a, ORM_EX_CMP, OG_OID_BOOL, -1, 2);
        eq->u.cmp.op = ORM_CMP_EQ;
        eq->u.cmp.cmp_type = p->type_oid;
        eq->args[0] = em_x_col(a, e, pk->cols[i]);
        eq->args[1] = em_x_const(a, p, &x->pub.vals[pk->cols[i]]);
        if (conj)
            conj->args[i] = eq;
    }
    return conj ? conj : eq;
}

/* WHERE of a batch of xs[0..k): pk = k, pk IN (k1, ...), or an OR of composite matches. */
static orm_expr *x_pk_where(og_arena *a, const orm_entity *e, em_ent *const *xs, uint32_t k)
{
    if (k == 1)
        return x_pk_match(a, e, xs[0]);
    orm_expr *w;
    if (e->pk.ncols == 1) {
        uint16_t c = e->pk.cols[0];
        w = em_x_new(a, ORM_EX_IN, OG_OID_BOOL, -1, (uint16_t)(k + 1));
        w->u.cmp.cmp_type = e->props[c].type_oid;
        w->args[0] = em_x_col(a, e, c);
        for (uint32_t i = 0; i < k; i++)
            w->args[i + 1] = em_x_const(a, &e->props[c], &xs[i]->pub.vals[c]);
    } else {
        w = em_x_new(a, ORM_EX_OR, OG_OID_BOOL, -1, (uint16_t)k);
        for (uint32_t i = 0; i < k; i++)
            w->args[i] = x_pk_match(a, e, xs[i]);
    }
    return w;
}

static orm_stmt *insert_stmt(const orm_entity *e, em_ent *const *xs, bool *const *nulls, uint32_t k)
{
    orm_stmt *st = em_stmt_new(e, ORM_Q_INSERT);
    og_arena *a = &st->arena;
    orm_query *q = st->query;
    q->ncols = e->nprops;
    q->cols = og_arena_alloc(a, sizeof(uint16_t) * (e->nprops + 1u));
    for (uint16_t c = 0; c < e->nprops; c++)
        q->cols[c] = c;
    q->nrows = k;
    q->rows = og_arena_alloc(a, sizeof(orm_expr **) * (k + 1u));
    for (uint32_t r = 0; r < k; r++) {
        q->rows[r] = og_arena_alloc(a, sizeof(orm_expr *) * (e->nprops + 1u));
        for (uint16_t c = 0; c < e->nprops; c++)
            q->rows[r][c] = em_x_const(a, &e->props[c], nulls[r] && nulls[r][c] ? NULL : &xs[r]->pub.vals[c]);
    }
    return st;
}

static const og_value *item_value(const upd_item *it, uint16_t prop)
{
    return it->nulls ? NULL : &it->x->pub.vals[prop];
}

static orm_stmt *update_stmt(const upd_group *g, upd_item *const *items, uint32_t k)
{
    const orm_entity *e = g->e;
    orm_stmt *st = em_stmt_new(e, ORM_Q_UPDATE);
    og_arena *a = &st->arena;
    orm_query *q = st->query;
    em_ent **xs = og_arena_alloc(a, sizeof(em_ent *) * (k + 1u));
    for (uint32_t i = 0; i < k; i++)
        xs[i] = items[i]->x;
    q->nset = g->ncols;
    q->set_cols = og_arena_alloc(a, sizeof(uint16_t) * (g->ncols + 1u));
    q->set_exprs = og_arena_alloc(a, sizeof(orm_expr *) * (g->ncols + 1u));
    for (uint16_t c = 0; c < g->ncols; c++) {
        const orm_property *p = &e->props[g->cols[c]];
        q->set_cols[c] = g->cols[c];
        if (k == 1) {
            q->set_exprs[c] = em_x_const(a, p, item_value(items[0], g->cols[c]));
            continue;
        }
        orm_expr *cs = em_x_new(a, ORM_EX_CASE, p->type_oid, p->typmod, 0);
        cs->u.case_.nwhens = (uint16_t)k;
        cs->u.case_.whens = og_arena_alloc(a, sizeof(orm_expr *) * (k + 1u));
        cs->u.case_.thens = og_arena_alloc(a, sizeof(orm_expr *) * (k + 1u));
        if (e->pk.ncols == 1) {
            const orm_property *pk = &e->props[e->pk.cols[0]];
            cs->u.case_.arg = em_x_col(a, e, e->pk.cols[0]);
            cs->u.case_.cmp_type = pk->type_oid;
        }
        for (uint32_t i = 0; i < k; i++) {
            cs->u.case_.whens[i] = e->pk.ncols == 1
                                       ? em_x_const(a, &e->props[e->pk.cols[0]], &xs[i]->pub.vals[e->pk.cols[0]])
                                       : x_pk_match(a, e, xs[i]);
            cs->u.case_.thens[i] = em_x_const(a, p, item_value(items[i], g->cols[c]));
        }
        q->set_exprs[c] = cs;
    }
    q->where = x_pk_where(a, e, xs, k);
    return st;
}

static orm_stmt *delete_stmt(const orm_entity *e, em_ent *const *xs, uint32_t k)
{
    orm_stmt *st = em_stmt_new(e, ORM_Q_DELETE);
    st->query->where = x_pk_where(&st->arena, e, xs, k);
    return st;
}

/* ---- batches ------------------------------------------------------------------------------------------ */

static void emit_inserts(plan *p)
{
    for (uint32_t i = 0; i < p->nins;) {
        const orm_entity *e = p->ins[i]->type->e;
        uint32_t lim = chunk_size(p, e->nprops), k = 0;
        while (i + k < p->nins && k < lim && p->ins[i + k]->type->e == e)
            k++;
        batch_add(p, ORM_EM_INSERT, e, insert_stmt(e, p->ins + i, p->ins_null + i, k), k);
        i += k;
    }
}

/* Group the update items by (type, columns), groups in the order of their first item. */
static void emit_updates(plan *p)
{
    if (!p->nupd)
        return;
    qsort(p->upd, p->nupd, sizeof(upd_item), cmp_items);
    og_hmap by_key = OG_HMAP_INIT;
    upd_group *groups = og_arena_zalloc(&p->a, sizeof(upd_group) * (p->nupd + 1u));
    uint32_t ngroups = 0;
    og_buf key = OG_BUF_INIT;
    for (uint32_t i = 0; i < p->nupd; i++) {
        upd_item *it = &p->upd[i];
        const orm_entity *e = it->x->type->e;
        og_buf_clear(&key);
        og_buf_append(&key, &e, sizeof e);
        og_buf_append(&key, it->cols, sizeof(uint16_t) * it->ncols);
        upd_group *g = og_hmap_get(&by_key, key.data, key.len);
        if (!g) {
            g = &groups[ngroups++];
            g->e = e;
            g->ncols = it->ncols;
            g->cols = it->cols;
            g->cap = 4;
            g->items = og_arena_alloc(&p->a, sizeof(upd_item *) * g->cap);
            og_hmap_put(&by_key, key.data, key.len, g);
        }
        if (g->n == g->cap) {
            upd_item **v = og_arena_alloc(&p->a, sizeof(upd_item *) * g->cap * 2);
            memcpy(v, g->items, sizeof(upd_item *) * g->n);
            g->items = v;
            g->cap *= 2;
        }
        g->items[g->n++] = it;
    }
    og_buf_free(&key);
    og_hmap_free(&by_key);
    for (uint32_t gi = 0; gi < ngroups; gi++) {
        const upd_group *g = &groups[gi];
        size_t npk = g->e->pk.ncols;
        uint32_t lim = chunk_size(p, (size_t)g->ncols * (npk + 1) + npk);
        for (uint32_t i = 0; i < g->n;) {
            uint32_t k = g->n - i < lim ? g->n - i : lim;
            batch_add(p, ORM_EM_UPDATE, g->e, update_stmt(g, g->items + i, k), k);
            i += k;
        }
    }
}

static void emit_deletes(plan *p)
{
    for (uint32_t i = 0; i < p->ndel;) {
        const orm_entity *e = p->del[i]->type->e;
        uint32_t lim = chunk_size(p, e->pk.ncols), k = 0;
        while (i + k < p->ndel && k < lim && p->del[i + k]->type->e == e)
            k++;
        batch_add(p, ORM_EM_DELETE, e, delete_stmt(e, p->del + i, k), k);
        i += k;
    }
}

bool orm_em_plan_build(orm_em *em, size_t max_rows, orm_em_plan *out, og_error *err)
{
    memset(out, 0, sizeof *out);
    og_arena_init(&out->arena);
    if (!em->npending)
        return true;
    plan p;
    memset(&p, 0, sizeof p);
    p.em = em;
    p.max_rows = max_rows;
    og_arena_init(&p.a);
    order_types(&p);
    collect(&p);
    bool ok = order_inserts(&p, err);
    if (ok) {
        order_deletes(&p);
        emit_inserts(&p);
        emit_updates(&p);
        emit_deletes(&p);
        out->n = p.nout;
        out->batches = og_arena_alloc(&out->arena, sizeof(orm_em_batch) * (p.nout + 1u));
        if (p.nout)
            memcpy(out->batches, p.out, sizeof(orm_em_batch) * p.nout);
    }
    free(p.out);
    free(p.upd);
    og_arena_reset(&p.a);
    return ok;
}

void orm_em_plan_free(orm_em_plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        orm_stmt_free(p->batches[i].stmt);
    og_arena_reset(&p->arena);
    p->n = 0;
    p->batches = NULL;
}

/* One key tuple against columns wcols of e: c = k, or (a = k AND b = l). */
static orm_expr *x_match(og_arena *a, const orm_entity *e, const uint16_t *wcols, uint16_t n, const orm_entity *ke,
                         const uint16_t *kprops, const og_value *key)
{
    orm_expr *conj = n > 1 ? em_x_new(a, ORM_EX_AND, OG_OID_BOOL, -1, n) : NULL;
    orm_expr *eq = NULL;
    for (uint16_t i = 0; i < n; i++) {
        eq = em_x_new(a, ORM_EX_CMP, OG_OID_BOOL, -1, 2);
        eq->u.cmp.op = ORM_CMP_EQ;
        eq->u.cmp.cmp_type = e->props[wcols[i]].type_oid;
        eq->args[0] = em_x_col(a, e, wcols[i]);
        eq->args[1] = em_x_const(a, &ke->props[kprops[i]], &key[i]);
        if (conj)
            conj->args[i] = eq;
    }
    return conj ? conj : eq;
}

/* SELECT tcols[0..nt) (tcols NULL: every column) FROM e WHERE wcols[0..n) match one of the nkeys tuples
 * keys[k * n ..]: c IN (k1, ...) for one column, an OR of matches for several. The constants have the
 * types of ke's properties kprops (where the values come from). */
orm_stmt *em_select_stmt(const orm_entity *e, const uint16_t *tcols, uint16_t nt, const uint16_t *wcols, uint16_t n,
                         const orm_entity *ke, const uint16_t *kprops, const og_value *keys, size_t nkeys)
{
    orm_stmt *st = em_stmt_new(e, ORM_Q_SELECT);
    og_arena *a = &st->arena;
    orm_query *q = st->query;
    q->nfrom = 1;
    q->from = og_arena_zalloc(a, sizeof(orm_join *));
    q->from[0] = og_arena_zalloc(a, sizeof(orm_join));
    q->from[0]->kind = ORM_JOIN_NONE;
    q->ntargets = tcols ? nt : e->nprops;
    q->targets = og_arena_zalloc(a, sizeof(orm_target) * (q->ntargets + 1u));
    for (uint16_t c = 0; c < q->ntargets; c++) {
        uint16_t prop = tcols ? tcols[c] : c;
        q->targets[c] = (orm_target){em_x_col(a, e, prop), e->props[prop].name};
    }
    orm_expr *w;
    if (n == 1) {
        w = em_x_new(a, ORM_EX_IN, OG_OID_BOOL, -1, (uint16_t)(nkeys + 1));
        w->u.cmp.cmp_type = e->props[wcols[0]].type_oid;
        w->args[0] = em_x_col(a, e, wcols[0]);
        for (size_t k = 0; k < nkeys; k++)
            w->args[k + 1] = em_x_const(a, &ke->props[kprops[0]], &keys[k]);
    } else {
        w = em_x_new(a, ORM_EX_OR, OG_OID_BOOL, -1, (uint16_t)nkeys);
        for (size_t k = 0; k < nkeys; k++)
            w->args[k] = x_match(a, e, wcols, n, ke, kprops, keys + k * n);
    }
    q->where = w;
    return st;
}

orm_stmt *orm_em_find_stmt(const orm_entity *e, const og_value *pk)
{
    orm_stmt *st = em_select_stmt(e, NULL, 0, e->pk.cols, e->pk.ncols, e, e->pk.cols, pk, 1);
    st->query->where = x_match(&st->arena, e, e->pk.cols, e->pk.ncols, e, e->pk.cols, pk); /* pk = k */
    return st;
}
