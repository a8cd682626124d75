/*
 * drivers/sqlite_err.c - SQLite failures as PostgreSQL errors, for
 * drivers/sqlite.c.
 *
 * drv_sqlite_err_map() turns an SQLite result code and message into the
 * SQLSTATE, message and detail PostgreSQL would give. For constraint
 * failures it reads the catalog to name the constraint as PostgreSQL would
 * have named it (makeObjectName); other messages are matched by their words.
 * Errors of our own og_* functions (drivers/sqlite_func.c) travel through
 * SQLite encoded by drv_sqlite_err_encode() and come back out unchanged.
 */
#include "drivers/sqlite_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQ_NAMEDATALEN 64 /* PostgreSQL's identifier limit, for derived constraint names */

/* ------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

/* Does s start with pre? *rest gets what follows. */
static bool starts(const char *s, const char *pre, const char **rest)
{
    size_t n = strlen(pre);
    if (strncmp(s, pre, n) != 0)
        return false;
    if (rest)
        *rest = s + n;
    return true;
}

static bool is_ident_char(int ch)
{
    return isalnum(ch) || ch == '_' || ch >= 0x80;
}

/* Byte length of at most n bytes of s that does not cut a UTF-8 character. */
static size_t utf8_clip(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* PostgreSQL's makeObjectName: name1[_name2]_label within NAMEDATALEN-1
 * bytes, shortening the longer of name1 and name2 first. */
static char *pg_object_name(const char *name1, const char *name2, const char *label)
{
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    size_t overhead = (name2 ? 1 : 0) + strlen(label) + 1;
    size_t avail = SQ_NAMEDATALEN - 1 - overhead;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    n1 = utf8_clip(name1, n1);
    n2 = name2 ? utf8_clip(name2, n2) : 0;
    og_buf b = OG_BUF_INIT;
    og_buf_append(&b, name1, n1);
    if (name2) {
        og_buf_putc(&b, '_');
        og_buf_append(&b, name2, n2);
    }
    og_buf_printf(&b, "_%s", label);
    char *s = drv_sqlite_xstrdup(og_buf_cstr(&b));
    og_buf_free(&b);
    return s;
}

/* ------------------------------------------------------------------------
 * Errors: SQLite result codes and messages -> SQLSTATE and PostgreSQL's words
 * ------------------------------------------------------------------------ */

/* "UNIQUE constraint failed: t.a, t.b" and the like: the part after ": ". */
static const char *msg_subject(const char *msg)
{
    const char *s = strstr(msg, ": ");
    return s ? s + 2 : "";
}

/* Split "t.a, t.b" into the table and the columns (", " and "_" joined). */
static void split_columns(const char *list, og_buf *table, og_buf *cols, og_buf *cols_us)
{
    const char *s = list;
    while (*s) {
        const char *end = strstr(s, ", ");
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *dot = memchr(s, '.', len);
        if (dot && table->len == 0)
            og_buf_append(table, s, (size_t)(dot - s));
        const char *col = dot ? dot + 1 : s;
        size_t clen = len - (size_t)(col - s);
        if (cols->len) {
            og_buf_puts(cols, ", ");
            og_buf_putc(cols_us, '_');
        }
        og_buf_append(cols, col, clen);
        og_buf_append(cols_us, col, clen);
        s = end ? end + 2 : s + len;
    }
    og_buf_cstr(table);
    og_buf_cstr(cols);
    og_buf_cstr(cols_us);
}

/* Prepare a catalog query with ?1 bound to text. NULL on failure. */
static sqlite3_stmt *catalog_query(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return NULL;
    }
    sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    return st;
}

/* The unique index of table over exactly the columns "a,b": its name and origin ('pk', 'u', 'c'). */
static char *unique_index_of(sqlite3 *db, const char *table, const char *cols_comma, char *origin)
{
    sqlite3_stmt *st = catalog_query(db,
                                     "SELECT il.name, il.origin, ii.name FROM pragma_index_list(?1) AS il, "
                                     "pragma_index_info(il.name) AS ii WHERE il.\"unique\" ORDER BY il.seq, ii.seqno",
                                     table);
    char *found = NULL;
    og_buf name = OG_BUF_INIT, cols = OG_BUF_INIT;
    char org = 0;
    while (st && !found) {
        int rc = sqlite3_step(st);
        const char *n = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (!n || (name.len && strcmp(og_buf_cstr(&name), n) != 0)) { /* an index ended */
            if (name.len && !strcmp(og_buf_cstr(&cols), cols_comma)) {
                found = drv_sqlite_xstrdup(og_buf_cstr(&name));
                *origin = org;
            }
            og_buf_clear(&name);
            og_buf_clear(&cols);
        }
        if (!n)
            break;
        if (!name.len) {
            og_buf_puts(&name, n);
            const char *o = (const char *)sqlite3_column_text(st, 1);
            org = o ? o[0] : 0;
        }
        if (cols.len)
            og_buf_putc(&cols, ',');
        const char *c = (const char *)sqlite3_column_text(st, 2);
        og_buf_puts(&cols, c ? c : "");
    }
    sqlite3_finalize(st);
    og_buf_free(&name);
    og_buf_free(&cols);
    return found;
}

static void err_unique(sqlite3 *db, bool pk, const char *msg, const sq_cached *e, og_error *err)
{
    const char *subject = msg_subject(msg);
    og_buf table = OG_BUF_INIT, cols = OG_BUF_INIT, cols_us = OG_BUF_INIT;
    char *constraint = NULL;
    const char *idx;
    if (starts(subject, "index '", &idx)) { /* an index on expressions names itself */
        const char *q = strchr(idx, '\'');
        constraint = strndup(idx, q ? (size_t)(q - idx) : strlen(idx));
        og_buf_puts(&table, e && e->table ? e->table : "");
        og_buf_cstr(&table);
    } else {
        split_columns(subject, &table, &cols, &cols_us);
        og_buf comma = OG_BUF_INIT;
        for (size_t k = 0; k < cols.len; k++)
            if (!(cols.data[k] == ' ' && k > 0 && cols.data[k - 1] == ','))
                og_buf_putc(&comma, cols.data[k]);
        char origin = pk ? 'p' : 'u';
        char *index = db && table.len ? unique_index_of(db, og_buf_cstr(&table), og_buf_cstr(&comma), &origin) : NULL;
        og_buf_free(&comma);
        if (index && strncmp(index, "sqlite_autoindex_", 17) != 0)
            constraint = index; /* created by name: PostgreSQL would name it so too */
        else {
            free(index);
            constraint = origin == 'p' ? pg_object_name(og_buf_cstr(&table), NULL, "pkey")
                                       : pg_object_name(og_buf_cstr(&table), og_buf_cstr(&cols_us), "key");
        }
    }
    og_error_set(err, "23505", "duplicate key value violates unique constraint \"%s\"", constraint);
    if (cols.len)
        og_error_detail(err, "Key (%s) already exists.", og_buf_cstr(&cols));
    err->constraint = constraint;
    if (table.len)
        err->table = drv_sqlite_xstrdup(og_buf_cstr(&table));
    og_buf_free(&table);
    og_buf_free(&cols);
    og_buf_free(&cols_us);
}

/* Foreign keys of child, or referencing parent: how many, and the first one's
 * referencing table, columns (", " and "_" joined) and referenced table. */
typedef struct sq_fk {
    int count;
    og_buf child, cols, cols_us, parent;
} sq_fk;

static void fk_find(sqlite3 *db, const char *child, const char *parent, sq_fk *fk)
{
    sqlite3_stmt *st =
        child ? catalog_query(
                    db, "SELECT ?1, id, \"from\", \"table\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq", child)
              : catalog_query(db,
                              "SELECT m.name, f.id, f.\"from\", f.\"table\" FROM sqlite_schema AS m, "
                              "pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table' AND "
                              "f.\"table\" = ?1 COLLATE NOCASE ORDER BY m.name, f.id, f.seq",
                              parent);
    memset(fk, 0, sizeof(*fk));
    og_buf key = OG_BUF_INIT;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        const char *from = (const char *)sqlite3_column_text(st, 2);
        const char *to = (const char *)sqlite3_column_text(st, 3);
        og_buf k2 = OG_BUF_INIT;
        og_buf_printf(&k2, "%s\x1f%lld", t ? t : "", (long long)sqlite3_column_int64(st, 1));
        if (!key.len || strcmp(og_buf_cstr(&key), og_buf_cstr(&k2)) != 0) {
            fk->count++;
            og_buf_clear(&key);
            og_buf_append(&key, k2.data, k2.len);
        }
        og_buf_free(&k2);
        if (fk->count != 1)
            continue;
        if (!fk->child.len) {
            og_buf_puts(&fk->child, t ? t : "");
            og_buf_puts(&fk->parent, to ? to : "");
        }
        if (fk->cols.len) {
            og_buf_puts(&fk->cols, ", ");
            og_buf_putc(&fk->cols_us, '_');
        }
        og_buf_puts(&fk->cols, from ? from : "");
        og_buf_puts(&fk->cols_us, from ? from : "");
    }
    sqlite3_finalize(st);
    og_buf_free(&key);
    og_buf_cstr(&fk->child);
    og_buf_cstr(&fk->cols);
    og_buf_cstr(&fk->cols_us);
    og_buf_cstr(&fk->parent);
}

static void fk_free(sq_fk *fk)
{
    og_buf_free(&fk->child);
    og_buf_free(&fk->cols);
    og_buf_free(&fk->cols_us);
    og_buf_free(&fk->parent);
}

/* SQLite says only "FOREIGN KEY constraint failed"; the statement's target
 * table and the catalog tell which constraint when only one can be meant. */
static void err_foreign_key(sqlite3 *db, const sq_cached *e, const char *msg, og_error *err)
{
    const char *t = e && e->table ? e->table : NULL;
    sq_fk as_child = {0}, as_parent = {0};
    if (db && t && e->action != SQLITE_DELETE)
        fk_find(db, t, NULL, &as_child);
    if (db && t && e->action != SQLITE_INSERT)
        fk_find(db, NULL, t, &as_parent);
    bool child_side = as_child.count == 1 && as_parent.count == 0;
    bool parent_side = as_parent.count == 1 && as_child.count == 0;
    if (child_side) {
        char *name = pg_object_name(og_buf_cstr(&as_child.child), og_buf_cstr(&as_child.cols_us), "fkey");
        og_error_set(err, "23503", "insert or update on table \"%s\" violates foreign key constraint \"%s\"", t, name);
        og_error_detail(err, "Key (%s) is not present in table \"%s\".", og_buf_cstr(&as_child.cols),
                        og_buf_cstr(&as_child.parent));
        err->constraint = name;
        err->table = drv_sqlite_xstrdup(t);
    } else if (parent_side) {
        char *name = pg_object_name(og_buf_cstr(&as_parent.child), og_buf_cstr(&as_parent.cols_us), "fkey");
        og_error_set(err, "23503",
                     "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"", t, name,
                     og_buf_cstr(&as_parent.child));
        og_error_detail(err, "Key is still referenced from table \"%s\".", og_buf_cstr(&as_parent.child));
        err->constraint = name;
        err->table = drv_sqlite_xstrdup(og_buf_cstr(&as_parent.child));
    } else if (t) {
        og_error_set(err, "23503", "%s on table \"%s\" violates a foreign key constraint",
                     e->action == SQLITE_INSERT   ? "insert"
                     : e->action == SQLITE_DELETE ? "delete"
                                                  : "update",
                     t);
        og_error_detail(err, "SQLite: %s", msg);
        err->table = drv_sqlite_xstrdup(t);
    } else {
        og_error_set(err, "23503", "insert, update or delete violates a foreign key constraint");
        og_error_detail(err, "SQLite: %s", msg);
    }
    fk_free(&as_child);
    fk_free(&as_parent);
}

static void err_not_null(const char *msg, const sq_cached *e, og_error *err)
{
    og_buf table = OG_BUF_INIT, col = OG_BUF_INIT, col_us = OG_BUF_INIT;
    split_columns(msg_subject(msg), &table, &col, &col_us);
    if (!table.len && e && e->table)
        og_buf_puts(&table, e->table);
    og_error_set(err, "23502", "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
                 og_buf_cstr(&col), og_buf_cstr(&table));
    err->table = drv_sqlite_xstrdup(og_buf_cstr(&table));
    err->column = drv_sqlite_xstrdup(og_buf_cstr(&col));
    og_buf_free(&table);
    og_buf_free(&col);
    og_buf_free(&col_us);
}

/* SQLite names a CHECK by its name, or by its expression when it has none;
 * then PostgreSQL's name is <table>_<first column in it>_check. */
static void err_check(sqlite3 *db, const sq_cached *e, const char *msg, og_error *err)
{
    const char *what = msg_subject(msg);
    const char *t = e && e->table ? e->table : NULL;
    bool named = *what != '\0';
    for (const char *s = what; *s; s++)
        if (!is_ident_char((unsigned char)*s))
            named = false;
    char *name = NULL;
    if (named) {
        name = drv_sqlite_xstrdup(what);
    } else if (t) {
        sqlite3_stmt *st = db ? catalog_query(db, "SELECT name FROM pragma_table_info(?1)", t) : NULL;
        char **cols = NULL;
        size_t ncols = 0;
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            char **more = realloc(cols, (ncols + 1) * sizeof(*cols));
            if (!more)
                abort();
            cols = more;
            cols[ncols++] = drv_sqlite_xstrdup((const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
        for (const char *s = what; *s && !name;) { /* first identifier that is a column */
            if (!is_ident_char((unsigned char)*s) || isdigit((unsigned char)*s)) {
                s++;
                continue;
            }
            const char *w = s;
            while (*s && is_ident_char((unsigned char)*s))
                s++;
            for (size_t k = 0; k < ncols && !name; k++)
                if (strlen(cols[k]) == (size_t)(s - w) && !strncasecmp(cols[k], w, (size_t)(s - w)))
                    name = pg_object_name(t, cols[k], "check");
        }
        for (size_t k = 0; k < ncols; k++)
            free(cols[k]);
        free(cols);
        if (!name)
            name = pg_object_name(t, NULL, "check");
    }
    if (name && t)
        og_error_set(err, "23514", "new row for relation \"%s\" violates check constraint \"%s\"", t, name);
    else
        og_error_set(err, "23514", "new row violates check constraint \"%s\"", name ? name : what);
    if (!named)
        og_error_detail(err, "Failing check: %s", what);
    err->constraint = name;
    if (t)
        err->table = drv_sqlite_xstrdup(t);
}

/* SQLITE_ERROR: the message says what went wrong. */
static void err_message(const char *msg, og_error *err)
{
    static const struct {
        const char *prefix; /* the name follows it */
        const char *code;
        const char *before, *after; /* PostgreSQL's words around the name */
    } names[] = {
        {"no such table: ", "42P01", "relation \"", "\" does not exist"},
        {"no such index: ", "42704", "index \"", "\" does not exist"},
        {"no such function: ", "42883", "function ", " does not exist"},
        {"no such savepoint: ", "3B001", "savepoint \"", "\" does not exist"},
        {"no such collation sequence: ", "42704", "collation \"", "\" does not exist"},
        {"ambiguous column name: ", "42702", "column reference \"", "\" is ambiguous"},
        {"duplicate column name: ", "42701", "column \"", "\" specified more than once"},
        {"unrecognized token: ", "42601", "syntax error at or near ", ""},
    };
    static const struct {
        const char *prefix;
        const char *code;
        const char *text; /* NULL: SQLite's message */
    } fixed[] = {
        {"incomplete input", "42601", "syntax error at end of input"},
        {"cannot start a transaction within a transaction", "25001", "there is already a transaction in progress"},
        {"cannot commit - no transaction is active", "25P01", "there is no transaction in progress"},
        {"cannot rollback - no transaction is active", "25P01", "there is no transaction in progress"},
        {"integer overflow", "22003", "bigint out of range"},
        {"too many SQL variables", "54000", "too many parameters"},
        {"parser stack overflow", "54001", "statement is too complex"},
        {"Expression tree is too large", "54001", "statement is too complex"},
        {"misuse of aggregate", "42803", NULL},
        {"foreign key mismatch", "42830", NULL},
        {"sub-select returns", "42601", NULL},
        {"ORDER BY term out of range", "42P10", NULL},
        {"1st ORDER BY term out of range", "42P10", NULL},
        {"wrong number of arguments to function", "42883", NULL},
    };
    const char *rest;
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if (starts(msg, names[k].prefix, &rest)) {
            og_error_set(err, names[k].code, "%s%s%s", names[k].before, rest, names[k].after);
            return;
        }
    for (size_t k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
        if (starts(msg, fixed[k].prefix, NULL)) {
            og_error_set(err, fixed[k].code, "%s", fixed[k].text ? fixed[k].text : msg);
            return;
        }
    if (starts(msg, "no such column: ", &rest)) { /* PostgreSQL quotes a bare name only */
        if (strchr(rest, '.'))
            og_error_set(err, "42703", "column %s does not exist", rest);
        else
            og_error_set(err, "42703", "column \"%s\" does not exist", rest);
        return;
    }
    const char *near;
    if (starts(msg, "near ", &near) && strstr(near, ": syntax error")) {
        og_error_set(err, "42601", "syntax error at or near %.*s", (int)(strstr(near, ": syntax error") - near), near);
        return;
    }
    if ((starts(msg, "table ", &rest) || starts(msg, "index ", &rest) || starts(msg, "view ", &rest)) &&
        strstr(rest, " already exists")) {
        int n = (int)(strstr(rest, " already exists") - rest);
        if (n >= 2 && rest[0] == '"' && rest[n - 1] == '"') {
            rest++;
            n -= 2;
        }
        og_error_set(err, "42P07", "relation \"%.*s\" already exists", n, rest);
        return;
    }
    if (strstr(msg, " values were supplied") || strstr(msg, " values for ")) {
        og_error_set(err, "42601", "%s", msg);
        return;
    }
    og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "SQLite backend error: %s", sqlite3_errstr(SQLITE_ERROR));
    og_error_detail(err, "%s", msg);
}

/* ------------------------------------------------------------------------
 * Errors raised by our own functions (drivers/sqlite_func.c)
 * ------------------------------------------------------------------------ */

void drv_sqlite_err_encode(og_buf *out, const og_error *err)
{
    const char *m = err->message ? err->message : "", *d = err->detail ? err->detail : "",
               *h = err->hint ? err->hint : "";
    og_buf_clear(out);
    og_buf_printf(out, SQ_ERR_PREFIX "%.5s:%zu:%zu:%zu:", og_error_isset(err) ? err->code : "XX000", strlen(m),
                  strlen(d), strlen(h));
    og_buf_puts(out, m);
    og_buf_puts(out, d);
    og_buf_puts(out, h);
    og_buf_cstr(out);
}

/* A decimal length and its ':'. */
static bool enc_len(const char **s, size_t *n)
{
    char *end;
    if (!isdigit((unsigned char)**s))
        return false;
    unsigned long long v = strtoull(*s, &end, 10);
    if (*end != ':' || v > SIZE_MAX)
        return false;
    *n = (size_t)v;
    *s = end + 1;
    return true;
}

/* The og_error encoded by drv_sqlite_err_encode, if msg is one. */
static bool err_ours(const char *msg, og_error *err)
{
    const char *s;
    if (!starts(msg, SQ_ERR_PREFIX, &s))
        return false;
    for (int k = 0; k < 5; k++)
        if (!isdigit((unsigned char)s[k]) && !isupper((unsigned char)s[k]))
            return false;
    if (s[5] != ':')
        return false;
    char code[6];
    memcpy(code, s, 5);
    code[5] = '\0';
    s += 6;
    size_t m, d, h, len;
    if (!enc_len(&s, &m) || !enc_len(&s, &d) || !enc_len(&s, &h))
        return false;
    len = strlen(s);
    if (m > len || d > len - m || h != len - m - d)
        return false;
    og_error_set(err, code, "%.*s", (int)m, s);
    if (d)
        og_error_detail(err, "%.*s", (int)d, s + m);
    if (h)
        og_error_hint(err, "%.*s", (int)h, s + m + d);
    return true;
}

/* An SQLite failure (rc: extended result code) as the error PostgreSQL would give.
 * db may be NULL (no catalog lookups then); e is the statement, if any. */
void drv_sqlite_err_map(sqlite3 *db, const sq_cached *e, int rc, const char *msg, og_error *err)
{
    msg = msg ? msg : sqlite3_errstr(rc);
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        err_unique(db, rc == SQLITE_CONSTRAINT_PRIMARYKEY, msg, e, err);
        return;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        err_foreign_key(db, e, msg, err);
        return;
    case SQLITE_CONSTRAINT_NOTNULL:
        err_not_null(msg, e, err);
        return;
    case SQLITE_CONSTRAINT_CHECK:
        err_check(db, e, msg, err);
        return;
    case SQLITE_CONSTRAINT_DATATYPE: /* STRICT tables */
        og_error_set(err, "42804", "%s", msg);
        return;
    case SQLITE_CONSTRAINT_TRIGGER:
        /* ON DELETE / ON UPDATE RESTRICT is enforced by SQLite as a trigger-like action */
        if (!strcmp(msg, "FOREIGN KEY constraint failed")) {
            err_foreign_key(db, e, msg, err);
            return;
        }
        og_error_set(err, "P0001", "%s", msg);
        return;
    case SQLITE_BUSY_SNAPSHOT:
        og_error_set(err, "40001", "could not serialize access due to concurrent update");
        og_error_detail(err, "Another connection wrote to the SQLite database since this transaction read it.");
        return;
    default:
        break;
    }
    switch (rc & 0xff) {
    case SQLITE_BUSY:
        og_error_set(err, "55P03", "canceling statement due to lock timeout");
        og_error_detail(err, "The SQLite database stayed locked by another connection for %d ms.", SQ_BUSY_TIMEOUT_MS);
        return;
    case SQLITE_LOCKED:
        og_error_set(err, "55P03", "could not obtain lock: %s", msg);
        return;
    case SQLITE_FULL:
        og_error_set(err, "53100", "could not extend the SQLite database: disk full");
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        og_error_set(err, "58030", "could not access the SQLite database file: %s", sqlite3_errstr(rc));
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_NOMEM:
        og_error_set(err, "53200", "out of memory");
        return;
    case SQLITE_TOOBIG:
        og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "value too large for the SQLite backend");
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_READONLY:
        og_error_set(err, "25006", "cannot write: the SQLite database is read-only");
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_INTERRUPT:
        og_error_set(err, OG_SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
        return;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        og_error_set(err, "XX001", "SQLite database file is damaged: %s", sqlite3_errstr(rc));
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_MISMATCH:
        og_error_set(err, "42804", "datatype mismatch");
        og_error_detail(err, "%s", msg);
        return;
    case SQLITE_CONSTRAINT:
        og_error_set(err, "23000", "%s", msg);
        return;
    case SQLITE_ERROR:
        if (!err_ours(msg, err)) /* an og_* function failed: its own error, exactly */
            err_message(msg, err);
        return;
    default:
        og_error_set(err, OG_SQLSTATE_INTERNAL_ERROR, "SQLite backend error: %s", sqlite3_errstr(rc));
        og_error_detail(err, "%s", msg);
        return;
    }
}
