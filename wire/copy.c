/*
 * wire/copy.c - COPY options and COPY TO output in the text and CSV formats.
 *
 * Options follow PostgreSQL 15's ProcessCopyOptions (commands/copy.c): each
 * option is checked as it arrives (duplicates, argument shape, FORMAT and
 * ENCODING names, HEADER MATCH only in COPY FROM), then wire_copy_opts_finish
 * fills in the defaults and runs the cross-checks in the same order as
 * PostgreSQL, so a statement with several mistakes reports the same first one.
 *
 * Output follows CopyAttributeOutText / CopyAttributeOutCSV (commands/copyto.c)
 * for a server encoding that never embeds ASCII bytes in multibyte characters
 * (UTF8), so the byte-by-byte scans below are exact.
 */
#include "wire/copy.h"

#include <assert.h>
#include <strings.h>

#include "wire/proto.h"

/* ---- options ---------------------------------------------------------- */

/* pg_encname_tbl (common/encnames.c): names after clean_encoding_name, with
 * the canonical name of the encoding each one means. */
/* clang-format off */
static const struct {
    const char *alias;
    const char *name;
} encodings[] = {
    {"abc", "WIN1258"}, {"alt", "WIN866"}, {"big5", "BIG5"}, {"euccn", "EUC_CN"},
    {"eucjis2004", "EUC_JIS_2004"}, {"eucjp", "EUC_JP"}, {"euckr", "EUC_KR"}, {"euctw", "EUC_TW"},
    {"gb18030", "GB18030"}, {"gbk", "GBK"}, {"iso88591", "LATIN1"}, {"iso885910", "LATIN6"},
    {"iso885913", "LATIN7"}, {"iso885914", "LATIN8"}, {"iso885915", "LATIN9"}, {"iso885916", "LATIN10"},
    {"iso88592", "LATIN2"}, {"iso88593", "LATIN3"}, {"iso88594", "LATIN4"}, {"iso88595", "ISO_8859_5"},
    {"iso88596", "ISO_8859_6"}, {"iso88597", "ISO_8859_7"}, {"iso88598", "ISO_8859_8"}, {"iso88599", "LATIN5"},
    {"johab", "JOHAB"}, {"koi8", "KOI8R"}, {"koi8r", "KOI8R"}, {"koi8u", "KOI8U"}, {"latin1", "LATIN1"},
    {"latin10", "LATIN10"}, {"latin2", "LATIN2"}, {"latin3", "LATIN3"}, {"latin4", "LATIN4"},
    {"latin5", "LATIN5"}, {"latin6", "LATIN6"}, {"latin7", "LATIN7"}, {"latin8", "LATIN8"},
    {"latin9", "LATIN9"}, {"mskanji", "SJIS"}, {"muleinternal", "MULE_INTERNAL"}, {"shiftjis", "SJIS"},
    {"shiftjis2004", "SHIFT_JIS_2004"}, {"sjis", "SJIS"}, {"sqlascii", "SQL_ASCII"}, {"tcvn", "WIN1258"},
    {"tcvn5712", "WIN1258"}, {"uhc", "UHC"}, {"unicode", "UTF8"}, {"utf8", "UTF8"}, {"vscii", "WIN1258"},
    {"win", "WIN1251"}, {"win1250", "WIN1250"}, {"win1251", "WIN1251"}, {"win1252", "WIN1252"},
    {"win1253", "WIN1253"}, {"win1254", "WIN1254"}, {"win1255", "WIN1255"}, {"win1256", "WIN1256"},
    {"win1257", "WIN1257"}, {"win1258", "WIN1258"}, {"win866", "WIN866"}, {"win874", "WIN874"},
    {"win932", "SJIS"}, {"win936", "GBK"}, {"win949", "UHC"}, {"win950", "BIG5"}, {"windows1250", "WIN1250"},
    {"windows1251", "WIN1251"}, {"windows1252", "WIN1252"}, {"windows1253", "WIN1253"},
    {"windows1254", "WIN1254"}, {"windows1255", "WIN1255"}, {"windows1256", "WIN1256"},
    {"windows1257", "WIN1257"}, {"windows1258", "WIN1258"}, {"windows866", "WIN866"}, {"windows874", "WIN874"},
    {"windows932", "SJIS"}, {"windows936", "GBK"}, {"windows949", "UHC"}, {"windows950", "BIG5"},
};
/* clang-format on */

/* pg_char_to_encoding: lower-case, keep only letters and digits, look up. */
static const char *encoding_name(const char *s)
{
    char key[64];
    size_t n = 0;
    if (!*s || strlen(s) >= sizeof(key))
        return NULL;
    for (; *s; s++) {
        char c = *s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            key[n++] = c;
        else if (c >= 'A' && c <= 'Z')
            key[n++] = (char)(c - 'A' + 'a');
    }
    key[n] = '\0';
    for (size_t i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++)
        if (!strcmp(key, encodings[i].alias))
            return encodings[i].name;
    return NULL;
}

void wire_copy_opts_init(wire_copy_opts *o, bool is_from)
{
    memset(o, 0, sizeof(*o));
    o->is_from = is_from;
}

void wire_copy_opts_default(wire_copy_opts *o, bool is_from, wire_copy_format format)
{
    wire_copy_opts_init(o, is_from);
    o->format = format;
    bool ok = wire_copy_opts_finish(o, NULL);
    assert(ok);
    (void)ok;
}

/* defGetString: every argument has a text form except none at all. */
static const char *arg_string(const char *name, wire_copy_arg kind, const char *value, wire_err *err)
{
    if (kind == WIRE_COPY_ARG_NONE || !value) {
        wire_err_set(err, "42601", "%s requires a parameter", name);
        return NULL;
    }
    return value;
}

/* defGetBoolean. */
static bool arg_bool(const char *name, wire_copy_arg kind, const char *value, bool *out, wire_err *err)
{
    if (kind == WIRE_COPY_ARG_NONE) {
        *out = true;
        return true;
    }
    if (kind == WIRE_COPY_ARG_INT) {
        if (!strcmp(value, "0") || !strcmp(value, "1")) {
            *out = value[0] == '1';
            return true;
        }
    } else if (!strcasecmp(value, "true") || !strcasecmp(value, "on")) {
        *out = true;
        return true;
    } else if (!strcasecmp(value, "false") || !strcasecmp(value, "off")) {
        *out = false;
        return true;
    }
    wire_err_set(err, "42601", "%s requires a Boolean value", name);
    return false;
}

/* defGetCopyHeaderChoice: a Boolean or "match" (COPY FROM only). */
static bool arg_header(const wire_copy_opts *o, const char *name, wire_copy_arg kind, const char *value,
                       wire_copy_header *out, wire_err *err)
{
    bool b;
    if (kind != WIRE_COPY_ARG_NONE && kind != WIRE_COPY_ARG_INT && !strcasecmp(value, "match")) {
        if (!o->is_from) {
            wire_err_set(err, "0A000", "cannot use \"%s\" with HEADER in COPY TO", value);
            return false;
        }
        *out = WIRE_COPY_HEADER_MATCH;
        return true;
    }
    if (arg_bool(name, kind, value, &b, NULL)) {
        *out = b ? WIRE_COPY_HEADER_TRUE : WIRE_COPY_HEADER_NONE;
        return true;
    }
    wire_err_set(err, "42601", "%s requires a Boolean value or \"match\"", name);
    return false;
}

static bool conflict(wire_err *err)
{
    wire_err_set(err, "42601", "conflicting or redundant options");
    return false;
}

static bool list_only(const char *name, wire_copy_arg kind, wire_err *err)
{
    if (kind == WIRE_COPY_ARG_LIST)
        return true;
    wire_err_set(err, "22023", "argument to option \"%s\" must be a list of column names", name);
    return false;
}

/* DELIMITER, NULL, QUOTE, ESCAPE: a string, once. */
static bool string_opt(const char **slot, const char *name, wire_copy_arg kind, const char *value, wire_err *err)
{
    if (*slot)
        return conflict(err);
    *slot = arg_string(name, kind, value, err);
    return *slot != NULL;
}

bool wire_copy_opts_add(wire_copy_opts *o, const char *name, wire_copy_arg kind, const char *value, wire_err *err)
{
    if (!value)
        value = kind == WIRE_COPY_ARG_NONE ? NULL : "";
    if (!strcmp(name, "format")) {
        if (o->set_format)
            return conflict(err);
        o->set_format = true;
        const char *fmt = arg_string(name, kind, value, err);
        if (!fmt)
            return false;
        if (!strcmp(fmt, "text"))
            o->format = WIRE_COPY_TEXT;
        else if (!strcmp(fmt, "csv"))
            o->format = WIRE_COPY_CSV;
        else if (!strcmp(fmt, "binary"))
            o->format = WIRE_COPY_BINARY;
        else {
            wire_err_set(err, "22023", "COPY format \"%s\" not recognized", fmt);
            return false;
        }
        return true;
    }
    if (!strcmp(name, "freeze")) {
        if (o->set_freeze)
            return conflict(err);
        o->set_freeze = true;
        return arg_bool(name, kind, value, &o->freeze, err);
    }
    if (!strcmp(name, "delimiter"))
        return string_opt(&o->delim_s, name, kind, value, err);
    if (!strcmp(name, "null"))
        return string_opt(&o->null_s, name, kind, value, err);
    if (!strcmp(name, "header")) {
        if (o->set_header)
            return conflict(err);
        o->set_header = true;
        return arg_header(o, name, kind, value, &o->header, err);
    }
    if (!strcmp(name, "quote"))
        return string_opt(&o->quote_s, name, kind, value, err);
    if (!strcmp(name, "escape"))
        return string_opt(&o->escape_s, name, kind, value, err);
    if (!strcmp(name, "force_quote")) {
        if (o->force_quote || o->force_quote_all)
            return conflict(err);
        if (kind == WIRE_COPY_ARG_STAR) {
            o->force_quote_all = true;
            return true;
        }
        return list_only(name, kind, err) && (o->force_quote = true);
    }
    if (!strcmp(name, "force_not_null")) {
        if (o->force_not_null)
            return conflict(err);
        return list_only(name, kind, err) && (o->force_not_null = true);
    }
    if (!strcmp(name, "force_null")) {
        if (o->force_null)
            return conflict(err);
        return list_only(name, kind, err) && (o->force_null = true);
    }
    if (!strcmp(name, "convert_selectively")) {
        /* undocumented, reachable from SQL, without effect on the formats */
        return kind == WIRE_COPY_ARG_NONE || list_only(name, kind, err);
    }
    if (!strcmp(name, "encoding")) {
        if (o->encoding)
            return conflict(err);
        const char *s = arg_string(name, kind, value, err);
        if (!s)
            return false;
        o->encoding = encoding_name(s);
        if (!o->encoding) {
            wire_err_set(err, "22023", "argument to option \"%s\" must be a valid encoding name", name);
            return false;
        }
        return true;
    }
    wire_err_set(err, "42601", "option \"%s\" not recognized", name);
    return false;
}

static bool fail(wire_err *err, const char *code, const char *msg)
{
    wire_err_set(err, code, "%s", msg);
    return false;
}

bool wire_copy_opts_finish(wire_copy_opts *o, wire_err *err)
{
    bool binary = o->format == WIRE_COPY_BINARY, csv = o->format == WIRE_COPY_CSV;
    if (binary && o->delim_s)
        return fail(err, "42601", "cannot specify DELIMITER in BINARY mode");
    if (binary && o->null_s)
        return fail(err, "42601", "cannot specify NULL in BINARY mode");

    const char *delim = o->delim_s ? o->delim_s : csv ? "," : "\t";
    o->null_str = o->null_s ? o->null_s : csv ? "" : "\\N";
    o->null_len = strlen(o->null_str);
    const char *quote = o->quote_s, *escape = o->escape_s;
    if (csv) {
        if (!quote)
            quote = "\"";
        if (!escape)
            escape = quote;
    }

    if (strlen(delim) != 1)
        return fail(err, "0A000", "COPY delimiter must be a single one-byte character");
    o->delim = delim[0];
    if (o->delim == '\r' || o->delim == '\n')
        return fail(err, "22023", "COPY delimiter cannot be newline or carriage return");
    if (strchr(o->null_str, '\r') || strchr(o->null_str, '\n'))
        return fail(err, "22023", "COPY null representation cannot use newline or carriage return");
    if (!csv && strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", o->delim)) {
        wire_err_set(err, "22023", "COPY delimiter cannot be \"%s\"", delim);
        return false;
    }
    if (binary && o->header != WIRE_COPY_HEADER_NONE)
        return fail(err, "0A000", "cannot specify HEADER in BINARY mode");

    if (!csv && quote)
        return fail(err, "0A000", "COPY quote available only in CSV mode");
    if (csv && strlen(quote) != 1)
        return fail(err, "0A000", "COPY quote must be a single one-byte character");
    if (csv && o->delim == quote[0])
        return fail(err, "22023", "COPY delimiter and quote must be different");
    if (!csv && escape)
        return fail(err, "0A000", "COPY escape available only in CSV mode");
    if (csv && strlen(escape) != 1)
        return fail(err, "0A000", "COPY escape must be a single one-byte character");
    o->quote = csv ? quote[0] : '"';
    o->escape = csv ? escape[0] : '"';

    if (!csv && (o->force_quote || o->force_quote_all))
        return fail(err, "0A000", "COPY force quote available only in CSV mode");
    if ((o->force_quote || o->force_quote_all) && o->is_from)
        return fail(err, "0A000", "COPY force quote only available using COPY TO");
    if (!csv && o->force_not_null)
        return fail(err, "0A000", "COPY force not null available only in CSV mode");
    if (o->force_not_null && !o->is_from)
        return fail(err, "0A000", "COPY force not null only available using COPY FROM");
    if (!csv && o->force_null)
        return fail(err, "0A000", "COPY force null available only in CSV mode");
    if (o->force_null && !o->is_from)
        return fail(err, "0A000", "COPY force null only available using COPY FROM");

    if (strchr(o->null_str, o->delim))
        return fail(err, "0A000", "COPY delimiter must not appear in the NULL specification");
    if (csv && strchr(o->null_str, o->quote))
        return fail(err, "0A000", "CSV quote character must not appear in the NULL specification");
    return true;
}

/* ---- output ----------------------------------------------------------- */

/* CopyAttributeOutText: backslash the delimiter and the backslash, write
 * \b \f \n \r \t \v for those control characters, others as they are. */
static void out_text(og_buf *out, char delim, const char *s, size_t n)
{
    size_t run = 0; /* s[run..i) is pending, to be written as is */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc = 0;
        if (c < 0x20) {
            switch (c) {
            case '\b':
                esc = 'b';
                break;
            case '\f':
                esc = 'f';
                break;
            case '\n':
                esc = 'n';
                break;
            case '\r':
                esc = 'r';
                break;
            case '\t':
                esc = 't';
                break;
            case '\v':
                esc = 'v';
                break;
            default:
                if (c == (unsigned char)delim)
                    break; /* a control-character delimiter is backslashed as is */
                continue;
            }
        } else if (c != '\\' && c != (unsigned char)delim) {
            continue;
        }
        og_buf_append(out, s + run, i - run);
        og_buf_putc(out, '\\');
        if (esc) {
            og_buf_putc(out, (uint8_t)esc);
            run = i + 1;
        } else {
            run = i; /* the character itself follows the backslash */
        }
    }
    og_buf_append(out, s + run, n - run);
}

/* CopyAttributeOutCSV: quote when forced, when the value reads as the NULL
 * string, when it is "\." alone on the line, or when it holds the delimiter,
 * the quote or a line end; inside quotes the quote and the escape character
 * are preceded by the escape character. */
static void out_csv(og_buf *out, const wire_copy_opts *o, const char *s, size_t n, bool quote, bool single)
{
    if (!quote && n == o->null_len && !memcmp(s, o->null_str, n))
        quote = true;
    if (!quote) {
        if (single && n == 2 && s[0] == '\\' && s[1] == '.')
            quote = true;
        for (size_t i = 0; i < n && !quote; i++)
            quote = s[i] == o->delim || s[i] == o->quote || s[i] == '\n' || s[i] == '\r';
    }
    if (!quote) {
        og_buf_append(out, s, n);
        return;
    }
    og_buf_putc(out, (uint8_t)o->quote);
    size_t run = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == o->quote || s[i] == o->escape) {
            og_buf_append(out, s + run, i - run);
            og_buf_putc(out, (uint8_t)o->escape);
            run = i;
        }
    og_buf_append(out, s + run, n - run);
    og_buf_putc(out, (uint8_t)o->quote);
}

void wire_copy_format_row(og_buf *out, const wire_copy_opts *o, const wire_copy_field *fields, uint32_t n,
                          const bool *force_quote)
{
    assert(o->format == WIRE_COPY_TEXT || o->format == WIRE_COPY_CSV);
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            og_buf_putc(out, (uint8_t)o->delim);
        const wire_copy_field *f = &fields[i];
        if (!f->data)
            og_buf_append(out, o->null_str, o->null_len);
        else if (o->format == WIRE_COPY_CSV)
            out_csv(out, o, f->data, f->len, o->force_quote_all || (force_quote && force_quote[i]), n == 1);
        else
            out_text(out, o->delim, f->data, f->len);
    }
    og_buf_putc(out, '\n');
}

void wire_copy_format_header(og_buf *out, const wire_copy_opts *o, const char *const *names, uint32_t n)
{
    assert(o->format == WIRE_COPY_TEXT || o->format == WIRE_COPY_CSV);
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            og_buf_putc(out, (uint8_t)o->delim);
        if (o->format == WIRE_COPY_CSV)
            out_csv(out, o, names[i], strlen(names[i]), false, n == 1);
        else
            out_text(out, o->delim, names[i], strlen(names[i]));
    }
    og_buf_putc(out, '\n');
}

void wire_copy_put_row(og_buf *out, const wire_copy_opts *o, const wire_copy_field *fields, uint32_t n,
                       const bool *force_quote)
{
    size_t off = wire_msg_begin(out, 'd');
    wire_copy_format_row(out, o, fields, n, force_quote);
    wire_msg_end(out, off);
}

void wire_copy_put_header(og_buf *out, const wire_copy_opts *o, const char *const *names, uint32_t n)
{
    size_t off = wire_msg_begin(out, 'd');
    wire_copy_format_header(out, o, names, n);
    wire_msg_end(out, off);
}
