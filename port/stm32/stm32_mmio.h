/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the one place where registers are touched.
 *
 * Every driver reads and writes its registers through stm32_rd/stm32_wr and
 * orders them with stm32_dsb/stm32_isb. On the target these are single
 * volatile accesses and barrier instructions. Built with STM32_REG_MODEL
 * (host unit tests) they become functions that the test supplies, so the
 * same driver source runs against a register model that checks the order
 * the reference manual prescribes. */
#ifndef STM32_MMIO_H
#define STM32_MMIO_H

#include <stdint.h>

#ifdef STM32_REG_MODEL

uint32_t stm32_rd(const volatile uint32_t *reg);
void stm32_wr(volatile uint32_t *reg, uint32_t v);
void stm32_dsb(void);
void stm32_isb(void);

#else

static inline uint32_t stm32_rd(const volatile uint32_t *reg)
{
    return *reg;
}

static inline void stm32_wr(volatile uint32_t *reg, uint32_t v)
{
    *reg = v;
}

/* Data and instruction synchronisation barriers (ARMv7-M ARM A3.7.3). */
static inline void stm32_dsb(void)
{
    __asm__ volatile("dsb 0xf" ::: "memory");
}

static inline void stm32_isb(void)
{
    __asm__ volatile("isb 0xf" ::: "memory");
}

#endif

/* Read-modify-write helpers: the clear/set masks make intent visible. */
static inline void stm32_set(volatile uint32_t *reg, uint32_t bits)
{
    stm32_wr(reg, stm32_rd(reg) | bits);
}

static inline void stm32_clr(volatile uint32_t *reg, uint32_t bits)
{
    stm32_wr(reg, stm32_rd(reg) & ~bits);
}

static inline void stm32_modify(volatile uint32_t *reg, uint32_t clear, uint32_t set)
{
    stm32_wr(reg, (stm32_rd(reg) & ~clear) | set);
}

#endif
