/*
 * tests/unit/test_guc.c - proxy/guc: SET / SHOW / RESET with PostgreSQL semantics.
 *
 * The expected behaviour is PostgreSQL 15's, checked against a real server:
 * which parameters exist and are reported (GUC_REPORT), how values are
 * normalised, which SQLSTATE each refusal carries, and how SET, SET LOCAL
 * and RESET interact with COMMIT and ROLLBACK. A recording report callback
 * stands in for the ParameterStatus messages the session would send.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxy/guc.h"

/* ---------------------------------------------------------------- helpers */

typedef struct reports {
    int n;
    char name[64][64];
    char value[64][128];
} reports;

static void record(void *ctx, const char *name, const char *value)
{
    reports *r = ctx;
    assert_true(r->n < 64);
    snprintf(r->name[r->n], sizeof(r->name[0]), "%s", name);
    snprintf(r->value[r->n], sizeof(r->value[0]), "%s", value);
    r->n++;
}

static reports rep;
static px_guc g;
static og_error err = OG_ERROR_INIT;

static int setup(void **state)
{
    memset(&rep, 0, sizeof(rep));
    px_guc_init(&g, "alice", record, &rep);
    return 0;
}

static int teardown(void **state)
{
    px_guc_free(&g);
    og_error_clear(&err);
    return 0;
}

static const char *show(const char *name)
{
    const char *v = px_guc_show(&g, name, NULL, &err);
    if (!v)
        fail_msg("SHOW %s failed: %s %s", name, err.code, err.message ? err.message : "");
    return v;
}

static void set_ok(const char *name, const char *value, bool local, bool in_tx)
{
    if (!px_guc_set(&g, name, value, local, in_tx, &err))
        fail_msg("SET %s = %s failed: %s %s", name, value ? value : "DEFAULT", err.code, err.message);
}

static void set_fails(const char *name, const char *value, const char *code)
{
    og_error_clear(&err);
    if (px_guc_set(&g, name, value, false, false, &err))
        fail_msg("SET %s = %s was accepted (now %s)", name, value, px_guc_get(&g, name));
    assert_string_equal(err.code, code);
    assert_non_null(err.message);
    og_error_clear(&err);
}

/* The report callback was called exactly once since the last check, for name = value. */
static void assert_reported(const char *name, const char *value)
{
    if (rep.n != 1)
        fail_msg("%d reports, expected 1 (%s = %s)", rep.n, name, value);
    assert_string_equal(rep.name[0], name);
    assert_string_equal(rep.value[0], value);
    rep.n = 0;
}

static void assert_no_report(void)
{
    if (rep.n != 0)
        fail_msg("unexpected report %s = %s", rep.name[0], rep.value[0]);
}

/* ---------------------------------------------------------------- defaults */

static void test_defaults(void **state)
{
    assert_true(strncmp(show("server_version"), "15", 2) == 0);
    assert_true(strncmp(show("server_version_num"), "15", 2) == 0);
    assert_int_equal(strlen(show("server_version_num")), 6);
    assert_string_equal(show("DateStyle"), "ISO, MDY");
    assert_string_equal(show("IntervalStyle"), "postgres");
    assert_string_equal(show("TimeZone"), "UTC");
    assert_string_equal(show("integer_datetimes"), "on");
    assert_string_equal(show("standard_conforming_strings"), "on");
    assert_string_equal(show("client_encoding"), "UTF8");
    assert_string_equal(show("server_encoding"), "UTF8");
    assert_string_equal(show("application_name"), "");
    assert_string_equal(show("is_superuser"), "off");
    assert_string_equal(show("session_authorization"), "alice");
    assert_string_equal(show("default_transaction_read_only"), "off");
    assert_string_equal(show("in_hot_standby"), "off");
    assert_string_equal(show("transaction_isolation"), "read committed");
    assert_string_equal(show("max_identifier_length"), "63");
    assert_string_equal(show("search_path"), "\"$user\", public");
    assert_string_equal(show("ormgate.flush_mode"), "auto");
    assert_no_report(); /* init itself reports nothing: the session sends the burst */
}

/* The reported set is PostgreSQL 15's GUC_REPORT list, each once. */
static void test_reported_set(void **state)
{
    static const char *const want[] = {
        "application_name", "client_encoding",         "DateStyle",     "default_transaction_read_only",
        "in_hot_standby",   "integer_datetimes",       "IntervalStyle", "is_superuser",
        "server_encoding",  "server_version",          "session_authorization",
        "standard_conforming_strings",                 "TimeZone",
    };
    const size_t nwant = sizeof(want) / sizeof(want[0]);
    const char *names[64], *values[64];
    size_t n = px_guc_reported(&g, names, values, 64);
    assert_int_equal(n, nwant);
    for (size_t i = 0; i < nwant; i++) {
        int found = 0;
        for (size_t j = 0; j < n; j++)
            if (!strcmp(names[j], want[i])) {
                found++;
                assert_string_equal(values[j], px_guc_get(&g, want[i]));
            }
        if (found != 1)
            fail_msg("%s reported %d times", want[i], found);
    }
    /* the max bound is honoured */
    assert_int_equal(px_guc_reported(&g, names, values, 3), 3);

    /* SHOW ALL lists every parameter, with descriptions */
    const char *an[128], *av[128], *ad[128];
    size_t all = px_guc_all(&g, an, av, ad, 128);
    assert_true(all > nwant);
    for (size_t i = 0; i < all; i++) {
        assert_non_null(an[i]);
        assert_non_null(av[i]);
        assert_non_null(ad[i]);
    }
    set_ok("myapp.tenant", "7", false, false);
    assert_int_equal(px_guc_all(&g, an, av, ad, 128), all + 1);
}

/* ---------------------------------------------------------------- SET / SHOW / RESET */

static void test_set_show_reset(void **state)
{
    set_ok("search_path", "app, public", false, false);
    assert_string_equal(show("search_path"), "app, public");
    assert_no_report(); /* search_path is not reported */
    assert_true(px_guc_reset(&g, "search_path", false, &err));
    assert_string_equal(show("search_path"), "\"$user\", public");

    /* SET ... TO DEFAULT */
    set_ok("statement_timeout", "5000", false, false);
    assert_string_equal(show("statement_timeout"), "5000");
    set_ok("statement_timeout", NULL, false, false);
    assert_string_equal(show("statement_timeout"), "0");

    /* units are accepted on integer parameters */
    set_ok("statement_timeout", "5s", false, false);
    set_ok("lock_timeout", "100ms", false, false);
    assert_string_equal(show("lock_timeout"), "100ms");

    set_ok("TimeZone", "Europe/Paris", false, false);
    assert_string_equal(show("TimeZone"), "Europe/Paris");
    assert_reported("TimeZone", "Europe/Paris");

    set_ok("transaction_isolation", "SERIALIZABLE", false, false);
    assert_string_equal(show("transaction_isolation"), "serializable");
    set_ok("default_transaction_isolation", "Repeatable Read", false, false);
    assert_string_equal(show("default_transaction_isolation"), "repeatable read");
}

static void test_case_insensitive_names(void **state)
{
    const char *canonical = NULL;
    const char *v = px_guc_show(&g, "datestyle", &canonical, &err);
    assert_string_equal(v, "ISO, MDY");
    assert_string_equal(canonical, "DateStyle");
    v = px_guc_show(&g, "TIMEZONE", &canonical, &err);
    assert_string_equal(canonical, "TimeZone");
    v = px_guc_show(&g, "Application_Name", &canonical, &err);
    assert_string_equal(canonical, "application_name");
    v = px_guc_show(&g, "intervalstyle", &canonical, &err);
    assert_string_equal(canonical, "IntervalStyle");

    /* SET under another spelling changes the one parameter and reports its canonical name */
    set_ok("timezone", "Asia/Tokyo", false, false);
    assert_reported("TimeZone", "Asia/Tokyo");
    assert_string_equal(px_guc_get(&g, "TimeZone"), "Asia/Tokyo");
    assert_string_equal(px_guc_get(&g, "tImEzOnE"), "Asia/Tokyo");
    set_ok("APPLICATION_NAME", "psql", false, false);
    assert_reported("application_name", "psql");
}

static void test_unknown_parameter(void **state)
{
    assert_null(px_guc_show(&g, "no_such_thing", NULL, &err));
    assert_string_equal(err.code, "42704");
    assert_string_equal(err.message, "unrecognized configuration parameter \"no_such_thing\"");
    og_error_clear(&err);
    set_fails("no_such_thing", "1", "42704");
    assert_false(px_guc_reset(&g, "no_such_thing", false, &err));
    assert_string_equal(err.code, "42704");
    og_error_clear(&err);
    assert_null(px_guc_get(&g, "no_such_thing"));
    /* a failed SET does not create the parameter */
    assert_null(px_guc_show(&g, "no_such_thing", NULL, &err));
}

static void test_custom_parameters(void **state)
{
    /* a dotted name that was never set is unknown, as in PostgreSQL */
    assert_null(px_guc_show(&g, "myapp.user_id", NULL, &err));
    assert_string_equal(err.code, "42704");
    og_error_clear(&err);

    set_ok("MyApp.User_Id", "42", false, false);
    const char *canonical = NULL;
    assert_string_equal(px_guc_show(&g, "myapp.user_id", &canonical, &err), "42");
    assert_string_equal(canonical, "myapp.user_id");
    assert_string_equal(px_guc_show(&g, "MYAPP.USER_ID", NULL, &err), "42");
    assert_no_report(); /* custom parameters are never reported */

    /* any value is accepted and kept as written */
    set_ok("myapp.note", "Hello, World", false, false);
    assert_string_equal(show("myapp.note"), "Hello, World");
    set_ok("myapp.note", "second", false, false);
    assert_string_equal(show("myapp.note"), "second");

    /* RESET makes it empty but it stays known */
    assert_true(px_guc_reset(&g, "myapp.user_id", false, &err));
    assert_string_equal(show("myapp.user_id"), "");
}

static void test_read_only(void **state)
{
    static const char *const ro[] = {"server_version",   "server_version_num", "server_encoding",
                                     "integer_datetimes", "is_superuser",       "max_identifier_length",
                                     "in_hot_standby"};
    for (size_t i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
        const char *before = px_guc_get(&g, ro[i]);
        char saved[128];
        snprintf(saved, sizeof(saved), "%s", before);
        set_fails(ro[i], "1", "55P02");
        assert_string_equal(px_guc_get(&g, ro[i]), saved);
        /* RESET of a read-only parameter is refused the same way */
        assert_false(px_guc_reset(&g, ro[i], false, &err));
        assert_string_equal(err.code, "55P02");
        og_error_clear(&err);
    }
    px_guc_set(&g, "server_version", "16.0", false, false, &err);
    assert_string_equal(err.message, "parameter \"server_version\" cannot be changed");
    og_error_clear(&err);
    assert_no_report();
}

static void test_boolean_normalisation(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"true", "on"}, {"OFF", "off"}, {"yes", "on"}, {"no", "off"}, {"1", "on"},
        {"0", "off"},   {"t", "on"},    {"F", "off"},  {"On", "on"},  {"FALSE", "off"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        set_ok("default_transaction_read_only", cases[i].in, false, false);
        assert_string_equal(show("default_transaction_read_only"), cases[i].out);
    }
    set_fails("standard_conforming_strings", "maybe", "22023");
    set_fails("standard_conforming_strings", "", "22023");
    set_fails("standard_conforming_strings", "2", "22023");
    assert_string_equal(show("standard_conforming_strings"), "on");

    /* a value that normalises to the current one is no change: no report */
    rep.n = 0;
    set_ok("standard_conforming_strings", "true", false, false);
    assert_no_report();
    set_ok("standard_conforming_strings", "false", false, false);
    assert_reported("standard_conforming_strings", "off");
}

static void test_datestyle(void **state)
{
    set_fails("DateStyle", "SQL, DMY", "0A000");
    set_fails("DateStyle", "German", "0A000");
    set_fails("DateStyle", "Postgres, MDY", "0A000");
    assert_string_equal(show("DateStyle"), "ISO, MDY");
    assert_no_report();

    set_ok("datestyle", "iso, dmy", false, false);
    assert_string_equal(show("DateStyle"), "ISO, DMY");
    assert_reported("DateStyle", "ISO, DMY");
    set_ok("DateStyle", "ISO,DMY", false, false); /* the same after normalising */
    assert_no_report();
    set_ok("DateStyle", "ISO, YMD", false, false);
    assert_reported("DateStyle", "ISO, YMD");

    /* the other ormgate-fixed formats */
    set_fails("IntervalStyle", "iso_8601", "0A000");
    set_ok("IntervalStyle", "POSTGRES", false, false);
    assert_string_equal(show("IntervalStyle"), "postgres");
    set_fails("client_encoding", "LATIN1", "0A000");
    set_ok("client_encoding", "utf-8", false, false);
    assert_string_equal(show("client_encoding"), "UTF8");
    assert_no_report();
    set_ok("client_encoding", "unicode", false, false);
    assert_no_report();
}

/* PostgreSQL reads "DMY" alone as a field order only: the output style stays
 * ISO (SET datestyle = 'dmy'; SHOW datestyle -> "ISO, DMY"), so it is not a
 * non-ISO style and must not be refused. */
static void test_datestyle_order_only(void **state)
{
    set_ok("DateStyle", "DMY", false, false);
    assert_string_equal(show("DateStyle"), "ISO, DMY");
    set_ok("DateStyle", "ymd", false, false);
    assert_string_equal(show("DateStyle"), "ISO, YMD");
}

/* Likewise a style alone keeps the current field order (PostgreSQL:
 * SET DateStyle = 'ISO, YMD'; SET DateStyle = 'ISO'; SHOW -> "ISO, YMD"). */
static void test_datestyle_style_only_keeps_order(void **state)
{
    set_ok("DateStyle", "ISO, YMD", false, false);
    rep.n = 0;
    set_ok("DateStyle", "ISO", false, false);
    assert_string_equal(show("DateStyle"), "ISO, YMD");
    assert_no_report();
}

static void test_invalid_values(void **state)
{
    set_fails("statement_timeout", "-1", "22023");
    set_fails("statement_timeout", "", "22023");
    set_fails("statement_timeout", "10 seconds", "22023");
    set_fails("transaction_isolation", "chaos", "22023");
    assert_string_equal(show("statement_timeout"), "0");
}

/* An integer parameter given no digits at all: the unit-skipping loop must
 * not turn "abc" into a valid value (PostgreSQL: 22023 invalid value). */
static void test_integer_without_digits(void **state)
{
    set_fails("statement_timeout", "abc", "22023");
    set_fails("lock_timeout", "ms", "22023");
    assert_string_equal(show("statement_timeout"), "0");
}

static void test_report_only_on_change(void **state)
{
    set_ok("application_name", "a", false, false);
    assert_reported("application_name", "a");
    set_ok("application_name", "a", false, false);
    assert_no_report();
    set_ok("application_name", "b", false, false);
    assert_reported("application_name", "b");
    /* non-reported parameters never call back */
    set_ok("search_path", "x", false, false);
    set_ok("extra_float_digits", "3", false, false);
    set_ok("statement_timeout", "1", false, false);
    assert_no_report();
    /* failures do not call back */
    set_fails("DateStyle", "SQL", "0A000");
    assert_no_report();

    /* a NULL callback is allowed */
    px_guc h;
    px_guc_init(&h, "bob", NULL, NULL);
    assert_true(px_guc_set(&h, "application_name", "x", false, false, &err));
    assert_true(px_guc_set(&h, "a.b", "1", false, true, &err));
    px_guc_end_transaction(&h, false);
    px_guc_free(&h);
}

/* ---------------------------------------------------------------- transactions */

static void test_rollback_restores(void **state)
{
    set_ok("application_name", "before", false, false);
    rep.n = 0;
    /* BEGIN; SET ...; SET ...; ROLLBACK */
    set_ok("application_name", "inside1", false, true);
    set_ok("application_name", "inside2", false, true);
    set_ok("search_path", "tx_schema", false, true);
    rep.n = 0;
    px_guc_end_transaction(&g, false);
    assert_string_equal(show("application_name"), "before");
    assert_string_equal(show("search_path"), "\"$user\", public");
    /* the client is told the value went back */
    assert_reported("application_name", "before");

    /* a later transaction starts from the restored value */
    set_ok("application_name", "again", false, true);
    rep.n = 0;
    px_guc_end_transaction(&g, true);
    assert_string_equal(show("application_name"), "again");
    assert_no_report(); /* commit keeps what the client already saw */
}

static void test_commit_keeps_set(void **state)
{
    set_ok("TimeZone", "America/New_York", false, true);
    assert_reported("TimeZone", "America/New_York");
    px_guc_end_transaction(&g, true);
    assert_no_report();
    assert_string_equal(show("TimeZone"), "America/New_York");

    /* the next transaction's rollback goes back to the committed value, not the default */
    set_ok("TimeZone", "Asia/Kolkata", false, true);
    rep.n = 0;
    px_guc_end_transaction(&g, false);
    assert_string_equal(show("TimeZone"), "America/New_York");
    assert_reported("TimeZone", "America/New_York");
}

static void test_set_local_reverts_at_commit(void **state)
{
    set_ok("application_name", "local_value", true, true);
    assert_reported("application_name", "local_value");
    px_guc_end_transaction(&g, true);
    assert_string_equal(show("application_name"), "");
    assert_reported("application_name", "");

    /* and at rollback */
    set_ok("search_path", "s1", true, true);
    px_guc_end_transaction(&g, false);
    assert_string_equal(show("search_path"), "\"$user\", public");

    /* SET LOCAL then SET in one transaction: the SET wins at commit */
    set_ok("application_name", "L", true, true);
    set_ok("application_name", "S", false, true);
    px_guc_end_transaction(&g, true);
    assert_string_equal(show("application_name"), "S");
}

/* BEGIN; SET x = 'a'; SET LOCAL x = 'b'; COMMIT; -> x is 'a' in PostgreSQL:
 * the end of SET LOCAL uncovers the transaction's own SET, not the value
 * from before the transaction. */
static void test_set_then_set_local_commit(void **state)
{
    set_ok("application_name", "a", false, true);
    set_ok("application_name", "b", true, true);
    rep.n = 0;
    px_guc_end_transaction(&g, true);
    assert_string_equal(show("application_name"), "a");
    assert_reported("application_name", "a");
}

/* SET LOCAL outside a transaction block: PostgreSQL warns and the value does
 * not outlive the statement (its implicit transaction). */
static void test_set_local_outside_transaction(void **state)
{
    set_ok("search_path", "ephemeral", true, false);
    assert_string_equal(show("search_path"), "\"$user\", public");
}

static void test_custom_parameter_in_rollback(void **state)
{
    set_ok("myapp.x", "1", false, true);
    assert_string_equal(show("myapp.x"), "1");
    px_guc_end_transaction(&g, false);
    /* the placeholder stays, its value is gone (PostgreSQL 15 shows "") */
    assert_string_equal(show("myapp.x"), "");

    set_ok("myapp.y", "kept", false, true);
    px_guc_end_transaction(&g, true);
    assert_string_equal(show("myapp.y"), "kept");
}

static void test_reset_all(void **state)
{
    set_ok("application_name", "app", false, false);
    set_ok("DateStyle", "ISO, DMY", false, false);
    set_ok("search_path", "x", false, false);
    set_ok("ormgate.flush_mode", "always", false, false);
    set_ok("myapp.k", "v", false, false);
    rep.n = 0;
    assert_true(px_guc_reset(&g, "ALL", false, &err));
    assert_string_equal(show("application_name"), "");
    assert_string_equal(show("DateStyle"), "ISO, MDY");
    assert_string_equal(show("search_path"), "\"$user\", public");
    assert_string_equal(show("ormgate.flush_mode"), "auto");
    assert_string_equal(show("myapp.k"), "");
    /* read-only parameters are left alone */
    assert_string_equal(show("session_authorization"), "alice");
    assert_true(strncmp(show("server_version"), "15", 2) == 0);
    /* exactly the two reported parameters that changed are reported */
    assert_int_equal(rep.n, 2);
    for (int i = 0; i < 2; i++)
        assert_true(!strcmp(rep.name[i], "application_name") || !strcmp(rep.name[i], "DateStyle"));
    rep.n = 0;

    /* RESET ALL inside a transaction is undone by ROLLBACK */
    set_ok("application_name", "app2", false, false);
    rep.n = 0;
    assert_true(px_guc_reset(&g, "all", true, &err));
    assert_reported("application_name", "");
    px_guc_end_transaction(&g, false);
    assert_string_equal(show("application_name"), "app2");
    assert_reported("application_name", "app2");
}

static void test_flush_mode(void **state)
{
    const char *canonical = NULL;
    assert_string_equal(px_guc_show(&g, "ORMGATE.FLUSH_MODE", &canonical, &err), "auto");
    assert_string_equal(canonical, "ormgate.flush_mode");
    set_ok("ormgate.flush_mode", "always", false, false);
    assert_string_equal(show("ormgate.flush_mode"), "always");
    set_ok("ormgate.flush_mode", "auto", false, false);
    assert_string_equal(show("ormgate.flush_mode"), "auto");

    og_error_clear(&err);
    assert_false(px_guc_set(&g, "ormgate.flush_mode", "never", false, false, &err));
    assert_string_equal(err.code, "22023");
    assert_non_null(err.hint);
    assert_non_null(strstr(err.hint, "auto, always"));
    og_error_clear(&err);
    set_fails("ormgate.flush_mode", "", "22023");
    set_fails("ormgate.flush_mode", "commit", "22023");
    assert_string_equal(show("ormgate.flush_mode"), "auto");
    assert_no_report();

    /* SET LOCAL of the flush mode ends with the transaction */
    set_ok("ormgate.flush_mode", "always", true, true);
    px_guc_end_transaction(&g, true);
    assert_string_equal(show("ormgate.flush_mode"), "auto");
}

static void test_startup_parameters(void **state)
{
    assert_true(px_guc_set_startup(&g, "application_name", "myapp", &err));
    assert_reported("application_name", "myapp");
    assert_true(px_guc_set_startup(&g, "DateStyle", "ISO, DMY", &err));
    assert_string_equal(show("DateStyle"), "ISO, DMY");
    rep.n = 0;
    /* read-only and unknown plain names are ignored, not errors */
    assert_true(px_guc_set_startup(&g, "server_version", "9.6", &err));
    assert_true(strncmp(show("server_version"), "15", 2) == 0);
    assert_true(px_guc_set_startup(&g, "replication", "database", &err));
    assert_null(px_guc_get(&g, "replication"));
    /* dotted names become custom parameters */
    assert_true(px_guc_set_startup(&g, "myapp.tenant", "acme", &err));
    assert_string_equal(show("myapp.tenant"), "acme");
    /* invalid values of known parameters are errors */
    assert_false(px_guc_set_startup(&g, "DateStyle", "SQL", &err));
    assert_string_equal(err.code, "0A000");
    og_error_clear(&err);
    assert_false(px_guc_set_startup(&g, "ormgate.flush_mode", "sometimes", &err));
    assert_string_equal(err.code, "22023");
    og_error_clear(&err);
    /* startup values are not transactional: a rollback keeps them */
    px_guc_end_transaction(&g, false);
    assert_string_equal(show("application_name"), "myapp");
}

/* RESET goes back to the session's reset value, which includes what the
 * client sent in its startup packet (PostgreSQL: application_name=psql at
 * connect, SET application_name = 'x'; RESET ALL; SHOW -> "psql"). */
static void test_reset_returns_to_startup_value(void **state)
{
    assert_true(px_guc_set_startup(&g, "application_name", "myapp", &err));
    set_ok("application_name", "x", false, false);
    assert_true(px_guc_reset(&g, "application_name", false, &err));
    assert_string_equal(show("application_name"), "myapp");
    set_ok("application_name", "y", false, false);
    assert_true(px_guc_reset(&g, "all", false, &err));
    assert_string_equal(show("application_name"), "myapp");
    set_ok("application_name", NULL, false, false); /* SET ... TO DEFAULT: the same */
    assert_string_equal(show("application_name"), "myapp");
}

static void test_many_custom_parameters(void **state)
{
    /* the entry array grows; earlier entries stay intact */
    char name[32], value[32];
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof(name), "ext.p%d", i);
        snprintf(value, sizeof(value), "v%d", i);
        set_ok(name, value, false, i % 2 == 0);
    }
    px_guc_end_transaction(&g, true);
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof(name), "ext.p%d", i);
        snprintf(value, sizeof(value), "v%d", i);
        assert_string_equal(show(name), value);
    }
    assert_string_equal(show("DateStyle"), "ISO, MDY");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_defaults),
        T(test_reported_set),
        T(test_set_show_reset),
        T(test_case_insensitive_names),
        T(test_unknown_parameter),
        T(test_custom_parameters),
        T(test_read_only),
        T(test_boolean_normalisation),
        T(test_datestyle),
        T(test_datestyle_order_only),
        T(test_datestyle_style_only_keeps_order),
        T(test_invalid_values),
        T(test_integer_without_digits),
        T(test_report_only_on_change),
        T(test_rollback_restores),
        T(test_commit_keeps_set),
        T(test_set_local_reverts_at_commit),
        T(test_set_then_set_local_commit),
        T(test_set_local_outside_transaction),
        T(test_custom_parameter_in_rollback),
        T(test_reset_all),
        T(test_flush_mode),
        T(test_startup_parameters),
        T(test_reset_returns_to_startup_value),
        T(test_many_custom_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
