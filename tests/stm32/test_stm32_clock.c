/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the STM32 clock driver (port/stm32/stm32_clock.c) against a
 * register model of RCC, PWR and FLASH_ACR, run the way a board runs it:
 * bl1 brings the clock up, goes back to the reset clock before the jump, and
 * the application brings it up again.
 *
 * Over-drive (RM0090 5.1.4, RM0385 4.1.4) is modelled with real edges: ODRDY
 * rises a few polls after a 0 -> 1 write of ODEN with the PLL on, ODSWRDY a
 * few polls after a 0 -> 1 write of ODSWEN with ODRDY set and SYSCLK not on
 * the PLL; clearing ODSWEN drops ODSWRDY, clearing ODEN drops ODRDY. Writing
 * a bit that is already set starts nothing. Steps out of the manuals' order
 * are violations: ODSWEN without ODRDY or while SYSCLK is the PLL, ODEN
 * cleared before ODSWRDY has dropped, SYSCLK switched to a PLL above the
 * no-over-drive limit without ODSWRDY, PLLCFGR or VOS written with the PLL
 * on, HSEBYP written with HSE on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "stm32_clock.h"
#include "stm32_mmio.h"

#define SETTLE 3 /* polls before a ready flag follows its enable */

#define RCC_ADDR(f) ((const volatile uint32_t *)(uintptr_t)(STM32_RCC_BASE + offsetof(stm32_rcc_regs, f)))
#define PWR_ADDR(f) ((const volatile uint32_t *)(uintptr_t)(STM32_PWR_BASE + offsetof(stm32_pwr_regs, f)))

typedef struct {
    uint32_t rcc_cr, pllcfgr, cfgr, apb1enr;
    uint32_t pwr_cr, pwr_csr;
    stm32_flash_regs flash;
    int hse_in, pll_in, od_in, odsw_in, odsw_off_in, od_off_in; /* polls until the flag follows */
    int od_edges, odsw_edges;
    uint32_t sysclk_no_od_hz, pll_hz;
    int violations;
    char first[160];
} model;

static model M;

static void violation(const char *what)
{
    if (M.violations++ == 0)
        snprintf(M.first, sizeof M.first, "%s", what);
}

static void tick(void)
{
    if (M.hse_in && --M.hse_in == 0)
        M.rcc_cr |= RCC_CR_HSERDY;
    if (M.pll_in && --M.pll_in == 0)
        M.rcc_cr |= RCC_CR_PLLRDY;
    if (M.od_in && --M.od_in == 0)
        M.pwr_csr |= PWR_CSR_ODRDY;
    if (M.odsw_in && --M.odsw_in == 0)
        M.pwr_csr |= PWR_CSR_ODSWRDY;
    if (M.odsw_off_in && --M.odsw_off_in == 0)
        M.pwr_csr &= ~PWR_CSR_ODSWRDY;
    if (M.od_off_in && --M.od_off_in == 0)
        M.pwr_csr &= ~PWR_CSR_ODRDY;
}

uint32_t stm32_rd(const volatile uint32_t *reg)
{
    tick();
    if (reg == RCC_ADDR(CR))
        return M.rcc_cr;
    if (reg == RCC_ADDR(PLLCFGR))
        return M.pllcfgr;
    if (reg == RCC_ADDR(CFGR))
        return M.cfgr;
    if (reg == RCC_ADDR(APB1ENR))
        return M.apb1enr;
    if (reg == PWR_ADDR(CR))
        return M.pwr_cr;
    if (reg == PWR_ADDR(CSR))
        return M.pwr_csr;
    if (reg == &M.flash.ACR)
        return M.flash.ACR;
    violation("read of an unmodelled register");
    return 0;
}

static int on_pll(void)
{
    return ((M.cfgr >> RCC_CFGR_SWS_SHIFT) & 3u) == RCC_CFGR_SW_PLL;
}

static void write_rcc_cr(uint32_t v)
{
    uint32_t rise = v & ~M.rcc_cr, fall = M.rcc_cr & ~v;

    if ((rise | fall) & RCC_CR_HSEBYP && M.rcc_cr & RCC_CR_HSEON)
        violation("HSEBYP changed with HSE on");
    if (fall & RCC_CR_PLLON && on_pll())
        violation("PLL off while it clocks SYSCLK");
    M.rcc_cr = (M.rcc_cr & (RCC_CR_HSIRDY | RCC_CR_HSERDY | RCC_CR_PLLRDY)) |
               (v & ~(RCC_CR_HSIRDY | RCC_CR_HSERDY | RCC_CR_PLLRDY));
    if (v & RCC_CR_HSION)
        M.rcc_cr |= RCC_CR_HSIRDY;
    if (rise & RCC_CR_HSEON)
        M.hse_in = SETTLE;
    if (fall & RCC_CR_HSEON) {
        M.hse_in = 0;
        M.rcc_cr &= ~RCC_CR_HSERDY;
    }
    if (rise & RCC_CR_PLLON)
        M.pll_in = SETTLE;
    if (fall & RCC_CR_PLLON) {
        M.pll_in = 0;
        M.rcc_cr &= ~RCC_CR_PLLRDY;
    }
}

static void write_pwr_cr(uint32_t v)
{
    uint32_t rise = v & ~M.pwr_cr, fall = M.pwr_cr & ~v;
    uint32_t vos = 3u << PWR_CR_VOS_SHIFT;

    if ((rise | fall) & vos && M.rcc_cr & RCC_CR_PLLON)
        violation("VOS changed with the PLL on");
    if (rise & PWR_CR_ODEN) {
        if (!(M.rcc_cr & RCC_CR_PLLON))
            violation("ODEN set with the PLL off");
        M.od_in = SETTLE;
        M.od_edges++;
    }
    if (rise & PWR_CR_ODSWEN) {
        if (!(M.pwr_csr & PWR_CSR_ODRDY))
            violation("ODSWEN set before ODRDY");
        if (on_pll())
            violation("ODSWEN set while SYSCLK is the PLL");
        M.odsw_in = SETTLE;
        M.odsw_edges++;
    }
    if (fall & PWR_CR_ODSWEN) {
        if (on_pll())
            violation("ODSWEN cleared while SYSCLK is the PLL");
        M.odsw_in = 0;
        M.odsw_off_in = SETTLE;
    }
    if (fall & PWR_CR_ODEN) {
        if (M.pwr_csr & PWR_CSR_ODSWRDY || v & PWR_CR_ODSWEN)
            violation("ODEN cleared before ODSWRDY dropped");
        M.od_in = 0;
        M.od_off_in = SETTLE;
    }
    M.pwr_cr = v;
}

void stm32_wr(volatile uint32_t *reg, uint32_t v)
{
    tick();
    if (reg == RCC_ADDR(CR)) {
        write_rcc_cr(v);
    } else if (reg == RCC_ADDR(PLLCFGR)) {
        if (M.rcc_cr & RCC_CR_PLLON)
            violation("PLLCFGR written with the PLL on");
        M.pllcfgr = v;
    } else if (reg == RCC_ADDR(CFGR)) {
        uint32_t sw = v & RCC_CFGR_SW_MASK;
        if (sw == RCC_CFGR_SW_PLL && !(M.rcc_cr & RCC_CR_PLLRDY))
            violation("SYSCLK switched to an unlocked PLL");
        if (sw == RCC_CFGR_SW_PLL && M.sysclk_no_od_hz && M.pll_hz > M.sysclk_no_od_hz &&
            !(M.pwr_csr & PWR_CSR_ODSWRDY))
            violation("SYSCLK above the no-over-drive limit without ODSWRDY");
        M.cfgr = (v & ~(3u << RCC_CFGR_SWS_SHIFT)) | sw << RCC_CFGR_SWS_SHIFT;
    } else if (reg == RCC_ADDR(APB1ENR)) {
        M.apb1enr = v;
    } else if (reg == PWR_ADDR(CR)) {
        if (!(M.apb1enr & RCC_APB1ENR_PWREN))
            violation("PWR written with its clock off");
        write_pwr_cr(v);
    } else if (reg == &M.flash.ACR) {
        M.flash.ACR = v;
    } else {
        violation("write to an unmodelled register");
    }
}

void stm32_dsb(void)
{
}

void stm32_isb(void)
{
}

/* ---- helpers ---- */

static stm32_flash flash_hw;

static void reset_chip(const stm32_family *fam, uint32_t pll_hz)
{
    memset(&M, 0, sizeof M);
    M.rcc_cr = RCC_CR_HSION | RCC_CR_HSIRDY;
    M.sysclk_no_od_hz = fam->sysclk_no_od_hz;
    M.pll_hz = pll_hz;
    memset(&flash_hw, 0, sizeof flash_hw);
    flash_hw.regs = &M.flash;
    flash_hw.fam = fam;
}

#define NO_VIOLATION()                                                                   \
    do {                                                                                 \
        if (M.violations)                                                                \
            fail_msg("%d violation(s), first: %s", M.violations, M.first);              \
    } while (0)

/* The boards' settings (boards/<board>/board.h, checked in test_stm32_boards.c). */
static const stm32_clock_cfg f429_cfg = {8000000u, 1, 4, 180, 2, 8, 4, 2};
static const stm32_clock_cfg f746_cfg = {8000000u, 1, 4, 216, 2, 9, 4, 2};
static const stm32_clock_cfg f407_cfg = {12000000u, 0, 12, 336, 2, 7, 4, 2};

/* bl1 brings the clock up, goes back to reset state, the application brings
 * it up again: each time on the PLL with over-drive, each time with a fresh
 * rising edge of ODRDY and ODSWRDY. */
static void handover(const stm32_family *fam, const stm32_clock_cfg *cfg, uint32_t hz)
{
    stm32_clocks clk;

    reset_chip(fam, hz);
    assert_int_equal(stm32_clock_init(&flash_hw, cfg, &clk), OB_OK);
    assert_true(clk.on_pll && clk.overdrive);
    assert_int_equal(clk.sysclk_hz, hz);
    NO_VIOLATION();

    stm32_clock_to_reset_state();
    NO_VIOLATION();
    assert_int_equal(M.pwr_cr & (PWR_CR_ODEN | PWR_CR_ODSWEN), 0);
    assert_int_equal(M.pwr_csr & (PWR_CSR_ODRDY | PWR_CSR_ODSWRDY), 0);
    assert_int_equal(M.rcc_cr & (RCC_CR_PLLON | RCC_CR_HSEON | RCC_CR_HSEBYP), 0);
    assert_int_equal(M.cfgr, 0);

    assert_int_equal(stm32_clock_init(&flash_hw, cfg, &clk), OB_OK);
    assert_true(clk.on_pll && clk.overdrive);
    assert_int_equal(M.od_edges, 2);
    assert_int_equal(M.odsw_edges, 2);
    NO_VIOLATION();
}

static void test_f429_overdrive_across_handover(void **state)
{
    (void)state;
    handover(&stm32_family_f42x, &f429_cfg, 180000000u);
}

static void test_f746_overdrive_across_handover(void **state)
{
    (void)state;
    handover(&stm32_family_f7, &f746_cfg, 216000000u);
}

/* An application started by a loader that left over-drive on (ODEN and
 * ODSWEN set, both ready flags up, SYSCLK back on HSI, PLL off) leaves it
 * first and enters it again with fresh edges. */
static void test_entry_after_a_loader_that_left_overdrive_on(void **state)
{
    stm32_clocks clk;

    (void)state;
    reset_chip(&stm32_family_f42x, 180000000u);
    M.apb1enr = RCC_APB1ENR_PWREN;
    M.pwr_cr = PWR_CR_ODEN | PWR_CR_ODSWEN;
    M.pwr_csr = PWR_CSR_ODRDY | PWR_CSR_ODSWRDY;
    assert_int_equal(stm32_clock_init(&flash_hw, &f429_cfg, &clk), OB_OK);
    assert_true(clk.on_pll && clk.overdrive);
    assert_int_equal(M.od_edges, 1);
    assert_int_equal(M.odsw_edges, 1);
    NO_VIOLATION();
}

/* No over-drive on the F407: PWR_CR's over-drive bits are never written. */
static void test_f407_never_touches_overdrive(void **state)
{
    stm32_clocks clk;

    (void)state;
    reset_chip(&stm32_family_f40x, 168000000u);
    assert_int_equal(stm32_clock_init(&flash_hw, &f407_cfg, &clk), OB_OK);
    assert_true(clk.on_pll && !clk.overdrive);
    stm32_clock_to_reset_state();
    assert_int_equal(M.pwr_cr & (PWR_CR_ODEN | PWR_CR_ODSWEN), 0);
    assert_int_equal(M.od_edges + M.odsw_edges, 0);
    NO_VIOLATION();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f429_overdrive_across_handover),
        cmocka_unit_test(test_f746_overdrive_across_handover),
        cmocka_unit_test(test_entry_after_a_loader_that_left_overdrive_on),
        cmocka_unit_test(test_f407_never_touches_overdrive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
