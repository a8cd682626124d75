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
static bool fn_gen_random_uuid(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                               og_value *out, og_error *err)
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

/* Per-thread cache; slots are reused round robin and live as long as the thread. */
static __thread re_slot re_cache[RE_CACHE_SLOTS];
static __thread unsigned re_next;

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

/* The pattern as glibc reads it: ARE class escapes \d \D become bracket expressions. */
static char *re_translate(const char *p, size_t n)
{
    og_buf b = OG_BUF_INIT;
    bool in_bracket = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_bracket) {
            og_buf_putc(&b, (uint8_t)c);
            if (c == ']')
                in_bracket = false;
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
    re_slot *s = &re_cache[re_next++ % RE_CACHE_SLOTS];
    if (s->pattern) {
        regfree(&s->re);
        free(s->pattern);
        s->pattern = NULL;
    }
    char *glibc_pattern = re_translate(p, n);
    int rc = regcomp(&s->re, glibc_pattern, cflags);
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
};

const orm_fn_table orm_fn_text = {fns, sizeof(fns) / sizeof(fns[0])};
