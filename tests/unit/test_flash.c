/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for core/flash.c: geometry queries on every chip map, the F429 bank
 * boundary, addresses near 0xFFFFFFFF, and the helpers over a mock device. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "chips/geometry.h"
#include "flash.h"

#define K(n) ((uint32_t)(n) * 1024u)

/* Expected maps, written out from docs/HARDWARE.md "Flash sector maps". */
static const uint32_t f4_starts[12] = {
    0x08000000, 0x08004000, 0x08008000, 0x0800C000, 0x08010000, 0x08020000,
    0x08040000, 0x08060000, 0x08080000, 0x080A0000, 0x080C0000, 0x080E0000,
};
static const uint32_t f4_sizes[12] = { K(16), K(16), K(16), K(16), K(64), K(128),
                                       K(128), K(128), K(128), K(128), K(128), K(128) };
static const uint32_t f7_starts[8] = { 0x08000000, 0x08008000, 0x08010000, 0x08018000,
                                       0x08020000, 0x08040000, 0x08080000, 0x080C0000 };
static const uint32_t f7_sizes[8] = { K(32), K(32), K(32), K(32), K(128), K(256), K(256), K(256) };

/* Every sector: sector_at and sector_of agree on its first and last byte. */
static void check_map(const ob_flash_geom *g, uint32_t n, const uint32_t *starts,
                      const uint32_t *sizes)
{
    assert_int_equal(ob_flash_sector_count(g), n);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t start = 0, size = 0, idx = 99;
        assert_int_equal(ob_flash_sector_at(g, i, &start, &size), OB_OK);
        assert_int_equal(start, starts[i] - 0x08000000u + g->base); /* QEMU maps are moved */
        assert_int_equal(size, sizes[i]);
        assert_int_equal(ob_flash_sector_of(g, start, &idx, &start, &size), OB_OK);
        assert_int_equal(idx, i);
        assert_int_equal(ob_flash_sector_of(g, start + size - 1, &idx, NULL, NULL), OB_OK);
        assert_int_equal(idx, i);
        assert_true(ob_flash_is_sector_aligned(g, start, size));
        assert_false(ob_flash_is_sector_aligned(g, start + 4, size - 4));
    }
    assert_int_equal(ob_flash_sector_at(g, n, NULL, NULL), OB_ERR_RANGE);
}

static void test_f2_f4_maps(void **state)
{
    (void)state;
    check_map(&ob_geom_stm32f2_1m, 12, f4_starts, f4_sizes);
    check_map(&ob_geom_stm32f40x_1m, 12, f4_starts, f4_sizes);
    check_map(&ob_geom_mps2_an386, 12, f4_starts, f4_sizes);
    assert_int_equal(ob_flash_total_size(&ob_geom_stm32f40x_1m), K(1024));
    assert_int_equal(ob_geom_mps2_an386.base, 0x21000000u);
}

static void test_f7_map(void **state)
{
    (void)state;
    check_map(&ob_geom_stm32f74x_1m, 8, f7_starts, f7_sizes);
    check_map(&ob_geom_mps2_an500, 8, f7_starts, f7_sizes);
    assert_int_equal(ob_flash_total_size(&ob_geom_stm32f74x_1m), K(1024));
}

static void test_f429_banks(void **state)
{
    (void)state;
    const ob_flash_geom *g = &ob_geom_stm32f42x_2m;
    uint32_t starts[24], sizes[24];
    for (int i = 0; i < 24; i++) {
        starts[i] = f4_starts[i % 12] + (i >= 12 ? 0x00100000u : 0);
        sizes[i] = f4_sizes[i % 12];
    }
    check_map(g, 24, starts, sizes);
    assert_int_equal(ob_flash_total_size(g), K(2048));
    /* The last byte of bank 1 and the first of bank 2. */
    uint32_t idx, start, size;
    assert_int_equal(ob_flash_sector_of(g, 0x080FFFFF, &idx, &start, &size), OB_OK);
    assert_int_equal(idx, 11);
    assert_int_equal(start, 0x080E0000);
    assert_int_equal(size, K(128));
    assert_int_equal(ob_flash_sector_of(g, 0x08100000, &idx, &start, &size), OB_OK);
    assert_int_equal(idx, 12);
    assert_int_equal(size, K(16));
    assert_int_equal(ob_flash_sector_of(g, 0x081FFFFF, &idx, NULL, NULL), OB_OK);
    assert_int_equal(idx, 23);
    assert_true(ob_flash_is_sector_aligned(g, 0x080E0000, 0x00040000)); /* across the banks */
    assert_true(ob_flash_is_sector_aligned(g, 0x08020000, K(1920)));   /* up to the end */
    assert_false(ob_flash_is_sector_aligned(g, 0x08020000, K(1920) + 4));
}

static void test_out_of_range(void **state)
{
    (void)state;
    const ob_flash_geom *g = &ob_geom_stm32f40x_1m;
    uint32_t idx = 77;
    assert_int_equal(ob_flash_sector_of(g, 0x07FFFFFF, &idx, NULL, NULL), OB_ERR_RANGE);
    assert_int_equal(ob_flash_sector_of(g, 0x08100000, &idx, NULL, NULL), OB_ERR_RANGE);
    assert_int_equal(ob_flash_sector_of(g, 0, &idx, NULL, NULL), OB_ERR_RANGE);
    assert_int_equal(ob_flash_sector_of(g, 0xFFFFFFFF, &idx, NULL, NULL), OB_ERR_RANGE);
    assert_int_equal(idx, 77); /* untouched on failure */
    assert_int_equal(ob_flash_sector_of(NULL, 0x08000000, NULL, NULL, NULL), OB_ERR_RANGE);
    assert_int_equal(ob_flash_sector_at(NULL, 0, NULL, NULL), OB_ERR_RANGE);
    assert_int_equal(ob_flash_sector_at(g, 0xFFFFFFFF, NULL, NULL), OB_ERR_RANGE);
    assert_int_equal(ob_flash_total_size(NULL), 0);
    assert_int_equal(ob_flash_sector_count(NULL), 0);
    assert_false(ob_flash_is_sector_aligned(g, 0x08000000, 0));          /* empty */
    assert_false(ob_flash_is_sector_aligned(g, 0x08000000, 0xFFFFFFFF)); /* past the end */
    assert_false(ob_flash_is_sector_aligned(g, 0x080E0000, 0xFFFFFFFF)); /* would wrap */
    assert_false(ob_flash_is_sector_aligned(g, 0x07FFC000, K(32)));      /* starts below */
    assert_false(ob_flash_is_sector_aligned(NULL, 0x08000000, K(16)));
}

static void test_erase_ms(void **state)
{
    (void)state;
    assert_int_equal(ob_flash_erase_ms(&ob_geom_stm32f40x_1m, 0x08000000), 250);
    assert_int_equal(ob_flash_erase_ms(&ob_geom_stm32f40x_1m, 0x0801FFFF), 550);
    assert_int_equal(ob_flash_erase_ms(&ob_geom_stm32f40x_1m, 0x080FFFFF), 1000);
    assert_int_equal(ob_flash_erase_ms(&ob_geom_stm32f40x_1m, 0x08100000), 0);
    assert_int_equal(ob_flash_erase_ms(&ob_geom_stm32f42x_2m, 0x08110000), 550);
    assert_int_equal(ob_flash_erase_ms(&ob_geom_stm32f74x_1m, 0x08018000), 250);
    assert_int_equal(ob_flash_erase_ms(&ob_geom_stm32f74x_1m, 0x08020000), 1000);
    assert_int_equal(ob_flash_erase_ms(&ob_geom_stm32f74x_1m, 0x080C0000), 1000);
    assert_int_equal(ob_geom_stm32f74x_1m.prog_align, 4);
    assert_int_equal(ob_geom_stm32f74x_1m.prog_word_us, 16);
}

/* A chip that ends exactly at the top of the address space. */
static const ob_sector_run top_runs[] = { { 2, 0x4000, 10 }, { 1, 0x8000, 20 } };
static const ob_flash_geom top_geom = { "top", 0xFFFF0000u, top_runs, 2, 4, 1 };

static void test_top_of_address_space(void **state)
{
    (void)state;
    const ob_flash_geom *g = &top_geom;
    uint32_t idx, start, size;
    assert_int_equal(ob_flash_total_size(g), 0x10000);
    assert_int_equal(ob_flash_sector_of(g, 0xFFFFFFFF, &idx, &start, &size), OB_OK);
    assert_int_equal(idx, 2);
    assert_int_equal(start, 0xFFFF8000u);
    assert_int_equal(size, 0x8000);
    assert_int_equal(ob_flash_sector_at(g, 2, &start, NULL), OB_OK);
    assert_int_equal(start, 0xFFFF8000u);
    assert_true(ob_flash_is_sector_aligned(g, 0xFFFF8000u, 0x8000));
    assert_true(ob_flash_is_sector_aligned(g, 0xFFFF0000u, 0x10000));
    assert_false(ob_flash_is_sector_aligned(g, 0xFFFF8000u, 0x8004));
    assert_false(ob_flash_is_sector_aligned(g, 0xFFFF8000u, 0xFFFFFFFF));
    assert_int_equal(ob_flash_erase_ms(g, 0xFFFFFFFF), 20);
}

/* A mock device: RAM buffer, records erases, can fail the n-th erase or any read. */
typedef struct {
    uint8_t mem[0x10000];
    uint32_t erased[32];
    int nerased;
    int fail_erase_at; /* -1: never */
    int fail_read;
    int reads;
} mock;

static int m_read(ob_flash *f, uint32_t addr, void *dst, uint32_t len)
{
    mock *m = f->ctx;
    m->reads++;
    if (m->fail_read)
        return OB_ERR_FLASH;
    memcpy(dst, m->mem + (addr - f->geom->base), len);
    return OB_OK;
}

static int m_erase(ob_flash *f, uint32_t addr)
{
    mock *m = f->ctx;
    if (m->nerased == m->fail_erase_at)
        return OB_ERR_FLASH;
    m->erased[m->nerased++] = addr;
    return OB_OK;
}

static mock mk;

static ob_flash mock_dev(const ob_flash_geom *g, int mapped)
{
    memset(&mk, 0xFF, sizeof mk.mem);
    mk.nerased = 0;
    mk.fail_erase_at = -1;
    mk.fail_read = 0;
    mk.reads = 0;
    ob_flash f = { g, m_read, NULL, m_erase, mapped ? mk.mem : NULL, &mk };
    return f;
}

static void test_erase_range(void **state)
{
    (void)state;
    ob_flash f = mock_dev(&ob_geom_stm32f42x_2m, 0);
    /* Across the bank boundary: 11 (128K), 12-15 (16K), 16 (64K). */
    assert_int_equal(ob_flash_erase_range(&f, 0x080E0000, 0x40000), OB_OK);
    assert_int_equal(mk.nerased, 6);
    assert_int_equal(mk.erased[0], 0x080E0000);
    assert_int_equal(mk.erased[1], 0x08100000);
    assert_int_equal(mk.erased[4], 0x0810C000);
    assert_int_equal(mk.erased[5], 0x08110000);
    /* A length ending inside a sector erases that whole sector. */
    f = mock_dev(&ob_geom_stm32f40x_1m, 0);
    assert_int_equal(ob_flash_erase_range(&f, 0x08000000, 0x4001), OB_OK);
    assert_int_equal(mk.nerased, 2);
    assert_int_equal(mk.erased[1], 0x08004000);
    /* Nothing to do. */
    f = mock_dev(&ob_geom_stm32f40x_1m, 0);
    assert_int_equal(ob_flash_erase_range(&f, 0x08004000, 0), OB_OK);
    assert_int_equal(mk.nerased, 0);
    /* Bad ranges erase nothing. */
    assert_int_equal(ob_flash_erase_range(&f, 0x08004004, 4), OB_ERR_ALIGN);
    assert_int_equal(ob_flash_erase_range(&f, 0x080E0000, 0x20001), OB_ERR_RANGE);
    assert_int_equal(ob_flash_erase_range(&f, 0x080E0000, 0xFFFFFFFF), OB_ERR_RANGE);
    assert_int_equal(ob_flash_erase_range(&f, 0x07FFC000, 0x8000), OB_ERR_RANGE);
    assert_int_equal(mk.nerased, 0);
    assert_int_equal(ob_flash_erase_range(NULL, 0x08000000, 4), OB_ERR_ARG);
    /* The whole chip, then a failure stops the walk. */
    assert_int_equal(ob_flash_erase_range(&f, 0x08000000, K(1024)), OB_OK);
    assert_int_equal(mk.nerased, 12);
    f = mock_dev(&ob_geom_stm32f40x_1m, 0);
    mk.fail_erase_at = 2;
    assert_int_equal(ob_flash_erase_range(&f, 0x08000000, K(1024)), OB_ERR_FLASH);
    assert_int_equal(mk.nerased, 2);
    /* Up to the very top of the address space. */
    f = mock_dev(&top_geom, 0);
    assert_int_equal(ob_flash_erase_range(&f, 0xFFFF4000u, 0xC000), OB_OK);
    assert_int_equal(mk.nerased, 2);
    assert_int_equal(mk.erased[1], 0xFFFF8000u);
}

static void test_read(void **state)
{
    (void)state;
    uint8_t buf[8];
    for (int mapped = 0; mapped < 2; mapped++) {
        ob_flash f = mock_dev(&top_geom, mapped);
        mk.mem[0xFFFC] = 0x12;
        mk.mem[0xFFFF] = 0x34;
        assert_int_equal(ob_flash_read(&f, 0xFFFFFFFC, buf, 4), OB_OK);
        assert_int_equal(buf[0], 0x12);
        assert_int_equal(buf[3], 0x34);
        assert_int_equal(mk.reads, mapped ? 0 : 1);
        assert_int_equal(ob_flash_read(&f, 0xFFFFFFFC, buf, 8), OB_ERR_RANGE);
        assert_int_equal(ob_flash_read(&f, 0xFFFEFFFF, buf, 1), OB_ERR_RANGE);
        assert_int_equal(ob_flash_read(&f, 0xFFFF0000, NULL, 0), OB_OK);
        assert_int_equal(ob_flash_read(&f, 0xFFFF0000, NULL, 4), OB_ERR_ARG);
        assert_int_equal(mk.reads, mapped ? 0 : 1);
    }
    ob_flash f = mock_dev(&top_geom, 0);
    mk.fail_read = 1;
    assert_int_equal(ob_flash_read(&f, 0xFFFF0000, buf, 4), OB_ERR_FLASH);
    f.read = NULL;
    assert_int_equal(ob_flash_read(&f, 0xFFFF0000, buf, 4), OB_ERR_ARG);
    assert_int_equal(ob_flash_read(NULL, 0xFFFF0000, buf, 4), OB_ERR_ARG);
}

static void test_is_erased(void **state)
{
    (void)state;
    for (int mapped = 0; mapped < 2; mapped++) {
        ob_flash f = mock_dev(&top_geom, mapped);
        assert_int_equal(ob_flash_is_erased(&f, 0xFFFF0000u, 0x10000), 1);
        assert_int_equal(ob_flash_is_erased(&f, 0xFFFF0000u, 0), 1);
        mk.mem[199] = 0xFE; /* last byte of a 200-byte range: past several read chunks */
        assert_int_equal(ob_flash_is_erased(&f, 0xFFFF0000u, 200), 0);
        assert_int_equal(ob_flash_is_erased(&f, 0xFFFF0000u, 199), 1);
        assert_int_equal(ob_flash_is_erased(&f, 0xFFFF0000u + 200, 0xFFFF - 200 + 1), 1);
        mk.mem[0xFFFF] = 0x7F;
        assert_int_equal(ob_flash_is_erased(&f, 0xFFFFFF00u, 0x100), 0);
        assert_int_equal(ob_flash_is_erased(&f, 0xFFFFFF00u, 0x101), OB_ERR_RANGE);
    }
    ob_flash f = mock_dev(&top_geom, 0);
    mk.fail_read = 1;
    assert_int_equal(ob_flash_is_erased(&f, 0xFFFF0000u, 16), OB_ERR_FLASH);
    assert_int_equal(ob_flash_is_erased(NULL, 0xFFFF0000u, 16), OB_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f2_f4_maps),
        cmocka_unit_test(test_f7_map),
        cmocka_unit_test(test_f429_banks),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_erase_ms),
        cmocka_unit_test(test_top_of_address_space),
        cmocka_unit_test(test_erase_range),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_is_erased),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
