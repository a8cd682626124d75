/*
 * tests/unit/test_fn_datetime.c - the date and time family of the function
 * catalog (orm/fn_datetime.c) against results of a real PostgreSQL 15.18.
 *
 * Each table row is one call (sym, the text input of the arguments and their
 * types, the session TimeZone) with what PostgreSQL answered: the result as
 * ::text prints it, or the SQLSTATE and message. The rows were produced by
 * running each call on the server; the comment above a group gives the SQL
 * shape. Time zones with DST (Europe/Paris, America/New_York), half-hour and
 * odd offsets (Asia/Kolkata, America/St_Johns) exercise the wall-clock
 * arithmetic of timestamptz. now() and the functions derived from it are
 * checked against a fixed transaction start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "orm/fn_int.h"
#include "orm/value.h"
#include "proxy/textio.h"

#define FAMILY orm_fn_datetime
/* ---- the case runner (each test_fn_*.c has its own copy, bound to its family) ---- */

/* A SQL NULL among arguments and results. */
static const char NULLV[] = "<NULL>";

typedef struct fn_case {
    const char *sym;
    int nargs;
    const char *args[6]; /* text input of each argument, or NULLV */
    uint32_t oids[6];
    const char *out;  /* PostgreSQL's output text (booleans as true/false), NULLV, or NULL on error */
    const char *code; /* SQLSTATE when PostgreSQL raised an error */
    const char *msg;
    const char *tz; /* session TimeZone (NULL: UTC) */
} fn_case;

static og_arena arena;

static const orm_fn *family_find(const char *sym)
{
    for (size_t i = 0; i < FAMILY.n; i++)
        if (strcmp(FAMILY.fns[i].sym, sym) == 0)
            return &FAMILY.fns[i];
    fail_msg("no function with sym %s", sym);
    return NULL;
}

static og_value decode(uint32_t oid, const char *text, const char *tz)
{
    og_value v;
    og_error e = OG_ERROR_INIT;
    if (text == NULLV)
        return og_value_null(oid);
    if (!og_text_io_get()->decode(oid, text, strlen(text), tz, &arena, &v, &e))
        fail_msg("cannot decode '%s' as %s: %s", text, og_type_name(oid), e.message);
    return v;
}

/* The result as PostgreSQL's ::text prints it. */
static char *encode(const og_value *v, const char *tz)
{
    og_buf b = OG_BUF_INIT;
    if (v->oid == OG_OID_BOOL)
        og_buf_puts(&b, v->u.b ? "true" : "false");
    else
        og_text_io_get()->encode(v, tz, &b);
    char *s = og_arena_strdup(&arena, og_buf_cstr(&b));
    og_buf_free(&b);
    return s;
}

/* Call fn as orm_fn_call does (STRICT: a NULL argument gives NULL). */
static bool call(const orm_fn *fn, const orm_eval_ctx *cx, const og_value *args, int nargs, og_value *out,
                 og_error *err)
{
    if (fn->flags & ORM_FN_STRICT)
        for (int i = 0; i < nargs; i++)
            if (args[i].isnull) {
                *out = og_value_null(fn->ret);
                return true;
            }
    return fn->impl(cx, args, (uint16_t)nargs, &arena, out, err);
}

/* One call; false (after printing why) when the answer is not PostgreSQL's. */
static bool run_case(const fn_case *c, int64_t now)
{
    const orm_fn *fn = family_find(c->sym);
    const char *tz = c->tz ? c->tz : "UTC";
    const char *first = c->nargs ? c->args[0] : "";
    orm_eval_ctx cx = {tz, now, now};
    og_value args[6], out;
    og_error err = OG_ERROR_INIT;
    assert_non_null(fn->impl);
    for (int i = 0; i < c->nargs; i++)
        args[i] = decode(c->oids[i], c->args[i], tz);
    bool ok = call(fn, &cx, args, c->nargs, &out, &err);
    if (c->code) {
        bool same = !ok && strcmp(err.code, c->code) == 0 && strcmp(err.message, c->msg) == 0;
        if (!same)
            print_error("%s(%s, ...): expected %s %s, got %s %s\n", c->sym, first, c->code, c->msg,
                        ok ? "a result" : err.code, ok ? encode(&out, tz) : err.message);
        og_error_clear(&err);
        return same;
    }
    if (!ok) {
        print_error("%s(%s, ...): expected '%s', got %s %s\n", c->sym, first, c->out, err.code, err.message);
        og_error_clear(&err);
        return false;
    }
    if (c->out == NULLV || out.isnull) {
        if (c->out != NULLV || !out.isnull)
            print_error("%s(%s, ...): expected %s, got %s\n", c->sym, first, c->out,
                        out.isnull ? "NULL" : encode(&out, tz));
        return c->out == NULLV && out.isnull;
    }
    if (fn->ret != ORM_T_ANY && fn->ret != ORM_T_ANYELEMENT && fn->ret != ORM_T_ANYARRAY &&
        fn->ret != ORM_T_ANYNONARRAY && out.oid != fn->ret) {
        print_error("%s(%s, ...): result type %u, declared %u\n", c->sym, first, out.oid, fn->ret);
        return false;
    }
    const char *got = encode(&out, tz);
    if (strcmp(got, c->out) != 0) {
        print_error("%s(%s, ...): expected '%s', got '%s'\n", c->sym, first, c->out, got);
        return false;
    }
    return true;
}

/* Every case runs; the test fails at the end if any answer differed. */
static void run_cases(const fn_case *cases, size_t n, int64_t now)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += !run_case(&cases[i], now);
    if (failed)
        fail_msg("%zu of %zu cases differ from PostgreSQL", failed, n);
}

/* select (<call>)::text with the arguments as typed literals, e.g.
 * select (date_trunc('week'::text, '2021-01-01 12:00'::timestamp))::text,
 * select (pg_catalog.extract('epoch'::text, '...'::timestamp))::text (extract(field from x)),
 * select (date_part('epoch'::text, '...'::interval))::text,
 * set timezone='Europe/Paris'; select ('2020-03-28 12:00+01'::timestamptz + '1 day'::interval)::text */
/* clang-format off */
static const fn_case datetime_cases[] = {
    {"timestamp_trunc", 2, {"microseconds", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-17 13:45:27.123456", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"milliseconds", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-17 13:45:27.123", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"second", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-17 13:45:27", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"minute", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-17 13:45:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"hour", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-17 13:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"day", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-17 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"week", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-16 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"month", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"quarter", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-07-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"year", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"decade", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"century", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2001-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"millennium", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2001-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"Year", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"yrs", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"mon", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021-08-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"week", "2021-01-01 12:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020-12-28 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"decade", "2021-01-01 12:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"century", "2021-01-01 12:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2001-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"millennium", "2021-01-01 12:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2001-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"week", "2020-12-31 12:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020-12-28 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"decade", "2020-12-31 12:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"century", "2020-12-31 12:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2001-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"millennium", "2020-12-31 12:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2001-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"week", "2027-01-01 00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2026-12-28 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"decade", "2027-01-01 00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"century", "2027-01-01 00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2001-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"millennium", "2027-01-01 00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2001-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"week", "0044-03-15 12:00 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0044-03-11 00:00:00 BC", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"decade", "0044-03-15 12:00 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0051-01-01 00:00:00 BC", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"century", "0044-03-15 12:00 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0100-01-01 00:00:00 BC", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"millennium", "0044-03-15 12:00 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1000-01-01 00:00:00 BC", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"week", "0001-06-01 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0001-05-29 00:00:00 BC", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"decade", "0001-06-01 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0001-01-01 00:00:00 BC", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"century", "0001-06-01 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0100-01-01 00:00:00 BC", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"millennium", "0001-06-01 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1000-01-01 00:00:00 BC", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"week", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "infinity", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"decade", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "infinity", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"century", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "infinity", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"millennium", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "infinity", NULL, NULL, NULL},
    {"timestamp_trunc", 2, {"dow", "2021-08-17 13:45"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULL, "22023", "unit \"dow\" not recognized for type timestamp without time zone", NULL},
    {"timestamp_trunc", 2, {"foo", "2021-08-17 13:45"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULL, "22023", "unit \"foo\" not recognized for type timestamp without time zone", NULL},
    {"timestamp_trunc", 2, {"timezone", "2021-08-17 13:45"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULL, "0A000", "unit \"timezone\" not supported for type timestamp without time zone", NULL},
    {"timestamptz_trunc", 2, {"day", "2020-03-29 12:00+02"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "2020-03-29 00:00:00+01", NULL, NULL, "Europe/Paris"},
    {"timestamptz_trunc", 2, {"hour", "2020-10-25 02:30+01"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "2020-10-25 02:00:00+01", NULL, NULL, "Europe/Paris"},
    {"timestamptz_trunc", 2, {"hour", "2020-10-25 02:30+02"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "2020-10-25 02:00:00+02", NULL, NULL, "Europe/Paris"},
    {"timestamptz_trunc", 2, {"month", "2020-11-01 00:30+01"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "2020-11-01 00:00:00+01", NULL, NULL, "Europe/Paris"},
    {"timestamptz_trunc", 2, {"week", "2020-03-31 00:30+02"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "2020-03-30 00:00:00+02", NULL, NULL, "Europe/Paris"},
    {"timestamptz_trunc", 2, {"day", "2020-06-01 02:30+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "2020-05-31 00:00:00-04", NULL, NULL, "America/New_York"},
    {"timestamptz_trunc", 2, {"minute", "2020-06-01 02:30:59.9+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "2020-06-01 08:00:00+05:30", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_trunc", 2, {"year", "2020-06-01 02:30+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "2020-01-01 00:00:00+00", NULL, NULL, "UTC"},
    {"timestamptz_trunc", 2, {"foo", "2020-06-01 02:30+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, NULL, "22023", "unit \"foo\" not recognized for type timestamp with time zone", "UTC"},
    {"timestamptz_trunc", 2, {"day", "-infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "-infinity", NULL, NULL, "Europe/Paris"},
    {"interval_trunc", 2, {"hour", "3 days 04:05:06.789"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "3 days 04:00:00", NULL, NULL, NULL},
    {"interval_trunc", 2, {"quarter", "1234 years 11 months 3 days"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "1234 years 9 mons", NULL, NULL, NULL},
    {"interval_trunc", 2, {"millennium", "-1234 years -11 months"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-1000 years", NULL, NULL, NULL},
    {"interval_trunc", 2, {"milliseconds", "00:00:01.23456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "00:00:01.234", NULL, NULL, NULL},
    {"interval_trunc", 2, {"week", "1 day"}, {OG_OID_TEXT, OG_OID_INTERVAL}, NULL, "0A000", "unit \"week\" not supported for type interval", NULL},
    {"interval_trunc", 2, {"dow", "1 day"}, {OG_OID_TEXT, OG_OID_INTERVAL}, NULL, "22023", "unit \"dow\" not recognized for type interval", NULL},
    {"extract_timestamp", 2, {"century", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "21", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"decade", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "202", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"year", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"quarter", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "3", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"month", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "8", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"week", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "33", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"day", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "17", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"dow", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"isodow", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"doy", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "229", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"hour", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "13", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"minute", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "45", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"second", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "27.123456", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"milliseconds", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "27123.456", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"microseconds", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "27123456", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"epoch", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1629207927.123456", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"isoyear", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"julian", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2459444.57323059555555555556", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"millennium", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "3", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"century", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "21", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"decade", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "202", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"year", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"quarter", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"month", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"week", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "53", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"day", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"dow", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "5", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"isodow", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "5", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"doy", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"hour", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"minute", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"second", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0.000000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"milliseconds", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0.000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"microseconds", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"epoch", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1609459200.000000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"isoyear", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"julian", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2459216.0000000000000000000000000000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"millennium", "2021-01-01 00:00:00"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "3", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"century", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-1", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"decade", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-5", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"year", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-44", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"quarter", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"month", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "3", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"week", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "11", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"day", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "15", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"dow", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "5", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"isodow", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "5", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"doy", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "74", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"hour", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "12", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"minute", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "30", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"second", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "0.500000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"milliseconds", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "500.000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"microseconds", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "500000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"epoch", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-63517778999.500000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"isoyear", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-44", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"julian", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1705428.52083912037037037037", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"millennium", "0044-03-15 12:30:00.5 BC"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-1", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"century", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "21", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"decade", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "202", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"year", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"quarter", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "4", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"month", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "12", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"week", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "53", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"day", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "31", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"dow", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "4", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"isodow", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "4", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"doy", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "366", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"hour", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "23", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"minute", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "59", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"second", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "59.999999", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"milliseconds", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "59999.999", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"microseconds", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "59999999", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"epoch", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1609459199.999999", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"isoyear", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2020", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"julian", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2459215.99999999998842592593", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"millennium", "2020-12-31 23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "3", NULL, NULL, NULL},
    {"timestamp_part", 2, {"year", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021", NULL, NULL, NULL},
    {"timestamp_part", 2, {"second", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "27.123456", NULL, NULL, NULL},
    {"timestamp_part", 2, {"epoch", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1629207927.123456", NULL, NULL, NULL},
    {"timestamp_part", 2, {"julian", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2459444.5732305953", NULL, NULL, NULL},
    {"timestamp_part", 2, {"dow", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2", NULL, NULL, NULL},
    {"timestamp_part", 2, {"isoyear", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "2021", NULL, NULL, NULL},
    {"timestamp_part", 2, {"milliseconds", "2021-08-17 13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "27123.456", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"year", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "Infinity", NULL, NULL, NULL},
    {"timestamp_part", 2, {"year", "-infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-Infinity", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"epoch", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "Infinity", NULL, NULL, NULL},
    {"timestamp_part", 2, {"epoch", "-infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-Infinity", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"hour", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULLV, NULL, NULL, NULL},
    {"timestamp_part", 2, {"hour", "-infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULLV, NULL, NULL, NULL},
    {"extract_timestamp", 2, {"day", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULLV, NULL, NULL, NULL},
    {"timestamp_part", 2, {"day", "-infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULLV, NULL, NULL, NULL},
    {"extract_timestamp", 2, {"timezone", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULLV, NULL, NULL, NULL},
    {"timestamp_part", 2, {"timezone", "-infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULLV, NULL, NULL, NULL},
    {"extract_timestamp", 2, {"julian", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "Infinity", NULL, NULL, NULL},
    {"timestamp_part", 2, {"julian", "-infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "-Infinity", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"timezone", "2021-08-17 13:45"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULL, "0A000", "unit \"timezone\" not supported for type timestamp without time zone", NULL},
    {"extract_timestamp", 2, {"foo", "2021-08-17 13:45"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULL, "22023", "unit \"foo\" not recognized for type timestamp without time zone", NULL},
    {"extract_timestamp", 2, {"now", "2021-08-17 13:45"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULL, "0A000", "unit \"now\" not supported for type timestamp without time zone", NULL},
    {"extract_timestamp", 2, {"foo", "infinity"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, NULL, "22023", "unit \"foo\" not recognized for type timestamp without time zone", NULL},
    {"extract_timestamp", 2, {"MicroSecondsXX", "2021-08-17 13:45:01.5"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "1500000", NULL, NULL, NULL},
    {"extract_timestamp", 2, {"mm", "2021-08-17 13:45:01.5"}, {OG_OID_TEXT, OG_OID_TIMESTAMP}, "45", NULL, NULL, NULL},
    {"extract_timestamptz", 2, {"timezone", "2021-08-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "19800", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_part", 2, {"timezone", "2021-01-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "-12600", NULL, NULL, "America/St_Johns"},
    {"extract_timestamptz", 2, {"timezone_hour", "2021-08-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "5", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_part", 2, {"timezone_hour", "2021-01-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "-3", NULL, NULL, "America/St_Johns"},
    {"extract_timestamptz", 2, {"timezone_minute", "2021-08-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "30", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_part", 2, {"timezone_minute", "2021-01-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "-30", NULL, NULL, "America/St_Johns"},
    {"extract_timestamptz", 2, {"hour", "2021-08-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "5", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_part", 2, {"hour", "2021-01-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "20", NULL, NULL, "America/St_Johns"},
    {"extract_timestamptz", 2, {"day", "2021-08-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "18", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_part", 2, {"day", "2021-01-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "17", NULL, NULL, "America/St_Johns"},
    {"extract_timestamptz", 2, {"epoch", "2021-08-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "1629243927.500000", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_part", 2, {"epoch", "2021-01-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "1610927127.5", NULL, NULL, "America/St_Johns"},
    {"extract_timestamptz", 2, {"dow", "2021-08-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "3", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_part", 2, {"dow", "2021-01-17 23:45:27.5+00"}, {OG_OID_TEXT, OG_OID_TIMESTAMPTZ}, "0", NULL, NULL, "America/St_Johns"},
    {"extract_date", 2, {"day", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "17", NULL, NULL, NULL},
    {"extract_date", 2, {"month", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "8", NULL, NULL, NULL},
    {"extract_date", 2, {"quarter", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "3", NULL, NULL, NULL},
    {"extract_date", 2, {"week", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "33", NULL, NULL, NULL},
    {"extract_date", 2, {"year", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "2021", NULL, NULL, NULL},
    {"extract_date", 2, {"decade", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "202", NULL, NULL, NULL},
    {"extract_date", 2, {"century", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "21", NULL, NULL, NULL},
    {"extract_date", 2, {"millennium", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "3", NULL, NULL, NULL},
    {"extract_date", 2, {"isoyear", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "2021", NULL, NULL, NULL},
    {"extract_date", 2, {"julian", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "2459444", NULL, NULL, NULL},
    {"extract_date", 2, {"dow", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "2", NULL, NULL, NULL},
    {"extract_date", 2, {"isodow", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "2", NULL, NULL, NULL},
    {"extract_date", 2, {"doy", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "229", NULL, NULL, NULL},
    {"extract_date", 2, {"epoch", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "1629158400", NULL, NULL, NULL},
    {"extract_date", 2, {"hour", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, NULL, "0A000", "unit \"hour\" not supported for type date", NULL},
    {"extract_date", 2, {"foo", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, NULL, "22023", "unit \"foo\" not recognized for type date", NULL},
    {"extract_date", 2, {"now", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, NULL, "0A000", "unit \"now\" not supported for type date", NULL},
    {"extract_date", 2, {"year", "-infinity"}, {OG_OID_TEXT, OG_OID_DATE}, "-Infinity", NULL, NULL, NULL},
    {"extract_date", 2, {"epoch", "-infinity"}, {OG_OID_TEXT, OG_OID_DATE}, "-Infinity", NULL, NULL, NULL},
    {"extract_date", 2, {"day", "-infinity"}, {OG_OID_TEXT, OG_OID_DATE}, NULLV, NULL, NULL, NULL},
    {"extract_date", 2, {"hour", "-infinity"}, {OG_OID_TEXT, OG_OID_DATE}, NULL, "0A000", "unit \"hour\" not supported for type date", NULL},
    {"extract_date", 2, {"foo", "-infinity"}, {OG_OID_TEXT, OG_OID_DATE}, NULL, "22023", "unit \"foo\" not recognized for type date", NULL},
    {"date_part_date", 2, {"hour", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "0", NULL, NULL, NULL},
    {"date_part_date", 2, {"year", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "2021", NULL, NULL, NULL},
    {"date_part_date", 2, {"epoch", "2021-08-17"}, {OG_OID_TEXT, OG_OID_DATE}, "1629158400", NULL, NULL, NULL},
    {"extract_interval", 2, {"microseconds", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "9123456", NULL, NULL, NULL},
    {"interval_part", 2, {"microseconds", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-9500000", NULL, NULL, NULL},
    {"extract_interval", 2, {"milliseconds", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "9123.456", NULL, NULL, NULL},
    {"interval_part", 2, {"milliseconds", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-9500", NULL, NULL, NULL},
    {"extract_interval", 2, {"second", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "9.123456", NULL, NULL, NULL},
    {"interval_part", 2, {"second", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-9.5", NULL, NULL, NULL},
    {"extract_interval", 2, {"minute", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "8", NULL, NULL, NULL},
    {"interval_part", 2, {"minute", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-8", NULL, NULL, NULL},
    {"extract_interval", 2, {"hour", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "7", NULL, NULL, NULL},
    {"interval_part", 2, {"hour", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-7", NULL, NULL, NULL},
    {"extract_interval", 2, {"day", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "6", NULL, NULL, NULL},
    {"interval_part", 2, {"day", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-6", NULL, NULL, NULL},
    {"extract_interval", 2, {"month", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "5", NULL, NULL, NULL},
    {"interval_part", 2, {"month", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-5", NULL, NULL, NULL},
    {"extract_interval", 2, {"quarter", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "2", NULL, NULL, NULL},
    {"interval_part", 2, {"quarter", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "0", NULL, NULL, NULL},
    {"extract_interval", 2, {"year", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "1234", NULL, NULL, NULL},
    {"interval_part", 2, {"year", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-1", NULL, NULL, NULL},
    {"extract_interval", 2, {"decade", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "123", NULL, NULL, NULL},
    {"interval_part", 2, {"decade", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "0", NULL, NULL, NULL},
    {"extract_interval", 2, {"century", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "12", NULL, NULL, NULL},
    {"interval_part", 2, {"century", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "0", NULL, NULL, NULL},
    {"extract_interval", 2, {"millennium", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "1", NULL, NULL, NULL},
    {"interval_part", 2, {"millennium", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "0", NULL, NULL, NULL},
    {"extract_interval", 2, {"epoch", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "38955582489.123456", NULL, NULL, NULL},
    {"interval_part", 2, {"epoch", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "-45061689.5", NULL, NULL, NULL},
    {"extract_interval", 2, {"dow", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, NULL, "0A000", "unit \"dow\" not supported for type interval", NULL},
    {"interval_part", 2, {"dow", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, NULL, "0A000", "unit \"dow\" not supported for type interval", NULL},
    {"extract_interval", 2, {"foo", "1234 years 5 mons 6 days 07:08:09.123456"}, {OG_OID_TEXT, OG_OID_INTERVAL}, NULL, "22023", "unit \"foo\" not recognized for type interval", NULL},
    {"interval_part", 2, {"foo", "-1 years -5 mons -6 days -07:08:09.5"}, {OG_OID_TEXT, OG_OID_INTERVAL}, NULL, "22023", "unit \"foo\" not recognized for type interval", NULL},
    {"extract_interval", 2, {"epoch", "2147483647 days"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "185542587100800.000000", NULL, NULL, NULL},
    {"extract_interval", 2, {"epoch", "178956970 years 7 mons 2147483647 days 2562047788:00:54.775807"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "5842218453753654.775807", NULL, NULL, NULL},
    {"extract_interval", 2, {"quarter", "-5 mons"}, {OG_OID_TEXT, OG_OID_INTERVAL}, "0", NULL, NULL, NULL},
    {"extract_time", 2, {"microseconds", "13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIME}, "27123456", NULL, NULL, NULL},
    {"time_part", 2, {"microseconds", "23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIME}, "59999999", NULL, NULL, NULL},
    {"extract_time", 2, {"milliseconds", "13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIME}, "27123.456", NULL, NULL, NULL},
    {"time_part", 2, {"milliseconds", "23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIME}, "59999.999", NULL, NULL, NULL},
    {"extract_time", 2, {"second", "13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIME}, "27.123456", NULL, NULL, NULL},
    {"time_part", 2, {"second", "23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIME}, "59.999999", NULL, NULL, NULL},
    {"extract_time", 2, {"minute", "13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIME}, "45", NULL, NULL, NULL},
    {"time_part", 2, {"minute", "23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIME}, "59", NULL, NULL, NULL},
    {"extract_time", 2, {"hour", "13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIME}, "13", NULL, NULL, NULL},
    {"time_part", 2, {"hour", "23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIME}, "23", NULL, NULL, NULL},
    {"extract_time", 2, {"epoch", "13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIME}, "49527.123456", NULL, NULL, NULL},
    {"time_part", 2, {"epoch", "23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIME}, "86399.999999", NULL, NULL, NULL},
    {"extract_time", 2, {"day", "13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIME}, NULL, "0A000", "unit \"day\" not supported for type time without time zone", NULL},
    {"time_part", 2, {"day", "23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIME}, NULL, "0A000", "unit \"day\" not supported for type time without time zone", NULL},
    {"extract_time", 2, {"foo", "13:45:27.123456"}, {OG_OID_TEXT, OG_OID_TIME}, NULL, "22023", "unit \"foo\" not recognized for type time without time zone", NULL},
    {"time_part", 2, {"foo", "23:59:59.999999"}, {OG_OID_TEXT, OG_OID_TIME}, NULL, "22023", "unit \"foo\" not recognized for type time without time zone", NULL},
    {"timestamp_age", 2, {"2020-03-01", "2020-01-31 12:00"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "1 mon 12:00:00", NULL, NULL, NULL},
    {"timestamp_age", 2, {"2020-01-31 12:00", "2020-03-01"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "-1 mons -12:00:00", NULL, NULL, NULL},
    {"timestamp_age", 2, {"2021-02-28", "2020-02-29 23:59:59.5"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "11 mons 27 days 00:00:00.5", NULL, NULL, NULL},
    {"timestamp_age", 2, {"2020-01-01", "2020-01-01"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "00:00:00", NULL, NULL, NULL},
    {"timestamp_age", 2, {"2001-04-10", "1957-06-13"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "43 years 9 mons 27 days", NULL, NULL, NULL},
    {"timestamp_age", 2, {"1957-06-13", "2001-04-10 01:02:03"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "-43 years -9 mons -27 days -01:02:03", NULL, NULL, NULL},
    {"timestamp_age", 2, {"2020-03-31", "2020-02-29"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "1 mon 2 days", NULL, NULL, NULL},
    {"timestamp_age", 2, {"2020-02-29", "2020-03-31"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "-1 mons -2 days", NULL, NULL, NULL},
    {"timestamptz_age", 2, {"2020-04-01 00:00+02", "2020-03-01 00:00+01"}, {OG_OID_TIMESTAMPTZ, OG_OID_TIMESTAMPTZ}, "1 mon", NULL, NULL, "Europe/Paris"},
    {"timestamptz_age", 2, {"2020-04-01 00:00+02", "2020-03-01 00:00+01"}, {OG_OID_TIMESTAMPTZ, OG_OID_TIMESTAMPTZ}, "1 mon 1 day 23:00:00", NULL, NULL, "UTC"},
    {"timestamptz_age", 2, {"2020-03-29 03:00+02", "2020-03-28 02:30+01"}, {OG_OID_TIMESTAMPTZ, OG_OID_TIMESTAMPTZ}, "1 day 00:30:00", NULL, NULL, "Europe/Paris"},
    {"interval_justify_days", 1, {"35 days -1 hour"}, {OG_OID_INTERVAL}, "1 mon 5 days -01:00:00", NULL, NULL, NULL},
    {"interval_justify_hours", 1, {"35 days -1 hour"}, {OG_OID_INTERVAL}, "34 days 23:00:00", NULL, NULL, NULL},
    {"interval_justify_interval", 1, {"35 days -1 hour"}, {OG_OID_INTERVAL}, "1 mon 4 days 23:00:00", NULL, NULL, NULL},
    {"interval_justify_days", 1, {"-1 day 25 hours"}, {OG_OID_INTERVAL}, "-1 days +25:00:00", NULL, NULL, NULL},
    {"interval_justify_hours", 1, {"-1 day 25 hours"}, {OG_OID_INTERVAL}, "01:00:00", NULL, NULL, NULL},
    {"interval_justify_interval", 1, {"-1 day 25 hours"}, {OG_OID_INTERVAL}, "01:00:00", NULL, NULL, NULL},
    {"interval_justify_days", 1, {"1 mon -1 hour"}, {OG_OID_INTERVAL}, "1 mon -01:00:00", NULL, NULL, NULL},
    {"interval_justify_hours", 1, {"1 mon -1 hour"}, {OG_OID_INTERVAL}, "1 mon -01:00:00", NULL, NULL, NULL},
    {"interval_justify_interval", 1, {"1 mon -1 hour"}, {OG_OID_INTERVAL}, "29 days 23:00:00", NULL, NULL, NULL},
    {"interval_justify_days", 1, {"-1 mon 40 days"}, {OG_OID_INTERVAL}, "10 days", NULL, NULL, NULL},
    {"interval_justify_hours", 1, {"-1 mon 40 days"}, {OG_OID_INTERVAL}, "-1 mons +40 days", NULL, NULL, NULL},
    {"interval_justify_interval", 1, {"-1 mon 40 days"}, {OG_OID_INTERVAL}, "10 days", NULL, NULL, NULL},
    {"interval_justify_days", 1, {"1 mon -30 days -1 hour"}, {OG_OID_INTERVAL}, "-01:00:00", NULL, NULL, NULL},
    {"interval_justify_hours", 1, {"1 mon -30 days -1 hour"}, {OG_OID_INTERVAL}, "1 mon -30 days -01:00:00", NULL, NULL, NULL},
    {"interval_justify_interval", 1, {"1 mon -30 days -1 hour"}, {OG_OID_INTERVAL}, "-01:00:00", NULL, NULL, NULL},
    {"interval_justify_days", 1, {"-70 days 49:00"}, {OG_OID_INTERVAL}, "-2 mons -10 days +49:00:00", NULL, NULL, NULL},
    {"interval_justify_hours", 1, {"-70 days 49:00"}, {OG_OID_INTERVAL}, "-67 days -23:00:00", NULL, NULL, NULL},
    {"interval_justify_interval", 1, {"-70 days 49:00"}, {OG_OID_INTERVAL}, "-2 mons -7 days -23:00:00", NULL, NULL, NULL},
    {"interval_justify_days", 1, {"0"}, {OG_OID_INTERVAL}, "00:00:00", NULL, NULL, NULL},
    {"interval_justify_hours", 1, {"0"}, {OG_OID_INTERVAL}, "00:00:00", NULL, NULL, NULL},
    {"interval_justify_interval", 1, {"0"}, {OG_OID_INTERVAL}, "00:00:00", NULL, NULL, NULL},
    {"make_date", 3, {"2013", "7", "15"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "2013-07-15", NULL, NULL, NULL},
    {"make_date", 3, {"-44", "3", "15"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "0044-03-15 BC", NULL, NULL, NULL},
    {"make_date", 3, {"0", "7", "15"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, NULL, "22008", "date field value out of range: 0-07-15", NULL},
    {"make_date", 3, {"2013", "2", "30"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, NULL, "22008", "date field value out of range: 2013-02-30", NULL},
    {"make_date", 3, {"2012", "2", "29"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "2012-02-29", NULL, NULL, NULL},
    {"make_date", 3, {"2013", "13", "1"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, NULL, "22008", "date field value out of range: 2013-13-01", NULL},
    {"make_date", 3, {"-4714", "11", "24"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "4714-11-24 BC", NULL, NULL, NULL},
    {"make_date", 3, {"-4714", "11", "23"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, NULL, "22008", "date out of range: -4713-11-23", NULL},
    {"make_date", 3, {"5874897", "12", "31"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, "5874897-12-31", NULL, NULL, NULL},
    {"make_date", 3, {"5874898", "1", "1"}, {OG_OID_INT4, OG_OID_INT4, OG_OID_INT4}, NULL, "22008", "date out of range: 5874898-01-01", NULL},
    {"date_finite", 1, {"infinity"}, {OG_OID_DATE}, "false", NULL, NULL, NULL},
    {"date_finite", 1, {"2020-01-01"}, {OG_OID_DATE}, "true", NULL, NULL, NULL},
    {"timestamp_finite", 1, {"-infinity"}, {OG_OID_TIMESTAMP}, "false", NULL, NULL, NULL},
    {"timestamptz_finite", 1, {"2020-01-01 00:00+00"}, {OG_OID_TIMESTAMPTZ}, "true", NULL, NULL, NULL},
    {"interval_finite", 1, {"1 day"}, {OG_OID_INTERVAL}, "true", NULL, NULL, NULL},
    {"date_pli", 2, {"2020-02-28", "2"}, {OG_OID_DATE, OG_OID_INT4}, "2020-03-01", NULL, NULL, NULL},
    {"date_pli", 2, {"infinity", "2"}, {OG_OID_DATE, OG_OID_INT4}, "infinity", NULL, NULL, NULL},
    {"date_pli", 2, {"5874897-12-31", "1"}, {OG_OID_DATE, OG_OID_INT4}, NULL, "22008", "date out of range", NULL},
    {"date_pli", 2, {"4714-11-24 BC", "-1"}, {OG_OID_DATE, OG_OID_INT4}, NULL, "22008", "date out of range", NULL},
    {"integer_pl_date", 2, {"-366", "2020-12-31"}, {OG_OID_INT4, OG_OID_DATE}, "2019-12-31", NULL, NULL, NULL},
    {"date_mii", 2, {"2020-03-01", "1"}, {OG_OID_DATE, OG_OID_INT4}, "2020-02-29", NULL, NULL, NULL},
    {"date_mi", 2, {"2020-01-01", "2019-01-01"}, {OG_OID_DATE, OG_OID_DATE}, "365", NULL, NULL, NULL},
    {"date_mi", 2, {"2019-01-01", "2020-03-01"}, {OG_OID_DATE, OG_OID_DATE}, "-425", NULL, NULL, NULL},
    {"date_mi", 2, {"infinity", "2020-01-01"}, {OG_OID_DATE, OG_OID_DATE}, NULL, "22008", "cannot subtract infinite dates", NULL},
    {"date_pl_interval", 2, {"2020-01-31", "1 month 1 hour"}, {OG_OID_DATE, OG_OID_INTERVAL}, "2020-02-29 01:00:00", NULL, NULL, NULL},
    {"interval_pl_date", 2, {"-1 day", "2020-03-01"}, {OG_OID_INTERVAL, OG_OID_DATE}, "2020-02-29 00:00:00", NULL, NULL, NULL},
    {"date_mi_interval", 2, {"2020-03-31", "1 month"}, {OG_OID_DATE, OG_OID_INTERVAL}, "2020-02-29 00:00:00", NULL, NULL, NULL},
    {"date_pl_interval", 2, {"294276-12-31", "1 day"}, {OG_OID_DATE, OG_OID_INTERVAL}, NULL, "22008", "timestamp out of range", NULL},
    {"date_pl_interval", 2, {"infinity", "1 day"}, {OG_OID_DATE, OG_OID_INTERVAL}, "infinity", NULL, NULL, NULL},
    {"datetime_pl", 2, {"2020-01-31", "12:34:56.5"}, {OG_OID_DATE, OG_OID_TIME}, "2020-01-31 12:34:56.5", NULL, NULL, NULL},
    {"timedate_pl", 2, {"23:59", "2020-01-31"}, {OG_OID_TIME, OG_OID_DATE}, "2020-01-31 23:59:00", NULL, NULL, NULL},
    {"timestamp_pl_interval", 2, {"2020-01-31 10:00", "1 month"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, "2020-02-29 10:00:00", NULL, NULL, NULL},
    {"timestamp_pl_interval", 2, {"2020-01-31 10:00", "13 months 30 days 25:00:00.000001"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, "2021-03-31 11:00:00.000001", NULL, NULL, NULL},
    {"timestamp_pl_interval", 2, {"2020-03-31 10:00", "-1 month -1 day -1 hour"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, "2020-02-28 09:00:00", NULL, NULL, NULL},
    {"timestamp_pl_interval", 2, {"2020-01-01", "-24 months"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, "2018-01-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_pl_interval", 2, {"2020-01-01", "-25 months"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, "2017-12-01 00:00:00", NULL, NULL, NULL},
    {"timestamp_pl_interval", 2, {"infinity", "1 day"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, "infinity", NULL, NULL, NULL},
    {"timestamp_pl_interval", 2, {"294276-12-31 23:00", "1 hour"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, NULL, "22008", "timestamp out of range", NULL},
    {"timestamp_pl_interval", 2, {"2020-01-01", "1000000000 days"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, NULL, "22008", "timestamp out of range", NULL},
    {"timestamp_pl_interval", 2, {"0001-01-01", "-1 day"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, "0001-12-31 00:00:00 BC", NULL, NULL, NULL},
    {"interval_pl_timestamp", 2, {"1 year", "2020-02-29"}, {OG_OID_INTERVAL, OG_OID_TIMESTAMP}, "2021-02-28 00:00:00", NULL, NULL, NULL},
    {"timestamp_mi_interval", 2, {"2020-03-31 10:00", "1 month 1 day 1 hour"}, {OG_OID_TIMESTAMP, OG_OID_INTERVAL}, "2020-02-28 09:00:00", NULL, NULL, NULL},
    {"timestamp_mi", 2, {"2020-01-02 03:00", "2020-01-01 04:00"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "23:00:00", NULL, NULL, NULL},
    {"timestamp_mi", 2, {"2020-01-01", "2020-01-02 03:00"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "-1 days -03:00:00", NULL, NULL, NULL},
    {"timestamp_mi", 2, {"2021-01-01", "2020-01-01"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "366 days", NULL, NULL, NULL},
    {"timestamp_mi", 2, {"infinity", "2020-01-01"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, NULL, "22008", "cannot subtract infinite timestamps", NULL},
    {"timestamp_mi", 2, {"294276-01-01", "4713-01-01 BC"}, {OG_OID_TIMESTAMP, OG_OID_TIMESTAMP}, "-104300858 days -08:01:49.551616", NULL, NULL, NULL},
    {"timestamptz_pl_interval", 2, {"2020-03-28 12:00+01", "1 day"}, {OG_OID_TIMESTAMPTZ, OG_OID_INTERVAL}, "2020-03-29 12:00:00+02", NULL, NULL, "Europe/Paris"},
    {"timestamptz_pl_interval", 2, {"2020-03-28 12:00+01", "24 hours"}, {OG_OID_TIMESTAMPTZ, OG_OID_INTERVAL}, "2020-03-29 13:00:00+02", NULL, NULL, "Europe/Paris"},
    {"timestamptz_pl_interval", 2, {"2020-03-28 02:30+01", "1 day"}, {OG_OID_TIMESTAMPTZ, OG_OID_INTERVAL}, "2020-03-29 03:30:00+02", NULL, NULL, "Europe/Paris"},
    {"timestamptz_pl_interval", 2, {"2020-02-29 02:30+01", "1 month"}, {OG_OID_TIMESTAMPTZ, OG_OID_INTERVAL}, "2020-03-29 03:30:00+02", NULL, NULL, "Europe/Paris"},
    {"timestamptz_pl_interval", 2, {"2020-10-24 02:30+02", "1 day"}, {OG_OID_TIMESTAMPTZ, OG_OID_INTERVAL}, "2020-10-25 02:30:00+01", NULL, NULL, "Europe/Paris"},
    {"timestamptz_pl_interval", 2, {"2020-01-31 23:30+00", "1 month 1 day"}, {OG_OID_TIMESTAMPTZ, OG_OID_INTERVAL}, "2020-03-01 15:30:00-08", NULL, NULL, "America/Los_Angeles"},
    {"interval_pl_timestamptz", 2, {"1 mon", "2020-03-01 00:00+01"}, {OG_OID_INTERVAL, OG_OID_TIMESTAMPTZ}, "2020-04-01 00:00:00+02", NULL, NULL, "Europe/Paris"},
    {"timestamptz_mi_interval", 2, {"2020-03-30 12:00+02", "1 day"}, {OG_OID_TIMESTAMPTZ, OG_OID_INTERVAL}, "2020-03-29 12:00:00+02", NULL, NULL, "Europe/Paris"},
    {"timestamptz_mi", 2, {"2020-04-01 00:00+02", "2020-03-01 00:00+01"}, {OG_OID_TIMESTAMPTZ, OG_OID_TIMESTAMPTZ}, "30 days 23:00:00", NULL, NULL, "Europe/Paris"},
    {"timestamptz_mi", 2, {"-infinity", "2020-03-01 00:00+01"}, {OG_OID_TIMESTAMPTZ, OG_OID_TIMESTAMPTZ}, NULL, "22008", "cannot subtract infinite timestamps", "Europe/Paris"},
    {"interval_pl", 2, {"1 mon 2 days 03:00", "-2 mons 1 day 22:00"}, {OG_OID_INTERVAL, OG_OID_INTERVAL}, "-1 mons +3 days 25:00:00", NULL, NULL, NULL},
    {"interval_pl", 2, {"2147483647 mons", "1 mon"}, {OG_OID_INTERVAL, OG_OID_INTERVAL}, NULL, "22008", "interval out of range", NULL},
    {"interval_mi", 2, {"1 mon 2 days 03:00", "-2 mons 1 day 22:00"}, {OG_OID_INTERVAL, OG_OID_INTERVAL}, "3 mons 1 day -19:00:00", NULL, NULL, NULL},
    {"interval_mi", 2, {"-2147483648 days", "1 day"}, {OG_OID_INTERVAL, OG_OID_INTERVAL}, NULL, "22008", "interval out of range", NULL},
    {"interval_um", 1, {"1 mon -2 days 03:00"}, {OG_OID_INTERVAL}, "-1 mons +2 days -03:00:00", NULL, NULL, NULL},
    {"interval_um", 1, {"-2147483648 days"}, {OG_OID_INTERVAL}, NULL, "22008", "interval out of range", NULL},
    {"interval_mul", 2, {"1 mon 2 days", "1.5"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, "1 mon 18 days", NULL, NULL, NULL},
    {"interval_mul", 2, {"1 hour", "1e-7"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, "00:00:00.00036", NULL, NULL, NULL},
    {"interval_mul", 2, {"1 mon 1 day 01:00", "-0.3"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, "-9 days -07:30:00", NULL, NULL, NULL},
    {"interval_mul", 2, {"1 mon", "1e10"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, NULL, "22008", "interval out of range", NULL},
    {"interval_mul", 2, {"1 day", "NaN"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, NULL, "22008", "interval out of range", NULL},
    {"interval_mul", 2, {"29 days 23:59:59", "3.3"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, "95 days 95:59:56.7", NULL, NULL, NULL},
    {"mul_d_interval", 2, {"2.5", "1 mon 01:00"}, {OG_OID_FLOAT8, OG_OID_INTERVAL}, "2 mons 15 days 02:30:00", NULL, NULL, NULL},
    {"interval_div", 2, {"1 mon", "7"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, "4 days 06:51:25.6896", NULL, NULL, NULL},
    {"interval_div", 2, {"1 day", "0.3"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, "3 days 08:00:00", NULL, NULL, NULL},
    {"interval_div", 2, {"-3 mons -5 days -10:00", "4"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, "-23 days -20:30:00", NULL, NULL, NULL},
    {"interval_div", 2, {"1 day", "0"}, {OG_OID_INTERVAL, OG_OID_FLOAT8}, NULL, "22012", "division by zero", NULL},
    {"time_pl_interval", 2, {"23:00", "2 hours"}, {OG_OID_TIME, OG_OID_INTERVAL}, "01:00:00", NULL, NULL, NULL},
    {"time_pl_interval", 2, {"23:00", "1 mon 3 days -25:00:00.5"}, {OG_OID_TIME, OG_OID_INTERVAL}, "21:59:59.5", NULL, NULL, NULL},
    {"interval_pl_time", 2, {"-2 hours", "01:00"}, {OG_OID_INTERVAL, OG_OID_TIME}, "23:00:00", NULL, NULL, NULL},
    {"time_mi_interval", 2, {"01:00", "2 hours"}, {OG_OID_TIME, OG_OID_INTERVAL}, "23:00:00", NULL, NULL, NULL},
    {"time_mi_time", 2, {"01:00", "23:00:00.5"}, {OG_OID_TIME, OG_OID_TIME}, "-22:00:00.5", NULL, NULL, NULL},
};
/* clang-format on */

static void test_datetime_cases(void **state)
{
    run_cases(datetime_cases, sizeof(datetime_cases) / sizeof(datetime_cases[0]), 0);
}

/* now() and friends at a transaction that started 2020-03-29 00:30:00.25 UTC:
 * set timezone=...; select ('2020-03-29 00:30:00.25+00'::timestamptz at time zone ...) */
static void test_now(void **state)
{
    int64_t now = decode(OG_OID_TIMESTAMPTZ, "2020-03-29 00:30:00.25+00", "UTC").u.i;
    static const fn_case cases[] = {
        {"now", 0, {NULL}, {0}, "2020-03-29 01:30:00.25+01", NULL, NULL, "Europe/Paris"},
        {"transaction_timestamp", 0, {NULL}, {0}, "2020-03-29 00:30:00.25+00", NULL, NULL, "UTC"},
        {"statement_timestamp", 0, {NULL}, {0}, "2020-03-28 20:30:00.25-04", NULL, NULL, "America/New_York"},
        {"current_date", 0, {NULL}, {0}, "2020-03-28", NULL, NULL, "America/New_York"},
        {"current_date", 0, {NULL}, {0}, "2020-03-29", NULL, NULL, "Europe/Paris"},
        {"localtimestamp", 0, {NULL}, {0}, "2020-03-29 01:30:00.25", NULL, NULL, "Europe/Paris"},
        {"localtime", 0, {NULL}, {0}, "06:00:00.25", NULL, NULL, "Asia/Kolkata"},
        /* age(x) = age(current_date::timestamp[tz], x): 2020-03-28 in New York */
        {"timestamp_age1",
         1,
         {"2019-01-15 12:00"},
         {OG_OID_TIMESTAMP},
         "1 year 2 mons 12 days 12:00:00",
         NULL,
         NULL,
         "America/New_York"},
        {"timestamptz_age1",
         1,
         {"2019-01-15 12:00-05"},
         {OG_OID_TIMESTAMPTZ},
         "1 year 2 mons 12 days 12:00:00",
         NULL,
         NULL,
         "America/New_York"},
    };
    run_cases(cases, sizeof(cases) / sizeof(cases[0]), now);
}

/* clock_timestamp() is the real clock: after the start of this test, within a minute. */
static void test_clock_timestamp(void **state)
{
    const orm_fn *fn = family_find("clock_timestamp");
    orm_eval_ctx cx = {"UTC", 0, 0};
    og_value out;
    og_error err = OG_ERROR_INIT;
    int64_t before = decode(OG_OID_TIMESTAMPTZ, "now", "UTC").u.i;
    assert_true(fn->flags & ORM_FN_VOLATILE);
    assert_true(call(fn, &cx, NULL, 0, &out, &err));
    assert_int_equal(out.oid, OG_OID_TIMESTAMPTZ);
    assert_true(out.u.i >= before - 1000000 && out.u.i < before + 60 * INT64_C(1000000));
}

static int setup(void **state)
{
    px_textio_install();
    og_arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    og_arena_reset(&arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_datetime_cases),
        cmocka_unit_test(test_now),
        cmocka_unit_test(test_clock_timestamp),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
