/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: Nucleo-F746ZG (STM32F746ZG, 1 MB single bank) flash layouts.
 * Sector map: chips/geometry.c (4 x 32K, 1 x 128K, 3 x 256K). RAM (RM0385 memory
 * map): DTCM 64K + SRAM1 240K + SRAM2 16K contiguous from 0x20000000 (320K).
 * The 16K ITCM RAM at 0x00000000 is left out: no stack belongs there, and an
 * SP that small is more likely a non-firmware file. */
#include "chips/geometry.h"
#include "layouts.h"

/* bl1 sector 0 (32K), journal sectors 1 and 2 (32K each), rescue sectors 3-4
 * (32K + 128K = 160K). */
#define F746_COMMON                                                               \
    .board = "nucleo-f746zg", .mcu = "STM32F746ZG", .geom = &ob_geom_stm32f74x_1m, \
    .ram = { { 0x20000000u, OB_KIB(320) } }, .nram = 1,                           \
    .bl1 = { 0x08000000u, OB_KIB(32) },                                           \
    .journal = { { 0x08008000u, OB_KIB(32) }, { 0x08010000u, OB_KIB(32) } },      \
    .rescue = { 0x08018000u, OB_KIB(160) }

/* slot: app sectors 5-6 (512K), slot sector 7 (256K): with 256K sectors the
 * only split that keeps half the flash for the app. */
const ob_layout ob_layout_nucleo_f746zg_slot = {
    F746_COMMON,
    .profile = OB_PROFILE_SLOT,
    .app = { 0x08040000u, OB_KIB(512) },
    .slot = { 0x080C0000u, OB_KIB(256) },
    .slot_ratio_pct = 50,
};

/* direct: app sectors 5-7 (768K). */
const ob_layout ob_layout_nucleo_f746zg_direct = {
    F746_COMMON,
    .profile = OB_PROFILE_DIRECT,
    .app = { 0x08040000u, OB_KIB(768) },
};

/* rollback: app sector 5, update slots sectors 6 and 7 (256K each): three
 * 256K sectors remain after rescue, one per region. The slots are as large as
 * the app, so no compression is assumed (100%): any image whose gzip file and
 * 256-byte slot header fit 256K goes in. The app equals MCUboot swap-move's
 * primary on these 768K ((768K - 256K) / 2 = 256K). */
const ob_layout ob_layout_nucleo_f746zg_rollback = {
    F746_COMMON,
    .profile = OB_PROFILE_ROLLBACK,
    .app = { 0x08040000u, OB_KIB(256) },
    .slot = { 0x08080000u, OB_KIB(256) },
    .slot2 = { 0x080C0000u, OB_KIB(256) },
    .slot_ratio_pct = 100,
};
