/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: Olimex STM32-E407 (STM32F407ZG, 1 MB single bank) flash layouts.
 * Sector map: chips/geometry.c. RAM (RM0090 memory map): SRAM1 112K + SRAM2 16K
 * contiguous from 0x20000000, and the 64K CCM data RAM at 0x10000000, where a
 * stack may live (the CPU reaches it; only DMA does not). */
#include "chips/geometry.h"
#include "layouts.h"

/* bl1 sectors 0-1 (32K: bl1 is ~16K without and ~30K with signature checking,
 * measured by make size), journal sectors 2 and 3, rescue sector 4 (64K). */
#define E407_COMMON                                                               \
    .board = "olimex-e407", .mcu = "STM32F407ZG", .geom = &ob_geom_stm32f40x_1m,  \
    .ram = { { 0x20000000u, OB_KIB(128) }, { 0x10000000u, OB_KIB(64) } }, .nram = 2, \
    .bl1 = { 0x08000000u, OB_KIB(32) },                                           \
    .journal = { { 0x08008000u, OB_KIB(16) }, { 0x0800C000u, OB_KIB(16) } },      \
    .rescue = { 0x08010000u, OB_KIB(64) }

/* slot: app sectors 5-8 (512K), compressed update slot sectors 9-11 (384K). */
const ob_layout ob_layout_olimex_e407_slot = {
    E407_COMMON,
    .profile = OB_PROFILE_SLOT,
    .app = { 0x08020000u, OB_KIB(512) },
    .slot = { 0x080A0000u, OB_KIB(384) },
    .slot_ratio_pct = 75,
};

/* direct: app sectors 5-11 (896K); updates go through rescue. */
const ob_layout ob_layout_olimex_e407_direct = {
    E407_COMMON,
    .profile = OB_PROFILE_DIRECT,
    .app = { 0x08020000u, OB_KIB(896) },
};

/* rollback: app sectors 5-7 (384K), update slots sectors 8-9 and 10-11
 * (256K each, sized for 66%: Thumb-2 code compresses to 57-64%,
 * docs/LAYOUTS.md). With 128K sectors this is the split that keeps both slots
 * above 60%; the app equals MCUboot swap-move's primary on these 896K
 * ((896K - 128K) / 2 = 384K). */
const ob_layout ob_layout_olimex_e407_rollback = {
    E407_COMMON,
    .profile = OB_PROFILE_ROLLBACK,
    .app = { 0x08020000u, OB_KIB(384) },
    .slot = { 0x08080000u, OB_KIB(256) },
    .slot2 = { 0x080C0000u, OB_KIB(256) },
    .slot_ratio_pct = 66,
};
