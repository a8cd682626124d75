/*
 * tests/unit/test_fn_format.c - the formatting family of the function catalog
 * (orm/fn_format.c: to_char, to_date, to_timestamp) against results of a real
 * PostgreSQL 15.18 (UTF8, locale C).
 *
 * Each row is one call: the function's sym, the text input of its arguments
 * (and their types), what PostgreSQL answered for
 *   set timezone = <tz>; select (f(arg1::type1, ...))::text
 * (the result, NULL, or the SQLSTATE and message of the error), and the
 * session TimeZone when it matters (TZ abbreviations, to_timestamp's wall
 * clock). The rows were produced by running each call on the server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "orm/fn_int.h"
#include "orm/value.h"
#include "proxy/textio.h"

#define FAMILY orm_fn_format
/* the case runner: tests/unit/fn_case.h (bound to FAMILY) */
#include "fn_case.h"

/* clang-format off */
static const fn_case format_cases[] = {
    {"numeric_to_char", 2, {"1234.5", "FM9,999.00"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "1,234.50", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"-1234.5", "9,999.99"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "-1,234.50", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"0.5", "9.99"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "  .50", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"0.5", "FM9.99"}, {OG_OID_NUMERIC, OG_OID_TEXT}, ".5", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"0", "FM9.99"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "0.", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"12", "FM99."}, {OG_OID_NUMERIC, OG_OID_TEXT}, "12", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"-5.5", "FM999.9PR"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "<5.5>", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"1234.5", "FM9999.00"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "1234.50", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"1.5", "0.0"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " 1.5", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"-0.5", "0.0"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "-0.5", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"12.3", "99V9"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " 123", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"123.456", "9.99EEEE"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " 1.23e+02", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"-0.000123", "9.9EEEE"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "-1.2e-04", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"9.999", "9.99EEEE"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " 10.00e+00", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"0", "9.99EEEE"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " 0.00e+00", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"Infinity", "99999999999"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "    Infinity", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"NaN", "9999"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "  NaN", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"NaN", "9.9EEEE"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " #.#####", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"99.99", "9.9"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " #.#", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"-12.345", "SG99.99"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "-12.35", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"12.345", "99.99SG"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "12.35+", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"-12.345", "99.99MI"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "12.35-", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"12.345", "99.99PL"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " 12.35+", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"-12.5", "S0000.00"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "-0012.50", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"0.05", "FM0.00"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "0.05", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"1234567.891", "FM999,999,999.999"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "1,234,567.891", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"0.5", "B9.9"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "  .5", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"1994", "FMRN"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "MCMXCIV", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"1.5", "9.9th"}, {OG_OID_NUMERIC, OG_OID_TEXT}, " 1.5", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"3.14159", "FM990.00"}, {OG_OID_NUMERIC, OG_OID_TEXT}, "3.14", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"1", ""}, {OG_OID_NUMERIC, OG_OID_TEXT}, "", NULL, NULL, NULL},
    {"numeric_to_char", 2, {"12", "99.99EEEE9"}, {OG_OID_NUMERIC, OG_OID_TEXT}, NULL, "42601", "\"EEEE\" must be the last pattern used", NULL},
    {"numeric_to_char", 2, {"12", "S99S"}, {OG_OID_NUMERIC, OG_OID_TEXT}, NULL, "42601", "cannot use \"S\" twice", NULL},
    {"numeric_to_char", 2, {"12", "9.9.9"}, {OG_OID_NUMERIC, OG_OID_TEXT}, NULL, "42601", "multiple decimal points", NULL},
    {"numeric_to_char", 2, {"12", "99PRS"}, {OG_OID_NUMERIC, OG_OID_TEXT}, NULL, "42601", "cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together", NULL},
    {"numeric_to_char", 2, {"12", "FM9EEEE"}, {OG_OID_NUMERIC, OG_OID_TEXT}, NULL, "42601", "\"EEEE\" is incompatible with other formats", NULL},
    {"numeric_to_char", 2, {"12", "9V9.9"}, {OG_OID_NUMERIC, OG_OID_TEXT}, NULL, "42601", "cannot use \"V\" and decimal point together", NULL},
    {"numeric_to_char", 2, {"12", "99PR9"}, {OG_OID_NUMERIC, OG_OID_TEXT}, NULL, "42601", "\"9\" must be ahead of \"PR\"", NULL},
    {"numeric_to_char", 2, {"5e9", "RN"}, {OG_OID_NUMERIC, OG_OID_TEXT}, NULL, "22003", "integer out of range", NULL},
    {"int4_to_char", 2, {"42", "000"}, {OG_OID_INT4, OG_OID_TEXT}, " 042", NULL, NULL, NULL},
    {"int4_to_char", 2, {"12345", "999"}, {OG_OID_INT4, OG_OID_TEXT}, " ###", NULL, NULL, NULL},
    {"int4_to_char", 2, {"-5", "S999"}, {OG_OID_INT4, OG_OID_TEXT}, "  -5", NULL, NULL, NULL},
    {"int4_to_char", 2, {"5", "999S"}, {OG_OID_INT4, OG_OID_TEXT}, "  5+", NULL, NULL, NULL},
    {"int4_to_char", 2, {"-5", "999PR"}, {OG_OID_INT4, OG_OID_TEXT}, "  <5>", NULL, NULL, NULL},
    {"int4_to_char", 2, {"5", "999PR"}, {OG_OID_INT4, OG_OID_TEXT}, "   5 ", NULL, NULL, NULL},
    {"int4_to_char", 2, {"1", "9th"}, {OG_OID_INT4, OG_OID_TEXT}, " 1st", NULL, NULL, NULL},
    {"int4_to_char", 2, {"22", "99TH"}, {OG_OID_INT4, OG_OID_TEXT}, " 22ND", NULL, NULL, NULL},
    {"int4_to_char", 2, {"11", "99th"}, {OG_OID_INT4, OG_OID_TEXT}, " 11th", NULL, NULL, NULL},
    {"int4_to_char", 2, {"-3", "9th"}, {OG_OID_INT4, OG_OID_TEXT}, "-3", NULL, NULL, NULL},
    {"int4_to_char", 2, {"485", "RN"}, {OG_OID_INT4, OG_OID_TEXT}, "        CDLXXXV", NULL, NULL, NULL},
    {"int4_to_char", 2, {"485", "FMrn"}, {OG_OID_INT4, OG_OID_TEXT}, "cdlxxxv", NULL, NULL, NULL},
    {"int4_to_char", 2, {"4000", "RN"}, {OG_OID_INT4, OG_OID_TEXT}, "###############", NULL, NULL, NULL},
    {"int4_to_char", 2, {"5", "MI999"}, {OG_OID_INT4, OG_OID_TEXT}, "   5", NULL, NULL, NULL},
    {"int4_to_char", 2, {"-5", "MI999"}, {OG_OID_INT4, OG_OID_TEXT}, "-  5", NULL, NULL, NULL},
    {"int4_to_char", 2, {"5", "PL999"}, {OG_OID_INT4, OG_OID_TEXT}, "+   5", NULL, NULL, NULL},
    {"int4_to_char", 2, {"5", "SG999"}, {OG_OID_INT4, OG_OID_TEXT}, "+  5", NULL, NULL, NULL},
    {"int4_to_char", 2, {"5", "FMPL999"}, {OG_OID_INT4, OG_OID_TEXT}, "+5", NULL, NULL, NULL},
    {"int4_to_char", 2, {"1234", "L9G999D9"}, {OG_OID_INT4, OG_OID_TEXT}, "  1,234.0", NULL, NULL, NULL},
    {"int4_to_char", 2, {"1234", "9 9 9 9"}, {OG_OID_INT4, OG_OID_TEXT}, " 1 2 3 4", NULL, NULL, NULL},
    {"int4_to_char", 2, {"12", "\"Total: \"99"}, {OG_OID_INT4, OG_OID_TEXT}, "Total:  12", NULL, NULL, NULL},
    {"int4_to_char", 2, {"12", "9x9"}, {OG_OID_INT4, OG_OID_TEXT}, " 1x2", NULL, NULL, NULL},
    {"int4_to_char", 2, {"123", "9EEEE"}, {OG_OID_INT4, OG_OID_TEXT}, " 1e+02", NULL, NULL, NULL},
    {"int4_to_char", 2, {"0", "999"}, {OG_OID_INT4, OG_OID_TEXT}, "   0", NULL, NULL, NULL},
    {"int4_to_char", 2, {"1000000", "9G999G999"}, {OG_OID_INT4, OG_OID_TEXT}, " 1,000,000", NULL, NULL, NULL},
    {"int4_to_char", 2, {"10", "FM9,999"}, {OG_OID_INT4, OG_OID_TEXT}, "10", NULL, NULL, NULL},
    {"int4_to_char", 2, {"5", ""}, {OG_OID_INT4, OG_OID_TEXT}, "", NULL, NULL, NULL},
    {"int8_to_char", 2, {"123456789012345", "999,999,999,999,999"}, {OG_OID_INT8, OG_OID_TEXT}, " 123,456,789,012,345", NULL, NULL, NULL},
    {"int8_to_char", 2, {"-9223372036854775808", "9999999999999999999"}, {OG_OID_INT8, OG_OID_TEXT}, "-9223372036854775808", NULL, NULL, NULL},
    {"int8_to_char", 2, {"99999", "9.9EEEE"}, {OG_OID_INT8, OG_OID_TEXT}, " 10.0e+04", NULL, NULL, NULL},
    {"int8_to_char", 2, {"5", "99V99"}, {OG_OID_INT8, OG_OID_TEXT}, "  500", NULL, NULL, NULL},
    {"int8_to_char", 2, {"9223372036854775807", "9V9"}, {OG_OID_INT8, OG_OID_TEXT}, NULL, "22003", "bigint out of range", NULL},
    {"float8_to_char", 2, {"Infinity", "9999"}, {OG_OID_FLOAT8, OG_OID_TEXT}, " ####", NULL, NULL, NULL},
    {"float8_to_char", 2, {"NaN", "99999"}, {OG_OID_FLOAT8, OG_OID_TEXT}, "   NaN", NULL, NULL, NULL},
    {"float8_to_char", 2, {"1e20", "999999999999999999999.99"}, {OG_OID_FLOAT8, OG_OID_TEXT}, " 100000000000000000000", NULL, NULL, NULL},
    {"float8_to_char", 2, {"1.23456789012345678", "9.99999999999999999999"}, {OG_OID_FLOAT8, OG_OID_TEXT}, " 1.23456789012346", NULL, NULL, NULL},
    {"float8_to_char", 2, {"0.000001", "9.9EEEE"}, {OG_OID_FLOAT8, OG_OID_TEXT}, " 1.0e-06", NULL, NULL, NULL},
    {"float8_to_char", 2, {"99.99", "99.9"}, {OG_OID_FLOAT8, OG_OID_TEXT}, " ##.#", NULL, NULL, NULL},
    {"float8_to_char", 2, {"12.7", "RN"}, {OG_OID_FLOAT8, OG_OID_TEXT}, "           XIII", NULL, NULL, NULL},
    {"float8_to_char", 2, {"-1e-5", "0.99999"}, {OG_OID_FLOAT8, OG_OID_TEXT}, "-0.00001", NULL, NULL, NULL},
    {"float4_to_char", 2, {"1.5", "9.999"}, {OG_OID_FLOAT4, OG_OID_TEXT}, " 1.500", NULL, NULL, NULL},
    {"float4_to_char", 2, {"123456.789", "999999.999"}, {OG_OID_FLOAT4, OG_OID_TEXT}, " 123457", NULL, NULL, NULL},
    {"float4_to_char", 2, {"1e10", "9.99EEEE"}, {OG_OID_FLOAT4, OG_OID_TEXT}, " 1.00e+10", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-03-04 05:06:07.891234", "YYYY-MM-DD HH24:MI:SS.MS.US AM am P.M. HH12 HH Y,YYY YYY YY Y CC Q DDD D ID IW WW W J SSSS FF1 FF3 FF6"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "2021-03-04 05:06:07.891.891234 AM am A.M. 05 05 2,021 021 21 1 21 1 063 5 4 09 09 1 2459278 18367 8 891 891234", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-03-04 15:06:07", "Month|Mon|MONTH|month|mon|MON|Day|Dy|DAY|day|dy|DY|FMMonth|FMDay|RM|rm|FMRM|DDth|DDTH|Ddth|FMDDth"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "March    |Mar|MARCH    |march    |mar|MAR|Thursday |Thu|THURSDAY |thursday |thu|THU|March|Thursday|III |iii |III|04th|04TH|55th|4th", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"0044-03-15 12:00:00 BC", "YYYY BC B.C. ad CC yyyy"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "0044 BC B.C. bc -01 0044", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-03-04", ""}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"infinity", "YYYY"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-01-03", "IYYY-IW-ID IDDD IYY IY I"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "2020-53-7 371 020 20 0", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-03-04 05:06:07", "\"YYYY\" \\\"MM\\\" YYYY\"x\\\"y\" HH24\\:MI FXMM FMX"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "YYYY \"03\" 2021x\"y 05\\:06 03 X", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-03-04", "SP DD SPth TMMonth"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "SP 04 SPth March", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-07-01 12:00:00", "TZ|OF|TZH|TZM|tz"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "|+00|+00|00|", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-12-31 23:59:59", "YYYY IYYY IW WW DDD IDDD Q W D Day"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "2021 2021 52 53 365 362 4 5 6 Friday   ", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-01-01 00:00", "HH12 AM HH pm"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "12 AM 12 am", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"10000-01-01", "YYYY Y,YYY CC"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "10000 10,000 100", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"4713-01-01 BC", "YYYY CC J"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "4713 -48 38", NULL, NULL, NULL},
    {"timestamp_to_char", 2, {"2021-03-04", "DDTH \"x\" MMth YYYYth HH24th"}, {OG_OID_TIMESTAMP, OG_OID_TEXT}, "04TH x 03rd 2021st 00th", NULL, NULL, NULL},
    {"timestamptz_to_char", 2, {"2021-07-01 12:00:00+00", "TZ tz OF HH24"}, {OG_OID_TIMESTAMPTZ, OG_OID_TEXT}, "UTC utc +00 12", NULL, NULL, NULL},
    {"timestamptz_to_char", 2, {"2020-07-01 12:00:00+00", "TZ tz OF TZH:TZM HH24"}, {OG_OID_TIMESTAMPTZ, OG_OID_TEXT}, "CEST cest +02 +02:00 14", NULL, NULL, "Europe/Paris"},
    {"timestamptz_to_char", 2, {"2050-07-01 12:00:00+00", "TZ"}, {OG_OID_TIMESTAMPTZ, OG_OID_TEXT}, "CEST", NULL, NULL, "Europe/Paris"},
    {"timestamptz_to_char", 2, {"1800-07-01 12:00:00+00", "TZ OF"}, {OG_OID_TIMESTAMPTZ, OG_OID_TEXT}, "LMT +00:09", NULL, NULL, "Europe/Paris"},
    {"timestamptz_to_char", 2, {"2020-07-01 12:00:00+00", "TZ|OF|HH24"}, {OG_OID_TIMESTAMPTZ, OG_OID_TEXT}, "-03|-03|09", NULL, NULL, "America/Sao_Paulo"},
    {"timestamptz_to_char", 2, {"2020-07-01 12:00:00+00", "TZ|OF|HH24|TZM"}, {OG_OID_TIMESTAMPTZ, OG_OID_TEXT}, "IST|+05:30|17|30", NULL, NULL, "Asia/Kolkata"},
    {"timestamptz_to_char", 2, {"2020-07-01 12:00:00+00", "TZ|OF|HH24"}, {OG_OID_TIMESTAMPTZ, OG_OID_TEXT}, "UTC|-03|09", NULL, NULL, "UTC+3"},
    {"timestamptz_to_char", 2, {"2020-07-01 12:00:00+00", "TZ|OF|HH24"}, {OG_OID_TIMESTAMPTZ, OG_OID_TEXT}, "EDT|-04|08", NULL, NULL, "EST5EDT"},
    {"interval_to_char", 2, {"1 year 2 months 3 days 04:05:06.789", "YYYY MM DD HH24 HH MI SS MS DDD CC RM"}, {OG_OID_INTERVAL, OG_OID_TEXT}, "0001 02 03 04 04 05 06 789 423 00 II  ", NULL, NULL, NULL},
    {"interval_to_char", 2, {"-25 hours", "HH24 HH12 SSSS"}, {OG_OID_INTERVAL, OG_OID_TEXT}, "-25 -01 -90000", NULL, NULL, NULL},
    {"interval_to_char", 2, {"1 day", "Mon"}, {OG_OID_INTERVAL, OG_OID_TEXT}, NULL, "22007", "invalid format specification for an interval value", NULL},
    {"interval_to_char", 2, {"1 day", "TZ"}, {OG_OID_INTERVAL, OG_OID_TEXT}, NULL, "22007", "invalid format specification for an interval value", NULL},
    {"interval_to_char", 2, {"-1 year -2 months", "YYYY MM RM"}, {OG_OID_INTERVAL, OG_OID_TEXT}, "-0001 -02 XI  ", NULL, NULL, NULL},
    {"interval_to_char", 2, {"1000 hours", "HH24:MI"}, {OG_OID_INTERVAL, OG_OID_TEXT}, "1000:00", NULL, NULL, NULL},
    {"to_date", 2, {"2021-03-04", "YYYY-MM-DD"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04", NULL, NULL, NULL},
    {"to_date", 2, {"20210304", "YYYYMMDD"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04", NULL, NULL, NULL},
    {"to_date", 2, {"4 Mar 2021", "DD Mon YYYY"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04", NULL, NULL, NULL},
    {"to_date", 2, {"  2021  03 04", "YYYY MM DD"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04", NULL, NULL, NULL},
    {"to_date", 2, {"March 4, 2021", "Month DD, YYYY"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04", NULL, NULL, NULL},
    {"to_date", 2, {"", "YYYY"}, {OG_OID_TEXT, OG_OID_TEXT}, "0001-01-01 BC", NULL, NULL, NULL},
    {"to_date", 2, {"21-3-4", "YY-MM-DD"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04", NULL, NULL, NULL},
    {"to_date", 2, {"1 21", "CC YY"}, {OG_OID_TEXT, OG_OID_TEXT}, "0021-01-01", NULL, NULL, NULL},
    {"to_date", 2, {"2021 Foo", "YYYY Mon"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22007", "invalid value \"Foo\" for \"Mon\"", NULL},
    {"to_date", 2, {"2021 03 04 05", "YYYY MM DD MM"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22007", "conflicting values for \"MM\" field in formatting string", NULL},
    {"to_date", 2, {"2021 03", "YYYY IW"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22007", "invalid combination of date conventions", NULL},
    {"to_date", 2, {"99999999999", "YYYY"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22008", "value for \"YYYY\" in source string is out of range", NULL},
    {"to_date", 2, {"2021-13-01", "YYYY-MM-DD"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22008", "date/time field value out of range: \"2021-13-01\"", NULL},
    {"to_date", 2, {"2021-02-30", "YYYY-MM-DD"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22008", "date/time field value out of range: \"2021-02-30\"", NULL},
    {"to_date", 2, {"x2021", "YYYY"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22007", "invalid value \"x202\" for \"YYYY\"", NULL},
    {"to_date", 2, {"2021-1", "YYYY-MMDD"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22007", "source string too short for \"MM\" formatting field", NULL},
    {"to_date", 2, {"2021 065", "YYYY DDD"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-06", NULL, NULL, NULL},
    {"to_date", 2, {"2021-W10-4", "IYYY-\"W\"IW-ID"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-11", NULL, NULL, NULL},
    {"to_date", 2, {"2021 100", "IYYY IDDD"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-04-13", NULL, NULL, NULL},
    {"to_date", 2, {"2459278", "J"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04", NULL, NULL, NULL},
    {"to_date", 2, {"065", "DDD"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22007", "cannot calculate day of year without year information", NULL},
    {"to_date", 2, {"-44-03-15", "YYYY-MM-DD"}, {OG_OID_TEXT, OG_OID_TEXT}, "0044-03-15 BC", NULL, NULL, NULL},
    {"to_date", 2, {"44-03-15 BC", "YYYY-MM-DD BC"}, {OG_OID_TEXT, OG_OID_TEXT}, "0044-03-15 BC", NULL, NULL, NULL},
    {"to_date", 2, {"2021 III", "YYYY RM"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-01", NULL, NULL, NULL},
    {"to_date", 2, {"5874898-01-01", "YYYY-MM-DD"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22008", "date out of range: \"5874898-01-01\"", NULL},
    {"to_date", 2, {"2021  03", "FXYYYY MM"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-01", NULL, NULL, NULL},
    {"to_timestamp", 2, {"2021-03-04 05:06:07.5", "YYYY-MM-DD HH24:MI:SS.MS"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04 05:06:07.5+00", NULL, NULL, NULL},
    {"to_timestamp", 2, {"2021-03-04 5:06 PM", "YYYY-MM-DD HH:MI AM"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04 17:06:00+00", NULL, NULL, NULL},
    {"to_timestamp", 2, {"2021-03-04 13:00 PM", "YYYY-MM-DD HH:MI AM"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22007", "hour \"13\" is invalid for the 12-hour clock", NULL},
    {"to_timestamp", 2, {"2021-03-04 05:06:07 +02:30", "YYYY-MM-DD HH24:MI:SS TZH:TZM"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04 02:36:07+00", NULL, NULL, NULL},
    {"to_timestamp", 2, {"2021-03-04 05:06:07-03", "YYYY-MM-DD HH24:MI:SSTZH"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04 08:06:07+00", NULL, NULL, NULL},
    {"to_timestamp", 2, {"2021-03-04 05:06:07 EST", "YYYY-MM-DD HH24:MI:SS TZ"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "0A000", "formatting field \"TZ\" is only supported in to_char", NULL},
    {"to_timestamp", 2, {"2021-03-04 05:06:07.123456789", "YYYY-MM-DD HH24:MI:SS.US"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22008", "date/time field value out of range: \"2021-03-04 05:06:07.123456789\"", NULL},
    {"to_timestamp", 2, {"2021-03-04 05:06:07.126", "YYYY-MM-DD HH24:MI:SS.FF2"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-04 05:06:07.13+00", NULL, NULL, NULL},
    {"to_timestamp", 2, {"2021-03-04 12:00 +16:00", "YYYY-MM-DD HH24:MI TZH:TZM"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22009", "time zone displacement out of range: \"2021-03-04 12:00 +16:00\"", NULL},
    {"to_timestamp", 2, {"86399", "SSSS"}, {OG_OID_TEXT, OG_OID_TEXT}, "0001-01-01 23:59:59+00 BC", NULL, NULL, NULL},
    {"to_timestamp", 2, {"2021-07-04 05:06", "YYYY-MM-DD HH24:MI"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-07-04 05:06:00+02", NULL, NULL, "Europe/Paris"},
    {"to_timestamp", 2, {"2021-03-14 02:30", "YYYY-MM-DD HH24:MI"}, {OG_OID_TEXT, OG_OID_TEXT}, "2021-03-14 03:30:00-04", NULL, NULL, "America/New_York"},
    {"float8_timestamptz", 1, {"0"}, {OG_OID_FLOAT8}, "1970-01-01 00:00:00+00", NULL, NULL, NULL},
    {"float8_timestamptz", 1, {"1.5"}, {OG_OID_FLOAT8}, "1970-01-01 00:00:01.5+00", NULL, NULL, NULL},
    {"float8_timestamptz", 1, {"1625367960.123456789"}, {OG_OID_FLOAT8}, "2021-07-04 03:06:00.123457+00", NULL, NULL, NULL},
    {"float8_timestamptz", 1, {"-Infinity"}, {OG_OID_FLOAT8}, "-infinity", NULL, NULL, NULL},
    {"float8_timestamptz", 1, {"NaN"}, {OG_OID_FLOAT8}, NULL, "22008", "timestamp cannot be NaN", NULL},
    {"float8_timestamptz", 1, {"1e20"}, {OG_OID_FLOAT8}, NULL, "22008", "timestamp out of range: \"1e+20\"", NULL},
    {"float8_timestamptz", 1, {"1625367960"}, {OG_OID_FLOAT8}, "2021-07-04 05:06:00+02", NULL, NULL, "Europe/Paris"},
    {"numeric_to_number", 2, {"12,454.8-", "99G999D9S"}, {OG_OID_TEXT, OG_OID_TEXT}, "-12454.8", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"<564646.654564>", "999999.999999PR"}, {OG_OID_TEXT, OG_OID_TEXT}, "-564646.654564", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"$1,234.56", "L99,999.99"}, {OG_OID_TEXT, OG_OID_TEXT}, "1234.56", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"5 4 4 . 7 8", "9 9 9 . 9 9"}, {OG_OID_TEXT, OG_OID_TEXT}, "544.78", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"123.456", "999.9"}, {OG_OID_TEXT, OG_OID_TEXT}, "123.4", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"12345", "99"}, {OG_OID_TEXT, OG_OID_TEXT}, "12", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"12345", "999V99"}, {OG_OID_TEXT, OG_OID_TEXT}, "123.4500000000000000", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"42nd", "99th"}, {OG_OID_TEXT, OG_OID_TEXT}, "42", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"1.55", "9.9S"}, {OG_OID_TEXT, OG_OID_TEXT}, "1.5", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"12", ""}, {OG_OID_TEXT, OG_OID_TEXT}, NULLV, NULL, NULL, NULL},
    {"numeric_to_number", 2, {"1,234.50-", "9G999D99MI"}, {OG_OID_TEXT, OG_OID_TEXT}, "-1234.50", NULL, NULL, NULL},
    {"numeric_to_number", 2, {".01", "FM9.99"}, {OG_OID_TEXT, OG_OID_TEXT}, "0.01", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"1-5", "9S9"}, {OG_OID_TEXT, OG_OID_TEXT}, "-15", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"0.5", ".9"}, {OG_OID_TEXT, OG_OID_TEXT}, "0", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"x12", "999"}, {OG_OID_TEXT, OG_OID_TEXT}, "12", NULL, NULL, NULL},
    {"numeric_to_number", 2, {"abc", "999"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22P02", "invalid input syntax for type numeric: \" \"", NULL},
    {"numeric_to_number", 2, {"-", "S9"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22P02", "invalid input syntax for type numeric: \"-\"", NULL},
    {"numeric_to_number", 2, {"5", ".9"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "22003", "numeric field overflow", NULL},
    {"numeric_to_number", 2, {"XII", "RN"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "0A000", "\"RN\" not supported for input", NULL},
    {"numeric_to_number", 2, {"1e5", "9EEEE"}, {OG_OID_TEXT, OG_OID_TEXT}, NULL, "0A000", "\"EEEE\" not supported for input", NULL},
};
/* clang-format on */

static void test_format_cases(void **state)
{
    run_cases(format_cases, sizeof(format_cases) / sizeof(format_cases[0]), 0);
}

/* The zone abbreviation cache is per thread and follows the session's zone. */
static void test_zone_switch(void **state)
{
    const orm_fn *fn = family_find("timestamptz_to_char");
    static const char *const zones[] = {"Europe/Paris", "UTC", "Asia/Kolkata", "Europe/Paris"};
    static const char *const want[] = {"CEST", "UTC", "IST", "CEST"};
    for (int i = 0; i < 4; i++) {
        orm_eval_ctx cx = {zones[i], 0, 0};
        og_value args[2] = {decode(OG_OID_TIMESTAMPTZ, "2020-07-01 12:00:00+00", zones[i]),
                            decode(OG_OID_TEXT, "TZ", zones[i])},
                 out;
        og_error err = OG_ERROR_INIT;
        assert_true(call(fn, &cx, args, 2, &out, &err));
        assert_string_equal(encode(&out, zones[i]), want[i]);
    }
}

static int setup(void **state)
{
    px_textio_install();
    og_arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    og_arena_reset(&arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_cases),
        cmocka_unit_test(test_zone_switch),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
