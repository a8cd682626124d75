/*
 * proxy/server.h - the process: listeners, workers, signals, and the little
 * state shared by all workers (client count, cancel keys).
 */
#ifndef PX_SERVER_H
#define PX_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "proxy/runtime.h"

struct px_worker;

/* Run the server with the given generation until shutdown; returns the exit status. */
int px_server_run(px_runtime *rt, const char *config_path);

/* Take a client slot; false when max_client_conn is reached. */
bool px_server_client_acquire(void);
void px_server_client_release(void);

/* Allocate a session id and cancel key, and remember which worker owns it. */
void px_server_register(struct px_worker *w, uint32_t *id, uint32_t *key);
void px_server_unregister(uint32_t id);
/* A CancelRequest: forward to the owning worker when id and key match. */
void px_server_cancel(uint32_t id, uint32_t key);

#endif
