/*
 * orm/em.h - the EntityManager of one client session: identity map and unit
 * of work (../shared/DESIGN.md section 3).
 *
 * Identity map: (entity, primary key) -> one managed entity, holding the
 * values of all its properties. Rows read from the backend are merged in (a
 * managed entity's values win over what the backend returned); new entities
 * are persisted with all their values known (ormgate computes defaults and
 * allocates keys before calling orm_em_persist); assignments change the
 * managed values; removals mark entities removed.
 *
 * Unit of work: the new, dirty (changed properties) and removed entities.
 * orm_em_plan() turns them into batches of backend statements in the query
 * IR (orm/ir.h), in commit order, which any driver can render:
 *   1. inserts, entity types in topological order of their foreign keys
 *      (parents first); inside a type that references itself, entities in
 *      dependency order; a foreign key that would point at an entity inserted
 *      later in a cycle is inserted as NULL (it must be nullable) and set by
 *      an update in phase 2;
 *   2. updates: per entity type and set of changed columns, one
 *      `UPDATE t SET c = CASE pk WHEN k1 THEN v1 ... END WHERE pk IN (k1, ...)`
 *      (a single entity: `SET c = v WHERE pk = k`); only changed columns;
 *      several assignments of one entity merged;
 *   3. deletes: per type, children before parents, `DELETE FROM t WHERE pk IN (...)` (a cycle among
 *      removed entities: a nullable foreign key is set NULL by an update in phase 2).
 * Every value is an ORM_EX_CONST of the property's type (renderers bind constants,
 * never splice them). Batches hold at most max_rows entities and at most
 * ORM_EM_MAX_BINDS constants.
 *
 * The EntityManager never calls a backend; the caller (proxy/backend.c)
 * decides when to flush, runs the plan and reports back with orm_em_flushed().
 *
 * Memory: everything the EntityManager holds lives in its own arena, freed by
 * orm_em_clear(). Entity metadata pointers must stay valid until then (a
 * schema change clears the EntityManager first).
 */
#ifndef ORM_EM_H
#define ORM_EM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/ir.h"
#include "orm/mem.h"
#include "orm/meta.h"
#include "orm/value.h"

#define ORM_EM_MAX_BINDS 30000 /* constants per batch statement (SQLite allows 32766 parameters) */

typedef struct orm_em orm_em;

typedef enum orm_em_state {
    ORM_EM_MANAGED, /* in the backend; dirty when a property differs from orig */
    ORM_EM_NEW,     /* persisted, not yet inserted */
    ORM_EM_REMOVED, /* to be deleted (or deleted by a backend cascade: see cascaded) */
} orm_em_state;

typedef struct orm_em_entity {
    const orm_entity *entity;
    orm_em_state state;
    og_value *vals; /* entity->nprops current values */
    og_value *orig; /* values the backend holds (loaded or last flushed); NULL while NEW */
    bool cascaded;  /* REMOVED by an ON DELETE CASCADE the backend applies itself: no DELETE of its own */
    uint64_t seq;   /* registration order */
} orm_em_entity;

/* Result of a unit-of-work change. */
typedef enum orm_em_rc {
    ORM_EM_OK,
    ORM_EM_ERROR,       /* err is set (23505 duplicate key among managed entities, 23503 RESTRICT, ...) */
    ORM_EM_FLUSH_FIRST, /* the change is valid but cannot be ordered after what is pending (it takes a
                         * unique value the backend still holds for another pending entity): flush, then
                         * retry the same call */
} orm_em_rc;

orm_em *orm_em_new(void);
void orm_em_free(orm_em *em);
/* Forget every entity and every pending change (transaction end in transaction scope, schema change). */
void orm_em_clear(orm_em *em);
/* Forget the managed entities that have no pending change (another session committed: what they hold
 * may be stale); new, dirty and removed ones stay. */
void orm_em_evict_clean(orm_em *em);
/* The session's TimeZone, for the text of timestamptz values in error details ("UTC" until set). */
void orm_em_set_timezone(orm_em *em, const char *timezone);

/* The managed (or new) entity with primary key pk (e->pk.ncols values of the key properties' types),
 * or NULL. A REMOVED entity is returned too: the caller checks its state. */
orm_em_entity *orm_em_get(orm_em *em, const orm_entity *e, const og_value *pk);

/* A row read from the backend (e->nprops values of the properties' types): registered as managed,
 * its values copied. When the entity is already in the map, the map's entity is returned unchanged
 * (its values win). */
orm_em_entity *orm_em_merge(orm_em *em, const orm_entity *e, const og_value *row);

/* Persist a new entity with all its values (defaults applied and keys allocated by the caller; the
 * values are validated by the caller). 23505 when its primary key or a unique key (no NULLs in it)
 * equals the current values of a managed or new entity that is not removed, with PostgreSQL's
 * message and detail: duplicate key value violates unique constraint "t_pkey" / Key (id)=(1) already
 * exists. A primary key equal to a REMOVED entity's, or a unique value equal to one the backend still
 * holds for another entity (orig values of a dirty or removed entity): ORM_EM_FLUSH_FIRST. */
orm_em_rc orm_em_persist(orm_em *em, const orm_entity *e, const og_value *row, orm_em_entity **out,
                         og_error *err);

/* Assign n properties (props[i] = vals[i], of the properties' types) of a managed or new entity. Unique
 * checks as orm_em_persist. Primary-key properties cannot be assigned here (the caller runs such an
 * UPDATE natively after a flush): ORM_EM_ERROR with 0A000. */
orm_em_rc orm_em_assign(orm_em *em, orm_em_entity *m, const uint16_t *props, const og_value *vals, uint16_t n,
                        og_error *err);

/* Remove an entity: a NEW one is forgotten, a MANAGED one becomes REMOVED. Managed entities that
 * reference it through a foreign key follow the key's ON DELETE rule in memory: CASCADE removes them
 * (recursively; cascaded = native_fk, since a backend with native foreign keys deletes them itself),
 * SET NULL sets their key properties to NULL (also applied by the backend when native_fk: the
 * change is then not written by the plan), RESTRICT / NO ACTION with a referencing entity that is
 * not removed gives 23503 with PostgreSQL's message and detail (update or delete on table "a"
 * violates foreign key constraint "b_a_id_fkey" on table "b" / Key (id)=(1) is still referenced from
 * table "b".) and changes nothing. */
orm_em_rc orm_em_remove(orm_em *em, orm_em_entity *m, bool native_fk, og_error *err);

/* Every entity in the identity map, type by type (SHOW ormgate.identity_map): start with *it = 0 and
 * *type = 0; NULL at the end. */
const orm_em_entity *orm_em_next(const orm_em *em, uint32_t *type, size_t *it);
/* Does property prop of m differ from what the backend holds (always true while NEW)? */
bool orm_em_changed(const orm_em_entity *m, uint16_t prop);

/* Does the unit of work hold a pending change (new, dirty or removed) of entity type e / of any type? */
bool orm_em_pending_type(const orm_em *em, const orm_entity *e);
/* The entity types with pending changes: start with *it = 0; NULL at the end. */
const orm_entity *orm_em_pending_next(const orm_em *em, uint32_t *it);
bool orm_em_pending(const orm_em *em);

/* ---- flush -------------------------------------------------------------------------------------------- */

typedef enum orm_em_batch_kind {
    ORM_EM_INSERT,
    ORM_EM_UPDATE,
    ORM_EM_DELETE,
} orm_em_batch_kind;

typedef struct orm_em_batch {
    orm_em_batch_kind kind;
    const orm_entity *entity;
    orm_stmt *stmt;   /* the statement (its own arena; nparams 0: every value is a constant) */
    uint32_t nrows;   /* entities it writes: the affected row count the backend should report */
} orm_em_batch;

typedef struct orm_em_plan {
    og_arena arena;   /* the batches array lives here */
    size_t n;
    orm_em_batch *batches;
} orm_em_plan;

/* Build the flush plan of everything pending (n == 0 when nothing is). max_rows bounds the entities
 * per batch (0: no bound but ORM_EM_MAX_BINDS). The EntityManager is not changed. Errors: a cycle of
 * foreign keys among new entities that no nullable key can break (0A000 naming the tables). */
bool orm_em_plan_build(orm_em *em, size_t max_rows, orm_em_plan *out, og_error *err);
/* Free a plan's statements and arena. */
void orm_em_plan_free(orm_em_plan *p);
/* The plan ran and the backend accepted it: new entities become managed, orig = vals, removed ones
 * are forgotten. (On failure the caller clears the EntityManager with the transaction.) */
void orm_em_flushed(orm_em *em);

/* ---- statements: how the EntityManager serves a translated statement (orm/em_stmt.c) ------------------- */

typedef enum orm_em_op_kind {
    ORM_EM_OP_NATIVE,  /* rendered and run by the backend (after a flush of what is pending) */
    ORM_EM_OP_PERSIST, /* INSERT ... VALUES of values ormgate can compute: new entities */
    ORM_EM_OP_ASSIGN,  /* UPDATE t SET ... WHERE pk = v: assignment on one entity */
    ORM_EM_OP_REMOVE,  /* DELETE FROM t WHERE pk = v */
    ORM_EM_OP_FIND,    /* SELECT ... FROM t WHERE pk = v: find by primary key */
} orm_em_op_kind;

/* What a statement does with its bound parameters. */
typedef struct orm_em_op {
    orm_em_op_kind kind;
    const orm_entity *entity;
    og_value *pk; /* ASSIGN / REMOVE / FIND: the key (entity->pk.ncols values), or NULL when it has a
                   * NULL (no row can match) */
} orm_em_op;

/* Classify a translated statement with its parameters (values of the statement's parameter types).
 * The key values are evaluated into a. Anything the EntityManager cannot serve exactly is NATIVE.
 * params NULL for a statement that has parameters: the shape only (out->pk NULL). */
orm_em_op_kind orm_em_classify(const orm_stmt *st, const og_value *params, const orm_eval_ctx *cx, og_arena *a,
                               orm_em_op *out);

/* PERSIST: how many values each generated key property (serial / identity) needs from ormgate's key
 * generator: need[p] for every property p (0 when the statement gives the values itself). */
void orm_em_insert_keys_needed(const orm_stmt *st, uint32_t *need);

/* PERSIST: the rows of the INSERT as full entity rows (entity->nprops values; columns the statement
 * does not give are NULL), evaluated and validated (22P02 / 22001 / 22003 from the assignment casts,
 * 23502 not null, 23514 checks), into a. keys[p] (NULL when none) holds need[p] generated values of
 * property p, taken in row order by the rows that do not give one. */
bool orm_em_insert_rows(const orm_stmt *st, const og_value *params, const orm_eval_ctx *cx,
                        og_value *const *keys, og_arena *a, og_value ***rows, og_error *err);

/* ASSIGN: the new values of the SET list over the entity's current row, validated as above: n and
 * props[] (property indexes) and vals[] in a. */
bool orm_em_update_values(const orm_stmt *st, const og_value *params, const orm_eval_ctx *cx,
                          const og_value *row, og_arena *a, uint16_t **props, og_value **vals, og_error *err);

/* Validate a complete row of entity e: 23502 for a NULL in a NOT NULL property, 23514 for a CHECK
 * that yields false, with PostgreSQL's messages and "Failing row contains (...)". */
bool orm_em_validate(const orm_entity *e, const og_value *row, const orm_eval_ctx *cx, og_arena *a,
                     og_error *err);

/* The output row of the statement's targets (SELECT list or RETURNING) over one entity row (the
 * statement's only / target range-table entry): ntargets values in a. */
bool orm_em_project(const orm_stmt *st, const og_value *params, const orm_eval_ctx *cx, const og_value *row,
                    og_arena *a, og_value **out, og_error *err);

/* SELECT every column of e WHERE pk = pk (the load of find-by-pk), as IR; free with orm_stmt_free. */
orm_stmt *orm_em_find_stmt(const orm_entity *e, const og_value *pk);

/* ---- foreign keys enforced by ormgate (fk_enforcement = ormgate, orm/em_fk.c) -------------------------- */

typedef enum orm_em_probe_kind {
    ORM_EM_PROBE_CHILDREN, /* rows that reference removed entities: SELECT * FROM child WHERE fk IN (keys) */
    ORM_EM_PROBE_EXISTS,   /* referenced keys that are not managed: SELECT pk FROM parent WHERE pk IN (keys) */
} orm_em_probe_kind;

typedef struct orm_em_probe {
    orm_em_probe_kind kind;
    const orm_entity *entity; /* the table the probe reads (child, or parent) */
    const orm_fk *fk;         /* CHILDREN: the child's foreign key; EXISTS: the referencing foreign key */
    const orm_entity *from;   /* EXISTS: the referencing entity type (fk belongs to it) */
    orm_stmt *stmt;           /* the query, IR with constants only (free with orm_stmt_free) */
} orm_em_probe;

/* The entity types of the database, where orm_em_fk_probes finds the child tables of a removed entity
 * (the inverse sides of its type). Without it only the types the EntityManager has held are probed.
 * meta must stay valid until the next call (orm_em_clear keeps it). */
void orm_em_set_metadata(orm_em *em, const orm_metadata *meta);

/* The reads a flush needs before orm_em_plan_build when ormgate enforces foreign keys: children of
 * removed entities not yet probed (per inverse foreign key), and referenced keys of new / changed
 * entities whose target is not managed (per foreign key, distinct keys, NULLs skipped, at most
 * ORM_EM_MAX_BINDS values per probe). *n == 0: nothing (more) to read. EXISTS probes come only in a
 * call that has no CHILDREN probe left (a cascade may still remove a referenced row). A key whose
 * managed target is REMOVED is a 23503 (as orm_em_fk_result's) at once. *out is malloc'd. */
bool orm_em_fk_probes(orm_em *em, orm_em_probe **out, size_t *n, og_error *err);
/* The rows one probe returned (CHILDREN: whole rows of p->entity; EXISTS: the referenced columns of the
 * parent, in the foreign key's column order). CHILDREN: the rows are merged and the ON DELETE rule of
 * p->fk applied to them as orm_em_remove does for managed entities (CASCADE removes them, recursively:
 * later calls of orm_em_fk_probes then probe their children; SET NULL assigns NULL; RESTRICT / NO
 * ACTION: 23503 with PostgreSQL's message and detail). EXISTS: a key of a new or changed entity that is
 * absent gives 23503: insert or update on table "book" violates foreign key constraint
 * "book_author_id_fkey" / Key (author_id)=(9) is not present in table "author"; keys found are
 * remembered until orm_em_flushed / orm_em_clear (not probed again). */
bool orm_em_fk_result(orm_em *em, const orm_em_probe *p, og_value *const *rows, uint32_t nrows, og_error *err);
void orm_em_fk_probes_free(orm_em_probe *p, size_t n);

#endif
