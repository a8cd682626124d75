/*
 * orm/fn_text.c - string functions, || and LIKE / ILIKE / regular expressions
 * (one family of the function catalog, orm/fn.h).
 *
 * Text is UTF-8 (the only server encoding ormgate speaks) and the collation
 * is C, as in the reference PostgreSQL 15 (initdb --locale=C -E UTF8). That
 * fixes three behaviours the tests pin down against PostgreSQL:
 *   - lower / upper / initcap change ASCII letters only (str_tolower with a
 *     C collation uses pg_ascii_tolower): lower('ÉA') is 'Éa';
 *   - ILIKE lowers both sides the same way and then matches as LIKE, so it
 *     folds ASCII only ('É' ILIKE 'é' is false);
 *   - character counts, positions and '_' of LIKE are characters, not bytes.
 *
 * LIKE is PostgreSQL's MatchText (like_match.c) ported as is: '%' and '_'
 * wildcards, backslash escape, "LIKE pattern must not end with escape
 * character" (22025), and the same ABORT shortcut that keeps '%a%b%c'
 * patterns linear in practice. Its recursion depth is the number of '%'
 * groups; past LIKE_MAX_DEPTH we fail with 54001 as PostgreSQL's
 * check_stack_depth would.
 *
 * Regular expressions (~ ~* !~ !~*) use POSIX regcomp (REG_EXTENDED) under a
 * per-thread C.UTF-8 locale (uselocale), so '.' and bracket expressions see
 * characters. Differences from PostgreSQL's ARE flavour, accepted as "good
 * enough": no lookahead/lookbehind, no non-greedy quantifiers, no embedded
 * options ((?i)), no \m \M \y; \d and \D are translated to [[:digit:]] and
 * [^[:digit:]] outside brackets, \s \S \w \W are glibc's own; ~* folds case
 * with glibc's rules (PostgreSQL with a C collation folds ASCII only). The
 * error for a bad pattern is PostgreSQL's 2201B with PostgreSQL's wording of
 * the POSIX error code. Compiled patterns are cached per thread (a few
 * slots), because the SQLite driver calls us once per row with the same
 * pattern.
 */
#include <locale.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "orm/fn_int.h"

#define SQLSTATE_STRING_SUBSTRING "22011"
#define SQLSTATE_INVALID_ESCAPE   "22025"
#define SQLSTATE_INVALID_REGEX    "2201B"

/* PostgreSQL's MaxAllocSize: no text value may be larger. */
#define MAX_ALLOC_SIZE ((int64_t)0x3fffffff)
/* UTF-8: at most 4 bytes a character (pg_database_encoding_max_length). */
#define MAX_CHAR_BYTES 4
#define LIKE_MAX_DEPTH 10000

/* ---- helpers ------------------------------------------------------------------ */

/* Length of the UTF-8 sequence starting with byte c (pg_utf_mblen). */
static size_t u8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0)
        return 2;
    if ((c & 0xf0) == 0xe0)
        return 3;
    if ((c & 0xf8) == 0xf0)
        return 4;
    return 1;
}

/* Bytes of the character at s (never past end). */
static size_t u8_next(const char *s, const char *end)
{
    size_t n = u8_len((unsigned char)*s);
    return n > (size_t)(end - s) ? (size_t)(end - s) : n;
}

/* Number of characters in s[0..n). */
static int64_t u8_count(const char *s, size_t n)
{
    int64_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            c++;
    return c;
}

/* Byte offset of character number k (0-based) in s[0..n), or n when there are fewer. */
static size_t u8_offset(const char *s, size_t n, int64_t k)
{
    const char *p = s, *end = s + n;
    while (k > 0 && p < end) {
        p += u8_next(p, end);
        k--;
    }
    return (size_t)(p - s);
}

static bool ret_text(og_value *out, og_arena *a, const char *p, size_t n)
{
    out->oid = OG_OID_TEXT;
    out->isnull = false;
    out->u.str.p = og_arena_memdup(a, n ? p : "", n);
    out->u.str.len = n;
    return true;
}

static bool ret_buf(og_value *out, og_arena *a, og_buf *b)
{
    ret_text(out, a, (const char *)b->data, b->len);
    og_buf_free(b);
    return true;
}

static bool ret_int4(og_value *out, int64_t v)
{
    out->oid = OG_OID_INT4;
    out->isnull = false;
    out->u.i = v;
    return true;
}

static bool ret_bool(og_value *out, bool v)
{
    out->oid = OG_OID_BOOL;
    out->isnull = false;
    out->u.b = v;
    return true;
}

#define S(i)  (args[i].u.str.p)
#define SL(i) (args[i].u.str.len)

static bool is_stringish(uint32_t oid)
{
    return oid == OG_OID_TEXT || oid == OG_OID_VARCHAR || oid == OG_OID_BPCHAR || oid == OG_OID_NAME ||
           oid == OG_OID_UNKNOWN;
}

/* Append v as its type's output function prints it (concat, concat_ws, format). */
static void put_output(const orm_eval_ctx *cx, const og_value *v, og_buf *b)
{
    if (is_stringish(v->oid))
        og_buf_append(b, v->u.str.p, v->u.str.len);
    else
        og_text_io_get()->encode(v, cx ? cx->timezone : NULL, b);
}

/* Append v as CAST(v AS text) gives it (||): the output function, except that
 * boolean casts to 'true'/'false' and character(n) loses its trailing spaces. */
static void put_as_text(const orm_eval_ctx *cx, const og_value *v, og_buf *b)
{
    if (v->oid == OG_OID_BOOL) {
        og_buf_puts(b, v->u.b ? "true" : "false");
    } else if (v->oid == OG_OID_BPCHAR) {
        size_t n = v->u.str.len;
        while (n > 0 && v->u.str.p[n - 1] == ' ')
            n--;
        og_buf_append(b, v->u.str.p, n);
    } else {
        put_output(cx, v, b);
    }
}

/* ---- case ------------------------------------------------------------------------- */

static bool fn_lower(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    char *r = og_arena_memdup(a, SL(0) ? S(0) : "", SL(0));
    for (size_t i = 0; i < SL(0); i++)
        if (r[i] >= 'A' && r[i] <= 'Z')
            r[i] = (char)(r[i] + ('a' - 'A'));
    out->oid = OG_OID_TEXT;
    out->isnull = false;
    out->u.str.p = r;
    out->u.str.len = SL(0);
    return true;
}

static bool fn_upper(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    char *r = og_arena_memdup(a, SL(0) ? S(0) : "", SL(0));
    for (size_t i = 0; i < SL(0); i++)
        if (r[i] >= 'a' && r[i] <= 'z')
            r[i] = (char)(r[i] - ('a' - 'A'));
    out->oid = OG_OID_TEXT;
    out->isnull = false;
    out->u.str.p = r;
    out->u.str.len = SL(0);
    return true;
}

/* asc_initcap: a letter after an ASCII letter or digit is lowered, any other is raised. */
static bool fn_initcap(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    char *r = og_arena_memdup(a, SL(0) ? S(0) : "", SL(0));
    bool wasalnum = false;
    for (size_t i = 0; i < SL(0); i++) {
        char c = r[i];
        if (wasalnum && c >= 'A' && c <= 'Z')
            c = (char)(c + ('a' - 'A'));
        else if (!wasalnum && c >= 'a' && c <= 'z')
            c = (char)(c - ('a' - 'A'));
        r[i] = c;
        wasalnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
    out->oid = OG_OID_TEXT;
    out->isnull = false;
    out->u.str.p = r;
    out->u.str.len = SL(0);
    return true;
}

/* ---- lengths ---------------------------------------------------------------------- */

static bool fn_length(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    return ret_int4(out, u8_count(S(0), SL(0)));
}

/* bpcharlen: trailing spaces of character(n) do not count. */
static bool fn_bpchar_length(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    size_t n = SL(0);
    while (n > 0 && S(0)[n - 1] == ' ')
        n--;
    return ret_int4(out, u8_count(S(0), n));
}

static bool fn_octet_length(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    return ret_int4(out, (int64_t)SL(0));
}

/* ---- substrings ------------------------------------------------------------------- */

/* text_substring: characters [start, start + len) counted from 1, clipped to the string. */
static bool substring(const og_value *args, int64_t start, int64_t len, bool has_len, og_arena *a, og_value *out,
                      og_error *err)
{
    if (has_len && len < 0) {
        og_error_set(err, SQLSTATE_STRING_SUBSTRING, "negative substring length not allowed");
        return false;
    }
    int64_t s1 = start < 1 ? 1 : start;
    size_t from, to;
    if (has_len) {
        int64_t e = start + len; /* int32 operands: no overflow in int64 */
        if (e <= s1)
            return ret_text(out, a, "", 0);
        from = u8_offset(S(0), SL(0), s1 - 1);
        to = from + u8_offset(S(0) + from, SL(0) - from, e - s1);
    } else {
        from = u8_offset(S(0), SL(0), s1 - 1);
        to = SL(0);
    }
    return ret_text(out, a, S(0) + from, to - from);
}

static bool fn_substr2(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    return substring(args, args[1].u.i, 0, false, a, out, err);
}

static bool fn_substr3(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    return substring(args, args[1].u.i, args[2].u.i, true, a, out, err);
}

/* left(s, n): the first n characters; n < 0: all but the last -n. */
static bool fn_left(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                    og_error *err)
{
    int64_t n = args[1].u.i;
    if (n < 0) {
        n = u8_count(S(0), SL(0)) + n;
        if (n < 0)
            n = 0;
    }
    return ret_text(out, a, S(0), u8_offset(S(0), SL(0), n));
}

/* right(s, n): the last n characters; n < 0: all but the first -n. */
static bool fn_right(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    int64_t n = args[1].u.i, total = u8_count(S(0), SL(0));
    int64_t skip = n < 0 ? -n : total - n;
    if (skip < 0)
        skip = 0;
    size_t off = u8_offset(S(0), SL(0), skip);
    return ret_text(out, a, S(0) + off, SL(0) - off);
}

static bool fn_reverse(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    char *r = og_arena_alloc(a, SL(0) + 1);
    const char *p = S(0), *end = S(0) + SL(0);
    char *w = r + SL(0);
    while (p < end) {
        size_t n = u8_next(p, end);
        w -= n;
        memcpy(w, p, n);
        p += n;
    }
    r[SL(0)] = '\0';
    out->oid = OG_OID_TEXT;
    out->isnull = false;
    out->u.str.p = r;
    out->u.str.len = SL(0);
    return true;
}

/* ---- trimming --------------------------------------------------------------------- */

/* Is the character at p (n bytes) one of the characters of set? */
static bool in_set(const char *p, size_t n, const char *set, size_t setlen)
{
    const char *q = set, *end = set + setlen;
    while (q < end) {
        size_t m = u8_next(q, end);
        if (m == n && memcmp(p, q, n) == 0)
            return true;
        q += m;
    }
    return false;
}

/* dotrim: strip characters of set from the start and/or the end. */
static bool trim(const og_value *args, uint16_t nargs, bool left, bool right, og_arena *a, og_value *out)
{
    const char *set = nargs > 1 ? S(1) : " ";
    size_t setlen = nargs > 1 ? SL(1) : 1;
    const char *p = S(0), *end = S(0) + SL(0);
    if (setlen == 0)
        return ret_text(out, a, p, SL(0));
    if (left) {
        while (p < end) {
            size_t n = u8_next(p, end);
            if (!in_set(p, n, set, setlen))
                break;
            p += n;
        }
    }
    if (right) {
        while (end > p) {
            const char *q = end - 1;
            while (q > p && ((unsigned char)*q & 0xc0) == 0x80)
                q--;
            if (!in_set(q, (size_t)(end - q), set, setlen))
                break;
            end = q;
        }
    }
    return ret_text(out, a, p, (size_t)(end - p));
}

static bool fn_btrim(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    return trim(args, nargs, true, true, a, out);
}

static bool fn_ltrim(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    return trim(args, nargs, true, false, a, out);
}

static bool fn_rtrim(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    return trim(args, nargs, false, true, a, out);
}

/* ---- padding and repetition ------------------------------------------------------- */

static bool too_large(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "requested length too large");
    return false;
}

/* lpad / rpad: fill (default ' ') cycled to len characters; a longer string is cut to len. */
static bool pad(const og_value *args, uint16_t nargs, bool left, og_arena *a, og_value *out, og_error *err)
{
    int64_t len = args[1].u.i < 0 ? 0 : args[1].u.i;
    const char *fill = nargs > 2 ? S(2) : " ";
    size_t filllen = nargs > 2 ? SL(2) : 1;
    if (len * MAX_CHAR_BYTES + 4 > MAX_ALLOC_SIZE)
        return too_large(err);
    int64_t s1 = u8_count(S(0), SL(0));
    if (s1 > len)
        s1 = len;
    if (filllen == 0)
        len = s1;
    size_t keep = u8_offset(S(0), SL(0), s1);
    og_buf b = OG_BUF_INIT;
    og_buf_reserve(&b, keep + (size_t)(len - s1) * MAX_CHAR_BYTES + 1);
    if (!left)
        og_buf_append(&b, S(0), keep);
    const char *f = fill, *fend = fill + filllen;
    for (int64_t i = s1; i < len; i++) {
        size_t n = u8_next(f, fend);
        og_buf_append(&b, f, n);
        f += n;
        if (f >= fend)
            f = fill;
    }
    if (left)
        og_buf_append(&b, S(0), keep);
    return ret_buf(out, a, &b);
}

static bool fn_lpad(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                    og_error *err)
{
    return pad(args, nargs, true, a, out, err);
}

static bool fn_rpad(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                    og_error *err)
{
    return pad(args, nargs, false, a, out, err);
}

static bool fn_repeat(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    int64_t count = args[1].u.i < 0 ? 0 : args[1].u.i;
    int64_t total = count * (int64_t)SL(0); /* int32 * MaxAllocSize: fits */
    if (total > INT32_MAX - 4 || total + 4 > MAX_ALLOC_SIZE)
        return too_large(err);
    char *r = og_arena_alloc(a, (size_t)total + 1);
    for (int64_t i = 0; i < count; i++)
        memcpy(r + i * (int64_t)SL(0), S(0), SL(0));
    r[total] = '\0';
    out->oid = OG_OID_TEXT;
    out->isnull = false;
    out->u.str.p = r;
    out->u.str.len = (size_t)total;
    return true;
}

/* ---- searching -------------------------------------------------------------------- */

static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (nlen == 0)
        return hay;
    return memmem(hay, hlen, needle, nlen);
}

/* strpos(s, sub) / position(sub IN s): 1-based character position, 0 when absent. */
static bool fn_strpos(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    const char *hit = find(S(0), SL(0), S(1), SL(1));
    return ret_int4(out, hit ? u8_count(S(0), (size_t)(hit - S(0))) + 1 : 0);
}

static bool fn_starts_with(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    return ret_bool(out, SL(1) <= SL(0) && memcmp(S(0), S(1), SL(1)) == 0);
}

static bool fn_replace(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    if (SL(1) == 0 || SL(0) == 0)
        return ret_text(out, a, S(0), SL(0));
    og_buf b = OG_BUF_INIT;
    const char *p = S(0), *end = S(0) + SL(0);
    for (;;) {
        const char *hit = memmem(p, (size_t)(end - p), S(1), SL(1));
        if (!hit)
            break;
        og_buf_append(&b, p, (size_t)(hit - p));
        og_buf_append(&b, S(2), SL(2));
        p = hit + SL(1);
    }
    og_buf_append(&b, p, (size_t)(end - p));
    return ret_buf(out, a, &b);
}

/* split_part(s, delim, n): field n (from 1; negative counts from the end). */
static bool fn_split_part(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                          og_error *err)
{
    int64_t n = args[2].u.i;
    if (n == 0) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "field position must not be zero");
        return false;
    }
    if (SL(0) == 0)
        return ret_text(out, a, "", 0);
    if (SL(1) == 0)
        return (n == 1 || n == -1) ? ret_text(out, a, S(0), SL(0)) : ret_text(out, a, "", 0);
    /* field boundaries: count fields first when n is negative */
    int64_t nfields = 1;
    if (n < 0) {
        for (const char *p = S(0); (p = memmem(p, SL(0) - (size_t)(p - S(0)), S(1), SL(1))) != NULL; p += SL(1))
            nfields++;
        n = nfields + n + 1;
        if (n <= 0)
            return ret_text(out, a, "", 0);
    }
    const char *start = S(0), *end = S(0) + SL(0);
    for (int64_t i = 1;; i++) {
        const char *hit = memmem(start, (size_t)(end - start), S(1), SL(1));
        if (i == n)
            return ret_text(out, a, start, (size_t)((hit ? hit : end) - start));
        if (!hit)
            return ret_text(out, a, "", 0);
        start = hit + SL(1);
    }
}

/* gen_random_uuid(): a version 4 UUID from OpenSSL's random generator. */
static bool fn_gen_random_uuid(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_UUID;
    if (RAND_bytes(out->u.uuid, 16) != 1) {
        og_error_set(err, "XX000", "could not generate random values");
        return false;
    }
    out->u.uuid[6] = (uint8_t)((out->u.uuid[6] & 0x0f) | 0x40);
    out->u.uuid[8] = (uint8_t)((out->u.uuid[8] & 0x3f) | 0x80);
    return true;
}

static bool fn_md5(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                   og_error *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(S(0), SL(0), md, &mdlen, EVP_md5(), NULL)) {
        og_error_set(err, "53200", "out of memory");
        return false;
    }
    char *hex = og_arena_alloc(a, 2 * mdlen + 1);
    for (unsigned int i = 0; i < mdlen; i++) {
        hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
    }
    hex[2 * mdlen] = '\0';
    out->oid = OG_OID_TEXT;
    out->isnull = false;
    out->u.str.p = hex;
    out->u.str.len = 2 * mdlen;
    return true;
}

/* ---- concatenation ---------------------------------------------------------------- */

static bool fn_textcat(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    og_buf b = OG_BUF_INIT;
    put_as_text(cx, &args[0], &b);
    put_as_text(cx, &args[1], &b);
    return ret_buf(out, a, &b);
}

/* concat(VARIADIC "any"): NULLs are skipped, everything else printed by its output function. */
static bool fn_concat(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    og_buf b = OG_BUF_INIT;
    for (uint16_t i = 0; i < nargs; i++)
        if (!args[i].isnull)
            put_output(cx, &args[i], &b);
    return ret_buf(out, a, &b);
}

/* concat_ws(sep, VARIADIC "any"): a NULL separator gives NULL; NULL values are skipped. */
static bool fn_concat_ws(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    if (args[0].isnull) {
        *out = og_value_null(OG_OID_TEXT);
        return true;
    }
    og_buf b = OG_BUF_INIT;
    bool first = true;
    for (uint16_t i = 1; i < nargs; i++) {
        if (args[i].isnull)
            continue;
        if (!first)
            og_buf_append(&b, S(0), SL(0));
        first = false;
        put_output(cx, &args[i], &b);
    }
    return ret_buf(out, a, &b);
}

/* ---- characters ------------------------------------------------------------------- */

/* Code point of the UTF-8 sequence at s (n bytes available); 0 for an empty string. */
static uint32_t u8_decode(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t len = u8_len(p[0]);
    if (len > n)
        len = n;
    switch (len) {
    case 2:
        return ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
    case 3:
        return ((uint32_t)(p[0] & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
    case 4:
        return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) | ((uint32_t)(p[2] & 0x3f) << 6) |
               (p[3] & 0x3f);
    default:
        return p[0];
    }
}

/* UTF-8 encoding of code point c into buf (at least 4 bytes); returns its length. */
static size_t u8_encode(uint32_t c, char *buf)
{
    if (c < 0x80) {
        buf[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        buf[0] = (char)(0xc0 | (c >> 6));
        buf[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        buf[0] = (char)(0xe0 | (c >> 12));
        buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        buf[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    buf[0] = (char)(0xf0 | (c >> 18));
    buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    buf[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* ascii(s): the code point of the first character, 0 for ''. */
static bool fn_ascii(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    return ret_int4(out, u8_decode(S(0), SL(0)));
}

/* chr(n): the character with code point n (UTF-8: 1 .. 0x10FFFF, no surrogates). */
static bool fn_chr(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                   og_error *err)
{
    int64_t n = args[0].u.i;
    if (n < 0) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "character number must be positive");
        return false;
    }
    if (n == 0) {
        og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "null character not permitted");
        return false;
    }
    if (n > 0x10ffff) {
        og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "requested character too large for encoding: %lld",
                     (long long)n);
        return false;
    }
    if (n >= 0xd800 && n <= 0xdfff) {
        og_error_set(err, OG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "requested character not valid for encoding: %lld",
                     (long long)n);
        return false;
    }
    char buf[4];
    return ret_text(out, a, buf, u8_encode((uint32_t)n, buf));
}

/* translate(s, from, to): each character of s found in from (first occurrence) becomes the
 * character at the same position of to, or disappears when to is shorter. */
static bool fn_translate(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    og_buf b = OG_BUF_INIT;
    const char *p = S(0), *end = S(0) + SL(0);
    const char *fend = S(1) + SL(1), *tend = S(2) + SL(2);
    while (p < end) {
        size_t cl = u8_next(p, end);
        /* position of this character in from */
        int64_t pos = -1, i = 0;
        for (const char *f = S(1); f < fend; i++) {
            size_t fl = u8_next(f, fend);
            if (fl == cl && memcmp(f, p, cl) == 0) {
                pos = i;
                break;
            }
            f += fl;
        }
        if (pos < 0) {
            og_buf_append(&b, p, cl);
        } else {
            const char *t = S(2);
            for (int64_t k = 0; k < pos && t < tend; k++)
                t += u8_next(t, tend);
            if (t < tend)
                og_buf_append(&b, t, u8_next(t, tend));
        }
        p += cl;
    }
    return ret_buf(out, a, &b);
}

/* to_hex(int4 / int8): the two's complement bits of the value in its own width. */
static bool fn_to_hex32(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    char buf[16];
    int n = snprintf(buf, sizeof(buf), "%x", (unsigned)(uint32_t)args[0].u.i);
    return ret_text(out, a, buf, (size_t)n);
}

static bool fn_to_hex64(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%llx", (unsigned long long)(uint64_t)args[0].u.i);
    return ret_text(out, a, buf, (size_t)n);
}

/* overlay(s placing r from start [for count]): s[1, start) || r || s[start + count, ...). */
static bool overlay(const og_value *args, int64_t sp, int64_t sl, og_arena *a, og_value *out, og_error *err)
{
    int64_t sp1 = sp + sl;
    if (sp1 > INT32_MAX || sp1 < INT32_MIN) {
        og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "integer out of range");
        return false;
    }
    if (sp - 1 < 0) {
        og_error_set(err, SQLSTATE_STRING_SUBSTRING, "negative substring length not allowed");
        return false;
    }
    size_t head = u8_offset(S(0), SL(0), sp - 1);
    size_t tail = u8_offset(S(0), SL(0), sp1 < 1 ? 0 : sp1 - 1);
    og_buf b = OG_BUF_INIT;
    og_buf_append(&b, S(0), head);
    og_buf_append(&b, S(1), SL(1));
    og_buf_append(&b, S(0) + tail, SL(0) - tail);
    return ret_buf(out, a, &b);
}

static bool fn_overlay3(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    return overlay(args, args[2].u.i, u8_count(S(1), SL(1)), a, out, err);
}

static bool fn_overlay4(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    return overlay(args, args[2].u.i, args[3].u.i, a, out, err);
}

/* ---- quoting ---------------------------------------------------------------------- */

/* PostgreSQL 15's keywords that are not UNRESERVED_KEYWORD (pg_get_keywords() where
 * catcode <> 'U'), sorted: quote_ident quotes them. */
/* clang-format off */
static const char *const reserved_words[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
    "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
    "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
    "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
    "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
    "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group",
    "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval",
    "into", "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif",
    "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
    "precision", "primary", "real", "references", "returning", "right", "row", "select", "session_user", "setof",
    "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then", "time", "timestamp",
    "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic",
    "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};
/* clang-format on */

static int cmp_word(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

/* quote_identifier: bare when [a-z_][a-z0-9_]* and not a reserved word, else "..." with "" doubled. */
static void put_ident(og_buf *b, const char *s, size_t n)
{
    bool safe = n > 0 && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_');
    for (size_t i = 0; i < n && safe; i++)
        safe = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
    if (safe && n < 64) {
        char word[64];
        memcpy(word, s, n);
        word[n] = '\0';
        safe = bsearch(word, reserved_words, sizeof(reserved_words) / sizeof(reserved_words[0]),
                       sizeof(reserved_words[0]), cmp_word) == NULL;
    }
    if (safe) {
        og_buf_append(b, s, n);
        return;
    }
    og_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            og_buf_putc(b, '"');
        og_buf_putc(b, (uint8_t)s[i]);
    }
    og_buf_putc(b, '"');
}

/* quote_literal_cstr: '...' with ' and \ doubled, and an E prefix when there is a backslash. */
static void put_literal(og_buf *b, const char *s, size_t n)
{
    if (n > 0 && memchr(s, '\\', n))
        og_buf_putc(b, 'E');
    og_buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'' || s[i] == '\\')
            og_buf_putc(b, (uint8_t)s[i]);
        og_buf_putc(b, (uint8_t)s[i]);
    }
    og_buf_putc(b, '\'');
}

static bool fn_quote_ident(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                           og_error *err)
{
    og_buf b = OG_BUF_INIT;
    put_ident(&b, S(0), SL(0));
    return ret_buf(out, a, &b);
}

/* quote_literal(text) and quote_literal(anyelement) (the value cast to text first). */
static bool fn_quote_literal(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                             og_error *err)
{
    og_buf t = OG_BUF_INIT, b = OG_BUF_INIT;
    put_as_text(cx, &args[0], &t);
    put_literal(&b, (const char *)t.data, t.len);
    og_buf_free(&t);
    return ret_buf(out, a, &b);
}

/* quote_nullable: NULL gives the word NULL. */
static bool fn_quote_nullable(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    if (args[0].isnull)
        return ret_text(out, a, "NULL", 4);
    return fn_quote_literal(cx, args, nargs, a, out, err);
}

/* ---- format() --------------------------------------------------------------------- */

static bool format_unterminated(og_error *err)
{
    og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "unterminated format() type specifier");
    og_error_hint(err, "For a single \"%%\" use \"%%%%\".");
    return false;
}

/* text_format_parse_digits: a decimal number at *p; false with *ok untouched when there is none. */
static bool format_digits(const char **p, const char *end, int *value, bool *found, og_error *err)
{
    int64_t v = 0;
    *found = false;
    while (*p < end && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        if (v > INT32_MAX) {
            og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "number is out of range");
            return false;
        }
        (*p)++;
        *found = true;
        if (*p >= end)
            return format_unterminated(err);
    }
    *value = (int)v;
    return true;
}

/* Append s (n bytes) padded with spaces to width characters (left-aligned when left or
 * when width is negative, as text_format_append_string). */
static bool format_pad(og_buf *b, const char *s, size_t n, int64_t width, bool left, og_error *err)
{
    if (width < 0) {
        if (width <= INT32_MIN) {
            og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "number is out of range");
            return false;
        }
        left = true;
        width = -width;
    }
    int64_t chars = u8_count(s, n);
    int64_t pad = width > chars ? width - chars : 0;
    if (!left)
        for (int64_t i = 0; i < pad; i++)
            og_buf_putc(b, ' ');
    og_buf_append(b, s, n);
    if (left)
        for (int64_t i = 0; i < pad; i++)
            og_buf_putc(b, ' ');
    return true;
}

/* An integer width argument: int4 as is, anything else through its text output. */
static bool format_width_arg(const orm_eval_ctx *cx, const og_value *v, int *width, og_error *err)
{
    if (v->isnull) {
        *width = 0;
        return true;
    }
    int64_t w;
    if (v->oid == OG_OID_INT4 || v->oid == OG_OID_INT2) {
        w = v->u.i;
    } else {
        og_buf t = OG_BUF_INIT;
        put_output(cx, v, &t);
        og_value iv;
        og_arena tmp;
        og_arena_init(&tmp);
        bool ok = og_text_io_get()->decode(OG_OID_INT4, (const char *)t.data, t.len, cx ? cx->timezone : NULL, &tmp,
                                           &iv, err);
        og_buf_free(&t);
        og_arena_reset(&tmp);
        if (!ok)
            return false;
        w = iv.u.i;
    }
    *width = (int)w;
    return true;
}

/* format(fmt, VARIADIC "any"): %[n$][-][width|*|*n$](s|I|L) and %%. */
static bool fn_format(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    if (args[0].isnull) {
        *out = og_value_null(OG_OID_TEXT);
        return true;
    }
    const char *p = S(0), *end = S(0) + SL(0);
    int nvals = nargs - 1, arg = 0; /* arg: the next value to use, 0-based among args[1..] */
    og_buf b = OG_BUF_INIT;
    while (p < end) {
        if (*p != '%') {
            og_buf_putc(&b, (uint8_t)*p++);
            continue;
        }
        p++;
        if (p >= end) {
            format_unterminated(err);
            goto fail;
        }
        if (*p == '%') {
            og_buf_putc(&b, '%');
            p++;
            continue;
        }
        /* text_format_parse_format */
        int argpos = -1, widthpos = -1, width = 0, n;
        bool left = false, found;
        if (!format_digits(&p, end, &n, &found, err))
            goto fail;
        if (found) {
            if (*p == '$') {
                if (n == 0) {
                    og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                 "format specifies argument 0, but arguments are numbered from 1");
                    goto fail;
                }
                argpos = n;
                if (++p >= end) {
                    format_unterminated(err);
                    goto fail;
                }
            } else {
                width = n; /* a bare number: the width, no flags may follow */
                goto conversion;
            }
        }
        while (*p == '-') {
            left = true;
            if (++p >= end) {
                format_unterminated(err);
                goto fail;
            }
        }
        if (*p == '*') {
            if (++p >= end) {
                format_unterminated(err);
                goto fail;
            }
            if (!format_digits(&p, end, &n, &found, err))
                goto fail;
            if (found) {
                if (*p != '$') {
                    /* "*" followed by digits without "$": the digits are not allowed */
                    og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                 "width argument position must be ended by \"$\"");
                    goto fail;
                }
                if (n == 0) {
                    og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                 "format specifies argument 0, but arguments are numbered from 1");
                    goto fail;
                }
                widthpos = n;
                if (++p >= end) {
                    format_unterminated(err);
                    goto fail;
                }
            } else {
                widthpos = 0; /* the next argument */
            }
        } else {
            if (!format_digits(&p, end, &width, &found, err))
                goto fail;
        }
    conversion:;
        char conv = *p;
        if (conv != 's' && conv != 'I' && conv != 'L') {
            size_t cl = u8_next(p, end);
            og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "unrecognized format() type specifier \"%.*s\"",
                         (int)cl, p);
            og_error_hint(err, "For a single \"%%\" use \"%%%%\".");
            goto fail;
        }
        p++;
        if (widthpos >= 0) {
            if (widthpos > 0)
                arg = widthpos - 1;
            if (arg >= nvals) {
                og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "too few arguments for format()");
                goto fail;
            }
            if (!format_width_arg(cx, &args[1 + arg], &width, err))
                goto fail;
            arg++;
        }
        if (argpos > 0)
            arg = argpos - 1;
        if (arg >= nvals) {
            og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "too few arguments for format()");
            goto fail;
        }
        const og_value *v = &args[1 + arg++];
        if (v->isnull) {
            if (conv == 'I') {
                og_error_set(err, "22004", "null values cannot be formatted as an SQL identifier");
                goto fail;
            }
            if (!format_pad(&b, conv == 'L' ? "NULL" : "", conv == 'L' ? 4 : 0, width, left, err))
                goto fail;
            continue;
        }
        og_buf t = OG_BUF_INIT, q = OG_BUF_INIT;
        put_output(cx, v, &t);
        bool ok;
        if (conv == 's') {
            ok = format_pad(&b, (const char *)t.data, t.len, width, left, err);
        } else {
            if (conv == 'I')
                put_ident(&q, (const char *)t.data, t.len);
            else
                put_literal(&q, (const char *)t.data, t.len);
            ok = format_pad(&b, (const char *)q.data, q.len, width, left, err);
        }
        og_buf_free(&t);
        og_buf_free(&q);
        if (!ok)
            goto fail;
    }
    return ret_buf(out, a, &b);
fail:
    og_buf_free(&b);
    return false;
}

/* ---- string_to_array, array_to_string --------------------------------------------- */

static og_value text_elem(og_arena *a, const char *p, size_t n, const og_value *null_str)
{
    og_value e = {0};
    e.oid = OG_OID_TEXT;
    if (null_str && !null_str->isnull && null_str->u.str.len == n && memcmp(null_str->u.str.p, p, n) == 0) {
        e.isnull = true;
        return e;
    }
    e.u.str.p = og_arena_memdup(a, n ? p : "", n);
    e.u.str.len = n;
    return e;
}

static void ret_text_array(og_value *out, og_value *elems, uint32_t n)
{
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_TEXT_ARRAY;
    out->u.arr.elem_oid = OG_OID_TEXT;
    out->u.arr.n = n;
    out->u.arr.lbound = 1;
    out->u.arr.elems = elems;
}

/* string_to_array(s, delim [, null_string]): NULL delim splits into characters, '' keeps s whole,
 * '' input gives {}; fields equal to null_string become NULL. Not strict. */
static bool fn_string_to_array(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    if (args[0].isnull) {
        *out = og_value_null(OG_OID_TEXT_ARRAY);
        return true;
    }
    const og_value *null_str = nargs > 2 ? &args[2] : NULL;
    const char *s = S(0), *end = S(0) + SL(0);
    size_t cap = 8, n = 0;
    og_value *elems = og_arena_alloc(a, cap * sizeof(og_value));
#define PUSH(p_, n_)                                                                                                   \
    do {                                                                                                               \
        if (n == cap) {                                                                                                \
            og_value *g = og_arena_alloc(a, 2 * cap * sizeof(og_value));                                               \
            memcpy(g, elems, n * sizeof(og_value));                                                                    \
            elems = g;                                                                                                 \
            cap *= 2;                                                                                                  \
        }                                                                                                              \
        elems[n++] = text_elem(a, (p_), (n_), null_str);                                                               \
    } while (0)
    if (SL(0) == 0) {
        /* {} */
    } else if (args[1].isnull) {
        for (const char *p = s; p < end;) {
            size_t cl = u8_next(p, end);
            PUSH(p, cl);
            p += cl;
        }
    } else if (SL(1) == 0) {
        PUSH(s, SL(0));
    } else {
        const char *start = s;
        for (;;) {
            const char *hit = memmem(start, (size_t)(end - start), S(1), SL(1));
            if (!hit) {
                PUSH(start, (size_t)(end - start));
                break;
            }
            PUSH(start, (size_t)(hit - start));
            start = hit + SL(1);
        }
    }
#undef PUSH
    ret_text_array(out, elems, (uint32_t)n);
    return true;
}

/* array_to_string(arr, delim [, null_string]): elements by their output function, NULLs
 * skipped or replaced by null_string. NULL array or delim gives NULL. */
static bool fn_array_to_string(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    if (args[0].isnull || args[1].isnull) {
        *out = og_value_null(OG_OID_TEXT);
        return true;
    }
    const og_value *null_str = nargs > 2 && !args[2].isnull ? &args[2] : NULL;
    const og_array *arr = &args[0].u.arr;
    og_buf b = OG_BUF_INIT;
    bool first = true;
    for (uint32_t i = 0; i < arr->n; i++) {
        const og_value *e = &arr->elems[i];
        if (e->isnull && !null_str)
            continue;
        if (!first)
            og_buf_append(&b, S(1), SL(1));
        first = false;
        if (e->isnull)
            og_buf_append(&b, null_str->u.str.p, null_str->u.str.len);
        else
            put_output(cx, e, &b);
    }
    return ret_buf(out, a, &b);
}

/* ---- LIKE ------------------------------------------------------------------------- */

enum { LIKE_TRUE = 1, LIKE_FALSE = 0, LIKE_ABORT = -1, LIKE_ERROR = -2 };

static int like_error(og_error *err, const char *code, const char *msg)
{
    og_error_set(err, code, "%s", msg);
    return LIKE_ERROR;
}

/* MatchText of like_match.c (multibyte variant: '_' consumes one character). */
static int match_text(const char *t, size_t tlen, const char *p, size_t plen, int depth, og_error *err)
{
    const char *tend = t + tlen;
    if (plen == 1 && *p == '%')
        return LIKE_TRUE;
    if (depth > LIKE_MAX_DEPTH)
        return like_error(err, OG_SQLSTATE_STATEMENT_TOO_COMPLEX, "stack depth limit exceeded");
    while (tlen > 0 && plen > 0) {
        if (*p == '\\') {
            p++, plen--;
            if (plen == 0)
                return like_error(err, SQLSTATE_INVALID_ESCAPE, "LIKE pattern must not end with escape character");
            if (*p != *t)
                return LIKE_FALSE;
        } else if (*p == '%') {
            p++, plen--;
            while (plen > 0) {
                if (*p == '%') {
                    p++, plen--;
                } else if (*p == '_') {
                    if (tlen == 0)
                        return LIKE_ABORT;
                    size_t n = u8_next(t, tend);
                    t += n, tlen -= n;
                    p++, plen--;
                } else {
                    break;
                }
            }
            if (plen == 0)
                return LIKE_TRUE;
            char firstpat;
            if (*p == '\\') {
                if (plen < 2)
                    return like_error(err, SQLSTATE_INVALID_ESCAPE, "LIKE pattern must not end with escape character");
                firstpat = p[1];
            } else {
                firstpat = *p;
            }
            while (tlen > 0) {
                if (*t == firstpat) {
                    int m = match_text(t, tlen, p, plen, depth + 1, err);
                    if (m != LIKE_FALSE)
                        return m;
                }
                size_t n = u8_next(t, tend);
                t += n, tlen -= n;
            }
            return LIKE_ABORT;
        } else if (*p == '_') {
            size_t n = u8_next(t, tend);
            t += n, tlen -= n;
            p++, plen--;
            continue;
        } else if (*p != *t) {
            return LIKE_FALSE;
        }
        t++, tlen--;
        p++, plen--;
    }
    if (tlen > 0)
        return LIKE_FALSE;
    while (plen > 0 && *p == '%')
        p++, plen--;
    return plen == 0 ? LIKE_TRUE : LIKE_ABORT;
}

/* ASCII lower-casing copy (ILIKE under the C collation). */
static char *ascii_lower(og_arena *a, const char *s, size_t n)
{
    char *r = og_arena_memdup(a, n ? s : "", n);
    for (size_t i = 0; i < n; i++)
        if (r[i] >= 'A' && r[i] <= 'Z')
            r[i] = (char)(r[i] + ('a' - 'A'));
    return r;
}

static bool like(const og_value *args, bool icase, bool negate, og_arena *a, og_value *out, og_error *err)
{
    const char *t = S(0), *p = S(1);
    if (icase) {
        t = ascii_lower(a, t, SL(0));
        p = ascii_lower(a, p, SL(1));
    }
    int m = match_text(t, SL(0), p, SL(1), 0, err);
    if (m == LIKE_ERROR)
        return false;
    return ret_bool(out, (m == LIKE_TRUE) != negate);
}

static bool fn_like(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                    og_error *err)
{
    return like(args, false, false, a, out, err);
}

static bool fn_notlike(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    return like(args, false, true, a, out, err);
}

static bool fn_ilike(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    return like(args, true, false, a, out, err);
}

static bool fn_notilike(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    return like(args, true, true, a, out, err);
}

/* ---- regular expressions ---------------------------------------------------------- */

#define RE_CACHE_SLOTS 8

typedef struct re_slot {
    char *pattern; /* malloc'd, NUL-terminated; NULL when the slot is empty */
    size_t len;
    int cflags;
    regex_t re;
} re_slot;

/* Per-thread cache; slots are reused round robin and freed when the thread exits (a key
 * destructor: driver pool threads come and go with their backend). */
static __thread re_slot re_cache[RE_CACHE_SLOTS];
static __thread unsigned re_next;
static pthread_key_t re_key;
static pthread_once_t re_key_once = PTHREAD_ONCE_INIT;

static void re_cache_free(void *unused)
{
    (void)unused;
    for (unsigned i = 0; i < RE_CACHE_SLOTS; i++)
        if (re_cache[i].pattern) {
            regfree(&re_cache[i].re);
            free(re_cache[i].pattern);
            re_cache[i].pattern = NULL;
        }
}

static void re_key_make(void)
{
    pthread_key_create(&re_key, re_cache_free);
}

static locale_t re_locale;
static pthread_once_t re_locale_once = PTHREAD_ONCE_INIT;

static void re_locale_init(void)
{
    re_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* PostgreSQL's wording (regerrs.h) of the POSIX error codes glibc returns. */
static const char *re_message(int code)
{
    switch (code) {
    case REG_ECOLLATE:
        return "invalid collating element";
    case REG_ECTYPE:
        return "invalid character class";
    case REG_EESCAPE:
        return "invalid escape \\ sequence";
    case REG_ESUBREG:
        return "invalid backreference number";
    case REG_EBRACK:
        return "brackets [] not balanced";
    case REG_EPAREN:
        return "parentheses () not balanced";
    case REG_EBRACE:
        return "braces {} not balanced";
    case REG_BADBR:
        return "invalid repetition count(s)";
    case REG_ERANGE:
        return "invalid character range";
    case REG_ESPACE:
        return "out of memory";
    case REG_BADRPT:
        return "quantifier operand invalid";
    default:
        return "invalid regexp (reg version 0.8)";
    }
}

/* Bits of a cache key besides glibc's REG_* flags: how the pattern text is read. */
#define RE_QUOTE    (1 << 24) /* flag q: the whole pattern is a literal string */
#define RE_EXPANDED (1 << 25) /* flag x: white space and #-comments are ignored */

/* The pattern as glibc reads it: ARE class escapes \d \D become bracket expressions;
 * with RE_QUOTE every special character is escaped, with RE_EXPANDED white space and
 * comments outside brackets are dropped. */
static char *re_translate(const char *p, size_t n, int cflags)
{
    og_buf b = OG_BUF_INIT;
    bool in_bracket = false;
    if (cflags & RE_QUOTE) {
        const char *special = (cflags & REG_EXTENDED) ? ".[\\()*+?{|^$" : ".[\\*^$";
        for (size_t i = 0; i < n; i++) {
            if (strchr(special, p[i]))
                og_buf_putc(&b, '\\');
            og_buf_putc(&b, (uint8_t)p[i]);
        }
        n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_bracket) {
            og_buf_putc(&b, (uint8_t)c);
            if (c == ']')
                in_bracket = false;
            continue;
        }
        if ((cflags & RE_EXPANDED) && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'))
            continue;
        if ((cflags & RE_EXPANDED) && c == '#') {
            while (i + 1 < n && p[i + 1] != '\n')
                i++;
            continue;
        }
        if (c == '\\' && i + 1 < n && (p[i + 1] == 'd' || p[i + 1] == 'D')) {
            og_buf_puts(&b, p[i + 1] == 'd' ? "[[:digit:]]" : "[^[:digit:]]");
            i++;
            continue;
        }
        if (c == '\\' && i + 1 < n) {
            og_buf_putc(&b, (uint8_t)c);
            og_buf_putc(&b, (uint8_t)p[++i]);
            continue;
        }
        if (c == '[') {
            /* a ']' right after '[' or '[^' is a member, not the end */
            og_buf_putc(&b, (uint8_t)c);
            if (i + 1 < n && p[i + 1] == '^')
                og_buf_putc(&b, (uint8_t)p[++i]);
            if (i + 1 < n && p[i + 1] == ']')
                og_buf_putc(&b, (uint8_t)p[++i]);
            in_bracket = true;
            continue;
        }
        og_buf_putc(&b, (uint8_t)c);
    }
    char *r = strdup(og_buf_cstr(&b));
    og_buf_free(&b);
    if (!r)
        abort();
    return r;
}

/* The compiled pattern from this thread's cache, compiling it on a miss. */
static regex_t *re_get(const char *p, size_t n, int cflags, og_error *err)
{
    for (unsigned i = 0; i < RE_CACHE_SLOTS; i++) {
        re_slot *s = &re_cache[i];
        if (s->pattern && s->len == n && s->cflags == cflags && memcmp(s->pattern, p, n) == 0)
            return &s->re;
    }
    if (memchr(p, '\0', n)) {
        og_error_set(err, SQLSTATE_INVALID_REGEX, "invalid regular expression: %s", re_message(REG_BADPAT));
        return NULL;
    }
    pthread_once(&re_key_once, re_key_make);
    if (!pthread_getspecific(re_key))
        pthread_setspecific(re_key, re_cache); /* any non-NULL value: the destructor runs at exit */
    re_slot *s = &re_cache[re_next++ % RE_CACHE_SLOTS];
    if (s->pattern) {
        regfree(&s->re);
        free(s->pattern);
        s->pattern = NULL;
    }
    char *glibc_pattern = re_translate(p, n, cflags);
    int rc = regcomp(&s->re, glibc_pattern, cflags & ~(RE_QUOTE | RE_EXPANDED));
    free(glibc_pattern);
    if (rc != 0) {
        og_error_set(err, SQLSTATE_INVALID_REGEX, "invalid regular expression: %s", re_message(rc));
        return NULL;
    }
    s->pattern = malloc(n + 1);
    if (!s->pattern)
        abort();
    memcpy(s->pattern, p, n);
    s->pattern[n] = '\0';
    s->len = n;
    s->cflags = cflags;
    return &s->re;
}

static bool regex(const og_value *args, bool icase, bool negate, og_arena *a, og_value *out, og_error *err)
{
    pthread_once(&re_locale_once, re_locale_init);
    locale_t old = re_locale ? uselocale(re_locale) : (locale_t)0;
    bool ok = false;
    regex_t *re = re_get(S(1), SL(1), REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0), err);
    if (re) {
        char *subject = og_arena_memdup(a, SL(0) ? S(0) : "", SL(0));
        /* text cannot contain NUL, so regexec's C string is the whole value */
        int rc = regexec(re, subject, 0, NULL, 0);
        ok = ret_bool(out, (rc == 0) != negate);
    }
    if (re_locale)
        uselocale(old);
    return ok;
}

static bool fn_regex(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                     og_error *err)
{
    return regex(args, false, false, a, out, err);
}

static bool fn_notregex(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                        og_error *err)
{
    return regex(args, false, true, a, out, err);
}

static bool fn_iregex(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                      og_error *err)
{
    return regex(args, true, false, a, out, err);
}

static bool fn_notiregex(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    return regex(args, true, true, a, out, err);
}

/* ---- regexp_replace, regexp_match, regexp_split_to_array ---------------------------- */

typedef struct re_opts {
    int cflags; /* REG_* plus RE_QUOTE / RE_EXPANDED */
    bool global;
} re_opts;

/* parse_re_flags: g i c n m s t x q e b; p and w (partial newline sensitivity) have no
 * POSIX equivalent and are refused. */
static bool re_flags(const og_value *flags, re_opts *o, og_error *err)
{
    o->cflags = REG_EXTENDED;
    o->global = false;
    if (!flags)
        return true;
    const char *p = flags->u.str.p, *end = p + flags->u.str.len;
    for (; p < end; p++) {
        switch (*p) {
        case 'g':
            o->global = true;
            break;
        case 'b':
            o->cflags &= ~REG_EXTENDED;
            break;
        case 'c':
            o->cflags &= ~REG_ICASE;
            break;
        case 'e':
            o->cflags |= REG_EXTENDED;
            break;
        case 'i':
            o->cflags |= REG_ICASE;
            break;
        case 'm':
        case 'n':
            o->cflags |= REG_NEWLINE;
            break;
        case 's':
            o->cflags &= ~REG_NEWLINE;
            break;
        case 'q':
            o->cflags |= RE_QUOTE;
            break;
        case 't':
            o->cflags &= ~RE_EXPANDED;
            break;
        case 'x':
            o->cflags |= RE_EXPANDED;
            break;
        case 'p':
        case 'w':
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "regular expression option \"%c\" is not supported",
                         *p);
            return false;
        default: {
            size_t cl = u8_next(p, end);
            og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "invalid regular expression option: \"%.*s\"",
                         (int)cl, p);
            return false;
        }
        }
    }
    return true;
}

/* One search of re in subject[0..len) (NUL-terminated) from byte offset start; pm gets nm slots. */
static bool re_find(regex_t *re, const char *subject, size_t len, size_t start, regmatch_t *pm, size_t nm)
{
    pm[0].rm_so = (regoff_t)start;
    pm[0].rm_eo = (regoff_t)len;
    return regexec(re, subject, nm, pm, REG_STARTEND) == 0;
}

/* The search position after a match ending at eo: one character further for an empty match. */
static size_t re_advance(const char *subject, size_t len, const regmatch_t *m)
{
    size_t next = (size_t)m->rm_eo;
    if (m->rm_so == m->rm_eo)
        next += next < len ? u8_next(subject + next, subject + len) : 1;
    return next;
}

/* Compile pattern args[1] with flags (NULL: none) under the C.UTF-8 locale; *old gets the
 * thread's previous locale, restored by re_end. */
static regex_t *re_begin(const og_value *args, const re_opts *o, locale_t *old, og_error *err)
{
    pthread_once(&re_locale_once, re_locale_init);
    *old = re_locale ? uselocale(re_locale) : (locale_t)0;
    return re_get(S(1), SL(1), o->cflags, err);
}

static void re_end(locale_t old)
{
    if (re_locale)
        uselocale(old);
}

/* Append replacement r for match pm (\1..\9, \& and \\ substituted). */
static void re_substitute(og_buf *b, const char *subject, const char *r, size_t rlen, const regmatch_t *pm, size_t nm)
{
    const char *p = r, *end = r + rlen;
    while (p < end) {
        if (*p != '\\') {
            og_buf_putc(b, (uint8_t)*p++);
            continue;
        }
        p++;
        int idx;
        if (p < end && *p >= '1' && *p <= '9') {
            idx = *p++ - '0';
        } else if (p < end && *p == '&') {
            idx = 0;
            p++;
        } else if (p < end && *p == '\\') {
            og_buf_putc(b, '\\');
            p++;
            continue;
        } else {
            og_buf_putc(b, '\\');
            continue;
        }
        if ((size_t)idx < nm && pm[idx].rm_so >= 0 && pm[idx].rm_eo >= 0)
            og_buf_append(b, subject + pm[idx].rm_so, (size_t)(pm[idx].rm_eo - pm[idx].rm_so));
    }
}

#define RE_NMATCH 10 /* \0 .. \9 */

/* regexp_replace(s, pattern, replacement [, flags]). */
static bool fn_regexp_replace(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    re_opts o;
    if (!re_flags(nargs > 3 ? &args[3] : NULL, &o, err))
        return false;
    locale_t old;
    regex_t *re = re_begin(args, &o, &old, err);
    if (!re) {
        re_end(old);
        return false;
    }
    const char *subject = og_arena_memdup(a, SL(0) ? S(0) : "", SL(0));
    size_t len = SL(0), pos = 0, start = 0;
    regmatch_t pm[RE_NMATCH];
    og_buf b = OG_BUF_INIT;
    while (start <= len && re_find(re, subject, len, start, pm, RE_NMATCH)) {
        og_buf_append(&b, subject + pos, (size_t)pm[0].rm_so - pos);
        re_substitute(&b, subject, S(2), SL(2), pm, RE_NMATCH);
        pos = (size_t)pm[0].rm_eo;
        start = re_advance(subject, len, &pm[0]);
        if (!o.global)
            break;
    }
    re_end(old);
    og_buf_append(&b, subject + pos, len - pos);
    return ret_buf(out, a, &b);
}

/* regexp_match(s, pattern [, flags]) -> text[]: the capture groups (or the whole match), NULL
 * when there is no match. */
static bool fn_regexp_match(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    re_opts o;
    if (!re_flags(nargs > 2 ? &args[2] : NULL, &o, err))
        return false;
    if (o.global) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE, "regexp_match() does not support the \"global\" option");
        og_error_hint(err, "Use the regexp_matches function instead.");
        return false;
    }
    locale_t old;
    regex_t *re = re_begin(args, &o, &old, err);
    if (!re) {
        re_end(old);
        return false;
    }
    const char *subject = og_arena_memdup(a, SL(0) ? S(0) : "", SL(0));
    size_t nsub = re->re_nsub, nm = nsub + 1;
    regmatch_t *pm = og_arena_alloc(a, nm * sizeof(regmatch_t));
    bool found = re_find(re, subject, SL(0), 0, pm, nm);
    re_end(old);
    if (!found) {
        *out = og_value_null(OG_OID_TEXT_ARRAY);
        return true;
    }
    size_t n = nsub ? nsub : 1;
    og_value *elems = og_arena_zalloc(a, n * sizeof(og_value));
    for (size_t i = 0; i < n; i++) {
        const regmatch_t *m = &pm[nsub ? i + 1 : 0];
        elems[i].oid = OG_OID_TEXT;
        if (m->rm_so < 0) {
            elems[i].isnull = true;
            continue;
        }
        elems[i].u.str.p = subject + m->rm_so;
        elems[i].u.str.len = (size_t)(m->rm_eo - m->rm_so);
    }
    ret_text_array(out, elems, (uint32_t)n);
    return true;
}

/* regexp_split_to_array(s, pattern [, flags]): the pieces between matches; empty matches at
 * the start or end of s or right after the previous match do not split. */
static bool fn_regexp_split_to_array(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                     og_value *out, og_error *err)
{
    re_opts o;
    if (!re_flags(nargs > 2 ? &args[2] : NULL, &o, err))
        return false;
    if (o.global) {
        og_error_set(err, OG_SQLSTATE_INVALID_PARAMETER_VALUE,
                     "regexp_split_to_array() does not support the \"global\" option");
        return false;
    }
    locale_t old;
    regex_t *re = re_begin(args, &o, &old, err);
    if (!re) {
        re_end(old);
        return false;
    }
    const char *subject = og_arena_memdup(a, SL(0) ? S(0) : "", SL(0));
    size_t len = SL(0), start = 0, prev_end = 0, piece = 0, n = 0, cap = 8;
    og_value *elems = og_arena_alloc(a, cap * sizeof(og_value));
    regmatch_t pm[1];
    for (;;) {
        bool last = !(start <= len && re_find(re, subject, len, start, pm, 1));
        size_t so = last ? len : (size_t)pm[0].rm_so;
        if (last || (so < len && (size_t)pm[0].rm_eo > prev_end)) {
            if (n == cap) {
                og_value *g = og_arena_alloc(a, 2 * cap * sizeof(og_value));
                memcpy(g, elems, n * sizeof(og_value));
                elems = g;
                cap *= 2;
            }
            elems[n++] = text_elem(a, subject + piece, so - piece, NULL);
            if (last)
                break;
            piece = (size_t)pm[0].rm_eo;
        }
        prev_end = (size_t)pm[0].rm_eo;
        start = re_advance(subject, len, &pm[0]);
    }
    re_end(old);
    ret_text_array(out, elems, (uint32_t)n);
    return true;
}

/* ---- the table ---------------------------------------------------------------------- */

#define T  OG_OID_TEXT
#define I4 OG_OID_INT4
#define ST ORM_FN_STRICT
#define F1(name, sym, a0, ret, impl)                                                                                   \
    {                                                                                                                  \
        name, sym, 1, {a0}, ret, ST, impl, NULL                                                                        \
    }
#define F2(name, sym, a0, a1, ret, impl)                                                                               \
    {                                                                                                                  \
        name, sym, 2, {a0, a1}, ret, ST, impl, NULL                                                                    \
    }
#define F3(name, sym, a0, a1, a2, ret, impl)                                                                           \
    {                                                                                                                  \
        name, sym, 3, {a0, a1, a2}, ret, ST, impl, NULL                                                                \
    }

static const orm_fn fns[] = {
    F1("lower", "lower", T, T, fn_lower),
    F1("upper", "upper", T, T, fn_upper),
    F1("initcap", "initcap", T, T, fn_initcap),
    F1("length", "textlen", T, I4, fn_length),
    F1("char_length", "char_length", T, I4, fn_length),
    F1("character_length", "character_length", T, I4, fn_length),
    F1("length", "bpcharlen", OG_OID_BPCHAR, I4, fn_bpchar_length),
    F1("char_length", "bpchar_char_length", OG_OID_BPCHAR, I4, fn_bpchar_length),
    F1("character_length", "bpchar_character_length", OG_OID_BPCHAR, I4, fn_bpchar_length),
    F1("octet_length", "textoctetlen", T, I4, fn_octet_length),
    F1("octet_length", "bpcharoctetlen", OG_OID_BPCHAR, I4, fn_octet_length),
    F1("octet_length", "byteaoctetlen", OG_OID_BYTEA, I4, fn_octet_length),
    F1("length", "bytea_length", OG_OID_BYTEA, I4, fn_octet_length),
    F2("substr", "text_substr_no_len", T, I4, T, fn_substr2),
    F3("substr", "text_substr", T, I4, I4, T, fn_substr3),
    F2("substring", "text_substring_no_len", T, I4, T, fn_substr2),
    F3("substring", "text_substring", T, I4, I4, T, fn_substr3),
    F2("left", "text_left", T, I4, T, fn_left),
    F2("right", "text_right", T, I4, T, fn_right),
    F1("reverse", "text_reverse", T, T, fn_reverse),
    F1("btrim", "btrim1", T, T, fn_btrim),
    F2("btrim", "btrim", T, T, T, fn_btrim),
    F1("ltrim", "ltrim1", T, T, fn_ltrim),
    F2("ltrim", "ltrim", T, T, T, fn_ltrim),
    F1("rtrim", "rtrim1", T, T, fn_rtrim),
    F2("rtrim", "rtrim", T, T, T, fn_rtrim),
    F2("lpad", "lpad2", T, I4, T, fn_lpad),
    F3("lpad", "lpad", T, I4, T, T, fn_lpad),
    F2("rpad", "rpad2", T, I4, T, fn_rpad),
    F3("rpad", "rpad", T, I4, T, T, fn_rpad),
    F2("repeat", "repeat", T, I4, T, fn_repeat),
    F3("replace", "replace_text", T, T, T, T, fn_replace),
    F2("strpos", "strpos", T, T, I4, fn_strpos),
    F2("position", "textpos", T, T, I4, fn_strpos),
    F3("split_part", "split_part", T, T, I4, T, fn_split_part),
    F2("starts_with", "starts_with", T, T, OG_OID_BOOL, fn_starts_with),
    F1("md5", "md5_text", T, T, fn_md5),
    {"gen_random_uuid", "gen_random_uuid", 0, {0}, OG_OID_UUID, ORM_FN_VOLATILE, fn_gen_random_uuid, NULL},
    {"concat", "text_concat", 1, {ORM_T_ANY}, T, ORM_FN_VARIADIC, fn_concat, NULL},
    {"concat_ws", "text_concat_ws", 2, {T, ORM_T_ANY}, T, ORM_FN_VARIADIC, fn_concat_ws, NULL},
    F2("||", "textcat", T, T, T, fn_textcat),
    F2("||", "anytextcat", ORM_T_ANYNONARRAY, T, T, fn_textcat),
    F2("||", "textanycat", T, ORM_T_ANYNONARRAY, T, fn_textcat),
    F2("~~", "textlike", T, T, OG_OID_BOOL, fn_like),
    F2("!~~", "textnlike", T, T, OG_OID_BOOL, fn_notlike),
    F2("~~*", "texticlike", T, T, OG_OID_BOOL, fn_ilike),
    F2("!~~*", "texticnlike", T, T, OG_OID_BOOL, fn_notilike),
    F2("~", "textregexeq", T, T, OG_OID_BOOL, fn_regex),
    F2("!~", "textregexne", T, T, OG_OID_BOOL, fn_notregex),
    F2("~*", "texticregexeq", T, T, OG_OID_BOOL, fn_iregex),
    F2("!~*", "texticregexne", T, T, OG_OID_BOOL, fn_notiregex),
    F1("ascii", "ascii", T, I4, fn_ascii),
    F1("chr", "chr", I4, T, fn_chr),
    F3("translate", "translate", T, T, T, T, fn_translate),
    F1("to_hex", "to_hex32", I4, T, fn_to_hex32),
    F1("to_hex", "to_hex64", OG_OID_INT8, T, fn_to_hex64),
    F3("overlay", "textoverlay_no_len", T, T, I4, T, fn_overlay3),
    {"overlay", "textoverlay", 4, {T, T, I4, I4}, T, ST, fn_overlay4, NULL},
    F1("quote_ident", "quote_ident", T, T, fn_quote_ident),
    F1("quote_literal", "quote_literal", T, T, fn_quote_literal),
    F1("quote_literal", "quote_literal_any", ORM_T_ANYELEMENT, T, fn_quote_literal),
    {"quote_nullable", "quote_nullable", 1, {T}, T, 0, fn_quote_nullable, NULL},
    {"quote_nullable", "quote_nullable_any", 1, {ORM_T_ANYELEMENT}, T, 0, fn_quote_nullable, NULL},
    {"format", "text_format_nv", 1, {T}, T, 0, fn_format, NULL},
    {"format", "text_format", 2, {T, ORM_T_ANY}, T, ORM_FN_VARIADIC, fn_format, NULL},
    F2("^@", "text_starts_with_op", T, T, OG_OID_BOOL, fn_starts_with),
    {"string_to_array", "text_to_array", 2, {T, T}, OG_OID_TEXT_ARRAY, 0, fn_string_to_array, NULL},
    {"string_to_array", "text_to_array_null", 3, {T, T, T}, OG_OID_TEXT_ARRAY, 0, fn_string_to_array, NULL},
    F2("array_to_string", "array_to_text", ORM_T_ANYARRAY, T, T, fn_array_to_string),
    {"array_to_string", "array_to_text_null", 3, {ORM_T_ANYARRAY, T, T}, T, 0, fn_array_to_string, NULL},
    F3("regexp_replace", "textregexreplace_noopt", T, T, T, T, fn_regexp_replace),
    {"regexp_replace", "textregexreplace", 4, {T, T, T, T}, T, ST, fn_regexp_replace, NULL},
    F2("regexp_match", "regexp_match_no_flags", T, T, OG_OID_TEXT_ARRAY, fn_regexp_match),
    F3("regexp_match", "regexp_match", T, T, T, OG_OID_TEXT_ARRAY, fn_regexp_match),
    F2("regexp_split_to_array", "regexp_split_to_array_no_flags", T, T, OG_OID_TEXT_ARRAY, fn_regexp_split_to_array),
    F3("regexp_split_to_array", "regexp_split_to_array", T, T, T, OG_OID_TEXT_ARRAY, fn_regexp_split_to_array),
};

const orm_fn_table orm_fn_text = {fns, sizeof(fns) / sizeof(fns[0])};
