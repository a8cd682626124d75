/*
 * orm/em_int.h - private to the EntityManager: what orm/em.c (identity map,
 * indexes, the unit of work's changes) and orm/em_plan.c (commit order and
 * batches) share. Nothing else includes it; the module's face is orm/em.h.
 *
 * Every managed entity is an em_ent, whose first member is the public
 * orm_em_entity. Per entity type there is one em_type holding the identity
 * map and the indexes the unit of work needs; all of them are hash maps
 * (orm/hmap.h) over a canonical byte encoding of a tuple of values
 * (em_key below), so equal keys in PostgreSQL's sense are equal bytes:
 *   pk    primary key -> the one em_ent (NEW, MANAGED or REMOVED)
 *   cur   per unique key: current values of the entities not removed
 *   held  per unique key: orig values (what the backend holds) of the
 *         MANAGED and REMOVED entities
 *   fk    per foreign key: current values of the entities not removed
 *         (who references a given row, for ON DELETE rules)
 * cur, held and fk are multimaps (a bucket of entities per key): rows merged
 * from the backend are registered whatever they hold, so even a stale row
 * that collides with a pending change never breaks an index.
 */
#ifndef ORM_EM_INT_H
#define ORM_EM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/em.h"
#include "orm/hmap.h"
#include "orm/mem.h"

typedef struct em_ent em_ent;

/* Entities sharing one key of a multimap (malloc'd, freed when it empties). */
typedef struct em_bucket {
    uint32_t n, cap;
    em_ent **v;
} em_bucket;

typedef struct em_index {
    uint16_t ncols;
    const uint16_t *cols; /* property indexes, in key order */
    og_hmap map;          /* em_key -> em_bucket */
} em_index;

typedef struct em_type {
    const orm_entity *e;
    uint32_t id;    /* registration order among types */
    og_hmap pk;     /* em_key of the primary key -> em_ent */
    em_index *cur;  /* [e->nuniques] */
    em_index *held; /* [e->nuniques] */
    em_index *fk;   /* [e->nfks] */
    uint16_t **ref; /* [e->nfks]: the referenced properties of fks[i].target, in fks[i].cols order;
                     * NULL when the key is not linked (orm_meta_link) */
    size_t npending;
} em_type;

struct em_ent {
    orm_em_entity pub; /* first: an orm_em_entity * is an em_ent * */
    em_type *type;
    em_ent *pprev, *pnext; /* the pending list */
    bool pending;          /* on the pending list: NEW, REMOVED, dirty or native */
    bool dirty;            /* MANAGED and some vals[i] differs from orig[i] */
    bool native;           /* the backend changes it itself when the plan runs (ON DELETE SET NULL) */
    bool dead;             /* forgotten: in no map any more (memory stays until orm_em_clear) */
    bool mark;             /* scratch of orm_em_remove: in the set being removed */
    bool fk_probed;        /* REMOVED: its children in the backend were probed (orm/em_fk.c) */
    uint32_t slot;         /* scratch of em_plan.c: node index */
};

struct orm_em {
    og_arena arena; /* entities, values, types */
    og_hmap types;  /* orm_entity pointer -> em_type */
    em_type **tlist;
    uint32_t ntypes, tcap;
    em_ent *phead, *ptail; /* pending entities, in the order they became pending */
    size_t npending;
    uint64_t seq;
    og_buf key; /* scratch for em_key */
    char *timezone;
    const orm_metadata *meta; /* orm_em_set_metadata: where em_fk.c finds child tables (kept across clears) */
    og_hmap fk_known;         /* em_fk.c: referenced keys the backend was seen to hold, until the flush */
};

static inline em_ent *em_ent_of(orm_em_entity *m)
{
    return (em_ent *)m;
}

/* Encode the tuple vals[cols[0..n)] (cols NULL: vals[0..n)) into out (cleared first) so that two
 * tuples encode equal exactly when PostgreSQL's = says each pair of values is equal. False when a
 * value is NULL (such a key is never indexed: NULLs never conflict); out still holds an encoding. */
bool em_key(og_buf *out, const og_value *vals, const uint16_t *cols, uint16_t n);

/* Same representation (the client would see no difference): what makes a property dirty. */
bool em_value_same(const og_value *x, const og_value *y);

/* The bucket under the key in out, or NULL. */
em_bucket *em_bucket_get(const og_hmap *m, const og_buf *key);

/* Are all columns of foreign key f nullable (it can be inserted as NULL and set later)? */
bool em_fk_nullable(const orm_entity *e, const orm_fk *f);

/* ---- for orm/em_fk.c (foreign keys enforced by ormgate) ---- */

/* The type of entity e, or NULL when the EntityManager has never held one. */
em_type *em_type_find(const orm_em *em, const orm_entity *e);
/* The referenced properties of f in its target, in f's column order (in a); NULL when not linked. */
uint16_t *em_fk_ref(og_arena *a, const orm_fk *f);
/* Apply the ON DELETE rule of child's foreign key fk for the removal of parent, as orm_em_remove
 * does for managed entities with native_fk false: CASCADE removes child (recursively), SET NULL /
 * SET DEFAULT assign its key, RESTRICT / NO ACTION give 23503. False with err set on error. */
bool em_fk_apply(orm_em *em, em_ent *parent, em_ent *child, uint16_t fk, og_error *err);
/* 23503 for a key of x (foreign key fk) whose referenced row does not exist: insert or update on
 * table "b" violates foreign key constraint "b_a_id_fkey" / Key (a_id)=(9) is not present in table "a". */
void em_fk_missing_error(const orm_em *em, og_error *err, const em_ent *x, uint16_t fk);

/* IR builders of orm/em_plan.c: a statement of kind over entity e as range-table entry 0 (own arena),
 * an expression node, a constant of property p's type (v copied into a; NULL v: NULL), a column. */
orm_stmt *em_stmt_new(const orm_entity *e, orm_query_kind kind);
/* SELECT the columns tcols[nt] of e (tcols NULL: every column) WHERE the columns wcols[n] match one of
 * the nkeys key tuples in keys[k * n ..] (constants of the types of ke's properties kprops):
 * c IN (k1, ...) for one column, an OR of (a = k AND b = l) for several. */
orm_stmt *em_select_stmt(const orm_entity *e, const uint16_t *tcols, uint16_t nt, const uint16_t *wcols, uint16_t n,
                         const orm_entity *ke, const uint16_t *kprops, const og_value *keys, size_t nkeys);
orm_expr *em_x_new(og_arena *a, orm_expr_kind kind, uint32_t type, int32_t typmod, uint16_t nargs);
orm_expr *em_x_const(og_arena *a, const orm_property *p, const og_value *v);
orm_expr *em_x_col(og_arena *a, const orm_entity *e, uint16_t prop);

#endif
