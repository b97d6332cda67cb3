/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: QEMU mps2-an386 (Cortex-M4) flash layouts.
 * The "flash" is the first megabyte of the file-backed 16 MB PSRAM at
 * 0x21000000 with the STM32F4 1 MB sector map (chips/geometry.c), so these
 * layouts are the F4 ones moved to 0x21000000. bl1 itself runs from ZBT
 * SSRAM1 at 0x00000000 (loaded with -kernel, restored on every reset); its
 * region here stays reserved so the map matches the F4 boards.
 * RAM for the stack check: ZBT SSRAM2&3, 4 MiB at 0x20000000 (QEMU
 * hw/arm/mps2.c); SSRAM1 belongs to bl1 and PSRAM to the flash. */
#include "chips/geometry.h"
#include "layouts.h"

#define AN386_COMMON                                                              \
    .board = "qemu-mps2-an386", .mcu = "MPS2-AN386", .geom = &ob_geom_mps2_an386, \
    .ram = { { 0x20000000u, OB_KIB(4096) } }, .nram = 1,                          \
    .bl1 = { 0x21000000u, OB_KIB(16) },                                           \
    .journal = { { 0x21004000u, OB_KIB(16) }, { 0x21008000u, OB_KIB(16) } },      \
    .rescue = { 0x2100C000u, OB_KIB(80) }

const ob_layout ob_layout_qemu_mps2_an386_slot = {
    AN386_COMMON,
    .profile = OB_PROFILE_SLOT,
    .app = { 0x21020000u, OB_KIB(512) },
    .slot = { 0x210A0000u, OB_KIB(384) },
    .slot_ratio_pct = 75,
};

const ob_layout ob_layout_qemu_mps2_an386_direct = {
    AN386_COMMON,
    .profile = OB_PROFILE_DIRECT,
    .app = { 0x21020000u, OB_KIB(896) },
};

/* rollback: app sectors 5-7 (384K), update slots sectors 8-9 and 10-11
 * (256K each, sized for 66%: Thumb-2 code compresses to 57-64%,
 * docs/LAYOUTS.md). With 128K sectors this is the split that keeps both slots
 * above 60%; the app equals MCUboot swap-move's primary on these 896K
 * ((896K - 128K) / 2 = 384K). */
const ob_layout ob_layout_qemu_mps2_an386_rollback = {
    AN386_COMMON,
    .profile = OB_PROFILE_ROLLBACK,
    .app = { 0x21020000u, OB_KIB(384) },
    .slot = { 0x21080000u, OB_KIB(256) },
    .slot2 = { 0x210C0000u, OB_KIB(256) },
    .slot_ratio_pct = 66,
};
