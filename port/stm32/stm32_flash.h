/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the embedded flash controller of the F2, F4 and F7
 * (one IP: RM0033 chapter 3, RM0090 chapter 3, RM0385 chapter 3), as an
 * ob_flash device.
 *
 * Every operation: waits until the controller is idle, clears stale error
 * flags, unlocks with the two KEYR keys, runs with x32 parallelism, polls BSY
 * for at most twice the datasheet maximum (timed by now_ms, SysTick on the
 * target), turns any error flag into OB_ERR_FLASH (the flags are kept in
 * last_sr), locks again, and flushes the caches that may hold the old
 * contents. Erase is followed by a blank check and program by a read-back
 * compare, so a controller that silently did nothing (QEMU, where the flash is
 * ROM and the interface reads 0) is reported, not believed. */
#ifndef STM32_FLASH_H
#define STM32_FLASH_H

#include "stm32_family.h"
#include "stm32_regs.h"
#include "stm32_sys.h"

typedef struct {
    stm32_flash_regs *regs;  /* the FLASH interface */
    cm_cache_regs *cache;    /* Cortex-M7 cache maintenance (L1 families) */
    volatile uint32_t *mem;  /* the flash array as mapped at fam->geom->base */
    const stm32_family *fam;
    uint32_t (*now_ms)(void); /* millisecond clock that bounds every BSY wait */
    uint32_t last_sr;        /* FLASH_SR error flags of the last failure */
} stm32_flash;

/* BSY time-outs: an erase, twice the datasheet maximum for its sector size
 * (fam->erase_max); waiting for an operation already running, twice the
 * largest; one word, 2 ms (tPROG is at most 100 us, DS8626 table 40: twice
 * that, rounded up to two ticks of the millisecond clock). */
#define STM32_FLASH_PROG_TIMEOUT_MS 2u

/* The flash array as the CPU's data side reads it (on the F7 through AXI,
 * not the ITCM alias at 0x00200000): the base of every family's sector map. */
#define STM32_FLASH_MEM_BASE 0x08000000u

/* The controller of this chip, at its fixed addresses. */
#define STM32_FLASH_ON_CHIP(family)                                                  \
    {                                                                                \
        .regs = (stm32_flash_regs *)STM32_FLASH_BASE,                                \
        .cache = (cm_cache_regs *)CM_CACHE_BASE,                                     \
        .mem = (volatile uint32_t *)STM32_FLASH_MEM_BASE,                            \
        .fam = (family),                                                             \
        .now_ms = stm32_millis,                                                      \
    }

/* Fills dev (geometry = the family's sector map, mapped = mem); dev->ctx = hw. */
void stm32_flash_init(ob_flash *dev, stm32_flash *hw);

/* The FLASH_CR.SNB value for sector index (including the F42x bank-2 offset). */
uint32_t stm32_flash_snb(const stm32_family *fam, uint32_t index);

/* Makes reads of [addr, addr+len) see the flash array again after an erase or
 * program: ART reset on F2/F4 (RM0090 3.5.2: only while the cache is disabled),
 * D-cache invalidate by address on F7. */
void stm32_flash_flush_caches(stm32_flash *hw, uint32_t addr, uint32_t len);

/* Sets FLASH_ACR latency for hclk_hz and enables prefetch and the ART caches
 * (F2/F4). Raise it before raising the clock, lower it after lowering. */
void stm32_flash_set_latency(stm32_flash *hw, uint32_t hclk_hz);

#endif
