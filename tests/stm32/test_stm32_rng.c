/* SPDX-License-Identifier: Apache-2.0 */
/* port/stm32/stm32_rng.c against a model of the RNG: clock enabled first,
 * the first word discarded, a repeated word skipped, a seed error recovered
 * as RM0090 24.3.1 says, and every wait bounded when no word ever comes
 * (no 48 MHz clock, QEMU). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "stm32_regs.h"
#include "stm32_rng.h"

static struct {
    uint32_t ahb2enr, cr, sr_seis;
    uint32_t next;     /* next word */
    int dead;          /* DRDY never rises */
    int seed_errors;   /* SECS reported this many times */
    int repeat_at;     /* this read (1-based) gives the word before again */
    uint32_t last;
    int restarts;      /* RNGEN 1 -> 0 -> 1 */
    int words_read;
    uint32_t polls;
} M;

#define AT(off) ((uintptr_t)(STM32_RNG_BASE + (off)))

uint32_t stm32_rd(const volatile uint32_t *reg)
{
    uintptr_t a = (uintptr_t)reg;
    int on = (M.ahb2enr & RCC_AHB2ENR_RNGEN) && (M.cr & RNG_CR_RNGEN);
    if (a == STM32_RCC_BASE + 0x34)
        return M.ahb2enr;
    if (a == AT(0))
        return M.cr;
    if (a == AT(4)) {
        M.polls++;
        if (!on || M.dead)
            return M.sr_seis;
        if (M.seed_errors)
            return RNG_SR_SECS | RNG_SR_SEIS;
        return RNG_SR_DRDY | M.sr_seis;
    }
    if (a == AT(8)) {
        assert_true(on);
        M.words_read++;
        if (M.words_read != M.repeat_at)
            M.last = M.next++;
        return M.last;
    }
    fail_msg("read of an unmodelled register %#lx", (unsigned long)a);
    return 0;
}

void stm32_wr(volatile uint32_t *reg, uint32_t v)
{
    uintptr_t a = (uintptr_t)reg;
    if (a == STM32_RCC_BASE + 0x34) {
        M.ahb2enr = v;
    } else if (a == AT(0)) {
        if ((M.cr & RNG_CR_RNGEN) && !(v & RNG_CR_RNGEN) && M.seed_errors)
            M.seed_errors--, M.restarts++;
        M.cr = v;
    } else if (a == AT(4)) {
        M.sr_seis = v & RNG_SR_SEIS;
    } else {
        fail_msg("write to an unmodelled register %#lx", (unsigned long)a);
    }
}

void stm32_dsb(void) {}
void stm32_isb(void) {}

static void reset_model(void)
{
    memset(&M, 0, sizeof M);
    M.next = 0x11223344u;
}

static void test_fill(void **state)
{
    (void)state;
    uint8_t buf[10];
    reset_model();
    assert_int_equal(stm32_rng_fill(buf, sizeof buf), sizeof buf);
    /* word 0x11223344 discarded; then 0x11223345, 0x11223346, 0x11223347 little-endian */
    static const uint8_t want[10] = { 0x45, 0x33, 0x22, 0x11, 0x46, 0x33, 0x22, 0x11, 0x47, 0x33 };
    assert_memory_equal(buf, want, sizeof want);
    assert_int_equal(M.cr & RNG_CR_RNGEN, 0);          /* stopped again */
    assert_int_equal(M.ahb2enr & RCC_AHB2ENR_RNGEN, 0); /* and its clock */
}

static void test_repeat_skipped(void **state)
{
    (void)state;
    uint8_t buf[8];
    reset_model();
    M.next = 7;
    M.repeat_at = 3; /* DR gives 7 (discarded), 8, 8 (skipped), 9 */
    assert_int_equal(stm32_rng_fill(buf, sizeof buf), 8);
    assert_int_equal(buf[0], 8);
    assert_int_equal(buf[4], 9);
    assert_int_equal(M.words_read, 4);
}

static void test_seed_error_recovered(void **state)
{
    (void)state;
    uint8_t buf[8];
    reset_model();
    M.seed_errors = 1;
    assert_int_equal(stm32_rng_fill(buf, sizeof buf), sizeof buf);
    assert_int_equal(M.restarts, 1);
    assert_int_equal(M.sr_seis, 0);
}

static void test_no_clock_bounded(void **state)
{
    (void)state;
    uint8_t buf[32];
    reset_model();
    M.dead = 1;
    assert_int_equal(stm32_rng_fill(buf, sizeof buf), 0);
    assert_true(M.polls <= 3u * STM32_RNG_POLLS);
    assert_int_equal(M.words_read, 0);
    reset_model();
    M.seed_errors = 1000; /* never clears */
    assert_int_equal(stm32_rng_fill(buf, sizeof buf), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_repeat_skipped),
        cmocka_unit_test(test_seed_error_recovered),
        cmocka_unit_test(test_no_clock_bounded),
    };
    return cmocka_run_group_tests_name("stm32 rng", tests, NULL, NULL);
}
