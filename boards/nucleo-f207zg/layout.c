/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: Nucleo-F207ZG (STM32F207ZG, 1 MB single bank) flash layouts.
 * Sector map: chips/geometry.c. RAM: SRAM1 112K + SRAM2 16K are contiguous from
 * 0x20000000 (RM0033 memory map). docs/LAYOUTS.md explains the choices. */
#include "chips/geometry.h"
#include "layouts.h"

/* bl1 sectors 0-1 (32K: bl1 is ~16K without and ~30K with signature checking,
 * measured by make size), journal sectors 2 and 3, rescue sector 4 (64K). */
#define F207_COMMON                                                           \
    .board = "nucleo-f207zg", .mcu = "STM32F207ZG", .geom = &ob_geom_stm32f2_1m, \
    .ram = { { 0x20000000u, OB_KIB(128) } }, .nram = 1,                       \
    .bl1 = { 0x08000000u, OB_KIB(32) },                                       \
    .journal = { { 0x08008000u, OB_KIB(16) }, { 0x0800C000u, OB_KIB(16) } },  \
    .rescue = { 0x08010000u, OB_KIB(64) }

/* slot: app sectors 5-8 (512K), compressed update slot sectors 9-11 (384K). */
const ob_layout ob_layout_nucleo_f207zg_slot = {
    F207_COMMON,
    .profile = OB_PROFILE_SLOT,
    .app = { 0x08020000u, OB_KIB(512) },
    .slot = { 0x080A0000u, OB_KIB(384) },
    .slot_ratio_pct = 75,
};

/* direct: app sectors 5-11 (896K); updates go through rescue. */
const ob_layout ob_layout_nucleo_f207zg_direct = {
    F207_COMMON,
    .profile = OB_PROFILE_DIRECT,
    .app = { 0x08020000u, OB_KIB(896) },
};

/* rollback: app sectors 5-7 (384K), update slots sectors 8-9 and 10-11
 * (256K each, sized for 66%: Thumb-2 code compresses to 57-64%,
 * docs/LAYOUTS.md). With 128K sectors this is the split that keeps both slots
 * above 60%; the app equals MCUboot swap-move's primary on these 896K
 * ((896K - 128K) / 2 = 384K). */
const ob_layout ob_layout_nucleo_f207zg_rollback = {
    F207_COMMON,
    .profile = OB_PROFILE_ROLLBACK,
    .app = { 0x08020000u, OB_KIB(384) },
    .slot = { 0x08080000u, OB_KIB(256) },
    .slot2 = { 0x080C0000u, OB_KIB(256) },
    .slot_ratio_pct = 66,
};
