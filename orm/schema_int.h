/*
 * orm/schema_int.h - private to orm/schema.c and orm/schema_alter.c.
 */
#ifndef ORM_SCHEMA_INT_H
#define ORM_SCHEMA_INT_H

#include "orm/schema.h"

/* The next generation: cur's source with the rows of repl (same kind and name) replaced. */
orm_schema *orm_schema_replace(const orm_schema *cur, const orm_schema_obj *repl, size_t nrepl, og_error *err);

/* orm/schema_alter.c */
bool orm_schema_alter(const orm_schema *cur, const PgQuery__AlterTableStmt *as, orm_ddl *out, og_error *err);
bool orm_schema_rename(const orm_schema *cur, const PgQuery__RenameStmt *rs, orm_ddl *out, og_error *err);

#endif
