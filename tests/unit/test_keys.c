/*
 * tests/unit/test_keys.c - orm/keys: blocks of generated key values.
 *
 * What must never happen is a value handed out twice, or a request served
 * partly; the block sizes must grow with demand and stay bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "orm/keys.h"

static void test_empty_pool_asks_for_a_block(void **state)
{
    orm_keys k;
    orm_keys_init(&k);
    int64_t v[4] = {0};
    assert_false(orm_keys_take(&k, "t", "id", 1, v));
    assert_int_equal(orm_keys_block_size(&k, "t", "id", 1), ORM_KEYS_BLOCK_MIN);
    assert_int_equal(orm_keys_block_size(&k, "t", "id", 40), 40); /* a larger request wins */
    orm_keys_clear(&k);
}

static void test_values_in_order_and_never_twice(void **state)
{
    orm_keys k;
    orm_keys_init(&k);
    orm_keys_add(&k, "t", "id", 100, 16, 1);
    int64_t v[16];
    assert_true(orm_keys_take(&k, "t", "id", 3, v));
    assert_int_equal(v[0], 100);
    assert_int_equal(v[2], 102);
    assert_true(orm_keys_take(&k, "t", "id", 13, v));
    assert_int_equal(v[0], 103);
    assert_int_equal(v[12], 115);
    v[0] = -1;
    assert_false(orm_keys_take(&k, "t", "id", 1, v)); /* exhausted: nothing consumed */
    assert_int_equal(v[0], -1);
    orm_keys_clear(&k);
}

static void test_request_larger_than_block_is_not_served_partly(void **state)
{
    orm_keys k;
    orm_keys_init(&k);
    orm_keys_add(&k, "t", "id", 1, 16, 1);
    int64_t v[20];
    assert_false(orm_keys_take(&k, "t", "id", 17, v));
    assert_true(orm_keys_take(&k, "t", "id", 16, v)); /* still all there */
    assert_int_equal(v[15], 16);
    orm_keys_clear(&k);
}

static void test_block_sizes_grow_and_are_bounded(void **state)
{
    orm_keys k;
    orm_keys_init(&k);
    uint32_t size = orm_keys_block_size(&k, "t", "id", 1);
    int64_t first = 1;
    uint32_t seen[12];
    for (int i = 0; i < 12; i++) {
        seen[i] = size;
        orm_keys_add(&k, "t", "id", first, size, 1);
        first += size;
        size = orm_keys_block_size(&k, "t", "id", 1);
    }
    assert_int_equal(seen[0], 16);
    assert_int_equal(seen[1], 32);
    assert_int_equal(seen[2], 64);
    assert_int_equal(seen[6], 1024);
    assert_int_equal(seen[11], ORM_KEYS_BLOCK_MAX);
    orm_keys_clear(&k);
}

static void test_columns_are_separate(void **state)
{
    orm_keys k;
    orm_keys_init(&k);
    orm_keys_add(&k, "t", "id", 1, 16, 1);
    orm_keys_add(&k, "u", "id", 500, 16, 1);
    orm_keys_add(&k, "t", "code", 7, 16, 1);
    int64_t v[1];
    assert_true(orm_keys_take(&k, "u", "id", 1, v));
    assert_int_equal(v[0], 500);
    assert_true(orm_keys_take(&k, "t", "code", 1, v));
    assert_int_equal(v[0], 7);
    assert_true(orm_keys_take(&k, "t", "id", 1, v));
    assert_int_equal(v[0], 1);
    /* "t" + "id" must not be confused with "ti" + "d" */
    assert_false(orm_keys_take(&k, "ti", "d", 1, v));
    /* a new block replaces what was left of the old one (a gap) */
    orm_keys_add(&k, "t", "id", 1000, 32, 1);
    assert_true(orm_keys_take(&k, "t", "id", 1, v));
    assert_int_equal(v[0], 1000);
    orm_keys_clear(&k);
    assert_false(orm_keys_take(&k, "t", "id", 1, v));
    orm_keys_clear(&k); /* twice: fine */
}

static void test_steps_of_a_sequence(void **state)
{
    orm_keys k;
    orm_keys_init(&k);
    orm_keys_add(&k, "t", "code", 100, 3, 10); /* START WITH 100 INCREMENT BY 10 */
    int64_t v[3];
    assert_true(orm_keys_take(&k, "t", "code", 2, v));
    assert_int_equal(v[0], 100);
    assert_int_equal(v[1], 110);
    assert_false(orm_keys_take(&k, "t", "code", 2, v)); /* one left */
    assert_true(orm_keys_take(&k, "t", "code", 1, v));
    assert_int_equal(v[0], 120);
    orm_keys_add(&k, "t", "down", -1, 2, -1); /* a descending sequence */
    assert_true(orm_keys_take(&k, "t", "down", 2, v));
    assert_int_equal(v[0], -1);
    assert_int_equal(v[1], -2);
    orm_keys_clear(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_pool_asks_for_a_block),
        cmocka_unit_test(test_values_in_order_and_never_twice),
        cmocka_unit_test(test_request_larger_than_block_is_not_served_partly),
        cmocka_unit_test(test_block_sizes_grow_and_are_bounded),
        cmocka_unit_test(test_columns_are_separate),
        cmocka_unit_test(test_steps_of_a_sequence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
