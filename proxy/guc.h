/*
 * proxy/guc.h - a session's run-time parameters (SET / SHOW / RESET).
 *
 * ormgate answers session settings itself, as PostgreSQL would: known
 * parameters are validated, "reported" ones (GUC_REPORT in PostgreSQL) are
 * sent to the client as ParameterStatus when they change, names with a dot
 * are custom parameters, and changes made inside a transaction are undone by
 * ROLLBACK while SET LOCAL ends with the transaction.
 */
#ifndef PX_GUC_H
#define PX_GUC_H

#include <stdbool.h>
#include <stddef.h>

#include "orm/error.h"

typedef struct px_guc_entry px_guc_entry;

/* Called for a reported parameter whose value changed. */
typedef void (*px_guc_report_fn)(void *ctx, const char *name, const char *value);

typedef struct px_guc {
    char *user;             /* session_authorization */
    px_guc_entry *entries;  /* only parameters this session changed, and custom ones */
    size_t n, cap;
    px_guc_report_fn report;
    void *report_ctx;
} px_guc;

/* Initialise with PostgreSQL 15 defaults; user becomes session_authorization. */
void px_guc_init(px_guc *g, const char *user, px_guc_report_fn report, void *ctx);
void px_guc_free(px_guc *g);

/* Set from the startup packet (no transaction semantics). Unknown names are
 * ignored as PostgreSQL does for some; invalid values give an error. */
bool px_guc_set_startup(px_guc *g, const char *name, const char *value, og_error *err);
/* SET [LOCAL] name = value (value NULL: DEFAULT). in_tx: inside a transaction block. */
bool px_guc_set(px_guc *g, const char *name, const char *value, bool local, bool in_tx, og_error *err);
/* RESET name ("all" for RESET ALL). */
bool px_guc_reset(px_guc *g, const char *name, bool in_tx, og_error *err);
/* Current value, or NULL (err set to 42704) for an unknown name. *canonical gets the display name. */
const char *px_guc_show(const px_guc *g, const char *name, const char **canonical, og_error *err);
/* Value by name without error (NULL when unknown). */
const char *px_guc_get(const px_guc *g, const char *name);

/* Transaction end: commit keeps SET values and drops SET LOCAL ones; rollback restores all. */
void px_guc_end_transaction(px_guc *g, bool commit);

/* The reported parameters and their values, for the startup ParameterStatus burst. */
size_t px_guc_reported(const px_guc *g, const char **names, const char **values, size_t max);
/* Every parameter for SHOW ALL: name, value, description. Returns the count. */
size_t px_guc_all(const px_guc *g, const char **names, const char **values, const char **descs, size_t max);

#endif
