/*
 * proxy/config.c - reads ormgate.ini with libinih and validates every key.
 *
 * The handler is table-driven: each known key names its type and field, so
 * adding a setting is one table row. The first error stops the load and is
 * reported as "FILE:LINE: reason" (inih returns the line of the first
 * handler failure; the handler records the reason).
 */
#include "proxy/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef enum { K_STR, K_INT, K_PORT, K_BOOL, K_SECONDS, K_SIZE, K_ENUM } key_kind;

typedef struct key_def {
    const char *name;
    key_kind kind;
    size_t off;
    const char *const *choices; /* K_ENUM: NULL-terminated names, value = index */
} key_def;

static const char *const auth_choices[] = {"trust", "plain", "md5", "scram-sha-256", NULL};
static const char *const tls_choices[] = {"disable", "allow", "prefer", "require", NULL};
static const char *const level_choices[] = {"debug", "info", "warning", "error", NULL};

#define F(f) offsetof(px_config, f)
static const key_def keys[] = {
    {"listen_addr", K_STR, F(listen_addr), NULL},
    {"listen_port", K_PORT, F(listen_port), NULL},
    {"unix_socket_dir", K_STR, F(unix_socket_dir), NULL},
    {"workers", K_INT, F(workers), NULL},
    {"auth_type", K_ENUM, F(auth_type), auth_choices},
    {"auth_file", K_STR, F(auth_file), NULL},
    {"tls_mode", K_ENUM, F(tls_mode), tls_choices},
    {"tls_cert_file", K_STR, F(tls_cert_file), NULL},
    {"tls_key_file", K_STR, F(tls_key_file), NULL},
    {"admin_users", K_STR, F(admin_users), NULL},
    {"identity_map_scope", K_STR, F(identity_map_scope), NULL},
    {"flush_mode", K_STR, F(flush_mode), NULL},
    {"log_statements", K_BOOL, F(log_statements), NULL},
    {"log_level", K_ENUM, F(log_level), level_choices},
    {"logfile", K_STR, F(logfile), NULL},
    {"pidfile", K_STR, F(pidfile), NULL},
    {"max_client_conn", K_INT, F(max_client_conn), NULL},
    {"max_message_size", K_SIZE, F(max_message_size), NULL},
    {"statement_cache_size", K_INT, F(statement_cache_size), NULL},
    {"client_login_timeout", K_SECONDS, F(client_login_timeout), NULL},
    {"idle_transaction_timeout", K_SECONDS, F(idle_transaction_timeout), NULL},
    {"client_idle_timeout", K_SECONDS, F(client_idle_timeout), NULL},
    {"shutdown_timeout", K_SECONDS, F(shutdown_timeout), NULL},
};
#undef F

typedef struct load_state {
    px_config *c;
    char reason[256];
    bool failed;
} load_state;

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

static void set_str(char **field, const char *v)
{
    free(*field);
    *field = xstrdup(v);
}

static bool parse_long(const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi)
        return false;
    *out = n;
    return true;
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"on", "true", "yes", "1"};
    static const char *const no[] = {"off", "false", "no", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (!strcasecmp(v, yes[i])) {
            *out = true;
            return true;
        }
        if (!strcasecmp(v, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* "64MB", "1024", "16kB": a byte count. */
static bool parse_size(const char *v, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno || end == v)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    unsigned long long mult = 1;
    if (!strcasecmp(end, "kb") || !strcasecmp(end, "k"))
        mult = 1024;
    else if (!strcasecmp(end, "mb") || !strcasecmp(end, "m"))
        mult = 1024 * 1024;
    else if (!strcasecmp(end, "gb") || !strcasecmp(end, "g"))
        mult = 1024ull * 1024 * 1024;
    else if (*end)
        return false;
    if (n > 0x7fffffffull / mult)
        return false;
    n *= mult;
    if (n < 1024 || n > 0x7fffffffull)
        return false;
    *out = (uint32_t)n;
    return true;
}

static bool set_key(load_state *st, const key_def *k, const char *v)
{
    char *base = (char *)st->c;
    long n;
    switch (k->kind) {
    case K_STR:
        set_str((char **)(base + k->off), v);
        return true;
    case K_INT:
        if (!parse_long(v, 0, 1000000, &n))
            break;
        *(int *)(base + k->off) = (int)n;
        return true;
    case K_PORT:
        if (!parse_long(v, 1, 65535, &n))
            break;
        *(int *)(base + k->off) = (int)n;
        return true;
    case K_BOOL:
        if (!parse_bool(v, (bool *)(base + k->off)))
            break;
        return true;
    case K_SECONDS: {
        char *end;
        double d = strtod(v, &end);
        if (end == v || *end || !(d >= 0 && d <= 1e7))
            break;
        *(double *)(base + k->off) = d;
        return true;
    }
    case K_SIZE:
        if (!parse_size(v, (uint32_t *)(base + k->off)))
            break;
        return true;
    case K_ENUM:
        for (int i = 0; k->choices[i]; i++)
            if (!strcasecmp(v, k->choices[i])) {
                *(int *)(base + k->off) = i;
                return true;
            }
        snprintf(st->reason, sizeof(st->reason), "invalid value \"%s\" for %s (expected one of:", v, k->name);
        for (int i = 0; k->choices[i]; i++) {
            size_t l = strlen(st->reason);
            snprintf(st->reason + l, sizeof(st->reason) - l, " %s", k->choices[i]);
        }
        strncat(st->reason, ")", sizeof(st->reason) - strlen(st->reason) - 1);
        return false;
    }
    snprintf(st->reason, sizeof(st->reason), "invalid value \"%s\" for %s", v, k->name);
    return false;
}

/* "driver=sqlite dsn=data/%d.sqlite3 pool_size=20": space-separated key=value. */
static bool parse_database(load_state *st, const char *name, const char *line)
{
    px_config *c = st->c;
    px_database db = {0};
    db.name = xstrdup(name);
    db.line = xstrdup(line);
    db.pool_size = 20;
    char *copy = xstrdup(line), *save = NULL;
    bool ok = true;
    for (char *tok = strtok_r(copy, " \t", &save); tok && ok; tok = strtok_r(NULL, " \t", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            snprintf(st->reason, sizeof(st->reason), "database \"%s\": expected key=value, got \"%s\"", name, tok);
            ok = false;
            break;
        }
        *eq = '\0';
        const char *v = eq + 1;
        long n;
        if (!strcmp(tok, "driver")) {
            if (strcmp(v, "sqlite") && strcmp(v, "postgresql") && strcmp(v, "postgres") && strcmp(v, "mysql") &&
                strcmp(v, "mongodb")) {
                snprintf(st->reason, sizeof(st->reason), "database \"%s\": unknown driver \"%s\"", name, v);
                ok = false;
            } else {
                set_str(&db.driver, v);
            }
        } else if (!strcmp(tok, "dsn")) {
            set_str(&db.dsn, v);
        } else if (!strcmp(tok, "entities")) {
            set_str(&db.entities, v);
        } else if (!strcmp(tok, "flush_mode")) {
            if (strcmp(v, "auto") && strcmp(v, "always")) {
                snprintf(st->reason, sizeof(st->reason), "database \"%s\": invalid flush_mode \"%s\" (auto or always)",
                         name, v);
                ok = false;
            }
            set_str(&db.flush_mode, v);
        } else if (!strcmp(tok, "pool_size")) {
            if (!parse_long(v, 1, 10000, &n)) {
                snprintf(st->reason, sizeof(st->reason), "database \"%s\": invalid pool_size \"%s\"", name, v);
                ok = false;
            } else {
                db.pool_size = (int)n;
            }
        } else {
            /* later issues add keys (pool settings, fk_enforcement, ...); until then an
             * unknown key is kept in db.line and not an error, so configs stay forward-compatible */
        }
    }
    free(copy);
    if (ok && !db.driver) {
        snprintf(st->reason, sizeof(st->reason), "database \"%s\": driver= is missing", name);
        ok = false;
    }
    if (!ok) {
        free(db.name);
        free(db.line);
        free(db.driver);
        free(db.dsn);
        free(db.entities);
        free(db.flush_mode);
        return false;
    }
    px_database *grown = realloc(c->databases, sizeof(*grown) * (c->ndatabases + 1));
    if (!grown)
        abort();
    c->databases = grown;
    c->databases[c->ndatabases++] = db;
    return true;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    load_state *st = user;
    if (st->failed)
        return 1; /* report only the first error */
    bool ok = false;
    if (!strcasecmp(section, "ormgate")) {
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
            if (!strcasecmp(name, keys[i].name)) {
                ok = set_key(st, &keys[i], value);
                goto done;
            }
        snprintf(st->reason, sizeof(st->reason), "unknown setting \"%s\" in section [ormgate]", name);
    } else if (!strcasecmp(section, "databases")) {
        ok = parse_database(st, name, value);
    } else {
        snprintf(st->reason, sizeof(st->reason), "unknown section [%s]", section);
    }
done:
    if (!ok)
        st->failed = true;
    return ok;
}

static void set_defaults(px_config *c)
{
    c->listen_addr = xstrdup("127.0.0.1");
    c->listen_port = 6432;
    c->unix_socket_dir = xstrdup("/tmp");
    c->workers = 0;
    c->auth_type = PX_AUTH_TRUST;
    c->auth_file = xstrdup("");
    c->tls_mode = PX_TLS_DISABLE;
    c->tls_cert_file = xstrdup("");
    c->tls_key_file = xstrdup("");
    c->admin_users = xstrdup("");
    c->identity_map_scope = xstrdup("transaction");
    c->flush_mode = xstrdup("auto");
    c->log_statements = false;
    c->log_level = PX_LOG_INFO;
    c->logfile = xstrdup("");
    c->pidfile = xstrdup("");
    c->max_client_conn = 1000;
    c->max_message_size = 64u * 1024 * 1024;
    c->statement_cache_size = 1024;
    c->client_login_timeout = 60;
    c->idle_transaction_timeout = 0;
    c->client_idle_timeout = 0;
    c->shutdown_timeout = 30;
}

/* Cross-key checks once every key is read. */
static bool validate(px_config *c, char *reason, size_t len)
{
    if (c->tls_mode != PX_TLS_DISABLE && (!*c->tls_cert_file || !*c->tls_key_file)) {
        snprintf(reason, len, "tls_mode = %s needs tls_cert_file and tls_key_file", tls_choices[c->tls_mode]);
        return false;
    }
    if (c->auth_type != PX_AUTH_TRUST && !*c->auth_file) {
        snprintf(reason, len, "auth_type = %s needs auth_file", auth_choices[c->auth_type]);
        return false;
    }
    if (strcmp(c->flush_mode, "auto") && strcmp(c->flush_mode, "always")) {
        snprintf(reason, len, "invalid value \"%s\" for flush_mode (expected auto or always)", c->flush_mode);
        return false;
    }
    if (strcmp(c->identity_map_scope, "transaction") && strcmp(c->identity_map_scope, "session")) {
        snprintf(reason, len, "invalid value \"%s\" for identity_map_scope (expected transaction or session)",
                 c->identity_map_scope);
        return false;
    }
    if (c->max_client_conn < 1) {
        snprintf(reason, len, "max_client_conn must be at least 1");
        return false;
    }
    if (c->workers == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        c->workers = n > 0 ? (int)n : 1;
    }
    if (c->workers > 256) {
        snprintf(reason, len, "workers must be at most 256");
        return false;
    }
    if (c->ndatabases == 0) {
        load_state st = {.c = c};
        parse_database(&st, "*", "driver=sqlite dsn=data/%d.sqlite3");
    }
    return true;
}

px_config *px_config_load(const char *path, char *errbuf, size_t errlen)
{
    px_config *c = calloc(1, sizeof(*c));
    if (!c)
        abort();
    set_defaults(c);
    char reason[256] = "";
    if (path) {
        c->path = xstrdup(path);
        FILE *f = fopen(path, "r");
        if (!f) {
            snprintf(errbuf, errlen, "%s: cannot open: %s", path, strerror(errno));
            px_config_free(c);
            return NULL;
        }
        load_state st = {.c = c};
        int line = ini_parse_file(f, handler, &st);
        fclose(f);
        if (line != 0) {
            snprintf(errbuf, errlen, "%s:%d: %s", path, line, st.failed ? st.reason : "syntax error");
            px_config_free(c);
            return NULL;
        }
    }
    if (!validate(c, reason, sizeof(reason))) {
        snprintf(errbuf, errlen, "%s: %s", path ? path : "(defaults)", reason);
        px_config_free(c);
        return NULL;
    }
    return c;
}

void px_config_free(px_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (keys[i].kind == K_STR)
            free(*(char **)((char *)c + keys[i].off));
    for (size_t i = 0; i < c->ndatabases; i++) {
        px_database *d = &c->databases[i];
        free(d->name);
        free(d->line);
        free(d->driver);
        free(d->dsn);
        free(d->entities);
        free(d->flush_mode);
    }
    free(c->databases);
    free(c->path);
    free(c);
}

const px_database *px_config_database(const px_config *c, const char *name)
{
    const px_database *fallback = NULL;
    for (size_t i = 0; i < c->ndatabases; i++) {
        if (!strcmp(c->databases[i].name, name))
            return &c->databases[i];
        if (!strcmp(c->databases[i].name, "*"))
            fallback = &c->databases[i];
    }
    return fallback;
}

const char *px_auth_type_name(px_auth_type t) { return auth_choices[t]; }
