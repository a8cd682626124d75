/*
 * tests/unit/test_copy.c - wire/copy: COPY options, COPY TO output, the
 * incremental COPY FROM parser, and the COPY messages of wire/proto.
 *
 * Every expectation in the tables below was produced by PostgreSQL 15.18:
 * parser cases by COPY ... FROM STDIN through psycopg (then SELECT of the
 * copied columns, or the error's SQLSTATE, message, hint and context), output
 * cases by COPY (SELECT ...) TO STDOUT, option cases by running the statement.
 * Parser results are rendered one row per line, fields joined by '|', NULL
 * as '~', and '\' '|' '~' and control or non-ASCII bytes escaped; an error
 * replaces the rows (PostgreSQL keeps none). Each parser case is run with the
 * input fed at once, one byte at a time, in 3-byte chunks, and split in two
 * at every byte position: the result must always be the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wire/copy.h"
#include "wire/proto.h"

#define S(x)     x, sizeof(x) - 1
#define MAX_COLS 8

/* ---------------------------------------------------------------- helpers */

/* Options from "name=value;name=value": a name alone has no argument, value
 * "*" is a star, "(a,b)" a column list, "#1" an Integer, anything else a
 * string. Returns false with err set on an option error. */
static bool opts_from(wire_copy_opts *o, bool is_from, const char *spec, char *store, size_t cap, wire_err *err)
{
    wire_copy_opts_init(o, is_from);
    assert_true(strlen(spec) < cap);
    strcpy(store, spec);
    for (char *item = store; item && *item;) {
        char *semi = strchr(item, ';');
        if (semi)
            *semi = '\0';
        char *eq = strchr(item, '=');
        const char *v = NULL;
        wire_copy_arg kind = WIRE_COPY_ARG_NONE;
        if (eq) {
            *eq = '\0';
            v = eq + 1;
            kind = WIRE_COPY_ARG_STR;
            if (!strcmp(v, "*"))
                kind = WIRE_COPY_ARG_STAR;
            else if (v[0] == '(')
                kind = WIRE_COPY_ARG_LIST;
            else if (v[0] == '#') {
                kind = WIRE_COPY_ARG_INT;
                v++;
            }
        }
        if (!wire_copy_opts_add(o, item, kind, v, err))
            return false;
        item = semi ? semi + 1 : NULL;
    }
    return wire_copy_opts_finish(o, err);
}

/* Split s at sep into at most MAX_COLS pieces (in store). */
static uint32_t split(const char *s, char sep, char *store, size_t cap, const char **out)
{
    uint32_t n = 0;
    assert_true(strlen(s) < cap);
    strcpy(store, s);
    if (!*store)
        return 0;
    for (char *p = store;;) {
        assert_true(n < MAX_COLS);
        out[n++] = p;
        char *q = strchr(p, sep);
        if (!q)
            break;
        *q = '\0';
        p = q + 1;
    }
    return n;
}

static void render_field(og_buf *out, const wire_copy_field *f)
{
    if (!f->data) {
        og_buf_putc(out, '~');
        return;
    }
    assert_int_equal(f->data[f->len], '\0'); /* parser fields are NUL-terminated */
    for (size_t i = 0; i < f->len; i++) {
        uint8_t c = (uint8_t)f->data[i];
        if (c == '\\' || c == '|' || c == '~') {
            og_buf_putc(out, '\\');
            og_buf_putc(out, c);
        } else if (c == '\n') {
            og_buf_puts(out, "\\n");
        } else if (c == '\r') {
            og_buf_puts(out, "\\r");
        } else if (c == '\t') {
            og_buf_puts(out, "\\t");
        } else if (c < 0x20 || c >= 0x7f) {
            og_buf_printf(out, "\\x%02x", c);
        } else {
            og_buf_putc(out, c);
        }
    }
}

typedef struct run {
    wire_copy_in p;
    const char *rel;
    og_buf out;
    og_arena arena;
    bool use_arena;
    bool stopped; /* END or an error */
} run;

static void run_error(run *r, const wire_err *err)
{
    og_buf_clear(&r->out);
    og_buf_printf(&r->out, "ERR %s %s\n", err->code, err->message);
    if (wire_copy_in_hint(&r->p))
        og_buf_printf(&r->out, "HINT %s\n", wire_copy_in_hint(&r->p));
    og_buf_puts(&r->out, "CTX ");
    wire_copy_in_context(&r->p, r->rel, &r->out);
    og_buf_putc(&r->out, '\n');
    r->stopped = true;
}

/* Take rows until the parser wants more input (what a session does after
 * each CopyData), acting as NextCopyFrom does with them. */
static void drain(run *r)
{
    while (!r->stopped) {
        wire_copy_row row;
        wire_err err = {.code = ""};
        wire_copy_status st = wire_copy_in_next(&r->p, r->use_arena ? &r->arena : NULL, &row, &err);
        if (st == WIRE_COPY_NEED_MORE)
            return;
        if (st == WIRE_COPY_END) {
            r->stopped = true;
            return;
        }
        if (st == WIRE_COPY_ERROR) {
            run_error(r, &err);
            return;
        }
        assert_int_equal(row.line, wire_copy_in_lineno(&r->p));
        if (row.nfields < r->p.ncols) {
            wire_copy_in_missing(&r->p, row.nfields, &err);
            run_error(r, &err);
            return;
        }
        for (uint32_t i = 0; i < row.nfields; i++) {
            if (i)
                og_buf_putc(&r->out, '|');
            render_field(&r->out, &row.fields[i]);
        }
        og_buf_putc(&r->out, '\n');
    }
}

static void feed(run *r, const char *data, size_t len)
{
    if (r->stopped)
        return;
    wire_copy_in_feed(&r->p, data, len);
    drain(r);
}

typedef struct in_case {
    const char *opts;
    const char *cols;
    const char *input;
    size_t len;
    const char *expect;
} in_case;

/* Parse c's input fed in pieces: cut > 0 splits it in two at cut; else
 * chunk-byte pieces (0: all at once). Returns the rendering (caller frees). */
static char *parse_case(const in_case *c, size_t chunk, size_t cut, bool use_arena)
{
    char ostore[128], cstore[64];
    const char *cols[MAX_COLS];
    wire_copy_opts o;
    wire_err err;
    assert_true(opts_from(&o, true, c->opts, ostore, sizeof(ostore), &err));
    uint32_t ncols = split(c->cols, ',', cstore, sizeof(cstore), cols);
    run r = {.rel = ncols ? "t" : "z", .out = OG_BUF_INIT, .use_arena = use_arena};
    og_arena_init(&r.arena);
    wire_copy_in_init(&r.p, &o, cols, ncols);
    drain(&r); /* nothing fed yet: must want more */
    assert_false(r.stopped);
    if (cut) {
        feed(&r, c->input, cut);
        feed(&r, c->input + cut, c->len - cut);
    } else {
        size_t step = chunk ? chunk : c->len;
        for (size_t i = 0; i < c->len; i += step)
            feed(&r, c->input + i, c->len - i < step ? c->len - i : step);
    }
    if (!r.stopped) {
        wire_copy_in_finish(&r.p);
        drain(&r);
    }
    assert_true(r.stopped);
    wire_copy_in_free(&r.p);
    og_arena_reset(&r.arena);
    char *s = strdup(og_buf_cstr(&r.out));
    og_buf_free(&r.out);
    return s;
}

static void check_case(const in_case *c, size_t idx, const char *what, char *got)
{
    if (strcmp(got, c->expect) != 0) {
        print_error("case %zu (%s, opts \"%s\"): got\n%s\nexpected\n%s\n", idx, what, c->opts, got, c->expect);
        fail();
    }
    free(got);
}

/* ------------------------------------------------------------ COPY FROM */

static const in_case in_cases[] = {
    {"", "a,b,c", S("a\tb\tc\n1\t\\N\t\\x41\\101\\n\n"), "a|b|c\n1|~|AA\\n\n"},
    {"", "a,b,c", S("a\tb\n"), "ERR 22P04 missing data for column \"c\"\nCTX COPY t, line 1: \"a\tb\"\n"},
    {"", "a,b,c", S("a\tb\tc\td\n"),
     "ERR 22P04 extra data after last expected column\nCTX COPY t, line 1: \"a\tb\tc\td\"\n"},
    {"", "a,b,c", S("a\tb\tc\r\nx\ty\tz\n"),
     "ERR 22P04 literal newline found in data\nHINT Use \"\\n\" to represent newline.\nCTX COPY t, line 2\n"},
    {"", "a,b,c", S("a\tb\tc\nx\ty\tz\r\n"),
     "ERR 22P04 literal carriage return found in data\nHINT Use \"\\r\" to represent carriage return.\nCTX COPY t, "
     "line 2\n"},
    {"", "a,b,c", S("a\tb\tc\nx\ty\r\tz\n"),
     "ERR 22P04 literal carriage return found in data\nHINT Use \"\\r\" to represent carriage return.\nCTX COPY t, "
     "line 2\n"},
    {"", "a,b,c", S("a\tb\tc\r\nd\te\tf\r\n"), "a|b|c\nd|e|f\n"},
    {"", "a,b,c", S("a\tb\tc\rd\te\tf\r"), "a|b|c\nd|e|f\n"},
    {"", "a,b,c", S("a\tb\tc\r\nd\te\tf\r"),
     "ERR 22P04 literal carriage return found in data\nHINT Use \"\\r\" to represent carriage return.\nCTX COPY t, "
     "line 2\n"},
    {"", "a,b,c", S("a\tb\tc\r"), "a|b|c\n"},
    {"", "a,b,c", S("1\t2\t3\n\\.\n4\t5\t6\n"), "1|2|3\n"},
    {"", "a,b,c", S("1\t2\t3\\.\n4\t5\t6\n"), "1|2|3\n"},
    {"", "a,b,c", S("1\t2\t3\n\\."), "ERR 22P04 end-of-copy marker corrupt\nCTX COPY t, line 2\n"},
    {"", "a,b,c", S("1\t2\t3\n\\.x\n"), "ERR 22P04 end-of-copy marker corrupt\nCTX COPY t, line 2\n"},
    {"", "a,b,c", S("1\t2\t3"), "1|2|3\n"},
    {"", "a,b,c", S("1\t2\t3\\"), "1|2|3\n"},
    {"", "a,b,c", S("\\.\n"), ""},
    {"", "a,b,c", S("\\.\r\n1\t2\t3\n"), ""},
    {"", "a,b,c", S("a\tb\tc\r\n\\.\n"),
     "ERR 22P04 end-of-copy marker does not match previous newline style\nCTX COPY t, line 2\n"},
    {"", "a,b,c", S("a\tb\tc\r\\.\r\n"), "a|b|c\n"},
    {"", "a,b,c", S("a\tb\tc\r\\.\n"),
     "ERR 22P04 end-of-copy marker does not match previous newline style\nCTX COPY t, line 2\n"},
    {"", "a,b,c", S("a\tb\tc\n\\.\r\n"),
     "ERR 22P04 end-of-copy marker does not match previous newline style\nCTX COPY t, line 2\n"},
    {"", "a,b,c", S("a\tb\tc\r\n\\.\r\n"), "a|b|c\n"},
    {"", "a,b,c", S("a\tb\tc\r\n\\.\rx"), "ERR 22P04 end-of-copy marker corrupt\nCTX COPY t, line 2\n"},
    {"", "a,b,c", S("1\t\377\t3\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xff\nCTX COPY t, line 1\n"},
    {"", "a,b,c", S("1\t\000\t3\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0x00\nCTX COPY t, line 1\n"},
    {"", "a,b,c", S("1\t\\xff\t3\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xff\nCTX COPY t, line 1: \"1\t\\xff\t3\"\n"},
    {"", "a,b,c", S("1\t\\xff\t\\N\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xff\nCTX COPY t, line 1: \"1\t\\xff\t\\N\"\n"},
    {"", "a,b,c", S("1\t2\t\342\202"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xe2 0x82\nCTX COPY t, line 1\n"},
    {"", "a,b,c", S("1\t2\t\342\202x\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xe2 0x82 0x78\nCTX COPY t, line 1\n"},
    {"", "a,b,c", S("1\t2\t\355\240\200\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80\nCTX COPY t, line 1\n"},
    {"", "a,b,c", S("1\t2\t3\n\\.\n\377\376"), "1|2|3\n"},
    {"", "a,b,c", S("\\\n\t\\a\\\t\tq\n"), "\\n|a\\t|q\n"},
    {"", "a,b,c", S("\\8\\x\\xg\\x4g\t\\0101\\77\\7\t\\\\.\\b\\f\\r\\t\\v\n"),
     "8xxg\\x04g|\\x081\077\\x07|\\\\.\\x08\\x0c\\r\\t\\x0b\n"},
    {"", "a,b,c", S("\\000\tb\tc\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0x00\nCTX COPY t, line 1: \"\\000\tb\tc\"\n"},
    {"", "a,b,c", S("\\303\\251\t\\xc3\\xa9\t\303\251\360\237\230\200\n"),
     "\\xc3\\xa9|\\xc3\\xa9|\\xc3\\xa9\\xf0\\x9f\\x98\\x80\n"},
    {"", "a,b,c", S("\n"), "ERR 22P04 missing data for column \"b\"\nCTX COPY t, line 1: \"\"\n"},
    {"", "a", S("\n\n"), "\n\n"},
    {"", "a,b,c", S(""), ""},
    {"", "a,b,c",
     S("\303\251xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
       "xxxxxxxxxxxxxxxxx\tb\n"),
     "ERR 22P04 missing data for column \"c\"\nCTX COPY t, line 1: "
     "\"\303\251xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
     "\"\n"},
    {"", "a,b,c",
     S("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
       "xxxxxxxxx\\xff\tb\tc\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xff\nCTX COPY t, line 1: "
     "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\"\n"},
    {"delimiter=|;null=", "a,b,c", S("a||\\|\n"), "a|~|\\|\n"},
    {"delimiter=,;null=NULL", "a,b,c", S("NULL,\\N,\\,\n"), "~|N|,\n"},
    {"header=true", "a,b,c", S("h\tq\n1\t2\t3\n"), "1|2|3\n"},
    {"header=true", "a,b,c", S("h\tq"), ""},
    {"header=match", "a,b,c", S("a\tb\tc\n1\t2\t3\n"), "1|2|3\n"},
    {"header=match", "a,b,c", S("a\t\\N\tc\n"),
     "ERR 22P04 column name mismatch in header line field 2: got null value (\"\\N\"), expected \"b\"\nCTX COPY t, "
     "line 1: \"a\t\\N\tc\"\n"},
    {"header=match", "c,a", S("c\ta\n1\t2\n"), "1|2\n"},
    {"header=match", "a,b,c", S("a\tb\tc\td\n"),
     "ERR 22P04 wrong number of fields in header line: got 4, expected 3\nCTX COPY t, line 1: \"a\tb\tc\td\"\n"},
    {"header=match", "a,b,c", S("a\\x\tb\tc\n"),
     "ERR 22P04 column name mismatch in header line field 1: got \"ax\", expected \"a\"\nCTX COPY t, line 1: "
     "\"a\\x\tb\tc\"\n"},
    {"format=csv", "a,b,c", S("1,\"\",\n\"a\"\"b\",c\\,\"x\r\ny\"\n"), "1||~\na\"b|c\\\\|x\\r\\ny\n"},
    {"format=csv", "a,b,c", S("1,\"\",\n\"a\"\"b\",c\\,\"x\r\ny\"\r\n"),
     "ERR 22P04 unquoted carriage return found in data\nHINT Use quoted CSV field to represent carriage return.\nCTX "
     "COPY t, line 3\n"},
    {"format=csv;escape=\\", "a,b,c", S("\"a\\\"b\",\"c\\\\d\",\"e\\f\"\n"), "a\"b|c\\\\d|e\\\\f\n"},
    {"format=csv", "a,b,c", S("\\.,b,c\n\\.\nx,y,z\n"), "\\\\.|b|c\n"},
    {"format=csv", "a,b,c", S("a,b,c\n\\.x\n"),
     "ERR 22P04 missing data for column \"b\"\nCTX COPY t, line 2: \"\\.x\"\n"},
    {"format=csv", "a,b,c", S("a,b,c\r\n\\.\n"),
     "ERR 22P04 unquoted newline found in data\nHINT Use quoted CSV field to represent newline.\nCTX COPY t, line 2\n"},
    {"format=csv", "a,b,c", S("a,b,c\r\n\\.\r\n"), "a|b|c\n"},
    {"format=csv", "a,b,c", S("a,b,c\r\n\\."),
     "ERR 22P04 missing data for column \"b\"\nCTX COPY t, line 2: \"\\.\"\n"},
    {"format=csv", "a,b,c", S("a,b,c\n\\."), "ERR 22P04 missing data for column \"b\"\nCTX COPY t, line 2: \"\\.\"\n"},
    {"format=csv", "a,b,c", S("a,b,c\n\\.\r\n"),
     "ERR 22P04 end-of-copy marker does not match previous newline style\nCTX COPY t, line 2\n"},
    {"format=csv", "a,b,c", S("a,\"b\"x\"y\",c\n"), "a|bxy|c\n"},
    {"format=csv", "a,b,c", S("a,b\"x\",c\n"), "a|bx|c\n"},
    {"format=csv", "a,b,c", S("a,b,c\nd,e,f\rg,h,i\n"),
     "ERR 22P04 unquoted carriage return found in data\nHINT Use quoted CSV field to represent carriage return.\nCTX "
     "COPY t, line 2\n"},
    {"format=csv", "a,b,c", S("a,b,c\rd,e,f\r"), "a|b|c\nd|e|f\n"},
    {"format=csv", "a,b,c", S("a,b,c\rd,e,f\n"),
     "ERR 22P04 unquoted newline found in data\nHINT Use quoted CSV field to represent newline.\nCTX COPY t, line 2\n"},
    {"format=csv;null=N", "a,b,c", S("N,\"N\",\n"), "~|N|\n"},
    {"format=csv", "a,b,c", S(" a , b ,c\n"), " a | b |c\n"},
    {"format=csv", "a", S("\"abc\n"), "ERR 22P04 unterminated CSV quoted field\nCTX COPY t, line 1: \"\"abc\n\"\n"},
    {"format=csv", "a", S("x\n\"abc\ndef\nghi\n"),
     "ERR 22P04 unterminated CSV quoted field\nCTX COPY t, line 5: \"\"abc\ndef\nghi\n\"\n"},
    {"format=csv", "a", S("\n"), "~\n"},
    {"format=csv", "a", S("\"\"\n"), "\n"},
    {"format=csv", "a,b,c", S("\"a\rb\",c,d\r\"e\nf\",g,h\r"), "a\\rb|c|d\ne\\nf|g|h\n"},
    {"format=csv", "a,b,c", S("\"a\nb\",c,\"x\n\n"),
     "ERR 22P04 unterminated CSV quoted field\nCTX COPY t, line 1: \"\"a\nb\",c,\"x\n\n\"\n"},
    {"format=csv", "a,b,c", S("\"a\nb\",c,d\nx,y\n"),
     "ERR 22P04 missing data for column \"c\"\nCTX COPY t, line 2: \"x,y\"\n"},
    {"format=csv", "a,b,c", S("\"a\r\nb\",c,d\r\nx,y\r\n"),
     "ERR 22P04 missing data for column \"c\"\nCTX COPY t, line 3: \"x,y\"\n"},
    {"format=csv", "a,b,c", S("\"a\r\nb\",c,d\r\nx,\"y\r\n\r\nz\",\r\n1,2\r\n"),
     "ERR 22P04 missing data for column \"c\"\nCTX COPY t, line 6: \"1,2\"\n"},
    {"format=csv;delimiter=|", "a,b,c", S("a|\"b|c\"|\"d\"\"e\"\n"), "a|b\\|c|d\"e\n"},
    {"format=csv", "a,b,c", S("\"\",,\n"), "|~|~\n"},
    {"format=csv", "a,b,c", S("\"\\.\",b,c\n\"\\.\"\n"),
     "ERR 22P04 missing data for column \"b\"\nCTX COPY t, line 2: \"\"\\.\"\"\n"},
    {"format=csv", "a,b,c", S("\"a\"\"\"\"b\",c,d\n"), "a\"\"b|c|d\n"},
    {"format=csv;quote=';escape=\\", "a,b,c", S("'a\\'b',\\','''\n"),
     "ERR 22P04 missing data for column \"c\"\nCTX COPY t, line 1: \"'a\\'b',\\','''\"\n"},
    {"format=csv;quote=';escape=\\", "a,b,c", S("'a\\\\',\\\\','x\\y'\n"),
     "ERR 22P04 unterminated CSV quoted field\nCTX COPY t, line 1: \"'a\\\\',\\\\','x\\y'\n\"\n"},
    {"format=csv;escape=\\", "a,b,c", S("\"a\\\"\nb\",\\\"\",\"\\\\\"\n"), "a\"\\nb|\\\\|\\\\\n"},
    {"format=csv", "a,b,c", S("1,2,3\n\377\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xff\nCTX COPY t, line 2\n"},
    {"format=csv", "a,b,c", S("1,\"\342\202\254\",3\n4,5,\"\342\202\"\n"),
     "ERR 22021 invalid byte sequence for encoding \"UTF8\": 0xe2 0x82 0x22\nCTX COPY t, line 2\n"},
    {"format=csv;header=true", "a,b,c", S("h1,h2\n1,2,3\n4,5\n"),
     "ERR 22P04 missing data for column \"c\"\nCTX COPY t, line 3: \"4,5\"\n"},
    {"format=csv;header=true", "a,b,c", S("\"h\n1\",h2\n1,2,3\n"), "1|2|3\n"},
    {"format=csv;header=match", "a,b,c", S("a,b,x\n"),
     "ERR 22P04 column name mismatch in header line field 3: got \"x\", expected \"c\"\nCTX COPY t, line 1: "
     "\"a,b,x\"\n"},
    {"format=csv;header=match", "a,b,c", S("a,b\n"),
     "ERR 22P04 wrong number of fields in header line: got 2, expected 3\nCTX COPY t, line 1: \"a,b\"\n"},
    {"format=csv;header=match", "a,b,c", S("a,,c\n"),
     "ERR 22P04 column name mismatch in header line field 2: got null value (\"\"), expected \"b\"\nCTX COPY t, line "
     "1: \"a,,c\"\n"},
    {"format=csv;header=match", "a,b,c", S(""),
     "ERR 22P04 wrong number of fields in header line: got 1, expected 3\nCTX COPY t, line 1: \"\"\n"},
    {"format=csv;header=match", "a,b,c", S("a,b,c"), ""},
    {"format=csv;header=match", "a,b,c", S("\"a\",\"b\",c\n1,2,3\n"), "1|2|3\n"},
    {"format=csv;header=match", "a,b,c", S("a,b,\"c\n"),
     "ERR 22P04 unterminated CSV quoted field\nCTX COPY t, line 1: \"a,b,\"c\n\"\n"},
    {"", "", S("x\n"), "ERR 22P04 extra data after last expected column\nCTX COPY z, line 1: \"x\"\n"},
    {"", "", S("\n\n"), "\n\n"},
    {"format=csv", "", S("\n\n"), "\n\n"},
    {"format=csv;header=match", "", S("\nq\n"),
     "ERR 22P04 extra data after last expected column\nCTX COPY z, line 2: \"q\"\n"},
    {"format=csv;header=match", "", S("q\n"),
     "ERR 22P04 extra data after last expected column\nCTX COPY z, line 1: \"q\"\n"},
};

static void test_in_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(in_cases) / sizeof(in_cases[0]); i++) {
        const in_case *c = &in_cases[i];
        check_case(c, i, "all at once", parse_case(c, 0, 0, false));
        check_case(c, i, "byte by byte", parse_case(c, 1, 0, false));
        check_case(c, i, "3-byte chunks, arena rows", parse_case(c, 3, 0, true));
        for (size_t cut = 1; cut < c->len; cut++) {
            char what[32];
            snprintf(what, sizeof(what), "cut at %zu", cut);
            check_case(c, i, what, parse_case(c, 0, cut, cut % 2 == 0));
        }
    }
}

/* Many rows in small chunks: the input buffer holds one line and one chunk. */
static void test_in_memory_bounded(void **state)
{
    (void)state;
    wire_copy_opts o;
    wire_copy_opts_default(&o, true, WIRE_COPY_TEXT);
    const char *cols[] = {"a", "b"};
    wire_copy_in p;
    wire_copy_in_init(&p, &o, cols, 2);
    og_buf all = OG_BUF_INIT;
    for (int i = 0; i < 20000; i++)
        og_buf_printf(&all, "%d\tvalue number %d with some padding to make the line longer\n", i, i);
    size_t rows = 0, maxcap = 0;
    for (size_t off = 0; off < all.len; off += 1000) {
        wire_copy_in_feed(&p, all.data + off, all.len - off < 1000 ? all.len - off : 1000);
        wire_copy_row row;
        wire_copy_status st;
        while ((st = wire_copy_in_next(&p, NULL, &row, NULL)) == WIRE_COPY_ROW) {
            char want[32];
            snprintf(want, sizeof(want), "%zu", rows);
            assert_int_equal(row.nfields, 2);
            assert_string_equal(row.fields[0].data, want);
            assert_int_equal(row.line, rows + 1);
            rows++;
        }
        assert_int_equal(st, WIRE_COPY_NEED_MORE);
        if (p.in.cap > maxcap)
            maxcap = p.in.cap;
    }
    wire_copy_in_finish(&p);
    wire_copy_row row;
    assert_int_equal(wire_copy_in_next(&p, NULL, &row, NULL), WIRE_COPY_END);
    assert_int_equal(rows, 20000);
    assert_true(maxcap <= 4096);
    wire_copy_in_free(&p);
    og_buf_free(&all);
}

/* One line may not exceed max_line bytes (line end excluded), however it arrives. */
static void test_in_max_line(void **state)
{
    (void)state;
    static const struct {
        const char *input;
        bool csv;
        bool ok;
    } cases[] = {
        {"0123456789\n", false, true}, {"0123456789", false, true},      {"01234567890\n", false, false},
        {"01234567890", false, false}, {"\"01234567\"\r\n", true, true}, {"\"0123\n\n\n\n\n\n\n\n\n\"\n", true, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        for (size_t chunk = 1; chunk <= strlen(cases[i].input); chunk++) {
            wire_copy_opts o;
            wire_copy_opts_default(&o, true, cases[i].csv ? WIRE_COPY_CSV : WIRE_COPY_TEXT);
            const char *cols[] = {"a"};
            wire_copy_in p;
            wire_copy_in_init(&p, &o, cols, 1);
            wire_copy_in_set_max_line(&p, 10);
            const char *in = cases[i].input;
            size_t len = strlen(in);
            wire_copy_status st = WIRE_COPY_NEED_MORE;
            wire_copy_row row;
            wire_err err = {.code = ""};
            size_t rows = 0;
            for (size_t off = 0; off <= len && st != WIRE_COPY_ERROR && st != WIRE_COPY_END; off += chunk) {
                if (off < len)
                    wire_copy_in_feed(&p, in + off, len - off < chunk ? len - off : chunk);
                else
                    wire_copy_in_finish(&p);
                while ((st = wire_copy_in_next(&p, NULL, &row, &err)) == WIRE_COPY_ROW)
                    rows++;
            }
            if (st == WIRE_COPY_NEED_MORE) {
                wire_copy_in_finish(&p);
                while ((st = wire_copy_in_next(&p, NULL, &row, &err)) == WIRE_COPY_ROW)
                    rows++;
            }
            if (cases[i].ok) {
                assert_int_equal(st, WIRE_COPY_END);
                assert_int_equal(rows, 1);
            } else {
                assert_int_equal(st, WIRE_COPY_ERROR);
                assert_string_equal(err.code, "54000");
                assert_string_equal(err.message, "COPY line exceeds the maximum length of 10 bytes");
                assert_int_equal(rows, 0);
            }
            wire_copy_in_free(&p);
        }
}

/* After the end marker the rest of the data is never read; errors are sticky. */
static void test_in_after_end_and_error(void **state)
{
    (void)state;
    wire_copy_opts o;
    wire_copy_opts_default(&o, true, WIRE_COPY_TEXT);
    const char *cols[] = {"a"};
    wire_copy_in p;
    wire_copy_row row;
    wire_err err = {.code = ""};

    wire_copy_in_init(&p, &o, cols, 1);
    wire_copy_in_feed(&p, S("x\n\\.\n"));
    assert_int_equal(wire_copy_in_next(&p, NULL, &row, &err), WIRE_COPY_ROW);
    assert_int_equal(wire_copy_in_next(&p, NULL, &row, &err), WIRE_COPY_END);
    wire_copy_in_feed(&p, S("\377\377 not read\n"));
    assert_int_equal(wire_copy_in_next(&p, NULL, &row, &err), WIRE_COPY_END);
    wire_copy_in_finish(&p);
    assert_int_equal(wire_copy_in_next(&p, NULL, &row, &err), WIRE_COPY_END);
    wire_copy_in_free(&p);

    wire_copy_in_init(&p, &o, cols, 1);
    wire_copy_in_feed(&p, S("x\ty\nz\n"));
    assert_int_equal(wire_copy_in_next(&p, NULL, &row, &err), WIRE_COPY_ERROR);
    assert_string_equal(err.message, "extra data after last expected column");
    assert_null(wire_copy_in_hint(&p));
    memset(&err, 0, sizeof(err));
    wire_copy_in_feed(&p, S("more\n"));
    assert_int_equal(wire_copy_in_next(&p, NULL, &row, &err), WIRE_COPY_ERROR);
    assert_string_equal(err.code, "22P04");
    assert_string_equal(err.message, "extra data after last expected column");
    wire_copy_in_free(&p);
}

/* Rows copied into an arena outlive the parser's next call. */
static void test_in_arena_rows(void **state)
{
    (void)state;
    wire_copy_opts o;
    wire_copy_opts_default(&o, true, WIRE_COPY_CSV);
    const char *cols[] = {"a", "b"};
    wire_copy_in p;
    wire_copy_in_init(&p, &o, cols, 2);
    og_arena a;
    og_arena_init(&a);
    wire_copy_row rows[3];
    wire_copy_in_feed(&p, S("1,\"x\"\"y\"\n2,\n3,\"\"\n"));
    wire_copy_in_finish(&p);
    for (int i = 0; i < 3; i++)
        assert_int_equal(wire_copy_in_next(&p, &a, &rows[i], NULL), WIRE_COPY_ROW);
    assert_int_equal(wire_copy_in_next(&p, &a, &rows[0] + 0, NULL) == WIRE_COPY_END, 1);
    wire_copy_in_free(&p);
    assert_string_equal(rows[0].fields[0].data, "1");
    assert_string_equal(rows[0].fields[1].data, "x\"y");
    assert_int_equal(rows[0].fields[1].len, 3);
    assert_null(rows[1].fields[1].data);
    assert_non_null(rows[2].fields[1].data);
    assert_int_equal(rows[2].fields[1].len, 0);
    assert_int_equal(rows[2].line, 3);
    og_arena_reset(&a);
}

/* Context lines of conversion errors (CopyFromErrorCallback). */
static void test_context_column(void **state)
{
    (void)state;
    og_buf b = OG_BUF_INIT;
    wire_copy_context_column(&b, "t", 3, "b", "xyz");
    assert_string_equal(og_buf_cstr(&b), "COPY t, line 3, column b: \"xyz\"");
    og_buf_clear(&b);
    wire_copy_context_column(&b, "t", 3, "b", NULL);
    assert_string_equal(og_buf_cstr(&b), "COPY t, line 3, column b");
    og_buf_clear(&b);
    wire_copy_context_column(&b, "t", 12, NULL, NULL);
    assert_string_equal(og_buf_cstr(&b), "COPY t, line 12");
    og_buf_clear(&b);
    char v[160];
    memset(v, 'x', sizeof(v));
    memcpy(v + 98, "\xe2\x82\xac", 3); /* a 3-byte character across byte 100 */
    v[sizeof(v) - 1] = '\0';
    wire_copy_context_column(&b, "t", 1, "a", v);
    char want[200];
    snprintf(want, sizeof(want), "COPY t, line 1, column a: \"%.98s...\"", v);
    assert_string_equal(og_buf_cstr(&b), want);
    og_buf_free(&b);
}

/* ------------------------------------------------------------- COPY TO */

typedef struct out_case {
    const char *opts;
    const char *cols;   /* names joined by \037 */
    const char *rows;   /* rows joined by \036, fields by \037, NULL is \035 */
    const char *expect; /* what COPY TO STDOUT wrote */
} out_case;

static const out_case out_cases[] = {
    {"format=text;header=true", "a b\037q\"c\037n\037e\037bs", "1\037x\\ty\010\014\n\r\t\013z\001,;\037\035\037\037\\N",
     "a b\tq\"c\tn\te\tbs\n1\tx\\\\ty\\b\\f\\n\\r\\t\\vz\001,;\t\\N\t\t\\\\N\n"},
    {"format=csv;header=true", "a b\037q\"c\037n\037e\037bs", "1\037x\\ty\010\014\n\r\t\013z\001,;\037\035\037\037\\N",
     "a b,\"q\"\"c\",n,e,bs\n1,\"x\\ty\010\014\n\r\t\013z\001,;\",,\"\",\\N\n"},
    {"delimiter=,;null=NULL;header=true", "a,b\037q\"c\037n", "x,y\037\035\037NULL\036\303\251\\\037\037 ",
     "a\\,b,q\"c,n\nx\\,y,NULL,NULL\n\303\251\\\\,, \n"},
    {"delimiter=|", "a", "a|b\177", "a\\|b\177\n"},
    {"format=csv;quote=';escape=\\;null=x;force_quote=*", "a\037b\037c", "it's\037x\037\035\036a\\b\037\037\"q\"",
     "'it\\'s','x',x\n'a\\\\b','','\"q\"'\n"},
    {"format=csv;delimiter=|;null=NULL", "a\037b\037c", "NULL\037a|b\037a,b\036\r\037\n\037\\.",
     "\"NULL\"|\"a|b\"|a,b\n\"\r\"|\"\n\"|\\.\n"},
    {"format=csv", "x", "\\.\036\\.x\036\036\035", "\"\\.\"\n\\.x\n\"\"\n\n"},
    {"format=csv", "x\037y", "\\.\0371", "\\.,1\n"},
    {"format=csv;header=true", "\\.", "a", "\"\\.\"\na\n"},
    {"format=csv;header=true", "\\.\037b", "a\037b", "\\.,b\na,b\n"},
    {"format=csv;escape=\\", "x\037y\037z", "a\nb\037q\"\037p\\z", "\"a\nb\",\"q\\\"\",p\\z\n"},
    {"format=csv;delimiter=\t;null=\\N", "x\037y", "a\tb\037\\N\036\035\037c", "\"a\tb\"\t\"\\N\"\n\\N\tc\n"},
    {"delimiter=\001", "x\037y", "a\001b\037\002", "a\\\001b\001\002\n"},
    {"format=csv;force_quote=(b,c)", "a\037b\037c", "1\0372\037\035\036\037\037x", "1,\"2\",\n\"\",\"\",\"x\"\n"},
    {"format=text", "x", "\303\251\342\202\254\360\237\230\200\036\\\\",
     "\303\251\342\202\254\360\237\230\200\n\\\\\\\\\n"},
    {"format=csv;header=true;null=N", "N\037b", "N\037n", "\"N\",b\n\"N\",n\n"},
};

/* FORCE_QUOTE (a,b) as per-column flags, the resolution the caller does. */
static void force_flags(const char *spec, const char *const *cols, uint32_t n, bool *flags)
{
    memset(flags, 0, sizeof(bool) * n);
    const char *l = strstr(spec, "force_quote=(");
    if (!l)
        return;
    l += strlen("force_quote=(");
    for (uint32_t i = 0; i < n; i++) {
        size_t k = strlen(cols[i]);
        for (const char *p = l; *p && *p != ')'; p += strcspn(p, ",)") + (p[strcspn(p, ",)")] == ',')) {
            if (strncmp(p, cols[i], k) == 0 && (p[k] == ',' || p[k] == ')'))
                flags[i] = true;
        }
    }
}

static void test_out_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(out_cases) / sizeof(out_cases[0]); i++) {
        const out_case *c = &out_cases[i];
        char ostore[128], cstore[64], rstore[256], fstore[128];
        const char *cols[MAX_COLS], *rows[MAX_COLS], *vals[MAX_COLS];
        wire_copy_opts o;
        wire_err err;
        assert_true(opts_from(&o, false, c->opts, ostore, sizeof(ostore), &err));
        uint32_t ncols = split(c->cols, '\037', cstore, sizeof(cstore), cols);
        uint32_t nrows = split(c->rows, '\036', rstore, sizeof(rstore), rows);
        if (!*c->rows) /* one row of one empty field */
            rows[nrows++] = "";
        bool flags[MAX_COLS];
        force_flags(c->opts, cols, ncols, flags);

        og_buf text = OG_BUF_INIT, msgs = OG_BUF_INIT;
        if (o.header) {
            wire_copy_format_header(&text, &o, cols, ncols);
            wire_copy_put_header(&msgs, &o, cols, ncols);
        }
        for (uint32_t r = 0; r < nrows; r++) {
            uint32_t n = split(rows[r], '\037', fstore, sizeof(fstore), vals);
            if (n == 0)
                vals[n++] = "";
            assert_int_equal(n, ncols);
            wire_copy_field f[MAX_COLS];
            for (uint32_t k = 0; k < n; k++) {
                bool null = !strcmp(vals[k], "\035");
                f[k].data = null ? NULL : vals[k];
                f[k].len = null ? 0 : strlen(vals[k]);
            }
            wire_copy_format_row(&text, &o, f, n, flags);
            wire_copy_put_row(&msgs, &o, f, n, flags);
        }
        if (strcmp(og_buf_cstr(&text), c->expect) != 0) {
            print_error("out case %zu (%s): got \"%s\"\n", i, c->opts, og_buf_cstr(&text));
            fail();
        }
        /* the same lines, each framed as one CopyData message */
        size_t pos = 0, tpos = 0;
        while (pos < msgs.len) {
            wire_msg m;
            assert_int_equal(wire_frame(msgs.data + pos, msgs.len - pos, false, UINT32_MAX, &m), WIRE_FRAME_OK);
            assert_int_equal(m.type, 'd');
            assert_true(m.body_len > 0 && m.body[m.body_len - 1] == '\n');
            assert_memory_equal(m.body, text.data + tpos, m.body_len);
            tpos += m.body_len;
            pos += m.total_len;
        }
        assert_int_equal(tpos, text.len);
        og_buf_free(&text);
        og_buf_free(&msgs);
    }
}

/* Zero columns: an empty line per row (and an empty header). */
static void test_out_no_columns(void **state)
{
    (void)state;
    wire_copy_opts o;
    wire_copy_opts_default(&o, false, WIRE_COPY_CSV);
    og_buf b = OG_BUF_INIT;
    wire_copy_format_header(&b, &o, NULL, 0);
    wire_copy_format_row(&b, &o, NULL, 0, NULL);
    assert_int_equal(b.len, 2);
    assert_memory_equal(b.data, "\n\n", 2);
    og_buf_free(&b);
}

/* What COPY TO writes, COPY FROM reads back unchanged, in both formats. */
static void test_round_trip(void **state)
{
    (void)state;
    static const char *const values[] = {
        "",      "plain",  "\\N",  "\\.",   ".",  "a\tb",    "a\nb",       "\r\n",
        "\"q\"", "'",      "a,b",  "a|b",   "\\", "\\\\x41", "\b\f\v\001", "\xc3\xa9\xe2\x82\xac",
        " lead", "trail ", "NULL", "\\.\n", "\"", "x\\",     "#",
    };
    /* (a text-format NULL string must not be one of the values: COPY TO writes
     * such a value as is, so PostgreSQL itself reads it back as NULL) */
    static const char *const specs[] = {
        "format=text",
        "format=text;delimiter=|",
        "format=text;delimiter=,;null=NIL",
        "format=csv",
        "format=csv;delimiter=|;null=NULL",
        "format=csv;quote=';escape=\\",
        "format=csv;delimiter=\t;null=\\N",
        "format=csv;quote=!;escape=!",
    };
    size_t nv = sizeof(values) / sizeof(values[0]);
    for (size_t s = 0; s < sizeof(specs) / sizeof(specs[0]); s++)
        for (uint32_t width = 1; width <= 3; width++) {
            char ostore[64];
            wire_copy_opts to, from;
            wire_err err;
            assert_true(opts_from(&to, false, specs[s], ostore, sizeof(ostore), &err));
            char ostore2[64];
            assert_true(opts_from(&from, true, specs[s], ostore2, sizeof(ostore2), &err));
            const char *cols[] = {"a", "b", "c"};
            og_buf data = OG_BUF_INIT;
            /* every value in every column position, and NULLs */
            size_t nrows = nv + 1;
            for (size_t r = 0; r < nrows; r++) {
                wire_copy_field f[3];
                for (uint32_t k = 0; k < width; k++) {
                    size_t v = (r + k) % (nv + 1);
                    f[k].data = v == nv ? NULL : values[v];
                    f[k].len = v == nv ? 0 : strlen(values[v]);
                }
                wire_copy_format_row(&data, &to, f, width, NULL);
            }
            wire_copy_in p;
            wire_copy_in_init(&p, &from, cols, width);
            for (size_t off = 0; off < data.len; off += 7)
                wire_copy_in_feed(&p, data.data + off, data.len - off < 7 ? data.len - off : 7);
            wire_copy_in_finish(&p);
            for (size_t r = 0; r < nrows; r++) {
                wire_copy_row row;
                wire_err e = {.code = ""};
                wire_copy_status st = wire_copy_in_next(&p, NULL, &row, &e);
                if (st != WIRE_COPY_ROW) {
                    print_error("spec %s width %u row %zu: %s %s\n", specs[s], width, r, e.code, e.message);
                    fail();
                }
                assert_int_equal(row.nfields, width);
                for (uint32_t k = 0; k < width; k++) {
                    size_t v = (r + k) % (nv + 1);
                    if (v == nv) {
                        assert_null(row.fields[k].data);
                    } else {
                        assert_non_null(row.fields[k].data);
                        assert_int_equal(row.fields[k].len, strlen(values[v]));
                        assert_memory_equal(row.fields[k].data, values[v], row.fields[k].len);
                    }
                }
            }
            wire_copy_row row;
            assert_int_equal(wire_copy_in_next(&p, NULL, &row, NULL), WIRE_COPY_END);
            wire_copy_in_free(&p);
            og_buf_free(&data);
        }
}

/* -------------------------------------------------------------- options */

typedef struct opt_case {
    bool is_from;
    const char *spec;
    const char *code; /* "" when the options are accepted */
    const char *message;
} opt_case;

static const opt_case opt_cases[] = {
    {false, "header=match", "0A000", "cannot use \"match\" with HEADER in COPY TO"},
    {false, "format=csv;header=MATCH", "0A000", "cannot use \"MATCH\" with HEADER in COPY TO"},
    {false, "format=csv;delimiter=ab", "0A000", "COPY delimiter must be a single one-byte character"},
    {false, "delimiter=a", "22023", "COPY delimiter cannot be \"a\""},
    {false, "delimiter=\\", "22023", "COPY delimiter cannot be \"\\\""},
    {false, "quote=\"", "0A000", "COPY quote available only in CSV mode"},
    {false, "format=csv;header=#2", "42601", "header requires a Boolean value or \"match\""},
    {false, "format=csv;header=1", "42601", "header requires a Boolean value or \"match\""},
    {false, "format=csv;header=1.5", "42601", "header requires a Boolean value or \"match\""},
    {false, "format=csv;header=yes", "42601", "header requires a Boolean value or \"match\""},
    {false, "format=csv;header=#0", "", ""},
    {false, "format=csv;header;header", "42601", "conflicting or redundant options"},
    {true, "format=csv;header=MaTcH;header=#1", "42601", "conflicting or redundant options"},
    {false, "format=csv;frob", "42601", "option \"frob\" not recognized"},
    {false, "format=csv;default=x", "42601", "option \"default\" not recognized"},
    {false, "format=CSV", "22023", "COPY format \"CSV\" not recognized"},
    {false, "format", "42601", "format requires a parameter"},
    {false, "format=text;format=csv", "42601", "conflicting or redundant options"},
    {false, "format=binary;format=csv", "42601", "conflicting or redundant options"},
    {false, "format=csv;null=\n", "22023", "COPY null representation cannot use newline or carriage return"},
    {false, "format=csv;null", "42601", "null requires a parameter"},
    {false, "format=csv;delimiter", "42601", "delimiter requires a parameter"},
    {false, "format=csv;delimiter=#1", "", ""},
    {false, "format=csv;delimiter=(a,b)", "0A000", "COPY delimiter must be a single one-byte character"},
    {false, "delimiter=", "0A000", "COPY delimiter must be a single one-byte character"},
    {false, "format=csv;delimiter=\r", "22023", "COPY delimiter cannot be newline or carriage return"},
    {false, "format=csv;encoding=latin1", "", ""},
    {false, "encoding=utf-8", "", ""},
    {false, "encoding=Unicode", "", ""},
    {false, "format=csv;encoding=foo", "22023", "argument to option \"encoding\" must be a valid encoding name"},
    {false, "format=csv;encoding=#1", "22023", "argument to option \"encoding\" must be a valid encoding name"},
    {false, "format=csv;encoding=UTF-8;encoding=x", "42601", "conflicting or redundant options"},
    {false, "format=csv;force_quote=*", "", ""},
    {false, "force_quote=*", "0A000", "COPY force quote available only in CSV mode"},
    {true, "format=csv;force_quote=*", "0A000", "COPY force quote only available using COPY TO"},
    {false, "format=csv;force_quote=a", "22023", "argument to option \"force_quote\" must be a list of column names"},
    {false, "format=csv;force_quote", "22023", "argument to option \"force_quote\" must be a list of column names"},
    {false, "format=csv;force_quote=(a);force_quote=*", "42601", "conflicting or redundant options"},
    {true, "format=binary;header", "0A000", "cannot specify HEADER in BINARY mode"},
    {false, "format=csv;header=on;freeze=#3", "42601", "freeze requires a Boolean value"},
    {false, "freeze=*", "42601", "freeze requires a Boolean value"},
    {false, "freeze", "", ""},
    {false, "freeze=TRUE", "", ""},
    {false, "format=csv;freeze=on", "", ""},
    {false, "format=binary;delimiter=,", "42601", "cannot specify DELIMITER in BINARY mode"},
    {false, "format=binary;null=x;delimiter=,", "42601", "cannot specify DELIMITER in BINARY mode"},
    {false, "format=binary;null=x", "42601", "cannot specify NULL in BINARY mode"},
    {false, "format=csv;escape=", "0A000", "COPY escape must be a single one-byte character"},
    {false, "format=csv;quote=", "0A000", "COPY quote must be a single one-byte character"},
    {false, "format=csv;delimiter=\"", "22023", "COPY delimiter and quote must be different"},
    {false, "format=csv;delimiter=\";quote=x;escape=zz", "0A000", "COPY escape must be a single one-byte character"},
    {false, "format=csv;delimiter=,;null=,;quote=,", "22023", "COPY delimiter and quote must be different"},
    {false, "delimiter=,;null=a,b", "0A000", "COPY delimiter must not appear in the NULL specification"},
    {true, "format=csv;null=x,", "0A000", "COPY delimiter must not appear in the NULL specification"},
    {false, "format=csv;null=\"", "0A000", "CSV quote character must not appear in the NULL specification"},
    {false, "format=csv;force_not_null=(a)", "0A000", "COPY force not null only available using COPY FROM"},
    {true, "force_not_null=(a)", "0A000", "COPY force not null available only in CSV mode"},
    {true, "format=csv;force_not_null=*", "22023",
     "argument to option \"force_not_null\" must be a list of column names"},
    {true, "format=csv;force_null=(a);force_null=(b)", "42601", "conflicting or redundant options"},
    {false, "format=csv;force_null=(a)", "0A000", "COPY force null only available using COPY FROM"},
    {true, "force_null=(a)", "0A000", "COPY force null available only in CSV mode"},
    {true, "delimiter=,;null=x;quote=y", "0A000", "COPY quote available only in CSV mode"},
    {true, "escape=y", "0A000", "COPY escape available only in CSV mode"},
    {false, "format=csv;quote=x;quote=y", "42601", "conflicting or redundant options"},
    {false, "format=csv;header=true;quote=x;escape=y;force_quote=(a,b)", "", ""},
    {false, "convert_selectively=(a)", "", ""},
    {true, "format=csv;header=match;force_not_null=(a);force_null=(b)", "", ""},
};

static void test_options(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(opt_cases) / sizeof(opt_cases[0]); i++) {
        const opt_case *c = &opt_cases[i];
        char store[128];
        wire_copy_opts o;
        wire_err err = {.code = "", .message = ""};
        bool ok = opts_from(&o, c->is_from, c->spec, store, sizeof(store), &err);
        if (ok != !*c->code || (!ok && (strcmp(err.code, c->code) || strcmp(err.message, c->message)))) {
            print_error("option case %zu \"%s\": got %s %s %s\n", i, c->spec, ok ? "ok" : "error", err.code,
                        err.message);
            fail();
        }
    }
}

static void test_option_values(void **state)
{
    (void)state;
    char store[128];
    wire_copy_opts o;
    wire_err err;
    assert_true(opts_from(&o, false, "format=text", store, sizeof(store), &err));
    assert_int_equal(o.format, WIRE_COPY_TEXT);
    assert_int_equal(o.delim, '\t');
    assert_string_equal(o.null_str, "\\N");
    assert_int_equal(o.null_len, 2);
    assert_int_equal(o.header, WIRE_COPY_HEADER_NONE);
    assert_null(o.encoding);

    assert_true(opts_from(&o, true, "format=csv;header=match;encoding=latin-1", store, sizeof(store), &err));
    assert_int_equal(o.format, WIRE_COPY_CSV);
    assert_int_equal(o.delim, ',');
    assert_int_equal(o.quote, '"');
    assert_int_equal(o.escape, '"');
    assert_string_equal(o.null_str, "");
    assert_int_equal(o.header, WIRE_COPY_HEADER_MATCH);
    assert_string_equal(o.encoding, "LATIN1");

    assert_true(
        opts_from(&o, false, "format=csv;quote=';header=off;force_quote=*;freeze=#1", store, sizeof(store), &err));
    assert_int_equal(o.quote, '\'');
    assert_int_equal(o.escape, '\'');
    assert_int_equal(o.header, WIRE_COPY_HEADER_NONE);
    assert_true(o.force_quote_all);
    assert_true(o.freeze);

    assert_true(opts_from(&o, true, "format=binary", store, sizeof(store), &err));
    assert_int_equal(o.format, WIRE_COPY_BINARY);

    wire_copy_opts_default(&o, true, WIRE_COPY_CSV);
    assert_int_equal(o.delim, ',');
    assert_int_equal(o.null_len, 0);
}

/* ------------------------------------------------------------- messages */

static void test_messages(void **state)
{
    (void)state;
    og_buf b = OG_BUF_INIT;
    wire_put_copy_response(&b, 'H', 0, 3);
    wire_put_copy_response(&b, 'G', 0, 0);
    wire_put_copy_data(&b, "a\tb\n", 4);
    wire_put_empty(&b, 'c');
    static const uint8_t want[] = {
        'H', 0, 0, 0, 13, 0,   0,    3,   0,    0, 0, 0, 0, 0, /* CopyOutResponse: text, 3 columns of text */
        'G', 0, 0, 0, 7,  0,   0,    0,                        /* CopyInResponse: text, no columns */
        'd', 0, 0, 0, 8,  'a', '\t', 'b', '\n',                /* CopyData */
        'c', 0, 0, 0, 4,                                       /* CopyDone */
    };
    assert_int_equal(b.len, sizeof(want));
    assert_memory_equal(b.data, want, sizeof(want));
    og_buf_clear(&b);
    wire_put_copy_response(&b, 'H', 1, 2);
    static const uint8_t bin[] = {'H', 0, 0, 0, 11, 1, 0, 2, 0, 1, 0, 1};
    assert_int_equal(b.len, sizeof(bin));
    assert_memory_equal(b.data, bin, sizeof(bin));
    og_buf_free(&b);

    /* CopyFail */
    const char *msg = NULL;
    wire_err err = {.code = ""};
    char body1[] = "client gave up";
    wire_msg m = {.type = 'f', .body = (const uint8_t *)body1, .body_len = sizeof(body1)};
    assert_true(wire_decode_copy_fail(&m, &msg, &err));
    assert_string_equal(msg, "client gave up");
    char body2[] = {'a', 0, 'x'}; /* bytes after the string are ignored, as PostgreSQL does */
    m.body = (const uint8_t *)body2;
    m.body_len = sizeof(body2);
    assert_true(wire_decode_copy_fail(&m, &msg, &err));
    assert_string_equal(msg, "a");
    uint8_t *body3 = malloc(3); /* no terminator: exact-size copy so ASan sees any overread */
    memcpy(body3, "abc", 3);
    m.body = body3;
    m.body_len = 3;
    assert_false(wire_decode_copy_fail(&m, &msg, &err));
    assert_string_equal(err.code, "08P01");
    assert_string_equal(err.message, "invalid string in message");
    m.body_len = 0;
    assert_false(wire_decode_copy_fail(&m, &msg, &err));
    free(body3);
}

int main(void)
{
#define T(f) cmocka_unit_test(f)
    const struct CMUnitTest tests[] = {
        T(test_in_cases),      T(test_in_memory_bounded), T(test_in_max_line),   T(test_in_after_end_and_error),
        T(test_in_arena_rows), T(test_context_column),    T(test_out_cases),     T(test_out_no_columns),
        T(test_round_trip),    T(test_options),           T(test_option_values), T(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
