/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: clock tree, from RM0033 section 5 (F2 RCC), RM0090
 * sections 5.1.4 (over-drive) and 6/7 (RCC: 6.3.2 PLLCFGR, 6.3.3 CFGR),
 * RM0385 sections 4.1.4 (over-drive) and 5.3 (RCC). Latency before the clock
 * goes up: RM0090 3.5.1. Limits: family records (stm32_family.c). */
#include "stm32_clock.h"

#include "stm32_mmio.h"

#define RCC ((stm32_rcc_regs *)STM32_RCC_BASE)
#define PWR ((stm32_pwr_regs *)STM32_PWR_BASE)

static int wait_bits(reg32 *reg, uint32_t mask, uint32_t want)
{
    uint32_t n;
    for (n = 0; n < STM32_CLOCK_POLLS; n++)
        if ((stm32_rd(reg) & mask) == want)
            return OB_OK;
    return OB_ERR_TIMEOUT;
}

static uint32_t apb_bits(uint8_t div)
{
    switch (div) {
    case 2: return 4u;
    case 4: return 5u;
    case 8: return 6u;
    case 16: return 7u;
    default: return 0u; /* /1 */
    }
}

uint32_t stm32_clock_cfg_sysclk(const stm32_family *fam, const stm32_clock_cfg *cfg)
{
    uint32_t vin, vout, sys;

    if (cfg->pll_m < 2 || cfg->pll_m > 63 || cfg->pll_q < 2 || cfg->pll_q > 15)
        return 0;
    if (cfg->pll_p != 2 && cfg->pll_p != 4 && cfg->pll_p != 6 && cfg->pll_p != 8)
        return 0;
    if (cfg->pll_n < fam->plln_min || cfg->pll_n > fam->plln_max)
        return 0;
    vin = cfg->hse_hz / cfg->pll_m;
    if (vin < fam->vco_in_min_hz || vin > fam->vco_in_max_hz)
        return 0;
    vout = vin * cfg->pll_n;
    if (vout < fam->vco_out_min_hz || vout > fam->vco_out_max_hz)
        return 0;
    sys = vout / cfg->pll_p;
    if (sys > fam->sysclk_max_hz || (apb_bits(cfg->apb1_div) == 0 && cfg->apb1_div != 1) ||
        (apb_bits(cfg->apb2_div) == 0 && cfg->apb2_div != 1))
        return 0;
    if (sys / cfg->apb1_div > fam->apb1_max_hz || sys / cfg->apb2_div > fam->apb2_max_hz)
        return 0;
    return sys;
}

/* RM0090 5.1.4 / RM0385 4.1.4, exiting over-drive, with SYSCLK already on
 * HSI: ODSWEN off and wait for ODSWRDY to drop, then ODEN off and wait for
 * ODRDY to drop (ST's HAL_PWREx_DisableOverDrive does the same). Only when
 * either bit is set, so F2/F405/F407 (no over-drive: reserved bits) are not
 * touched. The next entry then sees real rising edges of ODRDY and ODSWRDY. */
static void overdrive_off(void)
{
    if ((stm32_rd(&PWR->CR) & (PWR_CR_ODEN | PWR_CR_ODSWEN)) == 0)
        return;
    stm32_clr(&PWR->CR, PWR_CR_ODSWEN);
    (void)wait_bits(&PWR->CSR, PWR_CSR_ODSWRDY, 0);
    stm32_clr(&PWR->CR, PWR_CR_ODEN);
    (void)wait_bits(&PWR->CSR, PWR_CSR_ODRDY, 0);
}

void stm32_clock_to_reset_state(void)
{
    stm32_set(&RCC->CR, RCC_CR_HSION);
    (void)wait_bits(&RCC->CR, RCC_CR_HSIRDY, RCC_CR_HSIRDY);
    stm32_modify(&RCC->CFGR, RCC_CFGR_SW_MASK, RCC_CFGR_SW_HSI);
    (void)wait_bits(&RCC->CFGR, RCC_CFGR_SW_MASK << RCC_CFGR_SWS_SHIFT, 0);
    stm32_clr(&RCC->CFGR, RCC_CFGR_PRE_MASK);
    overdrive_off();
    stm32_clr(&RCC->CR, RCC_CR_PLLON);
    (void)wait_bits(&RCC->CR, RCC_CR_PLLRDY, 0);
    stm32_clr(&RCC->CR, RCC_CR_HSEON | RCC_CR_CSSON);
    (void)wait_bits(&RCC->CR, RCC_CR_HSERDY, 0);
    stm32_clr(&RCC->CR, RCC_CR_HSEBYP);
}

/* Back on HSI. The latency may stay where it is: more wait states than
 * 16 MHz needs are harmless. */
static int fall_back(stm32_clocks *out, const char *why, int rc)
{
    stm32_clock_to_reset_state();
    out->sysclk_hz = out->hclk_hz = out->pclk1_hz = out->pclk2_hz = STM32_HSI_HZ;
    out->on_pll = 0;
    out->overdrive = 0;
    out->fault = why;
    return rc;
}

/* RM0090 5.1.4 / RM0385 4.1.4: PLL on, then ODEN + ODRDY, then ODSWEN +
 * ODSWRDY, and only then latency, prescalers and the switch to the PLL. */
static int overdrive_on(void)
{
    stm32_set(&PWR->CR, PWR_CR_ODEN);
    if (wait_bits(&PWR->CSR, PWR_CSR_ODRDY, PWR_CSR_ODRDY) != OB_OK)
        return OB_ERR_TIMEOUT;
    stm32_set(&PWR->CR, PWR_CR_ODSWEN);
    return wait_bits(&PWR->CSR, PWR_CSR_ODSWRDY, PWR_CSR_ODSWRDY);
}

int stm32_clock_init(stm32_flash *flash, const stm32_clock_cfg *cfg, stm32_clocks *out)
{
    const stm32_family *fam = flash->fam;
    /* The board's numbers are checked against the family's limits by the
     * host test (tests/stm32/test_stm32_boards.c), not here: bl1 is small. */
    uint32_t sys = cfg->hse_hz / cfg->pll_m * cfg->pll_n / cfg->pll_p;
    uint32_t pll;

    /* After reset, and after bl1 (which restores the reset clock before it
     * jumps), the chip runs on HSI with the PLL off, as PLLCFGR requires. */

    /* Voltage scale 1 (needed above 144/168 MHz); VOS may change only while
     * the PLL is off (RM0090 5.4.1). */
    stm32_set(&RCC->APB1ENR, RCC_APB1ENR_PWREN);
    (void)stm32_rd(&RCC->APB1ENR); /* the enable takes effect after this read */
    /* A loader that left over-drive on (an older bl1) would leave no rising
     * edge to wait for below: leave it first. */
    overdrive_off();
    if (fam->vos_bits)
        stm32_set(&PWR->CR, ((1u << fam->vos_bits) - 1u) << PWR_CR_VOS_SHIFT);

    /* HSEBYP only while HSEON is 0 (RCC_CR description). */
    if (cfg->hse_bypass)
        stm32_set(&RCC->CR, RCC_CR_HSEBYP);
    stm32_set(&RCC->CR, RCC_CR_HSEON);
    if (wait_bits(&RCC->CR, RCC_CR_HSERDY, RCC_CR_HSERDY) != OB_OK)
        return fall_back(out, "HSE did not start (timeout)", OB_ERR_TIMEOUT);

    pll = (uint32_t)cfg->pll_m << RCC_PLLCFGR_M_SHIFT | (uint32_t)cfg->pll_n << RCC_PLLCFGR_N_SHIFT |
          (uint32_t)(cfg->pll_p / 2u - 1u) << RCC_PLLCFGR_P_SHIFT | RCC_PLLCFGR_SRC_HSE |
          (uint32_t)cfg->pll_q << RCC_PLLCFGR_Q_SHIFT;
    stm32_modify(&RCC->PLLCFGR, RCC_PLLCFGR_FIELDS, pll);
    stm32_set(&RCC->CR, RCC_CR_PLLON);

    out->overdrive = 0;
    if (fam->sysclk_no_od_hz != 0 && sys > fam->sysclk_no_od_hz) {
        if (overdrive_on() != OB_OK)
            return fall_back(out, "over-drive did not engage (timeout)", OB_ERR_TIMEOUT);
        out->overdrive = 1;
    }
    if (wait_bits(&RCC->CR, RCC_CR_PLLRDY, RCC_CR_PLLRDY) != OB_OK)
        return fall_back(out, "PLL did not lock (timeout)", OB_ERR_TIMEOUT);

    /* Wait states first, then APB prescalers, then the switch. */
    stm32_flash_set_latency(flash, sys);
    stm32_modify(&RCC->CFGR, RCC_CFGR_PRE_MASK,
                 apb_bits(cfg->apb1_div) << RCC_CFGR_PPRE1_SHIFT |
                     apb_bits(cfg->apb2_div) << RCC_CFGR_PPRE2_SHIFT);
    stm32_modify(&RCC->CFGR, RCC_CFGR_SW_MASK, RCC_CFGR_SW_PLL);
    if (wait_bits(&RCC->CFGR, RCC_CFGR_SW_MASK << RCC_CFGR_SWS_SHIFT,
                  RCC_CFGR_SW_PLL << RCC_CFGR_SWS_SHIFT) != OB_OK)
        return fall_back(out, "switch to the PLL did not happen (timeout)", OB_ERR_TIMEOUT);

    out->sysclk_hz = out->hclk_hz = sys;
    out->pclk1_hz = sys / cfg->apb1_div;
    out->pclk2_hz = sys / cfg->apb2_div;
    out->on_pll = 1;
    out->fault = 0;
    return OB_OK;
}
