/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: QEMU mps2-an500 (Cortex-M7) flash layouts.
 * The "flash" is the first megabyte of the file-backed 16 MB PSRAM at
 * 0x60000000 with the STM32F74x sector map (chips/geometry.c), so these layouts
 * are the Nucleo-F746ZG ones moved to 0x60000000. bl1 runs from ZBT SSRAM1 at
 * 0x00000000; its region here stays reserved so the map matches the F746.
 * RAM for the stack check: ZBT SSRAM2&3, 4 MiB at 0x20000000 (QEMU
 * hw/arm/mps2.c). */
#include "chips/geometry.h"
#include "layouts.h"

#define AN500_COMMON                                                              \
    .board = "qemu-mps2-an500", .mcu = "MPS2-AN500", .geom = &ob_geom_mps2_an500, \
    .ram = { { 0x20000000u, OB_KIB(4096) } }, .nram = 1,                          \
    .bl1 = { 0x60000000u, OB_KIB(32) },                                           \
    .journal = { { 0x60008000u, OB_KIB(32) }, { 0x60010000u, OB_KIB(32) } },      \
    .rescue = { 0x60018000u, OB_KIB(160) }

const ob_layout ob_layout_qemu_mps2_an500_slot = {
    AN500_COMMON,
    .profile = OB_PROFILE_SLOT,
    .app = { 0x60040000u, OB_KIB(512) },
    .slot = { 0x600C0000u, OB_KIB(256) },
    .slot_ratio_pct = 50,
};

const ob_layout ob_layout_qemu_mps2_an500_direct = {
    AN500_COMMON,
    .profile = OB_PROFILE_DIRECT,
    .app = { 0x60040000u, OB_KIB(768) },
};

/* rollback: app sector 5, update slots sectors 6 and 7 (256K each): three
 * 256K sectors remain after rescue, one per region. The slots are as large as
 * the app, so no compression is assumed (100%): any image whose gzip file and
 * 256-byte slot header fit 256K goes in. The app equals MCUboot swap-move's
 * primary on these 768K ((768K - 256K) / 2 = 256K). */
const ob_layout ob_layout_qemu_mps2_an500_rollback = {
    AN500_COMMON,
    .profile = OB_PROFILE_ROLLBACK,
    .app = { 0x60040000u, OB_KIB(256) },
    .slot = { 0x60080000u, OB_KIB(256) },
    .slot2 = { 0x600C0000u, OB_KIB(256) },
    .slot_ratio_pct = 100,
};
