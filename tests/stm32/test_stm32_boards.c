/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the board data (boards/<board>/board.h) against the chip
 * family records (port/stm32/stm32_family.c) and the layouts: every board's
 * PLL numbers respect its family's limits and give the SYSCLK its docs
 * promise; every layout's geometry is the one its family points at (the
 * firmware relies on both and no longer checks them at run time); what the
 * self-test takes from each (LSE, erase maxima). The boards
 * are data: stm32_boards.inc (scripts/board-lists.sh) includes each one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "eth_phy.h" /* with eth_pins.h: board.h's */
#include "eth_pins.h"
#include "flash.h"
#include "layouts.h"
#include "st_calc.h"
#include "stm32_clock.h"
#include "stm32_mmio.h"
#include "stm32_uart.h"

/* Linked drivers need a register accessor; nothing here touches registers. */
uint32_t stm32_rd(const volatile uint32_t *reg) { return *reg; }
void stm32_wr(volatile uint32_t *reg, uint32_t v) { *reg = v; }
void stm32_dsb(void) {}
void stm32_isb(void) {}

typedef struct {
    const char *dir; /* boards/<dir>/ */
    const char *name; /* BOARD_NAME: the board of its layouts */
    const stm32_family *fam;
    stm32_clock_cfg clk;
    stm32_uart_cfg con;
    uint32_t sysclk; /* BOARD_SYSCLK_HZ: what its docs promise */
    st_chip chip;    /* the self-test's: ST_CHIP_OF(BOARD_FAMILY) */
    uint32_t lse_hz; /* BOARD_LSE_HZ */
} board;

/* Every boards/<board>/board.h whose board.mk says BOARD_PORT := stm32, in
 * folder-name order: a new board is checked without editing this file. */
#define STM32_BOARD_ROW(dir) {dir, BOARD_NAME, &BOARD_FAMILY, BOARD_CLOCK, BOARD_CONSOLE, BOARD_SYSCLK_HZ, \
                              ST_CHIP_OF(BOARD_FAMILY), BOARD_LSE_HZ},
#define STM32_BOARD_ETH(dir) /* the Ethernet pins: test_stm32_eth_phy.c */
static const board boards[] = {
#include "stm32_boards.inc"
};
#define NBOARDS (sizeof boards / sizeof boards[0])

static const board *board_in(const char *dir)
{
    for (size_t i = 0; i < NBOARDS; i++)
        if (strcmp(boards[i].dir, dir) == 0)
            return &boards[i];
    fail_msg("boards/%s is not in stm32_boards.inc", dir);
    return NULL;
}

static void test_pll_numbers_within_family_limits(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NBOARDS; i++) {
        const board *b = &boards[i];
        uint32_t sys = stm32_clock_cfg_sysclk(b->fam, &b->clk);
        uint32_t vco = b->clk.hse_hz / b->clk.pll_m * b->clk.pll_n;
        if (sys != b->sysclk)
            fail_msg("%s: PLL gives %lu Hz, expected %lu", b->dir, (unsigned long)sys,
                     (unsigned long)b->sysclk);
        /* the 48 MHz domain is exact where SYSCLK allows it: a VCO that is
         * a multiple of 48 MHz (not the F429's 360 MHz for 180) */
        if (vco % 48000000u == 0)
            assert_int_equal(vco / b->clk.pll_q, 48000000u);
        /* the console baud rate is within 2 % at the APB clock it runs from */
        {
            uint32_t pclk = sys / (b->con.apb == STM32_APB2 ? b->clk.apb2_div : b->clk.apb1_div);
            uint32_t brr = stm32_uart_brr(pclk, b->con.baud);
            uint32_t actual = pclk / brr;
            assert_true(actual * 100u / b->con.baud >= 98u && actual * 100u / b->con.baud <= 102u);
            /* and on the HSI fallback too */
            actual = STM32_HSI_HZ / stm32_uart_brr(STM32_HSI_HZ, b->con.baud);
            assert_true(actual * 100u / b->con.baud >= 98u && actual * 100u / b->con.baud <= 102u);
        }
    }
    /* the boards documented with an exact 48 MHz keep it */
    {
        static const char *const exact48[] = {"nucleo-f207zg", "olimex-e407", "nucleo-f746zg"};
        for (i = 0; i < sizeof exact48 / sizeof exact48[0]; i++) {
            const board *b = board_in(exact48[i]);
            assert_int_equal(b->clk.hse_hz / b->clk.pll_m * b->clk.pll_n / b->clk.pll_q, 48000000u);
        }
    }
}

static void test_limits_reject_bad_numbers(void **state)
{
    const board *f429 = board_in("nucleo-f429zi"), *f207 = board_in("nucleo-f207zg");
    stm32_clock_cfg c = f429->clk;
    (void)state;
    c.pll_n = 200; /* 400 MHz VCO / 2 = 200 MHz: above the F429's 180 */
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f42x, &c), 0);
    c = f429->clk;
    c.pll_m = 2; /* 4 MHz VCO input: above 2.1 MHz */
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f42x, &c), 0);
    c = f429->clk;
    c.apb1_div = 2; /* 90 MHz APB1: above 45 */
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f42x, &c), 0);
    c = f429->clk;
    c.pll_p = 3;
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f42x, &c), 0);
    c = f207->clk;
    c.pll_m = 4;
    c.pll_n = 120; /* F2 PLLN must be >= 192 */
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f2, &c), 0);
}

/* The flash driver works on the family's geometry (stm32_flash_init) and the
 * boot code on the layout's: one board, one chip, one object. */
static void test_layouts_use_the_family_geometry(void **state)
{
    static const ob_profile profiles[] = {OB_PROFILE_SLOT, OB_PROFILE_DIRECT, OB_PROFILE_ROLLBACK};
    size_t i, p;
    (void)state;
    for (i = 0; i < NBOARDS; i++) {
        for (p = 0; p < 3; p++) {
            const ob_layout *l = ob_layout_find(boards[i].name, profiles[p]);
            if (l == NULL)
                fail_msg("%s: no %s layout named %s", boards[i].dir, ob_profile_name(profiles[p]), boards[i].name);
            assert_ptr_equal(l->geom, boards[i].fam->geom);
        }
        /* the driver maps the array at STM32_FLASH_MEM_BASE: sector 0 is there */
        assert_int_equal(boards[i].fam->geom->base, STM32_FLASH_MEM_BASE);
    }
}

/* What the self-test (selftest/) takes from each board.h: the 32.768 kHz
 * crystal it measures SYSCLK against, or none; a datasheet erase maximum
 * (st_erase_max_ms) for every sector size of the board's flash, which its
 * flash.erase check compares the erase time with. */
static void test_selftest_facts(void **state)
{
    size_t i;
    uint32_t k, start, size;
    (void)state;
    for (i = 0; i < NBOARDS; i++) {
        const board *b = &boards[i];
        if (b->lse_hz != 0 && b->lse_hz != ST_LSE_HZ)
            fail_msg("%s: BOARD_LSE_HZ %u: 32768u or 0", b->dir, (unsigned)b->lse_hz);
        for (k = 0; k < ob_flash_sector_count(b->fam->geom); k++) {
            assert_int_equal(ob_flash_sector_at(b->fam->geom, k, &start, &size), 0);
            if (st_erase_max_ms(b->chip, size) == 0)
                fail_msg("%s: sector %u (%u KiB): no datasheet erase maximum for its chip", b->dir, (unsigned)k,
                         (unsigned)(size / 1024u));
        }
    }
}

/* Every registered layout on an STM32's flash belongs to a board above: no
 * STM32 board escapes these checks. */
static void test_every_stm32_layout_has_its_board(void **state)
{
    (void)state;
    for (const ob_layout *const *l = ob_all_layouts; *l != NULL; l++) {
        size_t i = 0;
        if ((*l)->geom->base != STM32_FLASH_MEM_BASE)
            continue;
        while (i < NBOARDS && strcmp(boards[i].name, (*l)->board) != 0)
            i++;
        if (i == NBOARDS)
            fail_msg("layout %s/%s: no STM32 board.h names it", (*l)->board, ob_profile_name((*l)->profile));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pll_numbers_within_family_limits),
        cmocka_unit_test(test_limits_reject_bad_numbers),
        cmocka_unit_test(test_layouts_use_the_family_geometry),
        cmocka_unit_test(test_every_stm32_layout_has_its_board),
        cmocka_unit_test(test_selftest_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
