/*
 * wire/copy_in.c - the incremental COPY FROM parser (text and CSV formats).
 *
 * A port of PostgreSQL 15's commands/copyfromparse.c, in two stages as
 * there: read_line finds the next line (CopyReadLineText: line ends, CSV
 * quotes spanning lines, the \. end marker), then parse_text / parse_csv
 * split it into fields (CopyReadAttributesText / CSV: escapes, quotes, the
 * NULL string).
 *
 * PostgreSQL reads from a blocking source; here the bytes arrive in chunks.
 * read_line therefore examines one character at a time, working on copies of
 * its state and committing them only once the character is fully handled:
 * when a character needs bytes that have not arrived (the look-ahead after a
 * CR or a backslash), it returns LINE_MORE with nothing changed and starts
 * that character again when more bytes come. So the result never depends on
 * where chunks are cut, and a long line is scanned once, not once per chunk.
 *
 * Bytes are kept in one buffer (`in`) from the start of the unfinished line;
 * a feed moves that line to the front before appending, so memory is one
 * line plus one chunk. Input is checked as UTF-8 just ahead of the scan, as
 * PostgreSQL's CopyConvertBuf does, so an invalid byte is reported when the
 * scan reaches it and never after the end marker.
 */
#include "wire/codec_int.h"
#include "wire/copy.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>

enum { EOL_UNKNOWN, EOL_NL, EOL_CR, EOL_CRNL };

/* in_byte results besides a byte value */
enum { IN_MORE = -1, IN_EOF = -2, IN_BAD = -3 };

typedef enum line_result {
    LINE_MORE,  /* need more input */
    LINE_NL,    /* a line ended by a line end */
    LINE_EOF,   /* the last line: end of input or the end marker */
    LINE_ERROR, /* p->err is set */
} line_result;

struct wire_copy_fld {
    size_t off, len; /* in attr */
    bool null;
};

#define MAX_COPY_DATA_DISPLAY 100

/* ---- UTF-8, as PostgreSQL's pg_utf8_verifychar and report_invalid_encoding */

/* pg_utf_mblen and pg_utf8_islegal: wire/codec.c's */
static int utf8_len(uint8_t c) { return (int)wire_utf8_seqlen(c); }

static bool utf8_legal(const uint8_t *s, int len) { return len > 0 && wire_utf8_legal(s, (size_t)len); }

/* Length of the valid character at s (n > 0 bytes there), 0 when s holds only
 * the beginning of a character, -1 when invalid (NUL included). */
static int utf8_char(const uint8_t *s, size_t n)
{
    if (s[0] < 0x80)
        return s[0] ? 1 : -1;
    int l = utf8_len(s[0]);
    if ((size_t)l > n)
        return 0;
    return utf8_legal(s, l) ? l : -1;
}

/* report_invalid_encoding: the bytes of the bad character, at most 8. */
static void utf8_error(wire_err *err, const uint8_t *s, size_t n)
{
    size_t lim = (size_t)utf8_len(s[0]);
    if (lim > n)
        lim = n;
    if (lim > 8)
        lim = 8;
    char buf[8 * 5 + 1], *b = buf;
    for (size_t j = 0; j < lim; j++)
        b += snprintf(b, sizeof(buf) - (size_t)(b - buf), j + 1 < lim ? "0x%02x " : "0x%02x", s[j]);
    *b = '\0';
    wire_err_set(err, "22021", "invalid byte sequence for encoding \"UTF8\": %s", buf);
}

/* pg_verifymbstr over a de-escaped field. */
static bool utf8_check(const uint8_t *s, size_t n, wire_err *err)
{
    for (size_t i = 0; i < n;) {
        int l = utf8_char(s + i, n - i);
        if (l <= 0) {
            utf8_error(err, s + i, n - i);
            return false;
        }
        i += (size_t)l;
    }
    return true;
}

/* ---- input bytes ------------------------------------------------------ */

/* Check the input from p->verified on, as far as whole characters go. */
static void verify_more(wire_copy_in *p)
{
    const uint8_t *d = p->in.data;
    size_t v = p->verified, n = p->in.len;
    while (v < n) {
        int l = utf8_char(d + v, n - v);
        if (l > 0) {
            v += (size_t)l;
            continue;
        }
        if (l < 0 || p->finished) /* invalid, or cut short by the end of input */
            p->enc_bad = true;
        break;
    }
    p->verified = v;
}

/* The byte at offset i of the input, or IN_MORE / IN_EOF / IN_BAD (invalid
 * UTF-8 at offset p->verified, which is <= i). */
static int in_byte(wire_copy_in *p, size_t i)
{
    if (i >= p->verified && !p->enc_bad)
        verify_more(p);
    if (i < p->verified)
        return p->in.data[i];
    if (p->enc_bad)
        return IN_BAD;
    return p->finished ? IN_EOF : IN_MORE;
}

/* ---- lines ------------------------------------------------------------ */

static line_result line_fail(wire_copy_in *p, const char *msg, const char *hint)
{
    wire_err_set(&p->err, "22P04", "%s", msg);
    p->hint = hint;
    return LINE_ERROR;
}

/* IN_MORE or IN_BAD met while reading a line. */
static line_result line_wait(wire_copy_in *p, int c)
{
    assert(c == IN_MORE || c == IN_BAD);
    if (c == IN_MORE)
        return LINE_MORE;
    utf8_error(&p->err, p->in.data + p->verified, p->in.len - p->verified);
    return LINE_ERROR;
}

static line_result cr_error(wire_copy_in *p, bool csv)
{
    return csv ? line_fail(p, "unquoted carriage return found in data",
                           "Use quoted CSV field to represent carriage return.")
               : line_fail(p, "literal carriage return found in data", "Use \"\\r\" to represent carriage return.");
}

static line_result nl_error(wire_copy_in *p, bool csv)
{
    return csv ? line_fail(p, "unquoted newline found in data", "Use quoted CSV field to represent newline.")
               : line_fail(p, "literal newline found in data", "Use \"\\n\" to represent newline.");
}

/* The line is in[start, end); the next one starts at next. */
static line_result line_end(wire_copy_in *p, size_t end, size_t next, line_result r)
{
    p->line_off = p->start;
    p->line_len = end - p->start;
    p->line_valid = true;
    p->start = p->scan = next;
    p->in_quote = p->last_was_esc = false;
    p->first_char = true;
    return r;
}

/* A byte after "\." at s, for end_marker: the byte, 0 at the end of input
 * (PostgreSQL reads its buffer's NUL pad), or IN_MORE / IN_BAD. */
static int marker_byte(wire_copy_in *p, size_t i)
{
    int c = in_byte(p, i);
    return c == IN_EOF ? 0 : c;
}

enum { MARK_YES, MARK_NO, MARK_WAIT, MARK_ERROR };

/* "\." at s: the end-of-copy marker (followed by the line end in use), data
 * (CSV only), or an error (text). *wait gets IN_MORE/IN_BAD for MARK_WAIT. */
static int end_marker(wire_copy_in *p, size_t s, bool csv, int *wait)
{
    size_t q = s + 2;
    if (p->eol == EOL_CRNL) {
        int c = marker_byte(p, q++);
        if (c < 0) {
            *wait = c;
            return MARK_WAIT;
        }
        if (c == '\n') {
            if (csv)
                return MARK_NO;
            line_fail(p, "end-of-copy marker does not match previous newline style", NULL);
            return MARK_ERROR;
        }
        if (c != '\r') {
            if (csv)
                return MARK_NO;
            line_fail(p, "end-of-copy marker corrupt", NULL);
            return MARK_ERROR;
        }
    }
    int c = marker_byte(p, q);
    if (c < 0) {
        *wait = c;
        return MARK_WAIT;
    }
    if (c != '\r' && c != '\n') {
        if (csv)
            return MARK_NO;
        line_fail(p, "end-of-copy marker corrupt", NULL);
        return MARK_ERROR;
    }
    if ((p->eol == EOL_NL && c != '\n') || (p->eol == EOL_CRNL && c != '\n') || (p->eol == EOL_CR && c != '\r')) {
        line_fail(p, "end-of-copy marker does not match previous newline style", NULL);
        return MARK_ERROR;
    }
    return MARK_YES;
}

/* CopyReadLineText: find the end of the line that starts at p->start,
 * resuming at p->scan. */
static line_result read_line(wire_copy_in *p)
{
    bool csv = p->opts.format == WIRE_COPY_CSV;
    int quotec = csv ? (uint8_t)p->opts.quote : -1;
    int escapec = csv ? (uint8_t)p->opts.escape : -1;
    if (escapec == quotec)
        escapec = -1; /* a quote doubled is the only escape then */

    for (;;) {
        size_t s = p->scan;
        if (s - p->start > p->max_line) {
            wire_err_set(&p->err, "54000", "COPY line exceeds the maximum length of %zu bytes", p->max_line);
            return LINE_ERROR;
        }
        int c = in_byte(p, s);
        if (c == IN_EOF)
            return line_end(p, s, s, LINE_EOF);
        if (c < 0)
            return line_wait(p, c);

        size_t next = s + 1;
        bool in_quote = p->in_quote, last_was_esc = p->last_was_esc;
        uint64_t lines = 0;
        if (csv) {
            /* PostgreSQL makes sure the next byte is loaded before changing any state */
            if (c == '\\' || c == '\r') {
                int c1 = in_byte(p, s + 1);
                if (c1 == IN_MORE || c1 == IN_BAD)
                    return line_wait(p, c1);
            }
            if (in_quote && c == escapec)
                last_was_esc = !last_was_esc;
            if (c == quotec && !last_was_esc)
                in_quote = !in_quote;
            if (c != escapec)
                last_was_esc = false;
            /* embedded line ends count as lines (PostgreSQL's own approximation) */
            if (in_quote && c == (p->eol == EOL_NL ? '\n' : '\r'))
                lines++;
        }

        if (c == '\r' && !in_quote) {
            if (p->eol == EOL_UNKNOWN || p->eol == EOL_CRNL) {
                int c1 = marker_byte(p, s + 1);
                if (c1 < 0)
                    return line_wait(p, c1);
                if (c1 == '\n') {
                    next++;
                    p->eol = EOL_CRNL;
                } else {
                    if (p->eol == EOL_CRNL)
                        return cr_error(p, csv);
                    p->eol = EOL_CR;
                }
            } else if (p->eol == EOL_NL) {
                return cr_error(p, csv);
            }
            return line_end(p, s, next, LINE_NL);
        }
        if (c == '\n' && !in_quote) {
            if (p->eol == EOL_CR || p->eol == EOL_CRNL)
                return nl_error(p, csv);
            p->eol = EOL_NL;
            return line_end(p, s, next, LINE_NL);
        }
        if (c == '\\' && (!csv || p->first_char)) {
            int c2 = in_byte(p, s + 1);
            if (c2 == IN_EOF) /* a backslash just before the end is data */
                return line_end(p, s + 1, s + 1, LINE_EOF);
            if (c2 < 0)
                return line_wait(p, c2);
            if (c2 == '.') {
                int wait = 0;
                switch (end_marker(p, s, csv, &wait)) {
                case MARK_YES:
                    p->ended = true;
                    return line_end(p, s, s, LINE_EOF);
                case MARK_WAIT:
                    return line_wait(p, wait);
                case MARK_ERROR:
                    return LINE_ERROR;
                default:
                    break; /* CSV: "\." followed by data is data */
                }
            } else if (!csv) {
                next++; /* the escaped character is data, whatever it is */
            }
        }
        p->first_char = false;
        p->in_quote = in_quote;
        p->last_was_esc = last_was_esc;
        p->lineno += lines;
        p->scan = next;
    }
}

/* ---- fields ----------------------------------------------------------- */

static bool field_fail(wire_copy_in *p, const char *msg)
{
    wire_err_set(&p->err, "22P04", "%s", msg);
    return false;
}

static bool is_octal(uint8_t c)
{
    return c >= '0' && c <= '7';
}

static int hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The current line's bytes (never NULL, even before any input). */
static const uint8_t *line_data(const wire_copy_in *p)
{
    return p->in.data ? p->in.data + p->line_off : (const uint8_t *)"";
}

/* Whether the raw field line[start, end) is the NULL string. */
static bool is_null_str(const wire_copy_in *p, const uint8_t *line, size_t start, size_t end)
{
    return end - start == p->opts.null_len &&
           (p->opts.null_len == 0 || !memcmp(line + start, p->opts.null_str, p->opts.null_len));
}

/* Keep field number k (attr[ostart, olen) followed by a NUL) if it is one of
 * the columns; fields past them are only counted. Returns the new olen. */
static size_t keep_field(wire_copy_in *p, uint32_t k, size_t ostart, size_t olen, bool null)
{
    p->attr.data[olen] = '\0';
    if (k >= p->ncols)
        return ostart;
    p->flds[k].off = ostart;
    p->flds[k].len = olen - ostart;
    p->flds[k].null = null;
    return olen + 1;
}

/* Room for every kept field of the line and their NULs, so writing needs no checks. */
static uint8_t *attr_prepare(wire_copy_in *p)
{
    p->attr.len = 0;
    og_buf_reserve(&p->attr, p->line_len + p->ncols + 2);
    return p->attr.data;
}

/* One backslash sequence of the text format at line[*cur] (after the backslash). */
static uint8_t text_escape(const uint8_t *line, size_t n, size_t *cur, bool *non_ascii)
{
    uint8_t c = line[(*cur)++];
    int val;
    switch (c) {
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
        val = c - '0';
        if (*cur < n && is_octal(line[*cur])) {
            val = (val << 3) + (line[(*cur)++] - '0');
            if (*cur < n && is_octal(line[*cur]))
                val = (val << 3) + (line[(*cur)++] - '0');
        }
        c = (uint8_t)(val & 0377);
        *non_ascii |= c == 0 || c >= 0x80;
        return c;
    case 'x':
        if (*cur < n && hex_value(line[*cur]) >= 0) {
            val = hex_value(line[(*cur)++]);
            if (*cur < n && hex_value(line[*cur]) >= 0)
                val = (val << 4) + hex_value(line[(*cur)++]);
            c = (uint8_t)(val & 0xff);
            *non_ascii |= c == 0 || c >= 0x80;
        }
        return c;
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    case 'v':
        return '\v';
    default:
        return c; /* any other character stands for itself */
    }
}

/* CopyReadAttributesText. The NULL string is matched against the raw field,
 * before de-escaping, and only a non-NULL field is checked for encoding. */
static bool parse_text(wire_copy_in *p, uint32_t *count)
{
    const uint8_t *line = line_data(p);
    size_t n = p->line_len, cur = 0, olen = 0;
    if (p->ncols == 0) { /* a table without columns takes empty lines only */
        *count = 0;
        return n == 0 || field_fail(p, "extra data after last expected column");
    }
    uint8_t *o = attr_prepare(p);
    uint8_t delim = (uint8_t)p->opts.delim;
    uint32_t k = 0;
    for (;;) {
        bool found_delim = false, non_ascii = false;
        size_t start = cur, end, ostart = olen;
        for (;;) {
            end = cur;
            if (cur >= n)
                break;
            uint8_t c = line[cur++];
            if (c == delim) {
                found_delim = true;
                break;
            }
            if (c == '\\') {
                if (cur >= n)
                    break; /* a trailing backslash is dropped */
                c = text_escape(line, n, &cur, &non_ascii);
            }
            o[olen++] = c;
        }
        bool null = is_null_str(p, line, start, end);
        if (!null && non_ascii && !utf8_check(o + ostart, olen - ostart, &p->err))
            return false;
        olen = keep_field(p, k++, ostart, olen, null);
        if (!found_delim)
            break;
    }
    p->attr.len = olen;
    *count = k;
    return true;
}

/* CopyReadAttributesCSV. An unquoted field equal to the NULL string is NULL;
 * a quoted one never is. */
static bool parse_csv(wire_copy_in *p, uint32_t *count)
{
    const uint8_t *line = line_data(p);
    size_t n = p->line_len, cur = 0, olen = 0;
    if (p->ncols == 0) {
        *count = 0;
        return n == 0 || field_fail(p, "extra data after last expected column");
    }
    uint8_t *o = attr_prepare(p);
    uint8_t delim = (uint8_t)p->opts.delim, quote = (uint8_t)p->opts.quote, escape = (uint8_t)p->opts.escape;
    uint32_t k = 0;
    for (;;) {
        bool found_delim = false, saw_quote = false;
        size_t start = cur, end = cur, ostart = olen;
        for (;;) {
            /* not in quotes: up to the delimiter, the line end or a quote */
            for (;;) {
                end = cur;
                if (cur >= n)
                    goto endfield;
                uint8_t c = line[cur++];
                if (c == delim) {
                    found_delim = true;
                    goto endfield;
                }
                if (c == quote) {
                    saw_quote = true;
                    break;
                }
                o[olen++] = c;
            }
            /* in quotes: up to the closing quote */
            for (;;) {
                end = cur;
                if (cur >= n)
                    return field_fail(p, "unterminated CSV quoted field");
                uint8_t c = line[cur++];
                if (c == escape && cur < n && (line[cur] == escape || line[cur] == quote)) {
                    o[olen++] = line[cur++];
                    continue;
                }
                if (c == quote)
                    break;
                o[olen++] = c;
            }
        }
    endfield:;
        bool null = !saw_quote && is_null_str(p, line, start, end);
        olen = keep_field(p, k++, ostart, olen, null);
        if (!found_delim)
            break;
    }
    p->attr.len = olen;
    *count = k;
    return true;
}

static bool parse_fields(wire_copy_in *p, uint32_t *count)
{
    return p->opts.format == WIRE_COPY_CSV ? parse_csv(p, count) : parse_text(p, count);
}

/* HEADER MATCH: the first line names the columns, in order. */
static bool check_header(wire_copy_in *p)
{
    uint32_t count;
    if (!parse_fields(p, &count))
        return false;
    if (count != p->ncols) {
        wire_err_set(&p->err, "22P04", "wrong number of fields in header line: got %" PRIu32 ", expected %" PRIu32,
                     count, p->ncols);
        return false;
    }
    for (uint32_t i = 0; i < p->ncols; i++) {
        const char *got = (const char *)p->attr.data + p->flds[i].off;
        if (p->flds[i].null) {
            wire_err_set(&p->err, "22P04",
                         "column name mismatch in header line field %" PRIu32
                         ": got null value (\"%s\"), expected \"%s\"",
                         i + 1, p->opts.null_str, p->cols[i]);
            return false;
        }
        if (strcmp(got, p->cols[i]) != 0) {
            wire_err_set(&p->err, "22P04",
                         "column name mismatch in header line field %" PRIu32 ": got \"%s\", expected \"%s\"", i + 1,
                         got, p->cols[i]);
            return false;
        }
    }
    return true;
}

/* ---- the parser ------------------------------------------------------- */

void wire_copy_in_init(wire_copy_in *p, const wire_copy_opts *o, const char *const *cols, uint32_t ncols)
{
    assert(o->format == WIRE_COPY_TEXT || o->format == WIRE_COPY_CSV);
    memset(p, 0, sizeof(*p));
    p->opts = *o;
    p->cols = cols;
    p->ncols = ncols;
    p->max_line = WIRE_COPY_MAX_LINE;
    p->first_char = true;
    p->eol = EOL_UNKNOWN;
    size_t cap = ncols ? ncols : 1;
    p->flds = calloc(cap, sizeof(*p->flds));
    p->out = calloc(cap, sizeof(*p->out));
    if (!p->flds || !p->out)
        abort();
}

void wire_copy_in_free(wire_copy_in *p)
{
    og_buf_free(&p->in);
    og_buf_free(&p->attr);
    free(p->flds);
    free(p->out);
    p->flds = NULL;
    p->out = NULL;
}

void wire_copy_in_set_max_line(wire_copy_in *p, size_t max)
{
    p->max_line = max;
}

void wire_copy_in_feed(wire_copy_in *p, const void *data, size_t len)
{
    assert(!p->finished);
    p->line_valid = false; /* the current line may move */
    if (p->failed || p->ended || p->done) {
        og_buf_free(&p->in); /* what follows the end marker is never read */
        p->start = p->scan = p->verified = 0;
        return;
    }
    if (p->start > 0) {
        size_t keep = p->in.len - p->start;
        if (p->in.cap > ((size_t)1 << 20) && keep + len < p->in.cap / 8) {
            /* give back the memory of a long line once it is done */
            og_buf small = OG_BUF_INIT;
            og_buf_append(&small, p->in.data + p->start, keep);
            og_buf_free(&p->in);
            p->in = small;
        } else {
            memmove(p->in.data, p->in.data + p->start, keep);
            p->in.len = keep;
        }
        p->scan -= p->start;
        p->verified -= p->start;
        p->start = 0;
    }
    og_buf_append(&p->in, data, len);
}

void wire_copy_in_finish(wire_copy_in *p)
{
    p->finished = true;
}

static wire_copy_status failed(wire_copy_in *p, wire_err *err)
{
    p->failed = true;
    if (err)
        *err = p->err;
    return WIRE_COPY_ERROR;
}

/* Read a line, counting it when it starts. */
static line_result next_line(wire_copy_in *p)
{
    if (!p->reading) {
        p->lineno++;
        p->reading = true;
        p->line_valid = false;
    }
    line_result r = read_line(p);
    if (r == LINE_NL || r == LINE_EOF)
        p->reading = false;
    return r;
}

static void make_row(wire_copy_in *p, og_arena *a, uint32_t n, wire_copy_row *row)
{
    wire_copy_field *f = a ? og_arena_alloc(a, sizeof(*f) * (n ? n : 1)) : p->out;
    for (uint32_t i = 0; i < n; i++) {
        const struct wire_copy_fld *x = &p->flds[i];
        f[i].len = x->null ? 0 : x->len;
        if (x->null)
            f[i].data = NULL;
        else if (a)
            f[i].data = og_arena_memdup(a, p->attr.data + x->off, x->len);
        else
            f[i].data = (const char *)p->attr.data + x->off;
    }
    row->fields = f;
    row->nfields = n;
    row->line = p->lineno;
}

wire_copy_status wire_copy_in_next(wire_copy_in *p, og_arena *a, wire_copy_row *row, wire_err *err)
{
    if (p->failed) {
        if (err)
            *err = p->err;
        return WIRE_COPY_ERROR;
    }
    if (p->done)
        return WIRE_COPY_END;
    line_result r;
    if (!p->header_done && p->opts.header != WIRE_COPY_HEADER_NONE) {
        r = next_line(p);
        if (r == LINE_MORE)
            return WIRE_COPY_NEED_MORE;
        if (r == LINE_ERROR)
            return failed(p, err);
        p->header_done = true;
        if (p->opts.header == WIRE_COPY_HEADER_MATCH && !check_header(p))
            return failed(p, err);
        if (r == LINE_EOF) {
            p->done = true;
            return WIRE_COPY_END;
        }
    }
    p->header_done = true;
    r = next_line(p);
    if (r == LINE_MORE)
        return WIRE_COPY_NEED_MORE;
    if (r == LINE_ERROR)
        return failed(p, err);
    if (r == LINE_EOF) {
        p->done = true; /* a last line without its end is still a row */
        if (p->line_len == 0)
            return WIRE_COPY_END;
    }
    uint32_t count;
    if (!parse_fields(p, &count))
        return failed(p, err);
    if (p->ncols > 0 && count > p->ncols) {
        field_fail(p, "extra data after last expected column");
        return failed(p, err);
    }
    make_row(p, a, count, row);
    return WIRE_COPY_ROW;
}

void wire_copy_in_missing(const wire_copy_in *p, uint32_t col, wire_err *err)
{
    assert(col < p->ncols);
    wire_err_set(err, "22P04", "missing data for column \"%s\"", p->cols[col]);
}

const char *wire_copy_in_hint(const wire_copy_in *p)
{
    return p->hint;
}

uint64_t wire_copy_in_lineno(const wire_copy_in *p)
{
    return p->lineno;
}

/* limit_printout_length: at most 100 bytes, cut at a character boundary,
 * "..." when cut; a NUL ends the text as it ends PostgreSQL's C string. */
static void put_limited(og_buf *out, const char *s, size_t n)
{
    if (n == 0)
        return;
    const char *nul = memchr(s, 0, n);
    if (nul)
        n = (size_t)(nul - s);
    if (n <= MAX_COPY_DATA_DISPLAY) {
        og_buf_append(out, s, n);
        return;
    }
    size_t clen = 0; /* pg_mbcliplen */
    while (clen < n) {
        size_t l = (size_t)utf8_len((uint8_t)s[clen]);
        if (clen + l > MAX_COPY_DATA_DISPLAY)
            break;
        clen += l;
        if (clen == MAX_COPY_DATA_DISPLAY)
            break;
    }
    og_buf_append(out, s, clen);
    og_buf_puts(out, "...");
}

void wire_copy_in_context(const wire_copy_in *p, const char *relname, og_buf *out)
{
    og_buf_printf(out, "COPY %s, line %" PRIu64, relname, p->lineno);
    if (!p->line_valid)
        return;
    og_buf_puts(out, ": \"");
    put_limited(out, (const char *)line_data(p), p->line_len);
    og_buf_putc(out, '"');
}

void wire_copy_context_column(og_buf *out, const char *relname, uint64_t line, const char *col, const char *value)
{
    og_buf_printf(out, "COPY %s, line %" PRIu64, relname, line);
    if (!col)
        return;
    og_buf_printf(out, ", column %s", col);
    if (!value)
        return;
    og_buf_puts(out, ": \"");
    put_limited(out, value, strlen(value));
    og_buf_putc(out, '"');
}
