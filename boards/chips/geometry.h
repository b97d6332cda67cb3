/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: flash geometries of the supported chips (data in chips/geometry.c),
 * the one copy of each sector map. A board's layout points at one of these;
 * several boards share one chip, and the STM32 port's family records
 * (port/stm32/stm32_family.c) point at the same objects. */
#ifndef OB_CHIPS_GEOMETRY_H
#define OB_CHIPS_GEOMETRY_H

#include "flash.h"

extern const ob_flash_geom ob_geom_stm32f2_1m;   /* STM32F205/F207 xG, 1 MB (RM0033) */
extern const ob_flash_geom ob_geom_stm32f40x_1m; /* STM32F405/F407 xG, 1 MB (RM0090) */
extern const ob_flash_geom ob_geom_stm32f42x_2m; /* STM32F427/F429 xI, 2 MB dual bank (RM0090) */
extern const ob_flash_geom ob_geom_stm32f74x_1m; /* STM32F745/F746 xG, 1 MB (RM0385) */
extern const ob_flash_geom ob_geom_mps2_an386;   /* QEMU mps2-an386: F4 map in file-backed PSRAM */
extern const ob_flash_geom ob_geom_mps2_an500;   /* QEMU mps2-an500: F7 map in file-backed PSRAM */

#endif
