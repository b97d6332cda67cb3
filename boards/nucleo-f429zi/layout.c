/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: Nucleo-F429ZI (STM32F429ZI, 2 MB dual bank) flash layouts.
 * Sector map: chips/geometry.c (bank 2 = sectors 12-23 from 0x08100000). RAM
 * (RM0090 memory map): SRAM1 112K + SRAM2 16K + SRAM3 64K contiguous from
 * 0x20000000 (192K), and the 64K CCM data RAM at 0x10000000. */
#include "chips/geometry.h"
#include "layouts.h"

/* bl1 sectors 0-1 (32K: bl1 is ~16K without and ~30K with signature checking,
 * measured by make size), journal sectors 2 and 3, rescue sector 4 (64K). */
#define F429_COMMON                                                               \
    .board = "nucleo-f429zi", .mcu = "STM32F429ZI", .geom = &ob_geom_stm32f42x_2m, \
    .ram = { { 0x20000000u, OB_KIB(192) }, { 0x10000000u, OB_KIB(64) } }, .nram = 2, \
    .bl1 = { 0x08000000u, OB_KIB(32) },                                           \
    .journal = { { 0x08008000u, OB_KIB(16) }, { 0x0800C000u, OB_KIB(16) } },      \
    .rescue = { 0x08010000u, OB_KIB(64) }

/* slot: app = bank 1 sectors 5-11 + bank 2 sectors 12-17 (896K + 256K = 1152K);
 * the slot is bank 2's 128K sectors 18-23 (768K), so receiving an update
 * programs only bank 2 while code in bank 1 keeps running (read-while-write). */
const ob_layout ob_layout_nucleo_f429zi_slot = {
    F429_COMMON,
    .profile = OB_PROFILE_SLOT,
    .app = { 0x08020000u, OB_KIB(1152) },
    .slot = { 0x08140000u, OB_KIB(768) },
    .slot_ratio_pct = 66,
};

/* direct: app sectors 5-23 across both banks (1920K). */
const ob_layout ob_layout_nucleo_f429zi_direct = {
    F429_COMMON,
    .profile = OB_PROFILE_DIRECT,
    .app = { 0x08020000u, OB_KIB(1920) },
};

/* rollback: app = bank 1 sectors 5-11 (896K); the two update slots fill bank 2:
 * slot = sectors 12-19 (4 x 16K + 64K + 3 x 128K = 512K), slot2 = sectors
 * 20-23 (512K). Receiving programs only bank 2 while the application runs
 * from bank 1 (read-while-write), and bl1's rollback reads one slot of bank 2
 * while it writes bank 1. Both slots are sized for 57%: the app then equals
 * MCUboot swap-move's primary on these 1920K ((1920K - 128K) / 2 = 896K);
 * code that compresses like the libc measured in docs/LAYOUTS.md (63%)
 * fills at most about 807K of the app before pack refuses it. */
const ob_layout ob_layout_nucleo_f429zi_rollback = {
    F429_COMMON,
    .profile = OB_PROFILE_ROLLBACK,
    .app = { 0x08020000u, OB_KIB(896) },
    .slot = { 0x08100000u, OB_KIB(512) },
    .slot2 = { 0x08180000u, OB_KIB(512) },
    .slot_ratio_pct = 57,
};
