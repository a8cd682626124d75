/*
 * proxy/runtime.h - the shared, read-mostly state every session reads:
 * configuration, user list and TLS context, as one generation.
 *
 * SIGHUP builds a complete new generation and publishes it with one atomic
 * pointer swap, so a session sees either the old or the new settings, never a
 * mix. Retired generations stay allocated until exit (a reload is rare and a
 * generation is small), which keeps readers lock-free without reference
 * counts: a session may keep using the generation it authenticated with.
 */
#ifndef PX_RUNTIME_H
#define PX_RUNTIME_H

#include "proxy/config.h"
#include "proxy/tls.h"
#include "proxy/userlist.h"

typedef struct px_runtime {
    px_config *config;
    px_userlist *users; /* NULL with auth_type = trust and no auth_file */
    px_tls *tls;        /* NULL when tls_mode = disable */
} px_runtime;

/* Build a generation from a config (taking ownership of it). NULL with err set. */
px_runtime *px_runtime_build(px_config *c, char *err, size_t errlen);
/* The current generation. */
const px_runtime *px_runtime_get(void);
/* Publish a new generation; the previous one is retired. */
void px_runtime_publish(px_runtime *rt);
/* Free every generation (at exit). */
void px_runtime_shutdown(void);

#endif
