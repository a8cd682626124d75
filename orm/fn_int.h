/*
 * orm/fn_int.h - private to the function catalog: each orm/fn_*.c file
 * contributes one table of entries, and orm/fn.c concatenates them into the
 * catalog (orm_fn_count / orm_fn_at). Adding a function is adding a row to
 * the table of its family.
 */
#ifndef ORM_FN_INT_H
#define ORM_FN_INT_H

#include "orm/fn.h"

typedef struct orm_fn_table {
    const orm_fn *fns;
    size_t n;
} orm_fn_table;

/* The families (one file each). */
extern const orm_fn_table orm_fn_num;      /* orm/fn_num.c: arithmetic operators, math functions */
extern const orm_fn_table orm_fn_text;     /* orm/fn_text.c: string functions, ||, LIKE / ILIKE */
extern const orm_fn_table orm_fn_datetime; /* orm/fn_datetime.c: now, date_trunc, extract, age, +/- */
extern const orm_fn_table orm_fn_json;     /* orm/fn_json.c: -> ->> #> #>> @> ?, jsonb_* functions */
extern const orm_fn_table orm_fn_agg;      /* orm/fn_agg.c: aggregates and window functions */
extern const orm_fn_table orm_fn_array;    /* orm/fn_array.c: array functions, array ||, @> <@ && */
extern const orm_fn_table orm_fn_format;   /* orm/fn_format.c: to_char, to_date, to_timestamp, to_number */

#endif
