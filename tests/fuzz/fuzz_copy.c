/*
 * tests/fuzz/fuzz_copy.c - libFuzzer target: arbitrary COPY FROM data through
 * the incremental parser of wire/copy.h, in the text and CSV formats.
 *
 * Input layout: two option bytes, then the data as a client would send it.
 *   byte 0  bit 0      0 text, 1 CSV
 *           bits 1..2  header: none, true, match (3: none)
 *           bits 3..4  number of columns (0..3)
 *           bits 5..7  seed of the chunking
 *   byte 1  bits 0..1  delimiter (text: tab , | ;  CSV: , tab | ;)
 *           bit 2      CSV quote ' instead of "
 *           bit 3      CSV escape \ instead of the quote
 *           bits 4..5  NULL string: default, "NULL", "x", "\N"
 *           bit 6      limit lines to 64 bytes
 *           bit 7      copy rows into an arena
 * The data is parsed three times: at once, in pseudo-random chunks (1 to 16
 * bytes) and one byte at a time. Every field must lie in bounds and be
 * NUL-terminated, and the three runs must give the same rows and the same
 * error (message and context): chunk boundaries must never matter. When the
 * NULL string cannot collide with data, the rows are then written back with
 * the COPY TO formatter and parsed again, and must come back unchanged.
 *
 * The seeds in tests/fuzz/corpus/fuzz_copy/ are this layout.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/copy.h"

static const char *const cols[] = {"a", "b", "c"};

static void check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_copy: invariant violated: %s\n", what);
        abort();
    }
}

typedef struct config {
    wire_copy_opts opts;
    uint32_t ncols;
    size_t max_line;
    bool arena;
    uint32_t seed;
} config;

/* Options from the two option bytes; false when PostgreSQL would refuse them. */
static bool configure(config *c, uint8_t b0, uint8_t b1)
{
    static const char *const text_delims[] = {"\t", ",", "|", ";"};
    static const char *const csv_delims[] = {",", "\t", "|", ";"};
    static const char *const nulls[] = {NULL, "NULL", "x", "\\N"};
    bool csv = b0 & 1;
    wire_copy_opts *o = &c->opts;
    wire_copy_opts_init(o, true);
    bool ok = wire_copy_opts_add(o, "format", WIRE_COPY_ARG_STR, csv ? "csv" : "text", NULL);
    static const char *const headers[] = {"false", "true", "match", "off"};
    ok = ok && wire_copy_opts_add(o, "header", WIRE_COPY_ARG_STR, headers[(b0 >> 1) & 3], NULL);
    ok = ok && wire_copy_opts_add(o, "delimiter", WIRE_COPY_ARG_STR, (csv ? csv_delims : text_delims)[b1 & 3], NULL);
    if (csv && (b1 & 4))
        ok = ok && wire_copy_opts_add(o, "quote", WIRE_COPY_ARG_STR, "'", NULL);
    if (csv && (b1 & 8))
        ok = ok && wire_copy_opts_add(o, "escape", WIRE_COPY_ARG_STR, "\\", NULL);
    const char *null = nulls[(b1 >> 4) & 3];
    if (null)
        ok = ok && wire_copy_opts_add(o, "null", WIRE_COPY_ARG_STR, null, NULL);
    if (!ok || !wire_copy_opts_finish(o, NULL))
        return false;
    c->ncols = (b0 >> 3) & 3;
    c->seed = (uint32_t)(b0 >> 5) * 2654435761u + 1;
    c->max_line = (b1 & 0x40) ? 64 : WIRE_COPY_MAX_LINE;
    c->arena = b1 & 0x80;
    return true;
}

static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Append a row to out unambiguously (lengths before bytes), checking its
 * fields; with_line: with its line number. */
static void record_row(og_buf *out, const wire_copy_row *row, uint32_t ncols, bool with_line)
{
    check(row->nfields <= ncols, "more fields than columns");
    og_buf_printf(out, "R%u", row->nfields);
    if (with_line)
        og_buf_printf(out, "@%llu", (unsigned long long)row->line);
    og_buf_putc(out, ':');
    for (uint32_t i = 0; i < row->nfields; i++) {
        const wire_copy_field *f = &row->fields[i];
        if (!f->data) {
            check(f->len == 0, "NULL field with a length");
            og_buf_puts(out, "N;");
            continue;
        }
        check(f->data[f->len] == '\0', "field not NUL-terminated");
        og_buf_printf(out, "%zu=", f->len);
        og_buf_append(out, f->data, f->len);
        og_buf_putc(out, ';');
    }
    og_buf_putc(out, '\n');
}

/* Complete rows kept for the round trip, copied into an arena. */
typedef struct kept {
    og_arena arena;
    og_buf list;   /* wire_copy_row values */
    og_buf record; /* the same, recorded without line numbers */
} kept;

static void keep_row(kept *k, const wire_copy_row *row, uint32_t ncols)
{
    wire_copy_row r = *row;
    wire_copy_field *f = og_arena_alloc(&k->arena, sizeof(*f) * 3);
    for (uint32_t i = 0; i < row->nfields; i++) {
        f[i].len = row->fields[i].len;
        f[i].data = row->fields[i].data ? og_arena_memdup(&k->arena, row->fields[i].data, f[i].len) : NULL;
    }
    r.fields = f;
    og_buf_append(&k->list, &r, sizeof(r));
    record_row(&k->record, row, ncols, false);
}

/* Parse data in chunks of the given sizes (mode 0: at once, 1: one byte at a
 * time, 2: pseudo-random) and record every row and the error. */
static void parse(const config *c, const uint8_t *data, size_t size, int mode, og_buf *out, kept *rows)
{
    wire_copy_in p;
    wire_copy_in_init(&p, &c->opts, cols, c->ncols);
    wire_copy_in_set_max_line(&p, c->max_line);
    og_arena arena;
    og_arena_init(&arena);
    uint32_t rnd = c->seed;
    size_t off = 0;
    uint64_t last_line = 0;
    bool stop = false, fed_all = false;
    while (!stop) {
        wire_copy_row row;
        wire_err err = {.code = ""};
        wire_copy_status st = wire_copy_in_next(&p, c->arena ? &arena : NULL, &row, &err);
        switch (st) {
        case WIRE_COPY_ROW:
            check(row.line >= last_line && row.line == wire_copy_in_lineno(&p), "line numbers");
            last_line = row.line;
            record_row(out, &row, c->ncols, true);
            if (rows && row.nfields == c->ncols)
                keep_row(rows, &row, c->ncols);
            break;
        case WIRE_COPY_NEED_MORE:
            check(!fed_all, "wants more after the end of input");
            if (off == size) {
                wire_copy_in_finish(&p);
                fed_all = true;
                break;
            }
            size_t n = mode == 0 ? size - off : mode == 1 ? 1 : 1 + next_rand(&rnd) % 16;
            if (n > size - off)
                n = size - off;
            wire_copy_in_feed(&p, data + off, n);
            off += n;
            break;
        case WIRE_COPY_END:
            og_buf_puts(out, "END\n");
            stop = true;
            break;
        case WIRE_COPY_ERROR:
            check(strlen(err.code) == 5 && err.message[0] != '\0', "error without code or message");
            og_buf_printf(out, "ERR %s %s|", err.code, err.message);
            if (wire_copy_in_hint(&p))
                og_buf_puts(out, wire_copy_in_hint(&p));
            og_buf_putc(out, '|');
            wire_copy_in_context(&p, "t", out);
            og_buf_putc(out, '\n');
            stop = true;
            break;
        }
        og_arena_reset(&arena);
    }
    wire_copy_in_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 65536)
        return 0;
    config c;
    if (!configure(&c, data[0], data[1]))
        return 0;
    data += 2;
    size -= 2;
    /* an exact-size copy, so a read past the input is caught */
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);

    og_buf r0 = OG_BUF_INIT, r1 = OG_BUF_INIT, r2 = OG_BUF_INIT;
    kept rows = {.list = OG_BUF_INIT, .record = OG_BUF_INIT};
    og_arena_init(&rows.arena);
    parse(&c, buf, size, 0, &r0, &rows);
    parse(&c, buf, size, 1, &r1, NULL);
    parse(&c, buf, size, 2, &r2, NULL);
    check(r0.len == r1.len && !memcmp(r0.data, r1.data, r0.len), "byte-by-byte differs from all at once");
    check(r0.len == r2.len && !memcmp(r0.data, r2.data, r0.len), "random chunks differ from all at once");

    /* round trip: a text-format NULL string other than \N may equal a value */
    bool text_null_safe = c.opts.format == WIRE_COPY_CSV || !strcmp(c.opts.null_str, "\\N");
    size_t nrows = rows.list.len / sizeof(wire_copy_row);
    if (text_null_safe && nrows > 0) {
        config back = c;
        back.opts.header = WIRE_COPY_HEADER_NONE;
        back.max_line = WIRE_COPY_MAX_LINE;
        og_buf text = OG_BUF_INIT, again = OG_BUF_INIT;
        kept rows2 = {.list = OG_BUF_INIT, .record = OG_BUF_INIT};
        og_arena_init(&rows2.arena);
        const wire_copy_row *list = (const wire_copy_row *)rows.list.data;
        for (size_t i = 0; i < nrows; i++)
            wire_copy_format_row(&text, &c.opts, list[i].fields, list[i].nfields, NULL);
        parse(&back, text.data, text.len, 2, &again, &rows2);
        check(rows2.record.len == rows.record.len && !memcmp(rows2.record.data, rows.record.data, rows.record.len),
              "COPY TO output does not read back as the same rows");
        og_buf_free(&text);
        og_buf_free(&again);
        og_buf_free(&rows2.list);
        og_buf_free(&rows2.record);
        og_arena_reset(&rows2.arena);
    }
    og_buf_free(&r0);
    og_buf_free(&r1);
    og_buf_free(&r2);
    og_buf_free(&rows.list);
    og_buf_free(&rows.record);
    og_arena_reset(&rows.arena);
    free(buf);
    return 0;
}
