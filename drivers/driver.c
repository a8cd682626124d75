/*
 * drivers/driver.c - what every driver shares: results.
 */
#include "drivers/driver.h"

#include <stdlib.h>

void drv_result_free(drv_result *r)
{
    if (!r)
        return;
    og_arena_reset(&r->arena);
    free(r);
}
