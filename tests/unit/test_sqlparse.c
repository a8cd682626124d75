/*
 * tests/unit/test_sqlparse.c - orm/sqlparse: libpg_query wrapper, error
 * positions and the nesting guard.
 *
 * Positions are checked against what PostgreSQL 15 itself reports (1-based
 * characters, not bytes). The deep and long statements run on a thread with
 * ORM_PARSE_STACK_SIZE of stack, as the server's parsing threads do: cmocka
 * runs each test on the main thread, whose 8 MB stack is not the contract.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "orm/sqlparse.h"

/* ---------------------------------------------------------------- helpers */

/* The text of statement i, copied into buf. */
static const char *span_text(const orm_parsed *p, size_t i, char *buf, size_t cap)
{
    size_t off, len;
    orm_sql_stmt_span(p, i, &off, &len);
    assert_true(off + len <= strlen(p->sql));
    assert_true(len < cap);
    memcpy(buf, p->sql + off, len);
    buf[len] = '\0';
    return buf;
}

/* Parse expecting a syntax error at 1-based character position pos. */
static void assert_syntax_error(const char *sql, int pos)
{
    orm_parsed p;
    og_error err = OG_ERROR_INIT;
    if (orm_sql_parse(sql, &p, &err)) {
        orm_sql_parsed_free(&p);
        fail_msg("accepted: %s", sql);
    }
    assert_null(p.tree);
    assert_string_equal(err.code, "42601");
    assert_string_equal(err.severity, "ERROR");
    assert_non_null(strstr(err.message, "syntax error"));
    if (err.position != pos)
        fail_msg("%s: position %d, PostgreSQL says %d", sql, err.position, pos);
    og_error_clear(&err);
    orm_sql_parsed_free(&p); /* harmless on a failed parse */
}

/* A job for a parsing thread: parse sql, keep the outcome. */
typedef struct job {
    const char *sql;
    bool ok;
    size_t nstmts;
    og_error err;
} job;

static void *parse_job(void *arg)
{
    job *j = arg;
    orm_parsed p;
    j->ok = orm_sql_parse(j->sql, &p, &j->err);
    if (j->ok) {
        j->nstmts = p.tree->n_stmts;
        orm_sql_parsed_free(&p);
    }
    return NULL;
}

/* Parse sql on a thread with the stack the server gives its parsing threads. */
static job parse_on_thread(const char *sql)
{
    job j = {.sql = sql, .err = OG_ERROR_INIT};
    pthread_attr_t attr;
    pthread_t t;
    assert_int_equal(pthread_attr_init(&attr), 0);
    assert_int_equal(pthread_attr_setstacksize(&attr, ORM_PARSE_STACK_SIZE), 0);
    assert_int_equal(pthread_create(&t, &attr, parse_job, &j), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    pthread_attr_destroy(&attr);
    return j;
}

/* A growable string for generated statements. */
typedef struct str {
    char *s;
    size_t n, cap;
} str;

static void s_add(str *b, const char *t)
{
    size_t l = strlen(t);
    if (b->n + l + 1 > b->cap) {
        b->cap = (b->n + l + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->n, t, l + 1);
    b->n += l;
}

static void s_repeat(str *b, const char *t, size_t times)
{
    for (size_t i = 0; i < times; i++)
        s_add(b, t);
}

/* ---------------------------------------------------------------- parsing */

static void test_parse_statements_and_spans(void **state)
{
    const char *sql = "SELECT 1;  \n\tSELECT 'a;b' AS x; BEGIN;SET search_path = public";
    orm_parsed p;
    og_error err = OG_ERROR_INIT;
    assert_true(orm_sql_parse(sql, &p, &err));
    assert_ptr_equal(p.sql, sql);
    assert_non_null(p.tree);
    assert_int_equal(p.tree->n_stmts, 4);
    assert_int_equal(p.tree->stmts[0]->stmt->node_case, PG_QUERY__NODE__NODE_SELECT_STMT);
    assert_int_equal(p.tree->stmts[1]->stmt->node_case, PG_QUERY__NODE__NODE_SELECT_STMT);
    assert_int_equal(p.tree->stmts[2]->stmt->node_case, PG_QUERY__NODE__NODE_TRANSACTION_STMT);
    assert_int_equal(p.tree->stmts[3]->stmt->node_case, PG_QUERY__NODE__NODE_VARIABLE_SET_STMT);

    char buf[128];
    assert_string_equal(span_text(&p, 0, buf, sizeof(buf)), "SELECT 1");
    /* leading whitespace skipped; a semicolon inside a literal is not a separator */
    assert_string_equal(span_text(&p, 1, buf, sizeof(buf)), "SELECT 'a;b' AS x");
    assert_string_equal(span_text(&p, 2, buf, sizeof(buf)), "BEGIN");
    /* the last statement runs to the end of the text */
    assert_string_equal(span_text(&p, 3, buf, sizeof(buf)), "SET search_path = public");
    size_t off, len;
    orm_sql_stmt_span(&p, 1, &off, &len);
    assert_int_equal(off, 13);
    orm_sql_parsed_free(&p);
    assert_null(p.tree);
    orm_sql_parsed_free(&p); /* twice is harmless */
}

static void test_parse_trailing_semicolon_and_multibyte_spans(void **state)
{
    /* spans are byte offsets: a multibyte literal before a statement shifts them in bytes */
    const char *sql = "SELECT 'ééé';\nSELECT 'ü' AS \"ö\";";
    orm_parsed p;
    og_error err = OG_ERROR_INIT;
    assert_true(orm_sql_parse(sql, &p, &err));
    assert_int_equal(p.tree->n_stmts, 2);
    char buf[128];
    assert_string_equal(span_text(&p, 0, buf, sizeof(buf)), "SELECT 'ééé'");
    assert_string_equal(span_text(&p, 1, buf, sizeof(buf)), "SELECT 'ü' AS \"ö\"");
    orm_sql_parsed_free(&p);
}

static void test_parse_empty(void **state)
{
    static const char *const empties[] = {"", "   ", ";", " ; ;\n", "-- just a comment", "/* c */"};
    for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
        orm_parsed p;
        og_error err = OG_ERROR_INIT;
        if (!orm_sql_parse(empties[i], &p, &err))
            fail_msg("\"%s\": %s", empties[i], err.message);
        assert_int_equal(p.tree->n_stmts, 0);
        orm_sql_parsed_free(&p);
    }
}

/* ---------------------------------------------------------------- errors */

static void test_syntax_error_positions(void **state)
{
    /* each position as PostgreSQL 15 reports it */
    assert_syntax_error("SELEC 1", 1);
    assert_syntax_error("SELECT 1 FROM", 14);           /* at end of input: one past the last character */
    assert_syntax_error("SELECT 1; SELECT 2 +", 21);    /* in the second statement, counted from the start */
    assert_syntax_error("SELECT * FROM t WHERE", 22);
    assert_syntax_error("SELECT (1", 10);
    assert_syntax_error("  \n  SELECT 1 1", 15);
}

static void test_syntax_error_position_after_multibyte(void **state)
{
    /* PostgreSQL: SELECT 'ééé' FROM WHERE -> ERROR 42601 at character 19 (WHERE), not byte 23 */
    assert_syntax_error("SELECT 'ééé' FROM WHERE", 19);
    /* a 4-byte character and a 3-byte one */
    assert_syntax_error("SELECT '\xf0\x9f\x98\x80', '\xe2\x82\xac' , FROM t", 19);
    assert_syntax_error("SELECT 'ü'; SELEKT 1", 13);
}

static void test_char_position(void **state)
{
    assert_int_equal(orm_sql_char_position("abc", 0), 1);
    assert_int_equal(orm_sql_char_position("abc", 2), 3);
    /* é is two bytes: byte 3 ('l') is the third character */
    assert_int_equal(orm_sql_char_position("h\xc3\xa9llo", 3), 3);
    assert_int_equal(orm_sql_char_position("h\xc3\xa9llo", 1), 2);
    /* a 4-byte character counts once */
    assert_int_equal(orm_sql_char_position("\xf0\x9f\x98\x80x", 4), 2);
    /* past the end: stops at the terminator */
    assert_int_equal(orm_sql_char_position("ab", 100), 3);
}

static void test_unterminated_literal(void **state)
{
    orm_parsed p;
    og_error err = OG_ERROR_INIT;
    assert_false(orm_sql_parse("SELECT 'abc", &p, &err));
    assert_string_equal(err.code, "42601");
    assert_non_null(strstr(err.message, "unterminated quoted string"));
    assert_int_equal(err.position, 8);
    og_error_clear(&err);
}

/* ---------------------------------------------------------------- depth guard */

static void test_deep_chain_refused(void **state)
{
    /* SELECT 1+1+...+1, 100,000 terms: a left-deep tree 100,000 levels deep */
    str b = {0};
    s_add(&b, "SELECT 1");
    s_repeat(&b, "+1", 100000);
    job j = parse_on_thread(b.s);
    assert_false(j.ok);
    assert_string_equal(j.err.code, "54001");
    assert_string_equal(j.err.message, "stack depth limit exceeded");
    assert_non_null(j.err.hint);
    og_error_clear(&j.err);
    free(b.s);
}

static void test_deep_parentheses_refused(void **state)
{
    str b = {0};
    s_add(&b, "SELECT ");
    s_repeat(&b, "(", 20000);
    s_add(&b, "1");
    s_repeat(&b, ")", 20000);
    job j = parse_on_thread(b.s);
    assert_false(j.ok);
    assert_string_equal(j.err.code, "54001");
    og_error_clear(&j.err);
    free(b.s);

    /* deep parentheses around a chain inside a larger query */
    b = (str){0};
    s_add(&b, "SELECT a FROM t WHERE a = ");
    s_repeat(&b, "(1 + ", 15000);
    s_add(&b, "1");
    s_repeat(&b, ")", 15000);
    j = parse_on_thread(b.s);
    assert_false(j.ok);
    assert_string_equal(j.err.code, "54001");
    og_error_clear(&j.err);
    free(b.s);
}

/* Deep but under the limit: parsed, on the server's stack size. */
static void test_moderately_deep_accepted(void **state)
{
    str b = {0};
    s_add(&b, "SELECT 1");
    s_repeat(&b, "+1", 5000);
    job j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("5000-term chain refused: %s %s", j.err.code, j.err.message);
    assert_int_equal(j.nstmts, 1);
    free(b.s);

    b = (str){0};
    s_add(&b, "SELECT ");
    s_repeat(&b, "(", 2000);
    s_add(&b, "1");
    s_repeat(&b, ")", 2000);
    j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("2000 nested parentheses refused: %s %s", j.err.code, j.err.message);
    free(b.s);
}

/* Just under ORM_PARSE_MAX_DEPTH: the guard lets it through, so the parsing
 * thread's stack must really hold it (the promise behind ORM_PARSE_STACK_SIZE). */
static void test_near_limit_chain_accepted(void **state)
{
    str b = {0};
    s_add(&b, "SELECT 1");
    s_repeat(&b, "+1", ORM_PARSE_MAX_DEPTH - 100);
    job j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("%d-term chain refused: %s %s", ORM_PARSE_MAX_DEPTH - 100, j.err.code, j.err.message);
    free(b.s);
}

/* 12,000 nested parentheses pass the token estimate but exceed bison's own
 * stack (YYMAXDEPTH 10,000): that "memory exhausted" is also 54001, not 42601. */
static void test_bison_stack_limit_is_54001(void **state)
{
    str b = {0};
    s_add(&b, "SELECT ");
    s_repeat(&b, "(", 12000);
    s_add(&b, "1");
    s_repeat(&b, ")", 12000);
    assert_true(orm_sql_depth_estimate(b.s) <= ORM_PARSE_MAX_DEPTH);
    job j = parse_on_thread(b.s);
    assert_false(j.ok);
    assert_string_equal(j.err.code, "54001");
    og_error_clear(&j.err);
    free(b.s);
}

/* Every shape of nesting, as deep as the guard admits (or a little past it):
 * parsed or refused with 54001, never a crash of the parsing thread. */
static void test_deepest_admissible_forms_do_not_crash(void **state)
{
    static const struct {
        const char *head, *open, *mid, *close;
        size_t levels;
    } forms[] = {
        {"SELECT ", "f(", "1", ")", ORM_PARSE_MAX_DEPTH - 10},          /* function calls */
        {"SELECT ARRAY", "[", "1", "]", ORM_PARSE_MAX_DEPTH - 10},      /* nested array literals */
        {"SELECT ", "- ", "1", "", ORM_PARSE_MAX_DEPTH - 10},           /* unary minus */
        {"SELECT ", "NOT ", "true", "", ORM_PARSE_MAX_DEPTH - 10},      /* NOT */
        {"SELECT ", "(SELECT ", "1", ")", ORM_PARSE_MAX_DEPTH / 2 - 10}, /* scalar subqueries */
        {"SELECT ", "CASE WHEN true THEN ", "1", " END", ORM_PARSE_MAX_DEPTH / 4 - 10},
        {"SELECT 1", "::int", "", "", ORM_PARSE_MAX_DEPTH - 10},        /* casts */
        {"SELECT ", "ROW(", "1", ")", ORM_PARSE_MAX_DEPTH / 2 - 10},
    };
    for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++)
        for (size_t extra = 0; extra <= 20; extra += 20) {
            str b = {0};
            s_add(&b, forms[f].head);
            s_repeat(&b, forms[f].open, forms[f].levels + extra);
            s_add(&b, forms[f].mid);
            s_repeat(&b, forms[f].close, forms[f].levels + extra);
            job j = parse_on_thread(b.s); /* a crash here is the failure */
            if (!j.ok && strcmp(j.err.code, "54001") != 0)
                fail_msg("form %zu (%s...): %s %s", f, forms[f].open, j.err.code, j.err.message);
            og_error_clear(&j.err);
            free(b.s);
        }
}

static void test_long_in_list_accepted(void **state)
{
    str b = {0};
    s_add(&b, "SELECT 1 WHERE x IN (");
    char num[16];
    for (int i = 1; i <= 50000; i++) {
        snprintf(num, sizeof(num), i == 1 ? "%d" : ",%d", i);
        s_add(&b, num);
    }
    s_add(&b, ")");
    job j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("IN list of 50000 refused: %s %s", j.err.code, j.err.message);
    assert_int_equal(j.nstmts, 1);
    free(b.s);
}

static void test_long_values_accepted(void **state)
{
    str b = {0};
    s_add(&b, "INSERT INTO t (id, name, price) VALUES ");
    char row[64];
    for (int i = 1; i <= 20000; i++) {
        snprintf(row, sizeof(row), "%s(%d, 'name %d', %d.5)", i == 1 ? "" : ", ", i, i, i);
        s_add(&b, row);
    }
    s_add(&b, " RETURNING id");
    job j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("VALUES with 20000 rows refused: %s %s", j.err.code, j.err.message);
    assert_int_equal(j.nstmts, 1);
    free(b.s);

    /* a bare VALUES list with parameters and casts */
    b = (str){0};
    s_add(&b, "VALUES ");
    for (int i = 1; i <= 20000; i++) {
        snprintf(row, sizeof(row), "%s($%d::int)", i == 1 ? "" : ",", i % 100 + 1);
        s_add(&b, row);
    }
    j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("VALUES (20000 rows, casts) refused: %s %s", j.err.code, j.err.message);
    free(b.s);
}

static void test_long_and_chain_accepted(void **state)
{
    /* AND chains are one flat node in PostgreSQL */
    str b = {0};
    s_add(&b, "SELECT 1 FROM t WHERE a");
    s_repeat(&b, " AND a", 30000);
    job j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("30000 ANDed columns refused: %s %s", j.err.code, j.err.message);
    free(b.s);

    /* many statements in one string, none of them deep */
    b = (str){0};
    s_repeat(&b, "SELECT 1 + 2 * 3;", 5000);
    j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("5000 short statements refused: %s %s", j.err.code, j.err.message);
    assert_int_equal(j.nstmts, 5000);
    free(b.s);
}

/* A flat OR of 25,000 comparisons is a flat BoolExpr in PostgreSQL, which
 * parses it (checked on PostgreSQL 15); each "=" must not count as a level of
 * nesting when the comparisons are siblings under AND/OR. */
static void test_flat_or_of_comparisons_accepted(void **state)
{
    str b = {0};
    s_add(&b, "SELECT 1 FROM t WHERE a = 0");
    char term[32];
    for (int i = 1; i < 25000; i++) {
        snprintf(term, sizeof(term), " OR a = %d", i);
        s_add(&b, term);
    }
    job j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("flat OR of 25000 comparisons refused: %s %s", j.err.code, j.err.message);
    assert_int_equal(j.nstmts, 1);
    og_error_clear(&j.err);
    free(b.s);
}

/* The same for an IN list of negative numbers: the lexer makes "-1" an
 * operator and a constant, but the elements are siblings, not a chain
 * (PostgreSQL 15 parses 25,000 of them). */
static void test_in_list_of_negative_numbers_accepted(void **state)
{
    str b = {0};
    s_add(&b, "SELECT 1 WHERE x IN (-1");
    char term[16];
    for (int i = 2; i <= 25000; i++) {
        snprintf(term, sizeof(term), ",-%d", i);
        s_add(&b, term);
    }
    s_add(&b, ")");
    job j = parse_on_thread(b.s);
    if (!j.ok)
        fail_msg("IN list of 25000 negative numbers refused: %s %s", j.err.code, j.err.message);
    og_error_clear(&j.err);
    free(b.s);
}

static void test_depth_estimate(void **state)
{
    size_t d1 = orm_sql_depth_estimate("SELECT 1");
    assert_true(d1 >= 1 && d1 < 10);
    assert_int_equal(orm_sql_depth_estimate(""), 0);

    /* chains and nesting grow the estimate at least linearly */
    str b = {0};
    s_add(&b, "SELECT 1");
    s_repeat(&b, "+1", 1000);
    assert_true(orm_sql_depth_estimate(b.s) >= 1000);
    free(b.s);
    b = (str){0};
    s_add(&b, "SELECT ");
    s_repeat(&b, "(", 500);
    s_add(&b, "1");
    s_repeat(&b, ")", 500);
    assert_true(orm_sql_depth_estimate(b.s) >= 500);
    free(b.s);
    b = (str){0};
    s_add(&b, "SELECT ");
    s_repeat(&b, "- ", 700); /* unary minus nests too (spaced: "--" starts a comment) */
    s_add(&b, "1");
    assert_true(orm_sql_depth_estimate(b.s) >= 700);
    free(b.s);

    /* flat lists do not */
    b = (str){0};
    s_add(&b, "SELECT 1 WHERE x IN (1");
    s_repeat(&b, ",1", 10000);
    s_add(&b, ")");
    assert_true(orm_sql_depth_estimate(b.s) < 20);
    free(b.s);
    b = (str){0};
    s_add(&b, "SELECT a");
    s_repeat(&b, " AND a OR a", 5000);
    assert_true(orm_sql_depth_estimate(b.s) < 20);
    free(b.s);
    /* sibling groups do not add up: each closes before the next opens */
    b = (str){0};
    s_add(&b, "VALUES (1+1)");
    s_repeat(&b, ",(1+1)", 5000);
    assert_true(orm_sql_depth_estimate(b.s) < 20);
    free(b.s);

    /* unbalanced closers do not underflow; bad tokens give no estimate but no crash */
    assert_true(orm_sql_depth_estimate(")))) SELECT 1") < 10);
    (void)orm_sql_depth_estimate("SELECT 'unterminated");
    (void)orm_sql_depth_estimate("SELECT $$never closed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_statements_and_spans),
        cmocka_unit_test(test_parse_trailing_semicolon_and_multibyte_spans),
        cmocka_unit_test(test_parse_empty),
        cmocka_unit_test(test_syntax_error_positions),
        cmocka_unit_test(test_syntax_error_position_after_multibyte),
        cmocka_unit_test(test_char_position),
        cmocka_unit_test(test_unterminated_literal),
        cmocka_unit_test(test_deep_chain_refused),
        cmocka_unit_test(test_deep_parentheses_refused),
        cmocka_unit_test(test_moderately_deep_accepted),
        cmocka_unit_test(test_near_limit_chain_accepted),
        cmocka_unit_test(test_bison_stack_limit_is_54001),
        cmocka_unit_test(test_deepest_admissible_forms_do_not_crash),
        cmocka_unit_test(test_long_in_list_accepted),
        cmocka_unit_test(test_long_values_accepted),
        cmocka_unit_test(test_long_and_chain_accepted),
        cmocka_unit_test(test_flat_or_of_comparisons_accepted),
        cmocka_unit_test(test_in_list_of_negative_numbers_accepted),
        cmocka_unit_test(test_depth_estimate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
