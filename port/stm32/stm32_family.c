/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the family records (see stm32_family.h).
 * Sector maps and typical erase and program times: the chip geometries in
 * boards/chips/geometry.c, shared with the board layouts. Maximum erase
 * times (erase_max): the x8 column of the datasheets' "Flash memory
 * programming" tables, the largest: 16 KB 800 ms, 64 KB 2.4 s, 128 KB 4 s on
 * the F2/F4 (DS8626 table 40 tERASE16KB/64KB/128KB; same flash in DS6697 and
 * DS9405), 32 KB 800 ms, 128 KB 2.4 s, 256 KB 4 s on the F7 (DS10916
 * tERASE32KB/128KB/256KB). */
#include "stm32_family.h"

#include "chips/geometry.h"
#include "stm32_regs.h"

#define ERASE_MAX_F2_F4                                                                       \
    {                                                                                         \
        {.size = 16u * 1024u, .max_ms = 800u}, {.size = 64u * 1024u, .max_ms = 2400u},        \
        {.size = 128u * 1024u, .max_ms = 4000u},                                              \
    }
#define ERR_F2 (FLASH_SR_OPERR | FLASH_SR_WRPERR | FLASH_SR_PGAERR | FLASH_SR_PGPERR | FLASH_SR_PGSERR)

const stm32_family stm32_family_f2 = {
    .name = "STM32F2",
    .geom = &ob_geom_stm32f2_1m,
    .snb_bits = 4,
    .sr_errors = ERR_F2,
    .cache = STM32_CACHE_ART,
    .erase_max = ERASE_MAX_F2_F4,
    .mhz_per_ws = 30, .max_ws = 7,
    .sysclk_max_hz = 120000000u,
    .vco_in_min_hz = 950000u, .vco_in_max_hz = 2100000u,
    .vco_out_min_hz = 192000000u, .vco_out_max_hz = 432000000u,
    .plln_min = 192, .plln_max = 432,
    .apb1_max_hz = 30000000u, .apb2_max_hz = 60000000u,
};

const stm32_family stm32_family_f40x = {
    .name = "STM32F40x",
    .geom = &ob_geom_stm32f40x_1m,
    .snb_bits = 4,
    .sr_errors = ERR_F2,
    .cache = STM32_CACHE_ART,
    .erase_max = ERASE_MAX_F2_F4,
    .mhz_per_ws = 30, .max_ws = 7,
    .sysclk_max_hz = 168000000u,
    .vos_bits = 1,
    .vco_in_min_hz = 950000u, .vco_in_max_hz = 2100000u,
    .vco_out_min_hz = 100000000u, .vco_out_max_hz = 432000000u,
    .plln_min = 50, .plln_max = 432,
    .apb1_max_hz = 42000000u, .apb2_max_hz = 84000000u,
    .has_fpu = 1,
};

const stm32_family stm32_family_f42x = {
    .name = "STM32F42x",
    .geom = &ob_geom_stm32f42x_2m,
    .bank2_first = 12, .bank2_snb_add = 4,
    .snb_bits = 5,
    .sr_errors = ERR_F2 | FLASH_SR_RDERR,
    .cache = STM32_CACHE_ART,
    .rww_dcache_off = 1,
    .erase_max = ERASE_MAX_F2_F4,
    .mhz_per_ws = 30, .max_ws = 15,
    .sysclk_max_hz = 180000000u, .sysclk_no_od_hz = 168000000u,
    .vos_bits = 2,
    .vco_in_min_hz = 950000u, .vco_in_max_hz = 2100000u,
    .vco_out_min_hz = 100000000u, .vco_out_max_hz = 432000000u,
    .plln_min = 50, .plln_max = 432,
    .apb1_max_hz = 45000000u, .apb2_max_hz = 90000000u,
    .has_fpu = 1,
};

const stm32_family stm32_family_f7 = {
    .name = "STM32F7",
    .geom = &ob_geom_stm32f74x_1m,
    .snb_bits = 4,
    /* bit 7 is ERSERR here, same position as PGSERR; no RDERR */
    .sr_errors = ERR_F2,
    .cache = STM32_CACHE_L1,
    .erase_max = {
        {.size = 32u * 1024u, .max_ms = 800u}, {.size = 128u * 1024u, .max_ms = 2400u},
        {.size = 256u * 1024u, .max_ms = 4000u},
    },
    .mhz_per_ws = 30, .max_ws = 15,
    .sysclk_max_hz = 216000000u, .sysclk_no_od_hz = 180000000u,
    .vos_bits = 2,
    .vco_in_min_hz = 950000u, .vco_in_max_hz = 2100000u,
    .vco_out_min_hz = 100000000u, .vco_out_max_hz = 432000000u,
    .plln_min = 50, .plln_max = 432,
    .apb1_max_hz = 54000000u, .apb2_max_hz = 108000000u,
    .has_fpu = 1,
};

unsigned stm32_flash_ws_for(const stm32_family *fam, uint32_t hclk_hz)
{
    uint32_t step = (uint32_t)fam->mhz_per_ws * 1000000u;
    unsigned ws = hclk_hz == 0 ? 0 : (unsigned)((hclk_hz - 1u) / step);

    return ws > fam->max_ws ? fam->max_ws : ws;
}
