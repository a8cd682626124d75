/*
 * tests/fuzz/fuzz_sqlparse.c - libFuzzer target: arbitrary text through
 * orm_sql_parse, orm_sql_stmt_span and orm_sql_depth_estimate.
 *
 * Inputs are capped at FUZZ_MAX_INPUT (4095) bytes. The server parses on threads with
 * ORM_PARSE_STACK_SIZE (256 MB) of stack, and its depth guard only scans
 * statements of 4096 bytes or more; libFuzzer instead calls this function on
 * the main thread (8 MB, and ASan makes frames larger). Starting a 256 MB
 * thread for every input would slow fuzzing several-fold, so inputs stay
 * below the guard's threshold, where the nesting a statement can reach is
 * bounded by its length and fits the main thread's stack. Deep statements
 * above the threshold are covered by tests/unit/test_sqlparse.c, which runs
 * them on a thread of the server's stack size. The depth estimator itself is
 * iterative, so it is fuzzed on every input regardless.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orm/sqlparse.h"

#define FUZZ_MAX_INPUT 4095

static void check(bool cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_sqlparse: invariant violated: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    char *sql = malloc(size + 1);
    if (!sql)
        return 0;
    memcpy(sql, data, size);
    sql[size] = '\0';
    size_t len = strlen(sql); /* an embedded NUL ends the text, as for a Query message */

    (void)orm_sql_depth_estimate(sql);

    orm_parsed p;
    og_error err = OG_ERROR_INIT;
    if (orm_sql_parse(sql, &p, &err)) {
        check(p.tree != NULL, "tree");
        check(!og_error_isset(&err), "error set on success");
        for (size_t i = 0; i < p.tree->n_stmts; i++) {
            size_t off, n;
            orm_sql_stmt_span(&p, i, &off, &n);
            check(off <= len && n <= len - off, "statement span inside the text");
        }
        orm_sql_parsed_free(&p);
    } else {
        check(og_error_isset(&err), "no error on failure");
        check(err.message != NULL, "no message");
        check(err.position >= 0, "negative position");
        /* a position is a 1-based character index into the text, at most one past its end */
        check((size_t)err.position <= len + 1, "position past the end");
        og_error_clear(&err);
    }
    free(sql);
    return 0;
}
