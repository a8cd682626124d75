/*
 * wire/copy.h - the COPY data formats (text and CSV) as PostgreSQL 15 reads
 * and writes them: COPY options, row output, and an incremental row parser.
 *
 * Pure code over bytes, no I/O. The messages that carry the data
 * (CopyInResponse, CopyOutResponse, CopyData, CopyDone, CopyFail) are in
 * wire/proto.h with the other messages; this module formats and parses what
 * goes inside CopyData.
 *
 * Options (copy.c) follow ProcessCopyOptions: the caller feeds the options of
 * the statement one by one as the grammar gave them, then finishes them; every
 * error has PostgreSQL's SQLSTATE and wording, in PostgreSQL's order.
 *
 * Output (copy.c) is CopyOneRowTo: one row of fields (NULL or the column's
 * text form) becomes one line, with the text format's backslash escapes or
 * the CSV format's quoting exactly as COPY TO writes them. PostgreSQL sends
 * each row (and the header) as one CopyData message.
 *
 * Input (copy_in.c) is CopyReadLine + CopyReadAttributesText/CSV made
 * incremental: bytes arrive in CopyData chunks cut anywhere, a line is
 * buffered only until it is complete, and rows come out one at a time when
 * the caller asks (so it can stop asking while a backend is busy). The result
 * is the same whatever the chunking. The input must be valid UTF-8 without
 * NUL bytes, as PostgreSQL checks it for a UTF8 database (SQL_ASCII and UTF8
 * clients alike); other client encodings are not converted here.
 */
#ifndef WIRE_COPY_H
#define WIRE_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "orm/value.h"
#include "wire/err.h"

/* ---- options ---------------------------------------------------------- */

typedef enum wire_copy_format {
    WIRE_COPY_TEXT,
    WIRE_COPY_CSV,
    WIRE_COPY_BINARY, /* accepted by the options, not by the formatter or the parser */
} wire_copy_format;

typedef enum wire_copy_header {
    WIRE_COPY_HEADER_NONE,
    WIRE_COPY_HEADER_TRUE,  /* COPY TO writes a header line; COPY FROM skips the first line */
    WIRE_COPY_HEADER_MATCH, /* COPY FROM only: the first line must name the columns */
} wire_copy_header;

/* The shape of an option's argument in the parse tree (DefElem.arg). */
typedef enum wire_copy_arg {
    WIRE_COPY_ARG_NONE, /* no argument */
    WIRE_COPY_ARG_STR,  /* String, Float or Boolean ("true"/"false"): its text */
    WIRE_COPY_ARG_INT,  /* Integer: its decimal text */
    WIRE_COPY_ARG_LIST, /* a column list; the caller keeps it (value: the names joined by '.') */
    WIRE_COPY_ARG_STAR, /* '*' (value "*") */
} wire_copy_arg;

/* The options of one COPY statement. Strings point into what the caller
 * passed to wire_copy_opts_add (or to static defaults) and must outlive the
 * options. After wire_copy_opts_finish every field has its final value. */
typedef struct wire_copy_opts {
    bool is_from;
    wire_copy_format format;
    char delim;
    char quote;  /* CSV */
    char escape; /* CSV */
    const char *null_str;
    size_t null_len;
    wire_copy_header header;
    bool freeze;
    bool force_quote_all; /* FORCE_QUOTE * */
    bool force_quote;     /* FORCE_QUOTE (columns): the caller resolves the list */
    bool force_not_null;  /* FORCE_NOT_NULL (columns): the caller applies it */
    bool force_null;      /* FORCE_NULL (columns): the caller applies it */
    const char *encoding; /* canonical name ("UTF8", "LATIN1", ...) or NULL when not given */
    /* what the statement gave, before defaults (private to copy.c) */
    bool set_format, set_freeze, set_header;
    const char *delim_s, *quote_s, *escape_s, *null_s;
} wire_copy_opts;

/* Start an empty option list for COPY FROM (is_from) or COPY TO. */
void wire_copy_opts_init(wire_copy_opts *o, bool is_from);
/* Apply one option (name lower-case, as the grammar gives it; value NULL only
 * for WIRE_COPY_ARG_NONE). Errors: 42601 unknown/duplicate option or bad
 * Boolean, 22023 bad value, 0A000 "match" in COPY TO. */
bool wire_copy_opts_add(wire_copy_opts *o, const char *name, wire_copy_arg kind, const char *value, wire_err *err);
/* Fill in defaults and check the options together (delimiter, quote, escape,
 * NULL string, HEADER, FORCE_*), in PostgreSQL's order. */
bool wire_copy_opts_finish(wire_copy_opts *o, wire_err *err);
/* Text-format defaults: tab, "\N", no header (already finished). */
void wire_copy_opts_default(wire_copy_opts *o, bool is_from, wire_copy_format format);

/* ---- output (COPY TO) ------------------------------------------------- */

/* A field: data NULL is SQL NULL; otherwise len bytes (data must be non-NULL
 * even when len is 0). Parser fields are also NUL-terminated. */
typedef struct wire_copy_field {
    const char *data;
    size_t len;
} wire_copy_field;

/* Append one row as a line (ending in '\n') in the text or CSV format.
 * force_quote: per-column flags (NULL: none); o->force_quote_all quotes all. */
void wire_copy_format_row(og_buf *out, const wire_copy_opts *o, const wire_copy_field *fields, uint32_t n,
                          const bool *force_quote);
/* Append the header line: the column names, escaped or quoted as data. */
void wire_copy_format_header(og_buf *out, const wire_copy_opts *o, const char *const *names, uint32_t n);
/* The same, each as one CopyData message (how PostgreSQL sends them). */
void wire_copy_put_row(og_buf *out, const wire_copy_opts *o, const wire_copy_field *fields, uint32_t n,
                       const bool *force_quote);
void wire_copy_put_header(og_buf *out, const wire_copy_opts *o, const char *const *names, uint32_t n);

/* ---- input (COPY FROM) ------------------------------------------------ */

#define WIRE_COPY_MAX_LINE ((size_t)1 << 30) /* default bound of one line */

typedef enum wire_copy_status {
    WIRE_COPY_ROW,       /* *row holds the next row */
    WIRE_COPY_NEED_MORE, /* feed more data, or finish at CopyDone */
    WIRE_COPY_END,       /* no more rows (end of input or the \. marker) */
    WIRE_COPY_ERROR,     /* *err is set; the parser stays failed */
} wire_copy_status;

typedef struct wire_copy_row {
    const wire_copy_field *fields;
    /* Fields on the line, at most the column count. Fewer means data is
     * missing for column nfields: convert the fields present first, then
     * report wire_copy_in_missing (PostgreSQL's order of errors). */
    uint32_t nfields;
    uint64_t line; /* line number, for the error context */
} wire_copy_row;

/* The parser. Fields are private; the functions below are its interface. */
typedef struct wire_copy_in {
    wire_copy_opts opts;
    const char *const *cols;
    uint32_t ncols;
    size_t max_line;
    og_buf in;                               /* bytes fed and not yet consumed */
    size_t start, scan, verified;            /* offsets in in: line start, next byte, end of checked UTF-8 */
    bool enc_bad;                            /* invalid UTF-8 at offset verified */
    int eol;                                 /* line ending seen first (PostgreSQL's eol_type) */
    bool in_quote, last_was_esc, first_char; /* CSV state of the line being read */
    bool reading;                            /* a line has been started (line counted) */
    bool header_done, finished, ended, done, failed, line_valid;
    uint64_t lineno;
    size_t line_off, line_len;  /* the current line in in, without its end */
    og_buf attr;                /* de-escaped fields, NUL-terminated */
    struct wire_copy_fld *flds; /* field offsets into attr */
    uint32_t nflds, cap_flds;
    wire_copy_field *out; /* the row handed out */
    const char *hint;
    wire_err err;
} wire_copy_in;

/* Start parsing COPY FROM input. o must be finished and text or CSV; cols
 * (ncols names, kept by pointer) name the columns for errors and HEADER MATCH. */
void wire_copy_in_init(wire_copy_in *p, const wire_copy_opts *o, const char *const *cols, uint32_t ncols);
void wire_copy_in_free(wire_copy_in *p);
/* Bound one line (default WIRE_COPY_MAX_LINE): longer gives 54000. */
void wire_copy_in_set_max_line(wire_copy_in *p, size_t max);
/* Add the body of a CopyData message. Ignored after the end marker or an
 * error. Call wire_copy_in_next until NEED_MORE before feeding more, so only
 * the unfinished line stays buffered. */
void wire_copy_in_feed(wire_copy_in *p, const void *data, size_t len);
/* CopyDone: no more input; a last line without a line end becomes a row. */
void wire_copy_in_finish(wire_copy_in *p);
/* The next row. With an arena the row (fields array and bytes) is copied into
 * it; without one it is valid until the next call on the parser. */
wire_copy_status wire_copy_in_next(wire_copy_in *p, og_arena *a, wire_copy_row *row, wire_err *err);
/* 22P04 missing data for column col (col < ncols). */
void wire_copy_in_missing(const wire_copy_in *p, uint32_t col, wire_err *err);
/* The HINT of the last error, or NULL. */
const char *wire_copy_in_hint(const wire_copy_in *p);
/* Current line number (PostgreSQL's cur_lineno). */
uint64_t wire_copy_in_lineno(const wire_copy_in *p);
/* Append the error context of the current line: `COPY rel, line N: "text"`
 * when the line was read whole (errors in its fields, a returned row), else
 * `COPY rel, line N`. Valid until the next call on the parser. */
void wire_copy_in_context(const wire_copy_in *p, const char *relname, og_buf *out);
/* Append the context of a column's conversion error: `COPY rel, line N,
 * column c: "value"`, or without the value when value is NULL. */
void wire_copy_context_column(og_buf *out, const char *relname, uint64_t line, const char *col, const char *value);

#endif
