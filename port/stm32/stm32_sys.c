/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: SysTick, IWDG, reset, caches, jump.
 * SysTick: ARMv7-M ARM B3.3. IWDG: RM0033 19.3, RM0090 21.3, RM0385 27.3
 * (KR keys, PR/RLR update flags in SR). Reset: ARMv7-M ARM B3.2.6 (AIRCR).
 * Caches: PM0253 (Cortex-M7 programming manual) 4.8; jump sequence after
 * docs/HARDWARE.md "F7 traps". */
#include "stm32_sys.h"

#include "stm32_mmio.h"
#include "stm32_regs.h"

#define SYSTICK ((cm_systick_regs *)CM_SYSTICK_BASE)
#define SCB ((cm_scb_regs *)CM_SCB_BASE)
#define CACHE ((cm_cache_regs *)CM_CACHE_BASE)
#define IWDG ((stm32_iwdg_regs *)STM32_IWDG_BASE)
#define RCC ((stm32_rcc_regs *)STM32_RCC_BASE)

static volatile uint32_t ms_count;

void SysTick_Handler(void)
{
    ms_count++;
}

void stm32_systick_start(uint32_t hclk_hz)
{
    stm32_wr(&SYSTICK->CTRL, 0);
    stm32_wr(&SYSTICK->LOAD, hclk_hz / 1000u - 1u);
    stm32_wr(&SYSTICK->VAL, 0);
    stm32_wr(&SYSTICK->CTRL, SYSTICK_CLKSOURCE_CPU | SYSTICK_TICKINT | SYSTICK_ENABLE);
}

void stm32_systick_stop(void)
{
    stm32_wr(&SYSTICK->CTRL, 0);
    stm32_wr(&SCB->ICSR, SCB_ICSR_PENDSTCLR);
}

uint32_t stm32_millis(void)
{
    return ms_count;
}

void stm32_delay_ms(uint32_t ms)
{
    uint32_t t0 = ms_count;
    while (ms_count - t0 < ms)
        __asm__ volatile("wfi");
}

void stm32_iwdg_start(uint32_t timeout_ms)
{
    /* Prescaler /256 (PR = 6): 8 ms per count at 32 kHz, 12-bit reload:
     * up to 32.7 s. */
    uint32_t reload = timeout_ms / 8u;
    uint32_t n;

    if (reload < 1u)
        reload = 1u;
    if (reload > 0xFFFu)
        reload = 0xFFFu;
    stm32_wr(&IWDG->KR, IWDG_KEY_START);
    stm32_wr(&IWDG->KR, IWDG_KEY_ACCESS);
    stm32_wr(&IWDG->PR, 6u);
    stm32_wr(&IWDG->RLR, reload);
    /* The new values reach the LSI domain after a few LSI cycles (PVU/RVU). */
    for (n = 0; n < 1000000u; n++)
        if ((stm32_rd(&IWDG->SR) & 7u) == 0)
            break;
    stm32_wr(&IWDG->KR, IWDG_KEY_RELOAD);
}

void stm32_iwdg_kick(void)
{
    stm32_wr(&IWDG->KR, IWDG_KEY_RELOAD);
}

void cm_reset(void)
{
    stm32_dsb();
    stm32_wr(&SCB->AIRCR, SCB_AIRCR_VECTKEY | (stm32_rd(&SCB->AIRCR) & SCB_AIRCR_PRIGROUP_MASK) |
                              SCB_AIRCR_SYSRESETREQ);
    stm32_dsb();
    for (;;)
        __asm__ volatile("nop");
}

/* L1 D-cache geometry from CCSIDR (selected by CSSELR = 0: level 1 data). */
static void dcache_by_set_way(reg32 *op)
{
    uint32_t ccsidr, sets, ways, s, w;

    stm32_wr(&SCB->CSSELR, 0);
    stm32_dsb();
    ccsidr = stm32_rd(&SCB->CCSIDR);
    sets = ((ccsidr >> 13) & 0x7FFFu) + 1u;
    ways = ((ccsidr >> 3) & 0x3FFu) + 1u;
    /* 32-byte lines: set at bit 5; 4 ways: way at bits 31:30 (PM0253 4.8.6) */
    for (s = 0; s < sets; s++)
        for (w = 0; w < ways; w++)
            stm32_wr(op, (w << 30) | (s << 5));
    stm32_dsb();
}

void cm_caches_enable(void)
{
    stm32_dsb();
    stm32_isb();
    stm32_wr(&CACHE->ICIALLU, 0);
    stm32_dsb();
    stm32_isb();
    stm32_set(&SCB->CCR, SCB_CCR_IC);
    stm32_dsb();
    stm32_isb();
    dcache_by_set_way(&CACHE->DCISW);
    stm32_set(&SCB->CCR, SCB_CCR_DC);
    stm32_dsb();
    stm32_isb();
}

static void caches_off(void)
{
    /* D-cache: stop allocating, then clean and invalidate everything so the
     * application finds memory as written and an empty cache. */
    stm32_clr(&SCB->CCR, SCB_CCR_DC);
    stm32_dsb();
    dcache_by_set_way(&CACHE->DCCISW);
    stm32_clr(&SCB->CCR, SCB_CCR_IC);
    stm32_dsb();
    stm32_isb();
    stm32_wr(&CACHE->ICIALLU, 0);
    stm32_dsb();
    stm32_isb();
}

void cm_jump(const stm32_family *fam, uint32_t vector_addr, uint32_t sp, uint32_t entry)
{
    unsigned i;

    __asm__ volatile("cpsid i" ::: "memory");
    stm32_systick_stop();
    for (i = 0; i < 8; i++) {
        stm32_wr((reg32 *)(CM_NVIC_ICER + 4u * i), 0xFFFFFFFFu);
        stm32_wr((reg32 *)(CM_NVIC_ICPR + 4u * i), 0xFFFFFFFFu);
    }
    if (fam->cache == STM32_CACHE_L1)
        caches_off();
    stm32_wr(&SCB->MPU_CTRL, 0);
    stm32_dsb();
    stm32_isb();
    stm32_wr(&SCB->VTOR, vector_addr);
    stm32_dsb();
    stm32_isb();
    /* The application starts as after reset: privileged, MSP, interrupts
     * enabled (PRIMASK cleared just before the branch). */
    __asm__ volatile("msr msp, %0\n"
                     "isb\n"
                     "cpsie i\n"
                     "bx %1\n"
                     :
                     : "r"(sp), "r"(entry)
                     : "memory");
    __builtin_unreachable();
}

const char *stm32_reset_cause(void)
{
    uint32_t csr = stm32_rd(&RCC->CSR);
    const char *why;

    if (csr & RCC_CSR_IWDGRSTF)
        why = "IWDG";
    else if (csr & RCC_CSR_WWDGRSTF)
        why = "WWDG";
    else if (csr & RCC_CSR_SFTRSTF)
        why = "software";
    else if (csr & RCC_CSR_LPWRRSTF)
        why = "low-power";
    else if (csr & RCC_CSR_PORRSTF)
        why = "power-on";
    else if (csr & RCC_CSR_PINRSTF)
        why = "pin";
    else
        why = "unknown";
    stm32_set(&RCC->CSR, RCC_CSR_RMVF);
    return why;
}
