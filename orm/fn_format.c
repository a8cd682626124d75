#include "orm/fn_int.h"
static const orm_fn fns[] = {{"to_char_stub_", "to_char_stub_", 0, {0}, OG_OID_TEXT, 0, NULL, NULL}};
const orm_fn_table orm_fn_format = {fns, 0};
