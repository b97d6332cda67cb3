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

/* The last steps before the application, in one instruction sequence that
 * touches no memory but the System Control Space (no stack, no literal
 * loads): r0 = 1 on an L1-cache family, r1 = vector table, r2 = initial MSP,
 * r3 = entry. Called with interrupts masked and the NVIC cleared.
 *
 * F7 D-cache (PM0253 4.8.6 and ARMv7-M ARM B2.2.7, set/way maintenance):
 * clean and invalidate every line while the cache is still enabled, then
 * clear CCR.DC with nothing written in between, so that no dirty line is
 * left behind and nothing written after the clean is cached (U-Boot's
 * dcache_disable in arch/arm/cpu/armv7m/cache.c also cleans before it clears
 * CCR.DC). CCSIDR selected by CSSELR = 0 (level 1, data): sets in bits
 * 27:13, ways in 12:3, minus one; DCCISW takes the way at bit 30 and the set
 * at bit 5 (4 ways, 32-byte lines). Then I-cache off and invalidated
 * (ICIALLU), MPU off, VTOR, MSP, PRIMASK cleared, branch.
 * SCS offsets from 0xE000E000 (ARMv7-M ARM B3.2.2, B3.5, PM0253 4.3 and
 * 4.8): VTOR 0xD08, CCR 0xD14, CCSIDR 0xD80, CSSELR 0xD84, MPU_CTRL 0xD94,
 * ICIALLU 0xF50, DCCISW 0xF74. tests/fw/jump_disasm.sh checks the built
 * nucleo-f746zg bl1 against this order. */
#define IN_REG __attribute__((unused)) /* read by the assembly, r0..r3 (AAPCS) */
__attribute__((naked, noinline, noreturn, used)) static void cm_jump_tail(IN_REG uint32_t l1, IN_REG uint32_t vector_addr,
                                                                          IN_REG uint32_t sp, IN_REG uint32_t entry)
{
    __asm__ volatile(
        "mov.w  ip, #0xE000E000\n"
        "cbz    r0, 3f\n"
        "movs   r4, #0\n"
        "str.w  r4, [ip, #0xD84]\n" /* CSSELR = 0: L1 data cache */
        "dsb    0xf\n"
        "ldr.w  r4, [ip, #0xD80]\n" /* CCSIDR */
        "ubfx   r5, r4, #13, #15\n" /* set index, counting down */
        "ubfx   r4, r4, #3, #10\n"  /* highest way */
        "1:\n"
        "mov    r6, r4\n"
        "2:\n"
        "lsls   r7, r6, #30\n"
        "orr.w  r7, r7, r5, lsl #5\n"
        "str.w  r7, [ip, #0xF74]\n" /* DCCISW: clean and invalidate (way, set) */
        "subs   r6, r6, #1\n"
        "bcs    2b\n"
        "subs   r5, r5, #1\n"
        "bcs    1b\n"
        "dsb    0xf\n"
        "ldr.w  r4, [ip, #0xD14]\n" /* CCR: D-cache and I-cache off */
        "bic    r4, r4, #0x30000\n"
        "str.w  r4, [ip, #0xD14]\n"
        "dsb    0xf\n"
        "isb    0xf\n"
        "movs   r4, #0\n"
        "str.w  r4, [ip, #0xF50]\n" /* ICIALLU */
        "dsb    0xf\n"
        "isb    0xf\n"
        "3:\n"
        "movs   r4, #0\n"
        "str.w  r4, [ip, #0xD94]\n" /* MPU_CTRL = 0 */
        "dsb    0xf\n"
        "isb    0xf\n"
        "str.w  r1, [ip, #0xD08]\n" /* VTOR */
        "dsb    0xf\n"
        "isb    0xf\n"
        "msr    msp, r2\n"
        "isb    0xf\n"
        "cpsie  i\n"
        "bx     r3\n");
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
    stm32_dsb();
    /* The application starts as after reset: privileged, MSP, interrupts
     * enabled (PRIMASK cleared just before the branch). */
    cm_jump_tail(fam->cache == STM32_CACHE_L1, vector_addr, sp, entry);
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
