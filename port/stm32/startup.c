/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: vector table and reset handler (ARMv7-M ARM B1.5.2-
 * B1.5.3: word 0 is the initial SP, word 1 the reset handler, then the
 * system exceptions; device interrupts follow from word 16).
 *
 * bl1 enables no interrupt, so it builds with STM32_VECTOR_IRQS = 0 and keeps
 * only the 16 system words; an application sets it to its family's count
 * (RM0033 table 20: 81, RM0090 table 62/61: 82 or 91, RM0385 table 40: 98)
 * and overrides the handlers it uses (they are weak aliases of
 * Default_Handler). */
#include <stdint.h>
#include <string.h>

#include "stm32_mmio.h"
#include "stm32_regs.h"

#ifndef STM32_VECTOR_IRQS
#define STM32_VECTOR_IRQS 0
#endif

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern const uint32_t __vectors_start;
int main(void);

/* Weak: a firmware may print, reset or (QEMU tests) exit instead. */
void stm32_fault(void) __attribute__((weak));
void stm32_fault(void)
{
    for (;;)
        __asm__ volatile("nop");
}

void Default_Handler(void)
{
    stm32_fault();
}

void Reset_Handler(void) __attribute__((noreturn));
#define WEAK_DEFAULT __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK_DEFAULT;
void HardFault_Handler(void) WEAK_DEFAULT;
void MemManage_Handler(void) WEAK_DEFAULT;
void BusFault_Handler(void) WEAK_DEFAULT;
void UsageFault_Handler(void) WEAK_DEFAULT;
void SVC_Handler(void) WEAK_DEFAULT;
void DebugMon_Handler(void) WEAK_DEFAULT;
void PendSV_Handler(void) WEAK_DEFAULT;
void SysTick_Handler(void) WEAK_DEFAULT;

typedef void (*vector)(void);

__attribute__((section(".vectors"), used)) const vector vector_table[16 + STM32_VECTOR_IRQS] = {
    (vector)(uintptr_t)&_estack,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
#if STM32_VECTOR_IRQS > 0
    [16 ... 16 + STM32_VECTOR_IRQS - 1] = Default_Handler,
#endif
};

/* VTOR as whoever started this image left it (the self-test checks bl1's). */
uint32_t stm32_entry_vtor;

void Reset_Handler(void)
{
    cm_scb_regs *scb = (cm_scb_regs *)CM_SCB_BASE;
    uint32_t vtor_in = stm32_rd(&scb->VTOR);

#if defined(__ARM_FP)
    /* Hard-float code may use FP registers anywhere: open CP10/CP11 first
     * (ARMv7-M ARM B3.2.20 CPACR). */
    stm32_set(&scb->CPACR, SCB_CPACR_CP10_CP11);
    stm32_dsb();
    stm32_isb();
#endif
    /* This image's own table, whoever started it (bl1 sets it too). */
    stm32_wr(&scb->VTOR, (uint32_t)(uintptr_t)vector_table);
    memcpy(&_sdata, &_sidata, (size_t)((uintptr_t)&_edata - (uintptr_t)&_sdata));
    memset(&_sbss, 0, (size_t)((uintptr_t)&_ebss - (uintptr_t)&_sbss));
    stm32_entry_vtor = vtor_in;
    (void)main();
    for (;;)
        stm32_fault();
}
