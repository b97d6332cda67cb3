/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: SysTick, independent watchdog, reset, caches and the
 * jump to another image. */
#ifndef STM32_SYS_H
#define STM32_SYS_H

#include <stdint.h>

#include "stm32_family.h"

/* SysTick at 1 kHz from HCLK (ARMv7-M ARM B3.3); counts in stm32_ms. */
void stm32_systick_start(uint32_t hclk_hz);
void stm32_systick_stop(void);
uint32_t stm32_millis(void);
void stm32_delay_ms(uint32_t ms);

/* IWDG (RM0090 21.3): started, it cannot be stopped; LSI nominal 32 kHz
 * (17..47 kHz per the datasheets, so the real timeout is 0.7x .. 1.9x). */
void stm32_iwdg_start(uint32_t timeout_ms);
void stm32_iwdg_kick(void);

/* SYSRESETREQ through SCB_AIRCR (ARMv7-M ARM B3.2.6). Does not return. */
void cm_reset(void) __attribute__((noreturn));

/* Cortex-M7 L1 caches on (PM0253 4.8.3: invalidate, then enable). */
void cm_caches_enable(void);

/* Hands the CPU to the image whose vector table is at vector_addr: interrupts
 * and SysTick off, NVIC cleared, (L1 families) D-cache cleaned and invalidated
 * while still enabled, then disabled, with no memory access in between,
 * I-cache invalidated and disabled, MPU off, VTOR set, MSP loaded, branch to
 * entry. Does not return. */
void cm_jump(const stm32_family *fam, uint32_t vector_addr, uint32_t sp, uint32_t entry)
    __attribute__((noreturn));

/* What RCC_CSR says about the last reset ("power-on", "watchdog", ...);
 * clears the flags. */
const char *stm32_reset_cause(void);

#endif
