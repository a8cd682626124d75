/*
 * orm/meta.h - entity metadata: what ormgate knows about a table.
 *
 * An entity is built from a CREATE TABLE parse tree (sent by a client or read
 * from an entity file): its properties (columns) with type, nullability and
 * default, its primary key, unique and check constraints, and its foreign
 * keys. Constraint names follow PostgreSQL's choices (<table>_pkey,
 * <table>_<col>_key, <table>_<col>_fkey, <table>_<col>_check) so errors can
 * name them as PostgreSQL would. Relations between entities (ManyToOne and
 * its inverse OneToMany, ManyToMany pivots) are derived across a whole
 * orm_metadata by orm_meta_link().
 *
 * An entity owns all its memory in one arena.
 */
#ifndef ORM_META_H
#define ORM_META_H

#include <pg_query/pg_query.pb-c.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/error.h"
#include "orm/hmap.h"
#include "orm/mem.h"
#include "orm/value.h"

typedef enum orm_default_kind {
    ORM_DEFAULT_NONE,
    ORM_DEFAULT_CONST,        /* a literal: text in dconst (PostgreSQL input form), or NULL */
    ORM_DEFAULT_NOW,          /* now(), current_timestamp, localtimestamp */
    ORM_DEFAULT_CURRENT_DATE, /* current_date */
    ORM_DEFAULT_UUID,         /* gen_random_uuid() */
    ORM_DEFAULT_SEQUENCE,     /* serial types and nextval(...) */
    ORM_DEFAULT_IDENTITY,     /* GENERATED ... AS IDENTITY */
    ORM_DEFAULT_EXPR,         /* any other expression: dexpr holds its SQL */
} orm_default_kind;

typedef enum orm_fk_action {
    ORM_FK_NO_ACTION,
    ORM_FK_RESTRICT,
    ORM_FK_CASCADE,
    ORM_FK_SET_NULL,
    ORM_FK_SET_DEFAULT,
} orm_fk_action;

typedef struct orm_property {
    const char *name;  /* column name as the client writes it */
    const char *field; /* backend column / document field (naming strategy: same for SQL) */
    uint32_t type_oid;
    int32_t typmod;    /* -1, varchar(n)/char(n): n + 4, numeric(p,s): ((p << 16) | s) + 4 */
    bool not_null;
    bool primary;      /* part of the primary key */
    orm_default_kind dkind;
    const char *dconst; /* ORM_DEFAULT_CONST: literal text; NULL for DEFAULT NULL */
    const char *dexpr;  /* ORM_DEFAULT_EXPR / SEQUENCE: the expression's SQL */
    bool identity_always; /* GENERATED ALWAYS AS IDENTITY */
    int64_t seq_start;     /* SEQUENCE / IDENTITY: the first value (START WITH), 1 unless said */
    int64_t seq_increment; /* INCREMENT BY, 1 unless said */
} orm_property;

typedef struct orm_key {
    const char *name;  /* constraint name */
    uint16_t ncols;
    uint16_t *cols;    /* property indexes */
} orm_key;

typedef struct orm_check {
    const char *name;
    const char *expr;  /* SQL of the condition, deparsed */
    uint16_t col;      /* property it was declared on, or UINT16_MAX for a table constraint */
} orm_check;

typedef struct orm_fk {
    const char *name;
    uint16_t ncols;
    uint16_t *cols;          /* referencing property indexes */
    const char *ref_table;
    const char **ref_cols;   /* NULL entries: the referenced primary key (resolved by orm_meta_link) */
    orm_fk_action on_delete, on_update;
    struct orm_entity *target; /* set by orm_meta_link */
} orm_fk;

typedef struct orm_entity {
    og_arena arena;
    const char *name;
    uint16_t nprops;
    orm_property *props;
    orm_key pk;       /* ncols == 0: no primary key (not an entity for non-PostgreSQL backends) */
    uint16_t nuniques;
    orm_key *uniques;
    uint16_t nchecks;
    orm_check *checks;
    uint16_t nfks;
    orm_fk *fks;
    bool pivot;       /* primary key is exactly two foreign keys: a ManyToMany join table */
    /* inverse side (OneToMany): foreign keys of other entities that point here; set by orm_meta_link */
    uint16_t ninverse;
    const orm_fk **inverse;
} orm_entity;

/* Build an entity from CREATE TABLE. Unsupported column options (generated
 * columns, exclusion constraints, inheritance, partitioning) give 0A000. */
orm_entity *orm_entity_from_create(const PgQuery__CreateStmt *cs, og_error *err);
void orm_entity_free(orm_entity *e);
/* Is property p a serial / identity column whose generator counts from 1 by 1 (what SQLite's own
 * rowid generator can stand in for)? */
bool orm_prop_plain_sequence(const orm_property *p);
/* Property index by name, or -1. */
int orm_entity_prop(const orm_entity *e, const char *name);

/* All entities of one database, by name. */
typedef struct orm_metadata {
    og_hmap entities; /* name -> orm_entity */
} orm_metadata;

void orm_meta_init(orm_metadata *m);
void orm_meta_free(orm_metadata *m);
const orm_entity *orm_meta_get(const orm_metadata *m, const char *name);
/* Add (taking ownership) or fail with 42P07 when the name exists. */
bool orm_meta_add(orm_metadata *m, orm_entity *e, og_error *err);
/* Resolve foreign keys to their targets and fill the inverse sides; a
 * reference to an unknown table or column gives 42P01 / 42703. */
bool orm_meta_link(orm_metadata *m, og_error *err);

/* SQL text of an expression node (libpg_query's deparser), malloc'd; NULL on failure. */
char *orm_sql_deparse_expr(const PgQuery__Node *expr);

#endif
