/*
 * tests/unit/test_codec.c - the value codecs (wire/codec*.c) against bytes
 * produced by a real PostgreSQL 15.
 *
 * Most cases are tables generated from PostgreSQL 15.18 (the SQL is in the
 * comment above each group): for every text input, the server's output
 * text (typoutput) and binary send format (typsend, as hex). Each reference
 * row is checked in every direction: text -> value -> text and bytes, bytes
 * -> value -> bytes and text, and PostgreSQL's own output text read back.
 * Error tables hold the SQLSTATE and message PostgreSQL raised for bad
 * text and bad binary input. The remaining tests cover what PostgreSQL
 * cannot produce for us: values built by drivers, the session time zone
 * fallbacks, "now", limits, and thread safety of the time zone lookups.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "orm/mem.h"
#include "orm/value.h"
#include "wire/codec.h"
#include "wire/err.h"

/* name[] has no constant in orm/value.h (pg_type.dat: _name = 1003). */
#define NAME_ARRAY_OID 1003

typedef struct ref_case {
    uint32_t oid;
    const char *tz;  /* session TimeZone */
    const char *in;  /* text input */
    const char *out; /* PostgreSQL's output text */
    const char *hex; /* PostgreSQL's send bytes */
} ref_case;

typedef struct err_case {
    uint32_t oid;
    const char *tz;
    const char *in;
    const char *code;
    const char *msg;
} err_case;

typedef struct bin_err_case {
    uint32_t oid;
    bool pg_suffix; /* PostgreSQL's message is msg + " in bind parameter 1" */
    const char *hex;
    const char *code;
    const char *msg;
} bin_err_case;

/* Generated from PostgreSQL 15.18 by running, per group,
 *   SET TimeZone = <tz>;
 *   SELECT <typoutput>(x::<type>), encode(<typsend>(x::<type>), 'hex') FROM (VALUES <inputs>) v(x);
 * (the functions are named in each group's comment). */
/* clang-format off */
static const ref_case ref_cases[] = {
    /* SET TimeZone = 'UTC'; SELECT boolout(x::bool), encode(boolsend(x::bool), 'hex') */
    {OG_OID_BOOL, "UTC", "t", "t", "01"},
    {OG_OID_BOOL, "UTC", "f", "f", "00"},
    {OG_OID_BOOL, "UTC", "TRUE", "t", "01"},
    {OG_OID_BOOL, "UTC", " yes ", "t", "01"},
    {OG_OID_BOOL, "UTC", "off", "f", "00"},
    {OG_OID_BOOL, "UTC", "on", "t", "01"},
    {OG_OID_BOOL, "UTC", "0", "f", "00"},
    {OG_OID_BOOL, "UTC", "Tr", "t", "01"},
    /* SET TimeZone = 'UTC'; SELECT int2out(x::int2), encode(int2send(x::int2), 'hex') */
    {OG_OID_INT2, "UTC", "32767", "32767", "7fff"},
    {OG_OID_INT2, "UTC", "-32768", "-32768", "8000"},
    {OG_OID_INT2, "UTC", " 12 ", "12", "000c"},
    /* SET TimeZone = 'UTC'; SELECT int4out(x::int4), encode(int4send(x::int4), 'hex') */
    {OG_OID_INT4, "UTC", "42", "42", "0000002a"},
    {OG_OID_INT4, "UTC", "-2147483648", "-2147483648", "80000000"},
    {OG_OID_INT4, "UTC", " +7 ", "7", "00000007"},
    /* SET TimeZone = 'UTC'; SELECT int8out(x::int8), encode(int8send(x::int8), 'hex') */
    {OG_OID_INT8, "UTC", "9223372036854775807", "9223372036854775807", "7fffffffffffffff"},
    {OG_OID_INT8, "UTC", "-9223372036854775808", "-9223372036854775808", "8000000000000000"},
    /* SET TimeZone = 'UTC'; SELECT float4out(x::float4), encode(float4send(x::float4), 'hex') */
    {OG_OID_FLOAT4, "UTC", "0.1", "0.1", "3dcccccd"},
    {OG_OID_FLOAT4, "UTC", "1e6", "1e+06", "49742400"},
    {OG_OID_FLOAT4, "UTC", "123456", "123456", "47f12000"},
    {OG_OID_FLOAT4, "UTC", "1234567", "1.234567e+06", "4996b438"},
    {OG_OID_FLOAT4, "UTC", "-0", "-0", "80000000"},
    {OG_OID_FLOAT4, "UTC", "NaN", "NaN", "7fc00000"},
    {OG_OID_FLOAT4, "UTC", "-inf", "-Infinity", "ff800000"},
    {OG_OID_FLOAT4, "UTC", "1e-45", "1e-45", "00000001"},
    {OG_OID_FLOAT4, "UTC", "3.4e38", "3.4e+38", "7f7fc99e"},
    {OG_OID_FLOAT4, "UTC", "16777217", "1.6777216e+07", "4b800000"},
    {OG_OID_FLOAT4, "UTC", "1e-5", "1e-05", "3727c5ac"},
    /* SET TimeZone = 'UTC'; SELECT float8out(x::float8), encode(float8send(x::float8), 'hex') */
    {OG_OID_FLOAT8, "UTC", "0.1", "0.1", "3fb999999999999a"},
    {OG_OID_FLOAT8, "UTC", "1e20", "1e+20", "4415af1d78b58c40"},
    {OG_OID_FLOAT8, "UTC", "1e15", "1e+15", "430c6bf526340000"},
    {OG_OID_FLOAT8, "UTC", "123456789012345", "123456789012345", "42dc12218377de40"},
    {OG_OID_FLOAT8, "UTC", "1e-5", "1e-05", "3ee4f8b588e368f1"},
    {OG_OID_FLOAT8, "UTC", "0.0001", "0.0001", "3f1a36e2eb1c432d"},
    {OG_OID_FLOAT8, "UTC", "5e-324", "5e-324", "0000000000000001"},
    {OG_OID_FLOAT8, "UTC", "-0", "-0", "8000000000000000"},
    {OG_OID_FLOAT8, "UTC", "Infinity", "Infinity", "7ff0000000000000"},
    {OG_OID_FLOAT8, "UTC", " nan ", "NaN", "7ff8000000000000"},
    {OG_OID_FLOAT8, "UTC", "0.30000000000000004", "0.30000000000000004", "3fd3333333333334"},
    {OG_OID_FLOAT8, "UTC", "1e23", "9.999999999999999e+22", "44b52d02c7e14af6"},
    {OG_OID_FLOAT8, "UTC", "5e22", "4.9999999999999996e+22", "44a52d02c7e14af6"},
    {OG_OID_FLOAT8, "UTC", "1.7976931348623157e308", "1.7976931348623157e+308", "7fefffffffffffff"},
    {OG_OID_FLOAT8, "UTC", "3.141592653589793", "3.141592653589793", "400921fb54442d18"},
    {OG_OID_FLOAT8, "UTC", "-1.5e-7", "-1.5e-07", "be8421f5f40d8376"},
    /* SET TimeZone = 'UTC'; SELECT numeric_out(x::numeric), encode(numeric_send(x::numeric), 'hex') */
    {OG_OID_NUMERIC, "UTC", "1.50", "1.50", "000200000000000200011388"},
    {OG_OID_NUMERIC, "UTC", "-12345.6789", "-12345.6789", "0003000140000004000109291a85"},
    {OG_OID_NUMERIC, "UTC", "0.0001", "0.0001", "0001ffff000000040001"},
    {OG_OID_NUMERIC, "UTC", "1e3", "1000", "000100000000000003e8"},
    {OG_OID_NUMERIC, "UTC", "1.5e-3", "0.0015", "0001ffff00000004000f"},
    {OG_OID_NUMERIC, "UTC", "-0.00", "0.00", "0000000000000002"},
    {OG_OID_NUMERIC, "UTC", "007", "7", "00010000000000000007"},
    {OG_OID_NUMERIC, "UTC", ".5", "0.5", "0001ffff000000011388"},
    {OG_OID_NUMERIC, "UTC", "NaN", "NaN", "00000000c0000000"},
    {OG_OID_NUMERIC, "UTC", "Infinity", "Infinity", "00000000d0000020"},
    {OG_OID_NUMERIC, "UTC", "-inf", "-Infinity", "00000000f0000020"},
    {OG_OID_NUMERIC, "UTC", "12345678901234567890.123456789", "12345678901234567890.123456789", "000800040000000904d2162e23340d801ed204d2162e2328"},
    {OG_OID_NUMERIC, "UTC", "10000", "10000", "00010001000000000001"},
    {OG_OID_NUMERIC, "UTC", "0.00009999", "0.00009999", "0001fffe00000008270f"},
    {OG_OID_NUMERIC, "UTC", "9999.9999", "9999.9999", "0002000000000004270f270f"},
    {OG_OID_NUMERIC, "UTC", "-0.000000001", "-0.000000001", "0001fffd4000000903e8"},
    {OG_OID_NUMERIC, "UTC", "1e 2", "100", "00010000000000000064"},
    /* SET TimeZone = 'UTC'; SELECT textout(x::text), encode(textsend(x::text), 'hex') */
    {OG_OID_TEXT, "UTC", "hello", "hello", "68656c6c6f"},
    {OG_OID_TEXT, "UTC", "", "", ""},
    {OG_OID_TEXT, "UTC", " spaced ", " spaced ", "2073706163656420"},
    {OG_OID_TEXT, "UTC", "ünïcödé €", "ünïcödé €", "c3bc6ec3af63c3b664c3a920e282ac"},
    /* SET TimeZone = 'UTC'; SELECT varcharout(x::varchar), encode(varcharsend(x::varchar), 'hex') */
    {OG_OID_VARCHAR, "UTC", "abc", "abc", "616263"},
    {OG_OID_VARCHAR, "UTC", "a b ", "a b ", "61206220"},
    /* SET TimeZone = 'UTC'; SELECT bpcharout(x::bpchar), encode(bpcharsend(x::bpchar), 'hex') */
    {OG_OID_BPCHAR, "UTC", "ab  ", "ab  ", "61622020"},
    {OG_OID_BPCHAR, "UTC", "x", "x", "78"},
    /* SET TimeZone = 'UTC'; SELECT nameout(x::name), encode(namesend(x::name), 'hex') */
    {OG_OID_NAME, "UTC", "pg_class", "pg_class", "70675f636c617373"},
    {OG_OID_NAME, "UTC", "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", "6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e"},
    {OG_OID_NAME, "UTC", "ééééééééééééééééééééééééééééééééé", "ééééééééééééééééééééééééééééééé", "c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9"},
    /* SET TimeZone = 'UTC'; SELECT byteaout(x::bytea), encode(byteasend(x::bytea), 'hex') */
    {OG_OID_BYTEA, "UTC", "\\x0102", "\\x0102", "0102"},
    {OG_OID_BYTEA, "UTC", "\\xDEADbeef", "\\xdeadbeef", "deadbeef"},
    {OG_OID_BYTEA, "UTC", "\\x 01 02\n", "\\x0102", "0102"},
    {OG_OID_BYTEA, "UTC", "\\x", "\\x", ""},
    {OG_OID_BYTEA, "UTC", "abc", "\\x616263", "616263"},
    {OG_OID_BYTEA, "UTC", "a\\\\b", "\\x615c62", "615c62"},
    {OG_OID_BYTEA, "UTC", "\\001\\377x", "\\x01ff78", "01ff78"},
    {OG_OID_BYTEA, "UTC", "", "\\x", ""},
    /* SET TimeZone = 'UTC'; SELECT uuid_out(x::uuid), encode(uuid_send(x::uuid), 'hex') */
    {OG_OID_UUID, "UTC", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    {OG_OID_UUID, "UTC", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    {OG_OID_UUID, "UTC", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    {OG_OID_UUID, "UTC", "a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    {OG_OID_UUID, "UTC", "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    /* SET TimeZone = 'UTC'; SELECT date_out(x::date), encode(date_send(x::date), 'hex') */
    {OG_OID_DATE, "UTC", "2024-01-02", "2024-01-02", "0000223f"},
    {OG_OID_DATE, "UTC", "1/2/24", "2024-01-02", "0000223f"},
    {OG_OID_DATE, "UTC", "January 2, 2024", "2024-01-02", "0000223f"},
    {OG_OID_DATE, "UTC", "2 Jan 2024", "2024-01-02", "0000223f"},
    {OG_OID_DATE, "UTC", "20240102", "2024-01-02", "0000223f"},
    {OG_OID_DATE, "UTC", "2024.032", "2024-02-01", "0000225d"},
    {OG_OID_DATE, "UTC", "0044-03-15 BC", "0044-03-15 BC", "fff49d7b"},
    {OG_OID_DATE, "UTC", "infinity", "infinity", "7fffffff"},
    {OG_OID_DATE, "UTC", "-infinity", "-infinity", "80000000"},
    {OG_OID_DATE, "UTC", "epoch", "1970-01-01", "ffffd533"},
    {OG_OID_DATE, "UTC", "5874897-12-31", "5874897-12-31", "7fda970c"},
    {OG_OID_DATE, "UTC", "4714-11-24 BC", "4714-11-24 BC", "ffda97a7"},
    {OG_OID_DATE, "UTC", "2024-01-02 03:04:05+02", "2024-01-02", "0000223f"},
    {OG_OID_DATE, "UTC", "J2451545", "2000-01-01", "00000000"},
    /* SET TimeZone = 'UTC'; SELECT time_out(x::time), encode(time_send(x::time), 'hex') */
    {OG_OID_TIME, "UTC", "04:05:06.789", "04:05:06.789", "000000036c97ca88"},
    {OG_OID_TIME, "UTC", "04:05 PM", "16:05:00", "0000000d7b1be300"},
    {OG_OID_TIME, "UTC", "12:05 AM", "00:05:00", "0000000011e1a300"},
    {OG_OID_TIME, "UTC", "24:00:00", "24:00:00", "000000141dd76000"},
    {OG_OID_TIME, "UTC", "allballs", "00:00:00", "0000000000000000"},
    {OG_OID_TIME, "UTC", "040506", "04:05:06", "000000036c8bc080"},
    {OG_OID_TIME, "UTC", "04:05:06.1234567", "04:05:06.123457", "000000036c8da2c1"},
    /* SET TimeZone = 'UTC'; SELECT timestamp_out(x::timestamp), encode(timestamp_send(x::timestamp), 'hex') */
    {OG_OID_TIMESTAMP, "UTC", "2024-01-02 03:04:05.123456", "2024-01-02 03:04:05.123456", "0002b0ec8517d580"},
    {OG_OID_TIMESTAMP, "UTC", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05", "0002b0ec8515f340"},
    {OG_OID_TIMESTAMP, "UTC", "Jan 2 03:04:05 2024", "2024-01-02 03:04:05", "0002b0ec8515f340"},
    {OG_OID_TIMESTAMP, "UTC", "2024-01-02 03:04:05.9999995", "2024-01-02 03:04:06", "0002b0ec85253580"},
    {OG_OID_TIMESTAMP, "UTC", "infinity", "infinity", "7fffffffffffffff"},
    {OG_OID_TIMESTAMP, "UTC", "-infinity", "-infinity", "8000000000000000"},
    {OG_OID_TIMESTAMP, "UTC", "epoch", "1970-01-01 00:00:00", "fffca2fec4c82000"},
    {OG_OID_TIMESTAMP, "UTC", "0001-01-01 00:00:00 BC", "0001-01-01 00:00:00 BC", "ff1fc63d1bb12000"},
    {OG_OID_TIMESTAMP, "UTC", "294276-12-31 23:59:59.999999", "294276-12-31 23:59:59.999999", "7fffff5bb3b29fff"},
    {OG_OID_TIMESTAMP, "UTC", "1999-12-31 24:00", "2000-01-01 00:00:00", "0000000000000000"},
    {OG_OID_TIMESTAMP, "UTC", "20240102T030405", "2024-01-02 03:04:05", "0002b0ec8515f340"},
    /* SET TimeZone = 'UTC'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "UTC", "2024-01-02 03:04:05+02", "2024-01-02 01:04:05+00", "0002b0ead7eeab40"},
    {OG_OID_TIMESTAMPTZ, "UTC", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05+00", "0002b0ec8515f340"},
    {OG_OID_TIMESTAMPTZ, "UTC", "2024-01-02 03:04:05 +05:30", "2024-01-01 21:34:05+00", "0002b0e7e8e9ed40"},
    {OG_OID_TIMESTAMPTZ, "UTC", "2024-01-02 03:04:05 PST", "2024-01-02 11:04:05+00", "0002b0f339b31340"},
    {OG_OID_TIMESTAMPTZ, "UTC", "2024-01-02 03:04:05 Europe/Paris", "2024-01-02 02:04:05+00", "0002b0ebae824f40"},
    {OG_OID_TIMESTAMPTZ, "UTC", "2024-01-02 03:04:05", "2024-01-02 03:04:05+00", "0002b0ec8515f340"},
    {OG_OID_TIMESTAMPTZ, "UTC", "infinity", "infinity", "7fffffffffffffff"},
    {OG_OID_TIMESTAMPTZ, "UTC", "epoch", "1970-01-01 00:00:00+00", "fffca2fec4c82000"},
    /* SET TimeZone = 'Europe/Paris'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "Europe/Paris", "2024-01-02 03:04:05", "2024-01-02 03:04:05+01", "0002b0ebae824f40"},
    {OG_OID_TIMESTAMPTZ, "Europe/Paris", "2024-07-02 03:04:05", "2024-07-02 03:04:05+02", "0002bf380f0ceb40"},
    {OG_OID_TIMESTAMPTZ, "Europe/Paris", "2024-03-31 02:30:00", "2024-03-31 03:30:00+02", "0002b7e9947e7600"},
    {OG_OID_TIMESTAMPTZ, "Europe/Paris", "2024-10-27 02:30:00", "2024-10-27 02:30:00+01", "0002c86a0f2b3600"},
    {OG_OID_TIMESTAMPTZ, "Europe/Paris", "1850-01-01 00:00:00+00", "1850-01-01 00:09:21+00:09:21", "ffef2ee5ba114000"},
    {OG_OID_TIMESTAMPTZ, "Europe/Paris", "2024-07-02 03:04:05 America/New_York", "2024-07-02 09:04:05+02", "0002bf3d1682c340"},
    {OG_OID_TIMESTAMPTZ, "Europe/Paris", "-infinity", "-infinity", "8000000000000000"},
    /* SET TimeZone = 'europe/paris'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "europe/paris", "2024-07-02 03:04:05", "2024-07-02 03:04:05+02", "0002bf380f0ceb40"},
    /* SET TimeZone = 'Asia/Kolkata'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "Asia/Kolkata", "2024-01-02 03:04:05+00", "2024-01-02 08:34:05+05:30", "0002b0ec8515f340"},
    /* SET TimeZone = 'America/St_Johns'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "America/St_Johns", "2024-07-02 03:04:05+00", "2024-07-02 00:34:05-02:30", "0002bf39bc343340"},
    {OG_OID_TIMESTAMPTZ, "America/St_Johns", "4714-11-24 00:00:00+00 BC", "4714-11-23 20:29:08-03:30:52 BC", "fd0f7cc1411fa000"},
    /* SET TimeZone = 'Etc/UTC'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "Etc/UTC", "2024-01-02 03:04:05+01", "2024-01-02 02:04:05+00", "0002b0ebae824f40"},
    /* SET TimeZone = 'GMT'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "GMT", "2024-01-02 03:04:05+01", "2024-01-02 02:04:05+00", "0002b0ebae824f40"},
    /* SET TimeZone = '+02:00'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "+02:00", "2024-01-02 03:04:05+00", "2024-01-02 01:04:05-02", "0002b0ec8515f340"},
    /* SET TimeZone = '-5'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "-5", "2024-01-02 03:04:05+00", "2024-01-01 22:04:05-05", "0002b0ec8515f340"},
    /* SET TimeZone = '-3.5'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "-3.5", "2024-01-02 03:04:05+00", "2024-01-01 23:34:05-03:30", "0002b0ec8515f340"},
    /* SET TimeZone = 'UTC+3'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "UTC+3", "2024-01-02 03:04:05+00", "2024-01-02 00:04:05-03", "0002b0ec8515f340"},
    /* SET TimeZone = 'EST5EDT'; SELECT timestamptz_out(x::timestamptz), encode(timestamptz_send(x::timestamptz), 'hex') */
    {OG_OID_TIMESTAMPTZ, "EST5EDT", "2024-07-02 03:04:05", "2024-07-02 03:04:05-04", "0002bf3d1682c340"},
    /* SET TimeZone = 'UTC'; SELECT interval_out(x::interval), encode(interval_send(x::interval), 'hex') */
    {OG_OID_INTERVAL, "UTC", "1 year 2 mons 3 days 04:05:06.5", "1 year 2 mons 3 days 04:05:06.5", "000000036c9361a0000000030000000e"},
    {OG_OID_INTERVAL, "UTC", "-00:00:01", "-00:00:01", "fffffffffff0bdc00000000000000000"},
    {OG_OID_INTERVAL, "UTC", "0", "00:00:00", "00000000000000000000000000000000"},
    {OG_OID_INTERVAL, "UTC", "1 day -02:03", "1 day -02:03:00", "fffffffe481e23000000000100000000"},
    {OG_OID_INTERVAL, "UTC", "-1 day +02:03", "-1 days +02:03:00", "00000001b7e1dd00ffffffff00000000"},
    {OG_OID_INTERVAL, "UTC", "@ 1 day ago", "-1 days", "0000000000000000ffffffff00000000"},
    {OG_OID_INTERVAL, "UTC", "1.5 years", "1 year 6 mons", "00000000000000000000000000000012"},
    {OG_OID_INTERVAL, "UTC", "1.5 days", "1 day 12:00:00", "0000000a0eebb0000000000100000000"},
    {OG_OID_INTERVAL, "UTC", "3 ms", "00:00:00.003", "0000000000000bb80000000000000000"},
    {OG_OID_INTERVAL, "UTC", "P1Y2M3DT4H5M6S", "1 year 2 mons 3 days 04:05:06", "000000036c8bc080000000030000000e"},
    {OG_OID_INTERVAL, "UTC", "P0001-02-03T04:05:06", "1 year 2 mons 3 days 04:05:06", "000000036c8bc080000000030000000e"},
    {OG_OID_INTERVAL, "UTC", "PT1.5S", "00:00:01.5", "000000000016e3600000000000000000"},
    {OG_OID_INTERVAL, "UTC", "1-2", "1 year 2 mons", "0000000000000000000000000000000e"},
    {OG_OID_INTERVAL, "UTC", "-3 4:05:06", "-3 days +04:05:06", "000000036c8bc080fffffffd00000000"},
    {OG_OID_INTERVAL, "UTC", "40:00:00", "40:00:00", "000000218711a0000000000000000000"},
    {OG_OID_INTERVAL, "UTC", "1 mon -1 day +01:00:00", "1 mon -1 days +01:00:00", "00000000d693a400ffffffff00000001"},
    {OG_OID_INTERVAL, "UTC", "-178956970 years", "-178956970 years", "00000000000000000000000080000008"},
    /* SET TimeZone = 'UTC'; SELECT json_out(x::json), encode(json_send(x::json), 'hex') */
    {OG_OID_JSON, "UTC", "{\"a\": [1, 2.50]}", "{\"a\": [1, 2.50]}", "7b2261223a205b312c20322e35305d7d"},
    {OG_OID_JSON, "UTC", " [1 , 2 ] ", " [1 , 2 ] ", "205b31202c2032205d20"},
    {OG_OID_JSON, "UTC", "\"\\ud800\"", "\"\\ud800\"", "225c756438303022"},
    {OG_OID_JSON, "UTC", "\"\\u0000\"", "\"\\u0000\"", "225c753030303022"},
    /* SET TimeZone = 'UTC'; SELECT jsonb_out(x::jsonb), encode(jsonb_send(x::jsonb), 'hex') */
    {OG_OID_JSONB, "UTC", "{\"b\":[1,2.50,1e2,-0,1E-2],\"a\":1,\"a\":2,\"aa\":\"x\\ty\\u0001\\/\"}", "{\"a\": 2, \"b\": [1, 2.50, 100, 0, 0.01], \"aa\": \"x\\ty\\u0001/\"}", "017b2261223a20322c202262223a205b312c20322e35302c203130302c20302c20302e30315d2c20226161223a2022785c74795c75303030312f227d"},
    {OG_OID_JSONB, "UTC", "{\"b\":1, \"a\":{\"d\":[],\"c\":{}}}", "{\"a\": {\"c\": {}, \"d\": []}, \"b\": 1}", "017b2261223a207b2263223a207b7d2c202264223a205b5d7d2c202262223a20317d"},
    {OG_OID_JSONB, "UTC", "\"\\ud83d\\ude00\"", "\"😀\"", "0122f09f988022"},
    {OG_OID_JSONB, "UTC", "\"é\\u00e9\"", "\"éé\"", "0122c3a9c3a922"},
    {OG_OID_JSONB, "UTC", "null", "null", "016e756c6c"},
    {OG_OID_JSONB, "UTC", "[]", "[]", "015b5d"},
    {OG_OID_JSONB, "UTC", " 12345678901234567890.5e-3 ", "12345678901234567.8905", "0131323334353637383930313233343536372e38393035"},
    {OG_OID_JSONB, "UTC", "{\"ab\":1,\"b\":2,\"\":3}", "{\"\": 3, \"b\": 2, \"ab\": 1}", "017b22223a20332c202262223a20322c20226162223a20317d"},
    {OG_OID_JSONB, "UTC", "[1e400, -1.0E-3]", "[10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000, -0.0010]", "015b31303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030302c202d302e303031305d"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::int4[]), encode(array_send(x::int4[]), 'hex') */
    {OG_OID_INT4_ARRAY, "UTC", "{1,2,NULL}", "{1,2,NULL}", "000000010000000100000017000000030000000100000004000000010000000400000002ffffffff"},
    {OG_OID_INT4_ARRAY, "UTC", "{}", "{}", "000000000000000000000017"},
    {OG_OID_INT4_ARRAY, "UTC", "{ }", "{}", "000000000000000000000017"},
    {OG_OID_INT4_ARRAY, "UTC", "[0:2]={1,2,3}", "[0:2]={1,2,3}", "0000000100000000000000170000000300000000000000040000000100000004000000020000000400000003"},
    {OG_OID_INT4_ARRAY, "UTC", " { 1 , 2 } ", "{1,2}", "000000010000000000000017000000020000000100000004000000010000000400000002"},
    {OG_OID_INT4_ARRAY, "UTC", "{\"3\",null}", "{3,NULL}", "00000001000000010000001700000002000000010000000400000003ffffffff"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::int2[]), encode(array_send(x::int2[]), 'hex') */
    {OG_OID_INT2_ARRAY, "UTC", "{1,-2}", "{1,-2}", "000000010000000000000015000000020000000100000002000100000002fffe"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::int8[]), encode(array_send(x::int8[]), 'hex') */
    {OG_OID_INT8_ARRAY, "UTC", "{9223372036854775807}", "{9223372036854775807}", "0000000100000000000000140000000100000001000000087fffffffffffffff"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::text[]), encode(array_send(x::text[]), 'hex') */
    {OG_OID_TEXT_ARRAY, "UTC", "{\"a b\",\"c,d\",\"e\\\"f\",\"g\\\\h\",\"\",\" \",NULL,\"NULL\",\"null\",x}", "{\"a b\",\"c,d\",\"e\\\"f\",\"g\\\\h\",\"\",\" \",NULL,\"NULL\",\"null\",x}", "0000000100000001000000190000000a000000010000000361206200000003632c640000000365226600000003675c68000000000000000120ffffffff000000044e554c4c000000046e756c6c0000000178"},
    {OG_OID_TEXT_ARRAY, "UTC", "{a\\ b,\\ c\\ ,d\\\\}", "{\"a b\",\" c \",\"d\\\\\"}", "0000000100000000000000190000000300000001000000036120620000000320632000000002645c"},
    {OG_OID_TEXT_ARRAY, "UTC", "{\"{\",\"}\",é}", "{\"{\",\"}\",é}", "0000000100000000000000190000000300000001000000017b000000017d00000002c3a9"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::varchar[]), encode(array_send(x::varchar[]), 'hex') */
    {OG_OID_VARCHAR_ARRAY, "UTC", "{a,\"b c\"}", "{a,\"b c\"}", "0000000100000000000004130000000200000001000000016100000003622063"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::bpchar[]), encode(array_send(x::bpchar[]), 'hex') */
    {OG_OID_BPCHAR_ARRAY, "UTC", "{\"a \",b}", "{\"a \",b}", "00000001000000000000041200000002000000010000000261200000000162"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::name[]), encode(array_send(x::name[]), 'hex') */
    {NAME_ARRAY_OID, "UTC", "{pg_class,x}", "{pg_class,x}", "00000001000000000000001300000002000000010000000870675f636c6173730000000178"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::bool[]), encode(array_send(x::bool[]), 'hex') */
    {OG_OID_BOOL_ARRAY, "UTC", "{t,f,NULL,yes}", "{t,f,NULL,t}", "000000010000000100000010000000040000000100000001010000000100ffffffff0000000101"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::bytea[]), encode(array_send(x::bytea[]), 'hex') */
    {OG_OID_BYTEA_ARRAY, "UTC", "{\"\\\\x0102\",abc}", "{\"\\\\x0102\",\"\\\\x616263\"}", "000000010000000000000011000000020000000100000002010200000003616263"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::float4[]), encode(array_send(x::float4[]), 'hex') */
    {OG_OID_FLOAT4_ARRAY, "UTC", "{0.1,NaN}", "{0.1,NaN}", "0000000100000000000002bc0000000200000001000000043dcccccd000000047fc00000"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::float8[]), encode(array_send(x::float8[]), 'hex') */
    {OG_OID_FLOAT8_ARRAY, "UTC", "{0.1,1e20,-0}", "{0.1,1e+20,-0}", "0000000100000000000002bd0000000300000001000000083fb999999999999a000000084415af1d78b58c40000000088000000000000000"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::numeric[]), encode(array_send(x::numeric[]), 'hex') */
    {OG_OID_NUMERIC_ARRAY, "UTC", "{1.50,NaN,-Infinity}", "{1.50,NaN,-Infinity}", "0000000100000000000006a400000003000000010000000c0002000000000002000113880000000800000000c00000000000000800000000f0000020"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::date[]), encode(array_send(x::date[]), 'hex') */
    {OG_OID_DATE_ARRAY, "UTC", "{2024-01-02,infinity}", "{2024-01-02,infinity}", "00000001000000000000043a0000000200000001000000040000223f000000047fffffff"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::time[]), encode(array_send(x::time[]), 'hex') */
    {OG_OID_TIME_ARRAY, "UTC", "{04:05:06,24:00}", "{04:05:06,24:00:00}", "00000001000000000000043b000000020000000100000008000000036c8bc08000000008000000141dd76000"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::timestamp[]), encode(array_send(x::timestamp[]), 'hex') */
    {OG_OID_TIMESTAMP_ARRAY, "UTC", "{\"2024-01-02 03:04:05\",-infinity}", "{\"2024-01-02 03:04:05\",-infinity}", "00000001000000000000045a0000000200000001000000080002b0ec8515f340000000088000000000000000"},
    /* SET TimeZone = 'Europe/Paris'; SELECT array_out(x::timestamptz[]), encode(array_send(x::timestamptz[]), 'hex') */
    {OG_OID_TIMESTAMPTZ_ARRAY, "Europe/Paris", "{\"2024-01-02 03:04:05+02\",NULL}", "{\"2024-01-02 02:04:05+01\",NULL}", "0000000100000001000004a00000000200000001000000080002b0ead7eeab40ffffffff"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::interval[]), encode(array_send(x::interval[]), 'hex') */
    {OG_OID_INTERVAL_ARRAY, "UTC", "{\"1 year 2 mons\",-00:00:01}", "{\"1 year 2 mons\",-00:00:01}", "0000000100000000000004a20000000200000001000000100000000000000000000000000000000e00000010fffffffffff0bdc00000000000000000"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::uuid[]), encode(array_send(x::uuid[]), 'hex') */
    {OG_OID_UUID_ARRAY, "UTC", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "000000010000000000000b86000000010000000100000010a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::json[]), encode(array_send(x::json[]), 'hex') */
    {OG_OID_JSON_ARRAY, "UTC", "{\"{\\\"b\\\":2, \\\"a\\\":1}\",null}", "{\"{\\\"b\\\":2, \\\"a\\\":1}\",NULL}", "00000001000000010000007200000002000000010000000e7b2262223a322c202261223a317dffffffff"},
    /* SET TimeZone = 'UTC'; SELECT array_out(x::jsonb[]), encode(array_send(x::jsonb[]), 'hex') */
    {OG_OID_JSONB_ARRAY, "UTC", "{\"{\\\"b\\\":2, \\\"a\\\":1}\",\"[1, 2]\"}", "{\"{\\\"a\\\": 1, \\\"b\\\": 2}\",\"[1, 2]\"}", "000000010000000000000eda000000020000000100000011017b2261223a20312c202262223a20327d00000007015b312c20325d"},
};
/* clang-format on */

/* Generated from PostgreSQL 15.18: SET TimeZone = <tz>; SELECT x::<type>; the SQLSTATE and
 * primary message of the error it raises. */
/* clang-format off */
static const err_case err_cases[] = {
    /* SET TimeZone = 'UTC'; SELECT x::bool */
    {OG_OID_BOOL, "UTC", "o", "22P02", "invalid input syntax for type boolean: \"o\""},
    {OG_OID_BOOL, "UTC", "nope", "22P02", "invalid input syntax for type boolean: \"nope\""},
    {OG_OID_BOOL, "UTC", "", "22P02", "invalid input syntax for type boolean: \"\""},
    /* SET TimeZone = 'UTC'; SELECT x::int2 */
    {OG_OID_INT2, "UTC", "32768", "22003", "value \"32768\" is out of range for type smallint"},
    {OG_OID_INT2, "UTC", "x", "22P02", "invalid input syntax for type smallint: \"x\""},
    /* SET TimeZone = 'UTC'; SELECT x::int4 */
    {OG_OID_INT4, "UTC", "2147483648", "22003", "value \"2147483648\" is out of range for type integer"},
    {OG_OID_INT4, "UTC", "abc", "22P02", "invalid input syntax for type integer: \"abc\""},
    {OG_OID_INT4, "UTC", "99999999999abc", "22003", "value \"99999999999abc\" is out of range for type integer"},
    {OG_OID_INT4, "UTC", "", "22P02", "invalid input syntax for type integer: \"\""},
    {OG_OID_INT4, "UTC", "1.5", "22P02", "invalid input syntax for type integer: \"1.5\""},
    /* SET TimeZone = 'UTC'; SELECT x::int8 */
    {OG_OID_INT8, "UTC", "9223372036854775808", "22003", "value \"9223372036854775808\" is out of range for type bigint"},
    {OG_OID_INT8, "UTC", "0x1F", "22P02", "invalid input syntax for type bigint: \"0x1F\""},
    /* SET TimeZone = 'UTC'; SELECT x::float4 */
    {OG_OID_FLOAT4, "UTC", "1e39", "22003", "\"1e39\" is out of range for type real"},
    {OG_OID_FLOAT4, "UTC", "1e-50", "22003", "\"1e-50\" is out of range for type real"},
    {OG_OID_FLOAT4, "UTC", "1.5x", "22P02", "invalid input syntax for type real: \"1.5x\""},
    /* SET TimeZone = 'UTC'; SELECT x::float8 */
    {OG_OID_FLOAT8, "UTC", "1e400", "22003", "\"1e400\" is out of range for type double precision"},
    {OG_OID_FLOAT8, "UTC", "1e-400", "22003", "\"1e-400\" is out of range for type double precision"},
    {OG_OID_FLOAT8, "UTC", "abc", "22P02", "invalid input syntax for type double precision: \"abc\""},
    {OG_OID_FLOAT8, "UTC", "", "22P02", "invalid input syntax for type double precision: \"\""},
    /* SET TimeZone = 'UTC'; SELECT x::numeric */
    {OG_OID_NUMERIC, "UTC", "1.2.3", "22P02", "invalid input syntax for type numeric: \"1.2.3\""},
    {OG_OID_NUMERIC, "UTC", "abc", "22P02", "invalid input syntax for type numeric: \"abc\""},
    {OG_OID_NUMERIC, "UTC", "1e-20000", "22003", "value overflows numeric format"},
    {OG_OID_NUMERIC, "UTC", "", "22P02", "invalid input syntax for type numeric: \"\""},
    {OG_OID_NUMERIC, "UTC", "1e2147483647", "22003", "value overflows numeric format"},
    /* SET TimeZone = 'UTC'; SELECT x::bytea */
    {OG_OID_BYTEA, "UTC", "\\x0g", "22023", "invalid hexadecimal digit: \"g\""},
    {OG_OID_BYTEA, "UTC", "\\x012", "22023", "invalid hexadecimal data: odd number of digits"},
    {OG_OID_BYTEA, "UTC", "\\400", "22P02", "invalid input syntax for type bytea"},
    {OG_OID_BYTEA, "UTC", "a\\b", "22P02", "invalid input syntax for type bytea"},
    /* SET TimeZone = 'UTC'; SELECT x::uuid */
    {OG_OID_UUID, "UTC", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "22P02", "invalid input syntax for type uuid: \"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1\""},
    {OG_OID_UUID, "UTC", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "22P02", "invalid input syntax for type uuid: \" a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""},
    {OG_OID_UUID, "UTC", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", "22P02", "invalid input syntax for type uuid: \"a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11\""},
    /* SET TimeZone = 'UTC'; SELECT x::date */
    {OG_OID_DATE, "UTC", "2024-13-01", "22008", "date/time field value out of range: \"2024-13-01\""},
    {OG_OID_DATE, "UTC", "2024-02-30", "22008", "date/time field value out of range: \"2024-02-30\""},
    {OG_OID_DATE, "UTC", "31/12/2024", "22008", "date/time field value out of range: \"31/12/2024\""},
    {OG_OID_DATE, "UTC", "x", "22007", "invalid input syntax for type date: \"x\""},
    {OG_OID_DATE, "UTC", "5874898-01-01", "22008", "date out of range: \"5874898-01-01\""},
    {OG_OID_DATE, "UTC", "4714-11-23 BC", "22008", "date out of range: \"4714-11-23 BC\""},
    {OG_OID_DATE, "UTC", "2024-01-02 Mars/Olympus", "22023", "time zone \"mars/olympus\" not recognized"},
    {OG_OID_DATE, "UTC", "0000-01-01", "22008", "date/time field value out of range: \"0000-01-01\""},
    /* SET TimeZone = 'UTC'; SELECT x::time */
    {OG_OID_TIME, "UTC", "2024-01-02T04:05:06Z", "22007", "invalid input syntax for type time: \"2024-01-02T04:05:06Z\""},
    {OG_OID_TIME, "UTC", "25:00", "22008", "date/time field value out of range: \"25:00\""},
    {OG_OID_TIME, "UTC", "23:59:61", "22008", "date/time field value out of range: \"23:59:61\""},
    {OG_OID_TIME, "UTC", "x", "22007", "invalid input syntax for type time: \"x\""},
    {OG_OID_TIME, "UTC", "04:05:06 Europe/Paris", "22007", "invalid input syntax for type time: \"04:05:06 Europe/Paris\""},
    /* SET TimeZone = 'UTC'; SELECT x::timestamp */
    {OG_OID_TIMESTAMP, "UTC", "294277-01-01 00:00:00", "22008", "timestamp out of range: \"294277-01-01 00:00:00\""},
    {OG_OID_TIMESTAMP, "UTC", "2024-01-02 24:00:01", "22008", "date/time field value out of range: \"2024-01-02 24:00:01\""},
    {OG_OID_TIMESTAMP, "UTC", "junk", "22007", "invalid input syntax for type timestamp: \"junk\""},
    {OG_OID_TIMESTAMP, "UTC", "2024-01-02 03:04:05+16", "22009", "time zone displacement out of range: \"2024-01-02 03:04:05+16\""},
    /* SET TimeZone = 'UTC'; SELECT x::timestamptz */
    {OG_OID_TIMESTAMPTZ, "UTC", "2024-01-02 03:04:05+15:60", "22009", "time zone displacement out of range: \"2024-01-02 03:04:05+15:60\""},
    {OG_OID_TIMESTAMPTZ, "UTC", "2024-01-02 03:04:05 Mars/Olympus", "22023", "time zone \"mars/olympus\" not recognized"},
    /* SET TimeZone = 'UTC'; SELECT x::interval */
    {OG_OID_INTERVAL, "UTC", "1 dayx", "22007", "invalid input syntax for type interval: \"1 dayx\""},
    {OG_OID_INTERVAL, "UTC", "2147483648 days", "22015", "interval field value out of range: \"2147483648 days\""},
    {OG_OID_INTERVAL, "UTC", "178956971 years", "22008", "interval out of range"},
    {OG_OID_INTERVAL, "UTC", "P1Y2M3DT4H5M6", "22007", "invalid input syntax for type interval: \"P1Y2M3DT4H5M6\""},
    /* SET TimeZone = 'UTC'; SELECT x::json */
    {OG_OID_JSON, "UTC", "01", "22P02", "invalid input syntax for type json"},
    {OG_OID_JSON, "UTC", "[1,2", "22P02", "invalid input syntax for type json"},
    {OG_OID_JSON, "UTC", "", "22P02", "invalid input syntax for type json"},
    {OG_OID_JSON, "UTC", "{\"a\":1,}", "22P02", "invalid input syntax for type json"},
    {OG_OID_JSON, "UTC", "nul", "22P02", "invalid input syntax for type json"},
    /* SET TimeZone = 'UTC'; SELECT x::jsonb */
    {OG_OID_JSONB, "UTC", "\"\\u0000\"", "22P05", "unsupported Unicode escape sequence"},
    {OG_OID_JSONB, "UTC", "\"\\ud800\"", "22P02", "invalid input syntax for type json"},
    {OG_OID_JSONB, "UTC", "{\"a\"}", "22P02", "invalid input syntax for type json"},
    /* SET TimeZone = 'UTC'; SELECT x::int4[] */
    {OG_OID_INT4_ARRAY, "UTC", "{1,,2}", "22P02", "malformed array literal: \"{1,,2}\""},
    {OG_OID_INT4_ARRAY, "UTC", "{1", "22P02", "malformed array literal: \"{1\""},
    {OG_OID_INT4_ARRAY, "UTC", "{a}", "22P02", "invalid input syntax for type integer: \"a\""},
    {OG_OID_INT4_ARRAY, "UTC", "[3:2]={1}", "2202E", "upper bound cannot be less than lower bound"},
    {OG_OID_INT4_ARRAY, "UTC", "[1:2]={1}", "22P02", "malformed array literal: \"[1:2]={1}\""},
    {OG_OID_INT4_ARRAY, "UTC", "{1}x", "22P02", "malformed array literal: \"{1}x\""},
    {OG_OID_INT4_ARRAY, "UTC", "1,2", "22P02", "malformed array literal: \"1,2\""},
};
/* clang-format on */

/* Generated from PostgreSQL 15.18: each hex string sent with libpq as a binary-format Bind
 * parameter of the type (PQexecParams("SELECT $1::text", paramFormats = {1})); the SQLSTATE and
 * primary message returned. pg_suffix: PostgreSQL appends " in bind parameter 1", which only the
 * caller of the codec can know. */
/* clang-format off */
static const bin_err_case bin_err_cases[] = {
    {OG_OID_INT4, false, "00002a", "08P01", "insufficient data left in message"},
    {OG_OID_INT4, true, "000000002a", "22P03", "incorrect binary data format"},
    {OG_OID_BOOL, false, "", "08P01", "no data left in message"},
    {OG_OID_INT8, false, "00000000000000", "08P01", "insufficient data left in message"},
    {OG_OID_NUMERIC, false, "0000000050000000", "22P03", "invalid sign in external \"numeric\" value"},
    {OG_OID_NUMERIC, false, "000000000000ffff", "22P03", "invalid scale in external \"numeric\" value"},
    {OG_OID_NUMERIC, false, "0001000000000000ffff", "22P03", "invalid digit in external \"numeric\" value"},
    {OG_OID_NUMERIC, false, "00010000000000002710", "22P03", "invalid digit in external \"numeric\" value"},
    {OG_OID_NUMERIC, false, "0000", "08P01", "insufficient data left in message"},
    {OG_OID_NUMERIC, true, "000100000000000200012345", "22P03", "incorrect binary data format"},
    {OG_OID_DATE, false, "7ffffff0", "22008", "date out of range"},
    {OG_OID_TIME, false, "000000141dd76001", "22008", "time out of range"},
    {OG_OID_TIME, false, "ffffffffffffffff", "22008", "time out of range"},
    {OG_OID_TIMESTAMP, false, "7ffffffffffffffe", "22008", "timestamp out of range"},
    {OG_OID_TIMESTAMPTZ, false, "8000000000000001", "22008", "timestamp out of range"},
    {OG_OID_INTERVAL, false, "000000000000000100000002", "08P01", "insufficient data left in message"},
    {OG_OID_UUID, false, "a0eebc999c0b4ef8bb6d6bb9bd380a", "08P01", "insufficient data left in message"},
    {OG_OID_TEXT, false, "68c3", "22021", "invalid byte sequence for encoding \"UTF8\": 0xc3"},
    {OG_OID_TEXT, false, "680068", "22021", "invalid byte sequence for encoding \"UTF8\": 0x00"},
    {OG_OID_TEXT, false, "eda080", "22021", "invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80"},
    {OG_OID_TEXT, false, "f4908080", "22021", "invalid byte sequence for encoding \"UTF8\": 0xf4 0x90 0x80 0x80"},
    {OG_OID_VARCHAR, false, "c0af", "22021", "invalid byte sequence for encoding \"UTF8\": 0xc0 0xaf"},
    {OG_OID_NAME, false, "61616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161", "42622", "identifier too long"},
    {OG_OID_JSONB, false, "027b2261223a317d", "XX000", "unsupported jsonb version number 2"},
    {OG_OID_JSONB, false, "01", "22P02", "invalid input syntax for type json"},
    {OG_OID_JSONB, false, "", "08P01", "insufficient data left in message"},
    {OG_OID_JSON, false, "7b", "22P02", "invalid input syntax for type json"},
    {OG_OID_INT4_ARRAY, false, "000000010000000000000019000000020000000100000004000000010000000400000002", "42804", "binary data has array element type 25 (text) instead of expected 23 (integer)"},
    {OG_OID_INT4_ARRAY, false, "ffffffff0000000000000017", "22P03", "invalid number of dimensions: -1"},
    {OG_OID_INT4_ARRAY, false, "000000070000000000000017", "54000", "number of array dimensions (7) exceeds the maximum allowed (6)"},
    {OG_OID_INT4_ARRAY, false, "000000010000000200000017", "22P03", "invalid array flags"},
    {OG_OID_INT4_ARRAY, false, "0000000100000000000000170000000200000001000000040000000100000004ff", "22P03", "insufficient data left in message"},
    {OG_OID_INT4_ARRAY, false, "000000010000000000000017000000010000000100000008000000000000002a", "22P03", "improper binary format in array element 1"},
    {OG_OID_INT4_ARRAY, false, "000000010000000000000017000000010000000100000002002a", "08P01", "insufficient data left in message"},
    {OG_OID_INT4_ARRAY, false, "0000000100000000000000170000000100000001fffffffe", "22P03", "insufficient data left in message"},
    {OG_OID_INT4_ARRAY, false, "000000010000000000000017000000017fffffff0000000400000001", "54000", "array lower bound is too large: 2147483647"},
    {OG_OID_INT4_ARRAY, true, "00000001000000000000001700000001000000010000000400000001ff", "22P03", "incorrect binary data format"},
    {OG_OID_INT4_ARRAY, false, "0000000100000000000000170000000100000001", "08P01", "insufficient data left in message"},
    {OG_OID_TEXT_ARRAY, false, "000000010000000000000019000000010000000100000002c328", "22021", "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28"},
};
/* clang-format on */

/* ---------------------------------------------------------------- helpers */

static size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (uint8_t)v;
    }
    return n;
}

/* Hex of a buffer, in a static-size scratch (test data is small). */
static const char *tohex(const og_buf *b, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < b->len && k + 3 < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "%02x", b->data[i]);
    out[k] = '\0';
    return out;
}

/* Text output of v as a NUL-terminated string in out. */
static const char *text_of(const og_value *v, const char *tz, og_buf *out)
{
    wire_codec_ctx ctx = {tz};
    og_buf_clear(out);
    wire_text_encode(v, &ctx, out);
    return og_buf_cstr(out);
}

static const char *hex_of(const og_value *v, og_buf *out, char *hex, size_t cap)
{
    og_buf_clear(out);
    wire_binary_encode(v, out);
    return tohex(out, hex, cap);
}

/* Decode text s of type oid or fail the test with the codec's error. */
static void decode_text_ok(uint32_t oid, const char *tz, const char *s, og_arena *a, og_value *v)
{
    wire_codec_ctx ctx = {tz};
    wire_err err = {{0}, {0}};
    if (!wire_text_decode(oid, s, strlen(s), &ctx, a, v, &err))
        fail_msg("oid %u tz %s: text \"%s\" rejected: %s %s", oid, tz, s, err.code, err.message);
}

static void expect_str(const char *what, const ref_case *c, const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("oid %u tz %s input \"%s\": %s is\n  \"%s\", PostgreSQL says\n  \"%s\"", c->oid, c->tz, c->in, what,
                 got, want);
}

/* One reference row, in every direction. */
static void check_ref(const ref_case *c)
{
    og_arena a;
    og_value v;
    og_buf t = OG_BUF_INIT;
    wire_err err = {{0}, {0}};
    static uint8_t bytes[70000];
    static char hex[140000];
    og_arena_init(&a);

    decode_text_ok(c->oid, c->tz, c->in, &a, &v);
    expect_str("text output", c, text_of(&v, c->tz, &t), c->out);
    expect_str("send bytes", c, hex_of(&v, &t, hex, sizeof(hex)), c->hex);

    size_t n = unhex(c->hex, bytes);
    if (!wire_binary_decode(c->oid, bytes, n, &a, &v, &err))
        fail_msg("oid %u: PostgreSQL's bytes %s rejected: %s %s", c->oid, c->hex, err.code, err.message);
    expect_str("bytes -> text", c, text_of(&v, c->tz, &t), c->out);
    expect_str("bytes -> bytes", c, hex_of(&v, &t, hex, sizeof(hex)), c->hex);

    decode_text_ok(c->oid, c->tz, c->out, &a, &v);
    expect_str("output read back", c, hex_of(&v, &t, hex, sizeof(hex)), c->hex);

    og_buf_free(&t);
    og_arena_reset(&a);
}

/* Reference rows whose OID is one of oids[]; at least one must exist. */
static void run_refs(const uint32_t *oids, size_t noids)
{
    size_t seen = 0;
    for (size_t i = 0; i < sizeof(ref_cases) / sizeof(ref_cases[0]); i++)
        for (size_t k = 0; k < noids; k++)
            if (ref_cases[i].oid == oids[k]) {
                check_ref(&ref_cases[i]);
                seen++;
            }
    assert_true(seen > 0);
}

#define RUN_REFS(...)                                                                                                  \
    do {                                                                                                               \
        static const uint32_t oids_[] = {__VA_ARGS__};                                                                 \
        run_refs(oids_, sizeof(oids_) / sizeof(oids_[0]));                                                             \
    } while (0)

/* Decoding s must fail with code and msg. */
static void expect_error(uint32_t oid, const char *tz, const char *s, size_t len, const char *code, const char *msg)
{
    wire_codec_ctx ctx = {tz};
    og_arena a;
    og_value v;
    wire_err err = {{0}, {0}};
    og_arena_init(&a);
    if (wire_text_decode(oid, s, len, &ctx, &a, &v, &err))
        fail_msg("oid %u tz %s: \"%s\" accepted, PostgreSQL raises %s %s", oid, tz, s, code, msg);
    if (strcmp(err.code, code) != 0 || strcmp(err.message, msg) != 0)
        fail_msg("oid %u tz %s input \"%s\": error\n  %s %s\nPostgreSQL:\n  %s %s", oid, tz, s, err.code, err.message,
                 code, msg);
    og_arena_reset(&a);
}

/* ---------------------------------------------------------------- reference rows by type */

static void test_bool(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_BOOL);
}

static void test_integers(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_INT2, OG_OID_INT4, OG_OID_INT8);
}

static void test_floats(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_FLOAT4, OG_OID_FLOAT8);
}

static void test_numeric(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_NUMERIC);
}

static void test_text_types(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_TEXT, OG_OID_VARCHAR, OG_OID_BPCHAR, OG_OID_NAME);
}

static void test_bytea(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_BYTEA);
}

static void test_uuid(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_UUID);
}

static void test_date(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_DATE);
}

static void test_time(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_TIME);
}

static void test_timestamp(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_TIMESTAMP);
}

static void test_timestamptz(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_TIMESTAMPTZ);
}

static void test_interval(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_INTERVAL);
}

static void test_json(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_JSON, OG_OID_JSONB);
}

static void test_arrays(void **state)
{
    (void)state;
    RUN_REFS(OG_OID_BOOL_ARRAY, OG_OID_BYTEA_ARRAY, OG_OID_INT2_ARRAY, OG_OID_INT4_ARRAY, OG_OID_TEXT_ARRAY,
             OG_OID_BPCHAR_ARRAY, OG_OID_VARCHAR_ARRAY, OG_OID_INT8_ARRAY, OG_OID_FLOAT4_ARRAY, OG_OID_FLOAT8_ARRAY,
             OG_OID_TIMESTAMP_ARRAY, OG_OID_DATE_ARRAY, OG_OID_TIME_ARRAY, OG_OID_TIMESTAMPTZ_ARRAY,
             OG_OID_INTERVAL_ARRAY, OG_OID_NUMERIC_ARRAY, OG_OID_UUID_ARRAY, OG_OID_JSON_ARRAY, OG_OID_JSONB_ARRAY,
             NAME_ARRAY_OID);
}

/* Every row of the reference table belongs to one of the tests above. */
static void test_reference_rows_all_covered(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(ref_cases) / sizeof(ref_cases[0]); i++)
        assert_true(wire_codec_supports(ref_cases[i].oid));
}

/* ---------------------------------------------------------------- errors */

static void test_text_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
        const err_case *c = &err_cases[i];
        expect_error(c->oid, c->tz, c->in, strlen(c->in), c->code, c->msg);
    }
}

static void test_binary_errors(void **state)
{
    (void)state;
    static uint8_t bytes[1024];
    for (size_t i = 0; i < sizeof(bin_err_cases) / sizeof(bin_err_cases[0]); i++) {
        const bin_err_case *c = &bin_err_cases[i];
        og_arena a;
        og_value v;
        wire_err err = {{0}, {0}};
        og_arena_init(&a);
        size_t n = unhex(c->hex, bytes);
        if (wire_binary_decode(c->oid, bytes, n, &a, &v, &err))
            fail_msg("oid %u: bytes %s accepted, PostgreSQL raises %s %s", c->oid, c->hex, c->code, c->msg);
        if (strcmp(err.code, c->code) != 0 || strcmp(err.message, c->msg) != 0)
            fail_msg("oid %u bytes %s: error %s %s, PostgreSQL %s %s", c->oid, c->hex, err.code, err.message, c->code,
                     c->msg);
        og_arena_reset(&a);
    }
}

/* PostgreSQL checks every client string as UTF-8 before a type sees it
 * (SELECT convert_from('\x68c328', 'UTF8') raises the same error). */
static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_error(OG_OID_TEXT, "UTC", "h\xc3\x28", 3, "22021", "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
    expect_error(OG_OID_INT4, "UTC", "4\0002", 3, "22021", "invalid byte sequence for encoding \"UTF8\": 0x00");
    expect_error(OG_OID_TEXT_ARRAY, "UTC", "{\xed\xa0\x80}", 5, "22021",
                 "invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80");
    expect_error(OG_OID_JSONB, "UTC", "\"\xff\"", 3, "22021", "invalid byte sequence for encoding \"UTF8\": 0xff");
}

/* ---------------------------------------------------------------- beyond PostgreSQL's tables */

/* Input is a pointer and a length, not a C string. */
static void test_input_not_nul_terminated(void **state)
{
    (void)state;
    wire_codec_ctx ctx = {"UTC"};
    og_arena a;
    og_value v;
    wire_err err = {{0}, {0}};
    og_buf t = OG_BUF_INIT;
    og_arena_init(&a);
    assert_true(wire_text_decode(OG_OID_INT4, "42999", 2, &ctx, &a, &v, &err));
    assert_int_equal(v.u.i, 42);
    assert_true(wire_text_decode(OG_OID_TEXT, "abcdef", 3, &ctx, &a, &v, &err));
    assert_int_equal(v.u.str.len, 3);
    assert_memory_equal(v.u.str.p, "abc", 3);
    assert_true(wire_text_decode(OG_OID_INT4_ARRAY, "{1,2}junk", 5, &ctx, &a, &v, &err));
    assert_string_equal(text_of(&v, "UTC", &t), "{1,2}");
    og_buf_free(&t);
    og_arena_reset(&a);
}

/* Values that come from drivers are not always in PostgreSQL's canonical
 * spelling; the encoders produce PostgreSQL's output regardless. */
static void test_encode_driver_values(void **state)
{
    (void)state;
    og_buf t = OG_BUF_INIT;
    char hex[256];
    og_value v = {0};

    v.oid = OG_OID_NUMERIC; /* SELECT numeric_send(1500) = 0001000000000000 05dc */
    v.u.str.p = " 1.5E+3";
    v.u.str.len = strlen(v.u.str.p);
    assert_string_equal(text_of(&v, "UTC", &t), "1500");
    assert_string_equal(hex_of(&v, &t, hex, sizeof(hex)), "0001000000000000"
                                                          "05dc");
    v.u.str.p = "not a number"; /* shown as is; sent as NaN */
    v.u.str.len = strlen(v.u.str.p);
    assert_string_equal(text_of(&v, "UTC", &t), "not a number");
    assert_string_equal(hex_of(&v, &t, hex, sizeof(hex)), "00000000c0000000");

    v.oid = OG_OID_JSONB; /* SELECT '{"b": 1, "a": [1,2]}'::jsonb */
    v.u.str.p = "{\"b\": 1, \"a\": [1,2]}";
    v.u.str.len = strlen(v.u.str.p);
    assert_string_equal(text_of(&v, "UTC", &t), "{\"a\": [1, 2], \"b\": 1}");
    assert_string_equal(hex_of(&v, &t, hex, sizeof(hex)), "017b2261223a205b312c20325d2c202262223a20317d");

    v.oid = OG_OID_JSON; /* json keeps the text */
    assert_string_equal(text_of(&v, "UTC", &t), "{\"b\": 1, \"a\": [1,2]}");

    /* an array whose elements carry no type of their own */
    og_value elems[3] = {{0}, {0}, {0}};
    elems[0].u.i = 7;
    elems[1] = og_value_null(0);
    elems[2].u.i = -1;
    v.oid = OG_OID_INT8_ARRAY;
    v.u.arr.elem_oid = 0;
    v.u.arr.n = 3;
    v.u.arr.lbound = 0;
    v.u.arr.elems = elems;
    assert_string_equal(text_of(&v, "UTC", &t), "[0:2]={7,NULL,-1}");
    /* SELECT array_send('[0:2]={7,NULL,-1}'::int8[]) */
    assert_string_equal(hex_of(&v, &t, hex, sizeof(hex)), "000000010000000100000014000000030000000000000008"
                                                          "0000000000000007ffffffff00000008ffffffffffffffff");
    og_buf_free(&t);
}

/* The session TimeZone as clients set it, including what the codec cannot
 * know and falls back on (UTC). */
static void test_timezone_settings(void **state)
{
    (void)state;
    og_buf t = OG_BUF_INIT;
    og_value v = {0};
    v.oid = OG_OID_TIMESTAMPTZ;
    v.u.i = 757479845000000; /* 2024-01-02 03:04:05+00 */
    assert_string_equal(text_of(&v, NULL, &t), "2024-01-02 03:04:05+00");
    assert_string_equal(text_of(&v, "", &t), "2024-01-02 03:04:05+00");
    assert_string_equal(text_of(&v, "UTC", &t), "2024-01-02 03:04:05+00");
    assert_string_equal(text_of(&v, "Zulu", &t), "2024-01-02 03:04:05+00");
    assert_string_equal(text_of(&v, "No/Such_Zone", &t), "2024-01-02 03:04:05+00");
    assert_string_equal(text_of(&v, "../../etc/passwd", &t), "2024-01-02 03:04:05+00");
    /* SET TimeZone = 'Etc/GMT+5'; (POSIX sign: five hours west) */
    assert_string_equal(text_of(&v, "Etc/GMT+5", &t), "2024-01-01 22:04:05-05");
    /* SET TimeZone = 'America/New_York' and 'asia/kolkata' (any case) */
    assert_string_equal(text_of(&v, "America/New_York", &t), "2024-01-01 22:04:05-05");
    assert_string_equal(text_of(&v, "asia/kolkata", &t), "2024-01-02 08:34:05+05:30");
    /* SET TimeZone = 'CET-1CEST,M3.5.0,M10.5.0/3' (POSIX with DST rules) */
    assert_string_equal(text_of(&v, "CET-1CEST,M3.5.0,M10.5.0/3", &t), "2024-01-02 04:04:05+01");
    og_buf_free(&t);
}

/* "now" and "today" read the clock; PostgreSQL uses the transaction start. */
static void test_now_and_today(void **state)
{
    (void)state;
    og_arena a;
    og_value v;
    og_buf t = OG_BUF_INIT;
    og_arena_init(&a);
    int64_t before = ((int64_t)time(NULL) - 946684800) * 1000000;
    decode_text_ok(OG_OID_TIMESTAMPTZ, "Europe/Paris", "now", &a, &v);
    int64_t after = ((int64_t)time(NULL) - 946684800 + 1) * 1000000;
    assert_true(v.u.i >= before && v.u.i <= after);
    /* retried once in case the test runs across midnight UTC */
    og_value d;
    for (int attempt = 0; attempt < 2; attempt++) {
        decode_text_ok(OG_OID_TIMESTAMP, "UTC", "today", &a, &v);
        decode_text_ok(OG_OID_DATE, "UTC", "tomorrow", &a, &d);
        if (d.u.i * 86400000000 == v.u.i + 86400000000)
            break;
    }
    assert_int_equal(v.u.i % 86400000000, 0);
    assert_int_equal(d.u.i * 86400000000, v.u.i + 86400000000);
    decode_text_ok(OG_OID_TIME, "UTC", "now", &a, &v);
    assert_true(v.u.i >= 0 && v.u.i < 86400000000);
    og_buf_free(&t);
    og_arena_reset(&a);
}

/* Limits of our own: one dimension, JSON nesting depth. */
static void test_limits(void **state)
{
    (void)state;
    expect_error(OG_OID_INT4_ARRAY, "UTC", "{{1,2},{3,4}}", 13, "0A000", "multidimensional arrays are not supported");
    expect_error(OG_OID_INT4_ARRAY, "UTC", "[1:2][1:2]={{1,2},{3,4}}", 24, "0A000",
                 "multidimensional arrays are not supported");

    size_t depth = 10001;
    char *deep = malloc(2 * depth + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    expect_error(OG_OID_JSONB, "UTC", deep, 2 * depth, "54001", "stack depth limit exceeded");
    og_arena a;
    og_value v;
    og_arena_init(&a);
    deep[depth - 1] = ' '; /* 10000 levels, as PostgreSQL accepts */
    deep[depth] = ' ';
    decode_text_ok(OG_OID_JSONB, "UTC", deep, &a, &v);
    decode_text_ok(OG_OID_JSON, "UTC", deep, &a, &v);
    og_arena_reset(&a);
    free(deep);

    /* SELECT length(('1e131071')::numeric::text) = 131072 */
    og_buf t = OG_BUF_INIT;
    og_arena_init(&a);
    decode_text_ok(OG_OID_NUMERIC, "UTC", "1e131071", &a, &v);
    assert_int_equal(strlen(text_of(&v, "UTC", &t)), 131072);
    expect_error(OG_OID_NUMERIC, "UTC", "1e131072", 8, "22003", "value overflows numeric format");
    og_buf_free(&t);
    og_arena_reset(&a);
}

static void test_supports(void **state)
{
    (void)state;
    static const uint32_t yes[] = {
        OG_OID_BOOL,       OG_OID_INT2,        OG_OID_INT4,       OG_OID_INT8,
        OG_OID_FLOAT4,     OG_OID_FLOAT8,      OG_OID_NUMERIC,    OG_OID_TEXT,
        OG_OID_VARCHAR,    OG_OID_BPCHAR,      OG_OID_NAME,       OG_OID_BYTEA,
        OG_OID_DATE,       OG_OID_TIME,        OG_OID_TIMESTAMP,  OG_OID_TIMESTAMPTZ,
        OG_OID_INTERVAL,   OG_OID_UUID,        OG_OID_JSON,       OG_OID_JSONB,
        OG_OID_INT4_ARRAY, OG_OID_JSONB_ARRAY, OG_OID_UUID_ARRAY, OG_OID_TIMESTAMPTZ_ARRAY,
        NAME_ARRAY_OID,
    };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        assert_true(wire_codec_supports(yes[i]));
    assert_false(wire_codec_supports(OG_OID_OID));
    assert_false(wire_codec_supports(OG_OID_CHAR));
    assert_false(wire_codec_supports(1002)); /* "char"[] */
    assert_false(wire_codec_supports(0));
    expect_error(OG_OID_OID, "UTC", "1", 1, "0A000", "values of type oid (OID 26) are not supported");
}

/* Several threads converting in different IANA zones at once: the zone
 * switches under the codec's mutex must not mix their answers. */
typedef struct tz_job {
    const char *tz;
    const char *want;
    int bad;
} tz_job;

static void *tz_worker(void *arg)
{
    tz_job *j = arg;
    og_buf t = OG_BUF_INIT;
    og_arena a;
    og_arena_init(&a);
    for (int i = 0; i < 300; i++) {
        og_value v = {0};
        wire_codec_ctx ctx = {j->tz};
        wire_err err;
        v.oid = OG_OID_TIMESTAMPTZ;
        v.u.i = 773111045000000; /* 2024-07-01 01:04:05+00 */
        if (strcmp(text_of(&v, j->tz, &t), j->want) != 0)
            j->bad++;
        if (!wire_text_decode(OG_OID_TIMESTAMPTZ, j->want, strlen(j->want), &ctx, &a, &v, &err) ||
            v.u.i != 773111045000000)
            j->bad++;
        /* local time without offset: resolved in the zone */
        og_arena_reset(&a);
    }
    og_buf_free(&t);
    return NULL;
}

static void test_timezones_concurrently(void **state)
{
    (void)state;
    /* SET TimeZone = ...; SELECT '2024-07-01 01:04:05+00'::timestamptz */
    tz_job jobs[] = {
        {"Europe/Paris", "2024-07-01 03:04:05+02", 0},
        {"America/New_York", "2024-06-30 21:04:05-04", 0},
        {"Asia/Kolkata", "2024-07-01 06:34:05+05:30", 0},
        {"Australia/Sydney", "2024-07-01 11:04:05+10", 0},
    };
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, tz_worker, &jobs[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].bad, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bool),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_floats),
        cmocka_unit_test(test_numeric),
        cmocka_unit_test(test_text_types),
        cmocka_unit_test(test_bytea),
        cmocka_unit_test(test_uuid),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_timestamp),
        cmocka_unit_test(test_timestamptz),
        cmocka_unit_test(test_interval),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_arrays),
        cmocka_unit_test(test_reference_rows_all_covered),
        cmocka_unit_test(test_text_errors),
        cmocka_unit_test(test_binary_errors),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_input_not_nul_terminated),
        cmocka_unit_test(test_encode_driver_values),
        cmocka_unit_test(test_timezone_settings),
        cmocka_unit_test(test_now_and_today),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_supports),
        cmocka_unit_test(test_timezones_concurrently),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
