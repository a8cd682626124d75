/*
 * proxy/config.h - ormgate.ini: the settings, their defaults and loading.
 *
 * A px_config is immutable once loaded; a reload loads a new one (see
 * proxy/runtime.h for how generations are published).
 */
#ifndef PX_CONFIG_H
#define PX_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { PX_AUTH_TRUST, PX_AUTH_PLAIN, PX_AUTH_MD5, PX_AUTH_SCRAM } px_auth_type;
typedef enum { PX_TLS_DISABLE, PX_TLS_ALLOW, PX_TLS_PREFER, PX_TLS_REQUIRE } px_tls_mode;
typedef enum { PX_LOG_DEBUG, PX_LOG_INFO, PX_LOG_WARNING, PX_LOG_ERROR } px_log_level;

typedef struct px_database {
    char *name;    /* client database name, "*" for the fallback */
    char *line;    /* the whole right-hand side as written */
    char *driver;  /* sqlite | postgresql | mysql | mongodb */
    char *dsn;
    char *entities;
    int pool_size;
    char *flush_mode; /* NULL: the global one */
} px_database;

typedef struct px_config {
    char *path; /* file it came from, NULL for the built-in defaults */
    char *listen_addr;
    int listen_port;
    char *unix_socket_dir; /* "" = no unix socket */
    int workers;           /* resolved: never 0 after load */
    px_auth_type auth_type;
    char *auth_file;
    px_tls_mode tls_mode;
    char *tls_cert_file;
    char *tls_key_file;
    char *admin_users;
    char *identity_map_scope;
    char *flush_mode;
    bool log_statements;
    px_log_level log_level;
    char *logfile;
    char *pidfile;
    int max_client_conn;
    uint32_t max_message_size;
    int statement_cache_size; /* analysed statements kept per worker (0: off) */
    double client_login_timeout; /* seconds; 0 = off */
    double idle_transaction_timeout;
    double client_idle_timeout;
    double shutdown_timeout;
    px_database *databases;
    size_t ndatabases;
} px_config;

/* Load path (NULL: built-in defaults). On failure returns NULL and writes
 * "FILE:LINE: reason" into errbuf. */
px_config *px_config_load(const char *path, char *errbuf, size_t errlen);
void px_config_free(px_config *c);
/* The database entry for a client database name (exact name, else "*"), or NULL. */
const px_database *px_config_database(const px_config *c, const char *name);

const char *px_auth_type_name(px_auth_type t);

#endif
