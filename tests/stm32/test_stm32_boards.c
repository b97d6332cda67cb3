/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the board data (boards/<board>/board.h) against the chip
 * family records (port/stm32/stm32_family.c) and the layouts: every board's
 * PLL numbers respect its family's limits and give the SYSCLK its docs
 * promise; every layout's geometry is the one its family points at (the
 * firmware relies on both and no longer checks them at run time). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "layouts.h"
#include "stm32_clock.h"
#include "stm32_mmio.h"
#include "stm32_uart.h"

/* Linked drivers need a register accessor; nothing here touches registers. */
uint32_t stm32_rd(const volatile uint32_t *reg) { return *reg; }
void stm32_wr(volatile uint32_t *reg, uint32_t v) { *reg = v; }
void stm32_dsb(void) {}
void stm32_isb(void) {}

typedef struct {
    const char *name;
    const stm32_family *fam;
    stm32_clock_cfg clk;
    stm32_uart_cfg con;
    const ob_layout *slot, *direct, *rollback;
    uint32_t sysclk;
} board;

#define TAKE(board_sysclk, slot_l, direct_l, rollback_l)                                   \
    {BOARD_NAME, &BOARD_FAMILY, BOARD_CLOCK, BOARD_CONSOLE, &slot_l, &direct_l, &rollback_l, board_sysclk}

#include "../../boards/nucleo-f207zg/board.h"
static const board f207 = TAKE(120000000u, ob_layout_nucleo_f207zg_slot, ob_layout_nucleo_f207zg_direct,
                               ob_layout_nucleo_f207zg_rollback);
#include "board_forget.h"
#include "../../boards/olimex-e407/board.h"
static const board e407 = TAKE(168000000u, ob_layout_olimex_e407_slot, ob_layout_olimex_e407_direct,
                               ob_layout_olimex_e407_rollback);
#include "board_forget.h"
#include "../../boards/nucleo-f429zi/board.h"
static const board f429 = TAKE(180000000u, ob_layout_nucleo_f429zi_slot, ob_layout_nucleo_f429zi_direct,
                               ob_layout_nucleo_f429zi_rollback);
#include "board_forget.h"
#include "../../boards/nucleo-f746zg/board.h"
static const board f746 = TAKE(216000000u, ob_layout_nucleo_f746zg_slot, ob_layout_nucleo_f746zg_direct,
                               ob_layout_nucleo_f746zg_rollback);

static const board *const boards[] = {&f207, &e407, &f429, &f746};

static void test_pll_numbers_within_family_limits(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < 4; i++) {
        const board *b = boards[i];
        uint32_t sys = stm32_clock_cfg_sysclk(b->fam, &b->clk);
        if (sys != b->sysclk)
            fail_msg("%s: PLL gives %lu Hz, expected %lu", b->name, (unsigned long)sys,
                     (unsigned long)b->sysclk);
        /* the 48 MHz domain is exact where SYSCLK allows it (not at 180 MHz) */
        if (b != &f429)
            assert_int_equal(b->clk.hse_hz / b->clk.pll_m * b->clk.pll_n / b->clk.pll_q, 48000000u);
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
}

static void test_limits_reject_bad_numbers(void **state)
{
    stm32_clock_cfg c = f429.clk;
    (void)state;
    c.pll_n = 200; /* 400 MHz VCO / 2 = 200 MHz: above the F429's 180 */
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f42x, &c), 0);
    c = f429.clk;
    c.pll_m = 2; /* 4 MHz VCO input: above 2.1 MHz */
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f42x, &c), 0);
    c = f429.clk;
    c.apb1_div = 2; /* 90 MHz APB1: above 45 */
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f42x, &c), 0);
    c = f429.clk;
    c.pll_p = 3;
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f42x, &c), 0);
    c = f207.clk;
    c.pll_m = 4;
    c.pll_n = 120; /* F2 PLLN must be >= 192 */
    assert_int_equal(stm32_clock_cfg_sysclk(&stm32_family_f2, &c), 0);
}

/* The flash driver works on the family's geometry (stm32_flash_init) and the
 * boot code on the layout's: one board, one chip, one object. */
static void test_layouts_use_the_family_geometry(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < 4; i++) {
        assert_ptr_equal(boards[i]->slot->geom, boards[i]->fam->geom);
        assert_ptr_equal(boards[i]->direct->geom, boards[i]->fam->geom);
        assert_ptr_equal(boards[i]->rollback->geom, boards[i]->fam->geom);
        /* the driver maps the array at STM32_FLASH_MEM_BASE: sector 0 is there */
        assert_int_equal(boards[i]->fam->geom->base, STM32_FLASH_MEM_BASE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pll_numbers_within_family_limits),
        cmocka_unit_test(test_limits_reject_bad_numbers),
        cmocka_unit_test(test_layouts_use_the_family_geometry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
