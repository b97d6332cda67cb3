/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the flash geometries (sector maps) of the supported chips, the
 * only copy: board layouts and the STM32 family records point here.
 *
 * Sector maps: the "Flash module organization" tables of the chapter
 * "Embedded Flash memory interface" in RM0033 (F2, table 3) and RM0090 (F4,
 * tables 5 and 6), and the "Flash memory organization" table of RM0385's
 * "Embedded Flash memory" chapter (F7, table 3); summarised in
 * docs/HARDWARE.md "Flash sector maps".
 * Timings: x32 parallelism at 2.7-3.6 V (what the 3.3 V boards run), typical
 * values of the "Flash memory programming" tables in DS6697 (F2), DS8626
 * (F405/407), DS9405 (F427/429) and DS10916 (F745/746); docs/HARDWARE.md
 * "The flash controller". prog_align 4: with PSIZE = x32 one program
 * operation writes one 32-bit word (RM0090, "Program/erase parallelism"). */
#include "chips/geometry.h"

/* F2, F4 and each bank of the F42x: 4 x 16K, 1 x 64K, 7 x 128K. */
#define STM32F4_BANK_RUNS                                  \
    { .count = 4, .size = 16u * 1024, .erase_ms = 250 },   \
    { .count = 1, .size = 64u * 1024, .erase_ms = 550 },   \
    { .count = 7, .size = 128u * 1024, .erase_ms = 1000 }

static const ob_sector_run stm32f4_bank[] = { STM32F4_BANK_RUNS };

/* F42x 2 MB: bank 2 (sectors 12-23, from 0x08100000) repeats bank 1. Sector
 * indices here run 0-23; the controller's SNB encoding of bank 2 (index + 4)
 * is the STM32 port's business (RM0090, FLASH_CR register description). */
static const ob_sector_run stm32f42x_2m_runs[] = { STM32F4_BANK_RUNS, STM32F4_BANK_RUNS };

/* F74x 1 MB: 4 x 32K, 1 x 128K, 3 x 256K. */
static const ob_sector_run stm32f74x_runs[] = {
    { .count = 4, .size = 32u * 1024, .erase_ms = 250 },
    { .count = 1, .size = 128u * 1024, .erase_ms = 1000 },
    { .count = 3, .size = 256u * 1024, .erase_ms = 1000 },
};

#define NRUNS(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))

const ob_flash_geom ob_geom_stm32f2_1m = {
    .name = "stm32f2-1M",
    .base = 0x08000000u,
    .runs = stm32f4_bank,
    .nruns = NRUNS(stm32f4_bank),
    .prog_align = 4,
    .prog_word_us = 16,
};

const ob_flash_geom ob_geom_stm32f40x_1m = {
    .name = "stm32f40x-1M",
    .base = 0x08000000u,
    .runs = stm32f4_bank,
    .nruns = NRUNS(stm32f4_bank),
    .prog_align = 4,
    .prog_word_us = 16,
};

const ob_flash_geom ob_geom_stm32f42x_2m = {
    .name = "stm32f42x-2M",
    .base = 0x08000000u,
    .runs = stm32f42x_2m_runs,
    .nruns = NRUNS(stm32f42x_2m_runs),
    .prog_align = 4,
    .prog_word_us = 16,
};

const ob_flash_geom ob_geom_stm32f74x_1m = {
    .name = "stm32f74x-1M",
    .base = 0x08000000u,
    .runs = stm32f74x_runs,
    .nruns = NRUNS(stm32f74x_runs),
    .prog_align = 4,
    .prog_word_us = 16,
};

/* QEMU's MPS2 models have no flash controller. The 16 MB PSRAM can be backed
 * by a file that survives reset and restart (docs/HARDWARE.md "What QEMU can run";
 * QEMU hw/arm/mps2.c: 0x21000000 on AN385/AN386, 0x60000000 on AN500). The
 * QEMU port emulates NOR rules on its first megabyte with the sector map of the
 * real chip the model stands in for (F4 for the Cortex-M4 AN386, F7 for the
 * Cortex-M7 AN500), so layouts, erase granularity and the timing model match
 * the hardware. */
const ob_flash_geom ob_geom_mps2_an386 = {
    .name = "mps2-an386-psram",
    .base = 0x21000000u,
    .runs = stm32f4_bank,
    .nruns = NRUNS(stm32f4_bank),
    .prog_align = 4,
    .prog_word_us = 16,
};

const ob_flash_geom ob_geom_mps2_an500 = {
    .name = "mps2-an500-psram",
    .base = 0x60000000u,
    .runs = stm32f74x_runs,
    .nruns = NRUNS(stm32f74x_runs),
    .prog_align = 4,
    .prog_word_us = 16,
};
