/*
 * tests/unit/fn_case.h - the table-driven case runner of the function-family tests
 * (test_fn_text.c, test_fn_datetime.c, test_fn_json.c): a case is a call by sym with
 * arguments in PostgreSQL's text form and the expected output text or SQLSTATE, as the
 * real PostgreSQL 15 answered. Include it after defining FAMILY (the orm_fn_table of
 * the family under test) and including cmocka, orm/fn_int.h and proxy/textio.h.
 */
#ifndef TESTS_FN_CASE_H
#define TESTS_FN_CASE_H


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

#endif
