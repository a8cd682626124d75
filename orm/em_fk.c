/*
 * orm/em_fk.c - foreign keys enforced by ormgate (fk_enforcement = ormgate,
 * orm/em.h): the reads a flush needs when the backend has no foreign keys of
 * its own, and what their rows mean to the unit of work.
 *
 * Two kinds of read, both batched per foreign key, with constants only:
 *   CHILDREN  the rows of a child table that reference removed entities (by
 *             the values the backend holds: orig). They are merged into the
 *             identity map and given the key's ON DELETE rule as
 *             orm_em_remove gives it to managed entities (em_fk_apply in
 *             orm/em.c). A CASCADE removes them, and the next call probes
 *             their children in turn: the loop walks a tree of cascades level
 *             by level, one read per level and foreign key, not per row.
 *   EXISTS    the referenced keys of new and changed entities that the
 *             identity map cannot answer. A key the backend holds is
 *             remembered in em->fk_known until the flush, so the loop ends;
 *             a missing one is 23503.
 * A key whose target the identity map holds as REMOVED fails every call at
 * once. EXISTS probes are issued only by a call that has no CHILDREN probe left: a
 * cascade may still remove a row a new entity references, and that must be
 * known (the target then is REMOVED in the identity map: 23503 at once)
 * before the backend's copy of the row counts as existing.
 *
 * The keys a probe asks for are read back from its own WHERE clause, so a
 * probe needs no state besides its statement.
 */
#include <stdlib.h>
#include <string.h>

#include "orm/em.h"
#include "orm/em_int.h"
#include "orm/translate.h"

/* ---- key tuples --------------------------------------------------------------------------------------- */

/* Distinct key tuples (ncols values each, copied structs: payloads stay where they are). */
typedef struct keyset {
    og_hmap seen;
    og_value *v;
    size_t n, cap;
    uint16_t ncols;
} keyset;

static void keyset_add(orm_em *em, keyset *k, const og_value *vals, const uint16_t *cols)
{
    if (!em_key(&em->key, vals, cols, k->ncols) || og_hmap_get(&k->seen, em->key.data, em->key.len))
        return; /* a NULL in a foreign key: MATCH SIMPLE checks nothing */
    og_hmap_put(&k->seen, em->key.data, em->key.len, k);
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 16;
        k->v = realloc(k->v, sizeof(og_value) * k->cap * k->ncols);
        if (!k->v)
            abort();
    }
    for (uint16_t i = 0; i < k->ncols; i++)
        k->v[k->n * k->ncols + i] = vals[cols ? cols[i] : i];
    k->n++;
}

static void keyset_free(keyset *k)
{
    og_hmap_free(&k->seen);
    free(k->v);
}

/* The key of em->fk_known: the referenced entity and columns, then the tuple vals[cols[0..n)]. False
 * when the tuple has a NULL. */
static bool known_key(og_buf *b, const orm_entity *target, const uint16_t *ref, uint16_t n, const og_value *vals,
                      const uint16_t *cols)
{
    og_buf tuple = OG_BUF_INIT;
    bool ok = em_key(&tuple, vals, cols, n);
    og_buf_clear(b);
    og_buf_append(b, &target, sizeof target);
    og_buf_append(b, ref, sizeof(uint16_t) * n);
    og_buf_append(b, tuple.data, tuple.len);
    og_buf_free(&tuple);
    return ok;
}

/* ---- probe statements --------------------------------------------------------------------------------- */

typedef struct probe_list {
    orm_em_probe *v;
    size_t n, cap;
} probe_list;

static void probe_push(probe_list *l, orm_em_probe p)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = realloc(l->v, sizeof(orm_em_probe) * l->cap);
        if (!l->v)
            abort();
    }
    l->v[l->n++] = p;
}

/* Probes of the keys in ks, at most ORM_EM_MAX_BINDS constants each. */
static void emit_probes(probe_list *l, orm_em_probe base, const keyset *ks, const uint16_t *tcols,
                        const uint16_t *wcols, const orm_entity *ke, const uint16_t *kprops)
{
    uint16_t n = ks->ncols;
    size_t lim = ORM_EM_MAX_BINDS / n;
    for (size_t i = 0; i < ks->n; i += lim) {
        size_t k = ks->n - i < lim ? ks->n - i : lim;
        orm_em_probe p = base;
        p.stmt = em_select_stmt(p.entity, tcols, n, wcols, n, ke, kprops, ks->v + i * n, k);
        probe_push(l, p);
    }
}

/* ---- CHILDREN ----------------------------------------------------------------------------------------- */

/* The entity whose foreign keys hold f: from the metadata, else among the types em has held. */
static const orm_entity *fk_owner(const orm_em *em, const orm_fk *f)
{
    if (em->meta) {
        size_t it = 0;
        void *v;
        while (og_hmap_next(&em->meta->entities, &it, NULL, NULL, &v)) {
            const orm_entity *o = v;
            if (f >= o->fks && f < o->fks + o->nfks)
                return o;
        }
        return NULL;
    }
    for (uint32_t i = 0; i < em->ntypes; i++) {
        const orm_entity *o = em->tlist[i]->e;
        if (f >= o->fks && f < o->fks + o->nfks)
            return o;
    }
    return NULL;
}

/* Does the backend still hold x's row, with nobody deleting it for us (a removal to probe)? */
static bool removed_row(const em_ent *x)
{
    return !x->dead && x->pub.state == ORM_EM_REMOVED && !x->pub.cascaded && x->pub.orig;
}

/* Per type with removed entities not yet probed, per inverse foreign key: the child rows that
 * reference them. The entities are marked probed. */
static void children_probes(orm_em *em, probe_list *l)
{
    og_arena tmp;
    og_arena_init_sized(&tmp, 1024);
    em_ent **xs = malloc(sizeof(em_ent *) * (em->npending + 1));
    if (!xs)
        abort();
    for (uint32_t ti = 0; ti < em->ntypes; ti++) {
        const em_type *pt = em->tlist[ti];
        size_t nx = 0;
        for (em_ent *x = em->phead; x; x = x->pnext)
            if (x->type == pt && removed_row(x) && !x->fk_probed)
                xs[nx++] = x;
        if (!nx)
            continue;
        const orm_entity *pe = pt->e;
        for (uint16_t k = 0; k < pe->ninverse; k++) {
            const orm_fk *f = pe->inverse[k];
            const orm_entity *ce = fk_owner(em, f);
            const uint16_t *ref = ce ? em_fk_ref(&tmp, f) : NULL;
            if (!ref)
                continue;
            keyset ks = {.ncols = f->ncols};
            for (size_t i = 0; i < nx; i++)
                keyset_add(em, &ks, xs[i]->pub.orig, ref);
            orm_em_probe base = {ORM_EM_PROBE_CHILDREN, ce, f, NULL, NULL};
            emit_probes(l, base, &ks, NULL, f->cols, pe, ref);
            keyset_free(&ks);
        }
        for (size_t i = 0; i < nx; i++)
            xs[i]->fk_probed = true;
    }
    free(xs);
    og_arena_reset(&tmp);
}

/* The rows of a CHILDREN probe: merged, and the rule applied to those whose current key still points at
 * a removed entity (a child already managed was handled by orm_em_remove, and one that now points
 * elsewhere is updated before the parent is deleted). */
static bool children_result(orm_em *em, const orm_em_probe *p, og_value *const *rows, uint32_t nrows, og_error *err)
{
    const orm_fk *f = p->fk;
    const em_type *pt = f->target ? em_type_find(em, f->target) : NULL;
    og_arena tmp;
    og_arena_init_sized(&tmp, 256);
    const uint16_t *ref = em_fk_ref(&tmp, f);
    og_hmap parents = OG_HMAP_INIT;
    for (em_ent *x = em->phead; pt && ref && x; x = x->pnext)
        if (x->type == pt && removed_row(x) && em_key(&em->key, x->pub.orig, ref, f->ncols))
            og_hmap_put(&parents, em->key.data, em->key.len, x);
    uint16_t fk = (uint16_t)(f - p->entity->fks);
    bool ok = true;
    for (uint32_t r = 0; ok && r < nrows && parents.count; r++) {
        orm_em_entity *m = orm_em_merge(em, p->entity, rows[r]);
        if (!m || m->state == ORM_EM_REMOVED || !em_key(&em->key, m->vals, f->cols, f->ncols))
            continue;
        em_ent *parent = og_hmap_get(&parents, em->key.data, em->key.len);
        if (parent)
            ok = em_fk_apply(em, parent, em_ent_of(m), fk, err);
    }
    og_hmap_free(&parents);
    og_arena_reset(&tmp);
    return ok;
}

/* ---- EXISTS ------------------------------------------------------------------------------------------- */

/* Must the referenced row of x's foreign key fk be checked: x is new, or changed the key's columns? */
static bool ref_changed(const em_ent *x, const orm_fk *f)
{
    if (x->dead || x->pub.state == ORM_EM_REMOVED)
        return false;
    if (x->pub.state == ORM_EM_NEW || !x->pub.orig)
        return true;
    for (uint16_t i = 0; i < f->ncols; i++)
        if (!em_value_same(&x->pub.vals[f->cols[i]], &x->pub.orig[f->cols[i]]))
            return true;
    return false;
}

/* Position of prop in cols[0..n), or -1. */
static int col_pos(const uint16_t *cols, uint16_t n, uint16_t prop)
{
    for (uint16_t i = 0; i < n; i++)
        if (cols[i] == prop)
            return i;
    return -1;
}

/* x's key (foreign key f, referencing ref) in the column order of the target's key kcols[0..n) into
 * em->key; false when ref is not that key's columns. */
static bool key_in_order(orm_em *em, const em_ent *x, const orm_fk *f, const uint16_t *ref, const uint16_t *kcols,
                         uint16_t n)
{
    if (n != f->ncols)
        return false;
    og_value *tv = malloc(sizeof(og_value) * (n + 1u));
    if (!tv)
        abort();
    bool ok = true;
    for (uint16_t i = 0; i < n && ok; i++) {
        int j = col_pos(ref, n, kcols[i]);
        ok = j >= 0;
        if (ok)
            tv[i] = x->pub.vals[f->cols[j]];
    }
    if (ok)
        em_key(&em->key, tv, NULL, n);
    free(tv);
    return ok;
}

enum { REF_OK, REF_PROBE, REF_ERROR };

/* Can the identity map answer for the row x's foreign key fk references? REF_OK: a NULL in the key, a
 * key seen in the backend, or a managed / new target that is not removed; REF_ERROR (err set): the
 * target is removed (or gives the referenced unique value up); REF_PROBE: ask the backend. */
static int ref_check(orm_em *em, const em_ent *x, uint16_t fk, og_buf *kb, og_error *err)
{
    const orm_fk *f = &x->type->e->fks[fk];
    const uint16_t *ref = x->type->ref[fk];
    if (!known_key(kb, f->target, ref, f->ncols, x->pub.vals, f->cols))
        return REF_OK;
    if (og_hmap_get(&em->fk_known, kb->data, kb->len))
        return REF_OK;
    const orm_entity *pe = f->target;
    const em_type *pt = em_type_find(em, pe);
    if (!pt)
        return REF_PROBE;
    if (key_in_order(em, x, f, ref, pe->pk.cols, pe->pk.ncols)) {
        const em_ent *y = og_hmap_get(&pt->pk, em->key.data, em->key.len);
        if (!y)
            return REF_PROBE;
        if (y->pub.state != ORM_EM_REMOVED)
            return REF_OK;
        em_fk_missing_error(em, err, x, fk);
        return REF_ERROR;
    }
    for (uint16_t u = 0; u < pe->nuniques; u++) {
        if (!key_in_order(em, x, f, ref, pe->uniques[u].cols, pe->uniques[u].ncols))
            continue;
        const em_bucket *b = em_bucket_get(&pt->cur[u].map, &em->key);
        if (b && b->n)
            return REF_OK;
        b = em_bucket_get(&pt->held[u].map, &em->key);
        if (b && b->n) { /* the backend's row gives the value up in this flush */
            em_fk_missing_error(em, err, x, fk);
            return REF_ERROR;
        }
        return REF_PROBE;
    }
    return REF_PROBE;
}

/* Per foreign key of a type with new or changed entities: the referenced keys to look up (l NULL: only
 * the check for targets the identity map knows are gone). */
static bool exists_probes(orm_em *em, probe_list *l, og_error *err)
{
    og_buf kb = OG_BUF_INIT;
    bool ok = true;
    for (uint32_t ti = 0; ti < em->ntypes && ok; ti++) {
        const em_type *t = em->tlist[ti];
        if (!t->npending)
            continue;
        for (uint16_t fk = 0; fk < t->e->nfks && ok; fk++) {
            const orm_fk *f = &t->e->fks[fk];
            if (!t->ref[fk] || !f->target)
                continue;
            keyset ks = {.ncols = f->ncols};
            for (em_ent *x = em->phead; x && ok; x = x->pnext) {
                if (x->type != t || !ref_changed(x, f))
                    continue;
                int rc = ref_check(em, x, fk, &kb, err);
                ok = rc != REF_ERROR;
                if (rc == REF_PROBE && l)
                    keyset_add(em, &ks, x->pub.vals, f->cols);
            }
            if (ok && l) {
                orm_em_probe base = {ORM_EM_PROBE_EXISTS, f->target, f, t->e, NULL};
                emit_probes(l, base, &ks, t->ref[fk], t->ref[fk], t->e, f->cols);
            }
            keyset_free(&ks);
        }
    }
    og_buf_free(&kb);
    return ok;
}

/* Put into asked the known keys of the tuples a probe's WHERE asks for (em_select_stmt's shapes). */
static void asked_add(og_hmap *asked, const orm_em_probe *p, const uint16_t *ref, const orm_expr *w, og_buf *kb)
{
    uint16_t n = p->fk->ncols;
    og_value *tv = malloc(sizeof(og_value) * (n + 1u));
    if (!tv)
        abort();
    if (w->kind == ORM_EX_IN) {
        for (uint16_t i = 1; i < w->nargs; i++) {
            tv[0] = w->args[i]->u.value;
            if (known_key(kb, p->entity, ref, n, tv, NULL))
                og_hmap_put(asked, kb->data, kb->len, asked);
        }
    } else if (w->kind == ORM_EX_OR) {
        for (uint16_t i = 0; i < w->nargs; i++)
            asked_add(asked, p, ref, w->args[i], kb);
    } else {
        for (uint16_t i = 0; i < n; i++)
            tv[i] = (n > 1 ? w->args[i] : w)->args[1]->u.value;
        if (known_key(kb, p->entity, ref, n, tv, NULL))
            og_hmap_put(asked, kb->data, kb->len, asked);
    }
    free(tv);
}

/* The keys an EXISTS probe found are remembered; a key it asked for and did not find fails the first
 * new or changed entity (in pending order) that references it. */
static bool exists_result(orm_em *em, const orm_em_probe *p, og_value *const *rows, uint32_t nrows, og_error *err)
{
    const orm_fk *f = p->fk;
    og_arena tmp;
    og_arena_init_sized(&tmp, 256);
    const uint16_t *ref = em_fk_ref(&tmp, f);
    const em_type *t = em_type_find(em, p->from);
    og_buf kb = OG_BUF_INIT;
    bool ok = true;
    if (ref && t) {
        for (uint32_t r = 0; r < nrows; r++)
            if (known_key(&kb, p->entity, ref, f->ncols, rows[r], NULL))
                og_hmap_put(&em->fk_known, kb.data, kb.len, em);
        og_hmap asked = OG_HMAP_INIT;
        asked_add(&asked, p, ref, p->stmt->query->where, &kb);
        uint16_t fk = (uint16_t)(f - p->from->fks);
        for (em_ent *x = em->phead; x && ok; x = x->pnext) {
            if (x->type != t || !ref_changed(x, f) || !known_key(&kb, p->entity, ref, f->ncols, x->pub.vals, f->cols))
                continue;
            if (og_hmap_get(&asked, kb.data, kb.len) && !og_hmap_get(&em->fk_known, kb.data, kb.len)) {
                em_fk_missing_error(em, err, x, fk);
                ok = false;
            }
        }
        og_hmap_free(&asked);
    }
    og_buf_free(&kb);
    og_arena_reset(&tmp);
    return ok;
}

/* ---- public ------------------------------------------------------------------------------------------- */

void orm_em_set_metadata(orm_em *em, const orm_metadata *meta)
{
    em->meta = meta;
}

bool orm_em_fk_probes(orm_em *em, orm_em_probe **out, size_t *n, og_error *err)
{
    probe_list l = {0};
    *out = NULL;
    *n = 0;
    if (!exists_probes(em, NULL, err)) /* a removed target fails at once, whatever else is to read */
        return false;
    children_probes(em, &l);
    if (!l.n && !exists_probes(em, &l, err)) {
        orm_em_fk_probes_free(l.v, l.n);
        return false;
    }
    *out = l.v;
    *n = l.n;
    return true;
}

bool orm_em_fk_result(orm_em *em, const orm_em_probe *p, og_value *const *rows, uint32_t nrows, og_error *err)
{
    if (p->kind == ORM_EM_PROBE_CHILDREN)
        return children_result(em, p, rows, nrows, err);
    return exists_result(em, p, rows, nrows, err);
}

void orm_em_fk_probes_free(orm_em_probe *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        orm_stmt_free(p[i].stmt);
    free(p);
}
