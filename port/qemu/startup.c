/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: vector table and reset handler for every mps2 image.
 * ARMv7-M ARM B1.5.2-B1.5.3: word 0 is the initial SP, word 1 the reset
 * handler, then the system exceptions. No image here enables a device
 * interrupt (the Ethernet driver is polled), so the table stops at SysTick. */
#include <stdint.h>
#include <string.h>

#include "mps2.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

/* A fault means a bug: say so on the console, then stop QEMU with a
 * distinctive exit code so a test fails at once instead of timing out. */
static void fault(void)
{
    mps2_println("");
    mps2_println("FAULT: hard fault or unexpected exception");
    mps2_semihost_exit(70);
}

void Default_Handler(void)
{
    fault();
}

void Reset_Handler(void) __attribute__((noreturn));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*vector)(void);

__attribute__((section(".vectors"), used)) const vector mps2_vectors[16] = {
    (vector)(uintptr_t)&_estack,
    Reset_Handler,
    Default_Handler, /* NMI */
    Default_Handler, /* HardFault */
    Default_Handler, /* MemManage */
    Default_Handler, /* BusFault */
    Default_Handler, /* UsageFault */
    0, 0, 0, 0,
    Default_Handler, /* SVC */
    Default_Handler, /* DebugMon */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
};

#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08u)

void Reset_Handler(void)
{
    /* This image's own table, whoever started it. */
    SCB_VTOR = (uint32_t)(uintptr_t)mps2_vectors;
    memcpy(&_sdata, &_sidata, (size_t)((uintptr_t)&_edata - (uintptr_t)&_sdata));
    memset(&_sbss, 0, (size_t)((uintptr_t)&_ebss - (uintptr_t)&_sbss));
    (void)main();
    mps2_reset();
}
