/*
 * orm/fn_format.c - data type formatting functions (one family of the
 * function catalog, orm/fn.h): to_char of timestamp, timestamptz, interval,
 * numeric, int4, int8, float4 and float8; to_date and to_timestamp(text,
 * text); to_timestamp(float8).
 *
 * The template language is PostgreSQL 15's (formatting.c), reimplemented
 * over og_value:
 *   - a template is parsed into nodes: keywords (YYYY, HH24, Month, 9, 0,
 *     ...), matched longest first among those starting with the same
 *     letter; the FM and TM prefixes and TH / th / SP suffixes of date
 *     keywords; "quoted text" (backslash quotes the next character); other
 *     characters are copied, a backslash only being special before '"';
 *   - date/time output: fixed widths unless FM (Month and Day padded to 9),
 *     ISO week fields, BC years, intervals printed as spans (HH24 may pass
 *     24) with 22007 for fields tied to a calendar (Mon, Day, TZ, ...);
 *     TZ / tz print the zone abbreviation of the session's TimeZone at that
 *     instant, read from the zone's TZif file (/usr/share/zoneinfo), or the
 *     name of a POSIX zone string ("UTC+3" -> UTC, "+02:00" -> nothing);
 *   - number output: PostgreSQL's NUM_processor, digit by digit: 9 0 . D ,
 *     G S MI PL SG PR FM TH V L RN EEEE, '#' fill on overflow, float values
 *     limited to 15 (float8) or 6 (float4) significant digits; the C locale
 *     (decimal point '.', group ',', currency ' ');
 *   - input (to_date, to_timestamp): DCH_from_char in its non-FX and FX
 *     modes: fields parsed as fixed-width numbers unless FM or followed by a
 *     non-digit, separators matching loosely, names case-insensitively,
 *     conflicting values, 12-hour clock, CC / YY / ISO week / day-of-year
 *     combinations and range checks with PostgreSQL's SQLSTATEs and words.
 *     TZH / TZM give the offset; TZ and OF are output-only in PostgreSQL 15
 *     (0A000). Without an offset to_timestamp reads the wall clock in the
 *     session's TimeZone (through the text I/O, as orm/fn_datetime.c does).
 *   - to_number: NUM_processor's input side (digits, point, signs S MI PL
 *     SG PR, group separators, L TH and other template characters skipping
 *     input), then numeric_in with the template's precision and scale; RN
 *     and EEEE are 0A000 for input, as in PostgreSQL 15.
 * Not done: localized names (TM is accepted and prints English).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "orm/fn_int.h"
#include "orm/julian.h"
#include "orm/numeric.h"

#define SQLSTATE_DT_FORMAT   "22007" /* ERRCODE_INVALID_DATETIME_FORMAT */
#define SQLSTATE_DT_RANGE    "22008" /* ERRCODE_DATETIME_VALUE_OUT_OF_RANGE / FIELD_OVERFLOW */
#define SQLSTATE_TZ_DISPLACE "22009" /* ERRCODE_INVALID_TIME_ZONE_DISPLACEMENT_VALUE */

#define USECS_PER_SEC        INT64_C(1000000)
#define USECS_PER_MINUTE     INT64_C(60000000)
#define USECS_PER_HOUR       INT64_C(3600000000)
#define USECS_PER_DAY        INT64_C(86400000000)
#define SECS_PER_HOUR        3600
#define SECS_PER_MINUTE      60
#define POSTGRES_EPOCH_JDATE 2451545
#define UNIX_EPOCH_JDATE     2440588
#define TIMESTAMP_END_JULIAN 109203528
#define DATE_END_JULIAN      2147483494
#define MIN_TIMESTAMP        INT64_C(-211813488000000000)
#define END_TIMESTAMP        INT64_C(9223371331200000000)
#define MAX_TZDISP_HOUR      15
#define MAX_ROMAN_LEN        15

/* ================================================================ calendar */

static const int day_tab[2][13] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0},
                                   {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0}};





static void isoweekdate2date(int isoweek, int wday, int *year, int *mon, int *mday)
{
    int jday = isoweek2j(*year, isoweek);
    jday += wday > 1 ? wday - 2 : 6;
    j2date(jday, year, mon, mday);
}

static int date2isoyearday(int year, int mon, int mday)
{
    return date2j(year, mon, mday) - isoweek2j(date2isoyear(year, mon, mday), 1) + 1;
}

static bool valid_julian(int y, int m)
{
    return (y > -4713 || (y == -4713 && m >= 11)) && (y < 5874898 || (y == 5874898 && m < 6));
}

/* ================================================================ templates */

enum { N_END, N_ACTION, N_CHAR, N_SEPARATOR, N_SPACE };
enum { MODE_NONE, MODE_GREGORIAN, MODE_ISOWEEK };

/* clang-format off */
/* Date/time keyword ids. Lower-case spellings share the id of their upper-case keyword
 * except where the output differs (day, dy, month, mon, rm, tz, a.m., ...). */
enum {
    D_A_D, D_A_M, D_AD, D_AM, D_B_C, D_BC, D_CC, D_DAY, D_DDD, D_DD, D_DY, D_Day, D_Dy, D_D, D_FF1, D_FF2,
    D_FF3, D_FF4, D_FF5, D_FF6, D_FX, D_HH24, D_HH12, D_HH, D_IDDD, D_ID, D_IW, D_IYYY, D_IYY, D_IY, D_I, D_J,
    D_MI, D_MM, D_MONTH, D_MON, D_MS, D_Month, D_Mon, D_OF, D_P_M, D_PM, D_Q, D_RM, D_SSSS, D_SS, D_TZH, D_TZM,
    D_TZ, D_US, D_WW, D_W, D_Y_YYY, D_YYYY, D_YYY, D_YY, D_Y, D_a_d, D_a_m, D_ad, D_am, D_b_c, D_bc, D_day,
    D_dy, D_month, D_mon, D_p_m, D_pm, D_rm, D_tz,
};

/* Number keyword ids. */
enum {
    N_COMMA, N_DEC, N_0, N_9, N_B, N_C, N_D, N_E, N_FM, N_G, N_L, N_MI, N_PL, N_PR, N_RN, N_SG, N_SP, N_S,
    N_TH, N_V, N_rn, N_th,
};

typedef struct keyword {
    const char *name;
    uint8_t len;
    uint8_t id;
    bool is_digit;
    uint8_t mode;
} keyword;

#define G MODE_GREGORIAN
#define I MODE_ISOWEEK
/* In PostgreSQL's order: keywords with the same first character, longest first. */
static const keyword dch_keywords[] = {
    {"A.D.", 4, D_A_D, false, 0}, {"A.M.", 4, D_A_M, false, 0}, {"AD", 2, D_AD, false, 0},
    {"AM", 2, D_AM, false, 0}, {"B.C.", 4, D_B_C, false, 0}, {"BC", 2, D_BC, false, 0},
    {"CC", 2, D_CC, true, 0}, {"DAY", 3, D_DAY, false, 0}, {"DDD", 3, D_DDD, true, G},
    {"DD", 2, D_DD, true, G}, {"DY", 2, D_DY, false, 0}, {"Day", 3, D_Day, false, 0},
    {"Dy", 2, D_Dy, false, 0}, {"D", 1, D_D, true, G}, {"FF1", 3, D_FF1, true, 0},
    {"FF2", 3, D_FF2, true, 0}, {"FF3", 3, D_FF3, true, 0}, {"FF4", 3, D_FF4, true, 0},
    {"FF5", 3, D_FF5, true, 0}, {"FF6", 3, D_FF6, true, 0}, {"FX", 2, D_FX, false, 0},
    {"HH24", 4, D_HH24, true, 0}, {"HH12", 4, D_HH12, true, 0}, {"HH", 2, D_HH, true, 0},
    {"IDDD", 4, D_IDDD, true, I}, {"ID", 2, D_ID, true, I}, {"IW", 2, D_IW, true, I},
    {"IYYY", 4, D_IYYY, true, I}, {"IYY", 3, D_IYY, true, I}, {"IY", 2, D_IY, true, I},
    {"I", 1, D_I, true, I}, {"J", 1, D_J, true, 0}, {"MI", 2, D_MI, true, 0},
    {"MM", 2, D_MM, true, G}, {"MONTH", 5, D_MONTH, false, G}, {"MON", 3, D_MON, false, G},
    {"MS", 2, D_MS, true, 0}, {"Month", 5, D_Month, false, G}, {"Mon", 3, D_Mon, false, G},
    {"OF", 2, D_OF, false, 0}, {"P.M.", 4, D_P_M, false, 0}, {"PM", 2, D_PM, false, 0},
    {"Q", 1, D_Q, true, 0}, {"RM", 2, D_RM, false, G}, {"SSSSS", 5, D_SSSS, true, 0},
    {"SSSS", 4, D_SSSS, true, 0}, {"SS", 2, D_SS, true, 0}, {"TZH", 3, D_TZH, false, 0},
    {"TZM", 3, D_TZM, true, 0}, {"TZ", 2, D_TZ, false, 0}, {"US", 2, D_US, true, 0},
    {"WW", 2, D_WW, true, G}, {"W", 1, D_W, true, G}, {"Y,YYY", 5, D_Y_YYY, true, G},
    {"YYYY", 4, D_YYYY, true, G}, {"YYY", 3, D_YYY, true, G}, {"YY", 2, D_YY, true, G},
    {"Y", 1, D_Y, true, G}, {"a.d.", 4, D_a_d, false, 0}, {"a.m.", 4, D_a_m, false, 0},
    {"ad", 2, D_ad, false, 0}, {"am", 2, D_am, false, 0}, {"b.c.", 4, D_b_c, false, 0},
    {"bc", 2, D_bc, false, 0}, {"cc", 2, D_CC, true, 0}, {"day", 3, D_day, false, 0},
    {"ddd", 3, D_DDD, true, G}, {"dd", 2, D_DD, true, G}, {"dy", 2, D_dy, false, 0},
    {"d", 1, D_D, true, G}, {"ff1", 3, D_FF1, true, 0}, {"ff2", 3, D_FF2, true, 0},
    {"ff3", 3, D_FF3, true, 0}, {"ff4", 3, D_FF4, true, 0}, {"ff5", 3, D_FF5, true, 0},
    {"ff6", 3, D_FF6, true, 0}, {"fx", 2, D_FX, false, 0}, {"hh24", 4, D_HH24, true, 0},
    {"hh12", 4, D_HH12, true, 0}, {"hh", 2, D_HH, true, 0}, {"iddd", 4, D_IDDD, true, I},
    {"id", 2, D_ID, true, I}, {"iw", 2, D_IW, true, I}, {"iyyy", 4, D_IYYY, true, I},
    {"iyy", 3, D_IYY, true, I}, {"iy", 2, D_IY, true, I}, {"i", 1, D_I, true, I},
    {"j", 1, D_J, true, 0}, {"mi", 2, D_MI, true, 0}, {"mm", 2, D_MM, true, G},
    {"month", 5, D_month, false, G}, {"mon", 3, D_mon, false, G}, {"ms", 2, D_MS, true, 0},
    {"of", 2, D_OF, false, 0}, {"p.m.", 4, D_p_m, false, 0}, {"pm", 2, D_pm, false, 0},
    {"q", 1, D_Q, true, 0}, {"rm", 2, D_rm, false, G}, {"sssss", 5, D_SSSS, true, 0},
    {"ssss", 4, D_SSSS, true, 0}, {"ss", 2, D_SS, true, 0}, {"tzh", 3, D_TZH, false, 0},
    {"tzm", 3, D_TZM, true, 0}, {"tz", 2, D_tz, false, 0}, {"us", 2, D_US, true, 0},
    {"ww", 2, D_WW, true, G}, {"w", 1, D_W, true, G}, {"y,yyy", 5, D_Y_YYY, true, G},
    {"yyyy", 4, D_YYYY, true, G}, {"yyy", 3, D_YYY, true, G}, {"yy", 2, D_YY, true, G},
    {"y", 1, D_Y, true, G},
};
#undef G
#undef I

static const keyword num_keywords[] = {
    {",", 1, N_COMMA, 0, 0}, {".", 1, N_DEC, 0, 0}, {"0", 1, N_0, 0, 0},    {"9", 1, N_9, 0, 0},
    {"B", 1, N_B, 0, 0},     {"C", 1, N_C, 0, 0},   {"D", 1, N_D, 0, 0},    {"EEEE", 4, N_E, 0, 0},
    {"FM", 2, N_FM, 0, 0},   {"G", 1, N_G, 0, 0},   {"L", 1, N_L, 0, 0},    {"MI", 2, N_MI, 0, 0},
    {"PL", 2, N_PL, 0, 0},   {"PR", 2, N_PR, 0, 0}, {"RN", 2, N_RN, 0, 0},  {"SG", 2, N_SG, 0, 0},
    {"SP", 2, N_SP, 0, 0},   {"S", 1, N_S, 0, 0},   {"TH", 2, N_TH, 0, 0},  {"V", 1, N_V, 0, 0},
    {"b", 1, N_B, 0, 0},     {"c", 1, N_C, 0, 0},   {"d", 1, N_D, 0, 0},    {"eeee", 4, N_E, 0, 0},
    {"fm", 2, N_FM, 0, 0},   {"g", 1, N_G, 0, 0},   {"l", 1, N_L, 0, 0},    {"mi", 2, N_MI, 0, 0},
    {"pl", 2, N_PL, 0, 0},   {"pr", 2, N_PR, 0, 0}, {"rn", 2, N_rn, 0, 0},  {"sg", 2, N_SG, 0, 0},
    {"sp", 2, N_SP, 0, 0},   {"s", 1, N_S, 0, 0},   {"th", 2, N_th, 0, 0},  {"v", 1, N_V, 0, 0},
};

/* clang-format on */

/* Suffixes of date/time keywords. */
enum { S_FM = 0x01, S_TH = 0x02, S_th = 0x04, S_SP = 0x08, S_TM = 0x10 };

typedef struct fnode {
    uint8_t type;
    uint8_t suffix;
    const keyword *key;
    char ch[5]; /* N_CHAR / N_SEPARATOR / N_SPACE: one (UTF-8) character */
} fnode;

/* clang-format off */
/* Number description (NUMDesc). */
enum {
    NF_DECIMAL = 1 << 1, NF_LDECIMAL = 1 << 2, NF_ZERO = 1 << 3, NF_BLANK = 1 << 4, NF_FILLMODE = 1 << 5,
    NF_LSIGN = 1 << 6, NF_BRACKET = 1 << 7, NF_MINUS = 1 << 8, NF_PLUS = 1 << 9, NF_ROMAN = 1 << 10,
    NF_MULTI = 1 << 11, NF_PLUS_POST = 1 << 12, NF_MINUS_POST = 1 << 13, NF_EEEE = 1 << 14,
};
enum { LSIGN_PRE = -1, LSIGN_NONE = 0, LSIGN_POST = 1 };

/* clang-format on */

typedef struct numdesc {
    int pre, post, lsign, flag, pre_lsign_num, multi, zero_start, zero_end;
} numdesc;

static size_t mblen_at(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
    for (size_t i = 1; i < n; i++)
        if (!s[i])
            return i;
    return n;
}

static const keyword *kw_search(const char *s, const keyword *kw, size_t nkw)
{
    if ((unsigned char)*s <= ' ' || (unsigned char)*s >= '~')
        return NULL;
    for (size_t i = 0; i < nkw; i++)
        if (kw[i].name[0] == *s && strncmp(s, kw[i].name, kw[i].len) == 0)
            return &kw[i];
    return NULL;
}

static bool is_separator_char(const char *s)
{
    char c = *s;
    return c > 0x20 && c < 0x7f && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9');
}

static bool syntax_error(og_error *err, const char *msg)
{
    og_error_set(err, OG_SQLSTATE_SYNTAX_ERROR, "%s", msg);
    return false;
}

/* NUMDesc_prepare for one number keyword. */
static bool num_prepare(numdesc *num, const fnode *n, og_error *err)
{
    int id = n->key->id;
    if ((num->flag & NF_EEEE) && id != N_E)
        return syntax_error(err, "\"EEEE\" must be the last pattern used");
    switch (id) {
    case N_9:
        if (num->flag & NF_BRACKET)
            return syntax_error(err, "\"9\" must be ahead of \"PR\"");
        if (num->flag & NF_MULTI) {
            ++num->multi;
            break;
        }
        if (num->flag & NF_DECIMAL)
            ++num->post;
        else
            ++num->pre;
        break;
    case N_0:
        if (num->flag & NF_BRACKET)
            return syntax_error(err, "\"0\" must be ahead of \"PR\"");
        if (!(num->flag & NF_ZERO) && !(num->flag & NF_DECIMAL)) {
            num->flag |= NF_ZERO;
            num->zero_start = num->pre + 1;
        }
        if (!(num->flag & NF_DECIMAL))
            ++num->pre;
        else
            ++num->post;
        num->zero_end = num->pre + num->post;
        break;
    case N_B:
        if (num->pre == 0 && num->post == 0 && !(num->flag & NF_ZERO))
            num->flag |= NF_BLANK;
        break;
    case N_D:
        num->flag |= NF_LDECIMAL;
        /* fall through */
    case N_DEC:
        if (num->flag & NF_DECIMAL)
            return syntax_error(err, "multiple decimal points");
        if (num->flag & NF_MULTI)
            return syntax_error(err, "cannot use \"V\" and decimal point together");
        num->flag |= NF_DECIMAL;
        break;
    case N_FM:
        num->flag |= NF_FILLMODE;
        break;
    case N_S:
        if (num->flag & NF_LSIGN)
            return syntax_error(err, "cannot use \"S\" twice");
        if (num->flag & (NF_PLUS | NF_MINUS | NF_BRACKET))
            return syntax_error(err, "cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
        if (!(num->flag & NF_DECIMAL)) {
            num->lsign = LSIGN_PRE;
            num->pre_lsign_num = num->pre;
            num->flag |= NF_LSIGN;
        } else if (num->lsign == LSIGN_NONE) {
            num->lsign = LSIGN_POST;
            num->flag |= NF_LSIGN;
        }
        break;
    case N_MI:
        if (num->flag & NF_LSIGN)
            return syntax_error(err, "cannot use \"S\" and \"MI\" together");
        num->flag |= NF_MINUS;
        if (num->flag & NF_DECIMAL)
            num->flag |= NF_MINUS_POST;
        break;
    case N_PL:
        if (num->flag & NF_LSIGN)
            return syntax_error(err, "cannot use \"S\" and \"PL\" together");
        num->flag |= NF_PLUS;
        if (num->flag & NF_DECIMAL)
            num->flag |= NF_PLUS_POST;
        break;
    case N_SG:
        if (num->flag & NF_LSIGN)
            return syntax_error(err, "cannot use \"S\" and \"SG\" together");
        num->flag |= NF_MINUS | NF_PLUS;
        break;
    case N_PR:
        if (num->flag & (NF_LSIGN | NF_PLUS | NF_MINUS))
            return syntax_error(err, "cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
        num->flag |= NF_BRACKET;
        break;
    case N_rn:
    case N_RN:
        num->flag |= NF_ROMAN;
        break;
    case N_V:
        if (num->flag & NF_DECIMAL)
            return syntax_error(err, "cannot use \"V\" and decimal point together");
        num->flag |= NF_MULTI;
        break;
    case N_E:
        if (num->flag & NF_EEEE)
            return syntax_error(err, "cannot use \"EEEE\" twice");
        if (num->flag & (NF_BLANK | NF_FILLMODE | NF_LSIGN | NF_BRACKET | NF_MINUS | NF_PLUS | NF_ROMAN | NF_MULTI)) {
            syntax_error(err, "\"EEEE\" is incompatible with other formats");
            og_error_detail(err, "\"EEEE\" may only be used together with digit and decimal point patterns.");
            return false;
        }
        num->flag |= NF_EEEE;
        break;
    default:
        break;
    }
    return true;
}

/* parse_format: str (NUL-terminated) into nodes (room for strlen(str) + 1). */
static bool parse_format(const char *str, bool is_num, fnode *nodes, numdesc *num, og_error *err)
{
    fnode *n = nodes;
    while (*str) {
        int suffix = 0;
        if (!is_num) {
            if (!strncmp(str, "FM", 2) || !strncmp(str, "fm", 2)) {
                suffix = S_FM;
                str += 2;
            } else if (!strncmp(str, "TM", 2) || !strncmp(str, "tm", 2)) {
                suffix = S_TM;
                str += 2;
            }
        }
        const keyword *k = NULL;
        if (*str)
            k = is_num ? kw_search(str, num_keywords, sizeof(num_keywords) / sizeof(num_keywords[0]))
                       : kw_search(str, dch_keywords, sizeof(dch_keywords) / sizeof(dch_keywords[0]));
        if (k) {
            memset(n, 0, sizeof(*n));
            n->type = N_ACTION;
            n->key = k;
            n->suffix = (uint8_t)suffix;
            str += k->len;
            if (is_num && !num_prepare(num, n, err))
                return false;
            if (!is_num && *str) {
                if (!strncmp(str, "TH", 2)) {
                    n->suffix |= S_TH;
                    str += 2;
                } else if (!strncmp(str, "th", 2)) {
                    n->suffix |= S_th;
                    str += 2;
                } else if (!strncmp(str, "SP", 2)) {
                    n->suffix |= S_SP;
                    str += 2;
                }
            }
            n++;
        } else if (*str == '"') {
            str++;
            while (*str) {
                if (*str == '"') {
                    str++;
                    break;
                }
                if (*str == '\\' && str[1])
                    str++;
                size_t cl = mblen_at(str);
                memset(n, 0, sizeof(*n));
                n->type = N_CHAR;
                memcpy(n->ch, str, cl);
                n++;
                str += cl;
            }
        } else if (*str) {
            if (*str == '\\' && str[1] == '"')
                str++;
            size_t cl = mblen_at(str);
            memset(n, 0, sizeof(*n));
            if (!is_num && is_separator_char(str))
                n->type = N_SEPARATOR;
            else if (*str == ' ' || (*str >= '\t' && *str <= '\r'))
                n->type = N_SPACE;
            else
                n->type = N_CHAR;
            memcpy(n->ch, str, cl);
            n++;
            str += cl;
        }
    }
    memset(n, 0, sizeof(*n));
    n->type = N_END;
    return true;
}

/* The template as nodes (arena memory); fmt is a text value. */
static fnode *template_nodes(const og_value *fmt, bool is_num, numdesc *num, og_arena *a, og_error *err)
{
    char *s = og_arena_memdup(a, fmt->u.str.len ? fmt->u.str.p : "", fmt->u.str.len);
    fnode *nodes = og_arena_alloc(a, (fmt->u.str.len + 1) * sizeof(fnode));
    if (num)
        memset(num, 0, sizeof(*num));
    return parse_format(s, is_num, nodes, num, err) ? nodes : NULL;
}

static bool ret_text(og_value *out, og_arena *a, const char *p, size_t n)
{
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_TEXT;
    out->u.str.p = og_arena_memdup(a, n ? p : "", n);
    out->u.str.len = n;
    return true;
}

/* The buffer as text, cut at the first NUL as PostgreSQL's C strings are. */
static bool ret_buf(og_value *out, og_arena *a, og_buf *b)
{
    size_t n = b->len;
    const char *z = n ? memchr(b->data, '\0', n) : NULL;
    if (z)
        n = (size_t)(z - (const char *)b->data);
    ret_text(out, a, (const char *)b->data, n);
    og_buf_free(b);
    return true;
}

/* ================================================================ time zones */

static bool zone_is_utc(const char *tz)
{
    static const char *const utc[] = {"UTC",  "GMT",     "Etc/UTC",       "Etc/GMT",  "UCT", "Universal",
                                      "Zulu", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Z"};
    if (!tz)
        return true;
    for (size_t i = 0; i < sizeof(utc) / sizeof(utc[0]); i++)
        if (strcasecmp(tz, utc[i]) == 0)
            return true;
    return false;
}

/* A zone's abbreviations as its TZif file lists them (version 2+ data). */
typedef struct tzinfo {
    char name[128];
    bool valid;     /* a TZif file was read */
    int64_t *times; /* transition instants, Unix seconds */
    uint8_t *idx;   /* type of each transition */
    size_t ntimes;
    int32_t utoff[256];
    uint8_t abbrind[256];
    size_t ntypes;
    char abbrs[256];
    char std[16], dst[16]; /* footer (POSIX TZ string) names */
    int32_t std_off;       /* footer standard offset, seconds east */
    bool has_footer, has_dst;
} tzinfo;

/* Per-thread: the zone last asked for; freed when the thread exits (a key destructor, as
 * driver pool threads come and go). */
static __thread tzinfo tzcache;
static pthread_key_t tz_key;
static pthread_once_t tz_key_once = PTHREAD_ONCE_INIT;

static void tz_cache_free(void *unused)
{
    (void)unused;
    free(tzcache.times);
    free(tzcache.idx);
    memset(&tzcache, 0, sizeof(tzcache));
}

static void tz_key_make(void)
{
    pthread_key_create(&tz_key, tz_cache_free);
}

static uint32_t be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)(((uint64_t)be32(p) << 32) | be32(p + 4));
}

/* A POSIX TZ name at *s ("CET", "<+0330>"); false when there is none. */
static bool posix_name(const char **s, char *out, size_t cap)
{
    const char *p = *s;
    size_t n = 0;
    if (*p == '<') {
        p++;
        while (*p && *p != '>') {
            if (n + 1 < cap)
                out[n++] = *p;
            p++;
        }
        if (*p != '>')
            return false;
        p++;
    } else {
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
            if (n + 1 < cap)
                out[n++] = *p;
            p++;
        }
        if (n < 3)
            return false;
    }
    out[n] = '\0';
    *s = p;
    return true;
}

/* A POSIX offset ([+-]hh[:mm[:ss]], west positive) as seconds east. */
static bool posix_offset(const char **s, int32_t *east)
{
    const char *p = *s;
    int sign = 1;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (*p < '0' || *p > '9')
        return false;
    long h = strtol(p, (char **)&p, 10), m = 0, sec = 0;
    if (*p == ':') {
        m = strtol(p + 1, (char **)&p, 10);
        if (*p == ':')
            sec = strtol(p + 1, (char **)&p, 10);
    }
    *east = (int32_t)(-sign * (h * 3600 + m * 60 + sec));
    *s = p;
    return true;
}

static void parse_footer(tzinfo *z, const char *s)
{
    z->has_footer = posix_name(&s, z->std, sizeof(z->std)) && posix_offset(&s, &z->std_off);
    z->has_dst = z->has_footer && posix_name(&s, z->dst, sizeof(z->dst));
}

/* Open name under /usr/share/zoneinfo, matching each path component case-insensitively. */
static int open_zone(const char *name)
{
    char path[512] = "/usr/share/zoneinfo";
    if (!*name || name[0] == '/' || strstr(name, ".."))
        return -1;
    int fd = -1;
    char exact[512];
    if (strlen(name) > 256)
        return -1;
    memcpy(exact, path, 19);
    exact[19] = '/';
    strcpy(exact + 20, name);
    if ((fd = open(exact, O_RDONLY | O_CLOEXEC)) >= 0)
        return fd;
    const char *p = name;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        DIR *d = opendir(path);
        if (!d)
            return -1;
        struct dirent *e;
        bool found = false;
        while ((e = readdir(d)) != NULL)
            if (strlen(e->d_name) == len && strncasecmp(e->d_name, p, len) == 0) {
                size_t pl = strlen(path);
                snprintf(path + pl, sizeof(path) - pl, "/%s", e->d_name);
                found = true;
                break;
            }
        closedir(d);
        if (!found)
            return -1;
        p += len;
        if (*p == '/')
            p++;
    }
    return open(path, O_RDONLY | O_CLOEXEC);
}

static void tz_load(tzinfo *z, const char *name)
{
    pthread_once(&tz_key_once, tz_key_make);
    if (!pthread_getspecific(tz_key))
        pthread_setspecific(tz_key, z); /* any non-NULL value: the destructor runs at exit */
    free(z->times);
    free(z->idx);
    memset(z, 0, sizeof(*z));
    snprintf(z->name, sizeof(z->name), "%s", name);
    int fd = open_zone(name);
    if (fd >= 0) {
        unsigned char *buf = malloc(1 << 17);
        ssize_t len = buf ? read(fd, buf, 1 << 17) : -1;
        close(fd);
        if (len > 44 && memcmp(buf, "TZif", 4) == 0 && buf[4] >= '2') {
            /* skip the version 1 block */
            const unsigned char *h = buf;
            size_t skip = 44 + be32(h + 32) * 5 + be32(h + 36) * 6 + be32(h + 40) + be32(h + 28) * 8 + be32(h + 24) +
                          be32(h + 20);
            if ((size_t)len > skip + 44 && memcmp(buf + skip, "TZif", 4) == 0) {
                h = buf + skip;
                size_t isut = be32(h + 20), isstd = be32(h + 24), leap = be32(h + 28), timecnt = be32(h + 32),
                       typecnt = be32(h + 36), charcnt = be32(h + 40);
                const unsigned char *d = h + 44;
                size_t need = timecnt * 9 + typecnt * 6 + charcnt + leap * 12 + isstd + isut;
                if ((size_t)(d - buf) + need <= (size_t)len && typecnt <= 256 && typecnt > 0 && charcnt <= 256) {
                    z->times = malloc((timecnt ? timecnt : 1) * sizeof(int64_t));
                    z->idx = malloc(timecnt ? timecnt : 1);
                    if (z->times && z->idx) {
                        for (size_t i = 0; i < timecnt; i++)
                            z->times[i] = be64(d + 8 * i);
                        memcpy(z->idx, d + 8 * timecnt, timecnt);
                        z->ntimes = timecnt;
                        const unsigned char *t = d + 9 * timecnt;
                        for (size_t i = 0; i < typecnt; i++) {
                            z->utoff[i] = (int32_t)be32(t + 6 * i);
                            z->abbrind[i] = t[6 * i + 5];
                        }
                        z->ntypes = typecnt;
                        memcpy(z->abbrs, t + 6 * typecnt, charcnt);
                        z->abbrs[charcnt ? charcnt - 1 : 0] = '\0';
                        z->valid = true;
                        const unsigned char *f = d + need;
                        if (f < buf + len && *f == '\n') {
                            char foot[128];
                            size_t fl = 0;
                            for (f++; f < buf + len && *f != '\n' && fl + 1 < sizeof(foot); f++)
                                foot[fl++] = (char)*f;
                            foot[fl] = '\0';
                            parse_footer(z, foot);
                        }
                    }
                }
            }
        }
        free(buf);
    }
    if (!z->valid)
        parse_footer(z, name); /* a POSIX zone string: "UTC+3", "<+0330>-03:30", "+02:00" */
}

/* The abbreviation of zone tz at instant utc (usec since 2000) whose offset is off seconds east. */
static const char *tz_abbrev(const char *tz, int64_t utc, int64_t off)
{
    if (!tz)
        tz = "UTC";
    tzinfo *z = &tzcache;
    if (strcmp(z->name, tz) != 0 || (!z->valid && !z->has_footer && !z->name[0]))
        tz_load(z, tz);
    if (z->valid) {
        int64_t secs = utc / USECS_PER_SEC - (utc % USECS_PER_SEC < 0) + INT64_C(946684800);
        if (z->ntimes && secs >= z->times[0] && (secs < z->times[z->ntimes - 1] || !z->has_footer)) {
            size_t lo = 0, hi = z->ntimes;
            while (hi - lo > 1) {
                size_t mid = (lo + hi) / 2;
                if (z->times[mid] <= secs)
                    lo = mid;
                else
                    hi = mid;
            }
            uint8_t t = z->idx[lo];
            if (t < z->ntypes && z->utoff[t] == off)
                return z->abbrs + z->abbrind[t];
        }
        if (z->has_footer && (!z->ntimes || secs >= z->times[0]))
            return z->has_dst && off != z->std_off ? z->dst : z->std;
        if (!z->ntimes || secs < z->times[0]) {
            /* before the first transition: the first type with that offset (LMT) */
            for (size_t t = 0; t < z->ntypes; t++)
                if (z->utoff[t] == off)
                    return z->abbrs + z->abbrind[t];
        }
        for (size_t t = z->ntypes; t-- > 0;)
            if (z->utoff[t] == off)
                return z->abbrs + z->abbrind[t];
        return "";
    }
    if (z->has_footer)
        return z->has_dst && off != z->std_off ? z->dst : z->std;
    return "";
}

/* Re-read v's text output as type oid (the codec's zone rules, see orm/fn_datetime.c). */
static bool text_roundtrip(const og_value *v, uint32_t oid, const char *tz, og_arena *a, int64_t *out)
{
    const og_text_io *io = og_text_io_get();
    og_buf b = OG_BUF_INIT;
    og_value r;
    og_error e = OG_ERROR_INIT;
    io->encode(v, tz, &b);
    bool ok = io->decode(oid, (const char *)b.data, b.len, tz, a, &r, &e);
    og_buf_free(&b);
    og_error_clear(&e);
    if (ok)
        *out = r.u.i;
    return ok;
}

static const char *zone(const orm_eval_ctx *cx)
{
    return cx && cx->timezone ? cx->timezone : "UTC";
}

static bool ts_range(og_error *err)
{
    og_error_set(err, SQLSTATE_DT_RANGE, "timestamp out of range");
    return false;
}

/* ================================================================ to_char: date/time */

typedef struct fmt_tm {
    int64_t hour;
    int sec, min, mday, mon, year, wday, yday;
    int64_t fsec;
    long gmtoff;     /* seconds east */
    const char *tzn; /* NULL: none */
} fmt_tm;

static const char *const months_full[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
static const char *const months_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                          "Aug", "Sep", "Oct", "Nov", "Dec", NULL};
static const char *const days_full[] = {"Sunday",   "Monday", "Tuesday",  "Wednesday",
                                        "Thursday", "Friday", "Saturday", NULL};
static const char *const days_abbr[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", NULL};
static const char *const rm_upper[] = {"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I", NULL};
static const char *const rm_lower[] = {"xii", "xi", "x", "ix", "viii", "vii", "vi", "v", "iv", "iii", "ii", "i", NULL};
static const char *const ampm[] = {"am", "pm", "AM", "PM", NULL};
static const char *const ampm_long[] = {"a.m.", "p.m.", "A.M.", "P.M.", NULL};
static const char *const adbc[] = {"ad", "bc", "AD", "BC", NULL};
static const char *const adbc_long[] = {"a.d.", "b.c.", "A.D.", "B.C.", NULL};

/* get_th: the ordinal suffix of the number that ends s. */
static bool put_th(og_buf *b, const char *s, bool upper, og_error *err)
{
    size_t len = strlen(s);
    char last = len ? s[len - 1] : '\0';
    if (last < '0' || last > '9') {
        og_error_set(err, OG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "\"%s\" is not a number", s);
        return false;
    }
    if (len > 1 && s[len - 2] == '1')
        last = '0';
    const char *suf = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
    og_buf_putc(b, (uint8_t)(upper ? suf[0] - 32 : suf[0]));
    og_buf_putc(b, (uint8_t)(upper ? suf[1] - 32 : suf[1]));
    return true;
}

static void put_case(og_buf *b, const char *s, int how) /* 0 as is, 1 upper, 2 lower */
{
    for (; *s; s++) {
        char c = *s;
        if (how == 1 && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        else if (how == 2 && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        og_buf_putc(b, (uint8_t)c);
    }
}

/* A name padded to 9 characters unless FM (or TM). */
static void put_name(og_buf *b, const char *s, int how, int suffix)
{
    put_case(b, s, how);
    if (!(suffix & (S_FM | S_TM)))
        for (size_t i = strlen(s); i < 9; i++)
            og_buf_putc(b, ' ');
}

static bool invalid_for_interval(og_error *err)
{
    og_error_set(err, SQLSTATE_DT_FORMAT, "invalid format specification for an interval value");
    og_error_hint(err, "Intervals are not tied to specific calendar dates.");
    return false;
}

static int adjust_year(int year, bool is_interval)
{
    return is_interval ? year : (year <= 0 ? -(year - 1) : year);
}

/* DCH_to_char. */
static bool dch_to_char(const fnode *node, bool is_interval, const fmt_tm *tm, og_buf *b, og_error *err)
{
    char s[64];
    for (const fnode *n = node; n->type != N_END; n++) {
        if (n->type != N_ACTION) {
            og_buf_puts(b, n->ch);
            continue;
        }
        bool fm = n->suffix & S_FM;
        bool num = true; /* s holds a number (for TH) */
        s[0] = '\0';
        int i;
        switch (n->key->id) {
        case D_A_M:
        case D_P_M:
            og_buf_puts(b, tm->hour % 24 >= 12 ? "P.M." : "A.M.");
            num = false;
            break;
        case D_AM:
        case D_PM:
            og_buf_puts(b, tm->hour % 24 >= 12 ? "PM" : "AM");
            num = false;
            break;
        case D_a_m:
        case D_p_m:
            og_buf_puts(b, tm->hour % 24 >= 12 ? "p.m." : "a.m.");
            num = false;
            break;
        case D_am:
        case D_pm:
            og_buf_puts(b, tm->hour % 24 >= 12 ? "pm" : "am");
            num = false;
            break;
        case D_HH:
        case D_HH12:
            snprintf(s, sizeof(s), "%0*lld",
                     fm              ? 0
                     : tm->hour >= 0 ? 2
                                     : 3,
                     (long long)(tm->hour % 12 == 0 ? 12 : tm->hour % 12));
            break;
        case D_HH24:
            snprintf(s, sizeof(s), "%0*lld", fm ? 0 : tm->hour >= 0 ? 2 : 3, (long long)tm->hour);
            break;
        case D_MI:
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : tm->min >= 0 ? 2 : 3, tm->min);
            break;
        case D_SS:
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : tm->sec >= 0 ? 2 : 3, tm->sec);
            break;
        case D_FF1:
            snprintf(s, sizeof(s), "%01d", (int)(tm->fsec / 100000));
            break;
        case D_FF2:
            snprintf(s, sizeof(s), "%02d", (int)(tm->fsec / 10000));
            break;
        case D_FF3:
        case D_MS:
            snprintf(s, sizeof(s), "%03d", (int)(tm->fsec / 1000));
            break;
        case D_FF4:
            snprintf(s, sizeof(s), "%04d", (int)(tm->fsec / 100));
            break;
        case D_FF5:
            snprintf(s, sizeof(s), "%05d", (int)(tm->fsec / 10));
            break;
        case D_FF6:
        case D_US:
            snprintf(s, sizeof(s), "%06d", (int)tm->fsec);
            break;
        case D_SSSS:
            snprintf(s, sizeof(s), "%lld", (long long)(tm->hour * 3600 + tm->min * 60 + tm->sec));
            break;
        case D_tz:
        case D_TZ:
            if (is_interval)
                return invalid_for_interval(err);
            if (tm->tzn)
                put_case(b, tm->tzn, n->key->id == D_tz ? 2 : 0);
            num = false;
            break;
        case D_TZH:
            if (is_interval)
                return invalid_for_interval(err);
            og_buf_printf(b, "%c%02d", tm->gmtoff >= 0 ? '+' : '-', abs((int)tm->gmtoff) / SECS_PER_HOUR);
            num = false;
            break;
        case D_TZM:
            if (is_interval)
                return invalid_for_interval(err);
            og_buf_printf(b, "%02d", (abs((int)tm->gmtoff) % SECS_PER_HOUR) / SECS_PER_MINUTE);
            num = false;
            break;
        case D_OF:
            if (is_interval)
                return invalid_for_interval(err);
            og_buf_printf(b, "%c%0*d", tm->gmtoff >= 0 ? '+' : '-', fm ? 0 : 2, abs((int)tm->gmtoff) / SECS_PER_HOUR);
            if (abs((int)tm->gmtoff) % SECS_PER_HOUR != 0)
                og_buf_printf(b, ":%02d", (abs((int)tm->gmtoff) % SECS_PER_HOUR) / SECS_PER_MINUTE);
            num = false;
            break;
        case D_A_D:
        case D_B_C:
            if (is_interval)
                return invalid_for_interval(err);
            og_buf_puts(b, tm->year <= 0 ? "B.C." : "A.D.");
            num = false;
            break;
        case D_AD:
        case D_BC:
            if (is_interval)
                return invalid_for_interval(err);
            og_buf_puts(b, tm->year <= 0 ? "BC" : "AD");
            num = false;
            break;
        case D_a_d:
        case D_b_c:
            if (is_interval)
                return invalid_for_interval(err);
            og_buf_puts(b, tm->year <= 0 ? "b.c." : "a.d.");
            num = false;
            break;
        case D_ad:
        case D_bc:
            if (is_interval)
                return invalid_for_interval(err);
            og_buf_puts(b, tm->year <= 0 ? "bc" : "ad");
            num = false;
            break;
        case D_MONTH:
        case D_Month:
        case D_month:
            if (is_interval)
                return invalid_for_interval(err);
            if (tm->mon)
                put_name(b, months_full[tm->mon - 1],
                         n->key->id == D_MONTH   ? 1
                         : n->key->id == D_month ? 2
                                                 : 0,
                         n->suffix);
            num = false;
            break;
        case D_MON:
        case D_Mon:
        case D_mon:
            if (is_interval)
                return invalid_for_interval(err);
            if (tm->mon)
                put_case(b, months_abbr[tm->mon - 1], n->key->id == D_MON ? 1 : n->key->id == D_mon ? 2 : 0);
            num = false;
            break;
        case D_MM:
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : tm->mon >= 0 ? 2 : 3, tm->mon);
            break;
        case D_DAY:
        case D_Day:
        case D_day:
            if (is_interval)
                return invalid_for_interval(err);
            put_name(b, days_full[tm->wday], n->key->id == D_DAY ? 1 : n->key->id == D_day ? 2 : 0, n->suffix);
            num = false;
            break;
        case D_DY:
        case D_Dy:
        case D_dy:
            if (is_interval)
                return invalid_for_interval(err);
            put_case(b, days_abbr[tm->wday], n->key->id == D_DY ? 1 : n->key->id == D_dy ? 2 : 0);
            num = false;
            break;
        case D_DDD:
        case D_IDDD:
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : 3,
                     n->key->id == D_DDD ? tm->yday : date2isoyearday(tm->year, tm->mon, tm->mday));
            break;
        case D_DD:
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : 2, tm->mday);
            break;
        case D_D:
            if (is_interval)
                return invalid_for_interval(err);
            snprintf(s, sizeof(s), "%d", tm->wday + 1);
            break;
        case D_ID:
            if (is_interval)
                return invalid_for_interval(err);
            snprintf(s, sizeof(s), "%d", tm->wday == 0 ? 7 : tm->wday);
            break;
        case D_WW:
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : 2, (tm->yday - 1) / 7 + 1);
            break;
        case D_IW:
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : 2, date2isoweek(tm->year, tm->mon, tm->mday));
            break;
        case D_Q:
            if (!tm->mon) {
                num = false;
                break;
            }
            snprintf(s, sizeof(s), "%d", (tm->mon - 1) / 3 + 1);
            break;
        case D_CC:
            if (is_interval)
                i = tm->year / 100;
            else
                i = tm->year > 0 ? (tm->year - 1) / 100 + 1 : tm->year / 100 - 1;
            if (i <= 99 && i >= -99)
                snprintf(s, sizeof(s), "%0*d", fm ? 0 : i >= 0 ? 2 : 3, i);
            else
                snprintf(s, sizeof(s), "%d", i);
            break;
        case D_Y_YYY:
            i = adjust_year(tm->year, is_interval) / 1000;
            snprintf(s, sizeof(s), "%d,%03d", i, adjust_year(tm->year, is_interval) - i * 1000);
            break;
        case D_YYYY:
        case D_IYYY: {
            int y = n->key->id == D_YYYY ? adjust_year(tm->year, is_interval)
                                         : adjust_year(date2isoyear(tm->year, tm->mon, tm->mday), is_interval);
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : adjust_year(tm->year, is_interval) >= 0 ? 4 : 5, y);
            break;
        }
        case D_YYY:
        case D_IYY: {
            int y = n->key->id == D_YYY ? adjust_year(tm->year, is_interval)
                                        : adjust_year(date2isoyear(tm->year, tm->mon, tm->mday), is_interval);
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : adjust_year(tm->year, is_interval) >= 0 ? 3 : 4, y % 1000);
            break;
        }
        case D_YY:
        case D_IY: {
            int y = n->key->id == D_YY ? adjust_year(tm->year, is_interval)
                                       : adjust_year(date2isoyear(tm->year, tm->mon, tm->mday), is_interval);
            snprintf(s, sizeof(s), "%0*d", fm ? 0 : adjust_year(tm->year, is_interval) >= 0 ? 2 : 3, y % 100);
            break;
        }
        case D_Y:
        case D_I: {
            int y = n->key->id == D_Y ? adjust_year(tm->year, is_interval)
                                      : adjust_year(date2isoyear(tm->year, tm->mon, tm->mday), is_interval);
            snprintf(s, sizeof(s), "%1d", y % 10);
            break;
        }
        case D_RM:
        case D_rm: {
            num = false;
            if (!tm->mon && !tm->year)
                break;
            int mon;
            if (tm->mon == 0)
                mon = tm->year >= 0 ? 0 : 11;
            else if (tm->mon < 0)
                mon = -1 * (tm->mon + 1);
            else
                mon = 12 - tm->mon;
            const char *r = (n->key->id == D_RM ? rm_upper : rm_lower)[mon];
            og_buf_puts(b, r);
            if (!fm)
                for (size_t k = strlen(r); k < 4; k++)
                    og_buf_putc(b, ' ');
            break;
        }
        case D_W:
            snprintf(s, sizeof(s), "%d", (tm->mday - 1) / 7 + 1);
            break;
        case D_J:
            snprintf(s, sizeof(s), "%d", date2j(tm->year, tm->mon, tm->mday));
            break;
        default: /* FX */
            num = false;
            break;
        }
        if (num) {
            og_buf_puts(b, s);
            if ((n->suffix & (S_TH | S_th)) && !put_th(b, s, n->suffix & S_TH, err))
                return false;
        }
    }
    return true;
}

/* Broken-down time of a timestamp (usec since 2000); false outside the Julian range. */
static bool ts2fmt(int64_t t, fmt_tm *tm)
{
    int64_t date = t / USECS_PER_DAY, time = t - date * USECS_PER_DAY;
    if (time < 0) {
        time += USECS_PER_DAY;
        date -= 1;
    }
    date += POSTGRES_EPOCH_JDATE;
    if (date < 0 || date > INT32_MAX)
        return false;
    memset(tm, 0, sizeof(*tm));
    j2date((int)date, &tm->year, &tm->mon, &tm->mday);
    tm->hour = time / USECS_PER_HOUR;
    time -= tm->hour * USECS_PER_HOUR;
    tm->min = (int)(time / USECS_PER_MINUTE);
    time -= tm->min * USECS_PER_MINUTE;
    tm->sec = (int)(time / USECS_PER_SEC);
    tm->fsec = time - tm->sec * USECS_PER_SEC;
    int thisdate = date2j(tm->year, tm->mon, tm->mday);
    tm->wday = (thisdate + 1) % 7;
    tm->yday = thisdate - date2j(tm->year, 1, 1) + 1;
    return true;
}

static bool ts_finite(int64_t t)
{
    return t != INT64_MIN && t != INT64_MAX;
}

static bool datetime_to_char(const og_value *fmt, bool is_interval, const fmt_tm *tm, og_arena *a, og_value *out,
                             og_error *err)
{
    fnode *nodes = template_nodes(fmt, false, NULL, a, err);
    if (!nodes)
        return false;
    og_buf b = OG_BUF_INIT;
    if (!dch_to_char(nodes, is_interval, tm, &b, err)) {
        og_buf_free(&b);
        return false;
    }
    return ret_buf(out, a, &b);
}

static bool fn_timestamp_to_char(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    if (args[1].u.str.len == 0 || !ts_finite(args[0].u.i)) {
        *out = og_value_null(OG_OID_TEXT);
        return true;
    }
    fmt_tm tm;
    if (!ts2fmt(args[0].u.i, &tm))
        return ts_range(err);
    return datetime_to_char(&args[1], false, &tm, a, out, err);
}

static bool fn_timestamptz_to_char(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                   og_value *out, og_error *err)
{
    int64_t utc = args[0].u.i, local = utc;
    if (args[1].u.str.len == 0 || !ts_finite(utc)) {
        *out = og_value_null(OG_OID_TEXT);
        return true;
    }
    const char *tz = zone(cx);
    if (!zone_is_utc(tz)) {
        og_value v = {0};
        v.oid = OG_OID_TIMESTAMPTZ;
        v.u.i = utc;
        if (!text_roundtrip(&v, OG_OID_TIMESTAMP, tz, a, &local))
            return ts_range(err);
    }
    fmt_tm tm;
    if (!ts2fmt(local, &tm))
        return ts_range(err);
    tm.gmtoff = (long)((local - utc) / USECS_PER_SEC);
    tm.tzn = zone_is_utc(tz) && !strchr(tz, '/') ? NULL : tz_abbrev(tz, utc, tm.gmtoff);
    if (!tm.tzn) {
        /* UTC, GMT, ...: the zone's own name, as its file gives it */
        tm.tzn = tz_abbrev(tz, utc, 0);
        if (!*tm.tzn)
            tm.tzn = strcasecmp(tz, "GMT") == 0 ? "GMT" : "UTC";
    }
    return datetime_to_char(&args[1], false, &tm, a, out, err);
}

static bool fn_interval_to_char(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                og_value *out, og_error *err)
{
    if (args[1].u.str.len == 0) {
        *out = og_value_null(OG_OID_TEXT);
        return true;
    }
    const og_interval *iv = &args[0].u.iv;
    fmt_tm tm;
    memset(&tm, 0, sizeof(tm));
    tm.year = iv->months / 12;
    tm.mon = iv->months % 12;
    tm.mday = iv->days;
    int64_t t = iv->usec;
    tm.hour = t / USECS_PER_HOUR;
    t -= tm.hour * USECS_PER_HOUR;
    tm.min = (int)(t / USECS_PER_MINUTE);
    t -= tm.min * USECS_PER_MINUTE;
    tm.sec = (int)(t / USECS_PER_SEC);
    tm.fsec = t - tm.sec * USECS_PER_SEC;
    tm.yday = (tm.year * 12 + tm.mon) * 30 + tm.mday;
    return datetime_to_char(&args[1], true, &tm, a, out, err);
}

/* ================================================================ to_char: numbers */

typedef struct numproc {
    numdesc *num;
    int sign; /* '+' or '-' */
    bool sign_wrote, num_in;
    int num_count, num_curr, out_pre_spaces;
    const char *number;
    size_t number_p;
    long last_relevant; /* index into number, -1 when unset */
    og_buf *out;
} numproc;

static bool predec_space(const numproc *np)
{
    return !(np->num->flag & NF_ZERO) && np->number_p == 0 && np->number[0] == '0' && np->num->post != 0;
}

static bool last_relevant_is_dot(const numproc *np)
{
    return np->last_relevant >= 0 && np->number[np->last_relevant] == '.';
}

/* NUM_numpart_to_char. */
static void numpart_to_char(numproc *np, int id)
{
    numdesc *num = np->num;
    if (num->flag & NF_ROMAN)
        return;
    np->num_in = false;
    if (!np->sign_wrote &&
        (np->num_curr >= np->out_pre_spaces || ((num->flag & NF_ZERO) && num->zero_start == np->num_curr)) &&
        (!predec_space(np) || last_relevant_is_dot(np))) {
        if (num->flag & NF_LSIGN) {
            if (num->lsign == LSIGN_PRE) {
                og_buf_putc(np->out, np->sign == '-' ? '-' : '+');
                np->sign_wrote = true;
            }
        } else if (num->flag & NF_BRACKET) {
            og_buf_putc(np->out, np->sign == '+' ? ' ' : '<');
            np->sign_wrote = true;
        } else if (np->sign == '+') {
            if (!(num->flag & NF_FILLMODE))
                og_buf_putc(np->out, ' ');
            np->sign_wrote = true;
        } else if (np->sign == '-') {
            og_buf_putc(np->out, '-');
            np->sign_wrote = true;
        }
    }
    if (np->num_curr < np->out_pre_spaces && (num->zero_start > np->num_curr || !(num->flag & NF_ZERO))) {
        if (!(num->flag & NF_FILLMODE))
            og_buf_putc(np->out, ' ');
    } else if ((num->flag & NF_ZERO) && np->num_curr < np->out_pre_spaces && num->zero_start <= np->num_curr) {
        og_buf_putc(np->out, '0');
        np->num_in = true;
    } else {
        char c = np->number[np->number_p];
        if (c == '.') {
            if (!last_relevant_is_dot(np) || (num->flag & NF_FILLMODE))
                og_buf_putc(np->out, '.');
        } else {
            if (np->last_relevant >= 0 && (long)np->number_p > np->last_relevant && id != N_0) {
                /* trailing zero dropped by FM */
            } else if (predec_space(np)) {
                if (!(num->flag & NF_FILLMODE))
                    og_buf_putc(np->out, ' ');
                else if (last_relevant_is_dot(np))
                    og_buf_putc(np->out, '0');
            } else {
                og_buf_putc(np->out, (uint8_t)c); /* '\0' past the end cuts the result, as in PostgreSQL */
                np->num_in = true;
            }
        }
        if (np->number[np->number_p])
            np->number_p++;
    }
    int end = np->num_count + (np->out_pre_spaces ? 1 : 0) + ((num->flag & NF_DECIMAL) ? 1 : 0);
    if (np->last_relevant >= 0 && (size_t)np->last_relevant == np->number_p)
        end = np->num_curr;
    if (np->num_curr + 1 == end) {
        if (np->sign_wrote && (num->flag & NF_BRACKET))
            og_buf_putc(np->out, np->sign == '+' ? ' ' : '>');
        else if ((num->flag & NF_LSIGN) && num->lsign == LSIGN_POST)
            og_buf_putc(np->out, np->sign == '-' ? '-' : '+');
    }
    np->num_curr++;
}

/* NUM_processor for to_char: number is the digits (no sign), '#'-filled on overflow. */
static bool num_to_char(const fnode *node, numdesc *num, const char *number, int out_pre_spaces, int sign, og_buf *out,
                        og_error *err)
{
    numproc np = {0};
    np.num = num;
    np.number = number;
    np.out = out;
    np.last_relevant = -1;
    if (num->zero_start)
        --num->zero_start;
    if (num->flag & NF_EEEE) {
        og_buf_puts(out, number);
        return true;
    }
    np.sign = sign;
    if (num->flag & (NF_PLUS | NF_MINUS)) {
        np.sign_wrote = !((num->flag & NF_PLUS) && !(num->flag & NF_MINUS));
    } else {
        if (sign != '-' && (num->flag & NF_FILLMODE))
            num->flag &= ~NF_BRACKET;
        np.sign_wrote = sign == '+' && (num->flag & NF_FILLMODE) && !(num->flag & NF_LSIGN);
        if (num->lsign == LSIGN_PRE && num->pre == num->pre_lsign_num)
            num->lsign = LSIGN_POST;
    }
    np.num_count = num->post + num->pre - 1;
    np.out_pre_spaces = out_pre_spaces;
    if ((num->flag & NF_FILLMODE) && (num->flag & NF_DECIMAL)) {
        const char *dot = strchr(number, '.');
        if (dot) {
            np.last_relevant = dot - number;
            for (const char *p = dot + 1; *p; p++)
                if (*p != '0')
                    np.last_relevant = p - number;
            if (num->zero_end > out_pre_spaces) {
                long last_zero = (long)strlen(number) - 1;
                if (last_zero > num->zero_end - out_pre_spaces)
                    last_zero = num->zero_end - out_pre_spaces;
                if (np.last_relevant < last_zero)
                    np.last_relevant = last_zero;
            }
        }
    }
    if (!np.sign_wrote && out_pre_spaces == 0)
        ++np.num_count;
    for (const fnode *n = node; n->type != N_END; n++) {
        if (n->type != N_ACTION) {
            og_buf_puts(out, n->ch);
            continue;
        }
        switch (n->key->id) {
        case N_9:
        case N_0:
        case N_DEC:
        case N_D:
            numpart_to_char(&np, n->key->id);
            break;
        case N_COMMA:
        case N_G:
            if (!np.num_in) {
                if (!(num->flag & NF_FILLMODE))
                    og_buf_putc(out, ' ');
            } else {
                og_buf_putc(out, ',');
            }
            break;
        case N_L:
            og_buf_putc(out, ' ');
            break;
        case N_RN:
        case N_rn: {
            const char *r = number + np.number_p;
            size_t len = strlen(r);
            if (!(num->flag & NF_FILLMODE))
                for (size_t k = len; k < 15; k++)
                    og_buf_putc(out, ' ');
            put_case(out, r, n->key->id == N_rn ? 2 : 0);
            break;
        }
        case N_th:
        case N_TH:
            if ((num->flag & (NF_ROMAN | NF_DECIMAL)) || number[0] == '#' || np.sign == '-')
                break;
            if (!put_th(out, number, n->key->id == N_TH, err))
                return false;
            break;
        case N_MI:
            if (np.sign == '-')
                og_buf_putc(out, '-');
            else if (!(num->flag & NF_FILLMODE))
                og_buf_putc(out, ' ');
            break;
        case N_PL:
            if (np.sign == '+')
                og_buf_putc(out, '+');
            else if (!(num->flag & NF_FILLMODE))
                og_buf_putc(out, ' ');
            break;
        case N_SG:
            og_buf_putc(out, (uint8_t)np.sign);
            break;
        default:
            break;
        }
    }
    return true;
}

/* int_to_roman: 1..3999, else 15 '#'. */
static char *int_to_roman(int64_t number, og_arena *a)
{
    static const char *const rm1[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    static const char *const rm10[] = {"X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
    static const char *const rm100[] = {"C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};
    char *r = og_arena_zalloc(a, MAX_ROMAN_LEN + 1);
    if (number > 3999 || number < 1) {
        memset(r, '#', MAX_ROMAN_LEN);
        return r;
    }
    char digits[8];
    int len = snprintf(digits, sizeof(digits), "%d", (int)number);
    for (const char *p = digits; *p; p++, len--) {
        int d = *p - '1';
        if (d < 0)
            continue;
        if (len == 4)
            while (d-- >= 0)
                strcat(r, "M");
        else
            strcat(r, (len == 3 ? rm100 : len == 2 ? rm10 : rm1)[d]);
    }
    return r;
}

/* "##.#" for a value that does not fit pre digits. */
static char *overflow_str(const numdesc *num, og_arena *a)
{
    char *s = og_arena_alloc(a, (size_t)num->pre + num->post + 2);
    memset(s, '#', (size_t)num->pre + num->post + 1);
    s[num->pre + num->post + 1] = '\0';
    s[num->pre] = '.';
    return s;
}

/* The common tail of every number to_char: digits (sign already split off) padded or overflowed. */
static const char *fit_digits(const char *numstr, numdesc *num, int *out_pre_spaces, og_arena *a)
{
    const char *dot = strchr(numstr, '.');
    int pre_len = dot ? (int)(dot - numstr) : (int)strlen(numstr);
    if (pre_len < num->pre)
        *out_pre_spaces = num->pre - pre_len;
    else if (pre_len > num->pre)
        return overflow_str(num, a);
    return numstr;
}

static bool number_result(const fnode *nodes, numdesc *num, const char *numstr, int out_pre_spaces, int sign,
                          og_arena *a, og_value *out, og_error *err)
{
    og_buf b = OG_BUF_INIT;
    if (!num_to_char(nodes, num, numstr, out_pre_spaces, sign, &b, err)) {
        og_buf_free(&b);
        return false;
    }
    return ret_buf(out, a, &b);
}

/* "%+.*e" with the leading '+' as a space, PostgreSQL's snprintf spelling of NaN and infinities. */
static char *sci_double(double v, int post, og_arena *a)
{
    char *s = og_arena_printf(a, "%+.*e", post, v);
    if (*s == '+')
        *s = ' ';
    return s;
}

static char *eeee_nonfinite(const numdesc *num, og_arena *a)
{
    size_t n = (size_t)num->pre + num->post + 6;
    char *s = og_arena_alloc(a, n + 1);
    memset(s, '#', n);
    s[n] = '\0';
    s[0] = ' ';
    s[num->pre + 1] = '.';
    return s;
}

/* numeric_out_sci: d.ddd e[+-]xx with post digits after the point, rounded half away from zero;
 * s is canonical decimal text without an exponent. */
static char *numeric_sci(const char *s, int post, og_arena *a)
{
    bool neg = *s == '-';
    if (neg || *s == '+')
        s++;
    size_t n = strlen(s);
    char *digits = og_arena_alloc(a, n + 1);
    size_t nd = 0;
    int intlen = -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            intlen = (int)nd;
        else
            digits[nd++] = s[i];
    }
    if (intlen < 0)
        intlen = (int)nd;
    size_t k = 0;
    while (k < nd && digits[k] == '0')
        k++;
    int exp10 = k < nd ? intlen - 1 - (int)k : 0;
    int keep = post + 1;
    bool carry = false;
    char *r = og_arena_alloc(a, (size_t)keep + 2);
    for (int i = 0; i < keep; i++)
        r[i] = k + (size_t)i < nd ? digits[k + (size_t)i] : '0';
    r[keep] = '\0';
    if (k + (size_t)keep < nd && digits[k + (size_t)keep] >= '5') {
        int i = keep - 1;
        while (i >= 0 && r[i] == '9')
            r[i--] = '0';
        if (i >= 0)
            r[i]++;
        else
            carry = true;
    }
    og_buf o = OG_BUF_INIT;
    if (neg)
        og_buf_putc(&o, '-');
    /* the exponent is the value's: 9.999 rounds to 10.00e+00, as numeric_out_sci prints it */
    if (carry)
        og_buf_puts(&o, "10");
    else
        og_buf_putc(&o, (uint8_t)r[0]);
    if (post > 0) {
        og_buf_putc(&o, '.');
        og_buf_append(&o, r + 1, (size_t)post);
    }
    og_buf_printf(&o, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    char *res = og_arena_strdup(a, og_buf_cstr(&o));
    og_buf_free(&o);
    return res;
}

/* numeric_sci with a space where a positive number has no sign. */
static char *numeric_sci_signed(const char *s, int post, og_arena *a)
{
    char *sci = numeric_sci(s, post, a);
    if (*sci == '-')
        return sci;
    char *t = og_arena_alloc(a, strlen(sci) + 2);
    t[0] = ' ';
    strcpy(t + 1, sci);
    return t;
}

/* Integer to_char (int4 and int8). */
static bool int_to_char(int64_t value, bool is8, const og_value *fmt, og_arena *a, og_value *out, og_error *err)
{
    if (fmt->u.str.len == 0)
        return ret_text(out, a, "", 0);
    numdesc num;
    fnode *nodes = template_nodes(fmt, true, &num, a, err);
    if (!nodes)
        return false;
    int out_pre_spaces = 0, sign = 0;
    const char *numstr;
    if (num.flag & NF_ROMAN) {
        numstr = int_to_roman(is8 && (value > INT32_MAX || value < INT32_MIN) ? INT32_MAX : value, a);
    } else if (num.flag & NF_EEEE) {
        if (is8) {
            char buf[32];
            snprintf(buf, sizeof(buf), "%lld", (long long)value);
            numstr = numeric_sci_signed(buf, num.post, a); /* exact, through numeric as PostgreSQL */
        } else {
            numstr = sci_double((double)value, num.post, a);
        }
    } else {
        char buf[32];
        if (num.flag & NF_MULTI) {
            double m = pow(10.0, num.multi);
            if (is8) {
                if (m >= 9.2233720368547758e18 || __builtin_mul_overflow(value, (int64_t)m, &value)) {
                    og_error_set(err, OG_SQLSTATE_NUMERIC_OUT_OF_RANGE, "bigint out of range");
                    return false;
                }
            } else {
                value = (int32_t)(uint32_t)((uint64_t)(int64_t)(int32_t)value * (uint64_t)(int64_t)(int32_t)m);
            }
            num.pre += num.multi;
        }
        snprintf(buf, sizeof(buf), "%lld", (long long)value);
        const char *org = buf;
        if (*org == '-') {
            sign = '-';
            org++;
        } else {
            sign = '+';
        }
        size_t pre_len = strlen(org);
        char *ns = og_arena_alloc(a, pre_len + (size_t)num.post + 2);
        strcpy(ns, org);
        if (num.post) {
            ns[pre_len] = '.';
            memset(ns + pre_len + 1, '0', (size_t)num.post);
            ns[pre_len + 1 + num.post] = '\0';
        }
        numstr = fit_digits(ns, &num, &out_pre_spaces, a);
    }
    return number_result(nodes, &num, numstr, out_pre_spaces, sign, a, out, err);
}

static bool fn_int4_to_char(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    return int_to_char(args[0].u.i, false, &args[1], a, out, err);
}

static bool fn_int8_to_char(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                            og_error *err)
{
    return int_to_char(args[0].u.i, true, &args[1], a, out, err);
}

static bool fn_numeric_to_char(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                               og_error *err)
{
    if (args[1].u.str.len == 0)
        return ret_text(out, a, "", 0);
    numdesc num;
    fnode *nodes = template_nodes(&args[1], true, &num, a, err);
    if (!nodes)
        return false;
    int out_pre_spaces = 0, sign = 0;
    const char *numstr;
    const og_value *value = &args[0];
    const char *vs = og_arena_memdup(a, value->u.str.p, value->u.str.len);
    bool nonfinite = strcmp(vs, "NaN") == 0 || strcmp(vs, "Infinity") == 0 || strcmp(vs, "-Infinity") == 0;
    if (num.flag & NF_ROMAN) {
        og_value r;
        int64_t iv;
        if (!orm_num_round(value, 0, a, &r, err) || !orm_num_to_int(&r, OG_OID_INT4, &iv, err))
            return false;
        numstr = int_to_roman(iv, a);
    } else if (num.flag & NF_EEEE) {
        if (nonfinite) {
            numstr = eeee_nonfinite(&num, a);
        } else {
            numstr = numeric_sci_signed(vs, num.post, a);
        }
    } else {
        og_value val = *value, x;
        if (num.flag & NF_MULTI) {
            og_buf p = OG_BUF_INIT;
            og_buf_putc(&p, '1');
            for (int i = 0; i < num.multi; i++)
                og_buf_putc(&p, '0');
            og_value m;
            bool ok = orm_num_parse((const char *)p.data, p.len, a, &m, err) && orm_num_mul(value, &m, a, &val, err);
            og_buf_free(&p);
            if (!ok)
                return false;
            num.pre += num.multi;
        }
        if (!orm_num_round(&val, num.post, a, &x, err))
            return false;
        const char *org = og_arena_memdup(a, x.u.str.p, x.u.str.len);
        if (*org == '-') {
            sign = '-';
            org++;
        } else {
            sign = '+';
        }
        numstr = fit_digits(org, &num, &out_pre_spaces, a);
    }
    return number_result(nodes, &num, numstr, out_pre_spaces, sign, a, out, err);
}

/* float4 / float8 to_char: at most digits (FLT_DIG / DBL_DIG) significant digits. */
static bool float_to_char(double value, bool is4, const og_value *fmt, og_arena *a, og_value *out, og_error *err)
{
    if (fmt->u.str.len == 0)
        return ret_text(out, a, "", 0);
    numdesc num;
    fnode *nodes = template_nodes(fmt, true, &num, a, err);
    if (!nodes)
        return false;
    int out_pre_spaces = 0, sign = 0, digits = is4 ? FLT_DIG : DBL_DIG;
    const char *numstr;
    if (num.flag & NF_ROMAN) {
        double r = rint(value);
        int64_t iv = !isnan(r) && r >= (double)INT32_MIN && r < -(double)INT32_MIN ? (int64_t)r : INT32_MAX;
        numstr = int_to_roman(iv, a);
    } else if (num.flag & NF_EEEE) {
        if (isnan(value) || isinf(value))
            numstr = eeee_nonfinite(&num, a);
        else
            numstr = sci_double(is4 ? (double)(float)value : value, num.post, a);
    } else {
        double val = value;
        if (num.flag & NF_MULTI) {
            if (is4)
                val = (double)((float)value * (float)pow(10.0, num.multi));
            else
                val = value * pow(10.0, num.multi);
            num.pre += num.multi;
        }
        char *org;
        if (isnan(val)) {
            org = og_arena_strdup(a, "NaN");
        } else if (isinf(val)) {
            org = og_arena_strdup(a, val < 0 ? "-Infinity" : "Infinity");
        } else {
            char *whole = og_arena_printf(a, "%.0f", fabs(val));
            int pre_len = (int)strlen(whole);
            if (pre_len >= digits)
                num.post = 0;
            else if (pre_len + num.post > digits)
                num.post = digits - pre_len;
            org = og_arena_printf(a, "%.*f", num.post, val);
        }
        if (*org == '-') {
            sign = '-';
            org++;
        } else {
            sign = '+';
        }
        numstr = fit_digits(org, &num, &out_pre_spaces, a);
    }
    return number_result(nodes, &num, numstr, out_pre_spaces, sign, a, out, err);
}

static bool fn_float8_to_char(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    return float_to_char(args[0].u.f, false, &args[1], a, out, err);
}

static bool fn_float4_to_char(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                              og_error *err)
{
    return float_to_char(args[0].u.f, true, &args[1], a, out, err);
}

/* ================================================================ to_date / to_timestamp */

typedef struct tmfc {
    int mode;
    int hh, pm, mi, ss, ssss, d, dd, ddd, mm, ms, year, bc, ww, w, cc, j, us, yysz, clock12, tzsign, tzh, tzm, ff;
} tmfc;

static bool set_int(int *dest, int value, const fnode *n, og_error *err)
{
    if (*dest != 0 && *dest != value) {
        og_error_set(err, SQLSTATE_DT_FORMAT, "conflicting values for \"%s\" field in formatting string", n->key->name);
        og_error_detail(err, "This value contradicts a previous setting for the same field type.");
        return false;
    }
    *dest = value;
    return true;
}

static bool set_mode(tmfc *t, int mode, og_error *err)
{
    if (mode == MODE_NONE)
        return true;
    if (t->mode == MODE_NONE) {
        t->mode = mode;
    } else if (t->mode != mode) {
        og_error_set(err, SQLSTATE_DT_FORMAT, "invalid combination of date conventions");
        og_error_hint(err, "Do not mix Gregorian and ISO week date conventions in a formatting template.");
        return false;
    }
    return true;
}

static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* is_next_separator: the field after n cannot be digits, so n may take all the digits there are. */
static bool next_is_separator(const fnode *n)
{
    if (n->type == N_END)
        return false;
    if (n->type == N_ACTION && (n->suffix & (S_TH | S_th)))
        return true;
    n++;
    if (n->type == N_END)
        return true;
    if (n->type == N_ACTION)
        return !n->key->is_digit;
    return !(n->ch[1] == '\0' && n->ch[0] >= '0' && n->ch[0] <= '9');
}

/* from_char_parse_int_len: returns characters used, -1 on error. */
static int parse_int_len(int *dest, const char **src, int len, const fnode *n, og_error *err)
{
    const char *init = *src;
    while (**src && is_space(**src))
        (*src)++;
    char copy[16];
    int used = 0;
    while (used < len && (*src)[used]) {
        copy[used] = (*src)[used];
        used++;
    }
    copy[used] = '\0';
    long result;
    if ((n->suffix & S_FM) || next_is_separator(n)) {
        char *endptr;
        errno = 0;
        result = strtol(init, &endptr, 10);
        *src = endptr;
    } else {
        if (used < len) {
            og_error_set(err, SQLSTATE_DT_FORMAT, "source string too short for \"%s\" formatting field", n->key->name);
            og_error_detail(err, "Field requires %d characters, but only %d remain.", len, used);
            og_error_hint(err, "If your source string is not fixed-width, try using the \"FM\" modifier.");
            return -1;
        }
        char *last;
        errno = 0;
        result = strtol(copy, &last, 10);
        used = (int)(last - copy);
        if (used > 0 && used < len) {
            og_error_set(err, SQLSTATE_DT_FORMAT, "invalid value \"%s\" for \"%s\"", copy, n->key->name);
            og_error_detail(err, "Field requires %d characters, but only %d could be parsed.", len, used);
            og_error_hint(err, "If your source string is not fixed-width, try using the \"FM\" modifier.");
            return -1;
        }
        *src += used;
    }
    if (*src == init) {
        og_error_set(err, SQLSTATE_DT_FORMAT, "invalid value \"%s\" for \"%s\"", copy, n->key->name);
        og_error_detail(err, "Value must be an integer.");
        return -1;
    }
    if (errno == ERANGE || result < INT_MIN || result > INT_MAX) {
        og_error_set(err, SQLSTATE_DT_RANGE, "value for \"%s\" in source string is out of range", n->key->name);
        og_error_detail(err, "Value must be in the range %d to %d.", INT_MIN, INT_MAX);
        return -1;
    }
    if (dest && !set_int(dest, (int)result, n, err))
        return -1;
    return (int)(*src - init);
}

static int parse_int(int *dest, const char **src, const fnode *n, og_error *err)
{
    return parse_int_len(dest, src, n->key->len, n, err);
}

/* seq_search_ascii + from_char_seq_search. */
static bool seq_search(int *dest, const char **src, const char *const *array, const fnode *n, og_error *err)
{
    const char *name = *src;
    for (int i = 0; *name && array[i]; i++) {
        const char *p = array[i], *q = name;
        while (*p && *q && (*p | 0x20) == (*q | 0x20) &&
               ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ? true : *p == *q))
            p++, q++;
        if (!*p) {
            *dest = i;
            *src = q;
            return true;
        }
    }
    size_t len = 0;
    while (name[len] && !is_space(name[len]))
        len++;
    og_error_set(err, SQLSTATE_DT_FORMAT, "invalid value \"%.*s\" for \"%s\"", (int)len, name, n->key->name);
    og_error_detail(err, "The given value did not match any of the allowed values for this field.");
    return false;
}

static void skip_th(const char **s, int suffix)
{
    if (suffix & (S_TH | S_th)) {
        if (**s)
            *s += mblen_at(*s);
        if (**s)
            *s += mblen_at(*s);
    }
}

static int adjust_partial_year(int year)
{
    if (year < 70)
        return year + 2000;
    if (year < 100)
        return year + 1900;
    if (year < 520)
        return year + 2000;
    if (year < 1000)
        return year + 1000;
    return year;
}

/* DCH_from_char (not the standard mode of jsonpath). */
static bool dch_from_char(const fnode *node, const char *in, tmfc *out, og_error *err)
{
    const char *s = in;
    bool fx_mode = false;
    int extra_skip = 0, value, len;
    const fnode *n;
    for (n = node; n->type != N_END && *s; n++) {
        if (!fx_mode && (n->type != N_ACTION || n->key->id != D_FX) && (n->type == N_ACTION || n == node))
            while (*s && is_space(*s)) {
                s++;
                extra_skip++;
            }
        if (n->type == N_SPACE || n->type == N_SEPARATOR) {
            if (!fx_mode) {
                extra_skip--;
                if (is_space(*s) || is_separator_char(s)) {
                    s++;
                    extra_skip++;
                }
            } else {
                s += mblen_at(s);
            }
            continue;
        }
        if (n->type != N_ACTION) {
            if (!fx_mode && extra_skip > 0)
                extra_skip--;
            else
                s += mblen_at(s);
            continue;
        }
        if (!set_mode(out, n->key->mode, err))
            return false;
        switch (n->key->id) {
        case D_FX:
            fx_mode = true;
            break;
        case D_A_M:
        case D_P_M:
        case D_a_m:
        case D_p_m:
            if (!seq_search(&value, &s, ampm_long, n, err) || !set_int(&out->pm, value % 2, n, err))
                return false;
            out->clock12 = 1;
            break;
        case D_AM:
        case D_PM:
        case D_am:
        case D_pm:
            if (!seq_search(&value, &s, ampm, n, err) || !set_int(&out->pm, value % 2, n, err))
                return false;
            out->clock12 = 1;
            break;
        case D_HH:
        case D_HH12:
            if (parse_int_len(&out->hh, &s, 2, n, err) < 0)
                return false;
            out->clock12 = 1;
            skip_th(&s, n->suffix);
            break;
        case D_HH24:
            if (parse_int_len(&out->hh, &s, 2, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_MI:
            if (parse_int(&out->mi, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_SS:
            if (parse_int(&out->ss, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_MS:
            if ((len = parse_int_len(&out->ms, &s, 3, n, err)) < 0)
                return false;
            out->ms *= len == 1 ? 100 : len == 2 ? 10 : 1;
            skip_th(&s, n->suffix);
            break;
        case D_FF1:
        case D_FF2:
        case D_FF3:
        case D_FF4:
        case D_FF5:
        case D_FF6:
            out->ff = n->key->id - D_FF1 + 1;
            /* fall through */
        case D_US:
            if ((len = parse_int_len(&out->us, &s, n->key->id == D_US ? 6 : out->ff, n, err)) < 0)
                return false;
            out->us *= len == 1 ? 100000 : len == 2 ? 10000 : len == 3 ? 1000 : len == 4 ? 100 : len == 5 ? 10 : 1;
            skip_th(&s, n->suffix);
            break;
        case D_SSSS:
            if (parse_int(&out->ssss, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_tz:
        case D_TZ:
        case D_OF:
            og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "formatting field \"%s\" is only supported in to_char",
                         n->key->name);
            return false;
        case D_TZH:
            if (*s == '+' || *s == '-' || *s == ' ') {
                out->tzsign = *s == '-' ? -1 : +1;
                s++;
            } else {
                out->tzsign = extra_skip > 0 && s > in && s[-1] == '-' ? -1 : +1;
            }
            if (parse_int_len(&out->tzh, &s, 2, n, err) < 0)
                return false;
            break;
        case D_TZM:
            if (!out->tzsign)
                out->tzsign = +1;
            if (parse_int_len(&out->tzm, &s, 2, n, err) < 0)
                return false;
            break;
        case D_A_D:
        case D_B_C:
        case D_a_d:
        case D_b_c:
            if (!seq_search(&value, &s, adbc_long, n, err) || !set_int(&out->bc, value % 2, n, err))
                return false;
            break;
        case D_AD:
        case D_BC:
        case D_ad:
        case D_bc:
            if (!seq_search(&value, &s, adbc, n, err) || !set_int(&out->bc, value % 2, n, err))
                return false;
            break;
        case D_MONTH:
        case D_Month:
        case D_month: {
            static const char *const full[] = {"January",  "February", "March",  "April",     "May",
                                               "June",     "July",     "August", "September", "October",
                                               "November", "December", NULL};
            if (!seq_search(&value, &s, full, n, err) || !set_int(&out->mm, value + 1, n, err))
                return false;
            break;
        }
        case D_MON:
        case D_Mon:
        case D_mon:
            if (!seq_search(&value, &s, months_abbr, n, err) || !set_int(&out->mm, value + 1, n, err))
                return false;
            break;
        case D_MM:
            if (parse_int(&out->mm, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_DAY:
        case D_Day:
        case D_day:
            if (!seq_search(&value, &s, days_full, n, err) || !set_int(&out->d, value, n, err))
                return false;
            out->d++;
            break;
        case D_DY:
        case D_Dy:
        case D_dy:
            if (!seq_search(&value, &s, days_abbr, n, err) || !set_int(&out->d, value, n, err))
                return false;
            out->d++;
            break;
        case D_DDD:
            if (parse_int(&out->ddd, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_IDDD:
            if (parse_int_len(&out->ddd, &s, 3, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_DD:
            if (parse_int(&out->dd, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_D:
            if (parse_int(&out->d, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_ID:
            if (parse_int_len(&out->d, &s, 1, n, err) < 0)
                return false;
            if (++out->d > 7)
                out->d = 1;
            skip_th(&s, n->suffix);
            break;
        case D_WW:
        case D_IW:
            if (parse_int(&out->ww, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_Q:
            if (parse_int(NULL, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_CC:
            if (parse_int(&out->cc, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_Y_YYY: {
            int millennia, years, nch;
            if (sscanf(s, "%d,%03d%n", &millennia, &years, &nch) < 2) {
                og_error_set(err, SQLSTATE_DT_FORMAT, "invalid value \"%s\" for \"%s\"", s, "Y,YYY");
                return false;
            }
            if (!set_int(&out->year, years + millennia * 1000, n, err))
                return false;
            out->yysz = 4;
            s += nch;
            skip_th(&s, n->suffix);
            break;
        }
        case D_YYYY:
        case D_IYYY:
            if (parse_int(&out->year, &s, n, err) < 0)
                return false;
            out->yysz = 4;
            skip_th(&s, n->suffix);
            break;
        case D_YYY:
        case D_IYY:
        case D_YY:
        case D_IY:
        case D_Y:
        case D_I:
            if ((len = parse_int(&out->year, &s, n, err)) < 0)
                return false;
            if (len < 4)
                out->year = adjust_partial_year(out->year);
            out->yysz = n->key->len;
            skip_th(&s, n->suffix);
            break;
        case D_RM:
        case D_rm:
            if (!seq_search(&value, &s, rm_lower, n, err) || !set_int(&out->mm, 12 - value, n, err))
                return false;
            break;
        case D_W:
            if (parse_int(&out->w, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        case D_J:
            if (parse_int(&out->j, &s, n, err) < 0)
                return false;
            skip_th(&s, n->suffix);
            break;
        default:
            break;
        }
        if (!fx_mode) {
            extra_skip = 0;
            while (*s && is_space(*s)) {
                s++;
                extra_skip++;
            }
        }
    }
    return true;
}

typedef struct parsed_tm {
    int year, mon, mday, hour, min, sec;
    int64_t fsec;
    bool has_tz;
    int gmtoffset; /* seconds WEST (PostgreSQL's tm2timestamp convention) */
    int fprec;
} parsed_tm;

static bool field_overflow(const char *in, og_error *err)
{
    og_error_set(err, SQLSTATE_DT_RANGE, "date/time field value out of range: \"%s\"", in);
    return false;
}

/* do_to_timestamp. */
static bool do_to_timestamp(const og_value *date_txt, const og_value *fmt, og_arena *a, parsed_tm *tm, og_error *err)
{
    char *in = og_arena_memdup(a, date_txt->u.str.len ? date_txt->u.str.p : "", date_txt->u.str.len);
    tmfc t;
    memset(&t, 0, sizeof(t));
    memset(tm, 0, sizeof(*tm));
    tm->mday = tm->mon = 1;
    if (fmt->u.str.len) {
        fnode *nodes = template_nodes(fmt, false, NULL, a, err);
        if (!nodes || !dch_from_char(nodes, in, &t, err))
            return false;
    }
    enum { M_YEAR = 1, M_MONTH = 2, M_DAY = 4 };
    int fmask = 0;
    if (t.ssss) {
        int x = t.ssss;
        tm->hour = x / SECS_PER_HOUR;
        x %= SECS_PER_HOUR;
        tm->min = x / SECS_PER_MINUTE;
        tm->sec = x % SECS_PER_MINUTE;
    }
    if (t.ss)
        tm->sec = t.ss;
    if (t.mi)
        tm->min = t.mi;
    if (t.hh)
        tm->hour = t.hh;
    if (t.clock12) {
        if (tm->hour < 1 || tm->hour > 12) {
            og_error_set(err, SQLSTATE_DT_FORMAT, "hour \"%d\" is invalid for the 12-hour clock", tm->hour);
            og_error_hint(err, "Use the 24-hour clock, or give an hour between 1 and 12.");
            return false;
        }
        if (t.pm && tm->hour < 12)
            tm->hour += 12;
        else if (!t.pm && tm->hour == 12)
            tm->hour = 0;
    }
    if (t.year) {
        if (t.cc && t.yysz <= 2) {
            if (t.bc)
                t.cc = -t.cc;
            tm->year = t.year % 100;
            if (tm->year) {
                if (t.cc >= 0)
                    tm->year += (t.cc - 1) * 100;
                else
                    tm->year = (t.cc + 1) * 100 - tm->year + 1;
            } else {
                tm->year = t.cc * 100 + (t.cc >= 0 ? 0 : 1);
            }
        } else {
            tm->year = t.year;
            if (t.bc)
                tm->year = -tm->year;
            if (tm->year < 0)
                tm->year++;
        }
        fmask |= M_YEAR;
    } else if (t.cc) {
        if (t.bc)
            t.cc = -t.cc;
        tm->year = t.cc >= 0 ? (t.cc - 1) * 100 + 1 : t.cc * 100 + 1;
        fmask |= M_YEAR;
    }
    if (t.j) {
        j2date(t.j, &tm->year, &tm->mon, &tm->mday);
        fmask |= M_YEAR | M_MONTH | M_DAY;
    }
    if (t.ww) {
        if (t.mode == MODE_ISOWEEK) {
            if (t.d)
                isoweekdate2date(t.ww, t.d, &tm->year, &tm->mon, &tm->mday);
            else
                isoweek2date(t.ww, &tm->year, &tm->mon, &tm->mday);
            fmask |= M_YEAR | M_MONTH | M_DAY;
        } else {
            t.ddd = (t.ww - 1) * 7 + 1;
        }
    }
    if (t.w)
        t.dd = (t.w - 1) * 7 + 1;
    if (t.dd) {
        tm->mday = t.dd;
        fmask |= M_DAY;
    }
    if (t.mm) {
        tm->mon = t.mm;
        fmask |= M_MONTH;
    }
    if (t.ddd && (tm->mon <= 1 || tm->mday <= 1)) {
        if (!tm->year && !t.bc) {
            og_error_set(err, SQLSTATE_DT_FORMAT, "cannot calculate day of year without year information");
            return false;
        }
        if (t.mode == MODE_ISOWEEK) {
            int j0 = isoweek2j(tm->year, 1) - 1;
            j2date(j0 + t.ddd, &tm->year, &tm->mon, &tm->mday);
            fmask |= M_YEAR | M_MONTH | M_DAY;
        } else {
            static const int ysum[2][13] = {{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
                                            {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}};
            const int *y = ysum[isleap(tm->year)];
            int i;
            for (i = 1; i <= 12; i++)
                if (t.ddd <= y[i])
                    break;
            if (tm->mon <= 1)
                tm->mon = i;
            if (tm->mday <= 1)
                tm->mday = t.ddd - y[i - 1];
            fmask |= M_MONTH | M_DAY;
        }
    }
    if (t.ms)
        tm->fsec += (int64_t)t.ms * 1000;
    if (t.us)
        tm->fsec += t.us;
    tm->fprec = t.ff;
    /* ValidateDate */
    if ((fmask & M_MONTH) && (tm->mon < 1 || tm->mon > 12))
        return field_overflow(in, err);
    if ((fmask & M_DAY) && (tm->mday < 1 || tm->mday > 31))
        return field_overflow(in, err);
    if ((fmask & (M_YEAR | M_MONTH | M_DAY)) == (M_YEAR | M_MONTH | M_DAY) &&
        tm->mday > day_tab[isleap(tm->year)][tm->mon - 1])
        return field_overflow(in, err);
    if (tm->hour < 0 || tm->hour >= 24 || tm->min < 0 || tm->min >= 60 || tm->sec < 0 || tm->sec >= 60 ||
        tm->fsec < 0 || tm->fsec >= USECS_PER_SEC)
        return field_overflow(in, err);
    if (t.tzsign) {
        if (t.tzh < 0 || t.tzh > MAX_TZDISP_HOUR || t.tzm < 0 || t.tzm >= 60) {
            og_error_set(err, SQLSTATE_TZ_DISPLACE, "time zone displacement out of range: \"%s\"", in);
            return false;
        }
        tm->has_tz = true;
        tm->gmtoffset = (t.tzh * 60 + t.tzm) * 60;
        if (t.tzsign > 0)
            tm->gmtoffset = -tm->gmtoffset;
    }
    return true;
}

static bool fn_to_date(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                       og_error *err)
{
    parsed_tm tm;
    if (!do_to_timestamp(&args[0], &args[1], a, &tm, err))
        return false;
    int64_t d = 0;
    bool ok = valid_julian(tm.year, tm.mon);
    if (ok) {
        d = (int64_t)date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE;
        ok = d >= -POSTGRES_EPOCH_JDATE && d < (int64_t)DATE_END_JULIAN - POSTGRES_EPOCH_JDATE;
    }
    if (!ok) {
        og_error_set(err, SQLSTATE_DT_RANGE, "date out of range: \"%.*s\"", (int)args[0].u.str.len, args[0].u.str.p);
        return false;
    }
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_DATE;
    out->u.i = d;
    return true;
}

/* AdjustTimestampForTypmod: round to prec fractional digits. */
static int64_t round_usec(int64_t t, int prec)
{
    static const int64_t scales[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (prec <= 0 || prec >= 6)
        return t;
    int64_t s = scales[prec], off = s / 2;
    return t >= 0 ? ((t + off) / s) * s : -((((-t) + off) / s) * s);
}

static bool fn_to_timestamp_text(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                 og_value *out, og_error *err)
{
    parsed_tm tm;
    if (!do_to_timestamp(&args[0], &args[1], a, &tm, err))
        return false;
    /* tm2timestamp of the wall clock */
    if (!valid_julian(tm.year, tm.mon))
        return ts_range(err);
    int64_t date = (int64_t)date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE;
    int64_t time = (((int64_t)tm.hour * 60 + tm.min) * 60 + tm.sec) * USECS_PER_SEC + tm.fsec, local;
    if (__builtin_mul_overflow(date, USECS_PER_DAY, &local) || __builtin_add_overflow(local, time, &local))
        return ts_range(err);
    int64_t utc;
    if (tm.has_tz) {
        utc = local + (int64_t)tm.gmtoffset * USECS_PER_SEC;
    } else if (zone_is_utc(zone(cx))) {
        utc = local;
    } else {
        og_value v = {0};
        v.oid = OG_OID_TIMESTAMP;
        v.u.i = local;
        if (local < MIN_TIMESTAMP || local >= END_TIMESTAMP ||
            !text_roundtrip(&v, OG_OID_TIMESTAMPTZ, zone(cx), a, &utc))
            return ts_range(err);
    }
    if (utc < MIN_TIMESTAMP || utc >= END_TIMESTAMP)
        return ts_range(err);
    if (tm.fprec)
        utc = round_usec(utc, tm.fprec);
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_TIMESTAMPTZ;
    out->u.i = utc;
    return true;
}

/* to_timestamp(double precision): Unix epoch seconds. */
static bool fn_to_timestamp_float(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a,
                                  og_value *out, og_error *err)
{
    double seconds = args[0].u.f;
    memset(out, 0, sizeof(*out));
    out->oid = OG_OID_TIMESTAMPTZ;
    if (isnan(seconds)) {
        og_error_set(err, SQLSTATE_DT_RANGE, "timestamp cannot be NaN");
        return false;
    }
    if (isinf(seconds)) {
        out->u.i = seconds < 0 ? INT64_MIN : INT64_MAX;
        return true;
    }
    if (seconds < 86400.0 * (0 - UNIX_EPOCH_JDATE) ||
        seconds >= 86400.0 * ((double)TIMESTAMP_END_JULIAN - UNIX_EPOCH_JDATE)) {
        og_error_set(err, SQLSTATE_DT_RANGE, "timestamp out of range: \"%g\"", seconds);
        return false;
    }
    double s = seconds - (double)(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86400.0;
    s = rint(s * 1000000.0);
    int64_t r = (int64_t)s;
    if (r < MIN_TIMESTAMP || r >= END_TIMESTAMP) {
        og_error_set(err, SQLSTATE_DT_RANGE, "timestamp out of range: \"%g\"", seconds);
        return false;
    }
    out->u.i = r;
    return true;
}

/* ================================================================ to_number */

/* The input side of NUM_processor (NUM_numpart_from_char and friends), in the C locale: the
 * number read from in[0..len) as " 123.45" or "-123.45" (a sign position, digits, a point), what
 * numeric_in then reads. Digits after the point stop at the template's count; the ones before
 * do not. */
typedef struct numscan {
    const numdesc *num;
    const char *in;
    size_t len, p;
    og_buf number; /* number.data[0] is the sign: ' ', '-' or '+' */
    bool read_dec;
    int read_pre, read_post;
} numscan;

static bool scan_over(const numscan *s)
{
    return s->p >= s->len;
}

static char scan_ch(const numscan *s, size_t at)
{
    return at < s->len ? s->in[at] : '\0';
}

static bool is_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void numpart_from_char(numscan *s, int id)
{
    const numdesc *num = s->num;
    bool isread = false;
    if (scan_over(s))
        return;
    if (scan_ch(s, s->p) == ' ')
        s->p++;
    if (scan_over(s))
        return;
    char *sign = (char *)s->number.data;
    /* a sign before the number */
    if (*sign == ' ' && (id == N_0 || id == N_9) && s->read_pre + s->read_post == 0) {
        char c = scan_ch(s, s->p);
        if ((num->flag & NF_LSIGN) && num->lsign == LSIGN_PRE) {
            if (c == '-' || c == '+') {
                s->p++;
                *sign = c;
            }
        } else if (c == '-' || ((num->flag & NF_BRACKET) && c == '<')) {
            *sign = '-';
            s->p++;
        } else if (c == '+') {
            *sign = '+';
            s->p++;
        }
    }
    if (scan_over(s))
        return;
    char c = scan_ch(s, s->p);
    if (is_ascii_digit(c)) {
        if (s->read_dec && s->read_post == num->post)
            return;
        og_buf_putc(&s->number, (uint8_t)c);
        sign = (char *)s->number.data;
        if (s->read_dec)
            s->read_post++;
        else
            s->read_pre++;
        isread = true;
    } else if ((num->flag & NF_DECIMAL) && !s->read_dec && c == '.') {
        og_buf_putc(&s->number, '.');
        sign = (char *)s->number.data;
        s->read_dec = true;
        isread = true;
    }
    if (scan_over(s))
        return;
    /* a sign after the last digit */
    if (*sign == ' ' && s->read_pre + s->read_post > 0) {
        if ((num->flag & NF_LSIGN) && isread && s->p + 1 < s->len && !is_ascii_digit(scan_ch(s, s->p + 1))) {
            char n = scan_ch(s, s->p + 1);
            if (n == '-' || n == '+') {
                s->p++;
                *sign = n;
            }
        } else if (!isread && !(num->flag & NF_LSIGN) && (num->flag & (NF_PLUS | NF_MINUS))) {
            if (c == '-' || c == '+')
                *sign = c;
        }
    }
}

/* Step over one (UTF-8) input character. */
static void scan_skip(numscan *s)
{
    size_t cl = 1;
    unsigned char c = (unsigned char)s->in[s->p];
    if (c >= 0xc0)
        cl = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
    s->p += cl < s->len - s->p ? cl : s->len - s->p;
}

/* NUM_eat_non_data_chars: skip up to n characters that cannot be part of the number. */
static void eat_non_data(numscan *s, int n)
{
    while (n-- > 0 && !scan_over(s) && !strchr("0123456789.,+-", scan_ch(s, s->p)))
        scan_skip(s);
}

static bool num_from_char(const fnode *node, numdesc *num, numscan *s, og_error *err)
{
    if (num->flag & NF_EEEE) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "\"EEEE\" not supported for input");
        return false;
    }
    if (num->flag & NF_ROMAN) {
        og_error_set(err, OG_SQLSTATE_FEATURE_NOT_SUPPORTED, "\"RN\" not supported for input");
        return false;
    }
    og_buf_putc(&s->number, ' ');
    for (const fnode *n = node; n->type != N_END && !scan_over(s); n++) {
        if (n->type != N_ACTION) { /* one input character per template character, matching or not */
            scan_skip(s);
            continue;
        }
        char c = scan_ch(s, s->p);
        char *sign = (char *)s->number.data;
        switch (n->key->id) {
        case N_9:
        case N_0:
        case N_DEC:
        case N_D:
            numpart_from_char(s, n->key->id);
            break;
        case N_COMMA:
        case N_G:
            if ((num->flag & NF_FILLMODE) || c != ',')
                continue;
            break;
        case N_L: /* the C locale's currency symbol is one blank */
            eat_non_data(s, 1);
            continue;
        case N_TH:
        case N_th:
            if (!(num->flag & NF_DECIMAL))
                eat_non_data(s, 2);
            continue;
        case N_MI:
        case N_PL:
        case N_SG:
            if ((c == '-' && n->key->id != N_PL) || (c == '+' && n->key->id != N_MI)) {
                *sign = c;
                break;
            }
            eat_non_data(s, 1);
            continue;
        default:
            continue;
        }
        s->p++;
    }
    if (s->number.len > 1 && s->number.data[s->number.len - 1] == '.')
        s->number.len--;
    num->post = s->read_post;
    return true;
}

/* to_number(text, text): numeric_to_number. The number read is given the typmod numeric(pre + V +
 * post, post) (numeric_in's rounding and 22003), then V's digits are divided out with PostgreSQL's
 * power(10, -n) (hence its 16-digit scale). An empty template gives NULL. */
static bool fn_to_number(const orm_eval_ctx *cx, const og_value *args, uint16_t nargs, og_arena *a, og_value *out,
                         og_error *err)
{
    (void)cx;
    (void)nargs;
    if (args[1].u.str.len == 0) {
        *out = og_value_null(OG_OID_NUMERIC);
        return true;
    }
    numdesc num;
    fnode *nodes = template_nodes(&args[1], true, &num, a, err);
    if (!nodes)
        return false;
    numscan s = {&num, args[0].u.str.p, args[0].u.str.len, 0, OG_BUF_INIT, false, 0, 0};
    if (num.zero_start)
        --num.zero_start;
    if (!num_from_char(nodes, &num, &s, err)) {
        og_buf_free(&s.number);
        return false;
    }
    int32_t precision = num.pre + num.multi + num.post;
    og_value v;
    bool ok = orm_num_parse((const char *)s.number.data, s.number.len, a, &v, err) &&
              orm_num_typmod(&v, ((precision << 16) | num.post) + 4, a, out, err);
    og_buf_free(&s.number);
    if (ok && (num.flag & NF_MULTI)) {
        og_value ten, exp, m;
        orm_num_from_int64(10, a, &ten);
        orm_num_from_int64(-num.multi, a, &exp);
        v = *out;
        ok = orm_num_power(&ten, &exp, a, &m, err) && orm_num_mul(&v, &m, a, out, err);
    }
    return ok;
}

/* ================================================================ the table */

#define T  OG_OID_TEXT
#define ST ORM_FN_STRICT

static const orm_fn fns[] = {
    {"to_char", "timestamp_to_char", 2, {OG_OID_TIMESTAMP, T}, T, ST, fn_timestamp_to_char, NULL},
    {"to_char", "timestamptz_to_char", 2, {OG_OID_TIMESTAMPTZ, T}, T, ST | ORM_FN_NOW, fn_timestamptz_to_char, NULL},
    {"to_char", "interval_to_char", 2, {OG_OID_INTERVAL, T}, T, ST, fn_interval_to_char, NULL},
    {"to_char", "numeric_to_char", 2, {OG_OID_NUMERIC, T}, T, ST, fn_numeric_to_char, NULL},
    {"to_char", "int4_to_char", 2, {OG_OID_INT4, T}, T, ST, fn_int4_to_char, NULL},
    {"to_char", "int8_to_char", 2, {OG_OID_INT8, T}, T, ST, fn_int8_to_char, NULL},
    {"to_char", "float4_to_char", 2, {OG_OID_FLOAT4, T}, T, ST, fn_float4_to_char, NULL},
    {"to_char", "float8_to_char", 2, {OG_OID_FLOAT8, T}, T, ST, fn_float8_to_char, NULL},
    {"to_date", "to_date", 2, {T, T}, OG_OID_DATE, ST, fn_to_date, NULL},
    {"to_timestamp", "to_timestamp", 2, {T, T}, OG_OID_TIMESTAMPTZ, ST | ORM_FN_NOW, fn_to_timestamp_text, NULL},
    {"to_timestamp", "float8_timestamptz", 1, {OG_OID_FLOAT8}, OG_OID_TIMESTAMPTZ, ST, fn_to_timestamp_float, NULL},
    {"to_number", "numeric_to_number", 2, {T, T}, OG_OID_NUMERIC, ST, fn_to_number, NULL},
};

const orm_fn_table orm_fn_format = {fns, sizeof(fns) / sizeof(fns[0])};
