/*
 * orm/schema.h - the schema of one database: entity metadata plus the DDL
 * that defines it, and DDL statements applied to it.
 *
 * The schema is kept as its DDL source: one CREATE TABLE per table and one
 * CREATE INDEX per index, in creation order, exactly as the client wrote
 * them. Metadata is built by replaying that source (orm_schema_build), which
 * is also how a restart restores it from the backend's `ormgate_schema`
 * table. A DDL statement never mutates a schema: it yields the next
 * generation (orm_schema_ddl) plus the source rows to add and remove, so the
 * caller can store both in the backend in one transaction and publish the
 * new generation only after the backend committed.
 */
#ifndef ORM_SCHEMA_H
#define ORM_SCHEMA_H

#include <pg_query/pg_query.pb-c.h>
#include <stdbool.h>
#include <stddef.h>

#include "orm/error.h"
#include "orm/meta.h"

typedef enum orm_schema_kind {
    ORM_SCHEMA_TABLE, /* CREATE TABLE */
    ORM_SCHEMA_INDEX, /* CREATE [UNIQUE] INDEX */
    ORM_SCHEMA_COMMENT, /* COMMENT ON TABLE t / COLUMN t.c (name: "t" or "t.c"); kept for the catalog */
} orm_schema_kind;

/* One row of the DDL source (all strings malloc'd, owned by the schema). */
typedef struct orm_schema_obj {
    orm_schema_kind kind;
    char *name;  /* table or index name */
    char *table; /* the table (for an index: the indexed table) */
    char *ddl;   /* the statement's text */
} orm_schema_obj;

typedef struct orm_schema {
    orm_metadata meta;
    size_t nobjs;
    orm_schema_obj *objs;
    unsigned long generation; /* increases with every DDL that changes something */
} orm_schema;

/* Build a schema by replaying DDL source rows (NULL/0: empty). NULL with err set. */
orm_schema *orm_schema_build(const orm_schema_obj *objs, size_t n, unsigned long generation, og_error *err);
void orm_schema_free(orm_schema *s);

/* What a DDL statement does. */
typedef enum orm_ddl_kind {
    ORM_DDL_CREATE_TABLE,
    ORM_DDL_DROP_TABLE,
    ORM_DDL_CREATE_INDEX,
    ORM_DDL_DROP_INDEX,
    ORM_DDL_TRUNCATE,
    ORM_DDL_ALTER_TABLE, /* ALTER TABLE and ALTER TABLE ... RENAME COLUMN */
    ORM_DDL_COMMENT,     /* COMMENT ON TABLE / COLUMN: added (a comment) or removed_comment */
} orm_ddl_kind;

/* What an ALTER TABLE changes, for the backend (names refer to the entity in `next`, except
 * dropped things, which are in the current generation). */
typedef enum orm_alter_kind {
    ORM_ALTER_ADD_COLUMN,      /* column */
    ORM_ALTER_DROP_COLUMN,     /* column */
    ORM_ALTER_RENAME_COLUMN,   /* column -> to */
    ORM_ALTER_ADD_UNIQUE,      /* constraint: a unique key */
    ORM_ALTER_ADD_PKEY,        /* constraint: the primary key */
    ORM_ALTER_ADD_CHECK,       /* constraint: a check */
    ORM_ALTER_ADD_FK,          /* constraint: a foreign key */
    ORM_ALTER_DROP_UNIQUE,     /* constraint: a unique key or primary key that goes away */
    ORM_ALTER_SET_NOT_NULL,    /* column */
    ORM_ALTER_COLUMN_TYPE,     /* column; to: the USING expression's SQL, or NULL (the column cast) */
    ORM_ALTER_REDEFINE,        /* the table's definition changed otherwise (checks, foreign keys,
                                * NOT NULL or defaults dropped): no data to check */
} orm_alter_kind;

typedef struct orm_alter_action {
    orm_alter_kind kind;
    char *column, *to, *constraint; /* malloc'd */
} orm_alter_action;

typedef struct orm_ddl {
    orm_ddl_kind kind;
    char tag[32];        /* command tag: "CREATE TABLE", "DROP TABLE", ... */
    bool skipped;        /* IF [NOT] EXISTS made it a no-op; notice says why */
    char notice[256];
    char notice_code[6]; /* SQLSTATE of the notice (42P07 for "already exists", 00000 otherwise) */
    orm_schema *next;    /* the next generation (NULL when skipped or TRUNCATE) */
    /* source rows: added (an orm_schema_obj inside next) and removed (names of tables/indexes) */
    const orm_schema_obj *added;
    size_t nremoved;
    char **removed_tables; /* tables dropped (DROP TABLE) or truncated (TRUNCATE), malloc'd */
    bool restart_identity;  /* TRUNCATE ... RESTART IDENTITY */
    char **removed_indexes; /* indexes dropped, with the tables (parallel to removed_tables for DROP INDEX) */
    size_t nremoved_indexes;
    char *removed_comment; /* COMMENT ... IS NULL, or a comment replaced: the row's name */
    /* ALTER TABLE */
    char *table;
    orm_alter_action *actions;
    size_t nactions;
} orm_ddl;

/* True for the DDL statements orm_schema_ddl handles. */
bool orm_schema_handles(const PgQuery__Node *stmt);
/* Apply stmt (whose text is sql) to cur. On success *out describes it (free with orm_ddl_free). */
bool orm_schema_ddl(const orm_schema *cur, const PgQuery__Node *stmt, const char *sql, orm_ddl *out, og_error *err);
/* Free what out holds, including out->next unless the caller took it (set it to NULL). */
void orm_ddl_free(orm_ddl *out);

#endif
