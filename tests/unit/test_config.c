/*
 * tests/unit/test_config.c - proxy/config: ormgate.ini loading and validation.
 *
 * Each test writes its INI text to a mkstemp file and loads it, the way
 * `ormgate -c FILE` does. Errors are compared in full ("FILE:LINE: reason"),
 * because the line number is what an operator fixing a config relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "proxy/config.h"

/* ---------------------------------------------------------------- helpers */

static char path[64];
static char errbuf[512];

static int setup(void **state)
{
    path[0] = '\0';
    errbuf[0] = '\0';
    return 0;
}

static int teardown(void **state)
{
    if (path[0])
        unlink(path);
    path[0] = '\0';
    return 0;
}

/* Write text to a fresh temp file (its name in path) and load it. */
static px_config *load_text(const char *text)
{
    if (path[0])
        unlink(path);
    strcpy(path, "/tmp/og_test_config_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    errbuf[0] = '\0';
    return px_config_load(path, errbuf, sizeof(errbuf));
}

/* Loading text fails with exactly "PATH:LINE: reason" (line 0: "PATH: reason"). */
static void assert_load_error(const char *text, int line, const char *reason)
{
    px_config *c = load_text(text);
    if (c) {
        px_config_free(c);
        fail_msg("config was accepted:\n%s", text);
    }
    char want[512];
    if (line)
        snprintf(want, sizeof(want), "%s:%d: %s", path, line, reason);
    else
        snprintf(want, sizeof(want), "%s: %s", path, reason);
    assert_string_equal(errbuf, want);
}

/* ---------------------------------------------------------------- tests */

static void test_defaults(void **state)
{
    px_config *c = px_config_load(NULL, errbuf, sizeof(errbuf));
    assert_non_null(c);
    assert_null(c->path);
    assert_string_equal(c->listen_addr, "127.0.0.1");
    assert_int_equal(c->listen_port, 6432);
    assert_string_equal(c->unix_socket_dir, "/tmp");
    assert_true(c->workers >= 1); /* 0 resolved to the core count */
    assert_int_equal(c->auth_type, PX_AUTH_TRUST);
    assert_string_equal(px_auth_type_name(c->auth_type), "trust");
    assert_int_equal(c->tls_mode, PX_TLS_DISABLE);
    assert_string_equal(c->identity_map_scope, "transaction");
    assert_string_equal(c->flush_mode, "auto");
    assert_false(c->log_statements);
    assert_int_equal(c->log_level, PX_LOG_INFO);
    assert_int_equal(c->max_client_conn, 1000);
    assert_int_equal(c->max_message_size, 64u * 1024 * 1024);
    assert_true(c->client_login_timeout == 60);
    assert_true(c->idle_transaction_timeout == 0);
    assert_true(c->shutdown_timeout == 30);
    /* one fallback database on the embedded SQLite backend */
    assert_int_equal(c->ndatabases, 1);
    assert_string_equal(c->databases[0].name, "*");
    assert_string_equal(c->databases[0].driver, "sqlite");
    assert_string_equal(c->databases[0].dsn, "data/%d.sqlite3");
    assert_int_equal(c->databases[0].pool_size, 20);
    assert_ptr_equal(px_config_database(c, "anything"), &c->databases[0]);
    assert_ptr_equal(px_config_database(c, "postgres"), &c->databases[0]);
    px_config_free(c);
    px_config_free(NULL);
}

static void test_empty_file_is_defaults(void **state)
{
    px_config *c = load_text("; nothing but a comment\n\n[ormgate]\n");
    assert_non_null(c);
    assert_string_equal(c->path, path);
    assert_int_equal(c->listen_port, 6432);
    assert_int_equal(c->ndatabases, 1);
    assert_string_equal(c->databases[0].name, "*");
    px_config_free(c);
}

static void test_every_key(void **state)
{
    px_config *c = load_text("[ormgate]\n"
                             "listen_addr = 0.0.0.0\n"
                             "listen_port = 7000 ; inline comment\n"
                             "unix_socket_dir =\n"
                             "workers = 3\n"
                             "auth_type = md5\n"
                             "auth_file = /etc/ormgate/userlist.txt\n"
                             "tls_mode = require\n"
                             "tls_cert_file = /etc/ssl/server.crt\n"
                             "tls_key_file = /etc/ssl/server.key\n"
                             "admin_users = admin, ops\n"
                             "identity_map_scope = session\n"
                             "flush_mode = always\n"
                             "log_statements = on\n"
                             "log_level = debug\n"
                             "logfile = /var/log/ormgate.log\n"
                             "pidfile = /run/ormgate.pid\n"
                             "max_client_conn = 50\n"
                             "max_message_size = 16kB\n"
                             "client_login_timeout = 2.5\n"
                             "idle_transaction_timeout = 10\n"
                             "client_idle_timeout = 0.25\n"
                             "shutdown_timeout = 5\n");
    if (!c)
        fail_msg("load failed: %s", errbuf);
    assert_string_equal(c->listen_addr, "0.0.0.0");
    assert_int_equal(c->listen_port, 7000);
    assert_string_equal(c->unix_socket_dir, "");
    assert_int_equal(c->workers, 3);
    assert_int_equal(c->auth_type, PX_AUTH_MD5);
    assert_string_equal(c->auth_file, "/etc/ormgate/userlist.txt");
    assert_int_equal(c->tls_mode, PX_TLS_REQUIRE);
    assert_string_equal(c->tls_cert_file, "/etc/ssl/server.crt");
    assert_string_equal(c->tls_key_file, "/etc/ssl/server.key");
    assert_string_equal(c->admin_users, "admin, ops");
    assert_string_equal(c->identity_map_scope, "session");
    assert_string_equal(c->flush_mode, "always");
    assert_true(c->log_statements);
    assert_int_equal(c->log_level, PX_LOG_DEBUG);
    assert_string_equal(c->logfile, "/var/log/ormgate.log");
    assert_string_equal(c->pidfile, "/run/ormgate.pid");
    assert_int_equal(c->max_client_conn, 50);
    assert_int_equal(c->max_message_size, 16384);
    assert_true(c->client_login_timeout == 2.5);
    assert_true(c->idle_transaction_timeout == 10);
    assert_true(c->client_idle_timeout == 0.25);
    assert_true(c->shutdown_timeout == 5);
    px_config_free(c);
}

static void test_keys_case_insensitive(void **state)
{
    px_config *c = load_text("[ORMGATE]\nListen_Port = 5433\nAUTH_TYPE = Trust\n");
    if (!c)
        fail_msg("load failed: %s", errbuf);
    assert_int_equal(c->listen_port, 5433);
    assert_int_equal(c->auth_type, PX_AUTH_TRUST);
    px_config_free(c);
}

static void test_enum_values(void **state)
{
    static const struct {
        const char *text;
        px_auth_type want;
        const char *name;
    } auth[] = {
        {"auth_type = trust\n", PX_AUTH_TRUST, "trust"},
        {"auth_type = plain\nauth_file = u.txt\n", PX_AUTH_PLAIN, "plain"},
        {"auth_type = md5\nauth_file = u.txt\n", PX_AUTH_MD5, "md5"},
        {"auth_type = SCRAM-SHA-256\nauth_file = u.txt\n", PX_AUTH_SCRAM, "scram-sha-256"},
    };
    char text[256];
    for (size_t i = 0; i < sizeof(auth) / sizeof(auth[0]); i++) {
        snprintf(text, sizeof(text), "[ormgate]\n%s", auth[i].text);
        px_config *c = load_text(text);
        if (!c)
            fail_msg("%s: %s", auth[i].text, errbuf);
        assert_int_equal(c->auth_type, auth[i].want);
        assert_string_equal(px_auth_type_name(c->auth_type), auth[i].name);
        px_config_free(c);
    }
    static const char *const tls[] = {"disable", "allow", "prefer", "require"};
    for (int i = 0; i < 4; i++) {
        snprintf(text, sizeof(text), "[ormgate]\ntls_mode = %s\ntls_cert_file = a.crt\ntls_key_file = a.key\n", tls[i]);
        px_config *c = load_text(text);
        if (!c)
            fail_msg("tls_mode %s: %s", tls[i], errbuf);
        assert_int_equal(c->tls_mode, (px_tls_mode)i);
        px_config_free(c);
    }
    static const char *const levels[] = {"debug", "info", "warning", "error"};
    for (int i = 0; i < 4; i++) {
        snprintf(text, sizeof(text), "[ormgate]\nlog_level = %s\n", levels[i]);
        px_config *c = load_text(text);
        assert_non_null(c);
        assert_int_equal(c->log_level, (px_log_level)i);
        px_config_free(c);
    }
    static const struct {
        const char *v;
        bool b;
    } bools[] = {{"on", true}, {"true", true}, {"YES", true}, {"1", true},
                 {"off", false}, {"False", false}, {"no", false}, {"0", false}};
    for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
        snprintf(text, sizeof(text), "[ormgate]\nlog_statements = %s\n", bools[i].v);
        px_config *c = load_text(text);
        assert_non_null(c);
        assert_int_equal(c->log_statements, bools[i].b);
        px_config_free(c);
    }
}

static void test_sizes(void **state)
{
    static const struct {
        const char *v;
        uint32_t want;
    } ok[] = {
        {"64MB", 64u * 1024 * 1024}, {"64mb", 64u * 1024 * 1024}, {"64 MB", 64u * 1024 * 1024},
        {"1024", 1024},              {"16kB", 16384},             {"16k", 16384},
        {"1GB", 1024u * 1024 * 1024}, {"2M", 2u * 1024 * 1024},
    };
    char text[128];
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        snprintf(text, sizeof(text), "[ormgate]\nmax_message_size = %s\n", ok[i].v);
        px_config *c = load_text(text);
        if (!c)
            fail_msg("max_message_size = %s rejected: %s", ok[i].v, errbuf);
        assert_int_equal(c->max_message_size, ok[i].want);
        px_config_free(c);
    }
    /* too small, too large (must fit a protocol length word), junk, negative */
    static const char *const bad[] = {"100", "2GB", "4096MB", "MB", "64XB", "-1", "", "1.5MB", "99999999999999999999"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(text, sizeof(text), "[ormgate]\nmax_message_size = %s\n", bad[i]);
        char reason[128];
        snprintf(reason, sizeof(reason), "invalid value \"%s\" for max_message_size", bad[i]);
        assert_load_error(text, 2, reason);
    }
}

/* A size whose unit multiplication overflows 64 bits must not wrap into range:
 * 17179869185GB = (2^34 + 1) * 2^30 wraps to exactly 1 GB. */
static void test_size_overflow(void **state)
{
    assert_load_error("[ormgate]\nmax_message_size = 17179869185GB\n", 2,
                      "invalid value \"17179869185GB\" for max_message_size");
    assert_load_error("[ormgate]\nmax_message_size = 18014398509481985kB\n", 2,
                      "invalid value \"18014398509481985kB\" for max_message_size");
}

/* strtod accepts "nan"; a NaN timeout compares false with every bound. */
static void test_seconds_nan(void **state)
{
    assert_load_error("[ormgate]\nclient_login_timeout = nan\n", 2, "invalid value \"nan\" for client_login_timeout");
    assert_load_error("[ormgate]\nidle_transaction_timeout = NaN\n", 2,
                      "invalid value \"NaN\" for idle_transaction_timeout");
}

static void test_unknown_key(void **state)
{
    assert_load_error("; comment line\n"
                      "[ormgate]\n"
                      "listen_port = 6433\n"
                      "\n"
                      "listen_prot = 6434\n"
                      "workers = 2\n",
                      5, "unknown setting \"listen_prot\" in section [ormgate]");
}

static void test_unknown_section(void **state)
{
    assert_load_error("[ormgate]\n"
                      "workers = 1\n"
                      "[pgbouncer]\n"
                      "pool_mode = session\n",
                      4, "unknown section [pgbouncer]");
}

static void test_bad_values(void **state)
{
    assert_load_error("[ormgate]\nlisten_port = 70000\n", 2, "invalid value \"70000\" for listen_port");
    assert_load_error("[ormgate]\nlisten_port = 0\n", 2, "invalid value \"0\" for listen_port");
    assert_load_error("[ormgate]\n\nlisten_port = 64x\n", 3, "invalid value \"64x\" for listen_port");
    assert_load_error("[ormgate]\nworkers = -1\n", 2, "invalid value \"-1\" for workers");
    assert_load_error("[ormgate]\nworkers = many\n", 2, "invalid value \"many\" for workers");
    assert_load_error("[ormgate]\nlog_statements = maybe\n", 2, "invalid value \"maybe\" for log_statements");
    assert_load_error("[ormgate]\nclient_login_timeout = -5\n", 2, "invalid value \"-5\" for client_login_timeout");
    assert_load_error("[ormgate]\nshutdown_timeout = inf\n", 2, "invalid value \"inf\" for shutdown_timeout");
    assert_load_error("[ormgate]\nshutdown_timeout = 10s\n", 2, "invalid value \"10s\" for shutdown_timeout");
    assert_load_error("[ormgate]\nauth_type = kerberos\n", 2,
                      "invalid value \"kerberos\" for auth_type (expected one of: trust plain md5 scram-sha-256)");
    assert_load_error("[ormgate]\ntls_mode = verify-full\n", 2,
                      "invalid value \"verify-full\" for tls_mode (expected one of: disable allow prefer require)");
    assert_load_error("[ormgate]\nlog_level = trace\n", 2,
                      "invalid value \"trace\" for log_level (expected one of: debug info warning error)");
}

static void test_first_error_wins(void **state)
{
    assert_load_error("[ormgate]\n"
                      "workers = 2\n"
                      "listen_port = nope\n"
                      "bogus = 1\n"
                      "[nowhere]\n"
                      "x = 1\n",
                      3, "invalid value \"nope\" for listen_port");
}

static void test_syntax_error(void **state)
{
    assert_load_error("[ormgate]\nworkers = 2\nthis line has no equals sign\n", 3, "syntax error");
}

static void test_cross_key_checks(void **state)
{
    /* TLS without its files: no line, the whole file is at fault */
    assert_load_error("[ormgate]\ntls_mode = require\n", 0, "tls_mode = require needs tls_cert_file and tls_key_file");
    assert_load_error("[ormgate]\ntls_mode = prefer\ntls_cert_file = a.crt\n", 0,
                      "tls_mode = prefer needs tls_cert_file and tls_key_file");
    assert_load_error("[ormgate]\ntls_mode = allow\ntls_key_file = a.key\n", 0,
                      "tls_mode = allow needs tls_cert_file and tls_key_file");
    /* disable needs nothing */
    px_config *c = load_text("[ormgate]\ntls_mode = disable\n");
    assert_non_null(c);
    px_config_free(c);

    assert_load_error("[ormgate]\nauth_type = scram-sha-256\n", 0, "auth_type = scram-sha-256 needs auth_file");
    assert_load_error("[ormgate]\nflush_mode = sometimes\n", 0,
                      "invalid value \"sometimes\" for flush_mode (expected auto or always)");
    assert_load_error("[ormgate]\nidentity_map_scope = request\n", 0,
                      "invalid value \"request\" for identity_map_scope (expected transaction or session)");
    assert_load_error("[ormgate]\nmax_client_conn = 0\n", 0, "max_client_conn must be at least 1");
    assert_load_error("[ormgate]\nworkers = 257\n", 0, "workers must be at most 256");
}

static void test_databases(void **state)
{
    px_config *c = load_text("[ormgate]\n"
                             "listen_port = 6432\n"
                             "\n"
                             "[databases]\n"
                             "shop = driver=postgresql dsn=postgresql://127.0.0.1/shop pool_size=5\n"
                             "legacy = driver=mysql  dsn=mysql://db/legacy\tentities=legacy.sql flush_mode=always\n"
                             "docs = driver=mongodb dsn=mongodb://localhost/docs future_key=1\n"
                             "* = driver=sqlite dsn=data/%d.sqlite3\n");
    if (!c)
        fail_msg("load failed: %s", errbuf);
    assert_int_equal(c->ndatabases, 4);

    const px_database *shop = px_config_database(c, "shop");
    assert_non_null(shop);
    assert_string_equal(shop->name, "shop");
    assert_string_equal(shop->driver, "postgresql");
    assert_string_equal(shop->dsn, "postgresql://127.0.0.1/shop");
    assert_int_equal(shop->pool_size, 5);
    assert_null(shop->entities);
    assert_null(shop->flush_mode);
    assert_string_equal(shop->line, "driver=postgresql dsn=postgresql://127.0.0.1/shop pool_size=5");

    const px_database *legacy = px_config_database(c, "legacy");
    assert_non_null(legacy);
    assert_string_equal(legacy->driver, "mysql");
    assert_string_equal(legacy->dsn, "mysql://db/legacy");
    assert_string_equal(legacy->entities, "legacy.sql");
    assert_string_equal(legacy->flush_mode, "always");
    assert_int_equal(legacy->pool_size, 20); /* default */

    /* unknown keys are kept for later issues, not errors */
    const px_database *docs = px_config_database(c, "docs");
    assert_non_null(docs);
    assert_string_equal(docs->driver, "mongodb");
    assert_non_null(strstr(docs->line, "future_key=1"));

    /* anything else falls back to "*" */
    const px_database *other = px_config_database(c, "nosuchdb");
    assert_non_null(other);
    assert_string_equal(other->name, "*");
    assert_string_equal(other->driver, "sqlite");
    assert_string_equal(other->dsn, "data/%d.sqlite3");
    /* exact names are case-sensitive, as PostgreSQL database names are */
    assert_string_equal(px_config_database(c, "SHOP")->name, "*");
    px_config_free(c);
}

static void test_databases_without_fallback(void **state)
{
    px_config *c = load_text("[databases]\nshop = driver=sqlite dsn=shop.db\n");
    if (!c)
        fail_msg("load failed: %s", errbuf);
    assert_int_equal(c->ndatabases, 1);
    assert_non_null(px_config_database(c, "shop"));
    assert_null(px_config_database(c, "other"));
    assert_null(px_config_database(c, "*"));
    px_config_free(c);

    /* "postgres" is an accepted spelling of the driver */
    c = load_text("[databases]\npg = driver=postgres dsn=x\n");
    assert_non_null(c);
    assert_string_equal(c->databases[0].driver, "postgres");
    px_config_free(c);
}

static void test_databases_errors(void **state)
{
    assert_load_error("[databases]\n"
                      "a = driver=sqlite dsn=a.db\n"
                      "b = driver=oracle dsn=b\n",
                      3, "database \"b\": unknown driver \"oracle\"");
    assert_load_error("[databases]\nb = dsn=b.db pool_size=3\n", 2, "database \"b\": driver= is missing");
    assert_load_error("[databases]\nb = driver=sqlite pool_size=0\n", 2, "database \"b\": invalid pool_size \"0\"");
    assert_load_error("[databases]\nb = driver=sqlite pool_size=lots\n", 2,
                      "database \"b\": invalid pool_size \"lots\"");
    assert_load_error("[databases]\nb = driver=sqlite shop.db\n", 2,
                      "database \"b\": expected key=value, got \"shop.db\"");
    assert_load_error("[databases]\nb =\n", 2, "database \"b\": driver= is missing");
}

static void test_missing_file(void **state)
{
    const char *p = "/nonexistent/dir/ormgate.ini";
    px_config *c = px_config_load(p, errbuf, sizeof(errbuf));
    assert_null(c);
    assert_string_equal(errbuf, "/nonexistent/dir/ormgate.ini: cannot open: No such file or directory");
}

/* The example shipped in config/ loads (tests run from the source tree). */
static void test_shipped_example(void **state)
{
    if (access("config/ormgate.ini", R_OK) != 0)
        skip();
    px_config *c = px_config_load("config/ormgate.ini", errbuf, sizeof(errbuf));
    if (!c)
        fail_msg("config/ormgate.ini: %s", errbuf);
    assert_int_equal(c->listen_port, 6432);
    assert_non_null(px_config_database(c, "whatever"));
    px_config_free(c);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_defaults),
        T(test_empty_file_is_defaults),
        T(test_every_key),
        T(test_keys_case_insensitive),
        T(test_enum_values),
        T(test_sizes),
        T(test_size_overflow),
        T(test_seconds_nan),
        T(test_unknown_key),
        T(test_unknown_section),
        T(test_bad_values),
        T(test_first_error_wins),
        T(test_syntax_error),
        T(test_cross_key_checks),
        T(test_databases),
        T(test_databases_without_fallback),
        T(test_databases_errors),
        T(test_missing_file),
        T(test_shipped_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
