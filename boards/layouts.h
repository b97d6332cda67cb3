/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: every board layout compiled into the host library. A firmware
 * links only its own board's layout.c and names its layout directly. */
#ifndef OB_LAYOUTS_H
#define OB_LAYOUTS_H

#include "layout.h"

#define OB_KIB(n) ((uint32_t)(n) * 1024u)

extern const ob_layout ob_layout_nucleo_f207zg_slot;
extern const ob_layout ob_layout_nucleo_f207zg_direct;
extern const ob_layout ob_layout_nucleo_f207zg_rollback;
extern const ob_layout ob_layout_olimex_e407_slot;
extern const ob_layout ob_layout_olimex_e407_direct;
extern const ob_layout ob_layout_olimex_e407_rollback;
extern const ob_layout ob_layout_nucleo_f429zi_slot;
extern const ob_layout ob_layout_nucleo_f429zi_direct;
extern const ob_layout ob_layout_nucleo_f429zi_rollback;
extern const ob_layout ob_layout_nucleo_f746zg_slot;
extern const ob_layout ob_layout_nucleo_f746zg_direct;
extern const ob_layout ob_layout_nucleo_f746zg_rollback;
extern const ob_layout ob_layout_qemu_mps2_an386_slot;
extern const ob_layout ob_layout_qemu_mps2_an386_direct;
extern const ob_layout ob_layout_qemu_mps2_an386_rollback;
extern const ob_layout ob_layout_qemu_mps2_an500_slot;
extern const ob_layout ob_layout_qemu_mps2_an500_direct;
extern const ob_layout ob_layout_qemu_mps2_an500_rollback;

#endif
