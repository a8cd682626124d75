/*
 * tests/unit/test_hmap.c - orm/hmap: open addressing with backward-shift deletion.
 *
 * Deletion is where such maps break: a hole left in a probe run hides every
 * key after it. So besides the basics, the tests delete in several orders
 * (forward, backward, strided, random) from maps full of colliding probe runs
 * and after every batch check that each remaining key is still found and each
 * deleted one is gone, against a plain array as the model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orm/hmap.h"

/* Distinct non-NULL value for key number i. */
#define VAL(i) ((void *)(uintptr_t)((i) + 1))

static size_t key_of(size_t i, char *buf) { return (size_t)snprintf(buf, 32, "key-%zu", i); }

static void test_basic(void **state)
{
    og_hmap m = OG_HMAP_INIT;
    int a = 1, b = 2, c = 3;
    assert_null(og_hmap_gets(&m, "x")); /* empty map, no table yet */
    assert_null(og_hmap_dels(&m, "x"));
    assert_null(og_hmap_puts(&m, "alpha", &a));
    assert_null(og_hmap_puts(&m, "beta", &b));
    assert_int_equal(m.count, 2);
    assert_ptr_equal(og_hmap_gets(&m, "alpha"), &a);
    assert_ptr_equal(og_hmap_gets(&m, "beta"), &b);
    assert_null(og_hmap_gets(&m, "gamma"));
    assert_null(og_hmap_gets(&m, "alph"));   /* prefix */
    assert_null(og_hmap_gets(&m, "alphaa")); /* extension */

    /* overwrite returns the old value and keeps the count */
    assert_ptr_equal(og_hmap_puts(&m, "alpha", &c), &a);
    assert_int_equal(m.count, 2);
    assert_ptr_equal(og_hmap_gets(&m, "alpha"), &c);

    /* delete returns the value; a second delete finds nothing */
    assert_ptr_equal(og_hmap_dels(&m, "alpha"), &c);
    assert_int_equal(m.count, 1);
    assert_null(og_hmap_gets(&m, "alpha"));
    assert_null(og_hmap_dels(&m, "alpha"));
    assert_ptr_equal(og_hmap_gets(&m, "beta"), &b);

    /* re-insert after delete */
    assert_null(og_hmap_puts(&m, "alpha", &a));
    assert_ptr_equal(og_hmap_gets(&m, "alpha"), &a);
    og_hmap_free(&m);
    assert_int_equal(m.count, 0);
    assert_int_equal(m.cap, 0);
    /* reusable after free */
    assert_null(og_hmap_puts(&m, "z", &a));
    assert_ptr_equal(og_hmap_gets(&m, "z"), &a);
    og_hmap_free(&m);
}

static void test_key_is_copied(void **state)
{
    og_hmap m = OG_HMAP_INIT;
    char key[16] = "mutable";
    int v = 7;
    og_hmap_puts(&m, key, &v);
    strcpy(key, "changed");
    assert_ptr_equal(og_hmap_gets(&m, "mutable"), &v);
    assert_null(og_hmap_gets(&m, "changed"));
    og_hmap_free(&m);
}

static void test_empty_and_binary_keys(void **state)
{
    og_hmap m = OG_HMAP_INIT;
    int e = 1, n1 = 2, n2 = 3, n3 = 4, z = 5;
    /* the empty key is a key */
    assert_null(og_hmap_put(&m, "", 0, &e));
    assert_ptr_equal(og_hmap_get(&m, "", 0), &e);
    /* keys that differ only after a NUL, or only in length of NULs */
    assert_null(og_hmap_put(&m, "a\0b", 3, &n1));
    assert_null(og_hmap_put(&m, "a\0c", 3, &n2));
    assert_null(og_hmap_put(&m, "a", 1, &n3));
    assert_null(og_hmap_put(&m, "\0", 1, &z));
    assert_int_equal(m.count, 5);
    assert_ptr_equal(og_hmap_get(&m, "a\0b", 3), &n1);
    assert_ptr_equal(og_hmap_get(&m, "a\0c", 3), &n2);
    assert_ptr_equal(og_hmap_get(&m, "a", 1), &n3);
    assert_ptr_equal(og_hmap_get(&m, "\0", 1), &z);
    assert_ptr_equal(og_hmap_get(&m, "", 0), &e);
    assert_null(og_hmap_get(&m, "a\0", 2));
    assert_null(og_hmap_get(&m, "\0\0", 2));
    /* the string helpers stop at the NUL */
    assert_ptr_equal(og_hmap_gets(&m, "a"), &n3);

    /* 8-byte binary keys with every byte value, e.g. packed integers */
    for (uint64_t i = 0; i < 1000; i++) {
        uint8_t k[8];
        for (int j = 0; j < 8; j++)
            k[j] = (uint8_t)((i * 0x0101010101010101ull) >> (8 * j)) ^ (uint8_t)j;
        assert_null(og_hmap_put(&m, k, 8, VAL(i)));
    }
    for (uint64_t i = 0; i < 1000; i++) {
        uint8_t k[8];
        for (int j = 0; j < 8; j++)
            k[j] = (uint8_t)((i * 0x0101010101010101ull) >> (8 * j)) ^ (uint8_t)j;
        assert_ptr_equal(og_hmap_get(&m, k, 8), VAL(i));
    }
    assert_ptr_equal(og_hmap_del(&m, "a\0b", 3), &n1);
    assert_ptr_equal(og_hmap_get(&m, "a\0c", 3), &n2);
    assert_null(og_hmap_get(&m, "a\0b", 3));
    og_hmap_free(&m);
}

static void test_many_keys_growth(void **state)
{
    enum { N = 10000 };
    og_hmap m = OG_HMAP_INIT;
    char k[32];
    size_t last_cap = 0;
    int grew = 0;
    for (size_t i = 0; i < N; i++) {
        size_t n = key_of(i, k);
        assert_null(og_hmap_put(&m, k, n, VAL(i)));
        assert_int_equal(m.count, i + 1);
        /* capacity stays a power of two and the load at most 3/4 */
        assert_true(m.cap && (m.cap & (m.cap - 1)) == 0);
        assert_true(m.count * 4 <= m.cap * 3);
        if (m.cap != last_cap) {
            grew++;
            last_cap = m.cap;
        }
    }
    assert_true(grew >= 10); /* 8 -> 16384 */
    for (size_t i = 0; i < N; i++) {
        size_t n = key_of(i, k);
        if (og_hmap_get(&m, k, n) != VAL(i))
            fail_msg("key %s lost after growth", k);
    }
    assert_null(og_hmap_gets(&m, "key-10000"));
    /* overwrite all: count unchanged */
    for (size_t i = 0; i < N; i++) {
        size_t n = key_of(i, k);
        assert_ptr_equal(og_hmap_put(&m, k, n, VAL(i + N)), VAL(i));
    }
    assert_int_equal(m.count, N);
    assert_ptr_equal(og_hmap_gets(&m, "key-1234"), VAL(1234 + N));
    og_hmap_free(&m);
}

/* ---------------------------------------------------------------- deletion */

/* Check the map against the model: present[i] says whether key i must be there. */
static void check_model(const og_hmap *m, const bool *present, size_t n)
{
    char k[32];
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t kl = key_of(i, k);
        void *v = og_hmap_get(m, k, kl);
        if (present[i] && v != VAL(i))
            fail_msg("key %s unreachable (got %p)", k, v);
        if (!present[i] && v)
            fail_msg("deleted key %s still found", k);
        count += present[i];
    }
    assert_int_equal(m->count, count);
}

typedef enum { ORDER_FORWARD, ORDER_BACKWARD, ORDER_STRIDE, ORDER_RANDOM } del_order;

static void delete_in_order(size_t n, del_order order, unsigned seed)
{
    og_hmap m = OG_HMAP_INIT;
    bool *present = calloc(n, sizeof(bool));
    size_t *seq = malloc(n * sizeof(size_t));
    assert_non_null(present);
    assert_non_null(seq);
    char k[32];
    for (size_t i = 0; i < n; i++) {
        size_t kl = key_of(i, k);
        og_hmap_put(&m, k, kl, VAL(i));
        present[i] = true;
    }
    for (size_t i = 0; i < n; i++)
        seq[i] = i;
    if (order == ORDER_BACKWARD) {
        for (size_t i = 0; i < n; i++)
            seq[i] = n - 1 - i;
    } else if (order == ORDER_STRIDE) {
        /* every 7th first, then the rest: many holes in the middle of runs */
        size_t j = 0;
        for (size_t s = 0; s < 7; s++)
            for (size_t i = s; i < n; i += 7)
                seq[j++] = i;
    } else if (order == ORDER_RANDOM) {
        srand(seed);
        for (size_t i = n - 1; i > 0; i--) {
            size_t r = (size_t)rand() % (i + 1);
            size_t t = seq[i];
            seq[i] = seq[r];
            seq[r] = t;
        }
    }
    size_t check_every = n / 50 ? n / 50 : 1;
    for (size_t j = 0; j < n; j++) {
        size_t i = seq[j];
        size_t kl = key_of(i, k);
        if (og_hmap_del(&m, k, kl) != VAL(i))
            fail_msg("delete of %s (step %zu, order %d) did not return its value", k, j, order);
        present[i] = false;
        /* deleting again is a no-op */
        assert_null(og_hmap_del(&m, k, kl));
        if (j % check_every == 0 || j + 1 == n)
            check_model(&m, present, n);
    }
    assert_int_equal(m.count, 0);
    size_t it = 0;
    assert_false(og_hmap_next(&m, &it, NULL, NULL, NULL));
    og_hmap_free(&m);
    free(present);
    free(seq);
}

static void test_delete_orders(void **state)
{
    /* sizes just below and above a resize threshold, small and large */
    const size_t sizes[] = {5, 6, 7, 12, 13, 100, 3000};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        delete_in_order(sizes[s], ORDER_FORWARD, 0);
        delete_in_order(sizes[s], ORDER_BACKWARD, 0);
        delete_in_order(sizes[s], ORDER_STRIDE, 0);
        for (unsigned seed = 1; seed <= 5; seed++)
            delete_in_order(sizes[s], ORDER_RANDOM, seed);
    }
}

/* Interleaved puts and deletes against a model, at a steady high load. */
static void test_churn(void **state)
{
    enum { N = 2000 };
    og_hmap m = OG_HMAP_INIT;
    bool present[N] = {false};
    char k[32];
    srand(42);
    for (int step = 0; step < 100000; step++) {
        size_t i = (size_t)rand() % N;
        size_t kl = key_of(i, k);
        if (present[i]) {
            assert_ptr_equal(og_hmap_del(&m, k, kl), VAL(i));
            present[i] = false;
        } else {
            assert_null(og_hmap_put(&m, k, kl, VAL(i)));
            present[i] = true;
        }
        if (step % 5000 == 0)
            check_model(&m, present, N);
    }
    check_model(&m, present, N);
    og_hmap_free(&m);
}

/* Keys chosen to share the home slot of a small table: one long probe run
 * that wraps around the end of the table, then deleted from its middle. */
static void test_delete_wrapping_run(void **state)
{
    /* find keys whose FNV-1a hash lands in the last slots of a 16-slot table */
    og_hmap probe = OG_HMAP_INIT;
    char k[32];
    size_t picked[11];
    size_t npicked = 0;
    for (size_t i = 0; npicked < 11 && i < 100000; i++) {
        size_t kl = key_of(i, k);
        og_hmap_put(&probe, k, kl, VAL(i));
        og_hmap_slot *s = NULL;
        for (size_t j = 0; j < probe.cap; j++)
            if (probe.slots[j].key && probe.slots[j].klen == kl && !memcmp(probe.slots[j].key, k, kl))
                s = &probe.slots[j];
        assert_non_null(s);
        if ((s->hash & 15) >= 14)
            picked[npicked++] = i;
        og_hmap_del(&probe, k, kl);
    }
    og_hmap_free(&probe);
    assert_int_equal(npicked, 11);

    /* 11 keys in a 16-slot table (grows 8 -> 16 at the 7th): a run from slot 14 wrapping to slot 8 */
    for (size_t victim = 0; victim < 11; victim++) {
        og_hmap m = OG_HMAP_INIT;
        for (size_t j = 0; j < 11; j++) {
            size_t kl = key_of(picked[j], k);
            og_hmap_put(&m, k, kl, VAL(picked[j]));
        }
        assert_int_equal(m.cap, 16);
        /* slots 14, 15 and 0 onward are occupied: the run wraps */
        assert_non_null(m.slots[15].key);
        assert_non_null(m.slots[0].key);
        size_t kl = key_of(picked[victim], k);
        assert_ptr_equal(og_hmap_del(&m, k, kl), VAL(picked[victim]));
        for (size_t j = 0; j < 11; j++) {
            kl = key_of(picked[j], k);
            void *v = og_hmap_get(&m, k, kl);
            if (j == victim)
                assert_null(v);
            else if (v != VAL(picked[j]))
                fail_msg("after deleting #%zu of a wrapping run, key %s is unreachable", victim, k);
        }
        og_hmap_free(&m);
    }
}

/* ---------------------------------------------------------------- iteration */

static void test_iteration(void **state)
{
    enum { N = 1500 };
    og_hmap m = OG_HMAP_INIT;
    char k[32];
    size_t it = 0;
    assert_false(og_hmap_next(&m, &it, NULL, NULL, NULL)); /* empty, no table */
    for (size_t i = 0; i < N; i++) {
        size_t kl = key_of(i, k);
        og_hmap_put(&m, k, kl, VAL(i));
    }
    /* delete a third so the table has holes */
    for (size_t i = 0; i < N; i += 3) {
        size_t kl = key_of(i, k);
        og_hmap_del(&m, k, kl);
    }
    int seen[N] = {0};
    it = 0;
    const void *key;
    size_t klen;
    void *value;
    size_t visits = 0;
    while (og_hmap_next(&m, &it, &key, &klen, &value)) {
        size_t i = (size_t)(uintptr_t)value - 1;
        assert_true(i < N);
        size_t kl = key_of(i, k);
        assert_int_equal(klen, kl);
        assert_memory_equal(key, k, kl);
        seen[i]++;
        visits++;
    }
    assert_int_equal(visits, m.count);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(seen[i], i % 3 == 0 ? 0 : 1);
    /* at the end, it stays at the end */
    assert_false(og_hmap_next(&m, &it, &key, &klen, &value));
    og_hmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_key_is_copied),
        cmocka_unit_test(test_empty_and_binary_keys),
        cmocka_unit_test(test_many_keys_growth),
        cmocka_unit_test(test_delete_orders),
        cmocka_unit_test(test_churn),
        cmocka_unit_test(test_delete_wrapping_run),
        cmocka_unit_test(test_iteration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
