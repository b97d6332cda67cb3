/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the registry of every layout, for the host tool, the virtual board
 * and the build-time checker. Firmware does not link this file. */
#include <string.h>

#include "layouts.h"

/* The slot and direct layouts alternate, the rollback layouts follow: an
 * index into this table (fuzz corpus parameters, the power-cut harness's
 * jobs) keeps its layout when a profile is added at the end. */
const ob_layout *const ob_all_layouts[] = {
    &ob_layout_nucleo_f207zg_slot,       &ob_layout_nucleo_f207zg_direct,
    &ob_layout_olimex_e407_slot,         &ob_layout_olimex_e407_direct,
    &ob_layout_nucleo_f429zi_slot,       &ob_layout_nucleo_f429zi_direct,
    &ob_layout_nucleo_f746zg_slot,       &ob_layout_nucleo_f746zg_direct,
    &ob_layout_qemu_mps2_an386_slot,     &ob_layout_qemu_mps2_an386_direct,
    &ob_layout_qemu_mps2_an500_slot,     &ob_layout_qemu_mps2_an500_direct,
    &ob_layout_nucleo_f207zg_rollback,   &ob_layout_olimex_e407_rollback,
    &ob_layout_nucleo_f429zi_rollback,   &ob_layout_nucleo_f746zg_rollback,
    &ob_layout_qemu_mps2_an386_rollback, &ob_layout_qemu_mps2_an500_rollback,
    NULL,
};

/* Lives here rather than in core/layout.c so that a firmware linking the core
 * has no reference to the registry. */
const ob_layout *ob_layout_find(const char *board, ob_profile profile)
{
    if (board == NULL)
        return NULL;
    for (const ob_layout *const *l = ob_all_layouts; *l != NULL; l++)
        if ((*l)->profile == profile && strcmp((*l)->board, board) == 0)
            return *l;
    return NULL;
}
