/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the firmware's 64-bit division (port/stm32/libgcc_small.c):
 * stm32_udiv64 against the host's own / and %, over edge values and a
 * deterministic pseudo-random sweep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

uint64_t stm32_udiv64(uint64_t n, uint64_t d, uint64_t *rem);

/* The register-model tests share one link line: this test touches no
 * registers, but the drivers linked beside it call these. */
#include "stm32_mmio.h"
uint32_t stm32_rd(const volatile uint32_t *reg) { return *reg; }
void stm32_wr(volatile uint32_t *reg, uint32_t v) { *reg = v; }
void stm32_dsb(void) {}
void stm32_isb(void) {}

static void check(uint64_t n, uint64_t d)
{
    uint64_t r = 0xDEADBEEFu;
    uint64_t q = stm32_udiv64(n, d, &r);
    assert_true(q == n / d);
    assert_true(r == n % d);
}

static void test_edges(void **state)
{
    static const uint64_t v[] = {0, 1, 2, 3, 7, 0xFFFFFFFFu, 0x100000000ull, 0x4000u, 0x20000u,
                                 0x08000000u, 0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull,
                                 UINT64_MAX - 1, UINT64_MAX};
    size_t i, j;
    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        for (j = 0; j < sizeof v / sizeof v[0]; j++)
            if (v[j] != 0)
                check(v[i], v[j]);
}

static void test_sweep(void **state)
{
    uint64_t x = 0x9E3779B97F4A7C15ull;
    int i;
    (void)state;
    for (i = 0; i < 100000; i++) {
        uint64_t n, d;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        n = x;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        d = x >> (x & 63); /* denominators of every width */
        if (d == 0)
            d = 1;
        check(n, d);
    }
}

static void test_divide_by_zero(void **state)
{
    uint64_t r = 0;
    (void)state;
    assert_true(stm32_udiv64(1234, 0, &r) == UINT64_MAX);
    assert_true(r == 1234);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_divide_by_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
