/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: SysTick, reset, jump, semihosting exit.
 * SysTick: ARMv7-M ARM B3.3 (CSR +0x10, RVR +0x14, CVR +0x18 from 0xE000E000),
 * clocked from the 25 MHz processor clock (CSR.CLKSOURCE = 1).
 * AIRCR: B3.2.6 (VECTKEY 0x05FA in bits 31:16, SYSRESETREQ bit 2).
 * NVIC ICER/ICPR: B3.4.3 (0xE000E180 / 0xE000E280). */
#include "mps2.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)
#define SCB_ICSR REG(0xE000ED04u)
#define SCB_VTOR REG(0xE000ED08u)
#define SCB_AIRCR REG(0xE000ED0Cu)
#define NVIC_ICER(i) REG(0xE000E180u + 4u * (i))
#define NVIC_ICPR(i) REG(0xE000E280u + 4u * (i))

static volatile uint32_t ms_count;

void SysTick_Handler(void)
{
    ms_count++;
}

void mps2_tick_start(void)
{
    SYST_CSR = 0;
    SYST_RVR = MPS2_SYSCLK_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 0x7u; /* CLKSOURCE | TICKINT | ENABLE */
}

void mps2_tick_stop(void)
{
    SYST_CSR = 0;
    SCB_ICSR = 1u << 25; /* PENDSTCLR */
}

int mps2_tick_running(void)
{
    return (SYST_CSR & 0x3u) == 0x3u; /* ENABLE and TICKINT */
}

uint32_t mps2_millis(void)
{
    return ms_count;
}

void mps2_reset(void)
{
    __asm__ volatile("dsb" ::: "memory");
    SCB_AIRCR = (0x05FAu << 16) | (SCB_AIRCR & 0x700u) | 0x4u;
    __asm__ volatile("dsb" ::: "memory");
    for (;;)
        __asm__ volatile("nop");
}

void mps2_jump(uint32_t vector_addr, uint32_t sp, uint32_t entry)
{
    __asm__ volatile("cpsid i" ::: "memory");
    mps2_tick_stop();
    for (unsigned i = 0; i < 8; i++) {
        NVIC_ICER(i) = 0xFFFFFFFFu;
        NVIC_ICPR(i) = 0xFFFFFFFFu;
    }
    SCB_VTOR = vector_addr;
    __asm__ volatile("dsb\n isb" ::: "memory");
    /* The image starts as after reset: privileged, on MSP, interrupts on. */
    __asm__ volatile("msr msp, %0\n"
                     "isb\n"
                     "cpsie i\n"
                     "bx %1\n"
                     :
                     : "r"(sp), "r"(entry)
                     : "memory");
    __builtin_unreachable();
}

void mps2_semihost_exit(int code)
{
    /* SYS_EXIT_EXTENDED takes a block {reason, subcode}; reason
     * ADP_Stopped_ApplicationExit (0x20026) with the exit code as subcode. */
    static uint32_t block[2];
    block[0] = 0x20026u;
    block[1] = (uint32_t)code;
    register uint32_t r0 __asm__("r0") = 0x20u;
    register uint32_t r1 __asm__("r1") = (uint32_t)(uintptr_t)block;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    for (;;)
        __asm__ volatile("nop");
}
