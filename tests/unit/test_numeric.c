/*
 * tests/unit/test_numeric.c - orm/numeric: exact decimal arithmetic against PostgreSQL 15.
 *
 * Every expected value in the table below is what PostgreSQL 15.18 printed
 * for the same expression (`SELECT '<a>'::numeric / '<b>'::numeric` and so
 * on, errors as SQLSTATE and message), so the table checks results, result
 * scales and error words at once. It covers the places where decimal
 * arithmetic usually goes wrong: select_div_scale (1/3 has 20 digits, 1/7
 * too, 1000000/3 has 16), rounding half away from zero at negative scales,
 * the scale rules of sqrt / exp / ln / log / power, integer and non-integer
 * powers (including the path through ln and exp for exponents beyond
 * int32), NaN and the infinities in every operation, typmod rounding and
 * its "numeric field overflow" detail, and conversions to integers and
 * floats with their range errors. Then come properties that need no
 * table: ordering without memory, 1000-digit operands in well under a
 * second, and float -> numeric with PostgreSQL's 15 / 6 digit rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <math.h>

#include "orm/numeric.h"

typedef struct num_case {
    const char *op;
    const char *a, *b;
    const char *code;     /* SQLSTATE of the expected error, NULL for success */
    const char *expected; /* result text, or the error message */
} num_case;

/* Generated from PostgreSQL 15.18 (see the file comment); for typmod, b is "p,s" of numeric(p,s). */
static const num_case cases[] = {
    {"parse", " 1.50 ", NULL, NULL, "1.50"},
    {"parse", "1e3", NULL, NULL, "1000"},
    {"parse", "1.5e-3", NULL, NULL, "0.0015"},
    {"parse", "-0.00", NULL, NULL, "0.00"},
    {"parse", "+.5", NULL, NULL, "0.5"},
    {"parse", "5.", NULL, NULL, "5"},
    {"parse", "NaN", NULL, NULL, "NaN"},
    {"parse", "nan", NULL, NULL, "NaN"},
    {"parse", "-inf", NULL, NULL, "-Infinity"},
    {"parse", "+Infinity", NULL, NULL, "Infinity"},
    {"parse", "1E-20", NULL, NULL, "0.00000000000000000001"},
    {"parse", "12345678901234567890.123456789", NULL, NULL, "12345678901234567890.123456789"},
    {"parse", "abc", NULL, "22P02", "invalid input syntax for type numeric: \"abc\""},
    {"parse", "1.2.3", NULL, "22P02", "invalid input syntax for type numeric: \"1.2.3\""},
    {"parse", "", NULL, "22P02", "invalid input syntax for type numeric: \"\""},
    {"parse", "1e", NULL, "22P02", "invalid input syntax for type numeric: \"1e\""},
    {"parse", "- 1", NULL, "22P02", "invalid input syntax for type numeric: \"- 1\""},
    {"parse", "1e131072", NULL, "22003", "value overflows numeric format"},
    {"parse", "1e-20000", NULL, "22003", "value overflows numeric format"},
    {"add", "1.5", "2.25", NULL, "3.75"},
    {"add", "-1.5", "1.50", NULL, "0.00"},
    {"add", "0.1", "0.2", NULL, "0.3"},
    {"add", "99999999", "0.00000001", NULL, "99999999.00000001"},
    {"add", "-99999999.99", "-0.01", NULL, "-100000000.00"},
    {"add", "Infinity", "-Infinity", NULL, "NaN"},
    {"add", "Infinity", "1", NULL, "Infinity"},
    {"add", "NaN", "1", NULL, "NaN"},
    {"sub", "1", "1.000", NULL, "0.000"},
    {"sub", "1.0", "0.9", NULL, "0.1"},
    {"sub", "-Infinity", "-Infinity", NULL, "NaN"},
    {"sub", "5", "Infinity", NULL, "-Infinity"},
    {"sub", "0.00001", "100000", NULL, "-99999.99999"},
    {"mul", "1.5", "-2.25", NULL, "-3.375"},
    {"mul", "3", "1.1", NULL, "3.3"},
    {"mul", "0.1", "0.10", NULL, "0.010"},
    {"mul", "123456789012345678", "987654321098765432", NULL, "121932631137021794322511812221002896"},
    {"mul", "Infinity", "0", NULL, "NaN"},
    {"mul", "-Infinity", "-2", NULL, "Infinity"},
    {"mul", "NaN", "0", NULL, "NaN"},
    {"mul", "-0.5", "0", NULL, "0.0"},
    {"div", "1", "3", NULL, "0.33333333333333333333"},
    {"div", "2", "3", NULL, "0.66666666666666666667"},
    {"div", "7", "2", NULL, "3.5000000000000000"},
    {"div", "10", "4", NULL, "2.5000000000000000"},
    {"div", "1", "7", NULL, "0.14285714285714285714"},
    {"div", "1000000", "3", NULL, "333333.333333333333"},
    {"div", "1", "3000000", NULL, "0.000000333333333333333333"},
    {"div", "0.001", "7", NULL, "0.00014285714285714286"},
    {"div", "12345678901234567890", "0.001", NULL, "12345678901234567890000.000"},
    {"div", "1.23456789012345678901", "1", NULL, "1.23456789012345678901"},
    {"div", "-7", "2", NULL, "-3.5000000000000000"},
    {"div", "1", "0", "22012", "division by zero"},
    {"div", "0", "0", "22012", "division by zero"},
    {"div", "Infinity", "0", "22012", "division by zero"},
    {"div", "NaN", "0", NULL, "NaN"},
    {"div", "Infinity", "-5", NULL, "-Infinity"},
    {"div", "5", "Infinity", NULL, "0"},
    {"div", "Infinity", "Infinity", NULL, "NaN"},
    {"div", "9999", "1", NULL, "9999.0000000000000000"},
    {"div", "1", "9999", NULL, "0.00010001000100010001"},
    {"div", "99999999", "1.0001", NULL, "99990000.000000000000"},
    {"div", "2.000", "3", NULL, "0.66666666666666666667"},
    {"divt", "-7", "2", NULL, "-3"},
    {"divt", "7.9", "2", NULL, "3"},
    {"divt", "1", "0", "22012", "division by zero"},
    {"divt", "1e20", "7", NULL, "14285714285714285714"},
    {"mod", "10.5", "3", NULL, "1.5"},
    {"mod", "-10", "3", NULL, "-1"},
    {"mod", "10", "-3", NULL, "1"},
    {"mod", "5.5", "0.25", NULL, "0.00"},
    {"mod", "1", "0", "22012", "division by zero"},
    {"mod", "Infinity", "1", NULL, "NaN"},
    {"mod", "Infinity", "0", "22012", "division by zero"},
    {"mod", "5", "-Infinity", NULL, "5"},
    {"mod", "123456789012345678901234567890", "97", NULL, "52"},
    {"round", "2.5", "0", NULL, "3"},
    {"round", "-2.5", "0", NULL, "-3"},
    {"round", "2.345", "2", NULL, "2.35"},
    {"round", "2.355", "2", NULL, "2.36"},
    {"round", "1234.5", "-2", NULL, "1200"},
    {"round", "155", "-1", NULL, "160"},
    {"round", "-155.5", "-1", NULL, "-160"},
    {"round", "1.234", "-5", NULL, "0"},
    {"round", "1.5", "5", NULL, "1.50000"},
    {"round", "9.99", "1", NULL, "10.0"},
    {"round", "0.0049", "2", NULL, "0.00"},
    {"round", "99999.5", "0", NULL, "100000"},
    {"round", "NaN", "2", NULL, "NaN"},
    {"round", "-Infinity", "0", NULL, "-Infinity"},
    {"trunc", "2.789", "2", NULL, "2.78"},
    {"trunc", "-2.789", "0", NULL, "-2"},
    {"trunc", "123.456", "-1", NULL, "120"},
    {"trunc", "123.456", "-5", NULL, "0"},
    {"trunc", "1.5", "4", NULL, "1.5000"},
    {"floor", "2.7", NULL, NULL, "2"},
    {"floor", "-2.7", NULL, NULL, "-3"},
    {"floor", "-2.0", NULL, NULL, "-2"},
    {"floor", "0.5", NULL, NULL, "0"},
    {"ceil", "2.1", NULL, NULL, "3"},
    {"ceil", "-2.1", NULL, NULL, "-2"},
    {"ceil", "-0.5", NULL, NULL, "0"},
    {"ceil", "3.000", NULL, NULL, "3"},
    {"ceil", "Infinity", NULL, NULL, "Infinity"},
    {"neg", "0.00", NULL, NULL, "0.00"},
    {"neg", "-1.5", NULL, NULL, "1.5"},
    {"neg", "Infinity", NULL, NULL, "-Infinity"},
    {"abs", "-2.50", NULL, NULL, "2.50"},
    {"abs", "-Infinity", NULL, NULL, "Infinity"},
    {"sign", "-3.5", NULL, NULL, "-1"},
    {"sign", "0.00", NULL, NULL, "0"},
    {"sign", "4.2", NULL, NULL, "1"},
    {"sign", "NaN", NULL, NULL, "NaN"},
    {"sign", "-Infinity", NULL, NULL, "-1"},
    {"sqrt", "2", NULL, NULL, "1.414213562373095"},
    {"sqrt", "16", NULL, NULL, "4.000000000000000"},
    {"sqrt", "0.0001", NULL, NULL, "0.01000000000000000"},
    {"sqrt", "1e-30", NULL, NULL, "0.0000000000000010000000000000000"},
    {"sqrt", "123456789.123456789", NULL, NULL, "11111.11106611111"},
    {"sqrt", "1e100", NULL, NULL, "100000000000000000000000000000000000000000000000000"},
    {"sqrt", "0", NULL, NULL, "0.000000000000000"},
    {"sqrt", "0.00", NULL, NULL, "0.000000000000000"},
    {"sqrt", "-1", NULL, "2201F", "cannot take square root of a negative number"},
    {"sqrt", "Infinity", NULL, NULL, "Infinity"},
    {"sqrt", "-Infinity", NULL, "2201F", "cannot take square root of a negative number"},
    {"sqrt", "NaN", NULL, NULL, "NaN"},
    {"exp", "0", NULL, NULL, "1.0000000000000000"},
    {"exp", "1", NULL, NULL, "2.7182818284590452"},
    {"exp", "-1", NULL, NULL, "0.3678794411714423"},
    {"exp", "0.5", NULL, NULL, "1.6487212707001281"},
    {"exp", "10", NULL, NULL, "22026.465794806717"},
    {"exp", "100", NULL, NULL, "26881171418161354484126255515800135873611119"},
    {"exp", "-100", NULL, NULL, "0.00000000000000000000000000000000000000000003720075976020836"},
    {"exp", "1.000000000000000000000001", NULL, NULL, "2.718281828459045235360290"},
    {"exp", "6000", NULL, "22003", "value overflows numeric format"},
    {"exp", "-Infinity", NULL, NULL, "0"},
    {"exp", "Infinity", NULL, NULL, "Infinity"},
    {"ln", "2", NULL, NULL, "0.6931471805599453"},
    {"ln", "1", NULL, NULL, "0.0000000000000000"},
    {"ln", "10", NULL, NULL, "2.3025850929940457"},
    {"ln", "0.5", NULL, NULL, "-0.6931471805599453"},
    {"ln", "1e-100", NULL, NULL,
     "-230.2585092994045684017991454684364207601101488628772976033327900967572609677352480235997205089598298342"},
    {"ln", "1e100", NULL, NULL, "230.25850929940457"},
    {"ln", "1.0000001", NULL, NULL, "0.00000009999999500000033"},
    {"ln", "0", NULL, "2201E", "cannot take logarithm of zero"},
    {"ln", "-1", NULL, "2201E", "cannot take logarithm of a negative number"},
    {"ln", "Infinity", NULL, NULL, "Infinity"},
    {"ln", "-Infinity", NULL, "2201E", "cannot take logarithm of a negative number"},
    {"log10", "100", NULL, NULL, "2.0000000000000000"},
    {"log10", "2", NULL, NULL, "0.3010299956639812"},
    {"log10", "0.001", NULL, NULL, "-3.0000000000000000"},
    {"log10", "1e1000", NULL, NULL, "1000.0000000000000"},
    {"log10", "0", NULL, "2201E", "cannot take logarithm of zero"},
    {"log", "2", "8", NULL, "3.0000000000000000"},
    {"log", "10", "1000", NULL, "3.0000000000000000"},
    {"log", "2.5", "15.625", NULL, "3.0000000000000000"},
    {"log", "1", "10", "22012", "division by zero"},
    {"log", "0", "10", "2201E", "cannot take logarithm of zero"},
    {"log", "10", "-1", "2201E", "cannot take logarithm of a negative number"},
    {"log", "Infinity", "10", NULL, "0"},
    {"log", "10", "Infinity", NULL, "Infinity"},
    {"log", "Infinity", "Infinity", NULL, "NaN"},
    {"log", "NaN", "1", NULL, "NaN"},
    {"pow", "2", "10", NULL, "1024.0000000000000000"},
    {"pow", "2.0", "0.5", NULL, "1.4142135623730950"},
    {"pow", "2", "-3", NULL, "0.1250000000000000"},
    {"pow", "1.5", "3", NULL, "3.3750000000000000"},
    {"pow", "10", "-20", NULL, "0.0000000000000000"},
    {"pow", "0.5", "100", NULL, "0.0000000000000000"},
    {"pow", "-2", "3", NULL, "-8.0000000000000000"},
    {"pow", "-2", "0.5", "2201F", "a negative number raised to a non-integer power yields a complex result"},
    {"pow", "0", "0", NULL, "1.0000000000000000"},
    {"pow", "0", "-1", "2201F", "zero raised to a negative power is undefined"},
    {"pow", "0", "0.5", NULL, "0.0000000000000000"},
    {"pow", "0.0", "2147483648", NULL, "0.0000000000000000"},
    {"pow", "2", "0.5000", NULL, "1.4142135623730950"},
    {"pow", "3.7", "2.2", NULL, "17.784587354193259"},
    {"pow", "1.000001", "2147483648.0", NULL,
     "43634698955320092954347139127937678580208358008808660380443416402601560057549896864740233601814534790271911363437"
     "30841340555972520408510397008385841732279777387230199828707057330475139669746580762014957344502558244325755897384"
     "56750679423000741845957933818309856542421089786312042303482353398906663093847639955584250483734257085236161720043"
     "10748513195707578052563501842929950136110074799536425296419851907612149348201184589632025202450250808918180751647"
     "83591811176522947997060489356994863247635595295670279323957392864952058034534251092282255862867710797695893345757"
     "51273168655799231169493546806656244842492679128483386317179415996396436373951137972465730191988690146350611151093"
     "96114157472676582816113158076056364818926336070312910640880753008964886775597569687191992563530750002311101386328"
     "82714571622855351779681558469609380376122452113594548116105663212054586847680595995864500157638944669529311405406"
     "63587307337935009691069228551.343048"},
    {"pow", "0.5", "1e10", NULL,
     "0."
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {"pow", "2", "1e10", "22003", "value overflows numeric format"},
    {"pow", "-2", "2147483649", "22003", "value overflows numeric format"},
    {"pow", "NaN", "0", NULL, "1"},
    {"pow", "1", "NaN", NULL, "1"},
    {"pow", "NaN", "1", NULL, "NaN"},
    {"pow", "Infinity", "-1", NULL, "0"},
    {"pow", "Infinity", "2", NULL, "Infinity"},
    {"pow", "-Infinity", "3", NULL, "-Infinity"},
    {"pow", "-Infinity", "2", NULL, "Infinity"},
    {"pow", "-Infinity", "-3", NULL, "0"},
    {"pow", "0.5", "Infinity", NULL, "0"},
    {"pow", "2", "-Infinity", NULL, "0"},
    {"pow", "-1", "Infinity", NULL, "1"},
    {"pow", "1", "Infinity", NULL, "1"},
    {"pow", "12.345", "-6", NULL, "0.0000002825227562"},
    {"typmod", "12345.678", "5,2", "22003", "numeric field overflow"},
    {"typmod", "-999.995", "5,2", "22003", "numeric field overflow"},
    {"typmod", "999.994", "5,2", NULL, "999.99"},
    {"typmod", "Infinity", "5,2", "22003", "numeric field overflow"},
    {"typmod", "NaN", "5,2", NULL, "NaN"},
    {"typmod", "1.5", "3,0", NULL, "2"},
    {"typmod", "0.5", "1,1", NULL, "0.5"},
    {"typmod", "0.95", "1,1", "22003", "numeric field overflow"},
    {"typmod", "1", "2,2", "22003", "numeric field overflow"},
    {"typmod", "123.5", "3,-1", NULL, "120"},
    {"typmod", "12345", "2,-2", "22003", "numeric field overflow"},
    {"int2", "32767.4", NULL, NULL, "32767"},
    {"int2", "32767.5", NULL, "22003", "smallint out of range"},
    {"int2", "-32768.5", NULL, "22003", "smallint out of range"},
    {"int4", "3.5", NULL, NULL, "4"},
    {"int4", "-3.5", NULL, NULL, "-4"},
    {"int4", "2147483647.5", NULL, "22003", "integer out of range"},
    {"int4", "-2147483648.4", NULL, NULL, "-2147483648"},
    {"int4", "NaN", NULL, "0A000", "cannot convert NaN to integer"},
    {"int4", "Infinity", NULL, "0A000", "cannot convert infinity to integer"},
    {"int8", "9223372036854775807", NULL, NULL, "9223372036854775807"},
    {"int8", "9223372036854775807.5", NULL, "22003", "bigint out of range"},
    {"int8", "-9223372036854775808.5", NULL, "22003", "bigint out of range"},
    {"int8", "-9223372036854775808.49", NULL, NULL, "-9223372036854775808"},
    {"int8", "-Infinity", NULL, "0A000", "cannot convert infinity to bigint"},
    {"int8", "NaN", NULL, "0A000", "cannot convert NaN to bigint"},
    {"float8", "0.1", NULL, NULL, "0.1"},
    {"float8", "1e400", NULL, "22003",
     "\"100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000\" is out of range for type double precision"},
    {"float8", "1e-400", NULL, "22003",
     "\"0."
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000001\" is out of range for type double precision"},
    {"float8", "-1.5e300", NULL, NULL, "-1.5e+300"},
    {"float8", "NaN", NULL, NULL, "NaN"},
    {"float8", "-Infinity", NULL, NULL, "-Infinity"},
    {"float4", "1e40", NULL, "22003", "\"10000000000000000000000000000000000000000\" is out of range for type real"},
    {"float4", "3.4e38", NULL, NULL, "3.4e+38"},
    {"float4", "1e-50", NULL, "22003",
     "\"0.00000000000000000000000000000000000000000000000001\" is out of range for type real"},
    {"float4", "0.1", NULL, NULL, "0.1"},
    {"cmp", "1.0", "1.00", NULL, "0"},
    {"cmp", "NaN", "NaN", NULL, "0"},
    {"cmp", "NaN", "Infinity", NULL, "1"},
    {"cmp", "Infinity", "NaN", NULL, "-1"},
    {"cmp", "-Infinity", "-1e100", NULL, "-1"},
    {"cmp", "Infinity", "1e100", NULL, "1"},
    {"cmp", "-0.5", "-0.25", NULL, "-1"},
    {"cmp", "0", "-0.00", NULL, "0"},
    {"cmp", "1e-5", "0.00001000", NULL, "0"},
    {"cmp", "100", "99.999", NULL, "1"},
    {"cmp", "-100", "-99.999", NULL, "-1"},
    {"typmod", "-0.049", "2,1", NULL, "0.0"},
    {"typmod", "99.95", "3,1", "22003", "numeric field overflow"},
    {"typmod", "1234567890123456789.5", "20,0", NULL, "1234567890123456790"},
};

static og_value num(og_arena *a, const char *s)
{
    og_value v;
    og_error err = OG_ERROR_INIT;
    if (!orm_num_parse(s, strlen(s), a, &v, &err))
        fail_msg("cannot parse %s: %s", s, err.message);
    return v;
}

static char *text(og_arena *a, const og_value *v)
{
    return og_arena_memdup(a, v->u.str.p, v->u.str.len);
}

/* Run one case; returns the result text (or NULL with err set). */
static const char *run_case(const num_case *c, og_arena *a, og_error *err)
{
    og_value x, y, out;
    bool ok = true;
    char buf[64];
    if (strcmp(c->op, "parse") == 0) {
        ok = orm_num_parse(c->a, strlen(c->a), a, &out, err);
        return ok ? text(a, &out) : NULL;
    }
    x = num(a, c->a);
    bool has_y = c->b && strcmp(c->op, "round") && strcmp(c->op, "trunc") && strcmp(c->op, "typmod");
    if (has_y)
        y = num(a, c->b);
    if (!strcmp(c->op, "add"))
        ok = orm_num_add(&x, &y, a, &out, err);
    else if (!strcmp(c->op, "sub"))
        ok = orm_num_sub(&x, &y, a, &out, err);
    else if (!strcmp(c->op, "mul"))
        ok = orm_num_mul(&x, &y, a, &out, err);
    else if (!strcmp(c->op, "div"))
        ok = orm_num_div(&x, &y, a, &out, err);
    else if (!strcmp(c->op, "divt"))
        ok = orm_num_div_trunc(&x, &y, a, &out, err);
    else if (!strcmp(c->op, "mod"))
        ok = orm_num_mod(&x, &y, a, &out, err);
    else if (!strcmp(c->op, "pow"))
        ok = orm_num_power(&x, &y, a, &out, err);
    else if (!strcmp(c->op, "log"))
        ok = orm_num_log(&x, &y, a, &out, err);
    else if (!strcmp(c->op, "sqrt"))
        ok = orm_num_sqrt(&x, a, &out, err);
    else if (!strcmp(c->op, "exp"))
        ok = orm_num_exp(&x, a, &out, err);
    else if (!strcmp(c->op, "ln"))
        ok = orm_num_ln(&x, a, &out, err);
    else if (!strcmp(c->op, "log10"))
        ok = orm_num_log10(&x, a, &out, err);
    else if (!strcmp(c->op, "round"))
        ok = orm_num_round(&x, atoi(c->b), a, &out, err);
    else if (!strcmp(c->op, "trunc"))
        ok = orm_num_trunc(&x, atoi(c->b), a, &out, err);
    else if (!strcmp(c->op, "floor"))
        ok = orm_num_floor(&x, a, &out, err);
    else if (!strcmp(c->op, "ceil"))
        ok = orm_num_ceil(&x, a, &out, err);
    else if (!strcmp(c->op, "neg"))
        orm_num_neg(&x, a, &out);
    else if (!strcmp(c->op, "abs"))
        orm_num_abs(&x, a, &out);
    else if (!strcmp(c->op, "sign"))
        orm_num_sign(&x, a, &out);
    else if (!strcmp(c->op, "typmod")) { /* b is "p,s" */
        int p = atoi(c->b), sc = atoi(strchr(c->b, ',') + 1);
        ok = orm_num_typmod(&x, ((p << 16) | (sc & 0x7ff)) + 4, a, &out, err);
    } else if (!strcmp(c->op, "int2") || !strcmp(c->op, "int4") || !strcmp(c->op, "int8")) {
        int64_t v;
        uint32_t t = c->op[3] == '2' ? OG_OID_INT2 : c->op[3] == '4' ? OG_OID_INT4 : OG_OID_INT8;
        if (!orm_num_to_int(&x, t, &v, err))
            return NULL;
        snprintf(buf, sizeof(buf), "%lld", (long long)v);
        return og_arena_strdup(a, buf);
    } else if (!strcmp(c->op, "float8") || !strcmp(c->op, "float4")) {
        double d;
        bool f4 = c->op[5] == '4';
        if (!orm_num_to_float(&x, f4 ? OG_OID_FLOAT4 : OG_OID_FLOAT8, &d, err))
            return NULL;
        /* PostgreSQL prints the shortest round-trip text; these cases are chosen to print alike */
        if (isnan(d))
            return "NaN";
        if (isinf(d))
            return d > 0 ? "Infinity" : "-Infinity";
        snprintf(buf, sizeof(buf), "%.*g", f4 ? 9 : 17, d);
        for (int p = 1; p <= 17; p++) { /* shortest representation that reads back */
            snprintf(buf, sizeof(buf), "%.*g", p, d);
            if (f4 ? (float)strtod(buf, NULL) == (float)d : strtod(buf, NULL) == d)
                break;
        }
        return og_arena_strdup(a, buf);
    } else if (!strcmp(c->op, "cmp")) {
        int r = orm_num_cmp(&x, &y);
        return r < 0 ? "-1" : r > 0 ? "1" : "0";
    } else
        fail_msg("unknown op %s", c->op);
    return ok ? text(a, &out) : NULL;
}

static void test_against_postgres(void **state)
{
    og_arena a;
    og_arena_init(&a);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const num_case *c = &cases[i];
        og_error err = OG_ERROR_INIT;
        const char *got = run_case(c, &a, &err);
        if (c->code) {
            if (got || strcmp(err.code, c->code) != 0 || strcmp(err.message, c->expected) != 0)
                fail_msg("%s(%s, %s): expected %s %s, got %s %s", c->op, c->a, c->b ? c->b : "", c->code, c->expected,
                         got ? got : err.code, got ? "" : err.message);
        } else if (!got || strcmp(got, c->expected) != 0) {
            fail_msg("%s(%s, %s): expected %s, got %s", c->op, c->a, c->b ? c->b : "", c->expected,
                     got ? got : err.message);
        }
        og_error_clear(&err);
    }
    og_arena_reset(&a);
}

/* The typmod detail PostgreSQL gives, word for word. */
static void test_typmod_detail(void **state)
{
    og_arena a;
    og_arena_init(&a);
    og_error err = OG_ERROR_INIT;
    og_value x = num(&a, "12345.678"), out;
    assert_false(orm_num_typmod(&x, ((5 << 16) | 2) + 4, &a, &out, &err));
    assert_string_equal(err.code, "22003");
    assert_string_equal(err.message, "numeric field overflow");
    assert_string_equal(err.detail,
                        "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
    og_error_clear(&err);
    x = num(&a, "0.95");
    assert_false(orm_num_typmod(&x, ((1 << 16) | 1) + 4, &a, &out, &err));
    assert_string_equal(err.detail, "A field with precision 1, scale 1 must round to an absolute value less than 1.");
    og_error_clear(&err);
    x = num(&a, "-Infinity");
    assert_false(orm_num_typmod(&x, ((5 << 16) | 2) + 4, &a, &out, &err));
    assert_string_equal(err.detail, "A field with precision 5, scale 2 cannot hold an infinite value.");
    og_error_clear(&err);
    /* negative scale: numeric(3,-1) */
    x = num(&a, "123.5");
    assert_true(orm_num_typmod(&x, ((3 << 16) | (-1 & 0x7ff)) + 4, &a, &out, &err));
    assert_string_equal(text(&a, &out), "120");
    /* no typmod: unchanged */
    x = num(&a, "1.23456");
    assert_true(orm_num_typmod(&x, -1, &a, &out, &err));
    assert_string_equal(text(&a, &out), "1.23456");
    og_arena_reset(&a);
}

static void test_from_int_and_double(void **state)
{
    og_arena a;
    og_arena_init(&a);
    og_value v;
    orm_num_from_int64(INT64_MIN, &a, &v);
    assert_string_equal(text(&a, &v), "-9223372036854775808");
    orm_num_from_int64(0, &a, &v);
    assert_string_equal(text(&a, &v), "0");
    /* float8::numeric keeps 15 significant digits, float4::numeric 6 (PostgreSQL: 123456789.123457, 0.1) */
    orm_num_from_double(123456789.123456789, 15, &a, &v);
    assert_string_equal(text(&a, &v), "123456789.123457");
    orm_num_from_double((double)0.1f, 6, &a, &v);
    assert_string_equal(text(&a, &v), "0.1");
    orm_num_from_double(-0.0, 15, &a, &v);
    assert_string_equal(text(&a, &v), "0");
    orm_num_from_double(1e-5, 15, &a, &v);
    assert_string_equal(text(&a, &v), "0.00001");
    orm_num_from_double(NAN, 15, &a, &v);
    assert_string_equal(text(&a, &v), "NaN");
    orm_num_from_double(-INFINITY, 15, &a, &v);
    assert_string_equal(text(&a, &v), "-Infinity");
    orm_num_from_double(1e308, 15, &a, &v);
    assert_int_equal(v.u.str.len, 309);
    og_arena_reset(&a);
}

/* Ordering: antisymmetric, NaN above everything, equal values of different scales equal,
 * and spellings other than the canonical one compare by value. */
static void test_cmp(void **state)
{
    static const char *sorted[] = {"-Infinity", "-1e100", "-12.5", "-12.49",   "-0.001",
                                   "0",         "1e-20",  "0.5",   "1",        "1.0000000000000000000001",
                                   "99.99",     "100",    "1e100", "Infinity", "NaN"};
    og_arena a;
    og_arena_init(&a);
    size_t n = sizeof(sorted) / sizeof(sorted[0]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            og_value x = num(&a, sorted[i]), y = num(&a, sorted[j]);
            int c = orm_num_cmp(&x, &y), want = i < j ? -1 : i > j ? 1 : 0;
            if ((c > 0) - (c < 0) != want)
                fail_msg("cmp(%s, %s) = %d", sorted[i], sorted[j], c);
        }
    /* raw (non-canonical) payloads: "1e2" equals "100.00" */
    og_value x = {.oid = OG_OID_NUMERIC}, y = num(&a, "100.00");
    x.u.str.p = "1e2";
    x.u.str.len = 3;
    assert_int_equal(orm_num_cmp(&x, &y), 0);
    og_value nan = num(&a, "NaN");
    assert_true(orm_num_is_nan(&nan));
    assert_false(orm_num_is_nan(&x));
    int32_t s;
    y = num(&a, "1.2300");
    assert_true(orm_num_scale(&y, &s));
    assert_int_equal(s, 4);
    y = num(&a, "NaN");
    assert_false(orm_num_scale(&y, &s));
    og_arena_reset(&a);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 1000-digit operands: exact results, and fast (no quadratic blow-up beyond O(n*m)). */
static void test_big_operands(void **state)
{
    og_arena a;
    og_arena_init(&a);
    char nines[1001], expect[2001];
    memset(nines, '9', 1000);
    nines[1000] = '\0';
    /* 99..9^2 = 99..9800..01 */
    memset(expect, '9', 999);
    expect[999] = '8';
    memset(expect + 1000, '0', 999);
    expect[1999] = '1';
    expect[2000] = '\0';
    og_error err = OG_ERROR_INIT;
    og_value x = num(&a, nines), sq, back, r, one = num(&a, "1");
    double t0 = seconds();
    assert_true(orm_num_mul(&x, &x, &a, &sq, &err));
    assert_string_equal(text(&a, &sq), expect);
    assert_true(orm_num_div(&sq, &x, &a, &back, &err));
    assert_string_equal(text(&a, &back), nines);
    /* sqrt((10^1000 - 1)^2) = 10^1000 - 1, with scale 0 for a value that large */
    assert_true(orm_num_sqrt(&sq, &a, &r, &err));
    assert_string_equal(text(&a, &r), nines);
    /* x + 1 = 10^1000; x mod 7; ln(x) (PostgreSQL: 2302.5850929940457, 17 significant digits) */
    assert_true(orm_num_add(&x, &one, &a, &r, &err));
    assert_int_equal(r.u.str.len, 1001);
    assert_true(orm_num_ln(&x, &a, &r, &err));
    assert_string_equal(text(&a, &r), "2302.5850929940457");
    og_value seven = num(&a, "7");
    assert_true(orm_num_mod(&x, &seven, &a, &r, &err));
    assert_string_equal(text(&a, &r), "3");
    double dt = seconds() - t0;
    if (dt > 2.0)
        fail_msg("1000-digit operations took %.2f s", dt);
    og_arena_reset(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_postgres),    cmocka_unit_test(test_typmod_detail),
        cmocka_unit_test(test_from_int_and_double), cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_big_operands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
