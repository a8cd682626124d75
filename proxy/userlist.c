/*
 * proxy/userlist.c - parser and lookup for PgBouncer's auth_file (format in
 * userlist.h).
 *
 * The text is read line by line; each entry's strings are unquoted straight
 * into the list's arena, and the entries are collected in an og_buf, then
 * sorted by user name so that a lookup during login is a binary search and
 * the list is immutable once built (a reload builds a new one). Sorting is
 * by (user, line) so that of duplicates the last line wins, as in PgBouncer.
 *
 * Stricter than PgBouncer on purpose: PgBouncer skips whatever lies between
 * the two quoted fields and lets a quoted field run over line ends, so a
 * typo silently merges or shifts entries; here both are errors with the line
 * number. A password that starts like a SCRAM verifier but does not parse
 * is also an error rather than (as in PostgreSQL) a plain-text password:
 * nobody means a verifier-shaped string as a clear-text password.
 */
#include "proxy/userlist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/scram.h"

#define UTF8_BOM "\xEF\xBB\xBF"

typedef struct parser {
    px_userlist *ul;
    og_buf entries; /* px_userlist_entry values, in file order */
    unsigned line;
    const char *reason; /* set when a line is malformed */
} parser;

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Read a quoted field starting at the opening quote *p, within the line
 * ending at eol; "" stands for one quote. On success *p is past the closing
 * quote and *out is the unquoted NUL-terminated copy in the arena.
 */
static bool read_quoted(parser *ps, const char **p, const char *eol, char **out)
{
    const char *s = *p + 1;
    char *dst = og_arena_alloc(&ps->ul->arena, (size_t)(eol - s) + 1);
    size_t n = 0;
    for (;;) {
        const char *q = memchr(s, '"', (size_t)(eol - s));
        if (!q)
            return false;
        memcpy(dst + n, s, (size_t)(q - s));
        n += (size_t)(q - s);
        if (q + 1 < eol && q[1] == '"') {
            dst[n++] = '"';
            s = q + 2;
            continue;
        }
        dst[n] = '\0';
        *p = q + 1;
        *out = dst;
        return true;
    }
}

static bool is_md5(const char *s)
{
    if (strlen(s) != 35 || strncmp(s, "md5", 3) != 0)
        return false;
    /* lowercase only, as PostgreSQL's get_password_type: anything else is a plain password */
    return strspn(s + 3, "0123456789abcdef") == 32;
}

/* Parse one line [p, eol); comments and blank lines add nothing. */
static bool parse_line(parser *ps, const char *p, const char *eol)
{
    px_userlist_entry e = {NULL, NULL, PX_USERLIST_PLAIN, ps->line};
    char *user, *password;
    while (p < eol && blank(*p))
        p++;
    if (p == eol || *p == ';' || *p == '#')
        return true;
    if (*p != '"') {
        ps->reason = "expected a user name in double quotes";
        return false;
    }
    if (!read_quoted(ps, &p, eol, &user)) {
        ps->reason = "unterminated quoted user name";
        return false;
    }
    if (!*user) {
        ps->reason = "empty user name";
        return false;
    }
    while (p < eol && blank(*p))
        p++;
    if (p == eol || *p != '"') {
        ps->reason = p == eol ? "missing password" : "expected a password in double quotes after the user name";
        return false;
    }
    if (!read_quoted(ps, &p, eol, &password)) {
        ps->reason = "unterminated quoted password";
        return false;
    }
    /* whatever follows is further fields, which PgBouncer's format allows and ignores */

    e.user = user;
    e.password = password;
    if (is_md5(password)) {
        e.kind = PX_USERLIST_MD5;
    } else if (strncmp(password, "SCRAM-SHA-256$", 14) == 0) {
        wire_scram_secret secret;
        if (!wire_scram_parse_secret(password, &secret)) {
            ps->reason = "malformed SCRAM-SHA-256 verifier";
            return false;
        }
        e.kind = PX_USERLIST_SCRAM;
    }
    og_buf_append(&ps->entries, &e, sizeof e);
    return true;
}

static int entry_cmp(const void *a, const void *b)
{
    const px_userlist_entry *x = a, *y = b;
    int c = strcmp(x->user, y->user);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Move the collected entries into the arena, sorted, keeping the last line of each user. */
static void finish(parser *ps)
{
    size_t n = ps->entries.len / sizeof(px_userlist_entry);
    px_userlist *ul = ps->ul;
    if (n == 0)
        return;
    px_userlist_entry *v = og_arena_alloc(&ul->arena, n * sizeof *v);
    memcpy(v, ps->entries.data, n * sizeof *v);
    qsort(v, n, sizeof *v, entry_cmp);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && strcmp(v[i].user, v[i + 1].user) == 0)
            continue; /* a later line redefines this user */
        v[out++] = v[i];
    }
    ul->entries = v;
    ul->count = out;
}

static void init(px_userlist *ul)
{
    og_arena_init(&ul->arena);
    ul->entries = NULL;
    ul->count = 0;
}

/* Parse with origin ("path: " or "") in front of error messages. */
static bool parse(px_userlist *ul, const char *text, size_t len, const char *origin, char *err, size_t errlen)
{
    init(ul);
    parser ps = {ul, OG_BUF_INIT, 0, NULL};
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, UTF8_BOM, 3) == 0) /* editors on Windows add one */
        p += 3;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        ps.line++;
        if (memchr(p, '\0', (size_t)(eol - p))) {
            ps.reason = "NUL byte in line";
            break;
        }
        if (!parse_line(&ps, p, eol))
            break;
        p = eol < end ? eol + 1 : end;
    }
    if (ps.reason) {
        if (err && errlen)
            snprintf(err, errlen, "%sline %u: %s", origin, ps.line, ps.reason);
        og_buf_free(&ps.entries);
        px_userlist_free(ul);
        return false;
    }
    finish(&ps);
    og_buf_free(&ps.entries);
    return true;
}

bool px_userlist_parse(px_userlist *ul, const char *text, size_t len, char *err, size_t errlen)
{
    return parse(ul, text, len, "", err, errlen);
}

bool px_userlist_load(px_userlist *ul, const char *path, char *err, size_t errlen)
{
    og_buf text = OG_BUF_INIT;
    FILE *f = fopen(path, "rb");
    init(ul);
    if (f) {
        size_t n;
        do {
            og_buf_reserve(&text, 8192);
            n = fread(text.data + text.len, 1, 8192, f);
            text.len += n;
        } while (n > 0);
    }
    if (!f || ferror(f)) {
        int e = errno;
        if (err && errlen)
            snprintf(err, errlen, "could not read \"%s\": %s", path, strerror(e));
        if (f)
            fclose(f);
        og_buf_free(&text);
        return false;
    }
    fclose(f);

    og_buf origin = OG_BUF_INIT;
    og_buf_printf(&origin, "%s: ", path);
    bool ok = parse(ul, (const char *)text.data, text.len, og_buf_cstr(&origin), err, errlen);
    og_buf_free(&origin);
    og_buf_free(&text);
    return ok;
}

const px_userlist_entry *px_userlist_find(const px_userlist *ul, const char *user)
{
    size_t lo = 0, hi = ul->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(user, ul->entries[mid].user);
        if (c == 0)
            return &ul->entries[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void px_userlist_free(px_userlist *ul)
{
    og_arena_reset(&ul->arena);
    ul->entries = NULL;
    ul->count = 0;
}
