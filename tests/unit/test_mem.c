/*
 * tests/unit/test_mem.c - orm/mem: arenas and og_buf.
 *
 * Under AddressSanitizer every allocation is also written in full, so an
 * arena handing out overlapping or short blocks shows up as a corrupted
 * pattern or a heap overflow, not just as a wrong pointer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "orm/mem.h"

/* ---------------------------------------------------------------- arena */

static void test_arena_alignment(void **state)
{
    og_arena a;
    og_arena_init(&a);
    assert_null(a.head);
    assert_int_equal(a.total, 0);
    /* odd sizes, including 0 and 1, interleaved with larger ones */
    const size_t sizes[] = {1, 0, 3, 7, 15, 16, 17, 31, 33, 100, 511, 513, 1, 2000, 5};
    for (int round = 0; round < 50; round++)
        for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            void *p = og_arena_alloc(&a, sizes[i]);
            assert_non_null(p);
            if ((uintptr_t)p % 16 != 0)
                fail_msg("allocation of %zu bytes at %p is not 16-byte aligned", sizes[i], p);
            memset(p, 0xab, sizes[i]);
        }
    og_arena_reset(&a);
}

/* Allocations never overlap: fill each with its own byte, then check all. */
static void test_arena_no_overlap(void **state)
{
    enum { N = 3000 };
    og_arena a;
    og_arena_init(&a);
    uint8_t *ptrs[N];
    size_t lens[N];
    for (size_t i = 0; i < N; i++) {
        lens[i] = (i * 37) % 700 + 1;
        ptrs[i] = og_arena_alloc(&a, lens[i]);
        memset(ptrs[i], (int)(i & 0xff), lens[i]);
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < lens[i]; j++)
            if (ptrs[i][j] != (uint8_t)(i & 0xff))
                fail_msg("allocation %zu was overwritten at byte %zu", i, j);
    og_arena_reset(&a);
}

static void test_arena_large(void **state)
{
    og_arena a;
    og_arena_init(&a);
    char *small1 = og_arena_alloc(&a, 10);
    memcpy(small1, "before", 7);
    /* far larger than any block */
    size_t big = 8u * 1024 * 1024;
    uint8_t *p = og_arena_alloc(&a, big);
    assert_non_null(p);
    assert_true((uintptr_t)p % 16 == 0);
    memset(p, 0x5a, big);
    assert_true(a.total >= big);
    /* the current block keeps serving small allocations */
    char *small2 = og_arena_alloc(&a, 10);
    memcpy(small2, "after", 6);
    assert_string_equal(small1, "before");
    assert_int_equal(p[0], 0x5a);
    assert_int_equal(p[big - 1], 0x5a);
    /* several large ones in a row */
    uint8_t *q[4];
    for (int i = 0; i < 4; i++) {
        q[i] = og_arena_alloc(&a, 300000 + (size_t)i);
        memset(q[i], i, 300000 + (size_t)i);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(q[i][299999 + i], i);
    /* zalloc of a large size is zeroed */
    uint8_t *z = og_arena_zalloc(&a, 1 << 20);
    for (size_t i = 0; i < (1u << 20); i += 4096)
        assert_int_equal(z[i], 0);
    assert_int_equal(z[(1 << 20) - 1], 0);
    og_arena_reset(&a);
    assert_null(a.head);
    assert_int_equal(a.total, 0);
}

static void test_arena_zalloc(void **state)
{
    og_arena a;
    og_arena_init(&a);
    /* dirty a block, reset, and allocate again: zalloc must still zero */
    for (int i = 0; i < 10; i++)
        memset(og_arena_alloc(&a, 100), 0xff, 100);
    uint8_t *z = og_arena_zalloc(&a, 333);
    for (int i = 0; i < 333; i++)
        assert_int_equal(z[i], 0);
    og_arena_reset(&a);
}

static void test_arena_strings(void **state)
{
    og_arena a;
    og_arena_init(&a);
    char src[] = "hello";
    char *s = og_arena_strdup(&a, src);
    assert_string_equal(s, "hello");
    assert_ptr_not_equal(s, src);
    src[0] = 'j';
    assert_string_equal(s, "hello");
    assert_null(og_arena_strdup(&a, NULL));
    assert_string_equal(og_arena_strdup(&a, ""), "");

    /* memdup copies exactly n bytes (NULs included) and terminates */
    char *m = og_arena_memdup(&a, "ab\0cdXYZ", 5);
    assert_memory_equal(m, "ab\0cd", 5);
    assert_int_equal(m[5], '\0');
    char *e = og_arena_memdup(&a, NULL, 0);
    assert_non_null(e);
    assert_int_equal(e[0], '\0');

    char *f = og_arena_printf(&a, "%s-%d-%05.1f", "x", -42, 3.14159);
    assert_string_equal(f, "x--42-003.1");
    assert_string_equal(og_arena_printf(&a, "%s", ""), "");
    /* longer than the first block */
    char *longs = og_arena_printf(&a, "%3000d|", 7);
    assert_int_equal(strlen(longs), 3001);
    assert_int_equal(longs[2999], '7');
    assert_int_equal(longs[3000], '|');
    og_arena_reset(&a);
}

static void test_arena_reset_reuse(void **state)
{
    og_arena a;
    og_arena_init(&a);
    for (int cycle = 0; cycle < 20; cycle++) {
        for (int i = 0; i < 200; i++) {
            char *s = og_arena_printf(&a, "cycle %d item %d", cycle, i);
            assert_non_null(s);
        }
        assert_true(a.total > 0);
        og_arena_reset(&a);
        assert_null(a.head);
        assert_int_equal(a.total, 0);
    }
    /* resetting an empty arena is fine */
    og_arena_reset(&a);
    og_arena_reset(&a);
}

/* ---------------------------------------------------------------- og_buf */

static void test_buf_append(void **state)
{
    og_buf b = OG_BUF_INIT;
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    og_buf_append(&b, "abc", 3);
    og_buf_append(&b, NULL, 0); /* no-op */
    og_buf_putc(&b, 'd');
    og_buf_puts(&b, "ef");
    og_buf_putcstr(&b, "gh");
    assert_int_equal(b.len, 9);
    assert_memory_equal(b.data, "abcdefgh\0", 9);
    assert_true(b.cap > b.len);

    /* growth well past the first allocation keeps the content */
    for (int i = 0; i < 100000; i++)
        og_buf_putc(&b, (uint8_t)('a' + i % 26));
    assert_int_equal(b.len, 100009);
    assert_memory_equal(b.data, "abcdefgh\0", 9);
    assert_int_equal(b.data[9 + 99999], 'a' + 99999 % 26);

    og_buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_non_null(b.data); /* keeps its memory */
    og_buf_puts(&b, "x");
    assert_string_equal(og_buf_cstr(&b), "x");
    og_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.cap, 0);
    /* usable again after free */
    og_buf_puts(&b, "again");
    assert_string_equal(og_buf_cstr(&b), "again");
    og_buf_free(&b);
}

static void test_buf_big_append(void **state)
{
    og_buf b = OG_BUF_INIT;
    size_t n = 5u * 1000 * 1000;
    uint8_t *src = malloc(n);
    assert_non_null(src);
    for (size_t i = 0; i < n; i++)
        src[i] = (uint8_t)(i * 7);
    og_buf_putc(&b, 1);
    og_buf_append(&b, src, n);
    assert_int_equal(b.len, n + 1);
    assert_memory_equal(b.data + 1, src, n);
    free(src);
    og_buf_free(&b);
}

static void test_buf_printf(void **state)
{
    og_buf b = OG_BUF_INIT;
    og_buf_printf(&b, "%d", 12);
    og_buf_printf(&b, "+%s=%u", "x", 30u);
    assert_int_equal(b.len, strlen("12+x=30"));
    assert_string_equal(og_buf_cstr(&b), "12+x=30");
    og_buf_printf(&b, "%s", "");
    assert_int_equal(b.len, 7);
    /* a long expansion forcing growth in the middle of the buffer's life */
    og_buf_printf(&b, "%5000s", "end");
    assert_int_equal(b.len, 5007);
    assert_memory_equal(b.data + 5004, "end", 3);
    assert_int_equal(b.data[7], ' ');
    assert_int_equal(strlen(og_buf_cstr(&b)), 5007);
    og_buf_free(&b);
}

static void test_buf_integers(void **state)
{
    og_buf b = OG_BUF_INIT;
    og_buf_put16(&b, 0x1234);
    og_buf_put32(&b, 0x89abcdefu);
    og_buf_put64(&b, 0x0102030405060708ull);
    og_buf_put16(&b, 0xffff);
    og_buf_put32(&b, 0);
    static const uint8_t want[] = {0x12, 0x34, 0x89, 0xab, 0xcd, 0xef, 1, 2, 3, 4,
                                   5,    6,    7,    8,    0xff, 0xff, 0, 0, 0, 0};
    assert_int_equal(b.len, sizeof(want));
    assert_memory_equal(b.data, want, sizeof(want));
    /* and the readers give the values back */
    assert_int_equal(og_get16(b.data), 0x1234);
    assert_int_equal(og_get32(b.data + 2), 0x89abcdefu);
    assert_true(og_get64(b.data + 6) == 0x0102030405060708ull);
    assert_int_equal(og_get16(b.data + 14), 0xffff);
    og_buf_put64(&b, UINT64_MAX);
    assert_true(og_get64(b.data + 20) == UINT64_MAX);
    og_buf_free(&b);
}

static void test_buf_set32(void **state)
{
    og_buf b = OG_BUF_INIT;
    og_buf_putc(&b, 'X');
    size_t off = b.len;
    og_buf_put32(&b, 0);
    og_buf_puts(&b, "payload");
    og_buf_set32(&b, off, (uint32_t)(b.len - off));
    assert_int_equal(b.len, 12);
    assert_memory_equal(b.data, "X\0\0\0\x0bpayload", 12);
    /* at the very end of the content */
    og_buf_set32(&b, b.len - 4, 0xa1b2c3d4u);
    assert_memory_equal(b.data + 8, "\xa1\xb2\xc3\xd4", 4);
    assert_int_equal(b.len, 12);
    og_buf_free(&b);
}

static void test_buf_cstr(void **state)
{
    og_buf b = OG_BUF_INIT;
    /* an empty, never-allocated buffer still gives a string */
    char *s = og_buf_cstr(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(b.len, 0);
    /* fill to exactly the capacity minus one, the NUL must still fit */
    og_buf_clear(&b);
    while (b.len + 1 < b.cap)
        og_buf_putc(&b, 'q');
    size_t len = b.len;
    s = og_buf_cstr(&b);
    assert_int_equal(strlen(s), len);
    assert_int_equal(b.len, len); /* the NUL is not counted */
    /* cstr does not disturb later appends */
    og_buf_putc(&b, 'z');
    assert_int_equal(b.data[len], 'z');
    assert_int_equal(strlen(og_buf_cstr(&b)), len + 1);
    /* bytes with embedded NULs: cstr terminates after len, strlen stops early */
    og_buf_clear(&b);
    og_buf_append(&b, "a\0b", 3);
    s = og_buf_cstr(&b);
    assert_int_equal(b.len, 3);
    assert_int_equal(s[3], '\0');
    og_buf_free(&b);
}

static void test_buf_reserve(void **state)
{
    og_buf b = OG_BUF_INIT;
    og_buf_reserve(&b, 1000);
    assert_true(b.cap >= 1001);
    assert_int_equal(b.len, 0);
    uint8_t *before = b.data;
    /* writing into reserved space does not move the buffer */
    for (int i = 0; i < 1000; i++)
        og_buf_putc(&b, 'r');
    assert_ptr_equal(b.data, before);
    og_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alignment),  cmocka_unit_test(test_arena_no_overlap),
        cmocka_unit_test(test_arena_large),      cmocka_unit_test(test_arena_zalloc),
        cmocka_unit_test(test_arena_strings),    cmocka_unit_test(test_arena_reset_reuse),
        cmocka_unit_test(test_buf_append),       cmocka_unit_test(test_buf_big_append),
        cmocka_unit_test(test_buf_printf),       cmocka_unit_test(test_buf_integers),
        cmocka_unit_test(test_buf_set32),        cmocka_unit_test(test_buf_cstr),
        cmocka_unit_test(test_buf_reserve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
