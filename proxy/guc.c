/*
 * proxy/guc.c - session parameters (see guc.h).
 *
 * A static table describes the parameters ormgate knows (PostgreSQL's names,
 * defaults, whether they are reported and how values are normalised). A
 * session holds entries only for the parameters it changed (and its custom
 * ones); everything else is read from the table, which keeps an idle
 * session's settings to a few bytes. An entry
 * remembers the value it had before the current transaction touched it, so
 * ROLLBACK (and the end of SET LOCAL) can restore it.
 */
#include "proxy/guc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum { V_ANY, V_READONLY, V_BOOL, V_INT, V_DATESTYLE, V_INTERVALSTYLE, V_ENCODING, V_ISOLATION } vkind;

typedef struct guc_def {
    const char *name; /* canonical spelling, as SHOW's column name */
    const char *dflt;
    bool report;
    vkind kind;
    const char *desc;
} guc_def;

static const guc_def defs[] = {
    {"application_name", "", true, V_ANY, "Sets the application name to be reported in statistics and logs."},
    {"bytea_output", "hex", false, V_ANY, "Sets the output format for bytea."},
    {"client_encoding", "UTF8", true, V_ENCODING, "Sets the client's character set encoding."},
    {"client_min_messages", "notice", false, V_ANY, "Sets the message levels that are sent to the client."},
    {"DateStyle", "ISO, MDY", true, V_DATESTYLE, "Sets the display format for date and time values."},
    {"default_transaction_isolation", "read committed", false, V_ISOLATION,
     "Sets the transaction isolation level of each new transaction."},
    {"default_transaction_read_only", "off", true, V_BOOL,
     "Sets the default read-only status of new transactions."},
    {"extra_float_digits", "1", false, V_INT, "Sets the number of digits displayed for floating-point values."},
    {"idle_in_transaction_session_timeout", "0", false, V_INT,
     "Sets the maximum allowed idle time between queries, when in a transaction."},
    {"in_hot_standby", "off", true, V_READONLY, "Shows whether hot standby is currently active."},
    {"integer_datetimes", "on", true, V_READONLY, "Shows whether datetimes are integer based."},
    {"IntervalStyle", "postgres", true, V_INTERVALSTYLE, "Sets the display format for interval values."},
    {"is_superuser", "off", true, V_READONLY, "Shows whether the current user is a superuser."},
    {"lc_messages", "C", false, V_ANY, "Sets the language in which messages are displayed."},
    {"lc_monetary", "C", false, V_ANY, "Sets the locale for formatting monetary amounts."},
    {"lc_numeric", "C", false, V_ANY, "Sets the locale for formatting numbers."},
    {"lc_time", "C", false, V_ANY, "Sets the locale for formatting date and time values."},
    {"lock_timeout", "0", false, V_INT, "Sets the maximum allowed duration of any wait for a lock."},
    {"max_identifier_length", "63", false, V_READONLY, "Shows the maximum identifier length."},
    {"ormgate.flush_mode", "auto", false, V_ANY, "When the unit of work is flushed: auto or always."},
    {"search_path", "\"$user\", public", false, V_ANY, "Sets the schema search order for names."},
    {"server_encoding", "UTF8", true, V_READONLY, "Shows the server (database) character set encoding."},
    {"server_version", "15.1 (ormgate " OG_VERSION ")", true, V_READONLY, "Shows the server version."},
    {"server_version_num", "150001", false, V_READONLY, "Shows the server version as an integer."},
    {"session_authorization", "", true, V_READONLY, "Sets the session user name."},
    {"standard_conforming_strings", "on", true, V_BOOL, "Causes '...' strings to treat backslashes literally."},
    {"statement_timeout", "0", false, V_INT, "Sets the maximum allowed duration of any statement."},
    {"TimeZone", "UTC", true, V_ANY, "Sets the time zone for displaying and interpreting time stamps."},
    {"transaction_isolation", "read committed", false, V_ISOLATION,
     "Sets the current transaction's isolation level."},
    {"transaction_read_only", "off", false, V_BOOL, "Sets the current transaction's read-only status."},
};
#define NDEFS (sizeof(defs) / sizeof(defs[0]))

struct px_guc_entry {
    const guc_def *def; /* NULL for a custom parameter */
    char *name;         /* custom parameters only */
    char *value;
    char *before;       /* value before this transaction changed it; NULL = untouched */
    char *session;      /* value of the transaction's last plain SET; NULL = none */
    char *reset;        /* RESET target when not the built-in default (startup packet) */
    bool local;         /* last change was SET LOCAL */
};

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

static const char *entry_name(const px_guc_entry *e) { return e->def ? e->def->name : e->name; }

static px_guc_entry *find(const px_guc *g, const char *name)
{
    /* "timezone" is how SET TIME ZONE names it */
    for (size_t i = 0; i < g->n; i++)
        if (!strcasecmp(entry_name(&g->entries[i]), name))
            return &g->entries[i];
    return NULL;
}

static const guc_def *find_def(const char *name)
{
    for (size_t i = 0; i < NDEFS; i++)
        if (!strcasecmp(defs[i].name, name))
            return &defs[i];
    return NULL;
}

/* Value of a parameter nobody has touched in this session. */
static const char *default_of(const px_guc *g, const guc_def *d)
{
    return !strcmp(d->name, "session_authorization") ? g->user : d->dflt;
}

static px_guc_entry *append(px_guc *g)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 4;
        g->entries = realloc(g->entries, g->cap * sizeof(*g->entries));
        if (!g->entries)
            abort();
    }
    px_guc_entry *e = &g->entries[g->n++];
    memset(e, 0, sizeof(*e));
    return e;
}

void px_guc_init(px_guc *g, const char *user, px_guc_report_fn report, void *ctx)
{
    memset(g, 0, sizeof(*g));
    g->report = report;
    g->report_ctx = ctx;
    g->user = xstrdup(user);
}

void px_guc_free(px_guc *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->entries[i].name);
        free(g->entries[i].value);
        free(g->entries[i].before);
        free(g->entries[i].session);
        free(g->entries[i].reset);
    }
    free(g->entries);
    free(g->user);
    memset(g, 0, sizeof(*g));
}

static bool parse_boolish(const char *v, bool *out)
{
    static const char *const t[] = {"on", "true", "yes", "1", "t", "y"};
    static const char *const f[] = {"off", "false", "no", "0", "f", "n"};
    for (size_t i = 0; i < 6; i++) {
        if (!strcasecmp(v, t[i])) {
            *out = true;
            return true;
        }
        if (!strcasecmp(v, f[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* Validate and normalise value for def; returns a malloc'd string or NULL with err set. */
static char *normalise(const guc_def *def, const char *value, og_error *err)
{
    switch (def->kind) {
    case V_ANY:
        return xstrdup(value);
    case V_READONLY:
        og_error_set(err, OG_SQLSTATE_CANT_CHANGE_RUNTIME_PARAM, "parameter \"%s\" cannot be changed", def->name);
        return NULL;
    case V_BOOL: {
        bool b;
        if (!parse_boolish(value, &b)) {
            og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "parameter \"%s\" requires a Boolean value",
                         def->name);
            return NULL;
        }
        return xstrdup(b ? "on" : "off");
    }
    case V_INT: {
        char *end;
        long n = strtol(value, &end, 10);
        bool digits = end != value;
        while (*end && isalpha((unsigned char)*end))
            end++; /* units such as "5s" or "100ms" */
        if (!digits || *end || n < 0) {
            og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"%s\": \"%s\"",
                         def->name, value);
            return NULL;
        }
        return xstrdup(value);
    }
    case V_DATESTYLE:
        if (strcasestr(value, "sql") || strcasestr(value, "postgres") || strcasestr(value, "german")) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "DateStyle \"%s\" is not supported by ormgate: dates are always written in ISO style",
                         value);
            return NULL;
        }
        {
            const char *order = strcasestr(value, "dmy")   ? "ISO, DMY"
                                : strcasestr(value, "ymd") ? "ISO, YMD"
                                : strcasestr(value, "mdy") ? "ISO, MDY"
                                                           : NULL;
            return order ? xstrdup(order) : NULL; /* NULL without error: keep the current order */
        }
    case V_INTERVALSTYLE:
        if (strcasecmp(value, "postgres")) {
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "IntervalStyle \"%s\" is not supported by ormgate: only \"postgres\" is", value);
            return NULL;
        }
        return xstrdup("postgres");
    case V_ENCODING:
        if (!strcasecmp(value, "utf8") || !strcasecmp(value, "utf-8") || !strcasecmp(value, "unicode"))
            return xstrdup("UTF8");
        if (!strcasecmp(value, "sql_ascii"))
            return xstrdup("SQL_ASCII");
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "client_encoding \"%s\" is not supported by ormgate: use UTF8", value);
        return NULL;
    case V_ISOLATION: {
        static const char *const levels[] = {"serializable", "repeatable read", "read committed",
                                             "read uncommitted"};
        for (size_t i = 0; i < 4; i++)
            if (!strcasecmp(value, levels[i]))
                return xstrdup(levels[i]);
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"%s\": \"%s\"",
                     def->name, value);
        return NULL;
    }
    }
    return NULL;
}

static void assign(px_guc *g, px_guc_entry *e, char *value, bool local, bool in_tx)
{
    if (in_tx && !e->before)
        e->before = xstrdup(e->value);
    if (in_tx && !local) {
        free(e->session);
        e->session = xstrdup(value);
    }
    e->local = local;
    bool changed = strcmp(e->value, value) != 0;
    free(e->value);
    e->value = value;
    if (changed && e->def && e->def->report && g->report)
        g->report(g->report_ctx, e->def->name, e->value);
}

static bool set_value(px_guc *g, const char *name, const char *value, bool local, bool in_tx, og_error *err)
{
    px_guc_entry *e = find(g, name);
    const guc_def *d = e ? e->def : find_def(name);
    if (!e && d) {
        e = append(g); /* first change of a known parameter: it gets an entry now */
        e->def = d;
        e->value = xstrdup(default_of(g, d));
    } else if (!e) {
        if (!strchr(name, '.')) {
            og_error_set(err, OG_SQLSTATE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"", name);
            return false;
        }
        e = append(g);
        e->name = xstrdup(name);
        for (char *p = e->name; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        e->value = xstrdup("");
        if (in_tx)
            e->before = xstrdup("");
    }
    if (!value)
        value = e->reset ? e->reset : e->def ? e->def->dflt : "";
    char *v = e->def ? normalise(e->def, value, err) : xstrdup(value);
    if (!v && e->def && e->def->kind == V_DATESTYLE && !og_error_isset(err))
        v = xstrdup(e->value); /* a style alone keeps the current order */
    if (!v)
        return false;
    if (local && !in_tx) {
        free(v); /* SET LOCAL outside a transaction block: no lasting effect */
        return true;
    }
    if (e->def && !strcmp(e->def->name, "ormgate.flush_mode") && strcmp(v, "auto") && strcmp(v, "always")) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE,
                     "invalid value for parameter \"ormgate.flush_mode\": \"%s\"", v);
        og_error_hint(err, "Available values: auto, always.");
        free(v);
        return false;
    }
    assign(g, e, v, local, in_tx);
    return true;
}

bool px_guc_set_startup(px_guc *g, const char *name, const char *value, og_error *err)
{
    const guc_def *d = find_def(name);
    if (d && d->kind == V_READONLY)
        return true; /* e.g. a client sending server_version: ignored */
    if (!d && !strchr(name, '.'))
        return true; /* PostgreSQL refuses these; libpq-based clients never send them, others may */
    if (!set_value(g, name, value, false, false, err))
        return false;
    px_guc_entry *e = find(g, name);
    free(e->reset);
    e->reset = xstrdup(e->value);
    return true;
}

bool px_guc_set(px_guc *g, const char *name, const char *value, bool local, bool in_tx, og_error *err)
{
    return set_value(g, name, value, local, in_tx, err);
}

bool px_guc_reset(px_guc *g, const char *name, bool in_tx, og_error *err)
{
    if (strcasecmp(name, "all"))
        return set_value(g, name, NULL, false, in_tx, err);
    for (size_t i = 0; i < g->n; i++) {
        px_guc_entry *e = &g->entries[i];
        if (e->def && e->def->kind == V_READONLY)
            continue;
        assign(g, e, xstrdup(e->reset ? e->reset : e->def ? e->def->dflt : ""), false, in_tx);
    }
    return true;
}

const char *px_guc_show(const px_guc *g, const char *name, const char **canonical, og_error *err)
{
    const char *v = px_guc_get(g, name);
    if (!v) {
        og_error_set(err, OG_SQLSTATE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"", name);
        return NULL;
    }
    if (canonical) {
        px_guc_entry *e = find(g, name);
        *canonical = e ? entry_name(e) : find_def(name)->name;
    }
    return v;
}

const char *px_guc_get(const px_guc *g, const char *name)
{
    px_guc_entry *e = find(g, name);
    if (e)
        return e->value;
    const guc_def *d = find_def(name);
    return d ? default_of(g, d) : NULL;
}

void px_guc_end_transaction(px_guc *g, bool commit)
{
    for (size_t i = 0; i < g->n; i++) {
        px_guc_entry *e = &g->entries[i];
        if (!e->before)
            continue;
        char *before = e->before;
        char *session = e->session;
        e->before = e->session = NULL;
        if (!commit) {
            assign(g, e, before, false, false);
            free(session);
        } else if (e->local) {
            assign(g, e, session ? session : before, false, false);
            free(session ? before : NULL);
        } else {
            free(before);
            free(session);
        }
        e->local = false;
    }
}

size_t px_guc_reported(const px_guc *g, const char **names, const char **values, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < NDEFS && n < max; i++)
        if (defs[i].report) {
            names[n] = defs[i].name;
            values[n] = px_guc_get(g, defs[i].name);
            n++;
        }
    return n;
}

size_t px_guc_all(const px_guc *g, const char **names, const char **values, const char **descs, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < NDEFS && n < max; i++, n++) {
        names[n] = defs[i].name;
        values[n] = px_guc_get(g, defs[i].name);
        descs[n] = defs[i].desc;
    }
    for (size_t i = 0; i < g->n && n < max; i++)
        if (!g->entries[i].def) {
            names[n] = g->entries[i].name;
            values[n] = g->entries[i].value;
            descs[n] = "";
            n++;
        }
    return n;
}
