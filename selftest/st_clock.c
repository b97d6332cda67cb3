/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: the hand-over from bl1, the clock tree, the watchdog
 * and the reset flags (see st.h).
 * Registers: RCC_CR / CFGR / BDCR / CSR (RM0033 5.3, RM0090 6.3 and 7.3,
 * RM0385 5.3), PWR_CR DBP and PWR_CSR ODRDY / ODSWRDY (RM0090 5.4, RM0385
 * 4.4), IWDG_PR / RLR (RM0090 21.4), the system control space (ARMv7-M ARM
 * B3.2: VTOR, CCR, ICSR; B3.4: NVIC ISER / ISPR; B3.3 SysTick). */
#include "st.h"

#include "st_tim5.h"
#include "stm32_mmio.h"
#include "stm32_sys.h"

#define RCC ((stm32_rcc_regs *)STM32_RCC_BASE)
#define PWR ((stm32_pwr_regs *)STM32_PWR_BASE)
#define IWDG ((stm32_iwdg_regs *)STM32_IWDG_BASE)
#define SCB ((cm_scb_regs *)CM_SCB_BASE)
#define SYSTICK ((cm_systick_regs *)CM_SYSTICK_BASE)
#define TIM5 ((st_tim_regs *)ST_TIM5_BASE)
#define NVIC_ISER 0xE000E100u
#define NVIC_ISPR 0xE000E200u

#define ICSR_PENDSTSET (1u << 26)
#define ICSR_PENDSVSET (1u << 28)
#define PWR_CR_DBP (1u << 8)
#define BDCR_LSEON (1u << 0)
#define BDCR_LSERDY (1u << 1)
#define CSR_LSION (1u << 0)
#define CSR_LSIRDY (1u << 1)
#define CSR_RESET_FLAGS 0xFE000000u /* BORRSTF .. LPWRRSTF */
#define CFGR_SWS_MASK (3u << 2)
#define CFGR_SWS_PLL (2u << 2)

/* t_SU(LSE) is 2 s typical (DS8626, DS9405, DS10916, DS6697 "LSE oscillator
 * characteristics"); a crystal that needs more is a fault worth reporting. */
#define LSE_START_MS 3000u
/* 256 captures of 8 LSE periods: 2048 periods, 62.5 ms. */
#define LSE_CAPTURES 256u
#define LSE_POLLS 20000000u
/* bl1's watchdog: 32 s at prescaler /256 (stm32_iwdg_start). */
#define BL1_IWDG_PR 6u
#define BL1_IWDG_RLR 4000u

int st_rcc_present(void)
{
    return (stm32_rd(&RCC->CR) & (RCC_CR_HSION | RCC_CR_HSIRDY)) == (RCC_CR_HSION | RCC_CR_HSIRDY);
}

void st_entry_capture(st_entry *e)
{
    unsigned i;

    __asm__ volatile("mrs %0, msp" : "=r"(e->msp));
    __asm__ volatile("mrs %0, control" : "=r"(e->control));
    __asm__ volatile("mrs %0, primask" : "=r"(e->primask));
    e->vtor = stm32_entry_vtor;
    e->ccr = stm32_rd(&SCB->CCR);
    e->icsr = stm32_rd(&SCB->ICSR);
    e->systick_ctrl = stm32_rd(&SYSTICK->CTRL);
    e->nvic_enabled = e->nvic_pending = 0;
    for (i = 0; i < 8; i++) {
        e->nvic_enabled |= stm32_rd((reg32 *)(NVIC_ISER + 4u * i));
        e->nvic_pending |= stm32_rd((reg32 *)(NVIC_ISPR + 4u * i));
    }
    e->rcc_cr = stm32_rd(&RCC->CR);
    e->rcc_cfgr = stm32_rd(&RCC->CFGR);
    stm32_set(&RCC->APB1ENR, RCC_APB1ENR_PWREN);
    (void)stm32_rd(&RCC->APB1ENR);
    e->pwr_cr = stm32_rd(&PWR->CR);
}

static ob_line *hex(ob_line *l, const char *name, uint32_t v)
{
    return ob_line_hex(ob_line_str(l, name), v);
}

void st_entry_check(const st_ctx *c, const st_entry *e)
{
    ob_line l;

    ob_line_init(&l);
    hex(&l, "VTOR ", e->vtor);
    if (e->vtor == c->vector_table) {
        ob_line_str(&l, " at entry: this image's vector table");
        st_report(ST_PASS, "entry.vtor", l.buf);
    } else {
        hex(&l, " at entry, this image's table is at ", c->vector_table);
        st_report(ST_FAIL, "entry.vtor", l.buf);
    }

    ob_line_init(&l);
    hex(&l, "MSP ", e->msp);
    hex(&l, " below the initial SP ", c->initial_sp);
    hex(&l, ", CONTROL ", e->control);
    if (e->msp <= c->initial_sp && c->initial_sp - e->msp < 2048u && (e->control & 3u) == 0) {
        ob_line_str(&l, ": privileged, on MSP");
        st_report(ST_PASS, "entry.msp", l.buf);
    } else {
        ob_line_str(&l, ": wanted MSP within 2 KiB of the initial SP, CONTROL bits 1:0 = 0");
        st_report(ST_FAIL, "entry.msp", l.buf);
    }

    ob_line_init(&l);
    hex(&l, "PRIMASK ", e->primask);
    hex(&l, ", NVIC enabled ", e->nvic_enabled);
    hex(&l, ", pending ", e->nvic_pending);
    hex(&l, ", SysTick CTRL ", e->systick_ctrl);
    hex(&l, ", ICSR ", e->icsr & (ICSR_PENDSTSET | ICSR_PENDSVSET));
    st_report((e->primask & 1u) == 0 && e->nvic_enabled == 0 && e->nvic_pending == 0 &&
                      (e->systick_ctrl & SYSTICK_ENABLE) == 0 &&
                      (e->icsr & (ICSR_PENDSTSET | ICSR_PENDSVSET)) == 0
                  ? ST_PASS
                  : ST_FAIL,
              "entry.irq", l.buf);

    ob_line_init(&l);
    hex(&l, "CCR ", e->ccr);
    ob_line_str(&l, c->fam->cache == STM32_CACHE_L1 ? ": Cortex-M7 L1 I-cache and D-cache"
                                                    : ": no L1 caches on this core, IC/DC");
    if ((e->ccr & (SCB_CCR_IC | SCB_CCR_DC)) == 0) {
        ob_line_str(&l, " off at entry");
        st_report(ST_PASS, "entry.caches", l.buf);
    } else {
        ob_line_str(&l, " still on at entry: bl1 must leave them off");
        st_report(ST_FAIL, "entry.caches", l.buf);
    }

    if ((e->rcc_cr & (RCC_CR_HSION | RCC_CR_HSIRDY)) != (RCC_CR_HSION | RCC_CR_HSIRDY)) {
        ob_line_init(&l);
        hex(&l, "RCC_CR ", e->rcc_cr);
        ob_line_str(&l, ": RCC reads 0, not present (QEMU's netduinoplus2 has none)");
        st_report(ST_SKIP, "entry.clock", l.buf);
        return;
    }
    ob_line_init(&l);
    hex(&l, "RCC_CR ", e->rcc_cr);
    hex(&l, ", CFGR ", e->rcc_cfgr);
    hex(&l, ", PWR_CR ", e->pwr_cr);
    if ((e->rcc_cfgr & (CFGR_SWS_MASK | RCC_CFGR_SW_MASK | RCC_CFGR_PRE_MASK)) != 0 ||
        (e->rcc_cr & (RCC_CR_PLLON | RCC_CR_HSEON | RCC_CR_HSEBYP)) != 0) {
        ob_line_str(&l, ": not the reset clock (HSI, PLL and HSE off, prescalers /1)");
        st_report(ST_FAIL, "entry.clock", l.buf);
    } else if (c->fam->sysclk_no_od_hz != 0 && (e->pwr_cr & (PWR_CR_ODEN | PWR_CR_ODSWEN)) != 0) {
        ob_line_str(&l, ": over-drive left enabled (ODEN/ODSWEN): the application's entry"
                        " waits for a ready edge that will not come");
        st_report(ST_FAIL, "entry.clock", l.buf);
    } else {
        ob_line_str(&l, ": on HSI, PLL and HSE off, prescalers /1");
        if (c->fam->sysclk_no_od_hz != 0)
            ob_line_str(&l, ", over-drive off");
        st_report(ST_PASS, "entry.clock", l.buf);
    }
}

static ob_line *mhz(ob_line *l, uint32_t hz)
{
    return ob_line_str(ob_line_u32(l, hz / 1000000u), " MHz");
}

/* Starts the LSE (backup domain write access first: PWR_CR.DBP). Returns
 * the milliseconds it took, or LSE_START_MS + 1 when it did not start. */
static uint32_t lse_start(void)
{
    uint32_t t0;

    stm32_set(&PWR->CR, PWR_CR_DBP);
    stm32_set(&RCC->BDCR, BDCR_LSEON);
    t0 = stm32_millis();
    while (stm32_millis() - t0 <= LSE_START_MS) {
        if (stm32_rd(&RCC->BDCR) & BDCR_LSERDY)
            return stm32_millis() - t0;
        st_kick();
    }
    return LSE_START_MS + 1u;
}

static void sysclk_measure(const st_ctx *c)
{
    const stm32_clocks *clk = c->clk;
    uint32_t apb1_div = clk->on_pll ? c->clk_cfg->apb1_div : 1u;
    uint32_t ticks = 0, meas, lo, hi;
    int rc;
    ob_line l;

    stm32_set(&RCC->APB1ENR, ST_RCC_APB1ENR_TIM5EN);
    (void)stm32_rd(&RCC->APB1ENR);
    rc = st_tim5_lse_ticks(TIM5, LSE_CAPTURES, LSE_POLLS, &ticks);
    stm32_clr(&RCC->APB1ENR, ST_RCC_APB1ENR_TIM5EN);
    ob_line_init(&l);
    if (rc != OB_OK) {
        ob_line_str(&l, rc == OB_ERR_TIMEOUT ? "TIM5 channel 4 saw no LSE edge (TIM5_OR.TI4_RMP = LSE)"
                                             : "TIM5 lost a capture (CC4OF)");
        st_report(ST_FAIL, "clock.sysclk", l.buf);
        return;
    }
    meas = st_sysclk_from_timer(st_hz_from_lse(ticks, LSE_CAPTURES * ST_LSE_EDGES_PER_CAPTURE), apb1_div);
    lo = clk->on_pll ? ST_XTAL_PPM : ST_HSI_LO_PPM;
    hi = clk->on_pll ? ST_XTAL_PPM : ST_HSI_HI_PPM;
    ob_line_str(ob_line_u32(&l, meas), " Hz against the LSE, expected ");
    ob_line_u32(&l, clk->sysclk_hz);
    ob_line_str(&l, clk->on_pll ? " (PLL from HSE, " : " (HSI, ");
    {
        int32_t ppm = st_ppm(meas, clk->sysclk_hz);
        ob_line_str(&l, ppm < 0 ? "-" : "+");
        ob_line_u32(&l, (uint32_t)(ppm < 0 ? -ppm : ppm));
    }
    ob_line_str(&l, " ppm, limit -");
    ob_line_str(ob_line_u32(&l, lo), "/+");
    ob_line_str(ob_line_u32(&l, hi), " ppm)");
    st_report(st_within(meas, clk->sysclk_hz, lo, hi) ? ST_PASS : ST_FAIL, "clock.sysclk", l.buf);
}

void st_clock_check(const st_ctx *c)
{
    const stm32_clocks *clk = c->clk;
    const stm32_clock_cfg *cfg = c->clk_cfg;
    int rcc = st_rcc_present();
    uint32_t t0, n, ms;
    ob_line l;

    /* HSE, PLL, or the fall-back. */
    ob_line_init(&l);
    if (!rcc) {
        ob_line_str(&l, "RCC reads 0, not present (QEMU); the start-up fell back: ");
        ob_line_str(&l, clk->fault ? clk->fault : "?");
        st_report(ST_SKIP, "clock.hse", l.buf);
    } else if (clk->on_pll && (stm32_rd(&RCC->CR) & (RCC_CR_HSERDY | RCC_CR_PLLRDY)) ==
                                  (RCC_CR_HSERDY | RCC_CR_PLLRDY) &&
               (stm32_rd(&RCC->CFGR) & CFGR_SWS_MASK) == CFGR_SWS_PLL) {
        ob_line_str(&l, "SYSCLK ");
        mhz(&l, clk->sysclk_hz);
        ob_line_str(&l, cfg->hse_bypass ? " from the PLL on HSE (bypass, ST-LINK MCO) " : " from the PLL on the HSE crystal ");
        mhz(&l, cfg->hse_hz);
        st_report(ST_PASS, "clock.hse", l.buf);
    } else {
        ob_line_str(&l, "fell back to HSI 16 MHz: ");
        ob_line_str(&l, clk->fault ? clk->fault : "PLL or HSE not ready, or SYSCLK not on the PLL");
        st_report(ST_FAIL, "clock.hse", l.buf);
    }

    /* Over-drive (F42x, F7 above their no-over-drive maximum). */
    ob_line_init(&l);
    if (c->fam->sysclk_no_od_hz == 0) {
        ob_line_str(ob_line_str(&l, c->fam->name), " has no over-drive");
        st_report(ST_SKIP, "clock.overdrive", l.buf);
    } else if (!rcc || !clk->on_pll) {
        st_report(ST_SKIP, "clock.overdrive", !rcc ? "PWR reads 0, not present (QEMU)" : "not on the PLL");
    } else {
        uint32_t csr = stm32_rd(&PWR->CSR), want = clk->overdrive ? PWR_CSR_ODRDY | PWR_CSR_ODSWRDY : 0;
        hex(&l, "PWR_CSR ", csr);
        ob_line_str(&l, clk->overdrive ? ": ODRDY and ODSWRDY set at " : ": over-drive off at ");
        mhz(&l, clk->sysclk_hz);
        st_report((csr & (PWR_CSR_ODRDY | PWR_CSR_ODSWRDY)) == want ? ST_PASS : ST_FAIL, "clock.overdrive", l.buf);
    }

    /* SysTick: the time base every timeout of the firmware uses. */
    t0 = stm32_millis();
    for (n = 0; n < 50000000u && stm32_millis() - t0 < 10u; n++)
        ;
    st_report(stm32_millis() - t0 >= 10u ? ST_PASS : ST_FAIL, "clock.systick",
              stm32_millis() - t0 >= 10u ? "SysTick interrupt counts milliseconds"
                                         : "SysTick did not advance 10 ms within 50 million loops");

    /* LSE, then SYSCLK measured against it. */
    if (c->lse_hz == 0 || !rcc) {
        const char *why = !rcc ? "RCC reads 0, not present (QEMU)" : "no 32.768 kHz crystal on this board";
        st_report(ST_SKIP, "clock.lse", why);
        st_report(ST_SKIP, "clock.sysclk", why);
        return;
    }
    ms = lse_start();
    ob_line_init(&l);
    if (ms > LSE_START_MS) {
        ob_line_str(ob_line_u32(ob_line_str(&l, "LSERDY not set within "), LSE_START_MS), " ms (crystal X2/Q1, PC14/PC15)");
        st_report(ST_FAIL, "clock.lse", l.buf);
        st_report(ST_SKIP, "clock.sysclk", "no LSE to measure against");
        return;
    }
    ob_line_str(ob_line_u32(ob_line_str(&l, "32.768 kHz crystal ready after "), ms), " ms");
    st_report(ST_PASS, "clock.lse", l.buf);
    sysclk_measure(c);
}

void st_watchdog_check(const st_ctx *c)
{
    uint32_t csr, pr, rlr;
    ob_line l;

    (void)c;
    if (!st_rcc_present()) {
        st_report(ST_SKIP, "iwdg.running", "RCC and IWDG read 0, not present (QEMU)");
        st_report(ST_SKIP, "reset.flags", "RCC reads 0, not present (QEMU)");
        return;
    }
    /* LSI runs without LSION only when the IWDG forces it on (RCC_CSR.LSION
     * description): that is the watchdog running. PR/RLR read back what
     * bl1 programmed. */
    csr = stm32_rd(&RCC->CSR);
    pr = stm32_rd(&IWDG->PR);
    rlr = stm32_rd(&IWDG->RLR);
    ob_line_init(&l);
    hex(&l, "RCC_CSR ", csr);
    ob_line_u32(ob_line_str(&l, ", IWDG_PR "), pr);
    ob_line_u32(ob_line_str(&l, ", RLR "), rlr);
    if ((csr & CSR_LSIRDY) && !(csr & CSR_LSION)) {
        ob_line_str(&l, pr == BL1_IWDG_PR && rlr == BL1_IWDG_RLR ? ": LSI forced on, bl1's 32 s setting"
                                                                  : ": LSI forced on, not bl1's setting");
        st_report(ST_PASS, "iwdg.running", l.buf);
    } else {
        ob_line_str(&l, ": LSI not forced on: the watchdog is not running");
        st_report(ST_FAIL, "iwdg.running", l.buf);
    }

    ob_line_init(&l);
    hex(&l, "RCC_CSR reset flags ", csr & CSR_RESET_FLAGS);
    if ((csr & CSR_RESET_FLAGS) == 0) {
        ob_line_str(&l, ": cleared by bl1 after it printed the cause (its \"reset cause\" line)");
        st_report(ST_PASS, "reset.flags", l.buf);
    } else {
        ob_line_str(&l, ": left set: bl1's RMVF write did not clear them");
        st_report(ST_FAIL, "reset.flags", l.buf);
    }
}
