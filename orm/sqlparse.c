/*
 * orm/sqlparse.c - libpg_query wrapper with error mapping and a depth guard.
 *
 * Depth guard: libpg_query's grammar itself is iterative (bison), but turning
 * the tree into protobuf, unpacking it and freeing it recurse once per tree
 * level, about 300 bytes of stack each (more under AddressSanitizer). A left-
 * deep chain like "1+1+...+1" of 100,000 terms is a tree 100,000 levels deep
 * and would crash the server. So before parsing a long statement we scan its
 * tokens (flex, no recursion) and bound the depth: within each parenthesis
 * group, operators chain, so depth <= sum over the enclosing groups of the
 * operators in each, plus the nesting itself. AND/OR do not count: PostgreSQL
 * flattens their chains into one node. Commas, names and constants never
 * nest. Statements over ORM_PARSE_MAX_DEPTH are refused with 54001; the
 * parsing threads have ORM_PARSE_STACK_SIZE of stack, ample for that depth.
 */
#include "orm/sqlparse.h"

#include <stdlib.h>
#include <string.h>

/* Statements shorter than this cannot nest deeply enough to matter. */
#define DEPTH_CHECK_MIN_LEN 4096

static bool token_chains(PgQuery__Token t)
{
    switch (t) {
    case PG_QUERY__TOKEN__IDENT:
    case PG_QUERY__TOKEN__UIDENT:
    case PG_QUERY__TOKEN__FCONST:
    case PG_QUERY__TOKEN__SCONST:
    case PG_QUERY__TOKEN__USCONST:
    case PG_QUERY__TOKEN__BCONST:
    case PG_QUERY__TOKEN__XCONST:
    case PG_QUERY__TOKEN__ICONST:
    case PG_QUERY__TOKEN__PARAM:
    case PG_QUERY__TOKEN__SQL_COMMENT:
    case PG_QUERY__TOKEN__C_COMMENT:
    case PG_QUERY__TOKEN__ASCII_44: /* , */
    case PG_QUERY__TOKEN__ASCII_46: /* . */
    case PG_QUERY__TOKEN__ASCII_59: /* ; */
    case PG_QUERY__TOKEN__AND:
    case PG_QUERY__TOKEN__OR:
    case PG_QUERY__TOKEN__NULL_P:
    case PG_QUERY__TOKEN__TRUE_P:
    case PG_QUERY__TOKEN__FALSE_P:
        return false;
    default:
        return true;
    }
}

/* Operators: their chains cannot span AND, OR or a comma without parentheses. */
static bool token_is_operator(PgQuery__Token t)
{
    switch (t) {
    case PG_QUERY__TOKEN__Op:
    case PG_QUERY__TOKEN__TYPECAST:
    case PG_QUERY__TOKEN__LESS_EQUALS:
    case PG_QUERY__TOKEN__GREATER_EQUALS:
    case PG_QUERY__TOKEN__NOT_EQUALS:
    case PG_QUERY__TOKEN__ASCII_37:
    case PG_QUERY__TOKEN__ASCII_42:
    case PG_QUERY__TOKEN__ASCII_43:
    case PG_QUERY__TOKEN__ASCII_45:
    case PG_QUERY__TOKEN__ASCII_47:
    case PG_QUERY__TOKEN__ASCII_60:
    case PG_QUERY__TOKEN__ASCII_61:
    case PG_QUERY__TOKEN__ASCII_62:
    case PG_QUERY__TOKEN__ASCII_94:
        return true;
    default:
        return false;
    }
}

size_t orm_sql_depth_estimate(const char *sql)
{
    PgQueryScanResult r = pg_query_scan(sql);
    size_t worst = 0;
    if (!r.error) {
        PgQuery__ScanResult *sr =
            pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *)r.pbuf.data);
        if (sr) {
            /* stack of per-group "depth so far"; one entry per open parenthesis */
            size_t cap = 64, top = 0;
            size_t *stack = malloc(cap * sizeof(*stack));
            size_t *run = malloc(cap * sizeof(*run)); /* current operator run per group */
            if (!stack || !run)
                abort();
            stack[0] = 0;
            run[0] = 0;
            for (size_t i = 0; i < sr->n_tokens; i++) {
                PgQuery__Token t = sr->tokens[i]->token;
                if (t == PG_QUERY__TOKEN__ASCII_40 || t == PG_QUERY__TOKEN__ASCII_91) { /* ( [ */
                    if (++top == cap) {
                        cap *= 2;
                        stack = realloc(stack, cap * sizeof(*stack));
                        run = realloc(run, cap * sizeof(*run));
                        if (!stack || !run)
                            abort();
                    }
                    stack[top] = stack[top - 1] + run[top - 1] + 1;
                    run[top] = 0;
                } else if (t == PG_QUERY__TOKEN__ASCII_41 || t == PG_QUERY__TOKEN__ASCII_93) { /* ) ] */
                    if (top > 0)
                        top--;
                } else if (t == PG_QUERY__TOKEN__ASCII_44 || t == PG_QUERY__TOKEN__AND || t == PG_QUERY__TOKEN__OR) {
                    run[top] = 0; /* siblings: the next run starts again */
                } else if (token_is_operator(t)) {
                    run[top]++;
                } else if (token_chains(t)) {
                    stack[top]++;
                }
                if (stack[top] + run[top] > worst)
                    worst = stack[top] + run[top];
            }
            free(stack);
            free(run);
            pg_query__scan_result__free_unpacked(sr, NULL);
        }
    }
    pg_query_free_scan_result(r);
    return worst;
}

int orm_sql_char_position(const char *text, size_t byte_off)
{
    int chars = 0;
    for (size_t i = 0; i < byte_off && text[i]; i++)
        if (((unsigned char)text[i] & 0xc0) != 0x80)
            chars++;
    return chars + 1;
}

static void set_too_deep(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_STATEMENT_TOO_COMPLEX, "stack depth limit exceeded");
    og_error_hint(err, "The statement is nested too deeply for ormgate (more than %d levels); "
                       "simplify it or split it.",
                  ORM_PARSE_MAX_DEPTH);
}

bool orm_sql_parse(const char *sql, orm_parsed *out, og_error *err)
{
    out->tree = NULL;
    out->sql = sql;
    if (strlen(sql) >= DEPTH_CHECK_MIN_LEN && orm_sql_depth_estimate(sql) > ORM_PARSE_MAX_DEPTH) {
        set_too_deep(err);
        return false;
    }
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
    if (r.error) {
        if (strstr(r.error->message, "memory exhausted") || strstr(r.error->message, "stack depth")) {
            /* bison's own stack limit: the same condition as above, reached by parentheses */
            set_too_deep(err);
        } else {
            og_error_set(err, OG_SQLSTATE_SYNTAX_ERROR, "%s", r.error->message);
            if (r.error->cursorpos > 0)
                err->position = r.error->cursorpos; /* libpg_query already counts characters */
        }
        pg_query_free_protobuf_parse_result(r);
        return false;
    }
    out->tree = pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    pg_query_free_protobuf_parse_result(r);
    if (!out->tree) {
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "could not decode the parse tree");
        return false;
    }
    return true;
}

void orm_sql_parsed_free(orm_parsed *p)
{
    if (p->tree)
        pg_query__parse_result__free_unpacked(p->tree, NULL);
    p->tree = NULL;
}

void orm_sql_stmt_span(const orm_parsed *p, size_t i, size_t *off, size_t *len)
{
    const PgQuery__RawStmt *rs = p->tree->stmts[i];
    size_t start = (size_t)rs->stmt_location;
    size_t total = strlen(p->sql);
    size_t n = rs->stmt_len ? (size_t)rs->stmt_len : total - start;
    while (n > 0 && (p->sql[start] == ' ' || p->sql[start] == '\n' || p->sql[start] == '\t' ||
                     p->sql[start] == '\r')) {
        start++;
        n--;
    }
    *off = start;
    *len = n;
}

bool orm_sql_const_text(const PgQuery__AConst *c, og_buf *out)
{
    if (c->isnull)
        return false;
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        og_buf_printf(out, "%d", c->ival->ival);
        return true;
    case PG_QUERY__A__CONST__VAL_FVAL:
        og_buf_puts(out, c->fval->fval);
        return true;
    case PG_QUERY__A__CONST__VAL_SVAL:
        og_buf_puts(out, c->sval->sval);
        return true;
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        og_buf_puts(out, c->boolval->boolval ? "true" : "false");
        return true;
    default:
        return false;
    }
}
