/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: what differs between the chip families, as data.
 *
 * The flash controller, RCC, PWR, GPIO and IWDG are the same IP blocks on the
 * F2, F4 and F7; their drivers read one of these records instead of carrying
 * #if branches. A board names its family in board.h (STM32_FAMILY). */
#ifndef STM32_FAMILY_H
#define STM32_FAMILY_H

#include "flash.h"

typedef enum {
    STM32_CACHE_ART = 0, /* F2/F4 flash ART accelerator: ACR ICEN/DCEN + ICRST/DCRST */
    STM32_CACHE_L1 = 1   /* F7 Cortex-M7 L1 caches: maintenance by address (PM0253 4.8) */
} stm32_cache_kind;

/* Datasheet maximum erase time of one sector size. */
typedef struct {
    uint32_t size;
    uint32_t max_ms;
} stm32_erase_max;

typedef struct {
    const char *name;         /* "STM32F42x" */
    const ob_flash_geom *geom; /* sector map: boards/chips/geometry.c */

    /* FLASH_CR.SNB (RM0090 3.9.8): a sector index >= bank2_first is written
     * as index + bank2_snb_add (F42x bank 2: sectors 12..23 are SNB 16..27). */
    uint8_t bank2_first;      /* 0: single bank */
    uint8_t bank2_snb_add;
    uint8_t snb_bits;         /* width of SNB: 4, or 5 on the F42x */
    uint32_t sr_errors;       /* every error flag this family has in FLASH_SR */
    uint8_t cache;            /* stm32_cache_kind */
    /* ART data cache off while an erase or program runs (dual-bank F42x:
     * ES0206 read-while-write erratum, see stm32_flash.c). */
    uint8_t rww_dcache_off;
    /* Maximum sector erase time per sector size, smallest size first (the
     * largest of the x8/x16/x32 columns of the datasheet's "Flash memory
     * programming" table: DS6697, DS8626, DS9405, DS10916). The driver's
     * time-outs are twice these. */
    stm32_erase_max erase_max[3];

    /* Flash read latency at 2.7-3.6 V: one wait state per mhz_per_ws MHz of
     * HCLK (RM0033 table 7, RM0090 tables 10/11, RM0385 table 7). */
    uint8_t mhz_per_ws;
    uint8_t max_ws;

    /* Clock limits (datasheets DS6697, DS8626, DS9405, DS10916; RM PLL sections). */
    uint32_t sysclk_max_hz;   /* with over-drive where the chip has it */
    uint32_t sysclk_no_od_hz; /* highest SYSCLK without over-drive (0: no over-drive) */
    uint8_t vos_bits;         /* width of PWR_CR.VOS (0: no VOS field) */
    uint32_t vco_in_min_hz, vco_in_max_hz;
    uint32_t vco_out_min_hz, vco_out_max_hz;
    uint16_t plln_min, plln_max;
    uint32_t apb1_max_hz, apb2_max_hz;
    uint8_t has_fpu;          /* CPACR must open CP10/CP11 before FP code */
} stm32_family;

extern const stm32_family stm32_family_f2;   /* STM32F20x/21x, RM0033 */
extern const stm32_family stm32_family_f40x; /* STM32F405/407/415/417, RM0090 */
extern const stm32_family stm32_family_f42x; /* STM32F427/429/437/439 2 MB, RM0090 */
extern const stm32_family stm32_family_f7;   /* STM32F74x/75x, RM0385 */

/* Wait states needed for hclk_hz (never more than max_ws). */
unsigned stm32_flash_ws_for(const stm32_family *fam, uint32_t hclk_hz);

#endif
